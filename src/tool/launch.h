/* SPDX-License-Identifier: MIT */
/* launch.h - the shared memory a traced program inherits (launch.c). */
#ifndef TPOINT_LAUNCH_H
#define TPOINT_LAUNCH_H

#include <stddef.h>
#include <stdint.h>

#include "ring.h"
#include "sesread.h"
#include "tool.h"

struct launch {
	const char *cmd;		/* "record", "trace", "top": for warnings */
	struct ring ring;
	struct sr rd;			/* the only reader of the memory: it is the program's too */
	void *mem;
	size_t size;
	int memfd;
	char fd_env[32];		/* TPOINT_SESSION_FD */
	char *events_env;		/* TPOINT_EVENTS */
	/* Between launch_spawn() and launch_go()/launch_abort(): */
	int go_fd;			/* write end: the child execs once it reads a byte */
	int err_fd;			/* read end: the child's errno if exec fails */
	int pid;
	const char *prog;
};

struct kern;

/* launch_check_rules() @flags */
#define LAUNCH_KERNEL_BARE	0x1	/* an -e without "system:" may name kernel events too */
#define LAUNCH_MISSING_OK	0x2	/* --missing-ok: an -e that names nothing yet is a warning */

/*
 * Before anything runs: the events each -e names among @prog's (read from its ELF file and
 * the libraries it links; @prog NULL: none) and the kernel's (added to @kern), each -f
 * compiled against them. An -e that names no event is refused, saying where it looked,
 * unless LAUNCH_MISSING_OK (a library @prog dlopen()s, or a program it runs, may define it).
 * 0, or the exit status after a message: 2 for an -e or -f, 127 when @prog cannot be run.
 */
int launch_check_rules(const char *cmd, const char *prog, const struct tool_rule *rules,
		       unsigned int nr, unsigned int flags, struct kern *kern);

/*
 * Rings for @nr_cpus CPUs of @nr_pages pages, ids above @max_kernel_id, damage the program
 * does to them warned about as "tpoint @cmd: ...". 0, or -1 (errno).
 */
int launch_init(struct launch *s, const char *cmd, uint32_t nr_cpus, uint32_t nr_pages, uint32_t flags,
		int max_kernel_id, const struct tool_rule *rules, unsigned int nr);
/*
 * Fork the program @argv with the session, stopped before exec until launch_go(), so that the
 * caller can set the kernel's pid filter for it and enable the events first. Its pid, or -1
 * (errno). Then launch_go() or launch_abort(), always.
 */
int launch_spawn(struct launch *s, char **argv);
/* Let it exec: 0, or -1 after a message when it could not run (it is reaped then). */
int launch_go(struct launch *s);
/* It never runs: it exits (127) without exec, and is reaped. */
void launch_abort(struct launch *s);
void launch_free(struct launch *s);

#endif /* TPOINT_LAUNCH_H */
