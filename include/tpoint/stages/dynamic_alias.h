/* SPDX-License-Identifier: MIT */
/*
 * dynamic_alias.h - for a stage that treats every dynamic field alike: __string,
 * __string_len, __vstring, __bitmask, __cpumask and __sockaddr become the __dynamic_array
 * (the __rel_ ones the __rel_dynamic_array) the stage has just
 * defined (char or unsigned long elements, the length the stage does not need). Included
 * by stages 1, 2 and 8, after their __dynamic_array; reset.h undefines them all again.
 *
 *   __string(name, src)   ->   __dynamic_array(char, name, -1)   ->   that stage's C
 */
#undef __string
#define __string(item, src)		__dynamic_array(char, item, -1)
#undef __string_len
#define __string_len(item, src, len)	__dynamic_array(char, item, -1)
#undef __vstring
#define __vstring(item, fmt, ap)	__dynamic_array(char, item, -1)
#undef __bitmask
#define __bitmask(item, nr_bits)	__dynamic_array(unsigned long, item, -1)
#undef __cpumask
#define __cpumask(item)			__dynamic_array(unsigned long, item, -1)
#undef __sockaddr
#define __sockaddr(field, len)		__dynamic_array(unsigned char, field, -1)
#undef __rel_string
#define __rel_string(item, src)		__rel_dynamic_array(char, item, -1)
#undef __rel_string_len
#define __rel_string_len(item, src, len) __rel_dynamic_array(char, item, -1)
#undef __rel_bitmask
#define __rel_bitmask(item, nr_bits)	__rel_dynamic_array(unsigned long, item, -1)
#undef __rel_cpumask
#define __rel_cpumask(item)		__rel_dynamic_array(unsigned long, item, -1)
#undef __rel_sockaddr
#define __rel_sockaddr(field, len)	__rel_dynamic_array(unsigned char, field, -1)
