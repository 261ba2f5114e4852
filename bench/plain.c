// SPDX-License-Identifier: MIT
/* plain.c - the startup baseline: the same main with no tracer linked in. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void)
{
	const char *s = getenv("TPOINT_BENCH_T0");
	struct timespec ts;
	struct dirent *d;
	DIR *dir;
	uint64_t now;
	int nt = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	dir = opendir("/proc/self/task");
	while (dir && (d = readdir(dir)))
		nt += d->d_name[0] != '.';
	if (dir)
		closedir(dir);
	printf("startup %llu %d\n", s ? (unsigned long long)(now - strtoull(s, NULL, 10)) : 0ull, nt);
	return 0;
}
