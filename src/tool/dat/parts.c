// SPDX-License-Identifier: MIT
/*
 * parts.c - the parts of a trace.dat file that versions 6 and 7 both hold (header_page,
 * header_event, the formats, kallsyms, printk formats, cmdlines), the buffers and their
 * CPUs' stats, the clock and its time options: read.c reads them in version 6's order,
 * read-v7.c at the id of each of its sections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "dat/internal.h"

static int add_format(struct dat_file *f, const char *system, struct dat_cur *c)
{
	struct dat_format *nf;

	nf = realloc(f->formats, (f->nr_formats + 1) * sizeof(*nf));
	if (!nf)
		return dat__fail(f, "out of memory");
	f->formats = nf;
	nf = &f->formats[f->nr_formats];
	memset(nf, 0, sizeof(*nf));
	nf->system = strdup(system);
	if (!nf->system)
		return dat__fail(f, "out of memory");
	f->nr_formats++;
	return dat__rdtext64(c, &nf->text);
}

static int read_headers(struct dat_file *f, struct dat_cur *c)
{
	c->what = "header_page";
	if (dat__expect(c, "header_page", 12) || dat__rdtext64(c, &f->header_page))
		return -1;
	c->what = "header_event";
	if (dat__expect(c, "header_event", 13) || dat__rdtext64(c, &f->header_event))
		return -1;
	return 0;
}

static int read_ftrace_format(struct dat_file *f, struct dat_cur *c)
{
	return add_format(f, "ftrace", c);
}

/* One system's name, then its count of formats and each format. */
static int read_system_formats(struct dat_file *f, struct dat_cur *c)
{
	uint32_t n, i;
	int ret = 0;
	char *sys;

	if (dat__rdstr(c, &sys, DAT_MAX_NAME))
		return -1;
	if (dat__rd32(c, &n) || n > (uint64_t)(c->end - c->p) / 8)
		ret = dat__fail(f, "corrupted: system %s: bad count of events", sys);
	for (i = 0; !ret && i < n; i++)
		ret = add_format(f, sys, c);
	free(sys);
	return ret;
}

/*
 * A count of @items, then each, read by @read_one: the ftrace formats, the systems. A count
 * is refused when that many items of at least @min bytes each cannot fit in what is left.
 */
static int read_list(struct dat_file *f, struct dat_cur *c, const char *what, uint32_t min,
		     const char *items, int (*read_one)(struct dat_file *f, struct dat_cur *c))
{
	uint32_t n, i;

	c->what = what;
	if (dat__rd32(c, &n))
		return -1;
	if (n > (uint64_t)(c->end - c->p) / min)
		return dat__fail(f, "corrupted: %u %s cannot fit in the file", n, items);
	for (i = 0; i < n; i++)
		if (read_one(f, c))
			return -1;
	return 0;
}

static int read_text32(struct dat_cur *c, const char *what, struct dat_text *t)
{
	c->what = what;
	return dat__rdtext32(c, t);
}

static int read_text64(struct dat_cur *c, const char *what, struct dat_text *t)
{
	c->what = what;
	return dat__rdtext64(c, t);
}

/*
 * The part a version 7 option of id @id points at, its section read at @c. Version 6 has
 * them one after another in the order of their ids, from OPT_HEADER_INFO to OPT_CMDLINES.
 */
int dat__read_part(struct dat_file *f, uint16_t id, struct dat_cur *c)
{
	switch (id) {
	case OPT_HEADER_INFO:
		return read_headers(f, c);
	case OPT_FTRACE_EVENTS:
		return read_list(f, c, "ftrace event formats", 8, "ftrace formats",
				 read_ftrace_format);
	case OPT_EVENT_FORMATS:
		return read_list(f, c, "event formats", 5, "event systems", read_system_formats);
	case OPT_KALLSYMS:
		return read_text32(c, "kallsyms", &f->kallsyms);
	case OPT_PRINTK:
		return read_text32(c, "printk formats", &f->printk);
	case OPT_CMDLINES:
		return read_text64(c, "cmdlines", &f->cmdlines);
	}
	return 0;
}

int dat__add_buffer(struct dat_file *f, const char *name, const char *clock, uint32_t nr_cpus)
{
	struct dat_buffer *b = realloc(f->buffers, (f->nr_buffers + 1) * sizeof(*b));

	if (!b)
		return dat__fail(f, "out of memory");
	f->buffers = b;
	b = &f->buffers[f->nr_buffers++];
	memset(b, 0, sizeof(*b));
	b->name = strdup(name);
	b->clock = strdup(clock);
	b->cpus = calloc(nr_cpus ? nr_cpus : 1, sizeof(*b->cpus));
	b->nr_cpus = nr_cpus;
	if (!b->name || !b->clock || !b->cpus)
		return dat__fail(f, "out of memory");
	return 0;
}

int dat__check_range(struct dat_file *f, uint64_t off, uint64_t size, const char *what)
{
	if (off > f->map_size || size > f->map_size - off)
		return dat__fail(f, "truncated: %s at offset %llu, %llu bytes, past the end of the "
				 "file (%zu bytes)", what, (unsigned long long)off,
				 (unsigned long long)size, f->map_size);
	return 0;
}

/* "[mono] local global" or "mono": the name in brackets, or the word. */
char *dat__clock_name(const char *text)
{
	const char *s = strchr(text, '['), *e;

	if (s) {
		e = strchr(++s, ']');
		return e ? strndup(s, (size_t)(e - s)) : strdup("local");
	}
	while (*text == ' ' || *text == '\n')
		text++;
	for (e = text; *e && *e != ' ' && *e != '\n'; e++)
		;
	return e > text ? strndup(text, (size_t)(e - text)) : strdup("local");
}

/* A number written as text (OFFSET, DATE): strtoll's, as trace-cmd reads it. */
static long long option_number(const unsigned char *data, uint32_t size)
{
	char text[64];

	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	return strtoll(text, NULL, 0);
}

/*
 * The options that change what a timestamp means, applied as trace-cmd applies them:
 * TSC2NSEC (u32 mult, u32 shift, u64 offset, this last unused) converts ticks to ns, then
 * OFFSET (ns) and DATE (us) are added. VERSION is kept for the report's header, UNAME for
 * convert's (the recording's host and kernel).
 */
int dat__read_time_option(struct dat_file *f, uint16_t id, const unsigned char *data,
			  uint32_t size)
{
	switch (id) {
	case OPT_TSC2NSEC:
		if (size < 16)
			return 0;
		memcpy(&f->tsc_mult, data, 4);
		memcpy(&f->tsc_shift, data + 4, 4);
		if (f->tsc_mult >= 1u << 31 || f->tsc_shift > 32)
			return dat__fail(f, "corrupted: TSC2NSEC option (mult %u, shift %u)",
					 f->tsc_mult, f->tsc_shift);
		return 0;
	case OPT_OFFSET:
		f->ts_offset += option_number(data, size);
		return 0;
	case OPT_DATE:
		f->ts_offset += option_number(data, size) * 1000;
		return 0;
	case OPT_TGIDS:
		return dat__read_tgids(f, data, size);
	case OPT_USER_IDS: {
		long long v = option_number(data, size);

		f->user_ids = v > 0 && v <= 65535 ? (uint32_t)v : DAT_USER_IDS;
		return 0;
	}
	case OPT_VERSION:
		free(f->creator);
		f->creator = strndup((const char *)data, size);
		return f->creator ? 0 : dat__fail(f, "out of memory");
	case OPT_UNAME:
		free(f->uname);
		f->uname = strndup((const char *)data, size);
		return f->uname ? 0 : dat__fail(f, "out of memory");
	}
	return 0;
}

static int tgid_cmp(const void *a, const void *b)
{
	const struct dat_tgid *x = a, *y = b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

/* A pair and its line: sorted by tid, then line, so a tid's last line is known. */
struct tgid_at {
	struct dat_tgid t;
	unsigned int line;
};

static int tgid_at_cmp(const void *a, const void *b)
{
	const struct tgid_at *x = a, *y = b;
	int c = tgid_cmp(&x->t, &y->t);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* One "pid tgid" line of @p..@end: 1 with *@t, 0 when it is not one (passed over). */
static int tgid_line(const char *p, const char *end, struct dat_tgid *t)
{
	char line[32];
	size_t n = (size_t)(end - p);
	int used = 0;

	if (n >= sizeof(line))
		return 0;
	memcpy(line, p, n);
	line[n] = '\0';
	if (sscanf(line, "%d %d%n", &t->tid, &t->tgid, &used) != 2 || (size_t)used != n)
		return 0;
	return t->tid > 0 && t->tid < DAT_MAX_PID && t->tgid > 0 && t->tgid < DAT_MAX_PID;
}

/*
 * The TGIDS option: its lines made into f->tgids, sorted by tid; a tid's last line wins,
 * as a later line of saved_tgids would. A line that is not a pair is passed over. Bounded
 * by the option: a pair takes 4 bytes at least.
 */
int dat__read_tgids(struct dat_file *f, const unsigned char *data, uint32_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct tgid_at *at = malloc((size / 4 + 1) * sizeof(*at));
	struct dat_tgid *v;
	unsigned int n = 0, i;

	for (; at && p < end; p++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			nl = end;
		if (tgid_line(p, nl, &at[n].t))
			at[n].line = n, n++;
		p = nl;
	}
	v = at ? realloc(f->tgids, (n + 1) * sizeof(*v)) : NULL;
	if (!v) {
		free(at);
		return dat__fail(f, "out of memory");
	}
	f->tgids = v;
	f->nr_tgids = 0;	/* a second option replaces the first: one sorted table */
	qsort(at, n, sizeof(*at), tgid_at_cmp);
	for (i = 0; i < n; i++)
		if (i + 1 == n || at[i + 1].t.tid != at[i].t.tid)
			v[f->nr_tgids++] = at[i].t;
	free(at);
	return 0;
}

int dat_tgid(const struct dat_file *f, int tid)
{
	struct dat_tgid key = { tid, 0 };
	const struct dat_tgid *t = f->nr_tgids ? bsearch(&key, f->tgids, f->nr_tgids,
							   sizeof(key), tgid_cmp) : NULL;

	return t ? t->tgid : -1;
}

uint64_t dat_ts(const struct dat_file *f, uint64_t ts)
{
	if (f->tsc_mult)
		return clock_tsc_to_ns(ts, f->tsc_mult, f->tsc_shift, f->ts_offset);
	return ts + (uint64_t)f->ts_offset;
}

int dat__add_cpustat(struct dat_file *f, const unsigned char *p, uint32_t size)
{
	size_t old = f->cpustats ? strlen(f->cpustats) : 0;
	char *n = realloc(f->cpustats, old + size + 2);

	if (!n)
		return dat__fail(f, "out of memory");
	memcpy(n + old, p, size);
	n[old + size] = '\n';
	n[old + size + 1] = '\0';
	/* A NUL inside ends the text there: strlen keeps the two consistent. */
	f->cpustats = n;
	return 0;
}
