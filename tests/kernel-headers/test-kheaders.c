// SPDX-License-Identifier: MIT
/*
 * test-kheaders.c - the kernel's own event headers (Linux 6.16: trace/events/irq.h, ipi.h,
 * signal.h, timer.h, skb.h and samples/trace_events/trace-events-sample.h, under tests/kernel-headers/,
 * unedited), built with only the kernel's types replaced (standins.h, force-included), and:
 *   - found as <trace/events/SYSTEM.h> without TRACE_INCLUDE_PATH, as the kernel finds them;
 *   - every event's format parsed by libtraceevent, fields as tpoint lays them out;
 *   - each event fired, printed by tpoint_event_print() as the C printf the kernel's
 *     TP_printk means (the expected text below), and by libtraceevent the same;
 *   - the field lines equal to the running kernel's format where it has the event;
 *   - errno and sa_handler (fields of the signal events) still libc's macros afterwards;
 *   - with kmacros.h (tpoint's own), the 6.16 macros those four do not use.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#define CREATE_TRACE_POINTS
#include <trace/events/irq.h>
#include <trace/events/ipi.h>
#include <trace/events/signal.h>
#include <trace/events/timer.h>
#include <trace/events/skb.h>
#include <trace/events/kmacros.h>	/* tpoint's own: the macros the four do not use */
/* Last: it defines TRACE_INCLUDE_FILE, which stays defined after it (as in the kernel). */
#include "trace-events-sample.h"

#include <netinet/in.h>

#include "../tap.h"

/* The sample's TRACE_EVENT_FN and DEFINE_EVENT_FN call these on enable and disable. */
static int reg_calls;
int foo_bar_reg(void)
{
	reg_calls++;
	return 0;
}

void foo_bar_unreg(void)
{
	reg_calls--;
}

static struct tep_handle *tep;
static char ours[8192], theirs[8192];
static int nprinted;

/* The last entry, printed both ways. */
static void on_entry(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	struct tep_record rec;
	struct trace_seq seq;

	(void)ev;
	(void)data;
	tpoint_event_print(ev, entry, size, ours, sizeof(ours));
	memset(&rec, 0, sizeof(rec));
	rec.data = (void *)entry;
	rec.size = (int)size;
	trace_seq_init(&seq);
	tep_print_event(tep, &seq, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&seq);
	snprintf(theirs, sizeof(theirs), "%s", seq.buffer);
	trace_seq_destroy(&seq);
	nprinted++;
}

/*
 * The "field:" lines of a format text, without the common ones. The kernel builds with
 * -funsigned-char (since 6.2): its char fields say signed:0 where a program's say signed:1
 * on x86, so char's signedness is left out of the comparison (the README says so).
 */
static void field_lines(const char *fmt, char *out, size_t len)
{
	const char *p = fmt;
	size_t n = 0;

	out[0] = '\0';
	while ((p = strstr(p, "\tfield:")) != NULL) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) + 1 : strlen(p);

		if (strncmp(p, "\tfield:unsigned short common_type;", 34) &&
		    strncmp(p, "\tfield:unsigned char common_", 28) &&
		    strncmp(p, "\tfield:int common_pid;", 22) && n + l < len) {
			char *sg;

			memcpy(out + n, p, l);
			out[n + l] = '\0';
			sg = strstr(out + n, "signed:1;");
			if (sg && strstr(out + n, "char") && !strstr(out + n, "unsigned char"))
				sg[7] = '0';
			n += l;
		}
		p += l;
	}
}

/*
 * The print fmt line is the kernel's too, byte for byte, where the stand-ins are the
 * kernel's values: not kfree_skb's (a few of the drop reasons), nor hrtimer_start's on a
 * kernel that added was_armed (6.18).
 */
static void same_print_fmt(struct tpoint_event *ev, const char *fmt, const char *kfmt)
{
	const char *a = strstr(fmt, "print fmt:"), *b = strstr(kfmt, "print fmt:");

	if (strcmp(ev->name, "kfree_skb") == 0 ||
	    (strcmp(ev->name, "hrtimer_start") == 0 && strstr(kfmt, "was_armed"))) {
		ok(1, "# SKIP %s:%s: the print fmt differs by design (stand-ins, or a newer kernel)",
		   ev->system, ev->name);
		return;
	}
	is_str(a, b, "%s:%s: the print fmt is the running kernel's, byte for byte", ev->system,
	       ev->name);
}

/*
 * The running kernel's event of the same name, if tracefs has it: the same field lines. A
 * kernel newer than 6.16 may have added fields at the end (hrtimer_start's was_armed, 6.18):
 * then the 6.16 fields are the first ones, byte for byte.
 */
static void against_kernel(struct tpoint_event *ev, const char *fmt)
{
	char path[256], kfmt[16384], kf[8192], tf[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s/%s/format", ev->system,
		 ev->name);
	f = fopen(path, "r");
	if (!f) {
		ok(1, "# SKIP %s:%s: the running kernel has no such event (or no tracefs)",
		   ev->system, ev->name);
		return;
	}
	n = fread(kfmt, 1, sizeof(kfmt) - 1, f);
	kfmt[n] = '\0';
	fclose(f);
	field_lines(kfmt, kf, sizeof(kf));
	field_lines(fmt, tf, sizeof(tf));
	same_print_fmt(ev, fmt, kfmt);
	if (strcmp(ev->name, "hrtimer_start") == 0 && strlen(kf) > strlen(tf) &&
	    strstr(kf, "was_armed")) {
		kf[strlen(tf)] = '\0';
		is_str(tf, kf, "%s:%s: the 6.16 fields are the running kernel's first ones "
		       "(it added was_armed)", ev->system, ev->name);
		return;
	}
	is_str(tf, kf, "%s:%s: the field lines are the running kernel's, byte for byte",
	       ev->system, ev->name);
}

static int parse_one(struct tpoint_event *ev, void *arg)
{
	const struct tpoint_field *f;
	struct tep_format_field *tf;
	struct tep_event *tev;
	unsigned int i, nr;
	char buf[16384];
	int len, bad = 0;

	(void)arg;
	len = tpoint_event_format(ev, buf, sizeof(buf));
	is_int(tep_parse_event(tep, buf, (unsigned long)len, ev->system), 0,
	       "libtraceevent parses %s:%s", ev->system, ev->name);
	tev = tep_find_event(tep, ev->id);
	ok(tev && !(tev->flags & TEP_EVENT_FL_FAILED), "%s:%s: no TEP_EVENT_FL_FAILED",
	   ev->system, ev->name);
	f = tpoint_event_fields(ev, &nr);
	for (i = 0; tev && i < nr; i++) {
		tf = tep_find_field(tev, f[i].name);
		if (!tf || tf->offset != f[i].offset || tf->size != f[i].size ||
		    !!(tf->flags & TEP_FIELD_IS_SIGNED) != f[i].is_signed)
			bad++;
	}
	is_int(bad, 0, "%s:%s: libtraceevent sees the %u fields as tpoint lays them out",
	       ev->system, ev->name, nr);
	if (strcmp(ev->system, "sample-trace") != 0 && strcmp(ev->system, "kmacros") != 0)
		against_kernel(ev, buf);
	return 0;
}

/* @text from the first @from (NULL: its start) to the first @upto after it (NULL: its end). */
static void cut(char *out, size_t len, const char *text, const char *from, const char *upto)
{
	const char *b = from ? strstr(text, from) : text;
	const char *e;

	snprintf(out, len, "%s", b ? b : "");
	if (upto && (e = strstr(out, upto)) != NULL)
		out[e - out] = '\0';
}

/*
 * @what printed @want in-process, and libtraceevent @tep_want (NULL: the same). With @from
 * and @upto, only the text between them is compared (around it, %p extensions: the README
 * says why).
 */
static void printed_as(const char *what, const char *want, const char *from, const char *upto,
		       const char *tep_want)
{
	char o[8192], t[8192];

	cut(o, sizeof(o), ours, from, upto);
	cut(t, sizeof(t), theirs, from, upto);
	is_str(o, want, "%s: tpoint_event_print() prints the kernel's TP_printk text", what);
	if (tep_want)
		is_str(t, tep_want, "%s: libtraceevent prints %s (a known difference)", what,
		       tep_want);
	else
		is_str(t, o, "%s: libtraceevent (tpoint report, trace-cmd report) prints the same",
		       what);
}

static void printed(const char *what, const char *want, const char *upto)
{
	printed_as(what, want, NULL, upto, NULL);
}

static void fire_foo_bar(const char *foo, int bar, const int *lst, const char *string,
			 const struct cpumask *mask, const char *fmt, ...)
{
	va_list va;

	va_start(va, fmt);
	trace_foo_bar(foo, bar, lst, string, mask, fmt, &va);
	va_end(va);
}

static void fire_irq_ipi(void)
{
	struct irqaction act = { "eth0" };
	struct cpumask cpus = { { 0x2d } };

	trace_irq_handler_entry(7, &act);
	printed("irq_handler_entry", "irq=7 name=eth0", NULL);
	trace_irq_handler_exit(7, &act, 1);
	printed("irq_handler_exit", "irq=7 ret=handled", NULL);
	trace_softirq_entry(NET_RX_SOFTIRQ);
	printed("softirq_entry (TRACE_DEFINE_ENUM, __print_symbolic)", "vec=3 [action=NET_RX]",
		NULL);
	trace_softirq_raise(42);
	printed("softirq_raise, no symbol", "vec=42 [action=0x2a]", NULL);
	trace_ipi_send_cpumask(&cpus, 0, NULL);
	printed("ipi_send_cpumask (__cpumask)", "cpumask=0,2-3,5", " callsite=");
}

static void fire_signal(void)
{
	struct kernel_siginfo info = { SIGUSR1, 5, -6 };
	struct task_struct task;
	struct k_sigaction ka;

	memset(&task, 0, sizeof(task));
	strcpy(task.comm, "worker");
	task.pid = 42;

	k_sigaction_init(&ka, (void (*)(int))0x1234, 0x4000000);
	trace_signal_generate(SIGUSR1, SEND_SIG_NOINFO, &task, 1, TRACE_SIGNAL_IGNORED);
	printed("signal_generate (a field named errno)",
		"sig=10 errno=0 code=0 comm=worker pid=42 grp=1 res=1", NULL);
	trace_signal_deliver(SIGUSR1, &info, &ka);
	printed("signal_deliver (a field named sa_handler)",
		"sig=10 errno=5 code=-6 sa_handler=1234 sa_flags=4000000", NULL);
}

static void fire_timer(void)
{
	struct timer_list tl = { NULL, 1250, 0x00140003 };
	struct hrtimer hr = { NULL, 5000000000LL, 4999000000LL };
	struct itimerspec64 its = { { 0, 500000 }, { 2, 250000000 } };
	struct pid pid = { 77 };
	ktime_t now = 123456789;

	/*
	 * libtraceevent 1.7 reads "flags & (M | D | P | I)" in __print_flags as
	 * "(flags & M) | D | P | I": the kernel's own timer_start prints so in trace-cmd too.
	 */
	trace_timer_start(&tl, 1256);
	printed_as("timer_start (__print_flags of a masked value)",
		   "expires=1250 [timeout=250] bucket_expiry=1256 cpu=3 idx=0 flags=M|P", "expires=",
		   NULL, "expires=1250 [timeout=250] bucket_expiry=1256 cpu=3 idx=0 flags=M|D|P|I");
	trace_timer_base_idle(true, 3);
	printed("timer_base_idle (bool)", "is_idle=1 cpu=3", NULL);
	/* Enum constants that no TRACE_DEFINE_ENUM names: readers cannot know their values. */
	trace_hrtimer_setup(&hr, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	printed_as("hrtimer_setup (__print_symbolic of an enum)",
		   "clockid=CLOCK_MONOTONIC mode=REL|PINNED|HARD", "clockid=", NULL,
		   "clockid=CLOCK_MONOTONIC mode=0xb");
	trace_hrtimer_expire_entry(&hr, &now);
	printed_as("hrtimer_expire_entry", "now=123456789", "now=", NULL, NULL);
	trace_itimer_state(0, &its, 42);
	printed("itimer_state", "which=0 expires=42 it_value=2.250000 it_interval=0.000500", NULL);
	trace_itimer_expire(1, &pid, 99);
	printed("itimer_expire", "which=1 pid=77 now=99", NULL);
}

static void fire_skb(void)
{
	struct sk_buff skb = { 0 };

	skb.protocol = htons(0x0800);
	trace_kfree_skb(&skb, NULL, SKB_DROP_REASON_NO_SOCKET, NULL);
	printed_as("kfree_skb (TRACE_DEFINE_ENUM of DEFINE_DROP_REASON, __print_symbolic)",
		   "protocol=2048", "protocol=", " location=", NULL);
	printed_as("kfree_skb's reason", "reason: NO_SOCKET", "reason: ", NULL, NULL);
	trace_skb_copy_datagram_iovec(&skb, 1500);
	printed_as("skb_copy_datagram_iovec", "len=1500", "len=", NULL, NULL);
}

static void fire_sample(void)
{
	static const int list[] = { 1, 2, 3, 0 };
	struct cpumask cpus = { { 0xf } };
	unsigned long bitmask[1] = { 0xdeadbeefUL };

	fire_foo_bar("hello", 6, list, "Frodo", &cpus, "iter=%d", 6);
	printed("foo_bar (__cpumask, __print_dynamic_array, __string_len, __vstring)",
		"foo hello 6 0x6 BIT2|BIT3 1 2 3 1 2 3 Frodo hel (00000000,0000000f) (0-3) iter=6",
		" [");
	trace_foo_bar_with_cond("Some times print", 10);
	printed("foo_bar_with_cond", "foo Some times print 10", NULL);
	trace_foo_with_template_print("I have to be different", 3);
	printed("foo_with_template_print", "bar I have to be different 3", NULL);
	trace_foo_rel_loc("Hello __rel_loc", 5, bitmask, &cpus);
	printed("foo_rel_loc (__rel_string, __rel_bitmask, __rel_cpumask)",
		"foo_rel_loc Hello __rel_loc, 5, 00000000,deadbeef, 0-3", NULL);
}

static int hook_sum;
static void on_hook(void *data, int a)
{
	(void)data;
	hook_sum += a;
}

/* DECLARE_TRACE is <name>_tp, as Linux 6.16; the names before it stay as aliases. */
static void bare_tracepoints(void)
{
	struct tpoint_tracepoint *tp = tpoint_tracepoint_lookup("kmacros:km_hook_tp");

	ok(tp && strcmp(tp->name, "km_hook_tp") == 0 && !tpoint_event_lookup("kmacros:km_hook_tp"),
	   "DECLARE_TRACE(km_hook): a bare tracepoint named km_hook_tp, no event");
	ok(!tpoint_tracepoint_lookup("kmacros:km_hook"), "and none named km_hook");
	is_int(register_trace_km_hook_tp(on_hook, NULL), 0, "register_trace_km_hook_tp()");
	trace_km_hook_tp(3);
	trace_km_hook(4);	/* the pre-6.16 name, an alias */
	is_int(hook_sum, 7, "trace_km_hook_tp() and its alias trace_km_hook() call the probe");
	is_int(unregister_trace_km_hook(on_hook, NULL), 0, "unregister_trace_km_hook(), the alias");
	ok(!trace_km_hook_tp_enabled(), "disabled again");
	register_trace_km_hook_cond_tp(on_hook, NULL);
	trace_km_hook_cond_tp(-5);
	trace_km_hook_cond_tp(5);
	unregister_trace_km_hook_cond_tp(on_hook, NULL);
	is_int(hook_sum, 12, "DECLARE_TRACE_CONDITION: km_hook_cond_tp, its condition checked");
	tp = tpoint_tracepoint_lookup("kmacros:km_bare_event");
	ok(tp && !tpoint_event_lookup("kmacros:km_bare_event"),
	   "DECLARE_TRACE_EVENT(km_bare_event): the tracepoint km_bare_event, without _tp");
	trace_km_nop(1);
	trace_km_nop_defined(2);
	ok(!trace_km_nop_enabled() && !trace_km_nop_defined_enabled() &&
	   !tpoint_tracepoint_lookup("kmacros:km_nop") &&
	   !tpoint_tracepoint_lookup("kmacros:km_nop_defined"),
	   "TRACE_EVENT_NOP, DEFINE_EVENT_NOP: calls that do nothing, no tracepoint");
}

static void fire_kmacros(void)
{
	struct sockaddr_in sin;
	static const unsigned char bytes[] = { 1, 2, 0xab };

	trace_km_sys_enter(5, 0x100000001ULL, 3000000005ULL);
	printed("km_sys_enter (TRACE_EVENT_SYSCALL, __field_ext, __print_flags_u64, "
		"__print_ns_to_secs)", "id=5 flags=LOW|HIGH t=3.000000005", NULL);
	memset(&sin, 0, sizeof(sin));
	trace_km_data(&sin, (int)sizeof(sin), bytes, 3);
	printed("km_data (__sockaddr, __rel_dynamic_array, __print_hex_dump)",
		"addrlen=16 bytes=3 [01 02 ab]", NULL);
}

/* The program's own errno and struct sigaction, after the headers' errno and sa_handler. */
static void libc_macros(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	errno = EDOM;
	ok(errno == EDOM && sa.sa_handler == SIG_IGN && sigaction(SIGUSR2, &sa, NULL) == 0,
	   "errno and sa_handler are libc's macros again after the event headers");
}

/* "fire": the sample's and kmacros' events once each, for tpoint record (tests/cli/kheaders.t). */
static void fire_for_record(void)
{
	static const int list[] = { 1, 2, 3, 0 };
	static const unsigned char bytes[] = { 1, 2, 0xab };
	struct cpumask cpus = { { 0x2d } };
	unsigned long bitmask[1] = { 0xdeadbeefUL };
	struct sockaddr_in sin;

	fire_foo_bar("hello", 6, list, "Frodo", &cpus, "iter=%d", 6);
	trace_foo_bar_with_cond("Some times print", 10);
	trace_foo_with_template_simple("HELLO", 7);
	trace_foo_with_template_print("I have to be different", 3);
	trace_foo_rel_loc("Hello __rel_loc", 5, bitmask, &cpus);
	trace_km_sys_enter(5, 0x100000001ULL, 3000000005ULL);
	memset(&sin, 0, sizeof(sin));
	trace_km_data(&sin, (int)sizeof(sin), bytes, 3);
}

int main(int argc, char **argv)
{
	int little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

	if (argc > 1 && strcmp(argv[1], "fire") == 0) {
		fire_for_record();
		return 0;
	}

	tep = tep_alloc();
	tep_set_long_size(tep, sizeof(long));
	tep_set_page_size(tep, 4096);
	tep_set_file_bigendian(tep, little ? TEP_LITTLE_ENDIAN : TEP_BIG_ENDIAN);
	tep_set_local_bigendian(tep, little ? TEP_LITTLE_ENDIAN : TEP_BIG_ENDIAN);
	tpoint_for_each_event(parse_one, NULL);

	tpoint_set_event_handler(on_entry, NULL);
	ok(tpoint_enable("*:*") >= 18, "every event of the four headers enabled");
	ok(reg_calls == 2, "the reg function of TRACE_EVENT_FN and DEFINE_EVENT_FN, once each");
	fire_irq_ipi();
	fire_signal();
	fire_timer();
	fire_skb();
	fire_sample();
	fire_kmacros();
	tpoint_disable("*:*");
	ok(reg_calls == 0, "and its unreg");
	tpoint_set_event_handler(NULL, NULL);
	libc_macros();
	bare_tracepoints();
	tep_free(tep);
	return tap_done();
}
