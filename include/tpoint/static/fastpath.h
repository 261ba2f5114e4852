/* SPDX-License-Identifier: MIT */
/*
 * static/fastpath.h - the ring buffer's reserve and commit, inlined into every event probe.
 *
 * An event recorded by `tpoint record` is reserved and committed here, in the probe the
 * program's CREATE_TRACE_POINTS file generated (stages/stage8_event_probe.h), without a call
 * into libtpoint: read the CPU (rseq's cpu_id) and the clock (the TSC), one CAS on the CPU's
 * head, two stores to mark the slot, the entry, then its header and one atomic add. Whatever
 * this path does not take (a filtered event, a handler, a page switch, a time extend, an
 * entry of more than 112 bytes, a CAS lost to another writer) goes to the library's
 * out-of-line path (without rseq, only the CPU number comes from the library), tpoint__event_reserve() and tpoint__event_commit(), which does the same
 * and more (src/lib/probe.c, src/lib/ring.[ch]: the protocol, and why no writer waits).
 *
 * The program now knows the ring's layout, so the layout is versioned: TPOINT__FAST_ABI,
 * compiled into each object's struct tpoint_module. libtpoint registers only objects built
 * for its own TPOINT__FAST_ABI (or built before there was one: they call the out-of-line
 * path for every event), and says so for the others, whose events are then never traced: a
 * program built against an incompatible libtpoint is told, and cannot write into a session
 * in a layout the recorder does not read. Change anything below (a constant, the head,
 * page word or base encodings, struct tpoint__fast_ring, the strides), or what the inline
 * commit reads of a struct tpoint_reservation the library filled (meta, slot, len, delta,
 * local), and bump it; src/lib/ring.h checks at compile time that its layout and page.h's
 * are these, and where the reservation's fields are.
 *
 * The library hands a probe this path through the event: tpoint_event.fast points to the
 * session's struct tpoint__fast_ring while the event is recorded without a filter, and is
 * NULL otherwise (tracepoint.c sets and clears it with the event's recorded flag).
 */
#ifndef TPOINT_STATIC_FASTPATH_H
#define TPOINT_STATIC_FASTPATH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/rseq.h>

#include <tpoint/tpoint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef TPOINT__FAST_ABI
#define TPOINT__FAST_ABI	1u	/* the layout below; the library checks it per object */
#endif

/* The kernel's page (buffer_data_page) and event header, as src/lib/page.h spells them. */
#define TPOINT__PG_SIZE		4096u
#define TPOINT__PG_HDR		16u		/* u64 timestamp, u64 commit */
#define TPOINT__PG_DATA_SIZE	(TPOINT__PG_SIZE - TPOINT__PG_HDR)
#define TPOINT__RB_TYPE_BITS	5u		/* header: type_len:5 | time_delta:27 */
#define TPOINT__RB_TYPE_PADDING	29u
#define TPOINT__RB_MAX_SMALL	112u		/* data in type_len (28 words); more: length word */
#define TPOINT__RB_DELTA_LIMIT	(1u << (32 - TPOINT__RB_TYPE_BITS))

/* The ring (src/lib/ring.h): head = seq:20 | off:12 | ts:32; base = seq:20 | time >> 20. */
#define TPOINT__HEAD_SEQ_SHIFT	44u
#define TPOINT__HEAD_SEQ_MASK	0xfffffu
#define TPOINT__HEAD_OFF_SHIFT	32u
#define TPOINT__HEAD_OFF_MASK	0xfffu
#define TPOINT__BASE_SHIFT	20u
#define TPOINT__BASE_TIME_MASK	((1ull << 44) - 1)
#define TPOINT__MAX_AGE		(1ull << 31)	/* clock units every time in a page is within */
#define TPOINT__COMMIT_EVENT	(1ull << 12)	/* page word: one event, beside its bytes */
#define TPOINT__CPU_STRIDE	64u		/* struct ring_cpu: the head first */
#define TPOINT__META_STRIDE	32u		/* struct ring_meta: the page word, then base */

/*
 * What of the session a probe needs, set up by the library when it maps the session
 * (src/lib/session.c) and never changed while any event points to it.
 */
struct tpoint__fast_ring {
	unsigned char *cpus;		/* nr_cpus heads, TPOINT__CPU_STRIDE apart */
	unsigned char *meta;		/* nr_cpus * nr_pages page and base words */
	unsigned char *data;		/* the pages, nr_pages per CPU */
	uint32_t nr_cpus;
	uint32_t nr_pages;		/* a power of two */
	uint32_t tsc;			/* stamped with the TSC, else CLOCK_MONOTONIC */
	uint32_t reserved;
};

/* The CPU when rseq's cpu_id is not one of the session's: sched_getcpu(), in range. */
TPOINT_API uint32_t tpoint__fast_cpu(uint32_t nr_cpus);
/* The session's clock when it is not the TSC: CLOCK_MONOTONIC, in ns. */
TPOINT_API uint64_t tpoint__fast_clock(void);

static inline __attribute__((always_inline)) void tpoint__fp_put32(unsigned char *p,
								    uint32_t v)
{
	__builtin_memcpy(p, &v, sizeof(v));
}

/* The header of an event of @len bytes of data (a multiple of 4), @delta < 2^27. */
static inline __attribute__((always_inline)) uint32_t
tpoint__fp_event_header(unsigned char *dst, uint32_t delta, uint32_t len)
{
	if (len > TPOINT__RB_MAX_SMALL) {
		tpoint__fp_put32(dst + 4, len + 4);		/* type_len 0: the length word */
		tpoint__fp_put32(dst, delta << TPOINT__RB_TYPE_BITS);
		return 8;
	}
	tpoint__fp_put32(dst, len / 4 | delta << TPOINT__RB_TYPE_BITS);
	return 4;
}

/* A padding entry of @len bytes (>= 8) in all, as a discarded event reads. */
static inline __attribute__((always_inline)) uint32_t
tpoint__fp_padding(unsigned char *dst, uint32_t delta, uint32_t len)
{
	tpoint__fp_put32(dst, TPOINT__RB_TYPE_PADDING | delta << TPOINT__RB_TYPE_BITS);
	tpoint__fp_put32(dst + 4, len - 4);
	return len;
}

#if defined(__x86_64__)
/* This thread's CPU, from the rseq area glibc registered; any value is safe (it picks a ring). */
static inline __attribute__((always_inline)) uint32_t
tpoint__fp_cpu(const struct tpoint__fast_ring *f)
{
	char *tp;
	uint32_t cpu;

	__asm__("mov %%fs:0, %0" : "=r"(tp));
	/* Relaxed: kept current by the kernel; nothing is ordered by it. */
	cpu = __atomic_load_n((const uint32_t *)(const void *)(tp + __rseq_offset +
							       offsetof(struct rseq, cpu_id)),
			      __ATOMIC_RELAXED);
	/* Not registered (valgrind, glibc.pthread.rseq=0): cpu_id is -1 or -2. */
	return __builtin_expect(cpu < f->nr_cpus, 1) ? cpu : tpoint__fast_cpu(f->nr_cpus);
}

/* The session's clock: the TSC inline; CLOCK_MONOTONIC (28 ns anyway) in the library. */
static inline __attribute__((always_inline)) uint64_t
tpoint__fp_now(const struct tpoint__fast_ring *f)
{
	if (__builtin_expect(f->tsc, 1))
		return __builtin_ia32_rdtsc();
	return tpoint__fast_clock();
}

/*
 * In the page the head is in, as ring.h's ring_reserve() does: room for @need bytes (header
 * included, <= 116) at time @now. Returns the slot, marked as a discarded event until the
 * commit, with @res filled; NULL to leave it to the library (a switch, a time extend, a CAS
 * lost to another writer: it reads the head again).
 */
static inline __attribute__((always_inline)) unsigned char *
tpoint__fp_claim(const struct tpoint__fast_ring *f, uint32_t cpu, uint64_t now, uint32_t need,
		 struct tpoint_reservation *res)
{
	uint64_t *headp = (uint64_t *)(void *)(f->cpus + (size_t)cpu * TPOINT__CPU_STRIDE);
	/*
	 * Acquire: pairs with the release CAS of the switch that moved the head into its page
	 * (and, through the release sequence, with any reservation after it): the page's base
	 * word and its zeroed data, written before that switch, are visible here.
	 */
	uint64_t head = __atomic_load_n(headp, __ATOMIC_ACQUIRE);
	uint32_t seq = (uint32_t)(head >> TPOINT__HEAD_SEQ_SHIFT);
	uint32_t off = (uint32_t)(head >> TPOINT__HEAD_OFF_SHIFT) & TPOINT__HEAD_OFF_MASK;
	size_t slot = (size_t)cpu * f->nr_pages + (seq & (f->nr_pages - 1));
	unsigned char *meta = f->meta + slot * TPOINT__META_STRIDE;
	/* Relaxed: ordered by the head's acquire; a stale head fails the CAS below. */
	uint64_t base = (__atomic_load_n((uint64_t *)(void *)(meta + 8), __ATOMIC_RELAXED) &
			 TPOINT__BASE_TIME_MASK) << TPOINT__BASE_SHIFT;
	uint64_t last = base + (uint32_t)((uint32_t)head - (uint32_t)base);
	/* Preempted since the clock was read: keep the order, not the time. */
	uint64_t delta = (int64_t)(now - last) > 0 ? now - last : 0;
	unsigned char *at;

	if (delta >= TPOINT__RB_DELTA_LIMIT || (int64_t)(now - base) >= (int64_t)TPOINT__MAX_AGE ||
	    off + need > TPOINT__PG_DATA_SIZE)
		return NULL;
	/* Acquire on both outcomes, as the load above; a lost CAS goes to the library. */
	if (!__atomic_compare_exchange_n(headp, &head,
					 ((uint64_t)seq << TPOINT__HEAD_SEQ_SHIFT) |
					 ((uint64_t)(off + need) << TPOINT__HEAD_OFF_SHIFT) |
					 (uint32_t)(last + delta),
					 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
		return NULL;
	at = f->data + slot * TPOINT__PG_SIZE + TPOINT__PG_HDR + off;
	res->meta = meta;
	res->slot = at;
	res->len = res->need = need;
	res->delta = (uint32_t)delta;
	res->local = TPOINT__RES_RING;
	tpoint__fp_padding(at, (uint32_t)delta, need);
	return at;
}
#endif /* __x86_64__ */

/*
 * tpoint__fast_reserve() - room for @ev's entry of @size bytes: in the session's ring when
 * the event is recorded (inline, or the library's path for what this one does not take),
 * else as tpoint__event_reserve() says. Context: the event probe, anywhere.
 */
static inline __attribute__((always_inline)) void *
tpoint__fast_reserve(struct tpoint_event *ev, struct tpoint_reservation *res, size_t size)
{
#if defined(__x86_64__)
	/*
	 * Acquire: pairs with the release that set it (tracepoint.c) after the session was
	 * mapped and published: the ring it points to is whole here. A detach clears it before
	 * the grace period after which the session is unmapped.
	 */
	const struct tpoint__fast_ring *f = __atomic_load_n(&ev->fast, __ATOMIC_ACQUIRE);

	if (__builtin_expect(f != NULL && size <= TPOINT__RB_MAX_SMALL, 1)) {
		uint32_t need = (((uint32_t)size + 3) & ~3u) + 4;
		unsigned char *at = tpoint__fp_claim(f, tpoint__fp_cpu(f), tpoint__fp_now(f), need,
						     res);

		if (__builtin_expect(at != NULL, 1))
			return at + 4;
	}
#endif
	return tpoint__event_reserve(ev, res, size);
}

/*
 * tpoint__fast_commit() - publish the entry of @size bytes reserved in the ring (by either
 * path), or hand it to the library (filter, handler). Context: as tpoint__fast_reserve().
 */
static inline __attribute__((always_inline)) void
tpoint__fast_commit(struct tpoint_event *ev, struct tpoint_reservation *res, void *entry,
		    size_t size)
{
	if (__builtin_expect(res->local == TPOINT__RES_RING, 1)) {
		/* The length word goes first: the header's type ends the padding it read as. */
		tpoint__fp_event_header(res->slot, res->delta, ((uint32_t)size + 3) & ~3u);
		/*
		 * Release: the entry is written before the page counts it. Pairs with the
		 * reader's acquire of the page word (and an overwriting writer's, ring.c).
		 */
		__atomic_fetch_add((uint64_t *)res->meta, TPOINT__COMMIT_EVENT | res->len,
				   __ATOMIC_RELEASE);
		return;
	}
	tpoint__event_commit(ev, res, entry, size);
}

#ifdef __cplusplus
}
#endif

#endif /* TPOINT_STATIC_FASTPATH_H */
