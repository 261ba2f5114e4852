// SPDX-License-Identifier: MIT
/* ut-events.c - defines the unit tests' events, and the sample's, in one file. */
#include <string.h>

#define CREATE_TRACE_POINTS
#include "ut-events.h"
/* A second event header in the same CREATE_TRACE_POINTS file. */
#include "trace-events-sample.h"

int ut_reg_calls, ut_unreg_calls, ut_reg_result, ut_cond_calls;
int sample_foo_reg_count;

int ut_reg(void)
{
	ut_reg_calls++;
	return ut_reg_result;
}

void ut_unreg(void)
{
	ut_unreg_calls++;
}

int ut_cond(int v)
{
	ut_cond_calls++;
	return v > 0;
}

int sample_foo_reg(void)
{
	__atomic_fetch_add(&sample_foo_reg_count, 1, __ATOMIC_RELAXED);
	return 0;
}

void sample_foo_unreg(void)
{
	__atomic_fetch_sub(&sample_foo_reg_count, 1, __ATOMIC_RELAXED);
}
