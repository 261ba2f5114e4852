// SPDX-License-Identifier: MIT
/*
 * ctf.c - a trace.dat file as a CTF 1.8 trace (ctf.h): the data streams, packet by packet,
 * then the metadata of the event classes that have events (ctfmeta.c).
 *
 * An event is its header (id, time) and its fields in the order of its format: numbers and
 * static arrays as the file has their bytes (the trace's byte order is the file's), strings
 * up to their NUL, dynamic arrays as their count and their elements.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <traceevent/event-parse.h>

#include "ctf.h"
#include "ctfmeta.h"
#include "fields.h"
#include "tool.h"
#include "walk.h"

/* A packet is closed once this many bytes are in it: about 64 pages of events. */
#define CTF_PACKET_MAX		(256 * 1024)
/* Event ids are common_type's, a u16. */
#define CTF_IDS			65536

struct ctf_stream {
	FILE *fp;			/* NULL until its first event */
	char name[64];
	uint32_t cpu;
	unsigned char *buf;		/* the packet: CTF_PACKET_HEAD bytes, its events */
	size_t len, cap;
	unsigned int events;		/* in the packet */
	uint64_t ts_begin, ts_end;	/* of its first and last events */
	uint64_t discarded;		/* events lost in the stream so far */
};

struct ctf {
	struct walk *w;
	const char *dir;
	struct ctf_head head;
	struct ctf_class **cls;		/* by event id, those with events */
	struct ctf_stream *st;		/* as w->ss.s */
	unsigned long long unknown, misfit;
};

/* ---------------------------------------------------------------------------------------- */
/* Packets */

static int buf_room(struct ctf_stream *cs, size_t n)
{
	size_t cap = cs->cap ? cs->cap : CTF_PACKET_MAX + 4096;
	unsigned char *nb;

	if (cs->len + n <= cs->cap)
		return 0;
	while (cap < cs->len + n)
		cap *= 2;
	nb = realloc(cs->buf, cap);
	if (!nb)
		return -1;
	cs->buf = nb;
	cs->cap = cap;
	return 0;
}

/* @v as @bytes bytes in the trace's byte order, at @p. */
static void put_num(const struct ctf *c, unsigned char *p, uint64_t v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		p[c->head.big_endian ? bytes - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

/* The packet's header and context, as ctf_meta_head() declares them, and the packet out. */
static int packet_flush(struct ctf *c, struct ctf_stream *cs)
{
	unsigned char *p = cs->buf;
	uint64_t bits = (uint64_t)cs->len * 8;

	put_num(c, p, CTF_MAGIC, 4);
	memcpy(p + 4, c->head.uuid, 16);
	put_num(c, p + 20, 0, 4);			/* stream_id */
	put_num(c, p + 24, cs->ts_begin, 8);
	put_num(c, p + 32, cs->ts_end, 8);
	put_num(c, p + 40, bits, 8);			/* content_size */
	put_num(c, p + 48, bits, 8);			/* packet_size: no padding */
	put_num(c, p + 56, cs->discarded, 8);
	put_num(c, p + 64, cs->cpu, 4);
	if (fwrite(cs->buf, 1, cs->len, cs->fp) != cs->len)
		return tool_error(c->w->cmd, "%s/%s: %s", c->dir, cs->name, strerror(errno));
	cs->len = 0;
	cs->events = 0;
	return 0;
}

/* The file of the stream of @w's current event: "stream_CPU", or "stream_B_CPU". */
static int stream_open(struct ctf *c, struct ctf_stream *cs)
{
	const struct dat_file *f = &c->w->f;
	const struct dat_cpu *dc = c->w->cur->dc;
	char path[4200];
	unsigned int b = 0;

	while (b + 1 < f->nr_buffers &&
	       !(dc >= f->buffers[b].cpus && dc < f->buffers[b].cpus + f->buffers[b].nr_cpus))
		b++;
	cs->cpu = dc->cpu;
	if (b)
		snprintf(cs->name, sizeof(cs->name), "stream_%u_%u", b, dc->cpu);
	else
		snprintf(cs->name, sizeof(cs->name), "stream_%u", dc->cpu);
	snprintf(path, sizeof(path), "%s/%s", c->dir, cs->name);
	cs->fp = fopen(path, "wxe");
	if (!cs->fp)
		return tool_error(c->w->cmd, "%s: %s", path, strerror(errno));
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Events */

/*
 * Field @cf of @rec at the end of the packet: 0; 1 when the event does not hold it (its
 * bytes past the event's end); -1 when out of memory.
 */
static int put_field(struct ctf *c, struct ctf_stream *cs, const struct ctf_field *cf,
		     const struct tep_record *rec)
{
	const unsigned char *d = rec->data;
	unsigned int off, len;

	if (field_span(c->w->tep, cf->f, rec, &off, &len))
		return 1;
	if (cf->kind == CTF_STRING)
		len = (unsigned int)strnlen((const char *)d + off, len);
	else if (cf->kind == CTF_SEQ)
		len -= len % cf->es;
	if (buf_room(cs, (size_t)len + 4))
		return -1;
	if (cf->kind == CTF_SEQ) {
		put_num(c, cs->buf + cs->len, len / cf->es, 4);
		cs->len += 4;
	}
	memcpy(cs->buf + cs->len, d + off, len);
	cs->len += len;
	if (cf->kind == CTF_STRING)
		cs->buf[cs->len++] = '\0';
	return 0;
}

/* @ev's event class, made at its first event: NULL when out of memory (said). */
static const struct ctf_class *class_of(struct ctf *c, const struct tep_event *ev)
{
	struct ctf_class *cl = c->cls[ev->id];

	if (cl)
		return cl;
	cl = malloc(sizeof(*cl));
	if (!cl || ctf_class_init(cl, ev)) {
		if (cl)
			ctf_class_free(cl);
		free(cl);
		tool_error(c->w->cmd, "out of memory");
		return NULL;
	}
	c->cls[ev->id] = cl;
	return cl;
}

/* The packet @cs is to take the next event in: a new one after a loss, or when full. */
static int packet_ready(struct ctf *c, struct ctf_stream *cs, const struct tep_record *rec)
{
	/* A loss starts a packet: readers place it between this packet's end and the last's. */
	if (cs->events && (cs->len >= CTF_PACKET_MAX || rec->missed_events) &&
	    packet_flush(c, cs))
		return -1;
	if (rec->missed_events > 0)	/* < 0: some, how many the page does not say */
		cs->discarded += (uint64_t)rec->missed_events;
	if (!cs->len) {
		if (buf_room(cs, CTF_PACKET_HEAD))
			return tool_error(c->w->cmd, "out of memory");
		cs->len = CTF_PACKET_HEAD;
		cs->ts_begin = cs->ts_end = rec->ts;	/* (the event may not fit its format) */
	}
	return 0;
}

static int ctf_event(struct ctf *c, const struct tep_record *rec, const struct tep_event *ev)
{
	struct ctf_stream *cs = &c->st[c->w->cur - c->w->ss.s];
	const struct ctf_class *cl;
	size_t start;
	unsigned int i;
	int ret = 0;

	if (!ev || ev->id < 0 || ev->id >= CTF_IDS) {
		c->unknown++;
		return 0;
	}
	cl = class_of(c, ev);
	if (!cl || (!cs->fp && stream_open(c, cs)) || packet_ready(c, cs, rec))
		return -1;
	start = cs->len;
	if (buf_room(cs, 12))
		return tool_error(c->w->cmd, "out of memory");
	put_num(c, cs->buf + cs->len, (uint64_t)ev->id, 4);
	put_num(c, cs->buf + cs->len + 4, rec->ts, 8);
	cs->len += 12;
	for (i = 0; i < cl->nr && !ret; i++)
		ret = put_field(c, cs, &cl->fields[i], rec);
	if (ret < 0)
		return tool_error(c->w->cmd, "out of memory");
	if (ret > 0) {		/* the format says more than the event holds: left out */
		cs->len = start;
		c->misfit++;
		return 0;
	}
	cs->ts_end = rec->ts;
	cs->events++;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* The trace */

/*
 * Each stream's last packet; then, where the CPU's stats count more losses than its pages
 * placed (the two count the same losses), an empty packet at the stream's end with the
 * stats' count, so that readers report them: in a stream's first packet, babeltrace2 would
 * say only that events "may have" been lost. (A CPU without events has no stream: its
 * losses have no packet to be counted in.)
 */
static int streams_finish(struct ctf *c)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < c->w->ss.nr; i++) {
		struct ctf_stream *cs = &c->st[i];

		if (!cs->fp)
			continue;
		if (cs->len && packet_flush(c, cs))
			ret = -1;
		if (!ret && c->w->ss.s[i].dc->lost > cs->discarded) {
			cs->discarded = c->w->ss.s[i].dc->lost;
			cs->len = CTF_PACKET_HEAD;	/* the stream had events: buf has room */
			cs->ts_begin = cs->ts_end;
			ret = packet_flush(c, cs);
		}
		if (fclose(cs->fp) != 0 && !ret)
			ret = tool_error(c->w->cmd, "%s/%s: %s", c->dir, cs->name, strerror(errno));
		cs->fp = NULL;
	}
	return ret;
}

/* The metadata file: the trace, then the event classes by id. */
static int metadata_write(struct ctf *c)
{
	struct trace_seq q;
	char path[4200];
	FILE *fp = NULL;
	unsigned int id;
	int ret = 0;

	trace_seq_init(&q);
	ctf_meta_head(&q, &c->head);
	for (id = 0; id < CTF_IDS; id++)
		if (c->cls[id])
			ctf_meta_event(&q, c->cls[id]);
	snprintf(path, sizeof(path), "%s/metadata", c->dir);
	if (q.state != TRACE_SEQ__GOOD)
		ret = tool_error(c->w->cmd, "out of memory");
	else if (!(fp = fopen(path, "wxe")))
		ret = tool_error(c->w->cmd, "%s: %s", path, strerror(errno));
	else if (fwrite(q.buffer, 1, q.len, fp) != q.len || fflush(fp) != 0)
		ret = tool_error(c->w->cmd, "%s: %s", path, strerror(errno));
	if (fp && fclose(fp) != 0 && !ret)
		ret = tool_error(c->w->cmd, "%s: %s", path, strerror(errno));
	trace_seq_destroy(&q);
	return ret;
}

static int ctf_init(struct ctf *c, struct walk *w, const char *dir)
{
	const struct dat_file *f = &w->f;

	memset(c, 0, sizeof(*c));
	c->w = w;
	c->dir = dir;
	c->head.big_endian = tep_is_file_bigendian(w->tep);
	c->head.clock = f->clock && *f->clock ? f->clock : "local";
	/* tpoint's TSC times are calibrated against CLOCK_MONOTONIC (clock.h). */
	c->head.clock_monotonic = !strcmp(c->head.clock, "mono") ||
		(f->tsc_mult && f->creator && strstr(f->creator, "CLOCK_MONOTONIC"));
	c->head.uname = f->uname;
	if (getrandom(c->head.uuid, sizeof(c->head.uuid), 0) != sizeof(c->head.uuid))
		return tool_error(w->cmd, "no random UUID for the trace: %s", strerror(errno));
	c->head.uuid[6] = (unsigned char)((c->head.uuid[6] & 0x0f) | 0x40);	/* version 4 */
	c->head.uuid[8] = (unsigned char)((c->head.uuid[8] & 0x3f) | 0x80);	/* RFC 4122 */
	c->cls = calloc(CTF_IDS, sizeof(*c->cls));
	c->st = calloc(w->ss.nr ? w->ss.nr : 1, sizeof(*c->st));
	if (!c->cls || !c->st)
		return tool_error(w->cmd, "out of memory");
	return 0;
}

static void ctf_free(struct ctf *c)
{
	unsigned int i;

	for (i = 0; c->st && i < c->w->ss.nr; i++) {
		if (c->st[i].fp)
			fclose(c->st[i].fp);
		free(c->st[i].buf);
	}
	for (i = 0; c->cls && i < CTF_IDS; i++) {
		if (c->cls[i])
			ctf_class_free(c->cls[i]);
		free(c->cls[i]);
	}
	free(c->cls);
	free(c->st);
}

int ctf_write(struct walk *w, const char *dir)
{
	struct tep_record rec;
	struct tep_event *ev;
	struct ctf c;
	int ret;

	ret = ctf_init(&c, w, dir);
	while (!ret && (ret = walk_next(w, &rec, &ev)) > 0)
		ret = ctf_event(&c, &rec, ev);
	if (!ret)
		ret = streams_finish(&c);
	if (!ret)
		ret = metadata_write(&c);
	if (!ret && c.unknown)
		tool_warn(w->cmd, "%s: %llu events of no known format left out", w->path,
			  c.unknown);
	if (!ret && c.misfit)
		tool_warn(w->cmd, "%s: %llu events shorter than their format left out", w->path,
			  c.misfit);
	ctf_free(&c);
	return ret;
}
