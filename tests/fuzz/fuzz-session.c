// SPDX-License-Identifier: MIT
/*
 * fuzz-session.c - libFuzzer target over the recorder's reader of the session memory
 * (sesread.c, ring.c's reader, page.c), the memory a traced program can write.
 *
 * A session of 2 CPUs x 4 pages is built once, as a program would leave it: events
 * committed in closed and open pages, a registered format, named tasks. Each input is a
 * list of patches written over a copy of it:
 *
 *   u8 region (header and CPUs, page metadata, registry, tasks, pages) | u32 offset in it |
 *   u8 length | bytes
 *
 * then everything is read as `tpoint record` reads it at the end and `tpoint trace` while
 * it runs: formats, task names, every page, live peeks, loss counts. Any input must end
 * there: a crash, a hang, a leak or an out-of-bounds access fails the run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sesread.h"

#define NR_CPUS		2
#define NR_PAGES	4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *tmpl, *mem;
static size_t mem_size;

static void fire(struct ring *r, uint32_t cpu, uint64_t t, uint32_t len)
{
	struct tpoint_reservation res;
	unsigned char *p = ring_reserve(r, cpu, t, len, &res);

	if (p) {
		memset(p, 0x5a, len);
		p[0] = 0x00;
		p[1] = 0x80;	/* common_type 32768 */
		ring_commit(&res, len);
	}
}

static void add_record(struct ring *r, const char *sys, const char *text)
{
	struct ring_reg_rec *rec = (struct ring_reg_rec *)(r->reg + r->shm->reg_used);
	size_t sl = strlen(sys) + 1, tl = strlen(text) + 1;

	rec->size = (uint32_t)((sizeof(*rec) + sl + tl + 7) & ~7u);
	rec->id = r->shm->next_id++;
	memcpy(rec->text, sys, sl);
	memcpy(rec->text + sl, text, tl);
	r->shm->reg_used += rec->size;
}

/* The session as a program leaves it, once. */
static void build(void)
{
	struct ring r;
	uint32_t i;

	mem_size = ring_layout(NR_CPUS, NR_PAGES);
	tmpl = aligned_alloc(RING_PAGE_SIZE, mem_size);
	mem = aligned_alloc(RING_PAGE_SIZE, mem_size);
	memset(tmpl, 0, mem_size);
	ring_init(&r, tmpl, mem_size, NR_CPUS, NR_PAGES, 0);
	for (i = 0; i < 150; i++)
		fire(&r, i & 1, 1000 + i * 100, i % 7 ? 16 : 200);
	add_record(&r, "fz", "name: ev\nID: 0\nformat:\n\tfield:unsigned short common_type;"
		   "\toffset:0;\tsize:2;\tsigned:0;\n\nprint fmt: \"x\"\n");
	for (i = 0; i < 3; i++) {
		r.tasks[i].tid = 100 + i;
		memcpy(r.tasks[i].comm, "task", 5);
	}
	r.shm->nr_tasks = 3;
	ring_fini(&r);
}

static void patch(const uint8_t *data, size_t size)
{
	struct ring_shm *shm = (struct ring_shm *)(void *)mem;
	uint64_t starts[5] = { 0, shm->meta_off, shm->reg_off, shm->task_off, shm->data_off };
	uint64_t ends[5] = { shm->meta_off, shm->reg_off, shm->task_off, shm->data_off, mem_size };

	while (size >= 6) {
		unsigned int region = data[0] % 5, len = data[5];
		uint32_t off;
		uint64_t at;

		memcpy(&off, data + 1, 4);
		data += 6;
		size -= 6;
		if (len > size)
			len = (unsigned int)size;
		at = starts[region] + off % (ends[region] - starts[region]);
		if (len > mem_size - at)
			len = (unsigned int)(mem_size - at);
		memcpy(mem + at, data, len);
		data += len;
		size -= len;
	}
}

static void read_all(struct sr *s)
{
	static unsigned char page[RING_PAGE_SIZE];
	struct sr_format f;
	struct ring_read t;
	uint32_t cpu, tid, seq, tgid;
	char comm[17];
	int final;

	while (sr_next_format(s, &f) > 0)
		sr_format_free(&f);
	while (sr_next_task(s, 0, &tid, comm, &tgid) > 0)
		;
	while (sr_next_task(s, 1, &tid, comm, &tgid) > 0)
		;
	for (final = 0; final < 2; final++)
		for (cpu = 0; cpu < NR_CPUS; cpu++) {
			ring_peek_page(s->ring, cpu, page, &seq);
			while (sr_read_page(s, cpu, page, final, &t) > 0)
				;
		}
	sr_lost_total(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ring r;
	struct sr s;

	if (!tmpl)
		build();
	memcpy(mem, tmpl, mem_size);
	/* As the recorder: its ring made before the program ran, its reader's state its own. */
	if (ring_attach(&r, mem, mem_size))
		abort();
	r.rd = calloc(NR_CPUS, sizeof(*r.rd));
	r.rd[0].lost_limit = r.rd[1].lost_limit = UINT64_MAX;
	if (sr_init(&s, &r, NULL, NULL))
		abort();
	patch(data, size);
	read_all(&s);
	sr_fini(&s);
	free(r.rd);
	return 0;
}
