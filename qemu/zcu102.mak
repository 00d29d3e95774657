# SPDX-License-Identifier: GPL-2.0-or-later
#
# The devices of vadma's QEMU: the ZCU102 machine and what it needs to link
# and run (QEMU 7.2).  vadma's device comes with CONFIG_XLNX_ZYNQMP_ARM.
CONFIG_XLNX_ZYNQMP_ARM=y
CONFIG_OR_IRQ=y
CONFIG_UNIMP=y
CONFIG_SEMIHOSTING=y
CONFIG_ARM_COMPATIBLE_SEMIHOSTING=y
CONFIG_ARM_V7M=y
CONFIG_USB_DWC3=y
CONFIG_GENERIC_LOADER=y
