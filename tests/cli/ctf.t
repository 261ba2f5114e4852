#!/bin/sh
# SPDX-License-Identifier: MIT
# tpoint convert --to-ctf: a trace.dat as a CTF 1.8 trace that Debian's babeltrace2 reads
# without a word on stderr, every event as tpoint report gives it: its name, time (ns),
# CPU, thread and every field's value, typed (numbers, strings, arrays, the symbols of
# __print_symbolic() as an enum's), for the program's events and, where the kernel's can be
# recorded, signal:* with them in one file. The directory is whole or not there; bad uses
# are refused.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
P="$B/tests/rec-prog"
S="$B/samples/sample"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
if ! command -v babeltrace2 > /dev/null; then
	echo "1..0 # SKIP babeltrace2 is not installed (Debian's babeltrace2: scripts/deps.sh test)"
	exit 0
fi

# babeltrace2's text (--clock-cycles: the times in ns, as freq is 1 GHz) against report's
# JSON lines and text, event by event: cmp.py BABELTRACE_OUT REPORT_JSONL REPORT_TEXT
cat > cmp.py <<'PY'
import json, os, re, sys

ESC = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r",
       "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}
NUM = re.compile(r"-?(0x[0-9A-Fa-f]+|[0-9]+)")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

class Enum:
    def __init__(self, labels, value):
        self.labels, self.value = labels, value

class Parser:
    """babeltrace2's pretty text of a field: { a = 1, s = "x", l = [ [0] = 1 ], e = ( "red" : container = 1 ) }"""
    def __init__(self, text):
        self.t, self.i = text, 0
    def peek(self, tok):
        while self.t.startswith(" ", self.i):
            self.i += 1
        return self.t.startswith(tok, self.i)
    def eat(self, tok):
        if not self.peek(tok):
            raise ValueError("expected %r at %r" % (tok, self.t[self.i:self.i + 40]))
        self.i += len(tok)
    def match(self, rx):
        self.peek("")
        m = rx.match(self.t, self.i)
        if not m:
            raise ValueError("expected %s at %r" % (rx.pattern, self.t[self.i:self.i + 40]))
        self.i = m.end()
        return m.group(0)
    def string(self):
        self.eat('"')
        out = []
        while self.t[self.i] != '"':
            c = self.t[self.i]
            if c == "\\":
                c = ESC[self.t[self.i + 1]]
                self.i += 1
            out.append(c)
            self.i += 1
        self.i += 1
        return "".join(out)
    def items(self, close, item):
        if self.peek(close):
            self.eat(close)
            return
        while True:
            yield item()
            if not self.peek(","):
                break
            self.eat(",")
        self.eat(close)
    def struct(self):
        self.eat("{")
        def member():
            name = self.match(NAME)
            self.eat("=")
            return name, self.value()
        return dict(self.items("}", member))
    def array(self):
        self.eat("[")
        def element():
            self.eat("[")
            self.match(NUM)
            self.eat("]")
            self.eat("=")
            return self.value()
        return list(self.items("]", element))
    def enum(self):
        self.eat("(")
        labels = []
        if self.peek("<unknown>"):
            self.eat("<unknown>")
        else:
            labels.append(self.string())
            while self.peek(","):
                self.eat(",")
                labels.append(self.string())
        self.eat(":")
        self.eat("container")
        self.eat("=")
        v = int(self.match(NUM), 0)
        self.eat(")")
        return Enum(labels, v)
    def value(self):
        if self.peek('"'):
            return self.string()
        for tok, parse in (("{", self.struct), ("[", self.array), ("(", self.enum)):
            if self.peek(tok):
                return parse()
        return int(self.match(NUM), 0)

def same(ctf, js):
    """A field of babeltrace2 against report --json's: bytes arrays are strings in JSON."""
    if isinstance(ctf, Enum):
        ctf = ctf.value
    if isinstance(ctf, list) and isinstance(js, str):
        raw = bytes(ctf).split(b"\0")[0]
        return raw.decode("latin-1") == js
    return ctf == js

bt_lines = open(sys.argv[1], encoding="latin-1").read().splitlines()
rows = [json.loads(l) for l in open(sys.argv[2], encoding="latin-1")]
texts = [l for l in open(sys.argv[3], encoding="latin-1").read().splitlines() if not l.startswith("#")]
assert len(bt_lines) == len(rows) == len(texts) > 0, (len(bt_lines), len(rows), len(texts))
host = os.uname().nodename
LINE = re.compile(r"\[([0-9]+)\] (\S+) (\S+): (\{.*)$")
events, enums, labels = [], 0, set()
for l in bt_lines:
    m = LINE.match(l)
    assert m, l
    p = Parser(m.group(4))
    ctx = p.struct()
    p.eat(",")
    payload = p.struct()
    assert p.i == len(p.t), l
    assert m.group(2) == host, (m.group(2), host)
    events.append((int(m.group(1)), ctx["cpu_id"], m.group(3), payload))
# Both are in time order; a stream is a CPU's, whose order both keep among equal times.
order = lambda e: (e[0], e[1])
events.sort(key=order)
pairs = sorted(zip(rows, texts), key=lambda r: (r[0]["ts"], r[0]["cpu"]))
for (ts, cpu, name, payload), (r, text) in zip(events, pairs):
    assert (ts, cpu, name) == (r["ts"], r["cpu"], r["system"] + ":" + r["event"]), (ts, cpu, name, r)
    assert payload["common_pid"] == r["pid"], (payload, r)
    lengths = {k for k in payload if k.startswith("_") and k.endswith("_length")}
    own = set(payload) - lengths - {k for k in payload if k.startswith("common_")}
    assert own == set(r["fields"]), (name, sorted(own), sorted(r["fields"]))
    for k, v in r["fields"].items():
        assert same(payload[k], v), (name, k, payload[k], v)
        if "_%s_length" % k in lengths:
            assert payload["_%s_length" % k] == len(payload[k]), (name, k)
        if isinstance(payload[k], Enum):
            enums += 1
            # the symbol is the one report's TP_printk text shows
            assert not payload[k].labels or re.search(r"\b%s\b" % payload[k].labels[0], text), (text, payload[k].labels)
            labels.update(payload[k].labels)
print("ok %d events, %d enums, labels %s" % (len(events), enums, " ".join(sorted(labels))))
PY

# --- the program's events, with the kernel's signals where they can be recorded
if "$T" trace -e signal:signal_generate -- /bin/true > /dev/null 2>&1; then
	kernel=1
	"$T" record --missing-ok -o s.dat -e 'sample:*' -e 'signal:*' -- \
		sh -c "'$S' 3 && '$P' signals 20" > /dev/null 2>rec.err
	check $? "record sample 3 and rec-prog signals 20 (sample:* and signal:*)"
else
	kernel=0
	echo "# no kernel events: tracing is not permitted here"
	"$T" record -o s.dat -e 'sample:*' -- "$S" 3 > /dev/null 2>rec.err
	check $? "record sample 3"
fi
"$T" convert --to-ctf out s.dat 2>err
check $? "convert --to-ctf out ($(head -c 100 err))"
[ ! -s err ] && [ "$(head -1 out/metadata)" = "/* CTF 1.8 */" ] &&
	[ "$(ls out | grep -cv '^stream_[0-9]*$')" = 1 ] && [ -z "$(ls -A . | grep '^\.out')" ]
check $? "nothing said; out/ holds metadata and stream_CPU files, no temporary is left"
babeltrace2 --clock-cycles --no-delta out > bt.txt 2> bt.err
check $? "babeltrace2 reads it ($(head -c 200 bt.err))"
[ ! -s bt.err ]
check $? "without a warning or an error"
"$T" report --json s.dat > r.jsonl && "$T" report s.dat > r.txt
python3 cmp.py bt.txt r.jsonl r.txt > py.out 2>&1
check $? "every event as report gives it: name, time in ns, CPU, pid, every field ($(tail -1 py.out))"
[ "$(wc -l < bt.txt)" = "$(wc -l < r.jsonl)" ] && [ "$(grep -c ' sample:' bt.txt)" = 20 ]
check $? "as many events as report: the program's 20, and $(grep -c ' signal:' bt.txt) of the kernel's"
if [ $kernel = 1 ]; then
	[ "$(grep -c ' signal:signal_generate: .* comm = "rec-prog"' bt.txt)" -ge 20 ]
	check $? "the kernel's signal_generate events among them, typed (comm a string)"
fi
grep -q 'sample:foo_with_template_simple: .* color = ( "red" : container = 1 )' bt.txt &&
	grep -q 'color = ( "green" : container = 2 )' bt.txt &&
	grep -q 'color = ( "blue" : container = 4 )' bt.txt &&
	grep -q 'sample:sample_numbers: .* code = ( "DEAD" : container = 3735928559 )' bt.txt
check $? "__print_symbolic() fields are enums: color red/green/blue, code DEAD"
grep -q 'sample:foo_bar: .* foo = "hello", bar = ( "zero" : container = 0 ), _list_length = 2, list = \[ \[0\] = 1, \[1\] = 0 \], str = "(null)", _cpus_length = 1, cpus = \[ \[0\] = 5 \]' bt.txt &&
	grep -q 'sample:sample_numbers: .* u16s = \[ \[0\] = 1, \[1\] = 2, \[2\] = 65535, \[3\] = 0 \], s64s = \[ \[0\] = -1, \[1\] = 1099511627776 \]' bt.txt &&
	grep -q 'sample:foo_with_template_simple: .* delta = -1000, size = 1024, ptr = 0x[0-9A-F]*, ok = 1, s16 = 1, u8 = 1, pt = 0x[0-9A-F]*, .*_bytes_length = 4, bytes = \[ \[0\] = 0xDE, \[1\] = 0xAD, \[2\] = 0xBE, \[3\] = 0xEF \]' bt.txt
check $? "strings, arrays of int and u16, signed s64, sequences, pointers and bytes in hex"

# --- packets: a stream of about 1 MiB, in several
"$T" record -o big.dat -e 'sample:*' -- "$S" 1500 > /dev/null 2>&1 &&
	"$T" convert --to-ctf big big.dat && babeltrace2 --clock-cycles --no-delta big > big.txt 2> big.err
check $? "a file of $(wc -l < big.txt) events converted and read"
"$T" report --json big.dat > big.jsonl && "$T" report big.dat > big.rtxt &&
	[ ! -s big.err ] && python3 cmp.py big.txt big.jsonl big.rtxt > big.out 2>&1
check $? "every event as report gives it ($(tail -1 big.out))"
pk=$(babeltrace2 big -c sink.text.details 2>/dev/null | grep -c '^Packet beginning:')
[ "$pk" -ge 2 ] && [ "$(cat big/stream_* | wc -c)" -le $((pk * 270000)) ]
check $? "in packets of about 256 KiB ($pk for $(cat big/stream_* | wc -c) bytes)"

# --- events lost: each stream's events_discarded, as babeltrace2 reports them
# On one CPU (taskset, the recorder too): a program that migrates mid-run moves which
# CPU's losses come before its first event, which the model below counts apart.
taskset -c 0 "$T" record --buffer-size 64K --overwrite -o lost.dat -e 'sample:*' -- "$S" 20000 \
	> /dev/null 2>&1 &&
	"$T" convert --to-ctf lost lost.dat && babeltrace2 lost > lost.txt 2> lost.err
check $? "a file that lost events converted and read"
"$T" report lost.dat > lost.rtxt
python3 - lost.rtxt lost.err lost.txt <<'PY' > lost.out 2>&1
import re, sys
text = open(sys.argv[1]).read().splitlines()
events = int(re.match(r"# [^:]*: ([0-9]+) events", text[0]).group(1))
cpus = {c: (int(e), int(l)) for c, e, l in re.findall(r"cpu([0-9]+): ([0-9]+) events, ([0-9]+) lost", text[0])}
# Per CPU: the losses its pages count, and those before its first event, which have no
# packet before them (babeltrace2 says it "may have" discarded events there, no count).
pages, first, seen = dict.fromkeys(cpus, 0), dict.fromkeys(cpus, 0), set()
for l in text:
    m = re.match(r"CPU:([0-9]+) \[([0-9]+) EVENTS DROPPED\]", l)
    if m:
        pages[m.group(1)] += int(m.group(2))
        first[m.group(1)] += 0 if m.group(1) in seen else int(m.group(2))
    m = re.search(r"\[0*([0-9]+)\] +[0-9]+\.[0-9]+: ", l)
    if m:
        seen.add(m.group(1))
# A CPU's stream counts what its pages say; its stats' count where larger, at its end.
want = sum(pages[c] - first[c] + max(0, cpus[c][1] - pages[c]) for c in cpus if cpus[c][0])
said = [int(n) for n in re.findall(r"WARNING: Tracer discarded ([0-9]+) events", open(sys.argv[2]).read())]
lost = sum(l for e, l in cpus.values())
assert lost > 0 and sum(said) == want, (cpus, pages, first, said, text[:4])
assert len(open(sys.argv[3]).read().splitlines()) == events
print("ok %d events, %d lost, %d reported in %d discarded-events warnings" % (events, lost, sum(said), len(said)))
PY
check $? "babeltrace2 reports the losses that tpoint report shows ($(tail -1 lost.out))"

# The CPU's stats count 7 losses that no page placed: an empty packet at its stream's end,
# after its one packet (where babeltrace2 would say it "may have" lost events, no count).
taskset -c 0 "$T" record -o one.dat -e 'sample:*' -- "$S" 3 > /dev/null 2>&1 &&
	"$T" convert --to-ctf one one.dat &&
	babeltrace2 --clock-cycles --no-delta one > one.txt
cpu=$("$T" report one.dat | sed -n '1s/.*cpu\([0-9]*\): [1-9][0-9]* events.*/\1/p')
python3 -c '
import sys
d = open("one.dat", "rb").read()
at = d.index(b"overrun: 0", d.index(b"CPU: %s\nentries" % sys.argv[1].encode()))
open("stat.dat", "wb").write(d[:at] + b"overrun: 7" + d[at + 10:])' "$cpu" &&
	"$T" convert --to-ctf stat stat.dat &&
	babeltrace2 --clock-cycles --no-delta stat > stat.txt 2> stat.err
[ $? = 0 ] && [ "$(grep -c 'WARNING: Tracer discarded 7 events between' stat.err)" = 1 ] &&
	[ "$(wc -l < stat.err)" = 1 ] && [ -s one.txt ] && cmp -s stat.txt one.txt
check $? "losses the stats count and no page placed: at the stream's end ($(head -c 60 stat.err))"

# --- whole or nothing, and bad uses
mkdir full && touch full/keep
"$T" convert --to-ctf full s.dat 2>err; rc=$?
[ $rc = 1 ] && [ "$(ls -A full)" = keep ] && [ -z "$(ls -A . | grep '^\.full')" ] &&
	grep -q 'tpoint convert: full is there and is not empty' err
check $? "a DIR that is not empty: exit 1, said, left as it was ($(head -c 100 err))"
mkdir empty
"$T" convert --to-ctf empty/ s.dat 2>err && [ -s empty/metadata ]
check $? "an empty DIR (given as empty/) is made the trace"
touch afile
"$T" convert --to-ctf afile s.dat 2>err; rc=$?
[ $rc = 1 ] && [ ! -s afile ] && grep -q 'tpoint convert: afile is there and is not a directory' err
check $? "a DIR that is a file: exit 1, said"
"$T" convert --to-ctf nodir/out s.dat 2>err; rc=$?
[ $rc = 1 ] && [ ! -e nodir ] && grep -q 'tpoint convert: nodir/out: cannot write in nodir' err
check $? "a DIR in a directory that is not there: exit 1, said ($(head -c 80 err))"
"$T" convert --to-ctf /proc/tpoint-ctf s.dat 2>err; rc=$?
[ $rc = 1 ] && [ ! -e /proc/tpoint-ctf ] && grep -q 'tpoint convert: /proc/tpoint-ctf: cannot write in /proc' err
check $? "a DIR where nothing can be written: exit 1, said ($(head -c 80 err))"
"$T" convert --to-ctf x nope.dat 2>err; rc=$?
[ $rc = 1 ] && [ ! -e x ] && grep -q 'nope.dat' err
check $? "a FILE that is not there: exit 1, said, nothing written"
printf 'not a trace' > bad.dat
"$T" convert --to-ctf x bad.dat 2>err; rc=$?
[ $rc = 1 ] && [ ! -e x ] && [ -z "$(ls -A . | grep '^\.x')" ] && grep -q 'tpoint convert: bad.dat' err
check $? "a FILE that is not a trace: exit 1, said, nothing left ($(head -c 80 err))"
"$T" convert --to-ctf - s.dat 2>err; rc=$?
[ $rc = 2 ] && grep -q 'name a directory' err
check $? "--to-ctf -: exit 2, a directory is needed"
"$T" convert --to-ctf x --to-json y s.dat 2>err; rc=$?
[ $rc = 2 ] && grep -q 'one output at a time' err && [ ! -e x ] && [ ! -e y ]
check $? "two outputs at once: exit 2"
"$T" help convert > help.txt && grep -q -- '--to-ctf DIR' help.txt
check $? "tpoint help convert names --to-ctf"

echo "1..$n"
exit $fail
