/* SPDX-License-Identifier: MIT */
/*
 * tool.h - what the tpoint command's files share.
 *
 * Layers, top first: a file calls only files listed below it, never one above (nor,
 * through others, itself). tests/unit/layers.sh reads the calls from the objects and
 * checks it. The commands are thin: options, then the shared parts.
 *
 *   tpoint.c        main: the command by its name
 *   list.c          tpoint list: the events a program file defines
 *   record.c        tpoint record: options, output and clock checks, then the recorder
 *   report.c        tpoint report: which events show, the header, every event in order
 *   convert.c       tpoint convert: a file into another viewer's format, written whole
 *   systrace.c      the kernel's trace text (Perfetto imports it)
 *   chrome.c        the Chrome trace-event format (Perfetto, chrome://tracing)
 *   ctf.c           CTF 1.8 (babeltrace2, Trace Compass): the data streams, packets
 *   ctfmeta.c       CTF's metadata: the trace, clock, and an event class per format
 *   trace.c         tpoint trace: each event as a line, or through a --format template
 *   top.c           tpoint top: events counted per key, the table refreshed
 *   recorder.c      a recording: set up, run (drain the rings and the kernel's pages to
 *                   OUT.part/), finish (trace.dat made of the parts)
 *   snapshot.c      the flight recorder's snapshots: FILE.N on SIGUSR1 or a trigger event
 *   live.c          the stream behind trace and top: read, sort by time, hand out
 *   pidattach.c     -p: attaching to programs already running (knock, hand the session,
 *                   detach)
 *   launch.c        the session memory a program inherits; starting it; its exit status
 *   rules.c         -e and -f: parsed, matched, filters compiled, checked before a run
 *   rechead.c       a recording's formats, task names and kernel texts, for its head
 *   usyms.c         the traced processes' functions, as kallsyms lines (%ps, %pS)
 *   elf/events.c    the events an ELF object and its libraries define
 *   elf/libpath.c   the libraries an object needs, found as ld.so finds them
 *   elf/elf.c       an ELF file: sections, relocated pointers, strings
 *   kernel.c        kernel tracepoints in a private tracefs instance
 *   walk.c          a trace.dat file's events in time order, through libtraceevent
 *   spill.c         OUT.part/: the parts of a recording, assembled into trace.dat
 *   merge.c         the kernel's and the program's pages of one CPU, merged by time
 *   stream.c        a trace.dat file's events per CPU, each page checked
 *   dat/write.c     trace.dat version 6 written to a temporary file, then published
 *   dat/read.c      trace.dat opened: the parts both versions hold, version 6
 *   dat/read-v7.c   version 7: sections, zlib and zstd
 *   dat/parts.c     the parts both versions hold; buffers, CPU stats, the clock
 *   dat/cursor.c    bounded reads of a file in memory
 *   clock.c         the TSC calibrated against CLOCK_MONOTONIC
 *   tepguard.c      libtraceevent's parse and print, guarded by a child process
 *   output.c        an event as an ftrace line or a JSON object
 *   hist.c          counts per key (report --hist, top --by)
 *   fields.c        fields by name as text, with modifiers; --format templates
 *   procfs.c        what /proc says of a process: its file mappings, its ids
 *   util.c          messages, options, whole files, the clock
 */
#ifndef TPOINT_TOOL_H
#define TPOINT_TOOL_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

/*
 * How the tool's files report (one convention):
 * - A function that prints its own message returns 0, or -1 after "tpoint CMD: what, where,
 *   what to do" on stderr (tool_error() returns -1 for that: `return tool_error(...);`).
 * - A function of a part that does not know the command (dat/, elf/, clock, merge, spill,
 *   kernel) prints nothing: it returns 0, or -1 with the reason in the caller's buffer
 *   (`char *err, size_t len`, or the struct's err[]), and the caller prints it.
 * - Counts and sizes come back through pointers; a return value is never both.
 * - A command (cmd_*) returns its exit status, one of these, or a traced program's own
 *   (its exit code, 128 + its signal), as a shell would give it.
 */
#define TOOL_EXIT_OK		0
#define TOOL_EXIT_FAIL		1	/* the work could not be done (a file, the kernel...) */
#define TOOL_EXIT_USAGE		2	/* the command line: an option, -e or -f */
#define TOOL_EXIT_NOEXEC	127	/* PROGRAM could not be run (as sh says it) */

/* "tpoint CMD: message" on stderr; returns -1. */
int tool_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tool_warn(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The directory part of @path ("." for none), in @buf. */
void tool_dirname(const char *path, char *buf, size_t len);
/* A whole decimal int; -1 if it is not one. */
int tool_parse_int(const char *s, int *out);
/* A whole file (procfs and tracefs too: read to the end), NUL-terminated; NULL (errno). */
char *tool_read_file(const char *path, size_t *len);

/* A text that grows: @len bytes used of @cap, NUL-ended once anything was added. */
struct tool_text {
	char *text;
	size_t len, cap;
};
/* @n bytes of @s at the end of @t, if it stays within @max bytes: 0, or -1. */
int tool_text_add(struct tool_text *t, const char *s, size_t n, size_t max);
/* CLOCK_MONOTONIC in ns; inline: clock.c reads it between two TSC reads. */
static inline uint64_t tool_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct option;

/* The end of every command's long options: --help, then getopt's terminator. */
#define TOOL_LONGOPTS_END	{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }

/* A command's options, for tool_getopt(). */
struct tool_opts {
	const char *cmd;
	const char *shortopts;		/* getopt's; "+..." stops at the first operand */
	const struct option *longopts;	/* --help is 'h' */
	/* One option into @ctx: 0, or -1 after a message. */
	int (*option)(void *ctx, int c, const char *arg);
	void (*usage)(FILE *fp);
};

/*
 * getopt_long() over @argv, each option to o->option(@ctx): 0 when all are taken (optind
 * at the first operand), 1 after --help (printed), -1 after a message and the usage
 * (TOOL_EXIT_USAGE).
 */
int tool_getopt(const struct tool_opts *o, int argc, char **argv, void *ctx);

int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_convert(int argc, char **argv);

/* report.c: the whole read path over a file or a buffer, output to @out (the fuzz target) */
int report_file(const char *path, const void *mem, size_t len, FILE *out);

#endif /* TPOINT_TOOL_H */
