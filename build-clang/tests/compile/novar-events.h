/* SPDX-License-Identifier: MIT */
/*
 * ut-events.h - events of the unit tests. The system name is not a C identifier, so
 * TRACE_SYSTEM_VAR gives one, as the kernel requires.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ut-sys
#undef TRACE_SYSTEM_VAR
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE novar-events

#if !defined(_UT_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _UT_EVENTS_H

#ifndef _UT_EVENTS_ONCE
#define _UT_EVENTS_ONCE
enum ut_state { UT_IDLE = 7, UT_BUSY = 9 };
extern int ut_reg_calls, ut_unreg_calls, ut_reg_result, ut_cond_calls;
int ut_reg(void);
void ut_unreg(void);
int ut_cond(int v);
#endif

#include <tpoint/tracepoint.h>

TRACE_DEFINE_ENUM(UT_IDLE);
TRACE_DEFINE_ENUM(UT_BUSY);

TRACE_EVENT(ut_plain,
	TP_PROTO(int v),
	TP_ARGS(v),
	TP_STRUCT__entry(
		__field(int, v)
	),
	TP_fast_assign(
		__entry->v = v;
	),
	TP_printk("v=%d", __entry->v)
);

/* reg() returns ut_reg_result: a negative value refuses the first probe. */
TRACE_EVENT_FN(ut_fn,
	TP_PROTO(int v),
	TP_ARGS(v),
	TP_STRUCT__entry(
		__field(int, v)
	),
	TP_fast_assign(
		__entry->v = v;
	),
	TP_printk("v=%d", __entry->v),
	ut_reg, ut_unreg
);

/* The condition counts its calls: it must run only while the event is enabled. */
TRACE_EVENT_CONDITION(ut_cond_ev,
	TP_PROTO(int v),
	TP_ARGS(v),
	TP_CONDITION(ut_cond(v)),
	TP_STRUCT__entry(
		__field(int, v)
	),
	TP_fast_assign(
		__entry->v = v;
	),
	TP_printk("v=%d", __entry->v)
);

/* A dynamic array of any length: too long ones are dropped and counted. */
TRACE_EVENT(ut_blob,
	TP_PROTO(const unsigned char *buf, int len, const char *name),
	TP_ARGS(buf, len, name),
	TP_STRUCT__entry(
		__string(name, name)
		__dynamic_array(unsigned char, buf, len)
		__field(int, len)
	),
	TP_fast_assign(
		__assign_str(name, name);	/* the pre-6.10 two-argument form */
		memcpy(__get_dynamic_array(buf), buf, (size_t)len);
		__entry->len = len;
	),
	TP_printk("name=%s len=%d buf=%s", __get_str(name), __entry->len,
		  __print_hex_str(__get_dynamic_array(buf), __get_dynamic_array_len(buf)))
);

TRACE_EVENT(ut_state,
	TP_PROTO(enum ut_state st, unsigned int flags),
	TP_ARGS(st, flags),
	TP_STRUCT__entry(
		__field(enum ut_state, st)
		__field(unsigned int, flags)
	),
	TP_fast_assign(
		__entry->st = st;
		__entry->flags = flags;
	),
	TP_printk("st=%s flags=%s",
		  __print_symbolic(__entry->st, { UT_IDLE, "idle" }, { UT_BUSY, "busy" }),
		  __print_flags(__entry->flags, ",", { 0x1, "A" }, { 0x2, "B" }, { 0x6, "BC" }))
);

DECLARE_TRACE(ut_hook,
	TP_PROTO(int a, long b),
	TP_ARGS(a, b));

#endif /* _UT_EVENTS_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
