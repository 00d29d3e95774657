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
 * Finding an entry is the host's business, not the hardware's: a hint per
 * 4 KiB page names the entry that last served it, and behind it an index
 * chains the valid entries by (bank, input address >> size, size), so
 * that a miss costs a few probes for any capacity rather than a search of
 * every entry.
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
	unsigned int i;

	if (!entries)
		entries = SMMU_TLB_DEFAULT;
	if (entries > SMMU_TLB_MAX)
		return -EINVAL;
	tlb->ent = vadma_zalloc(sizeof(*tlb->ent) * entries);
	tlb->link = vadma_zalloc(sizeof(*tlb->link) * entries);
	tlb->head = vadma_zalloc(sizeof(*tlb->head) << SMMU_TLB_INDEX_BITS);
	if (!tlb->ent || !tlb->link || !tlb->head) {
		smmu_tlb_free(tlb);
		return -ENOMEM;
	}
	for (i = 0; i < 1U << SMMU_TLB_INDEX_BITS; i++)
		tlb->head[i] = SMMU_TLB_NONE;
	tlb->n = entries;
	tlb->nfree = entries;
	tlb->next = 0;
	return 0;
}

/* Takes valid entry @i out of its index chain. */
static inline void index_del(struct smmu_tlb *tlb, unsigned int i)
{
	unsigned int *p = &tlb->head[tlb->ent[i].fslot];

	while (*p != i)
		p = &tlb->link[*p];
	*p = tlb->link[i];
}

/* A valid entry goes. */
static inline void entry_del(struct smmu_tlb *tlb, unsigned int i)
{
	const struct smmu_tlb_ent *e = &tlb->ent[i];

	index_del(tlb, i);
	if (!--tlb->nshift[e->shift])
		tlb->shifts &= ~(1ULL << e->shift);
}

/**
 * smmu_tlb_free() - free a TLB's entries
 * @tlb: the TLB
 */
void smmu_tlb_free(struct smmu_tlb *tlb)
{
	vadma_free(tlb->ent);
	vadma_free(tlb->link);
	vadma_free(tlb->head);
	tlb->ent = NULL;
	tlb->link = NULL;
	tlb->head = NULL;
	tlb->n = 0;
}

/**
 * smmu_tlb_remember() - note in the lookup cache that entry @i is found
 * from bucket @h: in a slot that names no valid entry, else in the next
 * slot of the bucket by turns.  Only a cache: lookups check what it names.
 * @tlb: the TLB
 * @h:   the bucket (smmu_tlb_hash())
 * @i:   the entry
 */
static inline void tlb_remember(struct smmu_tlb *tlb, unsigned int h,
				unsigned int i)
{
	unsigned int k, slot;

	for (k = 0; k < SMMU_TLB_WAYS; k++) {
		slot = (h + k) & (SMMU_TLB_HASH - 1);
		if (tlb->hash[slot] >= tlb->n ||
		    !tlb->ent[tlb->hash[slot]].valid) {
			tlb->hash[slot] = i;
			return;
		}
	}
	slot = (h + tlb->way++ % SMMU_TLB_WAYS) & (SMMU_TLB_HASH - 1);
	tlb->hash[slot] = i;
}

void smmu_tlb_remember(struct smmu_tlb *tlb, unsigned int h, unsigned int i)
{
	tlb_remember(tlb, h, i);
}

/**
 * smmu_tlb_search() - the slow half of smmu_tlb_lookup(): search the index
 * @s:     the SMMU
 * @cbndx: the context bank
 * @va:    input address
 * @asid:  the bank's current ASID
 * @h:     the lookup-cache slot to point at the entry found
 *
 * Searches the chain of each size some valid entry has, smallest first.
 * With overlapping entries (a block remapped without invalidation) the
 * lookup cache and the search may pick different ones; the architecture
 * makes that case UNPREDICTABLE, the model stays deterministic.
 *
 * Return: the entry, or NULL on a miss.
 */
struct smmu_tlb_ent *smmu_tlb_search(struct smmu *s, unsigned int cbndx, u64 va,
				     u16 asid, unsigned int h)
{
	struct smmu_tlb *tlb = &s->tlb;
	unsigned int i;
	u64 left;

	for (left = tlb->shifts; left; left &= left - 1) {
		unsigned int shift = (unsigned int)__builtin_ctzll(left);

		for (i = tlb->head[smmu_tlb_index_slot(cbndx, va, shift)];
		     i != SMMU_TLB_NONE; i = tlb->link[i]) {
			if (smmu_tlb_match(&tlb->ent[i], cbndx, va, asid)) {
				smmu_tlb_remember(tlb, h, i);
				return &tlb->ent[i];
			}
		}
	}
	return NULL;
}

/**
 * smmu_tlb_evict() - make room for an entry
 * @s:     the SMMU
 * @shift: log2 of the size of the entry to come
 *
 * Takes the slot the round robin names (a free one first, searching from
 * there, while any is free) and removes its entry, if any.  The caller
 * writes the new entry's fields (all but @valid and @fslot) into the
 * slot, then makes it valid with smmu_tlb_fill(); nothing may look at the
 * TLB in between.  (Two steps, so that the walker writes the entry in
 * place: a copy of an entry just written field by field costs the host a
 * store-forwarding stall.)
 *
 * Return: the slot, not valid.
 */
struct smmu_tlb_ent *smmu_tlb_evict(struct smmu *s, unsigned int shift)
{
	struct smmu_tlb *tlb = &s->tlb;
	unsigned int i, victim = tlb->next;
	struct smmu_tlb_ent *v;

	s->gen++; /* a fill may evict what a memo relies on */
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
	/*
	 * The entry to come is counted in @nshift now, so that replacing
	 * an entry by one of the same size (the common case) leaves
	 * @nshift and @shifts alone.
	 */
	if (likely(v->valid)) {
		index_del(tlb, victim);
		v->valid = false;
		if (likely(v->shift == shift))
			goto out;
		if (!--tlb->nshift[v->shift])
			tlb->shifts &= ~(1ULL << v->shift);
	} else {
		tlb->nfree--;
	}
	if (!tlb->nshift[shift]++)
		tlb->shifts |= 1ULL << shift;
out:
	tlb->next = victim + 1 < tlb->n ? victim + 1 : 0;
	return v;
}

/**
 * smmu_tlb_fill() - make valid the entry written into a slot of
 * smmu_tlb_evict()
 * @s:     the SMMU
 * @v:     the slot
 * @cbndx: its context bank, @eva: its input address, @shift: its size
 *         (as written into it, and @shift as given to smmu_tlb_evict():
 *         passed so as not to read them back)
 * @va:    the input address that caused the walk (for the lookup cache)
 */
void smmu_tlb_fill(struct smmu *s, struct smmu_tlb_ent *v, unsigned int cbndx,
		   u64 eva, unsigned int shift, u64 va)
{
	struct smmu_tlb *tlb = &s->tlb;

	unsigned int i = (unsigned int)(v - tlb->ent);

	v->fslot = (u16)smmu_tlb_index_slot(cbndx, eva, shift);
	v->valid = true;
	tlb->link[i] = tlb->head[v->fslot];
	tlb->head[v->fslot] = i;
	tlb_remember(tlb, smmu_tlb_hash(cbndx, va), i);
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
unsigned int smmu_tlb_inv(struct smmu *s, enum smmu_inv_scope scope, u16 vmid,
			  u16 asid, u64 va)
{
	struct smmu_tlb *tlb = &s->tlb;
	unsigned int i, n = 0;

	s->gen++;
	if (s->timed)
		model_note_inv(s->m,
			       scope != SMMU_INV_VA && scope != SMMU_INV_VAA,
			       va);
	for (i = 0; i < tlb->n; i++) {
		struct smmu_tlb_ent *e = &tlb->ent[i];

		if (e->valid && tlbi_match(e, scope, vmid, asid, va)) {
			entry_del(tlb, i);
			e->valid = false;
			tlb->nfree++;
			n++;
		}
	}
	return n;
}
