/* SPDX-License-Identifier: MIT */
/*
 * harness.h - what tp-bench.c and lttng-bench.c share, so that both tracers run in the same
 * program shape: the clock, peak RSS, N iterations on THREADS threads started on a barrier,
 * a paced rate, and the startup probe. Each includes it once.
 */
#ifndef TPOINT_BENCH_HARNESS_H
#define TPOINT_BENCH_HARNESS_H

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define KEEP(x) __asm__ volatile("" : : "r"(x) : "memory")

/* The baseline: the loop alone (callgrind counts inside it: --toggle-collect=loop_empty). */
__attribute__((noinline)) void loop_empty(long n);
__attribute__((noinline)) void loop_empty(long n)
{
	long i;

	for (i = 0; i < n; i++)
		KEEP(i);
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

/* CPU time this process used so far (user + system), in ms: what the tracer cost it. */
static double cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/*
 * @loop(@n) on @threads threads at once; prints
 * "CASE THREADS ns/event events/s fired rss_kb cpu_ms".
 */
static int run_threads(const char *name, void (*loop)(long), long n, int threads)
{
	pthread_t th[64];
	struct job jobs[64];
	pthread_barrier_t go;
	uint64_t t0, t1;
	int t;

	if (threads < 1 || threads > 64)
		threads = 1;
	pthread_barrier_init(&go, NULL, (unsigned)threads + 1);
	for (t = 0; t < threads; t++) {
		jobs[t] = (struct job){ loop, n, &go };
		pthread_create(&th[t], NULL, run_job, &jobs[t]);
	}
	/* Before releasing them: the workers may be done before this thread runs again. */
	t0 = now_ns();
	pthread_barrier_wait(&go);
	for (t = 0; t < threads; t++)
		pthread_join(th[t], NULL);
	t1 = now_ns();
	printf("%s %d %.3f %.0f %ld %ld %.1f\n", name, threads, (double)(t1 - t0) / (double)n,
	       (double)n * threads * 1e9 / (double)(t1 - t0), n * threads, maxrss_kb(), cpu_ms());
	return 0;
}

/* @fire(count) @rate times a second, in 1 ms slices, for @seconds; prints what it achieved. */
static int run_paced(void (*fire)(long), long rate, long seconds)
{
	uint64_t start = now_ns();
	long per_ms = rate / 1000, fired = 0, ms;

	for (ms = 0; ms < seconds * 1000; ms++) {
		fire(per_ms);
		fired += per_ms;
		while (now_ns() < start + (uint64_t)(ms + 1) * 1000000ull)
			;
	}
	printf("paced %ld %.0f %ld\n", fired, fired * 1e9 / (double)(now_ns() - start),
	       maxrss_kb());
	return 0;
}

/* ns from TPOINT_BENCH_T0 (set by the parent before exec) to here, and our threads. */
static int run_startup(void)
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

#endif /* TPOINT_BENCH_HARNESS_H */
