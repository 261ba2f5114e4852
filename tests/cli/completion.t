#!/bin/bash
# SPDX-License-Identifier: MIT
# bash completion (completion/tpoint.bash): commands, each command's options, and event
# names for -e: the program's after "--", a running program's with -p, the kernel's.
B=$(cd "${TPOINT_BUILD_DIR:-build}" && pwd)
T="$B/tpoint"
n=0 fail=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi; }
. "$(dirname "$0")/../../completion/tpoint.bash"
# complete WORD...: COMPREPLY for the command line WORD... (the last one being completed)
complete_words() {
	COMP_WORDS=("$T" "$@")
	COMP_CWORD=$#
	COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
	_tpoint
	printf '%s\n' "${COMPREPLY[@]}"
}

[ "$(complete_words re | sort | tr '\n' ' ')" = "record report " ]
check $? "tpoint re<TAB>: record report"
complete_words record --ov | grep -qx -- --overwrite &&
	complete_words record --sn | grep -qx -- --snapshot-on
check $? "tpoint record --ov<TAB>: --overwrite; --sn<TAB>: --snapshot-on"
complete_words top --b | grep -qx -- --by && complete_words list -k | grep -qx -- -k
check $? "each command's own options (top --by, list -k)"
complete_words help t | sort | tr '\n' ' ' | grep -qx 'top trace '
check $? "tpoint help t<TAB>: the commands"
# bash splits "sample:foo_b" at ':' into three words; the reply is what follows the ':'
COMP_WORDS=("$T" record -e sample : foo_b -- "$B/samples/sample"); COMP_CWORD=5
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
_tpoint
got=$(printf '%s\n' "${COMPREPLY[@]}")
printf '%s\n' "$got" | grep -qx foo_bar && printf '%s\n' "$got" | grep -qx foo_bar_with_cond &&
	! printf '%s\n' "$got" | grep -q sample_tick
check $? "record -e sample:foo_b<TAB> -- PROGRAM: the program's events ($(echo $got))"
COMP_WORDS=("$T" record -e sample : "" -- "$B/samples/sample"); COMP_CWORD=5
_tpoint
printf '%s\n' "${COMPREPLY[@]}" | grep -qx sample_tick
check $? "record -e sample:<TAB> -- PROGRAM: every event of the system"
if [ -r /sys/kernel/tracing/events/signal/signal_generate/format ] ||
   [ "$(id -u)" = 0 ]; then
	complete_words trace -e signal : signal_g | grep -qx signal_generate
	check $? "trace -e signal:signal_g<TAB>: the kernel's signal_generate"
else
	n=$((n + 1)); echo "ok $n # SKIP tracefs not readable: no kernel events to complete"
fi
"$B/tests/rec-prog" loop > /dev/null 2>&1 &
lp=$!
sleep 0.2
complete_words record -p $lp -e rec : rec_t | grep -qx rec_tick
check $? "record -p PID -e rec:rec_t<TAB>: the running program's events"
kill $lp; wait $lp 2>/dev/null
complete_words record --clock m | grep -qx mono
check $? "--clock m<TAB>: mono"

echo "1..$n"
exit $fail
