// SPDX-License-Identifier: MIT
/*
 * read.c - open a trace.dat file: its header, then version 6 here (its parts read by
 * parts.c) or version 7 (read-v7.c).
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
/* Version 6: one header, then the CPUs' data */

/* Named buffers (instances): BUFFER options, each the offset of its CPUs' table. */
#define V6_MAX_BUFFERS	256

struct v6_buffers {
	uint64_t off[V6_MAX_BUFFERS];
	char *name[V6_MAX_BUFFERS];
	unsigned int nr;
};

/* A BUFFER option: u64 offset of its own "flyrecord" table, then its name, NUL-ended. */
static int read_v6_buffer_option(struct dat_file *f, const unsigned char *p, uint32_t size,
				 struct v6_buffers *bufs)
{
	if (size < 10 || !memchr(p + 8, '\0', size - 8) || !p[8])
		return dat__fail(f, "corrupted: a BUFFER option of %u bytes, or with no name", size);
	if (bufs->nr == V6_MAX_BUFFERS)
		return dat__fail(f, "corrupted: more than %d buffers", V6_MAX_BUFFERS);
	if (strnlen((const char *)p + 8, size - 8) >= DAT_MAX_NAME)
		return dat__fail(f, "corrupted: a buffer's name is too long");
	memcpy(&bufs->off[bufs->nr], p, 8);
	bufs->name[bufs->nr] = strdup((const char *)p + 8);
	if (!bufs->name[bufs->nr])
		return dat__fail(f, "out of memory");
	bufs->nr++;
	return 0;
}

/* The options after "options  ", up to DONE; *@has_clock when TRACECLOCK is among them. */
static int read_v6_options(struct dat_file *f, struct dat_cur *c, int *has_clock,
			   struct v6_buffers *bufs)
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
		if (id == OPT_BUFFER && read_v6_buffer_option(f, c->p, size, bufs))
			return -1;
		if (dat__read_time_option(f, id, c->p, size))
			return -1;
		c->p += size;
	}
}

/* After the data kind @tag ("flyrecord"): each CPU's offset and size, in buffer @name. */
static int read_v6_cpus(struct dat_file *f, struct dat_cur *c, const char *tag,
			const char *name, uint32_t nr_cpus)
{
	struct dat_buffer *b;
	uint64_t off, sz;
	uint32_t i;

	if (!memcmp(tag, "latency  ", 10))
		return dat__fail(f, "a latency trace (text) is not supported; only flyrecord data");
	if (memcmp(tag, "flyrecord", 10))
		return dat__fail(f, "corrupted: expected \"flyrecord\" at offset %zu",
				 (size_t)(c->p - c->base) - 10);
	if (dat__add_buffer(f, name, "local", nr_cpus))
		return -1;
	b = &f->buffers[f->nr_buffers - 1];
	if (!*name)
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

/* The trace_clock text after a buffer's CPU table, when a TRACECLOCK option says so. */
static int read_v6_clock(struct dat_cur *c, char **clock)
{
	struct dat_text t = { NULL, 0 };

	c->what = "trace clock";
	if (dat__rdtext64(c, &t))
		return -1;
	*clock = dat__clock_name(t.data);
	free(t.data);
	return 0;
}

/* Each named buffer's table, at its BUFFER option's offset, as the top one's. */
static int read_v6_buffers(struct dat_file *f, struct dat_cur *top, int has_clock,
			   const struct v6_buffers *bufs)
{
	unsigned int i;

	for (i = 0; i < bufs->nr; i++) {
		struct dat_cur c = *top;
		struct dat_buffer *b;
		char tag[10];

		if (dat__check_range(f, bufs->off[i], 10, "a buffer's CPU table"))
			return -1;
		c.p = c.base + bufs->off[i];
		c.what = "a buffer's data kind";
		if (dat__rd(&c, tag, 10) || read_v6_cpus(f, &c, tag, bufs->name[i], f->nr_cpus))
			return -1;
		b = &f->buffers[f->nr_buffers - 1];
		if (has_clock) {
			free(b->clock);
			if (read_v6_clock(&c, &b->clock))
				return -1;
		}
	}
	return 0;
}

static int read_v6(struct dat_file *f, struct dat_cur *c)
{
	struct v6_buffers bufs = { .nr = 0 };
	int has_clock = 0, ret = -1;
	unsigned int i;
	uint32_t nr_cpus;
	char tag[10];
	uint16_t id;

	for (id = OPT_HEADER_INFO; id <= OPT_CMDLINES; id++)
		if (dat__read_part(f, id, c))
			return -1;
	c->what = "CPU count";
	if (dat__rd32(c, &nr_cpus) || dat__rd(c, tag, 10))
		return -1;
	if (nr_cpus > DAT_MAX_CPUS)
		return dat__fail(f, "corrupted: %u CPUs", nr_cpus);
	f->nr_cpus = nr_cpus;
	if (!memcmp(tag, "options  ", 10)) {
		if (read_v6_options(f, c, &has_clock, &bufs))
			goto out;
		c->what = "data kind";
		if (dat__rd(c, tag, 10))
			goto out;
	}
	if (read_v6_cpus(f, c, tag, "", nr_cpus) ||
	    (has_clock && read_v6_clock(c, &f->clock)) ||
	    read_v6_buffers(f, c, has_clock, &bufs))
		goto out;
	ret = 0;
out:
	for (i = 0; i < bufs.nr; i++)
		free(bufs.name[i]);
	return ret;
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
	f->user_ids = DAT_USER_IDS;
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
	f->user_ids = DAT_USER_IDS;
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
	free(f->tgids);
	free(f->cmdlines.data);
	free(f->clock);
	free(f->creator);
	free(f->uname);
	free(f->cpustats);
	if (f->mapped)
		munmap(f->map, f->map_size);
	f->mapped = 0;
}
