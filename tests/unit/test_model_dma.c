// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The ZDMA and AXI CDMA models on a whole ZCU102 node, driven only through
 * their registers (model_io) and model_run(), with memory filled and
 * checked through the CPU's view.  The SMMU is put in bypass (sCR0.CLIENTPD,
 * its reset value), so DMA addresses are physical; the tests that need
 * stalls or aborts put a scripted IOMMU in its place (model_set_iommu).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model-internal.h"
#include "vadma/hw/axi_cdma.h"
#include "vadma/hw/smmu.h"
#include "vadma/hw/zdma.h"

#define SRC_BASE   0x01000000ULL /* RAM */
#define DST_BASE   0x04000000ULL
#define DSCR_BASE  0x08000000ULL
#define NOT_RAM	   0x100000000ULL /* between ddr-low and ddr-high */
#define RAM_END	   0x80000000ULL  /* end of ddr-low */
#define HIGH_SRC   0x810000000ULL /* ddr-high */
#define HIGH_DST   0x820000000ULL
#define GUARD	   64
#define GUARD_BYTE 0xa5
#define RUN_STEPS  (1ULL << 22)
#define EV_MAX	   (1U << 16)
#define TIO_LOG	   4096

/* A scripted IOMMU: identity (or a remap), stalls and aborts on demand. */
struct tio_call {
	u32 sid;
	u64 addr;
	u32 flags;
};

struct tio {
	u64 abort_lo; /* [abort_lo, abort_hi) terminate: SLVERR */
	u64 abort_hi;
	u64 stall_addr;		 /* stall this address ... */
	u32 stall_flags;	 /* ... for this direction ... */
	unsigned int stall_left; /* ... this many more times */
	unsigned int stalled;
	bool remap; /* addresses above 4 GiB land in RAM */
	u64 max_addr;
	unsigned int calls;
	struct tio_call log[TIO_LOG];
};

struct tctx {
	struct model *m;
	struct vadma_io zdma;
	struct vadma_io cdma;
	u32 zdma_irq;
	u32 cdma_irq;
	struct model_event *ev;
	unsigned int nev;
	struct tio tio;
};

static enum model_xlate_status tio_translate(void *iommu, u32 sid, u64 addr,
					     u32 flags, u64 *pa)
{
	struct tio *t = iommu;

	if (t->calls < TIO_LOG)
		t->log[t->calls] = (struct tio_call){ sid, addr, flags };
	t->calls++;
	if (addr > t->max_addr)
		t->max_addr = addr;
	if (t->stall_left && addr == t->stall_addr &&
	    (flags & MODEL_DMA_WRITE) == t->stall_flags) {
		t->stall_left--;
		t->stalled++;
		return MODEL_XLATE_STALL;
	}
	if (addr >= t->abort_lo && addr < t->abort_hi)
		return MODEL_XLATE_ABORT;
	*pa = addr;
	if (t->remap && addr >= NOT_RAM)
		*pa = 0x10000000ULL + (addr & 0x3ffffffULL);
	return MODEL_XLATE_OK;
}

static const struct model_iommu_ops tio_ops = {
	.translate = tio_translate,
};

static void trace_cb(void *arg, const struct model_event *ev)
{
	struct tctx *t = arg;

	/* Only the engines' own events; the SMMU's are not under test. */
	if (strcmp(ev->dev, "zdma0") && strcmp(ev->dev, "cdma"))
		return;
	if (t->nev < EV_MAX)
		t->ev[t->nev] = *ev;
	t->nev++;
}

static int setup_common(void **state, bool trace)
{
	struct tctx *t = calloc(1, sizeof(*t));
	struct model_cfg cfg;
	struct vadma_io smmu;

	assert_non_null(t);
	t->ev = calloc(EV_MAX, sizeof(*t->ev));
	assert_non_null(t->ev);
	model_cfg_default(&cfg, &plat_zcu102);
	if (trace) {
		cfg.trace = trace_cb;
		cfg.trace_arg = t;
	}
	assert_int_equal(model_create(&cfg, &t->m), 0);
	/* SMMU in bypass: its reset value, made sure of. */
	smmu = model_io(t->m, plat_zcu102.smmu_base);
	vadma_write32(&smmu, SMMU_GR0_sCR0,
		      vadma_read32(&smmu, SMMU_GR0_sCR0) | SMMU_sCR0_CLIENTPD);
	t->zdma = model_io(t->m, plat_zcu102.zdma[0].base);
	t->cdma = model_io(t->m, plat_zcu102.cdma.base);
	t->zdma_irq = plat_zcu102.zdma[0].irq;
	t->cdma_irq = plat_zcu102.cdma.irq;
	*state = t;
	return 0;
}

static int setup(void **state)
{
	return setup_common(state, false);
}

static int setup_trace(void **state)
{
	return setup_common(state, true);
}

static int teardown(void **state)
{
	struct tctx *t = *state;

	model_destroy(t->m);
	free(t->ev);
	free(t);
	return 0;
}

static void use_tio(struct tctx *t)
{
	memset(&t->tio, 0, sizeof(t->tio));
	model_set_iommu(t->m, &tio_ops, &t->tio);
}

/* Memory through the CPU's view: write, then clean so the engines see it. */
static u64 rng;

static u8 rnd8(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u8)(rng >> 24);
}

static u8 *pattern(u64 len, u64 seed)
{
	u8 *p = malloc(len ? len : 1);
	u64 i;

	assert_non_null(p);
	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < len; i++)
		p[i] = rnd8();
	return p;
}

static void cpu_put(struct tctx *t, u64 pa, const void *buf, u64 len)
{
	assert_int_equal(model_cpu_write(t->m, pa, buf, len), 0);
	model_cpu_clean(t->m, pa, len);
}

static void cpu_fill(struct tctx *t, u64 pa, u8 byte, u64 len)
{
	u8 *p = malloc(len);

	assert_non_null(p);
	memset(p, byte, len);
	cpu_put(t, pa, p, len);
	free(p);
}

static void cpu_get(struct tctx *t, u64 pa, void *buf, u64 len)
{
	assert_int_equal(model_cpu_read(t->m, pa, buf, len), 0);
}

/* A source of @len random bytes at @src; the destination and guards set. */
static u8 *prepare(struct tctx *t, u64 src, u64 dst, u64 len, u64 seed)
{
	u8 *p = pattern(len, seed);

	cpu_put(t, src, p, len);
	cpu_fill(t, dst - GUARD, GUARD_BYTE, len + 2 * GUARD);
	return p;
}

/* [dst, dst + ok) holds @want, the rest up to @len and the guards do not. */
static void check_copy(struct tctx *t, u64 dst, const u8 *want, u64 ok, u64 len)
{
	u8 *got = malloc(len + 2 * GUARD);
	u64 i;

	assert_non_null(got);
	cpu_get(t, dst - GUARD, got, len + 2 * GUARD);
	for (i = 0; i < GUARD; i++) {
		assert_int_equal(got[i], GUARD_BYTE);
		assert_int_equal(got[GUARD + len + i], GUARD_BYTE);
	}
	if (ok)
		assert_memory_equal(got + GUARD, want, ok);
	for (i = ok; i < len; i++)
		assert_int_equal(got[GUARD + i], GUARD_BYTE);
	free(got);
}

static enum model_run_result run(struct tctx *t)
{
	enum model_run_result r = model_run(t->m, RUN_STEPS);

	assert_int_not_equal(r, MODEL_RUN_BUDGET);
	return r;
}

/* ZDMA helpers */

static u32 zr(struct tctx *t, u64 off)
{
	return vadma_read32(&t->zdma, off);
}

static void zw(struct tctx *t, u64 off, u32 val)
{
	vadma_write32(&t->zdma, off, val);
}

static u32 zstate(struct tctx *t)
{
	return FIELD_GET(ZDMA_CH_STATUS_STATE, zr(t, ZDMA_CH_STATUS));
}

static void zdma_words(struct tctx *t, u64 base, u64 addr, u32 size, u32 cntl)
{
	zw(t, base + 0, (u32)addr);
	zw(t, base + 4, (u32)(addr >> 32));
	zw(t, base + 8, size);
	zw(t, base + 12, cntl);
}

static void zdma_simple(struct tctx *t, u64 src, u64 dst, u32 len, u32 mode)
{
	zw(t, ZDMA_CH_CTRL0,
	   FIELD_PREP(ZDMA_CH_CTRL0_MODE, mode) |
		   FIELD_PREP(ZDMA_CH_CTRL0_POINT_TYPE, ZDMA_POINT_TYPE_REG) |
		   ZDMA_CH_CTRL0_OVR_FETCH);
	zdma_words(t, ZDMA_CH_SRC_DSCR_WORD0, src, len, 0);
	zdma_words(t, ZDMA_CH_DST_DSCR_WORD0, dst, len, 0);
}

static void zdma_go(struct tctx *t)
{
	zw(t, ZDMA_CH_CTRL2, ZDMA_CH_CTRL2_EN);
}

/* Clear ISR and TOTAL_BYTE for the next transfer. */
static void zdma_ack(struct tctx *t)
{
	zw(t, ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);
	zw(t, ZDMA_CH_TOTAL_BYTE, zr(t, ZDMA_CH_TOTAL_BYTE));
	assert_int_equal(zr(t, ZDMA_CH_ISR), 0);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 0);
}

/* CDMA helpers */

static u32 cr(struct tctx *t, u64 off)
{
	return vadma_read32(&t->cdma, off);
}

static void cw(struct tctx *t, u64 off, u32 val)
{
	vadma_write32(&t->cdma, off, val);
}

static void cdma_copy(struct tctx *t, u64 src, u64 dst, u32 len)
{
	cw(t, CDMA_SA, (u32)src);
	cw(t, CDMA_SA_MSB, (u32)(src >> 32));
	cw(t, CDMA_DA, (u32)dst);
	cw(t, CDMA_DA_MSB, (u32)(dst >> 32));
	cw(t, CDMA_BTT, len);
}

static void cdma_soft_reset(struct tctx *t)
{
	cw(t, CDMA_CDMACR, CDMA_CDMACR_Reset);
	assert_int_equal(cr(t, CDMA_CDMACR) & CDMA_CDMACR_Reset, 0);
}

/*
 * The trace of one transfer by @dev: START, then read and write bursts in
 * pairs (none across 4 KiB, at most @max bytes), then DONE; @ok bytes
 * moved, the transfer failed iff @err.
 */
static void check_trace(struct tctx *t, const char *dev, u32 sid, u64 src,
			u64 dst, u64 len, u64 ok, bool err, u64 max)
{
	u64 rd = src, wr = dst, moved = 0;
	unsigned int i;

	assert_true(t->nev >= 2 && t->nev <= EV_MAX);
	for (i = 0; i < t->nev; i++) {
		assert_string_equal(t->ev[i].dev, dev);
		assert_int_equal(t->ev[i].sid, sid);
		assert_int_equal(t->ev[i].cb, -1);
	}
	assert_int_equal(t->ev[0].ev, MODEL_EV_DMA_START);
	assert_int_equal(t->ev[0].va, src);
	assert_int_equal(t->ev[0].pa, dst);
	assert_int_equal(t->ev[0].len, len);
	for (i = 1; i + 1 < t->nev; i++) {
		const struct model_event *e = &t->ev[i];

		assert_int_equal(e->ev, MODEL_EV_DMA_BEAT);
		assert_true(e->len > 0 && e->len <= max);
		assert_true((e->va & 4095) + e->len <= 4096);
		if (!(e->flags & MODEL_EVF_WRITE)) {
			assert_int_equal(e->va, rd);
			rd += e->len;
			continue;
		}
		assert_int_equal(e->va, wr);
		/* A write carries what the read before it fetched. */
		assert_int_equal(t->ev[i - 1].ev, MODEL_EV_DMA_BEAT);
		assert_false(t->ev[i - 1].flags & MODEL_EVF_WRITE);
		assert_int_equal(t->ev[i - 1].len, e->len);
		if (!(e->flags & MODEL_EVF_ERROR)) {
			wr += e->len;
			moved += e->len;
		}
	}
	assert_int_equal(t->ev[t->nev - 1].ev, MODEL_EV_DMA_DONE);
	assert_int_equal(t->ev[t->nev - 1].len, ok);
	assert_int_equal(moved, ok);
	assert_int_equal(!!(t->ev[t->nev - 1].flags & MODEL_EVF_ERROR), err);
}

/* ZDMA: registers */

static void test_zdma_reset_values(void **state)
{
	struct tctx *t = *state;

	assert_int_equal(zr(t, ZDMA_ERR_CTRL), 0x1);
	assert_int_equal(zr(t, ZDMA_CH_ISR), 0);
	assert_int_equal(zr(t, ZDMA_CH_IMR), 0xfff);
	assert_int_equal(zr(t, ZDMA_CH_IEN), 0);
	assert_int_equal(zr(t, ZDMA_CH_IDS), 0);
	assert_int_equal(zr(t, ZDMA_CH_CTRL0), ZDMA_CH_CTRL0_RESET);
	assert_int_equal(zr(t, ZDMA_CH_CTRL1), ZDMA_CH_CTRL1_RESET);
	assert_int_equal(zr(t, ZDMA_CH_STATUS), 0);
	assert_int_equal(zr(t, ZDMA_CH_DATA_ATTR), ZDMA_CH_DATA_ATTR_RESET);
	assert_int_equal(zr(t, ZDMA_CH_DSCR_ATTR), ZDMA_CH_DSCR_ATTR_RESET);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 0);
	assert_int_equal(zr(t, ZDMA_CH_IRQ_SRC_ACCT), 0);
	assert_int_equal(zr(t, ZDMA_CH_CTRL2), 0);
	assert_int_equal(zr(t, ZDMA_CH_SRC_CUR_PYLD_LSB), 0);
	assert_false(model_irq_pending(t->m, t->zdma_irq));
}

static void test_zdma_fields(void **state)
{
	struct tctx *t = *state;
	static const struct {
		u64 off;
		u32 mask;
	} rw[] = {
		{ ZDMA_CH_SRC_DSCR_WORD0, 0xffffffff },
		{ ZDMA_CH_SRC_DSCR_WORD1, 0x0001ffff },
		{ ZDMA_CH_SRC_DSCR_WORD2, 0x3fffffff },
		{ ZDMA_CH_SRC_DSCR_WORD3, 0x0000001f },
		{ ZDMA_CH_DST_DSCR_WORD1, 0x0001ffff },
		{ ZDMA_CH_DST_DSCR_WORD2, 0x3fffffff },
		{ ZDMA_CH_DST_DSCR_WORD3, 0x00000007 },
		{ ZDMA_CH_SRC_START_MSB, 0x0001ffff },
		{ ZDMA_CH_DST_START_MSB, 0x0001ffff },
		{ ZDMA_CH_DATA_ATTR, 0x0fffffff },
		{ ZDMA_CH_DSCR_ATTR, 0x000001ff },
		{ ZDMA_CH_CTRL1, 0x000003ff },
		{ ZDMA_CH_RATE_CNTL, 0x00000fff },
		{ ZDMA_CH_WR_ONLY_WORD2, 0xffffffff },
		/* CONT reads back 0 */
		{ ZDMA_CH_CTRL0, 0x000000fc },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rw); i++) {
		zw(t, rw[i].off, 0xffffffff);
		assert_int_equal(zr(t, rw[i].off), rw[i].mask);
		zw(t, rw[i].off, 0);
		assert_int_equal(zr(t, rw[i].off), 0);
	}
	/* Read-only registers ignore writes. */
	zw(t, ZDMA_CH_STATUS, 0xffffffff);
	assert_int_equal(zr(t, ZDMA_CH_STATUS), 0);
	zw(t, ZDMA_CH_IMR, 0);
	assert_int_equal(zr(t, ZDMA_CH_IMR), 0xfff);
	zw(t, ZDMA_CH_DST_CUR_DSCR_LSB, 0xffffffff);
	assert_int_equal(zr(t, ZDMA_CH_DST_CUR_DSCR_LSB), 0);
	/* IEN and IDS move IMR, bit by bit. */
	zw(t, ZDMA_CH_IEN, ZDMA_CH_IRQ_DMA_DONE | BIT(20));
	assert_int_equal(zr(t, ZDMA_CH_IMR), 0xfff & ~ZDMA_CH_IRQ_DMA_DONE);
	zw(t, ZDMA_CH_IDS, ZDMA_CH_IRQ_DMA_DONE);
	assert_int_equal(zr(t, ZDMA_CH_IMR), 0xfff);
	assert_false(model_irq_pending(t->m, t->zdma_irq));
}

static void test_zdma_unimplemented(void **state)
{
	struct tctx *t = *state;
	static const u64 holes[] = { 0x008, 0x0fc, 0x1a0, 0x1fc, 0x204, 0xffc };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(holes); i++) {
		zw(t, holes[i], 0xffffffff);
		assert_int_equal(zr(t, holes[i]), 0);
		/* INV_APB: an APB address decode error */
		assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_INV_APB);
		zw(t, ZDMA_CH_ISR, ZDMA_CH_IRQ_INV_APB);
		assert_int_equal(zr(t, ZDMA_CH_ISR), 0);
	}
	/* The channel is untouched. */
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
}

/* ZDMA: simple-mode copies */

static void zdma_copy_check(struct tctx *t, u64 src, u64 dst, u32 len, u64 seed)
{
	u8 *want = prepare(t, src, dst, len, seed);

	zdma_ack(t);
	zdma_simple(t, src, dst, len, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(zstate(t), len ? ZDMA_STATE_BUSY : ZDMA_STATE_DONE);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_CTRL2), 0);
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_DMA_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), len);
	check_copy(t, dst, want, len, len);
	free(want);
}

/* Sizes around beats, bursts and pages; offsets that cross 4 KiB */
/* clang-format off */
static const u32 sizes[] = {
	1, 2, 3, 7, 15, 16, 17, 31, 255, 256, 257, 1000, 4095, 4096, 4097,
	8191, 12345, 65536 + 13,
};
static const u64 offs[][2] = {
	{ 0, 0 }, { 1, 0 }, { 0, 1 }, { 3, 13 }, { 15, 1 },
	{ 4090, 7 }, { 5, 4095 }, { 4080, 4088 },
};
/* clang-format on */

static void test_zdma_copy_sizes(void **state)
{
	struct tctx *t = *state;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < ARRAY_SIZE(offs); j++)
			zdma_copy_check(t, SRC_BASE + offs[j][0],
					DST_BASE + offs[j][1], sizes[i],
					i * 16 + j);
}

static void test_zdma_copy_1mib(void **state)
{
	struct tctx *t = *state;
	struct model_stats st;
	u64 before;

	model_get_stats(t->m, &st);
	before = st.dma_bytes;
	zdma_copy_check(t, SRC_BASE, DST_BASE, 1 << 20, 99);
	model_get_stats(t->m, &st);
	/* read + write */
	assert_int_equal(st.dma_bytes - before, 2 << 20);
	/* 16-beat bursts of 16 bytes: 4096 of them, a tick per beat */
	assert_true(model_time(t->m) >= (1 << 20) / 16);
	zdma_copy_check(t, SRC_BASE + 9, DST_BASE + 3, (1 << 20) + 5, 98);
}

static void test_zdma_size0(void **state)
{
	struct tctx *t = *state;
	struct model_stats st;

	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 2 * GUARD);
	model_get_stats(t->m, &st);
	zdma_simple(t, SRC_BASE, DST_BASE, 0, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_DMA_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 0);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	check_copy(t, DST_BASE, NULL, 0, 0);
	/* One side of size 0 is as good as both. */
	zdma_ack(t);
	zdma_simple(t, SRC_BASE, DST_BASE, 100, ZDMA_MODE_RW);
	zw(t, ZDMA_CH_DST_DSCR_WORD2, 0);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 0);
	check_copy(t, DST_BASE, NULL, 0, 0);
}

static void test_zdma_size_mismatch(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 300, 7);

	zdma_simple(t, SRC_BASE, DST_BASE, 300, ZDMA_MODE_RW);
	zw(t, ZDMA_CH_DST_DSCR_WORD2, 200);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 200);
	check_copy(t, DST_BASE, want, 200, 300);
	free(want);
}

/* ZDMA: interrupts */

static void test_zdma_irq(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 5000, 3);

	/* Enabled: the line rises at the end and falls on the ack. */
	zw(t, ZDMA_CH_IEN,
	   ZDMA_CH_IRQ_DMA_DONE | ZDMA_CH_IRQ_AXI_RD_DATA |
		   ZDMA_CH_IRQ_AXI_WR_DATA);
	zdma_simple(t, SRC_BASE, DST_BASE, 5000, ZDMA_MODE_RW);
	zdma_go(t);
	assert_false(model_irq_pending(t->m, t->zdma_irq));
	assert_int_equal(run(t), MODEL_RUN_IRQ);
	assert_true(model_irq_pending(t->m, t->zdma_irq));
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	/* model_run returns at once while the line is high */
	assert_int_equal(model_run(t->m, 10), MODEL_RUN_IRQ);
	zw(t, ZDMA_CH_ISR, ZDMA_CH_IRQ_DMA_DONE);
	assert_false(model_irq_pending(t->m, t->zdma_irq));
	check_copy(t, DST_BASE, want, 5000, 5000);

	/* Masked: ISR records, the line stays low ... */
	zdma_ack(t);
	zw(t, ZDMA_CH_IDS, ZDMA_CH_IRQ_ALL);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_false(model_irq_pending(t->m, t->zdma_irq));
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_DMA_DONE);
	/* ... until it is unmasked with the status still set. */
	zw(t, ZDMA_CH_IEN, ZDMA_CH_IRQ_DMA_DONE);
	assert_true(model_irq_pending(t->m, t->zdma_irq));
	zw(t, ZDMA_CH_IDS, ZDMA_CH_IRQ_DMA_DONE);
	assert_false(model_irq_pending(t->m, t->zdma_irq));
	zw(t, ZDMA_CH_IEN, ZDMA_CH_IRQ_DMA_DONE);
	assert_true(model_irq_pending(t->m, t->zdma_irq));
	zw(t, ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);
	assert_false(model_irq_pending(t->m, t->zdma_irq));
	free(want);
}

/* ZDMA: errors */

static void zdma_expect_error(struct tctx *t, u32 isr, u32 total)
{
	assert_int_equal(zstate(t), ZDMA_STATE_DONE_ERR);
	assert_int_equal(zr(t, ZDMA_CH_CTRL2), 0);
	assert_int_equal(zr(t, ZDMA_CH_ISR), isr | ZDMA_CH_IRQ_DMA_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), total);
}

static void test_zdma_decerr(void **state)
{
	struct tctx *t = *state;
	u8 *want;

	/* Source outside RAM: nothing is written. */
	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 1000 + 2 * GUARD);
	zdma_simple(t, NOT_RAM, DST_BASE, 1000, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_DATA, 0);
	check_copy(t, DST_BASE, NULL, 0, 1000);

	/* Destination outside RAM */
	zdma_ack(t);
	want = prepare(t, SRC_BASE, DST_BASE, 1000, 5);
	zdma_simple(t, SRC_BASE, NOT_RAM, 1000, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_WR_DATA, 0);
	free(want);

	/* A source running off the end of RAM: the first page is copied. */
	zdma_ack(t);
	want = prepare(t, RAM_END - 4096, DST_BASE, 4096, 6);
	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 8192 + 2 * GUARD);
	zdma_simple(t, RAM_END - 4096, DST_BASE, 8192, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_DATA, 4096);
	check_copy(t, DST_BASE, want, 4096, 8192);
	free(want);

	/* The next transfer after an error is fine. */
	zdma_ack(t);
	zdma_copy_check(t, SRC_BASE, DST_BASE, 777, 8);
}

static void test_zdma_addr_limit(void **state)
{
	struct tctx *t = *state;
	u8 *want;

	use_tio(t);
	t->tio.remap = true;
	/* The top page of the 48-bit space is fine, the next is not there. */
	want = prepare(t, 0x10000000ULL + (0xfffffffff000ULL & 0x3ffffff),
		       DST_BASE, 4096, 11);
	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 8192 + 2 * GUARD);
	zdma_simple(t, 0xfffffffff000ULL, DST_BASE, 8192, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_DATA, 4096);
	check_copy(t, DST_BASE, want, 4096, 8192);
	assert_true(t->tio.max_addr < BIT_ULL(48));
	free(want);

	/* A 49-bit address (WORD1 bit 16) never reaches the bus. */
	zdma_ack(t);
	t->tio.calls = 0;
	zdma_simple(t, SRC_BASE, DST_BASE | BIT_ULL(48), 100, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_WR_DATA, 0);
	assert_int_equal(t->tio.calls, 1); /* the read only */
	assert_false(t->tio.log[0].flags & MODEL_DMA_WRITE);
}

static void test_zdma_slverr(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 3000, 12);

	use_tio(t);
	/* An abort on the third source page */
	t->tio.abort_lo = SRC_BASE + 2048;
	t->tio.abort_hi = SRC_BASE + 2049;
	zdma_simple(t, SRC_BASE, DST_BASE, 3000, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_DATA, 2048);
	check_copy(t, DST_BASE, want, 2048, 3000);

	/* And on a destination write */
	zdma_ack(t);
	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 3000 + 2 * GUARD);
	t->tio.abort_lo = DST_BASE + 256;
	t->tio.abort_hi = DST_BASE + 257;
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_WR_DATA, 256);
	check_copy(t, DST_BASE, want, 256, 3000);
	assert_int_equal(t->tio.log[0].sid, plat_zcu102.zdma[0].sid);
	free(want);
}

/* A stalled transaction is issued again, unchanged, and nothing else. */
static void check_stall_retries(struct tctx *t, u64 addr, u32 flags,
				unsigned int stalls)
{
	unsigned int i, first = ~0U, n = 0;

	assert_true(t->tio.calls < TIO_LOG);
	for (i = 0; i < t->tio.calls; i++)
		if (t->tio.log[i].addr == addr &&
		    (t->tio.log[i].flags & MODEL_DMA_WRITE) == flags) {
			if (first == ~0U)
				first = i;
			n++;
		}
	assert_int_equal(n, stalls + 1);
	for (i = first; i <= first + stalls; i++) {
		assert_int_equal(t->tio.log[i].addr, addr);
		assert_int_equal(t->tio.log[i].flags, t->tio.log[first].flags);
	}
}

static void test_zdma_stall(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE + 8, 2000, 13);

	use_tio(t);
	/* A write that stalls: the engine waits in place. */
	t->tio.stall_addr = DST_BASE + 8 + 248;
	t->tio.stall_flags = MODEL_DMA_WRITE;
	t->tio.stall_left = 1000000;
	zdma_simple(t, SRC_BASE, DST_BASE + 8, 2000, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(model_run(t->m, 50), MODEL_RUN_BUDGET);
	assert_int_equal(zstate(t), ZDMA_STATE_BUSY);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 248);
	/* "resumed": it completes */
	t->tio.stall_left = 0;
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	check_copy(t, DST_BASE + 8, want, 2000, 2000);
	check_stall_retries(t, DST_BASE + 8 + 248, MODEL_DMA_WRITE,
			    t->tio.stalled);
	free(want);

	/* A read that stalls three times */
	zdma_ack(t);
	want = prepare(t, SRC_BASE, DST_BASE, 2000, 14);
	t->tio.calls = 0;
	t->tio.stalled = 0;
	t->tio.stall_addr = SRC_BASE + 512;
	t->tio.stall_flags = 0;
	t->tio.stall_left = 3;
	zdma_simple(t, SRC_BASE, DST_BASE, 2000, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(t->tio.stalled, 3);
	check_copy(t, DST_BASE, want, 2000, 2000);
	check_stall_retries(t, SRC_BASE + 512, 0, 3);
	free(want);
}

/* ZDMA: registers written while busy */

static void test_zdma_busy_writes(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 65536, 15);
	u8 *want2;

	cpu_fill(t, DST_BASE + 0x100000 - GUARD, GUARD_BYTE, 4096 + 2 * GUARD);
	zdma_simple(t, SRC_BASE, DST_BASE, 65536, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(model_run(t->m, 10), MODEL_RUN_BUDGET);
	assert_int_equal(zstate(t), ZDMA_STATE_BUSY);
	assert_int_equal(zr(t, ZDMA_CH_CTRL2), ZDMA_CH_CTRL2_EN);
	/* New descriptors, EN again, EN off, attributes: all while busy */
	zdma_words(t, ZDMA_CH_SRC_DSCR_WORD0, SRC_BASE + 0x200000, 4096, 0);
	zdma_words(t, ZDMA_CH_DST_DSCR_WORD0, DST_BASE + 0x100000, 4096, 0);
	zw(t, ZDMA_CH_DATA_ATTR, 0);
	zdma_go(t);
	zw(t, ZDMA_CH_CTRL2, 0);
	assert_int_equal(zr(t, ZDMA_CH_CTRL2), ZDMA_CH_CTRL2_EN);
	zw(t, ZDMA_CH_CTRL0, 0xff);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	/* The running transfer was not disturbed, nothing else started. */
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 65536);
	check_copy(t, DST_BASE, want, 65536, 65536);
	check_copy(t, DST_BASE + 0x100000, NULL, 0, 4096);
	/* The registers hold what was written, and the next EN uses it. */
	assert_int_equal(zr(t, ZDMA_CH_SRC_DSCR_WORD0),
			 (u32)(SRC_BASE + 0x200000));
	assert_int_equal(zr(t, ZDMA_CH_DST_DSCR_WORD2), 4096);
	zw(t, ZDMA_CH_CTRL0, ZDMA_CH_CTRL0_RESET);
	zw(t, ZDMA_CH_DATA_ATTR, ZDMA_CH_DATA_ATTR_RESET);
	zdma_ack(t);
	want2 = prepare(t, SRC_BASE + 0x200000, DST_BASE + 0x100000, 4096, 16);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	check_copy(t, DST_BASE + 0x100000, want2, 4096, 4096);
	free(want);
	free(want2);
}

/* ZDMA: write-only and read-only modes */

static void test_zdma_wronly_rdonly(void **state)
{
	struct tctx *t = *state;
	u8 want[100];
	unsigned int i;

	for (i = 0; i < 4; i++)
		zw(t, ZDMA_CH_WR_ONLY_WORD0 + 4 * i,
		   0x03020100 + 0x04040404 * i);
	for (i = 0; i < sizeof(want); i++)
		want[i] = (DST_BASE + 3 + i) & 15; /* byte lane */
	cpu_fill(t, DST_BASE + 3 - GUARD, GUARD_BYTE, 100 + 2 * GUARD);
	zdma_simple(t, NOT_RAM, DST_BASE + 3, 100, ZDMA_MODE_WRONLY);
	zw(t, ZDMA_CH_SRC_DSCR_WORD2, 0);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 100);
	check_copy(t, DST_BASE + 3, want, 100, 100);

	/* Read-only: reads the source, writes nothing */
	zdma_ack(t);
	free(prepare(t, SRC_BASE, DST_BASE, 1000, 17));
	zdma_simple(t, SRC_BASE, DST_BASE, 1000, ZDMA_MODE_RDONLY);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_DMA_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 0);
	check_copy(t, DST_BASE, NULL, 0, 1000);
	/* ... and a read error is still one */
	zdma_ack(t);
	zdma_simple(t, NOT_RAM, DST_BASE, 1000, ZDMA_MODE_RDONLY);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_DATA, 0);
}

/* ZDMA: scatter-gather */

static void put_dscr(struct tctx *t, u64 at, u64 addr, u32 size, u32 cntl,
		     u64 next)
{
	u32 w[8] = {
		cpu_to_le32((u32)addr),
		cpu_to_le32((u32)(addr >> 32)),
		cpu_to_le32(size),
		cpu_to_le32(cntl),
		cpu_to_le32((u32)next),
		cpu_to_le32((u32)(next >> 32)),
		0,
		0,
	};

	cpu_put(t, at, w, (cntl & ZDMA_DSCR_WORD3_TYPE) ? 32 : 16);
}

static void zdma_sg(struct tctx *t, u64 src_list, u64 dst_list)
{
	zw(t, ZDMA_CH_CTRL0,
	   ZDMA_CH_CTRL0_OVR_FETCH |
		   FIELD_PREP(ZDMA_CH_CTRL0_POINT_TYPE, ZDMA_POINT_TYPE_MEM));
	zw(t, ZDMA_CH_SRC_START_LSB, (u32)src_list);
	zw(t, ZDMA_CH_SRC_START_MSB, (u32)(src_list >> 32));
	zw(t, ZDMA_CH_DST_START_LSB, (u32)dst_list);
	zw(t, ZDMA_CH_DST_START_MSB, (u32)(dst_list >> 32));
}

#define STOP   FIELD_PREP(ZDMA_DSCR_WORD3_CMD, ZDMA_DSCR_CMD_STOP)
#define PAUSE  FIELD_PREP(ZDMA_DSCR_WORD3_CMD, ZDMA_DSCR_CMD_PAUSE)
#define INTR   ZDMA_DSCR_WORD3_INTR
#define LINKED ZDMA_DSCR_WORD3_TYPE

static void test_zdma_sg_linear(void **state)
{
	struct tctx *t = *state;
	u8 *src = pattern(10000, 18);
	u8 want[5137];

	cpu_put(t, SRC_BASE, src, 10000);
	memcpy(want, src, 100);
	memcpy(want + 100, src + 1000, 5000);
	memcpy(want + 5100, src + 9000, 37);
	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 4000 + 2 * GUARD);
	cpu_fill(t, DST_BASE + 8000 - GUARD, GUARD_BYTE, 1137 + 2 * GUARD);
	put_dscr(t, DSCR_BASE, SRC_BASE, 100, INTR, 0);
	put_dscr(t, DSCR_BASE + 16, SRC_BASE + 1000, 5000, INTR, 0);
	put_dscr(t, DSCR_BASE + 32, SRC_BASE + 9000, 37, INTR | STOP, 0);
	put_dscr(t, DSCR_BASE + 0x1000, DST_BASE, 4000, INTR, 0);
	put_dscr(t, DSCR_BASE + 0x1010, DST_BASE + 8000, 1137, INTR, 0);
	zdma_sg(t, DSCR_BASE, DSCR_BASE + 0x1000);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_SRC_DSCR_DONE |
						     ZDMA_CH_IRQ_DST_DSCR_DONE |
						     ZDMA_CH_IRQ_DMA_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 5137);
	check_copy(t, DST_BASE, want, 4000, 4000);
	check_copy(t, DST_BASE + 8000, want + 4000, 1137, 1137);
	/* Interrupt accounting, cleared by the read */
	assert_int_equal(zr(t, ZDMA_CH_IRQ_SRC_ACCT), 3);
	assert_int_equal(zr(t, ZDMA_CH_IRQ_DST_ACCT), 2);
	assert_int_equal(zr(t, ZDMA_CH_IRQ_SRC_ACCT), 0);
	assert_int_equal(zr(t, ZDMA_CH_IRQ_DST_ACCT), 0);
	assert_int_equal(zr(t, ZDMA_CH_SRC_CUR_DSCR_LSB), (u32)DSCR_BASE + 32);
	assert_int_equal(zr(t, ZDMA_CH_DST_CUR_DSCR_LSB),
			 (u32)DSCR_BASE + 0x1010);
	free(src);
}

static void test_zdma_sg_linked_pause(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 500, 19);

	/* Linked SRC descriptors: pause after the first, stop after the next */
	put_dscr(t, DSCR_BASE, SRC_BASE, 300, LINKED | PAUSE,
		 DSCR_BASE + 0x100);
	put_dscr(t, DSCR_BASE + 0x100, SRC_BASE + 300, 200, LINKED | STOP, 0);
	put_dscr(t, DSCR_BASE + 0x1000, DST_BASE, 500, INTR, 0);
	zdma_sg(t, DSCR_BASE, DSCR_BASE + 0x1000);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_PAUSED);
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_DMA_PAUSE);
	assert_int_equal(zr(t, ZDMA_CH_CTRL2), ZDMA_CH_CTRL2_EN);
	check_copy(t, DST_BASE, want, 300, 500);
	/* CONT with EN set: on to the next descriptor */
	zw(t, ZDMA_CH_CTRL0, zr(t, ZDMA_CH_CTRL0) | ZDMA_CH_CTRL0_CONT);
	assert_false(zr(t, ZDMA_CH_CTRL0) & ZDMA_CH_CTRL0_CONT);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_DMA_PAUSE |
						     ZDMA_CH_IRQ_DST_DSCR_DONE |
						     ZDMA_CH_IRQ_DMA_DONE);
	check_copy(t, DST_BASE, want, 500, 500);

	/* Pause, then EN = 0 and CONT: the channel is disabled. */
	zdma_ack(t);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_PAUSED);
	zw(t, ZDMA_CH_CTRL2, 0);
	zw(t, ZDMA_CH_CTRL0, zr(t, ZDMA_CH_CTRL0) | ZDMA_CH_CTRL0_CONT);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_CTRL2), 0);
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_DMA_PAUSE);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	free(want);
}

/* CONT_ADDR: continue at SRC_START/DST_START, not where it paused */
static void test_zdma_sg_cont_addr(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 1050, 23);

	cpu_fill(t, DST_BASE + 0x2000 - GUARD, GUARD_BYTE, 50 + 2 * GUARD);
	put_dscr(t, DSCR_BASE, SRC_BASE, 300, PAUSE, 0);
	put_dscr(t, DSCR_BASE + 16, SRC_BASE + 300, 200, STOP, 0);
	put_dscr(t, DSCR_BASE + 0x1000, DST_BASE, 500, 0, 0);
	zdma_sg(t, DSCR_BASE, DSCR_BASE + 0x1000);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_PAUSED);
	/* New lists while paused */
	put_dscr(t, DSCR_BASE + 0x800, SRC_BASE + 1000, 50, STOP, 0);
	put_dscr(t, DSCR_BASE + 0x1800, DST_BASE + 0x2000, 50, INTR, 0);
	zw(t, ZDMA_CH_SRC_START_LSB, (u32)DSCR_BASE + 0x800);
	zw(t, ZDMA_CH_DST_START_LSB, (u32)DSCR_BASE + 0x1800);
	zw(t, ZDMA_CH_CTRL0,
	   zr(t, ZDMA_CH_CTRL0) | ZDMA_CH_CTRL0_CONT_ADDR | ZDMA_CH_CTRL0_CONT);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 350);
	check_copy(t, DST_BASE, want, 300, 500);
	check_copy(t, DST_BASE + 0x2000, want + 1000, 50, 50);
	free(want);
}

/* The 8-bit accounting counter wraps with IRQ_SRC_ACCT_ERR. */
static void test_zdma_sg_acct_overflow(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 256, 24);
	unsigned int i;

	for (i = 0; i < 256; i++)
		put_dscr(t, DSCR_BASE + 16 * i, SRC_BASE + i, 1,
			 INTR | (i == 255 ? STOP : 0), 0);
	put_dscr(t, DSCR_BASE + 0x2000, DST_BASE, 256, INTR, 0);
	zdma_sg(t, DSCR_BASE, DSCR_BASE + 0x2000);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_ISR),
			 ZDMA_CH_IRQ_SRC_DSCR_DONE | ZDMA_CH_IRQ_DST_DSCR_DONE |
				 ZDMA_CH_IRQ_IRQ_SRC_ACCT_ERR |
				 ZDMA_CH_IRQ_DMA_DONE);
	assert_int_equal(zr(t, ZDMA_CH_IRQ_SRC_ACCT), 0);
	assert_int_equal(zr(t, ZDMA_CH_IRQ_DST_ACCT), 1);
	check_copy(t, DST_BASE, want, 256, 256);
	free(want);
}

static void test_zdma_sg_errors(void **state)
{
	struct tctx *t = *state;

	put_dscr(t, DSCR_BASE, SRC_BASE, 100, STOP, 0);
	put_dscr(t, DSCR_BASE + 0x1000, DST_BASE, 100, 0, 0);
	/* SRC list outside RAM */
	zdma_sg(t, NOT_RAM, DSCR_BASE + 0x1000);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_SRC_DSCR, 0);
	/* DST list outside RAM */
	zdma_ack(t);
	zdma_sg(t, DSCR_BASE, NOT_RAM);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_DST_DSCR, 0);
	/* A misaligned descriptor */
	zdma_ack(t);
	zdma_sg(t, DSCR_BASE + 4, DSCR_BASE + 0x1000);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_SRC_DSCR, 0);
	/* A linked descriptor not aligned to 32 */
	zdma_ack(t);
	put_dscr(t, DSCR_BASE + 0x210, SRC_BASE, 100, LINKED | STOP, 0);
	zdma_sg(t, DSCR_BASE + 0x210, DSCR_BASE + 0x1000);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_SRC_DSCR, 0);
	/* Payload errors are data errors */
	zdma_ack(t);
	put_dscr(t, DSCR_BASE, NOT_RAM, 100, STOP, 0);
	zdma_sg(t, DSCR_BASE, DSCR_BASE + 0x1000);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	zdma_expect_error(t, ZDMA_CH_IRQ_AXI_RD_DATA, 0);
	/* A list of empty descriptors that never stops: bounded steps */
	zdma_ack(t);
	put_dscr(t, DSCR_BASE + 0x400, SRC_BASE, 0, LINKED, DSCR_BASE + 0x400);
	zdma_sg(t, DSCR_BASE + 0x400, DSCR_BASE + 0x1000);
	zdma_go(t);
	assert_int_equal(model_run(t->m, 1000), MODEL_RUN_BUDGET);
	assert_int_equal(zstate(t), ZDMA_STATE_BUSY);
}

/* ZDMA: bursts and trace */

static void test_zdma_trace(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE + 5, DST_BASE + 8, 1500, 20);

	zdma_simple(t, SRC_BASE + 5, DST_BASE + 8, 1500, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	check_trace(t, "zdma0", plat_zcu102.zdma[0].sid, SRC_BASE + 5,
		    DST_BASE + 8, 1500, 1500, false, 256);
	check_copy(t, DST_BASE + 8, want, 1500, 1500);

	/* Burst lengths from DATA_ATTR: 1 beat, then 4 */
	zdma_ack(t);
	t->nev = 0;
	zw(t, ZDMA_CH_DATA_ATTR,
	   ZDMA_CH_DATA_ATTR_RESET &
		   ~(ZDMA_CH_DATA_ATTR_ARLEN | ZDMA_CH_DATA_ATTR_AWLEN));
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	check_trace(t, "zdma0", plat_zcu102.zdma[0].sid, SRC_BASE + 5,
		    DST_BASE + 8, 1500, 1500, false, 16);
	zdma_ack(t);
	t->nev = 0;
	zw(t, ZDMA_CH_DATA_ATTR,
	   (ZDMA_CH_DATA_ATTR_RESET &
	    ~(ZDMA_CH_DATA_ATTR_ARLEN | ZDMA_CH_DATA_ATTR_AWLEN)) |
		   FIELD_PREP(ZDMA_CH_DATA_ATTR_ARLEN, 2) |
		   FIELD_PREP(ZDMA_CH_DATA_ATTR_AWLEN, 2));
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	check_trace(t, "zdma0", plat_zcu102.zdma[0].sid, SRC_BASE + 5,
		    DST_BASE + 8, 1500, 1500, false, 64);
	check_copy(t, DST_BASE + 8, want, 1500, 1500);

	/* An error: the failing beat and DONE carry MODEL_EVF_ERROR. */
	zdma_ack(t);
	t->nev = 0;
	zw(t, ZDMA_CH_DATA_ATTR, ZDMA_CH_DATA_ATTR_RESET);
	zdma_simple(t, RAM_END - 512, DST_BASE, 1024, ZDMA_MODE_RW);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(t->nev, 7);
	assert_int_equal(t->ev[5].ev, MODEL_EV_DMA_BEAT);
	assert_int_equal(t->ev[5].va, RAM_END);
	assert_int_equal(t->ev[5].flags, MODEL_EVF_ERROR);
	assert_int_equal(t->ev[6].ev, MODEL_EV_DMA_DONE);
	assert_int_equal(t->ev[6].flags, MODEL_EVF_ERROR);
	assert_int_equal(t->ev[6].len, 512);
	free(want);
}

static void test_zdma_fixed_burst(void **state)
{
	struct tctx *t = *state;
	u8 *src = pattern(16, 21);
	u8 want[100];
	unsigned int i;

	/* FIXED reads: the same 16-byte beat again and again */
	cpu_put(t, SRC_BASE, src, 16);
	for (i = 0; i < sizeof(want); i++)
		want[i] = src[i % 16];
	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 100 + 2 * GUARD);
	zdma_simple(t, SRC_BASE, DST_BASE, 100, ZDMA_MODE_RW);
	zw(t, ZDMA_CH_DATA_ATTR,
	   ZDMA_CH_DATA_ATTR_RESET & ~ZDMA_CH_DATA_ATTR_ARBURST);
	zdma_go(t);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	check_copy(t, DST_BASE, want, 100, 100);
	free(src);
}

static void test_zdma_total_byte(void **state)
{
	struct tctx *t = *state;

	free(prepare(t, SRC_BASE, DST_BASE, 100, 22));
	zdma_simple(t, SRC_BASE, DST_BASE, 100, ZDMA_MODE_RW);
	zdma_go(t);
	run(t);
	zdma_go(t);
	run(t);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 200);
	/* Writing 0 clears nothing; writing the value read clears it. */
	zw(t, ZDMA_CH_TOTAL_BYTE, 0);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 200);
	zw(t, ZDMA_CH_TOTAL_BYTE, 200);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), 0);
}

/*
 * TOTAL_BYTE wraps in the middle of the 4097th mebibyte: the interrupt
 * comes with the burst that wrapped it (the fast path, a page at a time
 * otherwise, stops there), the rest of the copy after it.
 */
static void test_zdma_total_byte_wrap(void **state)
{
	struct tctx *t = *state;
	const u32 size = (1 << 20) + 768; /* 256-byte bursts, all full */
	u64 moved = 0, left;

	free(prepare(t, SRC_BASE, DST_BASE, size, 23));
	zw(t, ZDMA_CH_IEN, ZDMA_CH_IRQ_BYTE_CNT_OVRFL);
	zdma_simple(t, SRC_BASE, DST_BASE, size, ZDMA_MODE_RW);
	for (;;) {
		zdma_go(t);
		if (run(t) == MODEL_RUN_IRQ)
			break;
		moved += size;
		assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), (u32)moved);
	}
	assert_true(moved + size > (1ULL << 32));
	left = (1ULL << 32) - moved;
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE),
			 (left + 255) / 256 * 256 - left);
	assert_true(zr(t, ZDMA_CH_ISR) & ZDMA_CH_IRQ_BYTE_CNT_OVRFL);
	zw(t, ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(zr(t, ZDMA_CH_TOTAL_BYTE), (u32)(moved + size));
	assert_false(zr(t, ZDMA_CH_ISR) & ZDMA_CH_IRQ_BYTE_CNT_OVRFL);
}

/* CDMA */

static u32 cdma_sr_idle(void)
{
	return FIELD_PREP(CDMA_CDMASR_IRQThresholdSts, 1) | CDMA_CDMASR_Idle;
}

static void test_cdma_reset_values(void **state)
{
	struct tctx *t = *state;
	u64 off;

	assert_int_equal(cr(t, CDMA_CDMACR), 0x00010000);
	assert_int_equal(cr(t, CDMA_CDMASR), 0x00010002);
	for (off = CDMA_CURDESC_PNTR; off <= CDMA_BTT; off += 4)
		assert_int_equal(cr(t, off), 0);
	/* No SG engine: SGMode and the descriptor pointers are RAZ/WI. */
	cw(t, CDMA_CDMACR, 0xffffffff & ~CDMA_CDMACR_Reset);
	assert_int_equal(cr(t, CDMA_CDMACR), 0xffff7070);
	cw(t, CDMA_CURDESC_PNTR, 0x1000);
	cw(t, CDMA_TAILDESC_PNTR, 0x1000);
	assert_int_equal(cr(t, CDMA_CURDESC_PNTR), 0);
	assert_int_equal(cr(t, CDMA_TAILDESC_PNTR), 0);
	assert_int_equal(cr(t, CDMA_CDMASR), 0x00010002);
	/* CDMASR: nothing software can set */
	cw(t, CDMA_CDMASR, 0xffffffff);
	assert_int_equal(cr(t, CDMA_CDMASR), 0x00010002);
	/* Holes read zero */
	cw(t, 0x2c, 0xffffffff);
	assert_int_equal(cr(t, 0x2c), 0);
	assert_int_equal(cr(t, 0xffc), 0);
	cdma_soft_reset(t);
	assert_int_equal(cr(t, CDMA_CDMACR), 0x00010000);
	assert_false(model_irq_pending(t->m, t->cdma_irq));
}

static void cdma_copy_check(struct tctx *t, u64 src, u64 dst, u32 len, u64 seed)
{
	u8 *want = prepare(t, src, dst, len, seed);

	cdma_copy(t, src, dst, len);
	assert_false(cr(t, CDMA_CDMASR) & CDMA_CDMASR_Idle);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(cr(t, CDMA_CDMASR),
			 cdma_sr_idle() | CDMA_CDMASR_IOC_Irq);
	cw(t, CDMA_CDMASR, CDMA_CDMASR_IOC_Irq);
	assert_int_equal(cr(t, CDMA_CDMASR), cdma_sr_idle());
	check_copy(t, dst, want, len, len);
	free(want);
}

static void test_cdma_copy_sizes(void **state)
{
	struct tctx *t = *state;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < ARRAY_SIZE(offs); j++)
			cdma_copy_check(t, SRC_BASE + offs[j][0],
					DST_BASE + offs[j][1], sizes[i],
					100 + i * 16 + j);
}

static void test_cdma_copy_1mib(void **state)
{
	struct tctx *t = *state;

	cdma_copy_check(t, SRC_BASE, DST_BASE, 1 << 20, 200);
	cdma_copy_check(t, 0x800000000ULL + 7, DST_BASE + 1, (1 << 20) + 3,
			201);
}

static void test_cdma_irq(void **state)
{
	struct tctx *t = *state;

	free(prepare(t, SRC_BASE, DST_BASE, 3000, 30));
	cw(t, CDMA_CDMACR, CDMA_CDMACR_IOC_IrqEn | CDMA_CDMACR_Err_IrqEn);
	cdma_copy(t, SRC_BASE, DST_BASE, 3000);
	assert_false(model_irq_pending(t->m, t->cdma_irq));
	assert_int_equal(run(t), MODEL_RUN_IRQ);
	assert_true(model_irq_pending(t->m, t->cdma_irq));
	cw(t, CDMA_CDMASR, CDMA_CDMASR_IOC_Irq);
	assert_false(model_irq_pending(t->m, t->cdma_irq));

	/* Masked: the status is set, the line stays low. */
	cw(t, CDMA_CDMACR, CDMA_CDMACR_Err_IrqEn);
	cw(t, CDMA_BTT, 3000);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_false(model_irq_pending(t->m, t->cdma_irq));
	assert_true(cr(t, CDMA_CDMASR) & CDMA_CDMASR_IOC_Irq);
	/* Enabling it with the status pending raises the line. */
	cw(t, CDMA_CDMACR, CDMA_CDMACR_IOC_IrqEn);
	assert_true(model_irq_pending(t->m, t->cdma_irq));
	cw(t, CDMA_CDMACR, 0);
	assert_false(model_irq_pending(t->m, t->cdma_irq));
	cw(t, CDMA_CDMASR, CDMA_CDMASR_IOC_Irq);

	/* An error raises the error interrupt */
	cw(t, CDMA_CDMACR, CDMA_CDMACR_Err_IrqEn);
	cdma_copy(t, NOT_RAM, DST_BASE, 100);
	assert_int_equal(run(t), MODEL_RUN_IRQ);
	assert_true(model_irq_pending(t->m, t->cdma_irq));
	cw(t, CDMA_CDMASR, CDMA_CDMASR_Err_Irq);
	assert_false(model_irq_pending(t->m, t->cdma_irq));
	/* The error bit itself stays until a reset. */
	assert_true(cr(t, CDMA_CDMASR) & CDMA_CDMASR_DMADecErr);
	cdma_soft_reset(t);
	assert_int_equal(cr(t, CDMA_CDMASR), cdma_sr_idle());
}

static void cdma_expect_error(struct tctx *t, u32 err)
{
	assert_int_equal(cr(t, CDMA_CDMASR),
			 cdma_sr_idle() | err | CDMA_CDMASR_Err_Irq);
}

static void test_cdma_decerr(void **state)
{
	struct tctx *t = *state;
	u8 *want;

	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 1000 + 2 * GUARD);
	cdma_copy(t, NOT_RAM, DST_BASE, 1000);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	cdma_expect_error(t, CDMA_CDMASR_DMADecErr);
	check_copy(t, DST_BASE, NULL, 0, 1000);
	/* Halted: a new BTT starts nothing until a reset. */
	want = prepare(t, SRC_BASE, DST_BASE, 1000, 31);
	cdma_copy(t, SRC_BASE, DST_BASE, 1000);
	assert_int_equal(cr(t, CDMA_BTT), 1000);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	cdma_expect_error(t, CDMA_CDMASR_DMADecErr);
	check_copy(t, DST_BASE, NULL, 0, 1000);
	cdma_soft_reset(t);
	cdma_copy_check(t, SRC_BASE, DST_BASE, 1000, 31);
	free(want);

	/* Destination outside RAM, and running off the end of RAM */
	cdma_copy(t, SRC_BASE, NOT_RAM, 1000);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	cdma_expect_error(t, CDMA_CDMASR_DMADecErr);
	cdma_soft_reset(t);
	want = pattern(8192, 32);
	cpu_put(t, SRC_BASE, want, 8192);
	cdma_copy(t, SRC_BASE, RAM_END - 4096, 8192);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	cdma_expect_error(t, CDMA_CDMASR_DMADecErr);
	{
		u8 got[4096];

		cpu_get(t, RAM_END - 4096, got, sizeof(got));
		assert_memory_equal(got, want, sizeof(got));
	}
	free(want);
	cdma_soft_reset(t);

	/* Beyond the 48-bit space: never reaches the bus */
	use_tio(t);
	cdma_copy(t, SRC_BASE, BIT_ULL(48) + DST_BASE, 100);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	cdma_expect_error(t, CDMA_CDMASR_DMADecErr);
	assert_int_equal(t->tio.calls, 1);
}

static void test_cdma_btt0(void **state)
{
	struct tctx *t = *state;

	cw(t, CDMA_CDMACR, CDMA_CDMACR_Err_IrqEn);
	cdma_copy(t, SRC_BASE, DST_BASE, 0);
	cdma_expect_error(t, CDMA_CDMASR_DMAIntErr);
	assert_true(model_irq_pending(t->m, t->cdma_irq));
	assert_int_equal(model_run(t->m, 10), MODEL_RUN_IRQ);
	cw(t, CDMA_CDMASR, CDMA_CDMASR_Err_Irq);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	/* Bits above the 26-bit BTT are dropped: this is a BTT of 0 too. */
	cdma_soft_reset(t);
	cw(t, CDMA_BTT, 0xfc000000);
	assert_int_equal(cr(t, CDMA_BTT), 0);
	cdma_expect_error(t, CDMA_CDMASR_DMAIntErr);
	cdma_soft_reset(t);
	cdma_copy_check(t, SRC_BASE, DST_BASE, 1, 33);
}

static void test_cdma_slverr(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 3000, 34);

	use_tio(t);
	t->tio.abort_lo = DST_BASE + 512;
	t->tio.abort_hi = DST_BASE + 513;
	cdma_copy(t, SRC_BASE, DST_BASE, 3000);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	cdma_expect_error(t, CDMA_CDMASR_DMASlvErr);
	check_copy(t, DST_BASE, want, 512, 3000);
	assert_int_equal(t->tio.log[0].sid, plat_zcu102.cdma.sid);
	free(want);
}

static void test_cdma_stall(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE + 1, DST_BASE, 3000, 35);

	use_tio(t);
	t->tio.stall_addr = DST_BASE + 255;
	t->tio.stall_flags = MODEL_DMA_WRITE;
	t->tio.stall_left = 1000000;
	cdma_copy(t, SRC_BASE + 1, DST_BASE, 3000);
	assert_int_equal(model_run(t->m, 100), MODEL_RUN_BUDGET);
	assert_false(cr(t, CDMA_CDMASR) & CDMA_CDMASR_Idle);
	t->tio.stall_left = 0;
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(cr(t, CDMA_CDMASR),
			 cdma_sr_idle() | CDMA_CDMASR_IOC_Irq);
	check_copy(t, DST_BASE, want, 3000, 3000);
	check_stall_retries(t, DST_BASE + 255, MODEL_DMA_WRITE, t->tio.stalled);
	free(want);
}

static void test_cdma_busy_writes(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 65536, 36);

	cpu_fill(t, DST_BASE + 0x100000 - GUARD, GUARD_BYTE, 4096 + 2 * GUARD);
	cdma_copy(t, SRC_BASE, DST_BASE, 65536);
	assert_int_equal(model_run(t->m, 10), MODEL_RUN_BUDGET);
	cdma_copy(t, SRC_BASE + 0x200000, DST_BASE + 0x100000, 4096);
	assert_int_equal(cr(t, CDMA_DA), (u32)(DST_BASE + 0x100000));
	assert_int_equal(cr(t, CDMA_BTT), 4096);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(cr(t, CDMA_CDMASR),
			 cdma_sr_idle() | CDMA_CDMASR_IOC_Irq);
	check_copy(t, DST_BASE, want, 65536, 65536);
	check_copy(t, DST_BASE + 0x100000, NULL, 0, 4096);
	free(want);
}

/*
 * A soft reset in the middle of a copy: ten steps, then the reset; @moved
 * bytes made it, nothing after.  A step is a burst on the slow path (with
 * a trace), the bursts of a 4 KiB page on the fast one.
 */
static void cdma_reset_midway(struct tctx *t, u64 moved)
{
	u8 *want = prepare(t, SRC_BASE, DST_BASE, 65536, 37);
	u64 off;

	cw(t, CDMA_CDMACR, CDMA_CDMACR_IOC_IrqEn);
	cdma_copy(t, SRC_BASE, DST_BASE, 65536);
	assert_int_equal(model_run(t->m, 10), MODEL_RUN_BUDGET);
	/* The other bits of a write with Reset are dropped. */
	cw(t, CDMA_CDMACR, CDMA_CDMACR_Reset | CDMA_CDMACR_IOC_IrqEn);
	assert_int_equal(cr(t, CDMA_CDMACR), 0x00010000);
	assert_int_equal(cr(t, CDMA_CDMASR), 0x00010002);
	for (off = CDMA_SA; off <= CDMA_BTT; off += 4)
		assert_int_equal(cr(t, off), 0);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_false(model_irq_pending(t->m, t->cdma_irq));
	check_copy(t, DST_BASE, want, moved, 65536);
	cdma_copy_check(t, SRC_BASE, DST_BASE, 65536, 37);
	free(want);
}

static void test_cdma_soft_reset(void **state)
{
	cdma_reset_midway(*state, 10 * 4096);
}

static void test_cdma_soft_reset_slow(void **state)
{
	cdma_reset_midway(*state, 10 * 256);
}

static void test_cdma_keyhole(void **state)
{
	struct tctx *t = *state;
	u8 *src = pattern(16, 38);
	u8 want[200];
	unsigned int i;

	cpu_put(t, SRC_BASE, src, 16);
	for (i = 0; i < sizeof(want); i++)
		want[i] = src[i % 16];
	cpu_fill(t, DST_BASE - GUARD, GUARD_BYTE, 200 + 2 * GUARD);
	cw(t, CDMA_CDMACR, CDMA_CDMACR_Key_Hole_Read);
	cdma_copy(t, SRC_BASE, DST_BASE, 200);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	check_copy(t, DST_BASE, want, 200, 200);
	free(src);
	/* Key-hole writes: every beat to the same place, the last stays */
	src = prepare(t, SRC_BASE + 0x1000, DST_BASE, 64, 39);
	cw(t, CDMA_CDMASR, CDMA_CDMASR_IOC_Irq);
	cw(t, CDMA_CDMACR, CDMA_CDMACR_Key_Hole_Write);
	cdma_copy(t, SRC_BASE + 0x1000, DST_BASE, 64);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	assert_int_equal(cr(t, CDMA_CDMASR),
			 cdma_sr_idle() | CDMA_CDMASR_IOC_Irq);
	memcpy(want, src + 48, 16);
	check_copy(t, DST_BASE, want, 16, 64);
	free(src);
}

static void test_cdma_trace(void **state)
{
	struct tctx *t = *state;
	u8 *want = prepare(t, SRC_BASE + 3, DST_BASE + 17, 5000, 40);

	cdma_copy(t, SRC_BASE + 3, DST_BASE + 17, 5000);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	check_trace(t, "cdma", plat_zcu102.cdma.sid, SRC_BASE + 3,
		    DST_BASE + 17, 5000, 5000, false, 256);
	check_copy(t, DST_BASE + 17, want, 5000, 5000);
	/* BTT = 0: START then DONE with an error, no beat */
	t->nev = 0;
	cw(t, CDMA_BTT, 0);
	assert_int_equal(t->nev, 2);
	assert_int_equal(t->ev[0].ev, MODEL_EV_DMA_START);
	assert_int_equal(t->ev[1].ev, MODEL_EV_DMA_DONE);
	assert_int_equal(t->ev[1].flags, MODEL_EVF_ERROR);
	/* A decode error mid-way */
	cdma_soft_reset(t);
	t->nev = 0;
	cdma_copy(t, SRC_BASE, RAM_END - 1024, 2048);
	assert_int_equal(run(t), MODEL_RUN_IDLE);
	check_trace(t, "cdma", plat_zcu102.cdma.sid, SRC_BASE, RAM_END - 1024,
		    2048, 1024, true, 256);
	free(want);
}

/* Both: random register writes never crash nor hang the node. */

static u64 frng = 0x2545f4914f6cdd1dULL;

static u64 frand(void)
{
	frng ^= frng << 13;
	frng ^= frng >> 7;
	frng ^= frng << 17;
	return frng;
}

/* ------------------------------------------------------------------ */
/* The fast path against the burst-by-burst one                        */

/*
 * Twins: two nodes programmed alike, with an SMMU that translates, one
 * with a trace (so every burst takes the slow path) and one without (the
 * fast path); after the same copy and the same fault handling, everything
 * software can see must be equal.
 *
 * The map, 4 KiB granule, 48-bit VAs: the source is 2 MiB of pages then a
 * 2 MiB block, the destination a 2 MiB block then 2 MiB of pages; each
 * side may have an unmapped page, the destination has a read-only one.
 */
#define TW_TABLES   0x10000000ULL
#define TW_SRC_VA   0x0000004000000000ULL
#define TW_DST_VA   0x0000008000000000ULL
#define TW_SRC_PA   0x01000000ULL
#define TW_DST_PA   0x04000000ULL
#define TW_HALF	    (2ULL << 20)
#define TW_SRC_HOLE (TW_SRC_VA + 0x80000)
#define TW_DST_HOLE (TW_DST_VA + TW_HALF + 0x40000)
#define TW_DST_RO   (TW_DST_VA + TW_HALF + 0x60000)
#define TW_ALIAS_VA 0x000000c000000000ULL     /* the source's block, again */
#define TW_PAGE	    (BIT_ULL(0) | BIT_ULL(1)) /* also a table */
#define TW_BLOCK    BIT_ULL(0)
/* Normal WB (MAIR index 1), inner shareable, AF, EL0 access */
#define TW_ATTRS    ((1ULL << 2) | (3ULL << 8) | BIT_ULL(10) | BIT_ULL(6))
#define TW_RO	    BIT_ULL(7)
#define TW_LOG	    64

/* The destination's bytes on each side of the copy that are checked. */
#define TW_GUARD 8192

/* Both buffers' worth of source bytes, made once. */
static const u8 *tw_src(void)
{
	static u8 *src;

	if (!src)
		src = pattern(2 * TW_HALF, 99);
	return src;
}

struct tw_case {
	bool zdma;
	u64 src; /* VAs */
	u64 dst;
	u32 len;
	bool src_hole;	  /* TW_SRC_HOLE unmapped */
	bool dst_hole;	  /* TW_DST_HOLE unmapped */
	bool stall;	  /* SCTLR.CFCFG: faults stall */
	bool fix;	  /* a stalled translation fault: map, retry */
	bool hupcf;	  /* SCTLR.HUPCF */
	bool raz;	  /* SCTLR.CFRE clear: faults are RAZ/WI, not aborts */
	unsigned int tlb; /* TLB entries, 0: the default */
	unsigned int again; /* copies after the first, the same */
	u32 zdma_attr;	    /* DATA_ATTR.ARLEN/AWLEN for ZDMA, 0: as reset */
};

struct tw {
	struct tctx t;
	struct vadma_io smmu;
	u64 cb0;
	u64 next_table;
	u32 sid;
};

struct tw_res {
	u32 regs[24];
	u32 done[4]; /* the engine's status after each copy but the last */
	u32 log[TW_LOG][4]; /* FSR, FAR low and high, FSYNR0 per fault */
	unsigned int nlog;
	u32 gfsr;
	u64 time;
	struct model_stats st;
	struct model_stats probe; /* the TLB, seen through translations */
	u8 *mem;		  /* the destination's memory */
	u64 events;		  /* trace events (the slow twin) */
};

static void tw_trace(void *arg, const struct model_event *ev)
{
	struct tw_res *r = arg;

	(void)ev;
	r->events++;
}

static void tw_desc(struct tw *w, u64 pa, u64 desc)
{
	u8 b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (u8)(desc >> (8 * i));
	cpu_put(&w->t, pa, b, 8);
}

static u64 tw_desc_read(struct tw *w, u64 pa)
{
	u8 b[8];
	u64 d = 0;
	int i;

	cpu_get(&w->t, pa, b, 8);
	for (i = 7; i >= 0; i--)
		d = d << 8 | b[i];
	return d;
}

/* The leaf of @level (2: 2 MiB block, 3: page) for @va: @pa | @attrs. */
static void tw_map(struct tw *w, u64 va, u64 pa, unsigned int level, u64 attrs)
{
	u64 table = TW_TABLES;
	unsigned int l;

	for (l = 0;; l++) {
		unsigned int shift = 39 - 9 * l;
		u64 at = table + ((va >> shift) & 511) * 8, d;

		if (l == level) {
			tw_desc(w, at,
				pa | (level == 3 ? TW_PAGE : TW_BLOCK) | attrs);
			return;
		}
		d = tw_desc_read(w, at);
		if (!(d & 1)) {
			d = w->next_table | TW_PAGE;
			w->next_table += 4096;
			tw_desc(w, at, d);
		}
		table = d & GENMASK_ULL(47, 12);
	}
}

static u64 tw_pa(u64 va)
{
	if (va >= TW_ALIAS_VA)
		return TW_SRC_PA + TW_HALF + (va - TW_ALIAS_VA);
	if (va >= TW_DST_VA)
		return TW_DST_PA + (va - TW_DST_VA);
	return TW_SRC_PA + (va - TW_SRC_VA);
}

static void tw_map_page(struct tw *w, u64 va)
{
	tw_map(w, va, tw_pa(va), 3, TW_ATTRS | (va == TW_DST_RO ? TW_RO : 0));
}

static void tw_open(struct tw *w, const struct tw_case *c, bool slow,
		    struct tw_res *r)
{
	const struct plat_desc *plat = &plat_zcu102;
	struct model_cfg cfg;
	unsigned int pgshift, numpage;
	u8 *p;
	u64 va;

	memset(w, 0, sizeof(*w));
	memset(r, 0, sizeof(*r));
	model_cfg_default(&cfg, plat);
	cfg.tlb_entries = c->tlb;
	if (slow) {
		cfg.trace = tw_trace;
		cfg.trace_arg = r;
	}
	assert_int_equal(model_create(&cfg, &w->t.m), 0);
	w->t.zdma = model_io(w->t.m, plat->zdma[0].base);
	w->t.cdma = model_io(w->t.m, plat->cdma.base);
	w->t.zdma_irq = plat->zdma[0].irq;
	w->t.cdma_irq = plat->cdma.irq;
	w->smmu = model_io(w->t.m, plat->smmu_base);
	w->sid = c->zdma ? plat->zdma[0].sid : plat->cdma.sid;
	pgshift = (cfg.smmu_idr[1] & SMMU_IDR1_PAGESIZE) ? 16 : 12;
	numpage = 2U << FIELD_GET(SMMU_IDR1_NUMPAGENDXB, cfg.smmu_idr[1]);
	w->cb0 = (u64)numpage << pgshift;
	w->next_table = TW_TABLES + 4096;

	/* The destination's window of guard bytes, the source's bytes. */
	p = malloc(c->len + 2 * TW_GUARD);
	assert_non_null(p);
	memset(p, GUARD_BYTE, c->len + 2 * TW_GUARD);
	cpu_put(&w->t, tw_pa(c->dst) - TW_GUARD, p, c->len + 2 * TW_GUARD);
	free(p);
	cpu_put(&w->t, tw_pa(c->src), tw_src() + (c->src - TW_SRC_VA), c->len);

	for (va = TW_SRC_VA; va < TW_SRC_VA + TW_HALF; va += 4096)
		if (!c->src_hole || va != TW_SRC_HOLE)
			tw_map_page(w, va);
	tw_map(w, TW_SRC_VA + TW_HALF, TW_SRC_PA + TW_HALF, 2, TW_ATTRS);
	tw_map(w, TW_DST_VA, TW_DST_PA, 2, TW_ATTRS);
	tw_map(w, TW_ALIAS_VA, TW_SRC_PA + TW_HALF, 2, TW_ATTRS);
	for (va = TW_DST_VA + TW_HALF; va < TW_DST_VA + 2 * TW_HALF; va += 4096)
		if (!c->dst_hole || va != TW_DST_HOLE)
			tw_map_page(w, va);

	/* CB0: stage 1, TTBR0, 4K, 48 bits, ASID 1; the stream to it. */
	vadma_write32(&w->smmu, (1ULL << pgshift) + SMMU_GR1_CBAR(0),
		      FIELD_PREP(SMMU_CBAR_TYPE,
				 SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS));
	vadma_write32(&w->smmu, (1ULL << pgshift) + SMMU_GR1_CBA2R(0),
		      SMMU_CBA2R_VA64);
	vadma_write32(
		&w->smmu, w->cb0 + SMMU_CB_TCR2,
		FIELD_PREP(SMMU_TCR2_PASIZE, SMMU_ADDR_SIZE_48) | SMMU_TCR2_AS |
			FIELD_PREP(SMMU_TCR2_SEP, SMMU_TCR2_SEP_UPSTREAM));
	vadma_write64(&w->smmu, w->cb0 + SMMU_CB_TTBR0, TW_TABLES | 1ULL << 48);
	vadma_write32(&w->smmu, w->cb0 + SMMU_CB_TCR,
		      FIELD_PREP(SMMU_TCR_T0SZ, 16) |
			      FIELD_PREP(SMMU_TCR_TG0, SMMU_TCR_TG0_4K) |
			      FIELD_PREP(SMMU_TCR_SH0, 3) |
			      FIELD_PREP(SMMU_TCR_IRGN0, 1) |
			      FIELD_PREP(SMMU_TCR_ORGN0, 1) | SMMU_TCR_EPD1);
	vadma_write32(&w->smmu, w->cb0 + SMMU_CB_MAIR0, 0x0000ff04);
	vadma_write32(&w->smmu, w->cb0 + SMMU_CB_SCTLR,
		      SMMU_SCTLR_M | SMMU_SCTLR_CFIE |
			      (c->raz ? 0 : SMMU_SCTLR_CFRE) | SMMU_SCTLR_AFE |
			      SMMU_SCTLR_TRE |
			      (c->stall ? SMMU_SCTLR_CFCFG : 0) |
			      (c->hupcf ? SMMU_SCTLR_HUPCF : 0));
	vadma_write32(&w->smmu, SMMU_GR0_S2CR(0),
		      FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_TRANS));
	vadma_write32(&w->smmu, SMMU_GR0_SMR(0),
		      SMMU_SMR_VALID | FIELD_PREP(SMMU_SMR_ID, w->sid));
	vadma_write32(&w->smmu, SMMU_GR0_sCR0,
		      SMMU_sCR0_GFRE | SMMU_sCR0_GFIE | SMMU_sCR0_USFCFG);
}

/* The SMMU's interrupt: log the fault, then clear it, fix it or end it. */
static void tw_smmu_irq(struct tw *w, const struct tw_case *c, struct tw_res *r)
{
	u32 fsr = vadma_read32(&w->smmu, w->cb0 + SMMU_CB_FSR);
	u64 far = vadma_read64(&w->smmu, w->cb0 + SMMU_CB_FAR);

	r->gfsr |= vadma_read32(&w->smmu, SMMU_GR0_sGFSR);
	vadma_write32(&w->smmu, SMMU_GR0_sGFSR, r->gfsr);
	if (!(fsr & SMMU_FSR_FAULT))
		return;
	assert_true(r->nlog < TW_LOG);
	r->log[r->nlog][0] = fsr;
	r->log[r->nlog][1] = (u32)far;
	r->log[r->nlog][2] = (u32)(far >> 32);
	r->log[r->nlog][3] = vadma_read32(&w->smmu, w->cb0 + SMMU_CB_FSYNR0);
	r->nlog++;
	if (c->fix && (fsr & SMMU_FSR_TF))
		tw_map_page(w, far & ~4095ULL);
	vadma_write32(&w->smmu, w->cb0 + SMMU_CB_FSR, fsr);
	if (fsr & SMMU_FSR_SS)
		vadma_write32(
			&w->smmu, w->cb0 + SMMU_CB_RESUME,
			(c->fix && (fsr & SMMU_FSR_TF)) ? 0 : SMMU_RESUME_TNR);
}

static void tw_start(struct tw *w, const struct tw_case *c)
{
	struct tctx *t = &w->t;

	if (c->zdma) {
		zw(t, ZDMA_CH_IEN, ZDMA_CH_IRQ_ALL);
		if (c->zdma_attr)
			zw(t, ZDMA_CH_DATA_ATTR,
			   (zr(t, ZDMA_CH_DATA_ATTR) &
			    ~(ZDMA_CH_DATA_ATTR_ARLEN |
			      ZDMA_CH_DATA_ATTR_AWLEN)) |
				   c->zdma_attr);
		zdma_simple(t, c->src, c->dst, c->len, ZDMA_MODE_RW);
		zdma_go(t);
	} else {
		cw(t, CDMA_CDMACR,
		   CDMA_CDMACR_IOC_IrqEn | CDMA_CDMACR_Err_IrqEn);
		cdma_copy(t, c->src, c->dst, c->len);
	}
}

/* The engine's registers, as software reads them at the end. */
static void tw_regs(struct tw *w, const struct tw_case *c, struct tw_res *r)
{
	static const u64 zregs[] = {
		ZDMA_CH_ISR,
		ZDMA_CH_STATUS,
		ZDMA_CH_TOTAL_BYTE,
		ZDMA_CH_SRC_CUR_PYLD_LSB,
		ZDMA_CH_SRC_CUR_PYLD_MSB,
		ZDMA_CH_DST_CUR_PYLD_LSB,
		ZDMA_CH_DST_CUR_PYLD_MSB,
		ZDMA_CH_IRQ_SRC_ACCT,
		ZDMA_CH_IRQ_DST_ACCT,
		ZDMA_CH_CTRL2,
	};
	static const u64 cregs[] = { CDMA_CDMACR, CDMA_CDMASR, CDMA_SA,
				     CDMA_SA_MSB, CDMA_DA,     CDMA_DA_MSB,
				     CDMA_BTT };
	unsigned int i;

	if (c->zdma)
		for (i = 0; i < ARRAY_SIZE(zregs); i++)
			r->regs[i] = zr(&w->t, zregs[i]);
	else
		for (i = 0; i < ARRAY_SIZE(cregs); i++)
			r->regs[i] = cr(&w->t, cregs[i]);
}

/* Translate every page of both buffers: the TLB's contents, as seen. */
static void tw_probe(struct tw *w, struct tw_res *r)
{
	struct model_stats before;
	u64 va, pa;

	vadma_write32(&w->smmu, w->cb0 + SMMU_CB_FSR, SMMU_FSR_FAULT);
	model_get_stats(w->t.m, &before);
	for (va = 0; va < 2 * TW_HALF; va += 4096) {
		if (TW_SRC_VA + va != TW_SRC_HOLE)
			model_xlate(w->t.m, w->sid, TW_SRC_VA + va, false, &pa);
		if (TW_DST_VA + va != TW_DST_HOLE)
			model_xlate(w->t.m, w->sid, TW_DST_VA + va, false, &pa);
	}
	model_get_stats(w->t.m, &r->probe);
	r->probe.tlb_hits -= before.tlb_hits;
	r->probe.tlb_misses -= before.tlb_misses;
	r->probe.walks -= before.walks;
}

static void tw_run(const struct tw_case *c, bool slow, struct tw_res *r)
{
	u32 irq = c->zdma ? plat_zcu102.zdma[0].irq : plat_zcu102.cdma.irq;
	struct tw w;
	unsigned int round, n;

	tw_open(&w, c, slow, r);
	for (n = 0; n <= c->again; n++) {
		if (n) { /* done: acknowledge, copy again */
			r->done[n - 1] = c->zdma ? zr(&w.t, ZDMA_CH_ISR)
						 : cr(&w.t, CDMA_CDMASR);
			if (c->zdma)
				zw(&w.t, ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);
			else
				cw(&w.t, CDMA_CDMASR,
				   CDMA_CDMASR_IOC_Irq | CDMA_CDMASR_Err_Irq);
		}
		tw_start(&w, c);
		for (round = 0; round < 1000; round++) {
			enum model_run_result why = model_run(w.t.m, RUN_STEPS);

			if (model_irq_pending(w.t.m, plat_zcu102.smmu_irq)) {
				tw_smmu_irq(&w, c, r);
				continue;
			}
			if (why == MODEL_RUN_IDLE ||
			    model_irq_pending(w.t.m, irq))
				break;
		}
		assert_true(round < 1000);
	}
	tw_regs(&w, c, r);
	r->time = model_time(w.t.m);
	model_get_stats(w.t.m, &r->st);
	tw_probe(&w, r);
	r->mem = malloc(c->len + 2 * TW_GUARD);
	assert_non_null(r->mem);
	cpu_get(&w.t, tw_pa(c->dst) - TW_GUARD, r->mem, c->len + 2 * TW_GUARD);
	model_destroy(w.t.m);
}

/*
 * Run @c both ways: the same in every respect, and the first @ok bytes of
 * the copy (all of them, or those before a fault) and no other arrived;
 * TW_ANY: whatever the slow path gives.
 */
#define TW_ANY ~0ULL

static void tw_check(const struct tw_case *c, u64 ok)
{
	u64 i, n = c->len + 2 * TW_GUARD;
	struct tw_res fast, slow;

	tw_run(c, false, &fast);
	tw_run(c, true, &slow);
	assert_int_equal(fast.events, 0);
	assert_true(slow.events > 0);
	assert_memory_equal(fast.regs, slow.regs, sizeof(fast.regs));
	assert_memory_equal(fast.done, slow.done, sizeof(fast.done));
	assert_int_equal(fast.nlog, slow.nlog);
	assert_memory_equal(fast.log, slow.log, sizeof(fast.log));
	assert_int_equal(fast.gfsr, slow.gfsr);
	assert_int_equal(fast.time, slow.time);
	assert_memory_equal(&fast.st, &slow.st, sizeof(fast.st));
	assert_memory_equal(&fast.probe, &slow.probe, sizeof(fast.probe));
	assert_memory_equal(fast.mem, slow.mem, n);
	if (ok == TW_ANY)
		goto out;
	assert_memory_equal(fast.mem + TW_GUARD,
			    tw_src() + (c->src - TW_SRC_VA), ok);
	/* Guards, unless the source is among them. */
	for (i = 0; i < n && c->dst < TW_ALIAS_VA; i++)
		if (i < TW_GUARD || i >= TW_GUARD + ok)
			assert_int_equal(fast.mem[i], GUARD_BYTE);
out:
	free(fast.mem);
	free(slow.mem);
}

static void test_fast_copies(void **state)
{
	static const u64 at[][2] = {
		{ 0, 0 },	{ 16, 4096 },  { 1, 0 },     { 0, 15 },
		{ 4095, 4097 }, { 100, 3000 }, { 256, 128 }, { 17, 17 },
	};
	static const u32 lens[] = { 1, 16, 255, 256, 4096, 12345, 65537 };
	unsigned int i, j, e;

	(void)state;
	for (e = 0; e < 2; e++)
		for (i = 0; i < ARRAY_SIZE(at); i++)
			for (j = 0; j < ARRAY_SIZE(lens); j++) {
				struct tw_case c = {
					.zdma = e,
					.src = TW_SRC_VA + TW_HALF - 40000 +
					       at[i][0],
					.dst = TW_DST_VA + TW_HALF - 30000 +
					       at[i][1],
					.len = lens[j],
					.again = j & 1,
				};

				tw_check(&c, c.len);
			}
}

/* Across 4 KiB pages and 2 MiB blocks, both sides, with TLB pressure. */
static void test_fast_blocks(void **state)
{
	static const unsigned int tlbs[] = { 0, 1, 2, 5 };
	unsigned int e, k;

	(void)state;
	for (e = 0; e < 2; e++)
		for (k = 0; k < ARRAY_SIZE(tlbs); k++) {
			struct tw_case c = {
				.zdma = e,
				.src = TW_SRC_VA + TW_HALF - 300000 - 3,
				.dst = TW_DST_VA + TW_HALF - 400000,
				.len = 600001,
				.tlb = tlbs[k],
				.again = 2, /* the second time, from the memo */
			};

			tw_check(&c, c.len);
			/* Aligned, a mebibyte. */
			c.src = TW_SRC_VA + TW_HALF - (512 << 10);
			c.dst = TW_DST_VA + TW_HALF - (768 << 10);
			c.len = 1 << 20;
			tw_check(&c, c.len);
		}
}

/* A fault terminates the copy half-way: on a write, on a read. */
static void test_fast_fault(void **state)
{
	unsigned int e, h;

	(void)state;
	for (e = 0; e < 2; e++)
		for (h = 0; h < 3; h++) {
			struct tw_case c = {
				.zdma = e,
				.src = TW_SRC_VA + TW_HALF + 1000,
				.dst = TW_DST_HOLE - 10000 + 3,
				.len = 30000,
				.dst_hole = true,
			};

			if (h == 1) { /* the source's hole */
				c.src = TW_SRC_HOLE - 9000;
				c.dst = TW_DST_VA + 5;
				c.dst_hole = false;
				c.src_hole = true;
			} else if (h == 2) { /* a read-only page */
				c.dst = TW_DST_RO - 5000;
				c.dst_hole = false;
			}
			/* The bytes before the faulting page arrive. */
			tw_check(&c, h == 1 ? 9000 : h == 2 ? 5000 : 9997);
			/* With hit-under-fault: the same. */
			c.hupcf = true;
			tw_check(&c, h == 1 ? 9000 : h == 2 ? 5000 : 9997);
			/* RAZ/WI: the copy goes on, zeros or nothing. */
			c.raz = true;
			tw_check(&c, TW_ANY);
			c.hupcf = false;
			tw_check(&c, TW_ANY);
		}
}

/* A fault stalls the copy; software maps the page and retries, or ends it. */
static void test_fast_stall(void **state)
{
	unsigned int e, h, fix;

	(void)state;
	for (e = 0; e < 2; e++)
		for (h = 0; h < 2; h++)
			for (fix = 0; fix < 2; fix++) {
				struct tw_case c = {
					.zdma = e,
					.src = TW_SRC_VA + TW_HALF + 1000,
					.dst = TW_DST_HOLE - 10000 + 3,
					.len = 30000,
					.dst_hole = !h,
					.src_hole = h,
					.stall = true,
					.fix = fix,
					.again = fix,
				};

				if (h) {
					c.src = TW_SRC_HOLE - 9000 + 7;
					c.dst = TW_DST_VA + 5;
				}
				tw_check(&c, fix ? c.len : h ? 8993 : 9997);
			}
}

/*
 * Source and destination overlap in memory (one block under two VAs): a
 * copy of a page at once must give what burst after burst gives.
 */
static void test_fast_overlap(void **state)
{
	static const s64 shift[] = { 16, 1, 255, 256, 4000, -16, -300, 0 };
	unsigned int e, i;

	(void)state;
	for (e = 0; e < 2; e++)
		for (i = 0; i < ARRAY_SIZE(shift); i++) {
			struct tw_case c = {
				.zdma = e,
				.src = TW_SRC_VA + TW_HALF + 50000,
				.dst = TW_ALIAS_VA + 50000 + shift[i],
				.len = 20000,
				.again = shift[i] > 0, /* the source moved */
			};

			tw_check(&c, shift[i] < 0 ? c.len : TW_ANY);
			c.src += 3;
			tw_check(&c, shift[i] < 0 ? c.len : TW_ANY);
		}
}

/* ZDMA bursts of other lengths, read and write lengths apart. */
static void test_fast_zdma_bursts(void **state)
{
	static const u32 lens[][2] = { { 0, 0 }, { 4, 4 }, { 2, 4 },
				       { 4, 1 }, { 3, 3 }, { 1, 2 } };
	unsigned int i, a;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(lens); i++)
		for (a = 0; a < 2; a++) {
			struct tw_case c = {
				.zdma = true,
				.src = TW_SRC_VA + TW_HALF - 10000 + a * 5,
				.dst = TW_DST_VA + TW_HALF - 7000,
				.len = 50000,
				.again = 1,
				.zdma_attr = FIELD_PREP(ZDMA_CH_DATA_ATTR_ARLEN,
							lens[i][0]) |
					     FIELD_PREP(ZDMA_CH_DATA_ATTR_AWLEN,
							lens[i][1]),
			};

			tw_check(&c, c.len);
		}
}

/*
 * Values that make transfers happen: addresses mostly in a 1 MiB window
 * (so memory stays small), address MSB words mostly 0, sizes small.
 */
static u32 fuzz_value(bool msb)
{
	if (msb && frand() % 8)
		return 0;
	switch (frand() % 8) {
	case 0:
		return 0;
	case 1:
		return (u32)frand();
	case 2:
		return (u32)frand() | 0x80000000; /* not RAM */
	case 3:
	case 4:
		return frand() % 4096; /* a size */
	default:
		return 0x02000000 + frand() % 0x100000; /* RAM window */
	}
}

static bool zdma_msb(u64 off)
{
	return off == ZDMA_CH_SRC_DSCR_WORD1 || off == ZDMA_CH_DST_DSCR_WORD1 ||
	       off == ZDMA_CH_SRC_START_MSB || off == ZDMA_CH_DST_START_MSB;
}

static bool cdma_msb(u64 off)
{
	return off == CDMA_SA_MSB || off == CDMA_DA_MSB;
}

static void test_fuzz_registers(void **state)
{
	struct tctx *t = *state;
	struct model_stats st;
	unsigned int round, i;
	u8 *want;
	u64 off;

	for (round = 0; round < 100; round++) {
		for (i = 0; i < 2048; i++) {
			bool z = frand() & 1;
			struct vadma_io *io = z ? &t->zdma : &t->cdma;
			bool msb;

			off = (frand() % 1024) * 4;
			msb = z ? zdma_msb(off) : cdma_msb(off);
			if (frand() % 4)
				vadma_write32(io, off, fuzz_value(msb));
			else
				vadma_read32(io, off);
		}
		/* and every offset, once */
		for (off = 0; off < 0x1000; off += 4) {
			vadma_write32(&t->zdma, off, fuzz_value(zdma_msb(off)));
			vadma_write32(&t->cdma, off, fuzz_value(cdma_msb(off)));
		}
		/* Acknowledge, so that model_run lets the engines work. */
		zw(t, ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);
		cw(t, CDMA_CDMASR, CDMA_IRQ_ALL);
		model_run(t->m, 500);
		for (off = 0; off < 0x1000; off += 4) {
			vadma_read32(&t->zdma, off);
			vadma_read32(&t->cdma, off);
		}
	}
	/* The engines did work: data moved, into memory too. */
	model_get_stats(t->m, &st);
	assert_true(st.dma_bytes > 1000000);
	assert_true(st.pages > 0);
	/*
	 * The node still works: another channel, and the CDMA after a
	 * reset.  Channel 0 may still be busy (a list that never stops, a
	 * 1 GiB copy), so run a bounded number of steps and look at the
	 * engines under test; their buffers are in ddr-high, out of reach.
	 */
	zw(t, ZDMA_CH_IDS, ZDMA_CH_IRQ_ALL);
	zw(t, ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);
	cdma_soft_reset(t);
	want = prepare(t, HIGH_SRC, HIGH_DST, 4097, 50);
	t->zdma = model_io(t->m, plat_zcu102.zdma[1].base);
	zdma_simple(t, HIGH_SRC, HIGH_DST, 4097, ZDMA_MODE_RW);
	zdma_go(t);
	model_run(t->m, 1000);
	assert_int_equal(zstate(t), ZDMA_STATE_DONE);
	assert_int_equal(zr(t, ZDMA_CH_ISR), ZDMA_CH_IRQ_DMA_DONE);
	check_copy(t, HIGH_DST, want, 4097, 4097);
	free(want);
	want = prepare(t, HIGH_SRC, HIGH_DST + 0x10000, 4097, 51);
	cdma_copy(t, HIGH_SRC, HIGH_DST + 0x10000, 4097);
	model_run(t->m, 1000);
	assert_int_equal(cr(t, CDMA_CDMASR),
			 cdma_sr_idle() | CDMA_CDMASR_IOC_Irq);
	check_copy(t, HIGH_DST + 0x10000, want, 4097, 4097);
	free(want);
}

/*
 * Host RAM (model_cfg.host_ram): the engines move the host's own bytes;
 * a page the host cannot reach, and the board's RAM outside the host's,
 * are not memory.
 */
#define HOST_BASE 0x40000000ULL
#define HOST_SIZE (4ULL << 20)
#define HOST_HOLE (HOST_BASE + 5 * 4096)

struct host_ram {
	u8 *bytes;
	unsigned int asked;
};

static u8 *host_page(void *arg, u64 pa)
{
	struct host_ram *h = arg;

	h->asked++;
	assert_int_equal(pa & 4095, 0);
	assert_true(pa >= HOST_BASE && pa - HOST_BASE < HOST_SIZE);
	return pa == HOST_HOLE ? NULL : h->bytes + (pa - HOST_BASE);
}

static void test_host_ram(void **state)
{
	struct host_ram h = { 0 };
	struct model_host_ram host = {
		.ram = { { HOST_BASE, HOST_SIZE, "host" } },
		.nr = 1,
		.page = host_page,
		.arg = &h,
	};
	struct tctx t = { 0 };
	struct model_cfg cfg;
	struct vadma_io smmu;
	u8 *want;
	u64 i;

	(void)state;
	h.bytes = aligned_alloc(4096, HOST_SIZE);
	assert_non_null(h.bytes);
	memset(h.bytes, 0x5a, HOST_SIZE);
	model_cfg_default(&cfg, &plat_zcu102);
	cfg.host_ram = &host;

	/* No CPU cache model in front of the host's RAM. */
	assert_int_equal(model_create(&cfg, &t.m), -EINVAL);
	assert_null(t.m);
	cfg.cpu_cache = false;
	host.ram[0].base = HOST_BASE + 1;
	assert_int_equal(model_create(&cfg, &t.m), -EINVAL);
	host.ram[0].base = HOST_BASE;
	host.nr = 0;
	assert_int_equal(model_create(&cfg, &t.m), -EINVAL);
	host.nr = 1;
	assert_int_equal(model_create(&cfg, &t.m), 0);
	assert_int_equal(h.asked, 0); /* nothing touched yet */
	assert_int_equal(model_cpu_reserve(t.m, HOST_BASE, 65536), -EOPNOTSUPP);

	smmu = model_io(t.m, plat_zcu102.smmu_base);
	vadma_write32(&smmu, SMMU_GR0_sCR0,
		      vadma_read32(&smmu, SMMU_GR0_sCR0) | SMMU_sCR0_CLIENTPD);
	t.zdma = model_io(t.m, plat_zcu102.zdma[0].base);

	/* 64 KiB from one place of the host's RAM to another, byte exact. */
	want = pattern(65536, 31);
	memcpy(h.bytes + 0x10000, want, 65536);
	zdma_simple(&t, HOST_BASE + 0x10000, HOST_BASE + 0x100000 + 8, 65536,
		    ZDMA_MODE_RW);
	zdma_go(&t);
	assert_int_equal(run(&t), MODEL_RUN_IDLE);
	assert_int_equal(zstate(&t), ZDMA_STATE_DONE);
	assert_memory_equal(h.bytes + 0x100008, want, 65536);
	for (i = 0; i < 8; i++) {
		assert_int_equal(h.bytes[0x100000 + i], 0x5a);
		assert_int_equal(h.bytes[0x100008 + 65536 + i], 0x5a);
	}
	/* The CPU's view is the host's bytes too. */
	assert_int_equal(model_cpu_read(t.m, HOST_BASE + 0x100008, want, 16),
			 0);
	assert_memory_equal(want, h.bytes + 0x100008, 16);

	/* A hole: the write stops at it, the page before is written. */
	zdma_ack(&t);
	memset(h.bytes + HOST_HOLE - 4096 - HOST_BASE, 0x5a, 4096);
	zdma_simple(&t, HOST_BASE + 0x10000, HOST_HOLE - 4096, 8192,
		    ZDMA_MODE_RW);
	zdma_go(&t);
	assert_int_equal(run(&t), MODEL_RUN_IDLE);
	assert_true(zr(&t, ZDMA_CH_ISR) & ZDMA_CH_IRQ_AXI_WR_DATA);
	assert_memory_equal(h.bytes + HOST_HOLE - 4096 - HOST_BASE,
			    h.bytes + 0x10000, 4096);

	/* The board's RAM outside the host's is nothing: nothing read. */
	zdma_ack(&t);
	zdma_simple(&t, 0x1000, HOST_BASE + 0x200000, 4096, ZDMA_MODE_RW);
	zdma_go(&t);
	assert_int_equal(run(&t), MODEL_RUN_IDLE);
	assert_true(zr(&t, ZDMA_CH_ISR) & ZDMA_CH_IRQ_AXI_RD_DATA);
	for (i = 0; i < 4096; i++)
		assert_int_equal(h.bytes[0x200000 + i], 0x5a);

	model_destroy(t.m);
	free(want);
	free(h.bytes);
}

/* model_compare_mem(): what the fuzzer's run without a trace relies on. */
static void test_compare_mem(void **state)
{
	struct model_cfg cfg;
	struct model *a, *b;
	u64 pa = 0;
	u8 zero[16] = { 0 }, one = 1, two = 2;

	(void)state;
	model_cfg_default(&cfg, &plat_zcu102);
	assert_int_equal(model_create(&cfg, &a), 0);
	assert_int_equal(model_create(&cfg, &b), 0);
	assert_int_equal(model_compare_mem(a, b, &pa), 0);
	/* A page of zeros on one side equals an untouched one. */
	assert_int_equal(model_dev_write(a, 0x1000, zero, sizeof(zero)), 0);
	assert_int_equal(model_compare_mem(a, b, &pa), 0);
	assert_int_equal(model_compare_mem(b, a, &pa), 0);
	/* A byte only one side has, either way round. */
	assert_int_equal(model_dev_write(b, 0x40001234, &one, 1), 0);
	assert_int_equal(model_compare_mem(a, b, &pa), 1);
	assert_int_equal(pa, 0x40001000);
	pa = 0;
	assert_int_equal(model_compare_mem(b, a, &pa), 1);
	assert_int_equal(pa, 0x40001000);
	assert_int_equal(model_dev_write(a, 0x40001234, &one, 1), 0);
	assert_int_equal(model_compare_mem(a, b, &pa), 0);
	/* The same page, a different byte. */
	assert_int_equal(model_dev_write(a, 0x7ff00fff, &one, 1), 0);
	assert_int_equal(model_dev_write(b, 0x7ff00fff, &two, 1), 0);
	assert_int_equal(model_compare_mem(a, b, &pa), 1);
	assert_int_equal(pa, 0x7ff00000);
	model_destroy(a);
	model_destroy(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_ram),
		cmocka_unit_test_setup_teardown(test_zdma_reset_values, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_fields, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_unimplemented, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_copy_sizes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_copy_1mib, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_size0, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_size_mismatch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_irq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zdma_decerr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_addr_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_slverr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_stall, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_busy_writes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_wronly_rdonly, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_sg_linear, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_sg_linked_pause,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_zdma_sg_cont_addr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_sg_acct_overflow,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_zdma_sg_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_trace, setup_trace,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_fixed_burst, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_total_byte, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zdma_total_byte_wrap,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cdma_reset_values, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_copy_sizes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_copy_1mib, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_irq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cdma_decerr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_btt0, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_slverr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_stall, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_busy_writes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_soft_reset, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_soft_reset_slow,
						setup_trace, teardown),
		cmocka_unit_test_setup_teardown(test_cdma_keyhole, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cdma_trace, setup_trace,
						teardown),
		cmocka_unit_test(test_compare_mem),
		cmocka_unit_test(test_fast_copies),
		cmocka_unit_test(test_fast_blocks),
		cmocka_unit_test(test_fast_fault),
		cmocka_unit_test(test_fast_stall),
		cmocka_unit_test(test_fast_overlap),
		cmocka_unit_test(test_fast_zdma_bursts),
		cmocka_unit_test_setup_teardown(test_fuzz_registers, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
