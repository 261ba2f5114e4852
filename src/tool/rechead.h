/* SPDX-License-Identifier: MIT */
/*
 * rechead.h - what a recording's file holds besides its pages (rechead.c): the event
 * formats and task names the program registers, gathered as it runs, and with kernel
 * events the kernel's formats, saved cmdlines, kallsyms and printk formats.
 */
#ifndef TPOINT_RECHEAD_H
#define TPOINT_RECHEAD_H

#include <stddef.h>

#include "dat/dat.h"
#include "kernel.h"
#include "sesread.h"
#include "usyms.h"

struct rec_head {
	struct dat_format *formats;	/* the program's, in the order registered */
	unsigned int nr_formats;
	struct tool_text cmdlines;	/* the program's tasks: "tid comm\n"... */
	struct tool_text tgids;		/* and their processes: "tid tgid\n"... */
	const struct kern *kern;	/* with kernel events, else NULL */
	char *kallsyms, *printk;
	struct usyms usyms;		/* the program's processes' functions, for %ps/%pS */
	unsigned int nr_formats_scanned;	/* formats when the processes were last scanned */
};

/* With @k's events (kallsyms and printk formats are read now): call before rech_fill(). */
void rech_kernel(struct rec_head *h, const struct kern *k);
/*
 * Formats and task names registered since the last call (@final: the program is gone); a
 * process seen for the first time has its functions read (usyms.h), and all of them again
 * when new formats say a library was loaded.
 */
int rech_collect(struct rec_head *h, struct sr *rd, int final);
/*
 * Point @w's formats, cmdlines, tgids, kallsyms and printk at all of it (the kernel's saved
 * cmdlines and saved tgids read now); rech_unfill() after.
 */
int rech_fill(struct rec_head *h, struct dat_writer *w);
void rech_unfill(struct dat_writer *w);
void rech_free(struct rec_head *h);

#endif /* TPOINT_RECHEAD_H */
