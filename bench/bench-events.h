/* SPDX-License-Identifier: MIT */
/* bench-events.h - the benchmark's event: an int, a long and a 5-character string. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM bench
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE bench-events

#if !defined(_BENCH_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _BENCH_EVENTS_H

#include <tpoint/tracepoint.h>

TRACE_EVENT(bench_event,
	TP_PROTO(int a, long b, const char *s),
	TP_ARGS(a, b, s),
	TP_STRUCT__entry(
		__field(int, a)
		__field(long, b)
		__string(s, s)
	),
	TP_fast_assign(
		__entry->a = a;
		__entry->b = b;
		__assign_str(s);
	),
	TP_printk("a=%d b=%ld s=%s", __entry->a, __entry->b, __get_str(s))
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
