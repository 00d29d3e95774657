/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Helpers the two DMA drivers share. */
#ifndef VADMA_DMAC_INTERNAL_H
#define VADMA_DMAC_INTERNAL_H

#include "vadma/env.h"
#include "vadma/dmac.h"

static inline u32 dmac_lo(u64 v)
{
	return (u32)v;
}

static inline u32 dmac_hi(u64 v)
{
	return (u32)(v >> 32);
}

/* Whether [@addr, @addr + @len) fits in @bits address bits; @len >= 1. */
static inline bool dmac_fits(u64 addr, u64 len, unsigned int bits)
{
	u64 last = addr + (len - 1);

	if (last < addr)
		return false;
	return bits >= 64 || !(last >> bits);
}

/* One error bit of an engine's status register, in the DMAC_ERR_* words. */
struct dmac_err_map {
	u32 hw;
	u32 err;
};

/* The DMAC_ERR_* bits that @map gives the hardware bits @bits. */
static inline u32 dmac_errors_of(const struct dmac_err_map *map, unsigned int n,
				 u32 bits)
{
	unsigned int i;
	u32 errors = 0;

	for (i = 0; i < n; i++)
		if (bits & map[i].hw)
			errors |= map[i].err;
	return errors;
}

/*
 * dmac_*_wait(): at most @max_polls calls of @ops->status on @drv until
 * the engine is not busy; 0, -EIO (an error), -ETIMEDOUT.  @max_polls >= 1.
 */
int dmac_poll(const struct dmac_ops *ops, void *drv, unsigned long max_polls,
	      struct dmac_status *st);

/* Little-endian, byte by byte: any host, any alignment of @buf. */
static inline void dmac_put_le32(void *buf, unsigned int off, u32 v)
{
	u8 *p = (u8 *)buf + off;

	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static inline u32 dmac_get_le32(const void *buf, unsigned int off)
{
	const u8 *p = (const u8 *)buf + off;

	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

#endif /* VADMA_DMAC_INTERNAL_H */
