# SPDX-License-Identifier: MIT
# The tests: TAP programs run by prove. Included by the top Makefile.

TEST_CFLAGS	:= -std=gnu11 $(WARN) -O2 -g -Iinclude -Isamples -Itests/unit -D_GNU_SOURCE
TEST_LDFLAGS	:= -L$(O) -Wl,-rpath,'$$ORIGIN/..' -ltpoint -lpthread -ldl
UT_SRC		:= tests/unit/ut-events.c
UT_DEPS		:= $(UT_SRC) tests/unit/ut-events.h samples/trace-events-sample.h tests/tap.h $(HEADERS)
TEP_FLAGS	= $(shell pkg-config --cflags --libs libtraceevent)

# Sanitizer builds compile the library in: each sanitizer sees every access.
# -Wno-tsan: TSan does not model atomic_thread_fence. The orderings TSan checks (every
# free after the last reader's access) go through release/acquire pairs on the RCU
# counters; the fences order the store-buffer pattern, which TSan does not check anyway.
# ring.c's one fence is a snapshot's seqlock read (ring_snap_page()), which the TSan builds
# of the ring tests do not run.
SAN_SRC		:= $(LIB_SRC) $(UT_SRC) tests/stress/test-stress.c
SAN_CFLAGS	:= -std=gnu11 -O1 -g -fno-omit-frame-pointer -Iinclude -Isamples -Itests/unit \
		   -Isrc/lib -D_GNU_SOURCE -DTPOINT_BUILD

TEST_BINS	:= $(O)/tests/test-registry $(O)/tests/test-probes $(O)/tests/test-format \
		   $(O)/tests/test-filter $(O)/tests/test-evfilter $(O)/tests/test-page \
		   $(O)/tests/test-rules \
		   $(O)/tests/test-dat $(O)/tests/test-dat-bad \
		   $(O)/tests/test-merge \
		   $(O)/tests/test-traceevent $(O)/tests/test-kheaders $(O)/tests/kh-sample-module \
		   $(O)/tests/stress-tsan $(O)/tests/stress-asan \
		   $(O)/tests/ring-tsan $(O)/tests/ring-asan $(O)/tests/session-tsan \
		   $(O)/tests/session-asan $(O)/tests/lossless $(O)/tests/lossless-tsan \
		   $(O)/tests/attach-tsan $(O)/tests/attach-asan \
		   $(O)/tests/lossless-asan \
		   $(O)/tests/libdlprov.so $(O)/tests/dump-formats $(O)/tests/rec-prog \
		   $(O)/tests/rec-prog-abi $(O)/tests/kshark-check $(O)/tests/clash-prog $(O)/tests/sym-prog \
		   $(O)/tests/libreserve-count.so \
		   $(O)/tests/snap-prog $(O)/tests/rec-prog-stripped \
		   $(O)/tests/fuzz-report $(O)/tests/fuzz-session $(O)/tests/hostile \
		   $(O)/tests/tpoint-asan $(O)/bench/tp-bench \
		   $(O)/tests/libdump-formats.so $(O)/tests/test-elf \
		   $(O)/tests/usdt-prog $(O)/tests/libusdt-lib.so
TEST_SCRIPTS	:= tests/compile/run.sh tests/cli/sample.t tests/cli/install.t tests/cli/record.t \
		   tests/cli/bench-smoke.t tests/cli/kernel.t tests/cli/clock.t tests/cli/hostile.t tests/cli/keep.t \
		   tests/fuzz/fuzz.t
TEST_SCRIPTS	+= tests/cli/isolation.t
# The kernel's own event headers recorded: tpoint report and trace-cmd report agree.
TEST_SCRIPTS	+= tests/cli/kheaders.t
# Attach to running programs (record/trace/top -p).
TEST_SCRIPTS	+= tests/cli/attach.t
# bpftrace attaches to the tracepoints as USDT probes (as root; skipped where not permitted).
TEST_SCRIPTS	+= tests/cli/usdt.t
# bash completion: commands, options, event names.
TEST_SCRIPTS	+= tests/cli/completion.t
# A program's system that is the kernel's too: user: and kernel: before -e's pattern.
TEST_SCRIPTS	+= tests/cli/clash.t
# tpoint convert: the kernel's trace text and Chrome JSON.
TEST_SCRIPTS	+= tests/cli/convert.t
# tpoint convert --to-ctf: babeltrace2 reads every event as tpoint report gives it.
TEST_SCRIPTS	+= tests/cli/ctf.t
# KernelShark's data library names every event of a file (built where libkshark is).
TEST_SCRIPTS	+= tests/cli/kshark.t
# The man pages: render, name every option, installed where man finds them.
TEST_SCRIPTS	+= tests/cli/man.t
# The flight recorder on demand: snapshots on SIGUSR1 and on an event (snap-prog).
TEST_SCRIPTS	+= tests/cli/snapshot.t
# The library's and the tool's files call each other in layers, without a cycle (reads the
# objects under $(O)/lib and $(O)/tool).
TEST_SCRIPTS	+= tests/unit/layers.sh

.PHONY: build-tests

build-tests: all $(TEST_BINS)

$(O)/tests/test-%: tests/unit/test-%.c $(UT_DEPS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(UT_SRC) $(TEST_LDFLAGS)

# The filter parser is internal to the library (hidden): compiled in.
$(O)/tests/test-filter: tests/unit/test-filter.c src/lib/filter.c src/lib/filter.h tests/tap.h \
		$(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Isrc/lib -o $@ tests/unit/test-filter.c src/lib/filter.c

# The tool's parts are tested with the tool's objects (all but its main) and the library's.
TOOL_PARTS	= $(filter-out $(O)/tool/tpoint.o,$(TOOL_OBJ))
TOOL_TEST_CFLAGS = $(TEST_CFLAGS) -Isrc/lib -Isrc/tool -I$(O)/gen \
		   $(shell pkg-config --cflags libtracefs libtraceevent)

$(O)/tests/test-rules: tests/unit/test-rules.c $(TOOL_PARTS) $(STATIC) tests/tap.h \
		$(O)/tests/rec-prog
	@mkdir -p $(dir $@)
	$(CC) $(TOOL_TEST_CFLAGS) -o $@ $< $(TOOL_PARTS) $(STATIC) $(TOOL_LIBS)

# The filter adapter too, over an event of its own; the rest from the library.
EVF_SRC		:= src/lib/evfilter.c src/lib/filter.c
$(O)/tests/test-evfilter: tests/unit/test-evfilter.c tests/unit/evf-events.h $(EVF_SRC) \
		$(LIB_HEADERS) $(HEADERS) tests/tap.h $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Isrc/lib -o $@ $< $(EVF_SRC) $(TEST_LDFLAGS)

# The page codec, compiled in with its tests.
$(O)/tests/test-page: tests/unit/test-page.c src/lib/page.c src/lib/page.h tests/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Isrc/lib -o $@ tests/unit/test-page.c src/lib/page.c
# The tool's trace.dat module, compiled in with what it uses: test-dat writes and reads
# (libtracecmd reads what it wrote), test-dat-bad reads broken files.
DAT_TEST_SRC	:= tests/unit/dat-fixture.c $(wildcard src/tool/dat/*.c) src/tool/clock.c \
		   src/lib/page.c

$(O)/tests/test-dat $(O)/tests/test-dat-bad: $(O)/tests/%: tests/unit/%.c $(DAT_TEST_SRC) \
		tests/unit/dat-fixture.h $(wildcard src/tool/dat/*.h) src/tool/clock.h \
		src/lib/page.h tests/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Isrc/tool -Isrc/lib -DTPOINT_VERSION='"$(VERSION)"' \
		$$(pkg-config --cflags libtracecmd) -o $@ $< $(DAT_TEST_SRC) \
		$$(pkg-config --libs libtracecmd) -lzstd -lz

# The tool's merge of a CPU's kernel and user pages, compiled in with the page format.
MERGE_TEST_SRC	:= src/tool/merge.c src/lib/page.c

$(O)/tests/test-merge: tests/unit/test-merge.c $(MERGE_TEST_SRC) src/tool/merge.h src/lib/page.h \
		src/lib/ring.h tests/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Isrc/tool -Isrc/lib -o $@ tests/unit/test-merge.c $(MERGE_TEST_SRC)

$(O)/tests/test-traceevent: tests/diff/test-traceevent.c $(UT_DEPS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(UT_SRC) $(TEST_LDFLAGS) $(TEP_FLAGS)

# The kernel's own event headers (Linux 6.16, tests/kernel-headers/, unedited) with stand-ins
# for the kernel's types (standins.h, force-included): built, fired, printed by tpoint and
# libtraceevent alike, their fields compared with the running kernel's. The kernel does not
# build with -Wsign-compare (the sample's __string_len() length compares int and size_t).
KH_DIR		:= tests/kernel-headers
KH_CFLAGS	= -I$(KH_DIR) -I$(KH_DIR)/samples/trace_events -include $(KH_DIR)/standins.h
KH_DEPS		:= $(wildcard $(KH_DIR)/*.h $(KH_DIR)/*/*.h $(KH_DIR)/*/*/*.h)

$(O)/tests/test-kheaders: $(KH_DIR)/test-kheaders.c $(KH_DEPS) tests/tap.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(KH_CFLAGS) $(TEST_CFLAGS) -Wno-sign-compare -o $@ $< $(TEST_LDFLAGS) $(TEP_FLAGS)

# The kernel's trace-events-sample.c itself, a module made a program (standins-module.h:
# kthreads are pthreads, module_init/exit the constructor/destructor), with the kernel's
# warnings (-Wall: its threads' functions do not use their argument); kheaders.t records it.
$(O)/tests/kh-sample-module: $(KH_DIR)/samples/trace_events/trace-events-sample.c \
		$(KH_DIR)/sample-module-main.c $(KH_DEPS) $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(KH_CFLAGS) -std=gnu11 -D_GNU_SOURCE -Wall $(if $(WERROR),-Werror) -O2 -g -Iinclude \
		-o $@ $(KH_DIR)/samples/trace_events/trace-events-sample.c \
		$(KH_DIR)/sample-module-main.c $(TEST_LDFLAGS)

$(O)/tests/dump-formats: tests/unit/dump-formats.c $(UT_DEPS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(UT_SRC) $(TEST_LDFLAGS)

# rec-prog's "dlopen" mode loads it: the formats of rec-prog's events, as rec-prog gives them.
$(O)/tests/libdump-formats.so: tests/unit/dump-formats.c $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -DDUMP_FORMATS_LIB -fPIC -shared -o $@ $< -L$(O) -ltpoint

# The tool's ELF reader (src/tool/elf/), compiled in. It reads the programs built here and
# runs them for their own formats; linked with libdlprov.so (run path $ORIGIN) so that its
# own file needs a library with events.
ELF_TEST_SRC	:= tests/unit/test-elf.c $(wildcard src/tool/elf/*.c) src/tool/util.c
ELF_TEST_PROGS	:= $(SAMPLE) $(O)/tests/rec-prog $(O)/tests/dump-formats \
		   $(O)/tests/libdump-formats.so $(O)/tests/libdlprov.so

$(O)/tests/test-elf: $(ELF_TEST_SRC) $(wildcard src/tool/elf/*.h) src/tool/tool.h tests/tap.h \
		$(HEADERS) $(SHARED) $(ELF_TEST_PROGS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Isrc/tool -o $@ $(ELF_TEST_SRC) -L$(O)/tests -ldlprov \
		-Wl,-rpath,'$$ORIGIN' $(TEST_LDFLAGS)

$(O)/tests/libdlprov.so: tests/unit/dlprov.c tests/unit/dlprov-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -fPIC -shared -o $@ $< -L$(O) -ltpoint

$(O)/tests/stress-tsan: $(SAN_SRC) $(UT_DEPS) src/lib/internal.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -fsanitize=thread $(if $(findstring clang,$(CC)),,-Wno-tsan) \
		-o $@ $(SAN_SRC) -lpthread

$(O)/tests/stress-asan: $(SAN_SRC) $(UT_DEPS) src/lib/internal.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-o $@ $(SAN_SRC) -lpthread

$(O)/tests/rec-prog: tests/cli/rec-prog.c tests/cli/rec-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/cli -o $@ $< $(TEST_LDFLAGS)

# kshark.t's reader: a file as libkshark (KernelShark's data library) loads it. Built only
# where Debian's libkshark-dev is (scripts/deps.sh test installs it); kshark.t skips else.
# -isystem: libkshark.h has declarations that -Wstrict-prototypes flags (-Werror in CI).
KSHARK_FLAGS	= -isystem /usr/include/kernelshark
$(O)/tests/kshark-check: tests/cli/kshark-check.c
	@mkdir -p $(dir $@)
	@if [ -f /usr/include/kernelshark/libkshark.h ]; then \
		echo $(CC) $(TEST_CFLAGS) $(KSHARK_FLAGS) -o $@ $< -lkshark; \
		$(CC) $(TEST_CFLAGS) $(KSHARK_FLAGS) -o $@ $< -lkshark; \
	else rm -f $@; echo "kshark-check: no libkshark here; kshark.t skips"; fi

# record.t: counts the calls to the out-of-line reserve (the inline path is taken).
$(O)/tests/libreserve-count.so: tests/cli/reserve-count.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -fPIC -shared -o $@ $< -ldl

# record.t: %ps and %pS of the program's and libc's functions.
$(O)/tests/sym-prog: tests/cli/sym-prog.c tests/cli/sym-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/cli -o $@ $< $(TEST_LDFLAGS)

# clash.t's program: its TRACE_SYSTEM is a kernel system (signal).
$(O)/tests/clash-prog: tests/cli/clash-prog.c tests/cli/clash-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/cli -o $@ $< $(TEST_LDFLAGS)

# rec-prog built as if against another libtpoint, whose probes inline another ring layout:
# record.t checks that it is told so and not traced.
$(O)/tests/rec-prog-abi: tests/cli/rec-prog.c tests/cli/rec-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -DTPOINT__FAST_ABI=0x7777u -Itests/cli -o $@ $< $(TEST_LDFLAGS)

# attach.t: rec-prog as a service often ships, libtpoint linked in and no symbol table (-s).
$(O)/tests/rec-prog-stripped: tests/cli/rec-prog.c tests/cli/rec-events.h $(HEADERS) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/cli -s -o $@ $< $(STATIC) -lpthread -ldl

# usdt.t: a program and a library it loads with dlopen, each with events of its own.
$(O)/tests/usdt-prog: tests/cli/usdt-prog.c tests/cli/usdt-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/cli -o $@ $< $(TEST_LDFLAGS)

$(O)/tests/libusdt-lib.so: tests/cli/usdt-lib.c tests/cli/usdt-lib-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/cli -fPIC -shared -o $@ $< -L$(O) -ltpoint

# snapshot.t's program: rounds of numbered events, paced by the test through files.
$(O)/tests/snap-prog: tests/cli/snap-prog.c tests/cli/rec-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/cli -o $@ $< $(TEST_LDFLAGS)

SESSION_SRC	:= tests/stress/test-session.c $(UT_SRC) $(LIB_SRC)

# Attach and detach (record -p) again and again under writers and signal handlers.
ATTACH_SRC	:= tests/stress/test-attach.c $(UT_SRC) $(LIB_SRC)

$(O)/tests/attach-tsan: $(ATTACH_SRC) $(UT_DEPS) $(wildcard src/lib/*.h) tests/stress/page-walk.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests -fsanitize=thread $(if $(findstring clang,$(CC)),,-Wno-tsan) \
		-o $@ $(ATTACH_SRC) -lpthread

$(O)/tests/attach-asan: $(ATTACH_SRC) $(UT_DEPS) $(wildcard src/lib/*.h) tests/stress/page-walk.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-o $@ $(ATTACH_SRC) -lpthread

$(O)/tests/session-tsan: $(SESSION_SRC) $(UT_DEPS) $(wildcard src/lib/*.h) tests/stress/page-walk.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests -fsanitize=thread $(if $(findstring clang,$(CC)),,-Wno-tsan) \
		-o $@ $(SESSION_SRC) -lpthread

$(O)/tests/session-asan: $(SESSION_SRC) $(UT_DEPS) $(wildcard src/lib/*.h) tests/stress/page-walk.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-o $@ $(SESSION_SRC) -lpthread

# A traced program that writes garbage over the session memory, and the tool built with
# ASan and UBSan to record it: hostile.t.
$(O)/tests/hostile: tests/cli/hostile.c tests/cli/rec-events.h src/lib/ring.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Itests/cli -Isrc/lib -o $@ $< $(TEST_LDFLAGS)

$(O)/tests/tpoint-asan: $(TOOL_SRC) $(LIB_SRC) $(TOOL_HEADERS) $(LIB_HEADERS) $(HEADERS) \
		$(O)/gen/syscalls.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-Isrc/tool -I$(O)/gen -DTPOINT_VERSION='"$(VERSION)"' \
		$$(pkg-config --cflags libtracefs libtraceevent) -o $@ $(TOOL_SRC) $(LIB_SRC) \
		$$(pkg-config --libs libtracefs libtraceevent) -lzstd -lz -lpthread

# The fuzz target: always clang (libFuzzer), the tool's read path and the library compiled in.
FUZZ_SRC	:= tests/fuzz/fuzz-report.c $(filter-out src/tool/tpoint.c,$(TOOL_SRC)) $(LIB_SRC)

$(O)/tests/fuzz-report: $(FUZZ_SRC) $(TOOL_HEADERS) $(LIB_HEADERS) $(HEADERS) $(O)/gen/syscalls.h
	@mkdir -p $(dir $@)
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-Iinclude -Isrc/lib -Isrc/tool -I$(O)/gen -D_GNU_SOURCE -DTPOINT_BUILD \
		-DTPOINT_VERSION='"$(VERSION)"' $$(pkg-config --cflags libtracefs libtraceevent) \
		-o $@ $(FUZZ_SRC) $$(pkg-config --libs libtracefs libtraceevent) -lzstd -lz -lpthread

# The second fuzz target: the session memory a traced program writes, as the recorder reads it.
FUZZ_SESSION_SRC := tests/fuzz/fuzz-session.c $(LIB_SRC)

$(O)/tests/fuzz-session: $(FUZZ_SESSION_SRC) $(wildcard src/lib/*.h) $(HEADERS)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-Iinclude -Isrc/lib -D_GNU_SOURCE -DTPOINT_BUILD -o $@ $(FUZZ_SESSION_SRC) -lpthread

RING_SRC	:= tests/stress/test-ring.c src/lib/ring.c src/lib/page.c

$(O)/tests/ring-tsan: $(RING_SRC) src/lib/ring.h src/lib/page.h tests/tap.h tests/stress/page-walk.h \
		$(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests -fsanitize=thread $(if $(findstring clang,$(CC)),,-Wno-tsan) \
		-o $@ $(RING_SRC) -lpthread

$(O)/tests/ring-asan: $(RING_SRC) src/lib/ring.h src/lib/page.h tests/tap.h tests/stress/page-walk.h \
		$(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-o $@ $(RING_SRC) -lpthread

# More writers than CPUs, preempted anywhere: the ring loses nothing while there is room.
# ring.c with its test hooks (a writer parked, yielding, or interrupted mid-switch).
LOSSLESS_SRC	:= tests/stress/test-lossless.c src/lib/ring.c src/lib/page.c
LOSSLESS_DEPS	:= $(LOSSLESS_SRC) src/lib/ring.h src/lib/page.h tests/tap.h tests/stress/page-walk.h \
		   $(HEADERS)

$(O)/tests/lossless: $(LOSSLESS_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -Isrc/lib -Itests -DRING_TEST_HOOKS -o $@ $(LOSSLESS_SRC) -lpthread

$(O)/tests/lossless-tsan: $(LOSSLESS_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests -DRING_TEST_HOOKS -fsanitize=thread \
		$(if $(findstring clang,$(CC)),,-Wno-tsan) -o $@ $(LOSSLESS_SRC) -lpthread

$(O)/tests/lossless-asan: $(LOSSLESS_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests -DRING_TEST_HOOKS -fsanitize=address,undefined \
		-fno-sanitize-recover=undefined -o $@ $(LOSSLESS_SRC) -lpthread

# One prove run: its last line is the summary CI reads ("Result: PASS").
test: deps-test
	@$(MAKE) --no-print-directory build-tests
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1 TPOINT_BUILD_DIR=$(O) \
		prove --timer $(filter-out %.so %/dump-formats %/rec-prog %/rec-prog-abi %/kshark-check %/clash-prog %/sym-prog \
		%/rec-prog-stripped %/snap-prog %/fuzz-report %/fuzz-session \
		%/hostile %/tpoint-asan %/tp-bench %/usdt-prog %/kh-sample-module,$(TEST_BINS)) \
		$(TEST_SCRIPTS)

check: test
