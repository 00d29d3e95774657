// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Driver for one ZynqMP DMA channel (ZDMA): simple-mode copies from the
 * descriptor registers, scatter-gather copies from linear descriptor lists
 * in memory, status decode and interrupts.
 *
 * Programming sequences follow UG1085 chapter 19 ("DMA Controller"): the
 * descriptor registers and CTRL0 are written while the channel is idle,
 * CTRL2.EN last; the channel goes back to the disabled state by itself
 * after a simple-mode transfer, after a SRC descriptor with CMD = STOP, and
 * on any error ("Channel Disabled").
 */
#include "vadma/env.h"
#include "vadma/bits.h"
#include "vadma/io.h"
#include "vadma/errno.h"
#include "vadma/hw/zdma.h"
#include "vadma/dmac.h"
#include "dmac-internal.h"

static u32 zdma_read(const struct dmac_zdma *z, u64 off)
{
	return vadma_read32(&z->io, off);
}

static void zdma_write(const struct dmac_zdma *z, u64 off, u32 val)
{
	vadma_write32(&z->io, off, val);
}

/* Whether [@addr, @addr + @len) fits in ZDMA_ADDR_BITS bits; @len >= 1. */
static bool zdma_range_ok(u64 addr, u64 len)
{
	return dmac_fits(addr, len, ZDMA_ADDR_BITS);
}

static u32 zdma_state(const struct dmac_zdma *z)
{
	return FIELD_GET(ZDMA_CH_STATUS_STATE, zdma_read(z, ZDMA_CH_STATUS));
}

static bool zdma_state_stopped(u32 state)
{
	return state == ZDMA_STATE_DONE || state == ZDMA_STATE_DONE_ERR;
}

/*
 * TOTAL_BYTE is cleared by writing back what it holds (write 1 to clear,
 * as embeddedsw's XZDma_TotalByteClear() does).
 */
static void zdma_clear_total(const struct dmac_zdma *z)
{
	zdma_write(z, ZDMA_CH_TOTAL_BYTE, zdma_read(z, ZDMA_CH_TOTAL_BYTE));
}

int dmac_zdma_init(struct dmac_zdma *z, const struct vadma_io *io)
{
	struct vadma_io saved;
	bool cont_sent = false;
	unsigned long i;
	u32 state;

	if (!z || !io || !io->ops)
		return -EINVAL;
	/* @io may point into @z (a reset with the channel's own handle). */
	saved = *io;
	memset(z, 0, sizeof(*z));
	z->io = saved;

	/*
	 * EN = 0 lets a busy channel finish and stop; a paused channel only
	 * leaves the paused state for the disabled one when it also sees
	 * CONT = 1 with EN = 0 (UG1085 "Channel Disabled", case 3).
	 */
	zdma_write(z, ZDMA_CH_CTRL2, 0);
	for (i = 0; i < DMAC_RESET_POLLS; i++) {
		state = zdma_state(z);
		if (zdma_state_stopped(state))
			break;
		if (state == ZDMA_STATE_PAUSED && !cont_sent) {
			zdma_write(z, ZDMA_CH_CTRL0,
				   ZDMA_CH_CTRL0_RESET | ZDMA_CH_CTRL0_CONT);
			cont_sent = true;
		}
	}
	if (i == DMAC_RESET_POLLS)
		return -ETIMEDOUT;

	/* Mask before clearing, so nothing is raised in between. */
	zdma_write(z, ZDMA_CH_IDS, ZDMA_CH_IRQ_ALL);
	zdma_write(z, ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);

	zdma_write(z, ZDMA_CH_CTRL0, ZDMA_CH_CTRL0_RESET);
	zdma_write(z, ZDMA_CH_CTRL1, ZDMA_CH_CTRL1_RESET);
	zdma_write(z, ZDMA_CH_DATA_ATTR, ZDMA_CH_DATA_ATTR_RESET);
	zdma_write(z, ZDMA_CH_DSCR_ATTR, ZDMA_CH_DSCR_ATTR_RESET);
	zdma_clear_total(z);
	/* The accounting counters clear on read. */
	(void)zdma_read(z, ZDMA_CH_IRQ_SRC_ACCT);
	(void)zdma_read(z, ZDMA_CH_IRQ_DST_ACCT);
	zdma_write(z, ZDMA_CH_SRC_DSCR_WORD3, 0);
	zdma_write(z, ZDMA_CH_DST_DSCR_WORD3, 0);
	return 0;
}

/*
 * Common to both kinds of start: refuse a running channel, then forget
 * what the last transfer left in CH_ISR and TOTAL_BYTE so that status and
 * byte count describe this transfer only.
 */
static int zdma_prepare_start(struct dmac_zdma *z)
{
	if (!zdma_state_stopped(zdma_state(z)))
		return -EBUSY;
	zdma_write(z, ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);
	z->isr_acc = 0;
	zdma_clear_total(z);
	return 0;
}

/* One descriptor into the four DSCR_WORD registers starting at @word0. */
static void zdma_write_dscr(const struct dmac_zdma *z, u64 word0, u64 addr,
			    u32 size, u32 cntl)
{
	zdma_write(z, word0 + 0x0, dmac_lo(addr));
	zdma_write(z, word0 + 0x4,
		   FIELD_PREP(ZDMA_DSCR_WORD1_MSB, dmac_hi(addr)));
	zdma_write(z, word0 + 0x8, FIELD_PREP(ZDMA_DSCR_WORD2_SIZE, size));
	zdma_write(z, word0 + 0xc, cntl);
}

/* A read-and-write copy; OVR_FETCH keeps its reset value. */
static void zdma_set_ctrl0(const struct dmac_zdma *z, u32 point_type)
{
	zdma_write(z, ZDMA_CH_CTRL0,
		   ZDMA_CH_CTRL0_OVR_FETCH |
			   FIELD_PREP(ZDMA_CH_CTRL0_MODE, ZDMA_MODE_RW) |
			   FIELD_PREP(ZDMA_CH_CTRL0_POINT_TYPE, point_type));
}

int dmac_zdma_copy(struct dmac_zdma *z, u64 src, u64 dst, u32 len)
{
	int ret;

	if (!z || !len || len > ZDMA_DSCR_SIZE_MAX)
		return -EINVAL;
	if (!zdma_range_ok(src, len) || !zdma_range_ok(dst, len))
		return -ERANGE;
	ret = zdma_prepare_start(z);
	if (ret)
		return ret;

	/* Simple mode (descriptors in registers). */
	zdma_set_ctrl0(z, ZDMA_POINT_TYPE_REG);
	/*
	 * Both sizes, as the FSBL's ADMA copy does: read/write simple mode
	 * goes by the SRC size, but a stale DST size is a trap for later.
	 */
	zdma_write_dscr(z, ZDMA_CH_SRC_DSCR_WORD0, src, len, 0);
	zdma_write_dscr(z, ZDMA_CH_DST_DSCR_WORD0, dst, len, 0);
	/* Last: EN starts the channel on what the registers hold now. */
	zdma_write(z, ZDMA_CH_CTRL2, ZDMA_CH_CTRL2_EN);
	return 0;
}

int dmac_zdma_sg_copy(struct dmac_zdma *z, u64 src_list, u64 dst_list)
{
	int ret;

	if (!z || !IS_ALIGNED(src_list, ZDMA_DSCR_LINEAR_SIZE) ||
	    !IS_ALIGNED(dst_list, ZDMA_DSCR_LINEAR_SIZE))
		return -EINVAL;
	if (!zdma_range_ok(src_list, ZDMA_DSCR_LINEAR_SIZE) ||
	    !zdma_range_ok(dst_list, ZDMA_DSCR_LINEAR_SIZE))
		return -ERANGE;
	ret = zdma_prepare_start(z);
	if (ret)
		return ret;

	zdma_set_ctrl0(z, ZDMA_POINT_TYPE_MEM);
	zdma_write(z, ZDMA_CH_SRC_START_LSB, dmac_lo(src_list));
	zdma_write(z, ZDMA_CH_SRC_START_MSB,
		   FIELD_PREP(ZDMA_CH_START_MSB_ADDR, dmac_hi(src_list)));
	zdma_write(z, ZDMA_CH_DST_START_LSB, dmac_lo(dst_list));
	zdma_write(z, ZDMA_CH_DST_START_MSB,
		   FIELD_PREP(ZDMA_CH_START_MSB_ADDR, dmac_hi(dst_list)));
	/* Last: EN from the disabled state fetches from both *_START. */
	zdma_write(z, ZDMA_CH_CTRL2, ZDMA_CH_CTRL2_EN);
	return 0;
}

/* CH_ISR error bits and what they mean in the common vocabulary. */
static const struct dmac_err_map zdma_err_map[] = {
	{ ZDMA_CH_IRQ_INV_APB, DMAC_ERR_INV_APB },
	{ ZDMA_CH_IRQ_AXI_RD_SRC_DSCR, DMAC_ERR_RD_SRC_DSCR },
	{ ZDMA_CH_IRQ_AXI_RD_DST_DSCR, DMAC_ERR_RD_DST_DSCR },
	{ ZDMA_CH_IRQ_AXI_RD_DATA, DMAC_ERR_RD_DATA },
	{ ZDMA_CH_IRQ_AXI_WR_DATA, DMAC_ERR_WR_DATA },
};

static void zdma_decode(u32 state, u32 isr, u64 bytes, struct dmac_status *st)
{
	u32 errors =
		dmac_errors_of(zdma_err_map, ARRAY_SIZE(zdma_err_map), isr);

	if (state == ZDMA_STATE_DONE_ERR && !errors)
		errors = DMAC_ERR_UNKNOWN;

	memset(st, 0, sizeof(*st));
	st->done = zdma_state_stopped(state);
	st->busy = state == ZDMA_STATE_BUSY;
	st->paused = state == ZDMA_STATE_PAUSED;
	st->error = errors != 0;
	st->errors = errors;
	st->state = state;
	st->isr = isr;
	st->bytes = bytes;
}

/* Read CH_ISR, clear what was set, remember it until the next start. */
static u32 zdma_take_isr(struct dmac_zdma *z)
{
	u32 isr = zdma_read(z, ZDMA_CH_ISR) & ZDMA_CH_IRQ_ALL;

	if (isr)
		zdma_write(z, ZDMA_CH_ISR, isr);
	z->isr_acc |= isr;
	return isr;
}

int dmac_zdma_status(struct dmac_zdma *z, struct dmac_status *st)
{
	u32 state;
	u64 bytes;

	if (!z || !st)
		return -EINVAL;
	/*
	 * STATUS before ISR: a transfer that stops between the two reads is
	 * then reported busy now and stopped, with its ISR bits, next time,
	 * never stopped without them (assuming, as UG1085 implies but does
	 * not state, that the ISR bits are set no later than the state).
	 */
	state = zdma_state(z);
	zdma_take_isr(z);
	bytes = zdma_read(z, ZDMA_CH_TOTAL_BYTE);
	zdma_decode(state, z->isr_acc, bytes, st);
	return 0;
}

bool dmac_zdma_done(struct dmac_zdma *z)
{
	return z && zdma_state_stopped(zdma_state(z));
}

int dmac_zdma_wait(struct dmac_zdma *z, unsigned long max_polls,
		   struct dmac_status *st)
{
	if (!z || !max_polls)
		return -EINVAL;
	return dmac_poll(&dmac_zdma_ops, z, max_polls, st);
}

int dmac_zdma_irq_enable(struct dmac_zdma *z, u32 mask)
{
	if (!z || (mask & ~(u32)ZDMA_CH_IRQ_ALL))
		return -EINVAL;
	zdma_write(z, ZDMA_CH_IEN, mask);
	return 0;
}

int dmac_zdma_irq_disable(struct dmac_zdma *z, u32 mask)
{
	if (!z || (mask & ~(u32)ZDMA_CH_IRQ_ALL))
		return -EINVAL;
	zdma_write(z, ZDMA_CH_IDS, mask);
	return 0;
}

int dmac_zdma_irq_ack(struct dmac_zdma *z, u32 *pending)
{
	u32 isr;

	if (!z)
		return -EINVAL;
	isr = zdma_take_isr(z);
	if (pending)
		*pending = isr;
	return 0;
}

int dmac_zdma_irq_acct(struct dmac_zdma *z, u32 *src, u32 *dst)
{
	u32 s, d;

	if (!z)
		return -EINVAL;
	s = zdma_read(z, ZDMA_CH_IRQ_SRC_ACCT);
	d = zdma_read(z, ZDMA_CH_IRQ_DST_ACCT);
	if (src)
		*src = FIELD_GET(ZDMA_CH_IRQ_ACCT_CNT, s);
	if (dst)
		*dst = FIELD_GET(ZDMA_CH_IRQ_ACCT_CNT, d);
	return 0;
}

int dmac_zdma_desc_format(void *buf, u64 addr, u32 size, u32 cntl)
{
	if (!buf || !size || size > ZDMA_DSCR_SIZE_MAX)
		return -EINVAL;
	if ((cntl & ~(u32)ZDMA_DSCR_WORD3_ALL) ||
	    FIELD_GET(ZDMA_DSCR_WORD3_TYPE, cntl) != ZDMA_DSCR_TYPE_LINEAR ||
	    FIELD_GET(ZDMA_DSCR_WORD3_CMD, cntl) > ZDMA_DSCR_CMD_STOP)
		return -EINVAL;
	if (!zdma_range_ok(addr, size))
		return -ERANGE;

	dmac_put_le32(buf, ZDMA_DSCR_ADDR_LSB, dmac_lo(addr));
	dmac_put_le32(buf, ZDMA_DSCR_ADDR_MSB,
		      FIELD_PREP(ZDMA_DSCR_WORD1_MSB, dmac_hi(addr)));
	dmac_put_le32(buf, ZDMA_DSCR_SIZE,
		      FIELD_PREP(ZDMA_DSCR_WORD2_SIZE, size));
	dmac_put_le32(buf, ZDMA_DSCR_CNTL, cntl);
	return 0;
}

int dmac_zdma_sg_format(void *src_list, void *dst_list,
			const struct dmac_sg_seg *segs, unsigned int n,
			u32 flags)
{
	u32 common = 0, src_cntl, dst_cntl;
	unsigned int i;
	int ret;

	if (!src_list || !dst_list || !segs || !n ||
	    (flags & ~(u32)(DMAC_SG_INTR_LAST | DMAC_SG_COHERENT)))
		return -EINVAL;
	if (flags & DMAC_SG_COHERENT)
		common |= ZDMA_DSCR_WORD3_COHRNT;

	for (i = 0; i < n; i++) {
		size_t off = (size_t)i * ZDMA_DSCR_LINEAR_SIZE;

		src_cntl = common;
		dst_cntl = common;
		if (i == n - 1) {
			/* The SRC side ends the list; DST has no CMD. */
			src_cntl |= FIELD_PREP(ZDMA_DSCR_WORD3_CMD,
					       ZDMA_DSCR_CMD_STOP);
			if (flags & DMAC_SG_INTR_LAST) {
				src_cntl |= ZDMA_DSCR_WORD3_INTR;
				dst_cntl |= ZDMA_DSCR_WORD3_INTR;
			}
		}
		ret = dmac_zdma_desc_format((u8 *)src_list + off, segs[i].src,
					    segs[i].len, src_cntl);
		if (ret)
			return ret;
		ret = dmac_zdma_desc_format((u8 *)dst_list + off, segs[i].dst,
					    segs[i].len, dst_cntl);
		if (ret)
			return ret;
	}
	return 0;
}

static int zdma_op_init(void *drv, const struct vadma_io *io)
{
	return dmac_zdma_init(drv, io);
}

static int zdma_op_reset(void *drv)
{
	struct dmac_zdma *z = drv;

	return dmac_zdma_init(z, &z->io);
}

static int zdma_op_copy(void *drv, u64 src, u64 dst, u32 len)
{
	return dmac_zdma_copy(drv, src, dst, len);
}

static int zdma_op_status(void *drv, struct dmac_status *st)
{
	return dmac_zdma_status(drv, st);
}

static int zdma_op_irq_enable(void *drv, u32 mask)
{
	return dmac_zdma_irq_enable(drv, mask);
}

static int zdma_op_irq_ack(void *drv, u32 *pending)
{
	return dmac_zdma_irq_ack(drv, pending);
}

const struct dmac_ops dmac_zdma_ops = {
	.name = "ZDMA",
	/* Done, and the errors that stop the channel. */
	.irq_end = ZDMA_CH_IRQ_DMA_DONE | ZDMA_CH_IRQ_ERR,
	.init = zdma_op_init,
	.reset = zdma_op_reset,
	.copy = zdma_op_copy,
	.status = zdma_op_status,
	.irq_enable = zdma_op_irq_enable,
	.irq_ack = zdma_op_irq_ack,
};
