# ceu - continuing-education hours of professional and technical personnel.
#
#   make deps    install what is missing (Debian packages; needs root)
#   make         build bin/ and build/libceu.a
#   make check   -Werror build, unit + end-to-end tests, again under
#                ASan+UBSan, man page lint
#   make demo    a year's workflow on a demo province
#   make bench   benchmarks (bench/): ratios against the sqlite3 shell;
#                BENCH_PERSONS=2000000 at the scale of the province
#   make fuzz    each libFuzzer target (tests/fuzz) for FUZZ_SECONDS
#   make torture the kill harness and the concurrent writers at length

# make install and make uninstall (DESTDIR: a staging root, for packages).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
COMPLETIONDIR ?= $(DATADIR)/bash-completion/completions
DOCDIR ?= $(DATADIR)/doc/ceu
DESTDIR ?=
INSTALL ?= install

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wno-format-nonliteral
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARNINGS) $(WERROR) $(SANITIZE) \
	-Ilib -I$(O) -MMD -MP $(CPPFLAGS) $(CFLAGS)
LDLIBS = -lsqlite3 -lsodium -lcsv -lxlsxwriter -lm -pthread
ALL_LDFLAGS = $(SANITIZE) $(LDFLAGS)

# O: object folder (and libceu.a); B: binaries.  The sanitizer build uses
# its own.
O ?= build
B ?= bin
LIBCEU = $(O)/libceu.a

# Debian packages the build, the tests and the tools need.  clang and its
# runtime build the libFuzzer targets (tests/fuzz).
# Certificates (lib/certpdf.c): cairo, pango, libqrencode and the AR PL
# UMing face, with fontconfig's cache of it; their checks in the tests
# read the PDF back with poppler-utils and the QR code with zbar-tools.
# bash-completion: the helpers completion/ceu.bash uses, for its test.
# Workbooks (lib/out_xlsx.c, -f xlsx): libxlsxwriter; the tests read them
# back with unzip.
DEB_PACKAGES = gcc make pkg-config libsqlite3-dev sqlite3 libcsv-dev \
	libsodium-dev libxlsxwriter-dev libcmocka-dev mandoc gettext time bc \
	bash-completion jq \
	libcairo2-dev libpango1.0-dev libqrencode-dev fontconfig \
	fonts-arphic-uming poppler-utils zbar-tools clang libclang-rt-14-dev \
	unzip

# lib/certpdf.c loads cairo, pango and libqrencode when it first prints
# (dlopen), so that no program start pays for them: it is compiled with
# their headers and linked with none of them.
PDF_PKGS = pangocairo pangofc cairo-pdf fontconfig libqrencode
PDF_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PDF_PKGS)))

LIB_SRC = $(sort $(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:lib/%.c=$(O)/lib/%.o) $(O)/schema.o
# cmd/PROG.c is the front of PROG; cmd/PROG_PART.c a part of PROG alone
# (ceu-report_journal.c); every other cmd/*.c is linked into every one.
CMD_OWN = $(sort $(wildcard cmd/ceu*_*.c))
CMD_SRC = $(sort $(filter-out $(CMD_OWN),$(wildcard cmd/ceu*.c)))
CMD_BIN = $(CMD_SRC:cmd/%.c=$(B)/%)
CMD_COMMON = $(filter-out cmd/ceu%.c,$(wildcard cmd/*.c))
CMD_COMMON_OBJ = $(CMD_COMMON:cmd/%.c=$(O)/cmd/%.o)
cmd_own_obj = $(patsubst cmd/%.c,$(O)/cmd/%.o,$(wildcard cmd/$(1)_*.c))
TOOL_SRC = $(sort $(wildcard tools/*.c))
TOOL_BIN = $(TOOL_SRC:tools/%.c=$(B)/%)
BENCH_SRC = $(sort $(wildcard bench/*.c))
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(O)/bench/%)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
MAN = $(sort $(wildcard man/*.[1-8]))
# The pages in Chinese, each the translation of the English one of its name.
ZH_MAN = $(sort $(wildcard man/zh_CN/*.[1-8]))
# What make install puts in place: the programs and their pages, not the
# developer's tool ceu-gen.
INSTALL_MAN = $(filter-out $(TOOL_SRC:tools/%.c=man/%.1),$(MAN))
INSTALL_ZH_MAN = $(filter-out $(TOOL_SRC:tools/%.c=man/zh_CN/%.1),$(ZH_MAN))
OBJ = $(LIB_OBJ) $(CMD_SRC:cmd/%.c=$(O)/cmd/%.o) $(CMD_COMMON_OBJ) \
	$(CMD_OWN:cmd/%.c=$(O)/cmd/%.o) \
	$(TOOL_SRC:tools/%.c=$(O)/tools/%.o)
# Message catalogs (SPEC: messages follow LANG), beside the binaries so
# that bin/ runs translated before it is installed.
PO = $(sort $(wildcard po/*.po))
MO = $(PO:po/%.po=$(B)/locale/%/LC_MESSAGES/ceu.mo)

# Bash completion, for every program (completion/ceu.bash).
COMPLETION = $(B)/bash-completion/ceu

all: $(CMD_BIN) $(TOOL_BIN) $(LIBCEU) $(MO) $(COMPLETION)

$(COMPLETION): completion/ceu.bash Makefile
	@mkdir -p $(@D)
	sed 's/@PROGRAMS@/$(notdir $(CMD_BIN))/' completion/ceu.bash > $@.tmp
	mv $@.tmp $@

$(B)/locale/%/LC_MESSAGES/ceu.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt -c -o $@ $<

# The template, after messages change in lib/ or cmd/: the keywords of
# po/keywords, which tools/msgcheck reads too.
XGETTEXT_KEYWORDS = $(addprefix -k,$(shell sed 's/\#.*//' po/keywords))
pot:
	xgettext --from-code=UTF-8 -k $(XGETTEXT_KEYWORDS) --package-name=ceu \
		--msgid-bugs-address= --no-location -o po/ceu.pot \
		$(LIB_SRC) $(CMD_SRC) $(CMD_OWN) $(CMD_COMMON)
	for p in $(PO); do msgmerge -q -U --backup=none $$p po/ceu.pot; done

$(LIBCEU): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(O)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/lib/certpdf.o: ALL_CFLAGS += $(PDF_CFLAGS)

# The installed catalogs, when the binaries have none beside them: a
# header rewritten only when LOCALEDIR changes (make install PREFIX=/usr
# after make rebuilds what names it).
$(O)/localedir.h: FORCE
	@mkdir -p $(@D)
	@echo '#define CEU_LOCALEDIR "$(LOCALEDIR)"' > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(O)/cmd/common.o: $(O)/localedir.h

$(O)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icmd -c -o $@ $<

$(O)/tools/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# schema.sql is embedded as a NUL-terminated byte array.
$(O)/schema.c: schema.sql
	@mkdir -p $(@D)
	{ echo '/* generated from schema.sql */'; \
	  echo 'const char ceu_schema_sql[] = {'; \
	  od -An -v -tx1 schema.sql | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00 };'; } > $@.tmp && mv $@.tmp $@

$(O)/schema.o: $(O)/schema.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

.SECONDEXPANSION:
$(B)/%: $(O)/cmd/%.o $$(call cmd_own_obj,$$*) $(CMD_COMMON_OBJ) $(LIBCEU)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(LIBCEU) $(LDLIBS)

$(B)/%: $(O)/tools/%.o $(LIBCEU)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBCEU) $(LDLIBS)

$(O)/tests/%: tests/unit/%.c $(LIBCEU)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBCEU) $(LDLIBS) -lcmocka

# Benchmark drivers over libceu (bench/*.c), run by bench/*.sh.
$(O)/bench/%: bench/%.c $(LIBCEU)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBCEU) $(LDLIBS)

.PRECIOUS: $(O)/cmd/%.o $(O)/tools/%.o $(O)/lib/%.o

# Tests: the unit binaries and the end-to-end scripts, against $(B).
test: all $(UNIT_BIN)
	sh tests/run.sh $(O)/tests $(B)

# The sanitizer run comes last, so that its closing "N passed, N failed"
# line is the last line of the output; tests/lsan.supp names the leaks
# that are the libraries' own.
check: deps
	$(MAKE) --no-print-directory lint-man
	$(MAKE) --no-print-directory WERROR=-Werror all
	$(MAKE) --no-print-directory WERROR=-Werror test
	$(MAKE) --no-print-directory check-threads
	$(MAKE) --no-print-directory check-fuzz
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	CEU_KILLS=15 \
	$(MAKE) --no-print-directory O=build/san B=build/san/bin WERROR=-Werror \
		CFLAGS='-O1 -g' SANITIZE='-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		test

# ceu-import reads on a thread of its own: the loader's unit tests, which
# read files of many chunks that way, once more under ThreadSanitizer.
check-threads:
	$(MAKE) --no-print-directory O=build/tsan B=build/tsan/bin \
		WERROR=-Werror CFLAGS='-O1 -g' SANITIZE=-fsanitize=thread \
		build/tsan/tests/test_import
	TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/test_import >/dev/null
	@echo "test_import under ThreadSanitizer: no race"

# libFuzzer targets (tests/fuzz/fuzz_*.c): built with clang, libFuzzer,
# ASan and UBSan over a libceu of their own, which reads CSV in chunks of
# 61 bytes so that short inputs cross chunk ends everywhere.  make check
# replays the kept crash reproducers and runs each target briefly; make
# fuzz runs each for FUZZ_SECONDS, growing its corpus (tests/fuzz/corpus).
FUZZ_O = build/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_O)/%)
FUZZ_SECONDS ?= 300
FUZZ_CHECK_SECONDS ?= 6

# The make that builds the fuzzing libceu (FUZZ_LIB=1) has none of these
# rules, or its own archive would be made by calling itself again.
ifndef FUZZ_LIB
$(FUZZ_O)/libceu.a: FORCE
	$(MAKE) --no-print-directory FUZZ_LIB=1 O=$(FUZZ_O) B=$(FUZZ_O)/bin \
		CC=clang CFLAGS='-O1 -g' CPPFLAGS='-DCEU_CSV_CHUNK=61' \
		SANITIZE='-fsanitize=fuzzer-no-link $(FUZZ_SAN)' $@

$(FUZZ_O)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_O)/libceu.a
	clang -O1 -g -std=c11 -D_GNU_SOURCE -Ilib -fsanitize=fuzzer $(FUZZ_SAN) \
		-o $@ $< $(FUZZ_O)/libceu.a $(LDLIBS)
endif

check-fuzz: $(FUZZ_BIN)
	sh tests/fuzz/run.sh $(FUZZ_O) $(FUZZ_CHECK_SECONDS)

fuzz: deps $(FUZZ_BIN)
	sh tests/fuzz/run.sh $(FUZZ_O) $(FUZZ_SECONDS) keep

# SIGKILL into the writing commands and five concurrent writers
# (tests/cli/0590, 0595), at length: make check runs them briefly.
TORTURE_KILLS ?= 1000
TORTURE_SECONDS ?= 300
torture: all
	CEU_KILLS=$(TORTURE_KILLS) CEU_STRESS_SECONDS=$(TORTURE_SECONDS) \
		sh tests/run.sh $(O)/tests $(B) '059[05]-*'

# Every page a user gets is there in Chinese too.
lint-man:
	@for m in $(MAN) $(ZH_MAN); do mandoc -T lint -W warning $$m || exit 1; done
	@for m in $(INSTALL_MAN); do test -f man/zh_CN/$${m#man/} || \
		{ echo "$$m: no man/zh_CN/$${m#man/}"; exit 1; }; done
	@echo "man pages: $(words $(MAN) $(ZH_MAN)) linted"

deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

demo: deps all
	sh examples/demo.sh

bench: deps all $(BENCH_BIN)
	sh bench/run.sh

# The programs, their pages (English, and Chinese under zh_CN), the
# catalogs, the bash completion (one file, linked under each program's
# name, as bash-completion looks it up) and the examples.  The schema is in
# the programs; schema.sql is not installed, nor is ceu-gen.  install-files
# installs what is built without building it (the tests install the
# binaries they test).
install: all
	@$(MAKE) --no-print-directory install-files

install-files:
	$(INSTALL) -d $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 0755 $(CMD_BIN) $(DESTDIR)$(BINDIR)/
	for m in $(INSTALL_MAN) $(INSTALL_ZH_MAN); do s=$${m##*.}; \
		d=$(DESTDIR)$(MANDIR)/$${m#man/}; d=$${d%/*}/man$$s; \
		$(INSTALL) -d $$d && $(INSTALL) -m 0644 $$m $$d/ || exit 1; done
	for m in $(MO); do l=$${m#$(B)/locale/}; l=$${l%%/*}; \
		$(INSTALL) -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		$(INSTALL) -m 0644 $$m \
		$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/ceu.mo || exit 1; done
	$(INSTALL) -d $(DESTDIR)$(COMPLETIONDIR)
	$(INSTALL) -m 0644 $(COMPLETION) $(DESTDIR)$(COMPLETIONDIR)/ceu
	for b in $(filter-out $(B)/ceu,$(CMD_BIN)); do \
		ln -sf ceu $(DESTDIR)$(COMPLETIONDIR)/$${b##*/} || exit 1; done
	$(INSTALL) -d $(DESTDIR)$(DOCDIR)/examples
	$(INSTALL) -m 0644 README.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 0644 examples/crontab $(DESTDIR)$(DOCDIR)/examples/

# What install put in place, then each folder it installed into that is
# left empty, and its parents, up to PREFIX (kept).
uninstall:
	for b in $(CMD_BIN); do rm -f $(DESTDIR)$(BINDIR)/$${b##*/} \
		$(DESTDIR)$(COMPLETIONDIR)/$${b##*/} || exit 1; done
	dirs="$(BINDIR) $(COMPLETIONDIR) $(DOCDIR)/examples"; \
	for m in $(INSTALL_MAN) $(INSTALL_ZH_MAN); do s=$${m##*.}; \
		d=$(MANDIR)/$${m#man/}; d=$${d%/*}/man$$s; dirs="$$dirs $$d"; \
		rm -f $(DESTDIR)$$d/$${m##*/} || exit 1; done; \
	for m in $(MO); do l=$${m#$(B)/locale/}; l=$${l%%/*}; \
		d=$(LOCALEDIR)/$$l/LC_MESSAGES; dirs="$$dirs $$d"; \
		rm -f $(DESTDIR)$$d/ceu.mo || exit 1; done; \
	rm -f $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/examples/crontab; \
	for d in $$dirs; do \
		while case $$d in $(PREFIX)/*) true ;; *) false ;; esac && \
		    rmdir $(DESTDIR)$$d 2>/dev/null; do d=$${d%/*}; done; done

clean:
	rm -rf build bin

.PHONY: all test check check-threads check-fuzz fuzz torture lint-man deps \
	demo bench install install-files uninstall clean pot FORCE

-include $(OBJ:.o=.d) $(UNIT_BIN:=.d) $(BENCH_BIN:=.d)

FORCE:
