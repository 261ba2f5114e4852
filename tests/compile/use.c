// SPDX-License-Identifier: MIT
/* use.c - a file that only uses the sample's tracepoints (no CREATE_TRACE_POINTS). */
#include <stdarg.h>
#include "trace-events-sample.h"

int use_tracepoints(void);

static void probe(void *data, int value, const char *what)
{
	(void)data;
	(void)value;
	(void)what;
}

int use_tracepoints(void)
{
	struct sample_point pt = { 1, 2 };
	unsigned char b[2] = { 1, 2 };

	trace_foo_bar_with_cond("x", 10);
	trace_foo_with_template_simple("s", 1, 2, 3, 0, 1, pt, SAMPLE_RED, b, 2);
	if (register_trace_sample_bare(probe, 0))
		return 1;
	trace_sample_bare(1, "x");
	unregister_trace_sample_bare(probe, 0);
	return trace_foo_bar_enabled();
}
