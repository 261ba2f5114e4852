/* SPDX-License-Identifier: MIT */
/*
 * systrace.h - a trace.dat file as the kernel's own `trace` file prints it (systrace.c):
 * the nop tracer's header, then a line per event,
 *
 *            sleep-13161   [001] dN.2.  1953.881533: signal_generate: sig=17 errno=0 ...
 *
 * TASK-PID, CPU#, the latency flags (irqs-off/BH, need-resched, hardirq/softirq,
 * preempt-depth, migrate-disable), the time, the event's name and its TP_printk text,
 * "CPU:N [LOST M EVENTS]" where events were lost. Perfetto's UI and trace processor
 * import this text (they do not read trace.dat).
 */
#ifndef TPOINT_SYSTRACE_H
#define TPOINT_SYSTRACE_H

#include <stdio.h>

struct walk;

/* Every event of @w, from its first, to @out. 0, or -1 after a message. */
int systrace_write(struct walk *w, FILE *out);

#endif /* TPOINT_SYSTRACE_H */
