// SPDX-License-Identifier: MIT
/*
 * test-dat.c - the trace.dat module (src/tool/dat/): what is written is what is read.
 *
 * A trace made here (dat-fixture.c: event formats, per-CPU pages built with page.h's
 * encoders, the clock, kallsyms, printk and cmdlines text, per-CPU stats and lost events)
 * is written with dat_write() and read back with dat_open(): every part must be what was
 * written. libtracecmd must read the same events from the same file. Version 7 files made of
 * the same parts (none, zlib, zstd; options compressed or not) must read the same, and so
 * must the version 6 and 7 files trace-cmd itself wrote of one recording. Where the file is
 * put (replacing, or not, what is at its name) and how a failed write is cleaned up, too.
 * test-dat-bad.c feeds the reader broken files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <trace-cmd.h>

#include "dat-fixture.h"
#include "../tap.h"

static char dir[64];

/* dat_open() of @path succeeds; or what it said, as a diagnostic. */
static int opens(struct dat_file *f, const char *path)
{
	if (dat_open(f, path) == 0)
		return 1;
	diag("%s: %s", path, f->err);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Reading it back */

static int text_is(const struct dat_text *t, const char *want)
{
	return t->data && t->size == strlen(want) && !memcmp(t->data, want, t->size) &&
	       !t->data[t->size];
}

/* The writer groups formats by system, in the order the systems first appear. */
static void check_formats(const struct dat_file *f, const struct trace *tr, const char *tag)
{
	static const int order[NR_FORMATS] = { 0, 2, 1 };
	unsigned int i, same = 0;

	is_int(f->nr_formats, NR_FORMATS, "%s: every format", tag);
	for (i = 0; i < f->nr_formats && i < NR_FORMATS; i++) {
		const struct dat_format *w = &tr->formats[order[i]];

		same += !strcmp(f->formats[i].system, w->system) &&
			text_is(&f->formats[i].text, w->text.data);
	}
	is_int(same, NR_FORMATS, "%s: each format's system and text, grouped by system", tag);
}

static void check_texts(const struct dat_file *f, const struct trace *tr, const char *tag)
{
	ok(text_is(&f->header_page, pg_header_page_text()), "%s: header_page", tag);
	ok(text_is(&f->header_event, pg_header_event_text()), "%s: header_event", tag);
	ok(text_is(&f->kallsyms, tr->kallsyms), "%s: kallsyms", tag);
	ok(text_is(&f->printk, tr->printk), "%s: printk formats", tag);
	ok(text_is(&f->cmdlines, tr->cmdlines), "%s: cmdlines", tag);
	if (f->version != 6)
		return;		/* the v7 files here are trace-cmd's shape: no TGIDS option */
	ok(dat_tgid(f, 100) == 91 && dat_tgid(f, 200) == 90 && dat_tgid(f, 300) == 300 &&
	   dat_tgid(f, 400) == -1 && dat_tgid(f, 99999999) == -1 && dat_tgid(f, 0) == -1 &&
	   dat_tgid(f, 7) == -1 && f->nr_tgids == 3,
	   "%s: tgids: each thread's process, the last line of a thread winning, bad lines "
	   "passed over (%u pairs)", tag, f->nr_tgids);
}

static void check_cpus(const struct dat_file *f, const struct trace *tr, const char *tag)
{
	unsigned int i, same = 0, lost = 0;
	const struct dat_buffer *b = f->buffers;

	is_int(f->nr_cpus, NR_CPUS, "%s: the CPU count", tag);
	ok(f->nr_buffers == 1 && !strcmp(b->name, "") && b->nr_cpus == NR_CPUS,
	   "%s: one buffer, the top instance, of every CPU", tag);
	for (i = 0; f->nr_buffers == 1 && i < b->nr_cpus && i < NR_CPUS; i++) {
		const struct dat_cpu *c = &b->cpus[i];

		same += c->cpu == i && c->size == tr->size[i] &&
			(!c->size || !memcmp(c->data, tr->pages[i], c->size));
		lost += c->lost == tr->stats[i].overrun + tr->stats[i].dropped;
	}
	is_int(same, NR_CPUS, "%s: each CPU's pages, byte for byte", tag);
	is_int(lost, NR_CPUS, "%s: each CPU's lost count (overrun + dropped)", tag);
	ok(f->cpustats && strstr(f->cpustats, "CPU: 2\nentries: 30\noverrun: 4\n"),
	   "%s: the CPU stats text", tag);
}

static void check_clock(const struct dat_file *f, const struct trace *tr, const char *tag)
{
	char creator[256];
	unsigned int i, same = 0;

	is_str(f->clock, tr->clock, "%s: the clock", tag);
	ok(f->tsc_mult == tr->tsc_mult && f->tsc_shift == tr->tsc_shift &&
	   f->ts_offset == tr->ts_offset, "%s: TSC2NSEC and OFFSET (%u, %u, %lld)", tag,
	   f->tsc_mult, f->tsc_shift, (long long)f->ts_offset);
	for (i = 0; i < tr->nr_ev; i++)
		same += dat_ts(f, tr->ev[i].ts) == want_ts(tr, tr->ev[i].ts);
	is_int(same, tr->nr_ev, "%s: dat_ts() converts every event's time", tag);
	if (tr->clock_note)
		snprintf(creator, sizeof(creator), "tpoint %s (%s)", TPOINT_VERSION,
			 tr->clock_note);
	else
		snprintf(creator, sizeof(creator), "tpoint %s", TPOINT_VERSION);
	is_str(f->creator, creator, "%s: the VERSION option: who wrote it", tag);
}

/* Every part of @f against the trace it was written from. */
static void check_file(const struct dat_file *f, const struct trace *tr, int version,
		       const char *tag)
{
	is_int(f->version, version, "%s: version", tag);
	ok(f->page_size == PG_SIZE && f->long_size == 8, "%s: page size %u, long size %d", tag,
	   f->page_size, f->long_size);
	check_texts(f, tr, tag);
	check_formats(f, tr, tag);
	check_cpus(f, tr, tag);
	check_clock(f, tr, tag);
}

/* ---------------------------------------------------------------------------------------- */
/* libtracecmd reads the same file */

struct seen {
	const struct trace *tr;
	struct event ev[512];
	uint64_t ts[512];
	unsigned int n, marks;
	long long missed;
};

static int on_record(struct tracecmd_input *h, struct tep_record *rec, int cpu, void *data)
{
	struct tep_handle *tep = tracecmd_get_tep(h);
	struct tep_event *ev = tep_find_event_by_record(tep, rec);
	struct tep_format_field *value = ev ? tep_find_field(ev, "value") : NULL;
	struct seen *s = data;
	unsigned long long v = 0;

	if (rec->missed_events) {
		s->marks++;
		s->missed = rec->missed_events;
	}
	if (s->n == 512)
		return 0;
	s->ev[s->n].cpu = cpu;
	s->ts[s->n] = rec->ts;
	s->ev[s->n].p.type = (uint16_t)tep_data_type(tep, rec);
	s->ev[s->n].p.pid = tep_data_pid(tep, rec);
	if (value)
		tep_read_number_field(value, rec->data, &v);
	s->ev[s->n].p.value = (int32_t)v;
	s->n++;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts;
}

/* The events libtracecmd saw, against the trace's in time order. */
static unsigned int same_events(const struct seen *s)
{
	const struct trace *tr = s->tr;
	struct event *want = malloc(tr->nr_ev * sizeof(*want));
	unsigned int i, same = 0;

	memcpy(want, tr->ev, tr->nr_ev * sizeof(*want));
	qsort(want, tr->nr_ev, sizeof(*want), by_time);
	for (i = 0; i < s->n && i < tr->nr_ev; i++) {
		const struct event *w = &want[i], *g = &s->ev[i];

		same += g->cpu == w->cpu && s->ts[i] == want_ts(tr, w->ts) &&
			g->p.type == w->p.type && g->p.pid == w->p.pid &&
			g->p.value == w->p.value;
	}
	free(want);
	return same;
}

static void check_tracecmd(const char *path, const struct trace *tr, const char *tag)
{
	struct tracecmd_input *h = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	struct seen *s = calloc(1, sizeof(*s));
	struct tep_handle *tep;

	s->tr = tr;
	if (!ok(h, "%s: libtracecmd opens it", tag))
		return;
	tep = tracecmd_get_tep(h);
	ok(tep_find_event_by_name(tep, "tpt", "ev_a") && tep_find_event_by_name(tep, "tpt", "ev_b")
	   && tep_find_event_by_name(tep, "other", "ev_c"), "%s: libtracecmd: every format", tag);
	is_str(tep_data_comm_from_pid(tep, 300), "proc-cpu2", "%s: libtracecmd: cmdlines", tag);
	ok(tep_find_function(tep, 0xffffffff81000104ull) &&
	   !strcmp(tep_find_function(tep, 0xffffffff81000104ull), "tpt_func"),
	   "%s: libtracecmd: kallsyms", tag);
	tracecmd_iterate_events(h, NULL, 0, on_record, s);
	is_int(s->n, tr->nr_ev, "%s: libtracecmd: every event", tag);
	is_int(same_events(s), tr->nr_ev,
	       "%s: libtracecmd: each event's CPU, time (ns), id, pid and value", tag);
	ok(s->marks == 1 && s->missed == 9, "%s: libtracecmd: 9 events lost, once (%u, %lld)",
	   tag, s->marks, s->missed);
	tracecmd_close(h);
	free(s);
}

/* ---------------------------------------------------------------------------------------- */
/* The round trip */

static void test_round_trip(int tsc)
{
	const char *tag = tsc ? "x86-tsc" : "mono";
	struct dat_file f;
	struct written w;
	char path[128];
	struct trace tr;
	struct stat st;

	make_trace(&tr, tsc);
	snprintf(path, sizeof(path), "%s/%s.dat", dir, tag);
	is_int(write_trace(&tr, path, 0, &w), 0, "%s: dat_write() writes it%s%s", tag,
	       w.err[0] ? ": " : "", w.err);
	ok(stat(path, &st) == 0 && st.st_size % PG_SIZE == 0, "%s: a file of whole pages", tag);
	if (!ok(opens(&f, path), "%s: dat_open() reads it back", tag))
		return;
	check_file(&f, &tr, 6, tag);
	dat_close(&f);
	check_tracecmd(path, &tr, tag);
	free_trace(&tr);
}

/* ---------------------------------------------------------------------------------------- */
/* Where the file goes */

static int count_files(void)
{
	char cmd[128];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A %s | grep -vc '^cpu[0-9]$'", dir);
	p = popen(cmd, "r");
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void test_publish(void)
{
	char path[128], other[160];
	struct written w;
	struct trace a, b;
	struct dat_file f;
	struct stat st;
	mode_t old;

	make_trace(&a, 0);
	make_trace(&b, 1);
	snprintf(path, sizeof(path), "%s/pub.dat", dir);
	snprintf(other, sizeof(other), "%s/pub.1.dat", dir);
	old = umask(027);
	write_trace(&a, path, 1, &w);
	umask(old);
	if (stat(path, &st) != 0)
		st.st_mode = 0;
	is_int(st.st_mode & 0777, 0640, "publish: the file is 0666 less the umask (027)");
	is_str(w.kept, "", "publish: noreplace, nothing there: at its name");
	write_trace(&b, path, 1, &w);
	is_str(w.kept, other, "publish: noreplace, a file there: kept under the next free name");
	ok(opens(&f, path) && !strcmp(f.clock, "mono"), "publish: the first is left alone");
	dat_close(&f);
	write_trace(&b, path, 0, &w);
	ok(opens(&f, path) && !strcmp(f.clock, "x86-tsc"), "publish: replace: it is replaced");
	dat_close(&f);
	free_trace(&a);
	free_trace(&b);
}

/* A directory that is not there: refused, and nothing is left anywhere. */
static void test_no_dir(void)
{
	struct dat_writer w = { .cmdlines = "", .clock = "mono" };
	int before = count_files(), ret;
	char path[128], err[512] = "";

	snprintf(path, sizeof(path), "%s/no/such/dir.dat", dir);
	w.path = path;
	ret = dat_write(&w, err, sizeof(err));
	ok(ret == -1 && errno == ENOENT && strstr(err, "cannot create"),
	   "no directory: refused: %s", err);
	is_int(count_files(), before, "no directory: no file is left behind");
}

/* A CPU whose pages cannot be read: the write fails and leaves no temporary file. */
static void test_write_fails(void)
{
	struct dat_writer_cpu cpu = { .fd = -1, .size = PG_SIZE };
	struct dat_writer w = { .cmdlines = "", .clock = "mono", .nr_cpus = 1, .cpus = &cpu };
	char path[128], err[512] = "";
	int before = count_files(), ret;

	snprintf(path, sizeof(path), "%s/fail.dat", dir);
	w.path = path;
	ret = dat_write(&w, err, sizeof(err));
	ok(ret == -1 && strstr(err, "cannot write"),
	   "write fails: a CPU's pages unreadable: refused: %s", err);
	ok(access(path, F_OK) != 0 && count_files() == before,
	   "write fails: nothing at the name, no temporary file left");
}

/* Where the CPUs' table is, and what an empty CPU's entry holds. */
static void test_layout(void)
{
	struct dat_file f;
	unsigned char *d;
	struct layout l;
	struct trace tr;
	char path[128];
	size_t n;

	d = write_v6(&tr, 0, dir, "layout.dat", &n, &l);
	snprintf(path, sizeof(path), "%s/layout.dat", dir);
	if (ok(opens(&f, path), "v6 layout: read"))
		is_int(f.cpu_table_off, l.cpu_table, "v6 layout: where the CPUs' table is");
	dat_close(&f);
	ok(!memcmp(d + l.cpu_table + 16, (uint64_t[2]){ 0, 0 }, 16),
	   "v6 layout: an empty CPU's entry is offset 0, size 0, as trace-cmd writes it");
	free(d);
	free_trace(&tr);
}

/* ---------------------------------------------------------------------------------------- */
/* Version 7 */

static const struct v7_cfg v7_cfgs[] = {
	{ .algo = V7_NONE }, { .algo = V7_NONE, .page_size_field = 1 },
	{ .algo = V7_ZLIB, .page_size_field = 1 }, { .algo = V7_ZLIB, .compress_options = 1 },
	{ .algo = V7_ZSTD }, { .algo = V7_ZSTD, .compress_options = 1, .page_size_field = 1 },
};

static void v7_tag(const struct v7_cfg *c, char *tag, size_t len)
{
	static const char *const names[] = { "none", "zlib", "zstd" };

	snprintf(tag, len, "v7 %s%s%s", names[c->algo], c->compress_options ? ", options too" : "",
		 c->page_size_field ? ", page size in BUFFER" : "");
}

/*
 * A version 7 file of the same parts: the same trace. (libtracecmd is not asked: these
 * files have what tpoint's reader needs, not all trace-cmd's writer puts in; the files
 * trace-cmd wrote are read in test_corpus().)
 */
static void check_v7(const unsigned char *v6, const struct layout *l, const struct trace *tr,
		     const struct v7_cfg *cfg)
{
	char tag[64], path[128];
	struct v7_at at;
	struct dat_file f;
	unsigned char *d;
	size_t n;
	int fd;

	v7_tag(cfg, tag, sizeof(tag));
	d = build_v7(v6, l, cfg, &n, &at);
	snprintf(path, sizeof(path), "%s/v7.dat", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, d, n) != (ssize_t)n)
		exit(2);
	close(fd);
	if (ok(opens(&f, path), "%s: dat_open() reads it", tag))
		check_file(&f, tr, 7, tag);
	dat_close(&f);
	free(d);
}

/*
 * The options that move timestamps, DATE (us) and OFFSET (ns), add up; without TRACECLOCK
 * the clock is the top buffer's.
 */
static void check_v7_options(const unsigned char *v6, const struct layout *l)
{
	static const unsigned char extra[] = {
		1, 0, 5, 0, 0, 0, '1', '0', '0', '0', 0,	/* DATE "1000" */
		7, 0, 3, 0, 0, 0, '-', '5', 0,			/* OFFSET "-5" */
		14, 0, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,	/* TSC2NSEC of 8 bytes: ignored */
	};
	struct v7_cfg cfg = { .algo = V7_ZLIB, .compress_options = 1, .no_traceclock = 1,
			      .extra = extra, .extra_n = sizeof(extra) };
	struct dat_file f;
	char err[512] = "";
	struct v7_at at;
	unsigned char *d;
	size_t n;

	d = build_v7(v6, l, &cfg, &n, &at);
	if (ok(try_mem(d, n, err, sizeof(err)) == 0 && dat_open_mem(&f, d, n) == 0,
	       "v7 options: read: %s", err)) {
		is_int(f.ts_offset, 999995, "v7 options: DATE 1000 us and OFFSET -5 ns add up");
		is_int(dat_ts(&f, 1000), 1000995, "v7 options: dat_ts() adds them");
		is_int(f.tsc_mult, 0, "v7 options: a TSC2NSEC option too short is left alone");
		is_str(f.clock, "boot", "v7 options: no TRACECLOCK: the BUFFER's clock");
	}
	dat_close(&f);
	free(d);
}

static void test_v7(void)
{
	unsigned char *d;
	struct layout l;
	struct trace tr;
	unsigned int i;
	size_t n;

	d = write_v6(&tr, 0, dir, "v6.dat", &n, &l);
	for (i = 0; i < sizeof(v7_cfgs) / sizeof(v7_cfgs[0]); i++)
		check_v7(d, &l, &tr, &v7_cfgs[i]);
	check_v7_options(d, &l);
	free(d);
	free_trace(&tr);
}

/* ---------------------------------------------------------------------------------------- */
/* Files trace-cmd wrote: one recording as version 6, and converted to version 7 */

/* A CPU's events, decoded from its pages: time, size and payload one after another. */
static void cpu_events(const struct dat_cpu *c, struct buf *out)
{
	struct pg_entry e;
	struct pg_info pi;
	uint64_t p, ts;
	uint32_t off;

	for (p = 0; p + PG_SIZE <= c->size; p += PG_SIZE) {
		pg_info(c->data + p, &pi);
		for (ts = pi.base, off = 0; pg_decode(c->data + p + PG_HDR, pi.size, off, &e) > 0;
		     off += e.len) {
			ts = e.type == RB_TYPE_TIME_STAMP ? e.delta : ts + e.delta;
			if (e.type > RB_MAX_TYPE_LEN)
				continue;
			buf_put(out, &ts, 8);
			buf_put(out, &e.size, 4);
			buf_put(out, e.data, e.size);
		}
	}
}

static const struct dat_cpu *cpu0(const struct dat_file *f)
{
	unsigned int i;

	for (i = 0; f->nr_buffers && i < f->buffers[0].nr_cpus; i++)
		if (f->buffers[0].cpus[i].cpu == 0)
			return &f->buffers[0].cpus[i];
	return NULL;
}

static int same_text(const struct dat_text *a, const struct dat_text *b)
{
	return a->size == b->size && !memcmp(a->data, b->data, a->size);
}

static int same_formats(const struct dat_file *a, const struct dat_file *b)
{
	unsigned int i;

	if (a->nr_formats != b->nr_formats)
		return 0;
	for (i = 0; i < a->nr_formats; i++)
		if (strcmp(a->formats[i].system, b->formats[i].system) ||
		    !same_text(&a->formats[i].text, &b->formats[i].text))
			return 0;
	return 1;
}

static void check_same_trace(const struct dat_file *a, const struct dat_file *b, const char *tag)
{
	struct buf ea = { 0 }, eb = { 0 };

	ok(same_formats(a, b) && same_text(&a->header_page, &b->header_page) &&
	   same_text(&a->header_event, &b->header_event), "%s: the same formats", tag);
	ok(same_text(&a->kallsyms, &b->kallsyms) && same_text(&a->printk, &b->printk) &&
	   same_text(&a->cmdlines, &b->cmdlines), "%s: the same kallsyms, printk, cmdlines", tag);
	is_str(b->clock, a->clock, "%s: the same clock", tag);
	if (cpu0(a))
		cpu_events(cpu0(a), &ea);
	if (cpu0(b))
		cpu_events(cpu0(b), &eb);
	ok(ea.n && ea.n == eb.n && !memcmp(ea.d, eb.d, ea.n),
	   "%s: CPU 0's events, time and payload (%zu bytes of them)", tag, eb.n);
	free(ea.d);
	free(eb.d);
}

static void test_corpus(void)
{
	static const char *const names[] = { "sample-v7.dat", "sample-v7-zstd.dat" };
	char corpus[256], path[320];
	struct dat_file v6, v7;
	unsigned int i;
	const char *s = getenv("TPOINT_SOURCE_DIR");

	snprintf(corpus, sizeof(corpus), "%s/tests/fuzz/corpus", s ? s : ".");
	snprintf(path, sizeof(path), "%s/sample-v6.dat", corpus);
	if (dat_open(&v6, path)) {
		ok(1, "trace-cmd's files # SKIP %s: %s (run from the source tree)", path, v6.err);
		return;
	}
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", corpus, names[i]);
		if (ok(opens(&v7, path), "%s: dat_open() reads it", names[i]))
			check_same_trace(&v6, &v7, names[i]);
		dat_close(&v7);
	}
	dat_close(&v6);
}

int main(void)
{
	strcpy(dir, "/tmp/test-dat.XXXXXX");
	if (!mkdtemp(dir))
		return perror("mkdtemp"), 2;
	tracecmd_set_loglevel(TEP_LOG_NONE);
	test_round_trip(0);
	test_round_trip(1);
	test_layout();
	test_publish();
	test_no_dir();
	test_write_fails();
	test_v7();
	test_corpus();
	remove_dir(dir, tap_failed);
	return tap_done();
}
