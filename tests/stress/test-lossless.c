// SPDX-License-Identifier: MIT
/*
 * test-lossless.c - the ring loses nothing while there is room, whatever the threads,
 * preemption and signal handlers do.
 *
 * T writer threads (4, 16, 64, 256: many more than this machine's CPUs) each fire M
 * sequence-numbered events into the per-CPU ring of the CPU they run on (as libtpoint's
 * probes do), unpinned or all pinned to one CPU, in discard and in overwrite mode, with and
 * without a per-thread timer whose signal handler fires its own numbered events every
 * 50 us. The total is far below the buffer, and a reader drains as tpoint record does. Then:
 *   - 0 lost, and fired == read + lost;
 *   - every stream (a thread, or its handler) has each of its numbers exactly once, and
 *     time never goes back along a stream, across CPUs too;
 *   - every page parses to its commit size.
 * And one writer parked for a second in the middle of a page switch (a test hook in
 * ring.c, at each of its two steps) while the others go on writing into the same ring:
 * still 0 lost.
 *
 * Writers reserve and commit as the generated event probes do: the inline path of
 * include/tpoint/static/fastpath.h in the current page, ring.h's ring_reserve() (the
 * library's path, page switches included) where it does not take the event.
 *
 * Built with ThreadSanitizer, with AddressSanitizer+UBSan, and plain -O2 (real speed, where
 * preemption windows are what they are in a traced program).
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "page-walk.h"
#include "ring.h"
#include "tap.h"

#define NR_PAGES	4096		/* 16 MiB per CPU */
#define MAX_THREADS	256
#define MAX_STREAMS	(2 * MAX_THREADS)	/* each thread, and its signal handler */
#define TOTAL		100000		/* events the threads fire, about, per case */
#define PAYLOAD_TYPE	0x8123

struct payload {
	uint16_t type;
	uint8_t flags, pc;
	uint32_t stream;
	uint32_t seq;
	uint32_t check;
};

struct rec {
	uint64_t ts;
	uint32_t stream, seq;
};

enum { UNPINNED, PINNED, ONE_RING };

struct config {
	int threads, placement, timers;
	uint32_t flags;
	int park;			/* 0, or the ring.c hook point a writer is parked at */
	int hook;			/* HOOK_YIELD, HOOK_NEST at every switch step, or 0 */
};

enum { HOOK_YIELD = 1, HOOK_NEST };

static struct ring ring;
static uint32_t nr_cpus;
static struct config cfg;
static long per_thread;
static uint64_t fired[MAX_STREAMS];	/* each written by its stream's thread, read after join */
static int go, stop_reader;		/* atomic */
static int parked;			/* atomic: the parked writer has been parked */
static __thread int my_stream = -1;
static __thread uint32_t my_sig_seq;
static __thread int in_hook;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------------------------------- */
/* Reserve and commit as a generated probe does */

static struct tpoint__fast_ring fast;	/* the ring as fastpath.h reads it, set with it */
static uint64_t fast_hits;		/* atomic: events the inline path reserved */

static void fast_setup(void)
{
	fast = (struct tpoint__fast_ring){
		.cpus = (unsigned char *)ring.cpus, .meta = (unsigned char *)ring.meta,
		.data = ring.data, .nr_cpus = ring.nr_cpus, .nr_pages = ring.nr_pages,
	};
}

/* The inline path, then the library's: where the event's @len bytes go, or NULL (lost). */
static void *reserve(uint32_t cpu, uint64_t now, uint32_t len, struct tpoint_reservation *res)
{
	unsigned char *at = NULL;

#if defined(__x86_64__)
	if (len <= TPOINT__RB_MAX_SMALL)
		at = tpoint__fp_claim(&fast, cpu, now, (((uint32_t)len + 3) & ~3u) + 4, res);
#endif
	if (at) {
		/* Relaxed: a statistic, read after the writers are joined. */
		__atomic_fetch_add(&fast_hits, 1, __ATOMIC_RELAXED);
		return at + 4;
	}
	res->local = TPOINT__RES_RING;
	return ring_reserve(&ring, cpu, now, len, res);
}

static void commit(struct tpoint_reservation *res, void *entry, uint32_t len)
{
	tpoint__fast_commit(NULL, res, entry, len);
}

/* What fastpath.h calls in libtpoint: never reached here (the ring's path is ring.c's). */
void *tpoint__event_reserve(struct tpoint_event *ev, struct tpoint_reservation *res, size_t size)
{
	(void)ev, (void)res, (void)size;
	abort();
}

void tpoint__event_commit(struct tpoint_event *ev, struct tpoint_reservation *res, void *entry,
			  size_t size)
{
	(void)ev, (void)res, (void)entry, (void)size;
	abort();
}

uint32_t tpoint__fast_cpu(uint32_t n)
{
	(void)n;
	abort();
}

uint64_t tpoint__fast_clock(void)
{
	abort();
}

static uint32_t check_of(uint32_t stream, uint32_t seq)
{
	return stream * 2654435761u ^ seq * 40503u ^ 0x5a5a5a5au;
}

static uint32_t writer_cpu(void)
{
	int cpu;

	if (cfg.placement == ONE_RING)
		return 0;
	cpu = sched_getcpu();
	return cpu < 0 ? 0 : (uint32_t)cpu % nr_cpus;
}

static void write_event(uint32_t stream, uint32_t seq)
{
	struct tpoint_reservation res;
	struct payload *p;

	p = reserve(writer_cpu(), now_ns(), sizeof(*p), &res);
	if (!p)
		return;
	p->type = PAYLOAD_TYPE;
	p->flags = p->pc = 0;
	p->stream = stream;
	p->seq = seq;
	p->check = check_of(stream, seq);
	commit(&res, p, sizeof(*p));
}

static void on_timer(int sig)
{
	(void)sig;
	if (my_stream >= 0)
		write_event((uint32_t)(my_stream + MAX_THREADS), my_sig_seq++);
}

/* A timer that signals this thread every 50 us; its handler fires the thread's 2nd stream. */
static timer_t start_timer(void)
{
	struct itimerspec its = { { 0, 50000 }, { 0, 50000 } };
	struct sigevent sev;
	timer_t t;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGALRM;
	sev._sigev_un._tid = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &t) || timer_settime(t, 0, &its, NULL)) {
		printf("Bail out! timer_create: cannot make a per-thread timer\n");
		exit(1);
	}
	return t;
}

/*
 * A thread's M events can take less than the timer's 50 us: go on until its handler fired
 * at least once (or 2 s passed), so that every thread's run has handler events in it and
 * "the signal handlers fired too" does not depend on the machine's load.
 */
static void wait_for_handler(void)
{
	uint64_t end = now_ns() + 2000000000ull;

	/* Relaxed: the handler runs on this thread; the load only has to be redone each turn. */
	while (!__atomic_load_n(&my_sig_seq, __ATOMIC_RELAXED) && now_ns() < end)
		sched_yield();
}

/* No more handler events from this thread (a pending signal dies with it): count them. */
static void stop_handler(timer_t t, int timer)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (timer)
		timer_delete(t);
	fired[my_stream + MAX_THREADS] = my_sig_seq;
}

static void *writer(void *arg)
{
	timer_t t = 0;
	long seq;

	my_stream = (int)(long)arg;
	if (cfg.placement == PINNED) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(0, &set);
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		sched_yield();
	if (cfg.timers)
		t = start_timer();
	for (seq = 0; seq < per_thread; seq++)
		write_event((uint32_t)my_stream, (uint32_t)seq);
	fired[my_stream] = (uint64_t)per_thread;
	if (cfg.timers)
		wait_for_handler();
	stop_handler(t, cfg.timers);
	return NULL;
}

/* ring.c's test hook: writer 0 sleeps a second at the chosen step of its first switch. */
extern void (*ring_test_hook)(int where);

static void park_hook(int where)
{
	struct timespec sec = { 1, 0 };

	if (where != cfg.park || my_stream != 0 || __atomic_load_n(&parked, __ATOMIC_RELAXED))
		return;
	__atomic_store_n(&parked, 1, __ATOMIC_RELAXED);
	nanosleep(&sec, NULL);
}

/*
 * At every step of every switch: give the CPU away (others switch meanwhile), or take the
 * timer's signal right there, so that the handler's event is reserved, and maybe switches
 * pages itself, in the middle of its thread's switch.
 */
static void race_hook(int where)
{
	(void)where;
	if (in_hook || my_stream < 0)
		return;
	in_hook = 1;
	if (cfg.hook == HOOK_YIELD)
		sched_yield();
	else
		raise(SIGALRM);
	in_hook = 0;
}

/* ---------------------------------------------------------------------------------------- */
/* The reader: drains as tpoint record does, keeps every event for the checks */

struct check {
	struct rec *recs;
	size_t nr, cap;
	uint64_t bad, badpage, pages;
};

static void keep_entry(void *arg, const unsigned char *data, uint32_t len, uint64_t ts)
{
	struct check *c = arg;
	struct payload p;

	if (len < sizeof(p)) {
		c->bad++;
		return;
	}
	memcpy(&p, data, sizeof(p));
	if (p.type != PAYLOAD_TYPE || p.stream >= MAX_STREAMS || p.check != check_of(p.stream, p.seq) ||
	    c->nr == c->cap) {
		c->bad++;
		return;
	}
	c->recs[c->nr].ts = ts;
	c->recs[c->nr].stream = p.stream;
	c->recs[c->nr].seq = p.seq;
	c->nr++;
}

static void drain(struct check *c, int final)
{
	unsigned char page[RING_PAGE_SIZE];
	struct ring_read t;
	uint32_t cpu;
	int n;

	for (cpu = 0; cpu < nr_cpus; cpu++) {
		while (ring_read_page(&ring, cpu, page, final, &t) > 0) {
			c->pages++;
			n = walk_page(page, keep_entry, c);
			if (n < 0 || (uint32_t)n != t.events || t.bad)
				c->badpage++;
		}
	}
}

static void *reader(void *arg)
{
	struct check *c = arg;
	struct timespec ms = { 0, 1000000 };

	while (!__atomic_load_n(&stop_reader, __ATOMIC_ACQUIRE)) {
		/* Overwrite mode keeps the newest pages: tpoint record reads them at the end. */
		if (!(cfg.flags & RING_OVERWRITE))
			drain(c, 0);
		nanosleep(&ms, NULL);
	}
	drain(c, 1);
	return NULL;
}

static int rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->stream != y->stream)
		return x->stream < y->stream ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Each stream: its numbers 0..fired-1 once each, time not going back along them. */
static void check_streams(struct check *c, uint64_t *dups, uint64_t *missing, uint64_t *back)
{
	size_t i = 0;
	uint32_t s;

	qsort(c->recs, c->nr, sizeof(*c->recs), rec_cmp);
	*dups = *missing = *back = 0;
	for (s = 0; s < MAX_STREAMS; s++) {
		uint64_t expect = 0;

		for (; i < c->nr && c->recs[i].stream == s; i++) {
			if (c->recs[i].seq < expect) {
				(*dups)++;
				continue;
			}
			*missing += c->recs[i].seq - expect;
			if (expect && c->recs[i].ts < c->recs[i - 1].ts)
				(*back)++;
			expect = c->recs[i].seq + 1ull;
		}
		if (fired[s] > expect)
			*missing += fired[s] - expect;
	}
}

static void run_case(const char *name)
{
	size_t size = ring_layout(nr_cpus, NR_PAGES);
	void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_t th[MAX_THREADS], rd;
	uint64_t total = 0, lost = 0, dups, missing, back;
	struct check c;
	long i;

	per_thread = TOTAL / cfg.threads;
	memset(fired, 0, sizeof(fired));
	memset(&c, 0, sizeof(c));
	c.cap = (size_t)TOTAL * 4;
	c.recs = malloc(c.cap * sizeof(*c.recs));
	if (mem == MAP_FAILED || !c.recs ||
	    ring_init(&ring, mem, size, nr_cpus, NR_PAGES, cfg.flags)) {
		printf("Bail out! cannot set up a ring of %zu bytes\n", size);
		exit(1);
	}
	fast_setup();
	__atomic_store_n(&go, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&stop_reader, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&parked, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&fast_hits, 0, __ATOMIC_RELAXED);
	ring_test_hook = cfg.park ? park_hook : cfg.hook ? race_hook : NULL;
	pthread_create(&rd, NULL, reader, &c);
	for (i = 0; i < cfg.threads; i++) {
		if (pthread_create(&th[i], NULL, writer, (void *)i)) {
			printf("Bail out! cannot start %d threads\n", cfg.threads);
			exit(1);
		}
	}
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	for (i = 0; i < cfg.threads; i++)
		pthread_join(th[i], NULL);
	__atomic_store_n(&stop_reader, 1, __ATOMIC_RELEASE);
	pthread_join(rd, NULL);
	ring_test_hook = NULL;

	for (i = 0; i < MAX_STREAMS; i++)
		total += fired[i];
	for (i = 0; i < (long)nr_cpus; i++)
		lost += ring_lost(&ring, (uint32_t)i);
	check_streams(&c, &dups, &missing, &back);
	diag("%s: fired %llu (%llu from handlers), read %zu, lost %llu, %llu pages", name,
	     (unsigned long long)total, (unsigned long long)(total - (uint64_t)per_thread * cfg.threads),
	     c.nr, (unsigned long long)lost, (unsigned long long)c.pages);
	ok(lost == 0, "%s: 0 lost (lost %llu of %llu)", name, (unsigned long long)lost,
	   (unsigned long long)total);
	ok(total == c.nr + lost, "%s: fired (%llu) == read (%zu) + lost (%llu)", name,
	   (unsigned long long)total, c.nr, (unsigned long long)lost);
	ok(!dups && !missing && !c.bad, "%s: every stream's numbers once each (%llu twice, "
	   "%llu missing, %llu bad)", name, (unsigned long long)dups,
	   (unsigned long long)missing, (unsigned long long)c.bad);
	ok(!back && !c.badpage, "%s: time never goes back along a stream (%llu), pages parse "
	   "(%llu bad)", name, (unsigned long long)back, (unsigned long long)c.badpage);
	ok(fast_hits > 0, "%s: the inline path reserved events (%llu of them)", name,
	   (unsigned long long)fast_hits);
	if (cfg.timers || cfg.hook == HOOK_NEST)
		ok(total > (uint64_t)per_thread * cfg.threads, "%s: the signal handlers fired too",
		   name);
	if (cfg.park)
		ok(__atomic_load_n(&parked, __ATOMIC_RELAXED), "%s: a writer was parked mid-switch",
		   name);
	free(c.recs);
	munmap(mem, size);
	ring_fini(&ring);
}

/* ---------------------------------------------------------------------------------------- */
/* Edges, with explicit times: one thread, the clock given, the outcome exact */

struct edge {
	void *mem;
	size_t size;
	uint64_t last, back, read, bytes_max, events;
	int nest;			/* the hook's nested reservations still to make */
	uint64_t nest_now;
};

static struct edge edge;

static void edge_entry(void *arg, const unsigned char *data, uint32_t len, uint64_t ts)
{
	(void)arg;
	(void)data;
	(void)len;
	if (ts < edge.last)
		edge.back++;
	edge.last = ts;
	edge.read++;
}

static void edge_setup(uint32_t pages, uint32_t flags)
{
	edge.size = ring_layout(1, pages);
	edge.mem = mmap(NULL, edge.size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (edge.mem == MAP_FAILED || ring_init(&ring, edge.mem, edge.size, 1, pages, flags)) {
		printf("Bail out! cannot set up a ring\n");
		exit(1);
	}
	fast_setup();
	edge.last = edge.back = edge.read = edge.bytes_max = edge.events = 0;
}

static int edge_fire(uint64_t now, uint32_t len)
{
	struct tpoint_reservation res;
	unsigned char *p = reserve(0, now, len, &res);

	if (!p)
		return 0;
	memset(p, 0x5a, len);
	p[0] = 1;		/* a type a page walk reads as an event, never padding */
	commit(&res, p, len);
	edge.events++;
	return 1;
}

static void edge_drain(void)
{
	unsigned char page[RING_PAGE_SIZE];
	struct ring_read t;
	uint64_t commit;

	while (ring_read_page(&ring, 0, page, 1, &t) > 0) {
		memcpy(&commit, page + 8, 8);
		if ((commit & 0xfffff) > edge.bytes_max)
			edge.bytes_max = commit & 0xfffff;
		walk_page(page, edge_entry, NULL);
	}
	munmap(edge.mem, edge.size);
	ring_fini(&ring);
}

/* Inside the first switch: two small events in the old page, 300 ms later. */
static void edge_nest_hook(int where)
{
	if (where != RING_HOOK_SWITCH_CLAIMED || !edge.nest)
		return;
	edge.nest = 0;
	edge_fire(edge.nest_now, 16);
	edge_fire(edge.nest_now + 1000, 16);
}

static void run_edges(void)
{
	const uint64_t t = 1000000000000ull;	/* 1000 s */
	uint64_t lost;
	long i;

	/*
	 * A writer whose clock read is 2.5 s stale is the first to need a new page: the page
	 * must not take a base from its stale time, and its event comes no earlier than the
	 * last one given out.
	 */
	edge_setup(16, 0);
	edge_fire(t, 16);
	edge_fire(t + 2000000000ull, 200);	/* the 4000 bytes below do not fit after it */
	edge_fire(t - 500000000ull, 4000);
	edge_drain();
	ok(edge.read == 3 && edge.back == 0, "a writer 2.5 s stale switching pages: time never "
	   "goes back (%llu read, %llu times back)", (unsigned long long)edge.read,
	   (unsigned long long)edge.back);

	/*
	 * The largest event (4072 bytes of data), first in a page whose agreed base is 300 ms
	 * older than the event (more than a time extend's 2^27 ns): it must still fit its page.
	 */
	edge_setup(16, 0);
	edge_fire(t, 16);
	edge.nest = 1;
	edge.nest_now = t + 300000000ull;
	ring_test_hook = edge_nest_hook;
	edge_fire(t + 10000000ull, 4072);
	ring_test_hook = NULL;
	lost = ring_lost(&ring, 0);
	edge_drain();
	ok(edge.read == 4 && lost == 0 && edge.bytes_max <= RING_DATA_SIZE && edge.back == 0,
	   "the largest event after a base 300 ms old: in a page of its own, whole (%llu read, "
	   "%llu lost, largest page %llu bytes)", (unsigned long long)edge.read,
	   (unsigned long long)lost, (unsigned long long)edge.bytes_max);

	/*
	 * Overwrite mode read only at the end, after the writers went 2^19 + 2^18 pages around
	 * a ring of 4 (where 20-bit sequence numbers no longer tell behind from ahead): the
	 * newest pages are read and fired == read + lost.
	 */
	edge_setup(4, RING_OVERWRITE);
	for (i = 0; i < (1l << 19) + (1l << 18); i++)
		edge_fire(t + (uint64_t)i * 1000, 4000);
	lost = ring_lost(&ring, 0);
	edge_drain();
	ok(edge.read >= 3 && edge.read + lost == edge.events, "overwrite, read after 2^19 + 2^18 "
	   "pages: the newest read, fired (%llu) == read (%llu) + lost (%llu)",
	   (unsigned long long)edge.events, (unsigned long long)edge.read,
	   (unsigned long long)lost);
}

int main(int argc, char **argv)
{
	static const int threads[] = { 4, 16, 64, 256 };
	static const char *const place[] = { "unpinned", "pinned to CPU 0", "one ring" };
	int quick = argc > 1 && !strcmp(argv[1], "--quick");
	struct sigaction sa;
	char name[128];
	unsigned int i;
	int p, t;

	run_edges();
	nr_cpus = (uint32_t)get_nprocs_conf();
	if (nr_cpus < 2)
		nr_cpus = 2;	/* a second ring all the same: threads migrate between them */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_timer;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);

	for (t = 0; t < 2; t++) {
		for (p = UNPINNED; p <= PINNED; p++) {
			for (i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
				if (quick && t && threads[i] > 16)
					continue;
				memset(&cfg, 0, sizeof(cfg));
				cfg.threads = threads[i];
				cfg.placement = p;
				cfg.timers = t;
				snprintf(name, sizeof(name), "%d threads, %s%s", threads[i], place[p],
					 t ? ", timer handlers every 50 us" : "");
				run_case(name);
			}
		}
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = RING_OVERWRITE;
	cfg.threads = 64;
	run_case("overwrite mode, 64 threads, unpinned");
	cfg.placement = PINNED;
	cfg.timers = 1;
	cfg.threads = 16;
	run_case("overwrite mode, 16 threads, pinned, timer handlers");
	memset(&cfg, 0, sizeof(cfg));
	cfg.threads = 16;
	cfg.placement = ONE_RING;
	cfg.hook = HOOK_YIELD;
	run_case("16 writers on one ring, yielding at every step of every page switch");
	cfg.hook = HOOK_NEST;
	cfg.flags = RING_OVERWRITE;
	run_case("16 writers on one ring, overwrite, a signal handler writing inside every switch");
	cfg.flags = 0;
	run_case("16 writers on one ring, a signal handler writing inside every switch");
	for (p = RING_HOOK_SWITCH_CLAIMED; p <= RING_HOOK_SWITCH_MOVED; p++) {
		memset(&cfg, 0, sizeof(cfg));
		cfg.threads = 8;
		cfg.placement = ONE_RING;
		cfg.park = p;
		snprintf(name, sizeof(name), "8 writers on one ring, one parked 1 s %s",
			 p == RING_HOOK_SWITCH_CLAIMED ? "before it moves the head" :
			 "after it moved the head, before it closes the page");
		run_case(name);
	}
	return tap_done();
}
