// SPDX-License-Identifier: MIT
/*
 * reserve-count.c - an LD_PRELOAD library that counts the calls a process makes to
 * tpoint__event_reserve(), libtpoint's out-of-line reserve, and passes each on. At exit it
 * appends "COMM CALLS" to the file $RESERVE_COUNT_OUT. record.t runs the sample under it:
 * an event recorded without a filter is reserved inline (static/fastpath.h) and never
 * calls it, but at a page switch; a filtered one always does.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include <tpoint/tpoint.h>

static unsigned long calls;	/* atomic */

void *tpoint__event_reserve(struct tpoint_event *ev, struct tpoint_reservation *res, size_t size)
{
	static void *(*real)(struct tpoint_event *, struct tpoint_reservation *, size_t);

	/* Relaxed: a count, read at exit. */
	__atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "tpoint__event_reserve");
	return real(ev, res, size);
}

static void __attribute__((destructor)) reserve_count_exit(void)
{
	const char *out = getenv("RESERVE_COUNT_OUT");
	char comm[17] = "";
	FILE *f;

	if (!out || !(f = fopen(out, "a")))
		return;
	prctl(PR_GET_NAME, comm);
	fprintf(f, "%s %lu\n", comm, __atomic_load_n(&calls, __ATOMIC_RELAXED));
	fclose(f);
}
