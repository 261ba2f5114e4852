/* SPDX-License-Identifier: MIT */
/*
 * stages/stage7_output.h - Stage 7 of the events: TP_printk applied to an entry (the
 * kernel's trace_raw_output_<call>), with C's printf and the library's helpers.
 *
 *	static int tpoint__output_<class>(struct tpoint_seq *s, struct tpoint_seq *p,
 *					  const void *__rec)
 *	{
 *		const struct trace_event_raw_<class> *__tpoint_rec = __rec;	// __entry
 *
 *		tpoint__seq_printf(s, <fmt>, <args>);
 *		return 0;
 *	}
 *	(and tpoint__output_<name> for a DEFINE_EVENT_PRINT)
 *
 * In <args>: __get_str(f) and __get_dynamic_array(f) point into the entry by its
 * __data_loc (__get_rel_*: by its __rel_loc, from the word's end);
 * __print_flags/_symbolic/_hex/_array, __get_bitmask and __get_cpumask call tpoint__print_*()
 * (print.c), which write into the scratch buffer @p and return the text's start.
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
#include <tpoint/stages/reset.h>

#define __entry __tpoint_rec
#define __get_dynamic_array(field)							\
	((void *)((char *)__entry + TPOINT__DATA_LOC_OFF(__entry->__data_loc_##field)))
#define __get_dynamic_array_len(field)	TPOINT__DATA_LOC_LEN(__entry->__data_loc_##field)
#define __get_str(field)		((char *)__get_dynamic_array(field))
#define __get_bitmask(field)								\
	tpoint__print_bitmask(p, __get_dynamic_array(field),				\
			      __get_dynamic_array_len(field))
#define __get_cpumask(field)								\
	tpoint__print_cpumask(p, __get_dynamic_array(field),				\
			      __get_dynamic_array_len(field))
#define __get_sockaddr(field)		((struct sockaddr *)__get_dynamic_array(field))
/* A __rel_loc word: the offset counts from the end of the word. */
#define __get_rel_dynamic_array(field)							\
	((void *)((char *)__entry + offsetof(__typeof__(*__entry), __rel_loc_##field) + 4 + \
		  TPOINT__DATA_LOC_OFF(__entry->__rel_loc_##field)))
#define __get_rel_dynamic_array_len(field) TPOINT__DATA_LOC_LEN(__entry->__rel_loc_##field)
#define __get_rel_str(field)		((char *)__get_rel_dynamic_array(field))
#define __get_rel_bitmask(field)							\
	tpoint__print_bitmask(p, __get_rel_dynamic_array(field),			\
			      __get_rel_dynamic_array_len(field))
#define __get_rel_cpumask(field)							\
	tpoint__print_cpumask(p, __get_rel_dynamic_array(field),			\
			      __get_rel_dynamic_array_len(field))
#define __get_rel_sockaddr(field)	((struct sockaddr *)__get_rel_dynamic_array(field))
#define __print_dynamic_array(array, el_size)						\
	__print_array(__get_dynamic_array(array), __get_dynamic_array_len(array) / (el_size), \
		      el_size)
/* As the kernel's: the seconds a u64, the rest a u32. */
#define __print_ns_to_secs(val)		((unsigned long long)(val) / 1000000000ULL)
#define __print_ns_without_secs(val)	((unsigned int)((unsigned long long)(val) % 1000000000ULL))
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
#define __print_flags_u64(flag, delim, flag_array...)					\
	({										\
		static const struct tpoint_print_flags __flags[] =			\
			{ flag_array, { 0, NULL } };					\
		tpoint__print_flags(p, delim, (unsigned long)(flag), __flags);		\
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
/* As __print_hex(): the readers have no hex dump (the README says so). */
#define __print_hex_dump(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii)	\
	tpoint__print_hex(p, buf, len, 0)
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

#undef TPOINT__OUTPUT
#undef tpoint__val_width
