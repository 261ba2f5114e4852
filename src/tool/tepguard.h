/* SPDX-License-Identifier: MIT */
/*
 * tepguard.h - libtraceevent, kept from taking the tool down with it. libtraceevent 1.7
 * crashes or hangs on some malformed but parseable formats (our fuzzer found them:
 * tests/fuzz/libtraceevent-crashes/): what may crash runs first in a child process, and a
 * crash there is reported as a corrupted file, not suffered.
 */
#ifndef TPOINT_TEPGUARD_H
#define TPOINT_TEPGUARD_H

#include <stddef.h>

struct dat_file;
struct tep_handle;

/*
 * A tep handle set up from @f's header as every parse of its formats needs it: endianness,
 * long size, page size, header_page. NULL when out of memory; *@bad_header is set when
 * header_page does not parse.
 */
struct tep_handle *tg_tep_new(const struct dat_file *f, int *bad_header);
/*
 * @f's formats, kallsyms, printk formats and task names in a new handle, once a child has
 * parsed the formats the same way and lived. NULL with the reason in @err; *@bad counts the
 * formats that do not parse (their events print as unknown).
 */
struct tep_handle *tg_load(const struct dat_file *f, int *bad, char *err, size_t len);
/*
 * @fn(@arg) in a child process with the default action for crash signals; the exit code
 * of the child is @fn's return value (0..255). That, or -1 with the signal in *@sig when
 * it died of one, or -1 and *@sig 0 when it could not be run or waited for.
 */
int tg_run(int (*fn)(void *), void *arg, int *sig);

#endif /* TPOINT_TEPGUARD_H */
