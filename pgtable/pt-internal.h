/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Level arithmetic shared by the pgtable files. */
#ifndef VADMA_PT_INTERNAL_H
#define VADMA_PT_INTERNAL_H

#include "vadma/pgtable.h"

#define PT_MAX_LEVEL 3

/*
 * Input address bits a level resolves: a level's entries each cover
 * 2^shift bytes, shift = granule + (3 - level) * (granule - 3).
 */
static inline unsigned int pt_level_shift(unsigned int granule, int level)
{
	return granule + (unsigned int)(PT_MAX_LEVEL - level) * (granule - 3);
}

/* Entries of a table at @level; the first level may be partial. */
static inline u64 pt_level_entries(unsigned int granule, unsigned int ias,
				   unsigned int start, int level)
{
	unsigned int shift = pt_level_shift(granule, level);

	if ((unsigned int)level == start)
		return 1ULL << (ias - shift);
	return 1ULL << (granule - 3);
}

/*
 * Levels that may hold a block descriptor without FEAT_LPA/LPA2
 * (DDI 0487 D8.3.1): 4K at levels 1 and 2 (1 GiB, 2 MiB), 16K at level 2
 * (32 MiB), 64K at level 2 (512 MiB).
 */
static inline bool pt_block_ok(unsigned int granule, int level)
{
	if (level == 2)
		return true;
	return granule == PT_GRANULE_4K && level == 1;
}

/* Output address of a table descriptor: bits [47:granule]. */
static inline u64 pt_table_addr(u64 desc, unsigned int granule)
{
	return desc & GENMASK_ULL(47, 0) & ~((1ULL << granule) - 1);
}

/* Output address of a leaf covering 2^shift bytes: bits [47:shift]. */
static inline u64 pt_leaf_addr(u64 desc, unsigned int shift)
{
	return desc & GENMASK_ULL(47, 0) & ~((1ULL << shift) - 1);
}

enum pt_desc_type {
	PT_DESC_INVALID,
	PT_DESC_IS_TABLE,
	PT_DESC_IS_LEAF,
};

/* Classify @desc read at @level of a @granule tree. */
static inline enum pt_desc_type pt_desc_type(u64 desc, unsigned int granule,
					     int level)
{
	if (!(desc & PT_DESC_VALID))
		return PT_DESC_INVALID;
	if (level == PT_MAX_LEVEL)
		return (desc & PT_DESC_TABLE) ? PT_DESC_IS_LEAF
					      : PT_DESC_INVALID;
	if (desc & PT_DESC_TABLE)
		return PT_DESC_IS_TABLE;
	return pt_block_ok(granule, level) ? PT_DESC_IS_LEAF : PT_DESC_INVALID;
}

static inline u64 pt_read_desc(const u64 *p)
{
	return le64_to_cpu(*(const volatile u64 *)p);
}

static inline void pt_write_desc(u64 *p, u64 desc)
{
	*(volatile u64 *)p = cpu_to_le64(desc);
}

/*
 * The attributes a table descriptor @desc passes down (APTable, UXNTable,
 * PXNTable), added to those of the tables above it, @above.
 */
static inline u64 pt_table_attrs(u64 above, u64 desc)
{
	return above |
	       (desc & (PT_DESC_APTABLE | PT_DESC_UXNTABLE | PT_DESC_PXNTABLE));
}

/*
 * The one recursion over a tree that the library owns.  pt_destroy() and
 * the remap of a table by a leaf free with it, pt_dump() lists with it, and
 * unmap asks it whether a table is empty.  (A translation follows a single
 * path with the architecture's fault priority: pt_walk_tables() does that,
 * with the same descriptor helpers.)
 *
 * Tables are visited depth first, each entry before the table it points
 * to, and a table's table_end after everything below it, so a visitor can
 * free a tree bottom-up.  It is inline so that a flat visit with a known
 * visitor (emptiness, on every unmap) compiles to a plain scan.
 */
/* What pt_visit() shows its visitor of one entry. */
struct pt_visit_entry {
	u64 desc;
	enum pt_desc_type type;
	int level;
	u64 idx;
	u64 off;	 /* offset in the tree of the first byte it maps */
	u64 table_attrs; /* pt_table_attrs() of the tables above it */
	u64 *child;	 /* a table entry: its table, NULL if unreachable */
	u64 child_pa;
};

/* Visit only valid entries; do not go into tables; scan from both ends. */
#define PT_VISIT_VALID	 BIT(0)
#define PT_VISIT_FLAT	 BIT(1)
#define PT_VISIT_ENDS_IN BIT(2)

/**
 * struct pt_visitor - what pt_visit() calls
 * @entry: at each entry (valid ones only with PT_VISIT_VALID), before the
 *         table it points to is visited; non-zero stops the visit
 * @table_end: optional: after every entry of a table was visited (the
 *         tables below it included), so it may free it; non-zero stops
 * @flags: PT_VISIT_*
 * @arg:   for the callbacks
 */
struct pt_visitor {
	int (*entry)(struct pt_visitor *v, const struct pt_visit_entry *e);
	int (*table_end)(struct pt_visitor *v, u64 *table, u64 pa, int level);
	unsigned int flags;
	void *arg;
};

/*
 * The k-th entry to visit of @n: in order, or alternately from the two
 * ends (0, n - 1, 1, n - 2, ...), which finds a survivor at once when a
 * table is being emptied in either direction.
 */
static inline u64 pt_visit_idx(unsigned int flags, u64 k, u64 n)
{
	if (!(flags & PT_VISIT_ENDS_IN))
		return k;
	return (k & 1) ? n - 1 - (k >> 1) : k >> 1;
}

int pt_visit(const struct pt *pt, struct pt_visitor *v, u64 *table, u64 pa,
	     int level, u64 off, u64 table_attrs);

/*
 * The entries of one table, and (unless PT_VISIT_FLAT) the tables below
 * them through pt_visit().  Always inline, so that a flat visit by a
 * visitor the compiler knows (emptiness, on every unmap) becomes a plain
 * scan.
 */
static inline __attribute__((always_inline)) int
pt_visit_table(const struct pt *pt, struct pt_visitor *v, u64 *table, int level,
	       u64 off, u64 table_attrs)
{
	unsigned int granule = pt->cfg.granule;
	unsigned int shift = pt_level_shift(granule, level);
	u64 n = pt_level_entries(granule, pt->cfg.ias, pt->start_level, level);
	/* Read once, before any call, so a known visitor folds away. */
	unsigned int flags = v->flags;
	int (*entry)(struct pt_visitor *, const struct pt_visit_entry *) =
		v->entry;
	u64 k;
	int ret;

	for (k = 0; k < n; k++) {
		struct pt_visit_entry e;

		e.idx = pt_visit_idx(flags, k, n);
		e.desc = pt_read_desc(&table[e.idx]);
		if ((flags & PT_VISIT_VALID) && !(e.desc & PT_DESC_VALID))
			continue;
		e.type = pt_desc_type(e.desc, granule, level);
		e.level = level;
		e.off = off + (e.idx << shift);
		e.table_attrs = table_attrs;
		e.child = NULL;
		e.child_pa = 0;
		if (e.type == PT_DESC_IS_TABLE && !(flags & PT_VISIT_FLAT)) {
			e.child_pa = pt_table_addr(e.desc, granule);
			e.child = pt->ops->phys_to_virt(pt->ctx, e.child_pa,
							1UL << granule);
		}
		ret = entry(v, &e);
		if (ret)
			return ret;
		if (e.child) {
			ret = pt_visit(pt, v, e.child, e.child_pa, level + 1,
				       e.off,
				       pt_table_attrs(table_attrs, e.desc));
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* The walker both pt_walk() and pt_regime_walk() use. */
struct pt_walker {
	const struct pt_mem_ops *ops;
	void *ctx;
	u64 base;
	u64 mair;
	u8 granule;
	u8 ias;
	u8 oas;
	u8 start_level;
	bool base_bad;
	enum pt_range range;
};

/* Effective PT_PERM_* of a leaf under the table attributes above it. */
u32 pt_leaf_perm(u64 desc, u64 table_attrs);

int pt_walk_tables(const struct pt_walker *w, u64 va, unsigned int access,
		   struct pt_walk *res);

#endif /* VADMA_PT_INTERNAL_H */
