/* SPDX-License-Identifier: MIT */
/*
 * dat.h - trace.dat files (trace-cmd's format): read versions 6 and 7 (none, zlib or
 * zstd compression), write version 6. Facts from trace-cmd.dat.v6(5) and .v7(5).
 *
 * read.c opens a file and reads what both versions hold and version 6, read-v7.c the
 * sections of version 7 and their decompression, write.c writes version 6 and puts the
 * file at its name; cursor.c is the bounds-checked reading they share (internal.h).
 */
#ifndef TPOINT_DAT_H
#define TPOINT_DAT_H

#include <stddef.h>
#include <stdint.h>

struct dat_text {
	char *data;			/* NUL-terminated copy */
	size_t size;
};

struct dat_format {
	char *system;			/* "ftrace" for the ftrace events */
	struct dat_text text;
};

struct dat_cpu {
	uint32_t cpu;
	const unsigned char *data;	/* whole pages */
	uint64_t size;
	unsigned char *owned;		/* decompressed copy, or NULL */
	uint64_t lost;			/* from the CPU's stats: overrun + dropped */
};

struct dat_buffer {
	char *name;			/* "" for the top instance */
	char *clock;
	uint32_t nr_cpus;
	struct dat_cpu *cpus;
};

/* A thread and its process (thread group), as the kernel's saved_tgids pairs them. */
struct dat_tgid {
	int tid, tgid;
};

struct dat_file {
	unsigned char *map;		/* the file, read-only */
	size_t map_size;
	int mapped;			/* by dat_open(): unmapped by dat_close() */
	int version;
	uint32_t page_size;
	int long_size;
	struct dat_text header_page, header_event, kallsyms, printk, cmdlines;
	struct dat_tgid *tgids;		/* each thread's process, sorted by tid (dat_tgid()) */
	unsigned int nr_tgids;
	/*
	 * Ids from this up are the program's events, below the kernel's (OPT_USER_IDS; 32768,
	 * where tpoint's files before the option put them and no kernel id reaches, when the
	 * file does not say).
	 */
	uint32_t user_ids;
	struct dat_format *formats;
	unsigned int nr_formats;
	struct dat_buffer *buffers;
	unsigned int nr_buffers;
	char *clock;			/* the clock of the top instance */
	char *cpustats;			/* the CPUSTAT options, one after another */
	char *creator;			/* the VERSION option: who wrote it, or NULL */
	char *uname;			/* UNAME: "sysname host release machine", or NULL */
	uint32_t tsc_mult, tsc_shift;	/* TSC2NSEC: ticks to ns, or 0 */
	int64_t ts_offset;		/* OFFSET and DATE: ns added to every timestamp */
	uint32_t nr_cpus;
	uint64_t cpu_table_off;		/* v6: where the CPUs' (offset, size) pairs are */
	char err[512];
};

/* 0, or -1 with a reason in f->err ("not a trace.dat file", "truncated at byte N", ...). */
int dat_open(struct dat_file *f, const char *path);
int dat_open_mem(struct dat_file *f, const void *buf, size_t len);
void dat_close(struct dat_file *f);
/* An event's timestamp in ns, as trace-cmd computes it (TSC2NSEC, OFFSET, DATE options). */
uint64_t dat_ts(const struct dat_file *f, uint64_t ts);
/* Thread @tid's process, from the file's TGIDS option: its id, or -1 when not known. */
int dat_tgid(const struct dat_file *f, int tid);

/* Writing (version 6): what a recording puts in its file. */
struct dat_writer_cpu {
	int fd;				/* its pages, from the start of the file */
	uint64_t size;
	uint64_t entries, overrun, dropped;
};

struct dat_writer {
	const char *path;		/* written to path.XXXXXX, then renamed */
	/*
	 * 0: the file replaces @path, as rename(2) does. 1: nothing at @path is replaced: if
	 * a file appeared there meanwhile, the trace is kept under the first free name of
	 * path.1.dat ... path.99.dat ("trace.dat" gives "trace.1.dat"), or else path.XXXXXX,
	 * and that name is put in @kept_as (which is "" when the trace is at @path).
	 */
	int noreplace;
	char *kept_as;
	size_t kept_as_len;
	struct dat_format *formats;
	unsigned int nr_formats;
	const char *cmdlines;		/* "pid comm\n"... */
	const char *tgids;		/* "pid tgid\n"... (saved_tgids), or NULL: OPT_TGIDS */
	uint32_t user_ids;		/* the program's events have ids from this up (or 0) */
	const char *kallsyms;		/* /proc/kallsyms, or NULL */
	const char *printk;		/* tracefs printk_formats, or NULL */
	const char *clock;		/* "mono", "x86-tsc" */
	uint32_t tsc_mult, tsc_shift;	/* x86-tsc: the conversion to ns (TSC2NSEC), or 0 */
	int64_t ts_offset;		/* and the ns to add (OFFSET) */
	const char *clock_note;		/* how the conversion was made, or NULL: in VERSION */
	uint32_t nr_cpus;
	struct dat_writer_cpu *cpus;
};

/* 0, or -1 with errno and a reason in @err. Either way it leaves no temporary file. */
int dat_write(const struct dat_writer *w, char *err, size_t errlen);

/*
 * A new file to become @path, next to it (path.XXXXXX, mode 0666 less the umask): its fd
 * and name (*@tmp, malloc'd); or -1 with errno, *@tmp NULL when out of memory.
 */
int dat_create_tmp(const char *path, char **tmp);
/*
 * The finished @tmp becomes @path: replacing it, or (@noreplace) under another name if a
 * file appeared there meanwhile, which is then left alone: path.1.dat ... path.99.dat
 * ("trace.dat" gives "trace.1.dat"), or else @tmp, put in @kept_as ("" when at @path).
 * 0, or -1 with errno (and @tmp still there).
 */
int dat_publish(const char *tmp, const char *path, int noreplace, char *kept_as,
		size_t kept_len);

#endif /* TPOINT_DAT_H */
