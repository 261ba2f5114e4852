/* SPDX-License-Identifier: MIT */
/* internal.h - what the files of libtpoint share and do not export. */
#ifndef TPOINT_INTERNAL_H
#define TPOINT_INTERNAL_H

#include <tpoint/tpoint.h>
#include <tpoint/static/rcu.h>

#define TPOINT_HIDDEN __attribute__((visibility("hidden")))

/* First id given to an event: clear of the kernel's (a few thousand at most). */
#define TPOINT_FIRST_EVENT_ID	32768

/* rcu.c: fork handlers, called by the registry's, which hold the registry mutex outside. */
TPOINT_HIDDEN void tpoint__rcu_atfork_prepare(void);
TPOINT_HIDDEN void tpoint__rcu_atfork_parent(void);
TPOINT_HIDDEN void tpoint__rcu_atfork_child(void);

/* event.c */
TPOINT_HIDDEN void tpoint__tid_reset(void);
TPOINT_HIDDEN int tpoint__event_has_handler(void);

/* tracepoint.c: tpoint_enable() for tpoint record: into the ring, with a filter (-f) */
TPOINT_HIDDEN int tpoint__enable_filtered(const char *pattern, const char *filter);

/* session.c */
struct ring;
TPOINT_HIDDEN extern struct ring *tpoint__ring;
TPOINT_HIDDEN void tpoint__session_init(void);
TPOINT_HIDDEN int tpoint__session_event_id(struct tpoint_event *ev);
TPOINT_HIDDEN void tpoint__session_task(int tid);
TPOINT_HIDDEN int tpoint__event_set_filter(struct tpoint_event *ev, const char *text, char *err,
					   size_t errlen);
TPOINT_HIDDEN void tpoint__event_free_filter(struct tpoint_event *ev);

#endif /* TPOINT_INTERNAL_H */
