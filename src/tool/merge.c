// SPDX-License-Identifier: MIT
/*
 * merge.c - one CPU's kernel pages and user pages, merged by time into new pages.
 *
 * trace.dat readers walk each CPU's pages in order and merge the CPUs by time, so a CPU's
 * events must be in time order: the two sources, each in order, are merged event by event
 * and written again as kernel-format pages (time deltas and extends recomputed, payloads
 * copied as they are). Both sources use the mono clock. A source page that says events were
 * lost before it passes the mark to the output page of its next event.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "merge.h"
#include "ring.h"

struct src {
	const unsigned char *data;
	uint64_t size, pos;		/* pos: the next page */
	const unsigned char *page;	/* current page */
	uint32_t off, psize;
	uint64_t ts;			/* running time in the page */
	long long missed;		/* the current page's mark, until an event takes it */
	/* the current event */
	const unsigned char *ev;
	uint32_t len;
	uint64_t ev_ts;
	long long ev_missed;
};

/* The next page of @s: 0 at the end. */
static int src_page(struct src *s)
{
	struct pg_info pi;

	if (s->pos + RING_PAGE_SIZE > s->size)
		return 0;
	s->page = s->data + s->pos;
	s->pos += RING_PAGE_SIZE;
	pg_info(s->page, &pi);
	s->ts = pi.base;
	s->psize = pi.size;
	s->off = 0;
	s->missed = !pi.missed ? 0 : pi.missed_count;
	return 1;
}

/* Advance to the next event; 0 at the end. A page ends where it stops parsing. */
static int src_next(struct src *s)
{
	struct pg_entry e;

	for (;;) {
		if (!s->page || s->off >= s->psize) {
			if (!src_page(s))
				return 0;
			continue;
		}
		if (pg_decode(s->page + RING_PAGE_HDR, s->psize, s->off, &e) <= 0) {
			s->off = s->psize;
			continue;
		}
		s->off += e.len;
		if (e.type == RB_TYPE_TIME_STAMP) {
			s->ts = e.delta;
			continue;
		}
		s->ts += e.delta;
		if (e.type > RB_MAX_TYPE_LEN)
			continue;		/* padding, time extend */
		s->ev = e.data;
		s->len = e.size;
		s->ev_ts = s->ts;
		s->ev_missed = s->missed;
		s->missed = 0;
		return 1;
	}
}

struct out {
	int fd;
	unsigned char page[RING_PAGE_SIZE];
	uint32_t used;
	uint64_t last_ts;
	long long missed;
	int open, failed;
	uint64_t bytes, events;
};

static void out_flush(struct out *o)
{
	uint64_t base;

	if (!o->open)
		return;
	memcpy(&base, o->page, 8);
	/* An unknown count (-1) is flagged, not stored: pg_finish() stores what it is given. */
	pg_finish(o->page, base, o->used, o->missed > 0 ? (uint64_t)o->missed : 0);
	if (o->missed < 0) {
		uint64_t commit = o->used | RB_MISSED_EVENTS;

		memcpy(o->page + 8, &commit, 8);
	}
	if (!o->failed && write(o->fd, o->page, RING_PAGE_SIZE) != RING_PAGE_SIZE)
		o->failed = 1;
	o->bytes += RING_PAGE_SIZE;
	o->open = 0;
	o->used = 0;
	o->missed = 0;
}

static void out_event(struct out *o, uint64_t ts, const unsigned char *data, uint32_t len,
		      long long missed)
{
	uint32_t need = pg_event_len(len), ext = 0;
	uint64_t delta = 0;

	if (o->open) {
		delta = ts > o->last_ts ? ts - o->last_ts : 0;
		ext = delta >> RB_DELTA_BITS ? 8 : 0;
		/* The page's mark, this event's or an earlier one's, needs room for its count. */
		if (delta >> 32 || o->used + ext + need + (missed || o->missed ? 8 : 0) > RING_DATA_SIZE)
			out_flush(o);
	}
	if (!o->open) {
		memcpy(o->page, &ts, 8);
		o->open = 1;
		o->used = 0;
		ext = 0;
		delta = 0;
	} else if (ts < o->last_ts) {
		ts = o->last_ts;
	}
	if (missed)
		o->missed = missed < 0 || o->missed < 0 ? -1 : o->missed + missed;
	if (ext) {
		o->used += pg_put_extend(o->page + RING_PAGE_HDR + o->used, delta);
		delta = 0;
	}
	o->used += pg_put_event(o->page + RING_PAGE_HDR + o->used, (uint32_t)delta, data, len);
	o->last_ts = ts;
	o->events++;
}

static const unsigned char *map_fd(int fd, uint64_t size)
{
	void *p;

	if (!size)
		return NULL;
	p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

int merge_cpu(int afd, uint64_t asize, int bfd, uint64_t bsize, int outfd, uint64_t *out_size,
	      uint64_t *out_events)
{
	struct src a = { 0 }, b = { 0 };
	struct out *o = calloc(1, sizeof(*o));
	int ha, hb, ret = 0;

	if (!o)
		return -ENOMEM;
	o->fd = outfd;
	a.data = map_fd(afd, asize);
	a.size = a.data ? asize : 0;
	b.data = map_fd(bfd, bsize);
	b.size = b.data ? bsize : 0;
	ha = src_next(&a);
	hb = src_next(&b);
	while (ha || hb) {
		struct src *s = !hb || (ha && a.ev_ts <= b.ev_ts) ? &a : &b;

		out_event(o, s->ev_ts, s->ev, s->len, s->ev_missed);
		if (s == &a)
			ha = src_next(&a);
		else
			hb = src_next(&b);
	}
	out_flush(o);
	if (o->failed)
		ret = -EIO;
	*out_size = o->bytes;
	*out_events = o->events;
	if (a.data)
		munmap((void *)a.data, asize);
	if (b.data)
		munmap((void *)b.data, bsize);
	free(o);
	return ret;
}
