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
VM_TIMEOUT ?= 600

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
HDRS := $(wildcard uapi/*.h driver/*.h userland/*/*.h tests/*/*.h)

# Tools whose sources exist (the tree grows issue by issue).
TOOLS := $(if $(PRODUCER_SRCS),logger-producer) \
	$(if $(CONSUMER_SRCS),logger-consumer) $(if $(CTL_SRCS),loggerctl)
BINS := $(addprefix $(B)/bin/,$(TOOLS))

.PHONY: all module user load unload deps style sparse unit unit-san \
	unit-tsan pahole vm-check check check-debug demo bench clean help

all: module user

help:
	@echo "make            build logger.ko (KDIR=$(KDIR)) and the tools"
	@echo "make check      install deps, build, run every test"
	@echo "make check-debug  the debug kernel: KASAN, lockdep, fault injection, coverage"
	@echo "make demo       boot the VM, run producers/consumers/loggerctl"
	@echo "make bench      benchmarks in the VM"
	@echo "make load|unload, style, sparse, unit, clean"

deps:
	@$(TOP)/scripts/install-deps.sh

module:
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules

user: $(BINS)

# ---- user-space programs ------------------------------------------------

define link_tool
$(B)/bin/$(1): $(2) $(SHARED_SRCS) $(COMMON_SRCS) $(HDRS)
	@mkdir -p $$(@D)
	$$(CC) $$(USER_CPPFLAGS) $$(NL_CFLAGS) $$(USER_CFLAGS) -o $$@ \
		$(2) $$(SHARED_SRCS) $$(COMMON_SRCS) $(3)
$(B)/static/$(1): $(2) $(SHARED_SRCS) $(COMMON_SRCS) $(HDRS)
	@mkdir -p $$(@D)
	$$(CC) -static $$(USER_CPPFLAGS) $$(NL_CFLAGS) $$(USER_CFLAGS) -o $$@ \
		$(2) $$(SHARED_SRCS) $$(COMMON_SRCS) $(3)
endef

$(eval $(call link_tool,logger-producer,$(PRODUCER_SRCS),))
$(eval $(call link_tool,logger-consumer,$(CONSUMER_SRCS),))
$(eval $(call link_tool,loggerctl,$(CTL_SRCS),$(NL_LIBS)))

# ---- tests ---------------------------------------------------------------

# Host unit tests: one Check runner; plain, ASan+UBSan and TSan builds.
$(B)/tests/unit: $(UNIT_SRCS) $(LIB_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(NL_CFLAGS) $(USER_CFLAGS) -o $@ \
		$(UNIT_SRCS) $(LIB_SRCS) $(CHECK_LIBS) $(NL_LIBS)
$(B)/tests/unit-san: $(UNIT_SRCS) $(LIB_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(NL_CFLAGS) $(USER_CFLAGS) $(SAN) -o $@ \
		$(UNIT_SRCS) $(LIB_SRCS) $(CHECK_LIBS) $(NL_LIBS)
$(B)/tests/unit-tsan: $(UNIT_SRCS) $(LIB_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(NL_CFLAGS) $(USER_CFLAGS) $(TSAN) -o $@ \
		$(UNIT_SRCS) $(LIB_SRCS) $(CHECK_LIBS) $(NL_LIBS)

# The device suite runs inside the VM: a static Check binary.
$(B)/static/logger-devtests: $(DEVTEST_SRCS) $(SHARED_SRCS) $(COMMON_SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ \
		$(DEVTEST_SRCS) $(SHARED_SRCS) $(COMMON_SRCS) $(STATIC_CHECK_LIBS)

$(B)/static/logger-bench: tests/bench/bench.c
	@mkdir -p $(@D)
	$(CC) -static $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ $< -lpthread

STATIC_BINS := $(B)/static/logger-devtests $(B)/static/logger-bench \
	$(addprefix $(B)/static/,$(TOOLS))

unit: $(B)/tests/unit
	@echo "== unit tests"
	$(B)/tests/unit 2>&1 | tee $(B)/tests/unit.log

unit-san: $(B)/tests/unit-san
	@echo "== unit tests (ASan + UBSan)"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(B)/tests/unit-san \
		2>&1 | tee $(B)/tests/unit-san.log

# TSan needs a fixed address space layout on kernels with high mmap
# randomisation; setarch -R turns it off for this process only.
unit-tsan: $(B)/tests/unit-tsan
	@echo "== unit tests (TSan)"
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	CK_FORK=no setarch -R $(B)/tests/unit-tsan 2>&1 | \
		tee $(B)/tests/unit-tsan.log

# The uapi structs must have no holes: pahole reads their DWARF.
pahole: $(B)/tests/uapi-layout.o
	@$(TOP)/scripts/check-uapi-layout.sh $<
$(B)/tests/uapi-layout.o: tests/uapi-layout.c uapi/logger.h
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) -g -c -o $@ $<

# One boot per kernel series; each prints its Check summary.
vm-check: $(STATIC_BINS)
	@$(TOP)/tests/vm/run-all.sh test $(VM_SERIES)

check: deps
	@rm -f $(B)/tests/*.log $(B)/vm/*-test/console.log
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory style sparse pahole
	@$(MAKE) --no-print-directory unit unit-san unit-tsan
	@$(MAKE) --no-print-directory vm-check
	@$(TOP)/scripts/summary.sh $(B)/tests/unit*.log $(B)/vm/*-test/console.log

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

bench: deps
	@$(MAKE) --no-print-directory $(STATIC_BINS)
	@$(TOP)/tests/vm/run.sh $$($(TOP)/scripts/kver.sh 6.1) bench

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
