// SPDX-License-Identifier: MIT
/*
 * convert.c - `tpoint convert`: a trace.dat file into what other viewers read, as perf's
 * `perf data convert`: the kernel's own trace text (--to-systrace: Perfetto's UI and trace
 * processor), the Chrome trace-event format (--to-json: Perfetto, chrome://tracing) and
 * CTF 1.8 (--to-ctf: babeltrace2, Trace Compass). The file is read as report reads it
 * (walk.c); the output is written to a temporary file or directory beside OUT and renamed
 * into place once whole, so OUT is never left half written.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chrome.h"
#include "ctf.h"
#include "systrace.h"
#include "tepguard.h"
#include "tool.h"
#include "walk.h"

struct convert {
	const char *out, *path;
	int (*write)(struct walk *w, FILE *out);
	int (*write_dir)(struct walk *w, const char *dir);	/* or this, for a directory */
	const char *what;		/* the option, for messages */
	struct walk w;
	FILE *fp;
	const char *tmpdir;		/* where write_dir writes */
};

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: tpoint convert --to-systrace OUT [FILE]\n"
		"       tpoint convert --to-json OUT [FILE]\n"
		"       tpoint convert --to-ctf DIR [FILE]\n"
		"\n"
		"  --to-systrace OUT   the kernel's trace text (TASK-PID, CPU#, flags, timestamp),\n"
		"                      which Perfetto's UI and trace processor import\n"
		"  --to-json OUT       the Chrome trace-event format (instant events, thread\n"
		"                      names), which Perfetto and chrome://tracing open\n"
		"  --to-ctf DIR        a CTF 1.8 trace (metadata, a stream per CPU), every field\n"
		"                      typed, which babeltrace2 and Trace Compass open\n"
		"\n"
		"FILE is trace.dat by default (an unfinished recording's FILE.part/ is made into\n"
		"it first); OUT '-' is standard output. OUT is written whole or not at all; DIR\n"
		"is a new directory (or an empty one), made whole or not at all.\n");
}

static int convert_option(void *ctx, int c, const char *arg)
{
	struct convert *cv = ctx;
	const char *what = c == 'S' ? "--to-systrace" : c == 'J' ? "--to-json" : "--to-ctf";

	if (c != 'S' && c != 'J' && c != 'C')
		return -1;
	if (cv->write || cv->write_dir)
		return tool_error("convert", "%s and %s: one output at a time", cv->what, what);
	if (c == 'C')
		cv->write_dir = ctf_write;
	else
		cv->write = c == 'S' ? systrace_write : chrome_write;
	cv->what = what;
	cv->out = arg;
	if (c == 'C' && (!*arg || !strcmp(arg, "-")))
		return tool_error("convert", "--to-ctf '%s': name a directory to make", arg);
	if (!*arg)
		return tool_error("convert", "%s '': name a file, or - for standard output", what);
	return 0;
}

static const struct option convert_longopts[] = {
	{ "to-systrace", required_argument, NULL, 'S' },
	{ "to-json", required_argument, NULL, 'J' },
	{ "to-ctf", required_argument, NULL, 'C' },
	TOOL_LONGOPTS_END,
};

static const struct tool_opts convert_opts = {
	"convert", "h", convert_longopts, convert_option, usage,
};

/* The command line into @cv: 0, or -1 to stop with the exit status *@status. */
static int convert_parse(struct convert *cv, int argc, char **argv, int *status)
{
	int ret = tool_getopt(&convert_opts, argc, argv, cv);

	*status = ret > 0 ? TOOL_EXIT_OK : TOOL_EXIT_USAGE;
	if (ret)
		return -1;
	if (!cv->write && !cv->write_dir) {
		tool_error("convert", "say what to convert to: --to-systrace OUT, --to-json OUT "
			   "or --to-ctf DIR");
		usage(stderr);
		return -1;
	}
	if (argc - optind > 1) {
		tool_error("convert", "one file at a time: '%s' and '%s'", argv[optind],
			   argv[optind + 1]);
		return -1;
	}
	cv->path = optind < argc ? argv[optind] : "trace.dat";
	return 0;
}

/* Exit codes of the writer's child */
#define CONVERT_OK	0
#define CONVERT_FAIL	1	/* said why */
#define CONVERT_PIPE	3	/* standard output closed (| head): what was asked was written */

/*
 * The writer, in a child: libtraceevent's printer crashes on some formats (tepguard.h). A
 * failed write is said here, where its errno is known.
 */
static int convert_child(void *arg)
{
	struct convert *cv = arg;

	errno = 0;
	if (cv->write_dir)		/* it says what failed, with its file's name */
		return cv->write_dir(&cv->w, cv->tmpdir) ? CONVERT_FAIL : CONVERT_OK;
	if (!cv->write(&cv->w, cv->fp) && fflush(cv->fp) == 0)
		return CONVERT_OK;
	if (cv->fp == stdout && errno == EPIPE)
		return CONVERT_PIPE;
	if (errno)
		tool_error("convert", "%s: %s", cv->out, strerror(errno));
	return CONVERT_FAIL;
}

/* 0 when the writer wrote everything (or standard output closed), else -1 after a message. */
static int convert_run(struct convert *cv)
{
	int ret, sig;

	fflush(stdout);
	ret = tg_run(convert_child, cv, &sig);
	if (sig)
		return tool_error("convert", "%s: corrupted: libtraceevent crashed printing an "
				  "event of it (signal %d)", cv->path, sig);
	if (ret < 0)		/* no child: not run here either, a half write could repeat */
		return tool_error("convert", "cannot run the conversion: %s", strerror(errno));
	return ret == CONVERT_OK || ret == CONVERT_PIPE ? 0 : -1;
}

/* A temporary file beside @cv->out, mode 0666 less the umask, in @tmp. 0, or -1 said. */
static int convert_open(struct convert *cv, char *tmp, size_t len)
{
	char dir[4096];
	const char *base = strrchr(cv->out, '/');
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	tool_dirname(cv->out, dir, sizeof(dir));
	snprintf(tmp, len, "%s/.%s.XXXXXX", dir, base ? base + 1 : cv->out);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return tool_error("convert", "%s: cannot write in %s: %s", cv->out, dir,
				  strerror(errno));
	if (fchmod(fd, 0666 & ~mask) || !(cv->fp = fdopen(fd, "w"))) {
		close(fd);
		unlink(tmp);
		return tool_error("convert", "%s: %s", tmp, strerror(errno));
	}
	return 0;
}

/* Write @cv's output: to a temporary file renamed into place, or to standard output. */
static int convert_out(struct convert *cv)
{
	char tmp[4200];
	int ret;

	if (!strcmp(cv->out, "-")) {
		cv->fp = stdout;
		return convert_run(cv);
	}
	if (convert_open(cv, tmp, sizeof(tmp)))
		return -1;
	ret = convert_run(cv);
	if (fclose(cv->fp) != 0 && !ret)
		ret = tool_error("convert", "%s: %s", cv->out, strerror(errno));
	if (!ret && rename(tmp, cv->out) != 0)
		ret = tool_error("convert", "%s: %s", cv->out, strerror(errno));
	if (ret) {
		unlink(tmp);
		tool_error("convert", "%s was not written", cv->out);
	}
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* A directory (--to-ctf): made beside DIR under a temporary name, renamed into place */

/* @dir is not there, or is an empty directory (rename(2) replaces that): 0, or -1 said. */
static int dir_usable(const char *dir)
{
	struct dirent *e;
	struct stat st;
	int empty = 1;
	DIR *d;

	if (stat(dir, &st) != 0)
		return errno == ENOENT ? 0 : tool_error("convert", "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return tool_error("convert", "%s is there and is not a directory: name a new "
				  "directory for the CTF trace", dir);
	d = opendir(dir);
	if (!d)
		return tool_error("convert", "%s: %s", dir, strerror(errno));
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	if (!empty)
		return tool_error("convert", "%s is there and is not empty: name a new directory "
				  "(or an empty one) for the CTF trace; nothing in it is replaced",
				  dir);
	return 0;
}

/* @dir and the files in it (the writer makes no subdirectory). */
static void dir_remove(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d) {
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
	rmdir(dir);
}

/* A temporary directory beside @out, mode 0777 less the umask, in @tmp. 0, or -1 said. */
static int dir_make(const char *out, char *tmp, size_t len)
{
	char parent[4096];
	const char *base = strrchr(out, '/');
	mode_t mask = umask(0);

	umask(mask);
	tool_dirname(out, parent, sizeof(parent));
	if (snprintf(tmp, len, "%s/.%s.XXXXXX", parent, base ? base + 1 : out) >= (int)len)
		return tool_error("convert", "%s: the name is too long", out);
	if (!mkdtemp(tmp))
		return tool_error("convert", "%s: cannot write in %s: %s", out, parent,
				  strerror(errno));
	if (chmod(tmp, 0777 & ~mask) != 0) {
		tool_error("convert", "%s: %s", tmp, strerror(errno));
		rmdir(tmp);
		return -1;
	}
	return 0;
}

static int convert_dir(struct convert *cv)
{
	char out[4096], tmp[4200];
	size_t n = strlen(cv->out);
	int ret;

	while (n > 1 && cv->out[n - 1] == '/')		/* "out/": out */
		n--;
	snprintf(out, sizeof(out), "%.*s", (int)n, cv->out);
	if (dir_usable(out) || dir_make(out, tmp, sizeof(tmp)))
		return -1;
	cv->tmpdir = tmp;
	ret = convert_run(cv);
	if (!ret && rename(tmp, out) != 0)
		ret = tool_error("convert", "%s: %s", out, errno == ENOTEMPTY || errno == EEXIST ?
				 "made by another meanwhile, and not empty" : strerror(errno));
	if (ret) {
		dir_remove(tmp);
		tool_error("convert", "%s was not written", out);
	}
	return ret;
}

int cmd_convert(int argc, char **argv)
{
	struct convert cv;
	int ret;

	memset(&cv, 0, sizeof(cv));
	if (convert_parse(&cv, argc, argv, &ret))
		return ret;
	ret = TOOL_EXIT_FAIL;
	if (!walk_open(&cv.w, "convert", cv.path) &&
	    !(cv.write_dir ? convert_dir(&cv) : convert_out(&cv)))
		ret = TOOL_EXIT_OK;
	walk_close(&cv.w);
	return ret;
}
