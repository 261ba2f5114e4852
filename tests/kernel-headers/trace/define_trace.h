/* SPDX-License-Identifier: MIT */
/*
 * Stand-in for the kernel's <trace/define_trace.h>: the ported event headers include it
 * at their end, outside their guard; so is this file without a guard.
 */
#include <tpoint/define_trace.h>
