/* SPDX-License-Identifier: MIT */
/*
 * elf/elf.h - an x86-64 ELF file, read into memory and checked: its sections, its relative relocations,
 * and the pointers and strings stored at its addresses (elf/elf.c). Nothing here knows what
 * tpoint keeps in the file: that is elf/events.c.
 */
#ifndef TPOINT_ELF_ELF_H
#define TPOINT_ELF_ELF_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/* An R_X86_64_RELATIVE relocation: the pointer at @off is the load base plus @addend. */
struct elf_reloc {
	uint64_t off, addend;
};

struct elf {
	const char *path;
	const unsigned char *map;	/* the whole file, read into memory */
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;		/* every entry's bytes are inside the map (or SHT_NOBITS) */
	unsigned int shnum;
	struct elf_reloc *rel;		/* sorted by off */
	size_t nrel;
	char *err;			/* the caller's buffer for the message */
	size_t errlen;
};

/*
 * elf_open() - map @path and check its headers and section table.
 * Return: 0, or -1 with "PATH: what" in @err. Call elf_close() either way.
 */
int elf_open(struct elf *e, const char *path, char *err, size_t errlen);
void elf_close(struct elf *e);

/* The section called @name, or NULL. */
const Elf64_Shdr *elf_section(const struct elf *e, const char *name);
/* The file bytes at address @addr, @len of them, or NULL. */
const void *elf_at(const struct elf *e, uint64_t addr, uint64_t len);
/* A pointer stored at @addr: its relocation's addend, or the value in the file (0: none). */
uint64_t elf_ptr_at(const struct elf *e, uint64_t addr);
/* A copy of the string at @addr (malloc'd), or NULL when it is not all in one section. */
char *elf_str_at(const struct elf *e, uint64_t addr);
/* A copy of the string that the pointer stored at @addr points to, as elf_str_at(). */
char *elf_str_ptr_at(const struct elf *e, uint64_t addr);

/* The value of the defined symbol @name (.dynsym or .symtab): 0, or -1 when there is none. */
int elf_symbol(const struct elf *e, const char *name, uint64_t *value);
/*
 * The address the file's first byte is linked at (its first PT_LOAD's vaddr less its file
 * offset): a running process's load bias is where it mapped offset 0 less this. 0, or -1.
 */
int elf_file_base(const struct elf *e, uint64_t *base);

/*
 * Each function @e defines (STT_FUNC, STT_GNU_IFUNC), from .symtab where it has one, else
 * .dynsym: @fn(@arg, its address as linked, its name), names checked to end in their table.
 * Returns how many were given.
 */
size_t elf_functions(const struct elf *e, void (*fn)(void *arg, uint64_t addr, const char *name),
		     void *arg);

#endif /* TPOINT_ELF_ELF_H */
