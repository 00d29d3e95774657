// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memimg.h"

void memimg_init(struct memimg *m)
{
	memset(m, 0, sizeof(*m));
	m->fail_after = -1;
}

void memimg_release(struct memimg *m)
{
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		free(m->region[i].host);
	m->nr = 0;
}

static int memimg_overlaps(const struct memimg *m, u64 pa, u64 size)
{
	unsigned int i;

	for (i = 0; i < m->nr; i++) {
		const struct memimg_region *r = &m->region[i];

		if (pa < r->pa + r->size && r->pa < pa + size)
			return 1;
	}
	return 0;
}

static int memimg_add(struct memimg *m, u64 pa, u8 *host, u64 size)
{
	if (m->nr == MEMIMG_MAX_REGIONS)
		return -ENOSPC;
	if (!size || pa + size < pa || memimg_overlaps(m, pa, size))
		return -EINVAL;
	m->region[m->nr].pa = pa;
	m->region[m->nr].size = size;
	m->region[m->nr].host = host;
	m->nr++;
	return 0;
}

int memimg_add_zero(struct memimg *m, u64 pa, u64 size)
{
	u8 *host;
	int ret;

	/* Aligned to 64 KiB so host and physical alignment agree. */
	if (size > SIZE_MAX - 65535)
		return -ENOMEM;
	host = aligned_alloc(65536, (size + 65535) & ~65535ULL);
	if (!host)
		return -ENOMEM;
	memset(host, 0, size);
	ret = memimg_add(m, pa, host, size);
	if (ret)
		free(host);
	return ret;
}

int memimg_add_file(struct memimg *m, const char *path, u64 pa)
{
	FILE *f = fopen(path, "rb");
	long len;
	u8 *host;
	int ret;

	if (!f)
		return -ENOENT;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -EIO;
	}
	if (len == 0) {
		fclose(f);
		return -EINVAL;
	}
	host = malloc((size_t)len);
	if (!host) {
		fclose(f);
		return -ENOMEM;
	}
	if (fread(host, 1, (size_t)len, f) != (size_t)len) {
		free(host);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	ret = memimg_add(m, pa, host, (u64)len);
	if (ret)
		free(host);
	return ret;
}

void *memimg_ptr(struct memimg *m, u64 pa, u64 size)
{
	unsigned int i;

	for (i = 0; i < m->nr; i++) {
		const struct memimg_region *r = &m->region[i];

		if (pa >= r->pa && pa - r->pa < r->size &&
		    size <= r->size - (pa - r->pa))
			return r->host + (pa - r->pa);
	}
	return NULL;
}

static unsigned int memimg_log2(size_t size)
{
	return (unsigned int)__builtin_ctzll(size);
}

static void *memimg_alloc(void *ctx, size_t size, u64 *pa)
{
	struct memimg *m = ctx;
	struct memimg_region *r = &m->region[m->alloc_region];
	unsigned int order = memimg_log2(size);
	u64 off;
	u8 *p;

	if (m->fail_after == 0 || m->nr == 0 || order >= 24 ||
	    (size & (size - 1)))
		return NULL;
	if (m->free_head[order]) {
		*pa = m->free_head[order];
		p = memimg_ptr(m, *pa, size);
		memcpy(&m->free_head[order], p, sizeof(u64));
		memset(p, 0, size);
	} else {
		off = (m->bump + size - 1) & ~((u64)size - 1);
		if (off > r->size || size > r->size - off)
			return NULL;
		m->bump = off + size;
		*pa = r->pa + off;
		p = r->host + off;
	}
	if (m->fail_after > 0)
		m->fail_after--;
	m->live++;
	return p;
}

static void memimg_free(void *ctx, void *va, u64 pa, size_t size)
{
	struct memimg *m = ctx;
	unsigned int order = memimg_log2(size);

	/* Scribble, so a walker that still uses the table sees garbage. */
	memset(va, 0xa5, size);
	memcpy(va, &m->free_head[order], sizeof(u64));
	m->free_head[order] = pa;
	m->live--;
}

static void *memimg_phys_to_virt(void *ctx, u64 pa, size_t size)
{
	return memimg_ptr(ctx, pa, size);
}

static void memimg_clean(void *ctx, void *va, u64 pa, size_t size)
{
	struct memimg *m = ctx;

	(void)va;
	(void)pa;
	(void)size;
	m->cleans++;
}

const struct pt_mem_ops memimg_pt_ops = {
	.alloc = memimg_alloc,
	.free = memimg_free,
	.phys_to_virt = memimg_phys_to_virt,
	.clean = memimg_clean,
};
