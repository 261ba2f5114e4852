#!/bin/sh
# SPDX-License-Identifier: MIT
# Cost of a tracepoint call site, side by side with an empty loop, in one run:
# instructions per iteration from callgrind (repeatable on a noisy machine) and the
# minimum ns per iteration over 5 timed runs.
#	bench/run.sh [BUILD_DIR]
set -eu
B=${1:-build}
BIN=$B/bench/tp-bench
N=1000000
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

ir() {	# ir CASE LOOPFN: instructions per iteration inside LOOPFN
	valgrind --tool=callgrind --toggle-collect="$2" --callgrind-out-file="$out/cg" \
		"$BIN" "$1" $N > /dev/null 2>&1
	callgrind_annotate "$out/cg" 2>/dev/null | awk -v n=$N '/PROGRAM TOTALS/ {
		gsub(",", "", $1); printf "%.2f", $1 / n / 5 }'
}

printf '%-10s %14s %14s %12s\n' case 'instr/iter' 'over empty' 'ns/iter'
base=$(ir empty loop_empty)
for c in empty disabled probe event; do
	fn=loop_tracepoint
	[ $c = empty ] && fn=loop_empty
	i=$(ir $c $fn)
	ns=$("$BIN" $c 20000000 | awk '{ print $2 }')
	printf '%-10s %14s %14s %12s\n' $c "$i" "$(echo "$i $base" | awk '{ printf "%+.2f", $1 - $2 }')" "$ns"
done
echo
echo "disabled: one compare of the static key in memory and a branch not taken (x86-64);"
echo "target <= 2 instructions over the empty loop (LTTng-UST's figure on this machine)."
