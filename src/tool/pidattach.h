/* SPDX-License-Identifier: MIT */
/*
 * pidattach.h - attaching a recording to programs that already run (record, trace and top
 * with -p PID[,PID...]): pidattach.c. The library's side is src/lib/attach.c; attach.h has
 * what the two say.
 */
#ifndef TPOINT_PIDATTACH_H
#define TPOINT_PIDATTACH_H

#include <stddef.h>
#include <stdint.h>
#include <tpoint/tpoint.h>

enum pa_state {
	PA_NONE,		/* not asked yet */
	PA_KNOCKED,		/* asked; waits for the program to hit a tracepoint */
	PA_ATTACHED,		/* its events go to the session */
	PA_DETACHED,		/* let go (Ctrl-C), or it detached */
	PA_GONE,		/* it exited, or died */
	PA_FAILED,		/* its attach failed (said why) */
};

struct pa_target {
	int pid;
	int pidfd;			/* readable once it exits; -1 where pidfd_open is not */
	char comm[16];
	uint64_t ctl;			/* tpoint__live_ctl in it */
	uint64_t *keys;			/* each tracepoint's key, its k.on half */
	uint16_t *was;			/* what they held before the knock */
	size_t nkeys;
	int conn;			/* its session thread's connection, -1 before */
	enum pa_state state;
	uint64_t knocked_ns;		/* when it was asked (CLOCK_MONOTONIC) */
	int noted;			/* "waiting for it" said */
};

struct pidattach {
	const char *cmd;		/* "record", "trace", "top": for messages */
	struct pa_target *t;
	unsigned int n;
	int lsock;			/* listening, abstract; -1 before */
	char sock[TPOINT__LIVE_SOCK_MAX];
	uint32_t seq;
	int memfd;			/* the session each target maps */
	const char *rules;		/* "pattern<TAB>filter" lines, as TPOINT_EVENTS */
	char exe[4096];			/* the first one's program file, for the rules' check */
};

struct launch;
struct kern;

/* "PID[,PID...]" of -p, added to @a (the first call sets it up). 0, or -1 after a message. */
int pidattach_parse(struct pidattach *a, const char *cmd, const char *list);
/*
 * Before anything is made: every target's tpoint__live_ctl and tracepoints found in its
 * mappings, the block read and checked free (the kernel checks we may: ptrace's rule).
 * 0, or -1 after a message.
 */
int pidattach_find(struct pidattach *a);
/*
 * Limit @k's events to the targets' threads and enable them, then knock on every target
 * with the session @s. 0, or -1 after a message (nothing left asked).
 */
int pidattach_start(struct pidattach *a, struct launch *s, struct kern *k);
/*
 * Take the targets that connect (each said "attached to PID" once); note the ones gone or
 * failed. Return: is a target still asked or attached, and alive?
 */
int pidattach_service(struct pidattach *a);
/* Did a target's attach fail (said why)? The command then exits 1. */
int pidattach_failed(const struct pidattach *a);
/* Detach every target (waits up to 2 s each for its "detached"), cancel what was asked. */
void pidattach_stop(struct pidattach *a);
void pidattach_free(struct pidattach *a);

#endif /* TPOINT_PIDATTACH_H */
