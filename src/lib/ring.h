/* SPDX-License-Identifier: MIT */
/*
 * ring.h - per-CPU ring buffers in the kernel's page format, in shared memory.
 *
 * One memfd holds everything a traced process and the recorder share:
 *
 *   [ring_shm header][ring_cpu x nr_cpus][ring_meta x nr_cpus*nr_pages][registry][tasks]
 *   [page ... page] (4096 bytes each, page-aligned: nr_pages per CPU)
 *
 * A page is the kernel's buffer_data_page: u64 timestamp, u64 commit, 4080 bytes of events,
 * each with the 32-bit header { type_len:5, time_delta:27 }. Pages are copied to trace.dat
 * as they are; the recorder only fills in the commit word.
 *
 * Writers (any thread, any process, signal handlers included) reserve with one CAS on their
 * CPU's head word, which packs the page's sequence number, the offset in it and the low 32
 * bits of the last timestamp given out, so that time deltas and space are handed out
 * together and in the same order:
 *
 *   head = seq:20 | off:12 | ts:32
 *
 * The page header keeps the page's full 64-bit base time; a page is left once it is 2^31 ns
 * old, so 32 bits always tell the full time. Committing adds (1 event, bytes) to the page's
 * commit word; the reader takes a page once it is closed and everything reserved in it is
 * committed. Every page slot has a state word, seq << 2 | state:
 *
 *   CONSUMED --writer opens--> OPEN --writer moves on--> CLOSED --reader--> READING --> CONSUMED
 *                                                          \--overwrite mode: writer steals
 *
 * Losses are counted exactly, per CPU: lost (not reserved: buffer full, or a page switch in
 * progress on the same CPU) and overrun (events in pages stolen in overwrite mode).
 */
#ifndef TPOINT_RING_H
#define TPOINT_RING_H

#include <stddef.h>
#include <stdint.h>

#define RING_MAGIC		"tpoint-ring-1"
#define RING_PAGE_SIZE		4096u
#define RING_PAGE_HDR		16u
#define RING_DATA_SIZE		(RING_PAGE_SIZE - RING_PAGE_HDR)	/* 4080 */

/* The kernel's event header types */
#define RB_TYPE_PADDING		29u
#define RB_TYPE_TIME_EXTEND	30u
#define RB_TYPE_TIME_STAMP	31u
#define RB_MAX_SMALL_DATA	112u	/* 28 * 4: larger events keep their length in array[0] */
#define RB_DELTA_BITS		27u
#define RB_MISSED_EVENTS	(1ull << 31)	/* commit word flags */
#define RB_MISSED_STORED	(1ull << 30)

#define RING_SEQ_BITS		20u
#define RING_SEQ_MASK		((1u << RING_SEQ_BITS) - 1)
#define RING_MAX_PAGES		(1u << (RING_SEQ_BITS - 1))
#define RING_MAX_AGE		(1ull << 31)	/* ns a page may span */

enum ring_page_state { RING_CONSUMED, RING_OPEN, RING_CLOSED, RING_READING };

#define RING_OVERWRITE		0x1u	/* flags: flight recorder */

struct ring_cpu {
	uint64_t head;		/* writers: CAS; see above */
	uint64_t lost;		/* events not reserved; atomic */
	uint64_t overrun;	/* events in pages overwritten before they were read; atomic */
	uint64_t read_seq;	/* the reader's next page; the reader's alone */
	uint64_t read_lost;	/* losses the reader has flagged in a page; the reader's */
	uint64_t pad[3];
};

struct ring_meta {
	uint64_t state;		/* seq << 2 | enum ring_page_state */
	uint64_t commit;	/* events << 32 | bytes committed; atomic add */
	uint32_t size;		/* bytes reserved, set when the page is closed */
	uint32_t pad;
	uint64_t lost_mark;	/* the CPU's losses when the page was opened */
};

struct ring_task {
	uint32_t tid;		/* written last (release): the entry is valid */
	char comm[16];
};

#define RING_REG_SIZE		(1u << 20)	/* event formats */
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

struct ring {
	struct ring_shm *shm;
	struct ring_cpu *cpus;
	struct ring_meta *meta;
	unsigned char *data;
	uint32_t nr_cpus, nr_pages, flags;
};

/* A reservation: where the event goes and what its header will say. */
struct ring_res {
	struct ring_meta *meta;
	unsigned char *slot;		/* the event header */
	uint32_t len;			/* bytes reserved, the time extend included */
	uint32_t need;			/* bytes of the event itself */
	uint32_t delta;			/* the event's own time_delta */
};

static inline unsigned char *ring_page(const struct ring *r, uint32_t cpu, uint32_t seq)
{
	return r->data + ((size_t)cpu * r->nr_pages + (seq & (r->nr_pages - 1))) * RING_PAGE_SIZE;
}

static inline struct ring_meta *ring_meta_of(const struct ring *r, uint32_t cpu, uint32_t seq)
{
	return &r->meta[(size_t)cpu * r->nr_pages + (seq & (r->nr_pages - 1))];
}

/* Bytes an event of @len bytes of data takes in a page, its header included. */
static inline uint32_t ring_event_len(uint32_t len)
{
	len = (len + 3) & ~3u;
	return len > RB_MAX_SMALL_DATA ? len + 8 : len + 4;
}

/* Setup, by the recorder: lay out and initialise a mapping of @size bytes (ring_layout). */
size_t ring_layout(uint32_t nr_cpus, uint32_t nr_pages);
int ring_init(struct ring *r, void *mem, size_t size, uint32_t nr_cpus, uint32_t nr_pages,
	      uint32_t flags);
/* Attach to a mapping made by ring_init(); -1 if it is not one. */
int ring_attach(struct ring *r, void *mem, size_t size);

/* Writers: ring_reserve() and ring_commit() are inline, below. */

/*
 * Reader: copy the next ready page of @cpu into @page (4096 bytes, commit word set, the
 * missed-events flag when events were lost before it). @final: the writers are gone or
 * stopped, take the open page too, checked event by event. Returns 1 with a page, 0 when
 * none is ready; *@events set to the events in it.
 */
int ring_read_page(struct ring *r, uint32_t cpu, void *page, int final, uint32_t *events);
/*
 * Live readers: a copy of @cpu's open page as far as it is committed (its commit word set to
 * that), 1 with its sequence in *@seq, or 0. The page is not consumed: ring_read_page()
 * returns it again, whole, once it is closed (its sequence is then read_seq - 1).
 */
int ring_peek_page(struct ring *r, uint32_t cpu, void *page, uint32_t *seq);
/* Events lost on @cpu so far (not reserved, and overwritten). */
uint64_t ring_lost(const struct ring *r, uint32_t cpu);

/* ---- Writers: the fast path, inline where events are reserved; ring.c has the rest ---- */

#include <string.h>

#define RING_HEAD(seq, off, ts)							\
	(((uint64_t)((seq) & RING_SEQ_MASK) << 44) | ((uint64_t)(off) << 32) | (uint32_t)(ts))
#define RING_HEAD_SEQ(h)	((uint32_t)((h) >> 44))
#define RING_HEAD_OFF(h)	((uint32_t)((h) >> 32) & 0xfffu)
#define RING_HEAD_TS(h)		((uint32_t)(h))

/* Move to the next page: 1 with the event reserved there, 0 to retry, -1 when lost. */
int ring_switch(struct ring *r, uint32_t cpu, uint64_t *headp, uint64_t now, uint32_t need,
		struct ring_res *res);

static inline uint64_t *ring_page_ts(unsigned char *page)
{
	return (uint64_t *)(void *)page;
}

static inline void ring_put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/*
 * Until its commit, a reserved event reads as a discarded one (padding with its length), so
 * that a writer dying in TP_fast_assign leaves a page that still parses. The entry's first
 * bytes then overwrite the length; as they hold its type, an id >= 32768, a page left that
 * way fails the length check and is cut there.
 */
static inline void ring_mark_discarded(unsigned char *slot, uint32_t len, uint32_t delta)
{
	ring_put32(slot, RB_TYPE_PADDING | delta << 5);
	ring_put32(slot + 4, len - 4);
}

static inline unsigned char *ring_reserved(struct ring_res *res, struct ring_meta *m,
				      unsigned char *slot, uint32_t need, uint32_t ext,
				      uint32_t delta)
{
	if (ext) {
		ring_put32(slot, RB_TYPE_TIME_EXTEND | (delta & ((1u << RB_DELTA_BITS) - 1)) << 5);
		ring_put32(slot + 4, delta >> RB_DELTA_BITS);
		slot += 8;
		delta = 0;
	}
	res->meta = m;
	res->slot = slot;
	res->len = ext + need;
	res->need = need;
	res->delta = delta;
	ring_mark_discarded(slot, need, delta);
	return slot + (need > RB_MAX_SMALL_DATA + 4 ? 8 : 4);
}

static inline void *ring_reserve(struct ring *r, uint32_t cpu, uint64_t now, uint32_t len,
				 struct ring_res *res)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	uint32_t need = ring_event_len(len);
	uint64_t head = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);

	for (;;) {
		uint32_t seq = RING_HEAD_SEQ(head), off = RING_HEAD_OFF(head), last = RING_HEAD_TS(head);
		unsigned char *page = ring_page(r, cpu, seq);
		uint64_t base = __atomic_load_n(ring_page_ts(page), __ATOMIC_RELAXED);
		int32_t d = (int32_t)((uint32_t)now - last);
		uint32_t delta = d > 0 ? (uint32_t)d : 0;	/* preempted since: keep order */
		uint32_t ext = delta >> RB_DELTA_BITS ? 8 : 0;
		int ret;

		if ((int64_t)(now - base) < (int64_t)RING_MAX_AGE &&
		    off + ext + need <= RING_DATA_SIZE) {
			if (__atomic_compare_exchange_n(&rc->head, &head,
							RING_HEAD(seq, off + ext + need, last + delta),
							1, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
				return ring_reserved(res, ring_meta_of(r, cpu, seq),
						page + RING_PAGE_HDR + off, need, ext, delta);
			continue;
		}
		ret = ring_switch(r, cpu, &head, now, need, res);
		if (ret > 0)
			return res->slot + (need > RB_MAX_SMALL_DATA + 4 ? 8 : 4);
		if (ret < 0)
			return NULL;
		/* ret == 0: the head moved; try again from it */
	}
}

static inline void ring_commit(struct ring_res *res, uint32_t len)
{
	uint32_t a = (len + 3) & ~3u;

	if (a > RB_MAX_SMALL_DATA) {
		ring_put32(res->slot + 4, a + 4);
		ring_put32(res->slot, res->delta << 5);
	} else {
		ring_put32(res->slot, a / 4 | res->delta << 5);
	}
	/* Release: the event is written before the page counts it; pairs with the reader. */
	__atomic_fetch_add(&res->meta->commit, (1ull << 32) | res->len, __ATOMIC_RELEASE);
}


#endif /* TPOINT_RING_H */
