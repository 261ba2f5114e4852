/* SPDX-License-Identifier: MIT */
/* fields.h - fields by name as text, with modifiers; templates (fields.c). */
#ifndef TPOINT_FIELDS_H
#define TPOINT_FIELDS_H

#include <stddef.h>

struct tep_handle;
struct tep_event;
struct tep_format_field;
struct tep_record;
struct trace_seq;

/* Where a field's bytes are in @rec (a __data_loc/__rel_loc followed), checked; 0 or -1. */
int field_span(struct tep_handle *tep, const struct tep_format_field *f,
	       const struct tep_record *rec, unsigned int *off, unsigned int *len);
/* An array field's element size: 1, 2, 4 or 8 (1 for an element type it does not know). */
int field_elem_size(const struct tep_format_field *f);

enum fmod { FMOD_NONE, FMOD_SIGNAME, FMOD_ERRNO, FMOD_SYSCALL, FMOD_HEX };

/* "name" or "name:modifier" */
struct fspec {
	char name[64];
	enum fmod mod;
};

int fspec_parse(struct fspec *f, const char *s, size_t n, char *err, size_t len);
/* 0, or -1 when the event has no such field. */
int fspec_render(const struct fspec *f, struct tep_handle *tep, struct tep_event *ev,
		 const struct tep_record *rec, struct trace_seq *s);
const char *syscall_name(long nr);
/* The TP_printk text, or a system call by name for raw_syscalls:sys_enter/sys_exit. */
void event_info(struct tep_handle *tep, struct tep_event *ev, struct tep_record *rec,
		struct trace_seq *s);

struct tmpl;
struct tmpl *tmpl_parse(const char *text, char *err, size_t len);
void tmpl_render(const struct tmpl *t, struct tep_handle *tep, struct tep_event *ev,
		 const struct tep_record *rec, struct trace_seq *s);
void tmpl_free(struct tmpl *t);

#endif /* TPOINT_FIELDS_H */
