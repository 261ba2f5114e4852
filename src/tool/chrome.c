// SPDX-License-Identifier: MIT
/* chrome.c - a trace.dat file in the Chrome trace-event format (chrome.h). */
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>

#include "chrome.h"
#include "output.h"
#include "tool.h"
#include "walk.h"

/* The threads seen, to name them once at the end: a set of ids, sorted. */
struct ch_tids {
	int *v;
	size_t nr, cap;
};

static int ch_tid_add(struct ch_tids *t, int tid)
{
	size_t lo = 0, hi = t->nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t->v[mid] == tid)
			return 0;
		if (t->v[mid] < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (t->nr == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		int *nv = realloc(t->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		t->v = nv;
		t->cap = cap;
	}
	memmove(t->v + lo + 1, t->v + lo, (t->nr - lo) * sizeof(*t->v));
	t->v[lo] = tid;
	t->nr++;
	return 0;
}

/* A thread's process: the file's TGIDS, else the thread is a process of its own. */
static int ch_pid(const struct walk *w, int tid)
{
	int tgid = dat_tgid(&w->f, tid);

	return tgid > 0 ? tgid : tid;
}

static void ch_event(struct trace_seq *q, const struct walk *w, struct tep_event *ev,
		     struct tep_record *rec, int first)
{
	int tid = tep_data_pid(w->tep, rec);
	char name[256];

	snprintf(name, sizeof(name), "%s:%s", ev->system, ev->name);
	trace_seq_puts(q, first ? "\n" : ",\n");
	trace_seq_puts(q, "{\"name\":");
	out_json_str(q, name);
	trace_seq_puts(q, ",\"cat\":");
	out_json_str(q, ev->system);
	trace_seq_printf(q, ",\"ph\":\"i\",\"s\":\"t\",\"ts\":%llu.%03llu,\"pid\":%d,\"tid\":%d,"
			 "\"args\":", rec->ts / 1000, rec->ts % 1000, ch_pid(w, tid), tid);
	out_json_fields(q, w->tep, ev, rec);
	trace_seq_putc(q, '}');
}

/* One metadata event: @kind ("process_name", "thread_name") of @pid/@tid is @tid's comm. */
static void ch_name(struct trace_seq *q, const struct walk *w, const char *kind, int pid,
		    int tid, int first)
{
	trace_seq_puts(q, first ? "\n" : ",\n");
	trace_seq_printf(q, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
			 "\"args\":{\"name\":", kind, pid, tid);
	out_json_str(q, tep_data_comm_from_pid(w->tep, tid));
	trace_seq_puts(q, "}}");
}

/*
 * Every thread seen named by its command, and every process by its main thread's (the
 * thread whose id is the process's), or by the first of its threads seen.
 */
static void ch_names(struct trace_seq *q, const struct walk *w, const struct ch_tids *t,
		     int first)
{
	size_t i, j;

	for (i = 0; i < t->nr; i++) {
		int pid = ch_pid(w, t->v[i]), named = pid == t->v[i];

		for (j = 0; !named && j < i; j++)
			named = ch_pid(w, t->v[j]) == pid;	/* an earlier thread named it */
		for (j = 0; !named && j < t->nr; j++)
			named = t->v[j] == pid;			/* its main thread will */
		if (!named)
			ch_name(q, w, "process_name", pid, t->v[i], first), first = 0;
		if (pid == t->v[i])
			ch_name(q, w, "process_name", pid, t->v[i], first), first = 0;
		ch_name(q, w, "thread_name", pid, t->v[i], first);
		first = 0;
	}
}

static int ch_flush(struct trace_seq *q, FILE *out)
{
	int ret;

	trace_seq_terminate(q);
	ret = q->len && fwrite(q->buffer, 1, q->len, out) != q->len ? -1 : 0;
	trace_seq_reset(q);
	return ret;
}

int chrome_write(struct walk *w, FILE *out)
{
	struct ch_tids tids = { 0 };
	unsigned long long unknown = 0;
	struct trace_seq q;
	struct tep_record rec;
	struct tep_event *ev;
	int ret, first = 1;

	trace_seq_init(&q);
	trace_seq_puts(&q, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
	while ((ret = walk_next(w, &rec, &ev)) > 0) {
		if (!ev) {
			unknown++;
			continue;
		}
		ch_event(&q, w, ev, &rec, first);
		first = 0;
		if (ch_tid_add(&tids, tep_data_pid(w->tep, &rec)) || ch_flush(&q, out))
			ret = -1;
		if (ret < 0)
			break;
	}
	if (ret == 0) {
		ch_names(&q, w, &tids, first);
		trace_seq_puts(&q, "\n]}\n");
		ret = ch_flush(&q, out);
	}
	trace_seq_destroy(&q);
	free(tids.v);
	if (unknown)
		tool_warn(w->cmd, "%s: %llu events of no known format left out", w->path, unknown);
	return ret;
}
