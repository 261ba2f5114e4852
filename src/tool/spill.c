// SPDX-License-Identifier: MIT
/* spill.c - a recording's parts on disk, and the trace.dat made of them (spill.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "merge.h"
#include "page.h"
#include "spill.h"

#define SPILL_SUFFIX	".part"

void spill_dir(const char *out, char *buf, size_t len)
{
	snprintf(buf, len, "%s" SPILL_SUFFIX, out);
}

int spill_pending(const char *out)
{
	char dir[4096];
	struct stat st;

	spill_dir(out, dir, sizeof(dir));
	return lstat(dir, &st) == 0;
}

static int spill_file(const char *dir, const char *name, uint32_t cpu)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s%u", dir, name, cpu);
	/* Read too: the merge maps them. Close-on-exec: the program must not inherit them. */
	return open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
}

int spill_open(struct spill *s, const char *out, uint32_t nr_cpus, int kernel, char *err,
	       size_t len)
{
	uint32_t i;

	memset(s, 0, sizeof(*s));
	spill_dir(out, s->dir, sizeof(s->dir));
	s->nr_cpus = nr_cpus;
	s->ufd = malloc(nr_cpus * sizeof(int));
	s->kfd = malloc(nr_cpus * sizeof(int));
	if (!s->ufd || !s->kfd) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (i = 0; i < nr_cpus; i++)
		s->ufd[i] = s->kfd[i] = -1;
	if (mkdir(s->dir, 0777) != 0) {
		snprintf(err, len, errno == EEXIST ? "%s is there: an unfinished recording "
			 "(`tpoint report %s` makes the file of it), or remove it" :
			 "cannot make %s: %s", s->dir, errno == EEXIST ? out : strerror(errno));
		return -1;
	}
	for (i = 0; i < nr_cpus; i++) {
		s->ufd[i] = spill_file(s->dir, "cpu", i);
		if (kernel && s->ufd[i] >= 0)
			s->kfd[i] = spill_file(s->dir, "kcpu", i);
		if (s->ufd[i] < 0 || (kernel && s->kfd[i] < 0)) {
			snprintf(err, len, "cannot write in %s: %s", s->dir, strerror(errno));
			spill_close(s);
			spill_remove(out);	/* ours, and empty */
			return -1;
		}
	}
	return 0;
}

void spill_close(struct spill *s)
{
	uint32_t i;

	for (i = 0; i < s->nr_cpus && s->ufd; i++) {
		if (s->ufd[i] >= 0)
			close(s->ufd[i]);
		if (s->kfd && s->kfd[i] >= 0)
			close(s->kfd[i]);
	}
	free(s->ufd);
	free(s->kfd);
	s->ufd = s->kfd = NULL;
}

int spill_head(struct spill *s, const struct dat_writer *w, char *err, size_t len)
{
	struct dat_writer h = *w;
	char path[4200];
	uint32_t i;
	int ret;

	snprintf(path, sizeof(path), "%s/head.dat", s->dir);
	h.path = path;
	h.noreplace = 0;
	h.kept_as_len = 0;
	/* The stats, not the pages: they are in the CPU files. */
	h.cpus = calloc(w->nr_cpus, sizeof(*h.cpus));
	if (!h.cpus) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (i = 0; i < w->nr_cpus; i++) {
		h.cpus[i] = w->cpus[i];
		h.cpus[i].fd = -1;
		h.cpus[i].size = 0;
	}
	ret = dat_write(&h, err, len);
	free(h.cpus);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* The trace.dat of the parts */

static int write_all(int fd, const void *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return w < 0 ? -1 : (errno = ENOSPC, -1);
		p = (const char *)p + w;
		n -= (size_t)w;
	}
	return 0;
}

/* A CPU file's fd and its whole pages (a write cut by a kill leaves part of one). */
static int open_part(const char *dir, const char *name, uint32_t cpu, uint64_t *size)
{
	char path[4200];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/%s%u", dir, name, cpu);
	*size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		*size = (uint64_t)st.st_size & ~(uint64_t)(PG_SIZE - 1);
	return fd;
}

/* Events in @size bytes of pages at @fd, as a reader would count them. */
static uint64_t count_events(int fd, uint64_t size)
{
	unsigned char page[PG_SIZE];
	uint64_t n = 0, off;

	for (off = 0; off < size; off += PG_SIZE) {
		if (pread(fd, page, PG_SIZE, (off_t)off) != (ssize_t)PG_SIZE)
			break;
		n += pg_events(page);
	}
	return n;
}

/* Copy @size bytes of @in to @out at @off: by the kernel, or read and written across
 * file systems (a memfd). */
static int copy_part(int in, uint64_t size, int out, uint64_t off)
{
	static unsigned char buf[64 * PG_SIZE];
	off_t from = 0, to = (off_t)off;

	while (size) {
		ssize_t n = copy_file_range(in, &from, out, &to, size, 0);

		if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS ||
			      errno == EOPNOTSUPP)) {
			n = pread(in, buf, size < sizeof(buf) ? size : sizeof(buf), from);
			if (n > 0 && pwrite(out, buf, (size_t)n, to) != n)
				n = -1;
			if (n > 0) {
				from += n;
				to += n;
			}
		}
		if (n <= 0)
			return n < 0 ? -1 : (errno = ENOSPC, -1);
		size -= (uint64_t)n;
	}
	return 0;
}

/* CPU @cpu's pages at @off of @out: the program's and the kernel's merged. Their size. */
static int put_cpu(const char *dir, uint32_t cpu, int out, uint64_t off, uint64_t *size,
		   uint64_t *events)
{
	uint64_t us, ks;
	int u = open_part(dir, "cpu", cpu, &us), k = open_part(dir, "kcpu", cpu, &ks), ret = 0;

	*size = *events = 0;
	if (us && ks) {
		if (lseek(out, (off_t)off, SEEK_SET) < 0 ||
		    merge_cpu(u, us, k, ks, out, size, events))
			ret = -1;
	} else if (us || ks) {
		*size = us ? us : ks;
		*events = count_events(us ? u : k, *size);
		ret = copy_part(us ? u : k, *size, out, off);
	}
	if (u >= 0)
		close(u);
	if (k >= 0)
		close(k);
	return ret;
}

/* head.dat's bytes up to its CPU table, the table, its tail (the clock), to @fd. */
static int put_head(const struct dat_file *h, int fd, uint64_t *table, uint64_t *end)
{
	uint64_t t = h->cpu_table_off, tail = t + 16ull * h->nr_cpus, clen;

	if (h->version != 6 || !t || tail + 8 > h->map_size)
		return errno = EINVAL, -1;
	memcpy(&clen, h->map + tail, 8);
	if (clen > h->map_size - tail - 8)
		clen = 0;		/* no clock text: a file of another writer */
	else
		clen += 8;
	if (write_all(fd, h->map, t) || ftruncate(fd, (off_t)tail) ||
	    lseek(fd, (off_t)tail, SEEK_SET) < 0 || write_all(fd, h->map + tail, clen))
		return -1;
	*table = t;
	*end = tail + clen;
	return 0;
}

int spill_assemble(const char *out, int fd, uint64_t *bytes, uint64_t *events, char *err,
		   size_t len)
{
	char dir[4096], head[4200];
	uint64_t table, off, size, n, *pairs = NULL;
	struct dat_file h;
	uint32_t cpu;

	spill_dir(out, dir, sizeof(dir));
	snprintf(head, sizeof(head), "%s/head.dat", dir);
	*bytes = *events = 0;
	if (dat_open(&h, head)) {
		snprintf(err, len, "%s: %s", head, h.err);
		return errno = EINVAL, -1;
	}
	pairs = calloc(h.nr_cpus ? h.nr_cpus : 1, 16);
	if (!pairs || put_head(&h, fd, &table, &off))
		goto fail;
	for (cpu = 0; cpu < h.nr_cpus; cpu++) {
		off = (off + PG_SIZE - 1) & ~(uint64_t)(PG_SIZE - 1);
		if (put_cpu(dir, cpu, fd, off, &size, &n))
			goto fail;
		pairs[2 * cpu] = size ? off : 0;
		pairs[2 * cpu + 1] = size;
		off += size;
		*events += n;
	}
	if (pwrite(fd, pairs, 16ull * h.nr_cpus, (off_t)table) != (ssize_t)(16ull * h.nr_cpus) ||
	    ftruncate(fd, (off_t)off))
		goto fail;
	*bytes = off;
	free(pairs);
	dat_close(&h);
	return 0;
fail:
	snprintf(err, len, "cannot write the trace of %s: %s", dir,
		 strerror(errno ? errno : EIO));
	free(pairs);
	dat_close(&h);
	return -1;
}

int spill_finish(const char *out, int noreplace, char *kept_as, size_t kept_len,
		 uint64_t *bytes, uint64_t *events, char *err, size_t len)
{
	char *tmp = NULL;
	int fd = dat_create_tmp(out, &tmp), saved;

	if (fd < 0) {
		snprintf(err, len, "cannot create %s: %s", tmp ? tmp : out, strerror(errno));
		free(tmp);
		return -1;
	}
	if (spill_assemble(out, fd, bytes, events, err, len))
		goto fail;
	if (fsync(fd) || close(fd)) {
		fd = -1;
		snprintf(err, len, "cannot write %s: %s", out, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (dat_publish(tmp, out, noreplace, kept_as, kept_len)) {
		snprintf(err, len, "cannot name the trace %s: %s", out, strerror(errno));
		goto fail;
	}
	free(tmp);
	spill_remove(out);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

void spill_remove(const char *out)
{
	char dir[4096], path[4400];
	struct dirent *d;
	DIR *dp;

	spill_dir(out, dir, sizeof(dir));
	dp = opendir(dir);
	while (dp && (d = readdir(dp))) {
		if (!strncmp(d->d_name, "cpu", 3) || !strncmp(d->d_name, "kcpu", 4) ||
		    !strncmp(d->d_name, "head.dat", 8)) {
			snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
			unlink(path);
		}
	}
	if (dp)
		closedir(dp);
	rmdir(dir);
}
