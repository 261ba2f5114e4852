// SPDX-License-Identifier: MIT
/*
 * tp-bench.c - the cost of one call site, per case, over N iterations per thread:
 *
 *	empty		the loop alone (the baseline every other case is compared with)
 *	disabled	trace_bench_event(i, i, "hello") with nothing attached
 *	probe		the same with one empty probe attached (RCU read side + indirect call)
 *	event		the same with the built-in event probe and a handler that drops it
 *	record		the event probe recording into tpoint record's ring buffers (run it
 *			under tpoint record -e bench:bench_event)
 *	floor		what any tracer must at least do: read the clock (CLOCK_MONOTONIC) and
 *			store 24 bytes into a thread-local array
 *
 *	tp-bench CASE [N [THREADS]]	prints: CASE THREADS ns/event events/s fired maxrss_kb
 *	tp-bench paced RATE SECONDS	fire RATE events/s (in 1 ms slices) for SECONDS;
 *					prints: paced fired achieved_rate maxrss_kb
 *	tp-bench startup		prints the ns from TPOINT_BENCH_T0 (CLOCK_MONOTONIC
 *					set by the parent before exec) to main, and the threads
 *
 * loop_empty and loop_tracepoint are what bench/run.py counts under callgrind
 * (--toggle-collect): instructions inside the loop only.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <tpoint/tpoint.h>

#define CREATE_TRACE_POINTS
#include "bench-events.h"

/* The loop body must not be optimised away: an empty asm using i. */
#define KEEP(x) __asm__ volatile("" : : "r"(x) : "memory")

__attribute__((noinline)) void loop_empty(long n);
__attribute__((noinline)) void loop_tracepoint(long n);
__attribute__((noinline)) void loop_floor(long n);

__attribute__((noinline)) void loop_empty(long n)
{
	long i;

	for (i = 0; i < n; i++)
		KEEP(i);
}

__attribute__((noinline)) void loop_tracepoint(long n)
{
	long i;

	for (i = 0; i < n; i++) {
		trace_bench_event((int)i, i, "hello");
		KEEP(i);
	}
}

/* The floor: a timestamp and 24 bytes (int, long, 5 chars + NUL, 8-byte aligned) stored. */
struct floor_rec {
	uint64_t ts;
	int a;
	char s[4];
	long b;
};
static __thread struct floor_rec floor_buf[4096];

__attribute__((noinline)) void loop_floor(long n)
{
	struct timespec ts;
	long i;

	for (i = 0; i < n; i++) {
		struct floor_rec *r = &floor_buf[i & 4095];

		clock_gettime(CLOCK_MONOTONIC, &ts);
		r->ts = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
		r->a = (int)i;
		r->b = i;
		memcpy(r->s, "hell", 4);
		KEEP(r);
	}
}

static void probe_empty(void *data, int a, long b, const char *s)
{
	(void)data;
	(void)a;
	(void)b;
	(void)s;
}

static void drop(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	(void)ev;
	(void)entry;
	(void)size;
	(void)data;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static long maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

struct job {
	void (*loop)(long);
	long n;
	pthread_barrier_t *go;
};

static void *run_job(void *arg)
{
	struct job *j = arg;

	pthread_barrier_wait(j->go);
	j->loop(j->n);
	return NULL;
}

static int paced(long rate, long seconds)
{
	uint64_t start = now_ns(), slot;
	long per_ms = rate / 1000, fired = 0, ms, i;

	for (ms = 0; ms < seconds * 1000; ms++) {
		for (i = 0; i < per_ms; i++)
			trace_bench_event((int)i, i, "hello");
		fired += per_ms;
		slot = start + (uint64_t)(ms + 1) * 1000000ull;
		while (now_ns() < slot)
			;
	}
	printf("paced %ld %.0f %ld\n", fired, fired * 1e9 / (double)(now_ns() - start),
	       maxrss_kb());
	return 0;
}

static int startup(void)
{
	const char *t0 = getenv("TPOINT_BENCH_T0");
	uint64_t now = now_ns();
	struct dirent *d;
	DIR *dir = opendir("/proc/self/task");
	int threads = 0;

	while (dir && (d = readdir(dir)))
		threads += d->d_name[0] != '.';
	if (dir)
		closedir(dir);
	printf("startup %llu %d\n", t0 ? (unsigned long long)(now - strtoull(t0, NULL, 10)) : 0ull,
	       threads);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "disabled";
	long n = argc > 2 ? atol(argv[2]) : 10000000;
	int threads = argc > 3 ? atoi(argv[3]) : 1, t;
	void (*loop)(long) = loop_tracepoint;
	pthread_t th[64];
	struct job jobs[64];
	pthread_barrier_t go;
	uint64_t t0, t1;

	if (strcmp(mode, "startup") == 0)
		return startup();
	if (strcmp(mode, "paced") == 0)
		return paced(n, argc > 3 ? atol(argv[3]) : 10);
	if (strcmp(mode, "empty") == 0) {
		loop = loop_empty;
	} else if (strcmp(mode, "floor") == 0) {
		loop = loop_floor;
	} else if (strcmp(mode, "probe") == 0) {
		register_trace_bench_event(probe_empty, NULL);
	} else if (strcmp(mode, "event") == 0) {
		tpoint_set_event_handler(drop, NULL);
		tpoint_enable("bench:bench_event");
	} else if (strcmp(mode, "record") == 0) {
		/* run by tpoint record -e bench:bench_event: entries go to its ring buffers */
		if (!getenv("TPOINT_SESSION_FD")) {
			fprintf(stderr, "tp-bench: run 'record' under tpoint record\n");
			return 2;
		}
	} else if (strcmp(mode, "disabled") != 0) {
		fprintf(stderr, "tp-bench: unknown case '%s' (empty, disabled, probe, event, "
			"record, floor, paced, startup)\n", mode);
		return 2;
	}
	if (threads < 1 || threads > 64)
		threads = 1;
	pthread_barrier_init(&go, NULL, (unsigned)threads + 1);
	for (t = 0; t < threads; t++) {
		jobs[t] = (struct job){ loop, n, &go };
		pthread_create(&th[t], NULL, run_job, &jobs[t]);
	}
	pthread_barrier_wait(&go);
	t0 = now_ns();
	for (t = 0; t < threads; t++)
		pthread_join(th[t], NULL);
	t1 = now_ns();
	printf("%s %d %.3f %.0f %ld %ld\n", mode, threads, (double)(t1 - t0) / (double)n,
	       (double)n * threads * 1e9 / (double)(t1 - t0), n * threads, maxrss_kb());
	return 0;
}
