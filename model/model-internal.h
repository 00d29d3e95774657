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
 * @step:    do at most one unit of work (one burst, one walk); return
 *           true while the device has work left (busy), or NULL
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
 */
struct model_iommu_ops {
	enum model_xlate_status (*translate)(void *iommu, u32 sid, u64 addr,
					     u32 flags, u64 *pa);
	int (*repeat)(void *iommu, u32 sid, u64 addr, u32 flags, unsigned int n,
		      bool commit, u64 *pa);
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

/**
 * model_dma_move() - an engine copies @len device-view bytes from @src to
 * @dst (physical, each range within one 4 KiB page), after translating
 * both itself; counted as @len bytes read and @len written
 * Return: 0, or -EFAULT when either is not RAM (nothing moved), -ENOMEM.
 */
int model_dma_move(struct model *m, u64 dst, u64 src, u32 len);

/** model_set_iommu() - put an SMMU between the masters and memory */
void model_set_iommu(struct model *m, const struct model_iommu_ops *ops,
		     void *iommu);

/* The stats the devices keep up to date. */
struct model_stats *model_stats_of(struct model *m);

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

struct model_mem *model_mem_create(const struct plat_desc *plat,
				   bool cpu_cache);
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

#endif /* VADMA_MODEL_INTERNAL_H */
