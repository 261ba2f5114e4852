#!/bin/sh
# SPDX-License-Identifier: MIT
# A program whose TRACE_SYSTEM is also a kernel system (clash-prog: its own
# signal:signal_generate): -e 'signal:*' names the program's and the kernel's events,
# 'user:signal:*' only the program's, 'kernel:signal:*' only the kernel's; in record and in
# report. -F: the kernel's events of the program only.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
P="$B/tests/clash-prog"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
own() { "$T" report "$@" | grep -c "signal:signal_generate: the program's own sig="; }
kern() { "$T" report "$@" | grep -v '^#' | grep -c "signal:signal_generate: sig=10 "; }

# The program's side alone works without tracefs.
"$T" record -F -o u.dat -e 'user:signal:signal_generate' -- "$P" 3 > /dev/null 2>err
check $? "record -e 'user:signal:signal_generate' ($(tail -1 err))"
[ "$(own u.dat)" = 3 ] && [ "$("$T" report u.dat | grep -vc '^#')" = 3 ]
check $? "user: records the program's 3 events, and nothing of the kernel's"
"$T" record -F -o x.dat -e 'user:signal:nope' -- "$P" 3 > /dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "names no event" err
check $? "user: with an event the program does not have: exit 2, names no event"
"$T" record -F -o f.dat -e 'user:signal:*' -f 'sig == 1001' -- "$P" 3 > /dev/null 2>err
[ "$(own f.dat)" = 1 ] && "$T" report f.dat | grep -q "own sig=1001"
check $? "user: with a filter: the program applies it (sig == 1001: $(own f.dat) event)"

if [ "$(id -u)" != 0 ] || [ ! -d /sys/kernel/tracing/events/signal ]; then
	echo "# skip the kernel's side: needs root and tracefs"
else
	"$T" record -F -o both.dat -e 'signal:signal_generate' -- "$P" 3 > /dev/null 2>err
	check $? "record -e 'signal:signal_generate': the program's and the kernel's"
	[ "$(own both.dat)" = 3 ] && [ "$(kern both.dat)" = 3 ]
	check $? "both: 3 of the program's, 3 of the kernel's (SIGUSR1 raised): $(own both.dat) and $(kern both.dat)"
	"$T" record -F -o k.dat -e 'kernel:signal:*' -- "$P" 3 > /dev/null 2>err
	check $? "record -e 'kernel:signal:*'"
	[ "$(own k.dat)" = 0 ] && [ "$(kern k.dat)" = 3 ]
	check $? "kernel: only the kernel's 3, none of the program's ($(own k.dat) own)"
	[ "$(own -e 'user:signal:*' both.dat)" = 3 ] && [ "$(kern -e 'user:signal:*' both.dat)" = 0 ]
	check $? "report -e 'user:signal:*' on the file of both: the program's only"
	[ "$(own -e 'kernel:signal:*' both.dat)" = 0 ] && [ "$(kern -e 'kernel:signal:*' both.dat)" = 3 ]
	check $? "report -e 'kernel:signal:*': the kernel's only"
fi

echo "1..$n"
exit $fail
