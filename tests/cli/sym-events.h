/* SPDX-License-Identifier: MIT */
/* sym-events.h - a code address printed with %ps and %pS, as kernel events print theirs. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM sym
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE sym-events

#if !defined(_SYM_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SYM_EVENTS_H

#include <tpoint/tracepoint.h>

TRACE_EVENT(sym_call,
	TP_PROTO(const void *fn),
	TP_ARGS(fn),
	TP_STRUCT__entry(
		__field(const void *, fn)
	),
	TP_fast_assign(
		__entry->fn = fn;
	),
	TP_printk("fn=%ps at=%pS", __entry->fn, __entry->fn)
);

/* A string recorded by its address, as the kernel's ipi_raise records its reason. */
TRACE_EVENT(sym_reason,
	TP_PROTO(const char *reason),
	TP_ARGS(reason),
	TP_STRUCT__entry(
		__field(const char *, reason)
	),
	TP_fast_assign(
		__entry->reason = reason;
	),
	TP_printk("reason=%s", __entry->reason)
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
