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

/*
 * Raised whenever a struct or a command changes incompatibly.
 *   1  VADMA_IOC_INFO only
 *   2  VADMA_IOC_MAP, UNMAP, DMA, BIND, UNBIND, FAULTS; vadma_info grew
 *      iova_limit, dma_max and pin_max (96 bytes)
 *   3  BIND works (backend model): DMA on a bound file takes virtual
 *      addresses; VADMA_FEAT_SVA, VADMA_DMA_ERROR, VADMA_FAULT_F_SERVED;
 *      vadma_bind.pasid must be zero on the way in
 */
#define VADMA_ABI_VERSION 3

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
 *   SMMUV2   an SMMUv2 (MMU-500) was probed and reset
 *   ZDMA     ZDMA channels (PS DMA) are present
 *   CDMA     an AXI CDMA (PL DMA) is present
 *   S1_4K    stage-1 translation with the 4 KiB granule
 *   S1_64K   stage-1 translation with the 64 KiB granule
 *   IOMMU    the Linux IOMMU API translates the engine's DMA (unmanaged
 *            domain); VADMA_IOC_MAP and VADMA_IOC_DMA work
 *   EDU      QEMU's edu PCI device is the DMA engine (VADMA_ENGINE_EDU)
 *   FAULTS   the IOMMU reports the engine's faults to the module, so a DMA
 *            that faults ends with VADMA_DMA_FAULT and a fault record
 *   SVA      VADMA_IOC_BIND shares the caller's address space: the SMMU
 *            walks the process's own page tables, DMA takes its virtual
 *            addresses, and the kernel's fault path serves its faults
 */
#define VADMA_FEAT_SMMUV2 (1ULL << 0)
#define VADMA_FEAT_ZDMA	  (1ULL << 1)
#define VADMA_FEAT_CDMA	  (1ULL << 2)
#define VADMA_FEAT_S1_4K  (1ULL << 3)
#define VADMA_FEAT_S1_64K (1ULL << 4)
#define VADMA_FEAT_IOMMU  (1ULL << 5)
#define VADMA_FEAT_EDU	  (1ULL << 6)
#define VADMA_FEAT_FAULTS (1ULL << 7)
#define VADMA_FEAT_SVA	  (1ULL << 8)

/**
 * struct vadma_info - what the module is (VADMA_IOC_INFO)
 * @abi_version:  out: VADMA_ABI_VERSION
 * @backend:      out: enum vadma_backend
 * @features:     out: VADMA_FEAT_*
 * @backend_name: out: "model", "iommu" or "mmu500", NUL-terminated
 * @smmu_cbs:     out: context banks of the SMMU (0 without one)
 * @smmu_smrs:    out: stream-match registers of the SMMU (0 without one)
 * @iova_limit:   out: VADMA_IOC_MAP takes IOVAs below this (0: no MAP)
 * @dma_max:      out: the largest length of one VADMA_IOC_DMA (0: no DMA)
 * @pin_max:      out: bytes one open file may have mapped (pinned) at once
 * @reserved:     in: must be zero; out: zero
 */
struct vadma_info {
	__u32 abi_version;
	__u32 backend;
	__u64 features;
	char backend_name[VADMA_BACKEND_NAME_LEN];
	__u32 smmu_cbs;
	__u32 smmu_smrs;
	__u64 iova_limit;
	__u64 dma_max;
	__u64 pin_max;
	__u64 reserved[4];
};

/* The device may read (VADMA_MAP_READ) and/or write the mapping. */
#define VADMA_MAP_READ	(1U << 0)
#define VADMA_MAP_WRITE (1U << 1)

/* The most one VADMA_IOC_MAP takes, and one open file may have mapped. */
#define VADMA_MAP_MAX (64ULL << 20)

/**
 * struct vadma_map - pin user memory and map it for the DMA engine
 *                    (VADMA_IOC_MAP)
 * @va:       in: the caller's address, page-aligned
 * @length:   in: bytes, a nonzero multiple of the page size, at most
 *            VADMA_MAP_MAX
 * @iova:     in: the address the engine uses, page-aligned, @iova + @length
 *            at most vadma_info.iova_limit
 * @flags:    in: VADMA_MAP_READ and/or VADMA_MAP_WRITE, nothing else
 * @reserved: in: must be zero
 *
 * The pages are pinned until VADMA_IOC_UNMAP or until the file is closed.
 * A read-only mapping pins the pages as they are now: write the buffer
 * before mapping it (an untouched page is the shared zero page).
 *
 * Errors: EFAULT (the struct, or @va..@va+@length not all mapped in the
 * caller, or not writable for VADMA_MAP_WRITE); EINVAL (alignment, zero or
 * too large a length, a range that wraps, unknown flags, nonzero reserved);
 * ERANGE (beyond iova_limit); EEXIST (overlaps a mapping of any file);
 * ENOSPC (the file would have more than pin_max mapped); ENOMEM;
 * EOPNOTSUPP (the backend has no MAP).
 */
struct vadma_map {
	__u64 va;
	__u64 length;
	__u64 iova;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct vadma_unmap - undo one VADMA_IOC_MAP of this file (VADMA_IOC_UNMAP)
 * @iova:     in: the mapping's @iova
 * @length:   in: the mapping's @length
 * @reserved: in: must be zero
 *
 * On return the engine can no longer reach the pages (the IOTLB is
 * invalidated) and they are unpinned.
 * Errors: EFAULT; EINVAL (nonzero reserved, @length not the mapping's);
 * ENOENT (no mapping of this file starts at @iova); EOPNOTSUPP.
 */
struct vadma_unmap {
	__u64 iova;
	__u64 length;
	__u64 reserved;
};

/* DMA engines (vadma_dma.engine); 0 is the backend's own. */
enum vadma_engine {
	VADMA_ENGINE_DEFAULT = 0,
	VADMA_ENGINE_EDU = 1,  /* QEMU's edu PCI device (backend iommu) */
	VADMA_ENGINE_ZDMA = 2, /* a ZDMA channel (backends model, mmu500) */
	VADMA_ENGINE_CDMA = 3, /* an AXI CDMA (backends model, mmu500) */
};

/*
 * vadma_dma.flags: NOCHECK skips the module's check that src and dst lie in
 * mappings of this file with the right permissions, so that the engine's
 * accesses reach the IOMMU and fault there (what the tests use to see the
 * IOMMU catch them).
 */
#define VADMA_DMA_NOCHECK (1U << 0)

/* vadma_dma.status */
enum vadma_dma_status {
	VADMA_DMA_DONE = 1,    /* all @len bytes copied */
	VADMA_DMA_FAULT = 2,   /* stopped by a fault: fault_addr, fault_flags */
	VADMA_DMA_TIMEOUT = 3, /* the engine did not finish in time */
	VADMA_DMA_ERROR = 4,   /* a bus error, not a translation fault: an
				  address wider than the engine's port, or
				  one that translated to something not RAM */
};

/* Fault flags (vadma_dma.fault_flags, vadma_fault.flags). */
#define VADMA_FAULT_F_READ   (1U << 0) /* the faulting access was a read */
#define VADMA_FAULT_F_WRITE  (1U << 1) /* ... a write */
/* found by the module before the engine ran, not by the IOMMU */
#define VADMA_FAULT_F_CHECK  (1U << 2)
/* served by the kernel's fault path (page made present, writable or
 * young) and the access retried: it did not stop the DMA */
#define VADMA_FAULT_F_SERVED (1U << 3)

/**
 * struct vadma_dma - copy @len bytes from IOVA @src to IOVA @dst
 *                    (VADMA_IOC_DMA)
 * @engine:      in: enum vadma_engine
 * @flags:       in: VADMA_DMA_NOCHECK or 0
 * @src:         in: IOVA read by the engine
 * @dst:         in: IOVA written by the engine
 * @len:         in: bytes, 1 to vadma_info.dma_max
 * @status:      out: enum vadma_dma_status
 * @fault_flags: out: VADMA_FAULT_F_* of the fault that stopped it, or 0
 * @fault_addr:  out: the IOVA that faulted, or 0
 * @bytes:       out: bytes known to be copied before it stopped
 * @reserved:    in: must be zero; out: zero
 *
 * On a file bound with VADMA_IOC_BIND, @src and @dst are the caller's
 * virtual addresses: there is no mapping and no check by the module; the
 * SMMU translates them through the process's page tables, and what it
 * cannot translate stalls while the kernel's fault path serves it, as for
 * the CPU (a page never touched, a clean or copy-on-write page written, an
 * old page).  A fault the kernel refuses (no mapping there, no right)
 * ends the DMA with VADMA_DMA_FAULT, @fault_addr and @fault_flags; every
 * fault, served or not, is in the fault log.  VADMA_DMA_NOCHECK is
 * meaningless then and ignored.  A ZDMA channel drives 44-bit addresses.
 * Memory the kernel does not let a device reach (VM_IO, VM_PFNMAP,
 * memfd_secret(2)) is refused before the engine starts: VADMA_DMA_FAULT
 * at its first address, with VADMA_FAULT_F_CHECK.  A DMA that runs out of
 * time stops its engine before the ioctl returns: VADMA_DMA_TIMEOUT, with
 * @bytes what the engine counted (the ZDMA; 0 for the AXI CDMA).
 *
 * The ioctl succeeds when the engine was run (or refused by the check) and
 * the outcome is in @status.  Before starting, unless VADMA_DMA_NOCHECK,
 * the module checks that @src is readable and @dst writable through this
 * file's mappings; a gap or a missing permission ends the DMA with
 * VADMA_DMA_FAULT (fault_flags has VADMA_FAULT_F_CHECK) and the engine is
 * not started.  A fault the IOMMU reports during the DMA stops it too.
 * Errors: EFAULT; EINVAL (@len 0 or above dma_max, a range that wraps,
 * unknown flags or engine, nonzero reserved); ENODEV (the backend has no
 * such engine); EACCES (@src or @dst lies in another file's mapping);
 * EBUSY (the engine is still busy from a DMA that timed out); EINTR (a
 * fatal signal: the DMA stopped between two chunks, or its engine was
 * halted); EIO (an engine that did not stop after a timeout still does
 * not, or the SMMU did not confirm an invalidation for this file's
 * address space); ENOTCONN (the backend
 * has no MAP, only BIND, and the file is not bound); EPERM (the file is
 * bound to another process's address space: the child after fork);
 * ERANGE (an address wider than the engine drives); EOPNOTSUPP.
 */
struct vadma_dma {
	__u32 engine;
	__u32 flags;
	__u64 src;
	__u64 dst;
	__u64 len;
	__u32 status;
	__u32 fault_flags;
	__u64 fault_addr;
	__u64 bytes;
	__u64 reserved[2];
};

/**
 * struct vadma_bind - share the caller's address space with the engine
 *                     (VADMA_IOC_BIND)
 * @flags:    in: 0
 * @pasid:    in: zero; out: the address space's ID at the IOMMU (on an
 *            SMMUv2, which has no substreams: the process's ASID, which
 *            tags the context bank's TLB entries)
 * @reserved: in: must be zero
 *
 * One bind per file, each with a context bank of its own: several
 * processes may be bound at once, each through its own open file.  The
 * bond lasts until VADMA_IOC_UNBIND, the file's last close, or the end of
 * the address space (exit, exec), after which DMA on it fails with ESRCH.
 * Errors: EFAULT; EINVAL (nonzero flags, pasid or reserved; no address
 * space); EBUSY (this file is bound already); ENOSPC (no free context
 * bank or ASID); EOPNOTSUPP (the backend cannot share address spaces:
 * the iommu backend).  VADMA_IOC_UNBIND undoes it; it fails with ENOENT
 * without a bind, EPERM for another process than the bound one, and
 * EOPNOTSUPP where BIND does.
 */
struct vadma_bind {
	__u32 flags;
	__u32 pasid;
	__u64 reserved[3];
};

/* Fault types (vadma_fault.type), after the IOMMU's own classes. */
enum vadma_fault_type {
	VADMA_FAULT_UNKNOWN = 0,
	VADMA_FAULT_TRANSLATION = 1, /* no valid translation: unmapped IOVA */
	VADMA_FAULT_PERMISSION = 2,  /* mapped without the access's right */
	VADMA_FAULT_ACCESS = 3,	     /* access flag */
	VADMA_FAULT_ADDR_SIZE = 4,   /* address beyond the input/output size */
	VADMA_FAULT_WALK = 5,	     /* the table walk itself failed */
};

/**
 * struct vadma_fault - one record of the fault log
 * @seq:      number of the record since the module was loaded, from 1
 * @iova:     the (first) address that faulted
 * @stream:   the stream ID of the engine (on SMMUv3: its PCI requester ID)
 * @type:     enum vadma_fault_type
 * @flags:    VADMA_FAULT_F_*
 * @count:    faults merged into this record: an engine's burst that faults
 *            is reported access by access (QEMU: every 4 bytes), and
 *            consecutive faults of one DMA step with the same stream, type,
 *            flags and page make one record
 * @reserved: zero
 */
struct vadma_fault {
	__u64 seq;
	__u64 iova;
	__u32 stream;
	__u16 type;
	__u16 flags;
	__u32 count;
	__u32 reserved;
};

/* Records the log keeps; when full, the oldest is dropped and counted. */
#define VADMA_FAULT_LOG 32

/**
 * struct vadma_faults - take the oldest records of the fault log
 *                       (VADMA_IOC_FAULTS)
 * @records:  in: user pointer to an array of struct vadma_fault
 * @count:    in: room in @records; out: records written there (and
 *            removed from the log)
 * @flags:    in: 0
 * @lost:     out: records dropped since the last read, the log being full
 * @reserved: in: must be zero
 *
 * The log is the file's: the faults of the DMAs it ran (each file has
 * its own; one never reads or takes another's).
 * Errors: EFAULT; EINVAL (nonzero flags or reserved).
 */
struct vadma_faults {
	__u64 records;
	__u32 count;
	__u32 flags;
	__u64 lost;
	__u64 reserved[2];
};

#define VADMA_IOC_MAGIC	 0xda
#define VADMA_IOC_INFO	 _IOWR(VADMA_IOC_MAGIC, 0x00, struct vadma_info)
#define VADMA_IOC_MAP	 _IOW(VADMA_IOC_MAGIC, 0x01, struct vadma_map)
#define VADMA_IOC_UNMAP	 _IOW(VADMA_IOC_MAGIC, 0x02, struct vadma_unmap)
#define VADMA_IOC_DMA	 _IOWR(VADMA_IOC_MAGIC, 0x03, struct vadma_dma)
#define VADMA_IOC_BIND	 _IOWR(VADMA_IOC_MAGIC, 0x04, struct vadma_bind)
#define VADMA_IOC_UNBIND _IO(VADMA_IOC_MAGIC, 0x05)
#define VADMA_IOC_FAULTS _IOWR(VADMA_IOC_MAGIC, 0x06, struct vadma_faults)

#endif /* VADMA_UAPI_VADMA_H */
