// SPDX-License-Identifier: GPL-2.0-only
/*
 * backend=mmu500: the ZynqMP's own MMU-500, a ZDMA (GDMA) channel and,
 * when there is one, an AXI CDMA in the programmable logic, all found
 * through one device-tree node:
 *
 *	vadma {
 *		compatible = "vadma,zynqmp";
 *		vadma,smmu = <&smmu>;            the MMU-500 (status "disabled")
 *		vadma,zdma = <&fpd_dma_chan1>;   a GDMA channel (status "disabled")
 *		vadma,cdma = <&axi_cdma_0>;      optional (status "disabled")
 *		vadma,zdma-stream = <0x14e8>;    optional: UG1085's value
 *		vadma,cdma-stream = <0xe80>;     optional: HP0, AXI ID 0
 *	};
 *
 * The nodes it points at stay disabled so that no other driver (arm-smmu,
 * zynqmp-dma, xilinx_dma) takes them; vadma claims their registers and
 * maps them.  The driver core (smmu/, dmac/) programs them through
 * readl()/writel(), exactly as it programs the model through model_io(),
 * and sva.c does the rest: this file is only the way in.
 *
 * Interrupts: the SMMU's (on the ZynqMP one line, SPI 155, carries its
 * global and context faults alike; every distinct line of its node is
 * taken) logs global faults and hands the live bank's fault to the DMA
 * loop (vadma_sva_irq()), which serves it and writes RESUME; the engines'
 * interrupts (done, error) wake the loop too, which sleeps in between and
 * looks every 10 ms all the same.  Streams vadma does not route bypass the
 * SMMU, as they did while it was off.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_irq.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "vadma/hw/smmu.h"
#include "vadma/plat.h"
#include "vadma/smmu.h"
#include "kmod.h"

/**
 * struct vadma_mmu500 - the backend
 * @hw:    what sva.c drives (first: container_of)
 * @vd:    the device
 * @smmu:  the MMU-500's registers
 * @zdma:  the GDMA channel's
 * @cdma:  the AXI CDMA's, when @hw.has_cdma
 * @gfaults: global faults seen, under @hw.lock
 */
struct vadma_mmu500 {
	struct vadma_hw hw;
	struct vadma_dev *vd;
	struct vadma_mmio smmu;
	struct vadma_mmio zdma;
	struct vadma_mmio cdma;
	u64 gfaults;
};

static struct vadma_mmu500 *vadma_mmu500;

/* The end of the highest "System RAM" range. */
static int vadma_mmu500_ram(struct resource *res, void *arg)
{
	u64 *end = arg;

	*end = max_t(u64, *end, res->end + 1);
	return 0;
}
static int vadma_mmu500_probe_ret = -ENODEV;

/*
 * The block of the node @prop points at: disabled (no other driver may
 * own it), its first "reg" claimed and mapped.  Return: 0, -ENOENT when
 * @prop is absent, or a negative errno, logged.
 */
static int vadma_mmu500_block(struct device *dev, const char *prop,
			      struct vadma_mmio *r, struct device_node **out)
{
	struct device_node *np = of_parse_phandle(dev->of_node, prop, 0);
	struct resource res;
	int ret;

	if (!np)
		return -ENOENT;
	r->name = prop;
	if (of_device_is_available(np)) {
		dev_err(dev,
			"%s: %pOF is enabled: its own driver would drive it too; set status = \"disabled\" there (docs/kmod.md)\n",
			prop, np);
		ret = -EBUSY;
		goto out;
	}
	ret = of_address_to_resource(np, 0, &res);
	if (ret) {
		dev_err(dev, "%s: %pOF has no usable \"reg\"\n", prop, np);
		goto out;
	}
	if (!devm_request_mem_region(dev, res.start, resource_size(&res),
				     dev_name(dev))) {
		dev_err(dev, "%s: %pR is claimed already\n", prop, &res);
		ret = -EBUSY;
		goto out;
	}
	r->base = devm_ioremap(dev, res.start, resource_size(&res));
	if (!r->base) {
		ret = -ENOMEM;
		goto out;
	}
	r->size = resource_size(&res);
	dev_info(dev, "%s: %pOF at %pR\n", prop, np, &res);
out:
	if (out && !ret)
		*out = np;
	else
		of_node_put(np);
	return ret;
}

/*
 * The SMMU's interrupt: a global fault (a stream no SMR matches...), or a
 * context bank's fault, for the DMA loop.
 */
static irqreturn_t vadma_mmu500_irq(int irq, void *arg)
{
	struct vadma_mmu500 *m = arg;
	struct smmu_gfault g;
	bool cb;
	int ret;

	spin_lock(&m->hw.lock);
	ret = smmu_global_fault(&m->hw.smmu, &g);
	if (!ret)
		m->gfaults++;
	cb = vadma_sva_irq(&m->hw);
	spin_unlock(&m->hw.lock);
	if (ret)
		return cb ? IRQ_HANDLED : IRQ_NONE;
	pr_warn_ratelimited(
		"mmu500: global fault %s (sGFSR %#x), stream %#x, address %#llx\n",
		smmu_gfault_name(g.gfsr), g.gfsr, g.sid, g.gfar);
	vadma_fault_record(m->vd, g.gfar, g.sid, VADMA_FAULT_UNKNOWN, 0);
	return IRQ_HANDLED;
}

/* An engine's interrupt: done or failed. */
static irqreturn_t vadma_mmu500_zdma_irq(int irq, void *arg)
{
	struct vadma_mmu500 *m = arg;

	spin_lock(&m->hw.lock);
	vadma_sva_engine_irq(&m->hw, VADMA_ENGINE_ZDMA);
	spin_unlock(&m->hw.lock);
	return IRQ_HANDLED;
}

static irqreturn_t vadma_mmu500_cdma_irq(int irq, void *arg)
{
	struct vadma_mmu500 *m = arg;

	spin_lock(&m->hw.lock);
	vadma_sva_engine_irq(&m->hw, VADMA_ENGINE_CDMA);
	spin_unlock(&m->hw.lock);
	return IRQ_HANDLED;
}

/*
 * The interrupts of @np (every distinct line of it), to @fn.  Return: how
 * many lines were taken, or a negative errno.
 */
static int vadma_mmu500_irqs(struct device *dev, struct device_node *np,
			     irq_handler_t fn, const char *name,
			     struct vadma_mmu500 *m)
{
	unsigned int irqs[32], irq;
	int i, j, taken = 0, ret;

	/* of_irq_count() is not exported: until an index maps to nothing. */
	for (i = 0; i < 64 && taken < (int)ARRAY_SIZE(irqs); i++) {
		irq = irq_of_parse_and_map(np, i);
		if (!irq)
			break;
		for (j = 0; j < taken && irqs[j] != irq; j++)
			;
		if (j < taken)
			continue; /* the ZynqMP's MMU-500: 17 times SPI 155 */
		ret = devm_request_irq(dev, irq, fn, 0, name, m);
		if (ret) {
			dev_err(dev, "%s: interrupt %u: %d\n", name, irq, ret);
			return ret;
		}
		irqs[taken++] = irq;
	}
	return taken;
}

/*
 * The SMMU's implementation, from its node's compatible strings (most
 * specific first): "arm,mmu-500" on the ZynqMP.  None known: the
 * architecture alone, with a word in the log.
 */
static const struct smmu_impl *vadma_mmu500_impl(struct device *dev,
						 struct device_node *np)
{
	const struct smmu_impl *impl;
	const char *compat;
	int i;

	for (i = 0;
	     !of_property_read_string_index(np, "compatible", i, &compat);
	     i++) {
		impl = smmu_impl_find(compat);
		if (impl)
			return impl;
	}
	dev_info(dev, "%pOF: no implementation vadma knows: SMMUv2 only\n", np);
	return NULL;
}

static int vadma_mmu500_probe(struct platform_device *pdev)
{
	const struct plat_desc *plat = &plat_zcu102;
	struct device *dev = &pdev->dev;
	struct device_node *smmu_np = NULL, *zdma_np = NULL, *cdma_np = NULL;
	struct vadma_mmu500 *m = vadma_mmu500;
	struct vadma_io io;
	u32 sid;
	int ret;

	if (!m || m->vd->hw) {
		dev_err(dev,
			"one vadma,zynqmp node is driven, this one is not\n");
		return -EBUSY;
	}
	ret = vadma_mmu500_block(dev, "vadma,smmu", &m->smmu, &smmu_np);
	if (ret == -ENOENT)
		dev_err(dev, "no vadma,smmu: the MMU-500 is needed\n");
	if (ret)
		goto out;
	ret = vadma_mmu500_block(dev, "vadma,zdma", &m->zdma, &zdma_np);
	if (ret == -ENOENT)
		dev_err(dev, "no vadma,zdma: a GDMA channel is needed\n");
	if (ret)
		goto out;
	ret = vadma_mmu500_block(dev, "vadma,cdma", &m->cdma, &cdma_np);
	if (ret && ret != -ENOENT)
		goto out;
	m->hw.has_cdma = !ret;

	m->hw.zdma_sid = plat->zdma[0].sid;
	m->hw.cdma_sid = plat->cdma.sid;
	if (!of_property_read_u32(dev->of_node, "vadma,zdma-stream", &sid))
		m->hw.zdma_sid = sid;
	if (!of_property_read_u32(dev->of_node, "vadma,cdma-stream", &sid))
		m->hw.cdma_sid = sid;

	io = vadma_mmio_io(&m->smmu);
	ret = smmu_probe(&m->hw.smmu, &io, vadma_mmu500_impl(dev, smmu_np));
	if (ret) {
		dev_err(dev,
			"the SMMU's ID registers say it is not an SMMUv2 with stage 1 and stream matching (IDR0 %#x): %s\n",
			vadma_read32(&io, 0x20), vadma_strerror(ret));
		goto out;
	}
	ret = smmu_reset(&m->hw.smmu);
	if (!ret && m->hw.smmu.prefetch_on)
		dev_warn(
			dev,
			"the MMU-500's next-page prefetcher stays on (Secure sACR.CACHE_LOCK is set): errata 841119 and 826419 are not worked around\n");
	if (ret) {
		dev_err(dev, "SMMU reset: %s\n", vadma_strerror(ret));
		goto out;
	}
	/*
	 * The board's other masters (SD, USB, Ethernet...) go through the
	 * same TBUs and reached memory untranslated while the SMMU was off:
	 * streams vadma does not route stay in bypass (USFCFG = 0), not fault.
	 */
	vadma_write32(&io, SMMU_GR0_sCR0,
		      vadma_read32(&io, SMMU_GR0_sCR0) & ~SMMU_sCR0_USFCFG);
	io = vadma_mmio_io(&m->zdma);
	ret = dmac_zdma_init(&m->hw.zdma, &io);
	if (!ret && m->hw.has_cdma) {
		io = vadma_mmio_io(&m->cdma);
		ret = dmac_cdma_init(&m->hw.cdma, &io, NULL);
	}
	if (ret) {
		dev_err(dev, "cannot take the DMA engines over: %s\n",
			vadma_strerror(ret));
		goto out;
	}

	ret = vadma_mmu500_irqs(dev, smmu_np, vadma_mmu500_irq, "vadma-smmu",
				m);
	if (ret < 0)
		goto out;
	m->hw.cb_irq = true;
	m->hw.irqs = ret > 0;
	if (!ret)
		dev_warn(
			dev,
			"the SMMU node has no interrupt: global faults go unreported, the DMA loop polls\n");
	ret = vadma_mmu500_irqs(dev, zdma_np, vadma_mmu500_zdma_irq,
				"vadma-zdma", m);
	if (ret == 0)
		dev_warn(dev, "the GDMA channel has no interrupt: polled\n");
	if (ret >= 0 && cdma_np)
		ret = vadma_mmu500_irqs(dev, cdma_np, vadma_mmu500_cdma_irq,
					"vadma-cdma", m);
	if (ret < 0)
		goto out;
	ret = 0;
out:
	of_node_put(smmu_np);
	of_node_put(zdma_np);
	of_node_put(cdma_np);
	vadma_mmu500_probe_ret = ret;
	return ret;
}

static const struct of_device_id vadma_mmu500_of_match[] = {
	{ .compatible = "vadma,zynqmp" },
	{},
};
MODULE_DEVICE_TABLE(of, vadma_mmu500_of_match);

static struct platform_driver vadma_mmu500_driver = {
	.probe = vadma_mmu500_probe,
	.driver = {
		.name = "vadma-mmu500",
		.of_match_table = vadma_mmu500_of_match,
		/* vadma.ko's load waits for the answer: no deferred probe. */
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

int vadma_mmu500_init(struct vadma_dev *vd)
{
	struct vadma_mmu500 *m;
	const struct smmu_features *f;
	int ret;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	vadma_hw_init(&m->hw);
	m->vd = vd;
	vadma_mmu500 = m;
	vadma_mmu500_probe_ret = -ENODEV;
	ret = platform_driver_register(&vadma_mmu500_driver);
	if (ret)
		goto out_free;
	ret = vadma_mmu500_probe_ret;
	if (ret == -ENODEV)
		pr_err("mmu500: no device-tree node compatible \"vadma,zynqmp\" was probed: see docs/kmod.md (ZCU102) for the node to add\n");
	if (ret)
		goto out_unregister;

	f = &m->hw.smmu.feat;
	vd->priv = m;
	vd->info.backend = VADMA_BACKEND_MMU500;
	walk_iomem_res_desc(IORES_DESC_NONE,
			    IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0, U64_MAX,
			    &m->hw.ram_end, vadma_mmu500_ram);
	ret = vadma_sva_init(vd, &m->hw);
	if (ret)
		goto out_reset;
	pr_info("mmu500: SMMUv2 r%up%u probed and reset, %u context banks, walks %s; ZDMA stream %#x%s\n",
		f->major, f->minor, f->num_cbs,
		f->cttw ? "coherent" : "not coherent (tables cleaned)",
		m->hw.zdma_sid, m->hw.has_cdma ? ", CDMA" : "");
	return 0;

out_reset:
	vd->priv = NULL;
	smmu_reset(&m->hw.smmu);
out_unregister:
	platform_driver_unregister(&vadma_mmu500_driver);
out_free:
	vadma_mmu500 = NULL;
	kfree(m);
	return ret;
}

void vadma_mmu500_exit(struct vadma_dev *vd)
{
	struct vadma_mmu500 *m = vd->priv;
	unsigned long irqflags;
	int ret;

	if (!m)
		return;
	vadma_iova_exit(&m->hw);
	vadma_sva_report(&m->hw);
	/* Unmatched streams fault, as after reset; the banks are disabled. */
	spin_lock_irqsave(&m->hw.lock, irqflags);
	ret = smmu_reset(&m->hw.smmu);
	spin_unlock_irqrestore(&m->hw.lock, irqflags);
	if (ret)
		pr_err("mmu500: the SMMU's reset at unload failed: %s; its banks may still translate\n",
		       vadma_strerror(ret));
	platform_driver_unregister(&vadma_mmu500_driver);
	vadma_mmu500 = NULL;
	kfree(m);
	vd->priv = NULL;
	vd->hw = NULL;
}
