// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The MMU-500 model's host-speed caches (see smmu-cache.h): the memo and
 * the answers it gives for repeated transactions, and the TLB index.
 * None of this is in IHI 0062D; the rules are in smmu.c, smmu-walk.c and
 * smmu-tlb.c.
 */
#include "smmu-internal.h"

/**
 * smmu_cache_init() - empty caches for an SMMU
 * @c:        the caches (zeroed)
 * @entries:  the TLB's capacity (smmu_tlb_init() checked it)
 * @memo_off: no memo (tracing or timed node)
 *
 * Return: 0 or -ENOMEM.
 */
int smmu_cache_init(struct smmu_cache *c, unsigned int entries, bool memo_off)
{
	unsigned int i;

	c->gen = 1; /* no zeroed memo slot is ever current */
	c->memo_off = memo_off;
	memset(c->tw_page, 0xff, sizeof(c->tw_page)); /* no page is ~0 */
	memset(c->tl_page, 0xff, sizeof(c->tl_page));
	c->link = vadma_zalloc(sizeof(*c->link) * entries);
	c->slot = vadma_zalloc(sizeof(*c->slot) * entries);
	c->head = vadma_zalloc(sizeof(*c->head) << SMMU_TLB_INDEX_BITS);
	if (!c->link || !c->slot || !c->head) {
		smmu_cache_free(c);
		return -ENOMEM;
	}
	for (i = 0; i < 1U << SMMU_TLB_INDEX_BITS; i++)
		c->head[i] = SMMU_TLB_NONE;
	return 0;
}

/**
 * smmu_cache_free() - free what smmu_cache_init() allocated
 * @c: the caches
 */
void smmu_cache_free(struct smmu_cache *c)
{
	vadma_free(c->link);
	vadma_free(c->slot);
	vadma_free(c->head);
	c->link = NULL;
	c->slot = NULL;
	c->head = NULL;
}

/* ------------------------------------------------------------------ */
/* The memo                                                           */

/**
 * smmu_memo_put() - remember a translation the TLB (@hit) or a bypass
 * answered, until the state changes
 * @c:     the caches
 * @sid:   the StreamID
 * @addr:  the transaction's address
 * @flags: MODEL_DMA_*
 * @pa:    its output address
 * @hit:   a TLB hit (else a bypass): what answering it again costs
 */
void smmu_memo_put(struct smmu_cache *c, u32 sid, u64 addr, u32 flags, u64 pa,
		   bool hit)
{
	struct smmu_memo *memo = &c->memo[smmu_memo_slot(sid, addr, flags)];

	if (c->memo_off)
		return;
	memo->gen = c->gen;
	c->memo_gen = c->gen;
	memo->page = addr >> 12;
	memo->pa = pa & ~0xfffULL;
	memo->sid = sid;
	memo->flags = flags;
	memo->cycles = hit ? SMMU_CYC_HIT : SMMU_CYC_BYPASS;
	memo->hit = hit;
}

/*
 * struct model_iommu_ops.repeat: @n more transactions like one the SMMU
 * has just answered from its memo.  Nothing changes between them (the
 * model is single-threaded and software runs between steps), so each
 * would get the memo's answer: account for them without doing them.
 */
int smmu_cache_repeat(void *iommu, u32 sid, u64 addr, u32 flags, unsigned int n,
		      bool commit, u64 *pa)
{
	struct model_smmu *s = iommu;
	unsigned int cycles;
	bool hit;

	sid &= s->sid_mask;
	if (!smmu_memo_get(&s->cache, sid, addr, flags, pa, &cycles, &hit))
		return -EAGAIN;
	if (commit) {
		model_tick(s->m, (u64)n * cycles);
		s->stats->tlb_hits += hit ? n : 0;
	}
	return 0;
}

/* struct model_iommu_ops.repeat_pair: smmu_cache_repeat() for a read and a
 * write. */
int smmu_cache_repeat_pair(void *iommu, u32 sid, u64 src, u64 dst, u64 *spa,
			   u64 *dpa, unsigned int *cycles, unsigned int *hits)
{
	struct model_smmu *s = iommu;
	unsigned int rc, wc;
	bool rh, wh;

	sid &= s->sid_mask;
	if (!smmu_memo_get(&s->cache, sid, src, 0, spa, &rc, &rh) ||
	    !smmu_memo_get(&s->cache, sid, dst, MODEL_DMA_WRITE, dpa, &wc, &wh))
		return -EAGAIN;
	*cycles = rc + wc;
	*hits = rh + wh;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The TLB index                                                      */

/**
 * smmu_tlb_search() - the slow half of smmu_tlb_find(): search the index
 * @c:     the caches
 * @tlb:   the TLB
 * @cbndx: the context bank
 * @va:    input address
 * @asid:  the bank's current ASID
 * @h:     the hint bucket to point at the entry found
 *
 * Searches the chain of each size some valid entry has, smallest first.
 * With overlapping entries (a block remapped without invalidation) the
 * hint and the search may pick different ones; the architecture makes
 * that case UNPREDICTABLE, the model stays deterministic.
 *
 * Return: the entry, or NULL on a miss.
 */
struct smmu_tlb_ent *smmu_tlb_search(struct smmu_cache *c,
				     const struct smmu_tlb *tlb,
				     unsigned int cbndx, u64 va, u16 asid,
				     unsigned int h)
{
	unsigned int i;
	u64 left;

	for (left = c->shifts; left; left &= left - 1) {
		unsigned int shift = (unsigned int)__builtin_ctzll(left);

		for (i = c->head[smmu_tlb_index_slot(cbndx, va, shift)];
		     i != SMMU_TLB_NONE; i = c->link[i]) {
			if (smmu_tlb_match(&tlb->ent[i], cbndx, va, asid)) {
				smmu_tlb_remember(c, tlb, h, i);
				return &tlb->ent[i];
			}
		}
	}
	return NULL;
}
