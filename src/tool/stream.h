/* SPDX-License-Identifier: MIT */
/*
 * stream.h - a trace.dat file's events in time order: one stream per CPU of each buffer,
 * its pages read with libtraceevent's kbuffer (as trace-cmd reads them), every page and
 * every event checked against the page it is in before anything else sees it.
 */
#ifndef TPOINT_STREAM_H
#define TPOINT_STREAM_H

#include <stdint.h>

struct dat_cpu;
struct dat_file;
struct kbuffer;

struct stream {
	const struct dat_cpu *dc;
	struct kbuffer *kb;
	unsigned char *page;		/* a private, zero-padded copy of the current page */
	uint64_t pos;			/* of the next page in dc->data */
	uint32_t page_size, data_size;
	void *ev;			/* the current event, NULL at the end */
	unsigned long long ts;		/* its time, as the file has it (dat_ts() converts) */
	int size, last_off;
	long long missed;		/* events lost before the page (first event only) */
	int first;			/* the current event is its page's first */
};

struct streams {
	const struct dat_file *f;
	struct stream *s;
	unsigned int nr;
	char err[512];			/* why a page was refused */
};

/* A stream for each CPU of each of @f's buffers. 0, or -1 (out of memory, in ss->err). */
int streams_open(struct streams *ss, const struct dat_file *f);
void streams_close(struct streams *ss);
/* @s at its first event: 1, 0 when it has none, -1 when a page is corrupted (ss->err). */
int stream_rewind(struct streams *ss, struct stream *s);
/* Every stream at its first event: 0, or -1 when a page is corrupted (ss->err). */
int streams_rewind(struct streams *ss);
/* The stream whose event comes first (ties: the lower CPU), or NULL at the end. */
struct stream *streams_min(struct streams *ss);
/* @s's next event: 1, 0 at the end of @s, -1 when a page is corrupted (ss->err). */
int stream_next(struct streams *ss, struct stream *s);

struct tep_record;
/*
 * @s's current event as libtraceevent takes it: data, size, CPU, time in ns (@ss->f's
 * clock options applied), the events lost before it on its page's first event.
 */
void stream_record(const struct streams *ss, const struct stream *s, struct tep_record *rec);

#endif /* TPOINT_STREAM_H */
