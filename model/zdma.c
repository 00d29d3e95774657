// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * One Zynq UltraScale+ MPSoC DMA channel ("ZDMA": a GDMA channel of the FPD
 * DMA, or an ADMA channel of the LPD DMA) as a bus device: its register
 * block as UG1087 (module ZDMA) documents it, and the channel's behaviour
 * as UG1085 chapter 19 "DMA Controller" describes it.
 *
 * Implemented:
 *   - every register of the block, reset values, read-only and reserved
 *     fields (RAZ/WI), ISR write-1-to-clear, IEN/IDS updating IMR,
 *     TOTAL_BYTE (write-1-to-clear, BYTE_CNT_OVRFL on wrap), the
 *     interrupt accounting counters (clear on read, *_ACCT_ERR on wrap);
 *   - simple ("register pointer") mode: read/write, write-only (the
 *     WR_ONLY words) and read-only;
 *   - scatter-gather mode: linear and linked-list descriptors in any mix,
 *     fetched through the SMMU, CMD = NEXT/PAUSE/STOP, CTRL0.CONT and
 *     CONT_ADDR out of the paused state, descriptor read errors;
 *   - INCR and FIXED bursts of 1..16 beats of 16 bytes (the FPD DMA's
 *     128-bit data path), as DATA_ATTR.ARLEN/AWLEN say, never across a
 *     4 KiB boundary (UG1085 "Implementation Notes");
 *   - the interrupt line: (ISR & ~IMR) != 0.
 *
 * Not modelled, the registers hold their values with no effect: rate
 * control (CTRL0.RATE_CTRL, RATE_CNTL), the outstanding-transaction limits
 * (CTRL1), over-fetch (CTRL0.OVR_FETCH: the model never over-fetches),
 * peripheral flow control (FCI), the AXI cache/QoS/coherency attributes,
 * the APB error response (ERR_CTRL; the bus cannot return one), the
 * common-buffer debug counters (DBG0/DBG1 read as zero).
 *
 * Where the documents are silent the model chooses, and says so below:
 * look for "Choice:".
 */
#include "model-internal.h"
#include "burst.h"
#include "regs.h"
#include "vadma/hw/zdma.h"

/*
 * The FPD DMA's AXI data path is 128 bits: a beat moves 16 bytes
 * (MODEL_BURST_BEAT); DATA_ATTR.ARLEN/AWLEN encode at most 16 beats
 * (UG1087).  Choice: the channel drives 48-bit addresses (the ZynqMP's
 * physical and SMMU input address size, MODEL_BURST_ADDR_LIMIT).  The
 * registers keep the 17 MSB bits UG1087 gives them, but a burst at or
 * above 2^48 completes with a decode error without reaching the bus.
 */

/* Register fields UG1087 documents that hw/zdma.h leaves out. */
/* clang-format off */
#define ZDMA_ERR_CTRL_RW	ZDMA_ERR_CTRL_APB_ERR_RES
#define ZDMA_CH_CTRL0_RW	GENMASK(7, 1)
#define ZDMA_CH_CTRL1_RW	GENMASK(9, 0)
#define ZDMA_CH_FCI_RW		(ZDMA_CH_FCI_EN | ZDMA_CH_FCI_SIDE)
#define ZDMA_CH_DATA_ATTR_RW	GENMASK(27, 0)
#define ZDMA_CH_DSCR_ATTR_RW	GENMASK(8, 0)
/* A DST descriptor has no CMD field: WORD3[4:3] are reserved (UG1087). */
#define ZDMA_DST_WORD3_RW	(ZDMA_DSCR_WORD3_COHRNT |		\
				 ZDMA_DSCR_WORD3_TYPE |			\
				 ZDMA_DSCR_WORD3_INTR)
/* clang-format on */

/* Cycles charged for a descriptor fetch (one 16-byte read). */
#define ZDMA_DSCR_CYCLES 1

/*
 * One side of the channel: the source (reads) or the destination (writes);
 * its payload address and the bytes left in this descriptor are the burst
 * engine's (struct model_burst_side).
 */
struct zdma_side {
	u32 cntl;    /* WORD3 of the current descriptor */
	bool loaded; /* a descriptor is held (SG) */
	/* Scatter-gather */
	u64 dscr;	  /* address of the current descriptor */
	u64 next;	  /* address of the next descriptor to fetch */
	u32 words[6];	  /* the descriptor being fetched */
	bool second_half; /* words 0-3 of a linked descriptor are in */
};

struct zdma {
	struct model *m;
	u32 irq;
	bool irq_level;
	struct model_burst b; /* the data mover: bursts, both payload sides */

	/* Registers */
	u32 err_ctrl;
	u32 eco;
	u32 isr;
	u32 imr;
	u32 ctrl0;
	u32 ctrl1;
	u32 fci;
	u32 data_attr;
	u32 dscr_attr;
	u32 src_dscr[4];
	u32 dst_dscr[4];
	u32 wr_only[4];
	u32 src_start[2];
	u32 dst_start[2];
	u32 total_byte;
	u32 rate_cntl;
	u32 src_acct;
	u32 dst_acct;
	bool en; /* CTRL2.EN */
	enum zdma_state state;

	/* The transfer, latched when CTRL2.EN starts it */
	bool sg;
	enum zdma_mode mode;
	struct zdma_side src;
	struct zdma_side dst;
	u64 start_src;
	u64 start_dst;
	u64 moved; /* bytes written (BRESP OKAY) */
};

static void zdma_update_irq(struct zdma *z)
{
	bool level = (z->isr & ~z->imr & ZDMA_CH_IRQ_ALL) != 0;

	if (level != z->irq_level) {
		z->irq_level = level;
		model_irq_set(z->m, z->irq, level);
	}
}

static void zdma_raise(struct zdma *z, u32 bits)
{
	z->isr |= bits;
	zdma_update_irq(z);
}

static void zdma_emit(struct zdma *z, enum model_ev ev, u64 va, u64 pa, u64 len,
		      u32 flags, enum model_ev_kind kind)
{
	model_burst_emit(&z->b, ev, va, pa, len, flags, kind);
}

/* DATA_ATTR.ARLEN/AWLEN: 0, 1, 2, 3 -> 1, 2, 4, 8 beats; 4 or more -> 16. */
static unsigned int zdma_burst_beats(u32 len)
{
	return len >= 4 ? MODEL_BURST_MAX_BEATS : 1U << len;
}

/* The channel stops: done, or done with error (UG1085 "Channel Disabled"). */
static void zdma_finish(struct zdma *z, u32 err)
{
	z->state = err ? ZDMA_STATE_DONE_ERR : ZDMA_STATE_DONE;
	z->en = false;
	model_burst_stop(&z->b);
	if (model_tracing(z->m))
		zdma_emit(z, MODEL_EV_DMA_DONE, z->start_src, z->start_dst,
			  z->moved, err ? MODEL_EVF_ERROR : 0, MODEL_EVK_NONE);
	/* UG1087 IEN: DMA_DONE is set "with or without error". */
	zdma_raise(z, err | ZDMA_CH_IRQ_DMA_DONE);
}

/* An 8-bit accounting counter; its wrap is a non-fatal error (UG1085). */
static void zdma_account(struct zdma *z, u32 *acct, u32 done, u32 ovrfl)
{
	u32 bits = done;

	*acct = (*acct + 1) & ZDMA_CH_IRQ_ACCT_CNT;
	if (!*acct)
		bits |= ovrfl;
	zdma_raise(z, bits);
}

static void zdma_src_done(struct zdma *z)
{
	if (z->src.cntl & ZDMA_DSCR_WORD3_INTR)
		zdma_account(z, &z->src_acct, ZDMA_CH_IRQ_SRC_DSCR_DONE,
			     ZDMA_CH_IRQ_IRQ_SRC_ACCT_ERR);
}

static void zdma_dst_done(struct zdma *z)
{
	if (z->dst.cntl & ZDMA_DSCR_WORD3_INTR)
		zdma_account(z, &z->dst_acct, ZDMA_CH_IRQ_DST_DSCR_DONE,
			     ZDMA_CH_IRQ_IRQ_DST_ACCT_ERR);
	/* In SG mode the next DST descriptor is fetched when data waits. */
	if (z->sg)
		z->dst.loaded = false;
}

/*
 * Transitions that need no transaction: the end of a SRC descriptor (its
 * CMD), the end of a simple transfer.  Called with no write pending, so
 * every byte read so far is in the destination, as UG1085 requires before
 * a pause or a stop.
 */
static void zdma_settle(struct zdma *z)
{
	u32 cmd;

	if (z->state != ZDMA_STATE_BUSY || z->b.wr_pending)
		return;
	if (!z->sg) {
		bool done;

		switch (z->mode) {
		case ZDMA_MODE_WRONLY:
			done = !z->b.dst.rem;
			break;
		case ZDMA_MODE_RDONLY:
			done = !z->b.src.rem;
			break;
		default:
			/*
			 * Choice: with SRC and DST sizes that differ, the
			 * copy moves the smaller and is done.
			 */
			done = !z->b.src.rem || !z->b.dst.rem;
			break;
		}
		if (done)
			zdma_finish(z, 0);
		return;
	}
	if (z->dst.loaded && !z->b.dst.rem) /* a zero-size DST descriptor */
		zdma_dst_done(z);
	if (!z->src.loaded || z->b.src.rem)
		return;
	/* The SRC descriptor is consumed: obey its CMD (UG1085 t19-3). */
	z->src.loaded = false;
	cmd = FIELD_GET(ZDMA_DSCR_WORD3_CMD, z->src.cntl);
	if (cmd == ZDMA_DSCR_CMD_NEXT)
		return;
	if (cmd == ZDMA_DSCR_CMD_PAUSE) {
		/* UG1085 "Channel Paused": keeps its state, EN stays set. */
		z->state = ZDMA_STATE_PAUSED;
		zdma_raise(z, ZDMA_CH_IRQ_DMA_PAUSE);
		return;
	}
	/* STOP; Choice: the reserved CMD 0b11 stops too. */
	zdma_finish(z, 0);
}

/* An address from its LSB and MSB words (MSB: bits [48:32], 17 bits). */
static u64 zdma_addr(u32 lsb, u32 msb)
{
	return lsb | (u64)(msb & ZDMA_DSCR_WORD1_MSB) << 32;
}

static void zdma_latch_side(struct zdma_side *s, struct model_burst_side *io,
			    const u32 *w, u32 cntl_rw)
{
	io->addr = zdma_addr(w[0], w[1]);
	io->rem = w[2] & ZDMA_DSCR_WORD2_SIZE;
	s->cntl = w[3] & cntl_rw;
}

/* The burst engine's mode for each MODE. */
static const enum model_burst_mode zdma_burst_modes[] = {
	[ZDMA_MODE_RW] = MODEL_BURST_COPY,
	[ZDMA_MODE_WRONLY] = MODEL_BURST_WRONLY,
	[ZDMA_MODE_RDONLY] = MODEL_BURST_RDONLY,
};

static const enum model_ev_kind zdma_mode_kinds[] = {
	[ZDMA_MODE_RW] = MODEL_EVK_COPY,
	[ZDMA_MODE_WRONLY] = MODEL_EVK_WRONLY,
	[ZDMA_MODE_RDONLY] = MODEL_EVK_RDONLY,
};

/* CTRL2.EN from the idle states: latch the transfer and start it. */
static void zdma_start(struct zdma *z)
{
	u32 attr = z->data_attr;
	u64 len = 0;

	z->en = true;
	z->state = ZDMA_STATE_BUSY;
	z->sg = FIELD_GET(ZDMA_CH_CTRL0_POINT_TYPE, z->ctrl0) ==
		ZDMA_POINT_TYPE_MEM;
	z->mode = FIELD_GET(ZDMA_CH_CTRL0_MODE, z->ctrl0);
	/* Choice: the reserved MODE 0b11, and any MODE in SG, copy. */
	if (z->sg || z->mode > ZDMA_MODE_RDONLY)
		z->mode = ZDMA_MODE_RW;
	z->moved = 0;
	model_burst_stop(&z->b);
	z->b.mode = zdma_burst_modes[z->mode];
	memset(&z->src, 0, sizeof(z->src));
	memset(&z->dst, 0, sizeof(z->dst));
	memset(&z->b.src, 0, sizeof(z->b.src));
	memset(&z->b.dst, 0, sizeof(z->b.dst));
	z->b.src.beats =
		zdma_burst_beats(FIELD_GET(ZDMA_CH_DATA_ATTR_ARLEN, attr));
	z->b.dst.beats =
		zdma_burst_beats(FIELD_GET(ZDMA_CH_DATA_ATTR_AWLEN, attr));
	/* Choice: the reserved burst types 0b1x are INCR. */
	z->b.src.fixed = FIELD_GET(ZDMA_CH_DATA_ATTR_ARBURST, attr) ==
			 ZDMA_AXI_BURST_FIXED;
	z->b.dst.fixed = FIELD_GET(ZDMA_CH_DATA_ATTR_AWBURST, attr) ==
			 ZDMA_AXI_BURST_FIXED;
	if (z->sg) {
		z->src.next = zdma_addr(z->src_start[0], z->src_start[1]);
		z->dst.next = zdma_addr(z->dst_start[0], z->dst_start[1]);
		z->start_src = z->src.next;
		z->start_dst = z->dst.next;
	} else {
		/*
		 * The DSCR_WORD registers "must remain stable while the
		 * channel is enabled" (UG1087).  Choice: the channel works
		 * from a copy taken here, so a write while busy changes the
		 * register, not the transfer.
		 */
		zdma_latch_side(&z->src, &z->b.src, z->src_dscr,
				ZDMA_DSCR_WORD3_ALL);
		zdma_latch_side(&z->dst, &z->b.dst, z->dst_dscr,
				ZDMA_DST_WORD3_RW);
		z->start_src = z->b.src.addr;
		z->start_dst = z->b.dst.addr;
		if (z->mode == ZDMA_MODE_WRONLY)
			len = z->b.dst.rem;
		else if (z->mode == ZDMA_MODE_RDONLY)
			len = z->b.src.rem;
		else
			len = z->b.src.rem < z->b.dst.rem ? z->b.src.rem
							  : z->b.dst.rem;
	}
	if (model_tracing(z->m))
		zdma_emit(z, MODEL_EV_DMA_START, z->start_src, z->start_dst,
			  len, 0,
			  z->sg ? MODEL_EVK_SG : zdma_mode_kinds[z->mode]);
	/* Choice: a simple transfer of size 0 is done at once. */
	zdma_settle(z);
}

/* Fetch (half of) the next descriptor of @s; one 16-byte read. */
static void zdma_fetch(struct zdma *z, struct zdma_side *s, bool is_dst)
{
	u32 err = is_dst ? ZDMA_CH_IRQ_AXI_RD_DST_DSCR
			 : ZDMA_CH_IRQ_AXI_RD_SRC_DSCR;
	u64 a = s->next + (s->second_half ? 16 : 0);
	enum model_dma_status st;
	u32 w[4];
	unsigned int i;

	/*
	 * Descriptors "must be aligned to their size" (UG1085 "Buffer
	 * Descriptor Summary"); Choice: a misaligned one is a descriptor
	 * error ("any error detected on ... descriptor programming puts the
	 * DMA channel into a disable state", UG1085 "Channel Disabled").
	 */
	if (s->next & (ZDMA_DSCR_LINEAR_SIZE - 1))
		st = MODEL_DMA_DECERR;
	else
		st = model_burst_xfer(&z->b, a, w, sizeof(w), 0);
	if (st == MODEL_DMA_STALL)
		return; /* issued again on the next step */
	if (model_tracing(z->m))
		zdma_emit(z, MODEL_EV_DMA_BEAT, a, 0, sizeof(w),
			  st == MODEL_DMA_OK ? 0 : MODEL_EVF_ERROR,
			  MODEL_EVK_DSCR);
	if (st != MODEL_DMA_OK) {
		zdma_finish(z, err);
		return;
	}
	model_tick(z->m, ZDMA_DSCR_CYCLES);
	if (s->second_half) {
		s->words[4] = le32_to_cpu(w[0]);
		s->words[5] = le32_to_cpu(w[1]);
	} else {
		for (i = 0; i < 4; i++)
			s->words[i] = le32_to_cpu(w[i]);
		if (s->words[3] & ZDMA_DSCR_WORD3_TYPE) {
			/* Linked: 32 bytes, aligned to 32. */
			if (s->next & (ZDMA_DSCR_LINKED_SIZE - 1)) {
				zdma_finish(z, err);
				return;
			}
			s->second_half = true;
			return;
		}
	}
	zdma_latch_side(s, is_dst ? &z->b.dst : &z->b.src, s->words,
			is_dst ? ZDMA_DST_WORD3_RW : ZDMA_DSCR_WORD3_ALL);
	s->dscr = s->next;
	if (s->second_half)
		s->next = zdma_addr(s->words[4], s->words[5]);
	else
		s->next += ZDMA_DSCR_LINEAR_SIZE;
	s->second_half = false;
	s->loaded = true;
	zdma_settle(z);
}

/* WR_ONLY_WORD0..3 are one 128-bit beat; byte n goes to lane n. */
static void zdma_fill_wronly(void *dev, u8 *buf, u32 len)
{
	struct zdma *z = dev;
	u64 lane = z->b.dst.addr;
	u32 i;

	for (i = 0; i < len; i++, lane++)
		buf[i] = z->wr_only[(lane >> 2) & 3] >> (8 * (lane & 3));
}

/* struct model_burst_ops.fail: an AXI error on the data stops the channel. */
static void zdma_data_error(void *dev, bool write, enum model_dma_status st)
{
	(void)st;
	zdma_finish(dev,
		    write ? ZDMA_CH_IRQ_AXI_WR_DATA : ZDMA_CH_IRQ_AXI_RD_DATA);
}

/* struct model_burst_ops.wraps: TOTAL_BYTE would wrap within the bytes. */
static bool zdma_total_wraps(void *dev, u64 bytes)
{
	struct zdma *z = dev;

	return (u32)(z->total_byte + bytes) < z->total_byte;
}

/* struct model_burst_ops.count: bytes written, counted on BRESP. */
static void zdma_count(void *dev, u64 len)
{
	struct zdma *z = dev;
	u32 total = z->total_byte + (u32)len;

	z->moved += len;
	/* A wrap of TOTAL_BYTE is a non-fatal error (UG1085). */
	if (total < z->total_byte)
		zdma_raise(z, ZDMA_CH_IRQ_BYTE_CNT_OVRFL);
	z->total_byte = total;
}

static void zdma_src_end(void *dev)
{
	zdma_src_done(dev);
}

static void zdma_dst_end(void *dev)
{
	zdma_dst_done(dev);
}

static void zdma_burst_settle(void *dev)
{
	zdma_settle(dev);
}

static const struct model_burst_ops zdma_burst_ops = {
	.fill = zdma_fill_wronly,
	.fail = zdma_data_error,
	.wraps = zdma_total_wraps,
	.count = zdma_count,
	.src_end = zdma_src_end,
	.dst_end = zdma_dst_end,
	.settle = zdma_burst_settle,
};

/*
 * struct model_dev_ops.step: a descriptor fetch, one transaction, or the
 * bursts of a page (the burst engine's fast path).
 */
static bool zdma_step(void *dev)
{
	struct zdma *z = dev;

	if (z->state != ZDMA_STATE_BUSY)
		return false;
	if (!z->b.wr_pending && z->sg && !z->src.loaded)
		zdma_fetch(z, &z->src, false);
	else if (!z->b.wr_pending && z->sg && !z->dst.loaded)
		zdma_fetch(z, &z->dst, true);
	else
		model_burst_step(&z->b);
	return z->state == ZDMA_STATE_BUSY;
}

/* CTRL0.CONT while paused (UG1085 "Channel Paused", "Channel Disabled"). */
static void zdma_cont(struct zdma *z)
{
	if (!z->en) {
		/*
		 * "Pause & enable = 0 and CONT = 1": the channel is
		 * disabled.  Choice: without DMA_DONE, as software, not the
		 * transfer, ended it; the trace still closes the transfer.
		 */
		z->state = ZDMA_STATE_DONE;
		if (model_tracing(z->m))
			zdma_emit(z, MODEL_EV_DMA_DONE, z->start_src,
				  z->start_dst, z->moved, 0,
				  MODEL_EVK_DISABLED);
		return;
	}
	if (z->ctrl0 & ZDMA_CH_CTRL0_CONT_ADDR) {
		/*
		 * Continue at SRC_START/DST_START.  Choice: a partly filled
		 * DST descriptor is dropped as well.
		 */
		z->src.next = zdma_addr(z->src_start[0], z->src_start[1]);
		z->dst.next = zdma_addr(z->dst_start[0], z->dst_start[1]);
		z->dst.loaded = false;
	}
	z->state = ZDMA_STATE_BUSY;
}

static void zdma_write_ctrl2(struct zdma *z, u32 val)
{
	switch (z->state) {
	case ZDMA_STATE_DONE:
	case ZDMA_STATE_DONE_ERR:
		if (val & ZDMA_CH_CTRL2_EN)
			zdma_start(z);
		break;
	case ZDMA_STATE_PAUSED:
		/* Read by CTRL0.CONT: continue (1) or disable (0). */
		z->en = val & ZDMA_CH_CTRL2_EN;
		break;
	case ZDMA_STATE_BUSY:
		/*
		 * Choice: a busy channel ignores CTRL2; EN reads 1 until
		 * the channel stops (UG1085 only documents disabling a
		 * paused channel).
		 */
		break;
	}
}

/* clang-format off */
#define ZREG(reg, member, flags, reset, rw, w1c) \
	{ reg, offsetof(struct zdma, member), flags, reset, rw, w1c }
#define ZNONE(reg, flags) \
	{ reg, MODEL_REG_NONE, flags, 0, 0, 0 }
/* clang-format on */

/*
 * The channel's registers (UG1087 module ZDMA), by offset: reset values
 * from hw/zdma.h, the bits software writes, the write-1-to-clear ones.
 * Registers without storage read as zero (IEN, IDS: write-only; DBG0/1:
 * not modelled) or are computed (zdma_reg_read()).  Choices: CTRL0.CONT
 * acts and reads back as 0 (self-clearing); TOTAL_BYTE is write-1-to-
 * clear, so writing back the value read clears it (UG1085 only says
 * "writing to" it clears it); the accounting counters clear on read.
 */
static const struct model_reg zdma_regs[] = {
	ZREG(ZDMA_ERR_CTRL, err_ctrl, 0, ZDMA_ERR_CTRL_RESET, ZDMA_ERR_CTRL_RW,
	     0),
	ZREG(ZDMA_CH_ECO, eco, 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_ISR, isr, MODEL_REG_WRITE, 0, 0, ZDMA_CH_IRQ_ALL),
	ZREG(ZDMA_CH_IMR, imr, 0, ZDMA_CH_IMR_RESET, 0, 0),
	ZNONE(ZDMA_CH_IEN, MODEL_REG_WRITE),
	ZNONE(ZDMA_CH_IDS, MODEL_REG_WRITE),
	ZREG(ZDMA_CH_CTRL0, ctrl0, MODEL_REG_WRITE, ZDMA_CH_CTRL0_RESET,
	     ZDMA_CH_CTRL0_RW & ~ZDMA_CH_CTRL0_CONT, 0),
	ZREG(ZDMA_CH_CTRL1, ctrl1, 0, ZDMA_CH_CTRL1_RESET, ZDMA_CH_CTRL1_RW, 0),
	ZREG(ZDMA_CH_FCI, fci, 0, 0, ZDMA_CH_FCI_RW, 0),
	ZNONE(ZDMA_CH_STATUS, MODEL_REG_READ),
	ZREG(ZDMA_CH_DATA_ATTR, data_attr, 0, ZDMA_CH_DATA_ATTR_RESET,
	     ZDMA_CH_DATA_ATTR_RW, 0),
	ZREG(ZDMA_CH_DSCR_ATTR, dscr_attr, 0, ZDMA_CH_DSCR_ATTR_RESET,
	     ZDMA_CH_DSCR_ATTR_RW, 0),
	ZREG(ZDMA_CH_SRC_DSCR_WORD0, src_dscr[0], 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_SRC_DSCR_WORD1, src_dscr[1], 0, 0, ZDMA_DSCR_WORD1_MSB, 0),
	ZREG(ZDMA_CH_SRC_DSCR_WORD2, src_dscr[2], 0, 0, ZDMA_DSCR_WORD2_SIZE,
	     0),
	ZREG(ZDMA_CH_SRC_DSCR_WORD3, src_dscr[3], 0, 0, ZDMA_DSCR_WORD3_ALL, 0),
	ZREG(ZDMA_CH_DST_DSCR_WORD0, dst_dscr[0], 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_DST_DSCR_WORD1, dst_dscr[1], 0, 0, ZDMA_DSCR_WORD1_MSB, 0),
	ZREG(ZDMA_CH_DST_DSCR_WORD2, dst_dscr[2], 0, 0, ZDMA_DSCR_WORD2_SIZE,
	     0),
	ZREG(ZDMA_CH_DST_DSCR_WORD3, dst_dscr[3], 0, 0, ZDMA_DST_WORD3_RW, 0),
	ZREG(ZDMA_CH_WR_ONLY_WORD0, wr_only[0], 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_WR_ONLY_WORD1, wr_only[1], 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_WR_ONLY_WORD2, wr_only[2], 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_WR_ONLY_WORD3, wr_only[3], 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_SRC_START_LSB, src_start[0], 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_SRC_START_MSB, src_start[1], 0, 0, ZDMA_CH_START_MSB_ADDR,
	     0),
	ZREG(ZDMA_CH_DST_START_LSB, dst_start[0], 0, 0, ~0U, 0),
	ZREG(ZDMA_CH_DST_START_MSB, dst_start[1], 0, 0, ZDMA_CH_START_MSB_ADDR,
	     0),
	ZNONE(ZDMA_CH_SRC_CUR_PYLD_LSB, MODEL_REG_READ),
	ZNONE(ZDMA_CH_SRC_CUR_PYLD_MSB, MODEL_REG_READ),
	ZNONE(ZDMA_CH_DST_CUR_PYLD_LSB, MODEL_REG_READ),
	ZNONE(ZDMA_CH_DST_CUR_PYLD_MSB, MODEL_REG_READ),
	ZNONE(ZDMA_CH_SRC_CUR_DSCR_LSB, MODEL_REG_READ),
	ZNONE(ZDMA_CH_SRC_CUR_DSCR_MSB, MODEL_REG_READ),
	ZNONE(ZDMA_CH_DST_CUR_DSCR_LSB, MODEL_REG_READ),
	ZNONE(ZDMA_CH_DST_CUR_DSCR_MSB, MODEL_REG_READ),
	ZREG(ZDMA_CH_TOTAL_BYTE, total_byte, 0, 0, 0, ~0U),
	ZREG(ZDMA_CH_RATE_CNTL, rate_cntl, 0, 0, ZDMA_CH_RATE_CNTL_CNT, 0),
	ZREG(ZDMA_CH_IRQ_SRC_ACCT, src_acct, MODEL_REG_RC, 0, 0, 0),
	ZREG(ZDMA_CH_IRQ_DST_ACCT, dst_acct, MODEL_REG_RC, 0, 0, 0),
	ZNONE(ZDMA_CH_DBG0, 0),
	ZNONE(ZDMA_CH_DBG1, 0),
	ZNONE(ZDMA_CH_CTRL2, MODEL_REG_READ | MODEL_REG_WRITE),
};

/* struct model_regfile.read: the registers the channel's state makes. */
static u32 zdma_reg_read(void *dev, u64 off)
{
	struct zdma *z = dev;

	switch (off) {
	case ZDMA_CH_STATUS:
		return FIELD_PREP(ZDMA_CH_STATUS_STATE, z->state);
	case ZDMA_CH_SRC_CUR_PYLD_LSB:
		return (u32)z->b.src.addr;
	case ZDMA_CH_SRC_CUR_PYLD_MSB:
		return (z->b.src.addr >> 32) & ZDMA_CH_CUR_MSB_ADDR;
	case ZDMA_CH_DST_CUR_PYLD_LSB:
		return (u32)z->b.dst.addr;
	case ZDMA_CH_DST_CUR_PYLD_MSB:
		return (z->b.dst.addr >> 32) & ZDMA_CH_CUR_MSB_ADDR;
	case ZDMA_CH_SRC_CUR_DSCR_LSB:
		return (u32)z->src.dscr;
	case ZDMA_CH_SRC_CUR_DSCR_MSB:
		return (z->src.dscr >> 32) & ZDMA_CH_CUR_MSB_ADDR;
	case ZDMA_CH_DST_CUR_DSCR_LSB:
		return (u32)z->dst.dscr;
	case ZDMA_CH_DST_CUR_DSCR_MSB:
		return (z->dst.dscr >> 32) & ZDMA_CH_CUR_MSB_ADDR;
	default: /* ZDMA_CH_CTRL2 */
		return z->en ? ZDMA_CH_CTRL2_EN : 0;
	}
}

/* struct model_regfile.write: what a write does beyond its value. */
static void zdma_reg_write(void *dev, u64 off, u32 val)
{
	struct zdma *z = dev;

	switch (off) {
	case ZDMA_CH_IEN:
		z->imr &= ~(val & ZDMA_CH_IRQ_ALL);
		zdma_update_irq(z);
		break;
	case ZDMA_CH_IDS:
		z->imr |= val & ZDMA_CH_IRQ_ALL;
		zdma_update_irq(z);
		break;
	case ZDMA_CH_CTRL0:
		if ((val & ZDMA_CH_CTRL0_CONT) && z->state == ZDMA_STATE_PAUSED)
			zdma_cont(z);
		break;
	case ZDMA_CH_CTRL2:
		zdma_write_ctrl2(z, val);
		break;
	default: /* ZDMA_CH_ISR */
		zdma_update_irq(z);
		break;
	}
}

/*
 * Choice: an offset with no register reads as zero, ignores writes and
 * sets INV_APB ("address decode error on the APB interface").
 */
static void zdma_unmapped(void *dev, u64 off)
{
	(void)off;
	zdma_raise(dev, ZDMA_CH_IRQ_INV_APB);
}

static const struct model_regfile zdma_regfile = {
	.regs = zdma_regs,
	.n = ARRAY_SIZE(zdma_regs),
	.read = zdma_reg_read,
	.write = zdma_reg_write,
	.unmapped = zdma_unmapped,
};

/* struct model_dev_ops.read32 */
static u32 zdma_read32(void *dev, u64 off)
{
	return model_regs_read(&zdma_regfile, dev, off);
}

/* struct model_dev_ops.write32 */
static void zdma_write32(void *dev, u64 off, u32 val)
{
	model_regs_write(&zdma_regfile, dev, off, val);
}

static void zdma_destroy(void *dev)
{
	vadma_free(dev);
}

static const struct model_dev_ops zdma_ops = {
	.read32 = zdma_read32,
	.write32 = zdma_write32,
	.step = zdma_step,
	.destroy = zdma_destroy,
};

/**
 * model_zdma_create() - add one ZDMA channel to a node
 * @m:    the node
 * @name: its name in the trace ("zdma0"); must outlive the node
 * @p:    where it sits: register block, stream ID, interrupt
 *
 * The channel comes out of reset with its UG1087 reset values, idle.
 *
 * Return: 0, -ENOMEM, or what model_add_dev() returns.
 */
int model_zdma_create(struct model *m, const char *name,
		      const struct plat_dma *p)
{
	struct zdma *z = vadma_zalloc(sizeof(*z));
	int ret;

	if (!z)
		return -ENOMEM;
	z->m = m;
	z->irq = p->irq;
	model_burst_init(&z->b, m, name, p->sid, &zdma_burst_ops, z);
	/* Out of reset: the UG1087 reset values, idle (STATE done). */
	z->state = ZDMA_STATE_DONE;
	ret = model_regs_reset(&zdma_regfile, z);
	if (!ret)
		ret = model_add_dev(m, name, p->base, p->size, &zdma_ops, z);
	if (ret)
		vadma_free(z);
	return ret;
}
