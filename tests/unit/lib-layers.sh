#!/bin/sh
# SPDX-License-Identifier: MIT
# The library's files form layers, TAP: no object of build/lib/ calls, directly or through
# others, back into itself, and every call goes down the order that src/lib/internal.h's
# header comment gives (its "Layers" list, top first). The calls are read from the objects:
# each symbol an object leaves undefined (nm -u) that another one defines is an edge.
#	tests/unit/lib-layers.sh [BUILD_DIR]	(default: $TPOINT_BUILD_DIR, or build)
set -u
B=${1:-${TPOINT_BUILD_DIR:-build}}
H=src/lib/internal.h
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! ls "$B"/lib/*.o > /dev/null 2>&1; then
	echo "1..0 # SKIP no objects in $B/lib (make lib O=$B)"
	exit 0
fi

# "object symbol" per line: what each defines, and what each needs.
for o in "$B"/lib/*.o; do
	n=$(basename "$o" .o)
	nm --defined-only --extern-only "$o" | awk -v n="$n" 'NF == 3 { print n, $3 }'
done > "$T/def"
for o in "$B"/lib/*.o; do
	n=$(basename "$o" .o)
	nm -u "$o" | awk -v n="$n" '{ print n, $NF }'
done > "$T/use"

# "from to symbol": one line per call between two objects (the first symbol found).
awk 'NR == FNR { def[$2] = $1; next }
     ($2 in def) && def[$2] != $1 && !seen[$1 " " def[$2]]++ { print $1, def[$2], $2 }' \
	"$T/def" "$T/use" > "$T/edges"

# The documented order: " *   name.c ..." lines after " * Layers" in the header comment.
awk '/^ \* Layers/ { on = 1; next }
     on && /^ \*\/|^ \*$/ && n { exit }
     on && match($0, /^ \*   +[a-z_]+\.c/) { s = substr($0, RSTART, RLENGTH); sub(/^ \* +/, "", s);
					       sub(/\.c$/, "", s); print s; n++ }' "$H" > "$T/order"

n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

sed 's/^\([^ ]*\) \([^ ]*\) \(.*\)/# \1 -> \2 (\3)/' "$T/edges"

# Cycles: reachability by repeated relaxation (a handful of objects), then who reaches itself.
awk '{ e[$1, $2] = 1; node[$1]; node[$2] }
     END {
	for (k in node) for (i in node) if (e[i, k]) for (j in node) if (e[k, j]) e[i, j] = 1
	for (i in node) if (e[i, i]) print i
     }' "$T/edges" | sort > "$T/cyclic"
if [ -s "$T/cyclic" ]; then
	notok "the library's objects call each other in a cycle: $(paste -sd' ' "$T/cyclic")"
	awk 'NR == FNR { c[$1]; next }
	     ($1 in c) && ($2 in c) { print "#   " $1 " -> " $2 " (" $3 ")" }' "$T/cyclic" "$T/edges"
else
	nobj=$(ls "$B"/lib/*.o | wc -l)
	ok "no cycle among the $nobj objects of $B/lib ($(wc -l < "$T/edges") calls between them)"
fi

# The order: every object is listed, and every call goes from a file to one below it.
if [ ! -s "$T/order" ]; then
	notok "$H lists the library's files under 'Layers' in its header comment"
else
	missing=$(for o in "$B"/lib/*.o; do basename "$o" .o; done | grep -vxF -f "$T/order" |
		  paste -sd' ' -)
	if [ -n "$missing" ]; then
		notok "every object is in $H's layers (missing: $missing)"
	else
		ok "every object is in $H's layers ($(paste -sd' ' "$T/order"))"
	fi
	awk 'NR == FNR { rank[$1] = FNR; next }
	     ($1 in rank) && ($2 in rank) && rank[$1] >= rank[$2] {
		print "#   " $1 " -> " $2 " (" $3 ")" }' "$T/order" "$T/edges" > "$T/up"
	if [ -s "$T/up" ]; then
		notok "every call goes down $H's layers; these go up or sideways:"
		cat "$T/up"
	else
		ok "every call goes down $H's layers"
	fi
fi

echo "1..$n"
exit $fail
