/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Physical memory for the tools and tests: a few regions of host memory at
 * chosen physical addresses (file images, or zeroed buffers), and a table
 * allocator over one of them that implements &struct pt_mem_ops, with
 * allocation-failure injection for the tests.
 */
#ifndef VADMA_CLI_MEMIMG_H
#define VADMA_CLI_MEMIMG_H

#include "vadma/pgtable.h"

#define MEMIMG_MAX_REGIONS 16

struct memimg_region {
	u64 pa;
	u64 size;
	u8 *host;
};

/**
 * struct memimg - regions, and a table allocator over region @alloc_region
 * @fail_after: allocations that succeed before every further one fails
 *              (negative: never fail)
 * @live:       tables allocated and not freed
 * @cleans:     calls of the clean callback
 */
struct memimg {
	struct memimg_region region[MEMIMG_MAX_REGIONS];
	unsigned int nr;
	unsigned int alloc_region;
	u64 bump;
	u64 free_head[24]; /* per log2 size: pa of a freed block, 0 = none */
	long fail_after;
	unsigned long live;
	unsigned long cleans;
};

extern const struct pt_mem_ops memimg_pt_ops;

void memimg_init(struct memimg *m);
void memimg_release(struct memimg *m);
/* Add a zeroed region; it becomes the allocation region if it is the first. */
int memimg_add_zero(struct memimg *m, u64 pa, u64 size);
/* Add a region holding the bytes of @path. */
int memimg_add_file(struct memimg *m, const char *path, u64 pa);
void *memimg_ptr(struct memimg *m, u64 pa, u64 size);

#endif
