// SPDX-License-Identifier: MIT
/*
 * read-v7.c - a version 7 trace.dat file: sections, maybe compressed (zlib or zstd).
 *
 * After the file header come the compression's name and version and the offset of the
 * first options section. Every section has a 16-byte header (id, flags, string id, size);
 * a compressed one's data is a compressed size, an uncompressed size and one block. Each
 * options section ends with DONE, whose data is the offset of the next one (0: the last).
 * The options point at the sections of the parts (HEADER_INFO ... CMDLINES), and a BUFFER
 * option at an instance's CPUs' data: raw, or chunks compressed one by one.
 *
 * An uncompressed size is checked against what the compressed bytes can hold before
 * anything is allocated for it, and a CPU's data against MAX_UNCOMPRESSED.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "dat/internal.h"

#define MAX_UNCOMPRESSED (1ull << 32)	/* per block: a corrupted size stops here */

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
			return dat__fail(f, "corrupted: a zstd block does not decompress (%s, %zu of %u)",
					 ZSTD_isError(r) ? ZSTD_getErrorName(r) : "short", r,
					 usize);
		return 0;
	}
	if (!strcmp(algo, "zlib")) {
		uLongf n = usize;

		if (uncompress(dst, &n, src, csize) != Z_OK || n != usize)
			return dat__fail(f, "corrupted: a zlib block does not decompress");
		return 0;
	}
	return dat__fail(f, "compression '%s' is not supported (zstd, zlib, none)", algo);
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
		return usize <= DAT_MAX_BLOCK &&
		       (uint64_t)usize <= (uint64_t)csize * DAT_ZSTD_RATIO + (1u << 20);
	}
	return (uint64_t)usize <= (uint64_t)csize * DAT_ZLIB_RATIO + 64;
}

/* A compressed section's data at @c (@s->size bytes): its block, decompressed. */
static int read_compressed(struct dat_file *f, const char *algo, struct dat_cur *c,
			   struct section *s)
{
	uint32_t csize, usize;

	if (dat__rd32(c, &csize) || dat__rd32(c, &usize))
		return -1;
	if (csize > s->size - 8 || dat__need(c, csize))
		return dat__fail(f, "corrupted: section %u: compressed size %u exceeds the section",
				 s->id, csize);
	if (!size_plausible(algo, c->p, csize, usize))
		return dat__fail(f, "corrupted: section %u: %u bytes cannot uncompress to %u",
				 s->id, csize, usize);
	s->owned = malloc(usize ? usize : 1);
	if (!s->owned)
		return dat__fail(f, "out of memory (section of %u bytes)", usize);
	if (z_decompress(f, algo, c->p, csize, s->owned, usize)) {
		free(s->owned);
		s->owned = NULL;
		return -1;
	}
	s->data = s->owned;
	s->size = usize;
	return 0;
}

/*
 * The section at @off, of id @want (0xffff: any): its header, and its data decompressed
 * unless @header_only. The caller frees s->owned.
 */
static int read_section(struct dat_file *f, const char *algo, uint64_t off, uint16_t want,
			struct section *s, int header_only)
{
	struct dat_cur c = { f->map, f->map, f->map + f->map_size, f, "section header" };
	uint32_t strid;

	memset(s, 0, sizeof(*s));
	if (off > f->map_size)
		return dat__fail(f, "truncated: a section at offset %llu is past the end (%zu bytes)",
				 (unsigned long long)off, f->map_size);
	c.p = f->map + off;
	if (dat__rd16(&c, &s->id) || dat__rd16(&c, &s->flags) || dat__rd32(&c, &strid) ||
	    dat__rd64(&c, &s->size))
		return -1;
	if (want != 0xffff && s->id != want)
		return dat__fail(f, "corrupted: expected section %u at offset %llu, found %u", want,
				 (unsigned long long)off, s->id);
	if (dat__need(&c, s->size))
		return -1;
	if (!(s->flags & 1) || header_only) {
		s->data = c.p;
		return 0;
	}
	return read_compressed(f, algo, &c, s);
}

static struct dat_cur section_cur(struct dat_file *f, const struct section *s,
				  const char *what)
{
	struct dat_cur c = { s->data, s->data, s->data + s->size, f, what };

	return c;
}

/* A CPU's data in a compressed buffer section: chunks, each decompressed in turn. */
static int read_chunks(struct dat_file *f, const char *algo, struct dat_cpu *cpu, uint64_t off)
{
	/* The size trace-cmd records leaves out the chunk count: bound by the file instead. */
	struct dat_cur c = { f->map, f->map + off, f->map + f->map_size, f,
			     "compressed trace data" };
	uint32_t count, i, csize, usize;
	uint64_t total = 0, pos = 0;
	const unsigned char *start;

	if (dat__rd32(&c, &count))
		return -1;
	start = c.p;
	for (i = 0; i < count; i++) {
		if (dat__rd32(&c, &csize) || dat__rd32(&c, &usize) || dat__need(&c, csize))
			return -1;
		if (!size_plausible(algo, c.p, csize, usize))
			return dat__fail(f, "corrupted: CPU %u: a chunk of %u bytes cannot "
					 "uncompress to %u", cpu->cpu, csize, usize);
		c.p += csize;
		total += usize;
		if (total > MAX_UNCOMPRESSED)
			return dat__fail(f, "corrupted: CPU %u's data would uncompress to over 4 GiB",
					 cpu->cpu);
	}
	cpu->owned = malloc(total ? total : 1);
	if (!cpu->owned)
		return dat__fail(f, "out of memory (CPU %u: %llu bytes)", cpu->cpu,
				 (unsigned long long)total);
	c.p = start;
	for (i = 0; i < count; i++) {
		dat__rd32(&c, &csize);
		dat__rd32(&c, &usize);
		if (z_decompress(f, algo, c.p, csize, cpu->owned + pos, usize))
			return -1;
		c.p += csize;
		pos += usize;
	}
	cpu->data = cpu->owned;
	cpu->size = total;
	return 0;
}

/* One CPU of a BUFFER option: its id, and the offset and size of its data. */
static int read_buffer_cpu(struct dat_file *f, const char *algo, struct dat_cur *o,
			   const char *name, struct dat_cpu *cpu, int compressed)
{
	uint64_t coff, csize;
	uint32_t id;

	if (dat__rd32(o, &id) || dat__rd64(o, &coff) || dat__rd64(o, &csize))
		return -1;
	if (id >= DAT_MAX_CPUS)
		return dat__fail(f, "corrupted: buffer '%s' names CPU %u", name, id);
	cpu->cpu = id;
	if (dat__check_range(f, coff, csize, "CPU data"))
		return -1;
	if (csize && compressed)
		return read_chunks(f, algo, cpu, coff);
	cpu->data = f->map + coff;
	cpu->size = csize;
	return 0;
}

/* A BUFFER option after its section's offset (@off), name and clock: its CPUs. */
static int read_buffer_cpus(struct dat_file *f, const char *algo, struct dat_cur *o,
			    uint64_t off, const char *name, const char *clock)
{
	struct dat_buffer *b;
	struct section s;
	uint32_t nr, i;

	/* trace-cmd 3.1 writes the page size here; the v7 document does not have it. */
	if ((size_t)(o->end - o->p) >= 8 && ((size_t)(o->end - o->p) - 8) % 20 == 0 &&
	    dat__rd32(o, &nr))
		return -1;
	if (dat__rd32(o, &nr))
		return -1;
	if (nr > DAT_MAX_CPUS || nr > (uint64_t)(o->end - o->p) / 20)
		return dat__fail(f, "corrupted: buffer '%s' has %u CPUs", name, nr);
	if (dat__add_buffer(f, name, clock, nr))
		return -1;
	b = &f->buffers[f->nr_buffers - 1];
	if (read_section(f, algo, off, 0xffff, &s, 1))
		return -1;
	for (i = 0; i < nr; i++)
		if (read_buffer_cpu(f, algo, o, name, &b->cpus[i], s.flags & 1))
			return -1;
	return 0;
}

/* A BUFFER option, its @size bytes at @data in the options section @s. */
static int read_buffer_option(struct dat_file *f, const char *algo, const struct section *s,
			      const unsigned char *data, uint32_t size)
{
	struct dat_cur o = { s->data, data, data + size, f, "BUFFER option" };
	char *name = NULL, *clock = NULL;
	uint64_t off;
	int ret = -1;

	if (!dat__rd64(&o, &off) && !dat__rdstr(&o, &name, DAT_MAX_NAME) &&
	    !dat__rdstr(&o, &clock, DAT_MAX_NAME))
		ret = read_buffer_cpus(f, algo, &o, off, name, clock);
	free(name);
	free(clock);
	return ret;
}

/* An option that points at a part's section (HEADER_INFO ... CMDLINES): that part. */
static int read_part_option(struct dat_file *f, const char *algo, uint16_t id,
			    const unsigned char *data)
{
	struct section sub;
	struct dat_cur sc;
	uint64_t off;
	int ret;

	memcpy(&off, data, 8);
	if (read_section(f, algo, off, id, &sub, 0))
		return -1;
	sc = section_cur(f, &sub, "section");
	ret = dat__read_part(f, id, &sc);
	free(sub.owned);
	return ret;
}

/* One option (not DONE) of the options section @s, its @size bytes at @data. */
static int read_option(struct dat_file *f, const char *algo, const struct section *s,
		       uint16_t id, const unsigned char *data, uint32_t size)
{
	switch (id) {
	case OPT_BUFFER:
		return read_buffer_option(f, algo, s, data, size);
	case OPT_CPUSTAT:
		return dat__add_cpustat(f, data, size);
	case OPT_TSC2NSEC:
	case OPT_OFFSET:
	case OPT_DATE:
	case OPT_VERSION:
	case OPT_UNAME:
		return dat__read_time_option(f, id, data, size);
	case OPT_TRACECLOCK:
		if (!f->clock) {
			char *t = strndup((const char *)data, size);

			f->clock = t ? dat__clock_name(t) : NULL;
			free(t);
		}
		return 0;
	case OPT_CPUCOUNT:
		if (size >= 4)
			memcpy(&f->nr_cpus, data, 4);
		return 0;
	case OPT_HEADER_INFO:
	case OPT_FTRACE_EVENTS:
	case OPT_EVENT_FORMATS:
	case OPT_KALLSYMS:
	case OPT_PRINTK:
	case OPT_CMDLINES:
		return size >= 8 ? read_part_option(f, algo, id, data) : 0;
	}
	return 0;
}

/* The options of the section @s, up to DONE: *@next, where the next section is (or 0). */
static int read_options(struct dat_file *f, const char *algo, const struct section *s,
			uint64_t *next)
{
	struct dat_cur o = section_cur(f, s, "options");
	uint32_t size;
	uint16_t id;

	*next = 0;
	for (;;) {
		o.what = "options";
		if (dat__rd16(&o, &id) || dat__rd32(&o, &size) || dat__need(&o, size))
			return -1;
		if (id == OPT_DONE) {
			if (size >= 8)
				memcpy(next, o.p, 8);
			return 0;
		}
		if (read_option(f, algo, s, id, o.p, size))
			return -1;
		o.p += size;
	}
}

/* The chain of options sections from @off, each read and freed in turn. */
static int read_options_chain(struct dat_file *f, const char *algo, uint64_t off)
{
	unsigned int guard = 0;
	struct section s;
	int ret;

	while (off) {
		if (++guard > 1024)
			return dat__fail(f, "corrupted: the options sections loop");
		if (read_section(f, algo, off, 0, &s, 0))
			return -1;
		ret = read_options(f, algo, &s, &off);
		free(s.owned);
		if (ret)
			return -1;
	}
	if (!f->header_page.data)
		return dat__fail(f, "corrupted: no header_page section");
	return 0;
}

int dat__read_v7(struct dat_file *f, struct dat_cur *c)
{
	char *algo = NULL, *ver = NULL;
	uint64_t opt_off;
	int ret = -1;

	c->what = "compression header";
	if (!dat__rdstr(c, &algo, 64) && !dat__rdstr(c, &ver, 64) && !dat__rd64(c, &opt_off))
		ret = read_options_chain(f, algo, opt_off);
	free(algo);
	free(ver);
	return ret;
}
