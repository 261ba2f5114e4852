/* SPDX-License-Identifier: MIT */
/*
 * stages/stage4_event_fields.h - Stage 4 of the events: the field descriptors (the
 * "field:" lines of the format), with the compiler's own offsets and sizes.
 *
 *	static const struct tpoint_field *tpoint__fields_<class>(unsigned int *__nr)
 *	{
 *		typedef struct trace_event_raw_<class> __tpoint_raw;
 *		static const struct tpoint_field __fields[] = {
 *			{ "<type>", "<item>", offsetof(__tpoint_raw, <item>), sizeof(<type>),
 *			  sizeof(<type>), <is signed>, TPOINT_FIELD_SCALAR, 0 },	// __field
 *			...		// _STRUCT, _ARRAY (size of the whole array, len),
 *					// _DYNAMIC, _STRING and _CPUMASK (size 4: the
 *					// __data_loc word), _REL_* (the __rel_loc word)
 *			{ NULL, ... }
 *		};
 *		static const struct tpoint_fields_ref __ref	// for readers of the ELF file
 *			__attribute__((section("__tpoint_fields_refs"))) = { fn, __fields, nr };
 *		*__nr = <number of fields>;
 *		return __fields;
 *	}
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
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
#undef __cpumask
#define __cpumask(item)									\
	{ "cpumask_t", #item, offsetof(__tpoint_raw, __data_loc_##item), 4,		\
	  sizeof(unsigned long), 0, TPOINT_FIELD_CPUMASK, 0 },
#undef __sockaddr
#define __sockaddr(field, len)								\
	{ "u8", #field, offsetof(__tpoint_raw, __data_loc_##field), 4, 1, 0,		\
	  TPOINT_FIELD_DYNAMIC, 0 },
#undef __rel_dynamic_array
#define __rel_dynamic_array(type, item, len)						\
	{ #type, #item, offsetof(__tpoint_raw, __rel_loc_##item), 4, sizeof(type),	\
	  tpoint__is_signed_type(type), TPOINT_FIELD_REL_DYNAMIC, 0 },
#undef __rel_string
#define __rel_string(item, src)								\
	{ "char", #item, offsetof(__tpoint_raw, __rel_loc_##item), 4, 1,		\
	  tpoint__is_signed_type(char), TPOINT_FIELD_REL_STRING, 0 },
#undef __rel_string_len
#define __rel_string_len(item, src, len)	__rel_string(item, src)
#undef __rel_bitmask
#define __rel_bitmask(item, nr_bits)	__rel_dynamic_array(unsigned long, item, -1)
#undef __rel_cpumask
#define __rel_cpumask(item)								\
	{ "cpumask_t", #item, offsetof(__tpoint_raw, __rel_loc_##item), 4,		\
	  sizeof(unsigned long), 0, TPOINT_FIELD_REL_CPUMASK, 0 },
#undef __rel_sockaddr
#define __rel_sockaddr(field, len)							\
	{ "u8", #field, offsetof(__tpoint_raw, __rel_loc_##field), 4, 1, 0,		\
	  TPOINT_FIELD_REL_DYNAMIC, 0 },

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
