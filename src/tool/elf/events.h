/* SPDX-License-Identifier: MIT */
/* elf/events.h - the events an ELF object defines, without running it (elf/events.c). */
#ifndef TPOINT_ELF_EVENTS_H
#define TPOINT_ELF_EVENTS_H

#include <stddef.h>

struct elf_event {
	char *system, *name;
	char *format;			/* the format text, as the running program would give */
	char *object;			/* the file that defines it */
	struct elf_event *next;
};

/*
 * elf_events() - the events of @path and, with @with_libs, of the libraries it needs (those
 * that cannot be read are passed over), in the order of their sections.
 * Return: the list, or NULL with a message in @err (@path unreadable or corrupted, or no
 * events at all). Free it with elf_events_free().
 */
struct elf_event *elf_events(const char *path, int with_libs, char *err, size_t errlen);
void elf_events_free(struct elf_event *list);

#endif /* TPOINT_ELF_EVENTS_H */
