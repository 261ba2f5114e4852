/* SPDX-License-Identifier: MIT */
/*
 * usyms.h - the functions of the traced processes, as kallsyms lines (usyms.c), so that
 * %ps and %pS of their addresses print as function+0xoff in tpoint report and trace-cmd
 * report: each object a process maps (its program, its libraries), at its load bias.
 *
 *   00005555555551a9 t work	[sym-prog]
 *
 * And the strings of their __tracepoint_str sections (tracepoint_string()), as printk
 * format lines, where readers find what a `const char *` field's address points to.
 *
 * The processes are the traced program's, so their maps and files are read as hostile
 * input (bounded, through the ELF reader's checks).
 */
#ifndef TPOINT_USYMS_H
#define TPOINT_USYMS_H

#include <stddef.h>
#include <stdint.h>

#include "tool.h"

struct usyms {
	struct tool_text funcs;		/* "addr t name\t[object]\n"... */
	struct tool_text strings;	/* __tracepoint_str: "0xaddr : \"string\"\n"... */
	struct usyms_obj *objs;		/* the objects read: a file at a load bias, once */
	size_t nr_objs;
	int *pids;			/* the processes scanned */
	size_t nr_pids;
	int roots[64];			/* the traced programs: what may be scanned descends */
	size_t nr_roots;
};

/* @pid is a traced program: it and its descendants may be scanned. */
void usyms_root(struct usyms *u, int pid);

/*
 * Process @pid's objects, the first time it is seen (else nothing): 0, or -1. Only when the
 * kernel says @pid is a process descending from a root (its PPid chain): the pid comes from
 * the program's own task records, which it can forge.
 */
int usyms_scan(struct usyms *u, int pid);
/* Every process scanned so far, again (for libraries loaded since). */
void usyms_rescan(struct usyms *u);
void usyms_free(struct usyms *u);

#endif /* TPOINT_USYMS_H */
