/* SPDX-License-Identifier: MIT */
/*
 * clash-events.h - a program's events in a system the kernel has too: signal:signal_generate
 * is both this program's and the kernel's, so -e 'signal:*' names both and "user:" or
 * "kernel:" before it names one side (tests/cli/clash.t).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM signal
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE clash-events

#if !defined(_CLASH_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _CLASH_EVENTS_H

#include <tpoint/tracepoint.h>

TRACE_EVENT(signal_generate,
	TP_PROTO(int sig),
	TP_ARGS(sig),
	TP_STRUCT__entry(
		__field(int, sig)
	),
	TP_fast_assign(
		__entry->sig = sig;
	),
	TP_printk("the program's own sig=%d", __entry->sig)
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
