/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The SMMUv2 / MMU-500 driver core: probe, reset, stream matching, context
 * banks, TLB maintenance, faults, stall and resume.  Freestanding; it
 * reaches the hardware only through struct vadma_io, so the same code
 * programs the model, an ioremap()ed MMU-500, or a recording stub.
 *
 * Register images are computed by pure functions (smmu_*_image()) and
 * written by one function each, in the order the architecture needs.
 */
#ifndef VADMA_SMMU_H
#define VADMA_SMMU_H

#include "vadma/env.h"
#include "vadma/io.h"
#include "vadma/pgtable.h"
#include "vadma/hw/smmu.h"

#define SMMU_MAX_SMRS 128
#define SMMU_MAX_CBS  128

/**
 * struct smmu_features - what the ID registers say, read once by smmu_probe()
 * @major:          the implementation's major revision from IDR7 (MMU-500
 *                  r2p1: 2; not the architecture version, which IDR7 does
 *                  not give)
 * @minor:          its minor revision (r2p1: 1)
 * @num_smrs:       stream-match register groups
 * @num_cbs:        context banks
 * @num_s2_cbs:     of which stage-2 only
 * @sid_bits:       stream ID width
 * @pgshift:        register page size (12 or 16)
 * @num_pages:      pages of the global space (the context banks follow)
 * @ias:            input address size in bits
 * @oas:            output address size in bits
 * @granules:       bitmap of supported granules: BIT(12), BIT(14), BIT(16)
 * @stage1:         stage-1 translation is supported
 * @stage2:         stage-2 translation is supported
 * @nested:         nested (stage 1 then 2) translation is supported
 * @cttw:           table walks snoop the CPU caches
 * @btm:            broadcast TLB maintenance
 * @atos:           address translation operations (ATS1*) are available
 * @sms:            stream matching (else stream indexing)
 * @exids:          extended stream IDs
 * @num_irpt:       context interrupts
 * @vmid16:         16-bit VMIDs
 */
struct smmu_features {
	u8 major;
	u8 minor;
	u16 num_smrs;
	u16 num_cbs;
	u16 num_s2_cbs;
	u8 sid_bits;
	u8 pgshift;
	u16 num_pages;
	u8 ias;
	u8 oas;
	u32 granules;
	bool stage1;
	bool stage2;
	bool nested;
	bool cttw;
	bool btm;
	bool atos;
	bool sms;
	bool exids;
	u16 num_irpt;
	bool vmid16;
};

/**
 * struct smmu_smr - software's copy of one stream-match entry
 * @used: the entry is valid in the SMMU
 * @id:   SMRn.ID
 * @mask: SMRn.MASK: ID bits that are ignored
 * @type: S2CRn.TYPE, enum smmu_s2cr_type
 * @cb:   S2CRn.CBNDX, for SMMU_S2CR_TYPE_TRANS
 */
struct smmu_smr {
	bool used;
	u16 id;
	u16 mask;
	u8 type;
	u8 cb;
};

/**
 * struct smmu - one SMMU
 * @io:        its register space (GR0 at offset 0)
 * @feat:      from smmu_probe()
 * @smr:       software copy of the stream-match entries
 * @cb_used:   context banks handed out
 * @sync_polls: bound on TLBSTATUS/ATSR polls before -ETIMEDOUT
 * @impl:      the implementation's code (smmu_probe()'s @impl), or NULL
 * @quirks:    SMMU_QUIRK_*, set by @impl's probe hook from the ID registers
 * @prefetch_on: after smmu_reset() of an MMU-500, some bank's next-page
 *             prefetcher could not be turned off (Secure software keeps
 *             sACR.CACHE_LOCK set): errata 841119 and 826419 may bite
 */
struct smmu {
	struct vadma_io io;
	struct smmu_features feat;
	struct smmu_smr smr[SMMU_MAX_SMRS];
	bool cb_used[SMMU_MAX_CBS];
	unsigned int sync_polls;
	const struct smmu_impl *impl;
	u32 quirks;
	bool prefetch_on;
};

/*
 * What an implementation's probe hook found its part needs (struct
 * smmu.quirks).  The MMU-500's (DDI 0517; Arm's errata notices, as Linux's
 * arm-smmu-impl.c also reads them):
 *
 * SMMU_QUIRK_PREFETCH_OFF     errata 841119 and 826419 (r0p0 to r2p1, fixed
 *                             in r2p2): turn each bank's next-page
 *                             prefetcher (CBn_ACTLR.CPRE) off at reset
 * SMMU_QUIRK_ACR_CACHE_LOCK   sACR.CACHE_LOCK exists (from r2p0) and keeps
 *                             Non-secure ACTLR writes from sticking: clear
 *                             it before writing an ACTLR
 */
#define SMMU_QUIRK_PREFETCH_OFF	  BIT(0)
#define SMMU_QUIRK_ACR_CACHE_LOCK BIT(1)

/**
 * struct smmu_impl - what one implementation adds to the architecture
 * @compatible: the device-tree compatible string that names the part
 * @probe:      called by smmu_probe() once the architected ID registers
 *              are read: check them and set @s->quirks; NULL: nothing.
 *              Returns 0 or a negative error that fails the probe
 * @reset:      called by smmu_reset() once every bank is disabled and
 *              before the TLBs are invalidated: the part's own registers
 *              (auxiliary control, errata); NULL: nothing
 *
 * The ID registers do not name the implementation: the platform does
 * (device tree, board data), and hands the table to smmu_probe().
 */
struct smmu_impl {
	const char *compatible;
	int (*probe)(struct smmu *s);
	void (*reset)(struct smmu *s);
};

/* The Arm MMU-500, "arm,mmu-500": the ZynqMP's SMMU (smmu/mmu500.c). */
extern const struct smmu_impl smmu_impl_mmu500;

/**
 * smmu_impl_find() - the implementation a compatible string names
 * @compatible: a device-tree compatible string, NUL-terminated
 *
 * Return: the table, or NULL when vadma has no code of its own for the part
 * (an architected SMMUv2, "arm,smmu-v2", needs none).
 */
const struct smmu_impl *smmu_impl_find(const char *compatible);

/**
 * smmu_probe() - read the ID registers into @s->feat
 * @s:    filled
 * @io:   the SMMU's register space
 * @impl: the implementation, from the platform (smmu_impl_find(),
 *        &smmu_impl_mmu500), or NULL for the architecture alone
 *
 * Return: 0; -EOPNOTSUPP for an SMMU without stage 1 AArch64 translation
 * or stream matching; -EINVAL for ID values the architecture forbids;
 * or the error of @impl's probe hook.
 */
int smmu_probe(struct smmu *s, const struct vadma_io *io,
	       const struct smmu_impl *impl);

/**
 * smmu_reset() - a safe state: every stream faults until it is attached
 * @s: probed by smmu_probe()
 *
 * Invalidates every stream-match entry (S2CR fault) and context bank,
 * clears global and context faults, invalidates the TLBs, then enables
 * the SMMU with unmatched streams faulting (sCR0.USFCFG), stream-match
 * conflicts faulting (SMCFCFG), and global faults reported (GFRE, GFIE).
 * Before the TLB invalidation it calls the implementation's reset hook: on
 * an MMU-500 before r2p2 that turns off every bank's next-page prefetcher
 * (CBn_ACTLR.CPRE, after clearing sACR.CACHE_LOCK), for its errata 841119
 * and 826419; see @s->prefetch_on.
 *
 * Return: 0, or -ETIMEDOUT if the TLB sync does not complete.
 */
int smmu_reset(struct smmu *s);

/**
 * struct smmu_cb_cfg - what a stage-1 context bank is to do
 * @t0:       TCR fields for TTBR0 (from pt_tcr()), or NULL: no TTBR0 walks
 * @t1:       TCR fields for TTBR1, or NULL
 * @ttbr0:    TTBR0 value: table base (the ASID is taken from @asid)
 * @ttbr1:    TTBR1 value
 * @asid:     the ASID tagging the context's non-global TLB entries
 * @mair:     MAIR value (MAIR0 low word, MAIR1 high word)
 * @stall:    stall faulting transactions (else terminate them)
 * @fault_irq: raise the context interrupt on a fault
 * @fault_abort: a terminated transaction gets an abort (else RAZ/WI)
 * @hupcf:    let other transactions proceed while one is stalled
 * @irq_index: context interrupt index (CBAR.IRPTNDX)
 */
struct smmu_cb_cfg {
	const struct pt_tcr *t0;
	const struct pt_tcr *t1;
	u64 ttbr0;
	u64 ttbr1;
	u16 asid;
	u64 mair;
	bool stall;
	bool fault_irq;
	bool fault_abort;
	bool hupcf;
	u8 irq_index;
};

/**
 * struct smmu_cb_image - the registers of a stage-1 context bank
 * @cbar:       SMMU_CBARn: type, interrupt index
 * @cba2r:      SMMU_CBA2Rn: the AArch64 (VA64) format
 * @tcr:        SMMU_CBn_TCR (TTBCR)
 * @tcr2:       SMMU_CBn_TCR2: output size (PASIZE), 16-bit ASIDs (AS)
 * @ttbr0:      SMMU_CBn_TTBR0, ASID included
 * @ttbr1:      SMMU_CBn_TTBR1
 * @mair0:      SMMU_CBn_MAIR0
 * @mair1:      SMMU_CBn_MAIR1
 * @contextidr: SMMU_CBn_CONTEXTIDR: the ASID, for debuggers
 * @sctlr:      SMMU_CBn_SCTLR: translation on, fault reporting, stall
 */
struct smmu_cb_image {
	u32 cbar;
	u32 cba2r;
	u32 tcr;
	u32 tcr2;
	u64 ttbr0;
	u64 ttbr1;
	u32 mair0;
	u32 mair1;
	u32 contextidr;
	u32 sctlr;
};

/**
 * smmu_cb_image_s1() - compute a stage-1 context bank (pure)
 * @feat: the SMMU's features (output size, granules)
 * @cfg:  the context
 * @img:  filled
 *
 * Return: 0; -EINVAL when neither TTBR is enabled or a field is out of
 * range; -EOPNOTSUPP for a granule or size the SMMU lacks.
 */
int smmu_cb_image_s1(const struct smmu_features *feat,
		     const struct smmu_cb_cfg *cfg, struct smmu_cb_image *img);

/**
 * smmu_cb_write() - program context bank @cb from @img, in order
 * @s:   the SMMU
 * @cb:  the bank
 * @img: from smmu_cb_image_s1()
 *
 * Translation is off (SCTLR = 0) while the bank is rewritten, and SCTLR
 * is written last.  The caller invalidates the bank's TLB entries if it
 * reuses an ASID with new tables.
 *
 * Return: 0, or -EINVAL for a bank that does not exist.
 */
int smmu_cb_write(struct smmu *s, unsigned int cb,
		  const struct smmu_cb_image *img);

/**
 * smmu_cb_disable() - stop translation in @cb (SCTLR = 0), clear faults
 * @s:  the SMMU
 * @cb: the bank
 *
 * Return: 0, or -EINVAL for a bank that does not exist.
 */
int smmu_cb_disable(struct smmu *s, unsigned int cb);

/**
 * smmu_cb_alloc() - hand out a free stage-1 capable context bank
 * @s: the SMMU
 *
 * Return: its index, or -ENOSPC.
 */
int smmu_cb_alloc(struct smmu *s);

/**
 * smmu_cb_free() - give back a bank from smmu_cb_alloc()
 * @s:  the SMMU
 * @cb: the bank; one that does not exist is ignored
 *
 * Only software's record changes: disable the bank first.
 */
void smmu_cb_free(struct smmu *s, unsigned int cb);

/**
 * smmu_smr_image() - an SMRn value (pure)
 * @id:    the stream ID to match
 * @mask:  ID bits to ignore
 * @valid: SMRn.VALID
 */
u32 smmu_smr_image(u16 id, u16 mask, bool valid);

/**
 * smmu_s2cr_image() - an S2CRn value (pure)
 * @type: translate, bypass or fault
 * @cb:   the context bank, for SMMU_S2CR_TYPE_TRANS (else ignored)
 */
u32 smmu_s2cr_image(enum smmu_s2cr_type type, unsigned int cb);

/**
 * smmu_attach_streams() - route stream IDs to a context bank
 * @s:    the SMMU
 * @sids: stream IDs
 * @n:    how many (1..32)
 * @type: translate (to @cb), bypass or fault
 * @cb:   the context bank for SMMU_S2CR_TYPE_TRANS
 *
 * Covers the IDs with as few stream-match entries as masks allow (e.g. the
 * eight GDMA channels 0x14e8..0x14ef take one entry, mask 0x7), writing each
 * S2CR before its SMR becomes valid.
 *
 * Return: the number of entries used; -EINVAL (bad ID or @cb); -EEXIST (an
 * ID already matches an entry: it would match two); -ENOSPC.
 */
int smmu_attach_streams(struct smmu *s, const u32 *sids, unsigned int n,
			enum smmu_s2cr_type type, unsigned int cb);

/**
 * smmu_detach_streams() - make the IDs fault again
 * @s:    the SMMU
 * @sids: stream IDs given to smmu_attach_streams()
 * @n:    how many
 *
 * Return: entries released, or -ENOENT when none covered them.
 */
int smmu_detach_streams(struct smmu *s, const u32 *sids, unsigned int n);

/**
 * smmu_route_streams() - send attached stream IDs somewhere else
 * @s:    the SMMU
 * @sids: stream IDs given to smmu_attach_streams()
 * @n:    how many
 * @type: translate (to @cb), bypass or fault
 * @cb:   the context bank for SMMU_S2CR_TYPE_TRANS
 *
 * Rewrites the S2CR of each entry that covers one of @sids, in place: the
 * entry keeps matching, so no transaction of those streams finds them
 * unmatched in between (where sCR0.USFCFG = 0 lets it bypass the SMMU).
 * A driver that owns a master keeps its stream attached with
 * SMMU_S2CR_TYPE_FAULT while idle and routes it to a bank for each job.
 *
 * Return: entries changed; -EINVAL (bad @type or @cb); -ENOENT when none
 * covered them.
 */
int smmu_route_streams(struct smmu *s, const u32 *sids, unsigned int n,
		       enum smmu_s2cr_type type, unsigned int cb);

/*
 * TLB maintenance.  Each function waits for its sync: when it returns 0
 * the entries are gone.
 */

/**
 * smmu_tlb_inv_all() - invalidate every entry of bank @cb (TLBIALL)
 * @s:  the SMMU
 * @cb: the bank
 *
 * Return: 0; -EINVAL (no such bank); -ETIMEDOUT (sync not completed).
 */
int smmu_tlb_inv_all(struct smmu *s, unsigned int cb);

/**
 * smmu_tlb_inv_asid() - invalidate @asid's entries (TLBIASID)
 * @s:    the SMMU
 * @cb:   the bank the ASID is used in
 * @asid: the ASID
 *
 * Return: as smmu_tlb_inv_all().
 */
int smmu_tlb_inv_asid(struct smmu *s, unsigned int cb, u16 asid);

/**
 * smmu_tlb_inv_range() - invalidate [@va, @va + @size) of @asid in @cb
 * @s:       the SMMU
 * @cb:      the bank
 * @asid:    the ASID
 * @va:      the first address
 * @size:    bytes
 * @granule: log2 of the page size of the mappings, 12..16 (the step)
 * @leaf:    only last-level entries changed (TLBIVAL)
 *
 * Above SMMU_TLBI_RANGE_MAX pages the whole ASID is invalidated instead.
 *
 * Return: 0; -EINVAL (no such bank, @size 0, a bad @granule);
 * -ETIMEDOUT.
 */
int smmu_tlb_inv_range(struct smmu *s, unsigned int cb, u16 asid, u64 va,
		       u64 size, unsigned int granule, bool leaf);

/**
 * smmu_tlb_sync() - wait for bank @cb's invalidations (TLBSYNC)
 * @s:  the SMMU
 * @cb: the bank
 *
 * Return: as smmu_tlb_inv_all().
 */
int smmu_tlb_sync(struct smmu *s, unsigned int cb);

/**
 * smmu_tlb_inv_global() - invalidate every non-secure entry of the SMMU
 * @s: the SMMU
 *
 * TLBIALLNSNH and TLBIALLH, then the global sync (sTLBGSYNC).
 *
 * Return: 0, or -ETIMEDOUT.
 */
int smmu_tlb_inv_global(struct smmu *s);

/* Pages above which smmu_tlb_inv_range() invalidates the ASID instead. */
#define SMMU_TLBI_RANGE_MAX 64

enum smmu_fault_type {
	SMMU_FAULT_NONE,
	SMMU_FAULT_TRANSLATION,
	SMMU_FAULT_ACCESS,
	SMMU_FAULT_PERMISSION,
	SMMU_FAULT_ADDRESS_SIZE,
	SMMU_FAULT_EXTERNAL,
	SMMU_FAULT_TLB_CONFLICT,
	SMMU_FAULT_OTHER,
};

/**
 * struct smmu_fault - a decoded context fault
 * @type:    what the FSR says
 * @fsr:     the raw FSR
 * @far:     the faulting input address
 * @fsynr0:  the raw FSYNR0
 * @sid:     the stream (CBFRSYNRA)
 * @cb:      the context bank
 * @level:   lookup level (FSYNR0.PLVL)
 * @write:   a write (FSYNR0.WNR)
 * @priv:    privileged (FSYNR0.PNU)
 * @inst:    instruction fetch (FSYNR0.IND)
 * @ptw:     raised by a table walk access (FSYNR0.PTWF)
 * @stalled: the transaction waits for smmu_cb_resume() (FSR.SS)
 * @multi:   more faults happened before this was cleared (FSR.MULTI)
 */
struct smmu_fault {
	enum smmu_fault_type type;
	u32 fsr;
	u64 far;
	u32 fsynr0;
	u32 sid;
	unsigned int cb;
	unsigned int level;
	bool write;
	bool priv;
	bool inst;
	bool ptw;
	bool stalled;
	bool multi;
};

/**
 * smmu_fault_decode() - decode raw fault registers (pure)
 * @fsr:       CBn_FSR
 * @far:       CBn_FAR
 * @fsynr0:    CBn_FSYNR0
 * @cbfrsynra: CBFRSYNRAn (the stream ID)
 * @f:         filled; @f->cb is 0, for the caller to set
 */
void smmu_fault_decode(u32 fsr, u64 far, u32 fsynr0, u32 cbfrsynra,
		       struct smmu_fault *f);

/**
 * smmu_cb_fault() - read and decode the fault of context bank @cb
 * @s:  the SMMU
 * @cb: the bank
 * @f:  filled
 *
 * Return: 0 with @f filled; -ENOENT when the bank has no fault.
 */
int smmu_cb_fault(struct smmu *s, unsigned int cb, struct smmu_fault *f);

/**
 * smmu_cb_fault_clear() - acknowledge a fault read by smmu_cb_fault()
 * @s: the SMMU
 * @f: the fault, its bank in @f->cb
 *
 * Clears the FSR bits @f reported.  A stalled transaction stays stalled
 * until smmu_cb_resume().
 */
void smmu_cb_fault_clear(struct smmu *s, const struct smmu_fault *f);

/**
 * smmu_cb_resume() - end the stall of @cb's transaction
 * @s:         the SMMU
 * @cb:        the bank; one that does not exist is ignored
 * @terminate: give it an abort; otherwise retry the translation
 */
void smmu_cb_resume(struct smmu *s, unsigned int cb, bool terminate);

/**
 * struct smmu_gfault - a decoded global fault
 * @gfsr:    the raw sGFSR
 * @gfar:    sGFAR: the faulting address
 * @gfsynr0: the raw sGFSYNR0 (WNR, PNU, IND, NSSTATE, NESTED)
 * @sid:     the stream ID from sGFSYNR1
 */
struct smmu_gfault {
	u32 gfsr;
	u64 gfar;
	u32 gfsynr0;
	u32 sid;
};

/**
 * smmu_global_fault() - read, decode and clear the global fault
 * @s: the SMMU
 * @g: filled (zeroed when there is no fault)
 *
 * Return: 0, or -ENOENT when sGFSR is clear.
 */
int smmu_global_fault(struct smmu *s, struct smmu_gfault *g);

/**
 * smmu_gfault_name() - the name of the highest-priority sGFSR bit
 * @gfsr: an sGFSR value
 */
const char *smmu_gfault_name(u32 gfsr);

/**
 * smmu_fault_name() - a context fault type's name, for printing
 * @type: SMMU_FAULT_*
 *
 * Return: "translation", "permission", ..., "unknown" for a value that is
 * not an SMMU_FAULT_*.
 */
const char *smmu_fault_name(enum smmu_fault_type type);

/**
 * smmu_ats() - translate @va with context @cb's tables (ATS1Pxx/ATS1Uxx)
 * @s:     the SMMU
 * @cb:    the bank
 * @va:    the address; its page offset is ignored
 * @write: as a write (else a read)
 * @user:  as an unprivileged access (else privileged)
 * @par:   PAR after the operation (F=1 on a fault)
 *
 * Return: 0; -EOPNOTSUPP without ATOS; -EINVAL (no such bank);
 * -ETIMEDOUT.
 */
int smmu_ats(struct smmu *s, unsigned int cb, u64 va, bool write, bool user,
	     u64 *par);

/**
 * smmu_dump() - the SMMU's state, decoded, one line per call of @line
 * @s:    the SMMU
 * @line: called with each line, without its newline; a non-zero return
 *        stops the dump
 * @arg:  passed to @line
 *
 * The features, sCR0, the valid stream-match entries with their S2CRs,
 * every enabled context bank with its TCR/TTBRs/MAIR/SCTLR, and the global
 * and context fault registers.
 *
 * Return: 0 or what @line returned.
 */
int smmu_dump(struct smmu *s, int (*line)(void *arg, const char *text),
	      void *arg);

#endif /* VADMA_SMMU_H */
