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
	 usr/lib/libtpoint.so.0 usr/lib/libtpoint.a usr/lib/pkgconfig/tpoint.pc usr/bin/tpoint \
	 usr/share/bash-completion/completions/tpoint; do
	[ -e "$D/$f" ]
	check $? "installed /$f"
done
"$D/usr/bin/tpoint" --version | grep -q '^tpoint 0\.'
check $? "the installed tpoint runs ($("$D/usr/bin/tpoint" --version))"
soname=$(readelf -d "$D/usr/lib/libtpoint.so.0" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = libtpoint.so.0 ]
check $? "the SONAME carries the major version only ($soname)"

# The kernel's own event headers (tests/kernel-headers/: irq, ipi, signal, timer, skb, the
# sample's), unedited, against the installed headers only (no -Iinclude).
cc -std=gnu11 -Itests -Itests/kernel-headers -Itests/kernel-headers/samples/trace_events \
	-include tests/kernel-headers/standins.h -I"$D/usr/include" \
	$(pkg-config --cflags libtraceevent) -c -o "$D/kh.o" tests/kernel-headers/test-kheaders.c \
	> "$D/log" 2>&1
check $? "the kernel's event headers build unedited against the installed headers ($(head -c 100 "$D/log"))"

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

# The README's first tracepoint, its three files as written there, built against the
# installed package and recorded by the installed tpoint
mkdir -p "$D/readme"
awk -v dir="$D/readme" '
	/^## Write your first tracepoint/ { on = 1; next }
	on && /^## / { on = 0 }
	on && /^```c$/ { blk++; name = blk == 1 ? "myapp-trace.h" : blk == 2 ? "trace.c" : "app.c"
			 f = blk <= 3 ? dir "/" name : ""; next }
	on && /^```$/ { f = ""; next }
	f { print > f }' README.md
(cd "$D/readme" && cc -I. $(pkg-config --cflags tpoint) -o app app.c trace.c \
	$(pkg-config --libs tpoint) -Wl,-rpath,"$D/usr/lib") > "$D/log" 2>&1
check $? "the README's myapp-trace.h, trace.c and app.c build as written ($(head -c 100 "$D/log"))"
(cd "$D/readme" && "$D/usr/bin/tpoint" record -o app.dat -e 'myapp:*' -- ./app / /index.html \
	> out 2> err && "$D/usr/bin/tpoint" report app.dat > rep) &&
	grep -q '^served 2 requests$' "$D/readme/out" &&
	grep -q 'myapp:myapp_request: path=/ status=200 bytes=1024$' "$D/readme/rep" &&
	grep -q 'myapp:myapp_request: path=/index.html status=200 bytes=11264$' "$D/readme/rep"
check $? "and record and report as the README shows"

# CMake: find_package(tpoint CONFIG REQUIRED) and the imported target tpoint::tpoint
[ -f "$D/usr/lib/cmake/tpoint/tpointConfig.cmake" ] &&
	[ -f "$D/usr/lib/cmake/tpoint/tpointConfigVersion.cmake" ]
check $? "installed /usr/lib/cmake/tpoint/tpointConfig.cmake and its version file"
if command -v cmake >/dev/null; then
	cat > "$D/app/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.13)
project(app C)
find_package(tpoint 0.1 CONFIG REQUIRED)
add_executable(app-cmake sample.c trace-events-sample.c)
target_include_directories(app-cmake PRIVATE .)
target_link_libraries(app-cmake PRIVATE tpoint::tpoint)
CMAKE
	(cd "$D/app" && cmake -S . -B cm -DCMAKE_PREFIX_PATH="$D/usr" &&
		cmake --build cm) > "$D/cmake.log" 2>&1 &&
		"$D/app/cm/app-cmake" 1 'sample:sample_tick' | grep -q 'sample:sample_tick: tick'
	check $? "a CMake project builds with find_package(tpoint CONFIG) and tpoint::tpoint, and runs"
	[ $fail = 0 ] || sed 's/^/# /' "$D/cmake.log" | tail -20
	sed -i 's/find_package(tpoint 0.1 CONFIG REQUIRED)/find_package(tpoint 1.0 CONFIG REQUIRED)/' \
		"$D/app/CMakeLists.txt"
	(cd "$D/app" && rm -rf cm2 && cmake -S . -B cm2 -DCMAKE_PREFIX_PATH="$D/usr") > "$D/cmake2.log" 2>&1
	[ $? != 0 ] && grep -q 'version: 0\.1\.0' "$D/cmake2.log"
	check $? "find_package(tpoint 1.0) is refused by version 0.x"
else
	n=$((n + 2)); echo "ok $((n - 1)) # SKIP no cmake"; echo "ok $n # SKIP no cmake"
fi

# Into the system itself (no DESTDIR), as root, make install runs ldconfig; into a DESTDIR
# it does not (a fake ldconfig first on PATH says whether it ran).
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$D/fake"
	printf '#!/bin/sh\necho ran >> "%s/ldconfig.ran"\n' "$D" > "$D/fake/ldconfig"
	chmod +x "$D/fake/ldconfig"
	PATH="$D/fake:$PATH" make -s --no-print-directory install O="$B" DESTDIR="$D/stage" \
		PREFIX=/usr > "$D/log" 2>&1
	[ ! -e "$D/ldconfig.ran" ]
	check $? "make install into a DESTDIR does not run ldconfig"
	PATH="$D/fake:$PATH" make -s --no-print-directory install O="$B" PREFIX="$D/sys" \
		> "$D/log" 2>&1
	[ "$(cat "$D/ldconfig.ran" 2>/dev/null)" = ran ]
	check $? "make install as root into the system runs ldconfig"
else
	n=$((n + 2)); echo "ok $((n - 1)) # SKIP not root"; echo "ok $n # SKIP not root"
fi

echo "1..$n"
exit $fail
