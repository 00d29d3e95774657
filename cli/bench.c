// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma bench: how fast the model and the page-table library run on one
 * core, each figure printed beside its limit (docs/perf.md); the parts
 * that use the timing model are in bench-timing.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "cli.h"
#include "memimg.h"
#include "vadma/scenario.h"

#define BENCH_PAGES (1UL << 18) /* 1 GiB of 4 KiB pages */
#define BENCH_VA    0x0000100000000000ULL
#define BENCH_PA    0x0000008000001000ULL /* not 2 MiB aligned: pages only */

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int bench_tree(struct memimg *mem, struct pt *pt)
{
	struct pt_cfg cfg = { .granule = PT_GRANULE_4K, .ias = 48, .oas = 48 };
	int ret;

	memimg_init(mem);
	ret = memimg_add_zero(mem, 0x40000000, 64 << 20);
	if (ret)
		return ret;
	return pt_init(pt, &cfg, &memimg_pt_ops, mem);
}

static void bench_done(struct memimg *mem, struct pt *pt)
{
	pt_destroy(pt);
	memimg_release(mem);
}

/* Best of @reps runs, in operations per second. */
static int bench_map(double *bulk, double *single, double *unmap, int reps)
{
	struct memimg mem;
	struct pt pt;
	double t0, t1;
	int r, ret;
	u64 i;

	*bulk = *single = *unmap = 0;
	for (r = 0; r < reps; r++) {
		ret = bench_tree(&mem, &pt);
		if (ret)
			return ret;
		t0 = bench_now();
		ret = pt_map(&pt, BENCH_VA, BENCH_PA, BENCH_PAGES << 12,
			     PT_PROT_READ | PT_PROT_WRITE);
		t1 = bench_now();
		if (ret)
			goto fail;
		if (BENCH_PAGES / (t1 - t0) > *bulk)
			*bulk = BENCH_PAGES / (t1 - t0);

		t0 = bench_now();
		for (i = 0; i < BENCH_PAGES; i++)
			if (pt_unmap(&pt, BENCH_VA + (i << 12), 4096) != 4096)
				goto fail;
		t1 = bench_now();
		if (BENCH_PAGES / (t1 - t0) > *unmap)
			*unmap = BENCH_PAGES / (t1 - t0);

		t0 = bench_now();
		for (i = 0; i < BENCH_PAGES; i++) {
			ret = pt_map(&pt, BENCH_VA + (i << 12),
				     BENCH_PA + (i << 12), 4096,
				     PT_PROT_READ | PT_PROT_WRITE);
			if (ret)
				goto fail;
		}
		t1 = bench_now();
		if (BENCH_PAGES / (t1 - t0) > *single)
			*single = BENCH_PAGES / (t1 - t0);
		bench_done(&mem, &pt);
	}
	return 0;
fail:
	bench_done(&mem, &pt);
	return ret ? ret : -EIO;
}

static int bench_walk(double *rate, int reps)
{
	struct memimg mem;
	struct pt pt;
	struct pt_walk w;
	u64 i, sum = 0, n = 4 * BENCH_PAGES;
	double t0, t1;
	int r, ret;

	ret = bench_tree(&mem, &pt);
	if (ret)
		return ret;
	ret = pt_map(&pt, BENCH_VA, BENCH_PA, BENCH_PAGES << 12,
		     PT_PROT_READ | PT_PROT_WRITE);
	if (ret)
		goto out;
	*rate = 0;
	for (r = 0; r < reps; r++) {
		u64 x = 0x9e3779b97f4a7c15ULL;

		t0 = bench_now();
		for (i = 0; i < n; i++) {
			/* A pseudo-random page each time: no locality help. */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			if (pt_walk(&pt, BENCH_VA + ((x % BENCH_PAGES) << 12),
				    0, &w)) {
				ret = -EIO;
				goto out;
			}
			sum += w.pa;
		}
		t1 = bench_now();
		if (n / (t1 - t0) > *rate)
			*rate = n / (t1 - t0);
	}
	ret = sum ? 0 : -EIO;
out:
	bench_done(&mem, &pt);
	return ret;
}

/*
 * Translations that miss the SMMU's TLB: random pages of a 16 MiB buffer
 * of 4 KiB pages (4096 pages), each a 4-level walk unless the page is
 * still in the TLB (@tlb entries; 0: the default 512).  *@miss is the
 * share that walked.
 */
static int bench_xlate_miss(unsigned int tlb, double *rate, double *miss)
{
	struct scn_opts o;
	struct scn_result r;
	struct model_stats a, b;
	struct scn *s;
	struct model *m;
	u64 i, pa, sum = 0, n = 1ULL << 22, x = 0x9e3779b97f4a7c15ULL;
	double t0, t1;
	int ret;

	scn_opts_default(&o);
	o.size = 16 << 20;
	o.leaf = SCN_LEAF_PAGES;
	o.tlb_entries = tlb;
	ret = scn_open(&o, &r, &s);
	if (ret)
		return ret;
	m = scn_model(s);
	model_get_stats(m, &a);
	t0 = bench_now();
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (model_xlate(m, r.sid, r.src_va + ((x & 4095) << 12), false,
				&pa))
			goto fail;
		sum += pa;
	}
	t1 = bench_now();
	model_get_stats(m, &b);
	*rate = n / (t1 - t0);
	*miss = (double)(b.walks - a.walks) / n;
	scn_close(s);
	return sum ? 0 : -EIO;
fail:
	scn_close(s);
	return -EIO;
}

/*
 * 16-byte reads, one per 4 KiB page in order, with the timing model on:
 * every one misses the TLBs and walks, and every walk after the first
 * finds its level 2 table in the walk cache.  Per second of host time.
 */
static int bench_xlate_wc(double *rate, double *wc)
{
	struct model_timing_cfg c = { 0 };
	struct model_timing_stats st;
	double secs;
	int ret;

	ret = bench_pattern(BENCH_MAP_PAGES, BENCH_STRIDE, 16, &c, &st, &secs);
	if (ret)
		return ret;
	*rate = st.txns / secs;
	*wc = st.walks ? (double)st.wc_hits / st.walks : 0;
	return 0;
}

/* TLB-hit translations of E1's stream, through the model's SMMU. */
static int bench_xlate(double *rate)
{
	struct scn_opts o;
	struct scn_result r;
	struct scn *s;
	struct model *m;
	u64 i, pa, sum = 0, n = 1ULL << 25;
	double t0, t1;
	int ret;

	scn_opts_default(&o);
	ret = scn_open(&o, &r, &s);
	if (ret)
		return ret;
	m = scn_model(s);
	/* Sixteen pages: all in the TLB after the first pass. */
	for (i = 0; i < 16; i++)
		if (model_xlate(m, r.sid, r.src_va + (i << 12), false, &pa))
			goto fail;
	t0 = bench_now();
	for (i = 0; i < n; i++) {
		if (model_xlate(m, r.sid,
				r.src_va + ((i & 15) << 12) + (i & 0xff0),
				false, &pa))
			goto fail;
		sum += pa;
	}
	t1 = bench_now();
	*rate = n / (t1 - t0);
	scn_close(s);
	return sum ? 0 : -EIO;
fail:
	scn_close(s);
	return -EIO;
}

#define BENCH_DMA_SIZE (1 << 20)
#define BENCH_DMA_REPS 100

/* One cache-hot memcpy of @size bytes, timed. */
static double bench_memcpy_once(u8 *to, const u8 *from, u64 size)
{
	double t0 = bench_now();

	memcpy(to, from, size);
	/* Keep the copy from being optimised away. */
	__asm__ volatile("" : : "r"(to) : "memory");
	return bench_now() - t0;
}

/*
 * A 1 MiB copy by @engine through the SMMU with 4 KiB pages (E1 or E2,
 * warm TLB after the first run, as in steady state), and the reference, a
 * cache-hot memcpy of 1 MiB, in turns so that both see the same machine;
 * best of BENCH_DMA_REPS each, in bytes per second.
 */
static int bench_dma(enum scn_engine engine, double *model_bps,
		     double *memcpy_bps)
{
	const u64 size = BENCH_DMA_SIZE;
	struct scn_opts o;
	struct scn_result r;
	struct scn *s;
	double t0, t1, best = 1e9, mbest = 1e9, t;
	u8 *a = malloc(size), *b = malloc(size);
	int i, ret;

	if (!a || !b) {
		free(a);
		free(b);
		return -ENOMEM;
	}
	memset(a, 1, size);
	memset(b, 2, size);
	scn_opts_default(&o);
	o.engine = engine;
	o.size = size;
	ret = scn_open(&o, &r, &s);
	if (ret)
		goto out;
	ret = scn_run(s); /* checked once */
	for (i = 0; !ret && i < BENCH_DMA_REPS; i++) {
		t = bench_memcpy_once(b, a, size);
		if (t < mbest)
			mbest = t;
		t0 = bench_now();
		ret = scn_dma(s);
		t1 = bench_now();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	scn_close(s);
	*model_bps = size / best;
	*memcpy_bps = size / mbest;
out:
	free(a);
	free(b);
	return ret;
}

struct bench_result {
	const char *key;
	const char *name;
	const char *unit;
	double value;
	double limit; /* 0: none; met when value >= limit */
	double scale; /* shown as value / scale */
};

static void print_results(const struct bench_result *res, unsigned int n)
{
	unsigned int i;

	printf("%-58s %12s %12s\n", "benchmark", "measured", "limit");
	for (i = 0; i < n; i++) {
		char limit[32] = "-";
		const char *u = res[i].scale == 1e6 ? "M" : "";

		if (res[i].limit)
			snprintf(limit, sizeof(limit), "%.1f%s",
				 res[i].limit / res[i].scale, u);
		printf("%-58s %11.1f%s %12s %s%s\n", res[i].name,
		       res[i].value / res[i].scale, u, limit, res[i].unit,
		       !res[i].limit		      ? ""
		       : res[i].value >= res[i].limit ? "  met"
						      : "  MISSED");
	}
}

static void json_results(const struct bench_result *res, unsigned int n,
			 const struct bench_sparse *sp)
{
	unsigned int i;

	printf("{\"results\":[");
	for (i = 0; i < n; i++) {
		printf("%s\n{\"key\":\"%s\",\"name\":\"%s\",\"unit\":\"%s\","
		       "\"value\":%.6g,\"limit\":",
		       i ? "," : "", res[i].key, res[i].name, res[i].unit,
		       res[i].value);
		if (res[i].limit)
			printf("%.6g,\"met\":%s}", res[i].limit,
			       res[i].value >= res[i].limit ? "true" : "false");
		else
			printf("null}");
	}
	printf("],\n\"sparse_1tib\":{\"tables\":%llu,\"table_bytes\":%llu,"
	       "\"model_pages\":%llu,\"host_heap_growth\":%llu,"
	       "\"map_seconds\":%.4f}}\n",
	       (unsigned long long)sp->tables,
	       (unsigned long long)sp->tables * 4096,
	       (unsigned long long)sp->model_pages,
	       (unsigned long long)sp->heap_delta, sp->map_seconds);
}

static const char bench_usage[] =
	"usage: vadma bench [--json] [--plot FILE] [--study DIR]\n\n"
	"Measures on one core, each figure beside its limit: translations\n"
	"through the model's SMMU (TLB hit, TLB miss with a cold 4-level walk,\n"
	"TLB miss with a walk-cache hit in the timing model), the page-table\n"
	"library (map, unmap, walk), 1 MiB DMA copies through the model (ZDMA,\n"
	"AXI CDMA, 4 KiB pages) against memcpy, and a sparse 1 TiB mapping\n"
	"(tables only).\n"
	"  --json        the figures as one JSON object\n"
	"  --plot FILE   also write the timing model's simulated E1 bandwidth\n"
	"                against transfer size (4 KiB pages, 2 MiB blocks,\n"
	"                bypass) as a table for gnuplot (scripts/bench-plot.sh)\n"
	"  --study DIR   only write the tables of docs/perf.md into DIR\n";

int cli_bench(int argc, char **argv)
{
	struct bench_result res[20];
	struct bench_sparse sp;
	const char *plot = NULL, *study = NULL;
	bool json = false;
	double bulk = 0, single = 0, unmap = 0, walk = 0, xlate = 0, miss1 = 0,
	       miss512 = 0, missr1 = 0, missr512 = 0, wc = 0, wcr = 0, zdma = 0,
	       cdma = 0, mcpy = 0, mcpy2 = 0;
	unsigned int i, n = 0;
	int ret;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--plot") &&
			   i + 1 < (unsigned)argc) {
			plot = argv[++i];
		} else if (!strcmp(argv[i], "--study") &&
			   i + 1 < (unsigned)argc) {
			study = argv[++i];
		} else if (!strcmp(argv[i], "--help")) {
			fputs(bench_usage, stdout);
			return 0;
		} else {
			return cli_usage_error("bench",
					       "unknown argument '%s'\n\n%s",
					       argv[i], bench_usage);
		}
	}
	if (study) {
		ret = bench_study(study);
		if (ret)
			fprintf(stderr, "vadma bench: %s\n",
				vadma_strerror(ret));
		return ret ? 1 : 0;
	}

	ret = bench_xlate(&xlate);
	if (!ret)
		ret = bench_xlate_miss(1, &miss1, &missr1);
	if (!ret)
		ret = bench_xlate_miss(0, &miss512, &missr512);
	if (!ret)
		ret = bench_xlate_wc(&wc, &wcr);
	if (!ret)
		ret = bench_map(&bulk, &single, &unmap, 3);
	if (!ret)
		ret = bench_walk(&walk, 3);
	if (!ret)
		ret = bench_dma(SCN_ENGINE_ZDMA, &zdma, &mcpy);
	if (!ret)
		ret = bench_dma(SCN_ENGINE_CDMA, &cdma, &mcpy2);
	if (!ret)
		ret = bench_sparse(&sp);
	if (!ret && plot)
		ret = bench_plot_data(plot);
	if (ret) {
		fprintf(stderr, "vadma bench: %s\n", vadma_strerror(ret));
		return 1;
	}
	res[n++] = (struct bench_result){
		"xlate_hit", "model SMMU, TLB-hit translations",
		"xlates/s",  xlate,
		200e6,	     1e6
	};
	res[n++] = (struct bench_result){
		"xlate_miss_cold",
		"model SMMU, TLB miss: cold 4-level walk (1-entry TLB)",
		"xlates/s",
		miss1,
		30e6,
		1e6
	};
	res[n++] = (struct bench_result){
		"xlate_miss_512",
		"model SMMU, random pages, 512-entry TLB (misses below)",
		"xlates/s",
		miss512,
		30e6,
		1e6
	};
	res[n++] = (struct bench_result){
		"xlate_miss_512_share",
		"  share of those that missed and walked 4 levels",
		"%",
		100 * missr512,
		0,
		1
	};
	res[n++] = (struct bench_result){
		"xlate_wc_hit",
		"model SMMU + timing, TLB miss, walk-cache hit (no limit)",
		"xlates/s",
		wc,
		0,
		1e6
	};
	res[n++] = (struct bench_result){
		"xlate_wc_hit_share",
		"  share of those walks the walk cache served",
		"%",
		100 * wcr,
		0,
		1
	};
	res[n++] = (struct bench_result){
		"map_bulk", "pt_map, 1 GiB as 4 KiB pages in one call",
		"pages/s",  bulk,
		20e6,	    1e6
	};
	res[n++] = (struct bench_result){
		"map_single", "pt_map, one 4 KiB page per call",
		"pages/s",    single,
		20e6,	      1e6
	};
	res[n++] = (struct bench_result){ "unmap_single",
					  "pt_unmap, one 4 KiB page per call",
					  "pages/s",
					  unmap,
					  0,
					  1e6 };
	res[n++] = (struct bench_result){
		"pt_walk", "pt_walk (library), 4 levels, random pages",
		"walks/s", walk,
		30e6,	   1e6
	};
	res[n++] = (struct bench_result){
		"memcpy",  "memcpy, 1 MiB (in turns with ZDMA)",
		"bytes/s", mcpy,
		0,	   1e6
	};
	res[n++] = (struct bench_result){
		"zdma",	   "model ZDMA 1 MiB via SMMU, 4K pages",
		"bytes/s", zdma,
		0,	   1e6
	};
	res[n++] = (struct bench_result){ "zdma_vs_memcpy",
					  "  ZDMA / memcpy",
					  "%",
					  100 * zdma / mcpy,
					  80,
					  1 };
	res[n++] = (struct bench_result){
		"memcpy_2", "memcpy, 1 MiB (in turns with CDMA)",
		"bytes/s",  mcpy2,
		0,	    1e6
	};
	res[n++] = (struct bench_result){
		"cdma",	   "model CDMA 1 MiB via SMMU, 4K pages",
		"bytes/s", cdma,
		0,	   1e6
	};
	res[n++] = (struct bench_result){ "cdma_vs_memcpy",
					  "  CDMA / memcpy",
					  "%",
					  100 * cdma / mcpy2,
					  80,
					  1 };
	if (json) {
		json_results(res, n, &sp);
		return 0;
	}
	print_results(res, n);
	printf("sparse 1 TiB mapping (2 MiB blocks): %llu tables = %.1f MiB of tables; model RAM pages touched %llu (%.1f MiB); host heap grew %.1f MiB; mapped in %.3f s\n",
	       (unsigned long long)sp.tables, sp.tables * 4096.0 / (1 << 20),
	       (unsigned long long)sp.model_pages,
	       sp.model_pages * 4096.0 / (1 << 20),
	       sp.heap_delta / (double)(1 << 20), sp.map_seconds);
	printf("  limit: only the tables: %s\n",
	       sp.model_pages <= sp.tables + 16 ? "met" : "MISSED");
	if (plot)
		printf("simulated bandwidth against size written to %s\n",
		       plot);
	return 0;
}
