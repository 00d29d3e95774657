// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * SMMUv2 driver core (Arm IHI 0062D), for the MMU-500 of the ZynqMP first.
 */
#include "smmu-internal.h"

#define SMMU_SYNC_POLLS_DEFAULT 100000

static u64 cb_read64(const struct smmu *s, unsigned int cb, u32 off)
{
	return vadma_read64(&s->io, cb_off(s, cb, off));
}

static void cb_write64(const struct smmu *s, unsigned int cb, u32 off, u64 val)
{
	vadma_write64(&s->io, cb_off(s, cb, off), val);
}

int smmu_probe(struct smmu *s, const struct vadma_io *io,
	       const struct smmu_impl *impl)
{
	struct smmu_features *f = &s->feat;
	u32 id0, id1, id2, id7;
	int ias, oas;

	memset(s, 0, sizeof(*s));
	s->io = *io;
	s->sync_polls = SMMU_SYNC_POLLS_DEFAULT;

	id0 = gr0_read(s, SMMU_GR0_IDR0);
	id1 = gr0_read(s, SMMU_GR0_IDR1);
	id2 = gr0_read(s, SMMU_GR0_IDR2);
	id7 = gr0_read(s, SMMU_GR0_IDR7);

	f->major = FIELD_GET(SMMU_IDR7_MAJOR, id7);
	f->minor = FIELD_GET(SMMU_IDR7_MINOR, id7);
	f->num_smrs = FIELD_GET(SMMU_IDR0_NUMSMRG, id0);
	f->sid_bits = FIELD_GET(SMMU_IDR0_NUMSIDB, id0);
	f->btm = id0 & SMMU_IDR0_BTM;
	f->cttw = id0 & SMMU_IDR0_CTTW;
	f->num_irpt = FIELD_GET(SMMU_IDR0_NUMIRPT, id0);
	f->atos = !(id0 & SMMU_IDR0_ATOSNS);
	f->sms = id0 & SMMU_IDR0_SMS;
	f->nested = id0 & SMMU_IDR0_NTS;
	f->stage2 = id0 & SMMU_IDR0_S2TS;
	f->stage1 = id0 & SMMU_IDR0_S1TS;
	f->exids = id0 & SMMU_IDR0_EXIDS;
	f->num_cbs = FIELD_GET(SMMU_IDR1_NUMCB, id1);
	f->num_s2_cbs = FIELD_GET(SMMU_IDR1_NUMS2CB, id1);
	f->pgshift = (id1 & SMMU_IDR1_PAGESIZE) ? 16 : 12;
	f->num_pages = 1U << (FIELD_GET(SMMU_IDR1_NUMPAGENDXB, id1) + 1);
	f->vmid16 = id2 & SMMU_IDR2_VMID16S;
	if (id2 & SMMU_IDR2_PTFS_4K)
		f->granules |= BIT(PT_GRANULE_4K);
	if (id2 & SMMU_IDR2_PTFS_16K)
		f->granules |= BIT(PT_GRANULE_16K);
	if (id2 & SMMU_IDR2_PTFS_64K)
		f->granules |= BIT(PT_GRANULE_64K);

	/* Stage-1 AArch64 tables and stream matching are what vadma uses. */
	if (!f->stage1 || !f->sms || !f->granules)
		return -EOPNOTSUPP;
	/* IDR2.IAS/OAS use the IPS encodings (IHI 0062D 10.6.3). */
	ias = pt_ips_to_oas(FIELD_GET(SMMU_IDR2_IAS, id2));
	oas = pt_ips_to_oas(FIELD_GET(SMMU_IDR2_OAS, id2));
	if (ias < 0 || oas < 0)
		return -EINVAL;
	f->ias = (u8)ias;
	f->oas = (u8)oas;
	if (!f->num_smrs || f->num_smrs > SMMU_MAX_SMRS || !f->num_cbs ||
	    f->num_cbs > SMMU_MAX_CBS || f->num_s2_cbs > f->num_cbs ||
	    f->num_cbs > f->num_pages || f->sid_bits > 15)
		return -EINVAL;
	s->impl = impl;
	return impl && impl->probe ? impl->probe(s) : 0;
}

static int smmu_poll(const struct smmu *s, u64 off, u32 busy_bit)
{
	unsigned int i;

	for (i = 0; i < s->sync_polls; i++)
		if (!(vadma_read32(&s->io, off) & busy_bit))
			return 0;
	return -ETIMEDOUT;
}

int smmu_tlb_inv_global(struct smmu *s)
{
	gr0_write(s, SMMU_GR0_TLBIALLNSNH, 0);
	gr0_write(s, SMMU_GR0_TLBIALLH, 0);
	gr0_write(s, SMMU_GR0_sTLBGSYNC, 0);
	return smmu_poll(s, SMMU_GR0_sTLBGSTATUS, SMMU_sTLBGSTATUS_GSACTIVE);
}

int smmu_reset(struct smmu *s)
{
	unsigned int i;
	u32 scr0;
	int ret;

	/* Global faults are write-1-to-clear. */
	gr0_write(s, SMMU_GR0_sGFSR, gr0_read(s, SMMU_GR0_sGFSR));

	/*
	 * Invalidate each SMR before pointing its S2CR at "fault", so that no
	 * stream can match an entry whose S2CR is changing.
	 */
	for (i = 0; i < s->feat.num_smrs; i++) {
		gr0_write(s, SMMU_GR0_SMR(i), smmu_smr_image(0, 0, false));
		gr0_write(s, SMMU_GR0_S2CR(i),
			  smmu_s2cr_image(SMMU_S2CR_TYPE_FAULT, 0));
		s->smr[i].used = false;
	}
	for (i = 0; i < s->feat.num_cbs; i++) {
		cb_write(s, i, SMMU_CB_SCTLR, 0);
		cb_write(s, i, SMMU_CB_FSR, SMMU_FSR_FAULT);
		s->cb_used[i] = false;
	}
	if (s->impl && s->impl->reset)
		s->impl->reset(s);
	ret = smmu_tlb_inv_global(s);
	if (ret)
		return ret;

	/*
	 * Enable last: unmatched streams fault (USFCFG), so does a stream
	 * that matches two entries (SMCFCFG); global faults abort the
	 * transaction and interrupt.  Broadcast TLB maintenance is ignored
	 * (PTM): vadma invalidates the SMMU's TLB explicitly.
	 */
	scr0 = gr0_read(s, SMMU_GR0_sCR0);
	scr0 &= ~(SMMU_sCR0_CLIENTPD | SMMU_sCR0_FB | SMMU_sCR0_BSU |
		  SMMU_sCR0_VMIDPNE | SMMU_sCR0_EXIDENABLE | SMMU_sCR0_STALLD);
	scr0 |= SMMU_sCR0_GFRE | SMMU_sCR0_GFIE | SMMU_sCR0_GCFGFRE |
		SMMU_sCR0_GCFGFIE | SMMU_sCR0_USFCFG | SMMU_sCR0_SMCFCFG |
		SMMU_sCR0_PTM;
	gr0_write(s, SMMU_GR0_sCR0, scr0);
	return 0;
}

static int smmu_check_tcr(const struct smmu_features *feat,
			  const struct pt_tcr *t, bool ttbr1)
{
	int granule = pt_tg_granule(t->tg, ttbr1 ? PT_TTBR1 : PT_TTBR0);
	int oas = pt_ips_to_oas(t->ips);

	if (granule < 0 || oas < 0 || t->tsz < 64 - PT_IAS_MAX ||
	    t->tsz > 64 - PT_IAS_MIN || t->sh == 1)
		return -EINVAL;
	if (!(feat->granules & BIT(granule)) || oas > feat->oas)
		return -EOPNOTSUPP;
	return 0;
}

int smmu_cb_image_s1(const struct smmu_features *feat,
		     const struct smmu_cb_cfg *cfg, struct smmu_cb_image *img)
{
	const struct pt_tcr *t = cfg->t0 ? cfg->t0 : cfg->t1;
	u64 tcr;
	int ret;

	memset(img, 0, sizeof(*img));
	if (!t || (cfg->t0 && cfg->t1 && cfg->t0->ips != cfg->t1->ips))
		return -EINVAL;
	if (cfg->t0 && (ret = smmu_check_tcr(feat, cfg->t0, false)))
		return ret;
	if (cfg->t1 && (ret = smmu_check_tcr(feat, cfg->t1, true)))
		return ret;
	if (!feat->stage1)
		return -EOPNOTSUPP;

	tcr = pt_tcr_el1(cfg->t0, cfg->t1);
	img->tcr = (u32)tcr;
	/*
	 * TCR2: the output size; 16-bit ASIDs; sign-extend input addresses
	 * from the upstream bus width, as the TTBR1 range needs.
	 */
	img->tcr2 = FIELD_PREP(SMMU_TCR2_PASIZE, t->ips) | SMMU_TCR2_AS |
		    FIELD_PREP(SMMU_TCR2_SEP, SMMU_TCR2_SEP_UPSTREAM);
	img->ttbr0 = (cfg->ttbr0 & ~SMMU_TTBRn_ASID) |
		     FIELD_PREP(SMMU_TTBRn_ASID, cfg->asid);
	img->ttbr1 = (cfg->ttbr1 & ~SMMU_TTBRn_ASID) |
		     FIELD_PREP(SMMU_TTBRn_ASID, cfg->asid);
	img->mair0 = (u32)cfg->mair;
	img->mair1 = (u32)(cfg->mair >> 32);
	img->contextidr = cfg->asid;
	/* Stage 1 with stage 2 bypassed; write-back, non-shareable bypass. */
	img->cbar =
		FIELD_PREP(SMMU_CBAR_TYPE, SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS) |
		FIELD_PREP(SMMU_CBAR_BPSHCFG, SMMU_CBAR_BPSHCFG_NSH) |
		FIELD_PREP(SMMU_CBAR_MEMATTR, SMMU_MEMATTR_WB) |
		FIELD_PREP(SMMU_CBAR_IRPTNDX, cfg->irq_index);
	img->cba2r = SMMU_CBA2R_VA64;
	img->sctlr = SMMU_SCTLR_M | SMMU_SCTLR_TRE | SMMU_SCTLR_AFE;
	if (cfg->fault_irq)
		img->sctlr |= SMMU_SCTLR_CFIE;
	if (cfg->fault_abort)
		img->sctlr |= SMMU_SCTLR_CFRE;
	if (cfg->stall)
		img->sctlr |= SMMU_SCTLR_CFCFG;
	if (cfg->hupcf)
		img->sctlr |= SMMU_SCTLR_HUPCF;
	return 0;
}

int smmu_cb_write(struct smmu *s, unsigned int cb,
		  const struct smmu_cb_image *img)
{
	if (cb >= s->feat.num_cbs)
		return -EINVAL;
	/* Translation off while the bank changes under it. */
	cb_write(s, cb, SMMU_CB_SCTLR, 0);
	/*
	 * CBA2R.VA64 first: it decides how TCR and the TTBRs are read
	 * (IHI 0062D 10.7.3); then the bank's type.
	 */
	vadma_write32(&s->io, gr1_off(s, SMMU_GR1_CBA2R(cb)), img->cba2r);
	vadma_write32(&s->io, gr1_off(s, SMMU_GR1_CBAR(cb)), img->cbar);
	cb_write(s, cb, SMMU_CB_TCR2, img->tcr2);
	cb_write64(s, cb, SMMU_CB_TTBR0, img->ttbr0);
	cb_write64(s, cb, SMMU_CB_TTBR1, img->ttbr1);
	cb_write(s, cb, SMMU_CB_TCR, img->tcr);
	cb_write(s, cb, SMMU_CB_MAIR0, img->mair0);
	cb_write(s, cb, SMMU_CB_MAIR1, img->mair1);
	cb_write(s, cb, SMMU_CB_CONTEXTIDR, img->contextidr);
	cb_write(s, cb, SMMU_CB_FSR, SMMU_FSR_FAULT);
	/* Last: SCTLR.M turns on translation with all of the above. */
	cb_write(s, cb, SMMU_CB_SCTLR, img->sctlr);
	return 0;
}

int smmu_cb_disable(struct smmu *s, unsigned int cb)
{
	if (cb >= s->feat.num_cbs)
		return -EINVAL;
	cb_write(s, cb, SMMU_CB_SCTLR, 0);
	cb_write(s, cb, SMMU_CB_FSR, SMMU_FSR_FAULT);
	return 0;
}

int smmu_cb_alloc(struct smmu *s)
{
	unsigned int i;

	/* Stage-2-only banks come first (IHI 0062D 10.6.2, NUMS2CB). */
	for (i = s->feat.num_s2_cbs; i < s->feat.num_cbs; i++) {
		if (!s->cb_used[i]) {
			s->cb_used[i] = true;
			return (int)i;
		}
	}
	return -ENOSPC;
}

void smmu_cb_free(struct smmu *s, unsigned int cb)
{
	if (cb < s->feat.num_cbs)
		s->cb_used[cb] = false;
}

u32 smmu_smr_image(u16 id, u16 mask, bool valid)
{
	return FIELD_PREP(SMMU_SMR_ID, id) | FIELD_PREP(SMMU_SMR_MASK, mask) |
	       (valid ? SMMU_SMR_VALID : 0);
}

u32 smmu_s2cr_image(enum smmu_s2cr_type type, unsigned int cb)
{
	return FIELD_PREP(SMMU_S2CR_TYPE, type) |
	       FIELD_PREP(SMMU_S2CR_CBNDX,
			  type == SMMU_S2CR_TYPE_TRANS ? cb : 0);
}

/* Whether two (id, mask) entries match a common stream ID. */
static bool smr_overlap(u16 id1, u16 mask1, u16 id2, u16 mask2)
{
	return !((id1 ^ id2) & ~(mask1 | mask2));
}

static bool sid_in(const u32 *sids, unsigned int n, u32 sid)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (sids[i] == sid)
			return true;
	return false;
}

#define SMMU_ATTACH_MAX 32

/*
 * Cover @sids with aligned power-of-two blocks, each one SMR with a low
 * mask: the largest block starting at the lowest uncovered ID first.
 */
static unsigned int smmu_cover(const u32 *sids, unsigned int n, u16 *ids,
			       u16 *masks)
{
	bool done[SMMU_ATTACH_MAX] = { false };
	unsigned int nr = 0, i, k;

	for (;;) {
		u32 low = ~0U, size;
		int best = -1;

		for (i = 0; i < n; i++)
			if (!done[i] && sids[i] < low) {
				low = sids[i];
				best = (int)i;
			}
		if (best < 0)
			return nr;
		for (size = 1U << 15; size > 1; size >>= 1) {
			if (low & (size - 1))
				continue;
			for (k = 0; k < size && sid_in(sids, n, low + k); k++)
				;
			if (k == size)
				break;
		}
		for (i = 0; i < n; i++)
			if (sids[i] >= low && sids[i] < low + size)
				done[i] = true;
		ids[nr] = (u16)low;
		masks[nr] = (u16)(size - 1);
		nr++;
	}
}

int smmu_attach_streams(struct smmu *s, const u32 *sids, unsigned int n,
			enum smmu_s2cr_type type, unsigned int cb)
{
	u16 ids[SMMU_ATTACH_MAX], masks[SMMU_ATTACH_MAX];
	unsigned int slot[SMMU_ATTACH_MAX];
	unsigned int nr, i, j, free = 0;

	if (!n || n > SMMU_ATTACH_MAX || type > SMMU_S2CR_TYPE_FAULT ||
	    (type == SMMU_S2CR_TYPE_TRANS && cb >= s->feat.num_cbs))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (sids[i] >> s->feat.sid_bits)
			return -EINVAL;
	nr = smmu_cover(sids, n, ids, masks);
	for (i = 0; i < nr; i++)
		for (j = 0; j < s->feat.num_smrs; j++)
			if (s->smr[j].used &&
			    smr_overlap(ids[i], masks[i], s->smr[j].id,
					s->smr[j].mask))
				return -EEXIST;
	for (j = 0; j < s->feat.num_smrs && free < nr; j++)
		if (!s->smr[j].used)
			slot[free++] = j;
	if (free < nr)
		return -ENOSPC;

	for (i = 0; i < nr; i++) {
		struct smmu_smr *e = &s->smr[slot[i]];

		e->used = true;
		e->id = ids[i];
		e->mask = masks[i];
		e->type = (u8)type;
		e->cb = (u8)cb;
		/* The S2CR must be right before the SMR can match. */
		gr0_write(s, SMMU_GR0_S2CR(slot[i]), smmu_s2cr_image(type, cb));
		gr0_write(s, SMMU_GR0_SMR(slot[i]),
			  smmu_smr_image(e->id, e->mask, true));
	}
	return (int)nr;
}

/* Whether entry @e is in use and matches one of @sids (from attach). */
static bool smr_covers(const struct smmu_smr *e, const u32 *sids,
		       unsigned int n)
{
	unsigned int i;

	if (!e->used)
		return false;
	for (i = 0; i < n; i++)
		if (sids[i] <= 0xffff &&
		    smr_overlap(e->id, e->mask, (u16)sids[i], 0))
			return true;
	return false;
}

int smmu_detach_streams(struct smmu *s, const u32 *sids, unsigned int n)
{
	unsigned int j;
	int released = 0;

	for (j = 0; j < s->feat.num_smrs; j++) {
		struct smmu_smr *e = &s->smr[j];

		if (!smr_covers(e, sids, n))
			continue;
		gr0_write(s, SMMU_GR0_SMR(j), smmu_smr_image(0, 0, false));
		gr0_write(s, SMMU_GR0_S2CR(j),
			  smmu_s2cr_image(SMMU_S2CR_TYPE_FAULT, 0));
		e->used = false;
		released++;
	}
	return released ? released : -ENOENT;
}

int smmu_route_streams(struct smmu *s, const u32 *sids, unsigned int n,
		       enum smmu_s2cr_type type, unsigned int cb)
{
	unsigned int j;
	int changed = 0;

	if (!n || type > SMMU_S2CR_TYPE_FAULT ||
	    (type == SMMU_S2CR_TYPE_TRANS && cb >= s->feat.num_cbs))
		return -EINVAL;
	for (j = 0; j < s->feat.num_smrs; j++) {
		struct smmu_smr *e = &s->smr[j];

		if (!smr_covers(e, sids, n))
			continue;
		/*
		 * The SMR stays valid: one register write moves the streams,
		 * none is ever unmatched (which, with sCR0.USFCFG = 0,
		 * bypasses).
		 */
		e->type = (u8)type;
		e->cb = (u8)cb;
		gr0_write(s, SMMU_GR0_S2CR(j), smmu_s2cr_image(type, cb));
		changed++;
	}
	return changed ? changed : -ENOENT;
}

int smmu_tlb_sync(struct smmu *s, unsigned int cb)
{
	if (cb >= s->feat.num_cbs)
		return -EINVAL;
	cb_write(s, cb, SMMU_CB_TLBSYNC, 0);
	return smmu_poll(s, cb_off(s, cb, SMMU_CB_TLBSTATUS),
			 SMMU_TLBSTATUS_SACTIVE);
}

int smmu_tlb_inv_all(struct smmu *s, unsigned int cb)
{
	if (cb >= s->feat.num_cbs)
		return -EINVAL;
	cb_write(s, cb, SMMU_CB_TLBIALL, 0);
	return smmu_tlb_sync(s, cb);
}

int smmu_tlb_inv_asid(struct smmu *s, unsigned int cb, u16 asid)
{
	if (cb >= s->feat.num_cbs)
		return -EINVAL;
	cb_write(s, cb, SMMU_CB_TLBIASID, asid);
	return smmu_tlb_sync(s, cb);
}

int smmu_tlb_inv_range(struct smmu *s, unsigned int cb, u16 asid, u64 va,
		       u64 size, unsigned int granule, bool leaf)
{
	u64 step = 1ULL << granule, end;

	if (cb >= s->feat.num_cbs || !size || granule < 12 || granule > 16)
		return -EINVAL;
	end = va + size;
	if (end < va || size / step > SMMU_TLBI_RANGE_MAX)
		return smmu_tlb_inv_asid(s, cb, asid);
	for (va = ALIGN_DOWN(va, step); va < end; va += step)
		cb_write64(s, cb, leaf ? SMMU_CB_TLBIVAL : SMMU_CB_TLBIVA,
			   FIELD_PREP(SMMU_TLBI_VA, va >> 12) |
				   FIELD_PREP(SMMU_TLBI_ASID, asid));
	return smmu_tlb_sync(s, cb);
}

const char *smmu_fault_name(enum smmu_fault_type type)
{
	switch (type) {
	case SMMU_FAULT_NONE:
		return "none";
	case SMMU_FAULT_TRANSLATION:
		return "translation";
	case SMMU_FAULT_ACCESS:
		return "access";
	case SMMU_FAULT_PERMISSION:
		return "permission";
	case SMMU_FAULT_ADDRESS_SIZE:
		return "address-size";
	case SMMU_FAULT_EXTERNAL:
		return "external";
	case SMMU_FAULT_TLB_CONFLICT:
		return "tlb-conflict";
	case SMMU_FAULT_OTHER:
		return "other";
	}
	return "unknown";
}

void smmu_fault_decode(u32 fsr, u64 far, u32 fsynr0, u32 cbfrsynra,
		       struct smmu_fault *f)
{
	memset(f, 0, sizeof(*f));
	f->fsr = fsr;
	f->far = far;
	f->fsynr0 = fsynr0;
	f->sid = FIELD_GET(SMMU_CBFRSYNRA_SID, cbfrsynra);
	f->level = FIELD_GET(SMMU_FSYNR0_PLVL, fsynr0);
	f->write = fsynr0 & SMMU_FSYNR0_WNR;
	f->priv = fsynr0 & SMMU_FSYNR0_PNU;
	f->inst = fsynr0 & SMMU_FSYNR0_IND;
	f->ptw = fsynr0 & SMMU_FSYNR0_PTWF;
	f->stalled = fsr & SMMU_FSR_SS;
	f->multi = fsr & SMMU_FSR_MULTI;
	if (fsr & SMMU_FSR_TF)
		f->type = SMMU_FAULT_TRANSLATION;
	else if (fsr & SMMU_FSR_ASF)
		f->type = SMMU_FAULT_ADDRESS_SIZE;
	else if (fsr & SMMU_FSR_AFF)
		f->type = SMMU_FAULT_ACCESS;
	else if (fsr & SMMU_FSR_PF)
		f->type = SMMU_FAULT_PERMISSION;
	else if (fsr & SMMU_FSR_EF)
		f->type = SMMU_FAULT_EXTERNAL;
	else if (fsr & SMMU_FSR_TLBMCF)
		f->type = SMMU_FAULT_TLB_CONFLICT;
	else if (fsr & SMMU_FSR_FAULT)
		f->type = SMMU_FAULT_OTHER;
}

int smmu_cb_fault(struct smmu *s, unsigned int cb, struct smmu_fault *f)
{
	u32 fsr;

	if (cb >= s->feat.num_cbs)
		return -EINVAL;
	fsr = cb_read(s, cb, SMMU_CB_FSR);
	if (!(fsr & SMMU_FSR_FAULT))
		return -ENOENT;
	smmu_fault_decode(
		fsr, cb_read64(s, cb, SMMU_CB_FAR),
		cb_read(s, cb, SMMU_CB_FSYNR0),
		vadma_read32(&s->io, gr1_off(s, SMMU_GR1_CBFRSYNRA(cb))), f);
	f->cb = cb;
	return 0;
}

void smmu_cb_fault_clear(struct smmu *s, const struct smmu_fault *f)
{
	/* SS is not cleared here: RESUME ends the stall. */
	cb_write(s, f->cb, SMMU_CB_FSR, f->fsr & ~SMMU_FSR_SS);
}

void smmu_cb_resume(struct smmu *s, unsigned int cb, bool terminate)
{
	if (cb < s->feat.num_cbs)
		cb_write(s, cb, SMMU_CB_RESUME,
			 terminate ? SMMU_RESUME_TNR : 0);
}

const char *smmu_gfault_name(u32 gfsr)
{
	static const struct {
		u32 bit;
		const char *name;
	} names[] = {
		{ SMMU_sGFSR_USF, "unidentified stream (USF)" },
		{ SMMU_sGFSR_SMCF, "stream match conflict (SMCF)" },
		{ SMMU_sGFSR_ICF, "invalid context (ICF)" },
		{ SMMU_sGFSR_UCBF, "unimplemented context bank (UCBF)" },
		{ SMMU_sGFSR_UCIF, "unimplemented context interrupt (UCIF)" },
		{ SMMU_sGFSR_CAF, "configuration access (CAF)" },
		{ SMMU_sGFSR_EF, "external (EF)" },
		{ SMMU_sGFSR_PF, "permission (PF)" },
		{ SMMU_sGFSR_UUT, "unsupported upstream transaction (UUT)" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (gfsr & names[i].bit)
			return names[i].name;
	return gfsr ? "other" : "none";
}

int smmu_global_fault(struct smmu *s, struct smmu_gfault *g)
{
	u32 gfsr = gr0_read(s, SMMU_GR0_sGFSR);

	memset(g, 0, sizeof(*g));
	if (!gfsr)
		return -ENOENT;
	g->gfsr = gfsr;
	g->gfar = vadma_read64(&s->io, SMMU_GR0_sGFAR);
	g->gfsynr0 = gr0_read(s, SMMU_GR0_sGFSYNR0);
	g->sid = FIELD_GET(SMMU_sGFSYNR1_STREAMID,
			   gr0_read(s, SMMU_GR0_sGFSYNR1));
	gr0_write(s, SMMU_GR0_sGFSR, gfsr);
	return 0;
}

int smmu_ats(struct smmu *s, unsigned int cb, u64 va, bool write, bool user,
	     u64 *par)
{
	static const u32 op[2][2] = {
		{ SMMU_CB_ATS1PR, SMMU_CB_ATS1PW },
		{ SMMU_CB_ATS1UR, SMMU_CB_ATS1UW },
	};
	int ret;

	if (!s->feat.atos)
		return -EOPNOTSUPP;
	if (cb >= s->feat.num_cbs)
		return -EINVAL;
	cb_write64(s, cb, op[user][write], va & ~0xfffULL);
	ret = smmu_poll(s, cb_off(s, cb, SMMU_CB_ATSR), SMMU_ATSR_ACTIVE);
	if (ret)
		return ret;
	*par = cb_read64(s, cb, SMMU_CB_PAR);
	return 0;
}
