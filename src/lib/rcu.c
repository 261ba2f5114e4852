// SPDX-License-Identifier: MIT
/*
 * rcu.c - the update side of tpoint's RCU (the read side and the design are in
 * include/tpoint/static/rcu.h).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include "internal.h"

struct tpoint__rcu tpoint__rcu;

/* Serialises grace periods: phase and the waits. Innermost lock: nothing nests inside it. */
static pthread_mutex_t rcu_gp_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Sum of the unlock counts of phase @i, then of its lock counts: equal means no reader. */
static int rcu_readers_gone(unsigned int i)
{
	unsigned long locks = 0, unlocks = 0;
	unsigned int s;

	for (s = 0; s < TPOINT_RCU_STRIPES; s++)
		/* Acquire: pairs with the release RMW of tpoint_rcu_read_unlock(). */
		unlocks += __atomic_load_n(&tpoint__rcu.stripe[s].unlock[i], __ATOMIC_ACQUIRE);
	/*
	 * Full fence: every unlock read above is read before any lock below, so an unlock
	 * counted implies its lock is counted (the sums cannot be equal by chance).
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (s = 0; s < TPOINT_RCU_STRIPES; s++)
		/* Seq_cst: with the RMW of tpoint_rcu_read_lock(), in the order of the fence. */
		locks += __atomic_load_n(&tpoint__rcu.stripe[s].lock[i], __ATOMIC_SEQ_CST);
	return locks == unlocks;
}

/* Wait until the readers of phase @i are gone: spin briefly, then sleep longer and longer. */
static void rcu_wait_readers(unsigned int i)
{
	struct timespec ts = { 0, 1000 };
	int spins = 0;

	while (!rcu_readers_gone(i)) {
		if (spins++ < 100) {
			sched_yield();
			continue;
		}
		nanosleep(&ts, NULL);
		if (ts.tv_nsec < 1000000)
			ts.tv_nsec *= 2;
	}
}

void tpoint_rcu_synchronize(void)
{
	unsigned int cur;

	pthread_mutex_lock(&rcu_gp_mutex);
	/*
	 * Full fence: the caller's unpublish (the release store of a new probe array) is
	 * ordered before the counts read below. Pairs with the seq_cst RMW in
	 * tpoint_rcu_read_lock(): a reader this wait does not count sees the new pointer.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* Relaxed: only this function, under rcu_gp_mutex, writes it. */
	cur = __atomic_load_n(&tpoint__rcu.phase, __ATOMIC_RELAXED) & 1;
	/* Readers that read the phase before the previous flip but counted themselves late. */
	rcu_wait_readers(cur ^ 1);
	/* Seq_cst: new readers count on the other phase from here; ordered after the wait. */
	__atomic_fetch_add(&tpoint__rcu.phase, 1, __ATOMIC_SEQ_CST);
	rcu_wait_readers(cur);
	/* Full fence: the caller's frees come after every reader's last access. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&rcu_gp_mutex);
}

void tpoint__rcu_atfork_prepare(void)
{
	pthread_mutex_lock(&rcu_gp_mutex);
}

void tpoint__rcu_atfork_parent(void)
{
	pthread_mutex_unlock(&rcu_gp_mutex);
}

/*
 * In the child only the forking thread exists: readers that were inside a section in other
 * threads never leave it there, so their counts would block every grace period. The forking
 * thread is not inside one (fork() is not called from a probe), so no reader is: start over.
 */
void tpoint__rcu_atfork_child(void)
{
	unsigned int s, i;

	for (s = 0; s < TPOINT_RCU_STRIPES; s++) {
		for (i = 0; i < 2; i++) {
			/* Relaxed: the child has one thread, holding rcu_gp_mutex. */
			__atomic_store_n(&tpoint__rcu.stripe[s].lock[i], 0, __ATOMIC_RELAXED);
			__atomic_store_n(&tpoint__rcu.stripe[s].unlock[i], 0, __ATOMIC_RELAXED);
		}
	}
	pthread_mutex_unlock(&rcu_gp_mutex);
}
