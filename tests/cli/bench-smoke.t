#!/bin/sh
# SPDX-License-Identifier: MIT
# A tiny run of the benchmark program (make bench runs it for real, beside LTTng-UST):
# every case runs and prints its line; recorded events are all in the file.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }

for c in empty disabled probe event floor; do
	out=$("$B/bench/tp-bench" $c 1000 2)
	echo "$out" | grep -Eq "^$c 2 [0-9.]+ [0-9]+ 2000 [0-9]+ [0-9.]+$"
	check $? "tp-bench $c 1000 2: $out"
done
"$B/tpoint" record -o "$W/b.dat" -e bench:bench_event -- "$B/bench/tp-bench" record 1000 2 \
	>/dev/null 2>"$W/err"
grep -q 'tpoint record: 2000 events, 0 lost' "$W/err"
check $? "tp-bench record under tpoint record: 2000 events in the file, none lost"
out=$("$B/bench/tp-bench" usdt 1000 1 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "run 'usdt' under a USDT tracer: bpftrace -e"
check $? "tp-bench usdt with no USDT tracer attached: refused, with how to run it"
out=$("$B/bench/tp-bench" startup)
echo "$out" | grep -Eq '^startup [0-9]+ 1$'
check $? "tp-bench startup: no thread of ours at main ($out)"
echo "1..$n"
exit $fail
