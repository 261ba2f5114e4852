/* SPDX-License-Identifier: MIT */
/*
 * ring.h - per-CPU ring buffers in the kernel's page format, in shared memory.
 *
 * One memfd holds everything a traced process and the recorder share:
 *
 *   [ring_shm header][ring_cpu x nr_cpus][ring_meta x nr_cpus*nr_pages][registry][tasks]
 *   [page ... page] (RING_PAGE_SIZE bytes each, page-aligned: nr_pages per CPU)
 *
 * A page is the kernel's buffer_data_page: u64 timestamp, u64 commit, 4080 bytes of events,
 * each with the 32-bit header { type_len:5, time_delta:27 }. The reader copies a page out
 * and fills in its timestamp and commit word; the events go to trace.dat as they are.
 *
 * Writers (any thread, any process, signal handlers included) reserve with one CAS on their
 * CPU's head word, which packs the page's sequence number, the offset in it and the low 32
 * bits of the last timestamp given out, so that space and time deltas are handed out
 * together and in the same order:
 *
 *   head = seq:20 | off:12 | ts:32
 *
 * Each page slot has two words of metadata. The page word counts commits and carries the
 * slot's state, the generation (sequence number) it belongs to, and the page's final size:
 *
 *   word = seq:20 | state:2 | size:12 | events:10 | bytes:12
 *
 * The base word holds the page's base time, agreed on by the writers that switch into it:
 *
 *   base = seq:20 | time >> 20 : 44
 *
 * ring.c's header comment tells how writers switch pages without waiting for each other.
 */
#ifndef TPOINT_RING_H
#define TPOINT_RING_H

#include <stddef.h>
#include <stdint.h>

#include <tpoint/tpoint.h>
#include <tpoint/static/fastpath.h>

#include "page.h"

#define RING_MAGIC		"tpoint-ring-4"	/* the layout's version: a library of another refuses it */
#define RING_PAGE_SIZE		PG_SIZE
#define RING_PAGE_HDR		PG_HDR
#define RING_DATA_SIZE		PG_DATA_SIZE

#define RING_SEQ_BITS		20u
#define RING_SEQ_MASK		((1u << RING_SEQ_BITS) - 1)
/* At most a quarter of the sequence space: generations N apart never alias. */
#define RING_MAX_PAGES		(1u << (RING_SEQ_BITS - 2))
#define RING_MAX_AGE		(1ull << 31)	/* clock units a page may span */
#define RING_CACHELINE		64u		/* each part of the layout starts on one */

/*
 * The most CPUs a session, and a trace.dat, may have: readers size per-CPU tables by the
 * count (trace-cmd, tpoint report), so a file that claims more is taken as corrupt. The
 * library does not check it (ring_init() takes any count): the recorder, which picks it,
 * and the tool, which reads files, do.
 */
#define RING_MAX_CPUS		4096u

/*
 * Event ids: the first given out, by the session's registry (idreg.c) and by the library
 * outside a session, clear of the kernel's (a few thousand at most), which share trace.dat;
 * and the last, as common_type is 16 bits. Ids from 32768 up are also what cuts a page
 * where a writer died mid-event (ring_mark_discarded()).
 */
#define RING_FIRST_ID		32768u
#define RING_MAX_ID		65535u

/* A slot's state, in its page word */
enum ring_page_state {
	RING_FREE,	/* generation seq was read (or overwritten): the slot takes seq + N */
	RING_CLOSED,	/* generation seq is closed at its size; ready once bytes == size */
	RING_READING,	/* the reader is copying generation seq */
};

#define RING_W_BYTES(w)		((uint32_t)(w) & 0xfffu)
#define RING_W_EVENTS(w)	((uint32_t)((w) >> 12) & 0x3ffu)
#define RING_W_COUNTS(w)	((w) & ((1ull << 22) - 1))
#define RING_W_SIZE(w)		((uint32_t)((w) >> 22) & 0xfffu)
#define RING_W_STATE(w)		((uint32_t)((w) >> 34) & 3u)
#define RING_W_SEQ(w)		((uint32_t)((w) >> 36) & RING_SEQ_MASK)
#define RING_WORD(seq, state, size, counts)						\
	(((uint64_t)((seq) & RING_SEQ_MASK) << 36) | ((uint64_t)(state) << 34) |	\
	 ((uint64_t)(size) << 22) | (counts))
#define RING_COMMIT_EVENT	(1ull << 12)	/* one event, in a commit's add */

#define RING_BASE_SHIFT		20u		/* base times are kept to 2^20 clock units */
#define RING_BASE(seq, t)	(((uint64_t)((seq) & RING_SEQ_MASK) << 44) | ((t) >> RING_BASE_SHIFT))
#define RING_BASE_SEQ(b)	((uint32_t)((b) >> 44))
#define RING_BASE_TIME(b)	(((b) & ((1ull << 44) - 1)) << RING_BASE_SHIFT)

#define RING_OVERWRITE		0x1u	/* flags: flight recorder */
#define RING_CLOCK_TSC		0x2u	/* flags: events stamped with the TSC, not CLOCK_MONOTONIC */

struct ring_cpu {
	uint64_t head;		/* writers: CAS; see above */
	uint64_t lost;		/* events not reserved; atomic */
	uint64_t overrun;	/* events in pages overwritten before they were read; atomic */
	uint64_t floor;		/* the latest time a page opened full has passed over; atomic */
	uint64_t switches;	/* pages the head has moved into: its 64-bit sequence; atomic */
	uint64_t pad[3];
};

struct ring_meta {
	uint64_t word;		/* seq:20 | state:2 | size:12 | events:10 | bytes:12; atomic */
	uint64_t base;		/* seq:20 | time >> 20: the page's base time; atomic */
	uint64_t lost_mark;	/* the CPU's losses when the page was closed; its closer's */
	uint64_t pad;
};

/* ring.c's test hooks (built with -DRING_TEST_HOOKS): the steps of a page switch. */
enum { RING_HOOK_SWITCH_CLAIMED = 1, RING_HOOK_SWITCH_MOVED };
extern void (*ring_test_hook)(int where);

#define RING_COMM_LEN		16u		/* the kernel's TASK_COMM_LEN, NUL included */

struct ring_task {
	uint32_t tid;		/* written last (release): the entry is valid */
	char comm[RING_COMM_LEN];
	uint32_t tgid;		/* its process (thread group), written before tid */
};

#define RING_REG_SIZE		(1u << 20)	/* event formats */
#define RING_REG_ALIGN		8u		/* each record starts 8-aligned */
#define RING_MAX_TASKS		32768u

struct ring_shm {
	char magic[16];
	uint32_t page_size, nr_cpus, nr_pages, flags;
	uint64_t size;				/* of the whole mapping */
	uint64_t cpu_off, meta_off, reg_off, task_off, data_off;
	/* registry of event formats: process-shared robust mutex */
	uint64_t lock[8];			/* a pthread_mutex_t (40 bytes) */
	uint32_t next_id;			/* under lock */
	uint32_t reg_used;			/* bytes of records; written under lock, release */
	uint32_t nr_tasks;			/* slots handed out; atomic */
	uint32_t pad;
};

/* A record of the registry: its event's id, "system\0" and format text with "ID: 0". */
struct ring_reg_rec {
	uint32_t size;				/* of the whole record, 8-aligned */
	uint32_t id;
	char text[];
};

/* The reader's state for a CPU, in the reader's own memory. */
struct ring_rd {
	uint64_t read_seq;	/* the next page to read, counted from 0 */
	uint64_t read_lost;	/* losses flagged in the pages read so far */
	uint64_t lost_limit;	/* the caller's: no more losses than this are believed */
};

struct ring {
	struct ring_rd *rd;	/* per CPU: the reader's (ring_init()), NULL in writers */
	struct ring_shm *shm;
	struct ring_cpu *cpus;
	struct ring_meta *meta;
	unsigned char *data;
	unsigned char *reg;		/* the registry: RING_REG_SIZE bytes */
	struct ring_task *tasks;	/* RING_MAX_TASKS of them */
	uint32_t nr_cpus, nr_pages, flags;
};

/*
 * A reservation, where the event goes and what its header will say, is tpoint.h's struct
 * tpoint_reservation: the generated probes hold it, the ring fills its meta (a struct
 * ring_meta *), slot, len, need and delta.
 */

static inline unsigned char *ring_page(const struct ring *r, uint32_t cpu, uint32_t seq)
{
	return r->data + ((size_t)cpu * r->nr_pages + (seq & (r->nr_pages - 1))) * RING_PAGE_SIZE;
}

static inline struct ring_meta *ring_meta_of(const struct ring *r, uint32_t cpu, uint32_t seq)
{
	return &r->meta[(size_t)cpu * r->nr_pages + (seq & (r->nr_pages - 1))];
}

static inline uint32_t ring_event_len(uint32_t len)
{
	return pg_event_len(len);
}

/*
 * The generated probes reserve and commit inline (static/fastpath.h) in this layout, which
 * they spell with their own names: it is theirs to version (TPOINT__FAST_ABI). Change one
 * side without the other and this file does not compile.
 */
_Static_assert(TPOINT__PG_SIZE == PG_SIZE && TPOINT__PG_HDR == PG_HDR &&
	       TPOINT__RB_TYPE_BITS == RB_TYPE_BITS && TPOINT__RB_TYPE_PADDING == RB_TYPE_PADDING &&
	       TPOINT__RB_MAX_SMALL == RB_MAX_SMALL_DATA &&
	       TPOINT__RB_DELTA_LIMIT == 1u << RB_DELTA_BITS, "fastpath.h: the page format");
_Static_assert(RING_BASE_TIME(~0ull) == TPOINT__BASE_TIME_MASK << TPOINT__BASE_SHIFT &&
	       TPOINT__BASE_SHIFT == RING_BASE_SHIFT && TPOINT__MAX_AGE == RING_MAX_AGE &&
	       TPOINT__COMMIT_EVENT == RING_COMMIT_EVENT, "fastpath.h: the base and page words");
_Static_assert(sizeof(struct ring_cpu) == TPOINT__CPU_STRIDE &&
	       offsetof(struct ring_cpu, head) == 0 &&
	       sizeof(struct ring_meta) == TPOINT__META_STRIDE &&
	       offsetof(struct ring_meta, word) == 0 && offsetof(struct ring_meta, base) == 8,
	       "fastpath.h: the strides");
/* What the inline commit reads of a reservation either path filled: part of the same ABI. */
_Static_assert(offsetof(struct tpoint_reservation, meta) == 0 &&
	       offsetof(struct tpoint_reservation, slot) == 8 &&
	       offsetof(struct tpoint_reservation, len) == 16 &&
	       offsetof(struct tpoint_reservation, need) == 20 &&
	       offsetof(struct tpoint_reservation, delta) == 24 &&
	       offsetof(struct tpoint_reservation, local) == 28 && TPOINT__RES_RING == 0 &&
	       sizeof(struct tpoint_reservation) == 32, "fastpath.h: struct tpoint_reservation");

/* The largest entry a probe makes is the largest a page holds. */
_Static_assert(TPOINT_EVENT_MAX == PG_MAX_EVENT, "TPOINT_EVENT_MAX is a page's largest event");

/* Setup, by the recorder: lay out and initialise a mapping of @size bytes (ring_layout). */
size_t ring_layout(uint32_t nr_cpus, uint32_t nr_pages);
int ring_init(struct ring *r, void *mem, size_t size, uint32_t nr_cpus, uint32_t nr_pages,
	      uint32_t flags);
/* The reader's memory ring_init() took. */
void ring_fini(struct ring *r);
/* Attach to a mapping made by ring_init(); -1 if it is not one. */
int ring_attach(struct ring *r, void *mem, size_t size);

/* Writers: ring_reserve() and ring_commit() are inline, below. */

/* What ring_read_page() took */
struct ring_read {
	uint32_t seq;		/* the page's sequence number */
	uint32_t size;		/* bytes of entries */
	uint32_t events;	/* events in them */
	uint32_t cut;		/* bytes cut off, that did not parse */
	int bad;		/* RING_BAD_*: the program wrote over the page */
	uint64_t mark;		/* the CPU's losses before it, as its closer saw them */
	uint64_t missed;	/* events lost before it, flagged in its commit word */
	int open;		/* ring_snap_page(): the head's page, as far as committed */
	int busy;		/* ring_snap_page(): not copied, a writer is in it */
};
enum { RING_BAD_PARSE = 1, RING_BAD_COUNT };

/*
 * Reader: copy the next ready page of @cpu into @page (4096 bytes, commit word set, the
 * missed-events flag when events were lost before it). @final: the writers are gone or
 * stopped, take the open page too, checked event by event. The memory is the traced
 * program's to write: every page is parsed, and cut where it stops parsing. Returns 1 with
 * a page (*@t says what it holds), 0 when none is ready.
 */
int ring_read_page(struct ring *r, uint32_t cpu, void *page, int final, struct ring_read *t);
/*
 * Live readers: a copy of @cpu's open page as far as it is committed (its commit word set to
 * that), 1 with its sequence in *@seq, or 0. The page is not consumed: ring_read_page()
 * returns it again, whole, once it is closed (with the same sequence in its ring_read).
 */
int ring_peek_page(struct ring *r, uint32_t cpu, void *page, uint32_t *seq);
/* Events lost on @cpu so far (not reserved, and overwritten). */
uint64_t ring_lost(const struct ring *r, uint32_t cpu);

/*
 * Snapshots (overwrite mode, the flight recorder's): the pages of @cpu that may hold events,
 * generations *@first (the oldest slot's) to *@last (the head's, open), as the head says now.
 */
void ring_snap_range(const struct ring *r, uint32_t cpu, uint32_t *first, uint32_t *last);
/*
 * ring_snap_page() - copy page @seq of @cpu where it is, neither taken from the writers nor
 * read: the reader's state is left alone (but for lost_limit, which it honours), so the
 * reader later reads the same page, and counts the same losses, as without the snapshot.
 * A closed page once whole; the open page up to its head when nothing reserved in it is
 * uncommitted (t->open); a copy the writers took back meanwhile is dropped. The copy is
 * checked and cut as ring_read_page()'s, and flags the events lost since *@flagged, the
 * losses the pages before it flagged (the snapshot's own count, 0 at its first page).
 * Context: the reader's thread, any time, with writers running.
 * Return: 1 with a page (t->size may be 0: nothing to write unless t->missed), 0 when it
 * holds nothing yet or a writer is in it (t->busy: try again), -1 when it is gone.
 */
int ring_snap_page(struct ring *r, uint32_t cpu, uint32_t seq, void *page, uint64_t *flagged,
		   struct ring_read *t);

/* @a - @b for page sequence numbers, as a signed 20-bit difference */
static inline int32_t ring_seq_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(((a - b) & RING_SEQ_MASK) << (32 - RING_SEQ_BITS)) >>
	       (32 - RING_SEQ_BITS);
}

/* ---- Writers: the fast path, inline where events are reserved; ring.c has the rest ---- */

#include <string.h>

#define RING_HEAD(seq, off, ts)							\
	(((uint64_t)((seq) & RING_SEQ_MASK) << 44) | ((uint64_t)(off) << 32) | (uint32_t)(ts))
#define RING_HEAD_SEQ(h)	((uint32_t)((h) >> 44))
#define RING_HEAD_OFF(h)	((uint32_t)((h) >> 32) & 0xfffu)
#define RING_HEAD_TS(h)		((uint32_t)(h))

/* The inline probes' own spelling of it (fastpath.h), checked as the rest above. */
_Static_assert(RING_HEAD(0xabcde, 0x123, 0x89abcdef) ==
	       ((0xabcdeull << TPOINT__HEAD_SEQ_SHIFT) | (0x123ull << TPOINT__HEAD_OFF_SHIFT) |
		0x89abcdefull) && TPOINT__HEAD_SEQ_MASK == RING_SEQ_MASK &&
	       TPOINT__HEAD_OFF_MASK == 0xfffu, "fastpath.h: the head");

/* Move to the next page: 1 with the event reserved there, 0 to retry, -1 when lost. */
int ring_switch(struct ring *r, uint32_t cpu, uint64_t *headp, uint64_t now, uint32_t need,
		struct tpoint_reservation *res);

/*
 * Until its commit, a reserved event reads as a discarded one (padding with its length), so
 * that a writer dying in TP_fast_assign leaves a page that still parses. The entry's first
 * bytes then overwrite the length; as they hold its type, an id >= RING_FIRST_ID, a page
 * left that way fails the length check and is cut there. (Between the head CAS and this
 * marker the slot holds what was there: zeros in discard mode, where the reader zeroes what
 * it read; the previous lap's bytes in overwrite mode, where a taken page is not zeroed,
 * since its new writers may start at once. A reader that has to parse a page nobody
 * finished bounds it by the events its word counted committed.)
 */
static inline void ring_mark_discarded(unsigned char *slot, uint32_t len, uint32_t delta)
{
	pg_put_padding(slot, delta, len);
}

static inline unsigned char *ring_reserved(struct tpoint_reservation *res, struct ring_meta *m,
					   unsigned char *slot, uint32_t need, uint32_t ext,
					   uint32_t delta)
{
	if (ext) {
		slot += pg_put_extend(slot, delta);
		delta = 0;
	}
	res->meta = m;
	res->slot = slot;
	res->len = ext + need;
	res->need = need;
	res->delta = delta;
	ring_mark_discarded(slot, need, delta);
	return slot + pg_event_hdr_len(need);
}

/*
 * The last time given out in a page, from the low 32 bits the head keeps: every time in a
 * page is within RING_MAX_AGE of its base, so the base's high bits complete it.
 */
static inline uint64_t ring_last_time(uint64_t base, uint64_t head)
{
	return base + (uint32_t)(RING_HEAD_TS(head) - (uint32_t)base);
}

/*
 * ring_reserve() - reserve room for an event of @len bytes at time @now on @cpu's ring
 * Context: any thread, any process of the session, signal handlers; never waits.
 * Return: where the event's data goes (ring_commit() it), or NULL when it is lost (counted).
 */
static inline void *ring_reserve(struct ring *r, uint32_t cpu, uint64_t now, uint32_t len,
				 struct tpoint_reservation *res)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	uint32_t need = ring_event_len(len);
	/*
	 * Acquire: pairs with the release CAS of the switch that moved the head into its page
	 * (and, through the release sequence, with any reservation after it): the page's base
	 * word and its zeroed data, written before that switch, are visible here.
	 */
	uint64_t head = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);

	for (;;) {
		uint32_t seq = RING_HEAD_SEQ(head), off = RING_HEAD_OFF(head);
		struct ring_meta *m = ring_meta_of(r, cpu, seq);
		/* Relaxed: ordered by the head's acquire; a stale head fails the CAS below. */
		uint64_t base = RING_BASE_TIME(__atomic_load_n(&m->base, __ATOMIC_RELAXED));
		uint64_t last = ring_last_time(base, head);
		/* Preempted since the clock was read: keep the order, not the time. */
		uint64_t delta = (int64_t)(now - last) > 0 ? now - last : 0;
		uint32_t ext = delta >> RB_DELTA_BITS ? RB_EXTEND_LEN : 0;
		int ret;

		if ((int64_t)(now - base) < (int64_t)RING_MAX_AGE &&
		    off + ext + need <= RING_DATA_SIZE) {
			/* Acquire on both outcomes, as the load above. */
			if (__atomic_compare_exchange_n(&rc->head, &head,
							RING_HEAD(seq, off + ext + need, last + delta),
							1, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
				return ring_reserved(res, m, ring_page(r, cpu, seq) + RING_PAGE_HDR +
						     off, need, ext, (uint32_t)delta);
			continue;
		}
		ret = ring_switch(r, cpu, &head, now, need, res);
		if (ret > 0)
			return res->slot + pg_event_hdr_len(need);
		if (ret < 0)
			return NULL;
		/* ret == 0: the head moved; try again from it */
	}
}

/*
 * ring_commit() - publish the event reserved in @res, @len bytes of data written
 * Context: the reserving thread (or its signal handler's caller: any thread), once.
 */
static inline void ring_commit(struct tpoint_reservation *res, uint32_t len)
{
	/* The length word goes first: the header's type ends the padding the slot read as. */
	pg_put_event_header(res->slot, res->delta, pg_align(len));
	/*
	 * Release: the event is written before the page counts it. Pairs with the reader's
	 * acquire of the page word (and the overwriting writer's, in rb_claim()).
	 */
	__atomic_fetch_add(&((struct ring_meta *)res->meta)->word, RING_COMMIT_EVENT | res->len,
			   __ATOMIC_RELEASE);
}

#endif /* TPOINT_RING_H */
