/* SPDX-License-Identifier: MIT */
/*
 * procfs.h - what /proc says of a process (procfs.c), read by those that look at a traced
 * program from outside: its file mappings (pidattach.c, usyms.c) and its ids.
 */
#ifndef TPOINT_PROCFS_H
#define TPOINT_PROCFS_H

/* A file mapping: one line of /proc/PID/maps. */
struct proc_map {
	unsigned long long start, end, off;	/* its range, and the file offset at start */
	unsigned long long dev, ino;		/* the file: its device and inode */
	char name[4097];			/* its path, as the process sees it */
};

/* @line of /proc/PID/maps: 1 with *@m when it maps a file (a path, an inode), else 0. */
int proc_map_line(const char *line, struct proc_map *m);
/* @pid's "Tgid:" and "PPid:" (@ppid may be NULL), as the kernel says: 0, or -1. */
int proc_status(int pid, int *tgid, int *ppid);

#endif /* TPOINT_PROCFS_H */
