// SPDX-License-Identifier: MIT
/*
 * elf/libpath.c - the libraries an ELF object needs, found as the dynamic linker would: the
 * object's run path, LD_LIBRARY_PATH, /etc/ld.so.conf.d/, the system directories. It reads
 * neither ld.so.cache nor the includes of ld.so.conf: what it finds is what `tpoint list`
 * shows, a missing library is only one fewer.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/elf.h"
#include "elf/libpath.h"
#include "tool.h"

int libpath_set_add(struct libpath_set *s, const char *path)
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

void libpath_set_fini(struct libpath_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->paths[i]);
	free(s->paths);
}

/* @lib in directory @dir (@dlen bytes; a leading $ORIGIN or ${ORIGIN} is @origin). */
static int lp_try_dir(const char *dir, size_t dlen, const char *origin, const char *lib,
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

/* Each directory of the ':'-separated @list, in order. */
static int lp_search(const char *list, const char *origin, const char *lib, char *out,
		     size_t outlen)
{
	const char *p = list, *c;

	while (p && *p) {
		c = strchr(p, ':');
		if (lp_try_dir(p, c ? (size_t)(c - p) : strlen(p), origin, lib, out, outlen))
			return 1;
		p = c ? c + 1 : NULL;
	}
	return 0;
}

/* The directories one .conf file of /etc/ld.so.conf.d/ names, one a line. */
static int lp_search_conf(const char *conf, const char *origin, const char *lib, char *out,
			  size_t outlen)
{
	FILE *fp = fopen(conf, "re");
	char line[4096];
	int found = 0;

	while (fp && !found && fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '/')
			found = lp_try_dir(line, strlen(line), origin, lib, out, outlen);
	}
	if (fp)
		fclose(fp);
	return found;
}

/* /etc/ld.so.conf.d/, the files in glob order (ld.so.conf itself and its includes are not read). */
static int lp_search_conf_d(const char *origin, const char *lib, char *out, size_t outlen)
{
	glob_t g;
	size_t i;
	int found = 0;

	if (glob("/etc/ld.so.conf.d/*.conf", 0, NULL, &g) != 0)
		return 0;
	for (i = 0; i < g.gl_pathc && !found; i++)
		found = lp_search_conf(g.gl_pathv[i], origin, lib, out, outlen);
	globfree(&g);
	return found;
}

int libpath_find(const char *lib, const char *runpath, const char *origin, char *out,
		 size_t outlen)
{
	static const char *const sys[] = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
					   "/lib64", "/usr/lib64", "/lib", "/usr/lib",
					   "/usr/local/lib" };
	size_t i;

	if (strchr(lib, '/')) {
		snprintf(out, outlen, "%s", lib);
		return access(out, R_OK) == 0;
	}
	if (runpath && lp_search(runpath, origin, lib, out, outlen))
		return 1;
	if (lp_search(getenv("LD_LIBRARY_PATH"), origin, lib, out, outlen))
		return 1;
	if (lp_search_conf_d(origin, lib, out, outlen))
		return 1;
	for (i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		if (lp_try_dir(sys[i], strlen(sys[i]), origin, lib, out, outlen))
			return 1;
	return 0;
}

/* The run path of the .dynamic entries @d (DT_RUNPATH or DT_RPATH, the last one), or NULL. */
static const char *lp_runpath(const struct elf *e, const Elf64_Dyn *d, size_t n,
			      const Elf64_Shdr *str)
{
	const char *runpath = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p;

		if ((d[i].d_tag != DT_RUNPATH && d[i].d_tag != DT_RPATH) ||
		    d[i].d_un.d_val >= str->sh_size)
			continue;
		/* Ended inside the string table, as DT_NEEDED's names must be. */
		p = (const char *)e->map + str->sh_offset + d[i].d_un.d_val;
		if (memchr(p, '\0', str->sh_size - d[i].d_un.d_val))
			runpath = p;
	}
	return runpath;
}

void libpath_set_needed(struct libpath_set *s, const char *path)
{
	char err[256], origin[4096], out[4096];
	const Elf64_Shdr *dyn, *str;
	const char *runpath, *lib;
	const Elf64_Dyn *d;
	struct elf e;
	size_t i, n;

	if (elf_open(&e, path, err, sizeof(err)))
		goto out;
	dyn = elf_section(&e, ".dynamic");
	if (!dyn || dyn->sh_link >= e.shnum || dyn->sh_type == SHT_NOBITS)
		goto out;
	str = &e.sh[dyn->sh_link];
	if (str->sh_type == SHT_NOBITS)	/* no bytes in the file: elf_open did not check it */
		goto out;
	tool_dirname(path, origin, sizeof(origin));
	n = dyn->sh_size / sizeof(Elf64_Dyn);
	d = (const Elf64_Dyn *)(const void *)(e.map + dyn->sh_offset);
	runpath = lp_runpath(&e, d, n, str);
	for (i = 0; i < n; i++) {
		if (d[i].d_tag != DT_NEEDED || d[i].d_un.d_val >= str->sh_size)
			continue;
		lib = (const char *)e.map + str->sh_offset + d[i].d_un.d_val;
		if (!memchr(lib, '\0', str->sh_size - d[i].d_un.d_val))
			continue;
		if (libpath_find(lib, runpath, origin, out, sizeof(out)) && libpath_set_add(s, out))
			libpath_set_needed(s, out);
	}
out:
	elf_close(&e);
}
