// SPDX-License-Identifier: MIT
/*
 * tpoint.c - the tpoint command: record, report and list user-space tracepoints.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tpoint/tpoint.h>

#include "tool.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: tpoint COMMAND [ARGS]\n"
		"\n"
		"  record [-o FILE] -e EVENT... [-f FILTER] [--buffer-size SIZE] [--overwrite]\n"
		"         -- PROGRAM [ARGS]     run PROGRAM and record its events into trace.dat\n"
		"  report [FILE] [-e EVENT] [-f FILTER] [--cpu N] [--pid N] [--json]\n"
		"                               print a trace.dat file (trace-cmd's too)\n"
		"  list [-v] PROGRAM|LIBRARY    the events a binary and its libraries define\n"
		"  trace -e EVENT... [-f FILTER] [--format TEMPLATE] [--max-rate N] [-- PROGRAM]\n"
		"                               a live stream of kernel and user events\n"
		"  top -e EVENT... --by FIELD[,FIELD...] [--interval S] [-n ROWS] [-- PROGRAM]\n"
		"                               live counts per key, refreshed in place\n"
		"\n"
		"EVENT is system:event, globs allowed (sample:foo_*, signal:signal_generate):\n"
		"the program's events and the kernel's (tracefs events/). FILTER is the kernel's\n"
		"event-filter grammar: 'bar > 10 && foo ~ \"hel*\"'. 'tpoint COMMAND --help' for more.\n");
}

int main(int argc, char **argv)
{
	/* A closed pipe (tpoint report | head) is an error on write, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "record"))
		return cmd_record(argc - 1, argv + 1);
	if (!strcmp(argv[1], "report"))
		return cmd_report(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "trace"))
		return cmd_trace(argc - 1, argv + 1);
	if (!strcmp(argv[1], "top"))
		return cmd_top(argc - 1, argv + 1);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("tpoint %s\n", TPOINT_VERSION);
		return 0;
	}
	fprintf(stderr, "tpoint: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
