# SPDX-License-Identifier: MIT
# Benchmarks: make bench (tpoint and LTTng-UST side by side). Included by the top Makefile.

BENCH_BIN	:= $(O)/bench/tp-bench
LTTNG_BIN	:= $(O)/bench/lttng-bench
PLAIN_BIN	:= $(O)/bench/plain

$(BENCH_BIN): bench/tp-bench.c bench/bench-events.h bench/harness.h $(HEADERS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ibench -o $@ $< -L$(O) -Wl,-rpath,'$$ORIGIN/..' -ltpoint $(LDLIBS)

$(LTTNG_BIN): bench/lttng-bench.c bench/lttng-bench-tp.h bench/harness.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Ibench -o $@ $< -llttng-ust -ldl -lpthread

$(PLAIN_BIN): bench/plain.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

.PHONY: bench bench-quick
bench: deps-bench
	@$(MAKE) --no-print-directory all $(BENCH_BIN) $(LTTNG_BIN) $(PLAIN_BIN)
	@python3 bench/run.py $(O)

# A smoke run of the whole script (tiny N), for checking it works
bench-quick: deps-bench
	@$(MAKE) --no-print-directory all $(BENCH_BIN) $(LTTNG_BIN) $(PLAIN_BIN)
	@python3 bench/run.py $(O) --quick
