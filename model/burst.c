// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The data mover of the DMA engine models (model/burst.h): one burst at a
 * time, its read into the engine's buffer, then its write, as UG1085
 * chapter 19 and PG034 ("DataMover") describe their engines' data paths:
 * bursts up to the burst length, never across a 4 KiB boundary (AXI; UG1085
 * "Implementation Notes", PG034 "4 KB address boundary protection"), a
 * FIXED burst one beat at the same address.  A transaction the SMMU stalls
 * is issued again, unchanged, on the next step.
 */
#include "burst.h"

#define BURST_4K 4096U

void model_burst_init(struct model_burst *b, struct model *m, const char *name,
		      u32 sid, const struct model_burst_ops *ops, void *dev)
{
	b->m = m;
	b->name = name;
	b->sid = sid;
	b->tracing = model_tracing(m);
	b->ops = ops;
	b->dev = dev;
}

void model_burst_emit(struct model_burst *b, enum model_ev ev, u64 va, u64 pa,
		      u64 len, u32 flags, enum model_ev_kind kind)
{
	struct model_event e = {
		.ev = ev,
		.dev = b->name,
		.sid = b->sid,
		.cb = -1,
		.va = va,
		.pa = pa,
		.len = len,
		.flags = flags,
		.kind = kind,
	};

	model_emit(b->m, &e);
}

/* Bytes one burst may move from @s->addr: up to its length and 4 KiB. */
static u64 burst_span(const struct model_burst_side *s)
{
	u64 off = s->addr & (MODEL_BURST_BEAT - 1);
	u64 n, page;

	/* A FIXED burst reads or writes the same beat over and over. */
	if (s->fixed)
		return MODEL_BURST_BEAT - off;
	n = (u64)s->beats * MODEL_BURST_BEAT - off;
	page = BURST_4K - (s->addr & (BURST_4K - 1));
	return n < page ? n : page;
}

/* Beats of a burst of @len bytes from @s->addr. */
static unsigned int burst_beats_of(const struct model_burst_side *s, u32 len)
{
	if (s->fixed)
		return 1;
	return ((s->addr & (MODEL_BURST_BEAT - 1)) + len + MODEL_BURST_BEAT -
		1) /
	       MODEL_BURST_BEAT;
}

/* One transaction; an address the engine cannot drive is a DECERR. */
enum model_dma_status model_burst_xfer(struct model_burst *b, u64 addr,
				       void *buf, u32 len, u32 flags)
{
	if (addr >= MODEL_BURST_ADDR_LIMIT)
		return MODEL_DMA_DECERR;
	/*
	 * Choice: an unprivileged data access (MODEL_DMA_PRIV and _INST
	 * clear); neither engine has a register for its AxPROT.
	 */
	return model_dma(b->m, b->sid, addr, buf, len, flags);
}

static void burst_settle(struct model_burst *b)
{
	if (b->ops->settle)
		b->ops->settle(b->dev);
}

/* The source moved on by @len bytes. */
static void burst_read_done(struct model_burst *b, u64 len)
{
	struct model_burst_side *s = &b->src;

	if (!s->fixed)
		s->addr += len;
	s->rem -= len;
	if (!s->rem && b->ops->src_end)
		b->ops->src_end(b->dev);
}

/* The write half of a burst; the read half (if any) is in b->buf. */
static void burst_write(struct model_burst *b)
{
	struct model_burst_side *d = &b->dst;
	enum model_dma_status st;
	u32 len = b->wr_len;

	st = model_burst_xfer(b, d->addr, b->buf, len, MODEL_DMA_WRITE);
	if (st == MODEL_DMA_STALL)
		return; /* issued again, unchanged */
	if (model_tracing(b->m))
		model_burst_emit(b, MODEL_EV_DMA_BEAT, d->addr, 0, len,
				 MODEL_EVF_WRITE |
					 (st == MODEL_DMA_OK ? 0
							     : MODEL_EVF_ERROR),
				 MODEL_EVK_NONE);
	if (st != MODEL_DMA_OK) {
		b->ops->fail(b->dev, true, st);
		return;
	}
	model_tick(b->m, burst_beats_of(d, len));
	b->wr_pending = false;
	if (b->ops->count)
		b->ops->count(b->dev, len);
	if (!d->fixed)
		d->addr += len;
	d->rem -= len;
	if (!d->rem)
		b->ops->dst_end(b->dev);
	burst_settle(b);
}

/* One burst: a read into b->buf, then the write of the same bytes. */
static void burst_one(struct model_burst *b)
{
	struct model_burst_side *s = &b->src, *d = &b->dst;
	enum model_dma_status st;
	u64 len = ~0ULL, n;

	if (b->mode != MODEL_BURST_WRONLY) {
		len = s->rem;
		n = burst_span(s);
		if (n < len)
			len = n;
	}
	if (b->mode != MODEL_BURST_RDONLY) {
		if (d->rem < len)
			len = d->rem;
		n = burst_span(d);
		if (n < len)
			len = n;
	}
	if (b->mode == MODEL_BURST_WRONLY) {
		b->ops->fill(b->dev, b->buf, (u32)len);
	} else {
		st = model_burst_xfer(b, s->addr, b->buf, (u32)len, 0);
		if (st == MODEL_DMA_STALL)
			return;
		if (model_tracing(b->m))
			model_burst_emit(b, MODEL_EV_DMA_BEAT, s->addr, 0, len,
					 st == MODEL_DMA_OK ? 0
							    : MODEL_EVF_ERROR,
					 MODEL_EVK_NONE);
		if (st != MODEL_DMA_OK) {
			b->ops->fail(b->dev, false, st);
			return;
		}
		if (b->mode == MODEL_BURST_RDONLY)
			model_tick(b->m, burst_beats_of(s, (u32)len));
		burst_read_done(b, len);
	}
	if (b->mode == MODEL_BURST_RDONLY) {
		burst_settle(b);
		return;
	}
	b->wr_pending = true;
	b->wr_len = (u32)len;
	burst_write(b);
}

/*
 * The fast path (not while tracing, so that a trace shows every burst):
 * one step moves the bursts burst_one() would issue while both sides stay
 * in the 4 KiB pages of the first (docs/model.md, "The fast path").  When
 * the SMMU would answer all of them as it answered the last transactions
 * of those pages (model_dma_repeat_pair()), none is translated; else the
 * first burst's read and write are translated exactly as the slow path
 * translates them and the SMMU says whether the others would get the same
 * answers (model_dma_repeat_copy()).  The bursts are accounted for one by
 * one (time, TLB hits, bytes, the engine's counters) and their bytes
 * moved in one copy.  A stall or a fault on the first leaves the engine in
 * the state burst_one() leaves; an overlap that one copy would change, or
 * a counter of the engine that would wrap (@ops->wraps), makes the step
 * the first burst alone.
 */
struct burst_plan {
	u64 first;	 /* bytes of the first burst */
	u64 first_beats; /* its write beats */
	u64 bytes;	 /* bytes of all the bursts */
	u64 beats;	 /* their write beats */
	unsigned int n;	 /* how many bursts */
};

/* The bursts burst_one() would issue from here, within these pages. */
static void burst_plan(const struct model_burst *b, struct burst_plan *p)
{
	struct model_burst_side ls = b->src, ld = b->dst;
	u64 len, span;

	/*
	 * Both sides on beat boundaries with one burst length: full bursts
	 * up to the nearer page end or the end, the last one short.
	 */
	if (!((ls.addr | ld.addr) & (MODEL_BURST_BEAT - 1)) &&
	    ls.beats == ld.beats) {
		u64 burst = (u64)ls.beats * MODEL_BURST_BEAT;

		len = BURST_4K - (ls.addr & (BURST_4K - 1));
		if (BURST_4K - (ld.addr & (BURST_4K - 1)) < len)
			len = BURST_4K - (ld.addr & (BURST_4K - 1));
		if (ls.rem < len)
			len = ls.rem;
		if (ld.rem < len)
			len = ld.rem;
		p->first = len < burst ? len : burst;
		p->first_beats =
			(p->first + MODEL_BURST_BEAT - 1) / MODEL_BURST_BEAT;
		p->bytes = len;
		p->beats = (len + MODEL_BURST_BEAT - 1) / MODEL_BURST_BEAT;
		/* A power of two (1, 2, 4, 8, 16 beats): no division. */
		p->n = (unsigned int)((len + burst - 1) >>
				      __builtin_ctzll(burst));
		return;
	}
	p->bytes = p->beats = 0;
	p->n = 0;
	do {
		len = ls.rem < ld.rem ? ls.rem : ld.rem;
		span = burst_span(&ls);
		if (span < len)
			len = span;
		span = burst_span(&ld);
		if (span < len)
			len = span;
		if (!p->n) {
			p->first = len;
			p->first_beats = burst_beats_of(&ld, (u32)len);
		}
		p->beats += burst_beats_of(&ld, (u32)len);
		p->bytes += len;
		p->n++;
		ls.addr += len;
		ld.addr += len;
		ls.rem -= len;
		ld.rem -= len;
	} while (ls.rem && ld.rem && !((ls.addr ^ b->src.addr) >> 12) &&
		 !((ld.addr ^ b->dst.addr) >> 12));
}

static bool burst_fast_ok(const struct model_burst *b)
{
	return b->mode == MODEL_BURST_COPY && !b->src.fixed && !b->dst.fixed &&
	       b->src.rem && b->dst.rem &&
	       b->src.addr < MODEL_BURST_ADDR_LIMIT && !b->tracing;
}

/* Whether the engine's counters would wrap within the bursts. */
static bool burst_wraps(const struct model_burst *b, const struct burst_plan *p)
{
	return p->n > 1 && b->ops->wraps && b->ops->wraps(b->dev, p->bytes);
}

/*
 * Every burst of *@p answered as the last ones of their pages were: none
 * needs translating (the steady state of a copy through a warm TLB).
 */
static bool burst_fast_repeat(struct model_burst *b, const struct burst_plan *p,
			      struct model_dma_ref *rs,
			      struct model_dma_ref *rd)
{
	return b->dst.addr < MODEL_BURST_ADDR_LIMIT && !burst_wraps(b, p) &&
	       !model_dma_repeat_pair(b->m, b->sid, b->src.addr, b->dst.addr,
				      (u32)p->bytes, p->n, rs, rd);
}

/*
 * The first burst of *@p, translated as burst_one() translates it, then
 * the others if the SMMU answers them the same, else *@p is cut to the
 * first.  Return true when the bursts complete (their bytes still to
 * move), false when the step ends in the state burst_one() leaves.
 */
static bool burst_fast_first(struct model_burst *b, struct burst_plan *p,
			     struct model_dma_ref *rs, struct model_dma_ref *rd)
{
	struct model_burst_side *s = &b->src, *d = &b->dst;
	enum model_dma_status st;

	st = model_dma_begin(b->m, b->sid, s->addr, (u32)p->first, 0, rs);
	if (st == MODEL_DMA_STALL)
		return false;
	if (st != MODEL_DMA_OK) {
		b->ops->fail(b->dev, false, st);
		return false;
	}
	st = d->addr >= MODEL_BURST_ADDR_LIMIT
		     ? MODEL_DMA_DECERR
		     : model_dma_begin(b->m, b->sid, d->addr, (u32)p->first,
				       MODEL_DMA_WRITE, rd);
	if (st != MODEL_DMA_OK) {
		/* The read is done, the write is not. */
		model_dma_read(b->m, rs, b->buf, (u32)p->first);
		burst_read_done(b, p->first);
		if (st == MODEL_DMA_STALL) {
			b->wr_pending = true;
			b->wr_len = (u32)p->first;
		} else {
			b->ops->fail(b->dev, true, st);
		}
		return false;
	}
	if (p->n > 1 && (rs->razwi || rd->razwi || burst_wraps(b, p) ||
			 model_dma_overlap(rd, rs, (u32)p->bytes) ||
			 model_dma_repeat_copy(b->m, b->sid, s->addr, d->addr,
					       rs, rd, p->n - 1))) {
		p->bytes = p->first;
		p->beats = p->first_beats;
		p->n = 1;
	}
	return true;
}

/* burst_one() for a copy, and the bursts after it in the same pages. */
static void burst_fast(struct model_burst *b)
{
	struct model_burst_side *s = &b->src, *d = &b->dst;
	struct model_dma_ref rs, rd;
	struct burst_plan p;

	burst_plan(b, &p);
	if (!burst_fast_repeat(b, &p, &rs, &rd) &&
	    !burst_fast_first(b, &p, &rs, &rd))
		return;
	/* What burst_write() does for each of them. */
	model_dma_copy(b->m, &rd, &rs, (u32)p.bytes);
	model_tick(b->m, p.beats);
	if (b->ops->count)
		b->ops->count(b->dev, p.bytes);
	s->addr += p.bytes;
	d->addr += p.bytes;
	s->rem -= p.bytes;
	d->rem -= p.bytes;
	if (!s->rem && b->ops->src_end)
		b->ops->src_end(b->dev);
	if (!d->rem)
		b->ops->dst_end(b->dev);
	burst_settle(b);
}

void model_burst_step(struct model_burst *b)
{
	if (b->wr_pending)
		burst_write(b);
	else if (burst_fast_ok(b))
		burst_fast(b);
	else
		burst_one(b);
}
