/* SPDX-License-Identifier: MIT */
/* Stand-in for the kernel's <linux/skbuff.h>: standins.h has what skb.h uses. */
#include "../standins.h"
