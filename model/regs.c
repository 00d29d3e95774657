// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Register files as data: see model/regs.h. */
#include "regs.h"

static const struct model_reg *regs_find(const struct model_regfile *rf,
					 u64 off)
{
	unsigned int lo = 0, hi = rf->n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (rf->regs[mid].off == off)
			return &rf->regs[mid];
		if (rf->regs[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static u32 *regs_field(const struct model_reg *r, void *dev)
{
	return r->field == MODEL_REG_NONE ? NULL
					  : (u32 *)((u8 *)dev + r->field);
}

u32 model_regs_read(const struct model_regfile *rf, void *dev, u64 off)
{
	const struct model_reg *r = regs_find(rf, off);
	u32 *p, v;

	if (!r) {
		if (rf->unmapped)
			rf->unmapped(dev, off);
		return 0;
	}
	if (r->flags & MODEL_REG_READ)
		return rf->read(dev, off);
	p = regs_field(r, dev);
	if (!p)
		return 0;
	v = *p;
	if (r->flags & MODEL_REG_RC)
		*p = 0;
	return v;
}

void model_regs_write(const struct model_regfile *rf, void *dev, u64 off,
		      u32 val)
{
	const struct model_reg *r = regs_find(rf, off);
	u32 *p;

	if (!r) {
		if (rf->unmapped)
			rf->unmapped(dev, off);
		return;
	}
	p = regs_field(r, dev);
	if (p)
		*p = ((*p & ~r->rw) | (val & r->rw)) & ~(val & r->w1c);
	if (r->flags & MODEL_REG_WRITE)
		rf->write(dev, off, val);
}

int model_regs_reset(const struct model_regfile *rf, void *dev)
{
	unsigned int i;
	u32 *p;

	for (i = 0; i < rf->n; i++) {
		if (i && rf->regs[i].off <= rf->regs[i - 1].off)
			return -EINVAL;
		p = regs_field(&rf->regs[i], dev);
		if (p)
			*p = rf->regs[i].reset;
	}
	return 0;
}
