/* SPDX-License-Identifier: MIT */
/*
 * stages/stage1_struct_define.h - Stage 1 of the events: the entry, as recorded.
 *
 *	struct trace_event_raw_<class> {
 *		struct tpoint_trace_entry ent;		// common_type, _flags, _preempt_count, _pid
 *		<type> <item>;				// __field, __field_struct
 *		<type> <item>[<len>];			// __array
 *		uint32_t __data_loc_<item>;		// __dynamic_array, __string, __string_len,
 *							// __vstring, __bitmask, __cpumask,
 *							// __sockaddr: len << 16 | offset
 *		uint32_t __rel_loc_<item>;		// the __rel_ ones: offset from the word's end
 *		char __data[];				// the dynamic fields' bytes
 *	};
 *	_Static_assert(sizeof(struct trace_event_raw_<class>) <= TPOINT_EVENT_MAX, "...");
 *
 * As the kernel's include/trace/stages/stage1_struct_define.h, with its member names, so
 * that __entry-><item> reads the same in TP_fast_assign and TP_printk.
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
#include <tpoint/stages/reset.h>

#undef __field
#define __field(type, item)		type item;
#undef __field_struct
#define __field_struct(type, item)	type item;
#undef __array
#define __array(type, item, len)	type item[len];
#undef __dynamic_array
#define __dynamic_array(type, item, len) uint32_t __data_loc_##item;
#undef __rel_dynamic_array
#define __rel_dynamic_array(type, item, len) uint32_t __rel_loc_##item;
#include <tpoint/stages/dynamic_alias.h>

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
