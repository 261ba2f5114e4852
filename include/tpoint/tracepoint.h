/* SPDX-License-Identifier: MIT */
/*
 * tracepoint.h - kernel-style tracepoints for user-space C, as include/linux/tracepoint.h.
 *
 * An event header includes this file, then declares its events:
 *
 *	#undef TRACE_SYSTEM
 *	#define TRACE_SYSTEM myapp
 *	#if !defined(_TRACE_MYAPP_H) || defined(TRACE_HEADER_MULTI_READ)
 *	#define _TRACE_MYAPP_H
 *	#include <tpoint/tracepoint.h>
 *	TRACE_EVENT(...)
 *	#endif
 *	#include <tpoint/define_trace.h>
 *
 * Read normally, every TRACE_EVENT()/DECLARE_TRACE_EVENT() declares, for its name (a bare
 * DECLARE_TRACE(name), as in Linux 6.16, for <name>_tp, and the same without _tp as aliases):
 *
 *	trace_<name>(proto)			fire it: a static branch while disabled
 *	trace_<name>_enabled()			is a probe (or a USDT uprobe) attached?
 *	register_trace_<name>(probe, data)	attach void probe(void *data, proto)
 *	register_trace_prio_<name>(probe, data, prio)
 *	unregister_trace_<name>(probe, data)
 *	check_trace_callback_type_<name>(probe)	compile-time check of a probe's type
 *
 * In the one .c that defines CREATE_TRACE_POINTS before including the header,
 * define_trace.h reads it again to define the tracepoints and their events.
 *
 * Every tracepoint is also a USDT probe (static/usdt.h): provider TRACE_SYSTEM, its name,
 * its arguments, emitted inside the enabled branch; its semaphore is the USDT half of the
 * key, so perf, bpftrace or SystemTap attaching to it open the branch as a probe does.
 *
 * Cost while disabled: trace_<name>() is always inlined to one relaxed load of the
 * tracepoint's key, a test and a branch not taken (2 instructions on x86-64). Arguments
 * with no side effects (arithmetic, loads, strlen, pure functions) are computed only inside
 * the taken branch: the compiler sinks them there. C still evaluates an argument with side
 * effects (a call to an ordinary function) before any call, exactly as in the kernel: guard
 * such a computation with trace_<name>_enabled(), or use tpoint_trace(name, args...), which
 * evaluates nothing unless a probe is attached.
 */
#ifndef TPOINT_TRACEPOINT_H
#define TPOINT_TRACEPOINT_H

#include <tpoint/tpoint.h>
#include <tpoint/static/rcu.h>
#include <tpoint/static/usdt.h>

#define PARAMS(args...)		args

/*
 * __tracepoint_string, tracepoint_string(str): as in the kernel, a string whose address an
 * event records (a `const char *` field printed with %s) is kept in the section
 * __tracepoint_str, where tpoint record finds it and writes "0xADDR : \"string\"" into the
 * file's printk formats: readers print the string where the entry holds its address.
 */
#ifndef __tracepoint_string
#define __tracepoint_string	__attribute__((used, section("__tracepoint_str")))
#endif
#ifndef tracepoint_string
#define tracepoint_string(str)								\
	({										\
		static const char *___tp_str __tracepoint_string = str;		\
		___tp_str;								\
	})
#endif
#define TP_PROTO(args...)	args
#define TP_ARGS(args...)	args
#define TP_CONDITION(args...)	args

#define __tpoint_stringify_1(x...)	#x
#define __tpoint_stringify(x...)	__tpoint_stringify_1(x)
#ifndef __stringify
# define __stringify(x...)	__tpoint_stringify(x)
#endif
#define __tpoint_paste_1(a, b)	a##b
#define __tpoint_paste(a, b)	__tpoint_paste_1(a, b)

/*
 * A probe's type is checked by the compiler: a wrong one is an error, not the warning C
 * makes of it by default (C++ rejects it anyway).
 */
#ifndef __cplusplus
# pragma GCC diagnostic error "-Wincompatible-pointer-types"
#endif

/*
 * The static key, all 32 bits: nonzero while tpoint has a probe attached (k.on) or the
 * kernel counts a USDT uprobe (k.usdt). Relaxed: the probe array has its own acquire
 * (tpoint_rcu_dereference).
 *
 * On x86-64 it is one compare of the key in memory and a branch, "cmpl $0, key(%rip); jne",
 * written with asm goto because compilers never fold an atomic load into a compare with
 * memory (they emit load, test, branch: one instruction more per call site). The compare
 * is an aligned 32-bit load, which x86 makes atomic: the same relaxed load. asm goto is
 * volatile, so the compiler cannot hoist it out of a loop. Elsewhere: the C11 load.
 */
#if defined(__x86_64__) && !defined(TPOINT_NO_ASM_GOTO)
static inline __attribute__((always_inline)) int
tpoint_key_enabled(const struct tpoint_tracepoint *tp)
{
	__asm__ goto("cmpl $0, %0\n\t"
		     "jne %l[enabled]"
		     : /* no output */ : "m"(tp->key) : "cc" : enabled);
	return 0;
enabled:
	return 1;
}
#else
static inline __attribute__((always_inline)) int
tpoint_key_enabled(const struct tpoint_tracepoint *tp)
{
	return __builtin_expect(__atomic_load_n(&tp->key, __ATOMIC_RELAXED), 0);
}
#endif

/*
 * A thread entered a tracepoint that has no probe: its key was turned on by a recorder
 * attaching to this running process (struct tpoint__live_ctl), or by a USDT uprobe. The
 * relaxed load only decides whether to call; tpoint__live_poll() takes the request with
 * an acquire.
 */
static inline __attribute__((always_inline)) void tpoint__live_knock(void)
{
	if (__builtin_expect(__atomic_load_n(&tpoint__live_ctl.state, __ATOMIC_RELAXED) & 1, 0))
		tpoint__live_poll();
}

/*
 * tpoint_trace(name, args...) - fire trace_<name>, evaluating @args only when enabled
 * (LTTng-UST's tracepoint() semantics, for arguments with side effects).
 */
#define tpoint_trace(name, args...)						\
	do {									\
		if (trace_##name##_enabled())					\
			trace_##name(args);					\
	} while (0)

/*
 * The tracepoint object is hidden: each executable or library owns the tracepoints it
 * defines (as each kernel module does), and the static key is reached PC-relative, with no
 * GOT load, from position-independent code as well.
 */
#define __TPOINT_DECLARE_TRACE(name, proto, args, cond, data_proto, data_args)		\
	extern struct tpoint_tracepoint __tracepoint_##name				\
		__attribute__((visibility("hidden")));					\
	static __attribute__((noinline, unused)) void					\
	__tpoint_do_trace_##name(proto)							\
	{										\
		struct tpoint_probe *__p;						\
		unsigned int __idx = tpoint_rcu_read_lock();				\
											\
		/* Acquire: pairs with the release that published the array. */	\
		__p = tpoint_rcu_dereference(__tracepoint_##name.funcs);		\
		if (__p) {								\
			do {								\
				void *__data = __p->data;				\
				((void (*)(data_proto))(__p->func))(data_args);	\
			} while ((++__p)->func);					\
		}									\
		tpoint_rcu_read_unlock(__idx);						\
		/* No probe: a recorder may be knocking (tpoint record -p). */		\
		if (__builtin_expect(!__p, 0))						\
			tpoint__live_knock();						\
	}										\
	static inline __attribute__((always_inline, unused)) void			\
	trace_##name(proto)								\
	{										\
		if (tpoint_key_enabled(&__tracepoint_##name)) {				\
			__tpoint_usdt(TRACE_SYSTEM, name,				\
				      &__tracepoint_##name.k.usdt, args);		\
			if (cond)							\
				__tpoint_do_trace_##name(args);				\
		}									\
	}										\
	static inline __attribute__((always_inline, unused)) int			\
	trace_##name##_enabled(void)							\
	{										\
		return tpoint_key_enabled(&__tracepoint_##name);			\
	}										\
	static inline __attribute__((unused)) int					\
	register_trace_##name(void (*probe)(data_proto), void *data)			\
	{										\
		return tracepoint_probe_register(&__tracepoint_##name,			\
						 (void (*)(void))probe, data);		\
	}										\
	static inline __attribute__((unused)) int					\
	register_trace_prio_##name(void (*probe)(data_proto), void *data, int prio)	\
	{										\
		return tracepoint_probe_register_prio(&__tracepoint_##name,		\
						      (void (*)(void))probe, data, prio); \
	}										\
	static inline __attribute__((unused)) int					\
	unregister_trace_##name(void (*probe)(data_proto), void *data)			\
	{										\
		return tracepoint_probe_unregister(&__tracepoint_##name,		\
						   (void (*)(void))probe, data);	\
	}										\
	static inline __attribute__((unused)) void					\
	check_trace_callback_type_##name(void (*cb)(data_proto))			\
	{										\
		(void)cb;								\
	}

/*
 * The names a bare tracepoint (DECLARE_TRACE) had before Linux 6.16, as aliases of its _tp
 * names: trace_<name>() is trace_<name>_tp(), and so on.
 */
#define __TPOINT_TRACE_ALIASES(name, proto, args)					\
	static inline __attribute__((always_inline, unused)) void			\
	trace_##name(proto)								\
	{										\
		trace_##name##_tp(args);						\
	}										\
	static inline __attribute__((always_inline, unused)) int			\
	trace_##name##_enabled(void)							\
	{										\
		return trace_##name##_tp_enabled();					\
	}										\
	static inline __attribute__((unused)) int					\
	register_trace_##name(void (*probe)(void *, proto), void *data)		\
	{										\
		return register_trace_##name##_tp(probe, data);				\
	}										\
	static inline __attribute__((unused)) int					\
	register_trace_prio_##name(void (*probe)(void *, proto), void *data, int prio)	\
	{										\
		return register_trace_prio_##name##_tp(probe, data, prio);		\
	}										\
	static inline __attribute__((unused)) int					\
	unregister_trace_##name(void (*probe)(void *, proto), void *data)		\
	{										\
		return unregister_trace_##name##_tp(probe, data);			\
	}										\
	static inline __attribute__((unused)) void					\
	check_trace_callback_type_##name(void (*cb)(void *, proto))			\
	{										\
		(void)cb;								\
	}

/*
 * tracepoint_synchronize_unregister() is declared in tpoint.h; the kernel's
 * for_each_kernel_tracepoint() counterpart is tpoint_for_each_tracepoint().
 */

#endif /* TPOINT_TRACEPOINT_H */

/*
 * As in the kernel, these stay outside the include guard: define_trace.h undefines and
 * redefines them to read an event header again, and undefines them when done, so that a
 * second event header in the same file finds them defined anew here.
 */
#ifndef DECLARE_TRACE

/*
 * As Linux 6.16: DECLARE_TRACE(name) is a bare tracepoint named <name>_tp, fired by
 * trace_<name>_tp(); DECLARE_TRACE_EVENT(name) is the tracepoint of an event, <name>,
 * which TRACE_EVENT() and DEFINE_EVENT() declare. tpoint keeps the spellings of bare
 * tracepoints from before 6.16 (trace_<name>(), register_trace_<name>()...) as aliases of
 * the _tp ones, for the programs written for them.
 */
#define DECLARE_TRACE_EVENT(name, proto, args)						\
	__TPOINT_DECLARE_TRACE(name, PARAMS(proto), PARAMS(args), 1,			\
			       PARAMS(void *__data, proto), PARAMS(__data, args))

#define DECLARE_TRACE_EVENT_CONDITION(name, proto, args, cond)				\
	__TPOINT_DECLARE_TRACE(name, PARAMS(proto), PARAMS(args), PARAMS(cond),		\
			       PARAMS(void *__data, proto), PARAMS(__data, args))

/* The kernel's syscall tracepoints may fault (sleepable probes); here they are the same. */
#define DECLARE_TRACE_EVENT_SYSCALL(name, proto, args)					\
	DECLARE_TRACE_EVENT(name, PARAMS(proto), PARAMS(args))

#define DECLARE_TRACE(name, proto, args)						\
	DECLARE_TRACE_EVENT(name##_tp, PARAMS(proto), PARAMS(args))			\
	__TPOINT_TRACE_ALIASES(name, PARAMS(proto), PARAMS(args))

#define DECLARE_TRACE_CONDITION(name, proto, args, cond)				\
	DECLARE_TRACE_EVENT_CONDITION(name##_tp, PARAMS(proto), PARAMS(args),		\
				      PARAMS(cond))					\
	__TPOINT_TRACE_ALIASES(name, PARAMS(proto), PARAMS(args))

#define DECLARE_TRACE_SYSCALL(name, proto, args)					\
	DECLARE_TRACE(name, PARAMS(proto), PARAMS(args))

#define TRACE_EVENT(name, proto, args, struct, assign, print)				\
	DECLARE_TRACE_EVENT(name, PARAMS(proto), PARAMS(args))
#define TRACE_EVENT_FN(name, proto, args, struct, assign, print, reg, unreg)		\
	DECLARE_TRACE_EVENT(name, PARAMS(proto), PARAMS(args))
#define TRACE_EVENT_FN_COND(name, proto, args, cond, struct, assign, print, reg, unreg) \
	DECLARE_TRACE_EVENT_CONDITION(name, PARAMS(proto), PARAMS(args), PARAMS(cond))
#define TRACE_EVENT_CONDITION(name, proto, args, cond, struct, assign, print)		\
	DECLARE_TRACE_EVENT_CONDITION(name, PARAMS(proto), PARAMS(args), PARAMS(cond))
#define TRACE_EVENT_SYSCALL(name, proto, args, struct, assign, print, reg, unreg)	\
	DECLARE_TRACE_EVENT_SYSCALL(name, PARAMS(proto), PARAMS(args))

#define DECLARE_EVENT_CLASS(name, proto, args, tstruct, assign, print)
#define DEFINE_EVENT(template, name, proto, args)					\
	DECLARE_TRACE_EVENT(name, PARAMS(proto), PARAMS(args))
#define DEFINE_EVENT_FN(template, name, proto, args, reg, unreg)			\
	DECLARE_TRACE_EVENT(name, PARAMS(proto), PARAMS(args))
#define DEFINE_EVENT_PRINT(template, name, proto, args, print)				\
	DECLARE_TRACE_EVENT(name, PARAMS(proto), PARAMS(args))
#define DEFINE_EVENT_CONDITION(template, name, proto, args, cond)			\
	DECLARE_TRACE_EVENT_CONDITION(name, PARAMS(proto), PARAMS(args), PARAMS(cond))

/* An event compiled out: trace_<name>() does nothing, no tracepoint, no event. */
#define DECLARE_EVENT_NOP(name, proto, args)						\
	_Pragma("GCC diagnostic push")							\
	_Pragma("GCC diagnostic ignored \"-Wunused-parameter\"")			\
	static inline __attribute__((always_inline, unused)) void trace_##name(proto)	\
	{										\
	}										\
	_Pragma("GCC diagnostic pop")							\
	static inline __attribute__((always_inline, unused)) int			\
	trace_##name##_enabled(void)							\
	{										\
		return 0;								\
	}
#define TRACE_EVENT_NOP(name, proto, args, struct, assign, print)			\
	DECLARE_EVENT_NOP(name, PARAMS(proto), PARAMS(args))
#define DECLARE_EVENT_CLASS_NOP(name, proto, args, tstruct, assign, print)
#define DEFINE_EVENT_NOP(template, name, proto, args)					\
	DECLARE_EVENT_NOP(name, PARAMS(proto), PARAMS(args))

#define TRACE_DEFINE_ENUM(a)
#define TRACE_DEFINE_SIZEOF(a)
#define TRACE_EVENT_FLAGS(event, flag)
#define TRACE_EVENT_PERF_PERM(event, expr...)

#endif /* DECLARE_TRACE */
