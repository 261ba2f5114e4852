#!/bin/sh
# SPDX-License-Identifier: MIT
# Every tracepoint is a USDT probe: Debian's bpftrace (0.17) attaches to usdt-prog's and to
# those of a library it loads with dlopen, sees every event fired with its arguments, and
# its uprobes' reference counter (the semaphore: the USDT half of the tracepoint's key)
# turns the tracepoints on while it is attached, and off again when it goes.
# As root; skipped, with the reason, where bpftrace, BPF or uprobes are not available.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
W=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$W"' EXIT
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
skip() { echo "1..0 # SKIP $1"; exit 0; }
# bpftrace -e PROGRAM [ARGS...] > FILE: bounded; its warning about RLIMIT_MEMLOCK dropped.
bt() { timeout 60 bpftrace "$@" 2>&1 | grep -v 'RLIMIT_MEMLOCK'; }
# The file's lines matching a pattern, sorted (events from several CPUs may come unordered).
lines() { grep "$1" "$2" | sort; }
# wait_ready FILE: the pid the program printed ("ready PID"), waiting up to 10 s.
wait_ready() {
	i=0
	while [ $i -lt 100 ]; do
		sed -n 's/^ready \([0-9]*\)$/\1/p' "$1" | grep . && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

[ "$(id -u)" = 0 ] || skip "needs root: bpftrace loads BPF programs and attaches uprobes"
command -v bpftrace > /dev/null || skip "bpftrace is not installed (scripts/deps.sh test installs it)"
[ -d /sys/bus/event_source/devices/uprobe ] || skip "the kernel has no uprobe PMU (CONFIG_UPROBE_EVENTS)"
if ! bt -e 'BEGIN { exit(); }' > "$W/pre" || grep -q '^ERROR' "$W/pre"; then
	skip "bpftrace cannot run here: $(grep -m1 . "$W/pre")"
fi

cd "$B/tests" || exit 1
readelf -n usdt-prog > "$W/notes"
sem=$(nm usdt-prog | awk '$3 == "__tracepoint_usdt_request" { print $1 }')
grep -A2 'Name: usdt_request' "$W/notes" | grep -q "Semaphore: 0x0*$(printf '%x' $((0x${sem:-0} + 4)))\$" &&
	grep -A3 'Name: usdt_request' "$W/notes" | grep -q 'Arguments: -4@[^ ]* -8@[^ ]* 8@[^ ]*$'
check $? "readelf -n: usdt_app:usdt_request's note, 3 arguments, semaphore = its key's USDT half"

bt -l 'usdt:./usdt-prog:*' > "$W/list"
grep -qx 'usdt:./usdt-prog:usdt_app:usdt_request' "$W/list" &&
	grep -qx 'usdt:./usdt-prog:usdt_app:usdt_done' "$W/list"
check $? "bpftrace -l lists the program's tracepoints as usdt:./usdt-prog:usdt_app:*"

./usdt-prog run 1 > "$W/plain"
grep -qx 'enabled=0' "$W/plain"
check $? "without a tracer the tracepoints are disabled"

# --- bpftrace -c: every event, with its arguments; the semaphore turns the events on
for i in 0 1 2 3 4; do echo "req id=$i size=$((1000 * i - 7)) path=req-$i"; done | sort > "$W/want"
bt -e 'struct usdt_point { long x; long y; }
	usdt:./usdt-prog:usdt_app:usdt_request {
	printf("req id=%d size=%d path=%s\n", arg0, arg1, str(arg2)); }
	usdt:./usdt-prog:usdt_app:usdt_at {
	printf("at x=%d y=%d\n", ((struct usdt_point *)arg0)->x, ((struct usdt_point *)arg0)->y); }
	usdt:./usdt-prog:usdt_app:usdt_done { printf("done count=%d\n", arg0); }' \
	-c './usdt-prog run 5' > "$W/c.out"
lines '^req ' "$W/c.out" | cmp -s - "$W/want" && grep -qx 'done count=5' "$W/c.out"
check $? "bpftrace -c ./usdt-prog: 5 usdt_request with their numbers and strings, then usdt_done" ||
	sed 's/^/#   /' "$W/c.out"
grep -qx 'at x=42 y=-42' "$W/c.out"
check $? "a struct passed by value reaches bpftrace by its address: usdt_at's x and y read through it"
grep -qx 'enabled=1' "$W/c.out"
check $? "under bpftrace the program sees its tracepoints enabled (the kernel set the semaphore)"

# --- bpftrace -p PID: attach to a running program; detach turns the key back to 0
./usdt-prog wait 3 > "$W/w.out" 2>&1 &
pids="$pids $!"; wpid=$!
if pid=$(wait_ready "$W/w.out"); then
	bt -p "$pid" -e 'usdt:./usdt-prog:usdt_app:usdt_request {
		printf("req id=%d size=%d path=%s\n", arg0, arg1, str(arg2)); }
		usdt:./usdt-prog:usdt_app:usdt_done { printf("done count=%d\n", arg0); exit(); }' \
		> "$W/p.out"
fi
wait "$wpid"; rc=$?
head -3 "$W/want" > "$W/want3"
lines '^req ' "$W/p.out" | cmp -s - "$W/want3" && grep -qx 'done count=3' "$W/p.out"
check $? "bpftrace -p PID on a running program: 3 usdt_request with their arguments, then usdt_done" ||
	sed 's/^/#   /' "$W/p.out" "$W/w.out"
grep -qx 'tpoint probe: 3 events, then enabled=1' "$W/w.out"
check $? "a tpoint probe attached and detached meanwhile: it saw the 3 events, and left bpftrace's half of the key alone"
[ $rc = 0 ] && grep -qx 'enabled=1' "$W/w.out" && grep -qx 'key=0' "$W/w.out"
check $? "the program saw its tracepoints enabled while bpftrace was attached, and its key 0 once it exited"

# --- a library loaded with dlopen: its probes, by its path
L=$B/tests/libusdt-lib.so
LIBPROG="usdt:$L:usdt_lib:usdt_lib_hit { printf(\"hit n=%u delta=%d tag=%s\\n\", arg0, arg1, str(arg2)); }
	usdt:$L:usdt_lib:usdt_lib_done { printf(\"done count=%d\\n\", arg0); exit(); }"
for i in 0 1 2 3; do echo "hit n=$i delta=$((1000 * i - 5)) tag=tag-$i"; done | sort > "$W/lwant"

# bpftrace -p PID once the program has loaded the library
./usdt-prog dlopen "$L" 4 > "$W/d.out" 2>&1 &
pids="$pids $!"; dpid=$!
if pid=$(wait_ready "$W/d.out"); then
	i=0
	while ! grep -q libusdt-lib "/proc/$pid/maps" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	bt -p "$pid" -e "$LIBPROG" > "$W/dp.out"
fi
wait "$dpid"; rc=$?
lines '^hit ' "$W/dp.out" | cmp -s - "$W/lwant" && grep -qx 'done count=4' "$W/dp.out" &&
	[ $rc = 0 ] && grep -qx 'lib disabled' "$W/d.out"
check $? "bpftrace -p PID, a library the program loaded with dlopen: its 4 events with their arguments; off again after" ||
	sed 's/^/#   /' "$W/dp.out" "$W/d.out"

# bpftrace on the library's path first (every process), then a program that loads it later:
# the kernel sets the semaphore when dlopen maps the library.
bt -e "$LIBPROG" > "$W/ds.out" &
pids="$pids $!"; bpid=$!
i=0
while ! grep -q '^Attaching' "$W/ds.out" && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
./usdt-prog dlopen "$L" 4 > "$W/d2.out" 2>&1; rc=$?
wait "$bpid"
lines '^hit ' "$W/ds.out" | cmp -s - "$W/lwant" && grep -qx 'done count=4' "$W/ds.out" &&
	[ $rc = 0 ] && grep -qx 'lib disabled' "$W/d2.out"
check $? "bpftrace on the library's path, then a program that dlopens it: its 4 events; off again after" ||
	sed 's/^/#   /' "$W/ds.out" "$W/d2.out"

echo "1..$n"
exit $fail
