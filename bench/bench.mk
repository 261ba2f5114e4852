# SPDX-License-Identifier: MIT
# Benchmarks: make bench. Included by the top Makefile.

BENCH_BIN	:= $(O)/bench/tp-bench

$(BENCH_BIN): bench/tp-bench.c bench/bench-events.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ibench -o $@ $< -L$(O) -Wl,-rpath,'$$ORIGIN/..' -ltpoint $(LDLIBS)

.PHONY: bench
bench: deps-bench
	@$(MAKE) --no-print-directory $(BENCH_BIN)
	@bench/run.sh $(O)
