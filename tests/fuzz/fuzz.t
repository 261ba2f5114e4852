#!/bin/sh
# SPDX-License-Identifier: MIT
# Run each fuzz target for a bounded time over its corpus in the tree (copied: new inputs
# it finds stay out of the tree): fuzz-report over trace.dat files (corpus/), fuzz-session
# over the memory a traced program shares with its recorder (session-corpus/).
# FUZZ_SECONDS sets the time of each (default 20).
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
S=$(cd "$(dirname "$0")" && pwd)
n=0
fuzz() {	# TARGET CORPUS WHAT
	F="$B/tests/$1"
	n=$((n + 1))
	if [ ! -x "$F" ]; then
		echo "ok $n # SKIP $1 not built (needs clang with libFuzzer: libclang-rt-14-dev)"
		return
	fi
	W=$(mktemp -d)
	cp "$S/$2"/* "$W/"
	mkdir "$W/art"
	LSAN_OPTIONS=suppressions="$S/lsan.supp":print_suppressions=0 \
	"$F" -max_total_time="${FUZZ_SECONDS:-20}" -timeout=10 -rss_limit_mb=1024 \
		-close_fd_mask=2 -artifact_prefix="$W/art/" "$W" > "$W/log" 2>&1
	rc=$?
	tail -3 "$W/log" | sed 's/^/# /'
	if [ $rc = 0 ] && [ -z "$(ls "$W/art")" ]; then
		echo "ok $n - $3: no crash, hang, leak or bad access in ${FUZZ_SECONDS:-20}s"
	else
		grep -m1 -A30 'ERROR\|SUMMARY\|timeout' "$W/log" | sed 's/^/# /'
		for a in "$W"/art/*; do
			[ -e "$a" ] && cp "$a" "$B/tests/" && echo "# kept $B/tests/$(basename "$a")"
		done
		echo "not ok $n - $3 failed (exit $rc)"
	fi
	rm -rf "$W"
}
fuzz fuzz-report corpus "report fuzz target (trace.dat files)"
fuzz fuzz-session session-corpus "session fuzz target (the memory a traced program writes)"
echo "1..$n"
