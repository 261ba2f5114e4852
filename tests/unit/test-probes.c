// SPDX-License-Identifier: MIT
/*
 * test-probes.c - probes: typed registration, the kernel's errors, priorities,
 * TRACE_EVENT_FN's reg/unreg, TP_CONDITION only while enabled, arguments of tpoint_trace()
 * not evaluated while disabled, and unregister and tracepoint_synchronize_unregister()
 * waiting for a probe still running in another thread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tpoint/tpoint.h>
#include "ut-events.h"
#include "trace-events-sample.h"
#include "../tap.h"

static char order[64];

static void probe_a(void *data, int a, long b)
{
	size_t n = strlen(order);

	(void)a;
	(void)b;
	if (n + 1 < sizeof(order)) {
		order[n] = *(const char *)data;
		order[n + 1] = '\0';
	}
}

static void probe_b(void *data, int a, long b)
{
	probe_a(data, a, b);
}

static int plain_hits;

static void probe_plain(void *data, int v)
{
	(void)data;
	plain_hits += v;
}

static int side_effects;

static int side_effect(void)
{
	return ++side_effects;
}

/* A probe that stays inside for a while, to prove the grace period waits for it. */
static volatile int inside, finished;

static void probe_slow(void *data, int v)
{
	(void)data;
	(void)v;
	__atomic_store_n(&inside, 1, __ATOMIC_SEQ_CST);
	usleep(200 * 1000);
	__atomic_store_n(&finished, 1, __ATOMIC_SEQ_CST);
}

static void *fire_plain(void *arg)
{
	(void)arg;
	trace_ut_plain(1);
	return NULL;
}

int main(void)
{
	struct tpoint_tracepoint *tp = tpoint_tracepoint_lookup("ut-sys:ut_hook");
	pthread_t th;
	char a = 'a', b = 'b', c = 'c', d = 'd';

	ok(!trace_ut_hook_enabled(), "a tracepoint starts disabled");
	trace_ut_hook(1, 2);
	is_str(order, "", "firing a disabled tracepoint calls nothing");

	/* Registration and the kernel's errors */
	is_int(register_trace_ut_hook(probe_a, &a), 0, "register a probe");
	ok(trace_ut_hook_enabled(), "the tracepoint is enabled while a probe is attached");
	is_int(register_trace_ut_hook(probe_a, &a), -EEXIST, "the same probe and data again: -EEXIST");
	is_int(register_trace_ut_hook(probe_a, &b), 0, "the same probe with other data is another probe");
	is_int(unregister_trace_ut_hook(probe_b, &a), -ENOENT, "unregister an unknown probe: -ENOENT");
	is_int(tracepoint_probe_register(NULL, (void (*)(void))probe_a, NULL), -EINVAL, "NULL tracepoint: -EINVAL");
	is_int(tracepoint_probe_register(tp, NULL, NULL), -EINVAL, "NULL probe: -EINVAL");
	trace_ut_hook(1, 2);
	is_str(order, "ab", "both probes run, in registration order at equal priority");
	is_int(unregister_trace_ut_hook(probe_a, &a), 0, "unregister");
	is_int(unregister_trace_ut_hook(probe_a, &b), 0, "unregister the last");
	ok(!trace_ut_hook_enabled(), "the tracepoint is disabled again");
	is_int(unregister_trace_ut_hook(probe_a, &b), -ENOENT, "unregister again: -ENOENT");

	/* Priorities: higher first, equals in order of registration */
	register_trace_prio_ut_hook(probe_a, &a, 5);
	register_trace_prio_ut_hook(probe_b, &b, 20);
	register_trace_prio_ut_hook(probe_a, &c, 10);
	register_trace_ut_hook(probe_b, &d);	/* TPOINT_PRIO_DEFAULT, 10 */
	order[0] = '\0';
	trace_ut_hook(0, 0);
	is_str(order, "bcda", "priority 20, then 10 and 10 in order, then 5");
	unregister_trace_ut_hook(probe_b, &b);
	order[0] = '\0';
	trace_ut_hook(0, 0);
	is_str(order, "cda", "removing one keeps the others' order");
	unregister_trace_ut_hook(probe_a, &a);
	unregister_trace_ut_hook(probe_a, &c);
	unregister_trace_ut_hook(probe_b, &d);
	ok(!trace_ut_hook_enabled(), "all removed");

	/* TRACE_EVENT_FN */
	ut_reg_result = -EPERM;
	is_int(register_trace_ut_fn(probe_plain, NULL), -EPERM, "a failing reg() refuses the first probe with its error");
	ok(!trace_ut_fn_enabled(), "and the tracepoint stays disabled");
	ut_reg_result = 0;
	ut_reg_calls = ut_unreg_calls = 0;
	register_trace_ut_fn(probe_plain, NULL);
	register_trace_ut_fn(probe_plain, &a);
	is_int(ut_reg_calls, 1, "reg() runs once, before the first probe");
	unregister_trace_ut_fn(probe_plain, NULL);
	is_int(ut_unreg_calls, 0, "unreg() does not run while a probe is left");
	unregister_trace_ut_fn(probe_plain, &a);
	is_int(ut_unreg_calls, 1, "unreg() runs after the last probe is detached");
	is_int(tpoint_enable("sample:foo_bar_with_fn"), 1, "enabling a TRACE_EVENT_FN event...");
	is_int(sample_foo_reg_count, 1, "...runs its reg()");
	tpoint_disable("sample:foo_bar_with_fn");
	is_int(sample_foo_reg_count, 0, "disabling it runs unreg()");

	/* TP_CONDITION: evaluated only inside the enabled branch */
	ut_cond_calls = 0;
	trace_ut_cond_ev(5);
	is_int(ut_cond_calls, 0, "the condition is not evaluated while disabled");
	plain_hits = 0;
	register_trace_ut_cond_ev(probe_plain, NULL);
	trace_ut_cond_ev(5);
	trace_ut_cond_ev(-5);
	is_int(ut_cond_calls, 2, "it is evaluated while enabled");
	is_int(plain_hits, 5, "a false condition calls no probe");
	unregister_trace_ut_cond_ev(probe_plain, NULL);

	/* Arguments */
	side_effects = 0;
	tpoint_trace(ut_plain, side_effect());
	is_int(side_effects, 0, "tpoint_trace(): an argument is not evaluated while disabled");
	if (trace_ut_plain_enabled())
		trace_ut_plain(side_effect());
	is_int(side_effects, 0, "nor behind trace_<name>_enabled()");
	register_trace_ut_plain(probe_plain, NULL);
	plain_hits = 0;
	tpoint_trace(ut_plain, side_effect());
	is_int(side_effects, 1, "it is evaluated once while enabled");
	is_int(plain_hits, 1, "and passed to the probe");
	unregister_trace_ut_plain(probe_plain, NULL);
	tracepoint_synchronize_unregister();

	/* tracepoint_synchronize_unregister() waits for a probe still running */
	register_trace_ut_plain(probe_slow, NULL);
	pthread_create(&th, NULL, fire_plain, NULL);
	while (!__atomic_load_n(&inside, __ATOMIC_SEQ_CST))
		usleep(1000);
	unregister_trace_ut_plain(probe_slow, NULL);
	ok(__atomic_load_n(&finished, __ATOMIC_SEQ_CST),
	   "unregister returns only after the probe running in another thread has left");
	pthread_join(th, NULL);

	/* tracepoint_synchronize_unregister() waits for a probe still running */
	__atomic_store_n(&inside, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&finished, 0, __ATOMIC_SEQ_CST);
	register_trace_ut_plain(probe_slow, NULL);
	register_trace_ut_plain(probe_plain, NULL);
	pthread_create(&th, NULL, fire_plain, NULL);
	while (!__atomic_load_n(&inside, __ATOMIC_SEQ_CST))
		usleep(1000);
	tracepoint_synchronize_unregister();
	ok(__atomic_load_n(&finished, __ATOMIC_SEQ_CST),
	   "tracepoint_synchronize_unregister() returns only after a running probe has left");
	pthread_join(th, NULL);
	unregister_trace_ut_plain(probe_slow, NULL);
	unregister_trace_ut_plain(probe_plain, NULL);

	/* check_trace_callback_type_<name>() exists and takes the probe type */
	check_trace_callback_type_ut_hook(probe_a);
	ok(1, "check_trace_callback_type_ut_hook() accepts a probe of the right type");
	return tap_done();
}
