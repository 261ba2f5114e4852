/* SPDX-License-Identifier: MIT */
/*
 * standins.h - the kernel's types, constants and functions that the ported event headers
 * (trace/events/{irq,ipi,signal,timer,skb}.h, samples/trace_events/trace-events-sample.h, Linux 6.16)
 * use, as small user-space stand-ins. Force-included first (-include): the headers
 * themselves stay as the kernel has them.
 */
#ifndef TPOINT_KERNEL_STANDINS_H
#define TPOINT_KERNEL_STANDINS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

/* signal.h: struct k_sigaction before libc's <signal.h> makes sa_handler a macro. */
struct k_sigaction {
	struct {
		void (*sa_handler)(int);
		unsigned long sa_flags;
	} sa;
};
/* Sets @ka's handler where its member is still called sa_handler (before <signal.h>). */
static inline void k_sigaction_init(struct k_sigaction *ka, void (*handler)(int),
				    unsigned long flags)
{
	ka->sa.sa_handler = handler;
	ka->sa.sa_flags = flags;
}
struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
};
#define SEND_SIG_NOINFO	((struct kernel_siginfo *)0)
#define SEND_SIG_PRIV	((struct kernel_siginfo *)1)
#define TASK_COMM_LEN	16
struct task_struct {
	char comm[TASK_COMM_LEN];
	pid_t pid;
	const struct cpumask *cpus_ptr;
	/* A kthread (standins-module.h): */
	int (*threadfn)(void *);
	void *data;
	int should_stop;
	unsigned long thread;	/* pthread_t */
};
#include <signal.h>	/* SI_USER, SI_KERNEL (with POSIX) */
#ifndef SI_USER
# define SI_USER	0
#endif
#ifndef SI_KERNEL
# define SI_KERNEL	0x80
#endif

/* irq.h */
enum {
	HI_SOFTIRQ = 0, TIMER_SOFTIRQ, NET_TX_SOFTIRQ, NET_RX_SOFTIRQ, BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ, TASKLET_SOFTIRQ, SCHED_SOFTIRQ, HRTIMER_SOFTIRQ, RCU_SOFTIRQ,
	NR_SOFTIRQS
};
struct irqaction {
	const char *name;
};
struct tasklet_struct {
	int state;
};

/* CPU masks (ipi.h, the sample): 64 CPUs. */
#define nr_cpumask_bits		64
#define BITS_PER_BYTE		8
struct cpumask {
	unsigned long bits[nr_cpumask_bits / (8 * sizeof(unsigned long))];
};
typedef struct cpumask cpumask_t;
#define cpumask_bits(maskp)	((maskp)->bits)
#define num_possible_cpus()	4

static inline ssize_t strscpy(char *dst, const char *src, size_t n)
{
	size_t len = 0;

	while (len < n - 1 && src[len])
		len++;

	memcpy(dst, src, len);
	dst[len] = '\0';
	return (ssize_t)len;
}

/* timer.h */
typedef long long s64;
typedef s64 ktime_t;
struct timer_list {
	void (*function)(struct timer_list *);
	unsigned long expires;
	unsigned int flags;
};
#define jiffies			1000UL
#define TIMER_CPUMASK		0x0003FFFF
#define TIMER_MIGRATING		0x00040000
#define TIMER_DEFERRABLE	0x00080000
#define TIMER_PINNED		0x00100000
#define TIMER_IRQSAFE		0x00200000
#define TIMER_ARRAYSHIFT	22
#define TIMER_TRACE_FLAGMASK	(TIMER_MIGRATING | TIMER_DEFERRABLE | TIMER_PINNED | TIMER_IRQSAFE)
enum hrtimer_mode {
	HRTIMER_MODE_ABS = 0x00, HRTIMER_MODE_REL = 0x01, HRTIMER_MODE_PINNED = 0x02,
	HRTIMER_MODE_SOFT = 0x04, HRTIMER_MODE_HARD = 0x08,
	HRTIMER_MODE_ABS_PINNED = 0x02, HRTIMER_MODE_REL_PINNED = 0x03,
	HRTIMER_MODE_ABS_SOFT = 0x04, HRTIMER_MODE_REL_SOFT = 0x05,
	HRTIMER_MODE_ABS_PINNED_SOFT = 0x06, HRTIMER_MODE_REL_PINNED_SOFT = 0x07,
	HRTIMER_MODE_ABS_HARD = 0x08, HRTIMER_MODE_REL_HARD = 0x09,
	HRTIMER_MODE_ABS_PINNED_HARD = 0x0a, HRTIMER_MODE_REL_PINNED_HARD = 0x0b,
};
struct hrtimer {
	int (*function)(struct hrtimer *);
	s64 expires;
	s64 softexpires;
};
#define ACCESS_PRIVATE(p, member)	((p)->member)
#define hrtimer_get_expires(t)		((t)->expires)
#define hrtimer_get_softexpires(t)	((t)->softexpires)
#ifndef CLOCK_REALTIME		/* <time.h> says them with POSIX only */
# define CLOCK_REALTIME		0
# define CLOCK_MONOTONIC	1
#endif
#ifndef CLOCK_BOOTTIME
# define CLOCK_BOOTTIME		7
#endif
#ifndef CLOCK_TAI
# define CLOCK_TAI		11
#endif
struct timespec64 {
	long long tv_sec;
	long tv_nsec;
};
struct itimerspec64 {
	struct timespec64 it_interval;
	struct timespec64 it_value;
};
#define NSEC_PER_USEC		1000L
struct pid {
	pid_t nr;
};
#define pid_nr(pid)		((pid)->nr)

/* skb.h: a few of include/net/dropreason-core.h's reasons, in its list's form. */
#include <arpa/inet.h>	/* ntohs */
#define DEFINE_DROP_REASON(FN, FNe)	\
	FN(NOT_SPECIFIED)		\
	FN(NO_SOCKET)			\
	FN(SOCKET_CLOSE)		\
	FN(PKT_TOO_SMALL)		\
	FNe(MAX)
enum skb_drop_reason {
	SKB_DROP_REASON_NOT_SPECIFIED = 2,
	SKB_DROP_REASON_NO_SOCKET,
	SKB_DROP_REASON_SOCKET_CLOSE,
	SKB_DROP_REASON_PKT_TOO_SMALL,
	SKB_DROP_REASON_MAX,
};
struct sk_buff {
	unsigned short protocol;	/* __be16 */
};
struct sock;

#endif /* TPOINT_KERNEL_STANDINS_H */
