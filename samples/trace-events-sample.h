/* SPDX-License-Identifier: MIT */
/*
 * trace-events-sample.h - a fully commented event header: every macro tpoint supports, used
 * the way a kernel developer writes include/trace/events/<system>.h.
 *
 * The file is read several times. Read normally (any .c that includes it), it declares the
 * tracepoints: trace_foo_bar(...), register_trace_foo_bar(...) and the rest. Read by the one
 * .c that first defines CREATE_TRACE_POINTS (trace-events-sample.c), it also defines them,
 * with everything their events need: the entry layout, the probe that records it, the
 * format text readers use, and the TP_printk output.
 */

/*
 * TRACE_SYSTEM names the group of these events: they are "sample:foo_bar" and so on. It is
 * defined outside the guard (the header is read again with the guard open) and must be a
 * valid C identifier, or TRACE_SYSTEM_VAR must give one.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM sample

/*
 * By default define_trace.h includes "<TRACE_SYSTEM>.h" again. This header has another
 * name, so TRACE_INCLUDE_FILE gives it (without ".h"); TRACE_INCLUDE_PATH, at the end, says
 * where it is, relative to a directory of the include path (the Makefile passes -Isamples).
 */
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace-events-sample

/*
 * The guard is special: it lets the header be read again when TRACE_HEADER_MULTI_READ is
 * defined, which define_trace.h does for each of its stages.
 */
#if !defined(_TRACE_EVENT_SAMPLE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_EVENT_SAMPLE_H

/* Ordinary declarations go under a guard of their own: they must be read only once. */
#ifndef _TRACE_EVENT_SAMPLE_ONCE
#define _TRACE_EVENT_SAMPLE_ONCE
#include <stdarg.h>
#include <stdbool.h>

enum sample_color {
	SAMPLE_RED = 1,
	SAMPLE_GREEN = 2,
	SAMPLE_BLUE = 4,
};

#define SAMPLE_MODE_READ	0x1
#define SAMPLE_MODE_WRITE	0x2
#define SAMPLE_MODE_EXEC	0x4
#define SAMPLE_MODE_SYNC	0x10

struct sample_point {
	int x;
	int y;
};
typedef struct sample_point sample_point_t;

/* Called around the life of the foo_bar_with_fn probes (TRACE_EVENT_FN). */
int sample_foo_reg(void);
void sample_foo_unreg(void);
extern int sample_foo_reg_count;	/* +1 on reg, -1 on unreg */

/* __length_of(lst): the int list ends with a 0, which is part of it (as in the kernel). */
#define __length_of(x) sample__length_of(x)
static inline int sample__length_of(const int *lst)
{
	int n = 0;

	while (lst[n++])
		;
	return n;
}
#endif

#include <tpoint/tracepoint.h>

/*
 * TRACE_DEFINE_ENUM(): an enum is a name the compiler knows but a trace reader does not.
 * Used in TP_printk, its name would appear literally in the print fmt; declared here, the
 * format shows its value instead, and readers can decode it.
 */
TRACE_DEFINE_ENUM(SAMPLE_RED);
TRACE_DEFINE_ENUM(SAMPLE_GREEN);
TRACE_DEFINE_ENUM(SAMPLE_BLUE);

/*
 * TRACE_DEFINE_SIZEOF(): readers cannot evaluate sizeof() either. tpoint replaces sizeof()
 * of the standard C types (int, unsigned short, uint64_t...) by itself; other types, such
 * as this struct, are declared like this (one identifier, as in the kernel).
 */
TRACE_DEFINE_SIZEOF(sample_point_t);

/*
 * TRACE_EVENT(name, proto, args, struct, assign, print)
 *
 *  name	the event and the tracepoint: trace_foo_bar() fires it.
 *
 *  proto	TP_PROTO(): the prototype of trace_foo_bar() and of every probe (which also
 *		receives a void *data first).
 *
 *  args	TP_ARGS(): the same names, passed along.
 *
 *  struct	TP_STRUCT__entry(): the fields of the recorded entry, one macro each:
 *
 *		__field(type, item)		a scalar: integer, pointer, bool, enum.
 *						A struct or a float does not compile.
 *		__field_struct(type, item)	a struct, recorded byte for byte.
 *		__array(type, item, len)	a fixed array: char name[16], u32 v[4].
 *		__dynamic_array(type, item, len)  an array whose length is computed per event;
 *						recorded after the fixed fields, found through a
 *						32-bit __data_loc (offset | length << 16).
 *		__string(item, src)		a NUL-terminated copy of src ("(null)" for NULL).
 *		__string_len(item, src, len)	len bytes of src, then a NUL.
 *		__vstring(item, fmt, va)	the text vsnprintf(fmt, *va) makes.
 *		__bitmask(item, nr_bits)	a bitmap of nr_bits bits, stored as longs.
 *
 *  assign	TP_fast_assign(): C that fills __entry from the args, using:
 *		__assign_str(item)		copies __string/__string_len's source (the older
 *						__assign_str(item, src) form works too).
 *		__assign_str_len(item, src, len)  copies at most len bytes.
 *		__assign_vstr(item, fmt, va)	formats a __vstring.
 *		__assign_bitmask(item, src, nr_bits)  copies a bitmap.
 *		__get_dynamic_array(item)	points at a dynamic array, to fill it.
 *		__get_str(item), __get_bitmask(item)  the same, typed.
 *
 *  print	TP_printk(fmt, args): how a reader prints the entry, with C printf formats and
 *		__entry->item for the fields, plus:
 *		__get_str(item)			a string field.
 *		__get_dynamic_array(item), __get_dynamic_array_len(item)  (length in bytes)
 *		__get_bitmask(item)		a bitmap in hex: "00000000,00000005".
 *		__print_symbolic(v, {val, "name"}...)	the name of a value.
 *		__print_flags(v, "|", {mask, "name"}...)	the names of the bits set.
 *		__print_hex(buf, len)		"de ad be ef"; __print_hex_str: "deadbeef".
 *		__print_array(array, count, el_size)	"1 2 3" (as libtraceevent prints it).
 *
 * The format text (tpoint_event_format(), and the format section of a trace.dat file)
 * carries TP_printk's text with __entry-> written REC->, so that libtraceevent and
 * trace-cmd print the event the same way without this code.
 */
TRACE_EVENT(foo_bar,

	TP_PROTO(const char *foo, int bar, const int *lst, const char *string,
		 const unsigned long *mask, int nr_bits, const char *fmt, va_list *va),

	TP_ARGS(foo, bar, lst, string, mask, nr_bits, fmt, va),

	TP_STRUCT__entry(
		__array(	char,	foo,    10		)
		__field(	int,	bar			)
		__dynamic_array(int,	list,   __length_of(lst))
		__string(	str,	string			)
		__bitmask(	cpus,	nr_bits			)
		__vstring(	vstr,	fmt,	va		)
	),

	TP_fast_assign(
		strncpy(__entry->foo, foo, 10);
		__entry->foo[9] = '\0';
		__entry->bar	= bar;
		memcpy(__get_dynamic_array(list), lst,
		       __length_of(lst) * sizeof(int));
		__assign_str(str);
		__assign_vstr(vstr, fmt, va);
		__assign_bitmask(cpus, mask, nr_bits);
	),

	TP_printk("foo %s %d %s %s %s %s (%s) %s", __entry->foo, __entry->bar,

/*
 * Notice here the use of some helper functions. This includes:
 *
 *  __print_symbolic( variable, { value, "string" }, ... ),
 *
 *    The variable is tested against each value of the { } pair. If
 *    the variable matches one of the values, then it will print the
 *    string in that pair. If non are matched, it returns a string
 *    version of the number (0x%lx).
 */
		  __print_symbolic(__entry->bar,
				   { 0, "zero" },
				   { 1, "one" },
				   { 2, "two" },
				   { 3, "three" },
				   { 4, "four" },
				   { 5, "five" }),

/*
 *  __print_flags( variable, "delim", { value, "flag" }, ... ),
 *
 *    Each value is a mask: its name is printed, delimited, when all its bits are set; bits
 *    left over print as 0x%lx.
 */
		  __print_flags(__entry->bar, "|",
				{ 1, "BIT1" },
				{ 2, "BIT2" },
				{ 4, "BIT3" },
				{ 8, "BIT4" }),

/*
 *  __print_array( array, len, element_size )
 *
 *    Prints the elements (of element_size bytes) in unsigned decimal, "1 2 3", as
 *    trace readers (libtraceevent) print them.
 */
		  __print_array(__get_dynamic_array(list),
				__get_dynamic_array_len(list) / sizeof(int),
				sizeof(int)),

		  __get_str(str), __get_bitmask(cpus), __get_str(vstr))
);

/*
 * TRACE_EVENT_CONDITION(name, proto, args, cond, struct, assign, print)
 *
 * TP_CONDITION() is tested inside the enabled branch of trace_foo_with_condition(), before
 * any probe runs: nothing is recorded when it is false, and it costs nothing while the
 * event is disabled.
 */
TRACE_EVENT_CONDITION(foo_bar_with_cond,

	TP_PROTO(const char *foo, int bar),

	TP_ARGS(foo, bar),

	TP_CONDITION(!(bar % 10)),

	TP_STRUCT__entry(
		__string(	foo,    foo		)
		__field(	int,	bar			)
	),

	TP_fast_assign(
		__assign_str(foo);
		__entry->bar	= bar;
	),

	TP_printk("foo %s %d", __get_str(foo), __entry->bar)
);

/*
 * TRACE_EVENT_FN(name, proto, args, struct, assign, print, reg, unreg)
 *
 * reg() runs before the first probe attaches to the tracepoint (a non-zero negative return
 * refuses the probe) and unreg() after the last one detaches: start and stop whatever
 * feeds the event only while someone traces it.
 */
TRACE_EVENT_FN(foo_bar_with_fn,

	TP_PROTO(const char *foo, int bar),

	TP_ARGS(foo, bar),

	TP_STRUCT__entry(
		__string(	foo,    foo		)
		__field(	int,	bar		)
	),

	TP_fast_assign(
		__assign_str(foo);
		__entry->bar	= bar;
	),

	TP_printk("foo %s %d", __get_str(foo), __entry->bar),

	sample_foo_reg, sample_foo_unreg
);

/*
 * DECLARE_EVENT_CLASS(class, proto, args, struct, assign, print) + DEFINE_EVENT(class,
 * name, proto, args): many events with one layout share one probe and one printer. Here
 * also __field of signed and unsigned types, a pointer, a bool, __field_struct,
 * __string_len with __assign_str_len, __print_hex and __print_hex_str, and an enum decoded
 * by its TRACE_DEFINE_ENUM values.
 *
 * A __field_struct is recorded whole, but TP_printk cannot reach into it (__entry->pt.x):
 * trace readers evaluate the print fmt and know no struct members. Record what you print
 * as fields of its own.
 */
DECLARE_EVENT_CLASS(foo_template,

	TP_PROTO(const char *foo, int bar, long delta, unsigned long long size,
		 const void *ptr, bool ok, struct sample_point pt, enum sample_color color,
		 const unsigned char *bytes, int nbytes),

	TP_ARGS(foo, bar, delta, size, ptr, ok, pt, color, bytes, nbytes),

	TP_STRUCT__entry(
		__string_len(	foo,	foo,	bar < 0 ? 0 : (bar > 32 ? 32 : bar))
		__field(	int,			bar		)
		__field(	long,			delta		)
		__field(	unsigned long long,	size		)
		__field(	const void *,		ptr		)
		__field(	bool,			ok		)
		__field(	short,			s16		)
		__field(	unsigned char,		u8		)
		__field_struct(	struct sample_point,	pt		)
		__field(	enum sample_color,	color		)
		__dynamic_array(unsigned char,		bytes,	nbytes	)
	),

	TP_fast_assign(
		__assign_str_len(foo, foo, bar < 0 ? 0 : (bar > 32 ? 32 : bar));
		__entry->bar	= bar;
		__entry->delta	= delta;
		__entry->size	= size;
		__entry->ptr	= ptr;
		__entry->ok	= ok;
		__entry->s16	= (short)bar;
		__entry->u8	= (unsigned char)bar;
		__entry->pt	= pt;
		__entry->color	= color;
		if (nbytes > 0)
			memcpy(__get_dynamic_array(bytes), bytes, (size_t)nbytes);
	),

	TP_printk("foo=%s bar=%d delta=%ld size=%llu ptr=0x%lx ok=%s s16=%hd u8=%u color=%s hex=[%s] str=%s",
		  __get_str(foo), __entry->bar, __entry->delta, __entry->size,
		  (unsigned long)__entry->ptr, __entry->ok ? "true" : "false",
		  __entry->s16, __entry->u8,
		  __print_symbolic(__entry->color,
				   { SAMPLE_RED, "red" },
				   { SAMPLE_GREEN, "green" },
				   { SAMPLE_BLUE, "blue" }),
		  __print_hex(__get_dynamic_array(bytes), __get_dynamic_array_len(bytes)),
		  __print_hex_str(__get_dynamic_array(bytes), __get_dynamic_array_len(bytes)))
);

/* Two events of the class: same layout and output, own names and tracepoints. */
DEFINE_EVENT(foo_template, foo_with_template_simple,
	TP_PROTO(const char *foo, int bar, long delta, unsigned long long size,
		 const void *ptr, bool ok, struct sample_point pt, enum sample_color color,
		 const unsigned char *bytes, int nbytes),
	TP_ARGS(foo, bar, delta, size, ptr, ok, pt, color, bytes, nbytes));

/* DEFINE_EVENT_PRINT(): the class's layout with a TP_printk of its own. */
DEFINE_EVENT_PRINT(foo_template, foo_with_template_print,
	TP_PROTO(const char *foo, int bar, long delta, unsigned long long size,
		 const void *ptr, bool ok, struct sample_point pt, enum sample_color color,
		 const unsigned char *bytes, int nbytes),
	TP_ARGS(foo, bar, delta, size, ptr, ok, pt, color, bytes, nbytes),
	TP_printk("bar %s %d ptsize=%zu mode=%s", __get_str(foo), __entry->bar,
		  sizeof(sample_point_t),
		  __print_flags(__entry->u8, "|",
				{ SAMPLE_MODE_READ, "READ" },
				{ SAMPLE_MODE_WRITE, "WRITE" },
				{ SAMPLE_MODE_EXEC, "EXEC" },
				{ SAMPLE_MODE_SYNC, "SYNC" })));

/*
 * __array of several element types and __print_array() of a fixed array, __print_symbolic
 * on a 64-bit value, and TP_printk with no argument at all are covered below.
 */
TRACE_EVENT(sample_numbers,

	TP_PROTO(const unsigned short *u16s, const long long *s64s, unsigned long code),

	TP_ARGS(u16s, s64s, code),

	TP_STRUCT__entry(
		__array(	unsigned short,	u16s,	4	)
		__array(	long long,	s64s,	2	)
		__field(	unsigned long,	code		)
	),

	TP_fast_assign(
		memcpy(__entry->u16s, u16s, sizeof(__entry->u16s));
		memcpy(__entry->s64s, s64s, sizeof(__entry->s64s));
		__entry->code = code;
	),

	TP_printk("u16s=[%s] s64s=[%s] first=%lld code=%s",
		  __print_array(__entry->u16s, 4, sizeof(unsigned short)),
		  __print_array(__entry->s64s, 2, sizeof(long long)),
		  __entry->s64s[0],
		  __print_symbolic(__entry->code,
				   { 0xdeadbeefUL, "DEAD" },
				   { 0x10000000000UL, "BIG" }))
);

TRACE_EVENT(sample_tick,

	TP_PROTO(int unused),

	TP_ARGS(unused),

	TP_STRUCT__entry(
		__field(	int,	unused	)
	),

	TP_fast_assign(
		__entry->unused = unused;
	),

	TP_printk("tick")
);

/*
 * DECLARE_TRACE(name, proto, args): a bare tracepoint. No event, nothing recorded on its
 * own: trace_sample_bare_tp() only calls the probes that register_trace_sample_bare_tp()
 * attached, for code that wants a hook rather than a record. As in Linux 6.16 the
 * tracepoint is named sample_bare_tp; trace_sample_bare() and register_trace_sample_bare()
 * are aliases kept for the code written before.
 */
DECLARE_TRACE(sample_bare,
	TP_PROTO(int value, const char *what),
	TP_ARGS(value, what));

#endif /* _TRACE_EVENT_SAMPLE_H */

/***** NOTICE! The #if protection ends here. *****/

/*
 * The header is found again as TRACE_INCLUDE_PATH/TRACE_INCLUDE_FILE.h, searched on the
 * include path. "." with -Isamples finds samples/trace-events-sample.h.
 */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#include <tpoint/define_trace.h>
