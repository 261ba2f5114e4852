// SPDX-License-Identifier: MIT
/*
 * ring.c - the ring buffers of ring.h: writers reserve and commit, the recorder reads pages.
 *
 * Why this design
 * ---------------
 * The kernel's ring buffer cannot be preempted in the middle of a reservation; a user-space
 * writer always can, and signal handlers write too. So no step of a reservation may make
 * another writer wait, or fail: a writer preempted anywhere, for any time, may hold back
 * the reader on one page, never a writer. An event is lost only when the ring is full: in
 * discard mode, when the page the writer needs has not been read yet. (LTTng-UST's ring gets
 * there with a CAS on a byte offset and per-sub-buffer commit counters; this is tpoint's own
 * take on that idea, in the kernel's page format.)
 *
 * Reserving in the current page is one CAS on the CPU's head (seq | off | ts, ring.h), which
 * hands out the room and the time delta together. (The generated probes do this step, and
 * the commit, inline: include/tpoint/static/fastpath.h, the same steps in its own names;
 * anything else about a reservation comes here.) Committing is one atomic add of (1 event,
 * bytes) to the page word. Moving to the next page is done by whichever writers need it,
 * all of them racing through the same three steps, each of which any of them can finish:
 *
 *      head: seq, off          page seq (full)            page nseq = seq + 1
 *      ---------------         -------------------        -------------------------------
 *   1. claim                                              word: FREE(nseq - N), counts 0?
 *                                                         (overwrite: CLOSED(nseq - N) and
 *                                                          fully committed -> CAS to FREE,
 *                                                          its events counted overrun)
 *   2. agree on the base                                  base: CAS (nseq - N, *) -> (nseq, now)
 *                                                         or adopt (nseq, t) if already set
 *   3. CAS head (seq, off, ts) -> (nseq, event, t)
 *      the winner only:        word: FREE(seq - N) ->
 *                              CLOSED(seq), size = off
 *
 * A writer preempted after step 1 or 2 has done nothing the others need to wait for: the
 * next writer needing the page repeats the steps, finds them done, and moves the head
 * itself. A winner preempted between step 3 and closing the old page leaves that page
 * unclosed: writers go on in the new one; the reader waits at the old page. A page is
 * never handed to the reader before its closer has set its size and every event reserved
 * in it is committed (bytes == size).
 *
 * Page word states, per slot (tags are generations, mod 2^20; N = pages per CPU):
 *
 *   FREE(g - N) --head enters g--> (commits add counts) --winner closes--> CLOSED(g)
 *   CLOSED(g) --reader, bytes == size--> READING(g) --copied, zeroed--> FREE(g)
 *   CLOSED(g) --overwrite mode, a writer for g + N, bytes == size--> FREE(g)
 *
 * Times: the head keeps the low 32 bits of the last time given out, and every time in a page
 * stays within RING_MAX_AGE (2^31) of the page's base, so base + 32 bits give the whole
 * time. The base is agreed in step 2 from the latest time the first switcher knows of (its
 * clock, the old page's last time, the CPU's floor), kept to 2^20 units so that it fits
 * beside its tag; the first event's delta is counted from it. A switcher preempted after
 * step 2 while the others went on in the old page can leave a base too old for the time the
 * page must start at, or too old for the first event to fit with its time extend: then the
 * page is opened full, as one padding entry nobody else can reserve in, the CPU's floor is
 * raised to that time, and the next switch starts a fresh page above it. So time never goes
 * back within a CPU's stream, however stale a writer's clock read.
 *
 * Overwrite mode takes a page back from the reader without zeroing it (its new writers may
 * start at once): until a reservation's header is written, its slot holds the previous
 * lap's bytes. Only a reader that parses a page nobody finished (the writers died) can meet
 * them, and it stops at the count of events the page word says were committed. A reader
 * that fell more than a ring behind finds the newest pages by the head's 64-bit count of
 * switches, since 20-bit sequence numbers 2^19 apart no longer tell behind from ahead.
 *
 * Memory ordering, once for the whole file:
 * - head: writers load it with acquire and CAS it with acquire (ACQ_REL in the switch), so
 *   a writer that reserves in a page sees everything written before the switch into it:
 *   the base word, and the zeroed data the reader released with FREE (step 1 acquires it).
 * - page word: commits add with release after writing the event; the closer's CAS (release)
 *   sets the size after storing lost_mark; the reader acquires the word, and a CLOSED word
 *   with bytes == size, read through the release sequence of every commit add, makes every
 *   event of the page visible. The reader releases FREE after copying and zeroing; step 1
 *   acquires it. An overwriting writer's CAS (acq_rel) acquires the commits of the page it
 *   takes before its new writers (after its head release) write there.
 * - base word: relaxed; written in step 2 before the head CAS publishes it (release), read
 *   by writers after their head acquire and by the reader after its word acquire.
 * - floor: relaxed, raised (CAS max) before the head CAS that publishes a page opened full,
 *   read by switchers after their head acquire, as the base word.
 * - lost, overrun, switches: relaxed counters, taken as statistics (switches also to skip
 *   laps, where a count a few pages short only makes the reader skip fewer); lost_mark is
 *   the closer's, read by the reader after the word's acquire.
 * - snapshots (ring_snap_page()) copy pages in place, changing no word: a closed page once
 *   whole (the word's acquire, as the reader's), the open page when the head, read around
 *   the word's acquire, is unchanged at the offset the commits add up to. After the copy,
 *   an acquire fence and the word read again, as a seqlock's reader retries: a writer that
 *   takes the slot back changes the word (rb_claim()'s acq_rel CAS) before the head CAS
 *   that lets writers in (release, their reservations acquire it), so a copy that may
 *   hold any of their bytes sees the word changed, and is dropped.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"

#define HEAD(seq, off, ts)	RING_HEAD(seq, off, ts)
#define HEAD_SEQ(h)	RING_HEAD_SEQ(h)
#define HEAD_OFF(h)	RING_HEAD_OFF(h)
#define HEAD_TS(h)	RING_HEAD_TS(h)
#define SEQ(x)		((uint32_t)(x) & RING_SEQ_MASK)

/* Pages the reader follows the head's count of switches ahead: more, the program made up. */
#define RB_MAX_SKIP	(1ull << 40)

/* The registry's robust mutex lives in the shared memory, in ring_shm's lock words. */
_Static_assert(sizeof(pthread_mutex_t) <= sizeof(((struct ring_shm *)0)->lock),
	       "ring_shm.lock holds a pthread_mutex_t");

#ifdef RING_TEST_HOOKS
void (*ring_test_hook)(int where);
#define RB_HOOK(where)	do { if (ring_test_hook) ring_test_hook(where); } while (0)
#else
#define RB_HOOK(where)	do { } while (0)
#endif

/* @a - @b for sequence numbers, as a signed 20-bit difference */
static int32_t rb_seq_diff(uint32_t a, uint32_t b)
{
	return ring_seq_diff(a, b);
}

struct layout {
	uint64_t cpu_off, meta_off, reg_off, task_off, data_off, size;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static void layout(uint32_t nr_cpus, uint32_t nr_pages, struct layout *l)
{
	l->cpu_off = align_up(sizeof(struct ring_shm), RING_CACHELINE);
	l->meta_off = align_up(l->cpu_off + (uint64_t)nr_cpus * sizeof(struct ring_cpu),
			       RING_CACHELINE);
	l->reg_off = align_up(l->meta_off +
			      (uint64_t)nr_cpus * nr_pages * sizeof(struct ring_meta),
			      RING_CACHELINE);
	l->task_off = align_up(l->reg_off + RING_REG_SIZE, RING_CACHELINE);
	l->data_off = align_up(l->task_off + (uint64_t)RING_MAX_TASKS * sizeof(struct ring_task),
			       RING_PAGE_SIZE);
	l->size = l->data_off + (uint64_t)nr_cpus * nr_pages * RING_PAGE_SIZE;
}

size_t ring_layout(uint32_t nr_cpus, uint32_t nr_pages)
{
	struct layout l;

	layout(nr_cpus, nr_pages, &l);
	return (size_t)l.size;
}

static void ring_map(struct ring *r, void *mem)
{
	struct ring_shm *shm = mem;

	r->shm = shm;
	r->cpus = (struct ring_cpu *)((char *)mem + shm->cpu_off);
	r->meta = (struct ring_meta *)((char *)mem + shm->meta_off);
	r->data = (unsigned char *)mem + shm->data_off;
	r->reg = (unsigned char *)mem + shm->reg_off;
	r->tasks = (struct ring_task *)((char *)mem + shm->task_off);
	r->nr_cpus = shm->nr_cpus;
	r->nr_pages = shm->nr_pages;
	r->flags = shm->flags;
	r->rd = NULL;
}

int ring_init(struct ring *r, void *mem, size_t size, uint32_t nr_cpus, uint32_t nr_pages,
	      uint32_t flags)
{
	struct ring_shm *shm = mem;
	pthread_mutexattr_t attr;
	struct layout l;
	uint32_t cpu, i;

	if (!nr_cpus || nr_pages < 2 || nr_pages > RING_MAX_PAGES || (nr_pages & (nr_pages - 1)))
		return -EINVAL;
	layout(nr_cpus, nr_pages, &l);
	if (size < l.size)
		return -EINVAL;
	memset(shm, 0, sizeof(*shm));
	memcpy(shm->magic, RING_MAGIC, sizeof(RING_MAGIC));
	shm->page_size = RING_PAGE_SIZE;
	shm->nr_cpus = nr_cpus;
	shm->nr_pages = nr_pages;
	shm->flags = flags;
	shm->size = l.size;
	shm->cpu_off = l.cpu_off;
	shm->meta_off = l.meta_off;
	shm->reg_off = l.reg_off;
	shm->task_off = l.task_off;
	shm->data_off = l.data_off;
	shm->next_id = RING_FIRST_ID;

	/* Robust: a process that dies holding it does not block the others. */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init((pthread_mutex_t *)(void *)shm->lock, &attr);
	pthread_mutexattr_destroy(&attr);

	ring_map(r, mem);
	/* The reader's own state: in its memory, where no traced program can write. */
	r->rd = calloc(nr_cpus, sizeof(*r->rd));
	if (!r->rd)
		return -ENOMEM;
	for (cpu = 0; cpu < nr_cpus; cpu++)
		r->rd[cpu].lost_limit = UINT64_MAX;
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		/*
		 * Every slot is free for its first generation. The head starts in page 0, empty,
		 * with base time 0: the first event finds it too old and moves on to page 1,
		 * closing page 0 with nothing in it.
		 */
		memset(&r->cpus[cpu], 0, sizeof(r->cpus[cpu]));
		r->cpus[cpu].head = HEAD(0, 0, 0);
		for (i = 0; i < nr_pages; i++) {
			struct ring_meta *m = ring_meta_of(r, cpu, i);

			memset(m, 0, sizeof(*m));
			m->word = RING_WORD(i - nr_pages, RING_FREE, 0, 0);
			m->base = i ? RING_BASE(i - nr_pages, 0) : RING_BASE(0, 0);
		}
	}
	return 0;
}

void ring_fini(struct ring *r)
{
	free(r->rd);
	r->rd = NULL;
}

int ring_attach(struct ring *r, void *mem, size_t size)
{
	struct ring_shm *shm = mem;
	struct layout l;

	if (size < sizeof(*shm) || memcmp(shm->magic, RING_MAGIC, sizeof(RING_MAGIC)) != 0)
		return -EINVAL;
	if (shm->page_size != RING_PAGE_SIZE || !shm->nr_cpus || shm->nr_pages < 2 ||
	    shm->nr_pages > RING_MAX_PAGES || (shm->nr_pages & (shm->nr_pages - 1)))
		return -EINVAL;
	layout(shm->nr_cpus, shm->nr_pages, &l);
	if (l.size != shm->size || size < l.size || l.cpu_off != shm->cpu_off ||
	    l.meta_off != shm->meta_off || l.reg_off != shm->reg_off ||
	    l.task_off != shm->task_off || l.data_off != shm->data_off)
		return -EINVAL;
	ring_map(r, mem);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Writers: the page switch (ring.h has the fast path) */

/*
 * Step 1: is slot @m free for generation @nseq? In overwrite mode, take it from the reader
 * if it holds the oldest page, fully committed. Returns 0 when it is not free: the ring is
 * full, or the head has moved on (the caller tells which).
 */
static int rb_claim(struct ring *r, struct ring_cpu *rc, struct ring_meta *m, uint32_t nseq)
{
	uint32_t prev = SEQ(nseq - r->nr_pages);
	/* Acquire: pairs with the reader's release of FREE; the slot's zeroed data is seen. */
	uint64_t w = __atomic_load_n(&m->word, __ATOMIC_ACQUIRE);

	for (;;) {
		if (RING_W_SEQ(w) != prev)
			return 0;		/* not read yet, or already in use: the head moved */
		if (RING_W_STATE(w) == RING_FREE)
			return RING_W_COUNTS(w) == 0;	/* counts: generation nseq is begun */
		if (!(r->flags & RING_OVERWRITE) || RING_W_STATE(w) != RING_CLOSED ||
		    RING_W_BYTES(w) != RING_W_SIZE(w))
			return 0;		/* unread, being read, or a writer is still in it */
		/*
		 * Acq_rel: acquires the commits of the page taken (its old writers are done
		 * before its new ones start); releases nothing itself, the head CAS does.
		 */
		if (__atomic_compare_exchange_n(&m->word, &w, RING_WORD(prev, RING_FREE, 0, 0), 0,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			/* Relaxed: a statistic (lost_mark carries it to the reader). */
			__atomic_fetch_add(&rc->overrun, RING_W_EVENTS(w), __ATOMIC_RELAXED);
			return 1;
		}
	}
}

/*
 * Step 2: the base time of generation @nseq in slot @m: set it to @now (the latest time
 * the caller knows of: its clock, the old page's last time, the CPU's floor), or adopt it.
 */
static int rb_agree_base(struct ring *r, struct ring_meta *m, uint32_t nseq, uint64_t now,
			 uint64_t *base)
{
	uint32_t prev = SEQ(nseq - r->nr_pages);
	/* Relaxed: published by the head CAS that follows (release); see the file header. */
	uint64_t b = __atomic_load_n(&m->base, __ATOMIC_RELAXED);

	for (;;) {
		if (RING_BASE_SEQ(b) == nseq) {
			*base = RING_BASE_TIME(b);
			return 1;
		}
		if (RING_BASE_SEQ(b) != prev)
			return 0;		/* the slot has moved on: our head is stale */
		/* Relaxed: as the load; the first switcher's value wins, the others adopt it. */
		if (__atomic_compare_exchange_n(&m->base, &b, RING_BASE(nseq, now), 0,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
			*base = RING_BASE_TIME(RING_BASE(nseq, now));
			return 1;
		}
	}
}

/* The head CAS's winner closes page @seq at @size: it is the page's only closer. */
static void rb_close(struct ring *r, uint32_t cpu, uint32_t seq, uint32_t size)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	struct ring_meta *m = ring_meta_of(r, cpu, seq);
	uint32_t prev = SEQ(seq - r->nr_pages);
	/* Relaxed: a starting value for the CAS below, which a stale one only makes retry. */
	uint64_t w = __atomic_load_n(&m->word, __ATOMIC_RELAXED);

	/*
	 * Relaxed: the losses are statistics, and lost_mark reaches the reader through the
	 * release of the CAS below.
	 */
	__atomic_store_n(&m->lost_mark, __atomic_load_n(&rc->lost, __ATOMIC_RELAXED) +
			 __atomic_load_n(&rc->overrun, __ATOMIC_RELAXED), __ATOMIC_RELAXED);
	do {
		if (RING_W_SEQ(w) != prev || RING_W_STATE(w) != RING_FREE)
			return;		/* not a page being written: a corrupted word */
		/* Release: lost_mark before CLOSED; pairs with the reader's acquire. */
	} while (!__atomic_compare_exchange_n(&m->word, &w,
					      RING_WORD(seq, RING_CLOSED, size, RING_W_COUNTS(w)),
					      1, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* @a or @b, whichever is later (clock values, compared across a wrap) */
static uint64_t rb_later(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) >= 0 ? a : b;
}

/* Raise the CPU's floor to @t: no event after it is stamped earlier. */
static void rb_raise_floor(struct ring_cpu *rc, uint64_t t)
{
	/* Relaxed, the load and the CAS: published by the head CAS that follows (release). */
	uint64_t f = __atomic_load_n(&rc->floor, __ATOMIC_RELAXED);

	while ((int64_t)(t - f) > 0 &&
	       !__atomic_compare_exchange_n(&rc->floor, &f, t, 1, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
}

/*
 * The head CAS's winner of a page opened full: one padding entry over the whole page,
 * committed, so that the page reads as empty once closed. Nobody else reserves in it.
 */
static void rb_fill(struct ring *r, uint32_t cpu, uint32_t seq)
{
	ring_mark_discarded(ring_page(r, cpu, seq) + RING_PAGE_HDR, RING_DATA_SIZE, 0);
	/* Release: the padding is written before the page counts it, as ring_commit(). */
	__atomic_fetch_add(&ring_meta_of(r, cpu, seq)->word, RING_DATA_SIZE, __ATOMIC_RELEASE);
}

/*
 * The time of the first event in the page after the head's (@head, read with acquire):
 * no earlier than @now, the old page's last one, nor the CPU's floor.
 */
static uint64_t rb_first_time(struct ring *r, uint32_t cpu, uint64_t head, uint64_t now)
{
	struct ring_meta *m = ring_meta_of(r, cpu, HEAD_SEQ(head));
	/* Relaxed, both: after the head's acquire, which the switch into the page released. */
	uint64_t t = ring_last_time(RING_BASE_TIME(__atomic_load_n(&m->base, __ATOMIC_RELAXED)),
				    head);

	return rb_later(rb_later(t, now), __atomic_load_n(&r->cpus[cpu].floor, __ATOMIC_RELAXED));
}

/*
 * Leave page HEAD_SEQ(*@headp) for the next one (steps 1 to 3 of the file header).
 * Returns 1 with the event reserved at the start of the new page, 0 to retry (*@headp
 * reloaded), -1 when the event is lost: the next page is not free and the head has not
 * moved.
 */
int ring_switch(struct ring *r, uint32_t cpu, uint64_t *headp, uint64_t now, uint32_t need,
		struct tpoint_reservation *res)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	uint64_t head = *headp, base, t, next, cur;
	uint32_t seq = HEAD_SEQ(head), nseq = SEQ(seq + 1), ext = 0;
	struct ring_meta *m = ring_meta_of(r, cpu, nseq);
	int full;

	if (need > RING_DATA_SIZE)
		goto lost;		/* never fits a page */
	t = rb_first_time(r, cpu, head, now);
	if (!rb_claim(r, rc, m, nseq) || !rb_agree_base(r, m, nseq, t, &base))
		goto busy;
	RB_HOOK(RING_HOOK_SWITCH_CLAIMED);
	t = rb_later(t, base);
	ext = (t - base) >> RB_DELTA_BITS ? RB_EXTEND_LEN : 0;
	/*
	 * The base agreed may be older than t: set by a writer that was then preempted while
	 * others went on in the old page. If t is out of its reach, or the event no longer
	 * fits with its time extend, the page is opened full (one padding entry): nobody
	 * reserves in it, and the next switch, past the floor raised to t, starts afresh.
	 */
	full = t - base >= RING_MAX_AGE || ext + need > RING_DATA_SIZE;
	if (full) {
		rb_raise_floor(rc, t);
		next = HEAD(nseq, RING_DATA_SIZE, base);
	} else {
		next = HEAD(nseq, ext + need, t);
	}
	/* Acq_rel: publishes steps 1-2 to the page's writers; acquires the old page's. */
	if (!__atomic_compare_exchange_n(&rc->head, &head, next, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		*headp = head;
		return 0;
	}
	/* Relaxed: a count the reader uses once the writers are gone, or to skip laps. */
	__atomic_fetch_add(&rc->switches, 1, __ATOMIC_RELAXED);
	RB_HOOK(RING_HOOK_SWITCH_MOVED);
	rb_close(r, cpu, seq, HEAD_OFF(head));
	if (full) {
		rb_fill(r, cpu, nseq);
		*headp = next;
		return 0;
	}
	ring_reserved(res, m, ring_page(r, cpu, nseq) + RING_PAGE_HDR, need, ext,
		      (uint32_t)(t - base));
	return 1;
busy:
	/* Acquire: as ring_reserve()'s load of the head, which retries from it. */
	cur = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);
	if (cur != head) {
		*headp = cur;
		return 0;
	}
lost:
	/* Relaxed: a statistic; the closer of the page it stamps (lost_mark) reads it. */
	__atomic_fetch_add(&rc->lost, 1, __ATOMIC_RELAXED);
	return -1;
}

/* ---------------------------------------------------------------------------------------- */
/* Reader */

uint64_t ring_lost(const struct ring *r, uint32_t cpu)
{
	/* Relaxed: statistics, each read on its own. */
	return __atomic_load_n(&r->cpus[cpu].lost, __ATOMIC_RELAXED) +
	       __atomic_load_n(&r->cpus[cpu].overrun, __ATOMIC_RELAXED);
}

/* The first @size bytes (at most a page's) of page @seq of @cpu, with its base time. */
static uint32_t rb_copy(struct ring *r, uint32_t cpu, uint32_t seq, unsigned char *dst,
			uint32_t size)
{
	/* Relaxed: after the acquire of the page word (or head) that made the page ready. */
	uint64_t base = RING_BASE_TIME(__atomic_load_n(&ring_meta_of(r, cpu, seq)->base,
						       __ATOMIC_RELAXED));

	if (size > RING_DATA_SIZE)
		size = RING_DATA_SIZE;		/* a head or word the program scribbled on */
	memcpy(dst, &base, sizeof(base));	/* the page header's timestamp */
	memcpy(dst + RING_PAGE_HDR, ring_page(r, cpu, seq) + RING_PAGE_HDR, size);
	return size;
}

/* The committed start of an open page's copy: up to its first entry still reserved. */
static uint32_t rb_committed(const unsigned char *data, uint32_t size, uint32_t *events)
{
	uint32_t off = 0, n = 0;
	struct pg_entry e;

	while (pg_decode(data, size, off, &e) > 0 && e.type != RB_TYPE_PADDING &&
	       e.type != RB_TYPE_TIME_STAMP) {
		n += e.type <= RB_MAX_TYPE_LEN;
		off += e.len;
	}
	*events = n;
	return off;
}

int ring_peek_page(struct ring *r, uint32_t cpu, void *out, uint32_t *seqp)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	uint32_t seq = SEQ(r->rd[cpu].read_seq), size, n;
	struct ring_meta *m = ring_meta_of(r, cpu, seq);
	unsigned char *dst = out;
	uint64_t w, head;

	/* Acquire: pairs with the commits' release adds; the events they counted are seen. */
	w = __atomic_load_n(&m->word, __ATOMIC_ACQUIRE);
	if (RING_W_SEQ(w) != SEQ(seq - r->nr_pages) || RING_W_STATE(w) != RING_FREE)
		return 0;		/* not begun, or closed: read whole by ring_read_page() */
	/* Acquire: pairs with the release of the head CAS that moved into the page (its base). */
	head = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);
	if (HEAD_SEQ(head) != seq)
		return 0;		/* being closed: read it whole in a moment */
	size = rb_copy(r, cpu, seq, dst, HEAD_OFF(head));
	/* Up to the first entry not committed yet (reserved ones read as padding). */
	size = rb_committed(dst + RING_PAGE_HDR, size, &n);
	memcpy(&w, dst, sizeof(w));		/* the base time rb_copy() put there */
	pg_finish(dst, w, size, 0);
	*seqp = seq;
	return size > 0;
}

/*
 * A copied page that every writer finished: it must parse to its size, with as many
 * events as its word counted. What does not (the program wrote over it) is cut off there.
 */
static void rb_check_whole(unsigned char *dst, struct ring_read *t, uint32_t counted)
{
	uint32_t kept = pg_check(dst + RING_PAGE_HDR, t->size, ~0u, &t->events);

	if (kept != t->size || t->events != counted)
		t->bad = kept != t->size ? RING_BAD_PARSE : RING_BAD_COUNT;
	t->cut = t->size - kept;
	t->size = kept;
}

/*
 * A closed page: copied once every event reserved in it is committed (or at @final, as far
 * as it parses), then handed back to the writers. 1 when taken, 0 when not ready, -1 when
 * the word changed under us (an overwriting writer took it, or a late commit): look again.
 */
static int rb_take_closed(struct ring *r, uint32_t cpu, uint32_t seq, uint64_t w, int final,
			  unsigned char *dst, struct ring_read *t)
{
	struct ring_meta *m = ring_meta_of(r, cpu, seq);
	uint32_t size = RING_W_SIZE(w);
	int whole = RING_W_BYTES(w) == size && size <= RING_DATA_SIZE;

	if (!whole && !final)
		return 0;		/* a writer is still filling it */
	/* Acquire: as the word's load; an overwriting writer's CAS makes ours fail. */
	if (!__atomic_compare_exchange_n(&m->word, &w, RING_WORD(seq, RING_READING, size,
								 RING_W_COUNTS(w)), 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return -1;
	t->size = rb_copy(r, cpu, seq, dst, size);
	if (whole)
		rb_check_whole(dst, t, RING_W_EVENTS(w));
	else
		t->size = pg_check(dst + RING_PAGE_HDR, t->size, RING_W_EVENTS(w), &t->events);
	if (!t->events)
		t->size = 0;		/* only padding: a page opened full */
	/* Relaxed: after the word's acquire, which the closer's release CAS pairs with. */
	t->mark = __atomic_load_n(&m->lost_mark, __ATOMIC_RELAXED);
	memset(ring_page(r, cpu, seq) + RING_PAGE_HDR, 0, RING_DATA_SIZE);
	/* Release: the copy and the zeroing happen before a writer takes the slot again. */
	__atomic_store_n(&m->word, RING_WORD(seq, RING_FREE, 0, 0), __ATOMIC_RELEASE);
	return 1;
}

/*
 * A page not closed (the writers are gone, @final): the head's page as far as it was
 * reserved, or one whose closer never came, as far as it parses; in both, no more events
 * than its word counted committed. 1 when taken, 0 when there is none.
 */
static int rb_take_open(struct ring *r, uint32_t cpu, uint32_t seq, uint64_t w,
			unsigned char *dst, struct ring_read *t)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	/* Acquire: as in ring_peek_page(): the page's base word and what was reserved. */
	uint64_t head = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);
	int32_t ahead = rb_seq_diff(HEAD_SEQ(head), seq);
	uint32_t size;

	if (ahead < 0 || (ahead == 0 && HEAD_OFF(head) == 0))
		return 0;		/* not begun, or nothing in it yet */
	size = rb_copy(r, cpu, seq, dst, ahead == 0 ? HEAD_OFF(head) : RING_DATA_SIZE);
	t->size = pg_check(dst + RING_PAGE_HDR, size, RING_W_EVENTS(w), &t->events);
	t->mark = ring_lost(r, cpu);
	return 1;
}

/*
 * Fill in the copy's commit word, and the count of events lost before it, as the kernel:
 * the losses since *@flagged, the count the pages before it flagged (the reader's, or a
 * snapshot's own).
 */
static int rb_finish_at(struct ring *r, uint32_t cpu, unsigned char *dst, struct ring_read *t,
			uint64_t *flagged)
{
	uint64_t lost = ring_lost(r, cpu), limit = r->rd[cpu].lost_limit, mark, base;

	/* The mark is the program's to write: never more than the CPU's count believed. */
	lost = lost < limit ? lost : limit;
	mark = t->mark < lost ? t->mark : lost;
	t->missed = mark > *flagged ? mark - *flagged : 0;
	if (!t->size && !t->missed)
		return 0;
	*flagged += t->missed;
	memcpy(&base, dst, sizeof(base));	/* rb_copy() put it there */
	pg_finish(dst, base, t->size, t->missed);
	return 1;
}

static int rb_finish(struct ring *r, uint32_t cpu, unsigned char *dst, struct ring_read *t)
{
	return rb_finish_at(r, cpu, dst, t, &r->rd[cpu].read_lost);
}

/*
 * Overwrite mode, the reader more than a ring behind: the pages before the newest N were
 * overwritten (and counted). Jump to them, by the head's 64-bit sequence, since after 2^19
 * pages the 20-bit tags no longer tell behind from ahead. A count the program made up
 * (beyond 2^40 pages ahead) is not followed.
 */
static void rb_skip_laps(struct ring *r, uint32_t cpu)
{
	/* Relaxed: a count, bounded below; a few pages short only skips fewer. */
	uint64_t top = __atomic_load_n(&r->cpus[cpu].switches, __ATOMIC_RELAXED);
	struct ring_rd *rd = &r->rd[cpu];

	if ((r->flags & RING_OVERWRITE) && top > rd->read_seq &&
	    top - rd->read_seq >= r->nr_pages && top - rd->read_seq < RB_MAX_SKIP)
		rd->read_seq = top - (r->nr_pages - 1);
}

int ring_read_page(struct ring *r, uint32_t cpu, void *out, int final, struct ring_read *t)
{
	uint32_t tries;
	int ret;

	rb_skip_laps(r, cpu);
	/* Bounded: a program rewriting the words cannot keep the reader here. */
	for (tries = 0; tries < 2 * r->nr_pages + 16; tries++) {
		uint32_t seq = SEQ(r->rd[cpu].read_seq);
		struct ring_meta *m = ring_meta_of(r, cpu, seq);
		/* Acquire: pairs with the closer's and the commits' releases. */
		uint64_t w = __atomic_load_n(&m->word, __ATOMIC_ACQUIRE);
		int32_t d = rb_seq_diff(RING_W_SEQ(w), seq);

		memset(t, 0, sizeof(*t));
		t->seq = seq;
		if (d == 0 && RING_W_STATE(w) == RING_CLOSED)
			ret = rb_take_closed(r, cpu, seq, w, final, out, t);
		else if (d == -(int32_t)r->nr_pages && RING_W_STATE(w) == RING_FREE && final)
			ret = rb_take_open(r, cpu, seq, w, out, t);
		else if (d > 0 || (d == 0 && RING_W_STATE(w) == RING_FREE))
			ret = 2;	/* overwritten before it was read (counted overrun) */
		else
			return 0;	/* not ready */
		if (ret == 0)
			return 0;
		if (ret < 0)
			continue;
		r->rd[cpu].read_seq++;
		if (ret == 1 && rb_finish(r, cpu, out, t))
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Snapshots: pages copied where they are, taken neither from the writers nor the reader */

/* Looks at a page a writer is in before it is left out (a writer between reserve and commit). */
#define RB_SNAP_TRIES	64

void ring_snap_range(const struct ring *r, uint32_t cpu, uint32_t *first, uint32_t *last)
{
	/* Relaxed: only where to look; each page's word is acquired before it is copied. */
	uint64_t head = __atomic_load_n(&r->cpus[cpu].head, __ATOMIC_RELAXED);

	*last = HEAD_SEQ(head);
	*first = SEQ(*last - r->nr_pages + 1);
}

/*
 * Whether a slot's word @w is still of generation @seq, untouched: open (FREE of the
 * generation before) or closed. Otherwise a writer took it back, or the reader is reading
 * it (and zeroes it after its copy) or has read it.
 */
static int rb_holds(const struct ring *r, uint64_t w, uint32_t seq)
{
	if (RING_W_STATE(w) == RING_FREE)
		return RING_W_SEQ(w) == SEQ(seq - r->nr_pages);
	return RING_W_STATE(w) == RING_CLOSED && RING_W_SEQ(w) == seq;
}

/*
 * The open page @seq, copied when every event reserved in it is committed: the head, read
 * before and after the page word, has not moved, and its offset is what the commits add up
 * to. The bytes before it are then whole events nobody writes again until the slot is taken
 * back. (Any other moment, a reservation's slot may still hold the previous lap's bytes.)
 * 1 with the copy and *@counted, 0 when not begun or a writer is between reserve and commit
 * (t->busy), -1 when the head has left the page (it is being closed: look again).
 */
static int rb_snap_open(struct ring *r, uint32_t cpu, uint32_t seq, unsigned char *dst,
			struct ring_read *t, uint32_t *counted)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	/*
	 * Acquire, the three: the head's pair with the release of the switch into the page (its
	 * base word), the word's with the commits' release adds (the events they counted).
	 */
	uint64_t h1 = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);
	uint64_t w = __atomic_load_n(&ring_meta_of(r, cpu, seq)->word, __ATOMIC_ACQUIRE);
	uint64_t h2 = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);
	int32_t d = rb_seq_diff(HEAD_SEQ(h1), seq);

	if (d < 0)
		return 0;		/* not begun */
	if (d > 0 || !rb_holds(r, w, seq) || RING_W_STATE(w) != RING_FREE)
		return -1;
	if (h1 != h2 || RING_W_BYTES(w) != HEAD_OFF(h1)) {
		t->busy = 1;
		return 0;
	}
	t->size = rb_copy(r, cpu, seq, dst, HEAD_OFF(h1));
	t->open = 1;
	t->mark = ring_lost(r, cpu);
	*counted = RING_W_EVENTS(w);
	return 1;
}

/* A closed page, copied once whole: 1 with the copy and *@counted, 0 (t->busy) when not. */
static int rb_snap_closed(struct ring *r, uint32_t cpu, uint32_t seq, uint64_t w,
			  unsigned char *dst, struct ring_read *t, uint32_t *counted)
{
	if (RING_W_BYTES(w) != RING_W_SIZE(w) || RING_W_SIZE(w) > RING_DATA_SIZE) {
		t->busy = 1;	/* a writer is still filling it */
		return 0;
	}
	t->size = rb_copy(r, cpu, seq, dst, RING_W_SIZE(w));
	/* Relaxed: after the word's acquire, which the closer's release CAS pairs with. */
	t->mark = __atomic_load_n(&ring_meta_of(r, cpu, seq)->lost_mark, __ATOMIC_RELAXED);
	*counted = RING_W_EVENTS(w);
	return 1;
}

int ring_snap_page(struct ring *r, uint32_t cpu, uint32_t seq, void *out, uint64_t *flagged,
		   struct ring_read *t)
{
	struct ring_meta *m = ring_meta_of(r, cpu, seq);
	unsigned char *dst = out;
	uint32_t tries, counted = 0;
	int ret;

	/* Bounded: a program rewriting the words cannot keep the recorder here. */
	for (tries = 0; tries < RB_SNAP_TRIES; tries++) {
		/* Acquire: pairs with the closer's and the commits' releases, as the reader's. */
		uint64_t w = __atomic_load_n(&m->word, __ATOMIC_ACQUIRE);

		memset(t, 0, sizeof(*t));
		t->seq = seq;
		if (!rb_holds(r, w, seq))
			return -1;	/* taken back by a writer (overwritten), or read */
		if (RING_W_STATE(w) == RING_CLOSED)
			ret = rb_snap_closed(r, cpu, seq, w, dst, t, &counted);
		else
			ret = rb_snap_open(r, cpu, seq, dst, t, &counted);
		if (ret == 0 && !t->busy)
			return 0;
		if (ret <= 0)
			continue;
		/*
		 * Acquire fence, then the word again, as a seqlock's reader retries: the copy's
		 * loads come before the reload, and a writer that takes the slot back changes the
		 * word (rb_claim()'s CAS) before the head CAS that lets writers into the slot, so
		 * a copy that may hold any of their bytes finds the word changed. (The reader's
		 * CAS to READING, before it zeroes the page, does the same for its zeroes.)
		 */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (!rb_holds(r, __atomic_load_n(&m->word, __ATOMIC_RELAXED), seq))
			return -1;
		rb_check_whole(dst, t, counted);
		if (!t->events)
			t->size = 0;		/* only padding: a page opened full */
		rb_finish_at(r, cpu, dst, t, flagged);
		return 1;
	}
	return 0;
}
