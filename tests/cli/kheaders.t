#!/bin/sh
# SPDX-License-Identifier: MIT
# The kernel's own event headers (tests/kernel-headers/, Linux 6.16, unedited) recorded by
# tpoint record: tpoint report and trace-cmd report print every event the same, as the
# kernel's TP_printk means (test-kheaders checks tpoint_event_print() in-process).
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
# "comm-pid [cpu] secs.usecs: event: text", whitespace squeezed, system: prefix dropped
# foo_bar's "%*pbl" of __get_dynamic_array(cpus): libtraceevent 1.7 has no %*pbl and prints
# the address the record has in the reader's memory, which differs from reader to reader.
norm() { grep -v -e '^#' -e '^cpus=' | sed -e 's/^ *//' -e 's/  */ /g' |
	sed -E -e 's/^(.*\] [0-9.]+: )[a-z_-]+:([a-z_]+: )/\1\2/' -e 's/ 0x[0-9a-f]+bl$/ ADDRbl/'; }

"$T" record -e 'sample-trace:*' -e 'kmacros:*' -- "$B/tests/test-kheaders" fire >/dev/null 2>rec.err
check $? "record the sample's and kmacros' events (system sample-trace, kmacros)"
"$T" report > tp.txt && trace-cmd report trace.dat > tc.txt 2>tc.err
check $? "tpoint report and trace-cmd report read the file"
[ "$(norm < tc.txt | wc -l)" = 7 ] && norm < tp.txt > a && norm < tc.txt > b && cmp -s a b
check $? "trace-cmd report prints the 7 events exactly as tpoint report does"
grep -q 'sample-trace:foo_bar: foo hello 6 0x6 BIT2|BIT3 1 2 3 1 2 3 Frodo hel (00000000,0000002d) (0,2-3,5) iter=6 \[8\] 0x[0-9a-f]*bl$' tp.txt
check $? "foo_bar: __cpumask as a CPU list, __print_dynamic_array, __string_len, __vstring"
grep -q 'sample-trace:foo_rel_loc: foo_rel_loc Hello __rel_loc, 5, 00000000,deadbeef, 0,2-3,5$' tp.txt
check $? "foo_rel_loc: __rel_string, __rel_bitmask, __rel_cpumask"
grep -q 'kmacros:km_sys_enter: id=5 flags=LOW|HIGH t=3.000000005$' tp.txt &&
	grep -q 'kmacros:km_data: addrlen=16 bytes=3 \[01 02 ab\]$' tp.txt
check $? "km_sys_enter, km_data: __field_ext, __print_flags_u64, __print_ns_to_secs, __sockaddr, __rel_dynamic_array, __print_hex_dump"
# The kernel's trace-events-sample.c, unedited, as a program: its thread fires every 50 ms.
"$T" record -o mod.dat -e 'sample-trace:*' -- "$B/tests/kh-sample-module" 300 >/dev/null 2>mod.err
check $? "record the kernel's sample module run as a program (its init a constructor)"
"$T" report mod.dat > mtp.txt && trace-cmd report mod.dat > mtc.txt 2>>tc.err &&
	norm < mtp.txt > a && norm < mtc.txt > b && cmp -s a b && [ "$(wc -l < a)" -gt 16 ]
check $? "trace-cmd report prints its events exactly as tpoint report does"
ok=0
for e in foo_bar foo_with_template_simple foo_bar_with_cond foo_with_template_cond \
	foo_with_template_print foo_rel_loc foo_bar_with_fn foo_with_template_fn; do
	grep -q "sample-trace:$e: " mtp.txt || { ok=1; echo "# no $e"; }
done
check $ok "all 8 of its events, foo_bar_with_fn's from the thread its reg function started"
grep -q 'sample-trace:foo_bar: foo hello 2 TWO BIT2 1 2 1 2 Gandalf h (00000000,00000003) (0-1) iter=2 ' mtp.txt
check $? "foo_bar, third round, as the kernel's TP_printk prints it"
# A filter on a __rel_loc string, in the program (the kernel's FILTER_RDYN_STRING).
"$T" record -o f.dat -e 'sample-trace:foo_rel_loc' -f 'foo ~ "Hello*" && bar < 3' -- \
	"$B/tests/kh-sample-module" 300 >/dev/null 2>f.err &&
	[ "$("$T" report f.dat | grep -c 'foo_rel_loc: foo_rel_loc Hello __rel_loc, [0-2], ')" = 3 ] &&
	"$T" record -o g.dat -e 'sample-trace:foo_rel_loc' -f 'foo == "nope"' -- \
	"$B/tests/kh-sample-module" 100 >/dev/null 2>g.err &&
	grep -q 'tpoint record: 0 events' g.err
check $? "-f filters on the __rel_string field: 3 of 3 rounds pass, none for another string"
[ $fail = 0 ] || { sed 's/^/# /' rec.err tp.txt tc.txt tc.err mod.err mtp.txt mtc.txt; }
echo "1..$n"
exit $fail
