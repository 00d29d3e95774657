# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The bare-metal guest of the conformance test against QEMU's CPU.
# Included from the top-level Makefile; also usable on its own:
#   make -f tests/qemu/guest/guest.mk BUILD=/tmp/gb /tmp/gb/qemu/guest.elf
# It defines only GUEST_* variables and the $(BUILD)/qemu/... targets, and
# none of the host's flags (CFLAGS...) reach the guest.

BUILD		?= build
CROSS_COMPILE	?= aarch64-linux-gnu-

GUEST_DIR	:= tests/qemu/guest
GUEST_OUT	:= $(BUILD)/qemu/guest
GUEST_CC	:= $(CROSS_COMPILE)gcc
GUEST_CFLAGS	:= -std=gnu11 -O2 -g -ffreestanding -nostdlib \
		   -mgeneral-regs-only -mstrict-align -fno-pie \
		   -fno-stack-protector -fno-asynchronous-unwind-tables \
		   -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
		   -Wmissing-prototypes -Itests/qemu
GUEST_LDFLAGS	:= -nostdlib -static -no-pie -Wl,--build-id=none \
		   -Wl,-T,$(GUEST_DIR)/guest.ld
GUEST_OBJS	:= $(GUEST_OUT)/start.o $(GUEST_OUT)/guest.o

$(GUEST_OUT)/start.o: $(GUEST_DIR)/start.S $(GUEST_DIR)/guest.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OUT)/guest.o: $(GUEST_DIR)/guest.c tests/qemu/probe_image.h \
		      $(GUEST_DIR)/guest.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/qemu/guest.elf: $(GUEST_OBJS) $(GUEST_DIR)/guest.ld
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_LDFLAGS) -o $@ $(GUEST_OBJS)
