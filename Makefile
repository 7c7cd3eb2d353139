# SPDX-License-Identifier: Apache-2.0
# SCS - the Security Clearance System.  `make run` and `make test` are the
# two commands a newcomer needs; see README.md.

VERSION	:= 0.1.0
# `make install`: PREFIX and DESTDIR as usual (DESTDIR stages a package).
PREFIX	?= /usr/local
BINDIR	= $(PREFIX)/bin
MANDIR	= $(PREFIX)/share/man
DATADIR	= $(PREFIX)/share/scs
CC	?= cc
PKGS	:= libsodium jansson libmicrohttpd gnutls libcurl sqlite3 libpq libseccomp \
	   icu-uc libcbor zlib libqrencode
B	?= build
SAN	?=
COV	?=
LIBFUZZER ?=

WARN	:= -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wformat=2 -Wvla -Wimplicit-fallthrough
HARDEN	:= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CPPFLAGS += -Iinclude -I$(B)/gen -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	   -DSCS_VERSION='"$(VERSION)"'
OPT	?= -O2 -g
ifeq ($(SAN),1)
OPT	:= -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=all
HARDEN	:= -fPIE
endif
# `make coverage` builds with gcc's gcov counters (COV=1) into build/cov:
# -O0 so that each line and branch of the source is one of the program's
# (_FORTIFY_SOURCE needs optimisation, so it goes like under SAN=1).
ifeq ($(COV),1)
OPT	:= -O0 -g --coverage -fprofile-update=atomic
HARDEN	:= -fPIE
endif
# `make fuzz CC=clang` builds the library with libFuzzer's coverage hooks
# and ASan+UBSan into build/fuzz, then each driver with libFuzzer's main.
ifeq ($(LIBFUZZER),1)
OPT	:= -O1 -g -fno-omit-frame-pointer \
	   -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
HARDEN	:= -fPIE
endif
CFLAGS	+= $(WARN) $(HARDEN) $(OPT) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDFLAGS	+= -pie -Wl,-z,relro,-z,now $(filter -fsanitize=% --coverage,$(OPT))
LDLIBS	+= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

SRC	:= $(sort $(wildcard src/*/*.c))
OBJ	:= $(SRC:%.c=$(B)/%.o) $(B)/gen/embedded.o
QDATA	:= data/questionnaires/JPN-SDS.json data/questionnaires/JPN-CESI.json \
	   data/questionnaires/generic.json
EMBED	:= data/authorities.csv data/levels.csv data/penalties.csv \
	   data/alliances.csv data/kanji-variants.csv data/name-readings.csv \
	   data/self-reports.json data/vetting.json $(QDATA) docs/openapi.json
# The web UI (ui/, README.md): bundled by ui/build.mjs into $(B)/gen/ui/,
# embedded as ui/index.html, ui/app.js, ui/app.js.gz, ...
UIDIR	:= $(B)/gen/ui
UIOUT	:= $(foreach f,index.html app.js app.css qr.js sw.js,$(UIDIR)/$(f) $(UIDIR)/$(f).gz)
UISRC	:= $(shell find ui/src -type f 2>/dev/null) ui/build.mjs ui/catalogs.cjs ui/package-lock.json
UNIT	:= $(sort $(wildcard tests/unit/*/test_*.c))
UNITBIN	:= $(UNIT:tests/%.c=$(B)/tests/%)
FUZZ	:= $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZBIN	:= $(FUZZ:tests/%.c=$(B)/tests/%)

.PHONY: all run demo-reset test test-plain test-asan lint deps deps-test demo clean \
	unit bench fuzz fuzz-build install uninstall deb test-deb coverage

all: $(B)/scs

$(B)/%.o: %.c $(wildcard include/scs/*.h) $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(B)/gen/embedded.c: $(EMBED) $(UIDIR)/.stamp tools/embed.sh
	@mkdir -p $(@D)
	@echo "  EMBED   $@"
	@EMBED_STRIP=$(B)/gen/ sh tools/embed.sh $@ $(EMBED) $(UIOUT)

# npm ci when ui/node_modules is missing or older than the lockfile (the
# versions are pinned there; nothing is fetched when it is up to date).
ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	@echo "  NPM     ci (ui/)"
	@cd ui && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(UIDIR)/.stamp: $(UISRC) ui/node_modules/.package-lock.json
	@mkdir -p $(@D)
	@node ui/build.mjs $(UIDIR)
	@touch $@

# The build of the decision index, for the index cache's images
# (src/index/image.c): a digest of every source that shapes what an image
# holds, so that a program built from other sources never reads an image
# of this one as its own.  Rewritten only when it changes.
IXSRC	:= $(sort $(wildcard src/index/*.c src/index/*.h)) include/scs/index.h \
	   include/scs/model.h include/scs/refdata.h src/ops/decide.c \
	   src/ops/follow.c
$(B)/gen/ixbuild.h: $(IXSRC) Makefile
	@mkdir -p $(@D)
	@printf '#define SCS_INDEX_BUILD "%s+%s"\n' '$(VERSION)' \
		"$$(cat $(IXSRC) | sha256sum | cut -c1-20)" > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv -f $@.tmp $@
$(B)/src/index/image.o: $(B)/gen/ixbuild.h

$(B)/gen/embedded.o: $(B)/gen/embedded.c
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(B)/libscs.a: $(OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $(OBJ)

$(B)/scs: $(B)/src/main.o $(B)/libscs.a
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(B)/tests/%: tests/%.c $(B)/libscs.a tests/unit/helpers.h tests/unit/alloc_fault.h
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -DSCS_SRCDIR='"$(CURDIR)"' \
		$(LDFLAGS) $< $(B)/libscs.a $(LDLIBS) -lcmocka -o $@

# A fuzz driver with tests/fuzz/replay.c as main: what `make test` runs
# over tests/fuzz/corpus/NAME/ (the more specific pattern wins).
$(B)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) \
		$(B)/libscs.a
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/fuzz $(LDFLAGS) $< \
		tests/fuzz/replay.c $(B)/libscs.a $(LDLIBS) -o $@

unit: $(UNITBIN) $(FUZZBIN)

# libFuzzer binaries build/fuzz/NAME; run one with
#   build/fuzz/fuzz_jsonl -max_total_time=60 tests/fuzz/corpus/fuzz_jsonl
fuzz:
	@$(CC) --version 2>/dev/null | grep -q clang || \
		{ echo "make fuzz needs clang: make fuzz CC=clang" >&2; exit 1; }
	@$(MAKE) --no-print-directory B=build/fuzz LIBFUZZER=1 fuzz-build

fuzz-build: $(FUZZ:tests/fuzz/%.c=$(B)/%)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(B)/libscs.a
	@echo "  FUZZ    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/fuzz $(LDFLAGS) -fsanitize=fuzzer \
		$< $(B)/libscs.a $(LDLIBS) -o $@

# Benchmarks: `make bench` runs bench/run.sh, which builds these, makes
# the workload and prints one table (never part of `make test`).
.PHONY: bench-build
bench:
	@sh bench/run.sh

bench-build: $(B)/bench/gen $(B)/bench/vgen $(B)/bench/report $(B)/bench/decide \
	$(B)/bench/floor $(B)/bench/timeliness $(B)/bench/incr $(B)/bench/cvgen \
	$(B)/bench/cvnorm $(B)/bench/attest $(B)/bench/proofs $(B)/bench/sim

$(B)/bench/%: bench/%.c bench/harness.h bench/jsonl.h bench/splitmix.h $(B)/libscs.a
	@mkdir -p $(@D)
	@echo "  BENCH   $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(B)/libscs.a $(LDLIBS) -o $@

# The attestation test vectors of tests/vectors/ (committed; `make vectors`
# writes them again from the encoder, tools/attest-vectors.c).
.PHONY: vectors
vectors: $(B)/tools/attest-vectors
	@$(B)/tools/attest-vectors tests/vectors

$(B)/tools/attest-vectors: tools/attest-vectors.c $(B)/libscs.a
	@mkdir -p $(@D)
	@echo "  TOOL    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(B)/libscs.a $(LDLIBS) -o $@

# Install the Debian packages the build needs (idempotent).
deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

# The Debian package (debian/; docs/operations.md, "Debian package"):
# $(B)/deb/scs_VERSION_ARCH.deb, built by dpkg-buildpackage in a copy of
# the tree.  `make test-deb` (root) builds it, installs it, starts the
# unit's command, and purges it again (tests/pkg/deb.sh; run by CI).
deb:
	@sh tools/deps.sh pkg
	@sh tools/deb.sh $(B)/deb

test-deb:
	@sh tools/deps.sh pkg
	@sh tests/pkg/deb.sh

# Build, create the demo register on first use (or say that it reuses
# the one there), and serve it.  `make demo-reset` removes the demo
# register, its keys and its API key first, then does the same.
DEMO_DB	:= var/scs.db

run: deps all
	@sh tools/demo.sh $(B)/scs $(DEMO_DB)
	$(B)/scs serve --db $(DEMO_DB) --listen 127.0.0.1:8080

demo-reset:
	@echo "  RESET   $(DEMO_DB) (the demo register, its keys and API key)"
	@rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).keys $(DEMO_DB).demo-apikey \
		$(DEMO_DB).root-*.key $(DEMO_DB).trust.json $(DEMO_DB).attest-p01.*
	@$(MAKE) --no-print-directory run

test: deps-test
	@sh tests/all.sh

test-plain: all unit
	@sh tests/run.sh build

test-asan:
	@$(MAKE) --no-print-directory B=build/asan SAN=1 all unit
	@sh tests/run.sh build/asan nobrowser

# Line and branch coverage (docs/coverage.md; never part of `make test`):
# builds build/cov with COV=1, runs the suites but the browser tests on it,
# prints gcovr's summary per file and per directory and writes
# build/cov/coverage/index.html.
coverage:
	@sh tools/deps.sh coverage
	@sh tools/coverage.sh build/cov

lint: $(B)/gen/embedded.c $(B)/gen/ixbuild.h
	@sh tools/lint.sh

# The program, its manual page (`man scs`), the reference tables and the
# questionnaire schemas.  Both are built into the program; the installed
# copies are to read, or (the tables) to load instead through SCS_DATA_DIR
# (docs/operations.md).
DATA	:= $(sort $(wildcard data/*.csv)) data/vetting.json

install: $(B)/scs
	install -D -m 755 $(B)/scs $(DESTDIR)$(BINDIR)/scs
	install -D -m 644 docs/scs.1 $(DESTDIR)$(MANDIR)/man1/scs.1
	install -D -m 644 -t $(DESTDIR)$(DATADIR) $(DATA)
	install -D -m 644 -t $(DESTDIR)$(DATADIR)/questionnaires $(QDATA)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/scs $(DESTDIR)$(MANDIR)/man1/scs.1
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/,$(notdir $(DATA)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/questionnaires/,$(notdir $(QDATA)))
	-rmdir $(DESTDIR)$(DATADIR)/questionnaires 2>/dev/null
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf build
