// SPDX-License-Identifier: MIT
/*
 * probe.c - what an enabled event's generated probe runs, per event: reserve room for the
 * entry (in the recorder's ring, or on the probe's stack), commit it (into the ring, through
 * the event's filter, or to the event handler), and count what is dropped; plus the thread
 * id the entries carry.
 *
 * Everything here runs inside a probe, in any thread, possibly in a signal handler that
 * interrupted another probe: no lock, no system call but the first gettid() of a thread,
 * no allocation. tpoint_set_event_handler() is the one slow path, kept beside the handler
 * it publishes.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "filter.h"
#include "internal.h"
#include "ring.h"

/* glibc 2.35+: where this thread's struct rseq is, from the thread pointer. */
extern const ptrdiff_t __rseq_offset __attribute__((weak));

static inline uint32_t current_cpu(uint32_t nr_cpus)
{
	int cpu;

#if defined(__x86_64__)
	if (__builtin_expect(tpoint__session_rseq, 1)) {
		char *tp;

		__asm__("mov %%fs:0, %0" : "=r"(tp));
		/*
		 * struct rseq's cpu_id, kept current by the kernel. Relaxed: any CPU number is
		 * safe (it only picks a ring); nothing is ordered by it.
		 */
		cpu = (int)__atomic_load_n((const uint32_t *)(void *)(tp + __rseq_offset +
								    offsetof(struct rseq, cpu_id)),
					   __ATOMIC_RELAXED);
		if (cpu >= 0)
			return (uint32_t)cpu < nr_cpus ? (uint32_t)cpu : (uint32_t)cpu % nr_cpus;
	}
#endif
	cpu = sched_getcpu();
	if (cpu < 0)
		return 0;
	return (uint32_t)cpu < nr_cpus ? (uint32_t)cpu : (uint32_t)cpu % nr_cpus;
}

/*
 * The inline path's CPU where rseq's cpu_id is not there (valgrind, glibc.pthread.rseq=0):
 * sched_getcpu() on a thread's first event and every FAST_CPU_EVERY-th after, cached in
 * between. A thread that migrated meanwhile writes a few events into its old CPU's ring,
 * which is as safe as a writer preempted there (any writer may write to any ring); only
 * sharing costs.
 */
#define FAST_CPU_EVERY	64u

static __thread struct {
	uint32_t cpu, left;
} fast_cpu __attribute__((tls_model("initial-exec")));

uint32_t tpoint__fast_cpu(uint32_t nr_cpus)
{
	if (__builtin_expect(fast_cpu.left == 0 || fast_cpu.cpu >= nr_cpus, 0)) {
		fast_cpu.cpu = current_cpu(nr_cpus);
		fast_cpu.left = FAST_CPU_EVERY;
	}
	fast_cpu.left--;
	return fast_cpu.cpu;
}

/* The session's clock: TSC ticks (the recorder converts them), or CLOCK_MONOTONIC ns. */
static inline uint64_t now_ts(void)
{
	struct timespec ts;

#if defined(__x86_64__) || defined(__i386__)
	if (__builtin_expect(tpoint__session_tsc, 1))
		return __builtin_ia32_rdtsc();
#endif
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t tpoint__fast_clock(void)
{
	return now_ts();
}

/* ---------------------------------------------------------------------------------------- */
/* Handler */

struct event_handler {
	tpoint_event_handler_fn fn;
	void *data;
};

/*
 * The current handler, RCU-protected: replaced whole with a release store under
 * handler_mutex, read with an acquire load by tpoint__event_emit(), which runs inside the
 * probe's read-side section; the old one is freed after a grace period.
 */
static struct event_handler *event_handler;
static pthread_mutex_t handler_mutex = PTHREAD_MUTEX_INITIALIZER;

int tpoint_set_event_handler(tpoint_event_handler_fn fn, void *data)
{
	struct event_handler *h = NULL, *old;

	if (fn) {
		h = malloc(sizeof(*h));
		if (!h)
			return -ENOMEM;
		h->fn = fn;
		h->data = data;
	}
	pthread_mutex_lock(&handler_mutex);
	/* Release: *h is written before it is reachable; pairs with tpoint__event_emit(). */
	old = __atomic_exchange_n(&event_handler, h, __ATOMIC_ACQ_REL);
	tpoint_rcu_synchronize();
	pthread_mutex_unlock(&handler_mutex);
	free(old);
	return 0;
}

void tpoint__event_emit(struct tpoint_event *ev, void *entry, size_t size)
{
	/* Acquire: pairs with the exchange in tpoint_set_event_handler(). */
	struct event_handler *h = tpoint_rcu_dereference(event_handler);

	if (h)
		h->fn(ev, entry, size, h->data);
	else
		tpoint__event_drop(ev);
}

static int event_has_handler(void)
{
	/* Acquire: pairs with the exchange in tpoint_set_event_handler(). */
	return __atomic_load_n(&event_handler, __ATOMIC_ACQUIRE) != NULL;
}

void tpoint__event_drop(struct tpoint_event *ev)
{
	/* Relaxed: a statistic, read on its own. */
	__atomic_fetch_add(&ev->dropped, 1, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------------------------------- */
/* Thread id: the kernel's common_pid is the thread's id, cached to avoid a system call. */

static __thread int tid_cache __attribute__((tls_model("initial-exec")));

int tpoint__current_tid(void)
{
	int tid = tid_cache;

	if (__builtin_expect(tid == 0, 0)) {
		tid = (int)syscall(SYS_gettid);
		tid_cache = tid;
		tpoint__session_task(tid);	/* traced: its name for the saved cmdlines */
	}
	return tid;
}

/* In a fork child: the forking thread has a new id. */
void tpoint__tid_reset(void)
{
	tid_cache = 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Entries too large */

/* @v in decimal at @p; returns the end. Async-signal-safe, as what calls it. */
static char *put_dec(char *p, unsigned long long v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 24);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_str(char *p, const char *end, const char *s)
{
	while (*s && p < end)
		*p++ = *s++;
	return p;
}

/*
 * An entry too large for a ring page: counted lost on this CPU when it was to be recorded
 * (fired = recorded + lost holds), and said once, on the first one. Probes call this from
 * anywhere, signal handlers included: no stdio, one write(2).
 */
void tpoint__event_oversize(struct tpoint_event *ev, size_t size)
{
	/* Relaxed: set before the probe was attached (ordered by the probe array's release). */
	struct ring *r = __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED);
	char msg[256], *p = msg, *end = msg + sizeof(msg) - 64;
	/* Relaxed: a statistic; the 0 -> 1 step elects the one warning. */
	uint64_t before = __atomic_fetch_add(&ev->dropped, 1, __ATOMIC_RELAXED);

	/* Relaxed: as in tpoint__event_reserve(). */
	if (!r || !__atomic_load_n(&ev->recorded, __ATOMIC_RELAXED))
		return;
	/* Relaxed: a statistic, as the ring's own losses. */
	__atomic_fetch_add(&r->cpus[current_cpu(r->nr_cpus)].lost, 1, __ATOMIC_RELAXED);
	if (before)
		return;
	p = put_str(p, end, "tpoint: event ");
	p = put_str(p, end, ev->system);
	p = put_str(p, end, ":");
	p = put_str(p, end, ev->name);
	if (size) {
		p = put_str(p, end, " of ");
		p = put_dec(p, size);
		p = put_str(p, end, " bytes is larger than a ring page holds (");
		p = put_dec(p, TPOINT_EVENT_MAX);
		p = put_str(p, msg + sizeof(msg) - 1, " at most): it is counted lost\n");
	} else {
		p = put_str(p, msg + sizeof(msg) - 1, ": its size could not be computed: it is "
			    "counted lost\n");
	}
	if (write(2, msg, (size_t)(p - msg)) < 0)
		return;
}

/* ---------------------------------------------------------------------------------------- */
/* Reserve and commit */

void *tpoint__event_reserve(struct tpoint_event *ev, struct tpoint_reservation *res, size_t size)
{
	/*
	 * Acquire: pairs with the release that set recorded (rule_apply()), after the session
	 * (ring, clock) was mapped and published: an event the program enabled itself before a
	 * recorder attached (tpoint record -p) sees it whole. A detach clears recorded before
	 * the grace period after which it unmaps: a probe that still saw it set is waited for.
	 * Relaxed for the ring then: published before recorded was set.
	 */
	int rec = __atomic_load_n(&ev->recorded, __ATOMIC_ACQUIRE);
	struct ring *r = rec ? __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED) : NULL;

	if (__builtin_expect(r != NULL, 1)) {
		/*
		 * A filtered event is built on the probe's stack and filtered before it takes
		 * ring space, as the kernel does: what the filter drops is never counted lost.
		 */
		if (ev->filter) {
			res->local = TPOINT__RES_FILTER;
			return NULL;
		}
		res->local = TPOINT__RES_RING;
		return ring_reserve(r, current_cpu(r->nr_cpus), now_ts(), (uint32_t)size, res);
	}
	res->local = event_has_handler() ? TPOINT__RES_HANDLER : TPOINT__RES_RING;
	if (res->local == TPOINT__RES_RING)
		tpoint__event_drop(ev);
	return NULL;
}

void tpoint__event_commit(struct tpoint_event *ev, struct tpoint_reservation *res, void *entry,
			  size_t size)
{
	struct ring *r;
	void *dst;

	switch (res->local) {
	case TPOINT__RES_RING:
		ring_commit(res, (uint32_t)size);
		return;
	case TPOINT__RES_HANDLER:
		tpoint__event_emit(ev, entry, size);
		return;
	default:
		if (!tp_filter_match(ev->filter, entry, size))
			return;
		/* Relaxed: as in tpoint__event_reserve(); still set (the grace period of a detach). */
		r = __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED);
		if (__builtin_expect(!r, 0))
			return;
		dst = ring_reserve(r, current_cpu(r->nr_cpus), now_ts(), (uint32_t)size, res);
		if (dst) {
			memcpy(dst, entry, size);
			ring_commit(res, (uint32_t)size);
		}
	}
}
