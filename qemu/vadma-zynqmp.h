/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vadma's model of the ZynqMP DMA path (MMU-500, GDMA channels, AXI CDMA)
 * as a device of QEMU's ZynqMP SoC.  What the SoC calls; the rest is in
 * hw/misc/vadma/vadma-zynqmp.c.
 */
#ifndef HW_MISC_VADMA_ZYNQMP_H
#define HW_MISC_VADMA_ZYNQMP_H

#include "hw/sysbus.h"

#define TYPE_VADMA_ZYNQMP "vadma-zynqmp"

/* The values of the machine's "vadma" option. */
enum vadma_zynqmp_mode {
    VADMA_ZYNQMP_OFF,   /* QEMU as it is: its own GDMA, no SMMU */
    VADMA_ZYNQMP_ON,    /* vadma's SMMU, GDMA channels and CDMA */
    VADMA_ZYNQMP_IOMMU, /* vadma's SMMU and CDMA; QEMU's GDMA behind it */
};

/**
 * vadma_zynqmp_mode() - parse the machine's "vadma" option
 * @s:    "off", "on" or "iommu" (NULL: off)
 * @errp: set when @s is none of them
 *
 * Return: an enum vadma_zynqmp_mode, or -1.
 */
int vadma_zynqmp_mode(const char *s, Error **errp);

/**
 * vadma_zynqmp_create() - create, realize, map and wire the device
 * @parent:   the SoC (the device becomes its child "vadma-dev")
 * @mode:     VADMA_ZYNQMP_ON or VADMA_ZYNQMP_IOMMU
 * @ram_size: the machine's RAM (DDR low from 0, the rest from 32 GiB)
 * @gic_spi:  the GIC's SPI inputs
 * @nr_spi:   how many
 * @errp:     set on failure
 *
 * Return: the device, or NULL.
 */
DeviceState *vadma_zynqmp_create(Object *parent, int mode, uint64_t ram_size,
                                 qemu_irq *gic_spi, unsigned int nr_spi,
                                 Error **errp);

/**
 * vadma_zynqmp_dma_mr() - what QEMU's GDMA channel @n does its DMA into
 * @dev: from vadma_zynqmp_create() with VADMA_ZYNQMP_IOMMU
 * @n:   the channel, 0..7
 *
 * An IOMMU memory region that translates with the model's SMMU, under
 * the channel's stream ID (0x14e8 + @n).
 */
MemoryRegion *vadma_zynqmp_dma_mr(DeviceState *dev, unsigned int n);

#endif /* HW_MISC_VADMA_ZYNQMP_H */
