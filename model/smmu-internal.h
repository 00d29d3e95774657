/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Inside the MMU-500 model: its state, shared by the register file and
 * fault model (smmu.c), the stage 1 walker (smmu-walk.c) and the TLB
 * (smmu-tlb.c).  Section numbers are those of Arm IHI 0062D.c, the SMMUv2
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

#define SMMU_TLB_DEFAULT 128

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
	bool valid;
	bool global;
};

/**
 * struct smmu_tlb - a fully associative TLB with round-robin replacement
 * @ent:  the entries
 * @n:    how many
 * @next: where the round-robin victim search starts
 *
 * The model has no walk cache: every entry holds a final-level result,
 * so the "last level" invalidations equal the plain ones.
 */
struct smmu_tlb {
	struct smmu_tlb_ent *ent;
	unsigned int n;
	unsigned int next;
};

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
 *              next time it is issued it is aborted
 * @term_pending: @term is valid
 * @sync_left:  TLBSTATUS.SACTIVE reads left as 1 (model_smmu_set_sync_delay)
 * @hint:       TLB entry of the bank's last hit, looked at first
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
	unsigned int hint;
};

/**
 * struct smmu - the MMU-500
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
 * @sc_valid:   @sc_sid and @sc_smr hold the last stream match (the hot
 *              path); any SMR write drops it
 * @sc_sid:     its StreamID
 * @sc_smr:     its result, as smmu_match() returns it
 * @irq_level:  the level last driven on @irq
 */
struct smmu {
	struct model *m;
	struct smmu *next;
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

	bool sc_valid;
	u32 sc_sid;
	int sc_smr;
	bool irq_level;
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
};

/* smmu.c */
u16 smmu_cb_vmid(const struct smmu *s, unsigned int cbndx);
unsigned int smmu_pa_bits(const struct smmu *s, const struct smmu_cb *cb);

/* smmu-walk.c */
void smmu_xlate_s1(struct smmu *s, unsigned int cbndx, u64 va, unsigned int acc,
		   u32 sid, struct smmu_xlate *res);
bool smmu_perm_ok(u8 perm, unsigned int acc, u32 sctlr);

/* smmu-tlb.c */
int smmu_tlb_init(struct smmu_tlb *tlb, unsigned int entries);
void smmu_tlb_free(struct smmu_tlb *tlb);
struct smmu_tlb_ent *smmu_tlb_lookup(struct smmu *s, unsigned int cbndx, u64 va,
				     u16 asid);
void smmu_tlb_insert(struct smmu *s, const struct smmu_tlb_ent *e);

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

unsigned int smmu_tlb_inv(struct smmu *s, enum smmu_inv_scope scope, u16 vmid,
			  u16 asid, u64 va);

#endif /* VADMA_MODEL_SMMU_INTERNAL_H */
