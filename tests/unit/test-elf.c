// SPDX-License-Identifier: MIT
/*
 * test-elf.c - elf/, what `tpoint list` and the -e checks of record/trace read: the events of
 * the built programs, read from their ELF files, against what the programs themselves give
 * when they run (sample --format, dump-formats, rec-prog with libdump-formats.so loaded);
 * the library search; and broken files, each a message and never a crash.
 *
 * This test links libdlprov.so with the run path $ORIGIN, so its own ELF file needs a library
 * that has events. Everything is found beside it: it is BUILD/tests/test-elf.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tpoint/tpoint.h>

#include "elf/elf.h"
#include "elf/events.h"
#include "elf/libpath.h"
#include "../tap.h"
#include "tool.h"

/* libdlprov.so: referenced, so that the linker keeps it in this test's DT_NEEDED. */
void dlprov_fire(int n);
static void (*volatile keep_dlprov)(int) = dlprov_fire;

static char self[PATH_MAX];	/* BUILD/tests/test-elf */
static char tests[PATH_MAX];	/* BUILD/tests */
static char build[PATH_MAX];	/* BUILD */
static char tmp[] = "/tmp/test-elf.XXXXXX";

/* ---------------------------------------------------------------------------------------- */
/* Helpers */

static char *path_of(char *buf, size_t len, const char *dir, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

/* The standard output of a shell command (malloc'd), or NULL when it fails. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
	size_t len = 0, cap = 1 << 16;
	char cmd[8192], *buf;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	buf = malloc(cap);
	if (!buf) {
		pclose(p);
		return NULL;
	}
	while (len < cap - 1 && !feof(p) && !ferror(p))
		len += fread(buf + len, 1, cap - 1 - len, p);
	buf[len] = '\0';
	if (pclose(p) != 0) {
		diag("'%s' failed", cmd);
		free(buf);
		return NULL;
	}
	return buf;
}

/* The line "ID: N" taken out: the id is the registry's, 0 in the file. */
static char *drop_id(char *s)
{
	char *id = s ? strstr(s, "\nID: ") : NULL, *end;

	if (!id)
		return s;
	end = strchr(id + 1, '\n');
	if (end)
		memmove(id, end, strlen(end) + 1);
	else
		*id = '\0';
	return s;
}

/* In dump-formats' output, the text under "== SYSTEM:NAME" (malloc'd), or NULL. */
static char *dump_block(const char *dump, const char *name)
{
	char head[300];
	const char *p, *end;

	snprintf(head, sizeof(head), "== %s\n", name);
	for (p = dump; (p = strstr(p, head)); p++) {
		if (p != dump && p[-1] != '\n')
			continue;
		p += strlen(head);
		end = strstr(p, "\n== ");
		return strndup(p, end ? (size_t)(end - p + 1) : strlen(p));
	}
	return NULL;
}

static int dump_count(const char *dump)
{
	const char *p;
	int n = !strncmp(dump, "== ", 3);

	for (p = dump; (p = strstr(p, "\n== ")); p++)
		n++;
	return n;
}

static int count(const struct elf_event *list)
{
	int n = 0;

	for (; list; list = list->next)
		n++;
	return n;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *fp = fopen(path, "we");
	int ret;

	if (!fp)
		return -1;
	ret = fwrite(buf, 1, len, fp) == len ? 0 : -1;
	return fclose(fp) || ret ? -1 : 0;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	unsigned char *buf = NULL;
	struct stat st;
	FILE *fp = fopen(path, "re");

	if (fp && fstat(fileno(fp), &st) == 0 && (buf = malloc((size_t)st.st_size + 1)) &&
	    fread(buf, 1, (size_t)st.st_size, fp) == (size_t)st.st_size) {
		*len = (size_t)st.st_size;
	} else {
		free(buf);
		buf = NULL;
	}
	if (fp)
		fclose(fp);
	return buf;
}

/* ---------------------------------------------------------------------------------------- */
/* The events of the built programs, against what they give when they run */

/*
 * Each event of @list against the block of its name in @dump (the program's own output),
 * and as many of them; every one defined by @object.
 */
static void check_dump(const char *what, const struct elf_event *list, const char *dump,
		       const char *object)
{
	const struct elf_event *ev;
	char name[256];
	int objects = 0;

	ok(dump != NULL, "%s: the program prints its formats", what);
	if (!dump)
		return;
	for (ev = list; ev; ev = ev->next) {
		char *want, *got;

		snprintf(name, sizeof(name), "%s:%s", ev->system, ev->name);
		want = drop_id(dump_block(dump, name));
		got = drop_id(ev->format ? strdup(ev->format) : NULL);
		is_str(got, want, "%s: %s, its format as the running program gives it", what, name);
		objects += !strcmp(ev->object, object);
		free(want);
		free(got);
	}
	is_int(count(list), dump_count(dump), "%s: as many events as the program has", what);
	is_int(objects, count(list), "%s: each event's object is %s", what, object);
}

/* How many events of @list are called @name ("system:name"). */
static int named(const struct elf_event *list, const char *name)
{
	char n[256];
	int found = 0;

	for (; list; list = list->next) {
		snprintf(n, sizeof(n), "%s:%s", list->system, list->name);
		found += !strcmp(n, name);
	}
	return found;
}

/* The sample's events, each as `sample --format` gives it (the order is the compiler's). */
static void test_sample(void)
{
	static const char *const names[] = {
		"sample:foo_bar", "sample:foo_bar_with_cond", "sample:foo_bar_with_fn",
		"sample:foo_with_template_simple", "sample:foo_with_template_print",
		"sample:sample_numbers", "sample:sample_tick",
	};
	const struct elf_event *ev;
	struct elf_event *list;
	char path[PATH_MAX + 32], err[1024], name[256];
	size_t i;

	path_of(path, sizeof(path), build, "samples/sample");
	list = elf_events(path, 1, err, sizeof(err));
	ok(list != NULL, "sample: its events are read (%s)", list ? "ok" : err);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		is_int(named(list, names[i]), 1, "sample: %s, once", names[i]);
	is_int(count(list), 7, "sample: the 7 events of trace-events-sample.h, no more");
	for (ev = list; ev; ev = ev->next) {
		char *want = drop_id(run("'%s' --format '%s:%s'", path, ev->system, ev->name));
		char *got = drop_id(ev->format ? strdup(ev->format) : NULL);

		snprintf(name, sizeof(name), "%s:%s", ev->system, ev->name);
		is_str(got, want, "sample: %s, its format as 'sample --format' gives it", name);
		is_str(ev->object, path, "sample: %s is defined by the sample itself", name);
		free(want);
		free(got);
	}
	elf_events_free(list);
}

/* A file whose events are read, and the program that prints their formats, run in BUILD/tests. */
struct prog {
	const char *what;
	const char *file;		/* in BUILD/tests; NULL: this test */
	const char *object;		/* the file that defines the events */
	int events;			/* how many: the event headers say */
	const char *cmd;
};

static const struct prog progs[] = {
	{ "dump-formats", "dump-formats", "dump-formats", 12, "./dump-formats" },
	/* rec-prog's "dlopen" mode calls the library's dlprov_fire(): this one prints them */
	{ "rec-prog, a PIE", "rec-prog", "rec-prog", 3,
	  "./rec-prog dlopen ./libdump-formats.so" },
	{ "libdlprov.so, a shared library", "libdlprov.so", "libdlprov.so", 2,
	  "LD_PRELOAD=./libdlprov.so ./dump-formats 'dlprov:*'" },
	/* This test has none; the library it needs has, found through its run path $ORIGIN. */
	{ "this test, through the library it needs", NULL, "libdlprov.so", 2,
	  "LD_PRELOAD=./libdlprov.so ./dump-formats 'dlprov:*'" },
};

static void test_program(const struct prog *p)
{
	char path[PATH_MAX + 32], object[PATH_MAX + 32], err[1024];
	struct elf_event *list;
	char *dump;

	if (p->file)
		path_of(path, sizeof(path), tests, p->file);
	else
		snprintf(path, sizeof(path), "%s", self);
	path_of(object, sizeof(object), tests, p->object);
	list = elf_events(path, 1, err, sizeof(err));
	ok(list != NULL, "%s: its events are read (%s)", p->what, list ? "ok" : err);
	is_int(count(list), p->events, "%s: %d events", p->what, p->events);
	dump = run("cd '%s' && %s", tests, p->cmd);
	check_dump(p->what, list, dump, object);
	free(dump);
	elf_events_free(list);
}

/* Without the libraries it needs, this test has no events, and says so. */
static void test_no_events(void)
{
	char err[1024], want[PATH_MAX + 100];
	struct elf_event *list;

	list = elf_events(self, 0, err, sizeof(err));
	snprintf(want, sizeof(want), "%s: no tpoint events in it or in the libraries it needs",
		 self);
	ok(list == NULL, "this test alone has no events");
	is_str(err, want, "this test alone: the message");
	elf_events_free(list);
}

/* ---------------------------------------------------------------------------------------- */
/* The library search */

static void test_libpath(void)
{
	char out[PATH_MAX + 32], want[PATH_MAX + 32], copy[PATH_MAX + 32];
	const char *llp = getenv("LD_LIBRARY_PATH");
	unsigned char *buf;
	size_t len = 0;
	int found;

	path_of(want, sizeof(want), tests, "libdlprov.so");
	found = libpath_find(want, NULL, "/nowhere", out, sizeof(out));
	ok(found, "a name with a '/' is a path");
	is_str(out, want, "as it is");
	ok(!libpath_find("./no-such-lib.so", NULL, tests, out, sizeof(out)),
	   "a path to nothing is not found");

	found = libpath_find("libdlprov.so", "/nowhere:$ORIGIN", tests, out, sizeof(out));
	ok(found, "in the run path, $ORIGIN for the object's directory, the second entry");
	is_str(out, want, "there");
	found = libpath_find("libdlprov.so", "${ORIGIN}/../tests", tests, out, sizeof(out));
	ok(found, "${ORIGIN} too, followed by more path");

	unsetenv("LD_LIBRARY_PATH");
	ok(!libpath_find("libdlprov.so", NULL, "/nowhere", out, sizeof(out)),
	   "not in the system's directories");
	setenv("LD_LIBRARY_PATH", tests, 1);
	found = libpath_find("libdlprov.so", NULL, "/nowhere", out, sizeof(out));
	ok(found, "LD_LIBRARY_PATH");
	is_str(out, want, "there");

	/* A copy in a directory of the run path: found before LD_LIBRARY_PATH's. */
	path_of(copy, sizeof(copy), tmp, "libdlprov.so");
	buf = read_file(want, &len);
	ok(buf && write_file(copy, buf, len) == 0, "a copy of libdlprov.so in %s", tmp);
	free(buf);
	found = libpath_find("libdlprov.so", tmp, "/nowhere", out, sizeof(out));
	ok(found, "the run path before LD_LIBRARY_PATH");
	is_str(out, copy, "the run path's copy");
	unlink(copy);
	if (llp)
		setenv("LD_LIBRARY_PATH", llp, 1);
	else
		unsetenv("LD_LIBRARY_PATH");

	found = libpath_find("libc.so.6", NULL, "/nowhere", out, sizeof(out));
	ok(found && strstr(out, "/libc.so.6"),
	   "libc.so.6 in ld.so.conf.d's or the system's directories (%s)", out);
	ok(!libpath_find("libno-such-lib-tpoint.so", "/nowhere", "/nowhere", out, sizeof(out)),
	   "a library that is nowhere is not found");
}

/* ---------------------------------------------------------------------------------------- */
/* Broken files: a message, never a crash */

/*
 * elf_events(@path) in a child, so that a crash fails a check instead of ending the test.
 * Return: how many events (-1: none, with the message in @err), or -2 when it crashed.
 */
static int guarded_events(const char *path, char *err, size_t len)
{
	char buf[2048];
	ssize_t n, got = 0;
	int fd[2], st, ret;
	pid_t pid;

	if (pipe(fd))
		return -3;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct elf_event *list;

		close(fd[0]);
		list = elf_events(path, 1, buf, sizeof(buf));
		dprintf(fd[1], "%d %s", list ? count(list) : -1, buf);
		_exit(0);
	}
	close(fd[1]);
	while (pid > 0 && (n = read(fd[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = '\0';
	close(fd[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -3;
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		snprintf(err, len, "the reader died (status %#x)", st);
		return -2;
	}
	ret = atoi(buf);
	snprintf(err, len, "%s", strchr(buf, ' ') ? strchr(buf, ' ') + 1 : "");
	return ret;
}

/*
 * @path read without a crash: no events and the message "PATH: @msg", or with @msg NULL,
 * the sample's 7 events and no message.
 */
static void check_read(const char *what, const char *path, const char *msg)
{
	char err[2048], want[2048] = "";
	int n = guarded_events(path, err, sizeof(err));

	if (msg)
		snprintf(want, sizeof(want), "%s: %s", path, msg);
	is_int(n, msg ? -1 : 7, "%s: %s, no crash", what, msg ? "no events" : "the 7 events");
	is_str(err, want, "%s: %s", what, msg ? "the message" : "no message");
}

/* @len bytes of @buf written to TMP/@name, then read. */
static void check_file(const char *name, const void *buf, size_t len, const char *msg)
{
	char path[PATH_MAX + 32];

	path_of(path, sizeof(path), tmp, name);
	if (!ok(write_file(path, buf, len) == 0, "%s: written", name))
		diag("%s", strerror(errno));
	check_read(name, path, msg);
}

/* The sample cut short: in its ELF header, before its section headers, in them. */
static void test_truncated(const unsigned char *orig, size_t len)
{
	struct cut {
		const char *name;
		size_t at;
		const char *msg;
	} cuts[6];
	Elf64_Ehdr eh;
	size_t i;

	memcpy(&eh, orig, sizeof(eh));
	cuts[0] = (struct cut){ "empty", 0, "not an ELF file" };
	cuts[1] = (struct cut){ "cut-in-elf-header", sizeof(eh) - 1, "not an ELF file" };
	cuts[2] = (struct cut){ "elf-header-only", sizeof(eh), "corrupted ELF section headers" };
	cuts[3] = (struct cut){ "cut-in-half", len / 2, "corrupted ELF section headers" };
	cuts[4] = (struct cut){ "cut-at-section-headers", eh.e_shoff,
				"corrupted ELF section headers" };
	cuts[5] = (struct cut){ "cut-last-byte", len - 1, "corrupted ELF section headers" };
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		check_file(cuts[i].name, orig, cuts[i].at, cuts[i].msg);
}

/* Where things are in the sample (read with elf/ itself: the other checks check it). */
static struct {
	unsigned int events;		/* __tpoint_events_ptrs */
	unsigned int str;		/* the section of the string of event 0 that lies last, */
	uint64_t str_cut;		/* and a size for it that ends inside that string */
	unsigned int dynstr;		/* the strings of .dynamic (sh_link) */
} at;

static Elf64_Ehdr *ehdr(unsigned char *buf)
{
	return (Elf64_Ehdr *)(void *)buf;
}

static Elf64_Shdr *shdr(unsigned char *buf, unsigned int i)
{
	return (Elf64_Shdr *)(void *)(buf + ehdr(buf)->e_shoff) + i;
}

static void bad_shoff(unsigned char *buf, size_t len)
{
	ehdr(buf)->e_shoff = len * 4;
}

static void bad_shentsize(unsigned char *buf, size_t len)
{
	(void)len;
	ehdr(buf)->e_shentsize = 32;
}

static void bad_shstrndx(unsigned char *buf, size_t len)
{
	(void)len;
	ehdr(buf)->e_shstrndx = ehdr(buf)->e_shnum;
}

static void bad_sec_offset(unsigned char *buf, size_t len)
{
	shdr(buf, at.events)->sh_offset = len + 1;
}

static void bad_sec_size(unsigned char *buf, size_t len)
{
	shdr(buf, at.events)->sh_size = len;
}

static void elf32(unsigned char *buf, size_t len)
{
	(void)len;
	buf[EI_CLASS] = ELFCLASS32;
}

static void aarch64(unsigned char *buf, size_t len)
{
	(void)len;
	ehdr(buf)->e_machine = EM_AARCH64;
}

static void no_magic(unsigned char *buf, size_t len)
{
	(void)len;
	buf[EI_MAG1] = 'X';
}

/* The event pointers overwritten, and no relocation left to give them back. */
static void bad_event_ptrs(unsigned char *buf, size_t len)
{
	Elf64_Shdr *s = shdr(buf, at.events);
	unsigned int i;

	(void)len;
	memset(buf + s->sh_offset, 0x41, s->sh_size);
	for (i = 0; i < ehdr(buf)->e_shnum; i++)
		if (shdr(buf, i)->sh_type == SHT_RELA)
			shdr(buf, i)->sh_type = SHT_PROGBITS;
}

/*
 * All the event pointers 0 in the file, so that they are read through the relocations alone
 * (as lld writes them), and the relocations in reverse order (a linker need not sort them).
 */
static void zero_event_ptrs(unsigned char *buf, size_t len)
{
	Elf64_Shdr *s = shdr(buf, at.events);
	Elf64_Rela *r, t;
	unsigned int i;
	size_t n, j;

	(void)len;
	memset(buf + s->sh_offset, 0, s->sh_size);
	for (i = 0; i < ehdr(buf)->e_shnum; i++) {
		if (shdr(buf, i)->sh_type != SHT_RELA)
			continue;
		r = (Elf64_Rela *)(void *)(buf + shdr(buf, i)->sh_offset);
		n = shdr(buf, i)->sh_size / sizeof(*r);
		for (j = 0; j < n / 2; j++) {
			t = r[j];
			r[j] = r[n - 1 - j];
			r[n - 1 - j] = t;
		}
	}
}

/* A string of event 0 without its end: its section ends inside it. */
static void cut_string(unsigned char *buf, size_t len)
{
	(void)len;
	shdr(buf, at.str)->sh_size = at.str_cut;
}

/* The strings of .dynamic (DT_NEEDED) marked as without bytes in the file, far past its end. */
static void dynstr_nobits(unsigned char *buf, size_t len)
{
	shdr(buf, at.dynstr)->sh_type = SHT_NOBITS;
	shdr(buf, at.dynstr)->sh_offset = (uint64_t)len << 20;
}

/* The sample with its headers or a section made wrong. */
static void test_changed(const unsigned char *orig, size_t len)
{
	static const struct {
		const char *name;
		void (*change)(unsigned char *buf, size_t len);
		const char *msg;
	} cases[] = {
		{ "section-headers-past-end", bad_shoff, "corrupted ELF section headers" },
		{ "section-header-size", bad_shentsize, "corrupted ELF section headers" },
		{ "section-names-index", bad_shstrndx, "corrupted ELF section headers" },
		{ "section-offset-past-end", bad_sec_offset, "corrupted ELF: a section past the end" },
		{ "section-size-past-end", bad_sec_size, "corrupted ELF: a section past the end" },
		{ "elf32", elf32, "only x86-64 ELF files are read" },
		{ "aarch64", aarch64, "only x86-64 ELF files are read" },
		{ "no-magic", no_magic, "not an ELF file" },
		{ "event-pointers", bad_event_ptrs, "corrupted __tpoint_events_ptrs entry 0" },
		{ "string-past-its-section", cut_string, "corrupted __tpoint_events_ptrs entry 0" },
		{ "relocations-alone-unsorted", zero_event_ptrs, NULL },
		{ "dynamic-strings-without-bytes", dynstr_nobits, NULL },
	};
	unsigned char *buf = malloc(len);
	size_t i;

	for (i = 0; buf && i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(buf, orig, len);
		cases[i].change(buf, len);
		check_file(cases[i].name, buf, len, cases[i].msg);
	}
	free(buf);
}

/* The section of the sample that holds address @addr, or 0. */
static unsigned int section_of(const struct elf *e, uint64_t addr)
{
	unsigned int i;

	for (i = 1; i < e->shnum; i++)
		if ((e->sh[i].sh_flags & SHF_ALLOC) && e->sh[i].sh_type != SHT_NOBITS &&
		    addr >= e->sh[i].sh_addr && addr - e->sh[i].sh_addr < e->sh[i].sh_size)
			return i;
	return 0;
}

static int sample_layout(void)
{
	static const size_t offs[] = { offsetof(struct tpoint_event, system),
				       offsetof(struct tpoint_event, name),
				       offsetof(struct tpoint_event, print_fmt) };
	char path[PATH_MAX + 32], err[256];
	const Elf64_Shdr *evs, *dyn;
	uint64_t ev, last = 0;
	struct elf e;
	size_t i;

	path_of(path, sizeof(path), build, "samples/sample");
	if (!elf_open(&e, path, err, sizeof(err)) &&
	    (evs = elf_section(&e, "__tpoint_events_ptrs"))) {
		at.events = (unsigned int)(evs - e.sh);
		ev = elf_ptr_at(&e, evs->sh_addr);
		for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
			if (elf_ptr_at(&e, ev + offs[i]) > last)
				last = elf_ptr_at(&e, ev + offs[i]);
		at.str = section_of(&e, last);
		at.str_cut = last - e.sh[at.str].sh_addr + 1;
		dyn = elf_section(&e, ".dynamic");
		at.dynstr = dyn ? dyn->sh_link : 0;
	}
	elf_close(&e);
	return at.events && at.str && at.dynstr ? 0 : -1;
}

static void test_broken(void)
{
	static const char script[] = "#!/bin/sh\necho a script, longer than an ELF header is\n";
	char path[PATH_MAX + 32];
	unsigned char *orig;
	size_t len = 0;
	int ret;

	ret = sample_layout();
	ok(ret == 0, "the sample's events are section %u, event 0's last string in %u", at.events,
	   at.str);
	orig = read_file(path_of(path, sizeof(path), build, "samples/sample"), &len);
	ok(orig && len > 4096, "the sample read (%zu bytes)", len);
	if (orig && at.str) {
		test_truncated(orig, len);
		test_changed(orig, len);
	}
	free(orig);
	check_file("script", script, sizeof(script) - 1, "not an ELF file");
	check_read("a directory", tmp, "not an ELF file");
	path_of(path, sizeof(path), tmp, "nothing-here");
	check_read("no such file", path, "cannot open: No such file or directory");
}

/* ---------------------------------------------------------------------------------------- */

static int paths_init(void)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return -1;
	self[n] = '\0';
	tool_dirname(self, tests, sizeof(tests));
	tool_dirname(tests, build, sizeof(build));
	return mkdtemp(tmp) ? 0 : -1;
}

static void cleanup(void)
{
	free(run("rm -rf '%s'", tmp));
}

int main(void)
{
	size_t i;

	(void)keep_dlprov;
	if (paths_init()) {
		printf("Bail out! %s\n", strerror(errno));
		return 1;
	}
	test_sample();
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		test_program(&progs[i]);
	test_no_events();
	test_libpath();
	test_broken();
	cleanup();
	return tap_done();
}
