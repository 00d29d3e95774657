/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Inside the MMU-500 model: its state, shared by the register file and
 * fault model (smmu.c), the stage 1 walker (smmu-walk.c) and the TLB
 * (smmu-tlb.c): the architecture only.  What makes the model fast on the
 * host and is no part of the hardware (memo, match cache, TLB index,
 * table pages) is in smmu-cache.h and smmu-cache.c.  Section numbers are those of Arm IHI 0062D.c, the SMMUv2
 * architecture; "MMU-500" facts are from Arm DDI 0517 and the ZynqMP
 * register reference (UG1087).
 */
#ifndef VADMA_MODEL_SMMU_INTERNAL_H
#define VADMA_MODEL_SMMU_INTERNAL_H

#include "model-internal.h"
#include "vadma/hw/smmu.h"

/* The architecture's limits (IHI 0062D 2.3.3, 2.6.1). */
#define SMMU_MAX_SMR 128
#define SMMU_MAX_CB  128

/* The macro TLB of the published Stratix 10 HPS MMU-500 configuration. */
#define SMMU_TLB_DEFAULT 512
/* The largest TLB a model may ask for (32 MiB of entries). */
#define SMMU_TLB_MAX	 (1U << 20)

/* Model time, in SMMU clock cycles, of the steps of a translation. */
#define SMMU_CYC_BYPASS	    1 /* no context bank involved */
#define SMMU_CYC_HIT	    2 /* DDI 0517: a TLB hit, best case */
#define SMMU_CYC_WALK_LEVEL 4 /* one descriptor fetch */

/* What an access is allowed to do; the PT_PERM_* of the walk result. */
#define SMMU_ACC_WRITE BIT(0)
#define SMMU_ACC_PRIV  BIT(1)
#define SMMU_ACC_INST  BIT(2) /* instruction fetch (reads only) */

/* Leaf permissions after the hierarchical controls, kept in a TLB entry. */
#define SMMU_PERM_AP1 BIT(0) /* AP[1]: unprivileged access */
#define SMMU_PERM_AP2 BIT(1) /* AP[2]: read-only */
#define SMMU_PERM_UXN BIT(2)
#define SMMU_PERM_PXN BIT(3)

/**
 * struct smmu_tlb_ent - one TLB entry: a leaf (page or block) of a walk
 * @va:    input address of the leaf, aligned to its size
 * @pa:    output address of the leaf, aligned to its size
 * @vmid:  VMID of the context bank when filled (invalidation scope)
 * @asid:  ASID of the TTBR that translated (TCR.A1 selects it)
 * @cb:    context bank it was filled for (lookup tag)
 * @shift: log2 of the leaf size
 * @level: walk level of the leaf
 * @attr:  the MAIR byte its AttrIndx selected
 * @sh:    its SH field
 * @perm:  SMMU_PERM_*
 * @start: the level its walk started at (the timing model's walk cache)
 * @granule: log2 of its granule (likewise)
 * @valid: in use
 * @global: nG was 0: matches any ASID
 */
struct smmu_tlb_ent {
	u64 va;
	u64 pa;
	u16 vmid;
	u16 asid;
	u8 cb;
	u8 shift;
	u8 level;
	u8 attr;
	u8 sh;
	u8 perm;
	u8 start;
	u8 granule;
	bool valid;
	bool global;
};

/**
 * struct smmu_tlb - a fully associative TLB with round-robin replacement
 * @ent:   the entries
 * @n:     how many
 * @next:  where the round-robin victim search starts
 * @nfree: entries not valid: when 0 a fill takes @next at once
 *
 * The model has no walk cache: every entry holds a final-level result,
 * so the "last level" invalidations equal the plain ones.  How an entry
 * is found fast is the host's business (smmu-cache.h, the TLB index);
 * which entry is found is smmu_tlb_match()'s.
 */
struct smmu_tlb {
	struct smmu_tlb_ent *ent;
	unsigned int n;
	unsigned int next;
	unsigned int nfree;
};

/* Whether entry @e translates @va for bank @cbndx with ASID @asid. */
static inline bool smmu_tlb_match(const struct smmu_tlb_ent *e,
				  unsigned int cbndx, u64 va, u16 asid)
{
	return e->valid && e->cb == cbndx &&
	       (va & ~((1ULL << e->shift) - 1)) == e->va &&
	       (e->global || e->asid == asid);
}

/**
 * struct smmu_txn - a transaction, as the model recognises it when the
 * master issues it again after a stall
 * @sid:   its StreamID
 * @flags: MODEL_DMA_*
 * @addr:  the address it drives
 */
struct smmu_txn {
	u32 sid;
	u32 flags;
	u64 addr;
};

/**
 * struct smmu_wcfg - what a bank's TCR, TCR2 and one TTBR say about a
 * walk of that TTBR's region, worked out by smmu-walk.c (and kept by the
 * caches for as long as the three registers hold the values kept here)
 * @ttbr:     the TTBR it was worked out from
 * @tcr:      TCR, likewise
 * @tcr2:     TCR2, likewise
 * @valid:    worked out at all
 * @tf:       every walk is a level 0 translation fault (TnSZ outside
 *            16..39, EPDn): nothing below is set
 * @asf:      the TTBR is above the output size: every walk whose input
 *            address is in range is a level 0 address size fault
 * @ias:      input address bits (64 - TnSZ)
 * @granule:  log2 of the granule
 * @start:    the level walks start at
 * @block_ok: bit n set when level n may hold a block descriptor
 * @shift:    for each level from @start, the input bits below its index
 * @imask:    for each level from @start, the mask of its index
 * @table:    the first table's address
 * @oa_mask:  the output address bits of a table descriptor
 * @pa_hi:    the output address bits above the PA size (faults)
 */
struct smmu_wcfg {
	u64 ttbr;
	u32 tcr;
	u32 tcr2;
	bool valid;
	bool tf;
	bool asf;
	u8 ias;
	u8 granule;
	u8 start;
	u8 block_ok;
	u8 shift[4];
	u64 imask[4];
	u64 table;
	u64 oa_mask;
	u64 pa_hi;
};

/**
 * struct smmu_cb - one translation context bank (stage 1 format)
 * @sctlr:      SCTLR
 * @actlr:      ACTLR (MMU-500: CPRE, CMTLB; no effect in the model)
 * @tcr2:       TCR2
 * @tcr:        TCR
 * @contextidr: CONTEXTIDR
 * @mair:       MAIR0, MAIR1
 * @ttbr:       TTBR0, TTBR1
 * @par:        PAR
 * @fsr:        FSR without its read-only FORMAT field
 * @far:        FAR
 * @fsynr0:     FSYNR0
 * @fsynr1:     FSYNR1
 * @stalled:    the transaction FSR.SS stands for (valid while SS is 1)
 * @term:       a transaction software terminated with RESUME.TnR=1: the
 *              next time it is issued it is aborted, whatever the stream
 *              table says by then (the SMMU held it; see smmu_translate())
 * @term_pending: @term is valid
 * @sync_left:  TLBSTATUS.SACTIVE reads left as 1 (model_smmu_set_sync_delay)
 * @bad:        0 when the bank is a stage 1 AArch64 context the model
 *              translates, else the sGFSR bit a transaction to it records
 *              (IHI 0062D 3.8.4; kept up to date by register writes)
 * @bad_nested: sGFSYNR0.Nested for @bad
 * @bad_kind:   the trace's kind for @bad
 */
struct smmu_cb {
	u32 sctlr;
	u32 actlr;
	u32 tcr2;
	u32 tcr;
	u32 contextidr;
	u32 mair[2];
	u64 ttbr[2];
	u64 par;
	u32 fsr;
	u64 far;
	u32 fsynr0;
	u32 fsynr1;
	struct smmu_txn stalled;
	struct smmu_txn term;
	bool term_pending;
	unsigned int sync_left;
	u32 bad;
	bool bad_nested;
	enum model_ev_kind bad_kind;
};

#include "smmu-cache.h"

/**
 * struct model_smmu - the MMU-500
 * @m:          the node it belongs to
 * @next:       the list of all SMMU models (model_smmu_set_sync_delay)
 * @idr:        IDR0..IDR7 as configured
 * @pgshift:    log2 of the register page size (IDR1.PAGESIZE)
 * @numpage:    pages in each half of the register space (NUMPAGENDXB)
 * @ncb:        implemented context banks (IDR1.NUMCB, at most 128)
 * @nsmr:       stream mapping groups (IDR0.NUMSMRG, at most 128)
 * @nums2cb:    context banks that support stage 2 only (IDR1.NUMS2CB)
 * @sid_mask:   the implemented StreamID bits (IDR0.NUMSIDB)
 * @ias:        IPA size in bits (IDR2.IAS)
 * @oas:        PA size in bits (IDR2.OAS)
 * @ubs:        upstream bus size in bits: 32..44, 49 or 64 (IDR2.UBS)
 * @granules:   BIT(12), BIT(14), BIT(16) for the granules IDR2 reports
 * @atos:       address translation operations exist (S1TS && !ATOSNS)
 * @vmid16:     16-bit VMIDs are implemented (IDR2.VMID16S)
 * @irq:        the combined interrupt line (GIC ID)
 * @stats:      the node's counters
 * @now:        the node's time (model_clock())
 * @tracing:    the node has a trace callback (fixed at creation)
 * @scr0:       sCR0, without the read-only SMCFCFG
 * @scr2:       sCR2
 * @sacr:       sACR (IMPLEMENTATION DEFINED; stored only)
 * @gfar:       sGFAR
 * @gfsr:       sGFSR
 * @gfsynr0:    sGFSYNR0
 * @gfsynr1:    sGFSYNR1
 * @gfsynr2:    sGFSYNR2
 * @gpar:       sGPAR
 * @smr:        SMRn
 * @s2cr:       S2CRn
 * @cbar:       CBARn
 * @cbfrsynra:  CBFRSYNRAn
 * @cba2r:      CBA2Rn
 * @cb:         the context banks
 * @tlb:        the TLB
 * @sync_delay: see model_smmu_set_sync_delay()
 * @gsync_left: sTLBGSTATUS.GSACTIVE reads left as 1
 * @irq_level:  the level last driven on @irq
 * @timed:      the node has a timing model (model_note_xlate())
 * @cache:      the host-speed caches (smmu-cache.h): no architectural
 *              state
 */
struct model_smmu {
	struct model *m;
	struct model_smmu *next;
	unsigned int terms_pending;  /* banks with @term_pending */
	unsigned int stalls_pending; /* banks with FSR.SS set */
	u32 idr[8];
	unsigned int pgshift;
	unsigned int numpage;
	unsigned int ncb;
	unsigned int nsmr;
	unsigned int nums2cb;
	u32 sid_mask;
	unsigned int ias;
	unsigned int oas;
	unsigned int ubs;
	unsigned int granules;
	bool atos;
	bool vmid16;
	u32 irq;
	struct model_stats *stats;
	u64 *now;
	bool tracing;
	bool timed;

	u32 scr0;
	u32 scr2;
	u32 sacr;
	u64 gfar;
	u32 gfsr;
	u32 gfsynr0;
	u32 gfsynr1;
	u32 gfsynr2;
	u64 gpar;
	u32 smr[SMMU_MAX_SMR];
	u32 s2cr[SMMU_MAX_SMR];
	u32 cbar[SMMU_MAX_CB];
	u32 cbfrsynra[SMMU_MAX_CB];
	u32 cba2r[SMMU_MAX_CB];
	struct smmu_cb cb[SMMU_MAX_CB];

	struct smmu_tlb tlb;
	unsigned int sync_delay;
	unsigned int gsync_left;

	bool irq_level;

	struct smmu_cache cache;
};

/**
 * struct smmu_xlate - the result of a stage 1 translation
 * @fault:  0, or the FSR bit of the fault (TF, AFF, PF, EF, ASF)
 * @level:  level of the leaf, or the level the fault is reported at
 * @ptw:    an external fault on a table walk (FSYNR0.PTWF)
 * @hit:    served by the TLB
 * @pa:     output address (no fault)
 * @attr:   MAIR byte of the leaf
 * @sh:     SH of the leaf
 * @levels: descriptors read (timing)
 * @shift:  log2 of the leaf's size, @start and @granule: its walk's
 *          (the timing model)
 */
struct smmu_xlate {
	u32 fault;
	int level;
	bool ptw;
	bool hit;
	u64 pa;
	u8 attr;
	u8 sh;
	unsigned int levels;
	u8 shift;
	u8 start;
	u8 granule;
};

/* smmu.c */
u16 smmu_cb_vmid(const struct model_smmu *s, unsigned int cbndx);
unsigned int smmu_pa_bits(const struct model_smmu *s, const struct smmu_cb *cb);

/* smmu-walk.c */
void smmu_xlate_miss(struct model_smmu *s, unsigned int cbndx, u64 va, u16 asid,
		     unsigned int acc, u32 sid, struct smmu_xlate *res);

/* smmu-tlb.c */
int smmu_tlb_init(struct smmu_tlb *tlb, unsigned int entries);
void smmu_tlb_free(struct smmu_tlb *tlb);
struct smmu_tlb_ent *smmu_tlb_evict(struct model_smmu *s);
void smmu_tlb_fill(struct model_smmu *s, struct smmu_tlb_ent *v,
		   unsigned int cbndx, u64 eva, unsigned int shift, u64 va);

/**
 * smmu_tlb_lookup() - the entry that translates @va for a bank
 * @s:     the SMMU
 * @cbndx: the context bank
 * @va:    input address
 * @asid:  the bank's current ASID (global entries match any)
 *
 * A valid entry that smmu_tlb_match()es, found through the index.
 *
 * Return: the entry, or NULL on a miss.
 */
static inline struct smmu_tlb_ent *
smmu_tlb_lookup(struct model_smmu *s, unsigned int cbndx, u64 va, u16 asid)
{
	return smmu_tlb_find(&s->cache, &s->tlb, cbndx, va, asid);
}

/* What a TLB invalidation matches. */
enum smmu_inv_scope {
	SMMU_INV_ALL,  /* every entry */
	SMMU_INV_VMID, /* every entry of the VMID */
	SMMU_INV_ASID, /* non-global entries of VMID and ASID */
	SMMU_INV_VA,   /* VMID, VA, and the ASID or global */
	SMMU_INV_VAA,  /* VMID and VA, any ASID */
	SMMU_INV_NONE, /* hypervisor/monitor entries: the model
				 * has none */
};

unsigned int smmu_tlb_inv(struct model_smmu *s, enum smmu_inv_scope scope,
			  u16 vmid, u16 asid, u64 va);

/**
 * smmu_perm_ok() - whether an access is allowed by a leaf's permissions
 * @perm:  SMMU_PERM_* of the leaf, hierarchical controls applied
 * @acc:   SMMU_ACC_*
 * @sctlr: the context bank's SCTLR (WXN)
 *
 * The stage 1 EL1&0 rules of DDI 0487 (D8.4, "Memory access control"):
 * AP[2] makes a page read-only at both levels, AP[1] gives unprivileged
 * access; privileged reads are always allowed.  An instruction fetch needs
 * no read permission (execute-only); it is refused by UXN/PXN, by WXN on a
 * location writable at the fetching level, and, for a privileged fetch,
 * on any location writable by unprivileged accesses.  Writes are data
 * accesses (S2CR.INSTCFG does not apply to writes, IHI 0062D 9.6.23).
 *
 * Return: true when allowed.
 */
static inline bool smmu_perm_ok(u8 perm, unsigned int acc, u32 sctlr)
{
	bool ap1 = perm & SMMU_PERM_AP1, ap2 = perm & SMMU_PERM_AP2;
	bool priv_w = !ap2, user_r = ap1, user_w = ap1 && !ap2;
	bool wxn = sctlr & SMMU_SCTLR_WXN;
	bool priv = acc & SMMU_ACC_PRIV;

	if (acc & SMMU_ACC_WRITE)
		return priv ? priv_w : user_w;
	if (acc & SMMU_ACC_INST) {
		if (priv)
			return !((perm & SMMU_PERM_PXN) || (wxn && priv_w) ||
				 user_w);
		return !((perm & SMMU_PERM_UXN) || (wxn && user_w));
	}
	return priv ? true : user_r;
}

/* The ASID a bank's translations use: TCR.A1 picks the TTBR (16.5.38);
 * with TCR2.AS=0 the upper byte is treated as 0 (16.5.39). */
static inline u16 smmu_cb_asid(const struct smmu_cb *cb)
{
	u16 asid = (u16)FIELD_GET(SMMU_TTBRn_ASID,
				  cb->ttbr[!!(cb->tcr & SMMU_TCR_A1)]);

	return (cb->tcr2 & SMMU_TCR2_AS) ? asid : asid & 0xff;
}

/*
 * Finish a translation from the fields of its leaf (those of a TLB entry):
 * permission, then the address.
 */
static inline __attribute__((always_inline)) void
smmu_xlate_fin(u32 sctlr, u8 level, u8 perm, u64 pa, u8 shift, u8 start,
	       u8 granule, u8 attr, u8 sh, u64 va, unsigned int acc,
	       struct smmu_xlate *res)
{
	res->level = level;
	if (!smmu_perm_ok(perm, acc, sctlr)) {
		res->fault = SMMU_FSR_PF;
		return;
	}
	res->pa = pa | (va & ((1ULL << shift) - 1));
	res->shift = shift;
	res->start = start;
	res->granule = granule;
	res->attr = attr;
	res->sh = sh;
}

/* Finish a translation from its leaf: permission, then the address. */
static inline void smmu_xlate_leaf(const struct smmu_cb *cb,
				   const struct smmu_tlb_ent *e, u64 va,
				   unsigned int acc, struct smmu_xlate *res)
{
	smmu_xlate_fin(cb->sctlr, e->level, e->perm, e->pa, e->shift, e->start,
		       e->granule, e->attr, e->sh, va, acc, res);
}

/**
 * smmu_xlate_s1() - translate an input address through a stage 1 bank
 * @s:     the SMMU
 * @cbndx: the context bank; its SCTLR.M is 1 and it is AArch64
 * @va:    the input address, after sign extension (TCR2.SEP) for a
 *         transaction, or as software wrote it for an ATOS operation
 * @acc:   SMMU_ACC_*
 * @sid:   stream ID, for the trace only
 * @res:   the output address and attributes, or the fault
 *
 * Looks in the TLB first (inline: the hot path); a miss walks the tables
 * and fills the TLB (smmu_xlate_miss()).  The fault priority is that of
 * DDI 0487: per level, translation then address size; at the leaf,
 * address size, access flag, permission.  Updates the TLB and walk
 * counters and model time; touches no register.
 */
static inline __attribute__((always_inline)) void
smmu_xlate_s1(struct model_smmu *s, unsigned int cbndx, u64 va,
	      unsigned int acc, u32 sid, struct smmu_xlate *res)
{
	struct smmu_cb *cb = &s->cb[cbndx];
	u16 asid = smmu_cb_asid(cb);
	struct smmu_tlb_ent *e;

	res->fault = 0;
	res->ptw = false;
	res->hit = false;
	res->levels = 0;
	model_tick(s->m, SMMU_CYC_HIT);
	e = smmu_tlb_lookup(s, cbndx, va, asid);
	if (likely(e)) {
		s->stats->tlb_hits++;
		res->hit = true;
		smmu_xlate_leaf(cb, e, va, acc, res);
		return;
	}
	smmu_xlate_miss(s, cbndx, va, asid, acc, sid, res);
}

/**
 * model_smmu_find() - test hook: the SMMU model of node @m, or NULL
 *
 * For tests and fuzzers that check the SMMU's registers and syndromes
 * from inside a trace callback, where they must not access the bus.
 */
struct model_smmu *model_smmu_find(struct model *m);

#endif /* VADMA_MODEL_SMMU_INTERNAL_H */
