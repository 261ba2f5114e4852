// SPDX-License-Identifier: MIT
/*
 * usdt.c - fires the tracepoints of usdt-events.h; built as C and as C++, at -O0 and -O2,
 * and with -DPROVIDER (C only) it defines them too (tests/compile/run.sh reads the notes).
 */
#ifdef PROVIDER
# define CREATE_TRACE_POINTS
#endif
#include "usdt-events.h"

int usdt_fire(int v);

int usdt_fire(int v)
{
	struct usdtc_pair p = { v, -v };
	union usdtc_word w;

	w.i = v;
	trace_usdtc_many(v, v + 1, v + 2, v + 3, v + 4, v + 5, v + 6, v + 7, v + 8, v + 9,
			 v + 10, v + 11, v + 12, v + 13);
	trace_usdtc_odd(p, v / 2.0, w, -1LL * v, 'c', "odd");
	return trace_usdtc_many_enabled() + trace_usdtc_odd_enabled();
}

#ifdef PROVIDER
int main(int argc, char **argv)
{
	(void)argv;
	return usdt_fire(argc);
}
#endif
