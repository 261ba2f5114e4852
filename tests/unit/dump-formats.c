// SPDX-License-Identifier: MIT
/*
 * dump-formats.c - print the format text of every event of the test binary (or one).
 *
 * Built as libdump-formats.so too (DUMP_FORMATS_LIB): rec-prog's "dlopen" mode loads a
 * library and calls its dlprov_fire(), and this one prints the formats of the events of the
 * program that loaded it, so that test-elf compares what it reads from rec-prog's ELF file
 * with what rec-prog itself gives.
 */
#include <stdio.h>
#include <string.h>

#include <tpoint/tpoint.h>

static int dump(struct tpoint_event *ev, void *arg)
{
	char buf[8192];
	const char *only = arg;
	char name[256];

	snprintf(name, sizeof(name), "%s:%s", ev->system, ev->name);
	if (only && !tpoint_match(only, ev->system, ev->name))
		return 0;
	tpoint_event_format(ev, buf, sizeof(buf));
	printf("== %s\n%s", name, buf);
	return 0;
}

#ifdef DUMP_FORMATS_LIB
void dlprov_fire(int n);

void dlprov_fire(int n)
{
	(void)n;
	tpoint_for_each_event(dump, NULL);
}
#else
int main(int argc, char **argv)
{
	tpoint_for_each_event(dump, argc > 1 ? argv[1] : NULL);
	return 0;
}
#endif
