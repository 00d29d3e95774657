// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The SMMU's state, decoded from its registers (not from the driver's
 * copies), for "vadma dump" and for a person debugging a board.
 */
#include "vadma/smmu.h"

#define DUMP_LINE 256

struct dump {
	struct smmu *s;
	int (*line)(void *arg, const char *text);
	void *arg;
	char buf[DUMP_LINE];
};

static int dump_emit(struct dump *d)
{
	return d->line(d->arg, d->buf);
}

static u32 dump_cb_read(struct dump *d, unsigned int cb, u32 off)
{
	struct smmu *s = d->s;

	return vadma_read32(&s->io,
			    (((u64)s->feat.num_pages + cb) << s->feat.pgshift) +
				    off);
}

static u64 dump_cb_read64(struct dump *d, unsigned int cb, u32 off)
{
	struct smmu *s = d->s;

	return vadma_read64(&s->io,
			    (((u64)s->feat.num_pages + cb) << s->feat.pgshift) +
				    off);
}

static const char *dump_s2cr_type(u32 s2cr)
{
	switch (FIELD_GET(SMMU_S2CR_TYPE, s2cr)) {
	case SMMU_S2CR_TYPE_TRANS:
		return "translate";
	case SMMU_S2CR_TYPE_BYPASS:
		return "bypass";
	case SMMU_S2CR_TYPE_FAULT:
		return "fault";
	}
	return "reserved";
}

static const char *dump_tg0(u32 tg)
{
	static const char *const names[] = { "4K", "64K", "16K", "reserved" };

	return names[tg & 3];
}

static const char *dump_tg1(u32 tg)
{
	static const char *const names[] = { "reserved", "16K", "4K", "64K" };

	return names[tg & 3];
}

static int dump_fsr(struct dump *d, const char *who, u32 fsr, u64 far,
		    u32 fsynr0, u32 sid)
{
	struct smmu_fault f;

	smmu_fault_decode(fsr, far, fsynr0, sid, &f);
	snprintf(
		d->buf, DUMP_LINE,
		"  %s FSR=0x%x %s%s%s FAR=0x%llx FSYNR0=0x%x level=%u %s%s%s sid=0x%x",
		who, fsr, smmu_fault_name(f.type), f.stalled ? " stalled" : "",
		f.multi ? " multi" : "", (unsigned long long)far, fsynr0,
		f.level, f.write ? "write" : "read",
		f.priv ? " priv" : " unpriv", f.inst ? " inst" : "", f.sid);
	return dump_emit(d);
}

static int dump_cb(struct dump *d, unsigned int cb)
{
	struct smmu *s = d->s;
	u64 gr1 = 1ULL << s->feat.pgshift;
	u32 sctlr = dump_cb_read(d, cb, SMMU_CB_SCTLR);
	u32 cbar = vadma_read32(&s->io, gr1 + SMMU_GR1_CBAR(cb));
	u32 fsr = dump_cb_read(d, cb, SMMU_CB_FSR);
	u32 tcr, tcr2;
	int ret;

	if (!sctlr && !(fsr & SMMU_FSR_FAULT) && !s->cb_used[cb])
		return 0;
	tcr = dump_cb_read(d, cb, SMMU_CB_TCR);
	tcr2 = dump_cb_read(d, cb, SMMU_CB_TCR2);
	snprintf(
		d->buf, DUMP_LINE,
		"CB%u CBAR=0x%x type=%u irpt=%u CBA2R=0x%x SCTLR=0x%x%s%s%s%s%s%s",
		cb, cbar, (unsigned int)FIELD_GET(SMMU_CBAR_TYPE, cbar),
		(unsigned int)FIELD_GET(SMMU_CBAR_IRPTNDX, cbar),
		vadma_read32(&s->io, gr1 + SMMU_GR1_CBA2R(cb)), sctlr,
		sctlr & SMMU_SCTLR_M ? " M" : "",
		sctlr & SMMU_SCTLR_AFE ? " AFE" : "",
		sctlr & SMMU_SCTLR_CFRE ? " CFRE" : "",
		sctlr & SMMU_SCTLR_CFIE ? " CFIE" : "",
		sctlr & SMMU_SCTLR_CFCFG ? " stall" : " terminate",
		sctlr & SMMU_SCTLR_HUPCF ? " HUPCF" : "");
	ret = dump_emit(d);
	if (ret)
		return ret;
	snprintf(
		d->buf, DUMP_LINE,
		"  TCR=0x%x T0SZ=%u TG0=%s%s T1SZ=%u TG1=%s%s TCR2=0x%x PASize=%u",
		tcr, (unsigned int)FIELD_GET(SMMU_TCR_T0SZ, tcr),
		dump_tg0(FIELD_GET(SMMU_TCR_TG0, tcr)),
		tcr & SMMU_TCR_EPD0 ? " EPD0" : "",
		(unsigned int)FIELD_GET(SMMU_TCR_T1SZ, tcr),
		dump_tg1(FIELD_GET(SMMU_TCR_TG1, tcr)),
		tcr & SMMU_TCR_EPD1 ? " EPD1" : "", tcr2,
		(unsigned int)FIELD_GET(SMMU_TCR2_PASIZE, tcr2));
	ret = dump_emit(d);
	if (ret)
		return ret;
	snprintf(d->buf, DUMP_LINE,
		 "  TTBR0=0x%llx TTBR1=0x%llx MAIR=0x%08x%08x CONTEXTIDR=0x%x",
		 (unsigned long long)dump_cb_read64(d, cb, SMMU_CB_TTBR0),
		 (unsigned long long)dump_cb_read64(d, cb, SMMU_CB_TTBR1),
		 dump_cb_read(d, cb, SMMU_CB_MAIR1),
		 dump_cb_read(d, cb, SMMU_CB_MAIR0),
		 dump_cb_read(d, cb, SMMU_CB_CONTEXTIDR));
	ret = dump_emit(d);
	if (ret || !(fsr & SMMU_FSR_FAULT))
		return ret;
	return dump_fsr(d, "fault", fsr, dump_cb_read64(d, cb, SMMU_CB_FAR),
			dump_cb_read(d, cb, SMMU_CB_FSYNR0),
			vadma_read32(&s->io, gr1 + SMMU_GR1_CBFRSYNRA(cb)));
}

int smmu_dump(struct smmu *s, int (*line)(void *arg, const char *text),
	      void *arg)
{
	struct dump d = { .s = s, .line = line, .arg = arg };
	const struct smmu_features *f = &s->feat;
	u32 scr0 = vadma_read32(&s->io, SMMU_GR0_sCR0);
	u32 gfsr;
	unsigned int i;
	int ret;

	snprintf(
		d.buf, DUMP_LINE,
		"SMMUv2 r%up%u: %u SMRs, %u context banks (%u stage-2 only), %u-bit stream IDs, IAS %u, OAS %u, granules%s%s%s%s%s%s",
		f->major, f->minor, f->num_smrs, f->num_cbs, f->num_s2_cbs,
		f->sid_bits, f->ias, f->oas, f->granules & BIT(12) ? " 4K" : "",
		f->granules & BIT(14) ? " 16K" : "",
		f->granules & BIT(16) ? " 64K" : "",
		f->cttw ? ", coherent walks" : ", walks not coherent (CTTW=0)",
		f->atos ? ", ATOS" : "", f->btm ? ", BTM" : "");
	ret = dump_emit(&d);
	if (ret)
		return ret;
	snprintf(d.buf, DUMP_LINE, "sCR0=0x%x%s%s%s%s%s%s", scr0,
		 scr0 & SMMU_sCR0_CLIENTPD ? " CLIENTPD(bypass all)" : "",
		 scr0 & SMMU_sCR0_USFCFG ? " USFCFG(unmatched fault)"
					 : " unmatched-bypass",
		 scr0 & SMMU_sCR0_SMCFCFG ? " SMCFCFG" : "",
		 scr0 & SMMU_sCR0_GFRE ? " GFRE" : "",
		 scr0 & SMMU_sCR0_GFIE ? " GFIE" : "",
		 scr0 & SMMU_sCR0_PTM ? " PTM" : "");
	ret = dump_emit(&d);
	if (ret)
		return ret;
	for (i = 0; i < f->num_smrs; i++) {
		u32 smr = vadma_read32(&s->io, SMMU_GR0_SMR(i));
		u32 s2cr = vadma_read32(&s->io, SMMU_GR0_S2CR(i));

		if (!(smr & SMMU_SMR_VALID))
			continue;
		snprintf(d.buf, DUMP_LINE,
			 "SMR%u id=0x%x mask=0x%x -> S2CR=0x%x %s cb=%u", i,
			 (unsigned int)FIELD_GET(SMMU_SMR_ID, smr),
			 (unsigned int)FIELD_GET(SMMU_SMR_MASK, smr), s2cr,
			 dump_s2cr_type(s2cr),
			 (unsigned int)FIELD_GET(SMMU_S2CR_CBNDX, s2cr));
		ret = dump_emit(&d);
		if (ret)
			return ret;
	}
	for (i = 0; i < f->num_cbs; i++) {
		ret = dump_cb(&d, i);
		if (ret)
			return ret;
	}
	gfsr = vadma_read32(&s->io, SMMU_GR0_sGFSR);
	if (gfsr) {
		snprintf(
			d.buf, DUMP_LINE,
			"global fault sGFSR=0x%x %s sGFAR=0x%llx sGFSYNR0=0x%x stream=0x%x",
			gfsr, smmu_gfault_name(gfsr),
			(unsigned long long)vadma_read64(&s->io,
							 SMMU_GR0_sGFAR),
			vadma_read32(&s->io, SMMU_GR0_sGFSYNR0),
			(unsigned int)FIELD_GET(
				SMMU_sGFSYNR1_STREAMID,
				vadma_read32(&s->io, SMMU_GR0_sGFSYNR1)));
		ret = dump_emit(&d);
	}
	return ret;
}
