// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The node: the bus between the CPU, the device models and memory, the
 * interrupt lines, time, and the trace.
 */
#include "model-internal.h"

#define MODEL_MAX_DEVS 16
#define MODEL_MAX_IRQ  1024

struct model_dev {
	const char *name;
	u64 base;
	u64 size;
	const struct model_dev_ops *ops;
	void *dev;
};

struct model {
	struct model_cfg cfg;
	struct model_mem *mem;
	struct model_dev dev[MODEL_MAX_DEVS];
	unsigned int nr_dev;
	const struct model_iommu_ops *iommu_ops;
	void *iommu;
	u64 irq_level[MODEL_MAX_IRQ / 64];
	unsigned int irq_high; /* lines high in @irq_level */
	/*
	 * Devices that may have work: all of them at first, a device
	 * leaves when its step says it is idle, comes back when software
	 * touches its registers (only that starts work).
	 */
	u32 active;
	u64 now;
	struct model_stats stats;
	void *ni;
	struct model_timing *timing; /* NULL: timing off */
	struct model_xinfo xinfo;    /* the SMMU's last translation */
};

bool model_timed(const struct model *m)
{
	return m->timing != NULL;
}

void model_note_xlate(struct model *m, const struct model_xinfo *xi)
{
	m->xinfo = *xi;
}

void model_note_inv(struct model *m, bool all, u64 va)
{
	if (m->timing)
		model_timing_inv(m->timing, all, va);
}

int model_timing_get(const struct model *m, struct model_timing_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!m->timing)
		return -ENODEV;
	model_timing_stats_of(m->timing, st);
	return 0;
}

void model_timing_reset(struct model *m)
{
	if (m->timing)
		model_timing_restart(m->timing);
}

void model_dev_wake(struct model *m, void *dev)
{
	unsigned int i;

	for (i = 0; i < m->nr_dev; i++)
		if (m->dev[i].dev == dev)
			m->active |= 1U << i;
}

void model_set_ni(struct model *m, void *ni)
{
	m->ni = ni;
}

void *model_get_ni(struct model *m)
{
	return m->ni;
}

void model_cfg_default(struct model_cfg *cfg, const struct plat_desc *plat)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->plat = plat;
	memcpy(cfg->smmu_idr, plat->smmu_idr, sizeof(cfg->smmu_idr));
	cfg->cpu_cache = true;
}

int model_add_dev(struct model *m, const char *name, u64 base, u64 size,
		  const struct model_dev_ops *ops, void *dev)
{
	struct model_dev *d;
	unsigned int i;

	if (m->nr_dev == MODEL_MAX_DEVS || !size || base + size < base)
		return -EINVAL;
	for (i = 0; i < m->nr_dev; i++)
		if (base < m->dev[i].base + m->dev[i].size &&
		    m->dev[i].base < base + size)
			return -EEXIST;
	m->active |= 1U << m->nr_dev;
	d = &m->dev[m->nr_dev++];
	d->name = name;
	d->base = base;
	d->size = size;
	d->ops = ops;
	d->dev = dev;
	return 0;
}

void model_destroy(struct model *m)
{
	unsigned int i;

	if (!m)
		return;
	for (i = 0; i < m->nr_dev; i++)
		if (m->dev[i].ops->destroy)
			m->dev[i].ops->destroy(m->dev[i].dev);
	model_mem_destroy(m->mem);
	model_timing_destroy(m->timing);
	vadma_free(m);
}

int model_create(const struct model_cfg *cfg, struct model **out)
{
	const struct plat_desc *plat = cfg->plat;
	static const char *const zdma_names[PLAT_MAX_ZDMA] = {
		"zdma0", "zdma1", "zdma2", "zdma3",
		"zdma4", "zdma5", "zdma6", "zdma7",
	};
	struct model *m;
	unsigned int i;
	int ret;

	*out = NULL;
	if (!plat || plat->nr_zdma > PLAT_MAX_ZDMA)
		return -EINVAL;
	m = vadma_zalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->cfg = *cfg;
	if (cfg->timing.enable) {
		/* Before the SMMU, which asks whether to keep its memo. */
		m->timing = model_timing_create(&cfg->timing);
		if (!m->timing) {
			ret = -ENOMEM;
			goto out_free;
		}
	}
	ret = model_mem_create(plat, cfg->cpu_cache, cfg->host_ram, &m->mem);
	if (ret)
		goto out_free;
	ret = model_smmu_create(m, &m->cfg);
	if (ret)
		goto out_free;
	for (i = 0; i < plat->nr_zdma; i++) {
		ret = model_zdma_create(m, zdma_names[i], &plat->zdma[i]);
		if (ret)
			goto out_free;
	}
	if (plat->cdma.size) {
		ret = model_cdma_create(m, "cdma", &plat->cdma);
		if (ret)
			goto out_free;
	}
	if (plat->ni.size) {
		ret = model_ni_create(m, "ni", &plat->ni);
		if (ret)
			goto out_free;
	}
	*out = m;
	return 0;

out_free:
	model_destroy(m);
	return ret;
}

/* The device at [@pa, @pa + @len): software touches it, it may start. */
static struct model_dev *model_find_dev(struct model *m, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < m->nr_dev; i++) {
		struct model_dev *d = &m->dev[i];

		if (pa >= d->base && pa - d->base < d->size &&
		    len <= d->size - (pa - d->base)) {
			m->active |= 1U << i;
			return d;
		}
	}
	return NULL;
}

static u32 model_mmio_read32(void *ctx, u64 pa)
{
	struct model *m = ctx;
	struct model_dev *d = model_find_dev(m, pa, 4);

	if (!d || (pa & 3)) {
		m->stats.bad_mmio++;
		return 0;
	}
	return d->ops->read32(d->dev, pa - d->base);
}

static void model_mmio_write32(void *ctx, u64 pa, u32 val)
{
	struct model *m = ctx;
	struct model_dev *d = model_find_dev(m, pa, 4);

	if (!d || (pa & 3)) {
		m->stats.bad_mmio++;
		return;
	}
	d->ops->write32(d->dev, pa - d->base, val);
}

static u64 model_mmio_read64(void *ctx, u64 pa)
{
	struct model *m = ctx;
	struct model_dev *d = model_find_dev(m, pa, 8);
	u64 off;

	if (!d || (pa & 7)) {
		m->stats.bad_mmio++;
		return 0;
	}
	off = pa - d->base;
	if (d->ops->read64)
		return d->ops->read64(d->dev, off);
	return d->ops->read32(d->dev, off) |
	       (u64)d->ops->read32(d->dev, off + 4) << 32;
}

static void model_mmio_write64(void *ctx, u64 pa, u64 val)
{
	struct model *m = ctx;
	struct model_dev *d = model_find_dev(m, pa, 8);
	u64 off;

	if (!d || (pa & 7)) {
		m->stats.bad_mmio++;
		return;
	}
	off = pa - d->base;
	if (d->ops->write64) {
		d->ops->write64(d->dev, off, val);
		return;
	}
	d->ops->write32(d->dev, off, (u32)val);
	d->ops->write32(d->dev, off + 4, (u32)(val >> 32));
}

const struct vadma_io_ops model_mmio_ops = {
	.read32 = model_mmio_read32,
	.write32 = model_mmio_write32,
	.read64 = model_mmio_read64,
	.write64 = model_mmio_write64,
};

void model_irq_set(struct model *m, u32 irq, bool level)
{
	u64 bit;
	bool was;

	if (irq >= MODEL_MAX_IRQ)
		return;
	bit = 1ULL << (irq % 64);
	was = m->irq_level[irq / 64] & bit;
	if (level == was)
		return;
	if (level) {
		m->irq_level[irq / 64] |= bit;
		m->irq_high++;
	} else {
		m->irq_level[irq / 64] &= ~bit;
		m->irq_high--;
	}
	if (level && !was && model_tracing(m)) {
		struct model_event ev = {
			.ev = MODEL_EV_IRQ,
			.dev = "gic",
			.sid = ~0U,
			.cb = -1,
			.va = irq,
		};

		model_emit(m, &ev);
	}
}

bool model_irq_pending(const struct model *m, u32 irq)
{
	if (irq >= MODEL_MAX_IRQ)
		return false;
	return m->irq_level[irq / 64] & (1ULL << (irq % 64));
}

static bool model_any_irq(const struct model *m)
{
	return m->irq_high != 0;
}

/*
 * @stop_on_irq: return when a line is high (software handles it between
 * calls, as a CPU would); else the devices go on, as beside a CPU that
 * runs on its own (model_run_async()).
 */
static enum model_run_result model_run_steps(struct model *m, u64 max_steps,
					     bool stop_on_irq)
{
	u64 n;

	for (n = 0; n < max_steps; n++) {
		u32 left;

		if (stop_on_irq && model_any_irq(m))
			return MODEL_RUN_IRQ;
		/* In bus order, as when every device is stepped. */
		for (left = m->active; left; left &= left - 1) {
			unsigned int i = (unsigned int)__builtin_ctz(left);
			struct model_dev *d = &m->dev[i];

			if (!d->ops->step || !d->ops->step(d->dev))
				m->active &= ~(1U << i);
		}
		if (!m->active)
			return model_any_irq(m) ? MODEL_RUN_IRQ
						: MODEL_RUN_IDLE;
	}
	return model_any_irq(m) ? MODEL_RUN_IRQ : MODEL_RUN_BUDGET;
}

enum model_run_result model_run(struct model *m, u64 max_steps)
{
	return model_run_steps(m, max_steps, true);
}

enum model_run_result model_run_async(struct model *m, u64 max_steps)
{
	enum model_run_result r = model_run_steps(m, max_steps, false);

	if (r == MODEL_RUN_IRQ)
		return m->active ? MODEL_RUN_BUDGET : MODEL_RUN_IDLE;
	return r;
}

bool model_tracing(const struct model *m)
{
	return m->cfg.trace != NULL;
}

/* The names of MODEL_EVENTS() and MODEL_EV_KINDS(), from the lists. */
#define EV_NAME(name, trace, arg) [MODEL_EV_##name] = trace,
#define EV_ARG(name, trace, arg)  [MODEL_EV_##name] = arg,
#define EVK_NAME(name, trace)	  [MODEL_EVK_##name] = trace,
static const char *const ev_names[] = { MODEL_EVENTS(EV_NAME) };
static const char *const ev_args[] = { MODEL_EVENTS(EV_ARG) };
static const char *const evk_names[] = { MODEL_EV_KINDS(EVK_NAME) };
#undef EV_NAME
#undef EV_ARG
#undef EVK_NAME

const char *model_ev_name(enum model_ev ev)
{
	return (unsigned int)ev < ARRAY_SIZE(ev_names) ? ev_names[ev] : "?";
}

const char *model_ev_arg_name(enum model_ev ev)
{
	return (unsigned int)ev < ARRAY_SIZE(ev_args) ? ev_args[ev] : "";
}

const char *model_ev_kind_name(enum model_ev_kind kind)
{
	return (unsigned int)kind < ARRAY_SIZE(evk_names) ? evk_names[kind]
							  : NULL;
}

void model_emit(struct model *m, struct model_event *ev)
{
	if (!m->cfg.trace)
		return;
	ev->time = m->now;
	ev->what = model_ev_kind_name(ev->kind);
	m->cfg.trace(m->cfg.trace_arg, ev);
}

void model_tick(struct model *m, u64 cycles)
{
	m->now += cycles;
}

u64 model_time(const struct model *m)
{
	return m->now;
}

struct model_stats *model_stats_of(struct model *m)
{
	return &m->stats;
}

u64 *model_clock(struct model *m)
{
	return &m->now;
}

void model_get_stats(const struct model *m, struct model_stats *st)
{
	*st = m->stats;
	st->pages = model_mem_pages(m->mem);
}

/* Walk [pa, pa + len) page by page; the device view. */
static int model_dev_access(struct model *m, u64 pa, void *buf, u64 len,
			    bool write)
{
	u8 *p = buf;

	while (len) {
		u64 off = pa & 4095, n = 4096 - off;
		bool ram;
		u8 *page;

		if (n > len)
			n = len;
		page = write ? model_mem_dev_write(m->mem, pa, n, &ram)
			     : model_mem_page(m->mem, pa, false, &ram);
		if (!ram)
			return -EFAULT;
		if (write) {
			if (!page)
				return -ENOMEM;
			memcpy(page + off, p, n);
		} else if (page) {
			memcpy(p, page + off, n);
		} else {
			memset(p, 0, n); /* never touched */
		}
		pa += n;
		p += n;
		len -= n;
	}
	return 0;
}

const u8 *model_dev_page(struct model *m, u64 pa)
{
	bool ram;
	struct model_page *p = model_mem_lookup(m->mem, pa, false, &ram);

	return p ? p->data : NULL;
}

int model_dev_read(struct model *m, u64 pa, void *buf, u64 len)
{
	return model_dev_access(m, pa, buf, len, false);
}

int model_dev_write(struct model *m, u64 pa, const void *buf, u64 len)
{
	return model_dev_access(m, pa, (void *)buf, len, true);
}

int model_dma_repeat(struct model *m, u32 sid, u64 addr, u32 flags,
		     unsigned int n, bool commit, u64 *pa)
{
	if (m->timing)
		return -EAGAIN; /* each must reach model_timing_txn() */
	if (!m->iommu_ops) {
		*pa = addr;
		return 0;
	}
	if (!m->iommu_ops->repeat)
		return -EAGAIN;
	return m->iommu_ops->repeat(m->iommu, sid, addr, flags, n, commit, pa);
}

int model_dma_repeat_copy(struct model *m, u32 sid, u64 src, u64 dst,
			  const struct model_dma_ref *sref,
			  const struct model_dma_ref *dref, unsigned int n)
{
	u64 spa, dpa;

	/* Asked first, accounted after: all of them or none. */
	if (model_dma_repeat(m, sid, src, 0, n, false, &spa) ||
	    (spa ^ sref->pa) >> 12 ||
	    model_dma_repeat(m, sid, dst, MODEL_DMA_WRITE, n, false, &dpa) ||
	    (dpa ^ dref->pa) >> 12)
		return -EAGAIN;
	model_dma_repeat(m, sid, src, 0, n, true, &spa);
	model_dma_repeat(m, sid, dst, MODEL_DMA_WRITE, n, true, &dpa);
	return 0;
}

int model_dma_repeat_pair(struct model *m, u32 sid, u64 src, u64 dst, u32 len,
			  unsigned int n, struct model_dma_ref *sref,
			  struct model_dma_ref *dref)
{
	unsigned int cycles = 0, hits = 0;
	bool pair, ram;

	/* One call for both when the SMMU offers it (never while timed). */
	pair = m->iommu_ops && m->iommu_ops->repeat_pair && !m->timing;

	if (pair ? m->iommu_ops->repeat_pair(m->iommu, sid, src, dst, &sref->pa,
					     &dref->pa, &cycles, &hits)
		 : model_dma_repeat(m, sid, src, 0, n, false, &sref->pa) ||
			    model_dma_repeat(m, sid, dst, MODEL_DMA_WRITE, n,
					     false, &dref->pa))
		return -EAGAIN;
	/* What model_dma_begin() finds after the SMMU's answer. */
	sref->razwi = dref->razwi = false;
	sref->page = model_mem_lookup(m->mem, sref->pa, false, &ram);
	if (!ram)
		return -EAGAIN;
	dref->page = model_mem_lookup(m->mem, dref->pa, true, &ram);
	if (!dref->page || (n > 1 && model_dma_overlap(dref, sref, len)))
		return -EAGAIN;
	if (pair) {
		/* What @repeat with @commit does, for both. */
		m->now += (u64)n * cycles;
		m->stats.tlb_hits += (u64)n * hits;
		return 0;
	}
	model_dma_repeat(m, sid, src, 0, n, true, &sref->pa);
	model_dma_repeat(m, sid, dst, MODEL_DMA_WRITE, n, true, &dref->pa);
	return 0;
}

void model_set_iommu(struct model *m, const struct model_iommu_ops *ops,
		     void *iommu)
{
	m->iommu_ops = ops;
	m->iommu = iommu;
}

enum model_dma_status model_dma_begin(struct model *m, u32 sid, u64 addr,
				      u32 len, u32 flags,
				      struct model_dma_ref *ref)
{
	bool write = flags & MODEL_DMA_WRITE, ram;

	ref->page = NULL;
	ref->pa = addr;
	ref->razwi = false;
	if (!len || (addr & 4095) + len > 4096)
		return MODEL_DMA_DECERR;
	m->xinfo.translated = false;
	if (m->iommu_ops) {
		switch (m->iommu_ops->translate(m->iommu, sid, addr, flags,
						&ref->pa)) {
		case MODEL_XLATE_OK:
			break;
		case MODEL_XLATE_STALL:
			return MODEL_DMA_STALL;
		case MODEL_XLATE_ABORT:
			return MODEL_DMA_SLVERR;
		case MODEL_XLATE_RAZWI:
			ref->razwi = true;
			goto out_ok;
		}
	}
	/* Pages are at least 4 KiB, so the output does not cross one. */
	ref->page = model_mem_lookup(m->mem, ref->pa, write, &ram);
	if (!ram || (write && !ref->page)) /* not RAM, or out of memory */
		return MODEL_DMA_DECERR;
out_ok:
	/* Only transactions that complete take time in the timing model. */
	if (unlikely(m->timing))
		model_timing_txn(m->timing, sid, addr, len, write, &m->xinfo);
	return MODEL_DMA_OK;
}

int model_master_read(struct model *m, u32 sid, u64 addr, void *buf, u32 len)
{
	if (!len || (addr & 4095) + len > 4096)
		return -EINVAL;
	switch (model_dma(m, sid, addr, buf, len, 0)) {
	case MODEL_DMA_OK:
		return 0;
	case MODEL_DMA_STALL:
		return -EAGAIN;
	default:
		return -EFAULT;
	}
}

void model_dma_read(struct model *m, const struct model_dma_ref *ref, void *buf,
		    u32 len)
{
	if (ref->page)
		memcpy(buf, ref->page->data + (ref->pa & 4095), len);
	else
		memset(buf, 0, len); /* never touched, or RAZ */
	if (!ref->razwi)
		m->stats.dma_bytes += len;
}

static void model_dma_write(struct model *m, const struct model_dma_ref *ref,
			    const void *buf, u32 len)
{
	if (ref->razwi)
		return; /* WI */
	model_page_dev_wrote(ref->page, ref->pa & 4095, len);
	memcpy(ref->page->data + (ref->pa & 4095), buf, len);
	m->stats.dma_bytes += len;
}

void model_dma_copy(struct model *m, const struct model_dma_ref *dst,
		    const struct model_dma_ref *src, u32 len)
{
	u8 *to;

	if (!src->razwi)
		m->stats.dma_bytes += len;
	if (dst->razwi)
		return;
	to = dst->page->data + (dst->pa & 4095);
	model_page_dev_wrote(dst->page, dst->pa & 4095, len);
	/*
	 * An untouched source reads as zeros, even when the write has just
	 * allocated its page: that page holds zeros, and only zeros go in.
	 */
	if (src->page)
		memmove(to, src->page->data + (src->pa & 4095), len);
	else
		memset(to, 0, len);
	m->stats.dma_bytes += len;
}

enum model_dma_status model_dma(struct model *m, u32 sid, u64 addr, void *buf,
				u32 len, u32 flags)
{
	struct model_dma_ref ref;
	enum model_dma_status st;

	st = model_dma_begin(m, sid, addr, len, flags, &ref);
	if (st != MODEL_DMA_OK)
		return st;
	if (flags & MODEL_DMA_WRITE)
		model_dma_write(m, &ref, buf, len);
	else
		model_dma_read(m, &ref, buf, len);
	return MODEL_DMA_OK;
}

int model_xlate(struct model *m, u32 sid, u64 addr, bool write, u64 *pa)
{
	*pa = addr;
	if (!m->iommu_ops)
		return 0;
	switch (m->iommu_ops->translate(m->iommu, sid, addr,
					write ? MODEL_DMA_WRITE : 0, pa)) {
	case MODEL_XLATE_OK:
		return 0;
	case MODEL_XLATE_STALL:
		return -EAGAIN;
	default:
		return -EFAULT;
	}
}

void *model_cpu_ptr(struct model *m, u64 pa, size_t len)
{
	u64 pbase = pa & ~4095ULL, next;
	u8 *base;

	if (!len || pa + len < pa)
		return NULL;
	base = model_mem_cpu_page(m->mem, pa);
	if (!base)
		return NULL;
	/* Across pages only where they are one host block (reserved). */
	for (next = pbase + 4096; next < pa + len; next += 4096)
		if (model_mem_cpu_page(m->mem, next) != base + (next - pbase))
			return NULL;
	return base + (pa & 4095);
}

int model_compare_mem(struct model *a, struct model *b, u64 *pa)
{
	return model_mem_compare(a->mem, b->mem, pa);
}

int model_cpu_reserve(struct model *m, u64 pa, u64 size)
{
	return model_mem_reserve(m->mem, pa, size);
}

void model_cpu_clean(struct model *m, u64 pa, u64 len)
{
	model_mem_clean(m->mem, pa, len);
}

static int model_cpu_access(struct model *m, u64 pa, void *buf, u64 len,
			    bool write)
{
	u8 *p = buf;

	while (len) {
		u64 n = 4096 - (pa & 4095);
		u8 *q;

		if (n > len)
			n = len;
		q = model_cpu_ptr(m, pa, n);
		if (!q) {
			bool ram;

			model_mem_page(m->mem, pa, false, &ram);
			return ram ? -ENOMEM : -EFAULT;
		}
		if (write)
			memcpy(q, p, n);
		else
			memcpy(p, q, n);
		pa += n;
		p += n;
		len -= n;
	}
	return 0;
}

int model_cpu_read(struct model *m, u64 pa, void *buf, u64 len)
{
	return model_cpu_access(m, pa, buf, len, false);
}

int model_cpu_write(struct model *m, u64 pa, const void *buf, u64 len)
{
	return model_cpu_access(m, pa, (void *)buf, len, true);
}
