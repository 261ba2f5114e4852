#!/bin/sh
# SPDX-License-Identifier: MIT
# Run the report fuzz target for a bounded time over the corpus in the tree (copied: new
# inputs it finds stay out of the tree). FUZZ_SECONDS sets the time (default 20).
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
F="$B/tests/fuzz-report"
S=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$F" ]; then
	echo "1..0 # SKIP fuzz-report not built (needs clang with libFuzzer: libclang-rt-14-dev)"
	exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cp "$S"/corpus/* "$W/"
mkdir "$W/art"
LSAN_OPTIONS=suppressions="$S/lsan.supp":print_suppressions=0 \
"$F" -max_total_time="${FUZZ_SECONDS:-20}" -timeout=10 -rss_limit_mb=1024 -close_fd_mask=2 \
	-artifact_prefix="$W/art/" "$W" > "$W/log" 2>&1
rc=$?
tail -3 "$W/log" | sed 's/^/# /'
if [ $rc = 0 ] && [ -z "$(ls "$W/art")" ]; then
	echo "ok 1 - report fuzz target: no crash, hang, leak or bad access in ${FUZZ_SECONDS:-20}s"
else
	grep -m1 -A30 'ERROR\|SUMMARY\|timeout' "$W/log" | sed 's/^/# /'
	for a in "$W"/art/*; do [ -e "$a" ] && cp "$a" "$B/tests/" && echo "# kept $B/tests/$(basename "$a")"; done
	echo "not ok 1 - report fuzz target failed (exit $rc)"
fi
echo "1..1"
