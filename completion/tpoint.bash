# SPDX-License-Identifier: MIT
# bash completion for tpoint: its commands, each command's options, and event names for -e
# (and --snapshot-on): the program's after "--" (tpoint list PROGRAM) or of -p's process
# (/proc/PID/exe), and the kernel's (tpoint list -k). Installed by make install under
# PREFIX/share/bash-completion/completions/tpoint; or: source completion/tpoint.bash

_tpoint_options() {
	case $1 in
	record) echo "-o --output -e --event -f --filter -F --program-only -p --pid --missing-ok
		      --buffer-size --overwrite --clock --snapshot-on -h --help" ;;
	report) echo "-e --event -f --filter --cpu --pid --json --hist -h --help" ;;
	list)   echo "-v --verbose -k --kernel -h --help" ;;
	trace)  echo "-e --event -f --filter -p --pid --format --max-rate --missing-ok -h --help" ;;
	top)    echo "-e --event -f --filter -p --pid --by --interval -n --rows --missing-ok
		      -h --help" ;;
	convert) echo "--to-systrace --to-json --to-ctf -h --help" ;;
	help)   echo "record report list trace top convert" ;;
	esac
}

# The events an -e may name here: the program's (after --, or -p's) and the kernel's.
_tpoint_events() {
	local tool=$1 i prog= pid=
	shift
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		case ${COMP_WORDS[i]} in
		--) prog=${COMP_WORDS[i + 1]}; break ;;
		-p|--pid) pid=${COMP_WORDS[i + 1]%%,*} ;;
		esac
	done
	[ -z "$prog" ] && [ -n "$pid" ] && prog=/proc/$pid/exe
	if [ -n "$prog" ]; then
		[ -e "$prog" ] || prog=$(command -v "$prog" 2>/dev/null)
		[ -n "$prog" ] && "$tool" list "$prog" 2>/dev/null
	fi
	"$tool" list -k 2>/dev/null
}

_tpoint() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local tool=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]} i

	# bash splits "sample:foo" at ':' (COMP_WORDBREAKS): join it back for -e's word.
	if [ "$cur" = : ] && [ "$COMP_CWORD" -ge 3 ]; then
		cur=${COMP_WORDS[COMP_CWORD - 1]}:
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [ "$prev" = : ] && [ "$COMP_CWORD" -ge 4 ]; then
		cur=${COMP_WORDS[COMP_CWORD - 2]}:$cur
		prev=${COMP_WORDS[COMP_CWORD - 3]}
	fi

	COMPREPLY=()
	if [ "$COMP_CWORD" = 1 ]; then
		COMPREPLY=($(compgen -W "record report list trace top convert help --help --version" -- "$cur"))
		return
	fi
	# After "--": the program and its arguments, as files and commands.
	for ((i = 2; i < COMP_CWORD; i++)); do
		if [ "${COMP_WORDS[i]}" = -- ]; then
			COMPREPLY=($(compgen -c -f -- "$cur"))
			return
		fi
	done
	case $prev in
	-e|--event|--snapshot-on)
		# Event names hold ':' (a word break for bash): complete after the last one.
		local ev
		ev=$(_tpoint_events "$tool")
		COMPREPLY=($(compgen -W "$ev" -- "$cur"))
		if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
			local pre=${cur%"${cur##*:}"}
			COMPREPLY=("${COMPREPLY[@]#"$pre"}")
		fi
		return ;;
	-o|--output|--to-systrace|--to-json) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--to-ctf) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-p|--pid) COMPREPLY=($(compgen -W "$(ps -eo pid= 2>/dev/null)" -- "$cur")); return ;;
	--clock) COMPREPLY=($(compgen -W "tsc mono auto" -- "$cur")); return ;;
	-f|--filter|--format|--by|--buffer-size|--interval|-n|--rows|--max-rate|--cpu|--hist)
		return ;;
	esac
	if [[ $cur == -* || $cmd == help ]]; then
		COMPREPLY=($(compgen -W "$(_tpoint_options "$cmd")" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

complete -F _tpoint tpoint
