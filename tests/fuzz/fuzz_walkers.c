// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The two table walkers on the same random descriptors: pgtable's
 * (pt_regime_walk()) and the MMU-500 model's (a context bank programmed
 * with the same TCR, MAIR and TTBRs, asked with ATOS for the four data
 * accesses and with instruction fetches through DMA for the two executes).
 * They must agree on the fault class and level, or on the output address,
 * attributes and shareability; agreeing for all six accesses means they
 * agree on the permissions.  A disagreement aborts.
 *
 * Input:
 *   TCR_EL1, MAIR_EL1, TTBR0, TTBR1      (u64 each)
 *   n (u8), then n % 8 + 1 probe VAs      (u64 each: bits [63:62] 00 zero-
 *                                         extend [47:0], 01 one-extend,
 *                                         else the VA as it is)
 *   then records (u16 slot, u64 descriptor): the descriptor at physical
 *   address 8 * slot of a 256 KiB image at PA 0; the rest of the image
 *   is zeros, and so is the RAM around it.
 *
 * TCR is made one pgtable accepts (TBI, HA, HD clear, IPS below 6, TnSZ in
 * 16..39, TGn not reserved): the model's choices outside that range are
 * documented IMPLEMENTATION DEFINED behaviour (docs/model.md), not walks.
 */
#include "fuzz.h"
#include "model-internal.h"
#include "vadma/hw/smmu.h"
#include "vadma/pgtable.h"

#define IMG_SIZE  (256U << 10)
#define MAX_RECS  1024
#define MAX_PROBE 8
#define SID	  0x14e8 /* ZDMA channel 0 */

static struct model *m;
static struct vadma_io io;
static unsigned int pgshift, numpage;
static u8 img[IMG_SIZE];
static u32 dirty[MAX_RECS];
static unsigned int ndirty;
static const u64 zero_desc;

static u64 cbr(u64 off)
{
	return ((u64)numpage << pgshift) + off;
}

static bool is_ram(u64 pa, u64 size)
{
	unsigned int i;

	for (i = 0; i < plat_zcu102.nr_ram; i++) {
		const struct plat_ram *r = &plat_zcu102.ram[i];

		if (pa >= r->base && pa + size <= r->base + r->size)
			return true;
	}
	return false;
}

/* The image, zeros for the RAM around it, nothing elsewhere. */
static void *img_virt(void *ctx, u64 pa, size_t size)
{
	(void)ctx;
	if (pa + size <= IMG_SIZE)
		return img + pa;
	if (size <= sizeof(zero_desc) && is_ram(pa, size))
		return (void *)&zero_desc;
	return NULL;
}

static const struct pt_mem_ops img_ops = { .phys_to_virt = img_virt };

static void setup(void)
{
	struct model_cfg cfg;

	model_cfg_default(&cfg, &plat_zcu102);
	cfg.smmu_idr[0] &= ~SMMU_IDR0_ATOSNS;  /* ATOS on */
	cfg.smmu_idr[2] |= SMMU_IDR2_PTFS_16K; /* all three granules */
	if (model_create(&cfg, &m))
		abort();
	io = model_io(m, plat_zcu102.smmu_base);
	pgshift = (cfg.smmu_idr[1] & SMMU_IDR1_PAGESIZE) ? 16 : 12;
	numpage = 2U << FIELD_GET(SMMU_IDR1_NUMPAGENDXB, cfg.smmu_idr[1]);

	/* Bank 0: stage 1, AArch64; the stream of ZDMA channel 0 to it. */
	vadma_write32(&io, (1ULL << pgshift) + SMMU_GR1_CBAR(0),
		      FIELD_PREP(SMMU_CBAR_TYPE,
				 SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS));
	vadma_write32(&io, (1ULL << pgshift) + SMMU_GR1_CBA2R(0),
		      SMMU_CBA2R_VA64);
	vadma_write32(&io, SMMU_GR0_S2CR(0),
		      FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_TRANS));
	vadma_write32(&io, SMMU_GR0_SMR(0),
		      SMMU_SMR_VALID | FIELD_PREP(SMMU_SMR_ID, SID));
	vadma_write32(&io, SMMU_GR0_sCR0,
		      SMMU_sCR0_GFRE | SMMU_sCR0_GFIE | SMMU_sCR0_USFCFG);
}

/* A TCR_EL1 pgtable accepts, as close to @tcr as possible. */
static u64 tcr_fix(u64 tcr)
{
	unsigned int t0 = FIELD_GET(PT_TCR_T0SZ, tcr);
	unsigned int t1 = FIELD_GET(PT_TCR_T1SZ, tcr);

	tcr &= ~(PT_TCR_TBI0 | PT_TCR_TBI1 | PT_TCR_HA | PT_TCR_HD |
		 GENMASK_ULL(63, 41));
	tcr = (tcr & ~PT_TCR_IPS) |
	      FIELD_PREP(PT_TCR_IPS, FIELD_GET(PT_TCR_IPS, tcr) % 6);
	if (t0 < 16 || t0 > 39)
		tcr = (tcr & ~PT_TCR_T0SZ) |
		      FIELD_PREP(PT_TCR_T0SZ, 16 + t0 % 24);
	if (t1 < 16 || t1 > 39)
		tcr = (tcr & ~PT_TCR_T1SZ) |
		      FIELD_PREP(PT_TCR_T1SZ, 16 + t1 % 24);
	if (FIELD_GET(PT_TCR_TG0, tcr) == 3)
		tcr &= ~PT_TCR_TG0; /* 4K */
	if (FIELD_GET(PT_TCR_TG1, tcr) == 0)
		tcr |= FIELD_PREP(PT_TCR_TG1, PT_TCR_TG1_4K);
	return tcr;
}

static u32 fault_fsr(enum pt_fault f)
{
	switch (f) {
	case PT_FAULT_TRANSLATION:
		return SMMU_FSR_TF;
	case PT_FAULT_ACCESS:
		return SMMU_FSR_AFF;
	case PT_FAULT_PERMISSION:
		return SMMU_FSR_PF;
	case PT_FAULT_ADDRESS_SIZE:
		return SMMU_FSR_ASF;
	case PT_FAULT_EXTERNAL:
		return SMMU_FSR_EF;
	case PT_FAULT_NONE:
		break;
	}
	return 0;
}

/* PAR as IHI 0062D 16.5.14 reports pgtable's answer. */
static u64 want_par(const struct pt_walk *w)
{
	u64 sh = w->sh;

	if (w->fault != PT_FAULT_NONE)
		return SMMU_PAR_F | fault_fsr(w->fault) |
		       FIELD_PREP(SMMU_PAR_FORMAT,
				  (u64)SMMU_FSR_FORMAT_AARCH64) |
		       FIELD_PREP(SMMU_PAR_PLVL, (u64)w->level);
	/* Device and Normal non-cacheable read as outer shareable. */
	if (!(w->attr & 0xf0) || w->attr == 0x44)
		sh = 2;
	return (w->pa & SMMU_PAR_PA) | SMMU_PAR_RAO |
	       FIELD_PREP(SMMU_PAR_SH, sh) |
	       FIELD_PREP(SMMU_PAR_ATTR, (u64)w->attr);
}

static void probe(const struct pt_regime *r, u64 va, u64 tcr)
{
	static const struct {
		u32 reg;
		unsigned int acc;
	} ats[] = {
		{ SMMU_CB_ATS1PR, 0 },
		{ SMMU_CB_ATS1PW, PT_ACC_WRITE },
		{ SMMU_CB_ATS1UR, PT_ACC_USER },
		{ SMMU_CB_ATS1UW, PT_ACC_USER | PT_ACC_WRITE },
	};
	struct pt_walk w;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ats); i++) {
		u64 par, want;

		pt_regime_walk(r, va, ats[i].acc, &w);
		want = want_par(&w);
		vadma_write64(&io, cbr(ats[i].reg), va);
		if (vadma_read32(&io, cbr(SMMU_CB_ATSR)))
			fz_fail("ATSR busy");
		par = vadma_read64(&io, cbr(SMMU_CB_PAR));
		if (par != want)
			fz_fail("tcr 0x%llx va 0x%llx access %u: model PAR "
				"0x%llx, pgtable 0x%llx (fault %s level %d)",
				(unsigned long long)tcr, (unsigned long long)va,
				ats[i].acc, (unsigned long long)par,
				(unsigned long long)want,
				pt_fault_name(w.fault), w.level);
	}

	/*
	 * Execute: an instruction fetch by DMA.  The bus is 49 bits wide and
	 * sign-extends from bit 48, so only such addresses reach the walk
	 * as they are.
	 */
	if ((u64)((s64)(va << 15) >> 15) != va)
		return;
	for (i = 0; i < 2; i++) {
		unsigned int acc = PT_ACC_EXEC | (i ? PT_ACC_USER : 0);
		enum model_dma_status st;
		u32 fsr, fsynr0;
		u64 far;
		u8 b;

		pt_regime_walk(r, va, acc, &w);
		st = model_dma(m, SID, va, &b, 1,
			       MODEL_DMA_INST | (i ? 0 : MODEL_DMA_PRIV));
		fsr = vadma_read32(&io, cbr(SMMU_CB_FSR));
		fsynr0 = vadma_read32(&io, cbr(SMMU_CB_FSYNR0));
		far = vadma_read64(&io, cbr(SMMU_CB_FAR));
		if (w.fault == PT_FAULT_NONE) {
			enum model_dma_status ok = is_ram(w.pa, 1)
							   ? MODEL_DMA_OK
							   : MODEL_DMA_DECERR;

			if (st != ok)
				fz_fail("tcr 0x%llx va 0x%llx exec %u: status "
					"%d FSR 0x%x, pgtable pa 0x%llx",
					(unsigned long long)tcr,
					(unsigned long long)va, i, st, fsr,
					(unsigned long long)w.pa);
			continue;
		}
		if (st != MODEL_DMA_SLVERR ||
		    fsr != (fault_fsr(w.fault) |
			    FIELD_PREP(SMMU_FSR_FORMAT,
				       SMMU_FSR_FORMAT_AARCH64)) ||
		    FIELD_GET(SMMU_FSYNR0_PLVL, fsynr0) != (u32)w.level ||
		    !(fsynr0 & SMMU_FSYNR0_IND) ||
		    far != (va & GENMASK_ULL(48, 0)))
			fz_fail("tcr 0x%llx va 0x%llx exec %u: status %d FSR "
				"0x%x FSYNR0 0x%x FAR 0x%llx, pgtable fault "
				"%s level %d",
				(unsigned long long)tcr, (unsigned long long)va,
				i, st, fsr, fsynr0, (unsigned long long)far,
				pt_fault_name(w.fault), w.level);
		vadma_write32(&io, cbr(SMMU_CB_FSR), SMMU_FSR_FAULT);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	u64 tcr, mair, ttbr0, ttbr1, va[MAX_PROBE];
	unsigned int i, nprobe;
	struct pt_regime r;

	if (!m)
		setup();
	tcr = tcr_fix(fz_u64(&f));
	mair = fz_u64(&f);
	ttbr0 = fz_u64(&f);
	ttbr1 = fz_u64(&f);
	nprobe = fz_u8(&f) % MAX_PROBE + 1;
	for (i = 0; i < nprobe; i++) {
		u64 v = fz_u64(&f);

		switch (v >> 62) {
		case 0:
			v &= GENMASK_ULL(47, 0);
			break;
		case 1:
			v |= GENMASK_ULL(63, 48);
			break;
		}
		va[i] = v;
	}

	/* The image: last input's descriptors out, this one's in. */
	for (i = 0; i < ndirty; i++) {
		memset(img + 8 * dirty[i], 0, 8);
		if (model_dev_write(m, 8ULL * dirty[i], img + 8 * dirty[i], 8))
			abort();
	}
	ndirty = 0;
	while (f.n && ndirty < MAX_RECS) {
		u32 slot = fz_u16(&f) % (IMG_SIZE / 8);
		u64 desc = cpu_to_le64(fz_u64(&f));

		memcpy(img + 8 * slot, &desc, 8);
		if (model_dev_write(m, 8ULL * slot, &desc, 8))
			abort();
		dirty[ndirty++] = slot;
	}

	if (pt_regime_init(&r, tcr, mair, ttbr0, ttbr1, &img_ops, NULL))
		fz_fail("pt_regime_init refused tcr 0x%llx",
			(unsigned long long)tcr);

	/* The same regime in bank 0; SCTLR last, then a clean TLB. */
	vadma_write32(&io, cbr(SMMU_CB_SCTLR), 0);
	vadma_write32(&io, cbr(SMMU_CB_TCR2),
		      FIELD_PREP(SMMU_TCR2_PASIZE, FIELD_GET(PT_TCR_IPS, tcr)) |
			      SMMU_TCR2_AS |
			      FIELD_PREP(SMMU_TCR2_SEP,
					 SMMU_TCR2_SEP_UPSTREAM));
	vadma_write64(&io, cbr(SMMU_CB_TTBR0), ttbr0);
	vadma_write64(&io, cbr(SMMU_CB_TTBR1), ttbr1);
	vadma_write32(&io, cbr(SMMU_CB_TCR), (u32)tcr);
	vadma_write32(&io, cbr(SMMU_CB_MAIR0), (u32)mair);
	vadma_write32(&io, cbr(SMMU_CB_MAIR1), (u32)(mair >> 32));
	vadma_write32(&io, cbr(SMMU_CB_FSR), SMMU_FSR_FAULT);
	vadma_write32(&io, SMMU_GR0_TLBIALLNSNH, 0);
	vadma_write32(&io, cbr(SMMU_CB_SCTLR), SMMU_SCTLR_M | SMMU_SCTLR_CFRE);

	for (i = 0; i < nprobe; i++)
		probe(&r, va[i], tcr);
	return 0;
}
