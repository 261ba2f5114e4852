/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of libtpoint share and do not export.
 *
 * Layers, top first: a file calls only files listed below it, never one above (nor, through
 * others, itself). tests/unit/lib-layers.sh reads the calls from the objects and checks it.
 *
 *   attach.c      a recorder attaching to this running process (tpoint record -p): the
 *                 knock a tracepoint hit takes, the session thread while attached
 *   tracepoint.c  the registry: objects, tracepoints, events, probes, enable rules; the
 *                 session's start (attach, then its rules)
 *   evfilter.c    filters on the library's events (tpoint record -f), kept in the event
 *   idreg.c       the session's event ids: formats registered in the shared memory
 *   probe.c       the probes' path, per event: reserve, filter, commit, the handler, drops;
 *                 the thread id
 *   session.c     attach to tpoint record's shared memory; thread names in it
 *   sesread.c     the recorder's reader of that memory (the tool's; the library's own
 *                 files do not call it)
 *   ring.c        the per-CPU ring buffers in it
 *   page.c        the kernel's ring-buffer page format
 *   event.c       events' format text and TP_printk output; error messages
 *   print.c       the TP_printk helpers (__print_flags...) the generated output calls
 *   symbol.c      the function an address of this process is in (%ps, %pS)
 *   filter.c      the kernel's filter grammar: parse, evaluate
 *   rcu.c         grace periods (the read side is inline: static/rcu.h)
 *
 * The generated code (include/tpoint/stages/) calls only what tpoint.h exports.
 */
#ifndef TPOINT_INTERNAL_H
#define TPOINT_INTERNAL_H

#include <stdio.h>
#include <tpoint/tpoint.h>
#include <tpoint/static/fastpath.h>
#include <tpoint/static/rcu.h>

#include "ring.h"

/*
 * @f's type as its format line spells it, before the name: "int", "char[16]" (with
 * @f->array_len), "__data_loc char[]", "__rel_loc cpumask_t"... snprintf's count.
 */
static inline int tpoint__field_type(const struct tpoint_field *f, char *buf, size_t len)
{
	switch (f->kind) {
	case TPOINT_FIELD_ARRAY:
		return snprintf(buf, len, "%s[%d]", f->type, f->array_len);
	case TPOINT_FIELD_DYNAMIC:
	case TPOINT_FIELD_STRING:
		return snprintf(buf, len, "__data_loc %s[]", f->type);
	case TPOINT_FIELD_CPUMASK:
		return snprintf(buf, len, "__data_loc %s", f->type);
	case TPOINT_FIELD_REL_DYNAMIC:
	case TPOINT_FIELD_REL_STRING:
		return snprintf(buf, len, "__rel_loc %s[]", f->type);
	case TPOINT_FIELD_REL_CPUMASK:
		return snprintf(buf, len, "__rel_loc %s", f->type);
	default:
		return snprintf(buf, len, "%s", f->type);
	}
}

/* The offset in the entry of the bytes of @f, a __data_loc or __rel_loc field of word @loc. */
static inline uint32_t tpoint__field_loc_off(const struct tpoint_field *f, uint32_t loc)
{
	if (f->kind >= TPOINT_FIELD_REL_DYNAMIC)
		return TPOINT__REL_LOC_OFF((uint32_t)f->offset, loc);
	return TPOINT__DATA_LOC_OFF(loc);
}

#define TPOINT_HIDDEN __attribute__((visibility("hidden")))

/* First id given to an event outside a session: the same as in one, clear of the kernel's. */
#define TPOINT_FIRST_EVENT_ID	RING_FIRST_ID

/*
 * tracepoint.c: a recorder attached (attach.c): the events take the session's ids, the
 * rules @spec ("pattern<TAB>filter" lines) apply, every key is set as its probes say.
 * tpoint__registry_leave() undoes the rules and the recording, and with @grace waits until
 * no probe still records (not in a forked child, alone).
 */
TPOINT_HIDDEN void tpoint__registry_join(const char *spec);
TPOINT_HIDDEN void tpoint__registry_leave(int grace);

/*
 * symbol.c: the function of this process @addr is in: its name in @name, @addr's offset
 * in it in *@off. 0, or -1 when no object maps it or its file names no function below it.
 */
TPOINT_HIDDEN int tpoint__symbol(const void *addr, char *name, size_t len, unsigned long *off);

/* evfilter.c: a filter on @ev's entries, @text in the kernel's grammar; error in @err. */
TPOINT_HIDDEN int tpoint__event_set_filter(struct tpoint_event *ev, const char *text, char *err,
					   size_t errlen);
/* Context: after a grace period since the event's probe was detached. */
TPOINT_HIDDEN void tpoint__event_free_filter(struct tpoint_event *ev);

/* idreg.c: @ev's id in the session (tpoint__ring set), or -1 (not traced, no room). */
TPOINT_HIDDEN int tpoint__session_event_id(struct tpoint_event *ev);

/* probe.c: in a fork child, the forking thread has a new id. */
TPOINT_HIDDEN void tpoint__tid_reset(void);

/* session.c */
struct ring;
/*
 * The session's ring, NULL when not traced, and how the probes read the CPU and the clock.
 * Set by tpoint__session_attach() (or _join()), before any probe that reads them is
 * attached; cleared by tpoint__session_leave() after the last one stopped recording.
 */
TPOINT_HIDDEN extern struct ring *tpoint__ring;
TPOINT_HIDDEN extern int tpoint__session_rseq;	/* the CPU from rseq, not sched_getcpu() */
TPOINT_HIDDEN extern int tpoint__session_tsc;	/* the session's clock is the TSC */
/*
 * Attach to the session TPOINT_SESSION_FD names, if any.
 * Context: once per process (tracepoint.c's pthread_once), before any event has an id.
 * Return: the rules (TPOINT_EVENTS) to apply when attached, else NULL.
 */
TPOINT_HIDDEN const char *tpoint__session_attach(void);
/*
 * A recorder attaching to this running process (attach.c) sent the session in @fd: map it
 * and publish it to the probes. 0, or -1 (said why). tpoint__session_leave() undoes it,
 * once no probe records into it any more (the caller waited a grace period).
 */
TPOINT_HIDDEN int tpoint__session_join(int fd);
/* The session's ring as the inline probe path reads it, or NULL when not traced. */
TPOINT_HIDDEN const struct tpoint__fast_ring *tpoint__session_fast(void);
TPOINT_HIDDEN void tpoint__session_leave(void);
/* Every thread's name into the session (the attached process's threads already ran). */
TPOINT_HIDDEN void tpoint__session_name_threads(void);
/* A thread's first event: its name for the recorder. Context: any, as the probes. */
TPOINT_HIDDEN void tpoint__session_task(int tid);

/* rcu.c: fork handlers, called by the registry's, which hold the registry mutex outside. */
TPOINT_HIDDEN void tpoint__rcu_atfork_prepare(void);
TPOINT_HIDDEN void tpoint__rcu_atfork_parent(void);
TPOINT_HIDDEN void tpoint__rcu_atfork_child(void);

#endif /* TPOINT_INTERNAL_H */
