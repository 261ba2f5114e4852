// SPDX-License-Identifier: MIT
/* usyms.c - the traced processes' functions, as kallsyms lines (usyms.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/elf.h"
#include "procfs.h"
#include "usyms.h"

/* Bounds, the processes being the traced program's: objects read, bytes of lines. */
#define USYMS_MAX_OBJS		4096
#define USYMS_MAX_TEXT		(64u << 20)
#define USYMS_MAX_PIDS		4096

/* An object read: its file, where a process maps its offset 0 (its load bias follows). */
struct usyms_obj {
	unsigned long long dev, ino;
	uint64_t start;
};

struct usyms_add {
	struct usyms *u;
	uint64_t bias;
	uint64_t lo, hi;		/* where the process maps the object: what may be named */
	const char *object;		/* its file's name, for the [module] column */
};

/* A name that a kallsyms line holds as it is: printable, no blank. */
static int usyms_name_ok(const char *name)
{
	for (; *name; name++)
		if ((unsigned char)*name <= 0x20 || (unsigned char)*name >= 0x7f)
			return 0;
	return 1;
}

/*
 * @e's __tracepoint_str: each pointer's string, at load bias @bias, as a printk format
 * line. A string a line cannot hold as it is (a quote, a control byte) is left out.
 */
static void usyms_strings(struct usyms *u, const struct elf *e, const struct usyms_add *a)
{
	uint64_t bias = a->bias;
	const Elf64_Shdr *s = elf_section(e, "__tracepoint_str");
	uint64_t i;

	for (i = 0; s && s->sh_type == SHT_PROGBITS && i + 8 <= s->sh_size && i < (1u << 20);
	     i += 8) {
		uint64_t at = elf_ptr_at(e, s->sh_addr + i);
		char *str = at ? elf_str_at(e, at) : NULL, line[1100];
		size_t k;
		int n;

		for (k = 0; str && str[k] && str[k] != '"' && (unsigned char)str[k] >= 0x20; k++)
			;
		if (str && !str[k] && k < 1024 && bias + at >= a->lo && bias + at < a->hi) {
			n = snprintf(line, sizeof(line), "0x%llx : \"%s\"\n",
				     (unsigned long long)(bias + at), str);
			if (n > 0 && (size_t)n < sizeof(line))
				tool_text_add(&u->strings, line, (size_t)n, USYMS_MAX_TEXT);
		}
		free(str);
	}
}

static void usyms_func(void *arg, uint64_t addr, const char *name)
{
	struct usyms_add *a = arg;
	char line[512];
	int n;

	/* The file is the program's: only what lies in its mappings, under a plain name. */
	if (a->bias + addr < a->lo || a->bias + addr >= a->hi || !usyms_name_ok(name))
		return;
	n = snprintf(line, sizeof(line), "%016llx t %.400s\t[%.64s]\n",
		     (unsigned long long)(a->bias + addr), name, a->object);
	if (n > 0 && (size_t)n < sizeof(line))
		tool_text_add(&a->u->funcs, line, (size_t)n, USYMS_MAX_TEXT);
}

/* Has @o been read? Else remember it: 1 when new. */
static int usyms_new(struct usyms *u, const struct usyms_obj *o)
{
	struct usyms_obj *no;
	size_t i;

	for (i = 0; i < u->nr_objs; i++)
		if (u->objs[i].dev == o->dev && u->objs[i].ino == o->ino &&
		    u->objs[i].start == o->start)
			return 0;
	if (u->nr_objs == USYMS_MAX_OBJS ||
	    !(no = realloc(u->objs, (u->nr_objs + 1) * sizeof(*no))))
		return 0;
	u->objs = no;
	u->objs[u->nr_objs++] = *o;
	return 1;
}

static void usyms_extent(FILE *f, const struct proc_map *m, uint64_t *lo, uint64_t *hi);

/*
 * The object @pid maps at @m's start (its offset 0), called @path there: read once, what it
 * names kept to where @pid maps it (its mappings in @maps).
 */
static void usyms_object(struct usyms *u, int pid, FILE *maps, const struct proc_map *m)
{
	const char *path = m->name;
	struct usyms_obj o = { m->dev, m->ino, m->start };
	uint64_t start = m->start, end = m->end, linked, lo, hi;
	char file[4200], err[256];
	const char *base = strrchr(path, '/');
	struct elf e;

	if (!usyms_new(u, &o))
		return;		/* read already (a fork, another scan), or too many */
	usyms_extent(maps, m, &lo, &hi);

	/*
	 * The very file mapped (as root); else, as the program's own user, by its name from
	 * its root (a path it may change: nothing root should open).
	 */
	snprintf(file, sizeof(file), "/proc/%d/map_files/%llx-%llx", pid,
		 (unsigned long long)start, (unsigned long long)end);
	if (access(file, R_OK) != 0) {
		if (geteuid() == 0)
			return;
		snprintf(file, sizeof(file), "/proc/%d/root%s", pid, path);
	}
	if (elf_open(&e, file, err, sizeof(err)) == 0 && elf_file_base(&e, &linked) == 0 &&
	    start >= linked) {
		struct usyms_add a = { u, start - linked, lo, hi, base ? base + 1 : path };

		elf_functions(&e, usyms_func, &a);
		usyms_strings(u, &e, &a);
	}
	elf_close(&e);
}

/* Where @pid maps file @m (dev, ino): from its lowest mapping to its highest, in @f. */
static void usyms_extent(FILE *f, const struct proc_map *m, uint64_t *lo, uint64_t *hi)
{
	static struct proc_map o;
	char line[4352];
	unsigned int n = 0;

	*lo = m->start;
	*hi = m->end;
	rewind(f);
	while (fgets(line, sizeof(line), f) && n++ < 65536)
		if (proc_map_line(line, &o) && o.dev == m->dev && o.ino == m->ino) {
			*lo = o.start < *lo ? o.start : *lo;
			*hi = o.end > *hi ? o.end : *hi;
		}
}

/* Every object @pid maps that was not read yet. 0, or -1 when its maps cannot be read. */
static int usyms_read(struct usyms *u, int pid)
{
	static struct proc_map m;
	char maps[64], line[4352];
	unsigned int n = 0;
	long at;
	FILE *f;

	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	if (!(f = fopen(maps, "re")))
		return -1;
	while (fgets(line, sizeof(line), f) && n++ < 65536) {
		if (!proc_map_line(line, &m) || m.off != 0)
			continue;
		at = ftell(f);
		usyms_object(u, pid, f, &m);
		if (at < 0 || fseek(f, at, SEEK_SET))
			break;
	}
	fclose(f);
	return 0;
}

void usyms_root(struct usyms *u, int pid)
{
	if (pid > 0 && u->nr_roots < sizeof(u->roots) / sizeof(u->roots[0]))
		u->roots[u->nr_roots++] = pid;
}

/* Is @pid a process (not a thread's id) that is, or descends from, a root? */
static int usyms_traced(const struct usyms *u, int pid)
{
	int tgid, ppid, depth, p = pid;
	size_t i;

	if (proc_status(pid, &tgid, &ppid) || tgid != pid)
		return 0;
	for (depth = 0; depth < 256 && p > 1; depth++) {
		for (i = 0; i < u->nr_roots; i++)
			if (u->roots[i] == p)
				return 1;
		if (proc_status(p, &tgid, &ppid))
			return 0;
		p = ppid;
	}
	return 0;
}

int usyms_scan(struct usyms *u, int pid)
{
	int *np;
	size_t i;

	for (i = 0; i < u->nr_pids; i++)
		if (u->pids[i] == pid)
			return 0;
	if (!usyms_traced(u, pid))
		return -1;
	if (u->nr_pids == USYMS_MAX_PIDS || !(np = realloc(u->pids, (u->nr_pids + 1) * sizeof(*np))))
		return -1;
	u->pids = np;
	u->pids[u->nr_pids++] = pid;
	return usyms_read(u, pid);
}

void usyms_rescan(struct usyms *u)
{
	size_t i;

	for (i = 0; i < u->nr_pids; i++)
		if (usyms_traced(u, u->pids[i]))	/* not a pid reused since */
			usyms_read(u, u->pids[i]);
}

void usyms_free(struct usyms *u)
{
	free(u->funcs.text);
	free(u->strings.text);
	free(u->objs);
	free(u->pids);
	memset(u, 0, sizeof(*u));
}
