// SPDX-License-Identifier: MIT
/* dlprov.c - a shared library with its own events, loaded and unloaded by test-registry. */
#include <string.h>

#define CREATE_TRACE_POINTS
#include "dlprov-events.h"

void dlprov_fire(int n);

void dlprov_fire(int n)
{
	trace_dl_start(n);
	trace_dl_done("fired");
}
