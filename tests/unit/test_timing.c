// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of the timing model (model/timing.c), through E1 and E2
 * (scenario/copy.c):
 *
 * - it changes nothing software can see: the same runs, good and faulting,
 *   with timing off and on give the same bytes, faults, counters, model
 *   time and SMMU registers (the decoded dump, line by line);
 * - its hit rates move the way the structure says: 2 MiB blocks hit the
 *   micro-TLB more than 4 KiB pages, a bypass looks nothing up, a
 *   one-entry macro TLB misses where a 512-entry one hits, a warm walk
 *   cache shortens walks;
 * - its time: a bypass copy is not slower than a translated one, a copy
 *   of more bytes takes more cycles, bandwidth stays under the channels'
 *   one beat a cycle.
 *
 * And, with the timing model off, scn_opts.map_only (vadma bench's cold
 * walks): the tables and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vadma/scenario.h"

struct lines {
	char *buf;
	size_t len;
};

static int collect(void *arg, const char *line)
{
	struct lines *l = arg;
	size_t n = strlen(line);
	char *p = realloc(l->buf, l->len + n + 2);

	if (!p)
		return -ENOMEM;
	memcpy(p + l->len, line, n);
	p[l->len + n] = '\n';
	p[l->len + n + 1] = '\0';
	l->buf = p;
	l->len += n + 1;
	return 0;
}

/* One run of @o, with the timing model on or off; the dump in *@dump. */
static int run(struct scn_opts *o, bool timed, struct scn_result *r,
	       struct lines *dump)
{
	struct scn_opts t = *o;

	t.timing.enable = timed;
	t.dump = dump ? collect : NULL;
	t.dump_arg = dump;
	return scn_copy(&t, r);
}

static void same_run(struct scn_opts *o)
{
	struct scn_result a, b;
	struct lines da = { 0 }, db = { 0 };
	int ra, rb;

	ra = run(o, false, &a, &da);
	rb = run(o, true, &b, &db);
	assert_int_equal(ra, rb);
	assert_false(a.timed);
	assert_true(b.timed);
	assert_int_equal(a.copied, b.copied);
	assert_int_equal(a.verified, b.verified);
	assert_int_equal(a.untouched, b.untouched);
	assert_int_equal(a.faults, b.faults);
	assert_memory_equal(&a.fault, &b.fault, sizeof(a.fault));
	assert_int_equal(a.gfaults, b.gfaults);
	assert_memory_equal(&a.gfault, &b.gfault, sizeof(a.gfault));
	assert_int_equal(a.resumed_retry, b.resumed_retry);
	assert_int_equal(a.resumed_terminate, b.resumed_terminate);
	assert_memory_equal(&a.dma, &b.dma, sizeof(a.dma));
	assert_memory_equal(&a.stats, &b.stats, sizeof(a.stats));
	assert_int_equal(a.cycles, b.cycles);
	assert_non_null(da.buf);
	assert_non_null(db.buf);
	assert_string_equal(da.buf, db.buf);
	free(da.buf);
	free(db.buf);
}

static void test_timing_invisible(void **state)
{
	static const struct {
		enum scn_engine engine;
		u64 size;
		enum scn_fault fault;
		bool stall, fix, bypass;
		enum scn_leaf leaf;
	} runs[] = {
		{ SCN_ENGINE_ZDMA, 65536, SCN_FAULT_NONE, false, false, false,
		  SCN_LEAF_AUTO },
		{ SCN_ENGINE_CDMA, 65536, SCN_FAULT_NONE, false, false, false,
		  SCN_LEAF_AUTO },
		{ SCN_ENGINE_ZDMA, 3 << 20, SCN_FAULT_NONE, false, false, false,
		  SCN_LEAF_BLOCKS },
		{ SCN_ENGINE_CDMA, 100000, SCN_FAULT_NONE, false, false, true,
		  SCN_LEAF_PAGES },
		{ SCN_ENGINE_ZDMA, 65536, SCN_FAULT_UNMAPPED, false, false,
		  false, SCN_LEAF_AUTO },
		{ SCN_ENGINE_CDMA, 65536, SCN_FAULT_READONLY, true, false,
		  false, SCN_LEAF_AUTO },
		{ SCN_ENGINE_ZDMA, 65536, SCN_FAULT_UNMAPPED, true, true, false,
		  SCN_LEAF_AUTO },
		{ SCN_ENGINE_CDMA, 65536, SCN_FAULT_STREAM, false, false, false,
		  SCN_LEAF_AUTO },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct scn_opts o;

		scn_opts_default(&o);
		o.engine = runs[i].engine;
		o.size = runs[i].size;
		o.fault = runs[i].fault;
		o.stall = runs[i].stall;
		o.fix = runs[i].fix;
		o.bypass = runs[i].bypass;
		o.leaf = runs[i].leaf;
		same_run(&o);
	}
}

static double rate(u64 hits, u64 lookups)
{
	return lookups ? (double)hits / (double)lookups : 0.0;
}

static void timed_copy(struct scn_opts *o, struct scn_result *r)
{
	o->timing.enable = true;
	assert_int_equal(scn_copy(o, r), 0);
	assert_true(r->timed);
	assert_true(r->copied && r->verified);
	assert_int_equal(r->timing.bytes_read, o->size);
	assert_int_equal(r->timing.bytes_written, o->size);
}

static void test_timing_page_size(void **state)
{
	struct scn_opts o;
	struct scn_result pages, blocks, bypass;

	(void)state;
	scn_opts_default(&o);
	o.size = 2 << 20;
	o.leaf = SCN_LEAF_PAGES;
	timed_copy(&o, &pages);
	o.leaf = SCN_LEAF_BLOCKS;
	timed_copy(&o, &blocks);
	o.leaf = SCN_LEAF_AUTO;
	o.bypass = true;
	timed_copy(&o, &bypass);

	/* 4 KiB pages: one miss per page and side, 16 bursts a page. */
	assert_int_equal(pages.timing.utlb_lookups, pages.timing.txns);
	assert_int_equal(pages.timing.walks, 2 * 512);
	assert_true(rate(pages.timing.utlb_hits, pages.timing.utlb_lookups) >
		    0.9);
	/* Sequential pages share their level 2 table: the walk cache. */
	assert_true(rate(pages.timing.wc_hits, pages.timing.walks) > 0.95);
	assert_true(pages.timing.desc_reads < 2 * pages.timing.walks);
	/* 2 MiB blocks: one walk per side. */
	assert_int_equal(blocks.timing.walks, 2);
	assert_true(rate(blocks.timing.utlb_hits, blocks.timing.utlb_lookups) >
		    rate(pages.timing.utlb_hits, pages.timing.utlb_lookups));
	/* Bypass: nothing looked up. */
	assert_int_equal(bypass.timing.utlb_lookups, 0);
	assert_int_equal(bypass.timing.walks, 0);
	assert_true(bypass.timing.cycles <= blocks.timing.cycles);
	assert_true(blocks.timing.cycles <= pages.timing.cycles);
	/* At most one beat of 16 bytes a cycle on each channel. */
	assert_true(bypass.timing.bytes_written <= 16 * bypass.timing.cycles);
}

/* Random 64-byte reads over 16 MiB: the walkers are the bottleneck. */
static void test_timing_walk_bound(void **state)
{
	struct scn_opts o;
	struct scn_result r, b;
	struct model_timing_stats pages, blocks;
	struct scn *s;
	u64 x = 88172645463325252ULL, i;
	u8 buf[64];
	int leaf;

	(void)state;
	for (leaf = 0; leaf < 2; leaf++) {
		scn_opts_default(&o);
		o.engine = SCN_ENGINE_CDMA;
		o.size = 16 << 20;
		o.leaf = leaf ? SCN_LEAF_BLOCKS : SCN_LEAF_PAGES;
		o.timing.enable = true;
		assert_int_equal(scn_open(&o, leaf ? &b : &r, &s), 0);
		model_timing_reset(scn_model(s));
		for (i = 0; i < 4096; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			assert_int_equal(
				model_master_read(
					scn_model(s), (leaf ? &b : &r)->sid,
					(leaf ? &b : &r)->src_va +
						(x % (16 << 20) & ~63ULL),
					buf, 64),
				0);
		}
		assert_int_equal(model_timing_get(scn_model(s),
						  leaf ? &blocks : &pages),
				 0);
		scn_close(s);
	}
	assert_int_equal(pages.txns, 4096);
	assert_true(pages.walks > 3000);
	assert_true(blocks.walks <= 8);
	/*
	 * Eight walkers of one descriptor read each (the walk cache holds the
	 * level 2 table): a walk per 8 cycles, against 4 beats of data.
	 */
	assert_true(pages.cycles > 3 * blocks.cycles / 2);
	assert_true(pages.walk_waits > 0);
}

/* A second copy of 256 KiB (128 pages): the macro TLB holds them or not. */
static void test_timing_tlb_size(void **state)
{
	struct model_timing_stats warm[2];
	unsigned int sizes[2] = { 1, 512 }, k;

	(void)state;
	for (k = 0; k < 2; k++) {
		struct scn_opts o;
		struct scn_result r;
		struct scn *s;

		scn_opts_default(&o);
		o.size = 256 << 10;
		o.timing.enable = true;
		o.timing.mtlb_entries = sizes[k];
		o.timing.mtlb_ways = sizes[k] == 1 ? 1 : 0;
		assert_int_equal(scn_open(&o, &r, &s), 0);
		assert_int_equal(scn_run(s), 0);
		assert_int_equal(scn_run(s), 0);
		warm[k] = r.timing;
		scn_close(s);
	}
	/* 32-entry micro-TLBs miss on 128 pages either way. */
	assert_int_equal(warm[0].mtlb_lookups, warm[1].mtlb_lookups);
	assert_int_equal(warm[1].mtlb_hits, warm[1].mtlb_lookups);
	assert_int_equal(warm[1].walks, 0);
	assert_int_equal(warm[0].mtlb_hits, 0);
	assert_int_equal(warm[0].walks, warm[0].mtlb_lookups);
	assert_true(warm[0].cycles >= warm[1].cycles);
}

/* A micro-TLB as large as the copy: the second run never leaves the TBU. */
static void test_timing_utlb(void **state)
{
	struct scn_opts o;
	struct scn_result r;
	struct scn *s;

	(void)state;
	scn_opts_default(&o);
	o.size = 256 << 10;
	o.timing.enable = true;
	o.timing.utlb_entries = 128;
	assert_int_equal(scn_open(&o, &r, &s), 0);
	assert_int_equal(scn_run(s), 0);
	assert_true(r.timing.walks > 0);
	assert_int_equal(scn_run(s), 0);
	assert_int_equal(r.timing.utlb_hits, r.timing.utlb_lookups);
	assert_int_equal(r.timing.mtlb_lookups, 0);
	scn_close(s);
}

static void test_timing_off(void **state)
{
	struct scn_opts o;
	struct scn_result r;
	struct scn *s;
	struct model_timing_stats st;

	(void)state;
	scn_opts_default(&o);
	assert_int_equal(scn_open(&o, &r, &s), 0);
	assert_int_equal(model_timing_get(scn_model(s), &st), -ENODEV);
	assert_int_equal(scn_run(s), 0);
	assert_false(r.timed);
	scn_close(s);
}

/*
 * map_only: 1 GiB of pages mapped as asked, its 515 tables the only RAM
 * pages touched (no buffer), every translation a walk through a 1-entry
 * TLB; no copy; sizes and options checked.
 */
static void test_map_only(void **state)
{
	struct scn_opts o;
	struct scn_result r;
	struct model_stats a, b;
	struct scn *s;
	u64 i, x = 12345, pa, off;

	(void)state;
	scn_opts_default(&o);
	o.map_only = true;
	o.leaf = SCN_LEAF_PAGES;
	o.tlb_entries = 1;
	o.size = 1ULL << 30;
	assert_int_equal(scn_open(&o, &r, &s), 0);
	model_get_stats(scn_model(s), &a);
	assert_int_equal(a.pages, 1 + 1 + 1 + 512);
	for (i = 0; i < 1000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		off = (x >> 46) << 12; /* a page of the GiB */
		assert_int_equal(model_xlate(scn_model(s), r.sid,
					     r.src_va + off + 8, false, &pa),
				 0);
		assert_int_equal(pa, r.src_pa + off + 8);
	}
	/* Just past the mapping: a translation fault, no page touched. */
	assert_int_not_equal(model_xlate(scn_model(s), r.sid, r.src_va + o.size,
					 false, &pa),
			     0);
	model_get_stats(scn_model(s), &b);
	assert_int_equal(b.pages, a.pages);
	assert_true(b.walks - a.walks >= 1000);
	assert_int_equal(scn_dma(s), -EINVAL);
	assert_int_equal(scn_run(s), -EINVAL);
	scn_close(s);

	o.size = SCN_MAP_ONLY_MAX + 4096;
	assert_int_equal(scn_open(&o, &r, &s), -EINVAL);
	o.size = 1ULL << 30;
	o.fault = SCN_FAULT_UNMAPPED;
	assert_int_equal(scn_open(&o, &r, &s), -EINVAL);
	o.fault = SCN_FAULT_NONE;
	o.bypass = true;
	assert_int_equal(scn_open(&o, &r, &s), -EINVAL);
	o.bypass = false;
	o.map_only = false; /* a copy is still at most 16 MiB */
	assert_int_equal(scn_open(&o, &r, &s), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timing_invisible),
		cmocka_unit_test(test_timing_page_size),
		cmocka_unit_test(test_timing_walk_bound),
		cmocka_unit_test(test_timing_tlb_size),
		cmocka_unit_test(test_timing_utlb),
		cmocka_unit_test(test_timing_off),
		cmocka_unit_test(test_map_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
