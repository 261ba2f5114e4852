/* SPDX-License-Identifier: MIT */
/*
 * clock.h - the recording's clock: the TSC where it is invariant, else CLOCK_MONOTONIC; and
 * the calibration that turns TSC ticks into CLOCK_MONOTONIC nanoseconds in the file.
 */
#ifndef TPOINT_TOOL_CLOCK_H
#define TPOINT_TOOL_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/*
 * 1 when the TSC can stamp events: x86, and the CPU says it is invariant (constant_tsc and
 * nonstop_tsc in /proc/cpuinfo). 0 with the reason in @why.
 */
int clock_tsc_usable(char *why, size_t len);

/* One reading of both clocks, the TSC's bracketing the CLOCK_MONOTONIC read. */
struct clock_pair {
	uint64_t tsc, ns;
	uint64_t window;		/* ticks between the two TSC reads around the ns */
};

/*
 * The conversion trace-cmd applies (TSC2NSEC and OFFSET options): ns = (tsc * mult >> shift)
 * + offset, fitted through the first and last readings of a recording; err_ns is the largest
 * distance of any reading from it, plus its reading window.
 */
struct clock_cal {
	struct clock_pair *pairs;
	size_t nr, cap;
	uint32_t mult, shift;
	int64_t offset;
	uint64_t err_ns;
	double secs;			/* between the first and the last reading */
};

/* Take a reading (call at the start, now and then while recording, and at the end). */
int clock_cal_sample(struct clock_cal *c);
/* Fit the conversion; 0, or -1 when the readings do not make one (the TSC went back). */
int clock_cal_finish(struct clock_cal *c);
void clock_cal_free(struct clock_cal *c);

/* (tsc * mult) >> shift + offset, exactly as trace-cmd computes it. */
uint64_t clock_tsc_to_ns(uint64_t tsc, uint32_t mult, uint32_t shift, int64_t offset);

#endif /* TPOINT_TOOL_CLOCK_H */
