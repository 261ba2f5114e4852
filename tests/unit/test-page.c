// SPDX-License-Identifier: MIT
/*
 * test-page.c - the page codec (src/lib/page.[ch], the kernel's ring-buffer page): pages
 * built with the pg_put_*() encoders, and by hand where no encoder exists (an absolute
 * time stamp, damaged entries), decoded back with pg_decode(), pg_check(), pg_events(),
 * pg_finish() and pg_info(). Every decoded field is compared with what was put there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "page.h"
#include "../tap.h"

static unsigned char page[PG_SIZE];
static unsigned char *const data = page + PG_HDR;

static void page_clear(void)
{
	memset(page, 0xa5, sizeof(page));	/* not zero: what is not written shows */
}

/* The entry at @off of the @size bytes at @buf, with its decode result in *@ret. */
static struct pg_entry at_in(const unsigned char *buf, uint32_t size, uint32_t off, int *ret)
{
	struct pg_entry e;

	memset(&e, 0, sizeof(e));
	*ret = pg_decode(buf, size, off, &e);
	return e;
}

static struct pg_entry at(uint32_t size, uint32_t off, int *ret)
{
	return at_in(data, size, off, ret);
}

/*
 * The @n bytes at @src copied to the end of a mapping whose next page cannot be read: a
 * decoder that reads one byte past what it was given faults, and the test fails.
 */
static const unsigned char *guarded(const unsigned char *src, uint32_t n)
{
	static unsigned char *map;
	long pg = sysconf(_SC_PAGESIZE);

	if (!map) {
		map = mmap(NULL, 2 * (size_t)pg, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (map == MAP_FAILED || mprotect(map + pg, (size_t)pg, PROT_NONE))
			abort();
	}
	memcpy(map + pg - n, src, n);
	return map + pg - n;
}

/* Kernel bytes, little-endian: the words the format text (pg_header_event_text) describes. */
static void test_golden(void)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	static const unsigned char want[] = {
		0x62, 0x00, 0x00, 0x00,	/* type_len 2 (8 bytes of data), time_delta 3 */
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,	/* the data */
		0x3e, 0x00, 0x00, 0x00,	/* type_len 30: time extend, delta bits 0..26 = 1 */
		0x02, 0x00, 0x00, 0x00,	/* array: delta >> 27 = 2 */
		0x20, 0x00, 0x00, 0x00,	/* type_len 0, time_delta 1: length in the next word */
		0x78, 0x00, 0x00, 0x00,	/* array: 116 bytes of data + 4 */
	};
	static const unsigned char bytes[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
	uint32_t off = 0;

	page_clear();
	off += pg_put_event(data + off, 3, bytes, sizeof(bytes));
	off += pg_put_extend(data + off, (2ull << RB_DELTA_BITS) + 1);
	off += pg_put_event_header(data + off, 1, 116);
	is_int(off, sizeof(want), "golden: event, extend and a long header take 28 bytes");
	ok(memcmp(data, want, sizeof(want)) == 0,
	   "golden: the bytes are the kernel's (type_len:5, time_delta:27, array)");
#else
	ok(1, "# SKIP golden bytes are written for little-endian hosts");
	ok(1, "# SKIP golden bytes are written for little-endian hosts");
#endif
}

static void test_lengths(void)
{
	is_int(pg_align(1), 4, "pg_align: 1 -> 4");
	is_int(pg_align(8), 8, "pg_align: 8 stays");
	is_int(pg_event_len(1), 8, "pg_event_len: 1 byte of data takes a header and a word");
	is_int(pg_event_len(RB_MAX_SMALL_DATA), RB_MAX_SMALL_DATA + 4,
	       "pg_event_len: 112 bytes still fit type_len (one header word)");
	is_int(pg_event_len(RB_MAX_SMALL_DATA + 1), RB_MAX_SMALL_DATA + 4 + 8,
	       "pg_event_len: 113 bytes need the length word");
	is_int(pg_event_hdr_len(pg_event_len(RB_MAX_SMALL_DATA)), 4,
	       "pg_event_hdr_len: 4 for a small event");
	is_int(pg_event_hdr_len(pg_event_len(RB_MAX_SMALL_DATA + 1)), 8,
	       "pg_event_hdr_len: 8 for a large one");
}

/* Small and large events, decoded field by field. */
static void test_data(void)
{
	unsigned char small[5] = { 1, 2, 3, 4, 5 }, large[200];
	uint32_t off = 0, n, size;
	struct pg_entry e;
	int ret;

	for (n = 0; n < sizeof(large); n++)
		large[n] = (unsigned char)(n * 7);
	page_clear();
	off += pg_put_event(data + off, 17, small, sizeof(small));
	off += pg_put_event(data + off, RB_DELTA_MASK, large, sizeof(large));
	size = off;

	e = at(size, 0, &ret);
	is_int(ret, 1, "small event: decodes");
	is_int(e.type, 2, "small event: type_len 2 (5 bytes padded to 8)");
	is_int(e.len, 12, "small event: 12 bytes with its header");
	is_int(e.delta, 17, "small event: its time_delta");
	is_int(e.size, 8, "small event: 8 bytes of data");
	ok(e.data == data + 4 && memcmp(e.data, small, sizeof(small)) == 0 &&
	   e.data[5] == 0 && e.data[7] == 0, "small event: its data, zero-padded to a word");

	e = at(size, 12, &ret);
	is_int(ret, 1, "large event: decodes");
	is_int(e.type, 0, "large event: type_len 0 (the length in the next word)");
	is_int(e.len, 208, "large event: 200 bytes + header + length word");
	is_int(e.delta, RB_DELTA_MASK, "large event: the largest time_delta (2^27 - 1)");
	is_int(e.size, 200, "large event: 200 bytes of data");
	ok(e.data == data + 12 + 8 && memcmp(e.data, large, sizeof(large)) == 0,
	   "large event: its data");

	e = at(size, size, &ret);
	is_int(ret, 0, "the end of the entries: 0");
	is_int(pg_check(data, size, ~0u, &n), size, "pg_check: the whole page parses");
	is_int(n, 2, "pg_check: two events");
	is_int(pg_check(data, size, 1, &n), 12, "pg_check: at most 1 event: stops after it");
	is_int(n, 1, "pg_check: and counts 1");
}

/* Padding, time extend, absolute time stamp: not events, but entries with their lengths. */
static void test_non_events(void)
{
	uint64_t big = (5ull << RB_DELTA_BITS) + 123, stamp = (0x1234ull << RB_DELTA_BITS) | 77;
	uint32_t off = 0, n, size;
	struct pg_entry e;
	int ret;

	page_clear();
	off += pg_put_padding(data + off, 9, 24);
	off += pg_put_extend(data + off, big);
	/* An absolute time stamp (no encoder: the library never writes one) */
	pg_put32(data + off, RB_TYPE_TIME_STAMP | (uint32_t)(stamp & RB_DELTA_MASK) << RB_TYPE_BITS);
	pg_put32(data + off + 4, (uint32_t)(stamp >> RB_DELTA_BITS));
	off += 8;
	off += pg_put_event(data + off, 0, "abcd", 4);
	size = off;

	e = at(size, 0, &ret);
	ok(ret == 1 && e.type == RB_TYPE_PADDING, "padding: decodes as type 29");
	is_int(e.len, 24, "padding: its length, as put");
	is_int(e.delta, 9, "padding: its time_delta");
	ok(e.data == NULL && e.size == 0, "padding: no data");

	e = at(size, 24, &ret);
	ok(ret == 1 && e.type == RB_TYPE_TIME_EXTEND, "time extend: decodes as type 30");
	is_int(e.len, 8, "time extend: 8 bytes");
	is_int(e.delta, big, "time extend: the delta, both parts added (5 << 27 + 123)");

	e = at(size, 32, &ret);
	ok(ret == 1 && e.type == RB_TYPE_TIME_STAMP, "time stamp: decodes as type 31");
	is_int(e.len, 8, "time stamp: 8 bytes");
	is_int(e.delta, stamp, "time stamp: the absolute time, both parts or'ed");

	is_int(pg_check(data, size, ~0u, &n), size, "pg_check: padding, extend, stamp, event parse");
	is_int(n, 1, "pg_check: only the event counts");
}

/* A page that stops in the middle of an entry, and lengths that cannot be. */
static void test_refused(void)
{
	unsigned char blob[40] = { 0 };
	uint32_t off, n;
	struct pg_entry e;
	int ret;

	page_clear();
	off = pg_put_event(data, 0, blob, 8);			/* 12 bytes */
	off += pg_put_event(data + off, 0, blob, sizeof(blob));	/* 44 bytes */
	is_int(pg_check(data, off - 4, ~0u, &n), 12, "cut mid-event: parses up to the cut event");
	is_int(n, 1, "cut mid-event: the whole event before it counts");
	at(off - 4, 12, &ret);
	is_int(ret, -1, "cut mid-event: the cut event is refused");
	at_in(guarded(data + 12, 2), 2, 0, &ret);
	is_int(ret, -1, "a header cut after 2 bytes is refused, not read past");
	at(8, 0, &ret);
	is_int(ret, -1, "an event running past the end is refused (12 bytes in 8)");
	at(12, 16, &ret);
	is_int(ret, -1, "an offset past the end is refused");

	pg_put32(data, 0);					/* type_len 0 ... */
	pg_put32(data + 4, 4);					/* ... with no data */
	at(64, 0, &ret);
	is_int(ret, -1, "type_len 0 with less than a word of data is refused");
	pg_put32(data + 4, 64);
	at(64, 0, &ret);
	is_int(ret, -1, "type_len 0 longer than the page is refused");
	pg_put32(data, 0);
	at_in(guarded(data, 4), 4, 0, &ret);
	is_int(ret, -1, "type_len 0 without room for its length word is refused, not read past");
	pg_put32(data, RB_TYPE_TIME_EXTEND);
	at_in(guarded(data, 4), 4, 0, &ret);
	is_int(ret, -1, "a time extend without its second word is refused, not read past");
	pg_put32(data, RB_TYPE_PADDING);
	pg_put32(data + 4, 0);
	at(64, 0, &ret);
	is_int(ret, -1, "padding shorter than its two words is refused");
	pg_put32(data + 4, 5);
	at(64, 0, &ret);
	is_int(ret, -1, "padding of a length not a multiple of 4 is refused");
	pg_put32(data + 4, UINT32_MAX - 1);
	at(64, 0, &ret);
	is_int(ret, -1, "padding whose length wraps is refused");
	pg_put32(data + 4, 60);
	e = at(64, 0, &ret);
	ok(ret == 1 && e.len == 64, "padding up to the end is taken (64 bytes)");
	is_int(pg_check(data, 64, ~0u, &n), 64, "pg_check: a page of padding parses");
	is_int(n, 0, "pg_check: with no event");
}

/* pg_finish() and pg_info(): the page header, the missed events, the zeroed tail. */
static void test_finish(void)
{
	struct pg_info pi;
	uint32_t size;
	uint64_t v;

	page_clear();
	size = pg_put_event(data, 5, "xyzw", 4);
	pg_finish(page, 0x123456789ull, size, 0);
	pg_info(page, &pi);
	is_int(pi.base, 0x123456789ll, "pg_info: the base time pg_finish set");
	is_int(pi.size, size, "pg_info: the size of the entries");
	ok(!pi.missed && pi.missed_count == -1, "pg_info: no missed events");
	ok(data[size] == 0 && data[PG_DATA_SIZE - 1] == 0, "pg_finish: the tail is zeroed");
	is_int(pg_events(page), 1, "pg_events: one event in the page");

	pg_finish(page, 1, size, 42);
	pg_info(page, &pi);
	ok(pi.missed && pi.missed_count == 42, "missed events: flagged, their count stored after "
	   "the data (%d, %lld)", pi.missed, (long long)pi.missed_count);
	memcpy(&v, page + PG_COMMIT_OFF, sizeof(v));
	is_int(v, size | RB_MISSED_EVENTS | RB_MISSED_STORED,
	       "commit word: size, missed events, count stored (bits 31 and 30)");

	pg_finish(page, 1, PG_DATA_SIZE - 4, 42);
	pg_info(page, &pi);
	ok(pi.missed && pi.missed_count == -1, "missed events, no room for the count: flagged only");

	v = PG_DATA_SIZE + 4;				/* a size past the page */
	memcpy(page + PG_COMMIT_OFF, &v, sizeof(v));
	pg_info(page, &pi);
	is_int(pi.size, 0, "pg_info: a commit word larger than the page reads as empty");
	is_int(pg_events(page), 0, "pg_events: and holds no event");
}

int main(void)
{
	test_golden();
	test_lengths();
	test_data();
	test_non_events();
	test_refused();
	test_finish();
	return tap_done();
}
