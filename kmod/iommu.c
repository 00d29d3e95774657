// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu backend (backend=iommu): E1 in a real kernel, through the Linux
 * IOMMU API: an unmanaged domain of our own, attached to the DMA engine's
 * device, where VADMA_IOC_MAP puts the callers' pinned pages at the IOVAs
 * they choose.  Nothing here uses the DMA API: the device's DMA is ours.
 *
 * Two engines, each a small table (struct vadma_iommu_engine), of which
 * the load takes the one that probes, edu first:
 *   edu   QEMU's edu PCI device (1234:11e8) behind whatever IOMMU
 *         translates it (QEMU's SMMUv3 under -M virt,iommu=smmuv3).
 *   zdma  a ZynqMP GDMA channel behind the MMU-500 that Linux's arm-smmu
 *         drives, from a device-tree node of its own:
 *
 *	dma-controller@fd550000 {
 *		compatible = "vadma,zynqmp-dma-iommu";
 *		reg = <0x0 0xfd550000 0x0 0x1000>;
 *		interrupts = <0 129 4>;		optional: polled without
 *		clocks = <&gdma_clk>, <&apb>;	optional: enabled if given
 *		iommus = <&smmu 0x14ed>;
 *	};
 *
 *         in place of the channel's "xlnx,zynqmp-dma-1.0" node, so that
 *         Linux's zynqmp_dma keeps the other channels.  vadma's driver
 *         core (dmac/zdma.c) programs it through readl()/writel().
 *
 * edu's engine moves bytes between RAM (an IOVA, through the IOMMU) and its
 * own 4 KiB buffer at device address 0x40000 (not through the IOMMU), so a
 * copy IOVA -> IOVA is RAM -> buffer then buffer -> RAM, in chunks.  A
 * ZDMA channel copies IOVA -> IOVA in one simple-mode transfer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/clk.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
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

/*
 * A ZDMA channel: the longest VADMA_IOC_DMA (as the mmu500 backend's), and
 * how long it may take before the channel is stopped: the emulated board's
 * GDMA moves 4 MiB in well under a second.
 */
#define ZDMA_DMA_MAX	    VADMA_SVA_DMA_MAX
#define ZDMA_DMA_TIMEOUT_MS 10000
/* Without its interrupt, or should one be lost, look this often. */
#define ZDMA_POLL_MS	    10
/*
 * arm-smmu reports a context fault from its interrupt, which may be taken
 * on another CPU a little after the channel has stopped with its error.
 */
#define ZDMA_FAULT_WAIT_MS  100
/* Faults kept per DMA: the channel stops at the first one. */
#define ZDMA_FAULTS_MAX	    8
/* The channel's interrupts: done, with or without an error (UG1087). */
#define ZDMA_IRQS	    (ZDMA_CH_IRQ_DMA_DONE | ZDMA_CH_IRQ_ERR)

struct vadma_iommu;

/**
 * struct vadma_iommu_engine - what differs between the DMA engines
 * @name:         for the log
 * @engine:       enum vadma_engine
 * @feature:      its VADMA_FEAT_* bit
 * @dma_max:      the longest VADMA_IOC_DMA
 * @domain_fault: the domain's fault handler (token: the backend)
 * @dma:          run a checked VADMA_IOC_DMA between IOVAs, as
 *                &vadma_backend_ops.dma does
 */
struct vadma_iommu_engine {
	const char *name;
	enum vadma_engine engine;
	u64 feature;
	u64 dma_max;
	iommu_fault_handler_t domain_fault;
	int (*dma)(struct vadma_iommu *vi, struct vadma_dma *d);
};

/**
 * struct vadma_iommu_fault - a fault the domain's handler kept for the DMA
 * @iova:  the IOVA
 * @flags: VADMA_FAULT_F_READ or _WRITE
 */
struct vadma_iommu_fault {
	u64 iova;
	u16 flags;
};

/**
 * struct vadma_zdma_chan - the ZDMA engine's state
 * @pdev:     the platform device of the "vadma,zynqmp-dma-iommu" node
 * @regs:     its registers, bounds-checked
 * @clks:     the node's clocks, enabled while the driver is bound
 * @nclks:    how many
 * @chan:     the driver core's state of the channel
 * @lock:     serialises @chan between the DMA and the interrupt
 * @irq:      the channel's interrupt, or 0 (then polled)
 * @events:   interrupts taken
 * @wq:       woken by each
 * @wedged:   the channel did not stop when told to; it is stopped again
 *            before the next DMA
 * @flt_lock: protects the fields below, taken in arm-smmu's interrupt
 * @flt_wq:   woken when a fault is kept
 * @live:     a DMA runs: faults are kept for it
 * @nflt:     faults kept
 * @flt:      the first ZDMA_FAULTS_MAX of them
 */
struct vadma_zdma_chan {
	struct platform_device *pdev;
	struct vadma_mmio regs;
	struct clk_bulk_data *clks;
	int nclks;
	struct dmac_zdma chan;
	spinlock_t lock;
	int irq;
	unsigned int events;
	wait_queue_head_t wq;
	bool wedged;
	spinlock_t flt_lock;
	wait_queue_head_t flt_wq;
	bool live;
	unsigned int nflt;
	struct vadma_iommu_fault flt[ZDMA_FAULTS_MAX];
};

/**
 * struct vadma_iommu - the iommu backend's state
 * @vd:            the device it serves
 * @eng:           the engine that probed, or NULL
 * @dev:           its device
 * @pdev:          the edu device
 * @regs:          its BAR0
 * @zdma:          the ZDMA channel
 * @domain:        our unmanaged domain, attached to @dev
 * @iova_limit:    IOVAs below this are reachable by the engine
 * @dev_faults:    faults reported through the device's fault handler
 * @domain_faults: faults reported through the domain's fault handler
 * @dev_handler:   the device fault handler is registered
 */
struct vadma_iommu {
	struct vadma_dev *vd;
	const struct vadma_iommu_engine *eng;
	struct device *dev;
	struct pci_dev *pdev;
	void __iomem *regs;
	struct vadma_zdma_chan zdma;
	struct iommu_domain *domain;
	u64 iova_limit;
	atomic_t dev_faults;
	atomic_t domain_faults;
	bool dev_handler;
};

/* One engine is driven; its probe finds this here. */
static struct vadma_iommu vadma_iommu;
static int vadma_iommu_probe_err;

static const struct vadma_iommu_engine vadma_iommu_edu;
static const struct vadma_iommu_engine vadma_iommu_zdma;

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

static int vadma_iommu_map(struct vadma_dev *vd, struct vadma_mapping *m)
{
	struct vadma_iommu *vi = vd->priv;
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

static void vadma_iommu_unmap(struct vadma_dev *vd, struct vadma_mapping *m)
{
	struct vadma_iommu *vi = vd->priv;
	size_t done;

	/* iommu_unmap() returns after the IOTLB invalidation has completed. */
	done = iommu_unmap(vi->domain, m->iova, m->length);
	WARN_ON(done != m->length);
}

/* --- edu's DMA --------------------------------------------------------- */

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
static int edu_dma(struct vadma_iommu *vi, struct vadma_dma *d)
{
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

/* --- The domain ---------------------------------------------------------- */

/*
 * Allocate our unmanaged domain and attach it to @dev; @dma_bits is what
 * the engine drives.  On success vi->domain and vi->iova_limit are set.
 */
static int vadma_iommu_attach(struct vadma_iommu *vi, struct device *dev,
			      unsigned int dma_bits,
			      iommu_fault_handler_t handler)
{
	struct iommu_domain *domain;
	u64 limit;
	int ret;

	domain = iommu_domain_alloc(dev->bus);
	if (!domain) {
		dev_err(dev, "cannot allocate an unmanaged IOMMU domain\n");
		return -ENOMEM;
	}
	iommu_set_fault_handler(domain, handler, vi);
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
	/* The geometry is the IOMMU driver's once the domain is attached. */
	limit = DMA_BIT_MASK(dma_bits) + 1;
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
	vi->domain = domain;
	vi->iova_limit = limit;
	return 0;

out_detach:
	iommu_detach_device(domain, dev);
out_domain:
	iommu_domain_free(domain);
	return ret;
}

static void vadma_iommu_detach(struct vadma_iommu *vi, struct device *dev)
{
	iommu_detach_device(vi->domain, dev);
	iommu_domain_free(vi->domain);
	dev_info(
		dev,
		"detached; IOMMU faults reported: %d through the device handler, %d through the domain handler\n",
		atomic_read(&vi->dev_faults), atomic_read(&vi->domain_faults));
	vi->domain = NULL;
}

/* The engine's first stream ID, or @dflt. */
static u32 vadma_iommu_stream(struct device *dev, u32 dflt)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);

	return fwspec && fwspec->num_ids ? fwspec->ids[0] : dflt;
}

/* --- The PCI driver (edu) ------------------------------------------------ */

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vadma_iommu *vi = &vadma_iommu;
	struct device *dev = &pdev->dev;
	u32 ident;
	int ret;

	if (vi->eng) {
		dev_info(dev, "another %s engine is driven already\n",
			 vi->eng->name);
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

	ret = vadma_iommu_attach(vi, dev, EDU_DMA_BITS, edu_domain_fault);
	if (ret)
		goto out;

	ret = iommu_register_device_fault_handler(dev, edu_dev_fault, vi);
	if (ret)
		dev_warn(
			dev,
			"no device fault handler (%d): faults are only logged by the IOMMU driver\n",
			ret);
	vi->dev_handler = !ret;

	pci_set_master(pdev);
	vi->pdev = pdev;
	vi->dev = dev;
	vi->eng = &vadma_iommu_edu;
	vi->vd->stream = vadma_iommu_stream(dev, pci_dev_id(pdev));
	dev_info(
		dev,
		"edu %lu.%lu: stream 0x%x, unmanaged domain attached, IOVAs below 0x%llx, page sizes 0x%lx, fault handler %s\n",
		FIELD_GET(EDU_ID_MAJOR, ident), FIELD_GET(EDU_ID_MINOR, ident),
		vi->vd->stream, vi->iova_limit, vi->domain->pgsize_bitmap,
		vi->dev_handler ? "registered" : "absent");
	return 0;

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
	vadma_iommu_detach(vi, dev);
	vi->pdev = NULL;
	vi->eng = NULL;
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

static const struct vadma_iommu_engine vadma_iommu_edu = {
	.name = "edu",
	.engine = VADMA_ENGINE_EDU,
	.feature = VADMA_FEAT_EDU,
	.dma_max = EDU_DMA_MAX,
	.domain_fault = edu_domain_fault,
	.dma = edu_dma,
};

/* --- A ZDMA channel: faults ---------------------------------------------- */

/*
 * The domain's fault handler: arm-smmu (Linux 6.1) calls it from its
 * context-fault interrupt, with the faulting IOVA (CB_FAR) and the
 * direction (FSYNR0.WNR), no device and no FSR.  The transaction is
 * terminated (SCTLR.CFCFG = 0), so the channel stops with an AXI error;
 * the fault is kept for the DMA, which classifies and records it once
 * the channel has stopped.  A fault while no DMA runs goes to the log's
 * orphans.
 */
static int zdma_domain_fault(struct iommu_domain *domain, struct device *dev,
			     unsigned long iova, int flags, void *token)
{
	struct vadma_iommu *vi = token;
	struct vadma_zdma_chan *z = &vi->zdma;
	u16 f = flags & IOMMU_FAULT_WRITE ? VADMA_FAULT_F_WRITE
					  : VADMA_FAULT_F_READ;
	unsigned long irqflags;
	bool live;

	atomic_inc(&vi->domain_faults);
	spin_lock_irqsave(&z->flt_lock, irqflags);
	live = z->live;
	if (live) {
		if (z->nflt < ZDMA_FAULTS_MAX) {
			z->flt[z->nflt].iova = iova;
			z->flt[z->nflt].flags = f;
		}
		z->nflt++;
	}
	spin_unlock_irqrestore(&z->flt_lock, irqflags);
	if (live)
		wake_up(&z->flt_wq);
	else
		vadma_fault_record(vi->vd, iova, vi->vd->stream,
				   VADMA_FAULT_UNKNOWN, f);
	/*
	 * Not resolved (a terminated transaction cannot be): arm-smmu then
	 * logs its "Unhandled context fault" line, the record's witness.
	 */
	return -ENOSYS;
}

/*
 * What kind of fault @iova took.  The handler is not told (no FSR), but
 * the domain holds only what VADMA_IOC_MAP put there, each page with its
 * access flag set: a fault inside a mapping is a permission fault, one
 * outside a translation fault.  Under vd->lock: the mappings stay.
 */
static u16 zdma_fault_type(struct vadma_iommu *vi, u64 iova)
{
	struct vadma_mapping *m;

	if (iova >= vi->iova_limit)
		return VADMA_FAULT_ADDR_SIZE;
	list_for_each_entry(
		m, &vi->vd->mappings,
		dev_node) if (iova - m->iova <
			      m->length) return VADMA_FAULT_PERMISSION;
	return VADMA_FAULT_TRANSLATION;
}

static void zdma_faults_begin(struct vadma_zdma_chan *z)
{
	unsigned long irqflags;

	spin_lock_irqsave(&z->flt_lock, irqflags);
	z->live = true;
	z->nflt = 0;
	spin_unlock_irqrestore(&z->flt_lock, irqflags);
}

/*
 * The DMA is over: wait up to @wait_ms for a fault when @expect one, then
 * record what was kept in the log of the file whose DMA it was.  Return
 * true when there was one, with the first in @d.
 */
static bool zdma_faults_end(struct vadma_iommu *vi, struct vadma_dma *d,
			    bool expect)
{
	struct vadma_iommu_fault flt[ZDMA_FAULTS_MAX];
	struct vadma_zdma_chan *z = &vi->zdma;
	unsigned long irqflags;
	unsigned int i, n, seen;

	if (expect)
		wait_event_timeout(z->flt_wq, READ_ONCE(z->nflt) != 0,
				   msecs_to_jiffies(ZDMA_FAULT_WAIT_MS));
	spin_lock_irqsave(&z->flt_lock, irqflags);
	z->live = false;
	seen = z->nflt;
	n = min_t(unsigned int, seen, ZDMA_FAULTS_MAX);
	memcpy(flt, z->flt, n * sizeof(flt[0]));
	spin_unlock_irqrestore(&z->flt_lock, irqflags);

	if (n)
		vadma_fault_arm(vi->vd); /* a record of its own, not merged */
	for (i = 0; i < n; i++)
		vadma_fault_record(vi->vd, flt[i].iova, vi->vd->stream,
				   zdma_fault_type(vi, flt[i].iova),
				   flt[i].flags);
	if (seen > n)
		dev_warn_ratelimited(vi->dev,
				     "%u faults in one DMA, %u recorded\n",
				     seen, n);
	if (!n)
		return false;
	d->fault_addr = flt[0].iova;
	d->fault_flags = flt[0].flags;
	return true;
}

/* --- A ZDMA channel: DMA ------------------------------------------------- */

/* The channel's interrupt: done (well or not); the DMA looks why. */
static irqreturn_t zdma_irq(int irq, void *arg)
{
	struct vadma_zdma_chan *z = arg;
	u32 pending;

	spin_lock(&z->lock);
	dmac_zdma_irq_ack(&z->chan, &pending);
	spin_unlock(&z->lock);
	if (!(pending & ZDMA_IRQS))
		return IRQ_NONE;
	WRITE_ONCE(z->events, z->events + 1);
	wake_up(&z->wq);
	return IRQ_HANDLED;
}

/*
 * Stop the channel and leave it idle, its interrupts as the DMA wants
 * them: 0, or -ETIMEDOUT (it did not stop: wedged until it does).
 */
static int zdma_halt(struct vadma_zdma_chan *z)
{
	struct vadma_io io = vadma_mmio_io(&z->regs);
	unsigned long irqflags;
	int ret;

	/* dmac_zdma_init() polls (bounded): not with interrupts off. */
	if (z->irq > 0)
		disable_irq(z->irq);
	ret = dmac_zdma_init(&z->chan, &io);
	if (!ret && z->irq > 0) {
		spin_lock_irqsave(&z->lock, irqflags);
		dmac_zdma_irq_enable(&z->chan, ZDMA_IRQS);
		spin_unlock_irqrestore(&z->lock, irqflags);
	}
	if (z->irq > 0)
		enable_irq(z->irq);
	z->wedged = ret != 0;
	return ret;
}

static void zdma_status(struct vadma_zdma_chan *z, struct dmac_status *st)
{
	unsigned long irqflags;

	spin_lock_irqsave(&z->lock, irqflags);
	dmac_zdma_status(&z->chan, st);
	spin_unlock_irqrestore(&z->lock, irqflags);
}

/*
 * Copy d->len bytes from IOVA d->src to IOVA d->dst in one simple-mode
 * transfer, and wait for it killably, at most ZDMA_DMA_TIMEOUT_MS.  A
 * channel that has not finished by then, or whose caller is killed, is
 * reset before this returns.  A busy channel stops only on its own or on
 * an error (UG1085), so one that is still busy is marked wedged: what it
 * still writes can land only in this file's mappings, and once they are
 * unmapped (iommu_unmap() invalidates first) arm-smmu faults it.  Unlike
 * the SMMUv2 backends, this one cannot route the stream to a fault: the
 * stream belongs to arm-smmu.
 */
static int zdma_dma(struct vadma_iommu *vi, struct vadma_dma *d)
{
	struct vadma_zdma_chan *z = &vi->zdma;
	bool finished = false, killed = false, faulted;
	struct dmac_status st = { 0 };
	unsigned long deadline, irqflags;
	unsigned int seen;
	int ret;

	if (z->wedged && zdma_halt(z))
		return -EIO;

	zdma_faults_begin(z);
	spin_lock_irqsave(&z->lock, irqflags);
	seen = z->events;
	ret = dmac_zdma_copy(&z->chan, d->src, d->dst, (u32)d->len);
	spin_unlock_irqrestore(&z->lock, irqflags);
	if (ret) {
		zdma_faults_end(vi, d, false);
		return ret; /* -ERANGE: wider than 44 bits; -EBUSY */
	}

	deadline = jiffies + msecs_to_jiffies(ZDMA_DMA_TIMEOUT_MS);
	for (;;) {
		zdma_status(z, &st);
		/*
		 * DMA_DONE comes with or without an error (UG1087); STATE
		 * alone may still say "done" from before the start.
		 */
		if ((st.isr & ZDMA_CH_IRQ_DMA_DONE) || st.error) {
			finished = true;
			break;
		}
		if (fatal_signal_pending(current)) {
			killed = true;
			break;
		}
		if (time_after(jiffies, deadline))
			break;
		if (z->irq > 0) {
			wait_event_killable_timeout(
				z->wq, READ_ONCE(z->events) != seen,
				msecs_to_jiffies(ZDMA_POLL_MS));
			seen = READ_ONCE(z->events);
		} else {
			usleep_range(100, 200);
		}
	}
	if (!finished && zdma_halt(z))
		dev_err(vi->dev,
			"the channel did not stop: stopped again before the next DMA\n");

	faulted = zdma_faults_end(vi, d, finished && st.error);
	if (killed)
		return -EINTR; /* nobody reads the answer */
	if (faulted) {
		d->status = VADMA_DMA_FAULT;
	} else if (!finished) {
		d->status = VADMA_DMA_TIMEOUT;
	} else if (st.error) {
		/* No fault: an error behind the SMMU (not RAM). */
		d->status = VADMA_DMA_ERROR;
	} else {
		d->status = VADMA_DMA_DONE;
	}
	/* TOTAL_BYTE: what the channel wrote (counted on BRESP). */
	d->bytes = d->status == VADMA_DMA_DONE ? d->len
					       : min_t(u64, st.bytes, d->len);
	return 0;
}

/* --- A ZDMA channel: the platform driver --------------------------------- */

static void zdma_clk_disable(void *data)
{
	struct vadma_zdma_chan *z = data;

	clk_bulk_disable_unprepare(z->nclks, z->clks);
}

static int zdma_probe(struct platform_device *pdev)
{
	struct vadma_iommu *vi = &vadma_iommu;
	struct vadma_zdma_chan *z = &vi->zdma;
	struct device *dev = &pdev->dev;
	struct resource *res;
	struct vadma_io io;
	int ret;

	if (vi->eng) {
		dev_info(dev, "another %s engine is driven already\n",
			 vi->eng->name);
		return -EBUSY;
	}
	if (!device_iommu_mapped(dev)) {
		dev_err(dev,
			"no IOMMU translates this channel's DMA: the node needs \"iommus\" and the SMMU's driver (arm-smmu) bound\n");
		ret = -ENODEV;
		goto out;
	}
	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	z->regs.name = "iommu: zdma";
	z->regs.base = devm_ioremap_resource(dev, res);
	if (IS_ERR(z->regs.base)) {
		ret = PTR_ERR(z->regs.base);
		z->regs.base = NULL;
		goto out;
	}
	z->regs.size = resource_size(res);
	/*
	 * On a board, the GDMA clocks are gated when no driver holds them
	 * (clk_disable_unused), and the registers would not answer.
	 */
	ret = devm_clk_bulk_get_all(dev, &z->clks);
	if (ret < 0) {
		dev_err(dev, "its clocks: %d\n", ret);
		goto out;
	}
	z->nclks = ret;
	ret = clk_bulk_prepare_enable(z->nclks, z->clks);
	if (ret)
		goto out;
	ret = devm_add_action_or_reset(dev, zdma_clk_disable, z);
	if (ret)
		goto out;

	io = vadma_mmio_io(&z->regs);
	ret = dmac_zdma_init(&z->chan, &io);
	if (ret) {
		dev_err(dev, "the channel does not stop: %d\n", ret);
		goto out;
	}
	/* ZDMA drives 44-bit addresses; the mask says so (DMA API unused). */
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(ZDMA_ADDR_BITS));
	if (ret)
		goto out;
	ret = vadma_iommu_attach(vi, dev, ZDMA_ADDR_BITS, zdma_domain_fault);
	if (ret)
		goto out;

	z->irq = platform_get_irq_optional(pdev, 0);
	if (z->irq > 0) {
		ret = devm_request_irq(dev, z->irq, zdma_irq, 0, "vadma-zdma",
				       z);
		if (ret) {
			dev_err(dev, "interrupt %d: %d\n", z->irq, ret);
			goto out_detach;
		}
		dmac_zdma_irq_enable(&z->chan, ZDMA_IRQS);
	} else {
		z->irq = 0;
	}

	z->pdev = pdev;
	vi->dev = dev;
	vi->eng = &vadma_iommu_zdma;
	vi->vd->stream = vadma_iommu_stream(dev, 0);
	dev_info(
		dev,
		"ZDMA channel at %pR: stream 0x%x, unmanaged domain attached, IOVAs below 0x%llx, page sizes 0x%lx, %s\n",
		res, vi->vd->stream, vi->iova_limit, vi->domain->pgsize_bitmap,
		z->irq ? "interrupt" : "polled");
	return 0;

out_detach:
	vadma_iommu_detach(vi, dev);
out:
	vadma_iommu_probe_err = ret;
	return ret;
}

static int zdma_remove(struct platform_device *pdev)
{
	struct vadma_iommu *vi = &vadma_iommu;
	struct vadma_zdma_chan *z = &vi->zdma;
	/* A copy: dmac_zdma_init() clears the channel's state first. */
	struct vadma_io io = vadma_mmio_io(&z->regs);

	if (z->pdev != pdev)
		return 0;
	/* Idle and masked before the domain goes: nothing reaches RAM. */
	if (z->irq > 0)
		disable_irq(z->irq);
	if (dmac_zdma_init(&z->chan, &io))
		dev_err(&pdev->dev, "the channel does not stop\n");
	if (z->irq > 0)
		enable_irq(z->irq);
	vadma_iommu_detach(vi, &pdev->dev);
	z->pdev = NULL;
	vi->eng = NULL;
	return 0;
}

static const struct of_device_id zdma_of_match[] = {
	{ .compatible = "vadma,zynqmp-dma-iommu" },
	{},
};
MODULE_DEVICE_TABLE(of, zdma_of_match);

static struct platform_driver zdma_driver = {
	.probe = zdma_probe,
	.remove = zdma_remove,
	.driver = {
		.name = "vadma-zdma-iommu",
		.of_match_table = zdma_of_match,
		/* vadma.ko's load waits for the answer: no deferred probe. */
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
		/* As edu's: the driver goes only with the module. */
		.suppress_bind_attrs = true,
	},
	/* The domain is ours: the DMA API's default domain is not used. */
	.driver_managed_dma = true,
};

static const struct vadma_iommu_engine vadma_iommu_zdma = {
	.name = "zdma",
	.engine = VADMA_ENGINE_ZDMA,
	.feature = VADMA_FEAT_ZDMA,
	.dma_max = ZDMA_DMA_MAX,
	.domain_fault = zdma_domain_fault,
	.dma = zdma_dma,
};

/* --- The backend ---------------------------------------------------------- */

static int vadma_iommu_dma(struct vadma_dev *vd, struct vadma_dma *d)
{
	struct vadma_iommu *vi = vd->priv;

	return vi->eng->dma(vi, d);
}

static const struct vadma_backend_ops vadma_iommu_ops = {
	.map = vadma_iommu_map,
	.unmap = vadma_iommu_unmap,
	.dma = vadma_iommu_dma,
};

/**
 * vadma_iommu_init() - set up the iommu backend for @vd
 * @vd: the device, not yet registered
 *
 * The engine is the one that probes: QEMU's edu PCI device, else a ZDMA
 * channel of a "vadma,zynqmp-dma-iommu" node; both drivers are tried, edu
 * first, and the one that found nothing is unregistered again.
 *
 * Return: 0, or a negative errno with the reason logged (no engine, no
 * IOMMU in front of it, the IOMMU API refused).
 */
int vadma_iommu_init(struct vadma_dev *vd)
{
	struct vadma_iommu *vi = &vadma_iommu;
	const struct vadma_iommu_engine *eng;
	bool zdma_on = false;
	int ret;

	memset(vi, 0, sizeof(*vi));
	vi->vd = vd;
	spin_lock_init(&vi->zdma.lock);
	spin_lock_init(&vi->zdma.flt_lock);
	init_waitqueue_head(&vi->zdma.wq);
	init_waitqueue_head(&vi->zdma.flt_wq);
	vadma_iommu_probe_err = 0;
	ret = pci_register_driver(&edu_driver);
	if (ret) {
		pr_err("iommu: cannot register the PCI driver: %d\n", ret);
		return ret;
	}
	/* Probing is synchronous: the device is bound, or it failed. */
	if (!vi->eng) {
		ret = platform_driver_register(&zdma_driver);
		if (ret) {
			pr_err("iommu: cannot register the platform driver: %d\n",
			       ret);
			goto out_pci;
		}
		zdma_on = true;
	}
	if (!vi->eng) {
		if (vadma_iommu_probe_err == -ENODEV || !vadma_iommu_probe_err)
			pr_err("iommu: backend=iommu needs a \"vadma,zynqmp-dma-iommu\" node or QEMU's edu device (1234:11e8) behind an IOMMU: %s\n",
			       vadma_iommu_probe_err ? "the device has no IOMMU"
						     : "no such device");
		else
			pr_err("iommu: the DMA engine failed to probe: %d\n",
			       vadma_iommu_probe_err);
		ret = vadma_iommu_probe_err ?: -ENODEV;
		goto out_zdma;
	}
	if (vi->eng != &vadma_iommu_edu)
		pci_unregister_driver(&edu_driver);

	eng = vi->eng;
	vd->priv = vi;
	vd->ops = &vadma_iommu_ops;
	vd->engines = BIT(eng->engine);
	vd->no_bind = edu_no_bind;
	vd->info.backend = VADMA_BACKEND_IOMMU;
	vd->info.features = VADMA_FEAT_IOMMU | eng->feature;
	/*
	 * edu: when SMMUv3 reports to the device's handler.  ZDMA: arm-smmu
	 * reports to the domain's, and the channel stops on the error.
	 */
	if (vi->dev_handler || eng == &vadma_iommu_zdma)
		vd->info.features |= VADMA_FEAT_FAULTS;
	if (vi->domain->pgsize_bitmap & SZ_4K)
		vd->info.features |= VADMA_FEAT_S1_4K;
	if (vi->domain->pgsize_bitmap & SZ_64K)
		vd->info.features |= VADMA_FEAT_S1_64K;
	vd->info.iova_limit = vi->iova_limit;
	vd->info.dma_max = eng->dma_max;
	pr_info("iommu: the DMA engine is %s\n", eng->name);
	return 0;

out_zdma:
	if (zdma_on)
		platform_driver_unregister(&zdma_driver);
out_pci:
	pci_unregister_driver(&edu_driver);
	return ret;
}

/** vadma_iommu_exit() - undo vadma_iommu_init(); no mapping is left */
void vadma_iommu_exit(struct vadma_dev *vd)
{
	struct vadma_iommu *vi = vd->priv;

	if (vi->eng == &vadma_iommu_edu)
		pci_unregister_driver(&edu_driver);
	else
		platform_driver_unregister(&zdma_driver);
	vd->priv = NULL;
}
