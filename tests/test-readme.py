#!/usr/bin/env python3
"""test-readme.py — every barkeep-cli command of README.md's ```sh blocks,
run as a reader would run it, must succeed: the README's examples cannot
drift from the program again.

A command is a line (with its `\\` continuations) that names barkeep-cli,
either as `meson devenv -C build -w . barkeep-cli ...` or, as typed in a
`meson devenv` shell or after an install, plain `barkeep-cli ...` (also
after `parallel` and the like).  Each runs under bash, with barkeep-cli on
the PATH ($BARKEEP_CLI, the build's), in a scratch directory that holds a
copy of every repository file the command names (so that relative paths
resolve as from the repository's root and nothing in the tree changes);
paths under /tmp/ go to a scratch directory too.  Its exit status must be
0, or what a trailing comment says:

    barkeep-cli check broken.ini   # readme-test: exit 1
    parallel barkeep-cli ...       # readme-test: needs parallel   (skipped without it)

`meson devenv` written any other way (without `-w .` it runs in build/,
where the README's relative paths do not exist) is a failure, as is a
repository path an example names that does not exist.  An ```ini block
introduced by a line that names a repository file (`data/examples/x.ini`:)
must be that file, comments and blank lines aside.  TAP on standard
output: the plan, then one line per command.

Usage: test-readme.py [README]   (default: $BARKEEP_SOURCE_DIR/README.md)
"""
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

DEVENV = "meson devenv -C build -w . "
MARKER = re.compile(r"#\s*readme-test:\s*(.*?)\s*$")
TMP_PATH = re.compile(r"(?<![\w./-])/tmp/")
CLI_WORD = re.compile(r"(?<![\w/.-])barkeep-cli(?![\w-])")
# Top folders of the repository whose files examples may name.
REPO_DIRS = ("data/", "tests/", "docs/", "build-aux/", "po/", "flatpak/")
TIMEOUT = 240

source_dir = os.environ.get("BARKEEP_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
readme = sys.argv[1] if len(sys.argv) > 1 else os.path.join(source_dir, "README.md")
cli = os.environ.get("BARKEEP_CLI")


def sh_blocks(text):
    """The logical lines of every ```sh block: continuations joined."""
    lines, block, pending = [], None, ""
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if block is None:
            if stripped.startswith("```"):
                block = stripped[3:].strip()
            continue
        if stripped.startswith("```"):
            block = None
            continue
        if block not in ("sh", "bash", "shell"):
            continue
        if pending:
            pending_text, start = pending
        else:
            pending_text, start = "", number
        if raw.rstrip().endswith("\\"):
            pending = (pending_text + raw.rstrip()[:-1].strip() + " ", start)
            continue
        pending = ""
        lines.append((start, pending_text + stripped))
    return lines


def split_marker(line):
    """The command without its trailing comment, and the marker's words.
    As in the shell, a '#' that starts a word outside quotes starts the
    comment."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1].isspace()):
            comment = line[i:]
            m = MARKER.match(comment)
            return line[:i].rstrip(), (m.group(1).split() if m else [])
    return line, []


def ini_blocks(text):
    """(line, path, block) of each ```ini block introduced by a paragraph
    that ends with a colon and names a repository file, `data/x.ini`."""
    found, lines = [], text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() != "```ini":
            continue
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        paragraph = []
        while j >= 0 and lines[j].strip():
            paragraph.insert(0, lines[j].strip())
            j -= 1
        paragraph = " ".join(paragraph)
        m = re.search(r"`((?:%s)[^`]*\.ini)`" % "|".join(REPO_DIRS), paragraph)
        if not m or not paragraph.endswith(":"):
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), len(lines))
        found.append((i + 1, m.group(1), lines[i + 1:end]))
    return found


def without_comments(lines):
    """A strategy file's lines as they count: no comments, no blank lines."""
    return [l.strip() for l in lines if l.strip() and not l.lstrip().startswith(("#", ";"))]


def repo_paths(command):
    """Repository paths the command names, as written (globs included)."""
    try:
        words = shlex.split(command)
    except ValueError:
        return []
    paths = []
    for word in words:
        word = word.split("=", 1)[1] if word.startswith("--") and "=" in word else word
        if word.startswith(REPO_DIRS):
            paths.append(word)
    return paths


def copy_named(paths, work):
    """Copies what the paths name into work; returns those that name nothing."""
    missing = []
    for path in paths:
        matches = glob.glob(os.path.join(source_dir, path))
        if not matches:
            missing.append(path)
        for match in matches:
            rel = os.path.relpath(match, source_dir)
            dest = os.path.join(work, rel)
            if os.path.exists(dest):
                continue
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if os.path.isdir(match):
                shutil.copytree(match, dest)
            else:
                shutil.copy2(match, dest)
    return missing


def main():
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    lines = sh_blocks(text)

    results = []            # (ok, description, detail, skip reason)
    named_everywhere = []
    commands = []
    for number, line in lines:
        command, marker = split_marker(line)
        named_everywhere += [(number, p) for p in repo_paths(command)]
        if not CLI_WORD.search(command):
            continue
        commands.append((number, command, marker))

    if not commands:
        print("1..1")
        print("not ok 1 - %s has no barkeep-cli command in a ```sh block" % readme)
        return 1
    if not cli:
        print("1..0 # SKIP BARKEEP_CLI is not set (run through meson test)")
        return 0

    scratch = tempfile.mkdtemp(prefix="barkeep-readme-")
    try:
        work = os.path.join(scratch, "work")
        tmp = os.path.join(scratch, "tmp")
        bindir = os.path.join(scratch, "bin")
        for d in (work, tmp, bindir):
            os.makedirs(d)
        os.symlink(os.path.abspath(cli), os.path.join(bindir, "barkeep-cli"))
        env = dict(os.environ)
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")

        for number, command, marker in commands:
            # '#' would start a TAP directive.
            title = "line %d: %s" % (number, command.replace("#", "\\#"))
            expected = 0
            skip = None
            if "exit" in marker:
                expected = int(marker[marker.index("exit") + 1])
                title += " (exit %d expected)" % expected
            if "needs" in marker:
                program = marker[marker.index("needs") + 1]
                if shutil.which(program) is None:
                    skip = "needs %s" % program
            if "meson devenv" in command and DEVENV + "barkeep-cli" not in command:
                results.append((False, title, "write `%sbarkeep-cli ...`: without -w . meson devenv runs the "
                                "command in build/, where relative paths do not exist" % DEVENV, None))
                continue
            missing = copy_named(repo_paths(command), work)
            if missing:
                results.append((False, title, "names what the repository does not have: " + ", ".join(missing), None))
                continue
            if skip:
                results.append((True, title, "", skip))
                continue
            runnable = TMP_PATH.sub(tmp + "/", command.replace(DEVENV, ""))
            try:
                p = subprocess.run(["bash", "-o", "pipefail", "-c", runnable], cwd=work, env=env,
                                   stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT)
                ok = p.returncode == expected
                detail = "exit status %d, expected %d\n%s" % (p.returncode, expected, (p.stdout + p.stderr)[-3000:])
            except subprocess.TimeoutExpired:
                ok, detail = False, "still running after %d s" % TIMEOUT
            results.append((ok, title, detail, None))

        # A strategy shown as a file's is that file, comments aside.
        for number, path, block in ini_blocks(text):
            title = "line %d: the ini block is %s" % (number, path)
            try:
                with open(os.path.join(source_dir, path), encoding="utf-8") as f:
                    shown = without_comments(f.read().splitlines())
            except OSError as e:
                results.append((False, title, str(e), None))
                continue
            differ = [(a, b) for a, b in zip(without_comments(block), shown) if a != b]
            same = not differ and len(without_comments(block)) == len(shown)
            results.append((same, title, "first difference: %r in the README, %r in the file" % differ[0]
                            if differ else "the README shows %d lines, the file has %d" % (
                                len(without_comments(block)), len(shown)), None))

        # Paths named by examples that are not barkeep-cli commands (the
        # window's, a job array's) must exist too.
        missing = [(n, p) for n, p in named_everywhere if not glob.glob(os.path.join(source_dir, p))]
        results.append((not missing, "every repository path the examples name exists",
                        "; ".join("line %d: %s" % m for m in missing), None))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print("1..%d" % len(results))
    failed = 0
    for i, (ok, title, detail, skip) in enumerate(results, 1):
        if skip:
            print("ok %d - %s # SKIP %s" % (i, title, skip))
            continue
        print("%s %d - %s" % ("ok" if ok else "not ok", i, title))
        if not ok:
            failed += 1
            for detail_line in detail.splitlines():
                print("# " + detail_line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
