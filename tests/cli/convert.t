#!/bin/sh
# SPDX-License-Identifier: MIT
# tpoint convert: a trace.dat as the kernel's own trace text (--to-systrace, which Perfetto
# imports), checked line for line against the kernel's trace file for the same events; and
# as Chrome trace-event JSON (--to-json), every event with its typed fields, each thread
# named. Outputs are whole or not there; bad uses are refused.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
P="$B/tests/rec-prog"
W=$(mktemp -d)
TR=/sys/kernel/tracing
I=tpconv$$
trap 'rmdir "$TR/instances/$I" 2>/dev/null; rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }

"$T" record -o s.dat -e 'sample:*' -- "$B/samples/sample" 3 >/dev/null 2>&1
check $? "record sample 3"

# --- the program's events as the kernel's trace text
"$T" convert --to-systrace s.txt s.dat 2>err
check $? "convert --to-systrace ($(head -c 100 err))"
head -1 s.txt | grep -qx '# tracer: nop' &&
	grep -qx '# entries-in-buffer/entries-written: 20/20   #P:[0-9]*' s.txt &&
	grep -qx '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION' s.txt
check $? "the nop tracer's header, the counts, the column names"
# tpoint report's "comm-pid [cpu] ts: system:name: text" against "comm-pid [cpu] ..... ts: name: text"
"$T" report s.dat | grep -v '^#' | sed -E -e 's/^ *//' -e 's/ +/ /g' -e 's/\] ([0-9.]+): [a-z_]+:/] \1: /' > r.norm
grep -v '^#' s.txt | sed -E -e 's/^ *//' -e 's/ +/ /g' -e 's/\] \.\.\.\.\. ([0-9.]+):/] \1:/' > s.norm
[ "$(wc -l < s.norm)" = 20 ] && cmp -s r.norm s.norm
check $? "each of the 20 events: TASK-PID, CPU, flags '.....', time, name, the TP_printk text"
grep -v '^#' s.txt | head -1 | grep -Eq '^ {10}sample-[0-9]+ +\[[0-9]{3}\] \.\.\.\.\. +[0-9]+\.[0-9]{6}: [a-z_]+: '
check $? "in the kernel's columns: %16s-%-7d [%03d] flags %5lu.%06lu"

# --- kernel events: the same text as the kernel's own trace file
if [ "$(id -u)" != 0 ] || [ ! -d "$TR/events/signal" ] || ! command -v trace-cmd >/dev/null; then
	echo "# skip the kernel's trace file: needs root, tracefs at $TR and trace-cmd"
else
	mkdir "$TR/instances/$I" && echo mono > "$TR/instances/$I/trace_clock" &&
		echo 1 > "$TR/instances/$I/events/signal/enable" && "$P" signals 50 > /dev/null &&
		echo 0 > "$TR/instances/$I/tracing_on" && cat "$TR/instances/$I/trace" > kernel.txt &&
		trace-cmd extract -B "$I" -o k.dat > /dev/null 2>&1
	rmdir "$TR/instances/$I" 2>/dev/null
	"$T" convert --to-systrace k.txt k.dat 2>err
	check $? "convert --to-systrace of trace-cmd's extract of the same instance"
	grep -v '^#' kernel.txt > k1; grep -v '^#' k.txt > k2
	[ "$(wc -l < k1)" -ge 50 ] && cmp -s k1 k2
	check $? "every event line equals the kernel's trace file, byte for byte ($(wc -l < k1) lines; $(diff k1 k2 | head -2 | tr '\n' ' '))"
	grep -v 'entries-in-buffer' kernel.txt | grep '^#' > h1; grep -v 'entries-in-buffer' k.txt | grep '^#' > h2
	cmp -s h1 h2
	check $? "and the header's lines (but the buffer counts) are the kernel's"
fi

# --- losses, as the kernel's trace file shows them
"$T" record -o small.dat --buffer-size 8K -e 'rec:*' -- "$P" burst 200000 2 > /dev/null 2>&1
"$T" convert --to-systrace small.txt small.dat
dropped=$("$T" report small.dat | grep -c 'EVENTS DROPPED')
lostl=$(grep -Ec '^CPU:[0-9]+ \[LOST ([0-9]+ )?EVENTS\]$' small.txt)
ev=$("$T" report small.dat | sed -n 's/^# [^:]*: \([0-9]*\) events, \([0-9]*\) lost.*/\1 \2/p')
[ "$dropped" -gt 0 ] && [ "$lostl" = "$dropped" ] &&
	grep -qx "# entries-in-buffer/entries-written: ${ev% *}/$(( ${ev% *} + ${ev#* } ))   #P:[0-9]*" small.txt
check $? "losses: a CPU:N [LOST ...] line where report says DROPPED ($lostl of $dropped), entries-written counts them ($ev)"

# --- Chrome trace-event JSON
"$T" convert --to-json s.json s.dat 2>err
check $? "convert --to-json ($(head -c 100 err))"
"$T" report --json s.dat > s.jsonl
python3 - s.json s.jsonl <<'PY' > py.out 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open(sys.argv[2])]
ev = [e for e in d["traceEvents"] if e["ph"] == "i"]
meta = [e for e in d["traceEvents"] if e["ph"] == "M"]
assert d["displayTimeUnit"] == "ns"
assert len(ev) == len(lines) == 20, (len(ev), len(lines))
for e, l in zip(ev, lines):
    assert e["name"] == l["system"] + ":" + l["event"] and e["cat"] == l["system"], e
    assert e["tid"] == l["pid"] and e["pid"] == l["pid"] and e["s"] == "t", e
    assert abs(e["ts"] * 1000 - l["ts"]) < 1, (e["ts"], l["ts"])
    assert e["args"] == l["fields"], (e["args"], l["fields"])
names = {(m["name"], m["tid"]): m["args"]["name"] for m in meta}
for l in lines:
    assert names[("thread_name", l["pid"])] == l["comm"], l
    assert names[("process_name", l["pid"])] == l["comm"], l
print("ok", len(ev), len(meta))
PY
check $? "valid JSON: 20 instant events, name, category, thread, time and every field as report --json; threads named ($(tail -1 py.out))"

# --- threads and their process: report --json's tgid, Chrome's pid
"$T" record -o th.dat -e 'rec:*' -- "$P" threads 3 > prog.out 2>&1
"$T" report --json th.dat | grep '"system":"rec"' > th.jsonl
"$T" convert --to-json th.json th.dat 2>err
python3 - th.jsonl th.json <<'PY' > py2.out 2>&1
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
d = json.load(open(sys.argv[2]))
tgids = {l.get("tgid") for l in lines}
tids = {l["pid"] for l in lines}
assert len(lines) > 3 and len(tgids) == 1 and None not in tgids, tgids
tgid = tgids.pop()
assert len(tids) >= 3 and tgid not in tids, (tids, tgid)   # the threads, not main
ev = [e for e in d["traceEvents"] if e["ph"] == "i" and e["cat"] == "rec"]
assert {e["pid"] for e in ev} == {tgid} and {e["tid"] for e in ev} == tids
meta = {(m["name"], m["pid"], m["tid"]) for m in d["traceEvents"] if m["ph"] == "M"}
assert any(k == "process_name" and p == tgid for k, p, t in meta), meta
assert all(("thread_name", tgid, t) in meta for t in tids), meta
print("ok", tgid, sorted(tids))
PY
check $? "each event's thread (pid) and process (tgid) in report --json; Chrome JSON's pid is the process, its threads named ($(tail -1 py2.out))"
trace-cmd report th.dat > /dev/null 2> tc.err && ! grep -qi 'unknown\|warn' tc.err
check $? "trace-cmd reads the file with its TGIDS option without a word ($(head -c 80 tc.err))"

# --- whole or nothing, and bad uses
"$T" convert --to-json - s.dat | python3 -c 'import json,sys; json.load(sys.stdin)'
check $? "OUT '-' writes to standard output"
printf 'not a trace' > bad.dat
"$T" convert --to-systrace out.txt bad.dat 2>err; rc=$?
[ $rc = 1 ] && [ ! -e out.txt ] && [ -z "$(ls -A . | grep '^\.out')" ] && grep -q 'tpoint convert: bad.dat' err
check $? "a file that is not a trace: exit 1, said, no output left ($(head -c 100 err))"
"$T" convert --to-json nodir/x.json s.dat 2>err; rc=$?
[ $rc = 1 ] && grep -q 'tpoint convert: nodir/x.json: cannot write in nodir' err
check $? "an output in a directory that is not there: exit 1, said ($(head -c 80 err))"
"$T" convert s.dat 2>err; rc=$?
[ $rc = 2 ] && grep -q 'say what to convert to' err
check $? "no --to-*: exit 2, saying what to give"
"$T" convert --to-json a --to-systrace b s.dat 2>err; rc=$?
[ $rc = 2 ] && grep -q 'one output at a time' err
check $? "two outputs at once: exit 2"
"$T" convert --to-json x.json nope.dat 2>err; rc=$?
[ $rc = 1 ] && [ ! -e x.json ] && grep -q 'nope.dat' err
check $? "a file that is not there: exit 1, nothing written"
# A write that fails partway (a file system that fills up): said with its reason, exit 1,
# nothing left in OUT's place; standard output closed early (| head) is a normal end.
"$T" record -o big.dat -e 'rec:*' -- "$P" burst 20000 > /dev/null 2>&1
"$T" convert --to-systrace - big.dat 2>err | head -1 > /dev/null
[ ! -s err ]
check $? "| head: no message when standard output closes ($(head -c 80 err))"
if [ "$(id -u)" = 0 ] && mkdir small && mount -t tmpfs -o size=64k tpconv small 2>/dev/null; then
	"$T" convert --to-json small/big.json big.dat 2>err; rc=$?
	[ $rc = 1 ] && grep -q 'No space left on device' err && [ -z "$(ls -A small)" ]
	check $? "a file system that fills up: exit 1, why, nothing left ($(head -c 120 err | tr '\n' ' '))"
	umount small
else
	echo "# skip the full file system: needs root to mount a small tmpfs"
fi
"$T" help convert > help.txt; rc=$?
[ $rc = 0 ] && grep -q -- '--to-systrace' help.txt
check $? "tpoint help convert"

echo "1..$n"
exit $fail
