/* SPDX-License-Identifier: MIT */
/*
 * stages/stage3_enum_maps.h - Stage 3 of the events: TRACE_DEFINE_ENUM and
 * TRACE_DEFINE_SIZEOF, as maps from a name to its value.
 *
 *	static const struct tpoint_enum_map __tpoint_enum_<a> = {
 *		"<system>", "<a>", (unsigned long)(<a>)
 *	};
 *	static const struct tpoint_enum_map *__tpoint_enum_ptr_<a>
 *		__attribute__((used, section("__tpoint_enums_ptrs"))) = &__tpoint_enum_<a>;
 *
 *	(TRACE_DEFINE_SIZEOF(t): __tpoint_sizeof_<t>, named "sizeof(<t>)", of sizeof(<t>).)
 *
 * The library replaces these names by their values in the print fmt it shows (event.c), as
 * the kernel does, since readers cannot evaluate them.
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
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
