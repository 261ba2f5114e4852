// SPDX-License-Identifier: MIT
/*
 * rules.c - -e and -f for every command: parsed once, matched against events by their
 * "system:event" names, filters compiled against an event's fields as libtraceevent reads
 * them from its format, each field classed by the library's own rule (tpf_classify), so a
 * filter the tool accepts is one the traced program accepts too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <traceevent/event-parse.h>

#include <tpoint/tpoint.h>

#include "elf/events.h"
#include "filter.h"
#include "kernel.h"
#include "rules.h"
#include "tool.h"

int rules_init(struct rules *r, const char *cmd, int argc, unsigned int flags)
{
	memset(r, 0, sizeof(*r));
	r->flags = flags;
	r->v = calloc((size_t)argc + 1, sizeof(*r->v));	/* one rule an argument at most */
	return r->v ? 0 : tool_error(cmd, "out of memory");
}

void rules_free(struct rules *r)
{
	free(r->v);
	r->v = NULL;
	r->nr = 0;
}

int rules_option(struct rules *r, const char *cmd, int opt, const char *arg)
{
	struct tool_rule *last = r->nr ? &r->v[r->nr - 1] : NULL;

	if (opt == 'M') {
		r->flags |= RULES_MISSING_OK;
		return 0;
	}
	if (opt != 'f' && opt != 'e')
		return -1;
	if (opt == 'e') {
		r->v[r->nr].pattern = arg;
		r->v[r->nr++].filter = NULL;
		r->nr_patterns++;
		return 0;
	}
	if (last && last->pattern && !last->filter) {
		last->filter = arg;
		return 0;
	}
	if (!(r->flags & RULES_FILTER_ALONE) || r->nr_patterns)
		return tool_error(cmd, "-f '%s': give it after the -e it filters", arg);
	r->v[r->nr].pattern = NULL;	/* report: a filter on every event */
	r->v[r->nr++].filter = arg;
	return 0;
}

int rules_match(const char *pattern, const char *system, const char *name)
{
	return tpoint_match(pattern, system, name);
}

static const char *const side_prefix[] = { [RULES_USER] = "user:", [RULES_KERNEL] = "kernel:" };

enum rules_side rules_side(const char *pattern)
{
	enum rules_side s;

	for (s = RULES_USER; s <= RULES_KERNEL; s++) {
		size_t n = strlen(side_prefix[s]);

		if (!strncmp(pattern, side_prefix[s], n) && strchr(pattern + n, ':'))
			return s;
	}
	return RULES_BOTH;
}

const char *rules_bare(const char *pattern)
{
	enum rules_side s = rules_side(pattern);

	return s == RULES_BOTH ? pattern : pattern + strlen(side_prefix[s]);
}

int rules_match_side(const char *pattern, const char *system, const char *name, int user)
{
	enum rules_side s = rules_side(pattern);

	if (s == (user ? RULES_KERNEL : RULES_USER))
		return 0;
	return rules_match(rules_bare(pattern), system, name);
}

/* The filter parser's view of one field: its kind by the library's rule. */
static void rules_field(struct tpf_field *t, const struct tep_format_field *fl)
{
	t->name = fl->name;
	t->offset = (uint32_t)fl->offset;
	t->size = (uint32_t)fl->size;
	t->is_signed = !!(fl->flags & TEP_FIELD_IS_SIGNED);
	t->kind = (uint8_t)tpf_classify(fl->type, t->size);
}

struct tpf_field *rules_fields(const struct tep_event *ev, unsigned int *nr)
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
	for (fl = ev->format.common_fields; fl; fl = fl->next)
		rules_field(&out[i++], fl);
	for (fl = ev->format.fields; fl; fl = fl->next)
		rules_field(&out[i++], fl);
	*nr = n;
	return out;
}

struct tp_filter *rules_compile(const struct tep_event *ev, const char *filter, char *err,
				size_t len)
{
	struct tpf_field *fields;
	struct tp_filter *f;
	unsigned int n;

	fields = rules_fields(ev, &n);
	if (!fields) {
		snprintf(err, len, "out of memory");
		return NULL;
	}
	f = tp_filter_parse(filter, fields, n, err, len);
	free(fields);
	return f;
}

int rules_check_format(const char *system, const char *format, const char *filter, char *err,
		       size_t len)
{
	struct tep_handle *tep = tep_alloc();
	struct tep_event *ev = NULL;
	struct tp_filter *f = NULL;

	if (!tep) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (tep_parse_format(tep, &ev, format, strlen(format), system) || !ev)
		snprintf(err, len, "the event's format does not parse");
	else
		f = rules_compile(ev, filter, err, len);
	tep_free(tep);
	tp_filter_free(f);
	return f ? 0 : -1;
}

void rules_count(struct rules_tally *t, const char *system, const char *name, const char *err)
{
	t->matched++;
	if (!err)
		t->compiled++;
	else if (!t->first[0])
		snprintf(t->first, sizeof(t->first), "%s (event %s:%s)", err, system, name);
}

/* ---------------------------------------------------------------------------------------- */
/* Before a program runs: what each -e names, and whether each -f compiles */

struct check {
	const char *cmd, *prog, *opt;
	unsigned int flags;
	struct kern *kern;
	int kernel_ok;			/* -1: not asked yet */
	char why[512];			/* why kernel events are not available */
	char elf_err[512];		/* why prog's events could not be read */
};

/* PROGRAM as execvp would find it: a malloc'd path, or NULL after a message. */
static char *find_program(const char *cmd, const char *prog)
{
	const char *path = getenv("PATH"), *p, *c;
	char buf[4096];

	if (strchr(prog, '/')) {
		if (access(prog, X_OK) == 0)
			return strdup(prog);
		tool_error(cmd, "cannot run '%s': %s", prog, strerror(errno));
		return NULL;
	}
	for (p = path ? path : "/usr/bin:/bin"; p && *p; p = c ? c + 1 : NULL) {
		c = strchr(p, ':');
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(c ? c - p : (long)strlen(p)), p, prog);
		if (access(buf, X_OK) == 0)
			return strdup(buf);
	}
	tool_error(cmd, "cannot run '%s': not found in PATH", prog);
	return NULL;
}

/* The program's events @r names (read from its ELF file), its filter checked on each. */
static void check_user(const struct elf_event *list, const struct tool_rule *r,
		       struct rules_tally *t)
{
	const struct elf_event *ev;
	char err[1024];

	for (ev = list; ev; ev = ev->next) {
		int bad;

		if (!rules_match_side(r->pattern, ev->system, ev->name, 1))
			continue;
		/* No format (an object of an older tpoint): the program checks the filter. */
		bad = r->filter && ev->format &&
		      rules_check_format(ev->system, ev->format, r->filter, err, sizeof(err));
		rules_count(t, ev->system, ev->name, bad ? err : NULL);
	}
}

/* The kernel's events @r names, added to @k with its filter, checked on each. */
static void check_kernel(struct kern *k, const struct tool_rule *r, struct rules_tally *t)
{
	unsigned int before = k->nr, e;
	char err[1024];

	if (rules_side(r->pattern) == RULES_USER)
		return;
	kern_match(rules_bare(r->pattern), &k->events, &k->nr);
	for (e = before; e < k->nr; e++) {
		struct kern_event *ke = &k->events[e];
		int bad;

		ke->filter = r->filter;
		bad = r->filter && rules_check_format(ke->system, ke->format, r->filter, err,
						      sizeof(err));
		rules_count(t, ke->system, ke->name, bad ? err : NULL);
	}
}

/* An -e that names nothing: 0 (a warning, --missing-ok), or 2 after the error. */
static int check_missing(const struct check *c, const char *pattern)
{
	char kernel[768], user[1024];

	if (c->kernel_ok > 0)
		snprintf(kernel, sizeof(kernel), "none in the kernel (tpoint list -k)");
	else if (c->kernel_ok == 0)
		snprintf(kernel, sizeof(kernel), "kernel events are not available: %s", c->why);
	else
		snprintf(kernel, sizeof(kernel), "kernel events are named system:event");
	if (!c->prog)
		return tool_error(c->cmd, "%s '%s' names no event: %s; user events need "
				  "-- PROGRAM", c->opt, pattern, kernel), TOOL_EXIT_USAGE;
	if (c->elf_err[0])	/* "PATH: no tpoint events in it or ...", "PATH: not an ELF file" */
		snprintf(user, sizeof(user), "%s", c->elf_err);
	else
		snprintf(user, sizeof(user), "none in %s or the libraries it links (tpoint list "
			 "%s)", c->prog, c->prog);
	if (c->flags & RULES_MISSING_OK) {
		tool_warn(c->cmd, "%s '%s' names no event yet: %s, %s; enabled if a library %s "
			  "loads later or a program it runs defines one (--missing-ok)", c->opt,
			  pattern, user, kernel, c->prog);
		return 0;
	}
	return tool_error(c->cmd, "%s '%s' names no event: %s, %s; if a library %s "
			  "dlopen()s or a program it runs defines it, add --missing-ok", c->opt,
			  pattern, user, kernel, c->prog), TOOL_EXIT_USAGE;
}

static int check_one(struct check *c, const struct elf_event *list, const struct tool_rule *r)
{
	struct rules_tally t = { 0 };

	check_user(list, r, &t);
	/* Kernel events: any event under tracefs events/ that the glob names. */
	if ((c->flags & RULES_KERNEL_BARE) || strchr(rules_bare(r->pattern), ':')) {
		if (c->kernel_ok < 0)
			c->kernel_ok = kern_available(c->why, sizeof(c->why));
		if (c->kernel_ok > 0)
			check_kernel(c->kern, r, &t);
	}
	if (!t.matched)
		return check_missing(c, r->pattern);
	if (r->filter && !t.compiled && t.first[0])
		return tool_error(c->cmd, "%s", t.first), TOOL_EXIT_USAGE;
	return 0;
}

int rules_check(const struct rules *r, const char *cmd, const char *prog, struct kern *kern)
{
	struct check c = { .cmd = cmd, .prog = prog, .opt = r->opt ? r->opt : "-e",
			   .flags = r->flags, .kern = kern, .kernel_ok = -1 };
	struct elf_event *list = NULL;
	unsigned int k;
	int ret = 0;

	if (prog) {
		char *path = find_program(cmd, prog);

		if (!path)
			return TOOL_EXIT_NOEXEC;
		list = elf_events(path, 1, c.elf_err, sizeof(c.elf_err));
		if (list)
			c.elf_err[0] = '\0';
		free(path);
	}
	for (k = 0; k < r->nr && !ret; k++)
		ret = check_one(&c, list, &r->v[k]);
	elf_events_free(list);
	return ret;
}
