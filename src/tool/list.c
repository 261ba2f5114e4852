// SPDX-License-Identifier: MIT
/*
 * list.c - `tpoint list`: the events an executable or a library defines, and the libraries it
 * needs, read from their ELF files without running them (elf/events.c).
 */
#include <getopt.h>
#include <stdio.h>

#include "elf/events.h"
#include "tool.h"

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		TOOL_LONGOPTS_END,
	};
	struct elf_event *list, *ev;
	char err[1024];
	int c, verbose = 0;

	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verbose = 1;
			break;
		case 'h':
			printf("usage: tpoint list [-v] PROGRAM|LIBRARY\n"
			       "  the events PROGRAM (or LIBRARY) and the libraries it needs define,\n"
			       "  read from their ELF files without running them; -v: with formats\n");
			return 0;
		default:
			return 2;
		}
	}
	if (argc - optind != 1) {
		tool_error("list", "give one PROGRAM or LIBRARY (tpoint list ./myprog)");
		return 2;
	}
	list = elf_events(argv[optind], 1, err, sizeof(err));
	if (!list) {
		tool_error("list", "%s", err);
		return 1;
	}
	for (ev = list; ev; ev = ev->next) {
		if (verbose) {
			printf("%s:%s\t(%s)\n", ev->system, ev->name, ev->object);
			if (ev->format)
				printf("%s\n", ev->format);
		} else {
			printf("%s:%s\n", ev->system, ev->name);
		}
	}
	elf_events_free(list);
	return 0;
}
