#!/usr/bin/env bash
# Barkeep's benchmark: the figures docs/benchmarks.md records, measured on this
# machine.  Builds a release build in build-bench/ first.
#   1. the seed experiment on the 4965-bar sample, each mode as a whole
#      process (hyperfine), target < 10 ms; the start-up: the experiment's
#      whole process less its runs, target <= 2 x /bin/true;
#   2. 10,000,000 generated bars streamed in mode 1, target >= 3 million
#      bars/s with resident memory flat (< 1 MB growth after bar 10,000);
#   3. reading CSV, target >= 2.2 million rows/s, and its GBK twin at no
#      more than twice the time;
#   4. universe runs of 300, 1000 and 3000 generated symbols, target for
#      3000 x 1000 bars in mode 1: <= 2 s and <= 32 MiB for the process;
#   5. a redraw of the chart over 1,000,000 bars, target < 16 ms;
#   6. the window while runs go on its workers (bench-window, under Xvfb
#      with the cairo renderer as the tests): the main loop's longest
#      stall and the most main-thread CPU in one iteration during a
#      2,000,000-bar mode-0 run and a 3000-symbol universe, the frames,
#      the run's bars/s, and the time and bars from Stop to stopped;
#   7. the BMA fit of 20 features (1,048,576 models), test-bma --bench.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
command -v hyperfine >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -qq hyperfine >/dev/null; }
[ -d build-bench ] || meson setup build-bench --buildtype=release >/dev/null
meson compile -C build-bench >/dev/null
cli=build-bench/src/cli/barkeep-cli
export BARKEEP_DATADIR=$PWD/build-bench/data

echo "== 1. seed experiment, whole process, on the bundled sample (4965 bars)"
hyperfine -N --warmup 10 --runs 100 --style basic \
  "$cli run --mode 0" "$cli run --mode 1" "$cli run --mode -1" "$cli run --mode -2" 2>&1 |
  grep -E "^Benchmark|Time \(mean"
echo "-- start-up: the experiment's whole process less its four runs' own time, target <= 2 x /bin/true"
hyperfine -N --warmup 10 --runs 100 --style basic /bin/true "$cli --version" "$cli experiment" 2>&1 |
  grep -E "^Benchmark|Time \(mean"
runs=$(for i in $(seq 21); do "$cli" experiment | awk '/^ +-?[0-9] /{s += $(NF - 1)} END{print s}'; done | sort -g | sed -n 11p)
echo "  the four runs' own time (the run (ms) column), median of 21: $runs ms"

echo
echo "== 2. 10,000,000 generated minute bars in mode 1"
/usr/bin/time -f "whole process: %e s, max resident %M KB" "$cli" bench stream --bars 10000000 --mode 1

echo
echo "== 3. reading CSV"
csv=$(mktemp --suffix=.csv)
gbk=$(mktemp --suffix=.csv)
trap 'rm -f "$csv" "$gbk"' EXIT
"$cli" gen sample --interval minute --bars 2000000 --output "$csv"
# The GBK twin: the same rows under a Chinese header, as 通达信 writes it.
{ echo "日期,开盘,最高,最低,收盘,成交量,持仓量"; tail -n +2 "$csv"; } | iconv -f UTF-8 -t GBK > "$gbk"
for run in 1 2 3; do
  "$cli" bench csv "$csv"
  "$cli" bench csv "$gbk"
done

echo
echo "== 4. universe runs (seed 000): generated universes of 1000 daily bars a symbol"
udir=$(mktemp -d)
trap 'rm -f "$csv" "$gbk"; rm -rf "$udir"' EXIT
for n in 300 1000 3000; do
  "$cli" gen universe --symbols $n --bars 1000 --seed 1 --output "$udir/u$n" >/dev/null
done
for n in 300 1000 3000; do
  /usr/bin/time -f "  whole process: %e s wall, %U s user, max resident %M KB" \
    "$cli" universe "$udir/u$n" --jobs 2 --chunk 30 --mode 1 | grep -E "^(Symbols|Elapsed|Memory):"
done
echo "-- the seed's before and after in Barkeep's terms: mode 0, chunk 30 and chunk 0 (3000 symbols)"
for chunk in 30 0; do
  /usr/bin/time -f "  whole process: %e s wall, max resident %M KB" \
    "$cli" universe "$udir/u3000" --jobs 2 --chunk $chunk --mode 0 | grep -E "^(Elapsed|Memory):"
done
echo "-- bench universe (best of 3, the BMA timed apart)"
"$cli" bench universe "$udir/u3000" --jobs 2

if [ -x build-bench/src/app/bench-chart ]; then
  echo
  echo "== 5. the chart: one frame of 1,000,000 bars at 1600x900 (target < 16 ms)"
  xvfb-run -a build-bench/src/app/bench-chart

  echo
  echo "== 6. the window while runs go: 2,000,000 bars in mode 0, Stop, 3000 symbols"
  GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$PWD/build-bench/data \
    xvfb-run -a -s "-screen 0 1400x900x24" build-bench/src/app/bench-window "$csv" "$udir/u3000"
fi

echo
echo "== 7. the BMA fit, k = 20, three times"
build-bench/tests/test-bma --bench
