// SPDX-License-Identifier: MIT
/*
 * live.c - the live stream: kernel pages from trace_pipe_raw, the program's pages as far
 * as they are committed (the open page peeked, and shown again only past where it was
 * shown), new formats and task names as the program registers them. A round's events are
 * sorted by time before the command sees them.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <traceevent/event-parse.h>
#include <traceevent/kbuffer.h>

#include "live.h"
#include "ring.h"
#include "tool.h"

#define ROUND_NS	(50 * 1000 * 1000)	/* one round: read, sort, show */
#define LIVE_PAGES	256			/* ring pages per CPU for the program */

struct live_rec {
	uint64_t ts;
	int cpu;
	unsigned int size;
	unsigned char *data;
};

/*
 * Set by the handler, read by the loop of the same thread: volatile sig_atomic_t is all the
 * ordering a handler and the code it interrupted need (no other thread reads it).
 */
static volatile sig_atomic_t stop_sig;

static void on_stop(int sig)
{
	stop_sig = sig;
}

/* ---------------------------------------------------------------------------------------- */
/* Collecting events */

static void keep(struct live *l, int cpu, uint64_t ts, const void *data, unsigned int size)
{
	struct live_rec *r;

	if (l->nr_recs == l->cap_recs) {
		size_t cap = l->cap_recs ? l->cap_recs * 2 : 4096;
		struct live_rec *n = realloc(l->recs, cap * sizeof(*n));

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
		if (sr_peek_page(&l->ses.rd, cpu, page, &seq)) {
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
		uint32_t tid, tgid;
		char comm[17];

		while (sr_next_format(&l->ses.rd, &f) > 0) {
			tep_parse_event(l->tep, f.text, strlen(f.text), f.system);
			sr_format_free(&f);
		}
		while (sr_next_task(&l->ses.rd, 0, &tid, comm, &tgid) > 0)
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
	const struct live_rec *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts ? 1 : x->cpu - y->cpu;
}

/* The round's events in time order, each to the command. */
static void flush_round(struct live *l)
{
	size_t i;

	qsort(l->recs, l->nr_recs, sizeof(*l->recs), rec_cmp);
	for (i = 0; i < l->nr_recs; i++) {
		struct tep_record rec = { .ts = l->recs[i].ts, .data = l->recs[i].data,
					  .size = (int)l->recs[i].size, .cpu = l->recs[i].cpu };
		struct tep_event *ev;

		ev = rec.size >= 8 ? tep_find_event(l->tep, tep_data_type(l->tep, &rec)) : NULL;
		if (ev) {
			name_task(l, tep_data_pid(l->tep, &rec));
			if (!l->closed)
				l->event(l, ev, &rec);
		}
		free(l->recs[i].data);
	}
	l->nr_recs = 0;
}


/* The kernel's events' formats and instance. 0, or -1 after a message. */
static int live_kernel(struct live *l)
{
	char err[1024];
	unsigned int i;

	for (i = 0; i < l->kern.nr; i++)
		tep_parse_event(l->tep, l->kern.events[i].format, strlen(l->kern.events[i].format),
				l->kern.events[i].system);
	if (!l->kern.nr)
		return 0;
	kern_cleanup_stale();
	if (kern_open(&l->kern, l->nr_cpus, "mono", err, sizeof(err)))
		return tool_error(l->cmd, "%s", err);
	return 0;
}

/*
 * The rules checked (@prog: the program's name, or NULL for the whole system's kernel
 * events), the kernel's instance and the program's session made. 0, or the exit status
 * after a message.
 */
static int live_setup(struct live *l, const char *prog)
{
	unsigned int i;
	int ret;

	l->nr_cpus = (unsigned int)get_nprocs_conf();
	l->tep = tep_alloc();
	l->kb = kbuffer_alloc(KBUFFER_LSIZE_8, KBUFFER_ENDIAN_LITTLE);
	l->peek_seq = calloc(l->nr_cpus, sizeof(*l->peek_seq));
	l->peek_off = calloc(l->nr_cpus, sizeof(*l->peek_off));
	if (!l->tep || !l->kb || !l->peek_seq || !l->peek_off)
		return tool_error(l->cmd, "out of memory"), TOOL_EXIT_FAIL;
	for (i = 0; i < l->nr_cpus; i++)
		l->peek_seq[i] = ~0u;
	if (l->pa.n) {
		if (prog)
			return tool_error(l->cmd, "-p attaches to programs that run; give no program "
					  "to start with it"), TOOL_EXIT_USAGE;
		if (pidattach_find(&l->pa))
			return TOOL_EXIT_FAIL;
		prog = l->pa.exe;
	}
	ret = rules_check(&l->rules, l->cmd, prog, &l->kern);
	if (ret)
		return ret;
	if (live_kernel(l))
		return TOOL_EXIT_FAIL;
	if (prog && launch_init(&l->ses, l->cmd, l->nr_cpus, LIVE_PAGES, 0, kern_max_id(&l->kern),
				&l->rules))
		return tool_error(l->cmd, "cannot make the shared buffers: %s", strerror(errno)),
		       TOOL_EXIT_FAIL;
	return 0;
}

/*
 * The kernel's events on, then the program started (its pid filter in place first). Without
 * a program, the whole system's events. The program's pid, 0 without one, or -1 after a
 * message with *@ret the exit status.
 */
static pid_t live_start(struct live *l, char **argv, int *ret)
{
	char err[1024];

	*ret = TOOL_EXIT_FAIL;
	if (l->pa.n)
		return pidattach_start(&l->pa, &l->ses, &l->kern) ? -1 : 0;
	if (argv[0])
		return launch_start(&l->ses, &l->kern, argv, 1, ret);
	if (l->kern.nr && kern_enable(&l->kern, err, sizeof(err)))
		return tool_error(l->cmd, "%s", err);
	return 0;
}

/*
 * Has the program ended? A launched one is reaped (*@child -1, its status in *@wstatus);
 * attached ones are serviced (those connecting taken in) until none is left.
 */
static int live_ended(struct live *l, pid_t *child, int *wstatus)
{
	return l->pa.n ? !pidattach_service(&l->pa) : launch_reaped(child, wstatus);
}

/* Rounds until the program is reaped (*@child -1, its status in *@wstatus) or a signal. */
static void live_loop(struct live *l, pid_t *child, int *wstatus)
{
	for (;;) {
		struct timespec ts = { 0, ROUND_NS };
		int done = live_ended(l, child, wstatus);

		if (stop_sig && l->pa.n)
			pidattach_stop(&l->pa);	/* its last events are read below */
		if (done && l->kern.nr)
			kern_stop(&l->kern);
		read_user(l);
		read_kernel(l);
		refresh(l);
		flush_round(l);
		if (l->round)
			l->round(l, done || stop_sig);
		if (done || stop_sig || l->closed)
			break;
		nanosleep(&ts, NULL);
	}
}

/* Stream until the program exits or a signal comes: the exit status. */
static int live_run(struct live *l, char **argv)
{
	int ret, wstatus = 0;
	struct sigaction sa;
	pid_t child;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	child = live_start(l, argv, &ret);
	if (child < 0)
		return ret;
	setvbuf(stdout, NULL, _IOLBF, 0);
	live_loop(l, &child, &wstatus);
	if (child > 0) {
		kill(child, stop_sig ? stop_sig : SIGTERM);
		waitpid(child, &wstatus, 0);
	}
	if (argv[0] && !stop_sig && !l->closed)
		return launch_status(wstatus);
	return l->pa.n && pidattach_failed(&l->pa) ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}

int live_option(struct live *l, int c, const char *arg)
{
	if (c == 'p')
		return pidattach_parse(&l->pa, l->cmd, arg);
	return rules_option(&l->rules, l->cmd, c, arg);
}

int live_main(struct live *l, const struct tool_opts *o, int argc, char **argv)
{
	int ret;

	l->cmd = o->cmd;
	l->ses.memfd = -1;
	if (rules_init(&l->rules, o->cmd, argc, RULES_KERNEL_BARE))
		return TOOL_EXIT_FAIL;
	ret = tool_getopt(o, argc, argv, l->priv);
	if (ret)
		return ret > 0 ? TOOL_EXIT_OK : TOOL_EXIT_USAGE;
	if (!l->rules.nr)
		ret = tool_error(o->cmd, "give the events with -e (system:event, globs allowed)");
	else if (l->ready)
		ret = l->ready(l);
	if (ret) {
		o->usage(stderr);
		return TOOL_EXIT_USAGE;
	}
	ret = live_setup(l, argv[optind]);
	return ret ? ret : live_run(l, argv + optind);
}

void live_free(struct live *l)
{
	pidattach_free(&l->pa);
	kern_close(&l->kern);
	launch_free(&l->ses);
	if (l->kb)
		kbuffer_free(l->kb);
	if (l->tep)
		tep_free(l->tep);
	free(l->peek_seq);
	free(l->peek_off);
	free(l->recs);
	rules_free(&l->rules);
}
