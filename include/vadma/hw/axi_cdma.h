/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * AXI Central DMA (LogiCORE IP AXI CDMA v4.1, PG034): its AXI4-Lite
 * register space and its scatter-gather transfer descriptor.  Shared by the
 * driver (dmac/) and the model (model/).
 *
 * Sources: PG034 v4.1 chapter 2 "Register Space" (CDMASR, CURDESC_PNTR,
 * TAILDESC_PNTR(_MSB)), chapter 3 "Scatter Gather Transfer Descriptor
 * Definition" and "Error Interrupts"; cross-checked against Xilinx
 * embeddedsw XilinxProcessorIPLib/drivers/axicdma/src/xaxicdma_hw.h and
 * Linux drivers/dma/xilinx/xilinx_dma.c.  Field names keep PG034's spelling.
 *
 * The *_MSB registers exist only when the core is built with an address
 * space wider than 32 bits; the BTT field is 8 to 26 bits wide, as built
 * ("Width of Buffer Length Register").
 */
#ifndef VADMA_HW_AXI_CDMA_H
#define VADMA_HW_AXI_CDMA_H

#include "vadma/bits.h"

/* Register tables: aligned by hand, as in hw/smmu.h */
/* clang-format off */

#define CDMA_CDMACR			0x00
#define   CDMA_CDMACR_TailPntrEn	BIT(1)	/* RO 1 when SG is built in */
#define   CDMA_CDMACR_Reset		BIT(2)	/* soft reset; 1 until done */
#define   CDMA_CDMACR_SGMode		BIT(3)	/* 0: simple, 1: SG */
#define   CDMA_CDMACR_Key_Hole_Read	BIT(4)	/* fixed source address */
#define   CDMA_CDMACR_Key_Hole_Write	BIT(5)	/* fixed destination address */
#define   CDMA_CDMACR_Cyclic_BD_Enable	BIT(6)
#define   CDMA_CDMACR_IOC_IrqEn		BIT(12)
#define   CDMA_CDMACR_Dly_IrqEn		BIT(13)	/* SG only */
#define   CDMA_CDMACR_Err_IrqEn		BIT(14)
#define   CDMA_CDMACR_IRQThreshold	GENMASK(23, 16)	/* SG only */
#define   CDMA_CDMACR_IRQDelay		GENMASK(31, 24)	/* SG only */
/* PG034 CDMACR reset value: IRQThreshold = 1, all else 0 */
#define   CDMA_CDMACR_RESET		0x00010000

#define CDMA_CDMASR			0x04
#define   CDMA_CDMASR_Idle		BIT(1)
#define   CDMA_CDMASR_SGIncld		BIT(3)	/* RO: built with SG */
#define   CDMA_CDMASR_DMAIntErr		BIT(4)	/* e.g. BTT = 0 */
#define   CDMA_CDMASR_DMASlvErr		BIT(5)	/* SLVERR on data */
#define   CDMA_CDMASR_DMADecErr		BIT(6)	/* DECERR: no slave there */
#define   CDMA_CDMASR_SGIntErr		BIT(8)	/* stale descriptor (Cmplt=1) */
#define   CDMA_CDMASR_SGSlvErr		BIT(9)	/* SLVERR on a descriptor */
#define   CDMA_CDMASR_SGDecErr		BIT(10)	/* DECERR on a descriptor */
#define   CDMA_CDMASR_IOC_Irq		BIT(12)	/* R/WC */
#define   CDMA_CDMASR_Dly_Irq		BIT(13)	/* R/WC */
#define   CDMA_CDMASR_Err_Irq		BIT(14)	/* R/WC */
#define   CDMA_CDMASR_IRQThresholdSts	GENMASK(23, 16)
#define   CDMA_CDMASR_IRQDelaySts	GENMASK(31, 24)
/*
 * The error bits are read-only: once one is set the core halts and only a
 * reset (CDMACR.Reset or the reset pin) clears it (PG034 "Error Interrupts").
 */
#define   CDMA_CDMASR_ERR_ALL		(CDMA_CDMASR_DMAIntErr |	\
					 CDMA_CDMASR_DMASlvErr |	\
					 CDMA_CDMASR_DMADecErr |	\
					 CDMA_CDMASR_SGIntErr |		\
					 CDMA_CDMASR_SGSlvErr |		\
					 CDMA_CDMASR_SGDecErr)

/* The interrupt bits sit at the same place in CDMACR (enable) and CDMASR */
#define CDMA_IRQ_IOC			BIT(12)
#define CDMA_IRQ_DLY			BIT(13)
#define CDMA_IRQ_ERR			BIT(14)
#define CDMA_IRQ_ALL			GENMASK(14, 12)

/*
 * Scatter-gather pointers; bits [5:0] read as zero (64-byte alignment).
 * Writing TAILDESC_PNTR (32-bit address space) or TAILDESC_PNTR_MSB
 * (wider) starts the SG engine from CURDESC_PNTR.  Both are cleared, and
 * writes to them ignored, while CDMACR.SGMode = 0.
 */
#define CDMA_CURDESC_PNTR		0x08
#define CDMA_CURDESC_PNTR_MSB		0x0c
#define CDMA_TAILDESC_PNTR		0x10
#define CDMA_TAILDESC_PNTR_MSB		0x14
#define   CDMA_DESC_PNTR		GENMASK(31, 6)

/* Simple mode: source, destination, and the length whose write starts it */
#define CDMA_SA				0x18
#define CDMA_SA_MSB			0x1c
#define CDMA_DA				0x20
#define CDMA_DA_MSB			0x24
#define CDMA_BTT			0x28
#define   CDMA_BTT_BTT			GENMASK(25, 0)	/* 8..26 bits */


/* Width of the BTT field as the core can be built (PG034, xilinx_dma.c) */
#define CDMA_BTT_BITS_MIN		8
#define CDMA_BTT_BITS_MAX		26
/* The IP's default, and what embeddedsw assumes (XAXICDMA_MAX_TRANSFER_LEN) */
#define CDMA_BTT_BITS_DEFAULT		23

/*
 * Scatter-gather transfer descriptor (PG034 chapter 3): eight 32-bit
 * little-endian words at a 64-byte aligned address.  The engine writes
 * STATUS back when it has executed the descriptor.
 */
#define CDMA_DESC_NXTDESC_PNTR		0x00
#define CDMA_DESC_NXTDESC_PNTR_MSB	0x04
#define CDMA_DESC_SA			0x08
#define CDMA_DESC_SA_MSB		0x0c
#define CDMA_DESC_DA			0x10
#define CDMA_DESC_DA_MSB		0x14
#define CDMA_DESC_CONTROL		0x18
#define   CDMA_DESC_CONTROL_BTT		GENMASK(25, 0)
#define CDMA_DESC_STATUS		0x1c
#define   CDMA_DESC_STATUS_DMAIntErr	BIT(28)
#define   CDMA_DESC_STATUS_DMASlvErr	BIT(29)
#define   CDMA_DESC_STATUS_DMADecErr	BIT(30)
#define   CDMA_DESC_STATUS_Cmplt	BIT(31)	/* set: executed (or stale) */
#define CDMA_DESC_SIZE			32	/* bytes the hardware uses */
#define CDMA_DESC_ALIGN			64

/* clang-format on */

#endif /* VADMA_HW_AXI_CDMA_H */
