// SPDX-License-Identifier: MIT
/*
 * test-filter.c - the event-filter parser's number constants, checked as the kernel checks
 * them (kernel/trace/trace_events_filter.c, parse_pred(): kstrtoll() for a signed field,
 * kstrtoull() for an unsigned one): what is out of range is refused with the column and
 * the field's range, never wrapped; what is accepted compares as the kernel compares it.
 * And tpf_classify(), the one rule that says which fields are numbers and strings, from
 * their type as a format file spells it (the kernel's filter_assign_type(), structs refused).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "../tap.h"

/* An entry with a field of each size and signedness, at the offsets the fields give. */
struct entry {
	int8_t c;		/* 0 */
	uint8_t b;		/* 1 */
	int16_t h;		/* 2 */
	int32_t i;		/* 4 */
	uint32_t u;		/* 8 */
	uint32_t pad;		/* 12 */
	int64_t l;		/* 16 */
	uint64_t q;		/* 24 */
};

static const struct tpf_field fields[] = {
	{ "c", 0, 1, 1, TPF_NUM },
	{ "b", 1, 1, 0, TPF_NUM },
	{ "h", 2, 2, 1, TPF_NUM },
	{ "i", 4, 4, 1, TPF_NUM },
	{ "u", 8, 4, 0, TPF_NUM },
	{ "l", 16, 8, 1, TPF_NUM },
	{ "q", 24, 8, 0, TPF_NUM },
};

#define NR_FIELDS (unsigned int)(sizeof(fields) / sizeof(fields[0]))

/* The filter's error text, or "" when it parses. */
static const char *parse_err(const char *text)
{
	static char err[512];
	struct tp_filter *f;

	f = tp_filter_parse(text, fields, NR_FIELDS, err, sizeof(err));
	if (f) {
		tp_filter_free(f);
		return "";
	}
	return err;
}

/* 1 if @e passes @text, 0 if not, -1 if @text does not parse. */
static int match(const char *text, const struct entry *e)
{
	struct tp_filter *f;
	char err[512];
	int ret;

	f = tp_filter_parse(text, fields, NR_FIELDS, err, sizeof(err));
	if (!f) {
		diag("'%s': %s", text, err);
		return -1;
	}
	ret = tp_filter_match(f, e, sizeof(*e));
	tp_filter_free(f);
	return ret;
}

static void test_signed_64(void)
{
	struct entry e = { .l = 5 };

	is_str(parse_err("l > 9223372036854775808"),
	       "filter: '9223372036854775808' is out of range for field 'l' (signed, 8 bytes: "
	       "-9223372036854775808 to 9223372036854775807) at column 5",
	       "s64: a constant above INT64_MAX is refused, with the column and the range");
	is_str(parse_err("l == -9223372036854775809"),
	       "filter: '-9223372036854775809' is out of range for field 'l' (signed, 8 bytes: "
	       "-9223372036854775808 to 9223372036854775807) at column 6",
	       "s64: a constant below INT64_MIN is refused");
	is_str(parse_err("l & 0xffffffffffffffff"),
	       "filter: '0xffffffffffffffff' is out of range for field 'l' (signed, 8 bytes: "
	       "-9223372036854775808 to 9223372036854775807) at column 5",
	       "s64: 0xffffffffffffffff is refused, as kstrtoll refuses it");
	is_int(match("l < 9223372036854775807", &e), 1, "s64: INT64_MAX is accepted (5 < it)");
	is_int(match("l > -9223372036854775808", &e), 1, "s64: INT64_MIN is accepted (5 > it)");
	e.l = -1;
	is_int(match("l < 0", &e), 1, "s64: -1 < 0, signed");
}

static void test_unsigned_64(void)
{
	struct entry e = { .q = UINT64_MAX };

	is_int(match("q == 18446744073709551615", &e), 1, "u64: UINT64_MAX is accepted");
	is_int(match("q > 0x7fffffffffffffff", &e), 1, "u64: compared unsigned");
	is_str(parse_err("q == 18446744073709551616"),
	       "filter: '18446744073709551616' is out of range for field 'q' (unsigned, 8 bytes: "
	       "0 to 18446744073709551615) at column 6",
	       "u64: a constant above UINT64_MAX is refused");
	is_str(parse_err("q != -1"),
	       "filter: '-1' is negative; field 'q' is unsigned (0 to 18446744073709551615) at "
	       "column 6", "u64: a negative constant is refused, as kstrtoull refuses it");
}

static void test_narrow(void)
{
	struct entry e = { .c = (int8_t)-56, .b = 255, .i = -1, .u = 7 };

	is_str(parse_err("b < 1000"),
	       "filter: '1000' is out of range for field 'b' (unsigned, 1 byte: 0 to 255) at "
	       "column 5", "u8: 1000 does not fit; refused (the kernel would compare 232)");
	is_str(parse_err("u == 4294967296"),
	       "filter: '4294967296' is out of range for field 'u' (unsigned, 4 bytes: 0 to "
	       "4294967295) at column 6", "u32: 2^32 is refused");
	is_str(parse_err("i > 0x100000000"),
	       "filter: '0x100000000' is out of range for field 'i' (signed, 4 bytes: "
	       "-2147483648 to 2147483647, or a bit pattern up to 0xffffffff) at column 5",
	       "s32: a constant wider than 32 bits is refused");
	is_str(parse_err("h < -32769"),
	       "filter: '-32769' is out of range for field 'h' (signed, 2 bytes: -32768 to "
	       "32767, or a bit pattern up to 0xffff) at column 5", "s16: below -32768 is refused");
	is_int(match("b == 255", &e), 1, "u8: 255 fits");
	is_int(match("c == 200", &e), 1, "s8: 200 is the bit pattern of -56, as in the kernel");
	is_int(match("c == -56", &e), 1, "s8: -56");
	is_int(match("i == 0xffffffff", &e), 1, "s32: 0xffffffff is -1, as in the kernel");
	is_int(match("i < 0", &e), 1, "s32: -1 < 0");
	is_int(match("u == 7 && i == -2147483648", &e), 0, "s32: INT32_MIN is accepted");
	is_str(parse_err("u == 7x"), "filter: '7x' is not a number (field 'u') at column 6",
	       "not a number: refused as before");
}

static const char *const kind_names[] = { "NUM", "STR", "DSTR", "RSTR", "OTHER" };

static const char *kind_name(enum tpf_kind k)
{
	return (unsigned int)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "?";
}

#define is_kind(type, size, want)							\
	is_str(kind_name(tpf_classify(type, size)), kind_name(want),			\
	       "tpf_classify(\"%s\", %u) is %s", type, (unsigned int)(size), kind_name(want))

static void test_classify(void)
{
	/* Numbers: by size */
	is_kind("int", 4, TPF_NUM);
	is_kind("unsigned long", 8, TPF_NUM);
	is_kind("unsigned char", 1, TPF_NUM);
	is_kind("short", 2, TPF_NUM);
	is_kind("const char *", 8, TPF_NUM);
	is_kind("struct pt *", 8, TPF_NUM);		/* a pointer to a struct is a number */
	is_kind("enum ut_state", 4, TPF_NUM);
	is_kind("int", 3, TPF_OTHER);			/* no such integer */
	is_kind("long double", 16, TPF_OTHER);
	/* Structs and unions: refused whatever their size */
	is_kind("struct pt", 8, TPF_OTHER);
	is_kind("union u", 4, TPF_OTHER);
	is_kind("const struct pt", 8, TPF_OTHER);
	/* Arrays: of char, a string */
	is_kind("char[16]", 16, TPF_STR);
	is_kind("unsigned char[4]", 4, TPF_STR);
	is_kind("signed char[2]", 2, TPF_STR);
	is_kind("int[4]", 16, TPF_OTHER);
	is_kind("char *[2]", 16, TPF_OTHER);
	/* Dynamic: of char, a string from the entry or from the field */
	is_kind("__data_loc char[]", 4, TPF_DSTR);
	is_kind("__data_loc unsigned char[]", 4, TPF_DSTR);
	is_kind("__rel_loc char[]", 4, TPF_RSTR);
	is_kind("__data_loc int[]", 4, TPF_OTHER);
	is_kind("__rel_loc unsigned long[]", 4, TPF_OTHER);
	is_kind("__data_loc cpumask_t", 4, TPF_OTHER);	/* not an array */
}

int main(void)
{
	test_classify();
	test_signed_64();
	test_unsigned_64();
	test_narrow();
	return tap_done();
}
