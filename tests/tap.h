/* SPDX-License-Identifier: MIT */
/*
 * tap.h - Test Anything Protocol output for the C tests, with asserts that print both
 * values when they differ (libuv's ASSERT_EQ habit). The plan is printed at the end.
 */
#ifndef TPOINT_TAP_H
#define TPOINT_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

static inline __attribute__((format(printf, 5, 6))) int
tap_ok(int pass, const char *file, int line, const char *expr, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d: %s\n", file, line, expr);
	}
	fflush(stdout);
	return pass;
}

#define is_int(got, want, ...)							\
	do {									\
		long long __g = (long long)(got), __w = (long long)(want);	\
		if (!ok(__g == __w, __VA_ARGS__))				\
			printf("#   got: %lld\n#   expected: %lld\n", __g, __w);	\
	} while (0)

#define is_str(got, want, ...)							\
	do {									\
		const char *__g = (got), *__w = (want);				\
		if (!ok(__g && __w && strcmp(__g, __w) == 0, __VA_ARGS__))	\
			printf("#   got:      '%s'\n#   expected: '%s'\n",	\
			       __g ? __g : "(NULL)", __w ? __w : "(NULL)");	\
	} while (0)

#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
