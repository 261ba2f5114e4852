// SPDX-License-Identifier: MIT
/*
 * filter.c - parse the kernel's event-filter grammar into a tree, evaluate it on entries.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tpoint/tpoint.h>

#include "filter.h"

#define FILTER_MAX_DEPTH	64	/* nested parentheses: the parser recurses */
/*
 * A string field is glob-matched on its first FILTER_STR_MAX - 1 bytes: all of it in an
 * entry of a 4 KiB page (the library's at most TPOINT_EVENT_MAX), with no allocation.
 */
#define FILTER_STR_MAX		4096

enum node_op {
	N_OR, N_AND, N_NOT,
	N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE, N_BAND, N_GLOB,
};

struct node {
	enum node_op op;
	struct node *l, *r;		/* N_OR, N_AND: both; N_NOT: l */
	struct tpf_field field;		/* predicates */
	uint64_t num;
	char *str;
};

struct tp_filter {
	struct node *root;
};

struct parser {
	const char *text, *p;
	const struct tpf_field *fields;
	unsigned int nr;
	char *err;
	size_t errlen;
	int failed;
	int depth;
};

static void perr(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void perr(struct parser *ps, const char *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ps->err && ps->errlen)
		snprintf(ps->err, ps->errlen, "filter: %s at column %d", msg,
			 (int)(at - ps->text) + 1);
}

static void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->l);
	node_free(n->r);
	free(n->str);
	free(n);
}

static struct node *node_new(struct parser *ps, enum node_op op)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		perr(ps, ps->p, "out of memory");
	else
		n->op = op;
	return n;
}

static void skip_space(struct parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
}

static int is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static int is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/* "sig, errno, code" : the event's own fields, as the error message lists them. */
static void field_list(const struct parser *ps, char *buf, size_t len)
{
	size_t pos = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < ps->nr; i++) {
		const char *name = ps->fields[i].name;
		int n;

		if (strncmp(name, "common_", sizeof("common_") - 1) == 0)
			continue;
		n = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", name);
		if (n < 0 || (size_t)n >= len - pos)
			break;
		pos += (size_t)n;
	}
}

static const struct tpf_field *field_find(const struct parser *ps, const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < ps->nr; i++)
		if (strlen(ps->fields[i].name) == len && !strncmp(ps->fields[i].name, name, len))
			return &ps->fields[i];
	return NULL;
}

static const struct {
	const char *text;
	enum node_op op;
} cmp_ops[] = {
	{ "==", N_EQ }, { "!=", N_NE }, { "<=", N_LE }, { ">=", N_GE },
	{ "<", N_LT }, { ">", N_GT }, { "~", N_GLOB }, { "&", N_BAND },
};

/* A value: "quoted", 'quoted', or a bare word up to a space, ')', '&&' or '||'. */
static char *parse_value(struct parser *ps, const char **start)
{
	const char *s, *e;
	char *v;

	skip_space(ps);
	*start = ps->p;
	if (*ps->p == '"' || *ps->p == '\'') {
		char q = *ps->p;

		s = ps->p + 1;
		e = strchr(s, q);
		if (!e) {
			perr(ps, ps->p, "unterminated string");
			return NULL;
		}
		ps->p = e + 1;
	} else {
		s = ps->p;
		while (*ps->p && !isspace((unsigned char)*ps->p) && *ps->p != ')' &&
		       strncmp(ps->p, "&&", 2) != 0 && strncmp(ps->p, "||", 2) != 0)
			ps->p++;
		e = ps->p;
		if (e == s) {
			perr(ps, s, "expected a value");
			return NULL;
		}
	}
	v = strndup(s, (size_t)(e - s));
	if (!v)
		perr(ps, s, "out of memory");
	return v;
}

/*
 * A number for field @f, checked as the kernel checks it (trace_events_filter.c,
 * parse_pred()): kstrtoll() for a signed field, kstrtoull() for an unsigned one, so a
 * constant beyond 64 bits of the field's signedness, or a minus sign on an unsigned field,
 * is refused, not wrapped. Stricter than the kernel, a constant that fits the field's size
 * neither as a signed nor as an unsigned number is refused too: the kernel compares it
 * truncated to the field's type, so "sig < 1000" on a u8 would mean "sig < 232". A bit
 * pattern for a narrow signed field (0xffffffff on an s32) is taken as the kernel takes
 * it: sign-extended (-1). 0, or -1 with a message at @at.
 */
static int parse_number(struct parser *ps, const struct tpf_field *f, const char *v,
			const char *at, uint64_t *out)
{
	unsigned int bits = f->size < 8 ? f->size * 8 : 64;
	uint64_t umax = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
	int64_t smin = bits == 64 ? INT64_MIN : -(int64_t)(1ull << (bits - 1));
	const char *s = v;
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	errno = 0;
	if (f->is_signed) {
		long long n = strtoll(s, &end, 0);

		*out = (uint64_t)n;
		if (end == s || *end)
			goto not_number;
		if (errno == ERANGE || n < smin || (n > 0 && (uint64_t)n > umax))
			goto range;
		if (bits < 64 && (uint64_t)n > umax >> 1)	/* a bit pattern: sign-extend */
			*out = (uint64_t)n | ~umax;
		return 0;
	}
	*out = strtoull(s, &end, 0);
	if (end == s || *end)
		goto not_number;
	if (*s == '-') {
		perr(ps, at, "'%s' is negative; field '%s' is unsigned (0 to %llu)", v, f->name,
		     (unsigned long long)umax);
		return -1;
	}
	if (errno == ERANGE || *out > umax)
		goto range;
	return 0;
not_number:
	perr(ps, at, "'%s' is not a number (field '%s')", v, f->name);
	return -1;
range:
	if (f->is_signed && bits == 64)
		perr(ps, at, "'%s' is out of range for field '%s' (signed, 8 bytes: %lld to %lld)",
		     v, f->name, (long long)INT64_MIN, (long long)INT64_MAX);
	else if (f->is_signed)
		perr(ps, at, "'%s' is out of range for field '%s' (signed, %u byte%s: %lld to %lld, "
		     "or a bit pattern up to %#llx)", v, f->name, bits / 8, bits > 8 ? "s" : "",
		     (long long)smin, (long long)(umax >> 1), (unsigned long long)umax);
	else
		perr(ps, at, "'%s' is out of range for field '%s' (unsigned, %u byte%s: 0 to %llu)",
		     v, f->name, bits / 8, bits > 8 ? "s" : "", (unsigned long long)umax);
	return -1;
}

/* The field named at ps->p: the event's field, or NULL with the error (and the fields). */
static const struct tpf_field *parse_field(struct parser *ps, const char **start)
{
	const struct tpf_field *f;
	char list[400];
	size_t l;

	skip_space(ps);
	*start = ps->p;
	if (!is_ident_start((unsigned char)*ps->p)) {
		perr(ps, ps->p,
		     *ps->p ? "expected a field name" : "expected a field name, found the end");
		return NULL;
	}
	while (is_ident((unsigned char)*ps->p))
		ps->p++;
	f = field_find(ps, *start, (size_t)(ps->p - *start));
	if (f)
		return f;
	field_list(ps, list, sizeof(list));
	perr(ps, *start, "unknown field '%.*s'", (int)(ps->p - *start), *start);
	if (ps->err) {
		l = strlen(ps->err);
		snprintf(ps->err + l, ps->errlen - l, " (fields: %s)", list);
	}
	return NULL;
}

/*
 * The comparison after field @f (named at @start), checked against what @f is: its index
 * in cmp_ops, or -1 with the error.
 */
static int parse_op(struct parser *ps, const struct tpf_field *f, const char *start)
{
	const char *opat;
	enum node_op op;
	unsigned int i;

	skip_space(ps);
	opat = ps->p;
	for (i = 0; i < sizeof(cmp_ops) / sizeof(cmp_ops[0]); i++)
		if (!strncmp(ps->p, cmp_ops[i].text, strlen(cmp_ops[i].text)))
			break;
	if (i == sizeof(cmp_ops) / sizeof(cmp_ops[0]) || !strncmp(ps->p, "&&", 2)) {
		perr(ps, ps->p, "expected an operator (==, !=, <, <=, >, >=, &, ~) after '%s'",
		     f->name);
		return -1;
	}
	ps->p += strlen(cmp_ops[i].text);
	op = cmp_ops[i].op;
	if (f->kind == TPF_OTHER) {
		perr(ps, start, "field '%s' cannot be filtered on (not a number or a string)",
		     f->name);
		return -1;
	}
	if (f->kind == TPF_NUM && op == N_GLOB) {
		perr(ps, opat, "'~' needs a string field; '%s' is a number", f->name);
		return -1;
	}
	if (f->kind != TPF_NUM && op != N_EQ && op != N_NE && op != N_GLOB) {
		perr(ps, opat, "'%s' compares numbers; '%s' is a string (use ==, != or ~)",
		     cmp_ops[i].text, f->name);
		return -1;
	}
	return (int)i;
}

/* field op value */
static struct node *parse_pred(struct parser *ps)
{
	const char *start, *vstart;
	const struct tpf_field *f;
	struct node *n;
	char *v;
	int i;

	f = parse_field(ps, &start);
	if (!f)
		return NULL;
	i = parse_op(ps, f, start);
	if (i < 0)
		return NULL;
	v = parse_value(ps, &vstart);
	if (!v)
		return NULL;
	n = node_new(ps, cmp_ops[i].op);
	if (!n) {
		free(v);
		return NULL;
	}
	n->field = *f;
	n->field.name = NULL;
	if (f->kind != TPF_NUM) {
		n->str = v;
		return n;
	}
	if (parse_number(ps, f, v, vstart, &n->num)) {
		free(v);
		free(n);
		return NULL;
	}
	free(v);
	return n;
}

static struct node *parse_or(struct parser *ps);

static struct node *parse_unary(struct parser *ps)
{
	struct node *n, *in;
	const char *open;

	skip_space(ps);
	if (*ps->p == '!' && ps->p[1] != '=') {
		ps->p++;
		in = parse_unary(ps);
		if (!in)
			return NULL;
		n = node_new(ps, N_NOT);
		if (!n) {
			node_free(in);
			return NULL;
		}
		n->l = in;
		return n;
	}
	if (*ps->p == '(') {
		open = ps->p++;
		if (++ps->depth > FILTER_MAX_DEPTH) {
			perr(ps, open, "too deeply nested");
			return NULL;
		}
		n = parse_or(ps);
		ps->depth--;
		if (!n)
			return NULL;
		skip_space(ps);
		if (*ps->p != ')') {
			perr(ps, open, "'(' is not closed");
			node_free(n);
			return NULL;
		}
		ps->p++;
		return n;
	}
	return parse_pred(ps);
}

static struct node *parse_binary(struct parser *ps, int is_or)
{
	struct node *l, *r, *n;

	l = is_or ? parse_binary(ps, 0) : parse_unary(ps);
	while (l) {
		skip_space(ps);
		if (strncmp(ps->p, is_or ? "||" : "&&", 2) != 0)
			break;
		ps->p += 2;
		r = is_or ? parse_binary(ps, 0) : parse_unary(ps);
		n = r ? node_new(ps, is_or ? N_OR : N_AND) : NULL;
		if (!n) {
			node_free(l);
			node_free(r);
			return NULL;
		}
		n->l = l;
		n->r = r;
		l = n;
	}
	return l;
}

static struct node *parse_or(struct parser *ps)
{
	return parse_binary(ps, 1);
}

struct tp_filter *tp_filter_parse(const char *text, const struct tpf_field *fields,
				  unsigned int nr, char *err, size_t errlen)
{
	struct parser ps = { text, text, fields, nr, err, errlen, 0, 0 };
	struct tp_filter *f;
	struct node *root;

	if (err && errlen)
		err[0] = '\0';
	root = parse_or(&ps);
	if (root) {
		skip_space(&ps);
		if (*ps.p) {
			perr(&ps, ps.p, *ps.p == ')' ? "')' without '('" :
			     "expected '&&', '||' or the end");
			node_free(root);
			return NULL;
		}
	}
	if (!root)
		return NULL;
	f = malloc(sizeof(*f));
	if (!f) {
		node_free(root);
		return NULL;
	}
	f->root = root;
	return f;
}

void tp_filter_free(struct tp_filter *f)
{
	if (f) {
		node_free(f->root);
		free(f);
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Fields */

/* @s with a leading "const " skipped, and the length left without trailing spaces. */
static const char *type_trim(const char *s, size_t *len)
{
	if (*len >= sizeof("const ") - 1 && !strncmp(s, "const ", sizeof("const ") - 1)) {
		s += sizeof("const ") - 1;
		*len -= sizeof("const ") - 1;
	}
	while (*len && s[*len - 1] == ' ')
		(*len)--;
	return s;
}

/* Are the @len bytes at @s a char type: char, signed char or unsigned char? */
static int type_is_char(const char *s, size_t len)
{
	static const char *const chars[] = { "char", "signed char", "unsigned char" };
	unsigned int i;

	s = type_trim(s, &len);
	for (i = 0; i < sizeof(chars) / sizeof(chars[0]); i++)
		if (strlen(chars[i]) == len && !strncmp(s, chars[i], len))
			return 1;
	return 0;
}

/* The length of the element type of an array "X[N]" or "X[]", or -1 if @type is none. */
static long type_array_elem(const char *type)
{
	const char *open = strchr(type, '[');
	size_t len = strlen(type);

	if (!open || type[len - 1] != ']')
		return -1;
	return open - type;
}

/* A struct or union, not a pointer to one? */
static int type_is_record(const char *type)
{
	size_t len = strlen(type);

	type = type_trim(type, &len);
	if (strncmp(type, "struct ", sizeof("struct ") - 1) &&
	    strncmp(type, "union ", sizeof("union ") - 1))
		return 0;
	return type[len - 1] != '*';
}

enum tpf_kind tpf_classify(const char *type, uint32_t size)
{
	static const struct {
		const char *prefix;
		enum tpf_kind kind;
	} locs[] = { { "__data_loc ", TPF_DSTR }, { "__rel_loc ", TPF_RSTR } };
	unsigned int i;
	long elem;

	for (i = 0; i < sizeof(locs) / sizeof(locs[0]); i++) {
		size_t n = strlen(locs[i].prefix);

		if (strncmp(type, locs[i].prefix, n))
			continue;
		elem = type_array_elem(type + n);
		return elem >= 0 && type_is_char(type + n, (size_t)elem) ? locs[i].kind : TPF_OTHER;
	}
	elem = type_array_elem(type);
	if (elem >= 0)
		return type_is_char(type, (size_t)elem) ? TPF_STR : TPF_OTHER;
	if (type_is_record(type))
		return TPF_OTHER;
	return size == 1 || size == 2 || size == 4 || size == 8 ? TPF_NUM : TPF_OTHER;
}

/* ---------------------------------------------------------------------------------------- */
/* Evaluation */

static int get_num(const struct tpf_field *fd, const unsigned char *e, size_t size, uint64_t *v)
{
	if (fd->offset + fd->size > size)
		return -1;
	switch (fd->size) {
	case 1: {
		uint8_t x = e[fd->offset];

		*v = fd->is_signed ? (uint64_t)(int64_t)(int8_t)x : x;
		return 0;
	}
	case 2: {
		uint16_t x;

		memcpy(&x, e + fd->offset, 2);
		*v = fd->is_signed ? (uint64_t)(int64_t)(int16_t)x : x;
		return 0;
	}
	case 4: {
		uint32_t x;

		memcpy(&x, e + fd->offset, 4);
		*v = fd->is_signed ? (uint64_t)(int64_t)(int32_t)x : x;
		return 0;
	}
	case 8:
		memcpy(v, e + fd->offset, 8);
		return 0;
	}
	return -1;
}

/* The string of a field, bounded by the entry: its start and length (up to a NUL). */
static int get_str(const struct tpf_field *fd, const unsigned char *e, size_t size,
		   const char **s, size_t *len)
{
	uint32_t loc, off, n;

	if (fd->offset + fd->size > size)
		return -1;
	if (fd->kind == TPF_STR) {
		off = fd->offset;
		n = fd->size;
	} else {
		if (fd->size != 4)
			return -1;
		memcpy(&loc, e + fd->offset, 4);
		off = TPOINT__DATA_LOC_OFF(loc);
		n = TPOINT__DATA_LOC_LEN(loc);
		if (fd->kind == TPF_RSTR)
			off += fd->offset + 4;
		if (off > size || n > size - off)
			return -1;
	}
	*s = (const char *)e + off;
	*len = strnlen(*s, n);
	return 0;
}

/* A number predicate on the value @v of its field. */
static int eval_num(const struct node *n, uint64_t v)
{
	switch (n->op) {
	case N_EQ: return v == n->num;
	case N_NE: return v != n->num;
	case N_BAND: return (v & n->num) != 0;
	default: break;
	}
	if (n->field.is_signed) {
		int64_t a = (int64_t)v, b = (int64_t)n->num;

		switch (n->op) {
		case N_LT: return a < b;
		case N_LE: return a <= b;
		case N_GT: return a > b;
		case N_GE: return a >= b;
		default: return 0;
		}
	}
	switch (n->op) {
	case N_LT: return v < n->num;
	case N_LE: return v <= n->num;
	case N_GT: return v > n->num;
	case N_GE: return v >= n->num;
	default: return 0;
	}
}

static int eval(const struct node *n, const unsigned char *e, size_t size)
{
	uint64_t v;
	const char *s;
	size_t len;
	char buf[FILTER_STR_MAX];
	int r;

	switch (n->op) {
	case N_OR:
		return eval(n->l, e, size) || eval(n->r, e, size);
	case N_AND:
		return eval(n->l, e, size) && eval(n->r, e, size);
	case N_NOT:
		return !eval(n->l, e, size);
	default:
		break;
	}
	if (n->field.kind == TPF_NUM)
		return !get_num(&n->field, e, size, &v) && eval_num(n, v);
	if (get_str(&n->field, e, size, &s, &len))
		return 0;
	if (n->op != N_GLOB) {
		r = strlen(n->str) == len && memcmp(n->str, s, len) == 0;
		return n->op == N_EQ ? r : !r;
	}
	/* fnmatch wants a terminated string. */
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return fnmatch(n->str, buf, 0) == 0;
}

int tp_filter_match(const struct tp_filter *f, const void *entry, size_t size)
{
	return !f || eval(f->root, entry, size);
}
