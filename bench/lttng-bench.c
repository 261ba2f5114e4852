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
#include <string.h>

#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "lttng-bench-tp.h"
#include "harness.h"

__attribute__((noinline)) void loop_tracepoint(long n);

__attribute__((noinline)) void loop_tracepoint(long n)
{
	long i;

	for (i = 0; i < n; i++) {
		tracepoint(bench_lttng, bench_event, (int)i, i, "hello");
		KEEP(i);
	}
}

static void fire(long count)
{
	long i;

	for (i = 0; i < count; i++)
		tracepoint(bench_lttng, bench_event, (int)i, i, "hello");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "run";
	long n = argc > 2 ? atol(argv[2]) : 10000000;
	int threads = argc > 3 ? atoi(argv[3]) : 1;
	void (*loop)(long) = strcmp(mode, "empty") == 0 ? loop_empty : loop_tracepoint;

	if (strcmp(mode, "startup") == 0)
		return run_startup();
	if (strcmp(mode, "paced") == 0)
		return run_paced(fire, n, argc > 3 ? atol(argv[3]) : 10);
	return run_threads(mode, loop, n, threads);
}
