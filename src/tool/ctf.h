/* SPDX-License-Identifier: MIT */
/*
 * ctf.h - a trace.dat file as a CTF 1.8 trace (ctf.c), which babeltrace2 and Trace Compass
 * open: a directory of
 *
 *   metadata        the TSDL text (ctfmeta.c): the trace, its clock, one event class per
 *                   format that has events, named "system:event", every field typed
 *   stream_CPU      one data stream per CPU that has events (stream_B_CPU for the CPUs of
 *                   a file's buffer B after the first): packets of about 256 KiB, each
 *                   with its CPU (cpu_id), its first and last times, and the events lost
 *                   so far (events_discarded), from the pages' counts and the CPU's stats
 *
 * The times are the file's, in ns, as tpoint report shows them. Each event has its format's
 * fields, the common ones first (common_pid is the thread); numbers as the format types
 * them, strings (char[] and __data_loc char[]) as strings, other arrays as arrays or
 * sequences, and a field that the TP_printk shows through __print_symbolic() as an enum of
 * those symbols.
 */
#ifndef TPOINT_CTF_H
#define TPOINT_CTF_H

struct walk;

/*
 * Every event of @w, from its first, into the empty directory @dir. 0, or -1 after a
 * message; the caller removes what is in @dir then.
 */
int ctf_write(struct walk *w, const char *dir);

#endif /* TPOINT_CTF_H */
