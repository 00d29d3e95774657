// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Arm MMU-500 (an SMMUv2, Arm IHI 0062D) of the Zynq UltraScale+, at
 * register level: the register file, stream matching, context bank
 * selection, the fault model (terminate and stall, hit under fault,
 * global faults), the interrupt, TLB maintenance and address translation
 * operations.  The stage 1 walk is in smmu-walk.c, the TLB in smmu-tlb.c,
 * what only makes the host faster in smmu-cache.c.
 *
 * Section numbers are those of IHI 0062D.c.  The model takes the Non-
 * secure view of a one-security-state SMMU: Secure-only registers are
 * RAZ/WI except STLBIALL, which invalidates everything.
 *
 * What the model does not implement, and what it does instead:
 *   - stage 2, stage 1 followed by stage 2 (CBAR.TYPE 0 and 3), HYPC
 *     banks (CBAR.HYPC) and the AArch32 formats (CBA2R.VA64=0 with
 *     SCTLR.M=1): a transaction that needs them takes an invalid context
 *     fault (sGFSR.ICF), after the architected checks of 3.8.4, so that
 *     the driver sees at once that the configuration is outside the model;
 *   - extended StreamIDs and stream matching (sCR0.EXIDENABLE RAZ/WI),
 *     SSD, performance monitors, hardware access/dirty flags (HA/HD),
 *     hierarchical attribute disable, TLB lock-down: RAZ/WI;
 *   - memory attributes of the transaction (MemAttr, RACFG, ...) are kept
 *     in the registers but do not change what the model does;
 *   - no walk cache, no micro-TLB/macro-TLB split: one TLB.
 *
 * Where the architecture leaves a choice (IMPLEMENTATION DEFINED,
 * UNPREDICTABLE, CONSTRAINED UNPREDICTABLE), the model's, each explained
 * where it is made:
 *   - sCR0.SMCFCFG reads 1 and is fixed (MMU-500), and every multiple
 *     match is detected: a stream match conflict fault;
 *   - FSR.SS alone does not hold the interrupt up;
 *   - a TGn the SMMU lacks (or reserved) is 4K, else 64K, else 16K;
 *   - TnSZ outside 16..39 is a level 0 translation fault;
 *   - TCR2.SEP: bits above the sign bit must copy it (table 3-1);
 *   - a write to CBAR/CBA2R does not retry a stalled transaction;
 *   - S2CR PRIVCFG/INSTCFG 0b01 (reserved) mean "default";
 *   - ATOS looks in and fills the TLB; PAR.SH of Device and Normal
 *     Non-cacheable memory is outer shareable;
 *   - unimplemented registers, banks and stream mapping groups are RAZ/WI
 *     (never a configuration access fault).
 */
#include "smmu-internal.h"

/* MMU-500 reset values (UG1087, DDI 0517) where IHI 0062D leaves them open. */
#define MMU500_SCR0_RESET SMMU_sCR0_CLIENTPD
#define MMU500_SACR_RESET 0x04000004 /* as Xilinx's ZynqMP QEMU model */
#define MMU500_S2CR_RESET FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_FAULT)
#define MMU500_CBAR_RESET \
	FIELD_PREP(SMMU_CBAR_TYPE, SMMU_CBAR_TYPE_S1_TRANS_S2_FAULT)
#define MMU500_SCTLR_RESET SMMU_SCTLR_HUPCF
#define MMU500_ACTLR_RESET 0x3 /* CPRE, CMTLB */
#define MMU500_ACTLR_MASK  0x3

/* sCR0 bits software can change (Non-secure view of the MMU-500). */
#define SCR0_RW                                                             \
	(SMMU_sCR0_CLIENTPD | SMMU_sCR0_GFRE | SMMU_sCR0_GFIE |             \
	 SMMU_sCR0_TRANSIENTCFG | SMMU_sCR0_USFCFG | SMMU_sCR0_VMIDPNE |    \
	 SMMU_sCR0_PTM | SMMU_sCR0_FB | SMMU_sCR0_BSU | SMMU_sCR0_MEMATTR | \
	 SMMU_sCR0_MTCFG | SMMU_sCR0_SHCFG | SMMU_sCR0_RACFG |              \
	 SMMU_sCR0_WACFG)

/* sGFSR bits the Non-secure copy implements (9.6.15: PF is Secure). */
#define GFSR_BITS                                                              \
	(SMMU_sGFSR_ICF | SMMU_sGFSR_USF | SMMU_sGFSR_SMCF | SMMU_sGFSR_UCBF | \
	 SMMU_sGFSR_UCIF | SMMU_sGFSR_CAF | SMMU_sGFSR_EF | SMMU_sGFSR_UUT |   \
	 SMMU_sGFSR_MULTI)
#define GFSYNR0_BITS                                                    \
	(SMMU_sGFSYNR0_NESTED | SMMU_sGFSYNR0_WNR | SMMU_sGFSYNR0_PNU | \
	 SMMU_sGFSYNR0_IND | SMMU_sGFSYNR0_ATS)

/* FSR bits software clears by writing 1 (16.5.9): all but SS and FORMAT. */
#define FSR_W1C                                                            \
	(SMMU_FSR_TF | SMMU_FSR_AFF | SMMU_FSR_PF | SMMU_FSR_EF |          \
	 SMMU_FSR_TLBMCF | SMMU_FSR_TLBLKF | SMMU_FSR_ASF | SMMU_FSR_UUT | \
	 SMMU_FSR_MULTI)
#define FSR_ANY (FSR_W1C | SMMU_FSR_SS)

#define FSYNR0_BITS                                             \
	(SMMU_FSYNR0_PLVL | SMMU_FSYNR0_WNR | SMMU_FSYNR0_PNU | \
	 SMMU_FSYNR0_IND | SMMU_FSYNR0_PTWF | SMMU_FSYNR0_AFR)

/* SCTLR: reserved bits, and NSCFG (Secure banks only), are RAZ/WI. */
#define SCTLR_RW                                                 \
	(GENMASK(10, 0) | SMMU_SCTLR_ASIDPNE | GENMASK(20, 14) | \
	 GENMASK(27, 22) | SMMU_SCTLR_UCI)

/* S2CR: IMPLEMENTATION DEFINED [31:30], NSCFG (Secure), EXIDVALID. */
#define S2CR_RW (GENMASK(29, 0) & ~SMMU_S2CR_NSCFG & ~SMMU_S2CR_EXIDVALID)
/* CBAR: IRPTNDX is 0 with one interrupt per bank (3.6.2). */
#define CBAR_RW GENMASK(23, 0)

#define TLBI_VA_SHIFT 12

/*
 * Every SMMU model, for the test hook that finds one from its node.  The
 * model is single-threaded; the list is touched only at create/destroy.
 */
static struct model_smmu *smmu_all;

static inline u64 addr_mask(unsigned int bits)
{
	return bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
}

static inline unsigned int smmu_umin(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

/* IDR2.IAS/OAS and TCR2.PASize; reserved encodings are 48 bits (16.5.39). */
static unsigned int size_bits(unsigned int enc)
{
	static const u8 bits[] = { 32, 36, 40, 42, 44, 48 };

	return enc < ARRAY_SIZE(bits) ? bits[enc] : 48;
}

/**
 * smmu_pa_bits() - the output size of a stage 1 bank's translations
 * @s:  the SMMU
 * @cb: the bank
 *
 * Table 3-3: a stage 1 (stage 2 bypass) output address must fit both the
 * effective IPA size, min(IAS, OAS), and TCR2.PASize.
 *
 * Return: bits.
 */
unsigned int smmu_pa_bits(const struct model_smmu *s, const struct smmu_cb *cb)
{
	return smmu_umin(smmu_umin(s->ias, s->oas),
			 size_bits(FIELD_GET(SMMU_TCR2_PASIZE, cb->tcr2)));
}

/**
 * smmu_cb_vmid() - the VMID a context bank's TLB entries are tagged with
 * @s:     the SMMU
 * @cbndx: the bank
 *
 * 1.6.6: CBA2R.VMID16 when 16-bit VMIDs are enabled, else CBAR.VMID.
 *
 * Return: the VMID.
 */
u16 smmu_cb_vmid(const struct model_smmu *s, unsigned int cbndx)
{
	if (s->vmid16 && (s->scr0 & SMMU_sCR0_VMID16EN))
		return FIELD_GET(SMMU_CBA2R_VMID16, s->cba2r[cbndx]);
	return FIELD_GET(SMMU_CBAR_VMID, s->cbar[cbndx]);
}

/* Record a trace event of the SMMU: the fields @e names, the rest 0. */
static void smmu_emit(struct model_smmu *s, struct model_event e)
{
	e.dev = "smmu";
	model_emit(s->m, &e);
}

/* A TLB sync of bank @cb (-1: the global one) completed. */
static void sync_event(struct model_smmu *s, int cb, enum model_ev_kind kind)
{
	if (s->tracing)
		smmu_emit(s, (struct model_event){ .ev = MODEL_EV_SYNC,
						   .sid = ~0U,
						   .cb = cb,
						   .kind = kind });
}

/* MODEL_EVF_WRITE for a write. */
static u32 evf_write(bool write)
{
	return write ? MODEL_EVF_WRITE : 0;
}

/*
 * One line for everything (ZynqMP ORs the MMU-500's interrupts, IDR0
 * NUMIRPT=1): high while sCR0.GFIE and a global fault other than CAF is
 * recorded (3.8.3), or a bank has CFIE and a fault in FSR (3.6.3).  Whether
 * FSR.SS alone counts is IMPLEMENTATION DEFINED: here it does not, so a
 * handler can clear FSR, return, and resume the stalled transaction later
 * without the line staying high.
 */
static void smmu_update_irq(struct model_smmu *s)
{
	bool level = (s->scr0 & SMMU_sCR0_GFIE) && (s->gfsr & ~SMMU_sGFSR_CAF);
	unsigned int i;

	for (i = 0; i < s->ncb && !level; i++)
		level = (s->cb[i].sctlr & SMMU_SCTLR_CFIE) &&
			(s->cb[i].fsr & FSR_W1C);
	if (level != s->irq_level) {
		s->irq_level = level;
		model_irq_set(s->m, s->irq, level);
	}
}

/* ------------------------------------------------------------------ */
/* Faults                                                             */

/*
 * A global fault (3.8): recorded in full only when sGFSR is 0, else MULTI
 * (3.8.1).  The transaction is terminated: an abort if sCR0.GFRE, else
 * RAZ/WI (3.8.2, 3.8.3).  Syndrome: the attributes as they arrived.
 */
static enum model_xlate_status smmu_gfault(struct model_smmu *s, u32 bit,
					   bool nested, u32 sid, u64 addr,
					   u32 flags, enum model_ev_kind kind)
{
	smmu_state_changed(&s->cache, SMMU_CHANGED_FAULT);
	if (!s->gfsr) {
		s->gfsr = bit;
		s->gfar = addr & addr_mask(s->ubs);
		s->gfsynr0 =
			(nested ? SMMU_sGFSYNR0_NESTED : 0) |
			((flags & MODEL_DMA_WRITE) ? SMMU_sGFSYNR0_WNR : 0) |
			((flags & MODEL_DMA_PRIV) ? SMMU_sGFSYNR0_PNU : 0) |
			((flags & MODEL_DMA_INST) ? SMMU_sGFSYNR0_IND : 0);
		s->gfsynr1 = FIELD_PREP(SMMU_sGFSYNR1_STREAMID, sid);
		s->gfsynr2 = 0;
	} else {
		s->gfsr |= SMMU_sGFSR_MULTI;
	}
	if (s->tracing)
		smmu_emit(s,
			  (struct model_event){
				  .ev = MODEL_EV_GFAULT,
				  .sid = sid,
				  .cb = -1,
				  .va = addr,
				  .gfsr = s->gfsr,
				  .flags = evf_write(flags & MODEL_DMA_WRITE),
				  .kind = kind });
	smmu_update_irq(s);
	return (s->scr0 & SMMU_sCR0_GFRE) ? MODEL_XLATE_ABORT
					  : MODEL_XLATE_RAZWI;
}

/* 3.7.3, 3.7.4: a terminated transaction aborts only when CFRE is set. */
static enum model_xlate_status smmu_client_abort(const struct smmu_cb *cb)
{
	return (cb->sctlr & SMMU_SCTLR_CFRE) ? MODEL_XLATE_ABORT
					     : MODEL_XLATE_RAZWI;
}

static enum model_ev_kind fault_kind(u32 fault)
{
	switch (fault) {
	case SMMU_FSR_TF:
		return MODEL_EVK_TRANSLATION;
	case SMMU_FSR_AFF:
		return MODEL_EVK_ACCESS;
	case SMMU_FSR_PF:
		return MODEL_EVK_PERMISSION;
	case SMMU_FSR_EF:
		return MODEL_EVK_EXTERNAL;
	case SMMU_FSR_ASF:
		return MODEL_EVK_ADDRESS_SIZE;
	}
	return MODEL_EVK_FAULT_OTHER;
}

/*
 * Record a context fault in an empty FSR (3.7.2): FSR, FAR (the input
 * address before sign extension, 16.5.8), FSYNR0 (attributes after the
 * S2CR overrides, 3.4), CBFRSYNRA (the StreamID).
 */
static void smmu_record(struct model_smmu *s, unsigned int cbndx,
			const struct smmu_xlate *r, u32 sid, u64 addr,
			unsigned int acc, bool stall)
{
	struct smmu_cb *cb = &s->cb[cbndx];

	smmu_state_changed(&s->cache, SMMU_CHANGED_FAULT);
	if (stall && !(cb->fsr & SMMU_FSR_SS))
		s->stalls_pending++;
	cb->fsr = r->fault | (stall ? SMMU_FSR_SS : 0);
	cb->far = addr & addr_mask(s->ubs);
	cb->fsynr0 = FIELD_PREP(SMMU_FSYNR0_PLVL, r->level) |
		     ((acc & SMMU_ACC_WRITE) ? SMMU_FSYNR0_WNR : 0) |
		     ((acc & SMMU_ACC_PRIV) ? SMMU_FSYNR0_PNU : 0) |
		     ((acc & SMMU_ACC_INST) ? SMMU_FSYNR0_IND : 0) |
		     (r->ptw ? SMMU_FSYNR0_PTWF : 0);
	cb->fsynr1 = 0;
	s->cbfrsynra[cbndx] = FIELD_PREP(SMMU_CBFRSYNRA_SID, sid);
}

static void fault_event(struct model_smmu *s, unsigned int cbndx,
			const struct smmu_xlate *r, u32 sid, u64 addr,
			unsigned int acc)
{
	smmu_emit(s, (struct model_event){
			     .ev = MODEL_EV_FAULT,
			     .sid = sid,
			     .cb = (int)cbndx,
			     .va = addr,
			     .level = r->level,
			     .fsr = s->cb[cbndx].fsr,
			     .flags = evf_write(acc & SMMU_ACC_WRITE),
			     .kind = fault_kind(r->fault) });
}

/* ------------------------------------------------------------------ */
/* Context determination                                              */

/*
 * The stream mapping table (2.3.7): the index of the one matching group,
 * -1 for none, -2 for several.  SMR.MASK bits set mean "ignore this ID
 * bit".  The model always detects conflicts (IDR1.SMCD only says whether
 * detection is guaranteed).
 */
static int smmu_match(struct model_smmu *s, u32 sid)
{
	bool sms = s->idr[0] & SMMU_IDR0_SMS;
	int found = -1;
	unsigned int i;

	if (smmu_match_get(&s->cache, sid, &found))
		return found;
	if (!sms) {
		/* Stream indexing (2.3.8): the StreamID selects the S2CR. */
		found = sid < s->nsmr ? (int)sid : -1;
	} else {
		for (i = 0; i < s->nsmr; i++) {
			u32 smr = s->smr[i];
			u32 id = FIELD_GET(SMMU_SMR_ID, smr);
			u32 mask = FIELD_GET(SMMU_SMR_MASK, smr);

			if (!(smr & SMMU_SMR_VALID) ||
			    ((sid ^ id) & ~mask & s->sid_mask))
				continue;
			if (found >= 0) {
				found = -2;
				break;
			}
			found = (int)i;
		}
	}
	smmu_match_put(&s->cache, sid, found);
	return found;
}

/*
 * The checks of 3.8.4 on the context bank a stream maps to, in the order
 * the pseudocode gives, then the configurations the model cannot
 * translate (see the top of this file).
 *
 * Return: 0 for a stage 1 AArch64 bank the model translates, else the
 * sGFSR bit to record (*@nested: sGFSYNR0.Nested, as 3.8.4 sets it).
 */
static u32 smmu_cb_check(const struct model_smmu *s, unsigned int cbndx,
			 bool *nested, enum model_ev_kind *kind)
{
	u32 idr0 = s->idr[0], cbar, type;

	*nested = false;
	*kind = MODEL_EVK_ICF;
	if (cbndx >= s->ncb) {
		*kind = MODEL_EVK_UCBF;
		return SMMU_sGFSR_UCBF;
	}
	cbar = s->cbar[cbndx];
	type = FIELD_GET(SMMU_CBAR_TYPE, cbar);
	*nested = true;
	if ((type == SMMU_CBAR_TYPE_S1_TRANS_S2_TRANS &&
	     !(idr0 & SMMU_IDR0_NTS)) ||
	    (type == SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS &&
	     !(idr0 & SMMU_IDR0_S1TS)) ||
	    (type == SMMU_CBAR_TYPE_S2_TRANS && !(idr0 & SMMU_IDR0_S2TS)) ||
	    (cbndx < s->nums2cb && type != SMMU_CBAR_TYPE_S2_TRANS))
		return SMMU_sGFSR_ICF;
	if (type == SMMU_CBAR_TYPE_S1_TRANS_S2_FAULT)
		return SMMU_sGFSR_ICF;
	if (type == SMMU_CBAR_TYPE_S1_TRANS_S2_TRANS) {
		unsigned int s2 = FIELD_GET(SMMU_CBAR_S2_CBNDX, cbar);

		if (s2 >= s->ncb) {
			*kind = MODEL_EVK_UCBF;
			return SMMU_sGFSR_UCBF;
		}
		if (FIELD_GET(SMMU_CBAR_TYPE, s->cbar[s2]) !=
			    SMMU_CBAR_TYPE_S2_TRANS ||
		    ((s->cba2r[cbndx] & SMMU_CBA2R_VA64) &&
		     !(s->cba2r[s2] & SMMU_CBA2R_VA64)))
			return SMMU_sGFSR_ICF;
		*kind = MODEL_EVK_ICF_NESTED;
		return SMMU_sGFSR_ICF;
	}
	*nested = false;
	if (type == SMMU_CBAR_TYPE_S2_TRANS) {
		*kind = MODEL_EVK_ICF_STAGE2;
		return SMMU_sGFSR_ICF;
	}
	if (cbar & SMMU_CBAR_HYPC) {
		*kind = MODEL_EVK_ICF_HYPC;
		return SMMU_sGFSR_ICF;
	}
	if (!(s->cba2r[cbndx] & SMMU_CBA2R_VA64) &&
	    (s->cb[cbndx].sctlr & SMMU_SCTLR_M)) {
		*kind = MODEL_EVK_ICF_AARCH32;
		return SMMU_sGFSR_ICF;
	}
	return 0;
}

/*
 * Keep every bank's smmu_cb_check() answer: it depends on CBAR, CBA2R and
 * SCTLR.M of the bank (and CBAR of a nested bank's stage 2), which change
 * rarely, while every transaction needs it.
 */
static void smmu_recheck(struct model_smmu *s)
{
	unsigned int i;

	for (i = 0; i < s->ncb; i++)
		s->cb[i].bad = smmu_cb_check(s, i, &s->cb[i].bad_nested,
					     &s->cb[i].bad_kind);
}

/*
 * The attributes translation sees (2.3.4): S2CR.PRIVCFG and INSTCFG may
 * replace the transaction's; INSTCFG does not apply to writes, which are
 * always data (9.6.23).  The reserved encoding 0b01 is treated as
 * "default".
 */
static unsigned int smmu_acc(u32 flags, u32 s2cr)
{
	bool priv = flags & MODEL_DMA_PRIV, inst = flags & MODEL_DMA_INST;

	switch (FIELD_GET(SMMU_S2CR_PRIVCFG, s2cr)) {
	case SMMU_S2CR_PRIVCFG_UNPRIV:
		priv = false;
		break;
	case SMMU_S2CR_PRIVCFG_PRIV:
		priv = true;
		break;
	}
	switch (FIELD_GET(SMMU_S2CR_INSTCFG, s2cr)) {
	case SMMU_S2CR_INSTCFG_DATA:
		inst = false;
		break;
	case SMMU_S2CR_INSTCFG_INST:
		inst = true;
		break;
	}
	if (flags & MODEL_DMA_WRITE)
		return SMMU_ACC_WRITE | (priv ? SMMU_ACC_PRIV : 0);
	return (priv ? SMMU_ACC_PRIV : 0) | (inst ? SMMU_ACC_INST : 0);
}

/* ------------------------------------------------------------------ */
/* Translation                                                        */

/*
 * Sign extension of a transaction's input address (1.6.4, 16.5.39): from
 * the bit TCR2.SEP names, or, for "upstream", from bit 48 of a 49-bit
 * bus; no extension on a 64-bit bus, zero extension on other buses and
 * when SEP names a bit the bus does not have.  Bits above the sign bit
 * that are not copies of it give a level 0 translation fault (table 3-1
 * says "nonzero"; the model reads it as "not a sign extension", so that
 * a device driving a sign-extended address is translated).
 */
static u64 smmu_sign_extend(const struct model_smmu *s,
			    const struct smmu_cb *cb, u64 in, bool *bad)
{
	static const u8 sep_bit[] = { 31, 35, 39, 41, 43, 47 };
	unsigned int sep = FIELD_GET(SMMU_TCR2_SEP, cb->tcr2);
	u64 top;

	*bad = false;
	if (sep < ARRAY_SIZE(sep_bit)) {
		sep = sep_bit[sep];
	} else if (s->ubs == 49) {
		sep = 48;
	} else {
		return in; /* 64-bit bus: none; others: zero-extended */
	}
	if (sep >= s->ubs)
		return in;
	top = in >> sep;
	if (top && top != addr_mask(s->ubs - sep)) {
		*bad = true;
		return in;
	}
	return (in & BIT_ULL(sep)) ? in | (~0ULL << sep) : in;
}

/*
 * With SCTLR.M=0 a stage 1 bank passes the address through; the only
 * check is its output size (3.7, table 3-3: the effective IPA size for
 * AArch64, min(40, IAS) for AArch32); there is no input check.
 */
static void smmu_m0(const struct model_smmu *s, unsigned int cbndx, u64 in,
		    struct smmu_xlate *r)
{
	unsigned int bits = (s->cba2r[cbndx] & SMMU_CBA2R_VA64)
				    ? smmu_umin(s->ias, s->oas)
				    : smmu_umin(40, s->ias);

	memset(r, 0, sizeof(*r));
	if (in >> bits) {
		r->fault = SMMU_FSR_ASF;
		return;
	}
	r->pa = in;
	r->sh = 2; /* outer shareable, as for device memory */
}

/* A transaction's trip through a valid stage 1 bank. */
static void smmu_cb_xlate(struct model_smmu *s, unsigned int cbndx, u64 addr,
			  unsigned int acc, u32 sid, struct smmu_xlate *r)
{
	struct smmu_cb *cb = &s->cb[cbndx];
	u64 in = addr & addr_mask(s->ubs), va;
	bool bad;

	if (!(cb->sctlr & SMMU_SCTLR_M)) {
		smmu_m0(s, cbndx, in, r);
		return;
	}
	va = smmu_sign_extend(s, cb, in, &bad);
	if (bad) {
		memset(r, 0, sizeof(*r));
		r->fault = SMMU_FSR_TF;
		return;
	}
	smmu_xlate_s1(s, cbndx, va, acc, sid, r);
}

static bool txn_eq(const struct smmu_txn *a, const struct smmu_txn *b)
{
	return a->sid == b->sid && a->addr == b->addr && a->flags == b->flags;
}

/*
 * The context fault model: IHI 0062D 3.7.3, the RequestBufferStateMachine
 * and CheckForFaultsInBank pseudocode, with "wait for RESUME" made into
 * MODEL_XLATE_STALL answers (the master issues the transaction again).
 * GSE and STALLD are fixed at 0 on the MMU-500 (DDI 0517 2.3.4), so the
 * fault model is SCTLR.CFCFG's.
 */
static enum model_xlate_status smmu_cb_txn(struct model_smmu *s,
					   unsigned int cbndx, u32 sid,
					   u64 addr, u32 flags,
					   unsigned int acc, u64 *pa)
{
	struct smmu_cb *cb = &s->cb[cbndx];
	struct smmu_txn t = { .sid = sid, .flags = flags, .addr = addr };
	bool tracing = s->tracing;
	struct smmu_xlate r;

	if (unlikely(cb->fsr & FSR_ANY)) {
		if (cb->fsr & SMMU_FSR_SS) {
			/*
			 * The stalled one, and without hit-under-fault any
			 * other, waits for RESUME.
			 */
			if (txn_eq(&cb->stalled, &t) ||
			    !(cb->sctlr & SMMU_SCTLR_HUPCF))
				return MODEL_XLATE_STALL;
		} else if (!(cb->sctlr & SMMU_SCTLR_HUPCF)) {
			/* A recorded fault stops the bank; FSR unchanged. */
			return smmu_client_abort(cb);
		}
	}

	smmu_cb_xlate(s, cbndx, addr, acc, sid, &r);
	if (likely(!r.fault)) {
		*pa = r.pa;
		if (unlikely(s->timed)) {
			struct model_xinfo xi = {
				.translated = cb->sctlr & SMMU_SCTLR_M,
				.ctx = cbndx << 16 | smmu_cb_asid(cb),
				.shift = r.shift,
				.leaf = (u8)r.level,
				.start = r.start,
				.granule = r.granule,
			};

			model_note_xlate(s->m, &xi);
		}
		if (r.hit && (cb->sctlr & SMMU_SCTLR_M))
			smmu_memo_put(&s->cache, sid, addr, flags, r.pa, true);
		if (tracing)
			smmu_emit(
				s,
				(struct model_event){
					.ev = MODEL_EV_XLATE,
					.sid = sid,
					.cb = (int)cbndx,
					.va = addr,
					.pa = r.pa,
					.level = r.level,
					.flags =
						evf_write(acc & SMMU_ACC_WRITE) |
						(r.hit ? MODEL_EVF_HIT : 0) |
						(cb->sctlr & SMMU_SCTLR_M
							 ? 0
							 : MODEL_EVF_BYPASS) });
		return MODEL_XLATE_OK;
	}

	if (cb->fsr & FSR_ANY) {
		/* Hit under fault that faulted too. */
		if (cb->fsr & SMMU_FSR_SS)
			return MODEL_XLATE_STALL;
		cb->fsr |= SMMU_FSR_MULTI;
		if (tracing)
			fault_event(s, cbndx, &r, sid, addr, acc);
		smmu_update_irq(s);
		return smmu_client_abort(cb);
	}
	if (!(cb->sctlr & SMMU_SCTLR_CFCFG)) {
		smmu_record(s, cbndx, &r, sid, addr, acc, false);
		if (tracing)
			fault_event(s, cbndx, &r, sid, addr, acc);
		smmu_update_irq(s);
		return smmu_client_abort(cb);
	}
	smmu_record(s, cbndx, &r, sid, addr, acc, true);
	cb->stalled = t;
	if (tracing) {
		fault_event(s, cbndx, &r, sid, addr, acc);
		smmu_emit(s,
			  (struct model_event){
				  .ev = MODEL_EV_STALL,
				  .sid = sid,
				  .cb = (int)cbndx,
				  .va = addr,
				  .level = r.level,
				  .fsr = cb->fsr,
				  .flags = evf_write(acc & SMMU_ACC_WRITE) });
	}
	smmu_update_irq(s);
	return MODEL_XLATE_STALL;
}

/* No translation: the address is cut to the output bus (1.6.2). */
static enum model_xlate_status smmu_bypass(struct model_smmu *s, u32 sid,
					   u64 addr, u32 flags, u64 *pa)
{
	*pa = addr & addr_mask(s->oas);
	model_tick(s->m, SMMU_CYC_BYPASS);
	smmu_memo_put(&s->cache, sid, addr, flags, *pa, false);
	if (s->tracing)
		smmu_emit(s, (struct model_event){
				     .ev = MODEL_EV_XLATE,
				     .sid = sid,
				     .cb = -1,
				     .va = addr,
				     .pa = *pa,
				     .flags = MODEL_EVF_BYPASS |
					      evf_write(flags &
							MODEL_DMA_WRITE) });
	return MODEL_XLATE_OK;
}

/*
 * Terminated by RESUME.TnR=1 (3.7.3): the stalled transaction gets its
 * abort, with no new fault record.  The model's masters issue a stalled
 * transaction again until it is answered, so the answer waits here for
 * it, ahead of stream matching: software may have changed the stream's
 * routing meanwhile (an unbind), and the answer still belongs to it.
 */
static bool smmu_terminated(struct model_smmu *s, u32 sid, u64 addr, u32 flags,
			    enum model_xlate_status *st)
{
	struct smmu_txn t = { .sid = sid, .flags = flags, .addr = addr };
	unsigned int n;

	for (n = 0; n < s->ncb; n++) {
		struct smmu_cb *cb = &s->cb[n];

		if (cb->term_pending && txn_eq(&cb->term, &t)) {
			cb->term_pending = false;
			s->terms_pending--;
			*st = smmu_client_abort(cb);
			return true;
		}
	}
	return false;
}

/*
 * Held stalled by a bank (3.7.3): the transaction is the bank's until
 * RESUME, whatever software does to its stream's routing meanwhile (a
 * driver that stops a master routes its stream to a fault first).  Its
 * re-issue waits here, ahead of stream matching, as its answer does.
 */
static bool smmu_held(const struct model_smmu *s, u32 sid, u64 addr, u32 flags)
{
	struct smmu_txn t = { .sid = sid, .flags = flags, .addr = addr };
	unsigned int n;

	for (n = 0; n < s->ncb; n++)
		if ((s->cb[n].fsr & SMMU_FSR_SS) &&
		    txn_eq(&s->cb[n].stalled, &t))
			return true;
	return false;
}

/*
 * One transaction (2.1, figure 2-3) that the memo did not answer: the
 * full path.  Out of line, so that the memo's answer in smmu_translate()
 * needs no stack frame (its registers saved and restored were a fifth
 * of a TLB hit's host time).
 */
static __attribute__((__noinline__)) enum model_xlate_status
smmu_translate_full(struct model_smmu *s, u32 sid, u64 addr, u32 flags, u64 *pa)
{
	enum model_xlate_status st;
	unsigned int cbndx;
	struct smmu_cb *cb;
	u32 s2cr;
	int i;

	if (unlikely(s->terms_pending) &&
	    smmu_terminated(s, sid, addr, flags, &st))
		return st;
	if (unlikely(s->stalls_pending) && smmu_held(s, sid, addr, flags))
		return MODEL_XLATE_STALL;
	if (s->scr0 & SMMU_sCR0_CLIENTPD)
		return smmu_bypass(s, sid, addr, flags, pa);
	i = smmu_match(s, sid);
	if (i == -1) {
		if (s->scr0 & SMMU_sCR0_USFCFG)
			return smmu_gfault(s, SMMU_sGFSR_USF, false, sid, addr,
					   flags, MODEL_EVK_USF);
		return smmu_bypass(s, sid, addr, flags, pa);
	}
	if (i == -2) /* sCR0.SMCFCFG is fixed at 1 on the MMU-500 */
		return smmu_gfault(s, SMMU_sGFSR_SMCF, false, sid, addr, flags,
				   MODEL_EVK_SMCF);
	s2cr = s->s2cr[i];
	switch (FIELD_GET(SMMU_S2CR_TYPE, s2cr)) {
	case SMMU_S2CR_TYPE_TRANS:
		break;
	case SMMU_S2CR_TYPE_BYPASS:
		return smmu_bypass(s, sid, addr, flags, pa);
	default:
		/* Fault, and reserved 0b11 "treated as a fault context". */
		return smmu_gfault(s, SMMU_sGFSR_ICF, false, sid, addr, flags,
				   MODEL_EVK_ICF);
	}
	cbndx = FIELD_GET(SMMU_S2CR_CBNDX, s2cr);
	if (unlikely(cbndx >= s->ncb))
		return smmu_gfault(s, SMMU_sGFSR_UCBF, false, sid, addr, flags,
				   MODEL_EVK_UCBF);
	cb = &s->cb[cbndx];
	if (unlikely(cb->bad))
		return smmu_gfault(s, cb->bad, cb->bad_nested, sid, addr, flags,
				   cb->bad_kind);
	return smmu_cb_txn(s, cbndx, sid, addr, flags, smmu_acc(flags, s2cr),
			   pa);
}

/* struct model_iommu_ops.translate: one transaction (2.1, figure 2-3). */
static enum model_xlate_status smmu_translate(void *iommu, u32 sid, u64 addr,
					      u32 flags, u64 *pa)
{
	struct model_smmu *s = iommu;
	unsigned int cycles;
	bool hit;

	sid &= s->sid_mask;
	if (likely(smmu_memo_get(&s->cache, sid, addr, flags, pa, &cycles,
				 &hit))) {
		/* What the full path does on a TLB hit or a bypass. */
		*s->now += cycles; /* model_tick() */
		s->stats->tlb_hits += hit;
		return MODEL_XLATE_OK;
	}
	return smmu_translate_full(s, sid, addr, flags, pa);
}

/* ------------------------------------------------------------------ */
/* Address translation operations (chapter 4)                         */

/* A PAR value (16.5.14) for a result or a fault. */
static u64 smmu_par(const struct smmu_xlate *r)
{
	u64 sh = r->sh;

	if (r->fault)
		return SMMU_PAR_F | r->fault |
		       FIELD_PREP(SMMU_PAR_FORMAT, SMMU_FSR_FORMAT_AARCH64) |
		       FIELD_PREP(SMMU_PAR_PLVL, (u64)r->level);
	/*
	 * As PAR_EL1 reports it: Device and Normal Non-cacheable memory is
	 * outer shareable whatever the descriptor says.
	 */
	if (!(r->attr & 0xf0) || r->attr == 0x44)
		sh = 2;
	return (r->pa & SMMU_PAR_PA) | SMMU_PAR_RAO |
	       FIELD_PREP(SMMU_PAR_SH, sh) |
	       FIELD_PREP(SMMU_PAR_ATTR, (u64)r->attr);
}

/*
 * Translate for an ATOS operation: never stalls, records no fault (4.2.2),
 * takes the address whole, without sign extension (4.1.1), the top byte
 * ignored when TCR2.TBIn says so.  An address the upstream bus could not
 * carry is a translation fault (3.8.4).
 */
static u64 smmu_atos(struct model_smmu *s, unsigned int cbndx, u64 va,
		     unsigned int acc)
{
	struct smmu_cb *cb = &s->cb[cbndx];
	struct smmu_xlate r;

	if (cb->bad)
		return SMMU_PAR_F | SMMU_PAR_ICF |
		       (cb->bad == SMMU_sGFSR_UCBF ? SMMU_GPAR_UCBF : 0);
	if (!(cb->sctlr & SMMU_SCTLR_M)) {
		smmu_m0(s, cbndx, va, &r);
		return smmu_par(&r);
	}
	if (cb->tcr2 & ((va & BIT_ULL(55)) ? SMMU_TCR2_TBI1 : SMMU_TCR2_TBI0))
		va = (va & BIT_ULL(55)) ? va | GENMASK_ULL(63, 56)
					: va & ~GENMASK_ULL(63, 56);
	if (s->ubs < 64) {
		u64 top = va >> (s->ubs - 1);

		if (top && top != addr_mask(65 - s->ubs)) {
			memset(&r, 0, sizeof(r));
			r.fault = SMMU_FSR_TF;
			return smmu_par(&r);
		}
	}
	smmu_xlate_s1(s, cbndx, va, acc, ~0U, &r);
	return smmu_par(&r);
}

static unsigned int ats_acc(u32 off)
{
	switch (off) {
	case SMMU_CB_ATS1PW:
		return SMMU_ACC_PRIV | SMMU_ACC_WRITE;
	case SMMU_CB_ATS1UR:
		return 0;
	case SMMU_CB_ATS1UW:
		return SMMU_ACC_WRITE;
	}
	return SMMU_ACC_PRIV;
}

static void smmu_gats(struct model_smmu *s, u32 off, u64 val)
{
	unsigned int ndx = FIELD_GET(SMMU_GATS_NDX, val);
	static const u8 acc[] = {
		0,
		SMMU_ACC_WRITE,
		SMMU_ACC_PRIV,
		SMMU_ACC_PRIV | SMMU_ACC_WRITE,
	};

	/* An index that is no stage 1 bank: UCBF (4.3). */
	if (ndx >= s->ncb || ndx < s->nums2cb) {
		s->gpar = SMMU_PAR_F | SMMU_GPAR_UCBF;
		return;
	}
	/* GATS12: the model has no stage 2; as GATS1 (S2 bypass banks). */
	s->gpar = smmu_atos(s, ndx, val & SMMU_GATS_ADDR,
			    acc[((off - SMMU_GR0_sGATS1UR) / 8) % 4]);
}

/* ------------------------------------------------------------------ */
/* TLB maintenance                                                    */

static void tlbi_event(struct model_smmu *s, int cb, u64 va, u16 asid,
		       unsigned int n, enum model_ev_kind kind)
{
	if (s->tracing)
		smmu_emit(s, (struct model_event){ .ev = MODEL_EV_TLBI,
						   .sid = ~0U,
						   .cb = cb,
						   .va = va,
						   .asid = asid,
						   .len = n,
						   .kind = kind });
}

/*
 * A context bank's invalidation (16.5.30-16.5.35), in the scope of the
 * bank's VMID.  The AArch64 formats: ASID in [63:48], VA[55:12] in
 * [43:0], sign-extended from bit 55.  With TCR2.AS=0 the ASID is 8 bits.
 */
static void cb_tlbi(struct model_smmu *s, unsigned int n, u32 off, u64 val)
{
	struct smmu_cb *cb = &s->cb[n];
	bool aa64 = s->cba2r[n] & SMMU_CBA2R_VA64;
	u16 vmid = smmu_cb_vmid(s, n), asid;
	enum smmu_inv_scope scope;
	enum model_ev_kind kind;
	u64 va;

	if (aa64) {
		asid = FIELD_GET(SMMU_TLBI_ASID, val);
		va = FIELD_GET(SMMU_TLBI_VA, val) << TLBI_VA_SHIFT;
		if (va & BIT_ULL(55))
			va |= GENMASK_ULL(63, 56);
	} else {
		asid = val & 0xff;
		va = val & GENMASK_ULL(31, 12);
	}
	if (!(cb->tcr2 & SMMU_TCR2_AS))
		asid &= 0xff;
	switch (off) {
	case SMMU_CB_TLBIALL:
		scope = SMMU_INV_VMID;
		kind = MODEL_EVK_TLBIALL;
		va = 0; /* no address operand: none in the trace */
		break;
	case SMMU_CB_TLBIASID:
		asid = (u16)val & ((cb->tcr2 & SMMU_TCR2_AS) ? 0xffff : 0xff);
		scope = SMMU_INV_ASID;
		kind = MODEL_EVK_TLBIASID;
		va = 0;
		break;
	case SMMU_CB_TLBIVA:
		scope = SMMU_INV_VA;
		kind = MODEL_EVK_TLBIVA;
		break;
	case SMMU_CB_TLBIVAL:
		scope = SMMU_INV_VA;
		kind = MODEL_EVK_TLBIVAL;
		break;
	case SMMU_CB_TLBIVAA:
		scope = SMMU_INV_VAA;
		kind = MODEL_EVK_TLBIVAA;
		break;
	default:
		scope = SMMU_INV_VAA;
		kind = MODEL_EVK_TLBIVAAL;
		break;
	}
	tlbi_event(s, (int)n, va, asid, smmu_tlb_inv(s, scope, vmid, asid, va),
		   kind);
}

/* ------------------------------------------------------------------ */
/* Register file                                                      */

static u64 set_half(u64 reg, u32 val, bool high)
{
	return high ? (reg & 0xffffffffULL) | ((u64)val << 32)
		    : (reg & ~0xffffffffULL) | val;
}

static u32 get_half(u64 reg, bool high)
{
	return high ? (u32)(reg >> 32) : (u32)reg;
}

static u32 gr0_read32(struct model_smmu *s, u32 off)
{
	if (off >= SMMU_GR0_SMR(0) && off < SMMU_GR0_SMR(s->nsmr))
		return (s->idr[0] & SMMU_IDR0_SMS)
			       ? s->smr[(off - SMMU_GR0_SMR(0)) / 4]
			       : 0;
	if (off >= SMMU_GR0_S2CR(0) && off < SMMU_GR0_S2CR(s->nsmr))
		return s->s2cr[(off - SMMU_GR0_S2CR(0)) / 4];
	if (off >= SMMU_GR0_IDR0 && off <= SMMU_GR0_IDR7)
		return s->idr[(off - SMMU_GR0_IDR0) / 4];

	switch (off) {
	case SMMU_GR0_sCR0:
		/* SMCFCFG is read-only 1 on the MMU-500 (DDI 0517). */
		return s->scr0 | SMMU_sCR0_SMCFCFG;
	case SMMU_GR0_sCR2:
		return s->scr2;
	case SMMU_GR0_sACR:
		return s->sacr;
	case SMMU_GR0_sGFAR:
	case SMMU_GR0_sGFAR + 4:
		return get_half(s->gfar, off & 4);
	case SMMU_GR0_sGFSR:
		return s->gfsr;
	case SMMU_GR0_sGFSYNR0:
		return s->gfsynr0;
	case SMMU_GR0_sGFSYNR1:
		return s->gfsynr1;
	case SMMU_GR0_sGFSYNR2:
		return s->gfsynr2;
	case SMMU_GR0_sTLBGSTATUS:
		if (!s->gsync_left)
			return 0;
		if (s->gsync_left != ~0U && !--s->gsync_left)
			sync_event(s, -1, MODEL_EVK_TLBGSYNC);
		return SMMU_sTLBGSTATUS_GSACTIVE;
	case SMMU_GR0_sGPAR:
	case SMMU_GR0_sGPAR + 4:
		return s->atos ? get_half(s->gpar, off & 4) : 0;
	}
	return 0; /* sGATSR.ACTIVE: operations complete at once */
}

static void gr0_sync(struct model_smmu *s)
{
	s->gsync_left = s->sync_delay;
	if (!s->gsync_left)
		sync_event(s, -1, MODEL_EVK_TLBGSYNC);
}

/*
 * Global invalidations (9.6.26-9.6.36): the model holds only Non-secure,
 * non-hypervisor stage 1 entries, so the hypervisor operations remove
 * nothing and STLBIALL (Secure only: the model has one view) everything.
 */
static void gr0_tlbi(struct model_smmu *s, u32 off, u32 val)
{
	unsigned int n = 0;
	u16 vmid = val & (s->vmid16 ? 0xffff : 0xff);
	enum model_ev_kind kind;

	switch (off) {
	case SMMU_GR0_STLBIALL:
		/* Secure only: the model has one view, so it takes it. */
		n = smmu_tlb_inv(s, SMMU_INV_ALL, 0, 0, 0);
		kind = MODEL_EVK_STLBIALL;
		break;
	case SMMU_GR0_TLBIALLNSNH:
		n = smmu_tlb_inv(s, SMMU_INV_ALL, 0, 0, 0);
		kind = MODEL_EVK_TLBIALLNSNH;
		break;
	case SMMU_GR0_TLBIVMID:
		n = smmu_tlb_inv(s, SMMU_INV_VMID, vmid, 0, 0);
		kind = MODEL_EVK_TLBIVMID;
		break;
	case SMMU_GR0_TLBIVMIDS1:
		n = smmu_tlb_inv(s, SMMU_INV_VMID, vmid, 0, 0);
		kind = MODEL_EVK_TLBIVMIDS1;
		break;
	case SMMU_GR0_TLBIALLH:
		kind = MODEL_EVK_TLBIALLH; /* no hypervisor entries */
		break;
	default:
		kind = MODEL_EVK_TLBIVAH;
		break;
	}
	tlbi_event(s, -1, 0, 0, n, kind);
}

static void gr0_write32(struct model_smmu *s, u32 off, u32 val)
{
	if (off >= SMMU_GR0_SMR(0) && off < SMMU_GR0_SMR(s->nsmr)) {
		if (s->idr[0] & SMMU_IDR0_SMS)
			s->smr[(off - SMMU_GR0_SMR(0)) / 4] =
				val & (SMMU_SMR_VALID |
				       FIELD_PREP(SMMU_SMR_MASK, s->sid_mask) |
				       FIELD_PREP(SMMU_SMR_ID, s->sid_mask));
		return;
	}
	if (off >= SMMU_GR0_S2CR(0) && off < SMMU_GR0_S2CR(s->nsmr)) {
		s->s2cr[(off - SMMU_GR0_S2CR(0)) / 4] = val & S2CR_RW;
		return;
	}

	switch (off) {
	case SMMU_GR0_sCR0:
		s->scr0 = val &
			  (SCR0_RW | (s->vmid16 ? SMMU_sCR0_VMID16EN : 0));
		smmu_update_irq(s);
		break;
	case SMMU_GR0_sCR2:
		s->scr2 = val & 0xff; /* BPVMID */
		break;
	case SMMU_GR0_sACR:
		s->sacr = val;
		break;
	case SMMU_GR0_sGFAR:
	case SMMU_GR0_sGFAR + 4:
		s->gfar = set_half(s->gfar, val, off & 4) & addr_mask(s->ubs);
		break;
	case SMMU_GR0_sGFSR:
		s->gfsr &= ~(val & GFSR_BITS);
		smmu_update_irq(s);
		break;
	case SMMU_GR0_sGFSRRESTORE:
		s->gfsr = val & GFSR_BITS;
		smmu_update_irq(s);
		break;
	case SMMU_GR0_sGFSYNR0:
		s->gfsynr0 = val & GFSYNR0_BITS;
		break;
	case SMMU_GR0_sGFSYNR1:
		s->gfsynr1 = val &
			     FIELD_PREP(SMMU_sGFSYNR1_STREAMID, s->sid_mask);
		break;
	case SMMU_GR0_sGFSYNR2:
		s->gfsynr2 = val;
		break;
	case SMMU_GR0_STLBIALL:
	case SMMU_GR0_TLBIVMID:
	case SMMU_GR0_TLBIALLNSNH:
	case SMMU_GR0_TLBIALLH:
	case SMMU_GR0_TLBIVMIDS1:
	case SMMU_GR0_TLBIVAH:
	case SMMU_GR0_TLBIVAH64:
	case SMMU_GR0_TLBIVALH64:
		gr0_tlbi(s, off, val);
		break;
	case SMMU_GR0_sTLBGSYNC:
		gr0_sync(s);
		break;
	case SMMU_GR0_sGATS1UR:
	case SMMU_GR0_sGATS1UW:
	case SMMU_GR0_sGATS1PR:
	case SMMU_GR0_sGATS1PW:
	case SMMU_GR0_sGATS12UR:
	case SMMU_GR0_sGATS12UW:
	case SMMU_GR0_sGATS12PR:
	case SMMU_GR0_sGATS12PW:
		/* A 32-bit write to the low word is zero-extended (9.6.8). */
		if (s->atos)
			smmu_gats(s, off, val);
		break;
	case SMMU_GR0_sGPAR:
	case SMMU_GR0_sGPAR + 4:
		if (s->atos)
			s->gpar = set_half(s->gpar, val, off & 4);
		break;
	}
}

static u32 gr1_read32(struct model_smmu *s, u32 off)
{
	unsigned int n = (off & 0x3ff) / 4;

	if (n >= s->ncb || off >= 0xc00)
		return 0;
	if (off < SMMU_GR1_CBFRSYNRA(0))
		return s->cbar[n];
	if (off < SMMU_GR1_CBA2R(0))
		return s->cbfrsynra[n];
	return s->cba2r[n];
}

static void gr1_write32(struct model_smmu *s, u32 off, u32 val)
{
	unsigned int n = (off & 0x3ff) / 4;

	if (n >= s->ncb || off >= 0xc00)
		return;
	/*
	 * A write to CBAR/CBA2R of a stalled bank may retry the stalled
	 * transaction (16.5.9); the model does not: only RESUME does.
	 */
	if (off < SMMU_GR1_CBFRSYNRA(0)) {
		s->cbar[n] = val & CBAR_RW;
		smmu_recheck(s);
	} else if (off < SMMU_GR1_CBA2R(0)) {
		s->cbfrsynra[n] = val &
				  FIELD_PREP(SMMU_CBFRSYNRA_SID, s->sid_mask);
	} else {
		s->cba2r[n] = val & (SMMU_CBA2R_VA64 |
				     (s->vmid16 ? SMMU_CBA2R_VMID16 : 0));
		smmu_recheck(s);
	}
}

static u32 cb_read32(struct model_smmu *s, unsigned int n, u32 off)
{
	struct smmu_cb *cb = &s->cb[n];

	switch (off) {
	case SMMU_CB_SCTLR:
		return cb->sctlr;
	case SMMU_CB_ACTLR:
		return cb->actlr;
	case SMMU_CB_TCR2:
		return cb->tcr2;
	case SMMU_CB_TTBR0:
	case SMMU_CB_TTBR0 + 4:
		return get_half(cb->ttbr[0], off & 4);
	case SMMU_CB_TTBR1:
	case SMMU_CB_TTBR1 + 4:
		return get_half(cb->ttbr[1], off & 4);
	case SMMU_CB_TCR:
		return cb->tcr;
	case SMMU_CB_CONTEXTIDR:
		return cb->contextidr;
	case SMMU_CB_MAIR0:
	case SMMU_CB_MAIR1:
		return cb->mair[(off - SMMU_CB_MAIR0) / 4];
	case SMMU_CB_PAR:
	case SMMU_CB_PAR + 4:
		return s->atos ? get_half(cb->par, off & 4) : 0;
	case SMMU_CB_FSR:
		/* FORMAT is generated from CBA2R.VA64 and TCR.EAE (16.5.9). */
		return cb->fsr |
		       FIELD_PREP(SMMU_FSR_FORMAT,
				  (s->cba2r[n] & SMMU_CBA2R_VA64)
					  ? SMMU_FSR_FORMAT_AARCH64
				  : (cb->tcr & SMMU_TCR_EAE)
					  ? SMMU_FSR_FORMAT_AARCH32_L
					  : SMMU_FSR_FORMAT_AARCH32_S);
	case SMMU_CB_FAR:
	case SMMU_CB_FAR + 4:
		return get_half(cb->far, off & 4);
	case SMMU_CB_FSYNR0:
		return cb->fsynr0;
	case SMMU_CB_FSYNR1:
		return cb->fsynr1;
	case SMMU_CB_TLBSTATUS:
		if (!cb->sync_left)
			return 0;
		if (cb->sync_left != ~0U && !--cb->sync_left)
			sync_event(s, (int)n, MODEL_EVK_TLBSYNC);
		return SMMU_TLBSTATUS_SACTIVE;
	}
	return 0; /* ATSR.ACTIVE: operations complete at once */
}

/*
 * RESUME (16.5.28): ignored unless a transaction is stalled.  Retry: the
 * next issue is translated again.  Terminate: the next issue is aborted
 * (or RAZ/WI, CFRE) without a new fault record.
 */
static void cb_resume(struct model_smmu *s, unsigned int n, u32 val)
{
	struct smmu_cb *cb = &s->cb[n];
	bool terminate = val & SMMU_RESUME_TNR;

	if (!(cb->fsr & SMMU_FSR_SS))
		return;
	cb->fsr &= ~SMMU_FSR_SS;
	s->stalls_pending--;
	if (terminate) {
		if (!cb->term_pending)
			s->terms_pending++;
		cb->term = cb->stalled;
		cb->term_pending = true;
	}
	if (s->tracing)
		smmu_emit(s,
			  (struct model_event){
				  .ev = MODEL_EV_RESUME,
				  .sid = cb->stalled.sid,
				  .cb = (int)n,
				  .va = cb->stalled.addr,
				  .fsr = cb->fsr,
				  .flags = terminate ? MODEL_EVF_TERMINATE : 0,
				  .kind = terminate ? MODEL_EVK_TERMINATE
						    : MODEL_EVK_RETRY });
	memset(&cb->stalled, 0, sizeof(cb->stalled));
	smmu_update_irq(s);
}

static void cb_write32(struct model_smmu *s, unsigned int n, u32 off, u32 val)
{
	struct smmu_cb *cb = &s->cb[n];
	u32 tcr2_rw = SMMU_TCR2_PASIZE | SMMU_TCR2_AS | SMMU_TCR2_TBI0 |
		      SMMU_TCR2_TBI1 | SMMU_TCR2_NSCFG0 | SMMU_TCR2_SEP |
		      SMMU_TCR2_NSCFG1;

	/* HAD0/1 exist with IDR2.HADS, HA/HD with IDR1.HAFDBS (16.5.39). */
	if (s->idr[2] & SMMU_IDR2_HADS)
		tcr2_rw |= SMMU_TCR2_HAD0 | SMMU_TCR2_HAD1;
	if (FIELD_GET(SMMU_IDR1_HAFDBS, s->idr[1]))
		tcr2_rw |= SMMU_TCR2_HA | SMMU_TCR2_HD;

	switch (off) {
	case SMMU_CB_SCTLR:
		cb->sctlr = val & SCTLR_RW;
		smmu_recheck(s);
		smmu_update_irq(s);
		break;
	case SMMU_CB_ACTLR:
		/*
		 * Choice: sACR.CACHE_LOCK locks the ACTLRs against these
		 * (Non-secure) writes, as software for the MMU-500 expects
		 * (DDI 0517 "Auxiliary Control Register"); the model has no
		 * Secure side, so one sACR holds the lock.
		 */
		if (!(s->sacr & MMU500_sACR_CACHE_LOCK))
			cb->actlr = val & MMU500_ACTLR_MASK;
		break;
	case SMMU_CB_RESUME:
		cb_resume(s, n, val);
		break;
	case SMMU_CB_TCR2:
		cb->tcr2 = val & tcr2_rw;
		break;
	case SMMU_CB_TTBR0:
	case SMMU_CB_TTBR0 + 4:
	case SMMU_CB_TTBR1:
	case SMMU_CB_TTBR1 + 4: {
		/* Base address bits above max(IAS, OAS) are RAZ/WI. */
		u64 *ttbr = &cb->ttbr[off >= SMMU_CB_TTBR1];
		u64 mask = SMMU_TTBRn_ASID |
			   addr_mask(s->ias > s->oas ? s->ias : s->oas);

		*ttbr = set_half(*ttbr, val, off & 4) & mask;
		break;
	}
	case SMMU_CB_TCR:
		cb->tcr = val;
		break;
	case SMMU_CB_CONTEXTIDR:
		cb->contextidr = val;
		break;
	case SMMU_CB_MAIR0:
	case SMMU_CB_MAIR1:
		cb->mair[(off - SMMU_CB_MAIR0) / 4] = val;
		break;
	case SMMU_CB_PAR:
	case SMMU_CB_PAR + 4:
		if (s->atos)
			cb->par = set_half(cb->par, val, off & 4);
		break;
	case SMMU_CB_FSR:
		cb->fsr &= ~(val & FSR_W1C);
		smmu_update_irq(s);
		break;
	case SMMU_CB_FSRRESTORE:
		cb->fsr = (cb->fsr & SMMU_FSR_SS) | (val & FSR_W1C);
		smmu_update_irq(s);
		break;
	case SMMU_CB_FAR:
	case SMMU_CB_FAR + 4:
		cb->far = set_half(cb->far, val, off & 4) & addr_mask(s->ubs);
		break;
	case SMMU_CB_FSYNR0:
		cb->fsynr0 = val & FSYNR0_BITS;
		break;
	case SMMU_CB_FSYNR1:
		cb->fsynr1 = val;
		break;
	case SMMU_CB_TLBIVA:
	case SMMU_CB_TLBIVAA:
	case SMMU_CB_TLBIASID:
	case SMMU_CB_TLBIALL:
	case SMMU_CB_TLBIVAL:
	case SMMU_CB_TLBIVAAL:
		/* A 32-bit write to the low word is zero-extended. */
		cb_tlbi(s, n, off, val);
		break;
	case SMMU_CB_TLBSYNC:
		cb->sync_left = s->sync_delay;
		if (!cb->sync_left)
			sync_event(s, (int)n, MODEL_EVK_TLBSYNC);
		break;
	case SMMU_CB_ATS1PR:
	case SMMU_CB_ATS1PW:
	case SMMU_CB_ATS1UR:
	case SMMU_CB_ATS1UW:
		if (s->atos)
			cb->par = smmu_atos(s, n, val & GENMASK_ULL(31, 12),
					    ats_acc(off));
		break;
	}
}

/* Where an offset of the SMMU's space lands (chapter 8). */
enum smmu_space {
	SP_NONE,
	SP_GR0,
	SP_GR1,
	SP_CB
};

static enum smmu_space smmu_decode(const struct model_smmu *s, u64 off,
				   unsigned int *cbndx, u32 *poff)
{
	u64 page = off >> s->pgshift;

	*poff = off & ((1U << s->pgshift) - 1);
	if (page == 0)
		return SP_GR0;
	if (page == 1)
		return SP_GR1;
	if (page < s->numpage || page - s->numpage >= s->ncb)
		return SP_NONE; /* IMPLEMENTATION DEFINED, PMU, SSD, holes */
	*cbndx = page - s->numpage;
	return SP_CB;
}

static u32 smmu_read32(void *dev, u64 off)
{
	struct model_smmu *s = dev;
	unsigned int n = 0;
	u32 poff;

	switch (smmu_decode(s, off, &n, &poff)) {
	case SP_GR0:
		return gr0_read32(s, poff);
	case SP_GR1:
		return gr1_read32(s, poff);
	case SP_CB:
		return cb_read32(s, n, poff);
	case SP_NONE:
		break;
	}
	return 0;
}

static void smmu_write32(void *dev, u64 off, u32 val)
{
	struct model_smmu *s = dev;
	unsigned int n = 0;
	u32 poff;

	smmu_state_changed(&s->cache, SMMU_CHANGED_REGS);
	switch (smmu_decode(s, off, &n, &poff)) {
	case SP_GR0:
		gr0_write32(s, poff, val);
		break;
	case SP_GR1:
		gr1_write32(s, poff, val);
		break;
	case SP_CB:
		cb_write32(s, n, poff, val);
		break;
	case SP_NONE:
		break;
	}
}

/*
 * 64-bit accesses: the 64-bit registers take them whole (an invalidation
 * or ATOS operation must see its upper word); anything else is two 32-bit
 * accesses, low word first.
 */
static u64 smmu_read64(void *dev, u64 off)
{
	return smmu_read32(dev, off) | (u64)smmu_read32(dev, off + 4) << 32;
}

static void smmu_write64(void *dev, u64 off, u64 val)
{
	struct model_smmu *s = dev;
	unsigned int n = 0;
	u32 poff;

	smmu_state_changed(&s->cache, SMMU_CHANGED_REGS);
	switch (smmu_decode(s, off, &n, &poff)) {
	case SP_GR0:
		switch (poff) {
		case SMMU_GR0_TLBIVAH64:
		case SMMU_GR0_TLBIVALH64:
			gr0_tlbi(s, poff, 0);
			return;
		case SMMU_GR0_sGATS1UR:
		case SMMU_GR0_sGATS1UW:
		case SMMU_GR0_sGATS1PR:
		case SMMU_GR0_sGATS1PW:
		case SMMU_GR0_sGATS12UR:
		case SMMU_GR0_sGATS12UW:
		case SMMU_GR0_sGATS12PR:
		case SMMU_GR0_sGATS12PW:
			if (s->atos)
				smmu_gats(s, poff, val);
			return;
		case SMMU_GR0_STLBIVALM:
		case SMMU_GR0_STLBIVAM:
			return;
		}
		break;
	case SP_CB:
		switch (poff) {
		case SMMU_CB_TLBIVA:
		case SMMU_CB_TLBIVAA:
		case SMMU_CB_TLBIVAL:
		case SMMU_CB_TLBIVAAL:
			/* An AArch32 bank ignores the upper word. */
			if (!(s->cba2r[n] & SMMU_CBA2R_VA64))
				val = (u32)val;
			cb_tlbi(s, n, poff, val);
			return;
		case SMMU_CB_ATS1PR:
		case SMMU_CB_ATS1PW:
		case SMMU_CB_ATS1UR:
		case SMMU_CB_ATS1UW:
			if (s->atos)
				s->cb[n].par = smmu_atos(
					s, n, val & GENMASK_ULL(63, 12),
					ats_acc(poff));
			return;
		}
		break;
	default:
		break;
	}
	smmu_write32(dev, off, (u32)val);
	smmu_write32(dev, off + 4, (u32)(val >> 32));
}

/* ------------------------------------------------------------------ */
/* Creation                                                           */

static void smmu_unlist(struct model_smmu *s)
{
	struct model_smmu **p;

	for (p = &smmu_all; *p; p = &(*p)->next) {
		if (*p == s) {
			*p = s->next;
			break;
		}
	}
}

static void smmu_destroy(void *dev)
{
	struct model_smmu *s = dev;

	smmu_unlist(s);
	smmu_cache_free(&s->cache);
	smmu_tlb_free(&s->tlb);
	vadma_free(s);
}

static const struct model_dev_ops smmu_dev_ops = {
	.read32 = smmu_read32,
	.write32 = smmu_write32,
	.read64 = smmu_read64,
	.write64 = smmu_write64,
	.destroy = smmu_destroy,
};

static const struct model_iommu_ops smmu_iommu_ops = {
	.translate = smmu_translate,
	.repeat = smmu_cache_repeat,
	.repeat_pair = smmu_cache_repeat_pair,
};

/* What the ID registers say, kept decoded for the hot path. */
static void smmu_decode_idr(struct model_smmu *s)
{
	static const u8 ubs_bits[] = { 32, 36, 40, 42, 44, 49 };
	u32 idr0 = s->idr[0], idr1 = s->idr[1], idr2 = s->idr[2];
	unsigned int ubs = FIELD_GET(SMMU_IDR2_UBS, idr2);

	s->pgshift = (idr1 & SMMU_IDR1_PAGESIZE) ? 16 : 12;
	s->numpage = 2U << FIELD_GET(SMMU_IDR1_NUMPAGENDXB, idr1);
	s->ncb = smmu_umin(FIELD_GET(SMMU_IDR1_NUMCB, idr1), SMMU_MAX_CB);
	s->nsmr = smmu_umin(FIELD_GET(SMMU_IDR0_NUMSMRG, idr0), SMMU_MAX_SMR);
	s->nums2cb = smmu_umin(FIELD_GET(SMMU_IDR1_NUMS2CB, idr1), s->ncb);
	s->sid_mask = (1U << FIELD_GET(SMMU_IDR0_NUMSIDB, idr0)) - 1;
	s->ias = size_bits(FIELD_GET(SMMU_IDR2_IAS, idr2));
	s->oas = size_bits(FIELD_GET(SMMU_IDR2_OAS, idr2));
	/* Reserved UBS encodings: the MMU-500's 49 bits. */
	s->ubs = ubs == SMMU_ADDR_SIZE_UBS64  ? 64
		 : ubs < ARRAY_SIZE(ubs_bits) ? ubs_bits[ubs]
					      : 49;
	s->granules = ((idr2 & SMMU_IDR2_PTFS_4K) ? BIT(12) : 0) |
		      ((idr2 & SMMU_IDR2_PTFS_16K) ? BIT(14) : 0) |
		      ((idr2 & SMMU_IDR2_PTFS_64K) ? BIT(16) : 0);
	s->atos = (idr0 & SMMU_IDR0_S1TS) && !(idr0 & SMMU_IDR0_ATOSNS);
	s->vmid16 = idr2 & SMMU_IDR2_VMID16S;
}

static void smmu_reset(struct model_smmu *s)
{
	unsigned int i;

	s->scr0 = MMU500_SCR0_RESET;
	s->sacr = MMU500_SACR_RESET;
	for (i = 0; i < SMMU_MAX_SMR; i++)
		s->s2cr[i] = MMU500_S2CR_RESET;
	for (i = 0; i < SMMU_MAX_CB; i++) {
		s->cbar[i] = MMU500_CBAR_RESET;
		s->cb[i].sctlr = MMU500_SCTLR_RESET;
		s->cb[i].actlr = MMU500_ACTLR_RESET;
	}
}

/**
 * model_smmu_create() - add the MMU-500 to a node
 * @m:   the node
 * @cfg: the node's configuration: @cfg->smmu_idr are the ID registers the
 *       model reports and implements, @cfg->tlb_entries its TLB size
 *
 * Maps the register space at @cfg->plat->smmu_base (GR0, GR1, then
 * NUMPAGE pages of context banks; the larger of the board's size and
 * what IDR1 describes) and puts the SMMU between the masters and memory.
 *
 * Return: 0, -ENOMEM, or what model_add_dev() returns.
 */
int model_smmu_create(struct model *m, const struct model_cfg *cfg)
{
	const struct plat_desc *plat = cfg->plat;
	struct model_smmu *s;
	u64 size;
	int ret;

	s = vadma_zalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->m = m;
	s->irq = plat->smmu_irq;
	s->stats = model_stats_of(m);
	s->now = model_clock(m);
	s->tracing = model_tracing(m);
	s->timed = model_timed(m);
	memcpy(s->idr, cfg->smmu_idr, sizeof(s->idr));
	smmu_decode_idr(s);
	smmu_reset(s);
	smmu_recheck(s);
	ret = smmu_tlb_init(&s->tlb, cfg->tlb_entries);
	if (ret)
		goto out_free;
	ret = smmu_cache_init(&s->cache, s->tlb.n, s->tracing || s->timed);
	if (ret)
		goto out_tlb;
	size = (u64)s->numpage << (s->pgshift + 1);
	if (size < plat->smmu_size)
		size = plat->smmu_size;
	ret = model_add_dev(m, "smmu", plat->smmu_base, size, &smmu_dev_ops, s);
	if (ret)
		goto out_tlb;
	model_set_iommu(m, &smmu_iommu_ops, s);
	s->next = smmu_all;
	smmu_all = s;
	return 0;

out_tlb:
	smmu_cache_free(&s->cache);
	smmu_tlb_free(&s->tlb);
out_free:
	vadma_free(s);
	return ret;
}

/**
 * model_smmu_set_sync_delay() - test hook: TLB syncs complete after @reads
 * @m:     the node
 * @reads: status reads that still see the sync active; ~0U: never done
 */
struct model_smmu *model_smmu_find(struct model *m)
{
	struct model_smmu *s;

	for (s = smmu_all; s; s = s->next)
		if (s->m == m)
			return s;
	return NULL;
}

void model_smmu_set_sync_delay(struct model *m, unsigned int reads)
{
	struct model_smmu *s;

	for (s = smmu_all; s; s = s->next)
		if (s->m == m)
			s->sync_delay = reads;
}
