// SPDX-License-Identifier: MIT
/*
 * record.c - `tpoint record`: the command. Its options, the output and the clock checked
 * before anything runs; the recording itself is recorder.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recorder.h"
#include "ring.h"
#include "tool.h"

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	case '\0': break;
	default: return -1;
	}
	if (*end == 'i' || *end == 'B')
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/*
 * Refuse an output that cannot be written, before the program runs: the trace is written
 * to a new file beside @out and renamed over it at the end, so @out must not be a directory
 * or a special file (renaming over /dev/null as root would replace the device), and its
 * directory must exist and take new files. The default output (@replace 0) must not exist
 * at all. 0, or -1 after a message.
 */
static int check_output(const char *out, int replace)
{
	char dir[4096];
	struct stat st;

	if (!*out)
		return tool_error("record", "-o '': give the name of the file to write");
	if (!replace && lstat(out, &st) == 0)
		return tool_error("record", "%s exists here; name the output with -o FILE (or "
				  "move the old one away)", out);
	if (spill_pending(out))
		return tool_error("record", "%s.part/ holds an unfinished recording (its recorder "
				  "was killed?): `tpoint report %s` makes %s of it; or remove it",
				  out, out, out);
	if (stat(out, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return tool_error("record", "-o %s: is a directory; name a file in it, like "
					  "-o %s/trace.dat", out, out);
		if (!S_ISREG(st.st_mode))
			return tool_error("record", "-o %s: not a regular file (the trace is written "
					  "beside it, then renamed over it); name a regular file",
					  out);
	}
	tool_dirname(out, dir, sizeof(dir));
	if (stat(dir, &st) != 0)
		return tool_error("record", "-o %s: directory %s: %s; create it first, or name "
				  "a file in an existing directory", out, dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return tool_error("record", "-o %s: %s is not a directory", out, dir);
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0)
		return tool_error("record", "-o %s: cannot create files in directory %s: %s; "
				  "name a file in a directory you can write", out, dir,
				  strerror(errno));
	return 0;
}

/* --clock: tsc, mono, or auto (the TSC where it is invariant). 0, or -1 with a message. */
static int choose_clock(const char *want, int *tsc)
{
	char why[256];

	if (!want || !strcmp(want, "auto")) {
		*tsc = clock_tsc_usable(why, sizeof(why));
		return 0;
	}
	if (!strcmp(want, "mono")) {
		*tsc = 0;
		return 0;
	}
	if (strcmp(want, "tsc")) {
		tool_error("record", "--clock '%s': give tsc, mono or auto", want);
		return -1;
	}
	*tsc = clock_tsc_usable(why, sizeof(why));
	if (!*tsc)
		tool_error("record", "--clock tsc: %s; record with --clock mono", why);
	return *tsc ? 0 : -1;
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: tpoint record [-o FILE] -e EVENT... [-f FILTER] [-F] [--missing-ok]\n"
		"                     [--buffer-size SIZE] [--overwrite] [--clock tsc|mono|auto]\n"
		"                     [--snapshot-on EVENT [-f FILTER]]...\n"
		"                     -- PROGRAM [ARGS] | -p PID[,PID...]\n"
		"  -o FILE             output, replaced if it exists (default: trace.dat, which\n"
		"                      must not exist; if one appears during the run it is left\n"
		"                      alone, the trace goes to trace.1.dat, and the exit is 1)\n"
		"  -e EVENT            system:event, globs allowed; repeatable. Each must name an\n"
		"                      event of PROGRAM or the libraries it links (tpoint list\n"
		"                      PROGRAM), or of the kernel (tpoint list -k)\n"
		"  -f FILTER           record only the events of the -e before it that pass FILTER\n"
		"  -p, --pid PID,...   attach to programs already running (linked with libtpoint):\n"
		"                      their events from now on; Ctrl-C detaches and leaves them\n"
		"                      running; kernel events are those of their threads\n"
		"  -F, --program-only  kernel events of PROGRAM and its descendants only (default:\n"
		"                      the whole system's, as trace-cmd record without -F)\n"
		"  --missing-ok        an -e that names no event yet is a warning, not an error:\n"
		"                      for events of a library PROGRAM dlopen()s, or of a program\n"
		"                      it runs\n"
		"  --buffer-size SIZE  ring buffer per CPU, e.g. 512K, 16M (default: 32M shared by\n"
		"                      the CPUs, 2M to 16M each)\n"
		"  --overwrite         flight recorder: keep the newest events, written at the end;\n"
		"                      SIGUSR1 to tpoint writes them to FILE.1 (then FILE.2, ...)\n"
		"                      and the recording goes on (without --overwrite: the newest\n"
		"                      ring-full per CPU of what was recorded so far)\n"
		"  --snapshot-on EVENT write FILE.N each time EVENT fires (the program's or the\n"
		"                      kernel's; an -f right after it is its condition, not a\n"
		"                      filter on what is recorded); EVENT is recorded too, and\n"
		"                      --overwrite is implied. One snapshot at a time: firings and\n"
		"                      SIGUSR1s while one is written make one more, after it\n"
		"  --clock CLOCK       tsc: stamp with the TSC, converted to CLOCK_MONOTONIC ns in\n"
		"                      the file; mono: CLOCK_MONOTONIC; auto (default): tsc where\n"
		"                      the CPU says the TSC is invariant, else mono\n");
}

/* -p given again adds to the list: "1,2" and "-p 3" make "1,2,3". 0, or -1 after a message. */
static int pids_add(struct recorder_opts *o, const char *arg)
{
	size_t len = o->pids ? strlen(o->pids) + 1 : 0;
	char *p = realloc(o->pids_buf, len + strlen(arg) + 1);

	if (!p)
		return tool_error("record", "out of memory");
	if (len)
		p[len - 1] = ',';
	strcpy(p + len, arg);
	o->pids = o->pids_buf = p;
	return 0;
}

/* One option into the struct recorder_opts @ctx: 0, or -1 after a message. */
static int record_option(void *ctx, int c, const char *arg)
{
	struct recorder_opts *o = ctx;
	int snap_last = o->snap_last;

	o->snap_last = c == 'S';
	if (c == 'S' || (c == 'f' && snap_last))	/* --snapshot-on EVENT [-f FILTER] */
		return rules_option(&o->snap_on, "record", c == 'S' ? 'e' : 'f', arg);
	switch (c) {
	case 'o': o->out = arg; return 0;
	case 'F': o->follow = 1; return 0;
	case 'p': return pids_add(o, arg);
	case 'b':
		if (parse_size(arg, &o->bufsize) || o->bufsize < 2 * RING_PAGE_SIZE ||
		    o->bufsize > (uint64_t)RING_MAX_PAGES * RING_PAGE_SIZE)
			return tool_error("record", "--buffer-size '%s': give a size from 8K to 2G, "
					  "like 4M", arg);
		return 0;
	case 'O': o->flags |= RING_OVERWRITE; return 0;
	case 'c': o->clock = arg; return 0;
	default: return rules_option(&o->rules, "record", c, arg);
	}
}

static const struct option record_longopts[] = {
	RULES_LONGOPTS,
	{ "output", required_argument, NULL, 'o' },
	{ "program-only", no_argument, NULL, 'F' },
	{ "pid", required_argument, NULL, 'p' },
	{ "buffer-size", required_argument, NULL, 'b' },
	{ "overwrite", no_argument, NULL, 'O' },
	{ "clock", required_argument, NULL, 'c' },
	{ "snapshot-on", required_argument, NULL, 'S' },
	TOOL_LONGOPTS_END,
};

static const struct tool_opts record_opts = {
	"record", "+" RULES_SHORTOPTS "o:Fp:b:h", record_longopts, record_option, usage,
};

/*
 * --snapshot-on: its events are recorded (an -e each, after the user's, whose filters come
 * first), in overwrite mode (a flight recorder); --missing-ok applies to them too.
 */
static void record_snap_on(struct recorder_opts *o)
{
	unsigned int i;

	for (i = 0; i < o->snap_on.nr; i++)
		rules_option(&o->rules, "record", 'e', o->snap_on.v[i].pattern);
	if (o->snap_on.nr)
		o->flags |= RING_OVERWRITE;
	o->snap_on.flags |= o->rules.flags & RULES_MISSING_OK;
}

/* What the options leave to check: events, a program, the clock. 0, or -1 after a message. */
static int record_check(struct recorder_opts *o, int argc, char **argv)
{
	unsigned int i;

	record_snap_on(o);
	if (!o->rules.nr)
		return tool_error("record", "give the events to record with -e (tpoint list "
				  "PROGRAM shows them)");
	if (optind >= argc && !o->pids)
		return tool_error("record", "give the program to run after --, or -p PID");
	if (optind < argc && o->pids)
		return tool_error("record", "-p attaches to programs that run; give no program to "
				  "start with it");
	for (i = 0; i < o->rules.nr; i++)
		if (strchr(o->rules.v[i].pattern, '\n') || strchr(o->rules.v[i].pattern, '\t') ||
		    (o->rules.v[i].filter && strchr(o->rules.v[i].filter, '\n')))
			return tool_error("record", "-e/-f: no newlines or tabs, please");
	for (i = 0; i < o->snap_on.nr; i++)
		if (o->snap_on.v[i].filter && strchr(o->snap_on.v[i].filter, '\n'))
			return tool_error("record", "--snapshot-on -f: no newlines, please");
	o->cmd = argv + optind;
	if (choose_clock(o->clock, &o->tsc))
		return -1;
	if (o->tsc)
		o->flags |= RING_CLOCK_TSC;
	return 0;
}

/* The command line into @o: 0, or -1 to stop with the exit status *@status (--help, a message). */
static int record_parse(struct recorder_opts *o, int argc, char **argv, int *status)
{
	int ret = tool_getopt(&record_opts, argc, argv, o);

	*status = ret > 0 ? TOOL_EXIT_OK : TOOL_EXIT_USAGE;
	if (ret)
		return -1;
	if (record_check(o, argc, argv)) {
		usage(stderr);
		return -1;
	}
	o->replace = o->out != NULL;
	if (!o->out)
		o->out = "trace.dat";
	*status = TOOL_EXIT_FAIL;
	return check_output(o->out, o->replace);
}

int cmd_record(int argc, char **argv)
{
	struct recorder_opts o;
	struct recorder r;
	int ret;

	memset(&o, 0, sizeof(o));
	if (rules_init(&o.rules, "record", argc, 0))
		return TOOL_EXIT_FAIL;
	if (rules_init(&o.snap_on, "record", argc, 0)) {
		rules_free(&o.rules);
		return TOOL_EXIT_FAIL;
	}
	o.snap_on.opt = "--snapshot-on";
	if (!record_parse(&o, argc, argv, &ret)) {
		ret = recorder_setup(&r, &o);
		if (!ret)
			ret = recorder_run(&r);
		recorder_free(&r);
	}
	rules_free(&o.rules);
	free(o.pids_buf);
	rules_free(&o.snap_on);
	return ret;
}
