// SPDX-License-Identifier: GPL-2.0-only
/*
 * backend=model: the ZynqMP DMA path (MMU-500, ZDMA, AXI CDMA) modelled
 * by the same core sources user space runs, on this machine's own RAM.
 *
 * The model's memory is the kernel's linear map (model_cfg.host_ram): its
 * SMMU walks the real page tables of real processes and its engines move
 * real bytes.  The driver core programs it through model_io(), as it
 * programs a real MMU-500 through ioremap(); sva.c does the rest.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "vadma/model.h"
#include "vadma/plat.h"
#include "vadma/smmu.h"
#include "kmod.h"

/* Model steps between two looks at the SMMU and the engine. */
#define VADMA_MODEL_STEPS 64

/**
 * struct vadma_model - the model backend
 * @hw:   what sva.c drives (first: container_of)
 * @m:    the node
 * @host: the machine's RAM as the model sees it
 * @plat: the board modelled
 */
struct vadma_model {
	struct vadma_hw hw;
	struct model *m;
	struct model_host_ram host;
	const struct plat_desc *plat;
};

static void vadma_model_advance(struct vadma_hw *hw)
{
	struct vadma_model *vm = container_of(hw, struct vadma_model, hw);

	model_run(vm->m, VADMA_MODEL_STEPS);
}

/*
 * The model's memory: a page of the linear map, or NULL where there is
 * none (a hole in RAM, memory taken out of the map: the engine then gets
 * a bus error).  Asked on every access, under the model's spinlock.
 */
static u8 *vadma_model_page(void *arg, u64 pa)
{
	return vadma_linear_page(pa);
}

/* One "System RAM" resource: merged with the last range when adjacent. */
static int vadma_model_ram_range(struct resource *res, void *arg)
{
	struct model_host_ram *host = arg;
	u64 base = PAGE_ALIGN(res->start), end = (res->end + 1) & PAGE_MASK;
	struct plat_ram *last = host->nr ? &host->ram[host->nr - 1] : NULL;

	if (end <= base)
		return 0;
	if (last && last->base + last->size == base) {
		last->size += end - base;
		return 0;
	}
	if (host->nr == PLAT_MAX_RAM) {
		/* More ranges than the model keeps: span the gap. */
		last->size = end - last->base;
		return 0;
	}
	host->ram[host->nr].base = base;
	host->ram[host->nr].size = end - base;
	host->ram[host->nr].name = "System RAM";
	host->nr++;
	return 0;
}

/* smmu_dump() line sink: the first @left lines go to the kernel log. */
struct vadma_log {
	unsigned int left;
};

static int vadma_log_line(void *arg, const char *text)
{
	struct vadma_log *log = arg;

	if (!log->left)
		return 1; /* enough: stops the dump */
	log->left--;
	pr_info("model: %s\n", text);
	return 0;
}

/*
 * Build the ZCU102's DMA path on this machine's RAM, probe and reset its
 * MMU-500 through the register ops as on the board, take a ZDMA channel
 * and the CDMA over, and hand them to sva.c.
 */
int vadma_model_init(struct vadma_dev *vd)
{
	struct vadma_log log = { .left = 2 }; /* the features and sCR0 */
	const struct plat_desc *plat = &plat_zcu102;
	struct vadma_model *vm;
	struct model_cfg cfg;
	struct vadma_io io;
	unsigned int i;
	int ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return -ENOMEM;
	vm->plat = plat;
	vadma_hw_init(&vm->hw);
	vm->host.page = vadma_model_page;
	walk_iomem_res_desc(IORES_DESC_NONE,
			    IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0, U64_MAX,
			    &vm->host, vadma_model_ram_range);
	if (!vm->host.nr) {
		pr_err("model: no System RAM in /proc/iomem\n");
		ret = -ENODEV;
		goto out_free;
	}
	for (i = 0; i < vm->host.nr; i++)
		vm->hw.ram_end =
			max(vm->hw.ram_end,
			    vm->host.ram[i].base + vm->host.ram[i].size);

	model_cfg_default(&cfg, plat);
	cfg.cpu_cache = false; /* the CPU's caches are real and coherent */
	cfg.host_ram = &vm->host;
	ret = model_create(&cfg, &vm->m);
	if (ret) {
		pr_err("model: cannot build the %s: %s\n", plat->name,
		       vadma_strerror(ret));
		goto out_free;
	}
	vm->hw.advance = vadma_model_advance;
	vm->hw.cb_irq = true; /* raised in the model, polled all the same */

	io = model_io(vm->m, plat->smmu_base);
	ret = smmu_probe(&vm->hw.smmu, &io,
			 smmu_impl_find(plat->smmu_compatible));
	if (ret) {
		pr_err("model: SMMU probe failed: %s\n", vadma_strerror(ret));
		goto out_model;
	}
	ret = smmu_reset(&vm->hw.smmu);
	if (ret) {
		pr_err("model: SMMU reset failed: %s\n", vadma_strerror(ret));
		goto out_model;
	}
	ret = smmu_dump(&vm->hw.smmu, vadma_log_line, &log);
	if (ret < 0) {
		pr_err("model: SMMU dump failed: %s\n", vadma_strerror(ret));
		goto out_model;
	}

	/* GDMA channel 0, and the CDMA on HP0. */
	io = model_io(vm->m, plat->zdma[0].base);
	ret = dmac_zdma_init(&vm->hw.zdma, &io);
	if (ret)
		goto out_engine;
	vm->hw.zdma_sid = plat->zdma[0].sid;
	if (plat->cdma.size) {
		io = model_io(vm->m, plat->cdma.base);
		ret = dmac_cdma_init(&vm->hw.cdma, &io, NULL);
		if (ret)
			goto out_engine;
		vm->hw.has_cdma = true;
		vm->hw.cdma_sid = plat->cdma.sid;
	}

	vd->priv = vm;
	vd->info.backend = VADMA_BACKEND_MODEL;
	ret = vadma_sva_init(vd, &vm->hw);
	if (ret)
		goto out_model;
	for (i = 0; i < vm->host.nr; i++)
		pr_info("model: RAM %#llx-%#llx is the model's memory\n",
			vm->host.ram[i].base,
			vm->host.ram[i].base + vm->host.ram[i].size - 1);
	pr_info("model: %s, SMMU probed and reset: the core works in this kernel\n",
		plat->name);
	return 0;

out_engine:
	pr_err("model: cannot take the DMA engines over: %s\n",
	       vadma_strerror(ret));
out_model:
	model_destroy(vm->m);
out_free:
	kfree(vm);
	return ret;
}

void vadma_model_exit(struct vadma_dev *vd)
{
	struct vadma_model *vm = vd->priv;

	if (!vm)
		return;
	vadma_iova_exit(&vm->hw);
	vadma_sva_report(&vm->hw);
	model_destroy(vm->m);
	kfree(vm);
	vd->priv = NULL;
	vd->hw = NULL;
}
