#!/usr/bin/env bash
# Installs what is missing, builds Barkeep and runs its main job: the
# window, on the bundled sample.  Without a display it prints the seed's
# memory-savings experiment instead, as a table of the four memory modes
# (`bash build-aux/run.sh experiment` always does).
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
[ -d build ] || meson setup build --buildtype=release >/dev/null
meson compile -C build >/dev/null
export GSETTINGS_SCHEMA_DIR=$PWD/build/data BARKEEP_DATADIR=$PWD/build/data BARKEEP_LOCALEDIR=$PWD/build/po

if [ "${1:-}" = experiment ]; then
  shift
  exec build/src/cli/barkeep-cli experiment "$@"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: here is the memory-savings experiment instead of the window." >&2
  exec build/src/cli/barkeep-cli experiment "$@"
fi
exec build/src/app/barkeep "$@"
