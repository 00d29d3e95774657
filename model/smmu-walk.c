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
static unsigned int smmu_granule(const struct model_smmu *s,
				 unsigned int region, u32 tcr)
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

static void walk_event(struct model_smmu *s, u32 sid, unsigned int cbndx,
		       u64 va, int level, u64 table, u64 desc)
{
	struct model_event ev = {
		.ev = MODEL_EV_WALK,
		.dev = "smmu",
		.sid = sid,
		.cb = (int)cbndx,
		.va = va,
		.pa = table,
		.level = level,
		.descriptor = desc,
	};

	model_emit(s->m, &ev);
}

static inline u64 bits_above(u64 v, unsigned int n)
{
	return n >= 64 ? 0 : v >> n;
}

/*
 * Work out what TCR, TCR2 and TTBRn (@region) say about a walk: the checks
 * that do not depend on the input address, the granule, the start level,
 * each level's index bits, the first table.  A pure function of those
 * registers and the ID registers (fixed at creation), which the caches
 * keep while the registers hold (smmu_wcfg_get()).
 */
static void smmu_wcfg_fill(const struct model_smmu *s, const struct smmu_cb *cb,
			   unsigned int region, struct smmu_wcfg *w)
{
	unsigned int granule, stride, tsz, ias, pa_bits, level;
	u64 ttbr = cb->ttbr[region], align;
	int start;

	memset(w, 0, sizeof(*w));
	w->valid = true;
	w->ttbr = ttbr;
	w->tcr = cb->tcr;
	w->tcr2 = cb->tcr2;

	/*
	 * IHI 0062D 16.5.40 and DDI 0487: a disabled range (EPDn) and a
	 * TnSZ outside 16..39 (CONSTRAINED UNPREDICTABLE; the model takes
	 * the permitted translation fault) give a translation fault
	 * reported at level 0 (16.5.11, PLVL).
	 */
	tsz = region ? FIELD_GET(SMMU_TCR_T1SZ, cb->tcr)
		     : FIELD_GET(SMMU_TCR_T0SZ, cb->tcr);
	if (tsz < 16 || tsz > 39 ||
	    (cb->tcr & (region ? SMMU_TCR_EPD1 : SMMU_TCR_EPD0))) {
		w->tf = true;
		return;
	}
	ias = 64 - tsz;
	granule = smmu_granule(s, region, cb->tcr);
	stride = granule - 3;
	/* DDI 0487: the walk starts where the input size requires. */
	start = 4 - (int)((ias - granule + stride - 1) / stride);
	pa_bits = smmu_pa_bits(s, cb);

	/* The base address itself is checked first (level 0, 3.7 t3-3). */
	w->asf = bits_above(ttbr & GENMASK_ULL(DESC_OA_TOP, 0), pa_bits);
	/*
	 * Bits below the alignment of the first table are RES0; the model
	 * treats them as zero (one of the permitted behaviours).  A table
	 * of fewer than eight entries is aligned to 64 bytes (DDI 0487,
	 * TTBR0_EL1.BADDR).
	 */
	align = 8ULL << (ias - (granule + (3 - start) * stride));
	if (align < 64)
		align = 64;
	w->table = ttbr & GENMASK_ULL(DESC_OA_TOP, 0) & ~(align - 1);
	w->ias = (u8)ias;
	w->granule = (u8)granule;
	w->start = (u8)start;
	for (level = (unsigned int)start; level <= 3; level++) {
		unsigned int shift = granule + (3 - level) * stride;
		unsigned int nbits = level == (unsigned int)start ? ias - shift
								  : stride;

		w->shift[level] = (u8)shift;
		w->imask[level] = (1ULL << nbits) - 1;
		if (level < 3 && block_allowed(granule, (int)level))
			w->block_ok |= BIT(level);
	}
	w->oa_mask = GENMASK_ULL(DESC_OA_TOP, granule);
	w->pa_hi = GENMASK_ULL(DESC_OA_TOP, 0) & (~0ULL << pa_bits);
}

/*
 * Select the TTBR, check the input address and walk.  On success the leaf
 * goes into the TLB (also when the access then faults on permission:
 * the architecture lets a TLB cache any walk that did not end in a
 * translation or access flag fault, IHI 0062D 5.4.1).
 *
 * Model time: SMMU_CYC_WALK_LEVEL for each descriptor read, added before
 * a trace event sees the time and else once at the end (nothing else can
 * see the time during a walk).
 */
static void smmu_walk(struct model_smmu *s, unsigned int cbndx, u64 va,
		      u16 asid, unsigned int acc, u32 sid,
		      struct smmu_xlate *res)
{
	struct smmu_cb *cb = &s->cb[cbndx];
	unsigned int region = va >> 63, ticked = 0;
	const bool tracing = s->tracing;
	struct smmu_wcfg *w;
	struct smmu_tlb_ent *e;
	u8 perm, attr, sh, shift;
	bool be = cb->sctlr & SMMU_SCTLR_E;
	u64 table, desc, lo, pa, tables = 0;
	int level;
	u32 fault;

	w = smmu_wcfg_get(&s->cache, cbndx, region);
	if (unlikely(smmu_wcfg_stale(w, cb, region)))
		smmu_wcfg_fill(s, cb, region, w);
	/*
	 * IHI 0062D 16.5.40 and DDI 0487: a VA whose top bits are neither
	 * all 0 (TTBR0) nor all 1 (TTBR1) for the selected TnSZ is a
	 * translation fault at level 0, after the checks of TnSZ and EPDn
	 * and before that of the TTBR's size (smmu_wcfg_fill()).
	 */
	res->level = 0;
	if (unlikely(w->tf || ((region ? ~va : va) >> w->ias))) {
		res->fault = SMMU_FSR_TF;
		return;
	}
	if (unlikely(w->asf)) {
		res->fault = SMMU_FSR_ASF;
		return;
	}

	s->stats->walks++;
	table = w->table;
	lo = table & 4095;
	for (level = w->start;; level++) {
		u64 raw, off = ((va >> w->shift[level]) & w->imask[level]) * 8;
		u64 page = (table + off) >> 12;
		const u8 *host;

		/*
		 * The descriptor at table + off, through the host address
		 * of its page when the caches know it (smmu_table_host();
		 * @lo keeps its offset independent of the level above).
		 */
		host = smmu_table_host(&s->cache, s->m, level, page);
		if (likely(host)) {
			memcpy(&raw, host + ((lo + off) & 4095), 8);
		} else if (model_dev_read(s->m, table + off, &raw, 8)) {
			/* Not RAM: an external abort on the walk (3.7.2). */
			fault = SMMU_FSR_EF;
			res->ptw = true;
			goto fault;
		}
		lo = 0;
		desc = be ? __builtin_bswap64(le64_to_cpu(raw))
			  : le64_to_cpu(raw);
		if (unlikely(tracing)) {
			ticked = (unsigned int)(level - w->start + 1);
			model_tick(s->m, SMMU_CYC_WALK_LEVEL);
			walk_event(s, sid, cbndx, va, level, table, desc);
		}
		if (unlikely(!(desc & DESC_VALID))) {
			fault = SMMU_FSR_TF;
			goto fault;
		}
		if (level == 3 || !(desc & DESC_TABLE))
			break;
		table = desc & w->oa_mask;
		/* A next-level table above the PA size (3.7 t3-3). */
		if (unlikely(table & w->pa_hi)) {
			fault = SMMU_FSR_ASF;
			goto fault;
		}
		/* The hierarchical controls only ever add restrictions. */
		tables |= desc;
	}
	res->level = level;
	res->levels += (unsigned int)(level - w->start + 1);
	model_tick(s->m, SMMU_CYC_WALK_LEVEL *
				 (u64)(level - w->start + 1 - (int)ticked));

	/* Level 3 0b01 is reserved; a block where none may be. */
	if (unlikely(level == 3 ? !(desc & DESC_TABLE)
				: !(w->block_ok & BIT(level)))) {
		res->fault = SMMU_FSR_TF;
		return;
	}
	shift = w->shift[level];
	pa = desc & GENMASK_ULL(DESC_OA_TOP, shift);

	/* Fault priority at the leaf: address size, then access flag. */
	if (unlikely(pa & w->pa_hi)) {
		res->fault = SMMU_FSR_ASF;
		return;
	}
	/*
	 * AArch64 always uses AP[0] as the access flag (SCTLR.AFE reads as
	 * set); SCTLR.AFFD=1 disables the fault (IHI 0062D 16.5.29).
	 */
	if (unlikely(!(desc & DESC_AF) && !(cb->sctlr & SMMU_SCTLR_AFFD))) {
		res->fault = SMMU_FSR_AFF;
		return;
	}

	/* APTable[0] removes EL0 access, APTable[1] write access. */
	perm = (u8)(((desc & DESC_AP1) && !(tables & DESC_APTABLE0)
			     ? SMMU_PERM_AP1
			     : 0) |
		    ((desc & DESC_AP2) || (tables & DESC_APTABLE1)
			     ? SMMU_PERM_AP2
			     : 0) |
		    ((desc & DESC_UXN) || (tables & DESC_UXNTABLE)
			     ? SMMU_PERM_UXN
			     : 0) |
		    ((desc & DESC_PXN) || (tables & DESC_PXNTABLE)
			     ? SMMU_PERM_PXN
			     : 0));
	attr = mair_attr(cb, FIELD_GET(DESC_ATTRINDX, desc));
	sh = FIELD_GET(DESC_SH, desc);

	/* Into the TLB, written in place (smmu_tlb_evict()). */
	e = smmu_tlb_evict(s);
	e->va = va & ~((1ULL << shift) - 1);
	e->pa = pa;
	e->vmid = smmu_cb_vmid(s, cbndx);
	e->asid = asid;
	e->cb = (u8)cbndx;
	e->shift = shift;
	e->level = (u8)level;
	e->attr = attr;
	e->sh = sh;
	e->perm = perm;
	e->start = w->start;
	e->granule = w->granule;
	e->global = !(desc & DESC_NG);
	smmu_tlb_fill(s, e, cbndx, va & ~((1ULL << shift) - 1), shift, va);
	smmu_xlate_fin(cb->sctlr, (u8)level, perm, pa, shift, w->start,
		       w->granule, attr, sh, va, acc, res);
	return;

fault:
	res->fault = fault;
	res->level = level;
	res->levels += (unsigned int)(level - w->start + 1);
	model_tick(s->m, SMMU_CYC_WALK_LEVEL *
				 (u64)(level - w->start + 1 - (int)ticked));
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
void smmu_xlate_miss(struct model_smmu *s, unsigned int cbndx, u64 va, u16 asid,
		     unsigned int acc, u32 sid, struct smmu_xlate *res)
{
	s->stats->tlb_misses++;
	smmu_walk(s, cbndx, va, asid, acc, sid, res);
}
