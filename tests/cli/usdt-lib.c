// SPDX-License-Identifier: MIT
/* usdt-lib.c - libusdt-lib.so: a library with events of its own, loaded by usdt-prog. */
#include <stdio.h>
#include <string.h>

#define CREATE_TRACE_POINTS
#include "usdt-lib-events.h"

int usdt_lib_enabled(void);
void usdt_lib_fire(int count);

/* Whether the library's events are enabled (by a USDT semaphore, here). */
int usdt_lib_enabled(void)
{
	return trace_usdt_lib_hit_enabled() && trace_usdt_lib_done_enabled();
}

/* usdt_lib_hit(i, 1000 * i - 5, "tag-i") for i < count, then usdt_lib_done(count). */
void usdt_lib_fire(int count)
{
	char tag[32];
	int i;

	for (i = 0; i < count; i++) {
		snprintf(tag, sizeof(tag), "tag-%d", i);
		trace_usdt_lib_hit((unsigned int)i, 1000LL * i - 5, tag);
	}
	trace_usdt_lib_done(count);
}
