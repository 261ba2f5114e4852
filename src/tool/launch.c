// SPDX-License-Identifier: MIT
/*
 * launch.c - the shared memory a traced program inherits (record, trace, top): the rings,
 * the event registry with ids above the kernel's, and the two variables libtpoint reads:
 * TPOINT_SESSION_FD (the memfd) and TPOINT_EVENTS ("pattern<TAB>filter" lines); the check
 * of the -e and -f before the program runs; and starting the program, held before exec
 * until the kernel's pid filter and events are in place.
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

#include "elf/events.h"
#include "kernel.h"
#include "launch.h"

/* ---------------------------------------------------------------------------------------- */
/* What each -e names, before anything runs */

struct rules_ctx {
	const char *cmd, *prog;
	unsigned int flags;
	struct kern *kern;
	int kernel_ok;			/* -1: not asked yet */
	char why[512];			/* why kernel events are not available */
	char elf_err[512];		/* why prog's events could not be read */
};

/* PROGRAM as execvp would find it: a malloc'd path, or NULL after a message. */
static char *rules_find_program(const char *cmd, const char *prog)
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

/*
 * How many of @list's events @r names; *@compiled counts those its filter compiles for, and
 * the first failure goes to @first (if empty).
 */
static unsigned int rules_user(const struct elf_event *list, const struct tool_rule *r,
			       unsigned int *compiled, char *first, size_t len)
{
	const struct elf_event *ev;
	unsigned int matched = 0;
	char err[1024];

	for (ev = list; ev; ev = ev->next) {
		struct kern_event ke = { .system = ev->system, .name = ev->name,
					 .format = ev->format };

		if (!tool_match(r->pattern, ev->system, ev->name))
			continue;
		matched++;
		if (!r->filter || !ev->format)
			continue;
		if (!kern_check_filter(&ke, r->filter, err, sizeof(err)))
			(*compiled)++;
		else if (!first[0])
			snprintf(first, len, "%s (event %s:%s)", err, ev->system, ev->name);
	}
	return matched;
}

/* An -e that names nothing: 0 (a warning, --missing-ok), or 2 after the error. */
static int rules_missing(const struct rules_ctx *c, const char *pattern)
{
	char kernel[768], user[1024];

	if (c->kernel_ok > 0)
		snprintf(kernel, sizeof(kernel), "none in the kernel (trace-cmd list -e)");
	else if (c->kernel_ok == 0)
		snprintf(kernel, sizeof(kernel), "kernel events are not available: %s", c->why);
	else
		snprintf(kernel, sizeof(kernel), "kernel events are named system:event");
	if (!c->prog)
		return tool_error(c->cmd, "-e '%s' names no event: %s; user events need "
				  "-- PROGRAM", pattern, kernel), 2;
	if (c->elf_err[0])	/* "PATH: no tpoint events in it or ...", "PATH: not an ELF file" */
		snprintf(user, sizeof(user), "%s", c->elf_err);
	else
		snprintf(user, sizeof(user), "none in %s or the libraries it links (tpoint list "
			 "%s)", c->prog, c->prog);
	if (c->flags & LAUNCH_MISSING_OK) {
		tool_warn(c->cmd, "-e '%s' names no event yet: %s, %s; enabled if a library %s "
			  "loads later or a program it runs defines one (--missing-ok)", pattern, user,
			  kernel, c->prog);
		return 0;
	}
	return tool_error(c->cmd, "-e '%s' names no event: %s, %s; if a library %s "
			  "dlopen()s or a program it runs defines it, add --missing-ok", pattern, user,
			  kernel, c->prog), 2;
}

static int rules_check_one(struct rules_ctx *c, const struct elf_event *list,
			   const struct tool_rule *r)
{
	unsigned int compiled = 0, matched;
	char first[2048] = "";

	matched = rules_user(list, r, &compiled, first, sizeof(first));
	/* Kernel events: any event under tracefs events/ that the glob names. */
	if ((c->flags & LAUNCH_KERNEL_BARE) || strchr(r->pattern, ':')) {
		if (c->kernel_ok < 0)
			c->kernel_ok = kern_available(c->why, sizeof(c->why));
		if (c->kernel_ok > 0)
			matched += kern_add_rule(c->kern, r->pattern, r->filter, &compiled, first,
						 sizeof(first));
	}
	if (!matched)
		return rules_missing(c, r->pattern);
	if (r->filter && !compiled && first[0])
		return tool_error(c->cmd, "%s", first), 2;
	return 0;
}

int launch_check_rules(const char *cmd, const char *prog, const struct tool_rule *rules,
		       unsigned int nr, unsigned int flags, struct kern *kern)
{
	struct rules_ctx c = { .cmd = cmd, .prog = prog, .flags = flags, .kern = kern,
			       .kernel_ok = -1 };
	struct elf_event *list = NULL;
	unsigned int k;
	int ret = 0;

	if (prog) {
		char *path = rules_find_program(cmd, prog);

		if (!path)
			return 127;
		list = elf_events(path, 1, c.elf_err, sizeof(c.elf_err));
		if (list)
			c.elf_err[0] = '\0';
		free(path);
	}
	for (k = 0; k < nr && !ret; k++)
		ret = rules_check_one(&c, list, &rules[k]);
	elf_events_free(list);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* The session memory */

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

int launch_spawn(struct launch *s, char **argv)
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

int launch_go(struct launch *s)
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

void launch_abort(struct launch *s)
{
	close(s->go_fd);
	close(s->err_fd);
	s->go_fd = s->err_fd = -1;
	waitpid((pid_t)s->pid, NULL, 0);
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
