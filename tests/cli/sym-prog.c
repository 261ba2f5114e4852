// SPDX-License-Identifier: MIT
/*
 * sym-prog.c - fires sym:sym_call with the address of its own function sym_work, then 5
 * bytes into it, then libc's getpid; then lives 200 ms, as a service does, while the
 * recorder reads its maps (tests/cli/record.t).
 */
#include <time.h>
#include <unistd.h>

#define CREATE_TRACE_POINTS
#include "sym-events.h"

int sym_work(int x);

int __attribute__((noinline)) sym_work(int x)
{
	return x * 3 + 1;
}

int main(void)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };

	trace_sym_call((const void *)sym_work);
	trace_sym_call((const char *)(const void *)sym_work + 5);
	trace_sym_call((const void *)getpid);
	nanosleep(&ts, NULL);
	return sym_work(0) == 1 ? 0 : 1;
}
