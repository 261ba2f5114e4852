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
 *	usdt		the same call site with the event enabled only by a USDT tracer: run it
 *			under bpftrace -e 'usdt:tp-bench:bench:bench_event {}' -c 'tp-bench usdt N';
 *			each event is the uprobe's breakpoint trap and the tracer's BPF program
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
#include <string.h>

#include <tpoint/tpoint.h>

#define CREATE_TRACE_POINTS
#include "bench-events.h"
#include "harness.h"

__attribute__((noinline)) void loop_tracepoint(long n);
__attribute__((noinline)) void loop_floor(long n);

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

static void fire(long count)
{
	long i;

	for (i = 0; i < count; i++)
		trace_bench_event((int)i, i, "hello");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "disabled";
	long n = argc > 2 ? atol(argv[2]) : 10000000;
	int threads = argc > 3 ? atoi(argv[3]) : 1;
	void (*loop)(long) = loop_tracepoint;

	if (strcmp(mode, "startup") == 0)
		return run_startup();
	if (strcmp(mode, "paced") == 0)
		return run_paced(fire, n, argc > 3 ? atol(argv[3]) : 10);
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
	} else if (strcmp(mode, "usdt") == 0) {
		/* The kernel set the semaphore when it mapped this file, before main. */
		if (!trace_bench_event_enabled()) {
			fprintf(stderr, "tp-bench: run 'usdt' under a USDT tracer: bpftrace -e "
				"'usdt:%s:bench:bench_event {}' -c '%s usdt N'\n", argv[0], argv[0]);
			return 2;
		}
	} else if (strcmp(mode, "disabled") != 0) {
		fprintf(stderr, "tp-bench: unknown case '%s' (empty, disabled, probe, event, "
			"record, floor, usdt, paced, startup)\n", mode);
		return 2;
	}
	return run_threads(mode, loop, n, threads);
}
