/* SPDX-License-Identifier: MIT */
/*
 * static/rcu.h - the read side of tpoint's RCU, inlined into every enabled tracepoint.
 *
 * Why our own and not liburcu: a probe can fire in any thread, at any moment, including a
 * signal handler that interrupted another probe; liburcu's readers must be registered
 * threads with per-thread state reached through TLS in another library, and its grace
 * period (membarrier) is invisible to ThreadSanitizer, which then cannot prove the
 * register/unregister stress test. This is the kernel's classic SRCU instead: no
 * per-thread state, no registration, async-signal-safe, and every ordering is a C11
 * atomic that TSan checks.
 *
 *   reader                                   writer (tpoint_rcu_synchronize, one at a time)
 *   ------                                   ------
 *   i = phase & 1                            publish new pointer (release)
 *   lock[cpu][i]++        (seq_cst RMW) --.  fence (seq_cst)          -- orders publish
 *   p = load(ptr)         (acquire)       |  wait until sum(unlock[!i']) == sum(lock[!i'])
 *   ... use p ...                         '->   (unlocks read first, acquire; then locks)
 *   unlock[cpu'][i]++     (release RMW) ---->phase++  (seq_cst)
 *                                            wait until sum(unlock[i']) == sum(lock[i'])
 *                                            free old pointer
 *
 * Counts only grow (64-bit, no wrap in practice); the stripe is the CPU the thread runs on
 * (rseq's cpu_id, no system call), so threads on different CPUs do not share a cache line.
 * A reader may migrate between lock and unlock: the writer sums every stripe, so only the
 * totals matter. Reading all unlocks before all locks means an equal sum proves that every
 * counted reader has left (an unlock seen implies its lock is seen). A reader that counts
 * itself after the writer's sum did so after the writer's fence, so its acquire load sees
 * the new pointer. Waiting on both phases covers a reader that read the phase long before
 * it counted itself (the kernel's srcu_readers_active_idx_check argument).
 */
#ifndef TPOINT_STATIC_RCU_H
#define TPOINT_STATIC_RCU_H

#include <stdint.h>
#include <sys/rseq.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TPOINT_RCU_STRIPES	64	/* power of two; CPUs beyond share stripes */
#define TPOINT__RCU_LINE	64	/* a cache line: what readers on other CPUs do not share */

struct tpoint__rcu_stripe {
	/* Atomic. lock[i]: readers that entered while phase&1 == i; unlock[i]: that left. */
	unsigned long lock[2];
	unsigned long unlock[2];
} __attribute__((aligned(TPOINT__RCU_LINE)));

struct tpoint__rcu {
	unsigned long phase;	/* atomic; bit 0 picks the counters new readers use; written by
				 * tpoint_rcu_synchronize() under its mutex */
	char pad[TPOINT__RCU_LINE - sizeof(unsigned long)];
	struct tpoint__rcu_stripe stripe[TPOINT_RCU_STRIPES];
};

extern struct tpoint__rcu tpoint__rcu
#if defined(TPOINT_BUILD)
	__attribute__((visibility("default")))
#endif
	;

/* The CPU this thread runs on, from the rseq area glibc registered; any value is safe. */
static inline __attribute__((always_inline)) unsigned int tpoint__rcu_stripe_index(void)
{
	const struct rseq *rs;
	char *tp;

	__asm__("mov %%fs:0, %0" : "=r"(tp));
	rs = (const struct rseq *)(tp + __rseq_offset);
	/* Relaxed: the kernel updates cpu_id on migration; a stale value only costs sharing. */
	return __atomic_load_n(&rs->cpu_id, __ATOMIC_RELAXED) & (TPOINT_RCU_STRIPES - 1);
}

/*
 * tpoint_rcu_read_lock() - enter a read-side critical section
 * Context: any, including signal handlers; nests.
 * Return: the phase to give back to tpoint_rcu_read_unlock().
 */
static inline __attribute__((always_inline)) unsigned int tpoint_rcu_read_lock(void)
{
	/*
	 * Relaxed: either phase is safe, the writer waits on both (see the top); what orders
	 * this section is the RMW below.
	 */
	unsigned int i = __atomic_load_n(&tpoint__rcu.phase, __ATOMIC_RELAXED) & 1;

	/*
	 * Seq_cst RMW, a full barrier: orders this count before the loads of the critical
	 * section. Pairs with the seq_cst fence in rcu_wait_readers(): either the writer's sum
	 * sees this count, or this section's loads see the pointer published before the fence.
	 */
	__atomic_fetch_add(&tpoint__rcu.stripe[tpoint__rcu_stripe_index()].lock[i], 1,
			   __ATOMIC_SEQ_CST);
	return i;
}

/*
 * tpoint_rcu_read_unlock() - leave the section tpoint_rcu_read_lock() opened
 * Context: the thread that locked.
 */
static inline __attribute__((always_inline)) void tpoint_rcu_read_unlock(unsigned int i)
{
	/*
	 * Release: every access of the section happens before this count. Pairs with the
	 * acquire loads of unlock[] in rcu_wait_readers(), after which the writer frees.
	 */
	__atomic_fetch_add(&tpoint__rcu.stripe[tpoint__rcu_stripe_index()].unlock[i], 1,
			   __ATOMIC_RELEASE);
}

/* rcu_dereference(): acquire, pairs with the release store that published @p. */
#define tpoint_rcu_dereference(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)

/*
 * tpoint_rcu_synchronize() - wait until every read-side section that began before the call
 * has ended.
 * Context: process context; never inside a read-side section.
 */
void tpoint_rcu_synchronize(void)
#if defined(TPOINT_BUILD)
	__attribute__((visibility("default")))
#endif
	;

#ifdef __cplusplus
}
#endif

#endif /* TPOINT_STATIC_RCU_H */
