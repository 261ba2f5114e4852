// SPDX-License-Identifier: MIT
/*
 * rec-prog.c - the program the record tests run under `tpoint record`:
 *
 *   rec-prog exit CODE            fire 10 ticks, exit with CODE
 *   rec-prog burst N [THREADS]    fire N ticks (and a blob every 8th) from THREADS threads;
 *                                 prints "fired F" (F: ticks + blobs)
 *   rec-prog threads T M [pin] [timer]
 *                                 T threads (up to 1024) fire rec_seq(t, 0..M-1), all pinned
 *                                 to CPU 0 with "pin"; with "timer", each thread's timer
 *                                 signal handler fires rec_seq(1000 + t, 0..) every 50 us;
 *                                 prints "fired F"
 *   rec-prog clock N US           fire rec_seq(7, i) N times, US microseconds apart, each
 *                                 between two CLOCK_MONOTONIC reads: prints "i before after"
 *   rec-prog kills N              N times: fire rec_seq(8, i), then send itself SIGUSR1
 *                                 (blocked): each user event just before a kernel one
 *   rec-prog big N LEN            fire N ticks and N blobs of LEN bytes (too big for a page
 *                                 from LEN 4061): prints "fired F"
 *   rec-prog kill N               fire N ticks, then SIGKILL itself
 *   rec-prog segv N               fire N ticks, then crash (SIGSEGV)
 *   rec-prog fork N               fire N ticks in the parent and N in a forked child
 *   rec-prog dlopen LIB           fire a tick, then dlopen LIB and call its dlprov_fire(7)
 *   rec-prog loop                 fire a tick every millisecond until SIGTERM/SIGINT
 *   rec-prog touch FILE           fire 10 ticks, then create FILE ("made by rec-prog"):
 *                                 shows that it ran, or makes a file the recorder must
 *                                 not replace
 *   rec-prog signals N            fork a target, send it N signals: every 5th SIGWINCH, the
 *                                 rest SIGUSR1 (odd) or SIGUSR2 (even); print the counts and
 *                                 the two pids: "sent usr1 U usr2 V winch W sender S target T"
 *   rec-prog live T DIR           T threads (up to 64) fire rec_seq(t, 0, 1, ...) without end
 *                                 (a 100 us pause every 16), and rec_tick every 100th; DIR/ready is
 *                                 made once they run; when DIR/stop appears they stop, and it
 *                                 prints "enabled E" (rec_seq's key: an attached recorder
 *                                 left it on?) and "fired t N" per thread; when DIR/exec
 *                                 appears they stop and it execs itself as "rec-prog loop".
 *                                 For record -p.
 *   rec-prog shrink               fire a tick, then try to shrink the session memfd
 *                                 (TPOINT_SESSION_FD) to one page: prints "shrink ok" or
 *                                 "shrink refused", then fires 10 ticks more
 *   rec-prog fds                  fire a tick, then print each descriptor it holds but the
 *                                 one listing them: "fd N TARGET" (readlink of /proc/self/fd/N)
 */
#include <dirent.h>
#include <dlfcn.h>
#include <sched.h>
#include <time.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CREATE_TRACE_POINTS
#include "rec-events.h"

static long per_thread;
static long fired_total;	/* atomic */

static void *burst(void *arg)
{
	unsigned char buf[300];
	long i, fired = 0;

	(void)arg;
	memset(buf, 0xab, sizeof(buf));
	for (i = 0; i < per_thread; i++) {
		trace_rec_tick((int)i, i * 3, "hello");
		fired++;
		if (i % 8 == 0) {
			trace_rec_blob((int)i, buf, (int)(i % 300));
			fired++;
		}
	}
	__atomic_fetch_add(&fired_total, fired, __ATOMIC_RELAXED);
	return NULL;
}

static int seq_pin, seq_timer;
static __thread int seq_stream = -1;
static __thread unsigned int seq_sig;

static void on_seq_timer(int sig)
{
	(void)sig;
	if (seq_stream >= 0)
		trace_rec_seq(1000 + seq_stream, seq_sig++);
}

static void *seq_thread(void *arg)
{
	struct itimerspec its = { { 0, 50000 }, { 0, 50000 } };
	struct sigevent sev;
	unsigned int i;
	timer_t timer;
	sigset_t set;

	if (seq_pin) {
		cpu_set_t cpus;

		CPU_ZERO(&cpus);
		CPU_SET(0, &cpus);
		pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus);
	}
	seq_stream = (int)(long)arg;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGALRM;
	sev._sigev_un._tid = gettid();
	if (seq_timer && (timer_create(CLOCK_MONOTONIC, &sev, &timer) ||
			  timer_settime(timer, 0, &its, NULL)))
		abort();
	for (i = 0; i < (unsigned int)per_thread; i++)
		trace_rec_seq(seq_stream, i);
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);	/* a pending one dies with the thread */
	if (seq_timer)
		timer_delete(timer);
	__atomic_fetch_add(&fired_total, per_thread + (long)seq_sig, __ATOMIC_RELAXED);
	return NULL;
}

static unsigned long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

/* rec-prog clock N US | rec-prog kills N */
static int clock_main(int argc, char **argv)
{
	long n = atol(argv[2]), us = argc > 3 ? atol(argv[3]) : 0, i;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (i = 0; i < n; i++) {
		unsigned long long before = mono_ns(), after;

		if (!strcmp(argv[1], "kills")) {
			trace_rec_seq(8, (unsigned int)i);
			kill(getpid(), SIGUSR1);
			continue;
		}
		trace_rec_seq(7, (unsigned int)i);
		after = mono_ns();
		printf("%ld %llu %llu\n", i, before, after);
		if (us)
			usleep((useconds_t)us);
	}
	return 0;
}

/* rec-prog threads T M [pin] [timer] */
static int seq_main(int argc, char **argv)
{
	int threads = atoi(argv[2]), t, i;
	pthread_t *th;

	per_thread = argc > 3 ? atol(argv[3]) : 1000;
	for (i = 4; i < argc; i++) {
		seq_pin |= !strcmp(argv[i], "pin");
		seq_timer |= !strcmp(argv[i], "timer");
	}
	if (threads < 1 || threads > 1024 || per_thread < 0)
		return 2;
	signal(SIGALRM, on_seq_timer);
	th = calloc((size_t)threads, sizeof(*th));
	for (t = 0; th && t < threads; t++)
		if (pthread_create(&th[t], NULL, seq_thread, (void *)(long)t))
			abort();
	for (t = 0; th && t < threads; t++)
		pthread_join(th[t], NULL);
	free(th);
	printf("fired %ld\n", fired_total);
	return 0;
}

/* rec-prog fds: what a traced program inherits from its tracer */
static int fds_main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	trace_rec_tick(0, 0, "fds");
	if (!d) {
		perror("/proc/self/fd");
		return 1;
	}
	while ((de = readdir(d))) {
		char path[300], target[4096];
		ssize_t n;

		if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		printf("fd %s %s\n", de->d_name, target);
	}
	closedir(d);
	return 0;
}

static volatile sig_atomic_t stop;

static int live_stop;		/* atomic */
static long live_fired[64];

static void *live_thread(void *arg)
{
	int t = (int)(long)arg;
	unsigned int i;

	/* Relaxed: only tells the loop to end; pthread_join orders live_fired. */
	for (i = 0; !__atomic_load_n(&live_stop, __ATOMIC_RELAXED); i++) {
		trace_rec_seq(t, i);
		if (i % 100 == 0)
			trace_rec_tick(t, (long)i, "live");
		if (i % 16 == 0)
			usleep(100);
	}
	live_fired[t] = i;
	return NULL;
}

static int live_main(int threads, const char *dir)
{
	char path[4096], xpath[4096];
	pthread_t th[64];
	FILE *fp;
	int t;

	if (threads < 1 || threads > 64)
		threads = 1;
	for (t = 0; t < threads; t++)
		pthread_create(&th[t], NULL, live_thread, (void *)(long)t);
	snprintf(path, sizeof(path), "%s/ready", dir);
	fp = fopen(path, "w");
	if (fp)
		fclose(fp);
	snprintf(path, sizeof(path), "%s/stop", dir);
	snprintf(xpath, sizeof(xpath), "%s/exec", dir);
	while (access(path, F_OK) != 0 && access(xpath, F_OK) != 0)
		usleep(10000);
	__atomic_store_n(&live_stop, 1, __ATOMIC_RELAXED);
	for (t = 0; t < threads; t++)
		pthread_join(th[t], NULL);
	if (access(xpath, F_OK) == 0) {
		execl("/proc/self/exe", "rec-prog", "loop", (char *)NULL);
		return 127;
	}
	printf("enabled %d\n", trace_rec_seq_enabled());
	for (t = 0; t < threads; t++)
		printf("fired %d %ld\n", t, live_fired[t]);
	return 0;
}

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "exit";
	long n = argc > 2 ? atol(argv[2]) : 10, i;

	if (!strcmp(mode, "exit")) {
		for (i = 0; i < 10; i++)
			trace_rec_tick((int)i, i, "exit");
		return (int)n;
	}
	if (!strcmp(mode, "burst")) {
		int threads = argc > 3 ? atoi(argv[3]) : 1, t;
		pthread_t th[64];

		if (threads < 1 || threads > 64)
			threads = 1;
		per_thread = n;
		for (t = 0; t < threads; t++)
			pthread_create(&th[t], NULL, burst, NULL);
		for (t = 0; t < threads; t++)
			pthread_join(th[t], NULL);
		printf("fired %ld\n", fired_total);
		return 0;
	}
	if (!strcmp(mode, "threads") && argc > 2)
		return seq_main(argc, argv);
	if ((!strcmp(mode, "clock") || !strcmp(mode, "kills")) && argc > 2)
		return clock_main(argc, argv);
	if (!strcmp(mode, "big")) {	/* big N LEN: N ticks and N blobs of LEN bytes */
		long len = argc > 3 ? atol(argv[3]) : 5000;
		unsigned char *buf = calloc(1, (size_t)len);

		for (i = 0; buf && i < n; i++) {
			trace_rec_tick((int)i, i, "small");
			trace_rec_blob((int)i, buf, (int)len);
		}
		free(buf);
		printf("fired %ld\n", 2 * n);
		return 0;
	}
	if (!strcmp(mode, "kill") || !strcmp(mode, "segv")) {
		for (i = 0; i < n; i++)
			trace_rec_tick((int)i, i, "before the end");
		if (!strcmp(mode, "kill"))
			raise(SIGKILL);
		*(volatile int *)(long)argc = 0;	/* SIGSEGV */
		return 0;
	}
	if (!strcmp(mode, "fork")) {
		pid_t pid = fork();

		for (i = 0; i < n; i++)
			trace_rec_tick((int)i, i, pid ? "parent" : "child");
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
		return 0;
	}
	if (!strcmp(mode, "dlopen") && argc > 2) {
		void *h;
		void (*fire)(int);

		trace_rec_tick(1, 1, "before dlopen");
		h = dlopen(argv[2], RTLD_NOW);
		fire = h ? (void (*)(int))dlsym(h, "dlprov_fire") : NULL;
		if (!fire) {
			fprintf(stderr, "rec-prog: %s\n", dlerror());
			return 1;
		}
		fire(7);
		return 0;
	}
	if (!strcmp(mode, "signals")) {
		long usr1 = 0, usr2 = 0, winch = 0;
		sigset_t all;
		pid_t target;
		int st;

		sigemptyset(&all);
		sigaddset(&all, SIGUSR1);
		sigaddset(&all, SIGUSR2);
		sigaddset(&all, SIGWINCH);
		sigprocmask(SIG_BLOCK, &all, NULL);	/* the target inherits it: no delivery */
		target = fork();
		if (target == 0) {
			pause();	/* until SIGTERM */
			_exit(0);
		}
		for (i = 0; i < n; i++) {
			int sig = i % 5 == 0 ? SIGWINCH : (i & 1) ? SIGUSR1 : SIGUSR2;

			kill(target, sig);
			usr1 += sig == SIGUSR1;
			usr2 += sig == SIGUSR2;
			winch += sig == SIGWINCH;
		}
		kill(target, SIGTERM);
		waitpid(target, &st, 0);
		printf("sent usr1 %ld usr2 %ld winch %ld sender %d target %d\n", usr1, usr2, winch,
		       (int)getpid(), (int)target);
		return 0;
	}
	if (!strcmp(mode, "fds"))
		return fds_main();
	if (!strcmp(mode, "shrink")) {
		const char *fd = getenv("TPOINT_SESSION_FD");

		trace_rec_tick(0, 0, "before");
		printf("shrink %s\n", fd && ftruncate(atoi(fd), 4096) == 0 ? "ok" : "refused");
		for (i = 1; i <= 10; i++)
			trace_rec_tick((int)i, i, "after");
		return 0;
	}
	if (!strcmp(mode, "live") && argc > 3)
		return live_main(atoi(argv[2]), argv[3]);
	if (!strcmp(mode, "touch") && argc > 2) {
		FILE *fp;

		for (i = 0; i < 10; i++)
			trace_rec_tick((int)i, i, "touch");
		fp = fopen(argv[2], "w");
		if (!fp || fputs("made by rec-prog\n", fp) == EOF || fclose(fp) != 0) {
			perror(argv[2]);
			return 1;
		}
		return 0;
	}
	if (!strcmp(mode, "loop")) {
		signal(SIGTERM, on_stop);
		signal(SIGINT, on_stop);
		for (i = 0; !stop; i++) {
			trace_rec_tick((int)i, i, "loop");
			usleep(1000);
		}
		return 0;
	}
	fprintf(stderr, "rec-prog: unknown mode '%s'\n", mode);
	return 2;
}
