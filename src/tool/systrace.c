// SPDX-License-Identifier: MIT
/* systrace.c - a trace.dat file as the kernel's trace text (systrace.h). */
#include <stdint.h>
#include <string.h>
#include <traceevent/event-parse.h>

#include "fields.h"
#include "systrace.h"
#include "tool.h"
#include "walk.h"

/* struct trace_entry's common_flags, as the kernel defines them (Linux 6.13 and later). */
enum {
	ST_IRQS_OFF		= 0x01,
	ST_NEED_RESCHED_LAZY	= 0x02,
	ST_NEED_RESCHED		= 0x04,
	ST_HARDIRQ		= 0x08,
	ST_SOFTIRQ		= 0x10,
	ST_PREEMPT_RESCHED	= 0x20,
	ST_NMI			= 0x40,
	ST_BH_OFF		= 0x80,
};

static char st_irqs(unsigned int f)
{
	if (f & ST_IRQS_OFF)
		return f & ST_BH_OFF ? 'D' : 'd';
	return f & ST_BH_OFF ? 'b' : '.';
}

static char st_resched(unsigned int f)
{
	switch (f & (ST_NEED_RESCHED | ST_NEED_RESCHED_LAZY | ST_PREEMPT_RESCHED)) {
	case ST_NEED_RESCHED | ST_NEED_RESCHED_LAZY | ST_PREEMPT_RESCHED: return 'B';
	case ST_NEED_RESCHED | ST_PREEMPT_RESCHED:	return 'N';
	case ST_NEED_RESCHED_LAZY | ST_PREEMPT_RESCHED:	return 'L';
	case ST_NEED_RESCHED | ST_NEED_RESCHED_LAZY:	return 'b';
	case ST_NEED_RESCHED:				return 'n';
	case ST_PREEMPT_RESCHED:			return 'p';
	case ST_NEED_RESCHED_LAZY:			return 'l';
	default:					return '.';
	}
}

static char st_irq_ctx(unsigned int f)
{
	if (f & ST_NMI)
		return f & ST_HARDIRQ ? 'Z' : 'z';
	if (f & ST_HARDIRQ)
		return f & ST_SOFTIRQ ? 'H' : 'h';
	return f & ST_SOFTIRQ ? 's' : '.';
}

static char st_hex(unsigned int v)
{
	return v ? "0123456789abcdef"[v & 0xf] : '.';
}

/* "TASK-PID [CPU] FLAGS TIME: " as trace_print_context() and trace_print_lat_fmt() do. */
static void st_head(struct trace_seq *q, struct tep_handle *tep, const struct tep_record *rec)
{
	const unsigned char *d = rec->data;
	unsigned int flags = d[2], pc = d[3];
	int pid = tep_data_pid(tep, (struct tep_record *)rec);
	unsigned long long us = (rec->ts + 500) / 1000;

	trace_seq_printf(q, "%16s-%-7d [%03d] %c%c%c%c%c %5llu.%06llu: ",
			 tep_data_comm_from_pid(tep, pid), pid, rec->cpu, st_irqs(flags),
			 st_resched(flags), st_irq_ctx(flags), st_hex(pc & 0xf), st_hex(pc >> 4),
			 us / 1000000, us % 1000000);
}

static void st_header(FILE *out, unsigned long long events, unsigned long long written,
		      unsigned int cpus)
{
	fprintf(out, "# tracer: nop\n#\n# entries-in-buffer/entries-written: %llu/%llu   #P:%u\n"
		"#\n"
		"#                                _-----=> irqs-off/BH-disabled\n"
		"#                               / _----=> need-resched\n"
		"#                              | / _---=> hardirq/softirq\n"
		"#                              || / _--=> preempt-depth\n"
		"#                              ||| / _-=> migrate-disable\n"
		"#                              |||| /     delay\n"
		"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		"#              | |         |   |||||     |         |\n", events, written, cpus);
}

/*
 * The events of @w and those its CPUs lost (the file's CPU stats, as report counts them),
 * for the header's entries-in-buffer/entries-written; @w is at its first event again after.
 */
static int st_count(struct walk *w, unsigned long long *events, unsigned long long *lost)
{
	struct tep_record rec;
	struct tep_event *ev;
	unsigned int i;
	int ret;

	*events = *lost = 0;
	for (i = 0; i < w->ss.nr; i++)
		*lost += w->ss.s[i].dc->lost;
	while ((ret = walk_next(w, &rec, &ev)) > 0)
		*events += 1;
	return ret < 0 || walk_rewind(w) ? -1 : 0;
}

int systrace_write(struct walk *w, FILE *out)
{
	unsigned long long events, lost, unknown = 0;
	struct trace_seq q;
	struct tep_record rec;
	struct tep_event *ev;
	int ret;

	if (st_count(w, &events, &lost))
		return -1;
	st_header(out, events, events + lost, w->f.nr_cpus);
	trace_seq_init(&q);
	while ((ret = walk_next(w, &rec, &ev)) > 0) {
		trace_seq_reset(&q);
		/* As the kernel's trace file: a count where the page stored it, else none. */
		if (rec.missed_events > 0)
			trace_seq_printf(&q, "CPU:%d [LOST %lld EVENTS]\n", rec.cpu,
					 rec.missed_events);
		else if (rec.missed_events < 0)
			trace_seq_printf(&q, "CPU:%d [LOST EVENTS]\n", rec.cpu);
		if (ev) {
			st_head(&q, w->tep, &rec);
			trace_seq_printf(&q, "%s: ", ev->name);
			event_info(w->tep, ev, &rec, &q);
			trace_seq_putc(&q, '\n');
		} else {
			unknown++;
		}
		trace_seq_terminate(&q);
		if (q.len && fwrite(q.buffer, 1, q.len, out) != q.len)
			ret = -1;
		if (ret < 0)
			break;
	}
	trace_seq_destroy(&q);
	if (unknown)
		tool_warn(w->cmd, "%s: %llu events of no known format left out", w->path, unknown);
	return ret < 0 ? -1 : 0;
}
