// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The user-space side of /dev/vadma: thin, checked wrappers of the
 * ioctls of include/uapi/vadma.h (see include/vadma/kdev.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vadma/kdev.h"

static int kdev_ioctl(const struct vadma_kdev *k, unsigned long cmd, void *arg)
{
	int ret;

	do
		ret = ioctl(k->fd, cmd, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

int vadma_kdev_open(struct vadma_kdev *k, const char *path)
{
	int ret;

	memset(k, 0, sizeof(*k));
	k->fd = open(path ? path : VADMA_DEVICE, O_RDWR | O_CLOEXEC);
	if (k->fd < 0)
		return -errno;
	ret = kdev_ioctl(k, VADMA_IOC_INFO, &k->info);
	if (!ret && k->info.abi_version != VADMA_ABI_VERSION)
		ret = -EPROTO;
	if (ret) {
		close(k->fd);
		k->fd = -1;
	}
	return ret;
}

void vadma_kdev_close(struct vadma_kdev *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

int vadma_kdev_bind(struct vadma_kdev *k, uint32_t *pasid)
{
	struct vadma_bind b;
	int ret;

	memset(&b, 0, sizeof(b));
	ret = kdev_ioctl(k, VADMA_IOC_BIND, &b);
	if (!ret && pasid)
		*pasid = b.pasid;
	return ret;
}

int vadma_kdev_unbind(struct vadma_kdev *k)
{
	return kdev_ioctl(k, VADMA_IOC_UNBIND, NULL);
}

int vadma_kdev_map(struct vadma_kdev *k, void *va, uint64_t len, uint64_t iova,
		   uint32_t flags)
{
	struct vadma_map m;

	memset(&m, 0, sizeof(m));
	m.va = (uintptr_t)va;
	m.length = len;
	m.iova = iova;
	m.flags = flags;
	return kdev_ioctl(k, VADMA_IOC_MAP, &m);
}

int vadma_kdev_unmap(struct vadma_kdev *k, uint64_t iova, uint64_t len)
{
	struct vadma_unmap u;

	memset(&u, 0, sizeof(u));
	u.iova = iova;
	u.length = len;
	return kdev_ioctl(k, VADMA_IOC_UNMAP, &u);
}

int vadma_kdev_dma(struct vadma_kdev *k, unsigned int engine, uint64_t src,
		   uint64_t dst, uint64_t len, uint32_t flags,
		   struct vadma_dma *out)
{
	memset(out, 0, sizeof(*out));
	out->engine = engine;
	out->flags = flags;
	out->src = src;
	out->dst = dst;
	out->len = len;
	return kdev_ioctl(k, VADMA_IOC_DMA, out);
}

int vadma_kdev_faults(struct vadma_kdev *k, struct vadma_fault *recs,
		      unsigned int room, uint64_t *lost)
{
	struct vadma_faults a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.records = (uintptr_t)recs;
	a.count = room;
	ret = kdev_ioctl(k, VADMA_IOC_FAULTS, &a);
	if (ret)
		return ret;
	if (lost)
		*lost = a.lost;
	return (int)a.count;
}

const char *vadma_kdev_status_name(uint32_t status)
{
	switch (status) {
	case VADMA_DMA_DONE:
		return "done";
	case VADMA_DMA_FAULT:
		return "fault";
	case VADMA_DMA_TIMEOUT:
		return "timeout";
	case VADMA_DMA_ERROR:
		return "bus error";
	default:
		return "unknown";
	}
}

const char *vadma_kdev_fault_name(uint16_t type)
{
	static const char *const names[] = {
		[VADMA_FAULT_UNKNOWN] = "unknown",
		[VADMA_FAULT_TRANSLATION] = "translation",
		[VADMA_FAULT_PERMISSION] = "permission",
		[VADMA_FAULT_ACCESS] = "access flag",
		[VADMA_FAULT_ADDR_SIZE] = "address size",
		[VADMA_FAULT_WALK] = "walk",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type]
						       : "unknown";
}

char *vadma_kdev_features(uint64_t features, char *buf, size_t size)
{
	static const char *const names[] = { "SMMUv2", "ZDMA",	 "CDMA",
					     "4K",     "64K",	 "IOMMU",
					     "edu",    "faults", "SVA" };
	size_t i, at = 0;

	if (!size)
		return buf;
	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int n;

		if (!(features & (1ULL << i)))
			continue;
		n = snprintf(buf + at, size - at, "%s%s", at ? " " : "",
			     names[i]);
		if (n < 0 || (size_t)n >= size - at) {
			buf[at] = 0; /* no piece of a name */
			break;
		}
		at += (size_t)n;
	}
	return buf;
}
