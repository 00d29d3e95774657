// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Zynq UltraScale+ MPSoC on a ZCU102, as data.
 * Sources: UG1085 (TRM: memory map, SMMU stream IDs, interrupts), UG1087
 * (register reference: SMMU_SIDRn reset values), PG034 (AXI CDMA).
 */
#include "vadma/plat.h"

/* Master-ID prefix and TBU of each PS port PL masters use (UG1085 t16-3). */
static const struct {
	u8 prefix;
	u8 tbu;
} zynqmp_ports[] = {
	[PLAT_ZYNQMP_HPC0] = { 0x8, 0 }, [PLAT_ZYNQMP_HPC1] = { 0x9, 0 },
	[PLAT_ZYNQMP_HP0] = { 0xa, 3 },	 [PLAT_ZYNQMP_HP1] = { 0xb, 4 },
	[PLAT_ZYNQMP_HP2] = { 0xc, 4 },	 [PLAT_ZYNQMP_HP3] = { 0xd, 5 },
	[PLAT_ZYNQMP_LPD] = { 0xe, 2 },	 [PLAT_ZYNQMP_ACE] = { 0xf, 0 },
};

u32 plat_zynqmp_pl_sid(enum plat_zynqmp_port port, u32 axi_id)
{
	if ((unsigned int)port >= ARRAY_SIZE(zynqmp_ports))
		return ~0U;
	return ((u32)zynqmp_ports[port].tbu << 10) |
	       ((u32)zynqmp_ports[port].prefix << 6) | (axi_id & 0x3f);
}

/* FPD DMA channel n: TBU 5, master ID 0b0011_10_1nnn (UG1085 t16-3). */
#define ZYNQMP_GDMA(n)                                                    \
	{                                                                 \
		.base = 0xfd500000ULL + 0x10000ULL * (n), .size = 0x1000, \
		.sid = 0x14e8 + (n), .irq = 156 + (n)                     \
	}

const struct plat_desc plat_zcu102 = {
	.name = "zcu102",
	.ram = {
		{ 0x0ULL, 0x80000000ULL, "ddr-low" },
		{ 0x800000000ULL, 0x80000000ULL, "ddr-high" },
	},
	.nr_ram = 2,
	.smmu_base = 0xfd800000ULL,
	.smmu_size = 0x20000,
	.smmu_irq = 187,		/* SPI 155 */
	/*
	 * SMMU_SIDR0..7 reset values (UG1087): 48 SMRs, 15-bit stream IDs,
	 * BTM, CTTW=0 (walks do not snoop), ATOSNS=1 (no ATOS), stage 1,
	 * stage 2 and nested; 16 context banks in 16 4 KiB pages; 48-bit
	 * IAS and OAS, 4K and 64K granules; MMU-500 r2p1.
	 */
	.smmu_idr = { 0xfc013e30, 0x30000f10, 0x00005555, 0, 0, 0, 0,
		      0x00000021 },
	.smmu_compatible = "arm,mmu-500", /* zynqmp.dtsi's smmu node */
	.zdma = {
		ZYNQMP_GDMA(0), ZYNQMP_GDMA(1), ZYNQMP_GDMA(2), ZYNQMP_GDMA(3),
		ZYNQMP_GDMA(4), ZYNQMP_GDMA(5), ZYNQMP_GDMA(6), ZYNQMP_GDMA(7),
	},
	.nr_zdma = 8,
	/*
	 * An AXI CDMA at the start of the HPM0 window, its master on HP0
	 * with AXI ID 0 (stream ID 0xe80), its interrupt on pl_ps_irq0[0]
	 * (SPI 89).
	 */
	.cdma = { .base = 0xa0000000ULL, .size = 0x1000, .sid = 0xe80,
		  .irq = 121 },
	.cdma_port = PLAT_ZYNQMP_HP0,
	.cdma_axi_id = 0,
	/*
	 * A Unimem network interface (as ExaNeSt's, in the PL) in the HPM0
	 * window after the CDMA, its master on HP1: AXI ID k is stream
	 * 0x12c0 + k (TBU 4).  Its interrupt on pl_ps_irq0[1] (SPI 90).
	 */
	.ni = { .base = 0xa0010000ULL, .size = 0x1000, .sid = 0x12c0,
		.irq = 122 },
	.ni_port = PLAT_ZYNQMP_HP1,
};
