/* SPDX-License-Identifier: MIT */
/*
 * spill.h - a recording's parts on disk while it runs, and the trace.dat made of them
 * (spill.c).
 *
 * `tpoint record -o OUT` keeps OUT.part/ until OUT is written:
 *
 *   OUT.part/cpuN      the program's pages of CPU N, appended as they are drained
 *   OUT.part/kcpuN     the kernel's pages of CPU N
 *   OUT.part/head.dat  a trace.dat of no pages: formats, task names, kallsyms, the clock,
 *                      the CPUs' stats; rewritten (atomically) as they change
 *
 * Every page drained is in a file as soon as it is drained, so what was recorded survives
 * the recorder's death (SIGKILL, a crash, the machine's memory running out): `tpoint
 * report OUT` makes OUT of the parts when it finds them instead. spill_assemble() writes
 * the trace.dat: head.dat's bytes, then each CPU's pages, the program's and the kernel's
 * merged by time.
 */
#ifndef TPOINT_SPILL_H
#define TPOINT_SPILL_H

#include <stddef.h>
#include <stdint.h>

#include "dat/dat.h"

struct spill {
	char dir[4096];			/* OUT.part */
	uint32_t nr_cpus;
	int *ufd, *kfd;			/* cpuN, kcpuN (-1: none) */
};

/* OUT.part for @out, in @buf. */
void spill_dir(const char *out, char *buf, size_t len);
/* 1 when an unfinished recording of @out is on disk (OUT.part/ exists). */
int spill_pending(const char *out);

/* Make OUT.part/ and its CPU files (@kernel: the kcpuN too). 0, or -1 with @err. */
int spill_open(struct spill *s, const char *out, uint32_t nr_cpus, int kernel, char *err,
	       size_t len);
void spill_close(struct spill *s);
/* Write head.dat from @w (its CPUs' stats; their pages are in the CPU files). 0, or -1. */
int spill_head(struct spill *s, const struct dat_writer *w, char *err, size_t len);

/*
 * Write the trace.dat of @out's parts to @fd (at its start): 0 with its size in *@bytes
 * and its events in *@events, or -1 with @err (errno set).
 */
int spill_assemble(const char *out, int fd, uint64_t *bytes, uint64_t *events, char *err,
		   size_t len);
/*
 * Make @out of its parts (dat_publish()'s @noreplace and @kept_as) and remove them. 0, or
 * -1 with @err: the parts are then left as they were.
 */
int spill_finish(const char *out, int noreplace, char *kept_as, size_t kept_len,
		 uint64_t *bytes, uint64_t *events, char *err, size_t len);
/* Remove OUT.part/ and what is in it. */
void spill_remove(const char *out);

#endif /* TPOINT_SPILL_H */
