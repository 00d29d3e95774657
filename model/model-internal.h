/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Inside the model: how device models plug into the bus, raise interrupts,
 * emit trace events, reach memory, and issue DMA through the SMMU.
 */
#ifndef VADMA_MODEL_INTERNAL_H
#define VADMA_MODEL_INTERNAL_H

#include "vadma/model.h"

/**
 * struct model_dev_ops - a device model on the bus
 * @read32:  register read at byte offset @off of the device's block
 * @write32: register write
 * @read64:  64-bit read, or NULL to use two 32-bit reads (low word first)
 * @write64: 64-bit write, or NULL to use two 32-bit writes (low word first)
 * @step:    do one unit of work (one burst, one walk, the bursts of a
 *           page on an engine's fast path); return true while the device
 *           has work left (busy), or NULL.  A device whose step returned
 *           false is not stepped again until software accesses its
 *           registers, or model_dev_wake() says it has work (a device
 *           whose work does not come through registers: the NI)
 * @destroy: free the device
 *
 * Offsets are 4-byte aligned (the bus drops other accesses); anything
 * else, reserved bits and unimplemented offsets included, is the device's
 * to handle as its documentation says (RAZ/WI at least).
 */
struct model_dev_ops {
	u32 (*read32)(void *dev, u64 off);
	void (*write32)(void *dev, u64 off, u32 val);
	u64 (*read64)(void *dev, u64 off);
	void (*write64)(void *dev, u64 off, u64 val);
	bool (*step)(void *dev);
	void (*destroy)(void *dev);
};

/** model_add_dev() - map a device at [@base, @base + @size) */
int model_add_dev(struct model *m, const char *name, u64 base, u64 size,
		  const struct model_dev_ops *ops, void *dev);

/** model_dev_wake() - step device @dev again: it has work */
void model_dev_wake(struct model *m, void *dev);

/** model_irq_set() - drive interrupt line @irq (a GIC ID) high or low */
void model_irq_set(struct model *m, u32 irq, bool level);

/** model_emit() - record a trace event (the time is filled in) */
void model_emit(struct model *m, struct model_event *ev);
bool model_tracing(const struct model *m);

/** model_tick() - advance model time */
void model_tick(struct model *m, u64 cycles);

/*
 * Device-side memory access, after translation: what DMA and the SMMU's
 * table walker see (not the CPU's cache).  Return 0, or -EFAULT when part
 * of the range is not RAM, -ENOMEM when a page cannot be allocated.
 */
int model_dev_read(struct model *m, u64 pa, void *buf, u64 len);
/*
 * The device view of the page holding @pa, when it is RAM that has been
 * touched; else NULL (untouched RAM reads as zeros; not RAM faults).  The
 * pointer stays valid as long as the node: no page is freed before.
 */
const u8 *model_dev_page(struct model *m, u64 pa);
int model_dev_write(struct model *m, u64 pa, const void *buf, u64 len);

/* Attributes of a DMA transaction. */
#define MODEL_DMA_WRITE BIT(0)
#define MODEL_DMA_PRIV	BIT(1) /* AxPROT[0] */
#define MODEL_DMA_INST	BIT(2) /* AxPROT[2] */

/* What a master gets back. */
enum model_dma_status {
	MODEL_DMA_OK,
	MODEL_DMA_STALL,  /* stalled in the SMMU: issue it again later */
	MODEL_DMA_SLVERR, /* the SMMU terminated it (a fault) */
	MODEL_DMA_DECERR, /* no memory at the physical address */
};

/**
 * model_dma() - one transaction from a DMA master
 * @m:     the node
 * @sid:   its stream ID
 * @addr:  the address it drives (an IOVA when the SMMU translates it)
 * @buf:   data to write, or where to put data read
 * @len:   bytes; the transaction must not cross a 4 KiB boundary (AXI)
 * @flags: MODEL_DMA_*
 *
 * A transaction the SMMU stalls must be issued again, unchanged, until it
 * completes: the SMMU answers it once software has resumed it.
 */
enum model_dma_status model_dma(struct model *m, u32 sid, u64 addr, void *buf,
				u32 len, u32 flags);

/* What the SMMU answers the bus for one transaction. */
enum model_xlate_status {
	MODEL_XLATE_OK,	   /* *pa holds the output address */
	MODEL_XLATE_STALL, /* held in the SMMU until software resumes it */
	MODEL_XLATE_ABORT, /* terminated with an abort (SLVERR) */
	MODEL_XLATE_RAZWI, /* terminated without an abort: a read gets
				 * zeros, a write is dropped (SCTLR.CFRE=0) */
};

/**
 * struct model_iommu_ops - the SMMU as the bus sees it
 * @translate: answer one transaction
 * @repeat:    optional: whether @n more transactions like (@sid, @addr's
 *             page, @flags) would each get the answer the last one got
 *             without changing any state; if so return 0 with the output
 *             address in *@pa and, when @commit, account for them (time,
 *             counters) as if they had been issued; else -EAGAIN.  Lets an
 *             engine move the rest of a page in one copy.
 * @repeat_pair: optional: @repeat for a read like the last one of (@sid,
 *             @src's page) and a write like the last one of (@sid, @dst's
 *             page) at once, without accounting: 0 with their output
 *             addresses, and in *@cycles and *@hits the time and TLB hits
 *             one read and one write take (the caller accounts for them);
 *             else -EAGAIN
 */
struct model_iommu_ops {
	enum model_xlate_status (*translate)(void *iommu, u32 sid, u64 addr,
					     u32 flags, u64 *pa);
	int (*repeat)(void *iommu, u32 sid, u64 addr, u32 flags, unsigned int n,
		      bool commit, u64 *pa);
	int (*repeat_pair)(void *iommu, u32 sid, u64 src, u64 dst, u64 *spa,
			   u64 *dpa, unsigned int *cycles, unsigned int *hits);
};

/**
 * model_dma_repeat() - @n more transactions like the last one of (@sid,
 * @addr's page, @flags), if the SMMU would answer each the same way
 *
 * Return: 0 with the output address of @addr in *@pa (accounted for when
 * @commit), or -EAGAIN: issue them one by one with model_dma().
 */
int model_dma_repeat(struct model *m, u32 sid, u64 addr, u32 flags,
		     unsigned int n, bool commit, u64 *pa);

/* Sparse physical memory (model/mem.c): one 4 KiB page. */
struct model_page {
	u8 *data;    /* the device view */
	u8 *cpu;     /* the cache's copy, when the cache is on */
	u64 stale;   /* lines of @cpu a device wrote since: fetch again */
	bool shared; /* part of a contiguous block: freed with it */
};

/**
 * struct model_dma_ref - where a transaction the bus accepted goes
 * @page:  the page of its output address (device view), or NULL: nothing
 *         there yet (a read returns zeros) or @razwi
 * @pa:    its output address
 * @razwi: terminated without an abort: a read returns zeros, a write is
 *         dropped, and neither counts as bytes moved
 */
struct model_dma_ref {
	struct model_page *page;
	u64 pa;
	bool razwi;
};

/**
 * model_dma_begin() - model_dma() up to the bytes: an engine's fast path
 * @m:     the node
 * @sid:   the master's stream ID
 * @addr:  the address it drives
 * @len:   bytes; not across a 4 KiB boundary
 * @flags: MODEL_DMA_*
 * @ref:   where the bytes go, when MODEL_DMA_OK
 *
 * Everything model_dma() does before it moves bytes, with the same
 * effects: the checks, the SMMU's answer (time, TLB, faults, stalls), the
 * memory checks, and for a write the page allocated.  MODEL_DMA_OK means
 * the transaction completes: its bytes must then be moved, before anything
 * else happens on the bus, with model_dma_copy() (a read and a write) or
 * model_dma_read() (a read into the engine's buffer).
 *
 * Return: what model_dma() would return.
 */
enum model_dma_status model_dma_begin(struct model *m, u32 sid, u64 addr,
				      u32 len, u32 flags,
				      struct model_dma_ref *ref);

/**
 * model_dma_read() - the bytes of a read model_dma_begin() accepted
 * @m:   the node
 * @ref: the read
 * @buf: where they go
 * @len: as given to model_dma_begin()
 */
void model_dma_read(struct model *m, const struct model_dma_ref *ref, void *buf,
		    u32 len);

/**
 * model_dma_copy() - the bytes of reads and writes model_dma_begin()
 * accepted (or that model_dma_repeat() accounted for), one copy
 * @m:   the node
 * @dst: the first write
 * @src: the first read
 * @len: bytes from @src->pa to @dst->pa, within both pages
 *
 * Each read of the bytes happens before their write, as burst by burst:
 * the caller must not pass a forward overlap (model_dma_overlap()) of
 * more than one burst.  Counts @len bytes read and @len written (not the
 * RAZ/WI side), and the CPU cache lines written leave the cache.
 */
void model_dma_copy(struct model *m, const struct model_dma_ref *dst,
		    const struct model_dma_ref *src, u32 len);

/**
 * model_dma_overlap() - whether copying @len bytes from @src to @dst at once
 * differs from copying them a burst at a time: the destination starts
 * inside the source, above it, so later bursts would read what earlier
 * ones wrote
 */
static inline bool model_dma_overlap(const struct model_dma_ref *dst,
				     const struct model_dma_ref *src, u32 len)
{
	const u8 *d, *s;

	if (!dst->page || !src->page)
		return false; /* nothing written, or zeros read */
	d = dst->page->data + (dst->pa & 4095);
	s = src->page->data + (src->pa & 4095);
	return d > s && d < s + len;
}

/**
 * model_dma_repeat_pair() - @n reads at @src and @n writes at @dst (each
 * run within one page, @len bytes in all) that the SMMU would answer as it
 * answered the last transactions of their pages: model_dma_begin() for
 * all of them without translating any
 * @m:    the node
 * @sid:  the master's stream ID
 * @src:  the first read's address
 * @dst:  the first write's address
 * @len:  bytes the reads (and the writes) move
 * @n:    how many of each
 * @sref: where the reads' bytes are
 * @dref: where the writes' bytes go
 *
 * Refused when a transaction would not complete (not RAM, out of memory),
 * or when @n > 1 and one copy would not be a burst-by-burst copy
 * (model_dma_overlap()).
 *
 * Return: 0 with all of them accounted for (move the bytes with
 * model_dma_copy()), or -EAGAIN with nothing done: issue the first with
 * model_dma_begin().
 */
int model_dma_repeat_pair(struct model *m, u32 sid, u64 src, u64 dst, u32 len,
			  unsigned int n, struct model_dma_ref *sref,
			  struct model_dma_ref *dref);

/**
 * model_dma_repeat_copy() - @n more reads like @src's and writes like
 * @dst's (@sid, the same pages), if the SMMU would answer each as it
 * answered those
 *
 * Return: 0 with all of them accounted for, or -EAGAIN with none: issue
 * them one by one.
 */
int model_dma_repeat_copy(struct model *m, u32 sid, u64 src, u64 dst,
			  const struct model_dma_ref *sref,
			  const struct model_dma_ref *dref, unsigned int n);

/*
 * The timing model (model/timing.c).  It sees every transaction that
 * completes on the bus, with what the SMMU did for it, and keeps its own
 * MMU-500-shaped TLBs: nothing it does is visible to software.
 */
struct model_timing;

/**
 * struct model_xinfo - how the SMMU translated the last transaction
 * @translated: through a stage 1 context (else bypass, SCTLR.M=0 or no
 *              SMMU)
 * @ctx:        the regime's tag: context bank and ASID
 * @shift:      log2 of the leaf's size (page or block)
 * @leaf:       the leaf's walk level
 * @start:      the level walks start at (TnSZ)
 * @granule:    log2 of the granule
 */
struct model_xinfo {
	bool translated;
	u32 ctx;
	u8 shift;
	u8 leaf;
	u8 start;
	u8 granule;
};

struct model_timing *model_timing_create(const struct model_timing_cfg *cfg);
void model_timing_destroy(struct model_timing *t);
/* One transaction that completed: @len bytes at @addr of stream @sid. */
void model_timing_txn(struct model_timing *t, u32 sid, u64 addr, u32 len,
		      bool write, const struct model_xinfo *xi);
/* A TLB invalidation: @all, else the entries that cover @va. */
void model_timing_inv(struct model_timing *t, bool all, u64 va);
void model_timing_stats_of(const struct model_timing *t,
			   struct model_timing_stats *st);
void model_timing_restart(struct model_timing *t);

/** model_timed() - whether the node accounts time (the SMMU's memo is off) */
bool model_timed(const struct model *m);

/** model_note_xlate() - the SMMU says how it translated a transaction */
void model_note_xlate(struct model *m, const struct model_xinfo *xi);

/** model_note_inv() - the SMMU invalidated TLB entries (see model_timing_inv) */
void model_note_inv(struct model *m, bool all, u64 va);

/** model_set_iommu() - put an SMMU between the masters and memory */
void model_set_iommu(struct model *m, const struct model_iommu_ops *ops,
		     void *iommu);

/* The stats the devices keep up to date. */
struct model_stats *model_stats_of(struct model *m);
/*
 * The model's time, for a path that advances it on every transaction
 * without a call (the SMMU's memo): adding to it is model_tick().
 */
u64 *model_clock(struct model *m);

/* Device constructors, called by model_create(). */
int model_smmu_create(struct model *m, const struct model_cfg *cfg);

/**
 * model_smmu_set_sync_delay() - test hook: make TLB syncs take time
 * @m:     the node
 * @reads: after each write to a context bank's TLBSYNC (or to
 *         sTLBGSYNC), its TLBSTATUS.SACTIVE (sTLBGSTATUS.GSACTIVE) reads
 *         as 1 this many times before it reads 0; 0 (the default) makes
 *         syncs complete at once.  ~0U makes them never complete, so
 *         that a driver's bounded poll can be seen to time out.
 */
void model_smmu_set_sync_delay(struct model *m, unsigned int reads);
int model_zdma_create(struct model *m, const char *name,
		      const struct plat_dma *p);
int model_ni_create(struct model *m, const char *name,
		    const struct plat_dma *d);
/* The network interface, for model_ni_submit() (NULL: none). */
void model_set_ni(struct model *m, void *ni);
void *model_get_ni(struct model *m);
int model_cdma_create(struct model *m, const char *name,
		      const struct plat_dma *p);

/* Sparse physical memory (model/mem.c). */
struct model_mem;

/* The CPU cache's line size (the Cortex-A53's). */
#define MODEL_MEM_LINE 64

/* The device wrote [@off, @off + @len) of @p: those lines leave the cache. */
static inline void model_page_dev_wrote(struct model_page *p, u64 off, u64 len)
{
	u64 first, last;

	if (!p->cpu || !len)
		return;
	first = off / MODEL_MEM_LINE;
	last = (off + len - 1) / MODEL_MEM_LINE;
	p->stale |= (last == 63 ? ~0ULL : (1ULL << (last + 1)) - 1) &
		    ~((1ULL << first) - 1);
}

/*
 * The page holding @pa (device view), allocated on first touch when
 * @alloc, else NULL for an untouched page.  *@ram is set to whether @pa
 * is RAM at all.
 */
struct model_page *model_mem_lookup(struct model_mem *mem, u64 pa, bool alloc,
				    bool *ram);

/*
 * Memory for a node: @plat's RAM ranges on sparse host pages, or, with
 * @host, the host's own RAM.  Return: 0 and *@out, -EINVAL (@host with
 * @cpu_cache, or bad ranges), -ENOMEM.
 */
int model_mem_create(const struct plat_desc *plat, bool cpu_cache,
		     const struct model_host_ram *host, struct model_mem **out);
void model_mem_destroy(struct model_mem *mem);
/*
 * The device view of the page holding @pa: its bytes, allocated on first
 * touch when @alloc, else NULL for an untouched page.  *@ram is set to
 * whether @pa is RAM at all.
 */
u8 *model_mem_page(struct model_mem *mem, u64 pa, bool alloc, bool *ram);
/* The CPU view of the page holding @pa (the cache's copy when on). */
u8 *model_mem_cpu_page(struct model_mem *mem, u64 pa);
/*
 * The device view of the page holding @pa, allocated on first touch, for
 * a device write of [pa, pa + len) (one page): those lines leave the CPU
 * cache.  NULL when not RAM (*@ram false) or out of memory.
 */
u8 *model_mem_dev_write(struct model_mem *mem, u64 pa, u64 len, bool *ram);
void model_mem_clean(struct model_mem *mem, u64 pa, u64 len);
/* Back [pa, pa + size) with one contiguous host block in both views. */
int model_mem_reserve(struct model_mem *mem, u64 pa, u64 size);
u64 model_mem_pages(const struct model_mem *mem);
int model_mem_compare(struct model_mem *a, struct model_mem *b, u64 *pa);

/*
 * model_compare_mem() - test hook: model_mem_compare() of two nodes'
 * memories, for a harness that runs one program on two nodes (traced and
 * not) and wants the same bytes in the end.
 */
int model_compare_mem(struct model *a, struct model *b, u64 *pa);

#endif /* VADMA_MODEL_INTERNAL_H */
