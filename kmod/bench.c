// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench=quick|full at load: vadma's pgtable against Linux's own
 * io-pgtable-arm (alloc_io_pgtable_ops(ARM_64_LPAE_S1)), side by side in
 * this kernel, with the same configuration, on the same pages.
 *
 * Both build stage-1 tables with the 4 KiB granule, 48-bit input and
 * 40-bit output addresses, for a walker that does not snoop the caches, so
 * both clean every line of table they write: vadma through its clean
 * callback (vadma_clean_poc(), as iova.c does for the MMU-500), Linux
 * through the DMA API on a platform device of ours that no IOMMU sits in
 * front of (io-pgtable-arm refuses tables whose DMA address is not their
 * physical address).  Neither side does TLB maintenance: vadma's ops have
 * no tlb_inv, Linux's iommu_flush_ops has no members (io-pgtable skips a
 * NULL member), so both time the table work only.
 *
 * The pages are synthetic physical addresses below 2^40: both libraries
 * only write descriptors, nothing is ever read or written through them.
 * Each row has its own 1 GiB of input addresses (its own level-1 entry):
 *
 *   map-4k, unmap-4k      one 4 KiB page per call
 *   map-512, unmap-512    512 pages (2 MiB, not 2 MiB-aligned in PA) per call
 *   map-2m, unmap-2m      one 2 MiB block per call
 *   map-1g, unmap-1g      1 GiB (quick: less) of 4 KiB pages in one call;
 *                         Linux's map_pages()/unmap_pages() stop at the end
 *                         of a leaf table, so its side calls them again
 *                         until the range is done, as iommu_map() does
 *   lookup                random pages of that range, one per call:
 *                         pt_iova_to_phys() against iova_to_phys()
 *
 * A round builds a fresh tree on each side, runs every row on both and
 * frees them.  A row runs in batches of calls (bench_batch[]), each timed,
 * the two sides' batches back to back, which side first alternating; a
 * row's figure is its median batch time times its batches: under TCG the
 * guest's clock is the host's, and a batch during which the host ran
 * something else instead of QEMU is an outlier the median leaves out.
 * Every call's result is checked in every round, and the lookups' sums
 * must be equal.  Before the rounds,
 * both trees are built at once and compared: at sampled pages of every
 * row, vadma's walk, Linux's iova_to_phys() and vadma's walker reading
 * Linux's tables (TTBR, TCR and MAIR as io-pgtable reports them) must give
 * the same address, leaf size and descriptor; after the unmaps, the same
 * fault.  A disagreement fails the load.
 *
 * The rows go to the kernel log as JSON, one line each after "bench: ".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io-pgtable.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/platform_device.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/utsname.h>
#include <asm/barrier.h>
#include <asm/sysreg.h>

#include "vadma/pgtable.h"
#include "kmod.h"

#define BENCH_IAS      48
#define BENCH_OAS      40
#define BENCH_SAMPLES  16
/* Synthetic output addresses: 256 GiB and up, below 2^40. */
#define BENCH_PA       (256ULL << 30)
/* The rows' input ranges, each in a level-1 entry of its own. */
#define BENCH_IOVA_4K  (1ULL << 30)
#define BENCH_IOVA_512 (2ULL << 30)
#define BENCH_IOVA_2M  (4ULL << 30)
#define BENCH_IOVA_BIG (8ULL << 30)

enum bench_side {
	SIDE_VADMA,
	SIDE_LINUX,
	SIDE_NR
};

enum bench_row {
	ROW_MAP_4K,
	ROW_UNMAP_4K,
	ROW_MAP_512,
	ROW_UNMAP_512,
	ROW_MAP_2M,
	ROW_UNMAP_2M,
	ROW_MAP_1G,
	ROW_LOOKUP,
	ROW_UNMAP_1G,
	ROW_NR,
};

static const char *const bench_row_name[ROW_NR] = {
	[ROW_MAP_4K] = "map-4k",     [ROW_UNMAP_4K] = "unmap-4k",
	[ROW_MAP_512] = "map-512",   [ROW_UNMAP_512] = "unmap-512",
	[ROW_MAP_2M] = "map-2m",     [ROW_UNMAP_2M] = "unmap-2m",
	[ROW_MAP_1G] = "map-1g",     [ROW_LOOKUP] = "lookup",
	[ROW_UNMAP_1G] = "unmap-1g",
};

/**
 * struct bench_shape - how much one bench= value does
 * @name:    as bench= names it
 * @rounds:  rounds: fresh trees, every row on both
 * @n4k:     calls of map-4k and unmap-4k
 * @n512:    calls of map-512 and unmap-512 (at most 512)
 * @n2m:     calls of map-2m and unmap-2m (at most 512)
 * @big:     bytes of map-1g and unmap-1g: a power of 2, 2 MiB..1 GiB
 * @lookups: calls of lookup
 */
struct bench_shape {
	const char *name;
	unsigned int rounds;
	u64 n4k;
	u64 n512;
	u64 n2m;
	u64 big;
	u64 lookups;
};

static const struct bench_shape bench_shapes[] = {
	{ "quick", 3, 256, 4, 16, SZ_16M, 4096 },
	{ "full", 7, 4096, 64, 256, SZ_1G, 65536 },
};

/**
 * struct bench - one run
 * @s:       its shape
 * @pdev:    the device Linux's side cleans its tables through
 * @line:    the smallest data cache line, for vadma's cleaning
 * @mair:    the MAIR io-pgtable-arm uses; vadma's tree is given the same
 * @pt:      vadma's tree, while it exists
 * @ops:     Linux's, while it exists
 * @cfg:     Linux's configuration, as alloc_io_pgtable_ops() completed it
 * @calls:   calls made (Linux: map_pages() and unmap_pages() calls)
 * @ns:      each row's batches' times, per side: rounds x batches of them
 * @row_calls: calls each row made, per side, in round 0
 * @sum:     the lookups' sum of addresses, per side, this round
 * @checks:  comparisons made before the rounds
 */
struct bench {
	const struct bench_shape *s;
	struct platform_device *pdev;
	unsigned int line;
	u64 mair;
	struct pt pt;
	struct io_pgtable_ops *ops;
	struct io_pgtable_cfg cfg;
	u64 calls;
	u64 *ns[SIDE_NR][ROW_NR];
	u64 row_calls[SIDE_NR][ROW_NR];
	u64 sum[SIDE_NR];
	unsigned int checks;
};

/* What both sides map: read-write, not executable, write-back cached. */
#define BENCH_LINUX_PROT (IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE | IOMMU_NOEXEC)

static u32 bench_vadma_prot(void)
{
	/* io-pgtable-arm's stage 1: nG, EL0 access, inner shareable, MAIR
	 * index 1 for IOMMU_CACHE. */
	return PT_PROT_READ | PT_PROT_WRITE | PT_PROT_USER | PT_PROT_NG |
	       FIELD_PREP(PT_PROT_ATTR, 1) |
	       FIELD_PREP(PT_PROT_SH, PT_SH_INNER);
}

static void bench_clean(void *ctx, void *va, u64 pa, size_t size)
{
	struct bench *b = ctx;

	vadma_clean_poc(va, size, b->line);
	dsb(sy);
}

static const struct pt_mem_ops bench_pt_ops = {
	.alloc = vadma_pt_alloc,
	.free = vadma_pt_free,
	.phys_to_virt = vadma_pt_phys_to_virt,
	.clean = bench_clean,
};

/* No TLB to keep: every member NULL, which io-pgtable skips. */
static const struct iommu_flush_ops bench_flush_ops;

/* xorshift64*: the sampled pages of the comparison. */
static u64 bench_rand(u64 *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dULL;
}

/* The @i-th lookup's offset in the big range, the same on both sides. */
static u64 bench_lookup_off(const struct bench *b, u64 i)
{
	u64 x = i + 0x9e3779b97f4a7c15ULL;

	return bench_rand(&x) & (b->s->big - 1);
}

static int bench_tree_new(struct bench *b, enum bench_side side)
{
	if (side == SIDE_VADMA) {
		struct pt_cfg cfg = {
			.granule = PT_GRANULE_4K,
			.ias = BENCH_IAS,
			.oas = BENCH_OAS,
			.range = PT_TTBR0,
			.coherent_walk = false,
			.mair = b->mair,
		};

		return pt_init(&b->pt, &cfg, &bench_pt_ops, b);
	}
	memset(&b->cfg, 0, sizeof(b->cfg));
	b->cfg.pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G;
	b->cfg.ias = BENCH_IAS;
	b->cfg.oas = BENCH_OAS;
	b->cfg.coherent_walk = false;
	b->cfg.tlb = &bench_flush_ops;
	b->cfg.iommu_dev = &b->pdev->dev;
	b->ops = alloc_io_pgtable_ops(ARM_64_LPAE_S1, &b->cfg, b);
	return b->ops ? 0 : -ENOMEM;
}

static void bench_tree_free(struct bench *b, enum bench_side side)
{
	if (side == SIDE_VADMA) {
		pt_destroy(&b->pt);
	} else {
		free_io_pgtable_ops(b->ops);
		b->ops = NULL;
	}
}

/* Map @count pages of @pgsize: one call of vadma's, as many of Linux's as
 * it takes. */
static int bench_map(struct bench *b, enum bench_side side, u64 iova, u64 pa,
		     u64 pgsize, u64 count)
{
	if (side == SIDE_VADMA) {
		b->calls++;
		return pt_map(&b->pt, iova, pa, pgsize * count,
			      bench_vadma_prot());
	}
	while (count) {
		size_t mapped = 0;
		u64 n;
		int ret;

		b->calls++;
		ret = b->ops->map_pages(b->ops, iova, pa, pgsize, count,
					BENCH_LINUX_PROT, GFP_KERNEL, &mapped);
		n = mapped / pgsize;
		if (ret)
			return ret;
		if (!n || n > count)
			return -EIO;
		iova += n * pgsize;
		pa += n * pgsize;
		count -= n;
	}
	return 0;
}

static int bench_unmap(struct bench *b, enum bench_side side, u64 iova,
		       u64 pgsize, u64 count)
{
	if (side == SIDE_VADMA) {
		s64 done;

		b->calls++;
		done = pt_unmap(&b->pt, iova, pgsize * count);
		if (done < 0)
			return (int)done;
		return done == (s64)(pgsize * count) ? 0 : -EIO;
	}
	while (count) {
		size_t done;
		u64 n;

		b->calls++;
		done = b->ops->unmap_pages(b->ops, iova, pgsize, count, NULL);
		n = done / pgsize;
		if (!n || n > count || done % pgsize)
			return -EIO;
		iova += n * pgsize;
		count -= n;
	}
	return 0;
}

/* The address @iova translates to, 0 when it does not. */
static u64 bench_lookup(struct bench *b, enum bench_side side, u64 iova)
{
	u64 pa;

	if (side == SIDE_LINUX)
		return b->ops->iova_to_phys(b->ops, iova);
	return pt_iova_to_phys(&b->pt, iova, &pa) ? 0 : pa;
}

/* One row's calls: map or unmap @n times @count pages of @pgsize. */
static int bench_calls(struct bench *b, enum bench_side side, bool map,
		       u64 iova, u64 pa, u64 pgsize, u64 count, u64 n)
{
	u64 i, step = pgsize * count;
	int ret;

	for (i = 0; i < n; i++) {
		if (map)
			ret = bench_map(b, side, iova + i * step, pa + i * step,
					pgsize, count);
		else
			ret = bench_unmap(b, side, iova + i * step, pgsize,
					  count);
		if (ret)
			return ret;
	}
	return 0;
}

/* Lookups [@first, @first + @n): the sum of the addresses found. */
static u64 bench_lookups(struct bench *b, enum bench_side side, u64 first,
			 u64 n)
{
	u64 sum = 0, i;

	for (i = first; i < first + n; i++)
		sum += bench_lookup(b, side,
				    BENCH_IOVA_BIG + bench_lookup_off(b, i));
	return sum;
}

/* What bench_lookups() of them all must sum to: every address is mapped. */
static u64 bench_lookups_want(struct bench *b)
{
	u64 sum = 0, i;

	for (i = 0; i < b->s->lookups; i++)
		sum += BENCH_PA + SZ_4K + bench_lookup_off(b, i);
	return sum;
}

/* Calls per round of each row (vadma's; Linux's may take more). */
static u64 bench_row_calls(const struct bench_shape *s, enum bench_row row)
{
	switch (row) {
	case ROW_MAP_4K:
	case ROW_UNMAP_4K:
		return s->n4k;
	case ROW_MAP_512:
	case ROW_UNMAP_512:
		return s->n512;
	case ROW_MAP_2M:
	case ROW_UNMAP_2M:
		return s->n2m;
	case ROW_LOOKUP:
		return s->lookups;
	default:
		return 1;
	}
}

/*
 * Calls timed together, short enough (well under a millisecond under TCG)
 * that the host seldom takes the CPU from QEMU in the middle of one; the
 * median batch then has none of that in it.  Divides bench_row_calls().
 */
static const unsigned int bench_batch[ROW_NR] = {
	[ROW_MAP_4K] = 32,   [ROW_UNMAP_4K] = 32, [ROW_MAP_512] = 1,
	[ROW_UNMAP_512] = 1, [ROW_MAP_2M] = 16,	  [ROW_UNMAP_2M] = 16,
	[ROW_MAP_1G] = 1,    [ROW_LOOKUP] = 256,  [ROW_UNMAP_1G] = 1,
};

static u64 bench_batches(const struct bench_shape *s, enum bench_row row)
{
	return bench_row_calls(s, row) / bench_batch[row];
}

/* Calls [@first, @first + @n) of @row on @side. */
static int bench_row_part(struct bench *b, enum bench_side side,
			  enum bench_row row, u64 first, u64 n)
{
	const struct bench_shape *s = b->s;

	switch (row) {
	case ROW_MAP_4K:
		return bench_calls(b, side, true, BENCH_IOVA_4K + first * SZ_4K,
				   BENCH_PA + first * SZ_4K, SZ_4K, 1, n);
	case ROW_UNMAP_4K:
		return bench_calls(b, side, false,
				   BENCH_IOVA_4K + first * SZ_4K, 0, SZ_4K, 1,
				   n);
	case ROW_MAP_512:
		return bench_calls(b, side, true,
				   BENCH_IOVA_512 + first * SZ_2M,
				   BENCH_PA + SZ_4K + first * SZ_2M, SZ_4K, 512,
				   n);
	case ROW_UNMAP_512:
		return bench_calls(b, side, false,
				   BENCH_IOVA_512 + first * SZ_2M, 0, SZ_4K,
				   512, n);
	case ROW_MAP_2M:
		return bench_calls(b, side, true, BENCH_IOVA_2M + first * SZ_2M,
				   BENCH_PA + first * SZ_2M, SZ_2M, 1, n);
	case ROW_UNMAP_2M:
		return bench_calls(b, side, false,
				   BENCH_IOVA_2M + first * SZ_2M, 0, SZ_2M, 1,
				   n);
	case ROW_MAP_1G:
		return bench_map(b, side, BENCH_IOVA_BIG, BENCH_PA + SZ_4K,
				 SZ_4K, s->big / SZ_4K);
	case ROW_LOOKUP:
		b->sum[side] += bench_lookups(b, side, first, n);
		b->calls += n;
		return 0;
	case ROW_UNMAP_1G:
		return bench_unmap(b, side, BENCH_IOVA_BIG, SZ_4K,
				   s->big / SZ_4K);
	default:
		return -EINVAL;
	}
}

/*
 * Every row, in order, on a fresh tree of each side.  A row runs in
 * batches, the two sides' batches back to back (which side goes first
 * alternates), so that whatever else the host does falls on both alike.
 */
static int bench_round(struct bench *b, unsigned int round)
{
	enum bench_row row;
	int ret;

	ret = bench_tree_new(b, SIDE_VADMA);
	if (ret)
		return ret;
	ret = bench_tree_new(b, SIDE_LINUX);
	if (ret)
		goto out_vadma;
	b->sum[SIDE_VADMA] = 0;
	b->sum[SIDE_LINUX] = 0;
	for (row = 0; row < ROW_NR && !ret; row++) {
		u64 nb = bench_batches(b->s, row), k;
		unsigned int i;

		for (k = 0; k < nb && !ret; k++) {
			for (i = 0; i < SIDE_NR && !ret; i++) {
				enum bench_side side =
					(i + k + round) % SIDE_NR;
				u64 calls = b->calls, t = ktime_get_ns();

				ret = bench_row_part(b, side, row,
						     k * bench_batch[row],
						     bench_batch[row]);
				b->ns[side][row][round * nb + k] =
					ktime_get_ns() - t;
				if (!round)
					b->row_calls[side][row] +=
						b->calls - calls;
				if (ret)
					pr_err("bench: %s: %s failed: %s\n",
					       side == SIDE_VADMA ? "vadma"
								  : "Linux",
					       bench_row_name[row],
					       vadma_strerror(ret));
			}
		}
		cond_resched();
	}
	if (!ret && b->pt.nr_tables != 1) {
		pr_err("bench: vadma: %lu tables left after every unmap\n",
		       b->pt.nr_tables);
		ret = -EIO;
	}
	bench_tree_free(b, SIDE_LINUX);
out_vadma:
	bench_tree_free(b, SIDE_VADMA);
	return ret;
}

/* --- Both trees at once: do they agree? -------------------------------- */

/**
 * struct bench_region - a row's range, for the comparison
 * @iova:   first input address
 * @pa:     its output address
 * @pgsize: the leaf size both must use
 * @pages:  leaves in the range
 */
struct bench_region {
	u64 iova;
	u64 pa;
	u64 pgsize;
	u64 pages;
};

/* Walk Linux's tables with vadma's walker, as io-pgtable describes them. */
static int bench_linux_regime(struct bench *b, struct pt_regime *r)
{
	const typeof(b->cfg.arm_lpae_s1_cfg) *c = &b->cfg.arm_lpae_s1_cfg;
	u64 tcr = FIELD_PREP(PT_TCR_T0SZ, c->tcr.tsz) |
		  FIELD_PREP(PT_TCR_TG0, c->tcr.tg) |
		  FIELD_PREP(PT_TCR_IPS, c->tcr.ips) | PT_TCR_EPD1;

	return pt_regime_init(r, tcr, c->mair, c->ttbr, 0, &bench_pt_ops, b);
}

/* Compare at one address; @pa 0: must not translate. */
static int bench_compare(struct bench *b, const struct pt_regime *r, u64 iova,
			 u64 pa, u64 pgsize)
{
	struct pt_walk v, l;
	int vret = pt_walk(&b->pt, iova, 0, &v);
	int lret = pt_regime_walk(r, iova, 0, &l);
	u64 lphys = b->ops->iova_to_phys(b->ops, iova);

	b->checks++;
	if (!pa) {
		if (!vret || !lret || lphys || v.fault != l.fault)
			goto bad;
		return 0;
	}
	if (vret || lret || v.pa != pa || l.pa != pa || lphys != pa ||
	    v.size != pgsize || l.size != pgsize || v.desc != l.desc)
		goto bad;
	return 0;
bad:
	pr_err("bench: the trees disagree at %#llx (want %#llx, %#llx bytes): vadma %s %#llx (%#llx bytes, desc %#llx), Linux's iova_to_phys %#llx, its tables %s %#llx (%#llx bytes, desc %#llx)\n",
	       iova, pa, pgsize, pt_fault_name(v.fault), v.pa, v.size, v.desc,
	       lphys, pt_fault_name(l.fault), l.pa, l.size, l.desc);
	return -EIO;
}

static int bench_compare_region(struct bench *b, const struct pt_regime *r,
				const struct bench_region *g, bool mapped,
				u64 *x)
{
	unsigned int j;
	int ret;

	for (j = 0; j < BENCH_SAMPLES; j++) {
		u64 page = j == 0		    ? 0
			   : j == BENCH_SAMPLES - 1 ? g->pages - 1
						    : bench_rand(x) % g->pages;
		u64 off = page * g->pgsize + (bench_rand(x) & (g->pgsize - 8));

		ret = bench_compare(b, r, g->iova + off,
				    mapped ? g->pa + off : 0, g->pgsize);
		if (ret)
			return ret;
	}
	/* The page after the range is mapped by neither. */
	return bench_compare(b, r, g->iova + g->pages * g->pgsize, 0, 0);
}

static int bench_agree(struct bench *b)
{
	const struct bench_shape *s = b->s;
	const struct bench_region regions[] = {
		{ BENCH_IOVA_4K, BENCH_PA, SZ_4K, s->n4k },
		{ BENCH_IOVA_512, BENCH_PA + SZ_4K, SZ_4K, 512 * s->n512 },
		{ BENCH_IOVA_2M, BENCH_PA, SZ_2M, s->n2m },
		{ BENCH_IOVA_BIG, BENCH_PA + SZ_4K, SZ_4K, s->big / SZ_4K },
	};
	static const unsigned int per_call[] = { 1, 512, 1, 0 };
	struct pt_regime r;
	enum bench_side side;
	unsigned int i;
	u64 x = 1;
	int ret;

	ret = bench_tree_new(b, SIDE_VADMA);
	if (ret)
		return ret;
	ret = bench_tree_new(b, SIDE_LINUX);
	if (ret)
		goto out_vadma;
	ret = bench_linux_regime(b, &r);
	if (ret) {
		pr_err("bench: Linux's TCR, MAIR and TTBR do not decode: %s\n",
		       vadma_strerror(ret));
		goto out_linux;
	}
	for (side = 0; side < SIDE_NR && !ret; side++)
		for (i = 0; i < ARRAY_SIZE(regions) && !ret; i++) {
			const struct bench_region *g = &regions[i];
			u64 count = per_call[i] ? per_call[i] : g->pages;

			ret = bench_calls(b, side, true, g->iova, g->pa,
					  g->pgsize, count, g->pages / count);
		}
	for (i = 0; i < ARRAY_SIZE(regions) && !ret; i++)
		ret = bench_compare_region(b, &r, &regions[i], true, &x);
	for (side = 0; side < SIDE_NR && !ret; side++) {
		u64 sum = bench_lookups(b, side, 0, b->s->lookups);
		u64 want = bench_lookups_want(b);

		b->checks++;
		if (sum != want) {
			pr_err("bench: %s's lookups sum to %#llx, the pages mapped to %#llx\n",
			       side == SIDE_VADMA ? "vadma" : "Linux", sum,
			       want);
			ret = -EIO;
		}
	}
	for (side = 0; side < SIDE_NR && !ret; side++)
		for (i = 0; i < ARRAY_SIZE(regions) && !ret; i++)
			ret = bench_unmap(b, side, regions[i].iova,
					  regions[i].pgsize, regions[i].pages);
	for (i = 0; i < ARRAY_SIZE(regions) && !ret; i++)
		ret = bench_compare_region(b, &r, &regions[i], false, &x);
out_linux:
	bench_tree_free(b, SIDE_LINUX);
out_vadma:
	bench_tree_free(b, SIDE_VADMA);
	return ret;
}

/* --- The run ------------------------------------------------------------- */

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 bench_median(u64 *v, unsigned int n)
{
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	return v[n / 2];
}

/* Pages (or blocks) each row maps, unmaps or looks up per round. */
static u64 bench_row_pages(const struct bench_shape *s, enum bench_row row)
{
	switch (row) {
	case ROW_MAP_4K:
	case ROW_UNMAP_4K:
		return s->n4k;
	case ROW_MAP_512:
	case ROW_UNMAP_512:
		return 512 * s->n512;
	case ROW_MAP_2M:
	case ROW_UNMAP_2M:
		return s->n2m;
	case ROW_MAP_1G:
	case ROW_UNMAP_1G:
		return s->big / SZ_4K;
	default:
		return s->lookups;
	}
}

static void bench_report(struct bench *b)
{
	const struct bench_shape *s = b->s;
	enum bench_row row;

	pr_info("bench: {\"bench\":\"pgtable\",\"against\":\"io-pgtable-arm ARM_64_LPAE_S1\",\"kernel\":\"%s\",\"shape\":\"%s\",\"rounds\":%u,\"granule\":4096,\"ias\":%d,\"oas\":%d,\"coherent_walk\":false,\"tlb\":\"none\",\"dcache_line\":%u,\"checks\":%u,\"agree\":true}\n",
		utsname()->release, s->name, s->rounds, BENCH_IAS, BENCH_OAS,
		b->line, b->checks);
	for (row = 0; row < ROW_NR; row++) {
		u64 nb = bench_batches(s, row), n = s->rounds * nb;
		u64 v = bench_median(b->ns[SIDE_VADMA][row], n) * nb;
		u64 l = bench_median(b->ns[SIDE_LINUX][row], n) * nb;
		u64 r100 = div64_u64(l * 100 + (v ?: 1) / 2, v ?: 1);

		pr_info("bench: {\"row\":\"%s\",\"pages\":%llu,\"page_bytes\":%llu,\"vadma_calls\":%llu,\"linux_calls\":%llu,\"vadma_ns\":%llu,\"linux_ns\":%llu,\"ratio\":%llu.%02llu}\n",
			bench_row_name[row], bench_row_pages(s, row),
			row == ROW_MAP_2M || row == ROW_UNMAP_2M ? (u64)SZ_2M
								 : (u64)SZ_4K,
			b->row_calls[SIDE_VADMA][row],
			b->row_calls[SIDE_LINUX][row], v, l, r100 / 100,
			r100 % 100);
	}
}

/**
 * vadma_bench_run() - time vadma's pgtable against io-pgtable-arm
 * @shape: "quick" or "full" (bench=)
 *
 * Prints the rows to the kernel log as JSON.
 *
 * Return: 0; -EINVAL for an unknown @shape; -EIO when the two disagree or
 * a call fails; -ENOMEM; -EINTR when the loading process is killed.
 */
int vadma_bench_run(const char *shape)
{
	const struct bench_shape *s = NULL;
	unsigned int i, round;
	struct bench *b;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bench_shapes); i++)
		if (!strcmp(bench_shapes[i].name, shape))
			s = &bench_shapes[i];
	if (!s) {
		pr_err("unknown bench=%s: use quick or full\n", shape);
		return -EINVAL;
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->s = s;
	b->line = 4U << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	for (i = 0; i < SIDE_NR * ROW_NR; i++) {
		u64 **ns = &b->ns[i / ROW_NR][i % ROW_NR];

		*ns = kcalloc(s->rounds * bench_batches(s, i % ROW_NR),
			      sizeof(**ns), GFP_KERNEL);
		if (!*ns) {
			ret = -ENOMEM;
			goto out_free;
		}
	}
	b->pdev = platform_device_register_simple("vadma-bench",
						  PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(b->pdev)) {
		ret = PTR_ERR(b->pdev);
		goto out_free;
	}
	/* Tables are reached by physical address: no bounce buffer may do. */
	ret = dma_set_mask_and_coherent(&b->pdev->dev, DMA_BIT_MASK(BENCH_OAS));
	if (ret)
		goto out_pdev;

	/* Linux's MAIR, for vadma's tree too. */
	ret = bench_tree_new(b, SIDE_LINUX);
	if (ret) {
		pr_err("bench: alloc_io_pgtable_ops(ARM_64_LPAE_S1) failed\n");
		goto out_pdev;
	}
	b->mair = b->cfg.arm_lpae_s1_cfg.mair;
	bench_tree_free(b, SIDE_LINUX);

	pr_info("bench: vadma's pgtable against Linux's io-pgtable-arm, bench=%s: %u rounds\n",
		s->name, s->rounds);
	ret = bench_agree(b);
	if (ret)
		goto out_pdev;
	for (round = 0; round < s->rounds && !ret; round++) {
		ret = bench_round(b, round);
		if (!ret && b->sum[SIDE_VADMA] != b->sum[SIDE_LINUX]) {
			pr_err("bench: the lookups' sums differ: vadma %#llx, Linux %#llx\n",
			       b->sum[SIDE_VADMA], b->sum[SIDE_LINUX]);
			ret = -EIO;
		}
		if (!ret && fatal_signal_pending(current))
			ret = -EINTR;
	}
	if (!ret)
		bench_report(b);
out_pdev:
	platform_device_unregister(b->pdev);
out_free:
	for (i = 0; i < SIDE_NR * ROW_NR; i++)
		kfree(b->ns[i / ROW_NR][i % ROW_NR]);
	kfree(b);
	if (ret)
		pr_err("bench=%s failed: %s\n", shape, vadma_strerror(ret));
	return ret;
}
