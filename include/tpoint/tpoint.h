/* SPDX-License-Identifier: MIT */
/*
 * tpoint.h - the libtpoint API: the registry of tracepoints and events, probes, the
 * self-description of events (kernel format text) and their TP_printk output.
 *
 * Event headers do not include this file directly: they include <tpoint/tracepoint.h>,
 * which includes it. Programs that enumerate, enable or print events include it.
 *
 * Errors: every function that can fail returns 0 (or a count) on success and a negative
 * errno on failure; tpoint_strerror() names both errno values and tpoint's own codes.
 */
#ifndef TPOINT_TPOINT_H
#define TPOINT_TPOINT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(TPOINT_BUILD)
# define TPOINT_API __attribute__((visibility("default")))
#else
# define TPOINT_API
#endif

/* The library's version; the SONAME carries only the major. */
#define TPOINT_VERSION_MAJOR	0
#define TPOINT_VERSION_MINOR	1

/*
 * Largest entry an event may record, header included: the data area of one 4 KiB kernel
 * ring-buffer page less the 8 bytes of the largest event header, as in the kernel
 * (BUF_MAX_DATA_SIZE), so every entry fits a page of the trace.dat format.
 */
#define TPOINT_EVENT_MAX	4072

/*
 * One attached probe. A tracepoint's probes are a NULL-terminated array of these, sorted by
 * descending prio, replaced as a whole (copy on write) and read under tpoint's RCU.
 */
struct tpoint_probe {
	void (*func)(void);	/* the probe, cast to its typed signature at the call site */
	void *data;		/* first argument given to func */
	int prio;		/* higher runs first; TPOINT_PRIO_DEFAULT unless registered _prio */
};

#define TPOINT_PRIO_DEFAULT	10

/*
 * struct tpoint_tracepoint - one tracepoint, defined by CREATE_TRACE_POINTS (define_trace.h)
 * in the .probes section of the object that defines it (where USDT tools look for the
 * semaphore k.usdt), a pointer to it in its __tpoint_tracepoints_ptrs section.
 *
 * Cross-ABI: starts with struct_size, only ever grows at the end.
 */
struct tpoint_tracepoint {
	uint32_t struct_size;		/* sizeof(struct tpoint_tracepoint) when compiled */
	/*
	 * The static key: trace_<name>() tests all 32 bits with one compare, so the branch
	 * is taken while either half is nonzero. The halves have separate writers, and each
	 * writes only its own 16 bits (a 32-bit store would wipe the other's count):
	 *  k.usdt	the USDT semaphore (the stapsdt note names its address): the kernel's
	 *		uprobe reference counter (ref_ctr_offset) adds 1 for each uprobe
	 *		attached to the tracepoint's SDT probe (perf, bpftrace, SystemTap) and
	 *		removes it on detach. tpoint never writes it.
	 *  k.on	tpoint's: 1 while probes are attached. Written under the registry
	 *		mutex with a 16-bit relaxed store (tracepoint.c, tp_key_set()).
	 * Read with a relaxed 32-bit load by trace_<name>() and trace_<name>_enabled().
	 */
	union {
		uint32_t key;
		struct {
			uint16_t usdt;
			uint16_t on;
		} k;
	};
	const char *system;		/* TRACE_SYSTEM of the header that defined it */
	const char *name;
	int (*regfunc)(void);		/* TRACE_EVENT_FN: before the first probe attaches */
	void (*unregfunc)(void);	/* TRACE_EVENT_FN: after the last probe detaches */
	struct tpoint_probe *funcs;	/* RCU-protected; NULL when no probe. Written under the
					 * registry mutex with a release store, read under
					 * tpoint_rcu_read_lock() with an acquire load. */
	/* --- end of base ABI --- */
};

/* One field of an event, as its format text describes it. */
struct tpoint_field {
	const char *type;	/* C type as written: "int", "void *", "char" for char item[16] */
	const char *name;
	uint16_t offset;	/* from the start of the entry (the common header included) */
	uint16_t size;		/* bytes: of the whole array for __array, 4 for __data_loc */
	uint16_t elem_size;	/* bytes of one element (arrays), else == size */
	uint8_t is_signed;
	uint8_t kind;		/* enum tpoint_field_kind */
	int32_t array_len;	/* __array: its length; otherwise 0 */
};

enum tpoint_field_kind {
	TPOINT_FIELD_SCALAR = 0,	/* __field */
	TPOINT_FIELD_STRUCT,		/* __field_struct */
	TPOINT_FIELD_ARRAY,		/* __array */
	TPOINT_FIELD_DYNAMIC,		/* __dynamic_array, __bitmask: __data_loc type[] */
	TPOINT_FIELD_STRING,		/* __string, __string_len, __vstring: __data_loc char[] */
	TPOINT_FIELD_CPUMASK,		/* __cpumask: __data_loc cpumask_t */
	TPOINT_FIELD_REL_DYNAMIC,	/* __rel_dynamic_array, __rel_bitmask: __rel_loc type[] */
	TPOINT_FIELD_REL_STRING,	/* __rel_string: __rel_loc char[] */
	TPOINT_FIELD_REL_CPUMASK,	/* __rel_cpumask: __rel_loc cpumask_t */
};

/*
 * A __data_loc word (TPOINT_FIELD_DYNAMIC, _STRING), as the kernel lays it out: the bytes'
 * offset from the start of the entry in the low 16 bits, their length in the high 16.
 * Internal but stable: the generated code and the library's readers use these.
 */
#define TPOINT__DATA_LOC_MAX		0xffff	/* the largest offset, or length */
#define TPOINT__DATA_LOC(off, len)	((uint32_t)(off) | (uint32_t)((len) << 16))
#define TPOINT__DATA_LOC_OFF(loc)	((loc) & TPOINT__DATA_LOC_MAX)
#define TPOINT__DATA_LOC_LEN(loc)	(((loc) >> 16) & TPOINT__DATA_LOC_MAX)
/*
 * A __rel_loc word (the _REL_ kinds), as the kernel's: the same, but the offset counts from
 * the end of the word itself, not from the start of the entry.
 */
#define TPOINT__REL_LOC_OFF(field_off, loc)	((field_off) + 4 + TPOINT__DATA_LOC_OFF(loc))

/* The kernel's struct trace_entry: the common header of every recorded entry. */
struct tpoint_trace_entry {
	unsigned short type;		/* common_type: the event's id */
	unsigned char flags;		/* common_flags */
	unsigned char preempt_count;	/* common_preempt_count */
	int pid;			/* common_pid: the thread id */
};

struct tpoint_seq;
struct tpoint_module;
struct tpoint__fast_ring;	/* static/fastpath.h */

/*
 * struct tpoint_event - a trace event (TRACE_EVENT, DEFINE_EVENT...): a tracepoint plus the
 * generated probe that records it and the description that reads it back.
 *
 * Defined by CREATE_TRACE_POINTS in the __tpoint_events_ptrs section. The fields before
 * "runtime" are constant; the runtime ones belong to the registry.
 */
/*
 * In section __tpoint_fields_refs, one per event class: its fields() function and the array
 * that function returns, so that a reader of the ELF file finds the fields without running
 * anything.
 */
struct tpoint_fields_ref {
	const void *fn;
	const struct tpoint_field *fields;
	unsigned long nr;
};

struct tpoint_event {
	uint32_t struct_size;
	const char *system;
	const char *name;
	struct tpoint_tracepoint *tp;
	void (*probe)(void);			/* the event probe: (struct tpoint_event *, proto) */
	const struct tpoint_field *(*fields)(unsigned int *nr); /* the non-common fields */
	const char *print_fmt;			/* "\"fmt\", REC->a, ..." as the kernel writes it */
	int (*output)(struct tpoint_seq *s, struct tpoint_seq *tmp, const void *entry);
	/* --- end of base ABI; runtime state, owned by the registry --- */
	const struct tpoint_module *module;	/* the object that defines it */
	int id;				/* common_type of its entries; assigned at registration */
	int enabled;			/* event probe attached; under the registry mutex */
	uint64_t dropped;		/* entries not recorded (too big, no handler); atomic */
	void *filter;			/* set while disabled: what tpoint record -f gave it */
	int recorded;			/* selected by tpoint record: goes to its ring buffer */
	/*
	 * Recorded without a filter: the session's ring, which the probe reserves in inline
	 * (static/fastpath.h); NULL otherwise. Set with a release after the session was
	 * mapped, cleared before the grace period that precedes its unmapping; written only
	 * when struct_size holds it. Atomic.
	 */
	const struct tpoint__fast_ring *fast;
};

/*
 * The sections of one object (executable or shared library), given by the constructor
 * define_trace.h generates. Cross-ABI: struct_size first, append only.
 */
struct tpoint_module {
	uint32_t struct_size;
	struct tpoint_tracepoint **tp_start, **tp_stop;		/* __tpoint_tracepoints_ptrs */
	struct tpoint_event **ev_start, **ev_stop;		/* __tpoint_events_ptrs */
	const struct tpoint_enum_map **enum_start, **enum_stop;	/* __tpoint_enums_ptrs */
	/* --- end of the first ABI: objects built before the inline probe path end here --- */
	uint32_t fast_abi;	/* TPOINT__FAST_ABI (static/fastpath.h) the probes inline */
};

/*
 * struct tpoint__live_ctl - where `tpoint record -p PID` (and trace/top -p) knocks: one per
 * process, in libtpoint (or the executable linked with libtpoint.a), found by its symbol.
 * Internal but stable: the tool reads and writes it across processes (process_vm_writev,
 * which the kernel permits exactly to who may ptrace the process).
 *
 * The recorder writes recorder/seq/sock, then state = TPOINT__LIVE_REQUEST, then turns on
 * the tracepoints' keys (their k.on half). The first thread that hits one finds no probe,
 * sees the request, and starts the session thread (src/lib/attach.c), which connects to
 * the recorder's socket, maps the session memory it is sent and attaches the event probes.
 * Odd states are requests a tracepoint hit takes; nothing runs while the state is even.
 */
#define TPOINT__LIVE_MAGIC	"tpoint-live-v1"	/* 15 bytes with its NUL */
#define TPOINT__LIVE_SOCK_MAX	64			/* the socket's name, NUL included */

enum tpoint__live_state {
	TPOINT__LIVE_IDLE	= 0,	/* not traced: a recorder may request */
	TPOINT__LIVE_REQUEST	= 1,	/* a recorder asks; the next tracepoint hit takes it */
	TPOINT__LIVE_ATTACHING	= 2,	/* taken: the session thread is connecting */
	TPOINT__LIVE_ATTACHED	= 4,	/* recorded by the recorder of @recorder */
	TPOINT__LIVE_LAUNCHED	= 6,	/* started by tpoint record (TPOINT_SESSION_FD) */
};

struct tpoint__live_ctl {
	char magic[16];			/* TPOINT__LIVE_MAGIC */
	uint32_t struct_size;
	uint32_t state;			/* enum tpoint__live_state; atomic */
	int32_t recorder;		/* the requesting recorder's pid */
	uint32_t seq;			/* the recorder's request number, echoed on connect */
	char sock[TPOINT__LIVE_SOCK_MAX]; /* its abstract unix socket: the name after the NUL */
	int32_t error;			/* why the last attach failed (errno), 0 if it did not */
	uint32_t reserved;
};

TPOINT_API extern struct tpoint__live_ctl tpoint__live_ctl;

/*
 * tpoint__live_poll() - a tracepoint was hit with no probe while a recorder asks to attach:
 * take the request (one thread does), start the session thread. Called by the generated
 * code only; returns at once otherwise. Context: any, but see attach.c on signal handlers.
 */
TPOINT_API void tpoint__live_poll(void);

/* TRACE_DEFINE_ENUM(x): the value of an enum name used in a print fmt. */
struct tpoint_enum_map {
	const char *system;
	const char *name;
	unsigned long value;
};

/* Symbol and flag tables of __print_symbolic() and __print_flags(). */
struct tpoint_print_flags {
	unsigned long mask;
	const char *name;
};

/* ---------------------------------------------------------------------------------------- */
/* Registry */

/*
 * tpoint_module_register() - add the tracepoints and events of one loaded object
 * @mod: the bounds of its sections (any range may be empty or NULL)
 *
 * Called by the constructor that define_trace.h generates; every translation unit that
 * defines CREATE_TRACE_POINTS has one, and the registry counts them per object (by the
 * address of its sections). Events get their ids, and every enable rule given so far
 * applies to them. @mod must stay valid until tpoint_module_unregister().
 *
 * Context: process context, not from a probe. Takes the registry mutex.
 * Return: 0, or -ENOMEM (the object's events are then not visible); -EINVAL.
 */
TPOINT_API int tpoint_module_register(const struct tpoint_module *mod);

/*
 * tpoint_module_unregister() - remove an object's tracepoints (its destructor, at dlclose)
 *
 * The last caller for an object detaches every probe of its tracepoints and waits for a
 * grace period, so no thread runs a probe through them after it returns.
 * Context: process context. Return: 0, or -ENOENT if the object was not registered.
 */
TPOINT_API int tpoint_module_unregister(const struct tpoint_module *mod);

/*
 * tpoint_for_each_tracepoint() - call @fn for every registered tracepoint
 *
 * In the order objects registered. @fn returns 0 to go on, anything else stops the walk and
 * is returned. @fn runs under the registry mutex: it must not register or enable.
 * Return: 0 when every tracepoint was visited, or what @fn returned.
 */
TPOINT_API int tpoint_for_each_tracepoint(int (*fn)(struct tpoint_tracepoint *tp, void *arg),
					  void *arg);

/* tpoint_for_each_event() - as tpoint_for_each_tracepoint(), over events. */
TPOINT_API int tpoint_for_each_event(int (*fn)(struct tpoint_event *ev, void *arg), void *arg);

/*
 * tpoint_tracepoint_lookup() - find a tracepoint by "system:name" (exact, no glob)
 *
 * A name without "system:" matches the first tracepoint of that name in any system.
 * The pointer stays valid until the object defining it is dlclose'd.
 * Return: the tracepoint, or NULL (errno set to ENOENT, or EINVAL for a NULL name).
 */
TPOINT_API struct tpoint_tracepoint *tpoint_tracepoint_lookup(const char *name);

/* tpoint_event_lookup() - as tpoint_tracepoint_lookup(), for an event. */
TPOINT_API struct tpoint_event *tpoint_event_lookup(const char *name);

/* tpoint_event_by_id() - the event recorded with common_type @id, or NULL. */
TPOINT_API struct tpoint_event *tpoint_event_by_id(int id);

/*
 * tpoint_match() - does "system:name" match the glob @pattern?
 *
 * @pattern is "sysglob:nameglob" (fnmatch globs: "myapp:*", "*:*_done"), or a name glob
 * alone, which matches in every system, as in ftrace's set_event.
 * Return: 1 on a match, 0 otherwise.
 */
TPOINT_API int tpoint_match(const char *pattern, const char *system, const char *name);

/* ---------------------------------------------------------------------------------------- */
/* Probes (the typed register_trace_<name>() wrappers call these) */

/*
 * tracepoint_probe_register_prio() - attach a probe to a tracepoint
 * @tp: the tracepoint
 * @func: the probe, of type void (*)(void *data, proto...) cast to void (*)(void)
 * @data: its first argument
 * @prio: higher runs first; equal priorities run in registration order
 *
 * The probe array is replaced copy-on-write; the old one is freed after a grace period.
 * Safe while other threads fire the tracepoint. Runs TRACE_EVENT_FN's regfunc before the
 * first probe is attached.
 *
 * Context: process context, not from within a probe of the same tracepoint (the registry
 * mutex is not recursive). Takes the registry mutex.
 * Return: 0; -EEXIST if @func with @data is already attached; -ENOMEM; -EINVAL for a NULL
 * @tp or @func; or the negative value regfunc returned.
 */
TPOINT_API int tracepoint_probe_register_prio(struct tpoint_tracepoint *tp, void (*func)(void),
					      void *data, int prio);

/* tracepoint_probe_register() - tracepoint_probe_register_prio() at TPOINT_PRIO_DEFAULT. */
TPOINT_API int tracepoint_probe_register(struct tpoint_tracepoint *tp, void (*func)(void),
					 void *data);

/*
 * tracepoint_probe_unregister() - detach a probe
 *
 * Frees the replaced probe array after a grace period, so it returns only when no thread
 * is still inside the probe through this tracepoint: a stronger promise than the kernel's
 * (which defers the free), kept because it needs no reclaim thread. Code written for the
 * kernel's contract, calling tracepoint_synchronize_unregister() before freeing what the
 * probe uses, stays correct. Runs TRACE_EVENT_FN's unregfunc after the last probe is
 * detached.
 * Context: as for register. Return: 0; -ENOENT if @func with @data is not attached;
 * -ENOMEM; -EINVAL.
 */
TPOINT_API int tracepoint_probe_unregister(struct tpoint_tracepoint *tp, void (*func)(void),
					   void *data);

/*
 * tracepoint_synchronize_unregister() - wait until no thread is inside a probe that was
 * unregistered before the call.
 * Context: process context, never from within a probe (it would wait for itself).
 */
TPOINT_API void tracepoint_synchronize_unregister(void);

/* ---------------------------------------------------------------------------------------- */
/* Events */

/*
 * tpoint_event_handler_fn - where the built-in event probe hands a finished entry
 * @ev: the event
 * @entry: the entry as recorded: struct tpoint_trace_entry, the fields, the dynamic data
 * @size: its size in bytes
 * @data: what tpoint_set_event_handler() was given
 *
 * Context: the thread that hit the tracepoint, inside its probe: possibly a signal handler.
 */
typedef void (*tpoint_event_handler_fn)(struct tpoint_event *ev, const void *entry, size_t size,
					void *data);

/*
 * tpoint_set_event_handler() - set the consumer of the entries enabled events record
 *
 * Replaces the previous handler; waits for a grace period, so the old handler is not
 * running when it returns. NULL drops entries (they are still counted as dropped).
 * When the process runs under `tpoint record` (or trace, top), the events selected there
 * go to its ring buffers instead; the others still come here.
 * Context: process context. Return: 0.
 */
TPOINT_API int tpoint_set_event_handler(tpoint_event_handler_fn fn, void *data);

/*
 * tpoint_enable() - attach the event probe to every event matching @pattern
 * @pattern: see tpoint_match()
 *
 * The rule is kept: events of objects loaded later (dlopen) that match are enabled when they
 * register. Rules apply in the order given, each tpoint_disable() after them too.
 * Context: process context. Takes the registry mutex.
 * Return: the number of events now enabled by this call (0 when none matched yet); -EINVAL
 * for an empty or NULL pattern; -ENOMEM.
 */
TPOINT_API int tpoint_enable(const char *pattern);

/* tpoint_disable() - detach the event probe from every matching event; as tpoint_enable(). */
TPOINT_API int tpoint_disable(const char *pattern);

/*
 * tpoint_event_format() - the event's format text, as the kernel's
 * /sys/kernel/tracing/events/<system>/<event>/format shows it
 * @buf, @len: where to write it, NUL-terminated (may be NULL, 0 to size it)
 *
 * Return: the length of the whole text (not counting the NUL), as snprintf; -EINVAL.
 */
TPOINT_API int tpoint_event_format(const struct tpoint_event *ev, char *buf, size_t len);

/*
 * tpoint_event_print_fmt() - the "print fmt:" text of the event, enum names replaced by their
 * values (TRACE_DEFINE_ENUM), as tpoint_event_format() shows it. Return: as snprintf.
 */
TPOINT_API int tpoint_event_print_fmt(const struct tpoint_event *ev, char *buf, size_t len);

/*
 * tpoint_event_print() - turn an entry back into text with the event's TP_printk
 * @entry, @size: as recorded
 * @buf, @len: output, always NUL-terminated when @len > 0
 *
 * The format is applied with the C library's printf, helpers (__print_symbolic,
 * __print_flags, __print_hex, __print_array, __get_bitmask...) as the kernel prints them.
 * Return: the length of the text (as snprintf, may exceed @len); -EINVAL when @size is too
 * small for the event or a __data_loc points outside the entry.
 */
TPOINT_API int tpoint_event_print(const struct tpoint_event *ev, const void *entry, size_t size,
				  char *buf, size_t len);

/* tpoint_event_fields() - the event's own fields (common ones excluded), @nr set. */
TPOINT_API const struct tpoint_field *tpoint_event_fields(const struct tpoint_event *ev,
							  unsigned int *nr);

/* ---------------------------------------------------------------------------------------- */
/* Errors */

/*
 * tpoint's own error codes, clear of errno: one list, expanded into the enum and the messages.
 */
#define TPOINT_ERRORS(_)							\
	_(TOO_BIG,	"entry larger than TPOINT_EVENT_MAX")				\
	_(BAD_ENTRY,	"entry does not match its event (size or __data_loc)")	\
	_(NO_EVENT,	"no event with that id")

#define TPOINT__ERRNUM(code, msg) TPOINT_E_##code,
enum tpoint_errno {
	TPOINT_E_FIRST = -100000,
	TPOINT_ERRORS(TPOINT__ERRNUM)
	TPOINT_E_LAST,
};
#undef TPOINT__ERRNUM

/* tpoint_strerror() - message for a negative errno or a TPOINT_E_* code; never NULL. */
TPOINT_API const char *tpoint_strerror(int err);

/* ---------------------------------------------------------------------------------------- */
/* Internals the generated code calls (tpoint__ prefix: not for direct use) */

/* Output buffer of the print path. */
struct tpoint_seq {
	char *buf;
	size_t size;
	size_t len;	/* may exceed size: what a big enough buffer would have held */
};

TPOINT_API void tpoint__seq_printf(struct tpoint_seq *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
TPOINT_API const char *tpoint__print_symbolic(struct tpoint_seq *p, unsigned long val,
					      const struct tpoint_print_flags *syms);
TPOINT_API const char *tpoint__print_symbolic_u64(struct tpoint_seq *p, unsigned long long val,
						  const struct tpoint_print_flags *syms);
TPOINT_API const char *tpoint__print_flags(struct tpoint_seq *p, const char *delim,
					   unsigned long flags,
					   const struct tpoint_print_flags *flag_array);
TPOINT_API const char *tpoint__print_hex(struct tpoint_seq *p, const void *buf, int len,
					 int concatenate);
TPOINT_API const char *tpoint__print_array(struct tpoint_seq *p, const void *buf, int count,
					   int el_size);
TPOINT_API const char *tpoint__print_bitmask(struct tpoint_seq *p, const void *bitmask,
					     unsigned int size);
TPOINT_API const char *tpoint__print_cpumask(struct tpoint_seq *p, const void *mask,
					     unsigned int size);
TPOINT_API int tpoint__vstr_len(const char *fmt, va_list *va);
TPOINT_API void tpoint__event_drop(struct tpoint_event *ev);
/* An entry of @size bytes that no ring page holds (0: its size could not be computed). */
TPOINT_API void tpoint__event_oversize(struct tpoint_event *ev, size_t size);
TPOINT_API void tpoint__event_emit(struct tpoint_event *ev, void *entry, size_t size);

/*
 * struct tpoint_reservation - an event probe's place for its entry: in the recorder's ring
 * buffer when the process is traced (reserve, fill, commit), else on the probe's stack, for
 * the event handler or for the event's filter.
 *
 * Internal but stable: the generated probe keeps one on its stack and hands it to
 * tpoint__event_reserve() and tpoint__event_commit(), so its size and layout belong to the
 * ABI of the major version. The ring (src/lib/ring.h) fills the first five fields; the
 * generated code reads only @local, through tpoint__reservation_local().
 */
struct tpoint_reservation {
	void *meta;		/* the ring's: the page's struct ring_meta */
	unsigned char *slot;	/* the ring's: the event's header */
	uint32_t len;		/* the ring's: bytes reserved, the time extend included */
	uint32_t need;		/* the ring's: bytes of the event itself */
	uint32_t delta;		/* the ring's: the event's own time_delta */
	int local;		/* enum tpoint__res_where, set by tpoint__event_reserve() */
};

/*
 * Where the probe builds its entry (tpoint_reservation.local). Internal but stable: only
 * "TPOINT__RES_RING is 0" is part of the ABI (generated code tests it); the other values
 * are the library's to give and to read back in tpoint__event_commit().
 */
enum tpoint__res_where {
	TPOINT__RES_RING = 0,	/* in the ring; a NULL from reserve means lost (counted) */
	TPOINT__RES_HANDLER,	/* on the probe's stack, for the event handler */
	TPOINT__RES_FILTER,	/* on the probe's stack, filtered before it takes ring space */
};

/*
 * tpoint__reservation_local() - after tpoint__event_reserve() returned NULL: is the entry
 * to be built on the probe's stack (1), or was it lost (0, already counted)?
 * Internal but stable: what the generated probe calls.
 */
static inline int tpoint__reservation_local(const struct tpoint_reservation *res)
{
	return res->local != TPOINT__RES_RING;
}
TPOINT_API void *tpoint__event_reserve(struct tpoint_event *ev, struct tpoint_reservation *res,
				       size_t size);
TPOINT_API void tpoint__event_commit(struct tpoint_event *ev, struct tpoint_reservation *res,
				     void *entry, size_t size);
TPOINT_API int tpoint__current_tid(void);

#ifdef __cplusplus
}
#endif

#endif /* TPOINT_TPOINT_H */
