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
 *		__data_size += __item_length;
 *
 *		return __err ? -1 : (long)__data_size;
 *	}
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
#include <tpoint/stages/reset.h>

#undef __dynamic_array
#define __dynamic_array(type, item, len)						\
	__data_size = (__data_size + __alignof__(type) - 1) & ~(__alignof__(type) - 1);	\
	__item_length = (size_t)(len) * sizeof(type);					\
	if ((size_t)(len) > TPOINT__DATA_LOC_MAX ||					\
	    __item_length > TPOINT__DATA_LOC_MAX)					\
		__err = -1;								\
	__data_offsets->item = TPOINT__DATA_LOC(__data_size +				\
		offsetof(__typeof__(*__entry), __data), __item_length);		\
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
