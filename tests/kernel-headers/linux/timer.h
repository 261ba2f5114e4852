/* SPDX-License-Identifier: MIT */
/* Stand-in for the kernel's <linux/timer.h>: standins.h has what timer.h uses. */
#include "../standins.h"
