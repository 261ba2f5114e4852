/* SPDX-License-Identifier: MIT */
/* Stand-in for the kernel's <linux/module.h>: standins-module.h has what the sample uses. */
#include "../standins-module.h"
