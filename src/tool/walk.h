/* SPDX-License-Identifier: MIT */
/*
 * walk.h - a trace.dat file's events, in time order, as libtraceevent reads them: for the
 * commands that turn a file into something else (convert.c). The file is opened as report
 * opens it (an unfinished recording's OUT.part/ made into it first), its formats parsed in
 * a guarded child first (tepguard.c), every page and event checked (stream.c).
 */
#ifndef TPOINT_WALK_H
#define TPOINT_WALK_H

#include <traceevent/event-parse.h>

#include "dat/dat.h"
#include "stream.h"

struct walk {
	const char *cmd, *path;
	struct dat_file f;
	struct tep_handle *tep;
	struct streams ss;
	struct stream *cur;		/* the stream of the event walk_next() gave */
	unsigned long long events;	/* given so far */
};

/*
 * The file @path, or what an unfinished recording of it left (OUT.part/): 0, or -1 with
 * the reason in f->err. (report.c opens its file with it too.)
 */
int walk_dat_open(struct dat_file *f, const char *cmd, const char *path);
/* @path's formats and streams, at its first event. 0, or -1 after a message (tpoint @cmd: ...). */
int walk_open(struct walk *w, const char *cmd, const char *path);
/*
 * The next event: 1 with *@rec (its data, size, CPU, time in ns) and *@ev (NULL when the
 * file has no format for its id), 0 at the end, -1 when a page is corrupted (said).
 */
int walk_next(struct walk *w, struct tep_record *rec, struct tep_event **ev);
/* Back at the first event: 0, or -1 after a message (a corrupted page). */
int walk_rewind(struct walk *w);
void walk_close(struct walk *w);

#endif /* TPOINT_WALK_H */
