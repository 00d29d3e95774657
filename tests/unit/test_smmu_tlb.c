// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The model SMMU's TLB (model/smmu-tlb.c) and its index (model/smmu-cache.c)
 * against a search of every entry: random fills of pages and blocks in several banks,
 * invalidations of every scope, and lookups; after each step the lookup
 * must agree with the search on hit or miss, and the index must chain
 * exactly the valid entries.  What the model does with the entries is
 * tested through the registers in test_model_smmu.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "smmu-internal.h"
/* The driver's header beside the model's: the model's types are its own. */
#include "vadma/smmu.h"

static u64 rnd_state;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Whether any valid entry translates @va for the bank: every entry read. */
static bool tlb_any(const struct smmu_tlb *tlb, unsigned int cb, u64 va,
		    u16 asid)
{
	unsigned int i;

	for (i = 0; i < tlb->n; i++)
		if (smmu_tlb_match(&tlb->ent[i], cb, va, asid))
			return true;
	return false;
}

/* The index holds each valid entry once, in its own chain, and no other. */
static void check_index(const struct model_smmu *s)
{
	const struct smmu_tlb *tlb = &s->tlb;
	const struct smmu_cache *c = &s->cache;
	unsigned int i, j, chained = 0, valid = 0, nshift[64] = { 0 };
	u64 shifts = 0;

	for (j = 0; j < 1U << SMMU_TLB_INDEX_BITS; j++) {
		unsigned int len = 0;

		for (i = c->head[j]; i != SMMU_TLB_NONE; i = c->link[i]) {
			assert_true(i < tlb->n);
			assert_true(tlb->ent[i].valid);
			assert_int_equal(c->slot[i], j);
			assert_int_equal(smmu_tlb_index_slot(tlb->ent[i].cb,
							     tlb->ent[i].va,
							     tlb->ent[i].shift),
					 j);
			assert_true(++len <= tlb->n); /* no cycle */
			chained++;
		}
	}
	for (i = 0; i < tlb->n; i++) {
		if (!tlb->ent[i].valid)
			continue;
		valid++;
		nshift[tlb->ent[i].shift]++;
		shifts |= 1ULL << tlb->ent[i].shift;
	}
	assert_int_equal(chained, valid);
	assert_int_equal(valid, tlb->n - tlb->nfree);
	assert_int_equal(shifts, c->shifts);
	for (i = 0; i < 64; i++)
		assert_int_equal(nshift[i], c->nshift[i]);
}

/* An address in a small space, so that pages and blocks overlap. */
static u64 rnd_va(void)
{
	return ((rnd() % 4) << 30) | ((rnd() % 4) << 21) | ((rnd() % 8) << 12) |
	       (rnd() & 0xfff);
}

static void fill(struct model_smmu *s)
{
	static const unsigned int shifts[] = { 12, 12, 12, 16, 21, 30 };
	unsigned int shift = shifts[rnd() % 6], cb = (unsigned int)(rnd() % 3);
	u64 va = rnd_va(), eva = va & ~((1ULL << shift) - 1);
	struct smmu_tlb_ent *v = smmu_tlb_evict(s);

	assert_false(v->valid);
	v->va = eva;
	v->pa = eva ^ 0x800000000ULL;
	v->cb = (u8)cb;
	v->vmid = (u16)(cb & 1);
	v->asid = (u16)(rnd() % 3);
	v->global = !(rnd() % 4);
	v->shift = (u8)shift;
	v->level = shift == 12 || shift == 16 ? 3 : shift == 21 ? 2 : 1;
	smmu_tlb_fill(s, v, cb, eva, shift, va);
}

static void invalidate(struct model_smmu *s)
{
	enum smmu_inv_scope scope = (enum smmu_inv_scope)(rnd() % 6);
	unsigned int before = s->tlb.n - s->tlb.nfree, removed;

	removed = smmu_tlb_inv(s, scope, (u16)(rnd() % 2), (u16)(rnd() % 3),
			       rnd_va());
	assert_int_equal(s->tlb.n - s->tlb.nfree, before - removed);
	if (scope == SMMU_INV_ALL)
		assert_int_equal(s->tlb.nfree, s->tlb.n);
}

static void lookup(struct model_smmu *s)
{
	unsigned int cb = (unsigned int)(rnd() % 3);
	u16 asid = (u16)(rnd() % 3);
	u64 va = rnd_va();
	struct smmu_tlb_ent *e = smmu_tlb_lookup(s, cb, va, asid);

	assert_int_equal(e != NULL, tlb_any(&s->tlb, cb, va, asid));
	if (e)
		assert_true(smmu_tlb_match(e, cb, va, asid));
}

static void run(unsigned int entries, u64 seed, unsigned int steps)
{
	struct model_smmu *s = calloc(1, sizeof(*s));
	unsigned int i;

	assert_non_null(s);
	rnd_state = seed;
	assert_int_equal(smmu_tlb_init(&s->tlb, entries), 0);
	assert_int_equal(smmu_cache_init(&s->cache, s->tlb.n, false), 0);
	check_index(s);
	for (i = 0; i < steps; i++) {
		unsigned int op = (unsigned int)(rnd() % 16);

		if (op < 7)
			fill(s);
		else if (op < 8)
			invalidate(s);
		else
			lookup(s);
		if (i % 64 == 0 || op == 7)
			check_index(s);
	}
	check_index(s);
	smmu_cache_free(&s->cache);
	smmu_tlb_free(&s->tlb);
	free(s);
}

static void test_one_entry(void **state)
{
	(void)state;
	run(1, 0x1234567887654321ULL, 20000);
}

static void test_small(void **state)
{
	(void)state;
	run(7, 0x0badc0ffee0ddf00ULL, 50000);
}

static void test_default(void **state)
{
	(void)state;
	run(0, 0x9e3779b97f4a7c15ULL, 50000);
}

/* More entries than addresses: duplicates and overlaps fill the chains. */
static void test_crowded(void **state)
{
	(void)state;
	run(1000, 0xfeedfacecafebeefULL, 20000);
}

static void test_limits(void **state)
{
	struct smmu_tlb tlb = { 0 };

	(void)state;
	assert_int_equal(smmu_tlb_init(&tlb, SMMU_TLB_MAX + 1), -EINVAL);
	assert_int_equal(smmu_tlb_init(&tlb, 0), 0);
	assert_int_equal(tlb.n, SMMU_TLB_DEFAULT);
	smmu_tlb_free(&tlb);
}

/*
 * One file holds the driver's struct smmu and the model's struct
 * model_smmu: this file does not compile when a name clashes.
 */
static void test_both_headers(void **state)
{
	struct smmu drv = { 0 };
	struct model_smmu *mod = NULL;

	(void)state;
	assert_null(mod);
	assert_int_equal(drv.sync_polls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_entry),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_crowded),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_both_headers),
	};

	return cmocka_run_group_tests_name("model SMMU TLB", tests, NULL, NULL);
}
