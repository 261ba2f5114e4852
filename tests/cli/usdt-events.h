/* SPDX-License-Identifier: MIT */
/* usdt-events.h - the events of usdt-prog, which bpftrace reads as USDT probes (usdt.t). */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM usdt_app
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE usdt-events

#if !defined(_USDT_APP_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _USDT_APP_EVENTS_H

#ifndef _USDT_APP_TYPES
#define _USDT_APP_TYPES
struct usdt_point { long x, y; };
#endif

#include <tpoint/tracepoint.h>

TRACE_EVENT(usdt_request,
	TP_PROTO(int id, long size, const char *path),
	TP_ARGS(id, size, path),
	TP_STRUCT__entry(
		__field(int, id)
		__field(long, size)
		__string(path, path)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->size = size;
		__assign_str(path);
	),
	TP_printk("id=%d size=%ld path=%s", __entry->id, __entry->size, __get_str(path))
);

/* A struct by value: the USDT probe passes its address. */
TRACE_EVENT(usdt_at,
	TP_PROTO(struct usdt_point pt),
	TP_ARGS(pt),
	TP_STRUCT__entry(
		__field(long, x)
		__field(long, y)
	),
	TP_fast_assign(
		__entry->x = pt.x;
		__entry->y = pt.y;
	),
	TP_printk("x=%ld y=%ld", __entry->x, __entry->y)
);

TRACE_EVENT(usdt_done,
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
