/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Inside the SMMUv2 driver core: register access by frame (GR0, GR1, a
 * context bank), shared by the architected code (smmu.c) and the
 * implementations' hooks (mmu500.c).
 */
#ifndef VADMA_SMMU_INTERNAL_H
#define VADMA_SMMU_INTERNAL_H

#include "vadma/smmu.h"

static inline u32 gr0_read(const struct smmu *s, u32 off)
{
	return vadma_read32(&s->io, off);
}

static inline void gr0_write(const struct smmu *s, u32 off, u32 val)
{
	vadma_write32(&s->io, off, val);
}

static inline u64 gr1_off(const struct smmu *s, u32 off)
{
	return (1ULL << s->feat.pgshift) + off;
}

static inline u64 cb_off(const struct smmu *s, unsigned int cb, u32 off)
{
	return (((u64)s->feat.num_pages + cb) << s->feat.pgshift) + off;
}

static inline u32 cb_read(const struct smmu *s, unsigned int cb, u32 off)
{
	return vadma_read32(&s->io, cb_off(s, cb, off));
}

static inline void cb_write(const struct smmu *s, unsigned int cb, u32 off,
			    u32 val)
{
	vadma_write32(&s->io, cb_off(s, cb, off), val);
}

#endif /* VADMA_SMMU_INTERNAL_H */
