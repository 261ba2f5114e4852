/* SPDX-License-Identifier: MIT */
/*
 * kmacros.h - tpoint's own event header (not the kernel's), for the Linux 6.16 macros the
 * ported kernel headers do not use: DECLARE_TRACE (<name>_tp), DECLARE_TRACE_CONDITION,
 * DECLARE_TRACE_EVENT, TRACE_EVENT_SYSCALL, the _NOP family, __field_ext,
 * __print_flags_u64, __print_ns_to_secs, __print_hex_dump, __sockaddr, __rel_dynamic_array.
 * Found without TRACE_INCLUDE_PATH as <trace/events/kmacros.h>.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kmacros

#if !defined(_TRACE_KMACROS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_KMACROS_H

#include <linux/tracepoint.h>

DECLARE_TRACE(km_hook,
	TP_PROTO(int a),
	TP_ARGS(a));

DECLARE_TRACE_CONDITION(km_hook_cond,
	TP_PROTO(int a),
	TP_ARGS(a),
	TP_CONDITION(a > 0));

DECLARE_TRACE_EVENT(km_bare_event,
	TP_PROTO(int a),
	TP_ARGS(a));

TRACE_EVENT_SYSCALL(km_sys_enter,
	TP_PROTO(long id, unsigned long long flags, unsigned long long ns),
	TP_ARGS(id, flags, ns),
	TP_STRUCT__entry(
		__field_ext(	long,			id,	FILTER_OTHER	)
		__field(	unsigned long long,	flags			)
		__field(	unsigned long long,	ns			)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->flags = flags;
		__entry->ns = ns;
	),
	TP_printk("id=%ld flags=%s t=%llu.%09u", __entry->id,
		  __print_flags_u64(__entry->flags, "|",
				    { 0x1ULL, "LOW" }, { 0x100000000ULL, "HIGH" }),
		  __print_ns_to_secs(__entry->ns), __print_ns_without_secs(__entry->ns)),
	NULL, NULL
);

TRACE_EVENT(km_data,
	TP_PROTO(const void *addr, int addrlen, const unsigned char *buf, int len),
	TP_ARGS(addr, addrlen, buf, len),
	TP_STRUCT__entry(
		__sockaddr(	addr,	addrlen			)
		__rel_dynamic_array(unsigned char, bytes, len	)
	),
	TP_fast_assign(
		__assign_sockaddr(addr, addr, addrlen);
		memcpy(__get_rel_dynamic_array(bytes), buf, len);
	),
	TP_printk("addrlen=%u bytes=%u [%s]", __get_dynamic_array_len(addr),
		  __get_rel_dynamic_array_len(bytes),
		  __print_hex_dump("", 0, 16, 1, __get_rel_dynamic_array(bytes),
				   __get_rel_dynamic_array_len(bytes), 0))
);

TRACE_EVENT_NOP(km_nop,
	TP_PROTO(int a),
	TP_ARGS(a),
	TP_STRUCT__entry(__field(int, a)),
	TP_fast_assign(__entry->a = a;),
	TP_printk("a=%d", __entry->a));

DECLARE_EVENT_CLASS_NOP(km_nop_class,
	TP_PROTO(int a),
	TP_ARGS(a),
	TP_STRUCT__entry(__field(int, a)),
	TP_fast_assign(__entry->a = a;),
	TP_printk("a=%d", __entry->a));

DEFINE_EVENT_NOP(km_nop_class, km_nop_defined,
	TP_PROTO(int a),
	TP_ARGS(a));

#endif /* _TRACE_KMACROS_H */

#include <trace/define_trace.h>
