# SPDX-License-Identifier: MIT
#
# tpoint - kernel-style tracepoints for user-space C.
#
#   make            build libtpoint (shared and static), tpoint.pc, the sample
#   make demo       install what is missing, build, run the sample with its events printed
#   make test       install what is missing, build, run every test (TAP, through prove)
#   make bench      build and run the benchmarks (bench/)
#   make install    PREFIX=/usr/local DESTDIR=
#
# CC=clang works; WERROR=1 turns warnings into errors (CI sets it).

PREFIX		?= /usr/local
LIBDIR		?= $(PREFIX)/lib
INCLUDEDIR	?= $(PREFIX)/include
DESTDIR		?=

CC		?= cc
CXX		?= c++
ifeq ($(origin CC),default)
CC		:= gcc
endif
ifeq ($(origin CXX),default)
CXX		:= g++
endif

VERSION_MAJOR	:= 0
VERSION		:= 0.1.0
SONAME		:= libtpoint.so.$(VERSION_MAJOR)

O		:= build
WARN		:= -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes -Wundef
ifeq ($(WERROR),1)
WARN		+= -Werror
endif
CFLAGS		?= -O2 -g
ALL_CFLAGS	:= -std=gnu11 $(WARN) $(CFLAGS) -Iinclude
LIB_CFLAGS	:= $(ALL_CFLAGS) -fPIC -fvisibility=hidden -DTPOINT_BUILD -D_GNU_SOURCE \
		   -DTPOINT_VERSION='"$(VERSION)"'
LDLIBS		:= -lpthread

LIB_SRC		:= $(sort $(wildcard src/lib/*.c))
LIB_OBJ		:= $(LIB_SRC:src/lib/%.c=$(O)/lib/%.o)
HEADERS		:= $(wildcard include/tpoint/*.h include/tpoint/static/*.h include/tpoint/stages/*.h)
LIB_HEADERS	:= $(wildcard src/lib/*.h)

SHARED		:= $(O)/$(SONAME)
STATIC		:= $(O)/libtpoint.a
SAMPLE		:= $(O)/samples/sample

# The tpoint command: the library's objects linked in, libtraceevent to read formats.
TOOL		:= $(O)/tpoint
# Every .c under src/tool/ (its subdirectories dat/ and elf/ included).
TOOL_SRC	:= $(sort $(wildcard src/tool/*.c src/tool/*/*.c))
TOOL_HEADERS	:= $(wildcard src/tool/*.h src/tool/*/*.h)
TOOL_OBJ	:= $(TOOL_SRC:src/tool/%.c=$(O)/tool/%.o)
TOOL_CFLAGS	= $(ALL_CFLAGS) -D_GNU_SOURCE -Isrc/lib -Isrc/tool -I$(O)/gen -DTPOINT_VERSION='"$(VERSION)"' \
		  $(shell pkg-config --cflags libtracefs libtraceevent)
TOOL_LIBS	= $(shell pkg-config --libs libtracefs libtraceevent) -lzstd -lz -lpthread

.PHONY: all lib demo test check bench install uninstall clean deps deps-test deps-bench

all: lib $(SAMPLE) $(TOOL) $(O)/tpoint.pc

lib: $(SHARED) $(STATIC)

deps:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh build test
deps-bench:
	@scripts/deps.sh build bench

$(O)/lib/%.o: src/lib/%.c $(HEADERS) $(LIB_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

# System call names, from the kernel's UAPI header (Debian: linux-libc-dev)
$(O)/gen/syscalls.h: scripts/gen-syscalls.sh
	@mkdir -p $(dir $@)
	scripts/gen-syscalls.sh > $@.tmp && mv $@.tmp $@

$(O)/tool/%.o: src/tool/%.c $(TOOL_HEADERS) $(LIB_HEADERS) $(HEADERS) $(O)/gen/syscalls.h
	@mkdir -p $(dir $@)
	$(CC) $(TOOL_CFLAGS) -c -o $@ $<

$(TOOL): $(TOOL_OBJ) $(STATIC)
	$(CC) -o $@ $(TOOL_OBJ) $(STATIC) $(TOOL_LIBS)

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@ $^ $(LDLIBS)
	ln -sf $(SONAME) $(O)/libtpoint.so

$(STATIC): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

PC_SED		= sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		      -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|'

$(O)/tpoint.pc: tpoint.pc.in Makefile
	$(PC_SED) $< > $@

# The CMake package: paths relative to $(LIBDIR)/cmake/tpoint, where it is installed.
CMAKEDIR	= $(LIBDIR)/cmake/tpoint
CMAKE_SED	= sed -e 's|@REL_PREFIX@|$(shell realpath -m --relative-to=$(CMAKEDIR) $(PREFIX))|' \
		      -e 's|@REL_LIBDIR@|$(shell realpath -m --relative-to=$(PREFIX) $(LIBDIR))|' \
		      -e 's|@REL_INCLUDEDIR@|$(shell realpath -m --relative-to=$(PREFIX) $(INCLUDEDIR))|' \
		      -e 's|@VERSION_MAJOR@|$(VERSION_MAJOR)|' -e 's|@VERSION@|$(VERSION)|'

# The sample: its provider file defines the events; the program fires them.
$(O)/samples/%.o: samples/%.c $(HEADERS) samples/trace-events-sample.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isamples -c -o $@ $<

$(SAMPLE): $(O)/samples/sample.o $(O)/samples/trace-events-sample.o $(SHARED)
	$(CC) -o $@ $(O)/samples/sample.o $(O)/samples/trace-events-sample.o \
		-L$(O) -Wl,-rpath,'$$ORIGIN/..' -ltpoint $(LDLIBS)

demo: deps
	@$(MAKE) --no-print-directory all
	@echo
	@echo '== The events a program defines, read from its ELF file without running it:'
	@echo '$$ $(TOOL) list $(SAMPLE)'
	@$(TOOL) list $(SAMPLE)
	@echo
	@echo '== Record the sample program: its events go to per-CPU ring buffers, then a trace.dat:'
	@rm -f $(O)/demo.dat
	@echo '$$ $(TOOL) record -o $(O)/demo.dat -e "sample:*" -- $(SAMPLE) 3'
	@$(TOOL) record -o $(O)/demo.dat -e 'sample:*' -- $(SAMPLE) 3
	@echo
	@echo '== Read it back through each event'"'"'s TP_printk (trace-cmd report reads the same file):'
	@echo '$$ $(TOOL) report $(O)/demo.dat'
	@$(TOOL) report $(O)/demo.dat
	@echo
	@echo '== A filter in the kernel'"'"'s grammar, on read (or at record time with record -f):'
	@echo '$$ $(TOOL) report $(O)/demo.dat -e sample:foo_bar -f "bar >= 1"'
	@$(TOOL) report $(O)/demo.dat -e sample:foo_bar -f 'bar >= 1'
	@echo
	@echo '== Attach to a program that already runs (started without tpoint), record 1 s, let go'
	@echo '   (needs permission to ptrace it: root, or kernel.yama.ptrace_scope 0):'
	@rm -f $(O)/demo-p.dat
	-@$(SAMPLE) 40 none 50 >/dev/null & pid=$$!; sleep 0.2; \
	echo "$$ $(TOOL) record -p $$pid -e 'sample:*' -o $(O)/demo-p.dat    # Ctrl-C after 1 s"; \
	timeout -s INT 1 $(TOOL) record -p $$pid -e 'sample:*' -o $(O)/demo-p.dat; \
	wait $$pid; echo "$$ $(TOOL) report $(O)/demo-p.dat | head -6"; \
	$(TOOL) report $(O)/demo-p.dat | head -6
	@echo
	@echo '== Kernel tracepoints with the same tool: the signals a small script causes, live'
	@echo '   (needs root for tracefs; says what is missing otherwise):'
	@echo '$$ $(TOOL) trace -e signal:signal_generate --format "sig[{sig}] {sig:signame} was sent to {comm} (pid:{pid}) by exec:{common_comm} -->:{common_pid}" -- sh -c "/bin/true; /bin/true"'
	-@$(TOOL) trace -e signal:signal_generate \
		--format 'sig[{sig}] {sig:signame} was sent to {comm} (pid:{pid}) by exec:{common_comm} -->:{common_pid}' \
		-- sh -c '/bin/true; /bin/true'

include tests/tests.mk
include bench/bench.mk

BINDIR		?= $(PREFIX)/bin
COMPLETIONDIR	?= $(PREFIX)/share/bash-completion/completions
MANDIR		?= $(PREFIX)/share/man

install: all
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/tpoint/static \
		$(DESTDIR)$(INCLUDEDIR)/tpoint/stages $(DESTDIR)$(BINDIR) $(DESTDIR)$(CMAKEDIR)
	install -m 755 $(TOOL) $(DESTDIR)$(BINDIR)/tpoint
	install -d $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 completion/tpoint.bash $(DESTDIR)$(COMPLETIONDIR)/tpoint
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 include/tpoint/*.h $(DESTDIR)$(INCLUDEDIR)/tpoint/
	install -m 644 include/tpoint/static/*.h $(DESTDIR)$(INCLUDEDIR)/tpoint/static/
	install -m 644 include/tpoint/stages/*.h $(DESTDIR)$(INCLUDEDIR)/tpoint/stages/
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/libtpoint.so.$(VERSION)
	ln -sf libtpoint.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libtpoint.so
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/
	$(PC_SED) tpoint.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/tpoint.pc
	$(CMAKE_SED) cmake/tpointConfig.cmake.in > $(DESTDIR)$(CMAKEDIR)/tpointConfig.cmake
	$(CMAKE_SED) cmake/tpointConfigVersion.cmake.in > \
		$(DESTDIR)$(CMAKEDIR)/tpointConfigVersion.cmake
	@# Into the system itself (no DESTDIR), as root: the dynamic linker's cache learns the
	@# new library, so that programs find libtpoint.so.0 at run time.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
		echo ldconfig; ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tpoint $(DESTDIR)$(COMPLETIONDIR)/tpoint \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -rf $(DESTDIR)$(INCLUDEDIR)/tpoint
	rm -f $(DESTDIR)$(LIBDIR)/libtpoint.so* $(DESTDIR)$(LIBDIR)/libtpoint.a \
		$(DESTDIR)$(LIBDIR)/pkgconfig/tpoint.pc
	rm -rf $(DESTDIR)$(CMAKEDIR)

clean:
	rm -rf $(O)
