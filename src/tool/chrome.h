/* SPDX-License-Identifier: MIT */
/*
 * chrome.h - a trace.dat file in the Chrome trace-event format (chrome.c), which Perfetto's
 * UI, chrome://tracing and Catapult open: one instant event per event, on its thread,
 *
 *   {"name":"sample:foo_bar","cat":"sample","ph":"i","s":"t","ts":1095.253188,
 *    "pid":31062,"tid":31062,"args":{"foo":"hello","bar":1,...}}
 *
 * every field typed in "args" (as report --json), and "thread_name"/"process_name"
 * metadata events naming each thread by its command name and each process by its main
 * thread's. Times are microseconds with three decimals (the nanoseconds of the file).
 * "pid" is the thread's process where the file records it (its TGIDS option: tpoint
 * record writes it), else the thread's own id.
 */
#ifndef TPOINT_CHROME_H
#define TPOINT_CHROME_H

#include <stdio.h>

struct walk;

/* Every event of @w, from its first, to @out, as one JSON object. 0, or -1 after a message. */
int chrome_write(struct walk *w, FILE *out);

#endif /* TPOINT_CHROME_H */
