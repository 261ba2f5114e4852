/* SPDX-License-Identifier: MIT */
/* Stand-in for the kernel's <linux/tracepoint.h>: the ported event headers include it. */
#include <tpoint/tracepoint.h>
