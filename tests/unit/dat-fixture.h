/* SPDX-License-Identifier: MIT */
/*
 * dat-fixture.h - what test-dat writes and reads (dat-fixture.c): a trace of three CPUs, its
 * pages built with page.h's encoders; where each part of its version 6 file lies, found by
 * walking the file as trace-cmd.dat.v6(5) describes it; and version 7 files made of the
 * same parts, as trace-cmd.dat.v7(5) describes them. No checks here: test-dat.c makes them.
 */
#ifndef TPOINT_DAT_FIXTURE_H
#define TPOINT_DAT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "dat/dat.h"
#include "page.h"

#define NR_CPUS		3
#define NR_FORMATS	3
#define NR_EVENTS	430

/* An event's payload: the common fields, then "value". */
struct payload {
	uint16_t type;
	uint8_t flags, preempt;
	int32_t pid;
	int32_t value;
};

struct event {
	int cpu;
	uint64_t ts;			/* in the clock's units */
	struct payload p;
	long long missed;		/* events lost before it: it starts a page */
};

struct trace {
	struct dat_format formats[NR_FORMATS];	/* in the order given to the writer */
	const char *kallsyms, *printk, *cmdlines, *tgids, *clock, *clock_note;
	uint32_t tsc_mult, tsc_shift;
	int64_t ts_offset;
	struct event ev[NR_EVENTS];		/* each CPU's in time order */
	unsigned int nr_ev;
	unsigned char *pages[NR_CPUS];		/* each CPU's pages, as the file must hold them */
	uint64_t size[NR_CPUS];
	struct dat_writer_cpu stats[NR_CPUS];	/* entries, overrun, dropped */
};

/*
 * The mono clock, or (@tsc) x86-tsc with a conversion to ns. CPU 0: 400 events in two
 * pages, a gap that needs a time extend; CPU 1: none; CPU 2: 30 events, 15 a page, 9 lost
 * before the second page (4 overrun, 5 dropped in its stats).
 */
void make_trace(struct trace *tr, int tsc);
void free_trace(struct trace *tr);
/* The time in ns trace-cmd gives an event of time @ts. */
uint64_t want_ts(const struct trace *tr, uint64_t ts);

/* What dat_write() said: its message, and the name it kept the file under. */
struct written {
	char err[512];
	char kept[256];
};

/* @tr written to @path by dat_write(), its CPUs' pages in files beside it. Its return. */
int write_trace(const struct trace *tr, const char *path, int noreplace, struct written *out);

/*
 * dat_open_mem() on a copy of @n bytes that ends where an inaccessible page begins: a read
 * past the end is a crash. Its return, and its message in @err.
 */
int try_mem(const void *data, size_t n, char *err, size_t len);

struct buf {
	unsigned char *d;
	size_t n, cap;
};

void buf_put(struct buf *b, const void *p, size_t n);
/* A whole file, malloc'd; its size in *@n. */
unsigned char *slurp(const char *path, size_t *n);
/* A test's directory, removed unless @keep (a test failed: what it left is looked at). */
void remove_dir(const char *dir, int keep);

/* ---------------------------------------------------------------------------------------- */

/* A place to cut a file, and what the reader must then say. */
struct bound {
	size_t off;
	const char *says;
};

/* A version 6 file as written by dat_write(): where its parts and fields are. */
struct layout {
	struct bound b[128];
	unsigned int nb;
	size_t part[6][2];		/* HEADER_INFO ... CMDLINES, v7's order: [start, end) */
	size_t opts[2];			/* the options, DONE left out */
	size_t header_page_size, nsys, format_size, kallsyms_size, cmdlines_size;
	size_t nr_cpus, opt_size, data_kind, cpu_table, clock_size;
};

void walk_v6(const unsigned char *d, size_t n, struct layout *l);
/*
 * make_trace(@tr, @tsc) written to @dir/@name: the file, malloc'd, its size in *@n, its
 * layout in *@l.
 */
unsigned char *write_v6(struct trace *tr, int tsc, const char *dir, const char *name,
			size_t *n, struct layout *l);

/* ---------------------------------------------------------------------------------------- */

enum { V7_NONE, V7_ZLIB, V7_ZSTD };

struct v7_cfg {
	int algo;
	int compress_options;		/* the options sections too */
	int page_size_field;		/* in the BUFFER option, as trace-cmd 3.1 writes it */
	int no_traceclock;		/* leave out the TRACECLOCK option */
	uint32_t buffer_cpus;		/* the BUFFER's CPUs, the extra ones empty (0: 3) */
	const void *extra;		/* options to add after the version 6 file's */
	size_t extra_n;
};

/* Where build_v7() put what the tests change. */
struct v7_at {
	size_t algo_name;		/* the compression's name */
	size_t first_usize;		/* a compressed part section's uncompressed size */
	size_t first_block;		/* and its compressed block */
	size_t opts_a, next_a;		/* the first options section; its DONE's next */
	size_t header_id, header_ptr;	/* the HEADER_INFO option's id and offset */
	size_t kallsyms_sec;		/* the KALLSYMS section */
	size_t cpu0;			/* the BUFFER option's entry for CPU 0: id, offset, size */
};

/*
 * A version 7 file of the parts of the version 6 file @v6: the parts' sections, the CPUs'
 * data in one buffer section (compressed a page a chunk, zstd frames without their size as
 * trace-cmd writes them), then two options sections: the first points at the parts and at
 * the second, which holds @v6's options, CPUCOUNT and BUFFER (of clock "boot"). Its size
 * in *@n.
 */
unsigned char *build_v7(const unsigned char *v6, const struct layout *l,
			const struct v7_cfg *cfg, size_t *n, struct v7_at *at);
/* A zstd frame that does not say its size, padded with zeros to @n bytes. */
void put_unsized_zstd(struct buf *b, size_t n);

#endif /* TPOINT_DAT_FIXTURE_H */
