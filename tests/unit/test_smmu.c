// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The SMMUv2 driver core against a recording register file: what it
 * writes, in which order, and how it decodes what it reads.  No model:
 * the register images are checked against the architecture's encodings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "vadma/model.h"
#include "vadma/plat.h"
#include "vadma/smmu.h"

#define FAKE_SIZE 0x20000
#define FAKE_LOG  8192

struct fake_access {
	u64 off;
	u64 val;
	bool write;
};

struct fake {
	u32 regs[FAKE_SIZE / 4];
	struct fake_access log[FAKE_LOG];
	unsigned int n;
	u32 busy_reads;	 /* status registers read busy this often */
	bool lock_actlr; /* ACTLR writes ignored (a Secure CACHE_LOCK) */
};

static void fake_log(struct fake *f, u64 off, u64 val, bool write)
{
	if (f->n < FAKE_LOG)
		f->log[f->n++] = (struct fake_access){ off, val, write };
}

static bool fake_is_status(u64 off)
{
	u64 page = off & 0xfff;

	return off == SMMU_GR0_sTLBGSTATUS ||
	       (off >= 0x10000 &&
		(page == SMMU_CB_TLBSTATUS || page == SMMU_CB_ATSR));
}

static u32 fake_read32(void *ctx, u64 off)
{
	struct fake *f = ctx;

	assert_true(off < FAKE_SIZE && !(off & 3));
	fake_log(f, off, 0, false);
	if (fake_is_status(off) && f->busy_reads) {
		if (f->busy_reads != ~0U)
			f->busy_reads--;
		return 1;
	}
	return f->regs[off / 4];
}

static void fake_write32(void *ctx, u64 off, u32 val)
{
	struct fake *f = ctx;

	assert_true(off < FAKE_SIZE && !(off & 3));
	fake_log(f, off, val, true);
	if (f->lock_actlr && off >= 0x10000 && (off & 0xfff) == SMMU_CB_ACTLR)
		return;
	f->regs[off / 4] = val;
}

static u64 fake_read64(void *ctx, u64 off)
{
	struct fake *f = ctx;

	assert_true(off < FAKE_SIZE && !(off & 7));
	fake_log(f, off, 0, false);
	return f->regs[off / 4] | (u64)f->regs[off / 4 + 1] << 32;
}

static void fake_write64(void *ctx, u64 off, u64 val)
{
	struct fake *f = ctx;

	assert_true(off < FAKE_SIZE && !(off & 7));
	fake_log(f, off, val, true);
	f->regs[off / 4] = (u32)val;
	f->regs[off / 4 + 1] = (u32)(val >> 32);
}

static const struct vadma_io_ops fake_ops = {
	fake_read32,
	fake_write32,
	fake_read64,
	fake_write64,
};

static struct fake *fake_new(const u32 *idr)
{
	struct fake *f = calloc(1, sizeof(*f));
	unsigned int i;

	assert_non_null(f);
	for (i = 0; i < 8; i++)
		f->regs[(SMMU_GR0_IDR0 + 4 * i) / 4] = idr[i];
	return f;
}

static void probe_zcu102(struct smmu *s, struct fake **out)
{
	struct fake *f = fake_new(plat_zcu102.smmu_idr);
	struct vadma_io io = { &fake_ops, f, 0 };

	assert_int_equal(smmu_probe(s, &io, NULL), 0);
	f->n = 0;
	*out = f;
}

/* Index of the last write to @off in the log, or -1. */
static int last_write(const struct fake *f, u64 off)
{
	int i;

	for (i = (int)f->n - 1; i >= 0; i--)
		if (f->log[i].write && f->log[i].off == off)
			return i;
	return -1;
}

static int first_write(const struct fake *f, u64 off)
{
	unsigned int i;

	for (i = 0; i < f->n; i++)
		if (f->log[i].write && f->log[i].off == off)
			return (int)i;
	return -1;
}

static u64 cbo(unsigned int cb, u32 off)
{
	return 0x10000 + cb * 0x1000 + off;
}

static void test_probe_zcu102(void **state)
{
	struct smmu s;
	struct fake *f;

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(s.feat.major, 2);
	assert_int_equal(s.feat.minor, 1);
	assert_int_equal(s.feat.num_smrs, 48);
	assert_int_equal(s.feat.num_cbs, 16);
	assert_int_equal(s.feat.num_s2_cbs, 0);
	assert_int_equal(s.feat.sid_bits, 15);
	assert_int_equal(s.feat.pgshift, 12);
	assert_int_equal(s.feat.num_pages, 16);
	assert_int_equal(s.feat.ias, 48);
	assert_int_equal(s.feat.oas, 48);
	assert_int_equal(s.feat.granules, BIT(12) | BIT(16));
	assert_false(s.feat.cttw);
	assert_false(s.feat.atos);
	assert_true(s.feat.btm);
	assert_true(s.feat.stage1 && s.feat.stage2 && s.feat.nested);
	assert_true(s.feat.sms);
	assert_int_equal(s.feat.num_irpt, 1);
	free(f);
}

static void test_probe_rejects(void **state)
{
	static const struct {
		unsigned int reg;
		u32 clear, set;
		int err;
	} cases[] = {
		{ 0, SMMU_IDR0_S1TS, 0, -EOPNOTSUPP },
		{ 0, SMMU_IDR0_SMS, 0, -EOPNOTSUPP },
		{ 2,
		  SMMU_IDR2_PTFS_4K | SMMU_IDR2_PTFS_16K | SMMU_IDR2_PTFS_64K,
		  0, -EOPNOTSUPP },
		{ 2, SMMU_IDR2_IAS, 7, -EINVAL },
		{ 2, SMMU_IDR2_OAS, 0x60, -EINVAL },
		{ 1, SMMU_IDR1_NUMCB, 0, -EINVAL },
		{ 0, SMMU_IDR0_NUMSMRG, 0, -EINVAL },
		{ 1, SMMU_IDR1_NUMS2CB, FIELD_PREP(SMMU_IDR1_NUMS2CB, 17),
		  -EINVAL },
		{ 1, SMMU_IDR1_NUMPAGENDXB, 0, -EINVAL }, /* 2 pages, 16 CBs */
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u32 idr[8];
		struct fake *f;
		struct smmu s;
		struct vadma_io io;

		memcpy(idr, plat_zcu102.smmu_idr, sizeof(idr));
		idr[cases[i].reg] = (idr[cases[i].reg] & ~cases[i].clear) |
				    cases[i].set;
		f = fake_new(idr);
		io = (struct vadma_io){ &fake_ops, f, 0 };
		if (smmu_probe(&s, &io, NULL) != cases[i].err)
			fail_msg("case %u: want %d", i, cases[i].err);
		free(f);
	}
}

static void test_reset(void **state)
{
	struct smmu s;
	struct fake *f;
	unsigned int i;
	u32 scr0;

	(void)state;
	probe_zcu102(&s, &f);
	f->regs[SMMU_GR0_sCR0 / 4] = SMMU_sCR0_CLIENTPD;
	f->regs[SMMU_GR0_sGFSR / 4] = SMMU_sGFSR_USF;
	assert_int_equal(smmu_reset(&s), 0);
	for (i = 0; i < 48; i++) {
		assert_int_equal(f->regs[SMMU_GR0_SMR(i) / 4], 0);
		assert_int_equal(FIELD_GET(SMMU_S2CR_TYPE,
					   f->regs[SMMU_GR0_S2CR(i) / 4]),
				 SMMU_S2CR_TYPE_FAULT);
		/* The SMR is invalid before its S2CR changes. */
		assert_true(first_write(f, SMMU_GR0_SMR(i)) <
			    first_write(f, SMMU_GR0_S2CR(i)));
	}
	for (i = 0; i < 16; i++)
		assert_int_equal(f->regs[cbo(i, SMMU_CB_SCTLR) / 4], 0);
	/* sGFSR was cleared by writing back what was read. */
	assert_int_equal(f->log[first_write(f, SMMU_GR0_sGFSR)].val,
			 SMMU_sGFSR_USF);
	scr0 = f->regs[SMMU_GR0_sCR0 / 4];
	assert_false(scr0 & SMMU_sCR0_CLIENTPD);
	assert_true(scr0 & SMMU_sCR0_USFCFG);
	assert_true(scr0 & SMMU_sCR0_SMCFCFG);
	assert_true(scr0 & SMMU_sCR0_GFRE);
	assert_true(scr0 & SMMU_sCR0_GFIE);
	/* Enabling is the last write, after the TLB invalidation. */
	assert_int_equal(last_write(f, SMMU_GR0_sCR0), (int)f->n - 1);
	assert_true(last_write(f, SMMU_GR0_TLBIALLNSNH) <
		    last_write(f, SMMU_GR0_sCR0));
	free(f);
}

/* An MMU-500 of revision rNpM (IDR7), probed with its implementation. */
static void probe_mmu500(struct smmu *s, struct fake **out, u32 rev)
{
	struct fake *f = fake_new(plat_zcu102.smmu_idr);
	struct vadma_io io = { &fake_ops, f, 0 };
	unsigned int i;

	f->regs[SMMU_GR0_IDR7 / 4] = rev;
	f->regs[SMMU_GR0_sACR / 4] = 0x04000004; /* CACHE_LOCK set */
	for (i = 0; i < 16; i++)
		f->regs[cbo(i, SMMU_CB_ACTLR) / 4] = MMU500_ACTLR_CPRE |
						     MMU500_ACTLR_CMTLB;
	assert_int_equal(smmu_probe(s, &io, &smmu_impl_mmu500), 0);
	assert_ptr_equal(s->impl, &smmu_impl_mmu500);
	f->n = 0;
	*out = f;
}

/* The implementations by their device-tree names. */
static void test_impl_find(void **state)
{
	(void)state;
	assert_ptr_equal(smmu_impl_find("arm,mmu-500"), &smmu_impl_mmu500);
	assert_ptr_equal(smmu_impl_find(plat_zcu102.smmu_compatible),
			 &smmu_impl_mmu500);
	assert_null(smmu_impl_find("arm,smmu-v2"));
	assert_null(smmu_impl_find("arm,mmu-50"));
	assert_null(smmu_impl_find(""));
	assert_null(smmu_impl_find(NULL));
}

/* The MMU-500's errata workaround: prefetcher off, after CACHE_LOCK. */
static void test_reset_mmu500(void **state)
{
	struct smmu s;
	struct fake *f;
	unsigned int i;

	(void)state;
	/* Not an MMU-500: the ACTLRs and sACR are left alone. */
	probe_zcu102(&s, &f);
	assert_null(s.impl);
	assert_int_equal(smmu_reset(&s), 0);
	assert_int_equal(first_write(f, SMMU_GR0_sACR), -1);
	assert_int_equal(first_write(f, cbo(0, SMMU_CB_ACTLR)), -1);
	free(f);

	/* r2p1, the ZynqMP's: both quirks. */
	probe_mmu500(&s, &f, 0x21);
	assert_int_equal(s.quirks,
			 SMMU_QUIRK_PREFETCH_OFF | SMMU_QUIRK_ACR_CACHE_LOCK);
	assert_int_equal(smmu_reset(&s), 0);
	assert_false(s.prefetch_on);
	/* CACHE_LOCK cleared, the other bits kept, before any ACTLR write. */
	assert_int_equal(f->regs[SMMU_GR0_sACR / 4], 0x00000004);
	for (i = 0; i < 16; i++) {
		assert_int_equal(f->regs[cbo(i, SMMU_CB_ACTLR) / 4],
				 MMU500_ACTLR_CMTLB);
		assert_true(first_write(f, SMMU_GR0_sACR) <
			    first_write(f, cbo(i, SMMU_CB_ACTLR)));
	}
	/* Before the TLB invalidation, as the hook's contract says. */
	assert_true(last_write(f, cbo(15, SMMU_CB_ACTLR)) <
		    first_write(f, SMMU_GR0_TLBIALLNSNH));
	free(f);

	/* r2p2 has the errata fixed: the prefetcher stays on. */
	probe_mmu500(&s, &f, 0x22);
	assert_int_equal(s.quirks, SMMU_QUIRK_ACR_CACHE_LOCK);
	assert_int_equal(smmu_reset(&s), 0);
	assert_false(s.prefetch_on);
	assert_int_equal(first_write(f, SMMU_GR0_sACR), -1);
	assert_int_equal(first_write(f, cbo(0, SMMU_CB_ACTLR)), -1);
	free(f);

	/* r1p0 has no CACHE_LOCK: sACR is not written, CPRE is cleared. */
	probe_mmu500(&s, &f, 0x10);
	assert_int_equal(s.quirks, SMMU_QUIRK_PREFETCH_OFF);
	assert_int_equal(smmu_reset(&s), 0);
	assert_int_equal(first_write(f, SMMU_GR0_sACR), -1);
	assert_int_equal(f->regs[cbo(7, SMMU_CB_ACTLR) / 4],
			 MMU500_ACTLR_CMTLB);
	free(f);

	/* A lock the Non-secure side cannot clear: reported. */
	probe_mmu500(&s, &f, 0x21);
	f->lock_actlr = true;
	assert_int_equal(smmu_reset(&s), 0);
	assert_true(s.prefetch_on);
	free(f);
}

/* Through the model: ACTLR writes stick only with CACHE_LOCK clear. */
static void test_reset_mmu500_model(void **state)
{
	struct model_cfg cfg;
	struct model *m;
	struct vadma_io io;
	struct smmu s;
	u64 cb0;

	(void)state;
	model_cfg_default(&cfg, &plat_zcu102);
	assert_int_equal(model_create(&cfg, &m), 0);
	io = model_io(m, plat_zcu102.smmu_base);
	assert_int_equal(smmu_probe(&s, &io, &smmu_impl_mmu500), 0);
	cb0 = (u64)s.feat.num_pages << s.feat.pgshift;
	/* At reset the lock is on: a write of ACTLR does nothing. */
	vadma_write32(&io, cb0 + SMMU_CB_ACTLR, 0);
	assert_true(vadma_read32(&io, cb0 + SMMU_CB_ACTLR) & MMU500_ACTLR_CPRE);
	assert_int_equal(smmu_reset(&s), 0);
	assert_false(s.prefetch_on);
	assert_int_equal(vadma_read32(&io, cb0 + SMMU_CB_ACTLR),
			 MMU500_ACTLR_CMTLB);
	assert_false(vadma_read32(&io, SMMU_GR0_sACR) & MMU500_sACR_CACHE_LOCK);
	model_destroy(m);
}

static void test_reset_timeout(void **state)
{
	struct smmu s;
	struct fake *f;

	(void)state;
	probe_zcu102(&s, &f);
	f->busy_reads = ~0U; /* the sync never completes */
	s.sync_polls = 50;
	assert_int_equal(smmu_reset(&s), -ETIMEDOUT);
	/* The SMMU was not enabled half-way. */
	assert_int_equal(last_write(f, SMMU_GR0_sCR0), -1);
	free(f);
}

static void test_cb_image(void **state)
{
	struct pt_tcr t0 = { .tsz = 16,
			     .tg = PT_TCR_TG0_4K,
			     .sh = 2,
			     .irgn = 0,
			     .orgn = 0,
			     .ips = 5 };
	struct smmu_cb_cfg cfg = { .t0 = &t0,
				   .ttbr0 = 0x80001000,
				   .asid = 0x1234,
				   .mair = 0x4404ff,
				   .stall = true,
				   .fault_irq = true,
				   .fault_abort = true,
				   .irq_index = 3 };
	struct smmu_cb_image img;
	struct smmu s;
	struct fake *f;

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), 0);
	assert_int_equal(img.tcr,
			 16 | SMMU_TCR_EPD1 | FIELD_PREP(SMMU_TCR_SH0, 2));
	assert_int_equal(FIELD_GET(SMMU_TCR2_PASIZE, img.tcr2), 5);
	assert_true(img.tcr2 & SMMU_TCR2_AS);
	assert_int_equal(img.ttbr0, 0x1234000080001000ULL);
	assert_int_equal(img.mair0, 0x4404ff);
	assert_int_equal(img.mair1, 0);
	assert_int_equal(FIELD_GET(SMMU_CBAR_TYPE, img.cbar),
			 SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS);
	assert_int_equal(FIELD_GET(SMMU_CBAR_IRPTNDX, img.cbar), 3);
	assert_int_equal(img.cba2r, SMMU_CBA2R_VA64);
	assert_int_equal(img.sctlr, SMMU_SCTLR_M | SMMU_SCTLR_TRE |
					    SMMU_SCTLR_AFE | SMMU_SCTLR_CFIE |
					    SMMU_SCTLR_CFRE | SMMU_SCTLR_CFCFG);

	cfg.stall = false;
	cfg.fault_abort = false;
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), 0);
	assert_false(img.sctlr & (SMMU_SCTLR_CFCFG | SMMU_SCTLR_CFRE));

	/* The MMU-500 has no 16K granule; ZynqMP's OAS is 48 bits. */
	t0.tg = PT_TCR_TG0_16K;
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), -EOPNOTSUPP);
	t0.tg = PT_TCR_TG0_64K;
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), 0);
	t0.tg = 3;
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), -EINVAL);
	t0.tg = PT_TCR_TG0_4K;
	t0.tsz = 10;
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), -EINVAL);
	t0.tsz = 16;
	t0.ips = 6;
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), -EINVAL);
	t0.ips = 5;
	cfg.t0 = NULL;
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), -EINVAL);
	free(f);
}

static void test_cb_write_order(void **state)
{
	struct pt_tcr t0 = { .tsz = 16, .tg = PT_TCR_TG0_4K, .ips = 5 };
	struct smmu_cb_cfg cfg = { .t0 = &t0, .ttbr0 = 0x1000, .asid = 7 };
	struct smmu_cb_image img;
	struct smmu s;
	struct fake *f;
	int sctlr_first, sctlr_last;

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), 0);
	assert_int_equal(smmu_cb_write(&s, 2, &img), 0);
	sctlr_first = first_write(f, cbo(2, SMMU_CB_SCTLR));
	sctlr_last = last_write(f, cbo(2, SMMU_CB_SCTLR));
	assert_int_equal(sctlr_first, 0);
	assert_int_equal(f->log[sctlr_first].val, 0);
	assert_int_equal(sctlr_last, (int)f->n - 1);
	assert_int_equal(f->log[sctlr_last].val, img.sctlr);
	assert_true(first_write(f, 0x1000 + SMMU_GR1_CBA2R(2)) <
		    first_write(f, 0x1000 + SMMU_GR1_CBAR(2)));
	assert_true(first_write(f, 0x1000 + SMMU_GR1_CBAR(2)) <
		    first_write(f, cbo(2, SMMU_CB_TCR)));
	assert_true(first_write(f, cbo(2, SMMU_CB_TTBR0)) <
		    first_write(f, cbo(2, SMMU_CB_TCR)));
	assert_int_equal(f->regs[cbo(2, SMMU_CB_TTBR0) / 4 + 1], 7 << 16);
	assert_int_equal(smmu_cb_write(&s, 16, &img), -EINVAL);
	free(f);
}

static void test_attach_masks(void **state)
{
	static const u32 gdma[8] = { 0x14e8, 0x14e9, 0x14ea, 0x14eb,
				     0x14ec, 0x14ed, 0x14ee, 0x14ef };
	static const u32 two[2] = { 0x14e8, 0x14ea };
	static const u32 odd[3] = { 0xe81, 0xe82, 0xe83 };
	static const u32 cdma[1] = { 0xe80 };
	struct smmu s;
	struct fake *f;
	u32 smr;
	int slot;

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(
		smmu_attach_streams(&s, gdma, 8, SMMU_S2CR_TYPE_TRANS, 1), 1);
	smr = f->regs[SMMU_GR0_SMR(0) / 4];
	assert_int_equal(smr, SMMU_SMR_VALID | 0x14e8 |
				      FIELD_PREP(SMMU_SMR_MASK, 7));
	assert_int_equal(f->regs[SMMU_GR0_S2CR(0) / 4],
			 FIELD_PREP(SMMU_S2CR_CBNDX, 1));
	/* S2CR before the SMR becomes valid. */
	assert_true(first_write(f, SMMU_GR0_S2CR(0)) <
		    first_write(f, SMMU_GR0_SMR(0)));
	/* Already covered: it would match two entries. */
	assert_int_equal(smmu_attach_streams(&s, two, 2, SMMU_S2CR_TYPE_TRANS,
					     2),
			 -EEXIST);
	/* 0xe81 alone, then 0xe82-0xe83 under one mask. */
	assert_int_equal(
		smmu_attach_streams(&s, odd, 3, SMMU_S2CR_TYPE_BYPASS, 0), 2);
	assert_int_equal(f->regs[SMMU_GR0_SMR(1) / 4], SMMU_SMR_VALID | 0xe81);
	assert_int_equal(f->regs[SMMU_GR0_SMR(2) / 4],
			 SMMU_SMR_VALID | 0xe82 | FIELD_PREP(SMMU_SMR_MASK, 1));
	assert_int_equal(FIELD_GET(SMMU_S2CR_TYPE,
				   f->regs[SMMU_GR0_S2CR(1) / 4]),
			 SMMU_S2CR_TYPE_BYPASS);
	assert_int_equal(
		smmu_attach_streams(&s, cdma, 1, SMMU_S2CR_TYPE_TRANS, 0), 1);
	assert_int_equal(smmu_detach_streams(&s, gdma, 8), 1);
	assert_int_equal(f->regs[SMMU_GR0_SMR(0) / 4], 0);
	assert_int_equal(FIELD_GET(SMMU_S2CR_TYPE,
				   f->regs[SMMU_GR0_S2CR(0) / 4]),
			 SMMU_S2CR_TYPE_FAULT);
	assert_int_equal(smmu_detach_streams(&s, gdma, 8), -ENOENT);
	/* Bad input. */
	slot = smmu_attach_streams(&s, cdma, 0, SMMU_S2CR_TYPE_TRANS, 0);
	assert_int_equal(slot, -EINVAL);
	assert_int_equal(smmu_attach_streams(&s, two, 2, SMMU_S2CR_TYPE_TRANS,
					     16),
			 -EINVAL);
	{
		const u32 big = 0x8000;

		assert_int_equal(smmu_attach_streams(&s, &big, 1,
						     SMMU_S2CR_TYPE_TRANS, 0),
				 -EINVAL);
	}
	free(f);
}

/*
 * Routing an attached stream elsewhere rewrites its S2CR only: the SMR is
 * never written, so the stream is never unmatched on the way.
 */
static void test_route_streams(void **state)
{
	const u32 zdma = 0x14e8, cdma = 0xe80, other = 0x14e9;
	struct smmu s;
	struct fake *f;
	unsigned int mark;

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(smmu_route_streams(&s, &zdma, 1, SMMU_S2CR_TYPE_TRANS,
					    3),
			 -ENOENT);
	assert_int_equal(
		smmu_attach_streams(&s, &zdma, 1, SMMU_S2CR_TYPE_FAULT, 0), 1);
	assert_int_equal(
		smmu_attach_streams(&s, &cdma, 1, SMMU_S2CR_TYPE_FAULT, 0), 1);
	mark = f->n;
	assert_int_equal(
		smmu_route_streams(&s, &zdma, 1, SMMU_S2CR_TYPE_TRANS, 3), 1);
	assert_int_equal(f->n, mark + 1); /* one write: S2CR0 */
	assert_int_equal(f->log[mark].off, SMMU_GR0_S2CR(0));
	assert_int_equal(f->regs[SMMU_GR0_S2CR(0) / 4],
			 FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_TRANS) |
				 FIELD_PREP(SMMU_S2CR_CBNDX, 3));
	assert_int_equal(f->regs[SMMU_GR0_SMR(0) / 4], SMMU_SMR_VALID | 0x14e8);
	/* The CDMA's entry is not touched. */
	assert_int_equal(FIELD_GET(SMMU_S2CR_TYPE,
				   f->regs[SMMU_GR0_S2CR(1) / 4]),
			 SMMU_S2CR_TYPE_FAULT);
	/* And back: the state kept agrees (a detach finds the entry). */
	assert_int_equal(
		smmu_route_streams(&s, &zdma, 1, SMMU_S2CR_TYPE_FAULT, 0), 1);
	assert_int_equal(FIELD_GET(SMMU_S2CR_TYPE,
				   f->regs[SMMU_GR0_S2CR(0) / 4]),
			 SMMU_S2CR_TYPE_FAULT);
	/* Bad input, and a stream no entry covers. */
	assert_int_equal(smmu_route_streams(&s, &zdma, 1, SMMU_S2CR_TYPE_TRANS,
					    16),
			 -EINVAL);
	assert_int_equal(smmu_route_streams(&s, &zdma, 0, SMMU_S2CR_TYPE_FAULT,
					    0),
			 -EINVAL);
	assert_int_equal(smmu_route_streams(&s, &zdma, 1, 3, 0), -EINVAL);
	assert_int_equal(smmu_route_streams(&s, &other, 1, SMMU_S2CR_TYPE_FAULT,
					    0),
			 -ENOENT);
	assert_int_equal(smmu_detach_streams(&s, &zdma, 1), 1);
	assert_int_equal(smmu_route_streams(&s, &zdma, 1, SMMU_S2CR_TYPE_FAULT,
					    0),
			 -ENOENT);
	free(f);
}

static void test_attach_nospace(void **state)
{
	struct smmu s;
	struct fake *f;
	u32 sid;
	int ret;

	(void)state;
	probe_zcu102(&s, &f);
	/* Isolated odd IDs take one entry each. */
	for (sid = 1; sid < 2 * 48; sid += 2)
		assert_int_equal(smmu_attach_streams(&s, &sid, 1,
						     SMMU_S2CR_TYPE_FAULT, 0),
				 1);
	ret = smmu_attach_streams(&s, &sid, 1, SMMU_S2CR_TYPE_FAULT, 0);
	assert_int_equal(ret, -ENOSPC);
	free(f);
}

static void test_cb_alloc(void **state)
{
	struct smmu s;
	struct fake *f;
	int i;

	(void)state;
	probe_zcu102(&s, &f);
	for (i = 0; i < 16; i++)
		assert_int_equal(smmu_cb_alloc(&s), i);
	assert_int_equal(smmu_cb_alloc(&s), -ENOSPC);
	smmu_cb_free(&s, 5);
	assert_int_equal(smmu_cb_alloc(&s), 5);
	free(f);
}

static void test_tlbi(void **state)
{
	struct smmu s;
	struct fake *f;
	unsigned int i, n = 0;

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(smmu_tlb_inv_range(&s, 3, 0x42, 0x40001000, 3 * 4096,
					    12, true),
			 0);
	for (i = 0; i < f->n; i++) {
		if (!f->log[i].write ||
		    f->log[i].off != cbo(3, SMMU_CB_TLBIVAL))
			continue;
		assert_int_equal(f->log[i].val,
				 (0x42ULL << 48) | ((0x40001000ULL >> 12) + n));
		n++;
	}
	assert_int_equal(n, 3);
	assert_true(last_write(f, cbo(3, SMMU_CB_TLBSYNC)) >
		    last_write(f, cbo(3, SMMU_CB_TLBIVAL)));

	/* Above the threshold: the ASID at once. */
	f->n = 0;
	assert_int_equal(smmu_tlb_inv_range(&s, 3, 0x42, 0,
					    (SMMU_TLBI_RANGE_MAX + 1) * 4096ULL,
					    12, false),
			 0);
	assert_int_equal(last_write(f, cbo(3, SMMU_CB_TLBIVA)), -1);
	assert_int_equal(f->log[last_write(f, cbo(3, SMMU_CB_TLBIASID))].val,
			 0x42);

	/* A sync that completes late, and one that never does. */
	f->busy_reads = 3;
	assert_int_equal(smmu_tlb_inv_all(&s, 3), 0);
	f->busy_reads = ~0U;
	s.sync_polls = 10;
	assert_int_equal(smmu_tlb_inv_asid(&s, 3, 1), -ETIMEDOUT);
	assert_int_equal(smmu_tlb_inv_all(&s, 16), -EINVAL);
	free(f);
}

static void test_faults(void **state)
{
	struct smmu_fault flt;
	struct smmu_gfault g;
	struct smmu s;
	struct fake *f;

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(smmu_cb_fault(&s, 1, &flt), -ENOENT);
	f->regs[cbo(1, SMMU_CB_FSR) / 4] = SMMU_FSR_TF | SMMU_FSR_SS;
	f->regs[cbo(1, SMMU_CB_FAR) / 4] = 0x2345;
	f->regs[cbo(1, SMMU_CB_FAR) / 4 + 1] = 0x1;
	f->regs[cbo(1, SMMU_CB_FSYNR0) / 4] = 2 | SMMU_FSYNR0_WNR;
	f->regs[(0x1000 + SMMU_GR1_CBFRSYNRA(1)) / 4] = 0x14e8;
	assert_int_equal(smmu_cb_fault(&s, 1, &flt), 0);
	assert_int_equal(flt.type, SMMU_FAULT_TRANSLATION);
	assert_int_equal(flt.far, 0x100002345ULL);
	assert_int_equal(flt.level, 2);
	assert_true(flt.write);
	assert_false(flt.priv);
	assert_true(flt.stalled);
	assert_int_equal(flt.sid, 0x14e8);
	assert_int_equal(flt.cb, 1);
	smmu_cb_fault_clear(&s, &flt);
	assert_int_equal(f->log[last_write(f, cbo(1, SMMU_CB_FSR))].val,
			 SMMU_FSR_TF);
	smmu_cb_resume(&s, 1, true);
	assert_int_equal(f->log[last_write(f, cbo(1, SMMU_CB_RESUME))].val,
			 SMMU_RESUME_TNR);
	smmu_cb_resume(&s, 1, false);
	assert_int_equal(f->log[last_write(f, cbo(1, SMMU_CB_RESUME))].val, 0);

	smmu_fault_decode(SMMU_FSR_PF | SMMU_FSR_MULTI, 0,
			  SMMU_FSYNR0_PNU | SMMU_FSYNR0_IND | 3, 0, &flt);
	assert_int_equal(flt.type, SMMU_FAULT_PERMISSION);
	assert_true(flt.multi && flt.priv && flt.inst);
	assert_int_equal(flt.level, 3);
	smmu_fault_decode(SMMU_FSR_AFF, 0, 0, 0, &flt);
	assert_int_equal(flt.type, SMMU_FAULT_ACCESS);
	smmu_fault_decode(SMMU_FSR_ASF, 0, 0, 0, &flt);
	assert_int_equal(flt.type, SMMU_FAULT_ADDRESS_SIZE);
	smmu_fault_decode(SMMU_FSR_EF, 0, SMMU_FSYNR0_PTWF, 0, &flt);
	assert_int_equal(flt.type, SMMU_FAULT_EXTERNAL);
	assert_true(flt.ptw);

	assert_int_equal(smmu_global_fault(&s, &g), -ENOENT);
	f->regs[SMMU_GR0_sGFSR / 4] = SMMU_sGFSR_USF;
	f->regs[SMMU_GR0_sGFSYNR1 / 4] = 0x777;
	f->regs[SMMU_GR0_sGFAR / 4] = 0x5000;
	assert_int_equal(smmu_global_fault(&s, &g), 0);
	assert_int_equal(g.sid, 0x777);
	assert_int_equal(g.gfar, 0x5000);
	assert_string_equal(smmu_gfault_name(g.gfsr),
			    "unidentified stream (USF)");
	assert_int_equal(f->log[last_write(f, SMMU_GR0_sGFSR)].val,
			 SMMU_sGFSR_USF);
	free(f);
}

static void test_ats(void **state)
{
	u32 idr[8];
	struct fake *f;
	struct smmu s;
	struct vadma_io io;
	u64 par = 0;

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(smmu_ats(&s, 0, 0x1000, false, false, &par),
			 -EOPNOTSUPP);
	free(f);
	memcpy(idr, plat_zcu102.smmu_idr, sizeof(idr));
	idr[0] &= ~SMMU_IDR0_ATOSNS;
	f = fake_new(idr);
	io = (struct vadma_io){ &fake_ops, f, 0 };
	assert_int_equal(smmu_probe(&s, &io, NULL), 0);
	f->regs[cbo(4, SMMU_CB_PAR) / 4] = 0xabc000;
	assert_int_equal(smmu_ats(&s, 4, 0x12345678, true, true, &par), 0);
	assert_int_equal(par, 0xabc000);
	assert_int_equal(f->log[last_write(f, cbo(4, SMMU_CB_ATS1UW))].val,
			 0x12345000);
	free(f);
}

/* The dump's lines, joined with newlines. */
struct dump_buf {
	char text[4096];
	int lines;
};

static int count_line(void *arg, const char *text)
{
	struct dump_buf *d = arg;
	size_t used = strlen(d->text);

	d->lines++;
	assert_true(text[0] != '\0');
	snprintf(d->text + used, sizeof(d->text) - used, "%s\n", text);
	return 0;
}

static void test_dump(void **state)
{
	static const u32 cdma = 0xe80;
	struct pt_tcr t0 = { .tsz = 16, .tg = PT_TCR_TG0_4K, .ips = 5 };
	struct smmu_cb_cfg cfg = { .t0 = &t0, .ttbr0 = 0x1000, .asid = 7 };
	struct smmu_cb_image img;
	struct smmu s;
	struct fake *f;
	struct dump_buf d = { .lines = 0 };

	(void)state;
	probe_zcu102(&s, &f);
	assert_int_equal(
		smmu_attach_streams(&s, &cdma, 1, SMMU_S2CR_TYPE_TRANS, 0), 1);
	assert_int_equal(smmu_cb_image_s1(&s.feat, &cfg, &img), 0);
	assert_int_equal(smmu_cb_write(&s, 0, &img), 0);
	f->regs[cbo(0, SMMU_CB_FSR) / 4] = SMMU_FSR_PF;
	assert_int_equal(smmu_dump(&s, count_line, &d), 0);
	/* features, sCR0, one SMR, CB0 (3 lines and its fault) */
	assert_int_equal(d.lines, 7);
	assert_non_null(strstr(d.text, "48 SMRs, 16 context banks"));
	assert_non_null(strstr(d.text, "SMR0 id=0xe80 mask=0x0"));
	assert_non_null(strstr(d.text, "translate cb=0"));
	assert_non_null(strstr(d.text, "T0SZ=16 TG0=4K"));
	assert_non_null(strstr(d.text, "TTBR0=0x7000000001000"));
	assert_non_null(strstr(d.text, "FSR=0x8 permission"));
	free(f);
}

/* Stream IDs on ZynqMP: TBU in [14:10], master ID in [9:0] (UG1085). */
static void test_plat_stream_ids(void **state)
{
	unsigned int n;

	(void)state;
	/* A CDMA on HP0 with AXI ID 0: TBU 3, master 0b1010_000000. */
	assert_int_equal(plat_zynqmp_pl_sid(PLAT_ZYNQMP_HP0, 0), 0xe80);
	assert_int_equal(plat_zcu102.cdma.sid,
			 plat_zynqmp_pl_sid(plat_zcu102.cdma_port,
					    plat_zcu102.cdma_axi_id));
	/* The network interface on HP1: TBU 4, master 0b1011_000000. */
	assert_int_equal(plat_zcu102.ni.sid,
			 plat_zynqmp_pl_sid(plat_zcu102.ni_port, 0));
	assert_int_equal(plat_zcu102.ni.sid, 0x12c0);
	assert_int_equal(plat_zynqmp_pl_sid(PLAT_ZYNQMP_HP3, 5),
			 (5 << 10) | (0xd << 6) | 5);
	assert_int_equal(plat_zynqmp_pl_sid(PLAT_ZYNQMP_HPC1, 0x7f),
			 (0x9 << 6) | 0x3f);
	assert_int_equal(plat_zynqmp_pl_sid((enum plat_zynqmp_port)8, 0), ~0U);
	/* The FPD DMA channels: TBU 5, master 0b0011_10_1nnn. */
	for (n = 0; n < plat_zcu102.nr_zdma; n++) {
		assert_int_equal(plat_zcu102.zdma[n].sid,
				 (5 << 10) | (0x3 << 6) | (0x2 << 4) | 0x8 | n);
		assert_int_equal(plat_zcu102.zdma[n].base,
				 0xfd500000ULL + 0x10000ULL * n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_zcu102),
		cmocka_unit_test(test_probe_rejects),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_reset_timeout),
		cmocka_unit_test(test_impl_find),
		cmocka_unit_test(test_reset_mmu500),
		cmocka_unit_test(test_reset_mmu500_model),
		cmocka_unit_test(test_cb_image),
		cmocka_unit_test(test_cb_write_order),
		cmocka_unit_test(test_attach_masks),
		cmocka_unit_test(test_attach_nospace),
		cmocka_unit_test(test_route_streams),
		cmocka_unit_test(test_cb_alloc),
		cmocka_unit_test(test_tlbi),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_ats),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_plat_stream_ids),
	};

	return cmocka_run_group_tests_name("smmu driver core", tests, NULL,
					   NULL);
}
