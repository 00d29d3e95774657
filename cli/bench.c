// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma bench: throughput of the page-table library, each figure printed
 * beside the target it is measured against.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "memimg.h"
#include "vadma/scenario.h"

#define BENCH_PAGES (1UL << 18) /* 1 GiB of 4 KiB pages */
#define BENCH_VA    0x0000100000000000ULL
#define BENCH_PA    0x0000008000001000ULL /* not 2 MiB aligned: pages only */

struct bench_result {
	const char *name;
	const char *unit;
	double value;
	double target;
};

static double bench_now(void)
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
#define BENCH_DMA_REPS 50

/*
 * A 1 MiB copy by @engine through the SMMU with 4 KiB pages (E1 or E2,
 * warm TLB after the first run, as in steady state); best of
 * BENCH_DMA_REPS.
 */
static int bench_dma(enum scn_engine engine, double *model_bps)
{
	const u64 size = BENCH_DMA_SIZE;
	struct scn_opts o;
	struct scn_result r;
	struct scn *s;
	double t0, t1, best = 1e9;
	int i, ret;

	scn_opts_default(&o);
	o.engine = engine;
	o.size = size;
	ret = scn_open(&o, &r, &s);
	if (ret)
		return ret;
	ret = scn_run(s); /* checked once */
	for (i = 0; !ret && i < BENCH_DMA_REPS; i++) {
		t0 = bench_now();
		ret = scn_dma(s);
		t1 = bench_now();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	scn_close(s);
	if (ret)
		return ret;
	*model_bps = size / best;
	return 0;
}

/* memcpy of 1 MiB, cache hot, best of BENCH_DMA_REPS: the reference. */
static int bench_memcpy(double *memcpy_bps)
{
	const u64 size = BENCH_DMA_SIZE;
	double t0, t1, best = 1e9;
	u8 *a, *b;
	int i;

	a = malloc(size);
	b = malloc(size);
	if (!a || !b) {
		free(a);
		free(b);
		return -ENOMEM;
	}
	memset(a, 1, size);
	memset(b, 2, size);
	for (i = 0; i < BENCH_DMA_REPS; i++) {
		t0 = bench_now();
		memcpy(b, a, size);
		/* Keep the copy from being optimised away. */
		__asm__ volatile("" : : "r"(b) : "memory");
		t1 = bench_now();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	free(a);
	free(b);
	*memcpy_bps = size / best;
	return 0;
}

int cli_bench(int argc, char **argv)
{
	struct bench_result res[9];
	bool json = false;
	double bulk, single, unmap, walk, xlate, zdma, cdma, mcpy;
	unsigned int i, n = 0;
	int ret;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--help")) {
			puts("usage: vadma bench [--json]\n\n"
			     "Measures on one core: the page-table library (mapping and\n"
			     "unmapping 4 KiB pages, 4-level walks of random pages), the\n"
			     "model's SMMU (TLB-hit translations), and 1 MiB DMA copies\n"
			     "through the model (ZDMA, AXI CDMA) against memcpy.");
			return 0;
		} else
			return cli_usage_error("bench", "unknown argument '%s'",
					       argv[i]);
	}

	ret = bench_map(&bulk, &single, &unmap, 3);
	if (!ret)
		ret = bench_walk(&walk, 3);
	if (!ret)
		ret = bench_xlate(&xlate);
	if (!ret)
		ret = bench_memcpy(&mcpy);
	if (!ret)
		ret = bench_dma(SCN_ENGINE_ZDMA, &zdma);
	if (!ret)
		ret = bench_dma(SCN_ENGINE_CDMA, &cdma);
	if (ret) {
		fprintf(stderr, "vadma bench: %s\n", vadma_strerror(ret));
		return 1;
	}
	res[n++] = (struct bench_result){
		"pt_map, 1 GiB as 4 KiB pages in one call", "pages/s", bulk,
		20e6
	};
	res[n++] = (struct bench_result){ "pt_map, one 4 KiB page per call",
					  "pages/s", single, 20e6 };
	res[n++] = (struct bench_result){ "pt_unmap, one 4 KiB page per call",
					  "pages/s", unmap, 0 };
	res[n++] = (struct bench_result){ "pt_walk, 4 levels, random pages",
					  "walks/s", walk, 30e6 };
	res[n++] = (struct bench_result){ "model SMMU, TLB-hit translations",
					  "xlates/s", xlate, 100e6 };
	res[n++] = (struct bench_result){ "memcpy, 1 MiB", "bytes/s", mcpy, 0 };
	res[n++] = (struct bench_result){ "model ZDMA 1 MiB via SMMU, 4K pages",
					  "bytes/s", zdma, 0.5 * mcpy };
	res[n++] = (struct bench_result){ "model CDMA 1 MiB via SMMU, 4K pages",
					  "bytes/s", cdma, 0.5 * mcpy };

	if (json) {
		printf("[");
		for (i = 0; i < n; i++)
			printf("%s{\"name\":\"%s\",\"unit\":\"%s\",\"value\":%.0f,\"target\":%.0f}",
			       i ? "," : "", res[i].name, res[i].unit,
			       res[i].value, res[i].target);
		printf("]\n");
		return 0;
	}
	printf("%-45s %14s %14s %s\n", "benchmark", "measured", "target", "");
	for (i = 0; i < n; i++) {
		char target[32] = "-";

		if (res[i].target)
			snprintf(target, sizeof(target), "%.1fM",
				 res[i].target / 1e6);
		printf("%-45s %13.1fM %14s %s%s\n", res[i].name,
		       res[i].value / 1e6, target, res[i].unit,
		       !res[i].target		       ? ""
		       : res[i].value >= res[i].target ? "  met"
						       : "  MISSED");
	}
	printf("model DMA / memcpy: ZDMA %.0f%%, CDMA %.0f%% (target at least 50%%)\n",
	       100.0 * zdma / mcpy, 100.0 * cdma / mcpy);
	return 0;
}
