/* SPDX-License-Identifier: MIT */
/*
 * page-walk.h - the stress tests' reader: walk a kernel-format page as trace-cmd's kbuffer
 * does (padding skipped with its delta, time extends added), calling @fn for each entry.
 */
#ifndef TPOINT_PAGE_WALK_H
#define TPOINT_PAGE_WALK_H

#include <stdint.h>
#include <string.h>

#include "ring.h"

/*
 * The events of @page in order, through page.c's decoder (the recorder's): the count, or
 * -1 if the page does not parse to its size or holds an absolute time stamp (tpoint's
 * writers never write one).
 */
static int walk_page(const unsigned char *page,
		     void (*fn)(void *arg, const unsigned char *entry, uint32_t len, uint64_t ts),
		     void *arg)
{
	struct pg_info pi;
	struct pg_entry e;
	uint32_t off = 0;
	uint64_t ts;
	int n = 0, r;

	pg_info(page, &pi);
	ts = pi.base;
	while ((r = pg_decode(page + PG_HDR, pi.size, off, &e)) > 0) {
		if (e.type == RB_TYPE_TIME_STAMP)
			return -1;
		ts += e.delta;
		off += e.len;
		if (e.type > RB_MAX_TYPE_LEN)
			continue;	/* padding, time extend */
		fn(arg, e.data, e.size, ts);
		n++;
	}
	return r < 0 ? -1 : n;
}

#endif /* TPOINT_PAGE_WALK_H */
