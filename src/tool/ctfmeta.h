/* SPDX-License-Identifier: MIT */
/*
 * ctfmeta.h - CTF 1.8 metadata (TSDL) for a trace.dat file (ctfmeta.c): the trace, its
 * clock and stream class, and one event class per event format, every field typed from
 * the format, with how each field is laid out in the data streams (ctf.c writes them).
 */
#ifndef TPOINT_CTFMETA_H
#define TPOINT_CTFMETA_H

#include <stdint.h>

struct tep_event;
struct tep_format_field;
struct tep_print_flag_sym;
struct trace_seq;

/* Bytes before the first event of a packet: its header and context, as ctf_meta_head() says. */
#define CTF_PACKET_HEAD		68
#define CTF_MAGIC		0xC1FC1FC1u

enum ctf_kind {
	CTF_INT,	/* 1, 2, 4 or 8 bytes as the event has them; an enum where symbols are */
	CTF_STRING,	/* char[N], __data_loc char[]: the bytes up to the first NUL, a NUL */
	CTF_ARRAY,	/* a static array: its bytes as the event has them */
	CTF_SEQ,	/* a dynamic array: its count of elements (u32), then its bytes */
};

struct ctf_field {
	const struct tep_format_field *f;
	enum ctf_kind kind;
	unsigned int es;		/* a number's or an element's size in bytes */
	unsigned int nr;		/* CTF_ARRAY: its elements */
	int is_signed, hex;
	const struct tep_print_flag_sym *syms;	/* __print_symbolic()'s, or NULL */
	char *name;			/* a TSDL identifier: "_" and the field's name */
	char *len_name;			/* CTF_SEQ: its count's */
};

/* An event format as a CTF event class: its common fields, then its own. */
struct ctf_class {
	const struct tep_event *ev;
	struct ctf_field *fields;
	unsigned int nr;
};

/* What the trace's metadata says of it besides its events. */
struct ctf_head {
	unsigned char uuid[16];
	int big_endian;			/* the file's: the events' numbers are copied as they are */
	const char *clock;		/* the trace.dat file's clock ("mono", "x86-tsc"...) */
	int clock_monotonic;		/* its times are CLOCK_MONOTONIC's ns */
	const char *uname;		/* the recording's "sysname host release machine", or NULL */
};

/* @c for @ev: 0, or -1 when out of memory. */
int ctf_class_init(struct ctf_class *c, const struct tep_event *ev);
void ctf_class_free(struct ctf_class *c);
/* The metadata up to the event classes: the trace, env, clock and stream class. */
void ctf_meta_head(struct trace_seq *q, const struct ctf_head *h);
/* The TSDL of the event class @c. */
void ctf_meta_event(struct trace_seq *q, const struct ctf_class *c);

#endif /* TPOINT_CTFMETA_H */
