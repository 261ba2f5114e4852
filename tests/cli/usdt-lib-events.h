/* SPDX-License-Identifier: MIT */
/* usdt-lib-events.h - the events of libusdt-lib.so, which usdt-prog loads with dlopen. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM usdt_lib
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE usdt-lib-events

#if !defined(_USDT_LIB_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _USDT_LIB_EVENTS_H

#include <tpoint/tracepoint.h>

TRACE_EVENT(usdt_lib_hit,
	TP_PROTO(unsigned int n, long long delta, const char *tag),
	TP_ARGS(n, delta, tag),
	TP_STRUCT__entry(
		__field(unsigned int, n)
		__field(long long, delta)
		__string(tag, tag)
	),
	TP_fast_assign(
		__entry->n = n;
		__entry->delta = delta;
		__assign_str(tag);
	),
	TP_printk("n=%u delta=%lld tag=%s", __entry->n, __entry->delta, __get_str(tag))
);

TRACE_EVENT(usdt_lib_done,
	TP_PROTO(int count),
	TP_ARGS(count),
	TP_STRUCT__entry(
		__field(int, count)
	),
	TP_fast_assign(
		__entry->count = count;
	),
	TP_printk("count=%d", __entry->count)
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
