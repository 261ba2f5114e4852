// SPDX-License-Identifier: MIT
/*
 * recorder.c - a recording: the program's events go into ring buffers in a memfd, drained
 * into OUT.part/ while it runs, and made into trace.dat at the end.
 *
 *   tpoint record                          traced program (and its children)
 *   -------------                          ---------------------------------
 *   memfd: ring_init()  --TPOINT_SESSION_FD-->  libtpoint attaches, takes event ids from
 *                        TPOINT_EVENTS          the memfd's registry, enables the events
 *   every 10 ms: sr_read_page() <-------------- probes reserve/commit into the per-CPU rings
 *   -> OUT.part/cpuN, kernel pages -> OUT.part/kcpuN, formats and tasks -> OUT.part/head.dat
 *   program gone (exit, crash, SIGKILL): the memfd is still ours: last pages, formats,
 *   task names -> trace.dat (made of the parts, then renamed into place)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dat/dat.h"
#include "page.h"
#include "recorder.h"
#include "ring.h"
#include "tool.h"

/*
 * Default ring per CPU: a 32 MiB budget shared by the CPUs, from 2 to 16 MiB each. 16 MiB
 * is 45 ms of one thread writing 10M events/s of 40 bytes: what this 2-vCPU machine needs
 * to ride out the recorder's slowest moments (8 MiB lost some 0.4% in some 10 s runs).
 */
#define DEFAULT_BUDGET	(32ull << 20)
#define DEFAULT_MIN	(2ull << 20)
#define DEFAULT_MAX	(16ull << 20)

/*
 * Set by the handlers, read by the loop of the same thread: volatile sig_atomic_t is all the
 * ordering a handler and the code it interrupted need (no other thread reads them).
 */
static volatile sig_atomic_t got_signal, got_child, got_usr1;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* SIGUSR1: a snapshot. Signals that come before it is taken, or while, make one more. */
static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static void on_child(int sig)
{
	(void)sig;
	got_child = 1;
}

static uint64_t now_ms(void)
{
	return tool_now_ns() / 1000000;
}

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
			snap_scan_page(&r->snap, page);
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

/* A reading of the TSC and CLOCK_MONOTONIC for the calibration, every 100 ms at most. */
static void sample_clock(struct recorder *r, int force)
{
	uint64_t t = now_ms();

	if (!r->o->tsc || (!force && t < r->next_cal_ms))
		return;
	r->next_cal_ms = t + 100;
	clock_cal_sample(&r->cal);
}

/*
 * The processes whose functions may be read for %ps/%pS: the program started, or those
 * attached to, and their descendants; never one a task record merely names (usyms.h).
 */
static void set_symbol_roots(struct recorder *r, pid_t child)
{
	unsigned int i;

	if (child > 0)
		usyms_root(&r->head.usyms, (int)child);
	for (i = 0; i < r->pa.n; i++)
		usyms_root(&r->head.usyms, r->pa.t[i].pid);
}

/* The file's clock: mono, or the TSC with its conversion to CLOCK_MONOTONIC ns. */
static void set_file_clock(struct recorder *r, struct dat_writer *w, char *note, size_t len,
			   int final)
{
	w->clock = "mono";
	if (!r->o->tsc)
		return;
	w->clock = "x86-tsc";
	if (clock_cal_finish(&r->cal)) {
		if (final)
			tool_warn("record", "the TSC went backwards during the recording: times in %s are "
			  "TSC ticks, not converted", r->o->out);
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
	/*
	 * Over the last second: the events drained and written (a page once it is full). The
	 * flight recorder drains nothing of the program's until the end or a snapshot: it
	 * says so, not 0 events/s.
	 */
	if ((r->o->flags & RING_OVERWRITE) && !r->kern.nr)
		fprintf(stderr, "\rtpoint record: flight recorder, the newest events kept in the "
			"ring (SIGUSR1: a snapshot)\033[K");
	else if (r->o->flags & RING_OVERWRITE)
		fprintf(stderr, "\rtpoint record: flight recorder, the newest events kept in the "
			"ring (SIGUSR1: a snapshot); kernel events: %.1f MiB written\033[K",
			(double)r->bytes / (1 << 20));
	else
		fprintf(stderr, "\rtpoint record: %llu events/s, %.1f MiB written, %llu lost\033[K",
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
/* A head as far as it is known: @w filled (rech_unfill() it), 0, or -1 after a message. */
static int fill_head(struct recorder *r, struct dat_writer *w, char *note, size_t len, int final)
{
	memset(w, 0, sizeof(*w));
	set_file_clock(r, w, note, len, final);
	w->nr_cpus = r->ses.ring.nr_cpus;
	w->cpus = r->cpus;
	w->user_ids = r->ses.rd.id_base;	/* the program's ids, as sesread hands them out */
	return rech_fill(&r->head, w) ? tool_error("record", "out of memory") : 0;
}

static int write_head(struct recorder *r, int final)
{
	char err[1024], clock_note[256];
	struct dat_writer w;
	int ret;

	if (fill_head(r, &w, clock_note, sizeof(clock_note), final))
		return -1;
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
 * Is the program still there? A launched one is reaped when it is not (*@child -1, its
 * status in *@wstatus); attached ones are serviced (those connecting taken in).
 */
static int target_alive(struct recorder *r, pid_t *child, int *wstatus)
{
	return r->pa.n ? pidattach_service(&r->pa) : !launch_reaped(child, wstatus);
}

/* A signal stopped the recording: attached programs let go; a launched one has 2 s to exit. */
static void record_stop(struct recorder *r, pid_t *child, int *wstatus, uint32_t flags)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	uint64_t deadline = now_ms() + 2000;

	if (r->pa.n) {
		pidattach_stop(&r->pa);
		return;
	}
	/* Ctrl-C reached the program through the terminal; SIGTERM did not. */
	if (got_signal == SIGTERM || !isatty(0))
		kill(*child, got_signal);
	while (now_ms() < deadline) {
		if (launch_reaped(child, wstatus))
			break;
		if (!(flags & RING_OVERWRITE))
			drain(r, 0);
		drain_kernel(r);
		nanosleep(&ts, NULL);
	}
}

/*
 * A snapshot, FILE.N (snapshot.c), when SIGUSR1 came or a --snapshot-on event fired (with
 * --overwrite the ring's new pages are scanned for them first): the newest events up to
 * now, and the recording goes on. One at a time: what asks while one is written makes one
 * more, after it.
 */
static void maybe_snapshot(struct recorder *r)
{
	struct snap_src src = {
		.rd = &r->ses.rd, .overwrite = !!(r->o->flags & RING_OVERWRITE),
		.head = &r->head, .kernel = r->kern.nr > 0, .head_dirty = &r->head_dirty,
		.spill = &r->spill, .usize = r->usize, .ksize = r->ksize,
	};
	char clock_note[256];
	struct dat_writer w;
	int usr1 = got_usr1;

	if (src.overwrite)
		snap_scan_ring(&r->snap, &src);
	if (!usr1 && !snap_pending(&r->snap))
		return;
	got_usr1 = 0;
	if (!src.overwrite)
		drain(r, 0);
	drain_kernel(r);
	if (rech_collect(&r->head, &r->ses.rd, 0) > 0)
		r->head_dirty = 1;
	take_losses(r);
	if (fill_head(r, &w, clock_note, sizeof(clock_note), 0))
		return;
	snap_write(&r->snap, &src, &w, usr1 ? "SIGUSR1" : NULL);
	rech_unfill(&w);
}

/*
 * Drain the rings and the kernel's pages while the program runs, until it exits, or a
 * signal stops the recording.
 */
static void record_loop(struct recorder *r, pid_t *child, int *wstatus, uint32_t flags,
			int status_tty)
{
	uint64_t last_events = 0, last_ms = now_ms();

	for (;;) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		unsigned int pages = 0;

		/* Overwrite mode keeps the newest pages: read them at the end only. */
		if (!(flags & RING_OVERWRITE))
			pages = drain(r, 0);
		pages += drain_kernel(r);
		ts.tv_nsec = drain_pause_ns(pages);
		status(r, &last_events, &last_ms, status_tty);
		sample_clock(r, 0);
		refresh_head(r);
		maybe_snapshot(r);
		if (!target_alive(r, child, wstatus))
			break;
		if (got_signal) {
			record_stop(r, child, wstatus, flags);
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
		if (spill_finish(r->o->out, !r->o->replace, kept, sizeof(kept), &bytes, &events, err,
				 sizeof(err)))
			ret = tool_error("record", "%s", err);
	} else {
		ret = -1;
	}
	if (ret)
		tool_error("record", "the %llu events recorded are kept in %s/: `tpoint report %s` "
			   "reads them, and makes %s of them once it can be written",
			   (unsigned long long)r->events, r->spill.dir, r->o->out, r->o->out);
	else
		fprintf(stderr, "tpoint record: %llu events, %llu lost, %.1f MiB in %s\n",
			(unsigned long long)r->events, (unsigned long long)lost,
			(double)bytes / (1 << 20), kept[0] ? kept : r->o->out);
	if (r->write_failed)
		ret = tool_error("record", "the recording could not be written whole: %llu events "
				 "(%.1f MiB) drained after the first failed write are not in it",
				 (unsigned long long)r->unwritten_events,
				 (double)r->unwritten_bytes / (1 << 20));
	if (!ret && kept[0])
		ret = tool_error("record", "%s appeared during the recording (made by something "
				 "else) and is left alone; this recording is in %s", r->o->out, kept);
	return ret;
}

/* tpoint record's exit status once the file is written: the program's, as a shell's. */
static int exit_status(const struct recorder *r, pid_t child, int wstatus)
{
	if (r->write_failed)
		return TOOL_EXIT_FAIL;
	if (r->pa.n)	/* attached: the programs are not ours; an attach that failed is */
		return pidattach_failed(&r->pa) ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
	if (child >= 0)
		return 128 + got_signal;	/* stopped; the program still runs */
	return launch_status(wstatus);
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

/* The session, the kernel's instance, OUT.part/ and its first head: 0, or -1 after a message. */
static int setup_parts(struct recorder *r)
{
	const struct recorder_opts *o = r->o;
	uint32_t nr_cpus = (uint32_t)get_nprocs_conf(), nr_pages = ring_pages(nr_cpus, o->bufsize);
	char err[1024];

	if (launch_init(&r->ses, "record", nr_cpus, nr_pages, o->flags, kern_max_id(&r->kern),
			&o->rules))
		return tool_error("record", "cannot make the shared buffers (%zu bytes): %s",
				  ring_layout(nr_cpus, nr_pages), strerror(errno));
	r->cpus = calloc(nr_cpus, sizeof(*r->cpus));
	r->usize = calloc(nr_cpus, sizeof(*r->usize));
	r->ksize = calloc(nr_cpus, sizeof(*r->ksize));
	if (!r->cpus || !r->usize || !r->ksize)
		return tool_error("record", "out of memory");
	if (snap_init(&r->snap, o->out, &o->snap_on, nr_cpus, nr_pages))
		return tool_error("record", "out of memory");
	if (r->kern.nr) {
		kern_cleanup_stale();
		if (kern_open(&r->kern, nr_cpus, o->tsc ? "x86-tsc" : "mono", err, sizeof(err)))
			return tool_error("record", "%s", err);
		rech_kernel(&r->head, &r->kern);
		snap_kernel(&r->snap, &r->kern);
	}
	if (spill_open(&r->spill, o->out, nr_cpus, r->kern.nr > 0, err, sizeof(err)))
		return tool_error("record", "%s", err);
	sample_clock(r, 1);	/* the head's clock conversion needs a first reading */
	if (write_head(r, 0)) {
		spill_close(&r->spill);
		spill_remove(o->out);	/* nothing recorded yet */
		return -1;
	}
	return 0;
}

int recorder_setup(struct recorder *r, const struct recorder_opts *o)
{
	const char *prog = o->cmd[0];	/* whose events -e and --snapshot-on may name */
	int ret;

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->ses.memfd = -1;
	if (o->pids && pidattach_parse(&r->pa, "record", o->pids))
		return TOOL_EXIT_USAGE;
	if (o->pids && pidattach_find(&r->pa))
		return TOOL_EXIT_FAIL;
	if (o->pids)
		prog = r->pa.exe;
	ret = snap_check(&o->snap_on, prog);
	if (!ret)
		ret = rules_check(&o->rules, "record", prog, &r->kern);
	if (!ret && setup_parts(r))
		ret = TOOL_EXIT_FAIL;
	return ret;
}

/*
 * The program exited 126 or 127 with nothing recorded: the shell's and ld.so's "could not
 * run" (a missing library, not executable), before it started. No file is made of nothing:
 * it would only block the retry (the default output must not exist).
 */
static int did_not_start(struct recorder *r, pid_t child, int wstatus)
{
	int st = launch_status(wstatus);

	if (r->pa.n || child != -1 || (st != 126 && st != 127) || r->events || r->write_failed)
		return 0;
	spill_close(&r->spill);
	spill_remove(r->o->out);
	tool_error("record", "%s exited %d before it recorded anything (it could not run: a "
		   "missing library?); no file written", r->o->cmd[0], st);
	return 1;
}

int recorder_run(struct recorder *r)
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
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);

	sample_clock(r, 1);
	if (r->pa.n)
		child = pidattach_start(&r->pa, &r->ses, &r->kern) ? -1 : 0;
	else
		child = launch_start(&r->ses, &r->kern, r->o->cmd, r->o->follow, &ret);
	set_symbol_roots(r, child);
	if (child < 0) {
		spill_close(&r->spill);
		spill_remove(r->o->out);	/* nothing recorded */
		return ret;
	}
	status_tty = isatty(2);
	record_loop(r, &child, &wstatus, r->o->flags, status_tty);
	drain(r, 1);
	if (r->kern.nr) {
		kern_stop(&r->kern);
		drain_kernel(r);
	}
	if (status_tty)
		fprintf(stderr, "\r\033[K");
	if (did_not_start(r, child, wstatus))
		return launch_status(wstatus);
	return record_write(r) ? TOOL_EXIT_FAIL : exit_status(r, child, wstatus);
}

void recorder_free(struct recorder *r)
{
	pidattach_free(&r->pa);
	kern_close(&r->kern);
	spill_close(&r->spill);
	rech_free(&r->head);
	free(r->usize);
	free(r->ksize);
	free(r->cpus);
	launch_free(&r->ses);
	clock_cal_free(&r->cal);
	snap_fini(&r->snap);
}

