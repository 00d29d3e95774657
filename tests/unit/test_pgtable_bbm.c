// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Break-before-make and TLB invalidation through pt_mem_ops.tlb_inv: a
 * valid entry is never replaced by another valid one while a walker could
 * still hold the first, and whatever is unmapped is invalidated before the
 * call returns.  The callback walks the tables when it is called: the
 * range it is told about must translate to nothing at that moment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "memimg.h"

struct inv {
	u64 va;
	u64 size;
	bool leaf;
	int fault_level; /* the walk of @va at the time of the call */
};

struct bbm {
	struct memimg mem;
	struct pt pt;
	struct inv inv[64];
	unsigned int n;
};

static struct bbm *the;

static void *bbm_alloc(void *ctx, size_t size, u64 *pa)
{
	return memimg_pt_ops.alloc(&((struct bbm *)ctx)->mem, size, pa);
}

static void bbm_free(void *ctx, void *va, u64 pa, size_t size)
{
	memimg_pt_ops.free(&((struct bbm *)ctx)->mem, va, pa, size);
}

static void *bbm_p2v(void *ctx, u64 pa, size_t size)
{
	return memimg_pt_ops.phys_to_virt(&((struct bbm *)ctx)->mem, pa, size);
}

static void bbm_clean(void *ctx, void *va, u64 pa, size_t size)
{
	memimg_pt_ops.clean(&((struct bbm *)ctx)->mem, va, pa, size);
}

static void bbm_tlb_inv(void *ctx, u64 va, u64 size, bool leaf)
{
	struct bbm *b = ctx;
	struct pt_walk w;
	u64 probe;

	assert_true(b->n < ARRAY_SIZE(b->inv));
	b->inv[b->n] = (struct inv){ va, size, leaf, -1 };
	/* Every page of the range is invalid while it is invalidated. */
	for (probe = va; probe < va + size; probe += 4096)
		if (pt_walk(&b->pt, probe, 0, &w) == 0)
			fail_msg(
				"tlb_inv(0x%llx, 0x%llx) while 0x%llx translates",
				(unsigned long long)va,
				(unsigned long long)size,
				(unsigned long long)probe);
	pt_walk(&b->pt, va, 0, &w);
	b->inv[b->n].fault_level = w.level;
	b->n++;
}

static const struct pt_mem_ops bbm_ops = {
	bbm_alloc, bbm_free, bbm_p2v, bbm_clean, bbm_tlb_inv,
};

static void bbm_open(struct bbm *b)
{
	struct pt_cfg cfg = { .granule = PT_GRANULE_4K, .ias = 48, .oas = 48 };

	memset(b, 0, sizeof(*b));
	memimg_init(&b->mem);
	assert_int_equal(memimg_add_zero(&b->mem, 0x80000000, 1 << 20), 0);
	assert_int_equal(pt_init(&b->pt, &cfg, &bbm_ops, b), 0);
	the = b;
}

static void bbm_close(struct bbm *b)
{
	pt_destroy(&b->pt);
	assert_int_equal(b->mem.live, 0);
	memimg_release(&b->mem);
}

static u64 walk_pa(struct bbm *b, u64 va)
{
	struct pt_walk w;

	assert_int_equal(pt_walk(&b->pt, va, 0, &w), 0);
	return w.pa;
}

static void test_split_on_unmap(void **state)
{
	struct bbm b;

	(void)state;
	bbm_open(&b);
	assert_int_equal(
		pt_map(&b.pt, 0x200000, 0x40000000, 0x200000, PT_PROT_READ), 0);
	assert_int_equal(b.n, 0); /* nothing was valid before */
	assert_int_equal(pt_unmap(&b.pt, 0x201000, 0x1000), 0x1000);
	/*
	 * The block was broken (level 2) before the table replaced it; that
	 * covers the page too: nothing inside the new table is invalidated.
	 */
	assert_int_equal(b.n, 1);
	assert_int_equal(b.inv[0].va, 0x200000);
	assert_int_equal(b.inv[0].size, 0x200000);
	assert_int_equal(b.inv[0].fault_level, 2);
	assert_true(b.inv[0].leaf);
	/* A page of a table that was there already is invalidated alone. */
	assert_int_equal(pt_unmap(&b.pt, 0x203000, 0x1000), 0x1000);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.inv[1].va, 0x203000);
	assert_int_equal(b.inv[1].size, 0x1000);
	assert_true(b.inv[1].leaf);
	assert_int_equal(walk_pa(&b, 0x200000), 0x40000000);
	assert_int_equal(walk_pa(&b, 0x202000), 0x40002000);
	bbm_close(&b);
}

static void test_remap(void **state)
{
	struct bbm b;

	(void)state;
	bbm_open(&b);
	assert_int_equal(pt_map(&b.pt, 0x10000, 0x50000, 0x3000, PT_PROT_READ),
			 0);
	/* Same page, new output: break it first. */
	assert_int_equal(
		pt_remap(&b.pt, 0x11000, 0x90000, 0x1000, PT_PROT_READ), 0);
	assert_int_equal(b.n, 1);
	assert_int_equal(b.inv[0].va, 0x11000);
	assert_int_equal(b.inv[0].fault_level, 3);
	assert_int_equal(walk_pa(&b, 0x11000), 0x90000);
	/* An identical remap changes nothing and invalidates nothing. */
	assert_int_equal(
		pt_remap(&b.pt, 0x11000, 0x90000, 0x1000, PT_PROT_READ), 0);
	assert_int_equal(b.n, 1);
	/* Replacing a table by a block invalidates the table's range. */
	assert_int_equal(pt_remap(&b.pt, 0, 0x40000000, 0x200000, PT_PROT_READ),
			 0);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.inv[1].va, 0);
	assert_int_equal(b.inv[1].size, 0x200000);
	assert_false(b.inv[1].leaf);
	assert_int_equal(walk_pa(&b, 0x11000), 0x40011000);
	bbm_close(&b);
}

static void test_unmap_frees_after_inv(void **state)
{
	struct bbm b;
	unsigned long live;

	(void)state;
	bbm_open(&b);
	assert_int_equal(
		pt_map(&b.pt, 0x7000000000, 0x1000, 0x2000, PT_PROT_READ), 0);
	live = b.mem.live;
	assert_int_equal(pt_unmap(&b.pt, 0x7000000000, 0x2000), 0x2000);
	/* The pages, then each emptied table on the way up. */
	assert_true(b.n >= 2);
	assert_int_equal(b.inv[0].va, 0x7000000000);
	assert_int_equal(b.inv[0].size, 0x2000);
	assert_true(b.inv[0].leaf);
	assert_false(b.inv[b.n - 1].leaf);
	assert_int_equal(b.mem.live, live - 3);
	bbm_close(&b);
}

/*
 * The one-pass path: a map into a table that exists invalidates nothing
 * (nothing was valid); an unmap of pages with holes between them, in a
 * table that keeps others, invalidates from its first cleared page to its
 * last, once, as leaves.
 */
static void test_one_table(void **state)
{
	struct bbm b;
	unsigned long live;

	(void)state;
	bbm_open(&b);
	assert_int_equal(pt_map(&b.pt, 0x400000, 0x1000, 0x1000, PT_PROT_READ),
			 0);
	live = b.mem.live;
	assert_int_equal(pt_map(&b.pt, 0x402000, 0x82000, 0x6000, PT_PROT_READ),
			 0);
	assert_int_equal(b.mem.live, live);
	assert_int_equal(b.n, 0);
	assert_int_equal(pt_unmap(&b.pt, 0x401000, 0x1000), 0);
	assert_int_equal(b.n, 0);
	assert_int_equal(pt_unmap(&b.pt, 0x403000, 0x1000), 0x1000);
	assert_int_equal(pt_unmap(&b.pt, 0x402000, 0x6000), 0x5000);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.inv[0].va, 0x403000);
	assert_int_equal(b.inv[0].size, 0x1000);
	assert_int_equal(b.inv[1].va, 0x402000);
	assert_int_equal(b.inv[1].size, 0x6000);
	assert_true(b.inv[1].leaf);
	assert_int_equal(b.inv[1].fault_level, 3);
	assert_int_equal(b.mem.live, live);
	assert_int_equal(walk_pa(&b, 0x400000), 0x1000);
	bbm_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_on_unmap),
		cmocka_unit_test(test_remap),
		cmocka_unit_test(test_unmap_frees_after_inv),
		cmocka_unit_test(test_one_table),
	};

	(void)the;
	return cmocka_run_group_tests_name("pgtable break-before-make", tests,
					   NULL, NULL);
}
