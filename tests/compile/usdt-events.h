/* SPDX-License-Identifier: MIT */
/*
 * usdt-events.h - tracepoints whose arguments <sys/sdt.h> cannot take as they are: more
 * than 12, a struct and a union by value, floating point (tests/compile/run.sh).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM usdtc
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE usdt-events

#if !defined(_USDT_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _USDT_EVENTS_H

#ifndef _USDT_EVENTS_TYPES
#define _USDT_EVENTS_TYPES
struct usdtc_pair { long a, b; };
union usdtc_word { int i; float f; };
#endif

#include <tpoint/tracepoint.h>

DECLARE_TRACE(usdtc_many,
	TP_PROTO(int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, int a9,
		 int a10, int a11, int a12, int a13, int a14),
	TP_ARGS(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14));

DECLARE_TRACE(usdtc_odd,
	TP_PROTO(struct usdtc_pair p, double d, union usdtc_word w, long long ll, char c,
		 const char *s),
	TP_ARGS(p, d, w, ll, c, s));

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
