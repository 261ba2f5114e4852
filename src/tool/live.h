/* SPDX-License-Identifier: MIT */
/*
 * live.h - the stream behind `tpoint trace` and `tpoint top`: kernel events from a private
 * tracefs instance, user events from the rings of a PROGRAM started with `-- PROGRAM`, read
 * as far as committed without waiting for their pages to fill. Every round (50 ms) sorts
 * what it read by time and hands each event to the command, then lets it end the round.
 */
#ifndef TPOINT_LIVE_H
#define TPOINT_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "launch.h"
#include "pidattach.h"
#include "rules.h"

struct kbuffer;
struct live_rec;
struct tep_event;
struct tep_handle;
struct tep_record;

struct live {
	const char *cmd;		/* "trace" or "top" */
	struct rules rules;		/* -e, -f, --missing-ok: the command parses them */
	struct kern kern;
	struct launch ses;		/* with -- PROGRAM (or -p): its rings */
	struct pidattach pa;		/* -p PID[,PID...]: running programs attached to */
	unsigned int nr_cpus;
	struct tep_handle *tep;
	struct kbuffer *kb;
	uint32_t *peek_seq, *peek_off;	/* per CPU: how far the open page was shown */
	struct live_rec *recs;		/* this round's events */
	size_t nr_recs, cap_recs;
	/* The command's: each event of a round, in time order; then the round's end (@last:
	 * the program is gone or a signal came). */
	void (*event)(struct live *l, struct tep_event *ev, struct tep_record *rec);
	void (*round)(struct live *l, int last);
	/* After the options: 0, or -1 after a message (a usage error); may be NULL. */
	int (*ready)(struct live *l);
	void *priv;			/* the command's struct; its options' context */
	int closed;			/* stdout is gone: stop */
};

struct tool_opts;

/* The options trace and top share beyond the rules': -p PID[,PID...]. */
#define LIVE_SHORTOPTS	RULES_SHORTOPTS "p:"
#define LIVE_LONGOPTS	RULES_LONGOPTS, { "pid", required_argument, NULL, 'p' }
/* One of them (or of the rules'), for the command @l->cmd: 0, or -1 after a message. */
int live_option(struct live *l, int c, const char *arg);

/*
 * trace and top: @o's options into l->priv (each command's own, and -e/-f/--missing-ok
 * through rules_option(), with l->rules), the rules checked against the kernel's events and
 * the program's (the operands after the options: PROGRAM [ARGS], or none for the whole
 * system's kernel events, or -p's running programs), then the stream until the program exits or a signal (SIGINT,
 * SIGTERM, SIGHUP) comes. @l is zeroed with its callbacks set. The exit status: the
 * program's, as a shell gives it, or 0; TOOL_EXIT_* after a message.
 */
int live_main(struct live *l, const struct tool_opts *o, int argc, char **argv);
void live_free(struct live *l);

#endif /* TPOINT_LIVE_H */
