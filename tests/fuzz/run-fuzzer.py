#!/usr/bin/env python3
"""Runs a libFuzzer target of a -Dfuzz=true build on its seeds.

usage: run-fuzzer.py FUZZER WORKDIR [--seeds PATH_OR_GLOB...] [--runs N]
                     [--keep-corpus] [-- LIBFUZZER_ARGS...]

The seeds (files, directories, or globs) are copied into WORKDIR/seeds; the
fuzzer adds what it finds to WORKDIR/corpus (emptied first unless
--keep-corpus) and writes crashes, timeouts and OOMs to
WORKDIR/artifacts/ (both emptied first unless --keep-corpus), and its
output to WORKDIR/fuzzer.log as it runs.  Nothing in the source tree is written.  Prints TAP (one
case) with libFuzzer's final statistics, for `meson test`; exits non-zero
when the fuzzer found something, naming the input to move into
tests/fuzz/regressions/<target>/.

The smoke run of `meson test --suite fuzz` is --runs 20000.  Longer runs:
    tests/fuzz/run-fuzzer.py build-fuzz/tests/fuzz/fuzz-strategy /tmp/fuzz-strategy \\
        --seeds 'tests/strategies/*.ini' 'data/strategies/*.ini' --keep-corpus \\
        -- -max_total_time=3600
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    parser = argparse.ArgumentParser()
    parser.add_argument("fuzzer")
    parser.add_argument("workdir")
    parser.add_argument("--seeds", nargs="*", default=[])
    parser.add_argument("--runs", type=int)
    parser.add_argument("--keep-corpus", action="store_true")
    args = parser.parse_args(argv)

    name = os.path.basename(args.fuzzer)
    seeds = os.path.join(args.workdir, "seeds")
    corpus = os.path.join(args.workdir, "corpus")
    artifacts = os.path.join(args.workdir, "artifacts")
    shutil.rmtree(seeds, ignore_errors=True)
    if not args.keep_corpus:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(artifacts, ignore_errors=True)
    for d in (seeds, corpus, artifacts):
        os.makedirs(d, exist_ok=True)
    n_seeds = 0
    for pattern in args.seeds:
        for path in sorted(glob.glob(pattern)) or []:
            files = [os.path.join(path, f) for f in sorted(os.listdir(path))] if os.path.isdir(path) else [path]
            for f in files:
                if os.path.isfile(f):
                    # Flattened: a directory's name becomes part of the seed's.
                    dest = os.path.relpath(f, os.path.dirname(os.path.dirname(f))).replace(os.sep, "_")
                    shutil.copyfile(f, os.path.join(seeds, dest))
                    n_seeds += 1

    command = [args.fuzzer,
               "-artifact_prefix=" + artifacts + os.sep,
               "-timeout=10", "-rss_limit_mb=2048", "-max_len=8192", "-print_final_stats=1"]
    if args.runs is not None:
        command.append(f"-runs={args.runs}")
    command += extra + [corpus, seeds]
    log = os.path.join(args.workdir, "fuzzer.log")
    print("# " + " ".join(command), flush=True)
    print(f"# fuzzer's output: {log}", flush=True)
    with open(log, "w") as f:
        proc = subprocess.run(command, stdout=f, stderr=subprocess.STDOUT)
    with open(log, encoding="utf-8", errors="replace") as f:
        output = f.read()

    stats = dict(re.findall(r"^stat::(\w+):\s+(\d+)", output, re.M))
    cov = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)", output)
    summary = (f"{name}: {stats.get('number_of_executed_units', '?')} executions in "
               f"{stats.get('average_exec_per_sec', '?')}/s, {n_seeds} seeds")
    if cov:
        summary += f", coverage {cov[-1][0]} edges, {cov[-1][1]} features, corpus {cov[-1][2]}"
    found = [os.path.join(artifacts, f) for f in sorted(os.listdir(artifacts))]
    print("1..1")
    if proc.returncode == 0 and not found:
        print(f"ok 1 - {summary}")
        return 0
    # The fuzzer's report, then what to keep.
    sys.stdout.write("".join("# " + line + "\n" for line in output.splitlines()[-80:]))
    for path in found:
        print(f"# found: {path} (copy it into tests/fuzz/regressions/{name.replace('fuzz-', '')}/)")
    print(f"not ok 1 - {summary}: exit status {proc.returncode}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
