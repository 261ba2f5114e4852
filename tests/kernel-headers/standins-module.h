/* SPDX-License-Identifier: MIT */
/*
 * standins-module.h - what the kernel's samples/trace_events/trace-events-sample.c uses of
 * <linux/module.h> and <linux/kthread.h>, in user space: a kthread is a pthread, the
 * module's init and exit run as the program's constructor and destructor, and a jiffy is a
 * millisecond with HZ 50, so that the sample's loop (schedule_timeout(HZ) per round) turns
 * 20 times a second rather than once.
 */
#ifndef TPOINT_KERNEL_STANDINS_MODULE_H
#define TPOINT_KERNEL_STANDINS_MODULE_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "standins.h"

#define HZ			50
#define TASK_INTERRUPTIBLE	1
#define set_current_state(state)	((void)(state))
#define __init
#define __exit
#define MODULE_AUTHOR(s)
#define MODULE_DESCRIPTION(s)
#define MODULE_LICENSE(s)
#define pr_info(...)		fprintf(stderr, __VA_ARGS__)
#define IS_ERR(p)		((unsigned long)(p) >= (unsigned long)-4095)
#define DEFINE_MUTEX(m)		pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER
#define mutex_lock(m)		pthread_mutex_lock(m)
#define mutex_unlock(m)		pthread_mutex_unlock(m)

static const struct cpumask tpoint_kh_all_cpus = { { 0x3 } };
static struct task_struct tpoint_kh_main_task = { "main", 0, &tpoint_kh_all_cpus, NULL, NULL, 0, 0 };
static __thread struct task_struct *tpoint_kh_current;
#define current	(tpoint_kh_current ? tpoint_kh_current : &tpoint_kh_main_task)

static inline long schedule_timeout(long jiffies_)
{
	usleep((useconds_t)jiffies_ * 1000);
	return 0;
}

static void *tpoint_kh_kthread(void *arg)
{
	struct task_struct *t = (struct task_struct *)arg;

	tpoint_kh_current = t;
	t->threadfn(t->data);
	return NULL;
}

static inline struct task_struct *tpoint_kh_kthread_run(int (*fn)(void *), void *data,
							 const char *name)
{
	struct task_struct *t = (struct task_struct *)calloc(1, sizeof(*t));
	pthread_t th;

	if (!t)
		return (struct task_struct *)-12L;
	snprintf(t->comm, sizeof(t->comm), "%s", name);
	t->cpus_ptr = &tpoint_kh_all_cpus;
	t->threadfn = fn;
	t->data = data;
	if (pthread_create(&th, NULL, tpoint_kh_kthread, t)) {
		free(t);
		return (struct task_struct *)-11L;
	}
	t->thread = (unsigned long)th;
	return t;
}
#define kthread_run(fn, data, namefmt, ...)	tpoint_kh_kthread_run(fn, data, namefmt)

static inline int kthread_should_stop(void)
{
	return __atomic_load_n(&current->should_stop, __ATOMIC_ACQUIRE);
}

static inline int kthread_stop(struct task_struct *t)
{
	__atomic_store_n(&t->should_stop, 1, __ATOMIC_RELEASE);
	pthread_join((pthread_t)t->thread, NULL);
	free(t);
	return 0;
}

#define module_init(fn)								\
	static void __attribute__((constructor)) tpoint_kh_module_init(void)	\
	{									\
		(void)fn();							\
	}
#define module_exit(fn)								\
	static void __attribute__((destructor)) tpoint_kh_module_exit(void)	\
	{									\
		fn();								\
	}

#endif /* TPOINT_KERNEL_STANDINS_MODULE_H */
