/* SPDX-License-Identifier: MIT */
/*
 * recorder.h - a recording, as perf's struct record: set up (the session the program
 * inherits, the kernel's instance, OUT.part/), run (the program started, its rings and the
 * kernel's pages drained to OUT.part/ while it runs), finished (trace.dat made of the
 * parts). record.c is the command around it.
 */
#ifndef TPOINT_RECORDER_H
#define TPOINT_RECORDER_H

#include <stdint.h>

#include "clock.h"
#include "kernel.h"
#include "launch.h"
#include "pidattach.h"
#include "rechead.h"
#include "rules.h"
#include "snapshot.h"
#include "spill.h"

/* What the recording is asked to be: the command line, parsed and checked (record.c). */
struct recorder_opts {
	struct rules rules;
	const char *out;		/* the trace.dat to make */
	int replace;			/* -o named it: a file there is replaced; else never */
	const char *clock;		/* --clock as given: tsc, mono, auto (NULL) */
	int tsc;			/* what it came to: events stamped with the TSC */
	uint64_t bufsize;		/* ring bytes per CPU; 0: the default budget */
	uint32_t flags;			/* ring_init() flags: RING_OVERWRITE, RING_CLOCK_TSC */
	int follow;			/* -F: the kernel's events of the program and its children */
	char **cmd;			/* the program and its arguments; NULL with -p */
	const char *pids;		/* -p PID[,PID...]: programs already running */
	char *pids_buf;			/* what pids points to, every -p given (record.c's) */
	struct rules snap_on;		/* --snapshot-on EVENT [-f FILTER]: snapshot triggers */
	int snap_last;			/* the option before was --snapshot-on: -f is its */
};

struct recorder {
	const struct recorder_opts *o;
	struct kern kern;
	struct launch ses;		/* the rings and registry the program shares */
	struct pidattach pa;		/* -p: the running programs attached to (pa.n of them) */
	struct spill spill;		/* OUT.part/: the pages as they are drained, head.dat */
	struct rec_head head;		/* formats, task names, kernel texts for head.dat */
	struct dat_writer_cpu *cpus;	/* per CPU: events (the program's and the kernel's), */
	uint64_t *usize, *ksize;	/* lost; bytes in cpuN and kcpuN */
	uint64_t events, bytes;		/* written */
	uint64_t unwritten_events, unwritten_bytes;	/* drained after a write failed */
	int write_failed;
	int head_dirty;			/* formats or tasks not in head.dat yet */
	uint64_t head_ms;		/* when head.dat was written */
	struct clock_cal cal;		/* TSC readings against CLOCK_MONOTONIC */
	uint64_t next_cal_ms;
	struct snap snap;		/* snapshots: FILE.1, FILE.2... on SIGUSR1 or a trigger */
};

/*
 * Everything before the program runs: the rules checked against the program's events and
 * the kernel's, the session (rings for every possible CPU, in a memfd the program inherits),
 * the kernel's instance, OUT.part/ with its first head. 0, or the exit status after a
 * message (nothing left on disk then).
 */
int recorder_setup(struct recorder *r, const struct recorder_opts *o);
/* Run the program and record until it ends or a signal stops it, then make trace.dat: the
 * exit status (the program's as a shell gives it, or 1 when the file could not be made). */
int recorder_run(struct recorder *r);
void recorder_free(struct recorder *r);

#endif /* TPOINT_RECORDER_H */
