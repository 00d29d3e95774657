// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Either DMA engine behind &struct dmac_ops: the calls that code driving
 * "a DMA engine" (the scenarios, the kernel module's SVA loop) makes,
 * written once over the table each driver fills in, and what the two
 * drivers share.
 */
#include "vadma/env.h"
#include "vadma/errno.h"
#include "vadma/dmac.h"
#include "dmac-internal.h"

int dmac_poll(const struct dmac_ops *ops, void *drv, unsigned long max_polls,
	      struct dmac_status *st)
{
	struct dmac_status s = { 0 };
	unsigned long i;

	for (i = 0; i < max_polls; i++) {
		ops->status(drv, &s);
		if (!s.busy)
			break;
	}
	if (st)
		*st = s;
	if (s.busy)
		return -ETIMEDOUT;
	return s.error ? -EIO : 0;
}

static int dmac_engine_unmask(struct dmac_engine *e)
{
	return e->irqs ? e->ops->irq_enable(e->drv, e->irqs) : 0;
}

int dmac_engine_init(struct dmac_engine *e, const struct dmac_ops *ops,
		     void *drv, const struct vadma_io *io, bool irqs)
{
	int ret;

	if (!e || !ops || !drv || !io)
		return -EINVAL;
	e->ops = ops;
	e->drv = drv;
	e->irqs = irqs ? ops->irq_end : 0;
	ret = ops->init(drv, io);
	return ret ? ret : dmac_engine_unmask(e);
}

int dmac_engine_reset(struct dmac_engine *e)
{
	int ret = e->ops->reset(e->drv);

	return ret ? ret : dmac_engine_unmask(e);
}

int dmac_engine_copy(struct dmac_engine *e, u64 src, u64 dst, u32 len)
{
	int ret = e->ops->copy(e->drv, src, dst, len);

	/* Halted by an earlier error: a reset, then once more. */
	if (ret == -EIO) {
		ret = dmac_engine_reset(e);
		if (!ret)
			ret = e->ops->copy(e->drv, src, dst, len);
	}
	return ret;
}

int dmac_engine_status(struct dmac_engine *e, struct dmac_status *st)
{
	return e->ops->status(e->drv, st);
}

int dmac_engine_irq_ack(struct dmac_engine *e, u32 *pending)
{
	return e->ops->irq_ack(e->drv, pending);
}
