#!/bin/sh
# SPDX-License-Identifier: MIT
# End to end, as a user runs it: the sample program prints its events through their
# TP_printk, enables by glob, and says so when nothing matches.
B=${TPOINT_BUILD_DIR:-build}
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }

out=$("$B/samples/sample" 3 'sample:*'); rc=$?
check $rc "sample 3 'sample:*' exits 0"
echo "$out" | grep -q 'sample:foo_bar: foo hello 1 one BIT1 1 2 0 odd (00000000,0000000a) round 2 of 3$'
check $? "foo_bar prints through TP_printk: symbolic, flags, array, string, bitmask, vstring"
echo "$out" | grep -q 'sample:foo_with_template_print: bar pr 2 ptsize=8 mode=WRITE$'
check $? "DEFINE_EVENT_PRINT prints with its own TP_printk"
[ "$(echo "$out" | grep -c 'sample:foo_bar_with_cond:')" = 2 ]
check $? "TRACE_EVENT_CONDITION records only rounds whose condition holds (2 of 3)"
[ "$(echo "$out" | grep -c 'bare probe: sample_bare')" = 3 ]
check $? "the bare DECLARE_TRACE calls its registered probe every round"
[ "$(echo "$out" | grep -c 'sample:')" = 20 ]
check $? "20 events recorded in 3 rounds"

out=$("$B/samples/sample" 2 'sample:foo_with_template_*')
[ "$(echo "$out" | grep -c 'sample:')" = 4 ] && ! echo "$out" | grep -q 'sample:foo_bar'
check $? "a glob enables only the events it matches"

out=$("$B/samples/sample" 1 'nosuch:*' 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "no event matches 'nosuch:\*'"
check $? "a pattern matching nothing: a clear message and exit 1"

out=$("$B/samples/sample" --format sample:sample_tick)
echo "$out" | grep -q '^print fmt: "tick"$' && echo "$out" | grep -q '^name: sample_tick$'
check $? "sample --format prints an event's format text"

out=$("$B/samples/sample" --format nosuch 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "no event 'nosuch'"
check $? "sample --format of an unknown event: a clear message and exit 1"

echo "1..$n"
exit $fail
