/* SPDX-License-Identifier: MIT */
/* lttng-bench-tp.h - the same event for LTTng-UST 2.13: an int, a long, a string. */
#undef TRACEPOINT_PROVIDER
#define TRACEPOINT_PROVIDER bench_lttng

#undef TRACEPOINT_INCLUDE
#define TRACEPOINT_INCLUDE "./lttng-bench-tp.h"

#if !defined(_LTTNG_BENCH_TP_H) || defined(TRACEPOINT_HEADER_MULTI_READ)
#define _LTTNG_BENCH_TP_H

#include <lttng/tracepoint.h>

TRACEPOINT_EVENT(bench_lttng, bench_event,
	TP_ARGS(int, a, long, b, const char *, s),
	TP_FIELDS(
		ctf_integer(int, a, a)
		ctf_integer(long, b, b)
		ctf_string(s, s)
	)
)

#endif

#include <lttng/tracepoint-event.h>
