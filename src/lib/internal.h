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

#endif /* TPOINT_INTERNAL_H */
