/* SPDX-License-Identifier: MIT */
/* Stand-in for the kernel's <linux/hrtimer.h>: standins.h has what timer.h uses. */
#include "../standins.h"
