// SPDX-License-Identifier: MIT
/*
 * sym-prog.c - fires sym:sym_call with the address of its own function sym_work, then 5
 * bytes into it, then libtpoint's tpoint_match (a shared library's, at its own bias);
 * then lives 200 ms, as a service does, while the recorder reads its maps (record.t). "sym-prog print": the events enabled in
 * the program and printed by tpoint_event_print(), one text a line.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CREATE_TRACE_POINTS
#include "sym-events.h"

int sym_work(int x);

int __attribute__((noinline)) sym_work(int x)
{
	return x * 3 + 1;
}

static void print_entry(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	char text[512];

	(void)data;
	if (tpoint_event_print(ev, entry, size, text, sizeof(text)) >= 0)
		printf("%s\n", text);
}

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };

	if (argc > 1 && !strcmp(argv[1], "print")) {
		tpoint_set_event_handler(print_entry, NULL);
		tpoint_enable("sym:*");
	}

	trace_sym_call((const void *)sym_work);
	trace_sym_call((const char *)(const void *)sym_work + 5);
	trace_sym_call((const void *)tpoint_match);	/* in libtpoint.so: another bias */
	trace_sym_reason(tracepoint_string("Rescheduling interrupts"));
	nanosleep(&ts, NULL);
	return sym_work(0) == 1 ? 0 : 1;
}
