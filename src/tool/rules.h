/* SPDX-License-Identifier: MIT */
/*
 * rules.h - what -e and -f ask for, in every command: the options' parser, the matcher, the
 * filters compiled against an event's fields (one classifier: the library's tpf_classify),
 * and the check, before a program runs, that each -e names an event and each -f compiles.
 *
 *   -e 'sig:*' -f 'sig == 9' -e 'irq:*'      two rules: {sig:*, sig == 9}, {irq:*, NULL}
 *
 * An event takes the first rule that names it, and that rule's filter.
 */
#ifndef TPOINT_RULES_H
#define TPOINT_RULES_H

#include <stddef.h>

/* An -e pattern and the -f that follows it (or NULL). */
struct tool_rule {
	const char *pattern;		/* NULL: every event (report's -f without -e) */
	const char *filter;
};

struct rules {
	struct tool_rule *v;
	unsigned int nr;
	unsigned int nr_patterns;	/* rules with an -e */
	unsigned int flags;		/* RULES_* */
	const char *opt;		/* the option that names events, in messages: "-e" (NULL) */
};

/* rules.flags */
#define RULES_FILTER_ALONE	0x1	/* an -f before any -e filters every event (report) */
#define RULES_KERNEL_BARE	0x2	/* an -e without "system:" may name kernel events too */
#define RULES_MISSING_OK	0x4	/* --missing-ok: an -e that names nothing yet is a warning */

/* Room for the rules of a command line of @argc words. 0, or -1 after a message. */
int rules_init(struct rules *r, const char *cmd, int argc, unsigned int flags);
void rules_free(struct rules *r);
/* The options rules_option() takes, for a command's getopt tables. */
#define RULES_SHORTOPTS	"e:f:"
#define RULES_LONGOPTS							\
	{ "event", required_argument, NULL, 'e' },			\
	{ "filter", required_argument, NULL, 'f' },			\
	{ "missing-ok", no_argument, NULL, 'M' }

/*
 * -e (@opt 'e'), -f ('f') with its argument, or --missing-ok ('M'). 0, or -1 after a
 * message (an -f with no -e before it, unless RULES_FILTER_ALONE; any other option).
 */
int rules_option(struct rules *r, const char *cmd, int opt, const char *arg);
/* "system:event" globs, as tpoint_enable() takes them; 1 if @pattern names the event. */
int rules_match(const char *pattern, const char *system, const char *name);

/*
 * Which side a pattern names: "user:system:event" only the program's events,
 * "kernel:system:event" only the kernel's, "system:event" both (a program's TRACE_SYSTEM may
 * be a kernel system: irq, timer, signal). The prefix counts only before a "system:event"
 * (an event's name holds no ':'), so a system called "user" or "kernel" is still named.
 */
enum rules_side { RULES_BOTH, RULES_USER, RULES_KERNEL };
enum rules_side rules_side(const char *pattern);
/* @pattern without its side's prefix: what the globs match. */
const char *rules_bare(const char *pattern);
/* rules_match() on @pattern's side: @user, the event is the program's (else the kernel's). */
int rules_match_side(const char *pattern, const char *system, const char *name, int user);

struct tep_event;
struct tp_filter;
struct tpf_field;
/* An event's fields as the filter parser takes them (malloc'd, *@nr of them), or NULL. */
struct tpf_field *rules_fields(const struct tep_event *ev, unsigned int *nr);
/* @filter compiled for @ev, or NULL with the reason in @err. */
struct tp_filter *rules_compile(const struct tep_event *ev, const char *filter, char *err,
				size_t len);
/* @filter compiled for the event of the format text @format and freed: 0, or -1 and @err. */
int rules_check_format(const char *system, const char *format, const char *filter, char *err,
		       size_t len);

/*
 * How one rule fared over the events it named: counted as they are matched, then judged.
 * A filter that compiles for none of its rule's events is an error, the first failure
 * its message; one that compiles for some of them applies to those.
 */
struct rules_tally {
	unsigned int matched, compiled;
	char first[2048];		/* the first failure, with the event's name */
};
/* One event the rule named: @err is NULL when its filter (if any) compiled. */
void rules_count(struct rules_tally *t, const char *system, const char *name, const char *err);

struct kern;
/*
 * Before anything runs: the events each rule names among @prog's (read from its ELF file
 * and the libraries it links; @prog NULL: none) and the kernel's (added to @kern with their
 * filters), each -f compiled against them. An -e that names no event is refused, saying
 * where it looked, unless RULES_MISSING_OK. 0, or the exit status after a message: 2 for
 * an -e or -f, 127 when @prog cannot be run.
 */
int rules_check(const struct rules *r, const char *cmd, const char *prog, struct kern *kern);

#endif /* TPOINT_RULES_H */
