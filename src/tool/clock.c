// SPDX-License-Identifier: MIT
/*
 * clock.c - which clock a recording stamps with, and the TSC calibration.
 *
 * Reading the TSC costs a third of a CLOCK_MONOTONIC read through the vDSO here (11.5 ns
 * against 28), and the probe pays it on every event. The kernel's own TSC-to-ns values are
 * not exposed on this class of machine (perf's mmap page says cap_user_time = 0 under
 * kvm-clock), so the recorder measures them: it reads both clocks at the start, about every
 * 100 ms while recording, and at the end, fits the line through the first and the last
 * reading, and states how far any reading lies from it. The file carries the line as
 * trace-cmd's TSC2NSEC (mult, shift) and OFFSET options, so that trace-cmd and tpoint report
 * print the same CLOCK_MONOTONIC times.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "tool.h"

#define CAL_MIN_SPAN_NS	10000000ull	/* a line fitted over less is stretched to this */
#define CAL_MAX_PAIRS	(1u << 20)	/* about 29 hours at one reading per 100 ms */
#define CAL_TRIES	5		/* readings per sample; the narrowest is kept */

static int has_flag(const char *line, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = line;

	while ((p = strstr(p, flag)) != NULL) {
		if ((p == line || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

int clock_tsc_usable(char *why, size_t len)
{
#if defined(__x86_64__) || defined(__i386__)
	FILE *fp = fopen("/proc/cpuinfo", "re");
	int constant = 0, nonstop = 0;
	size_t cap = 0;
	char *line = NULL;

	if (!fp) {
		snprintf(why, len, "cannot read /proc/cpuinfo: %s", strerror(errno));
		return 0;
	}
	while (getline(&line, &cap, fp) > 0) {
		if (strncmp(line, "flags", 5) == 0) {
			constant = has_flag(line, "constant_tsc");
			nonstop = has_flag(line, "nonstop_tsc");
			break;
		}
	}
	free(line);
	fclose(fp);
	if (constant && nonstop)
		return 1;
	snprintf(why, len, "the CPU does not say its TSC is invariant (%s not in /proc/cpuinfo's "
		 "flags)", !constant ? "constant_tsc" : "nonstop_tsc");
	return 0;
#else
	snprintf(why, len, "not an x86 machine: there is no TSC");
	return 0;
#endif
}

static uint64_t read_tsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#else
	return 0;
#endif
}

int clock_cal_sample(struct clock_cal *c)
{
	struct clock_pair best = { 0, 0, UINT64_MAX };
	int i;

	for (i = 0; i < CAL_TRIES; i++) {
		uint64_t t0 = read_tsc(), ns = tool_now_ns(), t1 = read_tsc();

		if (t1 >= t0 && t1 - t0 < best.window) {
			best.tsc = t0 + (t1 - t0) / 2;
			best.ns = ns;
			best.window = t1 - t0;
		}
	}
	if (best.window == UINT64_MAX)
		return -1;
	if (c->nr == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct clock_pair *p;

		if (c->cap >= CAL_MAX_PAIRS) {
			c->pairs[c->nr - 1] = best;	/* keep the last reading the last */
			return 0;
		}
		p = realloc(c->pairs, cap * sizeof(*p));
		if (!p)
			return -1;
		c->pairs = p;
		c->cap = cap;
	}
	c->pairs[c->nr++] = best;
	return 0;
}

uint64_t clock_tsc_to_ns(uint64_t tsc, uint32_t mult, uint32_t shift, int64_t offset)
{
	/* trace-cmd's mul_u64_u32_shr() gives exactly this for shift <= 32 */
	return (uint64_t)(((unsigned __int128)tsc * mult) >> shift) + (uint64_t)offset;
}

/* The largest distance of a reading from the line, its own window included. */
static uint64_t cal_error(const struct clock_cal *c, double ns_per_tick)
{
	uint64_t err = 0;
	size_t i;

	for (i = 0; i < c->nr; i++) {
		const struct clock_pair *p = &c->pairs[i];
		uint64_t ns = clock_tsc_to_ns(p->tsc, c->mult, c->shift, c->offset);
		uint64_t d = ns > p->ns ? ns - p->ns : p->ns - ns;

		d += (uint64_t)((double)p->window * ns_per_tick / 2 + 0.5);
		if (d > err)
			err = d;
	}
	return err;
}

int clock_cal_finish(struct clock_cal *c)
{
	const struct clock_pair *a, *b;
	double r;

	if (!c->nr || clock_cal_sample(c))
		return -1;
	if (c->pairs[c->nr - 1].ns - c->pairs[0].ns < CAL_MIN_SPAN_NS) {
		uint64_t left = CAL_MIN_SPAN_NS - (c->pairs[c->nr - 1].ns - c->pairs[0].ns);
		struct timespec ts = { 0, (long)left };

		nanosleep(&ts, NULL);
		if (clock_cal_sample(c))
			return -1;
	}
	a = &c->pairs[0];
	b = &c->pairs[c->nr - 1];
	if (b->tsc <= a->tsc || b->ns <= a->ns)
		return -1;
	r = (double)(b->ns - a->ns) / (double)(b->tsc - a->tsc);	/* ns per tick */
	/* trace-cmd reads mult as a signed int: below 2^31; and shift at most 32 */
	for (c->shift = 32; c->shift && r * (double)(1ull << c->shift) >= 2147483648.0; c->shift--)
		;
	c->mult = (uint32_t)(r * (double)(1ull << c->shift) + 0.5);
	if (!c->mult)
		return -1;
	c->offset = (int64_t)a->ns - (int64_t)clock_tsc_to_ns(a->tsc, c->mult, c->shift, 0);
	c->err_ns = cal_error(c, r);
	c->secs = (double)(b->ns - a->ns) / 1e9;
	return 0;
}

void clock_cal_free(struct clock_cal *c)
{
	free(c->pairs);
	memset(c, 0, sizeof(*c));
}
