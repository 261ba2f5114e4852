// SPDX-License-Identifier: MIT
/* procfs.c - what /proc says of a process (procfs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "procfs.h"

int proc_map_line(const char *line, struct proc_map *m)
{
	unsigned int maj, min;

	m->name[0] = '\0';
	if (sscanf(line, "%llx-%llx %*s %llx %x:%x %llu %4096[^\n]", &m->start, &m->end, &m->off,
		   &maj, &min, &m->ino, m->name) < 7 || m->name[0] != '/' || !m->ino)
		return 0;
	/* A file is its device and inode: the same inode on two file systems is two. */
	m->dev = (unsigned long long)makedev(maj, min);
	return 1;
}

int proc_status(int pid, int *tgid, int *ppid)
{
	char path[64], line[256];
	int pp = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (!(f = fopen(path, "re")))
		return -1;
	*tgid = -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Tgid:", 5))
			*tgid = atoi(line + 5);
		else if (!strncmp(line, "PPid:", 5))
			pp = atoi(line + 5);
	}
	fclose(f);
	if (ppid)
		*ppid = pp;
	return *tgid < 0 || pp < 0 ? -1 : 0;
}
