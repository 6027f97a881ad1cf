#!/usr/bin/env python3
"""glib-tap-runner.py — runs a GLib test program so that every one of its
subtests is run and counted, even when one of them aborts the program.

A failed g_assert aborts the whole program: the subtests after it never
run, and its TAP stops short of its plan.  This runner lists the program's
subtests (PROGRAM -l), runs it with --tap, and when it dies, counts the
subtest it died in as failed and runs the program again on the subtests
still to run (-p PATH for each), until every listed subtest has a result.
It prints one TAP stream: the plan first (the listed subtests), then each
subtest's line in the listed order, renumbered.  A program that exits
non-zero after its last subtest passed (a sanitizer's report at exit, a
crash in its teardown) ends the stream with "Bail out!".

Usage: glib-tap-runner.py PROGRAM [ARGUMENT...]   (--tap is added)
"""
import re
import subprocess
import sys

RESULT = re.compile(r"^(ok|not ok) \d+ (\S+)(.*)$")


def list_subtests(command):
    p = subprocess.run(command + ["-l"], stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    paths = [line.strip() for line in p.stdout.splitlines() if line.startswith("/")]
    # The list counts even when listing exited non-zero (a leak checker
    # at exit): the runs themselves answer for that.
    return (paths or None), p.returncode


def run_once(command, paths, first_run, emit):
    """Runs the program on `paths` (all of them on the first run); calls
    emit(path, ok, rest) for each result line and passes comments on.
    Returns the program's exit status."""
    # --keep-going: a subtest that fails without aborting (g_test_fail)
    # does not end the program either.
    args = command + ["--tap", "--keep-going"]
    if not first_run:
        for path in paths:
            args += ["-p", path]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=sys.stderr, text=True, errors="replace")
    for line in p.stdout:
        line = line.rstrip("\n")
        m = RESULT.match(line)
        if m is not None:
            emit(m.group(2), m.group(1) == "ok", m.group(3))
        elif line.startswith("Bail out!"):
            # The abort's message: kept, as a comment, for the log.
            print("# " + line, flush=True)
        elif re.match(r"^\d+\.\.\d+", line):
            pass                # the plan is ours
        else:
            print(line if line.startswith("#") or line == "" else "# " + line, flush=True)
    return p.wait()


def describe(status):
    if status < 0:
        return "killed by signal %d" % -status
    return "exit status %d" % status


def main():
    command = [a for a in sys.argv[1:] if a not in ("--tap", "--keep-going", "-k")]
    if not command:
        print("usage: glib-tap-runner.py PROGRAM [ARGUMENT...]", file=sys.stderr)
        return 2
    paths, status = list_subtests(command)
    if paths is None:
        print("1..1")
        print("not ok 1 %s -l (%s, no subtests listed)" % (command[0], describe(status)))
        return 1
    print("1..%d" % len(paths), flush=True)

    results = {}
    numbered = {p: i + 1 for i, p in enumerate(paths)}
    failed = False

    def emit(path, ok, rest):
        nonlocal failed
        if path not in numbered or path in results:
            print("# unexpected result line for %s%s" % (path, rest), flush=True)
            return
        results[path] = ok
        failed = failed or not ok
        print("%s %d %s%s" % ("ok" if ok else "not ok", numbered[path], path, rest), flush=True)

    first = True
    last_status = 0
    while True:
        remaining = [p for p in paths if p not in results]
        if not remaining:
            break
        status = run_once(command, remaining, first, emit)
        first = False
        last_status = status
        still = [p for p in paths if p not in results]
        if not still:
            break
        if status == 0 and len(still) == len(remaining):
            # It exited cleanly and ran none of them: it never will.
            for path in still:
                emit(path, False, " # did not run (the program exited 0 without running it)")
            break
        # It died in the first subtest it left without a result (or just
        # before it, in the teardown of the one before).
        emit(still[0], False, " # the program died in it (%s); the rest run again" % describe(status))
        failed = True
    if last_status != 0 and not failed:
        print("Bail out! %s exited with %s after its last subtest" % (command[0], describe(last_status)),
              flush=True)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
