// SPDX-License-Identifier: MIT
/*
 * evfilter.c - filters on the library's own events (tpoint record -f): the event's fields
 * described to the filter parser (filter.c), and the parsed filter kept in the event.
 *
 * A field's kind comes from tpf_classify(), given the type as the event's format text
 * spells it: the tool classifies the same text read back from a trace.dat, so a filter
 * means the same at record time (here) and on read (tpoint report -f).
 */
#include <errno.h>
#include <stdio.h>
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

/* @f's kind, from its type as event.c's format line spells it: "int", "char[16]"... */
static enum tpf_kind field_kind(const struct tpoint_field *f)
{
	char type[256];
	int n;

	n = tpoint__field_type(f, type, sizeof(type));
	if (n < 0 || (size_t)n >= sizeof(type))
		return TPF_OTHER;		/* a type that long is no number or string */
	return tpf_classify(type, f->size);
}

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
		t->kind = field_kind(&f[i]);
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
