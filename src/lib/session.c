// SPDX-License-Identifier: MIT
/*
 * session.c - a traced process: the recorder's shared memory, event ids and task names in
 * it, and the event probes' reserve and commit.
 *
 * `tpoint record` starts the program with TPOINT_SESSION_FD (a memfd holding ring.h's
 * layout) and TPOINT_EVENTS ("pattern<TAB>filter" lines). The first object that registers
 * events attaches, before its events get ids: the ids come from the memfd's registry, so
 * the same event in several processes (children, exec) has one id and one format, and
 * different events never share one. Nothing here runs unless those variables are set.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "filter.h"
#include "internal.h"
#include "ring.h"

/* Set once, before any event gets an id or a probe; read by the probes. */
static struct ring session;
struct ring *tpoint__ring TPOINT_HIDDEN;
static int use_rseq;
static int use_tsc;		/* the session's clock is the TSC (RING_CLOCK_TSC) */
static pthread_once_t session_once = PTHREAD_ONCE_INIT;

/* The ring's fields are set one by one, never by assigning the whole struct. */
_Static_assert(offsetof(struct ring_res, slot) == offsetof(struct tpoint_reservation, slot) &&
	       offsetof(struct ring_res, need) == offsetof(struct tpoint_reservation, need) &&
	       offsetof(struct ring_res, delta) == offsetof(struct tpoint_reservation, delta),
	       "struct tpoint_reservation holds a struct ring_res");

/* glibc 2.35+: where this thread's struct rseq is, from the thread pointer. */
extern const ptrdiff_t __rseq_offset __attribute__((weak));
extern const unsigned int __rseq_size __attribute__((weak));

static inline uint32_t current_cpu(uint32_t nr_cpus)
{
	int cpu;

#if defined(__x86_64__)
	if (__builtin_expect(use_rseq, 1)) {
		char *tp;

		__asm__("mov %%fs:0, %0" : "=r"(tp));
		/* struct rseq { u32 cpu_id_start; u32 cpu_id; ... }: kept current by the kernel */
		cpu = (int)__atomic_load_n((const uint32_t *)(void *)(tp + __rseq_offset + 4),
					   __ATOMIC_RELAXED);
		if (cpu >= 0)
			return (uint32_t)cpu < nr_cpus ? (uint32_t)cpu : (uint32_t)cpu % nr_cpus;
	}
#endif
	cpu = sched_getcpu();
	if (cpu < 0)
		return 0;
	return (uint32_t)cpu < nr_cpus ? (uint32_t)cpu : (uint32_t)cpu % nr_cpus;
}

/* The session's clock: TSC ticks (the recorder converts them), or CLOCK_MONOTONIC ns. */
static inline uint64_t now_ts(void)
{
	struct timespec ts;

#if defined(__x86_64__) || defined(__i386__)
	if (__builtin_expect(use_tsc, 1))
		return __builtin_ia32_rdtsc();
#endif
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------------------------------- */
/* Attach */

static void session_warn(const char *what, const char *detail)
{
	fprintf(stderr, "tpoint: %s%s%s; this process is not traced\n", what,
		detail ? ": " : "", detail ? detail : "");
}

static void apply_rules(const char *spec)
{
	char *copy = strdup(spec), *line, *save = NULL;

	if (!copy)
		return;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');

		if (tab)
			*tab++ = '\0';
		tpoint__enable_filtered(line, tab && *tab ? tab : NULL);
	}
	free(copy);
}

static void session_attach(void)
{
	const char *fdstr = getenv("TPOINT_SESSION_FD"), *events = getenv("TPOINT_EVENTS");
	struct stat st;
	char *end;
	void *mem;
	long fd;

	if (!fdstr)
		return;
	fd = strtol(fdstr, &end, 10);
	if (*end || fd < 0 || fd > 65535 || fstat((int)fd, &st) || st.st_size <= 0) {
		session_warn("TPOINT_SESSION_FD is not an open tpoint session", fdstr);
		return;
	}
	mem = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	if (mem == MAP_FAILED) {
		session_warn("cannot map the session", strerror(errno));
		return;
	}
	if (ring_attach(&session, mem, (size_t)st.st_size)) {
		munmap(mem, (size_t)st.st_size);
		session_warn("TPOINT_SESSION_FD is not a tpoint session (another version?)", fdstr);
		return;
	}
#if defined(__x86_64__)
	use_rseq = &__rseq_size && &__rseq_offset && __rseq_size >= 8;
#endif
#if defined(__x86_64__) || defined(__i386__)
	use_tsc = !!(session.flags & RING_CLOCK_TSC);
#else
	if (session.flags & RING_CLOCK_TSC) {
		munmap(mem, (size_t)st.st_size);
		session_warn("the session stamps events with the TSC, which this machine has not",
			     "record with --clock mono");
		return;
	}
#endif
	/* Before any rule: the probes they attach find the ring. */
	__atomic_store_n(&tpoint__ring, &session, __ATOMIC_RELEASE);
	if (events)
		apply_rules(events);
}

void tpoint__session_init(void)
{
	pthread_once(&session_once, session_attach);
}

/* ---------------------------------------------------------------------------------------- */
/* The registry of event formats in the shared memory */

static pthread_mutex_t *reg_lock(struct ring *r)
{
	pthread_mutex_t *m = (pthread_mutex_t *)(void *)r->shm->lock;

	/* A process died holding it: what it wrote is published only at the end, so whole. */
	if (pthread_mutex_lock(m) == EOWNERDEAD)
		pthread_mutex_consistent(m);
	return m;
}

int tpoint__session_event_id(struct tpoint_event *ev)
{
	struct ring *r = tpoint__ring;
	unsigned char *reg;
	pthread_mutex_t *lock;
	size_t syslen, textlen, need, off;
	char *text;
	int id = -1, saved = ev->id, n;

	if (!r)
		return -1;
	text = malloc(65536);
	if (!text)
		return -1;
	syslen = strlen(ev->system) + 1;
	memcpy(text, ev->system, syslen);
	ev->id = 0;		/* the key: the format with "ID: 0" */
	n = tpoint_event_format(ev, text + syslen, 65536 - syslen);
	ev->id = saved;
	if (n < 0 || (size_t)n >= 65536 - syslen) {
		free(text);
		return -1;
	}
	textlen = syslen + (size_t)n + 1;
	need = (sizeof(struct ring_reg_rec) + textlen + 7) & ~(size_t)7;
	reg = (unsigned char *)r->shm + r->shm->reg_off;

	lock = reg_lock(r);
	for (off = 0; off + sizeof(struct ring_reg_rec) <= r->shm->reg_used;) {
		struct ring_reg_rec *rec = (struct ring_reg_rec *)(void *)(reg + off);

		if (rec->size < sizeof(*rec) || rec->size > r->shm->reg_used - off)
			break;
		if (rec->size == need && memcmp(rec->text, text, textlen) == 0) {
			id = (int)rec->id;
			break;
		}
		off += rec->size;
	}
	if (id < 0 && r->shm->reg_used + need <= RING_REG_SIZE && r->shm->next_id < 65535) {
		struct ring_reg_rec *rec = (struct ring_reg_rec *)(void *)(reg + r->shm->reg_used);

		rec->size = (uint32_t)need;
		rec->id = r->shm->next_id++;
		memcpy(rec->text, text, textlen);
		id = (int)rec->id;
		/* Release: the record is whole before the recorder, reading unlocked, sees it. */
		__atomic_store_n(&r->shm->reg_used, r->shm->reg_used + (uint32_t)need,
				 __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(lock);
	free(text);
	if (id < 0)
		fprintf(stderr, "tpoint: no room to register %s:%s; it is not recorded\n",
			ev->system, ev->name);
	return id;
}

/* A thread's first event: its name goes to the recorder's saved cmdlines. */
void tpoint__session_task(int tid)
{
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

/* ---------------------------------------------------------------------------------------- */
/* Filters on the library's events */

static const struct tpf_field common_fields[] = {
	{ "common_type", 0, 2, 0, TPF_NUM },
	{ "common_flags", 2, 1, 0, TPF_NUM },
	{ "common_preempt_count", 3, 1, 0, TPF_NUM },
	{ "common_pid", 4, 4, 1, TPF_NUM },
};

int tpoint__event_set_filter(struct tpoint_event *ev, const char *text, char *err, size_t errlen)
{
	const struct tpoint_field *f = NULL;
	struct tpf_field *fields;
	struct tp_filter *flt;
	unsigned int nr = 0, i, n = 4;

	if (ev->fields)
		f = tpoint_event_fields(ev, &nr);
	fields = calloc(nr + 4, sizeof(*fields));
	if (!fields)
		return -ENOMEM;
	memcpy(fields, common_fields, sizeof(common_fields));
	for (i = 0; i < nr; i++) {
		struct tpf_field *t = &fields[n++];

		t->name = f[i].name;
		t->offset = f[i].offset;
		t->size = f[i].size;
		t->is_signed = f[i].is_signed;
		if (f[i].kind == TPOINT_FIELD_SCALAR &&
		    (f[i].size == 1 || f[i].size == 2 || f[i].size == 4 || f[i].size == 8))
			t->kind = TPF_NUM;
		else if (f[i].kind == TPOINT_FIELD_STRING)
			t->kind = TPF_DSTR;
		else if (f[i].kind == TPOINT_FIELD_ARRAY && f[i].elem_size == 1 &&
			 !strcmp(f[i].type, "char"))
			t->kind = TPF_STR;
		else
			t->kind = TPF_OTHER;
	}
	flt = tp_filter_parse(text, fields, n, err, errlen);
	free(fields);
	if (!flt)
		return -EINVAL;
	tp_filter_free(ev->filter);
	ev->filter = flt;
	return 0;
}

void tpoint__event_free_filter(struct tpoint_event *ev)
{
	tp_filter_free(ev->filter);
	ev->filter = NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* The probes' path: no lock, no system call, no allocation */

/* @v in decimal at @p; returns the end. Async-signal-safe, as what calls it. */
static char *put_dec(char *p, unsigned long long v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 24);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_str(char *p, const char *end, const char *s)
{
	while (*s && p < end)
		*p++ = *s++;
	return p;
}

/*
 * An entry too large for a ring page: counted lost on this CPU when it was to be recorded
 * (fired = recorded + lost holds), and said once, on the first one. Probes call this from
 * anywhere, signal handlers included: no stdio, one write(2).
 */
void tpoint__event_oversize(struct tpoint_event *ev, size_t size)
{
	struct ring *r = __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED);
	char msg[256], *p = msg, *end = msg + sizeof(msg) - 64;
	/* Relaxed: a statistic; the 0 -> 1 step elects the one warning. */
	uint64_t before = __atomic_fetch_add(&ev->dropped, 1, __ATOMIC_RELAXED);

	if (!r || !ev->recorded)
		return;
	/* Relaxed: a statistic, as the ring's own losses. */
	__atomic_fetch_add(&r->cpus[current_cpu(r->nr_cpus)].lost, 1, __ATOMIC_RELAXED);
	if (before)
		return;
	p = put_str(p, end, "tpoint: event ");
	p = put_str(p, end, ev->system);
	p = put_str(p, end, ":");
	p = put_str(p, end, ev->name);
	if (size) {
		p = put_str(p, end, " of ");
		p = put_dec(p, size);
		p = put_str(p, end, " bytes is larger than a ring page holds (");
		p = put_dec(p, TPOINT_EVENT_MAX);
		p = put_str(p, msg + sizeof(msg) - 1, " at most): it is counted lost\n");
	} else {
		p = put_str(p, msg + sizeof(msg) - 1, ": its size could not be computed: it is "
			    "counted lost\n");
	}
	if (write(2, msg, (size_t)(p - msg)) < 0)
		return;
}

/* res->local: where the probe builds the entry */
enum { IN_RING, IN_STACK_HANDLER, IN_STACK_FILTER };

void *tpoint__event_reserve(struct tpoint_event *ev, struct tpoint_reservation *res, size_t size)
{
	/* Set before the probe was attached (ordered by the probe array's publication). */
	struct ring *r = __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED);

	if (__builtin_expect(r != NULL, 1) && ev->recorded) {
		/*
		 * A filtered event is built on the probe's stack and filtered before it takes
		 * ring space, as the kernel does: what the filter drops is never counted lost.
		 */
		if (ev->filter) {
			res->local = IN_STACK_FILTER;
			return NULL;
		}
		res->local = IN_RING;
		return ring_reserve(r, current_cpu(r->nr_cpus), now_ts(), (uint32_t)size,
				    (struct ring_res *)(void *)res);
	}
	res->local = tpoint__event_has_handler() ? IN_STACK_HANDLER : IN_RING;
	if (res->local == IN_RING)
		tpoint__event_drop(ev);
	return NULL;
}

void tpoint__event_commit(struct tpoint_event *ev, struct tpoint_reservation *res, void *entry,
			  size_t size)
{
	struct ring *r;
	void *dst;

	switch (res->local) {
	case IN_RING:
		ring_commit((struct ring_res *)(void *)res, (uint32_t)size);
		return;
	case IN_STACK_HANDLER:
		tpoint__event_emit(ev, entry, size);
		return;
	default:
		if (!tp_filter_match(ev->filter, entry, size))
			return;
		r = __atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED);
		dst = ring_reserve(r, current_cpu(r->nr_cpus), now_ts(), (uint32_t)size,
				   (struct ring_res *)(void *)res);
		if (dst) {
			memcpy(dst, entry, size);
			ring_commit((struct ring_res *)(void *)res, (uint32_t)size);
		}
	}
}
