// SPDX-License-Identifier: MIT
/* page.c - the kernel's ring-buffer page format (page.h): decoding, finishing, its text. */
#include <stdio.h>

#include "page.h"

int pg_decode(const unsigned char *buf, uint32_t size, uint32_t off, struct pg_entry *e)
{
	uint32_t h, array = 0;

	if (off >= size)
		return off == size ? 0 : -1;
	if (size - off < RB_WORD)
		return -1;
	h = pg_get32(buf + off);
	e->type = h & ((1u << RB_TYPE_BITS) - 1);
	e->delta = h >> RB_TYPE_BITS;
	e->data = NULL;
	e->size = 0;
	if (e->type > RB_MAX_TYPE_LEN || e->type == 0) {
		if (size - off < 2 * RB_WORD)
			return -1;
		array = pg_get32(buf + off + RB_WORD);	/* the word after the header */
	}
	switch (e->type) {
	case RB_TYPE_PADDING:
		e->len = array + RB_WORD;	/* may wrap: caught below */
		break;
	case RB_TYPE_TIME_EXTEND:
		e->delta += (uint64_t)array << RB_DELTA_BITS;
		e->len = RB_EXTEND_LEN;
		break;
	case RB_TYPE_TIME_STAMP:
		e->delta |= (uint64_t)array << RB_DELTA_BITS;
		e->len = RB_EXTEND_LEN;
		break;
	case 0:
		/* array: the data's length + the length word's; at least one word of data */
		if (array < 2 * RB_WORD || array > size - off - RB_WORD)
			return -1;
		e->len = array + RB_WORD;
		e->data = buf + off + 2 * RB_WORD;
		e->size = array - RB_WORD;
		break;
	default:
		e->len = RB_WORD + e->type * RB_WORD;
		e->data = buf + off + RB_WORD;
		e->size = e->type * RB_WORD;
	}
	if (e->len < 2 * RB_WORD && e->type >= RB_TYPE_PADDING)
		return -1;
	if ((e->len & (RB_WORD - 1)) || e->len > size - off)
		return -1;
	return 1;
}

uint32_t pg_check(const unsigned char *buf, uint32_t size, uint32_t max, uint32_t *events)
{
	uint32_t off = 0, n = 0;
	struct pg_entry e;

	while (n < max && pg_decode(buf, size, off, &e) > 0) {
		if (e.type <= RB_MAX_TYPE_LEN)
			n++;
		off += e.len;
	}
	*events = n;
	return off;
}

uint32_t pg_events(const unsigned char *page)
{
	struct pg_info pi;
	uint32_t n;

	pg_info(page, &pi);
	pg_check(page + PG_HDR, pi.size, ~0u, &n);
	return n;
}

void pg_finish(unsigned char *page, uint64_t base, uint32_t size, uint64_t missed)
{
	uint64_t commit = size;

	memcpy(page, &base, sizeof(base));
	memset(page + PG_HDR + size, 0, PG_DATA_SIZE - size);
	if (missed) {
		commit |= RB_MISSED_EVENTS;
		if (size + PG_MISSED_LEN <= PG_DATA_SIZE) {
			memcpy(page + PG_HDR + size, &missed, PG_MISSED_LEN);
			commit |= RB_MISSED_STORED;
		}
	}
	memcpy(page + PG_COMMIT_OFF, &commit, sizeof(commit));
}

void pg_info(const unsigned char *page, struct pg_info *pi)
{
	uint64_t commit;

	memcpy(&pi->base, page, sizeof(pi->base));
	memcpy(&commit, page + PG_COMMIT_OFF, sizeof(commit));
	pi->size = (uint32_t)(commit & RB_COMMIT_MASK);
	if (pi->size > PG_DATA_SIZE)
		pi->size = 0;
	pi->missed = !!(commit & RB_MISSED_EVENTS);
	pi->missed_count = -1;
	if (pi->missed && (commit & RB_MISSED_STORED) && pi->size + PG_MISSED_LEN <= PG_DATA_SIZE) {
		uint64_t n;

		memcpy(&n, page + PG_HDR + pi->size, PG_MISSED_LEN);
		pi->missed_count = n > INT64_MAX ? -1 : (int64_t)n;
	}
}

/* The kernel's words for the page header: timestamp at 0, commit at PG_COMMIT_OFF (8). */
_Static_assert(PG_COMMIT_OFF == 8 && PG_HDR == 16, "header_page's text spells the layout");

const char *pg_header_page_text(void)
{
	static char text[256];

	if (!text[0])
		snprintf(text, sizeof(text),
			 "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
			 "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
			 "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
			 "\tfield: char data;\toffset:%u;\tsize:%u;\tsigned:0;\n",
			 PG_HDR, PG_DATA_SIZE);
	return text;
}

const char *pg_header_event_text(void)
{
	static char text[320];

	if (!text[0])
		snprintf(text, sizeof(text),
			 "# compressed entry header\n"
			 "\ttype_len    :    %u bits\n"
			 "\ttime_delta  :   %u bits\n"
			 "\tarray       :   32 bits\n"
			 "\n"
			 "\tpadding     : type == %u\n"
			 "\ttime_extend : type == %u\n"
			 "\ttime_stamp : type == %u\n"
			 "\tdata max type_len  == %u\n",
			 RB_TYPE_BITS, RB_DELTA_BITS, RB_TYPE_PADDING, RB_TYPE_TIME_EXTEND,
			 RB_TYPE_TIME_STAMP, RB_MAX_TYPE_LEN);
	return text;
}
