/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The data mover the DMA engine models share (model/burst.c): AXI bursts
 * from a source to a destination through the SMMU, planned as the
 * engines' DataMovers plan them (burst length, 4 KiB boundaries, FIXED
 * bursts), read then write, a stalled transaction issued again, and the
 * fast path that moves the bursts of a page in one step.  An engine keeps
 * its registers, its descriptors and what its transfer means; it hears of
 * the burst engine's progress through &struct model_burst_ops.
 */
#ifndef VADMA_MODEL_BURST_H
#define VADMA_MODEL_BURST_H

#include "model-internal.h"

/* A 128-bit AXI data path: a beat moves 16 bytes. */
#define MODEL_BURST_BEAT      16U
/* AXI4 INCR bursts into the PS: 16 beats at most. */
#define MODEL_BURST_MAX_BEATS 16U
#define MODEL_BURST_MAX	      (MODEL_BURST_BEAT * MODEL_BURST_MAX_BEATS)

/*
 * Choice (both engines): a 48-bit address space, the ZynqMP's physical
 * and SMMU input address size.  A burst at or above 2^48 completes with a
 * decode error without reaching the bus: nothing decodes there.  2^48 is
 * 4 KiB aligned, so no burst straddles it.
 */
#define MODEL_BURST_ADDR_LIMIT BIT_ULL(48)

/**
 * struct model_burst_side - the source (reads) or the destination (writes)
 * @addr:  the next payload byte
 * @rem:   payload bytes left
 * @fixed: FIXED bursts: the address does not move, a burst is one beat
 * @beats: burst length limit, 1 to %MODEL_BURST_MAX_BEATS
 */
struct model_burst_side {
	u64 addr;
	u64 rem;
	bool fixed;
	unsigned int beats;
};

/* What a burst does: read and write, write only or read only. */
enum model_burst_mode {
	MODEL_BURST_COPY,
	MODEL_BURST_WRONLY,
	MODEL_BURST_RDONLY,
};

/**
 * struct model_burst_ops - what the burst engine tells its DMA engine
 * @fill:     a write-only burst's data, @len bytes into @buf (WRONLY only)
 * @fail:     a transaction ended with @st, an error (@write: the write of
 *            a burst): the engine stops, and calls model_burst_stop()
 * @wraps:    optional: whether counting @bytes more bytes written at
 *            once would lose what counting them burst by burst shows (a
 *            counter that wraps); the fast path then moves one burst
 * @count:    optional: @len bytes written (BRESP OKAY)
 * @src_end:  optional: the source's @rem reached 0
 * @dst_end:  the destination's @rem reached 0
 * @settle:   optional: the transactions of a step are over (no write
 *            pending unless it stalled)
 */
struct model_burst_ops {
	void (*fill)(void *dev, u8 *buf, u32 len);
	void (*fail)(void *dev, bool write, enum model_dma_status st);
	bool (*wraps)(void *dev, u64 bytes);
	void (*count)(void *dev, u64 len);
	void (*src_end)(void *dev);
	void (*dst_end)(void *dev);
	void (*settle)(void *dev);
};

/**
 * struct model_burst - the data mover of one DMA engine
 * @m:          the node
 * @name:       the engine's name in the trace
 * @sid:        its stream ID
 * @tracing:    the node has a trace: no fast path, every burst shows
 * @ops:        the engine's side
 * @dev:        what @ops get
 * @mode:       what bursts do
 * @src:        where they read
 * @dst:        where they write
 * @wr_pending: a burst whose read is done and whose write has yet to
 *              complete (@wr_len bytes in @buf)
 * @wr_len:     its bytes
 * @buf:        the data of the burst in flight
 */
struct model_burst {
	struct model *m;
	const char *name;
	u32 sid;
	bool tracing;
	const struct model_burst_ops *ops;
	void *dev;
	enum model_burst_mode mode;
	struct model_burst_side src;
	struct model_burst_side dst;
	bool wr_pending;
	u32 wr_len;
	u8 buf[MODEL_BURST_MAX];
};

/** model_burst_init() - a burst engine for device @dev of node @m */
void model_burst_init(struct model_burst *b, struct model *m, const char *name,
		      u32 sid, const struct model_burst_ops *ops, void *dev);

/** model_burst_emit() - record a trace event of the engine */
void model_burst_emit(struct model_burst *b, enum model_ev ev, u64 va, u64 pa,
		      u64 len, u32 flags, enum model_ev_kind kind);

/**
 * model_burst_xfer() - one transaction of the engine (a descriptor fetch):
 * model_dma(), or a DECERR at or above %MODEL_BURST_ADDR_LIMIT
 */
enum model_dma_status model_burst_xfer(struct model_burst *b, u64 addr,
				       void *buf, u32 len, u32 flags);

/**
 * model_burst_step() - one step of a transfer: the write of a pending
 * burst, else one burst, or on the fast path the bursts of a page
 * @b: the engine; its device is busy and has set @b->src, @b->dst, @b->mode
 */
void model_burst_step(struct model_burst *b);

/** model_burst_stop() - forget a pending write: the transfer is over */
static inline void model_burst_stop(struct model_burst *b)
{
	b->wr_pending = false;
}

#endif /* VADMA_MODEL_BURST_H */
