// SPDX-License-Identifier: MIT
/*
 * launch.c - the shared memory a traced program inherits (record, trace, top): the rings,
 * the event registry with ids above the kernel's, and the two variables libtpoint reads:
 * TPOINT_SESSION_FD (the memfd) and TPOINT_EVENTS ("pattern<TAB>filter" lines); and
 * starting the program, held before exec until the kernel's pid filter and events are in
 * place; its exit status as a shell gives it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel.h"
#include "launch.h"
#include "rules.h"

/* ---------------------------------------------------------------------------------------- */
/* The session memory */

static void launch_warn(void *arg, const char *msg)
{
	tool_warn(((struct launch *)arg)->cmd, "%s", msg);
}

/*
 * TPOINT_EVENTS: "pattern<TAB>filter" lines, as libtpoint reads them: the rules that may name
 * the program's events (not those of "kernel:..."), without a "user:" prefix.
 */
static char *events_env(const struct rules *rules)
{
	size_t len = 1;
	unsigned int i;
	char *env;

	for (i = 0; i < rules->nr; i++)
		len += strlen(rules->v[i].pattern) + 2 +
		       (rules->v[i].filter ? strlen(rules->v[i].filter) : 0);
	env = calloc(1, len);
	for (i = 0; env && i < rules->nr; i++) {
		if (rules_side(rules->v[i].pattern) == RULES_KERNEL)
			continue;
		strcat(env, rules_bare(rules->v[i].pattern));
		strcat(env, "\t");
		if (rules->v[i].filter)
			strcat(env, rules->v[i].filter);
		strcat(env, "\n");
	}
	return env;
}

int launch_init(struct launch *s, const char *cmd, uint32_t nr_cpus, uint32_t nr_pages,
		uint32_t flags, int max_kernel_id, const struct rules *rules)
{
	memset(s, 0, sizeof(*s));
	s->memfd = -1;
	s->cmd = cmd;
	s->events_env = events_env(rules);
	if (!s->events_env)
		return -1;
	s->size = ring_layout(nr_cpus, nr_pages);
	/*
	 * Not close-on-exec: the program inherits it. The one descriptor of ours it gets: every
	 * other the tool opens is close-on-exec (O_CLOEXEC, pipe2, fopen "e"; tests/cli/isolation.t).
	 */
	s->memfd = memfd_create("tpoint-session", MFD_ALLOW_SEALING);
	if (s->memfd < 0 || ftruncate(s->memfd, (off_t)s->size) < 0)
		return -1;
	/*
	 * Its size is final: a program (launched, or attached with -p) that could shrink it
	 * would make the recorder's reads of the mapping fault (SIGBUS).
	 */
	if (fcntl(s->memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0)
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
	/*
	 * What the program's ids are written and shown as: from LAUNCH_ID_BASE, past the
	 * kernel's, so that the ids in a file fit KernelShark's 16-bit signed event ids.
	 */
	sr_set_id_base(&s->rd, max_kernel_id >= LAUNCH_ID_BASE ? (uint32_t)max_kernel_id + 1 :
		       LAUNCH_ID_BASE);
	snprintf(s->fd_env, sizeof(s->fd_env), "%d", s->memfd);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Starting the program */

static void launch_child_env(const struct launch *s)
{
	setenv("TPOINT_SESSION_FD", s->fd_env, 1);
	setenv("TPOINT_EVENTS", s->events_env ? s->events_env : "", 1);
}

/* The signals the tool catches, back to their default; those ignored stay ignored (nohup). */
static void launch_default_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
	struct sigaction sa;
	unsigned int i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
			signal(sigs[i], SIG_DFL);
	signal(SIGPIPE, SIG_DFL);	/* tpoint ignores it (tpoint.c); the program should not */
}

/* In the forked child: wait for the go, then exec; errno to @err if that fails. */
static void __attribute__((noreturn)) launch_exec(const struct launch *s, char **argv, int go,
						  int err)
{
	ssize_t n;
	char b;
	int e;

	launch_default_signals();
	do
		n = read(go, &b, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)		/* launch_abort(), or the tool died */
		_exit(127);
	launch_child_env(s);
	execvp(argv[0], argv);
	e = errno;
	if (write(err, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/*
 * Fork the program @argv with the session, stopped before exec until launch_go(), so that the
 * caller can set the kernel's pid filter for it and enable the events first. Its pid, or -1
 * (errno). Then launch_go() or launch_abort(), always.
 */
static int launch_spawn(struct launch *s, char **argv)
{
	int go[2], err[2];
	pid_t pid;

	/* Both close-on-exec: the program inherits neither. */
	if (pipe2(go, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(go[0]);
		close(go[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		close(go[1]);	/* so that the child sees EOF if the tool gives up or dies */
		close(err[0]);
		launch_exec(s, argv, go[0], err[1]);
	}
	close(go[0]);
	close(err[1]);
	if (pid < 0) {
		int e = errno;

		close(go[1]);
		close(err[0]);
		errno = e;
		return -1;
	}
	s->go_fd = go[1];
	s->err_fd = err[0];
	s->pid = (int)pid;
	s->prog = argv[0];
	return (int)pid;
}

/* Let it exec: 0, or -1 after a message when it could not run (it is reaped then). */
static int launch_go(struct launch *s)
{
	ssize_t n = write(s->go_fd, "g", 1);
	int e = 0;

	(void)n;	/* if it failed, the child is gone: the read sees EOF, its status says why */
	close(s->go_fd);
	do
		n = read(s->err_fd, &e, sizeof(e));	/* EOF: the exec succeeded */
	while (n < 0 && errno == EINTR);
	close(s->err_fd);
	s->go_fd = s->err_fd = -1;
	if (n != (ssize_t)sizeof(e))
		return 0;
	waitpid((pid_t)s->pid, NULL, 0);
	tool_error(s->cmd, "cannot run '%s': %s", s->prog, strerror(e));
	return -1;
}

/* It never runs: it exits (127) without exec, and is reaped. */
static void launch_abort(struct launch *s)
{
	close(s->go_fd);
	close(s->err_fd);
	s->go_fd = s->err_fd = -1;
	waitpid((pid_t)s->pid, NULL, 0);
}

pid_t launch_start(struct launch *s, struct kern *k, char **argv, int follow, int *ret)
{
	char err[1024];
	pid_t child;

	*ret = TOOL_EXIT_FAIL;
	child = launch_spawn(s, argv);
	if (child < 0)
		return tool_error(s->cmd, "cannot fork: %s", strerror(errno));
	if (k->nr && ((follow && kern_follow_pid(k, (int)child, err, sizeof(err))) ||
		      kern_enable(k, err, sizeof(err)))) {
		launch_abort(s);
		return tool_error(s->cmd, "%s", err);
	}
	if (launch_go(s)) {
		*ret = TOOL_EXIT_NOEXEC;
		return -1;
	}
	return child;
}

int launch_reaped(pid_t *child, int *wstatus)
{
	if (*child <= 0 || waitpid(*child, wstatus, WNOHANG) != *child)
		return 0;
	*child = -1;
	return 1;
}

int launch_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return TOOL_EXIT_FAIL;
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
