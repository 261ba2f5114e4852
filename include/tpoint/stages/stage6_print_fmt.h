/* SPDX-License-Identifier: MIT */
/*
 * stages/stage6_print_fmt.h - Stage 6 of the events: the print fmt text of the format, from
 * TP_printk, with __entry spelled REC and the helpers (__print_symbolic()...) kept as
 * written, which is how the kernel shows it and readers (libtraceevent) evaluate it.
 *
 *	static const char __tpoint_print_fmt_<class>[] = "\"<fmt>\", <args as text>";
 *	static const char __tpoint_print_fmt_<name>[] = ...;	// DEFINE_EVENT_PRINT
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
#include <tpoint/stages/reset.h>

#define __entry REC
/*
 * Helpers that libtraceevent 1.7 does not know, written as the ones it does (the kernel's
 * format keeps their names): readers print the same text as TP_printk in-process.
 */
#define __print_dynamic_array(array, el_size)						\
	__print_array(__get_dynamic_array(array), __get_dynamic_array_len(array) / el_size, el_size)
#define __print_flags_u64(flag, delim, flag_array...)	__print_flags(flag, delim, flag_array)
#define __print_ns_to_secs(val)			(val) / 1000000000
#define __print_ns_without_secs(val)		(val) % 1000000000
/* libtraceevent 1.7 crashes on __get_rel_dynamic_array_len(): the length, from the word. */
#define __get_rel_dynamic_array_len(field)	((__entry->field >> 16) & 0xffff)
#define __print_hex_dump(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii)	\
	__print_hex(buf, len)
#undef TP_printk
#define TP_printk(fmt, args...) "\"" fmt "\", " __tpoint_stringify(args)

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	static const char __tpoint_print_fmt_##call[] = print;

#undef DEFINE_EVENT_PRINT
#define DEFINE_EVENT_PRINT(template, name, proto, args, print)				\
	static const char __tpoint_print_fmt_##name[] = print;

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)
