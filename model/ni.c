// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A Unimem network interface in the PL, as a DMA master.
 *
 * ExaNeSt's NI has no public register map, so the model takes its work at
 * transaction level: software (the unimem layer, standing for the NI's
 * packet engine) hands it jobs, each a read or a write of a virtual range
 * with the stream ID of the process it serves.  The NI moves one burst per
 * step through the SMMU, never across a 4 KiB boundary (AXI), issues a
 * stalled transaction again until the SMMU answers it, and ends a job at
 * the first aborted transaction, reporting the address.  Its register
 * block holds an ID register only.
 *
 * Without a trace, after the first burst of a page the rest of the page
 * moves at once when the SMMU would answer every burst of it the same way
 * (model_dma_repeat()), as the DMA engines do.
 */
#include "model-internal.h"

#define NI_BURST 256
#define NI_ID	 0x4e490001 /* "NI", version 1 */

struct ni {
	struct model *m;
	const char *name;
	struct model_ni_job *head;
	struct model_ni_job *tail;
	bool started;
};

static void ni_emit(struct ni *ni, enum model_ev ev,
		    const struct model_ni_job *j, u64 len, u32 flags)
{
	struct model_event e = {
		.ev = ev,
		.dev = ni->name,
		.sid = j->sid,
		.cb = -1,
		.va = j->addr,
		.len = len,
		.flags = flags | (j->write ? MODEL_EVF_WRITE : 0),
	};

	model_emit(ni->m, &e);
}

static void ni_finish(struct ni *ni, bool error, u64 fault_addr)
{
	struct model_ni_job *j = ni->head;

	j->error = error;
	j->fault_addr = error ? fault_addr : 0;
	j->done = true;
	ni->head = j->next;
	if (!ni->head)
		ni->tail = NULL;
	j->next = NULL;
	ni->started = false;
	if (model_tracing(ni->m))
		ni_emit(ni, MODEL_EV_DMA_DONE, j, j->bytes,
			error ? MODEL_EVF_ERROR : 0);
}

/* The rest of the page in one go, if the SMMU would answer it the same. */
static void ni_fast(struct ni *ni, struct model_ni_job *j, u32 flags)
{
	u64 addr = j->addr + j->bytes, pa;
	u32 left = j->len - j->bytes;
	u32 n = (u32)(4096 - (addr & 4095));
	int ret;

	if (!n || !left || model_tracing(ni->m) || !(addr & 4095))
		return;
	if (n > left)
		n = left;
	if (model_dma_repeat(ni->m, j->sid, addr, flags,
			     (n + NI_BURST - 1) / NI_BURST, false, &pa))
		return;
	ret = j->write ? model_dev_write(ni->m, pa, j->buf + j->bytes, n)
		       : model_dev_read(ni->m, pa, j->buf + j->bytes, n);
	if (ret)
		return; /* not RAM: let the burst path report it */
	model_dma_repeat(ni->m, j->sid, addr, flags,
			 (n + NI_BURST - 1) / NI_BURST, true, &pa);
	model_stats_of(ni->m)->dma_bytes += n;
	j->bytes += n;
}

static bool ni_step(void *dev)
{
	struct ni *ni = dev;
	struct model_ni_job *j = ni->head;
	u32 flags, n, left;
	u64 addr;

	if (!j)
		return false;
	if (!ni->started) {
		ni->started = true;
		if (model_tracing(ni->m))
			ni_emit(ni, MODEL_EV_DMA_START, j, j->len, 0);
		if (!j->len) {
			ni_finish(ni, false, 0);
			return ni->head != NULL;
		}
	}
	flags = j->write ? MODEL_DMA_WRITE : 0;
	addr = j->addr + j->bytes;
	left = j->len - j->bytes;
	n = (u32)(4096 - (addr & 4095));
	if (n > NI_BURST)
		n = NI_BURST;
	if (n > left)
		n = left;
	switch (model_dma(ni->m, j->sid, addr, j->buf + j->bytes, n, flags)) {
	case MODEL_DMA_OK:
		j->bytes += n;
		if (model_tracing(ni->m))
			ni_emit(ni, MODEL_EV_DMA_BEAT, j, n, 0);
		ni_fast(ni, j, flags);
		if (j->bytes == j->len)
			ni_finish(ni, false, 0);
		return true;
	case MODEL_DMA_STALL:
		return true;
	case MODEL_DMA_SLVERR:
	case MODEL_DMA_DECERR:
		ni_finish(ni, true, addr);
		return ni->head != NULL;
	}
	return true;
}

static u32 ni_read32(void *dev, u64 off)
{
	(void)dev;
	return off == 0 ? NI_ID : 0;
}

static void ni_write32(void *dev, u64 off, u32 val)
{
	(void)dev;
	(void)off;
	(void)val;
}

static void ni_destroy(void *dev)
{
	vadma_free(dev);
}

static const struct model_dev_ops ni_ops = {
	.read32 = ni_read32,
	.write32 = ni_write32,
	.step = ni_step,
	.destroy = ni_destroy,
};

int model_ni_create(struct model *m, const char *name, const struct plat_dma *d)
{
	struct ni *ni = vadma_zalloc(sizeof(*ni));
	int ret;

	if (!ni)
		return -ENOMEM;
	ni->m = m;
	ni->name = name;
	ret = model_add_dev(m, name, d->base, d->size, &ni_ops, ni);
	if (ret) {
		vadma_free(ni);
		return ret;
	}
	model_set_ni(m, ni);
	return 0;
}

int model_ni_submit(struct model *m, struct model_ni_job *job)
{
	struct ni *ni = model_get_ni(m);

	if (!ni)
		return -ENODEV;
	if (!job || (job->len && !job->buf) || job->addr + job->len < job->addr)
		return -EINVAL;
	job->done = false;
	job->error = false;
	job->fault_addr = 0;
	job->bytes = 0;
	job->next = NULL;
	if (ni->tail)
		ni->tail->next = job;
	else
		ni->head = job;
	ni->tail = job;
	model_dev_wake(m, ni);
	return 0;
}

int model_ni_cancel(struct model *m, struct model_ni_job *job)
{
	struct ni *ni = model_get_ni(m);
	struct model_ni_job **pp, *prev = NULL;

	if (!ni)
		return -ENODEV;
	for (pp = &ni->head; *pp; prev = *pp, pp = &(*pp)->next) {
		if (*pp != job)
			continue;
		/* A job under way with a stalled transaction stays. */
		if (job == ni->head && ni->started)
			return -EBUSY;
		*pp = job->next;
		if (ni->tail == job)
			ni->tail = prev;
		job->next = NULL;
		return 0;
	}
	return -ENOENT;
}

int model_ni_reset(struct model *m)
{
	struct ni *ni = model_get_ni(m);

	if (!ni)
		return -ENODEV;
	while (ni->head) {
		struct model_ni_job *j = ni->head;

		ni->head = j->next;
		j->next = NULL;
	}
	ni->tail = NULL;
	ni->started = false;
	return 0;
}
