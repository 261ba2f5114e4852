// SPDX-License-Identifier: MIT
/*
 * launch.c - the shared memory a traced program inherits (record, trace, top): the rings,
 * the event registry with ids above the kernel's, and the two variables libtpoint reads:
 * TPOINT_SESSION_FD (the memfd) and TPOINT_EVENTS ("pattern<TAB>filter" lines).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "launch.h"

static void launch_warn(void *arg, const char *msg)
{
	tool_warn(((struct launch *)arg)->cmd, "%s", msg);
}

int launch_init(struct launch *s, const char *cmd, uint32_t nr_cpus, uint32_t nr_pages, uint32_t flags,
		int max_kernel_id, const struct tool_rule *rules, unsigned int nr)
{
	size_t len = 1;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->memfd = -1;
	s->cmd = cmd;
	for (i = 0; i < nr; i++)
		len += strlen(rules[i].pattern) + 2 + (rules[i].filter ? strlen(rules[i].filter) : 0);
	s->events_env = calloc(1, len);
	if (!s->events_env)
		return -1;
	for (i = 0; i < nr; i++) {
		strcat(s->events_env, rules[i].pattern);
		strcat(s->events_env, "\t");
		if (rules[i].filter)
			strcat(s->events_env, rules[i].filter);
		strcat(s->events_env, "\n");
	}
	s->size = ring_layout(nr_cpus, nr_pages);
	/*
	 * Not close-on-exec: the program inherits it. The one descriptor of ours it gets: every
	 * other the tool opens is close-on-exec (O_CLOEXEC, pipe2, fopen "e"; tests/cli/isolation.t).
	 */
	s->memfd = memfd_create("tpoint-session", 0);
	if (s->memfd < 0 || ftruncate(s->memfd, (off_t)s->size) < 0)
		return -1;
	s->mem = mmap(NULL, s->size, PROT_READ | PROT_WRITE, MAP_SHARED, s->memfd, 0);
	if (s->mem == MAP_FAILED) {
		s->mem = NULL;
		return -1;
	}
	if (ring_init(&s->ring, s->mem, s->size, nr_cpus, nr_pages, flags)) {
		errno = EINVAL;
		return -1;
	}
	/* The program's event ids start past the kernel's: unique in one file. */
	if (max_kernel_id >= 0 && (uint32_t)max_kernel_id >= s->ring.shm->next_id)
		s->ring.shm->next_id = (uint32_t)max_kernel_id + 1;
	if (sr_init(&s->rd, &s->ring, launch_warn, s))
		return -1;
	snprintf(s->fd_env, sizeof(s->fd_env), "%d", s->memfd);
	return 0;
}

void launch_child_env(const struct launch *s)
{
	setenv("TPOINT_SESSION_FD", s->fd_env, 1);
	setenv("TPOINT_EVENTS", s->events_env ? s->events_env : "", 1);
}

void launch_free(struct launch *s)
{
	sr_fini(&s->rd);
	ring_fini(&s->ring);
	if (s->mem)
		munmap(s->mem, s->size);
	if (s->memfd >= 0)
		close(s->memfd);
	free(s->events_env);
	memset(s, 0, sizeof(*s));
	s->memfd = -1;
}
