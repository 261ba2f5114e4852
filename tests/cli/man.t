#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages: each renders without a warning, names every option its command's --help
# lists, and make install puts them where man finds them.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
M=$(cd "$(dirname "$0")/../../man" && pwd)
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

for page in tpoint tpoint-record tpoint-report tpoint-list tpoint-trace tpoint-top tpoint-convert; do
	groff -ww -z -man "$M/$page.1" > "$W/warn" 2>&1 && [ ! -s "$W/warn" ] &&
		MANWIDTH=80 man -l "$M/$page.1" 2>/dev/null | grep -q "^NAME"
	check $? "$page.1 renders without a warning ($(head -c 80 "$W/warn"))"
done
for c in record report list trace top convert; do
	"$T" help $c 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u > "$W/opts"
	sed 's/\\-/-/g' "$M/tpoint-$c.1" > "$W/src"
	missing=""
	while read -r o; do
		grep -q -- "$o" "$W/src" || missing="$missing $o"
	done < "$W/opts"
	[ -z "$missing" ] && [ -s "$W/opts" ]
	check $? "tpoint-$c.1 names every option of tpoint $c --help${missing:+ (missing:$missing)}"
done
make -s --no-print-directory install O="$B" DESTDIR="$W/root" PREFIX=/usr > "$W/log" 2>&1 &&
	MANWIDTH=80 man -M "$W/root/usr/share/man" tpoint-record 2>/dev/null |
	grep -q 'tpoint-record  *- *record a program'
check $? "make install puts them under PREFIX/share/man, where man finds them"

echo "1..$n"
exit $fail
