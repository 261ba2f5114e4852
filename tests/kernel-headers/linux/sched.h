/* SPDX-License-Identifier: MIT */
/* Stand-in for the kernel's <linux/sched.h>: standins.h has what signal.h uses. */
#include "../standins.h"
