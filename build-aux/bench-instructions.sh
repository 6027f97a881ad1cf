#!/bin/sh
# bench-instructions.sh — the instruction counts of docs/benchmarks.md:
# five commands under cachegrind, whose counts the machine's load does not
# change.  Use a release build (meson setup B --buildtype=release).
#
# usage: build-aux/bench-instructions.sh BUILD-DIR [WORK-DIR]
# WORK-DIR (default /tmp/bk-bench) keeps the generated inputs between runs.
set -eu
cli=$1/src/cli/barkeep-cli
work=${2:-/tmp/bk-bench}
data=$(dirname "$0")/../tests/data/datas/yhoo-1996-2015.txt
mkdir -p "$work"
[ -f "$work/minute.csv" ] || "$cli" gen sample --interval minute --bars 1000000 --output "$work/minute.csv"
[ -d "$work/universe" ] || "$cli" gen universe --symbols 60 --bars 1000 --output "$work/universe" >/dev/null

count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$cli" "$@" 2>&1 >/dev/null \
    | sed -n 's/.*I *refs: *//p'
}
echo "bench stream --bars 200000 --save 1: $(count bench stream --bars 200000 --save 1)"
echo "bench csv (1,000,000 minute rows): $(count bench csv "$work/minute.csv")"
echo "bench universe (60 x 1,000, --jobs 1): $(count bench universe "$work/universe" --jobs 1)"
echo "experiment: $(count experiment --data "$data")"
echo "run --mode 0: $(count run --data "$data" --mode 0)"
