// SPDX-License-Identifier: GPL-2.0-only
/*
 * smmu-fault-test.ko: a DMA through Linux's dmaengine API to an IOVA that
 * nobody mapped, so that the SMMU in front of the engine faults and Linux's
 * arm-smmu driver reports it (tests/zcu102/run.sh, scenario "smmu").
 *
 *   insmod smmu-fault-test.ko channel=dma0chan0 [iova=0x100000]
 *          [read_iova=0x200000] [len=4096]
 *
 * On load it takes the named memcpy channel and does two copies from a
 * buffer mapped for the channel's device (dma_map_single: an IOVA of its
 * DMA domain), then one into such a buffer:
 *   1. to a second mapped buffer: must complete, with the bytes there
 *      (the engine and the domain work);
 *   2. to @iova, which no one mapped (dma-iommu allocates IOVAs downwards
 *      from the top of the device's DMA mask, far above it): the SMMU's
 *      context bank must fault and the engine report an error to its
 *      driver.  What the client is told depends on the driver: Linux's
 *      xilinx_dma (CDMA) never completes the descriptor; its zynqmp_dma
 *      (GDMA), resetting the channel after an error, completes the
 *      active descriptor as if it were done.
 *   3. from @read_iova, which no one mapped either, into a mapped buffer
 *      filled with a poison pattern (0 skips it): the SMMU must fault on
 *      the engine's read, and since the engine has no data to write, the
 *      buffer must still hold the poison afterwards, every byte of it.
 * The outcomes are logged on one line each, "smmu-fault-test: control: ...",
 * "smmu-fault-test: unmapped: ..." and "smmu-fault-test: unmapped-read: ...",
 * for the test's /init to judge with the SMMU driver's own "Unhandled
 * context fault" lines.  The module stays loaded (rmmod it); its load fails
 * only when the test cannot run at all.
 */
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *channel = "dma0chan0";
module_param(channel, charp, 0444);
MODULE_PARM_DESC(channel, "the dmaengine memcpy channel, as in /sys/class/dma");
static unsigned long iova = 0x100000;
module_param(iova, ulong, 0444);
MODULE_PARM_DESC(iova, "the destination IOVA, never mapped");
static unsigned long read_iova = 0x200000;
module_param(read_iova, ulong, 0444);
MODULE_PARM_DESC(
	read_iova,
	"the source IOVA of the third copy, never mapped (0: no such copy)");
static unsigned int len = 4096;
module_param(len, uint, 0444);
MODULE_PARM_DESC(len, "bytes per copy (at most a page)");
static unsigned int timeout_ms = 1000;
module_param(timeout_ms, uint, 0444);
MODULE_PARM_DESC(timeout_ms, "how long to wait for each copy");

/* What the third copy's destination holds before it, byte i. */
static u8 sft_poison(unsigned int i)
{
	return (u8)(0xa5 ^ (i * 13));
}

static bool sft_filter(struct dma_chan *chan, void *name)
{
	return !strcmp(dma_chan_name(chan), name);
}

static void sft_done(void *arg)
{
	complete(arg);
}

static const char *sft_status_name(enum dma_status s)
{
	switch (s) {
	case DMA_COMPLETE:
		return "complete";
	case DMA_IN_PROGRESS:
		return "in progress";
	case DMA_PAUSED:
		return "paused";
	case DMA_ERROR:
		return "error";
	default:
		return "unknown";
	}
}

/*
 * One copy of @n bytes, @src to @dst (bus addresses of the channel's
 * device).  Return: 1 when its callback came within timeout_ms, 0 when
 * not (then the channel is stopped and the status is in *@status), or a
 * negative errno when it could not be issued.
 */
static int sft_copy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		    size_t n, enum dma_status *status)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;
	unsigned long left;

	tx = dmaengine_prep_dma_memcpy(chan, dst, src, n,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!tx)
		return -ENOMEM;
	tx->callback = sft_done;
	tx->callback_param = &done;
	cookie = dmaengine_submit(tx);
	if (dma_submit_error(cookie))
		return -EIO;
	dma_async_issue_pending(chan);
	left = wait_for_completion_timeout(&done, msecs_to_jiffies(timeout_ms));
	*status = dma_async_is_tx_complete(chan, cookie, NULL, NULL);
	if (left)
		return 1;
	dmaengine_terminate_sync(chan);
	return 0;
}

/*
 * 3. From @read_iova, never mapped, into a mapped buffer full of poison:
 * the SMMU faults the engine's reads; nothing may land in the buffer.
 */
static int sft_read_unmapped(struct dma_chan *chan, struct device *dev)
{
	enum dma_status status;
	dma_addr_t poison_dma;
	unsigned int i, changed = 0, first = 0;
	u8 *poison;
	int ret;

	poison = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!poison)
		return -ENOMEM;
	for (i = 0; i < PAGE_SIZE; i++)
		poison[i] = sft_poison(i);
	/* Mapping cleans the poison out to memory, where the engine writes. */
	poison_dma = dma_map_single(dev, poison, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, poison_dma)) {
		kfree(poison);
		return -ENOMEM;
	}
	pr_info("smmu-fault-test: unmapped-read: %u bytes from never-mapped IOVA %#lx into the mapped destination at %pad, which holds a poison pattern\n",
		len, read_iova, &poison_dma);
	ret = sft_copy(chan, poison_dma, (dma_addr_t)read_iova, len, &status);
	/* Unmapping invalidates the CPU's caches: we read what memory holds. */
	dma_unmap_single(dev, poison_dma, len, DMA_FROM_DEVICE);
	if (ret < 0) {
		pr_err("smmu-fault-test: unmapped-read: cannot issue the copy (%d)\n",
		       ret);
		kfree(poison);
		return ret;
	}
	for (i = 0; i < len; i++) {
		if (poison[i] != sft_poison(i)) {
			if (!changed)
				first = i;
			changed++;
		}
	}
	if (!changed)
		pr_info("smmu-fault-test: unmapped-read: copy of %u bytes from never-mapped IOVA %#lx: %s (status %s); destination: all %u bytes still hold the poison\n",
			len, read_iova,
			ret ? "the driver reported it complete"
			    : "did not complete, the channel was stopped",
			sft_status_name(status), len);
	else
		pr_info("smmu-fault-test: unmapped-read: copy of %u bytes from never-mapped IOVA %#lx: %s (status %s); destination: WRITTEN, %u of %u bytes changed, the first at offset %u (%#04x, poison %#04x)\n",
			len, read_iova,
			ret ? "the driver reported it complete"
			    : "did not complete, the channel was stopped",
			sft_status_name(status), changed, len, first,
			poison[first], sft_poison(first));
	kfree(poison);
	return 0;
}

static int __init sft_init(void)
{
	struct dma_chan *chan;
	struct device *dev;
	dma_cap_mask_t mask;
	dma_addr_t src_dma, dst_dma;
	enum dma_status status;
	u8 *src, *dst;
	unsigned int i;
	int ret;

	if (!len || len > PAGE_SIZE)
		return -EINVAL;
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_channel(mask, sft_filter, channel);
	if (!chan) {
		pr_err("smmu-fault-test: no memcpy channel %s\n", channel);
		return -ENODEV;
	}
	dev = chan->device->dev;

	ret = -ENOMEM;
	src = kmalloc(PAGE_SIZE, GFP_KERNEL);
	dst = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!src || !dst)
		goto out_free;
	for (i = 0; i < len; i++)
		src[i] = (u8)(i * 7 + 1);
	src_dma = dma_map_single(dev, src, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, src_dma))
		goto out_free;
	dst_dma = dma_map_single(dev, dst, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, dst_dma))
		goto out_unmap_src;

	pr_info("smmu-fault-test: %s of %s (%s), IOMMU %s: source at IOVA %pad, mapped destination at %pad\n",
		channel, dev_name(dev), dev_driver_string(dev),
		dev->iommu_group ? "group" : "none", &src_dma, &dst_dma);

	/* 1. The control: mapped to mapped. */
	ret = sft_copy(chan, dst_dma, src_dma, len, &status);
	dma_unmap_single(dev, dst_dma, len, DMA_FROM_DEVICE);
	if (ret < 0) {
		pr_err("smmu-fault-test: control: cannot issue the copy (%d)\n",
		       ret);
		goto out_unmap_src;
	}
	if (ret && !memcmp(src, dst, len))
		pr_info("smmu-fault-test: control: %u bytes copied between mapped IOVAs, all there\n",
			len);
	else
		pr_info("smmu-fault-test: control: FAILED (%s, status %s)\n",
			ret ? "bytes differ" : "no completion",
			sft_status_name(status));

	/* 2. To an IOVA nobody mapped. */
	ret = sft_copy(chan, (dma_addr_t)iova, src_dma, len, &status);
	if (ret < 0) {
		pr_err("smmu-fault-test: unmapped: cannot issue the copy (%d)\n",
		       ret);
		goto out_unmap_src;
	}
	pr_info("smmu-fault-test: unmapped: copy of %u bytes to never-mapped IOVA %#lx: %s (status %s)\n",
		len, iova,
		ret ? "the driver reported it complete"
		    : "did not complete, the channel was stopped",
		sft_status_name(status));
	ret = 0;

	/* 3. From an IOVA nobody mapped. */
	if (read_iova)
		ret = sft_read_unmapped(chan, dev);

out_unmap_src:
	dma_unmap_single(dev, src_dma, len, DMA_TO_DEVICE);
out_free:
	kfree(dst);
	kfree(src);
	dma_release_channel(chan);
	return ret;
}

static void __exit sft_exit(void)
{
}

module_init(sft_init);
module_exit(sft_exit);
MODULE_DESCRIPTION(
	"vadma: dmaengine copies to and from never-mapped IOVAs, for SMMU context faults");
MODULE_LICENSE("GPL");
