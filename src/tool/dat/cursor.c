// SPDX-License-Identifier: MIT
/*
 * cursor.c - the reading cursor of the trace.dat reader (dat/internal.h).
 *
 * The reader trusts nothing in the file: every length is checked against what is left
 * before it is used, and the first error is the one reported, with the offset it was met at.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dat/internal.h"

int dat__fail(struct dat_file *f, const char *fmt, ...)
{
	va_list ap;

	if (f->err[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return -1;
}

int dat__need(struct dat_cur *c, uint64_t n)
{
	if ((uint64_t)(c->end - c->p) >= n)
		return 0;
	if (c->base == c->f->map)
		return dat__fail(c->f, "truncated: %s needs %llu bytes at offset %zu, %zu left",
				 c->what, (unsigned long long)n, (size_t)(c->p - c->base),
				 (size_t)(c->end - c->p));
	return dat__fail(c->f, "corrupted: %s needs %llu bytes, its section has %zu left",
			 c->what, (unsigned long long)n, (size_t)(c->end - c->p));
}

int dat__rd(struct dat_cur *c, void *out, size_t n)
{
	if (dat__need(c, n))
		return -1;
	memcpy(out, c->p, n);
	c->p += n;
	return 0;
}

int dat__rdstr(struct dat_cur *c, char **out, size_t max)
{
	const unsigned char *nul = memchr(c->p, '\0', (size_t)(c->end - c->p));

	if (!nul || (size_t)(nul - c->p) > max)
		return dat__fail(c->f, "corrupted: %s: a string is not terminated at offset %zu",
				 c->what, (size_t)(c->p - c->base));
	*out = strdup((const char *)c->p);
	if (!*out)
		return dat__fail(c->f, "out of memory");
	c->p = nul + 1;
	return 0;
}

int dat__rdtext(struct dat_cur *c, uint64_t size, struct dat_text *t)
{
	if (dat__need(c, size))
		return -1;
	free(t->data);
	t->data = malloc(size + 1);
	if (!t->data)
		return dat__fail(c->f, "out of memory (%s of %llu bytes)", c->what,
				 (unsigned long long)size);
	memcpy(t->data, c->p, size);
	t->data[size] = '\0';
	t->size = size;
	c->p += size;
	return 0;
}

int dat__rdtext32(struct dat_cur *c, struct dat_text *t)
{
	uint32_t n;

	if (dat__rd32(c, &n))
		return -1;
	return dat__rdtext(c, n, t);
}

int dat__rdtext64(struct dat_cur *c, struct dat_text *t)
{
	uint64_t n;

	if (dat__rd64(c, &n))
		return -1;
	return dat__rdtext(c, n, t);
}

int dat__expect(struct dat_cur *c, const char *s, size_t n)
{
	if (dat__need(c, n))
		return -1;
	if (memcmp(c->p, s, n) != 0)
		return dat__fail(c->f, "corrupted: expected \"%s\" at offset %zu", s,
				 (size_t)(c->p - c->base));
	c->p += n;
	return 0;
}
