/* SPDX-License-Identifier: MIT */
/*
 * define_trace.h - included at the end of every event header, outside its guard, as
 * include/trace/define_trace.h in the kernel.
 *
 * Unless CREATE_TRACE_POINTS is defined it does nothing. In the one .c that defines it, it:
 *   1. redefines TRACE_EVENT() and friends to define the tracepoint objects, and reads the
 *      event header again (TRACE_HEADER_MULTI_READ opens its guard);
 *   2. includes trace_events.h, whose stages read the header again to build each event's
 *      entry layout, probe, format description and TP_printk output;
 *   3. defines, once per file, the constructor that registers this object's sections with
 *      libtpoint and the destructor that removes them (dlclose);
 *   4. undefines only what it defined, and defines CREATE_TRACE_POINTS again, so that the
 *      same .c may go on to include another event header.
 *
 * The header is found as TRACE_INCLUDE_PATH/TRACE_INCLUDE_FILE.h: TRACE_INCLUDE_FILE
 * defaults to TRACE_SYSTEM; without TRACE_INCLUDE_PATH it is trace/events/FILE.h when the
 * include path has one (the kernel's default), else FILE.h by its name alone. A path is spelled as tokens (as in the kernel): avoid names that
 * are macros, such as "linux" or "unix" in GNU C modes.
 */
#ifdef CREATE_TRACE_POINTS

/* Prevent recursion */
#undef CREATE_TRACE_POINTS

#include <tpoint/tracepoint.h>

#ifndef TRACE_SYSTEM
# error "define_trace.h: TRACE_SYSTEM is not defined: #define TRACE_SYSTEM <name> before the guard"
#endif

#undef TRACE_EVENT
#define TRACE_EVENT(name, proto, args, tstruct, assign, print)				\
	DEFINE_TRACE(name)

#undef TRACE_EVENT_CONDITION
#define TRACE_EVENT_CONDITION(name, proto, args, cond, tstruct, assign, print)		\
	TRACE_EVENT(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct), PARAMS(assign),	\
		    PARAMS(print))

#undef TRACE_EVENT_FN
#define TRACE_EVENT_FN(name, proto, args, tstruct, assign, print, reg, unreg)		\
	DEFINE_TRACE_FN(name, reg, unreg)

#undef TRACE_EVENT_FN_COND
#define TRACE_EVENT_FN_COND(name, proto, args, cond, tstruct, assign, print, reg, unreg) \
	DEFINE_TRACE_FN(name, reg, unreg)

#undef DEFINE_EVENT
#define DEFINE_EVENT(template, name, proto, args)					\
	DEFINE_TRACE(name)

#undef DEFINE_EVENT_FN
#define DEFINE_EVENT_FN(template, name, proto, args, reg, unreg)			\
	DEFINE_TRACE_FN(name, reg, unreg)

#undef DEFINE_EVENT_PRINT
#define DEFINE_EVENT_PRINT(template, name, proto, args, print)				\
	DEFINE_TRACE(name)

#undef DEFINE_EVENT_CONDITION
#define DEFINE_EVENT_CONDITION(template, name, proto, args, cond)			\
	DEFINE_EVENT(template, name, PARAMS(proto), PARAMS(args))

#undef TRACE_EVENT_SYSCALL
#define TRACE_EVENT_SYSCALL(name, proto, args, tstruct, assign, print, reg, unreg)	\
	DEFINE_TRACE_FN(name, reg, unreg)

/* Linux 6.16: a bare tracepoint is <name>_tp; an event's tracepoint is <name>. */
#undef DECLARE_TRACE
#define DECLARE_TRACE(name, proto, args)						\
	DEFINE_TRACE(name##_tp)

#undef DECLARE_TRACE_CONDITION
#define DECLARE_TRACE_CONDITION(name, proto, args, cond)				\
	DEFINE_TRACE(name##_tp)

#undef DECLARE_TRACE_SYSCALL
#define DECLARE_TRACE_SYSCALL(name, proto, args)					\
	DEFINE_TRACE(name##_tp)

#undef DECLARE_TRACE_EVENT
#define DECLARE_TRACE_EVENT(name, proto, args)						\
	DEFINE_TRACE(name)

#undef DECLARE_TRACE_EVENT_CONDITION
#define DECLARE_TRACE_EVENT_CONDITION(name, proto, args, cond)				\
	DEFINE_TRACE(name)

#undef DECLARE_TRACE_EVENT_SYSCALL
#define DECLARE_TRACE_EVENT_SYSCALL(name, proto, args)					\
	DEFINE_TRACE(name)

/* Events compiled out: nothing to define (tracepoint.h declared their empty calls). */
#undef DECLARE_EVENT_NOP
#define DECLARE_EVENT_NOP(name, proto, args)
#undef TRACE_EVENT_NOP
#define TRACE_EVENT_NOP(name, proto, args, tstruct, assign, print)
#undef DEFINE_EVENT_NOP
#define DEFINE_EVENT_NOP(template, name, proto, args)

/*
 * DEFINE_TRACE_FN() - the tracepoint object and its pointer in __tpoint_tracepoints_ptrs.
 * The pointer, not the object, goes in the section (as __tracepoints_ptrs in the kernel):
 * the linker may align objects in a section and leave holes, never between pointers.
 *
 * The object itself goes in ".probes", the section where USDT tools look for semaphores:
 * its key's k.usdt is the semaphore of the tracepoint's SDT probe (static/usdt.h), and
 * perf and bcc (bpftrace) turn a semaphore's address into a file offset through the
 * .probes section's header, or give up on the semaphore.
 */
#undef DEFINE_TRACE_FN
#define DEFINE_TRACE_FN(_name, _reg, _unreg)						\
	struct tpoint_tracepoint __tracepoint_##_name					\
		__attribute__((visibility("hidden"), section(".probes"))) = {		\
		sizeof(struct tpoint_tracepoint), { 0 },				\
		__tpoint_stringify(TRACE_SYSTEM), #_name, _reg, _unreg, NULL		\
	};										\
	static struct tpoint_tracepoint *__tracepoint_ptr_##_name			\
		__attribute__((used, section("__tpoint_tracepoints_ptrs"))) =		\
		&__tracepoint_##_name;

#undef DEFINE_TRACE
#define DEFINE_TRACE(name) DEFINE_TRACE_FN(name, NULL, NULL)

#undef TRACE_INCLUDE
#undef __TRACE_INCLUDE

#ifndef TRACE_INCLUDE_FILE
# define TRACE_INCLUDE_FILE TRACE_SYSTEM
# define UNDEF_TRACE_INCLUDE_FILE
#endif

/*
 * Without TRACE_INCLUDE_PATH the kernel reads <trace/events/SYSTEM.h>; so does tpoint when
 * that file exists on the include path, and otherwise SYSTEM.h by its name alone (tpoint's
 * own default, kept for the headers written for it). A kernel header such as signal.h is
 * thus never confused with libc's <signal.h>.
 */
#ifndef TRACE_INCLUDE_PATH
# if __has_include(__tpoint_stringify(trace/events/TRACE_INCLUDE_FILE.h))
#  define __TRACE_INCLUDE(system) __tpoint_stringify(trace/events/system.h)
# else
#  define __TRACE_INCLUDE(system) __tpoint_stringify(system.h)
# endif
# define UNDEF_TRACE_INCLUDE_PATH
#else
# define __TRACE_INCLUDE(system) __tpoint_stringify(TRACE_INCLUDE_PATH/system.h)
#endif

#define TRACE_INCLUDE(system) __TRACE_INCLUDE(system)

/* Let the event header be read again */
#define TRACE_HEADER_MULTI_READ

/* Stage: define the tracepoints */
#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* Stages: the events (entry layout, probe, format, output) */
#include <tpoint/trace_events.h>

/* Once per file: register this object's sections with libtpoint. */
#ifndef TPOINT__MODULE_DEFINED
#define TPOINT__MODULE_DEFINED
/*
 * __start_/__stop_ symbols are made by the linker for every section whose name is a C
 * identifier. Hidden, so each executable or library reaches its own; weak, so an object
 * whose headers define only events or only tracepoints links all the same.
 */
extern struct tpoint_tracepoint *__start___tpoint_tracepoints_ptrs[]
	__attribute__((weak, visibility("hidden")));
extern struct tpoint_tracepoint *__stop___tpoint_tracepoints_ptrs[]
	__attribute__((weak, visibility("hidden")));
extern struct tpoint_event *__start___tpoint_events_ptrs[]
	__attribute__((weak, visibility("hidden")));
extern struct tpoint_event *__stop___tpoint_events_ptrs[]
	__attribute__((weak, visibility("hidden")));
extern const struct tpoint_enum_map *__start___tpoint_enums_ptrs[]
	__attribute__((weak, visibility("hidden")));
extern const struct tpoint_enum_map *__stop___tpoint_enums_ptrs[]
	__attribute__((weak, visibility("hidden")));

static const struct tpoint_module tpoint__module = {
	sizeof(struct tpoint_module),
	__start___tpoint_tracepoints_ptrs, __stop___tpoint_tracepoints_ptrs,
	__start___tpoint_events_ptrs, __stop___tpoint_events_ptrs,
	__start___tpoint_enums_ptrs, __stop___tpoint_enums_ptrs,
	TPOINT__FAST_ABI,
};

static void __attribute__((constructor, used)) tpoint__module_init(void)
{
	tpoint_module_register(&tpoint__module);
}

static void __attribute__((destructor, used)) tpoint__module_exit(void)
{
	tpoint_module_unregister(&tpoint__module);
}
#endif /* TPOINT__MODULE_DEFINED */

/* Only undef what we defined in this file */
#ifdef UNDEF_TRACE_INCLUDE_FILE
# undef TRACE_INCLUDE_FILE
# undef UNDEF_TRACE_INCLUDE_FILE
#endif

#ifdef UNDEF_TRACE_INCLUDE_PATH
# undef TRACE_INCLUDE_PATH
# undef UNDEF_TRACE_INCLUDE_PATH
#endif

/* TRACE_SYSTEM_VAR belongs to the header just read, whoever defined it. */
#undef TRACE_SYSTEM_VAR

/* Let the next event header find the declaring macros of tracepoint.h again. */
#undef TRACE_EVENT
#undef TRACE_EVENT_FN
#undef TRACE_EVENT_FN_COND
#undef TRACE_EVENT_CONDITION
#undef DECLARE_EVENT_CLASS
#undef DEFINE_EVENT
#undef DEFINE_EVENT_FN
#undef DEFINE_EVENT_PRINT
#undef DEFINE_EVENT_CONDITION
#undef DECLARE_TRACE
#undef DECLARE_TRACE_CONDITION
#undef DECLARE_TRACE_SYSCALL
#undef DECLARE_TRACE_EVENT
#undef DECLARE_TRACE_EVENT_CONDITION
#undef DECLARE_TRACE_EVENT_SYSCALL
#undef TRACE_EVENT_SYSCALL
#undef DECLARE_EVENT_NOP
#undef TRACE_EVENT_NOP
#undef DECLARE_EVENT_CLASS_NOP
#undef DEFINE_EVENT_NOP
#undef TRACE_DEFINE_ENUM
#undef TRACE_DEFINE_SIZEOF
#undef TRACE_EVENT_FLAGS
#undef TRACE_EVENT_PERF_PERM
#undef TRACE_HEADER_MULTI_READ

/* We may be processing more files */
#define CREATE_TRACE_POINTS

#endif /* CREATE_TRACE_POINTS */
