# SPDX-License-Identifier: GPL-2.0
#
# logger: top-level build.  `make` builds logger.ko for KDIR and the
# user-space tools; `make check` installs what is missing and runs every
# test (host unit tests, then the device suite in a VM on 6.1 and 6.12);
# `make demo` boots the VM and shows the tools working together.

# Kbuild reads ./Kbuild, not this file, when it builds the module.

# Recipes that pipe through tee keep the test's exit status.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

TOP := $(CURDIR)
B := $(TOP)/build

# Kernel to build against: the running kernel's build dir when it exists,
# else the Debian 6.1 headers the test VM boots.
KVER ?= $(shell uname -r)
ifeq ($(wildcard /lib/modules/$(KVER)/build),)
KVER := $(shell $(TOP)/scripts/kver.sh 6.1 2>/dev/null)
endif
KDIR ?= /lib/modules/$(KVER)/build

# Kernels the VM suite runs on.
VM_SERIES ?= 6.1 6.12 6.1-rt
# Kernels `make forward-check` runs on (user space against rsyslogd: the
# kernel only holds the records; about 11 min a boot under TCG;
# FORWARD_SERIES="6.1 6.12" adds another).  `make check` runs it after
# vm-check.
FORWARD_SERIES ?= 6.1
VM_TIMEOUT ?= 600

# `make check` also runs, in each VM boot, the device suite's "sequences"
# (cursor moves, then eviction and chunk reuse; wake-ups; a huge writev
# and SIGKILL), a 10 s logger-stress and a 20000-call logger-fuzz (about
# 2 min per boot); CHECK_TRUST=0 leaves them out for a quick run.
CHECK_TRUST ?= 1
# make stress / make fuzz: how long, how many, which seed (empty: random).
STRESS_DURATION ?= 60
FUZZ_OPS ?= 1000000
SEED ?=

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter
USER_CPPFLAGS := -D_GNU_SOURCE -I$(TOP)/uapi -I$(TOP)/driver \
	-I$(TOP)/userland/common
USER_CFLAGS := -std=gnu11 $(WARN) -pthread $(CFLAGS)
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
# RELP for the consumer's forwarders: Debian's librelp, shared only (its
# static archive needs a static GnuTLS that Debian does not ship), so the
# static consumer of the VM's device suite is built without RELP.
RELP_LIBS := $(shell pkg-config --libs relp 2>/dev/null || echo -lrelp)
STATIC_CHECK_LIBS := -lcheck -lsubunit -lrt -lm
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
TSAN := -fsanitize=thread

# Code shared by the module and user space (compiled on both sides).
SHARED_SRCS := driver/logfmt.c
# User-space helpers shared by the tools.
COMMON_SRCS := $(wildcard userland/common/*.c)

PRODUCER_SRCS := $(wildcard userland/producer/*.c)
CONSUMER_SRCS := $(wildcard userland/consumer/*.c)
CTL_SRCS := $(wildcard userland/ctl/*.c)
# Each tool's main() lives in main.c; the rest is unit-tested.
LIB_SRCS := $(SHARED_SRCS) $(COMMON_SRCS) \
	$(filter-out %/main.c,$(PRODUCER_SRCS) $(CONSUMER_SRCS) $(CTL_SRCS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
DEVTEST_SRCS := $(wildcard tests/device/*.c)
TESTLIB_SRCS := $(wildcard tests/lib/*.c)
STRESS_SRCS := $(wildcard tests/stress/*.c) $(TESTLIB_SRCS) userland/common/lgmap.c
FUZZ_SRCS := $(wildcard tests/fuzz/*.c) $(TESTLIB_SRCS)
HDRS := $(wildcard uapi/*.h driver/*.h userland/*/*.h tests/*/*.h)

# Tools whose sources exist (the tree grows issue by issue).
TOOLS := $(if $(PRODUCER_SRCS),logger-producer) \
	$(if $(CONSUMER_SRCS),logger-consumer) $(if $(CTL_SRCS),loggerctl)
BINS := $(addprefix $(B)/bin/,$(TOOLS))

.PHONY: all module user load unload deps style sparse unit unit-san \
	unit-tsan pahole vm-check forward-check check demo bench stress fuzz \
	clean help install \
	uninstall install-dkms uninstall-dkms man-lint dkms-check deb deb-test \
	install-test check-debug

all: module user

help:
	@echo "make            build logger.ko (KDIR=$(KDIR)) and the tools"
	@echo "make check      install deps, build, run every test"
	@echo "make check-debug  the debug kernel: KASAN, lockdep, fault injection, coverage"
	@echo "make demo       boot the VM, run producers/consumers/loggerctl"
	@echo "make stress     logger-stress in the VM (STRESS_DURATION=60, SEED=)"
	@echo "make fuzz       logger-fuzz in the VM (FUZZ_OPS=1000000, SEED=)"
	@echo "make bench      benchmarks in the VM"
	@echo "make forward-check  --forward into rsyslogd in the VM"
	@echo "make install|uninstall  tools, man pages, completion, udev rule"
	@echo "                (PREFIX=$(PREFIX) DESTDIR=...); install-dkms: sources"
	@echo "make deb        logger-dkms and logger-tools packages in build/deb"
	@echo "make deb-test   build, lintian, dpkg -i both, dkms status, remove"
	@echo "make load|unload, style, sparse, unit, man-lint, dkms-check, clean"

deps:
	@$(TOP)/scripts/install-deps.sh

module:
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules

user: $(BINS)

# ---- user-space programs ------------------------------------------------

# link_tool NAME, SOURCES, LIBS, SHARED-ONLY LIBS, STATIC-ONLY FLAGS
define link_tool
$(B)/bin/$(1): $(2) $(SHARED_SRCS) $(COMMON_SRCS) $(HDRS)
	@mkdir -p $$(@D)
	$$(CC) $$(CPPFLAGS) $$(USER_CPPFLAGS) $$(NL_CFLAGS) $$(USER_CFLAGS) \
		$$(LDFLAGS) -o $$@ $(2) $$(SHARED_SRCS) $$(COMMON_SRCS) $(3) $(4)
$(B)/static/$(1): $(2) $(SHARED_SRCS) $(COMMON_SRCS) $(HDRS)
	@mkdir -p $$(@D)
	$$(CC) -static $$(USER_CPPFLAGS) $(5) $$(NL_CFLAGS) $$(USER_CFLAGS) -o $$@ \
		$(2) $$(SHARED_SRCS) $$(COMMON_SRCS) $(3)
endef

$(eval $(call link_tool,logger-producer,$(PRODUCER_SRCS),))
$(eval $(call link_tool,logger-consumer,$(CONSUMER_SRCS),,$(RELP_LIBS),-DLOGGER_NO_RELP))
$(eval $(call link_tool,loggerctl,$(CTL_SRCS),$(NL_LIBS)))

# ---- tests ---------------------------------------------------------------

# Host unit tests: one Check runner; plain, ASan+UBSan and TSan builds.
$(B)/tests/unit: $(UNIT_SRCS) $(LIB_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(NL_CFLAGS) $(USER_CFLAGS) -o $@ \
		$(UNIT_SRCS) $(LIB_SRCS) $(CHECK_LIBS) $(NL_LIBS) $(RELP_LIBS)
$(B)/tests/unit-san: $(UNIT_SRCS) $(LIB_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(NL_CFLAGS) $(USER_CFLAGS) $(SAN) -o $@ \
		$(UNIT_SRCS) $(LIB_SRCS) $(CHECK_LIBS) $(NL_LIBS) $(RELP_LIBS)
$(B)/tests/unit-tsan: $(UNIT_SRCS) $(LIB_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(NL_CFLAGS) $(USER_CFLAGS) $(TSAN) -o $@ \
		$(UNIT_SRCS) $(LIB_SRCS) $(CHECK_LIBS) $(NL_LIBS) $(RELP_LIBS)

# The device suite runs inside the VM: a static Check binary.
$(B)/static/logger-devtests: $(DEVTEST_SRCS) $(SHARED_SRCS) $(COMMON_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ \
		$(DEVTEST_SRCS) $(SHARED_SRCS) $(COMMON_SRCS) $(STATIC_CHECK_LIBS)

BENCH_SRCS := $(wildcard tests/bench/*.c)
$(B)/static/logger-bench: $(BENCH_SRCS) tests/bench/bench.h \
		userland/common/lgmap.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ $(BENCH_SRCS) \
		userland/common/lgmap.c -lpthread

# Stress and fuzz (tests/stress, tests/fuzz): static, run in the VM.
$(B)/static/logger-stress: $(STRESS_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) -I$(TOP)/tests/lib $(USER_CFLAGS) -o $@ \
		$(STRESS_SRCS)
$(B)/static/logger-fuzz: $(FUZZ_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) -I$(TOP)/tests/lib $(USER_CFLAGS) -o $@ \
		$(FUZZ_SRCS)

$(B)/static/fwdtest: tests/forward/fwdtest.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ $<

# The demo's job-queue producer (kernel tags by "TAG: " parsing).
$(B)/static/demo-jobs: tests/vm/demo-jobs.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ $<

STATIC_BINS := $(B)/static/logger-devtests $(B)/static/logger-bench \
	$(B)/static/logger-stress $(B)/static/logger-fuzz $(B)/static/fwdtest \
	$(B)/static/demo-jobs \
	$(addprefix $(B)/static/,$(TOOLS))

# The host tool tests run the tools under the stand-in device's shim.
SHIM := $(B)/tests/fakedev.so
$(SHIM): tests/unit/shim/fakedev.c $(SHARED_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) -shared -fPIC $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ $< \
		$(SHARED_SRCS) -ldl
export LOGGER_TOOLS := $(B)/bin
# Check's timeouts only detect hangs: under ASan or TSan on a loaded
# machine a test may take many times its 4 s default.
export CK_TIMEOUT_MULTIPLIER ?= 10
export LOGGER_SHIM := $(SHIM)

unit: $(B)/tests/unit $(SHIM) $(BINS)
	@echo "== unit tests"
	$(B)/tests/unit 2>&1 | tee $(B)/tests/unit.log

unit-san: $(B)/tests/unit-san $(SHIM) $(BINS)
	@echo "== unit tests (ASan + UBSan)"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(B)/tests/unit-san \
		2>&1 | tee $(B)/tests/unit-san.log

# TSan needs a fixed address space layout on kernels with high mmap
# randomisation; setarch -R turns it off for this process only.
unit-tsan: $(B)/tests/unit-tsan $(SHIM) $(BINS)
	@echo "== unit tests (TSan)"
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	LOGGER_NO_HOST_TOOLS=1 CK_FORK=no setarch -R $(B)/tests/unit-tsan 2>&1 | \
		tee $(B)/tests/unit-tsan.log

# The uapi structs must have no holes: pahole reads their DWARF.
pahole: $(B)/tests/uapi-layout.o
	@$(TOP)/scripts/check-uapi-layout.sh $<
$(B)/tests/uapi-layout.o: tests/uapi-layout.c uapi/logger.h
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) -g -c -o $@ $<

# One boot per kernel series; each prints its Check summary.
vm-check: $(STATIC_BINS)
	@VM_APPEND="$(VM_APPEND) lgtrust=$(CHECK_TRUST)" \
		$(TOP)/tests/vm/run-all.sh test $(VM_SERIES)

# Forwarding into a real rsyslogd inside the VM (its own loopback).
forward-check: $(STATIC_BINS) $(B)/bin/logger-consumer
	@$(TOP)/tests/vm/run-all.sh forward $(FORWARD_SERIES)

check: deps
	@rm -f $(B)/tests/*.log $(B)/vm/*-test/console.log $(B)/vm/*-forward/console.log
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory style sparse pahole
	@$(MAKE) --no-print-directory man-lint install-test dkms-check
	@$(MAKE) --no-print-directory $(if $(filter true,$(CI)),deb-test,deb)
	@$(MAKE) --no-print-directory unit unit-san unit-tsan
	@$(MAKE) --no-print-directory vm-check
	@$(MAKE) --no-print-directory forward-check
	@$(TOP)/scripts/summary.sh $(B)/tests/unit*.log $(B)/vm/*-test/console.log \
		$(B)/vm/*-forward/console.log

# ---- the debug kernel ------------------------------------------------------
# Debian's linux-source 6.1 with KASAN, lockdep, kmemleak, UBSAN, KFENCE,
# fault injection, gcov and KUnit (scripts/debug-kernel.sh builds it once,
# cached outside the tree); the guest runs tests/vm/guest-debug.sh.
DEBUG_VM_TIMEOUT ?= 3600
FAULTINJ_SRCS := $(wildcard tests/faultinj/*.c)
$(B)/static/logger-faultinj: $(FAULTINJ_SRCS) tests/faultinj/faultinj.h uapi/logger.h
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ $(FAULTINJ_SRCS)

check-debug:
	@$(TOP)/scripts/install-deps.sh debug
	@$(MAKE) --no-print-directory $(STATIC_BINS) $(B)/static/logger-faultinj
	@kdir=$$($(TOP)/scripts/debug-kernel.sh) || exit 1; rc=0; \
	VM_KDIR=$$kdir VM_KBUILD_ARGS=LOGGER_GCOV=1 VM_PANIC_ON_WARN=0 \
		VM_APPEND="kasan_multi_shot kunit.enable=1 $(VM_APPEND)" VM_MEM=2048 \
		VM_TIMEOUT=$(DEBUG_VM_TIMEOUT) \
		$(TOP)/tests/vm/run.sh debug debug || rc=1; \
	$(TOP)/scripts/coverage.sh $(B)/kmod/debug \
		$(B)/vm/debug-debug/blob/gcov.tgz $(B)/coverage || rc=1; \
	$(TOP)/scripts/summary.sh $(B)/vm/debug-debug/console.log || rc=1; \
	exit $$rc

demo: deps
	@$(MAKE) --no-print-directory $(STATIC_BINS)
	@$(TOP)/tests/vm/run.sh $$($(TOP)/scripts/kver.sh 6.1) demo

# One 6.1 boot; the floor row's module (tests/bench/floor) rides in the
# initramfs with the static binaries.  The guest passes its CSV back;
# tests/bench/report.sh turns it into build/bench/ (table, CSV, chart).
bench: deps
	@$(MAKE) --no-print-directory $(STATIC_BINS) $(B)/bin/logger-consumer
	@k=$$($(TOP)/scripts/kver.sh 6.1) && mkdir -p $(B)/benchmod && \
		cp -u tests/bench/floor/Kbuild tests/bench/floor/lgfloor.c $(B)/benchmod/ && \
		$(MAKE) -C /lib/modules/$$k/build M=$(B)/benchmod modules \
			>$(B)/benchmod/kbuild.log 2>&1 && \
		cp $(B)/benchmod/lgfloor.ko $(B)/static/lgfloor.ko && \
		VM_TIMEOUT=$${VM_TIMEOUT:-2400} \
		VM_APPEND="clocksource=tsc printk.devkmsg=on $(VM_APPEND)" \
		$(TOP)/tests/vm/run.sh $$k bench && \
		$(TOP)/tests/bench/report.sh $(B)/vm/$$k-bench $(B)/bench

# Seeded stress and fuzz runs on the 6.1 VM; the seed is printed, SEED=N
# replays it.
stress: deps
	@$(MAKE) --no-print-directory $(STATIC_BINS)
	@VM_TIMEOUT=$$(( $(STRESS_DURATION) * 3 + 300 )) \
		VM_APPEND="$(VM_APPEND) lgdur=$(STRESS_DURATION) $(if $(SEED),lgseed=$(SEED))" \
		$(TOP)/tests/vm/run.sh $$($(TOP)/scripts/kver.sh 6.1) stress

fuzz: deps
	@$(MAKE) --no-print-directory $(STATIC_BINS)
	@VM_TIMEOUT=$$(( $(FUZZ_OPS) / 500 + 600 )) \
		VM_APPEND="$(VM_APPEND) lgops=$(FUZZ_OPS) $(if $(SEED),lgseed=$(SEED))" \
		$(TOP)/tests/vm/run.sh $$($(TOP)/scripts/kver.sh 6.1) fuzz

# ---- kernel hygiene --------------------------------------------------------

LSRC := $(B)/linux-source
CHECKPATCH := $(LSRC)/scripts/checkpatch.pl
$(CHECKPATCH):
	@mkdir -p $(LSRC)
	tar -xJf /usr/src/linux-source-6.1.tar.xz -C $(LSRC) --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	touch $@

KSRCS := $(wildcard driver/*.c driver/*.h uapi/*.h)
style: $(CHECKPATCH)
	@echo "== checkpatch"
	$(CHECKPATCH) --no-tree --strict --show-types --quiet \
		--ignore FILE_PATH_CHANGES -f $(KSRCS)
	@echo "checkpatch: clean"

sparse:
	@echo "== sparse"
	@mkdir -p $(B)
	$(MAKE) -C $(KDIR) M=$(TOP) C=2 modules 2>&1 | tee $(B)/sparse.log
	@! grep -E 'warning|error' $(B)/sparse.log
	@echo "sparse: clean"

load: module
	insmod $(TOP)/logger.ko

unload:
	rmmod logger

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf $(B)

# ---- installing (the Debian way) ----------------------------------------

VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(TOP)/dkms.conf)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/logger
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
# udev and systemd read /usr/lib (and /lib) and /etc, not /usr/local/lib.
ifeq ($(PREFIX),/usr)
UDEVRULESDIR ?= /usr/lib/udev/rules.d
SYSTEMDUNITDIR ?= /usr/lib/systemd/system
SYSCONFDIR ?= /etc
else
UDEVRULESDIR ?= /etc/udev/rules.d
SYSTEMDUNITDIR ?= /etc/systemd/system
SYSCONFDIR ?= $(PREFIX)/etc
endif
DKMSSRCDIR ?= /usr/src/logger-$(VERSION)
MANS := man/logger-producer.1 man/logger-consumer.1 man/loggerctl.8 man/logger.4

install: user
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(COMPLETIONDIR) \
		$(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(SYSTEMDUNITDIR) \
		$(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(SYSCONFDIR)/logger
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	for m in $(MANS); do \
		install -d $(DESTDIR)$(MANDIR)/man$${m##*.} && \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/ || exit 1; \
	done
	install -m 644 completion/logger-producer completion/logger-consumer \
		completion/loggerctl $(DESTDIR)$(COMPLETIONDIR)/
	install -m 644 udev/60-logger.rules $(DESTDIR)$(UDEVRULESDIR)/
	for u in logger-consumer logger-forward; do \
		sed 's|/usr/bin/logger-consumer|$(BINDIR)/logger-consumer|; s|/etc/logger/|$(SYSCONFDIR)/logger/|' \
			systemd/$$u.service >$(DESTDIR)$(SYSTEMDUNITDIR)/$$u.service && \
		chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u.service || exit 1; \
	done
	install -m 644 examples/consumer.conf examples/forward.conf \
		$(DESTDIR)$(SYSCONFDIR)/logger/
	install -m 644 examples/modprobe.d-logger.conf examples/consumer.conf \
		examples/forward.conf examples/rsyslog-logger.conf \
		$(DESTDIR)$(DOCDIR)/examples/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(TOOLS))
	for m in $(MANS); do rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m#man/}; done
	rm -f $(addprefix $(DESTDIR)$(COMPLETIONDIR)/,logger-producer logger-consumer loggerctl)
	rm -f $(DESTDIR)$(UDEVRULESDIR)/60-logger.rules
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/logger-consumer.service \
		$(DESTDIR)$(SYSTEMDUNITDIR)/logger-forward.service
	rm -f $(DESTDIR)$(SYSCONFDIR)/logger/consumer.conf \
		$(DESTDIR)$(SYSCONFDIR)/logger/forward.conf
	-rmdir $(DESTDIR)$(SYSCONFDIR)/logger 2>/dev/null
	rm -rf $(DESTDIR)$(DOCDIR)

# The module's sources where DKMS wants them (the logger-dkms package).
install-dkms:
	install -d $(DESTDIR)$(DKMSSRCDIR)/driver $(DESTDIR)$(DKMSSRCDIR)/uapi
	install -m 644 Kbuild dkms.conf $(DESTDIR)$(DKMSSRCDIR)/
	install -m 644 driver/*.c driver/*.h $(DESTDIR)$(DKMSSRCDIR)/driver/
	install -m 644 uapi/logger.h $(DESTDIR)$(DKMSSRCDIR)/uapi/

uninstall-dkms:
	rm -rf $(DESTDIR)$(DKMSSRCDIR)

# make install / uninstall into a scratch DESTDIR: everything lands, and
# uninstall leaves nothing behind.
install-test: user
	@echo "== make install / uninstall (DESTDIR)"
	@rm -rf $(B)/install-test
	@$(MAKE) --no-print-directory -s install DESTDIR=$(B)/install-test PREFIX=/usr >/dev/null
	@$(MAKE) --no-print-directory -s install-dkms DESTDIR=$(B)/install-test >/dev/null
	@cd $(B)/install-test && find . -type f | sort >$(B)/install-test.list
	@for f in usr/bin/logger-producer usr/bin/logger-consumer usr/bin/loggerctl \
		usr/share/man/man1/logger-producer.1 usr/share/man/man1/logger-consumer.1 \
		usr/share/man/man8/loggerctl.8 usr/share/man/man4/logger.4 \
		usr/share/bash-completion/completions/loggerctl \
		usr/lib/udev/rules.d/60-logger.rules etc/logger/consumer.conf \
		usr/lib/systemd/system/logger-consumer.service \
		usr/lib/systemd/system/logger-forward.service etc/logger/forward.conf \
		usr/share/doc/logger/examples/rsyslog-logger.conf \
		usr/src/logger-$(VERSION)/dkms.conf usr/src/logger-$(VERSION)/Kbuild; do \
		test -f $(B)/install-test/$$f || { echo "install-test: $$f missing"; exit 1; }; \
	done
	@$(MAKE) --no-print-directory -s uninstall uninstall-dkms DESTDIR=$(B)/install-test PREFIX=/usr
	@test -z "$$(find $(B)/install-test -type f)" || \
		{ echo "install-test: uninstall left files behind"; exit 1; }
	@echo "install-test: $$(wc -l <$(B)/install-test.list) files installed, none left after uninstall"

# Every man page through mandoc's linter: any message fails.
man-lint:
	@echo "== mandoc -T lint"
	mandoc -T lint -W warning $(MANS)
	@echo "man-lint: clean"

# dkms build of the module against the 6.1 and 6.12 headers, in a private
# DKMS tree (nothing installed on the host).
DKMS_TREE := $(B)/dkms
dkms-check:
	@echo "== dkms build ($(VM_SERIES))"
	@rm -rf $(DKMS_TREE)
	@mkdir -p $(DKMS_TREE)/tree $(DKMS_TREE)/src
	@$(MAKE) --no-print-directory -s install-dkms DESTDIR=$(DKMS_TREE)/src DKMSSRCDIR=/logger-$(VERSION)
	dkms add -m logger -v $(VERSION) --dkmstree $(DKMS_TREE)/tree \
		--sourcetree $(DKMS_TREE)/src
	set -e; for s in $(VM_SERIES); do \
		k=$$($(TOP)/scripts/kver.sh $$s); \
		dkms build -m logger -v $(VERSION) -k $$k --dkmstree $(DKMS_TREE)/tree \
			--sourcetree $(DKMS_TREE)/src 2>&1 | tee -a $(DKMS_TREE)/build.log; \
		test -f $(DKMS_TREE)/tree/logger/$(VERSION)/$$k/x86_64/module/logger.ko* || \
			{ echo "dkms-check: no logger.ko for $$k"; exit 1; }; \
	done
	dkms status -m logger --dkmstree $(DKMS_TREE)/tree --sourcetree $(DKMS_TREE)/src
	@echo "dkms-check: built for $(VM_SERIES)"

# Debian packages, built in a copy so dpkg-buildpackage's output (it
# writes to the parent directory) stays under build/.
DEB_DIR := $(B)/deb
deb:
	@echo "== dpkg-buildpackage"
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)/logger-$(VERSION)
	git -C $(TOP) ls-files -z | (cd $(TOP) && xargs -0 cp --parents -t $(DEB_DIR)/logger-$(VERSION))
	cd $(DEB_DIR)/logger-$(VERSION) && dpkg-buildpackage -us -uc -b 2>&1 | tail -n 20
	@echo "== lintian"
	lintian --fail-on error --tag-display-limit 0 $(DEB_DIR)/*.changes 2>&1 | tee $(DEB_DIR)/lintian.log
	@ls $(DEB_DIR)/*.deb

# Install both packages on this host, check DKMS built the module for the
# installed kernels, then purge them and check nothing is left.  `make
# check` runs it on CI (CI=true, a machine of its own: about 2.5 min);
# elsewhere it builds and lints the packages only, leaving the host's
# dpkg and /lib/modules alone.
deb-test: deb
	@$(TOP)/scripts/deb-test.sh $(DEB_DIR) $(VERSION)
