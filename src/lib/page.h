/* SPDX-License-Identifier: MIT */
/*
 * page.h - the kernel's ring-buffer page and event headers: decode and encode.
 *
 * A page (the kernel's buffer_data_page) is a u64 base timestamp, a u64 commit word (the
 * bytes of data, with the missed-events flags above), and 4080 bytes of entries. An entry
 * starts with a 32-bit header { type_len:5, time_delta:27 }:
 *
 *   type_len 1..28      an event of type_len * 4 bytes of data, after the header
 *   type_len 0          an event whose length (data + 4) is in the next 32-bit word
 *   29 padding          its length - 4 in the next word (a discarded event, or page end)
 *   30 time extend      the next word holds delta >> 27: adds (array << 27) + time_delta
 *   31 time stamp       an absolute time: (array << 27) | time_delta
 *
 * This is the one place tpoint spells the format: the ring's writers and reader, the merge
 * of kernel and user pages, trace.dat's header_page and header_event text, and the tests
 * use it. Decoding treats its input as untrusted: every length is checked against the
 * bytes there are.
 */
#ifndef TPOINT_PAGE_H
#define TPOINT_PAGE_H

#include <stdint.h>
#include <string.h>

#define PG_SIZE			4096u
#define PG_HDR			16u		/* timestamp, commit */
#define PG_COMMIT_OFF		8u		/* the commit word, after the timestamp */
#define PG_DATA_SIZE		(PG_SIZE - PG_HDR)	/* 4080 */

#define RB_TYPE_BITS		5u
#define RB_TYPE_PADDING		29u
#define RB_TYPE_TIME_EXTEND	30u
#define RB_TYPE_TIME_STAMP	31u
#define RB_MAX_TYPE_LEN		28u
#define RB_MAX_SMALL_DATA	(RB_MAX_TYPE_LEN * 4)	/* 112: larger events keep their length */
#define RB_DELTA_BITS		(32u - RB_TYPE_BITS)
#define RB_DELTA_MASK		((1u << RB_DELTA_BITS) - 1)
#define RB_WORD			4u		/* entries are 32-bit words, header first */
#define RB_EXTEND_LEN		(2 * RB_WORD)	/* a time extend or stamp: header, array */
#define RB_COMMIT_MASK		((1ull << 27) - 1)	/* commit word: the bytes of data */
#define RB_MISSED_EVENTS	(1ull << 31)		/* commit word: events lost before */
#define RB_MISSED_STORED	(1ull << 30)		/* ... and their count after the data */
#define PG_MISSED_LEN		8u			/* that count: a u64 */

/* The largest event payload a page holds: one type_len 0 entry and nothing else. */
#define PG_MAX_EVENT		(PG_DATA_SIZE - 2 * RB_WORD)

static inline uint32_t pg_get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void pg_put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* @len rounded up to whole words. */
static inline uint32_t pg_align(uint32_t len)
{
	return (len + RB_WORD - 1) & ~(RB_WORD - 1);
}

/* Bytes an event of @len bytes of data takes in a page, its header included. */
static inline uint32_t pg_event_len(uint32_t len)
{
	len = pg_align(len);
	return len > RB_MAX_SMALL_DATA ? len + 2 * RB_WORD : len + RB_WORD;
}

/*
 * Bytes of the header of an event that takes @need bytes in all (pg_event_len()): the
 * header word, and the length word when the data is too large for type_len.
 */
static inline uint32_t pg_event_hdr_len(uint32_t need)
{
	return need > RB_MAX_SMALL_DATA + RB_WORD ? 2 * RB_WORD : RB_WORD;
}

/* One decoded entry */
struct pg_entry {
	uint32_t type;			/* type_len: 0..28 an event, or RB_TYPE_* */
	uint32_t len;			/* bytes it takes, header included */
	uint64_t delta;			/* time it adds; for RB_TYPE_TIME_STAMP, the time */
	const unsigned char *data;	/* an event's data */
	uint32_t size;			/* bytes of it */
};

/*
 * pg_decode() - the entry at @off of the @size bytes of entries at @buf
 * Return: 1 with *@e, 0 at the end (@off == @size), -1 when what is there is not an entry
 * (a header or length past @size, a length not a multiple of 4, an event of no data).
 */
int pg_decode(const unsigned char *buf, uint32_t size, uint32_t off, struct pg_entry *e);

/*
 * pg_check() - walk the @size bytes of entries at @buf, at most @max events
 * Return: the bytes that parse, up to the first entry that does not, with the events in
 * them in *@events. A page is sound when the result is @size.
 */
uint32_t pg_check(const unsigned char *buf, uint32_t size, uint32_t max, uint32_t *events);

/* The events of a whole page (its header's size), as far as it parses. */
uint32_t pg_events(const unsigned char *page);

/* Encoders: each writes its entry at @dst and returns the bytes written. */
static inline uint32_t pg_put_extend(unsigned char *dst, uint64_t delta)
{
	pg_put32(dst, RB_TYPE_TIME_EXTEND | ((uint32_t)delta & RB_DELTA_MASK) << RB_TYPE_BITS);
	pg_put32(dst + RB_WORD, (uint32_t)(delta >> RB_DELTA_BITS));
	return RB_EXTEND_LEN;
}

/* The header of an event of @len bytes (a multiple of 4, at least 4), @delta < 2^27. */
static inline uint32_t pg_put_event_header(unsigned char *dst, uint32_t delta, uint32_t len)
{
	if (len > RB_MAX_SMALL_DATA) {
		pg_put32(dst + RB_WORD, len + RB_WORD);		/* type_len 0: the length word */
		pg_put32(dst, delta << RB_TYPE_BITS);
		return 2 * RB_WORD;
	}
	pg_put32(dst, len / RB_WORD | delta << RB_TYPE_BITS);
	return RB_WORD;
}

static inline uint32_t pg_put_event(unsigned char *dst, uint32_t delta, const void *data,
				    uint32_t len)
{
	uint32_t h = pg_put_event_header(dst, delta, pg_align(len));

	memcpy(dst + h, data, len);
	memset(dst + h + len, 0, pg_align(len) - len);
	return h + pg_align(len);
}

/* A padding entry of @len bytes (>= 8) in all, as a discarded event reads. */
static inline uint32_t pg_put_padding(unsigned char *dst, uint32_t delta, uint32_t len)
{
	pg_put32(dst, RB_TYPE_PADDING | delta << RB_TYPE_BITS);
	pg_put32(dst + RB_WORD, len - RB_WORD);
	return len;
}

/*
 * pg_finish() - set a page's base time and commit word; @missed events lost before it
 * (0: none) are flagged, and their count stored after the data where it fits, as the
 * kernel does. The data after @size is zeroed.
 */
void pg_finish(unsigned char *page, uint64_t base, uint32_t size, uint64_t missed);

/* What a page says about itself: its base time, data size and missed events. */
struct pg_info {
	uint64_t base;
	uint32_t size;			/* bytes of entries, 0 when the commit word is not sound */
	int missed;			/* events were lost before it */
	int64_t missed_count;		/* how many, or -1 when not stored */
};
void pg_info(const unsigned char *page, struct pg_info *pi);

/* trace.dat's header_page and header_event text: the format above in the kernel's words. */
const char *pg_header_page_text(void);
const char *pg_header_event_text(void);

#endif /* TPOINT_PAGE_H */
