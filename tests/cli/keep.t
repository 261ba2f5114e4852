#!/bin/sh
# SPDX-License-Identifier: MIT
# What was recorded is kept: a recorder SIGKILLed at any moment leaves OUT.part/, which
# `tpoint report OUT` makes OUT of; a full file system keeps what fit, readable, and says
# how much was not written.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
P="$B/tests/rec-prog"
W=$(mktemp -d)
M="$W/small"
cleanup() { mountpoint -q "$M" 2>/dev/null && umount "$M"; pkill -f "$P loop" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
events() { sed -n 's/^# [^:]*: \([0-9]*\) events, \([0-9]*\) lost.*/\1/p'; }

# --- SIGKILL of the recorder at several moments, a program firing 1000 events a second
for t in 0.05 0.3 0.7 1.2 2; do
	"$T" record -o k$t.dat -e 'rec:*' -- "$P" loop >/dev/null 2>&1 &
	rec=$!
	sleep $t
	kill -9 $rec
	wait $rec 2>/dev/null
	pkill -f "$P loop"
	[ ! -e k$t.dat ] && [ -d k$t.dat.part ]
	check $? "SIGKILL after ${t}s: the parts are on disk (k$t.dat.part/)"
	"$T" report k$t.dat > rep 2> err; rc=$?
	got=$(events < rep)
	[ $rc = 0 ] && grep -q 'was not finished' err && [ -f k$t.dat ] && [ ! -e k$t.dat.part ]
	check $? "SIGKILL after ${t}s: tpoint report makes k$t.dat of them and reads it ($got events)"
	# Each page the recorder drained holds ~100 ticks; it drains every 10 ms, a page
	# closes every ~100 ms: after 0.7 s at least one is in the file.
	case $t in 0.7|1.2|2) [ "${got:-0}" -gt 0 ] ;; *) [ -n "$got" ] ;; esac
	check $? "SIGKILL after ${t}s: the events drained before it are there ($got)"
	[ "$(grep -c 'rec:rec_tick' rep)" = "$got" ] &&
		[ "$(grep 'rec:rec_tick' rep | sed 's/.* n=\([0-9]*\) .*/\1/' | sort -n | uniq -d | wc -l)" = 0 ]
	check $? "SIGKILL after ${t}s: every event once"
done
trace-cmd report k2.dat > tc 2>/dev/null
[ "$(grep -c rec_tick tc)" -gt 0 ]
check $? "trace-cmd reads the file made of the parts"

# --- an unfinished recording is not overwritten by the next
"$T" record -o k2.dat -e 'rec:*' -- "$P" loop >/dev/null 2>&1 &
rec=$!; sleep 0.5; kill -9 $rec; wait $rec 2>/dev/null; pkill -f "$P loop"
rm -f k2.dat
"$T" record -o k2.dat -e 'rec:*' -- "$P" touch marker >/dev/null 2>err; rc=$?
[ $rc = 1 ] && [ ! -e marker ] && grep -q 'k2.dat.part/ holds an unfinished recording' err
check $? "a new recording refuses to start over an unfinished one's parts"

# --- a full file system: what fit is kept and readable, what did not is counted
mkdir "$M"
if ! mount -t tmpfs -o size=1m tmpfs "$M" 2>/dev/null; then
	echo "ok $((n + 1)) # SKIP cannot mount a small tmpfs here (needs root)"
	n=$((n + 1))
else
	"$T" record -o "$M/f.dat" -e 'rec:*' -- "$P" burst 100000 >out 2>err; rc=$?
	fired=$(sed -n 's/fired //p' out)
	kept=$(sed -n 's/.*the \([0-9]*\) events recorded are kept.*/\1/p' err)
	lost=$(sed -n 's/.*written whole: \([0-9]*\) events.*/\1/p' err)
	[ $rc = 1 ] && [ -n "$kept" ] && [ -n "$lost" ] && [ $((kept + lost)) = "$fired" ]
	check $? "disk full: exit 1; $kept events kept + $lost not written = $fired fired"
	"$T" report "$M/f.dat" > rep 2>err
	[ $? = 0 ] && [ "$(events < rep)" = "$kept" ] && grep -q 'reading the parts as they are' err
	check $? "disk full: tpoint report reads the $kept events kept, from the parts"
	umount "$M"
fi

echo "1..$n"
exit $fail
