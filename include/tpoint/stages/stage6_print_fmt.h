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
#undef TP_printk
#define TP_printk(fmt, args...) "\"" fmt "\", " __tpoint_stringify(args)

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	static const char __tpoint_print_fmt_##call[] = print;

#undef DEFINE_EVENT_PRINT
#define DEFINE_EVENT_PRINT(template, name, proto, args, print)				\
	static const char __tpoint_print_fmt_##name[] = print;

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)
