# SPDX-License-Identifier: MIT
# Sourced by the tests that trace kernel events (kernel.t, isolation.t): the build's tool
# and test program, a scratch directory removed at exit, TAP's check, the count of tracefs
# instances left by tpoint runs that are gone, and the skip (with its reason) where kernel
# tracing is not permitted.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
P="$B/tests/rec-prog"
TR=/sys/kernel/tracing
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
# Instances of tpoint runs that are gone (those of tpoints running elsewhere on the machine
# are theirs): each run removes the ones it finds, so none stays unless a run leaves its own.
stale() {
	ls "$TR/instances" 2>/dev/null | sed -n 's/^tpoint-\([0-9]*\)$/\1/p' |
		while read -r pid; do [ -d "/proc/$pid" ] || echo "$pid"; done | wc -l
}

if ! "$T" trace -e signal:signal_generate -- /bin/true >/dev/null 2>probe.err; then
	echo "1..0 # SKIP kernel tracing not permitted here: $(sed 's/^tpoint trace: //' probe.err | head -1)"
	exit 0
fi
