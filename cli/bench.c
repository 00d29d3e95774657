// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma bench: how fast the model and the page-table library run on one
 * core, each figure measured in turns with its limit, in the same run and
 * on the same footprint (docs/perf.md); the parts that use the timing
 * model are in bench-timing.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "cli.h"
#include "memimg.h"
#include "vadma/scenario.h"

#define BENCH_PAGES	  (1UL << 18) /* 1 GiB of 4 KiB pages */
#define BENCH_VA	  0x0000100000000000ULL
#define BENCH_PA	  0x0000008000001000ULL /* not 2 MiB aligned: pages only */
#define BENCH_ROUNDS	  7
/* The model's default TLB (SMMU_TLB_DEFAULT), asked for explicitly. */
#define BENCH_TLB	  512
#define BENCH_SEED	  0x9e3779b97f4a7c15ULL
/*
 * Cold walks: 64 MiB of tables, twice the host's last-level cache (32
 * MiB on the machine of docs/perf.md); the data pages are never touched.
 */
#define BENCH_COLD_SIZE	  SCN_MAP_ONLY_MAX
/* Walks whose 11 tables (44 KiB) stay in the host's L1 and L2. */
#define BENCH_CACHED_SIZE (16ULL << 20)

/*
 * The thread's CPU time: the machine is shared, and a round must not
 * count the time another process had the core.
 */
double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline u64 xorshift(u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* @x scaled into [0, @n) without a division. */
static inline u64 below(u64 x, u64 n)
{
	return (u64)(((unsigned __int128)x * n) >> 64);
}

/*
 * Translation tables (4 KiB granule, 4 levels) that walks of every page
 * of [@va, @va + @size) read: the footprint of the walks.
 */
static u64 bench_tables(u64 va, u64 size)
{
	u64 last = va + size - 1;

	return 1 + ((last >> 39) - (va >> 39) + 1) +
	       ((last >> 30) - (va >> 30) + 1) +
	       ((last >> 21) - (va >> 21) + 1);
}

/* ------------------------------------------------------------------ */
/* The limits                                                         */

/*
 * A bare cached hash probe: open addressing (linear probing) keyed like
 * the model's TLB entries, by StreamID, ASID and page, with as many
 * slots as the TLB has entries.
 */
struct probe_ent {
	u64 page;
	u64 pa;
	u32 sid;
	u16 asid;
	u16 valid;
};

struct probe {
	struct probe_ent e[BENCH_TLB];
};

static inline unsigned int probe_slot(u32 sid, u16 asid, u64 page)
{
	u64 h = (page ^ ((u64)sid << 40 | (u64)asid << 24)) *
		0x9e3779b97f4a7c15ULL;

	return (unsigned int)(h >> 55) & (BENCH_TLB - 1);
}

static void probe_add(struct probe *p, u32 sid, u16 asid, u64 va, u64 pa)
{
	unsigned int i = probe_slot(sid, asid, va >> 12);

	while (p->e[i].valid)
		i = (i + 1) & (BENCH_TLB - 1);
	p->e[i] = (struct probe_ent){ .page = va >> 12,
				      .pa = pa & ~0xfffULL,
				      .sid = sid,
				      .asid = asid,
				      .valid = 1 };
}

/*
 * One lookup, a function call as model_xlate() is (the bench cannot
 * inline the library's), not inlined into the loop.
 */
static __attribute__((noinline)) int probe_find(const struct probe *p, u32 sid,
						u16 asid, u64 va, u64 *pa)
{
	u64 page = va >> 12;
	unsigned int i = probe_slot(sid, asid, page);

	for (;;) {
		const struct probe_ent *e = &p->e[i];

		if (!e->valid)
			return -ENOENT;
		if (e->page == page && e->sid == sid && e->asid == asid) {
			*pa = e->pa | (va & 0xfff);
			return 0;
		}
		i = (i + 1) & (BENCH_TLB - 1);
	}
}

/*
 * Chains of 4 dependent random loads over @n words (a footprint of 8 * @n
 * bytes): each word holds the index of a random word.
 */
struct chase {
	u64 *next;
	u64 n;
};

static int chase_init(struct chase *c, u64 bytes)
{
	u64 i, x = 0x2545f4914f6cdd1dULL;

	c->n = bytes / 8;
	c->next = malloc(c->n * 8);
	if (!c->next)
		return -ENOMEM;
	for (i = 0; i < c->n; i++)
		c->next[i] = below(xorshift(&x), c->n);
	return 0;
}

/*
 * Not a limit, to read the cold figure by: @n chains, each from a random
 * word (as the walks start from random pages) and independent of the
 * others, so that the host overlaps the misses of several.
 */
static double chase_round(const struct chase *c, u64 n, u64 *sum)
{
	u64 i, p, x = BENCH_SEED;
	double t0 = bench_now();

	for (i = 0; i < n; i++) {
		p = below(xorshift(&x), c->n);
		p = c->next[p];
		p = c->next[p];
		p = c->next[p];
		p = c->next[p];
		*sum += p;
	}
	return n / (bench_now() - t0);
}

/*
 * The limit of the walks: @n chains one after another, each starting from
 * a word chosen with the end of the one before, so that no two overlap in
 * the host: the latency of a chain of 4 dependent loads.  A walk is one
 * such chain, and the model's successive walks do not overlap either.
 */
static double chase_serial_round(const struct chase *c, u64 n, u64 *sum)
{
	u64 i, p = 0, x = BENCH_SEED;
	double t0 = bench_now();

	for (i = 0; i < n; i++) {
		p = below(xorshift(&x) ^ p, c->n);
		p = c->next[p];
		p = c->next[p];
		p = c->next[p];
		p = c->next[p];
	}
	*sum += p;
	return n / (bench_now() - t0);
}

/* ------------------------------------------------------------------ */
/* Translations through the model's SMMU                              */

/*
 * TLB-hit translations of E1's stream: sixteen pages, all in the TLB
 * after the first pass; the limit is the probe over the same sixteen
 * entries in the same order.
 */
static int fig_xlate_hit(struct bench_fig *f, int rounds)
{
	const u64 n = 1ULL << 22;
	struct scn_opts o;
	struct scn_result r;
	struct probe *p;
	struct scn *s;
	struct model *m;
	u64 i, pa, sum = 0;
	double t0;
	int k, ret;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	scn_opts_default(&o);
	o.tlb_entries = BENCH_TLB;
	ret = scn_open(&o, &r, &s);
	if (ret)
		goto out_free;
	m = scn_model(s);
	ret = -EIO;
	for (i = 0; i < 16; i++) {
		if (model_xlate(m, r.sid, r.src_va + (i << 12), false, &pa))
			goto out;
		probe_add(p, r.sid, r.asid, r.src_va + (i << 12), pa);
	}
	for (k = 0; k < rounds; k++) {
		t0 = bench_now();
		for (i = 0; i < n; i++) {
			if (model_xlate(m, r.sid,
					r.src_va + ((i & 15) << 12) +
						(i & 0xff0),
					false, &pa))
				goto out;
			sum += pa;
		}
		f->v[k] = n / (bench_now() - t0);
		t0 = bench_now();
		for (i = 0; i < n; i++) {
			if (probe_find(p, r.sid, r.asid,
				       r.src_va + ((i & 15) << 12) +
					       (i & 0xff0),
				       &pa))
				goto out;
			sum += pa;
		}
		f->l[k] = n / (bench_now() - t0);
	}
	ret = sum ? 0 : -EIO;
out:
	scn_close(s);
out_free:
	free(p);
	return ret;
}

/*
 * Translations of random pages of a mapping of @size bytes (a power of
 * two) of 4 KiB pages through a TLB of @tlb entries: with 1 entry each is
 * a 4-level walk and a fill.  The limit: @chains chains of 4 dependent
 * random loads, one after another (chase_serial_round()), over a footprint
 * the size of the tables those walks read.
 * With @map_only, only the tables exist (scn_opts.map_only): no page of
 * the buffer is allocated or touched.  *@walked: the share that walked.
 * @what: the mapping in words, for the limit's name written into
 * @lname (BENCH_LNAME bytes), or NULL: the name is kept.  @overlapped,
 * unless NULL: per round, @n independent chains over the same footprint
 * (chase_round(), not a limit).
 */
#define BENCH_LNAME 200
static char cold_lname[BENCH_LNAME], cached_lname[BENCH_LNAME];

static int fig_xlate_miss(struct bench_fig *f, int rounds, u64 size,
			  bool map_only, unsigned int tlb, u64 n, u64 chains,
			  const char *what, char *lname, double *overlapped,
			  double *walked)
{
	struct scn_opts o;
	struct scn_result r;
	struct model_stats a, b;
	struct chase c;
	struct scn *s;
	struct model *m;
	u64 i, pa, sum = 0, x, tables, mask = (size >> 12) - 1;
	double t0;
	int k, ret;

	scn_opts_default(&o);
	o.size = size;
	o.leaf = SCN_LEAF_PAGES;
	o.tlb_entries = tlb;
	o.map_only = map_only;
	ret = scn_open(&o, &r, &s);
	if (ret)
		return ret;
	tables = bench_tables(r.src_va, size);
	ret = chase_init(&c, tables * 4096);
	if (ret)
		goto out_scn;
	if (what) {
		snprintf(
			lname, BENCH_LNAME,
			"one chain after another of 4 dependent random loads (no two overlap) over a footprint the size of the walks' tables (%s: %llu tables, %.2f MiB)",
			what, (unsigned long long)tables,
			tables * 4096.0 / (1 << 20));
		f->lname = lname;
	}
	m = scn_model(s);
	/* The mapping is the one asked for: a sample of pages. */
	ret = -EIO;
	x = ~BENCH_SEED;
	for (i = 0; i < 1024; i++) {
		u64 off = (xorshift(&x) & mask) << 12;

		if (model_xlate(m, r.sid, r.src_va + off, false, &pa) ||
		    pa != r.src_pa + off)
			goto out;
	}
	model_get_stats(m, &a);
	for (k = 0; k < rounds; k++) {
		x = BENCH_SEED;
		t0 = bench_now();
		for (i = 0; i < n; i++) {
			if (model_xlate(m, r.sid,
					r.src_va +
						((xorshift(&x) & mask) << 12),
					false, &pa))
				goto out;
			sum += pa;
		}
		f->v[k] = n / (bench_now() - t0);
		f->l[k] = chase_serial_round(&c, chains, &sum);
		if (overlapped)
			overlapped[k] = chase_round(&c, n, &sum);
	}
	model_get_stats(m, &b);
	*walked = (double)(b.walks - a.walks) / (double)(n * rounds);
	ret = sum ? 0 : -EIO;
out:
	free(c.next);
out_scn:
	scn_close(s);
	return ret;
}

/*
 * 16-byte reads, one per 4 KiB page in order, with the timing model on:
 * every one misses the TLBs and walks, and every walk after the first
 * finds its level 2 table in the walk cache.  Per second of host time; no
 * limit.
 */
static int fig_xlate_wc(struct bench_fig *f, int rounds, double *wc)
{
	struct model_timing_cfg c = { 0 };
	struct model_timing_stats st;
	double secs;
	int k, ret;

	for (k = 0; k < rounds; k++) {
		ret = bench_pattern(BENCH_MAP_PAGES, BENCH_STRIDE, 16, &c, &st,
				    &secs);
		if (ret)
			return ret;
		f->v[k] = st.txns / secs;
	}
	*wc = st.walks ? (double)st.wc_hits / st.walks : 0;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The page-table library                                             */

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

/*
 * Storing the descriptors of BENCH_PAGES pages into zeroed tables the
 * size of those pt_map() fills: what mapping them must at least do.
 */
static double store_round(u64 *tables)
{
	u64 i, pa = BENCH_PA | 0x403; /* a valid page, AF */
	double t0 = bench_now();

	for (i = 0; i < BENCH_PAGES; i++)
		tables[i] = pa + (i << 12);
	__asm__ volatile("" : : "r"(tables) : "memory");
	return BENCH_PAGES / (bench_now() - t0);
}

/*
 * pt_map of 1 GiB of 4 KiB pages in one call (limit: storing its
 * descriptors), pt_unmap and pt_map one page per call (no limit).
 */
static int fig_map(struct bench_fig *bulk, struct bench_fig *single,
		   struct bench_fig *unmap, int rounds)
{
	u64 tsize = bench_tables(BENCH_VA, BENCH_PAGES << 12) * 4096;
	u64 *tables = malloc(tsize);
	struct memimg mem;
	struct pt pt;
	double t0;
	int k, ret = 0;
	u64 i;

	if (!tables)
		return -ENOMEM;
	for (k = 0; !ret && k < rounds; k++) {
		ret = bench_tree(&mem, &pt);
		if (ret)
			break;
		memset(tables, 0, tsize);
		t0 = bench_now();
		ret = pt_map(&pt, BENCH_VA, BENCH_PA, BENCH_PAGES << 12,
			     PT_PROT_READ | PT_PROT_WRITE);
		bulk->v[k] = BENCH_PAGES / (bench_now() - t0);
		bulk->l[k] = store_round(tables);

		t0 = bench_now();
		for (i = 0; !ret && i < BENCH_PAGES; i++)
			if (pt_unmap(&pt, BENCH_VA + (i << 12), 4096) != 4096)
				ret = -EIO;
		unmap->v[k] = BENCH_PAGES / (bench_now() - t0);

		t0 = bench_now();
		for (i = 0; !ret && i < BENCH_PAGES; i++)
			ret = pt_map(&pt, BENCH_VA + (i << 12),
				     BENCH_PA + (i << 12), 4096,
				     PT_PROT_READ | PT_PROT_WRITE);
		single->v[k] = BENCH_PAGES / (bench_now() - t0);
		bench_done(&mem, &pt);
	}
	free(tables);
	return ret;
}

/*
 * pt_walk of random pages of a 1 GiB mapping; the limit: chains of 4
 * dependent random loads, one after another (chase_serial_round()), over
 * the footprint of its tables.
 */
static char walk_lname[160];

static int fig_walk(struct bench_fig *f, int rounds)
{
	const u64 n = 1ULL << 20,
		  tables = bench_tables(BENCH_VA, BENCH_PAGES << 12);
	struct memimg mem;
	struct chase c;
	struct pt pt;
	struct pt_walk w;
	u64 i, x, sum = 0;
	double t0;
	int k, ret;

	ret = bench_tree(&mem, &pt);
	if (ret)
		return ret;
	ret = pt_map(&pt, BENCH_VA, BENCH_PA, BENCH_PAGES << 12,
		     PT_PROT_READ | PT_PROT_WRITE);
	if (!ret)
		ret = chase_init(&c, tables * 4096);
	if (ret)
		goto out;
	snprintf(
		walk_lname, sizeof(walk_lname),
		"one chain after another of 4 dependent random loads (no two overlap) over a footprint the size of the tables of 1 GiB of 4 KiB pages (%llu tables, %.1f MiB)",
		(unsigned long long)tables, tables * 4096.0 / (1 << 20));
	f->lname = walk_lname;
	for (k = 0; !ret && k < rounds; k++) {
		x = BENCH_SEED;
		t0 = bench_now();
		for (i = 0; i < n; i++) {
			/* A pseudo-random page each time: no locality help. */
			if (pt_walk(&pt,
				    BENCH_VA + (below(xorshift(&x), BENCH_PAGES)
						<< 12),
				    0, &w)) {
				ret = -EIO;
				break;
			}
			sum += w.pa;
		}
		f->v[k] = n / (bench_now() - t0);
		f->l[k] = chase_serial_round(&c, n / 8, &sum);
	}
	free(c.next);
	if (!ret && !sum)
		ret = -EIO;
out:
	bench_done(&mem, &pt);
	return ret;
}

/* ------------------------------------------------------------------ */
/* DMA through the SMMU against memcpy                                */

#define BENCH_DMA_SIZE (1 << 20)
#define BENCH_DMA_REPS 32 /* copies per round */

/*
 * BENCH_DMA_REPS copies of 1 MiB by @engine through the SMMU with 4 KiB
 * pages (E1 or E2, warm TLB after the first run, as in steady state), then
 * as many memcpy() of 1 MiB between two host buffers (the same 2 MiB
 * footprint), in turns; bytes per second.
 */
static int fig_dma(struct bench_fig *f, int rounds, enum scn_engine engine)
{
	const u64 size = BENCH_DMA_SIZE;
	struct scn_opts o;
	struct scn_result r;
	struct scn *s;
	double t0;
	u8 *a = malloc(size), *b = malloc(size);
	int i, k, ret;

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
	for (k = 0; !ret && k < rounds; k++) {
		t0 = bench_now();
		for (i = 0; !ret && i < BENCH_DMA_REPS; i++)
			ret = scn_dma(s);
		f->v[k] = BENCH_DMA_REPS * size / (bench_now() - t0);
		t0 = bench_now();
		for (i = 0; i < BENCH_DMA_REPS; i++) {
			memcpy(b, a, size);
			/* Keep the copy from being optimised away. */
			__asm__ volatile("" : : "r"(b) : "memory");
		}
		f->l[k] = BENCH_DMA_REPS * size / (bench_now() - t0);
	}
	scn_close(s);
out:
	free(a);
	free(b);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Medians and output                                                 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median, min and max of @n values. */
static void stats(const double *v, int n, double *med, double *min, double *max)
{
	double s[BENCH_MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	*med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	*min = s[0];
	*max = s[n - 1];
}

/* The figure over its limit, per round (the two measured in turns). */
static void ratio(const struct bench_fig *f, int n, double *med, double *min,
		  double *max)
{
	double r[BENCH_MAX_ROUNDS];
	int k;

	for (k = 0; k < n; k++)
		r[k] = f->v[k] / f->l[k];
	stats(r, n, med, min, max);
}

static bool is_bytes(const struct bench_fig *f)
{
	return !strcmp(f->unit, "bytes/s");
}

static void print_results(const struct bench_fig *f, unsigned int n, int rounds)
{
	unsigned int i;

	printf("vadma bench: %d rounds, each figure in turns with its limit; median, min, max; ratio: median of the rounds' figure / limit\n",
	       rounds);
	printf("%-50s %5s %8s %8s %8s %8s %6s %6s\n", "figure", "unit",
	       "median", "min", "max", "limit", "ratio", "target");
	for (i = 0; i < n; i++) {
		double scale = is_bytes(&f[i]) ? 1e9 : 1e6;
		double med, min, max, lmed, lmin, lmax, r, rmin, rmax;
		char lim[16] = "-", rat[16] = "-", tgt[16] = "-";

		stats(f[i].v, rounds, &med, &min, &max);
		if (f[i].lname) {
			stats(f[i].l, rounds, &lmed, &lmin, &lmax);
			ratio(&f[i], rounds, &r, &rmin, &rmax);
			snprintf(lim, sizeof(lim), "%.1f", lmed / scale);
			snprintf(rat, sizeof(rat), "%.2f", r);
		}
		if (f[i].target)
			snprintf(tgt, sizeof(tgt), "%.2f", f[i].target);
		printf("%-50s %5s %8.1f %8.1f %8.1f %8s %6s %6s%s\n", f[i].name,
		       is_bytes(&f[i]) ? "GB/s" : "M/s", med / scale,
		       min / scale, max / scale, lim, rat, tgt,
		       !f[i].target	  ? ""
		       : r >= f[i].target ? "  met"
					  : "  short");
	}
	printf("limits, measured in the same run on the same footprint:\n");
	for (i = 0; i < n; i++)
		if (f[i].lname)
			printf("  %-18s %s\n", f[i].key, f[i].lname);
}

static void json_rounds(const char *key, const double *v, int n)
{
	int k;

	printf(",\"%s\":[", key);
	for (k = 0; k < n; k++)
		printf("%s%.6g", k ? "," : "", v[k]);
	printf("]");
}

static void json_fig(const struct bench_fig *f, int rounds)
{
	double med, min, max, lmed, lmin, lmax, r, rmin, rmax;

	stats(f->v, rounds, &med, &min, &max);
	printf("{\"key\":\"%s\",\"name\":\"%s\",\"unit\":\"%s\",\"value\":%.6g,\"min\":%.6g,\"max\":%.6g",
	       f->key, f->name, f->unit, med, min, max);
	json_rounds("values", f->v, rounds);
	if (!f->lname) {
		printf(",\"limit\":null}");
		return;
	}
	stats(f->l, rounds, &lmed, &lmin, &lmax);
	ratio(f, rounds, &r, &rmin, &rmax);
	printf(",\"limit\":%.6g,\"limit_name\":\"%s\",\"limit_min\":%.6g,\"limit_max\":%.6g",
	       lmed, f->lname, lmin, lmax);
	json_rounds("limit_values", f->l, rounds);
	printf(",\"ratio\":%.4f,\"ratio_min\":%.4f,\"ratio_max\":%.4f", r, rmin,
	       rmax);
	if (f->target)
		printf(",\"target\":%.2f,\"met\":%s", f->target,
		       r >= f->target ? "true" : "false");
	else
		printf(",\"target\":null");
	printf("}");
}

/* An entry of the earlier format, kept for its key. */
static void json_plain(const char *key, const char *name, const char *unit,
		       double value, double target)
{
	printf(",\n{\"key\":\"%s\",\"name\":\"%s\",\"unit\":\"%s\",\"value\":%.6g,\"limit\":",
	       key, name, unit, value);
	if (target)
		printf("%.6g,\"met\":%s}", target,
		       value >= target ? "true" : "false");
	else
		printf("null}");
}

static const char bench_usage[] =
	"usage: vadma bench [--json] [--rounds N] [--plot FILE] [--study DIR]\n\n"
	"Measures on one core each figure in turns with its limit, in the same\n"
	"run and on the same footprint: translations through the model's SMMU\n"
	"(TLB hit against a bare cached hash probe; TLB miss with a 4-level\n"
	"walk, cold over 64 MiB of tables and with its tables in the host's\n"
	"caches, against chains of 4 dependent random loads, one after\n"
	"another, over as many bytes; TLB miss with a walk-cache hit in the timing model), the\n"
	"page-table library (map, unmap, walk), 1 MiB DMA copies through the\n"
	"model (ZDMA, AXI CDMA, 4 KiB pages) against memcpy, and a sparse 1 TiB\n"
	"mapping (tables only).\n"
	"  --json        the figures, limits and ratios as one JSON object\n"
	"  --rounds N    rounds of each figure and limit (default 7, at most 31);\n"
	"                the median is reported, with min and max\n"
	"  --plot FILE   also write the timing model's simulated E1 bandwidth\n"
	"                against transfer size (4 KiB pages, 2 MiB blocks,\n"
	"                bypass) as a table for gnuplot (scripts/bench-plot.sh)\n"
	"  --study DIR   only write the tables of docs/perf.md into DIR\n";

enum {
	F_HIT,
	F_COLD,
	F_CACHED,
	F_512,
	F_WC,
	F_BULK,
	F_SINGLE,
	F_UNMAP,
	F_WALK,
	F_ZDMA,
	F_CDMA,
	F_N,
};

static struct bench_fig figs[F_N] = {
	[F_HIT] = { "xlate_hit", "model SMMU, TLB-hit translations", "xlates/s",
		    "bare cached hash probe, (StreamID, ASID, page) keys, as many slots as the TLB (512), the same 16 pages in the same order, one call each",
		    0.5 },
	[F_COLD] = { "xlate_miss_cold",
		     "model SMMU, TLB miss, cold walk, 64 MiB of tables",
		     "xlates/s",
		     "one chain after another of 4 dependent random loads (fig_xlate_miss())",
		     0.7 },
	[F_CACHED] = { "xlate_miss_cached",
		       "model SMMU, TLB miss, walk, tables in host cache",
		       "xlates/s",
		       "one chain after another of 4 dependent random loads (fig_xlate_miss())",
		       0 },
	[F_512] = { "xlate_miss_512", "model SMMU, random pages, 512-entry TLB",
		    "xlates/s",
		    "the same chains, one after another (most of these translations walk)",
		    0 },
	[F_WC] = { "xlate_wc_hit",
		   "model SMMU + timing, TLB miss, walk-cache hit", "xlates/s",
		   NULL, 0 },
	[F_BULK] = { "map_bulk", "pt_map, 1 GiB as 4 KiB pages in one call",
		     "pages/s",
		     "storing the 262144 descriptors into zeroed tables of the same size (2 MiB)",
		     0 },
	[F_SINGLE] = { "map_single", "pt_map, one 4 KiB page per call",
		       "pages/s", NULL, 0 },
	[F_UNMAP] = { "unmap_single", "pt_unmap, one 4 KiB page per call",
		      "pages/s", NULL, 0 },
	[F_WALK] = { "pt_walk", "pt_walk (library), 4 levels, random pages",
		     "walks/s",
		     "one chain after another of 4 dependent random loads (fig_walk())",
		     0 },
	[F_ZDMA] = { "zdma", "model ZDMA 1 MiB via SMMU, 4 KiB pages",
		     "bytes/s",
		     "memcpy of 1 MiB between two host buffers, as many copies (2 MiB footprint)",
		     0.8 },
	[F_CDMA] = { "cdma", "model CDMA 1 MiB via SMMU, 4 KiB pages",
		     "bytes/s", "the same memcpy", 0.8 },
};

/*
 * The median of the independent chains (chase_round(), which the host
 * overlaps) and of the cold figure over them, per round.
 */
static void overlap_stats(const double *overlapped, int rounds, double *med,
			  double *r)
{
	double q[BENCH_MAX_ROUNDS], lo, hi;
	int k;

	stats(overlapped, rounds, med, &lo, &hi);
	for (k = 0; k < rounds; k++)
		q[k] = figs[F_COLD].v[k] / overlapped[k];
	stats(q, rounds, r, &lo, &hi);
}

static void json_results(int rounds, double walked, double wc,
			 const double *overlapped,
			 const struct bench_sparse *sp)
{
	double med[F_N], r[F_N], lo, hi, omed, orat;
	unsigned int i;

	for (i = 0; i < F_N; i++) {
		stats(figs[i].l, rounds, &med[i], &lo, &hi);
		if (figs[i].lname)
			ratio(&figs[i], rounds, &r[i], &lo, &hi);
	}
	printf("{\"rounds\":%d,\"results\":[", rounds);
	for (i = 0; i < F_N; i++) {
		printf("%s\n", i ? "," : "");
		json_fig(&figs[i], rounds);
	}
	overlap_stats(overlapped, rounds, &omed, &orat);
	json_plain(
		"xlate_miss_cold_overlapped",
		"  not a limit: the same chains, independent, which the host overlaps",
		"chains/s", omed, 0);
	json_plain("xlate_miss_cold_vs_overlapped",
		   "  cold walk / those chains", "x", orat, 0);
	json_plain("xlate_miss_512_share",
		   "  share of those that missed and walked 4 levels", "%",
		   100 * walked, 0);
	json_plain("xlate_wc_hit_share",
		   "  share of those walks the walk cache served", "%",
		   100 * wc, 0);
	json_plain("memcpy", "memcpy, 1 MiB (in turns with ZDMA)", "bytes/s",
		   med[F_ZDMA], 0);
	json_plain("zdma_vs_memcpy", "  ZDMA / memcpy", "%", 100 * r[F_ZDMA],
		   100 * figs[F_ZDMA].target);
	json_plain("memcpy_2", "memcpy, 1 MiB (in turns with CDMA)", "bytes/s",
		   med[F_CDMA], 0);
	json_plain("cdma_vs_memcpy", "  CDMA / memcpy", "%", 100 * r[F_CDMA],
		   100 * figs[F_CDMA].target);
	printf("],\n\"sparse_1tib\":{\"tables\":%llu,\"table_bytes\":%llu,"
	       "\"model_pages\":%llu,\"host_heap_growth\":%llu,"
	       "\"map_seconds\":%.4f}}\n",
	       (unsigned long long)sp->tables,
	       (unsigned long long)sp->tables * 4096,
	       (unsigned long long)sp->model_pages,
	       (unsigned long long)sp->heap_delta, sp->map_seconds);
}

int cli_bench(int argc, char **argv)
{
	struct bench_sparse sp;
	const char *plot = NULL, *study = NULL;
	bool json = false;
	double walked = 0, unused = 0, wc = 0, overlapped[BENCH_MAX_ROUNDS],
	       omed, orat;
	int rounds = BENCH_ROUNDS, ret, i;
	char *end;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
			rounds = (int)strtol(argv[++i], &end, 10);
			if (*end || !*argv[i] || rounds < 1 ||
			    rounds > BENCH_MAX_ROUNDS)
				return cli_usage_error(
					"bench",
					"--rounds: 1 to %d, not '%s'\n",
					BENCH_MAX_ROUNDS, argv[i]);
		} else if (!strcmp(argv[i], "--plot") && i + 1 < argc) {
			plot = argv[++i];
		} else if (!strcmp(argv[i], "--study") && i + 1 < argc) {
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

	ret = fig_xlate_hit(&figs[F_HIT], rounds);
	if (!ret)
		ret = fig_xlate_miss(&figs[F_COLD], rounds, BENCH_COLD_SIZE,
				     true, 1, 1ULL << 18, 1ULL << 15,
				     "32 GiB of 4 KiB pages, tables only",
				     cold_lname, overlapped, &unused);
	if (!ret)
		ret = fig_xlate_miss(&figs[F_CACHED], rounds, BENCH_CACHED_SIZE,
				     false, 1, 1ULL << 19, 1ULL << 19,
				     "16 MiB of 4 KiB pages", cached_lname,
				     NULL, &unused);
	if (!ret)
		ret = fig_xlate_miss(&figs[F_512], rounds, BENCH_CACHED_SIZE,
				     false, BENCH_TLB, 1ULL << 19, 1ULL << 19,
				     NULL, NULL, NULL, &walked);
	if (!ret)
		ret = fig_xlate_wc(&figs[F_WC], rounds, &wc);
	if (!ret)
		ret = fig_map(&figs[F_BULK], &figs[F_SINGLE], &figs[F_UNMAP],
			      rounds);
	if (!ret)
		ret = fig_walk(&figs[F_WALK], rounds);
	if (!ret)
		ret = fig_dma(&figs[F_ZDMA], rounds, SCN_ENGINE_ZDMA);
	if (!ret)
		ret = fig_dma(&figs[F_CDMA], rounds, SCN_ENGINE_CDMA);
	if (!ret)
		ret = bench_sparse(&sp);
	if (!ret && plot)
		ret = bench_plot_data(plot);
	if (ret) {
		fprintf(stderr, "vadma bench: %s\n", vadma_strerror(ret));
		return 1;
	}
	if (json) {
		json_results(rounds, walked, wc, overlapped, &sp);
		return 0;
	}
	print_results(figs, F_N, rounds);
	overlap_stats(overlapped, rounds, &omed, &orat);
	printf("cold walk against the same chains independent of each other, which the host overlaps (not a limit): %.2f M/s, ratio %.2f\n",
	       omed / 1e6, orat);
	printf("random pages, 512-entry TLB: %.1f%% missed and walked 4 levels; walk-cache figure: %.1f%% of its walks served by the walk cache\n",
	       100 * walked, 100 * wc);
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
