#undef TRACE_SYSTEM
#define TRACE_SYSTEM bad
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE too-big
#if !defined(_BAD_H) || defined(TRACE_HEADER_MULTI_READ)
#define _BAD_H
#ifndef _BAD_ONCE
#define _BAD_ONCE
struct pair { int a, b; };
#endif
#include <tpoint/tracepoint.h>
TRACE_EVENT(bad_ev,
	TP_PROTO(int v),
	TP_ARGS(v),
	TP_STRUCT__entry(__array(char, a, 4000) __array(char, b, 100)),
	TP_fast_assign((void)v;),
	TP_printk("x")
);
#endif
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
