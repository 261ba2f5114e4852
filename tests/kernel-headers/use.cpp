// SPDX-License-Identifier: MIT
// The kernel's event headers (tests/kernel-headers/), read by C++ as a user of the events.
#include <trace/events/irq.h>
#include <trace/events/ipi.h>
#include <trace/events/signal.h>
#include <trace/events/timer.h>
#include <trace/events/skb.h>
#include <trace/events/kmacros.h>
#include "trace-events-sample.h"

int main()
{
	struct irqaction act = { "eth0" };

	trace_irq_handler_entry(1, &act);
	trace_softirq_entry(NET_RX_SOFTIRQ);
	trace_signal_generate(SIGUSR1, SEND_SIG_NOINFO, nullptr, 0, TRACE_SIGNAL_DELIVERED);
	trace_foo_bar_with_cond("x", 10);
	trace_km_hook_tp(1);	/* DECLARE_TRACE, as Linux 6.16 */
	trace_km_hook(2);	/* its pre-6.16 name */
	trace_km_nop(3);	/* TRACE_EVENT_NOP */
	return trace_foo_rel_loc_enabled();
}
