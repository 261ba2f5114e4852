// SPDX-License-Identifier: MIT
/*
 * trace-events-sample.c - the one file of the program that defines the sample events.
 *
 * CREATE_TRACE_POINTS makes define_trace.h, at the end of the header, define the
 * tracepoints and their events (and register them with libtpoint when the program starts).
 * Every other file includes the header without it, and only declares them.
 */
#include <string.h>

#define CREATE_TRACE_POINTS
#include "trace-events-sample.h"

int sample_foo_reg_count;

/* TRACE_EVENT_FN: runs before the first probe attaches to foo_bar_with_fn. */
int sample_foo_reg(void)
{
	__atomic_fetch_add(&sample_foo_reg_count, 1, __ATOMIC_RELAXED);
	return 0;
}

/* ... and after the last one detaches. */
void sample_foo_unreg(void)
{
	__atomic_fetch_sub(&sample_foo_reg_count, 1, __ATOMIC_RELAXED);
}
