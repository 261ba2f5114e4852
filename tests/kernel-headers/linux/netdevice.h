/* SPDX-License-Identifier: MIT */
/* Stand-in for the kernel's <linux/netdevice.h>: standins.h has what skb.h uses. */
#include "../standins.h"
