#!/bin/sh
# SPDX-License-Identifier: MIT
# Kernel tracepoints with the same commands: a child gets 1,000 signals of known numbers
# from a known sender, and every one is reported right while the filter drops the others;
# nothing of ours stays in tracefs (after a run, Ctrl-C, SIGKILL and the next run); and for
# the same kernel events tpoint prints what the kernel's own trace file says.
# Skips, saying why, where tracing is not permitted.
. "$(dirname "$0")/kernel-common.sh"
base=$(stale)

# --- an -e that names nothing is refused before the program runs, as trace-cmd does
"$T" trace -e signal:nosuchevent -- "$P" touch nosuch.ran > /dev/null 2>err; rc=$?
[ $rc = 2 ] && [ ! -e nosuch.ran ] &&
	grep -q "tpoint trace: -e 'signal:nosuchevent' names no event: .*none in the kernel (tpoint list -k)" err
check $? "trace -e signal:nosuchevent -- PROGRAM: exit 2, where it looked, PROGRAM not run"
"$T" top -e signal:nosuchevent --by sig > /dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "tpoint top: -e 'signal:nosuchevent' names no event: none in the kernel" err
check $? "top -e signal:nosuchevent: exit 2 with the reason"

# --- tpoint trace: only the program and its children, the filter drops SIGWINCH
"$T" trace -e signal:signal_generate -f 'sig == 10 || sig == 12' \
	--format '{sig:signame} {common_comm} {common_pid} {pid} {comm}' -- "$P" signals 1000 > tr.txt
check $? "trace -- rec-prog signals 1000: exit 0"
set -- $(sed -n 's/^sent usr1 \([0-9]*\) usr2 \([0-9]*\) winch \([0-9]*\) sender \([0-9]*\) target \([0-9]*\)$/\1 \2 \3 \4 \5/p' tr.txt)
u1=$1 u2=$2 wi=$3 snd=$4 tgt=$5
[ "$(grep -c "^SIGUSR1 rec-prog $snd $tgt rec-prog$" tr.txt)" = "$u1" ] && [ "$u1" = 400 ]
check $? "all $u1 SIGUSR1: signal, sender (comm, pid) and target right"
[ "$(grep -c "^SIGUSR2 rec-prog $snd $tgt rec-prog$" tr.txt)" = "$u2" ] && [ "$u2" = 400 ]
check $? "all $u2 SIGUSR2: signal, sender and target right"
! grep -q SIGWINCH tr.txt && [ "$(grep -c '^SIG' tr.txt)" = 800 ]
check $? "the filter drops the $wi SIGWINCH, and nothing else shows"

# --- the seed's line, with the sender's name even after it exited
"$T" trace -e signal:signal_generate -f 'sig == 17' \
	--format 'sig[{sig}] {sig:signame} was sent to {comm} (pid:{pid}) by exec:{common_comm} -->:{common_pid}' \
	-- sh -c '/bin/true; /bin/true' > seed.txt
[ "$(grep -cE '^sig\[17\] SIGCHLD was sent to sh \(pid:[0-9]+\) by exec:true -->:[0-9]+$' seed.txt)" = 2 ]
check $? "the seed's line: sig[17] SIGCHLD was sent to sh (pid:N) by exec:true -->:M"

# --- human names: system calls and errno values
"$T" trace -e raw_syscalls:sys_exit -f 'ret < 0' --format '{id:syscall} {ret:errno}' \
	-- ls /nonexistent-tpoint > sc.txt 2>/dev/null
grep -Eq '^(newfstatat|statx|lstat|stat|fstatat64) ENOENT$' sc.txt
check $? "{id:syscall} {ret:errno}: a failed stat reads as a name and ENOENT ($(head -1 sc.txt))"
"$T" trace -e raw_syscalls:sys_enter -- /bin/true > se.txt
grep -q 'raw_syscalls:sys_enter: execve(' se.txt
check $? "raw_syscalls:sys_enter lines name the system call with its arguments"

# --- record kernel and user events together; report and trace-cmd report
"$T" record -o sig.dat -e signal:signal_generate -f 'sig == 10 || sig == 12' -e 'rec:*' \
	-- "$P" signals 1000 > sent.txt 2>rec.err
check $? "record -e signal:signal_generate -e 'rec:*': exit 0"
set -- $(sed -n 's/^sent usr1 [0-9]* usr2 [0-9]* winch [0-9]* sender \([0-9]*\) target \([0-9]*\)$/\1 \2/p' sent.txt)
"$T" report sig.dat > sig.txt
[ "$(grep -c "rec-prog-$1 .*signal:signal_generate: sig=10 .* pid=$2 " sig.txt)" = 400 ] &&
	[ "$(grep -c "rec-prog-$1 .*signal:signal_generate: sig=12 .* pid=$2 " sig.txt)" = 400 ] &&
	! grep -q 'sig=28 ' sig.txt
check $? "report: 400 SIGUSR1 and 400 SIGUSR2 from the sender to the target, no SIGWINCH"
# The summary counts the kernel's events with the program's, as the file's stats do.
sum=$(sed -n 's/^tpoint record: \([0-9]*\) events, \([0-9]*\) lost.*/\1 \2/p' rec.err)
hdr=$(sed -n 's/^# [^:]*: \([0-9]*\) events, \([0-9]*\) lost.*/\1 \2/p' sig.txt)
[ -n "$sum" ] && [ "$sum" = "$hdr" ] && [ "${sum%% *}" -ge 800 ]
check $? "record's summary ($sum) is the file's stats ($hdr), kernel events included"
[ "$(trace-cmd report sig.dat 2>/dev/null | grep -c "signal_generate: *sig=1[02] .* pid=$2 ")" = 800 ]
check $? "trace-cmd report reads the merged file: the same 800"
"$T" report sig.dat --hist 'keys=sig:signame' > hist.txt
grep -Eq '^ +400  SIGUSR1$' hist.txt && grep -Eq '^ +400  SIGUSR2$' hist.txt
check $? "report --hist keys=sig:signame counts per signal"
[ "$(stale)" = "$base" ]
check $? "no tpoint instance left in tracefs after the runs"

# --- top: counts per key, plain text when piped
"$T" top -e signal:signal_generate --by sig:signame,common_comm --interval 0.2 \
	-- "$P" signals 1000 > top.txt
grep -Eq '^ +400  SIGUSR1  rec-prog$' top.txt && grep -Eq '^ +200  SIGWINCH  rec-prog$' top.txt
check $? "top --by sig:signame,common_comm: the table counts 400 SIGUSR1, 200 SIGWINCH"

# --- Ctrl-C, a closed pipe, SIGKILL and the next run
"$T" trace -e 'signal:*' > /dev/null 2>&1 & tp=$!
sleep 0.5; kill -INT $tp; wait $tp; rc=$?
[ $rc = 0 ] && [ ! -d "$TR/instances/tpoint-$tp" ] && [ "$(stale)" = "$base" ]
check $? "Ctrl-C: exit 0, the instance removed"
( "$T" trace -e signal:signal_generate -- sh -c "exec '$P' signals 1000 > /dev/null"; echo $? > pipe.rc ) |
	head -2 > /dev/null
[ "$(cat pipe.rc)" = 0 ] && [ "$(stale)" = "$base" ]
check $? "| head: exit 0 when the pipe closes, the instance removed"
"$T" trace -e 'signal:*' > /dev/null 2>&1 & tp=$!
sleep 0.5; kill -KILL $tp; wait $tp 2>/dev/null
[ -d "$TR/instances/tpoint-$tp" ]
check $? "SIGKILL leaves its instance (tpoint-$tp) behind"
"$T" trace -e signal:signal_generate -- /bin/true > /dev/null
[ ! -d "$TR/instances/tpoint-$tp" ] && [ "$(stale)" = "$base" ]
check $? "the next run removes it"

# --- differential: the kernel's own text for the same events
I=tpdiff$$
mkdir "$TR/instances/$I" && echo mono > "$TR/instances/$I/trace_clock" &&
	echo 1 > "$TR/instances/$I/events/signal/enable" && "$P" signals 50 > /dev/null &&
	echo 0 > "$TR/instances/$I/tracing_on" && cat "$TR/instances/$I/trace" > kernel.txt &&
	trace-cmd extract -B "$I" -o diff.dat > /dev/null 2>&1
rmdir "$TR/instances/$I" 2>/dev/null
# "comm-pid [cpu] flags ts: event: text" -> "comm-pid [cpu] ts: event: text", spaces squeezed
grep -v '^#' kernel.txt | sed -E -e 's/^ *//' -e 's/ +/ /g' -e 's/^(.*\]) [^ ]+ ([0-9]+\.[0-9]+:)/\1 \2/' > k.txt
"$T" report diff.dat | grep -v '^#' | sed -E -e 's/^ *//' -e 's/ +/ /g' -e 's/\] ([0-9.]+): [a-z_]+:/] \1: /' > t.txt
[ "$(wc -l < k.txt)" -ge 50 ] && cmp -s k.txt t.txt
check $? "tpoint's text equals the kernel's trace file, line for line ($(wc -l < k.txt) events)"

# tpoint list -k: the kernel's events, as trace-cmd list -e has them
"$T" list -k 'signal:*' > lk.txt 2>&1
[ "$(cat lk.txt)" = "$(printf 'signal:signal_deliver\nsignal:signal_generate')" ]
check $? "list -k 'signal:*': the two signal events, sorted"
"$T" list -k > lk-all.txt 2>&1
trace-cmd list -e 2>/dev/null | grep -v '^ftrace:' | sort > tc-all.txt
sort lk-all.txt | cmp -s - tc-all.txt
check $? "list -k names every kernel event trace-cmd list -e does ($(wc -l < lk-all.txt))"
"$T" list -kv signal:signal_generate > lkv.txt 2>&1
grep -q '^ID: [0-9]' lkv.txt && grep -q 'field:int sig;' lkv.txt && grep -q '^print fmt:' lkv.txt
check $? "list -kv prints the format"
"$T" list -k 'nope:*' > /dev/null 2> lke.txt; rc=$?
[ $rc = 1 ] && grep -q "tpoint list: -k 'nope:\*': no kernel event matches" lke.txt
check $? "list -k with a glob that names nothing: exit 1, saying so"

echo "1..$n"
exit $fail
