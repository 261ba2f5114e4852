// SPDX-License-Identifier: MIT
/*
 * usdt-prog.c - a program whose tracepoints bpftrace attaches to as USDT probes (usdt.t).
 *
 *	usdt-prog run COUNT		print "enabled=E" (1: the events are on, by a USDT
 *					semaphore since tpoint enables nothing here), fire
 *					usdt_request(i, 1000 * i - 7, "req-i") for i < COUNT,
 *					usdt_at({ 42, -42 }), then usdt_done(COUNT)
 *	usdt-prog wait COUNT		print "ready PID", wait for a tracer to enable the events,
 *					fire the requests with a tpoint probe attached too, detach
 *					it and print "tpoint probe: COUNT events, then enabled=E"
 *					(1: the tracer's half of the key outlived tpoint's), fire
 *					usdt_done, then wait for the tracer to go: prints "key=K"
 *					(the whole 32-bit key of usdt_done, 0 once it is gone)
 *	usdt-prog dlopen LIB COUNT	print "ready PID", dlopen LIB (libusdt-lib.so), wait for
 *					its events to be enabled, fire COUNT of them, wait for them
 *					to be disabled again, dlclose
 *
 * Every wait gives up after 30 s with a message and exit status 3.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CREATE_TRACE_POINTS
#include "usdt-events.h"

#define WAIT_S 30

static int app_enabled(void)
{
	return trace_usdt_request_enabled() && trace_usdt_done_enabled();
}

static int app_disabled(void)
{
	return !trace_usdt_request_enabled() && !trace_usdt_done_enabled();
}

/* Poll @cond every millisecond until it holds; 0, or -1 after WAIT_S seconds. */
static int wait_for(int (*cond)(void), const char *what)
{
	const struct timespec ms = { 0, 1000000 };
	long i;

	for (i = 0; i < WAIT_S * 1000L; i++) {
		if (cond())
			return 0;
		nanosleep(&ms, NULL);
	}
	fprintf(stderr, "usdt-prog: %s: not within %d s\n", what, WAIT_S);
	return -1;
}

static void fire_requests(int count)
{
	char path[32];
	int i;

	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "req-%d", i);
		trace_usdt_request(i, 1000L * i - 7, path);
	}
}

static int hits;	/* count_probe's; the main thread's only */

static void count_probe(void *data, int id, long size, const char *path)
{
	(void)data;
	(void)id;
	(void)size;
	(void)path;
	hits++;
}

/*
 * The requests with a tpoint probe attached beside the tracer's uprobe; once it is
 * detached, tpoint's half of the key is 0 again but the tracer's must still be there.
 */
static void fire_shared(int count)
{
	if (register_trace_usdt_request(count_probe, NULL)) {
		fprintf(stderr, "usdt-prog: register_trace_usdt_request failed\n");
		exit(2);
	}
	fire_requests(count);
	unregister_trace_usdt_request(count_probe, NULL);
	printf("tpoint probe: %d events, then enabled=%d\n", hits, trace_usdt_request_enabled());
	trace_usdt_done(count);
}

static void ready(void)
{
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
}

static int (*lib_enabled)(void);

static int lib_on(void)
{
	return lib_enabled();
}

static int lib_off(void)
{
	return !lib_enabled();
}

static int run_dlopen(const char *lib, int count)
{
	void (*lib_fire)(int);
	void *h;

	ready();
	h = dlopen(lib, RTLD_NOW);
	if (!h) {
		fprintf(stderr, "usdt-prog: %s\n", dlerror());
		return 2;
	}
	*(void **)&lib_enabled = dlsym(h, "usdt_lib_enabled");
	*(void **)&lib_fire = dlsym(h, "usdt_lib_fire");
	if (!lib_enabled || !lib_fire) {
		fprintf(stderr, "usdt-prog: %s: no usdt_lib_enabled or usdt_lib_fire\n", lib);
		return 2;
	}
	if (wait_for(lib_on, "the library's events enabled by a tracer"))
		return 3;
	printf("lib enabled=1\n");
	lib_fire(count);
	if (wait_for(lib_off, "the library's events disabled once the tracer is gone"))
		return 3;
	printf("lib disabled\n");
	dlclose(h);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (argc == 3 && !strcmp(mode, "run")) {
		printf("enabled=%d\n", app_enabled());
		struct usdt_point pt = { 42, -42 };

		fire_requests(atoi(argv[2]));
		trace_usdt_at(pt);
		trace_usdt_done(atoi(argv[2]));
		return 0;
	}
	if (argc == 3 && !strcmp(mode, "wait")) {
		ready();
		if (wait_for(app_enabled, "the events enabled by a tracer"))
			return 3;
		printf("enabled=1\n");
		fire_shared(atoi(argv[2]));
		if (wait_for(app_disabled, "the events disabled once the tracer is gone"))
			return 3;
		/* Relaxed: the key is a plain counter here; the loop above saw it change. */
		printf("key=%u\n", __atomic_load_n(&__tracepoint_usdt_done.key, __ATOMIC_RELAXED));
		return 0;
	}
	if (argc == 4 && !strcmp(mode, "dlopen"))
		return run_dlopen(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: usdt-prog run COUNT | wait COUNT | dlopen LIB COUNT\n");
	return 2;
}
