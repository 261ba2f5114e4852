// SPDX-License-Identifier: MIT
/* walk.c - a trace.dat file's events in time order, through libtraceevent (walk.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spill.h"
#include "tepguard.h"
#include "tool.h"
#include "walk.h"

/*
 * @path was not written: its recorder was killed, or crashed, or the file system was full.
 * Make it of the parts it left (OUT.part/); where it cannot be written, read them from
 * memory. 0, or -1 with the reason in f->err.
 */
static int recover(struct dat_file *f, const char *cmd, const char *path)
{
	char err[1024], kept[4096];
	uint64_t bytes, events;
	void *mem;
	int fd;

	if (!spill_finish(path, 1, kept, sizeof(kept), &bytes, &events, err, sizeof(err))) {
		tool_warn(cmd, "%s was not finished (its recorder was killed, or crashed): "
			  "made it of %s.part/, %llu events", kept[0] ? kept : path, path,
			  (unsigned long long)events);
		return dat_open(f, kept[0] ? kept : path);
	}
	tool_warn(cmd, "%s was not finished, and it cannot be made of %s.part/ (%s): "
		  "reading the parts as they are", path, path, err);
	fd = memfd_create("tpoint-recovered", MFD_CLOEXEC);
	if (fd < 0 || spill_assemble(path, fd, &bytes, &events, err, sizeof(err))) {
		snprintf(f->err, sizeof(f->err), "%.400s", fd < 0 ? strerror(errno) : err);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	mem = mmap(NULL, bytes, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (mem == MAP_FAILED)
		return snprintf(f->err, sizeof(f->err), "%s", strerror(errno)), -1;
	if (dat_open_mem(f, mem, bytes)) {
		munmap(mem, bytes);
		return -1;
	}
	f->mapped = 1;		/* dat_close() unmaps it */
	return 0;
}

int walk_dat_open(struct dat_file *f, const char *cmd, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 && errno == ENOENT && spill_pending(path))
		return recover(f, cmd, path);
	return dat_open(f, path);
}

int walk_open(struct walk *w, const char *cmd, const char *path)
{
	char err[512];
	int bad = 0;

	memset(w, 0, sizeof(*w));
	w->cmd = cmd;
	w->path = path;
	if (walk_dat_open(&w->f, cmd, path))
		return tool_error(cmd, "%s: %s", path, w->f.err);
	w->tep = tg_load(&w->f, &bad, err, sizeof(err));
	if (!w->tep)
		return tool_error(cmd, "%s: %s", path, err);
	if (bad)
		tool_warn(cmd, "%s: %d event formats do not parse; their events are unknown", path,
			  bad);
	if (streams_open(&w->ss, &w->f))
		return tool_error(cmd, "%s", w->ss.err);
	if (streams_rewind(&w->ss))
		return tool_error(cmd, "%s: corrupted: %s", path, w->ss.err);
	return 0;
}

int walk_next(struct walk *w, struct tep_record *rec, struct tep_event **ev)
{
	/* The last event's page stays until now: its data was the caller's to read. */
	if (w->cur && stream_next(&w->ss, w->cur) < 0)
		return tool_error(w->cmd, "%s: corrupted: %s", w->path, w->ss.err);
	for (;;) {
		w->cur = streams_min(&w->ss);
		if (!w->cur)
			return 0;
		if (w->cur->size >= 8)
			break;
		/* No common header: nothing anyone could read (report skips it too). */
		if (stream_next(&w->ss, w->cur) < 0)
			return tool_error(w->cmd, "%s: corrupted: %s", w->path, w->ss.err);
	}
	stream_record(&w->ss, w->cur, rec);
	*ev = tep_find_event(w->tep, tep_data_type(w->tep, rec));
	w->events++;
	return 1;
}

int walk_rewind(struct walk *w)
{
	w->cur = NULL;
	w->events = 0;
	if (streams_rewind(&w->ss))
		return tool_error(w->cmd, "%s: corrupted: %s", w->path, w->ss.err);
	return 0;
}

void walk_close(struct walk *w)
{
	streams_close(&w->ss);
	if (w->tep)
		tep_free(w->tep);
	w->tep = NULL;
	dat_close(&w->f);
}
