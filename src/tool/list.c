// SPDX-License-Identifier: MIT
/*
 * list.c - `tpoint list`: the events an executable or a library defines, and the libraries it
 * needs, read from their ELF files without running them (elf/events.c); with -k, the
 * kernel's (tracefs events/, as trace-cmd list -e).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/events.h"
#include "kernel.h"
#include "tool.h"

struct list_opts {
	int verbose;
	int kernel;
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: tpoint list [-v] PROGRAM|LIBRARY\n"
		"       tpoint list -k [-v] [GLOB]\n"
		"  the events PROGRAM (or LIBRARY) and the libraries it needs define,\n"
		"  read from their ELF files without running them\n"
		"  -k, --kernel   the kernel's events instead (system:event, GLOB like\n"
		"                 'sched:*'; as trace-cmd list -e)\n"
		"  -v, --verbose  with their formats\n");
}

/* -v, -k into the struct list_opts @ctx. */
static int list_option(void *ctx, int c, const char *arg)
{
	struct list_opts *o = ctx;

	(void)arg;
	if (c == 'v')
		o->verbose = 1;
	else if (c == 'k')
		o->kernel = 1;
	else
		return -1;
	return 0;
}

static const struct option list_longopts[] = {
	{ "verbose", no_argument, NULL, 'v' },
	{ "kernel", no_argument, NULL, 'k' },
	TOOL_LONGOPTS_END,
};

static const struct tool_opts list_opts = {
	"list", "+vkh", list_longopts, list_option, usage,
};

static int kev_cmp(const void *a, const void *b)
{
	const struct kern_event *x = a, *y = b;
	int c = strcmp(x->system, y->system);

	return c ? c : strcmp(x->name, y->name);
}

/* The kernel's events @glob names, sorted; with their formats (@verbose). The exit status. */
static int list_kernel(const char *glob, int verbose)
{
	struct kern k;		/* only its events: kern_close() frees them */
	char why[1024] = "";
	unsigned int i;
	int ret;

	memset(&k, 0, sizeof(k));
	/* Mounts tracefs where we may; else why is what to say if nothing can be listed. */
	if (kern_available(why, sizeof(why)))
		why[0] = '\0';
	kern_match(glob, &k.events, &k.nr);
	if (!k.nr)
		return tool_error("list", "-k '%s': no kernel event%s%s", glob, why[0] ? ": " :
				  " matches (globs are system:event, like 'sched:sched_*')", why),
		       TOOL_EXIT_FAIL;
	qsort(k.events, k.nr, sizeof(*k.events), kev_cmp);
	for (i = 0; i < k.nr; i++) {
		printf("%s:%s\n", k.events[i].system, k.events[i].name);
		if (verbose)
			printf("%s\n", k.events[i].format);
	}
	ret = fflush(stdout) ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
	kern_close(&k);
	return ret;
}

int cmd_list(int argc, char **argv)
{
	struct list_opts o = { 0, 0 };
	struct elf_event *list, *ev;
	char err[1024];
	int ret = tool_getopt(&list_opts, argc, argv, &o), verbose;

	if (ret)
		return ret > 0 ? TOOL_EXIT_OK : TOOL_EXIT_USAGE;
	verbose = o.verbose;
	if (o.kernel && argc - optind <= 1)
		return list_kernel(argc > optind ? argv[optind] : "*", verbose);
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
