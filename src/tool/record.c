// SPDX-License-Identifier: MIT
/*
 * record.c - `tpoint record`: run a program with its events going into ring buffers in a
 * memfd, drain the buffers into per-CPU files while it runs, and write trace.dat at the end.
 *
 *   tpoint record                          traced program (and its children)
 *   -------------                          ---------------------------------
 *   memfd: ring_init()  --TPOINT_SESSION_FD-->  libtpoint attaches, takes event ids from
 *                        TPOINT_EVENTS          the memfd's registry, enables the events
 *   every 10 ms: ring_read_page() <------------ probes reserve/commit into the per-CPU rings
 *   -> cpuN temp files
 *   program gone (exit, crash, SIGKILL): the memfd is still ours: last pages, formats,
 *   task names -> trace.dat (written to a temporary name, then renamed)
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <traceevent/event-parse.h>

#include "clock.h"
#include "dat/dat.h"
#include "filter.h"
#include "kernel.h"
#include "launch.h"
#include "page.h"
#include "rechead.h"
#include "ring.h"
#include "spill.h"
#include "tool.h"

/*
 * Default ring per CPU: a 32 MiB budget shared by the CPUs, from 2 to 16 MiB each. 16 MiB
 * is 45 ms of one thread writing 10M events/s of 40 bytes: what this 2-vCPU machine needs
 * to ride out the recorder's slowest moments (8 MiB lost some 0.4% in some 10 s runs).
 */
#define DEFAULT_BUDGET	(32ull << 20)
#define DEFAULT_MIN	(2ull << 20)
#define DEFAULT_MAX	(16ull << 20)

static volatile sig_atomic_t got_signal, got_child;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void on_child(int sig)
{
	(void)sig;
	got_child = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	case '\0': break;
	default: return -1;
	}
	if (*end == 'i' || *end == 'B')
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/*
 * Refuse an output that cannot be written, before the program runs: the trace is written
 * to a new file beside @out and renamed over it at the end, so @out must not be a directory
 * or a special file (renaming over /dev/null as root would replace the device), and its
 * directory must exist and take new files. The default output (@replace 0) must not exist
 * at all. 0, or -1 after a message.
 */
static int check_output(const char *out, int replace)
{
	char dir[4096];
	struct stat st;

	if (!*out)
		return tool_error("record", "-o '': give the name of the file to write");
	if (!replace && lstat(out, &st) == 0)
		return tool_error("record", "%s exists here; name the output with -o FILE (or "
				  "move the old one away)", out);
	if (spill_pending(out))
		return tool_error("record", "%s.part/ holds an unfinished recording (its recorder "
				  "was killed?): `tpoint report %s` makes %s of it; or remove it",
				  out, out, out);
	if (stat(out, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return tool_error("record", "-o %s: is a directory; name a file in it, like "
					  "-o %s/trace.dat", out, out);
		if (!S_ISREG(st.st_mode))
			return tool_error("record", "-o %s: not a regular file (the trace is written "
					  "beside it, then renamed over it); name a regular file",
					  out);
	}
	tool_dirname(out, dir, sizeof(dir));
	if (stat(dir, &st) != 0)
		return tool_error("record", "-o %s: directory %s: %s; create it first, or name "
				  "a file in an existing directory", out, dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return tool_error("record", "-o %s: %s is not a directory", out, dir);
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0)
		return tool_error("record", "-o %s: cannot create files in directory %s: %s; "
				  "name a file in a directory you can write", out, dir,
				  strerror(errno));
	return 0;
}

struct recorder {
	struct kern kern;
	struct launch ses;		/* the rings and registry the program shares */
	struct spill spill;		/* OUT.part/: the pages as they are drained, head.dat */
	struct rec_head head;		/* formats, task names, kernel texts for head.dat */
	struct dat_writer_cpu *cpus;	/* per CPU: events (the program's and the kernel's), */
	uint64_t *usize, *ksize;	/* lost; bytes in cpuN and kcpuN */
	uint64_t events, bytes;		/* written */
	uint64_t unwritten_events, unwritten_bytes;	/* drained after a write failed */
	int write_failed;
	int head_dirty;			/* formats or tasks not in head.dat yet */
	uint64_t head_ms;		/* when head.dat was written */
	const char *out;
	int replace;			/* -o named it: replace a file there; else never */
	int tsc;			/* events stamped with the TSC: cal converts them */
	struct clock_cal cal;
	uint64_t next_cal_ms;
};

#define STAGE_PAGES	64	/* pages per write(2) */
/*
 * head.dat is rewritten when the program registered formats or named tasks (formats make
 * events readable: soon), at most this often; with kernel events it holds kallsyms (MBs):
 * 10 times less often.
 */
#define HEAD_EVERY_MS	100
#define HEAD_STATS_MS	10000	/* and this often anyway, for its stats */

/*
 * @n bytes of pages holding @events events to a CPU file at *@size. After a failed write
 * (the file system full) the file is cut back to its whole writes, and nothing more is
 * written: what was drained since is counted as not written.
 */
static void put_pages(struct recorder *r, int fd, uint64_t *size, const unsigned char *buf,
		      size_t n, uint32_t cpu, uint64_t events)
{
	size_t done = 0;
	ssize_t w = 0;

	while (!r->write_failed && done < n && (w = write(fd, buf + done, n - done)) > 0)
		done += (size_t)w;
	if (!r->write_failed && done == n) {
		*size += n;
		r->bytes += n;
		r->events += events;
		r->cpus[cpu].entries += events;
		return;
	}
	if (!r->write_failed) {
		tool_error("record", "cannot write in %s: %s; what was written is kept, the rest "
			   "is counted as not written", r->spill.dir,
			   strerror(w < 0 ? errno : ENOSPC));
		if (ftruncate(fd, (off_t)*size) != 0) {
			/* Left a partial page: the assembly takes whole pages only. */
		}
		r->write_failed = 1;
	}
	r->unwritten_events += events;
	r->unwritten_bytes += n;
}

/* Copy out every ready page of the program's rings, STAGE_PAGES to a write. */
static unsigned int drain(struct recorder *r, int final)
{
	static unsigned char stage[STAGE_PAGES * RING_PAGE_SIZE];
	unsigned int total = 0;
	struct ring_read t;
	uint64_t events;
	uint32_t cpu;
	size_t n;

	for (cpu = 0; cpu < r->ses.ring.nr_cpus; cpu++) {
		n = 0;
		events = 0;
		while (sr_read_page(&r->ses.rd, cpu, stage + n * RING_PAGE_SIZE, final, &t) > 0) {
			events += t.events;
			total++;
			if (++n == STAGE_PAGES) {
				put_pages(r, r->spill.ufd[cpu], &r->usize[cpu], stage,
					  n * RING_PAGE_SIZE, cpu, events);
				n = 0;
				events = 0;
			}
		}
		if (n)
			put_pages(r, r->spill.ufd[cpu], &r->usize[cpu], stage, n * RING_PAGE_SIZE,
				  cpu, events);
	}
	return total;
}

/* The kernel's ready pages, to their CPU files. */
static unsigned int drain_kernel(struct recorder *r)
{
	static unsigned char page[RING_PAGE_SIZE];
	unsigned int total = 0, cpu;

	for (cpu = 0; r->kern.nr && cpu < r->ses.ring.nr_cpus; cpu++) {
		while (kern_read_page(&r->kern, cpu, page)) {
			put_pages(r, r->spill.kfd[cpu], &r->ksize[cpu], page, sizeof(page), cpu,
				  pg_events(page));
			total++;
		}
	}
	return total;
}

/* How long to sleep after a drain: 1 ms while pages come, else 10 ms. */
static long drain_pause_ns(unsigned int pages)
{
	return pages ? 1000000L : 10000000L;
}

/* The losses of the program's rings and of the kernel's, per CPU, into r->cpus. */
static uint64_t take_losses(struct recorder *r)
{
	uint64_t total = 0, lost, overrun;
	uint32_t i;

	for (i = 0; i < r->ses.ring.nr_cpus; i++) {
		sr_lost(&r->ses.rd, i, &lost, &overrun);
		r->cpus[i].overrun = overrun;
		r->cpus[i].dropped = lost + (r->kern.nr ? kern_lost(&r->kern, i) : 0);
		total += r->cpus[i].overrun + r->cpus[i].dropped;
	}
	return total;
}

/* --clock: tsc, mono, or auto (the TSC where it is invariant). 0, or -1 with a message. */
static int choose_clock(const char *want, int *tsc)
{
	char why[256];

	if (!want || !strcmp(want, "auto")) {
		*tsc = clock_tsc_usable(why, sizeof(why));
		return 0;
	}
	if (!strcmp(want, "mono")) {
		*tsc = 0;
		return 0;
	}
	if (strcmp(want, "tsc")) {
		tool_error("record", "--clock '%s': give tsc, mono or auto", want);
		return -1;
	}
	*tsc = clock_tsc_usable(why, sizeof(why));
	if (!*tsc)
		tool_error("record", "--clock tsc: %s; record with --clock mono", why);
	return *tsc ? 0 : -1;
}

/* A reading of the TSC and CLOCK_MONOTONIC for the calibration, every 100 ms at most. */
static void sample_clock(struct recorder *r, int force)
{
	uint64_t t = now_ms();

	if (!r->tsc || (!force && t < r->next_cal_ms))
		return;
	r->next_cal_ms = t + 100;
	clock_cal_sample(&r->cal);
}

/* The file's clock: mono, or the TSC with its conversion to CLOCK_MONOTONIC ns. */
static void set_file_clock(struct recorder *r, struct dat_writer *w, char *note, size_t len,
			   int final)
{
	w->clock = "mono";
	if (!r->tsc)
		return;
	w->clock = "x86-tsc";
	if (clock_cal_finish(&r->cal)) {
		if (final)
			tool_warn("record", "the TSC went backwards during the recording: times in %s are "
			  "TSC ticks, not converted", r->out);
		return;
	}
	w->tsc_mult = r->cal.mult;
	w->tsc_shift = r->cal.shift;
	w->ts_offset = r->cal.offset;
	snprintf(note, len, "x86-tsc calibrated against CLOCK_MONOTONIC over %.3f s, "
		 "%zu readings, within %llu ns", r->cal.secs, r->cal.nr,
		 (unsigned long long)r->cal.err_ns);
	w->clock_note = note;
}

static void status(struct recorder *r, uint64_t *last_events, uint64_t *last_ms, int tty)
{
	uint64_t t = now_ms();

	if (!tty || t - *last_ms < 1000)
		return;
	fprintf(stderr, "\rtpoint record: %llu events/s, %.1f MiB, %llu lost\033[K",
		(unsigned long long)((r->events - *last_events) * 1000 / (t - *last_ms)),
		(double)r->bytes / (1 << 20), (unsigned long long)take_losses(r));
	*last_events = r->events;
	*last_ms = t;
}

/*
 * head.dat: everything but the pages, as far as it is known now, and the CPUs' stats as
 * take_losses() last took them, so that a summary printed from them equals the file's
 * (@final: the last, the program gone). 0, or -1 after a message.
 */
static int write_head(struct recorder *r, int final)
{
	char err[1024], clock_note[256];
	struct dat_writer w;
	int ret;

	memset(&w, 0, sizeof(w));
	set_file_clock(r, &w, clock_note, sizeof(clock_note), final);
	w.nr_cpus = r->ses.ring.nr_cpus;
	w.cpus = r->cpus;
	if (rech_fill(&r->head, &w))
		return tool_error("record", "out of memory");
	ret = spill_head(&r->spill, &w, err, sizeof(err));
	rech_unfill(&w);
	if (ret)
		tool_error("record", "cannot write the recording's head: %s", err);
	r->head_ms = now_ms();
	return ret;
}

/*
 * While it runs: head.dat again when the program registered formats or named tasks (at
 * most every HEAD_EVERY_MS), and every HEAD_STATS_MS for the stats a recovery shows.
 */
static void refresh_head(struct recorder *r)
{
	uint64_t t = now_ms(), every = r->kern.nr ? 10 * HEAD_EVERY_MS : HEAD_EVERY_MS;

	if (rech_collect(&r->head, &r->ses.rd, 0) > 0)
		r->head_dirty = 1;
	if ((r->head_dirty && t >= r->head_ms + every) || t >= r->head_ms + HEAD_STATS_MS) {
		r->head_dirty = 0;
		take_losses(r);
		write_head(r, 0);
	}
}

/*
 * The kernel's events, before the program runs: limited to it and its descendants with
 * @follow (-F), then enabled. 0, or -1 after a message.
 */
static int start_kernel(struct recorder *r, pid_t child, int follow)
{
	char err[1024];

	if (!r->kern.nr)
		return 0;
	if ((follow && kern_follow_pid(&r->kern, (int)child, err, sizeof(err))) ||
	    kern_enable(&r->kern, err, sizeof(err)))
		return tool_error("record", "%s", err);
	return 0;
}

/*
 * Start @cmd with the session in its environment, once the kernel's events are on (only its
 * own with @follow): its pid, or -1 with *@ret set (1 when it could not be forked or the
 * kernel's events not be enabled, 127 when it could not be run, with a message).
 */
static pid_t start_program(struct recorder *r, char **cmd, int follow, int *ret)
{
	pid_t child;

	*ret = 1;
	sample_clock(r, 1);
	child = launch_spawn(&r->ses, cmd);
	if (child < 0) {
		tool_error("record", "cannot fork: %s", strerror(errno));
		return -1;
	}
	if (start_kernel(r, child, follow)) {
		launch_abort(&r->ses);
		return -1;
	}
	if (launch_go(&r->ses)) {
		*ret = 127;
		return -1;
	}
	return child;
}

/*
 * Drain the rings and the kernel's pages while the program runs, until it exits, or a
 * signal stops the recording (the program then has 2 s to exit). *@child becomes -1 once
 * the program is reaped, with its status in *@wstatus.
 */
static void record_loop(struct recorder *r, pid_t *child, int *wstatus, uint32_t flags,
			int status_tty)
{
	uint64_t last_events = 0, last_ms = now_ms();

	for (;;) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		unsigned int pages = 0;
		pid_t p;

		/* Overwrite mode keeps the newest pages: read them at the end only. */
		if (!(flags & RING_OVERWRITE))
			pages = drain(r, 0);
		pages += drain_kernel(r);
		ts.tv_nsec = drain_pause_ns(pages);
		status(r, &last_events, &last_ms, status_tty);
		sample_clock(r, 0);
		refresh_head(r);
		p = waitpid(*child, wstatus, WNOHANG);
		if (p == *child) {
			*child = -1;
			break;
		}
		if (got_signal) {
			uint64_t deadline = now_ms() + 2000;

			/* Ctrl-C reached the program through the terminal; SIGTERM did not. */
			if (got_signal == SIGTERM || !isatty(0))
				kill(*child, got_signal);
			while (now_ms() < deadline) {
				if (waitpid(*child, wstatus, WNOHANG) == *child) {
					*child = -1;
					break;
				}
				if (!(flags & RING_OVERWRITE))
					drain(r, 0);
				drain_kernel(r);
				nanosleep(&ts, NULL);
			}
			break;
		}
		nanosleep(&ts, NULL);
	}
}

/*
 * The trace.dat of the parts, then the parts removed. 0, or -1 when it could not be
 * written (the parts stay, for `tpoint report OUT` to make it later), or when the default
 * output appeared during the run: that file is left alone, the trace kept under another
 * name, and tpoint exits 1 so that a script's next `tpoint report` does not read a file
 * that is not this recording.
 */
static int record_write(struct recorder *r)
{
	char err[1024] = "", kept[4096] = "";
	uint64_t bytes = 0, events, lost;
	int ret = 0;

	rech_collect(&r->head, &r->ses.rd, 1);
	lost = take_losses(r);
	/* A head that cannot be written (the disk full) leaves the last one: still readable. */
	if (write_head(r, 1) == 0) {
		spill_close(&r->spill);
		if (spill_finish(r->out, !r->replace, kept, sizeof(kept), &bytes, &events, err,
				 sizeof(err)))
			ret = tool_error("record", "%s", err);
	} else {
		ret = -1;
	}
	if (ret)
		tool_error("record", "the %llu events recorded are kept in %s/: `tpoint report %s` "
			   "reads them, and makes %s of them once it can be written",
			   (unsigned long long)r->events, r->spill.dir, r->out, r->out);
	else
		fprintf(stderr, "tpoint record: %llu events, %llu lost, %.1f MiB in %s\n",
			(unsigned long long)r->events, (unsigned long long)lost,
			(double)bytes / (1 << 20), kept[0] ? kept : r->out);
	if (r->write_failed)
		ret = tool_error("record", "the recording could not be written whole: %llu events "
				 "(%.1f MiB) drained after the first failed write are not in it",
				 (unsigned long long)r->unwritten_events,
				 (double)r->unwritten_bytes / (1 << 20));
	if (!ret && kept[0])
		ret = tool_error("record", "%s appeared during the recording (made by something "
				 "else) and is left alone; this recording is in %s", r->out, kept);
	return ret;
}

/* tpoint record's exit status once the file is written: the program's, as a shell's. */
static int exit_status(const struct recorder *r, pid_t child, int wstatus)
{
	if (r->write_failed)
		return 1;
	if (child >= 0)
		return 128 + got_signal;	/* stopped; the program still runs */
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: tpoint record [-o FILE] -e EVENT... [-f FILTER] [-F] [--missing-ok]\n"
		"                     [--buffer-size SIZE] [--overwrite] [--clock tsc|mono|auto]\n"
		"                     -- PROGRAM [ARGS]\n"
		"  -o FILE             output, replaced if it exists (default: trace.dat, which\n"
		"                      must not exist; if one appears during the run it is left\n"
		"                      alone, the trace goes to trace.1.dat, and the exit is 1)\n"
		"  -e EVENT            system:event, globs allowed; repeatable. Each must name an\n"
		"                      event of PROGRAM or the libraries it links (tpoint list\n"
		"                      PROGRAM), or of the kernel (trace-cmd list -e)\n"
		"  -f FILTER           record only the events of the -e before it that pass FILTER\n"
		"  -F, --program-only  kernel events of PROGRAM and its descendants only (default:\n"
		"                      the whole system's, as trace-cmd record without -F)\n"
		"  --missing-ok        an -e that names no event yet is a warning, not an error:\n"
		"                      for events of a library PROGRAM dlopen()s, or of a program\n"
		"                      it runs\n"
		"  --buffer-size SIZE  ring buffer per CPU, e.g. 512K, 16M (default: 32M shared by\n"
		"                      the CPUs, 2M to 16M each)\n"
		"  --overwrite         flight recorder: keep the newest events, written at the end\n"
		"  --clock CLOCK       tsc: stamp with the TSC, converted to CLOCK_MONOTONIC ns in\n"
		"                      the file; mono: CLOCK_MONOTONIC; auto (default): tsc where\n"
		"                      the CPU says the TSC is invariant, else mono\n");
}

/* What the command line asks for */
struct record_opts {
	struct tool_rule *rules;
	unsigned int nr_rules;
	const char *out, *clock;
	uint64_t bufsize;
	uint32_t flags, check_flags;
	int follow;
	char **cmd;
};

/* One option of the command line into @o. 0, or -1 after a message (a usage error). */
static int record_option(struct record_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'o': o->out = arg; return 0;
	case 'e':
		o->rules[o->nr_rules].pattern = arg;
		o->rules[o->nr_rules++].filter = NULL;
		return 0;
	case 'f':
		if (!o->nr_rules || o->rules[o->nr_rules - 1].filter)
			return tool_error("record", "-f '%s': give it after the -e it filters", arg);
		o->rules[o->nr_rules - 1].filter = arg;
		return 0;
	case 'F': o->follow = 1; return 0;
	case 'M': o->check_flags |= LAUNCH_MISSING_OK; return 0;
	case 'b':
		if (parse_size(arg, &o->bufsize) || o->bufsize < 2 * RING_PAGE_SIZE ||
		    o->bufsize > (uint64_t)RING_MAX_PAGES * RING_PAGE_SIZE)
			return tool_error("record", "--buffer-size '%s': give a size from 8K to 2G, "
					  "like 4M", arg);
		return 0;
	case 'O': o->flags |= RING_OVERWRITE; return 0;
	case 'c': o->clock = arg; return 0;
	default: return -1;
	}
}

/* The command line into @o: 0, 1 for --help (printed), or -1 after a message. */
static int record_parse(int argc, char **argv, struct record_opts *o)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "event", required_argument, NULL, 'e' },
		{ "filter", required_argument, NULL, 'f' },
		{ "program-only", no_argument, NULL, 'F' },
		{ "missing-ok", no_argument, NULL, 'M' },
		{ "buffer-size", required_argument, NULL, 'b' },
		{ "overwrite", no_argument, NULL, 'O' },
		{ "clock", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int i;
	int c;

	while ((c = getopt_long(argc, argv, "+o:e:f:Fb:h", opts, NULL)) != -1) {
		if (c == 'h')
			return usage(stdout), 1;
		if (record_option(o, c, optarg))
			return -1;
	}
	if (!o->nr_rules)
		return tool_error("record", "give the events to record with -e (tpoint list "
				  "PROGRAM shows them)");
	if (optind >= argc)
		return tool_error("record", "give the program to run after --");
	for (i = 0; i < o->nr_rules; i++)
		if (strchr(o->rules[i].pattern, '\n') || strchr(o->rules[i].pattern, '\t') ||
		    (o->rules[i].filter && strchr(o->rules[i].filter, '\n')))
			return tool_error("record", "-e/-f: no newlines or tabs, please");
	o->cmd = argv + optind;
	return 0;
}

/* Pages per CPU for --buffer-size (or the default budget): a power of two. */
static uint32_t ring_pages(uint32_t nr_cpus, uint64_t bufsize)
{
	uint32_t nr_pages;

	if (!bufsize) {
		bufsize = DEFAULT_BUDGET / nr_cpus;
		bufsize = bufsize < DEFAULT_MIN ? DEFAULT_MIN : bufsize > DEFAULT_MAX ? DEFAULT_MAX : bufsize;
	}
	for (nr_pages = 2; (uint64_t)nr_pages * 2 * RING_PAGE_SIZE <= bufsize; nr_pages *= 2)
		;
	return nr_pages;
}

/*
 * Everything before the program runs: the session (rings for every possible CPU, in a
 * memfd the program inherits), the kernel's instance, OUT.part/ and its first head.
 * 0; -1 after a message; -2 when OUT.part/ was made (the caller removes it).
 */
static int record_setup(struct recorder *r, const struct record_opts *o)
{
	uint32_t nr_cpus = (uint32_t)get_nprocs_conf(), nr_pages = ring_pages(nr_cpus, o->bufsize);
	char err[1024];

	if (launch_init(&r->ses, "record", nr_cpus, nr_pages, o->flags, kern_max_id(&r->kern),
			o->rules, o->nr_rules))
		return tool_error("record", "cannot make the shared buffers (%zu bytes): %s",
				  ring_layout(nr_cpus, nr_pages), strerror(errno));
	r->cpus = calloc(nr_cpus, sizeof(*r->cpus));
	r->usize = calloc(nr_cpus, sizeof(*r->usize));
	r->ksize = calloc(nr_cpus, sizeof(*r->ksize));
	if (!r->cpus || !r->usize || !r->ksize)
		return tool_error("record", "out of memory");
	if (r->kern.nr) {
		kern_cleanup_stale();
		if (kern_open(&r->kern, nr_cpus, r->tsc ? "x86-tsc" : "mono", err, sizeof(err)))
			return tool_error("record", "%s", err);
		rech_kernel(&r->head, &r->kern);
	}
	if (spill_open(&r->spill, r->out, nr_cpus, r->kern.nr > 0, err, sizeof(err)))
		return tool_error("record", "%s", err);
	sample_clock(r, 1);	/* the head's clock conversion needs a first reading */
	return write_head(r, 0) ? -2 : 0;
}

/* Run the program and record until it ends or a signal stops it; the exit status. */
static int record_run(struct recorder *r, const struct record_opts *o)
{
	struct sigaction sa;
	int status_tty, wstatus = 0, ret = 1;
	pid_t child;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);

	child = start_program(r, o->cmd, o->follow, &ret);
	if (child < 0) {
		spill_close(&r->spill);
		spill_remove(r->out);	/* nothing recorded */
		return ret;
	}
	status_tty = isatty(2);
	record_loop(r, &child, &wstatus, o->flags, status_tty);
	drain(r, 1);
	if (r->kern.nr) {
		kern_stop(&r->kern);
		drain_kernel(r);
	}
	if (status_tty)
		fprintf(stderr, "\r\033[K");
	return record_write(r) ? 1 : exit_status(r, child, wstatus);
}

static void record_free(struct recorder *r)
{
	kern_close(&r->kern);
	spill_close(&r->spill);
	rech_free(&r->head);
	free(r->usize);
	free(r->ksize);
	free(r->cpus);
	launch_free(&r->ses);
	clock_cal_free(&r->cal);
}

int cmd_record(int argc, char **argv)
{
	struct record_opts o;
	struct recorder r;
	int ret;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	r.ses.memfd = -1;
	o.rules = calloc((size_t)argc + 1, sizeof(*o.rules));
	if (!o.rules)
		return tool_error("record", "out of memory"), 1;
	ret = record_parse(argc, argv, &o);
	r.replace = o.out != NULL;
	r.out = o.out ? o.out : "trace.dat";
	if (!ret && check_output(r.out, r.replace)) {
		free(o.rules);
		return 1;
	}
	if (!ret && choose_clock(o.clock, &r.tsc))
		ret = -1;
	if (ret) {
		if (ret < 0)
			usage(stderr);
		free(o.rules);
		return ret < 0 ? 2 : 0;
	}
	if (r.tsc)
		o.flags |= RING_CLOCK_TSC;
	ret = launch_check_rules("record", o.cmd[0], o.rules, o.nr_rules, o.check_flags, &r.kern);
	if (!ret) {
		ret = record_setup(&r, &o);
		if (ret == -2) {
			spill_close(&r.spill);
			spill_remove(r.out);	/* nothing recorded yet */
		}
		ret = ret ? 1 : record_run(&r, &o);
	}
	record_free(&r);
	free(o.rules);
	return ret;
}
