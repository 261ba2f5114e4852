// SPDX-License-Identifier: MIT
/*
 * print.c - the output side of TP_printk: the sequence buffer and the helpers that
 * __print_symbolic(), __print_flags(), __print_hex(), __print_array() and __get_bitmask()
 * become, printing as the kernel's trace_print_*_seq() functions do.
 *
 * A helper writes its text into the scratch buffer @p, NUL-terminated, and returns where it
 * starts, so that TP_printk's "%s" prints it (the kernel's iter->tmp_seq). When @p is full
 * the helper returns what fits.
 */
#include <errno.h>
#include <printf.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static __attribute__((format(printf, 2, 0))) void seq_vprintf(struct tpoint_seq *s,
								const char *fmt, va_list ap)
{
	size_t room = s->len < s->size ? s->size - s->len : 0;
	int n = vsnprintf(room ? s->buf + s->len : NULL, room, fmt, ap);

	if (n > 0)
		s->len += (size_t)n;
}

/* ---------------------------------------------------------------------------------------- */
/* %ps and %pS: the kernel's printk prints the function an address is in, as readers do */

/* The end of the conversion at @p (after its '%'), its letter in *@conv. */
static const char *spec_end(const char *p, char *conv)
{
	while (*p && !strchr("diouxXeEfFgGaAcCsSpnm%", *p))
		p++;
	*conv = *p;
	return *p ? p + 1 : p;
}

/* Does @fmt hold a %ps or %pS? */
static int has_symbol_spec(const char *fmt)
{
	const char *p = fmt;
	char conv;

	while ((p = strchr(p, '%'))) {
		p = spec_end(p + 1, &conv);
		if (conv == 'p' && (*p == 's' || *p == 'S'))
			return 1;
	}
	return 0;
}

/* "name" (%ps) or "name+0xoff" (%pS) of @addr, or its number where no function holds it. */
static void seq_symbol(struct tpoint_seq *s, const void *addr, int offset)
{
	char name[256];
	unsigned long off;

	if (tpoint__symbol(addr, name, sizeof(name), &off))
		tpoint__seq_printf(s, "0x%lx", (unsigned long)addr);
	else if (offset)
		tpoint__seq_printf(s, "%s+0x%lx", name, off);
	else
		tpoint__seq_printf(s, "%s", name);
}

/*
 * One conversion @spec (its text, NUL-ended, '*' resolved) with its argument taken from @ap
 * by its type, as glibc's parse_printf_format() says it is.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void seq_one(struct tpoint_seq *s, const char *spec, int type, va_list *ap)
{
	switch (type & ~PA_FLAG_MASK) {
	case PA_INT: case PA_CHAR:
		if (type & PA_FLAG_LONG_LONG)
			tpoint__seq_printf(s, spec, va_arg(*ap, long long));
		else if (type & PA_FLAG_LONG)
			tpoint__seq_printf(s, spec, va_arg(*ap, long));
		else
			tpoint__seq_printf(s, spec, va_arg(*ap, int));
		break;
	case PA_DOUBLE:
		if (type & PA_FLAG_LONG_DOUBLE)
			tpoint__seq_printf(s, spec, va_arg(*ap, long double));
		else
			tpoint__seq_printf(s, spec, va_arg(*ap, double));
		break;
	case PA_STRING: case PA_POINTER:
		tpoint__seq_printf(s, spec, va_arg(*ap, void *));
		break;
	default:
		tpoint__seq_printf(s, "%s", spec);
	}
}
#pragma GCC diagnostic pop

/*
 * The conversion @q (@n bytes) into @spec with each '*' replaced by its int argument,
 * taken from @ap (*@arg counts the arguments taken). 0, or -1 when it does not fit.
 */
static int spec_stars(char *spec, size_t len, const char *q, size_t n, va_list *ap, int *arg)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		int w = q[i] == '*' ? snprintf(spec + o, len - o, "%d", va_arg(*ap, int)) : 1;

		if (q[i] == '*')
			(*arg)++;
		else if (o + 1 < len)
			spec[o] = q[i];
		if (w < 0 || o + (size_t)w >= len)
			return -1;
		o += (size_t)w;
	}
	spec[o] = '\0';
	return 0;
}

/*
 * Does the walk below take exactly the arguments glibc says @fmt takes, each of a type
 * seq_one() passes on? Else (%n, wide strings, positional arguments, a spec it reads
 * otherwise) the format is printed by printf alone, its %ps unsymbolized, never with its
 * arguments out of step.
 */
static int walk_matches(const char *fmt, const int *types, size_t nargs)
{
	const char *p = fmt, *end;
	size_t taken = 0, i;
	char conv;

	while ((p = strchr(p, '%'))) {
		end = spec_end(p + 1, &conv);
		if (!conv || memchr(p, '$', (size_t)(end - p)))
			return 0;
		for (i = 1; p + i < end; i++)
			taken += p[i] == '*';
		taken += conv != '%' && conv != 'm';
		p = end;
	}
	for (i = 0; i < nargs; i++) {
		int t = types[i] & ~PA_FLAG_MASK;

		if ((types[i] & PA_FLAG_PTR) ||
		    (t != PA_INT && t != PA_CHAR && t != PA_DOUBLE && t != PA_STRING &&
		     t != PA_POINTER))
			return 0;
	}
	return taken == nargs;
}

/* @fmt with its %ps and %pS symbolized, every other conversion as printf does it. */
static __attribute__((format(printf, 2, 0))) void seq_symbol_printf(struct tpoint_seq *s,
								       const char *fmt, va_list ap)
{
	int types[64], arg = 0;
	size_t nargs = parse_printf_format(fmt, 64, types);
	const char *p = fmt;
	int saved_errno = errno;	/* %m's, as printf reads it */
	va_list cp;

	if (nargs > 64 || !walk_matches(fmt, types, nargs)) {
		seq_vprintf(s, fmt, ap);	/* what the walk cannot follow: printf's own way */
		return;
	}
	va_copy(cp, ap);
	while (*p) {
		const char *q = strchr(p, '%'), *end;
		char spec[64], conv;
		size_t n;

		if (!q) {
			tpoint__seq_printf(s, "%s", p);
			break;
		}
		tpoint__seq_printf(s, "%.*s", (int)(q - p), p);
		end = spec_end(q + 1, &conv);
		n = (size_t)(end - q);
		if (conv == '%' || conv == 'm') {	/* no argument */
			tpoint__seq_printf(s, "%s", conv == '%' ? "%" : strerror(saved_errno));
			p = end;
			continue;
		}
		if (spec_stars(spec, sizeof(spec), q, n, &cp, &arg)) {
			tpoint__seq_printf(s, "%.*s", (int)n, q);	/* too long: as written */
			p = end;
			continue;
		}
		if (conv == 'p' && (*end == 's' || *end == 'S') && (size_t)arg < nargs) {
			seq_symbol(s, va_arg(cp, void *), *end == 'S');
			arg++;
			p = end + 1;
			continue;
		}
		if ((size_t)arg < nargs)
			seq_one(s, spec, types[arg++], &cp);
		p = end;
	}
	va_end(cp);
}

void tpoint__seq_printf(struct tpoint_seq *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (has_symbol_spec(fmt))
		seq_symbol_printf(s, fmt, ap);
	else
		seq_vprintf(s, fmt, ap);
	va_end(ap);
}

/* A piece of scratch text: begin, append, end (NUL and return its start). */
static size_t piece_begin(struct tpoint_seq *p)
{
	return p->len;
}

static const char *piece_end(struct tpoint_seq *p, size_t start)
{
	if (start >= p->size || p->size == 0)
		return "";
	if (p->len >= p->size) {
		p->buf[p->size - 1] = '\0';
		p->len = p->size;
		return p->buf + start;
	}
	p->buf[p->len++] = '\0';
	return p->buf + start;
}

const char *tpoint__print_symbolic(struct tpoint_seq *p, unsigned long val,
				   const struct tpoint_print_flags *syms)
{
	size_t start = piece_begin(p);

	for (; syms->name; syms++) {
		if (syms->mask == val) {
			tpoint__seq_printf(p, "%s", syms->name);
			return piece_end(p, start);
		}
	}
	tpoint__seq_printf(p, "0x%lx", val);
	return piece_end(p, start);
}

const char *tpoint__print_symbolic_u64(struct tpoint_seq *p, unsigned long long val,
				       const struct tpoint_print_flags *syms)
{
	return tpoint__print_symbolic(p, (unsigned long)val, syms);
}

const char *tpoint__print_flags(struct tpoint_seq *p, const char *delim, unsigned long flags,
				const struct tpoint_print_flags *flag_array)
{
	size_t start = piece_begin(p);
	int first = 1;

	for (; flag_array->name && flags; flag_array++) {
		unsigned long mask = flag_array->mask;

		if ((flags & mask) != mask)
			continue;
		flags &= ~mask;
		if (!first && delim)
			tpoint__seq_printf(p, "%s", delim);
		first = 0;
		tpoint__seq_printf(p, "%s", flag_array->name);
	}
	/* Bits no name covers */
	if (flags) {
		if (!first && delim)
			tpoint__seq_printf(p, "%s", delim);
		tpoint__seq_printf(p, "0x%lx", flags);
	}
	return piece_end(p, start);
}

const char *tpoint__print_hex(struct tpoint_seq *p, const void *buf, int len, int concatenate)
{
	const unsigned char *b = buf;
	size_t start = piece_begin(p);
	int i;

	for (i = 0; i < len; i++)
		tpoint__seq_printf(p, "%s%2.2x", concatenate || i == 0 ? "" : " ", b[i]);
	return piece_end(p, start);
}

/*
 * Elements in unsigned decimal, separated by spaces: how libtraceevent, the decoder of
 * every trace reader here (trace-cmd, tpoint report), prints __print_array(). The kernel's
 * own "trace" file prints {0x1,0x2} instead; an event is read back the way its readers
 * print it.
 */
const char *tpoint__print_array(struct tpoint_seq *p, const void *buf, int count, int el_size)
{
	const unsigned char *b = buf;
	size_t start = piece_begin(p);
	int i;

	for (i = 0; i < count; i++, b += el_size) {
		uint8_t u8;
		uint16_t u16;
		uint32_t u32;
		uint64_t u64;

		if (i)
			tpoint__seq_printf(p, " ");
		switch (el_size) {
		case 1:
			memcpy(&u8, b, 1);
			tpoint__seq_printf(p, "%u", u8);
			break;
		case 2:
			memcpy(&u16, b, 2);
			tpoint__seq_printf(p, "%u", u16);
			break;
		case 4:
			memcpy(&u32, b, 4);
			tpoint__seq_printf(p, "%u", u32);
			break;
		case 8:
			memcpy(&u64, b, 8);
			tpoint__seq_printf(p, "%llu", (unsigned long long)u64);
			break;
		default:
			tpoint__seq_printf(p, "BAD SIZE:%d 0x%x", el_size, b[0]);
			return piece_end(p, start);
		}
	}
	return piece_end(p, start);
}

/*
 * The kernel's "%*pb": 32-bit chunks in hex, most significant first, comma-separated, each
 * zero-padded (the first to the width its bits need).
 */
const char *tpoint__print_bitmask(struct tpoint_seq *p, const void *bitmask, unsigned int size)
{
	const unsigned char *bytes = bitmask;
	unsigned int nr_bits = size * 8, chunksz, i;
	size_t start = piece_begin(p);
	int first = 1, bit;

	chunksz = nr_bits & 31;
	if (chunksz == 0)
		chunksz = 32;
	if (nr_bits == 0)
		return piece_end(p, start);
	for (bit = (int)(((nr_bits + 31) & ~31u) - 32); bit >= 0; bit -= 32) {
		uint32_t val = 0;

		/* Bits bit..bit+chunksz-1 of a little-endian array of longs (as bytes). */
		for (i = 0; i < chunksz; i++) {
			unsigned int b = (unsigned int)bit + i;

			if (bytes[b / 8] & (1u << (b % 8)))
				val |= 1u << i;
		}
		tpoint__seq_printf(p, "%s%0*x", first ? "" : ",", (int)((chunksz + 3) / 4), val);
		first = 0;
		chunksz = 32;
	}
	return piece_end(p, start);
}

/*
 * A __cpumask as a CPU list, "0,2-3,5": how libtraceevent prints __get_cpumask() (the
 * kernel's own "trace" file prints it as a bitmask, as __get_bitmask()).
 */
const char *tpoint__print_cpumask(struct tpoint_seq *p, const void *mask, unsigned int size)
{
	const unsigned char *bytes = mask;
	unsigned int nr_bits = size * 8, bit, end;
	size_t start = piece_begin(p);
	int first = 1;

	for (bit = 0; bit < nr_bits; bit = end) {
		end = bit + 1;
		if (!(bytes[bit / 8] & (1u << (bit % 8))))
			continue;
		while (end < nr_bits && (bytes[end / 8] & (1u << (end % 8))))
			end++;
		tpoint__seq_printf(p, "%s%u", first ? "" : ",", bit);
		if (end - bit > 1)
			tpoint__seq_printf(p, "-%u", end - 1);
		first = 0;
	}
	return piece_end(p, start);
}

/*
 * The format is the traced program's own, given to __vstring() at run time (as to
 * vprintf): it cannot be a literal here.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int tpoint__vstr_len(const char *fmt, va_list *va)
{
	va_list cp;
	int n;

	va_copy(cp, *va);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	return n < 0 ? 1 : n + 1;
}
#pragma GCC diagnostic pop
