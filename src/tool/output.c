// SPDX-License-Identifier: MIT
/*
 * output.c - events as ftrace lines and as JSON. The TP_printk text is libtraceevent's (so
 * tpoint and trace-cmd print the same); JSON is all ours: every field typed (numbers as
 * numbers, signed as signed, strings escaped, arrays as arrays).
 */
#include <stdint.h>
#include <string.h>
#include <traceevent/event-parse.h>

#include "fields.h"
#include "output.h"

void out_head(struct trace_seq *q, const char *comm, int pid, int cpu, unsigned long long ns)
{
	unsigned long long us = (ns + 500) / 1000;

	trace_seq_printf(q, "%16s-%-5d [%03d] %5llu.%06llu: ", comm, pid, cpu, us / 1000000,
			 us % 1000000);
}

void out_text(struct trace_seq *q, struct tep_handle *tep, struct tep_event *ev,
	      struct tep_record *rec)
{
	int pid = tep_data_pid(tep, rec);

	out_head(q, tep_data_comm_from_pid(tep, pid), pid, rec->cpu, rec->ts);
	trace_seq_printf(q, "%s:%s: ", ev->system, ev->name);
	event_info(tep, ev, rec, q);
	trace_seq_putc(q, '\n');
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

/* One field's value: a string, an array of numbers, a number, or null. */
static void json_field(struct trace_seq *q, struct tep_handle *tep, struct tep_format_field *fl,
		       const unsigned char *d, unsigned int len)
{
	int is_signed = !!(fl->flags & TEP_FIELD_IS_SIGNED);

	if (fl->flags & TEP_FIELD_IS_STRING) {
		json_str(q, (const char *)d, len);
	} else if (fl->flags & TEP_FIELD_IS_ARRAY) {
		unsigned int es = (unsigned int)field_elem_size(fl), i;

		trace_seq_putc(q, '[');
		for (i = 0; i + es <= len; i += es) {
			if (i)
				trace_seq_putc(q, ',');
			json_num(q, tep, d + i, (int)es, is_signed);
		}
		trace_seq_putc(q, ']');
	} else if (len == 1 || len == 2 || len == 4 || len == 8) {
		json_num(q, tep, d, (int)len, is_signed);
	} else {
		trace_seq_puts(q, "null");
	}
}

void out_json_str(struct trace_seq *q, const char *s)
{
	json_str(q, s, strlen(s));
}

void out_json_fields(struct trace_seq *q, struct tep_handle *tep, struct tep_event *ev,
		     struct tep_record *rec)
{
	const unsigned char *d = rec->data;
	struct tep_format_field *fl;
	int first = 1;

	trace_seq_putc(q, '{');
	for (fl = ev->format.fields; fl; fl = fl->next) {
		unsigned int off, len;

		if (field_span(tep, fl, rec, &off, &len))
			continue;
		trace_seq_printf(q, "%s\"%s\":", first ? "" : ",", fl->name);
		first = 0;
		json_field(q, tep, fl, d + off, len);
	}
	trace_seq_putc(q, '}');
}

void out_json(struct trace_seq *q, struct tep_handle *tep, struct tep_event *ev,
	      struct tep_record *rec, int tgid)
{
	int pid = tep_data_pid(tep, rec);

	trace_seq_printf(q, "{\"ts\":%llu,\"cpu\":%d,\"pid\":%d,", rec->ts, rec->cpu, pid);
	if (tgid > 0)
		trace_seq_printf(q, "\"tgid\":%d,", tgid);
	trace_seq_puts(q, "\"comm\":");
	out_json_str(q, tep_data_comm_from_pid(tep, pid));
	trace_seq_puts(q, ",\"system\":");
	out_json_str(q, ev->system);
	trace_seq_puts(q, ",\"event\":");
	out_json_str(q, ev->name);
	trace_seq_puts(q, ",\"fields\":");
	out_json_fields(q, tep, ev, rec);
	trace_seq_puts(q, "}\n");
}
