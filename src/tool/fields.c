// SPDX-License-Identifier: MIT
/*
 * fields.c - an event's fields by name, as text, with human names: the {field:modifier}
 * of templates (tpoint trace --format), the keys of tpoint top and report --hist.
 *
 *   {field}          any field of the event: numbers in decimal, strings, arrays [a b c]
 *   {common_comm}    the task that hit the tracepoint (from common_pid), {common_pid}
 *   {comm} {pid}     the event's own fields where it has them (signal_generate: the target),
 *                    else the task that hit the tracepoint
 *   {cpu} {time}     the CPU, secs.usecs
 *   modifiers        :signame (SIGCHLD) :errno (ENOENT) :syscall (openat) :hex (0x1f)
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>

#include "fields.h"
#include "syscalls.h"
#include "tool.h"

static const char *const mods[] = { "", "signame", "errno", "syscall", "hex" };

int fspec_parse(struct fspec *f, const char *s, size_t n, char *err, size_t len)
{
	const char *colon = memchr(s, ':', n);
	size_t namelen = colon ? (size_t)(colon - s) : n;
	unsigned int i;

	if (!namelen || namelen >= sizeof(f->name)) {
		snprintf(err, len, "field name '%.*s' is empty or too long", (int)n, s);
		return -1;
	}
	memcpy(f->name, s, namelen);
	f->name[namelen] = '\0';
	f->mod = FMOD_NONE;
	if (colon) {
		size_t ml = n - namelen - 1;

		for (i = 1; i < sizeof(mods) / sizeof(mods[0]); i++)
			if (strlen(mods[i]) == ml && !strncmp(colon + 1, mods[i], ml))
				break;
		if (i == sizeof(mods) / sizeof(mods[0])) {
			snprintf(err, len, "unknown modifier ':%.*s' in {%.*s} (signame, errno, "
				 "syscall, hex)", (int)ml, colon + 1, (int)n, s);
			return -1;
		}
		f->mod = (enum fmod)i;
	}
	return 0;
}

const char *syscall_name(long nr)
{
	size_t lo = 0, hi = sizeof(syscall_names) / sizeof(syscall_names[0]);

	while (lo < hi) {	/* the table is sorted by number */
		size_t mid = (lo + hi) / 2;

		if (syscall_names[mid].nr == nr)
			return syscall_names[mid].name;
		if (syscall_names[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void put_number(struct trace_seq *s, long long v, int is_signed, unsigned long long u,
		       enum fmod mod)
{
	const char *name = NULL;

	switch (mod) {
	case FMOD_SIGNAME:
		name = v > 0 && v < 65 ? sigabbrev_np((int)v) : NULL;
		if (name) {
			trace_seq_printf(s, "SIG%s", name);
			return;
		}
		break;
	case FMOD_ERRNO:
		name = v != 0 ? strerrorname_np((int)(v < 0 ? -v : v)) : NULL;
		if (name) {
			trace_seq_puts(s, name);
			return;
		}
		if (v == 0) {
			trace_seq_puts(s, "0");
			return;
		}
		break;
	case FMOD_SYSCALL:
		name = syscall_name(v);
		if (name) {
			trace_seq_puts(s, name);
			return;
		}
		break;
	case FMOD_HEX:
		trace_seq_printf(s, "0x%llx", u);
		return;
	default:
		break;
	}
	if (is_signed)
		trace_seq_printf(s, "%lld", v);
	else
		trace_seq_printf(s, "%llu", u);
}

static struct tep_format_field *find_own(struct tep_event *ev, const char *name)
{
	struct tep_format_field *f;

	for (f = ev->format.fields; f; f = f->next)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static struct tep_format_field *find_any(struct tep_event *ev, const char *name)
{
	struct tep_format_field *f = find_own(ev, name);

	for (f = f ? f : ev->format.common_fields; f && strcmp(f->name, name); f = f->next)
		;
	return f;
}

int field_span(struct tep_handle *tep, const struct tep_format_field *f,
	       const struct tep_record *rec, unsigned int *offp, unsigned int *lenp)
{
	const unsigned char *d = rec->data;
	unsigned int off = (unsigned int)f->offset, len = (unsigned int)f->size;

	if (off + len > (unsigned int)rec->size)
		return -1;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		uint32_t loc = (uint32_t)tep_read_number(tep, d + off, 4);

		len = loc >> 16;
		off = (loc & 0xffff) +
		      ((f->flags & TEP_FIELD_IS_RELATIVE) ? off + (unsigned int)f->size : 0);
		if (off > (unsigned int)rec->size || len > (unsigned int)rec->size - off)
			return -1;
	}
	*offp = off;
	*lenp = len;
	return 0;
}

/* @type past its leading "__data_loc", "const", "unsigned"... in any order. */
static const char *skip_qualifiers(const char *type)
{
	static const char *const words[] = { "__data_loc ", "__rel_loc ", "const ",
					     "volatile ", "unsigned ", "signed " };
	size_t i = 0;

	while (i < sizeof(words) / sizeof(words[0])) {
		if (strncmp(type, words[i], strlen(words[i]))) {
			i++;
			continue;
		}
		type += strlen(words[i]);
		i = 0;
	}
	return type;
}

/*
 * The size of a C type named in a format ("unsigned long", "u16", "const char *"), or 0
 * when it is not one we know. Qualifiers and signedness do not change it.
 */
static int type_size(const char *type, int long_size)
{
	static const struct { const char *name; int size; } types[] = {
		{ "char", 1 }, { "bool", 1 }, { "_Bool", 1 }, { "u8", 1 }, { "s8", 1 },
		{ "__u8", 1 }, { "__s8", 1 }, { "short", 2 }, { "short int", 2 }, { "u16", 2 },
		{ "s16", 2 }, { "__u16", 2 }, { "__s16", 2 }, { "int", 4 }, { "u32", 4 },
		{ "s32", 4 }, { "__u32", 4 }, { "__s32", 4 }, { "pid_t", 4 }, { "gfp_t", 4 },
		{ "long long", 8 }, { "long long int", 8 }, { "u64", 8 }, { "s64", 8 },
		{ "__u64", 8 }, { "__s64", 8 }, { "long", 0 }, { "long int", 0 },
		{ "size_t", 0 }, { "ssize_t", 0 },
	};
	size_t i, n;

	type = skip_qualifiers(type);
	n = strcspn(type, "[");
	while (n && type[n - 1] == ' ')
		n--;
	if (memchr(type, '*', n))
		return long_size;
	if (!n)		/* "unsigned" alone */
		return 4;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i].name) == n && !strncmp(type, types[i].name, n))
			return types[i].size ? types[i].size : long_size;
	return 0;
}

int field_elem_size(const struct tep_format_field *f)
{
	int es = (int)f->elementsize;

	if (es == 1 || es == 2 || es == 4 || es == 8)
		return es;
	/* libtraceevent leaves it 0 for a dynamic array ("__data_loc int[]"): its type's. */
	es = type_size(f->type, f->event ? tep_get_long_size(f->event->tep) : 8);
	return es ? es : 1;
}

/* A field's value as text; 0, or -1 when the event has no such field. */
static int put_field(struct trace_seq *s, struct tep_handle *tep, struct tep_format_field *f,
		     const struct tep_record *rec, enum fmod mod)
{
	const unsigned char *d = rec->data;
	unsigned int off, len;

	if (field_span(tep, f, rec, &off, &len))
		return -1;
	if (f->flags & TEP_FIELD_IS_STRING) {
		trace_seq_printf(s, "%.*s", (int)strnlen((const char *)d + off, len), d + off);
	} else if (f->flags & TEP_FIELD_IS_ARRAY) {
		int es = field_elem_size(f);
		unsigned int i;

		trace_seq_putc(s, '[');
		for (i = 0; i + (unsigned int)es <= len; i += (unsigned int)es) {
			unsigned long long u = tep_read_number(tep, d + off + i, es);

			trace_seq_printf(s, i ? " %llu" : "%llu", u);
		}
		trace_seq_putc(s, ']');
	} else if (len == 1 || len == 2 || len == 4 || len == 8) {
		unsigned long long u = tep_read_number(tep, d + off, (int)len);
		long long v = len == 1 ? (int8_t)u : len == 2 ? (int16_t)u : len == 4 ? (int32_t)u :
			      (long long)u;

		if (!(f->flags & TEP_FIELD_IS_SIGNED))
			v = (long long)u;
		put_number(s, v, !!(f->flags & TEP_FIELD_IS_SIGNED), u, mod);
	} else {
		return -1;
	}
	return 0;
}

int fspec_render(const struct fspec *f, struct tep_handle *tep, struct tep_event *ev,
		 const struct tep_record *rec, struct trace_seq *s)
{
	int pid = tep_data_pid(tep, (struct tep_record *)rec);
	struct tep_format_field *fl;

	if (!strcmp(f->name, "cpu")) {
		put_number(s, rec->cpu, 1, (unsigned long long)rec->cpu, f->mod);
		return 0;
	}
	if (!strcmp(f->name, "time")) {
		unsigned long long us = (rec->ts + 500) / 1000;

		trace_seq_printf(s, "%llu.%06llu", us / 1000000, us % 1000000);
		return 0;
	}
	if (!strcmp(f->name, "common_comm") || (!strcmp(f->name, "comm") && !find_own(ev, "comm"))) {
		trace_seq_puts(s, tep_data_comm_from_pid(tep, pid));
		return 0;
	}
	if (!strcmp(f->name, "common_pid") || (!strcmp(f->name, "pid") && !find_own(ev, "pid"))) {
		put_number(s, pid, 1, (unsigned long long)pid, f->mod);
		return 0;
	}
	if (!strcmp(f->name, "event")) {
		trace_seq_printf(s, "%s:%s", ev->system, ev->name);
		return 0;
	}
	fl = find_any(ev, f->name);
	if (!fl)
		return -1;
	return put_field(s, tep, fl, rec, f->mod);
}

/*
 * The info part of a text line, as the event's TP_printk gives it, except for the raw
 * system call events, which read better by name: "openat(ffffff9c, 7ffd..., 80000, 0, 0, 0)"
 * for raw_syscalls:sys_enter and "openat = 3" for sys_exit.
 */
void event_info(struct tep_handle *tep, struct tep_event *ev, struct tep_record *rec,
		struct trace_seq *s)
{
	unsigned long long id, ret, args[6];
	struct tep_format_field *f;
	const char *name;
	int i;

	if (!strcmp(ev->system, "raw_syscalls") &&
	    !tep_read_number_field(tep_find_field(ev, "id"), rec->data, &id) &&
	    (name = syscall_name((long)id)) != NULL) {
		if (!strcmp(ev->name, "sys_enter") && (f = tep_find_field(ev, "args")) &&
		    f->offset + 48 <= rec->size) {
			for (i = 0; i < 6; i++)
				args[i] = tep_read_number(tep, (char *)rec->data + f->offset + i * 8, 8);
			trace_seq_printf(s, "%s(%llx, %llx, %llx, %llx, %llx, %llx)", name, args[0],
					 args[1], args[2], args[3], args[4], args[5]);
			return;
		}
		if (!strcmp(ev->name, "sys_exit") &&
		    !tep_read_number_field(tep_find_field(ev, "ret"), rec->data, &ret)) {
			trace_seq_printf(s, "%s = %lld", name, (long long)ret);
			return;
		}
	}
	tep_print_event(tep, s, rec, "%s", TEP_PRINT_INFO);
}

/* ---------------------------------------------------------------------------------------- */
/* Templates */

struct tmpl_seg {
	char *text;			/* literal, or NULL for a field */
	struct fspec f;
};

struct tmpl {
	struct tmpl_seg *seg;
	unsigned int nr;
};

struct tmpl *tmpl_parse(const char *text, char *err, size_t len)
{
	struct tmpl *t = calloc(1, sizeof(*t));
	const char *p = text;

	if (!t)
		return NULL;
	while (*p) {
		struct tmpl_seg *ns = realloc(t->seg, (t->nr + 1) * sizeof(*ns));
		const char *open = strchr(p, '{'), *close;

		if (!ns)
			goto fail;
		t->seg = ns;
		memset(&t->seg[t->nr], 0, sizeof(t->seg[t->nr]));
		if (open != p) {
			size_t n = open ? (size_t)(open - p) : strlen(p);

			t->seg[t->nr].text = strndup(p, n);
			if (!t->seg[t->nr++].text)
				goto fail;
			p += n;
			continue;
		}
		close = strchr(open, '}');
		if (!close) {
			snprintf(err, len, "--format: '{' at column %d is not closed",
				 (int)(open - text) + 1);
			goto fail;
		}
		if (fspec_parse(&t->seg[t->nr].f, open + 1, (size_t)(close - open - 1), err, len))
			goto fail;
		t->nr++;
		p = close + 1;
	}
	return t;
fail:
	tmpl_free(t);
	return NULL;
}

void tmpl_render(const struct tmpl *t, struct tep_handle *tep, struct tep_event *ev,
		 const struct tep_record *rec, struct trace_seq *s)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++) {
		if (t->seg[i].text)
			trace_seq_puts(s, t->seg[i].text);
		else if (fspec_render(&t->seg[i].f, tep, ev, rec, s))
			trace_seq_printf(s, "{%s?}", t->seg[i].f.name);
	}
}

void tmpl_free(struct tmpl *t)
{
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < t->nr; i++)
		free(t->seg[i].text);
	free(t->seg);
	free(t);
}
