// SPDX-License-Identifier: MIT
/*
 * tracepoint.c - the registry of tracepoints and events, and their probes.
 *
 * Objects (the executable and each shared library) that define tracepoints register the
 * bounds of their two sections from a constructor that define_trace.h generates:
 *
 *   modules --> [exe: tp_start..tp_stop, ev_start..ev_stop, refs] --> [libfoo.so ...] --> NULL
 *                     |                                                 (dlopen: appended;
 *                     v                                                  dlclose: removed)
 *               __tpoint_tracepoints_ptrs: &__tracepoint_a, &__tracepoint_b, ...
 *               __tpoint_events_ptrs:      &__tpoint_event_a, ...
 *
 * A tracepoint's probes are a NULL-terminated array sorted by priority, never changed in
 * place: each update builds a new array, publishes it with a release store (the readers'
 * acquire is in __tpoint_do_trace_<name>), and frees the old one only after an RCU grace
 * period, when no thread can still be walking it:
 *
 *   tp->funcs ---> [ {f1,d1,20} {f2,d2,10} {NULL} ]        old, freed after a grace period
 *           \
 *            `--> [ {f1,d1,20} {f3,d3,15} {f2,d2,10} {NULL} ]   new, published
 *
 * Locking: registry_mutex protects the module list, the enable rules, event ids and every
 * update of tp->funcs, tpoint's half of the key (tp->k.on, tp_key_set()) and ev->enabled.
 * It is the outer lock: the RCU grace-period mutex nests inside it. Probes never take it
 * (they run lock-free), and must not call the functions here that do (documented in
 * tpoint.h). The other half of the key, tp->k.usdt, belongs to the kernel (USDT).
 * Fork: the handlers take registry_mutex then the RCU mutex, and release both on each side.
 * Traced by tpoint record: the first object to register attaches to the session (session.c)
 * and applies its rules, once, before its events get their ids from it (idreg.c).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct tp_module {
	const struct tpoint_module *mod; /* the first registrant's; every one has the same bounds */
	int refs;			/* translation units of the object that registered it */
	struct tp_module *next;
};

struct tp_rule {
	char *pattern;
	char *filter;			/* for the events it enables, or NULL */
	int enable;			/* 1: tpoint_enable(), 0: tpoint_disable() */
	int record;			/* from tpoint record: its events go to the ring */
	struct tp_rule *next;
};

/* An old probe array waiting for the grace period that frees it. */
struct tp_release {
	struct tpoint_probe *funcs;
	struct tp_release *next;
};

static pthread_mutex_t registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct tp_module *modules;		/* registry_mutex */
static struct tp_rule *rules, **rules_tail = &rules; /* registry_mutex; in order given */
static int next_event_id = TPOINT_FIRST_EVENT_ID; /* registry_mutex */
static struct tp_release *release_list;	/* registry_mutex */

#define for_each_module_tp(m, pos)						\
	for ((pos) = (m)->mod->tp_start; (pos) && (pos) < (m)->mod->tp_stop; (pos)++)
#define for_each_module_ev(m, pos)						\
	for ((pos) = (m)->mod->ev_start; (pos) && (pos) < (m)->mod->ev_stop; (pos)++)

static void registry_atfork_prepare(void)
{
	pthread_mutex_lock(&registry_mutex);
	tpoint__rcu_atfork_prepare();
}

static void registry_atfork_parent(void)
{
	tpoint__rcu_atfork_parent();
	pthread_mutex_unlock(&registry_mutex);
}

static void registry_atfork_child(void)
{
	tpoint__rcu_atfork_child();
	tpoint__tid_reset();
	pthread_mutex_unlock(&registry_mutex);
}

/*
 * Before the default constructors (priority): attach.c's fork handler, registered in one,
 * must run after this one's child handler has released registry_mutex.
 */
static void __attribute__((constructor(200))) registry_init(void)
{
	pthread_atfork(registry_atfork_prepare, registry_atfork_parent, registry_atfork_child);
}

/* ---------------------------------------------------------------------------------------- */
/* Probe arrays */

static unsigned int probes_count(const struct tpoint_probe *funcs)
{
	unsigned int n = 0;

	while (funcs && funcs[n].func)
		n++;
	return n;
}

/* Queue @old to be freed after the next grace period. Context: registry_mutex held. */
static int release_later(struct tpoint_probe *old)
{
	struct tp_release *r;

	if (!old)
		return 0;
	r = malloc(sizeof(*r));
	if (!r) {
		/* No memory to defer: wait here instead. */
		tpoint_rcu_synchronize();
		free(old);
		return 0;
	}
	r->funcs = old;
	r->next = release_list;
	release_list = r;
	return 0;
}

/* One grace period for every array queued. Context: registry_mutex held. */
static void release_now(void)
{
	struct tp_release *r, *next;

	if (!release_list)
		return;
	tpoint_rcu_synchronize();
	for (r = release_list; r; r = next) {
		next = r->next;
		free(r->funcs);
		free(r);
	}
	release_list = NULL;
}

/* Publish @funcs. Context: registry_mutex held. */
static void tp_publish(struct tpoint_tracepoint *tp, struct tpoint_probe *funcs)
{
	/*
	 * Release: the array's contents are written before it becomes reachable. Pairs with
	 * the acquire load (tpoint_rcu_dereference) in __tpoint_do_trace_<name>().
	 */
	__atomic_store_n(&tp->funcs, funcs, __ATOMIC_RELEASE);
}

/*
 * Open (@on = 1) or close (0) tpoint's half of the static key, k.on. Context: registry_mutex
 * held: the only writer of k.on in this process (a recorder attaching from outside knocks
 * on it with process_vm_writev before any thread here takes its request: attach.c).
 *
 * A 16-bit store, never one to the whole 32-bit key: the other half, k.usdt, is the USDT
 * semaphore, which the kernel changes (uprobe ref_ctr) whenever perf, bpftrace or SystemTap
 * attach to or detach from this tracepoint's SDT probe. The two halves are separate bytes,
 * so neither writer can undo the other's store.
 *
 * Relaxed: the key only lets threads into the slow path (trace_<name>() reads all 32 bits
 * with a relaxed load), where the acquire load of funcs in __tpoint_do_trace_<name>()
 * orders what they read; it pairs with the release in tp_publish(). The key is opened after
 * the array is published and closed before it is withdrawn.
 */
static void tp_key_set(struct tpoint_tracepoint *tp, int on)
{
	__atomic_store_n(&tp->k.on, (uint16_t)(on ? 1 : 0), __ATOMIC_RELAXED);
}

static int tp_add_probe(struct tpoint_tracepoint *tp, void (*func)(void), void *data, int prio)
{
	struct tpoint_probe *old, *new_funcs;
	unsigned int n, i, j;
	int ret;

	/* Relaxed: only writers, all under registry_mutex, store it. */
	old = __atomic_load_n(&tp->funcs, __ATOMIC_RELAXED);
	n = probes_count(old);
	for (i = 0; i < n; i++)
		if (old[i].func == func && old[i].data == data)
			return -EEXIST;

	new_funcs = malloc((n + 2) * sizeof(*new_funcs));
	if (!new_funcs)
		return -ENOMEM;
	/* Higher priority first; among equals, in the order registered. */
	for (i = 0, j = 0; i < n && old[i].prio >= prio; i++)
		new_funcs[j++] = old[i];
	new_funcs[j].func = func;
	new_funcs[j].data = data;
	new_funcs[j].prio = prio;
	j++;
	for (; i < n; i++)
		new_funcs[j++] = old[i];
	new_funcs[j].func = NULL;
	new_funcs[j].data = NULL;
	new_funcs[j].prio = 0;

	if (n == 0 && tp->regfunc) {
		ret = tp->regfunc();
		if (ret < 0) {
			free(new_funcs);
			return ret;
		}
	}
	tp_publish(tp, new_funcs);
	/* After the array is published: see tp_key_set(). */
	if (n == 0)
		tp_key_set(tp, 1);
	return release_later(old);
}

static int tp_remove_probe(struct tpoint_tracepoint *tp, void (*func)(void), void *data)
{
	struct tpoint_probe *old, *new_funcs = NULL;
	unsigned int n, i, j;

	/* Relaxed: only writers, all under registry_mutex, store it. */
	old = __atomic_load_n(&tp->funcs, __ATOMIC_RELAXED);
	n = probes_count(old);
	for (i = 0; i < n; i++)
		if (old[i].func == func && old[i].data == data)
			break;
	if (i == n)
		return -ENOENT;

	if (n > 1) {
		new_funcs = malloc(n * sizeof(*new_funcs));
		if (!new_funcs)
			return -ENOMEM;
		for (i = 0, j = 0; i < n; i++)
			if (!(old[i].func == func && old[i].data == data))
				new_funcs[j++] = old[i];
		new_funcs[j].func = NULL;
		new_funcs[j].data = NULL;
		new_funcs[j].prio = 0;
	} else {
		/*
		 * Last probe: close tpoint's half of the static branch first; late readers
		 * find funcs NULL (see tp_key_set()).
		 */
		tp_key_set(tp, 0);
	}
	tp_publish(tp, new_funcs);
	if (!new_funcs && tp->unregfunc)
		tp->unregfunc();
	return release_later(old);
}

/* Detach everything (the object goes away). Context: registry_mutex held. */
static void tp_remove_all(struct tpoint_tracepoint *tp)
{
	/* Relaxed: only writers, all under registry_mutex, store it. */
	struct tpoint_probe *old = __atomic_load_n(&tp->funcs, __ATOMIC_RELAXED);

	if (!old)
		return;
	tp_key_set(tp, 0);
	tp_publish(tp, NULL);
	if (tp->unregfunc)
		tp->unregfunc();
	release_later(old);
}

int tracepoint_probe_register_prio(struct tpoint_tracepoint *tp, void (*func)(void), void *data,
				   int prio)
{
	int ret;

	if (!tp || !func)
		return -EINVAL;
	pthread_mutex_lock(&registry_mutex);
	ret = tp_add_probe(tp, func, data, prio);
	release_now();
	pthread_mutex_unlock(&registry_mutex);
	return ret;
}

int tracepoint_probe_register(struct tpoint_tracepoint *tp, void (*func)(void), void *data)
{
	return tracepoint_probe_register_prio(tp, func, data, TPOINT_PRIO_DEFAULT);
}

int tracepoint_probe_unregister(struct tpoint_tracepoint *tp, void (*func)(void), void *data)
{
	int ret;

	if (!tp || !func)
		return -EINVAL;
	pthread_mutex_lock(&registry_mutex);
	ret = tp_remove_probe(tp, func, data);
	release_now();
	pthread_mutex_unlock(&registry_mutex);
	return ret;
}

void tracepoint_synchronize_unregister(void)
{
	tpoint_rcu_synchronize();
}

/* ---------------------------------------------------------------------------------------- */
/* Matching and enable rules */

int tpoint_match(const char *pattern, const char *system, const char *name)
{
	const char *colon;
	char sysglob[256];
	size_t len;

	if (!pattern || !system || !name)
		return 0;
	colon = strchr(pattern, ':');
	if (!colon)
		return fnmatch(pattern, name, 0) == 0;
	len = (size_t)(colon - pattern);
	if (len >= sizeof(sysglob))
		return 0;
	memcpy(sysglob, pattern, len);
	sysglob[len] = '\0';
	return fnmatch(sysglob, system, 0) == 0 && fnmatch(colon + 1, name, 0) == 0;
}

/* Attach or detach the event probe of @ev. Context: registry_mutex held. */
static int event_set_enabled(struct tpoint_event *ev, int enable)
{
	int ret;

	if (!!ev->enabled == !!enable)
		return 0;
	if (enable)
		ret = tp_add_probe(ev->tp, ev->probe, ev, TPOINT_PRIO_DEFAULT);
	else
		ret = tp_remove_probe(ev->tp, ev->probe, ev);
	if (ret == -EEXIST || ret == -ENOENT)
		ret = 0;
	if (ret == 0)
		ev->enabled = enable;
	return ret;
}

/*
 * Point @ev's inline probe path (static/fastpath.h) at the session's ring while it is
 * recorded without a filter, else at nothing. Only events that have the pointer: their
 * struct holds it (objects registered are built for this TPOINT__FAST_ABI, or before it).
 * Context: registry_mutex held.
 */
static void event_fast_publish(struct tpoint_event *ev)
{
	const struct tpoint__fast_ring *f = NULL;

	if (ev->struct_size < offsetof(struct tpoint_event, fast) + sizeof(ev->fast))
		return;
	if (ev->recorded && !ev->filter)
		f = tpoint__session_fast();
	/*
	 * Release: the session (mapped, published) before the pointer; pairs with the acquire
	 * in tpoint__fast_reserve(). Cleared, it is ordered for probes by the grace period
	 * tpoint__registry_leave() waits before the session is unmapped.
	 */
	__atomic_store_n(&ev->fast, f, __ATOMIC_RELEASE);
}

/* Apply rule @r to @ev. Context: registry_mutex held. */
static int rule_apply(const struct tp_rule *r, struct tpoint_event *ev)
{
	char err[512];

	/*
	 * A filter is read only on the recording path, after recorded (acquire): it may be set
	 * on an event the program enabled itself, as long as it is not recorded yet.
	 */
	if (r->enable && r->filter && !ev->recorded &&
	    tpoint__event_set_filter(ev, r->filter, err, sizeof(err))) {
		fprintf(stderr, "tpoint: %s:%s is not recorded: %s\n", ev->system, ev->name, err);
		return 0;
	}
	/* Before the probe is attached: its first entry already knows where to go. */
	if (r->record && r->enable)
		/*
		 * Release: the session (mapped, published) before recorded; pairs with the
		 * acquire in tpoint__event_reserve(), for a probe attached long before.
		 */
		__atomic_store_n(&ev->recorded, 1, __ATOMIC_RELEASE);
	event_fast_publish(ev);
	return event_set_enabled(ev, r->enable);
}

static void rule_free(struct tp_rule *r)
{
	free(r->pattern);
	free(r->filter);
	free(r);
}

static int rule_add(const char *pattern, int enable, const char *filter, int record,
		    struct tp_rule **added)
{
	struct tp_rule *r, **pp;

	/*
	 * A pattern given again replaces its earlier rule: the list stays bounded. The
	 * program's own rules and a recorder's are apart: a detach removes only the latter.
	 */
	for (pp = &rules; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->pattern, pattern) == 0 && (*pp)->record == record) {
			r = *pp;
			*pp = r->next;
			if (rules_tail == &r->next)
				rules_tail = pp;
			rule_free(r);
			break;
		}
	}
	r = malloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->pattern = strdup(pattern);
	r->filter = filter ? strdup(filter) : NULL;
	if (!r->pattern || (filter && !r->filter)) {
		rule_free(r);
		return -ENOMEM;
	}
	*added = r;
	r->enable = enable;
	r->record = record;
	r->next = NULL;
	*rules_tail = r;
	rules_tail = &r->next;
	return 0;
}

static int set_enabled(const char *pattern, int enable, const char *filter, int record)
{
	struct tp_module *m;
	struct tpoint_event **pos;
	struct tp_rule *rule = NULL;
	int ret, count = 0;

	if (!pattern || !*pattern)
		return -EINVAL;
	pthread_mutex_lock(&registry_mutex);
	ret = rule_add(pattern, enable, filter, record, &rule);
	for (m = modules; m && ret == 0; m = m->next) {
		for_each_module_ev(m, pos) {
			if (!tpoint_match(pattern, (*pos)->system, (*pos)->name))
				continue;
			int was = !!(*pos)->enabled;

			ret = rule_apply(rule, *pos);
			if (was != !!(*pos)->enabled)
				count++;
			if (ret)
				break;
		}
	}
	release_now();
	pthread_mutex_unlock(&registry_mutex);
	return ret ? ret : count;
}

int tpoint_enable(const char *pattern)
{
	return set_enabled(pattern, 1, NULL, 0);
}

int tpoint_disable(const char *pattern)
{
	return set_enabled(pattern, 0, NULL, 0);
}

/* ---------------------------------------------------------------------------------------- */
/* A process traced by tpoint record */

static pthread_once_t session_once = PTHREAD_ONCE_INIT;

/*
 * The rules of TPOINT_EVENTS, "pattern<TAB>filter" lines: tpoint_enable() into the ring,
 * each with its filter (-f).
 */
static void session_rules(const char *spec)
{
	char *copy = strdup(spec), *line, *save = NULL;

	if (!copy)
		return;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');

		if (tab)
			*tab++ = '\0';
		set_enabled(line, 1, tab && *tab ? tab : NULL, 1);
	}
	free(copy);
}

/* Once per process, before the first object's events get ids: they come from the session. */
static void session_start(void)
{
	const char *spec = tpoint__session_attach();

	if (spec)
		session_rules(spec);
}

/*
 * Every tracepoint's key as its probes say: on with a probe, off without. A recorder knocking
 * (tpoint record -p) turned keys on with no probe behind them. Context: registry_mutex held.
 */
static void keys_sync(void)
{
	struct tpoint_tracepoint **tpp;
	struct tp_module *m;

	for (m = modules; m; m = m->next)
		for_each_module_tp(m, tpp)
			/* Relaxed: only writers, all under registry_mutex, store funcs. */
			tp_key_set(*tpp, __atomic_load_n(&(*tpp)->funcs, __ATOMIC_RELAXED) != NULL);
}

void tpoint__registry_join(const char *spec)
{
	struct tpoint_event **pos;
	struct tp_module *m;
	int id;

	pthread_mutex_lock(&registry_mutex);
	/* The session's ids: one per format across its processes, clear of the kernel's. */
	for (m = modules; m; m = m->next) {
		for_each_module_ev(m, pos) {
			id = tpoint__session_event_id(*pos);
			if (id >= 0)
				(*pos)->id = id;
		}
	}
	pthread_mutex_unlock(&registry_mutex);
	session_rules(spec);
	pthread_mutex_lock(&registry_mutex);
	keys_sync();
	pthread_mutex_unlock(&registry_mutex);
}

/* Would the rules left enable @ev (the program's own tpoint_enable())? Context: registry_mutex. */
static int rules_want(const struct tpoint_event *ev)
{
	const struct tp_rule *r;
	int want = 0;

	for (r = rules; r; r = r->next)
		if (tpoint_match(r->pattern, ev->system, ev->name))
			want = r->enable;
	return want;
}

/* The session's rules and recording undone. Context: registry_mutex held. */
static void registry_unrecord(void)
{
	struct tp_rule *r, **pp;
	struct tpoint_event **pos;
	struct tp_module *m;

	for (pp = &rules; (r = *pp);) {
		if (!r->record) {
			pp = &r->next;
			continue;
		}
		*pp = r->next;
		rule_free(r);
	}
	for (rules_tail = &rules; *rules_tail; rules_tail = &(*rules_tail)->next)
		;
	for (m = modules; m; m = m->next) {
		for_each_module_ev(m, pos) {
			if (!(*pos)->recorded)
				continue;
			/* Relaxed: the grace period the caller waits next orders it for probes. */
			__atomic_store_n(&(*pos)->recorded, 0, __ATOMIC_RELAXED);
			event_fast_publish(*pos);
			if (!rules_want(*pos))
				event_set_enabled(*pos, 0);
		}
	}
	keys_sync();
}

/*
 * The session's filters (-f), which only the recording path reads: after the grace period
 * that follows clearing recorded, no probe does. So a next recorder starts with none.
 * Context: as below.
 */
static void filters_free(void)
{
	struct tpoint_event **pos;
	struct tp_module *m;

	for (m = modules; m; m = m->next)
		for_each_module_ev(m, pos)
			tpoint__event_free_filter(*pos);
}

void tpoint__registry_leave(int grace)
{
	pthread_mutex_lock(&registry_mutex);
	registry_unrecord();
	if (grace) {
		/*
		 * A grace period whether or not a probe array was replaced (an event the program
		 * enabled itself keeps its probe): after it, no probe that still saw recorded set
		 * is running, so the caller may unmap the session, and none reads a filter.
		 */
		tpoint_rcu_synchronize();
		release_now();
		filters_free();
	}
	pthread_mutex_unlock(&registry_mutex);
}

/* ---------------------------------------------------------------------------------------- */
/* Objects */

static struct tp_module *module_find(const struct tpoint_module *mod, struct tp_module ***link)
{
	struct tp_module *m, **pp;

	for (pp = &modules; (m = *pp); pp = &m->next) {
		if (m->mod->tp_start == mod->tp_start && m->mod->ev_start == mod->ev_start) {
			if (link)
				*link = pp;
			return m;
		}
	}
	return NULL;
}

/*
 * An object whose probes inline another layout of the ring (TPOINT__FAST_ABI) would write
 * into a session in a form the recorder does not read: it is not registered, so its
 * tracepoints stay off, and it is said once, naming the object. Objects built before the
 * inline path (no fast_abi) call the library for every event and are welcome.
 */
static int module_abi_refused(const struct tpoint_module *mod)
{
	Dl_info where;

	if (mod->struct_size < offsetof(struct tpoint_module, fast_abi) + sizeof(mod->fast_abi) ||
	    mod->fast_abi == TPOINT__FAST_ABI)
		return 0;
	if (!dladdr(mod, &where) || !where.dli_fname || !where.dli_fname[0])
		where.dli_fname = "an object";
	fprintf(stderr, "tpoint: %s was built against a libtpoint whose event probes inline ring "
		"layout %u, and this libtpoint (%d.%d) has layout %u: its tracepoints are not traced; "
		"rebuild it against this libtpoint\n", where.dli_fname, mod->fast_abi,
		TPOINT_VERSION_MAJOR, TPOINT_VERSION_MINOR, TPOINT__FAST_ABI);
	return 1;
}

int tpoint_module_register(const struct tpoint_module *mod)
{
	struct tp_module *m, **pp;
	struct tpoint_event **pos;
	struct tp_rule *r;

	if (!mod || mod->struct_size < offsetof(struct tpoint_module, fast_abi))
		return -EINVAL;
	if (!mod->tp_start && !mod->ev_start)
		return 0;
	if (module_abi_refused(mod))
		return -EPROTO;
	pthread_once(&session_once, session_start);	/* traced by tpoint record? */
	pthread_mutex_lock(&registry_mutex);
	m = module_find(mod, NULL);
	if (m) {
		m->refs++;
		goto out_unlock;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		pthread_mutex_unlock(&registry_mutex);
		return -ENOMEM;
	}
	m->mod = mod;
	m->refs = 1;
	for (pp = &modules; *pp; pp = &(*pp)->next)
		;
	*pp = m;

	for_each_module_ev(m, pos) {
		(*pos)->module = mod;
		(*pos)->enabled = 0;
		(*pos)->id = tpoint__session_event_id(*pos);	/* -1: not traced */
		if ((*pos)->id < 0)
			(*pos)->id = next_event_id++;
		/* The rules so far, in order: what was enabled by glob covers this object too. */
		for (r = rules; r; r = r->next)
			if (tpoint_match(r->pattern, (*pos)->system, (*pos)->name))
				rule_apply(r, *pos);
	}
	release_now();
out_unlock:
	pthread_mutex_unlock(&registry_mutex);
	return 0;
}

int tpoint_module_unregister(const struct tpoint_module *mod)
{
	struct tpoint_tracepoint **tpp;
	struct tpoint_event **pos;
	struct tp_module *m, **link;

	if (!mod)
		return -EINVAL;
	if (!mod->tp_start && !mod->ev_start)
		return 0;
	pthread_mutex_lock(&registry_mutex);
	m = module_find(mod, &link);
	if (!m) {
		pthread_mutex_unlock(&registry_mutex);
		return -ENOENT;
	}
	if (--m->refs > 0)
		goto out_unlock;
	*link = m->next;
	for_each_module_ev(m, pos)
		(*pos)->enabled = 0;
	for_each_module_tp(m, tpp)
		tp_remove_all(*tpp);
	release_now();
	/* After the grace period: no probe still reads a filter. */
	for_each_module_ev(m, pos)
		tpoint__event_free_filter(*pos);
	free(m);
out_unlock:
	pthread_mutex_unlock(&registry_mutex);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Iteration and lookup */

int tpoint_for_each_tracepoint(int (*fn)(struct tpoint_tracepoint *tp, void *arg), void *arg)
{
	struct tpoint_tracepoint **pos;
	struct tp_module *m;
	int ret = 0;

	pthread_mutex_lock(&registry_mutex);
	for (m = modules; m && !ret; m = m->next)
		for_each_module_tp(m, pos)
			if ((ret = fn(*pos, arg)) != 0)
				break;
	pthread_mutex_unlock(&registry_mutex);
	return ret;
}

int tpoint_for_each_event(int (*fn)(struct tpoint_event *ev, void *arg), void *arg)
{
	struct tpoint_event **pos;
	struct tp_module *m;
	int ret = 0;

	pthread_mutex_lock(&registry_mutex);
	for (m = modules; m && !ret; m = m->next)
		for_each_module_ev(m, pos)
			if ((ret = fn(*pos, arg)) != 0)
				break;
	pthread_mutex_unlock(&registry_mutex);
	return ret;
}

/* Does "system:name" (or a bare name) designate exactly this system and name? */
static int name_is(const char *want, const char *system, const char *name)
{
	const char *colon = strchr(want, ':');

	if (!colon)
		return strcmp(want, name) == 0;
	return strlen(system) == (size_t)(colon - want) &&
	       strncmp(want, system, (size_t)(colon - want)) == 0 && strcmp(colon + 1, name) == 0;
}

struct lookup {
	const char *name;
	int id;
	void *found;
};

static int lookup_tp(struct tpoint_tracepoint *tp, void *arg)
{
	struct lookup *l = arg;

	if (!name_is(l->name, tp->system, tp->name))
		return 0;
	l->found = tp;
	return 1;
}

static int lookup_ev(struct tpoint_event *ev, void *arg)
{
	struct lookup *l = arg;

	if (l->name ? !name_is(l->name, ev->system, ev->name) : ev->id != l->id)
		return 0;
	l->found = ev;
	return 1;
}

struct tpoint_tracepoint *tpoint_tracepoint_lookup(const char *name)
{
	struct lookup l = { name, 0, NULL };

	if (!name) {
		errno = EINVAL;
		return NULL;
	}
	tpoint_for_each_tracepoint(lookup_tp, &l);
	if (!l.found)
		errno = ENOENT;
	return l.found;
}

struct tpoint_event *tpoint_event_lookup(const char *name)
{
	struct lookup l = { name, 0, NULL };

	if (!name) {
		errno = EINVAL;
		return NULL;
	}
	tpoint_for_each_event(lookup_ev, &l);
	if (!l.found)
		errno = ENOENT;
	return l.found;
}

struct tpoint_event *tpoint_event_by_id(int id)
{
	struct lookup l = { NULL, id, NULL };

	tpoint_for_each_event(lookup_ev, &l);
	if (!l.found)
		errno = ENOENT;
	return l.found;
}
