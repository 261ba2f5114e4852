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
