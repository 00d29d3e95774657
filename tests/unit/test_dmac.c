// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of the DMA engine drivers (include/vadma/dmac.h): the ZynqMP
 * DMA channel (dmac/zdma.c) and the AXI CDMA (dmac/cdma.c).
 *
 * The drivers run against a fake register space: a struct vadma_io_ops
 * that records every access in order and serves reads from a register
 * array (writes land there, or clear bits of a write-1-to-clear register)
 * or, per register, from a scripted sequence whose last value sticks.
 * The tests check that each function touches exactly the registers it
 * should, in the order the hardware needs (CDMA: BTT last; ZDMA: CTRL2.EN
 * last), that bad arguments and busy engines are refused without a single
 * access, that polls give up after exactly their bound, and that every
 * status and error bit decodes.
 *
 * test_register_map checks the header offsets and bits against the
 * numbers in UG1087/UG1085/PG034, typed in here independently, so the
 * other tests can use the macro names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vadma/env.h"
#include "vadma/bits.h"
#include "vadma/io.h"
#include "vadma/errno.h"
#include "vadma/dmac.h"

/* ---- the fake register space ------------------------------------------ */

#define FAKE_WORDS  256 /* 1 KiB: ZDMA goes up to 0x200 */
#define FAKE_LOG    256
#define FAKE_SCRIPT 16

struct access {
	char kind; /* 'r' or 'w' */
	u32 off;
	u32 val;
};

struct fake {
	u64 base; /* expected io->base */
	u32 regs[FAKE_WORDS];
	u32 w1c[FAKE_WORDS]; /* bits a write of 1 clears */
	struct {
		u32 vals[FAKE_SCRIPT];
		unsigned int n;
		unsigned int pos;
	} script[FAKE_WORDS];
	struct access log[FAKE_LOG];
	unsigned long n_log; /* all accesses, logged or not */
	unsigned long reads[FAKE_WORDS];
	unsigned long writes[FAKE_WORDS];
	bool bad; /* a 64-bit or out-of-range access */
};

static struct fake F;

static unsigned int fake_index(struct fake *f, u64 off)
{
	if (off < f->base || off - f->base >= 4 * FAKE_WORDS ||
	    (off - f->base) % 4) {
		f->bad = true;
		return 0;
	}
	return (unsigned int)((off - f->base) / 4);
}

static void fake_log(struct fake *f, char kind, unsigned int idx, u32 val)
{
	if (f->n_log < FAKE_LOG) {
		f->log[f->n_log].kind = kind;
		f->log[f->n_log].off = idx * 4;
		f->log[f->n_log].val = val;
	}
	f->n_log++;
}

static u32 fake_read32(void *ctx, u64 off)
{
	struct fake *f = ctx;
	unsigned int i = fake_index(f, off);
	u32 v;

	if (f->script[i].n) {
		unsigned int p = f->script[i].pos;

		if (p >= f->script[i].n)
			p = f->script[i].n - 1;
		v = f->script[i].vals[p];
		f->script[i].pos++;
	} else {
		v = f->regs[i];
	}
	f->reads[i]++;
	fake_log(f, 'r', i, v);
	return v;
}

static void fake_write32(void *ctx, u64 off, u32 val)
{
	struct fake *f = ctx;
	unsigned int i = fake_index(f, off);

	if (f->w1c[i])
		f->regs[i] &= ~(val & f->w1c[i]);
	else
		f->regs[i] = val;
	f->writes[i]++;
	fake_log(f, 'w', i, val);
}

static u64 fake_read64(void *ctx, u64 off)
{
	struct fake *f = ctx;

	(void)off;
	f->bad = true;
	return 0;
}

static void fake_write64(void *ctx, u64 off, u64 val)
{
	struct fake *f = ctx;

	(void)off;
	(void)val;
	f->bad = true;
}

static const struct vadma_io_ops fake_ops = {
	.read32 = fake_read32,
	.write32 = fake_write32,
	.read64 = fake_read64,
	.write64 = fake_write64,
};

/* A fresh fake with every register 0, and an io that reaches it. */
static struct vadma_io fake_reset(u64 base)
{
	struct vadma_io io = { .ops = &fake_ops, .ctx = &F, .base = base };

	memset(&F, 0, sizeof(F));
	F.base = base;
	return io;
}

/* Forget the accesses so far (registers and scripts stay). */
static void fake_clear_log(void)
{
	F.n_log = 0;
	memset(F.reads, 0, sizeof(F.reads));
	memset(F.writes, 0, sizeof(F.writes));
}

static void fake_set(u32 off, u32 val)
{
	F.regs[off / 4] = val;
}

static void fake_w1c(u32 off, u32 mask)
{
	F.w1c[off / 4] = mask;
}

static void fake_script(u32 off, const u32 *vals, unsigned int n)
{
	assert_true(n > 0 && n <= FAKE_SCRIPT);
	memcpy(F.script[off / 4].vals, vals, n * sizeof(*vals));
	F.script[off / 4].n = n;
	F.script[off / 4].pos = 0;
}

#define SCRIPT(off, ...)                                \
	do {                                            \
		const u32 v_[] = { __VA_ARGS__ };       \
		fake_script((off), v_, ARRAY_SIZE(v_)); \
	} while (0)

struct exp {
	char kind;
	u32 off;
	u32 val;
};

#define W(o, v)                         \
	{                               \
		'w', (u32)(o), (u32)(v) \
	}
#define R(o)                     \
	{                        \
		'r', (u32)(o), 0 \
	}

static void dump_log(void)
{
	unsigned long i;

	for (i = 0; i < F.n_log && i < FAKE_LOG; i++)
		print_message("  %3lu %c 0x%03x 0x%08x\n", i, F.log[i].kind,
			      F.log[i].off, F.log[i].val);
}

/* The log must be exactly @e: kind, offset, and value for writes. */
static void expect_log(const struct exp *e, size_t n, const char *where,
		       int line)
{
	size_t i;

	assert_false(F.bad);
	if (F.n_log != n) {
		dump_log();
		fail_msg("%s:%d: %lu accesses, expected %zu", where, line,
			 F.n_log, n);
	}
	for (i = 0; i < n; i++) {
		const struct access *a = &F.log[i];

		if (a->kind != e[i].kind || a->off != e[i].off ||
		    (e[i].kind == 'w' && a->val != e[i].val)) {
			dump_log();
			fail_msg("%s:%d: access %zu is %c 0x%03x = 0x%08x, "
				 "expected %c 0x%03x = 0x%08x",
				 where, line, i, a->kind, a->off, a->val,
				 e[i].kind, e[i].off, e[i].val);
		}
	}
}

#define EXPECT_LOG(...)                                             \
	do {                                                        \
		const struct exp e_[] = { __VA_ARGS__ };            \
		expect_log(e_, ARRAY_SIZE(e_), __func__, __LINE__); \
	} while (0)

#define EXPECT_NO_ACCESS()                                                   \
	do {                                                                 \
		assert_false(F.bad);                                         \
		if (F.n_log) {                                               \
			dump_log();                                          \
			fail_msg("%s:%d: %lu unexpected accesses", __func__, \
				 __LINE__, F.n_log);                         \
		}                                                            \
	} while (0)

static u32 le32_at(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* ---- register map: the headers against the documents ------------------ */

static void test_register_map(void **state)
{
	(void)state;
	/* UG1087 module ZDMA; UG1085 ch. 19 */
	assert_int_equal(ZDMA_ERR_CTRL, 0x000);
	assert_int_equal(ZDMA_CH_ISR, 0x100);
	assert_int_equal(ZDMA_CH_IMR, 0x104);
	assert_int_equal(ZDMA_CH_IEN, 0x108);
	assert_int_equal(ZDMA_CH_IDS, 0x10c);
	assert_int_equal(ZDMA_CH_CTRL0, 0x110);
	assert_int_equal(ZDMA_CH_CTRL1, 0x114);
	assert_int_equal(ZDMA_CH_STATUS, 0x11c);
	assert_int_equal(ZDMA_CH_DATA_ATTR, 0x120);
	assert_int_equal(ZDMA_CH_DSCR_ATTR, 0x124);
	assert_int_equal(ZDMA_CH_SRC_DSCR_WORD0, 0x128);
	assert_int_equal(ZDMA_CH_SRC_DSCR_WORD3, 0x134);
	assert_int_equal(ZDMA_CH_DST_DSCR_WORD0, 0x138);
	assert_int_equal(ZDMA_CH_DST_DSCR_WORD3, 0x144);
	assert_int_equal(ZDMA_CH_SRC_START_LSB, 0x158);
	assert_int_equal(ZDMA_CH_SRC_START_MSB, 0x15c);
	assert_int_equal(ZDMA_CH_DST_START_LSB, 0x160);
	assert_int_equal(ZDMA_CH_DST_START_MSB, 0x164);
	assert_int_equal(ZDMA_CH_TOTAL_BYTE, 0x188);
	assert_int_equal(ZDMA_CH_IRQ_SRC_ACCT, 0x190);
	assert_int_equal(ZDMA_CH_IRQ_DST_ACCT, 0x194);
	assert_int_equal(ZDMA_CH_CTRL2, 0x200);
	assert_int_equal(ZDMA_CH_IRQ_INV_APB, 0x001);
	assert_int_equal(ZDMA_CH_IRQ_SRC_DSCR_DONE, 0x002);
	assert_int_equal(ZDMA_CH_IRQ_DST_DSCR_DONE, 0x004);
	assert_int_equal(ZDMA_CH_IRQ_BYTE_CNT_OVRFL, 0x008);
	assert_int_equal(ZDMA_CH_IRQ_IRQ_SRC_ACCT_ERR, 0x010);
	assert_int_equal(ZDMA_CH_IRQ_IRQ_DST_ACCT_ERR, 0x020);
	assert_int_equal(ZDMA_CH_IRQ_AXI_RD_SRC_DSCR, 0x040);
	assert_int_equal(ZDMA_CH_IRQ_AXI_RD_DST_DSCR, 0x080);
	assert_int_equal(ZDMA_CH_IRQ_AXI_RD_DATA, 0x100);
	assert_int_equal(ZDMA_CH_IRQ_AXI_WR_DATA, 0x200);
	assert_int_equal(ZDMA_CH_IRQ_DMA_DONE, 0x400);
	assert_int_equal(ZDMA_CH_IRQ_DMA_PAUSE, 0x800);
	assert_int_equal(ZDMA_CH_CTRL0_CONT, 0x02);
	assert_int_equal(ZDMA_CH_CTRL0_CONT_ADDR, 0x04);
	assert_int_equal(ZDMA_CH_CTRL0_RATE_CTRL, 0x08);
	assert_int_equal(ZDMA_CH_CTRL0_MODE, 0x30);
	assert_int_equal(ZDMA_CH_CTRL0_POINT_TYPE, 0x40);
	assert_int_equal(ZDMA_CH_CTRL0_OVR_FETCH, 0x80);
	assert_int_equal(ZDMA_CH_STATUS_STATE, 0x3);
	assert_int_equal(ZDMA_DSCR_WORD1_MSB, 0x1ffff);
	assert_int_equal(ZDMA_DSCR_WORD2_SIZE, 0x3fffffff);
	assert_int_equal(ZDMA_DSCR_WORD3_COHRNT, 0x01);
	assert_int_equal(ZDMA_DSCR_WORD3_TYPE, 0x02);
	assert_int_equal(ZDMA_DSCR_WORD3_INTR, 0x04);
	assert_int_equal(ZDMA_DSCR_WORD3_CMD, 0x18);
	assert_int_equal(ZDMA_CH_CTRL2_EN, 0x1);
	assert_int_equal(ZDMA_CH_DATA_ATTR_ARBURST, 0x0c000000);
	assert_int_equal(ZDMA_CH_DATA_ATTR_AWLEN, 0x0000000f);
	assert_int_equal(ZDMA_CH_DSCR_ATTR_AXCOHRNT, 0x100);
	assert_int_equal(ZDMA_STATE_DONE, 0);
	assert_int_equal(ZDMA_STATE_PAUSED, 1);
	assert_int_equal(ZDMA_STATE_BUSY, 2);
	assert_int_equal(ZDMA_STATE_DONE_ERR, 3);

	/* PG034 v4.1 chapter 2 and 3 */
	assert_int_equal(CDMA_CDMACR, 0x00);
	assert_int_equal(CDMA_CDMASR, 0x04);
	assert_int_equal(CDMA_CURDESC_PNTR, 0x08);
	assert_int_equal(CDMA_CURDESC_PNTR_MSB, 0x0c);
	assert_int_equal(CDMA_TAILDESC_PNTR, 0x10);
	assert_int_equal(CDMA_TAILDESC_PNTR_MSB, 0x14);
	assert_int_equal(CDMA_SA, 0x18);
	assert_int_equal(CDMA_SA_MSB, 0x1c);
	assert_int_equal(CDMA_DA, 0x20);
	assert_int_equal(CDMA_DA_MSB, 0x24);
	assert_int_equal(CDMA_BTT, 0x28);
	assert_int_equal(CDMA_CDMACR_Reset, 0x4);
	assert_int_equal(CDMA_CDMACR_SGMode, 0x8);
	assert_int_equal(CDMA_CDMACR_IOC_IrqEn, 0x1000);
	assert_int_equal(CDMA_CDMACR_Dly_IrqEn, 0x2000);
	assert_int_equal(CDMA_CDMACR_Err_IrqEn, 0x4000);
	/* Reset values: CDMACR's IRQThreshold 1 (PG034); ZDMA (UG1087). */
	assert_int_equal(CDMA_CDMACR_RESET,
			 FIELD_PREP(CDMA_CDMACR_IRQThreshold, 1));
	assert_int_equal(ZDMA_ERR_CTRL_RESET, ZDMA_ERR_CTRL_APB_ERR_RES);
	assert_int_equal(ZDMA_CH_IMR_RESET, ZDMA_CH_IRQ_ALL);
	assert_int_equal(CDMA_CDMASR_Idle, 0x2);
	assert_int_equal(CDMA_CDMASR_SGIncld, 0x8);
	assert_int_equal(CDMA_CDMASR_DMAIntErr, 0x10);
	assert_int_equal(CDMA_CDMASR_DMASlvErr, 0x20);
	assert_int_equal(CDMA_CDMASR_DMADecErr, 0x40);
	assert_int_equal(CDMA_CDMASR_SGIntErr, 0x100);
	assert_int_equal(CDMA_CDMASR_SGSlvErr, 0x200);
	assert_int_equal(CDMA_CDMASR_SGDecErr, 0x400);
	assert_int_equal(CDMA_CDMASR_ERR_ALL, 0x770);
	assert_int_equal(CDMA_CDMASR_IOC_Irq, 0x1000);
	assert_int_equal(CDMA_CDMASR_Dly_Irq, 0x2000);
	assert_int_equal(CDMA_CDMASR_Err_Irq, 0x4000);
	assert_int_equal(CDMA_IRQ_ALL, 0x7000);
	assert_int_equal(CDMA_DESC_CONTROL, 0x18);
	assert_int_equal(CDMA_DESC_STATUS, 0x1c);
	assert_int_equal(CDMA_DESC_CONTROL_BTT, 0x03ffffff);
	assert_int_equal(CDMA_DESC_STATUS_Cmplt, 0x80000000u);
	assert_int_equal(CDMA_DESC_STATUS_DMADecErr, 0x40000000);
	assert_int_equal(CDMA_DESC_STATUS_DMASlvErr, 0x20000000);
	assert_int_equal(CDMA_DESC_STATUS_DMAIntErr, 0x10000000);
}

/* ---- ZDMA --------------------------------------------------------------- */

/* The channel after a successful init, with the log cleared. */
static struct vadma_io zdma_ready(struct dmac_zdma *z, u64 base)
{
	struct vadma_io io = fake_reset(base);

	fake_w1c(ZDMA_CH_ISR, ZDMA_CH_IRQ_ALL);
	fake_w1c(ZDMA_CH_TOTAL_BYTE, 0xffffffff);
	assert_int_equal(dmac_zdma_init(z, &io), 0);
	fake_clear_log();
	return io;
}

static void test_zdma_init_idle(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_zdma z;

	(void)state;
	fake_set(ZDMA_CH_TOTAL_BYTE, 0x1234);
	assert_int_equal(dmac_zdma_init(&z, &io), 0);
	EXPECT_LOG(W(ZDMA_CH_CTRL2, 0), R(ZDMA_CH_STATUS),
		   W(ZDMA_CH_IDS, 0xfff), W(ZDMA_CH_ISR, 0xfff),
		   W(ZDMA_CH_CTRL0, 0x80), W(ZDMA_CH_CTRL1, 0x3ff),
		   W(ZDMA_CH_DATA_ATTR, 0x0483d20f), W(ZDMA_CH_DSCR_ATTR, 0),
		   R(ZDMA_CH_TOTAL_BYTE),
		   W(ZDMA_CH_TOTAL_BYTE, 0x1234), /* write 1 to clear */
		   R(ZDMA_CH_IRQ_SRC_ACCT), R(ZDMA_CH_IRQ_DST_ACCT),
		   W(ZDMA_CH_SRC_DSCR_WORD3, 0), W(ZDMA_CH_DST_DSCR_WORD3, 0));
}

/* A reset with the channel's own handle (dmac_zdma_init(z, &z->io)). */
static void test_zdma_init_own_io(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_zdma z;

	(void)state;
	assert_int_equal(dmac_zdma_init(&z, &io), 0);
	assert_int_equal(dmac_zdma_init(&z, &z.io), 0);
	assert_ptr_equal(z.io.ops, io.ops);
	assert_ptr_equal(z.io.ctx, io.ctx);
	assert_int_equal(z.io.base, io.base);
}

static void test_zdma_init_waits_for_busy(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_zdma z;

	(void)state;
	SCRIPT(ZDMA_CH_STATUS, ZDMA_STATE_BUSY, ZDMA_STATE_BUSY,
	       ZDMA_STATE_DONE_ERR);
	assert_int_equal(dmac_zdma_init(&z, &io), 0);
	assert_int_equal(F.reads[ZDMA_CH_STATUS / 4], 3);
	assert_int_equal(F.log[0].kind, 'w');
	assert_int_equal(F.log[0].off, ZDMA_CH_CTRL2);
	assert_int_equal(F.log[0].val, 0);
	assert_int_equal(F.log[4].off, ZDMA_CH_IDS);
}

static void test_zdma_init_unpauses(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_zdma z;

	(void)state;
	SCRIPT(ZDMA_CH_STATUS, ZDMA_STATE_PAUSED, ZDMA_STATE_PAUSED,
	       ZDMA_STATE_DONE);
	assert_int_equal(dmac_zdma_init(&z, &io), 0);
	/* CONT with EN = 0, once: UG1085 "Channel Disabled" case 3 */
	EXPECT_LOG(W(ZDMA_CH_CTRL2, 0), R(ZDMA_CH_STATUS),
		   W(ZDMA_CH_CTRL0, 0x82), R(ZDMA_CH_STATUS), R(ZDMA_CH_STATUS),
		   W(ZDMA_CH_IDS, 0xfff), W(ZDMA_CH_ISR, 0xfff),
		   W(ZDMA_CH_CTRL0, 0x80), W(ZDMA_CH_CTRL1, 0x3ff),
		   W(ZDMA_CH_DATA_ATTR, 0x0483d20f), W(ZDMA_CH_DSCR_ATTR, 0),
		   R(ZDMA_CH_TOTAL_BYTE), W(ZDMA_CH_TOTAL_BYTE, 0),
		   R(ZDMA_CH_IRQ_SRC_ACCT), R(ZDMA_CH_IRQ_DST_ACCT),
		   W(ZDMA_CH_SRC_DSCR_WORD3, 0), W(ZDMA_CH_DST_DSCR_WORD3, 0));
}

static void test_zdma_init_timeout(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_zdma z;

	(void)state;
	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_BUSY);
	assert_int_equal(dmac_zdma_init(&z, &io), -ETIMEDOUT);
	assert_int_equal(F.reads[ZDMA_CH_STATUS / 4], DMAC_RESET_POLLS);
	assert_int_equal(F.writes[ZDMA_CH_CTRL2 / 4], 1);
	assert_int_equal(F.n_log, DMAC_RESET_POLLS + 1); /* nothing else */
	assert_false(F.bad);
}

static void test_zdma_init_args(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct vadma_io noops = { 0 };
	struct dmac_zdma z;

	(void)state;
	assert_int_equal(dmac_zdma_init(NULL, &io), -EINVAL);
	assert_int_equal(dmac_zdma_init(&z, NULL), -EINVAL);
	assert_int_equal(dmac_zdma_init(&z, &noops), -EINVAL);
	EXPECT_NO_ACCESS();
}

static void test_zdma_copy_sequence(void **state)
{
	const u64 src = 0x800001000ULL;	  /* DDR high */
	const u64 dst = 0xabc12345000ULL; /* 44 bits */
	struct dmac_zdma z;

	(void)state;
	zdma_ready(&z, 0);
	fake_set(ZDMA_CH_TOTAL_BYTE, 0x40);
	assert_int_equal(dmac_zdma_copy(&z, src, dst, 0x1000), 0);
	EXPECT_LOG(R(ZDMA_CH_STATUS), W(ZDMA_CH_ISR, 0xfff),
		   R(ZDMA_CH_TOTAL_BYTE), W(ZDMA_CH_TOTAL_BYTE, 0x40),
		   W(ZDMA_CH_CTRL0, 0x80), /* simple, read/write */
		   W(ZDMA_CH_SRC_DSCR_WORD0, 0x00001000),
		   W(ZDMA_CH_SRC_DSCR_WORD1, 0x8),
		   W(ZDMA_CH_SRC_DSCR_WORD2, 0x1000),
		   W(ZDMA_CH_SRC_DSCR_WORD3, 0),
		   W(ZDMA_CH_DST_DSCR_WORD0, 0x12345000),
		   W(ZDMA_CH_DST_DSCR_WORD1, 0xabc),
		   W(ZDMA_CH_DST_DSCR_WORD2, 0x1000),
		   W(ZDMA_CH_DST_DSCR_WORD3, 0),
		   W(ZDMA_CH_CTRL2, 1)); /* EN last */
}

static void test_zdma_copy_channel_base(void **state)
{
	const u64 base = 3 * ZDMA_CH_STRIDE; /* GDMA channel 3 */
	struct dmac_zdma z;

	(void)state;
	zdma_ready(&z, base);
	assert_int_equal(dmac_zdma_copy(&z, 0x1000, 0x2000, 16), 0);
	assert_false(F.bad); /* every offset was base + reg */
	assert_int_equal(F.log[F.n_log - 1].off, ZDMA_CH_CTRL2);
	assert_int_equal(F.log[F.n_log - 1].val, ZDMA_CH_CTRL2_EN);
}

static void test_zdma_copy_len(void **state)
{
	struct dmac_zdma z;

	(void)state;
	zdma_ready(&z, 0);
	assert_int_equal(dmac_zdma_copy(&z, 0x1000, 0x2000, 0), -EINVAL);
	assert_int_equal(dmac_zdma_copy(&z, 0x1000, 0x2000, 1U << 30), -EINVAL);
	assert_int_equal(dmac_zdma_copy(&z, 0x1000, 0x2000, 0xffffffff),
			 -EINVAL);
	assert_int_equal(dmac_zdma_copy(NULL, 0x1000, 0x2000, 1), -EINVAL);
	EXPECT_NO_ACCESS();

	/* The largest: SIZE = 2^30 - 1 in both WORD2 */
	assert_int_equal(dmac_zdma_copy(&z, 0, 0x40000000, (1U << 30) - 1), 0);
	assert_int_equal(F.regs[ZDMA_CH_SRC_DSCR_WORD2 / 4], 0x3fffffff);
	assert_int_equal(F.regs[ZDMA_CH_DST_DSCR_WORD2 / 4], 0x3fffffff);
	fake_clear_log();
	assert_int_equal(dmac_zdma_copy(&z, 0, 0x40000000, 1), 0);
	assert_int_equal(F.regs[ZDMA_CH_SRC_DSCR_WORD2 / 4], 1);
}

static void test_zdma_copy_range(void **state)
{
	const u64 top = 1ULL << 44;
	struct dmac_zdma z;

	(void)state;
	zdma_ready(&z, 0);
	assert_int_equal(dmac_zdma_copy(&z, top - 0x10, 0, 0x20), -ERANGE);
	assert_int_equal(dmac_zdma_copy(&z, 0, top, 1), -ERANGE);
	assert_int_equal(dmac_zdma_copy(&z, ~0ULL - 0xf, 0, 0x20), -ERANGE);
	assert_int_equal(dmac_zdma_copy(&z, 0, 1ULL << 48, 1), -ERANGE);
	EXPECT_NO_ACCESS();

	/* The last bytes below 2^44 are fine */
	assert_int_equal(dmac_zdma_copy(&z, top - 0x20, top - 0x40, 0x20), 0);
	assert_int_equal(F.regs[ZDMA_CH_SRC_DSCR_WORD1 / 4], 0xfff);
	assert_int_equal(F.regs[ZDMA_CH_SRC_DSCR_WORD0 / 4], 0xffffffe0);
	assert_int_equal(F.regs[ZDMA_CH_DST_DSCR_WORD0 / 4], 0xffffffc0);
}

static void test_zdma_copy_busy(void **state)
{
	static const u32 running[] = { ZDMA_STATE_BUSY, ZDMA_STATE_PAUSED };
	struct dmac_zdma z;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(running); i++) {
		zdma_ready(&z, 0);
		fake_set(ZDMA_CH_STATUS, running[i]);
		assert_int_equal(dmac_zdma_copy(&z, 0x1000, 0x2000, 64),
				 -EBUSY);
		EXPECT_LOG(R(ZDMA_CH_STATUS));
		fake_clear_log();
		assert_int_equal(dmac_zdma_sg_copy(&z, 0x1000, 0x2000), -EBUSY);
		EXPECT_LOG(R(ZDMA_CH_STATUS));
	}

	/* Done with an error is stopped: a new copy may start. */
	zdma_ready(&z, 0);
	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_DONE_ERR);
	assert_int_equal(dmac_zdma_copy(&z, 0x1000, 0x2000, 64), 0);
	assert_int_equal(F.log[F.n_log - 1].off, ZDMA_CH_CTRL2);
}

static void test_zdma_sg_copy_sequence(void **state)
{
	struct dmac_zdma z;

	(void)state;
	zdma_ready(&z, 0);
	assert_int_equal(dmac_zdma_sg_copy(&z, 0x123456789a0ULL, 0x80000010ULL),
			 0);
	EXPECT_LOG(R(ZDMA_CH_STATUS), W(ZDMA_CH_ISR, 0xfff),
		   R(ZDMA_CH_TOTAL_BYTE), W(ZDMA_CH_TOTAL_BYTE, 0),
		   W(ZDMA_CH_CTRL0, 0xc0), /* POINT_TYPE = memory */
		   W(ZDMA_CH_SRC_START_LSB, 0x456789a0),
		   W(ZDMA_CH_SRC_START_MSB, 0x123),
		   W(ZDMA_CH_DST_START_LSB, 0x80000010),
		   W(ZDMA_CH_DST_START_MSB, 0), W(ZDMA_CH_CTRL2, 1));

	fake_clear_log();
	assert_int_equal(dmac_zdma_sg_copy(&z, 0x1008, 0x2000), -EINVAL);
	assert_int_equal(dmac_zdma_sg_copy(&z, 0x1000, 0x2004), -EINVAL);
	assert_int_equal(dmac_zdma_sg_copy(&z, 1ULL << 44, 0x2000), -ERANGE);
	assert_int_equal(dmac_zdma_sg_copy(NULL, 0x1000, 0x2000), -EINVAL);
	EXPECT_NO_ACCESS();
}

/* One row: what the registers say, what status must make of it. */
struct zdma_case {
	u32 state;
	u32 isr;
	bool done, busy, paused, error;
	u32 errors;
};

static const struct zdma_case zdma_cases[] = {
	{ ZDMA_STATE_DONE, ZDMA_CH_IRQ_DMA_DONE, true, false, false, false, 0 },
	{ ZDMA_STATE_DONE, 0, true, false, false, false, 0 },
	{ ZDMA_STATE_BUSY, 0, false, true, false, false, 0 },
	{ ZDMA_STATE_PAUSED, ZDMA_CH_IRQ_DMA_PAUSE, false, false, true, false,
	  0 },
	{ ZDMA_STATE_DONE_ERR, 0, true, false, false, true, DMAC_ERR_UNKNOWN },
	{ ZDMA_STATE_DONE_ERR, ZDMA_CH_IRQ_INV_APB, true, false, false, true,
	  DMAC_ERR_INV_APB },
	{ ZDMA_STATE_DONE_ERR, ZDMA_CH_IRQ_AXI_RD_SRC_DSCR, true, false, false,
	  true, DMAC_ERR_RD_SRC_DSCR },
	{ ZDMA_STATE_DONE_ERR, ZDMA_CH_IRQ_AXI_RD_DST_DSCR, true, false, false,
	  true, DMAC_ERR_RD_DST_DSCR },
	{ ZDMA_STATE_DONE_ERR, ZDMA_CH_IRQ_AXI_RD_DATA | ZDMA_CH_IRQ_DMA_DONE,
	  true, false, false, true, DMAC_ERR_RD_DATA },
	{ ZDMA_STATE_DONE_ERR, ZDMA_CH_IRQ_AXI_WR_DATA, true, false, false,
	  true, DMAC_ERR_WR_DATA },
	{ ZDMA_STATE_BUSY, ZDMA_CH_IRQ_AXI_WR_DATA, false, true, false, true,
	  DMAC_ERR_WR_DATA },
	{ ZDMA_STATE_DONE_ERR,
	  ZDMA_CH_IRQ_AXI_RD_DATA | ZDMA_CH_IRQ_AXI_WR_DATA |
		  ZDMA_CH_IRQ_INV_APB,
	  true, false, false, true,
	  DMAC_ERR_RD_DATA | DMAC_ERR_WR_DATA | DMAC_ERR_INV_APB },
	/* Non-fatal: reported in isr, not as errors (UG1085) */
	{ ZDMA_STATE_DONE,
	  ZDMA_CH_IRQ_BYTE_CNT_OVRFL | ZDMA_CH_IRQ_IRQ_SRC_ACCT_ERR |
		  ZDMA_CH_IRQ_IRQ_DST_ACCT_ERR | ZDMA_CH_IRQ_SRC_DSCR_DONE |
		  ZDMA_CH_IRQ_DST_DSCR_DONE | ZDMA_CH_IRQ_DMA_DONE,
	  true, false, false, false, 0 },
};

static void test_zdma_status_decode(void **state)
{
	struct dmac_status st;
	struct dmac_zdma z;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(zdma_cases); i++) {
		const struct zdma_case *c = &zdma_cases[i];

		zdma_ready(&z, 0);
		fake_set(ZDMA_CH_STATUS, c->state);
		/* reserved ISR bits read as set must not leak into isr */
		fake_set(ZDMA_CH_ISR, c->isr | 0xfffff000);
		fake_set(ZDMA_CH_TOTAL_BYTE, 4096 + i);
		memset(&st, 0xa5, sizeof(st));
		assert_int_equal(dmac_zdma_status(&z, &st), 0);
		if (st.done != c->done || st.busy != c->busy ||
		    st.paused != c->paused || st.error != c->error ||
		    st.errors != c->errors)
			fail_msg("case %u: done %d busy %d paused %d error %d "
				 "errors 0x%x",
				 i, st.done, st.busy, st.paused, st.error,
				 st.errors);
		assert_int_equal(st.state, c->state);
		assert_int_equal(st.isr, c->isr);
		assert_int_equal(st.bytes, 4096 + i);
		if (c->isr)
			EXPECT_LOG(R(ZDMA_CH_STATUS), R(ZDMA_CH_ISR),
				   W(ZDMA_CH_ISR, c->isr),
				   R(ZDMA_CH_TOTAL_BYTE));
		else
			EXPECT_LOG(R(ZDMA_CH_STATUS), R(ZDMA_CH_ISR),
				   R(ZDMA_CH_TOTAL_BYTE));
	}
	assert_int_equal(dmac_zdma_status(NULL, &st), -EINVAL);
	assert_int_equal(dmac_zdma_status(&z, NULL), -EINVAL);
}

/* Every single CH_ISR bit, alone, in the done-with-error state. */
static void test_zdma_status_every_bit(void **state)
{
	struct dmac_status st;
	struct dmac_zdma z;
	unsigned int bit;

	(void)state;
	for (bit = 0; bit < 12; bit++) {
		u32 isr = 1U << bit;
		u32 want;

		switch (isr) {
		case ZDMA_CH_IRQ_INV_APB:
			want = DMAC_ERR_INV_APB;
			break;
		case ZDMA_CH_IRQ_AXI_RD_SRC_DSCR:
			want = DMAC_ERR_RD_SRC_DSCR;
			break;
		case ZDMA_CH_IRQ_AXI_RD_DST_DSCR:
			want = DMAC_ERR_RD_DST_DSCR;
			break;
		case ZDMA_CH_IRQ_AXI_RD_DATA:
			want = DMAC_ERR_RD_DATA;
			break;
		case ZDMA_CH_IRQ_AXI_WR_DATA:
			want = DMAC_ERR_WR_DATA;
			break;
		default:
			want = DMAC_ERR_UNKNOWN; /* no error bit seen */
			break;
		}
		zdma_ready(&z, 0);
		fake_set(ZDMA_CH_STATUS, ZDMA_STATE_DONE_ERR);
		fake_set(ZDMA_CH_ISR, isr);
		assert_int_equal(dmac_zdma_status(&z, &st), 0);
		if (st.errors != want || !st.error || st.isr != isr)
			fail_msg("bit %u: errors 0x%x, expected 0x%x", bit,
				 st.errors, want);
	}
}

/* Bits seen (and cleared) while busy still count once the channel stops. */
static void test_zdma_status_accumulates(void **state)
{
	struct dmac_status st;
	struct dmac_zdma z;

	(void)state;
	zdma_ready(&z, 0);
	assert_int_equal(dmac_zdma_copy(&z, 0x1000, 0x2000, 64), 0);
	fake_clear_log();
	SCRIPT(ZDMA_CH_STATUS, ZDMA_STATE_BUSY, ZDMA_STATE_DONE_ERR);
	SCRIPT(ZDMA_CH_ISR, ZDMA_CH_IRQ_AXI_RD_DATA, 0);
	assert_int_equal(dmac_zdma_status(&z, &st), 0);
	assert_true(st.busy && st.error);
	assert_int_equal(st.errors, DMAC_ERR_RD_DATA);
	assert_int_equal(dmac_zdma_status(&z, &st), 0);
	assert_true(st.done && st.error && !st.busy);
	assert_int_equal(st.errors, DMAC_ERR_RD_DATA); /* not UNKNOWN */
	assert_int_equal(st.isr, ZDMA_CH_IRQ_AXI_RD_DATA);
	assert_int_equal(F.writes[ZDMA_CH_ISR / 4], 1); /* only when set */

	/* A new start forgets them. */
	F.script[ZDMA_CH_STATUS / 4].n = 0;
	F.script[ZDMA_CH_ISR / 4].n = 0;
	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_DONE);
	fake_set(ZDMA_CH_ISR, 0);
	assert_int_equal(dmac_zdma_copy(&z, 0x1000, 0x2000, 64), 0);
	fake_set(ZDMA_CH_ISR, ZDMA_CH_IRQ_DMA_DONE);
	assert_int_equal(dmac_zdma_status(&z, &st), 0);
	assert_true(st.done && !st.error);
	assert_int_equal(st.isr, ZDMA_CH_IRQ_DMA_DONE);
}

static void test_zdma_done(void **state)
{
	static const bool want[4] = { true, false, false, true };
	struct dmac_zdma z;
	unsigned int s;

	(void)state;
	for (s = 0; s < 4; s++) {
		zdma_ready(&z, 0);
		fake_set(ZDMA_CH_STATUS, s | 0xfffffffc); /* reserved bits */
		assert_int_equal(dmac_zdma_done(&z), want[s]);
		EXPECT_LOG(R(ZDMA_CH_STATUS));
	}
	assert_false(dmac_zdma_done(NULL));
}

static void test_zdma_wait(void **state)
{
	struct dmac_status st;
	struct dmac_zdma z;

	(void)state;
	/* Finishes on the third poll */
	zdma_ready(&z, 0);
	SCRIPT(ZDMA_CH_STATUS, ZDMA_STATE_BUSY, ZDMA_STATE_BUSY,
	       ZDMA_STATE_DONE);
	SCRIPT(ZDMA_CH_ISR, 0, 0, ZDMA_CH_IRQ_DMA_DONE);
	fake_set(ZDMA_CH_TOTAL_BYTE, 64);
	assert_int_equal(dmac_zdma_wait(&z, 10, &st), 0);
	assert_int_equal(F.reads[ZDMA_CH_STATUS / 4], 3);
	assert_true(st.done && !st.error);
	assert_int_equal(st.bytes, 64);

	/* Never finishes: exactly max_polls polls */
	zdma_ready(&z, 0);
	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_BUSY);
	assert_int_equal(dmac_zdma_wait(&z, 50, &st), -ETIMEDOUT);
	assert_int_equal(F.reads[ZDMA_CH_STATUS / 4], 50);
	assert_true(st.busy);

	/* Fails */
	zdma_ready(&z, 0);
	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_DONE_ERR);
	fake_set(ZDMA_CH_ISR, ZDMA_CH_IRQ_AXI_WR_DATA);
	assert_int_equal(dmac_zdma_wait(&z, 50, &st), -EIO);
	assert_int_equal(st.errors, DMAC_ERR_WR_DATA);
	assert_int_equal(F.reads[ZDMA_CH_STATUS / 4], 1);

	/* Paused counts as stopped */
	zdma_ready(&z, 0);
	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_PAUSED);
	assert_int_equal(dmac_zdma_wait(&z, 50, NULL), 0);

	zdma_ready(&z, 0);
	assert_int_equal(dmac_zdma_wait(&z, 0, &st), -EINVAL);
	assert_int_equal(dmac_zdma_wait(NULL, 5, &st), -EINVAL);
	EXPECT_NO_ACCESS();
}

static void test_zdma_irq(void **state)
{
	const u32 mask = ZDMA_CH_IRQ_DMA_DONE | ZDMA_CH_IRQ_ERR;
	struct dmac_status st;
	struct dmac_zdma z;
	u32 pending = 0;

	(void)state;
	zdma_ready(&z, 0);
	assert_int_equal(dmac_zdma_irq_enable(&z, mask), 0);
	assert_int_equal(dmac_zdma_irq_disable(&z, ZDMA_CH_IRQ_INV_APB), 0);
	EXPECT_LOG(W(ZDMA_CH_IEN, 0x7c1), W(ZDMA_CH_IDS, 0x001));

	fake_clear_log();
	assert_int_equal(dmac_zdma_irq_enable(&z, 1U << 12), -EINVAL);
	assert_int_equal(dmac_zdma_irq_disable(&z, 0x80000000), -EINVAL);
	assert_int_equal(dmac_zdma_irq_enable(NULL, 1), -EINVAL);
	EXPECT_NO_ACCESS();

	fake_set(ZDMA_CH_ISR, ZDMA_CH_IRQ_DMA_DONE | ZDMA_CH_IRQ_AXI_RD_DATA);
	assert_int_equal(dmac_zdma_irq_ack(&z, &pending), 0);
	assert_int_equal(pending, 0x500);
	EXPECT_LOG(R(ZDMA_CH_ISR), W(ZDMA_CH_ISR, 0x500));

	/* Nothing pending: no write */
	fake_clear_log();
	fake_set(ZDMA_CH_ISR, 0);
	assert_int_equal(dmac_zdma_irq_ack(&z, NULL), 0);
	EXPECT_LOG(R(ZDMA_CH_ISR));

	/* What the handler acknowledged, status still reports */
	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_DONE_ERR);
	assert_int_equal(dmac_zdma_status(&z, &st), 0);
	assert_int_equal(st.errors, DMAC_ERR_RD_DATA);
	assert_int_equal(st.isr, 0x500);
}

static void test_zdma_irq_acct(void **state)
{
	struct dmac_zdma z;
	u32 s = 0, d = 0;

	(void)state;
	zdma_ready(&z, 0);
	fake_set(ZDMA_CH_IRQ_SRC_ACCT, 0xffffff05);
	fake_set(ZDMA_CH_IRQ_DST_ACCT, 0x000000ff);
	assert_int_equal(dmac_zdma_irq_acct(&z, &s, &d), 0);
	assert_int_equal(s, 5);
	assert_int_equal(d, 255);
	EXPECT_LOG(R(ZDMA_CH_IRQ_SRC_ACCT), R(ZDMA_CH_IRQ_DST_ACCT));
	assert_int_equal(dmac_zdma_irq_acct(&z, NULL, NULL), 0);
}

static void test_zdma_desc_format(void **state)
{
	u8 buf[24], ref[24];

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(dmac_zdma_desc_format(buf, 0xabc12345678ULL, 0x100,
					       ZDMA_DSCR_WORD3_INTR |
						       (2U << 3)),
			 0);
	/* UG1085 table 19-1: ADDR LSB, ADDR MSB, SIZE, CNTL; little-endian */
	assert_int_equal(le32_at(buf + 0), 0x12345678);
	assert_int_equal(le32_at(buf + 4), 0xabc);
	assert_int_equal(le32_at(buf + 8), 0x100);
	assert_int_equal(le32_at(buf + 12), 0x14);
	assert_int_equal(buf[0], 0x78);
	assert_int_equal(buf[3], 0x12);
	assert_int_equal(buf[16], 0xa5); /* nothing past 16 bytes */

	memset(buf, 0x5a, sizeof(buf));
	memcpy(ref, buf, sizeof(buf));
	assert_int_equal(dmac_zdma_desc_format(buf, 0x1000, 0, 0), -EINVAL);
	assert_int_equal(dmac_zdma_desc_format(buf, 0x1000, 1U << 30, 0),
			 -EINVAL);
	assert_int_equal(dmac_zdma_desc_format(buf, 0x1000, 16,
					       ZDMA_DSCR_WORD3_TYPE),
			 -EINVAL);
	assert_int_equal(dmac_zdma_desc_format(buf, 0x1000, 16, 3U << 3),
			 -EINVAL);
	assert_int_equal(dmac_zdma_desc_format(buf, 0x1000, 16, 1U << 5),
			 -EINVAL);
	assert_int_equal(dmac_zdma_desc_format(NULL, 0x1000, 16, 0), -EINVAL);
	assert_int_equal(dmac_zdma_desc_format(buf, (1ULL << 44) - 8, 16, 0),
			 -ERANGE);
	assert_memory_equal(buf, ref, sizeof(buf));

	/* An unaligned host buffer is fine */
	assert_int_equal(dmac_zdma_desc_format(buf + 1, 0x10, 1, 0), 0);
	assert_int_equal(le32_at(buf + 1), 0x10);
}

static void test_zdma_sg_format(void **state)
{
	const struct dmac_sg_seg segs[3] = {
		{ 0x1000, 0x80000000ULL, 0x100 },
		{ 0x200000000ULL, 0x3000, 0x2000 },
		{ 0x5000, 0xfff00000000ULL, 1 },
	};
	u8 src[48], dst[48];
	unsigned int i;

	(void)state;
	assert_int_equal(dmac_zdma_sg_format(src, dst, segs, 3,
					     DMAC_SG_INTR_LAST |
						     DMAC_SG_COHERENT),
			 0);
	for (i = 0; i < 3; i++) {
		const u8 *s = src + 16 * i, *d = dst + 16 * i;
		u32 scntl = 0x1, dcntl = 0x1; /* COHRNT */

		if (i == 2) {
			scntl |= 0x04 | 0x10; /* INTR, CMD = STOP */
			dcntl |= 0x04;	      /* INTR; DST has no CMD */
		}
		assert_int_equal(le32_at(s + 0), (u32)segs[i].src);
		assert_int_equal(le32_at(s + 4), (u32)(segs[i].src >> 32));
		assert_int_equal(le32_at(s + 8), segs[i].len);
		assert_int_equal(le32_at(s + 12), scntl);
		assert_int_equal(le32_at(d + 0), (u32)segs[i].dst);
		assert_int_equal(le32_at(d + 4), (u32)(segs[i].dst >> 32));
		assert_int_equal(le32_at(d + 8), segs[i].len);
		assert_int_equal(le32_at(d + 12), dcntl);
	}

	/* Without flags: only the STOP */
	assert_int_equal(dmac_zdma_sg_format(src, dst, segs, 1, 0), 0);
	assert_int_equal(le32_at(src + 12), 0x10);
	assert_int_equal(le32_at(dst + 12), 0);

	assert_int_equal(dmac_zdma_sg_format(src, dst, segs, 0, 0), -EINVAL);
	assert_int_equal(dmac_zdma_sg_format(src, dst, segs, 1, 1U << 2),
			 -EINVAL);
	assert_int_equal(dmac_zdma_sg_format(NULL, dst, segs, 1, 0), -EINVAL);
	{
		const struct dmac_sg_seg bad[2] = {
			{ 0x1000, 0x2000, 16 },
			{ 0x1000, 1ULL << 44, 16 },
		};

		assert_int_equal(dmac_zdma_sg_format(src, dst, bad, 2, 0),
				 -ERANGE);
	}
}

/* ---- AXI CDMA ----------------------------------------------------------- */

static const struct dmac_cdma_config cdma_cfg32 = { 32, 23 };
static const struct dmac_cdma_config cdma_cfg26 = { 40, 26 };

/* The CDMA after a successful init (idle, SG built in), log cleared. */
static void cdma_ready(struct dmac_cdma *c, const struct dmac_cdma_config *cfg)
{
	struct vadma_io io = fake_reset(0);

	SCRIPT(CDMA_CDMACR, 0);
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle | CDMA_CDMASR_SGIncld);
	fake_w1c(CDMA_CDMASR, CDMA_IRQ_ALL); /* the rest is read-only */
	assert_int_equal(dmac_cdma_init(c, &io, cfg), 0);
	F.script[CDMA_CDMACR / 4].n = 0;
	fake_set(CDMA_CDMACR, 0x00010002); /* TailPntrEn, threshold 1 */
	fake_clear_log();
}

static void test_cdma_init(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_cdma c;

	(void)state;
	SCRIPT(CDMA_CDMACR, CDMA_CDMACR_Reset, CDMA_CDMACR_Reset, 0x00010002);
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle | CDMA_CDMASR_SGIncld);
	assert_int_equal(dmac_cdma_init(&c, &io, NULL), 0);
	EXPECT_LOG(W(CDMA_CDMACR, 0x4), R(CDMA_CDMACR), R(CDMA_CDMACR),
		   R(CDMA_CDMACR), R(CDMA_CDMASR));
	assert_true(c.has_sg);
	assert_int_equal(c.cfg.addr_bits, 64);
	assert_int_equal(c.cfg.btt_bits, 23);

	/* Without SG */
	io = fake_reset(0);
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle);
	SCRIPT(CDMA_CDMACR, 0);
	assert_int_equal(dmac_cdma_init(&c, &io, &cdma_cfg32), 0);
	assert_false(c.has_sg);
	assert_int_equal(c.cfg.addr_bits, 32);
}

/* A reset with the core's own handle (dmac_cdma_init(c, &c->io, ...)). */
static void test_cdma_init_own_io(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_cdma c;

	(void)state;
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle);
	SCRIPT(CDMA_CDMACR, 0, 0);
	assert_int_equal(dmac_cdma_init(&c, &io, NULL), 0);
	assert_int_equal(dmac_cdma_init(&c, &c.io, NULL), 0);
	assert_ptr_equal(c.io.ops, io.ops);
	assert_ptr_equal(c.io.ctx, io.ctx);
}

static void test_cdma_init_timeout(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_cdma c;

	(void)state;
	/* The fake keeps what is written: Reset never clears */
	assert_int_equal(dmac_cdma_init(&c, &io, NULL), -ETIMEDOUT);
	assert_int_equal(F.reads[CDMA_CDMACR / 4], DMAC_RESET_POLLS);
	assert_int_equal(F.writes[CDMA_CDMACR / 4], 1);
	assert_int_equal(F.n_log, DMAC_RESET_POLLS + 1);
	assert_false(F.bad);
}

static void test_cdma_init_args(void **state)
{
	static const struct dmac_cdma_config bad[] = {
		{ 31, 23 }, { 65, 23 }, { 64, 7 }, { 64, 27 }, { 0, 0 },
	};
	struct vadma_io io = fake_reset(0);
	struct vadma_io noops = { 0 };
	struct dmac_cdma c;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(dmac_cdma_init(&c, &io, &bad[i]), -EINVAL);
	assert_int_equal(dmac_cdma_init(NULL, &io, NULL), -EINVAL);
	assert_int_equal(dmac_cdma_init(&c, NULL, NULL), -EINVAL);
	assert_int_equal(dmac_cdma_init(&c, &noops, NULL), -EINVAL);
	EXPECT_NO_ACCESS();
}

static void test_cdma_copy_sequence(void **state)
{
	struct dmac_cdma c;

	(void)state;
	cdma_ready(&c, NULL);
	assert_int_equal(
		dmac_cdma_copy(&c, 0x876543210ULL, 0x1122334455ULL, 0x4000), 0);
	EXPECT_LOG(R(CDMA_CDMASR), R(CDMA_CDMACR), W(CDMA_SA, 0x76543210),
		   W(CDMA_SA_MSB, 0x8), W(CDMA_DA, 0x22334455),
		   W(CDMA_DA_MSB, 0x11), W(CDMA_BTT, 0x4000)); /* BTT last */
}

static void test_cdma_copy_leaves_sg(void **state)
{
	struct dmac_cdma c;

	(void)state;
	cdma_ready(&c, NULL);
	fake_set(CDMA_CDMACR,
		 0x00010002 | CDMA_CDMACR_SGMode | CDMA_CDMACR_IOC_IrqEn);
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle | CDMA_CDMASR_SGIncld |
				      CDMA_CDMASR_IOC_Irq |
				      CDMA_CDMASR_Dly_Irq);
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 64), 0);
	EXPECT_LOG(R(CDMA_CDMASR), R(CDMA_CDMACR),
		   W(CDMA_CDMACR, 0x00011002), /* SGMode off */
		   W(CDMA_CDMASR, 0x3000),     /* W1C old IRQs */
		   W(CDMA_SA, 0x1000), W(CDMA_SA_MSB, 0), W(CDMA_DA, 0x2000),
		   W(CDMA_DA_MSB, 0), W(CDMA_BTT, 64));
}

static void test_cdma_copy_32bit(void **state)
{
	struct dmac_cdma c;

	(void)state;
	cdma_ready(&c, &cdma_cfg32);
	assert_int_equal(dmac_cdma_copy(&c, 0xfffff000, 0x1000, 0x1000), 0);
	EXPECT_LOG(R(CDMA_CDMASR), R(CDMA_CDMACR), W(CDMA_SA, 0xfffff000),
		   W(CDMA_DA, 0x1000), W(CDMA_BTT, 0x1000)); /* no *_MSB */

	fake_clear_log();
	assert_int_equal(dmac_cdma_copy(&c, 0xfffff000, 0x1000, 0x1001),
			 -ERANGE);
	assert_int_equal(dmac_cdma_copy(&c, 0x100000000ULL, 0x1000, 1),
			 -ERANGE);
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x100000000ULL, 1),
			 -ERANGE);
	EXPECT_NO_ACCESS();

	/* 40-bit */
	cdma_ready(&c, &cdma_cfg26);
	assert_int_equal(dmac_cdma_copy(&c, 0xfffffffff0ULL, 0, 16), 0);
	fake_clear_log();
	assert_int_equal(dmac_cdma_copy(&c, 0xfffffffff0ULL, 0, 17), -ERANGE);
	assert_int_equal(dmac_cdma_copy(&c, ~0ULL, 0, 1), -ERANGE);
	EXPECT_NO_ACCESS();

	/* 64-bit: only wrap-around is out of range */
	cdma_ready(&c, NULL);
	assert_int_equal(dmac_cdma_copy(&c, ~0ULL - 15, 0, 16), 0);
	fake_clear_log();
	assert_int_equal(dmac_cdma_copy(&c, ~0ULL - 15, 0, 17), -ERANGE);
	EXPECT_NO_ACCESS();
}

static void test_cdma_copy_len(void **state)
{
	struct dmac_cdma c;

	(void)state;
	cdma_ready(&c, NULL);
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 0), -EINVAL);
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 1U << 23), -EINVAL);
	assert_int_equal(dmac_cdma_copy(NULL, 0x1000, 0x2000, 1), -EINVAL);
	EXPECT_NO_ACCESS();
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, (1U << 23) - 1), 0);
	assert_int_equal(F.log[F.n_log - 1].off, CDMA_BTT);
	assert_int_equal(F.log[F.n_log - 1].val, 0x7fffff);

	cdma_ready(&c, &cdma_cfg26);
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 1U << 26), -EINVAL);
	EXPECT_NO_ACCESS();
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, (1U << 26) - 1), 0);
	assert_int_equal(F.log[F.n_log - 1].val, 0x3ffffff);
}

static void test_cdma_copy_busy(void **state)
{
	struct dmac_cdma c;

	(void)state;
	cdma_ready(&c, NULL);
	fake_set(CDMA_CDMASR, CDMA_CDMASR_SGIncld); /* not idle */
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 64), -EBUSY);
	EXPECT_LOG(R(CDMA_CDMASR));

	/* A latched error halts the core until reset */
	fake_clear_log();
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle | CDMA_CDMASR_DMADecErr |
				      CDMA_CDMASR_Err_Irq);
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 64), -EIO);
	EXPECT_LOG(R(CDMA_CDMASR));
}

struct cdma_case {
	u32 sr;
	bool done, error;
	u32 errors;
};

static const struct cdma_case cdma_cases[] = {
	{ CDMA_CDMASR_Idle | CDMA_CDMASR_IOC_Irq, true, false, 0 },
	{ CDMA_CDMASR_Idle, true, false, 0 },
	{ 0, false, false, 0 },
	{ CDMA_CDMASR_Idle | CDMA_CDMASR_DMAIntErr | CDMA_CDMASR_Err_Irq, true,
	  true, DMAC_ERR_INTERNAL },
	{ CDMA_CDMASR_Idle | CDMA_CDMASR_DMASlvErr | CDMA_CDMASR_Err_Irq, true,
	  true, DMAC_ERR_SLAVE },
	{ CDMA_CDMASR_Idle | CDMA_CDMASR_DMADecErr | CDMA_CDMASR_Err_Irq, true,
	  true, DMAC_ERR_DECODE },
	{ CDMA_CDMASR_Idle | CDMA_CDMASR_SGIntErr, true, true,
	  DMAC_ERR_SG_INTERNAL },
	{ CDMA_CDMASR_Idle | CDMA_CDMASR_SGSlvErr, true, true,
	  DMAC_ERR_SG_SLAVE },
	{ CDMA_CDMASR_Idle | CDMA_CDMASR_SGDecErr, true, true,
	  DMAC_ERR_SG_DECODE },
	{ CDMA_CDMASR_DMASlvErr, false, true, DMAC_ERR_SLAVE },
	{ CDMA_CDMASR_Idle | CDMA_CDMASR_ERR_ALL, true, true,
	  DMAC_ERR_INTERNAL | DMAC_ERR_SLAVE | DMAC_ERR_DECODE |
		  DMAC_ERR_SG_INTERNAL | DMAC_ERR_SG_SLAVE |
		  DMAC_ERR_SG_DECODE },
};

static void test_cdma_status_decode(void **state)
{
	struct dmac_status st;
	struct dmac_cdma c;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cdma_cases); i++) {
		const struct cdma_case *k = &cdma_cases[i];
		const u32 sr = k->sr | CDMA_CDMASR_SGIncld | 0x00010000;
		const u32 irq = sr & CDMA_IRQ_ALL;

		cdma_ready(&c, NULL);
		assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 0x300), 0);
		fake_clear_log();
		fake_set(CDMA_CDMASR, sr);
		memset(&st, 0xa5, sizeof(st));
		assert_int_equal(dmac_cdma_status(&c, &st), 0);
		if (st.done != k->done || st.busy == k->done ||
		    st.error != k->error || st.errors != k->errors)
			fail_msg("case %u: done %d busy %d error %d errors "
				 "0x%x",
				 i, st.done, st.busy, st.error, st.errors);
		assert_false(st.paused);
		assert_int_equal(st.state, 0);
		assert_int_equal(st.isr, sr);
		assert_int_equal(st.bytes, k->done && !k->error ? 0x300 : 0);
		if (irq)
			EXPECT_LOG(R(CDMA_CDMASR), W(CDMA_CDMASR, irq));
		else
			EXPECT_LOG(R(CDMA_CDMASR));
	}
	assert_int_equal(dmac_cdma_status(NULL, &st), -EINVAL);
	assert_int_equal(dmac_cdma_status(&c, NULL), -EINVAL);
}

static void test_cdma_status_accumulates(void **state)
{
	struct dmac_status st;
	struct dmac_cdma c;

	(void)state;
	cdma_ready(&c, NULL);
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 8), 0);
	SCRIPT(CDMA_CDMASR, CDMA_CDMASR_Idle | CDMA_CDMASR_IOC_Irq,
	       CDMA_CDMASR_Idle);
	assert_int_equal(dmac_cdma_status(&c, &st), 0);
	assert_int_equal(dmac_cdma_status(&c, &st), 0);
	assert_true(st.done && !st.error);
	assert_int_equal(st.isr, CDMA_CDMASR_Idle | CDMA_CDMASR_IOC_Irq);
	assert_int_equal(st.bytes, 8);
	assert_int_equal(F.writes[CDMA_CDMASR / 4], 1);
	assert_true(dmac_cdma_done(&c));
}

static void test_cdma_wait(void **state)
{
	struct dmac_status st;
	struct dmac_cdma c;

	(void)state;
	cdma_ready(&c, NULL);
	assert_int_equal(dmac_cdma_copy(&c, 0x1000, 0x2000, 32), 0);
	fake_clear_log();
	SCRIPT(CDMA_CDMASR, 0, 0, CDMA_CDMASR_Idle | CDMA_CDMASR_IOC_Irq);
	assert_int_equal(dmac_cdma_wait(&c, 10, &st), 0);
	assert_int_equal(F.reads[CDMA_CDMASR / 4], 3);
	assert_int_equal(st.bytes, 32);

	/* Never idle */
	cdma_ready(&c, NULL);
	fake_set(CDMA_CDMASR, CDMA_CDMASR_SGIncld);
	assert_int_equal(dmac_cdma_wait(&c, 77, &st), -ETIMEDOUT);
	assert_int_equal(F.reads[CDMA_CDMASR / 4], 77);
	assert_true(st.busy);
	assert_false(dmac_cdma_done(&c));

	/* Error */
	cdma_ready(&c, NULL);
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle | CDMA_CDMASR_DMASlvErr |
				      CDMA_CDMASR_Err_Irq);
	assert_int_equal(dmac_cdma_wait(&c, 77, &st), -EIO);
	assert_int_equal(st.errors, DMAC_ERR_SLAVE);
	assert_int_equal(st.bytes, 0);

	fake_clear_log();
	assert_int_equal(dmac_cdma_wait(&c, 0, NULL), -EINVAL);
	assert_int_equal(dmac_cdma_wait(NULL, 1, NULL), -EINVAL);
	EXPECT_NO_ACCESS();
	assert_false(dmac_cdma_done(NULL));
}

static void test_cdma_irq(void **state)
{
	struct dmac_cdma c;
	u32 pending = 0;

	(void)state;
	cdma_ready(&c, NULL);
	assert_int_equal(dmac_cdma_irq_enable(&c, CDMA_IRQ_IOC | CDMA_IRQ_ERR),
			 0);
	EXPECT_LOG(R(CDMA_CDMACR), W(CDMA_CDMACR, 0x00015002));

	fake_clear_log();
	assert_int_equal(dmac_cdma_irq_disable(&c, CDMA_IRQ_IOC), 0);
	EXPECT_LOG(R(CDMA_CDMACR), W(CDMA_CDMACR, 0x00014002));

	/* Reset is never written back */
	fake_clear_log();
	fake_set(CDMA_CDMACR, 0x00010002 | CDMA_CDMACR_Reset);
	assert_int_equal(dmac_cdma_irq_enable(&c, CDMA_IRQ_DLY), 0);
	EXPECT_LOG(R(CDMA_CDMACR), W(CDMA_CDMACR, 0x00012002));

	fake_clear_log();
	assert_int_equal(dmac_cdma_irq_enable(&c, CDMA_CDMACR_SGMode), -EINVAL);
	assert_int_equal(dmac_cdma_irq_disable(&c, 1U << 15), -EINVAL);
	assert_int_equal(dmac_cdma_irq_enable(NULL, CDMA_IRQ_IOC), -EINVAL);
	EXPECT_NO_ACCESS();

	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle | CDMA_CDMASR_IOC_Irq |
				      CDMA_CDMASR_Err_Irq |
				      CDMA_CDMASR_DMADecErr);
	assert_int_equal(dmac_cdma_irq_ack(&c, &pending), 0);
	assert_int_equal(pending, CDMA_IRQ_IOC | CDMA_IRQ_ERR);
	EXPECT_LOG(R(CDMA_CDMASR), W(CDMA_CDMASR, 0x5000));

	fake_clear_log();
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle);
	assert_int_equal(dmac_cdma_irq_ack(&c, &pending), 0);
	assert_int_equal(pending, 0);
	EXPECT_LOG(R(CDMA_CDMASR));
}

static void test_cdma_sg_copy(void **state)
{
	struct dmac_cdma c;

	(void)state;
	cdma_ready(&c, NULL);
	assert_int_equal(
		dmac_cdma_sg_copy(&c, 0x1234567840ULL, 0x1234567900ULL), 0);
	EXPECT_LOG(R(CDMA_CDMASR), R(CDMA_CDMACR),
		   W(CDMA_CDMACR, 0x0001000a), /* SGMode first */
		   W(CDMA_CURDESC_PNTR, 0x34567840),
		   W(CDMA_CURDESC_PNTR_MSB, 0x12),
		   W(CDMA_TAILDESC_PNTR, 0x34567900),
		   W(CDMA_TAILDESC_PNTR_MSB, 0x12)); /* starts: last */

	/* Already in SG mode, 32-bit: no CDMACR write, TAILDESC last */
	cdma_ready(&c, &cdma_cfg32);
	fake_set(CDMA_CDMACR, 0x0001000a);
	assert_int_equal(dmac_cdma_sg_copy(&c, 0x40, 0x80), 0);
	EXPECT_LOG(R(CDMA_CDMASR), R(CDMA_CDMACR), W(CDMA_CURDESC_PNTR, 0x40),
		   W(CDMA_TAILDESC_PNTR, 0x80));

	fake_clear_log();
	assert_int_equal(dmac_cdma_sg_copy(&c, 0x20, 0x80), -EINVAL);
	assert_int_equal(dmac_cdma_sg_copy(&c, 0x40, 0x90), -EINVAL);
	assert_int_equal(dmac_cdma_sg_copy(&c, 0x100000000ULL, 0x80), -ERANGE);
	assert_int_equal(dmac_cdma_sg_copy(NULL, 0x40, 0x80), -EINVAL);
	EXPECT_NO_ACCESS();

	fake_set(CDMA_CDMASR, CDMA_CDMASR_SGIncld);
	assert_int_equal(dmac_cdma_sg_copy(&c, 0x40, 0x80), -EBUSY);
	EXPECT_LOG(R(CDMA_CDMASR));

	/* Built without SG */
	cdma_ready(&c, NULL);
	c.has_sg = false;
	assert_int_equal(dmac_cdma_sg_copy(&c, 0x40, 0x80), -EOPNOTSUPP);
	EXPECT_NO_ACCESS();
}

static void test_cdma_desc_format(void **state)
{
	struct dmac_cdma c;
	u8 buf[64], ref[64];

	(void)state;
	cdma_ready(&c, NULL);
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(dmac_cdma_desc_format(&c, buf, 0x1122334480ULL,
					       0x5566778899ULL, 0xaabbccddeeULL,
					       0x1234),
			 0);
	/* PG034 chapter 3: eight words, little-endian */
	assert_int_equal(le32_at(buf + 0x00), 0x22334480);
	assert_int_equal(le32_at(buf + 0x04), 0x11);
	assert_int_equal(le32_at(buf + 0x08), 0x66778899);
	assert_int_equal(le32_at(buf + 0x0c), 0x55);
	assert_int_equal(le32_at(buf + 0x10), 0xbbccddee);
	assert_int_equal(le32_at(buf + 0x14), 0xaa);
	assert_int_equal(le32_at(buf + 0x18), 0x1234);
	assert_int_equal(le32_at(buf + 0x1c), 0);
	assert_int_equal(buf[0x20], 0xa5); /* hardware uses 32 bytes */
	assert_false(F.n_log);		   /* pure */

	memcpy(ref, buf, sizeof(buf));
	assert_int_equal(dmac_cdma_desc_format(&c, buf, 0x40, 0, 0, 0),
			 -EINVAL);
	assert_int_equal(dmac_cdma_desc_format(&c, buf, 0x40, 0, 0, 1U << 23),
			 -EINVAL);
	assert_int_equal(dmac_cdma_desc_format(&c, buf, 0x20, 0, 0, 1),
			 -EINVAL);
	assert_int_equal(dmac_cdma_desc_format(NULL, buf, 0x40, 0, 0, 1),
			 -EINVAL);
	assert_int_equal(dmac_cdma_desc_format(&c, buf, 0x40, ~0ULL, 0, 2),
			 -ERANGE);
	assert_memory_equal(buf, ref, sizeof(buf));

	cdma_ready(&c, &cdma_cfg32);
	assert_int_equal(dmac_cdma_desc_format(&c, buf, 0x100000000ULL, 0, 0,
					       1),
			 -ERANGE);
	assert_int_equal(dmac_cdma_desc_format(&c, buf, 0x40, 0x100000000ULL, 0,
					       1),
			 -ERANGE);
	assert_memory_equal(buf, ref, sizeof(buf));
}

static void test_cdma_sg_format(void **state)
{
	const struct dmac_sg_seg segs[3] = {
		{ 0x1000, 0x2000, 0x100 },
		{ 0x300000000ULL, 0x4000, 0x200 },
		{ 0x5000, 0x600000000ULL, 0x300 },
	};
	const u64 ring_addr = 0x7000000000ULL;
	struct dmac_cdma c;
	u8 ring[3 * 64];
	u64 tail = 0;
	unsigned int i;

	(void)state;
	cdma_ready(&c, NULL);
	memset(ring, 0xa5, sizeof(ring));
	assert_int_equal(
		dmac_cdma_sg_format(&c, ring, ring_addr, segs, 3, &tail), 0);
	assert_true(tail == ring_addr + 128);
	for (i = 0; i < 3; i++) {
		const u8 *d = ring + 64 * i;
		u64 next = ring_addr + 64 * ((i + 1) % 3);

		assert_int_equal(le32_at(d + 0x00), (u32)next);
		assert_int_equal(le32_at(d + 0x04), (u32)(next >> 32));
		assert_int_equal(le32_at(d + 0x08), (u32)segs[i].src);
		assert_int_equal(le32_at(d + 0x0c), (u32)(segs[i].src >> 32));
		assert_int_equal(le32_at(d + 0x10), (u32)segs[i].dst);
		assert_int_equal(le32_at(d + 0x14), (u32)(segs[i].dst >> 32));
		assert_int_equal(le32_at(d + 0x18), segs[i].len);
		assert_int_equal(le32_at(d + 0x1c), 0);
	}
	assert_int_equal(dmac_cdma_sg_format(&c, ring, ring_addr, segs, 0,
					     &tail),
			 -EINVAL);
	assert_int_equal(dmac_cdma_sg_format(&c, ring, ring_addr + 32, segs, 1,
					     &tail),
			 -EINVAL);
	assert_int_equal(
		dmac_cdma_sg_format(&c, ring, ring_addr, segs, 1, NULL), 0);

	cdma_ready(&c, &cdma_cfg32);
	assert_int_equal(dmac_cdma_sg_format(&c, ring, 0xffffffc0, segs, 2,
					     &tail),
			 -ERANGE);
}

static void test_cdma_desc_decode(void **state)
{
	static const struct {
		u32 status;
		bool done;
		u32 errors;
	} cases[] = {
		{ 0, false, 0 },
		{ 0x80000000u, true, 0 },
		{ 0x90000000u, true, DMAC_ERR_INTERNAL },
		{ 0xa0000000u, true, DMAC_ERR_SLAVE },
		{ 0xc0000000u, true, DMAC_ERR_DECODE },
		{ 0x40000000u, false, DMAC_ERR_DECODE },
		{ 0xf0000000u, true,
		  DMAC_ERR_INTERNAL | DMAC_ERR_SLAVE | DMAC_ERR_DECODE },
	};
	struct dmac_status st;
	struct dmac_cdma c;
	u8 buf[32];
	unsigned int i;

	(void)state;
	cdma_ready(&c, NULL);
	assert_int_equal(
		dmac_cdma_desc_format(&c, buf, 0x40, 0x1000, 0x2000, 0x777), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf[0x1c] = (u8)cases[i].status;
		buf[0x1d] = (u8)(cases[i].status >> 8);
		buf[0x1e] = (u8)(cases[i].status >> 16);
		buf[0x1f] = (u8)(cases[i].status >> 24);
		dmac_cdma_desc_decode(buf, &st);
		assert_int_equal(st.done, cases[i].done);
		assert_int_equal(st.errors, cases[i].errors);
		assert_int_equal(st.error, cases[i].errors != 0);
		assert_int_equal(st.isr, cases[i].status);
		assert_int_equal(st.bytes,
				 cases[i].done && !cases[i].errors ? 0x777 : 0);
	}
	dmac_cdma_desc_decode(NULL, &st);
	assert_false(st.done);
	dmac_cdma_desc_decode(buf, NULL);
}

/* ---- either engine, through struct dmac_ops ----------------------------- */

/* Init through the table, and a copy that finds a latched error. */
static void test_engine_cdma_reset_on_error(void **state)
{
	const u32 irqs = CDMA_IRQ_IOC | CDMA_IRQ_ERR;
	struct vadma_io io = fake_reset(0);
	struct dmac_engine e;
	struct dmac_cdma c;

	(void)state;
	assert_string_equal(dmac_cdma_ops.name, "CDMA");
	SCRIPT(CDMA_CDMACR, 0); /* the reset completes at once */
	fake_set(CDMA_CDMASR, CDMA_CDMASR_Idle);
	assert_int_equal(dmac_engine_init(&e, &dmac_cdma_ops, &c, &io, true),
			 0);
	assert_ptr_equal(e.drv, &c);
	assert_int_equal(e.irqs, irqs);
	EXPECT_LOG(W(CDMA_CDMACR, CDMA_CDMACR_Reset), R(CDMA_CDMACR),
		   R(CDMA_CDMASR), R(CDMA_CDMACR), W(CDMA_CDMACR, irqs));

	/* Halted by an error: reset (interrupts again), then the copy. */
	fake_clear_log();
	SCRIPT(CDMA_CDMASR,
	       CDMA_CDMASR_Idle | CDMA_CDMASR_DMADecErr | CDMA_CDMASR_Err_Irq,
	       CDMA_CDMASR_Idle);
	assert_int_equal(dmac_engine_copy(&e, 0x1000, 0x2000, 64), 0);
	EXPECT_LOG(R(CDMA_CDMASR), W(CDMA_CDMACR, CDMA_CDMACR_Reset),
		   R(CDMA_CDMACR), R(CDMA_CDMASR), R(CDMA_CDMACR),
		   W(CDMA_CDMACR, irqs), R(CDMA_CDMASR), R(CDMA_CDMACR),
		   W(CDMA_SA, 0x1000), W(CDMA_SA_MSB, 0), W(CDMA_DA, 0x2000),
		   W(CDMA_DA_MSB, 0), W(CDMA_BTT, 64));
	assert_int_equal(c.last_len, 64);
}

/* A ZDMA channel: interrupts unmasked only when asked; -EBUSY as is. */
static void test_engine_zdma(void **state)
{
	struct vadma_io io = fake_reset(0);
	struct dmac_status st;
	struct dmac_engine e;
	struct dmac_zdma z;
	u32 pending;

	(void)state;
	assert_string_equal(dmac_zdma_ops.name, "ZDMA");
	assert_int_equal(dmac_engine_init(&e, &dmac_zdma_ops, &z, &io, false),
			 0);
	assert_int_equal(e.irqs, 0);
	assert_int_equal(F.writes[ZDMA_CH_IEN / 4], 0);
	assert_int_equal(dmac_engine_init(&e, &dmac_zdma_ops, &z, &io, true),
			 0);
	assert_int_equal(F.writes[ZDMA_CH_IEN / 4], 1);
	assert_int_equal(F.regs[ZDMA_CH_IEN / 4],
			 ZDMA_CH_IRQ_DMA_DONE | ZDMA_CH_IRQ_ERR);
	assert_int_equal(dmac_engine_reset(&e), 0);
	assert_int_equal(F.writes[ZDMA_CH_IEN / 4], 2);
	assert_int_equal(dmac_engine_init(NULL, &dmac_zdma_ops, &z, &io, true),
			 -EINVAL);

	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_BUSY);
	fake_clear_log();
	assert_int_equal(dmac_engine_copy(&e, 0x1000, 0x2000, 64), -EBUSY);
	EXPECT_LOG(R(ZDMA_CH_STATUS));

	fake_set(ZDMA_CH_STATUS, ZDMA_STATE_DONE_ERR);
	fake_set(ZDMA_CH_ISR, ZDMA_CH_IRQ_AXI_WR_DATA);
	assert_int_equal(dmac_engine_irq_ack(&e, &pending), 0);
	assert_int_equal(pending, ZDMA_CH_IRQ_AXI_WR_DATA);
	assert_int_equal(dmac_engine_status(&e, &st), 0);
	assert_true(st.done && st.error);
	assert_int_equal(st.errors, DMAC_ERR_WR_DATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_map),
		cmocka_unit_test(test_zdma_init_idle),
		cmocka_unit_test(test_zdma_init_own_io),
		cmocka_unit_test(test_zdma_init_waits_for_busy),
		cmocka_unit_test(test_zdma_init_unpauses),
		cmocka_unit_test(test_zdma_init_timeout),
		cmocka_unit_test(test_zdma_init_args),
		cmocka_unit_test(test_zdma_copy_sequence),
		cmocka_unit_test(test_zdma_copy_channel_base),
		cmocka_unit_test(test_zdma_copy_len),
		cmocka_unit_test(test_zdma_copy_range),
		cmocka_unit_test(test_zdma_copy_busy),
		cmocka_unit_test(test_zdma_sg_copy_sequence),
		cmocka_unit_test(test_zdma_status_decode),
		cmocka_unit_test(test_zdma_status_every_bit),
		cmocka_unit_test(test_zdma_status_accumulates),
		cmocka_unit_test(test_zdma_done),
		cmocka_unit_test(test_zdma_wait),
		cmocka_unit_test(test_zdma_irq),
		cmocka_unit_test(test_zdma_irq_acct),
		cmocka_unit_test(test_zdma_desc_format),
		cmocka_unit_test(test_zdma_sg_format),
		cmocka_unit_test(test_cdma_init),
		cmocka_unit_test(test_cdma_init_own_io),
		cmocka_unit_test(test_cdma_init_timeout),
		cmocka_unit_test(test_cdma_init_args),
		cmocka_unit_test(test_cdma_copy_sequence),
		cmocka_unit_test(test_cdma_copy_leaves_sg),
		cmocka_unit_test(test_cdma_copy_32bit),
		cmocka_unit_test(test_cdma_copy_len),
		cmocka_unit_test(test_cdma_copy_busy),
		cmocka_unit_test(test_cdma_status_decode),
		cmocka_unit_test(test_cdma_status_accumulates),
		cmocka_unit_test(test_engine_cdma_reset_on_error),
		cmocka_unit_test(test_engine_zdma),
		cmocka_unit_test(test_cdma_wait),
		cmocka_unit_test(test_cdma_irq),
		cmocka_unit_test(test_cdma_sg_copy),
		cmocka_unit_test(test_cdma_desc_format),
		cmocka_unit_test(test_cdma_sg_format),
		cmocka_unit_test(test_cdma_desc_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
