// SPDX-License-Identifier: MIT
/*
 * read.c - open a trace.dat file: its header, the parts both versions hold, version 6.
 *
 * The reader trusts nothing in the file: every length is checked against what is left,
 * every offset against the file's size, counts against what could possibly fit, and the
 * uncompressed sizes of compressed blocks against a ceiling (read-v7.c), so that a truncated
 * or corrupted file is an error message, never a crash, a hang or an unbounded allocation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "dat/internal.h"

/* ---------------------------------------------------------------------------------------- */
/* The parts both versions hold */

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

	if (dat__rdstr(c, &sys, 4096))
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
 * OFFSET (ns) and DATE (us) are added. VERSION is kept for the report's header.
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
	case OPT_VERSION:
		free(f->creator);
		f->creator = strndup((const char *)data, size);
		return f->creator ? 0 : dat__fail(f, "out of memory");
	}
	return 0;
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

/* ---------------------------------------------------------------------------------------- */
/* Version 6: one header, then the CPUs' data */

/* The options after "options  ", up to DONE; *@has_clock when TRACECLOCK is among them. */
static int read_v6_options(struct dat_file *f, struct dat_cur *c, int *has_clock)
{
	uint32_t size;
	uint16_t id;

	for (;;) {
		c->what = "options";
		if (dat__rd16(c, &id))
			return -1;
		if (id == OPT_DONE)
			return 0;
		if (dat__rd32(c, &size) || dat__need(c, size))
			return -1;
		if (id == OPT_CPUSTAT && dat__add_cpustat(f, c->p, size))
			return -1;
		if (id == OPT_TRACECLOCK)
			*has_clock = 1;
		if (dat__read_time_option(f, id, c->p, size))
			return -1;
		c->p += size;
	}
}

/* After the data kind @tag ("flyrecord"): each CPU's offset and size, in one buffer. */
static int read_v6_cpus(struct dat_file *f, struct dat_cur *c, const char *tag,
			uint32_t nr_cpus)
{
	struct dat_buffer *b;
	uint64_t off, sz;
	uint32_t i;

	if (!memcmp(tag, "latency  ", 10))
		return dat__fail(f, "a latency trace (text) is not supported; only flyrecord data");
	if (memcmp(tag, "flyrecord", 10))
		return dat__fail(f, "corrupted: expected \"flyrecord\" at offset %zu",
				 (size_t)(c->p - c->base) - 10);
	if (dat__add_buffer(f, "", "local", nr_cpus))
		return -1;
	b = &f->buffers[0];
	f->cpu_table_off = (uint64_t)(c->p - c->base);
	c->what = "CPU offsets";
	for (i = 0; i < nr_cpus; i++) {
		if (dat__rd64(c, &off) || dat__rd64(c, &sz))
			return -1;
		if (dat__check_range(f, off, sz, "CPU data"))
			return -1;
		b->cpus[i].cpu = i;
		b->cpus[i].data = f->map + off;
		b->cpus[i].size = sz;
	}
	return 0;
}

/* The trace_clock text after the CPUs' table, when a TRACECLOCK option says it is there. */
static int read_v6_clock(struct dat_file *f, struct dat_cur *c)
{
	struct dat_text t = { NULL, 0 };

	c->what = "trace clock";
	if (dat__rdtext64(c, &t))
		return -1;
	f->clock = dat__clock_name(t.data);
	free(t.data);
	return 0;
}

static int read_v6(struct dat_file *f, struct dat_cur *c)
{
	int has_clock = 0;
	uint32_t nr_cpus;
	char tag[10];
	uint16_t id;

	for (id = OPT_HEADER_INFO; id <= OPT_CMDLINES; id++)
		if (dat__read_part(f, id, c))
			return -1;
	c->what = "CPU count";
	if (dat__rd32(c, &nr_cpus) || dat__rd(c, tag, 10))
		return -1;
	if (nr_cpus > 4096)
		return dat__fail(f, "corrupted: %u CPUs", nr_cpus);
	f->nr_cpus = nr_cpus;
	if (!memcmp(tag, "options  ", 10)) {
		if (read_v6_options(f, c, &has_clock))
			return -1;
		c->what = "data kind";
		if (dat__rd(c, tag, 10))
			return -1;
	}
	if (read_v6_cpus(f, c, tag, nr_cpus))
		return -1;
	return has_clock ? read_v6_clock(f, c) : 0;
}

/* ---------------------------------------------------------------------------------------- */
/* The file */

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

/* The magic, the version, and what the rest is read with: endianness, long and page size. */
static int read_file_header(struct dat_file *f, struct dat_cur *c)
{
	unsigned char endian, lsize;
	char *version = NULL;

	if (f->map_size == 0)
		return dat__fail(f, "empty file: not a trace.dat file");
	if (f->map_size < DAT_MAGIC_LEN || memcmp(f->map, DAT_MAGIC, DAT_MAGIC_LEN) != 0)
		return dat__fail(f, "not a trace.dat file (no trace-cmd magic at the start)");
	c->p += DAT_MAGIC_LEN;
	c->what = "version";
	if (dat__rdstr(c, &version, 16))
		return -1;
	f->version = atoi(version);
	free(version);
	c->what = "file header";
	if (dat__rd(c, &endian, 1) || dat__rd(c, &lsize, 1) || dat__rd32(c, &f->page_size))
		return -1;
	if (f->version != 6 && f->version != 7)
		return dat__fail(f, "trace.dat version %d is not supported (6 and 7 are)",
				 f->version);
	if (endian != 0)
		return dat__fail(f, "a big-endian trace.dat is not supported");
	if (lsize != 4 && lsize != 8)
		return dat__fail(f, "corrupted: long size %u", lsize);
	f->long_size = lsize;
	if (f->page_size < 64 || f->page_size > (1u << 20) || (f->page_size & (f->page_size - 1)))
		return dat__fail(f, "corrupted: page size %u", f->page_size);
	return 0;
}

static int dat_parse(struct dat_file *f)
{
	struct dat_cur c = { f->map, f->map, f->map + f->map_size, f, "magic" };

	if (read_file_header(f, &c))
		return -1;
	if (f->version == 6 ? read_v6(f, &c) : dat__read_v7(f, &c))
		return -1;
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
	int fd;

	/*
	 * Only a regular file: stat() first, as opening a FIFO blocks until a writer comes and
	 * opening a device may do something; then O_NONBLOCK and fstat() for what was opened,
	 * in case the name changed in between.
	 */
	memset(f, 0, sizeof(*f));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return dat__fail(f, "%s, not a trace.dat file; give a regular file",
				 dat_file_kind(st.st_mode));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return dat__fail(f, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0) {
		close(fd);
		return dat__fail(f, "cannot stat: %s", strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return dat__fail(f, "%s, not a trace.dat file; give a regular file",
				 dat_file_kind(st.st_mode));
	}
	if (st.st_size == 0) {
		close(fd);
		return dat__fail(f, "empty file: not a trace.dat file");
	}
	f->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		return dat__fail(f, "cannot map: %s", strerror(errno));
	}
	f->map_size = (size_t)st.st_size;
	f->mapped = 1;
	return dat_parse(f);
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
