// SPDX-License-Identifier: MIT
/* use.cpp - C++ includes an event header and attaches a probe; linked with the C provider. */
#include <cstdio>
#include <cstring>
#include <tpoint/tpoint.h>
#include "trace-events-sample.h"

static int hits;

static void probe(void *data, int value, const char *what)
{
	hits += value + (int)std::strlen(what) + (data ? 1 : 0);
}

static void on_entry(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	char text[256];

	(void)data;
	tpoint_event_print(ev, entry, size, text, sizeof(text));
	std::printf("%s:%s: %s\n", ev->system, ev->name, text);
}

int main()
{
	struct sample_point pt = { 1, 2 };
	unsigned char b[2] = { 0xab, 0xcd };

	if (register_trace_sample_bare(probe, nullptr) != 0)
		return 1;
	trace_sample_bare(2, "abc");
	unregister_trace_sample_bare(probe, nullptr);
	tpoint_set_event_handler(on_entry, nullptr);
	tpoint_enable("sample:foo_with_template_simple");
	trace_foo_with_template_simple("cxx", 3, -1, 2, nullptr, true, pt, SAMPLE_BLUE, b, 2);
	tpoint_disable("*");
	return hits == 5 ? 0 : 2;
}
