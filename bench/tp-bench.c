// SPDX-License-Identifier: MIT
/*
 * tp-bench.c - the cost of one call site, per case, over N iterations of a loop:
 *
 *	empty		the loop alone (the baseline every other case is compared with)
 *	disabled	trace_bench_event(i, i, "hello") with nothing attached
 *	probe		the same with one empty probe attached (RCU read side + indirect call)
 *	event		the same with the built-in event probe and a handler that drops it
 *	record		the event probe recording into tpoint record's ring buffers (run it
 *			under tpoint record -e bench:bench_event)
 *
 *	tp-bench CASE [N]	run one case, print ns per iteration (min of 5 runs)
 *
 * bench/run.sh runs each case under callgrind, counting instructions inside the loop
 * function only (--toggle-collect), and prints the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tpoint/tpoint.h>

#define CREATE_TRACE_POINTS
#include "bench-events.h"

/* The loop body must not be optimised away: an empty asm using i. */
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
		trace_bench_event((int)i, i, "hello");
		KEEP(i);
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

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "disabled";
	long n = argc > 2 ? atol(argv[2]) : 10000000;
	void (*loop)(long) = loop_tracepoint;
	double best = 0, t;
	int r;

	if (strcmp(mode, "empty") == 0) {
		loop = loop_empty;
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
			"record)\n", mode);
		return 2;
	}
	for (r = 0; r < 5; r++) {
		t = now_ns();
		loop(n);
		t = (now_ns() - t) / (double)n;
		if (r == 0 || t < best)
			best = t;
	}
	printf("%s %.2f\n", mode, best);
	return 0;
}
