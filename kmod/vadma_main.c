// SPDX-License-Identifier: GPL-2.0-only
/*
 * vadma.ko: /dev/vadma over one backend, chosen at load time with
 * backend=model|iommu|mmu500.  Only the model backend exists so far: the
 * ZynqMP DMA path (MMU-500, ZDMA, AXI CDMA) modelled by the same core
 * sources user space runs, built into the module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "vadma/model.h"
#include "vadma/plat.h"
#include "vadma/smmu.h"
#include "uapi/vadma.h"

static char *backend = "model";
module_param(backend, charp, 0444);
MODULE_PARM_DESC(backend,
		 "what /dev/vadma drives: model (default), iommu or mmu500");

/**
 * struct vadma_dev - the one instance of the module
 * @misc:     /dev/vadma
 * @info:     the answer to VADMA_IOC_INFO, fixed at load
 * @model:    the model backend's node (the ZCU102's DMA path)
 * @smmu:     the SMMU driver's state for the model's MMU-500
 */
struct vadma_dev {
	struct miscdevice misc;
	struct vadma_info info;
	struct model *model;
	struct smmu *smmu;
};

static struct vadma_dev vadma_dev;

/* The layout user space compiled against: no padding, same on 32-bit. */
static_assert(sizeof(struct vadma_info) == 72);

static long vadma_ioc_info(struct vadma_dev *vd, void __user *uarg)
{
	struct vadma_info in;
	unsigned int i;

	if (copy_from_user(&in, uarg, sizeof(in)))
		return -EFAULT;
	for (i = 0; i < ARRAY_SIZE(in.reserved); i++)
		if (in.reserved[i])
			return -EINVAL;
	if (copy_to_user(uarg, &vd->info, sizeof(vd->info)))
		return -EFAULT;
	return 0;
}

static long vadma_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vadma_dev *vd =
		container_of(file->private_data, struct vadma_dev, misc);

	switch (cmd) {
	case VADMA_IOC_INFO:
		return vadma_ioc_info(vd, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations vadma_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vadma_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

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
 * The model backend, and a check that the core works in this kernel: build
 * the ZCU102's DMA path, probe its MMU-500 through the register ops as on
 * the board, put it in the safe state, and log what the driver found.
 */
static int vadma_model_init(struct vadma_dev *vd)
{
	const struct plat_desc *plat = &plat_zcu102;
	struct vadma_log log = { .left = 2 }; /* the features and sCR0 */
	struct model_cfg cfg;
	struct vadma_io io;
	const struct smmu_features *f;
	int ret;

	vd->smmu = kzalloc(sizeof(*vd->smmu), GFP_KERNEL);
	if (!vd->smmu)
		return -ENOMEM;
	model_cfg_default(&cfg, plat);
	ret = model_create(&cfg, &vd->model);
	if (ret) {
		pr_err("model: cannot build the %s: %s\n", plat->name,
		       vadma_strerror(ret));
		goto out_smmu;
	}
	io = model_io(vd->model, plat->smmu_base);
	ret = smmu_probe(vd->smmu, &io);
	if (ret) {
		pr_err("model: SMMU probe failed: %s\n", vadma_strerror(ret));
		goto out_model;
	}
	ret = smmu_reset(vd->smmu);
	if (ret) {
		pr_err("model: SMMU reset failed: %s\n", vadma_strerror(ret));
		goto out_model;
	}
	ret = smmu_dump(vd->smmu, vadma_log_line, &log);
	if (ret < 0) {
		pr_err("model: SMMU dump failed: %s\n", vadma_strerror(ret));
		goto out_model;
	}

	f = &vd->smmu->feat;
	vd->info.backend = VADMA_BACKEND_MODEL;
	vd->info.features = VADMA_FEAT_SMMUV2;
	if (plat->nr_zdma)
		vd->info.features |= VADMA_FEAT_ZDMA;
	if (plat->cdma.base)
		vd->info.features |= VADMA_FEAT_CDMA;
	if (f->granules & BIT(12))
		vd->info.features |= VADMA_FEAT_S1_4K;
	if (f->granules & BIT(16))
		vd->info.features |= VADMA_FEAT_S1_64K;
	vd->info.smmu_cbs = f->num_cbs;
	vd->info.smmu_smrs = f->num_smrs;
	pr_info("model: %s, SMMU probed and reset: the core works in this kernel\n",
		plat->name);
	return 0;

out_model:
	model_destroy(vd->model);
	vd->model = NULL;
out_smmu:
	kfree(vd->smmu);
	vd->smmu = NULL;
	return ret;
}

static void vadma_model_exit(struct vadma_dev *vd)
{
	model_destroy(vd->model);
	vd->model = NULL;
	kfree(vd->smmu);
	vd->smmu = NULL;
}

static int __init vadma_init(void)
{
	struct vadma_dev *vd = &vadma_dev;
	int ret;

	if (strcmp(backend, "iommu") == 0 || strcmp(backend, "mmu500") == 0) {
		pr_err("backend=%s is not implemented yet; only backend=model is\n",
		       backend);
		return -ENODEV;
	}
	if (strcmp(backend, "model") != 0) {
		pr_err("unknown backend=%s: use model, iommu or mmu500\n",
		       backend);
		return -EINVAL;
	}

	memset(vd, 0, sizeof(*vd));
	vd->info.abi_version = VADMA_ABI_VERSION;
	strscpy(vd->info.backend_name, backend, sizeof(vd->info.backend_name));
	ret = vadma_model_init(vd);
	if (ret)
		return ret;

	vd->misc.minor = MISC_DYNAMIC_MINOR;
	vd->misc.name = "vadma";
	vd->misc.fops = &vadma_fops;
	vd->misc.mode = 0600;
	ret = misc_register(&vd->misc);
	if (ret) {
		pr_err("cannot register /dev/vadma: %d\n", ret);
		vadma_model_exit(vd);
		return ret;
	}
	pr_info("/dev/vadma ready, backend=%s, ABI %u\n", backend,
		VADMA_ABI_VERSION);
	return 0;
}

static void __exit vadma_exit(void)
{
	struct vadma_dev *vd = &vadma_dev;

	misc_deregister(&vd->misc);
	vadma_model_exit(vd);
	pr_info("unloaded\n");
}

module_init(vadma_init);
module_exit(vadma_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vadma: virtual-address DMA through the ARM SMMU");
