#!/bin/sh
# SPDX-License-Identifier: MIT
# tpoint record/trace/top -p PID: attach to a program linked with libtpoint that was started
# without tpoint, record its events from then on (every one in the file or counted lost),
# detach on Ctrl-C leaving nothing behind (no thread, no mapping, no key on), refuse a
# second recorder and a caller that may not ptrace it, and survive the program's death.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
P="$B/tests/rec-prog"
W=$(mktemp -d)
chmod 755 "$W"
cleanup() { pkill -f "$P live" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
events() { sed -n 's/^# [^:]*: \([0-9]*\) events, \([0-9]*\) lost.*/\1 \2/p'; }
# wait_for FILE TEXT: up to 10 s for TEXT to appear in FILE.
wait_for() {
	i=0
	while [ $i -lt 200 ] && ! grep -q "$2" "$1" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
	grep -q "$2" "$1" 2>/dev/null
}
# start_prog DIR THREADS: rec-prog live in the background, $prog its pid, once it runs.
start_prog() {
	mkdir -p "$1"
	"$P" live "$2" "$1" > "$1/out" 2>&1 &
	prog=$!
	i=0; while [ ! -e "$1/ready" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
}
stop_prog() { touch "$1/stop"; wait "$prog" 2>/dev/null; }
# contiguous FILE: each thread's rec_seq numbers in the report FILE run without a gap or a
# repeat (min..max, each once); prints "threads events" on success.
contiguous() {
	grep 'rec:rec_seq:' "$1" | sed 's/.* t=\([0-9]*\) seq=\([0-9]*\).*/\1 \2/' |
		sort -n -k1,1 -k2,2 | awk '
		NR == 1 || $1 != t { if (NR > 1 && max - min + 1 != cnt) bad = 1; t = $1; min = $2; cnt = 0; thr++ }
		{ if (cnt && $2 != last + 1) bad = 1; last = $2; max = $2; cnt++; all++ }
		END { if (NR > 1 && max - min + 1 != cnt) bad = 1; if (bad || !all) exit 1; print thr, all }'
}
tasks() { for c in /proc/$1/task/*/comm; do cat "$c"; done 2>/dev/null; }

if [ "$(id -u)" != 0 ] && [ "$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)" -gt 0 ]; then
	echo "1..0 # SKIP kernel.yama.ptrace_scope > 0 and not root: no process may be attached to here"
	exit 0
fi

# --- attach, record under load, detach
start_prog a 4
"$T" record -o a.dat -e 'rec:*' -p $prog > rec.out 2> rec.err &
rec=$!
wait_for rec.err "attached to $prog (rec-prog)"
check $? "record -p attaches to a running program (says so)"
sleep 1
kill -INT $rec; wait $rec; rc=$?
[ $rc = 0 ] && grep -q "detached from $prog" rec.err
check $? "Ctrl-C detaches (exit 0): $(tail -1 rec.err)"
"$T" report a.dat > a.rep 2>&1
set -- $(events < a.rep)
[ "${1:-0}" -gt 1000 ] && [ "$2" = 0 ]
check $? "the file holds its events from the attach on, none lost (${1:-?} events, ${2:-?} lost)"
got=$(contiguous a.rep)
check $? "every rec_seq fired while attached is in the file, in order, each thread's run unbroken ($got)"
kill -0 $prog 2>/dev/null && ! tasks $prog | grep -q tpoint && ! grep -q 'memfd:tpoint' /proc/$prog/maps
check $? "after the detach the program runs on: no tpoint thread, no session mapping"
trace-cmd report a.dat 2>/dev/null | grep -c 'rec_seq:' > tc.n
[ "$(cat tc.n)" = "$(grep -c 'rec:rec_seq:' a.rep)" ]
check $? "trace-cmd reads the same events"

# --- again: a second recording of the same process, and two at once
"$T" record -o b.dat -e 'rec:rec_seq' -f 't == 1' -p $prog 2> b.err &
rec=$!
wait_for b.err "attached to $prog"
check $? "the same process is attached to again after a detach"
"$T" record -o c.dat -e 'rec:*' -p $prog 2> c.err; rc=$?
[ $rc = 1 ] && grep -q "another tpoint (pid $rec) is attached" c.err && [ ! -e c.dat ] && [ ! -e c.dat.part ]
check $? "a second recorder is refused, saying which: $(cat c.err)"
sleep 0.3
kill -INT $rec; wait $rec
"$T" report b.dat > b.rep 2>&1
[ "$(grep -c 'rec:rec_seq: t=1 ' b.rep)" -gt 0 ] && ! grep 'rec:' b.rep | grep -vq 'rec:rec_seq: t=1 '
check $? "-e and -f apply to an attached program (only rec_seq with t == 1)"
stop_prog a
grep -q '^enabled 0$' a/out
check $? "the detached program's tracepoint keys are off again"

# --- a stripped program with libtpoint linked in statically: no symbol names its control block
mkdir -p st
"$B/tests/rec-prog-stripped" live 1 "$W/st" > st/out 2>&1 &
sp=$!
i=0; while [ ! -e st/ready ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
"$T" record -o st.dat -e 'rec:*' -p $sp 2> st.err &
rec=$!
wait_for st.err "attached to $sp"
check $? "a stripped program linked with libtpoint.a is attached to: $(head -1 st.err)"
sleep 0.2
kill -INT $rec; wait $rec; rc=$?
"$T" report st.dat > st.rep 2>&1
set -- $(events < st.rep)
touch st/stop; wait $sp
[ $rc = 0 ] && [ "${1:-0}" -gt 0 ] && grep -q '^enabled 0$' st/out
check $? "... its events recorded (${1:-?}), and its keys off after the detach"

# --- two programs at once (-p A,B), and a snapshot of an attached flight recorder (SIGUSR1)
start_prog m1 1; p1=$prog
start_prog m2 1; p2=$prog
"$T" record --overwrite -o m.dat -e 'rec:rec_seq' -p $p1,$p2 2> m.err &
rec=$!
wait_for m.err "attached to $p1" && wait_for m.err "attached to $p2"
check $? "-p $p1,$p2 attaches to both"
sleep 0.3
kill -USR1 $rec
wait_for m.err "snapshot 1: m.dat.1"
"$T" report m.dat.1 > m1.rep 2>&1; rc=$?
# (overwrite mode keeps the newest pages of each CPU: a thread's run may have gaps, never repeats)
[ $rc = 0 ] && [ "$(grep -c 'rec:rec_seq:' m1.rep)" -gt 0 ] &&
	[ "$(grep 'rec:rec_seq:' m1.rep | sed 's/^ *[^ ]*-\([0-9]*\) .* t=\([0-9]*\) seq=\([0-9]*\).*/\1 \2 \3/' | sort | uniq -d | wc -l)" = 0 ]
check $? "SIGUSR1 to an attached flight recorder writes m.dat.1, a readable file, no event twice"
kill -INT $rec; wait $rec; rc=$?
"$T" report m.dat > m.rep 2>&1
[ $rc = 0 ] && [ "$(grep 'rec:rec_seq:' m.rep | sed 's/^ *rec-prog-\([0-9]*\) .*/\1/' | sort -u | wc -l)" -ge 2 ] &&
	grep -q "detached from $p1" m.err && grep -q "detached from $p2" m.err
check $? "both programs' events are in the file, and both are let go"
touch m1/stop m2/stop; wait $p1 $p2 2>/dev/null
grep -q '^enabled 0$' m1/out && grep -q '^enabled 0$' m2/out
check $? "both programs' keys are off after the detach"

# --- kernel events with -p: its threads' only
if [ "$(id -u)" = 0 ] && [ -d /sys/kernel/tracing/instances ]; then
	start_prog k 2
	"$T" record -o k.dat -e 'rec:rec_seq' -e raw_syscalls:sys_enter -p $prog 2> k.err &
	rec=$!
	wait_for k.err "attached to $prog"
	sleep 0.5
	kill -INT $rec; wait $rec; rc=$?
	"$T" report k.dat > k.rep 2>&1
	ks=$(grep -c 'raw_syscalls:sys_enter:' k.rep)
	# (its threads include tpoint's session thread, tpoint-attach, while attached)
	[ $rc = 0 ] && [ "$ks" -gt 0 ] &&
		! grep 'raw_syscalls:sys_enter:' k.rep | grep -vq '^ *\(rec-prog\|tpoint-attach\)-'
	check $? "kernel events with -p are the program's threads' only ($ks sys_enter, all rec-prog's)"
	stop_prog k
else
	skip "not root or no tracefs instances: no kernel events here"
fi

# --- the program dies while attached
start_prog d 2
"$T" record -o d.dat -e 'rec:*' -p $prog 2> d.err &
rec=$!
wait_for d.err "attached to $prog"
sleep 0.3
kill -9 $prog; wait $prog 2>/dev/null
wait $rec; rc=$?
"$T" report d.dat > d.rep 2>&1
set -- $(events < d.rep)
[ $rc = 0 ] && grep -q "$prog (rec-prog) has exited" d.err && [ "${1:-0}" -gt 0 ] && contiguous d.rep >/dev/null
check $? "a program killed while attached: the recording ends, its events are in the file (${1:-?})"

# --- the program execs while attached: the new image has no session; the recording of it ends
start_prog x 1
"$T" record -o x.dat -e 'rec:*' -p $prog 2> x.err &
rec=$!
wait_for x.err "attached to $prog"
touch x/exec
wait_for x.err "$prog (rec-prog) let go of the session (it ran exec?)"
check $? "a program that execs while attached: the recorder says so: $(sed -n 2p x.err)"
i=0; while kill -0 $rec 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
kill -INT $rec 2>/dev/null; wait $rec; rc=$?
"$T" report x.dat > x.rep 2>&1
set -- $(events < x.rep)
[ $rc = 0 ] && [ "${1:-0}" -gt 0 ] && ! grep -q 'did not say it detached' x.err
check $? "... and ends by itself, exit 0, its events before the exec in the file (${1:-?})"
kill -TERM $prog; wait $prog 2>/dev/null

# --- asked but never attached: a program that hits no tracepoint while we wait
"$B/samples/sample" 2 none 1500 > s.out 2>&1 &
sp=$!
sleep 0.3
"$T" record -o s.dat -e 'sample:*' -p $sp 2> s.err &
rec=$!
sleep 0.5
kill -INT $rec; wait $rec; rc=$?
wait $sp; rc2=$?
[ $rc = 0 ] && [ $rc2 = 0 ] && ! grep -q 'attached to' s.err && grep -q ' 0 events, 0 lost' s.err
check $? "Ctrl-C before the program hit a tracepoint withdraws the request; it runs on, untraced"
"$B/samples/sample" 2 none 6000 > s2.out 2>&1 &
sp=$!
sleep 0.3
"$T" record -o s2.dat -e 'sample:*' -p $sp 2> s2.err &
rec=$!
wait_for s2.err "waiting for $sp (sample) to hit a tracepoint"
check $? "a program that hits no tracepoint for 3 s: the recorder says it waits, and for what"
kill -INT $rec; wait $rec; kill $sp; wait $sp 2>/dev/null

# --- refused: not linked with libtpoint, not permitted, bad -p, -p with a program
sleep 30 & sl=$!
"$T" record -o e.dat -e 'rec:*' -p $sl 2> e.err; rc=$?
kill $sl
[ $rc = 1 ] && grep -q "not linked with libtpoint" e.err && [ ! -e e.dat ]
check $? "a program without libtpoint is refused: $(cat e.err)"
"$T" record -o e.dat -e 'rec:*' -p 12x 2> e.err; rc=$?
[ $rc = 2 ] && grep -q -- "-p '12x': give process ids" e.err
check $? "-p 12x is a usage error, saying what to give"
"$T" record -o e.dat -e 'rec:*' -p 1 -- "$P" exit 0 2> e.err; rc=$?
[ $rc = 2 ] && grep -q -- "-p attaches to programs that run" e.err
check $? "-p with a program to start is a usage error"
# a pid given twice is one program; a thread's id (top -H, gettid) names its process
start_prog dup 2
"$T" record -o dup.dat -e 'rec:*' -p $prog,$prog -p $prog 2> dup.err &
rec=$!
wait_for dup.err "attached to $prog"
check $? "-p $prog,$prog -p $prog attaches once: $(head -1 dup.err)"
kill -INT $rec; wait $rec; rc=$?
[ $rc = 0 ] && [ "$(grep -c 'attached to' dup.err)" = 1 ] && ! grep -q 'another tpoint' dup.err
check $? "... and exits 0, detached: $(tail -1 dup.err)"
tid=$(ls /proc/$prog/task | grep -vx "$prog" | head -1)
"$T" record -o tid.dat -e 'rec:*' -p "$tid" 2> tid.err; rc=$?
[ $rc = 1 ] && grep -q -- "-p $tid (rec-prog): it is a thread of process $prog" tid.err &&
	[ ! -e tid.dat ]
check $? "-p with a thread's id is refused, naming its process: $(cat tid.err)"
stop_prog dup
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	start_prog p 1
	mkdir -m 777 pw
	setpriv --reuid=65534 --regid=65534 --clear-groups "$T" record -o pw/p.dat -e 'rec:*' \
		-p $prog 2> p.err; rc=$?
	[ $rc = 1 ] && grep -q "may ptrace" p.err && [ ! -e pw/p.dat ] && kill -0 $prog
	check $? "a user who may not ptrace the program is refused, saying why: $(head -c 160 p.err)"
	mkdir -m 777 q
	setpriv --reuid=65534 --regid=65534 --clear-groups "$P" live 1 "$W/q" > q/out 2>&1 &
	qp=$!
	i=0; while [ ! -e q/ready ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	"$T" record -o q.dat -e 'rec:*' -p $prog,$qp 2> q.err; rc=$?
	[ $rc = 1 ] && grep -q "they run as different users" q.err && [ ! -e q.dat ]
	check $? "-p over two users' programs is refused (they would share one session): $(head -c 120 q.err)"
	touch q/stop; wait $qp
	stop_prog p
	grep -q '^enabled 0$' p/out
	check $? "the refused attach changed nothing in the program"
else
	skip "not root (or no setpriv): cannot run as another user"
	skip "not root (or no setpriv)"
	skip "not root (or no setpriv)"
fi

# --- a program started by tpoint record is refused by a second recorder
"$T" record -o l.dat -e 'rec:*' -- "$P" live 1 "$W/l" > l.out 2> l.err &
rec=$!
mkdir -p l; i=0; while [ ! -e l/ready ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
lp=$(pgrep -f "^$P live 1 $W/l" | head -1)
"$T" record -o m.dat -e 'rec:*' -p "$lp" 2> m.err; rc=$?
[ $rc = 1 ] && grep -q "started by tpoint record" m.err
check $? "a program tpoint record started is not attached to again: $(cat m.err)"
touch l/stop; wait $rec

# --- trace -p and top -p
start_prog t 2
"$T" trace -e 'rec:rec_tick' -p $prog > t.out 2> t.err &
tr=$!
wait_for t.err "attached to $prog"
# Its events, as they come (a fixed half second was short on a loaded machine once).
wait_for t.out 'rec:rec_tick: .*s=live'
kill -INT $tr; wait $tr; rc=$?
[ $rc = 0 ] && grep -q 'rec:rec_tick: .*s=live' t.out && grep -q "detached from $prog" t.err
check $? "trace -p prints an attached program's events and detaches on Ctrl-C"
"$T" top -e rec:rec_seq --by t -p $prog > top.out 2> top.err &
tp=$!
wait_for top.err "attached to $prog"
sleep 1.2
kill -INT $tp; wait $tp; rc=$?
[ $rc = 0 ] && grep -q 'events, 2 keys' top.out
check $? "top -p counts an attached program's events"
stop_prog t
grep -q '^enabled 0$' t/out && ! tasks $prog | grep -q tpoint
check $? "after trace and top, the program's keys are off"

echo "1..$n"
exit $fail
