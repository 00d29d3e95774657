// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The MMU-500 model's stage 1 translation: TLB lookup, then a VMSAv8-64
 * table walk (Arm DDI 0487, "The AArch64 Virtual Memory System
 * Architecture", stage 1 of the EL1&0 regime) as IHI 0062D 2.6.4 and 3.7
 * apply it to an SMMU context bank, then the permission check.
 *
 * This is the model's own reading of the architecture; it shares nothing
 * with pgtable/, so that the two check each other.
 *
 * The walker reads descriptors with model_dev_read(): the device view of
 * memory.  The MMU-500 on ZynqMP does not snoop the CPU caches (CTTW=0),
 * so a descriptor the CPU wrote but did not clean is not seen.
 */
#include "smmu-internal.h"

/* Descriptor fields (DDI 0487 D8.3, VMSAv8-64 descriptor formats). */
#define DESC_VALID    BIT_ULL(0)
#define DESC_TABLE    BIT_ULL(1) /* table; page at level 3 */
#define DESC_ATTRINDX GENMASK_ULL(4, 2)
#define DESC_AP1      BIT_ULL(6) /* AP[1]: EL0 access */
#define DESC_AP2      BIT_ULL(7) /* AP[2]: read-only */
#define DESC_SH	      GENMASK_ULL(9, 8)
#define DESC_AF	      BIT_ULL(10)
#define DESC_NG	      BIT_ULL(11)
#define DESC_PXN      BIT_ULL(53)
#define DESC_UXN      BIT_ULL(54)
#define DESC_PXNTABLE BIT_ULL(59)
#define DESC_UXNTABLE BIT_ULL(60)
#define DESC_APTABLE0 BIT_ULL(61) /* no EL0 access below */
#define DESC_APTABLE1 BIT_ULL(62) /* no write access below */
#define DESC_OA_TOP   47	  /* 48-bit output addresses */

/* The MAIR byte attribute index @idx selects. */
static u8 mair_attr(const struct smmu_cb *cb, unsigned int idx)
{
	return (u8)(cb->mair[idx / 4] >> (8 * (idx % 4)));
}

/*
 * The granule TGn selects.  IHI 0062D 16.5.38: a reserved TGn, or one the
 * SMMU does not implement, is treated as an IMPLEMENTATION DEFINED choice
 * among the implemented granules (not a fault).  The model chooses 4KB,
 * else 64KB, else 16KB.  The register reads back as written.
 */
static unsigned int smmu_granule(const struct smmu *s, unsigned int region,
				 u32 tcr)
{
	unsigned int g = 0;

	if (!region) {
		switch (FIELD_GET(SMMU_TCR_TG0, tcr)) {
		case SMMU_TCR_TG0_4K:
			g = 12;
			break;
		case SMMU_TCR_TG0_64K:
			g = 16;
			break;
		case SMMU_TCR_TG0_16K:
			g = 14;
			break;
		}
	} else {
		switch (FIELD_GET(SMMU_TCR_TG1, tcr)) {
		case SMMU_TCR_TG1_4K:
			g = 12;
			break;
		case SMMU_TCR_TG1_64K:
			g = 16;
			break;
		case SMMU_TCR_TG1_16K:
			g = 14;
			break;
		}
	}
	if (g && (s->granules & BIT(g)))
		return g;
	if (s->granules & BIT(12))
		return 12;
	if (s->granules & BIT(16))
		return 16;
	if (s->granules & BIT(14))
		return 14;
	return 12; /* IDR2 reports no granule: inconsistent; use 4KB */
}

/*
 * Levels that may hold a block descriptor with 48-bit output addresses
 * (DDI 0487 D8.3.1): 4KB: 1 (1GB) and 2 (2MB); 16KB: 2 (32MB); 64KB: 2
 * (512MB).  Elsewhere a block encoding is a translation fault.
 */
static bool block_allowed(unsigned int granule, int level)
{
	if (granule == 12)
		return level == 1 || level == 2;
	return level == 2;
}

static void walk_event(struct smmu *s, u32 sid, unsigned int cbndx, u64 va,
		       int level, u64 table, u64 desc)
{
	struct model_event ev = {
		.ev = MODEL_EV_WALK,
		.dev = "smmu",
		.sid = sid,
		.cb = (int)cbndx,
		.va = va,
		.pa = table,
		.level = level,
		.desc = desc,
	};

	model_emit(s->m, &ev);
}

static inline u64 bits_above(u64 v, unsigned int n)
{
	return n >= 64 ? 0 : v >> n;
}

/*
 * One descriptor, as the walker sees memory (the device view): through the
 * host address of its table page when remembered (s->tw_page).
 * Return: 0, or -EFAULT when @addr is not RAM.
 */
static inline int smmu_read_desc(struct smmu *s, u64 addr, u64 *raw)
{
	unsigned int tw = (addr >> 12) & (SMMU_TW_PAGES - 1);

	if (likely(s->tw_page[tw] == addr >> 12)) {
		memcpy(raw, s->tw_data[tw] + (addr & 4095), 8);
		return 0;
	}
	s->tw_data[tw] = model_dev_page(s->m, addr);
	if (s->tw_data[tw]) {
		s->tw_page[tw] = addr >> 12;
		memcpy(raw, s->tw_data[tw] + (addr & 4095), 8);
		return 0;
	}
	/* Untouched RAM reads as zeros (not remembered: it may be touched). */
	s->tw_page[tw] = ~0ULL;
	return model_dev_read(s->m, addr, raw, 8);
}

/*
 * Select the TTBR, check the input address and walk.  On success the leaf
 * goes into the TLB (also when the access then faults on permission:
 * the architecture lets a TLB cache any walk that did not end in a
 * translation or access flag fault, IHI 0062D 5.4.1).
 */
static struct smmu_tlb_ent *smmu_walk(struct smmu *s, unsigned int cbndx,
				      u64 va, u16 asid, u32 sid,
				      struct smmu_xlate *res)
{
	struct smmu_cb *cb = &s->cb[cbndx];
	struct smmu_tlb_ent ent = { 0 };
	unsigned int region = va >> 63, granule, stride, tsz, ias, pa_bits;
	unsigned int aptable = 0;
	bool uxnt = false, pxnt = false, be = cb->sctlr & SMMU_SCTLR_E;
	u64 ttbr = cb->ttbr[region], table, align, desc = 0;
	int level, start;

	/*
	 * IHI 0062D 16.5.40 and DDI 0487: a VA whose top bits are neither
	 * all 0 (TTBR0) nor all 1 (TTBR1) for the selected TnSZ, a disabled
	 * range (EPDn), and a TnSZ outside 16..39 (CONSTRAINED UNPREDICTABLE;
	 * the model takes the permitted translation fault) all give a
	 * translation fault reported at level 0 (16.5.11, PLVL).
	 */
	res->level = 0;
	tsz = region ? FIELD_GET(SMMU_TCR_T1SZ, cb->tcr)
		     : FIELD_GET(SMMU_TCR_T0SZ, cb->tcr);
	if (tsz < 16 || tsz > 39 ||
	    (cb->tcr & (region ? SMMU_TCR_EPD1 : SMMU_TCR_EPD0))) {
		res->fault = SMMU_FSR_TF;
		return NULL;
	}
	ias = 64 - tsz;
	if ((region && bits_above(~va, ias)) ||
	    (!region && bits_above(va, ias))) {
		res->fault = SMMU_FSR_TF;
		return NULL;
	}

	granule = smmu_granule(s, region, cb->tcr);
	stride = granule - 3;
	/* DDI 0487: the walk starts where the input size requires. */
	start = 4 - (int)((ias - granule + stride - 1) / stride);
	pa_bits = smmu_pa_bits(s, cb);

	/* The base address itself is checked first (level 0, 3.7 t3-3). */
	if (bits_above(ttbr & GENMASK_ULL(DESC_OA_TOP, 0), pa_bits)) {
		res->fault = SMMU_FSR_ASF;
		return NULL;
	}
	/*
	 * Bits below the alignment of the first table are RES0; the model
	 * treats them as zero (one of the permitted behaviours).  A table
	 * of fewer than eight entries is aligned to 64 bytes (DDI 0487,
	 * TTBR0_EL1.BADDR).
	 */
	align = 8ULL << (ias - (granule + (3 - start) * stride));
	if (align < 64)
		align = 64;
	table = ttbr & GENMASK_ULL(DESC_OA_TOP, 0) & ~(align - 1);

	s->stats->walks++;
	for (level = start; level <= 3; level++) {
		unsigned int shift = granule + (3 - level) * stride;
		unsigned int nbits = level == start ? ias - shift : stride;
		u64 idx = (va >> shift) & ((1ULL << nbits) - 1);
		u64 raw, addr = table + idx * 8;

		res->level = level;
		res->levels++;
		model_tick(s->m, SMMU_CYC_WALK_LEVEL);
		if (smmu_read_desc(s, addr, &raw)) {
			/* Not RAM: an external abort on the walk (3.7.2). */
			res->fault = SMMU_FSR_EF;
			res->ptw = true;
			return NULL;
		}
		desc = be ? __builtin_bswap64(le64_to_cpu(raw))
			  : le64_to_cpu(raw);
		if (s->tracing)
			walk_event(s, sid, cbndx, va, level, table, desc);
		if (!(desc & DESC_VALID)) {
			res->fault = SMMU_FSR_TF;
			return NULL;
		}
		if (level < 3 && (desc & DESC_TABLE)) {
			u64 next = desc & GENMASK_ULL(DESC_OA_TOP, granule);

			/* A next-level table above the PA size (3.7 t3-3). */
			if (bits_above(next, pa_bits)) {
				res->fault = SMMU_FSR_ASF;
				return NULL;
			}
			if (desc & DESC_APTABLE0)
				aptable |= SMMU_PERM_AP1;
			if (desc & DESC_APTABLE1)
				aptable |= SMMU_PERM_AP2;
			uxnt |= desc & DESC_UXNTABLE;
			pxnt |= desc & DESC_PXNTABLE;
			table = next;
			continue;
		}
		/* Level 3 0b01 is reserved; a block where none may be. */
		if ((level == 3 && !(desc & DESC_TABLE)) ||
		    (level < 3 && !block_allowed(granule, level))) {
			res->fault = SMMU_FSR_TF;
			return NULL;
		}
		ent.shift = shift;
		ent.pa = desc & GENMASK_ULL(DESC_OA_TOP, shift);
		break;
	}

	/* Fault priority at the leaf: address size, then access flag. */
	if (bits_above(ent.pa, pa_bits)) {
		res->fault = SMMU_FSR_ASF;
		return NULL;
	}
	/*
	 * AArch64 always uses AP[0] as the access flag (SCTLR.AFE reads as
	 * set); SCTLR.AFFD=1 disables the fault (IHI 0062D 16.5.29).
	 */
	if (!(desc & DESC_AF) && !(cb->sctlr & SMMU_SCTLR_AFFD)) {
		res->fault = SMMU_FSR_AFF;
		return NULL;
	}

	ent.va = va & ~((1ULL << ent.shift) - 1);
	ent.vmid = smmu_cb_vmid(s, cbndx);
	ent.asid = asid;
	ent.cb = (u8)cbndx;
	ent.level = (u8)level;
	ent.start = (u8)start;
	ent.granule = (u8)granule;
	ent.attr = mair_attr(cb, FIELD_GET(DESC_ATTRINDX, desc));
	ent.sh = FIELD_GET(DESC_SH, desc);
	ent.global = !(desc & DESC_NG);
	/* APTable[0] removes EL0 access, APTable[1] write access. */
	ent.perm = ((desc & DESC_AP1) ? SMMU_PERM_AP1 : 0) |
		   ((desc & DESC_AP2) ? SMMU_PERM_AP2 : 0);
	ent.perm = (ent.perm & ~(aptable & SMMU_PERM_AP1)) |
		   (aptable & SMMU_PERM_AP2);
	if ((desc & DESC_UXN) || uxnt)
		ent.perm |= SMMU_PERM_UXN;
	if ((desc & DESC_PXN) || pxnt)
		ent.perm |= SMMU_PERM_PXN;
	return smmu_tlb_insert(s, va, &ent);
}

/**
 * smmu_xlate_miss() - the TLB miss half of smmu_xlate_s1(): walk, fill
 * @s:     the SMMU
 * @cbndx: the context bank
 * @va:    the input address
 * @asid:  the bank's current ASID
 * @acc:   SMMU_ACC_*
 * @sid:   stream ID, for the trace only
 * @res:   the output address and attributes, or the fault
 */
void smmu_xlate_miss(struct smmu *s, unsigned int cbndx, u64 va, u16 asid,
		     unsigned int acc, u32 sid, struct smmu_xlate *res)
{
	struct smmu_tlb_ent *e;

	s->stats->tlb_misses++;
	e = smmu_walk(s, cbndx, va, asid, sid, res);
	if (e)
		smmu_xlate_leaf(&s->cb[cbndx], e, va, acc, res);
}
