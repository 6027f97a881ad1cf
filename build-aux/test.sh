#!/usr/bin/env bash
# Runs the whole test suite: an optimised build (the window's tests under
# Xvfb and a private D-Bus session), the engine tests in the release build
# that bench.sh measures, then the engine and CLI tests again
# under AddressSanitizer and UndefinedBehaviorSanitizer, and under
# ThreadSanitizer; last, a clang build runs each fuzz target of tests/fuzz/
# for a fixed number of executions (a smoke run; HACKING.md, "Fuzzing").
# Prints "N passed, N failed (K did not run, S skipped)" last, where the
# failed include every case that was skipped or did not run (a skip means
# something the suite needs is missing); exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh || exit 1

status=0
# The logs count what ran now: a build that fails leaves no old log behind
# to be counted in its place (count-tests.py counts a missing log as failed).
rm -f build-tests/meson-logs/testlog.json build-sanitize/meson-logs/testlog.json \
  build-tsan/meson-logs/testlog.json build-fuzz/meson-logs/testlog.json \
  build-release/meson-logs/testlog.json
setup () {
  local dir=$1; shift
  if [ ! -d "$dir" ]; then
    meson setup "$dir" "$@" >/dev/null || return 1
  fi
  meson compile -C "$dir" >/dev/null || { meson compile -C "$dir"; return 1; }
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0

setup build-tests --buildtype=debugoptimized || status=1
if [ $status -eq 0 ]; then
  # -noreset: Xvfb resets when its last client leaves, and a program that
  # connects during the reset cannot open the display.  Each window test
  # program is the only client while it runs; with both cores busy, 4 of
  # 1,200 back-to-back xdpyinfo runs failed so, none with -noreset.
  xvfb-run -a -s "-screen 0 1400x900x24 -noreset" dbus-run-session -- \
    meson test -C build-tests --print-errorlogs --num-processes 2 || status=1
fi

# The release build that build-aux/bench.sh measures: gcc -O3 warns of
# things -O2 does not see, and warnings are errors.  Its engine suite runs
# too, as the optimiser compiled it.
setup build-release --buildtype=release -Dapp=false || status=1
if [ -d build-release ]; then
  meson test -C build-release --print-errorlogs --num-processes 2 --suite engine || status=1
fi

setup build-sanitize --buildtype=debug -Db_sanitize=address,undefined -Dapp=false || status=1
if [ -d build-sanitize ]; then
  # suite fuzz here: the replay of the fuzz corpora under the sanitizers.
  meson test -C build-sanitize --print-errorlogs --num-processes 2 --suite engine --suite cli --suite fuzz || status=1
fi

# The worker-thread code (runs read by another thread, cancel flags, the
# pipe readers of the tests) under ThreadSanitizer: any report fails the
# test (exit status 66).
setup build-tsan --buildtype=debugoptimized -Db_sanitize=thread -Dapp=false || status=1
if [ -d build-tsan ]; then
  # GSlice hands memory between threads through caches ThreadSanitizer
  # cannot follow: plain malloc instead.
  G_SLICE=always-malloc TSAN_OPTIONS=second_deadlock_stack=1 \
    meson test -C build-tsan --print-errorlogs --num-processes 2 --suite engine --suite cli --suite fuzz || status=1
fi

# The fuzz targets, built by clang with libFuzzer (-Dfuzz=true): the smoke
# runs and the replays of suite fuzz.  Only what that suite needs is built.
if ! command -v clang >/dev/null 2>&1; then
  echo "build-fuzz: clang is not installed (the fuzz targets need clang and its libFuzzer, libclang-rt-14-dev)"
  status=1
else
  if [ ! -d build-fuzz ]; then
    CC=clang meson setup build-fuzz --buildtype=debugoptimized -Dfuzz=true -Dapp=false >/dev/null || status=1
  fi
  fuzz_targets=(fuzz-csv fuzz-strategy fuzz-stats fuzz-address fuzz-number fuzz-replay-csv fuzz-replay-strategy
                fuzz-replay-stats fuzz-replay-address fuzz-replay-number csv-seeds)
  if meson compile -C build-fuzz "${fuzz_targets[@]}" >/dev/null || { meson compile -C build-fuzz "${fuzz_targets[@]}"; false; }; then
    meson test -C build-fuzz --no-rebuild --print-errorlogs --num-processes 2 --suite fuzz || status=1
  else
    status=1
  fi
fi

python3 build-aux/count-tests.py build-tests/meson-logs/testlog.json build-sanitize/meson-logs/testlog.json \
  build-tsan/meson-logs/testlog.json build-fuzz/meson-logs/testlog.json build-release/meson-logs/testlog.json
count_status=$?
[ $status -eq 0 ] && [ $count_status -eq 0 ]
