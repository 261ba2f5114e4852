// SPDX-License-Identifier: MIT
/*
 * report.c - `tpoint report`: a trace.dat file as ftrace-style lines or JSON Lines.
 *
 * Formats and printing are libtraceevent's, pages are read with its kbuffer, as trace-cmd
 * does, so both print the same. Every page and every event is checked against the page it
 * is in before libtraceevent sees it: a corrupted file is an error, not a crash.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <traceevent/event-parse.h>
#include <traceevent/kbuffer.h>

#include "dat/dat.h"
#include "fields.h"
#include "filter.h"
#include "hist.h"
#include "spill.h"
#include "tool.h"

struct stream {
	const struct dat_cpu *dc;
	struct kbuffer *kb;
	unsigned char *page;		/* a private, zero-padded copy of the current page */
	uint64_t pos;			/* of the next page in dc->data */
	uint32_t page_size, data_size;
	void *ev;
	unsigned long long ts;
	int size, last_off;
	long long missed;		/* for the first event of a page */
	int first;
};

struct rule {
	const char *pattern;		/* NULL: every event */
	const char *filter;
};

struct evfilter {
	int id;
	int show;			/* 0: not selected; 1: shown (filter may still reject) */
	struct tp_filter *filter;
};

struct report {
	struct dat_file f;
	struct tep_handle *tep;
	struct stream *s;
	unsigned int nr_streams;
	struct rule *rules;
	unsigned int nr_rules, nr_patterns;
	struct evfilter *evf;
	unsigned int nr_evf;
	int cpu, pid, json;
	const char *path;
	struct hist *hist;
};

/* ---------------------------------------------------------------------------------------- */
/* Pages and events */

static int corrupt(struct report *r, const struct stream *s, const char *what)
{
	return tool_error("report", "%s: corrupted: CPU %u, page at offset %llu: %s", r->path,
			  s->dc->cpu, (unsigned long long)(s->pos - s->page_size), what);
}

/* Load the next page that has events; 0 at the end, -1 when it is corrupted. */
static int stream_page(struct report *r, struct stream *s)
{
	uint64_t commit, left;
	unsigned long long ts;

	while (s->pos < s->dc->size) {
		left = s->dc->size - s->pos;
		memset(s->page, 0, s->page_size + 16);
		memcpy(s->page, s->dc->data + s->pos, left < s->page_size ? left : s->page_size);
		s->pos += s->page_size;
		memcpy(&commit, s->page + 8, 8);
		if (r->f.long_size == 4)
			commit &= 0xffffffffu;
		s->data_size = (uint32_t)(commit & ((1u << 27) - 1));
		if (s->data_size > s->page_size - (unsigned int)(8 + r->f.long_size))
			return corrupt(r, s, "its size exceeds the page");
		if (!s->data_size && !(commit & (1ull << 31)))
			continue;
		kbuffer_load_subbuffer(s->kb, s->page);
		s->missed = kbuffer_missed_events(s->kb);
		s->first = 1;
		s->last_off = -1;
		s->ev = kbuffer_read_event(s->kb, &ts);
		if (!s->ev)
			continue;
		s->ts = ts;
		return 1;
	}
	return 0;
}

/* Check the current event; advance to a page when this one is done. 1, 0 at the end, -1. */
static int stream_check(struct report *r, struct stream *s)
{
	int off, size;

	for (;;) {
		if (s->ev) {
			off = kbuffer_curr_offset(s->kb);
			size = kbuffer_event_size(s->kb);
			if (off <= s->last_off)
				return corrupt(r, s, "an event header goes backwards");
			if (size < 0 || (unsigned char *)s->ev < s->page ||
			    (size_t)((unsigned char *)s->ev - s->page) + (size_t)size >
			    (size_t)s->data_size + 8 + (size_t)r->f.long_size)
				return corrupt(r, s, "an event runs past the page's data");
			s->last_off = off;
			s->size = size;
			return 1;
		}
		switch (stream_page(r, s)) {
		case 0:
			return 0;
		case -1:
			return -1;
		}
	}
}

static int stream_next(struct report *r, struct stream *s)
{
	s->first = 0;
	s->ev = kbuffer_next_event(s->kb, &s->ts);
	return stream_check(r, s);
}

static int streams_open(struct report *r)
{
	unsigned int i, j, n = 0, total = 0;

	for (i = 0; i < r->f.nr_buffers; i++)
		total += r->f.buffers[i].nr_cpus;
	r->s = calloc(total ? total : 1, sizeof(*r->s));
	if (!r->s)
		return tool_error("report", "out of memory");
	for (i = 0; i < r->f.nr_buffers; i++) {
		for (j = 0; j < r->f.buffers[i].nr_cpus; j++) {
			struct stream *s = &r->s[n++];

			s->dc = &r->f.buffers[i].cpus[j];
			s->page_size = r->f.page_size;
			s->kb = kbuffer_alloc(r->f.long_size == 8 ? KBUFFER_LSIZE_8 :
					      KBUFFER_LSIZE_4, KBUFFER_ENDIAN_LITTLE);
			s->page = calloc(1, s->page_size + 16);
			if (!s->kb || !s->page)
				return tool_error("report", "out of memory");
		}
	}
	r->nr_streams = n;
	return 0;
}

static void streams_close(struct report *r)
{
	unsigned int i;

	for (i = 0; i < r->nr_streams; i++) {
		if (r->s[i].kb)
			kbuffer_free(r->s[i].kb);
		free(r->s[i].page);
	}
	free(r->s);
	r->s = NULL;
	r->nr_streams = 0;
}

static int streams_rewind(struct report *r)
{
	unsigned int i;

	for (i = 0; i < r->nr_streams; i++) {
		r->s[i].pos = 0;
		r->s[i].ev = NULL;
		if (stream_check(r, &r->s[i]) < 0)
			return -1;
	}
	return 0;
}

/* The stream whose event comes first (ties: the lower CPU), or NULL at the end. */
static struct stream *streams_min(struct report *r)
{
	struct stream *best = NULL;
	unsigned int i;

	for (i = 0; i < r->nr_streams; i++) {
		struct stream *s = &r->s[i];

		if (s->ev && (!best || s->ts < best->ts ||
			      (s->ts == best->ts && s->dc->cpu < best->dc->cpu)))
			best = s;
	}
	return best;
}

/* ---------------------------------------------------------------------------------------- */
/* Events, filters */

static void parse_formats(struct tep_handle *tep, const struct dat_file *f, int *bad)
{
	unsigned int i;

	for (i = 0; i < f->nr_formats; i++)
		if (tep_parse_event(tep, f->formats[i].text.data, f->formats[i].text.size,
				    f->formats[i].system) && bad)
			(*bad)++;
}

/*
 * A tep handle set up from the file's header, as every parse of its formats needs it: the
 * endianness, the long size and the page size (sizeof(long) in a print fmt and the element
 * size of long arrays follow them), then header_page. The check in a child below and the
 * real parse both start here, so the check parses exactly what the real parse will: once
 * the check ran without these settings, sizeof(long) failed there and the parse stopped
 * before the argument that crashed the real one (tests/fuzz/libtraceevent-crashes/
 * format-crash-long-size.dat). NULL when out of memory; *@bad_header is set when
 * header_page does not parse.
 */
static struct tep_handle *report_tep_new(const struct dat_file *f, int *bad_header)
{
	struct tep_handle *tep = tep_alloc();

	if (!tep)
		return NULL;
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);	/* dat_open() refuses big-endian */
	tep_set_local_bigendian(tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(tep, f->long_size);
	tep_set_page_size(tep, (int)f->page_size);
	*bad_header = tep_parse_header_page(tep, f->header_page.data, f->header_page.size,
					    f->long_size) != 0;
	return tep;
}

/*
 * libtraceevent 1.7 crashes on some malformed format texts (our fuzzer found them: see
 * tests/fuzz/libtraceevent-crashes/). So a file's formats are parsed first in a child
 * process, with a time limit, set up as the real parse is: if that dies, the file is
 * refused with a message.
 */
static int formats_safe(struct report *r)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 0;	/* cannot check: parse in-process as trace-cmd does */
	if (pid == 0) {
		struct tep_handle *tep;
		int bad_header;

		/* Default actions: a sanitizer's handlers must not turn a crash into an exit. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		alarm(10);
		tep = report_tep_new(&r->f, &bad_header);
		if (tep && !bad_header)
			parse_formats(tep, &r->f, NULL);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 0;
	if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status)))
		return tool_error("report", "%s: corrupted: its event formats %s libtraceevent's "
				  "parser (signal %d)", r->path,
				  WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM ? "hang" : "crash",
				  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 0;
}

static int load_tep(struct report *r)
{
	struct dat_file *f = &r->f;
	int bad = 0, bad_header;

	if (formats_safe(r))
		return -1;
	r->tep = report_tep_new(f, &bad_header);
	if (!r->tep)
		return tool_error("report", "out of memory");
	if (bad_header)
		return tool_error("report", "%s: corrupted: header_page does not parse", r->path);
	parse_formats(r->tep, f, &bad);
	if (bad)
		tool_warn("report", "%s: %d event formats do not parse; their events print as "
			  "unknown", r->path, bad);
	if (f->kallsyms.size)
		tep_parse_kallsyms(r->tep, f->kallsyms.data);
	if (f->printk.size)
		tep_parse_printk_formats(r->tep, f->printk.data);
	if (f->cmdlines.size)
		tep_parse_saved_cmdlines(r->tep, f->cmdlines.data);
	return 0;
}

/* An event's fields, as the filter parser wants them. */
struct tpf_field *tool_filter_fields(struct tep_event *ev, unsigned int *nr)
{
	struct tep_format_field *fl;
	struct tpf_field *out;
	unsigned int n = 0, i = 0;

	for (fl = ev->format.common_fields; fl; fl = fl->next)
		n++;
	for (fl = ev->format.fields; fl; fl = fl->next)
		n++;
	out = calloc(n ? n : 1, sizeof(*out));
	if (!out)
		return NULL;
	for (int pass = 0; pass < 2; pass++) {
		for (fl = pass ? ev->format.fields : ev->format.common_fields; fl; fl = fl->next) {
			struct tpf_field *t = &out[i++];

			t->name = fl->name;
			t->offset = (uint32_t)fl->offset;
			t->size = (uint32_t)fl->size;
			t->is_signed = !!(fl->flags & TEP_FIELD_IS_SIGNED);
			if ((fl->flags & TEP_FIELD_IS_STRING) && (fl->flags & TEP_FIELD_IS_DYNAMIC))
				t->kind = (fl->flags & TEP_FIELD_IS_RELATIVE) ? TPF_RSTR : TPF_DSTR;
			else if (fl->flags & TEP_FIELD_IS_STRING)
				t->kind = TPF_STR;
			else if (!(fl->flags & TEP_FIELD_IS_ARRAY) &&
				 (fl->size == 1 || fl->size == 2 || fl->size == 4 || fl->size == 8))
				t->kind = TPF_NUM;
			else
				t->kind = TPF_OTHER;
		}
	}
	*nr = n;
	return out;
}

static char *event_full_name(struct tep_event *ev, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%s", ev->system, ev->name);
	return buf;
}

/*
 * Which events show, with which filter: decided once per event, before any output. The
 * first rule (-e, with its -f) that matches an event decides; with no -e, every event
 * shows. A filter that compiles for none of the events its rule matches is an error.
 */
static int setup_filters(struct report *r)
{
	struct tep_event **events = tep_list_events(r->tep, TEP_EVENT_SORT_ID);
	unsigned int *matched = NULL, *compiled = NULL, i, k, n = 0;
	char name[512], err[1024], first_err[2048] = "";
	int ret = -1;

	if (!events)
		return tool_error("report", "out of memory");
	while (events[n])
		n++;
	r->evf = calloc(n ? n : 1, sizeof(*r->evf));
	matched = calloc(r->nr_rules + 1, sizeof(*matched));
	compiled = calloc(r->nr_rules + 1, sizeof(*compiled));
	if (!r->evf || !matched || !compiled) {
		tool_error("report", "out of memory");
		goto out;
	}
	r->nr_evf = n;
	for (i = 0; i < n; i++) {
		struct tep_event *ev = events[i];
		struct evfilter *e = &r->evf[i];

		e->id = ev->id;
		e->show = !r->nr_patterns;
		for (k = 0; k < r->nr_rules; k++) {
			struct tpf_field *fields;
			unsigned int nr;

			if (r->rules[k].pattern &&
			    !tool_match(r->rules[k].pattern, ev->system, ev->name))
				continue;
			matched[k]++;
			e->show = 1;
			if (!r->rules[k].filter) {
				compiled[k]++;
				break;
			}
			fields = tool_filter_fields(ev, &nr);
			if (!fields) {
				tool_error("report", "out of memory");
				goto out;
			}
			e->filter = tp_filter_parse(r->rules[k].filter, fields, nr, err, sizeof(err));
			free(fields);
			if (e->filter) {
				compiled[k]++;
			} else {
				e->show = 0;
				if (!first_err[0])
					snprintf(first_err, sizeof(first_err), "%s (event %s)", err,
						 event_full_name(ev, name, sizeof(name)));
			}
			break;
		}
	}
	for (k = 0; k < r->nr_rules; k++) {
		if (r->rules[k].pattern && !matched[k])
			tool_warn("report", "%s: no event matches '%s'", r->path, r->rules[k].pattern);
		if (r->rules[k].filter && matched[k] && !compiled[k]) {
			tool_error("report", "%s", first_err);
			goto out;
		}
	}
	ret = 0;
out:
	free(matched);
	free(compiled);
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
/* Output */

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

static void json_str(struct trace_seq *q, const char *s, size_t n)
{
	size_t i;

	trace_seq_putc(q, '"');
	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			trace_seq_printf(q, "\\%c", c);
		else if (c == '\n')
			trace_seq_puts(q, "\\n");
		else if (c == '\t')
			trace_seq_puts(q, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			trace_seq_printf(q, "\\u%04x", c);
		else
			trace_seq_putc(q, (char)c);
	}
	trace_seq_putc(q, '"');
}

static void json_num(struct trace_seq *q, struct tep_handle *tep, const unsigned char *p,
		     int size, int is_signed)
{
	unsigned long long v = tep_read_number(tep, p, size);

	if (is_signed) {
		long long sv = size == 1 ? (int8_t)v : size == 2 ? (int16_t)v :
			       size == 4 ? (int32_t)v : (long long)v;

		trace_seq_printf(q, "%lld", sv);
	} else {
		trace_seq_printf(q, "%llu", v);
	}
}

static void json_event(struct report *r, struct trace_seq *q, struct tep_event *ev,
		       struct tep_record *rec, int pid)
{
	const unsigned char *d = rec->data;
	struct tep_format_field *fl;
	const char *comm = tep_data_comm_from_pid(r->tep, pid);
	int first = 1;

	trace_seq_printf(q, "{\"ts\":%llu,\"cpu\":%d,\"pid\":%d,\"comm\":", rec->ts, rec->cpu,
			 pid);
	json_str(q, comm, strlen(comm));
	trace_seq_puts(q, ",\"system\":");
	json_str(q, ev->system, strlen(ev->system));
	trace_seq_puts(q, ",\"event\":");
	json_str(q, ev->name, strlen(ev->name));
	trace_seq_puts(q, ",\"fields\":{");
	for (fl = ev->format.fields; fl; fl = fl->next) {
		unsigned int off, len;

		if (field_span(r->tep, fl, rec, &off, &len))
			continue;
		trace_seq_printf(q, "%s\"%s\":", first ? "" : ",", fl->name);
		first = 0;
		if (fl->flags & TEP_FIELD_IS_STRING) {
			json_str(q, (const char *)d + off, len);
		} else if (fl->flags & TEP_FIELD_IS_ARRAY) {
			int es = field_elem_size(fl);
			unsigned int i;

			trace_seq_putc(q, '[');
			for (i = 0; i + (unsigned int)es <= len; i += (unsigned int)es) {
				if (i)
					trace_seq_putc(q, ',');
				json_num(q, r->tep, d + off + i, es,
					 !!(fl->flags & TEP_FIELD_IS_SIGNED));
			}
			trace_seq_putc(q, ']');
		} else if (len == 1 || len == 2 || len == 4 || len == 8) {
			json_num(q, r->tep, d + off, (int)len, !!(fl->flags & TEP_FIELD_IS_SIGNED));
		} else {
			trace_seq_puts(q, "null");
		}
	}
	trace_seq_puts(q, "}}\n");
}

static void text_event(struct report *r, struct trace_seq *q, struct tep_event *ev,
		       struct tep_record *rec, int pid)
{
	/* Rounded to the microsecond, as trace-cmd prints it. */
	unsigned long long us = (rec->ts + 500) / 1000, secs = us / 1000000, usecs = us % 1000000;

	trace_seq_printf(q, "%16s-%-5d [%03d] %5llu.%06llu: %s:%s: ",
			 tep_data_comm_from_pid(r->tep, pid), pid, rec->cpu, secs, usecs,
			 ev->system, ev->name);
	event_info(r->tep, ev, rec, q);
	trace_seq_putc(q, '\n');
}

static int header(struct report *r)
{
	uint64_t *events, *lost, total = 0, total_lost = 0;
	uint32_t max = 0, i, j;
	int ret;

	for (i = 0; i < r->nr_streams; i++)
		if (r->s[i].dc->cpu + 1 > max)
			max = r->s[i].dc->cpu + 1;
	events = calloc(max + 1, sizeof(*events));
	lost = calloc(max + 1, sizeof(*lost));
	if (!events || !lost) {
		free(events);
		free(lost);
		return tool_error("report", "out of memory");
	}
	for (i = 0; i < r->nr_streams; i++) {
		struct stream *s = &r->s[i];

		lost[s->dc->cpu] += s->dc->lost;
		for (ret = stream_check(r, s); ret > 0; ret = stream_next(r, s))
			events[s->dc->cpu]++;
		if (ret < 0)
			goto fail;
	}
	for (j = 0; j < max; j++) {
		total += events[j];
		total_lost += lost[j];
	}
	if (!r->json) {
		printf("# %s: %" PRIu64 " events, %" PRIu64 " lost", r->path, total, total_lost);
		for (j = 0; j < max; j++)
			printf("; cpu%u: %" PRIu64 " events, %" PRIu64 " lost", j, events[j],
			       lost[j]);
		printf("\n");
		print_clock(&r->f);
	}
	free(events);
	free(lost);
	return 0;
fail:
	free(events);
	free(lost);
	return -1;
}

static int print_all(struct report *r)
{
	struct trace_seq q;
	struct stream *s;
	int ret = 0;

	trace_seq_init(&q);
	if (streams_rewind(r)) {
		trace_seq_destroy(&q);
		return -1;
	}
	while ((s = streams_min(r)) != NULL) {
		struct tep_record rec;
		const struct evfilter *e;
		struct tep_event *ev;
		int pid, type;

		memset(&rec, 0, sizeof(rec));
		rec.ts = dat_ts(&r->f, s->ts);
		rec.data = s->ev;
		rec.size = s->size;
		rec.cpu = (int)s->dc->cpu;
		rec.missed_events = s->first ? s->missed : 0;
		if (s->size < 8)
			goto next;	/* no common header: nothing libtraceevent could read */
		type = tep_data_type(r->tep, &rec);
		pid = tep_data_pid(r->tep, &rec);
		ev = tep_find_event(r->tep, type);
		e = evfilter_of(r, type);
		if ((r->cpu >= 0 && rec.cpu != r->cpu) || (r->pid >= 0 && pid != r->pid))
			goto next;
		if (!ev) {
			if (!r->nr_patterns && !r->nr_rules && !r->json)
				printf("%16s-%-5d [%03d] %5llu.%06llu: [UNKNOWN TYPE %d]\n", "<...>",
				       pid, rec.cpu, rec.ts / 1000000000ull,
				       rec.ts % 1000000000ull / 1000, type);
			goto next;
		}
		if (!e || !e->show || (e->filter && !tp_filter_match(e->filter, rec.data,
								      (size_t)rec.size)))
			goto next;
		trace_seq_reset(&q);
		if (rec.missed_events && !r->json)
			trace_seq_printf(&q, rec.missed_events > 0 ? "CPU:%d [%lld EVENTS DROPPED]\n"
					 : "CPU:%d [EVENTS DROPPED]\n", rec.cpu,
					 rec.missed_events);
		if (r->hist) {
			hist_add(r->hist, r->tep, ev, &rec);
			goto next;
		}
		if (r->json)
			json_event(r, &q, ev, &rec, pid);
		else
			text_event(r, &q, ev, &rec, pid);
		trace_seq_terminate(&q);
		if (fwrite(q.buffer, 1, q.len, stdout) != q.len) {
			ret = -1;	/* stdout closed (| head): stop quietly */
			break;
		}
next:
		if (stream_next(r, s) < 0) {
			ret = -2;
			break;
		}
	}
	trace_seq_destroy(&q);
	return ret;
}

/*
 * Text output goes through tep_print_event(), which crashes on some malformed (but
 * parseable) formats: libtraceevent's, found by our fuzzer. Everything of ours has already
 * run over every event (the header's pass checks each page and event, the filters are
 * compiled), so the printing runs in a child, and a crash there is reported, not suffered.
 * JSON does not use libtraceevent's printer and runs here.
 */
static int print_guarded(struct report *r)
{
	int status, ret;
	pid_t pid;

	if (r->json || r->hist)
		return print_all(r);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return print_all(r);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		ret = print_all(r);
		fflush(stdout);
		_exit(ret == 0 ? 0 : ret == -1 ? 3 : 4);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -2;
	if (WIFSIGNALED(status)) {
		tool_error("report", "%s: corrupted: libtraceevent crashed printing an event of it "
			   "(signal %d)", r->path, WTERMSIG(status));
		return -2;
	}
	if (!WIFEXITED(status))
		return -2;
	switch (WEXITSTATUS(status)) {
	case 0: return 0;
	case 3: return -1;
	default: return -2;
	}
}

/* ---------------------------------------------------------------------------------------- */

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
		ret = load_tep(&r) || streams_open(&r) || setup_filters(&r) || header(&r);
		if (!ret) {
			ret = print_guarded(&r) == -2;
			r.json = 1;	/* and JSON, which is all ours */
			ret |= print_all(&r) == -2;
		}
		stdout = saved;
	} else {
		ret = load_tep(&r) || streams_open(&r) || setup_filters(&r) || header(&r) ||
		      print_guarded(&r) == -2;
	}
	streams_close(&r);
	if (r.tep)
		tep_free(r.tep);
	for (unsigned int i = 0; i < r.nr_evf; i++)
		tp_filter_free(r.evf[i].filter);
	free(r.evf);
	dat_close(&r.f);
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

/*
 * @path was not written: its recorder was killed, or crashed, or the file system was full.
 * Make it of the parts it left (OUT.part/); where it cannot be written, read them from
 * memory. 0, or -1 with the reason in f->err.
 */
static int recover(struct dat_file *f, const char *path)
{
	char err[1024], kept[4096];
	uint64_t bytes, events;
	void *mem;
	int fd;

	if (!spill_finish(path, 1, kept, sizeof(kept), &bytes, &events, err, sizeof(err))) {
		tool_warn("report", "%s was not finished (its recorder was killed, or crashed): "
			  "made it of %s.part/, %llu events", kept[0] ? kept : path, path,
			  (unsigned long long)events);
		return dat_open(f, kept[0] ? kept : path);
	}
	tool_warn("report", "%s was not finished, and it cannot be made of %s.part/ (%s): "
		  "reading the parts as they are", path, path, err);
	fd = memfd_create("tpoint-recovered", MFD_CLOEXEC);
	if (fd < 0 || spill_assemble(path, fd, &bytes, &events, err, sizeof(err))) {
		snprintf(f->err, sizeof(f->err), "%.400s", fd < 0 ? strerror(errno) : err);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	mem = mmap(NULL, bytes, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (mem == MAP_FAILED)
		return snprintf(f->err, sizeof(f->err), "%s", strerror(errno)), -1;
	if (dat_open_mem(f, mem, bytes)) {
		munmap(mem, bytes);
		return -1;
	}
	f->mapped = 1;		/* dat_close() unmaps it */
	return 0;
}

/* The file, or what an unfinished recording of it left. 0, or -1 with f->err. */
static int open_or_recover(struct dat_file *f, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 && errno == ENOENT && spill_pending(path))
		return recover(f, path);
	return dat_open(f, path);
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "event", required_argument, NULL, 'e' },
		{ "filter", required_argument, NULL, 'f' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "pid", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'J' },
		{ "hist", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report r;
	int c, ret = 1;
	unsigned int i;

	memset(&r, 0, sizeof(r));
	r.cpu = r.pid = -1;
	r.rules = calloc((size_t)argc + 1, sizeof(*r.rules));
	if (!r.rules)
		return tool_error("report", "out of memory"), 1;
	while ((c = getopt_long(argc, argv, "e:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			r.rules[r.nr_rules].pattern = optarg;
			r.rules[r.nr_rules++].filter = NULL;
			r.nr_patterns++;
			break;
		case 'f':
			if (r.nr_rules && r.rules[r.nr_rules - 1].pattern &&
			    !r.rules[r.nr_rules - 1].filter) {
				r.rules[r.nr_rules - 1].filter = optarg;
			} else if (r.nr_patterns) {
				free(r.rules);
				return tool_error("report", "-f '%s': give it after the -e it filters",
						  optarg), 2;
			} else {
				r.rules[r.nr_rules].pattern = NULL;
				r.rules[r.nr_rules++].filter = optarg;
			}
			break;
		case 'C':
			if (tool_parse_int(optarg, &r.cpu) || r.cpu < 0) {
				free(r.rules);
				return tool_error("report", "--cpu '%s': not a CPU number", optarg), 2;
			}
			break;
		case 'P':
			if (tool_parse_int(optarg, &r.pid) || r.pid < 0) {
				free(r.rules);
				return tool_error("report", "--pid '%s': not a process id", optarg), 2;
			}
			break;
		case 'J':
			r.json = 1;
			break;
		case 'H': {
			char err[512];

			hist_free(r.hist);
			r.hist = hist_parse(optarg, 0, err, sizeof(err));
			if (!r.hist) {
				free(r.rules);
				return tool_error("report", "%s", err), 2;
			}
			break;
		}
		case 'h':
			usage(stdout);
			free(r.rules);
			return 0;
		default:
			usage(stderr);
			free(r.rules);
			return 2;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		free(r.rules);
		return 2;
	}
	r.path = optind < argc ? argv[optind] : "trace.dat";
	if (open_or_recover(&r.f, r.path)) {
		tool_error("report", "%s: %s", r.path, r.f.err);
		goto out;
	}
	if (load_tep(&r) || streams_open(&r) || setup_filters(&r) || header(&r))
		goto out;
	if (r.hist) {
		int pr = print_all(&r);

		hist_print(r.hist, stdout, 0);
		ret = pr == -2;
		goto out;
	}
	switch (print_guarded(&r)) {
	case 0:
	case -1:		/* stdout closed: what was asked for was printed */
		ret = 0;
		break;
	default:
		ret = 1;
	}
	if (fflush(stdout) != 0 && errno != EPIPE)
		ret = 1;
out:
	streams_close(&r);
	if (r.tep)
		tep_free(r.tep);
	for (i = 0; i < r.nr_evf; i++)
		tp_filter_free(r.evf[i].filter);
	free(r.evf);
	free(r.rules);
	hist_free(r.hist);
	dat_close(&r.f);
	return ret;
}
