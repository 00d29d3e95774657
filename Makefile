# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# vadma: one Makefile for everything.
#   make            build the tool and the library      (build/)
#   make run        the main job, on the software model
#   make check      every test; installs what it lacks  (needs root for apt)
#   make bench      the benchmarks
#   make bench-kernel  vadma's pgtable against Linux's io-pgtable-arm, in
#                   Debian's arm64 kernel under QEMU (JSON; BENCH=quick)
#   make fuzz       the libFuzzer targets, FUZZ_TIME seconds each (300);
#                   new inputs go to FUZZ_OUT (a directory outside the repo)
#   make zcu102     boot the virtual ZCU102 (QEMU with vadma's MMU-500) with
#                   vadma.ko and the tools, to a shell
#   make kmod       build/kmod/vadma.ko for Debian's arm64 kernel (KDIR=
#                   another tree; else scripts/arm64-kernel.sh fetches it)
#   make api-doc    docs/api/, the API reference, from the headers' kernel-doc
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

BUILD		?= build
PREFIX		?= /usr/local
CC		?= gcc
CROSS_COMPILE	?= aarch64-linux-gnu-
CLANG_FORMAT	?= clang-format
MPICC		?= mpicc

WARN		:= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
		   -Wmissing-prototypes
CFLAGS		?= -O2 -g
ALL_CFLAGS	:= -std=gnu11 $(WARN) $(CFLAGS) -Iinclude -MMD -MP
SAN_FLAGS	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer

# The core layers: freestanding, shared with the kernel module.
CORE_SRCS	:= common/errno.c \
		   pgtable/pgtable.c pgtable/walk.c pgtable/dump.c pgtable/visit.c \
		   plat/zynqmp.c smmu/smmu.c smmu/mmu500.c smmu/dump.c \
		   dmac/zdma.c dmac/cdma.c dmac/engine.c \
		   model/model.c model/mem.c model/smmu.c model/smmu-walk.c \
		   model/smmu-tlb.c model/smmu-cache.c model/burst.c model/regs.c \
		   model/zdma.c model/cdma.c model/ni.c \
		   model/timing.c \
		   os/os.c os/mm.c os/sva.c unimem/unimem.c \
		   scenario/copy.c scenario/node.c scenario/e3.c
# User space only (Linux): the library side of /dev/vadma.
KDEV_SRCS	:= kdev/kdev.c
CLI_SRCS	:= cli/main.c cli/walk.c cli/mkpt.c cli/bench.c cli/bench-timing.c \
		   cli/run.c cli/events.c \
		   cli/memimg.c cli/util.c cli/run-e3.c cli/run-e4.c \
		   cli/run-kernel.c
UNIT_TESTS	:= test_bits test_pgtable test_pgtable_bbm test_smmu test_dmac \
		   test_model_smmu test_model_dma test_os test_sva test_os_random test_unimem \
		   test_timing test_args test_smmu_tlb test_kdev
# The kernel module's ioctl argument checks, which user space builds too
# (for the unit tests and fuzz_ioctl): not freestanding, it reads the uapi
# header, which needs <linux/types.h>.
KARGS_SRCS	:= kmod/args.c
TEST_SUPPORT	:= $(KARGS_SRCS)

# The public headers, in the order of the API reference (bottom layer
# first).  tests/build/apidoc.sh fails when a header under include/ is missing.
API_HEADERS	:= include/vadma/bits.h include/vadma/errno.h include/vadma/env.h \
		   include/vadma/io.h include/vadma/plat.h include/vadma/pgtable.h \
		   include/vadma/smmu.h include/vadma/hw/smmu.h \
		   include/vadma/hw/zdma.h include/vadma/hw/axi_cdma.h \
		   include/vadma/dmac.h include/vadma/model.h include/vadma/os.h \
		   include/vadma/unimem.h include/vadma/scenario.h \
		   include/vadma/kdev.h include/uapi/vadma.h

CORE_OBJS	:= $(CORE_SRCS:%.c=$(BUILD)/%.o)
KDEV_OBJS	:= $(KDEV_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS	:= $(CLI_SRCS:%.c=$(BUILD)/%.o)
SAN_CORE_OBJS	:= $(CORE_SRCS:%.c=$(BUILD)/san/%.o) \
		   $(KDEV_SRCS:%.c=$(BUILD)/san/%.o)
FREE_OBJS	:= $(CORE_SRCS:%.c=$(BUILD)/free/%.o)

.PHONY: all run check bench install clean deps deps-build unit-tests freestanding zcu102 \
	format-check qemu-check kmod bench-kernel fuzz fuzz-build fuzz-cov api-doc FORCE
.DEFAULT_GOAL := all

all: $(BUILD)/vadma $(BUILD)/libvadma.a $(BUILD)/vadma-node

# vadma-node: one Unimem node per MPI rank (E4), built with Open MPI.
NODE_SRCS	:= cli/node.c unimem/mpi.c
NODE_LINK	:= $(BUILD)/cli/util.o

$(BUILD)/mpi/%.o: %.c
	@mkdir -p $(@D)
	$(MPICC) $(ALL_CFLAGS) -Icli -c $< -o $@

$(BUILD)/san/mpi/%.o: %.c
	@mkdir -p $(@D)
	$(MPICC) $(ALL_CFLAGS) $(SAN_FLAGS) -Icli -c $< -o $@

$(BUILD)/vadma-node: $(NODE_SRCS:%.c=$(BUILD)/mpi/%.o) $(NODE_LINK) $(BUILD)/libvadma.a
	$(MPICC) $(CFLAGS) -o $@ $^ -lm

$(BUILD)/san/vadma-node: $(NODE_SRCS:%.c=$(BUILD)/san/mpi/%.o) $(BUILD)/san/cli/util.o $(SAN_CORE_OBJS)
	$(MPICC) $(SAN_FLAGS) -o $@ $^ -lm

# The MPI transport against foreign messages (tests/mpi/unimem.sh runs it).
$(BUILD)/tests/mpi_transport: $(BUILD)/mpi/tests/mpi/transport.o $(BUILD)/mpi/unimem/mpi.o $(BUILD)/libvadma.a
	$(MPICC) $(CFLAGS) -o $@ $^ -lm

$(BUILD)/san/tests/mpi_transport: $(BUILD)/san/mpi/tests/mpi/transport.o $(BUILD)/san/mpi/unimem/mpi.o $(SAN_CORE_OBJS)
	$(MPICC) $(SAN_FLAGS) -o $@ $^ -lm

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c $< -o $@

# Freestanding: no C library headers at all, only the compiler's own.
$(BUILD)/free/%.o: %.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) -O2 -Iinclude -ffreestanding -nostdinc \
		-isystem $(shell $(CC) -print-file-name=include) \
		-DVADMA_FREESTANDING -c $< -o $@

$(BUILD)/libvadma.a: $(CORE_OBJS) $(KDEV_OBJS)
	$(AR) rcs $@ $^

$(BUILD)/vadma: $(CLI_OBJS) $(BUILD)/libvadma.a
	$(CC) $(CFLAGS) -o $@ $(filter %.c %.o %.a,$^) -lm

$(BUILD)/san/vadma: $(CLI_SRCS:%.c=$(BUILD)/san/%.o) $(SAN_CORE_OBJS)
	$(CC) $(SAN_FLAGS) -o $@ $(filter %.c %.o %.a,$^) -lm

# Unit tests (cmocka), built twice: plain and with ASan+UBSan.
$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(CORE_OBJS) $(KDEV_OBJS) $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJS))
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -Icli -Imodel -Ikmod -o $@ $(filter %.c %.o %.a,$^) -lcmocka -lm

$(BUILD)/san/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(SAN_CORE_OBJS) $(filter-out $(BUILD)/san/cli/main.o,$(CLI_SRCS:%.c=$(BUILD)/san/%.o))
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Itests/unit -Icli -Imodel -Ikmod -o $@ $(filter %.c %.o %.a,$^) -lcmocka -lm

# Allocation-failure injection: the core again, with vadma_zalloc() and
# vadma_free() supplied by the test (VADMA_ALLOC_HOOK in env.h), so that it
# can fail the n-th host allocation and count what is not freed.
AF_OBJS		:= $(CORE_SRCS:%.c=$(BUILD)/af/%.o) $(BUILD)/af/cli/memimg.o \
		   $(BUILD)/af/cli/util.o

$(BUILD)/af/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DVADMA_ALLOC_HOOK -c $< -o $@

$(BUILD)/tests/test_alloc_fail: tests/unit/test_alloc_fail.c $(AF_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DVADMA_ALLOC_HOOK -Itests/unit -Icli -Imodel -o $@ $^ -lcmocka -lm

# The same under ASan+UBSan: every failure path also reads and writes
# only what it owns.
AF_SAN_OBJS	:= $(AF_OBJS:$(BUILD)/af/%=$(BUILD)/af-san/%)

$(BUILD)/af-san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -DVADMA_ALLOC_HOOK -c $< -o $@

$(BUILD)/san/tests/test_alloc_fail: tests/unit/test_alloc_fail.c $(AF_SAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -DVADMA_ALLOC_HOOK -Itests/unit -Icli -Imodel -o $@ $^ -lcmocka -lm

# libFuzzer targets (tests/fuzz/), built with Debian's clang: the core and
# the parts of the tool they need, instrumented for coverage, ASan and UBSan.
FUZZ_CC		?= clang
FUZZ_TARGETS	:= fuzz_walkers fuzz_smmu fuzz_unimem fuzz_walk_cli fuzz_ioctl
FUZZ_SRCS	:= $(CORE_SRCS) cli/memimg.c cli/util.c cli/walk.c $(KARGS_SRCS)
FUZZ_CFLAGS	:= -std=gnu11 $(WARN) -g -O1 -Iinclude -Imodel -Icli -Ikmod -Itests/fuzz \
		   -MMD -MP -fno-omit-frame-pointer
FUZZ_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_COV	:= -fprofile-instr-generate -fcoverage-mapping
FUZZ_TIME	?= 300
FUZZ_OUT	?= $(abspath $(BUILD))/fuzz-corpus

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c $< -o $@

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_SRCS:%.c=$(BUILD)/fuzz/obj/%.o)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $(filter %.c %.o,$^) -lm

# The same without sanitizers, with source-based coverage (make fuzz-cov).
$(BUILD)/fuzz-cov/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_COV) -fsanitize=fuzzer-no-link -c $< -o $@

$(BUILD)/fuzz-cov/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_SRCS:%.c=$(BUILD)/fuzz-cov/obj/%.o)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_COV) -fsanitize=fuzzer -o $@ $(filter %.c %.o,$^) -lm

# Objects made by a chain of pattern rules are kept.
.SECONDARY: $(FUZZ_SRCS:%.c=$(BUILD)/fuzz/obj/%.o) \
	$(FUZZ_SRCS:%.c=$(BUILD)/fuzz-cov/obj/%.o)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)

fuzz: deps fuzz-build
	@BUILD=$(BUILD) FUZZ_TIME=$(FUZZ_TIME) FUZZ_OUT=$(FUZZ_OUT) \
		tests/fuzz/run.sh long $(FUZZ_TARGETS)

fuzz-cov: deps $(FUZZ_TARGETS:%=$(BUILD)/fuzz-cov/%)
	@BUILD=$(BUILD) tests/fuzz/coverage.sh $(FUZZ_TARGETS)

# The conformance test against QEMU's CPU.
include tests/qemu/guest/guest.mk

$(BUILD)/qemu/gen-probes: tests/qemu/gen-probes.c $(CORE_OBJS) $(BUILD)/cli/memimg.o $(BUILD)/cli/util.o
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icli -Itests/qemu -o $@ $(filter %.c %.o %.a,$^)

# The kernel module: the glue in kmod/ and the core layers it needs, the
# same files as above, built by Kbuild into $(BUILD)/kmod (see kmod/Kbuild).
# The kernel's make gets none of this make's flags or variables (CC, CFLAGS).
KMOD_SRCS	:= kmod/vadma_main.c kmod/args.c kmod/iommu.c kmod/model.c \
		   kmod/mmu500.c kmod/sva.c kmod/mem.c kmod/iova.c kmod/bench.c \
		   $(filter common/% pgtable/% plat/% smmu/% dmac/% model/%,$(CORE_SRCS))
KMOD_DIR	:= $(abspath $(BUILD))/kmod
KDIR		?=

kmod:
	@mkdir -p $(KMOD_DIR)
	@echo 'include $(CURDIR)/kmod/Kbuild' | cmp -s - $(KMOD_DIR)/Kbuild || \
		echo 'include $(CURDIR)/kmod/Kbuild' > $(KMOD_DIR)/Kbuild
	@kdir='$(KDIR)'; \
	if [ -z "$$kdir" ]; then \
		paths=$$(scripts/arm64-kernel.sh) || exit 1; \
		eval "$$paths"; kdir=$$KDIR; \
	fi; \
	MAKEFLAGS= MAKEOVERRIDES= $(MAKE) --no-print-directory -C "$$kdir" \
		-j$$(nproc) M=$(KMOD_DIR) ARCH=arm64 \
		CROSS_COMPILE=$(CROSS_COMPILE) VADMA_ROOT=$(CURDIR) \
		VADMA_SRCS="$(KMOD_SRCS)" modules

# The virtual ZCU102 (QEMU with vadma's MMU-500, GDMA and CDMA), booted
# with vadma.ko and the tools to a shell on this terminal.
zcu102:
	@scripts/deps.sh kernel
	@qemu=$$(scripts/qemu-zcu102.sh) && eval "$$qemu" && \
		ZCU102_SHELL=1 QEMU=$$QEMU BUILD=$(BUILD) tests/zcu102/run.sh

deps:
	@scripts/deps.sh check

deps-build:
	@scripts/deps.sh build

freestanding: $(FREE_OBJS)

format-check:
	@$(CLANG_FORMAT) --dry-run --Werror $(CORE_SRCS) $(KDEV_SRCS) $(CLI_SRCS) \
		$(wildcard include/vadma/*.h pgtable/*.h cli/*.h os/*.h unimem/*.h) \
		$(NODE_SRCS) $(KARGS_SRCS) kmod/args.h

# The virtual ZCU102's QEMU (scripts/qemu-zcu102.sh: built once, about
# 8 minutes, then cached outside the repository) is built before the
# tests run, so that its progress shows while it builds.
check: deps
	@mkdir -p $(BUILD)
	@scripts/qemu-zcu102.sh > $(BUILD)/qemu-zcu102.env || \
		{ echo "make check: the virtual ZCU102's QEMU did not build"; \
		  rm -f $(BUILD)/qemu-zcu102.env; }
	@$(MAKE) --no-print-directory all freestanding \
		$(UNIT_TESTS:%=$(BUILD)/tests/%) \
		$(UNIT_TESTS:%=$(BUILD)/san/tests/%) $(BUILD)/san/vadma \
		$(BUILD)/san/vadma-node $(BUILD)/san/tests/mpi_transport \
		$(BUILD)/qemu/guest.elf $(BUILD)/qemu/gen-probes \
		$(BUILD)/tests/test_alloc_fail $(BUILD)/san/tests/test_alloc_fail \
		$(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
	@BUILD=$(BUILD) UNIT_TESTS="$(UNIT_TESTS)" FUZZ_TARGETS="$(FUZZ_TARGETS)" \
		API_HEADERS="$(API_HEADERS)" tests/run.sh

# Needs python3 (scripts/deps.sh check installs it).
api-doc:
	@scripts/kernel-doc-md --out docs/api $(API_HEADERS)

run: deps-build
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BUILD)

bench: all
	@$(BUILD)/vadma bench --plot $(BUILD)/bench-bw.tsv
	@-scripts/deps.sh bench || echo "bench: cannot install gnuplot-nox; the plot may be skipped"
	@scripts/bench-plot.sh $(BUILD)/bench-bw.tsv $(BUILD)/bench-bw.png
	@echo "== Unimem remote put against raw MPI, 2 ranks (vadma-node bench)"
	@OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
		mpirun --oversubscribe --bind-to none -np 2 $(BUILD)/vadma-node bench

# vadma.ko's bench= in the guest that tests/kernel boots; rows as JSON.
bench-kernel:
	@BUILD=$(BUILD) BENCH=$(or $(BENCH),full) scripts/bench-kernel.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
		$(DESTDIR)$(PREFIX)/include/vadma/hw
	install -m 755 $(BUILD)/vadma $(DESTDIR)$(PREFIX)/bin/vadma
	install -m 755 $(BUILD)/vadma-node $(DESTDIR)$(PREFIX)/bin/vadma-node
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 man/vadma.1 $(DESTDIR)$(PREFIX)/share/man/man1/vadma.1
	ln -sf vadma.1 $(DESTDIR)$(PREFIX)/share/man/man1/vadma-node.1
	install -m 644 $(BUILD)/libvadma.a $(DESTDIR)$(PREFIX)/lib/libvadma.a
	install -m 644 include/vadma/*.h $(DESTDIR)$(PREFIX)/include/vadma/
	install -m 644 include/vadma/hw/*.h $(DESTDIR)$(PREFIX)/include/vadma/hw/
	install -d $(DESTDIR)$(PREFIX)/include/uapi
	install -m 644 include/uapi/vadma.h $(DESTDIR)$(PREFIX)/include/uapi/vadma.h

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
