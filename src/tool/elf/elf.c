// SPDX-License-Identifier: MIT
/*
 * elf/elf.c - an x86-64 ELF file, read without loading it.
 *
 * Every offset and size the file gives is checked against the file before it is used: the
 * section table by elf_open(), addresses by the section that holds them. In a PIE or a shared
 * library the pointers are 0 in the file and filled in by R_X86_64_RELATIVE relocations,
 * whose addends are the addresses; elf_ptr_at() reads a pointer through them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/elf.h"

static int elf_fail(struct elf *e, const char *what, const char *detail)
{
	snprintf(e->err, e->errlen, "%s: %s%s%s", e->path, what, detail ? ": " : "",
		 detail ? detail : "");
	return -1;
}

static int rel_cmp(const void *a, const void *b)
{
	const struct elf_reloc *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

const Elf64_Shdr *elf_section(const struct elf *e, const char *name)
{
	const Elf64_Shdr *strs = &e->sh[e->eh->e_shstrndx];
	unsigned int i;

	for (i = 0; i < e->shnum; i++) {
		uint64_t n = strs->sh_offset + e->sh[i].sh_name;

		if (n < e->size && !strncmp((const char *)e->map + n, name,
					    e->size - (size_t)n) &&
		    strlen(name) < e->size - n)
			return &e->sh[i];
	}
	return NULL;
}

/* @e->path mapped whole. A directory, or a file shorter than an ELF header, is not ELF. */
/*
 * The largest file read. Read into memory, not mapped: a file truncated while it is read
 * (tpoint record -p reads files a running program mapped, which it may change) would make a
 * mapping fault.
 */
#define ELF_MAX_SIZE	(512ull << 20)

static int elf_map(struct elf *e)
{
	unsigned char *buf;
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd;

	/* Non-blocking: a FIFO put where a mapped file was (tpoint record -p) does not hang us. */
	fd = open(e->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return elf_fail(e, "cannot open", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		close(fd);
		return elf_fail(e, "not an ELF file", NULL);
	}
	if ((unsigned long long)st.st_size > ELF_MAX_SIZE) {
		close(fd);
		return elf_fail(e, "larger than 512 MiB: not read", NULL);
	}
	buf = malloc((size_t)st.st_size);
	while (buf && got < (size_t)st.st_size &&
	       ((n = pread(fd, buf + got, (size_t)st.st_size - got, (off_t)got)) > 0 ||
		(n < 0 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	close(fd);
	if (!buf || got != (size_t)st.st_size) {
		free(buf);
		return elf_fail(e, "cannot read", buf ? "it changed while read" : "out of memory");
	}
	e->size = got;
	e->map = buf;
	return 0;
}

/* The ELF header, then the section table: inside the file, and each section's bytes too. */
static int elf_check_headers(struct elf *e)
{
	unsigned int i;

	e->eh = (const Elf64_Ehdr *)(const void *)e->map;
	if (memcmp(e->eh->e_ident, ELFMAG, SELFMAG) != 0)
		return elf_fail(e, "not an ELF file", NULL);
	if (e->eh->e_ident[EI_CLASS] != ELFCLASS64 || e->eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    e->eh->e_machine != EM_X86_64)
		return elf_fail(e, "only x86-64 ELF files are read", NULL);
	if (e->eh->e_shoff > e->size || e->eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    e->eh->e_shnum > (e->size - e->eh->e_shoff) / sizeof(Elf64_Shdr) ||
	    e->eh->e_shstrndx >= e->eh->e_shnum)
		return elf_fail(e, "corrupted ELF section headers", NULL);
	e->sh = (const Elf64_Shdr *)(const void *)(e->map + e->eh->e_shoff);
	e->shnum = e->eh->e_shnum;
	for (i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_type != SHT_NOBITS &&
		    (e->sh[i].sh_offset > e->size || e->sh[i].sh_size > e->size - e->sh[i].sh_offset))
			return elf_fail(e, "corrupted ELF: a section past the end", NULL);
	return 0;
}

/* The R_X86_64_RELATIVE entries of the SHT_RELA section @s, appended to @e->rel. */
static int elf_add_relocs(struct elf *e, const Elf64_Shdr *s)
{
	const Elf64_Rela *r = (const Elf64_Rela *)(const void *)(e->map + s->sh_offset);
	size_t n = s->sh_size / sizeof(*r), j;

	e->rel = realloc(e->rel, (e->nrel + n) * sizeof(*e->rel));
	if (!e->rel)
		return elf_fail(e, "out of memory", NULL);
	for (j = 0; j < n; j++)
		if (ELF64_R_TYPE(r[j].r_info) == R_X86_64_RELATIVE)
			e->rel[e->nrel++] = (struct elf_reloc){ r[j].r_offset,
								(uint64_t)r[j].r_addend };
	return 0;
}

/* The relative relocations, sorted by the address they fill in. */
static int elf_read_relocs(struct elf *e)
{
	unsigned int i;

	for (i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_type == SHT_RELA && e->sh[i].sh_entsize == sizeof(Elf64_Rela) &&
		    elf_add_relocs(e, &e->sh[i]))
			return -1;
	if (e->nrel)
		qsort(e->rel, e->nrel, sizeof(*e->rel), rel_cmp);
	return 0;
}

int elf_open(struct elf *e, const char *path, char *err, size_t errlen)
{
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->err = err;
	e->errlen = errlen;
	if (elf_map(e) || elf_check_headers(e) || elf_read_relocs(e))
		return -1;
	return 0;
}

void elf_close(struct elf *e)
{
	free((void *)e->map);
	free(e->rel);
}

/* Where @addr is in the file when section @s holds it, with the bytes of @s left from there. */
static const unsigned char *elf_in_section(const struct elf *e, const Elf64_Shdr *s,
					   uint64_t addr, uint64_t *left)
{
	if (s->sh_type == SHT_NOBITS || !(s->sh_flags & SHF_ALLOC) ||
	    addr < s->sh_addr || addr - s->sh_addr >= s->sh_size)
		return NULL;
	*left = s->sh_size - (addr - s->sh_addr);
	return e->map + s->sh_offset + (addr - s->sh_addr);
}

const void *elf_at(const struct elf *e, uint64_t addr, uint64_t len)
{
	const unsigned char *p;
	uint64_t left;
	unsigned int i;

	for (i = 0; i < e->shnum; i++) {
		p = elf_in_section(e, &e->sh[i], addr, &left);
		if (p && len <= left)
			return p;
	}
	return NULL;
}

uint64_t elf_ptr_at(const struct elf *e, uint64_t addr)
{
	const uint64_t *p = elf_at(e, addr, 8);
	struct elf_reloc key = { addr, 0 }, *r;

	r = e->nrel ? bsearch(&key, e->rel, e->nrel, sizeof(*e->rel), rel_cmp) : NULL;
	if (r)
		return r->addend;
	return p ? *p : 0;
}

/* The first section that holds @addr decides: the string must end inside it. */
char *elf_str_at(const struct elf *e, uint64_t addr)
{
	const unsigned char *p;
	uint64_t left;
	unsigned int i;

	for (i = 0; i < e->shnum; i++) {
		p = elf_in_section(e, &e->sh[i], addr, &left);
		if (!p)
			continue;
		if (!memchr(p, '\0', left))
			return NULL;
		return strdup((const char *)p);
	}
	return NULL;
}

char *elf_str_ptr_at(const struct elf *e, uint64_t addr)
{
	return elf_str_at(e, elf_ptr_at(e, addr));
}

/* Symbol @name's entry in the symbol table @s (SHT_SYMTAB or SHT_DYNSYM), or NULL. */
static const Elf64_Sym *elf_sym_in(const struct elf *e, const Elf64_Shdr *s, const char *name)
{
	const Elf64_Sym *sym = (const Elf64_Sym *)(const void *)(e->map + s->sh_offset);
	const Elf64_Shdr *str;
	size_t n, i, len = strlen(name);

	if (s->sh_entsize != sizeof(*sym) || s->sh_link >= e->shnum)
		return NULL;
	str = &e->sh[s->sh_link];
	if (str->sh_type != SHT_STRTAB)
		return NULL;
	n = s->sh_size / sizeof(*sym);
	for (i = 0; i < n; i++) {
		if (sym[i].st_name >= str->sh_size || sym[i].st_shndx == SHN_UNDEF ||
		    str->sh_size - sym[i].st_name <= len)
			continue;
		if (memcmp(e->map + str->sh_offset + sym[i].st_name, name, len + 1) == 0)
			return &sym[i];
	}
	return NULL;
}

int elf_symbol(const struct elf *e, const char *name, uint64_t *value)
{
	const Elf64_Sym *sym = NULL;
	unsigned int i;

	for (i = 0; i < e->shnum && !sym; i++)
		if (e->sh[i].sh_type == SHT_DYNSYM || e->sh[i].sh_type == SHT_SYMTAB)
			sym = elf_sym_in(e, &e->sh[i], name);
	if (!sym)
		return -1;
	*value = sym->st_value;
	return 0;
}

/* The functions of the symbol table @s, as elf_functions() gives them. */
static size_t elf_funcs_in(const struct elf *e, const Elf64_Shdr *s,
			   void (*fn)(void *arg, uint64_t addr, const char *name), void *arg)
{
	const Elf64_Sym *sym = (const Elf64_Sym *)(const void *)(e->map + s->sh_offset);
	const Elf64_Shdr *str;
	const char *names;
	size_t n, i, given = 0;

	if (s->sh_entsize != sizeof(*sym) || s->sh_link >= e->shnum)
		return 0;
	str = &e->sh[s->sh_link];
	if (str->sh_type != SHT_STRTAB || !str->sh_size)
		return 0;
	names = (const char *)e->map + str->sh_offset;
	n = s->sh_size / sizeof(*sym);
	for (i = 0; i < n; i++) {
		unsigned char type = ELF64_ST_TYPE(sym[i].st_info);

		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || sym[i].st_shndx == SHN_UNDEF ||
		    !sym[i].st_value || sym[i].st_name >= str->sh_size ||
		    !memchr(names + sym[i].st_name, '\0', str->sh_size - sym[i].st_name) ||
		    !names[sym[i].st_name])
			continue;
		fn(arg, sym[i].st_value, names + sym[i].st_name);
		given++;
	}
	return given;
}

size_t elf_functions(const struct elf *e, void (*fn)(void *arg, uint64_t addr, const char *name),
		     void *arg)
{
	unsigned int i, want;
	size_t given;

	/* .symtab has every function .dynsym has, and the static ones: one of the two. */
	for (want = SHT_SYMTAB; want; want = want == SHT_SYMTAB ? SHT_DYNSYM : 0)
		for (i = 0; i < e->shnum; i++)
			if (e->sh[i].sh_type == want && e->sh[i].sh_size &&
			    (given = elf_funcs_in(e, &e->sh[i], fn, arg)) > 0)
				return given;
	return 0;
}

int elf_file_base(const struct elf *e, uint64_t *base)
{
	const Elf64_Phdr *ph;
	unsigned int i;

	if (e->eh->e_phoff > e->size || e->eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    e->eh->e_phnum > (e->size - e->eh->e_phoff) / sizeof(Elf64_Phdr))
		return -1;
	ph = (const Elf64_Phdr *)(const void *)(e->map + e->eh->e_phoff);
	for (i = 0; i < e->eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_offset > ph[i].p_vaddr)
			return -1;
		*base = ph[i].p_vaddr - ph[i].p_offset;
		return 0;
	}
	return -1;
}
