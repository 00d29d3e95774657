// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * E1 and E2: DMA from virtual address to virtual address through explicit
 * stage-1 mappings, on the model of a ZCU102.
 *
 * The software side does what a driver on the board does, in this order:
 * probe and reset the SMMU; allocate buffers and table pages; build the
 * tables with pgtable, cleaning every descriptor (the MMU-500 walks without
 * snooping, CTTW=0); program a context bank; route the engine's stream to
 * it; write the source and clean it; start the engine; serve interrupts
 * (SMMU faults, engine completion) until the engine stops; check the bytes.
 */
#include "vadma/plat.h"
#include "vadma/scenario.h"
#include "scn-internal.h"

/* Where things go on the ZCU102 (VA != PA on purpose, below 2^44 for ZDMA) */
/* Table pages, DDR low: room for the tables of SCN_MAP_ONLY_MAX */
#define SCN_TABLES_PA	0x10000000ULL
#define SCN_TABLES_SIZE 0x08000000ULL
#define SCN_SRC_PA	0x810000000ULL /* DDR high */
#define SCN_DST_PA	0x30000000ULL  /* DDR low */
#define SCN_SRC_VA	0x0000012340000000ULL
#define SCN_DST_VA	0x0000045678000000ULL
#define SCN_MAIR	0x000000000044ff04ULL /* 0 dev-nGnRE, 1 WB, 2 NC */
#define SCN_ATTR_WB	1
#define SCN_ASID	1
#define SCN_MAX_SIZE	(16ULL << 20)
#define SCN_SENTINEL	0x5a
#define SCN_RUN_STEPS	(1ULL << 16)
#define SCN_MAX_ROUNDS	100000

struct scn {
	const struct scn_opts *o;
	struct scn_result *r;
	const struct plat_desc *plat;
	struct model *m;
	struct smmu smmu;
	struct pt pt;
	bool pt_live;
	u64 next_table;		    /* bump allocator over SCN_TABLES_PA */
	u64 free_table;		    /* a freed table page, or 0 */
	const struct plat_dma *dev; /* the engine's registers, stream, IRQ */
	const struct dmac_ops *dma_ops;
	union {
		struct dmac_zdma zdma;
		struct dmac_cdma cdma;
	} drv;
	struct dmac_engine dma;
	u32 dma_irq;
	bool dma_done;
};

static void *scn_pt_alloc(void *ctx, size_t size, u64 *pa)
{
	struct scn *s = ctx;
	u64 at;
	u8 *p;

	if (size != 4096 && size != 65536)
		return NULL;
	if (s->free_table && size == 4096) {
		at = s->free_table;
		s->free_table = 0;
	} else {
		at = (s->next_table + size - 1) & ~(u64)(size - 1);
		if (at + size > SCN_TABLES_PA + SCN_TABLES_SIZE)
			return NULL;
		/* A table the walker indexes as one array: one host block. */
		if (model_cpu_reserve(s->m, at, size))
			return NULL;
		s->next_table = at + size;
	}
	p = model_cpu_ptr(s->m, at, size);
	if (!p)
		return NULL;
	/* The CPU zeroes it through its cache; pgtable cleans it. */
	memset(p, 0, size);
	*pa = at;
	return p;
}

static void scn_pt_free(void *ctx, void *va, u64 pa, size_t size)
{
	struct scn *s = ctx;

	(void)va;
	if (size == 4096)
		s->free_table = pa;
}

static void *scn_pt_p2v(void *ctx, u64 pa, size_t size)
{
	return model_cpu_ptr(((struct scn *)ctx)->m, pa, size);
}

static void scn_pt_clean(void *ctx, void *va, u64 pa, size_t size)
{
	(void)va;
	model_cpu_clean(((struct scn *)ctx)->m, pa, size);
}

static void scn_pt_tlb_inv(void *ctx, u64 va, u64 size, bool leaf)
{
	struct scn *s = ctx;

	if (s->r->cb >= 0)
		smmu_tlb_inv_range(&s->smmu, (unsigned int)s->r->cb, s->r->asid,
				   va, size, s->o->granule, leaf);
}

static const struct pt_mem_ops scn_pt_ops = {
	.alloc = scn_pt_alloc,
	.free = scn_pt_free,
	.phys_to_virt = scn_pt_p2v,
	.clean = scn_pt_clean,
	.tlb_inv = scn_pt_tlb_inv,
};

void scn_opts_default(struct scn_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->engine = SCN_ENGINE_ZDMA;
	o->size = 64 << 10;
	o->granule = PT_GRANULE_4K;
}

static u8 scn_pattern(u64 i)
{
	return (u8)((i * 7 + 3) ^ (i >> 8));
}

static int scn_fill(struct scn *s)
{
	u64 i, guard = 1ULL << s->o->granule;
	u8 buf[256];
	int ret;

	for (i = 0; i < s->r->size; i += sizeof(buf)) {
		u64 n = s->r->size - i < sizeof(buf) ? s->r->size - i
						     : sizeof(buf);
		u64 k;

		for (k = 0; k < n; k++)
			buf[k] = scn_pattern(i + k);
		ret = model_cpu_write(s->m, s->r->src_pa + i, buf, n);
		if (ret)
			return ret;
	}
	/* The destination and a guard page after it hold a sentinel. */
	memset(buf, SCN_SENTINEL, sizeof(buf));
	for (i = 0; i < s->r->size + guard; i += sizeof(buf)) {
		ret = model_cpu_write(s->m, s->r->dst_pa + i, buf, sizeof(buf));
		if (ret)
			return ret;
	}
	/* Make both visible to the engine, which does not snoop the cache. */
	model_cpu_clean(s->m, s->r->src_pa, s->r->size);
	model_cpu_clean(s->m, s->r->dst_pa, s->r->size + guard);
	return 0;
}

static int scn_check(struct scn *s)
{
	u64 i, guard = 1ULL << s->o->granule;
	u8 buf[256];
	int ret;

	s->r->verified = true;
	s->r->untouched = true;
	for (i = 0; i < s->r->size + guard; i += sizeof(buf)) {
		u64 k;

		ret = model_cpu_read(s->m, s->r->dst_pa + i, buf, sizeof(buf));
		if (ret)
			return ret;
		for (k = 0; k < sizeof(buf); k++) {
			bool in = i + k < s->r->size;

			if (buf[k] != SCN_SENTINEL)
				s->r->untouched = false;
			if (in && buf[k] != scn_pattern(i + k))
				s->r->verified = false;
			if (!in && buf[k] != SCN_SENTINEL)
				s->r->verified = false; /* overran */
		}
	}
	return 0;
}

static int scn_map(struct scn *s)
{
	struct pt_cfg cfg = {
		.granule = s->o->granule,
		.ias = 48,
		.oas = s->smmu.feat.oas,
		.range = PT_TTBR0,
		.coherent_walk = s->smmu.feat.cttw,
		.mair = SCN_MAIR,
	};
	u64 page = 1ULL << s->o->granule;
	u64 len = ALIGN_DOWN(s->r->size + page - 1, page);
	u64 piece = s->o->leaf == SCN_LEAF_PAGES ? 1ULL << 20 : ~0ULL, at;
	/*
	 * DMA masters issue unprivileged transactions (AxPROT[0] = 0), so
	 * the pages are EL0-accessible, as Linux's io-pgtable maps them.
	 */
	u32 prot = PT_PROT_READ | PT_PROT_USER | PT_PROT_NG |
		   FIELD_PREP(PT_PROT_ATTR, SCN_ATTR_WB) |
		   FIELD_PREP(PT_PROT_SH, PT_SH_INNER);
	u64 dst_len = len;
	int ret;

	ret = pt_init(&s->pt, &cfg, &scn_pt_ops, s);
	if (ret)
		return ret;
	s->pt_live = true;
	if (s->o->leaf == SCN_LEAF_BLOCKS)
		dst_len = len = ALIGN_DOWN(len + (2ULL << 20) - 1, 2ULL << 20);
	/* In pieces smaller than a block, pages only. */
	for (at = 0; at < len; at += piece) {
		ret = pt_map(&s->pt, s->r->src_va + at, s->r->src_pa + at,
			     len - at < piece ? len - at : piece, prot);
		if (ret)
			return ret;
	}
	if (s->o->map_only)
		return 0; /* no destination */
	if (s->o->fault == SCN_FAULT_UNMAPPED)
		dst_len -= page; /* the last page faults */
	if (s->o->fault != SCN_FAULT_READONLY)
		prot |= PT_PROT_WRITE;
	for (at = 0; at < dst_len; at += piece) {
		ret = pt_map(&s->pt, s->r->dst_va + at, s->r->dst_pa + at,
			     dst_len - at < piece ? dst_len - at : piece, prot);
		if (ret)
			return ret;
	}
	return 0;
}

static int scn_smmu_setup(struct scn *s)
{
	struct vadma_io io = model_io(s->m, s->plat->smmu_base);
	struct smmu_cb_cfg cfg = {
		.ttbr0 = 0,
		.asid = SCN_ASID,
		.mair = SCN_MAIR,
		.stall = s->o->stall,
		.fault_irq = true,
		.fault_abort = true,
	};
	struct smmu_cb_image img;
	struct pt_tcr tcr;
	int ret, cb;

	ret = smmu_probe(&s->smmu, &io,
			 smmu_impl_find(s->plat->smmu_compatible));
	if (!ret)
		ret = smmu_reset(&s->smmu);
	if (ret)
		return ret;
	if (s->o->fault == SCN_FAULT_STREAM)
		return 0; /* the stream stays unmatched */
	if (s->o->bypass)
		return smmu_attach_streams(&s->smmu, &s->r->sid, 1,
					   SMMU_S2CR_TYPE_BYPASS, 0) < 0
			       ? -EIO
			       : 0;

	ret = scn_map(s);
	if (ret)
		return ret;
	cb = smmu_cb_alloc(&s->smmu);
	if (cb < 0)
		return cb;
	s->r->cb = cb;
	s->r->asid = SCN_ASID;
	pt_tcr(&s->pt, &tcr);
	cfg.t0 = &tcr;
	cfg.ttbr0 = pt_ttbr(&s->pt, 0);
	ret = smmu_cb_image_s1(&s->smmu.feat, &cfg, &img);
	if (!ret)
		ret = smmu_cb_write(&s->smmu, (unsigned int)cb, &img);
	if (!ret)
		ret = smmu_tlb_inv_asid(&s->smmu, (unsigned int)cb, SCN_ASID);
	if (ret)
		return ret;
	ret = smmu_attach_streams(&s->smmu, &s->r->sid, 1, SMMU_S2CR_TYPE_TRANS,
				  (unsigned int)cb);
	return ret < 0 ? ret : 0;
}

static int scn_dma_start(struct scn *s)
{
	u64 src = s->o->bypass ? s->r->src_pa : s->r->src_va;
	u64 dst = s->o->bypass ? s->r->dst_pa : s->r->dst_va;
	struct vadma_io io = model_io(s->m, s->dev->base);
	int ret;

	ret = dmac_engine_init(&s->dma, s->dma_ops, &s->drv, &io, true);
	return ret ? ret : dmac_engine_copy(&s->dma, src, dst, (u32)s->r->size);
}

/* The SMMU's interrupt handler. */
static int scn_smmu_irq(struct scn *s)
{
	struct smmu_gfault g;
	struct smmu_fault f;
	int ret;

	if (!smmu_global_fault(&s->smmu, &g)) {
		if (!s->r->gfaults++)
			s->r->gfault = g;
	}
	if (s->r->cb < 0 || smmu_cb_fault(&s->smmu, (unsigned int)s->r->cb, &f))
		return 0;
	if (!s->r->faults++)
		s->r->fault = f;
	smmu_cb_fault_clear(&s->smmu, &f);
	if (!f.stalled)
		return 0;
	if (s->o->fix && f.type == SMMU_FAULT_TRANSLATION &&
	    f.far >= s->r->dst_va && f.far < s->r->dst_va + s->r->size) {
		/* What a fault handler on the board would do: map, retry. */
		u64 page = 1ULL << s->o->granule;
		u64 va = ALIGN_DOWN(f.far, page);

		ret = pt_map(&s->pt, va, s->r->dst_pa + (va - s->r->dst_va),
			     page,
			     PT_PROT_READ | PT_PROT_WRITE | PT_PROT_NG |
				     PT_PROT_USER |
				     FIELD_PREP(PT_PROT_ATTR, SCN_ATTR_WB) |
				     FIELD_PREP(PT_PROT_SH, PT_SH_INNER));
		if (ret)
			return ret;
		smmu_cb_resume(&s->smmu, (unsigned int)s->r->cb, false);
		s->r->resumed_retry++;
		return 0;
	}
	smmu_cb_resume(&s->smmu, (unsigned int)s->r->cb, true);
	s->r->resumed_terminate++;
	return 0;
}

static int scn_wait(struct scn *s)
{
	unsigned int round;
	int ret;

	for (round = 0; round < SCN_MAX_ROUNDS; round++) {
		enum model_run_result why = model_run(s->m, SCN_RUN_STEPS);

		if (model_irq_pending(s->m, s->plat->smmu_irq)) {
			ret = scn_smmu_irq(s);
			if (ret)
				return ret;
		}
		if (model_irq_pending(s->m, s->dma_irq)) {
			u32 pending;

			dmac_engine_irq_ack(&s->dma, &pending);
			s->dma_done = true;
		}
		if (why == MODEL_RUN_IDLE ||
		    (why == MODEL_RUN_IRQ && s->dma_done)) {
			dmac_engine_status(&s->dma, &s->r->dma);
			if (!s->r->dma.busy)
				return 0;
		}
	}
	/* Bounded: an engine that never stops, or a line nobody clears. */
	return -ETIMEDOUT;
}

int scn_open(const struct scn_opts *o, struct scn_result *r, struct scn **out)
{
	struct model_cfg cfg;
	struct scn *s;
	int ret;

	*out = NULL;
	memset(r, 0, sizeof(*r));
	r->cb = -1;
	if (!o->size ||
	    o->size > (o->map_only ? SCN_MAP_ONLY_MAX : SCN_MAX_SIZE) ||
	    (o->map_only && (o->fault != SCN_FAULT_NONE || o->bypass)) ||
	    (o->granule != PT_GRANULE_4K && o->granule != PT_GRANULE_64K) ||
	    (o->fix && !o->stall) ||
	    (o->bypass && o->fault != SCN_FAULT_NONE) ||
	    (o->leaf == SCN_LEAF_BLOCKS &&
	     (o->granule != PT_GRANULE_4K || o->fault != SCN_FAULT_NONE)))
		return -EINVAL;
	s = vadma_zalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->o = o;
	s->r = r;
	s->plat = &plat_zcu102;
	s->next_table = SCN_TABLES_PA;
	r->size = o->size;
	r->src_pa = SCN_SRC_PA;
	r->dst_pa = SCN_DST_PA;
	r->src_va = SCN_SRC_VA;
	r->dst_va = SCN_DST_VA;
	s->dev = scn_engine_of(s->plat, o->engine, 0, &s->dma_ops);
	if (!s->dev) {
		vadma_free(s);
		return -EINVAL;
	}
	r->sid = s->dev->sid;
	s->dma_irq = s->dev->irq;

	model_cfg_default(&cfg, s->plat);
	cfg.trace = o->trace;
	cfg.trace_arg = o->trace_arg;
	cfg.tlb_entries = o->tlb_entries;
	cfg.timing = o->timing;
	/* Tables only: one host copy of each, no buffers to fill. */
	if (o->map_only) {
		cfg.cpu_cache = false;
		r->dst_pa = 0;
		r->dst_va = 0;
	}
	ret = model_create(&cfg, &s->m);
	if (!ret && !o->map_only)
		ret = scn_fill(s);
	if (!ret)
		ret = scn_smmu_setup(s);
	if (ret) {
		scn_close(s);
		return ret;
	}
	*out = s;
	return 0;
}

int scn_dma(struct scn *s)
{
	int ret;

	if (s->o->map_only)
		return -EINVAL; /* no buffers */
	s->dma_done = false;
	ret = scn_dma_start(s);
	return ret ? ret : scn_wait(s);
}

int scn_run(struct scn *s)
{
	struct scn_result *r = s->r;
	int ret;

	model_timing_reset(s->m);
	ret = scn_dma(s);
	if (!ret)
		ret = scn_check(s);
	r->timed = !model_timing_get(s->m, &r->timing);
	if (ret)
		return ret;
	r->copied = r->dma.done && !r->dma.error;
	model_get_stats(s->m, &r->stats);
	r->cycles = model_time(s->m);
	/* A run without a provoked fault must copy every byte. */
	if (s->o->fault == SCN_FAULT_NONE &&
	    (!r->copied || !r->verified || r->faults || r->gfaults))
		return -EIO;
	return 0;
}

struct model *scn_model(struct scn *s)
{
	return s->m;
}

void scn_close(struct scn *s)
{
	if (!s)
		return;
	if (s->o->dump && s->m)
		smmu_dump(&s->smmu, s->o->dump, s->o->dump_arg);
	if (s->pt_live)
		pt_destroy(&s->pt);
	model_destroy(s->m);
	vadma_free(s);
}

int scn_copy(const struct scn_opts *o, struct scn_result *r)
{
	struct scn *s;
	int ret;

	ret = scn_open(o, r, &s);
	if (ret)
		return ret;
	ret = scn_run(s);
	scn_close(s);
	return ret;
}
