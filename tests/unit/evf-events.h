/* SPDX-License-Identifier: MIT */
/*
 * evf-events.h - the event of test-evfilter.c: a field of each kind a filter tells apart,
 * as the library's events describe them (a header of its own, so that the other tests'
 * counts of events do not change).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM evf

#if !defined(_EVF_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _EVF_EVENTS_H

#ifndef _EVF_EVENTS_ONCE
#define _EVF_EVENTS_ONCE
struct evf_pair {
	int a, b;
};
#endif

#include <tpoint/tracepoint.h>

TRACE_EVENT(evf_fields,
	TP_PROTO(int n, const struct evf_pair *pair, const char *text, const char *name),
	TP_ARGS(n, pair, text, name),
	TP_STRUCT__entry(
		__field(int, n)					/* int: a number */
		__field(const struct evf_pair *, ptr)		/* struct evf_pair *: a number */
		__field_struct(struct evf_pair, pair)		/* struct evf_pair: refused */
		__array(char, name, 8)				/* char[8]: a string */
		__array(int, two, 2)				/* int[2]: refused */
		__dynamic_array(char, text, strlen(text) + 1)	/* __data_loc char[]: a string */
		__dynamic_array(int, ints, 2)			/* __data_loc int[]: refused */
	),
	TP_fast_assign(
		__entry->n = n;
		__entry->ptr = pair;
		__entry->pair = *pair;
		memset(__entry->name, 0, sizeof(__entry->name));
		memcpy(__entry->name, name, strnlen(name, sizeof(__entry->name)));
		__entry->two[0] = __entry->two[1] = n;
		memcpy(__get_dynamic_array(text), text, strlen(text) + 1);
		memset(__get_dynamic_array(ints), 0, 2 * sizeof(int));
	),
	TP_printk("n=%d name=%.8s text=%s", __entry->n, __entry->name, __get_str(text))
);

#endif /* _EVF_EVENTS_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE evf-events
#include <tpoint/define_trace.h>
