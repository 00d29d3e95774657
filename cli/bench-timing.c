// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma bench, the parts that need the model: simulated DMA bandwidth from
 * the timing model (the plot), the access-pattern and TLB-size study
 * (docs/perf.md), and the sparse 1 TiB mapping.
 */
#include <stdio.h>
#include <string.h>
#include <malloc.h>

#include "bench.h"
#include "vadma/scenario.h"

double bench_gbs(const struct model_timing_stats *t)
{
	u64 bytes = t->bytes_written ? t->bytes_written : t->bytes_read;

	if (!t->cycles)
		return 0;
	return (double)bytes / (double)t->cycles * t->clock_mhz * 1e6 / 1e9;
}

int bench_sim_copy(enum bench_map map, u64 size, struct model_timing_stats *st)
{
	struct scn_opts o;
	struct scn_result r;
	int ret;

	scn_opts_default(&o);
	o.size = size;
	o.timing.enable = true;
	o.leaf = map == BENCH_MAP_BLOCKS ? SCN_LEAF_BLOCKS : SCN_LEAF_PAGES;
	o.bypass = map == BENCH_MAP_BYPASS;
	ret = scn_copy(&o, &r);
	if (!ret && !r.timed)
		ret = -EIO;
	*st = r.timing;
	return ret;
}

static const u64 plot_sizes[] = {
	4096, 16384, 65536, 262144, 1 << 20, 4 << 20, 16 << 20,
};

int bench_plot_data(const char *path)
{
	FILE *f = fopen(path, "w");
	unsigned int i;
	int ret = 0;

	if (!f)
		return -EIO;
	fprintf(f,
		"# simulated E1 (ZDMA) copy bandwidth, GB/s at the model's clock\n"
		"# bytes\t4KiB-pages\t2MiB-blocks\tbypass\n");
	for (i = 0; !ret && i < ARRAY_SIZE(plot_sizes); i++) {
		struct model_timing_stats p, b, y;

		ret = bench_sim_copy(BENCH_MAP_PAGES, plot_sizes[i], &p);
		if (!ret)
			ret = bench_sim_copy(BENCH_MAP_BLOCKS, plot_sizes[i],
					     &b);
		if (!ret)
			ret = bench_sim_copy(BENCH_MAP_BYPASS, plot_sizes[i],
					     &y);
		if (!ret)
			fprintf(f, "%llu\t%.3f\t%.3f\t%.3f\n",
				(unsigned long long)plot_sizes[i],
				bench_gbs(&p), bench_gbs(&b), bench_gbs(&y));
	}
	if (fclose(f) && !ret)
		ret = -EIO;
	return ret;
}

/*
 * Reads of @burst bytes by a master on E2's stream (HP0, TBU 3) over the
 * 16 MiB source buffer, in @pattern; @n of them, after one untimed pass
 * of the same addresses (warm TLBs where they are big enough).
 */
int bench_pattern(enum bench_map map, enum bench_pattern pattern, u32 burst,
		  const struct model_timing_cfg *cfg,
		  struct model_timing_stats *st, double *secs)
{
	double t0 = 0;
	const u64 span = 16 << 20;
	struct scn_opts o;
	struct scn_result r;
	struct scn *s;
	u8 buf[4096];
	int pass, ret;
	u64 i, n = 16384;

	scn_opts_default(&o);
	o.engine = SCN_ENGINE_CDMA;
	o.size = span;
	o.timing = *cfg;
	o.timing.enable = true;
	o.leaf = map == BENCH_MAP_BLOCKS ? SCN_LEAF_BLOCKS : SCN_LEAF_PAGES;
	o.bypass = map == BENCH_MAP_BYPASS;
	ret = scn_open(&o, &r, &s);
	if (ret)
		return ret;
	for (pass = 0; !ret && pass < 2; pass++) {
		u64 x = 0x2545f4914f6cdd1dULL;
		u64 base = o.bypass ? r.src_pa : r.src_va;

		model_timing_reset(scn_model(s));
		t0 = bench_now();
		for (i = 0; !ret && i < n; i++) {
			u64 off;

			switch (pattern) {
			case BENCH_SEQ:
				off = i * burst % span;
				break;
			case BENCH_STRIDE:
				/* A new 4 KiB page each time, in order. */
				off = (i * 4096 + (i / (span / 4096)) * burst) %
				      span;
				break;
			default:
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				off = x % span / burst * burst;
				break;
			}
			ret = model_master_read(scn_model(s), r.sid, base + off,
						buf, burst);
		}
	}
	if (secs)
		*secs = bench_now() - t0; /* the second pass */
	if (!ret)
		ret = model_timing_get(scn_model(s), st);
	scn_close(s);
	return ret;
}

static const char *const pattern_names[] = {
	[BENCH_SEQ] = "sequential",
	[BENCH_STRIDE] = "strided-4KiB",
	[BENCH_RANDOM] = "random",
};
static const char *const map_names[] = {
	[BENCH_MAP_PAGES] = "4KiB-pages",
	[BENCH_MAP_BLOCKS] = "2MiB-blocks",
	[BENCH_MAP_BYPASS] = "bypass",
};

static double pct(u64 a, u64 b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

/* The study's tables (docs/perf.md), tab-separated, into @dir. */
int bench_study(const char *dir)
{
	static const u32 bursts[] = { 64, 256 };
	static const unsigned int tlbs[] = { 32,   64,	 128,  256, 512,
					     1024, 2048, 4096, 8192 };
	char path[512];
	FILE *f;
	unsigned int p, m, b, k;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/patterns.tsv", dir);
	f = fopen(path, "w");
	if (!f)
		return -EIO;
	fprintf(f,
		"# reads over 16 MiB from a PL master (TBU 3), warm; GB/s at the model's clock\n"
		"# pattern\tmapping\tburst\tGB/s\tutlb%%\tmtlb%%\twc%%\twalks\n");
	for (b = 0; !ret && b < ARRAY_SIZE(bursts); b++)
		for (p = 0; !ret && p < 3; p++)
			for (m = 0; !ret && m < 3; m++) {
				struct model_timing_cfg c = { 0 };
				struct model_timing_stats st;

				ret = bench_pattern(m, p, bursts[b], &c, &st,
						    NULL);
				if (!ret)
					fprintf(f,
						"%s\t%s\t%u\t%.3f\t%.1f\t%.1f\t%.1f\t%llu\n",
						pattern_names[p], map_names[m],
						bursts[b], bench_gbs(&st),
						pct(st.utlb_hits,
						    st.utlb_lookups),
						pct(st.mtlb_hits,
						    st.mtlb_lookups),
						pct(st.wc_hits, st.walks),
						(unsigned long long)st.walks);
			}
	if (fclose(f) && !ret)
		ret = -EIO;
	if (ret)
		return ret;

	snprintf(path, sizeof(path), "%s/tlb-size.tsv", dir);
	f = fopen(path, "w");
	if (!f)
		return -EIO;
	fprintf(f,
		"# random reads over 16 MiB of 4 KiB pages (4096 pages), warm;\n"
		"# macro TLB entries (4-way; micro-TLB 32) against GB/s and hit rate\n"
		"# mtlb\tGB/s-64B\tmtlb%%-64B\tGB/s-256B\tmtlb%%-256B\n");
	for (k = 0; !ret && k < ARRAY_SIZE(tlbs); k++) {
		struct model_timing_cfg c = { .mtlb_entries = tlbs[k] };
		struct model_timing_stats st, st2;

		ret = bench_pattern(BENCH_MAP_PAGES, BENCH_RANDOM, 64, &c, &st,
				    NULL);
		if (!ret)
			ret = bench_pattern(BENCH_MAP_PAGES, BENCH_RANDOM, 256,
					    &c, &st2, NULL);
		if (!ret)
			fprintf(f, "%u\t%.3f\t%.1f\t%.3f\t%.1f\n", tlbs[k],
				bench_gbs(&st),
				pct(st.mtlb_hits, st.mtlb_lookups),
				bench_gbs(&st2),
				pct(st2.mtlb_hits, st2.mtlb_lookups));
	}
	if (fclose(f) && !ret)
		ret = -EIO;
	if (ret)
		return ret;

	snprintf(path, sizeof(path), "%s/walkers.tsv", dir);
	f = fopen(path, "w");
	if (!f)
		return -EIO;
	fprintf(f,
		"# random 64-byte reads over 16 MiB of 4 KiB pages, warm: parallel\n"
		"# walks per TBU and memory latency against GB/s\n"
		"# walks\tGB/s-lat64\tGB/s-lat128\n");
	for (k = 1; !ret && k <= 32; k *= 2) {
		struct model_timing_cfg c = { .walks = k };
		struct model_timing_stats st, st2;

		ret = bench_pattern(BENCH_MAP_PAGES, BENCH_RANDOM, 64, &c, &st,
				    NULL);
		c.mem_cycles = 128;
		if (!ret)
			ret = bench_pattern(BENCH_MAP_PAGES, BENCH_RANDOM, 64,
					    &c, &st2, NULL);
		if (!ret)
			fprintf(f, "%u\t%.3f\t%.3f\n", k, bench_gbs(&st),
				bench_gbs(&st2));
	}
	if (fclose(f) && !ret)
		ret = -EIO;
	return ret;
}

/* ------------------------------------------------------------------ */
/* A sparse 1 TiB mapping: tables in the model's memory                */

#define SPARSE_TABLES_PA 0x40000000ULL
#define SPARSE_VA	 0x0000200000000000ULL
#define SPARSE_PA	 0x0000400000200000ULL /* 2 MiB, not 1 GiB aligned */
#define SPARSE_SIZE	 (1ULL << 40)

struct sparse {
	struct model *m;
	u64 next;
	u64 tables;
};

static void *sparse_alloc(void *ctx, size_t size, u64 *pa)
{
	struct sparse *sp = ctx;
	u8 *p;

	if (size != 4096)
		return NULL;
	p = model_cpu_ptr(sp->m, sp->next, size);
	if (!p)
		return NULL;
	memset(p, 0, size);
	*pa = sp->next;
	sp->next += size;
	sp->tables++;
	return p;
}

static void sparse_free(void *ctx, void *va, u64 pa, size_t size)
{
	(void)ctx;
	(void)va;
	(void)pa;
	(void)size;
}

static void *sparse_p2v(void *ctx, u64 pa, size_t size)
{
	return model_cpu_ptr(((struct sparse *)ctx)->m, pa, size);
}

static void sparse_clean(void *ctx, void *va, u64 pa, size_t size)
{
	(void)va;
	model_cpu_clean(((struct sparse *)ctx)->m, pa, size);
}

static const struct pt_mem_ops sparse_ops = {
	.alloc = sparse_alloc,
	.free = sparse_free,
	.phys_to_virt = sparse_p2v,
	.clean = sparse_clean,
};

/* Host memory the process has allocated (heap and mmapped blocks). */
static u64 heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return (u64)mi.uordblks + (u64)mi.hblkhd;
}

int bench_sparse(struct bench_sparse *out)
{
	struct pt_cfg cfg = { .granule = PT_GRANULE_4K, .ias = 48, .oas = 48 };
	struct model_cfg mc;
	struct sparse sp = { .next = SPARSE_TABLES_PA };
	struct model_stats st;
	struct pt pt;
	struct pt_walk w;
	u64 before, i;
	double t0;
	int ret;

	memset(out, 0, sizeof(*out));
	model_cfg_default(&mc, &plat_zcu102);
	before = heap_bytes();
	ret = model_create(&mc, &sp.m);
	if (ret)
		return ret;
	ret = pt_init(&pt, &cfg, &sparse_ops, &sp);
	if (ret)
		goto out_model;
	t0 = bench_now();
	ret = pt_map(&pt, SPARSE_VA, SPARSE_PA, SPARSE_SIZE,
		     PT_PROT_READ | PT_PROT_WRITE);
	out->map_seconds = bench_now() - t0;
	/* Live: addresses across the whole TiB translate. */
	for (i = 0; !ret && i < 1024; i++) {
		u64 va = SPARSE_VA + i * (SPARSE_SIZE / 1024) + i * 4096;

		if (pt_walk(&pt, va, 0, &w) ||
		    w.pa != SPARSE_PA + (va - SPARSE_VA))
			ret = -EIO;
	}
	model_get_stats(sp.m, &st);
	out->tables = sp.tables;
	out->model_pages = st.pages;
	out->heap_delta = heap_bytes() - before;
	pt_destroy(&pt);
out_model:
	model_destroy(sp.m);
	return ret;
}
