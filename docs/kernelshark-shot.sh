#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Reproduce docs/kernelshark.png: record a trace.dat that mixes the sample
# program's user events with the kernel's sched events, open it in
# KernelShark under Xvfb, select the first user event and take a screenshot.
# Not part of the tests.  Needs a built tree (build/tpoint,
# build/samples/sample), root (or perf access for tracefs) and, on Debian 12:
#   apt-get install --no-install-recommends kernelshark xvfb x11-apps \
#       netpbm xdotool
#
# usage: docs/kernelshark-shot.sh [OUTPUT.png]    (default docs/kernelshark.png)
# env:   BUILD=dir (default ./build), KS_DISPLAY=:N (default: first free >= :99)

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
out=${1:-$top/docs/kernelshark.png}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

for tool in kernelshark Xvfb xwd xwdtopnm pamscale pnmquant pnmtopng xdotool; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "kernelshark-shot: $tool not found" >&2; exit 1; }
done

work=$(mktemp -d /tmp/ksshot.XXXXXX)
xpid=
kpid=
cleanup() {
	set +e	# wait returns 143 for a killed child: not an error here
	trap '' HUP INT TERM
	[ -n "$kpid" ] && kill "$kpid" 2>/dev/null && wait "$kpid" 2>/dev/null
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null && wait "$xpid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# 1. Record: 40 rounds of the sample's events, 5 ms apart, plus scheduling.
cd "$work"
"$build/tpoint" record -o mixed.dat -e 'sample:*' \
	-e 'sched:sched_switch' -e 'sched:sched_wakeup' \
	-- "$build/samples/sample" 40 'sample:*' 5 >/dev/null
# Row of the first user event in KernelShark's list (both sort by time).
row=$("$build/tpoint" report mixed.dat | grep -v '^#' |
	grep -n -m1 ' sample:foo_bar:' | cut -d: -f1) || true
[ -n "$row" ] || { echo "no sample:foo_bar event recorded" >&2; exit 1; }
row=$((row - 1))

# 2. A private X server.
if [ -n "${KS_DISPLAY:-}" ]; then
	disp=$KS_DISPLAY
else
	n=99
	while [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
	disp=:$n
fi
# -noreset: else the server resets when the probe below disconnects, and
# KernelShark may try to connect in the middle of that reset.
Xvfb "$disp" -screen 0 1600x1000x24 -nolisten tcp -noreset >xvfb.log 2>&1 &
xpid=$!
export DISPLAY="$disp"
i=0
until xdotool getdisplaygeometry >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 50 ] || { echo "Xvfb did not start" >&2; exit 1; }
	sleep 0.2
done

# 3. KernelShark.  As root it first shows a "running with Root privileges"
# dialog; close it with its Close button (bottom right of the dialog).
mkdir -m 700 xdg
XDG_RUNTIME_DIR=$work/xdg kernelshark mixed.dat >ks.log 2>&1 &
kpid=$!
i=0
win=
while [ $i -lt 60 ]; do
	win=$(xdotool search --onlyvisible --name '^Kernel Shark' 2>/dev/null |
		head -n1) || true
	[ -n "$win" ] && break
	# the dialog has no title: find it by class (the main window has one)
	dlg=$(xdotool search --onlyvisible --class '^kernelshark$' 2>/dev/null |
		head -n1) || true
	if [ -n "$dlg" ]; then
		eval "$(xdotool getwindowgeometry --shell "$dlg")"
		xdotool mousemove $((X + WIDTH - 50)) $((Y + HEIGHT - 22)) click 1
	fi
	i=$((i + 1))
	sleep 0.5
done
[ -n "$win" ] || {
	echo "KernelShark window not found" >&2; cat xvfb.log ks.log >&2; exit 1; }

# 4. Fill the screen, widen "Time Stamp" (double-click the header divider),
# select the first user event so marker A sits on it in the graph.
xdotool windowmove "$win" 0 0 windowsize "$win" 1600 1000
sleep 3
# twice: a loaded machine may miss the first one (fitting is idempotent)
for _ in 1 2; do
	xdotool mousemove 161 325 click --repeat 2 1
	sleep 1
done
if [ "$row" -le 29 ]; then
	xdotool mousemove 300 $((346 + 21 * row)) click 1
else	# not on the first page: search column "#" for the row number
	xdotool mousemove 420 293 click 1 type "$row"
	xdotool key Return
fi
xdotool mousemove 1599 999
sleep 2

# 5. Screenshot: whole screen (= the window), 1400 px wide, 256 colours.
mkdir -p "$(dirname "$out")"
xwd -root -silent | xwdtopnm 2>/dev/null | pamscale -width 1400 |
	pnmquant 256 2>/dev/null | pnmtopng -compression 9 >"$out.tmp"
mv "$out.tmp" "$out"
echo "kernelshark-shot: wrote $out (row $row selected)"
