// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The MMU-500 model's registers, interleaved with DMA from every engine
 * (two ZDMA channels, the AXI CDMA, the network interface), the input read
 * as a program: register writes and reads at any offset of the SMMU, ZDMA
 * and CDMA blocks, a driver's typical writes (a copy, a bank set up, a
 * stream routed, faults cleared and resumed, TLB invalidations), NI jobs,
 * and model_run() steps.  Each input runs three times on a fresh node:
 * as a concurrent program with a trace (masters run side by side, a step
 * budget at a time), then sequentially (each master run to the end, faults
 * served by a fixed rule, before the next operation) with a trace and
 * without one.
 *
 * Invariants, checked in the trace callback as the hardware acts:
 *
 *  - Isolation.  Every DMA write the SMMU lets through (MODEL_EV_XLATE
 *    with MODEL_EVF_WRITE) is explained by the configuration at that
 *    moment: the stream, matched here from the SMR and S2CR registers
 *    independently of the model, bypasses (then the address is unchanged)
 *    or goes to the bank the model says; a bank with SCTLR.M=0 passes the
 *    address through; otherwise the output page must have been mapped
 *    writable, for the access's privilege, by a walk of that bank since
 *    the harness last invalidated the whole TLB.  "A walk" is pgtable's
 *    walk (pt_regime_walk(), an independent reading of DDI 0487) of the
 *    bank's registers over the memory the walker sees, done at each of
 *    the model's walks (MODEL_EV_WALK): a TLB may keep what a walk gave
 *    until it is invalidated, so the set of pages a bank may write only
 *    grows between full invalidations.  Simple and sound: it never blames
 *    the model for a stale TLB entry the architecture allows, and it does
 *    catch a write through a page no walk made writable.
 *  - Syndromes.  Every context fault (MODEL_EV_FAULT) comes from the bank
 *    its stream's S2CR translates it with, and leaves FSR with a
 *    fault class and, unless it only added FSR.MULTI, FAR, FSYNR0 (level,
 *    WNR, and PNU and IND as the stream's S2CR makes them) and CBFRSYNRA
 *    for that very transaction; every global fault leaves sGFSR nonzero
 *    and, unless it only added sGFSR.MULTI, sGFAR, sGFSYNR0 (WNR; PNU and
 *    IND clear; NESTED only with ICF or UCBF) and sGFSYNR1's stream ID for
 *    that transaction.
 *  - The fast paths.  Without a trace the model takes paths the trace
 *    turns off (the SMMU's memo of recent translations, a DMA engine's
 *    repeated pair of pages, a page of bursts per step), so the checks
 *    above do not see them.  The sequential run without a trace must end
 *    with the same memory, byte for byte, and the same registers, NI job
 *    results, counters and model time as the checked one.  (Only the
 *    sequential runs compare: a step moves a page without a trace and a
 *    burst with one, so masters side by side, or software between steps,
 *    see each other's progress at different points; docs/model.md.)
 *  - No crash, hang, leak or undefined behaviour (the sanitizers).
 */
#include "fuzz.h"
#include "memimg.h"
#include "smmu-internal.h"
#include "vadma/hw/axi_cdma.h"
#include "vadma/hw/zdma.h"
#include "vadma/pgtable.h"

#define TBL_PA	 0x10000000ULL /* the harness's tables */
#define TBL_SIZE (1U << 20)
#define DATA_PA	 0x40000000ULL
#define VA_4K	 0x10000000ULL
#define VA_BLOCK 0x40000000ULL
#define VA_64K	 0x20000000ULL
#define VA_HI	 0xffffffc000000000ULL /* TTBR1, 39-bit */
#define NJOBS	 4
#define JOB_MAX	 8192
#define MAX_OPS	 512

/* ------------------------------------------------------------------ */
/* Pages a bank may write: the union of its walks' leaves              */

#define SHADOW_BITS 16
#define SHADOW_SIZE (1U << SHADOW_BITS)

struct shadow_ent {
	u64 key; /* 0: empty */
	u32 gen; /* in use when shadow_gen */
	u32 perm;
};

static struct shadow_ent shadow[SHADOW_SIZE];
static unsigned int shadow_used;
static u32 shadow_gen = 1;
static bool shadow_full;

/* Leaf sizes a VMSAv8-64 stage 1 walk can end in, without LPA. */
static const u8 leaf_shifts[] = { 12, 14, 16, 21, 25, 29, 30 };

static u64 shadow_key(unsigned int cb, unsigned int shift, u64 pa)
{
	return ((pa >> shift) << 16 | (u64)shift << 8 | cb) + 1;
}

static struct shadow_ent *shadow_slot(u64 key)
{
	u64 h = key * 0x9e3779b97f4a7c15ULL;
	unsigned int i = (unsigned int)(h >> (64 - SHADOW_BITS)), n;

	for (n = 0; n < SHADOW_SIZE; n++, i = (i + 1) % SHADOW_SIZE) {
		if (shadow[i].gen != shadow_gen) {
			shadow[i].gen = shadow_gen;
			shadow[i].key = 0;
			shadow[i].perm = 0;
		}
		if (shadow[i].key == key || !shadow[i].key)
			return &shadow[i];
	}
	return NULL;
}

static void shadow_add(unsigned int cb, unsigned int shift, u64 pa, u32 perm)
{
	struct shadow_ent *e;
	u64 key = shadow_key(cb, shift, pa);

	if (shadow_used >= SHADOW_SIZE / 2) {
		shadow_full = true; /* the program stops: never forget */
		return;
	}
	e = shadow_slot(key);
	if (!e->key) {
		e->key = key;
		shadow_used++;
	}
	e->perm |= perm;
}

static bool shadow_allows(unsigned int cb, u64 pa, u32 need)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(leaf_shifts); i++) {
		struct shadow_ent *e =
			shadow_slot(shadow_key(cb, leaf_shifts[i], pa));

		if (e && e->key && (e->perm & need))
			return true;
	}
	return false;
}

static void shadow_clear(void)
{
	shadow_gen++;
	shadow_used = 0;
}

/* ------------------------------------------------------------------ */
/* The node                                                            */

struct job {
	struct model_ni_job j;
	bool queued;
	u8 buf[JOB_MAX];
};

static struct model *m;
static struct model_smmu *s;
static struct vadma_io smmu_io, zdma_io[2], cdma_io;
static struct job jobs[NJOBS];
static u64 roots[3], tcrs[3];
static u8 *tbl_img; /* the tables, built once */
static u64 last_walk_va;
/* What the invariants saw, printed at exit with VADMA_FUZZ_STATS set. */
static unsigned long n_bypass, n_m0, n_xlate, n_fault, n_gfault, n_walk;
static int last_walk_cb = -1;

static u64 gr1(u64 off)
{
	return (1ULL << s->pgshift) + off;
}

static u64 cbr(unsigned int n, u64 off)
{
	return ((u64)(s->numpage + n) << s->pgshift) + off;
}

static u64 mask_bits(unsigned int bits)
{
	return bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
}

static unsigned int size_bits(unsigned int enc)
{
	static const u8 bits[] = { 32, 36, 40, 42, 44, 48 };

	return enc < ARRAY_SIZE(bits) ? bits[enc] : 48;
}

static unsigned int umin(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

/* ------------------------------------------------------------------ */
/* The reference: pgtable's walk of a bank's registers                 */

struct ref_mem {
	bool be;
	u64 desc;
};

/* What the SMMU's walker reads: the device view, in the bank's order. */
static void *ref_virt(void *ctx, u64 pa, size_t size)
{
	struct ref_mem *r = ctx;
	u64 raw;

	if (size != 8 || model_dev_read(m, pa, &raw, 8))
		return NULL;
	r->desc = r->be ? __builtin_bswap64(raw) : raw;
	return &r->desc;
}

static const struct pt_mem_ops ref_ops = { .phys_to_virt = ref_virt };

/*
 * The granule a TGn selects, as IHI 0062D 16.5.38 lets an implementation
 * choose for one it lacks (docs/model.md: 4K, else 64K, else 16K); here
 * as the encoding pgtable takes for that range.
 */
static u64 ref_tg(unsigned int region, u32 tcr)
{
	static const u8 tg0[] = { 12, 16, 14, 0 }, tg1[] = { 0, 14, 12, 16 };
	unsigned int g = region ? tg1[FIELD_GET(SMMU_TCR_TG1, tcr)]
				: tg0[FIELD_GET(SMMU_TCR_TG0, tcr)];

	if (!g || !(s->granules & BIT(g)))
		g = (s->granules & BIT(12))   ? 12
		    : (s->granules & BIT(16)) ? 16
		    : (s->granules & BIT(14)) ? 14
					      : 12;
	if (region)
		return FIELD_PREP(PT_TCR_TG1, g == 12	? PT_TCR_TG1_4K
					      : g == 14 ? PT_TCR_TG1_16K
							: PT_TCR_TG1_64K);
	return FIELD_PREP(PT_TCR_TG0, g == 12	? PT_TCR_TG0_4K
				      : g == 14 ? PT_TCR_TG0_16K
						: PT_TCR_TG0_64K);
}

/* A walk of bank @n for @va (as the walker got it) put into the shadow. */
static void ref_walk(unsigned int n, u64 va)
{
	const struct smmu_cb *cb = &s->cb[n];
	unsigned int region = va >> 63, pa_bits, ips;
	struct ref_mem mem = { .be = cb->sctlr & SMMU_SCTLR_E };
	unsigned int tsz = region ? FIELD_GET(SMMU_TCR_T1SZ, cb->tcr)
				  : FIELD_GET(SMMU_TCR_T0SZ, cb->tcr);
	struct pt_regime r;
	struct pt_walk w;
	u64 tcr;

	if (!(cb->sctlr & SMMU_SCTLR_M) || tsz < 16 || tsz > 39)
		return;
	pa_bits = umin(umin(s->ias, s->oas),
		       size_bits(FIELD_GET(SMMU_TCR2_PASIZE, cb->tcr2)));
	ips = (unsigned int)pt_oas_to_ips(pa_bits);
	/* Only this range: the other one cannot make pgtable refuse. */
	tcr = FIELD_PREP(PT_TCR_IPS, (u64)ips) | ref_tg(region, cb->tcr) |
	      (region ? FIELD_PREP(PT_TCR_T1SZ, (u64)tsz) | PT_TCR_EPD0 |
				(cb->tcr & SMMU_TCR_EPD1)
		      : FIELD_PREP(PT_TCR_T0SZ, (u64)tsz) | PT_TCR_EPD1 |
				(cb->tcr & SMMU_TCR_EPD0));
	if (pt_regime_init(&r, tcr, cb->mair[0] | (u64)cb->mair[1] << 32,
			   cb->ttbr[0], cb->ttbr[1], &ref_ops, &mem))
		fz_fail("pgtable refused bank %u's tcr 0x%llx", n,
			(unsigned long long)tcr);
	pt_regime_walk(&r, va, 0, &w);
	/* The TLB keeps leaves that fault on permission; AFFD ignores AF. */
	if (w.fault == PT_FAULT_NONE || w.fault == PT_FAULT_PERMISSION ||
	    (w.fault == PT_FAULT_ACCESS && (cb->sctlr & SMMU_SCTLR_AFFD))) {
		unsigned int shift = (unsigned int)__builtin_ctzll(w.size);

		shadow_add(n, shift, w.pa & ~(w.size - 1), w.perm);
	}
}

/* The stream's S2CR index as the SMR say: -1 none, -2 several. */
static int ref_match(u32 sid)
{
	int found = -1;
	unsigned int i;

	if (!(s->idr[0] & SMMU_IDR0_SMS))
		return sid < s->nsmr ? (int)sid : -1;
	for (i = 0; i < s->nsmr; i++) {
		u32 smr = s->smr[i];

		if (!(smr & SMMU_SMR_VALID) ||
		    ((sid ^ FIELD_GET(SMMU_SMR_ID, smr)) &
		     ~FIELD_GET(SMMU_SMR_MASK, smr) & s->sid_mask))
			continue;
		if (found >= 0)
			return -2;
		found = (int)i;
	}
	return found;
}

static void check_write(const struct model_event *ev)
{
	bool bypass = ev->flags & MODEL_EVF_BYPASS;
	unsigned int n;
	int i = ref_match(ev->sid);
	u32 s2cr, need;

	if ((s->scr0 & SMMU_sCR0_CLIENTPD) || i == -1 ||
	    (i >= 0 &&
	     FIELD_GET(SMMU_S2CR_TYPE, s->s2cr[i]) == SMMU_S2CR_TYPE_BYPASS)) {
		if (i == -1 && !(s->scr0 & SMMU_sCR0_CLIENTPD) &&
		    (s->scr0 & SMMU_sCR0_USFCFG))
			fz_fail("unmatched stream 0x%x wrote with USFCFG=1",
				ev->sid);
		if (!bypass || ev->cb != -1 ||
		    ev->pa != (ev->va & mask_bits(s->oas)))
			fz_fail("bypassing stream 0x%x: write 0x%llx -> 0x%llx "
				"cb %d",
				ev->sid, (unsigned long long)ev->va,
				(unsigned long long)ev->pa, ev->cb);
		n_bypass++;
		return;
	}
	if (i < 0)
		fz_fail("stream 0x%x matches several SMRs but wrote", ev->sid);
	s2cr = s->s2cr[i];
	n = FIELD_GET(SMMU_S2CR_CBNDX, s2cr);
	if (FIELD_GET(SMMU_S2CR_TYPE, s2cr) != SMMU_S2CR_TYPE_TRANS ||
	    ev->cb != (int)n || n >= s->ncb)
		fz_fail("stream 0x%x (S2CR 0x%x) wrote through bank %d",
			ev->sid, s2cr, ev->cb);
	if (!(s->cb[n].sctlr & SMMU_SCTLR_M)) {
		if (!bypass || ev->pa != (ev->va & mask_bits(s->ubs)) ||
		    (ev->pa >> umin(s->ias, s->oas)))
			fz_fail("bank %u with M=0: write 0x%llx -> 0x%llx", n,
				(unsigned long long)ev->va,
				(unsigned long long)ev->pa);
		n_m0++;
		return;
	}
	/* The masters issue unprivileged data accesses; S2CR may say else. */
	need = FIELD_GET(SMMU_S2CR_PRIVCFG, s2cr) == SMMU_S2CR_PRIVCFG_PRIV
		       ? PT_PERM_PW
		       : PT_PERM_UW;
	if (bypass || !shadow_allows(n, ev->pa, need))
		fz_fail("isolation: stream 0x%x bank %u wrote va 0x%llx at pa "
			"0x%llx, which no walk since the last invalidation "
			"mapped writable (%s)",
			ev->sid, n, (unsigned long long)ev->va,
			(unsigned long long)ev->pa,
			need == PT_PERM_PW ? "privileged" : "unprivileged");
	n_xlate++;
}

/*
 * A context fault comes from the bank the stream's one matching S2CR
 * translates it with; returns that S2CR.
 */
static u32 check_fault_route(const struct model_event *ev)
{
	int i = ref_match(ev->sid);

	if (i < 0 || (s->scr0 & SMMU_sCR0_CLIENTPD) ||
	    FIELD_GET(SMMU_S2CR_TYPE, s->s2cr[i]) != SMMU_S2CR_TYPE_TRANS ||
	    FIELD_GET(SMMU_S2CR_CBNDX, s->s2cr[i]) != (u32)ev->cb)
		fz_fail("context fault on bank %d for stream 0x%x, which is "
			"not translated there (SMR match %d)",
			ev->cb, ev->sid, i);
	return s->s2cr[i];
}

/*
 * FSYNR0.PNU and IND: the masters issue unprivileged data accesses, so they
 * are what the stream's S2CR.PRIVCFG and INSTCFG make of them (a write is
 * never an instruction fetch).
 */
static void check_fault_attrs(const struct model_event *ev, u32 s2cr,
			      u32 fsynr0)
{
	bool write = ev->flags & MODEL_EVF_WRITE;
	bool priv = FIELD_GET(SMMU_S2CR_PRIVCFG, s2cr) ==
		    SMMU_S2CR_PRIVCFG_PRIV;
	bool inst = !write && FIELD_GET(SMMU_S2CR_INSTCFG, s2cr) ==
				      SMMU_S2CR_INSTCFG_INST;

	if (!(fsynr0 & SMMU_FSYNR0_PNU) != !priv ||
	    !(fsynr0 & SMMU_FSYNR0_IND) != !inst)
		fz_fail("bank %d FSYNR0 0x%x for an unprivileged data %s of "
			"stream 0x%x with S2CR 0x%x",
			ev->cb, fsynr0, write ? "write" : "read", ev->sid,
			s2cr);
}

static void check_fault(const struct model_event *ev)
{
	const struct smmu_cb *cb;
	u32 fsr, s2cr;

	if (ev->cb < 0 || (unsigned int)ev->cb >= s->ncb)
		fz_fail("context fault on bank %d", ev->cb);
	s2cr = check_fault_route(ev);
	cb = &s->cb[ev->cb];
	fsr = cb->fsr;
	if (fsr != ev->fsr ||
	    !(fsr & (SMMU_FSR_TF | SMMU_FSR_AFF | SMMU_FSR_PF | SMMU_FSR_EF |
		     SMMU_FSR_ASF | SMMU_FSR_TLBMCF | SMMU_FSR_TLBLKF |
		     SMMU_FSR_UUT)))
		fz_fail("bank %d fault without a class: FSR 0x%x, event 0x%llx",
			ev->cb, fsr, (unsigned long long)ev->fsr);
	n_fault++;
	if (fsr & SMMU_FSR_MULTI)
		return; /* the first fault's syndrome stays */
	if (cb->far != (ev->va & mask_bits(s->ubs)) ||
	    FIELD_GET(SMMU_FSYNR0_PLVL, cb->fsynr0) != (u32)(ev->level & 3) ||
	    !(cb->fsynr0 & SMMU_FSYNR0_WNR) != !(ev->flags & MODEL_EVF_WRITE) ||
	    FIELD_GET(SMMU_CBFRSYNRA_SID, s->cbfrsynra[ev->cb]) != ev->sid)
		fz_fail("bank %d syndrome: FAR 0x%llx FSYNR0 0x%x CBFRSYNRA "
			"0x%x for va 0x%llx level %d sid 0x%x %s",
			ev->cb, (unsigned long long)cb->far, cb->fsynr0,
			s->cbfrsynra[ev->cb], (unsigned long long)ev->va,
			ev->level, ev->sid,
			(ev->flags & MODEL_EVF_WRITE) ? "write" : "read");
	check_fault_attrs(ev, s2cr, cb->fsynr0);
}

static void check_gfault(const struct model_event *ev)
{
	if (!s->gfsr || s->gfsr != ev->gfsr)
		fz_fail("global fault with sGFSR 0x%x", s->gfsr);
	n_gfault++;
	if (s->gfsr & SMMU_sGFSR_MULTI)
		return; /* the first fault's syndrome stays */
	if (s->gfar != (ev->va & mask_bits(s->ubs)) ||
	    !(s->gfsynr0 & SMMU_sGFSYNR0_WNR) !=
		    !(ev->flags & MODEL_EVF_WRITE) ||
	    FIELD_GET(SMMU_sGFSYNR1_STREAMID, s->gfsynr1) != ev->sid)
		fz_fail("global syndrome: sGFAR 0x%llx sGFSYNR0 0x%x sGFSYNR1 "
			"0x%x for va 0x%llx sid 0x%x %s",
			(unsigned long long)s->gfar, s->gfsynr0, s->gfsynr1,
			(unsigned long long)ev->va, ev->sid,
			(ev->flags & MODEL_EVF_WRITE) ? "write" : "read");
	/*
	 * The transaction's own attributes, before any S2CR: the masters'
	 * unprivileged data accesses.  NESTED names a nested configuration,
	 * which only the checks of a context bank (ICF, UCBF) can find.
	 */
	if (s->gfsynr0 & (SMMU_sGFSYNR0_PNU | SMMU_sGFSYNR0_IND) ||
	    ((s->gfsynr0 & SMMU_sGFSYNR0_NESTED) &&
	     !(s->gfsr & (SMMU_sGFSR_ICF | SMMU_sGFSR_UCBF))))
		fz_fail("global syndrome: sGFSYNR0 0x%x with sGFSR 0x%x for an "
			"unprivileged data access",
			s->gfsynr0, s->gfsr);
}

static void on_event(void *arg, const struct model_event *ev)
{
	(void)arg;
	if (!s)
		return; /* while the node is being built */
	if (ev->ev == MODEL_EV_WALK) {
		if (ev->cb >= 0 &&
		    (ev->cb != last_walk_cb || ev->va != last_walk_va)) {
			ref_walk((unsigned int)ev->cb, ev->va);
			n_walk++;
			last_walk_cb = ev->cb;
			last_walk_va = ev->va;
		}
		return;
	}
	last_walk_cb = -1;
	switch (ev->ev) {
	case MODEL_EV_XLATE:
		if (ev->flags & MODEL_EVF_WRITE)
			check_write(ev);
		break;
	case MODEL_EV_FAULT:
		check_fault(ev);
		break;
	case MODEL_EV_GFAULT:
		check_gfault(ev);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* The harness's tables, in node memory as a driver builds them        */

static void tables_build(void)
{
	static const struct {
		unsigned int granule, ias;
		enum pt_range range;
		u64 va;
	} shape[3] = {
		{ PT_GRANULE_4K, 48, PT_TTBR0, VA_4K },
		{ PT_GRANULE_64K, 48, PT_TTBR0, VA_64K },
		{ PT_GRANULE_4K, 39, PT_TTBR1, VA_HI },
	};
	struct memimg img;
	unsigned int t, i;

	memimg_init(&img);
	if (memimg_add_zero(&img, TBL_PA, TBL_SIZE))
		abort();
	for (t = 0; t < 3; t++) {
		struct pt_cfg cfg = {
			.granule = shape[t].granule,
			.ias = shape[t].ias,
			.oas = 48,
			.range = shape[t].range,
			.mair = 0x44ff04,
		};
		u64 page = 1ULL << cfg.granule;
		struct pt_tcr tcr;
		struct pt pt;

		if (pt_init(&pt, &cfg, &memimg_pt_ops, &img))
			abort();
		/* Pages: read-write, read-only, privileged only, unmapped. */
		for (i = 0; i < 16; i++) {
			u32 prot = PT_PROT_READ | PT_PROT_NG |
				   FIELD_PREP(PT_PROT_ATTR, 1);

			if (i % 4 == 3)
				continue;
			if (i % 4 != 1)
				prot |= PT_PROT_WRITE;
			if (i % 4 != 2)
				prot |= PT_PROT_USER;
			if (pt_map(&pt, shape[t].va + i * page,
				   DATA_PA + (t * 16 + i) * 0x10000, page,
				   prot))
				abort();
		}
		if (t == 0 &&
		    pt_map(&pt, VA_BLOCK, DATA_PA + 0x200000, 0x200000,
			   PT_PROT_READ | PT_PROT_WRITE | PT_PROT_USER))
			abort();
		pt_tcr(&pt, &tcr);
		roots[t] = pt_ttbr(&pt, 0);
		tcrs[t] = t == 2 ? pt_tcr_el1(NULL, &tcr)
				 : pt_tcr_el1(&tcr, NULL);
	}
	tbl_img = malloc(TBL_SIZE);
	if (!tbl_img)
		abort();
	memcpy(tbl_img, img.region[0].host, TBL_SIZE);
	memimg_release(&img);
}

/* The tables into a new node's memory: the pages that are not zeros. */
static void tables(void)
{
	static const u8 zero[4096];
	u64 off;

	if (!tbl_img)
		tables_build();
	for (off = 0; off < TBL_SIZE; off += 4096) {
		if (!memcmp(tbl_img + off, zero, 4096))
			continue;
		if (model_cpu_write(m, TBL_PA + off, tbl_img + off, 4096))
			abort();
		model_cpu_clean(m, TBL_PA + off, 4096);
	}
}

/* Bank @n translates with tree @t, ASID @asid, stalling on faults. */
static void bank_setup(unsigned int n, unsigned int t, u16 asid, u32 sctlr)
{
	u64 tcr = tcrs[t];

	vadma_write32(&smmu_io, cbr(n, SMMU_CB_SCTLR), 0);
	vadma_write32(&smmu_io, gr1(SMMU_GR1_CBAR(n)),
		      FIELD_PREP(SMMU_CBAR_TYPE,
				 SMMU_CBAR_TYPE_S1_TRANS_S2_BYPASS) |
			      FIELD_PREP(SMMU_CBAR_VMID, n));
	vadma_write32(&smmu_io, gr1(SMMU_GR1_CBA2R(n)), SMMU_CBA2R_VA64);
	vadma_write32(&smmu_io, cbr(n, SMMU_CB_TCR2),
		      FIELD_PREP(SMMU_TCR2_PASIZE, FIELD_GET(PT_TCR_IPS, tcr)) |
			      SMMU_TCR2_AS |
			      FIELD_PREP(SMMU_TCR2_SEP,
					 SMMU_TCR2_SEP_UPSTREAM));
	vadma_write64(&smmu_io, cbr(n, t == 2 ? SMMU_CB_TTBR1 : SMMU_CB_TTBR0),
		      roots[t] | (u64)asid << 48);
	vadma_write32(&smmu_io, cbr(n, SMMU_CB_TCR), (u32)tcr);
	vadma_write32(&smmu_io, cbr(n, SMMU_CB_MAIR0), 0x44ff04);
	vadma_write32(&smmu_io, cbr(n, SMMU_CB_SCTLR), sctlr);
}

/* Stream of engine @e: ZDMA channels 0 and 1, the CDMA, NI slots 0, 1. */
static u32 engine_sid(unsigned int e)
{
	switch (e % 5) {
	case 0:
		return plat_zcu102.zdma[0].sid;
	case 1:
		return plat_zcu102.zdma[1].sid;
	case 2:
		return plat_zcu102.cdma.sid;
	case 3:
		return plat_zcu102.ni.sid;
	}
	return plat_zcu102.ni.sid + 1;
}

static void route(unsigned int idx, u32 sid, u32 s2cr)
{
	vadma_write32(&smmu_io, SMMU_GR0_S2CR(idx), s2cr);
	vadma_write32(&smmu_io, SMMU_GR0_SMR(idx),
		      SMMU_SMR_VALID | FIELD_PREP(SMMU_SMR_ID, sid));
}

#define SCTLR_STALL                                                          \
	(SMMU_SCTLR_M | SMMU_SCTLR_CFRE | SMMU_SCTLR_CFIE | SMMU_SCTLR_AFE | \
	 SMMU_SCTLR_CFCFG)

static void stats(void)
{
	fprintf(stderr,
		"fuzz_smmu: writes checked: %lu translated, %lu bypass, %lu "
		"M=0; %lu context faults, %lu global faults, %lu walks\n",
		n_xlate, n_bypass, n_m0, n_fault, n_gfault, n_walk);
}

static void node_open(bool trace)
{
	static bool once;

	if (!once && getenv("VADMA_FUZZ_STATS"))
		atexit(stats);
	once = true;
	struct model_cfg cfg;
	unsigned int e;

	model_cfg_default(&cfg, &plat_zcu102);
	cfg.smmu_idr[0] &= ~SMMU_IDR0_ATOSNS;
	cfg.smmu_idr[2] |= SMMU_IDR2_PTFS_16K;
	cfg.tlb_entries = 64; /* evictions too */
	cfg.trace = trace ? on_event : NULL;
	if (model_create(&cfg, &m))
		abort();
	s = model_smmu_find(m);
	smmu_io = model_io(m, plat_zcu102.smmu_base);
	zdma_io[0] = model_io(m, plat_zcu102.zdma[0].base);
	zdma_io[1] = model_io(m, plat_zcu102.zdma[1].base);
	cdma_io = model_io(m, plat_zcu102.cdma.base);
	shadow_clear();
	shadow_full = false;
	last_walk_cb = -1;
	tables();
	bank_setup(0, 0, 1, SCTLR_STALL);
	bank_setup(1, 1, 2, SCTLR_STALL);
	bank_setup(2, 2, 3, SCTLR_STALL & ~SMMU_SCTLR_CFCFG);
	bank_setup(3, 0, 4, SCTLR_STALL | SMMU_SCTLR_HUPCF);
	for (e = 0; e < 5; e++)
		route(e, engine_sid(e),
		      FIELD_PREP(SMMU_S2CR_TYPE, SMMU_S2CR_TYPE_TRANS) |
			      FIELD_PREP(SMMU_S2CR_CBNDX, e % 4));
	vadma_write32(&smmu_io, SMMU_GR0_sCR0,
		      SMMU_sCR0_GFRE | SMMU_sCR0_GFIE | SMMU_sCR0_USFCFG);
	memset(jobs, 0, sizeof(jobs));
}

static void node_close(void)
{
	model_ni_reset(m);
	s = NULL;
	model_destroy(m);
	m = NULL;
}

static u64 fold(u64 h, u64 v)
{
	return (h ^ v) * 0x100000001b3ULL;
}

/*
 * What software can see at the end of a run: the fault and status
 * registers, the NI's jobs, the node's counters and its time, folded into
 * one hash.  (Pages touched are left out: a read of an untouched page may
 * allocate it on one path and not on the other, and reads as zeros
 * either way.)
 */
static u64 end_state(void)
{
	struct model_stats st;
	u64 h = 0xcbf29ce484222325ULL;
	unsigned int n, i;

	for (n = 0; n < 8; n++) {
		h = fold(h, vadma_read32(&smmu_io, cbr(n, SMMU_CB_SCTLR)));
		h = fold(h, vadma_read32(&smmu_io, cbr(n, SMMU_CB_FSR)));
		h = fold(h, vadma_read64(&smmu_io, cbr(n, SMMU_CB_FAR)));
		h = fold(h, vadma_read32(&smmu_io, cbr(n, SMMU_CB_FSYNR0)));
		h = fold(h, vadma_read32(&smmu_io, gr1(SMMU_GR1_CBFRSYNRA(n))));
	}
	h = fold(h, vadma_read32(&smmu_io, SMMU_GR0_sCR0));
	h = fold(h, vadma_read32(&smmu_io, SMMU_GR0_sGFSR));
	h = fold(h, vadma_read64(&smmu_io, SMMU_GR0_sGFAR));
	h = fold(h, vadma_read32(&smmu_io, SMMU_GR0_sGFSYNR0));
	for (n = 0; n < 2; n++) {
		h = fold(h, vadma_read32(&zdma_io[n], ZDMA_CH_ISR));
		h = fold(h, vadma_read32(&zdma_io[n], ZDMA_CH_STATUS));
	}
	h = fold(h, vadma_read32(&cdma_io, CDMA_CDMASR));
	for (n = 0; n < NJOBS; n++) {
		const struct job *j = &jobs[n];

		h = fold(h, (u64)j->queued << 2 | (u64)j->j.done << 1 |
				    j->j.error);
		h = fold(h, j->j.fault_addr);
		h = fold(h, j->j.bytes);
		for (i = 0; i < j->j.len; i++)
			h = fold(h, j->buf[i]);
	}
	model_get_stats(m, &st);
	h = fold(h, st.bad_mmio);
	h = fold(h, st.dma_bytes);
	h = fold(h, st.tlb_hits);
	h = fold(h, st.tlb_misses);
	h = fold(h, st.walks);
	return fold(h, model_time(m));
}

/* ------------------------------------------------------------------ */
/* The program                                                         */

/* An address for an engine: mostly where the harness's trees map. */
static u64 pick_va(struct fz *f)
{
	u8 k = fz_u8(f);
	u16 off = fz_u16(f);

	switch (k % 8) {
	case 0:
	case 1:
		return VA_4K + ((k >> 3) % 16) * 0x1000 + (off & 0xfff);
	case 2:
		return VA_64K + ((k >> 3) % 16) * 0x10000 + off;
	case 3:
		return VA_HI + ((k >> 3) % 16) * 0x1000 + (off & 0xfff);
	case 4:
		return VA_BLOCK + (u64)off * 32;
	case 5:
		return DATA_PA + (u64)off * 16; /* bypass, M=0 */
	}
	return fz_u64(f);
}

/* Registers a driver writes, per bank and global. */
static const u16 cb_regs[] = {
	SMMU_CB_SCTLR,	  SMMU_CB_TCR2,	   SMMU_CB_TTBR0,   SMMU_CB_TTBR0 + 4,
	SMMU_CB_TTBR1,	  SMMU_CB_TCR,	   SMMU_CB_MAIR0,   SMMU_CB_MAIR1,
	SMMU_CB_FSR,	  SMMU_CB_RESUME,  SMMU_CB_TLBIVA,  SMMU_CB_TLBIVAA,
	SMMU_CB_TLBIASID, SMMU_CB_TLBIALL, SMMU_CB_TLBIVAL, SMMU_CB_TLBSYNC,
	SMMU_CB_ATS1PR,	  SMMU_CB_ATS1UW,  SMMU_CB_PAR,	    SMMU_CB_FSRRESTORE,
};

static u32 pick_val(struct fz *f)
{
	u8 k = fz_u8(f);

	switch (k % 4) {
	case 0:
		return (u32)roots[(k >> 2) % 3];
	case 1:
		return SCTLR_STALL ^ (k >> 2);
	}
	return fz_u32(f);
}

static void op_smmu_write(struct fz *f, unsigned int kind)
{
	u8 k = fz_u8(f);
	u64 off;

	switch (kind) {
	case 0: /* anywhere */
		off = (fz_u32(f) % (2ULL * s->numpage << s->pgshift)) & ~3ULL;
		break;
	case 1: /* a bank's register */
		off = cbr(k % 8, cb_regs[(k >> 3) % ARRAY_SIZE(cb_regs)]);
		break;
	case 2: /* stream mapping */
		off = (k & 1 ? SMMU_GR0_S2CR(0) : SMMU_GR0_SMR(0)) +
		      4 * ((k >> 1) % 8);
		break;
	default: /* the bank's global side */
		off = gr1((k & 1 ? SMMU_GR1_CBA2R(0) : SMMU_GR1_CBAR(0)) +
			  4 * ((k >> 1) % 8));
		break;
	}
	if (fz_u8(f) & 1)
		vadma_write64(&smmu_io, off & ~7ULL,
			      pick_val(f) | (u64)fz_u32(f) << 32);
	else
		vadma_write32(&smmu_io, off, pick_val(f));
}

static void op_zdma_copy(struct fz *f)
{
	struct vadma_io *io = &zdma_io[fz_u8(f) & 1];
	u64 src = pick_va(f), dst = pick_va(f);
	u32 len = fz_u16(f) % 0x4000 + 1;

	vadma_write32(io, ZDMA_CH_SRC_DSCR_WORD0, (u32)src);
	vadma_write32(io, ZDMA_CH_SRC_DSCR_WORD1, (u32)(src >> 32));
	vadma_write32(io, ZDMA_CH_SRC_DSCR_WORD2, len);
	vadma_write32(io, ZDMA_CH_DST_DSCR_WORD0, (u32)dst);
	vadma_write32(io, ZDMA_CH_DST_DSCR_WORD1, (u32)(dst >> 32));
	vadma_write32(io, ZDMA_CH_DST_DSCR_WORD2, len);
	vadma_write32(io, ZDMA_CH_CTRL0, fz_u8(f) & ZDMA_CH_CTRL0_MODE);
	vadma_write32(io, ZDMA_CH_CTRL2, ZDMA_CH_CTRL2_EN);
}

static void op_cdma_copy(struct fz *f)
{
	u64 src = pick_va(f), dst = pick_va(f);

	vadma_write32(&cdma_io, CDMA_CDMACR,
		      CDMA_CDMACR_IOC_IrqEn | CDMA_CDMACR_Err_IrqEn |
			      (fz_u8(f) & (CDMA_CDMACR_Key_Hole_Read |
					   CDMA_CDMACR_Key_Hole_Write |
					   CDMA_CDMACR_Reset)));
	vadma_write32(&cdma_io, CDMA_SA, (u32)src);
	vadma_write32(&cdma_io, CDMA_SA_MSB, (u32)(src >> 32));
	vadma_write32(&cdma_io, CDMA_DA, (u32)dst);
	vadma_write32(&cdma_io, CDMA_DA_MSB, (u32)(dst >> 32));
	vadma_write32(&cdma_io, CDMA_BTT, fz_u16(f) % 0x4000);
}

static void op_ni(struct fz *f)
{
	struct job *j = &jobs[fz_u8(f) % NJOBS];
	u8 k = fz_u8(f);

	if (j->queued && !j->j.done)
		return;
	memset(&j->j, 0, sizeof(j->j));
	j->j.sid = plat_zcu102.ni.sid + (k & 1);
	j->j.addr = pick_va(f);
	j->j.len = fz_u16(f) % JOB_MAX + 1;
	j->j.write = k & 2;
	j->j.buf = j->buf;
	memset(j->buf, k, j->j.len);
	j->queued = model_ni_submit(m, &j->j) == 0;
}

/*
 * A fault handler: clear every bank's faults, resume what stalled (bank n
 * terminates when bit n of @k is set, else retries).
 */
static void serve(u8 k)
{
	unsigned int n;

	for (n = 0; n < 8; n++) {
		u32 fsr = vadma_read32(&smmu_io, cbr(n, SMMU_CB_FSR));

		if (!(fsr & SMMU_FSR_FAULT))
			continue;
		vadma_write32(&smmu_io, cbr(n, SMMU_CB_FSR), fsr);
		if (fsr & SMMU_FSR_SS)
			vadma_write32(&smmu_io, cbr(n, SMMU_CB_RESUME),
				      (k >> n) & 1);
	}
	vadma_write32(&smmu_io, SMMU_GR0_sGFSR,
		      vadma_read32(&smmu_io, SMMU_GR0_sGFSR));
	vadma_write32(&zdma_io[0], ZDMA_CH_ISR, ~0U);
	vadma_write32(&zdma_io[1], ZDMA_CH_ISR, ~0U);
	vadma_write32(&cdma_io, CDMA_CDMASR, CDMA_IRQ_ALL);
}

static void op_serve(struct fz *f)
{
	serve(fz_u8(f));
}

static void op_tlbi(struct fz *f)
{
	u8 k = fz_u8(f);
	unsigned int n = (k >> 2) % 8;

	switch (k & 3) {
	case 0:
		vadma_write32(&smmu_io, SMMU_GR0_TLBIALLNSNH, 0);
		vadma_write32(&smmu_io, SMMU_GR0_sTLBGSYNC, 0);
		shadow_clear(); /* everything a walk gave is gone */
		break;
	case 1:
		vadma_write32(&smmu_io, cbr(n, SMMU_CB_TLBIALL), 0);
		break;
	case 2:
		vadma_write32(&smmu_io, cbr(n, SMMU_CB_TLBIASID), fz_u8(f) % 5);
		break;
	default:
		vadma_write64(&smmu_io, cbr(n, SMMU_CB_TLBIVA),
			      (pick_va(f) >> 12 & GENMASK_ULL(43, 0)) |
				      (u64)(fz_u8(f) % 5) << 48);
		break;
	}
	vadma_write32(&smmu_io, cbr(n, SMMU_CB_TLBSYNC), 0);
}

static void op_read(struct fz *f)
{
	u8 k = fz_u8(f);
	u32 off = fz_u32(f);

	switch (k % 4) {
	case 0:
		vadma_read32(&smmu_io,
			     (off % (2ULL * s->numpage << s->pgshift)) & ~3ULL);
		break;
	case 1:
		vadma_read32(&zdma_io[k >> 7], (off & 0xffc));
		break;
	case 2:
		vadma_read32(&cdma_io, off & 0x7c);
		break;
	default:
		vadma_read64(&smmu_io, cbr(k >> 5, SMMU_CB_PAR));
		break;
	}
}

/* Steps of one round of settle(), and the rounds before it gives up. */
#define SETTLE_STEPS  1024
#define SETTLE_ROUNDS 16

/*
 * Sequential mode: runs the node until every master is idle, serving
 * faults by a fixed rule (retry for four rounds, then terminate), so that
 * the outcome does not depend on how much a step moves.  Returns false
 * when that does not end within the budget (a long copy, an interrupt
 * the handler does not clear): the program stops there, and the runs are
 * not compared.
 */
static bool settle(void)
{
	unsigned int i;

	for (i = 0; i < SETTLE_ROUNDS; i++) {
		if (model_run(m, SETTLE_STEPS) == MODEL_RUN_IDLE)
			return true;
		serve(i >= 4 ? 0xff : 0);
	}
	return false;
}

/*
 * Runs at most @limit operations of the program, sequentially or not;
 * returns how many ran, or ~0U when a sequential run did not settle.
 */
static unsigned int program(struct fz *f, unsigned int limit, bool seq)
{
	unsigned int ops = 0;

	while (f->n && ops < limit && !shadow_full) {
		u8 op = fz_u8(f);
		bool starts = false; /* the operation may start a master */

		ops++;
		switch (op % 16) {
		case 0:
		case 1:
		case 2:
		case 3:
			op_smmu_write(f, op % 4);
			break;
		case 4:
			vadma_write32(&zdma_io[op >> 7], fz_u16(f) & 0xffc,
				      fz_u32(f));
			starts = true;
			break;
		case 5:
			vadma_write32(&cdma_io, fz_u8(f) & 0x7c, fz_u32(f));
			starts = true;
			break;
		case 6:
		case 7:
			op_zdma_copy(f);
			starts = true;
			break;
		case 8:
			op_cdma_copy(f);
			starts = true;
			break;
		case 9:
			op_ni(f);
			starts = true;
			break;
		case 10:
		case 11: {
			u8 steps = fz_u8(f);

			if (!seq)
				model_run(m, steps + 1U);
			break;
		}
		case 12:
			op_serve(f);
			break;
		case 13:
			op_tlbi(f);
			break;
		case 14: {
			u8 k = fz_u8(f);

			bank_setup(k % 8, (k >> 3) % 3, k >> 5,
				   SCTLR_STALL ^ (fz_u8(f) & 0x3fe));
			break;
		}
		default:
			op_read(f);
			break;
		}
		if (seq && starts && !settle())
			return ~0U;
	}
	return ops;
}

/* Lets what was started finish, faults terminated or retried. */
static void drain(void)
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		struct fz none = { NULL, 0 };

		model_run(m, 4096);
		op_serve(&none);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	struct model *checked;
	unsigned int ops;
	u64 state, pa = 0;

	/* Concurrent, with the trace's checks. */
	node_open(true);
	program(&f, MAX_OPS, false);
	if (!shadow_full)
		drain();
	node_close();

	/* Sequential, with the trace's checks... */
	node_open(true);
	f = (struct fz){ data, size };
	ops = program(&f, MAX_OPS, true);
	if (ops == ~0U || shadow_full) { /* nothing to compare with */
		node_close();
		return 0;
	}
	state = end_state();
	model_ni_reset(m);
	checked = m;
	/* ... and the same without a trace (fast paths on). */
	node_open(false);
	f = (struct fz){ data, size };
	if (program(&f, ops, true) != ops)
		fz_fail("the untraced run did not settle where the traced did");
	if (end_state() != state)
		fz_fail("registers, NI jobs, counters or time differ without "
			"the trace");
	if (model_compare_mem(checked, m, &pa))
		fz_fail("memory differs without the trace, first at page "
			"0x%llx",
			(unsigned long long)pa);
	node_close();
	model_destroy(checked);
	return 0;
}
