// SPDX-License-Identifier: MIT
/*
 * snap-prog.c - the program snapshot.t records, in rounds the test paces through files (no
 * timing):
 *
 *   snap-prog DIR ROUNDS N [pin] [tick] [kill]
 *
 * Round r (1..ROUNDS) fires rec_seq(r, 0..N-1); with "tick", then rec_tick(r, r, "round");
 * with "kill", then sends itself SIGUSR2 (blocked: a kernel signal:signal_generate, and
 * nothing else). Then it creates DIR/fired.r and waits for DIR/go.r before the next round
 * (two minutes at most: a test that died leaves no program behind). "pin": on CPU 0 only,
 * so that the events of a round go to one ring, in order. Prints "fired F" at the end.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CREATE_TRACE_POINTS
#include "rec-events.h"

/* Until DIR/go.R exists: 0, or -1 after two minutes. */
static int wait_go(const char *dir, int round)
{
	char path[4096];
	int i;

	snprintf(path, sizeof(path), "%s/go.%d", dir, round);
	for (i = 0; i < 120000; i++) {
		if (access(path, F_OK) == 0)
			return 0;
		usleep(1000);
	}
	fprintf(stderr, "snap-prog: %s did not appear\n", path);
	return -1;
}

static int fired_file(const char *dir, int round)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/fired.%d", dir, round);
	fp = fopen(path, "w");
	if (!fp || fclose(fp)) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 0, tick = 0, sig = 0, r, i;
	long n = argc > 3 ? atol(argv[3]) : 0, fired = 0;
	sigset_t set;

	if (argc < 4 || rounds < 1 || n < 0) {
		fprintf(stderr, "usage: snap-prog DIR ROUNDS N [pin] [tick] [kill]\n");
		return 2;
	}
	for (i = 4; i < argc; i++) {
		tick |= !strcmp(argv[i], "tick");
		sig |= !strcmp(argv[i], "kill");
		if (!strcmp(argv[i], "pin")) {
			cpu_set_t cpus;

			CPU_ZERO(&cpus);
			CPU_SET(0, &cpus);
			if (sched_setaffinity(0, sizeof(cpus), &cpus))
				perror("snap-prog: sched_setaffinity");
		}
	}
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (r = 1; r <= rounds; r++) {
		for (i = 0; i < n; i++)
			trace_rec_seq(r, (unsigned int)i);
		fired += n;
		if (tick) {
			trace_rec_tick(r, r, "round");
			fired++;
		}
		if (sig)
			kill(getpid(), SIGUSR2);
		if (fired_file(argv[1], r) || wait_go(argv[1], r))
			return 1;
	}
	printf("fired %ld\n", fired);
	return 0;
}
