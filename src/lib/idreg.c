// SPDX-License-Identifier: MIT
/*
 * idreg.c - the session's registry of event ids: in the recorder's shared memory, one
 * record per event format, "system\0" and the format text with "ID: 0", and the id it got.
 *
 * Every process of a session (children, exec'd programs) registers its events here, under
 * the memory's robust process-shared mutex: an event whose format is already there gets
 * that id back, a new one the next id. So the same event has one id and one format in the
 * whole trace, and different events never share one. The recorder reads the records
 * unlocked (sesread.c), as far as reg_used, which is published last.
 */
#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ring.h"

/* The largest record text: "system\0" and a format, which a page's entry bounds well below. */
#define IDREG_TEXT_SIZE		65536u

static pthread_mutex_t *reg_lock(struct ring *r)
{
	pthread_mutex_t *m = (pthread_mutex_t *)(void *)r->shm->lock;

	/* A process died holding it: what it wrote is published only at the end, so whole. */
	if (pthread_mutex_lock(m) == EOWNERDEAD)
		pthread_mutex_consistent(m);
	return m;
}

/*
 * @ev's key in @text (IDREG_TEXT_SIZE bytes): "system\0" and its format with "ID: 0".
 * Return: its length, the final NUL included, or 0 when it does not fit.
 */
static size_t idreg_key(struct tpoint_event *ev, char *text)
{
	size_t syslen = strlen(ev->system) + 1;
	struct tpoint_event copy;	/* ev's probe may be running: its id stays as it is */
	int n;

	/* Its description and object, not the runtime state the probes change. */
	memset(&copy, 0, sizeof(copy));
	memcpy(&copy, ev, offsetof(struct tpoint_event, module));
	copy.module = ev->module;
	memcpy(text, ev->system, syslen);
	n = tpoint_event_format(&copy, text + syslen, IDREG_TEXT_SIZE - syslen);
	if (n < 0 || (size_t)n >= IDREG_TEXT_SIZE - syslen)
		return 0;
	return syslen + (size_t)n + 1;
}

/*
 * The id of the record holding the @len bytes of @text, or of a new one: -1 when there is
 * no room left, or no id. Context: the registry's lock held.
 */
static int idreg_find_or_add(struct ring *r, const char *text, size_t len)
{
	size_t need = (sizeof(struct ring_reg_rec) + len + RING_REG_ALIGN - 1) &
		      ~(size_t)(RING_REG_ALIGN - 1);
	unsigned char *reg = (unsigned char *)r->shm + r->shm->reg_off;
	struct ring_reg_rec *rec;
	size_t off;

	for (off = 0; off + sizeof(struct ring_reg_rec) <= r->shm->reg_used;) {
		rec = (struct ring_reg_rec *)(void *)(reg + off);
		if (rec->size < sizeof(*rec) || rec->size > r->shm->reg_used - off)
			break;
		if (rec->size == need && memcmp(rec->text, text, len) == 0)
			return (int)rec->id;
		off += rec->size;
	}
	if (r->shm->reg_used + need > RING_REG_SIZE || r->shm->next_id >= RING_MAX_ID)
		return -1;
	rec = (struct ring_reg_rec *)(void *)(reg + r->shm->reg_used);
	rec->size = (uint32_t)need;
	rec->id = r->shm->next_id++;
	memcpy(rec->text, text, len);
	/* Release: the record is whole before the recorder, reading unlocked, sees it. */
	__atomic_store_n(&r->shm->reg_used, r->shm->reg_used + (uint32_t)need, __ATOMIC_RELEASE);
	return (int)rec->id;
}

int tpoint__session_event_id(struct tpoint_event *ev)
{
	/* Relaxed: set once, before the first registration (tracepoint.c's pthread_once). */
	struct ring *r = __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED);
	pthread_mutex_t *lock;
	size_t len;
	char *text;
	int id;

	if (!r)
		return -1;
	text = malloc(IDREG_TEXT_SIZE);
	if (!text)
		return -1;
	len = idreg_key(ev, text);
	if (!len) {
		free(text);
		return -1;
	}
	lock = reg_lock(r);
	id = idreg_find_or_add(r, text, len);
	pthread_mutex_unlock(lock);
	free(text);
	if (id < 0)
		fprintf(stderr, "tpoint: no room to register %s:%s; it is not recorded\n",
			ev->system, ev->name);
	return id;
}
