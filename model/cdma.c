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
#include "vadma/hw/axi_cdma.h"

#define CDMA_BEAT      16U /* 128-bit data path */
#define CDMA_MAX_BEATS 16U /* PL -> PS bursts: 16 beats at most */
#define CDMA_MAX_BURST (CDMA_BEAT * CDMA_MAX_BEATS)
#define CDMA_4K	       4096U

/*
 * Choice: the HP port carries the address into a 48-bit physical (and
 * SMMU input) space; a burst at or above 2^48 gets a decode error without
 * reaching the bus.  2^48 is 4 KiB aligned, so no burst straddles it.
 */
#define CDMA_ADDR_LIMIT BIT_ULL(48)

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
/* Reset values (PG034 CDMACR, CDMASR): the interrupt threshold is 1. */
#define CDMA_CDMACR_RESET	FIELD_PREP(CDMA_CDMACR_IRQThreshold, 1)
#define CDMA_CDMASR_FIXED	FIELD_PREP(CDMA_CDMASR_IRQThresholdSts, 1)
/* The simple-mode interrupts; Dly_Irq is SG-only and never set here. */
#define CDMA_CDMASR_W1C		(CDMA_CDMASR_IOC_Irq | CDMA_CDMASR_Dly_Irq | \
				 CDMA_CDMASR_Err_Irq)
/* clang-format on */

struct cdma {
	struct model *m;
	const char *name;
	u32 sid;
	u32 irq;
	bool irq_level;
	bool tracing; /* the node has a trace: no fast path */

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
	u64 src;
	u64 dst;
	u64 rem;
	u64 start_src;
	u64 start_dst;
	u64 len;
	bool key_rd; /* Key_Hole_Read: FIXED read bursts */
	bool key_wr; /* Key_Hole_Write: FIXED write bursts */

	/* A burst whose read is done and whose write has yet to complete */
	bool wr_pending;
	u32 wr_len;
	u8 buf[CDMA_MAX_BURST];
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
	struct model_event e = {
		.ev = ev,
		.dev = c->name,
		.sid = c->sid,
		.cb = -1,
		.va = va,
		.pa = pa,
		.len = len,
		.flags = flags,
		.kind = kind,
	};

	model_emit(c->m, &e);
}

/* The transfer ends: @err is a CDMASR error bit, or 0 (IOC). */
static void cdma_finish(struct cdma *c, u32 err)
{
	c->busy = false;
	c->wr_pending = false;
	if (err) {
		/* PG034 "Error Interrupts": halt until a reset. */
		c->halted = true;
		c->sr |= err | CDMA_CDMASR_Err_Irq;
	} else {
		c->sr |= CDMA_CDMASR_IOC_Irq;
	}
	if (model_tracing(c->m))
		cdma_emit(c, MODEL_EV_DMA_DONE, c->start_src, c->start_dst,
			  c->len - c->rem, err ? MODEL_EVF_ERROR : 0,
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

static enum model_dma_status cdma_xfer(struct cdma *c, u64 addr, void *buf,
				       u32 len, u32 flags)
{
	if (addr >= CDMA_ADDR_LIMIT)
		return MODEL_DMA_DECERR;
	/*
	 * Choice: an unprivileged data access (MODEL_DMA_PRIV and _INST
	 * clear); the CDMA has no register for its AxPROT.
	 */
	return model_dma(c->m, c->sid, addr, buf, len, flags);
}

/* Bytes one burst may move from @addr: 16 beats, 4 KiB, or one beat. */
static u64 cdma_span(u64 addr, bool fixed)
{
	u64 off = addr & (CDMA_BEAT - 1);
	u64 n, page;

	if (fixed)
		return CDMA_BEAT - off;
	n = CDMA_MAX_BURST - off;
	page = CDMA_4K - (addr & (CDMA_4K - 1));
	return n < page ? n : page;
}

/* Write beats of a burst of @len bytes to @addr. */
static u64 cdma_beats(u64 addr, u64 len, bool fixed)
{
	return fixed ? 1
		     : ((addr & (CDMA_BEAT - 1)) + len + CDMA_BEAT - 1) /
			       CDMA_BEAT;
}

static void cdma_write_burst(struct cdma *c)
{
	enum model_dma_status st;
	u32 len = c->wr_len;

	st = cdma_xfer(c, c->dst, c->buf, len, MODEL_DMA_WRITE);
	if (st == MODEL_DMA_STALL)
		return; /* issued again, unchanged */
	if (model_tracing(c->m))
		cdma_emit(c, MODEL_EV_DMA_BEAT, c->dst, 0, len,
			  MODEL_EVF_WRITE |
				  (st == MODEL_DMA_OK ? 0 : MODEL_EVF_ERROR),
			  MODEL_EVK_NONE);
	if (st != MODEL_DMA_OK) {
		cdma_finish(c, cdma_err_of(st));
		return;
	}
	model_tick(c->m, cdma_beats(c->dst, len, c->key_wr));
	c->wr_pending = false;
	if (!c->key_wr)
		c->dst += len;
	c->rem -= len;
	if (!c->rem)
		cdma_finish(c, 0);
}

static void cdma_burst(struct cdma *c)
{
	enum model_dma_status st;
	u64 len = c->rem, n;

	n = cdma_span(c->src, c->key_rd);
	if (n < len)
		len = n;
	n = cdma_span(c->dst, c->key_wr);
	if (n < len)
		len = n;
	st = cdma_xfer(c, c->src, c->buf, len, 0);
	if (st == MODEL_DMA_STALL)
		return;
	if (model_tracing(c->m))
		cdma_emit(c, MODEL_EV_DMA_BEAT, c->src, 0, len,
			  st == MODEL_DMA_OK ? 0 : MODEL_EVF_ERROR,
			  MODEL_EVK_NONE);
	if (st != MODEL_DMA_OK) {
		cdma_finish(c, cdma_err_of(st));
		return;
	}
	if (!c->key_rd)
		c->src += len;
	c->wr_pending = true;
	c->wr_len = len;
	cdma_write_burst(c);
}

/*
 * The fast path (not while tracing, so that a trace shows every burst):
 * one step moves the bursts cdma_burst() would issue while both sides stay
 * in the 4 KiB pages of the first (docs/model.md, "The fast path").  When
 * the SMMU would answer all of them as it answered the last transactions
 * of those pages (model_dma_repeat_pair()), none is translated; else the
 * first burst's read and write are translated exactly as the slow path
 * translates them and the SMMU says whether the others would get the same
 * answers (model_dma_repeat_copy()).  The bursts are accounted for one by
 * one (time, TLB hits, bytes) and their bytes moved in one copy.  A stall
 * or a fault on the first leaves the core in the state cdma_burst()
 * leaves; an overlap that one copy would change makes the step the first
 * burst alone.
 */
struct cdma_plan {
	u64 first;	 /* bytes of the first burst */
	u64 first_beats; /* its write beats */
	u64 bytes;	 /* bytes of all the bursts */
	u64 beats;	 /* their write beats */
	unsigned int n;	 /* how many bursts */
};

/* The bursts cdma_burst() would issue from here, within these pages. */
static void cdma_plan(const struct cdma *c, struct cdma_plan *p)
{
	u64 src = c->src, dst = c->dst, rem = c->rem, len, span;

	/*
	 * Both sides on beat boundaries: full bursts up to the nearer page
	 * end or the end, the last one short.
	 */
	if (!((src | dst) & (CDMA_BEAT - 1))) {
		len = CDMA_4K - (src & (CDMA_4K - 1));
		if (CDMA_4K - (dst & (CDMA_4K - 1)) < len)
			len = CDMA_4K - (dst & (CDMA_4K - 1));
		if (rem < len)
			len = rem;
		p->first = len < CDMA_MAX_BURST ? len : CDMA_MAX_BURST;
		p->first_beats = (p->first + CDMA_BEAT - 1) / CDMA_BEAT;
		p->bytes = len;
		p->beats = (len + CDMA_BEAT - 1) / CDMA_BEAT;
		p->n = (unsigned int)((len + CDMA_MAX_BURST - 1) /
				      CDMA_MAX_BURST);
		return;
	}
	p->bytes = p->beats = 0;
	p->n = 0;
	do {
		len = rem;
		span = cdma_span(src, false);
		if (span < len)
			len = span;
		span = cdma_span(dst, false);
		if (span < len)
			len = span;
		if (!p->n) {
			p->first = len;
			p->first_beats = cdma_beats(dst, len, false);
		}
		p->beats += cdma_beats(dst, len, false);
		p->bytes += len;
		p->n++;
		src += len;
		dst += len;
		rem -= len;
	} while (rem && !((src ^ c->src) >> 12) && !((dst ^ c->dst) >> 12));
}

static bool cdma_fast_ok(const struct cdma *c)
{
	return !c->key_rd && !c->key_wr && c->src < CDMA_ADDR_LIMIT &&
	       !c->tracing;
}

/*
 * The first burst of *@p, translated as cdma_burst() translates it, then
 * the others if the SMMU answers them the same, else *@p is cut to the
 * first.  Return true when the bursts complete (their bytes still to
 * move), false when the step ends in the state cdma_burst() leaves.
 */
static bool cdma_fast_first(struct cdma *c, struct cdma_plan *p,
			    struct model_dma_ref *rs, struct model_dma_ref *rd)
{
	enum model_dma_status st;

	st = model_dma_begin(c->m, c->sid, c->src, (u32)p->first, 0, rs);
	if (st == MODEL_DMA_STALL)
		return false;
	if (st != MODEL_DMA_OK) {
		cdma_finish(c, cdma_err_of(st));
		return false;
	}
	st = c->dst >= CDMA_ADDR_LIMIT
		     ? MODEL_DMA_DECERR
		     : model_dma_begin(c->m, c->sid, c->dst, (u32)p->first,
				       MODEL_DMA_WRITE, rd);
	if (st != MODEL_DMA_OK) {
		/* The read is done, the write is not. */
		model_dma_read(c->m, rs, c->buf, (u32)p->first);
		c->src += p->first;
		if (st == MODEL_DMA_STALL) {
			c->wr_pending = true;
			c->wr_len = (u32)p->first;
		} else {
			cdma_finish(c, cdma_err_of(st));
		}
		return false;
	}
	if (p->n > 1 && (rs->razwi || rd->razwi ||
			 model_dma_overlap(rd, rs, (u32)p->bytes) ||
			 model_dma_repeat_copy(c->m, c->sid, c->src, c->dst, rs,
					       rd, p->n - 1))) {
		p->bytes = p->first;
		p->beats = p->first_beats;
		p->n = 1;
	}
	return true;
}

/* cdma_burst(), and the bursts after it in the same pages. */
static void cdma_fast(struct cdma *c)
{
	struct model_dma_ref rs, rd;
	struct cdma_plan p;

	cdma_plan(c, &p);
	/* Every burst answered as the last ones of their pages were? */
	if ((c->dst >= CDMA_ADDR_LIMIT ||
	     model_dma_repeat_pair(c->m, c->sid, c->src, c->dst, (u32)p.bytes,
				   p.n, &rs, &rd)) &&
	    !cdma_fast_first(c, &p, &rs, &rd))
		return;
	/* What cdma_write_burst() does for each of them. */
	model_dma_copy(c->m, &rd, &rs, (u32)p.bytes);
	model_tick(c->m, p.beats);
	c->src += p.bytes;
	c->dst += p.bytes;
	c->rem -= p.bytes;
	if (!c->rem)
		cdma_finish(c, 0);
}

/* struct model_dev_ops.step: a burst, or the bursts of a page (fast). */
static bool cdma_step(void *dev)
{
	struct cdma *c = dev;

	if (!c->busy)
		return false;
	if (c->wr_pending)
		cdma_write_burst(c);
	else if (cdma_fast_ok(c))
		cdma_fast(c);
	else
		cdma_burst(c);
	return c->busy;
}

/* A write to BTT while idle (PG034 "Programming Sequence", step 5). */
static void cdma_start(struct cdma *c)
{
	c->start_src = c->src = c->sa | (u64)c->sa_msb << 32;
	c->start_dst = c->dst = c->da | (u64)c->da_msb << 32;
	c->len = c->rem = c->btt;
	c->key_rd = c->cr & CDMA_CDMACR_Key_Hole_Read;
	c->key_wr = c->cr & CDMA_CDMACR_Key_Hole_Write;
	c->wr_pending = false;
	c->busy = true;
	if (model_tracing(c->m))
		cdma_emit(c, MODEL_EV_DMA_START, c->src, c->dst, c->len, 0,
			  MODEL_EVK_NONE);
	/*
	 * BTT: "A value of zero (0) is not allowed and causes a DMA
	 * internal error" (PG034).
	 */
	if (!c->len)
		cdma_finish(c, CDMA_CDMASR_DMAIntErr);
}

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
			  c->len - c->rem, MODEL_EVF_ERROR, MODEL_EVK_RESET);
	c->cr = CDMA_CDMACR_RESET;
	c->sr = 0;
	c->sa = c->sa_msb = c->da = c->da_msb = c->btt = 0;
	c->busy = c->halted = c->wr_pending = false;
	c->src = c->dst = c->rem = c->len = 0;
	cdma_update_irq(c);
}

/* struct model_dev_ops.read32 */
static u32 cdma_read32(void *dev, u64 off)
{
	struct cdma *c = dev;

	switch (off) {
	case CDMA_CDMACR:
		return c->cr;
	case CDMA_CDMASR:
		return c->sr | CDMA_CDMASR_FIXED |
		       (c->busy ? 0 : CDMA_CDMASR_Idle);
	case CDMA_SA:
		return c->sa;
	case CDMA_SA_MSB:
		return c->sa_msb;
	case CDMA_DA:
		return c->da;
	case CDMA_DA_MSB:
		return c->da_msb;
	case CDMA_BTT:
		return c->btt;
	default:
		/* CURDESC/TAILDESC (no SG engine) and holes: RAZ. */
		return 0;
	}
}

/* struct model_dev_ops.write32 */
static void cdma_write32(void *dev, u64 off, u32 val)
{
	struct cdma *c = dev;

	/*
	 * SA, DA and BTT may be written "only when the AXI CDMA is idle".
	 * Choice: while busy they take the value, the running transfer
	 * (latched at its start) does not change, and BTT starts nothing.
	 */
	switch (off) {
	case CDMA_CDMACR:
		/* Choice: the other bits of a write with Reset are dropped. */
		if (val & CDMA_CDMACR_Reset) {
			cdma_reset(c);
			break;
		}
		c->cr = val & CDMA_CDMACR_RW;
		cdma_update_irq(c);
		break;
	case CDMA_CDMASR:
		c->sr &= ~(val & CDMA_CDMASR_W1C);
		cdma_update_irq(c);
		break;
	case CDMA_SA:
		c->sa = val;
		break;
	case CDMA_SA_MSB:
		c->sa_msb = val;
		break;
	case CDMA_DA:
		c->da = val;
		break;
	case CDMA_DA_MSB:
		c->da_msb = val;
		break;
	case CDMA_BTT:
		c->btt = val & CDMA_BTT_BTT;
		if (!c->busy && !c->halted)
			cdma_start(c);
		break;
	default:
		break; /* RO, SG registers, holes: WI */
	}
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
	c->name = name;
	c->sid = p->sid;
	c->irq = p->irq;
	c->tracing = model_tracing(m);
	c->cr = CDMA_CDMACR_RESET;
	ret = model_add_dev(m, name, p->base, p->size, &cdma_ops, c);
	if (ret)
		vadma_free(c);
	return ret;
}
