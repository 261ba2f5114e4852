// SPDX-License-Identifier: MIT
/*
 * hostile.c - a traced program that attacks its recorder: it maps the session memory
 * `tpoint record` gave it and, between bursts of events, writes random and targeted
 * garbage over everything in it the recorder reads: page words and data, heads, base
 * words, loss counters and marks, the registry's fill mark and records, the task table,
 * and the header's layout fields.
 *
 *   hostile SEED ROUNDS     prints "fired F" (events it fired, not all of them recordable)
 *
 * The recorder (an ASan build, in hostile.t) must not crash, read out of bounds, or print
 * nonsense counts, and must leave a file tpoint report reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CREATE_TRACE_POINTS
#include "rec-events.h"
#include "ring.h"

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

struct mem {
	unsigned char *base;
	size_t size;
	struct ring_shm hdr;		/* the layout, as it was before we wrote over it */
};

static void *at(struct mem *m, uint64_t off)
{
	return m->base + off;
}

static void put64(void *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void put32(void *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* A random slot's page word, base word or mark, or a CPU's head or counters. */
static void hit_ring(struct mem *m, int how)
{
	uint64_t nr = (uint64_t)m->hdr.nr_cpus * m->hdr.nr_pages, i = rnd() % nr;
	struct ring_meta *meta = (struct ring_meta *)at(m, m->hdr.meta_off) + i;
	struct ring_cpu *cpu = (struct ring_cpu *)at(m, m->hdr.cpu_off) + rnd() % m->hdr.nr_cpus;
	uint32_t seq = (uint32_t)(rnd() & RING_SEQ_MASK);

	switch (how) {
	case 0: put64(&meta->word, rnd()); break;
	case 1: /* closed, whole, the largest size the word holds */
		put64(&meta->word, RING_WORD(seq, RING_CLOSED, 0xfff, 0xfff | (rnd() & 0x3ff) << 12));
		break;
	case 2: put64(&meta->base, rnd()); break;
	case 3: put64(&meta->lost_mark, rnd()); break;
	case 4: put64(&cpu->head, rnd()); break;
	case 5: put64(&cpu->head, RING_HEAD(seq, 0xfff, rnd())); break;
	case 6: put64(&cpu->lost, rnd() % 3 ? rnd() : 0); break;
	case 7: put64(&cpu->overrun, rnd()); break;
	case 8: put64(&cpu->switches, rnd()); break;
	default: put64(&cpu->floor, rnd()); break;
	}
}

/* Garbage over a page's data: random words, or headers that claim too much. */
static void hit_page(struct mem *m, int how)
{
	uint64_t nr = (uint64_t)m->hdr.nr_cpus * m->hdr.nr_pages;
	unsigned char *p = at(m, m->hdr.data_off + (rnd() % nr) * RING_PAGE_SIZE);
	uint32_t off = (uint32_t)(rnd() % (RING_PAGE_SIZE / 4)) * 4, i;

	if (how == 0) {
		for (i = 0; i < 64 && off + 8 <= RING_PAGE_SIZE; i++, off += 8)
			put64(p + off, rnd());
	} else if (off + 8 <= RING_PAGE_SIZE) {
		put32(p + off, (uint32_t)(rnd() & 0x1f) | 0xffffffe0u);	/* any type, huge delta */
		put32(p + off + 4, how == 1 ? 0xfffffff0u : (uint32_t)rnd());
	}
}

/* The registry: its fill mark, a record's size, id or text. */
static void hit_registry(struct mem *m, int how)
{
	unsigned char *reg = at(m, m->hdr.reg_off);
	struct ring_shm *shm = (struct ring_shm *)m->base;
	uint32_t used = shm->reg_used < RING_REG_SIZE ? shm->reg_used : 0;
	struct ring_reg_rec *rec = (struct ring_reg_rec *)reg;
	uint32_t i;

	switch (how) {
	case 0: put32(&shm->reg_used, (uint32_t)rnd()); break;
	case 1: put32(&rec->size, (uint32_t)rnd() % 4096); break;
	case 2: put32(&rec->id, (uint32_t)rnd()); break;
	case 3: /* a record with no terminating NUL anywhere, then the mark past it */
		if (used + 4096 <= RING_REG_SIZE) {
			rec = (struct ring_reg_rec *)(reg + used);
			put32(&rec->size, 4096);
			put32(&rec->id, 40000 + (uint32_t)(rnd() % 100));
			memset(rec->text, 'A', 4096 - sizeof(*rec));
			put32(&shm->reg_used, used + 4096);
		}
		break;
	case 4: /* a record whose text is binary, and one that repeats an id */
		if (used + 256 <= RING_REG_SIZE) {
			rec = (struct ring_reg_rec *)(reg + used);
			put32(&rec->size, 128);
			put32(&rec->id, 32768);
			memcpy(rec->text, "rec\0name: x\nID: 0\nformat:\n\001\002", 29);
			rec = (struct ring_reg_rec *)(reg + used + 128);
			put32(&rec->size, 128);
			put32(&rec->id, 32768);
			memcpy(rec->text, "rec\0name: y\nID: 0\nformat:\n\tfield\n", 34);
			put32(&shm->reg_used, used + 256);
		}
		break;
	default:
		for (i = 0; i < 16; i++)
			reg[rnd() % (used ? used : 1)] = (unsigned char)rnd();
	}
}

/* The task table and the header's layout fields. */
static void hit_tasks_header(struct mem *m, int how)
{
	struct ring_shm *shm = (struct ring_shm *)m->base;
	uint32_t i = shm->nr_tasks < 64 ? shm->nr_tasks : 63;
	struct ring_task *t = (struct ring_task *)at(m, m->hdr.task_off) + i;	/* the next */

	switch (how) {
	case 0: put32(&shm->nr_tasks, (uint32_t)rnd()); break;
	case 1: put32(&t->tid, (uint32_t)rnd()); break;
	case 2: /* a new task whose name would forge a line and clear a terminal */
		memcpy(t->comm, "evil\nname\033[2J", 14);
		put32(&t->tid, 4242);
		put32(&shm->nr_tasks, i + 1);
		break;
	case 3: put64(&shm->reg_off, rnd()); put64(&shm->task_off, rnd()); break;
	case 4: put64(&shm->data_off, rnd()); put64(&shm->meta_off, rnd()); break;
	case 5: put32(&shm->nr_cpus, (uint32_t)rnd()); put32(&shm->nr_pages, (uint32_t)rnd()); break;
	default: put64(&shm->size, rnd()); put32(&shm->next_id, (uint32_t)rnd()); break;
	}
}

static int attach(struct mem *m)
{
	const char *fd = getenv("TPOINT_SESSION_FD");
	struct stat st;

	if (!fd || fstat(atoi(fd), &st) || st.st_size < (off_t)sizeof(m->hdr))
		return -1;
	m->size = (size_t)st.st_size;
	m->base = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_SHARED, atoi(fd), 0);
	if (m->base == MAP_FAILED)
		return -1;
	memcpy(&m->hdr, m->base, sizeof(m->hdr));
	return 0;
}

/*
 * "hostile forge-tgid": a task record naming its recorder (its parent) as a process of the
 * session, so that a recorder that believed it would read its own (root's) mappings and
 * functions into the file. hostile.t checks that none of tpoint's are there.
 */
static int forge_tgid(void)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	struct ring_shm *shm;
	struct ring_task *t;
	struct mem m;
	uint32_t i;

	trace_rec_tick(0, 0, "first");
	if (attach(&m))
		return fprintf(stderr, "hostile: not under tpoint record\n"), 2;
	shm = (struct ring_shm *)m.base;
	i = shm->nr_tasks < 64 ? shm->nr_tasks : 63;
	t = (struct ring_task *)at(&m, m.hdr.task_off) + i;
	memcpy(t->comm, "forged", 7);
	put32(&t->tgid, (uint32_t)getppid());
	put32(&t->tid, (uint32_t)getppid());
	put32(&shm->nr_tasks, i + 1);
	trace_rec_tick(1, 1, "after");
	nanosleep(&ts, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char buf[300];
	long rounds, r, i, fired = 0;
	struct mem m;

	if (argc == 2 && !strcmp(argv[1], "forge-tgid"))
		return forge_tgid();
	if (argc != 3)
		return fprintf(stderr, "usage: hostile SEED ROUNDS | hostile forge-tgid\n"), 2;
	rng = strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ull | 1;
	rounds = atol(argv[2]);
	memset(buf, 0xab, sizeof(buf));
	trace_rec_tick(0, 0, "first");	/* the events register and name this task */
	fired++;
	if (attach(&m))
		return fprintf(stderr, "hostile: not under tpoint record\n"), 2;
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < 200; i++, fired += 2) {
			trace_rec_tick((int)i, i, "hostile");
			trace_rec_blob((int)i, buf, (int)(rnd() % 300));
		}
		/* Every kind in turn, then one at random; the header last (it breaks writers). */
		switch (r < rounds - 1 ? r % 4 : 3) {
		case 0: hit_ring(&m, (int)(r / 4 % 10)); break;
		case 1: hit_page(&m, (int)(r / 4 % 3)); break;
		case 2: hit_registry(&m, (int)(r / 4 % 6)); break;
		default:
			if (r == rounds - 1)
				hit_tasks_header(&m, (int)(rnd() % 7));
			else
				hit_tasks_header(&m, (int)(r / 4 % 3));
		}
		hit_ring(&m, (int)(rnd() % 10));
		hit_page(&m, (int)(rnd() % 3));
		usleep(500);
	}
	printf("fired %ld\n", fired);
	return 0;
}
