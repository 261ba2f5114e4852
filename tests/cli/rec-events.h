/* SPDX-License-Identifier: MIT */
/* rec-events.h - the events of rec-prog, the program the record tests trace. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM rec
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE rec-events

#if !defined(_REC_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _REC_EVENTS_H

#include <tpoint/tracepoint.h>

/* The benchmark's shape: an int, a long and a string. */
TRACE_EVENT(rec_tick,
	TP_PROTO(int n, long v, const char *s),
	TP_ARGS(n, v, s),
	TP_STRUCT__entry(
		__field(int, n)
		__field(long, v)
		__string(s, s)
	),
	TP_fast_assign(
		__entry->n = n;
		__entry->v = v;
		__assign_str(s);
	),
	TP_printk("n=%d v=%ld s=%s", __entry->n, __entry->v, __get_str(s))
);

/* A large one: an array of @len bytes, so pages fill with events of every size. */
TRACE_EVENT(rec_blob,
	TP_PROTO(int n, const unsigned char *buf, int len),
	TP_ARGS(n, buf, len),
	TP_STRUCT__entry(
		__field(int, n)
		__dynamic_array(unsigned char, data, len)
	),
	TP_fast_assign(
		__entry->n = n;
		memcpy(__get_dynamic_array(data), buf, (size_t)len);
	),
	TP_printk("n=%d len=%u", __entry->n, __get_dynamic_array_len(data))
);

/* A numbered event: stream @t's @seq-th (a thread's, or its signal handler's). */
TRACE_EVENT(rec_seq,
	TP_PROTO(int t, unsigned int seq),
	TP_ARGS(t, seq),
	TP_STRUCT__entry(
		__field(int, t)
		__field(unsigned int, seq)
	),
	TP_fast_assign(
		__entry->t = t;
		__entry->seq = seq;
	),
	TP_printk("t=%d seq=%u", __entry->t, __entry->seq)
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
