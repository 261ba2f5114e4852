/* SPDX-License-Identifier: MIT */
/*
 * static/usdt.h - every tracepoint is also a USDT probe (a SystemTap SDT probe), which perf,
 * bpftrace, SystemTap and gdb find in the ELF file's .note.stapsdt section.
 *
 * trace_<name>() emits, inside its enabled branch and before its TP_CONDITION:
 *
 *	__tpoint_usdt(TRACE_SYSTEM, name, &__tracepoint_<name>.k.usdt, args...)
 *
 * which is <sys/sdt.h>'s STAP_PROBEn(provider, name, args...) (a nop, and a note naming
 * where the arguments are at the nop) with one difference: the note's semaphore is the
 * tracepoint's own key, its USDT half k.usdt (tpoint.h). A tool attaching a uprobe with a
 * reference counter (perf probe, bpftrace, libbpf, SystemTap) makes the kernel add 1 to it,
 * which opens the branch trace_<name>() tests: the disabled cost stays one compare and one
 * branch, and the nop is reached only while someone listens (or tpoint itself does, in
 * which case the nop costs what a nop costs).
 *
 * Why not STAP_PROBEn with _SDT_HAS_SEMAPHORES: that switch is global to the file, and
 * would make every STAP_PROBE the user writes beside ours need a semaphore of its own. The
 * note below is _SDT_ASM_BODY's, built from sdt.h's own pieces, with the semaphore given as
 * an operand ("i": the linker writes the address, as it does for sdt.h's semaphores).
 * Tools turn that address into a file offset through the section that holds it, which must
 * be called ".probes" (bcc's bcc_elf.c and perf's symbol-elf.c look only there): the
 * tracepoints are defined in .probes (define_trace.h).
 *
 * Arguments (<sys/sdt.h> takes scalars, at most 12):
 *  - integers, enums, bools and pointers (a string is its char *) are passed as they are;
 *  - anything else (a struct or union by value, a floating-point number) is passed by its
 *    address, valid while the probe runs;
 *  - arguments after the twelfth are left out of the note.
 *
 * Without <sys/sdt.h> (or one without _SDT_DEF_MACROS, older), or with TPOINT_NO_SDT defined
 * before the first tpoint header, __tpoint_usdt() is empty: no note, and everything else
 * works as before.
 */
#ifndef TPOINT_STATIC_USDT_H
#define TPOINT_STATIC_USDT_H

#if !defined(TPOINT_NO_SDT) && defined(__has_include) && defined(__ELF__)
# if __has_include(<sys/sdt.h>)
/* sdt.h defines C++ templates: give them C++ linkage even inside a user's extern "C". */
#  ifdef __cplusplus
extern "C++" {
#  endif
#  include <sys/sdt.h>
#  ifdef __cplusplus
}
#  endif
/* The pieces used below (older sdt.h had no _SDT_DEF_MACROS). */
#  if defined(_SDT_DEF_MACROS) && defined(_SDT_UNDEF_MACROS) && defined(_SDT_ARG) &&	\
      defined(_SDT_ASM_ARGS) && defined(_SDT_ASM_BASE) && defined(_SDT_ASM_ADDR)
#   define TPOINT_HAVE_SDT 1
#  endif
# endif
#endif

#ifdef TPOINT_HAVE_SDT

/*
 * An argument as the note takes it: its value if it is an integer, enum, bool or pointer
 * (GCC's type classes 1 to 5) of at most 8 bytes, else its address. The arguments are
 * trace_<name>()'s parameters, so they have one.
 */
#define __tpoint_sdt_scalar(x)							\
	(__builtin_classify_type(x) >= 1 && __builtin_classify_type(x) <= 5 &&	\
	 sizeof(x) <= 8)

#ifdef __cplusplus
extern "C++" {
template <bool __tpoint_by_value> struct __tpoint_sdt_sel {
	template <typename T> static T get(const T &v) { return v; }
};
template <> struct __tpoint_sdt_sel<false> {
	template <typename T> static const T *get(const T &v) { return &v; }
};
}
# define __tpoint_sdt_arg(x)	(__tpoint_sdt_sel<__tpoint_sdt_scalar(x)>::get(x))
#else
# define __tpoint_sdt_arg(x)	__builtin_choose_expr(__tpoint_sdt_scalar(x), (x), &(x))
#endif

/* The number of arguments, 1 to 64, counted as 12 from 12 on. */
#define __tpoint_sdt_nargs(args...)							\
	__tpoint_sdt_nargs_(args, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,	\
			    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,	\
			    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,	\
			    12, 12, 12, 12, 12, 12, 12, 12, 12, 11, 10, 9, 8, 7, 6, 5, 4,	\
			    3, 2, 1, 0)
#define __tpoint_sdt_nargs_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14,	\
			    _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26,	\
			    _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38,	\
			    _39, _40, _41, _42, _43, _44, _45, _46, _47, _48, _49, _50,	\
			    _51, _52, _53, _54, _55, _56, _57, _58, _59, _60, _61, _62,	\
			    _63, _64, n, ...) n

/* The first n arguments, each as the note takes it (the caller adds one spare). */
#define __tpoint_sdt_take_1(a, ...)	__tpoint_sdt_arg(a)
#define __tpoint_sdt_take_2(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_1(__VA_ARGS__)
#define __tpoint_sdt_take_3(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_2(__VA_ARGS__)
#define __tpoint_sdt_take_4(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_3(__VA_ARGS__)
#define __tpoint_sdt_take_5(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_4(__VA_ARGS__)
#define __tpoint_sdt_take_6(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_5(__VA_ARGS__)
#define __tpoint_sdt_take_7(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_6(__VA_ARGS__)
#define __tpoint_sdt_take_8(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_7(__VA_ARGS__)
#define __tpoint_sdt_take_9(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_8(__VA_ARGS__)
#define __tpoint_sdt_take_10(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_9(__VA_ARGS__)
#define __tpoint_sdt_take_11(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_10(__VA_ARGS__)
#define __tpoint_sdt_take_12(a, ...)	__tpoint_sdt_arg(a), __tpoint_sdt_take_11(__VA_ARGS__)

/* Call m with the arguments the expansion of ... gives (so that their commas count). */
#define __tpoint_sdt_call(m, ...)	m(__VA_ARGS__)

/*
 * The note: sdt.h's _SDT_ASM_BODY, its semaphore line excepted. 990: the nop the uprobe
 * replaces; the note holds its address, .stapsdt.base's (to undo prelinking), the
 * semaphore's, the provider, the name and the arguments' locations ("-4@%eax ...").
 */
#define __TPOINT_SDT_BODY(provider, name, n)						\
	_SDT_DEF_MACROS									\
	_SDT_ASM_1(990:	_SDT_NOP)							\
	_SDT_ASM_3(	.pushsection .note.stapsdt,_SDT_ASM_AUTOGROUP,"note")		\
	_SDT_ASM_1(	.balign 4)							\
	_SDT_ASM_3(	.4byte 992f-991f, 994f-993f, _SDT_NOTE_TYPE)			\
	_SDT_ASM_1(991:	.asciz _SDT_NOTE_NAME)						\
	_SDT_ASM_1(992:	.balign 4)							\
	_SDT_ASM_1(993:	_SDT_ASM_ADDR 990b)						\
	_SDT_ASM_1(	_SDT_ASM_ADDR _.stapsdt.base)					\
	_SDT_ASM_1(	_SDT_ASM_ADDR %c[__tpoint_sem])					\
	_SDT_ASM_STRING(provider)							\
	_SDT_ASM_STRING(name)								\
	_SDT_ASM_ARGS(n)								\
	_SDT_ASM_SUBSTR(\x00)								\
	_SDT_UNDEF_MACROS								\
	_SDT_ASM_1(994:	.balign 4)							\
	_SDT_ASM_1(	.popsection)

#define __tpoint_usdt_n(provider, name, sem, n, args...)				\
	do {										\
		__asm__ __volatile__(__TPOINT_SDT_BODY(provider, name, n)		\
			: /* no output */						\
			: __tpoint_sdt_call(_SDT_ASM_OPERANDS_##n,			\
					    __tpoint_sdt_take_##n(args, 0)),		\
			  [__tpoint_sem] "i" (sem));					\
		__asm__ __volatile__(_SDT_ASM_BASE);					\
	} while (0)
#define __tpoint_usdt_(provider, name, sem, n, args...)				\
	__tpoint_usdt_n(provider, name, sem, n, args)

/*
 * __tpoint_usdt() - the SDT probe provider:name with @args, its semaphore at @sem (the
 * address of a uint16_t in section .probes).
 */
#define __tpoint_usdt(provider, name, sem, args...)					\
	__tpoint_usdt_(provider, name, sem, __tpoint_sdt_nargs(args), args)

#else /* !TPOINT_HAVE_SDT */

#define __tpoint_usdt(provider, name, sem, args...)	do { } while (0)

#endif /* TPOINT_HAVE_SDT */

#endif /* TPOINT_STATIC_USDT_H */
