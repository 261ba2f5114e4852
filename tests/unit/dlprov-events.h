/* SPDX-License-Identifier: MIT */
/* dlprov-events.h - events of a shared library that the registry test dlopen()s. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM dlprov
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE dlprov-events

#if !defined(_DLPROV_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _DLPROV_EVENTS_H

#include <tpoint/tracepoint.h>

TRACE_EVENT(dl_start,
	TP_PROTO(int n),
	TP_ARGS(n),
	TP_STRUCT__entry(
		__field(int, n)
	),
	TP_fast_assign(
		__entry->n = n;
	),
	TP_printk("n=%d", __entry->n)
);

TRACE_EVENT(dl_done,
	TP_PROTO(const char *what),
	TP_ARGS(what),
	TP_STRUCT__entry(
		__string(what, what)
	),
	TP_fast_assign(
		__assign_str(what);
	),
	TP_printk("what=%s", __get_str(what))
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
