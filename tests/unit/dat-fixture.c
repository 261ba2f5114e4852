// SPDX-License-Identifier: MIT
/* dat-fixture.c - the trace test-dat writes, its file's layout, version 7 files of it. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "dat-fixture.h"

/* Three events of two systems, given to the writer out of system order. */
static const struct {
	const char *system, *name;
	uint16_t id;
} events[NR_FORMATS] = {
	{ "tpt", "ev_a", 1001 }, { "other", "ev_c", 1003 }, { "tpt", "ev_b", 1002 },
};

void buf_put(struct buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 4096;
		b->d = realloc(b->d, b->cap);
		if (!b->d)
			exit(2);
	}
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void put16(struct buf *b, uint16_t v) { buf_put(b, &v, 2); }
static void put32(struct buf *b, uint32_t v) { buf_put(b, &v, 4); }
static void put64(struct buf *b, uint64_t v) { buf_put(b, &v, 8); }
static void putstr(struct buf *b, const char *s) { buf_put(b, s, strlen(s) + 1); }

static uint64_t get(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, p, n);
	return v;
}

/* ---------------------------------------------------------------------------------------- */
/* The trace */

static char *format_text(const char *name, uint16_t id)
{
	char *t;

	if (asprintf(&t, "name: %s\nID: %u\nformat:\n"
		     "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		     "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		     "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		     "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
		     "\tfield:int value;\toffset:8;\tsize:4;\tsigned:1;\n\n"
		     "print fmt: \"value=%%d\", REC->value\n", name, id) < 0)
		exit(2);
	return t;
}

/*
 * A CPU's pages: its events in order, a new page when one is full, after @per_page events,
 * or at an event with a mark (the events lost before it).
 */
static void build_pages(struct trace *tr, int cpu, unsigned int per_page)
{
	unsigned int i, in_page = 0;
	unsigned char page[PG_SIZE];
	uint64_t base = 0, last = 0;
	struct buf b = { 0 };
	long long missed = 0;
	uint32_t used = 0;

	for (i = 0; i < tr->nr_ev; i++) {
		const struct event *e = &tr->ev[i];
		uint64_t delta = e->ts - last;
		uint32_t ext = delta >> RB_DELTA_BITS ? 8 : 0;

		if (e->cpu != cpu)
			continue;
		if (in_page && (e->missed || in_page == per_page ||
				used + ext + pg_event_len(sizeof(e->p)) > PG_DATA_SIZE)) {
			pg_finish(page, base, used, (uint64_t)missed);
			buf_put(&b, page, PG_SIZE);
			in_page = 0;
		}
		if (!in_page) {
			base = last = e->ts;
			missed = e->missed;
			used = ext = 0;
			delta = 0;
		}
		if (ext)
			used += pg_put_extend(page + PG_HDR + used, delta);
		used += pg_put_event(page + PG_HDR + used, ext ? 0 : (uint32_t)delta, &e->p,
				     sizeof(e->p));
		last = e->ts;
		in_page++;
	}
	if (in_page) {
		pg_finish(page, base, used, (uint64_t)missed);
		buf_put(&b, page, PG_SIZE);
	}
	tr->pages[cpu] = b.d;
	tr->size[cpu] = b.n;
}

/* The CPUs' times differ, so that the order by time is one order. */
static void make_events(struct trace *tr)
{
	struct event *e = tr->ev;
	unsigned int i;

	for (i = 0; i < 400; i++, e++) {
		e->cpu = 0;
		e->ts = 1000000000ull + i * 1000 + (i >= 300 ? 1ull << 30 : 0);
		e->p.type = events[i % NR_FORMATS].id;
		e->p.pid = i % 2 ? 100 : 200;
		e->p.value = (int32_t)i;
	}
	for (i = 0; i < 30; i++, e++) {
		e->cpu = 2;
		e->ts = 1000000000ull + i * 20000 + 501;
		e->p.type = events[(i + 1) % NR_FORMATS].id;
		e->p.pid = 300;
		e->p.value = -(int32_t)i;
		e->missed = i == 15 ? 9 : 0;
	}
	tr->nr_ev = (unsigned int)(e - tr->ev);
	tr->stats[0].entries = 400;
	tr->stats[2].entries = 30;
	tr->stats[2].overrun = 4;
	tr->stats[2].dropped = 5;
}

void make_trace(struct trace *tr, int tsc)
{
	unsigned int i;

	memset(tr, 0, sizeof(*tr));
	for (i = 0; i < NR_FORMATS; i++) {
		tr->formats[i].system = (char *)events[i].system;
		tr->formats[i].text.data = format_text(events[i].name, events[i].id);
		tr->formats[i].text.size = strlen(tr->formats[i].text.data);
	}
	tr->kallsyms = "ffffffff81000000 T _stext\nffffffff81000100 t tpt_func\n"
		       "ffffffff81000200 T _etext\n";
	tr->printk = "0xffffffff82000000 : \"tpt says %d\\n\"\n";
	tr->cmdlines = "100 proc-odd\n200 proc-even\n300 proc-cpu2\n";
	/* Each thread's process; a tid's last line wins; what is not a pair is passed over. */
	tr->tgids = "100 90\n200 90\nnot a pair\n300 300\n100 91\n99999999 1\n0 5\n7 8 9\n";
	tr->clock = tsc ? "x86-tsc" : "mono";
	if (tsc) {
		tr->tsc_mult = 1234567890;
		tr->tsc_shift = 31;
		tr->ts_offset = -777777;
		tr->clock_note = "calibrated by test-dat";
	}
	make_events(tr);
	build_pages(tr, 0, 0);			/* pages as full as they get */
	build_pages(tr, 1, 0);
	build_pages(tr, 2, 15);
}

void free_trace(struct trace *tr)
{
	unsigned int i;

	for (i = 0; i < NR_FORMATS; i++)
		free(tr->formats[i].text.data);
	for (i = 0; i < NR_CPUS; i++)
		free(tr->pages[i]);
}

uint64_t want_ts(const struct trace *tr, uint64_t ts)
{
	if (!tr->tsc_mult)
		return ts;
	return (uint64_t)(((unsigned __int128)ts * tr->tsc_mult) >> tr->tsc_shift) +
	       (uint64_t)tr->ts_offset;
}

/* ---------------------------------------------------------------------------------------- */
/* Files */

/* Each CPU's pages in a file beside @path (copy_file_range() wants one file system). */
static void open_cpu_files(const struct trace *tr, const char *path,
			   struct dat_writer_cpu *cpus)
{
	const char *slash = strrchr(path, '/');
	int dlen = slash ? (int)(slash - path) : 1, i;
	char name[512];

	for (i = 0; i < NR_CPUS; i++) {
		cpus[i] = tr->stats[i];
		snprintf(name, sizeof(name), "%.*s/cpu%d", dlen, slash ? path : ".", i);
		cpus[i].fd = open(name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (cpus[i].fd < 0 ||
		    write(cpus[i].fd, tr->pages[i], tr->size[i]) != (ssize_t)tr->size[i])
			exit(2);
		cpus[i].size = tr->size[i];
	}
}

int write_trace(const struct trace *tr, const char *path, int noreplace, struct written *out)
{
	struct dat_writer_cpu cpus[NR_CPUS];
	struct dat_writer w = {
		.path = path, .noreplace = noreplace, .kept_as = out->kept,
		.kept_as_len = sizeof(out->kept), .formats = (struct dat_format *)tr->formats,
		.nr_formats = NR_FORMATS, .cmdlines = tr->cmdlines, .tgids = tr->tgids,
		.kallsyms = tr->kallsyms,
		.printk = tr->printk, .clock = tr->clock, .tsc_mult = tr->tsc_mult,
		.tsc_shift = tr->tsc_shift, .ts_offset = tr->ts_offset,
		.clock_note = tr->clock_note, .nr_cpus = NR_CPUS, .cpus = cpus,
	};
	int i, ret;

	out->err[0] = '\0';
	open_cpu_files(tr, path, cpus);
	ret = dat_write(&w, out->err, sizeof(out->err));
	for (i = 0; i < NR_CPUS; i++)
		close(cpus[i].fd);
	return ret;
}

unsigned char *slurp(const char *path, size_t *n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct buf b = { 0 };
	char chunk[65536];
	ssize_t r;

	while (fd >= 0 && (r = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(&b, chunk, (size_t)r);
	if (fd >= 0)
		close(fd);
	*n = b.n;
	return b.d;
}

void remove_dir(const char *dir, int keep)
{
	char cmd[128];

	if (keep) {
		printf("# %s is left as it is\n", dir);
		return;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# %s stays\n", dir);
}

int try_mem(const void *data, size_t n, char *err, size_t len)
{
	static size_t pg, maplen;
	static unsigned char *m;
	struct dat_file f;
	int ret;

	if (!pg)
		pg = (size_t)sysconf(_SC_PAGESIZE);
	if (n + pg > maplen) {		/* one mapping, grown as needed */
		if (m)
			munmap(m, maplen);
		maplen = (n + pg - 1) / pg * pg + pg;
		m = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED || mprotect(m + maplen - pg, pg, PROT_NONE))
			exit(2);
	}
	memcpy(m + maplen - pg - n, data, n);
	ret = dat_open_mem(&f, m + maplen - pg - n, n);
	snprintf(err, len, "%s", f.err);
	dat_close(&f);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* The version 6 file's layout */

static void bound(struct layout *l, size_t off, const char *says)
{
	if (l->nb < sizeof(l->b) / sizeof(l->b[0]))
		l->b[l->nb++] = (struct bound){ off, says };
}

/* A size of @w bytes, then that many bytes: a cut before either names @says. */
static size_t walk_sized(struct layout *l, const unsigned char *d, size_t p, size_t w,
			 const char *says)
{
	uint64_t n = get(d + p, w);

	bound(l, p, says);
	if (n)
		bound(l, p + w, says);
	return p + w + n;
}

/* header_page and header_event, each a name, a size and its text. */
static size_t walk_headers(struct layout *l, const unsigned char *d, size_t p)
{
	bound(l, p, "truncated: header_page needs 12 bytes");
	l->header_page_size = p + 12;
	p = walk_sized(l, d, p + 12, 8, "truncated: header_page needs");
	bound(l, p, "truncated: header_event needs 13 bytes");
	return walk_sized(l, d, p + 13, 8, "truncated: header_event needs");
}

/*
 * The counts of systems and of a system's formats are checked against what is left when they
 * are read: a cut that leaves less than a count could fit fails that check first.
 */
static void too_many(struct layout *l, unsigned int from, size_t after, uint32_t n,
		     uint32_t min, const char *says)
{
	unsigned int k;

	for (k = from; k < l->nb; k++)
		if (l->b[k].off >= after && (l->b[k].off - after) / min < n)
			l->b[k].says = says;
}

/* The systems: a count, then each one's name, count of formats, and formats. */
static size_t walk_systems(struct layout *l, const unsigned char *d, size_t p)
{
	uint32_t nsys = (uint32_t)get(d + p, 4), n[8], i, j;
	unsigned int first = l->nb + 1;
	size_t after[8];

	bound(l, p, "truncated: event formats needs 4 bytes");
	l->nsys = p;
	p += 4;
	for (i = 0; i < nsys && i < 8; i++) {
		if (i)
			bound(l, p, "corrupted: event formats: a string is not terminated");
		p += strlen((const char *)d + p) + 1;
		bound(l, p, "truncated: event formats needs 4 bytes");
		n[i] = (uint32_t)get(d + p, 4);
		after[i] = p += 4;
		for (j = 0; j < n[i]; j++) {
			if (!l->format_size)
				l->format_size = p;
			bound(l, p, "truncated: event formats needs 8 bytes");
			bound(l, p + 8, "truncated: event formats needs");
			p += 8 + get(d + p, 8);
		}
	}
	while (i--)		/* the checks read first win */
		too_many(l, first, after[i], n[i], 8, ": bad count of events");
	too_many(l, first, l->nsys + 4, nsys, 5, "event systems cannot fit in the file");
	return p;
}

/* The options up to DONE, each an id, a size and its data. */
static size_t walk_options(struct layout *l, const unsigned char *d, size_t p)
{
	uint16_t id;

	l->opts[0] = p;
	l->opt_size = p + 2;
	for (;;) {
		bound(l, p, "truncated: options needs 2 bytes");
		id = (uint16_t)get(d + p, 2);
		if (!id)
			break;
		bound(l, p + 2, "truncated: options needs 4 bytes");
		bound(l, p + 6, "truncated: options needs");
		p += 6 + get(d + p + 2, 4);
	}
	l->opts[1] = p;
	return p + 2;
}

/*
 * The CPUs' table, the clock, the pages. Each entry of the table is checked against the
 * file's size as it is read: a cut after CPU 0's entry is past CPU 0's pages.
 */
static void walk_cpus(struct layout *l, const unsigned char *d, size_t p, size_t n)
{
	uint32_t nr = (uint32_t)get(d + l->nr_cpus, 4), i;

	l->cpu_table = p;
	bound(l, p, "truncated: CPU offsets needs 8 bytes");
	bound(l, p + 8, "truncated: CPU offsets needs 8 bytes");
	for (i = 1; i < nr; i++)
		bound(l, p + 16 * i, "truncated: CPU data at offset");
	p += 16 * nr;
	l->clock_size = p;
	bound(l, p, "truncated: CPU data at offset");
	for (i = 0; i < nr; i++) {
		const unsigned char *e = d + l->cpu_table + 16 * i;	/* offset, size */

		if (get(e + 8, 8))
			bound(l, get(e, 8), "truncated: CPU data at offset");
	}
	bound(l, n - 1, "truncated: CPU data at offset");
}

void walk_v6(const unsigned char *d, size_t n, struct layout *l)
{
	size_t p = 18, k;

	memset(l, 0, sizeof(*l));
	bound(l, 0, "empty file");
	bound(l, 5, "not a trace.dat file");
	bound(l, 10, "corrupted: version: a string is not terminated");
	bound(l, 12, "truncated: file header needs 1 bytes");
	l->part[0][0] = p;
	l->part[0][1] = p = walk_headers(l, d, p);
	l->part[1][0] = p;
	bound(l, p, "truncated: ftrace event formats needs 4 bytes");
	l->part[1][1] = p += 4;			/* no ftrace formats */
	l->part[2][0] = p;
	l->part[2][1] = p = walk_systems(l, d, p);
	l->part[3][0] = l->kallsyms_size = p;
	l->part[3][1] = p = walk_sized(l, d, p, 4, "truncated: kallsyms needs");
	l->part[4][0] = p;
	l->part[4][1] = p = walk_sized(l, d, p, 4, "truncated: printk formats needs");
	l->part[5][0] = l->cmdlines_size = p;
	l->part[5][1] = p = walk_sized(l, d, p, 8, "truncated: cmdlines needs");
	l->nr_cpus = p;
	bound(l, p, "truncated: CPU count needs 4 bytes");
	bound(l, p + 4, "truncated: CPU count needs 10 bytes");
	p = walk_options(l, d, p + 14);
	l->data_kind = p;
	bound(l, p, "truncated: data kind needs 10 bytes");
	walk_cpus(l, d, p + 10, n);
	for (k = 0; k < l->nb; k++)	/* the cuts the size fields make empty */
		if (l->b[k].off >= n)
			l->b[k] = l->b[--l->nb];
}

unsigned char *write_v6(struct trace *tr, int tsc, const char *dir, const char *name,
			size_t *n, struct layout *l)
{
	unsigned char *d;
	struct written w;
	char path[512];

	make_trace(tr, tsc);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (write_trace(tr, path, 0, &w)) {
		fprintf(stderr, "%s\n", w.err);
		exit(2);
	}
	d = slurp(path, n);
	walk_v6(d, *n, l);
	return d;
}

/* ---------------------------------------------------------------------------------------- */
/* Version 7 */

/* A compressed block as sections and chunks hold it: its size, the size uncompressed, it. */
static void put_block(struct buf *b, int algo, const void *src, size_t n, int sized)
{
	size_t cap = ZSTD_compressBound(n) + compressBound(n), len = cap;
	unsigned char *dst = malloc(cap);
	uLongf zl = cap;

	if (algo == V7_ZLIB) {
		compress2(dst, &zl, src, n, 6);
		len = zl;
	} else {
		ZSTD_CCtx *cc = ZSTD_createCCtx();

		ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, sized);
		len = ZSTD_compress2(cc, dst, cap, src, n);
		ZSTD_freeCCtx(cc);
	}
	put32(b, (uint32_t)len);
	put32(b, (uint32_t)n);
	buf_put(b, dst, len);
	free(dst);
}

void put_unsized_zstd(struct buf *b, size_t n)
{
	static const char data[64];
	struct buf blk = { 0 };
	size_t start = b->n;

	put_block(&blk, V7_ZSTD, data, sizeof(data), 0);
	buf_put(b, blk.d + 8, blk.n - 8);
	while (b->n < start + n)
		buf_put(b, "", 1);
	free(blk.d);
}

/* A section: its header, then its data, or (@algo) its data as one compressed block. */
static size_t put_section(struct buf *f, uint16_t id, int algo, const void *data, size_t n,
			  struct v7_at *at)
{
	size_t off = f->n;
	struct buf blk = { 0 };

	put16(f, id);
	put16(f, algo ? 1 : 0);
	put32(f, 0);
	if (!algo) {
		put64(f, n);
		buf_put(f, data, n);
		return off;
	}
	put_block(&blk, algo, data, n, 1);
	put64(f, blk.n);
	if (!at->first_usize) {
		at->first_usize = f->n + 4;
		at->first_block = f->n + 8;
	}
	buf_put(f, blk.d, blk.n);
	free(blk.d);
	return off;
}

/* The CPUs' data in one section; each CPU's offset and size in @cpu. */
static size_t put_buffer(struct buf *f, const unsigned char *v6, const struct layout *l,
			 int algo, uint64_t cpu[NR_CPUS][2])
{
	struct buf d = { 0 };
	size_t start, i, j;

	for (i = 0; i < NR_CPUS; i++) {
		const unsigned char *pages = v6 + get(v6 + l->cpu_table + 16 * i, 8);
		uint64_t size = get(v6 + l->cpu_table + 16 * i + 8, 8);

		cpu[i][0] = d.n;
		if (!algo || !size) {
			buf_put(&d, pages, size);
		} else {
			put32(&d, (uint32_t)(size / PG_SIZE));
			for (j = 0; j < size; j += PG_SIZE)
				put_block(&d, algo, pages + j, PG_SIZE, 0);
		}
		cpu[i][1] = d.n - cpu[i][0];
	}
	start = f->n;
	put16(f, 3);				/* BUFFER */
	put16(f, algo ? 1 : 0);
	put32(f, 0);
	put64(f, d.n);
	for (i = 0; i < NR_CPUS; i++)
		cpu[i][0] += f->n;
	buf_put(f, d.d, d.n);
	free(d.d);
	return start;
}

static void put_option(struct buf *o, uint16_t id, const void *data, uint32_t n)
{
	put16(o, id);
	put32(o, n);
	buf_put(o, data, n);
}

/* @v6's options, but (@no_clock) TRACECLOCK. */
static void copy_options(struct buf *o, const unsigned char *v6, const struct layout *l,
			 int no_clock)
{
	size_t p = l->opts[0], len;

	for (; p < l->opts[1]; p += len) {
		len = 6 + get(v6 + p + 2, 4);
		if (!no_clock || get(v6 + p, 2) != 4)
			buf_put(o, v6 + p, len);
	}
}

/* The second options section: @v6's options and @cfg's, CPUCOUNT, BUFFER, DONE. */
static void put_options_b(struct buf *o, const unsigned char *v6, const struct layout *l,
			  const struct v7_cfg *cfg, size_t buffer, uint64_t cpu[NR_CPUS][2],
			  size_t *cpu0)
{
	uint32_t nr = cfg->buffer_cpus ? cfg->buffer_cpus : NR_CPUS, i;
	struct buf b = { 0 };
	uint64_t next = 0;

	copy_options(o, v6, l, cfg->no_traceclock);
	buf_put(o, cfg->extra, cfg->extra_n);
	put_option(o, 8, &nr, 4);		/* CPUCOUNT */
	put64(&b, buffer);
	putstr(&b, "");
	putstr(&b, "boot");
	if (cfg->page_size_field)
		put32(&b, PG_SIZE);
	put32(&b, nr);
	*cpu0 = o->n + 6 + b.n;
	for (i = 0; i < nr; i++) {
		put32(&b, i);
		put64(&b, i < NR_CPUS ? cpu[i][0] : 0);
		put64(&b, i < NR_CPUS ? cpu[i][1] : 0);
	}
	put_option(o, 3, b.d, (uint32_t)b.n);	/* BUFFER */
	put_option(o, 0, &next, 8);
	free(b.d);
}

/* The file header, the compression's name and version; the offset of the options later. */
static void put_v7_header(struct buf *f, const struct v7_cfg *cfg, struct v7_at *at)
{
	static const char *const names[] = { "none", "zlib", "zstd" };

	buf_put(f, "\027\010\104tracing", 10);
	putstr(f, "7");
	buf_put(f, "\0\10", 2);
	put32(f, PG_SIZE);
	at->algo_name = f->n;
	putstr(f, names[cfg->algo]);
	putstr(f, cfg->algo ? "1.0" : "");
	put64(f, 0);
}

unsigned char *build_v7(const unsigned char *v6, const struct layout *l,
			const struct v7_cfg *cfg, size_t *n, struct v7_at *at)
{
	int oalgo = cfg->compress_options ? cfg->algo : V7_NONE;
	struct buf f = { 0 }, a = { 0 }, b = { 0 };
	uint64_t cpu[NR_CPUS][2], part, next;
	size_t k, buffer, opts_b, cpu0;

	memset(at, 0, sizeof(*at));
	put_v7_header(&f, cfg, at);
	for (k = 0; k < 6; k++) {
		if (k == 3)
			at->kallsyms_sec = f.n;
		part = put_section(&f, (uint16_t)(16 + k), cfg->algo, v6 + l->part[k][0],
				   l->part[k][1] - l->part[k][0], at);
		if (!k)
			at->header_id = a.n;
		put_option(&a, (uint16_t)(16 + k), &part, 8);
	}
	at->header_ptr = at->header_id + 6;
	buffer = put_buffer(&f, v6, l, cfg->algo, cpu);
	put_options_b(&b, v6, l, cfg, buffer, cpu, &cpu0);
	opts_b = put_section(&f, 0, oalgo, b.d, b.n, at);
	next = opts_b;
	put_option(&a, 0, &next, 8);
	at->opts_a = put_section(&f, 0, oalgo, a.d, a.n, at);
	at->next_a = at->opts_a + 16 + a.n - 8;
	at->header_id += at->opts_a + 16;
	at->header_ptr += at->opts_a + 16;
	at->cpu0 = opts_b + 16 + cpu0;
	memcpy(f.d + at->algo_name + 5 + (cfg->algo ? 4 : 1), &at->opts_a, 8);
	free(a.d);
	free(b.d);
	*n = f.n;
	return f.d;
}
