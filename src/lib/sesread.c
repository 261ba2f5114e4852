// SPDX-License-Identifier: MIT
/*
 * sesread.c - the recorder's reader of a session's shared memory: hostile input (sesread.h).
 *
 * What the program can write, and what is done about it:
 * - pages: ring.c copies a page out before it looks at it, clamps every size to a page,
 *   and parses the copy; a page that does not parse to its size, or holds another count
 *   of events than its word says, is cut where it stops parsing (SR_BAD_PAGE).
 * - loss counters: believed only as far as they could have grown: never backwards, and
 *   by no more than one event a nanosecond since they were last read (a lost event costs
 *   a writer an atomic add at least). The rest is not counted (SR_BAD_COUNT).
 * - the registry: its fill mark is bounded by its size; each record is copied out, then
 *   its size, id (in the session's range, not registered twice), system and name
 *   (identifiers) and format text (printable, in the shape the library writes) are
 *   checked. A bad record is skipped (SR_BAD_RECORD); a size that hides where the next
 *   record starts ends the walk (SR_BAD_REGISTRY).
 * - task names: the count is bounded by the table, tids by the kernel's pid limit, and a
 *   name's bytes that are not printable become '?' (a newline would forge a cmdline).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sesread.h"

#define SR_PID_MAX	(1u << 22)	/* the kernel's PID_MAX_LIMIT */
#define SR_MAX_NAME	63u		/* a system or event name */
#define SR_SLACK	(1ull << 20)	/* losses allowed besides one a nanosecond */

static uint64_t sr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void __attribute__((format(printf, 3, 4)))
sr_bad(struct sr *s, enum sr_bad kind, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (s->bad[kind]++ || !s->warn)
		return;		/* once a kind: the totals go in the summary */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->warn(s->warn_arg, msg);
}

int sr_init(struct sr *s, struct ring *r, void (*warn)(void *arg, const char *msg), void *arg)
{
	uint64_t now = sr_now_ns();
	uint32_t cpu;

	memset(s, 0, sizeof(*s));
	s->ring = r;
	s->warn = warn;
	s->warn_arg = arg;
	/* Read before the program runs: it is still ours. */
	s->first_id = s->id_base = r->shm->next_id;
	s->cpus = calloc(r->nr_cpus, sizeof(*s->cpus));
	s->ids = calloc(RING_MAX_ID / 8 + 1, 1);
	if (!s->cpus || !s->ids) {
		sr_fini(s);
		return -1;
	}
	for (cpu = 0; cpu < r->nr_cpus; cpu++)
		s->cpus[cpu].at_ns = now;
	return 0;
}

void sr_fini(struct sr *s)
{
	free(s->cpus);
	free(s->ids);
	s->cpus = NULL;
	s->ids = NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Loss counters */

/* The believed growth of a counter from @prev to @raw in @ns nanoseconds. */
static uint64_t sr_growth(uint64_t prev, uint64_t raw, uint64_t ns)
{
	if (raw < prev || raw - prev > ns + SR_SLACK)
		return UINT64_MAX;
	return raw - prev;
}

static void sr_update(struct sr *s, uint32_t cpu)
{
	struct sr_cpu *c = &s->cpus[cpu];
	const struct ring_cpu *rc = &s->ring->cpus[cpu];
	/* Relaxed: statistics; the program can write anything here anyway. */
	uint64_t lost = __atomic_load_n(&rc->lost, __ATOMIC_RELAXED);
	uint64_t overrun = __atomic_load_n(&rc->overrun, __ATOMIC_RELAXED);
	uint64_t now = sr_now_ns(), ns = now - c->at_ns;
	uint64_t dl = sr_growth(c->raw_lost, lost, ns), dov = sr_growth(c->raw_overrun, overrun, ns);

	if (dl == UINT64_MAX || dov == UINT64_MAX)
		sr_bad(s, SR_BAD_COUNT, "CPU %u's loss counters went from %llu/%llu to %llu/%llu "
		       "in %.3f s, which no writer can do: the program wrote over them; what they "
		       "say from then on is not counted", cpu,
		       (unsigned long long)c->raw_lost, (unsigned long long)c->raw_overrun,
		       (unsigned long long)lost, (unsigned long long)overrun, ns / 1e9);
	c->lost += dl == UINT64_MAX ? 0 : dl;
	c->overrun += dov == UINT64_MAX ? 0 : dov;
	c->raw_lost = lost;
	c->raw_overrun = overrun;
	c->at_ns = now;
	s->ring->rd[cpu].lost_limit = c->lost + c->overrun;
}

void sr_lost(struct sr *s, uint32_t cpu, uint64_t *lost, uint64_t *overrun)
{
	sr_update(s, cpu);
	*lost = s->cpus[cpu].lost;
	*overrun = s->cpus[cpu].overrun;
}

uint64_t sr_lost_total(struct sr *s)
{
	uint64_t total = 0, l, o;
	uint32_t cpu;

	for (cpu = 0; cpu < s->ring->nr_cpus; cpu++) {
		sr_lost(s, cpu, &l, &o);
		total += l + o;
	}
	return total;
}

/* ---------------------------------------------------------------------------------------- */
/* Ids */

void sr_set_id_base(struct sr *s, uint32_t base)
{
	/* Every id the registry may give must still fit common_type's 16 bits. */
	if (base + (RING_MAX_ID - s->first_id) <= RING_MAX_ID)
		s->id_base = base;
}

static uint32_t sr_out_id(const struct sr *s, uint32_t id)
{
	return id >= s->first_id && id <= RING_MAX_ID ? id - s->first_id + s->id_base : id;
}

/*
 * The events of a page read (@size bytes of entries, parsed already) with their ids as
 * handed out. An entry's common_type is its first 16 bits; other ids are left alone.
 */
static void sr_page_ids(const struct sr *s, unsigned char *page, uint32_t size)
{
	unsigned char *buf = page + RING_PAGE_HDR;
	struct pg_entry e;
	uint32_t off = 0;
	uint16_t type;

	if (s->id_base == s->first_id)
		return;
	while (pg_decode(buf, size, off, &e) > 0) {
		if (e.type <= RB_MAX_TYPE_LEN && e.size >= sizeof(type)) {
			unsigned char *at = buf + (e.data - buf);

			memcpy(&type, at, sizeof(type));
			type = (uint16_t)sr_out_id(s, type);
			memcpy(at, &type, sizeof(type));
		}
		off += e.len;
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Pages */

int sr_read_page(struct sr *s, uint32_t cpu, void *page, int final, struct ring_read *t)
{
	int ret;

	sr_update(s, cpu);
	ret = ring_read_page(s->ring, cpu, page, final, t);
	if (ret > 0 && t->bad)
		sr_bad(s, SR_BAD_PAGE, "CPU %u, page %u: %s; the program wrote over it, %u bytes "
		       "of it are cut", cpu, t->seq, t->bad == RING_BAD_PARSE ?
		       "its events stop parsing before its end" :
		       "it holds another count of events than its writers committed", t->cut);
	if (ret > 0)
		sr_page_ids(s, page, t->size);
	return ret;
}

int sr_peek_page(struct sr *s, uint32_t cpu, void *page, uint32_t *seq)
{
	struct pg_info pi;

	if (!ring_peek_page(s->ring, cpu, page, seq))
		return 0;
	pg_info(page, &pi);
	sr_page_ids(s, page, pi.size);
	return 1;
}

void sr_snap_range(struct sr *s, uint32_t cpu, uint32_t *first, uint32_t *last)
{
	ring_snap_range(s->ring, cpu, first, last);
}

int sr_snap_page(struct sr *s, uint32_t cpu, uint32_t seq, void *page, uint64_t *flagged,
		 struct ring_read *t)
{
	/* The losses believed now bound what the copy flags (lost_limit). */
	sr_update(s, cpu);
	/* A damaged page is cut, not counted: the reader counts it when it reads it. */
	int ret = ring_snap_page(s->ring, cpu, seq, page, flagged, t);

	if (ret > 0)
		sr_page_ids(s, page, t->size);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* The registry of event formats */

/* A system or event name: [A-Za-z0-9_], 1 to 63 of them. */
/* A name of letters, digits and '_' (a system's may have '-' too: @dash). */
static int sr_name(const char *p, size_t len, int dash)
{
	size_t i;

	if (!len || len > SR_MAX_NAME)
		return 0;
	for (i = 0; i < len; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '_' || (dash && p[i] == '-')))
			return 0;
	return 1;
}

static int sr_ident(const char *p, size_t len)
{
	return sr_name(p, len, 0);
}

static int sr_text(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((p[i] < 0x20 || p[i] > 0x7e) && p[i] != '\t' && p[i] != '\n')
			return 0;
	return 1;
}

/*
 * The record copied out to @rec (@size bytes, at least its header), checked and made into
 * *@f: NULL, or what is wrong with it. The library writes "system\0" and the format text
 * with "ID: 0", its key; the id travels in the record's header, as a number.
 */
static const char *sr_parse_record(struct sr *s, const struct ring_reg_rec *rec, uint32_t size,
				   struct sr_format *f)
{
	const char *sys = rec->text, *end = (const char *)rec + size, *text, *name, *nl;
	size_t syslen, textlen;

	if (rec->id < s->first_id || rec->id > RING_MAX_ID)
		return "its id is outside the session's range";
	if (s->ids[rec->id / 8] & (1u << rec->id % 8))
		return "its id is registered already";
	syslen = strnlen(sys, (size_t)(end - sys));
	/* TRACE_SYSTEM may have a '-' ("sample-trace", with TRACE_SYSTEM_VAR), as the kernel's. */
	if (sys + syslen == end || !sr_name(sys, syslen, 1))
		return "its system is not a name";
	text = sys + syslen + 1;
	textlen = strnlen(text, (size_t)(end - text));
	if (text + textlen == end)
		return "its format text is not terminated";
	if (!sr_text(text, textlen))
		return "its format text holds bytes that are not text";
	if (strncmp(text, "name: ", sizeof("name: ") - 1))
		return "its format text does not start with the event's name";
	name = text + sizeof("name: ") - 1;
	nl = strchr(name, '\n');
	if (!nl || !sr_ident(name, (size_t)(nl - name)))
		return "its event name is not a name";
	if (strncmp(nl, "\nID: 0\nformat:\n", sizeof("\nID: 0\nformat:\n") - 1))
		return "its format text is not in the library's shape";
	memset(f, 0, sizeof(*f));
	f->id = sr_out_id(s, rec->id);
	f->system = strndup(sys, syslen);
	f->name = strndup(name, (size_t)(nl - name));
	if (!f->system || !f->name || asprintf(&f->text, "name: %s\nID: %u\n%s", f->name, f->id,
					       nl + 7) < 0) {
		f->text = NULL;
		sr_format_free(f);
		return "out of memory";
	}
	s->ids[rec->id / 8] |= (unsigned char)(1u << rec->id % 8);
	return NULL;
}

void sr_format_free(struct sr_format *f)
{
	free(f->system);
	free(f->name);
	free(f->text);
	memset(f, 0, sizeof(*f));
}

/* The size of the record at @off, or 0 when it cannot be one (the walk ends there). */
static uint32_t sr_record_size(struct sr *s, uint32_t off, uint32_t used)
{
	uint32_t size;

	memcpy(&size, s->ring->reg + off, sizeof(size));
	/* A header and at least a word of text, whole records of RING_REG_ALIGN, inside. */
	if (size < sizeof(struct ring_reg_rec) + 4 || (size & (RING_REG_ALIGN - 1)) ||
	    size > used - off) {
		sr_bad(s, SR_BAD_REGISTRY, "the event registry is broken at byte %u (a record of "
		       "%u bytes, %u used): the program wrote over it; formats registered after "
		       "it are lost, and their events print as unknown", off, size, used);
		s->reg_broken = 1;
		return 0;
	}
	return size;
}

int sr_next_format(struct sr *s, struct sr_format *f)
{
	/* Acquire: pairs with the library's release of reg_used after a whole record. */
	uint32_t used = __atomic_load_n(&s->ring->shm->reg_used, __ATOMIC_ACQUIRE);

	if (used > RING_REG_SIZE)
		used = RING_REG_SIZE;
	while (!s->reg_broken && used > s->reg_seen &&
	       used - s->reg_seen >= sizeof(struct ring_reg_rec)) {
		uint32_t off = s->reg_seen, size = sr_record_size(s, off, used);
		struct ring_reg_rec *rec;
		const char *why;

		if (!size)
			return 0;
		s->reg_seen += size;
		/* A copy: the program may change it while it is checked. */
		rec = malloc(size);
		if (!rec)
			return 0;
		memcpy(rec, s->ring->reg + off, size);
		why = sr_parse_record(s, rec, size, f);
		free(rec);
		if (!why)
			return 1;
		sr_bad(s, SR_BAD_RECORD, "the event registry's record at byte %u is skipped: %s "
		       "(the program wrote over it)", off, why);
	}
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Task names */

int sr_next_task(struct sr *s, int final, uint32_t *tid, char comm[RING_COMM_LEN + 1],
		 uint32_t *tgid)
{
	/* Relaxed: only a count of slots handed out; each entry's tid is acquired. */
	uint32_t n = __atomic_load_n(&s->ring->shm->nr_tasks, __ATOMIC_RELAXED), i;

	if (n > RING_MAX_TASKS)
		n = RING_MAX_TASKS;
	while (s->tasks_seen < n) {
		const struct ring_task *t = &s->ring->tasks[s->tasks_seen];
		/* Acquire: pairs with the library's release of tid after the name. */
		uint32_t v = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);

		if (!v && !final)
			return 0;	/* its writer is naming it */
		s->tasks_seen++;
		if (!v)
			continue;	/* its writer died first */
		if (v >= SR_PID_MAX) {
			sr_bad(s, SR_BAD_TASK, "task name %u is skipped: its tid %u is not a tid "
			       "(the program wrote over it)", s->tasks_seen - 1, v);
			continue;
		}
		memcpy(comm, t->comm, RING_COMM_LEN);
		comm[RING_COMM_LEN] = '\0';
		for (i = 0; comm[i]; i++)
			if (comm[i] < 0x20 || comm[i] > 0x7e)
				comm[i] = '?';
		*tid = v;
		/* The program's to write, as the rest: a pid, or unknown. */
		*tgid = t->tgid > 0 && t->tgid < SR_PID_MAX ? t->tgid : 0;
		return 1;
	}
	return 0;
}
