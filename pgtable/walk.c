// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The stage-1 table walk, as DDI 0487 describes it for a stage-1 EL1&0
 * regime with no FEAT_LPA/LPA2, no TBI and no hardware AF/dirty updates.
 *
 * Fault priority, highest first (DDI 0487 D8.14.1, and the AArch64.S1Walk
 * pseudocode): an input address outside both ranges or a disabled range
 * (translation, level 0); a TTBR above the output size (address size,
 * level 0); then at each level an invalid descriptor (translation) or a
 * next-level table above the output size (address size); at the leaf an
 * output address above the output size (address size), a clear access flag
 * (access flag), and last the permission check (permission).
 */
#include "pt-internal.h"

const char *pt_fault_name(enum pt_fault fault)
{
	switch (fault) {
	case PT_FAULT_NONE:
		return "none";
	case PT_FAULT_TRANSLATION:
		return "translation";
	case PT_FAULT_ACCESS:
		return "access";
	case PT_FAULT_PERMISSION:
		return "permission";
	case PT_FAULT_ADDRESS_SIZE:
		return "address-size";
	case PT_FAULT_EXTERNAL:
		return "external";
	}
	return "unknown";
}

unsigned int pt_start_level(unsigned int granule, unsigned int ias)
{
	unsigned int stride = granule - 3;
	unsigned int levels = (ias - granule + stride - 1) / stride;

	return PT_MAX_LEVEL + 1 - levels;
}

static int pt_fault(struct pt_walk *res, enum pt_fault fault, int level)
{
	res->fault = fault;
	res->level = level;
	return -EFAULT;
}

/*
 * Effective permissions of a leaf (DDI 0487 D8.4, AArch64.S1ApplyOutputPerms
 * in the pseudocode): AP[2] makes it read-only, AP[1] opens it to EL0,
 * APTable[1]/[0] at any level above take write and EL0 access away, UXN and
 * PXN (or their table forms) forbid execution, and a location EL0 can write
 * is never executable at EL1.  EL0 execution does not need EL0 read.
 */
u32 pt_leaf_perm(u64 desc, u64 table_attrs)
{
	bool el0 = (desc & PT_DESC_AP_EL0) &&
		   !(table_attrs & PT_DESC_APTABLE_NOEL0);
	bool ro = (desc & PT_DESC_AP_RO) || (table_attrs & PT_DESC_APTABLE_RO);
	bool uxn = (desc & PT_DESC_UXN) || (table_attrs & PT_DESC_UXNTABLE);
	bool pxn = (desc & PT_DESC_PXN) || (table_attrs & PT_DESC_PXNTABLE);
	u32 perm = PT_PERM_PR;

	if (!ro)
		perm |= PT_PERM_PW;
	if (el0)
		perm |= PT_PERM_UR;
	if (el0 && !ro)
		perm |= PT_PERM_UW;
	if (!uxn)
		perm |= PT_PERM_UX;
	if (!pxn && !(el0 && !ro))
		perm |= PT_PERM_PX;
	return perm;
}

static bool pt_perm_allows(u32 perm, unsigned int access)
{
	u32 need;

	if (access & PT_ACC_EXEC)
		need = (access & PT_ACC_USER) ? PT_PERM_UX : PT_PERM_PX;
	else if (access & PT_ACC_WRITE)
		need = (access & PT_ACC_USER) ? PT_PERM_UW : PT_PERM_PW;
	else
		need = (access & PT_ACC_USER) ? PT_PERM_UR : PT_PERM_PR;
	return perm & need;
}

int pt_walk_tables(const struct pt_walker *w, u64 va, unsigned int access,
		   struct pt_walk *res)
{
	unsigned int granule = w->granule;
	u64 oas_mask = ~0ULL << w->oas;
	u64 table = w->base;
	u64 table_attrs = 0;
	int level = w->start_level;

	memset(res, 0, sizeof(*res));
	res->range = w->range;
	if (w->base_bad)
		return pt_fault(res, PT_FAULT_ADDRESS_SIZE, 0);

	for (;;) {
		unsigned int shift = pt_level_shift(granule, level);
		u64 n = pt_level_entries(granule, w->ias, w->start_level,
					 level);
		u64 idx = (va >> shift) & (n - 1);
		const u64 *p;
		u64 desc;

		p = w->ops->phys_to_virt(w->ctx, table + idx * 8, 8);
		if (!p)
			return pt_fault(res, PT_FAULT_EXTERNAL, level);
		desc = pt_read_desc(p);
		res->desc = desc;

		switch (pt_desc_type(desc, granule, level)) {
		case PT_DESC_INVALID:
			return pt_fault(res, PT_FAULT_TRANSLATION, level);
		case PT_DESC_IS_TABLE:
			table = pt_table_addr(desc, granule);
			if (table & oas_mask)
				return pt_fault(res, PT_FAULT_ADDRESS_SIZE,
						level);
			table_attrs = pt_table_attrs(table_attrs, desc);
			level++;
			continue;
		case PT_DESC_IS_LEAF:
			break;
		}

		res->level = level;
		res->size = 1ULL << shift;
		res->pa = pt_leaf_addr(desc, shift);
		if (res->pa & oas_mask)
			return pt_fault(res, PT_FAULT_ADDRESS_SIZE, level);
		res->pa |= va & (res->size - 1);
		res->attr_idx = FIELD_GET(PT_DESC_ATTRINDX, desc);
		res->attr = (u8)(w->mair >> (8 * res->attr_idx));
		res->sh = FIELD_GET(PT_DESC_SH, desc);
		res->ng = desc & PT_DESC_NG;
		res->perm = pt_leaf_perm(desc, table_attrs);
		if (!(desc & PT_DESC_AF))
			return pt_fault(res, PT_FAULT_ACCESS, level);
		if (!pt_perm_allows(res->perm, access))
			return pt_fault(res, PT_FAULT_PERMISSION, level);
		return 0;
	}
}

int pt_walk(const struct pt *pt, u64 va, unsigned int access,
	    struct pt_walk *res)
{
	struct pt_walker w = {
		.ops = pt->ops,
		.ctx = pt->ctx,
		.base = pt->root_pa,
		.mair = pt->cfg.mair,
		.granule = (u8)pt->cfg.granule,
		.ias = (u8)pt->cfg.ias,
		.oas = (u8)pt->cfg.oas,
		.start_level = pt->start_level,
		.range = pt->cfg.range,
	};
	bool in_range;

	if (pt->cfg.range == PT_TTBR0)
		in_range = (va >> pt->cfg.ias) == 0;
	else
		in_range = (~va >> pt->cfg.ias) == 0;
	if (!in_range) {
		memset(res, 0, sizeof(*res));
		res->range = pt->cfg.range;
		return pt_fault(res, PT_FAULT_TRANSLATION, 0);
	}
	return pt_walk_tables(&w, va, access, res);
}

/*
 * One descriptor per level from the root the library keeps a host pointer
 * to, down to the leaf: no struct pt_walk to fill, no checks the library's
 * own tables cannot fail (a table or output address above the output
 * size), no permissions.
 */
int pt_iova_to_phys(const struct pt *pt, u64 va, u64 *pa)
{
	unsigned int granule = pt->cfg.granule;
	u64 idx_mask = (1ULL << pt->stride) - 1;
	u64 off = va - pt->va_base;
	const u64 *table = pt->root;
	int level = pt->start_level;

	if (va < pt->va_base || (off >> pt->cfg.ias))
		return -ERANGE;
	if (!table)
		return -ENOENT; /* after pt_destroy() */
	for (;;) {
		unsigned int shift = pt_level_shift(granule, level);
		u64 desc = pt_read_desc(&table[(off >> shift) & idx_mask]);

		switch (pt_desc_type(desc, granule, level)) {
		case PT_DESC_INVALID:
			return -ENOENT;
		case PT_DESC_IS_TABLE:
			table = pt->ops->phys_to_virt(
				pt->ctx, pt_table_addr(desc, granule),
				1UL << granule);
			if (!table)
				return -EFAULT;
			level++;
			continue;
		case PT_DESC_IS_LEAF:
			break;
		}
		*pa = pt_leaf_addr(desc, shift) | (va & ((1ULL << shift) - 1));
		return 0;
	}
}

int pt_oas_to_ips(unsigned int oas)
{
	static const u8 sizes[] = { 32, 36, 40, 42, 44, 48 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		if (sizes[i] == oas)
			return (int)i;
	return -EINVAL;
}

int pt_ips_to_oas(unsigned int ips)
{
	static const u8 sizes[] = { 32, 36, 40, 42, 44, 48 };

	if (ips >= ARRAY_SIZE(sizes))
		return -EINVAL;
	return sizes[ips];
}

int pt_tg_granule(unsigned int tg, enum pt_range range)
{
	if (range == PT_TTBR0) {
		switch (tg) {
		case PT_TCR_TG0_4K:
			return PT_GRANULE_4K;
		case PT_TCR_TG0_16K:
			return PT_GRANULE_16K;
		case PT_TCR_TG0_64K:
			return PT_GRANULE_64K;
		}
	} else {
		switch (tg) {
		case PT_TCR_TG1_4K:
			return PT_GRANULE_4K;
		case PT_TCR_TG1_16K:
			return PT_GRANULE_16K;
		case PT_TCR_TG1_64K:
			return PT_GRANULE_64K;
		}
	}
	return -EINVAL;
}

int pt_tcr_decode(u64 tcr, enum pt_range range, struct pt_tcr *f,
		  struct pt_cfg *cfg)
{
	bool t1 = range == PT_TTBR1;
	int granule, oas;

	f->tsz = (u8)(t1 ? FIELD_GET(PT_TCR_T1SZ, tcr)
			 : FIELD_GET(PT_TCR_T0SZ, tcr));
	f->tg = (u8)(t1 ? FIELD_GET(PT_TCR_TG1, tcr)
			: FIELD_GET(PT_TCR_TG0, tcr));
	f->sh = (u8)(t1 ? FIELD_GET(PT_TCR_SH1, tcr)
			: FIELD_GET(PT_TCR_SH0, tcr));
	f->irgn = (u8)(t1 ? FIELD_GET(PT_TCR_IRGN1, tcr)
			  : FIELD_GET(PT_TCR_IRGN0, tcr));
	f->orgn = (u8)(t1 ? FIELD_GET(PT_TCR_ORGN1, tcr)
			  : FIELD_GET(PT_TCR_ORGN0, tcr));
	f->ips = (u8)FIELD_GET(PT_TCR_IPS, tcr);

	if (tcr & (t1 ? PT_TCR_EPD1 : PT_TCR_EPD0))
		return -ENOENT;
	granule = pt_tg_granule(f->tg, range);
	if (granule < 0)
		return granule;
	if (f->tsz < 64 - PT_IAS_MAX || f->tsz > 64 - PT_IAS_MIN)
		return -EINVAL;
	oas = pt_ips_to_oas(f->ips);
	if (oas < 0)
		return oas;
	if (cfg) {
		memset(cfg, 0, sizeof(*cfg));
		cfg->granule = (unsigned int)granule;
		cfg->ias = 64U - f->tsz;
		cfg->oas = (unsigned int)oas;
		cfg->range = range;
	}
	return 0;
}

int pt_regime_init(struct pt_regime *r, u64 tcr, u64 mair, u64 ttbr0, u64 ttbr1,
		   const struct pt_mem_ops *ops, void *ctx)
{
	const u64 ttbr[2] = { ttbr0, ttbr1 };
	int oas, i;

	memset(r, 0, sizeof(*r));
	if (tcr & (PT_TCR_TBI0 | PT_TCR_TBI1 | PT_TCR_HA | PT_TCR_HD))
		return -EINVAL;
	oas = pt_ips_to_oas(FIELD_GET(PT_TCR_IPS, tcr));
	if (oas < 0)
		return oas;
	r->oas = (u8)oas;
	r->mair = mair;
	r->ops = ops;
	r->ctx = ctx;

	for (i = 0; i < 2; i++) {
		struct pt_regime_half *h = &r->half[i];
		struct pt_tcr f;
		struct pt_cfg cfg;
		u64 size;
		int ret;

		ret = pt_tcr_decode(tcr, (enum pt_range)i, &f, &cfg);
		if (ret == -ENOENT)
			continue;
		if (ret)
			return ret;
		h->enabled = true;
		h->granule = (u8)cfg.granule;
		h->ias = (u8)cfg.ias;
		h->start_level = (u8)pt_start_level(cfg.granule, cfg.ias);
		/*
		 * BADDR bits below the table's size are RES0; treat them as
		 * zero, as the table must be aligned to its size (or 64 bytes).
		 */
		size = 8 * pt_level_entries(cfg.granule, cfg.ias,
					    h->start_level, h->start_level);
		if (size < 64)
			size = 64;
		h->base = ttbr[i] & PT_TTBR_BADDR & ~(size - 1);
		r->base_bad[i] = (h->base >> oas) != 0;
	}
	return 0;
}

int pt_regime_walk(const struct pt_regime *r, u64 va, unsigned int access,
		   struct pt_walk *res)
{
	const struct pt_regime_half *h;
	struct pt_walker w;
	enum pt_range range;

	/* With TBI off, VA[63:ias] must be all zeros (TTBR0) or all ones. */
	if (!(va >> 63) && r->half[0].enabled && !(va >> r->half[0].ias))
		range = PT_TTBR0;
	else if ((va >> 63) && r->half[1].enabled && !(~va >> r->half[1].ias))
		range = PT_TTBR1;
	else {
		memset(res, 0, sizeof(*res));
		res->range = (enum pt_range)(va >> 63);
		return pt_fault(res, PT_FAULT_TRANSLATION, 0);
	}

	h = &r->half[range];
	w.ops = r->ops;
	w.ctx = r->ctx;
	w.base = h->base;
	w.mair = r->mair;
	w.granule = h->granule;
	w.ias = h->ias;
	w.oas = r->oas;
	w.start_level = h->start_level;
	w.base_bad = r->base_bad[range];
	w.range = range;
	return pt_walk_tables(&w, va, access, res);
}
