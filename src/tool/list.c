// SPDX-License-Identifier: MIT
/*
 * list.c - `tpoint list`: the events an executable or a library defines, read from its ELF
 * sections without running it, and from the libraries it needs.
 *
 * __tpoint_events_ptrs holds pointers to the struct tpoint_event of each event, read
 * through the relocations (elf/elf.c). The fields come from __tpoint_fields_refs, which
 * pairs each class's fields() function with the array it returns. The format text is then made by the same
 * code a running program uses (tpoint_event_format), on a copy of the event.
 */
#include <getopt.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tpoint/tpoint.h>

#include "elf/elf.h"
#include "tool.h"

/* ---------------------------------------------------------------------------------------- */
/* Events of one object */

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

/* ---------------------------------------------------------------------------------------- */
/* Needed libraries, found as the dynamic linker would (run paths, LD_LIBRARY_PATH, system) */

struct seen {
	char **paths;
	size_t n;
};

static int seen_add(struct seen *s, const char *path)
{
	size_t i;
	char **np;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->paths[i], path))
			return 0;
	np = realloc(s->paths, (s->n + 1) * sizeof(*np));
	if (!np)
		return 0;
	s->paths = np;
	s->paths[s->n] = strdup(path);
	return s->paths[s->n] ? (int)++s->n : 0;
}

static int try_dir(const char *dir, size_t dlen, const char *origin, const char *lib,
		   char *out, size_t outlen)
{
	char d[2048];

	if (dlen >= 7 && !strncmp(dir, "$ORIGIN", 7))
		snprintf(d, sizeof(d), "%s%.*s", origin, (int)(dlen - 7), dir + 7);
	else if (dlen >= 9 && !strncmp(dir, "${ORIGIN}", 9))
		snprintf(d, sizeof(d), "%s%.*s", origin, (int)(dlen - 9), dir + 9);
	else
		snprintf(d, sizeof(d), "%.*s", (int)dlen, dir);
	snprintf(out, outlen, "%s/%s", d, lib);
	return access(out, R_OK) == 0;
}

static int search_path(const char *list, const char *origin, const char *lib, char *out,
		       size_t outlen)
{
	const char *p = list, *c;

	while (p && *p) {
		c = strchr(p, ':');
		if (try_dir(p, c ? (size_t)(c - p) : strlen(p), origin, lib, out, outlen))
			return 1;
		p = c ? c + 1 : NULL;
	}
	return 0;
}

static int find_lib(const char *lib, const char *runpath, const char *origin, char *out,
		    size_t outlen)
{
	static const char *const sys[] = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
					   "/lib64", "/usr/lib64", "/lib", "/usr/lib",
					   "/usr/local/lib" };
	glob_t g;
	size_t i;
	int found = 0;

	if (strchr(lib, '/')) {
		snprintf(out, outlen, "%s", lib);
		return access(out, R_OK) == 0;
	}
	if (runpath && search_path(runpath, origin, lib, out, outlen))
		return 1;
	if (search_path(getenv("LD_LIBRARY_PATH"), origin, lib, out, outlen))
		return 1;
	if (glob("/etc/ld.so.conf.d/*.conf", 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc && !found; i++) {
			FILE *fp = fopen(g.gl_pathv[i], "re");
			char line[4096];

			while (fp && !found && fgets(line, sizeof(line), fp)) {
				line[strcspn(line, "\n")] = '\0';
				if (line[0] == '/')
					found = try_dir(line, strlen(line), origin, lib, out, outlen);
			}
			if (fp)
				fclose(fp);
		}
		globfree(&g);
		if (found)
			return 1;
	}
	for (i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		if (try_dir(sys[i], strlen(sys[i]), origin, lib, out, outlen))
			return 1;
	return 0;
}

/* DT_NEEDED of @path, resolved, appended to @s (which dedupes). */
static void needed(const char *path, struct seen *s)
{
	char err[256], origin[4096], out[4096];
	const Elf64_Shdr *dyn;
	const char *runpath = NULL;
	struct elf e;
	size_t i, n;

	if (elf_open(&e, path, err, sizeof(err)))
		goto out;
	dyn = elf_section(&e, ".dynamic");
	if (!dyn || dyn->sh_link >= e.shnum || dyn->sh_type == SHT_NOBITS)
		goto out;
	tool_dirname(path, origin, sizeof(origin));
	n = dyn->sh_size / sizeof(Elf64_Dyn);
	{
		const Elf64_Dyn *d = (const Elf64_Dyn *)(const void *)(e.map + dyn->sh_offset);
		const Elf64_Shdr *str = &e.sh[dyn->sh_link];

		for (i = 0; i < n; i++)
			if ((d[i].d_tag == DT_RUNPATH || d[i].d_tag == DT_RPATH) &&
			    d[i].d_un.d_val < str->sh_size)
				runpath = (const char *)e.map + str->sh_offset + d[i].d_un.d_val;
		for (i = 0; i < n; i++) {
			const char *lib;

			if (d[i].d_tag != DT_NEEDED || d[i].d_un.d_val >= str->sh_size)
				continue;
			lib = (const char *)e.map + str->sh_offset + d[i].d_un.d_val;
			if (!memchr(lib, '\0', str->sh_size - d[i].d_un.d_val))
				continue;
			if (find_lib(lib, runpath, origin, out, sizeof(out)) && seen_add(s, out))
				needed(out, s);
		}
	}
out:
	elf_close(&e);
}

struct elf_event *elf_events(const char *path, int with_libs, char *err, size_t errlen)
{
	struct elf_event *list = NULL, **tail = &list;
	struct seen s = { NULL, 0 };
	size_t i;
	char e2[512];

	err[0] = '\0';
	if (object_events(path, &tail, err, errlen)) {
		elf_events_free(list);
		return NULL;
	}
	if (with_libs) {
		seen_add(&s, path);
		needed(path, &s);
		for (i = 1; i < s.n; i++)
			object_events(s.paths[i], &tail, e2, sizeof(e2));
		for (i = 0; i < s.n; i++)
			free(s.paths[i]);
		free(s.paths);
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

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct elf_event *list, *ev;
	char err[1024];
	int c, verbose = 0;

	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verbose = 1;
			break;
		case 'h':
			printf("usage: tpoint list [-v] PROGRAM|LIBRARY\n"
			       "  the events PROGRAM (or LIBRARY) and the libraries it needs define,\n"
			       "  read from their ELF files without running them; -v: with formats\n");
			return 0;
		default:
			return 2;
		}
	}
	if (argc - optind != 1) {
		tool_error("list", "give one PROGRAM or LIBRARY (tpoint list ./myprog)");
		return 2;
	}
	list = elf_events(argv[optind], 1, err, sizeof(err));
	if (!list) {
		tool_error("list", "%s", err);
		return 1;
	}
	for (ev = list; ev; ev = ev->next) {
		if (verbose) {
			printf("%s:%s\t(%s)\n", ev->system, ev->name, ev->object);
			if (ev->format)
				printf("%s\n", ev->format);
		} else {
			printf("%s:%s\n", ev->system, ev->name);
		}
	}
	elf_events_free(list);
	return 0;
}
