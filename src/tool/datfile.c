// SPDX-License-Identifier: MIT
/*
 * datfile.c - read trace.dat versions 6 and 7, write version 6.
 *
 * The reader trusts nothing in the file: every length is checked against what is left,
 * every offset against the file's size, counts against what could possibly fit, and the
 * uncompressed sizes of compressed blocks against a ceiling, so that a truncated or
 * corrupted file is an error message, never a crash, a hang or an unbounded allocation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "clock.h"
#include "dat/dat.h"
#include "page.h"

#define DAT_MAGIC	"\027\010\104tracing"
#define DAT_MAGIC_LEN	10
#define MAX_UNCOMPRESSED (1ull << 32)	/* per block: a corrupted size stops here */

enum { OPT_DONE, OPT_DATE, OPT_CPUSTAT, OPT_BUFFER, OPT_TRACECLOCK, OPT_UNAME, OPT_HOOK,
       OPT_OFFSET, OPT_CPUCOUNT, OPT_VERSION, OPT_PROCMAPS, OPT_TRACEID, OPT_TIME_SHIFT,
       OPT_GUEST, OPT_TSC2NSEC, OPT_STRINGS, OPT_HEADER_INFO, OPT_FTRACE_EVENTS,
       OPT_EVENT_FORMATS, OPT_KALLSYMS, OPT_PRINTK, OPT_CMDLINES, OPT_BUFFER_TEXT };

/* ---------------------------------------------------------------------------------------- */
/* Reading */

struct cur {
	const unsigned char *base, *p, *end;
	struct dat_file *f;
	const char *what;		/* the part being read, for messages */
};

static int fail(struct dat_file *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct dat_file *f, const char *fmt, ...)
{
	va_list ap;

	if (f->err[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return -1;
}

static int need(struct cur *c, uint64_t n)
{
	if ((uint64_t)(c->end - c->p) >= n)
		return 0;
	if (c->base == c->f->map)
		return fail(c->f, "truncated: %s needs %llu bytes at offset %zu, %zu left", c->what,
			    (unsigned long long)n, (size_t)(c->p - c->base),
			    (size_t)(c->end - c->p));
	return fail(c->f, "corrupted: %s needs %llu bytes, its section has %zu left", c->what,
		    (unsigned long long)n, (size_t)(c->end - c->p));
}

static int rd(struct cur *c, void *out, size_t n)
{
	if (need(c, n))
		return -1;
	memcpy(out, c->p, n);
	c->p += n;
	return 0;
}

static int rd16(struct cur *c, uint16_t *v) { return rd(c, v, 2); }
static int rd32(struct cur *c, uint32_t *v) { return rd(c, v, 4); }
static int rd64(struct cur *c, uint64_t *v) { return rd(c, v, 8); }

static int rdstr(struct cur *c, char **out, size_t max)
{
	const unsigned char *nul = memchr(c->p, '\0', (size_t)(c->end - c->p));

	if (!nul || (size_t)(nul - c->p) > max)
		return fail(c->f, "corrupted: %s: a string is not terminated at offset %zu",
			    c->what, (size_t)(c->p - c->base));
	*out = strdup((const char *)c->p);
	if (!*out)
		return fail(c->f, "out of memory");
	c->p = nul + 1;
	return 0;
}

static int rdtext(struct cur *c, uint64_t size, struct dat_text *t)
{
	if (need(c, size))
		return -1;
	free(t->data);
	t->data = malloc(size + 1);
	if (!t->data)
		return fail(c->f, "out of memory (%s of %llu bytes)", c->what,
			    (unsigned long long)size);
	memcpy(t->data, c->p, size);
	t->data[size] = '\0';
	t->size = size;
	c->p += size;
	return 0;
}

static int rdtext32(struct cur *c, struct dat_text *t)
{
	uint32_t n;

	return rd32(c, &n) || rdtext(c, n, t);
}

static int rdtext64(struct cur *c, struct dat_text *t)
{
	uint64_t n;

	return rd64(c, &n) || rdtext(c, n, t);
}

static int expect(struct cur *c, const char *s, size_t n)
{
	if (need(c, n))
		return -1;
	if (memcmp(c->p, s, n) != 0)
		return fail(c->f, "corrupted: expected \"%s\" at offset %zu", s,
			    (size_t)(c->p - c->base));
	c->p += n;
	return 0;
}

static int add_format(struct dat_file *f, const char *system, struct cur *c)
{
	struct dat_format *nf;

	nf = realloc(f->formats, (f->nr_formats + 1) * sizeof(*nf));
	if (!nf)
		return fail(f, "out of memory");
	f->formats = nf;
	nf = &f->formats[f->nr_formats];
	memset(nf, 0, sizeof(*nf));
	nf->system = strdup(system);
	if (!nf->system)
		return fail(f, "out of memory");
	f->nr_formats++;
	return rdtext64(c, &nf->text);
}

static int read_headers(struct dat_file *f, struct cur *c)
{
	c->what = "header_page";
	if (expect(c, "header_page", 12) || rdtext64(c, &f->header_page))
		return -1;
	c->what = "header_event";
	return expect(c, "header_event", 13) || rdtext64(c, &f->header_event);
}

static int read_ftrace_formats(struct dat_file *f, struct cur *c)
{
	uint32_t n, i;

	c->what = "ftrace event formats";
	if (rd32(c, &n))
		return -1;
	if (n > (uint64_t)(c->end - c->p) / 8)
		return fail(f, "corrupted: %u ftrace formats cannot fit in the file", n);
	for (i = 0; i < n; i++)
		if (add_format(f, "ftrace", c))
			return -1;
	return 0;
}

static int read_event_formats(struct dat_file *f, struct cur *c)
{
	uint32_t nsys, n, i, j;
	char *sys;

	c->what = "event formats";
	if (rd32(c, &nsys))
		return -1;
	if (nsys > (uint64_t)(c->end - c->p) / 5)
		return fail(f, "corrupted: %u event systems cannot fit in the file", nsys);
	for (i = 0; i < nsys; i++) {
		if (rdstr(c, &sys, 4096))
			return -1;
		if (rd32(c, &n) || n > (uint64_t)(c->end - c->p) / 8) {
			fail(f, "corrupted: system %s: bad count of events", sys);
			free(sys);
			return -1;
		}
		for (j = 0; j < n; j++) {
			if (add_format(f, sys, c)) {
				free(sys);
				return -1;
			}
		}
		free(sys);
	}
	return 0;
}

static int add_buffer(struct dat_file *f, const char *name, const char *clock, uint32_t nr_cpus)
{
	struct dat_buffer *b = realloc(f->buffers, (f->nr_buffers + 1) * sizeof(*b));

	if (!b)
		return fail(f, "out of memory");
	f->buffers = b;
	b = &f->buffers[f->nr_buffers++];
	memset(b, 0, sizeof(*b));
	b->name = strdup(name);
	b->clock = strdup(clock);
	b->cpus = calloc(nr_cpus ? nr_cpus : 1, sizeof(*b->cpus));
	b->nr_cpus = nr_cpus;
	if (!b->name || !b->clock || !b->cpus)
		return fail(f, "out of memory");
	return 0;
}

static int check_range(struct dat_file *f, uint64_t off, uint64_t size, const char *what)
{
	if (off > f->map_size || size > f->map_size - off)
		return fail(f, "truncated: %s at offset %llu, %llu bytes, past the end of the "
			    "file (%zu bytes)", what, (unsigned long long)off,
			    (unsigned long long)size, f->map_size);
	return 0;
}

/* "[mono] local global" or "mono": the name in brackets, or the word. */
static char *clock_name(const char *text)
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
 * OFFSET (ns) and DATE (us) are added. VERSION is kept for the report's header.
 */
static int read_time_option(struct dat_file *f, uint16_t id, const unsigned char *data,
			    uint32_t size)
{
	switch (id) {
	case OPT_TSC2NSEC:
		if (size < 16)
			return 0;
		memcpy(&f->tsc_mult, data, 4);
		memcpy(&f->tsc_shift, data + 4, 4);
		if (f->tsc_mult >= 1u << 31 || f->tsc_shift > 32)
			return fail(f, "corrupted: TSC2NSEC option (mult %u, shift %u)", f->tsc_mult,
				    f->tsc_shift);
		return 0;
	case OPT_OFFSET:
		f->ts_offset += option_number(data, size);
		return 0;
	case OPT_DATE:
		f->ts_offset += option_number(data, size) * 1000;
		return 0;
	case OPT_VERSION:
		free(f->creator);
		f->creator = strndup((const char *)data, size);
		return f->creator ? 0 : fail(f, "out of memory");
	}
	return 0;
}

uint64_t dat_ts(const struct dat_file *f, uint64_t ts)
{
	if (f->tsc_mult)
		return clock_tsc_to_ns(ts, f->tsc_mult, f->tsc_shift, f->ts_offset);
	return ts + (uint64_t)f->ts_offset;
}

static int add_cpustat(struct dat_file *f, const unsigned char *p, uint32_t size)
{
	size_t old = f->cpustats ? strlen(f->cpustats) : 0;
	char *n = realloc(f->cpustats, old + size + 2);

	if (!n)
		return fail(f, "out of memory");
	memcpy(n + old, p, size);
	n[old + size] = '\n';
	n[old + size + 1] = '\0';
	/* A NUL inside ends the text there: strlen keeps the two consistent. */
	f->cpustats = n;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Version 7: sections, maybe compressed */

struct section {
	uint16_t id, flags;
	const unsigned char *data;	/* uncompressed */
	uint64_t size;
	unsigned char *owned;
};

static int z_decompress(struct dat_file *f, const char *algo, const unsigned char *src,
			uint32_t csize, unsigned char *dst, uint32_t usize)
{
	if (!strcmp(algo, "zstd")) {
		size_t r = ZSTD_decompress(dst, usize, src, csize);

		if (ZSTD_isError(r) || r != usize)
			return fail(f, "corrupted: a zstd block does not decompress (%s, %zu of %u)",
				    ZSTD_isError(r) ? ZSTD_getErrorName(r) : "short", r, usize);
		return 0;
	}
	if (!strcmp(algo, "zlib")) {
		uLongf n = usize;

		if (uncompress(dst, &n, src, csize) != Z_OK || n != usize)
			return fail(f, "corrupted: a zlib block does not decompress");
		return 0;
	}
	return fail(f, "compression '%s' is not supported (zstd, zlib, none)", algo);
}

/*
 * Whether @usize is what @csize compressed bytes can hold, before anything is allocated:
 * zstd frames say their size (when the writer knew it); deflate cannot expand more than
 * 1032 times.
 */
static int size_plausible(const char *algo, const unsigned char *src, uint32_t csize,
			  uint32_t usize)
{
	if (!strcmp(algo, "zstd")) {
		unsigned long long n = ZSTD_getFrameContentSize(src, csize);

		if (n != ZSTD_CONTENTSIZE_UNKNOWN)
			return n == usize;
		/* trace-cmd streams its frames: no size in them; bound the allocation. */
		return usize <= (256u << 20) && (uint64_t)usize <= (uint64_t)csize * 4096 + (1u << 20);
	}
	return (uint64_t)usize <= (uint64_t)csize * 1032 + 64;
}

static int read_section(struct dat_file *f, const char *algo, uint64_t off, uint16_t want,
			struct section *s, int header_only)
{
	struct cur c = { f->map, f->map, f->map + f->map_size, f, "section header" };
	uint32_t strid, csize, usize;

	memset(s, 0, sizeof(*s));
	if (off > f->map_size)
		return fail(f, "truncated: a section at offset %llu is past the end (%zu bytes)",
			    (unsigned long long)off, f->map_size);
	c.p = f->map + off;
	if (rd16(&c, &s->id) || rd16(&c, &s->flags) || rd32(&c, &strid) || rd64(&c, &s->size))
		return -1;
	if (want != 0xffff && s->id != want)
		return fail(f, "corrupted: expected section %u at offset %llu, found %u", want,
			    (unsigned long long)off, s->id);
	if (need(&c, s->size))
		return -1;
	if (!(s->flags & 1) || header_only) {
		s->data = c.p;
		return 0;
	}
	if (rd32(&c, &csize) || rd32(&c, &usize))
		return -1;
	if (csize > s->size - 8 || need(&c, csize))
		return fail(f, "corrupted: section %u: compressed size %u exceeds the section",
			    s->id, csize);
	if (!size_plausible(algo, c.p, csize, usize))
		return fail(f, "corrupted: section %u: %u bytes cannot uncompress to %u", s->id,
			    csize, usize);
	s->owned = malloc(usize ? usize : 1);
	if (!s->owned)
		return fail(f, "out of memory (section of %u bytes)", usize);
	if (z_decompress(f, algo, c.p, csize, s->owned, usize)) {
		free(s->owned);
		s->owned = NULL;
		return -1;
	}
	s->data = s->owned;
	s->size = usize;
	return 0;
}

static struct cur section_cur(struct dat_file *f, const struct section *s, const char *what)
{
	struct cur c = { s->data, s->data, s->data + s->size, f, what };

	return c;
}

/* A CPU's data in a compressed buffer section: chunks, each decompressed in turn. */
static int read_chunks(struct dat_file *f, const char *algo, struct dat_cpu *cpu, uint64_t off)
{
	/* The size trace-cmd records leaves out the chunk count: bound by the file instead. */
	struct cur c = { f->map, f->map + off, f->map + f->map_size, f, "compressed trace data" };
	uint64_t total = 0, pos = 0;
	uint32_t count, i, csize, usize;
	const unsigned char *start;

	if (rd32(&c, &count))
		return -1;
	start = c.p;
	for (i = 0; i < count; i++) {
		if (rd32(&c, &csize) || rd32(&c, &usize) || need(&c, csize))
			return -1;
		if (!size_plausible(algo, c.p, csize, usize))
			return fail(f, "corrupted: CPU %u: a chunk of %u bytes cannot uncompress "
				    "to %u", cpu->cpu, csize, usize);
		c.p += csize;
		total += usize;
		if (total > MAX_UNCOMPRESSED)
			return fail(f, "corrupted: CPU %u's data would uncompress to over 4 GiB",
				    cpu->cpu);
	}
	cpu->owned = malloc(total ? total : 1);
	if (!cpu->owned)
		return fail(f, "out of memory (CPU %u: %llu bytes)", cpu->cpu,
			    (unsigned long long)total);
	c.p = start;
	for (i = 0; i < count; i++) {
		rd32(&c, &csize);
		rd32(&c, &usize);
		if (z_decompress(f, algo, c.p, csize, cpu->owned + pos, usize))
			return -1;
		c.p += csize;
		pos += usize;
	}
	cpu->data = cpu->owned;
	cpu->size = total;
	return 0;
}

static int read_buffer_option(struct dat_file *f, const char *algo, struct cur *o)
{
	uint64_t off, coff, csize;
	uint32_t nr, i, id;
	char *name = NULL, *clock = NULL;
	struct section s;
	struct dat_buffer *b;
	int ret = -1;

	o->what = "BUFFER option";
	if (rd64(o, &off) || rdstr(o, &name, 4096) || rdstr(o, &clock, 4096))
		goto out;
	/* trace-cmd 3.1 writes the page size here; the v7 document does not have it. */
	if ((size_t)(o->end - o->p) >= 8 && ((size_t)(o->end - o->p) - 8) % 20 == 0 &&
	    rd32(o, &nr))
		goto out;
	if (rd32(o, &nr))
		goto out;
	if (nr > 4096 || nr > (uint64_t)(o->end - o->p) / 20) {
		fail(f, "corrupted: buffer '%s' has %u CPUs", name, nr);
		goto out;
	}
	if (add_buffer(f, name, clock, nr))
		goto out;
	b = &f->buffers[f->nr_buffers - 1];
	if (read_section(f, algo, off, 0xffff, &s, 1))
		goto out;
	for (i = 0; i < nr; i++) {
		if (rd32(o, &id) || rd64(o, &coff) || rd64(o, &csize))
			goto out;
		if (id >= 4096) {	/* readers size per-CPU tables by it */
			fail(f, "corrupted: buffer '%s' names CPU %u", name, id);
			goto out;
		}
		b->cpus[i].cpu = id;
		if (check_range(f, coff, csize, "CPU data"))
			goto out;
		if (csize && (s.flags & 1)) {
			if (read_chunks(f, algo, &b->cpus[i], coff))
				goto out;
		} else {
			b->cpus[i].data = f->map + coff;
			b->cpus[i].size = csize;
		}
	}
	ret = 0;
out:
	free(name);
	free(clock);
	return ret;
}

static int read_v7(struct dat_file *f, struct cur *c)
{
	char *algo = NULL, *ver = NULL;
	uint64_t opt_off;
	unsigned int guard = 0;
	int ret = -1;

	c->what = "compression header";
	if (rdstr(c, &algo, 64) || rdstr(c, &ver, 64) || rd64(c, &opt_off))
		goto out;
	while (opt_off) {
		struct section s, sub;
		struct cur o, sc;
		uint16_t id;
		uint32_t size;
		uint64_t v, next = 0;

		if (++guard > 1024) {
			fail(f, "corrupted: the options sections loop");
			goto out;
		}
		if (read_section(f, algo, opt_off, 0, &s, 0))
			goto out;
		o = section_cur(f, &s, "options");
		for (;;) {
			const unsigned char *data;

			o.what = "options";
			if (rd16(&o, &id) || rd32(&o, &size) || need(&o, size)) {
				free(s.owned);
				goto out;
			}
			data = o.p;
			if (id == OPT_DONE) {
				if (size >= 8)
					memcpy(&next, data, 8);
				break;
			}
			if (id == OPT_BUFFER) {
				struct cur bo = { s.data, data, data + size, f, "BUFFER option" };

				if (read_buffer_option(f, algo, &bo)) {
					free(s.owned);
					goto out;
				}
			} else if (id == OPT_CPUSTAT) {
				if (add_cpustat(f, data, size)) {
					free(s.owned);
					goto out;
				}
			} else if (id == OPT_TSC2NSEC || id == OPT_OFFSET || id == OPT_DATE ||
				   id == OPT_VERSION) {
				if (read_time_option(f, id, data, size)) {
					free(s.owned);
					goto out;
				}
			} else if (id == OPT_TRACECLOCK && !f->clock) {
				char *t = strndup((const char *)data, size);

				f->clock = t ? clock_name(t) : NULL;
				free(t);
			} else if (id == OPT_CPUCOUNT && size >= 4) {
				memcpy(&f->nr_cpus, data, 4);
			} else if (id >= OPT_HEADER_INFO && id <= OPT_CMDLINES && size >= 8) {
				memcpy(&v, data, 8);
				if (read_section(f, algo, v, id, &sub, 0)) {
					free(s.owned);
					goto out;
				}
				sc = section_cur(f, &sub, "section");
				switch (id) {
				case OPT_HEADER_INFO: ret = read_headers(f, &sc); break;
				case OPT_FTRACE_EVENTS: ret = read_ftrace_formats(f, &sc); break;
				case OPT_EVENT_FORMATS: ret = read_event_formats(f, &sc); break;
				case OPT_KALLSYMS: sc.what = "kallsyms"; ret = rdtext32(&sc, &f->kallsyms); break;
				case OPT_PRINTK: sc.what = "printk formats"; ret = rdtext32(&sc, &f->printk); break;
				case OPT_CMDLINES: sc.what = "cmdlines"; ret = rdtext64(&sc, &f->cmdlines); break;
				}
				free(sub.owned);
				if (ret) {
					free(s.owned);
					goto out;
				}
				ret = -1;
			}
			o.p += size;
		}
		free(s.owned);
		opt_off = next;
	}
	if (!f->header_page.data)
		fail(f, "corrupted: no header_page section");
	else
		ret = 0;
out:
	free(algo);
	free(ver);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* Version 6: one header, then the CPUs' data */

static int read_v6(struct dat_file *f, struct cur *c)
{
	char tag[10];
	uint32_t nr_cpus, i;
	uint16_t id;
	uint32_t size;
	int has_clock = 0;
	struct dat_buffer *b;

	if (read_headers(f, c) || read_ftrace_formats(f, c) || read_event_formats(f, c))
		return -1;
	c->what = "kallsyms";
	if (rdtext32(c, &f->kallsyms))
		return -1;
	c->what = "printk formats";
	if (rdtext32(c, &f->printk))
		return -1;
	c->what = "cmdlines";
	if (rdtext64(c, &f->cmdlines))
		return -1;
	c->what = "CPU count";
	if (rd32(c, &nr_cpus) || rd(c, tag, 10))
		return -1;
	if (nr_cpus > 4096)
		return fail(f, "corrupted: %u CPUs", nr_cpus);
	f->nr_cpus = nr_cpus;
	if (!memcmp(tag, "options  ", 10)) {
		for (;;) {
			c->what = "options";
			if (rd16(c, &id))
				return -1;
			if (id == OPT_DONE)
				break;
			if (rd32(c, &size) || need(c, size))
				return -1;
			if (id == OPT_CPUSTAT && add_cpustat(f, c->p, size))
				return -1;
			if (id == OPT_TRACECLOCK)
				has_clock = 1;
			if (read_time_option(f, id, c->p, size))
				return -1;
			c->p += size;
		}
		c->what = "data kind";
		if (rd(c, tag, 10))
			return -1;
	}
	if (!memcmp(tag, "latency  ", 10))
		return fail(f, "a latency trace (text) is not supported; only flyrecord data");
	if (memcmp(tag, "flyrecord", 10))
		return fail(f, "corrupted: expected \"flyrecord\" at offset %zu",
			    (size_t)(c->p - c->base) - 10);
	if (add_buffer(f, "", "local", nr_cpus))
		return -1;
	b = &f->buffers[0];
	f->cpu_table_off = (uint64_t)(c->p - c->base);
	c->what = "CPU offsets";
	for (i = 0; i < nr_cpus; i++) {
		uint64_t off, sz;

		if (rd64(c, &off) || rd64(c, &sz))
			return -1;
		if (check_range(f, off, sz, "CPU data"))
			return -1;
		b->cpus[i].cpu = i;
		b->cpus[i].data = f->map + off;
		b->cpus[i].size = sz;
	}
	if (has_clock) {
		struct dat_text t = { NULL, 0 };

		c->what = "trace clock";
		if (rdtext64(c, &t))
			return -1;
		f->clock = clock_name(t.data);
		free(t.data);
	}
	return 0;
}

/* The CPU stats text ("CPU: 0\n...overrun: N\n...dropped events: N\n") per CPU. */
static void apply_cpustats(struct dat_file *f)
{
	const char *p = f->cpustats;
	unsigned int i, j;

	while (p && (p = strstr(p, "CPU: ")) != NULL) {
		unsigned long cpu = strtoul(p + 5, NULL, 10);
		const char *next = strstr(p + 5, "CPU: ");
		const char *o = strstr(p, "overrun: "), *d = strstr(p, "dropped events: ");
		uint64_t lost = 0;

		if (o && (!next || o < next))
			lost += strtoull(o + 9, NULL, 10);
		if (d && (!next || d < next))
			lost += strtoull(d + 16, NULL, 10);
		for (i = 0; i < f->nr_buffers; i++)
			for (j = 0; j < f->buffers[i].nr_cpus; j++)
				if (f->buffers[i].cpus[j].cpu == cpu)
					f->buffers[i].cpus[j].lost += lost;
		p += 5;
	}
}

static int dat_parse(struct dat_file *f)
{
	struct cur c = { f->map, f->map, f->map + f->map_size, f, "magic" };
	unsigned char endian, lsize;
	char *version = NULL;
	int ret;

	if (f->map_size == 0)
		return fail(f, "empty file: not a trace.dat file");
	if (f->map_size < DAT_MAGIC_LEN || memcmp(f->map, DAT_MAGIC, DAT_MAGIC_LEN) != 0)
		return fail(f, "not a trace.dat file (no trace-cmd magic at the start)");
	c.p += DAT_MAGIC_LEN;
	c.what = "version";
	if (rdstr(&c, &version, 16))
		return -1;
	f->version = atoi(version);
	free(version);
	c.what = "file header";
	if (rd(&c, &endian, 1) || rd(&c, &lsize, 1) || rd32(&c, &f->page_size))
		return -1;
	if (f->version != 6 && f->version != 7)
		return fail(f, "trace.dat version %d is not supported (6 and 7 are)", f->version);
	if (endian != 0)
		return fail(f, "a big-endian trace.dat is not supported");
	if (lsize != 4 && lsize != 8)
		return fail(f, "corrupted: long size %u", lsize);
	f->long_size = lsize;
	if (f->page_size < 64 || f->page_size > (1u << 20) || (f->page_size & (f->page_size - 1)))
		return fail(f, "corrupted: page size %u", f->page_size);
	ret = f->version == 6 ? read_v6(f, &c) : read_v7(f, &c);
	if (ret)
		return ret;
	if (!f->clock)
		f->clock = strdup(f->nr_buffers ? f->buffers[0].clock : "local");
	apply_cpustats(f);
	return 0;
}

int dat_open_mem(struct dat_file *f, const void *buf, size_t len)
{
	memset(f, 0, sizeof(*f));
	f->map = (unsigned char *)buf;
	f->map_size = len;
	return dat_parse(f);
}

/* What a non-regular file is, for the message that refuses it. */
static const char *dat_file_kind(mode_t mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" :
	       S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device" :
	       S_ISSOCK(mode) ? "a socket" : "a special file";
}

int dat_open(struct dat_file *f, const char *path)
{
	struct stat st;
	int fd, ret;

	/*
	 * Only a regular file: stat() first, as opening a FIFO blocks until a writer comes and
	 * opening a device may do something; then O_NONBLOCK and fstat() for what was opened,
	 * in case the name changed in between.
	 */
	memset(f, 0, sizeof(*f));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return fail(f, "%s, not a trace.dat file; give a regular file",
			    dat_file_kind(st.st_mode));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return fail(f, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0) {
		close(fd);
		return fail(f, "cannot stat: %s", strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(f, "%s, not a trace.dat file; give a regular file",
			    dat_file_kind(st.st_mode));
	}
	if (st.st_size == 0) {
		close(fd);
		return fail(f, "empty file: not a trace.dat file");
	}
	f->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		return fail(f, "cannot map: %s", strerror(errno));
	}
	f->map_size = (size_t)st.st_size;
	f->mapped = 1;
	ret = dat_parse(f);
	return ret;
}

void dat_close(struct dat_file *f)
{
	unsigned int i, j;

	for (i = 0; i < f->nr_formats; i++) {
		free(f->formats[i].system);
		free(f->formats[i].text.data);
	}
	free(f->formats);
	for (i = 0; i < f->nr_buffers; i++) {
		for (j = 0; j < f->buffers[i].nr_cpus; j++)
			free(f->buffers[i].cpus[j].owned);
		free(f->buffers[i].cpus);
		free(f->buffers[i].name);
		free(f->buffers[i].clock);
	}
	free(f->buffers);
	free(f->header_page.data);
	free(f->header_event.data);
	free(f->kallsyms.data);
	free(f->printk.data);
	free(f->cmdlines.data);
	free(f->clock);
	free(f->creator);
	free(f->cpustats);
	if (f->mapped)
		munmap(f->map, f->map_size);
	f->mapped = 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Writing, version 6 */

struct out {
	FILE *fp;
	int failed;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (!o->failed && n && fwrite(p, 1, n, o->fp) != n)
		o->failed = 1;
}

static void put16(struct out *o, uint16_t v) { put(o, &v, 2); }
static void put32(struct out *o, uint32_t v) { put(o, &v, 4); }
static void put64(struct out *o, uint64_t v) { put(o, &v, 8); }

static void put_option(struct out *o, uint16_t id, const char *text)
{
	put16(o, id);
	put32(o, (uint32_t)strlen(text) + 1);
	put(o, text, strlen(text) + 1);
}

/* The event formats, grouped by system in the order systems first appear. */
static void put_formats(struct out *o, const struct dat_writer *w)
{
	unsigned int i, j, nsys = 0;

	for (i = 0; i < w->nr_formats; i++) {
		for (j = 0; j < i && strcmp(w->formats[j].system, w->formats[i].system); j++)
			;
		nsys += j == i;
	}
	put32(o, nsys);
	for (i = 0; i < w->nr_formats; i++) {
		uint32_t n = 0;

		for (j = 0; j < i && strcmp(w->formats[j].system, w->formats[i].system); j++)
			;
		if (j < i)
			continue;
		for (j = i; j < w->nr_formats; j++)
			n += !strcmp(w->formats[j].system, w->formats[i].system);
		put(o, w->formats[i].system, strlen(w->formats[i].system) + 1);
		put32(o, n);
		for (j = i; j < w->nr_formats; j++) {
			if (strcmp(w->formats[j].system, w->formats[i].system))
				continue;
			put64(o, w->formats[j].text.size);
			put(o, w->formats[j].text.data, w->formats[j].text.size);
		}
	}
}

/* The options: the clock, each CPU's stats, uname, the TSC conversion, who wrote it. */
static void put_options(struct out *o, const struct dat_writer *w, const char *clock)
{
	char cpustat[512];
	struct utsname un;
	unsigned int i;

	put_option(o, OPT_TRACECLOCK, clock);
	for (i = 0; i < w->nr_cpus; i++) {
		snprintf(cpustat, sizeof(cpustat),
			 "CPU: %u\nentries: %llu\noverrun: %llu\ncommit overrun: 0\nbytes: %llu\n"
			 "dropped events: %llu\nread events: %llu\n", i,
			 (unsigned long long)w->cpus[i].entries,
			 (unsigned long long)w->cpus[i].overrun,
			 (unsigned long long)w->cpus[i].size,
			 (unsigned long long)w->cpus[i].dropped,
			 (unsigned long long)w->cpus[i].entries);
		put_option(o, OPT_CPUSTAT, cpustat);
	}
	if (uname(&un) == 0) {
		char u[512];

		snprintf(u, sizeof(u), "%s %s %s %s", un.sysname, un.nodename, un.release,
			 un.machine);
		put_option(o, OPT_UNAME, u);
	}
	if (w->tsc_mult) {
		char text[32];

		put16(o, OPT_TSC2NSEC);
		put32(o, 16);
		put32(o, w->tsc_mult);
		put32(o, w->tsc_shift);
		put64(o, 0);
		snprintf(text, sizeof(text), "%lld", (long long)w->ts_offset);
		put_option(o, OPT_OFFSET, text);
	}
	if (w->clock_note) {
		char text[512];

		snprintf(text, sizeof(text), "tpoint %s (%s)", TPOINT_VERSION, w->clock_note);
		put_option(o, OPT_VERSION, text);
	} else {
		put_option(o, OPT_VERSION, "tpoint " TPOINT_VERSION);
	}
}

/*
 * A new file beside @path, "path.XXXXXX", created with mode 0666 for the kernel to apply the
 * umask (and a default ACL) to, as for any file the user makes: the trace may hold
 * /proc/kallsyms read as root, and a umask of 077 must keep it private. mkstemp() would
 * make it 0600 whatever the umask. The fd, with the name in *@tmp (malloc'd); or -1 with
 * errno, and *@tmp NULL when out of memory.
 */
int dat_create_tmp(const char *path, char **tmp)
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[6];
	unsigned int i, tries;
	size_t len;
	int fd;

	len = strlen(path);
	*tmp = malloc(len + 8);
	if (!*tmp) {
		errno = ENOMEM;
		return -1;
	}
	for (tries = 0; tries < 100; tries++) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
			uint64_t x = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull + tries * 7919u +
				     (uint64_t)time(NULL);

			memcpy(rnd, &x, sizeof(rnd));
		}
		memcpy(*tmp, path, len);
		(*tmp)[len] = '.';
		for (i = 0; i < sizeof(rnd); i++)
			(*tmp)[len + 1 + i] = chars[rnd[i] % (sizeof(chars) - 1)];
		(*tmp)[len + 7] = '\0';
		fd = open(*tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/*
 * Name the finished @tmp @path without replacing what may be there: renameat2() with
 * RENAME_NOREPLACE, or link() + unlink() on a file system without it (NFS, some FUSE).
 * 0, or -1 with errno (EEXIST: something is at @path).
 */
static int dat_rename_noreplace(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
	if (link(tmp, path) != 0)
		return -1;
	unlink(tmp);
	return 0;
}

/* "dir/trace.dat", 3: "dir/trace.3.dat"; "out", 3: "out.3". */
static void dat_alt_name(const char *path, unsigned int n, char *buf, size_t len)
{
	size_t l = strlen(path);

	if (l > 4 && !strcmp(path + l - 4, ".dat"))
		snprintf(buf, len, "%.*s.%u.dat", (int)(l - 4), path, n);
	else
		snprintf(buf, len, "%s.%u", path, n);
}

/*
 * The finished @tmp becomes @w->path: replacing it, or (noreplace) under another name if
 * a file appeared there during the recording, which is then left alone. 0, or -1 with
 * errno (and @tmp still there).
 */
int dat_publish(const char *tmp, const char *path, int noreplace, char *kept_as,
		size_t kept_len)
{
	char alt[4096];
	unsigned int i;

	if (kept_len)
		kept_as[0] = '\0';
	if (!noreplace)
		return rename(tmp, path);
	if (dat_rename_noreplace(tmp, path) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	for (i = 1; i < 100; i++) {
		dat_alt_name(path, i, alt, sizeof(alt));
		if (dat_rename_noreplace(tmp, alt) == 0)
			break;
		if (errno != EEXIST)
			return -1;
	}
	if (kept_len)	/* the name it took, or path.XXXXXX when all were taken */
		snprintf(kept_as, kept_len, "%s", i < 100 ? alt : tmp);
	return 0;
}

/* Everything before the pages: headers, formats, texts, options, the CPUs' table. */
static void put_head(struct out *o, const struct dat_writer *w)
{
	char clock[64];
	uint64_t off;
	unsigned int i;

	put(o, DAT_MAGIC, DAT_MAGIC_LEN);
	put(o, "6", 2);
	put(o, "\0\10", 2);			/* little endian, 8-byte long */
	put32(o, PG_SIZE);
	put(o, "header_page", 12);
	put64(o, strlen(pg_header_page_text()));
	put(o, pg_header_page_text(), strlen(pg_header_page_text()));
	put(o, "header_event", 13);
	put64(o, strlen(pg_header_event_text()));
	put(o, pg_header_event_text(), strlen(pg_header_event_text()));
	put32(o, 0);				/* ftrace events */
	put_formats(o, w);
	put32(o, w->kallsyms ? (uint32_t)strlen(w->kallsyms) : 0);
	if (w->kallsyms)
		put(o, w->kallsyms, strlen(w->kallsyms));
	put32(o, w->printk ? (uint32_t)strlen(w->printk) : 0);
	if (w->printk)
		put(o, w->printk, strlen(w->printk));
	put64(o, strlen(w->cmdlines));
	put(o, w->cmdlines, strlen(w->cmdlines));
	put32(o, w->nr_cpus);
	put(o, "options  ", 10);
	snprintf(clock, sizeof(clock), "[%s]", w->clock);
	put_options(o, w, clock);
	put16(o, OPT_DONE);
	put(o, "flyrecord", 10);
	/* Where each CPU's pages go: after this header and the clock, page-aligned. */
	off = (uint64_t)ftell(o->fp) + 16ull * w->nr_cpus + 8 + strlen(clock) + 1;
	off = (off + PG_SIZE - 1) & ~(uint64_t)(PG_SIZE - 1);
	for (i = 0; i < w->nr_cpus; i++) {
		put64(o, w->cpus[i].size ? off : 0);
		put64(o, w->cpus[i].size);
		off += w->cpus[i].size;
	}
	put64(o, strlen(clock) + 1);
	put(o, clock, strlen(clock) + 1);
}

/* The CPUs' pages after the head, by copy_file_range at explicit offsets; the file's end. */
static uint64_t put_pages(struct out *o, const struct dat_writer *w)
{
	uint64_t off = (uint64_t)lseek(fileno(o->fp), 0, SEEK_END);
	unsigned int i;

	off = (off + PG_SIZE - 1) & ~(uint64_t)(PG_SIZE - 1);
	for (i = 0; i < w->nr_cpus && !o->failed; i++) {
		off_t in = 0, outoff = (off_t)off;
		uint64_t left = w->cpus[i].size;

		while (left) {
			ssize_t n = copy_file_range(w->cpus[i].fd, &in, fileno(o->fp), &outoff,
						    left, 0);

			if (n <= 0) {
				o->failed = 1;
				break;
			}
			left -= (uint64_t)n;
		}
		off += w->cpus[i].size;
	}
	return off;
}

int dat_write(const struct dat_writer *w, char *err, size_t errlen)
{
	struct out o = { NULL, 0 };
	char *tmp = NULL;
	int fd, saved;
	uint64_t end;

	fd = dat_create_tmp(w->path, &tmp);
	if (fd < 0) {
		saved = errno;
		if (tmp)
			snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(saved));
		else
			snprintf(err, errlen, "out of memory");
		free(tmp);
		errno = saved;
		return -1;
	}
	o.fp = fdopen(fd, "w");
	if (!o.fp) {
		close(fd);
		goto fail;
	}
	put_head(&o, w);
	/* The header through stdio, then the pages at explicit offsets. */
	if (fflush(o.fp) != 0)
		o.failed = 1;
	end = put_pages(&o, w);
	if (!o.failed && ftruncate(fileno(o.fp), (off_t)end) != 0)
		o.failed = 1;
	if (o.failed || fflush(o.fp) != 0 || fsync(fileno(o.fp)) != 0)
		goto fail;
	if (fclose(o.fp) != 0) {
		o.fp = NULL;
		goto fail;
	}
	o.fp = NULL;
	if (dat_publish(tmp, w->path, w->noreplace, w->kept_as, w->kept_as_len) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	saved = errno;
	snprintf(err, errlen, "cannot write %s: %s", w->path, strerror(saved ? saved : EIO));
	if (o.fp)
		fclose(o.fp);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}
