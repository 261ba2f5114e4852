// SPDX-License-Identifier: MIT
/*
 * ctfmeta.c - CTF 1.8 metadata for a trace.dat file (ctfmeta.h). Facts from the CTF 1.8
 * specification (TSDL), and from what babeltrace2 and Trace Compass read:
 *
 * - every field name is written with a leading "_": both readers take one off again, as
 *   LTTng's traces have them, so a field named like a TSDL keyword ("event", "string") or
 *   with a leading "_" of its own reads as it is named in the format;
 * - integers are byte-aligned (align = 8) and in the trace's byte order, the file's: the
 *   event's bytes are copied as they are, with no padding to compute;
 * - an enum's mappings may not overlap (Trace Compass refuses the trace): the first of a
 *   value's symbols is kept, the one libtraceevent's printer shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>

#include "ctfmeta.h"
#include "fields.h"

/* ---------------------------------------------------------------------------------------- */
/* Fields: how each is written */

/* "char" (not "unsigned char", nor u8: those are bytes) after "__data_loc" and "const". */
static int is_char_type(const char *type)
{
	static const char *const words[] = { "__data_loc ", "__rel_loc ", "const " };
	size_t i = 0;

	while (i < sizeof(words) / sizeof(words[0])) {
		if (strncmp(type, words[i], strlen(words[i]))) {
			i++;
			continue;
		}
		type += strlen(words[i]);
		i = 0;
	}
	return !strncmp(type, "char", 4) && (!type[4] || type[4] == ' ' || type[4] == '[');
}

/* @f's bytes as numbers: a scalar, an array, or (for a size no integer has) bytes. */
static void plan_numbers(struct ctf_field *cf, const struct tep_format_field *f)
{
	unsigned int size = (unsigned int)f->size;
	int array = !!(f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC));

	cf->is_signed = !!(f->flags & TEP_FIELD_IS_SIGNED);
	cf->hex = !!(f->flags & TEP_FIELD_IS_POINTER) || !strncmp(f->type, "struct ", 7);
	if (!array && (size == 1 || size == 2 || size == 4 || size == 8)) {
		cf->kind = CTF_INT;
		cf->es = size;
		return;
	}
	/* An array; or a struct of 12 bytes, what is in it the format does not say: bytes. */
	cf->es = array ? (unsigned int)field_elem_size(f) : 1;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		cf->kind = CTF_SEQ;
	} else {
		cf->kind = CTF_ARRAY;
		if (size % cf->es)
			cf->es = 1;
		cf->nr = size / cf->es;
	}
	/* Arrays of unsigned char and u8 hold bytes, not text (a string is "char"). */
	if (cf->es == 1 && !cf->is_signed)
		cf->hex = 1;
}

static void plan_field(struct ctf_field *cf, const struct tep_format_field *f)
{
	memset(cf, 0, sizeof(*cf));
	cf->f = f;
	if ((f->flags & TEP_FIELD_IS_ARRAY) && (f->flags & TEP_FIELD_IS_STRING) &&
	    is_char_type(f->type))
		cf->kind = CTF_STRING;
	else
		plan_numbers(cf, f);
}

/* ---------------------------------------------------------------------------------------- */
/* Symbols: __print_symbolic(REC->field, { value, "name" }...) in the TP_printk */

struct sym_find {
	const char *field;
	const struct tep_print_flag_sym *syms;
	int clash;			/* two lists for the field: which one is it? */
};

static void sym_walk(struct sym_find *s, const struct tep_print_arg *a);

static void sym_symbol(struct sym_find *s, const struct tep_print_arg *a)
{
	const struct tep_print_arg *of = a->symbol.field;

	/* Only the field itself: an expression (REC->x & 0xf) holds other values. */
	if (of && of->type == TEP_PRINT_FIELD && of->field.name &&
	    !strcmp(of->field.name, s->field)) {
		if (s->syms && s->syms != a->symbol.symbols)
			s->clash = 1;
		s->syms = a->symbol.symbols;
	}
	sym_walk(s, of);
}

/* Every argument of the print format, and the arguments inside them. */
static void sym_walk(struct sym_find *s, const struct tep_print_arg *a)
{
	for (; a; a = a->next) {
		switch (a->type) {
		case TEP_PRINT_SYMBOL:
			sym_symbol(s, a);
			break;
		case TEP_PRINT_OP:
			sym_walk(s, a->op.left);
			sym_walk(s, a->op.right);
			break;
		case TEP_PRINT_TYPE:
			sym_walk(s, a->typecast.item);
			break;
		case TEP_PRINT_FLAGS:
			sym_walk(s, a->flags.field);
			break;
		case TEP_PRINT_FUNC:
			sym_walk(s, a->func.args);
			break;
		default:
			break;
		}
	}
}

static const struct tep_print_flag_sym *sym_of(const struct tep_event *ev, const char *field)
{
	struct sym_find s = { field, NULL, 0 };

	sym_walk(&s, ev->print_fmt.args);
	return s.clash ? NULL : s.syms;
}

/*
 * A symbol's value as @cf holds it: 0, or -1 when it is no number, or one the field cannot
 * hold (a "-1" of an unsigned u32 never matches in libtraceevent's printer either).
 */
static int sym_value(const struct ctf_field *cf, const char *text, unsigned long long *v)
{
	unsigned int bits = cf->es * 8;
	char *end;

	*v = cf->is_signed ? (unsigned long long)strtoll(text, &end, 0) : strtoull(text, &end, 0);
	end += strspn(end, "uUlL");
	if (end == text || *end)
		return -1;
	if (bits == 64)
		return 0;
	if (!cf->is_signed)
		return *v >> bits ? -1 : 0;
	return (long long)*v < -(1LL << (bits - 1)) || (long long)*v >= 1LL << (bits - 1) ? -1 : 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Names */

/* What is not [A-Za-z0-9_] in @s made "_" (the C locale's letters, whatever the user's). */
static void make_ident(char *s)
{
	for (; *s; s++)
		if (!(*s == '_' || (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z')))
			*s = '_';
}

/* @name is a field's before field @i, or field @i's own. */
static int name_taken(const struct ctf_class *c, unsigned int i, const char *name)
{
	unsigned int j;

	for (j = 0; j <= i; j++)
		if ((c->fields[j].name && !strcmp(c->fields[j].name, name)) ||
		    (c->fields[j].len_name && !strcmp(c->fields[j].len_name, name)))
			return 1;
	return 0;
}

/*
 * "_" @name @suffix for field @i as a TSDL identifier (what is not [A-Za-z0-9_] made "_"),
 * with one more "_" in front while it is taken. NULL when out of memory.
 */
static char *name_make(const struct ctf_class *c, unsigned int i, const char *name,
		       const char *suffix)
{
	char *s, *t;

	if (asprintf(&s, "_%s%s", name, suffix) < 0)
		return NULL;
	make_ident(s);
	while (s && name_taken(c, i, s)) {
		if (asprintf(&t, "_%s", s) < 0)
			t = NULL;
		free(s);
		s = t;
	}
	return s;
}

/* ---------------------------------------------------------------------------------------- */
/* The event class */

/* Field @c->nr, of @f: 0, or -1 when out of memory. */
static int class_add(struct ctf_class *c, const struct tep_format_field *f)
{
	struct ctf_field *cf = &c->fields[c->nr];
	const struct tep_print_flag_sym *syms, *s;
	unsigned long long v;

	plan_field(cf, f);
	cf->name = name_make(c, c->nr, f->name, "");
	if (cf->name && cf->kind == CTF_SEQ)
		cf->len_name = name_make(c, c->nr, cf->name, "_length");
	if (!cf->name || (cf->kind == CTF_SEQ && !cf->len_name))
		return -1;
	syms = cf->kind == CTF_INT ? sym_of(c->ev, f->name) : NULL;
	for (s = syms; s; s = s->next)
		if (s->value && s->str && !sym_value(cf, s->value, &v)) {
			cf->syms = syms;	/* an enum of one mapping at least */
			break;
		}
	c->nr++;
	return 0;
}

int ctf_class_init(struct ctf_class *c, const struct tep_event *ev)
{
	const struct tep_format_field *lists[2] = { ev->format.common_fields, ev->format.fields };
	const struct tep_format_field *f;
	unsigned int n = 0, l;

	memset(c, 0, sizeof(*c));
	c->ev = ev;
	for (l = 0; l < 2; l++)
		for (f = lists[l]; f; f = f->next)
			n++;
	/* One more, zeroed: ctf_class_free() frees the names of the field that failed too. */
	c->fields = calloc(n + 1, sizeof(*c->fields));
	if (!c->fields)
		return -1;
	for (l = 0; l < 2; l++)
		for (f = lists[l]; f; f = f->next)
			if (class_add(c, f))
				return -1;
	return 0;
}

void ctf_class_free(struct ctf_class *c)
{
	unsigned int i;

	for (i = 0; c->fields && i <= c->nr; i++) {	/* the one that failed too */
		free(c->fields[i].name);
		free(c->fields[i].len_name);
	}
	free(c->fields);
	memset(c, 0, sizeof(*c));
}

/* ---------------------------------------------------------------------------------------- */
/* TSDL */

/* @s as a TSDL string literal: quotes and backslashes escaped, control characters "?". */
static void meta_str(struct trace_seq *q, const char *s)
{
	trace_seq_putc(q, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			trace_seq_putc(q, '\\');
		trace_seq_putc(q, (unsigned char)*s < 0x20 ? '?' : *s);
	}
	trace_seq_putc(q, '"');
}

static void meta_int(struct trace_seq *q, unsigned int bytes, int is_signed, int hex)
{
	trace_seq_printf(q, "integer { size = %u; align = 8; signed = %s; base = %d; }", bytes * 8,
			 is_signed ? "true" : "false", hex ? 16 : 10);
}

/* "enum : integer {...} { "red" = 1, ... }": a value's first symbol only, as printed. */
static void meta_enum(struct trace_seq *q, const struct ctf_field *cf)
{
	const struct tep_print_flag_sym *s, *t;
	unsigned long long v, w;
	int first = 1;

	trace_seq_puts(q, "enum : ");
	meta_int(q, cf->es, cf->is_signed, cf->hex);
	trace_seq_puts(q, " {");
	for (s = cf->syms; s; s = s->next) {
		if (!s->value || !s->str || sym_value(cf, s->value, &v))
			continue;
		for (t = cf->syms; t != s; t = t->next)
			if (t->value && t->str && !sym_value(cf, t->value, &w) && w == v)
				break;
		if (t != s)
			continue;	/* an earlier symbol has the value */
		trace_seq_puts(q, first ? "\n\t\t\t" : ",\n\t\t\t");
		first = 0;
		meta_str(q, s->str);
		trace_seq_printf(q, cf->is_signed ? " = %lld" : " = %llu", v);
	}
	trace_seq_puts(q, "\n\t\t}");
}

static void meta_field(struct trace_seq *q, const struct ctf_field *cf)
{
	trace_seq_puts(q, "\t\t");
	switch (cf->kind) {
	case CTF_INT:
		if (cf->syms)
			meta_enum(q, cf);
		else
			meta_int(q, cf->es, cf->is_signed, cf->hex);
		trace_seq_printf(q, " %s;\n", cf->name);
		break;
	case CTF_STRING:
		trace_seq_printf(q, "string %s;\n", cf->name);
		break;
	case CTF_ARRAY:
		meta_int(q, cf->es, cf->is_signed, cf->hex);
		trace_seq_printf(q, " %s[%u];\n", cf->name, cf->nr);
		break;
	case CTF_SEQ:
		trace_seq_printf(q, "uint32_t %s;\n\t\t", cf->len_name);
		meta_int(q, cf->es, cf->is_signed, cf->hex);
		trace_seq_printf(q, " %s[%s];\n", cf->name, cf->len_name);
		break;
	}
}

void ctf_meta_event(struct trace_seq *q, const struct ctf_class *c)
{
	char name[512];
	unsigned int i;

	snprintf(name, sizeof(name), "%s:%s", c->ev->system, c->ev->name);
	trace_seq_puts(q, "\nevent {\n\tname = ");
	meta_str(q, name);
	trace_seq_printf(q, ";\n\tid = %d;\n\tstream_id = 0;\n\tfields := struct {\n", c->ev->id);
	for (i = 0; i < c->nr; i++)
		meta_field(q, &c->fields[i]);
	trace_seq_puts(q, "\t};\n};\n");
}

/* The environment: who wrote the trace, and the recording's host and kernel where known. */
static void meta_env(struct trace_seq *q, const struct ctf_head *h)
{
	char sys[64] = "", host[256] = "", rel[128] = "";
	unsigned int major = 0, minor = 0, patch = 0;

	sscanf(TPOINT_VERSION, "%u.%u.%u", &major, &minor, &patch);
	trace_seq_printf(q, "\nenv {\n\tdomain = \"tpoint\";\n\ttracer_name = \"tpoint\";\n"
			 "\ttracer_major = %u;\n\ttracer_minor = %u;\n\ttracer_patchlevel = %u;\n",
			 major, minor, patch);
	/* UNAME, as trace-cmd and tpoint record write it: "sysname nodename release machine" */
	if (h->uname && sscanf(h->uname, "%63s %255s %127s", sys, host, rel) == 3) {
		trace_seq_puts(q, "\thostname = ");
		meta_str(q, host);
		trace_seq_puts(q, ";\n\tsysname = ");
		meta_str(q, sys);
		trace_seq_puts(q, ";\n\tkernel_release = ");
		meta_str(q, rel);
		trace_seq_puts(q, ";\n");
	}
	trace_seq_puts(q, "\ttrace_clock = ");
	meta_str(q, h->clock);
	trace_seq_puts(q, ";\n};\n");
}

/* The clock, named "monotonic" where the file's times are CLOCK_MONOTONIC's, as LTTng's. */
static void meta_clock(struct trace_seq *q, const struct ctf_head *h)
{
	const char *clock = h->clock_monotonic ? "monotonic" : h->clock;
	char name[64];

	/* "x86-tsc": "x86_tsc"; an identifier does not start with a digit. */
	snprintf(name, sizeof(name), "%s%s", *clock >= '0' && *clock <= '9' ? "_" : "", clock);
	make_ident(name);
	/* The file's times are ns (trace-cmd's too): the CTF times are the same numbers. */
	trace_seq_printf(q, "\nclock {\n\tname = %s;\n\tdescription = ", name);
	meta_str(q, h->clock_monotonic ? "CLOCK_MONOTONIC, ns: the trace.dat file's times" :
		 "the trace.dat file's clock, its times as they are");
	trace_seq_printf(q, ";\n\tfreq = 1000000000;\n\toffset_s = 0;\n\toffset = 0;\n};\n\n"
			 "typealias integer { size = 64; align = 8; signed = false; "
			 "map = clock.%s.value; } := uint64_clock_t;\n", name);
}

void ctf_meta_head(struct trace_seq *q, const struct ctf_head *h)
{
	const unsigned char *u = h->uuid;

	trace_seq_puts(q, "/* CTF 1.8 */\n\n"
		       "typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"
		       "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
		       "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n");
	trace_seq_printf(q, "\ntrace {\n\tmajor = 1;\n\tminor = 8;\n\tuuid = \"%02x%02x%02x%02x-"
			 "%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\";\n"
			 "\tbyte_order = %s;\n", u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
			 u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15],
			 h->big_endian ? "be" : "le");
	trace_seq_puts(q, "\tpacket.header := struct {\n\t\tuint32_t magic;\n"
		       "\t\tuint8_t uuid[16];\n\t\tuint32_t stream_id;\n\t};\n};\n");
	meta_env(q, h);
	meta_clock(q, h);
	/* CTF_PACKET_HEAD bytes: the header's 24 and these 44, all byte-aligned. */
	trace_seq_puts(q, "\nstream {\n\tid = 0;\n\tpacket.context := struct {\n"
		       "\t\tuint64_clock_t timestamp_begin;\n\t\tuint64_clock_t timestamp_end;\n"
		       "\t\tuint64_t content_size;\n\t\tuint64_t packet_size;\n"
		       "\t\tuint64_t events_discarded;\n\t\tuint32_t cpu_id;\n\t};\n"
		       "\tevent.header := struct {\n\t\tuint32_t id;\n"
		       "\t\tuint64_clock_t timestamp;\n\t};\n};\n");
}
