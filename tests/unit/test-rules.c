// SPDX-License-Identifier: MIT
/*
 * test-rules.c - the tool's rules (src/tool/rules.c): -e/-f parsed as each command takes
 * them, "system:event" globs, fields classed by the library's rule (a struct is not
 * filterable, a __data_loc char[] is a string), filters compiled against a format, the
 * tally that makes "compiles for none of its events" an error, and the check before a
 * program runs (an -e naming nothing, a bad -f, --missing-ok, a program that is not there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <traceevent/event-parse.h>

#include "filter.h"
#include "kernel.h"
#include "rules.h"
#include "tool.h"
#include "../tap.h"

static const char *FORMAT =
	"name: ev\nID: 40000\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:int n;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:char comm[16];\toffset:12;\tsize:16;\tsigned:0;\n"
	"\tfield:__data_loc char[] s;\toffset:28;\tsize:4;\tsigned:0;\n"
	"\tfield:struct pt pt;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:__data_loc int[] list;\toffset:40;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long addr;\toffset:48;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"n=%d\", REC->n\n";

static void test_options(void)
{
	struct rules r;

	rules_init(&r, "test", 8, 0);
	is_int(rules_option(&r, "test", 'f', "n == 1"), -1, "-f before any -e is refused");
	is_int(rules_option(&r, "test", 'e', "a:*"), 0, "-e a:*");
	is_int(rules_option(&r, "test", 'f', "n == 1"), 0, "-f after it");
	is_int(rules_option(&r, "test", 'f', "n == 2"), -1, "a second -f for one -e is refused");
	is_int(rules_option(&r, "test", 'e', "b:x"), 0, "-e b:x");
	is_int(r.nr, 2, "two rules");
	is_int(r.nr_patterns, 2, "two patterns");
	is_str(r.v[0].filter, "n == 1", "the -f went to the -e before it");
	ok(r.v[1].filter == NULL, "the second -e has no filter");
	rules_free(&r);

	rules_init(&r, "test", 8, RULES_FILTER_ALONE);
	is_int(rules_option(&r, "test", 'f', "n == 1"), 0, "report: -f alone filters every event");
	ok(r.nr == 1 && r.v[0].pattern == NULL && r.nr_patterns == 0,
	   "a rule with no pattern, not counted as one");
	is_int(rules_option(&r, "test", 'e', "a:*"), 0, "then an -e");
	is_int(rules_option(&r, "test", 'f', "n == 2"), 0, "and its -f");
	is_int(rules_option(&r, "test", 'f', "n == 3"), -1, "a third -f has no -e to take it");
	rules_free(&r);
}

static void test_match(void)
{
	ok(rules_match("sample:*", "sample", "foo_bar"), "sample:* names sample:foo_bar");
	ok(!rules_match("sample:*", "samples", "foo_bar"), "but not samples:foo_bar");
	ok(rules_match("*:foo_?ar", "x", "foo_bar"), "globs in both parts");
	ok(rules_match("foo_bar", "sample", "foo_bar"), "a bare name names the event in any system");
	ok(!rules_match("sample:foo", "sample", "foo_bar"), "no prefix match");
}

static struct tpf_field *field(struct tpf_field *f, unsigned int nr, const char *name)
{
	for (unsigned int i = 0; i < nr; i++)
		if (!strcmp(f[i].name, name))
			return &f[i];
	return NULL;
}

static void test_fields(struct tep_event *ev)
{
	struct tpf_field *f, *x;
	unsigned int nr = 0;

	f = rules_fields(ev, &nr);
	is_int(nr, 10, "4 common fields and 6 of the event");
	x = field(f, nr, "n");
	ok(x && x->kind == TPF_NUM && x->is_signed && x->offset == 8 && x->size == 4,
	   "int n: a signed number at 8, 4 bytes");
	x = field(f, nr, "comm");
	ok(x && x->kind == TPF_STR, "char comm[16]: a string");
	x = field(f, nr, "s");
	ok(x && x->kind == TPF_DSTR, "__data_loc char[] s: a dynamic string");
	x = field(f, nr, "pt");
	ok(x && x->kind == TPF_OTHER, "struct pt pt (8 bytes): not filterable, as in the library");
	x = field(f, nr, "list");
	ok(x && x->kind == TPF_OTHER, "__data_loc int[] list: not filterable");
	x = field(f, nr, "addr");
	ok(x && x->kind == TPF_NUM && !x->is_signed, "unsigned long addr: an unsigned number");
	x = field(f, nr, "common_pid");
	ok(x && x->kind == TPF_NUM && x->is_signed, "common_pid: a signed number");
	free(f);
}

static void test_compile(struct tep_event *ev)
{
	char err[512] = "";
	struct tp_filter *f;

	f = rules_compile(ev, "n > 3 && comm ~ \"ba*\" && s == \"x\"", err, sizeof(err));
	ok(f != NULL, "numbers and strings compile (%s)", err);
	tp_filter_free(f);
	f = rules_compile(ev, "pt == 1", err, sizeof(err));
	ok(f == NULL && strstr(err, "field 'pt' cannot be filtered on"),
	   "a struct field is refused: %s", err);
	is_int(rules_check_format("sys", FORMAT, "n == 1", err, sizeof(err)), 0,
	       "rules_check_format: compiles against the format text");
	is_int(rules_check_format("sys", FORMAT, "nope == 1", err, sizeof(err)), -1,
	       "an unknown field: %s", err);
	is_int(rules_check_format("sys", "garbage", "n == 1", err, sizeof(err)), -1,
	       "a format that does not parse: %s", err);
}

static void test_tally(void)
{
	struct rules_tally t = { 0 };

	rules_count(&t, "a", "one", "filter: bad at column 1");
	rules_count(&t, "a", "two", NULL);
	rules_count(&t, "a", "three", "filter: other");
	is_int(t.matched, 3, "three events matched");
	is_int(t.compiled, 1, "one compiled");
	is_str(t.first, "filter: bad at column 1 (event a:one)", "the first failure, with its event");
}

/* rules_check() with @prog and one rule; its exit status and what it said on stderr. */
static int check(const char *prog, const char *pattern, const char *filter, unsigned int flags,
		 char *said, size_t len)
{
	struct kern k = { 0 };
	struct rules r;
	FILE *saved = stderr, *tmp = tmpfile();
	int ret;
	size_t n;

	rules_init(&r, "test", 4, flags);
	rules_option(&r, "test", 'e', pattern);
	if (filter)
		rules_option(&r, "test", 'f', filter);
	stderr = tmp;
	ret = rules_check(&r, "test", prog, &k);
	stderr = saved;
	rewind(tmp);
	n = fread(said, 1, len - 1, tmp);
	while (n && said[n - 1] == '\n')
		n--;
	said[n] = '\0';
	fclose(tmp);
	rules_free(&r);
	free(k.events);
	return ret;
}

static void test_check(const char *prog)
{
	char said[4096];

	is_int(check(prog, "rec:rec_tick", NULL, 0, said, sizeof(said)), 0,
	       "an -e naming an event of the program passes");
	is_int(check(prog, "rec:rec_tick", "n > 1 && s == \"x\"", 0, said, sizeof(said)), 0,
	       "with a filter that compiles");
	is_int(check(prog, "rec:rec_tick", "nn > 1", 0, said, sizeof(said)), TOOL_EXIT_USAGE,
	       "a filter naming no field: exit 2");
	ok(strstr(said, "tpoint test: filter: unknown field 'nn' at column 1") &&
	   strstr(said, "(event rec:rec_tick)"), "the message names the field, column, event: %s",
	   said);
	is_int(check(prog, "rec:no_such", NULL, 0, said, sizeof(said)), TOOL_EXIT_USAGE,
	       "an -e naming nothing: exit 2");
	ok(strstr(said, "-e 'rec:no_such' names no event") && strstr(said, "--missing-ok"),
	   "it says so, and what to add for a dlopen()ed library: %s", said);
	is_int(check(prog, "rec:no_such", NULL, RULES_MISSING_OK, said, sizeof(said)), 0,
	       "with --missing-ok: 0");
	ok(strstr(said, "warning: -e 'rec:no_such' names no event yet"), "and a warning: %s", said);
	is_int(check("/no/such/program", "rec:*", NULL, 0, said, sizeof(said)), TOOL_EXIT_NOEXEC,
	       "a program that is not there: 127");
	ok(strstr(said, "cannot run '/no/such/program'"), "it says so: %s", said);
	is_int(check(NULL, "rec_tick", NULL, 0, said, sizeof(said)), TOOL_EXIT_USAGE,
	       "no program, a bare name, kernel not asked: exit 2");
	ok(strstr(said, "user events need -- PROGRAM"), "it says user events need a program: %s",
	   said);
}

int main(void)
{
	const char *bd = getenv("TPOINT_BUILD_DIR");
	struct tep_handle *tep = tep_alloc();
	struct tep_event *ev = NULL;
	char prog[4096];

	snprintf(prog, sizeof(prog), "%s/tests/rec-prog", bd ? bd : "build");
	test_options();
	test_match();
	if (tep_parse_format(tep, &ev, FORMAT, strlen(FORMAT), "sys") || !ev) {
		ok(0, "the test's format parses");
	} else {
		test_fields(ev);
		test_compile(ev);
	}
	tep_free(tep);
	test_tally();
	if (access(prog, X_OK) == 0)
		test_check(prog);
	else
		ok(0, "%s is built (make build-tests)", prog);
	return tap_done();
}
