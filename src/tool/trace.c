// SPDX-License-Identifier: MIT
/*
 * trace.c - `tpoint trace`: kernel and user events as they happen, one line each (like
 * trace_pipe), or through a --format template; --max-rate keeps a flood readable.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>

#include "fields.h"
#include "live.h"
#include "output.h"
#include "tool.h"

struct trace {
	struct live l;
	struct tmpl *tmpl;		/* --format, or NULL: ftrace lines */
	struct trace_seq q;
	long max_rate;			/* --max-rate: lines a second, 0: all */
	long this_second, suppressed, suppressed_total;
	uint64_t second;
};

/* A line out, unless --max-rate's budget for this second is spent. */
static void emit_line(struct trace *t)
{
	uint64_t sec = tool_now_ns() / 1000000000ull;

	if (t->max_rate > 0) {
		if (sec != t->second) {
			if (t->suppressed)
				tool_warn("trace", "%ld lines suppressed in the last second "
					  "(--max-rate %ld)", t->suppressed, t->max_rate);
			t->second = sec;
			t->this_second = 0;
			t->suppressed = 0;
		}
		if (++t->this_second > t->max_rate) {
			t->suppressed++;
			t->suppressed_total++;
			return;
		}
	}
	if (fwrite(t->q.buffer, 1, t->q.len, stdout) != t->q.len || fflush(stdout) != 0)
		t->l.closed = 1;
}

static void trace_event(struct live *l, struct tep_event *ev, struct tep_record *rec)
{
	struct trace *t = l->priv;

	trace_seq_reset(&t->q);
	if (t->tmpl) {
		tmpl_render(t->tmpl, l->tep, ev, rec, &t->q);
		trace_seq_putc(&t->q, '\n');
	} else {
		out_text(&t->q, l->tep, ev, rec);
	}
	trace_seq_terminate(&t->q);
	emit_line(t);
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: tpoint trace -e EVENT... [-f FILTER] [--format TEMPLATE] [--max-rate N]\n"
		"                    [--missing-ok] [-- PROGRAM [ARGS] | -p PID[,PID...]]\n"
		"  a live stream of kernel and user events; with -- PROGRAM only that program\n"
		"  and its children, until it exits; with -p, programs already running (linked\n"
		"  with libtpoint), attached to until Ctrl-C, which detaches\n"
		"  each -e must name an event of the kernel (tpoint list -k) or of PROGRAM\n"
		"  (tpoint list PROGRAM); --missing-ok: a warning, for one PROGRAM dlopen()s\n"
		"  TEMPLATE: text with {field}, {field:signame|errno|syscall|hex}, {common_comm},\n"
		"  {common_pid}, {comm}, {pid}, {cpu}, {time}, {event}\n");
}

/* One option into the struct trace @ctx: 0, or -1 after a message. */
static int trace_option(void *ctx, int c, const char *arg)
{
	struct trace *t = ctx;
	char err[2048];

	switch (c) {
	case 'F':
		tmpl_free(t->tmpl);
		t->tmpl = tmpl_parse(arg, err, sizeof(err));
		return t->tmpl ? 0 : tool_error("trace", "%s", err);
	case 'R':
		t->max_rate = atol(arg);
		if (t->max_rate <= 0)
			return tool_error("trace", "--max-rate '%s': give lines per second, like 100",
					  arg);
		return 0;
	default:
		return live_option(&t->l, c, arg);
	}
}

static const struct option trace_longopts[] = {
	LIVE_LONGOPTS,
	{ "format", required_argument, NULL, 'F' },
	{ "max-rate", required_argument, NULL, 'R' },
	TOOL_LONGOPTS_END,
};

static const struct tool_opts trace_opts = {
	"trace", "+" LIVE_SHORTOPTS "h", trace_longopts, trace_option, usage,
};

int cmd_trace(int argc, char **argv)
{
	struct trace t;
	int ret;

	memset(&t, 0, sizeof(t));
	t.l.event = trace_event;
	t.l.priv = &t;
	trace_seq_init(&t.q);
	ret = live_main(&t.l, &trace_opts, argc, argv);
	if (t.suppressed_total)
		tool_warn("trace", "%ld lines suppressed in all (--max-rate %ld)",
			  t.suppressed_total, t.max_rate);
	live_free(&t.l);
	tmpl_free(t.tmpl);
	trace_seq_destroy(&t.q);
	return ret;
}
