#!/bin/sh
# SPDX-License-Identifier: MIT
# make install into a DESTDIR, then build a program against the installed headers and
# library through pkg-config, as a user of the package would, and run it.
B=${TPOINT_BUILD_DIR:-build}
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }

D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
make -s --no-print-directory install O="$B" DESTDIR="$D" PREFIX=/usr > "$D/log" 2>&1
check $? "make install DESTDIR=... PREFIX=/usr"
for f in usr/include/tpoint/tracepoint.h usr/include/tpoint/define_trace.h \
	 usr/include/tpoint/static/rcu.h usr/include/tpoint/stages/reset.h \
	 usr/lib/libtpoint.so.0 usr/lib/libtpoint.a usr/lib/pkgconfig/tpoint.pc usr/bin/tpoint; do
	[ -e "$D/$f" ]
	check $? "installed /$f"
done
"$D/usr/bin/tpoint" --version | grep -q '^tpoint 0\.'
check $? "the installed tpoint runs ($("$D/usr/bin/tpoint" --version))"
soname=$(readelf -d "$D/usr/lib/libtpoint.so.0" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = libtpoint.so.0 ]
check $? "the SONAME carries the major version only ($soname)"

mkdir -p "$D/app"
cp samples/trace-events-sample.h samples/trace-events-sample.c samples/sample.c "$D/app/"
export PKG_CONFIG_PATH="$D/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
flags=$(pkg-config --cflags --libs tpoint)
check $? "pkg-config --cflags --libs tpoint: $flags"
(cd "$D/app" && cc -I. -o app sample.c trace-events-sample.c $flags -Wl,-rpath,"$D/usr/lib") > "$D/log" 2>&1
check $? "a program builds against the installed package"
"$D/app/app" 1 'sample:sample_tick' | grep -q 'sample:sample_tick: tick'
check $? "and runs, recording its events"
cc -static -I"$D/usr/include" -I"$D/app" -o "$D/app/app-static" "$D/app/sample.c" \
	"$D/app/trace-events-sample.c" "$D/usr/lib/libtpoint.a" -lpthread > "$D/log" 2>&1 &&
	"$D/app/app-static" 1 'sample:sample_tick' | grep -q 'sample:sample_tick: tick'
check $? "the static library links and works too"
(cd "$D/app" && "$D/usr/bin/tpoint" record -o dyn.dat -e 'sample:*' -- ./app 2 > /dev/null 2>&1 &&
	"$D/usr/bin/tpoint" report dyn.dat | grep -q '^# dyn.dat: 13 events, 0 lost')
check $? "the installed tpoint records the installed program (13 events)"
(cd "$D/app" && "$D/usr/bin/tpoint" record -o st.dat -e 'sample:*' -- ./app-static 2 > /dev/null 2>&1 &&
	"$D/usr/bin/tpoint" report st.dat | grep -q '^# st.dat: 13 events, 0 lost')
check $? "and the statically linked one"

echo "1..$n"
exit $fail
