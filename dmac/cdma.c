// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Driver for the AXI CDMA (PG034 v4.1): soft reset, simple-mode copies,
 * scatter-gather copies from a caller-built descriptor chain, status decode
 * and interrupts.
 *
 * Registers are written only while CDMASR.Idle is set.  In simple mode the
 * write of BTT starts the transfer (Linux xilinx_dma.c writes it last for
 * that reason); in SG mode the write of the tail pointer does,
 * its MSB half when the address space is wider than 32 bits (PG034
 * TAILDESC_PNTR and TAILDESC_PNTR_MSB).  An error halts the core until it
 * is reset (PG034 "Error Interrupts").
 */
#include "vadma/env.h"
#include "vadma/bits.h"
#include "vadma/io.h"
#include "vadma/errno.h"
#include "vadma/hw/axi_cdma.h"
#include "vadma/dmac.h"
#include "dmac-internal.h"

static u32 cdma_read(const struct dmac_cdma *c, u64 off)
{
	return vadma_read32(&c->io, off);
}

static void cdma_write(const struct dmac_cdma *c, u64 off, u32 val)
{
	vadma_write32(&c->io, off, val);
}

static bool cdma_wide(const struct dmac_cdma *c)
{
	return c->cfg.addr_bits > 32;
}

static u32 cdma_btt_max(const struct dmac_cdma *c)
{
	return (u32)(BIT_ULL(c->cfg.btt_bits) - 1);
}

/* Whether [@addr, @addr + @len) fits the address width; @len >= 1. */
static bool cdma_range_ok(const struct dmac_cdma *c, u64 addr, u64 len)
{
	return dmac_fits(addr, len, c->cfg.addr_bits);
}

int dmac_cdma_init(struct dmac_cdma *c, const struct vadma_io *io,
		   const struct dmac_cdma_config *cfg)
{
	struct dmac_cdma_config conf = {
		.addr_bits = 64,
		.btt_bits = CDMA_BTT_BITS_DEFAULT,
	};
	struct vadma_io saved;
	unsigned long i;

	if (!c || !io || !io->ops)
		return -EINVAL;
	if (cfg) {
		if (cfg->addr_bits < 32 || cfg->addr_bits > 64 ||
		    cfg->btt_bits < CDMA_BTT_BITS_MIN ||
		    cfg->btt_bits > CDMA_BTT_BITS_MAX)
			return -EINVAL;
		conf = *cfg;
	}
	/* @io may point into @c (a reset with the core's own handle). */
	saved = *io;
	memset(c, 0, sizeof(*c));
	c->io = saved;
	c->cfg = conf;

	/* Reset reads 1 until the core has come out of reset. */
	cdma_write(c, CDMA_CDMACR, CDMA_CDMACR_Reset);
	for (i = 0; i < DMAC_RESET_POLLS; i++)
		if (!(cdma_read(c, CDMA_CDMACR) & CDMA_CDMACR_Reset))
			break;
	if (i == DMAC_RESET_POLLS)
		return -ETIMEDOUT;

	c->has_sg = cdma_read(c, CDMA_CDMASR) & CDMA_CDMASR_SGIncld;
	return 0;
}

/*
 * Common to both kinds of start: the core must be idle and free of a
 * latched error; SGMode is switched (only allowed while idle) and the
 * interrupt bits of the last transfer are cleared, so that status
 * describes this one.
 */
static int cdma_prepare_start(struct dmac_cdma *c, bool sg)
{
	u32 sr, cr, want;

	sr = cdma_read(c, CDMA_CDMASR);
	if (!(sr & CDMA_CDMASR_Idle))
		return -EBUSY;
	if (sr & CDMA_CDMASR_ERR_ALL)
		return -EIO;

	cr = cdma_read(c, CDMA_CDMACR) & ~(u32)CDMA_CDMACR_Reset;
	want = sg ? cr | CDMA_CDMACR_SGMode : cr & ~(u32)CDMA_CDMACR_SGMode;
	if (want != cr)
		cdma_write(c, CDMA_CDMACR, want);
	if (sr & CDMA_IRQ_ALL)
		cdma_write(c, CDMA_CDMASR, sr & CDMA_IRQ_ALL);

	c->irq_acc = 0;
	c->sg = sg;
	c->last_len = 0;
	return 0;
}

int dmac_cdma_copy(struct dmac_cdma *c, u64 src, u64 dst, u32 len)
{
	int ret;

	if (!c || !len || len > cdma_btt_max(c))
		return -EINVAL;
	if (!cdma_range_ok(c, src, len) || !cdma_range_ok(c, dst, len))
		return -ERANGE;
	ret = cdma_prepare_start(c, false);
	if (ret)
		return ret;

	c->last_len = len;
	cdma_write(c, CDMA_SA, dmac_lo(src));
	if (cdma_wide(c))
		cdma_write(c, CDMA_SA_MSB, dmac_hi(src));
	cdma_write(c, CDMA_DA, dmac_lo(dst));
	if (cdma_wide(c))
		cdma_write(c, CDMA_DA_MSB, dmac_hi(dst));
	/* Last: writing BTT starts the transfer. */
	cdma_write(c, CDMA_BTT, FIELD_PREP(CDMA_BTT_BTT, len));
	return 0;
}

int dmac_cdma_sg_copy(struct dmac_cdma *c, u64 first, u64 tail)
{
	int ret;

	if (!c)
		return -EINVAL;
	if (!c->has_sg)
		return -EOPNOTSUPP;
	if (!IS_ALIGNED(first, CDMA_DESC_ALIGN) ||
	    !IS_ALIGNED(tail, CDMA_DESC_ALIGN))
		return -EINVAL;
	if (!cdma_range_ok(c, first, CDMA_DESC_SIZE) ||
	    !cdma_range_ok(c, tail, CDMA_DESC_SIZE))
		return -ERANGE;
	/* SGMode first: the pointers ignore writes while it is 0. */
	ret = cdma_prepare_start(c, true);
	if (ret)
		return ret;

	/* CURDESC must hold a valid descriptor before TAILDESC is written. */
	cdma_write(c, CDMA_CURDESC_PNTR, dmac_lo(first));
	if (cdma_wide(c))
		cdma_write(c, CDMA_CURDESC_PNTR_MSB, dmac_hi(first));
	/* Last: the tail pointer write (its MSB if there is one) starts it. */
	cdma_write(c, CDMA_TAILDESC_PNTR, dmac_lo(tail));
	if (cdma_wide(c))
		cdma_write(c, CDMA_TAILDESC_PNTR_MSB, dmac_hi(tail));
	return 0;
}

/* Error bits of CDMASR and what they mean in the common vocabulary. */
static const struct dmac_err_map cdma_err_map[] = {
	{ CDMA_CDMASR_DMAIntErr, DMAC_ERR_INTERNAL },
	{ CDMA_CDMASR_DMASlvErr, DMAC_ERR_SLAVE },
	{ CDMA_CDMASR_DMADecErr, DMAC_ERR_DECODE },
	{ CDMA_CDMASR_SGIntErr, DMAC_ERR_SG_INTERNAL },
	{ CDMA_CDMASR_SGSlvErr, DMAC_ERR_SG_SLAVE },
	{ CDMA_CDMASR_SGDecErr, DMAC_ERR_SG_DECODE },
};

/* Read CDMASR, clear its interrupt bits, remember them until next start. */
static u32 cdma_take_sr(struct dmac_cdma *c)
{
	u32 sr = cdma_read(c, CDMA_CDMASR);
	u32 irq = sr & CDMA_IRQ_ALL;

	if (irq)
		cdma_write(c, CDMA_CDMASR, irq);
	c->irq_acc |= irq;
	return sr;
}

int dmac_cdma_status(struct dmac_cdma *c, struct dmac_status *st)
{
	u32 sr, errors;

	if (!c || !st)
		return -EINVAL;
	sr = cdma_take_sr(c);
	errors = dmac_errors_of(cdma_err_map, ARRAY_SIZE(cdma_err_map), sr);

	memset(st, 0, sizeof(*st));
	st->done = sr & CDMA_CDMASR_Idle;
	st->busy = !st->done;
	st->error = errors != 0;
	st->errors = errors;
	st->isr = (sr & ~(u32)CDMA_IRQ_ALL) | c->irq_acc;
	if (st->done && !st->error && !c->sg)
		st->bytes = c->last_len;
	return 0;
}

bool dmac_cdma_done(struct dmac_cdma *c)
{
	return c && (cdma_read(c, CDMA_CDMASR) & CDMA_CDMASR_Idle);
}

int dmac_cdma_wait(struct dmac_cdma *c, unsigned long max_polls,
		   struct dmac_status *st)
{
	if (!c || !max_polls)
		return -EINVAL;
	return dmac_poll(&dmac_cdma_ops, c, max_polls, st);
}

static int cdma_irq_update(struct dmac_cdma *c, u32 set, u32 clear)
{
	u32 cr;

	if (!c || ((set | clear) & ~(u32)CDMA_IRQ_ALL))
		return -EINVAL;
	/* Never write Reset back, whatever it reads. */
	cr = cdma_read(c, CDMA_CDMACR) & ~(u32)CDMA_CDMACR_Reset;
	cdma_write(c, CDMA_CDMACR, (cr & ~clear) | set);
	return 0;
}

int dmac_cdma_irq_enable(struct dmac_cdma *c, u32 mask)
{
	return cdma_irq_update(c, mask, 0);
}

int dmac_cdma_irq_disable(struct dmac_cdma *c, u32 mask)
{
	return cdma_irq_update(c, 0, mask);
}

int dmac_cdma_irq_ack(struct dmac_cdma *c, u32 *pending)
{
	u32 sr;

	if (!c)
		return -EINVAL;
	sr = cdma_take_sr(c);
	if (pending)
		*pending = sr & CDMA_IRQ_ALL;
	return 0;
}

int dmac_cdma_desc_format(const struct dmac_cdma *c, void *buf, u64 next,
			  u64 src, u64 dst, u32 len)
{
	if (!c || !buf || !len || len > cdma_btt_max(c) ||
	    !IS_ALIGNED(next, CDMA_DESC_ALIGN))
		return -EINVAL;
	if (!cdma_range_ok(c, src, len) || !cdma_range_ok(c, dst, len) ||
	    !cdma_range_ok(c, next, CDMA_DESC_SIZE))
		return -ERANGE;

	dmac_put_le32(buf, CDMA_DESC_NXTDESC_PNTR, dmac_lo(next));
	dmac_put_le32(buf, CDMA_DESC_NXTDESC_PNTR_MSB, dmac_hi(next));
	dmac_put_le32(buf, CDMA_DESC_SA, dmac_lo(src));
	dmac_put_le32(buf, CDMA_DESC_SA_MSB, dmac_hi(src));
	dmac_put_le32(buf, CDMA_DESC_DA, dmac_lo(dst));
	dmac_put_le32(buf, CDMA_DESC_DA_MSB, dmac_hi(dst));
	dmac_put_le32(buf, CDMA_DESC_CONTROL,
		      FIELD_PREP(CDMA_DESC_CONTROL_BTT, len));
	/* Cmplt = 0: a descriptor found complete is stale (SGIntErr). */
	dmac_put_le32(buf, CDMA_DESC_STATUS, 0);
	return 0;
}

int dmac_cdma_sg_format(const struct dmac_cdma *c, void *ring, u64 ring_addr,
			const struct dmac_sg_seg *segs, unsigned int n,
			u64 *tail)
{
	unsigned int i;
	int ret;

	if (!c || !ring || !segs || !n ||
	    !IS_ALIGNED(ring_addr, CDMA_DESC_ALIGN))
		return -EINVAL;
	if (!cdma_range_ok(c, ring_addr, (u64)n * CDMA_DESC_ALIGN))
		return -ERANGE;

	for (i = 0; i < n; i++) {
		u64 next = i + 1 < n
				   ? ring_addr + (u64)(i + 1) * CDMA_DESC_ALIGN
				   : ring_addr;

		ret = dmac_cdma_desc_format(
			c, (u8 *)ring + (size_t)i * CDMA_DESC_ALIGN, next,
			segs[i].src, segs[i].dst, segs[i].len);
		if (ret)
			return ret;
	}
	if (tail)
		*tail = ring_addr + (u64)(n - 1) * CDMA_DESC_ALIGN;
	return 0;
}

void dmac_cdma_desc_decode(const void *buf, struct dmac_status *st)
{
	u32 status, control, errors = 0;

	if (!st)
		return;
	memset(st, 0, sizeof(*st));
	if (!buf)
		return;
	status = dmac_get_le32(buf, CDMA_DESC_STATUS);
	control = dmac_get_le32(buf, CDMA_DESC_CONTROL);
	if (status & CDMA_DESC_STATUS_DMAIntErr)
		errors |= DMAC_ERR_INTERNAL;
	if (status & CDMA_DESC_STATUS_DMASlvErr)
		errors |= DMAC_ERR_SLAVE;
	if (status & CDMA_DESC_STATUS_DMADecErr)
		errors |= DMAC_ERR_DECODE;

	st->done = status & CDMA_DESC_STATUS_Cmplt;
	st->busy = !st->done;
	st->error = errors != 0;
	st->errors = errors;
	st->isr = status;
	if (st->done && !st->error)
		st->bytes = FIELD_GET(CDMA_DESC_CONTROL_BTT, control);
}

static int cdma_op_init(void *drv, const struct vadma_io *io)
{
	return dmac_cdma_init(drv, io, NULL);
}

static int cdma_op_reset(void *drv)
{
	struct dmac_cdma *c = drv;

	return dmac_cdma_init(c, &c->io, &c->cfg);
}

static int cdma_op_copy(void *drv, u64 src, u64 dst, u32 len)
{
	return dmac_cdma_copy(drv, src, dst, len);
}

static int cdma_op_status(void *drv, struct dmac_status *st)
{
	return dmac_cdma_status(drv, st);
}

static int cdma_op_irq_enable(void *drv, u32 mask)
{
	return dmac_cdma_irq_enable(drv, mask);
}

static int cdma_op_irq_ack(void *drv, u32 *pending)
{
	return dmac_cdma_irq_ack(drv, pending);
}

const struct dmac_ops dmac_cdma_ops = {
	.name = "CDMA",
	/* Dly_Irq comes from the SG engine only: not for a simple copy. */
	.irq_end = CDMA_IRQ_IOC | CDMA_IRQ_ERR,
	.init = cdma_op_init,
	.reset = cdma_op_reset,
	.copy = cdma_op_copy,
	.status = cdma_op_status,
	.irq_enable = cdma_op_irq_enable,
	.irq_ack = cdma_op_irq_ack,
};
