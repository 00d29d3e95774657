// SPDX-License-Identifier: GPL-2.0-only
/*
 * What vadma.ko touches on a device's behalf: registers mapped with
 * ioremap(), bounds-checked (mmu500.c, iommu.c), and RAM through the
 * kernel's linear map: the model's engines and walker (model.c) and the
 * cleaning of translation tables for walks that do not snoop (sva.c); and
 * the kernel pages that vadma's own tables live in (iova.c, bench.c).
 *
 * A physical address from a process's page table, or from a table read
 * without the locks that keep it alive, may name memory the kernel itself
 * never touches: device memory (VM_PFNMAP, VM_IO), or RAM it has taken out
 * of its linear map (memfd_secret(2) does, page by page).  Touching the
 * latter through the linear map faults in the kernel, with the model's
 * spinlock held.  So every page is checked first, and cleaned with a fault
 * fixup; neither costs more than a load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <asm/asm-extable.h>

#include "kmod.h"

static bool vadma_mmio_ok(struct vadma_mmio *r, u64 off, unsigned int len)
{
	if (likely(len <= r->size && off <= r->size - len &&
		   !(off & (len - 1))))
		return true;
	if (!r->oob)
		pr_err("%s: access at +%#llx (%u bytes) beyond its %#llx bytes refused\n",
		       r->name, off, len, r->size);
	r->oob = true;
	return false;
}

static u32 vadma_mmio_read32(void *ctx, u64 off)
{
	struct vadma_mmio *r = ctx;

	return vadma_mmio_ok(r, off, 4) ? readl(r->base + off) : 0;
}

static void vadma_mmio_write32(void *ctx, u64 off, u32 val)
{
	struct vadma_mmio *r = ctx;

	if (vadma_mmio_ok(r, off, 4))
		writel(val, r->base + off);
}

static u64 vadma_mmio_read64(void *ctx, u64 off)
{
	struct vadma_mmio *r = ctx;

	return vadma_mmio_ok(r, off, 8) ? readq(r->base + off) : 0;
}

static void vadma_mmio_write64(void *ctx, u64 off, u64 val)
{
	struct vadma_mmio *r = ctx;

	if (vadma_mmio_ok(r, off, 8))
		writeq(val, r->base + off);
}

static const struct vadma_io_ops vadma_mmio_ops = {
	.read32 = vadma_mmio_read32,
	.write32 = vadma_mmio_write32,
	.read64 = vadma_mmio_read64,
	.write64 = vadma_mmio_write64,
};

/**
 * vadma_mmio_io() - the driver core's register ops over @r
 * @r: the block; must outlive the ops' use
 *
 * Return: a &struct vadma_io whose accesses are checked against @r->size.
 */
struct vadma_io vadma_mmio_io(struct vadma_mmio *r)
{
	struct vadma_io io = { &vadma_mmio_ops, r, 0 };

	return io;
}

/**
 * vadma_linear_page() - the linear map's address of the page at @pa
 * @pa: a physical address
 *
 * Return: the page's address, or NULL when it is not RAM the kernel maps
 * (a hole, device memory) or is out of the linear map right now.
 */
u8 *vadma_linear_page(u64 pa)
{
	u8 *va, probe;

	if (!pfn_is_map_memory(PHYS_PFN(pa)))
		return NULL;
	va = phys_to_virt(pa & PAGE_MASK);
	/*
	 * Cheaper than asking the page (kernel_page_present() is not
	 * exported): a page out of the map faults, and the fixup answers.
	 */
	if (copy_from_kernel_nofault(&probe, va, 1))
		return NULL;
	return va;
}

/* DC CVAC on one line; -EFAULT when its address has no translation. */
static int vadma_dc_cvac(unsigned long addr)
{
	int err = 0;

	/* The operand "%w0" must stay whole: */
	/* clang-format off */
	asm volatile("1:	dc	cvac, %1\n"
		     "2:\n"
		     _ASM_EXTABLE_KACCESS_ERR(1b, 2b, %w0)
		     : "+r"(err)
		     : "r"(addr)
		     : "memory");
	/* clang-format on */
	return err;
}

/**
 * vadma_clean_poc() - clean [@p, @p + @len) to the point of coherency
 * @p:    a linear-map address
 * @len:  bytes
 * @line: the smallest data cache line (CTR_EL0.DminLine), a power of 2
 *
 * For an SMMU whose walks do not snoop.  A line whose address faults (the
 * page left the linear map since it was checked) stops the cleaning.
 *
 * Return: 0, or -EFAULT.
 */
int vadma_clean_poc(const void *p, size_t len, unsigned int line)
{
	unsigned long a = (unsigned long)p & ~(unsigned long)(line - 1);
	unsigned long end = (unsigned long)p + len;

	for (; a < end; a += line)
		if (vadma_dc_cvac(a))
			return -EFAULT;
	return 0;
}

/*
 * Translation tables that vadma's pgtable builds in kernel pages (iova.c,
 * bench.c): whole zeroed pages of the linear map.
 */

/**
 * vadma_pt_alloc() - &pt_mem_ops.alloc for tables in kernel pages
 * @ctx:  unused
 * @size: bytes, a granule
 * @pa:   set to the table's physical address
 *
 * Return: the table's linear-map address, zeroed, or NULL.
 */
void *vadma_pt_alloc(void *ctx, size_t size, u64 *pa)
{
	void *va = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);

	if (va)
		*pa = virt_to_phys(va);
	return va;
}

/**
 * vadma_pt_free() - &pt_mem_ops.free for vadma_pt_alloc()'s tables
 * @ctx:  unused
 * @va:   the table
 * @pa:   its physical address
 * @size: its bytes
 */
void vadma_pt_free(void *ctx, void *va, u64 pa, size_t size)
{
	free_pages_exact(va, size);
}

/**
 * vadma_pt_phys_to_virt() - &pt_mem_ops.phys_to_virt for those tables
 * @ctx:  unused
 * @pa:   a physical address the library read from its own tables
 * @size: bytes
 *
 * The library reads only its own tables, at addresses it wrote into them
 * itself, all from vadma_pt_alloc(): pages of the linear map, and nobody
 * else writes those tables (the engines reach only the pages mapped).  So
 * no check per descriptor: vadma_linear_page() here made every step of a
 * walk cost two more (a memblock search and a probing load), a third of
 * a lookup's time (docs/perf.md, "vadma's pgtable against Linux's
 * io-pgtable-arm").  Linux's io-pgtable-arm trusts its tables the same way.
 *
 * Return: the linear-map address of @pa.
 */
void *vadma_pt_phys_to_virt(void *ctx, u64 pa, size_t size)
{
	return phys_to_virt(pa);
}
