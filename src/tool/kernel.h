/* SPDX-License-Identifier: MIT */
/* kernel.h - kernel tracepoints in a private tracefs instance (kernel.c). */
#ifndef TPOINT_KERNEL_H
#define TPOINT_KERNEL_H

#include <stddef.h>
#include <stdint.h>

struct tracefs_instance;

struct kern_event {
	char *system, *name;
	char *format;			/* events/<system>/<name>/format */
	const char *filter;		/* the -f that goes with it, or NULL */
	int id;
};

struct kern {
	struct tracefs_instance *inst;
	char name[64];			/* "tpoint-<pid>" */
	unsigned int nr_cpus;
	int *fds;			/* per_cpu/cpuN/trace_pipe_raw, non-blocking, cloexec */
	struct kern_event *events;
	unsigned int nr;
};

/* 1 if kernel events can be traced here; 0 with what is needed in @why. */
int kern_available(char *why, size_t len);
void kern_cleanup_stale(void);
/* Append the kernel events @pattern names to *evs; returns how many it names. */
int kern_match(const char *pattern, struct kern_event **evs, unsigned int *nr);
/* The largest id of k's events, or -1. */
int kern_max_id(const struct kern *k);
/*
 * Create the instance with the recording's clock (@clock: "mono", or "x86-tsc" when the user
 * events are stamped with the TSC), set k->events' filters, open the pipes. Nothing is
 * enabled yet: a pid filter (kern_follow_pid) must be in place first, then kern_enable().
 */
int kern_open(struct kern *k, unsigned int nr_cpus, const char *clock, char *err, size_t len);
/* Only @pid's events and its descendants' (set_event_pid, options/event-fork). */
int kern_follow_pid(struct kern *k, int pid, char *err, size_t len);
/* The same for the threads @pids of running programs (tpoint record -p): their events only. */
int kern_follow_pids(struct kern *k, const int *pids, unsigned int n, char *err, size_t len);
/* Enable k->events: they are recorded from now on. */
int kern_enable(struct kern *k, char *err, size_t len);
/* One raw page of @cpu, or 0 when none is ready. */
int kern_read_page(struct kern *k, unsigned int cpu, void *page);
void kern_stop(struct kern *k);
uint64_t kern_lost(struct kern *k, unsigned int cpu);
/* Disable, remove the instance, free. */
void kern_close(struct kern *k);
/* A file of the top tracefs directory (saved_cmdlines, printk_formats), malloc'd. */
char *kern_top_file(const char *name, size_t *len);

#endif /* TPOINT_KERNEL_H */
