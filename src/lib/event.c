// SPDX-License-Identifier: MIT
/*
 * event.c - events describe themselves (the kernel's format text) and print themselves (their
 * TP_printk); and the error messages. What their probe records goes through probe.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------------------------------- */
/* Format text */

/* snprintf into @buf at @*pos, counting what does not fit. */
static void fmt_add(char *buf, size_t len, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fmt_add(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*pos < len ? buf + *pos : NULL, *pos < len ? len - *pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += (size_t)n;
}

static int is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/*
 * sizeof() of the standard C types, so that a print fmt using them reads right in
 * libtraceevent, which cannot evaluate sizeof (other types: TRACE_DEFINE_SIZEOF).
 */
static const struct {
	const char *type;
	unsigned int size;
} builtin_sizeof[] = {
	{ "char", sizeof(char) }, { "signed char", 1 }, { "unsigned char", 1 },
	{ "short", sizeof(short) }, { "unsigned short", sizeof(short) },
	{ "int", sizeof(int) }, { "unsigned int", sizeof(int) }, { "unsigned", sizeof(int) },
	{ "long", sizeof(long) }, { "unsigned long", sizeof(long) },
	{ "long long", sizeof(long long) }, { "unsigned long long", sizeof(long long) },
	{ "bool", 1 }, { "_Bool", 1 }, { "void *", sizeof(void *) },
	{ "size_t", sizeof(size_t) }, { "ssize_t", sizeof(size_t) },
	{ "int8_t", 1 }, { "uint8_t", 1 }, { "int16_t", 2 }, { "uint16_t", 2 },
	{ "int32_t", 4 }, { "uint32_t", 4 }, { "int64_t", 8 }, { "uint64_t", 8 },
	{ "u8", 1 }, { "s8", 1 }, { "u16", 2 }, { "s16", 2 }, { "u32", 4 }, { "s32", 4 },
	{ "u64", 8 }, { "s64", 8 },
};

#define SIZEOF_OPEN	"sizeof("
#define SIZEOF_OPEN_LEN	(sizeof(SIZEOF_OPEN) - 1)

/* At @s, "sizeof(<standard type>)": its length in @*n and the size, or 0. */
static unsigned int sizeof_builtin(const char *s, const char *end, size_t *n)
{
	const char *close;
	unsigned int i;
	size_t len;

	if ((size_t)(end - s) <= SIZEOF_OPEN_LEN || strncmp(s, SIZEOF_OPEN, SIZEOF_OPEN_LEN) != 0)
		return 0;
	close = memchr(s + SIZEOF_OPEN_LEN, ')', (size_t)(end - s) - SIZEOF_OPEN_LEN);
	if (!close)
		return 0;
	len = (size_t)(close - (s + SIZEOF_OPEN_LEN));
	for (i = 0; i < sizeof(builtin_sizeof) / sizeof(builtin_sizeof[0]); i++) {
		if (strlen(builtin_sizeof[i].type) == len &&
		    strncmp(s + SIZEOF_OPEN_LEN, builtin_sizeof[i].type, len) == 0) {
			*n = (size_t)(close - s) + 1;
			return builtin_sizeof[i].size;
		}
	}
	return 0;
}

/*
 * A name at @s (up to @end) that readers cannot evaluate, and its value: sizeof() of a
 * standard C type, or a TRACE_DEFINE_ENUM()/TRACE_DEFINE_SIZEOF() map of the event's system
 * (an enum name, or "sizeof(type)"), which the kernel replaces the same way.
 * Return: the length of the name at @s, 0 if none; @*value set.
 */
static size_t fmt_known_value(const struct tpoint_event *ev, const char *s, const char *end,
			      unsigned long *value)
{
	const struct tpoint_module *mod = ev->module;
	const struct tpoint_enum_map *const *mp;
	size_t n;

	*value = sizeof_builtin(s, end, &n);
	if (*value)
		return n;
	for (mp = mod ? mod->enum_start : NULL; mp && mp < mod->enum_stop; mp++) {
		n = strlen((*mp)->name);
		if (strcmp((*mp)->system, ev->system) == 0 && (size_t)(end - s) >= n &&
		    strncmp(s, (*mp)->name, n) == 0 && !is_ident(s[n])) {
			*value = (*mp)->value;
			return n;
		}
	}
	return 0;
}

int tpoint_event_print_fmt(const struct tpoint_event *ev, char *buf, size_t len)
{
	size_t pos = 0, flen, n;
	unsigned long value;
	const char *s, *fmt;
	int in_str = 0;

	if (!ev || (!buf && len))
		return -EINVAL;
	fmt = ev->print_fmt;
	flen = strlen(fmt);
	/* TP_printk("text") with no argument: the stage leaves a trailing ", ". */
	if (flen >= 3 && strcmp(fmt + flen - 3, "\", ") == 0)
		flen -= 2;
	for (s = fmt; s < fmt + flen; s++) {
		if (*s == '"' && (s == fmt || s[-1] != '\\'))
			in_str = !in_str;
		/* At the start of a token outside string literals: a name readers cannot read. */
		if (!in_str && (s == fmt || !is_ident(s[-1])) &&
		    (n = fmt_known_value(ev, s, fmt + flen, &value)) != 0) {
			fmt_add(buf, len, &pos, "%lu", value);
			s += n - 1;
			continue;
		}
		fmt_add(buf, len, &pos, "%c", *s);
	}
	if (len && pos >= len)
		buf[len - 1] = '\0';
	return (int)pos;
}

const struct tpoint_field *tpoint_event_fields(const struct tpoint_event *ev, unsigned int *nr)
{
	unsigned int n;
	const struct tpoint_field *f = ev->fields(&n);

	if (nr)
		*nr = n;
	return f;
}

/* The common fields' lines below spell struct tpoint_trace_entry's layout. */
_Static_assert(offsetof(struct tpoint_trace_entry, type) == 0 &&
	       sizeof(((struct tpoint_trace_entry *)0)->type) == 2 &&
	       offsetof(struct tpoint_trace_entry, flags) == 2 &&
	       offsetof(struct tpoint_trace_entry, preempt_count) == 3 &&
	       offsetof(struct tpoint_trace_entry, pid) == 4 &&
	       sizeof(((struct tpoint_trace_entry *)0)->pid) == 4 &&
	       sizeof(struct tpoint_trace_entry) == 8, "the common fields' format text");

int tpoint_event_format(const struct tpoint_event *ev, char *buf, size_t len)
{
	const struct tpoint_field *f;
	unsigned int i, nr;
	size_t pos = 0;
	int n;

	if (!ev || (!buf && len))
		return -EINVAL;
	fmt_add(buf, len, &pos, "name: %s\nID: %d\nformat:\n", ev->name, ev->id);
	fmt_add(buf, len, &pos,
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n");
	f = tpoint_event_fields(ev, &nr);
	for (i = 0; i < nr; i++) {
		if (f[i].kind == TPOINT_FIELD_ARRAY) {	/* "char comm[16]" */
			fmt_add(buf, len, &pos, "\tfield:%s %s[%d];", f[i].type, f[i].name,
				f[i].array_len);
		} else {
			char type[256];

			tpoint__field_type(&f[i], type, sizeof(type));
			fmt_add(buf, len, &pos, "\tfield:%s %s;", type, f[i].name);
		}
		fmt_add(buf, len, &pos, "\toffset:%u;\tsize:%u;\tsigned:%u;\n", f[i].offset,
			f[i].size, f[i].is_signed);
	}
	fmt_add(buf, len, &pos, "\nprint fmt: ");
	n = tpoint_event_print_fmt(ev, pos < len ? buf + pos : NULL, pos < len ? len - pos : 0);
	pos += (size_t)n;
	fmt_add(buf, len, &pos, "\n");
	if (len && pos >= len)
		buf[len - 1] = '\0';
	return (int)pos;
}

/* ---------------------------------------------------------------------------------------- */
/* Printing an entry */

/*
 * Check that @entry can be printed without reading outside it: big enough for every fixed
 * field, every __data_loc inside, every string NUL-terminated within its length.
 */
static int entry_check(const struct tpoint_event *ev, const unsigned char *entry, size_t size)
{
	const struct tpoint_field *f;
	unsigned int i, nr;
	uint32_t loc, off, len;

	if (size < sizeof(struct tpoint_trace_entry))
		return TPOINT_E_BAD_ENTRY;
	f = tpoint_event_fields(ev, &nr);
	for (i = 0; i < nr; i++) {
		if ((size_t)f[i].offset + f[i].size > size)
			return TPOINT_E_BAD_ENTRY;
		if (f[i].kind < TPOINT_FIELD_DYNAMIC)
			continue;
		memcpy(&loc, entry + f[i].offset, sizeof(loc));
		off = tpoint__field_loc_off(&f[i], loc);
		len = TPOINT__DATA_LOC_LEN(loc);
		if ((size_t)off + len > size)
			return TPOINT_E_BAD_ENTRY;
		if ((f[i].kind == TPOINT_FIELD_STRING || f[i].kind == TPOINT_FIELD_REL_STRING) &&
		    (len == 0 || entry[off + len - 1] != '\0'))
			return TPOINT_E_BAD_ENTRY;
	}
	return 0;
}

/*
 * The scratch text of the print helpers, for one entry: __print_hex() of all of it takes 3
 * bytes a byte ("xx "), __print_array() up to 4; 4096 more for the rest of the TP_printk.
 */
#define PRINT_TMP_SIZE	(4 * TPOINT_EVENT_MAX + 4096)

/* errno values are 1 to 4095, as the kernel's MAX_ERRNO; lower ones are not errnos. */
#define MAX_ERRNO	4095

int tpoint_event_print(const struct tpoint_event *ev, const void *entry, size_t size, char *buf,
		       size_t len)
{
	struct tpoint_seq s = { buf, len, 0 }, p;
	int ret;

	if (!ev || !entry || (!buf && len))
		return -EINVAL;
	if (len)
		buf[0] = '\0';
	ret = entry_check(ev, entry, size);
	if (ret)
		return ret;
	p.buf = malloc(PRINT_TMP_SIZE);
	if (!p.buf)
		return -ENOMEM;
	p.size = PRINT_TMP_SIZE;
	p.len = 0;
	ev->output(&s, &p, entry);
	free(p.buf);
	return (int)s.len;
}

/* ---------------------------------------------------------------------------------------- */
/* Errors */

#define TPOINT__ERRMSG(code, msg) msg,
static const char *const tpoint_errmsg[] = { TPOINT_ERRORS(TPOINT__ERRMSG) };
#undef TPOINT__ERRMSG

const char *tpoint_strerror(int err)
{
	if (err > TPOINT_E_FIRST && err < TPOINT_E_LAST)
		return tpoint_errmsg[err - TPOINT_E_FIRST - 1];
	if (err < 0 && err >= -MAX_ERRNO)
		return strerror(-err);
	return "unknown error";
}
