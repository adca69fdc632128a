# Prepbook: every entry point of the project.  `make site` builds the
# handbook into site/, `make serve` previews it live, `make test` runs
# every test, `make bench` measures the generator; each first installs the
# Debian packages it needs (scripts/deps).

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(DESTDIR)$(PREFIX)/bin
MANDIR    = $(DESTDIR)$(PREFIX)/share/man
DATADIR   = $(DESTDIR)$(PREFIX)/share/prepbook
BUILD     = build
BIN       = generator/prepbook

PKGS      = libcmark-gfm yaml-0.1 lua5.4 libutf8proc libmicrohttpd
WARN      = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Werror
CFLAGS   ?= -O2 -g
ALL_CFLAGS = $(WARN) $(CFLAGS) -D_POSIX_C_SOURCE=200809L \
             -DPREPBOOK_VERSION='"$(VERSION)"' -pthread \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

# `make test SAN=1`: AddressSanitizer and UndefinedBehaviorSanitizer.
ifeq ($(SAN),1)
BUILD       = build-san
BIN         = build-san/prepbook
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
LIBS       += -fsanitize=address,undefined
endif

# `make fuzz` builds with FUZZ=1: clang, libFuzzer's coverage and the
# sanitizers, in build-fuzz/ (see the fuzz target below).
ifeq ($(FUZZ),1)
BUILD       = build-fuzz
CC          = clang
ALL_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined \
              -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LIBS       += -fsanitize=address,undefined
endif

# Quiet by default; `make V=1` shows every command.
ifneq ($(V),1)
Q = @
endif

SRC      = $(sort $(wildcard generator/*.c))
OBJ      = $(SRC:generator/%.c=$(BUILD)/%.o)
LIB_OBJ  = $(filter-out $(BUILD)/main.o,$(OBJ))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/*.c))
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/fuzz/%)
FUZZ_SECONDS ?= 60

.PHONY: all site serve test unit site-tests e2e deps deps-test deps-bench \
        bench clean install format check fuzz fuzz-targets deps-fuzz

all: $(BIN)

$(BIN): $(OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) -o $@ $(OBJ) $(LIBS)

$(BUILD)/%.o: generator/%.c | $(BUILD)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) | $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Igenerator -o $@ $< $(LIB_OBJ) $(LIBS) $(TEST_LIBS)

# A fuzz target links the generator's objects with libFuzzer's main; the
# targets find the repository's themes and plugins by its path.
build-fuzz/fuzz/%: tests/fuzz/%.c $(LIB_OBJ) | $(BUILD)/fuzz
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Igenerator -fsanitize=fuzzer \
	    -DFUZZ_DATA_DIR='"$(CURDIR)"' \
	    -DFUZZ_PLUGINS_DIR='"$(CURDIR)/plugins"' \
	    -o $@ $< $(LIB_OBJ) $(LIBS)

$(BUILD) $(BUILD)/tests $(BUILD)/fuzz:
	mkdir -p $@

deps:
	@scripts/deps build

deps-test:
	@scripts/deps test

deps-bench:
	@scripts/deps bench

deps-fuzz:
	@scripts/deps fuzz

site: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) build
	@echo 'prepbook: the site is in site/; open site/index.html in a browser'

# The live preview: builds, serves the handbook on http://127.0.0.1:8000/
# and rebuilds on every change.  SERVE_FLAGS passes options, e.g.
# `make serve SERVE_FLAGS="--port 0 --open --drafts"`.
serve: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) serve $(SERVE_FLAGS)

# The Mustache conformance suite: $MUSTACHE_SPEC_DIR, ../shared, or a copy
# scripts/mustache-spec fetched into build/ (see CONTRIBUTING.md).
SPEC_DIR = $(shell scripts/mustache-spec)

# Fastest first: the unit tests, then the Node-only tests (the calculator's
# two evaluators must agree; seconds, no browser), the fixture handbooks,
# the tests that drive Chromium, and last the unit and fixture tests again
# under AddressSanitizer and UndefinedBehaviorSanitizer (a second build in
# build-san/; the fixtures compare stderr exactly, so any report fails).
test: deps-test
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN)
	@MUSTACHE_SPEC_DIR="$(SPEC_DIR)" scripts/run-unit-tests $(UNIT_BIN)
	@if [ -n "$(SPEC_DIR)" ]; then tests/unit/spec-dir.sh \
	    $(BUILD)/tests/test_mustache_spec "$(SPEC_DIR)"; fi
	@BIN=./$(BIN) tests/e2e/run --stage node
	@BIN=./$(BIN) tests/site/run
	@BIN=./$(BIN) tests/e2e/run --stage browser
ifneq ($(SAN),1)
	@$(MAKE) --no-print-directory SAN=1 unit site-tests
endif

# The benchmark (bench/run, README's "Performance"): synthetic handbooks
# of BENCH_SIZES pages, timed against the floor program.  It takes
# minutes, so it is not part of `make test`.
BENCH_DIR    = build/bench
BENCH_CFLAGS = $(WARN) $(CFLAGS) -D_POSIX_C_SOURCE=200809L
BENCH_TOOLS  = $(BENCH_DIR)/gen-handbook $(BENCH_DIR)/floor

bench: deps-bench
	@$(MAKE) --no-print-directory $(BIN) $(BENCH_TOOLS)
	@BIN=./$(BIN) TOOLS=$(BENCH_DIR) bench/run

$(BENCH_DIR)/gen-handbook: bench/gen-handbook.c | $(BENCH_DIR)
	@echo "  CC      $<"
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/floor: bench/floor.c | $(BENCH_DIR)
	@echo "  CC      $<"
	$(Q)$(CC) $(BENCH_CFLAGS) $(shell pkg-config --cflags libcmark-gfm) \
	    -o $@ $< $(shell pkg-config --libs libcmark-gfm) -lcmark-gfm-extensions

$(BENCH_DIR):
	mkdir -p $@

# libFuzzer over each tests/fuzz/<name>.c for FUZZ_SECONDS (0: only over
# its seeds in tests/fuzz/<name>/), one target at a time; fails on the
# first crash, leak or hang, leaving the input in build-fuzz/crashes/.
# Not part of `make test`: it takes minutes.
fuzz: deps-fuzz
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-targets
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run $(FUZZ_BIN)

fuzz-targets: $(FUZZ_BIN)

unit: $(UNIT_BIN)
	@MUSTACHE_SPEC_DIR="$(SPEC_DIR)" scripts/run-unit-tests $(UNIT_BIN)

site-tests: $(BIN)
	@BIN=./$(BIN) tests/site/run

# Both stages of tests/e2e/run: the Node-only tests, then the browser ones.
e2e: $(BIN)
	@BIN=./$(BIN) tests/e2e/run

# The built-in themes and plugins go to share/prepbook, where an installed
# binary looks for them (generator/datadir.c).
install: $(BIN)
	install -d $(BINDIR) $(MANDIR)/man1 $(MANDIR)/man7 $(DATADIR)
	install -m 755 $(BIN) $(BINDIR)/prepbook
	install -m 644 docs/prepbook.1 $(MANDIR)/man1/prepbook.1
	install -m 644 docs/prepbook-plugins.7 $(MANDIR)/man7/prepbook-plugins.7
	rm -rf $(DATADIR)/themes $(DATADIR)/plugins
	cp -R themes plugins $(DATADIR)/

format:
	clang-format -i generator/*.c generator/*.h tests/unit/*.c

check: $(BIN)
	clang-tidy --quiet generator/*.c -- $(filter-out -MMD -MP,$(ALL_CFLAGS))
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance \
	    --std=c11 --suppress=missingIncludeSystem generator

clean:
	rm -rf build build-san build-fuzz $(BIN)

-include $(OBJ:.o=.d)
