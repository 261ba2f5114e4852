// SPDX-License-Identifier: MIT
/*
 * trace.c - live: `tpoint trace` streams events as they happen (like trace_pipe), `tpoint
 * top` counts them per key in a table refreshed in place. Kernel events come from a private
 * tracefs instance; user events from the rings of a PROGRAM started with `-- PROGRAM`, read
 * as far as committed without waiting for their pages to fill. Each round (50 ms) sorts what
 * it read by time before it is printed.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <traceevent/event-parse.h>
#include <traceevent/kbuffer.h>

#include "fields.h"
#include "hist.h"
#include "kernel.h"
#include "launch.h"
#include "ring.h"
#include "tool.h"

struct rec {
	uint64_t ts;
	int cpu;
	unsigned int size;
	unsigned char *data;
};

struct live {
	const char *cmd;		/* "trace" or "top" */
	struct kern kern;
	struct launch ses;		/* with -- PROGRAM: its rings */
	unsigned int nr_cpus;
	struct tep_handle *tep;
	struct kbuffer *kb;
	uint32_t *peek_seq, *peek_off;	/* per CPU: how far the open page was shown */
	struct rec *recs;
	size_t nr_recs, cap_recs;
	/* output */
	struct tmpl *tmpl;
	long max_rate, this_second, suppressed, suppressed_total;
	uint64_t second;
	struct hist *hist;
	int closed;
};

static volatile sig_atomic_t stop_sig;

static void on_stop(int sig)
{
	stop_sig = sig;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------------------------------- */
/* Collecting events */

static void keep(struct live *l, int cpu, uint64_t ts, const void *data, unsigned int size)
{
	struct rec *r;

	if (l->nr_recs == l->cap_recs) {
		size_t cap = l->cap_recs ? l->cap_recs * 2 : 4096;
		struct rec *n = realloc(l->recs, cap * sizeof(*n));

		if (!n)
			return;
		l->recs = n;
		l->cap_recs = cap;
	}
	r = &l->recs[l->nr_recs];
	r->data = malloc(size);
	if (!r->data)
		return;
	memcpy(r->data, data, size);
	r->ts = ts;
	r->cpu = cpu;
	r->size = size;
	l->nr_recs++;
}

/* The events of a page copy, from data offset @from on; returns the end offset. */
static uint32_t take_page(struct live *l, int cpu, void *page, uint32_t from)
{
	unsigned long long ts;
	uint32_t end = from;
	void *ev;

	if (kbuffer_load_subbuffer(l->kb, page))
		return from;
	for (ev = kbuffer_read_event(l->kb, &ts); ev; ev = kbuffer_next_event(l->kb, &ts)) {
		uint32_t off = (uint32_t)((unsigned char *)ev - (unsigned char *)page) - RING_PAGE_HDR;
		int size = kbuffer_event_size(l->kb);

		if (size <= 0 || off + (uint32_t)size > RING_DATA_SIZE)
			break;
		if (off >= from)
			keep(l, cpu, ts, ev, (unsigned int)size);
		end = off + (uint32_t)size;
	}
	return end;
}

static void read_user(struct live *l)
{
	static unsigned char page[RING_PAGE_SIZE];
	struct ring_read t;
	uint32_t cpu, seq;

	for (cpu = 0; l->ses.mem && cpu < l->nr_cpus; cpu++) {
		while (sr_read_page(&l->ses.rd, cpu, page, 0, &t) > 0) {
			take_page(l, (int)cpu, page, t.seq == l->peek_seq[cpu] ? l->peek_off[cpu] : 0);
			l->peek_seq[cpu] = ~0u;
			l->peek_off[cpu] = 0;
		}
		if (ring_peek_page(&l->ses.ring, cpu, page, &seq)) {
			uint32_t from = seq == l->peek_seq[cpu] ? l->peek_off[cpu] : 0;

			l->peek_off[cpu] = take_page(l, (int)cpu, page, from);
			l->peek_seq[cpu] = seq;
		}
	}
}

static void read_kernel(struct live *l)
{
	static unsigned char page[RING_PAGE_SIZE];
	unsigned int cpu;

	for (cpu = 0; l->kern.nr && cpu < l->nr_cpus; cpu++)
		while (kern_read_page(&l->kern, cpu, page))
			take_page(l, (int)cpu, page, 0);
}

/* New event formats the program registered (dlopen), task names, the kernel's cmdlines. */
static void refresh(struct live *l)
{
	if (l->ses.mem) {
		struct sr_format f;
		uint32_t tid;
		char comm[17];

		while (sr_next_format(&l->ses.rd, &f) > 0) {
			tep_parse_event(l->tep, f.text, strlen(f.text), f.system);
			sr_format_free(&f);
		}
		while (sr_next_task(&l->ses.rd, 0, &tid, comm) > 0)
			tep_override_comm(l->tep, comm, (int)tid);
	}
	if (l->kern.nr) {
		char *saved = kern_top_file("saved_cmdlines", NULL), *line, *save = NULL;

		for (line = saved ? strtok_r(saved, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *sp = strchr(line, ' ');

			if (sp && atoi(line) > 0 && strcmp(sp + 1, "<...>"))
				tep_override_comm(l->tep, sp + 1, atoi(line));
		}
		free(saved);
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Output */

/*
 * A task the kernel has not put in saved_cmdlines yet (it does so when the task is switched
 * out): its name from /proc while it lives. Exited ones come from saved_cmdlines later.
 */
static void name_task(struct live *l, int pid)
{
	char path[64], comm[32];
	FILE *fp;

	if (pid <= 0 || strcmp(tep_data_comm_from_pid(l->tep, pid), "<...>"))
		return;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fp = fopen(path, "re");
	if (fp && fgets(comm, sizeof(comm), fp)) {
		comm[strcspn(comm, "\n")] = '\0';
		tep_override_comm(l->tep, comm, pid);
	}
	if (fp)
		fclose(fp);
}

static int rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts ? 1 : x->cpu - y->cpu;
}

static void emit_line(struct live *l, struct trace_seq *q)
{
	uint64_t sec = mono_ns() / 1000000000ull;

	if (l->max_rate > 0) {
		if (sec != l->second) {
			if (l->suppressed)
				fprintf(stderr, "tpoint trace: %ld lines suppressed in the last second "
					"(--max-rate %ld)\n", l->suppressed, l->max_rate);
			l->second = sec;
			l->this_second = 0;
			l->suppressed = 0;
		}
		if (++l->this_second > l->max_rate) {
			l->suppressed++;
			l->suppressed_total++;
			return;
		}
	}
	if (!l->closed && fwrite(q->buffer, 1, q->len, stdout) != q->len)
		l->closed = 1;
	if (!l->closed && fflush(stdout) != 0)
		l->closed = 1;
}

static void flush_round(struct live *l)
{
	struct trace_seq q;
	size_t i;

	qsort(l->recs, l->nr_recs, sizeof(*l->recs), rec_cmp);
	trace_seq_init(&q);
	for (i = 0; i < l->nr_recs; i++) {
		struct tep_record rec;
		struct tep_event *ev;

		memset(&rec, 0, sizeof(rec));
		rec.ts = l->recs[i].ts;
		rec.data = l->recs[i].data;
		rec.size = (int)l->recs[i].size;
		rec.cpu = l->recs[i].cpu;
		ev = rec.size >= 8 ? tep_find_event(l->tep, tep_data_type(l->tep, &rec)) : NULL;
		if (ev)
			name_task(l, tep_data_pid(l->tep, &rec));
		if (ev && l->hist) {
			hist_add(l->hist, l->tep, ev, &rec);
		} else if (ev && !l->closed) {
			trace_seq_reset(&q);
			if (l->tmpl) {
				tmpl_render(l->tmpl, l->tep, ev, &rec, &q);
			} else {
				int pid = tep_data_pid(l->tep, &rec);
				unsigned long long us = (rec.ts + 500) / 1000;

				trace_seq_printf(&q, "%16s-%-5d [%03d] %5llu.%06llu: %s:%s: ",
						 tep_data_comm_from_pid(l->tep, pid), pid, rec.cpu,
						 us / 1000000, us % 1000000, ev->system, ev->name);
				event_info(l->tep, ev, &rec, &q);
			}
			trace_seq_putc(&q, '\n');
			trace_seq_terminate(&q);
			emit_line(l, &q);
		}
		free(l->recs[i].data);
	}
	l->nr_recs = 0;
	trace_seq_destroy(&q);
}

/* ---------------------------------------------------------------------------------------- */

static void usage(const char *cmd, FILE *fp)
{
	if (!strcmp(cmd, "top"))
		fprintf(fp,
			"usage: tpoint top -e EVENT... --by FIELD[:mod][,FIELD...] [-f FILTER]\n"
			"                  [--interval S] [-n ROWS] [--missing-ok] [-- PROGRAM [ARGS]]\n"
			"  counts per key, refreshed in place on a terminal (plain text when piped)\n"
			"  modifiers: :signame :errno :syscall :hex; {common_comm} is the task that\n"
			"  hit the tracepoint, comm/pid the event's own fields where it has them\n");
	else
		fprintf(fp,
			"usage: tpoint trace -e EVENT... [-f FILTER] [--format TEMPLATE] [--max-rate N]\n"
			"                    [--missing-ok] [-- PROGRAM [ARGS]]\n"
			"  a live stream of kernel and user events; with -- PROGRAM only that program\n"
			"  and its children, until it exits\n"
			"  each -e must name an event of the kernel (trace-cmd list -e) or of PROGRAM\n"
			"  (tpoint list PROGRAM); --missing-ok: a warning, for one PROGRAM dlopen()s\n"
			"  TEMPLATE: text with {field}, {field:signame|errno|syscall|hex}, {common_comm},\n"
			"  {common_pid}, {comm}, {pid}, {cpu}, {time}, {event}\n");
}

/*
 * The kernel's events on, then the program started, with the pid filter in place before any
 * event is enabled: the program is forked stopped before exec, set_event_pid names it (and
 * event-fork its children), the events are enabled, then it execs, as trace-cmd does.
 * Without a program (@prog empty), the whole system's events. The program's pid, 0 without
 * one, or -1 after a message (*@ret 127 when it could not run).
 */
static pid_t live_start(struct live *l, char **prog, int *ret)
{
	char err[1024];
	pid_t child;

	if (!prog[0]) {
		if (l->kern.nr && kern_enable(&l->kern, err, sizeof(err)))
			return tool_error(l->cmd, "%s", err);
		return 0;
	}
	child = launch_spawn(&l->ses, prog);
	if (child < 0)
		return tool_error(l->cmd, "cannot fork: %s", strerror(errno));
	if (l->kern.nr && (kern_follow_pid(&l->kern, (int)child, err, sizeof(err)) ||
			   kern_enable(&l->kern, err, sizeof(err)))) {
		launch_abort(&l->ses);
		return tool_error(l->cmd, "%s", err);
	}
	if (launch_go(&l->ses)) {
		*ret = 127;
		return -1;
	}
	return child;
}

static int live_main(const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "event", required_argument, NULL, 'e' },
		{ "filter", required_argument, NULL, 'f' },
		{ "format", required_argument, NULL, 'F' },
		{ "max-rate", required_argument, NULL, 'R' },
		{ "by", required_argument, NULL, 'B' },
		{ "interval", required_argument, NULL, 'I' },
		{ "rows", required_argument, NULL, 'n' },
		{ "missing-ok", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct live l;
	struct tool_rule *rules;
	unsigned int nr_rules = 0, i, rows = 20, check_flags = 0;
	const char *by = NULL;
	double interval = 1.0;
	char err[2048];
	int c, ret = 1, wstatus = 0, is_top = !strcmp(cmd, "top");
	pid_t child = -1;
	uint64_t next_table;
	struct sigaction sa;

	memset(&l, 0, sizeof(l));
	l.cmd = cmd;
	l.ses.memfd = -1;
	rules = calloc((size_t)argc + 1, sizeof(*rules));
	if (!rules)
		return 1;
	while ((c = getopt_long(argc, argv, "+e:f:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			rules[nr_rules].pattern = optarg;
			rules[nr_rules++].filter = NULL;
			break;
		case 'f':
			if (!nr_rules || rules[nr_rules - 1].filter) {
				tool_error(cmd, "-f '%s': give it after the -e it filters", optarg);
				goto usage;
			}
			rules[nr_rules - 1].filter = optarg;
			break;
		case 'F':
			l.tmpl = tmpl_parse(optarg, err, sizeof(err));
			if (!l.tmpl) {
				tool_error(cmd, "%s", err);
				goto usage;
			}
			break;
		case 'R':
			l.max_rate = atol(optarg);
			if (l.max_rate <= 0) {
				tool_error(cmd, "--max-rate '%s': give lines per second, like 100", optarg);
				goto usage;
			}
			break;
		case 'B':
			by = optarg;
			break;
		case 'I':
			interval = atof(optarg);
			if (interval < 0.05) {
				tool_error(cmd, "--interval '%s': give seconds, at least 0.05", optarg);
				goto usage;
			}
			break;
		case 'n':
			rows = (unsigned int)atoi(optarg);
			break;
		case 'M':
			check_flags |= LAUNCH_MISSING_OK;
			break;
		case 'h':
			usage(cmd, stdout);
			free(rules);
			return 0;
		default:
			goto usage;
		}
	}
	if (!nr_rules) {
		tool_error(cmd, "give the events with -e (system:event, globs allowed)");
		goto usage;
	}
	if (is_top) {
		if (!by) {
			tool_error(cmd, "give the keys to count by with --by (e.g. sig:signame,comm)");
			goto usage;
		}
		l.hist = hist_parse(by, 1, err, sizeof(err));
		if (!l.hist) {
			tool_error(cmd, "--by: %s", err);
			goto usage;
		}
	}

	/* Kernel events, and the program's user events when there is a program. */
	l.nr_cpus = (unsigned int)get_nprocs_conf();
	l.tep = tep_alloc();
	l.kb = kbuffer_alloc(KBUFFER_LSIZE_8, KBUFFER_ENDIAN_LITTLE);
	l.peek_seq = calloc(l.nr_cpus, sizeof(*l.peek_seq));
	l.peek_off = calloc(l.nr_cpus, sizeof(*l.peek_off));
	if (!l.tep || !l.kb || !l.peek_seq || !l.peek_off)
		goto out;
	for (i = 0; i < l.nr_cpus; i++)
		l.peek_seq[i] = ~0u;
	ret = launch_check_rules(cmd, optind < argc ? argv[optind] : NULL, rules, nr_rules,
				 check_flags | LAUNCH_KERNEL_BARE, &l.kern);
	if (ret)
		goto out;
	ret = 1;
	for (i = 0; i < l.kern.nr; i++)
		tep_parse_event(l.tep, l.kern.events[i].format, strlen(l.kern.events[i].format),
				l.kern.events[i].system);
	if (l.kern.nr) {
		kern_cleanup_stale();
		if (kern_open(&l.kern, l.nr_cpus, "mono", err, sizeof(err))) {
			tool_error(cmd, "%s", err);
			goto out;
		}
	}
	if (optind < argc &&
	    launch_init(&l.ses, l.cmd, l.nr_cpus, 256, 0, kern_max_id(&l.kern), rules, nr_rules)) {
		tool_error(cmd, "cannot make the shared buffers: %s", strerror(errno));
		goto out;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	child = live_start(&l, argv + optind, &ret);
	if (child < 0)
		goto out;
	setvbuf(stdout, NULL, _IOLBF, 0);
	next_table = mono_ns() + (uint64_t)(interval * 1e9);
	for (;;) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		int done = 0;

		if (child > 0 && waitpid(child, &wstatus, WNOHANG) == child) {
			child = -1;
			done = 1;
			if (l.kern.nr)
				kern_stop(&l.kern);
		}
		read_user(&l);
		read_kernel(&l);
		refresh(&l);
		flush_round(&l);
		if (l.hist && (mono_ns() >= next_table || done || stop_sig)) {
			int tty = isatty(1);

			if (tty)
				fputs("\033[H\033[2J", stdout);
			else
				printf("# %.1f s\n", (double)mono_ns() / 1e9);
			hist_print(l.hist, stdout, rows);
			if (!tty)
				putchar('\n');
			if (fflush(stdout) != 0)
				l.closed = 1;
			next_table = mono_ns() + (uint64_t)(interval * 1e9);
		}
		if (done || stop_sig || l.closed)
			break;
		nanosleep(&ts, NULL);
	}
	if (l.suppressed_total)
		fprintf(stderr, "tpoint %s: %ld lines suppressed in all (--max-rate %ld)\n", cmd,
			l.suppressed_total, l.max_rate);
	if (child > 0) {
		kill(child, stop_sig ? stop_sig : SIGTERM);
		waitpid(child, &wstatus, 0);
		child = -1;
	}
	ret = 0;
	if (optind < argc && WIFEXITED(wstatus) && !stop_sig && !l.closed)
		ret = WEXITSTATUS(wstatus);
	else if (optind < argc && WIFSIGNALED(wstatus) && !stop_sig && !l.closed)
		ret = 128 + WTERMSIG(wstatus);
out:
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	kern_close(&l.kern);
	launch_free(&l.ses);
	if (l.kb)
		kbuffer_free(l.kb);
	if (l.tep)
		tep_free(l.tep);
	free(l.peek_seq);
	free(l.peek_off);
	free(l.recs);
	tmpl_free(l.tmpl);
	hist_free(l.hist);
	free(rules);
	return ret;
usage:
	usage(cmd, stderr);
	free(rules);
	tmpl_free(l.tmpl);
	hist_free(l.hist);
	return 2;
}

int cmd_trace(int argc, char **argv)
{
	return live_main("trace", argc, argv);
}

int cmd_top(int argc, char **argv)
{
	return live_main("top", argc, argv);
}
