// SPDX-License-Identifier: MIT
/*
 * fuzz-report.c - libFuzzer target over tpoint report's whole read path: the trace.dat
 * container (versions 6 and 7, compressed sections and chunks), the event formats through
 * libtraceevent, every page and event, and their printing. Any input must end in output or
 * an error message; a crash, a hang, a leak or an out-of-bounds access fails the run.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	report_file("fuzz-input", data, size, devnull);
	return 0;
}
