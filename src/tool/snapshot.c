// SPDX-License-Identifier: MIT
/*
 * snapshot.c - the flight recorder on demand: FILE.N written while the recording goes on,
 * on SIGUSR1 or when a --snapshot-on event fires (snapshot.h says what one holds).
 *
 *   recorder loop turn:  drain (or, overwrite: scan the ring's new pages for triggers)
 *                        drain the kernel (its pages scanned for triggers)
 *                        SIGUSR1 or a trigger fired?  ->  snap_write():
 *   FILE.N.part/cpuK  <- the ring's pages copied in place (overwrite), or the newest
 *                        ring-full of OUT.part/cpuK
 *   FILE.N.part/kcpuK <- the newest ring-full of OUT.part/kcpuK
 *   FILE.N.part/head.dat <- the recording's head, with the snapshot's counts
 *   FILE.N            <- assembled (merged by time), written to a temporary name, renamed
 *
 * Nothing here changes what the recording's own reader will read: the ring's pages are
 * copied without a word changed (ring_snap_page()), and OUT.part/ is only read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <traceevent/event-parse.h>

#include "filter.h"
#include "kernel.h"
#include "page.h"
#include "ring.h"
#include "snapshot.h"
#include "tool.h"

#define SNAP_STAGE		64	/* pages per write(2) */
#define SNAP_BUSY_TRIES		20	/* looks at a page a writer is in, 100 us apart */

int snap_init(struct snap *s, const char *out, const struct rules *on, uint32_t nr_cpus,
	      uint32_t nr_pages)
{
	memset(s, 0, sizeof(*s));
	s->out = out;
	s->on = on && on->nr ? on : NULL;
	s->nr_cpus = nr_cpus;
	s->nr_pages = nr_pages;
	/* The scan starts where the ring does: page 0 (ring_init()). */
	s->pos = calloc(nr_cpus, sizeof(*s->pos));
	s->known = calloc(RING_MAX_ID / 8 + 1, 1);
	return s->pos && s->known ? 0 : -1;
}

void snap_fini(struct snap *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_trig; i++) {
		tp_filter_free(s->trig[i].filter);
		free(s->trig[i].name);
	}
	free(s->trig);
	free(s->pos);
	free(s->known);
	memset(s, 0, sizeof(*s));
}

int snap_check(const struct rules *on, const char *prog)
{
	struct kern scratch;
	int ret;

	if (!on || !on->nr)
		return 0;
	/* Checked as -e is, in a kernel list of its own: no -f of a trigger filters recording. */
	memset(&scratch, 0, sizeof(scratch));
	ret = rules_check(on, "record", prog, &scratch);
	kern_close(&scratch);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* Which events trigger */

/* @ev is a trigger by @rule: added with its -f compiled (one that does not compile for it,
 * but did for another event the rule names, does not make it one, as with -e). @user: the
 * program's event (its ring is scanned for it), not the kernel's. */
static void snap_add(struct snap *s, const struct tep_event *ev, const struct tool_rule *rule,
		     int user)
{
	struct snap_trigger *nt, t = { (uint32_t)ev->id, NULL, NULL };
	char err[1024];

	if (rule->filter && !(t.filter = rules_compile(ev, rule->filter, err, sizeof(err))))
		return;
	nt = realloc(s->trig, (s->nr_trig + 1) * sizeof(*nt));
	if (!nt || asprintf(&t.name, "%s:%s", ev->system, ev->name) < 0) {
		if (nt)
			s->trig = nt;
		tp_filter_free(t.filter);
		tool_warn("record", "out of memory: %s:%s does not trigger snapshots", ev->system,
			  ev->name);
		return;
	}
	s->trig = nt;
	s->trig[s->nr_trig++] = t;
	s->user_trig += user;		/* the program's: its ring is scanned */
}

/* An event's format (@user: the program's), seen for the first time: a trigger if a
 * --snapshot-on names it. */
static void snap_consider(struct snap *s, const char *system, const char *format, int user)
{
	struct tep_handle *tep = tep_alloc();
	struct tep_event *ev = NULL;
	unsigned int i;

	if (tep && !tep_parse_format(tep, &ev, format, strlen(format), system) && ev &&
	    ev->id >= 0 && ev->id <= (int)RING_MAX_ID &&
	    !(s->known[ev->id / 8] & (1u << ev->id % 8))) {
		s->known[ev->id / 8] |= (unsigned char)(1u << ev->id % 8);
		/* Every rule that names it: a firing that passes any of them triggers. */
		for (i = 0; i < s->on->nr; i++)
			if (rules_match_side(s->on->v[i].pattern, ev->system, ev->name, user))
				snap_add(s, ev, &s->on->v[i], user);
	}
	if (tep)
		tep_free(tep);
}

void snap_kernel(struct snap *s, const struct kern *k)
{
	unsigned int i;

	for (i = 0; s->on && i < k->nr; i++)
		snap_consider(s, k->events[i].system, k->events[i].format, 0);
}

/* The program's formats registered since the last look. */
static void snap_formats(struct snap *s, const struct snap_src *src)
{
	struct rec_head *h = src->head;

	if (rech_collect(h, src->rd, 0) > 0)
		*src->head_dirty = 1;
	for (; s->formats_seen < h->nr_formats; s->formats_seen++)
		snap_consider(s, h->formats[s->formats_seen].system,
			      h->formats[s->formats_seen].text.data, 1);
}

/* ---------------------------------------------------------------------------------------- */
/* Scanning for triggers */

/*
 * The trigger whose firing is the event of @data (@size bytes), or NULL. *@unknown is set
 * when its id's format has not been looked at yet.
 */
static const struct snap_trigger *snap_fired(const struct snap *s, const unsigned char *data,
					     uint32_t size, int *unknown)
{
	uint16_t id;
	unsigned int i;

	if (size < sizeof(id))
		return NULL;
	memcpy(&id, data, sizeof(id));		/* common_type */
	if (!(s->known[id / 8] & (1u << id % 8))) {
		*unknown = 1;
		return NULL;
	}
	for (i = 0; i < s->nr_trig; i++)
		if (s->trig[i].id == id &&
		    (!s->trig[i].filter || tp_filter_match(s->trig[i].filter, data, size)))
			return &s->trig[i];
	return NULL;
}

/*
 * The entries of @data (@size bytes) from @off: the first trigger that fires, or NULL.
 * With @src (the program's pages), an event of a format not looked at yet makes the
 * formats collected once (it was registered before it fired), and looked at again.
 */
static const struct snap_trigger *snap_match(struct snap *s, const struct snap_src *src,
					     const unsigned char *data, uint32_t off,
					     uint32_t size)
{
	const struct snap_trigger *t;
	struct pg_entry e;
	int unknown;

	for (; pg_decode(data, size, off, &e) > 0; off += e.len) {
		if (e.type > RB_MAX_TYPE_LEN)
			continue;	/* padding, time */
		unknown = 0;
		t = snap_fired(s, e.data, e.size, &unknown);
		if (unknown && src) {
			snap_formats(s, src);
			src = NULL;	/* once a page */
			t = snap_fired(s, e.data, e.size, &unknown);
		}
		if (t)
			return t;
	}
	return NULL;
}

static void snap_ask(struct snap *s, const struct snap_trigger *t, int user, uint32_t cpu,
		     uint32_t seq)
{
	if (s->cause)
		return;		/* the snapshot asked for covers it */
	s->cause = t->name;
	s->trig_user = user;
	s->trig_cpu = cpu;
	s->trig_seq = seq;
}

void snap_scan_page(struct snap *s, const unsigned char *page)
{
	const struct snap_trigger *t;
	struct pg_info pi;

	if (!s->nr_trig)
		return;
	pg_info(page, &pi);
	t = snap_match(s, NULL, page + PG_HDR, 0, pi.size);
	if (t)
		snap_ask(s, t, 0, 0, 0);
}

/*
 * @cpu's pages since the last scan, the open one as far as it is committed (the next scan
 * goes on from there). A page a writer is in stops the scan until the next turn; pages
 * overwritten before they were scanned are skipped (their triggers are gone with them).
 */
static void snap_scan_cpu(struct snap *s, const struct snap_src *src, uint32_t cpu,
			  unsigned char *page)
{
	const struct snap_trigger *t;
	struct snap_pos *p = &s->pos[cpu];
	uint32_t first, last, i;
	struct ring_read r;
	uint64_t flagged = 0;
	int ret;

	sr_snap_range(src->rd, cpu, &first, &last);
	/* Lapped since the last scan, or a head the program moved back: from the oldest. */
	if (ring_seq_diff(p->seq, first) < 0 || ring_seq_diff(p->seq, last) > 0)
		*p = (struct snap_pos){ first, 0 };
	for (i = 0; i <= s->nr_pages; i++) {
		ret = sr_snap_page(src->rd, cpu, p->seq, page, &flagged, &r);
		if (ret == 0)
			return;
		t = ret > 0 ? snap_match(s, src, page + PG_HDR, p->off, r.size) : NULL;
		if (t)
			snap_ask(s, t, 1, cpu, p->seq);
		if (ret > 0 && r.open) {
			p->off = r.size;
			return;
		}
		*p = (struct snap_pos){ (p->seq + 1) & RING_SEQ_MASK, 0 };
	}
}

void snap_scan_ring(struct snap *s, const struct snap_src *src)
{
	static unsigned char page[RING_PAGE_SIZE];
	uint32_t cpu;

	if (!s->on)
		return;
	snap_formats(s, src);
	for (cpu = 0; s->user_trig && cpu < s->nr_cpus; cpu++)
		snap_scan_cpu(s, src, cpu, page);
}

int snap_pending(const struct snap *s)
{
	return s->cause != NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Writing one */

static int snap_put(int fd, const unsigned char *buf, size_t n)
{
	ssize_t w;

	for (; n; buf += w, n -= (size_t)w) {
		w = write(fd, buf, n);
		if (w <= 0)
			return w < 0 ? -1 : (errno = ENOSPC, -1);
	}
	return 0;
}

/* The newest @max pages of a part (@size bytes at @in) to @out, their events in *@events. */
static int snap_tail(int in, uint64_t size, uint32_t max, int out, uint64_t *events)
{
	static unsigned char buf[SNAP_STAGE * PG_SIZE];
	uint64_t off = size > (uint64_t)max * PG_SIZE ? size - (uint64_t)max * PG_SIZE : 0;
	ssize_t n;
	size_t i;

	for (; off < size; off += (uint64_t)n) {
		n = pread(in, buf, size - off < sizeof(buf) ? size - off : sizeof(buf), (off_t)off);
		if (n <= 0 || (n % PG_SIZE) || snap_put(out, buf, (size_t)n))
			return n == 0 ? (errno = EIO, -1) : -1;
		for (i = 0; i < (size_t)n; i += PG_SIZE)
			*events += pg_events(buf + i);
	}
	return 0;
}

/* sr_snap_page(), looking again a few times at a page a writer is in (preempted mid-event). */
static int snap_page(struct sr *rd, uint32_t cpu, uint32_t seq, unsigned char *page,
		     uint64_t *flagged, struct ring_read *t)
{
	struct timespec nap = { 0, 100 * 1000 };
	unsigned int tries;
	int ret;

	for (tries = 0;; tries++) {
		ret = sr_snap_page(rd, cpu, seq, page, flagged, t);
		if (ret || !t->busy || tries == SNAP_BUSY_TRIES)
			return ret;
		nanosleep(&nap, NULL);
	}
}

/*
 * The ring of @cpu, oldest page first, copied where it is, to @out: its events in
 * *@events, and *@trig set when the page of the trigger that asked for it is among them.
 * Overwrite mode: all of it, its first page flagging the losses before it. Else what is
 * not drained yet: the open page (pages drained are skipped: the writers have them), its
 * losses counted from the reader's.
 */
static int snap_ring(struct snap *s, const struct snap_src *src, uint32_t cpu, int out,
		     uint64_t *events, int *trig)
{
	static unsigned char stage[SNAP_STAGE * PG_SIZE];
	/* The reader's own memory: the losses the pages drained so far flagged. */
	uint64_t flagged = src->overwrite ? 0 : src->rd->ring->rd[cpu].read_lost;
	uint32_t seq, last, i, n = 0;
	struct sr *rd = src->rd;
	struct ring_read t;

	sr_snap_range(rd, cpu, &seq, &last);
	for (i = 0; i < s->nr_pages; i++, seq = (seq + 1) & RING_SEQ_MASK) {
		if (snap_page(rd, cpu, seq, stage + (size_t)n * PG_SIZE, &flagged, &t) <= 0)
			continue;	/* overwritten meanwhile, or not begun: the ring's lap */
		if (s->trig_user && s->trig_cpu == cpu && s->trig_seq == seq)
			*trig = 1;
		if (!t.size && !t.missed)
			continue;
		*events += t.events;
		if (++n == SNAP_STAGE) {
			if (snap_put(out, stage, (size_t)n * PG_SIZE))
				return -1;
			n = 0;
		}
	}
	return snap_put(out, stage, (size_t)n * PG_SIZE);
}

/* Each CPU's pages into @p (FILE.N.part/), their events in @cpus. 0, or -1 (errno). */
static int snap_parts(struct snap *s, const struct snap_src *src, struct spill *p,
		      struct dat_writer_cpu *cpus, int *trig)
{
	const struct spill *o = src->spill;
	uint32_t cpu;

	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		uint64_t *ev = &cpus[cpu].entries;

		if (!src->overwrite &&
		    snap_tail(o->ufd[cpu], src->usize[cpu], s->nr_pages, p->ufd[cpu], ev))
			return -1;
		if (snap_ring(s, src, cpu, p->ufd[cpu], ev, trig))
			return -1;
		if (src->kernel &&
		    snap_tail(o->kfd[cpu], src->ksize[cpu], s->nr_pages, p->kfd[cpu], ev))
			return -1;
	}
	return 0;
}

/*
 * FILE.N made of its parts, with @w's head and the parts' counts: 0, or -1 with @err (and
 * FILE.N.part/ removed if it was made here; one that was there already is not ours).
 */
static int snap_file(struct snap *s, const struct snap_src *src, const struct dat_writer *w,
		     const char *name, uint64_t *events, int *trig, char *err, size_t len)
{
	struct dat_writer h = *w;
	uint64_t bytes;
	struct spill p;
	uint32_t cpu;
	int ret = -1;

	h.cpus = calloc(s->nr_cpus, sizeof(*h.cpus));
	if (!h.cpus) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (spill_open(&p, name, s->nr_cpus, src->kernel, err, len)) {
		spill_close(&p);
		goto out_free;
	}
	for (cpu = 0; cpu < s->nr_cpus; cpu++) {	/* the losses: the recording's so far */
		h.cpus[cpu].overrun = w->cpus[cpu].overrun;
		h.cpus[cpu].dropped = w->cpus[cpu].dropped;
	}
	if (snap_parts(s, src, &p, h.cpus, trig))
		snprintf(err, len, "cannot write in %.900s: %s", p.dir, strerror(errno));
	else if (!spill_head(&p, &h, err, len)) {
		spill_close(&p);
		ret = spill_finish(name, 0, NULL, 0, &bytes, events, err, len);
	}
	spill_close(&p);
	if (ret)
		spill_remove(name);
out_free:
	free(h.cpus);
	return ret;
}

int snap_write(struct snap *s, const struct snap_src *src, const struct dat_writer *w,
	       const char *why)
{
	char name[4200], err[1024];
	uint64_t events = 0;
	int trig = 0;

	snprintf(name, sizeof(name), "%s.%u", s->out, s->n + 1);
	if (snap_file(s, src, w, name, &events, &trig, err, sizeof(err))) {
		s->cause = NULL;
		return tool_error("record", "snapshot %u: %s; the recording goes on", s->n + 1,
				  err);
	}
	s->n++;
	fprintf(stderr, "%stpoint record: snapshot %u: %s, %llu events (on %s%s%s)\n",
		isatty(2) ? "\r\033[K" : "", s->n, name, (unsigned long long)events,
		why ? why : "", why && s->cause ? " and " : "", s->cause ? s->cause : "");
	if (s->trig_user && !trig)
		tool_warn("record", "snapshot %u: the %s that triggered it is not in it: "
			  "overwritten before it could be copied (a larger --buffer-size keeps "
			  "more), or a writer held its page", s->n, s->cause);
	s->cause = NULL;
	s->trig_user = 0;
	return 0;
}
