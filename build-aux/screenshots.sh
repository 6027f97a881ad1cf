#!/usr/bin/env bash
# Makes the screenshots in data/screenshots/ (for the metainfo and the
# README): the main window on the bundled sample in mode -1 and in mode 1,
# in English and in Chinese, under Xvfb.
#   bash build-aux/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
# What only the screenshots need: the two locales, and fonts for Chinese.
missing=()
for p in locales fonts-noto-cjk fonts-cantarell x11-utils xdotool; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for l in en_US zh_CN; do
  locale -a | grep -qi "^$l.utf-\?8$" || localedef -i "$l" -c -f UTF-8 "$l.UTF-8"
done

[ -d build ] || meson setup build >/dev/null
meson compile -C build >/dev/null
mkdir -p data/screenshots

export GSETTINGS_SCHEMA_DIR=$PWD/build/data GSETTINGS_BACKEND=memory
export BARKEEP_DATADIR=$PWD/build/data BARKEEP_LOCALEDIR=$PWD/build/po
# No GSK_RENDERER: the window chooses GTK's cairo renderer without GL by
# itself, and its memory panel says so.

# shot LANG ARGS OUT [X Y]: the window started with ARGS (a mode, a
# strategy, --compare), after a click at X,Y (window coordinates) if given;
# with zoom=N before it, the chart first zoomed in by N turns of the wheel
# at its centre, the pointer then moved off it.
shot () {
  local lang=$1 args=$2 out=$3 x=${4:-} y=${5:-}
  LC_ALL= LANG=$lang LANGUAGE= xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash -c '
    build/src/app/barkeep $1 &
    pid=$!
    sleep 8
    win=$(xwininfo -root -tree | awk "/\"Barkeep/ {print \$1; exit}")
    if [ "$5" -gt 0 ]; then
      xdotool mousemove --window "$win" 700 450
      for i in $(seq "$5"); do xdotool click 4; sleep 0.2; done
      xdotool mousemove --window "$win" 1000 300
      sleep 1
    fi
    if [ -n "$3" ]; then
      xdotool mousemove --window "$win" "$3" "$4" click 1
      sleep 1
    fi
    import -window "$win" "$2"
    kill $pid' _ "$args" "$out" "$x" "$y" "${zoom:-0}" 2>/dev/null
  echo "wrote $out"
}

# universe_shot LANG OUT [X Y]: the Universe view on 300 generated symbols
# and a broken file (its memory timeline and inclusion probabilities), or,
# after a click on Compare Memory at X,Y, the seed's before and after.
universe=$(mktemp -d)
strategies=$(mktemp -d)
trap 'rm -rf "$universe" "$strategies"' EXIT
build/src/cli/barkeep-cli gen universe --symbols 300 --output "$universe"
printf 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,11,9,10.5,10.5,100\n2020-01-03,10,9,11,10.5,10.5,100\n' \
  > "$universe/BROKEN.csv"
universe_shot () {
  local lang=$1 out=$2 x=${3:-} y=${4:-}
  LC_ALL= LANG=$lang LANGUAGE= xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash -c '
    build/src/app/barkeep --universe "$1" &
    pid=$!
    sleep 6
    win=$(xwininfo -root -tree | awk "/\"Barkeep/ {print \$1; exit}")
    if [ -n "$3" ]; then
      xdotool mousemove --window "$win" "$3" "$4" click 1
      sleep 6
    fi
    import -window "$win" "$2"
    kill $pid' _ "$universe" "$out" "$x" "$y" 2>/dev/null
  echo "wrote $out"
}

# sweep_shot LANG OUT [best]: the Sweep view, the SMA crossover's fast
# period 5 to 24 against its slow one 25 to 44 on yhoo-1996-2015.txt (the
# benchmark's grid), the pointer on a cell; with best, its best cell then
# opened in the Run view.
sweep_shot () {
  local lang=$1 out=$2 best=${3:-}
  LC_ALL= LANG=$lang LANGUAGE= xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash -c '
    build/src/app/barkeep tests/data/datas/yhoo-1996-2015.txt --strategy=tests/data/sma-cross-fast-slow.ini &
    pid=$!
    sleep 8
    win=$(xwininfo -root -tree | awk "/\"Barkeep/ {print \$1; exit}")
    xdotool mousemove --window "$win" 835 28 click 1
    sleep 1
    xdotool mousemove --window "$win" 250 226 click --repeat 3 1 key ctrl+a type "5:24"
    xdotool mousemove --window "$win" 250 266 click --repeat 3 1 key ctrl+a type "25:44"
    xdotool mousemove --window "$win" 92 28 click 1
    sleep 6
    if [ -n "$3" ]; then
      xdotool mousemove --window "$win" 148 468 click 1
      sleep 6
    else
      xdotool mousemove --window "$win" 900 420 sleep 0.5 mousemove --window "$win" 902 422
      sleep 2
    fi
    import -window "$win" "$2"
    kill $pid' _ "$lang" "$out" "$best" 2>/dev/null
  echo "wrote $out"
}

# edit_shot LANG what OUT [BEFORE]: the Run view on the bundled sample
# with a copy of the SMA crossover's file (a built-in opens read-only, so
# it is a file of its own), its SMA of period 15; BEFORE as it opens. With
# editor, the 15 of line 8, expr=SMA(close, period=15), typed over with
# 60 in the editor (from its first line, by keys: the lines' height
# differs with the language's fonts) and Ctrl+Enter pressed; with
# "slider X Y", the slider of sma.period, its knob at X,Y, dragged 70
# pixels to the right.  OUT once the run has redrawn the chart.
edit_shot () {
  local lang=$1 what=$2 out=$3 before=${4:-}
  cp data/strategies/sma-crossover.ini "$strategies/sma-crossover.ini"
  LC_ALL= LANG=$lang LANGUAGE= xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash -c '
    build/src/app/barkeep --mode=-1 --strategy="$1" &
    pid=$!
    sleep 8
    win=$(xwininfo -root -tree | awk "/\"Barkeep/ {print \$1; exit}")
    if [ -n "$4" ]; then
      import -window "$win" "$4"
    fi
    if [ "$2" = editor ]; then
      xdotool mousemove --window "$win" 200 400 click 1 sleep 0.3 key ctrl+Home \
        Down Down Down Down Down Down Down End Left BackSpace BackSpace type 60
      sleep 0.5
      xdotool key ctrl+Return
    else
      read -r _ x y <<< "$2"
      xdotool mousemove --window "$win" "$x" "$y" mousedown 1
      for dx in 10 20 30 40 50 60 70; do
        xdotool mousemove --window "$win" $((x + dx)) "$y"
        sleep 0.2
      done
      xdotool mouseup 1
    fi
    sleep 3
    import -window "$win" "$3"
    kill $pid' _ "$strategies/sma-crossover.ini" "$what" "$out" "$before" 2>/dev/null
  echo "wrote $out"
}

# live_shot LANG MODE OUT: the Run view following a file as it grows:
# the sample's first 400 bars, then 3 more every 0.2 s appended by a loop;
# SMA crossover in MODE, the file typed into the Follow dialog (the button
# at 876,122 beside the editor's), the Events page shown (its tab at X,Y,
# which the language moves); OUT 8 s later, while it still follows.
live_shot () {
  local lang=$1 mode=$2 out=$3 x=$4 y=$5
  local live
  live=$(mktemp -d)/live.csv
  LC_ALL= LANG=$lang LANGUAGE= xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash -c '
    head -n 401 build/data/sample.csv > "$1"
    (n=402; while [ $n -le 4966 ]; do sleep 0.2; sed -n "$n,$((n + 2))p" build/data/sample.csv >> "$1"; n=$((n + 3)); done) &
    grower=$!
    build/src/app/barkeep --mode="$2" --strategy=sma-crossover &
    pid=$!
    sleep 8
    win=$(xwininfo -root -tree | awk "/\"Barkeep/ {print \$1; exit}")
    xdotool mousemove --window "$win" 876 122 click 1
    sleep 1.5
    xdotool type --delay 5 "$1"
    xdotool key Return
    sleep 1
    xdotool mousemove --window "$win" "$4" "$5" click 1
    sleep 8
    import -window "$win" "$3"
    kill $pid $grower' _ "$live" "$mode" "$out" "$x" "$y" 2>/dev/null
  rm -rf "$(dirname "$live")"
  echo "wrote $out"
}

shot en_US.UTF-8 --mode=-1 data/screenshots/main-window.png
shot en_US.UTF-8 --mode=1 data/screenshots/minimal-memory.png
shot en_US.UTF-8 --compare data/screenshots/compare.png
# The Results page of the side pane: the middle tab of its switcher.
shot en_US.UTF-8 "--mode=-1 --strategy=sma-crossover" data/screenshots/results.png 1039 168
# The editor hidden (its button at 835,121), so that the chart is wide
# enough for the cloud's legend.
zoom=12 shot en_US.UTF-8 "--mode=-1 --strategy=ichimoku-cloud" data/screenshots/ichimoku.png 835 121
shot zh_CN.UTF-8 --mode=-1 data/screenshots/main-window-zh_CN.png
shot zh_CN.UTF-8 --mode=1 data/screenshots/minimal-memory-zh_CN.png
shot zh_CN.UTF-8 --compare data/screenshots/compare-zh_CN.png
sweep_shot en_US.UTF-8 data/screenshots/sweep.png
sweep_shot en_US.UTF-8 data/screenshots/sweep-best.png best
sweep_shot zh_CN.UTF-8 data/screenshots/sweep-zh_CN.png
edit_shot en_US.UTF-8 editor data/screenshots/editor.png data/screenshots/editor-before.png
edit_shot zh_CN.UTF-8 editor data/screenshots/editor-zh_CN.png
edit_shot en_US.UTF-8 "slider 192 570" data/screenshots/parameter-slider.png
edit_shot zh_CN.UTF-8 "slider 181 575" data/screenshots/parameter-slider-zh_CN.png
universe_shot en_US.UTF-8 data/screenshots/universe.png
universe_shot en_US.UTF-8 data/screenshots/universe-compare.png 1134 74
universe_shot zh_CN.UTF-8 data/screenshots/universe-zh_CN.png
live_shot en_US.UTF-8 -1 data/screenshots/live-follow.png 1172 168
live_shot en_US.UTF-8 1 data/screenshots/live-window.png 1172 168
live_shot zh_CN.UTF-8 -1 data/screenshots/live-follow-zh_CN.png 1172 168
live_shot zh_CN.UTF-8 1 data/screenshots/live-window-zh_CN.png 1172 168
# The Memory page of mode 1's live window: the run's cells and its display cells.
live_shot en_US.UTF-8 1 data/screenshots/live-window-memory.png 906 168
live_shot zh_CN.UTF-8 1 data/screenshots/live-window-memory-zh_CN.png 906 168
