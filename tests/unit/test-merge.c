// SPDX-License-Identifier: MIT
/*
 * test-merge.c - merge_cpu() (src/tool/merge.c): one CPU's kernel pages and user pages,
 * each in time order, merged by time into kernel-format pages.
 *
 * Each side is built here page by page with page.h's encoders, the output is walked with
 * its decoder, and the events that come out (time, payload, lost marks) are compared with
 * what went in: the order of events, ties (the first side's event first), deltas too large
 * for an event header (time extends, then a new page), the lost counts pages carry (known,
 * unknown, added up), sources with nothing, and pages full to the byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "merge.h"
#include "page.h"
#include "../tap.h"

#define MAX_EVENTS	6100
#define MAX_LEN		1024

/* An event as it goes in or comes out: its time, payload, and the mark it carries. */
struct ev {
	uint64_t ts;
	uint32_t len;
	unsigned char data[MAX_LEN];
	long long missed;		/* in: the mark of the page it starts; out: its page's */
	int first;			/* out: the first event of its page */
};

struct side {
	struct ev *ev;
	unsigned int n;
};

/* What merge_cpu() made: its events, pages and the counts it returned. */
struct result {
	int ret;
	uint64_t size, events;
	unsigned int pages, extends;
	struct side out;
};

static int memfd(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0) {
		perror("memfd_create");
		exit(2);
	}
	return fd;
}

static void put_page(int fd, unsigned char *page, uint64_t base, uint32_t used,
		     long long missed)
{
	pg_finish(page, base, used, missed > 0 ? (uint64_t)missed : 0);
	if (missed < 0) {		/* flagged, count unknown */
		uint64_t commit = used | RB_MISSED_EVENTS;

		memcpy(page + 8, &commit, 8);
	}
	if (write(fd, page, PG_SIZE) != PG_SIZE) {
		perror("write");
		exit(2);
	}
}

/*
 * A side's pages, as a recorder writes them: @per_page events a page at most (0: as many
 * as fit), time extends where a delta does not fit the header. An event whose ->missed is
 * set starts a new page carrying that mark. The fd, its size in *@size.
 */
static int build(const struct side *s, unsigned int per_page, uint64_t *size)
{
	unsigned char page[PG_SIZE];
	uint64_t base = 0, last = 0;
	unsigned int i, in_page = 0;
	long long missed = 0;
	int fd = memfd("side");
	uint32_t used = 0;

	*size = 0;
	for (i = 0; i < s->n; i++) {
		const struct ev *e = &s->ev[i];
		uint64_t delta = e->ts - last;
		uint32_t ext = delta >> RB_DELTA_BITS ? 8 : 0;

		if (in_page && (e->missed || (per_page && in_page == per_page) ||
				used + ext + pg_event_len(e->len) > PG_DATA_SIZE)) {
			put_page(fd, page, base, used, missed);
			*size += PG_SIZE;
			in_page = 0;
		}
		if (!in_page) {
			base = last = e->ts;
			used = 0;
			missed = e->missed;
			delta = 0;
			ext = 0;
		}
		if (ext)
			used += pg_put_extend(page + PG_HDR + used, delta);
		used += pg_put_event(page + PG_HDR + used, ext ? 0 : (uint32_t)delta, e->data,
				     e->len);
		last = e->ts;
		in_page++;
	}
	if (in_page) {
		put_page(fd, page, base, used, missed);
		*size += PG_SIZE;
	}
	return fd;
}

static void walk_page(const unsigned char *page, struct result *r)
{
	struct pg_entry e;
	struct pg_info pi;
	uint32_t off = 0;
	uint64_t ts;
	int first = 1;

	pg_info(page, &pi);
	ts = pi.base;
	while (pg_decode(page + PG_HDR, pi.size, off, &e) > 0) {
		struct ev *o = &r->out.ev[r->out.n];

		off += e.len;
		if (e.type == RB_TYPE_TIME_STAMP) {
			ts = e.delta;
			continue;
		}
		ts += e.delta;
		r->extends += e.type == RB_TYPE_TIME_EXTEND;
		if (e.type > RB_MAX_TYPE_LEN || r->out.n == MAX_EVENTS)
			continue;
		o->ts = ts;
		o->len = e.size;
		memcpy(o->data, e.data, e.size);
		o->missed = !pi.missed ? 0 : pi.missed_count;
		o->first = first;
		first = 0;
		r->out.n++;
	}
	if (off != pi.size)
		diag("page %u does not parse past byte %u of %u", r->pages, off, pi.size);
}

/* Merge @a (fd -1: none) and @b; the output walked into *@r. */
static void merge(const struct side *a, const struct side *b, unsigned int per_page,
		  struct result *r)
{
	uint64_t asize = 0, bsize = 0, i;
	int afd = a ? build(a, per_page, &asize) : -1;
	int bfd = b ? build(b, per_page, &bsize) : -1;
	int ofd = memfd("out");
	unsigned char *map;

	free(r->out.ev);
	memset(r, 0, sizeof(*r));
	r->out.ev = calloc(MAX_EVENTS, sizeof(*r->out.ev));
	r->ret = merge_cpu(afd, asize, bfd, bsize, ofd, &r->size, &r->events);
	if (r->size && (map = mmap(NULL, r->size, PROT_READ, MAP_PRIVATE, ofd, 0)) != MAP_FAILED) {
		for (i = 0; i + PG_SIZE <= r->size; i += PG_SIZE, r->pages++)
			walk_page(map + i, r);
		munmap(map, r->size);
	}
	if ((uint64_t)lseek(ofd, 0, SEEK_END) != r->size)
		diag("the output fd holds %lld bytes, merge_cpu() says %llu",
		     (long long)lseek(ofd, 0, SEEK_END), (unsigned long long)r->size);
	close(ofd);
	if (afd >= 0)
		close(afd);
	if (bfd >= 0)
		close(bfd);
}

/* A side of @n events: ts[i], payload "<tag><i>" of @len bytes (0: 8). */
static struct side make(char tag, const uint64_t *ts, unsigned int n, uint32_t len)
{
	struct side s = { calloc(n ? n : 1, sizeof(struct ev)), n };
	unsigned int i;

	for (i = 0; i < n; i++) {
		s.ev[i].ts = ts[i];
		s.ev[i].len = len ? len : 8;
		memset(s.ev[i].data, tag, s.ev[i].len);
		snprintf((char *)s.ev[i].data, 8, "%c%u", tag, i);
	}
	return s;
}

static const char *name(const struct ev *e)
{
	return (const char *)e->data;
}

/* The output's events, in order, as "a0 b0 a1 ..." for a readable comparison. */
static const char *names(const struct result *r)
{
	static char buf[4096];
	size_t l = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < r->out.n && l + 16 < sizeof(buf); i++)
		l += (size_t)snprintf(buf + l, sizeof(buf) - l, "%s%s", i ? " " : "",
				      name(&r->out.ev[i]));
	return buf;
}

static void test_order(void)
{
	static const uint64_t ta[] = { 1000, 1030, 1050, 1200 }, tb[] = { 1010, 1040, 1100 };
	struct side a = make('a', ta, 4, 0), b = make('b', tb, 3, 0);
	struct result r = { 0 };
	unsigned int i;
	int in_order = 1;

	merge(&a, &b, 0, &r);
	is_int(r.ret, 0, "order: merge_cpu() returns 0");
	is_str(names(&r), "a0 b0 a1 b1 a2 b2 a3", "order: the events of both sides, by time");
	is_int(r.events, 7, "order: it counts the 7 events");
	is_int(r.size, PG_SIZE, "order: in one page");
	for (i = 0; i < r.out.n; i++)
		in_order &= r.out.ev[i].ts == (name(&r.out.ev[i])[0] == 'a' ?
					       ta[name(&r.out.ev[i])[1] - '0'] :
					       tb[name(&r.out.ev[i])[1] - '0']);
	ok(in_order, "order: each event keeps its time");
	ok(!memcmp(r.out.ev[3].data, b.ev[1].data, 8) && r.out.ev[3].len == 8,
	   "order: payloads are copied as they are");
}

static void test_ties(void)
{
	static const uint64_t ta[] = { 500, 500, 700 }, tb[] = { 500, 700, 700 };
	struct side a = make('a', ta, 3, 0), b = make('b', tb, 3, 0);
	struct result r = { 0 };

	merge(&a, &b, 0, &r);
	is_str(names(&r), "a0 a1 b0 a2 b1 b2",
	       "ties: the first side's events first, each side in its own order");
	ok(r.out.ev[2].ts == 500 && r.out.ev[5].ts == 700, "ties: the times stay equal");
}

/*
 * A side that goes back in time (a page whose base is before the last event of the one
 * before) is taken as it comes, at the time reached so far: the output never goes back.
 */
static void test_back(void)
{
	static const uint64_t ta[] = { 100, 50, 120 };
	struct side a = make('a', ta, 3, 0);
	struct result r = { 0 };

	merge(&a, NULL, 1, &r);		/* a page for each event */
	is_str(names(&r), "a0 a1 a2", "back: the side's order");
	ok(r.out.n == 3 && r.out.ev[1].ts == 100 && r.out.ev[2].ts == 120,
	   "back: 50 comes out at 100, and 120 at 120 (%llu, %llu)",
	   (unsigned long long)r.out.ev[1].ts, (unsigned long long)r.out.ev[2].ts);
}

/* Deltas over 27 bits need a time extend; over 32 bits, a new page. */
static void test_extends(void)
{
	static const uint64_t ta[] = { 100, 100 + (1ull << 27) + 5, 100 + (1ull << 31) };
	static const uint64_t tb[] = { 100 + (1ull << 27) + 9, 100 + (1ull << 33) };
	struct side a = make('a', ta, 3, 0), b = make('b', tb, 2, 0);
	struct result r = { 0 };
	unsigned int i;
	int same = 1;

	merge(&a, &b, 0, &r);
	is_str(names(&r), "a0 a1 b0 a2 b1", "extends: the order across large gaps");
	for (i = 0; i < r.out.n; i++)
		same &= r.out.ev[i].ts == (i == 0 ? ta[0] : i == 1 ? ta[1] : i == 2 ? tb[0] :
					  i == 3 ? ta[2] : tb[1]);
	ok(same, "extends: every time is exact after the extends");
	is_int(r.extends, 2, "extends: one extend for the 2^27 gap and one for 2^31");
	is_int(r.pages, 2, "extends: a gap of 2^32 or more starts a new page");
	ok(r.out.n == 5 && r.out.ev[4].first, "extends: the event after that gap opens it");
}

/*
 * The lost marks of source pages land on the output page of their next event. Events of
 * 1000 bytes: four to an output page.
 */
static void test_lost(void)
{
	static const uint64_t ta[] = { 10, 20, 30, 40 }, tb[] = { 15, 35, 45 };
	struct side a = make('a', ta, 4, 1000), b = make('b', tb, 3, 1000);
	struct result r = { 0 };

	a.ev[3].missed = 7;		/* a's second page: 7 lost before a3 */
	merge(&a, &b, 0, &r);
	is_str(names(&r), "a0 b0 a1 a2 b1 a3 b2", "lost: the order");
	is_int(r.pages, 2, "lost: two output pages");
	ok(r.out.n == 7 && r.out.ev[4].first, "lost: the second starts at b1");
	is_int(r.out.ev[5].missed, 7, "lost: the mark before a3 is on a3's output page");
	is_int(r.out.ev[0].missed, 0, "lost: and not on the first one");

	b.ev[1].missed = 5;		/* b's second page: 5 lost before b1 */
	merge(&a, &b, 0, &r);
	is_int(r.out.ev[5].missed, 12, "lost: two marks on one output page add up");

	b.ev[1].missed = -1;		/* flagged, count unknown */
	merge(&a, &b, 0, &r);
	is_int(r.out.ev[5].missed, -1, "lost: an unknown count with a known one is unknown");
	a.ev[3].missed = 0;
	merge(&a, &b, 0, &r);
	is_int(r.out.ev[5].missed, -1, "lost: an unknown count alone stays a mark");
}

/*
 * A page keeps 8 bytes after its data for the count of its mark: an event with a mark that
 * would fill the page to within them starts the next page instead.
 */
static void test_lost_room(void)
{
	static const uint64_t ta[] = { 1, 2, 3, 4, 5 };
	struct side a = make('a', ta, 5, 1000);
	struct result r = { 0 };

	a.ev[4].len = 44;		/* 4 x 1008 + 48 bytes: the page to the byte */
	a.ev[4].missed = 3;
	merge(&a, NULL, 0, &r);
	is_int(r.pages, 2, "lost room: the marked event does not fit with its count");
	ok(r.out.n == 5 && r.out.ev[4].first, "lost room: it starts the second page");
	is_int(r.out.n == 5 ? r.out.ev[4].missed : 0, 3, "lost room: whose count is stored");
	a.ev[4].missed = 0;
	merge(&a, NULL, 0, &r);
	is_int(r.pages, 1, "lost room: without a mark the same events fill one page");
	/*
	 * The room stays kept after the marked event: the events after it must not take it.
	 * (The source pages hold 4 events, so that the source's own mark has its count.)
	 */
	a.ev[0].missed = 3;
	merge(&a, NULL, 4, &r);
	is_int(r.out.n == 5 ? r.out.ev[0].missed : 0, 3,
	       "lost room: a mark on a page's first event keeps its count when later ones fill it");
	is_int(r.pages, 2, "lost room: so the last event starts the next page");
}

static void test_empty(void)
{
	static const uint64_t tb[] = { 5, 6, 7 };
	struct side none = make('a', NULL, 0, 0), b = make('b', tb, 3, 0);
	struct result r = { 0 };

	merge(&none, &b, 0, &r);
	is_str(names(&r), "b0 b1 b2", "empty: a side with no pages gives the other's events");
	merge(&b, NULL, 0, &r);
	is_str(names(&r), "b0 b1 b2", "empty: so does a side with no fd (-1, size 0)");
	merge(&none, NULL, 0, &r);
	ok(r.ret == 0 && r.size == 0 && r.events == 0 && r.out.n == 0,
	   "empty: two empty sides make nothing: ret %d, %llu bytes, %llu events", r.ret,
	   (unsigned long long)r.size, (unsigned long long)r.events);
}

/* Many events of mixed sizes (small and type_len 0): pages fill, nothing is lost. */
static void test_fill(void)
{
	static uint64_t ta[3000], tb[3000];
	struct side a, b;
	struct result r = { 0 };
	unsigned int i, ia = 0, ib = 0, bad = 0;
	uint64_t prev = 0;

	for (i = 0; i < 3000; i++) {
		ta[i] = 1000 + i * 3;
		tb[i] = 1001 + i * 2;
	}
	a = make('a', ta, 3000, 0);
	b = make('b', tb, 3000, 200);	/* 200 bytes: type_len 0, the length in a word */
	merge(&a, &b, 7, &r);
	is_int(r.events, 6000, "fill: every event of 6000");
	is_int(r.out.n, 6000, "fill: every event decodes");
	for (i = 0; i < r.out.n; i++) {
		const struct ev *o = &r.out.ev[i];
		const struct ev *in = name(o)[0] == 'a' ? &a.ev[ia++] : &b.ev[ib++];

		bad += o->ts < prev || o->ts != in->ts || o->len != in->len ||
		       memcmp(o->data, in->data, o->len);
		prev = o->ts;
	}
	is_int(bad, 0, "fill: in time order, each side's events in its order, unchanged");
	ok(r.pages * PG_SIZE == r.size && r.size < (uint64_t)PG_SIZE * (6000 / 7),
	   "fill: output pages are filled, not one per source page (%u pages)", r.pages);
}

/* Source pages are trusted no more than they parse: a bad entry ends its page. */
static void test_bad_page(void)
{
	static const uint64_t ta[] = { 10, 20, 30, 40, 50 };
	struct side a = make('a', ta, 5, 0);
	uint64_t size, osize, oev;
	unsigned char page[PG_SIZE];
	int fd = build(&a, 3, &size), ofd = memfd("out");

	if (pread(fd, page, PG_SIZE, 0) != PG_SIZE)
		exit(2);
	pg_put32(page + PG_HDR + 24, 0);	/* a2's header: type_len 0, its length 0 */
	pg_put32(page + PG_HDR + 28, 0);
	if (pwrite(fd, page, PG_SIZE, 0) != PG_SIZE)
		exit(2);
	is_int(merge_cpu(fd, size, -1, 0, ofd, &osize, &oev), 0,
	       "bad page: merge_cpu() returns 0");
	is_int(oev, 4, "bad page: the events before the bad entry, none after it in its page, "
	       "then the next page's");
	close(fd);
	close(ofd);
}

/* A valid padding entry (a discarded event) is skipped, and its time delta kept. */
static void test_padding(void)
{
	unsigned char page[PG_SIZE];
	uint32_t used = 0;
	struct result r = { 0 };
	uint64_t size, osize, oev;
	int fd = memfd("pad"), ofd = memfd("out");
	unsigned char *map;

	used += pg_put_event(page + PG_HDR + used, 0, "a0\0aaaaa", 8);
	used += pg_put_padding(page + PG_HDR + used, 5, 16);
	used += pg_put_event(page + PG_HDR + used, 3, "a1\0aaaaa", 8);
	put_page(fd, page, 1000, used, 0);
	size = PG_SIZE;
	is_int(merge_cpu(fd, size, -1, 0, ofd, &osize, &oev), 0, "padding: merge_cpu() returns 0");
	is_int(oev, 2, "padding: the two events, not the padding");
	r.out.ev = calloc(MAX_EVENTS, sizeof(*r.out.ev));
	map = mmap(NULL, PG_SIZE, PROT_READ, MAP_PRIVATE, ofd, 0);
	if (map != MAP_FAILED) {
		walk_page(map, &r);
		munmap(map, PG_SIZE);
	}
	ok(r.out.n == 2 && r.out.ev[0].ts == 1000 && r.out.ev[1].ts == 1008,
	   "padding: the event after it is at 1000 + 5 + 3");
	free(r.out.ev);
	close(fd);
	close(ofd);
}

int main(void)
{
	test_order();
	test_ties();
	test_back();
	test_extends();
	test_lost();
	test_lost_room();
	test_empty();
	test_fill();
	test_bad_page();
	test_padding();
	return tap_done();
}
