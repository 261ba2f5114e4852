// SPDX-License-Identifier: MIT
/*
 * test-evfilter.c - filters on the library's own events (tpoint record -f), through the
 * library's adapter (evfilter.c, compiled in: it is hidden in libtpoint): the fields of a
 * generated event are classified by tpf_classify() from their format text, so a struct
 * field is refused and a __dynamic_array(char) is a string, as "__data_loc char[]" is to
 * the kernel; and the filter then matches the entries the event probe records.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CREATE_TRACE_POINTS
#include "evf-events.h"

#include "filter.h"
#include "internal.h"
#include "../tap.h"

static unsigned char entries[2][TPOINT_EVENT_MAX];
static size_t sizes[2];
static int nr_entries;

static void keep(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	(void)ev;
	(void)data;
	if (nr_entries < 2 && size <= sizeof(entries[0])) {
		memcpy(entries[nr_entries], entry, size);
		sizes[nr_entries++] = size;
	}
}

/* The error of a filter refused on @ev, or "" when it is taken. */
static const char *refused(struct tpoint_event *ev, const char *text)
{
	static char err[512];
	int ret = tpoint__event_set_filter(ev, text, err, sizeof(err));

	return ret == 0 ? "" : ret == -EINVAL ? err : "(not -EINVAL)";
}

/* Which of the two recorded entries pass @text: a bit each, or -1 if it is refused. */
static int passes(struct tpoint_event *ev, const char *text)
{
	char err[512];

	if (tpoint__event_set_filter(ev, text, err, sizeof(err))) {
		diag("'%s': %s", text, err);
		return -1;
	}
	return tp_filter_match(ev->filter, entries[0], sizes[0]) |
	       tp_filter_match(ev->filter, entries[1], sizes[1]) << 1;
}

int main(void)
{
	struct tpoint_event *ev = tpoint_event_lookup("evf:evf_fields");
	struct evf_pair pair = { 1, 2 };

	ok(ev != NULL, "the event is registered");
	if (!ev)
		return tap_done();
	tpoint_set_event_handler(keep, NULL);
	tpoint_enable("evf:evf_fields");
	trace_evf_fields(3, &pair, "hello", "alpha");
	trace_evf_fields(4, &pair, "world", "beta");
	tpoint_disable("evf:evf_fields");
	is_int(nr_entries, 2, "the event probe recorded two entries");

	is_str(refused(ev, "pair == 1"),
	       "filter: field 'pair' cannot be filtered on (not a number or a string) at column 1",
	       "a __field_struct (struct evf_pair) is refused");
	is_str(refused(ev, "two == 3"),
	       "filter: field 'two' cannot be filtered on (not a number or a string) at column 1",
	       "an __array of int (int[2]) is refused");
	is_str(refused(ev, "ints == 0"),
	       "filter: field 'ints' cannot be filtered on (not a number or a string) at column 1",
	       "a __dynamic_array of int (__data_loc int[]) is refused");
	is_str(refused(ev, "text < 3"),
	       "filter: '<' compares numbers; 'text' is a string (use ==, != or ~) at column 6",
	       "a __dynamic_array of char (__data_loc char[]) is a string, not a number");

	is_int(passes(ev, "text == \"hello\""), 1, "__dynamic_array(char): == matches its text");
	is_int(passes(ev, "text ~ \"w*\""), 2, "__dynamic_array(char): ~ globs it");
	is_int(passes(ev, "text != \"hello\""), 2, "__dynamic_array(char): !=");
	is_int(passes(ev, "name == \"beta\""), 2, "__array(char, 8): a string");
	is_int(passes(ev, "n > 3"), 2, "__field(int): a number");
	is_int(passes(ev, "ptr != 0"), 3, "__field(struct evf_pair *): a number");
	is_int(passes(ev, "common_pid != 0 && n == 3"), 1, "the common fields are numbers");
	tpoint__event_free_filter(ev);
	ok(ev->filter == NULL, "the filter is freed");
	return tap_done();
}
