// SPDX-License-Identifier: MIT
/*
 * stream.c - per-CPU event streams over a trace.dat file's pages. A page is copied (padded
 * with zeroes, so that kbuffer never reads past it), its commit word bounded by the page,
 * and each event's header and size checked to lie inside the page's data before the event
 * is handed out: a corrupted file is an error, not a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>
#include <traceevent/kbuffer.h>

#include "dat/dat.h"
#include "page.h"
#include "stream.h"

#define PAD	16		/* zeroes after the page copy: kbuffer peeks past an event */

static int corrupt(struct streams *ss, const struct stream *s, const char *what)
{
	snprintf(ss->err, sizeof(ss->err), "CPU %u, page at offset %llu: %s", s->dc->cpu,
		 (unsigned long long)(s->pos - s->page_size), what);
	return -1;
}

/* Load the next page that has events; 0 at the end, -1 when it is corrupted. */
static int stream_page(struct streams *ss, struct stream *s)
{
	unsigned int hdr = 8u + (unsigned int)ss->f->long_size;	/* timestamp, commit */
	uint64_t commit, left;
	unsigned long long ts;

	while (s->pos < s->dc->size) {
		left = s->dc->size - s->pos;
		memset(s->page, 0, s->page_size + PAD);
		memcpy(s->page, s->dc->data + s->pos, left < s->page_size ? left : s->page_size);
		s->pos += s->page_size;
		memcpy(&commit, s->page + 8, 8);
		if (ss->f->long_size == 4)
			commit &= 0xffffffffu;
		s->data_size = (uint32_t)(commit & RB_COMMIT_MASK);
		if (s->data_size > s->page_size - hdr)
			return corrupt(ss, s, "its size exceeds the page");
		if (!s->data_size && !(commit & RB_MISSED_EVENTS))
			continue;
		kbuffer_load_subbuffer(s->kb, s->page);
		s->missed = kbuffer_missed_events(s->kb);
		s->first = 1;
		s->last_off = -1;
		s->ev = kbuffer_read_event(s->kb, &ts);
		if (!s->ev)
			continue;
		s->ts = ts;
		return 1;
	}
	return 0;
}

/* Check the current event; advance to a page when this one is done. 1, 0 at the end, -1. */
static int stream_check(struct streams *ss, struct stream *s)
{
	int off, size;

	for (;;) {
		if (s->ev) {
			size_t end = (size_t)s->data_size + 8 + (size_t)ss->f->long_size;

			off = kbuffer_curr_offset(s->kb);
			size = kbuffer_event_size(s->kb);
			if (off <= s->last_off)
				return corrupt(ss, s, "an event header goes backwards");
			if (size < 0 || (unsigned char *)s->ev < s->page ||
			    (size_t)((unsigned char *)s->ev - s->page) + (size_t)size > end)
				return corrupt(ss, s, "an event runs past the page's data");
			s->last_off = off;
			s->size = size;
			return 1;
		}
		switch (stream_page(ss, s)) {
		case 0:
			return 0;
		case -1:
			return -1;
		}
	}
}

int stream_next(struct streams *ss, struct stream *s)
{
	s->first = 0;
	s->ev = kbuffer_next_event(s->kb, &s->ts);
	return stream_check(ss, s);
}

int streams_open(struct streams *ss, const struct dat_file *f)
{
	unsigned int i, j, n = 0, total = 0;

	memset(ss, 0, sizeof(*ss));
	ss->f = f;
	for (i = 0; i < f->nr_buffers; i++)
		total += f->buffers[i].nr_cpus;
	ss->s = calloc(total ? total : 1, sizeof(*ss->s));
	if (!ss->s)
		return snprintf(ss->err, sizeof(ss->err), "out of memory"), -1;
	for (i = 0; i < f->nr_buffers; i++) {
		for (j = 0; j < f->buffers[i].nr_cpus; j++) {
			struct stream *s = &ss->s[n++];

			s->dc = &f->buffers[i].cpus[j];
			s->page_size = f->page_size;
			s->kb = kbuffer_alloc(f->long_size == 8 ? KBUFFER_LSIZE_8 : KBUFFER_LSIZE_4,
					      KBUFFER_ENDIAN_LITTLE);
			s->page = calloc(1, s->page_size + PAD);
			ss->nr = n;
			if (!s->kb || !s->page)
				return snprintf(ss->err, sizeof(ss->err), "out of memory"), -1;
		}
	}
	return 0;
}

void streams_close(struct streams *ss)
{
	unsigned int i;

	for (i = 0; i < ss->nr; i++) {
		if (ss->s[i].kb)
			kbuffer_free(ss->s[i].kb);
		free(ss->s[i].page);
	}
	free(ss->s);
	ss->s = NULL;
	ss->nr = 0;
}

int stream_rewind(struct streams *ss, struct stream *s)
{
	s->pos = 0;
	s->ev = NULL;
	return stream_check(ss, s);
}

int streams_rewind(struct streams *ss)
{
	unsigned int i;

	for (i = 0; i < ss->nr; i++)
		if (stream_rewind(ss, &ss->s[i]) < 0)
			return -1;
	return 0;
}

struct stream *streams_min(struct streams *ss)
{
	struct stream *best = NULL;
	unsigned int i;

	for (i = 0; i < ss->nr; i++) {
		struct stream *s = &ss->s[i];

		if (s->ev && (!best || s->ts < best->ts ||
			      (s->ts == best->ts && s->dc->cpu < best->dc->cpu)))
			best = s;
	}
	return best;
}

void stream_record(const struct streams *ss, const struct stream *s, struct tep_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->data = s->ev;
	rec->size = s->size;
	rec->cpu = (int)s->dc->cpu;
	rec->ts = dat_ts(ss->f, s->ts);
	rec->missed_events = s->first ? s->missed : 0;
}
