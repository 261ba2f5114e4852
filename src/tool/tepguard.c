// SPDX-License-Identifier: MIT
/*
 * tepguard.c - libtraceevent's parse and print, guarded by a child process. The check in the
 * child and the real parse both start from tg_tep_new(), so the check parses exactly what
 * the real parse will: once the check ran without the header's settings, sizeof(long)
 * failed there and the parse stopped before the argument that crashed the real one
 * (tests/fuzz/libtraceevent-crashes/format-crash-long-size.dat).
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <traceevent/event-parse.h>

#include "dat/dat.h"
#include "tepguard.h"

#define CHECK_SECONDS	10	/* a parse that takes longer is a hang */

struct tep_handle *tg_tep_new(const struct dat_file *f, int *bad_header)
{
	struct tep_handle *tep = tep_alloc();

	if (!tep)
		return NULL;
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);	/* dat_open() refuses big-endian */
	tep_set_local_bigendian(tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(tep, f->long_size);
	tep_set_page_size(tep, (int)f->page_size);
	*bad_header = tep_parse_header_page(tep, f->header_page.data, f->header_page.size,
					    f->long_size) != 0;
	return tep;
}

static int parse_formats(struct tep_handle *tep, const struct dat_file *f)
{
	unsigned int i;
	int bad = 0;

	for (i = 0; i < f->nr_formats; i++)
		if (tep_parse_event(tep, f->formats[i].text.data, f->formats[i].text.size,
				    f->formats[i].system))
			bad++;
	return bad;
}

int tg_run(int (*fn)(void *), void *arg, int *sig)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	int status;
	pid_t pid;

	*sig = 0;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* Default actions: a sanitizer's handlers must not turn a crash into an exit. */
		for (unsigned int i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
			signal(crash[i], SIG_DFL);
		status = fn(arg);
		fflush(stdout);
		_exit(status & 0xff);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status)) {
		*sig = WTERMSIG(status);
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int check_formats(void *arg)
{
	const struct dat_file *f = arg;
	struct tep_handle *tep;
	int bad_header;

	alarm(CHECK_SECONDS);
	tep = tg_tep_new(f, &bad_header);
	if (tep && !bad_header)
		parse_formats(tep, f);
	return 0;
}

struct tep_handle *tg_load(const struct dat_file *f, int *bad, char *err, size_t len)
{
	struct tep_handle *tep;
	int bad_header, sig, rc;

	/*
	 * Died of a signal, or exited non-zero (a sanitizer's report): refused. A child that
	 * could not be run (-1, no signal): parsed in-process, as trace-cmd does.
	 */
	rc = tg_run(check_formats, (void *)f, &sig);
	if (rc > 0 || sig) {
		snprintf(err, len, "corrupted: its event formats %s libtraceevent's parser "
			 "(signal %d)", sig == SIGALRM ? "hang" : "crash", sig);
		return NULL;
	}
	tep = tg_tep_new(f, &bad_header);
	if (!tep) {
		snprintf(err, len, "out of memory");
		return NULL;
	}
	if (bad_header) {
		snprintf(err, len, "corrupted: header_page does not parse");
		tep_free(tep);
		return NULL;
	}
	*bad = parse_formats(tep, f);
	if (f->kallsyms.size)
		tep_parse_kallsyms(tep, f->kallsyms.data);
	if (f->printk.size)
		tep_parse_printk_formats(tep, f->printk.data);
	if (f->cmdlines.size)
		tep_parse_saved_cmdlines(tep, f->cmdlines.data);
	return tep;
}
