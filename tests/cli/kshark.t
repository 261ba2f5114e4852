#!/bin/sh
# SPDX-License-Identifier: MIT
# KernelShark shows every event of tpoint's files: libkshark (KernelShark 2.2's data library)
# loads a file of the program's events beside the kernel's and names each of them, with the
# same info text tpoint report prints. KernelShark keeps event ids as 16-bit signed numbers,
# so the program's ids in a file are written below 32768 and clear of the kernel's.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
K="$B/tests/kshark-check"
if [ ! -x "$K" ]; then
	echo "1..0 # SKIP libkshark is not installed (Debian's libkshark-dev, libjson-c-dev: scripts/deps.sh test)"
	exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }

# With the kernel's sched_switch where tracing is permitted (root, tracefs), else alone.
kev="-e sched:sched_switch"
[ "$(id -u)" = 0 ] && [ -d /sys/kernel/tracing/events/sched ] || kev=""
[ -n "$kev" ] || echo "# the kernel's events are not permitted here: the program's alone"
"$T" record -o mix.dat -e 'sample:*' $kev -- "$B/samples/sample" 3 >/dev/null 2>err
check $? "record -e 'sample:*' $kev -- sample 3 ($(tail -1 err))"
"$K" mix.dat > ks.txt 2>ks.err
check $? "libkshark loads the file ($(head -c 100 ks.err))"

# The program's events as KernelShark names them, and as tpoint report prints them.
awk -F'\t' '$2 ~ /^sample\//' ks.txt > ks.user
"$T" report mix.dat | grep -v '^#' | sed -n 's/^.*\] *[0-9.]*: \(sample\):\([a-z_]*\): \(.*\)$/\1\/\2\t\3/p' > tp.user
[ "$(wc -l < ks.user)" = 20 ] && [ "$(wc -l < tp.user)" = 20 ]
check $? "KernelShark names all 20 of the program's events ($(wc -l < ks.user) named, $(grep -c '(none)' ks.txt) without a name or text)"
cut -f2,3 ks.user > ks.cmp
cmp -s ks.cmp tp.user
check $? "each shows the info text tpoint report prints ($(diff ks.cmp tp.user | head -3 | tr '\n' ' '))"
! grep -q '(none)' ks.txt
check $? "no entry of the file lacks a name or an info text"
awk -F'\t' '$2 ~ /^sample\// && ($1 < 0 || $1 > 32767) { bad = 1 } END { exit bad }' ks.txt
check $? "the program's ids fit KernelShark's 16-bit signed ids"
kmax=$(awk -F'\t' '$2 !~ /^sample\// { if ($1 > m) m = $1 } END { print m + 0 }' ks.txt)
awk -F'\t' -v k="$kmax" '$2 ~ /^sample\// && $1 <= k { bad = 1 } END { exit bad }' ks.txt
check $? "and stay clear of the kernel's ids in the file (above $kmax)"
if [ -n "$kev" ]; then
	[ "$(grep -c '	sched/sched_switch	' ks.txt)" -gt 0 ]
	check $? "the kernel's sched_switch events are there too, on the same timeline"
fi

# The same through trace-cmd: its report names them as tpoint report does.
trace-cmd report mix.dat 2>/dev/null | grep -c ' foo_bar: ' > tc.n
[ "$(cat tc.n)" = 3 ]
check $? "trace-cmd report names them too (foo_bar: $(cat tc.n))"

echo "1..$n"
exit $fail
