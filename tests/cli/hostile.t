#!/bin/sh
# SPDX-License-Identifier: MIT
# A traced program that writes garbage over the memory it shares with its recorder
# (tests/cli/hostile.c), recorded by the tool built with ASan and UBSan: the recorder does
# not crash or read out of bounds, says what the program damaged, prints believable
# counts, and leaves a file tpoint report reads.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tests/tpoint-asan"
H="$B/tests/hostile"
P="$B/tests/rec-prog"
SUPP=$(cd "$(dirname "$0")/../fuzz" && pwd)/lsan.supp
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
export ASAN_OPTIONS=detect_leaks=1:exitcode=86 UBSAN_OPTIONS=print_stacktrace=1:exitcode=86
# libtracefs keeps the tracing directory's name for the process: not ours to free.
export LSAN_OPTIONS=suppressions="$SUPP":print_suppressions=0

# A believable summary: "N events, M lost", M below 2^40.
sane() { sed -n 's/.*tpoint record: \([0-9]*\) events, \([0-9]*\) lost.*/\1 \2/p' "$1" |
	awk '{ exit !($1 > 0 && $2 < 1099511627776) }'; }

for seed in 1 2 3 4 5 6; do
	rounds=40
	[ $seed -gt 4 ] && rounds=3	# ring and pages only: the registry stays whole
	"$T" record -o h$seed.dat -e 'rec:*' -- "$H" $seed $rounds >out 2>err; rc=$?
	! grep -q -e 'Sanitizer' -e 'runtime error' err && [ $rc != 86 ] && [ $rc -lt 128 ]
	check $? "seed $seed: the recorder survives a program that writes over its memory (exit $rc)"
	[ $fail = 0 ] || sed 's/^/# /' err
	if [ $seed -le 4 ]; then
		grep -q 'wrote over' err
		check $? "seed $seed: it says what the program damaged"
	fi
	sane err
	check $? "seed $seed: the counts it prints are believable"
	"$B/tpoint" report h$seed.dat >rep 2>rerr
	check $? "seed $seed: tpoint report reads the file"
	if [ $seed -gt 4 ]; then
		grep -q 'rec:rec_tick: n=[0-9]* v=[0-9]* s=hostile' rep
		check $? "seed $seed: the events the program fired print with their format"
	fi
done
# Snapshots of its ring, taken in place while it writes over it (--snapshot-on scans every
# new page, each firing writes one): the same, and every snapshot reads.
for seed in 1 3 5; do
	"$T" record -o s$seed.dat --buffer-size 64K --snapshot-on rec:rec_tick -- "$H" $seed 40 \
		>out 2>err; rc=$?
	! grep -q -e 'Sanitizer' -e 'runtime error' err && [ $rc != 86 ] && [ $rc -lt 128 ]
	check $? "seed $seed, --snapshot-on: the recorder survives (exit $rc, $(grep -c 'snapshot [0-9]*:' err) snapshots)"
	[ $fail = 0 ] || sed 's/^/# /' err
	bad=0
	for f in s$seed.dat.*; do
		[ -e "$f" ] || continue
		"$B/tpoint" report "$f" >/dev/null 2>&1 || bad=1
	done
	check $bad "seed $seed, --snapshot-on: tpoint report reads every snapshot"
done
# A task record that names the recorder itself as one of the program's processes: the
# recorder reads the functions only of processes the kernel says descend from the program
# (the file's kallsyms holds the program's, [hostile], and none of tpoint's own).
"$T" record -o forged.dat -e 'rec:*' -- "$H" forge-tgid > out 2> err
[ "$(grep -ac '\[tpoint' forged.dat)" = 0 ] && [ "$(grep -ac '\[hostile\]' forged.dat)" -gt 0 ]
check $? "a forged tgid (the recorder's pid) does not make it read its own functions into the file ($(grep -ac '\[tpoint' forged.dat) lines of tpoint's)"

# The task name the program forged with a newline and an escape is made printable.
"$T" record -o names.dat -e 'rec:*' -- "$H" 7 40 >/dev/null 2>err
grep -a 'evil' names.dat > name.line
grep -q '4242 evil?name?\[2J$' name.line && ! grep -q "$(printf '\033')" name.line
check $? "a task name with control characters is made printable"

# The program cannot shrink the session memory under the recorder (it is sealed): the
# recorder would fault reading the pages gone.
"$T" record -o shrink.dat -e 'rec:*' -- "$P" shrink >out 2>err; rc=$?
"$B/tpoint" report shrink.dat > rep 2>&1
[ $rc = 0 ] && grep -q '^shrink refused$' out && [ "$(grep -c 'rec:rec_tick' rep)" = 11 ]
check $? "the program cannot shrink the session memfd (sealed): exit $rc, $(cat out)"

echo "1..$n"
exit $fail
