// SPDX-License-Identifier: MIT
/*
 * session.c - a traced process: attach to the recorder's shared memory, and name the
 * process's threads in it.
 *
 * `tpoint record` starts the program with TPOINT_SESSION_FD (a memfd holding ring.h's
 * layout) and TPOINT_EVENTS ("pattern<TAB>filter" lines). The first object that registers
 * events attaches (tracepoint.c calls tpoint__session_attach() once), before its events get
 * ids: the ids come from the memfd's registry (idreg.c), so the same event in several
 * processes (children, exec) has one id and one format, and different events never share
 * one. The probes (probe.c) then reserve in the ring. Nothing here runs unless those
 * variables are set.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "internal.h"
#include "ring.h"

/*
 * Set once, by tpoint__session_attach(), before any event gets an id or a probe; read by
 * the probes (probe.c), which the probe array's publication orders after these stores.
 */
static struct ring session;
struct ring *tpoint__ring TPOINT_HIDDEN;
int tpoint__session_rseq TPOINT_HIDDEN;
int tpoint__session_tsc TPOINT_HIDDEN;

/* The largest fd TPOINT_SESSION_FD may name: more is not one the recorder passed. */
#define SESSION_FD_MAX		65535

/* glibc 2.35+: where this thread's struct rseq is, from the thread pointer. */
extern const ptrdiff_t __rseq_offset __attribute__((weak));
extern const unsigned int __rseq_size __attribute__((weak));

static void session_warn(const char *what, const char *detail)
{
	fprintf(stderr, "tpoint: %s%s%s; this process is not traced\n", what,
		detail ? ": " : "", detail ? detail : "");
}

/* The machine reads the session's clock: 0, or -1 (said why). */
static int session_clock(void *mem, size_t size)
{
#if defined(__x86_64__) || defined(__i386__)
	tpoint__session_tsc = !!(session.flags & RING_CLOCK_TSC);
#else
	if (session.flags & RING_CLOCK_TSC) {
		munmap(mem, size);
		session_warn("the session stamps events with the TSC, which this machine has not",
			     "record with --clock mono");
		return -1;
	}
#endif
	(void)mem;
	(void)size;
	return 0;
}

const char *tpoint__session_attach(void)
{
	const char *fdstr = getenv("TPOINT_SESSION_FD");
	struct stat st;
	char *end;
	void *mem;
	long fd;

	if (!fdstr)
		return NULL;
	fd = strtol(fdstr, &end, 10);
	if (*end || fd < 0 || fd > SESSION_FD_MAX || fstat((int)fd, &st) || st.st_size <= 0) {
		session_warn("TPOINT_SESSION_FD is not an open tpoint session", fdstr);
		return NULL;
	}
	mem = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	if (mem == MAP_FAILED) {
		session_warn("cannot map the session", strerror(errno));
		return NULL;
	}
	if (ring_attach(&session, mem, (size_t)st.st_size)) {
		munmap(mem, (size_t)st.st_size);
		session_warn("TPOINT_SESSION_FD is not a tpoint session (another version?)", fdstr);
		return NULL;
	}
#if defined(__x86_64__)
	/* The area glibc registered holds cpu_id, which probe.c reads. */
	tpoint__session_rseq = &__rseq_size && &__rseq_offset &&
			       __rseq_size >= offsetof(struct rseq, cpu_id) + sizeof(uint32_t);
#endif
	if (session_clock(mem, (size_t)st.st_size))
		return NULL;
	/*
	 * Release: the session is whole before tpoint__ring shows it; pairs with the acquire
	 * in tpoint__session_task(). Before any rule: the probes the rules attach find it.
	 */
	__atomic_store_n(&tpoint__ring, &session, __ATOMIC_RELEASE);
	return getenv("TPOINT_EVENTS");
}

/* A thread's first event: its name goes to the recorder's saved cmdlines. */
void tpoint__session_task(int tid)
{
	/* Acquire: pairs with the release store in tpoint__session_attach(). */
	struct ring *r = __atomic_load_n(&tpoint__ring, __ATOMIC_ACQUIRE);
	struct ring_task *t;
	uint32_t i;

	if (!r)
		return;
	/* Relaxed: it only hands out slots. */
	i = __atomic_fetch_add(&r->shm->nr_tasks, 1, __ATOMIC_RELAXED);
	if (i >= RING_MAX_TASKS)
		return;
	t = (struct ring_task *)(void *)((char *)r->shm + r->shm->task_off) + i;
	memset(t->comm, 0, sizeof(t->comm));
	prctl(PR_GET_NAME, t->comm);
	/* Release: the name is written before the recorder, acquiring tid, reads it. */
	__atomic_store_n(&t->tid, (uint32_t)tid, __ATOMIC_RELEASE);
}
