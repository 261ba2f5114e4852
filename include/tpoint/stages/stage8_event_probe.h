/* SPDX-License-Identifier: MIT */
/*
 * stages/stage8_event_probe.h - Stage 8 of the events: the event probe (the kernel's
 * trace_event_raw_event_<call>), what an enabled event runs each time it fires.
 *
 *	static void tpoint__event_probe_<class>(void *__data, <proto>)
 *	{
 *		struct tpoint_event *__event = __data;
 *		struct trace_event_data_offsets_<class> __data_offsets;
 *		struct trace_event_raw_<class> *entry;
 *		struct tpoint_reservation __res;
 *		long __data_size = tpoint__get_offsets_<class>(&__data_offsets, <args>);
 *		size_t __size = offsetof(struct trace_event_raw_<class>, __data) + __data_size;
 *
 *		if (__data_size < 0 || __size > TPOINT_EVENT_MAX) {
 *			tpoint__event_oversize(__event, __size or 0);	// counted, said once
 *			return;
 *		}
 *		entry = tpoint__fast_reserve(__event, &__res, __size);	// in the ring
 *		if (!entry) {
 *			if (!tpoint__reservation_local(&__res))
 *				return;			// lost, counted
 *			entry = alloca(__size);		// for the handler, or the filter
 *		}
 *		entry->ent = { id, 0, 0, tpoint__current_tid() };
 *		entry->__data_loc_<item> = __data_offsets.<item>;	// per dynamic field
 *		entry->__rel_loc_<item> = __data_offsets.<item>;	// per __rel_ field
 *		{ <TP_fast_assign> }		// __assign_str() etc. copy into __data
 *		tpoint__fast_commit(__event, &__res, entry, __size);
 *	}
 *
 * Reserve and commit are inline (static/fastpath.h): in the ring's current page with one
 * CAS, or through tpoint__event_reserve()/_commit() for the rest. It calls only what
 * tpoint.h and fastpath.h export (tpoint__ names: internal but stable).
 *
 * Read by trace_events.h once per event header (no guard), as every stage: it resets
 * the macros (reset.h), defines its own, and reads the header again.
 */
#include <tpoint/stages/reset.h>

#define __entry entry
#define __get_dynamic_array(field)							\
	((void *)((char *)__entry + TPOINT__DATA_LOC_OFF(__entry->__data_loc_##field)))
#define __get_dynamic_array_len(field)	TPOINT__DATA_LOC_LEN(__entry->__data_loc_##field)
#define __get_str(field)		((char *)__get_dynamic_array(field))
#define __get_bitmask(field)		((unsigned long *)__get_dynamic_array(field))
#define __get_cpumask(field)		__get_bitmask(field)
#define __get_sockaddr(field)		((struct sockaddr *)__get_dynamic_array(field))
#define __get_rel_dynamic_array(field)							\
	((void *)((char *)__entry + offsetof(__typeof__(*__entry), __rel_loc_##field) + 4 + \
		  TPOINT__DATA_LOC_OFF(__entry->__rel_loc_##field)))
#define __get_rel_dynamic_array_len(field) TPOINT__DATA_LOC_LEN(__entry->__rel_loc_##field)
#define __get_rel_str(field)		((char *)__get_rel_dynamic_array(field))
#define __get_rel_bitmask(field)	((unsigned long *)__get_rel_dynamic_array(field))
#define __get_rel_cpumask(field)	__get_rel_bitmask(field)
#define __get_rel_sockaddr(field)	((struct sockaddr *)__get_rel_dynamic_array(field))

/* Copies @len bytes of @src (NULL: "(null)") to @str and a NUL. */
#define TPOINT__COPY_STR(str, src, len)							\
	do {										\
		char *__str__ = (str);							\
		size_t __len__ = (len);							\
		const void *__src__ = (src);						\
		memcpy(__str__, __src__ ? __src__ : "(null)", __len__);			\
		__str__[__len__] = '\0';						\
	} while (0)

/*
 * Copies what __string()/__string_len() was given (NULL records "(null)"). The source
 * argument of the pre-6.10 form __assign_str(dst, src) is accepted and not evaluated again.
 */
#define __assign_str(dst, ...)								\
	TPOINT__COPY_STR(__get_str(dst), __data_offsets.dst##_ptr_,			\
			 __get_dynamic_array_len(dst) - 1)
#define __assign_rel_str(dst, ...)							\
	TPOINT__COPY_STR(__get_rel_str(dst), __data_offsets.dst##_ptr_,		\
			 __get_rel_dynamic_array_len(dst) - 1)
#define __assign_rel_str_len(dst, ...)	__assign_rel_str(dst)
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
#define __assign_rel_bitmask(dst, src, nr_bits)						\
	memcpy(__get_rel_bitmask(dst), (src), TPOINT_BITS_TO_LONGS(nr_bits) * sizeof(long))
#define __assign_cpumask(dst, src)							\
	memcpy(__get_cpumask(dst), (src), __get_dynamic_array_len(dst))
#define __assign_rel_cpumask(dst, src)							\
	memcpy(__get_rel_cpumask(dst), (src), __get_rel_dynamic_array_len(dst))
#define __assign_sockaddr(dest, src, len)						\
	memcpy(__get_dynamic_array(dest), (src), (len))
#define __assign_rel_sockaddr(dest, src, len)						\
	memcpy(__get_rel_dynamic_array(dest), (src), (len))

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
			tpoint__fast_reserve(__event, &__res, __size);			\
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
		tpoint__fast_commit(__event, &__res, entry, __size);			\
	}

/* The data offsets computed by stage 5 go into the entry before TP_fast_assign runs. */
#undef __dynamic_array
#define __dynamic_array(type, item, len) entry->__data_loc_##item = __data_offsets.item;
#undef __rel_dynamic_array
#define __rel_dynamic_array(type, item, len) entry->__rel_loc_##item = __data_offsets.item;
#include <tpoint/stages/dynamic_alias.h>

#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)

#undef TPOINT__COPY_STR
