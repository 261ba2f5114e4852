#!/bin/sh
# SPDX-License-Identifier: MIT
# The library's files, and the tool's, form layers, TAP: no object calls, directly or
# through others, back into itself, and every call goes down the order that the part's
# header gives in its comment (its "Layers" list, top first): src/lib/internal.h for
# build/lib/, src/tool/tool.h for build/tool/ (subdirectories as dat/read). The calls are
# read from the objects: each symbol an object leaves undefined (nm -u) that another one
# of its part defines is an edge.
#	tests/unit/layers.sh [BUILD_DIR]	(default: $TPOINT_BUILD_DIR, or build)
set -u
B=$(cd "${1:-${TPOINT_BUILD_DIR:-build}}" && pwd) || exit 1
cd "$(dirname "$0")/../.." || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

# The objects of part $1 as "name path" (name: the path under $B/$1, without .o), those of
# a source that is still there (a build directory keeps the objects of files since removed).
objects() {
	find "$B/$1" -name '*.o' | sort | while read -r o; do
		m=${o#"$B/$1/"}
		[ -f "src/$1/${m%.o}.c" ] && echo "${m%.o} $o"
	done
}

# "from to symbol": one line per call between two objects of the part (the first symbol).
edges() {
	objects "$1" | while read -r m o; do
		nm --defined-only --extern-only "$o" | awk -v n="$m" 'NF == 3 { print n, $3 }'
	done > "$T/def"
	objects "$1" | while read -r m o; do
		nm -u "$o" | awk -v n="$m" '{ print n, $NF }'
	done > "$T/use"
	awk 'NR == FNR { def[$2] = $1; next }
	     ($2 in def) && def[$2] != $1 && !seen[$1 " " def[$2]]++ { print $1, def[$2], $2 }' \
		"$T/def" "$T/use"
}

# The documented order: " *   name.c ..." lines after " * Layers" in the header comment.
order() {
	awk '/^ \* Layers/ { on = 1; next }
	     on && /^ \*\/|^ \*$/ && n { exit }
	     on && match($0, /^ \*   +[a-z0-9_\/-]+\.c/) { s = substr($0, RSTART, RLENGTH);
			sub(/^ \* +/, "", s); sub(/\.c$/, "", s); print s; n++ }' "$1"
}

# No cycle, every object listed in the order, every call down it: part $1, header $2.
check_part() {
	part=$1 H=$2
	if [ -z "$(find "$B/$part" -name '*.o' 2>/dev/null)" ]; then
		notok "no objects in $B/$part (make all O=$B)"
		return
	fi
	edges "$part" > "$T/edges"
	order "$H" > "$T/order"
	sed 's/^\([^ ]*\) \([^ ]*\) \(.*\)/# \1 -> \2 (\3)/' "$T/edges"
	check_cycles "$part"
	check_order "$part" "$H"
}

check_cycles() {
	# Reachability by repeated relaxation (a few dozen objects), then who reaches itself.
	awk '{ e[$1, $2] = 1; node[$1]; node[$2] }
	     END {
		for (k in node) for (i in node) if (e[i, k]) for (j in node) if (e[k, j]) e[i, j] = 1
		for (i in node) if (e[i, i]) print i
	     }' "$T/edges" | sort > "$T/cyclic"
	if [ -s "$T/cyclic" ]; then
		notok "$1: objects call each other in a cycle: $(paste -sd' ' "$T/cyclic")"
		awk 'NR == FNR { c[$1]; next }
		     ($1 in c) && ($2 in c) { print "#   " $1 " -> " $2 " (" $3 ")" }' \
			"$T/cyclic" "$T/edges"
	else
		ok "$1: no cycle among its $(objects "$1" | wc -l) objects ($(wc -l < "$T/edges") calls between them)"
	fi
}

check_order() {
	if [ ! -s "$T/order" ]; then
		notok "$2 lists $1's files under 'Layers' in its header comment"
		return
	fi
	missing=$(objects "$1" | cut -d' ' -f1 | grep -vxF -f "$T/order" | paste -sd' ' -)
	if [ -n "$missing" ]; then
		notok "$1: every object is in $2's layers (missing: $missing)"
	else
		ok "$1: every object is in $2's layers"
	fi
	awk 'NR == FNR { rank[$1] = FNR; next }
	     ($1 in rank) && ($2 in rank) && rank[$1] >= rank[$2] {
		print "#   " $1 " -> " $2 " (" $3 ")" }' "$T/order" "$T/edges" > "$T/up"
	if [ -s "$T/up" ]; then
		notok "$1: every call goes down $2's layers; these go up or sideways:"
		cat "$T/up"
	else
		ok "$1: every call goes down $2's layers"
	fi
}

check_part lib src/lib/internal.h
check_part tool src/tool/tool.h
echo "1..$n"
exit $fail
