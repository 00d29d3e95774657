/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Helpers the two DMA drivers share. */
#ifndef VADMA_DMAC_INTERNAL_H
#define VADMA_DMAC_INTERNAL_H

#include "vadma/env.h"

static inline u32 dmac_lo(u64 v)
{
	return (u32)v;
}

static inline u32 dmac_hi(u64 v)
{
	return (u32)(v >> 32);
}

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
