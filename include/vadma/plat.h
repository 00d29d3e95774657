/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Boards as data: where the memory, the SMMU and the DMA engines are, their
 * stream IDs and interrupts, and the SMMU's ID registers.  The model builds
 * itself from a board, and the drivers and scenarios find the hardware in it.
 */
#ifndef VADMA_PLAT_H
#define VADMA_PLAT_H

#include "vadma/env.h"
#include "vadma/bits.h"

#define PLAT_MAX_RAM  4
#define PLAT_MAX_ZDMA 8

/**
 * struct plat_ram - one region of RAM
 * @base: its first byte (physical address)
 * @size: its size in bytes
 * @name: its name in messages ("ddr-low", "ddr-high")
 */
struct plat_ram {
	u64 base;
	u64 size;
	const char *name;
};

/**
 * struct plat_dma - one DMA engine
 * @base: its register block (CPU physical address)
 * @size: size of the register block
 * @sid:  the stream ID its transactions carry into the SMMU
 * @irq:  its interrupt (GIC interrupt ID)
 */
struct plat_dma {
	u64 base;
	u64 size;
	u32 sid;
	u32 irq;
};

/* The PS ports a PL master can enter through (UG1085 ch. 16, table 16-3). */
enum plat_zynqmp_port {
	PLAT_ZYNQMP_HPC0,
	PLAT_ZYNQMP_HPC1,
	PLAT_ZYNQMP_HP0,
	PLAT_ZYNQMP_HP1,
	PLAT_ZYNQMP_HP2,
	PLAT_ZYNQMP_HP3,
	PLAT_ZYNQMP_LPD,
	PLAT_ZYNQMP_ACE,
};

/**
 * struct plat_desc - a board
 * @name:      its name
 * @ram:       RAM ranges
 * @nr_ram:    how many
 * @smmu_base: SMMU register base
 * @smmu_size: size of its register space
 * @smmu_irq:  the SMMU's (combined) interrupt
 * @smmu_idr:  the reset values of IDR0..IDR7
 * @smmu_compatible: the implementation, as the device tree names it
 *             (smmu_impl_find())
 * @zdma:      the PS DMA channels
 * @nr_zdma:   how many
 * @cdma:      an AXI CDMA in the PL (its stream ID from port and AXI ID)
 * @cdma_port: the PS port the CDMA's master enters through
 * @cdma_axi_id: the AXI ID it drives
 * @ni:        a network interface in the PL (Unimem remote DMA): its
 *             register block; @ni.sid is its stream for AXI ID 0, and
 *             AXI ID k gives plat_zynqmp_pl_sid(@ni_port, k)
 * @ni_port:   the PS port its master enters through
 */
struct plat_desc {
	const char *name;
	struct plat_ram ram[PLAT_MAX_RAM];
	unsigned int nr_ram;
	u64 smmu_base;
	u64 smmu_size;
	u32 smmu_irq;
	u32 smmu_idr[8];
	const char *smmu_compatible;
	struct plat_dma zdma[PLAT_MAX_ZDMA];
	unsigned int nr_zdma;
	struct plat_dma cdma;
	enum plat_zynqmp_port cdma_port;
	u32 cdma_axi_id;
	struct plat_dma ni;
	enum plat_zynqmp_port ni_port;
};

extern const struct plat_desc plat_zcu102;

/**
 * plat_zynqmp_pl_sid() - the stream ID of a PL master on ZynqMP
 * @port:   the PS port it enters through
 * @axi_id: the AXI ID it drives (bits [5:0] are used)
 *
 * Stream ID [14:10] = TBU, [9:0] = master ID; a PL master's ID is the
 * port's 4-bit prefix followed by AXI ID[5:0] (UG1085, "System MMU").
 */
u32 plat_zynqmp_pl_sid(enum plat_zynqmp_port port, u32 axi_id);

#endif /* VADMA_PLAT_H */
