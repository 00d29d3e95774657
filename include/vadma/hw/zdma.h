/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Zynq UltraScale+ MPSoC DMA channel ("ZDMA"): the FPD DMA ("GDMA") has
 * eight channels, one register block every 0x10000 from 0xFD500000; the LPD
 * DMA ("ADMA") has the same channel at 0xFFA80000.  Offsets below are from
 * the start of one channel's block.  Shared by the driver (dmac/) and the
 * model (model/).
 *
 * Sources:
 *   UG1087  Zynq UltraScale+ Devices Register Reference, module ZDMA (the
 *           register and field names below are its spelling);
 *   UG1085  Zynq UltraScale+ Device TRM, chapter 19 "DMA Controller"
 *           (descriptor format, channel states, interrupt accounting);
 * cross-checked against three independent readings of the register
 * database: Xilinx embeddedsw XilinxProcessorIPLib/drivers/zdma/src/
 * xzdma_hw.h, Linux drivers/dma/xilinx/zynqmp_dma.c and QEMU
 * hw/dma/xlnx-zdma.c.  Where they disagree a comment says so.
 */
#ifndef VADMA_HW_ZDMA_H
#define VADMA_HW_ZDMA_H

#include "vadma/bits.h"

/* Register tables: aligned by hand, as in hw/smmu.h */
/* clang-format off */

#define ZDMA_FPD_BASE			0xfd500000ULL	/* GDMA channel 0 */
#define ZDMA_LPD_BASE			0xffa80000ULL	/* ADMA channel 0 */
#define ZDMA_CH_STRIDE			0x10000
#define ZDMA_NR_CHANNELS		8

/* Common registers at the start of every channel's block */
#define ZDMA_ERR_CTRL			0x000
#define   ZDMA_ERR_CTRL_APB_ERR_RES	BIT(0)	/* APB error response; QEMU */
#define   ZDMA_ERR_CTRL_RESET		0x00000001	/* UG1087 */
#define ZDMA_CH_ECO			0x004	/* embeddedsw only */

/*
 * Interrupt status (W1C), mask (RO, reset 0xFFF: all masked), enable (WO:
 * 1 unmasks) and disable (WO: 1 masks) share one layout.
 */
#define ZDMA_CH_ISR			0x100
#define ZDMA_CH_IMR			0x104
#define   ZDMA_CH_IMR_RESET		0x00000fff	/* UG1087: all masked */
#define ZDMA_CH_IEN			0x108
#define ZDMA_CH_IDS			0x10c
#define   ZDMA_CH_IRQ_INV_APB		BIT(0)	/* invalid APB access */
#define   ZDMA_CH_IRQ_SRC_DSCR_DONE	BIT(1)	/* SRC descr. with INTR read */
#define   ZDMA_CH_IRQ_DST_DSCR_DONE	BIT(2)	/* DST descr. with INTR done */
#define   ZDMA_CH_IRQ_BYTE_CNT_OVRFL	BIT(3)	/* TOTAL_BYTE wrapped */
#define   ZDMA_CH_IRQ_IRQ_SRC_ACCT_ERR	BIT(4)	/* IRQ_SRC_ACCT wrapped */
#define   ZDMA_CH_IRQ_IRQ_DST_ACCT_ERR	BIT(5)	/* IRQ_DST_ACCT wrapped */
#define   ZDMA_CH_IRQ_AXI_RD_SRC_DSCR	BIT(6)	/* error reading a SRC descr. */
#define   ZDMA_CH_IRQ_AXI_RD_DST_DSCR	BIT(7)	/* error reading a DST descr. */
#define   ZDMA_CH_IRQ_AXI_RD_DATA	BIT(8)	/* error on a data read */
#define   ZDMA_CH_IRQ_AXI_WR_DATA	BIT(9)	/* error on a data write */
#define   ZDMA_CH_IRQ_DMA_DONE		BIT(10)
#define   ZDMA_CH_IRQ_DMA_PAUSE		BIT(11)
#define   ZDMA_CH_IRQ_ALL		GENMASK(11, 0)
/* Errors that stop the channel (UG1085 "Channel Disabled", item 4) */
#define   ZDMA_CH_IRQ_ERR		(ZDMA_CH_IRQ_INV_APB |		\
					 ZDMA_CH_IRQ_AXI_RD_SRC_DSCR |	\
					 ZDMA_CH_IRQ_AXI_RD_DST_DSCR |	\
					 ZDMA_CH_IRQ_AXI_RD_DATA |	\
					 ZDMA_CH_IRQ_AXI_WR_DATA)
/* Non-fatal conditions (UG1085 "Total Transferred Bytes Overflow" etc.) */
#define   ZDMA_CH_IRQ_OVRFL		(ZDMA_CH_IRQ_BYTE_CNT_OVRFL |	\
					 ZDMA_CH_IRQ_IRQ_SRC_ACCT_ERR |	\
					 ZDMA_CH_IRQ_IRQ_DST_ACCT_ERR)

#define ZDMA_CH_CTRL0			0x110
#define   ZDMA_CH_CTRL0_CONT		BIT(1)	/* leave the paused state */
#define   ZDMA_CH_CTRL0_CONT_ADDR	BIT(2)	/* 1: continue at *_START */
#define   ZDMA_CH_CTRL0_RATE_CTRL	BIT(3)
#define   ZDMA_CH_CTRL0_MODE		GENMASK(5, 4)	/* enum zdma_mode */
#define   ZDMA_CH_CTRL0_POINT_TYPE	BIT(6)	/* enum zdma_point_type */
#define   ZDMA_CH_CTRL0_OVR_FETCH	BIT(7)
#define   ZDMA_CH_CTRL0_RESET		0x00000080

#define ZDMA_CH_CTRL1			0x114
#define   ZDMA_CH_CTRL1_SRC_ISSUE	GENMASK(4, 0)	/* outstanding reads */
#define   ZDMA_CH_CTRL1_DST_ISSUE	GENMASK(9, 5)	/* QEMU only */
#define   ZDMA_CH_CTRL1_RESET		0x000003ff

/*
 * Peripheral flow control.  UG1087 spelling unverified: embeddedsw calls it
 * CH_PERIF, QEMU CH_FCI; they disagree on the width of PROG_CELL_CNT, so
 * only the bits both agree on are defined.
 */
#define ZDMA_CH_FCI			0x118
#define   ZDMA_CH_FCI_EN		BIT(0)
#define   ZDMA_CH_FCI_SIDE		BIT(1)

#define ZDMA_CH_STATUS			0x11c
#define   ZDMA_CH_STATUS_STATE		GENMASK(1, 0)	/* enum zdma_state */

#define ZDMA_CH_DATA_ATTR		0x120
#define   ZDMA_CH_DATA_ATTR_AWLEN	GENMASK(3, 0)
#define   ZDMA_CH_DATA_ATTR_AWQOS	GENMASK(7, 4)
#define   ZDMA_CH_DATA_ATTR_AWCACHE	GENMASK(11, 8)
#define   ZDMA_CH_DATA_ATTR_AWBURST	GENMASK(13, 12) /* zdma_axi_burst */
#define   ZDMA_CH_DATA_ATTR_ARLEN	GENMASK(17, 14)
#define   ZDMA_CH_DATA_ATTR_ARQOS	GENMASK(21, 18)
#define   ZDMA_CH_DATA_ATTR_ARCACHE	GENMASK(25, 22)
#define   ZDMA_CH_DATA_ATTR_ARBURST	GENMASK(27, 26) /* zdma_axi_burst */
#define   ZDMA_CH_DATA_ATTR_RESET	0x0483d20f

#define ZDMA_CH_DSCR_ATTR		0x124
#define   ZDMA_CH_DSCR_ATTR_AXQOS	GENMASK(3, 0)
#define   ZDMA_CH_DSCR_ATTR_AXCACHE	GENMASK(7, 4)
#define   ZDMA_CH_DSCR_ATTR_AXCOHRNT	BIT(8)
#define   ZDMA_CH_DSCR_ATTR_RESET	0x00000000

/*
 * The simple-mode ("register pointer") descriptors: the same four words as
 * a linear descriptor in memory (UG1085 table 19-3), held in registers.
 * The WORD1/WORD2/WORD3 fields apply to the SRC and the DST copy alike,
 * except CMD, which a DST descriptor does not have.
 */
#define ZDMA_CH_SRC_DSCR_WORD0		0x128	/* address [31:0] */
#define ZDMA_CH_SRC_DSCR_WORD1		0x12c
#define ZDMA_CH_SRC_DSCR_WORD2		0x130
#define ZDMA_CH_SRC_DSCR_WORD3		0x134
#define ZDMA_CH_DST_DSCR_WORD0		0x138
#define ZDMA_CH_DST_DSCR_WORD1		0x13c
#define ZDMA_CH_DST_DSCR_WORD2		0x140
#define ZDMA_CH_DST_DSCR_WORD3		0x144
/*
 * Address [48:32] in the register (QEMU and embeddedsw: 17 bits); the TRM
 * gives the descriptor in memory only [11:0], i.e. 44-bit addresses, and
 * Linux sets a 44-bit DMA mask.  ZDMA_ADDR_BITS is the smaller of the two.
 */
#define   ZDMA_DSCR_WORD1_MSB		GENMASK(16, 0)
#define   ZDMA_DSCR_WORD2_SIZE		GENMASK(29, 0)	/* bytes */
#define   ZDMA_DSCR_WORD3_COHRNT	BIT(0)	/* no effect on the FPD DMA */
#define   ZDMA_DSCR_WORD3_TYPE		BIT(1)	/* enum zdma_dscr_type */
#define   ZDMA_DSCR_WORD3_INTR		BIT(2)	/* count, raise *_DSCR_DONE */
/* CMD: enum zdma_dscr_cmd, SRC descriptors only */
#define   ZDMA_DSCR_WORD3_CMD		GENMASK(4, 3)
#define   ZDMA_DSCR_WORD3_ALL		GENMASK(4, 0)

/* Write-only mode: the data written to every destination beat */
#define ZDMA_CH_WR_ONLY_WORD0		0x148
#define ZDMA_CH_WR_ONLY_WORD1		0x14c
#define ZDMA_CH_WR_ONLY_WORD2		0x150
#define ZDMA_CH_WR_ONLY_WORD3		0x154

/* Scatter-gather: where the SRC and DST descriptor lists start */
#define ZDMA_CH_SRC_START_LSB		0x158
#define ZDMA_CH_SRC_START_MSB		0x15c
#define ZDMA_CH_DST_START_LSB		0x160
#define ZDMA_CH_DST_START_MSB		0x164
#define   ZDMA_CH_START_MSB_ADDR	GENMASK(16, 0)

/* Progress (read-only) */
#define ZDMA_CH_SRC_CUR_PYLD_LSB	0x168
#define ZDMA_CH_SRC_CUR_PYLD_MSB	0x16c
#define ZDMA_CH_DST_CUR_PYLD_LSB	0x170
#define ZDMA_CH_DST_CUR_PYLD_MSB	0x174
#define ZDMA_CH_SRC_CUR_DSCR_LSB	0x178
#define ZDMA_CH_SRC_CUR_DSCR_MSB	0x17c
#define ZDMA_CH_DST_CUR_DSCR_LSB	0x180
#define ZDMA_CH_DST_CUR_DSCR_MSB	0x184
#define   ZDMA_CH_CUR_MSB_ADDR		GENMASK(16, 0)

/*
 * Bytes written to the destination (counted on BRESP, UG1085 "Total
 * Transferred Bytes Overflow").  Cleared by writing back the value read:
 * embeddedsw does so and QEMU models the register as write-1-to-clear
 * (Linux writes 0 instead, which only clears a read/write register).
 */
#define ZDMA_CH_TOTAL_BYTE		0x188
#define ZDMA_CH_RATE_CNTL		0x18c
#define   ZDMA_CH_RATE_CNTL_CNT		GENMASK(11, 0)

/* Descriptors with INTR done since the last read (clear on read) */
#define ZDMA_CH_IRQ_SRC_ACCT		0x190
#define ZDMA_CH_IRQ_DST_ACCT		0x194
#define   ZDMA_CH_IRQ_ACCT_CNT		GENMASK(7, 0)

#define ZDMA_CH_DBG0			0x198	/* QEMU; mask in embeddedsw */
#define   ZDMA_CH_DBG0_CMN_BUF_FREE	GENMASK(8, 0)
#define ZDMA_CH_DBG1			0x19c
#define   ZDMA_CH_DBG1_CMN_BUF_OCC	GENMASK(8, 0)

/* Writing EN=1 starts the channel; hardware clears it when it stops */
#define ZDMA_CH_CTRL2			0x200
#define   ZDMA_CH_CTRL2_EN		BIT(0)

/*
 * CH_STATUS.STATE.  embeddedsw (xzdma_hw.h XZDMA_STS_*, used by
 * XZDma_ChannelState()) and the FSBL's ADMA copy agree: 0 and 3 are idle.
 * QEMU's model writes 1 while running and 2 when paused, the other way
 * round; the register reference is followed here.
 */
enum zdma_state {
	ZDMA_STATE_DONE = 0,		/* idle, the last transfer ended well */
	ZDMA_STATE_PAUSED = 1,		/* a SRC descriptor said PAUSE */
	ZDMA_STATE_BUSY = 2,
	ZDMA_STATE_DONE_ERR = 3,	/* idle, the last transfer failed */
};

/* CH_CTRL0.MODE (UG1085; simple mode only, SG always reads and writes) */
enum zdma_mode {
	ZDMA_MODE_RW = 0,
	ZDMA_MODE_WRONLY = 1,		/* write WR_ONLY_WORD* to DST */
	ZDMA_MODE_RDONLY = 2,		/* read SRC, write nothing */
};

/* CH_CTRL0.POINT_TYPE: where the descriptors are */
enum zdma_point_type {
	ZDMA_POINT_TYPE_REG = 0,	/* simple mode: DSCR_WORD registers */
	ZDMA_POINT_TYPE_MEM = 1,	/* scatter-gather: lists in memory */
};

/* CH_DATA_ATTR.ARBURST/AWBURST (AXI encoding) */
enum zdma_axi_burst {
	ZDMA_AXI_BURST_FIXED = 0,
	ZDMA_AXI_BURST_INCR = 1,
};

/* Descriptor WORD3.TYPE (UG1085 table 19-3) */
enum zdma_dscr_type {
	ZDMA_DSCR_TYPE_LINEAR = 0,	/* 128 bits; the next one follows it */
	ZDMA_DSCR_TYPE_LINKED = 1,	/* 256 bits; WORD4/5: next address */
};

/* Descriptor WORD3.CMD, SRC descriptors only (UG1085 table 19-3) */
enum zdma_dscr_cmd {
	ZDMA_DSCR_CMD_NEXT = 0,		/* the next descriptor is valid */
	ZDMA_DSCR_CMD_PAUSE = 1,	/* pause after this one (DMA_PAUSE) */
	ZDMA_DSCR_CMD_STOP = 2,		/* disable the channel after this one */
};

/*
 * Descriptors in memory (UG1085 tables 19-1, 19-2, 19-3), little-endian
 * 32-bit words, aligned to their size.  The DMA never prefetches across a
 * 4 KiB boundary and never writes descriptors back.
 */
#define ZDMA_DSCR_ADDR_LSB		0x00	/* WORD0 */
#define ZDMA_DSCR_ADDR_MSB		0x04	/* WORD1: ZDMA_DSCR_WORD1_MSB */
#define ZDMA_DSCR_SIZE			0x08	/* WORD2: ZDMA_DSCR_WORD2_* */
#define ZDMA_DSCR_CNTL			0x0c	/* WORD3: ZDMA_DSCR_WORD3_* */
#define ZDMA_DSCR_NEXT_LSB		0x10	/* WORD4, linked-list only */
#define ZDMA_DSCR_NEXT_MSB		0x14	/* WORD5, linked-list only */
#define ZDMA_DSCR_LINEAR_SIZE		16
#define ZDMA_DSCR_LINKED_SIZE		32

/* Largest transfer one descriptor describes: SIZE is 30 bits */
#define ZDMA_DSCR_SIZE_MAX		(BIT(30) - 1)
/* Widest address the descriptor format carries (ADDR MSB [11:0]) */
#define ZDMA_ADDR_BITS			44

/* clang-format on */

#endif /* VADMA_HW_ZDMA_H */
