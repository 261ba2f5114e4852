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

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* Advance to the next event; 0 at the end. Malformed pages end there. */
static int src_next(struct src *s)
{
	for (;;) {
		if (!s->page || s->off >= s->psize) {
			uint64_t commit;

			if (s->pos + RING_PAGE_SIZE > s->size)
				return 0;
			s->page = s->data + s->pos;
			s->pos += RING_PAGE_SIZE;
			memcpy(&s->ts, s->page, 8);
			memcpy(&commit, s->page + 8, 8);
			s->psize = (uint32_t)(commit & ((1u << 27) - 1));
			if (s->psize > RING_DATA_SIZE)
				s->psize = 0;
			s->off = 0;
			s->missed = !(commit & RB_MISSED_EVENTS) ? 0 :
				    (commit & RB_MISSED_STORED) && s->psize + 8 <= RING_DATA_SIZE ?
				    (long long)get32(s->page + RING_PAGE_HDR + s->psize) : -1;
			continue;
		}
		{
			const unsigned char *d = s->page + RING_PAGE_HDR;
			uint32_t h, type, delta, len;

			if (s->off + 4 > s->psize) {
				s->off = s->psize;
				continue;
			}
			h = get32(d + s->off);
			type = h & 0x1f;
			delta = h >> 5;
			switch (type) {
			case RB_TYPE_PADDING:
				if (s->off + 8 > s->psize) {
					s->off = s->psize;
					continue;
				}
				s->ts += delta;
				s->off += get32(d + s->off + 4) + 4;
				continue;
			case RB_TYPE_TIME_EXTEND:
				if (s->off + 8 > s->psize) {
					s->off = s->psize;
					continue;
				}
				s->ts += ((uint64_t)get32(d + s->off + 4) << RB_DELTA_BITS) + delta;
				s->off += 8;
				continue;
			case RB_TYPE_TIME_STAMP:
				if (s->off + 8 > s->psize) {
					s->off = s->psize;
					continue;
				}
				s->ts = ((uint64_t)get32(d + s->off + 4) << RB_DELTA_BITS) | delta;
				s->off += 8;
				continue;
			case 0:
				if (s->off + 8 > s->psize) {
					s->off = s->psize;
					continue;
				}
				len = (get32(d + s->off + 4) - 4 + 3) & ~3u;
				s->ev = d + s->off + 8;
				if (len > s->psize - s->off - 8 || len < 4) {
					s->off = s->psize;
					continue;
				}
				s->off += 8 + len;
				break;
			default:
				len = type * 4;
				s->ev = d + s->off + 4;
				if (len > s->psize - s->off - 4) {
					s->off = s->psize;
					continue;
				}
				s->off += 4 + len;
				break;
			}
			s->ts += delta;
			s->len = len;
			s->ev_ts = s->ts;
			s->ev_missed = s->missed;
			s->missed = 0;
			return 1;
		}
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
	uint64_t commit = o->used;

	if (!o->open)
		return;
	memset(o->page + RING_PAGE_HDR + o->used, 0, RING_DATA_SIZE - o->used);
	if (o->missed) {
		commit |= RB_MISSED_EVENTS;
		if (o->missed > 0 && o->used + 8 <= RING_DATA_SIZE) {
			uint64_t n = (uint64_t)o->missed;

			memcpy(o->page + RING_PAGE_HDR + o->used, &n, 8);
			commit |= RB_MISSED_STORED;
		}
	}
	memcpy(o->page + 8, &commit, 8);
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
	uint32_t need = len > RB_MAX_SMALL_DATA ? len + 8 : len + 4, ext = 0, delta = 0, h;

	if (o->open) {
		uint64_t d = ts > o->last_ts ? ts - o->last_ts : 0;

		ext = d >> RB_DELTA_BITS ? 8 : 0;
		delta = (uint32_t)d;
		if (d >> 32 || o->used + ext + need + (missed ? 8 : 0) > RING_DATA_SIZE)
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
		h = RB_TYPE_TIME_EXTEND | (delta & ((1u << RB_DELTA_BITS) - 1)) << 5;
		memcpy(o->page + RING_PAGE_HDR + o->used, &h, 4);
		h = delta >> RB_DELTA_BITS;
		memcpy(o->page + RING_PAGE_HDR + o->used + 4, &h, 4);
		o->used += 8;
		delta = 0;
	}
	if (len > RB_MAX_SMALL_DATA) {
		h = delta << 5;
		memcpy(o->page + RING_PAGE_HDR + o->used, &h, 4);
		h = len + 4;
		memcpy(o->page + RING_PAGE_HDR + o->used + 4, &h, 4);
		memcpy(o->page + RING_PAGE_HDR + o->used + 8, data, len);
	} else {
		h = len / 4 | delta << 5;
		memcpy(o->page + RING_PAGE_HDR + o->used, &h, 4);
		memcpy(o->page + RING_PAGE_HDR + o->used + 4, data, len);
	}
	o->used += need;
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
