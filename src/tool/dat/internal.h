/* SPDX-License-Identifier: MIT */
/*
 * dat/internal.h - what the files of dat/ share and the rest of the tool does not see: the
 * file's magic and option ids, the bounds-checked cursor (cursor.c), the parts both versions
 * hold (parts.c) and the version 7 reader (read-v7.c).
 */
#ifndef TPOINT_DAT_INTERNAL_H
#define TPOINT_DAT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dat/dat.h"
#include "ring.h"

#define DAT_MAGIC	"\027\010\104tracing"
#define DAT_MAGIC_LEN	10
/* Bounds on what a file may claim, checked before anything is sized by it. */
#define DAT_MAX_CPUS	RING_MAX_CPUS	/* CPUs of a buffer; readers size per-CPU tables by it */
#define DAT_MAX_NAME	4096		/* a system's, a buffer's or a clock's name */
#define DAT_ZSTD_RATIO	4096		/* zstd frame without its size: bytes out per byte in */
#define DAT_ZLIB_RATIO	1032		/* zlib's worst case: bytes out per byte in */
#define DAT_MAX_BLOCK	(256u << 20)	/* one decompressed block */

enum { OPT_DONE, OPT_DATE, OPT_CPUSTAT, OPT_BUFFER, OPT_TRACECLOCK, OPT_UNAME, OPT_HOOK,
       OPT_OFFSET, OPT_CPUCOUNT, OPT_VERSION, OPT_PROCMAPS, OPT_TRACEID, OPT_TIME_SHIFT,
       OPT_GUEST, OPT_TSC2NSEC, OPT_STRINGS, OPT_HEADER_INFO, OPT_FTRACE_EVENTS,
       OPT_EVENT_FORMATS, OPT_KALLSYMS, OPT_PRINTK, OPT_CMDLINES, OPT_BUFFER_TEXT };

/*
 * tpoint's own option: each thread's process, as the kernel's saved_tgids text ("pid
 * tgid\n"...). trace-cmd has no such option; its readers (libtracecmd) and tpoint's pass
 * over options they do not know, so the id is far from trace-cmd's.
 */
#define OPT_TGIDS	0x7470
/* tpoint's too: the first id of the program's events, in decimal; the kernel's are below. */
#define OPT_USER_IDS	0x7471
#define DAT_USER_IDS	32768		/* where they were before the option, past the kernel's */
#define DAT_MAX_PID	(1 << 22)	/* the kernel's PID_MAX_LIMIT */

/*
 * A cursor over bytes the reader does not trust: the file, or a section of it. Every read
 * checks what is left first. An error is put in f->err, where the first one stays; offsets in
 * messages count from @base (the file's start, or the section's).
 */
struct dat_cur {
	const unsigned char *base, *p, *end;
	struct dat_file *f;
	const char *what;		/* the part being read, for messages */
};

/* cursor.c: each returns 0, or -1 with the reason in f->err. */
int dat__fail(struct dat_file *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dat__need(struct dat_cur *c, uint64_t n);
int dat__rd(struct dat_cur *c, void *out, size_t n);
int dat__rdstr(struct dat_cur *c, char **out, size_t max);
int dat__rdtext(struct dat_cur *c, uint64_t size, struct dat_text *t);
int dat__rdtext32(struct dat_cur *c, struct dat_text *t);
int dat__rdtext64(struct dat_cur *c, struct dat_text *t);
int dat__expect(struct dat_cur *c, const char *s, size_t n);

static inline int dat__rd16(struct dat_cur *c, uint16_t *v) { return dat__rd(c, v, 2); }
static inline int dat__rd32(struct dat_cur *c, uint32_t *v) { return dat__rd(c, v, 4); }
static inline int dat__rd64(struct dat_cur *c, uint64_t *v) { return dat__rd(c, v, 8); }

/* parts.c: what both versions hold. Each returns 0, or -1 with the reason in f->err. */

/*
 * The part a version 7 option of id @id (OPT_HEADER_INFO ... OPT_CMDLINES) points at, read
 * from its section at @c; version 6 holds them one after another in that order.
 */
int dat__read_part(struct dat_file *f, uint16_t id, struct dat_cur *c);
/* The TGIDS option's pairs into f->tgids. 0, or -1 (out of memory). */
int dat__read_tgids(struct dat_file *f, const unsigned char *data, uint32_t size);
/* An option that changes what a timestamp means (TSC2NSEC, OFFSET, DATE), VERSION or UNAME. */
int dat__read_time_option(struct dat_file *f, uint16_t id, const unsigned char *data,
			  uint32_t size);
/* A CPUSTAT option's text, kept for the CPUs' lost counts. */
int dat__add_cpustat(struct dat_file *f, const unsigned char *p, uint32_t size);
/* A new buffer (instance) of @nr_cpus CPUs, zeroed: f->buffers[f->nr_buffers - 1]. */
int dat__add_buffer(struct dat_file *f, const char *name, const char *clock, uint32_t nr_cpus);
/* Whether @size bytes at @off are inside the file. */
int dat__check_range(struct dat_file *f, uint64_t off, uint64_t size, const char *what);
/* The clock's name in a trace_clock text ("[mono] local global", or "mono"): malloc'd. */
char *dat__clock_name(const char *text);

/* read-v7.c: everything after the file header of a version 7 file. */
int dat__read_v7(struct dat_file *f, struct dat_cur *c);

#endif /* TPOINT_DAT_INTERNAL_H */
