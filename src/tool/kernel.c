// SPDX-License-Identifier: MIT
/*
 * kernel.c - kernel tracepoints through libtracefs, in a private tracefs instance.
 *
 * The instance is "tpoint-<pid>": never the top level, never anyone else's. It is removed
 * at the end, and a run finds and removes the instances of runs whose process is gone
 * (killed with SIGKILL). Its clock is the user events' ("mono", or "x86-tsc" when they are
 * stamped with the TSC), so kernel events interleave with the user events of the rings. Pages come from per_cpu/cpuN/trace_pipe_raw as the kernel wrote them.
 *
 * Order: kern_open() sets filters and opens the pipes, kern_follow_pid() (for a program
 * forked and held before exec, launch.c) sets set_event_pid, and only then kern_enable()
 * turns the events on, so that no other process's event gets in between.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <tracefs/tracefs.h>
#include <traceevent/event-parse.h>

#include "kernel.h"
#include "page.h"
#include "tool.h"

#define PREFIX "tpoint-"

/* tracefs mounted (mounting it if we may), and instances creatable. */
int kern_available(char *why, size_t len)
{
	const char *dir = NULL;
	char path[4096];

	if (tracefs_tracing_dir_is_mounted(false, &dir) <= 0) {
		if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) != 0 &&
		    tracefs_tracing_dir_is_mounted(true, &dir) <= 0) {
			snprintf(why, len, "tracefs is not mounted and cannot be (%s); kernel events "
				 "need root, or 'mount -t tracefs nodev /sys/kernel/tracing'",
				 strerror(errno));
			return 0;
		}
	}
	dir = tracefs_tracing_dir();
	if (!dir) {
		snprintf(why, len, "no tracefs found; kernel events need tracefs mounted at "
			 "/sys/kernel/tracing");
		return 0;
	}
	snprintf(path, sizeof(path), "%s/instances", dir);
	if (access(path, W_OK) != 0) {
		snprintf(why, len, "%s is not writable (%s): kernel events need root "
			 "(CAP_SYS_ADMIN) or write access to tracefs", path, strerror(errno));
		return 0;
	}
	return 1;
}

/* Remove the instances of tpoint runs whose process is gone. */
void kern_cleanup_stale(void)
{
	char **list = tracefs_instances(NULL);
	int i;

	for (i = 0; list && list[i]; i++) {
		const char *digits = list[i] + strlen(PREFIX);
		struct tracefs_instance *inst;
		char *end;
		long pid;

		/* Only ours: "tpoint-<pid>", and only when that process is gone. */
		if (strncmp(list[i], PREFIX, strlen(PREFIX)) != 0)
			continue;
		pid = strtol(digits, &end, 10);
		if (end == digits || *end || pid <= 0 ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		inst = tracefs_instance_alloc(NULL, list[i]);
		if (inst) {
			tracefs_instance_destroy(inst);
			tracefs_instance_free(inst);
		}
	}
	tracefs_list_free(list);
}

char *kern_top_file(const char *name, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", tracefs_tracing_dir(), name);
	return tool_read_file(path, len);
}

/* The kernel events a system:event glob names. Appends to *evs. */
int kern_match(const char *pattern, struct kern_event **evs, unsigned int *nr)
{
	const char *dir = tracefs_tracing_dir();
	char **systems, **events, sysglob[256], *colon;
	const char *evglob = pattern;
	int s, e, found = 0;

	snprintf(sysglob, sizeof(sysglob), "*");
	colon = strchr(pattern, ':');
	if (colon) {
		snprintf(sysglob, sizeof(sysglob), "%.*s", (int)(colon - pattern), pattern);
		evglob = colon + 1;
	}
	systems = dir ? tracefs_event_systems(dir) : NULL;
	for (s = 0; systems && systems[s]; s++) {
		if (fnmatch(sysglob, systems[s], 0) != 0 || !strcmp(systems[s], "ftrace"))
			continue;
		events = tracefs_system_events(dir, systems[s]);
		for (e = 0; events && events[e]; e++) {
			struct kern_event *ne;
			unsigned int k;
			char path[4096];

			if (fnmatch(evglob, events[e], 0) != 0)
				continue;
			found++;
			for (k = 0; k < *nr; k++)
				if (!strcmp((*evs)[k].system, systems[s]) &&
				    !strcmp((*evs)[k].name, events[e]))
					break;
			if (k < *nr)
				continue;
			snprintf(path, sizeof(path), "%s/events/%s/%s/format", dir, systems[s],
				 events[e]);
			ne = realloc(*evs, (*nr + 1) * sizeof(**evs));
			if (!ne)
				break;
			*evs = ne;
			memset(&ne[*nr], 0, sizeof(ne[*nr]));
			ne[*nr].system = strdup(systems[s]);
			ne[*nr].name = strdup(events[e]);
			ne[*nr].format = tool_read_file(path, NULL);
			if (ne[*nr].format) {
				const char *id = strstr(ne[*nr].format, "\nID: ");

				ne[*nr].id = id ? atoi(id + 5) : 0;
				(*nr)++;
			} else {
				free(ne[*nr].system);
				free(ne[*nr].name);
			}
		}
		tracefs_list_free(events);
	}
	tracefs_list_free(systems);
	return found;
}

int kern_max_id(const struct kern *k)
{
	unsigned int i;
	int max = -1;

	for (i = 0; i < k->nr; i++)
		if (k->events[i].id > max)
			max = k->events[i].id;
	return max;
}

/* The instance with the recording's clock, each event's filter, the per-CPU pipes. */
int kern_open(struct kern *k, unsigned int nr_cpus, const char *clock, char *err, size_t len)
{
	unsigned int i;
	char file[256];

	snprintf(k->name, sizeof(k->name), PREFIX "%d", (int)getpid());
	k->nr_cpus = nr_cpus;
	k->inst = tracefs_instance_create(k->name);
	if (!k->inst) {
		snprintf(err, len, "cannot create the tracefs instance %s: %s", k->name,
			 strerror(errno));
		return -1;
	}
	if (tracefs_instance_file_write(k->inst, "trace_clock", clock) <= 0) {
		snprintf(err, len, "the kernel has no '%s' trace clock: %s", clock, strerror(errno));
		return -1;
	}
	/* The tasks' processes into saved_tgids, for the file (a kernel without it: none). */
	tracefs_instance_file_write(k->inst, "options/record-tgid", "1");
	for (i = 0; i < k->nr; i++) {
		struct kern_event *ev = &k->events[i];

		if (ev->filter && tracefs_event_file_write(k->inst, ev->system, ev->name, "filter",
							   ev->filter) <= 0) {
			snprintf(err, len, "the kernel refused the filter of %s:%s: %s", ev->system,
				 ev->name, strerror(errno));
			return -1;
		}
	}
	k->fds = calloc(nr_cpus, sizeof(*k->fds));
	if (!k->fds) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (i = 0; i < nr_cpus; i++) {
		snprintf(file, sizeof(file), "per_cpu/cpu%u/trace_pipe_raw", i);
		/* Close-on-exec: the traced program must not read the system's trace. */
		k->fds[i] = tracefs_instance_file_open(k->inst, file,
						       O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	}
	return 0;
}

/*
 * Only @pid's events and its descendants': set_event_pid, and event-fork so that the kernel
 * adds each child to set_event_pid when it forks (trace-cmd -F does the same).
 */
int kern_follow_pids(struct kern *k, const int *pids, unsigned int n, char *err, size_t len)
{
	size_t size = (size_t)n * 12 + 1, used = 0;
	char *buf = malloc(size);
	unsigned int i;
	int ret = -1;

	if (!buf) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%d", i ? " " : "", pids[i]);
	if (tracefs_instance_file_write(k->inst, "options/event-fork", "1") <= 0)
		snprintf(err, len, "cannot follow the program's children (options/event-fork of "
			 "%s): %s", k->name, strerror(errno));
	else if (n && tracefs_instance_file_write(k->inst, "set_event_pid", buf) <= 0)
		snprintf(err, len, "cannot limit kernel events to pid%s %s (set_event_pid of %s): "
			 "%s", n > 1 ? "s" : "", buf, k->name, strerror(errno));
	else
		ret = 0;
	free(buf);
	return ret;
}

int kern_follow_pid(struct kern *k, int pid, char *err, size_t len)
{
	return kern_follow_pids(k, &pid, 1, err, len);
}

int kern_enable(struct kern *k, char *err, size_t len)
{
	unsigned int i;

	for (i = 0; i < k->nr; i++) {
		struct kern_event *ev = &k->events[i];

		if (tracefs_event_file_write(k->inst, ev->system, ev->name, "enable", "1") <= 0) {
			snprintf(err, len, "cannot enable %s:%s in %s: %s", ev->system, ev->name,
				 k->name, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int kern_read_page(struct kern *k, unsigned int cpu, void *page)
{
	ssize_t n;

	if (cpu >= k->nr_cpus || k->fds[cpu] < 0)
		return 0;
	n = read(k->fds[cpu], page, PG_SIZE);
	if (n <= 0)
		return 0;
	if (n < (ssize_t)PG_SIZE)
		memset((char *)page + n, 0, PG_SIZE - (size_t)n);
	return 1;
}

void kern_stop(struct kern *k)
{
	if (k->inst)
		tracefs_instance_file_write(k->inst, "tracing_on", "0");
}

/* The CPU's losses, from per_cpu/cpuN/stats: overrun + dropped events. */
uint64_t kern_lost(struct kern *k, unsigned int cpu)
{
	char file[64], *text;
	uint64_t lost = 0;
	const char *p;

	snprintf(file, sizeof(file), "per_cpu/cpu%u/stats", cpu);
	text = k->inst ? tracefs_instance_file_read(k->inst, file, NULL) : NULL;
	if (!text)
		return 0;
	if ((p = strstr(text, "overrun: ")))
		lost += strtoull(p + 9, NULL, 10);
	if ((p = strstr(text, "dropped events: ")))
		lost += strtoull(p + 16, NULL, 10);
	free(text);
	return lost;
}

void kern_close(struct kern *k)
{
	unsigned int i;

	for (i = 0; k->fds && i < k->nr_cpus; i++)
		if (k->fds[i] >= 0)
			close(k->fds[i]);
	free(k->fds);
	k->fds = NULL;
	if (k->inst) {
		tracefs_instance_destroy(k->inst);
		tracefs_instance_free(k->inst);
		k->inst = NULL;
	}
	for (i = 0; i < k->nr; i++) {
		free(k->events[i].system);
		free(k->events[i].name);
		free(k->events[i].format);
	}
	free(k->events);
	k->events = NULL;
	k->nr = 0;
}
