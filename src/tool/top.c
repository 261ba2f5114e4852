// SPDX-License-Identifier: MIT
/*
 * top.c - `tpoint top`: kernel and user events counted per key (--by), the table refreshed
 * in place on a terminal, printed every --interval when piped.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hist.h"
#include "live.h"
#include "tool.h"

struct top {
	struct live l;
	struct hist *hist;		/* --by */
	const char *by;
	unsigned int rows;		/* -n */
	uint64_t interval_ns;		/* --interval */
	uint64_t next_table;
};

static void top_event(struct live *l, struct tep_event *ev, struct tep_record *rec)
{
	struct top *t = l->priv;

	hist_add(t->hist, l->tep, ev, rec);
}

/* The table, when its interval is up and at the end. */
static void top_round(struct live *l, int last)
{
	struct top *t = l->priv;
	int tty = isatty(1);

	if (tool_now_ns() < t->next_table && !last)
		return;
	if (tty)
		fputs("\033[H\033[2J", stdout);
	else
		printf("# %.1f s\n", (double)tool_now_ns() / 1e9);
	hist_print(t->hist, stdout, t->rows);
	if (!tty)
		putchar('\n');
	if (fflush(stdout) != 0)
		l->closed = 1;
	t->next_table = tool_now_ns() + t->interval_ns;
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: tpoint top -e EVENT... --by FIELD[:mod][,FIELD...] [-f FILTER]\n"
		"                  [--interval S] [-n ROWS] [--missing-ok] [-- PROGRAM [ARGS]]\n"
		"  counts per key, refreshed in place on a terminal (plain text when piped)\n"
		"  modifiers: :signame :errno :syscall :hex; {common_comm} is the task that\n"
		"  hit the tracepoint, comm/pid the event's own fields where it has them\n");
}

/* One option into @t: 0, or -1 after a message. */
static int top_option(struct top *t, int c, const char *arg)
{
	double interval;

	switch (c) {
	case 'e':
	case 'f':
		return rules_option(&t->l.rules, "top", c, arg);
	case 'B':
		t->by = arg;
		return 0;
	case 'I':
		interval = atof(arg);
		if (interval < 0.05)
			return tool_error("top", "--interval '%s': give seconds, at least 0.05", arg);
		t->interval_ns = (uint64_t)(interval * 1e9);
		return 0;
	case 'n':
		t->rows = (unsigned int)atoi(arg);
		return 0;
	case 'M':
		t->l.rules.flags |= RULES_MISSING_OK;
		return 0;
	default:
		return -1;
	}
}

/* The command line into @t: 0, 1 for --help (printed), or -1 after a message. */
static int top_parse(struct top *t, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "event", required_argument, NULL, 'e' },
		{ "filter", required_argument, NULL, 'f' },
		{ "by", required_argument, NULL, 'B' },
		{ "interval", required_argument, NULL, 'I' },
		{ "rows", required_argument, NULL, 'n' },
		{ "missing-ok", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[2048];
	int c;

	while ((c = getopt_long(argc, argv, "+e:f:n:h", opts, NULL)) != -1) {
		if (c == 'h')
			return usage(stdout), 1;
		if (top_option(t, c, optarg))
			return -1;
	}
	if (!t->l.rules.nr)
		return tool_error("top", "give the events with -e (system:event, globs allowed)");
	if (!t->by)
		return tool_error("top", "give the keys to count by with --by (e.g. "
				  "sig:signame,comm)");
	t->hist = hist_parse(t->by, 1, err, sizeof(err));
	return t->hist ? 0 : tool_error("top", "--by: %s", err);
}

int cmd_top(int argc, char **argv)
{
	struct top t;
	int ret;

	memset(&t, 0, sizeof(t));
	if (live_init(&t.l, "top", argc))
		return TOOL_EXIT_FAIL;
	t.l.event = top_event;
	t.l.round = top_round;
	t.l.priv = &t;
	t.rows = 20;
	t.interval_ns = 1000000000ull;
	ret = top_parse(&t, argc, argv);
	if (ret) {
		if (ret < 0)
			usage(stderr);
		ret = ret < 0 ? TOOL_EXIT_USAGE : TOOL_EXIT_OK;
	} else {
		t.next_table = tool_now_ns() + t.interval_ns;
		ret = live_setup(&t.l, argv[optind]);
		if (!ret)
			ret = live_run(&t.l, argv + optind);
	}
	live_free(&t.l);
	hist_free(t.hist);
	return ret;
}
