// SPDX-License-Identifier: MIT
/*
 * test-traceevent.c - differential test: libtraceevent, reading only the format text an
 * event gives, must parse every event without TEP_EVENT_FL_FAILED, agree on every field's
 * offset, size and sign, and print every recorded entry exactly as tpoint's own TP_printk
 * output (the C printf of the same format) does, over many argument values: negative and
 * extreme numbers, empty, NULL and long strings, every flag combination, unknown symbols.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include <tpoint/tpoint.h>
#include "ut-events.h"
#include "trace-events-sample.h"
#include "../tap.h"

static struct tep_handle *tep;
static int compared, mismatches;
static char last_ours[8192], last_theirs[8192];

struct per_event {
	char name[64];
	int compared;
	int mismatched;
};
static struct per_event per[32];
static int nper;

static struct per_event *per_event(const char *name)
{
	int i;

	for (i = 0; i < nper; i++)
		if (strcmp(per[i].name, name) == 0)
			return &per[i];
	snprintf(per[nper].name, sizeof(per[nper].name), "%s", name);
	return &per[nper++];
}

/* Every entry the event probe records is printed both ways at once. */
static void compare(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	struct tep_record rec;
	struct trace_seq seq;
	struct per_event *pe;
	char name[64];

	(void)data;
	snprintf(name, sizeof(name), "%s:%s", ev->system, ev->name);
	pe = per_event(name);
	tpoint_event_print(ev, entry, size, last_ours, sizeof(last_ours));
	memset(&rec, 0, sizeof(rec));
	rec.data = (void *)entry;
	rec.size = (int)size;
	trace_seq_init(&seq);
	tep_print_event(tep, &seq, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&seq);
	snprintf(last_theirs, sizeof(last_theirs), "%s", seq.buffer);
	trace_seq_destroy(&seq);
	compared++;
	pe->compared++;
	if (strcmp(last_ours, last_theirs) != 0) {
		if (mismatches++ < 20)
			printf("# %s:\n#   tpoint:         '%s'\n#   libtraceevent:  '%s'\n", name,
			       last_ours, last_theirs);
		pe->mismatched++;
	}
}

static int parse_one(struct tpoint_event *ev, void *arg)
{
	struct tep_format_field *tf;
	const struct tpoint_field *f;
	struct tep_event *tev;
	unsigned int i, nr;
	char buf[16384];
	int len, bad = 0;

	(void)arg;
	len = tpoint_event_format(ev, buf, sizeof(buf));
	is_int(tep_parse_event(tep, buf, (unsigned long)len, ev->system), 0,
	       "libtraceevent parses %s:%s", ev->system, ev->name);
	tev = tep_find_event(tep, ev->id);
	ok(tev && !(tev->flags & TEP_EVENT_FL_FAILED), "%s:%s: no TEP_EVENT_FL_FAILED", ev->system,
	   ev->name);
	if (!tev)
		return 0;
	f = tpoint_event_fields(ev, &nr);
	for (i = 0; i < nr; i++) {
		tf = tep_find_field(tev, f[i].name);
		if (!tf || tf->offset != f[i].offset || tf->size != f[i].size ||
		    !!(tf->flags & TEP_FIELD_IS_SIGNED) != f[i].is_signed) {
			bad++;
			diag("field %s: tep offset %d size %d", f[i].name, tf ? tf->offset : -1,
			     tf ? tf->size : -1);
		}
		if ((f[i].kind == TPOINT_FIELD_DYNAMIC || f[i].kind == TPOINT_FIELD_STRING) &&
		    tf && !(tf->flags & TEP_FIELD_IS_DYNAMIC))
			bad++;
		if (f[i].kind == TPOINT_FIELD_ARRAY && tf && !(tf->flags & TEP_FIELD_IS_ARRAY))
			bad++;
	}
	is_int(bad, 0, "%s:%s: libtraceevent sees the %u fields as tpoint lays them out",
	       ev->system, ev->name, nr);
	return 0;
}

static void fire_foo_bar(const char *foo, int bar, const int *lst, const char *str,
			 const unsigned long *mask, int nbits, const char *fmt, ...)
{
	va_list va;

	va_start(va, fmt);
	trace_foo_bar(foo, bar, lst, str, mask, nbits, fmt, &va);
	va_end(va);
}

int main(void)
{
	static const int lists[][6] = { { 0 }, { 1, 0 }, { -1, 2, 0 }, { INT_MAX, INT_MIN, 7, 0 } };
	static const char *strs[] = { NULL, "", "x", "odd", "a somewhat longer string with spaces, "
				      "commas, and %% signs %s %d that must print as they are" };
	unsigned long masks[2] = { 0, 0 };
	static const int nbits[] = { 1, 7, 31, 32, 33, 64, 100, 128 };
	unsigned char bytes[300];
	unsigned short u16s[4];
	long long s64s[2];
	struct sample_point pt;
	char longstr[3000];
	int i, j;

	tep = tep_alloc();
	tep_set_long_size(tep, sizeof(long));
	tep_set_page_size(tep, 4096);
	tep_set_file_bigendian(tep, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tpoint_for_each_event(parse_one, NULL);

	for (i = 0; i < (int)sizeof(bytes); i++)
		bytes[i] = (unsigned char)(i * 37 + 1);
	memset(longstr, 'L', sizeof(longstr) - 1);
	longstr[sizeof(longstr) - 1] = '\0';

	tpoint_set_event_handler(compare, NULL);
	is_int(tpoint_enable("*:*"), 12, "every event enabled");

	/* foo_bar: __array, symbolic, flags, print_array, strings (NULL too), bitmask, vstring */
	for (i = -3; i <= 40; i++) {
		for (j = 0; j < 16; j++) {
			masks[0] = (unsigned long)i * 0x9e3779b97f4a7c15UL >> (j * 7);
			masks[1] = ~masks[0] >> j;
			fire_foo_bar(j % 2 ? "0123456789abc" : "hi", i, lists[(i + 3) % 4],
				     strs[(i + j + 5) % 5], masks, nbits[j % 8], "vs %d [%s] %lu", i,
				     strs[(j % 4) + 1], masks[0]);
		}
	}
	fire_foo_bar("", INT_MIN, lists[3], "", masks, 64, "%s", "");
	fire_foo_bar("", INT_MAX, lists[0], longstr + 2000, masks, 64, "%s", longstr + 2500);

	/* foo_with_template_*: numbers at their limits, pointers, bool, struct, enums, hex */
	for (i = -50; i <= 120; i++) {
		pt.x = i * -1000;
		pt.y = i;
		trace_foo_with_template_simple(strs[(i + 5) % 5] ? strs[(i + 5) % 5] : longstr, i,
					       i % 3 ? (long)i * 1234567 : (i % 2 ? LONG_MIN : LONG_MAX),
					       i % 4 ? (unsigned long long)i << (i & 31) : ULLONG_MAX,
					       i % 5 ? (void *)bytes : NULL, i % 2, pt,
					       (enum sample_color)(i & 7), bytes + (i + 50) % 100, (i + 50) % 20);
		trace_foo_with_template_print(longstr, i, 0, 0, NULL, i & 1, pt,
					      (enum sample_color)i, bytes, i < 0 ? 0 : i % 64);
	}
	for (i = 0; i < 64; i++)
		trace_foo_with_template_print("flags", i, 0, 0, NULL, 0, pt, SAMPLE_RED, bytes, 1);

	/* sample_numbers: arrays of u16 and s64, 64-bit symbolic values */
	for (i = 0; i < 20; i++) {
		u16s[0] = (unsigned short)(i * 4099);
		u16s[1] = 0xffff;
		u16s[2] = 0;
		u16s[3] = (unsigned short)i;
		s64s[0] = i % 2 ? LLONG_MIN + i : -(long long)i * 1000000007LL;
		s64s[1] = LLONG_MAX - i;
		trace_sample_numbers(u16s, s64s, i == 3 ? 0xdeadbeefUL : i == 4 ? 0x10000000000UL
				     : (unsigned long)i * 0x123456789UL);
	}
	trace_sample_tick(0);
	trace_foo_bar_with_cond("cond", 20);
	trace_foo_bar_with_cond(NULL, -10);
	trace_foo_bar_with_fn("fn", -1);
	trace_foo_bar_with_fn(longstr + 100, INT_MIN);

	/* ut-sys: enums through TRACE_DEFINE_ENUM, overlapping flag masks, strings, hex */
	for (i = 0; i < 16; i++) {
		trace_ut_state(UT_IDLE, (unsigned int)i);
		trace_ut_state(UT_BUSY, (unsigned int)i << 28);
		trace_ut_state((enum ut_state)i, 0xffffffffu - (unsigned int)i);
	}
	for (i = 0; i < 300; i += 37)
		trace_ut_blob(bytes, i, i % 2 ? "blob" : NULL);
	trace_ut_plain(INT_MIN);
	trace_ut_plain(INT_MAX);
	trace_ut_fn(-1);
	trace_ut_cond_ev(3);

	for (i = 0; i < nper; i++)
		ok(per[i].mismatched == 0, "%s: %d entries printed identically", per[i].name,
		   per[i].compared);
	is_int(nper, 12, "entries of every event were compared");
	ok(compared > 1000, "%d entries compared in all", compared);
	is_int(mismatches, 0, "no entry printed differently");

	tpoint_disable("*:*");
	tpoint_set_event_handler(NULL, NULL);
	tep_free(tep);
	return tap_done();
}
