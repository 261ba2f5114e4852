/* SPDX-License-Identifier: MIT */
/*
 * stages/stage0_checks.h - Stage 0 of the events: compile-time checks of the fields.
 *
 * Reads the event header with TP_STRUCT__entry turned into static assertions, in a function
 * that is never called, so that a field no reader can decode is an error with a message
 * that says what to write instead:
 *
 *	static inline void tpoint__check_<class>(void)
 *	{
 *		_Static_assert(<type> is not a struct, union, float or complex, "...");
 *						// __field(type, item)
 *		_Static_assert(<len> > 0 && <type> an integer or pointer of 1 to 8 bytes
 *			       && the array fits TPOINT_EVENT_MAX, "...");
 *						// __array(type, item, len)
 *		_Static_assert(sizeof(<type>) <= 8, "...");
 *						// __dynamic_array(type, item, len)
 *	}
 *
 * (The probe's own type is checked in stage 9, against check_trace_callback_type_<name>.)
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
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
