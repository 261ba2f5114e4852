// SPDX-License-Identifier: MIT
/*
 * ring.c - the ring buffers of ring.h: writers reserve and commit, the recorder reads pages.
 *
 * Memory ordering, once for the whole file:
 * - head: writers load it with acquire and CAS it with acquire on success and failure, so a
 *   writer that reserves in a page sees the page's base time and its zeroed data, which the
 *   page's opener wrote before its release CAS moved the head into the page.
 * - meta->commit: writers add with release after writing the event; the reader loads it
 *   with acquire before copying the page, so every committed event is visible in the copy.
 * - meta->state: the writer that closes a page stores CLOSED with release after the page's
 *   size; the reader acquires it. The reader stores CONSUMED with release after zeroing the
 *   page; the writer that opens the slot again acquires it (load, then CAS acq_rel).
 * - meta->size: relaxed; read before a CAS on the state that fails if the slot changed
 *   hands, and after an acquire of CLOSED, which the size's writer stored with release.
 * - lost, overrun: relaxed counters; the reader takes them as statistics, and the per-page
 *   lost_mark (relaxed, written by the page's owner before the head CAS publishes the page).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "ring.h"

#define HEAD(seq, off, ts)	RING_HEAD(seq, off, ts)
#define HEAD_SEQ(h)	RING_HEAD_SEQ(h)
#define HEAD_OFF(h)	RING_HEAD_OFF(h)
#define HEAD_TS(h)	RING_HEAD_TS(h)
#define STATE(seq, st)	(((uint64_t)((seq) & RING_SEQ_MASK) << 2) | (st))

struct layout {
	uint64_t cpu_off, meta_off, reg_off, task_off, data_off, size;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static void layout(uint32_t nr_cpus, uint32_t nr_pages, struct layout *l)
{
	l->cpu_off = align_up(sizeof(struct ring_shm), 64);
	l->meta_off = align_up(l->cpu_off + (uint64_t)nr_cpus * sizeof(struct ring_cpu), 64);
	l->reg_off = align_up(l->meta_off +
			      (uint64_t)nr_cpus * nr_pages * sizeof(struct ring_meta), 64);
	l->task_off = align_up(l->reg_off + RING_REG_SIZE, 64);
	l->data_off = align_up(l->task_off + (uint64_t)RING_MAX_TASKS * sizeof(struct ring_task),
			       RING_PAGE_SIZE);
	l->size = l->data_off + (uint64_t)nr_cpus * nr_pages * RING_PAGE_SIZE;
}

size_t ring_layout(uint32_t nr_cpus, uint32_t nr_pages)
{
	struct layout l;

	layout(nr_cpus, nr_pages, &l);
	return (size_t)l.size;
}

static void ring_map(struct ring *r, void *mem)
{
	struct ring_shm *shm = mem;

	r->shm = shm;
	r->cpus = (struct ring_cpu *)((char *)mem + shm->cpu_off);
	r->meta = (struct ring_meta *)((char *)mem + shm->meta_off);
	r->data = (unsigned char *)mem + shm->data_off;
	r->nr_cpus = shm->nr_cpus;
	r->nr_pages = shm->nr_pages;
	r->flags = shm->flags;
}

int ring_init(struct ring *r, void *mem, size_t size, uint32_t nr_cpus, uint32_t nr_pages,
	      uint32_t flags)
{
	struct ring_shm *shm = mem;
	pthread_mutexattr_t attr;
	struct layout l;
	uint32_t cpu, i;

	if (!nr_cpus || nr_pages < 2 || nr_pages > RING_MAX_PAGES || (nr_pages & (nr_pages - 1)))
		return -EINVAL;
	layout(nr_cpus, nr_pages, &l);
	if (size < l.size)
		return -EINVAL;
	memset(shm, 0, sizeof(*shm));
	memcpy(shm->magic, RING_MAGIC, sizeof(RING_MAGIC));
	shm->page_size = RING_PAGE_SIZE;
	shm->nr_cpus = nr_cpus;
	shm->nr_pages = nr_pages;
	shm->flags = flags;
	shm->size = l.size;
	shm->cpu_off = l.cpu_off;
	shm->meta_off = l.meta_off;
	shm->reg_off = l.reg_off;
	shm->task_off = l.task_off;
	shm->data_off = l.data_off;
	shm->next_id = 32768;

	/* Robust: a process that dies holding it does not block the others. */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init((pthread_mutex_t *)(void *)shm->lock, &attr);
	pthread_mutexattr_destroy(&attr);

	ring_map(r, mem);
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		/*
		 * Page 0 starts open and empty, with base time 0: the first event finds it
		 * too old and opens page 1, closing page 0 with nothing in it.
		 */
		memset(&r->cpus[cpu], 0, sizeof(r->cpus[cpu]));
		r->cpus[cpu].head = HEAD(0, 0, 0);
		for (i = 0; i < nr_pages; i++) {
			struct ring_meta *m = ring_meta_of(r, cpu, i);

			memset(m, 0, sizeof(*m));
			m->state = i ? STATE(i - nr_pages, RING_CONSUMED) : STATE(0, RING_OPEN);
		}
	}
	return 0;
}

int ring_attach(struct ring *r, void *mem, size_t size)
{
	struct ring_shm *shm = mem;
	struct layout l;

	if (size < sizeof(*shm) || memcmp(shm->magic, RING_MAGIC, sizeof(RING_MAGIC)) != 0)
		return -EINVAL;
	if (shm->page_size != RING_PAGE_SIZE || !shm->nr_cpus || shm->nr_pages < 2 ||
	    shm->nr_pages > RING_MAX_PAGES || (shm->nr_pages & (shm->nr_pages - 1)))
		return -EINVAL;
	layout(shm->nr_cpus, shm->nr_pages, &l);
	if (l.size != shm->size || size < l.size || l.cpu_off != shm->cpu_off ||
	    l.meta_off != shm->meta_off || l.reg_off != shm->reg_off ||
	    l.task_off != shm->task_off || l.data_off != shm->data_off)
		return -EINVAL;
	ring_map(r, mem);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Writers */

/*
 * Leave page @seq for the next one. Returns 1 with the event reserved at the start of the
 * new page, 0 to retry (the head moved: *@headp reloaded), -1 when the event is lost.
 */
int ring_switch(struct ring *r, uint32_t cpu, uint64_t *headp, uint64_t now, uint32_t need,
		struct ring_res *res)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	uint64_t head = *headp, cur, st, stolen = 0, base, last, oldbase;
	uint32_t seq = HEAD_SEQ(head), nseq = (seq + 1) & RING_SEQ_MASK;
	struct ring_meta *m = ring_meta_of(r, cpu, nseq), *old = ring_meta_of(r, cpu, seq);
	unsigned char *page = ring_page(r, cpu, nseq);

	st = __atomic_load_n(&m->state, __ATOMIC_ACQUIRE);
	if (st == STATE(nseq - r->nr_pages, RING_CONSUMED)) {
		/* free */
	} else if ((r->flags & RING_OVERWRITE) && st == STATE(nseq - r->nr_pages, RING_CLOSED)) {
		uint64_t c = __atomic_load_n(&m->commit, __ATOMIC_ACQUIRE);

		if ((uint32_t)c != __atomic_load_n(&m->size, __ATOMIC_RELAXED))
			goto busy;	/* a writer is still in it */
		stolen = (c >> 32) + 1;
	} else {
		goto busy;		/* full, being read, or another writer is switching */
	}
	if (!__atomic_compare_exchange_n(&m->state, &st, STATE(nseq, RING_OPEN), 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		goto busy;
	/* The slot is ours until the head CAS below publishes it. */
	if (stolen) {
		__atomic_fetch_add(&rc->overrun, stolen - 1, __ATOMIC_RELAXED);
		memset(page + RING_PAGE_HDR, 0, RING_DATA_SIZE);
	}
	__atomic_store_n(&m->commit, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&m->size, 0, __ATOMIC_RELAXED);
	m->lost_mark = __atomic_load_n(&rc->lost, __ATOMIC_RELAXED) +
		       __atomic_load_n(&rc->overrun, __ATOMIC_RELAXED);
	for (;;) {
		/* The new page starts no earlier than the last time given out in the old one. */
		oldbase = __atomic_load_n(ring_page_ts(ring_page(r, cpu, seq)), __ATOMIC_RELAXED);
		last = oldbase + (uint32_t)(HEAD_TS(head) - (uint32_t)oldbase);
		base = (int64_t)(now - last) > 0 ? now : last;
		__atomic_store_n(ring_page_ts(page), base, __ATOMIC_RELAXED);
		/* Only the slot's owner moves the head to it; others only add to the old page. */
		if (__atomic_compare_exchange_n(&rc->head, &head, HEAD(nseq, need, base), 0,
						__ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
			break;
	}
	__atomic_store_n(&old->size, HEAD_OFF(head), __ATOMIC_RELAXED);
	__atomic_store_n(&old->state, STATE(seq, RING_CLOSED), __ATOMIC_RELEASE);
	ring_reserved(res, m, page + RING_PAGE_HDR, need, 0, 0);
	return 1;
busy:
	cur = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);
	if (cur != head) {
		*headp = cur;
		return 0;
	}
	__atomic_fetch_add(&rc->lost, 1, __ATOMIC_RELAXED);
	return -1;
}

/* ---------------------------------------------------------------------------------------- */
/* Reader */

uint64_t ring_lost(const struct ring *r, uint32_t cpu)
{
	return __atomic_load_n(&r->cpus[cpu].lost, __ATOMIC_RELAXED) +
	       __atomic_load_n(&r->cpus[cpu].overrun, __ATOMIC_RELAXED);
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/*
 * Walk the events of a page that was not wholly committed (its writers died or were
 * stopped): cut it at the first header that does not parse. Returns the bytes kept and the
 * events in them.
 */
static uint32_t page_check(const unsigned char *data, uint32_t size, uint32_t *events)
{
	uint32_t off = 0, n = 0, len, type;

	while (off + 4 <= size) {
		uint32_t h = get32(data + off);

		type = h & 0x1f;
		if (type == RB_TYPE_PADDING || type == RB_TYPE_TIME_EXTEND || type == 0) {
			if (off + 8 > size)
				break;
			len = type == RB_TYPE_TIME_EXTEND ? 8 : get32(data + off + 4) + 4;
			if (type == 0 && len < 12)
				break;
		} else if (type == RB_TYPE_TIME_STAMP) {
			break;
		} else {
			len = 4 + type * 4;
		}
		if (len < 8 || (len & 3) || len > size - off)
			break;
		if (type != RB_TYPE_PADDING && type != RB_TYPE_TIME_EXTEND)
			n++;
		off += len;
	}
	*events = n;
	return off;
}

int ring_peek_page(struct ring *r, uint32_t cpu, void *out, uint32_t *seqp)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	uint32_t seq = (uint32_t)rc->read_seq & RING_SEQ_MASK, size, n, off;
	struct ring_meta *m = ring_meta_of(r, cpu, seq);
	unsigned char *dst = out;
	uint64_t st, head, c, commit;

	st = __atomic_load_n(&m->state, __ATOMIC_ACQUIRE);
	if (st != STATE(seq, RING_OPEN))
		return 0;
	head = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);
	if (HEAD_SEQ(head) != seq)
		return 0;		/* being closed: read it whole in a moment */
	size = HEAD_OFF(head);
	c = __atomic_load_n(&m->commit, __ATOMIC_ACQUIRE);
	memcpy(dst, ring_page(r, cpu, seq), RING_PAGE_HDR + size);
	if ((uint32_t)c != size) {
		/* Up to the first entry not committed yet. */
		size = page_check(dst + RING_PAGE_HDR, size, &n);
		for (off = 0; off < size;) {
			uint32_t h, type;

			memcpy(&h, dst + RING_PAGE_HDR + off, 4);
			type = h & 0x1f;
			if (type == RB_TYPE_PADDING) {
				size = off;
				break;
			}
			off += type == RB_TYPE_TIME_EXTEND ? 8 : type == 0 ?
			       get32(dst + RING_PAGE_HDR + off + 4) + 4 : 4 + type * 4;
		}
	}
	commit = size;
	memcpy(dst + 8, &commit, 8);
	*seqp = seq;
	return size > 0;
}

int ring_read_page(struct ring *r, uint32_t cpu, void *out, int final, uint32_t *events)
{
	struct ring_cpu *rc = &r->cpus[cpu];
	unsigned char *page, *dst = out;
	struct ring_meta *m;
	uint64_t st, c, head, commit, missed, mark;
	uint32_t seq, size, n;
	int32_t diff;

	for (;;) {
		seq = (uint32_t)rc->read_seq & RING_SEQ_MASK;
		m = ring_meta_of(r, cpu, seq);
		page = ring_page(r, cpu, seq);
		st = __atomic_load_n(&m->state, __ATOMIC_ACQUIRE);
		/* The slot's sequence against ours, as a signed 20-bit difference. */
		diff = (int32_t)((((uint32_t)(st >> 2) - seq) & RING_SEQ_MASK) << 12) >> 12;
		if (diff < 0)
			return 0;		/* not opened yet */
		if (diff > 0 || (st & 3) == RING_CONSUMED) {
			rc->read_seq++;		/* overwritten (counted by the writer) */
			continue;
		}
		if ((st & 3) == RING_READING)
			return 0;
		if ((st & 3) == RING_OPEN) {
			if (!final)
				return 0;
			/* Writers gone: the open page as far as it was reserved, checked. */
			head = __atomic_load_n(&rc->head, __ATOMIC_ACQUIRE);
			size = HEAD_SEQ(head) == seq ? HEAD_OFF(head) : RING_DATA_SIZE;
			memcpy(dst, page, RING_PAGE_HDR + size);
			size = page_check(dst + RING_PAGE_HDR, size, &n);
			mark = m->lost_mark;
			rc->read_seq++;
		} else {
			c = __atomic_load_n(&m->commit, __ATOMIC_ACQUIRE);
			/* Relaxed: a stealing writer may change it; the CAS below tells. */
			size = __atomic_load_n(&m->size, __ATOMIC_RELAXED);
			if ((uint32_t)c != size && !final)
				return 0;	/* a writer is still filling it */
			if (!__atomic_compare_exchange_n(&m->state, &st, STATE(seq, RING_READING), 0,
							 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				continue;	/* stolen by an overwriting writer */
			memcpy(dst, page, RING_PAGE_HDR + size);
			n = (uint32_t)(c >> 32);
			if ((uint32_t)c != size)
				size = page_check(dst + RING_PAGE_HDR, size, &n);
			mark = m->lost_mark;	/* before the slot is handed back */
			memset(page + RING_PAGE_HDR, 0, RING_DATA_SIZE);
			__atomic_store_n(&m->state, STATE(seq, RING_CONSUMED), __ATOMIC_RELEASE);
			rc->read_seq++;
		}
		missed = mark > rc->read_lost ? mark - rc->read_lost : 0;
		if (!size && !missed)
			continue;
		rc->read_lost += missed;
		commit = size;
		if (missed)
			commit |= RB_MISSED_EVENTS;
		memset(dst + RING_PAGE_HDR + size, 0, RING_DATA_SIZE - size);
		if (missed && size + 8 <= RING_DATA_SIZE) {
			/* The count goes after the data, as the kernel stores it. */
			memcpy(dst + RING_PAGE_HDR + size, &missed, 8);
			commit |= RB_MISSED_STORED;
		}
		memcpy(dst + 8, &commit, 8);
		*events = n;
		return 1;
	}
}
