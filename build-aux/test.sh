#!/usr/bin/env bash
# Runs the whole test suite: an optimised build (the window's tests under
# Xvfb and a private D-Bus session), then the engine and CLI tests again
# under AddressSanitizer and UndefinedBehaviorSanitizer.
# Prints "N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh || exit 1

status=0
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
  xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- \
    meson test -C build-tests --print-errorlogs --num-processes 2 || status=1
fi

setup build-sanitize --buildtype=debug -Db_sanitize=address,undefined -Dapp=false || status=1
if [ -d build-sanitize ]; then
  meson test -C build-sanitize --print-errorlogs --num-processes 2 --suite engine --suite cli || status=1
fi

python3 build-aux/count-tests.py build-tests/meson-logs/testlog.json build-sanitize/meson-logs/testlog.json
count_status=$?
[ $status -eq 0 ] && [ $count_status -eq 0 ]
