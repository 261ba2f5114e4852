// SPDX-License-Identifier: MIT
/*
 * report.c - `tpoint report`: a trace.dat file as ftrace-style lines, JSON Lines, or a
 * histogram. The command: its options, which events show (rules.c), and the pass over the
 * file's streams (stream.c) in time order; formats and printing are libtraceevent's
 * (guarded: tepguard.c), lines are output.c's. An unfinished recording (OUT.part/) is made
 * into its file first (walk.c, spill.c).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <traceevent/event-parse.h>

#include "dat/dat.h"
#include "filter.h"
#include "hist.h"
#include "output.h"
#include "rules.h"
#include "stream.h"
#include "tepguard.h"
#include "tool.h"
#include "walk.h"

/* What shows of one event type: decided once, before any output. */
struct evfilter {
	int id;
	int show;			/* 0: not selected; 1: shown (its filter may still reject) */
	struct tp_filter *filter;
};

struct report {
	const char *path;
	struct dat_file f;
	struct tep_handle *tep;
	struct streams ss;
	struct rules rules;
	struct evfilter *evf;		/* sorted by id */
	unsigned int nr_evf;
	int cpu, pid, json;
	struct hist *hist;
};

/* print_all()'s results; in the guarded child, its exit codes. */
#define PRINT_OK	0
#define PRINT_CLOSED	3		/* stdout closed (| head): what was asked was printed */
#define PRINT_CORRUPT	4		/* a page is corrupted: said on stderr */

static int corrupt(const struct report *r)
{
	return tool_error("report", "%s: corrupted: %s", r->path, r->ss.err);
}

/* ---------------------------------------------------------------------------------------- */
/* Which events show */

/* The first rule that names @ev decides: shown, with its filter compiled for @ev. */
static void select_event(struct report *r, struct tep_event *ev, struct evfilter *e,
			 struct rules_tally *t)
{
	char err[1024];
	unsigned int k;

	e->id = ev->id;
	e->show = !r->rules.nr_patterns;
	for (k = 0; k < r->rules.nr; k++) {
		const struct tool_rule *rule = &r->rules.v[k];

		if (rule->pattern && !rules_match_side(rule->pattern, ev->system, ev->name,
						       (uint32_t)ev->id >= r->f.user_ids))
			continue;
		e->show = 1;
		if (rule->filter) {
			e->filter = rules_compile(ev, rule->filter, err, sizeof(err));
			e->show = e->filter != NULL;
		}
		rules_count(&t[k], ev->system, ev->name, e->show ? NULL : err);
		return;
	}
}

/* A pattern that names nothing is a warning; a filter that compiles for none, an error. */
static int setup_filters(struct report *r)
{
	struct tep_event **events = tep_list_events(r->tep, TEP_EVENT_SORT_ID);
	struct rules_tally *t;
	unsigned int i, k, n = 0;
	int ret = 0;

	while (events && events[n])
		n++;
	r->evf = calloc(n ? n : 1, sizeof(*r->evf));
	t = calloc(r->rules.nr + 1, sizeof(*t));
	if (!events || !r->evf || !t) {
		free(t);
		return tool_error("report", "out of memory");
	}
	r->nr_evf = n;
	for (i = 0; i < n; i++)
		select_event(r, events[i], &r->evf[i], t);
	for (k = 0; k < r->rules.nr && !ret; k++) {
		const struct tool_rule *rule = &r->rules.v[k];

		if (rule->pattern && !t[k].matched)
			tool_warn("report", "%s: no event matches '%s'", r->path, rule->pattern);
		if (rule->filter && t[k].matched && !t[k].compiled)
			ret = tool_error("report", "%s", t[k].first);
	}
	free(t);
	return ret;	/* events: libtraceevent's own array */
}

static const struct evfilter *evfilter_of(const struct report *r, int id)
{
	unsigned int lo = 0, hi = r->nr_evf;

	while (lo < hi) {	/* sorted by id */
		unsigned int mid = (lo + hi) / 2;

		if (r->evf[mid].id == id)
			return &r->evf[mid];
		if (r->evf[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* The header: events and losses per CPU, and the clock */

/* The header's clock line: what the times are, and how exact, for TSC-stamped files. */
static void print_clock(const struct dat_file *f)
{
	const char *note = f->creator ? strchr(f->creator, '(') : NULL;
	int len = note ? (int)strcspn(note + 1, ")") : 0;

	printf("# clock: %s", f->clock ? f->clock : "local");
	if (f->tsc_mult)
		printf(", converted to ns (TSC2NSEC mult %u shift %u, offset %lld ns)%s%.*s",
		       f->tsc_mult, f->tsc_shift, (long long)f->ts_offset, note ? ": " : "", len,
		       note ? note + 1 : "");
	printf("\n");
}

/* Events and losses per CPU (@max of each): the first pass, which checks every page. */
static int count_events(struct report *r, uint64_t *events, uint64_t *lost)
{
	unsigned int i;
	int ret;

	for (i = 0; i < r->ss.nr; i++) {
		struct stream *s = &r->ss.s[i];

		lost[s->dc->cpu] += s->dc->lost;
		for (ret = stream_rewind(&r->ss, s); ret > 0; ret = stream_next(&r->ss, s))
			events[s->dc->cpu]++;
		if (ret < 0)
			return corrupt(r);
	}
	return 0;
}

static int header(struct report *r)
{
	uint64_t *events, *lost, total = 0, total_lost = 0;
	uint32_t max = 0, i;
	int ret;

	for (i = 0; i < r->ss.nr; i++)
		if (r->ss.s[i].dc->cpu + 1 > max)
			max = r->ss.s[i].dc->cpu + 1;
	events = calloc(max + 1, sizeof(*events));
	lost = calloc(max + 1, sizeof(*lost));
	ret = events && lost ? count_events(r, events, lost) : tool_error("report", "out of memory");
	for (i = 0; i < max && !ret; i++) {
		total += events[i];
		total_lost += lost[i];
	}
	if (!ret && !r->json) {
		printf("# %s: %" PRIu64 " events, %" PRIu64 " lost", r->path, total, total_lost);
		for (i = 0; i < max; i++)
			printf("; cpu%u: %" PRIu64 " events, %" PRIu64 " lost", i, events[i], lost[i]);
		printf("\n");
		print_clock(&r->f);
	}
	free(events);
	free(lost);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* The events */

/* @s's current event into @q, if it is one that shows (else @q stays empty). */
static void print_event(struct report *r, struct trace_seq *q, const struct stream *s)
{
	struct tep_record rec;
	const struct evfilter *e;
	struct tep_event *ev;
	int pid, type;

	stream_record(&r->ss, s, &rec);
	if (s->size < 8)
		return;		/* no common header: nothing libtraceevent could read */
	type = tep_data_type(r->tep, &rec);
	pid = tep_data_pid(r->tep, &rec);
	ev = tep_find_event(r->tep, type);
	e = evfilter_of(r, type);
	if ((r->cpu >= 0 && rec.cpu != r->cpu) || (r->pid >= 0 && pid != r->pid))
		return;
	if (!ev) {
		if (!r->rules.nr && !r->json) {
			out_head(q, "<...>", pid, rec.cpu, rec.ts);
			trace_seq_printf(q, "[UNKNOWN TYPE %d]\n", type);
		}
		return;
	}
	if (!e || !e->show || (e->filter && !tp_filter_match(e->filter, rec.data, (size_t)rec.size)))
		return;
	if (rec.missed_events && !r->json && !r->hist)
		trace_seq_printf(q, rec.missed_events > 0 ? "CPU:%d [%lld EVENTS DROPPED]\n" :
				 "CPU:%d [EVENTS DROPPED]\n", rec.cpu, rec.missed_events);
	if (r->hist)
		hist_add(r->hist, r->tep, ev, &rec);
	else if (r->json)
		out_json(q, r->tep, ev, &rec, dat_tgid(&r->f, pid));
	else
		out_text(q, r->tep, ev, &rec);
}

/* Every event that shows, in time order: PRINT_OK, PRINT_CLOSED or PRINT_CORRUPT. */
static int print_all(struct report *r)
{
	struct trace_seq q;
	struct stream *s;
	int ret = PRINT_OK;

	if (streams_rewind(&r->ss))
		return corrupt(r), PRINT_CORRUPT;
	trace_seq_init(&q);
	while ((s = streams_min(&r->ss)) != NULL) {
		trace_seq_reset(&q);
		print_event(r, &q, s);
		trace_seq_terminate(&q);
		if (q.len && fwrite(q.buffer, 1, q.len, stdout) != q.len) {
			ret = PRINT_CLOSED;
			break;
		}
		if (stream_next(&r->ss, s) < 0) {
			corrupt(r);
			ret = PRINT_CORRUPT;
			break;
		}
	}
	trace_seq_destroy(&q);
	return ret;
}

static int print_child(void *r)
{
	return print_all(r);
}

/*
 * Text goes through tep_print_event(), which crashes on some malformed (but parseable)
 * formats. Everything of ours has already run over every event (the header's pass checks
 * each page and event, the filters are compiled), so the printing runs in a child, and a
 * crash there is reported. JSON and histograms do not use libtraceevent's printer.
 */
static int print_guarded(struct report *r)
{
	int ret, sig;

	if (r->json || r->hist)
		return print_all(r);
	ret = tg_run(print_child, r, &sig);
	if (ret < 0 && !sig)
		return print_all(r);	/* no child: as trace-cmd does */
	if (sig)
		tool_error("report", "%s: corrupted: libtraceevent crashed printing an event of it "
			   "(signal %d)", r->path, sig);
	return ret == PRINT_OK || ret == PRINT_CLOSED ? ret : PRINT_CORRUPT;
}

/* ---------------------------------------------------------------------------------------- */

/* Formats, streams, the events that show, the header. 0, or -1 after a message. */
static int report_load(struct report *r)
{
	char err[512];
	int bad = 0;

	r->tep = tg_load(&r->f, &bad, err, sizeof(err));
	if (!r->tep)
		return tool_error("report", "%s: %s", r->path, err);
	if (bad)
		tool_warn("report", "%s: %d event formats do not parse; their events print as "
			  "unknown", r->path, bad);
	if (streams_open(&r->ss, &r->f))
		return tool_error("report", "%s", r->ss.err);
	return setup_filters(r) || header(r) ? -1 : 0;
}

static void report_free(struct report *r)
{
	unsigned int i;

	streams_close(&r->ss);
	if (r->tep)
		tep_free(r->tep);
	for (i = 0; i < r->nr_evf; i++)
		tp_filter_free(r->evf[i].filter);
	free(r->evf);
	rules_free(&r->rules);
	hist_free(r->hist);
	dat_close(&r->f);
}

int report_file(const char *path, const void *mem, size_t len, FILE *devnull)
{
	struct report r;
	int ret;

	/* The fuzz target's entry: parse, check, print everything somewhere. */
	memset(&r, 0, sizeof(r));
	r.cpu = r.pid = -1;
	r.path = path;
	ret = mem ? dat_open_mem(&r.f, mem, len) : dat_open(&r.f, path);
	if (ret) {
		tool_error("report", "%s: %s", path, r.f.err);
		dat_close(&r.f);
		return 1;
	}
	if (devnull) {
		FILE *saved = stdout;

		stdout = devnull;
		ret = report_load(&r);
		if (!ret) {
			ret = print_guarded(&r) == PRINT_CORRUPT;
			r.json = 1;	/* and JSON, which is all ours */
			ret |= print_all(&r) == PRINT_CORRUPT;
		}
		stdout = saved;
	} else {
		ret = report_load(&r) || print_guarded(&r) == PRINT_CORRUPT;
	}
	report_free(&r);
	return ret ? 1 : 0;
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: tpoint report [FILE] [-e EVENT]... [-f FILTER] [--cpu N] [--pid N] [--json]\n"
		"                     [--hist keys=FIELD[:mod],...[:vals=FIELD,...][:sort=FIELD]]\n"
		"  FILE           a trace.dat file (default: trace.dat)\n"
		"  -e EVENT       only these events: system:event, globs allowed; repeatable\n"
		"  -f FILTER      keep the events of the -e before it (or all) that pass FILTER,\n"
		"                 in the kernel's grammar: 'sig == 9 && comm ~ \"ba*\"'\n"
		"  --cpu N        only events recorded on CPU N\n"
		"  --pid N        only events of thread N (common_pid)\n"
		"  --json         JSON Lines: one object per event, every field typed\n"
		"  --hist SPEC    counts per key instead of events, like ftrace's hist triggers:\n"
		"                 keys=sig:signame,common_comm:vals=bytes:sort=bytes\n");
}

/* One option into the struct report @ctx: 0, or -1 after a message. */
static int report_option(void *ctx, int c, const char *arg)
{
	struct report *r = ctx;
	char err[512];

	switch (c) {
	case 'C':
		if (tool_parse_int(arg, &r->cpu) || r->cpu < 0)
			return tool_error("report", "--cpu '%s': not a CPU number", arg);
		return 0;
	case 'P':
		if (tool_parse_int(arg, &r->pid) || r->pid < 0)
			return tool_error("report", "--pid '%s': not a process id", arg);
		return 0;
	case 'J':
		r->json = 1;
		return 0;
	case 'H':
		hist_free(r->hist);
		r->hist = hist_parse(arg, 0, err, sizeof(err));
		return r->hist ? 0 : tool_error("report", "%s", err);
	default:
		return rules_option(&r->rules, "report", c, arg);
	}
}

static const struct option report_longopts[] = {
	{ "event", required_argument, NULL, 'e' },
	{ "filter", required_argument, NULL, 'f' },
	{ "cpu", required_argument, NULL, 'C' },
	{ "pid", required_argument, NULL, 'P' },
	{ "json", no_argument, NULL, 'J' },
	{ "hist", required_argument, NULL, 'H' },
	TOOL_LONGOPTS_END,
};

static const struct tool_opts report_opts = {
	"report", RULES_SHORTOPTS "h", report_longopts, report_option, usage,
};

/* The command line into @r: 0, or -1 to stop with the exit status *@status (--help, a message). */
static int report_parse(struct report *r, int argc, char **argv, int *status)
{
	int ret;

	*status = TOOL_EXIT_FAIL;
	if (rules_init(&r->rules, "report", argc, RULES_FILTER_ALONE))
		return -1;
	ret = tool_getopt(&report_opts, argc, argv, r);
	*status = ret > 0 ? TOOL_EXIT_OK : TOOL_EXIT_USAGE;
	if (ret)
		return -1;
	if (argc - optind > 1) {
		tool_error("report", "one file at a time: '%s' and '%s'", argv[optind],
			   argv[optind + 1]);
		usage(stderr);
		return -1;
	}
	r->path = optind < argc ? argv[optind] : "trace.dat";
	return 0;
}

int cmd_report(int argc, char **argv)
{
	struct report r;
	int ret;

	memset(&r, 0, sizeof(r));
	r.cpu = r.pid = -1;
	if (report_parse(&r, argc, argv, &ret)) {
		report_free(&r);
		return ret;
	}
	ret = TOOL_EXIT_FAIL;
	if (walk_dat_open(&r.f, "report", r.path)) {
		tool_error("report", "%s: %s", r.path, r.f.err);
	} else if (!report_load(&r)) {
		ret = print_guarded(&r) == PRINT_CORRUPT ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
		if (r.hist)
			hist_print(r.hist, stdout, 0);
		if (fflush(stdout) != 0 && errno != EPIPE)
			ret = TOOL_EXIT_FAIL;
	}
	report_free(&r);
	return ret;
}
