// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A node: the model of a ZCU102 with its SMMU driven, a kernel (os/) on its
 * memory, and DMA channels that run until they stop while the SMMU's
 * interrupt is served, as a CPU would serve it.
 */
#include "vadma/scenario.h"
#include "scn-internal.h"

#define NODE_RUN_STEPS	(1ULL << 14)
#define NODE_MAX_ROUNDS 200000

int scn_node_open(struct scn_node *n, const struct scn_node_cfg *cfg)
{
	struct model_cfg mcfg;
	struct os_cfg ocfg;
	struct vadma_io io;
	int ret;

	memset(n, 0, sizeof(*n));
	n->plat = &plat_zcu102;
	model_cfg_default(&mcfg, n->plat);
	if (cfg) {
		mcfg.trace = cfg->trace;
		mcfg.trace_arg = cfg->trace_arg;
		if (cfg->tlb_entries)
			mcfg.tlb_entries = cfg->tlb_entries;
	}
	ret = model_create(&mcfg, &n->m);
	if (ret)
		return ret;
	io = model_io(n->m, n->plat->smmu_base);
	ret = smmu_probe(&n->smmu, &io,
			 smmu_impl_find(n->plat->smmu_compatible));
	if (!ret)
		ret = smmu_reset(&n->smmu);
	if (ret)
		goto fail;
	os_cfg_default(&ocfg, n->m);
	if (cfg && cfg->asid_bits)
		ocfg.asid_bits = cfg->asid_bits;
	if (cfg && cfg->fail_alloc) {
		ocfg.fail_alloc = cfg->fail_alloc;
		ocfg.fail_arg = cfg->fail_arg;
	}
	ret = os_create(&ocfg, &n->os);
	if (ret)
		goto fail;
	os_sva_init(&n->sva, n->os, &n->smmu);
	return 0;
fail:
	model_destroy(n->m);
	n->m = NULL;
	return ret;
}

void scn_node_close(struct scn_node *n)
{
	if (!n->m)
		return;
	os_sva_fini(&n->sva);
	os_destroy(n->os);
	model_destroy(n->m);
	memset(n, 0, sizeof(*n));
}

const struct plat_dma *scn_engine_of(const struct plat_desc *plat,
				     enum scn_engine engine, unsigned int index,
				     const struct dmac_ops **ops)
{
	if (engine == SCN_ENGINE_ZDMA && index < plat->nr_zdma) {
		*ops = &dmac_zdma_ops;
		return &plat->zdma[index];
	}
	if (engine == SCN_ENGINE_CDMA && !index) {
		*ops = &dmac_cdma_ops;
		return &plat->cdma;
	}
	return NULL;
}

int scn_chan_init(struct scn_chan *ch, struct scn_node *n,
		  enum scn_engine engine, unsigned int index)
{
	const struct dmac_ops *ops;
	const struct plat_dma *d;
	struct vadma_io io;

	memset(ch, 0, sizeof(*ch));
	d = scn_engine_of(n->plat, engine, index, &ops);
	if (!d)
		return -EINVAL;
	ch->node = n;
	ch->engine = engine;
	ch->sid = d->sid;
	ch->irq = d->irq;
	io = model_io(n->m, d->base);
	return dmac_engine_init(&ch->dma, ops, &ch->drv, &io, true);
}

int scn_chan_start(struct scn_chan *ch, u64 src, u64 dst, u32 len)
{
	int ret = dmac_engine_copy(&ch->dma, src, dst, len);

	if (ret)
		return ret;
	ch->busy = true;
	memset(&ch->st, 0, sizeof(ch->st));
	return 0;
}

static void scn_chan_poll(struct scn_chan *ch)
{
	u32 pending;

	if (!ch->busy)
		return;
	if (model_irq_pending(ch->node->m, ch->irq))
		dmac_engine_irq_ack(&ch->dma, &pending);
	dmac_engine_status(&ch->dma, &ch->st);
	if (!ch->st.busy && !ch->st.paused)
		ch->busy = false;
}

int scn_node_wait(struct scn_node *n, struct scn_chan *const *chs,
		  unsigned int nr)
{
	unsigned int round, i;

	for (round = 0; round < NODE_MAX_ROUNDS; round++) {
		bool busy = false;

		model_run(n->m, NODE_RUN_STEPS);
		if (model_irq_pending(n->m, n->plat->smmu_irq))
			os_sva_irq(&n->sva);
		for (i = 0; i < nr; i++) {
			scn_chan_poll(chs[i]);
			busy |= chs[i]->busy;
		}
		if (!busy)
			return 0;
	}
	/* Bounded: an engine that never stops. */
	return -ETIMEDOUT;
}

int scn_chan_copy(struct scn_chan *ch, u64 src, u64 dst, u32 len)
{
	struct scn_chan *one[1] = { ch };
	int ret;

	ret = scn_chan_start(ch, src, dst, len);
	return ret ? ret : scn_node_wait(ch->node, one, 1);
}
