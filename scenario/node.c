// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A node: the model of a ZCU102 with its SMMU driven, a kernel (os/) on its
 * memory, and DMA channels that run until they stop while the SMMU's
 * interrupt is served, as a CPU would serve it.
 */
#include "vadma/scenario.h"

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

int scn_chan_init(struct scn_chan *ch, struct scn_node *n,
		  enum scn_engine engine, unsigned int index)
{
	const struct plat_dma *d;
	struct vadma_io io;
	int ret;

	memset(ch, 0, sizeof(*ch));
	if (engine == SCN_ENGINE_ZDMA) {
		if (index >= n->plat->nr_zdma)
			return -EINVAL;
		d = &n->plat->zdma[index];
	} else if (engine == SCN_ENGINE_CDMA && !index) {
		d = &n->plat->cdma;
	} else {
		return -EINVAL;
	}
	ch->node = n;
	ch->engine = engine;
	ch->sid = d->sid;
	ch->irq = d->irq;
	io = model_io(n->m, d->base);
	if (engine == SCN_ENGINE_ZDMA) {
		ret = dmac_zdma_init(&ch->zdma, &io);
		if (!ret)
			ret = dmac_zdma_irq_enable(&ch->zdma,
						   ZDMA_CH_IRQ_DMA_DONE |
							   ZDMA_CH_IRQ_ERR);
	} else {
		ret = dmac_cdma_init(&ch->cdma, &io, NULL);
		if (!ret)
			ret = dmac_cdma_irq_enable(&ch->cdma,
						   CDMA_IRQ_IOC | CDMA_IRQ_ERR);
	}
	return ret;
}

int scn_chan_start(struct scn_chan *ch, u64 src, u64 dst, u32 len)
{
	int ret;

	if (ch->engine == SCN_ENGINE_ZDMA) {
		ret = dmac_zdma_copy(&ch->zdma, src, dst, len);
	} else {
		/* A CDMA that stopped on an error needs a reset first. */
		ret = dmac_cdma_copy(&ch->cdma, src, dst, len);
		if (ret == -EIO) {
			struct vadma_io io = ch->cdma.io;

			ret = dmac_cdma_init(&ch->cdma, &io, NULL);
			if (!ret)
				ret = dmac_cdma_irq_enable(
					&ch->cdma, CDMA_IRQ_IOC | CDMA_IRQ_ERR);
			if (!ret)
				ret = dmac_cdma_copy(&ch->cdma, src, dst, len);
		}
	}
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
	if (model_irq_pending(ch->node->m, ch->irq)) {
		if (ch->engine == SCN_ENGINE_ZDMA)
			dmac_zdma_irq_ack(&ch->zdma, &pending);
		else
			dmac_cdma_irq_ack(&ch->cdma, &pending);
	}
	if (ch->engine == SCN_ENGINE_ZDMA)
		dmac_zdma_status(&ch->zdma, &ch->st);
	else
		dmac_cdma_status(&ch->cdma, &ch->st);
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
