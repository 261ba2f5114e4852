// SPDX-License-Identifier: MIT
/*
 * test-attach.c - attach and detach (tpoint record -p) again and again while threads and
 * signal handlers fire, under TSan and ASan: the library's side (src/lib/attach.c) against
 * a recorder played in this process, over the real socket exchange (attach.h).
 *
 * More writer threads than CPUs fire ut_plain without pause, and a signaller interrupts
 * them with SIGUSR1, whose handler fires too. Each round the "recorder" writes the request
 * into tpoint__live_ctl and knocks on ut_plain's key, as pidattach.c does through
 * process_vm_writev; a hit starts the session thread, which connects; the recorder hands
 * it the rules and a fresh session memfd, and a reader drains the rings, checking every
 * entry, while the writers go on; then "detach". After each round: the session unmapped
 * (a probe still writing into it would fault under ASan), the ctl idle, the key off, no
 * session thread. ut_blob is enabled by the program itself too, so its probe stays attached
 * through the detaches. Then a fork while attached: the child is not traced.
 */
#include <dirent.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attach.h"
#include "page-walk.h"
#include "ring.h"
#include "tap.h"

#include "ut-events.h"	/* defined in tests/unit/ut-events.c */

#define NR_WRITERS	6
#define NR_ROUNDS	12
#define NR_PAGES	8

extern struct ring *tpoint__ring;
static struct tpoint_tracepoint *tp;
static int stop_all;			/* atomic */
static uint64_t fired;			/* atomic */
static pthread_t writers[NR_WRITERS];
static __thread int in_writer;

/* The k.on half of the key: the recorder's knock, and what the library sets. */
static uint16_t *key_on(void)
{
	return &tp->k.on;
}

static void fire(int v)
{
	static const unsigned char blob[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	__atomic_fetch_add(&fired, 2, __ATOMIC_RELAXED);
	trace_ut_plain(v);
	trace_ut_blob(blob, (int)sizeof(blob), "blob");
}

static void on_sigusr1(int sig)
{
	(void)sig;
	if (in_writer)
		fire(-7);
}

static void *writer(void *arg)
{
	int i = 0;

	in_writer = 1;
	while (!__atomic_load_n(&stop_all, __ATOMIC_RELAXED)) {
		fire((int)((long)arg << 20 | (i++ & 0xfffff)));
		if ((i & 1023) == 0)
			usleep(20);
	}
	return NULL;
}

static void *signaller(void *arg)
{
	int i;

	(void)arg;
	while (!__atomic_load_n(&stop_all, __ATOMIC_RELAXED)) {
		for (i = 0; i < NR_WRITERS; i++)
			pthread_kill(writers[i], SIGUSR1);
		usleep(200);
	}
	return NULL;
}

/* The recorder's socket, listening; its name in @name. */
static int listen_sock(char *name, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	snprintf(name, len, "tpoint-test-attach-%d", (int)getpid());
	memcpy(sa.sun_path + 1, name, strlen(name));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa,
			   (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name))) ||
	    listen(fd, 4))
		abort();
	return fd;
}

/* A fresh session memfd, as launch_init() makes it; its reader's view in @r. */
static int make_session(struct ring *r, void **mem, size_t *size)
{
	uint32_t nr_cpus = (uint32_t)get_nprocs_conf();
	int fd = memfd_create("tpoint-session", MFD_CLOEXEC);

	*size = ring_layout(nr_cpus, NR_PAGES);
	if (fd < 0 || ftruncate(fd, (off_t)*size) < 0)
		abort();
	*mem = mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (*mem == MAP_FAILED || ring_init(r, *mem, *size, nr_cpus, NR_PAGES, 0))
		abort();
	return fd;
}

/* The request and the knock, as pidattach.c writes them into another process. */
static void knock(const char *name, uint32_t seq)
{
	tpoint__live_ctl.recorder = (int32_t)getpid();
	/* Relaxed: hits read it before they take the request (a cache key, attach.c). */
	__atomic_store_n(&tpoint__live_ctl.seq, seq, __ATOMIC_RELAXED);
	snprintf(tpoint__live_ctl.sock, sizeof(tpoint__live_ctl.sock), "%s", name);
	/* Release: the request before the state; pairs with the CAS in tpoint__live_poll(). */
	__atomic_store_n(&tpoint__live_ctl.state, TPOINT__LIVE_REQUEST, __ATOMIC_RELEASE);
	/* Relaxed: as the recorder's 2-byte write; only lets hits into the slow path. */
	__atomic_store_n(key_on(), 1, __ATOMIC_RELAXED);
}

/* Hello, the rules and @memfd to the connection @c; its answer in @reply. */
#define RULES_BOTH	"ut-sys:ut_plain\t\nut-sys:ut_blob\t\n"
/* Only what the program enabled itself, with a filter that passes none (every blob is 8). */
#define RULES_OWN	"ut-sys:ut_blob\tlen != 8\n"

static int hello(int c, uint32_t seq, int memfd, const char *rules, char *reply, size_t len)
{
	char buf[sizeof(struct attach_hello) + sizeof(RULES_BOTH)];
	size_t rlen = strlen(rules) + 1;
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct attach_hello *h = (struct attach_hello *)(void *)buf;
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *cm;
	struct pollfd p = { c, POLLIN, 0 };
	ssize_t n;

	attach_msg(&msg, &iov, buf, sizeof(struct attach_hello) + rlen, cbuf, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);

	memset(buf, 0, sizeof(buf));
	memcpy(h->magic, ATTACH_HELLO_MAGIC, sizeof(h->magic));
	h->seq = seq;
	h->rules_len = (uint32_t)rlen;
	memcpy(h + 1, rules, rlen);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &memfd, sizeof(int));
	if (sendmsg(c, &msg, MSG_NOSIGNAL) != (ssize_t)(sizeof(struct attach_hello) + rlen) ||
	    poll(&p, 1, 10000) != 1)
		return -1;
	n = recv(c, reply, len - 1, 0);
	if (n <= 0)
		return -1;
	reply[n] = '\0';
	return 0;
}

struct tally {
	uint64_t entries, bad;
	int id, id_blob;	/* ut_plain's and ut_blob's ids in this round's session */
	int graced;		/* the last detach waited for a grace period */
	uint64_t blobs;		/* ut_blob entries read */
};

static void check_entry(void *arg, const unsigned char *e, uint32_t len, uint64_t ts)
{
	struct tally *t = arg;
	uint16_t type;
	int32_t v;

	(void)ts;
	memcpy(&type, e, 2);
	memcpy(&v, e + 8, 4);
	t->entries++;
	if (type == t->id_blob) {
		t->blobs++;
		return;
	}
	if (type != t->id || len < 12 ||
	    (v != -7 && ((v >> 20) >= NR_WRITERS || (v >> 20) < 0)))
		t->bad++;
}

/* Read every page the session has now (@final: the open ones too). */
static void drain(struct ring *r, struct tally *t, int final)
{
	unsigned char page[RING_PAGE_SIZE];
	struct ring_read rd;
	uint32_t cpu;

	for (cpu = 0; cpu < r->nr_cpus; cpu++)
		while (ring_read_page(r, cpu, page, final, &rd) > 0)
			if (walk_page(page, check_entry, t) < 0)
				t->bad++;
}

/* Is a thread of this process called tpoint-attach? */
static int session_thread_alive(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	char path[300], comm[32];
	int found = 0;
	FILE *f;

	while (d && !found && (de = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", de->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		found = fgets(comm, sizeof(comm), f) && !strncmp(comm, "tpoint-attach", 13);
		fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

/* One round: knock, hand over a fresh session, read it while they write, detach. */
static void round_trip(int ls, const char *name, uint32_t seq, const char *rules,
		       struct tally *t, int *ok)
{
	struct pollfd p = { ls, POLLIN, 0 };
	char reply[ATTACH_REPLY_MAX] = "";
	struct ring r;
	size_t size;
	void *mem;
	int fd = make_session(&r, &mem, &size), c, i;
	unsigned long phase;

	knock(name, seq);
	c = poll(&p, 1, 10000) == 1 ? accept4(ls, NULL, NULL, SOCK_CLOEXEC) : -1;
	*ok = c >= 0 && hello(c, seq, fd, rules, reply, sizeof(reply)) == 0 && !strcmp(reply, "ok");
	t->id = tpoint_event_lookup("ut-sys:ut_plain")->id;
	t->id_blob = tpoint_event_lookup("ut-sys:ut_blob")->id;
	for (i = 0; *ok && i < 20; i++) {
		usleep(2000);
		drain(&r, t, 0);
	}
	/* Relaxed: read alone; a grace period moves the phase on (rcu.c). */
	phase = __atomic_load_n(&tpoint__rcu.phase, __ATOMIC_RELAXED);
	if (c >= 0) {
		send(c, ATTACH_DETACH, sizeof(ATTACH_DETACH), MSG_NOSIGNAL);
		p.fd = c;
		*ok = *ok && poll(&p, 1, 10000) == 1 && recv(c, reply, sizeof(reply) - 1, 0) > 0 &&
		      !strcmp(reply, ATTACH_DETACHED);
		close(c);
	}
	/*
	 * The detach waited for a grace period before it unmapped, although ut_blob kept its
	 * probe (the program enabled it): a probe that still saw recorded set is done with it.
	 */
	t->graced = __atomic_load_n(&tpoint__rcu.phase, __ATOMIC_RELAXED) != phase;
	drain(&r, t, 1);
	ring_fini(&r);
	munmap(mem, size);
	close(fd);
}

/* Wait (up to 5 s) for the session thread to finish leaving: ctl idle, thread gone. */
static int wait_idle(void)
{
	int i;

	for (i = 0; i < 500; i++) {
		/* Acquire: pairs with the release in live_state(); what it undid is seen. */
		if (__atomic_load_n(&tpoint__live_ctl.state, __ATOMIC_ACQUIRE) == TPOINT__LIVE_IDLE &&
		    !session_thread_alive())
			return 1;
		usleep(10000);
	}
	return 0;
}

/* Forked while attached: the child is not traced, and has no session of its own. */
static int fork_untraced(int ls, const char *name)
{
	struct pollfd p = { ls, POLLIN, 0 };
	char reply[ATTACH_REPLY_MAX] = "";
	struct ring r;
	size_t size;
	void *mem;
	int fd = make_session(&r, &mem, &size), c, st = -1, ok;
	pid_t pid;

	knock(name, 99);
	c = poll(&p, 1, 10000) == 1 ? accept4(ls, NULL, NULL, SOCK_CLOEXEC) : -1;
	ok = c >= 0 && hello(c, 99, fd, RULES_BOTH, reply, sizeof(reply)) == 0 &&
	     !strcmp(reply, "ok");
	pid = fork();
	if (pid == 0)
		_exit(__atomic_load_n(&tpoint__live_ctl.state, __ATOMIC_RELAXED) == TPOINT__LIVE_IDLE &&
		      !__atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED) &&
		      !__atomic_load_n(key_on(), __ATOMIC_RELAXED) ? 0 : 1);
	waitpid(pid, &st, 0);
	if (c >= 0) {
		send(c, ATTACH_DETACH, sizeof(ATTACH_DETACH), MSG_NOSIGNAL);
		p.fd = c;
		poll(&p, 1, 10000);
		close(c);
	}
	wait_idle();
	ring_fini(&r);
	munmap(mem, size);
	close(fd);
	return ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	struct tally t = { 0, 0, 0, 0, 0, 0 };
	int ls, i, ok, all_ok = 1, all_clean = 1;
	pthread_t sig;
	char name[64];

	tp = tpoint_tracepoint_lookup("ut-sys:ut_plain");
	if (!tp) {
		printf("Bail out! no ut_plain tracepoint\n");
		return 1;
	}
	/*
	 * The program records ut_blob itself (no handler: counted dropped): its probe stays on
	 * through every detach, which must still wait for a grace period before unmapping.
	 */
	tpoint_enable("ut-sys:ut_b*");
	signal(SIGUSR1, on_sigusr1);
	ls = listen_sock(name, sizeof(name));
	for (i = 0; i < NR_WRITERS; i++)
		pthread_create(&writers[i], NULL, writer, (void *)(long)i);
	pthread_create(&sig, NULL, signaller, NULL);
	for (i = 0; i < NR_ROUNDS; i++) {
		round_trip(ls, name, (uint32_t)i + 1, RULES_BOTH, &t, &ok);
		all_ok &= ok;
		all_clean &= wait_idle() && !__atomic_load_n(&tpoint__ring, __ATOMIC_RELAXED) &&
			     !__atomic_load_n(key_on(), __ATOMIC_RELAXED);
	}
	ok(all_ok, "%d attach/detach rounds under %d writers and signal handlers", NR_ROUNDS,
	   NR_WRITERS);
	/* Only an event the program enabled itself: no probe array changes at the detach. */
	t.blobs = 0;
	round_trip(ls, name, 1000, RULES_OWN, &t, &ok);
	ok(ok && wait_idle() && t.graced, "a detach that replaces no probe array still waits "
	   "for a grace period before it unmaps");
	ok(t.blobs == 0, "-f applies to an event the program had enabled itself (%llu of its "
	   "entries passed a filter that passes none)", (unsigned long long)t.blobs);
	ok(t.entries > 0 && t.bad == 0, "%llu entries read while attached, %llu bad",
		(unsigned long long)t.entries, (unsigned long long)t.bad);
	ok(all_clean, "after each detach: ctl idle, no session thread, unmapped, key off");
	ok(fork_untraced(ls, name), "a child forked while attached is not traced");
	__atomic_store_n(&stop_all, 1, __ATOMIC_RELAXED);
	pthread_join(sig, NULL);
	for (i = 0; i < NR_WRITERS; i++)
		pthread_join(writers[i], NULL);
	ok(__atomic_load_n(&fired, __ATOMIC_RELAXED) > 0, "%llu events fired in all",
		(unsigned long long)__atomic_load_n(&fired, __ATOMIC_RELAXED));
	close(ls);
	return tap_done();
}
