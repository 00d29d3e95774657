// SPDX-License-Identifier: GPL-2.0-only
/*
 * Explicit mappings (VADMA_IOC_MAP) on the SMMUv2 backends (model,
 * mmu500): E1 and E2 of the thesis, in the kernel, on the MMU-500.
 *
 * One context bank, taken at load, translates IOVAs through stage-1
 * tables that vadma's own pgtable builds in kernel pages: ASID 0, which
 * Linux gives to no process (the banks of bonds carry the processes'
 * ASIDs, and the MMU-500's TLB entries are tagged by ASID).  vadma_main.c
 * pins a file's pages and checks every DMA against the file's mappings;
 * here MAP maps the pinned pages at their IOVAs, page by page, and UNMAP
 * unmaps them and invalidates the bank's TLB before the pages are
 * unpinned.  The bank terminates on a fault: a DMA through an IOVA nobody
 * mapped (VADMA_DMA_NOCHECK) ends VADMA_DMA_FAULT at that address, with
 * the SMMU's record in the file's fault log.
 *
 * Locks: the tables change under vadma_dev.lock only (MAP, UNMAP and DMA
 * all take it), so no DMA walks them meanwhile; the TLB maintenance takes
 * vadma_hw.lock, as every access to the SMMU does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>

#include "vadma/pgtable.h"
#include "vadma/smmu.h"
#include "kmod.h"

/* Inner-shareable write-back memory at attribute index 0, as Linux's. */
#define VADMA_IOVA_MAIR 0xffULL
#define VADMA_IOVA_ASID 0
/* The ZDMA drives 44-bit addresses: IOVAs stay below, for both engines. */
#define VADMA_IOVA_BITS 44

/**
 * struct vadma_iova - the bank of explicit mappings
 * @hw:   the SMMU and its engines
 * @pt:   the tables, in kernel pages
 * @cb:   the context bank
 * @line: the smallest data cache line, for cleaning tables
 */
struct vadma_iova {
	struct vadma_hw *hw;
	struct pt pt;
	unsigned int cb;
	unsigned int line;
};

static void vadma_iova_clean(void *ctx, void *va, u64 pa, size_t size)
{
	struct vadma_iova *io = ctx;

	if (io->hw->smmu.feat.cttw)
		return;
	/* The MMU-500 on ZynqMP walks without snooping (IDR0.CTTW = 0). */
	vadma_clean_poc(va, size, io->line);
	dsb(sy);
}

/* What pgtable changed, forgotten by the bank before it goes on. */
static void vadma_iova_tlb_inv(void *ctx, u64 va, u64 size, bool leaf)
{
	struct vadma_iova *io = ctx;
	struct vadma_hw *hw = io->hw;
	unsigned long irqflags;
	int ret;

	spin_lock_irqsave(&hw->lock, irqflags);
	ret = smmu_tlb_inv_range(&hw->smmu, io->cb, VADMA_IOVA_ASID, va, size,
				 PAGE_SHIFT, leaf);
	if (ret)
		ret = smmu_tlb_inv_asid(&hw->smmu, io->cb, VADMA_IOVA_ASID);
	spin_unlock_irqrestore(&hw->lock, irqflags);
	if (ret)
		pr_err_ratelimited("iova: TLB invalidation not confirmed: %s\n",
				   vadma_strerror(ret));
}

static const struct pt_mem_ops vadma_iova_pt_ops = {
	.alloc = vadma_pt_alloc,
	.free = vadma_pt_free,
	.phys_to_virt = vadma_pt_phys_to_virt,
	.clean = vadma_iova_clean,
	.tlb_inv = vadma_iova_tlb_inv,
};

static int vadma_iova_map(struct vadma_dev *vd, struct vadma_mapping *m)
{
	struct vadma_iova *io = vd->hw->iova;
	/* DMA masters issue unprivileged data accesses (AxPROT[0] = 0). */
	u32 prot = PT_PROT_READ | PT_PROT_USER | PT_PROT_NG |
		   FIELD_PREP(PT_PROT_ATTR, 0) |
		   FIELD_PREP(PT_PROT_SH, PT_SH_INNER);
	unsigned long i;
	int ret = 0;

	if (m->flags & VADMA_MAP_WRITE)
		prot |= PT_PROT_WRITE;
	for (i = 0; i < m->npages; i++) {
		ret = pt_map(&io->pt, m->iova + i * PAGE_SIZE,
			     page_to_phys(m->pages[i]), PAGE_SIZE, prot);
		if (ret)
			break;
	}
	/* All or nothing: what was mapped goes again. */
	if (ret && i)
		pt_unmap(&io->pt, m->iova, i * PAGE_SIZE);
	return ret;
}

static void vadma_iova_unmap(struct vadma_dev *vd, struct vadma_mapping *m)
{
	struct vadma_iova *io = vd->hw->iova;
	s64 done;

	/* With tlb_inv, pgtable has invalidated the bank before it returns. */
	done = pt_unmap(&io->pt, m->iova, m->length);
	WARN_ON(done != (s64)m->length);
}

static int vadma_iova_dma_op(struct vadma_dev *vd, struct vadma_dma *d)
{
	return vadma_iova_dma(vd, d, vd->hw->iova->cb);
}

/**
 * vadma_iova_init() - the bank of explicit mappings on @hw
 * @vd:  the device: MAP, UNMAP and DMA on IOVAs are served, iova_limit set
 * @hw:  an SMMU probed and reset
 * @ops: the backend's ops, to which map, unmap and dma are added
 *
 * Return: 0, or a negative errno (no bank left, no memory).
 */
int vadma_iova_init(struct vadma_dev *vd, struct vadma_hw *hw,
		    struct vadma_backend_ops *ops)
{
	const struct smmu_features *f = &hw->smmu.feat;
	struct pt_cfg cfg = {
		.granule = PT_GRANULE_4K,
		.ias = VADMA_IOVA_BITS,
		.oas = f->oas,
		.range = PT_TTBR0,
		.coherent_walk = f->cttw,
		.mair = VADMA_IOVA_MAIR,
	};
	struct smmu_cb_cfg cb_cfg = {
		.asid = VADMA_IOVA_ASID,
		.mair = VADMA_IOVA_MAIR,
		.fault_irq = hw->cb_irq,
		.fault_abort = true,
	};
	unsigned long irqflags;
	struct smmu_cb_image img;
	struct vadma_iova *io;
	struct pt_tcr tcr;
	int ret, cb;

	io = kzalloc(sizeof(*io), GFP_KERNEL);
	if (!io)
		return -ENOMEM;
	io->hw = hw;
	io->line = 4U << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	/* The RAM the pages come from must be within the SMMU's output. */
	if (f->oas < 64 && hw->ram_end > (1ULL << f->oas)) {
		ret = -EOPNOTSUPP;
		goto out_free;
	}
	spin_lock_irqsave(&hw->lock, irqflags);
	cb = smmu_cb_alloc(&hw->smmu);
	spin_unlock_irqrestore(&hw->lock, irqflags);
	if (cb < 0) {
		ret = cb;
		goto out_free;
	}
	io->cb = cb;
	ret = pt_init(&io->pt, &cfg, &vadma_iova_pt_ops, io);
	if (ret)
		goto out_cb;
	pt_tcr(&io->pt, &tcr);
	cb_cfg.t0 = &tcr;
	cb_cfg.ttbr0 = pt_ttbr(&io->pt, VADMA_IOVA_ASID);
	ret = smmu_cb_image_s1(f, &cb_cfg, &img);
	if (ret)
		goto out_pt;
	spin_lock_irqsave(&hw->lock, irqflags);
	ret = smmu_tlb_inv_asid(&hw->smmu, io->cb, VADMA_IOVA_ASID);
	if (!ret)
		ret = smmu_cb_write(&hw->smmu, io->cb, &img);
	spin_unlock_irqrestore(&hw->lock, irqflags);
	if (ret)
		goto out_pt;

	hw->iova = io;
	ops->map = vadma_iova_map;
	ops->unmap = vadma_iova_unmap;
	ops->dma = vadma_iova_dma_op;
	vd->info.iova_limit = 1ULL << VADMA_IOVA_BITS;
	return 0;

out_pt:
	pt_destroy(&io->pt);
out_cb:
	spin_lock_irqsave(&hw->lock, irqflags);
	smmu_cb_disable(&hw->smmu, io->cb);
	smmu_cb_free(&hw->smmu, io->cb);
	spin_unlock_irqrestore(&hw->lock, irqflags);
out_free:
	kfree(io);
	return ret;
}

/**
 * vadma_iova_exit() - undo vadma_iova_init(); no mapping is left
 * @hw: the hardware
 */
void vadma_iova_exit(struct vadma_hw *hw)
{
	struct vadma_iova *io = hw->iova;
	unsigned long irqflags;

	if (!io)
		return;
	spin_lock_irqsave(&hw->lock, irqflags);
	smmu_cb_disable(&hw->smmu, io->cb);
	smmu_tlb_inv_asid(&hw->smmu, io->cb, VADMA_IOVA_ASID);
	smmu_cb_free(&hw->smmu, io->cb);
	spin_unlock_irqrestore(&hw->lock, irqflags);
	pt_destroy(&io->pt);
	kfree(io);
	hw->iova = NULL;
}
