// SPDX-License-Identifier: MIT
/*
 * tpoint.c - the tpoint command: record, report and list user-space tracepoints.
 */
#include <getopt.h>
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
		"         -- PROGRAM [ARGS] | -p PID     record PROGRAM's events (or a running\n"
		"                               program's) into trace.dat\n"
		"  report [FILE] [-e EVENT] [-f FILTER] [--cpu N] [--pid N] [--json]\n"
		"                               print a trace.dat file (trace-cmd's too)\n"
		"  list [-v] PROGRAM|LIBRARY    the events a binary and its libraries define\n"
		"  list -k [-v] [GLOB]          the kernel's events (as trace-cmd list -e)\n"
		"  trace -e EVENT... [-f FILTER] [--format TEMPLATE] [--max-rate N]\n"
		"        [-- PROGRAM | -p PID]\n"
		"                               a live stream of kernel and user events\n"
		"  top -e EVENT... --by FIELD[,FIELD...] [--interval S] [-n ROWS]\n"
		"      [-- PROGRAM | -p PID]\n"
		"                               live counts per key, refreshed in place\n"
		"  convert --to-systrace OUT | --to-json OUT | --to-ctf DIR [FILE]\n"
		"                               a trace.dat file as the kernel's trace text or\n"
		"                               Chrome JSON (Perfetto), or CTF (babeltrace2,\n"
		"                               Trace Compass)\n"
		"\n"
		"EVENT is system:event, globs allowed (sample:foo_*, signal:signal_generate):\n"
		"the program's events and the kernel's (tracefs events/). FILTER is the kernel's\n"
		"event-filter grammar: 'bar > 10 && foo ~ \"hel*\"'. 'tpoint help COMMAND' (or\n"
		"'tpoint COMMAND --help') for more.\n");
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "record", cmd_record }, { "report", cmd_report }, { "list", cmd_list },
	{ "trace", cmd_trace }, { "top", cmd_top }, { "convert", cmd_convert },
};

static int (*command(const char *name))(int, char **)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return commands[i].fn;
	return NULL;
}

/* tpoint help [COMMAND]: the command's own --help, as git help and perf help do. */
static int help(int argc, char **argv)
{
	char *args[] = { argv[1], "--help", NULL };
	int (*fn)(int, char **) = argc > 1 ? command(argv[1]) : NULL;

	if (argc > 1 && !fn) {
		fprintf(stderr, "tpoint help: no command '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	if (!fn) {
		usage(stdout);
		return 0;
	}
	optind = 1;
	return fn(2, args);
}

int main(int argc, char **argv)
{
	int (*fn)(int, char **);

	/* A closed pipe (tpoint report | head) is an error on write, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	fn = command(argv[1]);
	if (fn)
		return fn(argc - 1, argv + 1);
	if (!strcmp(argv[1], "help"))
		return help(argc - 1, argv + 1);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
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
