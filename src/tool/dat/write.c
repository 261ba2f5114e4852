// SPDX-License-Identifier: MIT
/*
 * write.c - write a trace.dat file, version 6: the header a recording has gathered
 * (formats, texts, options, the CPUs' table), then each CPU's pages copied from its fd,
 * into a new file beside the final name that is renamed to it once complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "dat/internal.h"
#include "page.h"

struct out {
	FILE *fp;
	int failed;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (!o->failed && n && fwrite(p, 1, n, o->fp) != n)
		o->failed = 1;
}

static void put16(struct out *o, uint16_t v) { put(o, &v, 2); }
static void put32(struct out *o, uint32_t v) { put(o, &v, 4); }
static void put64(struct out *o, uint64_t v) { put(o, &v, 8); }

static void put_option(struct out *o, uint16_t id, const char *text)
{
	put16(o, id);
	put32(o, (uint32_t)strlen(text) + 1);
	put(o, text, strlen(text) + 1);
}

/* The event formats, grouped by system in the order systems first appear. */
static void put_formats(struct out *o, const struct dat_writer *w)
{
	unsigned int i, j, nsys = 0;

	for (i = 0; i < w->nr_formats; i++) {
		for (j = 0; j < i && strcmp(w->formats[j].system, w->formats[i].system); j++)
			;
		nsys += j == i;
	}
	put32(o, nsys);
	for (i = 0; i < w->nr_formats; i++) {
		uint32_t n = 0;

		for (j = 0; j < i && strcmp(w->formats[j].system, w->formats[i].system); j++)
			;
		if (j < i)
			continue;
		for (j = i; j < w->nr_formats; j++)
			n += !strcmp(w->formats[j].system, w->formats[i].system);
		put(o, w->formats[i].system, strlen(w->formats[i].system) + 1);
		put32(o, n);
		for (j = i; j < w->nr_formats; j++) {
			if (strcmp(w->formats[j].system, w->formats[i].system))
				continue;
			put64(o, w->formats[j].text.size);
			put(o, w->formats[j].text.data, w->formats[j].text.size);
		}
	}
}

/* The options: the clock, each CPU's stats, uname, the TSC conversion, who wrote it. */
static void put_options(struct out *o, const struct dat_writer *w, const char *clock)
{
	char cpustat[512];
	struct utsname un;
	unsigned int i;

	put_option(o, OPT_TRACECLOCK, clock);
	if (w->tgids && *w->tgids)
		put_option(o, OPT_TGIDS, w->tgids);
	if (w->user_ids) {
		char ids[16];

		snprintf(ids, sizeof(ids), "%u", w->user_ids);
		put_option(o, OPT_USER_IDS, ids);
	}
	for (i = 0; i < w->nr_cpus; i++) {
		snprintf(cpustat, sizeof(cpustat),
			 "CPU: %u\nentries: %llu\noverrun: %llu\ncommit overrun: 0\nbytes: %llu\n"
			 "dropped events: %llu\nread events: %llu\n", i,
			 (unsigned long long)w->cpus[i].entries,
			 (unsigned long long)w->cpus[i].overrun,
			 (unsigned long long)w->cpus[i].size,
			 (unsigned long long)w->cpus[i].dropped,
			 (unsigned long long)w->cpus[i].entries);
		put_option(o, OPT_CPUSTAT, cpustat);
	}
	if (uname(&un) == 0) {
		char u[512];

		snprintf(u, sizeof(u), "%s %s %s %s", un.sysname, un.nodename, un.release,
			 un.machine);
		put_option(o, OPT_UNAME, u);
	}
	if (w->tsc_mult) {
		char text[32];

		put16(o, OPT_TSC2NSEC);
		put32(o, 16);
		put32(o, w->tsc_mult);
		put32(o, w->tsc_shift);
		put64(o, 0);
		snprintf(text, sizeof(text), "%lld", (long long)w->ts_offset);
		put_option(o, OPT_OFFSET, text);
	}
	if (w->clock_note) {
		char text[512];

		snprintf(text, sizeof(text), "tpoint %s (%s)", TPOINT_VERSION, w->clock_note);
		put_option(o, OPT_VERSION, text);
	} else {
		put_option(o, OPT_VERSION, "tpoint " TPOINT_VERSION);
	}
}

/*
 * A new file beside @path, "path.XXXXXX", created with mode 0666 for the kernel to apply the
 * umask (and a default ACL) to, as for any file the user makes: the trace may hold
 * /proc/kallsyms read as root, and a umask of 077 must keep it private. mkstemp() would
 * make it 0600 whatever the umask. The fd, with the name in *@tmp (malloc'd); or -1 with
 * errno, and *@tmp NULL when out of memory.
 */
int dat_create_tmp(const char *path, char **tmp)
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[6];
	unsigned int i, tries;
	size_t len;
	int fd;

	len = strlen(path);
	*tmp = malloc(len + 8);
	if (!*tmp) {
		errno = ENOMEM;
		return -1;
	}
	for (tries = 0; tries < 100; tries++) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
			uint64_t x = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull + tries * 7919u +
				     (uint64_t)time(NULL);

			memcpy(rnd, &x, sizeof(rnd));
		}
		memcpy(*tmp, path, len);
		(*tmp)[len] = '.';
		for (i = 0; i < sizeof(rnd); i++)
			(*tmp)[len + 1 + i] = chars[rnd[i] % (sizeof(chars) - 1)];
		(*tmp)[len + 7] = '\0';
		fd = open(*tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/*
 * Name the finished @tmp @path without replacing what may be there: renameat2() with
 * RENAME_NOREPLACE, or link() + unlink() on a file system without it (NFS, some FUSE).
 * 0, or -1 with errno (EEXIST: something is at @path).
 */
static int dat_rename_noreplace(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
	if (link(tmp, path) != 0)
		return -1;
	unlink(tmp);
	return 0;
}

/* "dir/trace.dat", 3: "dir/trace.3.dat"; "out", 3: "out.3". */
static void dat_alt_name(const char *path, unsigned int n, char *buf, size_t len)
{
	size_t l = strlen(path);

	if (l > 4 && !strcmp(path + l - 4, ".dat"))
		snprintf(buf, len, "%.*s.%u.dat", (int)(l - 4), path, n);
	else
		snprintf(buf, len, "%s.%u", path, n);
}

/*
 * The finished @tmp becomes @w->path: replacing it, or (noreplace) under another name if
 * a file appeared there during the recording, which is then left alone. 0, or -1 with
 * errno (and @tmp still there).
 */
int dat_publish(const char *tmp, const char *path, int noreplace, char *kept_as,
		size_t kept_len)
{
	char alt[4096];
	unsigned int i;

	if (kept_len)
		kept_as[0] = '\0';
	if (!noreplace)
		return rename(tmp, path);
	if (dat_rename_noreplace(tmp, path) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	for (i = 1; i < 100; i++) {
		dat_alt_name(path, i, alt, sizeof(alt));
		if (dat_rename_noreplace(tmp, alt) == 0)
			break;
		if (errno != EEXIST)
			return -1;
	}
	if (kept_len)	/* the name it took, or path.XXXXXX when all were taken */
		snprintf(kept_as, kept_len, "%s", i < 100 ? alt : tmp);
	return 0;
}

/* Everything before the pages: headers, formats, texts, options, the CPUs' table. */
static void put_head(struct out *o, const struct dat_writer *w)
{
	char clock[64];
	uint64_t off;
	unsigned int i;

	put(o, DAT_MAGIC, DAT_MAGIC_LEN);
	put(o, "6", 2);
	put(o, "\0\10", 2);			/* little endian, 8-byte long */
	put32(o, PG_SIZE);
	put(o, "header_page", 12);
	put64(o, strlen(pg_header_page_text()));
	put(o, pg_header_page_text(), strlen(pg_header_page_text()));
	put(o, "header_event", 13);
	put64(o, strlen(pg_header_event_text()));
	put(o, pg_header_event_text(), strlen(pg_header_event_text()));
	put32(o, 0);				/* ftrace events */
	put_formats(o, w);
	put32(o, w->kallsyms ? (uint32_t)strlen(w->kallsyms) : 0);
	if (w->kallsyms)
		put(o, w->kallsyms, strlen(w->kallsyms));
	put32(o, w->printk ? (uint32_t)strlen(w->printk) : 0);
	if (w->printk)
		put(o, w->printk, strlen(w->printk));
	put64(o, strlen(w->cmdlines));
	put(o, w->cmdlines, strlen(w->cmdlines));
	put32(o, w->nr_cpus);
	put(o, "options  ", 10);
	snprintf(clock, sizeof(clock), "[%s]", w->clock);
	put_options(o, w, clock);
	put16(o, OPT_DONE);
	put(o, "flyrecord", 10);
	/* Where each CPU's pages go: after this header and the clock, page-aligned. */
	off = (uint64_t)ftell(o->fp) + 16ull * w->nr_cpus + 8 + strlen(clock) + 1;
	off = (off + PG_SIZE - 1) & ~(uint64_t)(PG_SIZE - 1);
	for (i = 0; i < w->nr_cpus; i++) {
		put64(o, w->cpus[i].size ? off : 0);
		put64(o, w->cpus[i].size);
		off += w->cpus[i].size;
	}
	put64(o, strlen(clock) + 1);
	put(o, clock, strlen(clock) + 1);
}

/* The CPUs' pages after the head, by copy_file_range at explicit offsets; the file's end. */
static uint64_t put_pages(struct out *o, const struct dat_writer *w)
{
	uint64_t off = (uint64_t)lseek(fileno(o->fp), 0, SEEK_END);
	unsigned int i;

	off = (off + PG_SIZE - 1) & ~(uint64_t)(PG_SIZE - 1);
	for (i = 0; i < w->nr_cpus && !o->failed; i++) {
		off_t in = 0, outoff = (off_t)off;
		uint64_t left = w->cpus[i].size;

		while (left) {
			ssize_t n = copy_file_range(w->cpus[i].fd, &in, fileno(o->fp), &outoff,
						    left, 0);

			if (n <= 0) {
				o->failed = 1;
				break;
			}
			left -= (uint64_t)n;
		}
		off += w->cpus[i].size;
	}
	return off;
}

int dat_write(const struct dat_writer *w, char *err, size_t errlen)
{
	struct out o = { NULL, 0 };
	char *tmp = NULL;
	int fd, saved;
	uint64_t end;

	fd = dat_create_tmp(w->path, &tmp);
	if (fd < 0) {
		saved = errno;
		if (tmp)
			snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(saved));
		else
			snprintf(err, errlen, "out of memory");
		free(tmp);
		errno = saved;
		return -1;
	}
	o.fp = fdopen(fd, "w");
	if (!o.fp) {
		close(fd);
		goto fail;
	}
	put_head(&o, w);
	/* The header through stdio, then the pages at explicit offsets. */
	if (fflush(o.fp) != 0)
		o.failed = 1;
	end = put_pages(&o, w);
	if (!o.failed && ftruncate(fileno(o.fp), (off_t)end) != 0)
		o.failed = 1;
	if (o.failed || fflush(o.fp) != 0 || fsync(fileno(o.fp)) != 0)
		goto fail;
	if (fclose(o.fp) != 0) {
		o.fp = NULL;
		goto fail;
	}
	o.fp = NULL;
	if (dat_publish(tmp, w->path, w->noreplace, w->kept_as, w->kept_as_len) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	saved = errno;
	snprintf(err, errlen, "cannot write %s: %s", w->path, strerror(saved ? saved : EIO));
	if (o.fp)
		fclose(o.fp);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}