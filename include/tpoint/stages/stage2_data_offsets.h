/* SPDX-License-Identifier: MIT */
/*
 * stages/stage2_data_offsets.h - Stage 2 of the events: where each dynamic field goes.
 *
 *	struct trace_event_data_offsets_<class> {
 *		char __tpoint_unused;			// a struct needs a member
 *		uint32_t <item>;			// len << 16 | offset, as __data_loc_<item>
 *		const void *<item>_ptr_;		// the source of a __string(), as Linux 6.10
 *		...					// one pair per dynamic field
 *	};
 *
 * Stage 5 fills it in before the entry is reserved; stage 8 copies it into the entry.
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
#include <tpoint/stages/reset.h>

#undef __dynamic_array
#define __dynamic_array(type, item, len) uint32_t item; const void *item##_ptr_;
#undef __rel_dynamic_array
#define __rel_dynamic_array(type, item, len) uint32_t item; const void *item##_ptr_;
#include <tpoint/stages/dynamic_alias.h>

#undef DECLARE_EVENT_CLASS
#define DECLARE_EVENT_CLASS(call, proto, args, tstruct, assign, print)			\
	struct trace_event_data_offsets_##call {					\
		char __tpoint_unused;							\
		tstruct									\
	};

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)
