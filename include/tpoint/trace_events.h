/* SPDX-License-Identifier: MIT */
/*
 * trace_events.h - the stages that turn TRACE_EVENT() into an event, as
 * include/trace/trace_events.h does in the kernel. Included by define_trace.h only, in the
 * file that defines CREATE_TRACE_POINTS, which is compiled as C (GNU C or C11 with GCC's
 * and clang's extensions: statement expressions, __typeof__, named variadic macros).
 *
 * Every event is a class (its entry layout, assignment and print) plus a name:
 * TRACE_EVENT(name, ...) is DECLARE_EVENT_CLASS(name, ...) + DEFINE_EVENT(name, name, ...).
 * Each stage is a file of stages/ (its opening comment sketches the C it generates): it
 * starts with stages/reset.h, defines the macros it needs, reads the event header again,
 * and undefines the helpers of its own it defined:
 *
 *   stage0_checks.h         compile-time checks of the field types (static assertions)
 *   stage1_struct_define.h  struct trace_event_raw_<class>: the entry (common header,
 *                           fields, __data[])
 *   stage2_data_offsets.h   struct trace_event_data_offsets_<class>: where each dynamic
 *                           field goes
 *   stage3_enum_maps.h      TRACE_DEFINE_ENUM maps, in section __tpoint_enums_ptrs
 *   stage4_event_fields.h   the field descriptors (the "field:" lines of the format)
 *   stage5_get_offsets.h    tpoint__get_offsets_<class>(): sizes the dynamic fields (the
 *                           first pass)
 *   stage6_print_fmt.h      the print fmt text: TP_printk with __entry spelled REC, helpers
 *                           kept literal
 *   stage7_output.h         tpoint__output_<class>(): TP_printk applied to an entry, C
 *                           printf semantics
 *   stage8_event_probe.h    tpoint__event_probe_<class>(): size, reserve, TP_fast_assign,
 *                           commit
 *   stage9_event_define.h   struct tpoint_event per event, its pointer in section
 *                           __tpoint_events_ptrs
 *
 * This file sets up what every stage shares (the TRACE_EVENT variants as classes, the
 * helpers below), includes the stages in order, and resets the macros at the end.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>

#include <tpoint/static/fastpath.h>

/*
 * Generated functions take the whole prototype; most use only part of it. __vstring's
 * format is the caller's, given at run time, never a literal. (TP_printk's formats stay
 * checked by -Wformat.)
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"

/*
 * Fields named like libc's macros (the kernel's signal events have "errno" and
 * "sa_handler"): C's errno is a macro, (*__errno_location ()), and glibc spells the members
 * of struct sigaction as macros. The generated code sees them undefined, so that the field,
 * and __entry->errno in TP_fast_assign and TP_printk, are named as in the kernel; the end of
 * this file gives the program its macros back. (In TP_fast_assign, errno is the field's
 * name: pass the thread's errno as an argument.)
 */
#pragma push_macro("errno")
#pragma push_macro("sa_handler")
#pragma push_macro("sa_sigaction")
#undef errno
#undef sa_handler
#undef sa_sigaction
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* An event is a class plus a name; conditions and reg/unreg live in the tracepoint. */
#undef TRACE_EVENT
#define TRACE_EVENT(name, proto, args, tstruct, assign, print)				\
	DECLARE_EVENT_CLASS(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct),		\
			    PARAMS(assign), PARAMS(print))				\
	DEFINE_EVENT(name, name, PARAMS(proto), PARAMS(args))

#undef TRACE_EVENT_CONDITION
#define TRACE_EVENT_CONDITION(name, proto, args, cond, tstruct, assign, print)		\
	TRACE_EVENT(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct), PARAMS(assign),	\
		    PARAMS(print))

#undef TRACE_EVENT_FN
#define TRACE_EVENT_FN(name, proto, args, tstruct, assign, print, reg, unreg)		\
	TRACE_EVENT(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct), PARAMS(assign),	\
		    PARAMS(print))

#undef TRACE_EVENT_FN_COND
#define TRACE_EVENT_FN_COND(name, proto, args, cond, tstruct, assign, print, reg, unreg) \
	TRACE_EVENT(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct), PARAMS(assign),	\
		    PARAMS(print))

#undef DEFINE_EVENT_FN
#define DEFINE_EVENT_FN(template, name, proto, args, reg, unreg)			\
	DEFINE_EVENT(template, name, PARAMS(proto), PARAMS(args))

#undef DEFINE_EVENT_CONDITION
#define DEFINE_EVENT_CONDITION(template, name, proto, args, cond)			\
	DEFINE_EVENT(template, name, PARAMS(proto), PARAMS(args))

#undef TRACE_EVENT_SYSCALL
#define TRACE_EVENT_SYSCALL(name, proto, args, tstruct, assign, print, reg, unreg)	\
	TRACE_EVENT(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct), PARAMS(assign),	\
		    PARAMS(print))

/* A bare tracepoint has no event, nor has an event compiled out (_NOP). */
#undef DECLARE_TRACE
#define DECLARE_TRACE(name, proto, args)
#undef DECLARE_TRACE_CONDITION
#define DECLARE_TRACE_CONDITION(name, proto, args, cond)
#undef DECLARE_TRACE_SYSCALL
#define DECLARE_TRACE_SYSCALL(name, proto, args)
#undef DECLARE_TRACE_EVENT
#define DECLARE_TRACE_EVENT(name, proto, args)
#undef DECLARE_TRACE_EVENT_CONDITION
#define DECLARE_TRACE_EVENT_CONDITION(name, proto, args, cond)
#undef DECLARE_TRACE_EVENT_SYSCALL
#define DECLARE_TRACE_EVENT_SYSCALL(name, proto, args)
#undef DECLARE_EVENT_NOP
#define DECLARE_EVENT_NOP(name, proto, args)
#undef TRACE_EVENT_NOP
#define TRACE_EVENT_NOP(name, proto, args, tstruct, assign, print)
#undef DECLARE_EVENT_CLASS_NOP
#define DECLARE_EVENT_CLASS_NOP(name, proto, args, tstruct, assign, print)
#undef DEFINE_EVENT_NOP
#define DEFINE_EVENT_NOP(template, name, proto, args)

#undef TRACE_EVENT_FLAGS
#define TRACE_EVENT_FLAGS(event, flag)
#undef TRACE_EVENT_PERF_PERM
#define TRACE_EVENT_PERF_PERM(event, expr...)

/* The kernel's filter type is the reader's business here: a __field_ext is a __field. */
#undef __field_ext
#define __field_ext(type, item, filter_type)		__field(type, item)
#undef __field_struct_ext
#define __field_struct_ext(type, item, filter_type)	__field_struct(type, item)

#ifndef TPOINT__TRACE_EVENTS_ONCE
#define TPOINT__TRACE_EVENTS_ONCE
/*
 * The bits of a __cpumask: the program's nr_cpumask_bits when it is a macro (as the kernel's
 * stand-ins make it), else a cpu_set_t's 1024 (CPU_SETSIZE). Define TPOINT_NR_CPUMASK_BITS
 * to choose.
 */
#ifndef TPOINT_NR_CPUMASK_BITS
# ifdef nr_cpumask_bits
#  define TPOINT_NR_CPUMASK_BITS	nr_cpumask_bits
# else
#  define TPOINT_NR_CPUMASK_BITS	1024
# endif
#endif
#define tpoint__is_signed_type(type)	(((type)(-1)) < (type)1)
#define TPOINT_BITS_TO_LONGS(nr)	(((nr) + 8 * sizeof(long) - 1) / (8 * sizeof(long)))
/* __builtin_classify_type() classes that no reader can decode as a __field. */
#define TPOINT__CLASS_REAL	8
#define TPOINT__CLASS_COMPLEX	9
#define TPOINT__CLASS_RECORD	12
#define TPOINT__CLASS_UNION	13
#endif

/* The stages, in order (the list above): each reads the event header again. */
#include <tpoint/stages/stage0_checks.h>
#include <tpoint/stages/stage1_struct_define.h>
#include <tpoint/stages/stage2_data_offsets.h>
#include <tpoint/stages/stage3_enum_maps.h>
#include <tpoint/stages/stage4_event_fields.h>
#include <tpoint/stages/stage5_get_offsets.h>
#include <tpoint/stages/stage6_print_fmt.h>
#include <tpoint/stages/stage7_output.h>
#include <tpoint/stages/stage8_event_probe.h>
#include <tpoint/stages/stage9_event_define.h>
#include <tpoint/stages/reset.h>

#pragma pop_macro("sa_sigaction")
#pragma pop_macro("sa_handler")
#pragma pop_macro("errno")
#pragma GCC diagnostic pop
