/* SPDX-License-Identifier: MIT */
/* tool.h - what the tpoint command's files share. */
#ifndef TPOINT_TOOL_H
#define TPOINT_TOOL_H

#include <stdio.h>

/* An -e pattern and the -f that follows it (or NULL). */
struct tool_rule {
	const char *pattern;
	const char *filter;
};

/* "tpoint CMD: message" on stderr; returns -1. */
int tool_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tool_warn(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "system:event" globs, as tpoint_enable() takes them */
int tool_match(const char *pattern, const char *system, const char *name);
/* The directory part of @path ("." for none), in @buf. */
void tool_dirname(const char *path, char *buf, size_t len);
/* A whole decimal int; -1 if it is not one. */
int tool_parse_int(const char *s, int *out);

int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_top(int argc, char **argv);

/* report.c: an event's fields as the filter parser takes them (malloc'd) */
struct tep_event;
struct tpf_field;
struct tpf_field *tool_filter_fields(struct tep_event *ev, unsigned int *nr);

/* report.c: the whole read path over a file or a buffer, output to @out (the fuzz target) */
int report_file(const char *path, const void *mem, size_t len, FILE *out);

#endif /* TPOINT_TOOL_H */
