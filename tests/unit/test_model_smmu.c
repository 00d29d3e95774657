// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of the MMU-500 model (model/smmu*.c), driven at register
 * level as a driver would drive the hardware: a node from plat_zcu102,
 * tables written by hand into its memory through the CPU's view (and
 * cleaned, since the walker does not snoop: CTTW=0), the SMMU programmed
 * through model_mmio_ops, transactions issued with model_dma().
 *
 * Expected values come from Arm IHI 0062D (SMMUv2) and DDI 0487
 * (VMSAv8-64), computed here independently of the model: descriptor
 * encodings, register fields, fault syndromes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model-internal.h"
#include "vadma/hw/smmu.h"
#include "vadma/pgtable.h"

#define ULL(x) ((unsigned long long)(x))

/* ------------------------------------------------------------------ */
/* Constants of the tests                                              */

#define SID	 0x14e8 /* ZDMA channel 0 */
#define SID2	 0x0e80 /* the PL CDMA */
#define IRQ	 187
#define TBL_BASE 0x10000000ULL /* where tables are allocated */
#define DATA_PA	 0x20000000ULL
#define HIGH_PA	 0x800000000ULL /* RAM above 32 bits */
#define NOT_RAM	 0xa0000000ULL	/* the PL window: no memory */

/* Descriptors (DDI 0487 D8.3), spelled out here on purpose. */
#define D_VALID	    BIT_ULL(0)
#define D_TABLE	    (BIT_ULL(0) | BIT_ULL(1))
#define D_PAGE	    (BIT_ULL(0) | BIT_ULL(1))
#define D_BLOCK	    BIT_ULL(0)
#define D_ATTR(i)   ((u64)(i) << 2)
#define D_AP_EL0    BIT_ULL(6)
#define D_AP_RO	    BIT_ULL(7)
#define D_SH(x)	    ((u64)(x) << 8)
#define D_AF	    BIT_ULL(10)
#define D_NG	    BIT_ULL(11)
#define D_PXN	    BIT_ULL(53)
#define D_UXN	    BIT_ULL(54)
#define D_PXNT	    BIT_ULL(59)
#define D_UXNT	    BIT_ULL(60)
#define D_APT_NOEL0 BIT_ULL(61)
#define D_APT_RO    BIT_ULL(62)

/*
 * Normal memory, inner shareable, MAIR index 1 (0xff), accessed; readable
 * and writable at both privilege levels (as Linux's io-pgtable maps for
 * devices, which may issue unprivileged transactions), or only privileged.
 */
#define D_NORMAL_PRIV (D_ATTR(1) | D_SH(3) | D_AF)
#define D_NORMAL      (D_NORMAL_PRIV | D_AP_EL0)
#define MAIR0_VAL     0x0000ff04U /* 0: Device-nGnRE, 1: Normal WB */

#define FSR_FMT64 FIELD_PREP(SMMU_FSR_FORMAT, SMMU_FSR_FORMAT_AARCH64)

/* ------------------------------------------------------------------ */
/* The fixture                                                         */

#define MAX_EV 4096

struct ctx {
	struct model *m;
	struct model_cfg cfg;
	struct vadma_io io;
	unsigned int pgshift;
	unsigned int numpage;
	u64 next_table;
	bool be;	  /* tables are big-endian (SCTLR.E) */
	unsigned int g;	  /* granule shift for map() */
	unsigned int ias; /* input size for map() */
	u64 tbl_extra;	  /* bits for new table descriptors */
	struct model_event ev[MAX_EV];
	unsigned int nev;
};

static void rec(void *arg, const struct model_event *ev)
{
	struct ctx *c = arg;

	if (c->nev < MAX_EV)
		c->ev[c->nev] = *ev;
	c->nev++;
}

static struct ctx *ctx_new(void (*tweak)(struct model_cfg *cfg))
{
	struct ctx *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	model_cfg_default(&c->cfg, &plat_zcu102);
	c->cfg.trace = rec;
	c->cfg.trace_arg = c;
	if (tweak)
		tweak(&c->cfg);
	assert_int_equal(model_create(&c->cfg, &c->m), 0);
	c->io = model_io(c->m, plat_zcu102.smmu_base);
	c->pgshift = (c->cfg.smmu_idr[1] & SMMU_IDR1_PAGESIZE) ? 16 : 12;
	c->numpage = 2U << FIELD_GET(SMMU_IDR1_NUMPAGENDXB, c->cfg.smmu_idr[1]);
	c->next_table = TBL_BASE;
	c->g = 12;
	c->ias = 48;
	return c;
}

static int setup(void **state)
{
	*state = ctx_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	model_destroy(c->m);
	free(c);
	return 0;
}

static u32 rd(struct ctx *c, u64 off)
{
	return vadma_read32(&c->io, off);
}

static void wr(struct ctx *c, u64 off, u32 val)
{
	vadma_write32(&c->io, off, val);
}

static u64 rd64(struct ctx *c, u64 off)
{
	return vadma_read64(&c->io, off);
}

static void wr64(struct ctx *c, u64 off, u64 val)
{
	vadma_write64(&c->io, off, val);
}

static u64 gr1(struct ctx *c, u64 off)
{
	return (1ULL << c->pgshift) + off;
}

static u64 cbr(struct ctx *c, unsigned int n, u64 off)
{
	return ((u64)(c->numpage + n) << c->pgshift) + off;
}

static unsigned int count_ev(struct ctx *c, enum model_ev kind)
{
	unsigned int i, n = 0;

	for (i = 0; i < c->nev && i < MAX_EV; i++)
		n += c->ev[i].ev == kind;
	return n;
}

static const struct model_event *last_ev(struct ctx *c, enum model_ev kind)
{
	unsigned int i = c->nev < MAX_EV ? c->nev : MAX_EV;

	while (i--)
		if (c->ev[i].ev == kind)
			return &c->ev[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Memory and tables                                                   */

static void mem_fill(struct ctx *c, u64 pa, u8 byte, size_t len)
{
	u8 buf[4096];

	assert_true(len <= sizeof(buf));
	memset(buf, byte, len);
	assert_int_equal(model_cpu_write(c->m, pa, buf, len), 0);
	model_cpu_clean(c->m, pa, len);
}

static u8 mem_byte(struct ctx *c, u64 pa)
{
	u8 b;

	assert_int_equal(model_cpu_read(c->m, pa, &b, 1), 0);
	return b;
}

static void desc_write(struct ctx *c, u64 pa, u64 desc, bool clean)
{
	u8 b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[c->be ? 7 - i : i] = (u8)(desc >> (8 * i));
	assert_int_equal(model_cpu_write(c->m, pa, b, 8), 0);
	if (clean)
		model_cpu_clean(c->m, pa, 8);
}

static u64 desc_read(struct ctx *c, u64 pa)
{
	u8 b[8];
	u64 d = 0;
	int i;

	assert_int_equal(model_cpu_read(c->m, pa, b, 8), 0);
	for (i = 7; i >= 0; i--)
		d = d << 8 | b[c->be ? 7 - i : i];
	return d;
}

/* A fresh, zeroed table of the current granule. */
static u64 table_alloc(struct ctx *c)
{
	u64 size = 1ULL << c->g, pa = (c->next_table + size - 1) & ~(size - 1);

	c->next_table = pa + size;
	return pa;
}

static unsigned int start_level(unsigned int g, unsigned int ias)
{
	unsigned int stride = g - 3;

	return 4 - (ias - g + stride - 1) / stride;
}

static u64 level_shift(unsigned int g, unsigned int level)
{
	return g + (3 - level) * (g - 3);
}

/* The address of the descriptor for @va at @level, creating tables. */
static u64 slot(struct ctx *c, u64 root, u64 va, unsigned int level)
{
	unsigned int g = c->g, l, start = start_level(g, c->ias);
	u64 table = root;

	for (l = start;; l++) {
		unsigned int shift = level_shift(g, l);
		unsigned int bits = l == start ? c->ias - shift : g - 3;
		u64 at = table + ((va >> shift) & ((1ULL << bits) - 1)) * 8;
		u64 d;

		if (l == level)
			return at;
		d = desc_read(c, at);
		if (!(d & D_VALID)) {
			d = table_alloc(c) | D_TABLE | c->tbl_extra;
			desc_write(c, at, d, true);
		}
		table = d & GENMASK_ULL(47, g);
	}
}

/* Map the leaf of @level holding @va to @pa. */
static void map(struct ctx *c, u64 root, u64 va, u64 pa, unsigned int level,
		u64 attrs)
{
	u64 size = 1ULL << level_shift(c->g, level);

	desc_write(c, slot(c, root, va, level),
		   (pa & ~(size - 1)) | (level == 3 ? D_PAGE : D_BLOCK) | attrs,
		   true);
}

/* ------------------------------------------------------------------ */
/* Programming the SMMU                                                */

static void smmu_enable(struct ctx *c, u32 extra)
{
	wr(c, SMMU_GR0_sCR0, SMMU_sCR0_GFRE | SMMU_sCR0_GFIE | extra);
}

static void stream(struct ctx *c, unsigned int idx, u32 sid, u32 mask, u32 s2cr)
{
	wr(c, SMMU_GR0_S2CR(idx), s2cr);
	wr(c, SMMU_GR0_SMR(idx),
	   SMMU_SMR_VALID | FIELD_PREP(SMMU_SMR_MASK, mask) |
		   FIELD_PREP(SMMU_SMR_ID, sid));
}

static u32 s2cr_trans(unsigned int cb)
{
	return FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_TRANS) |
	       FIELD_PREP(SMMU_S2CR_CBNDX, cb);
}

static u32 tcr_4k(unsigned int ias)
{
	return FIELD_PREP(SMMU_TCR_T0SZ, 64 - ias) |
	       FIELD_PREP(SMMU_TCR_TG0, SMMU_TCR_TG0_4K) |
	       FIELD_PREP(SMMU_TCR_SH0, 3) | FIELD_PREP(SMMU_TCR_IRGN0, 1) |
	       FIELD_PREP(SMMU_TCR_ORGN0, 1) | SMMU_TCR_EPD1;
}

#define SCTLR_STD                                                            \
	(SMMU_SCTLR_M | SMMU_SCTLR_CFIE | SMMU_SCTLR_CFRE | SMMU_SCTLR_AFE | \
	 SMMU_SCTLR_TRE)

/* A stage 1 AArch64 bank, TTBR0 = @root with @asid, VMID @vmid. */
static void cb_setup(struct ctx *c, unsigned int cb, u64 root, u16 asid,
		     u8 vmid, u32 tcr, u32 sctlr)
{
	wr(c, gr1(c, SMMU_GR1_CBAR(cb)),
	   FIELD_PREP(SMMU_CBAR_TYPE, SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS) |
		   FIELD_PREP(SMMU_CBAR_VMID, vmid));
	wr(c, gr1(c, SMMU_GR1_CBA2R(cb)), SMMU_CBA2R_VA64);
	wr(c, cbr(c, cb, SMMU_CB_TCR2),
	   FIELD_PREP(SMMU_TCR2_PASIZE, SMMU_ADDR_SIZE_48) | SMMU_TCR2_AS |
		   FIELD_PREP(SMMU_TCR2_SEP, SMMU_TCR2_SEP_UPSTREAM));
	wr64(c, cbr(c, cb, SMMU_CB_TTBR0), root | (u64)asid << 48);
	wr(c, cbr(c, cb, SMMU_CB_TCR), tcr);
	wr(c, cbr(c, cb, SMMU_CB_MAIR0), MAIR0_VAL);
	wr(c, cbr(c, cb, SMMU_CB_MAIR1), 0);
	wr(c, cbr(c, cb, SMMU_CB_SCTLR), sctlr);
}

/*
 * The usual setup: CB0 with 4K tables for 48-bit VAs, ASID 1, VMID 0,
 * stream SID mapped to it, client-fault interrupt and aborts on.
 */
static u64 std_setup(struct ctx *c, u32 sctlr)
{
	u64 root = table_alloc(c);

	cb_setup(c, 0, root, 1, 0, tcr_4k(48), sctlr);
	stream(c, 0, SID, 0, s2cr_trans(0));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	return root;
}

static enum model_dma_status dma(struct ctx *c, u32 sid, u64 addr, void *buf,
				 u32 len, u32 flags)
{
	return model_dma(c->m, sid, addr, buf, len, flags);
}

static enum model_dma_status dma_rd(struct ctx *c, u64 addr, void *buf, u32 len,
				    u32 flags)
{
	return dma(c, SID, addr, buf, len, flags);
}

static void clear_fsr(struct ctx *c, unsigned int cb)
{
	wr(c, cbr(c, cb, SMMU_CB_FSR), SMMU_FSR_FAULT);
}

static void sync_cb(struct ctx *c, unsigned int cb)
{
	int i;

	wr(c, cbr(c, cb, SMMU_CB_TLBSYNC), 0);
	for (i = 0; i < 100; i++)
		if (!(rd(c, cbr(c, cb, SMMU_CB_TLBSTATUS)) &
		      SMMU_TLBSTATUS_SACTIVE))
			return;
	fail_msg("TLB sync did not complete");
}

static void sync_global(struct ctx *c)
{
	int i;

	wr(c, SMMU_GR0_sTLBGSYNC, 0);
	for (i = 0; i < 100; i++)
		if (!(rd(c, SMMU_GR0_sTLBGSTATUS) & SMMU_sTLBGSTATUS_GSACTIVE))
			return;
	fail_msg("global TLB sync did not complete");
}

/* A DMA read of one byte: the byte, or -1 with the status in *st. */
static int peek(struct ctx *c, u64 va, enum model_dma_status *st)
{
	u8 b = 0xee;

	*st = dma_rd(c, va, &b, 1, 0);
	return *st == MODEL_DMA_OK ? b : -1;
}

/* ------------------------------------------------------------------ */
/* Reset values, ID registers, layout                                  */

static void test_reset_and_ids(void **state)
{
	struct ctx *c = *state;
	unsigned int i;
	u32 scr0_rw;

	for (i = 0; i < 8; i++) {
		assert_int_equal(rd(c, SMMU_GR0_IDR0 + 4 * i),
				 c->cfg.smmu_idr[i]);
		wr(c, SMMU_GR0_IDR0 + 4 * i, ~c->cfg.smmu_idr[i]);
		assert_int_equal(rd(c, SMMU_GR0_IDR0 + 4 * i),
				 c->cfg.smmu_idr[i]);
	}
	/* MMU-500 / UG1087 reset values. */
	assert_int_equal(rd(c, SMMU_GR0_sCR0), 0x00200001);
	assert_int_equal(rd(c, SMMU_GR0_S2CR(0)), 0x00020000);
	assert_int_equal(rd(c, SMMU_GR0_S2CR(47)), 0x00020000);
	assert_int_equal(rd(c, gr1(c, SMMU_GR1_CBAR(15))), 0x00020000);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_SCTLR)), 0x100);
	assert_int_equal(rd(c, cbr(c, 15, SMMU_CB_ACTLR)), 0x3);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), 0);
	assert_int_equal(rd(c, cbr(c, 3, SMMU_CB_FSR)), 0);
	assert_int_equal(rd(c, cbr(c, 3, SMMU_CB_TLBSTATUS)), 0);
	assert_int_equal(rd(c, SMMU_GR0_sTLBGSTATUS), 0);

	/* sCR0: SMCFCFG, GSE, STALLD, GCFGFR/IE are fixed (DDI 0517). */
	scr0_rw = BIT(0) | BIT(1) | BIT(2) | GENMASK(7, 6) | BIT(10) | BIT(11) |
		  BIT(12) | BIT(13) | GENMASK(15, 14) | GENMASK(19, 16) |
		  BIT(20) | GENMASK(27, 22);
	wr(c, SMMU_GR0_sCR0, ~0U);
	assert_int_equal(rd(c, SMMU_GR0_sCR0), scr0_rw | BIT(21));
	wr(c, SMMU_GR0_sCR0, 0);
	assert_int_equal(rd(c, SMMU_GR0_sCR0), SMMU_sCR0_SMCFCFG);

	/* SMR: 15 ID and MASK bits (NUMSIDB = 15) and VALID. */
	wr(c, SMMU_GR0_SMR(3), ~0U);
	assert_int_equal(rd(c, SMMU_GR0_SMR(3)), 0xffff7fff);
	/* Beyond NUMSMRG (48) and NUMCB (16): RAZ/WI. */
	wr(c, SMMU_GR0_SMR(48), ~0U);
	assert_int_equal(rd(c, SMMU_GR0_SMR(48)), 0);
	wr(c, SMMU_GR0_S2CR(100), 0);
	assert_int_equal(rd(c, SMMU_GR0_S2CR(100)), 0);
	wr(c, gr1(c, SMMU_GR1_CBAR(16)), 0x10000);
	assert_int_equal(rd(c, gr1(c, SMMU_GR1_CBAR(16))), 0);
	wr(c, gr1(c, SMMU_GR1_CBA2R(40)), 1);
	assert_int_equal(rd(c, gr1(c, SMMU_GR1_CBA2R(40))), 0);
	/* CBAR.IRPTNDX is read-only 0 (one interrupt per bank). */
	wr(c, gr1(c, SMMU_GR1_CBAR(2)), 0xff010000);
	assert_int_equal(rd(c, gr1(c, SMMU_GR1_CBAR(2))), 0x00010000);
	/* CBA2R: VA64 only (no 16-bit VMIDs on ZynqMP). */
	wr(c, gr1(c, SMMU_GR1_CBA2R(2)), ~0U);
	assert_int_equal(rd(c, gr1(c, SMMU_GR1_CBA2R(2))), 1);
	/* The pages between GR1 and the banks: RAZ/WI. */
	wr(c, 0x2000, ~0U);
	assert_int_equal(rd(c, 0x2000), 0);
	wr(c, 0xf000 + SMMU_CB_SCTLR, ~0U);
	assert_int_equal(rd(c, 0xf000 + SMMU_CB_SCTLR), 0);
	/* Unimplemented offsets of a bank: RAZ/WI. */
	wr(c, cbr(c, 1, 0x100), ~0U);
	assert_int_equal(rd(c, cbr(c, 1, 0x100)), 0);
	/* ATOSNS=1 on ZynqMP: PAR and ATS* are RAZ/WI. */
	wr64(c, cbr(c, 1, SMMU_CB_PAR), ~0ULL);
	assert_int_equal(rd64(c, cbr(c, 1, SMMU_CB_PAR)), 0);
	wr64(c, cbr(c, 1, SMMU_CB_ATS1PR), 0x1000);
	assert_int_equal(rd64(c, cbr(c, 1, SMMU_CB_PAR)), 0);
	wr64(c, SMMU_GR0_sGATS1PR, 0x1000);
	assert_int_equal(rd64(c, SMMU_GR0_sGPAR), 0);
	/* 64-bit registers in 32-bit halves. */
	wr(c, cbr(c, 1, SMMU_CB_TTBR0), 0x12345000);
	wr(c, cbr(c, 1, SMMU_CB_TTBR0) + 4, 0xabcd0fff);
	assert_int_equal(rd64(c, cbr(c, 1, SMMU_CB_TTBR0)),
			 0xabcd0fff12345000ULL);
	wr(c, cbr(c, 1, SMMU_CB_TTBR0), 0);
	assert_int_equal(rd(c, cbr(c, 1, SMMU_CB_TTBR0) + 4), 0xabcd0fff);
	/* FAR holds the 49 bits of the upstream bus (16.5.8). */
	wr64(c, cbr(c, 1, SMMU_CB_FAR), ~0ULL);
	assert_int_equal(rd64(c, cbr(c, 1, SMMU_CB_FAR)), BIT_ULL(49) - 1);
}

static void tweak_64k_pages(struct model_cfg *cfg)
{
	cfg->smmu_idr[1] |= SMMU_IDR1_PAGESIZE;
}

static void tweak_4_pages(struct model_cfg *cfg)
{
	cfg->smmu_idr[1] &= ~SMMU_IDR1_NUMPAGENDXB;
	cfg->smmu_idr[1] |= FIELD_PREP(SMMU_IDR1_NUMPAGENDXB, 1);
	cfg->smmu_idr[1] &= ~SMMU_IDR1_NUMCB;
	cfg->smmu_idr[1] |= FIELD_PREP(SMMU_IDR1_NUMCB, 4);
}

static void check_layout(struct ctx *c, u64 gr1_off, u64 cb0_off,
			 unsigned int ncb)
{
	wr(c, gr1_off + SMMU_GR1_CBAR(0), 0x10000);
	assert_int_equal(rd(c, gr1_off + SMMU_GR1_CBAR(0)), 0x10000);
	wr(c, cb0_off + SMMU_CB_CONTEXTIDR, 0x1234);
	assert_int_equal(rd(c, cb0_off + SMMU_CB_CONTEXTIDR), 0x1234);
	wr(c, cb0_off + ((u64)(ncb - 1) << c->pgshift) + SMMU_CB_CONTEXTIDR,
	   0x5678);
	assert_int_equal(rd(c, cbr(c, ncb - 1, SMMU_CB_CONTEXTIDR)), 0x5678);
	/* The page after the last bank decodes nothing. */
	wr(c, cb0_off + ((u64)ncb << c->pgshift) + SMMU_CB_CONTEXTIDR, 1);
	assert_int_equal(
		rd(c, cb0_off + ((u64)ncb << c->pgshift) + SMMU_CB_CONTEXTIDR),
		0);
}

static void test_layout(void **state)
{
	struct ctx *c;

	(void)state;
	c = ctx_new(tweak_64k_pages);
	assert_int_equal(c->pgshift, 16);
	check_layout(c, 0x10000, 16 * 0x10000, 16);
	teardown((void **)&c);

	c = ctx_new(tweak_4_pages);
	assert_int_equal(c->numpage, 4);
	check_layout(c, 0x1000, 4 * 0x1000, 4);
	teardown((void **)&c);
}

/* ------------------------------------------------------------------ */
/* Bypass and global faults                                            */

static void test_clientpd_bypass(void **state)
{
	struct ctx *c = *state;
	u8 buf[64];

	mem_fill(c, DATA_PA, 0x5a, 64);
	assert_int_equal(dma_rd(c, DATA_PA, buf, 64, 0), MODEL_DMA_OK);
	assert_int_equal(buf[0], 0x5a);
	assert_int_equal(buf[63], 0x5a);
	memset(buf, 0x77, sizeof(buf));
	assert_int_equal(dma_rd(c, DATA_PA + 0x1000, buf, 64, MODEL_DMA_WRITE),
			 MODEL_DMA_OK);
	assert_int_equal(mem_byte(c, DATA_PA + 0x1000), 0x77);
	assert_non_null(last_ev(c, MODEL_EV_XLATE));
	assert_true(last_ev(c, MODEL_EV_XLATE)->flags & MODEL_EVF_BYPASS);
	/* Bypass truncates to the 48-bit output bus (1.6.2). */
	assert_int_equal(dma_rd(c, DATA_PA | BIT_ULL(48), buf, 1, 0),
			 MODEL_DMA_OK);
	assert_int_equal(buf[0], 0x5a);
	/* No fault anywhere. */
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), 0);
	assert_false(model_irq_pending(c->m, IRQ));
}

static void test_usf(void **state)
{
	struct ctx *c = *state;
	u8 buf[16];

	mem_fill(c, DATA_PA, 0x11, 16);
	smmu_enable(c, SMMU_sCR0_USFCFG);
	memset(buf, 0x99, sizeof(buf));
	assert_int_equal(dma(c, 0x123, DATA_PA + 4, buf, 16, MODEL_DMA_WRITE),
			 MODEL_DMA_SLVERR);
	assert_int_equal(mem_byte(c, DATA_PA + 4), 0x11); /* not written */
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), SMMU_sGFSR_USF);
	assert_int_equal(rd(c, SMMU_GR0_sGFSYNR1), 0x123);
	assert_int_equal(rd(c, SMMU_GR0_sGFSYNR0), SMMU_sGFSYNR0_WNR);
	assert_int_equal(rd64(c, SMMU_GR0_sGFAR), DATA_PA + 4);
	assert_true(model_irq_pending(c->m, IRQ));
	assert_int_equal(last_ev(c, MODEL_EV_GFAULT)->kind, MODEL_EVK_USF);

	/* A second one: MULTI, the first one's syndrome stays. */
	assert_int_equal(dma(c, 0x124, DATA_PA, buf, 4, MODEL_DMA_PRIV),
			 MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR),
			 SMMU_sGFSR_USF | SMMU_sGFSR_MULTI);
	assert_int_equal(rd(c, SMMU_GR0_sGFSYNR1), 0x123);
	wr(c, SMMU_GR0_sGFSR, SMMU_sGFSR_MULTI); /* write 1 to clear */
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), SMMU_sGFSR_USF);
	assert_true(model_irq_pending(c->m, IRQ));
	wr(c, SMMU_GR0_sGFSR, rd(c, SMMU_GR0_sGFSR));
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), 0);
	assert_false(model_irq_pending(c->m, IRQ));

	/* GFRE=0: terminated without an abort, RAZ/WI. */
	wr(c, SMMU_GR0_sCR0, SMMU_sCR0_USFCFG);
	memset(buf, 0x99, sizeof(buf));
	assert_int_equal(dma(c, 0x123, DATA_PA, buf, 16, 0), MODEL_DMA_OK);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[15], 0);
	memset(buf, 0x99, sizeof(buf));
	assert_int_equal(dma(c, 0x123, DATA_PA, buf, 16, MODEL_DMA_WRITE),
			 MODEL_DMA_OK);
	assert_int_equal(mem_byte(c, DATA_PA), 0x11);
	/* GFIE=0: recorded, no interrupt. */
	assert_int_not_equal(rd(c, SMMU_GR0_sGFSR), 0);
	assert_false(model_irq_pending(c->m, IRQ));
	wr(c, SMMU_GR0_sCR0, SMMU_sCR0_USFCFG | SMMU_sCR0_GFIE);
	assert_true(model_irq_pending(c->m, IRQ));
	wr(c, SMMU_GR0_sGFSR, ~0U);
	assert_false(model_irq_pending(c->m, IRQ));
	/* sGFSRRESTORE sets the bits, and the interrupt with them. */
	wr(c, SMMU_GR0_sGFSRRESTORE, SMMU_sGFSR_ICF);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), SMMU_sGFSR_ICF);
	assert_true(model_irq_pending(c->m, IRQ));
}

static void test_usf_bypass(void **state)
{
	struct ctx *c = *state;
	u8 b = 0;

	mem_fill(c, DATA_PA, 0x42, 1);
	smmu_enable(c, 0); /* USFCFG=0: unmatched streams bypass */
	assert_int_equal(dma(c, 0x7ff, DATA_PA, &b, 1, 0), MODEL_DMA_OK);
	assert_int_equal(b, 0x42);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), 0);
}

static void test_smr_match(void **state)
{
	struct ctx *c = *state;
	u32 bypass = FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_BYPASS);
	u8 b;

	mem_fill(c, DATA_PA, 0x42, 1);
	smmu_enable(c, SMMU_sCR0_USFCFG);
	/* MASK bit set: that ID bit is ignored; 0x14e8..0x14ef match. */
	stream(c, 0, SID, 0x7, bypass);
	assert_int_equal(dma(c, 0x14e8, DATA_PA, &b, 1, 0), MODEL_DMA_OK);
	assert_int_equal(dma(c, 0x14ef, DATA_PA, &b, 1, 0), MODEL_DMA_OK);
	assert_int_equal(dma(c, 0x14f0, DATA_PA, &b, 1, 0), MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), SMMU_sGFSR_USF);
	assert_int_equal(rd(c, SMMU_GR0_sGFSYNR1), 0x14f0);
	wr(c, SMMU_GR0_sGFSR, ~0U);
	/* A second group matching 0x14e9: a stream match conflict. */
	stream(c, 5, 0x14e9, 0, bypass);
	assert_int_equal(dma(c, 0x14e9, DATA_PA, &b, 1, 0), MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), SMMU_sGFSR_SMCF);
	assert_int_equal(rd(c, SMMU_GR0_sGFSYNR1), 0x14e9);
	assert_int_equal(last_ev(c, MODEL_EV_GFAULT)->kind, MODEL_EVK_SMCF);
	wr(c, SMMU_GR0_sGFSR, ~0U);
	assert_int_equal(dma(c, 0x14ea, DATA_PA, &b, 1, 0), MODEL_DMA_OK);
	/* VALID=0 groups take no part. */
	wr(c, SMMU_GR0_SMR(5), FIELD_PREP(SMMU_SMR_ID, 0x14e9));
	assert_int_equal(dma(c, 0x14e9, DATA_PA, &b, 1, 0), MODEL_DMA_OK);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), 0);
}

static void expect_gfault(struct ctx *c, u32 sid, u32 gfsr, u32 gfsynr0)
{
	u8 b;

	assert_int_equal(dma(c, sid, DATA_PA, &b, 1, 0), MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), gfsr);
	assert_int_equal(rd(c, SMMU_GR0_sGFSYNR0), gfsynr0);
	assert_int_equal(rd(c, SMMU_GR0_sGFSYNR1), sid);
	wr(c, SMMU_GR0_sGFSR, ~0U);
}

static void test_s2cr_types(void **state)
{
	struct ctx *c = *state;
	u64 root = table_alloc(c);
	u8 b;

	mem_fill(c, DATA_PA, 0x42, 1);
	smmu_enable(c, SMMU_sCR0_USFCFG);
	/* TYPE fault: an invalid context fault (2.3.4). */
	stream(c, 0, SID, 0, FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_FAULT));
	expect_gfault(c, SID, SMMU_sGFSR_ICF, 0);
	/* TYPE 0b11, reserved, is treated as fault (9.6.23). */
	stream(c, 0, SID, 0, FIELD_PREP(SMMU_S2CR_TYPE, 3));
	expect_gfault(c, SID, SMMU_sGFSR_ICF, 0);
	/* CBNDX beyond NUMCB: unimplemented context bank fault. */
	stream(c, 0, SID, 0, s2cr_trans(16));
	expect_gfault(c, SID, SMMU_sGFSR_UCBF, 0);
	/* CBAR at reset is "stage 1, stage 2 fault": ICF, Nested (3.8.4). */
	stream(c, 0, SID, 0, s2cr_trans(3));
	expect_gfault(c, SID, SMMU_sGFSR_ICF, SMMU_sGFSYNR0_NESTED);
	/* Stage 2 only: not modelled, ICF. */
	wr(c, gr1(c, SMMU_GR1_CBAR(3)), 0);
	expect_gfault(c, SID, SMMU_sGFSR_ICF, 0);
	/* Nested with a stage 2 index beyond NUMCB: UCBF, Nested. */
	wr(c, gr1(c, SMMU_GR1_CBAR(3)),
	   FIELD_PREP(SMMU_CBAR_TYPE, SMMU_CBAR_TYPE_S1_TRANS_S2_TRANS) |
		   FIELD_PREP(SMMU_CBAR_S2_CBNDX, 40));
	expect_gfault(c, SID, SMMU_sGFSR_UCBF, SMMU_sGFSYNR0_NESTED);
	/* A stage 1 bank, AArch32 (VA64=0) and enabled: ICF. */
	cb_setup(c, 3, root, 1, 0, tcr_4k(48), SCTLR_STD);
	wr(c, gr1(c, SMMU_GR1_CBA2R(3)), 0);
	expect_gfault(c, SID, SMMU_sGFSR_ICF, 0);
	/* ... disabled (M=0): it passes addresses through. */
	wr(c, cbr(c, 3, SMMU_CB_SCTLR), 0);
	assert_int_equal(dma(c, SID, DATA_PA, &b, 1, 0), MODEL_DMA_OK);
	assert_int_equal(b, 0x42);
	/* HYPC banks are not modelled: ICF. */
	wr(c, gr1(c, SMMU_GR1_CBAR(3)),
	   FIELD_PREP(SMMU_CBAR_TYPE, SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS) |
		   SMMU_CBAR_HYPC);
	expect_gfault(c, SID, SMMU_sGFSR_ICF, 0);
	/* Bypass type: untranslated. */
	stream(c, 0, SID, 0, FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_BYPASS));
	assert_int_equal(dma(c, SID, DATA_PA, &b, 1, 0), MODEL_DMA_OK);
	assert_int_equal(b, 0x42);
	/* Syndrome of the attributes as they arrived. */
	stream(c, 0, SID, 0, FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_FAULT));
	assert_int_equal(dma(c, SID, DATA_PA, &b, 1,
			     MODEL_DMA_PRIV | MODEL_DMA_INST),
			 MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSYNR0),
			 SMMU_sGFSYNR0_PNU | SMMU_sGFSYNR0_IND);
}

/* ------------------------------------------------------------------ */
/* Translation                                                         */

static void test_translate_4k(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD);
	u64 va = 0x0000001234567000ULL;
	struct model_stats st;
	u8 buf[64];

	mem_fill(c, DATA_PA + 0x1000, 0x3c, 256);
	map(c, root, va, DATA_PA + 0x1000, 3, D_NORMAL);
	assert_int_equal(dma_rd(c, va + 0x40, buf, 64, 0), MODEL_DMA_OK);
	assert_int_equal(buf[0], 0x3c);
	model_get_stats(c->m, &st);
	assert_int_equal(st.tlb_misses, 1);
	assert_int_equal(st.walks, 1);
	assert_int_equal(st.tlb_hits, 0);
	assert_int_equal(count_ev(c, MODEL_EV_WALK), 4);
	assert_int_equal(last_ev(c, MODEL_EV_WALK)->level, 3);
	assert_int_equal(last_ev(c, MODEL_EV_XLATE)->pa, DATA_PA + 0x1040);
	assert_false(last_ev(c, MODEL_EV_XLATE)->flags & MODEL_EVF_HIT);
	/* A write through the same page: a TLB hit. */
	memset(buf, 0xc3, sizeof(buf));
	assert_int_equal(dma_rd(c, va + 0x80, buf, 64, MODEL_DMA_WRITE),
			 MODEL_DMA_OK);
	assert_int_equal(mem_byte(c, DATA_PA + 0x1080), 0xc3);
	model_get_stats(c->m, &st);
	assert_int_equal(st.tlb_hits, 1);
	assert_true(last_ev(c, MODEL_EV_XLATE)->flags & MODEL_EVF_HIT);
}

static void test_blocks(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD);
	enum model_dma_status s;

	mem_fill(c, DATA_PA + 0x123456, 0x21, 1);
	mem_fill(c, 0x40000000ULL + 0x2345678, 0x43, 1);
	/* 2 MiB at level 2: VA 0x40_0000_0000 -> DATA_PA (2 MiB aligned). */
	map(c, root, 0x0000004000000000ULL, DATA_PA, 2, D_NORMAL);
	assert_int_equal(peek(c, 0x0000004000123456ULL, &s), 0x21);
	assert_int_equal(last_ev(c, MODEL_EV_XLATE)->level, 2);
	/* 1 GiB at level 1: VA 0x80_4000_0000 -> PA 0x4000_0000. */
	map(c, root, 0x0000008040000000ULL, 0x40000000ULL, 1, D_NORMAL);
	assert_int_equal(peek(c, 0x0000008042345678ULL, &s), 0x43);
	assert_int_equal(last_ev(c, MODEL_EV_XLATE)->level, 1);
	/* A block at level 0 (4K granule) is a translation fault. */
	map(c, root, 0x0000010000000000ULL, 0, 0, D_NORMAL);
	assert_int_equal(peek(c, 0x0000010000000000ULL, &s), -1);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | FSR_FMT64);
	assert_int_equal(FIELD_GET(SMMU_FSYNR0_PLVL,
				   rd(c, cbr(c, 0, SMMU_CB_FSYNR0))),
			 0);
}

static void tweak_16k(struct model_cfg *cfg)
{
	cfg->smmu_idr[2] |= SMMU_IDR2_PTFS_16K;
}

static void test_granules(void **state)
{
	struct ctx *c = *state;
	enum model_dma_status s;
	u64 root;

	(void)state;
	/* 64K granule, 48-bit input: levels 1..3. */
	c->g = 16;
	root = table_alloc(c);
	cb_setup(c, 0, root, 1, 0,
		 FIELD_PREP(SMMU_TCR_T0SZ, 16) |
			 FIELD_PREP(SMMU_TCR_TG0, SMMU_TCR_TG0_64K) |
			 SMMU_TCR_EPD1,
		 SCTLR_STD);
	stream(c, 0, SID, 0, s2cr_trans(0));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	mem_fill(c, DATA_PA + 0x1234, 0x64, 1);
	map(c, root, 0x0000123456780000ULL, DATA_PA, 3, D_NORMAL);
	assert_int_equal(peek(c, 0x0000123456781234ULL, &s), 0x64);
	assert_int_equal(count_ev(c, MODEL_EV_WALK), 3);
	/* 512 MiB block at level 2 of the 64K granule. */
	mem_fill(c, 0x60000000ULL + 0x1234, 0x65, 1);
	map(c, root, 0x0000200000000000ULL, 0x60000000ULL, 2, D_NORMAL);
	assert_int_equal(peek(c, 0x0000200000001234ULL, &s), 0x65);

	/* 16K is not implemented on ZynqMP: TG0=16K is treated as 4K. */
	c->g = 12;
	root = table_alloc(c);
	cb_setup(c, 1, root, 1, 0,
		 FIELD_PREP(SMMU_TCR_T0SZ, 16) |
			 FIELD_PREP(SMMU_TCR_TG0, SMMU_TCR_TG0_16K) |
			 SMMU_TCR_EPD1,
		 SCTLR_STD);
	stream(c, 0, SID, 0, s2cr_trans(1));
	map(c, root, 0x0000123456781000ULL, DATA_PA + 0x1000, 3, D_NORMAL);
	c->nev = 0;
	assert_int_equal(peek(c, 0x0000123456781234ULL, &s), 0x64);
	assert_int_equal(count_ev(c, MODEL_EV_WALK), 4);
	teardown(state);

	/* An SMMU with 16K: 48 bits start at level 0 with 2 entries. */
	c = ctx_new(tweak_16k);
	*state = c;
	c->g = 14;
	root = table_alloc(c);
	cb_setup(c, 0, root, 1, 0,
		 FIELD_PREP(SMMU_TCR_T0SZ, 16) |
			 FIELD_PREP(SMMU_TCR_TG0, SMMU_TCR_TG0_16K) |
			 SMMU_TCR_EPD1,
		 SCTLR_STD);
	stream(c, 0, SID, 0, s2cr_trans(0));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	mem_fill(c, DATA_PA + 0x1234, 0x16, 1);
	map(c, root, 0x0000923456780000ULL, DATA_PA, 3, D_NORMAL);
	assert_int_equal(peek(c, 0x0000923456781234ULL, &s), 0x16);
	assert_int_equal(count_ev(c, MODEL_EV_WALK), 4);
	/* 32 MiB block at level 2. */
	mem_fill(c, 0x62000000ULL + 0x777, 0x17, 1);
	map(c, root, 0x0000000082000000ULL, 0x62000000ULL, 2, D_NORMAL);
	assert_int_equal(peek(c, 0x0000000082000777ULL, &s), 0x17);
	/* A block at level 1 of 16K is a translation fault. */
	map(c, root, 0x0000100000000000ULL, 0, 1, D_NORMAL);
	assert_int_equal(peek(c, 0x0000100000000000ULL, &s), -1);
	assert_int_equal(FIELD_GET(SMMU_FSYNR0_PLVL,
				   rd(c, cbr(c, 0, SMMU_CB_FSYNR0))),
			 1);
}

static void test_input_sizes(void **state)
{
	struct ctx *c = *state;
	enum model_dma_status s;
	unsigned int ias;

	stream(c, 0, SID, 0, s2cr_trans(0));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	mem_fill(c, DATA_PA + 0x5a5, 0x99, 1);
	for (ias = 25; ias <= 48; ias++) {
		u64 root, va = (0x5a5a5a5a5a5a5000ULL & ((1ULL << ias) - 1)) |
			       0x5a5;
		unsigned int walks;

		c->ias = ias;
		root = table_alloc(c);
		cb_setup(c, 0, root, 1, 0, tcr_4k(ias), SCTLR_STD);
		wr(c, SMMU_GR0_TLBIALLNSNH, 0);
		map(c, root, va, DATA_PA, 3, D_NORMAL);
		c->nev = 0;
		assert_int_equal(peek(c, va, &s), 0x99);
		walks = count_ev(c, MODEL_EV_WALK);
		assert_int_equal(walks, 4 - start_level(12, ias));
		/* One past the input range: level 0 translation fault. */
		if (ias < 48) {
			assert_int_equal(peek(c, va | (1ULL << ias), &s), -1);
			assert_int_equal(
				FIELD_GET(SMMU_FSYNR0_PLVL,
					  rd(c, cbr(c, 0, SMMU_CB_FSYNR0))),
				0);
			clear_fsr(c, 0);
		}
	}
	/* TnSZ outside 16..39: translation fault at level 0. */
	wr(c, cbr(c, 0, SMMU_CB_TCR), FIELD_PREP(SMMU_TCR_T0SZ, 10));
	assert_int_equal(peek(c, 0x1000, &s), -1);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | FSR_FMT64);
	clear_fsr(c, 0);
	wr(c, cbr(c, 0, SMMU_CB_TCR), FIELD_PREP(SMMU_TCR_T0SZ, 45));
	assert_int_equal(peek(c, 0x1000, &s), -1);
	clear_fsr(c, 0);
	/* EPD0: no walk, level 0 translation fault. */
	wr(c, cbr(c, 0, SMMU_CB_TCR), tcr_4k(48) | SMMU_TCR_EPD0);
	assert_int_equal(peek(c, 0x2000, &s), -1);
	assert_int_equal(FIELD_GET(SMMU_FSYNR0_PLVL,
				   rd(c, cbr(c, 0, SMMU_CB_FSYNR0))),
			 0);
}

static void test_ttbr1_and_sign_extension(void **state)
{
	struct ctx *c = *state;
	u64 root0 = table_alloc(c), root1 = table_alloc(c);
	u64 va1 = 0xffffff8012345000ULL;
	enum model_dma_status s;

	cb_setup(c, 0, root0, 1, 0,
		 FIELD_PREP(SMMU_TCR_T0SZ, 25) | FIELD_PREP(SMMU_TCR_T1SZ, 25) |
			 FIELD_PREP(SMMU_TCR_TG0, SMMU_TCR_TG0_4K) |
			 FIELD_PREP(SMMU_TCR_TG1, SMMU_TCR_TG1_4K) |
			 SMMU_TCR_A1,
		 SCTLR_STD);
	wr64(c, cbr(c, 0, SMMU_CB_TTBR1), root1 | 7ULL << 48);
	stream(c, 0, SID, 0, s2cr_trans(0));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	c->ias = 39;
	mem_fill(c, DATA_PA + 0x10, 0x71, 1);
	mem_fill(c, DATA_PA + 0x1010, 0x70, 1);
	map(c, root1, va1, DATA_PA, 3, D_NORMAL | D_NG);
	map(c, root0, 0x12345000ULL, DATA_PA + 0x1000, 3, D_NORMAL | D_NG);
	/* The full address, or its 49-bit form sign-extended from bit 48. */
	assert_int_equal(peek(c, va1 + 0x10, &s), 0x71);
	assert_int_equal(peek(c, (va1 + 0x10) & (BIT_ULL(49) - 1), &s), 0x71);
	assert_int_equal(peek(c, 0x12345010ULL, &s), 0x70);
	/* Neither range: level 0 translation fault, FAR as issued. */
	assert_int_equal(peek(c, 0x0000800000000000ULL, &s), -1);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_FAR)),
			 0x0000800000000000ULL);
	assert_int_equal(FIELD_GET(SMMU_FSYNR0_PLVL,
				   rd(c, cbr(c, 0, SMMU_CB_FSYNR0))),
			 0);
	clear_fsr(c, 0);
	/* SEP at bit 47: bit 48 must copy it. */
	wr(c, cbr(c, 0, SMMU_CB_TCR2),
	   FIELD_PREP(SMMU_TCR2_PASIZE, 5) | SMMU_TCR2_AS |
		   FIELD_PREP(SMMU_TCR2_SEP, SMMU_TCR2_SEP_47));
	assert_int_equal(peek(c, (va1 + 0x10) & (BIT_ULL(49) - 1), &s), 0x71);
	assert_int_equal(peek(c, (va1 + 0x10) & (BIT_ULL(48) - 1), &s), -1);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | FSR_FMT64);
	clear_fsr(c, 0);
	/* EPD1 disables the TTBR1 range. */
	wr(c, cbr(c, 0, SMMU_CB_TCR),
	   rd(c, cbr(c, 0, SMMU_CB_TCR)) | SMMU_TCR_EPD1);
	wr(c, SMMU_GR0_TLBIALLNSNH, 0);
	assert_int_equal(peek(c, va1, &s), -1);
}

static void test_big_endian_tables(void **state)
{
	struct ctx *c = *state;
	u64 root;
	enum model_dma_status s;

	c->be = true;
	root = std_setup(c, SCTLR_STD | SMMU_SCTLR_E);
	mem_fill(c, DATA_PA + 0x10, 0xbe, 1);
	map(c, root, 0x0000000012345000ULL, DATA_PA, 3, D_NORMAL);
	assert_int_equal(peek(c, 0x0000000012345010ULL, &s), 0xbe);
	/* The same tables read as little-endian are garbage. */
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), SCTLR_STD);
	wr(c, SMMU_GR0_TLBIALLNSNH, 0);
	assert_int_equal(peek(c, 0x0000000012345010ULL, &s), -1);
}

static void tweak_indexing(struct model_cfg *cfg)
{
	cfg->smmu_idr[0] &= ~SMMU_IDR0_SMS;
}

static void test_stream_indexing(void **state)
{
	struct ctx *c;
	u8 b;

	teardown(state);
	c = ctx_new(tweak_indexing);
	*state = c;
	mem_fill(c, DATA_PA, 0x42, 1);
	smmu_enable(c, SMMU_sCR0_USFCFG);
	/* SMRs are RAZ/WI; the StreamID selects the S2CR (2.3.8). */
	wr(c, SMMU_GR0_SMR(5), ~0U);
	assert_int_equal(rd(c, SMMU_GR0_SMR(5)), 0);
	wr(c, SMMU_GR0_S2CR(5),
	   FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_BYPASS));
	assert_int_equal(dma(c, 5, DATA_PA, &b, 1, 0), MODEL_DMA_OK);
	assert_int_equal(b, 0x42);
	/* S2CR 6 is still "fault" from reset; 48 is beyond the table. */
	assert_int_equal(dma(c, 6, DATA_PA, &b, 1, 0), MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), SMMU_sGFSR_ICF);
	wr(c, SMMU_GR0_sGFSR, ~0U);
	assert_int_equal(dma(c, 48, DATA_PA, &b, 1, 0), MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), SMMU_sGFSR_USF);
}

static void test_m0_passthrough(void **state)
{
	struct ctx *c = *state;
	enum model_dma_status s;

	std_setup(c, SMMU_SCTLR_CFRE); /* M=0 */
	mem_fill(c, DATA_PA + 0x80, 0x31, 1);
	assert_int_equal(peek(c, DATA_PA + 0x80, &s), 0x31);
	assert_true(last_ev(c, MODEL_EV_XLATE)->flags & MODEL_EVF_BYPASS);
	/* Above the effective IPA size (48 bits): address size fault. */
	assert_int_equal(peek(c, DATA_PA | BIT_ULL(48), &s), -1);
	assert_int_equal(s, MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_ASF | FSR_FMT64);
}

/* ------------------------------------------------------------------ */
/* Faults                                                              */

static void check_fault(struct ctx *c, u32 fsr, u64 far, u32 fsynr0)
{
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)), fsr | FSR_FMT64);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_FAR)), far);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSYNR0)), fsynr0);
	assert_int_equal(rd(c, gr1(c, SMMU_GR1_CBFRSYNRA(0))), SID);
	clear_fsr(c, 0);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)), FSR_FMT64);
}

static void test_translation_fault_levels(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD);
	enum model_dma_status s;
	u64 va = 0x0000123456789000ULL;
	u8 b = 0;
	int level;

	for (level = 0; level <= 3; level++) {
		/* Valid down to level - 1, an empty slot at level. */
		if (level)
			slot(c, root, va, level);
		assert_int_equal(peek(c, va + 8, &s), -1);
		assert_int_equal(s, MODEL_DMA_SLVERR);
		check_fault(c, SMMU_FSR_TF, va + 8,
			    FIELD_PREP(SMMU_FSYNR0_PLVL, level));
		assert_int_equal(last_ev(c, MODEL_EV_FAULT)->kind,
				 MODEL_EVK_TRANSLATION);
		assert_int_equal(last_ev(c, MODEL_EV_FAULT)->level, level);
	}
	/* A write: WNR; privileged: PNU. */
	assert_int_equal(dma_rd(c, va, &b, 1, MODEL_DMA_WRITE | MODEL_DMA_PRIV),
			 MODEL_DMA_SLVERR);
	check_fault(c, SMMU_FSR_TF, va,
		    FIELD_PREP(SMMU_FSYNR0_PLVL, 3) | SMMU_FSYNR0_WNR |
			    SMMU_FSYNR0_PNU);
	/* The reserved 0b01 encoding at level 3. */
	desc_write(c, slot(c, root, va, 3), DATA_PA | D_BLOCK | D_NORMAL, true);
	assert_int_equal(peek(c, va, &s), -1);
	check_fault(c, SMMU_FSR_TF, va, FIELD_PREP(SMMU_FSYNR0_PLVL, 3));
}

static void test_address_size_fault(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD), hi_table;
	u64 va = 0x0000000012345000ULL;
	enum model_dma_status s;

	/* TCR2.PASize 32 bits: a leaf at 0x8_0000_0000 is too big. */
	wr(c, cbr(c, 0, SMMU_CB_TCR2),
	   FIELD_PREP(SMMU_TCR2_PASIZE, 0) | SMMU_TCR2_AS |
		   FIELD_PREP(SMMU_TCR2_SEP, 7));
	mem_fill(c, HIGH_PA, 0x88, 1);
	map(c, root, va, HIGH_PA, 3, D_NORMAL);
	assert_int_equal(peek(c, va, &s), -1);
	check_fault(c, SMMU_FSR_ASF, va, FIELD_PREP(SMMU_FSYNR0_PLVL, 3));
	assert_int_equal(last_ev(c, MODEL_EV_FAULT)->kind,
			 MODEL_EVK_ADDRESS_SIZE);
	/* Address size comes before the access flag. */
	map(c, root, va, HIGH_PA, 3, D_ATTR(1));
	assert_int_equal(peek(c, va, &s), -1);
	check_fault(c, SMMU_FSR_ASF, va, FIELD_PREP(SMMU_FSYNR0_PLVL, 3));
	/* A next-level table above 32 bits: at the level that points to it. */
	hi_table = HIGH_PA + 0x10000;
	desc_write(c, slot(c, root, 0x0000008000000000ULL, 1),
		   hi_table | D_TABLE, true);
	assert_int_equal(peek(c, 0x0000008000000000ULL, &s), -1);
	check_fault(c, SMMU_FSR_ASF, 0x0000008000000000ULL,
		    FIELD_PREP(SMMU_FSYNR0_PLVL, 1));
	/* TTBR0 above 32 bits: level 0. */
	wr64(c, cbr(c, 0, SMMU_CB_TTBR0), HIGH_PA | 1ULL << 48);
	assert_int_equal(peek(c, 0x5000, &s), -1);
	check_fault(c, SMMU_FSR_ASF, 0x5000, 0);
	/* With 48 bits the leaf works. */
	wr64(c, cbr(c, 0, SMMU_CB_TTBR0), root | 1ULL << 48);
	wr(c, cbr(c, 0, SMMU_CB_TCR2),
	   FIELD_PREP(SMMU_TCR2_PASIZE, 5) | SMMU_TCR2_AS |
		   FIELD_PREP(SMMU_TCR2_SEP, 7));
	map(c, root, va, HIGH_PA, 3, D_NORMAL);
	assert_int_equal(peek(c, va, &s), 0x88);
	/* Reserved PASize encodings mean 48 bits (16.5.39). */
	wr(c, cbr(c, 0, SMMU_CB_TCR2),
	   FIELD_PREP(SMMU_TCR2_PASIZE, 7) | SMMU_TCR2_AS |
		   FIELD_PREP(SMMU_TCR2_SEP, 7));
	wr(c, SMMU_GR0_TLBIALLNSNH, 0);
	assert_int_equal(peek(c, va, &s), 0x88);
}

static void test_access_flag(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD);
	u64 va = 0x0000000012345000ULL;
	enum model_dma_status s;
	u8 b = 1;

	mem_fill(c, DATA_PA, 0x66, 1);
	map(c, root, va, DATA_PA, 3, D_ATTR(1) | D_AP_EL0 | D_AP_RO);
	assert_int_equal(peek(c, va, &s), -1);
	check_fault(c, SMMU_FSR_AFF, va, FIELD_PREP(SMMU_FSYNR0_PLVL, 3));
	assert_int_equal(last_ev(c, MODEL_EV_FAULT)->kind, MODEL_EVK_ACCESS);
	/* The access flag comes before permission: a write to it. */
	assert_int_equal(dma_rd(c, va, &b, 1, MODEL_DMA_WRITE),
			 MODEL_DMA_SLVERR);
	check_fault(c, SMMU_FSR_AFF, va,
		    FIELD_PREP(SMMU_FSYNR0_PLVL, 3) | SMMU_FSYNR0_WNR);
	/* SCTLR.AFFD=1: no access flag faults. */
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), SCTLR_STD | SMMU_SCTLR_AFFD);
	assert_int_equal(peek(c, va, &s), 0x66);
	/* A 2 MiB block without AF: the fault is at level 2. */
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), SCTLR_STD);
	map(c, root, 0x0000000040000000ULL, 0, 2, D_ATTR(1));
	assert_int_equal(peek(c, 0x0000000040001000ULL, &s), -1);
	check_fault(c, SMMU_FSR_AFF, 0x0000000040001000ULL,
		    FIELD_PREP(SMMU_FSYNR0_PLVL, 2));
}

struct perm_case {
	const char *name;
	u64 leaf;  /* leaf attributes besides D_NORMAL */
	u64 table; /* bits for the level 2 table descriptor */
	u32 sctlr; /* extra SCTLR bits */
	u32 s2cr;  /* extra S2CR bits */
	u32 flags; /* MODEL_DMA_* */
	bool ok;
	u32 fsynr0; /* on a fault, besides PLVL=3 */
};

static const struct perm_case perm_cases[] = {
	{ "priv read rw", 0, 0, 0, 0, MODEL_DMA_PRIV, true, 0 },
	{ "priv write ro", D_AP_RO, 0, 0, 0, MODEL_DMA_PRIV | MODEL_DMA_WRITE,
	  false, SMMU_FSYNR0_WNR | SMMU_FSYNR0_PNU },
	{ "user read priv-only", 0, 0, 0, 0, 0, false, 0 },
	{ "user read el0", D_AP_EL0, 0, 0, 0, 0, true, 0 },
	{ "user write el0 ro", D_AP_EL0 | D_AP_RO, 0, 0, 0, MODEL_DMA_WRITE,
	  false, SMMU_FSYNR0_WNR },
	{ "user write el0 rw", D_AP_EL0, 0, 0, 0, MODEL_DMA_WRITE, true, 0 },
	{ "user fetch uxn", D_AP_EL0 | D_AP_RO | D_UXN, 0, 0, 0, MODEL_DMA_INST,
	  false, SMMU_FSYNR0_IND },
	{ "user fetch execute-only", D_PXN, 0, 0, 0, MODEL_DMA_INST, true, 0 },
	{ "priv fetch pxn", D_PXN, 0, 0, 0, MODEL_DMA_INST | MODEL_DMA_PRIV,
	  false, SMMU_FSYNR0_IND | SMMU_FSYNR0_PNU },
	{ "priv fetch uxn ok", D_UXN, 0, 0, 0, MODEL_DMA_INST | MODEL_DMA_PRIV,
	  true, 0 },
	{ "priv fetch el0-writable", D_AP_EL0, 0, 0, 0,
	  MODEL_DMA_INST | MODEL_DMA_PRIV, false,
	  SMMU_FSYNR0_IND | SMMU_FSYNR0_PNU },
	{ "priv fetch wxn", 0, 0, SMMU_SCTLR_WXN, 0,
	  MODEL_DMA_INST | MODEL_DMA_PRIV, false,
	  SMMU_FSYNR0_IND | SMMU_FSYNR0_PNU },
	{ "priv fetch wxn ro", D_AP_RO, 0, SMMU_SCTLR_WXN, 0,
	  MODEL_DMA_INST | MODEL_DMA_PRIV, true, 0 },
	{ "aptable ro", 0, D_APT_RO, 0, 0, MODEL_DMA_PRIV | MODEL_DMA_WRITE,
	  false, SMMU_FSYNR0_WNR | SMMU_FSYNR0_PNU },
	{ "aptable no el0", D_AP_EL0, D_APT_NOEL0, 0, 0, 0, false, 0 },
	{ "uxntable", D_AP_EL0 | D_AP_RO, D_UXNT, 0, 0, MODEL_DMA_INST, false,
	  SMMU_FSYNR0_IND },
	{ "pxntable", 0, D_PXNT, 0, 0, MODEL_DMA_INST | MODEL_DMA_PRIV, false,
	  SMMU_FSYNR0_IND | SMMU_FSYNR0_PNU },
	{ "privcfg unpriv", 0, 0, 0,
	  FIELD_PREP(SMMU_S2CR_PRIVCFG, SMMU_S2CR_PRIVCFG_UNPRIV),
	  MODEL_DMA_PRIV, false, 0 },
	{ "privcfg priv", 0, 0, 0,
	  FIELD_PREP(SMMU_S2CR_PRIVCFG, SMMU_S2CR_PRIVCFG_PRIV), 0, true, 0 },
	{ "instcfg inst", D_AP_EL0 | D_UXN, 0, 0,
	  FIELD_PREP(SMMU_S2CR_INSTCFG, SMMU_S2CR_INSTCFG_INST), 0, false,
	  SMMU_FSYNR0_IND },
	{ "instcfg data", D_AP_EL0 | D_UXN, 0, 0,
	  FIELD_PREP(SMMU_S2CR_INSTCFG, SMMU_S2CR_INSTCFG_DATA), MODEL_DMA_INST,
	  true, 0 },
	{ "write is data", D_AP_EL0 | D_UXN, 0, 0,
	  FIELD_PREP(SMMU_S2CR_INSTCFG, SMMU_S2CR_INSTCFG_INST),
	  MODEL_DMA_WRITE, true, 0 },
};

static void test_permission_faults(void **state)
{
	struct ctx *c = *state;
	unsigned int i;

	mem_fill(c, DATA_PA, 0x77, 1);
	for (i = 0; i < ARRAY_SIZE(perm_cases); i++) {
		const struct perm_case *pc = &perm_cases[i];
		u64 root, va = 0x0000000012345000ULL;
		u8 b = 0x77;
		enum model_dma_status st;

		c->tbl_extra = pc->table;
		root = table_alloc(c);
		cb_setup(c, 0, root, 1, 0, tcr_4k(48), SCTLR_STD | pc->sctlr);
		stream(c, 0, SID, 0, s2cr_trans(0) | pc->s2cr);
		smmu_enable(c, SMMU_sCR0_USFCFG);
		wr(c, SMMU_GR0_TLBIALLNSNH, 0);
		map(c, root, va, DATA_PA, 3, D_NORMAL_PRIV | pc->leaf);
		st = dma_rd(c, va, &b, 1, pc->flags);
		if (pc->ok) {
			if (st != MODEL_DMA_OK)
				fail_msg("%s: status %d, FSR 0x%x", pc->name,
					 st, rd(c, cbr(c, 0, SMMU_CB_FSR)));
			clear_fsr(c, 0);
			continue;
		}
		if (st != MODEL_DMA_SLVERR)
			fail_msg("%s: status %d, expected a fault", pc->name,
				 st);
		if (rd(c, cbr(c, 0, SMMU_CB_FSR)) != (SMMU_FSR_PF | FSR_FMT64))
			fail_msg("%s: FSR 0x%x", pc->name,
				 rd(c, cbr(c, 0, SMMU_CB_FSR)));
		if (rd(c, cbr(c, 0, SMMU_CB_FSYNR0)) !=
		    (FIELD_PREP(SMMU_FSYNR0_PLVL, 3) | pc->fsynr0))
			fail_msg("%s: FSYNR0 0x%x", pc->name,
				 rd(c, cbr(c, 0, SMMU_CB_FSYNR0)));
		assert_int_equal(last_ev(c, MODEL_EV_FAULT)->kind,
				 MODEL_EVK_PERMISSION);
		clear_fsr(c, 0);
	}
	c->tbl_extra = 0;
}

static void test_external_fault(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD);
	enum model_dma_status s;

	/* A level 2 table pointer into the PL window: no memory there. */
	desc_write(c, slot(c, root, 0x40000000ULL, 2), NOT_RAM | D_TABLE, true);
	assert_int_equal(peek(c, 0x40000000ULL, &s), -1);
	check_fault(c, SMMU_FSR_EF, 0x40000000ULL,
		    FIELD_PREP(SMMU_FSYNR0_PLVL, 3) | SMMU_FSYNR0_PTWF);
	assert_int_equal(last_ev(c, MODEL_EV_FAULT)->kind, MODEL_EVK_EXTERNAL);
	/* TTBR0 there: the first read fails, at the start level. */
	wr64(c, cbr(c, 0, SMMU_CB_TTBR0), NOT_RAM | 1ULL << 48);
	assert_int_equal(peek(c, 0x1000, &s), -1);
	check_fault(c, SMMU_FSR_EF, 0x1000,
		    FIELD_PREP(SMMU_FSYNR0_PLVL, 0) | SMMU_FSYNR0_PTWF);
	/* Nothing was cached: with the table back, it works. */
	wr64(c, cbr(c, 0, SMMU_CB_TTBR0), root | 1ULL << 48);
	mem_fill(c, DATA_PA, 0x12, 1);
	map(c, root, 0x1000, DATA_PA, 3, D_NORMAL);
	assert_int_equal(peek(c, 0x1000, &s), 0x12);
}

static void test_terminate_cfre(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD | SMMU_SCTLR_HUPCF);
	u64 va = 0x0000000012345000ULL;
	u8 buf[16];

	mem_fill(c, DATA_PA, 0x5e, 16);
	map(c, root, va, DATA_PA, 3, D_NORMAL | D_AP_RO);
	/* CFRE=1: an abort. */
	memset(buf, 0xab, sizeof(buf));
	assert_int_equal(dma_rd(c, va, buf, 16,
				MODEL_DMA_WRITE | MODEL_DMA_PRIV),
			 MODEL_DMA_SLVERR);
	assert_int_equal(mem_byte(c, DATA_PA), 0x5e);
	clear_fsr(c, 0);
	/* CFRE=0: RAZ/WI; the fault is still recorded. */
	wr(c, cbr(c, 0, SMMU_CB_SCTLR),
	   SMMU_SCTLR_M | SMMU_SCTLR_CFIE | SMMU_SCTLR_HUPCF);
	assert_int_equal(dma_rd(c, va, buf, 16,
				MODEL_DMA_WRITE | MODEL_DMA_PRIV),
			 MODEL_DMA_OK);
	assert_int_equal(mem_byte(c, DATA_PA), 0x5e);
	assert_int_equal(mem_byte(c, DATA_PA + 15), 0x5e);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_PF | FSR_FMT64);
	clear_fsr(c, 0);
	memset(buf, 0xab, sizeof(buf));
	assert_int_equal(dma_rd(c, va + 0x1000, buf, 16, 0), MODEL_DMA_OK);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[15], 0);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | FSR_FMT64);
	/* The mapped page still reads (hit under fault). */
	assert_int_equal(dma_rd(c, va, buf, 16, MODEL_DMA_PRIV), MODEL_DMA_OK);
	assert_int_equal(buf[0], 0x5e);
}

static void test_hupcf(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD); /* HUPCF=0 */
	u64 va = 0x0000000012345000ULL;
	enum model_dma_status s;

	mem_fill(c, DATA_PA, 0x4f, 1);
	map(c, root, va, DATA_PA, 3, D_NORMAL | D_AP_EL0);
	assert_int_equal(peek(c, va, &s), 0x4f);
	/* A fault... */
	assert_int_equal(peek(c, va + 0x1000, &s), -1);
	/* ...stops the bank: even a TLB hit aborts, FSR unchanged. */
	assert_int_equal(peek(c, va, &s), -1);
	assert_int_equal(s, MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | FSR_FMT64);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_FAR)), va + 0x1000);
	clear_fsr(c, 0);
	assert_int_equal(peek(c, va, &s), 0x4f);
	/* HUPCF=1: hits proceed, a second fault sets MULTI only. */
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), SCTLR_STD | SMMU_SCTLR_HUPCF);
	assert_int_equal(peek(c, va + 0x1000, &s), -1);
	assert_int_equal(peek(c, va, &s), 0x4f);
	assert_int_equal(peek(c, va + 0x2000, &s), -1);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | SMMU_FSR_MULTI | FSR_FMT64);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_FAR)), va + 0x1000);
}

/* ------------------------------------------------------------------ */
/* Stall and resume                                                    */

static void test_stall_retry(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD | SMMU_SCTLR_CFCFG);
	u64 va = 0x0000000012345000ULL;
	enum model_dma_status s;
	u8 buf[32];
	int i;

	mem_fill(c, DATA_PA, 0x3a, 64);
	mem_fill(c, DATA_PA + 0x1000, 0x3b, 32);
	map(c, root, va + 0x1000, DATA_PA + 0x1000, 3, D_NORMAL | D_AP_EL0);
	for (i = 0; i < 3; i++)
		assert_int_equal(dma_rd(c, va + 4, buf, 32, 0),
				 MODEL_DMA_STALL);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | SMMU_FSR_SS | FSR_FMT64);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_FAR)), va + 4);
	assert_true(model_irq_pending(c->m, IRQ));
	assert_int_equal(count_ev(c, MODEL_EV_STALL), 1);
	/* HUPCF=0: every other transaction of the bank waits too. */
	assert_int_equal(peek(c, va + 0x1000, &s), -1);
	assert_int_equal(s, MODEL_DMA_STALL);
	/* Writing 1 to SS does nothing; FSR clears the rest. */
	wr(c, cbr(c, 0, SMMU_CB_FSR), SMMU_FSR_FAULT);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_SS | FSR_FMT64);
	assert_false(model_irq_pending(c->m, IRQ)); /* SS alone: no irq */
	assert_int_equal(dma_rd(c, va + 4, buf, 32, 0), MODEL_DMA_STALL);
	/* Fix the table, then retry. */
	map(c, root, va, DATA_PA, 3, D_NORMAL | D_AP_EL0);
	wr(c, cbr(c, 0, SMMU_CB_RESUME), 0);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)), FSR_FMT64);
	assert_false(last_ev(c, MODEL_EV_RESUME)->flags & MODEL_EVF_TERMINATE);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(dma_rd(c, va + 4, buf, 32, 0), MODEL_DMA_OK);
	assert_int_equal(buf[0], 0x3a);
	assert_int_equal(buf[31], 0x3a);
	assert_int_equal(peek(c, va + 0x1000, &s), 0x3b);
	/* RESUME without a stalled transaction is ignored. */
	wr(c, cbr(c, 0, SMMU_CB_RESUME), 1);
	assert_int_equal(dma_rd(c, va + 4, buf, 32, 0), MODEL_DMA_OK);

	/* Retry without fixing: it faults and stalls again. */
	assert_int_equal(dma_rd(c, va + 0x2000, buf, 4, 0), MODEL_DMA_STALL);
	clear_fsr(c, 0);
	wr(c, cbr(c, 0, SMMU_CB_RESUME), 0);
	assert_int_equal(dma_rd(c, va + 0x2000, buf, 4, 0), MODEL_DMA_STALL);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | SMMU_FSR_SS | FSR_FMT64);
	/* Retry with the fault bits left set and HUPCF=0: the bank is
	 * faulting, so the retried transaction is terminated (3.7.3). */
	wr(c, cbr(c, 0, SMMU_CB_RESUME), 0);
	assert_int_equal(dma_rd(c, va + 0x2000, buf, 4, 0), MODEL_DMA_SLVERR);
}

static void test_stall_hupcf(void **state)
{
	struct ctx *c = *state;
	u64 root =
		std_setup(c, SCTLR_STD | SMMU_SCTLR_CFCFG | SMMU_SCTLR_HUPCF);
	u64 va = 0x0000000012345000ULL;
	enum model_dma_status s;

	mem_fill(c, DATA_PA, 0x3a, 1);
	map(c, root, va, DATA_PA, 3, D_NORMAL | D_AP_EL0);
	assert_int_equal(peek(c, va + 0x1000, &s), -1);
	assert_int_equal(s, MODEL_DMA_STALL);
	/* Hit under fault proceeds; another fault waits, unrecorded. */
	assert_int_equal(peek(c, va, &s), 0x3a);
	assert_int_equal(peek(c, va + 0x2000, &s), -1);
	assert_int_equal(s, MODEL_DMA_STALL);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | SMMU_FSR_SS | FSR_FMT64);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_FAR)), va + 0x1000);
	assert_int_equal(count_ev(c, MODEL_EV_STALL), 1);
}

/*
 * A stalled transaction is the bank's until RESUME (IHI 0062D 3.7.3):
 * software routing its stream elsewhere meanwhile (here to a fault, as a
 * driver does to stop a master) does not answer it.  The model's masters
 * issue it again until answered; the re-issue must wait, not take the new
 * route: a fault there would stop the master while the bank still holds
 * the transaction, and the terminate that follows would then linger and
 * abort a later, unrelated transaction at the same address.
 */
static void test_stall_rerouted(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD | SMMU_SCTLR_CFCFG);
	u64 va = 0x0000000012345000ULL;
	u8 buf[8];

	mem_fill(c, DATA_PA, 0x6d, 8);
	assert_int_equal(dma_rd(c, va, buf, 8, 0), MODEL_DMA_STALL);
	wr(c, SMMU_GR0_S2CR(0),
	   FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_FAULT));
	/* Still stalled: no global fault, no abort. */
	assert_int_equal(dma_rd(c, va, buf, 8, 0), MODEL_DMA_STALL);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), 0);
	/* Terminated: the re-issue takes the abort... */
	clear_fsr(c, 0);
	wr(c, cbr(c, 0, SMMU_CB_RESUME), SMMU_RESUME_TNR);
	assert_int_equal(dma_rd(c, va, buf, 8, 0), MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), 0);
	/* ...and nothing is left of it: routed back and mapped, the same
	 * address translates. */
	wr(c, SMMU_GR0_S2CR(0), s2cr_trans(0));
	map(c, root, va, DATA_PA, 3, D_NORMAL | D_AP_EL0);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(dma_rd(c, va, buf, 8, 0), MODEL_DMA_OK);
	assert_int_equal(buf[0], 0x6d);
	/* Routed to a fault with nothing stalled: a global fault at once. */
	wr(c, SMMU_GR0_S2CR(0),
	   FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_FAULT));
	assert_int_equal(dma_rd(c, va + 0x1000, buf, 8, 0), MODEL_DMA_SLVERR);
	assert_int_equal(rd(c, SMMU_GR0_sGFSR), SMMU_sGFSR_ICF);
}

static void test_stall_terminate(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD | SMMU_SCTLR_CFCFG);
	u64 va = 0x0000000012345000ULL;
	u8 buf[8];

	(void)root;
	assert_int_equal(dma_rd(c, va, buf, 8, MODEL_DMA_WRITE),
			 MODEL_DMA_STALL);
	wr(c, cbr(c, 0, SMMU_CB_RESUME), SMMU_RESUME_TNR);
	assert_true(last_ev(c, MODEL_EV_RESUME)->flags & MODEL_EVF_TERMINATE);
	/* The fault stays recorded; SS is gone. */
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | FSR_FMT64);
	assert_int_equal(dma_rd(c, va, buf, 8, MODEL_DMA_WRITE),
			 MODEL_DMA_SLVERR);
	clear_fsr(c, 0);
	/* Issued again later, it is a new transaction: stalls again. */
	assert_int_equal(dma_rd(c, va, buf, 8, MODEL_DMA_WRITE),
			 MODEL_DMA_STALL);
	/* CFRE=0: the terminated transaction gets RAZ/WI. */
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), SMMU_SCTLR_M | SMMU_SCTLR_CFCFG);
	wr(c, cbr(c, 0, SMMU_CB_RESUME), SMMU_RESUME_TNR);
	clear_fsr(c, 0);
	memset(buf, 0x55, sizeof(buf));
	assert_int_equal(dma_rd(c, va, buf, 8, MODEL_DMA_WRITE), MODEL_DMA_OK);
	/* A read terminated the same way returns zeros. */
	assert_int_equal(dma_rd(c, va, buf, 8, 0), MODEL_DMA_STALL);
	clear_fsr(c, 0);
	wr(c, cbr(c, 0, SMMU_CB_RESUME), SMMU_RESUME_TNR);
	memset(buf, 0x55, sizeof(buf));
	assert_int_equal(dma_rd(c, va, buf, 8, 0), MODEL_DMA_OK);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[7], 0);
}

/* ------------------------------------------------------------------ */
/* The interrupt line                                                  */

static void test_irq(void **state)
{
	struct ctx *c = *state;
	enum model_dma_status s;

	std_setup(c, SMMU_SCTLR_M | SMMU_SCTLR_CFRE); /* CFIE=0 */
	assert_int_equal(peek(c, 0x1000, &s), -1);
	assert_false(model_irq_pending(c->m, IRQ));
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), SCTLR_STD);
	assert_true(model_irq_pending(c->m, IRQ));
	assert_int_equal(model_run(c->m, 10), MODEL_RUN_IRQ);
	clear_fsr(c, 0);
	assert_false(model_irq_pending(c->m, IRQ));
	assert_int_equal(model_run(c->m, 10), MODEL_RUN_IDLE);
	/* FSRRESTORE raises it too (3.6.3), except for SS and FORMAT. */
	wr(c, cbr(c, 0, SMMU_CB_FSRRESTORE), SMMU_FSR_SS);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)), FSR_FMT64);
	wr(c, cbr(c, 0, SMMU_CB_FSRRESTORE), SMMU_FSR_EF);
	assert_true(model_irq_pending(c->m, IRQ));
	/* Another bank's fault keeps the shared line up. */
	wr(c, cbr(c, 5, SMMU_CB_SCTLR), SMMU_SCTLR_CFIE);
	wr(c, cbr(c, 5, SMMU_CB_FSRRESTORE), SMMU_FSR_TF);
	clear_fsr(c, 0);
	assert_true(model_irq_pending(c->m, IRQ));
	clear_fsr(c, 5);
	assert_false(model_irq_pending(c->m, IRQ));
	/* Global: GFIE and any bit but CAF. */
	wr(c, SMMU_GR0_sGFSRRESTORE, SMMU_sGFSR_CAF);
	assert_false(model_irq_pending(c->m, IRQ));
	wr(c, SMMU_GR0_sGFSRRESTORE, SMMU_sGFSR_USF);
	assert_true(model_irq_pending(c->m, IRQ));
	wr(c, SMMU_GR0_sCR0, 0);
	assert_false(model_irq_pending(c->m, IRQ));
	assert_int_equal(count_ev(c, MODEL_EV_IRQ), 3); /* rising edges */
}

/* ------------------------------------------------------------------ */
/* TLB maintenance                                                     */

enum tlbi_kind {
	K_ALL,
	K_ASID,
	K_VA,
	K_VAA,
	K_VAL,
	K_VAAL,
	K_STLBIALL,
	K_NSNH,
	K_VMID,
};

static void do_tlbi(struct ctx *c, enum tlbi_kind k, u64 va, u16 asid, u8 vmid)
{
	u64 arg = FIELD_PREP(SMMU_TLBI_VA, va >> 12);

	switch (k) {
	case K_ALL:
		wr(c, cbr(c, 0, SMMU_CB_TLBIALL), 0);
		break;
	case K_ASID:
		wr(c, cbr(c, 0, SMMU_CB_TLBIASID), asid);
		break;
	case K_VA:
		wr64(c, cbr(c, 0, SMMU_CB_TLBIVA),
		     arg | FIELD_PREP(SMMU_TLBI_ASID, (u64)asid));
		break;
	case K_VAL:
		wr64(c, cbr(c, 0, SMMU_CB_TLBIVAL),
		     arg | FIELD_PREP(SMMU_TLBI_ASID, (u64)asid));
		break;
	case K_VAA:
		wr64(c, cbr(c, 0, SMMU_CB_TLBIVAA), arg);
		break;
	case K_VAAL:
		wr64(c, cbr(c, 0, SMMU_CB_TLBIVAAL), arg);
		break;
	case K_STLBIALL:
		wr(c, SMMU_GR0_STLBIALL, 0);
		break;
	case K_NSNH:
		wr(c, SMMU_GR0_TLBIALLNSNH, 0);
		break;
	case K_VMID:
		wr(c, SMMU_GR0_TLBIVMID, vmid);
		break;
	}
	if (k >= K_STLBIALL)
		sync_global(c);
	else
		sync_cb(c, 0);
}

static void test_tlbi_each_kind(void **state)
{
	static const char *const names[] = {
		"all",	"asid",	    "va",	   "vaa",      "val",
		"vaal", "stlbiall", "tlbiallnsnh", "tlbivmid",
	};
	struct ctx *c = *state;
	u64 va = 0x0000000012345000ULL, root, pa1 = DATA_PA,
	    pa2 = DATA_PA + 0x1000;
	enum model_dma_status s;
	unsigned int k;

	mem_fill(c, pa1, 0x01, 1);
	mem_fill(c, pa2, 0x02, 1);
	root = table_alloc(c);
	cb_setup(c, 0, root, 9, 3, tcr_4k(48), SCTLR_STD);
	stream(c, 0, SID, 0, s2cr_trans(0));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	for (k = K_ALL; k <= K_VMID; k++) {
		const struct model_event *ev;

		map(c, root, va, pa1, 3, D_NORMAL | D_NG);
		do_tlbi(c, K_NSNH, 0, 0, 0);
		assert_int_equal(peek(c, va, &s), 0x01);
		/* Change the descriptor, no invalidation: still the old. */
		map(c, root, va, pa2, 3, D_NORMAL | D_NG);
		assert_int_equal(peek(c, va, &s), 0x01);
		/* The wrong VA, ASID or VMID removes nothing. */
		if (k == K_VA || k == K_VAL) {
			do_tlbi(c, k, va + 0x1000, 9, 0);
			do_tlbi(c, k, va, 8, 0);
			assert_int_equal(peek(c, va, &s), 0x01);
		}
		if (k == K_ASID) {
			do_tlbi(c, k, 0, 8, 0);
			assert_int_equal(peek(c, va, &s), 0x01);
		}
		if (k == K_VMID) {
			do_tlbi(c, k, 0, 0, 4);
			assert_int_equal(peek(c, va, &s), 0x01);
		}
		do_tlbi(c, k, va, 9, 3);
		ev = last_ev(c, MODEL_EV_TLBI);
		if (ev->len != 1)
			fail_msg("%s: %llu entries removed", names[k],
				 ULL(ev->len));
		if (peek(c, va, &s) != 0x02)
			fail_msg("%s: stale translation after TLBI", names[k]);
		assert_non_null(last_ev(c, MODEL_EV_SYNC));
	}
}

static void no_trace(struct model_cfg *cfg)
{
	cfg->trace = NULL;
}

/*
 * Without a trace the model remembers recent TLB hits in front of the
 * TLB.  The same stale-then-fresh sequence, each translation issued three
 * times so the memo is filled and used, and a fault and a stall after it.
 */
static void test_memo_coherent(void **state)
{
	struct ctx *c = ctx_new(no_trace);
	u64 va = 0x0000000012345000ULL, root, pa1 = DATA_PA,
	    pa2 = DATA_PA + 0x1000;
	enum model_dma_status s;
	unsigned int k, i;

	(void)state;
	mem_fill(c, pa1, 0x01, 1);
	mem_fill(c, pa2, 0x02, 1);
	root = table_alloc(c);
	cb_setup(c, 0, root, 9, 3, tcr_4k(48), SCTLR_STD);
	stream(c, 0, SID, 0, s2cr_trans(0));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	for (k = K_ALL; k <= K_VMID; k++) {
		map(c, root, va, pa1, 3, D_NORMAL | D_NG);
		do_tlbi(c, K_NSNH, 0, 0, 0);
		for (i = 0; i < 3; i++)
			assert_int_equal(peek(c, va, &s), 0x01);
		map(c, root, va, pa2, 3, D_NORMAL | D_NG);
		for (i = 0; i < 3; i++)
			assert_int_equal(peek(c, va, &s), 0x01);
		do_tlbi(c, k, va, 9, 3);
		if (peek(c, va, &s) != 0x02)
			fail_msg("kind %u: stale translation after TLBI", k);
	}
	/* Translation off in the bank: the memo must not answer. */
	for (i = 0; i < 3; i++)
		assert_int_equal(peek(c, va, &s), 0x02);
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), 0);
	/* M=0 passes the address through: it reads 0x12345000, not pa2. */
	assert_int_not_equal(peek(c, va, &s), 0x02);
	/* The stream detached: an unidentified stream, not the memo. */
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), SCTLR_STD);
	for (i = 0; i < 3; i++)
		assert_int_equal(peek(c, va, &s), 0x02);
	wr(c, SMMU_GR0_SMR(0), 0);
	assert_int_equal(peek(c, va, &s), -1);
	assert_int_equal(s, MODEL_DMA_SLVERR);
	assert_true(rd(c, SMMU_GR0_sGFSR) & SMMU_sGFSR_USF);
	model_destroy(c->m);
	free(c);
}

static void test_tlbi_asid_global(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD); /* ASID 1 */
	u64 g = 0x0000000012345000ULL, n = 0x0000000012346000ULL;
	enum model_dma_status s;

	mem_fill(c, DATA_PA, 0x01, 1);
	mem_fill(c, DATA_PA + 0x1000, 0x02, 1);
	map(c, root, g, DATA_PA, 3, D_NORMAL);	      /* global */
	map(c, root, n, DATA_PA, 3, D_NORMAL | D_NG); /* ASID 1 */
	assert_int_equal(peek(c, g, &s), 0x01);
	assert_int_equal(peek(c, n, &s), 0x01);
	map(c, root, g, DATA_PA + 0x1000, 3, D_NORMAL);
	map(c, root, n, DATA_PA + 0x1000, 3, D_NORMAL | D_NG);
	/* TLBIASID: the ASID's non-global entries only. */
	wr(c, cbr(c, 0, SMMU_CB_TLBIASID), 1);
	sync_cb(c, 0);
	assert_int_equal(last_ev(c, MODEL_EV_TLBI)->len, 1);
	assert_int_equal(peek(c, g, &s), 0x01); /* still stale */
	assert_int_equal(peek(c, n, &s), 0x02);
	/* TLBIVA with another ASID removes the global entry of the VA. */
	wr64(c, cbr(c, 0, SMMU_CB_TLBIVA),
	     FIELD_PREP(SMMU_TLBI_VA, g >> 12) |
		     FIELD_PREP(SMMU_TLBI_ASID, 77ULL));
	sync_cb(c, 0);
	assert_int_equal(peek(c, g, &s), 0x02);
	/* The global entry serves another ASID: switch TTBR0's ASID. */
	map(c, root, g, DATA_PA, 3, D_NORMAL);
	wr64(c, cbr(c, 0, SMMU_CB_TTBR0), root | 2ULL << 48);
	assert_int_equal(peek(c, g, &s), 0x02); /* stale, global */
	/* ... while the non-global one of ASID 1 does not: a walk. */
	assert_int_equal(peek(c, n, &s), 0x02);
	map(c, root, n, DATA_PA, 3, D_NORMAL | D_NG);
	wr64(c, cbr(c, 0, SMMU_CB_TTBR0), root | 1ULL << 48);
	assert_int_equal(peek(c, n, &s), 0x02); /* ASID 1's entry */
	/* 32-bit write of TLBIVA's low word: ASID 0, zero-extended. */
	wr(c, cbr(c, 0, SMMU_CB_TLBIVA), (u32)(n >> 12));
	assert_int_equal(peek(c, n, &s), 0x02); /* ASID 1 kept */
	wr(c, cbr(c, 0, SMMU_CB_TLBIVA), (u32)(g >> 12));
	assert_int_equal(peek(c, g, &s), 0x01); /* global gone */
	/* 8-bit ASIDs (TCR2.AS=0): TTBR ASID 0x0101 is ASID 1. */
	wr(c, cbr(c, 0, SMMU_CB_TCR2),
	   FIELD_PREP(SMMU_TCR2_PASIZE, 5) | FIELD_PREP(SMMU_TCR2_SEP, 7));
	wr64(c, cbr(c, 0, SMMU_CB_TTBR0), root | 0x0101ULL << 48);
	assert_int_equal(peek(c, n, &s), 0x02);	    /* same ASID 1 */
	wr(c, cbr(c, 0, SMMU_CB_TLBIASID), 0x0201); /* = ASID 1 */
	assert_int_equal(peek(c, n, &s), 0x01);
}

static void tlb_128(struct model_cfg *cfg)
{
	cfg->tlb_entries = 128;
}

static void test_tlb_banks_and_capacity(void **state)
{
	struct ctx *c = ctx_new(tlb_128);
	u64 r0 = table_alloc(c), r1 = table_alloc(c);
	u64 va = 0x0000000012345000ULL;
	enum model_dma_status s;
	struct model_stats st;
	unsigned int i;

	mem_fill(c, DATA_PA, 0x01, 1);
	mem_fill(c, DATA_PA + 0x1000, 0x02, 1);
	cb_setup(c, 0, r0, 1, 0, tcr_4k(48), SCTLR_STD);
	cb_setup(c, 1, r1, 1, 0, tcr_4k(48), SCTLR_STD);
	stream(c, 0, SID, 0, s2cr_trans(0));
	stream(c, 1, SID2, 0, s2cr_trans(1));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	map(c, r0, va, DATA_PA, 3, D_NORMAL);
	map(c, r1, va, DATA_PA + 0x1000, 3, D_NORMAL);
	/* Same VA, same ASID, two banks: entries tagged by bank. */
	assert_int_equal(peek(c, va, &s), 0x01);
	assert_int_equal(dma(c, SID2, va, &(u8){ 0 }, 1, 0), MODEL_DMA_OK);
	assert_int_equal(last_ev(c, MODEL_EV_XLATE)->pa, DATA_PA + 0x1000);
	/* An invalidation in bank 1 covers bank 0's entries of VMID 0. */
	map(c, r0, va, DATA_PA + 0x1000, 3, D_NORMAL);
	wr(c, cbr(c, 1, SMMU_CB_TLBIALL), 0);
	assert_int_equal(last_ev(c, MODEL_EV_TLBI)->len, 2);
	assert_int_equal(peek(c, va, &s), 0x02);

	/* 128 entries, round robin: page 0 is evicted after 128 more. */
	for (i = 0; i < 129; i++)
		map(c, r0, 0x40000000ULL + ((u64)i << 12), DATA_PA, 3,
		    D_NORMAL);
	wr(c, SMMU_GR0_TLBIALLNSNH, 0);
	for (i = 0; i < 128; i++)
		assert_int_equal(peek(c, 0x40000000ULL + ((u64)i << 12), &s),
				 0x01);
	model_get_stats(c->m, &st);
	i = st.walks;
	assert_int_equal(peek(c, 0x40000000ULL, &s), 0x01); /* hit */
	model_get_stats(c->m, &st);
	assert_int_equal(st.walks, i);
	assert_int_equal(peek(c, 0x40000000ULL + (128ULL << 12), &s), 0x01);
	assert_int_equal(peek(c, 0x40000000ULL, &s), 0x01); /* evicted */
	model_get_stats(c->m, &st);
	assert_int_equal(st.walks, i + 2);
	(void)state;
	model_destroy(c->m);
	free(c);
}

static void test_cttw(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD);
	u64 va = 0x0000000012345000ULL;
	enum model_dma_status s;

	mem_fill(c, DATA_PA, 0x7e, 1);
	slot(c, root, va, 3); /* the tables above, cleaned */
	/* The leaf written but not cleaned: the walker does not see it. */
	desc_write(c, slot(c, root, va, 3), DATA_PA | D_PAGE | D_NORMAL, false);
	assert_int_equal(peek(c, va, &s), -1);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)),
			 SMMU_FSR_TF | FSR_FMT64);
	assert_int_equal(FIELD_GET(SMMU_FSYNR0_PLVL,
				   rd(c, cbr(c, 0, SMMU_CB_FSYNR0))),
			 3);
	clear_fsr(c, 0);
	model_cpu_clean(c->m, slot(c, root, va, 3), 8);
	assert_int_equal(peek(c, va, &s), 0x7e);
}

static void test_sync_delay(void **state)
{
	struct ctx *c = *state;
	int i;

	model_smmu_set_sync_delay(c->m, 3);
	wr(c, cbr(c, 2, SMMU_CB_TLBSYNC), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(rd(c, cbr(c, 2, SMMU_CB_TLBSTATUS)),
				 SMMU_TLBSTATUS_SACTIVE);
	assert_int_equal(rd(c, cbr(c, 2, SMMU_CB_TLBSTATUS)), 0);
	assert_int_equal(rd(c, cbr(c, 3, SMMU_CB_TLBSTATUS)), 0);
	assert_int_equal(last_ev(c, MODEL_EV_SYNC)->cb, 2);
	wr(c, SMMU_GR0_sTLBGSYNC, 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(rd(c, SMMU_GR0_sTLBGSTATUS),
				 SMMU_sTLBGSTATUS_GSACTIVE);
	assert_int_equal(rd(c, SMMU_GR0_sTLBGSTATUS), 0);
	/* Never completes: a driver's bounded poll times out. */
	model_smmu_set_sync_delay(c->m, ~0U);
	wr(c, cbr(c, 2, SMMU_CB_TLBSYNC), 0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(rd(c, cbr(c, 2, SMMU_CB_TLBSTATUS)),
				 SMMU_TLBSTATUS_SACTIVE);
	model_smmu_set_sync_delay(c->m, 0);
	wr(c, cbr(c, 2, SMMU_CB_TLBSYNC), 0);
	assert_int_equal(rd(c, cbr(c, 2, SMMU_CB_TLBSTATUS)), 0);
}

/* ------------------------------------------------------------------ */
/* Address translation operations                                      */

static void tweak_atos(struct model_cfg *cfg)
{
	cfg->smmu_idr[0] &= ~SMMU_IDR0_ATOSNS;
}

static u64 ats(struct ctx *c, u64 reg, u64 va)
{
	wr64(c, cbr(c, 0, reg), va);
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_ATSR)), 0);
	return rd64(c, cbr(c, 0, SMMU_CB_PAR));
}

static u64 par_fault(u32 fsr, unsigned int level)
{
	return SMMU_PAR_F | fsr |
	       FIELD_PREP(SMMU_PAR_FORMAT, (u64)SMMU_FSR_FORMAT_AARCH64) |
	       FIELD_PREP(SMMU_PAR_PLVL, (u64)level);
}

static void test_ats(void **state)
{
	struct ctx *c;
	u64 root, va = 0x0000000012345000ULL;

	teardown(state);
	c = ctx_new(tweak_atos);
	*state = c;
	root = std_setup(c, SCTLR_STD);
	map(c, root, va, DATA_PA, 3, D_NORMAL_PRIV | D_AP_RO);
	map(c, root, va + 0x1000, DATA_PA + 0x1000, 3,
	    D_ATTR(0) | D_SH(3) | D_AF | D_AP_EL0);
	map(c, root, va + 0x2000, DATA_PA, 3, D_ATTR(1) | D_SH(3)); /* AF=0 */
	map(c, root, va + 0x3000, HIGH_PA, 3, D_NORMAL);

	/* Success: PA, MAIR byte, SH, bit 11 reads as one. */
	assert_int_equal(ats(c, SMMU_CB_ATS1PR, va + 0x123),
			 DATA_PA | SMMU_PAR_RAO |
				 FIELD_PREP(SMMU_PAR_SH, 3ULL) |
				 FIELD_PREP(SMMU_PAR_ATTR, 0xffULL));
	/* Device memory (MAIR byte 0x04): SH reported as outer shareable. */
	assert_int_equal(ats(c, SMMU_CB_ATS1UW, va + 0x1000),
			 (DATA_PA + 0x1000) | SMMU_PAR_RAO |
				 FIELD_PREP(SMMU_PAR_SH, 2ULL) |
				 FIELD_PREP(SMMU_PAR_ATTR, 0x04ULL));
	/* Each fault class, into PAR only. */
	assert_int_equal(ats(c, SMMU_CB_ATS1PW, va), par_fault(SMMU_FSR_PF, 3));
	assert_int_equal(ats(c, SMMU_CB_ATS1UR, va), par_fault(SMMU_FSR_PF, 3));
	assert_int_equal(ats(c, SMMU_CB_ATS1PR, va + 0x2000),
			 par_fault(SMMU_FSR_AFF, 3));
	assert_int_equal(ats(c, SMMU_CB_ATS1PR, 0x0000000080000000ULL),
			 par_fault(SMMU_FSR_TF, 1));
	wr(c, cbr(c, 0, SMMU_CB_TCR2),
	   FIELD_PREP(SMMU_TCR2_PASIZE, 0) | SMMU_TCR2_AS |
		   FIELD_PREP(SMMU_TCR2_SEP, 7));
	assert_int_equal(ats(c, SMMU_CB_ATS1PR, va + 0x3000),
			 par_fault(SMMU_FSR_ASF, 3));
	desc_write(c, slot(c, root, 0x40000000ULL, 2), NOT_RAM | D_TABLE, true);
	assert_int_equal(ats(c, SMMU_CB_ATS1PR, 0x40000000ULL),
			 par_fault(SMMU_FSR_EF, 3));
	/* Not representable on a 49-bit bus: translation fault, level 0. */
	assert_int_equal(ats(c, SMMU_CB_ATS1PR, 0x8000000000000000ULL),
			 par_fault(SMMU_FSR_TF, 0));
	/* No fault was recorded, no interrupt. */
	assert_int_equal(rd(c, cbr(c, 0, SMMU_CB_FSR)), FSR_FMT64);
	assert_false(model_irq_pending(c->m, IRQ));
	/* 32-bit write of the low word: zero-extended; high word ignored. */
	wr(c, cbr(c, 0, SMMU_CB_ATS1PR), (u32)va);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_PAR)) & SMMU_PAR_PA,
			 DATA_PA);
	wr(c, cbr(c, 0, SMMU_CB_ATS1PR) + 4, 0xffffffff);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_PAR)) & SMMU_PAR_PA,
			 DATA_PA);
	/* PAR is RW. */
	wr64(c, cbr(c, 0, SMMU_CB_PAR), 0x1234567000ULL);
	assert_int_equal(rd64(c, cbr(c, 0, SMMU_CB_PAR)), 0x1234567000ULL);
	/* An invalid context: ICF in PAR. */
	wr(c, gr1(c, SMMU_GR1_CBAR(0)), 0);
	assert_int_equal(ats(c, SMMU_CB_ATS1PR, va), SMMU_PAR_F | SMMU_PAR_ICF);
	wr(c, gr1(c, SMMU_GR1_CBAR(0)),
	   FIELD_PREP(SMMU_CBAR_TYPE, SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS));
	/* Global ATOS: the bank from NDX; a bad NDX: UCBF. */
	wr64(c, SMMU_GR0_sGATS1PR, (va + 0x1000) | 0);
	assert_int_equal(rd64(c, SMMU_GR0_sGPAR) & (SMMU_PAR_PA | SMMU_PAR_F),
			 DATA_PA + 0x1000);
	wr64(c, SMMU_GR0_sGATS1UR, va | 20);
	assert_int_equal(rd64(c, SMMU_GR0_sGPAR), SMMU_PAR_F | SMMU_GPAR_UCBF);
	assert_int_equal(rd(c, SMMU_GR0_sGATSR), 0);
	/* ATOS works while the bank is stalled. */
	wr(c, cbr(c, 0, SMMU_CB_SCTLR), SCTLR_STD | SMMU_SCTLR_CFCFG);
	assert_int_equal(dma_rd(c, 0x5000, &(u8){ 0 }, 1, 0), MODEL_DMA_STALL);
	assert_int_equal(ats(c, SMMU_CB_ATS1PR, va + 0x1000) & SMMU_PAR_PA,
			 DATA_PA + 0x1000);
}

/* ------------------------------------------------------------------ */
/* Cross-check with the page-table library                             */

/*
 * pgtable/ builds tables in a host arena (its own reading of DDI 0487);
 * the arena is copied into model memory and cleaned; then every probe is
 * answered by both pt_walk() and the model (ATOS for reads and writes at
 * both privilege levels, DMA instruction fetches for execute), and the
 * answers must agree: output address, attribute, shareability, or the
 * fault class and level.
 */
#define ARENA_PA   0x30000000ULL
#define ARENA_SIZE (8ULL << 20)

struct arena {
	u8 *host;
	u64 bump;
};

static void *arena_alloc(void *ctx, size_t size, u64 *pa)
{
	struct arena *a = ctx;
	u64 at = (a->bump + size - 1) & ~((u64)size - 1);

	if (at + size > ARENA_SIZE)
		return NULL;
	a->bump = at + size;
	*pa = ARENA_PA + at;
	memset(a->host + at, 0, size);
	return a->host + at;
}

static void arena_free(void *ctx, void *va, u64 pa, size_t size)
{
	(void)ctx;
	(void)va;
	(void)pa;
	(void)size;
}

static void *arena_virt(void *ctx, u64 pa, size_t size)
{
	struct arena *a = ctx;

	if (pa < ARENA_PA || pa + size > ARENA_PA + ARENA_SIZE)
		return NULL;
	return a->host + (pa - ARENA_PA);
}

static void arena_clean(void *ctx, void *va, u64 pa, size_t size)
{
	(void)ctx;
	(void)va;
	(void)pa;
	(void)size;
}

static const struct pt_mem_ops arena_ops = {
	.alloc = arena_alloc,
	.free = arena_free,
	.phys_to_virt = arena_virt,
	.clean = arena_clean,
};

static u32 pt_fault_fsr(enum pt_fault f)
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

static u64 rng;

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Compare one probe; @what names the combination for the message. */
static void probe(struct ctx *c, struct pt *pt, u64 va, const char *what)
{
	static const struct {
		u32 reg;
		unsigned int acc;
	} ops[] = {
		{ SMMU_CB_ATS1PR, 0 },
		{ SMMU_CB_ATS1PW, PT_ACC_WRITE },
		{ SMMU_CB_ATS1UR, PT_ACC_USER },
		{ SMMU_CB_ATS1UW, PT_ACC_USER | PT_ACC_WRITE },
	};
	struct pt_walk w;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		u64 par, want;

		pt_walk(pt, va, ops[i].acc, &w);
		par = ats(c, ops[i].reg, va);
		if (w.fault == PT_FAULT_NONE) {
			u64 sh = (!(w.attr & 0xf0) || w.attr == 0x44) ? 2
								      : w.sh;

			want = (w.pa & SMMU_PAR_PA) | SMMU_PAR_RAO |
			       FIELD_PREP(SMMU_PAR_SH, sh) |
			       FIELD_PREP(SMMU_PAR_ATTR, (u64)w.attr);
		} else {
			want = par_fault(pt_fault_fsr(w.fault), w.level);
		}
		if (par != want)
			fail_msg("%s: va 0x%llx acc %u: PAR 0x%llx, library "
				 "says 0x%llx",
				 what, ULL(va), ops[i].acc, ULL(par),
				 ULL(want));
	}
	for (i = 0; i < 2; i++) {
		unsigned int acc = PT_ACC_EXEC | (i ? PT_ACC_USER : 0);
		enum model_dma_status st;
		u8 b;

		pt_walk(pt, va, acc, &w);
		st = dma_rd(c, va, &b, 1,
			    MODEL_DMA_INST | (i ? 0 : MODEL_DMA_PRIV));
		if (w.fault == PT_FAULT_NONE) {
			if (st != MODEL_DMA_OK)
				fail_msg("%s: va 0x%llx exec %u: status %d, "
					 "FSR 0x%x",
					 what, ULL(va), i, st,
					 rd(c, cbr(c, 0, SMMU_CB_FSR)));
			continue;
		}
		if (st != MODEL_DMA_SLVERR ||
		    rd(c, cbr(c, 0, SMMU_CB_FSR)) !=
			    (pt_fault_fsr(w.fault) | FSR_FMT64) ||
		    FIELD_GET(SMMU_FSYNR0_PLVL,
			      rd(c, cbr(c, 0, SMMU_CB_FSYNR0))) != (u32)w.level)
			fail_msg("%s: va 0x%llx exec %u: status %d FSR 0x%x "
				 "FSYNR0 0x%x, library says fault %d level %d",
				 what, ULL(va), i, st,
				 rd(c, cbr(c, 0, SMMU_CB_FSR)),
				 rd(c, cbr(c, 0, SMMU_CB_FSYNR0)), w.fault,
				 w.level);
		clear_fsr(c, 0);
	}
}

static void crosscheck(struct ctx *c, unsigned int granule, unsigned int ias,
		       enum pt_range range, struct arena *a)
{
	struct pt_cfg cfg = {
		.granule = granule,
		.ias = ias,
		.oas = 40,
		.range = range,
		.mair = 0x44ff0004bb881100ULL,
	};
	u64 base = range == PT_TTBR1 ? ~0ULL << ias : 0;
	u64 probes[48];
	unsigned int i, n = 0;
	struct pt_tcr t;
	char what[64];
	struct pt pt;
	u32 tcr;

	snprintf(what, sizeof(what), "granule %u ias %u ttbr%d", granule, ias,
		 range);
	a->bump = 0;
	assert_int_equal(pt_init(&pt, &cfg, &arena_ops, a), 0);
	for (i = 0; i < 24; i++) {
		unsigned int lg = granule + (unsigned int)(rnd() % 20);
		u64 size = 1ULL << (lg < ias && lg <= 30 ? lg : granule);
		u64 va = base + ((rnd() & ((1ULL << ias) - 1)) & ~(size - 1));
		u64 pa = (rnd() % (0x80000000ULL / size)) * size;
		u32 prot = PT_PROT_READ |
			   (u32)(rnd() &
				 (PT_PROT_WRITE | PT_PROT_EXEC | PT_PROT_USER |
				  PT_PROT_NG | PT_PROT_SH)) |
			   FIELD_PREP(PT_PROT_ATTR, rnd() % 8);

		if ((rnd() % 8) == 0)
			prot |= PT_PROT_NO_AF;
		if ((prot & PT_PROT_SH) == FIELD_PREP(PT_PROT_SH, 1))
			prot &= ~PT_PROT_SH; /* 0b01 is reserved */
		if (pt_map(&pt, va, pa, size, prot))
			continue;
		probes[n++] = va + (rnd() & (size - 1));
	}
	while (n < ARRAY_SIZE(probes))
		probes[n++] = base + (rnd() & ((1ULL << ias) - 1));

	/* The tables, into model memory as a driver would (cleaned). */
	assert_int_equal(model_cpu_write(c->m, ARENA_PA, a->host, a->bump), 0);
	model_cpu_clean(c->m, ARENA_PA, a->bump);

	pt_tcr(&pt, &t);
	if (range == PT_TTBR0) {
		tcr = FIELD_PREP(SMMU_TCR_T0SZ, t.tsz) |
		      FIELD_PREP(SMMU_TCR_TG0, t.tg) | SMMU_TCR_EPD1;
		wr64(c, cbr(c, 0, SMMU_CB_TTBR0), pt_ttbr(&pt, 5));
	} else {
		tcr = FIELD_PREP(SMMU_TCR_T1SZ, t.tsz) |
		      FIELD_PREP(SMMU_TCR_TG1, t.tg) | SMMU_TCR_EPD0 |
		      SMMU_TCR_A1;
		wr64(c, cbr(c, 0, SMMU_CB_TTBR1), pt_ttbr(&pt, 5));
	}
	wr(c, cbr(c, 0, SMMU_CB_TCR), tcr);
	wr(c, cbr(c, 0, SMMU_CB_TCR2),
	   FIELD_PREP(SMMU_TCR2_PASIZE, t.ips) | SMMU_TCR2_AS |
		   FIELD_PREP(SMMU_TCR2_SEP, SMMU_TCR2_SEP_UPSTREAM));
	wr(c, cbr(c, 0, SMMU_CB_MAIR0), (u32)cfg.mair);
	wr(c, cbr(c, 0, SMMU_CB_MAIR1), (u32)(cfg.mair >> 32));
	wr(c, SMMU_GR0_TLBIALLNSNH, 0);
	for (i = 0; i < n; i++)
		probe(c, &pt, probes[i], what);
}

static void tweak_atos_16k(struct model_cfg *cfg)
{
	cfg->smmu_idr[0] &= ~SMMU_IDR0_ATOSNS;
	cfg->smmu_idr[2] |= SMMU_IDR2_PTFS_16K;
}

static void test_crosscheck_pgtable(void **state)
{
	static const unsigned int ias_list[] = { 25, 30, 31, 36, 39,
						 40, 42, 47, 48 };
	static const unsigned int granules[] = { 12, 14, 16 };
	struct arena a = { .host = malloc(ARENA_SIZE) };
	struct ctx *c;
	unsigned int g, i, r;

	assert_non_null(a.host);
	teardown(state);
	c = ctx_new(tweak_atos_16k);
	*state = c;
	rng = 0x1234567887654321ULL;
	cb_setup(c, 0, 0, 5, 0, 0, SMMU_SCTLR_M | SMMU_SCTLR_CFRE);
	stream(c, 0, SID, 0, s2cr_trans(0));
	smmu_enable(c, SMMU_sCR0_USFCFG);
	for (g = 0; g < ARRAY_SIZE(granules); g++)
		for (i = 0; i < ARRAY_SIZE(ias_list); i++)
			for (r = 0; r < 2; r++)
				crosscheck(c, granules[g], ias_list[i],
					   r ? PT_TTBR1 : PT_TTBR0, &a);
	free(a.host);
}

/* ------------------------------------------------------------------ */
/* Software may write anything anywhere                                */

struct fuzz {
	struct ctx *c;
	u64 root4k, root64k;
	u64 space;
	bool dma_writes;
	unsigned int ok, faults, stalls;
};

#define FUZZ_VA(i) ((u64)(i) << 30 | (u64)(i) << 16)

static u64 rnd_val(struct fuzz *f)
{
	switch (rnd() % 8) {
	case 0:
		return 0;
	case 1:
		return ~0ULL;
	case 2:
		return rnd() & 0xffff;
	case 3:
		return TBL_BASE + (rnd() % 64) * 0x1000; /* near tables */
	case 4:
		return (rnd() & 1 ? f->root4k : f->root64k) | (rnd() & 0xffff)
								      << 48;
	default:
		return rnd();
	}
}

static void fuzz_dma(struct fuzz *f)
{
	static const u32 sids[] = { SID, SID + 1, SID2, 0, 0x7fff };
	u64 addr;
	u32 len, flags;
	u8 buf[64];

	switch (rnd() % 4) {
	case 0:
		addr = rnd_val(f);
		break;
	case 1:
		addr = FUZZ_VA(rnd() % 16) | BIT_ULL(48) * (rnd() & 1);
		break;
	default:
		addr = FUZZ_VA(rnd() % 16) + (rnd() % 0x10000);
		break;
	}
	len = 1 + rnd() % 64;
	if ((addr & 4095) + len > 4096)
		addr &= ~63ULL;
	flags = rnd() & (MODEL_DMA_PRIV | MODEL_DMA_INST |
			 (f->dma_writes ? MODEL_DMA_WRITE : 0));
	switch (model_dma(f->c->m, sids[rnd() % ARRAY_SIZE(sids)], addr, buf,
			  len, flags)) {
	case MODEL_DMA_OK:
		f->ok++;
		break;
	case MODEL_DMA_STALL:
		f->stalls++;
		break;
	default:
		f->faults++;
		break;
	}
}

/* A valid-looking configuration, with random choices in every field. */
static void fuzz_program(struct fuzz *f)
{
	struct ctx *c = f->c;
	unsigned int cb = rnd() % 4, tsz = 16 + rnd() % 24, i;
	bool g64 = rnd() & 1;
	u32 sctlr = SMMU_SCTLR_M |
		    (rnd() & (SMMU_SCTLR_CFRE | SMMU_SCTLR_CFIE |
			      SMMU_SCTLR_CFCFG | SMMU_SCTLR_HUPCF |
			      SMMU_SCTLR_AFFD | SMMU_SCTLR_WXN | SMMU_SCTLR_E));

	if (rnd() % 8 == 0)
		tsz = rnd() % 64;
	cb_setup(c, cb, g64 ? f->root64k : f->root4k, rnd() & 0xffff,
		 rnd() & 0xff,
		 FIELD_PREP(SMMU_TCR_T0SZ, tsz) |
			 FIELD_PREP(SMMU_TCR_TG0,
				    g64 ? SMMU_TCR_TG0_64K
					: (rnd() % 8 ? SMMU_TCR_TG0_4K
						     : rnd() % 4)) |
			 FIELD_PREP(SMMU_TCR_T1SZ, 16 + rnd() % 24) |
			 FIELD_PREP(SMMU_TCR_TG1, rnd() % 4) |
			 (rnd() & 1 ? SMMU_TCR_EPD1 : 0) |
			 (rnd() & 1 ? SMMU_TCR_A1 : 0),
		 sctlr);
	wr(c, cbr(c, cb, SMMU_CB_TCR2),
	   (u32)rnd() & (SMMU_TCR2_PASIZE | SMMU_TCR2_AS | SMMU_TCR2_SEP |
			 SMMU_TCR2_TBI0 | SMMU_TCR2_TBI1));
	wr64(c, cbr(c, cb, SMMU_CB_TTBR1), rnd_val(f));
	for (i = 0; i < 48; i++)
		wr(c, SMMU_GR0_SMR(i), 0);
	stream(c, rnd() % 4, SID + (rnd() & 1), rnd() & 1,
	       s2cr_trans(rnd() % 16 ? cb : rnd()) |
		       ((u32)rnd() & (SMMU_S2CR_PRIVCFG | SMMU_S2CR_INSTCFG)));
	wr(c, SMMU_GR0_sCR0,
	   (u32)rnd() & (SMMU_sCR0_GFRE | SMMU_sCR0_GFIE | SMMU_sCR0_USFCFG));
	/* A fault handler: clear the faults, resume what stalled. */
	if (rnd() % 4) {
		clear_fsr(c, cb);
		wr(c, cbr(c, cb, SMMU_CB_RESUME), rnd() & 1);
	}
}

static void fuzz_poke(struct fuzz *f)
{
	struct ctx *c = f->c;
	unsigned int cb = rnd() % 4;
	static const u32 cb_regs[] = {
		SMMU_CB_SCTLR,	 SMMU_CB_RESUME,     SMMU_CB_TCR2,
		SMMU_CB_TTBR0,	 SMMU_CB_TTBR0 + 4,  SMMU_CB_TTBR1,
		SMMU_CB_TCR,	 SMMU_CB_MAIR0,	     SMMU_CB_PAR,
		SMMU_CB_FSR,	 SMMU_CB_FSRRESTORE, SMMU_CB_FAR,
		SMMU_CB_TLBIVA,	 SMMU_CB_TLBIVAA,    SMMU_CB_TLBIASID,
		SMMU_CB_TLBIALL, SMMU_CB_TLBIVAL,    SMMU_CB_TLBIVAAL,
		SMMU_CB_TLBSYNC, SMMU_CB_ATS1PR,     SMMU_CB_ATS1UW,
	};
	static const u32 gr0_regs[] = {
		SMMU_GR0_sCR0,	    SMMU_GR0_sGFSR,    SMMU_GR0_sGFSRRESTORE,
		SMMU_GR0_STLBIALL,  SMMU_GR0_TLBIVMID, SMMU_GR0_TLBIALLNSNH,
		SMMU_GR0_sTLBGSYNC, SMMU_GR0_sGATS1PR, SMMU_GR0_sGATS12UW,
		SMMU_GR0_SMR(0),    SMMU_GR0_S2CR(1),  SMMU_GR0_SMR(47),
	};
	u64 off;

	switch (rnd() % 6) {
	case 0:
		off = cbr(c, cb, cb_regs[rnd() % ARRAY_SIZE(cb_regs)]);
		break;
	case 1:
		off = gr0_regs[rnd() % ARRAY_SIZE(gr0_regs)];
		break;
	case 2:
		off = gr1(c, rnd() % 0xc00);
		break;
	default:
		off = rnd() % f->space;
		break;
	}
	if (rnd() & 1)
		wr64(c, off & ~7ULL, rnd_val(f));
	else
		wr(c, off & ~3ULL, (u32)rnd_val(f));
	if (rnd() & 1)
		rd64(c, (rnd() % f->space) & ~7ULL);
}

static void fuzz_run(struct ctx *c, unsigned int epochs, bool dma_writes)
{
	struct fuzz f = {
		.c = c,
		.dma_writes = dma_writes,
		.space = 2ULL * c->numpage << c->pgshift,
	};
	struct model_stats before, after;
	unsigned int e, i;
	u64 off;

	/* Tables for both granules, 16 mappings each. */
	c->g = 16;
	f.root64k = table_alloc(c);
	for (i = 0; i < 16; i++)
		map(c, f.root64k, FUZZ_VA(i), DATA_PA, 3,
		    D_NORMAL | (i & 1 ? D_AP_RO : 0) | (i & 2 ? D_NG : 0));
	c->g = 12;
	f.root4k = table_alloc(c);
	for (i = 0; i < 16; i++)
		map(c, f.root4k, FUZZ_VA(i), DATA_PA + 0x1000 * i, 3,
		    (i & 4 ? D_NORMAL_PRIV : D_NORMAL) | (i & 8 ? D_UXN : 0) |
			    (i == 5 ? 0 : D_AF));

	model_get_stats(c->m, &before);

	/* Every offset of the space, 32 and 64 bits, with DMA between. */
	for (off = 0; off < f.space; off += 4) {
		wr(c, off, (u32)rnd_val(&f));
		if (!(off & 31))
			fuzz_dma(&f);
	}
	for (off = 0; off < f.space; off += 8) {
		wr64(c, off, rnd_val(&f));
		if (!(off & 63))
			fuzz_dma(&f);
	}
	/* A driver's reset: no stream mapping groups in use. */
	for (i = 0; i < 128; i++)
		wr(c, SMMU_GR0_SMR(i), 0);
	/* Configurations that translate, disturbed at random. */
	for (e = 0; e < epochs; e++) {
		fuzz_program(&f);
		for (i = 0; i < 64; i++) {
			if (rnd() % 4 == 0)
				fuzz_poke(&f);
			else
				fuzz_dma(&f);
		}
	}
	/* The fuzz reached translations, faults and stalls. */
	assert_true(f.ok > epochs);
	assert_true(f.faults > epochs);
	assert_true(f.stalls > 0);
	model_get_stats(c->m, &after);
	assert_true(after.walks - before.walks > epochs / 3);
	/* Without DMA writes nothing allocated memory: the SMMU's walks
	 * only read (untouched pages read as zeros without allocation). */
	if (!dma_writes)
		assert_int_equal(after.pages, before.pages);
}

static void test_register_fuzz(void **state)
{
	struct ctx *c = *state;

	rng = 0x9e3779b97f4a7c15ULL; /* every run does the same */
	mem_fill(c, DATA_PA, 0x33, 64);
	/* Reads only: the SMMU itself never writes memory. */
	fuzz_run(c, 3000, false);
	assert_int_equal(mem_byte(c, DATA_PA), 0x33);
	fuzz_run(c, 3000, true);
	teardown(state);

	/* Other shapes of the SMMU. */
	*state = ctx_new(tweak_64k_pages);
	fuzz_run(*state, 500, true);
	teardown(state);
	*state = ctx_new(tweak_atos);
	fuzz_run(*state, 500, true);
}

/* ------------------------------------------------------------------ */
/* The trace                                                           */

static void test_trace(void **state)
{
	struct ctx *c = *state;
	u64 root = std_setup(c, SCTLR_STD | SMMU_SCTLR_CFCFG);
	const struct model_event *ev;
	enum model_dma_status s;

	mem_fill(c, DATA_PA, 0x01, 1);
	map(c, root, 0x1000, DATA_PA, 3, D_NORMAL);
	c->nev = 0;
	assert_int_equal(peek(c, 0x1000, &s), 0x01);
	ev = last_ev(c, MODEL_EV_WALK);
	assert_string_equal(ev->dev, "smmu");
	assert_int_equal(ev->sid, SID);
	assert_int_equal(ev->cb, 0);
	assert_int_equal(ev->level, 3);
	assert_int_equal(ev->descriptor & ~0xfffULL & GENMASK_ULL(47, 0),
			 DATA_PA);
	ev = last_ev(c, MODEL_EV_XLATE);
	assert_int_equal(ev->va, 0x1000);
	assert_int_equal(ev->pa, DATA_PA);
	assert_int_equal(peek(c, 0x2000, &s), -1);
	ev = last_ev(c, MODEL_EV_FAULT);
	assert_int_equal(ev->fsr, SMMU_FSR_TF | SMMU_FSR_SS);
	assert_int_equal(ev->va, 0x2000);
	assert_non_null(last_ev(c, MODEL_EV_STALL));
	wr(c, cbr(c, 0, SMMU_CB_RESUME), 1);
	assert_non_null(last_ev(c, MODEL_EV_RESUME));
	wr(c, cbr(c, 0, SMMU_CB_TLBIALL), 0);
	assert_int_equal(last_ev(c, MODEL_EV_TLBI)->kind, MODEL_EVK_TLBIALL);
	assert_int_equal(last_ev(c, MODEL_EV_TLBI)->len, 1);
	sync_cb(c, 0);
	assert_int_equal(last_ev(c, MODEL_EV_SYNC)->kind, MODEL_EVK_TLBSYNC);
	assert_true(model_time(c->m) > 0);
	/* The old names, kept for one release, say the same. */
	ev = last_ev(c, MODEL_EV_FAULT);
	assert_int_equal(ev->desc, ev->fsr);
	assert_string_equal(ev->what, "translation");
	assert_null(last_ev(c, MODEL_EV_XLATE)->what);
}

/* The names follow from the event list: each one set, none twice. */
static void test_event_names(void **state)
{
	unsigned int i, j;

	(void)state;
	for (i = 0; i < MODEL_EV_COUNT; i++) {
		assert_non_null(model_ev_name(i));
		assert_string_not_equal(model_ev_name(i), "?");
		assert_non_null(model_ev_arg_name(i));
	}
	assert_string_equal(model_ev_name(MODEL_EV_COUNT), "?");
	assert_string_equal(model_ev_name(MODEL_EV_GFAULT), "global fault");
	assert_string_equal(model_ev_arg_name(MODEL_EV_TLBI), "asid");
	assert_string_equal(model_ev_arg_name(MODEL_EV_XLATE), "");
	assert_null(model_ev_kind_name(MODEL_EVK_NONE));
	assert_null(model_ev_kind_name(MODEL_EVK_COUNT));
	for (i = 1; i < MODEL_EVK_COUNT; i++) {
		assert_non_null(model_ev_kind_name(i));
		for (j = 1; j < i; j++)
			assert_string_not_equal(model_ev_kind_name(i),
						model_ev_kind_name(j));
	}
	assert_string_equal(model_ev_kind_name(MODEL_EVK_ICF_AARCH32),
			    "icf-aarch32-unsupported");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_and_ids, setup,
						teardown),
		cmocka_unit_test(test_layout),
		cmocka_unit_test_setup_teardown(test_clientpd_bypass, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_usf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usf_bypass, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_smr_match, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s2cr_types, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_translate_4k, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_granules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_sizes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ttbr1_and_sign_extension,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_endian_tables, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stream_indexing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_m0_passthrough, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_translation_fault_levels,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_size_fault, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_access_flag, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_permission_faults, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_external_fault, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_terminate_cfre, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hupcf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stall_retry, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stall_hupcf, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stall_rerouted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stall_terminate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_irq, setup, teardown),
		cmocka_unit_test(test_memo_coherent),
		cmocka_unit_test_setup_teardown(test_tlbi_each_kind, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tlbi_asid_global, setup,
						teardown),
		cmocka_unit_test(test_tlb_banks_and_capacity),
		cmocka_unit_test_setup_teardown(test_cttw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_delay, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crosscheck_pgtable, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_register_fuzz, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_trace, setup, teardown),
		cmocka_unit_test(test_event_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
