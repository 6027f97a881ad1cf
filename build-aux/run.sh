#!/usr/bin/env bash
# Installs what is missing, builds Barkeep and runs its main job: the
# window, on the bundled sample.  Without a display it prints the seed's
# memory-savings experiment instead, as a table of the four memory modes
# (`bash build-aux/run.sh experiment` always does).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# Arguments name files where the user stands: a relative path that exists
# from there, or whose folder does (a file to write), is made absolute
# before the build moves to the repository.  "--data=FILE" counts too.
absolute() {
  case "$1" in
    /*|-) printf '%s' "$1" ;;
    *) if [ -e "$1" ] || { [[ "$1" == */* ]] && [ -d "$(dirname "$1")" ]; }; then
         printf '%s/%s' "$PWD" "$1"
       else
         printf '%s' "$1"
       fi ;;
  esac
}
args=()
for arg in "$@"; do
  if [ ${#args[@]} -eq 0 ] && [ "$arg" = experiment ]; then
    args+=("$arg")
  elif [[ "$arg" == --*=* ]]; then
    args+=("${arg%%=*}=$(absolute "${arg#*=}")")
  elif [[ "$arg" == -* ]]; then
    args+=("$arg")
  else
    args+=("$(absolute "$arg")")
  fi
done
set -- ${args[@]+"${args[@]}"}

cd "$root"
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
