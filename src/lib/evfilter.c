// SPDX-License-Identifier: MIT
/*
 * evfilter.c - filters on the library's own events (tpoint record -f): the event's fields
 * described to the filter parser (filter.c), and the parsed filter kept in the event.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "internal.h"

/* struct tpoint_trace_entry's members, as event.c's format text names them */
#define COMMON_FIELD(name, member, is_signed)						\
	{ name, offsetof(struct tpoint_trace_entry, member),				\
	  sizeof(((struct tpoint_trace_entry *)0)->member), is_signed, TPF_NUM }

static const struct tpf_field common_fields[] = {
	COMMON_FIELD("common_type", type, 0),
	COMMON_FIELD("common_flags", flags, 0),
	COMMON_FIELD("common_preempt_count", preempt_count, 0),
	COMMON_FIELD("common_pid", pid, 1),
};

int tpoint__event_set_filter(struct tpoint_event *ev, const char *text, char *err, size_t errlen)
{
	const struct tpoint_field *f = NULL;
	struct tpf_field *fields;
	struct tp_filter *flt;
	unsigned int nr = 0, i, n = 4;

	if (ev->fields)
		f = tpoint_event_fields(ev, &nr);
	fields = calloc(nr + 4, sizeof(*fields));
	if (!fields)
		return -ENOMEM;
	memcpy(fields, common_fields, sizeof(common_fields));
	for (i = 0; i < nr; i++) {
		struct tpf_field *t = &fields[n++];

		t->name = f[i].name;
		t->offset = f[i].offset;
		t->size = f[i].size;
		t->is_signed = f[i].is_signed;
		if (f[i].kind == TPOINT_FIELD_SCALAR &&
		    (f[i].size == 1 || f[i].size == 2 || f[i].size == 4 || f[i].size == 8))
			t->kind = TPF_NUM;
		else if (f[i].kind == TPOINT_FIELD_STRING)
			t->kind = TPF_DSTR;
		else if (f[i].kind == TPOINT_FIELD_ARRAY && f[i].elem_size == 1 &&
			 !strcmp(f[i].type, "char"))
			t->kind = TPF_STR;
		else
			t->kind = TPF_OTHER;
	}
	flt = tp_filter_parse(text, fields, n, err, errlen);
	free(fields);
	if (!flt)
		return -EINVAL;
	tp_filter_free(ev->filter);
	ev->filter = flt;
	return 0;
}

void tpoint__event_free_filter(struct tpoint_event *ev)
{
	tp_filter_free(ev->filter);
	ev->filter = NULL;
}
