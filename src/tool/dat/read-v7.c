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
					 ZSTD_isError(r) ? ZSTD_getErrorName(r) : "short", r, usize);
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
		return usize <= (256u << 20) && (uint64_t)usize <= (uint64_t)csize * 4096 + (1u << 20);
	}
	return (uint64_t)usize <= (uint64_t)csize * 1032 + 64;
}

static int read_section(struct dat_file *f, const char *algo, uint64_t off, uint16_t want,
			struct section *s, int header_only)
{
	struct dat_cur c = { f->map, f->map, f->map + f->map_size, f, "section header" };
	uint32_t strid, csize, usize;

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
	if (dat__rd32(&c, &csize) || dat__rd32(&c, &usize))
		return -1;
	if (csize > s->size - 8 || dat__need(&c, csize))
		return dat__fail(f, "corrupted: section %u: compressed size %u exceeds the section",
				 s->id, csize);
	if (!size_plausible(algo, c.p, csize, usize))
		return dat__fail(f, "corrupted: section %u: %u bytes cannot uncompress to %u",
				 s->id, csize, usize);
	s->owned = malloc(usize ? usize : 1);
	if (!s->owned)
		return dat__fail(f, "out of memory (section of %u bytes)", usize);
	if (z_decompress(f, algo, c.p, csize, s->owned, usize)) {
		free(s->owned);
		s->owned = NULL;
		return -1;
	}
	s->data = s->owned;
	s->size = usize;
	return 0;
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

static int read_buffer_option(struct dat_file *f, const char *algo, struct dat_cur *o)
{
	uint64_t off, coff, csize;
	uint32_t nr, i, id;
	char *name = NULL, *clock = NULL;
	struct section s;
	struct dat_buffer *b;
	int ret = -1;

	o->what = "BUFFER option";
	if (dat__rd64(o, &off) || dat__rdstr(o, &name, 4096) || dat__rdstr(o, &clock, 4096))
		goto out;
	/* trace-cmd 3.1 writes the page size here; the v7 document does not have it. */
	if ((size_t)(o->end - o->p) >= 8 && ((size_t)(o->end - o->p) - 8) % 20 == 0 &&
	    dat__rd32(o, &nr))
		goto out;
	if (dat__rd32(o, &nr))
		goto out;
	if (nr > 4096 || nr > (uint64_t)(o->end - o->p) / 20) {
		dat__fail(f, "corrupted: buffer '%s' has %u CPUs", name, nr);
		goto out;
	}
	if (dat__add_buffer(f, name, clock, nr))
		goto out;
	b = &f->buffers[f->nr_buffers - 1];
	if (read_section(f, algo, off, 0xffff, &s, 1))
		goto out;
	for (i = 0; i < nr; i++) {
		if (dat__rd32(o, &id) || dat__rd64(o, &coff) || dat__rd64(o, &csize))
			goto out;
		if (id >= 4096) {	/* readers size per-CPU tables by it */
			dat__fail(f, "corrupted: buffer '%s' names CPU %u", name, id);
			goto out;
		}
		b->cpus[i].cpu = id;
		if (dat__check_range(f, coff, csize, "CPU data"))
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

int dat__read_v7(struct dat_file *f, struct dat_cur *c)
{
	char *algo = NULL, *ver = NULL;
	uint64_t opt_off;
	unsigned int guard = 0;
	int ret = -1;

	c->what = "compression header";
	if (dat__rdstr(c, &algo, 64) || dat__rdstr(c, &ver, 64) || dat__rd64(c, &opt_off))
		goto out;
	while (opt_off) {
		struct section s, sub;
		struct dat_cur o, sc;
		uint16_t id;
		uint32_t size;
		uint64_t v, next = 0;

		if (++guard > 1024) {
			dat__fail(f, "corrupted: the options sections loop");
			goto out;
		}
		if (read_section(f, algo, opt_off, 0, &s, 0))
			goto out;
		o = section_cur(f, &s, "options");
		for (;;) {
			const unsigned char *data;

			o.what = "options";
			if (dat__rd16(&o, &id) || dat__rd32(&o, &size) || dat__need(&o, size)) {
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
				struct dat_cur bo = { s.data, data, data + size, f,
						      "BUFFER option" };

				if (read_buffer_option(f, algo, &bo)) {
					free(s.owned);
					goto out;
				}
			} else if (id == OPT_CPUSTAT) {
				if (dat__add_cpustat(f, data, size)) {
					free(s.owned);
					goto out;
				}
			} else if (id == OPT_TSC2NSEC || id == OPT_OFFSET || id == OPT_DATE ||
				   id == OPT_VERSION) {
				if (dat__read_time_option(f, id, data, size)) {
					free(s.owned);
					goto out;
				}
			} else if (id == OPT_TRACECLOCK && !f->clock) {
				char *t = strndup((const char *)data, size);

				f->clock = t ? dat__clock_name(t) : NULL;
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
				case OPT_HEADER_INFO: ret = dat__read_headers(f, &sc); break;
				case OPT_FTRACE_EVENTS: ret = dat__read_ftrace_formats(f, &sc); break;
				case OPT_EVENT_FORMATS: ret = dat__read_event_formats(f, &sc); break;
				case OPT_KALLSYMS: sc.what = "kallsyms"; ret = dat__rdtext32(&sc, &f->kallsyms); break;
				case OPT_PRINTK: sc.what = "printk formats"; ret = dat__rdtext32(&sc, &f->printk); break;
				case OPT_CMDLINES: sc.what = "cmdlines"; ret = dat__rdtext64(&sc, &f->cmdlines); break;
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
		dat__fail(f, "corrupted: no header_page section");
	else
		ret = 0;
out:
	free(algo);
	free(ver);
	return ret;
}
