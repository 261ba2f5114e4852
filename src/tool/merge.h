/* SPDX-License-Identifier: MIT */
/* merge.h - merge two sources of one CPU's pages by time into new pages (merge.c). */
#ifndef TPOINT_MERGE_H
#define TPOINT_MERGE_H

#include <stdint.h>

/* Pages of @afd (@asize bytes) and @bfd, merged into pages written to @outfd. 0 or -errno. */
int merge_cpu(int afd, uint64_t asize, int bfd, uint64_t bsize, int outfd, uint64_t *out_size,
	      uint64_t *out_events);

#endif /* TPOINT_MERGE_H */
