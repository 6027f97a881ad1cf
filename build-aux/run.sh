#!/usr/bin/env bash
# Installs what is missing, builds Barkeep and runs its main job: the
# seed's memory-savings experiment on the bundled sample, as a table of
# the four memory modes.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
[ -d build ] || meson setup build --buildtype=release >/dev/null
meson compile -C build >/dev/null
exec build/src/cli/barkeep-cli experiment "$@"
