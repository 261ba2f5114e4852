// SPDX-License-Identifier: MIT
/*
 * sample.c - a program that fires every sample event, with the built-in event probe
 * attached and a handler that prints each entry through its TP_printk, in ftrace's layout.
 *
 *	sample [COUNT] [PATTERN] [MS]	fire COUNT rounds (default 3) with PATTERN enabled
 *					(default "sample:*"; "none" leaves everything off),
 *					MS milliseconds apart (default 0: make demo attaches
 *					to "sample 40 none 50" with tpoint record -p)
 *	sample --format EVENT		print the format text of EVENT ("sample:foo_bar")
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include <tpoint/tpoint.h>
#include "trace-events-sample.h"

static void print_entry(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	const struct tpoint_trace_entry *ent = entry;
	struct timespec ts;
	char text[4096];

	(void)data;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (tpoint_event_print(ev, entry, size, text, sizeof(text)) < 0)
		snprintf(text, sizeof(text), "[bad entry]");
	printf("%16s-%-7d %6lu.%06lu: %s:%s: %s\n", "sample", ent->pid, (unsigned long)ts.tv_sec,
	       (unsigned long)ts.tv_nsec / 1000, ev->system, ev->name, text);
}

static void fire_foo_bar(int i, const char *fmt, ...)
{
	static const int lists[][4] = { { 1, 0 }, { 1, 2, 0 }, { 1, 2, 3, 0 } };
	unsigned long cpus = 0x5UL << i;
	va_list va;

	va_start(va, fmt);
	trace_foo_bar("hello", i, lists[i % 3], i % 2 ? "odd" : NULL, &cpus, 64, fmt, &va);
	va_end(va);
}

static void on_bare(void *data, int value, const char *what)
{
	(void)data;
	printf("%16s  bare probe: sample_bare(%d, \"%s\")\n", "", value, what);
}

/* Whether @pattern names an event (tpoint_enable() counts only the ones it changed). */
static int matches(struct tpoint_event *ev, void *pattern)
{
	return tpoint_match(pattern, ev->system, ev->name);
}

int main(int argc, char **argv)
{
	const char *pattern = argc > 2 ? argv[2] : "sample:*";
	int count = argc > 1 ? atoi(argv[1]) : 3;
	int pause_ms = argc > 3 ? atoi(argv[3]) : 0;	/* between rounds: to attach to it */
	unsigned char bytes[] = { 0xde, 0xad, 0xbe, 0xef };
	unsigned short u16s[4] = { 1, 2, 0xffff, 0 };
	long long s64s[2] = { -1, 1LL << 40 };
	struct sample_point pt = { 3, -4 };
	int i;

	if (argc > 2 && strcmp(argv[1], "--format") == 0) {
		struct tpoint_event *ev = tpoint_event_lookup(argv[2]);
		char buf[8192];

		if (!ev) {
			fprintf(stderr, "sample: no event '%s' (try sample:foo_bar)\n", argv[2]);
			return 1;
		}
		tpoint_event_format(ev, buf, sizeof(buf));
		fputs(buf, stdout);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	tpoint_set_event_handler(print_entry, NULL);
	if (strcmp(pattern, "none") != 0 &&
	    (tpoint_enable(pattern) < 0 || !tpoint_for_each_event(matches, (void *)pattern))) {
		fprintf(stderr, "sample: no event matches '%s'\n", pattern);
		return 1;
	}
	register_trace_sample_bare(on_bare, NULL);

	for (i = 0; i < count; i++) {
		fire_foo_bar(i, "round %d of %d", i + 1, count);
		trace_foo_bar_with_cond("cond", i * 5);	/* recorded when i*5 is a multiple of 10 */
		trace_foo_bar_with_fn("fn", i);
		trace_foo_with_template_simple("simple", i, -i * 1000L, 1ULL << (i * 10), &pt,
					       i % 2, pt, (enum sample_color)(1 << (i % 3)), bytes,
					       (int)sizeof(bytes));
		trace_foo_with_template_print("print", i + 1, 0, 0, NULL, 1, pt, SAMPLE_RED, bytes,
					      i % 2 ? 0 : 2);
		trace_sample_numbers(u16s, s64s, i % 2 ? 0xdeadbeefUL : (unsigned long)i);
		trace_sample_tick(i);
		trace_sample_bare(i, "hook");
		if (pause_ms > 0)
			usleep((useconds_t)pause_ms * 1000);
	}

	unregister_trace_sample_bare(on_bare, NULL);
	tracepoint_synchronize_unregister();
	return 0;
}
