/* SPDX-License-Identifier: MIT */
/*
 * filter.h - event filters in the kernel's grammar (Documentation/trace/events.rst, 5.1):
 *
 *   expr   := and { "||" and }
 *   and    := unary { "&&" unary }
 *   unary  := "!" unary | "(" expr ")" | field op value
 *   op     := "==" "!=" "<" "<=" ">" ">=" "&"  (numbers)   "==" "!=" "~"  (strings; ~ globs)
 *
 * Parsed once against an event's fields, evaluated on its raw entries. The library uses it
 * before commit (tpoint record -f), the tool on read (tpoint report -f).
 */
#ifndef TPOINT_FILTER_H
#define TPOINT_FILTER_H

#include <stddef.h>
#include <stdint.h>

enum tpf_kind {
	TPF_NUM,		/* an integer of size 1, 2, 4 or 8 */
	TPF_STR,		/* char name[N] */
	TPF_DSTR,		/* __data_loc char[]: u32 (len << 16 | offset from the entry) */
	TPF_RSTR,		/* __rel_loc char[]: the offset is from the end of the field */
	TPF_OTHER,		/* cannot be filtered on */
};

struct tpf_field {
	const char *name;
	uint32_t offset, size;
	uint8_t is_signed;
	uint8_t kind;		/* enum tpf_kind */
};

/*
 * tpf_classify() - how a field can be filtered on, from its type
 * @type: the type as the format file spells it, which libtraceevent's
 *	tep_format_field.type gives too: "int", "unsigned long", "const char *",
 *	"struct pt", "char[16]", "__data_loc char[]", "__rel_loc char[]", "__data_loc int[]"
 * @size: the field's size in bytes
 *
 * The kernel's rule (filter_assign_type()), with structs refused: a __data_loc or __rel_loc
 * array of char (char, signed char, unsigned char) is TPF_DSTR or TPF_RSTR, an array
 * "X[N]" of char TPF_STR, any other array or __data_loc, and a struct or union (not a
 * pointer to one), TPF_OTHER; the rest is TPF_NUM when @size is 1, 2, 4 or 8. The library
 * (on its events' fields) and the tool (on a file's) both ask it, so they agree.
 * Return: the kind.
 */
enum tpf_kind tpf_classify(const char *type, uint32_t size);

struct tp_filter;

/*
 * Parse @text against @fields. NULL on error, with "filter: <reason> at column N" in @err
 * (columns from 1). The filter keeps pointers to nothing it was given.
 */
struct tp_filter *tp_filter_parse(const char *text, const struct tpf_field *fields,
				  unsigned int nr, char *err, size_t errlen);
/* 1 if the entry of @size bytes passes. Entries too short for a field do not pass. */
int tp_filter_match(const struct tp_filter *f, const void *entry, size_t size);
void tp_filter_free(struct tp_filter *f);

#endif /* TPOINT_FILTER_H */
