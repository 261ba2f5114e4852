// SPDX-License-Identifier: MIT
/*
 * lttng-bench.c - tp-bench's program shape with LTTng-UST: the same loop, the same event
 * (int, long, 5-character string), N iterations per thread. Enabled or not depends on the
 * lttng session bench/run.py sets up around it.
 *
 *	lttng-bench CASE [N [THREADS]]	CASE: empty, run; prints as tp-bench does
 *	lttng-bench paced RATE SECONDS
 *	lttng-bench startup
 */
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "lttng-bench-tp.h"

#define KEEP(x) __asm__ volatile("" : : "r"(x) : "memory")

__attribute__((noinline)) void loop_empty(long n);
__attribute__((noinline)) void loop_tracepoint(long n);

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
		tracepoint(bench_lttng, bench_event, (int)i, i, "hello");
		KEEP(i);
	}
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

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "run";
	long n = argc > 2 ? atol(argv[2]) : 10000000;
	int threads = argc > 3 ? atoi(argv[3]) : 1, t;
	void (*loop)(long) = strcmp(mode, "empty") == 0 ? loop_empty : loop_tracepoint;
	pthread_t th[64];
	struct job jobs[64];
	pthread_barrier_t go;
	uint64_t t0, t1;

	if (strcmp(mode, "startup") == 0) {
		const char *s = getenv("TPOINT_BENCH_T0");
		uint64_t now = now_ns();
		struct dirent *d;
		DIR *dir = opendir("/proc/self/task");
		int nt = 0;

		while (dir && (d = readdir(dir)))
			nt += d->d_name[0] != '.';
		if (dir)
			closedir(dir);
		printf("startup %llu %d\n", s ? (unsigned long long)(now - strtoull(s, NULL, 10)) : 0ull,
		       nt);
		return 0;
	}
	if (strcmp(mode, "paced") == 0) {
		long rate = n, seconds = argc > 3 ? atol(argv[3]) : 10, per_ms = rate / 1000;
		long fired = 0, ms, i;
		uint64_t start = now_ns();

		for (ms = 0; ms < seconds * 1000; ms++) {
			for (i = 0; i < per_ms; i++)
				tracepoint(bench_lttng, bench_event, (int)i, i, "hello");
			fired += per_ms;
			while (now_ns() < start + (uint64_t)(ms + 1) * 1000000ull)
				;
		}
		printf("paced %ld %.0f %ld\n", fired, fired * 1e9 / (double)(now_ns() - start),
		       maxrss_kb());
		return 0;
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
