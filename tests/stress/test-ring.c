// SPDX-License-Identifier: MIT
/*
 * test-ring.c - the ring buffers under load, in both modes: 4 writer threads on 2 CPU
 * buffers (2 per buffer, so reservations race), SIGUSR1 handlers that write while the
 * interrupted thread is between reserve and commit, and a slow reader. Checks:
 *   - events fired == events read + events reported lost, exactly;
 *   - every event read is whole (payload pattern), in each writer's order, with time
 *     never going back within a CPU's stream, and pages that parse to their commit size.
 * In overwrite mode a snapshotter copies the whole ring in place (ring_snap_page()) again
 * and again while the writers and the reader run: each snapshot's events are whole, in
 * each writer's order with none twice, and the counts above stay exact. (Not under TSan:
 * a snapshot reads pages as a seqlock reader does, racing with writers it then detects,
 * and TSan does not model the fence that orders it.)
 * Built with ThreadSanitizer and with AddressSanitizer+UBSan (the library compiled in).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "page-walk.h"
#include "ring.h"
#include "tap.h"

#define NR_CPUS		2
#define NR_PAGES	16
#define NR_WRITERS	4
#define NR_STREAMS	(NR_WRITERS * 2)	/* each writer, and its signal handler */
#define PER_WRITER	60000

struct payload {
	uint16_t type;
	uint8_t flags, pc;
	int32_t stream;
	uint32_t seq;
	uint32_t len;
	unsigned char bytes[];
};

static struct ring ring;
static uint64_t fired;			/* atomic */
static int stop_reader, stop_signals;	/* atomic */
static pthread_t writers[NR_WRITERS];
static __thread int my_stream = -1;
static __thread uint32_t my_sig_seq;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void write_event(int stream, uint32_t seq)
{
	uint32_t len = (seq * 7 + (uint32_t)stream * 13) % 230, i;
	uint32_t size = (uint32_t)sizeof(struct payload) + len;
	struct tpoint_reservation res;
	struct payload *p;

	__atomic_fetch_add(&fired, 1, __ATOMIC_RELAXED);
	p = ring_reserve(&ring, (uint32_t)(stream % NR_WRITERS) % NR_CPUS, now_ns(), size, &res);
	if (!p)
		return;
	p->type = 0x8001;
	p->flags = p->pc = 0;
	p->stream = stream;
	p->seq = seq;
	p->len = len;
	for (i = 0; i < len; i++) {
		p->bytes[i] = (unsigned char)(seq + i);
		if (i == len / 2 && stream < NR_WRITERS && (seq & 63) == 0)
			sched_yield();	/* let another writer in mid-event */
	}
	ring_commit(&res, size);
}

static void on_sigusr1(int sig)
{
	(void)sig;
	if (my_stream >= 0)
		write_event(my_stream + NR_WRITERS, my_sig_seq++);
}

static void *writer(void *arg)
{
	uint32_t seq;

	my_stream = (int)(long)arg;
	for (seq = 0; seq < PER_WRITER; seq++) {
		write_event(my_stream, seq);
		if ((seq & 255) == 255)
			usleep(50);	/* bursts: the reader catches up, the ring wraps */
	}
	return NULL;
}

static void *signaller(void *arg)
{
	int i;

	(void)arg;
	while (!__atomic_load_n(&stop_signals, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < NR_WRITERS; i++)
			pthread_kill(writers[i], SIGUSR1);
		usleep(200);
	}
	return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* The reader: parses pages the way trace-cmd's kbuffer does */

struct check {
	uint64_t read, bad, order, time, pages, badpage;
	uint32_t cpu;			/* of the page being checked */
	uint64_t last_ts[NR_CPUS];
	int64_t last_seq[NR_STREAMS];
};

/* One entry of a page of @cpu (the walk's callback: c->cpu says which). */
static void check_entry(void *arg, const unsigned char *data, uint32_t len, uint64_t ts)
{
	struct check *c = arg;
	const struct payload *p = (const void *)data;
	uint32_t i;
	int ok_ = p->type == 0x8001 && p->stream >= 0 && p->stream < NR_STREAMS &&
		  sizeof(*p) + p->len <= len && p->len < 230;

	for (i = 0; ok_ && i < p->len; i++)
		ok_ = p->bytes[i] == (unsigned char)(p->seq + i);
	if (!ok_) {
		c->bad++;
		return;
	}
	if ((int64_t)p->seq <= c->last_seq[p->stream])
		c->order++;
	c->last_seq[p->stream] = p->seq;
	if (ts < c->last_ts[c->cpu])
		c->time++;
	c->last_ts[c->cpu] = ts;
	c->read++;
}

static void check_page(struct check *c, uint32_t cpu, const unsigned char *page, uint32_t events)
{
	int n;

	c->pages++;
	c->cpu = cpu;
	n = walk_page(page, check_entry, c);
	if (n < 0 || (uint32_t)n != events)
		c->badpage++;
}

static void *reader(void *arg)
{
	struct check *c = arg;
	unsigned char page[RING_PAGE_SIZE];
	struct ring_read t;
	uint32_t cpu;
	int got, i = 0;

	for (;;) {
		int done = __atomic_load_n(&stop_reader, __ATOMIC_ACQUIRE);

		got = 0;
		for (cpu = 0; cpu < NR_CPUS; cpu++) {
			while (ring_read_page(&ring, cpu, page, done, &t) > 0) {
				check_page(c, cpu, page, t.bad ? ~0u : t.events);
				got = 1;
				if (++i % 8 == 0)
					usleep(100);	/* slow */
			}
		}
		if (done)
			break;
		if (!got)
			usleep(50);
	}
	return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* The snapshotter: the whole ring copied in place, over and over, checked as the reader's */

/* gcc says TSan with __SANITIZE_THREAD__, clang with __has_feature(thread_sanitizer). */
#if defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define TPOINT_TEST_TSAN 1
# endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(TPOINT_TEST_TSAN)
#define SNAPSHOTS	0
#else
#define SNAPSHOTS	1
#endif

struct snaps {
	uint64_t taken, events, bad, badpage, order, time, flagged;
};

/* One snapshot of every CPU, checked into @s. */
static void snapshot(struct snaps *s)
{
	unsigned char page[RING_PAGE_SIZE];
	uint32_t cpu, seq, last, i;
	struct ring_read t;
	struct check c;
	uint64_t flagged;

	memset(&c, 0, sizeof(c));
	memset(c.last_seq, 0xff, sizeof(c.last_seq));	/* -1: none yet */
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		flagged = 0;
		ring_snap_range(&ring, cpu, &seq, &last);
		for (i = 0; i < NR_PAGES; i++, seq = (seq + 1) & RING_SEQ_MASK)
			if (ring_snap_page(&ring, cpu, seq, page, &flagged, &t) > 0 &&
			    (t.size || t.missed))
				check_page(&c, cpu, page, t.bad ? ~0u : t.events);
		s->flagged += flagged;
	}
	s->taken++;
	s->events += c.read;
	s->bad += c.bad;
	s->badpage += c.badpage;
	s->order += c.order;
	s->time += c.time;
}

static void *snapshotter(void *arg)
{
	struct snaps *s = arg;

	while (!__atomic_load_n(&stop_signals, __ATOMIC_ACQUIRE)) {
		snapshot(s);
		usleep(100);
	}
	return NULL;
}

static void check_snaps(const struct snaps *s)
{
	if (!SNAPSHOTS) {
		diag("overwrite: no snapshots under TSan (seqlock reads)");
		return;
	}
	diag("overwrite: %llu snapshots, %llu events in them", (unsigned long long)s->taken,
	     (unsigned long long)s->events);
	ok(s->taken > 0 && s->events > 0, "snapshots: taken while the writers ran (%llu)",
	   (unsigned long long)s->taken);
	ok(s->bad == 0 && s->badpage == 0, "snapshots: every event whole, every page parses "
	   "(%llu, %llu bad)", (unsigned long long)s->bad, (unsigned long long)s->badpage);
	ok(s->order == 0, "snapshots: each writer's events in its order, none twice (%llu not)",
	   (unsigned long long)s->order);
	ok(s->time == 0, "snapshots: time never goes back within a CPU (%llu times)",
	   (unsigned long long)s->time);
}

static void run(uint32_t flags, const char *mode)
{
	size_t size = ring_layout(NR_CPUS, NR_PAGES);
	void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int snaps = SNAPSHOTS && (flags & RING_OVERWRITE);
	struct snaps sn = { 0 };
	struct check c;
	pthread_t rd, sg, sp;
	uint64_t lost = 0;
	long i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < NR_STREAMS; i++)
		c.last_seq[i] = -1;
	__atomic_store_n(&fired, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&stop_reader, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&stop_signals, 0, __ATOMIC_RELAXED);
	if (mem == MAP_FAILED || ring_init(&ring, mem, size, NR_CPUS, NR_PAGES, flags)) {
		printf("Bail out! cannot set up a ring\n");
		exit(1);
	}
	pthread_create(&rd, NULL, reader, &c);
	for (i = 0; i < NR_WRITERS; i++)
		pthread_create(&writers[i], NULL, writer, (void *)i);
	pthread_create(&sg, NULL, signaller, NULL);
	if (snaps)
		pthread_create(&sp, NULL, snapshotter, &sn);
	for (i = 0; i < NR_WRITERS; i++)
		pthread_join(writers[i], NULL);
	__atomic_store_n(&stop_signals, 1, __ATOMIC_RELEASE);
	pthread_join(sg, NULL);
	if (snaps)
		pthread_join(sp, NULL);
	__atomic_store_n(&stop_reader, 1, __ATOMIC_RELEASE);
	pthread_join(rd, NULL);
	for (i = 0; i < NR_CPUS; i++)
		lost += ring_lost(&ring, (uint32_t)i);

	diag("%s: fired %llu, read %llu, lost %llu, pages %llu", mode,
	     (unsigned long long)fired, (unsigned long long)c.read, (unsigned long long)lost,
	     (unsigned long long)c.pages);
	ok(fired > (uint64_t)NR_WRITERS * PER_WRITER, "%s: signal handlers wrote events too", mode);
	ok(fired == c.read + lost, "%s: fired (%llu) == read (%llu) + lost (%llu)", mode,
	   (unsigned long long)fired, (unsigned long long)c.read, (unsigned long long)lost);
	ok(c.read > 0 && lost > 0, "%s: the slow reader got events and the small buffer lost some",
	   mode);
	ok(c.pages > 8 * NR_CPUS * NR_PAGES, "%s: the ring wrapped many times (%llu pages read)",
	   mode, (unsigned long long)c.pages);
	ok(c.bad == 0, "%s: every event read is whole (%llu bad)", mode,
	   (unsigned long long)c.bad);
	ok(c.badpage == 0, "%s: every page parses to its commit size (%llu bad)", mode,
	   (unsigned long long)c.badpage);
	ok(c.order == 0, "%s: each writer's events in its order (%llu out of order)", mode,
	   (unsigned long long)c.order);
	ok(c.time == 0, "%s: time never goes back within a CPU (%llu times)", mode,
	   (unsigned long long)c.time);
	if (flags & RING_OVERWRITE)
		check_snaps(&sn);
	munmap(mem, size);
	ring_fini(&ring);
}

int main(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);

	run(0, "discard");
	run(RING_OVERWRITE, "overwrite");
	return tap_done();
}
