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
