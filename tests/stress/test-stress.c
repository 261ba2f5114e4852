// SPDX-License-Identifier: MIT
/*
 * test-stress.c - probes are registered and unregistered from several threads while others
 * fire the tracepoints at full speed, and signal handlers fire them again inside probes
 * they interrupted. Built twice: under ThreadSanitizer (every access ordered) and under
 * AddressSanitizer (nothing used after it is freed: each probe's data is freed as soon as
 * unregister returns, and freed probe arrays are poisoned).
 *
 *	test-stress [SECONDS]	(default 2)
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tpoint/tpoint.h>
#include "ut-events.h"
#include "../tap.h"

#define FIRERS		3
#define REGISTRARS	2
#define MAGIC		0x7470316e74UL

struct obj {
	unsigned long magic;
	unsigned long hits;	/* atomic */
};

static int stop;			/* atomic */
static unsigned long fired;		/* atomic */
static unsigned long bad_magic;		/* atomic */
static unsigned long nested;		/* atomic */
static unsigned long handled;		/* atomic */
static unsigned long reg_errors;	/* atomic */
static pthread_t firers[FIRERS];

static void probe_obj(void *data, int a, long b)
{
	struct obj *o = data;

	(void)a;
	(void)b;
	/* Read through the pointer: ASan reports it if the object was already freed. */
	if (o->magic != MAGIC)
		__atomic_fetch_add(&bad_magic, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&o->hits, 1, __ATOMIC_RELAXED);
}

static void on_signal(int sig)
{
	(void)sig;
	/* Nested inside whatever probe (and read-side section) the signal interrupted. */
	trace_ut_hook(-1, -1);
	trace_ut_plain(-1);
	__atomic_fetch_add(&nested, 1, __ATOMIC_RELAXED);
}

static void *firer(void *arg)
{
	long i = 0;

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		trace_ut_hook((int)i, i);
		trace_ut_plain((int)i);
		i++;
	}
	__atomic_fetch_add(&fired, (unsigned long)i, __ATOMIC_RELAXED);
	return NULL;
}

static void *registrar(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;
	struct obj *objs[4];
	int i, n, ret;

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		n = 1 + (int)(rand_r(&seed) % 4);
		for (i = 0; i < n; i++) {
			objs[i] = calloc(1, sizeof(*objs[i]));
			objs[i]->magic = MAGIC;
			ret = register_trace_prio_ut_hook(probe_obj, objs[i], (int)(rand_r(&seed) % 30));
			if (ret)
				__atomic_fetch_add(&reg_errors, 1, __ATOMIC_RELAXED);
		}
		if (rand_r(&seed) % 2)
			usleep(rand_r(&seed) % 200);
		for (i = 0; i < n; i++) {
			ret = unregister_trace_ut_hook(probe_obj, objs[i]);
			if (ret)
				__atomic_fetch_add(&reg_errors, 1, __ATOMIC_RELAXED);
			/* unregister waited for the grace period: no probe can reach it now. */
			objs[i]->magic = 0;
			free(objs[i]);
		}
	}
	return NULL;
}

static void handler(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	const unsigned long *tag = data;

	(void)ev;
	(void)entry;
	(void)size;
	if (*tag != MAGIC)
		__atomic_fetch_add(&bad_magic, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&handled, 1, __ATOMIC_RELAXED);
}

/* Flip the event probe and swap the handler, whose data is freed right after. */
static void *enabler(void *arg)
{
	unsigned long *tag;

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		tag = malloc(sizeof(*tag));
		*tag = MAGIC;
		tpoint_set_event_handler(handler, tag);
		tpoint_enable("ut-sys:ut_plain");
		usleep(100);
		tpoint_disable("ut-sys:ut_plain");
		tpoint_set_event_handler(NULL, NULL);
		*tag = 0;
		free(tag);
	}
	return NULL;
}

static void *signaller(void *arg)
{
	unsigned int i = 0;

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		pthread_kill(firers[i++ % FIRERS], SIGUSR1);
		usleep(50);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 2;
	pthread_t regs[REGISTRARS], en, sig;
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);

	for (i = 0; i < FIRERS; i++)
		pthread_create(&firers[i], NULL, firer, NULL);
	for (i = 0; i < REGISTRARS; i++)
		pthread_create(&regs[i], NULL, registrar, (void *)(uintptr_t)(i + 1));
	pthread_create(&en, NULL, enabler, NULL);
	pthread_create(&sig, NULL, signaller, NULL);
	sleep((unsigned int)seconds);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(sig, NULL);
	for (i = 0; i < FIRERS; i++)
		pthread_join(firers[i], NULL);
	for (i = 0; i < REGISTRARS; i++)
		pthread_join(regs[i], NULL);
	pthread_join(en, NULL);

	diag("fired %lu, nested in signal handlers %lu, entries handled %lu", fired, nested, handled);
	ok(fired > 1000, "tracepoints fired while probes came and went (%lu)", fired);
	ok(nested > 10, "tracepoints fired in signal handlers, inside interrupted probes (%lu)",
	   nested);
	ok(handled > 0, "the event probe recorded while being enabled and disabled (%lu)", handled);
	is_int(bad_magic, 0, "no probe ever saw freed or foreign data");
	is_int(reg_errors, 0, "every register and unregister succeeded");
	ok(!trace_ut_hook_enabled() && !trace_ut_plain_enabled(), "everything detached at the end");
	return tap_done();
}
