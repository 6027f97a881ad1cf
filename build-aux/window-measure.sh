#!/bin/bash
# window-measure.sh BUILD_DIR LABEL [ENV=VAL...] — one window start on the
# sample (mode -1, the default), 6 s, then VmRSS/VmHWM; the first frame
# and the progress label from the probe, built with
#   gcc -shared -fPIC -O2 -o probe.so build-aux/window-probe.c $(pkg-config --cflags --libs gtk4) -ldl
# (PROBE=path/to/probe.so, default ./probe.so; DISPLAY: an Xvfb of your own).
build=$1; label=$2; shift 2
export DISPLAY=${DISPLAY:-:160}
out=$(mktemp)
T0=$(date +%s%N)
env BK_T0=$T0 LD_PRELOAD=${PROBE:-$PWD/probe.so} GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory \
  GSETTINGS_SCHEMA_DIR=$build/data BARKEEP_DATADIR=$build/data "$@" $build/src/app/barkeep 2>$out &
pid=$!
sleep 6
rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status); hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
kill $pid; wait $pid 2>/dev/null
ff=$(grep -m1 'first-frame' $out | awk '{print $3}')
speed=$(grep 'PROBE label' $out | tail -1 | sed 's/.*ms: //')
printf "%-28s rss %6.1f MiB  hwm %6.1f MiB  first-frame %7s ms  label: %s\n" "$label" $(echo "$rss/1024" | bc -l) $(echo "$hwm/1024" | bc -l) "$ff" "$speed"
th=$(grep -m1 'PROBE thread' $out | sed 's/PROBE thread barkeep-run //')
echo "    run thread: $th"
grep -v PROBE $out | grep -v "^$" | head -3
rm -f $out
