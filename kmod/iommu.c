// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu backend (backend=iommu): E1 in a real kernel.  The DMA engine
 * is QEMU's edu PCI device (1234:11e8); its DMA goes through whatever IOMMU
 * translates it (QEMU's SMMUv3 under -M virt,iommu=smmuv3), driven through
 * the Linux IOMMU API: an unmanaged domain of our own, attached to the
 * device, where VADMA_IOC_MAP puts the callers' pinned pages at the IOVAs
 * they choose.  Nothing here uses the DMA API: the device's DMA is ours.
 *
 * edu's engine moves bytes between RAM (an IOVA, through the IOMMU) and its
 * own 4 KiB buffer at device address 0x40000 (not through the IOMMU), so a
 * copy IOVA -> IOVA is RAM -> buffer then buffer -> RAM, in chunks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/sched/signal.h>

#include "uapi/vadma.h"
#include "kmod.h"

/* edu's registers (BAR0), as QEMU's hw/misc/edu.c defines them. */
/* clang-format off */
#define EDU_ID		0x00
#define   EDU_ID_MAGIC	GENMASK(7, 0)	/* 0xed */
#define   EDU_ID_MINOR	GENMASK(15, 8)
#define   EDU_ID_MAJOR	GENMASK(31, 24)
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_COUNT	0x90
#define EDU_DMA_CMD	0x98
#define   EDU_DMA_CMD_RUN	BIT(0)	/* write 1 to start; 0 when done */
#define   EDU_DMA_CMD_TO_RAM	BIT(1)	/* 1: buffer -> RAM, 0: RAM -> buffer */
#define   EDU_DMA_CMD_IRQ	BIT(2)	/* raise an interrupt when done */
/* clang-format on */

/* The engine's buffer, in its own address space. */
#define EDU_BUF_ADDR	    0x40000
#define EDU_BUF_SIZE	    4096
/*
 * QEMU 7.2 aborts (hw_error) on a transfer that ends exactly at the end of
 * the buffer, and on an empty one: at most 4095 bytes, never 0.
 */
#define EDU_CHUNK_MAX	    (EDU_BUF_SIZE - 1)
/*
 * edu masks its DMA addresses to its dma_mask property, 28 bits unless
 * QEMU is given -device edu,dma_mask=...: IOVAs must stay below 256 MiB.
 */
#define EDU_DMA_BITS	    28
/* A transfer takes about 100 ms (a QEMU timer); give up after 1 s. */
#define EDU_XFER_TIMEOUT_MS 1000
#define EDU_POLL_MIN_US	    1000
#define EDU_POLL_MAX_US	    2000
/*
 * The longest VADMA_IOC_DMA: 16 chunks each way, 3.2 s of edu's time,
 * with the device lock held.
 */
#define EDU_DMA_MAX	    (16 * EDU_CHUNK_MAX)
/*
 * The IOMMU reports a fault from its event thread, after the access: how
 * long to wait for one once a transfer is done.
 */
#define EDU_FAULT_WAIT_MS   10

static const char edu_no_bind[] =
	"bind: not supported by this IOMMU backend: it maps pinned pages (VADMA_IOC_MAP) and shares no address space";

/**
 * struct vadma_iommu - the iommu backend's state
 * @vd:            the device it serves
 * @pdev:          the edu device
 * @regs:          its BAR0
 * @domain:        our unmanaged domain, attached to @pdev
 * @iova_limit:    IOVAs below this are reachable by the engine
 * @dev_faults:    faults reported through the device's fault handler
 * @domain_faults: faults reported through the domain's fault handler
 * @dev_handler:   the device fault handler is registered
 */
struct vadma_iommu {
	struct vadma_dev *vd;
	struct pci_dev *pdev;
	void __iomem *regs;
	struct iommu_domain *domain;
	u64 iova_limit;
	atomic_t dev_faults;
	atomic_t domain_faults;
	bool dev_handler;
};

/* One edu device is driven; the probe finds it here. */
static struct vadma_iommu vadma_iommu;
static int vadma_iommu_probe_err;

/* --- Faults ------------------------------------------------------------- */

static u16 edu_fault_type(u32 reason)
{
	switch (reason) {
	case IOMMU_FAULT_REASON_PTE_FETCH:
		return VADMA_FAULT_TRANSLATION;
	case IOMMU_FAULT_REASON_PERMISSION:
		return VADMA_FAULT_PERMISSION;
	case IOMMU_FAULT_REASON_ACCESS:
		return VADMA_FAULT_ACCESS;
	case IOMMU_FAULT_REASON_OOR_ADDRESS:
		return VADMA_FAULT_ADDR_SIZE;
	case IOMMU_FAULT_REASON_WALK_EABT:
		return VADMA_FAULT_WALK;
	default:
		return VADMA_FAULT_UNKNOWN;
	}
}

/*
 * The device's fault handler: the path SMMUv3 reports translation,
 * permission, access and address-size events on (Linux 6.1), for any
 * master with a handler registered.  It runs in the SMMU's event thread.
 */
static int edu_dev_fault(struct iommu_fault *fault, void *data)
{
	struct vadma_iommu *vi = data;
	const struct iommu_fault_unrecoverable *ev = &fault->event;
	u16 flags = 0;

	if (fault->type != IOMMU_FAULT_DMA_UNRECOV)
		return -EOPNOTSUPP;
	atomic_inc(&vi->dev_faults);
	if (ev->perm & IOMMU_FAULT_PERM_READ)
		flags |= VADMA_FAULT_F_READ;
	if (ev->perm & IOMMU_FAULT_PERM_WRITE)
		flags |= VADMA_FAULT_F_WRITE;
	vadma_fault_record(vi->vd,
			   ev->flags & IOMMU_FAULT_UNRECOV_ADDR_VALID ? ev->addr
								      : 0,
			   vi->vd->stream, edu_fault_type(ev->reason), flags);
	/*
	 * Recorded, not resolved (an unrecoverable fault cannot be): saying
	 * so lets the SMMUv3 driver log the event as well, a second witness
	 * that the tests compare with the record.
	 */
	return -EOPNOTSUPP;
}

/*
 * The domain's fault handler (iommu_set_fault_handler), the path of the
 * SMMUv2 driver's context faults.  Counted, to show which path this IOMMU
 * takes; the records come from edu_dev_fault().
 */
static int edu_domain_fault(struct iommu_domain *domain, struct device *dev,
			    unsigned long iova, int flags, void *token)
{
	struct vadma_iommu *vi = token;

	atomic_inc(&vi->domain_faults);
	if (!vi->dev_handler)
		vadma_fault_record(vi->vd, iova, vi->vd->stream,
				   VADMA_FAULT_UNKNOWN,
				   flags & IOMMU_FAULT_WRITE
					   ? VADMA_FAULT_F_WRITE
					   : VADMA_FAULT_F_READ);
	return -ENOSYS; /* let the IOMMU driver report it as usual */
}

/* --- Mappings ----------------------------------------------------------- */

static int edu_map(struct vadma_dev *vd, struct vadma_mapping *m)
{
	struct vadma_iommu *vi = vd->iommu;
	int prot = 0;
	unsigned long i;
	int ret;

	if (m->flags & VADMA_MAP_READ)
		prot |= IOMMU_READ;
	if (m->flags & VADMA_MAP_WRITE)
		prot |= IOMMU_WRITE;
	for (i = 0; i < m->npages; i++) {
		ret = iommu_map(vi->domain, m->iova + i * PAGE_SIZE,
				page_to_phys(m->pages[i]), PAGE_SIZE, prot);
		if (ret)
			goto out_unmap;
	}
	return 0;

out_unmap:
	if (i)
		iommu_unmap(vi->domain, m->iova, i * PAGE_SIZE);
	return ret;
}

static void edu_unmap(struct vadma_dev *vd, struct vadma_mapping *m)
{
	struct vadma_iommu *vi = vd->iommu;
	size_t done;

	/* iommu_unmap() returns after the IOTLB invalidation has completed. */
	done = iommu_unmap(vi->domain, m->iova, m->length);
	WARN_ON(done != m->length);
}

/* --- DMA ---------------------------------------------------------------- */

/* Start one transfer and wait for it: 0, or -ETIMEDOUT (engine still busy). */
static int edu_xfer(struct vadma_iommu *vi, u64 src, u64 dst, u32 count,
		    bool to_ram)
{
	unsigned long deadline;

	writeq(src, vi->regs + EDU_DMA_SRC);
	writeq(dst, vi->regs + EDU_DMA_DST);
	writeq(count, vi->regs + EDU_DMA_COUNT);
	/*
	 * writel orders the caller's stores to the buffer before the start,
	 * and the engine reads RAM only once started.
	 */
	writel(EDU_DMA_CMD_RUN | (to_ram ? EDU_DMA_CMD_TO_RAM : 0),
	       vi->regs + EDU_DMA_CMD);

	deadline = jiffies + msecs_to_jiffies(EDU_XFER_TIMEOUT_MS);
	for (;;) {
		usleep_range(EDU_POLL_MIN_US, EDU_POLL_MAX_US);
		/* readl orders it before our later reads of what it wrote. */
		if (!(readl(vi->regs + EDU_DMA_CMD) & EDU_DMA_CMD_RUN))
			return 0;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
	}
}

/*
 * One step of the copy; true when it went through.  Otherwise @d says why
 * (a fault the IOMMU reported for it, or the time-out).
 */
static bool edu_step(struct vadma_iommu *vi, struct vadma_dma *d, u64 src,
		     u64 dst, u32 count, bool to_ram)
{
	struct vadma_fault rec;

	vadma_fault_arm(vi->vd);
	if (edu_xfer(vi, src, dst, count, to_ram)) {
		d->status = VADMA_DMA_TIMEOUT;
		return false;
	}
	if (vadma_fault_wait(vi->vd, EDU_FAULT_WAIT_MS, &rec)) {
		d->status = VADMA_DMA_FAULT;
		d->fault_addr = rec.iova;
		d->fault_flags = rec.flags;
		return false;
	}
	return true;
}

/*
 * Copy d->len bytes from IOVA d->src to IOVA d->dst through edu's buffer.
 * A fault in the read stops the copy before the buffer, holding what the
 * IOMMU let through instead of the data, is written anywhere.
 */
static int edu_dma(struct vadma_dev *vd, struct vadma_dma *d)
{
	struct vadma_iommu *vi = vd->iommu;
	u64 off;
	u32 n;

	if (readl(vi->regs + EDU_DMA_CMD) & EDU_DMA_CMD_RUN)
		return -EBUSY; /* a transfer that timed out is still running */

	for (off = 0; off < d->len; off += n) {
		if (fatal_signal_pending(current))
			return -EINTR;
		n = min_t(u64, d->len - off, EDU_CHUNK_MAX);
		if (!edu_step(vi, d, d->src + off, EDU_BUF_ADDR, n, false))
			return 0;
		if (!edu_step(vi, d, EDU_BUF_ADDR, d->dst + off, n, true))
			return 0;
		d->bytes += n;
	}
	d->status = VADMA_DMA_DONE;
	return 0;
}

static const struct vadma_backend_ops vadma_iommu_ops = {
	.map = edu_map,
	.unmap = edu_unmap,
	.dma = edu_dma,
};

/* --- The PCI driver ----------------------------------------------------- */

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vadma_iommu *vi = &vadma_iommu;
	struct device *dev = &pdev->dev;
	struct iommu_fwspec *fwspec;
	struct iommu_domain *domain;
	u64 limit;
	u32 ident;
	int ret;

	if (vi->pdev) {
		dev_info(dev, "another edu device is driven already\n");
		return -EBUSY;
	}
	if (!device_iommu_mapped(dev)) {
		dev_err(dev,
			"no IOMMU translates this device's DMA: backend=iommu needs one (QEMU: -M virt,iommu=smmuv3)\n");
		vadma_iommu_probe_err = -ENODEV;
		return -ENODEV;
	}

	ret = pcim_enable_device(pdev);
	if (ret)
		goto out;
	ret = pcim_iomap_regions(pdev, BIT(0), KBUILD_MODNAME);
	if (ret)
		goto out;
	vi->regs = pcim_iomap_table(pdev)[0];
	ident = readl(vi->regs + EDU_ID);
	if (FIELD_GET(EDU_ID_MAGIC, ident) != 0xed) {
		dev_err(dev, "not an edu device: ID register 0x%08x\n", ident);
		ret = -ENODEV;
		goto out;
	}
	/*
	 * Only the DMA API reads the mask, and we do not use it; set it all
	 * the same, to say what the device reaches.
	 */
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(EDU_DMA_BITS));
	if (ret)
		goto out;

	domain = iommu_domain_alloc(dev->bus);
	if (!domain) {
		dev_err(dev, "cannot allocate an unmanaged IOMMU domain\n");
		ret = -ENOMEM;
		goto out;
	}
	iommu_set_fault_handler(domain, edu_domain_fault, vi);
	/*
	 * The group's default DMA domain gives way to ours (the device is
	 * alone in its group and its driver, this one, manages its DMA).
	 */
	ret = iommu_attach_device(domain, dev);
	if (ret) {
		dev_err(dev, "cannot attach the unmanaged domain: %d\n", ret);
		goto out_domain;
	}
	if (!(domain->pgsize_bitmap & PAGE_SIZE)) {
		dev_err(dev,
			"the IOMMU cannot map pages of %lu bytes (sizes 0x%lx)\n",
			PAGE_SIZE, domain->pgsize_bitmap);
		ret = -EINVAL;
		goto out_detach;
	}
	limit = DMA_BIT_MASK(EDU_DMA_BITS) + 1;
	if (domain->geometry.force_aperture) {
		if (domain->geometry.aperture_start) {
			dev_err(dev, "IOVAs start at 0x%llx, not 0\n",
				(u64)domain->geometry.aperture_start);
			ret = -EINVAL;
			goto out_detach;
		}
		limit = min_t(u64, limit,
			      (u64)domain->geometry.aperture_end + 1);
	}

	ret = iommu_register_device_fault_handler(dev, edu_dev_fault, vi);
	if (ret)
		dev_warn(
			dev,
			"no device fault handler (%d): faults are only logged by the IOMMU driver\n",
			ret);
	vi->dev_handler = !ret;

	pci_set_master(pdev);
	fwspec = dev_iommu_fwspec_get(dev);
	vi->pdev = pdev;
	vi->domain = domain;
	vi->iova_limit = limit;
	vi->vd->stream = fwspec && fwspec->num_ids ? fwspec->ids[0]
						   : pci_dev_id(pdev);
	dev_info(
		dev,
		"edu %lu.%lu: stream 0x%x, unmanaged domain attached, IOVAs below 0x%llx, page sizes 0x%lx, fault handler %s\n",
		FIELD_GET(EDU_ID_MAJOR, ident), FIELD_GET(EDU_ID_MINOR, ident),
		vi->vd->stream, limit, domain->pgsize_bitmap,
		vi->dev_handler ? "registered" : "absent");
	return 0;

out_detach:
	iommu_detach_device(domain, dev);
out_domain:
	iommu_domain_free(domain);
out:
	vadma_iommu_probe_err = ret;
	return ret;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct vadma_iommu *vi = &vadma_iommu;
	struct device *dev = &pdev->dev;

	if (vi->pdev != pdev)
		return;
	pci_clear_master(pdev);
	if (vi->dev_handler)
		iommu_unregister_device_fault_handler(dev);
	iommu_detach_device(vi->domain, dev);
	iommu_domain_free(vi->domain);
	dev_info(
		dev,
		"detached; IOMMU faults reported: %d through the device handler, %d through the domain handler\n",
		atomic_read(&vi->dev_faults), atomic_read(&vi->domain_faults));
	vi->domain = NULL;
	vi->pdev = NULL;
}

static const struct pci_device_id edu_ids[] = { { PCI_DEVICE(0x1234, 0x11e8) },
						{} };

static struct pci_driver edu_driver = {
	.name = "vadma-edu",
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
	/* The domain is ours: the DMA API's default domain is not used. */
	.driver_managed_dma = true,
	/*
	 * No unbinding through sysfs while files hold mappings in the domain:
	 * the driver goes only with the module, when no file is open.
	 */
	.driver.suppress_bind_attrs = true,
};

/**
 * vadma_iommu_init() - set up the iommu backend for @vd
 * @vd: the device, not yet registered
 *
 * Return: 0, or a negative errno with the reason logged (no edu device,
 * no IOMMU in front of it, the IOMMU API refused).
 */
int vadma_iommu_init(struct vadma_dev *vd)
{
	struct vadma_iommu *vi = &vadma_iommu;
	int ret;

	memset(vi, 0, sizeof(*vi));
	vi->vd = vd;
	vadma_iommu_probe_err = 0;
	ret = pci_register_driver(&edu_driver);
	if (ret) {
		pr_err("iommu: cannot register the PCI driver: %d\n", ret);
		return ret;
	}
	/* Probing is synchronous: the device is bound, or it failed. */
	if (!vi->pdev) {
		pci_unregister_driver(&edu_driver);
		if (vadma_iommu_probe_err == -ENODEV || !vadma_iommu_probe_err)
			pr_err("iommu: backend=iommu needs QEMU's edu device (1234:11e8) behind an IOMMU: %s\n",
			       vadma_iommu_probe_err ? "the device has no IOMMU"
						     : "no such device");
		else
			pr_err("iommu: the edu device failed to probe: %d\n",
			       vadma_iommu_probe_err);
		return vadma_iommu_probe_err ?: -ENODEV;
	}

	vd->iommu = vi;
	vd->ops = &vadma_iommu_ops;
	vd->engines = BIT(VADMA_ENGINE_EDU);
	vd->no_bind = edu_no_bind;
	vd->info.backend = VADMA_BACKEND_IOMMU;
	vd->info.features = VADMA_FEAT_IOMMU | VADMA_FEAT_EDU;
	if (vi->dev_handler)
		vd->info.features |= VADMA_FEAT_FAULTS;
	if (vi->domain->pgsize_bitmap & SZ_4K)
		vd->info.features |= VADMA_FEAT_S1_4K;
	if (vi->domain->pgsize_bitmap & SZ_64K)
		vd->info.features |= VADMA_FEAT_S1_64K;
	vd->info.iova_limit = vi->iova_limit;
	vd->info.dma_max = EDU_DMA_MAX;
	return 0;
}

/** vadma_iommu_exit() - undo vadma_iommu_init(); no mapping is left */
void vadma_iommu_exit(struct vadma_dev *vd)
{
	pci_unregister_driver(&edu_driver);
	vd->iommu = NULL;
}
