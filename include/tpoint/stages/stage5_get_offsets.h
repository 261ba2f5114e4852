/* SPDX-License-Identifier: MIT */
/*
 * stages/stage5_get_offsets.h - Stage 5 of the events: size the dynamic fields (the probe's
 * first pass over its arguments).
 *
 *	static inline long
 *	tpoint__get_offsets_<class>(struct trace_event_data_offsets_<class> *__data_offsets,
 *				    <proto>)
 *	{
 *		size_t __data_size = 0, __item_length;
 *		int __err = 0;
 *
 *		// per dynamic field, aligned to its element type:
 *		__data_size = ALIGN(__data_size, __alignof__(<type>));
 *		__item_length = <len> * sizeof(<type>);	// __string: strlen(src) + 1
 *		if (<len> or __item_length > TPOINT__DATA_LOC_MAX)	// 16 bits
 *			__err = -1;
 *		__data_offsets-><item> = (offset of __data + __data_size) | __item_length << 16;
 *				// a __rel_ field: the offset from the end of its word
 *		__data_size += __item_length;
 *
 *		return __err ? -1 : (long)__data_size;
 *	}
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
#include <tpoint/stages/reset.h>

/*
 * One dynamic field of @len elements of @type, its word counting from @base: the start of
 * the entry for a __data_loc, the end of the word itself for a __rel_loc (as the kernel's).
 */
#define TPOINT__DYN(type, item, len, base)						\
	__data_size = (__data_size + __alignof__(type) - 1) & ~(__alignof__(type) - 1);	\
	__item_length = (size_t)(len) * sizeof(type);					\
	if ((size_t)(len) > TPOINT__DATA_LOC_MAX ||					\
	    __item_length > TPOINT__DATA_LOC_MAX)					\
		__err = -1;								\
	__data_offsets->item = TPOINT__DATA_LOC(__data_size +				\
		offsetof(__typeof__(*__entry), __data) - (base), __item_length);	\
	__data_size += __item_length;
#define TPOINT__REL_BASE(item)	(offsetof(__typeof__(*__entry), __rel_loc_##item) + 4)
#define TPOINT__STR_PTR(item, src)							\
	__data_offsets->item##_ptr_ = (const void *)(src);
#define TPOINT__STR_LEN(item)								\
	strlen(__data_offsets->item##_ptr_ ?						\
	       (const char *)__data_offsets->item##_ptr_ : "(null)") + 1
#define TPOINT__STRN_LEN(item, len)							\
	(__data_offsets->item##_ptr_ ? (size_t)(len) + 1 : sizeof("(null)"))

#undef __dynamic_array
#define __dynamic_array(type, item, len)	TPOINT__DYN(type, item, len, 0)
#undef __rel_dynamic_array
#define __rel_dynamic_array(type, item, len)						\
	TPOINT__DYN(type, item, len, TPOINT__REL_BASE(item))
#undef __string
#define __string(item, src)								\
	TPOINT__STR_PTR(item, src) __dynamic_array(char, item, TPOINT__STR_LEN(item))
#undef __rel_string
#define __rel_string(item, src)								\
	TPOINT__STR_PTR(item, src) __rel_dynamic_array(char, item, TPOINT__STR_LEN(item))
#undef __string_len
#define __string_len(item, src, len)							\
	TPOINT__STR_PTR(item, src) __dynamic_array(char, item, TPOINT__STRN_LEN(item, len))
#undef __rel_string_len
#define __rel_string_len(item, src, len)						\
	TPOINT__STR_PTR(item, src)							\
	__rel_dynamic_array(char, item, TPOINT__STRN_LEN(item, len))
#undef __vstring
#define __vstring(item, fmt, ap)							\
	__dynamic_array(char, item, tpoint__vstr_len(fmt, ap))
#undef __bitmask
#define __bitmask(item, nr_bits)							\
	__dynamic_array(unsigned long, item, TPOINT_BITS_TO_LONGS(nr_bits))
#undef __rel_bitmask
#define __rel_bitmask(item, nr_bits)							\
	__rel_dynamic_array(unsigned long, item, TPOINT_BITS_TO_LONGS(nr_bits))
#undef __cpumask
#define __cpumask(item)									\
	__dynamic_array(unsigned long, item, TPOINT_BITS_TO_LONGS(TPOINT_NR_CPUMASK_BITS))
#undef __rel_cpumask
#define __rel_cpumask(item)								\
	__rel_dynamic_array(unsigned long, item,					\
			    TPOINT_BITS_TO_LONGS(TPOINT_NR_CPUMASK_BITS))
#undef __sockaddr
#define __sockaddr(field, len)		__dynamic_array(unsigned char, field, len)
#undef __rel_sockaddr
#define __rel_sockaddr(field, len)	__rel_dynamic_array(unsigned char, field, len)

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

#undef TPOINT__DYN
#undef TPOINT__REL_BASE
#undef TPOINT__STR_PTR
#undef TPOINT__STR_LEN
#undef TPOINT__STRN_LEN
