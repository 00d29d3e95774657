/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The user-space side of /dev/vadma (the kernel module, kmod/): open the
 * device, check its ABI, and call its ioctls with the structs of
 * include/uapi/vadma.h filled in.  Linux only; every function returns 0
 * (or a count) or a negative errno, and never prints.
 */
#ifndef VADMA_KDEV_H
#define VADMA_KDEV_H

#include <stddef.h>
#include <stdint.h>

#include "uapi/vadma.h"

/**
 * struct vadma_kdev - an open /dev/vadma
 * @fd:   its file descriptor
 * @info: what VADMA_IOC_INFO said when it was opened
 */
struct vadma_kdev {
	int fd;
	struct vadma_info info;
};

/**
 * vadma_kdev_open() - open the device and read what it is
 * @k:    filled
 * @path: the device, or NULL for VADMA_DEVICE
 *
 * Return: 0; -ENOENT (no such device: the module is not loaded); -EACCES;
 * -EPROTO (the module speaks another ABI version than this library);
 * another negative errno of open() or VADMA_IOC_INFO.
 */
int vadma_kdev_open(struct vadma_kdev *k, const char *path);

/**
 * vadma_kdev_close() - close the device
 * @k: from vadma_kdev_open(); closing it twice is harmless
 *
 * The module then unmaps and unpins what this file mapped, and unbinds.
 */
void vadma_kdev_close(struct vadma_kdev *k);

/**
 * vadma_kdev_bind() - share the calling process's address space
 * @k:     the device
 * @pasid: set to the address space's ID at the IOMMU (the ASID), or NULL
 *
 * From now on vadma_kdev_dma() takes this process's virtual addresses.
 * Return: 0 or the negative errno of VADMA_IOC_BIND.
 */
int vadma_kdev_bind(struct vadma_kdev *k, uint32_t *pasid);

/**
 * vadma_kdev_unbind() - stop sharing the process's address space
 * @k: the device
 *
 * Return: 0 or the negative errno of VADMA_IOC_UNBIND.
 */
int vadma_kdev_unbind(struct vadma_kdev *k);

/**
 * vadma_kdev_map() - pin [@va, @va + @len) and map it at @iova
 * @k:     the device
 * @va:    the first byte, in this process
 * @len:   bytes
 * @iova:  where the DMA engine will see it
 * @flags: VADMA_MAP_READ and/or VADMA_MAP_WRITE
 *
 * The module checks alignment and ranges; see VADMA_IOC_MAP.
 *
 * Return: 0 or the negative errno of VADMA_IOC_MAP.
 */
int vadma_kdev_map(struct vadma_kdev *k, void *va, uint64_t len, uint64_t iova,
		   uint32_t flags);

/**
 * vadma_kdev_unmap() - unmap and unpin what vadma_kdev_map() mapped
 * @k:    the device
 * @iova: the mapping's first I/O virtual address
 * @len:  its length in bytes
 *
 * Return: 0 or the negative errno of VADMA_IOC_UNMAP.
 */
int vadma_kdev_unmap(struct vadma_kdev *k, uint64_t iova, uint64_t len);

/**
 * vadma_kdev_dma() - copy @len bytes from @src to @dst and wait
 * @k:      the device
 * @engine: enum vadma_engine (0: the backend's own)
 * @src:    source: an IOVA, or after vadma_kdev_bind() a virtual address
 * @dst:    destination, the same kind of address as @src
 * @len:    bytes
 * @flags:  VADMA_DMA_* or 0
 * @out:    the request as the module answered it: status, fault, bytes
 *
 * Return: 0 when the engine ran (the outcome is @out->status), else the
 * negative errno of VADMA_IOC_DMA.
 */
int vadma_kdev_dma(struct vadma_kdev *k, unsigned int engine, uint64_t src,
		   uint64_t dst, uint64_t len, uint32_t flags,
		   struct vadma_dma *out);

/**
 * vadma_kdev_faults() - take up to @room records out of the fault log
 * @k:    the device
 * @recs: room for @room records
 * @room: how many @recs holds
 * @lost: set to the records dropped, the log being full, or NULL
 *
 * Return: how many were written to @recs, or a negative errno.
 */
int vadma_kdev_faults(struct vadma_kdev *k, struct vadma_fault *recs,
		      unsigned int room, uint64_t *lost);

/**
 * vadma_kdev_status_name() - the name of a DMA's outcome
 * @status: a &struct vadma_dma's status, VADMA_DMA_*
 *
 * Return: "done", "fault", "timeout", "bus error", or "unknown".
 */
const char *vadma_kdev_status_name(uint32_t status);

/**
 * vadma_kdev_fault_name() - the name of a fault's type
 * @type: a &struct vadma_fault's type, VADMA_FAULT_*
 *
 * Return: "translation", "permission", ..., or "unknown".
 */
const char *vadma_kdev_fault_name(uint16_t type);

/**
 * vadma_kdev_features() - the names of @features, space-separated
 * @features: VADMA_FEAT_* bits from &struct vadma_info
 * @buf:      written, always terminated when @size is not 0
 * @size:     bytes at @buf; the list stops before the first name that
 *            does not fit whole
 *
 * Return: @buf.
 */
char *vadma_kdev_features(uint64_t features, char *buf, size_t size);

#endif /* VADMA_KDEV_H */
