// SPDX-License-Identifier: MIT
/* util.c - messages and parsing the tpoint command's files share. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <tpoint/tpoint.h>

#include "tool.h"

int tool_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tpoint %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

void tool_warn(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tpoint %s: warning: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int tool_match(const char *pattern, const char *system, const char *name)
{
	return tpoint_match(pattern, system, name);
}

int tool_parse_int(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < INT_MIN || v > INT_MAX)
		return -1;
	*out = (int)v;
	return 0;
}
