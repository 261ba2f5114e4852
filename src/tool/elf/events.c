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

/* The format text of one event, as a running program's tpoint_event_format() gives it. */
#define EV_FMT_LEN 65536
#define EV_MAX_FIELDS 4096	/* an event claiming more is not read (a corrupt table) */

/*
 * tpoint_event_format() asks an event for its fields through the class's fields() function,
 * which takes no argument: the copy being formatted is named here. The tool reads ELF files
 * from one thread.
 */
static const struct tpoint_field *offline_fields;
static unsigned int offline_nr;

static const struct tpoint_field *offline_fields_fn(unsigned int *nr)
{
	*nr = offline_nr;
	return offline_fields;
}

/* The fields array of the class whose fields() is at @fn (its __tpoint_fields_refs entry). */
static uint64_t ev_fields_ref(const struct elf *e, uint64_t fn, uint64_t *cnt)
{
	const Elf64_Shdr *refs = elf_section(e, "__tpoint_fields_refs");
	uint64_t i, n;

	if (!refs)
		return 0;
	n = refs->sh_size / sizeof(struct tpoint_fields_ref);
	for (i = 0; i < n; i++) {
		uint64_t a = refs->sh_addr + i * sizeof(struct tpoint_fields_ref);

		if (elf_ptr_at(e, a + offsetof(struct tpoint_fields_ref, fn)) == fn) {
			const uint64_t *c = elf_at(e, a + offsetof(struct tpoint_fields_ref, nr), 8);

			*cnt = c ? *c : 0;
			return elf_ptr_at(e, a + offsetof(struct tpoint_fields_ref, fields));
		}
	}
	return 0;
}

/*
 * The fields of the class whose fields() is at @fn: copied, strings and all, up to the
 * first that cannot be read; @nr says how many. NULL when there are none to read.
 */
static struct tpoint_field *ev_fields_read(const struct elf *e, uint64_t fn, unsigned int *nr)
{
	struct tpoint_field *out;
	uint64_t i, arr, cnt = 0;

	arr = ev_fields_ref(e, fn, &cnt);
	if (!arr || cnt > EV_MAX_FIELDS)
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
		out[i].type = elf_str_ptr_at(e, a + offsetof(struct tpoint_field, type));
		out[i].name = elf_str_ptr_at(e, a + offsetof(struct tpoint_field, name));
		if (!out[i].type || !out[i].name)
			break;
	}
	*nr = (unsigned int)i;
	return out;
}

static void ev_fields_free(struct tpoint_field *f, unsigned int nr)
{
	unsigned int i;

	for (i = 0; f && i <= nr; i++) {
		free((char *)f[i].type);
		free((char *)f[i].name);
	}
	free(f);
}

/* An object's TRACE_DEFINE_ENUM/SIZEOF values, as its module gives them to the format code. */
struct ev_enums {
	struct tpoint_enum_map *maps;
	const struct tpoint_enum_map **mapp;	/* what tpoint_module.enum_start points to */
	uint64_t n;
};

/* __tpoint_enums_ptrs, pointed to by @mod: the print fmt then reads as the program's would. */
static void ev_enums_read(const struct elf *e, struct ev_enums *en, struct tpoint_module *mod)
{
	const Elf64_Shdr *enums = elf_section(e, "__tpoint_enums_ptrs");
	uint64_t i;

	memset(en, 0, sizeof(*en));
	memset(mod, 0, sizeof(*mod));
	mod->struct_size = sizeof(*mod);
	if (!enums)
		return;
	en->n = enums->sh_size / 8;
	en->maps = calloc(en->n + 1, sizeof(*en->maps));
	en->mapp = calloc(en->n + 1, sizeof(*en->mapp));
	for (i = 0; en->maps && en->mapp && i < en->n; i++) {
		uint64_t m = elf_ptr_at(e, enums->sh_addr + i * 8);
		const unsigned long *v = elf_at(e, m + offsetof(struct tpoint_enum_map, value), 8);

		en->maps[i].system = elf_str_ptr_at(e, m);
		en->maps[i].name = elf_str_ptr_at(e, m + 8);
		en->maps[i].value = v ? *v : 0;
		en->mapp[i] = &en->maps[i];
	}
	if (en->maps && en->mapp) {
		mod->enum_start = en->mapp;
		mod->enum_stop = en->mapp + en->n;
	}
}

static void ev_enums_free(struct ev_enums *en)
{
	uint64_t i;

	for (i = 0; en->maps && i < en->n; i++) {
		free((char *)en->maps[i].system);
		free((char *)en->maps[i].name);
	}
	free(en->maps);
	free(en->mapp);
}

/* The format text of @ev with @fields in @fmt (EV_FMT_LEN bytes); NULL, @fmt freed, if none. */
static char *ev_format(struct tpoint_event *ev, const struct tpoint_field *fields,
		       unsigned int nr, char *fmt)
{
	ev->id = 0;
	offline_fields = fields;
	offline_nr = fields ? nr : 0;
	ev->fields = offline_fields_fn;
	if (tpoint_event_format(ev, fmt, EV_FMT_LEN) >= 0)
		return fmt;
	free(fmt);
	return NULL;
}

/* The event whose struct tpoint_event is at @a, defined by @path; NULL if it is corrupted. */
static struct elf_event *ev_read(const struct elf *e, uint64_t a, struct tpoint_module *mod,
				 const char *path)
{
	struct tpoint_field *fields;
	struct tpoint_event ev;
	struct elf_event *out;
	unsigned int nr = 0;
	char *fmt;

	memset(&ev, 0, sizeof(ev));
	ev.struct_size = sizeof(ev);
	ev.system = elf_str_ptr_at(e, a + offsetof(struct tpoint_event, system));
	ev.name = elf_str_ptr_at(e, a + offsetof(struct tpoint_event, name));
	ev.print_fmt = elf_str_ptr_at(e, a + offsetof(struct tpoint_event, print_fmt));
	fields = ev_fields_read(e, elf_ptr_at(e, a + offsetof(struct tpoint_event, fields)), &nr);
	out = calloc(1, sizeof(*out));
	fmt = malloc(EV_FMT_LEN);
	if (!ev.system || !ev.name || !ev.print_fmt || !out || !fmt) {
		free((char *)ev.system);
		free((char *)ev.name);
		free(out);
		free(fmt);
		out = NULL;
	} else {
		ev.module = mod;
		out->system = (char *)ev.system;
		out->name = (char *)ev.name;
		out->format = ev_format(&ev, fields, nr, fmt);
		out->object = strdup(path);
	}
	free((char *)ev.print_fmt);
	ev_fields_free(fields, nr);
	return out;
}

/* The events of @path appended at @tail. Return: 0 (none is not an error), or -1 with @err. */
static int object_events(const char *path, struct elf_event ***tail, char *err, size_t errlen)
{
	struct tpoint_module mod;
	const Elf64_Shdr *evs;
	struct elf_event *out;
	struct ev_enums en;
	struct elf e;
	uint64_t i, n;
	int ret = -1;

	if (elf_open(&e, path, err, errlen))
		goto out;
	ret = 0;
	evs = elf_section(&e, "__tpoint_events_ptrs");
	if (!evs)
		goto out;
	ev_enums_read(&e, &en, &mod);
	n = evs->sh_size / 8;
	for (i = 0; i < n; i++) {
		out = ev_read(&e, elf_ptr_at(&e, evs->sh_addr + i * 8), &mod, path);
		if (!out) {
			snprintf(err, errlen, "%s: corrupted __tpoint_events_ptrs entry %llu", path,
				 (unsigned long long)i);
			ret = -1;
			break;
		}
		**tail = out;
		*tail = &out->next;
	}
	ev_enums_free(&en);
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
