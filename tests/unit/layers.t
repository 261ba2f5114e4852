#!/bin/sh
# SPDX-License-Identifier: MIT
# layers.t - no cycles between modules: each object file of the library and of the tool is
# a module, and who uses whom is read from their symbols (nm). Two modules that use each
# other, directly or through others, fail the test, naming the modules of the cycle.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }

# "module: the modules it uses" for the objects under $1; exit 1 on a cycle (printed).
graph() {
	find "$1" -name '*.o' | sort | while read -r o; do
		m=${o#"$1"/}; m=${m%.o}
		nm "$o" | awk -v m="$m" '$1 == "U" { print "U", m, $2 }
			NF == 3 && $2 ~ /^[TDBRV]$/ { print "D", m, $3 }'
	done | awk '
	$1 == "D" { def[$3] = $2; mods[$2] = 1 }
	$1 == "U" { use[++n] = $2 " " $3; mods[$2] = 1 }
	END {
		for (i = 1; i <= n; i++) {
			split(use[i], u, " ")
			if ((u[2] in def) && def[u[2]] != u[1])
				dep[u[1] "," def[u[2]]] = 1
		}
		for (a in mods) {
			line = "# " a ":"
			for (b in mods)
				if ((a "," b) in dep)
					line = line " " b
			print line
		}
		for (k in mods) for (a in mods) if ((a "," k) in dep) for (b in mods)
			if ((k "," b) in dep)
				dep[a "," b] = 1
		bad = 0
		for (a in mods)
			if ((a "," a) in dep) {
				line = "# cycle through " a ":"
				for (b in mods)
					if (b != a && ((a "," b) in dep) && ((b "," a) in dep))
						line = line " " b
				print line
				bad = 1
			}
		exit bad
	}'
}

for part in lib tool; do
	graph "$B/$part" > "$B/layers-$part.txt"
	rc=$?
	sort "$B/layers-$part.txt"
	[ "$(grep -c : "$B/layers-$part.txt")" -gt 3 ] && [ $rc = 0 ]
	check $? "$part: the modules form no cycle"
done
echo "1..$n"
exit $fail
