/* SPDX-License-Identifier: MIT */
/*
 * stages/stage9_event_define.h - Stage 9 of the events: the events themselves, each with
 * its pointer in section __tpoint_events_ptrs, where the library (and tpoint list, in the
 * ELF file) finds them.
 *
 *	static const char __tpoint_system_<TRACE_SYSTEM_VAR>[] = "<system>";	// once
 *
 *	static struct tpoint_event __tpoint_event_<name> = {
 *		sizeof(struct tpoint_event), __tpoint_system_<...>, "<name>",
 *		&__tracepoint_<name>,				// define_trace.h made it
 *		tpoint__event_probe_<class>, tpoint__fields_<class>,
 *		__tpoint_print_fmt_<class or name>, tpoint__output_<class or name>,
 *		// runtime state, the registry's: zero
 *	};
 *	static struct tpoint_event *__tpoint_event_ptr_<name>
 *		__attribute__((used, section("__tpoint_events_ptrs"))) = &__tpoint_event_<name>;
 *	static inline void tpoint__test_probe_<name>(void)	// the probe's type, checked
 *	{
 *		check_trace_callback_type_<name>(tpoint__event_probe_<class>);
 *	}
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
#include <tpoint/stages/reset.h>

/*
 * One string for the system name, shared by the header's events. Its identifier comes from
 * TRACE_SYSTEM_VAR, which a header must define when TRACE_SYSTEM is not a C identifier
 * (as in the kernel: "#define TRACE_SYSTEM my-app" needs "#define TRACE_SYSTEM_VAR my_app").
 */
#ifndef TRACE_SYSTEM_VAR
# define TRACE_SYSTEM_VAR TRACE_SYSTEM
#endif
static const char __tpoint_paste(__tpoint_system_, TRACE_SYSTEM_VAR)[] =
	__tpoint_stringify(TRACE_SYSTEM);

#define TPOINT__DEFINE_EVENT(template, name, printer)					\
	static struct tpoint_event __tpoint_event_##name = {				\
		sizeof(struct tpoint_event),						\
		__tpoint_paste(__tpoint_system_, TRACE_SYSTEM_VAR),			\
		#name,									\
		&__tracepoint_##name,							\
		(void (*)(void))tpoint__event_probe_##template,			\
		tpoint__fields_##template,						\
		__tpoint_print_fmt_##printer,						\
		tpoint__output_##printer,						\
		NULL, 0, 0, 0, NULL, 0, NULL						\
	};										\
	static struct tpoint_event *__tpoint_event_ptr_##name				\
		__attribute__((used, section("__tpoint_events_ptrs"))) =		\
		&__tpoint_event_##name;							\
	static inline __attribute__((unused)) void tpoint__test_probe_##name(void)	\
	{										\
		check_trace_callback_type_##name(tpoint__event_probe_##template);	\
	}

#undef DEFINE_EVENT
#define DEFINE_EVENT(template, name, proto, args)					\
	TPOINT__DEFINE_EVENT(template, name, template)

#undef DEFINE_EVENT_PRINT
#define DEFINE_EVENT_PRINT(template, name, proto, args, print)				\
	TPOINT__DEFINE_EVENT(template, name, name)

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

#undef TPOINT__DEFINE_EVENT
