// SPDX-License-Identifier: MIT
/*
 * test-dat-bad.c - the trace.dat reader (src/tool/dat/) given broken files.
 *
 * The files of dat-fixture.c, cut at every byte and at each part's boundary, with a wrong
 * magic, version or header field, with sizes and counts far beyond the file, and version 7
 * files whose sections, options, compressed blocks and chunks lie: each must be refused with
 * a message that names what is wrong (and, where a part is cut short, the offset), never
 * a crash, a hang or an allocation of what a size claims. Each is read from memory that ends
 * at an inaccessible page, so a read past its end is a crash, not a pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dat-fixture.h"
#include "../tap.h"

static char dir[64];

/* dat_open() of @path fails, saying @says; or what it said, as a diagnostic. */
static int refused(struct dat_file *f, const char *path, const char *says)
{
	if (dat_open(f, path) == -1 && strstr(f->err, says))
		return 1;
	diag("%s: '%s', not '%s'", path, f->err, says);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Version 6 */

/* The file cut at @b: its message says what b->says, and where when it says "needs". */
static int names_part(const unsigned char *d, const struct bound *b)
{
	char err[512], at[48];

	try_mem(d, b->off, err, sizeof(err));
	snprintf(at, sizeof(at), "at offset %zu,", b->off);
	if (strstr(err, b->says) && (!strstr(b->says, " needs ") || strstr(err, at)))
		return 1;
	diag("cut at %zu: '%s', not '%s'", b->off, err, b->says);
	return 0;
}

/* Every cut of @d is refused with a message; at a part's boundary, one that names it. */
static void check_cuts(const unsigned char *d, size_t n, const struct layout *l,
		       const char *tag)
{
	unsigned int refused = 0, named = 0, k;
	char err[512];
	size_t cut;

	for (cut = 0; cut < n; cut++) {
		err[0] = '\0';
		refused += try_mem(d, cut, err, sizeof(err)) == -1 && err[0];
	}
	is_int(refused, n, "%s: cut at each of its %zu bytes: refused, with a message", tag, n);
	for (k = 0; l && k < l->nb; k++)
		named += names_part(d, &l->b[k]);
	if (l)
		is_int(named, l->nb, "%s: cut at each of %u part boundaries: the message names "
		       "the part and the offset", tag, l->nb);
}

/* @d with @w bytes at @off replaced by @v (none: @d as it is): refused, saying @says. */
static void check_patch(const unsigned char *d, size_t n, size_t off, const void *v, size_t w,
			const char *says, const char *what)
{
	unsigned char *c = malloc(n);
	char err[512] = "";
	int ret;

	memcpy(c, d, n);
	memcpy(c + off, v, w);
	ret = try_mem(c, n, err, sizeof(err));
	ok(ret == -1 && strstr(err, says), "%s: refused: %s", what, err);
	free(c);
}

static void check_patch64(const unsigned char *d, size_t n, size_t off, uint64_t v, size_t w,
			  const char *says, const char *what)
{
	check_patch(d, n, off, &v, w, says, what);
}

/* Where the option @id's data is in a version 6 file's options, or 0. */
static size_t find_option(const unsigned char *d, const struct layout *l, uint16_t id)
{
	size_t p = l->opts[0];
	uint16_t i;
	uint32_t size;

	while (p < l->opts[1]) {
		memcpy(&i, d + p, 2);
		memcpy(&size, d + p + 2, 4);
		if (i == id)
			return p + 6;
		p += 6 + size;
	}
	return 0;
}

static void check_header_fields(const unsigned char *d, size_t n)
{
	check_patch(d, n, 3, "X", 1, "not a trace.dat file", "bad v6: a wrong magic");
	check_patch(d, n, 10, "66666666", 8,
		    "corrupted: version: a string is not terminated at offset 10",
		    "bad v6: a version of over 16 characters");
	check_patch(d, n, 18, "header_pagX", 11, "corrupted: expected \"header_page\" at offset 18",
		    "bad v6: no \"header_page\"");
	check_patch(d, n, 10, "5", 1, "trace.dat version 5 is not supported",
		    "bad v6: version 5");
	check_patch(d, n, 12, "\1", 1, "big-endian", "bad v6: big-endian");
	check_patch(d, n, 13, "\3", 1, "corrupted: long size 3", "bad v6: a long of 3 bytes");
	check_patch64(d, n, 14, 4097, 4, "corrupted: page size 4097", "bad v6: page size 4097");
	check_patch64(d, n, 14, 32, 4, "corrupted: page size 32", "bad v6: page size 32");
}

/* Sizes and counts beyond the file: refused before anything is allocated for them. */
static void check_huge(const unsigned char *d, size_t n, const struct layout *l)
{
	check_patch64(d, n, l->header_page_size, 1ull << 63, 8,
		      "truncated: header_page needs 9223372036854775808 bytes",
		      "bad v6: header_page of 2^63 bytes");
	check_patch64(d, n, l->nsys, ~0u, 4, "corrupted: 4294967295 event systems cannot fit",
		      "bad v6: 2^32 - 1 event systems");
	check_patch64(d, n, l->format_size, ~0ull, 8,
		      "truncated: event formats needs 18446744073709551615 bytes",
		      "bad v6: a format of 2^64 - 1 bytes");
	check_patch64(d, n, l->kallsyms_size, ~0u, 4,
		      "truncated: kallsyms needs 4294967295 bytes", "bad v6: kallsyms of 4 GiB");
	check_patch64(d, n, l->cmdlines_size, ~0ull, 8,
		      "truncated: cmdlines needs 18446744073709551615 bytes",
		      "bad v6: cmdlines of 2^64 - 1 bytes");
	check_patch64(d, n, l->nr_cpus, 5000, 4, "corrupted: 5000 CPUs", "bad v6: 5000 CPUs");
	check_patch64(d, n, l->opt_size, ~0u, 4, "truncated: options needs 4294967295 bytes",
		      "bad v6: an option of 4 GiB");
	check_patch64(d, n, l->cpu_table, 1ull << 62, 8, "past the end of the file",
		      "bad v6: CPU 0's pages at 2^62");
	check_patch64(d, n, l->cpu_table + 8, 1ull << 62, 8, "past the end of the file",
		      "bad v6: CPU 0's pages of 2^62 bytes");
	check_patch64(d, n, l->clock_size, ~0ull, 8,
		      "truncated: trace clock needs 18446744073709551615 bytes",
		      "bad v6: a trace clock of 2^64 - 1 bytes");
}

/* The file of the x86-tsc trace (which has a TSC2NSEC option), broken each way. */
static void test_bad_v6(void)
{
	struct layout l;
	struct trace tr;
	unsigned char *d;
	size_t n, tsc;

	d = write_v6(&tr, 1, dir, "bad.dat", &n, &l);
	check_cuts(d, n, &l, "bad v6");
	check_header_fields(d, n);
	check_huge(d, n, &l);
	check_patch(d, n, l.data_kind, "latency  ", 10, "a latency trace (text) is not supported",
		    "bad v6: a latency trace");
	check_patch(d, n, l.data_kind, "flyrecorX", 10, "corrupted: expected \"flyrecord\"",
		    "bad v6: an unknown data kind");
	tsc = find_option(d, &l, 14);
	check_patch64(d, n, tsc, 1u << 31, 4, "corrupted: TSC2NSEC option (mult 2147483648",
		      "bad v6: a TSC2NSEC multiplier of 2^31");
	check_patch64(d, n, tsc + 4, 33, 4, "shift 33)", "bad v6: a TSC2NSEC shift of 33");
	free(d);
	free_trace(&tr);
}

/* dat_open() takes only regular files, and does not block on a FIFO. */
static void test_open_kinds(void)
{
	char path[128];
	struct dat_file f;
	int fd;

	ok(refused(&f, dir, "a directory, not a trace.dat file"), "open: a directory");
	dat_close(&f);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	mkfifo(path, 0600);
	ok(refused(&f, path, "a FIFO, not a trace.dat file"), "open: a FIFO, without waiting");
	dat_close(&f);
	unlink(path);
	ok(refused(&f, "/dev/null", "a character device"), "open: /dev/null");
	dat_close(&f);
	snprintf(path, sizeof(path), "%s/missing.dat", dir);
	ok(refused(&f, path, "cannot open: No such file"), "open: a missing file");
	dat_close(&f);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	close(fd);
	ok(refused(&f, path, "empty file: not a trace.dat file"), "open: an empty file");
	dat_close(&f);
	unlink(path);
}

/* ---------------------------------------------------------------------------------------- */
/* Version 7 */

/* An uncompressed version 7 file whose options sections and BUFFER option are changed. */
static void check_v7_structure(const unsigned char *v6, const struct layout *l)
{
	static const struct v7_cfg cfg = { .algo = V7_NONE };
	unsigned char *d;
	struct v7_at at;
	size_t n;

	d = build_v7(v6, l, &cfg, &n, &at);
	check_patch64(d, n, at.next_a, at.opts_a, 8, "corrupted: the options sections loop",
		      "bad v7: options sections in a loop");
	check_patch64(d, n, at.header_id, 200, 2, "corrupted: no header_page section",
		      "bad v7: no HEADER_INFO option");
	check_patch64(d, n, at.header_ptr, at.kallsyms_sec, 8, "corrupted: expected section 16 at",
		      "bad v7: HEADER_INFO points at the KALLSYMS section");
	check_patch64(d, n, at.header_ptr, n + 100, 8, "is past the end",
		      "bad v7: HEADER_INFO points past the end");
	check_patch64(d, n, at.kallsyms_sec + 8, 1ull << 40, 8,
		      "truncated: section header needs 1099511627776 bytes",
		      "bad v7: a section of 2^40 bytes");
	check_patch64(d, n, at.cpu0 - 4, 5000, 4, "corrupted: buffer '' has 5000 CPUs",
		      "bad v7: a BUFFER of 5000 CPUs");
	check_patch64(d, n, at.cpu0, 5000, 4, "corrupted: buffer '' names CPU 5000",
		      "bad v7: a BUFFER naming CPU 5000");
	check_patch64(d, n, at.cpu0 + 4, n, 8, "past the end of the file",
		      "bad v7: CPU 0's data past the end");
	free(d);
	d = build_v7(v6, l, &(struct v7_cfg){ .algo = V7_NONE, .buffer_cpus = 4097 }, &n, &at);
	check_patch(d, n, 0, "", 0, "corrupted: buffer '' has 4097 CPUs",
		    "bad v7: a BUFFER of 4097 CPUs, each there");
	free(d);
}

/* Compressed version 7 files whose sizes lie, whose blocks are broken. */
static void check_v7_compressed(const unsigned char *v6, const struct layout *l)
{
	static const struct v7_cfg zlib = { .algo = V7_ZLIB }, zstd = { .algo = V7_ZSTD };
	unsigned char *d;
	struct v7_at at;
	size_t n;

	d = build_v7(v6, l, &zlib, &n, &at);
	check_patch64(d, n, at.first_usize - 4, 1u << 20, 4, "compressed size 1048576 exceeds",
		      "bad v7: zlib: a block larger than its section");
	check_patch64(d, n, at.first_usize, 0x7fffffff, 4, "bytes cannot uncompress to 2147483647",
		      "bad v7: zlib: a section's size uncompressed of 2 GiB");
	check_patch64(d, n, at.first_block + 6, 0x5a5a5a5a, 4, "a zlib block does not decompress",
		      "bad v7: zlib: a broken block");
	check_patch(d, n, at.algo_name, "lz4x", 4, "compression 'lz4x' is not supported",
		    "bad v7: an unknown compression");
	free(d);
	d = build_v7(v6, l, &zstd, &n, &at);
	check_patch64(d, n, at.first_usize, 12345, 4, "bytes cannot uncompress to 12345",
		      "bad v7: zstd: a frame whose size is not the section's");
	check_patch64(d, n, at.first_block + 8, 0x5a5a5a5a, 4, "a zstd block does not decompress",
		      "bad v7: zstd: a broken block");
	free(d);
}

/* CPU 0's data as chunks that would uncompress to more than 4 GiB, or one that cannot. */
static void check_v7_chunks(const unsigned char *v6, const struct layout *l)
{
	static const struct v7_cfg cfg = { .algo = V7_ZSTD };
	struct buf b = { 0 };
	struct v7_at at;
	size_t n, start;
	unsigned int i;
	uint64_t v;

	b.d = build_v7(v6, l, &cfg, &n, &at);
	b.n = b.cap = n;
	start = b.n;
	v = 17;
	buf_put(&b, &v, 4);
	for (i = 0; i < 17; i++) {	/* 17 x 256 MiB */
		v = 65536 | (uint64_t)(256u << 20) << 32;
		buf_put(&b, &v, 8);
		put_unsized_zstd(&b, 65536);
	}
	v = start;
	memcpy(b.d + at.cpu0 + 4, &v, 8);
	v = b.n - start;
	memcpy(b.d + at.cpu0 + 12, &v, 8);
	check_patch64(b.d, b.n, start, 17, 4,
		      "corrupted: CPU 0's data would uncompress to over 4 GiB",
		      "bad v7: chunks of over 4 GiB in all");
	check_patch64(b.d, b.n, start + 8, 1u << 30, 4,
		      "corrupted: CPU 0: a chunk of 65536 bytes cannot uncompress to 1073741824",
		      "bad v7: a chunk of 64 KiB said to make 1 GiB");
	free(b.d);
}

/* Version 7 files of the same parts, cut at every byte; then their lies. */
static void test_bad_v7(void)
{
	static const struct v7_cfg cfgs[] = {
		{ .algo = V7_NONE }, { .algo = V7_ZLIB, .compress_options = 1 },
		{ .algo = V7_ZSTD, .compress_options = 1, .page_size_field = 1 },
	};
	static const char *const tags[] = { "bad v7 none", "bad v7 zlib", "bad v7 zstd" };
	unsigned char *d, *v7;
	struct layout l;
	struct trace tr;
	struct v7_at at;
	unsigned int i;
	size_t n, n7;

	d = write_v6(&tr, 0, dir, "v6.dat", &n, &l);
	for (i = 0; i < 3; i++) {
		v7 = build_v7(d, &l, &cfgs[i], &n7, &at);
		check_cuts(v7, n7, NULL, tags[i]);
		free(v7);
	}
	check_v7_structure(d, &l);
	check_v7_compressed(d, &l);
	check_v7_chunks(d, &l);
	free(d);
	free_trace(&tr);
}

int main(void)
{
	strcpy(dir, "/tmp/test-dat-bad.XXXXXX");
	if (!mkdtemp(dir))
		return perror("mkdtemp"), 2;
	test_bad_v6();
	test_open_kinds();
	test_bad_v7();
	remove_dir(dir, tap_failed);
	return tap_done();
}
