#!/bin/sh
# SPDX-License-Identifier: MIT
# What a traced program gets from its tracer, with kernel events on: no descriptor but the
# session memfd (record, trace and top); and what it shows of others: nothing (trace, top,
# record -F), while another process sends signals all the time. Skips, saying why, where
# kernel tracing is not permitted; leaves no tpoint instance in tracefs.
. "$(dirname "$0")/kernel-common.sh"

# --- descriptors: the "fd N TARGET" lines of rec-prog fds beyond 0, 1, 2 and those it holds
# untraced (what this shell passes on); exactly one may be new, the session memfd
"$P" fds > fds.base
extra() { awk 'NR == FNR { had[$2] = 1; next } /^fd / && $2 > 2 && !had[$2]' fds.base "$1"; }
only_session() {
	[ "$(extra "$1" | wc -l)" = 1 ] && extra "$1" | grep -q ' /memfd:tpoint-session' && return 0
	extra "$1" | sed 's/^/# inherited: /'
	return 1
}
"$T" record -o fds.dat -e 'rec:*' -e signal:signal_generate -- "$P" fds > rec.fds 2>/dev/null
only_session rec.fds
check $? "record with a kernel event: the program holds the session memfd and nothing else of ours"
"$T" trace -e signal:signal_generate -- "$P" fds > trace.fds
only_session trace.fds
check $? "trace with a kernel event: only the session memfd"
"$T" top -e signal:signal_generate --by sig -- "$P" fds > top.fds
only_session top.fds
check $? "top with a kernel event: only the session memfd"

# --- a child the program leaves running holds nothing of the instance: it is removed
"$T" trace -e signal:signal_generate -- sh -c 'sleep 2 </dev/null >/dev/null 2>&1 &' > /dev/null
[ "$(stale)" = 0 ]
check $? "a background child the program leaves does not keep the instance alive"

# --- only the program's kernel events, while another process sends signals all the time:
# the pid filter is in place before any event is enabled. The program prints its pid, then
# becomes /bin/true, whose exit sends tpoint its SIGCHLD: one signal_generate of its own.
sleep 300 & sleeper=$!
( while kill -WINCH $sleeper 2>/dev/null; do :; done ) & noise=$!
trap 'kill $noise $sleeper 2>/dev/null; rm -rf "$W"' EXIT
PROG='echo "prog $$"; exec /bin/true'
# "others N" (lines of a pid but the program's) and "own N" of run output $1, summed in $2
tally() {
	awk '/^prog / { prog = $2; next } /^ *[0-9]+$/ { if ($1 == prog) own++; else others++ }
	     END { printf "%d %d\n", own, others }' "$1" >> "$2"
}
sum() { awk -v c="$2" '{ s += $c } END { print s + 0 }' "$1"; }
# runs N SUM STEP: STEP (given the run's number) writes run.txt, N times, each tallied in SUM
runs() {
	: > "$2"
	i=0
	while [ $i -lt "$1" ]; do
		"$3" $i
		tally run.txt "$2"
		i=$((i + 1))
	done
}
trace_run() {
	"$T" trace -e signal:signal_generate --format '{common_pid}' -- sh -c "$PROG" > run.txt
}
top_run() {
	"$T" top -e signal:signal_generate --by common_pid --interval 60 -- sh -c "$PROG" |
		awk '/^prog / || /^ +[0-9]+ +[0-9]+$/ { print ($1 == "prog" ? $0 : $2) }' > run.txt
}
record_run() {
	"$T" record -F -o F$1.dat -e signal:signal_generate -- sh -c "$PROG" > run.txt 2>/dev/null
	"$T" report F$1.dat | sed -n 's/^.*-\([0-9]*\) *\[[0-9]*\] .*signal:signal_generate: .*/\1/p' >> run.txt
}
runs 20 trace.sum trace_run
[ "$(sum trace.sum 2)" = 0 ] && [ "$(sum trace.sum 1)" -ge 20 ]
check $? "trace -- PROGRAM, 20 runs beside a signal storm: $(sum trace.sum 1) lines of the program, $(sum trace.sum 2) of others (none)"
runs 10 top.sum top_run
[ "$(sum top.sum 2)" = 0 ] && [ "$(sum top.sum 1)" -ge 10 ]
check $? "top -- PROGRAM, 10 runs beside a signal storm: keys of the program only ($(sum top.sum 2) others)"

# --- record -F: the same, into a file (without -F the whole system's: not asserted)
runs 5 rec.sum record_run
[ "$(sum rec.sum 2)" = 0 ] && [ "$(sum rec.sum 1)" -ge 5 ]
check $? "record -F -- PROGRAM, 5 runs beside a signal storm: $(sum rec.sum 1) events of the program, $(sum rec.sum 2) of others (none)"

[ "$(stale)" = 0 ]
check $? "no tpoint instance left in tracefs"
echo "1..$n"
exit $fail
