/* SPDX-License-Identifier: MIT */
/*
 * trace_events.h - the stages that turn TRACE_EVENT() into an event, as
 * include/trace/trace_events.h does in the kernel. Included by define_trace.h only, in the
 * file that defines CREATE_TRACE_POINTS, which is compiled as C (GNU C or C11 with GCC's
 * and clang's extensions: statement expressions, __typeof__, named variadic macros).
 *
 * Every event is a class (its entry layout, assignment and print) plus a name:
 * TRACE_EVENT(name, ...) is DECLARE_EVENT_CLASS(name, ...) + DEFINE_EVENT(name, name, ...).
 * Each stage starts with stages/reset.h, defines the macros it needs, and reads the event
 * header again:
 *
 *   Stage 0  compile-time checks of the field types (static assertions)
 *   Stage 1  struct trace_event_raw_<class>: the entry (common header, fields, __data[])
 *   Stage 2  struct trace_event_data_offsets_<class>: where each dynamic field goes
 *   Stage 3  TRACE_DEFINE_ENUM maps, in section __tpoint_enums_ptrs
 *   Stage 4  the field descriptors (the "field:" lines of the format)
 *   Stage 5  tpoint__get_offsets_<class>(): sizes the dynamic fields (the first pass)
 *   Stage 6  the print fmt text: TP_printk with __entry spelled REC, helpers kept literal
 *   Stage 7  tpoint__output_<class>(): TP_printk applied to an entry, C printf semantics
 *   Stage 8  tpoint__event_probe_<class>(): size, reserve, TP_fast_assign, commit
 *   Stage 9  struct tpoint_event per event, its pointer in section __tpoint_events_ptrs
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>

/*
 * Generated functions take the whole prototype; most use only part of it. __vstring's
 * format is the caller's, given at run time, never a literal. (TP_printk's formats stay
 * checked by -Wformat.)
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
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

/* A bare tracepoint has no event. */
#undef DECLARE_TRACE
#define DECLARE_TRACE(name, proto, args)
#undef DECLARE_TRACE_CONDITION
#define DECLARE_TRACE_CONDITION(name, proto, args, cond)

#undef TRACE_EVENT_FLAGS
#define TRACE_EVENT_FLAGS(event, flag)
#undef TRACE_EVENT_PERF_PERM
#define TRACE_EVENT_PERF_PERM(event, expr...)

#ifndef TPOINT__TRACE_EVENTS_ONCE
#define TPOINT__TRACE_EVENTS_ONCE
#define tpoint__is_signed_type(type)	(((type)(-1)) < (type)1)
#define TPOINT_BITS_TO_LONGS(nr)	(((nr) + 8 * sizeof(long) - 1) / (8 * sizeof(long)))
/* __builtin_classify_type() classes that no reader can decode as a __field. */
#define TPOINT__CLASS_REAL	8
#define TPOINT__CLASS_COMPLEX	9
#define TPOINT__CLASS_RECORD	12
#define TPOINT__CLASS_UNION	13
#endif

/* ---------------------------------------------------------------------------------------- */
/* Stage 0: compile-time checks */
#include <tpoint/stages/reset.h>

#undef __field
#define __field(type, item)								\
	_Static_assert(__builtin_classify_type(*(type *)0) != TPOINT__CLASS_RECORD &&	\
		       __builtin_classify_type(*(type *)0) != TPOINT__CLASS_UNION,	\
		       "__field(" #type ", " #item "): a struct or union cannot be a "	\
		       "__field; use __field_struct(" #type ", " #item ")");		\
	_Static_assert(__builtin_classify_type(*(type *)0) != TPOINT__CLASS_REAL &&	\
		       __builtin_classify_type(*(type *)0) != TPOINT__CLASS_COMPLEX,	\
		       "__field(" #type ", " #item "): trace readers (libtraceevent, "	\
		       "trace-cmd) cannot decode floating point; record a scaled integer");

#undef __array
#define __array(type, item, len)							\
	_Static_assert((len) > 0, "__array(" #type ", " #item ", " #len "): the length "	\
		       "must be a constant greater than 0");				\
	_Static_assert(__builtin_classify_type(*(type *)0) != TPOINT__CLASS_RECORD &&	\
		       __builtin_classify_type(*(type *)0) != TPOINT__CLASS_UNION &&	\
		       __builtin_classify_type(*(type *)0) != TPOINT__CLASS_REAL,		\
		       "__array(" #type ", " #item ", " #len "): elements must be "	\
		       "integers or pointers");						\
	_Static_assert(sizeof(type) <= 8 && sizeof(type) * (len) <= TPOINT_EVENT_MAX,	\
		       "__array(" #type ", " #item ", " #len "): elements must be 1 to 8 " \
		       "bytes and the array must fit TPOINT_EVENT_MAX");

#undef __dynamic_array
#define __dynamic_array(type, item, len)						\
	_Static_assert(sizeof(type) <= 8, "__dynamic_array(" #type ", " #item		\
		       "): elements must be 1 to 8 bytes");

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	static inline __attribute__((unused)) void tpoint__check_##call(void)		\
	{										\
		tstruct									\
	}

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* ---------------------------------------------------------------------------------------- */
/* Stage 1: the entry */
#include <tpoint/stages/reset.h>

#undef __field
#define __field(type, item)		type item;
#undef __field_struct
#define __field_struct(type, item)	type item;
#undef __array
#define __array(type, item, len)	type item[len];
#undef __dynamic_array
#define __dynamic_array(type, item, len) uint32_t __data_loc_##item;
#undef __string
#define __string(item, src)		__dynamic_array(char, item, -1)
#undef __string_len
#define __string_len(item, src, len)	__dynamic_array(char, item, -1)
#undef __vstring
#define __vstring(item, fmt, ap)	__dynamic_array(char, item, -1)
#undef __bitmask
#define __bitmask(item, nr_bits)	__dynamic_array(unsigned long, item, -1)

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	struct trace_event_raw_##call {							\
		struct tpoint_trace_entry ent;						\
		tstruct									\
		char __data[];								\
	};										\
	_Static_assert(sizeof(struct trace_event_raw_##call) <= TPOINT_EVENT_MAX,	\
		       "event class " #call ": the fixed fields exceed TPOINT_EVENT_MAX");

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* ---------------------------------------------------------------------------------------- */
/* Stage 2: the offsets of the dynamic fields (and, since Linux 6.10, their sources) */
#include <tpoint/stages/reset.h>

#undef __dynamic_array
#define __dynamic_array(type, item, len) uint32_t item; const void *item##_ptr_;
#undef __string
#define __string(item, src)		__dynamic_array(char, item, -1)
#undef __string_len
#define __string_len(item, src, len)	__dynamic_array(char, item, -1)
#undef __vstring
#define __vstring(item, fmt, ap)	__dynamic_array(char, item, -1)
#undef __bitmask
#define __bitmask(item, nr_bits)	__dynamic_array(unsigned long, item, -1)

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	struct trace_event_data_offsets_##call {					\
		char __tpoint_unused;							\
		tstruct									\
	};

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* ---------------------------------------------------------------------------------------- */
/* Stage 3: TRACE_DEFINE_ENUM: each map, its pointer in section __tpoint_enums_ptrs */
#include <tpoint/stages/reset.h>

#undef TRACE_DEFINE_ENUM
#define TRACE_DEFINE_ENUM(a)								\
	static const struct tpoint_enum_map __tpoint_enum_##a = {			\
		__tpoint_stringify(TRACE_SYSTEM), #a, (unsigned long)(a)		\
	};										\
	static const struct tpoint_enum_map *__tpoint_enum_ptr_##a			\
		__attribute__((used, section("__tpoint_enums_ptrs"))) = &__tpoint_enum_##a
#undef TRACE_DEFINE_SIZEOF
#define TRACE_DEFINE_SIZEOF(a)								\
	static const struct tpoint_enum_map __tpoint_sizeof_##a = {			\
		__tpoint_stringify(TRACE_SYSTEM), "sizeof(" #a ")", (unsigned long)sizeof(a) \
	};										\
	static const struct tpoint_enum_map *__tpoint_sizeof_ptr_##a			\
		__attribute__((used, section("__tpoint_enums_ptrs"))) = &__tpoint_sizeof_##a

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* ---------------------------------------------------------------------------------------- */
/* Stage 4: field descriptors, with the compiler's own offsets */
#include <tpoint/stages/reset.h>

#undef __field
#define __field(type, item)								\
	{ #type, #item, offsetof(__tpoint_raw, item), sizeof(type), sizeof(type),	\
	  tpoint__is_signed_type(type), TPOINT_FIELD_SCALAR, 0 },
#undef __field_struct
#define __field_struct(type, item)							\
	{ #type, #item, offsetof(__tpoint_raw, item), sizeof(type), sizeof(type),	\
	  0, TPOINT_FIELD_STRUCT, 0 },
#undef __array
#define __array(type, item, len)							\
	{ #type, #item, offsetof(__tpoint_raw, item), sizeof(type) * (len),		\
	  sizeof(type), tpoint__is_signed_type(type), TPOINT_FIELD_ARRAY, (len) },
#undef __dynamic_array
#define __dynamic_array(type, item, len)						\
	{ #type, #item, offsetof(__tpoint_raw, __data_loc_##item), 4, sizeof(type),	\
	  tpoint__is_signed_type(type), TPOINT_FIELD_DYNAMIC, 0 },
#undef __string
#define __string(item, src)								\
	{ "char", #item, offsetof(__tpoint_raw, __data_loc_##item), 4, 1,		\
	  tpoint__is_signed_type(char), TPOINT_FIELD_STRING, 0 },
#undef __string_len
#define __string_len(item, src, len)	__string(item, src)
#undef __vstring
#define __vstring(item, fmt, ap)	__string(item, fmt)
#undef __bitmask
#define __bitmask(item, nr_bits)	__dynamic_array(unsigned long, item, -1)

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	static const struct tpoint_field *tpoint__fields_##call(unsigned int *__nr)	\
	{										\
		typedef struct trace_event_raw_##call __tpoint_raw;			\
		static const struct tpoint_field __fields[] = {				\
			tstruct								\
			{ NULL, NULL, 0, 0, 0, 0, 0, 0 }				\
		};									\
		/* For readers of the ELF file (tpoint list -v): this function's array. */ \
		static const struct tpoint_fields_ref __ref				\
			__attribute__((used, aligned(8), section("__tpoint_fields_refs"))) =\
			{ (const void *)tpoint__fields_##call, __fields,		\
			  sizeof(__fields) / sizeof(__fields[0]) - 1 };			\
		*__nr = sizeof(__fields) / sizeof(__fields[0]) - 1;			\
		return __fields;							\
	}

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* ---------------------------------------------------------------------------------------- */
/* Stage 5: size the dynamic fields; each starts aligned to its element type */
#include <tpoint/stages/reset.h>

#undef __dynamic_array
#define __dynamic_array(type, item, len)						\
	__data_size = (__data_size + __alignof__(type) - 1) & ~(__alignof__(type) - 1);	\
	__item_length = (size_t)(len) * sizeof(type);					\
	if ((size_t)(len) > 0xffff || __item_length > 0xffff)				\
		__err = -1;								\
	__data_offsets->item = (uint32_t)(__data_size +				\
		offsetof(__typeof__(*__entry), __data)) | (uint32_t)(__item_length << 16); \
	__data_size += __item_length;
#undef __string
#define __string(item, src)								\
	__data_offsets->item##_ptr_ = (const void *)(src);				\
	__dynamic_array(char, item,							\
			strlen(__data_offsets->item##_ptr_ ?				\
			       (const char *)__data_offsets->item##_ptr_ : "(null)") + 1)
#undef __string_len
#define __string_len(item, src, len)							\
	__data_offsets->item##_ptr_ = (const void *)(src);				\
	__dynamic_array(char, item,							\
			__data_offsets->item##_ptr_ ? (size_t)(len) + 1 : sizeof("(null)"))
#undef __vstring
#define __vstring(item, fmt, ap)							\
	__dynamic_array(char, item, tpoint__vstr_len(fmt, ap))
#undef __bitmask
#define __bitmask(item, nr_bits)							\
	__dynamic_array(unsigned long, item, TPOINT_BITS_TO_LONGS(nr_bits))

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	static inline __attribute__((always_inline, unused)) long			\
	tpoint__get_offsets_##call(struct trace_event_data_offsets_##call *__data_offsets, \
				   proto)						\
	{										\
		struct trace_event_raw_##call *__entry __attribute__((unused)) = NULL;	\
		size_t __data_size = 0, __item_length __attribute__((unused));		\
		int __err = 0;								\
											\
		(void)__data_offsets;							\
		tstruct									\
		return __err ? -1 : (long)__data_size;					\
	}

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* ---------------------------------------------------------------------------------------- */
/* Stage 6: the print fmt text: __entry-> becomes REC->, helper calls stay as written */
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

/* ---------------------------------------------------------------------------------------- */
/* Stage 7: TP_printk applied to an entry (the kernel's trace_raw_output_<call>) */
#include <tpoint/stages/reset.h>

#define __entry __tpoint_rec
#define __get_dynamic_array(field)							\
	((void *)((char *)__entry + (__entry->__data_loc_##field & 0xffff)))
#define __get_dynamic_array_len(field)	((__entry->__data_loc_##field >> 16) & 0xffff)
#define __get_str(field)		((char *)__get_dynamic_array(field))
#define __get_bitmask(field)								\
	tpoint__print_bitmask(p, __get_dynamic_array(field),				\
			      __get_dynamic_array_len(field))
/*
 * The value at its own width: readers (libtraceevent) read a 4-byte field as 4 bytes, so -3
 * prints 0xfffffffd, not the kernel's sign-extended 0xfffffffffffffffd.
 */
#define tpoint__val_width(v)								\
	((unsigned long)(v) & (~0UL >> (8 * (sizeof(unsigned long) - sizeof(v)))))
#define __print_flags(flag, delim, flag_array...)					\
	({										\
		static const struct tpoint_print_flags __flags[] =			\
			{ flag_array, { 0, NULL } };					\
		tpoint__print_flags(p, delim, tpoint__val_width(flag), __flags);	\
	})
#define __print_symbolic(value, symbol_array...)					\
	({										\
		static const struct tpoint_print_flags __symbols[] =			\
			{ symbol_array, { 0, NULL } };					\
		tpoint__print_symbolic(p, tpoint__val_width(value), __symbols);	\
	})
#define __print_symbolic_u64(value, symbol_array...)					\
	({										\
		static const struct tpoint_print_flags __symbols[] =			\
			{ symbol_array, { 0, NULL } };					\
		tpoint__print_symbolic_u64(p, value, __symbols);			\
	})
#define __print_hex(buf, buf_len)	tpoint__print_hex(p, buf, buf_len, 0)
#define __print_hex_str(buf, buf_len)	tpoint__print_hex(p, buf, buf_len, 1)
#define __print_array(array, count, el_size)						\
	({										\
		_Static_assert((el_size) == 1 || (el_size) == 2 || (el_size) == 4 ||	\
			       (el_size) == 8,						\
			       "__print_array(" #array "): el_size must be 1, 2, 4 or 8");	\
		tpoint__print_array(p, array, count, el_size);				\
	})

/* tpoint__output_<name>(): @print applied to an entry of class @class. */
#define TPOINT__OUTPUT(class, name, print)						\
	static int tpoint__output_##name(struct tpoint_seq *s, struct tpoint_seq *p,	\
					 const void *__rec)				\
	{										\
		const struct trace_event_raw_##class *__tpoint_rec =			\
			(const struct trace_event_raw_##class *)__rec;			\
		(void)p;								\
		(void)__tpoint_rec;							\
		tpoint__seq_printf(s, print);						\
		return 0;								\
	}

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	TPOINT__OUTPUT(call, call, PARAMS(print))

#undef DEFINE_EVENT_PRINT
#define DEFINE_EVENT_PRINT(template, name, proto, args, print)				\
	TPOINT__OUTPUT(template, name, PARAMS(print))

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* ---------------------------------------------------------------------------------------- */
/* Stage 8: the event probe (the kernel's trace_event_raw_event_<call>) */
#include <tpoint/stages/reset.h>

#define __entry entry
#define __get_dynamic_array(field)							\
	((void *)((char *)__entry + (__entry->__data_loc_##field & 0xffff)))
#define __get_dynamic_array_len(field)	((__entry->__data_loc_##field >> 16) & 0xffff)
#define __get_str(field)		((char *)__get_dynamic_array(field))
#define __get_bitmask(field)		((unsigned long *)__get_dynamic_array(field))

/*
 * Copies what __string()/__string_len() was given (NULL records "(null)"). The source
 * argument of the pre-6.10 form __assign_str(dst, src) is accepted and not evaluated again.
 */
#define __assign_str(dst, ...)								\
	do {										\
		char *__str__ = __get_str(dst);						\
		size_t __len__ = __get_dynamic_array_len(dst) - 1;			\
		const void *__src__ = __data_offsets.dst##_ptr_;			\
		memcpy(__str__, __src__ ? __src__ : "(null)", __len__);			\
		__str__[__len__] = '\0';						\
	} while (0)
#define __assign_str_len(dst, src, len)							\
	do {										\
		char *__str__ = __get_str(dst);						\
		size_t __max__ = __get_dynamic_array_len(dst) - 1;			\
		const char *__src__ = (src);						\
		size_t __len__ = __src__ ? (size_t)(len) : sizeof("(null)") - 1;	\
		if (__len__ > __max__)							\
			__len__ = __max__;						\
		memcpy(__str__, __src__ ? __src__ : "(null)", __len__);			\
		__str__[__len__] = '\0';						\
	} while (0)
#define __assign_vstr(dst, fmt, va)							\
	do {										\
		va_list __cp_va;							\
		va_copy(__cp_va, *(va));						\
		vsnprintf(__get_str(dst), __get_dynamic_array_len(dst), fmt, __cp_va);	\
		va_end(__cp_va);							\
	} while (0)
#define __assign_bitmask(dst, src, nr_bits)						\
	memcpy(__get_bitmask(dst), (src), TPOINT_BITS_TO_LONGS(nr_bits) * sizeof(long))

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	static void tpoint__event_probe_##call(void *__data, proto)			\
	{										\
		struct tpoint_event *__event = (struct tpoint_event *)__data;		\
		struct trace_event_data_offsets_##call __data_offsets;			\
		struct trace_event_raw_##call *entry;					\
		struct tpoint_reservation __res;					\
		long __data_size = tpoint__get_offsets_##call(&__data_offsets, args);	\
		size_t __size = offsetof(struct trace_event_raw_##call, __data) +	\
				(size_t)__data_size;					\
											\
		if (__data_size < 0 || __size > TPOINT_EVENT_MAX) {			\
			tpoint__event_oversize(__event, __data_size < 0 ? 0 : __size);	\
			return;								\
		}									\
		entry = (struct trace_event_raw_##call *)				\
			tpoint__event_reserve(__event, &__res, __size);			\
		if (!entry) {								\
			if (!tpoint__reservation_local(&__res))			\
				return;		/* lost: counted by the ring */		\
			entry = (struct trace_event_raw_##call *)__builtin_alloca(__size); \
		}									\
		entry->ent.type = (unsigned short)__event->id;				\
		entry->ent.flags = 0;							\
		entry->ent.preempt_count = 0;						\
		entry->ent.pid = tpoint__current_tid();					\
		tstruct									\
		{ assign; }								\
		tpoint__event_commit(__event, &__res, entry, __size);			\
	}

/* The data offsets computed by stage 5 go into the entry before TP_fast_assign runs. */
#undef __dynamic_array
#define __dynamic_array(type, item, len) entry->__data_loc_##item = __data_offsets.item;
#undef __string
#define __string(item, src)		__dynamic_array(char, item, -1)
#undef __string_len
#define __string_len(item, src, len)	__dynamic_array(char, item, -1)
#undef __vstring
#define __vstring(item, fmt, ap)	__dynamic_array(char, item, -1)
#undef __bitmask
#define __bitmask(item, nr_bits)	__dynamic_array(unsigned long, item, -1)

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

/* ---------------------------------------------------------------------------------------- */
/* Stage 9: the events */
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
		NULL, 0, 0, 0, NULL, 0							\
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
#undef TPOINT__OUTPUT
#undef tpoint__val_width
#include <tpoint/stages/reset.h>

#pragma GCC diagnostic pop
