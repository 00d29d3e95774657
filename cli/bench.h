/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* vadma bench: what cli/bench.c and cli/bench-timing.c share. */
#ifndef VADMA_CLI_BENCH_H
#define VADMA_CLI_BENCH_H

#include "vadma/model.h"

/* How the DMA buffers are mapped. */
enum bench_map {
	BENCH_MAP_PAGES,  /* 4 KiB pages */
	BENCH_MAP_BLOCKS, /* 2 MiB blocks */
	BENCH_MAP_BYPASS, /* the stream bypasses the SMMU */
};

/* The order a master reads a buffer in. */
enum bench_pattern {
	BENCH_SEQ,    /* burst after burst */
	BENCH_STRIDE, /* one burst per 4 KiB page, pages in order */
	BENCH_RANDOM, /* uniformly random bursts */
};

/**
 * struct bench_sparse - a 1 TiB mapping (2 MiB blocks) in the model
 * @tables:      translation tables it took (4 KiB each)
 * @model_pages: the model's RAM pages touched, tables included
 * @heap_delta:  host memory allocated for it (the model: both views,
 *               device and CPU cache, of each table page)
 * @map_seconds: how long pt_map() took
 */
struct bench_sparse {
	u64 tables;
	u64 model_pages;
	u64 heap_delta;
	double map_seconds;
};

/* Rounds of each figure and of its limit: at most this many. */
#define BENCH_MAX_ROUNDS 31

/**
 * struct bench_fig - one figure of vadma bench and the limit it is
 * measured against, in the same process, in turns (figure, limit, figure,
 * limit, ...), on the same footprint
 * @key:    its JSON key
 * @name:   what it is
 * @unit:   per second of what (the figure's and the limit's unit)
 * @lname:  what the limit is; NULL: none
 * @target: the ratio to meet (figure / limit); 0: none
 * @v:      the figure, per round (@unit per second)
 * @l:      the limit, per round
 */
struct bench_fig {
	const char *key;
	const char *name;
	const char *unit;
	const char *lname;
	double target;
	double v[BENCH_MAX_ROUNDS];
	double l[BENCH_MAX_ROUNDS];
};

double bench_now(void);
/* GB/s at the timing model's clock (bytes written, else read). */
double bench_gbs(const struct model_timing_stats *t);
/* E1 (ZDMA) copying @size bytes with the timing model on. */
int bench_sim_copy(enum bench_map map, u64 size, struct model_timing_stats *st);
/* Simulated bandwidth against size for the three mappings, to @path. */
int bench_plot_data(const char *path);
int bench_pattern(enum bench_map map, enum bench_pattern pattern, u32 burst,
		  const struct model_timing_cfg *cfg,
		  struct model_timing_stats *st, double *secs);
/* patterns.tsv and tlb-size.tsv in @dir (docs/perf.md). */
int bench_study(const char *dir);
int bench_sparse(struct bench_sparse *out);

#endif
