// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * An AXI Central DMA (LogiCORE IP AXI CDMA v4.1, PG034) in the ZynqMP's
 * programmable logic, its AXI4 master entering the PS through an HP port,
 * so its transactions carry the stream ID the board derives from the port
 * and the AXI ID.
 *
 * The core as modelled was built with (PG034 chapter 4 "Customizing"):
 *   - no scatter-gather engine (C_INCLUDE_SG = 0): CDMASR.SGIncld and
 *     CDMACR.TailPntrEn read 0, CDMACR.SGMode is RAZ/WI and the
 *     CURDESC/TAILDESC registers are RAZ/WI, as PG034 has them while
 *     SGMode = 0; simple DMA mode only;
 *   - a 128-bit AXI4 data path, bursts of at most 16 beats (the most a PL
 *     master may issue into the PS), 256 bytes, never across 4 KiB (the
 *     DataMover's "4 KB address boundary protection");
 *   - the Data Realignment Engine, so source and destination may start at
 *     any byte (PG034 "DataMover": DRE up to 512-bit data paths);
 *   - a 64-bit address space (SA_MSB, DA_MSB present) and a 26-bit BTT.
 *
 * Implemented: CDMACR (Reset, Key_Hole_Read/Write, IOC_IrqEn, Err_IrqEn;
 * the SG-only fields hold their values with no effect), CDMASR (Idle,
 * DMAIntErr, DMASlvErr, DMADecErr, IOC_Irq and Err_Irq write-1-to-clear),
 * SA/SA_MSB, DA/DA_MSB, BTT whose write starts a transfer, the halt after
 * an error until a reset (PG034 "Error Interrupts"), the interrupt line
 * (IOC_Irq && IOC_IrqEn) || (Err_Irq && Err_IrqEn).
 *
 * Where PG034 is silent the model chooses, and says so: look for "Choice:".
 */
#include "model-internal.h"
#include "burst.h"
#include "regs.h"
#include "vadma/hw/axi_cdma.h"

/*
 * The data path is 128 bits (MODEL_BURST_BEAT), PL -> PS bursts 16 beats
 * at most (MODEL_BURST_MAX_BEATS).  Choice: the HP port carries the
 * address into a 48-bit physical (and SMMU input) space; a burst at or
 * above 2^48 gets a decode error without reaching the bus
 * (MODEL_BURST_ADDR_LIMIT).
 */

/* clang-format off */
/* CDMACR bits that hold what software writes (see above for SGMode). */
#define CDMA_CDMACR_RW		(CDMA_CDMACR_Key_Hole_Read |		\
				 CDMA_CDMACR_Key_Hole_Write |		\
				 CDMA_CDMACR_Cyclic_BD_Enable |		\
				 CDMA_CDMACR_IOC_IrqEn |		\
				 CDMA_CDMACR_Dly_IrqEn |		\
				 CDMA_CDMACR_Err_IrqEn |		\
				 CDMA_CDMACR_IRQThreshold |		\
				 CDMA_CDMACR_IRQDelay)
/* CDMASR.IRQThresholdSts reads the threshold out of reset (PG034): 1. */
#define CDMA_CDMASR_FIXED	FIELD_PREP(CDMA_CDMASR_IRQThresholdSts, 1)
/* The simple-mode interrupts; Dly_Irq is SG-only and never set here. */
#define CDMA_CDMASR_W1C		(CDMA_CDMASR_IOC_Irq | CDMA_CDMASR_Dly_Irq | \
				 CDMA_CDMASR_Err_Irq)
/* clang-format on */

struct cdma {
	struct model *m;
	u32 irq;
	bool irq_level;
	/* The data mover: bursts; its dst.rem is what BTT has left to write */
	struct model_burst b;

	/* Registers */
	u32 cr;
	u32 sr; /* error and interrupt bits; Idle is derived */
	u32 sa;
	u32 sa_msb;
	u32 da;
	u32 da_msb;
	u32 btt;

	bool busy;   /* CDMASR.Idle = 0 */
	bool halted; /* an error: nothing starts until a reset */

	/* The transfer, latched when BTT starts it */
	u64 start_src;
	u64 start_dst;
	u64 len;
};

static void cdma_update_irq(struct cdma *c)
{
	bool level = ((c->sr & CDMA_CDMASR_IOC_Irq) &&
		      (c->cr & CDMA_CDMACR_IOC_IrqEn)) ||
		     ((c->sr & CDMA_CDMASR_Err_Irq) &&
		      (c->cr & CDMA_CDMACR_Err_IrqEn));

	if (level != c->irq_level) {
		c->irq_level = level;
		model_irq_set(c->m, c->irq, level);
	}
}

static void cdma_emit(struct cdma *c, enum model_ev ev, u64 va, u64 pa, u64 len,
		      u32 flags, enum model_ev_kind kind)
{
	model_burst_emit(&c->b, ev, va, pa, len, flags, kind);
}

/* The transfer ends: @err is a CDMASR error bit, or 0 (IOC). */
static void cdma_finish(struct cdma *c, u32 err)
{
	c->busy = false;
	model_burst_stop(&c->b);
	if (err) {
		/* PG034 "Error Interrupts": halt until a reset. */
		c->halted = true;
		c->sr |= err | CDMA_CDMASR_Err_Irq;
	} else {
		c->sr |= CDMA_CDMASR_IOC_Irq;
	}
	if (model_tracing(c->m))
		cdma_emit(c, MODEL_EV_DMA_DONE, c->start_src, c->start_dst,
			  c->len - c->b.dst.rem, err ? MODEL_EVF_ERROR : 0,
			  MODEL_EVK_NONE);
	cdma_update_irq(c);
}

static u32 cdma_err_of(enum model_dma_status st)
{
	/*
	 * SLVERR -> DMASlvErr, DECERR -> DMADecErr (PG034 CDMASR).  An SMMU
	 * fault that terminates a transaction with an abort is a SLVERR.
	 */
	return st == MODEL_DMA_SLVERR ? CDMA_CDMASR_DMASlvErr
				      : CDMA_CDMASR_DMADecErr;
}

/* struct model_burst_ops.fail: the error halts the core. */
static void cdma_data_error(void *dev, bool write, enum model_dma_status st)
{
	(void)write;
	cdma_finish(dev, cdma_err_of(st));
}

/* struct model_burst_ops.dst_end: BTT bytes written, IOC. */
static void cdma_written(void *dev)
{
	cdma_finish(dev, 0);
}

static const struct model_burst_ops cdma_burst_ops = {
	.fail = cdma_data_error,
	.dst_end = cdma_written,
};

/* struct model_dev_ops.step: a burst, or the bursts of a page (fast). */
static bool cdma_step(void *dev)
{
	struct cdma *c = dev;

	if (!c->busy)
		return false;
	model_burst_step(&c->b);
	return c->busy;
}

/* A write to BTT while idle (PG034 "Programming Sequence", step 5). */
static void cdma_start(struct cdma *c)
{
	struct model_burst_side *s = &c->b.src, *d = &c->b.dst;

	c->start_src = s->addr = c->sa | (u64)c->sa_msb << 32;
	c->start_dst = d->addr = c->da | (u64)c->da_msb << 32;
	c->len = s->rem = d->rem = c->btt;
	/* Key_Hole_Read/Write: FIXED read/write bursts. */
	s->fixed = c->cr & CDMA_CDMACR_Key_Hole_Read;
	d->fixed = c->cr & CDMA_CDMACR_Key_Hole_Write;
	s->beats = d->beats = MODEL_BURST_MAX_BEATS;
	c->b.mode = MODEL_BURST_COPY;
	model_burst_stop(&c->b);
	c->busy = true;
	if (model_tracing(c->m))
		cdma_emit(c, MODEL_EV_DMA_START, s->addr, d->addr, c->len, 0,
			  MODEL_EVK_NONE);
	/*
	 * BTT: "A value of zero (0) is not allowed and causes a DMA
	 * internal error" (PG034).
	 */
	if (!c->len)
		cdma_finish(c, CDMA_CDMASR_DMAIntErr);
}

static const struct model_regfile cdma_regfile;

/*
 * CDMACR.Reset: every register back to its default, the transfer (if any)
 * abandoned.  PG034 completes committed AXI transfers first; the model
 * has none in flight between steps, a stalled one was never accepted.
 * Choice: the reset completes at once, so CDMACR.Reset reads 0.
 */
static void cdma_reset(struct cdma *c)
{
	if (c->busy && model_tracing(c->m))
		cdma_emit(c, MODEL_EV_DMA_DONE, c->start_src, c->start_dst,
			  c->len - c->b.dst.rem, MODEL_EVF_ERROR,
			  MODEL_EVK_RESET);
	/* The table's reset values: checked by model_cdma_create(). */
	(void)model_regs_reset(&cdma_regfile, c);
	c->busy = c->halted = false;
	model_burst_stop(&c->b);
	memset(&c->b.src, 0, sizeof(c->b.src));
	memset(&c->b.dst, 0, sizeof(c->b.dst));
	c->len = 0;
	cdma_update_irq(c);
}

/* clang-format off */
#define CREG(reg, member, flags, reset, rw, w1c) \
	{ reg, offsetof(struct cdma, member), flags, reset, rw, w1c }
/* clang-format on */

/*
 * The core's registers (PG034 "Register Space"), by offset, with reset
 * values from hw/axi_cdma.h.  CURDESC/TAILDESC (no SG engine) and the
 * holes are RAZ/WI.  SA, DA and BTT may be written "only when the AXI
 * CDMA is idle"; Choice: while busy they take the value, the running
 * transfer (latched at its start) does not change, and BTT starts
 * nothing.
 */
static const struct model_reg cdma_regs[] = {
	CREG(CDMA_CDMACR, cr, MODEL_REG_WRITE, CDMA_CDMACR_RESET,
	     CDMA_CDMACR_RW, 0),
	CREG(CDMA_CDMASR, sr, MODEL_REG_READ | MODEL_REG_WRITE, 0, 0,
	     CDMA_CDMASR_W1C),
	CREG(CDMA_SA, sa, 0, 0, ~0U, 0),
	CREG(CDMA_SA_MSB, sa_msb, 0, 0, ~0U, 0),
	CREG(CDMA_DA, da, 0, 0, ~0U, 0),
	CREG(CDMA_DA_MSB, da_msb, 0, 0, ~0U, 0),
	CREG(CDMA_BTT, btt, MODEL_REG_WRITE, 0, CDMA_BTT_BTT, 0),
};

/* struct model_regfile.read: CDMASR, Idle derived. */
static u32 cdma_reg_read(void *dev, u64 off)
{
	struct cdma *c = dev;

	(void)off;
	return c->sr | CDMA_CDMASR_FIXED | (c->busy ? 0 : CDMA_CDMASR_Idle);
}

/* struct model_regfile.write: what a write does beyond its value. */
static void cdma_reg_write(void *dev, u64 off, u32 val)
{
	struct cdma *c = dev;

	switch (off) {
	case CDMA_CDMACR:
		/* Choice: the other bits of a write with Reset are dropped. */
		if (val & CDMA_CDMACR_Reset)
			cdma_reset(c);
		else
			cdma_update_irq(c);
		break;
	case CDMA_CDMASR:
		cdma_update_irq(c);
		break;
	default: /* CDMA_BTT */
		if (!c->busy && !c->halted)
			cdma_start(c);
		break;
	}
}

static const struct model_regfile cdma_regfile = {
	.regs = cdma_regs,
	.n = ARRAY_SIZE(cdma_regs),
	.read = cdma_reg_read,
	.write = cdma_reg_write,
};

/* struct model_dev_ops.read32 */
static u32 cdma_read32(void *dev, u64 off)
{
	return model_regs_read(&cdma_regfile, dev, off);
}

/* struct model_dev_ops.write32 */
static void cdma_write32(void *dev, u64 off, u32 val)
{
	model_regs_write(&cdma_regfile, dev, off, val);
}

static void cdma_destroy(void *dev)
{
	vadma_free(dev);
}

static const struct model_dev_ops cdma_ops = {
	.read32 = cdma_read32,
	.write32 = cdma_write32,
	.step = cdma_step,
	.destroy = cdma_destroy,
};

/**
 * model_cdma_create() - add an AXI CDMA (simple mode) to a node
 * @m:    the node
 * @name: its name in the trace ("cdma"); must outlive the node
 * @p:    where it sits: register block, the stream ID of its master (from
 *        the HP port and AXI ID), its interrupt
 *
 * The core comes out of reset idle, with PG034's default register values.
 *
 * Return: 0, -ENOMEM, or what model_add_dev() returns.
 */
int model_cdma_create(struct model *m, const char *name,
		      const struct plat_dma *p)
{
	struct cdma *c = vadma_zalloc(sizeof(*c));
	int ret;

	if (!c)
		return -ENOMEM;
	c->m = m;
	c->irq = p->irq;
	model_burst_init(&c->b, m, name, p->sid, &cdma_burst_ops, c);
	ret = model_regs_reset(&cdma_regfile, c);
	if (!ret)
		ret = model_add_dev(m, name, p->base, p->size, &cdma_ops, c);
	if (ret)
		vadma_free(c);
	return ret;
}
