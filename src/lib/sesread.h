/* SPDX-License-Identifier: MIT */
/*
 * sesread.h - the recorder's one reader of a session's shared memory (sesread.c).
 *
 * The traced program maps the same memory read-write, so everything in it is the
 * program's to write, and the recorder may be root: it is read as hostile input, the way
 * a file is. The layout is the reader's own (ring_init() made it, in private memory); the
 * words the program updates (page words, heads, counters, the registry's and the task
 * table's fill marks, their records) are copied out, bounded and checked before use. What
 * does not check out is skipped and counted, with one warning of each kind that says what
 * was wrong; the rest is read on.
 */
#ifndef TPOINT_SESREAD_H
#define TPOINT_SESREAD_H

#include <stdint.h>

#include "ring.h"

/* An event format the program registered */
struct sr_format {
	char *system, *name;
	uint32_t id;
	char *text;		/* the format file's text, with "ID: <id>" */
};

/* A CPU's loss counters, as far as they are believed */
struct sr_cpu {
	uint64_t raw_lost, raw_overrun;	/* the last values read */
	uint64_t lost, overrun;		/* the believed counts */
	uint64_t at_ns;			/* when they were read */
};

/* Kinds of damage, each counted and warned about once */
enum sr_bad { SR_BAD_PAGE, SR_BAD_RECORD, SR_BAD_REGISTRY, SR_BAD_TASK, SR_BAD_COUNT,
	      SR_NR_BAD };

struct sr {
	struct ring *ring;
	uint32_t first_id;		/* the registry's first id (the program takes ids up) */
	uint32_t id_base;		/* the id first_id is handed out as (sr_set_id_base()) */
	uint32_t reg_seen;		/* bytes of the registry read */
	int reg_broken;			/* a record's size made the rest unreachable */
	uint32_t tasks_seen;
	struct sr_cpu *cpus;
	unsigned char *ids;		/* a bit per id: registered already */
	uint64_t bad[SR_NR_BAD];
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

/* Before the program runs: @r made by ring_init(). 0, or -1 (out of memory). */
int sr_init(struct sr *s, struct ring *r, void (*warn)(void *arg, const char *msg), void *arg);
void sr_fini(struct sr *s);

/*
 * The ids formats and pages are handed out with: the registry's first id becomes @base, the
 * ids after it follow (before any format or page is read). The ring keeps its own range
 * (from RING_FIRST_ID: ring.h says why), which is above what KernelShark takes (a 16-bit
 * signed id); a file's readers only need the ids of its formats and its entries to agree
 * and to stay clear of the kernel's in it.
 */
void sr_set_id_base(struct sr *s, uint32_t base);

/* The next format registered since the last call: 1 with *@f (sr_format_free() it), 0. */
int sr_next_format(struct sr *s, struct sr_format *f);
void sr_format_free(struct sr_format *f);

/*
 * The next task named since the last call: 1 with its tid, name and process (*@tgid, 0
 * when the program wrote no believable one), 0. Not @final: stops at an entry not written
 * yet (its writer may still be at it); @final: skips it.
 */
int sr_next_task(struct sr *s, int final, uint32_t *tid, char comm[RING_COMM_LEN + 1],
		 uint32_t *tgid);

/* ring_read_page(), with damage counted and warned about, and the missed count bounded. */
int sr_read_page(struct sr *s, uint32_t cpu, void *page, int final, struct ring_read *t);

/* ring_peek_page() (the open page as far as committed, for live readers), ids as handed out. */
int sr_peek_page(struct sr *s, uint32_t cpu, void *page, uint32_t *seq);

/*
 * Snapshots: the range of pages of @cpu that may hold events now (ring_snap_range()), and
 * ring_snap_page() with the losses bounded as sr_read_page()'s. Damage is cut, not
 * counted (the reader counts it when it reads the page).
 */
void sr_snap_range(struct sr *s, uint32_t cpu, uint32_t *first, uint32_t *last);
int sr_snap_page(struct sr *s, uint32_t cpu, uint32_t seq, void *page, uint64_t *flagged,
		 struct ring_read *t);

/* The events lost on @cpu (not reserved; overwritten), as far as they can be believed. */
void sr_lost(struct sr *s, uint32_t cpu, uint64_t *lost, uint64_t *overrun);
uint64_t sr_lost_total(struct sr *s);

#endif /* TPOINT_SESREAD_H */
