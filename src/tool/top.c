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
		"                  [--interval S] [-n ROWS] [--missing-ok]\n"
		"                  [-- PROGRAM [ARGS] | -p PID[,PID...]]\n"
		"  counts per key, refreshed in place on a terminal (plain text when piped)\n"
		"  modifiers: :signame :errno :syscall :hex; {common_comm} is the task that\n"
		"  hit the tracepoint, comm/pid the event's own fields where it has them\n");
}

/* One option into the struct top @ctx: 0, or -1 after a message. */
static int top_option(void *ctx, int c, const char *arg)
{
	struct top *t = ctx;
	double interval;
	char err[2048];

	switch (c) {
	case 'B':
		hist_free(t->hist);
		t->hist = hist_parse(arg, 1, err, sizeof(err));
		return t->hist ? 0 : tool_error("top", "--by: %s", err);
	case 'I':
		interval = atof(arg);
		if (interval < 0.05)
			return tool_error("top", "--interval '%s': give seconds, at least 0.05", arg);
		t->interval_ns = (uint64_t)(interval * 1e9);
		return 0;
	case 'n':
		t->rows = (unsigned int)atoi(arg);
		return 0;
	default:
		return live_option(&t->l, c, arg);
	}
}

/* After the options: --by is required; the first table is due an interval from now. */
static int top_ready(struct live *l)
{
	struct top *t = l->priv;

	if (!t->hist)
		return tool_error("top", "give the keys to count by with --by (e.g. "
				  "sig:signame,comm)");
	t->next_table = tool_now_ns() + t->interval_ns;
	return 0;
}

static const struct option top_longopts[] = {
	LIVE_LONGOPTS,
	{ "by", required_argument, NULL, 'B' },
	{ "interval", required_argument, NULL, 'I' },
	{ "rows", required_argument, NULL, 'n' },
	TOOL_LONGOPTS_END,
};

static const struct tool_opts top_opts = {
	"top", "+" LIVE_SHORTOPTS "n:h", top_longopts, top_option, usage,
};

int cmd_top(int argc, char **argv)
{
	struct top t;
	int ret;

	memset(&t, 0, sizeof(t));
	t.l.event = top_event;
	t.l.round = top_round;
	t.l.ready = top_ready;
	t.l.priv = &t;
	t.rows = 20;
	t.interval_ns = 1000000000ull;
	ret = live_main(&t.l, &top_opts, argc, argv);
	live_free(&t.l);
	hist_free(t.hist);
	return ret;
}
