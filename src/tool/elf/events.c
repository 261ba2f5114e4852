// SPDX-License-Identifier: MIT
/*
 * elf/events.c - the events an executable or a library defines, read from its ELF sections
 * without running it, and from the libraries it needs.
 *
 * __tpoint_events_ptrs holds pointers to the struct tpoint_event of each event, read
 * through the relocations (elf/elf.c). The fields come from __tpoint_fields_refs, which
 * pairs each class's fields() function with the array it returns. The format text is then
 * made by the same code a running program uses (tpoint_event_format), on a copy of the event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tpoint/tpoint.h>

#include "elf/elf.h"
#include "elf/events.h"
#include "elf/libpath.h"

static const struct tpoint_field *offline_fields;
static unsigned int offline_nr;

static const struct tpoint_field *offline_fields_fn(unsigned int *nr)
{
	*nr = offline_nr;
	return offline_fields;
}

/* The fields of the class whose fields() is at @fn: copied, strings and all. */
static struct tpoint_field *read_fields(const struct elf *e, uint64_t fn, unsigned int *nr)
{
	const Elf64_Shdr *refs = elf_section(e, "__tpoint_fields_refs");
	struct tpoint_field *out;
	uint64_t i, n, arr = 0, cnt = 0;

	if (!refs)
		return NULL;
	n = refs->sh_size / sizeof(struct tpoint_fields_ref);
	for (i = 0; i < n; i++) {
		uint64_t a = refs->sh_addr + i * sizeof(struct tpoint_fields_ref);

		if (elf_ptr_at(e, a + offsetof(struct tpoint_fields_ref, fn)) == fn) {
			const uint64_t *c = elf_at(e, a + offsetof(struct tpoint_fields_ref, nr), 8);

			arr = elf_ptr_at(e, a + offsetof(struct tpoint_fields_ref, fields));
			cnt = c ? *c : 0;
			break;
		}
	}
	if (!arr || cnt > 4096)
		return NULL;
	out = calloc(cnt + 1, sizeof(*out));
	if (!out)
		return NULL;
	for (i = 0; i < cnt; i++) {
		uint64_t a = arr + i * sizeof(struct tpoint_field);
		const struct tpoint_field *raw = elf_at(e, a, sizeof(*raw));

		if (!raw)
			break;
		out[i] = *raw;
		out[i].type = elf_str_at(e, elf_ptr_at(e, a + offsetof(struct tpoint_field, type)));
		out[i].name = elf_str_at(e, elf_ptr_at(e, a + offsetof(struct tpoint_field, name)));
		if (!out[i].type || !out[i].name)
			break;
	}
	*nr = (unsigned int)i;
	return out;
}

static void free_fields(struct tpoint_field *f, unsigned int nr)
{
	unsigned int i;

	for (i = 0; f && i <= nr; i++) {
		free((char *)f[i].type);
		free((char *)f[i].name);
	}
	free(f);
}

static int object_events(const char *path, struct elf_event ***tail, char *err, size_t errlen)
{
	struct elf e;
	const Elf64_Shdr *evs, *enums;
	struct tpoint_enum_map *maps = NULL;
	const struct tpoint_enum_map **mapp = NULL;
	struct tpoint_module mod;
	uint64_t i, n, nmaps = 0;
	int ret = -1;

	if (elf_open(&e, path, err, errlen))
		goto out;
	ret = 0;
	evs = elf_section(&e, "__tpoint_events_ptrs");
	if (!evs)
		goto out;
	/* TRACE_DEFINE_ENUM/SIZEOF values, so the print fmt reads as the program's would. */
	memset(&mod, 0, sizeof(mod));
	mod.struct_size = sizeof(mod);
	enums = elf_section(&e, "__tpoint_enums_ptrs");
	if (enums) {
		nmaps = enums->sh_size / 8;
		maps = calloc(nmaps + 1, sizeof(*maps));
		mapp = calloc(nmaps + 1, sizeof(*mapp));
		for (i = 0; maps && mapp && i < nmaps; i++) {
			uint64_t m = elf_ptr_at(&e, enums->sh_addr + i * 8);
			const unsigned long *v = elf_at(&e, m + offsetof(struct tpoint_enum_map, value),
							8);

			maps[i].system = elf_str_at(&e, elf_ptr_at(&e, m));
			maps[i].name = elf_str_at(&e, elf_ptr_at(&e, m + 8));
			maps[i].value = v ? *v : 0;
			mapp[i] = &maps[i];
		}
		if (maps && mapp) {
			mod.enum_start = mapp;
			mod.enum_stop = mapp + nmaps;
		}
	}
	n = evs->sh_size / 8;
	for (i = 0; i < n; i++) {
		uint64_t a = elf_ptr_at(&e, evs->sh_addr + i * 8);
		struct tpoint_event ev;
		struct tpoint_field *fields;
		struct elf_event *out;
		unsigned int nr = 0;
		char *fmt;
		int len;

		memset(&ev, 0, sizeof(ev));
		ev.struct_size = sizeof(ev);
		ev.system = elf_str_at(&e, elf_ptr_at(&e, a + offsetof(struct tpoint_event, system)));
		ev.name = elf_str_at(&e, elf_ptr_at(&e, a + offsetof(struct tpoint_event, name)));
		ev.print_fmt = elf_str_at(&e, elf_ptr_at(&e, a + offsetof(struct tpoint_event, print_fmt)));
		fields = read_fields(&e, elf_ptr_at(&e, a + offsetof(struct tpoint_event, fields)), &nr);
		out = calloc(1, sizeof(*out));
		fmt = malloc(65536);
		if (!ev.system || !ev.name || !ev.print_fmt || !out || !fmt) {
			snprintf(err, errlen, "%s: corrupted __tpoint_events_ptrs entry %llu", path,
				 (unsigned long long)i);
			free((char *)ev.system);
			free((char *)ev.name);
			free((char *)ev.print_fmt);
			free_fields(fields, nr);
			free(out);
			free(fmt);
			ret = -1;
			break;
		}
		ev.module = &mod;
		ev.id = 0;
		offline_fields = fields;
		offline_nr = fields ? nr : 0;
		ev.fields = offline_fields_fn;
		len = tpoint_event_format(&ev, fmt, 65536);
		out->system = (char *)ev.system;
		out->name = (char *)ev.name;
		out->format = len >= 0 ? fmt : NULL;
		if (len < 0)
			free(fmt);
		out->object = strdup(path);
		free((char *)ev.print_fmt);
		free_fields(fields, nr);
		**tail = out;
		*tail = &out->next;
	}
	for (i = 0; maps && i < nmaps; i++) {
		free((char *)maps[i].system);
		free((char *)maps[i].name);
	}
	free(maps);
	free(mapp);
out:
	elf_close(&e);
	return ret;
}

struct elf_event *elf_events(const char *path, int with_libs, char *err, size_t errlen)
{
	struct elf_event *list = NULL, **tail = &list;
	struct libpath_set s = { NULL, 0 };
	size_t i;
	char e2[512];

	err[0] = '\0';
	if (object_events(path, &tail, err, errlen)) {
		elf_events_free(list);
		return NULL;
	}
	if (with_libs) {
		libpath_set_add(&s, path);
		libpath_set_needed(&s, path);
		for (i = 1; i < s.n; i++)
			object_events(s.paths[i], &tail, e2, sizeof(e2));
		libpath_set_fini(&s);
	}
	if (!list)
		snprintf(err, errlen, "%s: no tpoint events in it or in the libraries it needs", path);
	return list;
}

void elf_events_free(struct elf_event *list)
{
	while (list) {
		struct elf_event *next = list->next;

		free(list->system);
		free(list->name);
		free(list->format);
		free(list->object);
		free(list);
		list = next;
	}
}
