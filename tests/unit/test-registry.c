// SPDX-License-Identifier: MIT
/*
 * test-registry.c - the registry: every tracepoint and event of the executable and of
 * libraries loaded later is found without a list, looked up by name, given a unique id,
 * enabled and disabled by glob; rules cover a library dlopen'd later; dlclose removes it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tpoint/tpoint.h>
#include "ut-events.h"
#include "trace-events-sample.h"
#include "../tap.h"

static int count_tp(struct tpoint_tracepoint *tp, void *arg)
{
	(void)tp;
	(*(int *)arg)++;
	return 0;
}

static int count_ev(struct tpoint_event *ev, void *arg)
{
	(void)ev;
	(*(int *)arg)++;
	return 0;
}

struct ids {
	int ids[64];
	int n;
};

static int collect_id(struct tpoint_event *ev, void *arg)
{
	struct ids *ids = arg;

	if (ids->n < 64)
		ids->ids[ids->n++] = ev->id;
	return 0;
}

static int stop_at_3(struct tpoint_event *ev, void *arg)
{
	(void)ev;
	return ++*(int *)arg == 3 ? 42 : 0;
}

/* The handler counts entries per event name. */
static char last_event[64];
static int entries;

static void handler(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	(void)entry;
	(void)size;
	(void)data;
	snprintf(last_event, sizeof(last_event), "%s:%s", ev->system, ev->name);
	entries++;
}

/* libdlprov.so is built beside this test. */
static const char *dlprov_path(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	char *slash;

	if (n <= 0)
		return "libdlprov.so";
	path[n] = '\0';
	slash = strrchr(path, '/');
	strcpy(slash ? slash + 1 : path, "libdlprov.so");
	return path;
}

static int n_events(void)
{
	int n = 0;

	tpoint_for_each_event(count_ev, &n);
	return n;
}

int main(void)
{
	struct tpoint_tracepoint *tp;
	struct tpoint_event *ev;
	struct ids ids = { { 0 }, 0 };
	int n = 0, i, j, dup = 0;
	void (*fire)(int);
	void *dl;

	/* ut: 5 events + 1 bare; sample: 7 events + 1 bare */
	tpoint_for_each_tracepoint(count_tp, &n);
	is_int(n, 14, "every tracepoint of the executable is registered, none listed by hand");
	is_int(n_events(), 12, "every event of the executable is registered");

	tp = tpoint_tracepoint_lookup("sample:sample_bare_tp");
	ok(tp && strcmp(tp->name, "sample_bare_tp") == 0,
	   "a bare DECLARE_TRACE tracepoint is found, named <name>_tp as in Linux 6.16");
	ok(tpoint_event_lookup("sample:sample_bare_tp") == NULL && errno == ENOENT,
	   "a bare tracepoint has no event (ENOENT)");
	ev = tpoint_event_lookup("ut-sys:ut_plain");
	ok(ev && ev->tp == tpoint_tracepoint_lookup("ut-sys:ut_plain"),
	   "an event is found by system:name, with its tracepoint");
	is_str(ev ? ev->system : NULL, "ut-sys", "TRACE_SYSTEM that is not an identifier, with TRACE_SYSTEM_VAR");
	ok(tpoint_event_lookup("foo_bar") == tpoint_event_lookup("sample:foo_bar"),
	   "a name without system finds the event in any system");
	ok(tpoint_event_lookup("other:foo_bar") == NULL, "a wrong system finds nothing");
	ok(tpoint_event_lookup(NULL) == NULL && errno == EINVAL, "NULL name: EINVAL");

	tpoint_for_each_event(collect_id, &ids);
	for (i = 0; i < ids.n; i++)
		for (j = i + 1; j < ids.n; j++)
			dup += ids.ids[i] == ids.ids[j];
	ok(dup == 0 && ids.n == 12, "event ids are unique (%d ids)", ids.n);
	ok(ids.ids[0] >= 32768, "event ids are clear of the kernel's (first %d)", ids.ids[0]);
	ev = tpoint_event_lookup("sample:sample_tick");
	ok(ev && tpoint_event_by_id(ev->id) == ev, "an event is found by id");
	ok(tpoint_event_by_id(5) == NULL, "an unknown id finds nothing");

	n = 0;
	is_int(tpoint_for_each_event(stop_at_3, &n), 42, "a walk stops when the callback says so");
	is_int(n, 3, "after the third event");

	/* Globs */
	ok(tpoint_match("myapp:*", "myapp", "x"), "myapp:* matches myapp:x");
	ok(!tpoint_match("myapp:*", "other", "x"), "myapp:* does not match other:x");
	ok(tpoint_match("*:*_done", "dlprov", "dl_done"), "*:*_done matches dlprov:dl_done");
	ok(!tpoint_match("*:*_done", "dlprov", "dl_start"), "*:*_done does not match dl_start");
	ok(tpoint_match("foo_*", "sample", "foo_bar"), "a name glob alone matches in any system");
	ok(tpoint_match("s?mple:foo_ba[rz]", "sample", "foo_bar"), "? and [] globs");

	tpoint_set_event_handler(handler, NULL);
	is_int(tpoint_enable("sample:foo_with_*"), 2, "enable by glob: 2 events of the class");
	ok(trace_foo_with_template_simple_enabled() && trace_foo_with_template_print_enabled() &&
	   !trace_foo_bar_enabled(), "exactly those tracepoints are enabled");
	is_int(tpoint_enable("sample:foo_with_*"), 0, "enabling again changes nothing");
	is_int(tpoint_disable("*:foo_with_template_print"), 1, "disable one by glob");
	ok(trace_foo_with_template_simple_enabled() && !trace_foo_with_template_print_enabled(),
	   "only that one is disabled");
	is_int(tpoint_enable(""), -EINVAL, "an empty pattern: -EINVAL");
	is_int(tpoint_enable(NULL), -EINVAL, "a NULL pattern: -EINVAL");
	is_int(tpoint_enable("nomatch:*"), 0, "a pattern matching nothing enables 0");
	is_int(tpoint_disable("*"), 1, "disable everything");

	/* A library loaded later: rules given before apply to it. */
	is_int(tpoint_enable("*:*_done"), 0, "enable *:*_done before the library is loaded");
	dl = dlopen(dlprov_path(), RTLD_NOW);
	ok(dl != NULL, "dlopen a library with events (%s)", dl ? "ok" : dlerror());
	if (!dl)
		return tap_done();
	is_int(n_events(), 14, "its events are registered by its constructor");
	ev = tpoint_event_lookup("dlprov:dl_done");
	ok(ev && ev->enabled, "the earlier rule enabled dlprov:dl_done");
	ok(!tpoint_event_lookup("dlprov:dl_start")->enabled, "and not dlprov:dl_start");
	fire = (void (*)(int))(uintptr_t)dlsym(dl, "dlprov_fire");
	entries = 0;
	fire(1);
	is_int(entries, 1, "firing the library's events records the enabled one only");
	is_str(last_event, "dlprov:dl_done", "the entry is dlprov:dl_done");
	ok(tpoint_event_lookup("dlprov:dl_done")->id != tpoint_event_lookup("dlprov:dl_start")->id,
	   "library events get their own ids");

	is_int(tpoint_enable("dlprov:*"), 1, "enable the rest of the library's events");
	entries = 0;
	fire(2);
	is_int(entries, 2, "both events recorded");

	is_int(dlclose(dl), 0, "dlclose the library");
	is_int(n_events(), 12, "its events are gone from the registry");
	ok(tpoint_tracepoint_lookup("dlprov:dl_start") == NULL, "its tracepoints are gone");

	dl = dlopen(dlprov_path(), RTLD_NOW);
	ok(dl && tpoint_event_lookup("dlprov:dl_start")->enabled,
	   "loaded again, the rules enable its events again");
	if (dl)
		dlclose(dl);
	tpoint_set_event_handler(NULL, NULL);
	return tap_done();
}
