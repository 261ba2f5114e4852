#!/bin/sh
# SPDX-License-Identifier: MIT
# Compile tests, TAP: event headers build as C11, GNU C and C++ with gcc and clang; the
# provider builds warning-free; bad uses fail at compile time with a readable message.
#	tests/compile/run.sh [BUILD_DIR]	(default: $TPOINT_BUILD_DIR, or build)
set -u
B=${1:-${TPOINT_BUILD_DIR:-build}}
T=$B/tests/compile
mkdir -p "$T"
I="-Iinclude -Isamples"
W="-Wall -Wextra -Werror"
n=0
fail=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; sed 's/^/#   /' "$T/log" | head -20; }

# compiles CMD... -- DESCRIPTION
compiles() {
	d=$1; shift
	if "$@" > "$T/log" 2>&1; then ok "$d"; else notok "$d"; fi
}

have() { command -v "$1" > /dev/null 2>&1; }

for cc in gcc clang; do
	have $cc || { ok "# SKIP $cc not installed"; continue; }
	for std in c11 gnu11 gnu17; do
		compiles "$cc -std=$std: a file using the tracepoints" \
			$cc -std=$std $W $I -c -o "$T/use-$cc-$std.o" tests/compile/use.c
		compiles "$cc -std=$std: the provider (CREATE_TRACE_POINTS), two headers in one file" \
			$cc -std=$std -D_GNU_SOURCE $W $I -Itests/unit -c -o "$T/prov-$cc-$std.o" tests/unit/ut-events.c
	done
done
for cxx in g++ clang++; do
	have $cxx || { ok "# SKIP $cxx not installed"; continue; }
	for std in c++11 c++17 c++20; do
		compiles "$cxx -std=$std: C++ includes the event header" \
			$cxx -std=$std $W $I -c -o "$T/use-$cxx-$std.o" tests/compile/use.cpp
	done
done
if compiles "a C++ program links with the C provider" \
	g++ -std=c++17 $W $I -o "$T/use-cxx" tests/compile/use.cpp "$T/prov-gcc-gnu11.o" -L"$B" -Wl,-rpath,"$PWD/$B" -ltpoint; then
	if "$T/use-cxx" > "$T/log" 2>&1 && grep -q '^sample:foo_with_template_simple: foo=cxx bar=3' "$T/log"; then
		ok "the C++ program attaches a probe and records an event"
	else
		notok "the C++ program attaches a probe and records an event"
	fi
fi

# The kernel's own event headers (Linux 6.16, tests/kernel-headers/, unedited; stand-ins for
# the kernel's types force-included): the provider in C, a user in C++. The kernel builds
# without -Wsign-compare (the sample's __string_len() length compares int and size_t).
KH="-Itests/kernel-headers -Itests/kernel-headers/samples/trace_events -include tests/kernel-headers/standins.h -Iinclude"
TEPC=$(pkg-config --cflags libtraceevent 2>/dev/null)
for cc in gcc clang; do
	have $cc || continue
	for std in c11 gnu11; do
		compiles "$cc -std=$std: the kernel's irq.h, ipi.h, signal.h and trace-events-sample.h, unedited, define their events" \
			$cc -std=$std -D_GNU_SOURCE $W -Wno-sign-compare $KH $TEPC -c -o "$T/kh-$cc-$std.o" \
			tests/kernel-headers/test-kheaders.c
	done
done
for cxx in g++ clang++; do
	have $cxx || continue
	compiles "$cxx -std=c++17: C++ includes the kernel's event headers" \
		$cxx -std=c++17 $W $KH -c -o "$T/kh-$cxx.o" tests/kernel-headers/use.cpp
done

# USDT (include/tpoint/static/usdt.h): every tracepoint is an SDT probe, provider TRACE_SYSTEM,
# its semaphore the USDT half of the tracepoint's key (the object + 4, in section .probes).
# The arguments sdt.h cannot take: after the 12th left out; a struct, a union, a double by
# address (8 bytes). notes FILE prints "provider:name semaphore sizes..." per note.
notes() {
	readelf -n "$1" | awk '/Provider:/ { p = $2 } /Name:/ { n = $2 } /Semaphore:/ { s = $NF }
		/Arguments:/ { $1 = ""; gsub(/@[^ ]*/, ""); print p ":" n, s $0 }'
}
usdt_notes_ok() {
	sem=$(nm "$1" | awk '$3 == "__tracepoint_usdtc_many_tp" { print $1 }')
	notes "$1" > "$T/notes"
	grep -qx "usdtc:usdtc_many_tp 0x0*$(printf '%x' $((0x${sem:-0} + 4))) -4 -4 -4 -4 -4 -4 -4 -4 -4 -4 -4 -4" "$T/notes" &&
		grep -q "^usdtc:usdtc_odd_tp 0x[0-9a-f]* 8 8 8 -8 -1 8\$" "$T/notes" &&
		readelf -S "$1" | grep -q ' \.probes '
}
for cc in gcc clang; do
	have $cc && have readelf || continue
	for o in -O0 -O2; do
		if compiles "$cc $o: USDT probes for 14 arguments, a struct, a union, a double" \
			$cc -std=c11 $o $W $I -Itests/compile -DPROVIDER -o "$T/usdt-$cc$o" \
			tests/compile/usdt.c -L"$B" -ltpoint; then
			if usdt_notes_ok "$T/usdt-$cc$o"; then
				ok "$cc $o: stapsdt notes: 12 arguments of 14, the struct, union and double by address, semaphore = key + 4 in .probes"
			else
				cp "$T/notes" "$T/log"
				notok "$cc $o: stapsdt notes (expected 12 arguments, sizes 8 8 8 -8 -1 8, semaphore = key + 4)"
			fi
		fi
	done
done
for cxx in g++ clang++; do
	have $cxx && have readelf || continue
	if compiles "$cxx: USDT probes for the same arguments in C++" \
		$cxx -std=c++11 -O2 $W $I -Itests/compile -x c++ -c -o "$T/usdt-$cxx.o" tests/compile/usdt.c; then
		notes "$T/usdt-$cxx.o" > "$T/log"
		# An object file: the semaphore is the relocation's addend, 4.
		if grep -q '^usdtc:usdtc_many_tp 0x0*4 -4 -4 -4 -4 -4 -4 -4 -4 -4 -4 -4 -4$' "$T/log" &&
			grep -q '^usdtc:usdtc_odd_tp 0x0*4 8 8 8 -8 -1 8$' "$T/log"; then
			ok "$cxx: stapsdt notes with the same arguments as in C"
		else
			notok "$cxx: stapsdt notes with the same arguments as in C"
		fi
	fi
done
if compiles "TPOINT_NO_SDT: the tracepoints build without USDT probes" \
	gcc -std=c11 -O2 $W $I -Itests/compile -DTPOINT_NO_SDT -DPROVIDER -o "$T/usdt-nosdt" \
	tests/compile/usdt.c -L"$B" -ltpoint; then
	if readelf -S "$T/usdt-nosdt" | grep -q '\.note\.stapsdt'; then
		notok "TPOINT_NO_SDT: no .note.stapsdt section"
	else
		ok "TPOINT_NO_SDT: no .note.stapsdt section"
	fi
fi

# bad NAME MESSAGE-REGEX: a provider whose event uses STRUCT/ASSIGN/PRINT must not compile.
bad() {
	name=$1 msg=$2 entry=$3 assign=$4 print=$5 extra=${6:-}
	mkdir -p "$T/bad"
	cat > "$T/bad/$name.h" <<HDR
#undef TRACE_SYSTEM
#define TRACE_SYSTEM bad
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE $name
#if !defined(_BAD_H) || defined(TRACE_HEADER_MULTI_READ)
#define _BAD_H
#ifndef _BAD_ONCE
#define _BAD_ONCE
struct pair { int a, b; };
#endif
#include <tpoint/tracepoint.h>
TRACE_EVENT(bad_ev,
	TP_PROTO(int v),
	TP_ARGS(v),
	TP_STRUCT__entry($entry),
	TP_fast_assign($assign),
	TP_printk($print)
);
#endif
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
HDR
	printf '#include <string.h>\n%s\n#define CREATE_TRACE_POINTS\n#include "%s.h"\n' "$extra" "$name" > "$T/bad/$name.c"
	if gcc -std=gnu11 -Iinclude -I"$T/bad" -c -o "$T/bad/$name.o" "$T/bad/$name.c" > "$T/log" 2>&1; then
		notok "$name: compiles, but must not"
	elif grep -qE "$msg" "$T/log"; then
		ok "$name: refused at compile time: $(grep -oE "$msg" "$T/log" | head -1)"
	else
		notok "$name: refused, but without the message /$msg/"
	fi
}

bad field-struct "a struct or union cannot be a __field; use __field_struct" \
	'__field(struct pair, p)' '(void)v;' '"x"'
bad field-double "cannot decode floating point; record a scaled integer" \
	'__field(double, d)' '__entry->d = v;' '"d"'
bad array-zero "the length must be a constant greater than 0" \
	'__array(int, a, 0)' '(void)v;' '"x"'
bad array-elem "elements must be integers or pointers" \
	'__array(struct pair, a, 2)' '(void)v;' '"x"'
bad too-big "the fixed fields exceed TPOINT_EVENT_MAX" \
	'__array(char, a, 4000) __array(char, b, 100)' '(void)v;' '"x"'
bad print-array "el_size must be 1, 2, 4 or 8" \
	'__array(char, a, 6)' '(void)v;' '"%s", __print_array(__entry->a, 2, 3)'
bad printk-format "format .%s. expects argument of type .char \*." \
	'__field(int, v)' '__entry->v = v;' '"%s", __entry->v' '#pragma GCC diagnostic error "-Wformat"'

# A probe of the wrong type is an error, in C as in C++.
printf '#include "trace-events-sample.h"\nstatic void p(void *d, long v) { (void)d; (void)v; }\nint f(void);\nint f(void) { return register_trace_sample_bare(p, 0); }\n' > "$T/wrong-probe.c"
if gcc -std=gnu11 $I -c -o "$T/wrong-probe.o" "$T/wrong-probe.c" > "$T/log" 2>&1; then
	notok "a probe of the wrong type compiles, but must not"
elif grep -q "incompatible pointer type" "$T/log"; then
	ok "a probe of the wrong type is a compile error: $(grep -o "expected .* but argument is of type .*" "$T/log" | head -1)"
else
	notok "a probe of the wrong type: refused without the type mismatch message"
fi

# TRACE_SYSTEM is required; one that is not an identifier needs TRACE_SYSTEM_VAR.
printf '#define CREATE_TRACE_POINTS\n#include <tpoint/define_trace.h>\n' > "$T/nosys.c"
if gcc -Iinclude -c -o "$T/nosys.o" "$T/nosys.c" > "$T/log" 2>&1; then
	notok "define_trace.h without TRACE_SYSTEM compiles, but must not"
elif grep -q "TRACE_SYSTEM is not defined" "$T/log"; then
	ok "define_trace.h without TRACE_SYSTEM: 'TRACE_SYSTEM is not defined'"
else
	notok "define_trace.h without TRACE_SYSTEM: no clear message"
fi
sed -e '/#define TRACE_SYSTEM_VAR ut_sys/d' tests/unit/ut-events.h > "$T/novar-events.h"
sed -i 's/TRACE_INCLUDE_FILE ut-events/TRACE_INCLUDE_FILE novar-events/' "$T/novar-events.h"
printf '#include <string.h>\n#define CREATE_TRACE_POINTS\n#include "novar-events.h"\nint ut_reg(void){return 0;}\nvoid ut_unreg(void){}\nint ut_cond(int v){return v;}\n' > "$T/novar.c"
if gcc -Iinclude -I"$T" -c -o "$T/novar.o" "$T/novar.c" > "$T/log" 2>&1; then
	notok "TRACE_SYSTEM ut-sys without TRACE_SYSTEM_VAR compiles, but must not"
else
	ok "TRACE_SYSTEM ut-sys without TRACE_SYSTEM_VAR does not compile (with it, it does: see above)"
fi

echo "1..$n"
exit $fail
