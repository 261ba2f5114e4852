/* SPDX-License-Identifier: MIT */
/*
 * elf/libpath.h - the libraries an ELF object needs, found as the dynamic linker would find
 * them (elf/libpath.c).
 */
#ifndef TPOINT_ELF_LIBPATH_H
#define TPOINT_ELF_LIBPATH_H

#include <stddef.h>

/* Paths, each once, in the order they were added. */
struct libpath_set {
	char **paths;
	size_t n;
};

/* Add @path unless it is there. Return: nonzero when it was added (0: there, or no memory). */
int libpath_set_add(struct libpath_set *s, const char *path);
/*
 * libpath_set_needed() - the libraries @path needs (DT_NEEDED), and theirs, depth-first,
 * added to @s. A file that cannot be read, or a library not found, is passed over.
 */
void libpath_set_needed(struct libpath_set *s, const char *path);
void libpath_set_fini(struct libpath_set *s);

/*
 * libpath_find() - where the dynamic linker would find @lib: a name with a '/' as it is, else
 * in @runpath (':'-separated, $ORIGIN is @origin), LD_LIBRARY_PATH, the directories the
 * .conf files of /etc/ld.so.conf.d/ name, then the system's.
 * Return: 1 with the path in @out, or 0.
 */
int libpath_find(const char *lib, const char *runpath, const char *origin, char *out,
		 size_t outlen);

#endif /* TPOINT_ELF_LIBPATH_H */
