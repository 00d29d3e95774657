/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The interface of /dev/vadma, shared by the kernel module (kmod/) and the
 * programs that use it.  Fixed-width types only, every field naturally
 * aligned and no implicit padding, so the layout is the same for 32- and
 * 64-bit callers.
 *
 * Rules every ioctl keeps: an unknown command fails with ENOTTY; a pointer
 * the kernel cannot read or write fails with EFAULT; a reserved field that
 * is not zero fails with EINVAL, so that later versions can give it a
 * meaning without old callers passing garbage.
 */
#ifndef VADMA_UAPI_VADMA_H
#define VADMA_UAPI_VADMA_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Raised whenever a struct or a command changes incompatibly. */
#define VADMA_ABI_VERSION 1

#define VADMA_DEVICE "/dev/vadma"

/* The backend the module was loaded with (its "backend=" parameter). */
enum vadma_backend {
	/* the ZynqMP DMA path (MMU-500, ZDMA, AXI CDMA) modelled in the kernel */
	VADMA_BACKEND_MODEL = 1,
	/* the Linux IOMMU API and a PCI DMA device */
	VADMA_BACKEND_IOMMU = 2,
	/* the MMU-500 and DMA engines of a ZynqMP board */
	VADMA_BACKEND_MMU500 = 3,
};

#define VADMA_BACKEND_NAME_LEN 16

/*
 * Features of the backend (vadma_info.features):
 *   SMMUV2  an SMMUv2 (MMU-500) was probed and reset
 *   ZDMA    ZDMA channels (PS DMA) are present
 *   CDMA    an AXI CDMA (PL DMA) is present
 *   S1_4K   stage-1 translation with the 4 KiB granule
 *   S1_64K  stage-1 translation with the 64 KiB granule
 */
#define VADMA_FEAT_SMMUV2 (1ULL << 0)
#define VADMA_FEAT_ZDMA	  (1ULL << 1)
#define VADMA_FEAT_CDMA	  (1ULL << 2)
#define VADMA_FEAT_S1_4K  (1ULL << 3)
#define VADMA_FEAT_S1_64K (1ULL << 4)

/**
 * struct vadma_info - what the module is (VADMA_IOC_INFO)
 * @abi_version:  out: VADMA_ABI_VERSION
 * @backend:      out: enum vadma_backend
 * @features:     out: VADMA_FEAT_*
 * @backend_name: out: "model", "iommu" or "mmu500", NUL-terminated
 * @smmu_cbs:     out: context banks of the SMMU (0 without one)
 * @smmu_smrs:    out: stream-match registers of the SMMU (0 without one)
 * @reserved:     in: must be zero; out: zero
 */
struct vadma_info {
	__u32 abi_version;
	__u32 backend;
	__u64 features;
	char backend_name[VADMA_BACKEND_NAME_LEN];
	__u32 smmu_cbs;
	__u32 smmu_smrs;
	__u64 reserved[4];
};

#define VADMA_IOC_MAGIC 0xda
#define VADMA_IOC_INFO	_IOWR(VADMA_IOC_MAGIC, 0x00, struct vadma_info)

#endif /* VADMA_UAPI_VADMA_H */
