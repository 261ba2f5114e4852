// SPDX-License-Identifier: MIT
/* util.c - messages and parsing the tpoint command's files share. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#define READ_CHUNK	65536	/* tool_read_file(): room kept for the next read */

static void vmsg(const char *cmd, const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void vmsg(const char *cmd, const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "tpoint %s: %s", cmd, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int tool_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(cmd, "", fmt, ap);
	va_end(ap);
	return -1;
}

void tool_warn(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(cmd, "warning: ", fmt, ap);
	va_end(ap);
}

void tool_dirname(const char *path, char *buf, size_t len)
{
	char *slash;

	snprintf(buf, len, "%s", path);
	slash = strrchr(buf, '/');
	if (slash)
		slash[slash == buf] = '\0';	/* "/x": "/" */
	else
		snprintf(buf, len, ".");
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

char *tool_read_file(const char *path, size_t *len)
{
	size_t cap = READ_CHUNK * 2, n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = fd >= 0 ? malloc(cap) : NULL;
	ssize_t r = 0;

	while (buf && (r = read(fd, buf + n, cap - n - 1)) > 0) {
		n += (size_t)r;
		if (cap - n < READ_CHUNK) {
			char *nb = realloc(buf, cap *= 2);

			if (!nb) {
				r = -1;
				break;
			}
			buf = nb;
		}
	}
	if (fd >= 0)
		close(fd);
	if (r < 0) {
		free(buf);
		return NULL;
	}
	if (buf)
		buf[n] = '\0';
	if (buf && len)
		*len = n;
	return buf;
}

int tool_text_add(struct tool_text *t, const char *s, size_t n, size_t max)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 4096;
		char *nt;

		while (cap < t->len + n + 1)
			cap *= 2;
		if (cap > max || !(nt = realloc(t->text, cap)))
			return -1;
		t->text = nt;
		t->cap = cap;
	}
	memcpy(t->text + t->len, s, n);
	t->len += n;
	t->text[t->len] = '\0';
	return 0;
}

int tool_getopt(const struct tool_opts *o, int argc, char **argv, void *ctx)
{
	char name[64], *saved = argv[0];
	int c, ret = 0;

	/* getopt's own messages ("unrecognized option") name argv[0]: "tpoint record:". */
	snprintf(name, sizeof(name), "tpoint %s", o->cmd);
	argv[0] = name;
	while ((c = getopt_long(argc, argv, o->shortopts, o->longopts, NULL)) != -1) {
		if (c == 'h') {
			o->usage(stdout);
			ret = 1;
			break;
		}
		if (c == '?' || o->option(ctx, c, optarg)) {
			o->usage(stderr);
			ret = -1;
			break;
		}
	}
	argv[0] = saved;
	return ret;
}
