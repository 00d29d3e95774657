// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The MMU-500 model's TLB: a fully associative array of final-level
 * entries, tagged by context bank (lookup), VMID (invalidation scope),
 * ASID and global.
 *
 * A hit never reads the tables again: a descriptor changed without a TLB
 * invalidation stays stale, as on the hardware.  Replacement is round
 * robin from a moving pointer, preferring a free entry, so every run of
 * the model evicts the same entries.
 *
 * Finding an entry is the host's business, not the hardware's: the TLB
 * index of smmu-cache.c, which every fill and removal here keeps up to
 * date.
 *
 * Scope (IHI 0062D 2.5): entries are not required to carry a context bank
 * tag, so invalidations match the translation regime (VMID, ASID), not
 * the bank: an invalidation in one bank also removes matching entries
 * another bank with the same VMID filled, as a TLB that shares entries
 * between such banks would.
 */
#include "smmu-internal.h"

/**
 * smmu_tlb_init() - allocate an empty TLB
 * @tlb:     the TLB
 * @entries: its capacity; 0 for SMMU_TLB_DEFAULT
 *
 * Return: 0, -EINVAL for more than SMMU_TLB_MAX entries, or -ENOMEM.
 */
int smmu_tlb_init(struct smmu_tlb *tlb, unsigned int entries)
{
	if (!entries)
		entries = SMMU_TLB_DEFAULT;
	if (entries > SMMU_TLB_MAX)
		return -EINVAL;
	tlb->ent = vadma_zalloc(sizeof(*tlb->ent) * entries);
	if (!tlb->ent)
		return -ENOMEM;
	tlb->n = entries;
	tlb->nfree = entries;
	tlb->next = 0;
	return 0;
}

/**
 * smmu_tlb_free() - free a TLB's entries
 * @tlb: the TLB
 */
void smmu_tlb_free(struct smmu_tlb *tlb)
{
	vadma_free(tlb->ent);
	tlb->ent = NULL;
	tlb->n = 0;
}

/**
 * smmu_tlb_evict() - make room for an entry
 * @s: the SMMU
 *
 * Takes the slot the round robin names (a free one first, searching from
 * there, while any is free) and removes its entry, if any.  The caller
 * writes the new entry's fields (all but @valid) into the slot, then
 * makes it valid with smmu_tlb_fill(); nothing may look at the TLB in
 * between.  (Two steps, so that the walker writes the entry in place: a
 * copy of an entry just written field by field costs the host a
 * store-forwarding stall.)
 *
 * Return: the slot, not valid.
 */
struct smmu_tlb_ent *smmu_tlb_evict(struct model_smmu *s)
{
	struct smmu_tlb *tlb = &s->tlb;
	unsigned int i, victim = tlb->next;
	struct smmu_tlb_ent *v;

	smmu_state_changed(&s->cache, SMMU_CHANGED_TLB);
	if (unlikely(tlb->nfree)) {
		for (i = 0; i < tlb->n; i++) {
			unsigned int j = (tlb->next + i) % tlb->n;

			if (!tlb->ent[j].valid) {
				victim = j;
				break;
			}
		}
	}
	v = &tlb->ent[victim];
	if (likely(v->valid)) {
		smmu_tlb_index_del(&s->cache, tlb, victim);
		v->valid = false;
	} else {
		tlb->nfree--;
	}
	tlb->next = victim + 1 < tlb->n ? victim + 1 : 0;
	return v;
}

/**
 * smmu_tlb_fill() - make valid the entry written into a slot of
 * smmu_tlb_evict()
 * @s:     the SMMU
 * @v:     the slot
 * @cbndx: its context bank, @eva: its input address, @shift: its size
 *         (as written into it: passed so as not to read them back)
 * @va:    the input address that caused the walk
 */
void smmu_tlb_fill(struct model_smmu *s, struct smmu_tlb_ent *v,
		   unsigned int cbndx, u64 eva, unsigned int shift, u64 va)
{
	v->valid = true;
	smmu_tlb_index_add(&s->cache, &s->tlb, (unsigned int)(v - s->tlb.ent),
			   cbndx, eva, shift, va);
}

static bool tlbi_match(const struct smmu_tlb_ent *e, enum smmu_inv_scope scope,
		       u16 vmid, u16 asid, u64 va)
{
	bool covers = (va & ~((1ULL << e->shift) - 1)) == e->va;

	switch (scope) {
	case SMMU_INV_ALL:
		return true;
	case SMMU_INV_VMID:
		return e->vmid == vmid;
	case SMMU_INV_ASID:
		return e->vmid == vmid && !e->global && e->asid == asid;
	case SMMU_INV_VA:
		return e->vmid == vmid && covers &&
		       (e->global || e->asid == asid);
	case SMMU_INV_VAA:
		return e->vmid == vmid && covers;
	case SMMU_INV_NONE:
		break;
	}
	return false;
}

/**
 * smmu_tlb_inv() - remove the entries an invalidation matches
 * @s:     the SMMU
 * @scope: what to match
 * @vmid:  VMID, for the scopes that take one
 * @asid:  ASID, for the scopes that take one
 * @va:    input address, for the scopes that take one
 *
 * Return: how many entries were removed (the trace reports it).
 */
unsigned int smmu_tlb_inv(struct model_smmu *s, enum smmu_inv_scope scope,
			  u16 vmid, u16 asid, u64 va)
{
	struct smmu_tlb *tlb = &s->tlb;
	unsigned int i, n = 0;

	smmu_state_changed(&s->cache, SMMU_CHANGED_TLB);
	if (s->timed)
		model_note_inv(s->m,
			       scope != SMMU_INV_VA && scope != SMMU_INV_VAA,
			       va);
	for (i = 0; i < tlb->n; i++) {
		struct smmu_tlb_ent *e = &tlb->ent[i];

		if (e->valid && tlbi_match(e, scope, vmid, asid, va)) {
			smmu_tlb_index_del(&s->cache, tlb, i);
			e->valid = false;
			tlb->nfree++;
			n++;
		}
	}
	return n;
}
