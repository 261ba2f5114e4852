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

static inline uint32_t walk_get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* The entries of @page in order; the count, or -1 if the page does not parse to its size. */
static int walk_page(const unsigned char *page,
		     void (*fn)(void *arg, const unsigned char *entry, uint32_t len, uint64_t ts),
		     void *arg)
{
	uint64_t ts, commit;
	uint32_t size, off = 0;
	int n = 0;

	memcpy(&ts, page, 8);
	memcpy(&commit, page + 8, 8);
	size = (uint32_t)(commit & 0xfffff);
	if (size > RING_DATA_SIZE)
		return -1;
	page += RING_PAGE_HDR;
	while (off < size) {
		uint32_t h = walk_get32(page + off), type = h & 0x1f, len;
		const unsigned char *data;

		ts += h >> 5;
		if (type == RB_TYPE_PADDING) {
			off += walk_get32(page + off + 4) + 4;
			continue;
		}
		if (type == RB_TYPE_TIME_EXTEND) {
			ts += (uint64_t)walk_get32(page + off + 4) << RB_DELTA_BITS;
			off += 8;
			continue;
		}
		if (type == 0) {
			len = walk_get32(page + off + 4) - 4;
			data = page + off + 8;
			off += 8 + len;
		} else if (type <= 28) {
			len = type * 4;
			data = page + off + 4;
			off += 4 + len;
		} else {
			return -1;
		}
		if (off > size)
			return -1;
		fn(arg, data, len, ts);
		n++;
	}
	return off == size ? n : -1;
}

#endif /* TPOINT_PAGE_WALK_H */
