// SPDX-License-Identifier: MIT
/*
 * symbol.c - the function an address of this process is in, for %ps and %pS in
 * tpoint_event_print(): the object that maps it (dl_iterate_phdr: the program, its
 * libraries), that object's file read for its functions (.symtab, else .dynsym, static
 * functions included, which dladdr() does not know), and the nearest function at or below
 * the address, as readers of a file find it in its kallsyms lines (libtraceevent's map).
 * Not on any probe's path: only printing calls it.
 */
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

struct sym_where {
	uintptr_t addr;
	uintptr_t bias;			/* of the object holding it */
	char path[4096];		/* its file */
	int found;
};

static int sym_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct sym_where *w = arg;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != PT_LOAD || w->addr < start || w->addr - start >= ph->p_memsz)
			continue;
		w->bias = info->dlpi_addr;
		snprintf(w->path, sizeof(w->path), "%s",
			 info->dlpi_name && info->dlpi_name[0] ? info->dlpi_name : "/proc/self/exe");
		w->found = 1;
		return 1;
	}
	return 0;
}

/* The symbol table to search in @map (@size bytes): .symtab, else .dynsym, or NULL. */
static const Elf64_Shdr *sym_table(const unsigned char *map, size_t size)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(const void *)map;
	const Elf64_Shdr *sh, *dyn = NULL;
	unsigned int i;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shoff > size || eh->e_shnum > (size - eh->e_shoff) / sizeof(*sh))
		return NULL;
	sh = (const Elf64_Shdr *)(const void *)(map + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset ||
		    sh[i].sh_link >= eh->e_shnum || sh[i].sh_entsize != sizeof(Elf64_Sym))
			continue;
		if (sh[i].sh_type == SHT_SYMTAB)
			return &sh[i];
		if (sh[i].sh_type == SHT_DYNSYM)
			dyn = &sh[i];
	}
	return dyn;
}

/* In @map's table @t, the function nearest at or below @rel: its name in @name, its start. */
static int sym_nearest(const unsigned char *map, size_t size, const Elf64_Shdr *t, uint64_t rel,
		       char *name, size_t len, uint64_t *start)
{
	const Elf64_Shdr *str = (const Elf64_Shdr *)(const void *)(map +
		((const Elf64_Ehdr *)(const void *)map)->e_shoff) + t->sh_link;
	const Elf64_Sym *sym = (const Elf64_Sym *)(const void *)(map + t->sh_offset), *best = NULL;
	size_t i, n = t->sh_size / sizeof(*sym);

	if (str->sh_offset > size || str->sh_size > size - str->sh_offset)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char type = ELF64_ST_TYPE(sym[i].st_info);

		if ((type == STT_FUNC || type == STT_GNU_IFUNC) && sym[i].st_shndx != SHN_UNDEF &&
		    sym[i].st_value && sym[i].st_value <= rel && sym[i].st_name < str->sh_size &&
		    (!best || sym[i].st_value > best->st_value))
			best = &sym[i];
	}
	if (!best)
		return -1;
	snprintf(name, len, "%.*s", (int)strnlen((const char *)map + str->sh_offset +
		 best->st_name, str->sh_size - best->st_name),
		 (const char *)map + str->sh_offset + best->st_name);
	*start = best->st_value;
	return 0;
}

int tpoint__symbol(const void *addr, char *name, size_t len, unsigned long *off)
{
	struct sym_where w = { .addr = (uintptr_t)addr };
	const Elf64_Shdr *t;
	struct stat st;
	uint64_t start;
	void *map;
	int fd, ret = -1;

	if (!addr || !dl_iterate_phdr(sym_object, &w) || !w.found)
		return -1;
	fd = open(w.path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && st.st_size > 0 &&
	    (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
		t = sym_table(map, (size_t)st.st_size);
		if (t && sym_nearest(map, (size_t)st.st_size, t, w.addr - w.bias, name, len,
				     &start) == 0) {
			*off = (unsigned long)(w.addr - w.bias - start);
			ret = 0;
		}
		munmap(map, (size_t)st.st_size);
	}
	close(fd);
	return ret;
}
