/* SPDX-License-Identifier: MIT */
/* hist.h - counts per key (tpoint top, tpoint report --hist): hist.c */
#ifndef TPOINT_HIST_H
#define TPOINT_HIST_H

#include <stdio.h>

struct tep_handle;
struct tep_event;
struct tep_record;
struct hist;

/* "keys=a,b:mod[:vals=x][:sort=hitcount|x[.ascending]]", or with @keys_only "a,b:mod". */
struct hist *hist_parse(const char *spec, int keys_only, char *err, size_t len);
void hist_add(struct hist *h, struct tep_handle *tep, struct tep_event *ev,
	      const struct tep_record *rec);
/* The table, most hits first (or as sort= says); @rows 0: all. */
void hist_print(const struct hist *h, FILE *fp, unsigned int rows);
void hist_free(struct hist *h);

#endif /* TPOINT_HIST_H */
