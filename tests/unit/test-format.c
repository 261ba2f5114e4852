// SPDX-License-Identifier: MIT
/*
 * test-format.c - golden tests of what an event says about itself and how an entry prints:
 * the format text, byte for byte as the kernel writes it; entries assembled by hand, field
 * by field, printed through TP_printk; entries recorded by the event probe; bad entries.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <tpoint/tpoint.h>
#include "ut-events.h"
#include "trace-events-sample.h"
#include "../tap.h"

static const char *format_of(const char *name)
{
	static char buf[8192];
	struct tpoint_event *ev = tpoint_event_lookup(name);

	if (!ev)
		return "(no event)";
	tpoint_event_format(ev, buf, sizeof(buf));
	return buf;
}

static const char *print_of(const char *name, const void *entry, size_t size)
{
	static char buf[1024];
	int ret = tpoint_event_print(tpoint_event_lookup(name), entry, size, buf, sizeof(buf));

	if (ret < 0)
		snprintf(buf, sizeof(buf), "error %d", ret);
	return buf;
}

/* The last entry the event probe recorded. */
static unsigned char rec[TPOINT_EVENT_MAX];
static size_t rec_size;
static struct tpoint_event *rec_ev;

static void keep(struct tpoint_event *ev, const void *entry, size_t size, void *data)
{
	(void)data;
	memcpy(rec, entry, size);
	rec_size = size;
	rec_ev = ev;
}

static const char *recorded(void)
{
	static char buf[1024];

	if (!rec_ev)
		return "(nothing recorded)";
	tpoint_event_print(rec_ev, rec, rec_size, buf, sizeof(buf));
	rec_ev = NULL;
	return buf;
}

/* The kernel's four common fields, as every format starts. */
#define COMMON_FIELDS								\
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"		\
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"		\
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"	\
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"

#define LE16(v) (unsigned char)((v) & 0xff), (unsigned char)(((v) >> 8) & 0xff)
#define LE32(v) LE16((v) & 0xffff), LE16(((v) >> 16) & 0xffff)

int main(void)
{
	char want[4096], small[16];
	struct tpoint_event *ev;
	unsigned char bytes[] = { 0xca, 0xfe };
	unsigned char big[5000];
	uint64_t dropped;
	int len, id;

	ev = tpoint_event_lookup("ut-sys:ut_state");
	id = ev->id;
	snprintf(want, sizeof(want),
		 "name: ut_state\n"
		 "ID: %d\n"
		 "format:\n"
		 COMMON_FIELDS
		 "\n"
		 "\tfield:enum ut_state st;\toffset:8;\tsize:4;\tsigned:0;\n"
		 "\tfield:unsigned int flags;\toffset:12;\tsize:4;\tsigned:0;\n"
		 "\n"
		 "print fmt: \"st=%%s flags=%%s\", __print_symbolic(REC->st, { 7, \"idle\" }, "
		 "{ 9, \"busy\" }), __print_flags(REC->flags, \",\", { 0x1, \"A\" }, { 0x2, \"B\" }, "
		 "{ 0x6, \"BC\" })\n", id);
	is_str(format_of("ut-sys:ut_state"), want,
	       "format of ut_state: kernel layout, enum names replaced (TRACE_DEFINE_ENUM)");
	len = tpoint_event_format(ev, NULL, 0);
	is_int(len, (int)strlen(want), "format length without a buffer, as snprintf");
	is_int(tpoint_event_format(ev, small, sizeof(small)), (int)strlen(want),
	       "a short buffer gets the full length back");
	is_int((int)strlen(small), (int)sizeof(small) - 1, "and a truncated, terminated text");

	snprintf(want, sizeof(want),
		 "name: foo_with_template_print\n"
		 "ID: %d\n"
		 "format:\n"
		 COMMON_FIELDS
		 "\n"
		 "\tfield:__data_loc char[] foo;\toffset:8;\tsize:4;\tsigned:1;\n"
		 "\tfield:int bar;\toffset:12;\tsize:4;\tsigned:1;\n"
		 "\tfield:long delta;\toffset:16;\tsize:8;\tsigned:1;\n"
		 "\tfield:unsigned long long size;\toffset:24;\tsize:8;\tsigned:0;\n"
		 "\tfield:const void * ptr;\toffset:32;\tsize:8;\tsigned:0;\n"
		 "\tfield:bool ok;\toffset:40;\tsize:1;\tsigned:0;\n"
		 "\tfield:short s16;\toffset:42;\tsize:2;\tsigned:1;\n"
		 "\tfield:unsigned char u8;\toffset:44;\tsize:1;\tsigned:0;\n"
		 "\tfield:struct sample_point pt;\toffset:48;\tsize:8;\tsigned:0;\n"
		 "\tfield:enum sample_color color;\toffset:56;\tsize:4;\tsigned:0;\n"
		 "\tfield:__data_loc unsigned char[] bytes;\toffset:60;\tsize:4;\tsigned:0;\n"
		 "\n"
		 "print fmt: \"bar %%s %%d ptsize=%%zu mode=%%s\", __get_str(foo), REC->bar, 8, "
		 "__print_flags(REC->u8, \"|\", { 0x1, \"READ\" }, { 0x2, \"WRITE\" }, "
		 "{ 0x4, \"EXEC\" }, { 0x10, \"SYNC\" })\n",
		 tpoint_event_lookup("sample:foo_with_template_print")->id);
	is_str(format_of("sample:foo_with_template_print"), want,
	       "format of a DEFINE_EVENT_PRINT: every field kind, sizeof(type) replaced (TRACE_DEFINE_SIZEOF)");
	ok(strstr(format_of("sample:sample_tick"), "print fmt: \"tick\"\n") != NULL,
	   "TP_printk with no argument: no trailing comma");
	ok(strstr(format_of("sample:foo_bar"),
		  "\tfield:char foo[10];\toffset:8;\tsize:10;\tsigned:1;\n"
		  "\tfield:int bar;\toffset:20;\tsize:4;\tsigned:1;\n"
		  "\tfield:__data_loc int[] list;\toffset:24;\tsize:4;\tsigned:1;\n"
		  "\tfield:__data_loc char[] str;\toffset:28;\tsize:4;\tsigned:1;\n"
		  "\tfield:__data_loc unsigned long[] cpus;\toffset:32;\tsize:4;\tsigned:0;\n"
		  "\tfield:__data_loc char[] vstr;\toffset:36;\tsize:4;\tsigned:1;\n") != NULL,
	   "__array, __dynamic_array, __string, __bitmask and __vstring fields");
	ok(strstr(format_of("sample:foo_bar"), "__print_array(__get_dynamic_array(list), "
		  "__get_dynamic_array_len(list) / 4, 4)") != NULL,
	   "sizeof(int) of a standard type becomes 4 without a declaration");

	/* Entries assembled by hand (little-endian host), printed through TP_printk */
	{
		const unsigned char e[] = {
			LE16(id), 0, 0,		/* common_type, flags, preempt_count */
			LE32(1234),		/* common_pid */
			LE32(9),		/* st: UT_BUSY */
			LE32(0x7),		/* flags: A|B, 0x4 left over (BC needs 0x6) */
		};
		is_str(print_of("ut-sys:ut_state", e, sizeof(e)), "st=busy flags=A,B,0x4",
		       "symbolic and flags print as the kernel does, bits left over in hex");
		is_int(tpoint_event_print(ev, e, 12, NULL, 0), TPOINT_E_BAD_ENTRY,
		       "an entry too short for its fields: TPOINT_E_BAD_ENTRY");
	}
	{
		const unsigned char e[] = {
			LE16(0), 0, 0, LE32(1),
			LE32((3u << 16) | 20),	/* name: __data_loc, 3 bytes at offset 20 */
			LE32((2u << 16) | 23),	/* buf: 2 bytes at offset 23 */
			LE32(2),		/* len */
			'a', 'b', 0,		/* name */
			0xbe, 0xef,		/* buf */
		};
		unsigned char bad[sizeof(e)];

		is_str(print_of("ut-sys:ut_blob", e, sizeof(e)), "name=ab len=2 buf=beef",
		       "dynamic fields found through their __data_loc");
		memcpy(bad, e, sizeof(e));
		bad[12] = 30;	/* buf's offset past the end */
		is_int(tpoint_event_print(tpoint_event_lookup("ut-sys:ut_blob"), bad, sizeof(bad),
					  small, sizeof(small)), TPOINT_E_BAD_ENTRY,
		       "a __data_loc past the end is refused");
		memcpy(bad, e, sizeof(e));
		bad[22] = 'c';	/* name not NUL-terminated */
		is_int(tpoint_event_print(tpoint_event_lookup("ut-sys:ut_blob"), bad, sizeof(bad),
					  small, sizeof(small)), TPOINT_E_BAD_ENTRY,
		       "a string without its NUL is refused");
	}
	is_str(tpoint_strerror(TPOINT_E_BAD_ENTRY), "entry does not match its event (size or __data_loc)",
	       "tpoint_strerror() of tpoint's own code");
	is_str(tpoint_strerror(-ENOENT), "No such file or directory", "tpoint_strerror() of an errno");

	/* Entries recorded by the event probe */
	tpoint_set_event_handler(keep, NULL);
	tpoint_enable("ut-sys:*");
	tpoint_enable("sample:*");
	trace_ut_blob(bytes, 2, NULL);
	is_str(recorded(), "name=(null) len=2 buf=cafe", "a NULL __string records \"(null)\"");
	trace_ut_blob(bytes, 0, "");
	is_str(recorded(), "name= len=0 buf=", "empty string and empty dynamic array");
	trace_foo_with_template_simple(NULL, 5, 0, 0, NULL, 0, (struct sample_point){ 0, 0 },
				       SAMPLE_GREEN, bytes, 0);
	ok(strncmp(recorded(), "foo=(null) bar=5", 16) == 0, "a NULL __string_len records \"(null)\"");
	trace_foo_with_template_simple("abcdef", 3, 0, 0, NULL, 1, (struct sample_point){ 0, 0 },
				       (enum sample_color)3, bytes, 1);
	is_str(recorded(), "foo=abc bar=3 delta=0 size=0 ptr=0x0 ok=true s16=3 u8=3 color=0x3 "
	       "hex=[ca] str=ca", "__string_len keeps len bytes; an unknown symbol prints in hex");
	ok(((const struct tpoint_trace_entry *)rec)->pid > 0, "common_pid is the thread id");

	memset(big, 0x11, sizeof(big));
	ev = tpoint_event_lookup("ut-sys:ut_blob");
	dropped = ev->dropped;
	trace_ut_blob(big, 4100, "x");
	ok(rec_ev == NULL && ev->dropped == dropped + 1,
	   "an entry over TPOINT_EVENT_MAX is dropped and counted, not truncated");
	trace_ut_blob(big, TPOINT_EVENT_MAX - 20 - 2, "x");
	ok(rec_ev != NULL && rec_size == TPOINT_EVENT_MAX, "one of exactly TPOINT_EVENT_MAX bytes "
	   "is recorded (%zu)", rec_size);
	rec_ev = NULL;

	tpoint_disable("*");
	tpoint_set_event_handler(NULL, NULL);
	return tap_done();
}
