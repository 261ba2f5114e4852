// SPDX-License-Identifier: MIT
/*
 * attach.c - a recorder attaching to this running process (tpoint record/trace/top -p).
 *
 * Nothing runs, and no thread exists, until a recorder knocks: it writes a request into
 * tpoint__live_ctl (tpoint.h) and turns tracepoint keys on, through process_vm_writev, which
 * the kernel allows exactly to who may ptrace this process. The first thread that then hits
 * a tracepoint with no probe takes the request (one CAS) and starts the session thread,
 * with every signal blocked; the hit itself returns at once. The session thread (attach.h
 * has the exchange):
 *   1. connects to the recorder's abstract socket named in the request, and checks that the
 *      listener is the pid the request names (SO_PEERCRED);
 *   2. receives the rules and the session memory's descriptor, maps it (session.c), gives
 *      the events the session's ids and applies the rules (tracepoint.c), names the threads;
 *   3. answers "ok", then waits on the socket;
 *   4. on "detach", or EOF (the recorder died), undoes the rules, waits a grace period so
 *      that no probe still writes into the memory, unmaps it, answers "detached", closes
 *      the socket, sets the ctl back to IDLE and exits: no thread, no mapping, no enabled
 *      key left behind.
 * The thread, not the hit, does the work: a hit may come from a probe or a signal handler
 * inside a read-side critical section, where a grace period would never end. And the hit
 * that starts it is one outside every signal handler (live_hit_safe()): pthread_create()
 * is not async-signal-safe.
 * A child forked while attached is not traced: it drops the session (its copy of the probes
 * and of the mapping) in the fork handler.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "attach.h"
#include "internal.h"

#define LIVE_TIMEOUT_S	5	/* the recorder answers within this, or the attach fails */

/* The session thread's connection: -1 when none. Its own, and the fork handler's. */
static int live_conn = -1;

static void live_state(uint32_t state)
{
	/*
	 * Release: what the thread did (joined, or left and unmapped) happens before a recorder
	 * or a tracepoint hit sees the new state; pairs with the acquire CAS in
	 * tpoint__live_poll() and with the recorder's process_vm_readv.
	 */
	__atomic_store_n(&tpoint__live_ctl.state, state, __ATOMIC_RELEASE);
}

/*
 * The session undone: the recorder's rules and recording, then (after a grace period, with
 * @grace: not in a forked child, alone) the mapping.
 */
static void live_leave(int grace)
{
	tpoint__registry_leave(grace);
	tpoint__session_leave();
}

/* The attach failed (errno @err): keys as the probes say, and the ctl free again. */
static void live_fail(int err)
{
	uint32_t want = TPOINT__LIVE_ATTACHING;

	tpoint__live_ctl.error = err;
	tpoint__registry_leave(0);
	/* Release: as live_state(); only from ours: a newer request is left alone. */
	__atomic_compare_exchange_n(&tpoint__live_ctl.state, &want, TPOINT__LIVE_IDLE, 0,
				    __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

/* A child forked while attached: not traced. Runs after the registry's own handler. */
static void live_atfork_child(void)
{
	/* Relaxed: the child is alone. */
	uint32_t st = __atomic_load_n(&tpoint__live_ctl.state, __ATOMIC_RELAXED);

	if (st != TPOINT__LIVE_ATTACHED && st != TPOINT__LIVE_ATTACHING)
		return;
	if (live_conn >= 0)
		close(live_conn);
	live_conn = -1;
	live_leave(0);
	live_state(TPOINT__LIVE_IDLE);
}

/*
 * At load, after the registry's (whose constructor has priority): child handlers run in
 * the order registered, and this one takes registry_mutex, which the registry's releases.
 * So a fork at any moment of an attach finds it. It starts no thread.
 */
static void __attribute__((constructor)) live_register_atfork(void)
{
	pthread_atfork(NULL, NULL, live_atfork_child);
}

/* Connect to the socket the request names; its listener must be the requesting pid. */
static int live_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { LIVE_TIMEOUT_S, 0 };
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	size_t len = strnlen(tpoint__live_ctl.sock, TPOINT__LIVE_SOCK_MAX - 1);
	int fd, e;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* Abstract: the name after a NUL, gone with the recorder. */
	memcpy(sa.sun_path + 1, tpoint__live_ctl.sock, len);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
							     1 + len)) < 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	/* The requesting pid, and a user who may ptrace us anyway: root, or ours. */
	if (cred.pid != tpoint__live_ctl.recorder ||
	    (cred.uid != 0 && cred.uid != getuid() && cred.uid != geteuid())) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

/* The recorder's hello: its rules (malloc'd) in *@spec, the session fd in *@fd. 0, or -1. */
static int live_hello(int conn, char **spec, int *fd)
{
	char ctl[CMSG_SPACE(sizeof(int))];
	struct attach_hello *h;
	struct msghdr msg;
	struct cmsghdr *c;
	struct iovec iov;
	size_t size = sizeof(*h) + ATTACH_RULES_MAX;
	ssize_t n;
	char *buf = malloc(size);

	*fd = -1;
	if (!buf)
		return -1;
	attach_msg(&msg, &iov, buf, size, ctl, sizeof(ctl));
	n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
	c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(fd, CMSG_DATA(c), sizeof(int));
	h = (struct attach_hello *)(void *)buf;
	if (*fd < 0 || (size_t)n < sizeof(*h) || memcmp(h->magic, ATTACH_HELLO_MAGIC, 16) ||
	    h->seq != tpoint__live_ctl.seq || h->rules_len != (size_t)n - sizeof(*h) ||
	    !h->rules_len || buf[n - 1] != '\0') {
		if (*fd >= 0)
			close(*fd);
		free(buf);
		errno = EPROTO;
		return -1;
	}
	*spec = strdup(buf + sizeof(*h));
	free(buf);
	return *spec ? 0 : -1;
}

/* Wait until the recorder says "detach", or goes away. */
static void live_wait(int conn)
{
	struct timeval none = { 0, 0 };
	char buf[ATTACH_REPLY_MAX];
	ssize_t n;

	setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof(none));
	for (;;) {
		n = recv(conn, buf, sizeof(buf) - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf[n] = '\0';
		if (strcmp(buf, ATTACH_DETACH) == 0)
			return;
	}
}

/* Steps 2 and 3 of the top: 0 once attached and answered, or -1 (errno). */
static int live_join(int conn)
{
	char *spec = NULL;
	int fd, e;

	if (live_hello(conn, &spec, &fd))
		return -1;
	if (tpoint__session_join(fd)) {
		close(fd);
		free(spec);
		send(conn, "error: cannot map the session", 29, MSG_NOSIGNAL);
		errno = EINVAL;
		return -1;
	}
	close(fd);
	tpoint__session_name_threads();
	tpoint__registry_join(spec);
	free(spec);
	live_state(TPOINT__LIVE_ATTACHED);
	if (send(conn, ATTACH_OK, sizeof(ATTACH_OK), MSG_NOSIGNAL) < 0) {
		e = errno;
		live_leave(1);
		errno = e;
		return -1;
	}
	return 0;
}

static void *live_thread(void *arg)
{
	int conn;

	(void)arg;
	prctl(PR_SET_NAME, "tpoint-attach");
	conn = live_connect();
	if (conn < 0) {
		live_fail(errno);
		return NULL;
	}
	live_conn = conn;	/* a child forked from now on closes it */
	if (live_join(conn)) {
		live_conn = -1;
		close(conn);
		live_fail(errno);
		return NULL;
	}
	live_wait(conn);
	live_leave(1);
	send(conn, ATTACH_DETACHED, sizeof(ATTACH_DETACHED), MSG_NOSIGNAL);
	live_conn = -1;
	close(conn);
	live_state(TPOINT__LIVE_IDLE);
	return NULL;
}

/*
 * Is this hit outside every signal handler? pthread_create() is not async-signal-safe (it
 * allocates the thread's TLS with malloc, and takes glibc's stack-cache lock): in a handler
 * that interrupted this thread inside malloc, it would deadlock. The kernel runs a handler
 * with its own signal blocked (sigaction adds it, unless SA_NODEFER), so a thread none of
 * whose blocked signals has a handler is not inside one. A handler with SA_NODEFER could be
 * anywhere: with one installed, no hit counts as safe (the recorder says it waits); but
 * for the faults (crash handlers, the sanitizers' own), which run when the program dies.
 * Only system calls here (rt_sigprocmask, rt_sigaction), all async-signal-safe.
 */
static int live_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
	       sig == SIGTRAP || sig == SIGABRT || sig == SIGSYS;
}

/* A non-fault SA_NODEFER handler installed (its signal is not blocked inside it)? */
static int live_nodefer(void)
{
	struct sigaction sa;
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &sa))
			continue;
		if (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN &&
		    (sa.sa_flags & SA_NODEFER) && !live_fault(sig))
			return 1;
	}
	return 0;
}

static int live_hit_safe(void)
{
	/* Relaxed: a cache; threads that race both scan, and agree. Once per request. */
	static uint32_t scanned = ~0u;
	static int nodefer;
	uint32_t seq = __atomic_load_n(&tpoint__live_ctl.seq, __ATOMIC_RELAXED);
	struct sigaction sa;
	sigset_t cur;
	int sig;

	if (__atomic_load_n(&scanned, __ATOMIC_RELAXED) != seq) {
		__atomic_store_n(&nodefer, live_nodefer(), __ATOMIC_RELAXED);
		__atomic_store_n(&scanned, seq, __ATOMIC_RELAXED);
	}
	if (__atomic_load_n(&nodefer, __ATOMIC_RELAXED) || pthread_sigmask(SIG_BLOCK, NULL, &cur))
		return 0;
	if (sigisemptyset(&cur))
		return 1;	/* one system call, the common case */
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(&cur, sig) && !sigaction(sig, NULL, &sa) &&
		    sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN)
			return 0;	/* maybe inside its handler */
	return 1;
}

void tpoint__live_poll(void)
{
	uint32_t want = TPOINT__LIVE_REQUEST;
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t t;
	int saved = errno, err;	/* the program's errno: a hit must not change it */

	/*
	 * Maybe in a signal handler: a later hit takes it. Else acquire: the request (sock,
	 * seq, recorder), which the recorder wrote with one process_vm_writev before the state
	 * with another, is read after this. One thread wins.
	 */
	if (!live_hit_safe() ||
	    !__atomic_compare_exchange_n(&tpoint__live_ctl.state, &want, TPOINT__LIVE_ATTACHING,
					 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		errno = saved;
		return;
	}
	/* The thread takes no signal of the program's. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_attr_init(&attr);
	if (!err) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		err = pthread_create(&t, &attr, live_thread, NULL);
		pthread_attr_destroy(&attr);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		tpoint__live_ctl.error = err;
		live_state(TPOINT__LIVE_IDLE);
	}
	errno = saved;
}
