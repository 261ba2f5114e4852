// SPDX-License-Identifier: MIT
/*
 * clash-prog.c - fires its own signal:signal_generate N times, and raises SIGUSR1 N times
 * (ignored), so that the kernel's signal:signal_generate fires N times too.
 */
#include <signal.h>
#include <stdlib.h>

#define CREATE_TRACE_POINTS
#include "clash-events.h"

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5, i;

	signal(SIGUSR1, SIG_IGN);
	for (i = 0; i < n; i++) {
		trace_signal_generate(1000 + i);
		raise(SIGUSR1);
	}
	return 0;
}
