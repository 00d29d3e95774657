/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The MMU-500 model's host-speed caches (smmu-cache.c): what makes the
 * model fast on the host and is no part of the hardware it models.
 *
 *   - the memo: the last answer for a (stream, page, kind of access) that
 *     the TLB or a bypass gave, so that a repeat skips the whole path;
 *   - the match cache: the stream mapping group the last StreamID matched;
 *   - the TLB index: how an entry of the architected TLB (smmu-tlb.c) is
 *     found without reading every entry (a hint per page, then chains);
 *   - the table pages: the host address of the table pages the walker
 *     reads, so that a descriptor read is a load, not a bus access;
 *   - the walk configurations: what a bank's TCR, TCR2 and TTBRn say
 *     about a walk (struct smmu_wcfg), worked out once per value.
 *
 * The rule every one of them keeps: the answer with the cache is the
 * answer without it, to the bit, the trace and the counters included.
 * Each is either checked against the state it depends on at every use
 * (the TLB index, the table pages), or dropped by smmu_state_changed(),
 * which the rules call wherever that state changes (a register write, a
 * TLB fill or invalidation, a fault recorded).  Nothing here is
 * visible to software; the architected TLB, whose contents software can
 * observe through the invalidation rules, is in smmu-internal.h.
 *
 * Included by smmu-internal.h only, after the types of the registers and
 * of the architected TLB.
 */
#ifndef VADMA_MODEL_SMMU_CACHE_H
#define VADMA_MODEL_SMMU_CACHE_H

#ifndef VADMA_MODEL_SMMU_INTERNAL_H
#error "include smmu-internal.h"
#endif

/*
 * Translations remembered in front of the TLB: for reads and for writes
 * each, as many as the TLB holds pages, so that a master streaming through
 * every page the TLB maps finds each one remembered the next time round.
 */
#define SMMU_MEMO_BITS 10
#define SMMU_MEMO_SIZE (1U << SMMU_MEMO_BITS)

/* Table pages whose host address the walker remembers; a power of two. */
#define SMMU_TW_PAGES 64

/* Slots of the TLB's lookup hint; a power of two. */
#define SMMU_TLB_HASH	    8192
#define SMMU_TLB_WAYS	    4
/* log2 of the chains of the TLB's index. */
#define SMMU_TLB_INDEX_BITS 14
_Static_assert(SMMU_TLB_INDEX_BITS <= 16, "smmu_cache.slot is a u16");
/* The end of an index chain. */
#define SMMU_TLB_NONE (~0U)

/* What changed, for smmu_state_changed(). */
enum smmu_change {
	SMMU_CHANGED_REGS,  /* a register write (any) */
	SMMU_CHANGED_TLB,   /* a TLB fill or invalidation */
	SMMU_CHANGED_FAULT, /* a fault recorded */
};

/*
 * A remembered translation, a TLB hit or a bypass: valid while @gen is
 * the cache's.  @cycles and @hit are what answering it again costs and
 * counts.  32 bytes, two to a host cache line: StreamIDs have at most 16
 * bits (IDR0.NUMSIDB), the flags are MODEL_DMA_*.
 */
struct smmu_memo {
	u64 gen;
	u64 page;
	u64 pa;
	u16 sid;
	u8 flags;
	u8 cycles;
	bool hit;
};

/**
 * struct smmu_cache - the host-speed caches of one SMMU model
 * @gen:         bumped by smmu_state_changed(): a memo of an older
 *               generation is stale
 * @memo_gen:    @gen when a memo was last filled
 * @memo_off:    no memo at all: the node traces (every transaction must
 *               emit its events) or has a timing model (every one must
 *               reach model_dma_begin() with its translation)
 * @match_valid: @match_sid and @match_smr hold the last stream match
 * @match_sid:   its StreamID
 * @match_smr:   its result, as smmu_match() returns it
 * @head:        the TLB index: for a hash of (bank, input address >>
 *               size, size), the first valid entry that has it, or
 *               SMMU_TLB_NONE; a lookup searches one chain for each size
 *               in @shifts, so a miss costs a few probes whatever the
 *               TLB's capacity
 * @link:        for each entry, the next entry of its chain
 * @slot:        for each valid entry, its chain
 * @shifts:      bit n set while some valid entry has size 2^n
 * @nshift:      valid entries of each size
 * @way:         the next slot of a full hint bucket to take
 * @hash:        for a hash of (bank, 4 KiB page), the entry that last
 *               served it: a hint that makes a hit one probe; every use
 *               is checked against the entry's tags, so a stale hint
 *               only costs the index search
 * @memo:        the memo, see smmu_memo_slot()
 * @tw_page:     table pages the walker read, direct-mapped on the page
 *               number, and @tw_data: their host bytes (the device view).
 *               Not a walk cache: every descriptor is still read from
 *               memory at every walk
 * @tw_data:     see @tw_page
 * @tl_page:     in front of those, the table page each level read last:
 *               when a walk reads the same table page at a level as the
 *               walk before (the common case), the host address of its
 *               descriptor does not wait for the descriptor of the level
 *               above, so the host CPU reads the levels' descriptors in
 *               parallel instead of in turn; @tl_data: its bytes
 * @tl_data:     see @tl_page
 * @wcfg:        for each bank and TTBR, its walk as last worked out,
 *               tagged with the registers it came from
 */
struct smmu_cache {
	u64 gen;
	u64 memo_gen;
	bool memo_off;
	bool match_valid;
	u32 match_sid;
	int match_smr;

	unsigned int *head;
	unsigned int *link;
	u16 *slot;
	u64 shifts;
	unsigned int nshift[64];
	unsigned int way;
	unsigned int hash[SMMU_TLB_HASH];

	struct smmu_memo memo[SMMU_MEMO_SIZE];

	u64 tw_page[SMMU_TW_PAGES];
	const u8 *tw_data[SMMU_TW_PAGES];
	u64 tl_page[4];
	const u8 *tl_data[4];

	struct smmu_wcfg wcfg[SMMU_MAX_CB][2];
};

int smmu_cache_init(struct smmu_cache *c, unsigned int entries, bool memo_off);
void smmu_cache_free(struct smmu_cache *c);

/**
 * smmu_state_changed() - state the caches depend on has changed
 * @c:   the caches
 * @why: what changed
 *
 * Every memo becomes stale; a register write also drops the match cache
 * (the SMRs are registers).
 */
static inline void smmu_state_changed(struct smmu_cache *c,
				      enum smmu_change why)
{
	c->gen++;
	if (why == SMMU_CHANGED_REGS)
		c->match_valid = false;
}

/* ------------------------------------------------------------------ */
/* The memo                                                           */

/*
 * The memo slot of a transaction: direct-mapped, reads in one half and
 * writes in the other, indexed by the page's low bits as the sets of a
 * hardware TLB are, so that a run of consecutive pages (a DMA buffer)
 * never evicts itself; each stream and kind of access has its own offset
 * (Fibonacci hashing).
 */
static inline unsigned int smmu_memo_slot(u32 sid, u64 addr, u32 flags)
{
	const unsigned int half = SMMU_MEMO_SIZE / 2;
	u64 key = (u64)sid << 8 | flags;
	u64 off = (key * 0x9e3779b97f4a7c15ULL) >> (64 - SMMU_MEMO_BITS);

	return (unsigned int)((addr >> 12) ^ off) % half +
	       ((flags & MODEL_DMA_WRITE) ? half : 0);
}

/* Whether @memo is current and remembers (@sid, @addr's page, @flags). */
static inline bool smmu_memo_ok(const struct smmu_cache *c,
				const struct smmu_memo *memo, u32 sid, u64 addr,
				u32 flags)
{
	/*
	 * No memo is current unless one was filled since the state last
	 * changed: then the slot (a host cache miss, likely, when the TLB
	 * misses) need not be read.
	 */
	return c->memo_gen == c->gen && memo->gen == c->gen &&
	       memo->page == addr >> 12 && memo->sid == sid &&
	       memo->flags == flags;
}

/**
 * smmu_memo_get() - the remembered answer for a transaction
 * @c:      the caches
 * @sid:    its StreamID (within IDR0.NUMSIDB)
 * @addr:   its address
 * @flags:  MODEL_DMA_*
 * @pa:     the output address, when remembered
 * @cycles: what the path that answered it took (model time)
 * @hit:    whether that path was a TLB hit (the counter)
 *
 * Return: true when remembered.
 */
static inline bool smmu_memo_get(const struct smmu_cache *c, u32 sid, u64 addr,
				 u32 flags, u64 *pa, unsigned int *cycles,
				 bool *hit)
{
	const struct smmu_memo *memo =
		&c->memo[smmu_memo_slot(sid, addr, flags)];

	if (!smmu_memo_ok(c, memo, sid, addr, flags))
		return false;
	*pa = memo->pa | (addr & 0xfff);
	*cycles = memo->cycles;
	*hit = memo->hit;
	return true;
}

void smmu_memo_put(struct smmu_cache *c, u32 sid, u64 addr, u32 flags, u64 pa,
		   bool hit);

/* struct model_iommu_ops.repeat and .repeat_pair: answers from the memo. */
int smmu_cache_repeat(void *iommu, u32 sid, u64 addr, u32 flags, unsigned int n,
		      bool commit, u64 *pa);
int smmu_cache_repeat_pair(void *iommu, u32 sid, u64 src, u64 dst, u64 *spa,
			   u64 *dpa, unsigned int *cycles, unsigned int *hits);

/* ------------------------------------------------------------------ */
/* The stream match cache                                             */

static inline bool smmu_match_get(const struct smmu_cache *c, u32 sid, int *smr)
{
	if (!c->match_valid || c->match_sid != sid)
		return false;
	*smr = c->match_smr;
	return true;
}

static inline void smmu_match_put(struct smmu_cache *c, u32 sid, int smr)
{
	c->match_valid = true;
	c->match_sid = sid;
	c->match_smr = smr;
}

/* ------------------------------------------------------------------ */
/* The TLB index                                                      */

static inline unsigned int smmu_tlb_hash(unsigned int cbndx, u64 va)
{
	/* Fibonacci hashing: nearby pages of different buffers spread. */
	u64 key = (va >> 12) ^ ((u64)cbndx << 52);

	return (unsigned int)((key * 0x9e3779b97f4a7c15ULL) >> 54) &
	       (SMMU_TLB_HASH - 1);
}

static inline unsigned int smmu_tlb_index_slot(unsigned int cbndx, u64 va,
					       unsigned int shift)
{
	u64 key = (va >> shift) ^ ((u64)cbndx << 52) ^ ((u64)shift << 58);

	return (unsigned int)((key * 0x9e3779b97f4a7c15ULL) >>
			      (64 - SMMU_TLB_INDEX_BITS));
}

/* Whether some valid entry may translate @va for the bank (the index). */
static inline bool smmu_tlb_maybe(const struct smmu_cache *c,
				  unsigned int cbndx, u64 va)
{
	u64 left;

	for (left = c->shifts; left; left &= left - 1)
		if (c->head[smmu_tlb_index_slot(
			    cbndx, va, (unsigned int)__builtin_ctzll(left))] !=
		    SMMU_TLB_NONE)
			return true;
	return false;
}

/*
 * Note in the hint that entry @i is found from bucket @h: in a slot that
 * names no valid entry, else in the next slot of the bucket by turns.
 * Only a hint: lookups check what it names.
 */
static inline void smmu_tlb_remember(struct smmu_cache *c,
				     const struct smmu_tlb *tlb, unsigned int h,
				     unsigned int i)
{
	unsigned int k, slot;

	for (k = 0; k < SMMU_TLB_WAYS; k++) {
		slot = (h + k) & (SMMU_TLB_HASH - 1);
		if (c->hash[slot] >= tlb->n || !tlb->ent[c->hash[slot]].valid) {
			c->hash[slot] = i;
			return;
		}
	}
	slot = (h + c->way++ % SMMU_TLB_WAYS) & (SMMU_TLB_HASH - 1);
	c->hash[slot] = i;
}

struct smmu_tlb_ent *smmu_tlb_search(struct smmu_cache *c,
				     const struct smmu_tlb *tlb,
				     unsigned int cbndx, u64 va, u16 asid,
				     unsigned int h);

/**
 * smmu_tlb_find() - the entry of @tlb that matches, through the index
 * @c:     the caches
 * @tlb:   the TLB
 * @cbndx: the context bank
 * @va:    input address
 * @asid:  the bank's current ASID
 *
 * The entry the hint names, then the index.
 *
 * Return: the entry, or NULL on a miss.
 */
static inline struct smmu_tlb_ent *smmu_tlb_find(struct smmu_cache *c,
						 const struct smmu_tlb *tlb,
						 unsigned int cbndx, u64 va,
						 u16 asid)
{
	unsigned int h, k;

	/* No valid entry of any size has the tags: a miss, no search. */
	if (!smmu_tlb_maybe(c, cbndx, va))
		return NULL;
	h = smmu_tlb_hash(cbndx, va);
	/* A bucket of SMMU_TLB_WAYS slots, so colliding pages coexist. */
	for (k = 0; k < SMMU_TLB_WAYS; k++) {
		unsigned int i = c->hash[(h + k) & (SMMU_TLB_HASH - 1)];

		if (likely(i < tlb->n &&
			   smmu_tlb_match(&tlb->ent[i], cbndx, va, asid)))
			return &tlb->ent[i];
	}
	return smmu_tlb_search(c, tlb, cbndx, va, asid, h);
}

/**
 * smmu_tlb_index_add() - index entry @i, just made valid
 * @c:     the caches
 * @tlb:   the TLB
 * @i:     the entry
 * @cbndx: its context bank, @eva: its input address, @shift: its size
 * @va:    the input address that caused the walk (for the hint)
 */
static inline void smmu_tlb_index_add(struct smmu_cache *c,
				      const struct smmu_tlb *tlb,
				      unsigned int i, unsigned int cbndx,
				      u64 eva, unsigned int shift, u64 va)
{
	unsigned int slot = smmu_tlb_index_slot(cbndx, eva, shift);

	c->slot[i] = (u16)slot;
	c->link[i] = c->head[slot];
	c->head[slot] = i;
	if (!c->nshift[shift]++)
		c->shifts |= 1ULL << shift;
	smmu_tlb_remember(c, tlb, smmu_tlb_hash(cbndx, va), i);
}

/**
 * smmu_tlb_index_del() - take valid entry @i out of the index
 * @c:   the caches
 * @tlb: the TLB
 * @i:   the entry, still valid
 */
static inline void smmu_tlb_index_del(struct smmu_cache *c,
				      const struct smmu_tlb *tlb,
				      unsigned int i)
{
	unsigned int *p = &c->head[c->slot[i]];
	unsigned int shift = tlb->ent[i].shift;

	while (*p != i)
		p = &c->link[*p];
	*p = c->link[i];
	if (!--c->nshift[shift])
		c->shifts &= ~(1ULL << shift);
}

/* ------------------------------------------------------------------ */
/* The table pages                                                    */

/*
 * The host bytes of table page @page as the walker sees memory (the device
 * view), remembered in @tw_page; NULL when the page is not RAM or RAM
 * never touched (not remembered: it may be touched).
 */
static inline const u8 *smmu_table_page(struct smmu_cache *c, struct model *m,
					u64 page)
{
	unsigned int tw = page & (SMMU_TW_PAGES - 1);

	if (likely(c->tw_page[tw] == page))
		return c->tw_data[tw];
	c->tw_data[tw] = model_dev_page(m, page << 12);
	c->tw_page[tw] = c->tw_data[tw] ? page : ~0ULL;
	return c->tw_data[tw];
}

/**
 * smmu_table_host() - the host bytes of the table page a walk reads at
 * @level, or NULL: read the descriptor with model_dev_read()
 * @c:     the caches
 * @m:     the node
 * @level: the walk level
 * @page:  the page number of the descriptor's address
 */
static inline const u8 *smmu_table_host(struct smmu_cache *c, struct model *m,
					int level, u64 page)
{
	const u8 *host;

	if (likely(c->tl_page[level] == page))
		return c->tl_data[level];
	host = smmu_table_page(c, m, page);
	if (host) {
		c->tl_page[level] = page;
		c->tl_data[level] = host;
	}
	return host;
}

/* ------------------------------------------------------------------ */
/* The walk configurations                                            */

/**
 * smmu_wcfg_get() - where the walk of a bank's TTBRn region is kept
 * @c:      the caches
 * @cbndx:  the bank
 * @region: 0 for TTBR0, 1 for TTBR1
 */
static inline struct smmu_wcfg *
smmu_wcfg_get(struct smmu_cache *c, unsigned int cbndx, unsigned int region)
{
	return &c->wcfg[cbndx][region];
}

/*
 * Whether what @w keeps is not for the registers' values of @cb now:
 * then work it out again into @w.
 */
static inline bool smmu_wcfg_stale(const struct smmu_wcfg *w,
				   const struct smmu_cb *cb,
				   unsigned int region)
{
	return !w->valid || w->ttbr != cb->ttbr[region] || w->tcr != cb->tcr ||
	       w->tcr2 != cb->tcr2;
}

#endif /* VADMA_MODEL_SMMU_CACHE_H */
