#!/bin/sh
# SPDX-License-Identifier: MIT
# The flight recorder on demand: `tpoint record --overwrite -o FILE` writes FILE.1, FILE.2
# on SIGUSR1, and `--snapshot-on EVENT -f FILTER` on each firing that passes, while the
# recording goes on. Each snapshot holds the newest events up to then, in order, with no
# duplicates, counted (events + lost = fired so far), and trace-cmd reads it; the final
# file stays exact. snap-prog fires rounds of numbered events and waits, after each, for a
# file the test makes once the snapshot it wants is there: no timing.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
S="$B/tests/snap-prog"
# The trigger run is the tool built with ASan and UBSan (make build-tests), as hostile.t's.
TA="$B/tests/tpoint-asan"
[ -x "$TA" ] || TA=$T
SUPP=$(cd "$(dirname "$0")/../fuzz" && pwd)/lsan.supp
W=$(mktemp -d)
rp=
trap '[ -n "$rp" ] && kill "$rp" 2>/dev/null; rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
# Until file $1 exists (a minute at most: a bound, not a measure).
waitfor() {
	i=0
	while [ ! -e "$1" ]; do
		i=$((i + 1))
		[ $i -gt 6000 ] && { echo "# $1 did not appear"; return 1; }
		sleep 0.01
	done
}
# The header's totals: "EVENTS LOST"
totals() { "$T" report "$1" | sed -n 's/^# [^:]*: \([0-9]*\) events, \([0-9]*\) lost.*/\1 \2/p'; }
# The seq numbers of stream $2's rec_seq events in file $1, in the report's order
seqs() { "$T" report "$1" | sed -n "s/.*rec:rec_seq: t=$2 seq=\([0-9]*\)\$/\1/p"; }
# Stream $2 of file $1: in order, no duplicates, ending at $3 with the $4 before it all there
newest() {
	seqs "$1" "$2" > seq.txt
	[ -s seq.txt ] && sort -n -u seq.txt | cmp -s - seq.txt && [ "$(tail -1 seq.txt)" = "$3" ] &&
		[ "$(awk -v lo=$(($3 - $4 + 1)) '$1 >= lo' seq.txt | wc -l)" = "$4" ]
}
# trace-cmd prints the same events as tpoint (the same count of rec: lines)
samecount() {
	[ "$(trace-cmd report "$1" 2>/dev/null | grep -c ' rec_')" = "$("$T" report "$1" | grep -c ' rec:rec_')" ]
}

# --- SIGUSR1 twice, with --overwrite: a ring of 16 pages (~3200 of these events) on one CPU
mkdir g1
"$T" record --overwrite --buffer-size 64K -o s.dat -e rec:rec_seq -- "$S" g1 3 5000 pin \
	>out1 2>err1 &
rp=$!
waitfor g1/fired.1 && kill -USR1 $rp && waitfor s.dat.1 && touch g1/go.1
waitfor g1/fired.2 && kill -USR1 $rp && waitfor s.dat.2 && touch g1/go.2
waitfor g1/fired.3 && touch g1/go.3
wait $rp; rc=$?; rp=
[ $rc = 0 ] && grep -q 'fired 15000' out1
check $? "record --overwrite, SIGUSR1 twice during the run: exit 0 (got $rc)"
grep -q '^tpoint record: snapshot 1: s.dat.1, [0-9]* events (on SIGUSR1)$' err1 &&
	grep -q '^tpoint record: snapshot 2: s.dat.2, [0-9]* events (on SIGUSR1)$' err1 &&
	[ ! -e s.dat.3 ] && [ ! -e s.dat.1.part ] && [ ! -e s.dat.2.part ]
check $? "one line a snapshot, FILE.1 then FILE.2, no parts left ($(grep snapshot err1 | tr '\n' ' '))"
newest s.dat.1 1 4999 1000 && [ "$(seqs s.dat.1 1 | wc -l)" -lt 5000 ] && [ -z "$(seqs s.dat.1 2)" ]
check $? "FILE.1: the newest events before the signal, in order, no duplicates, the oldest overwritten"
set -- $(totals s.dat.1)
[ $(($1 + $2)) = 5000 ] && [ "$2" -gt 0 ] && [ "$1" = "$(seqs s.dat.1 1 | wc -l)" ]
check $? "FILE.1's header: its events + the overwritten = the 5000 fired so far ($1 + $2)"
newest s.dat.2 2 4999 1000 && [ -z "$(seqs s.dat.2 3)" ]
set -- $(totals s.dat.2)
[ $(($1 + $2)) = 10000 ]
check $? "FILE.2: the newest of round 2, counted ($1 + $2 = 10000)"
samecount s.dat.1 && samecount s.dat.2
check $? "trace-cmd report reads both snapshots, every event"
set -- $(totals s.dat)
newest s.dat 3 4999 1000 && [ $(($1 + $2)) = 15000 ] && samecount s.dat
check $? "the final file is still whole: the newest events, events + lost = 15000 fired ($1 + $2)"

# --- SIGUSR1 without --overwrite: the newest ring-full of what was recorded, open page too
mkdir g2
"$T" record -o d.dat -e rec:rec_seq -- "$S" g2 2 3000 pin >/dev/null 2>err2 &
rp=$!
waitfor g2/fired.1 && kill -USR1 $rp && waitfor d.dat.1 && touch g2/go.1
waitfor g2/fired.2 && touch g2/go.2
wait $rp; rc=$?; rp=
newest d.dat.1 1 2999 3000 && [ "$(totals d.dat.1)" = "3000 0" ] && [ "$(totals d.dat)" = "6000 0" ]
check $? "without --overwrite: FILE.1 holds the 3000 events recorded so far, the final all 6000"

# --- --snapshot-on with a filter, twice: a snapshot on each firing that passes one of
# them, holding it. Round 1's tick (n=1) passes neither: its round ends with a SIGUSR1
# snapshot, which must say SIGUSR1 alone; rounds 2 and 3 pass, one snapshot each.
mkdir g3
ASAN_OPTIONS=detect_leaks=1:exitcode=86 UBSAN_OPTIONS=print_stacktrace=1:exitcode=86 \
LSAN_OPTIONS=suppressions="$SUPP":print_suppressions=0 \
"$TA" record --buffer-size 64K -o t.dat --snapshot-on rec:rec_tick -f 'n == 2' \
	--snapshot-on rec:rec_tick -f 'n == 3' \
	-e rec:rec_seq -- "$S" g3 3 2000 pin tick >/dev/null 2>err3 &
rp=$!
waitfor g3/fired.1 && kill -USR1 $rp && waitfor t.dat.1 && touch g3/go.1
waitfor g3/fired.2 && waitfor t.dat.2 && touch g3/go.2
waitfor g3/fired.3 && waitfor t.dat.3 && touch g3/go.3
wait $rp; rc=$?; rp=
[ $rc = 0 ] && ! grep -q -e 'Sanitizer' -e 'runtime error' err3 && [ "$(grep -c 'snapshot' err3)" = 3 ] &&
	grep -q '^tpoint record: snapshot 1: t.dat.1, [0-9]* events (on SIGUSR1)$' err3 &&
	grep -q '^tpoint record: snapshot 2: t.dat.2, [0-9]* events (on rec:rec_tick)$' err3 &&
	grep -q '^tpoint record: snapshot 3: t.dat.3, [0-9]* events (on rec:rec_tick)$' err3 &&
	[ ! -e t.dat.4 ]
check $? "--snapshot-on rec:rec_tick -f 'n == 2', and again with 'n == 3': one snapshot per firing that passes either, none for the other"
last_tick() { "$T" report "$1" | sed -n 's/.*rec:rec_tick: n=\([0-9]*\) .*/\1/p' | tail -1; }
[ "$(last_tick t.dat.2)" = 2 ] && [ "$(last_tick t.dat.3)" = 3 ] && newest t.dat.2 2 1999 500 &&
	newest t.dat.3 3 1999 500 && [ "$("$T" report t.dat.2 | tail -1 | grep -c 'rec:rec_tick: n=2')" = 1 ]
check $? "each holds the firing that made it, last, after the events before it"
samecount t.dat.2 && [ "$(trace-cmd report t.dat.3 2>/dev/null | grep -c 'rec_tick: *n=3')" = 1 ]
check $? "trace-cmd report reads them, the firing included"
set -- $(totals t.dat)
[ $(($1 + $2)) = 6003 ]
check $? "the final file is exact: events + lost = 6003 fired ($1 + $2)"

# --- bad uses: refused before the program runs (it would make the marker), exit 2
"$T" record -o x.dat --snapshot-on rec:nope -e rec:rec_seq -- "$S" g9 1 1 >/dev/null 2>err; rc=$?
[ $rc = 2 ] && [ ! -e x.dat ] && grep -q "^tpoint record: --snapshot-on 'rec:nope' names no event: none in .*snap-prog" err
check $? "--snapshot-on an event that is not there: exit 2 ($(head -c 100 err))"
"$T" record -o x.dat --snapshot-on rec:rec_tick -f 'bogus == 1' -- "$S" g9 1 1 >/dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "filter: unknown field 'bogus' at column 1" err
check $? "--snapshot-on with a filter that does not compile: exit 2 ($(head -c 100 err))"
"$T" record -o x.dat --snapshot-on rec:rec_tick -f 'n == 1' -f 'n == 2' -- "$S" g9 1 1 >/dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "give it after the -e it filters" err
check $? "a second -f after --snapshot-on: exit 2"
"$T" record -o x.dat --snapshot-on 2>err; rc=$?
[ $rc = 2 ] && grep -q "requires an argument" err
check $? "--snapshot-on without its event: exit 2"

# --- kernel events in snapshots, and a kernel event as the trigger (root, tracefs)
if "$T" trace -e signal:signal_generate -- /bin/true >/dev/null 2>probe.err; then
	mkdir g4
	"$T" record -F -o k.dat --snapshot-on signal:signal_generate -f 'sig == 12' \
		-e rec:rec_seq -- "$S" g4 2 100 pin kill >/dev/null 2>err4 &
	rp=$!
	waitfor g4/fired.1 && waitfor k.dat.1 && touch g4/go.1
	waitfor g4/fired.2 && waitfor k.dat.2 && touch g4/go.2
	wait $rp; rc=$?; rp=
	[ $rc = 0 ] && grep -q '^tpoint record: snapshot 2: k.dat.2, [0-9]* events (on signal:signal_generate)$' err4 &&
		[ "$("$T" report k.dat.1 | grep -c 'signal:signal_generate: sig=12 ')" = 1 ] &&
		[ "$("$T" report k.dat.2 | grep -c 'signal:signal_generate: sig=12 ')" = 2 ] &&
		newest k.dat.1 1 99 100 && newest k.dat.2 2 99 100 &&
		[ "$(trace-cmd report k.dat.2 2>/dev/null | grep -c 'signal_generate: *sig=12 ')" = 2 ]
	check $? "--snapshot-on a kernel event: each snapshot holds it, and the program's events before it"
else
	n=$((n + 1))
	echo "ok $n # SKIP kernel tracing not permitted here: $(sed 's/^tpoint trace: //' probe.err | head -1)"
fi

echo "1..$n"
exit $fail
