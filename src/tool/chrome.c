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

static void ch_event(struct trace_seq *q, struct tep_handle *tep, struct tep_event *ev,
		     struct tep_record *rec, int first)
{
	int tid = tep_data_pid(tep, rec);
	char name[256];

	snprintf(name, sizeof(name), "%s:%s", ev->system, ev->name);
	trace_seq_puts(q, first ? "\n" : ",\n");
	trace_seq_puts(q, "{\"name\":");
	out_json_str(q, name);
	trace_seq_puts(q, ",\"cat\":");
	out_json_str(q, ev->system);
	trace_seq_printf(q, ",\"ph\":\"i\",\"s\":\"t\",\"ts\":%llu.%03llu,\"pid\":%d,\"tid\":%d,"
			 "\"args\":", rec->ts / 1000, rec->ts % 1000, tid, tid);
	out_json_fields(q, tep, ev, rec);
	trace_seq_putc(q, '}');
}

/* "process_name" and "thread_name" metadata for every thread seen, by its command name. */
static void ch_names(struct trace_seq *q, struct tep_handle *tep, const struct ch_tids *t,
		     int first)
{
	static const char *const kinds[] = { "process_name", "thread_name" };
	size_t i, k;

	for (i = 0; i < t->nr; i++) {
		for (k = 0; k < 2; k++) {
			trace_seq_puts(q, first ? "\n" : ",\n");
			first = 0;
			trace_seq_printf(q, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
					 "\"args\":{\"name\":", kinds[k], t->v[i], t->v[i]);
			out_json_str(q, tep_data_comm_from_pid(tep, t->v[i]));
			trace_seq_puts(q, "}}");
		}
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
	struct trace_seq q;
	struct tep_record rec;
	struct tep_event *ev;
	int ret, first = 1;

	trace_seq_init(&q);
	trace_seq_puts(&q, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
	while ((ret = walk_next(w, &rec, &ev)) > 0) {
		if (!ev)
			continue;
		ch_event(&q, w->tep, ev, &rec, first);
		first = 0;
		if (ch_tid_add(&tids, tep_data_pid(w->tep, &rec)) || ch_flush(&q, out))
			ret = -1;
		if (ret < 0)
			break;
	}
	if (ret == 0) {
		ch_names(&q, w->tep, &tids, first);
		trace_seq_puts(&q, "\n]}\n");
		ret = ch_flush(&q, out);
	}
	trace_seq_destroy(&q);
	free(tids.v);
	return ret;
}
