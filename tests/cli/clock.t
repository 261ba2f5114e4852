#!/bin/sh
# SPDX-License-Identifier: MIT
# The recording's clock. Where the CPU says its TSC is invariant, tpoint record stamps user
# events with the TSC and kernel events with the instance's x86-tsc clock, and the file
# turns ticks into CLOCK_MONOTONIC ns with trace-cmd's TSC2NSEC and OFFSET options. Checked
# against the truth: every event lies between two CLOCK_MONOTONIC reads the program made
# around it (within the error the report states); trace-cmd prints the same times; a user
# event fired just before a signal sorts just before the kernel's signal_generate.
# --clock mono keeps CLOCK_MONOTONIC throughout.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
P="$B/tests/rec-prog"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
norm() { grep -v -e '^#' -e '^cpus=' | sed -e 's/^ *//' -e 's/  */ /g' |
	sed -E 's/^(.*\] [0-9.]+: )[a-z_-]+:([a-z_]+: )/\1\2/'; }
# "i before after" from the program, "ts seq" from the file: events outside [before - E,
# after + E], E the stated error in ns
outside() { awk -v e="$1" 'NR == FNR { lo[$1] = $2 - e; hi[$1] = $3 + e; next }
	{ if (!($2 in lo) || $1 < lo[$2] || $1 > hi[$2]) bad++; n++ }
	END { print n + 0, bad + 0 }' "$2" "$3"; }
tsjson() { "$T" report "$1" --json | sed -n 's/^{"ts":\([0-9]*\),.*"seq":\([0-9]*\)}}$/\1 \2/p'; }

"$T" record -o bad.dat --clock sundial -e 'rec:*' -- "$P" exit 0 2>err; rc=$?
[ $rc = 2 ] && grep -q "tpoint record: --clock 'sundial': give tsc, mono or auto" err && [ ! -e bad.dat ]
check $? "--clock sundial: refused before anything runs, with the choices"

# --- --clock mono: CLOCK_MONOTONIC ns as read, no conversion
"$T" record -o mono.dat --clock mono -e rec:rec_seq -- "$P" clock 20 1000 > mono.out 2>/dev/null
"$T" report mono.dat > mono.txt
grep -qx '# clock: mono' mono.txt
check $? "--clock mono: the header says so ($(grep '^# clock' mono.txt))"
tsjson mono.dat > mono.ts
[ "$(outside 0 mono.out mono.ts)" = "20 0" ]
check $? "--clock mono: every event between the program's two reads around it ($(outside 0 mono.out mono.ts))"

if ! grep -qw constant_tsc /proc/cpuinfo || ! grep -qw nonstop_tsc /proc/cpuinfo; then
	"$T" record -o tsc.dat --clock tsc -e 'rec:*' -- "$P" exit 0 2>err; rc=$?
	[ $rc = 2 ] && grep -q 'TSC is invariant' err
	check $? "--clock tsc where the TSC is not invariant: refused, saying why"
	echo "1..$n # the TSC is not invariant here: the TSC clock's checks are skipped"
	exit $fail
fi

# --- auto: the TSC, converted; 40 events over 2 seconds
"$T" record -o tsc.dat -e rec:rec_seq -- "$P" clock 40 50000 > tsc.out 2>/dev/null
"$T" report tsc.dat > tsc.txt
line=$(grep '^# clock' tsc.txt)
err=$(echo "$line" | sed -n 's/.*, within \([0-9]*\) ns$/\1/p')
readings=$(echo "$line" | sed -n 's/.* \([0-9]*\) readings.*/\1/p')
echo "$line" | grep -Eq '^# clock: x86-tsc, converted to ns \(TSC2NSEC mult [0-9]+ shift [0-9]+, offset -?[0-9]+ ns\): x86-tsc calibrated against CLOCK_MONOTONIC over [0-9.]+ s, [0-9]+ readings, within [0-9]+ ns$' &&
	[ "$readings" -ge 10 ] && [ "$err" -lt 20000 ]
check $? "auto picks the TSC here; the header states the conversion and its error ($line)"
tsjson tsc.dat > tsc.ts
[ "$(outside "$err" tsc.out tsc.ts)" = "40 0" ]
check $? "TSC-stamped events are CLOCK_MONOTONIC times: each between the program's reads, within $err ns ($(outside "$err" tsc.out tsc.ts))"
trace-cmd report tsc.dat > tc.txt 2>/dev/null && [ "$(norm < tc.txt | wc -l)" = 40 ] &&
	norm < tsc.txt > a && norm < tc.txt > b && cmp -s a b
check $? "trace-cmd report converts the ticks the same: every line, time included"
"$T" record -o tsc2.dat --clock tsc -e rec:rec_seq -- "$P" clock 3 0 > /dev/null 2>&1 &&
	"$T" report tsc2.dat | grep -q '^# clock: x86-tsc, converted'
check $? "--clock tsc asks for it by name; a run of a few microseconds still gets a conversion"

# --- kernel events on the same counter (root, tracefs)
if ! "$T" trace -e signal:signal_generate -- /bin/true >/dev/null 2>probe.err; then
	echo "# kernel tracing not permitted here: $(head -1 probe.err); the interleaving checks are skipped"
	echo "1..$n"
	exit $fail
fi
for clock in tsc mono; do
	"$T" record -o k.dat --clock $clock -e rec:rec_seq -e signal:signal_generate \
		-f 'sig == 10' -- "$P" kills 300 > /dev/null 2>&1
	"$T" report k.dat > k.txt
	# rec_seq seq=i, then the kernel's SIGUSR1 to the same process, 300 times over
	got=$(grep -v '^#' k.txt | awk 'BEGIN { want = "seq" }
		/rec:rec_seq:/ { if (want != "seq") bad++; want = "sig"; n++ }
		/signal:signal_generate:/ { if (want != "sig") bad++; want = "seq"; k++ }
		END { print n + 0, k + 0, bad + 0 }')
	[ "$got" = "300 300 0" ]
	check $? "--clock $clock: each user event sorts right before the kernel event it caused (user, kernel, out of order: $got)"
done
grep -q '^# clock: mono' k.txt && "$T" record -o k2.dat -e signal:signal_generate -- "$P" kills 3 >/dev/null 2>&1 &&
	"$T" report k2.dat | grep -q '^# clock: x86-tsc, converted'
check $? "kernel events alone are recorded on the TSC too, converted"

echo "1..$n"
exit $fail
