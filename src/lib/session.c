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
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "ring.h"

/*
 * Set once, by tpoint__session_attach(), before any event gets an id or a probe; read by
 * the probes (probe.c), which the probe array's publication orders after these stores.
 */
static struct ring session;
static void *session_mem;		/* its mapping, unmapped when a -p recorder detaches */
static size_t session_size;
struct ring *tpoint__ring TPOINT_HIDDEN;
/* What the inline probe path reads of it (static/fastpath.h); set with it, before any rule. */
static struct tpoint__fast_ring session_fast;
int tpoint__session_rseq TPOINT_HIDDEN;
int tpoint__session_tsc TPOINT_HIDDEN;

/* The largest fd TPOINT_SESSION_FD may name: more is not one the recorder passed. */
#define SESSION_FD_MAX		65535

/*
 * Where a recorder attaching to this running process knocks (tpoint.h, attach.c). In a
 * section of its own, which strip keeps: a recorder finds it by its symbol, or in a program
 * that has none (libtpoint.a linked in, then stripped) by this section.
 */
struct tpoint__live_ctl tpoint__live_ctl TPOINT_API
	__attribute__((section("__tpoint_live_ctl"))) = {
	.magic = TPOINT__LIVE_MAGIC,
	.struct_size = sizeof(struct tpoint__live_ctl),
};

static void session_task_named(int tid, const char *comm);

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

/*
 * Map the session in @fd (@size bytes, 0: the file's size) and publish it to the probes:
 * 0, or -1 (said why, with @what naming where @fd came from).
 */
static int session_map(int fd, const char *what)
{
	struct stat st;
	void *mem;

	if (fstat(fd, &st) || st.st_size <= 0) {
		session_warn("not an open tpoint session", what);
		return -1;
	}
	mem = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED) {
		session_warn("cannot map the session", strerror(errno));
		return -1;
	}
	if (ring_attach(&session, mem, (size_t)st.st_size)) {
		munmap(mem, (size_t)st.st_size);
		session_warn("not a tpoint session (another version?)", what);
		return -1;
	}
	session_mem = mem;
	session_size = (size_t)st.st_size;
#if defined(__x86_64__)
	/* The area glibc registered holds cpu_id, which probe.c reads. */
	tpoint__session_rseq = &__rseq_size && &__rseq_offset &&
			       __rseq_size >= offsetof(struct rseq, cpu_id) + sizeof(uint32_t);
#endif
	if (session_clock(mem, (size_t)st.st_size))
		return -1;
	session_fast = (struct tpoint__fast_ring){
		.cpus = (unsigned char *)session.cpus, .meta = (unsigned char *)session.meta,
		.data = session.data, .nr_cpus = session.nr_cpus, .nr_pages = session.nr_pages,
		.tsc = (uint32_t)tpoint__session_tsc,
	};
	/*
	 * Release: the session is whole before tpoint__ring shows it; pairs with the acquire
	 * in tpoint__session_task(). Before any rule: the probes the rules attach find it.
	 */
	__atomic_store_n(&tpoint__ring, &session, __ATOMIC_RELEASE);
	return 0;
}

const char *tpoint__session_attach(void)
{
	const char *fdstr = getenv("TPOINT_SESSION_FD");
	char *end;
	long fd;

	if (!fdstr)
		return NULL;
	fd = strtol(fdstr, &end, 10);
	if (*end || fd < 0 || fd > SESSION_FD_MAX) {
		session_warn("TPOINT_SESSION_FD is not an open tpoint session", fdstr);
		return NULL;
	}
	if (session_map((int)fd, "TPOINT_SESSION_FD"))
		return NULL;
	/* Release: pairs with the recorder's read; a -p recorder is refused from now on. */
	__atomic_store_n(&tpoint__live_ctl.state, TPOINT__LIVE_LAUNCHED, __ATOMIC_RELEASE);
	return getenv("TPOINT_EVENTS");
}

int tpoint__session_join(int fd)
{
	/* One session at a time: a second request that slipped in is refused, not mapped over. */
	if (session_mem || __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED))
		return -1;
	return session_map(fd, "from the recorder attaching");
}

const struct tpoint__fast_ring *tpoint__session_fast(void)
{
	/* Relaxed: the caller orders it (rule_apply()'s release of the event's pointer). */
	return __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED) ? &session_fast : NULL;
}

void tpoint__session_leave(void)
{
	/*
	 * Relaxed: the caller made sure no probe still uses the session (the events stopped
	 * recording, then a grace period); nothing reads tpoint__ring after this but a probe
	 * that then records nothing.
	 */
	__atomic_store_n(&tpoint__ring, NULL, __ATOMIC_RELAXED);
	ring_fini(&session);
	memset(&session_fast, 0, sizeof(session_fast));
	if (session_mem)
		munmap(session_mem, session_size);
	session_mem = NULL;
	session_size = 0;
}

/* Every thread of this process, named in the session (those already past their first event). */
void tpoint__session_name_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[64], comm[16] = "";
		long tid = strtol(de->d_name, NULL, 10);
		FILE *f;

		if (tid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%ld/comm", tid);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
		session_task_named((int)tid, comm);
	}
	closedir(d);
}

/* Thread @tid is called @comm: a slot in the session's table, for the saved cmdlines. */
static void session_task_named(int tid, const char *comm)
{
	/* Acquire: pairs with the release store in session_map(). */
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
	strncpy(t->comm, comm, sizeof(t->comm) - 1);
	t->tgid = (uint32_t)getpid();	/* async-signal-safe: a probe may be in a handler */
	/* Release: name and tgid are written before the recorder, acquiring tid, reads them. */
	__atomic_store_n(&t->tid, (uint32_t)tid, __ATOMIC_RELEASE);
}

/* A thread's first event: its name goes to the recorder's saved cmdlines. */
void tpoint__session_task(int tid)
{
	char comm[16] = "";

	/* Relaxed: only saves a prctl when not traced; session_task_named() acquires. */
	if (!__atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED))
		return;
	prctl(PR_GET_NAME, comm);
	session_task_named(tid, comm);
}
