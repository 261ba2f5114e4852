/* SPDX-License-Identifier: MIT */
/*
 * snapshot.h - the flight recorder on demand (snapshot.c): while `tpoint record` goes on,
 * the newest events written to FILE.1, FILE.2... on SIGUSR1, or each time a --snapshot-on
 * event fires (ftrace's snapshot trigger).
 *
 * What a snapshot holds, per CPU, up to the moment it is taken:
 * - the program's events: with --overwrite, the pages of its ring copied where they are
 *   (ring_snap_page(): the writers go on, and the reader later reads the same pages and
 *   counts the same losses, so the final file's counts stay exact); without, the newest
 *   ring-full of pages drained to OUT.part/cpuN so far, and the open page, copied in place;
 * - the kernel's: the newest ring-full (as many pages as the program's ring per CPU) of
 *   those drained from the tracefs instance to OUT.part/kcpuN, after draining it once more.
 * The parts go to FILE.N.part/ and are assembled into FILE.N as the final file is
 * (spill.c): a temporary file renamed into place.
 *
 * Triggers: with --overwrite nothing is drained while the program runs, so the recorder
 * scans the ring's new pages (copies, as above) for the trigger events at every turn of its
 * loop, and the kernel's pages as it drains them; each firing that passes its -f asks for
 * a snapshot. One is written at a time: what asks while it is written makes one more.
 */
#ifndef TPOINT_SNAPSHOT_H
#define TPOINT_SNAPSHOT_H

#include <stdint.h>

#include "dat/dat.h"
#include "rechead.h"
#include "rules.h"
#include "sesread.h"
#include "spill.h"

struct tp_filter;

/* An event that triggers a snapshot, and the condition its firing must pass */
struct snap_trigger {
	uint32_t id;
	struct tp_filter *filter;	/* NULL: every firing */
	char *name;			/* system:event, for the message */
};

/* Where the scan of a CPU's ring is: the page, and the bytes of it scanned */
struct snap_pos {
	uint32_t seq, off;
};

struct snap {
	const char *out;		/* FILE: snapshots are FILE.1, FILE.2, ... */
	const struct rules *on;		/* --snapshot-on, each with its -f (none: SIGUSR1 only) */
	unsigned int n;			/* snapshots written */
	uint32_t nr_cpus, nr_pages;	/* the ring's */
	struct snap_trigger *trig;
	unsigned int nr_trig, user_trig;	/* all, and the program's */
	unsigned char *known;		/* a bit per event id: looked at for triggers */
	unsigned int formats_seen;	/* of the recording's formats (rec_head) */
	struct snap_pos *pos;		/* per CPU */
	const char *cause;		/* the first trigger that fired since the last snapshot */
	int trig_user;			/* it was the program's: on trig_cpu, in page trig_seq */
	uint32_t trig_cpu, trig_seq;
	int warned;			/* a trigger was overwritten before its snapshot */
};

/* @on: --snapshot-on's rules, checked (snap_check()); NULL or none for SIGUSR1 only. */
int snap_init(struct snap *s, const char *out, const struct rules *on, uint32_t nr_cpus,
	      uint32_t nr_pages);
void snap_fini(struct snap *s);
/*
 * Before anything runs: each --snapshot-on names an event of @prog or the kernel, and its
 * -f compiles for it, as rules_check() checks -e. 0, or the exit status after a message.
 */
int snap_check(const struct rules *on, const char *prog);
/* The kernel's events among the triggers (@k's, with their formats). */
void snap_kernel(struct snap *s, const struct kern *k);

/* What a snapshot is made of: the recorder's state */
struct snap_src {
	struct sr *rd;			/* the program's rings */
	int overwrite;			/* read in place; else the newest of the parts */
	struct rec_head *head;		/* formats and tasks (collected as the scan needs) */
	int kernel;			/* with kernel events: kcpuN */
	int *head_dirty;		/* set when the scan collected some */
	const struct spill *spill;	/* OUT.part/: cpuN and kcpuN as drained so far */
	const uint64_t *usize, *ksize;	/* their bytes */
};

/* A kernel page just drained: any trigger in it asks for a snapshot. */
void snap_scan_page(struct snap *s, const unsigned char *page);
/* Overwrite mode: the ring's pages since the last scan, for triggers. */
void snap_scan_ring(struct snap *s, const struct snap_src *src);
/* 1 when a trigger fired since the last snapshot. */
int snap_pending(const struct snap *s);

/*
 * Write FILE.N, N the next number, from @src with @w's head (formats, task names, clock,
 * the CPUs' loss counts; its pages are the snapshot's), and say so on stderr with @why
 * ("SIGUSR1") and the trigger that fired. 0, or -1 after a message (the recording goes on).
 */
int snap_write(struct snap *s, const struct snap_src *src, const struct dat_writer *w,
	       const char *why);

#endif /* TPOINT_SNAPSHOT_H */
