// SPDX-License-Identifier: MIT
/*
 * hist.c - counts per key, in the spirit of ftrace's hist triggers: tpoint top's live table
 * and tpoint report --hist's table over a file.
 *
 *   keys=FIELD[:mod][,...][:vals=FIELD,...][:sort=hitcount|FIELD[.ascending]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>

#include "fields.h"
#include "hist.h"
#include "tool.h"

struct hist_entry {
	char *key;			/* the rendered keys, tab-separated */
	unsigned long long hits;
	long long *vals;
	struct hist_entry *next;
};

#define HIST_BUCKETS 4096

struct hist {
	struct fspec keys[8], vals[8];
	unsigned int nkeys, nvals;
	int sort_val;			/* -1: hitcount */
	int ascending;
	struct hist_entry *bucket[HIST_BUCKETS];
	unsigned long long entries, events;
};

static int parse_list(const char *s, size_t n, struct fspec *out, unsigned int *nr,
		      char *err, size_t len)
{
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t l = comma ? (size_t)(comma - p) : (size_t)(end - p);

		if (*nr >= 8) {
			snprintf(err, len, "at most 8 keys and 8 values");
			return -1;
		}
		if (fspec_parse(&out[(*nr)++], p, l, err, len))
			return -1;
		p += l + (comma ? 1 : 0);
	}
	return 0;
}

/* A clause's name at @p: keys=, vals= (values=) or sort=, and "key=" where a clause begins. */
static int hist_word(const char *p, int key_too)
{
	return !strncmp(p, "keys=", 5) || (key_too && !strncmp(p, "key=", 4)) ||
	       !strncmp(p, "vals=", 5) || !strncmp(p, "values=", 7) || !strncmp(p, "sort=", 5);
}

/* The ':' that ends the clause at @p, or NULL: one followed by a clause's name ("key=" is not). */
static const char *hist_clause_end(const char *p)
{
	const char *next;

	for (next = strchr(p, '='); (next = strchr(next, ':')); next++)
		if (hist_word(next + 1, 0))
			return next;
	return NULL;
}

/* sort=hitcount|FIELD[.ascending|.descending], @n bytes at @s: FIELD one of the vals. */
static int hist_sort_parse(struct hist *h, const char *s, size_t n, char *err, size_t len)
{
	char what[64];
	unsigned int i;

	snprintf(what, sizeof(what), "%.*s", (int)n, s);
	if (strstr(what, ".ascending")) {
		h->ascending = 1;
		*strstr(what, ".ascending") = '\0';
	} else if (strstr(what, ".descending")) {
		*strstr(what, ".descending") = '\0';
	}
	if (!strcmp(what, "hitcount"))
		return 0;
	for (i = 0; i < h->nvals; i++)
		if (!strcmp(h->vals[i].name, what))
			break;
	if (i == h->nvals) {
		snprintf(err, len, "--hist: sort=%s is not hitcount or one of the vals", what);
		return -1;
	}
	h->sort_val = (int)i;
	return 0;
}

/* The clause from @p to @cut (NULL: to the end). */
static int hist_clause(struct hist *h, const char *p, const char *cut, char *err, size_t len)
{
	const char *eq = strchr(p, '=') + 1;
	size_t n = cut ? (size_t)(cut - eq) : strlen(eq);

	if (p[0] == 'k')
		return parse_list(eq, n, h->keys, &h->nkeys, err, len);
	if (p[0] == 'v')
		return parse_list(eq, n, h->vals, &h->nvals, err, len);
	return hist_sort_parse(h, eq, n, err, len);
}

struct hist *hist_parse(const char *spec, int keys_only, char *err, size_t len)
{
	struct hist *h = calloc(1, sizeof(*h));
	const char *p = spec, *cut;

	if (!h)
		return NULL;
	h->sort_val = -1;
	if (keys_only || !spec) {	/* tpoint top --by a,b:mod */
		if (parse_list(p, strlen(p), h->keys, &h->nkeys, err, len))
			goto fail;
		return h;
	}
	/* keys=...:vals=...:sort=...; a ':' inside keys may be a modifier: split on known words */
	for (; *p; p = cut ? cut + 1 : p + strlen(p)) {
		if (!hist_word(p, 1)) {
			snprintf(err, len, "--hist: expected keys=, vals= or sort= at '%s'", p);
			goto fail;
		}
		cut = hist_clause_end(p);
		if (hist_clause(h, p, cut, err, len))
			goto fail;
	}
	if (!h->nkeys) {
		snprintf(err, len, "--hist: give keys=FIELD[,FIELD...]");
		goto fail;
	}
	return h;
fail:
	hist_free(h);
	return NULL;
}

static unsigned long hash(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

void hist_add(struct hist *h, struct tep_handle *tep, struct tep_event *ev,
	      const struct tep_record *rec)
{
	struct trace_seq s;
	struct hist_entry *e;
	unsigned int i;
	unsigned long b;

	trace_seq_init(&s);
	for (i = 0; i < h->nkeys; i++) {
		if (i)
			trace_seq_putc(&s, '\t');
		if (fspec_render(&h->keys[i], tep, ev, rec, &s))
			trace_seq_puts(&s, "-");
	}
	trace_seq_terminate(&s);
	b = hash(s.buffer) % HIST_BUCKETS;
	for (e = h->bucket[b]; e && strcmp(e->key, s.buffer); e = e->next)
		;
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e || !(e->key = strdup(s.buffer)) ||
		    !(e->vals = calloc(h->nvals ? h->nvals : 1, sizeof(*e->vals)))) {
			if (e)
				free(e->key);
			free(e);
			trace_seq_destroy(&s);
			return;
		}
		e->next = h->bucket[b];
		h->bucket[b] = e;
		h->entries++;
	}
	e->hits++;
	h->events++;
	for (i = 0; i < h->nvals; i++) {
		struct tep_format_field *f = tep_find_any_field(ev, h->vals[i].name);
		unsigned long long v;

		if (f && !tep_read_number_field(f, rec->data, &v))
			e->vals[i] += (f->flags & TEP_FIELD_IS_SIGNED) && f->size == 4 ?
				      (long long)(int)v : (long long)v;
	}
	trace_seq_destroy(&s);
}

static const struct hist *sort_h;

static int cmp(const void *a, const void *b)
{
	const struct hist_entry *x = *(struct hist_entry *const *)a;
	const struct hist_entry *y = *(struct hist_entry *const *)b;
	long long vx = sort_h->sort_val < 0 ? (long long)x->hits : x->vals[sort_h->sort_val];
	long long vy = sort_h->sort_val < 0 ? (long long)y->hits : y->vals[sort_h->sort_val];
	int r = vx < vy ? 1 : vx > vy ? -1 : strcmp(x->key, y->key);

	return sort_h->ascending && vx != vy ? -r : r;
}

void hist_print(const struct hist *h, FILE *fp, unsigned int rows)
{
	struct hist_entry **all, *e;
	unsigned long long i, n = 0;
	unsigned int k;

	all = calloc(h->entries ? h->entries : 1, sizeof(*all));
	if (!all)
		return;
	for (k = 0; k < HIST_BUCKETS; k++)
		for (e = h->bucket[k]; e; e = e->next)
			all[n++] = e;
	sort_h = h;
	qsort(all, n, sizeof(*all), cmp);
	fprintf(fp, "%10s", "COUNT");
	for (k = 0; k < h->nvals; k++)
		fprintf(fp, " %12s", h->vals[k].name);
	for (k = 0; k < h->nkeys; k++)
		fprintf(fp, "  %s%s%s", h->keys[k].name, h->keys[k].mod ? ":" : "",
			h->keys[k].mod == FMOD_SIGNAME ? "signame" : h->keys[k].mod == FMOD_ERRNO ?
			"errno" : h->keys[k].mod == FMOD_SYSCALL ? "syscall" :
			h->keys[k].mod == FMOD_HEX ? "hex" : "");
	fputc('\n', fp);
	for (i = 0; i < n && (!rows || i < rows); i++) {
		char *key = strdup(all[i]->key), *tok, *save = NULL;

		fprintf(fp, "%10llu", all[i]->hits);
		for (k = 0; k < h->nvals; k++)
			fprintf(fp, " %12lld", all[i]->vals[k]);
		for (tok = key ? strtok_r(key, "\t", &save) : NULL; tok;
		     tok = strtok_r(NULL, "\t", &save))
			fprintf(fp, "  %s", tok);
		fputc('\n', fp);
		free(key);
	}
	fprintf(fp, "# %llu events, %llu keys%s\n", h->events, n,
		rows && n > rows ? " (the first rows shown)" : "");
	free(all);
}

void hist_free(struct hist *h)
{
	struct hist_entry *e, *next;
	unsigned int k;

	if (!h)
		return;
	for (k = 0; k < HIST_BUCKETS; k++) {
		for (e = h->bucket[k]; e; e = next) {
			next = e->next;
			free(e->key);
			free(e->vals);
			free(e);
		}
	}
	free(h);
}
