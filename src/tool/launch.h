/* SPDX-License-Identifier: MIT */
/* launch.h - the shared memory a traced program inherits (launch.c). */
#ifndef TPOINT_LAUNCH_H
#define TPOINT_LAUNCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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
	/* While launch_start() holds the child before exec: */
	int go_fd;			/* write end: the child execs once it reads a byte */
	int err_fd;			/* read end: the child's errno if exec fails */
	int pid;
	const char *prog;
};

struct kern;
struct rules;

/*
 * The first id the program's events have in files and live streams (sesread.h's
 * sr_set_id_base()), when the kernel's recorded beside them are below it: KernelShark
 * keeps event ids as 16-bit signed numbers, so this leaves room for 22,768 of them.
 */
#define LAUNCH_ID_BASE		10000

/*
 * Rings for @nr_cpus CPUs of @nr_pages pages, ids above @max_kernel_id, damage the program
 * does to them warned about as "tpoint @cmd: ...". 0, or -1 (errno).
 */
int launch_init(struct launch *s, const char *cmd, uint32_t nr_cpus, uint32_t nr_pages,
		uint32_t flags, int max_kernel_id, const struct rules *rules);
/*
 * The program @argv started with the session: forked, held before exec while @k's events
 * are enabled (only @argv's and its descendants' with @follow: set_event_pid first, as
 * trace-cmd does), then let exec. The program's pid, or
 * -1 after a message with *@ret the exit status: TOOL_EXIT_FAIL (fork, the kernel) or
 * TOOL_EXIT_NOEXEC (it could not run).
 */
pid_t launch_start(struct launch *s, struct kern *k, char **argv, int follow, int *ret);
/* Has *@child exited? Then reaped: 1, *@child -1, its status in *@wstatus. Else 0. */
int launch_reaped(pid_t *child, int *wstatus);
/* The exit status a shell gives for a child's @wstatus. */
int launch_status(int wstatus);
void launch_free(struct launch *s);

#endif /* TPOINT_LAUNCH_H */
