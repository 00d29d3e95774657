// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Building VMSAv8-64 stage-1 tables: map, remap, unmap.
 *
 * Every change runs twice over the same code (struct pt_op): a dry run that
 * reads the tables, checks for overlaps and counts the tables the change
 * will need, then, once those are all allocated into a pool, the real run.
 * A failure of either kind (bad range, overlap, no memory) is thus found
 * before the first descriptor is written, and the tables are left exactly
 * as they were.
 *
 * Write ordering for walkers that do not snoop the CPU caches: a new table
 * is filled and cleaned before the descriptor that points to it is written;
 * a descriptor is cleaned before the table it used to point to is freed.
 */
#include "pt-internal.h"

struct pt_op {
	struct pt *pt;
	u64 leaf;  /* leaf attributes (map) */
	u64 off;   /* cursor: offset from the tree's first address */
	u64 first; /* first offset of the range */
	u64 last;  /* last offset of the range, inclusive */
	u64 pa;	   /* output address at the cursor (map) */
	u64 done;  /* bytes unmapped */
	bool map;
	bool replace;
	bool apply; /* false: dry run, count tables into @need */
	unsigned long need;
	void *pool; /* preallocated tables, linked through their first words */
	u64 pool_pa;
	unsigned int unlinked; /* depth inside tables not linked in yet */
	/* the deepest existing table that holds the whole range (dry run) */
	u64 *deep;
	u64 deep_pa;
	u64 deep_base;
	int deep_level;
};

/* Link words kept at the start of a pooled table until it is used. */
struct pt_pool_link {
	void *next;
	u64 next_pa;
};

static void *pt_alloc_table(struct pt *pt, u64 *pa)
{
	size_t size = 1UL << pt->cfg.granule;
	void *t = pt->ops->alloc(pt->ctx, size, pa);

	if (t)
		pt->nr_tables++;
	return t;
}

static void pt_free_table(struct pt *pt, void *t, u64 pa)
{
	pt->ops->free(pt->ctx, t, pa, 1UL << pt->cfg.granule);
	pt->nr_tables--;
}

static void pt_clean(struct pt *pt, void *va, u64 pa, size_t size)
{
	pt->ops->clean(pt->ctx, va, pa, size);
}

static u64 *pt_table_ptr(struct pt *pt, u64 pa)
{
	return pt->ops->phys_to_virt(pt->ctx, pa, 1UL << pt->cfg.granule);
}

static int pt_pool_fill(struct pt_op *op)
{
	unsigned long i;

	for (i = 0; i < op->need; i++) {
		struct pt_pool_link *l;
		u64 pa;

		l = pt_alloc_table(op->pt, &pa);
		if (!l)
			return -ENOMEM;
		l->next = op->pool;
		l->next_pa = op->pool_pa;
		op->pool = l;
		op->pool_pa = pa;
	}
	return 0;
}

static void pt_pool_drain(struct pt_op *op)
{
	while (op->pool) {
		struct pt_pool_link *l = op->pool;
		void *next = l->next;
		u64 next_pa = l->next_pa;

		l->next = NULL;
		l->next_pa = 0;
		pt_free_table(op->pt, l, op->pool_pa);
		op->pool = next;
		op->pool_pa = next_pa;
	}
}

static u64 *pt_pool_take(struct pt_op *op, u64 *pa)
{
	struct pt_pool_link *l = op->pool;

	/* The dry run counted every table the real run takes. */
	if (!l)
		return NULL;
	op->pool = l->next;
	*pa = op->pool_pa;
	op->pool_pa = l->next_pa;
	l->next = NULL;
	l->next_pa = 0;
	return (u64 *)l;
}

/*
 * The descriptor entry @idx of the table at @level would hold if the leaf
 * @parent one level up were split: same attributes, a slice of its output.
 */
static u64 pt_split_child(const struct pt *pt, u64 parent, int level, u64 idx)
{
	unsigned int shift = pt_level_shift(pt->cfg.granule, level);
	u64 oa = pt_leaf_addr(parent, shift + pt->stride) + (idx << shift);
	u64 attrs = parent &
		    ~(GENMASK_ULL(47, 12) | PT_DESC_CONT | PT_DESC_TABLE);

	if (level == PT_MAX_LEVEL)
		attrs |= PT_DESC_TABLE;
	return attrs | oa;
}

/* Free a table and everything below it; return the bytes it mapped. */
static u64 pt_free_tree(struct pt *pt, u64 *table, u64 pa, int level)
{
	unsigned int shift = pt_level_shift(pt->cfg.granule, level);
	u64 n = pt_level_entries(pt->cfg.granule, pt->cfg.ias, pt->start_level,
				 level);
	u64 bytes = 0, i;

	for (i = 0; i < n; i++) {
		u64 desc = pt_read_desc(&table[i]);

		switch (pt_desc_type(desc, pt->cfg.granule, level)) {
		case PT_DESC_IS_TABLE: {
			u64 cpa = pt_table_addr(desc, pt->cfg.granule);
			u64 *child = pt_table_ptr(pt, cpa);

			if (child)
				bytes +=
					pt_free_tree(pt, child, cpa, level + 1);
			break;
		}
		case PT_DESC_IS_LEAF:
			bytes += 1ULL << shift;
			break;
		case PT_DESC_INVALID:
			break;
		}
	}
	pt_free_table(pt, table, pa);
	return bytes;
}

/*
 * Whether a table of @n entries holds no valid entry, just after an unmap
 * changed its entries @lo..@hi: those strictly between were unmapped
 * whole, so only @lo, @hi and the entries outside need a look.  The
 * neighbours of what changed are the likeliest survivors (a range unmapped
 * in pieces, either way): the scan starts there and goes outwards.
 */
static bool pt_table_empty(const u64 *table, u64 n, u64 lo, u64 hi)
{
	u64 d;

	if ((pt_read_desc(&table[lo]) | pt_read_desc(&table[hi])) &
	    PT_DESC_VALID)
		return false;
	for (d = 1; d <= lo || hi + d < n; d++) {
		if (hi + d < n &&
		    (pt_read_desc(&table[hi + d]) & PT_DESC_VALID))
			return false;
		if (d <= lo && (pt_read_desc(&table[lo - d]) & PT_DESC_VALID))
			return false;
	}
	return true;
}

/* The entries of the table below @estart that offsets @from..@to fall in. */
static void pt_child_span(const struct pt *pt, int level, u64 estart, u64 from,
			  u64 to, u64 *lo, u64 *hi)
{
	unsigned int shift = pt_level_shift(pt->cfg.granule, level + 1);

	*lo = (from - estart) >> shift;
	*hi = (to - estart) >> shift;
}

/*
 * Write entry @i of the table at @tpa and clean it at once: something
 * depends on the order.
 */
static void pt_set_now(struct pt *pt, u64 *table, u64 tpa, u64 i, u64 desc)
{
	pt_write_desc(&table[i], desc);
	pt_clean(pt, &table[i], tpa + i * 8, sizeof(u64));
}

/*
 * Tell the walker's TLBs that [off, off + size) changed, if they listen.
 * Not for changes inside a table that is not linked in yet: no walker can
 * have seen those, and the entry that links it is broken first.
 */
static void pt_tlb_inv(struct pt_op *op, u64 off, u64 size, bool leaf)
{
	struct pt *pt = op->pt;

	if (pt->ops->tlb_inv && !op->unlinked)
		pt->ops->tlb_inv(pt->ctx, pt->va_base + off, size, leaf);
}

/*
 * Break before make (DDI 0487 D8.16.1): before a valid entry is replaced
 * by another valid one, it is made invalid, cleaned and invalidated from
 * the TLBs, so that no walker ever holds both.  Without a tlb_inv callback
 * the caller has promised that nothing walks the tables meanwhile.
 */
static void pt_break(struct pt_op *op, u64 *table, u64 tpa, u64 i, u64 off,
		     u64 size, bool leaf)
{
	if (!op->pt->ops->tlb_inv || op->unlinked)
		return;
	pt_set_now(op->pt, table, tpa, i, 0);
	pt_tlb_inv(op, off, size, leaf);
}

/*
 * Apply @op to the part of its range that falls in one table at @level
 * covering offsets from @tbase.  @table is the table (at physical address
 * @tpa), or NULL during the dry run for a table that does not exist yet:
 * empty when @vparent is 0, else the split of the leaf @vparent.
 */
static int pt_op_table(struct pt_op *op, int level, u64 *table, u64 tpa,
		       u64 tbase, u64 vparent)
{
	struct pt *pt = op->pt;
	unsigned int granule = pt->cfg.granule;
	unsigned int shift = pt_level_shift(granule, level);
	u64 esize = 1ULL << shift;
	u64 n = pt_level_entries(granule, pt->cfg.ias, pt->start_level, level);
	u64 i = (op->off - tbase) >> shift;
	u64 dirty_lo = n, dirty_hi = 0;
	u64 inv_lo = n, inv_hi = 0; /* leaves cleared, to invalidate */
	int ret = 0;

	/* Mapping into a table that is yet to exist: nothing to check. */
	if (!table && !vparent && level == PT_MAX_LEVEL) {
		u64 end = tbase + n * esize - 1;

		if (end > op->last)
			end = op->last;
		op->pa += end - op->off + 1;
		op->off = end + 1;
		return 0;
	}

	for (; i < n && op->off <= op->last; i++) {
		u64 estart = tbase + i * esize;
		u64 eend = estart + esize - 1;
		bool whole = op->off == estart && eend <= op->last;
		u64 desc, cpa, from, lo, hi;
		u64 *child;
		enum pt_desc_type type;

		if (table)
			desc = pt_read_desc(&table[i]);
		else
			desc = vparent ? pt_split_child(pt, vparent, level, i)
				       : 0;
		type = pt_desc_type(desc, granule, level);

		if (op->map && whole && IS_ALIGNED(op->pa, esize) &&
		    (level == PT_MAX_LEVEL || pt_block_ok(granule, level))) {
			u64 leaf = op->leaf | op->pa | PT_DESC_VALID;

			if (type != PT_DESC_INVALID && !op->replace)
				return -EEXIST;
			if (level == PT_MAX_LEVEL)
				leaf |= PT_DESC_TABLE;
			if (op->apply && type == PT_DESC_IS_TABLE) {
				cpa = pt_table_addr(desc, granule);
				child = pt_table_ptr(pt, cpa);
				pt_break(op, table, tpa, i, estart, esize,
					 false);
				pt_set_now(pt, table, tpa, i, leaf);
				if (child)
					pt_free_tree(pt, child, cpa, level + 1);
			} else if (op->apply) {
				if (type == PT_DESC_IS_LEAF && desc != leaf)
					pt_break(op, table, tpa, i, estart,
						 esize, true);
				pt_write_desc(&table[i], leaf);
				dirty_lo = i < dirty_lo ? i : dirty_lo;
				dirty_hi = i;
			}
			op->pa += esize;
			op->off = eend + 1;
			continue;
		}

		if (!op->map && type == PT_DESC_INVALID) {
			op->off = eend < op->last ? eend + 1 : op->last + 1;
			continue;
		}

		if (!op->map && whole) {
			if (op->apply && type == PT_DESC_IS_TABLE) {
				cpa = pt_table_addr(desc, granule);
				child = pt_table_ptr(pt, cpa);
				pt_set_now(pt, table, tpa, i, 0);
				pt_tlb_inv(op, estart, esize, false);
				if (child)
					op->done += pt_free_tree(pt, child, cpa,
								 level + 1);
			} else if (op->apply) {
				pt_write_desc(&table[i], 0);
				dirty_lo = i < dirty_lo ? i : dirty_lo;
				dirty_hi = i;
				inv_lo = i < inv_lo ? i : inv_lo;
				inv_hi = i;
				op->done += esize;
			}
			op->off = eend + 1;
			continue;
		}

		/* Part of this entry changes: work one level down. */
		if (type == PT_DESC_IS_LEAF && op->map && !op->replace)
			return -EEXIST;

		if (type == PT_DESC_IS_TABLE) {
			cpa = pt_table_addr(desc, granule);
			child = pt_table_ptr(pt, cpa);
			if (!child)
				return -EFAULT;
			if (!op->apply && op->off == op->first &&
			    op->last <= eend) {
				op->deep = child;
				op->deep_pa = cpa;
				op->deep_base = estart;
				op->deep_level = level + 1;
			}
			from = op->off;
			ret = pt_op_table(op, level + 1, child, cpa, estart, 0);
			if (ret)
				break;
			pt_child_span(pt, level, estart, from, op->off - 1, &lo,
				      &hi);
			if (op->apply && !op->map &&
			    pt_table_empty(child, 1ULL << pt->stride, lo, hi)) {
				pt_set_now(pt, table, tpa, i, 0);
				pt_tlb_inv(op, estart, esize, false);
				pt_free_table(pt, child, cpa);
			}
			continue;
		}

		/* A new table: empty, or the split of a leaf. */
		if (!op->apply) {
			op->need++;
			ret = pt_op_table(op, level + 1, NULL, 0, estart,
					  type == PT_DESC_IS_LEAF ? desc : 0);
			if (ret)
				break;
			continue;
		}
		child = pt_pool_take(op, &cpa);
		if (!child)
			return -ENOMEM;
		if (type == PT_DESC_IS_LEAF) {
			u64 j;

			for (j = 0; j < (1ULL << pt->stride); j++)
				pt_write_desc(&child[j],
					      pt_split_child(pt, desc,
							     level + 1, j));
		}
		op->unlinked++;
		from = op->off;
		ret = pt_op_table(op, level + 1, child, cpa, estart, 0);
		op->unlinked--;
		if (ret)
			break;
		pt_clean(pt, child, cpa, 1UL << granule);
		pt_child_span(pt, level, estart, from, op->off - 1, &lo, &hi);
		if (!op->map &&
		    pt_table_empty(child, 1ULL << pt->stride, lo, hi)) {
			/* A hole that was never mapped, or fully unmapped. */
			pt_write_desc(&table[i], 0);
			pt_free_table(pt, child, cpa);
		} else {
			if (type == PT_DESC_IS_LEAF)
				pt_break(op, table, tpa, i, estart, esize,
					 true);
			pt_write_desc(&table[i],
				      cpa | PT_DESC_TABLE | PT_DESC_VALID);
		}
		dirty_lo = i < dirty_lo ? i : dirty_lo;
		dirty_hi = i;
	}

	if (table && dirty_lo <= dirty_hi)
		pt_clean(pt, &table[dirty_lo], tpa + dirty_lo * 8,
			 (dirty_hi - dirty_lo + 1) * 8);
	if (inv_lo <= inv_hi)
		pt_tlb_inv(op, tbase + inv_lo * esize,
			   (inv_hi - inv_lo + 1) * esize, true);
	return ret;
}

/* Dry run, allocate, real run. */
static int pt_op_run(struct pt_op *op)
{
	struct pt *pt = op->pt;
	u64 off = op->off, pa = op->pa;
	int ret;

	op->apply = false;
	ret = pt_op_table(op, pt->start_level, pt->root, pt->root_pa, 0, 0);
	if (ret)
		return ret;
	ret = pt_pool_fill(op);
	if (ret)
		goto out_drain;

	op->apply = true;
	op->off = off;
	op->pa = pa;
	/*
	 * A map that needs no new table changes nothing above the deepest
	 * table holding its whole range: start there.  (An unmap may empty
	 * that table, and then its parents must change.)
	 */
	if (op->map && !op->need && op->deep)
		ret = pt_op_table(op, op->deep_level, op->deep, op->deep_pa,
				  op->deep_base, 0);
	else
		ret = pt_op_table(op, pt->start_level, pt->root, pt->root_pa, 0,
				  0);
out_drain:
	pt_pool_drain(op);
	return ret;
}

/* Check that [va, va + size) is inside the tree's range; set the offsets. */
static int pt_op_range(struct pt_op *op, u64 va, u64 size)
{
	const struct pt *pt = op->pt;
	u64 gmask = (1ULL << pt->cfg.granule) - 1;
	u64 span = 1ULL << pt->cfg.ias;
	u64 off = va - pt->va_base;

	if (!size || (va & gmask) || (size & gmask))
		return -EINVAL;
	if (va < pt->va_base || off >= span || size > span - off)
		return -ERANGE;
	op->off = off;
	op->first = off;
	op->last = off + size - 1;
	return 0;
}

static int pt_prot_to_leaf(u32 prot, u64 *leaf)
{
	u64 d = 0;

	if ((prot & ~PT_PROT_ALL) || !(prot & PT_PROT_READ))
		return -EINVAL;
	if (FIELD_GET(PT_PROT_SH, prot) == 1)
		return -EINVAL;

	if (!(prot & PT_PROT_NO_AF))
		d |= PT_DESC_AF;
	if (prot & PT_PROT_NG)
		d |= PT_DESC_NG;
	if (prot & PT_PROT_USER)
		d |= PT_DESC_AP_EL0;
	if (!(prot & PT_PROT_WRITE))
		d |= PT_DESC_AP_RO;
	if (!(prot & PT_PROT_EXEC))
		d |= PT_DESC_UXN | PT_DESC_PXN;
	else if (prot & PT_PROT_USER)
		d |= PT_DESC_PXN;
	else
		d |= PT_DESC_UXN;
	d |= FIELD_PREP(PT_DESC_ATTRINDX, FIELD_GET(PT_PROT_ATTR, prot));
	d |= FIELD_PREP(PT_DESC_SH, FIELD_GET(PT_PROT_SH, prot));
	*leaf = d;
	return 0;
}

static int pt_map_common(struct pt *pt, u64 va, u64 pa, u64 size, u32 prot,
			 bool replace)
{
	struct pt_op op = { .pt = pt, .map = true, .replace = replace };
	int ret;

	ret = pt_op_range(&op, va, size);
	if (ret)
		return ret;
	if (pa & ((1ULL << pt->cfg.granule) - 1))
		return -EINVAL;
	if ((pa >> pt->cfg.oas) || size > (1ULL << pt->cfg.oas) - pa)
		return -ERANGE;
	ret = pt_prot_to_leaf(prot, &op.leaf);
	if (ret)
		return ret;
	op.pa = pa;
	return pt_op_run(&op);
}

int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u32 prot)
{
	return pt_map_common(pt, va, pa, size, prot, false);
}

int pt_remap(struct pt *pt, u64 va, u64 pa, u64 size, u32 prot)
{
	return pt_map_common(pt, va, pa, size, prot, true);
}

s64 pt_unmap(struct pt *pt, u64 va, u64 size)
{
	struct pt_op op = { .pt = pt };
	int ret;

	ret = pt_op_range(&op, va, size);
	if (ret)
		return ret;
	ret = pt_op_run(&op);
	if (ret)
		return ret;
	return (s64)op.done;
}

int pt_init(struct pt *pt, const struct pt_cfg *cfg,
	    const struct pt_mem_ops *ops, void *ctx)
{
	memset(pt, 0, sizeof(*pt));
	if (cfg->granule != PT_GRANULE_4K && cfg->granule != PT_GRANULE_16K &&
	    cfg->granule != PT_GRANULE_64K)
		return -EINVAL;
	if (cfg->ias < PT_IAS_MIN || cfg->ias > PT_IAS_MAX)
		return -EINVAL;
	if (pt_oas_to_ips(cfg->oas) < 0)
		return -EINVAL;
	if (cfg->range != PT_TTBR0 && cfg->range != PT_TTBR1)
		return -EINVAL;
	if (!ops || !ops->alloc || !ops->free || !ops->phys_to_virt ||
	    !ops->clean)
		return -EINVAL;

	pt->cfg = *cfg;
	pt->ops = ops;
	pt->ctx = ctx;
	pt->stride = (u8)(cfg->granule - 3);
	pt->start_level = (u8)pt_start_level(cfg->granule, cfg->ias);
	pt->va_base = cfg->range == PT_TTBR1 ? ~0ULL << cfg->ias : 0;
	pt->root = pt_alloc_table(pt, &pt->root_pa);
	if (!pt->root)
		return -ENOMEM;
	pt_clean(pt, pt->root, pt->root_pa, 1UL << cfg->granule);
	return 0;
}

void pt_destroy(struct pt *pt)
{
	if (pt->root)
		pt_free_tree(pt, pt->root, pt->root_pa, pt->start_level);
	pt->root = NULL;
}

void pt_tcr(const struct pt *pt, struct pt_tcr *tcr)
{
	static const u8 tg0[] = { [PT_GRANULE_4K] = PT_TCR_TG0_4K,
				  [PT_GRANULE_16K] = PT_TCR_TG0_16K,
				  [PT_GRANULE_64K] = PT_TCR_TG0_64K };
	static const u8 tg1[] = { [PT_GRANULE_4K] = PT_TCR_TG1_4K,
				  [PT_GRANULE_16K] = PT_TCR_TG1_16K,
				  [PT_GRANULE_64K] = PT_TCR_TG1_64K };
	const struct pt_cfg *cfg = &pt->cfg;

	tcr->tsz = (u8)(64 - cfg->ias);
	tcr->tg = cfg->range == PT_TTBR0 ? tg0[cfg->granule]
					 : tg1[cfg->granule];
	/* Write-back walks for a snooping walker; otherwise straight to DRAM. */
	tcr->irgn = cfg->coherent_walk ? 1 : 0;
	tcr->orgn = cfg->coherent_walk ? 1 : 0;
	tcr->sh = cfg->coherent_walk ? PT_SH_INNER : PT_SH_OUTER;
	tcr->ips = (u8)pt_oas_to_ips(cfg->oas);
}

u64 pt_tcr_el1(const struct pt_tcr *t0, const struct pt_tcr *t1)
{
	u64 tcr = 0;

	if (t0)
		tcr |= FIELD_PREP(PT_TCR_T0SZ, t0->tsz) |
		       FIELD_PREP(PT_TCR_TG0, t0->tg) |
		       FIELD_PREP(PT_TCR_SH0, t0->sh) |
		       FIELD_PREP(PT_TCR_IRGN0, t0->irgn) |
		       FIELD_PREP(PT_TCR_ORGN0, t0->orgn) |
		       FIELD_PREP(PT_TCR_IPS, t0->ips);
	else
		tcr |= PT_TCR_EPD0;
	if (t1)
		tcr |= FIELD_PREP(PT_TCR_T1SZ, t1->tsz) |
		       FIELD_PREP(PT_TCR_TG1, t1->tg) |
		       FIELD_PREP(PT_TCR_SH1, t1->sh) |
		       FIELD_PREP(PT_TCR_IRGN1, t1->irgn) |
		       FIELD_PREP(PT_TCR_ORGN1, t1->orgn);
	else
		tcr |= PT_TCR_EPD1;
	if (!t0 && t1)
		tcr |= FIELD_PREP(PT_TCR_IPS, t1->ips);
	return tcr;
}

u64 pt_ttbr(const struct pt *pt, u16 asid)
{
	return pt->root_pa | FIELD_PREP(PT_TTBR_ASID, asid);
}
