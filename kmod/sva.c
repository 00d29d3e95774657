// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared virtual addressing (E3) in a real kernel: an SMMUv2 context bank
 * walks the calling process's own page tables, the DMA engines take the
 * process's virtual addresses, the kernel's fault path serves what the
 * SMMU cannot translate, and an mmu_notifier keeps the SMMU's TLB in step
 * with every change the kernel makes to those tables.
 *
 * The code drives the SMMU and the engines only through the driver core
 * (smmu/, dmac/) and struct vadma_hw, so the same code serves the model
 * inside this module (model.c) and, with ioremap()ed registers, a real
 * MMU-500.
 *
 * What the bank copies from the CPU: TTBR0 = the physical address of
 * mm->pgd, the mm's ASID (pinned with arm64_mm_context_get(), so a
 * rollover cannot give it to another process while the bank uses it; with
 * KPTI it is the odd, user ASID), and TCR_EL1's T0SZ, TG0, SH0, IRGN0,
 * ORGN0, IPS and AS, and MAIR_EL1.  TTBR1 walks are off: a device never
 * reaches kernel addresses.
 *
 * Faults stall (CFCFG = 1).  The DMA loop reads FSR, FAR, FSYNR0, clears
 * FSR and serves the fault with fixup_user_fault(), as if the process had
 * touched the page: a page never touched is allocated, a clean or shared
 * (copy-on-write) page is made writable, an old page young.  Linux changes
 * some entries without telling secondary MMUs (ptep_set_access_flags():
 * read-only to writable on the first write, young again); the architecture
 * lets an SMMU keep a TLB entry that faulted, so the page is invalidated
 * before RESUME retries.  A fault the kernel refuses (no VMA, no right)
 * terminates the transaction: the engine stops with an error and the DMA
 * ends with VADMA_DMA_FAULT.
 *
 * Locks: vadma_dev.lock (a mutex) serialises the ioctls; vadma_hw.lock (a
 * spinlock) the hardware and the driver core's state.  The notifier takes
 * only the spinlock, under the page-table lock; the DMA loop drops it
 * before it takes mmap_lock to serve a fault.  Order: vadma_dev.lock,
 * mmap_lock, page-table lock, vadma_hw.lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <asm/mmu_context.h>
#include <asm/sysreg.h>
#include <uapi/linux/magic.h>

#include "vadma/dmac.h"
#include "vadma/smmu.h"
#include "uapi/vadma.h"
#include "kmod.h"

static unsigned int dma_timeout_ms = 10000;
module_param(dma_timeout_ms, uint, 0644);
MODULE_PARM_DESC(
	dma_timeout_ms,
	"the most one DMA on virtual addresses waits for its engine, faults served included (ms)");

/**
 * struct vadma_bond - one file bound to its process's address space
 * @mn:    registered on @mm
 * @hw:    the SMMU and engines
 * @mm:    the address space (held by the notifier's registration)
 * @cb:    the context bank walking @mm's tables
 * @asid:  @mm's ASID, pinned
 * @dead:  the address space has gone (exit): the bank was released and
 *         DMA refuses to run; under @hw->lock
 * @lost:  a TLB invalidation was not confirmed: DMA refuses to run;
 *         under @hw->lock
 * @clean: the SMMU's walks do not snoop (IDR0.CTTW = 0): tables are
 *         cleaned to the point of coherency (vadma_bond_clean())
 * @ttbr0: the physical address of the process's top table
 * @start_level: its level (0 for 48-bit addresses)
 * @va_limit: the top of the TTBR0 range, 2^(64 - T0SZ)
 * @line:  the smallest data cache line (CTR_EL0.DminLine)
 */
struct vadma_bond {
	struct mmu_notifier mn;
	struct vadma_hw *hw;
	struct mm_struct *mm;
	unsigned int cb;
	u16 asid;
	bool dead;
	bool lost;
	bool clean;
	u64 ttbr0;
	unsigned int start_level;
	u64 va_limit;
	unsigned int line;
};

/* --- Walks that do not snoop the CPU's caches ------------------------------ */

/*
 * On ZynqMP the MMU-500 reads translation tables from memory without
 * snooping the CPU's caches (IDR0.CTTW = 0), and Linux writes the
 * process's tables with ordinary cacheable stores and never cleans them:
 * it has no reason to, its own walker snoops.  So the SMMU may see an old
 * value of any descriptor: invalid where the CPU has made it valid (a
 * fault, served below, after which the path is cleaned), but also valid
 * where the CPU has cleared it (a DMA into a page already freed), or the
 * garbage of a page reused as a new table.  The rules that keep it safe:
 *   - at bind, every table of the process is cleaned to the point of
 *     coherency, whole pages;
 *   - whenever the notifier reports a change, the tables covering the
 *     range are cleaned before the TLB invalidation;
 *   - after a fault is served, the tables on the walk of the faulting
 *     address are cleaned, whole pages, before RESUME retries: a table
 *     reached for the first time is then clean throughout.
 * Entries the CPU changes without telling anyone only ever get more
 * permissive (present, writable, young); a stale copy is stricter and
 * faults, which cleans it.  A table is read without the locks that keep
 * it alive (the notifier may run under the page-table lock only): a stale
 * or freed table is just memory, and cleaning it is harmless; an address
 * that is not RAM in the linear map is never followed, and a page that
 * leaves the map while it is read or cleaned stops the walk there
 * (kmod/mem.c).  The 4 KiB granule only.
 */
/*
 * The table page at @pa, cleaned; NULL when it is not RAM in the linear
 * map (a stale descriptor may name anything: device memory, a page since
 * given to memfd_secret(2)).
 */
static const u64 *vadma_clean_table(u64 pa, unsigned int line)
{
	const u64 *t = (const u64 *)vadma_linear_page(pa);

	if (!t || vadma_clean_poc(t, PAGE_SIZE, line))
		return NULL;
	return t;
}

/*
 * Clean the table at @pa (of @level, 0 to 3) and, below it, the tables
 * that map [@first, @last] (inclusive: @last may be the top of the space).
 */
static void vadma_clean_level(u64 pa, unsigned int level, u64 first, u64 last,
			      unsigned int line)
{
	unsigned int shift = 39 - 9 * level;
	const u64 *t = vadma_clean_table(pa, line);
	u64 va = first;

	if (!t || level == 3)
		return;
	for (;;) {
		u64 end = va | ((1ULL << shift) - 1);
		u64 desc;

		/* Read with a fixup: the page may leave the map meanwhile. */
		if (get_kernel_nofault(desc, &t[(va >> shift) & 511]))
			return;
		/* A table descriptor: the next level's table. */
		if ((desc & 3) == 3)
			vadma_clean_level(desc & GENMASK_ULL(47, 12), level + 1,
					  va, min(end, last), line);
		if (end >= last)
			break;
		va = end + 1;
	}
}

/* Clean the tables of @b's address space that map [@start, @end). */
static void vadma_bond_clean(struct vadma_bond *b, u64 start, u64 end)
{
	if (!b->clean || start >= end || start >= b->va_limit)
		return;
	if (end > b->va_limit)
		end = b->va_limit;
	vadma_clean_level(b->ttbr0, b->start_level, start, end - 1, b->line);
	dsb(sy); /* the cleans complete before the SMMU is told to look */
}

/*
 * The bank stops translating for good: a stalled transaction is
 * terminated, the bank disabled, its ASID's entries forgotten, the bank
 * handed back.  Under hw->lock.
 */
static void vadma_bond_quiesce(struct vadma_bond *b)
{
	struct smmu *smmu = &b->hw->smmu;
	struct smmu_fault f;
	int ret;

	if (b->dead)
		return;
	/* Never a stream on a disabled bank: it would bypass stage 1. */
	if (b->hw->live_cb == (int)b->cb) {
		smmu_route_streams(smmu, &b->hw->live_sid, 1,
				   SMMU_S2CR_TYPE_FAULT, 0);
		b->hw->live_cb = -1;
	}
	if (!smmu_cb_fault(smmu, b->cb, &f)) {
		smmu_cb_fault_clear(smmu, &f);
		if (f.stalled)
			smmu_cb_resume(smmu, b->cb, true);
	}
	smmu_cb_disable(smmu, b->cb);
	/*
	 * No stream reaches the bank (a DMA routes one to it only while it
	 * runs, under the file's lock), and the next bind of the bank
	 * forgets the ASID again before it is used: a failed sync here
	 * leaves nothing reachable, but says the SMMU is unwell.
	 */
	ret = smmu_tlb_inv_asid(smmu, b->cb, b->asid);
	if (ret)
		pr_err_ratelimited(
			"sva: bank %u: TLBIASID %u not confirmed: %s\n", b->cb,
			b->asid, vadma_strerror(ret));
	smmu_cb_free(smmu, b->cb);
	b->dead = true;
}

/*
 * The SMMU did not confirm an invalidation (its sync timed out): it may
 * still translate with what the kernel is about to free.  The DMA using
 * the bank now, if any, loses its stream (routed to a fault, so it ends
 * with an error), and the bond takes no DMA any more.  Under hw->lock.
 */
static void vadma_bond_lost_sync(struct vadma_bond *b)
{
	struct vadma_hw *hw = b->hw;

	hw->stats.lost_syncs++;
	if (hw->live_cb == (int)b->cb)
		smmu_route_streams(&hw->smmu, &hw->live_sid, 1,
				   SMMU_S2CR_TYPE_FAULT, 0);
	b->lost = true;
	pr_err_ratelimited(
		"sva: bank %u: TLB invalidation not confirmed: its DMA is stopped, the file takes no more\n",
		b->cb);
}

/*
 * The kernel changed [@start, @end) of the tables (unmap, mprotect, fork's
 * write protection, migration, COW...) and will free what it unmapped
 * after this returns: the SMMU forgets the range first.  Called under the
 * page-table lock: no sleeping.
 */
static void vadma_mn_invalidate(struct mmu_notifier *mn, struct mm_struct *mm,
				unsigned long start, unsigned long end)
{
	unsigned long irqflags;
	struct vadma_bond *b = container_of(mn, struct vadma_bond, mn);
	struct vadma_hw *hw = b->hw;

	/* Cleaning needs no lock and may be long: interrupts stay on. */
	vadma_bond_clean(b, start, end);
	spin_lock_irqsave(&hw->lock, irqflags);
	if (!b->dead) {
		hw->stats.invalidations++;
		if (smmu_tlb_inv_range(&hw->smmu, b->cb, b->asid, start,
				       end - start, PAGE_SHIFT, false))
			vadma_bond_lost_sync(b);
	}
	spin_unlock_irqrestore(&hw->lock, irqflags);
}

/* The address space is torn down (exit): stop using its tables. */
static void vadma_mn_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	unsigned long irqflags;
	struct vadma_bond *b = container_of(mn, struct vadma_bond, mn);

	spin_lock_irqsave(&b->hw->lock, irqflags);
	if (!b->dead)
		b->hw->stats.released++;
	vadma_bond_quiesce(b);
	spin_unlock_irqrestore(&b->hw->lock, irqflags);
}

static const struct mmu_notifier_ops vadma_mn_ops = {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	.arch_invalidate_secondary_tlbs = vadma_mn_invalidate,
#else
	.invalidate_range = vadma_mn_invalidate,
#endif
	.release = vadma_mn_release,
};

/* The CPU's translation regime for EL0, as the bank must copy it. */
static int vadma_bond_image(struct vadma_bond *b, struct smmu_cb_image *img)
{
	struct vadma_hw *hw = b->hw;
	struct mm_struct *mm = b->mm;
	u16 asid = b->asid;
	u64 tcr = read_sysreg(tcr_el1);
	struct pt_tcr t0;
	struct pt_cfg shape;
	struct smmu_cb_cfg cfg = {
		.t0 = &t0,
		.ttbr0 = virt_to_phys(mm->pgd),
		.asid = asid,
		.mair = read_sysreg(mair_el1),
		.stall = true,
		.fault_irq = hw->cb_irq,
		.fault_abort = true,
	};
	int ret;

	/* 16-bit ASIDs in the CPU need them in the bank (CB_TCR2.AS). */
	if (!(tcr & PT_TCR_AS) && asid > 0xff)
		return -EINVAL;
	ret = pt_tcr_decode(tcr, PT_TTBR0, &t0, &shape);
	if (ret)
		return ret;
	b->ttbr0 = cfg.ttbr0;
	b->va_limit = 1ULL << shape.ias;
	b->start_level = pt_start_level(shape.granule, shape.ias);
	b->line = 4U << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	b->clean = !hw->smmu.feat.cttw;
	/* The cleaning walk knows the 4 KiB granule only. */
	if (b->clean && shape.granule != PT_GRANULE_4K)
		return -EOPNOTSUPP;
	/*
	 * The CPU's output size may exceed the SMMU's: walk with the SMMU's
	 * when every byte of RAM lies below it.
	 */
	if (shape.oas > hw->smmu.feat.oas) {
		if (hw->ram_end > (1ULL << hw->smmu.feat.oas))
			return -EOPNOTSUPP;
		t0.ips = (u8)pt_oas_to_ips(hw->smmu.feat.oas);
	}
	return smmu_cb_image_s1(&hw->smmu.feat, &cfg, img);
}

static int vadma_sva_bind(struct vadma_file *f, struct vadma_bind *a)
{
	unsigned long irqflags;
	struct vadma_hw *hw = f->vd->hw;
	struct mm_struct *mm = current->mm;
	struct smmu_cb_image img;
	struct vadma_bond *b;
	unsigned long asid;
	int ret, cb;

	if (f->bond)
		return -EBUSY;
	if (!mm)
		return -EINVAL;
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->hw = hw;
	b->mm = mm;
	b->mn.ops = &vadma_mn_ops;

	asid = arm64_mm_context_get(mm);
	if (!asid) {
		/* Every ASID the allocator can pin is pinned. */
		ret = -ENOSPC;
		goto out_free;
	}
	b->asid = (u16)asid;
	ret = vadma_bond_image(b, &img);
	if (ret)
		goto out_asid;

	/*
	 * The bank is live before the notifier, but no stream reaches it
	 * until a DMA: nothing is walked, nothing cached meanwhile.  The ASID
	 * may have tagged other tables in this bank before: forget them.
	 */
	spin_lock_irqsave(&hw->lock, irqflags);
	cb = smmu_cb_alloc(&hw->smmu);
	if (cb >= 0) {
		b->cb = cb;
		ret = smmu_tlb_inv_asid(&hw->smmu, b->cb, b->asid);
		if (!ret)
			ret = smmu_cb_write(&hw->smmu, b->cb, &img);
		if (ret) {
			smmu_cb_disable(&hw->smmu, b->cb);
			smmu_cb_free(&hw->smmu, b->cb);
		}
	} else {
		ret = cb;
	}
	spin_unlock_irqrestore(&hw->lock, irqflags);
	if (ret)
		goto out_asid;

	ret = mmu_notifier_register(&b->mn, mm);
	if (ret) {
		spin_lock_irqsave(&hw->lock, irqflags);
		vadma_bond_quiesce(b);
		spin_unlock_irqrestore(&hw->lock, irqflags);
		goto out_asid;
	}
	/*
	 * Walks that do not snoop: what the tables were before the notifier
	 * saw their changes is cleaned now, all of it.
	 */
	if (b->clean) {
		mmap_read_lock(mm);
		vadma_bond_clean(b, 0, b->va_limit);
		mmap_read_unlock(mm);
	}
	f->bond = b;
	a->pasid = b->asid;
	spin_lock_irqsave(&hw->lock, irqflags);
	hw->stats.binds++;
	hw->stats.bonds++;
	spin_unlock_irqrestore(&hw->lock, irqflags);
	return 0;

out_asid:
	arm64_mm_context_put(mm);
out_free:
	kfree(b);
	return ret;
}

/* Undo the bind: from VADMA_IOC_UNBIND or when the file is closed. */
static int vadma_sva_unbind(struct vadma_file *f, bool closing)
{
	unsigned long irqflags;
	struct vadma_bond *b = f->bond;
	struct vadma_hw *hw = b->hw;

	/* After fork the child holds the file, not the address space. */
	if (!closing && b->mm != current->mm)
		return -EPERM;
	spin_lock_irqsave(&hw->lock, irqflags);
	vadma_bond_quiesce(b);
	hw->stats.bonds--;
	spin_unlock_irqrestore(&hw->lock, irqflags);
	/* The notifier's registration holds the mm (mm_count) until here. */
	arm64_mm_context_put(b->mm);
	mmu_notifier_unregister(&b->mn, b->mm);
	f->bond = NULL;
	kfree(b);
	return 0;
}

/* --- DMA on virtual addresses --------------------------------------------- */

static u16 vadma_fault_type(enum smmu_fault_type t)
{
	switch (t) {
	case SMMU_FAULT_TRANSLATION:
		return VADMA_FAULT_TRANSLATION;
	case SMMU_FAULT_PERMISSION:
		return VADMA_FAULT_PERMISSION;
	case SMMU_FAULT_ACCESS:
		return VADMA_FAULT_ACCESS;
	case SMMU_FAULT_ADDRESS_SIZE:
		return VADMA_FAULT_ADDR_SIZE;
	case SMMU_FAULT_EXTERNAL:
		return VADMA_FAULT_WALK;
	default:
		return VADMA_FAULT_UNKNOWN;
	}
}

/*
 * Memory the kernel itself does not let a device reach, because GUP
 * refuses it: device memory and other pages with no struct page behind
 * them (VM_IO, VM_PFNMAP), and memfd_secret(2) memory, whose pages are out
 * of the kernel's linear map (vma_is_secretmem() is not exported: its
 * files live on their own pseudo file system).  DMA refuses it too.
 */
static bool vadma_vma_refused(const struct vm_area_struct *vma)
{
	if (vma->vm_flags & (VM_IO | VM_PFNMAP))
		return true;
	return vma->vm_file &&
	       file_inode(vma->vm_file)->i_sb->s_magic == SECRETMEM_MAGIC;
}

/*
 * The first address of [@start, @start + @len) that lies in memory DMA
 * refuses (vadma_vma_refused()); false when there is none.  Parts no VMA
 * covers are the SMMU's to fault.  Sleeps (mmap_lock).
 */
static bool vadma_range_refused(struct mm_struct *mm, u64 start, u64 len,
				u64 *bad)
{
	struct vm_area_struct *vma;
	u64 end = start + len;
	bool refused = false;

	if (start >= TASK_SIZE)
		return false;
	mmap_read_lock(mm);
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = find_vma(mm, vma->vm_end)) {
		if (vadma_vma_refused(vma)) {
			*bad = max_t(u64, start, vma->vm_start);
			refused = true;
			break;
		}
	}
	mmap_read_unlock(mm);
	return refused;
}

/*
 * Serve a stalled fault as the CPU's fault would be served; 0 when the
 * access may be retried.  Sleeps (mmap_lock).
 */
static int vadma_sva_fixup(struct vadma_bond *b, const struct smmu_fault *f)
{
	unsigned int flags = f->write ? FAULT_FLAG_WRITE : 0;
	struct vm_area_struct *vma;
	int ret;

	switch (f->type) {
	case SMMU_FAULT_TRANSLATION:
	case SMMU_FAULT_ACCESS:
	case SMMU_FAULT_PERMISSION:
		break;
	default:
		/* Not something paging fixes (address size, a bus error). */
		return -EFAULT;
	}
	/* Beyond what user space can map: no VMA will ever hold it. */
	if (f->far >= TASK_SIZE)
		return -EFAULT;
	mmap_read_lock(b->mm);
	/*
	 * Memory mapped since the DMA started is checked here, before it is
	 * made present for the device.
	 */
	vma = vma_lookup(b->mm, f->far);
	if (vma && vadma_vma_refused(vma))
		ret = -EFAULT;
	else
		ret = fixup_user_fault(b->mm, f->far, flags, NULL);
	/* What the SMMU walks again must be in memory, not only in cache. */
	if (!ret)
		vadma_bond_clean(b, f->far & PAGE_MASK,
				 (f->far & PAGE_MASK) + PAGE_SIZE);
	mmap_read_unlock(b->mm);
	return ret;
}

/*
 * One DMA through a context bank: a bound file's (@b set: the process's
 * tables, faults stall and are served) or the bank of explicit mappings
 * (@b NULL: kmod/iova.c's tables, faults terminate).
 */
struct vadma_sva_run {
	struct vadma_bond *b;
	struct vadma_dma *d;
	enum vadma_engine engine;
	unsigned int cb;
	u32 sid;
	unsigned long deadline;
	unsigned int faults;
	unsigned int max_faults;
	bool fault_seen;
};

/*
 * Back to its state after the load: idle, with the interrupts the DMA loop
 * waits for enabled when the hardware's interrupts reach us (@hw->irqs),
 * else masked.  Under hw->lock.
 */
static int vadma_engine_reset(struct vadma_hw *hw, enum vadma_engine engine)
{
	return dmac_engine_reset(&hw->engines[engine].dma);
}

/* Start the engine on the request.  Under hw->lock. */
static int vadma_sva_start(struct vadma_hw *hw, struct vadma_sva_run *r)
{
	const struct vadma_dma *d = r->d;
	int ret;

	/* One stopped by an earlier error (a CDMA) is reset first. */
	ret = dmac_engine_copy(&hw->engines[r->engine].dma, d->src, d->dst,
			       (u32)d->len);
	/* Lengths are checked: what is left is an address too wide. */
	return ret == -EINVAL ? -ERANGE : ret;
}

/* The engine's status, its interrupt bits taken.  Under hw->lock. */
static void vadma_engine_status(struct vadma_hw *hw, enum vadma_engine engine,
				struct dmac_status *st)
{
	struct dmac_engine *e = &hw->engines[engine].dma;
	u32 pending;

	memset(st, 0, sizeof(*st));
	dmac_engine_irq_ack(e, &pending);
	dmac_engine_status(e, st);
}

static u32 vadma_engine_sid(struct vadma_hw *hw, enum vadma_engine engine)
{
	return hw->engines[engine].sid;
}

static const char *vadma_engine_name(struct vadma_hw *hw,
				     enum vadma_engine engine)
{
	return hw->engines[engine].dma.ops->name;
}

/*
 * A transaction the bank holds stalled ends with an abort, whether its
 * fault was taken by the interrupt handler or not.  Under hw->lock.
 */
static void vadma_cb_terminate(struct vadma_hw *hw, int cb)
{
	struct smmu_fault f;

	if (cb < 0)
		return;
	if (hw->irq_fault_valid && (int)hw->irq_fault.cb == cb) {
		hw->irq_fault_valid = false;
		if (hw->irq_fault.stalled)
			smmu_cb_resume(&hw->smmu, cb, true);
	}
	if (smmu_cb_fault(&hw->smmu, cb, &f))
		return;
	smmu_cb_fault_clear(&hw->smmu, &f);
	if (f.stalled)
		smmu_cb_resume(&hw->smmu, cb, true);
}

/*
 * The bank's fault, if it has one: taken by the interrupt handler already
 * (vadma_sva_irq()), or read from its FSR now and cleared.  Under hw->lock.
 */
static bool vadma_take_fault(struct vadma_hw *hw, unsigned int cb,
			     struct smmu_fault *f)
{
	if (hw->irq_fault_valid) {
		hw->irq_fault_valid = false;
		if (hw->irq_fault.cb == cb) {
			*f = hw->irq_fault;
			return true;
		}
	}
	if (!smmu_cb_fault(&hw->smmu, cb, f) &&
	    (f->fsr & SMMU_FSR_FAULT & ~SMMU_FSR_SS)) {
		smmu_cb_fault_clear(&hw->smmu, f);
		return true;
	}
	return false;
}

/**
 * vadma_sva_irq() - the SMMU's interrupt, for its context banks
 * @hw: the hardware; hw->lock held
 *
 * On the ZynqMP one line carries every fault of the MMU-500.  The live
 * bank's fault is taken for the DMA loop, which serves it and writes
 * RESUME: its FSR is cleared here so that the line drops (a stalled
 * transaction stays stalled until RESUME).  A bank no DMA uses has no
 * stream routed to it; a fault there is left over from a DMA that ended,
 * and is cleared and terminated, so that it cannot hold the line high.
 *
 * Return: true when a bank had a fault.
 */
bool vadma_sva_irq(struct vadma_hw *hw)
{
	struct smmu_fault f;
	bool any = false;
	unsigned int cb;

	for (cb = 0; cb < hw->smmu.feat.num_cbs; cb++) {
		if (smmu_cb_fault(&hw->smmu, cb, &f) ||
		    !(f.fsr & SMMU_FSR_FAULT & ~SMMU_FSR_SS))
			continue;
		any = true;
		if ((int)cb == hw->live_cb && !hw->irq_fault_valid) {
			smmu_cb_fault_clear(&hw->smmu, &f);
			hw->irq_fault = f;
			hw->irq_fault_valid = true;
			hw->stats.irq_faults++;
		} else if ((int)cb != hw->live_cb) {
			smmu_cb_fault_clear(&hw->smmu, &f);
			if (f.stalled)
				smmu_cb_resume(&hw->smmu, cb, true);
		}
	}
	if (any) {
		hw->irq_events++;
		wake_up(&hw->irq_wq);
	}
	return any;
}

/**
 * vadma_sva_engine_irq() - an engine's interrupt: done, or an error
 * @hw:     the hardware; hw->lock held
 * @engine: which
 *
 * Takes the engine's interrupt bits (the status keeps them for the DMA
 * loop) and wakes the loop.
 */
void vadma_sva_engine_irq(struct vadma_hw *hw, enum vadma_engine engine)
{
	u32 pending;

	dmac_engine_irq_ack(&hw->engines[engine].dma, &pending);
	hw->stats.irq_engine++;
	hw->irq_events++;
	wake_up(&hw->irq_wq);
}

/* With interrupts, the DMA loop still looks this often (ms). */
#define VADMA_POLL_MS 10

/* The most a halt waits for its engine to stop. */
#define VADMA_HALT_MS 1000

/*
 * Make sure @engine moves no byte more, after a DMA ran out of time or its
 * caller was killed, and leave it ready for the next DMA, from any file.
 *
 * Neither engine can be stopped at once by a register: a busy ZDMA
 * channel reads CTRL2.EN only when it stops or pauses (UG1085, "Channel
 * Disabled"), and an AXI CDMA's soft reset waits for the transfers under
 * way.  Both stop on the first error a transaction returns.  So the
 * stream is routed to a fault first (S2CR.TYPE, in place: from then on
 * every transaction of the engine is aborted by the SMMU, nothing reaches
 * memory), the transaction the bank holds stalled, if any, is terminated,
 * and the engine is waited for, then reset.  Sleeps; called without
 * hw->lock.  @cb is the bank the stream was routed to, or -1.
 *
 * Return: 0, with @st the engine's status when it stopped (its bytes);
 * -EIO when it did not stop: its stream stays routed to a fault, the
 * engine is marked wedged, and each later DMA on it tries again.
 */
static int vadma_sva_halt(struct vadma_hw *hw, enum vadma_engine engine, int cb,
			  struct dmac_status *st)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(VADMA_HALT_MS);
	u32 sid = vadma_engine_sid(hw, engine);
	unsigned long irqflags;
	struct dmac_status now;
	struct smmu_gfault g;
	int ret;

	spin_lock_irqsave(&hw->lock, irqflags);
	hw->stats.halts++;
	smmu_route_streams(&hw->smmu, &sid, 1, SMMU_S2CR_TYPE_FAULT, 0);
	if (hw->live_sid == sid)
		hw->live_cb = -1;
	hw->wedged |= BIT(engine);
	spin_unlock_irqrestore(&hw->lock, irqflags);

	for (;;) {
		spin_lock_irqsave(&hw->lock, irqflags);
		/* One may have reached the bank before the route changed. */
		vadma_cb_terminate(hw, cb);
		if (hw->advance)
			hw->advance(hw);
		vadma_engine_status(hw, engine, &now);
		spin_unlock_irqrestore(&hw->lock, irqflags);
		if (now.done && !now.busy)
			break;
		if (time_after(jiffies, deadline)) {
			pr_err_ratelimited(
				"sva: the %s does not stop: its stream %#x stays routed to a fault\n",
				vadma_engine_name(hw, engine), sid);
			return -EIO;
		}
		if (hw->advance)
			cond_resched();
		else
			usleep_range(20, 50);
	}
	*st = now;

	spin_lock_irqsave(&hw->lock, irqflags);
	ret = vadma_engine_reset(hw, engine);
	if (!ret)
		hw->wedged &= ~BIT(engine);
	/*
	 * The aborts were global faults (sGFSR.ICF) of a stream vadma routed
	 * there on purpose: not news for the next DMA.
	 */
	smmu_global_fault(&hw->smmu, &g);
	spin_unlock_irqrestore(&hw->lock, irqflags);
	if (ret)
		pr_err_ratelimited(
			"sva: the %s stopped but its reset failed: %s\n",
			vadma_engine_name(hw, engine), vadma_strerror(ret));
	return ret ? -EIO : 0;
}

/*
 * One fault of the bank: serve it, retry or terminate, log it.  Called
 * without hw->lock, which it takes to answer.
 */
static void vadma_sva_serve(struct vadma_dev *vd, struct vadma_sva_run *r,
			    const struct smmu_fault *f)
{
	unsigned long irqflags;
	struct vadma_hw *hw = vd->hw;
	struct vadma_bond *b = r->b;
	u16 flags = f->write ? VADMA_FAULT_F_WRITE : VADMA_FAULT_F_READ;
	int err = -EFAULT;

	/* Only a bond's faults are served: explicit mappings are what they are. */
	if (b && f->stalled && ++r->faults <= r->max_faults)
		err = vadma_sva_fixup(b, f);
	spin_lock_irqsave(&hw->lock, irqflags);
	if (f->stalled) {
		/* The entry that faulted may be cached: look again. */
		if (!err)
			smmu_tlb_inv_range(&hw->smmu, b->cb, b->asid,
					   f->far & PAGE_MASK, PAGE_SIZE,
					   PAGE_SHIFT, true);
		smmu_cb_resume(&hw->smmu, r->cb, err != 0);
	}
	if (err)
		hw->stats.terminated++;
	else
		hw->stats.served++;
	spin_unlock_irqrestore(&hw->lock, irqflags);

	if (!err)
		flags |= VADMA_FAULT_F_SERVED;
	vadma_fault_record(vd, f->far, f->sid, vadma_fault_type(f->type),
			   flags);
	if (err && !r->fault_seen) {
		/* The first fault that stopped the DMA is its answer. */
		r->fault_seen = true;
		r->d->fault_addr = f->far;
		r->d->fault_flags = flags;
	}
}

/*
 * Refuse, before anything moves, a DMA whose source or destination lies in
 * memory the kernel does not let a device reach: a fault at its first
 * such address, logged, nothing written.  True when refused.
 */
static bool vadma_sva_refuse(struct vadma_dev *vd, struct vadma_sva_run *r)
{
	struct vadma_dma *d = r->d;
	u64 bad;
	u16 flags;

	if (vadma_range_refused(r->b->mm, d->src, d->len, &bad))
		flags = VADMA_FAULT_F_READ;
	else if (vadma_range_refused(r->b->mm, d->dst, d->len, &bad))
		flags = VADMA_FAULT_F_WRITE;
	else
		return false;
	d->status = VADMA_DMA_FAULT;
	d->fault_addr = bad;
	d->fault_flags = flags | VADMA_FAULT_F_CHECK;
	vadma_fault_record(vd, bad, r->sid, VADMA_FAULT_PERMISSION,
			   d->fault_flags);
	return true;
}

/**
 * vadma_hw_dma() - run one DMA through a context bank, to its end
 * @vd: the device
 * @r:  what: @r->d checked, @r->engine, @r->cb; @r->b the bond or NULL
 *
 * Routes the engine's stream to the bank, starts the engine, serves or
 * records its faults, and stops it for good on a timeout or a kill
 * (vadma_sva_halt()); the stream goes back to a fault.  Fills @r->d's
 * status, bytes and fault.  Sleeps; under vd->lock.
 *
 * Return: 0 when the DMA ran (the outcome in @r->d->status); -EINTR
 * (killed); or why it could not be started.
 */
static int vadma_hw_dma(struct vadma_dev *vd, struct vadma_sva_run *r)
{
	unsigned long irqflags;
	struct vadma_hw *hw = vd->hw;
	struct vadma_dma *d = r->d;
	struct dmac_status st = { 0 };
	bool done = false, timeout = false, killed = false, lost = false;
	bool wedged;
	u64 seen;
	int ret;

	r->sid = vadma_engine_sid(hw, r->engine);
	/* Each page of both buffers may fault a few times (absent, old, RO). */
	r->max_faults = 4 * (2 * (d->len >> PAGE_SHIFT) + 4);

	/* An engine that did not stop last time: try again first. */
	spin_lock_irqsave(&hw->lock, irqflags);
	wedged = hw->wedged & BIT(r->engine);
	spin_unlock_irqrestore(&hw->lock, irqflags);
	if (wedged && vadma_sva_halt(hw, r->engine, -1, &st))
		return -EIO;

	spin_lock_irqsave(&hw->lock, irqflags);
	if (r->b && r->b->dead) {
		ret = -ESRCH;
	} else if (r->b && r->b->lost) {
		ret = -EIO;
	} else {
		ret = smmu_route_streams(&hw->smmu, &r->sid, 1,
					 SMMU_S2CR_TYPE_TRANS, r->cb);
		if (ret >= 0) {
			hw->live_sid = r->sid;
			hw->live_cb = (int)r->cb;
			ret = vadma_sva_start(hw, r);
			if (ret) {
				smmu_route_streams(&hw->smmu, &r->sid, 1,
						   SMMU_S2CR_TYPE_FAULT, 0);
				hw->live_cb = -1;
			}
		}
	}
	spin_unlock_irqrestore(&hw->lock, irqflags);
	if (ret < 0)
		return ret;

	r->deadline = jiffies + msecs_to_jiffies(READ_ONCE(dma_timeout_ms));
	for (;;) {
		struct smmu_fault flt;
		bool fault = false;

		spin_lock_irqsave(&hw->lock, irqflags);
		if (hw->advance)
			hw->advance(hw);
		fault = vadma_take_fault(hw, r->cb, &flt);
		vadma_engine_status(hw, r->engine, &st);
		lost = r->b && r->b->lost;
		seen = hw->irq_events;
		spin_unlock_irqrestore(&hw->lock, irqflags);

		/*
		 * The deadline holds whatever the hardware says: an SMMU that
		 * reports a fault for ever must not hold the CPU for ever.
		 */
		if (fault) {
			vadma_sva_serve(vd, r, &flt);
		} else if (st.done) {
			/* Stopped, well or not.  Idle without having stopped
			 * is not started yet (or not there at all): wait. */
			done = true;
			break;
		}
		if (lost)
			break;
		if (fatal_signal_pending(current)) {
			killed = true;
			break;
		}
		if (time_after(jiffies, r->deadline)) {
			timeout = true;
			break;
		}
		if (fault || !hw->irqs) {
			cond_resched();
			continue;
		}
		/*
		 * Real hardware works on its own: sleep until its interrupt
		 * (a fault, the engine done or failed), and look every
		 * VADMA_POLL_MS all the same, should one be lost.
		 */
		wait_event_killable_timeout(hw->irq_wq,
					    READ_ONCE(hw->irq_events) != seen,
					    msecs_to_jiffies(VADMA_POLL_MS));
	}

	if (done) {
		spin_lock_irqsave(&hw->lock, irqflags);
		smmu_route_streams(&hw->smmu, &r->sid, 1, SMMU_S2CR_TYPE_FAULT,
				   0);
		hw->live_cb = -1;
		hw->stats.dmas++;
		spin_unlock_irqrestore(&hw->lock, irqflags);
	} else {
		/* Stopped for good before the ioctl returns, or wedged. */
		if (vadma_sva_halt(hw, r->engine, (int)r->cb, &st))
			memset(&st, 0, sizeof(st));
		spin_lock_irqsave(&hw->lock, irqflags);
		hw->stats.dmas++;
		spin_unlock_irqrestore(&hw->lock, irqflags);
	}
	if (killed)
		return -EINTR; /* nobody reads the answer */

	if (timeout) {
		d->status = VADMA_DMA_TIMEOUT;
		/* The ZDMA counts what it wrote; the AXI CDMA counts nothing. */
		d->bytes = min_t(u64, st.bytes, d->len);
	} else if (done && !st.error) {
		d->status = VADMA_DMA_DONE;
		d->bytes = d->len;
	} else {
		/*
		 * A terminated translation, or a bus error behind the SMMU
		 * (an address that translates to something not RAM).
		 */
		d->status = r->fault_seen ? VADMA_DMA_FAULT : VADMA_DMA_ERROR;
	}
	return 0;
}

static enum vadma_engine vadma_engine_of(const struct vadma_dma *d)
{
	return d->engine == VADMA_ENGINE_CDMA ? VADMA_ENGINE_CDMA
					      : VADMA_ENGINE_ZDMA;
}

static int vadma_sva_dma(struct vadma_file *f, struct vadma_dma *d)
{
	struct vadma_sva_run r = {
		.b = f->bond,
		.d = d,
		.engine = vadma_engine_of(d),
		.cb = f->bond->cb,
	};

	/* After fork the child holds the file, not the address space. */
	if (r.b->mm != current->mm)
		return -EPERM;
	r.sid = vadma_engine_sid(f->vd->hw, r.engine);
	if (vadma_sva_refuse(f->vd, &r))
		return 0;
	return vadma_hw_dma(f->vd, &r);
}

/**
 * vadma_iova_dma() - a DMA on IOVAs through the bank of explicit mappings
 * @vd: the device
 * @d:  checked against the file's mappings (vadma_main.c)
 * @cb: the bank (kmod/iova.c)
 *
 * Return: as vadma_hw_dma().
 */
int vadma_iova_dma(struct vadma_dev *vd, struct vadma_dma *d, unsigned int cb)
{
	struct vadma_sva_run r = {
		.d = d,
		.engine = vadma_engine_of(d),
		.cb = cb,
	};

	return vadma_hw_dma(vd, &r);
}

/* Not const: vadma_iova_init() adds map, unmap and dma (one device). */
static struct vadma_backend_ops vadma_sva_ops = {
	.bind = vadma_sva_bind,
	.unbind = vadma_sva_unbind,
	.dma_va = vadma_sva_dma,
};

/**
 * vadma_hw_init() - a &struct vadma_hw as a backend allocates it
 * @hw: zeroed
 *
 * Before anything can take its lock or wait on it (an interrupt handler).
 */
void vadma_hw_init(struct vadma_hw *hw)
{
	spin_lock_init(&hw->lock);
	init_waitqueue_head(&hw->irq_wq);
	hw->live_cb = -1;
}

/*
 * The SVA loop drives @engine through @ops on @drv: taken over again, as
 * vadma_engine_reset() leaves it.  Under hw->lock.
 */
static int vadma_engine_take(struct vadma_hw *hw, enum vadma_engine engine,
			     const struct dmac_ops *ops, void *drv,
			     struct vadma_io io, u32 sid)
{
	hw->engines[engine].sid = sid;
	return dmac_engine_init(&hw->engines[engine].dma, ops, drv, &io,
				hw->irqs);
}

/**
 * vadma_sva_init() - serve /dev/vadma with SVA on @hw
 * @vd: the device: ops, engines and INFO are set
 * @hw: an SMMU probed and reset, its engines taken over
 *
 * The engines' streams are attached at once, routed to a fault: between
 * two DMAs, whatever an engine does is aborted by the SMMU, never let
 * through (on the board sCR0.USFCFG = 0 lets unmatched streams bypass).
 *
 * Return: 0, or a negative errno (no stream-match entry left).
 */
int vadma_sva_init(struct vadma_dev *vd, struct vadma_hw *hw)
{
	unsigned long irqflags;
	int ret;

	spin_lock_irqsave(&hw->lock, irqflags);
	ret = vadma_engine_take(hw, VADMA_ENGINE_ZDMA, &dmac_zdma_ops,
				&hw->zdma, hw->zdma.io, hw->zdma_sid);
	if (!ret && hw->has_cdma)
		ret = vadma_engine_take(hw, VADMA_ENGINE_CDMA, &dmac_cdma_ops,
					&hw->cdma, hw->cdma.io, hw->cdma_sid);
	if (!ret)
		ret = smmu_attach_streams(&hw->smmu, &hw->zdma_sid, 1,
					  SMMU_S2CR_TYPE_FAULT, 0);
	if (ret >= 0 && hw->has_cdma) {
		ret = smmu_attach_streams(&hw->smmu, &hw->cdma_sid, 1,
					  SMMU_S2CR_TYPE_FAULT, 0);
		if (ret < 0)
			smmu_detach_streams(&hw->smmu, &hw->zdma_sid, 1);
	}
	spin_unlock_irqrestore(&hw->lock, irqflags);
	if (ret < 0) {
		pr_err("sva: cannot attach the engines' streams: %s\n",
		       vadma_strerror(ret));
		return ret;
	}
	vd->hw = hw;
	/*
	 * Explicit mappings too (E1, E2), in a bank of their own; without
	 * them (no bank, RAM beyond the SMMU's output) BIND still works.
	 */
	ret = vadma_iova_init(vd, hw, &vadma_sva_ops);
	if (ret)
		pr_warn("sva: no MAP on this SMMU: %s\n", vadma_strerror(ret));
	vd->ops = &vadma_sva_ops;
	vd->engines = BIT(VADMA_ENGINE_ZDMA);
	if (hw->has_cdma)
		vd->engines |= BIT(VADMA_ENGINE_CDMA);
	vd->stream = hw->zdma_sid;
	/* What an SMMUv2 and these engines offer, for VADMA_IOC_INFO. */
	vd->info.features |= VADMA_FEAT_SMMUV2 | VADMA_FEAT_ZDMA |
			     VADMA_FEAT_SVA | VADMA_FEAT_FAULTS;
	if (hw->has_cdma)
		vd->info.features |= VADMA_FEAT_CDMA;
	if (hw->smmu.feat.granules & BIT(12))
		vd->info.features |= VADMA_FEAT_S1_4K;
	if (hw->smmu.feat.granules & BIT(16))
		vd->info.features |= VADMA_FEAT_S1_64K;
	vd->info.smmu_cbs = hw->smmu.feat.num_cbs;
	vd->info.smmu_smrs = hw->smmu.feat.num_smrs;
	vd->info.dma_max = VADMA_SVA_DMA_MAX;
	return 0;
}

/**
 * vadma_sva_report() - log what SVA did since the load
 *
 * At unload no file is open, so no bond may be left: one that is was
 * leaked (its bank, its ASID pin, its notifier), and is warned about.
 */
void vadma_sva_report(struct vadma_hw *hw)
{
	WARN(hw->stats.bonds, "vadma: %llu bonds leaked\n", hw->stats.bonds);
	pr_info("sva: %llu binds, %llu DMAs, faults: %llu served, %llu terminated; %llu TLB invalidations from the notifier, %llu address spaces released by exit; %llu engines halted, %llu syncs lost; interrupts: %llu context faults, %llu engine\n",
		hw->stats.binds, hw->stats.dmas, hw->stats.served,
		hw->stats.terminated, hw->stats.invalidations,
		hw->stats.released, hw->stats.halts, hw->stats.lost_syncs,
		hw->stats.irq_faults, hw->stats.irq_engine);
}
