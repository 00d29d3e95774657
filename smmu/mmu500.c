// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Arm CoreLink MMU-500 (DDI 0517), as an implementation of SMMUv2:
 * what it needs beyond the architecture, decided from its revision in
 * IDR7 and applied at reset.  The facts are Arm's errata notices for the
 * part, as Linux's arm-smmu-impl.c also applies them.
 */
#include "smmu-internal.h"

/*
 * The revision rNpM in IDR7 decides.  Errata 841119 and 826419 (the
 * next-page prefetcher, CBn_ACTLR.CPRE, on at reset) are in r0p0 to r2p1
 * and fixed in r2p2.  sACR.CACHE_LOCK exists from r2p0; while it is set,
 * Non-secure writes of the ACTLRs do not stick.  The ZynqMP's part is
 * r2p1: both apply.
 */
static int mmu500_probe(struct smmu *s)
{
	u8 major = s->feat.major, minor = s->feat.minor;

	s->quirks = 0;
	if (major < 2 || (major == 2 && minor < 2))
		s->quirks |= SMMU_QUIRK_PREFETCH_OFF;
	if (major >= 2)
		s->quirks |= SMMU_QUIRK_ACR_CACHE_LOCK;
	return 0;
}

/*
 * The prefetcher off in every bank.  CACHE_LOCK is cleared first; a Secure
 * CACHE_LOCK left set keeps CPRE on, which the read-back sees.
 */
static void mmu500_reset(struct smmu *s)
{
	unsigned int i;

	s->prefetch_on = false;
	if (!(s->quirks & SMMU_QUIRK_PREFETCH_OFF))
		return;
	if (s->quirks & SMMU_QUIRK_ACR_CACHE_LOCK)
		gr0_write(s, SMMU_GR0_sACR,
			  gr0_read(s, SMMU_GR0_sACR) & ~MMU500_sACR_CACHE_LOCK);
	for (i = 0; i < s->feat.num_cbs; i++) {
		cb_write(s, i, SMMU_CB_ACTLR,
			 cb_read(s, i, SMMU_CB_ACTLR) & ~MMU500_ACTLR_CPRE);
		if (cb_read(s, i, SMMU_CB_ACTLR) & MMU500_ACTLR_CPRE)
			s->prefetch_on = true;
	}
}

const struct smmu_impl smmu_impl_mmu500 = {
	.compatible = "arm,mmu-500",
	.probe = mmu500_probe,
	.reset = mmu500_reset,
};

static const struct smmu_impl *const smmu_impls[] = {
	&smmu_impl_mmu500,
};

const struct smmu_impl *smmu_impl_find(const char *compatible)
{
	size_t i;

	if (!compatible)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(smmu_impls); i++)
		if (!strcmp(smmu_impls[i]->compatible, compatible))
			return smmu_impls[i];
	return NULL;
}
