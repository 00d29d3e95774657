/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * VMSAv8-64 stage-1 translation tables (Arm DDI 0487, chapter D8 in issue K;
 * D5 in earlier issues): build them, walk them, dump them.
 *
 * The library knows nothing of the SMMU or the CPU that will walk the tables.
 * It hands back the TCR fields that describe them (pt_tcr()), and reaches
 * table memory only through &struct pt_mem_ops, so tables can live in a file
 * image, in the model's memory, or in kernel pages.
 *
 * Two objects:
 *   struct pt         one tree of tables that the library owns (map, unmap);
 *   struct pt_regime  a whole EL1&0-style regime decoded from TCR/MAIR/TTBRn,
 *                     walked read-only (tables built by anybody, e.g. a raw
 *                     memory image handed to "vadma walk").
 *
 * Who may run at the same time (the library takes no lock and keeps no
 * global state):
 *
 * - One writer per tree.  pt_map(), pt_remap(), pt_unmap() and
 *   pt_destroy() change a tree and its &struct pt; the caller serialises
 *   them, e.g. with one lock per tree held across the call (kmod/iova.c:
 *   vadma_dev.lock).  pt_init() precedes, and pt_destroy() follows, every
 *   other use.
 * - Software readers of a tree (pt_walk(), pt_iova_to_phys(), pt_dump())
 *   may run alongside
 *   each other, but not alongside its writer: an unmap frees the tables
 *   they may be reading.  Hold the writer's lock, or a read side of it.
 *   pt_tcr() and pt_ttbr() read only what pt_init() set.
 * - Hardware walkers (the SMMU, a CPU) may walk a tree while it is being
 *   changed; that is what the write order is for.  Each descriptor is one
 *   64-bit store; a new table is filled and cleaned before the entry that
 *   links it; with a tlb_inv callback a valid entry is broken (cleared,
 *   cleaned, invalidated) before it is replaced, and an unlinked table is
 *   invalidated before it is freed.  Without tlb_inv the caller must keep
 *   walkers out of a range while it changes, and invalidate afterwards.
 * - The callbacks of &struct pt_mem_ops run inside the writer's (or
 *   reader's) call, under whatever the caller holds: they may take locks
 *   of their own (the SMMU's, for tlb_inv) but must not call back into the
 *   library for the same tree.  @alloc must suit that context (no sleeping
 *   under a spinlock).
 * - Different trees share nothing; each may have its own writer.
 * - A &struct pt_regime is read-only once pt_regime_init() has filled it:
 *   any number of pt_regime_walk() calls may run at once.  The tables it
 *   walks belong to someone else, who must not free them under a walk.
 */
#ifndef VADMA_PGTABLE_H
#define VADMA_PGTABLE_H

#include "vadma/env.h"
#include "vadma/bits.h"

/* Translation granules; the value is log2 of the size. */
#define PT_GRANULE_4K  12
#define PT_GRANULE_16K 14
#define PT_GRANULE_64K 16

#define PT_IAS_MIN 25
#define PT_IAS_MAX 48
#define PT_OAS_MAX 48

/* Which half of the input address space a table translates. */
enum pt_range {
	PT_TTBR0 = 0, /* [0, 2^ias) */
	PT_TTBR1 = 1, /* [2^64 - 2^ias, 2^64) */
};

/* Shareability, as the SH field encodes it (0b01 is reserved). */
enum pt_sh {
	PT_SH_NONE = 0,
	PT_SH_OUTER = 2,
	PT_SH_INNER = 3,
};

/*
 * Protection of a mapping, for pt_map().  Stage 1 has no write-only and no
 * unreadable valid page: PT_PROT_READ is required.
 */
#define PT_PROT_READ  BIT(0)
#define PT_PROT_WRITE BIT(1)
#define PT_PROT_EXEC  BIT(2)	      /* at the privilege PT_PROT_USER says */
#define PT_PROT_USER  BIT(3)	      /* unprivileged (EL0) access too */
#define PT_PROT_NG    BIT(4)	      /* not global: tagged with the ASID */
#define PT_PROT_NO_AF BIT(5)	      /* leave AF clear: first use faults */
#define PT_PROT_ATTR  GENMASK(10, 8)  /* MAIR attribute index */
#define PT_PROT_SH    GENMASK(13, 12) /* enum pt_sh */
#define PT_PROT_ALL   (GENMASK(5, 0) | PT_PROT_ATTR | PT_PROT_SH)

/* Access kinds for a walk; a read by the privileged level is 0. */
#define PT_ACC_WRITE BIT(0)
#define PT_ACC_EXEC  BIT(1)
#define PT_ACC_USER  BIT(2)

/* Effective permissions a walk reports. */
#define PT_PERM_PR BIT(0) /* privileged read */
#define PT_PERM_PW BIT(1) /* privileged write */
#define PT_PERM_PX BIT(2) /* privileged execute */
#define PT_PERM_UR BIT(3) /* unprivileged read */
#define PT_PERM_UW BIT(4) /* unprivileged write */
#define PT_PERM_UX BIT(5) /* unprivileged execute */

/* Faults, as the architecture classifies them (DDI 0487 D8.14 / D5.10). */
enum pt_fault {
	PT_FAULT_NONE = 0,
	PT_FAULT_TRANSLATION,
	PT_FAULT_ACCESS, /* access flag */
	PT_FAULT_PERMISSION,
	PT_FAULT_ADDRESS_SIZE,
	PT_FAULT_EXTERNAL, /* the walk read memory that is not there */
};

/**
 * struct pt_walk - the result of a walk
 * @fault:  PT_FAULT_NONE, or what the architecture would report
 * @level:  level of the leaf, or the level the fault is reported at
 * @range:  which TTBR translated the address
 * @pa:     output address, page offset included (no fault only)
 * @size:   size of the leaf page or block (no fault only)
 * @desc:   the last descriptor read (the leaf, or the one that faulted;
 *          0 when the walk read none)
 * @attr_idx: AttrIndx of the leaf
 * @attr:   the MAIR byte AttrIndx selects
 * @sh:     the SH field of the leaf
 * @ng:     the leaf's nG bit
 * @perm:   effective PT_PERM_* after hierarchical controls
 */
struct pt_walk {
	enum pt_fault fault;
	int level;
	enum pt_range range;
	u64 pa;
	u64 size;
	u64 desc;
	u8 attr_idx;
	u8 attr;
	u8 sh;
	bool ng;
	u32 perm;
};

/**
 * struct pt_mem_ops - how the library reaches table memory
 * @alloc: allocate @size bytes aligned to @size, zeroed, for a table; store
 *         its physical address in *@pa and return a host pointer to it, or
 *         NULL when out of memory.
 * @free:  release a table from @alloc.
 * @phys_to_virt: a host pointer through which [@pa, @pa + @size) can be
 *         read, or NULL if that memory does not exist.  The walker uses it
 *         for every descriptor; map and unmap for their own tables, and
 *         keep the pointer to a table of their own (the root, the last
 *         one changed) until they free it: it must stay valid that long.
 * @clean: make the CPU's writes to [@va, @va + @size), which is physical
 *         [@pa, @pa + @size), visible to a walker that does not snoop the
 *         CPU caches (clean to the point of coherency, then a barrier).  Mandatory: the MMU-500 on ZynqMP walks
 *         non-coherently.  A no-op is right only for a coherent walker.
 * @tlb_inv: optional: invalidate the walker's TLB (and walk cache) entries
 *         for input addresses [@va, @va + @size), completing before it
 *         returns; @leaf says only last-level entries changed.  With it the
 *         library keeps the walker coherent itself: it breaks a valid
 *         entry before making another (DDI 0487 D8.16.1), and invalidates
 *         what it unmaps before returning and before a freed table can be
 *         reused.  Without it the caller invalidates after each change and
 *         must make sure nothing walks a range while it is being remapped.
 *
 * @ctx is the pointer given to pt_init() or with the regime.
 */
struct pt_mem_ops {
	void *(*alloc)(void *ctx, size_t size, u64 *pa);
	void (*free)(void *ctx, void *va, u64 pa, size_t size);
	void *(*phys_to_virt)(void *ctx, u64 pa, size_t size);
	void (*clean)(void *ctx, void *va, u64 pa, size_t size);
	void (*tlb_inv)(void *ctx, u64 va, u64 size, bool leaf);
};

/**
 * struct pt_cfg - the shape of one tree of tables
 * @granule: PT_GRANULE_4K, _16K or _64K
 * @ias:     input address size in bits, 25..48
 * @oas:     output address size in bits: 32, 36, 40, 42, 44 or 48
 * @range:   PT_TTBR0 or PT_TTBR1
 * @coherent_walk: the walker snoops the CPU caches; this only selects the
 *         cacheability pt_tcr() reports, @clean is called regardless
 * @mair:    the MAIR value the tree will be used with; pt_walk() reports
 *           the attribute byte from it
 */
struct pt_cfg {
	unsigned int granule;
	unsigned int ias;
	unsigned int oas;
	enum pt_range range;
	bool coherent_walk;
	u64 mair;
};

/**
 * struct pt_tcr - the TCR fields that describe a tree, for the driver
 * @tsz:  T0SZ or T1SZ (64 - ias)
 * @tg:   TG0 or TG1 encoding for the granule (the two fields encode it
 *        differently; this is the one for the tree's range)
 * @sh:   SH0/SH1 for table walks
 * @irgn: IRGN0/IRGN1 (0 non-cacheable, 1 write-back write-allocate)
 * @orgn: ORGN0/ORGN1
 * @ips:  IPS (TCR_EL1) or PASize (SMMU CB_TCR2) encoding of the oas
 */
struct pt_tcr {
	u8 tsz;
	u8 tg;
	u8 sh;
	u8 irgn;
	u8 orgn;
	u8 ips;
};

/* Register maps keep their column layout. */
/* clang-format off */
/* TCR_EL1 fields (DDI 0487 D19.2); the SMMU's AArch64 CB_TCR matches. */
#define PT_TCR_T0SZ		GENMASK_ULL(5, 0)
#define PT_TCR_EPD0		BIT_ULL(7)
#define PT_TCR_IRGN0		GENMASK_ULL(9, 8)
#define PT_TCR_ORGN0		GENMASK_ULL(11, 10)
#define PT_TCR_SH0		GENMASK_ULL(13, 12)
#define PT_TCR_TG0		GENMASK_ULL(15, 14)
#define   PT_TCR_TG0_4K		0
#define   PT_TCR_TG0_64K	1
#define   PT_TCR_TG0_16K	2
#define PT_TCR_T1SZ		GENMASK_ULL(21, 16)
#define PT_TCR_A1		BIT_ULL(22)
#define PT_TCR_EPD1		BIT_ULL(23)
#define PT_TCR_IRGN1		GENMASK_ULL(25, 24)
#define PT_TCR_ORGN1		GENMASK_ULL(27, 26)
#define PT_TCR_SH1		GENMASK_ULL(29, 28)
#define PT_TCR_TG1		GENMASK_ULL(31, 30)
#define   PT_TCR_TG1_16K	1
#define   PT_TCR_TG1_4K		2
#define   PT_TCR_TG1_64K	3
#define PT_TCR_IPS		GENMASK_ULL(34, 32)
#define PT_TCR_AS		BIT_ULL(36)
#define PT_TCR_TBI0		BIT_ULL(37)
#define PT_TCR_TBI1		BIT_ULL(38)
#define PT_TCR_HA		BIT_ULL(39)
#define PT_TCR_HD		BIT_ULL(40)

/* TTBRn_EL1 */
#define PT_TTBR_ASID		GENMASK_ULL(63, 48)
#define PT_TTBR_BADDR		GENMASK_ULL(47, 1)

/* Descriptor fields (DDI 0487 D8.3). */
#define PT_DESC_VALID		BIT_ULL(0)
#define PT_DESC_TABLE		BIT_ULL(1)	/* table, or page at level 3 */
#define PT_DESC_ATTRINDX	GENMASK_ULL(4, 2)
#define PT_DESC_NS		BIT_ULL(5)
#define PT_DESC_AP		GENMASK_ULL(7, 6)
#define   PT_DESC_AP_EL0	BIT_ULL(6)	/* AP[1]: EL0 access */
#define   PT_DESC_AP_RO		BIT_ULL(7)	/* AP[2]: read-only */
#define PT_DESC_SH		GENMASK_ULL(9, 8)
#define PT_DESC_AF		BIT_ULL(10)
#define PT_DESC_NG		BIT_ULL(11)
#define PT_DESC_OA		GENMASK_ULL(47, 12)	/* clear the bits below the block size */
#define PT_DESC_DBM		BIT_ULL(51)
#define PT_DESC_CONT		BIT_ULL(52)
#define PT_DESC_PXN		BIT_ULL(53)
#define PT_DESC_UXN		BIT_ULL(54)
#define PT_DESC_PXNTABLE	BIT_ULL(59)
#define PT_DESC_UXNTABLE	BIT_ULL(60)
#define PT_DESC_APTABLE		GENMASK_ULL(62, 61)
#define   PT_DESC_APTABLE_NOEL0	BIT_ULL(61)
#define   PT_DESC_APTABLE_RO	BIT_ULL(62)
#define PT_DESC_NSTABLE		BIT_ULL(63)

/* clang-format on */
/**
 * struct pt - one tree of translation tables owned by the library
 * @cfg:         its shape, as given to pt_init()
 * @ops:         where its table memory comes from
 * @ctx:         passed to @ops
 * @root:        the start-level table, as the CPU sees it
 * @root_pa:     its physical address, for TTBR0 or TTBR1
 * @va_base:     the lowest input address: 0, or 2^64 - 2^ias for TTBR1
 * @start_level: the level a walk starts at, from pt_start_level()
 * @stride:      index bits per level: granule - 3
 * @nr_tables:   tables in the tree, the root included
 * @hint:        a table below the root that a change went through last,
 *               where the next may start; NULL once it is freed
 * @hint_pa:     its physical address
 * @hint_base:   the offset in the tree of the first byte it maps
 * @hint_last:   the offset of the last byte it maps
 * @hint_level:  its level
 *
 * Fill it with pt_init().  Callers may read the fields (to program a
 * TTBR, or to count tables) but only the library writes them, in the one
 * writer's calls (see the top of this file).
 */
struct pt {
	struct pt_cfg cfg;
	const struct pt_mem_ops *ops;
	void *ctx;
	u64 *root;
	u64 root_pa;
	u64 va_base;
	u8 start_level;
	u8 stride;
	unsigned long nr_tables;
	u64 *hint;
	u64 hint_pa;
	u64 hint_base;
	u64 hint_last;
	u8 hint_level;
};

/**
 * pt_init() - set up an empty tree
 * @pt:  the tree to fill
 * @cfg: its shape
 * @ops: table memory
 * @ctx: passed to @ops
 *
 * Return: 0; -EINVAL for a shape the architecture cannot express; -ENOMEM.
 */
int pt_init(struct pt *pt, const struct pt_cfg *cfg,
	    const struct pt_mem_ops *ops, void *ctx);

/**
 * pt_destroy() - free every table of the tree
 * @pt: the tree; it must be pt_init()ed again before reuse
 */
void pt_destroy(struct pt *pt);

/**
 * pt_map() - map [@va, @va + @size) to [@pa, @pa + @size)
 * @pt:   the tree
 * @va:   input address; for a TTBR1 tree the full (upper) address
 * @pa:   output address
 * @size: bytes, a multiple of the granule
 * @prot: PT_PROT_* flags
 *
 * Uses the largest blocks that the alignment of @va, @pa and @size allows
 * (4K: 1 GiB and 2 MiB; 16K: 32 MiB; 64K: 512 MiB).  Either the whole range
 * is mapped or nothing changes.
 *
 * Return: 0; -EINVAL (unaligned, size 0, bad @prot); -ERANGE (outside the
 * input range or above the output size); -EEXIST (overlaps a mapping);
 * -ENOMEM.
 */
int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u32 prot);

/**
 * pt_remap() - like pt_map(), but replaces what is mapped in the range
 * @pt:   the tree
 * @va:   input address; for a TTBR1 tree the full (upper) address
 * @pa:   output address
 * @size: bytes, a multiple of the granule
 * @prot: PT_PROT_* flags
 *
 * Blocks that straddle the range's edges are split so that the rest of them
 * keeps its translation.  Without a tlb_inv callback the caller must
 * invalidate the range in every TLB that may cache it before relying on
 * the new mapping.
 *
 * Return: as pt_map(), without -EEXIST.
 */
int pt_remap(struct pt *pt, u64 va, u64 pa, u64 size, u32 prot);

/**
 * pt_unmap() - unmap [@va, @va + @size)
 * @pt:   the tree
 * @va:   input address, granule-aligned
 * @size: bytes, a multiple of the granule
 *
 * Splits blocks that straddle the range's edges and frees tables that become
 * empty.  Holes in the range are not an error.  Either the whole range is
 * unmapped or nothing changes.  Without a tlb_inv callback the caller must
 * then invalidate TLBs.
 *
 * Return: the number of bytes that were mapped in the range and are no
 * longer; -EINVAL; -ERANGE; -ENOMEM (only when a block must be split).
 */
s64 pt_unmap(struct pt *pt, u64 va, u64 size);

/**
 * pt_walk() - translate @va through the tree, as the architecture would
 * @pt:     the tree
 * @va:     input address
 * @access: PT_ACC_* flags
 * @res:    filled with the translation or the fault
 *
 * Return: 0 on a translation, -EFAULT on a fault (details in @res).
 */
int pt_walk(const struct pt *pt, u64 va, unsigned int access,
	    struct pt_walk *res);

/**
 * pt_iova_to_phys() - the output address @va maps to, and nothing else
 * @pt: the tree
 * @va: input address; for a TTBR1 tree the full (upper) address
 * @pa: on success, the output address, page offset included
 *
 * A descent through the tables the library built, for a caller that
 * wants the address only (an IOMMU driver's iova_to_phys()): it reads one
 * descriptor per level and neither checks nor reports the access flag,
 * permissions, attributes or the output size.  pt_walk() is the walk as
 * the architecture does it; where pt_walk() gives an address (a
 * translation, or an access-flag or permission fault) this gives the same.
 *
 * Return: 0; -ERANGE when @va is outside the tree's input range; -ENOENT
 * when no page or block maps @va; -EFAULT when a table cannot be reached
 * through @phys_to_virt.
 */
int pt_iova_to_phys(const struct pt *pt, u64 va, u64 *pa);

/**
 * pt_tcr() - the TCR fields a driver must program for the tree
 * @pt:  the tree
 * @tcr: filled
 */
void pt_tcr(const struct pt *pt, struct pt_tcr *tcr);

/**
 * pt_tcr_el1() - compose TCR_EL1 (or an AArch64 CB_TCR plus IPS) from fields
 * @t0: fields for TTBR0, or NULL to disable TTBR0 walks (EPD0)
 * @t1: fields for TTBR1, or NULL to disable TTBR1 walks (EPD1)
 *
 * IPS is taken from @t0 (or @t1 when @t0 is NULL).
 */
u64 pt_tcr_el1(const struct pt_tcr *t0, const struct pt_tcr *t1);

/**
 * pt_tcr_decode() - the fields and the shape TCR_EL1 gives one range
 * @tcr:   TCR_EL1, or an AArch64 CB_TCR with its PASize in IPS
 * @range: PT_TTBR0 (T0SZ, TG0, SH0, IRGN0, ORGN0, EPD0) or PT_TTBR1
 * @f:     filled with the range's raw fields and IPS, whatever the result,
 *         as pt_tcr() gives them and smmu_cb_image_s1() takes them
 * @cfg:   NULL, or on success filled with the range's granule, ias, oas
 *         and range; coherent_walk and mair are left 0 (TCR_EL1 does not
 *         say what the walker snoops; MAIR is a register of its own)
 *
 * The one decoder of TCR_EL1, for pt_regime_init() and for the SVA code
 * that copies a CPU's regime into a context bank.  It judges what the
 * shape needs; SHn is passed on as it is (0b01 is reserved, which the SMMU
 * driver refuses), and TBI, HA and HD are for the caller to judge.
 *
 * Return: 0; -ENOENT when EPDn disables walks in the range (nothing else
 * is checked then); -EINVAL for a reserved TGn, a TnSZ outside 16..39
 * (an input size outside PT_IAS_MIN..PT_IAS_MAX), or an IPS that is
 * reserved or above 48 bits.
 */
int pt_tcr_decode(u64 tcr, enum pt_range range, struct pt_tcr *f,
		  struct pt_cfg *cfg);

/**
 * pt_ttbr() - the TTBR value for the tree's root
 * @pt:   the tree
 * @asid: ASID to put in bits [63:48]
 */
u64 pt_ttbr(const struct pt *pt, u16 asid);

/**
 * pt_dump() - a readable listing of the tree, one line per call of @line
 * @pt:   the tree
 * @line: called with each NUL-terminated line (no newline); a non-zero
 *        return stops the dump and is returned
 * @arg:  passed to @line
 *
 * Tables are listed with their physical addresses; runs of leaves with
 * contiguous output and identical attributes are folded into one line.
 *
 * Return: 0, or what @line returned.
 */
int pt_dump(const struct pt *pt, int (*line)(void *arg, const char *text),
	    void *arg);

/**
 * struct pt_regime_half - one of the two input ranges of a regime
 * @enabled: walks are allowed (EPDn == 0)
 * @granule: PT_GRANULE_*
 * @ias:     input address size (64 - TnSZ)
 * @start_level: the level the walk starts at
 * @base:    physical address of the first-level table
 */
struct pt_regime_half {
	bool enabled;
	u8 granule;
	u8 ias;
	u8 start_level;
	u64 base;
};

/**
 * struct pt_regime - a stage-1 regime as TCR_EL1, MAIR_EL1 and TTBRn_EL1
 * describe it, with the memory its tables are in
 * @half:    the TTBR0 and TTBR1 ranges
 * @oas:     output address size from TCR.IPS
 * @mair:    MAIR_EL1
 * @base_bad: TTBRn holds an address above @oas: walks fault (address size)
 * @ops:     only @phys_to_virt is used
 * @ctx:     passed to @ops
 */
struct pt_regime {
	struct pt_regime_half half[2];
	u8 oas;
	u64 mair;
	bool base_bad[2];
	const struct pt_mem_ops *ops;
	void *ctx;
};

/**
 * pt_regime_init() - decode TCR_EL1, MAIR_EL1 and the TTBRs
 * @r:     filled
 * @tcr:   TCR_EL1: TnSZ, TGn, EPDn and IPS are used; TBI, HA and HD must
 *         be 0 (the walker does not implement them)
 * @mair:  MAIR_EL1
 * @ttbr0: TTBR0_EL1 (the ASID is ignored)
 * @ttbr1: TTBR1_EL1 (the ASID is ignored)
 * @ops:   table memory; only @phys_to_virt is used
 * @ctx:   passed to @ops
 *
 * Return: 0; -EINVAL for a reserved TGn or IPS, a TnSZ outside 16..39 for an
 * enabled range, or TBI, HA or HD set.
 */
int pt_regime_init(struct pt_regime *r, u64 tcr, u64 mair, u64 ttbr0, u64 ttbr1,
		   const struct pt_mem_ops *ops, void *ctx);

/**
 * pt_regime_walk() - translate @va through the regime
 * @r:      the regime
 * @va:     input address (64 bits)
 * @access: PT_ACC_* flags
 * @res:    filled with the translation or the fault
 *
 * Return: 0 on a translation, -EFAULT on a fault (details in @res).
 */
int pt_regime_walk(const struct pt_regime *r, u64 va, unsigned int access,
		   struct pt_walk *res);

/**
 * pt_fault_name() - a fault's name, for printing
 * @fault: PT_FAULT_*
 *
 * Return: "none", "translation", "access", "permission", "address-size",
 * "external", or "unknown" for a value that is not a PT_FAULT_*.
 */
const char *pt_fault_name(enum pt_fault fault);

/**
 * pt_start_level() - the level a walk starts at
 * @granule: PT_GRANULE_*
 * @ias:     input address size
 */
unsigned int pt_start_level(unsigned int granule, unsigned int ias);

/**
 * pt_oas_to_ips() - IPS/PASize encoding of an output size
 * @oas: output address size in bits
 *
 * Return: the encoding, or -EINVAL if @oas is not one of 32..48 that exist.
 */
int pt_oas_to_ips(unsigned int oas);

/**
 * pt_tg_granule() - the granule a TG0 or TG1 field names
 * @tg:    the field's value
 * @range: PT_TTBR0 for TG0, PT_TTBR1 for TG1 (their encodings differ)
 *
 * Return: PT_GRANULE_*, or -EINVAL for a reserved encoding.
 */
int pt_tg_granule(unsigned int tg, enum pt_range range);

/**
 * pt_ips_to_oas() - output size of an IPS/PASize encoding
 * @ips: the field's value
 *
 * Return: bits, or -EINVAL for an encoding above 48 bits or reserved.
 */
int pt_ips_to_oas(unsigned int ips);

#endif /* VADMA_PGTABLE_H */
