// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Runs inside the guest (a static arm64 program in the initramfs): checks
 * /dev/vadma's ioctls against include/uapi/vadma.h, the good case and the
 * bad ones, and prints TAP ("ok N - ..." / "not ok N - ...").
 *   vadma-test model   backend=model: E3, DMA on the process's own virtual
 *                      addresses through the in-kernel MMU-500 model, with
 *                      faults served, the TLB kept coherent on munmap,
 *                      mprotect and fork, exit while bound, robustness
 *   vadma-test board   backend=mmu500 on the virtual ZCU102 (vadma's
 *                      MMU-500 in QEMU): the checks of "model"
 *   vadma-test mmu500  backend=mmu500 over registers that are only RAM
 *                      (run-kernel.sh): INFO, BIND, a DMA that times out,
 *                      callers waiting for it killed, and it killed
 *   vadma-test hold    bind, say so in /tmp/bound, wait for /tmp/release
 *                      (init.sh tries rmmod meanwhile)
 *   vadma-test iommu   backend=iommu: E1 with the edu device behind the
 *                      SMMUv3, or a ZDMA channel behind arm-smmu's MMU-500
 *                      (INFO's features say which), faults, robustness,
 *                      pins released
 * Exit status: 0 when every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "uapi/vadma.h"

static int n_checks;
static int n_failed;

static void check(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++n_checks);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		n_failed++;
}

/* The ioctl fails with @want as errno. */
static void check_errno(int fd, unsigned long cmd, void *arg, int want,
			const char *what)
{
	int ret;

	errno = 0;
	ret = ioctl(fd, cmd, arg);
	check(ret == -1 && errno == want, "%s: %s (got %d, %s)", what,
	      strerror(want), ret, ret ? strerror(errno) : "success");
}

static int is_iommu; /* which backend the module was loaded with */
/* backend=iommu's engine: VADMA_ENGINE_EDU or _ZDMA, from INFO's features */
static unsigned int iommu_engine = VADMA_ENGINE_EDU;

static const char *iommu_engine_name(void)
{
	return iommu_engine == VADMA_ENGINE_ZDMA ? "ZDMA" : "edu";
}
/* backend=mmu500 on the virtual ZCU102 (vadma's MMU-500 model in QEMU):
 * the E3 checks of backend=model, on the board's own registers. */
static int is_board;

static void check_info(int fd)
{
	struct vadma_info info;
	unsigned int i;
	int ret, zero = 1;

	memset(&info, 0, sizeof(info));
	ret = ioctl(fd, VADMA_IOC_INFO, &info);
	check(ret == 0, "VADMA_IOC_INFO succeeds (%s)",
	      ret ? strerror(errno) : "0");
	if (ret)
		return;
	check(info.abi_version == VADMA_ABI_VERSION, "ABI version %u (want %u)",
	      info.abi_version, VADMA_ABI_VERSION);
	check(memchr(info.backend_name, 0, sizeof(info.backend_name)) != NULL,
	      "backend name is NUL-terminated");
	if (is_iommu) {
		check(info.backend == VADMA_BACKEND_IOMMU &&
			      strcmp(info.backend_name, "iommu") == 0,
		      "backend %u \"%.*s\" is the iommu one", info.backend,
		      (int)sizeof(info.backend_name), info.backend_name);
		if (info.features & VADMA_FEAT_ZDMA)
			iommu_engine = VADMA_ENGINE_ZDMA;
		check((info.features & VADMA_FEAT_IOMMU) &&
			      !(info.features & VADMA_FEAT_EDU) !=
				      !(info.features & VADMA_FEAT_ZDMA) &&
			      (info.features & VADMA_FEAT_S1_4K) &&
			      !(info.features & VADMA_FEAT_SMMUV2),
		      "features 0x%llx: IOMMU API, %s, 4K pages",
		      (unsigned long long)info.features, iommu_engine_name());
		if (iommu_engine == VADMA_ENGINE_ZDMA)
			/* A GDMA channel drives 44 bits; the SMMU takes 48. */
			check(info.iova_limit == 1ULL << 44 &&
				      (info.features & VADMA_FEAT_FAULTS),
			      "IOVAs below 0x%llx (ZDMA's 44 bits); faults reported",
			      (unsigned long long)info.iova_limit);
		else
			/* edu's 28-bit DMA mask bounds the IOVAs. */
			check(info.iova_limit == 1ULL << 28,
			      "IOVAs below 0x%llx (edu's 28-bit mask)",
			      (unsigned long long)info.iova_limit);
		check(info.dma_max >= 8192, "DMA up to %llu bytes",
		      (unsigned long long)info.dma_max);
		check(info.smmu_cbs == 0 && info.smmu_smrs == 0,
		      "no SMMUv2 counts");
	} else {
		const char *want = is_board ? "mmu500" : "model";

		check(info.backend == (is_board ? VADMA_BACKEND_MMU500
						: VADMA_BACKEND_MODEL) &&
			      strcmp(info.backend_name, want) == 0,
		      "backend %u \"%.*s\" is %s", info.backend,
		      (int)sizeof(info.backend_name), info.backend_name, want);
		check((info.features & VADMA_FEAT_SMMUV2) &&
			      (info.features & VADMA_FEAT_ZDMA) &&
			      (info.features & VADMA_FEAT_CDMA) &&
			      (info.features & VADMA_FEAT_S1_4K),
		      "features 0x%llx: SMMUv2, ZDMA, CDMA, 4K granule",
		      (unsigned long long)info.features);
		/* The ZCU102's MMU-500: 16 context banks, 48 stream-match groups. */
		check(info.smmu_cbs == 16 && info.smmu_smrs == 48,
		      "SMMU of the ZCU102: %u context banks, %u SMRs",
		      info.smmu_cbs, info.smmu_smrs);
		check((info.features & VADMA_FEAT_SVA) &&
			      (info.features & VADMA_FEAT_FAULTS),
		      "features: SVA (BIND), faults reported");
		check(info.iova_limit == 1ULL << 44 &&
			      info.dma_max == 4ULL << 20,
		      "MAP below 2^44 (0x%llx); DMA up to %llu MiB",
		      (unsigned long long)info.iova_limit,
		      (unsigned long long)info.dma_max >> 20);
	}
	check(info.pin_max == VADMA_MAP_MAX, "pin limit %llu MiB per file",
	      (unsigned long long)info.pin_max >> 20);
	for (i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++)
		zero &= info.reserved[i] == 0;
	check(zero, "reserved fields come back zero");
}

/* The phase-1 checks of INFO and of the ioctl numbers. */
static void check_info_errors(int fd)
{
	struct vadma_info info;
	unsigned int i;
	void *ro;

	check_errno(fd, _IO(VADMA_IOC_MAGIC, 0x7f), NULL, ENOTTY,
		    "an unknown command");
	check_errno(fd, _IOWR(VADMA_IOC_MAGIC, 0x00, uint32_t), &info, ENOTTY,
		    "INFO with the wrong size encoded");
	check_errno(fd, _IOWR('T', 0x00, struct vadma_info), &info, ENOTTY,
		    "INFO's number with another magic");
	check_errno(fd, VADMA_IOC_INFO, NULL, EFAULT, "INFO with NULL");
	check_errno(fd, VADMA_IOC_INFO, (void *)(uintptr_t)0xdead0000, EFAULT,
		    "INFO with an unmapped pointer");
	check_errno(fd, VADMA_IOC_INFO,
		    (void *)(uintptr_t)0xffff800000000000ULL, EFAULT,
		    "INFO with a kernel address");

	/* Readable but not writable: the copy back must fail, not the read. */
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro != MAP_FAILED) {
		check_errno(fd, VADMA_IOC_INFO, ro, EFAULT,
			    "INFO into a read-only page");
		munmap(ro, 4096);
	} else {
		check(0, "mmap a read-only page (%s)", strerror(errno));
	}

	for (i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++) {
		char what[64];

		memset(&info, 0, sizeof(info));
		info.reserved[i] = 1ULL << (13 * i);
		snprintf(what, sizeof(what), "INFO with reserved[%u] nonzero",
			 i);
		check_errno(fd, VADMA_IOC_INFO, &info, EINVAL, what);
	}

	/* Output fields given on input are ignored, not rejected. */
	memset(&info, 0xff, sizeof(info));
	memset(info.reserved, 0, sizeof(info.reserved));
	check(ioctl(fd, VADMA_IOC_INFO, &info) == 0 &&
		      info.abi_version == VADMA_ABI_VERSION,
	      "INFO overwrites garbage in its output fields");
}

/* --- The iommu backend ---------------------------------------------------- */

#define PAGE 4096UL

/* IOVAs: chosen far from the buffers' VAs, below edu's 2^28. */
#define IOVA_A	  0x0100000ULL
#define IOVA_B	  0x0200000ULL
#define IOVA_C	  0x0300000ULL
#define IOVA_D	  0x0400000ULL
#define IOVA_BIG  0x1000000ULL
#define COPY_LEN  8192UL
#define FAULT_LEN 8 /* bytes of the unchecked DMAs that fault */

/* The kernel's FOLL_PIN counters, after folding the per-CPU deltas. */
struct pins {
	long long acquired;
	long long released;
};

static int read_pins(struct pins *p)
{
	char name[64];
	long long v;
	FILE *f;
	int fd, found = 0;

	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			found = -1;
		close(fd);
	}
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", name, &v) == 2) {
		if (strcmp(name, "nr_foll_pin_acquired") == 0) {
			p->acquired = v;
			found++;
		} else if (strcmp(name, "nr_foll_pin_released") == 0) {
			p->released = v;
			found++;
		}
	}
	fclose(f);
	return found == 2 ? 0 : -1;
}

static void *map_anon(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int do_map(int fd, void *va, uint64_t len, uint64_t iova, uint32_t flags)
{
	struct vadma_map m = {
		.va = (uintptr_t)va,
		.length = len,
		.iova = iova,
		.flags = flags,
	};

	return ioctl(fd, VADMA_IOC_MAP, &m) ? -errno : 0;
}

static int do_unmap(int fd, uint64_t iova, uint64_t len)
{
	struct vadma_unmap u = { .iova = iova, .length = len };

	return ioctl(fd, VADMA_IOC_UNMAP, &u) ? -errno : 0;
}

static int do_dma(int fd, uint64_t src, uint64_t dst, uint64_t len,
		  uint32_t flags, struct vadma_dma *d)
{
	memset(d, 0, sizeof(*d));
	d->engine = iommu_engine;
	d->flags = flags;
	d->src = src;
	d->dst = dst;
	d->len = len;
	return ioctl(fd, VADMA_IOC_DMA, d) ? -errno : 0;
}

/* MAP with these arguments fails with @want. */
static void map_fails(int fd, void *va, uint64_t len, uint64_t iova,
		      uint32_t flags, int want, const char *what)
{
	int ret = do_map(fd, va, len, iova, flags);

	check(ret == -want, "MAP %s: %s (got %s)", what, strerror(want),
	      ret ? strerror(-ret) : "success");
}

static void dma_fails(int fd, struct vadma_dma *d, int want, const char *what)
{
	check_errno(fd, VADMA_IOC_DMA, d, want, what);
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int all_bytes(const unsigned char *p, size_t len, unsigned char v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static const char *fault_type_name(unsigned int t)
{
	static const char *const names[] = { "unknown",	     "translation",
					     "permission",   "access",
					     "address size", "walk" };

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

/* Take the fault log and print it; return the records. */
static int take_faults(int fd, struct vadma_fault *recs, unsigned int room)
{
	struct vadma_faults a = { .records = (uintptr_t)recs, .count = room };
	unsigned int i;

	if (ioctl(fd, VADMA_IOC_FAULTS, &a)) {
		check(0, "FAULTS (%s)", strerror(errno));
		return 0;
	}
	for (i = 0; i < a.count; i++)
		printf("# fault %llu: %s, %s%s%s at IOVA 0x%llx, stream 0x%x, %u time(s)\n",
		       (unsigned long long)recs[i].seq,
		       fault_type_name(recs[i].type),
		       recs[i].flags & VADMA_FAULT_F_READ ? "read" : "",
		       recs[i].flags & VADMA_FAULT_F_WRITE ? "write" : "",
		       recs[i].flags & VADMA_FAULT_F_CHECK
			       ? " (module's check)"
			       : " (reported by the IOMMU)",
		       (unsigned long long)recs[i].iova, recs[i].stream,
		       recs[i].count);
	return a.count;
}

/* Find a record: type, flags exactly, address. */
static int has_fault(const struct vadma_fault *recs, int n, unsigned int type,
		     unsigned int flags, uint64_t iova)
{
	int i;

	for (i = 0; i < n; i++)
		if (recs[i].type == type && recs[i].flags == flags &&
		    recs[i].iova == iova)
			return 1;
	return 0;
}

static void check_iommu(int fd, struct vadma_info *info)
{
	unsigned char *a, *b, *c, *hole, *ro, *big;
	struct vadma_fault recs[VADMA_FAULT_LOG];
	const size_t big_len = VADMA_MAP_MAX;
	struct vadma_dma d;
	struct pins p0, p1;
	long long t;
	unsigned int i;
	int ret, n, fd2;

	a = map_anon(COPY_LEN, PROT_READ | PROT_WRITE);
	b = map_anon(COPY_LEN, PROT_READ | PROT_WRITE);
	c = map_anon(PAGE, PROT_READ | PROT_WRITE);
	if (!a || !b || !c) {
		check(0, "mmap the buffers");
		return;
	}
	for (i = 0; i < COPY_LEN; i++)
		a[i] = (unsigned char)(i * 7 + (i >> 8));
	memset(b, 0x5a, COPY_LEN);
	memset(c, 0x33, PAGE);
	check(read_pins(&p0) == 0,
	      "FOLL_PIN counters: %lld acquired, %lld released", p0.acquired,
	      p0.released);

	/* E1: the engine copies between two IOVAs of the caller's buffers. */
	ret = do_map(fd, a, COPY_LEN, IOVA_A, VADMA_MAP_READ);
	check(ret == 0,
	      "MAP A (VA %p) at IOVA 0x%llx, read-only for the device (%s)",
	      (void *)a, IOVA_A, strerror(-ret));
	ret = do_map(fd, b, COPY_LEN, IOVA_B, VADMA_MAP_READ | VADMA_MAP_WRITE);
	check(ret == 0, "MAP B (VA %p) at IOVA 0x%llx, read-write (%s)",
	      (void *)b, IOVA_B, strerror(-ret));
	read_pins(&p1);
	check(p1.acquired - p0.acquired == 2 * COPY_LEN / PAGE &&
		      p1.released == p0.released,
	      "the kernel counts %lld pages pinned (want %lu)",
	      p1.acquired - p0.acquired, 2 * COPY_LEN / PAGE);

	t = ms_now();
	ret = do_dma(fd, IOVA_A, IOVA_B, COPY_LEN, 0, &d);
	t = ms_now() - t;
	check(ret == 0 && d.status == VADMA_DMA_DONE && d.bytes == COPY_LEN,
	      "DMA IOVA A -> IOVA B, %lu bytes through %s: status %u, %llu bytes (%s, %lld ms)",
	      COPY_LEN, iommu_engine_name(), d.status,
	      (unsigned long long)d.bytes, strerror(-ret), t);
	check(memcmp(a, b, COPY_LEN) == 0, "B holds A's bytes");

	/*
	 * Writing a mapping the device may only read.  The unchecked DMAs
	 * that fault are short where they can be: QEMU's SMMUv3 reports every
	 * 4 bytes of a faulting burst, and the SMMUv3 driver logs only the
	 * first 10 events in 5 s (init.sh looks for them).
	 */
	ret = do_dma(fd, IOVA_B, IOVA_A, PAGE, 0, &d);
	check(ret == 0 && d.status == VADMA_DMA_FAULT &&
		      d.fault_addr == IOVA_A &&
		      d.fault_flags ==
			      (VADMA_FAULT_F_CHECK | VADMA_FAULT_F_WRITE),
	      "DMA into read-only A: refused by the check (status %u, fault 0x%x at 0x%llx)",
	      d.status, d.fault_flags, (unsigned long long)d.fault_addr);
	memset(b, 0xa5, PAGE);
	ret = do_dma(fd, IOVA_B, IOVA_A, FAULT_LEN, VADMA_DMA_NOCHECK, &d);
	if (info->features & VADMA_FEAT_FAULTS)
		check(ret == 0 && d.status == VADMA_DMA_FAULT &&
			      d.fault_addr == IOVA_A &&
			      d.fault_flags == VADMA_FAULT_F_WRITE,
		      "DMA into read-only A, unchecked: the SMMU's permission fault stops it (status %u, fault 0x%x at 0x%llx)",
		      d.status, d.fault_flags,
		      (unsigned long long)d.fault_addr);
	check(a[0] == 0 && a[1] == 7, "A is untouched");
	memcpy(b, a, PAGE);

	/*
	 * A DMA to an IOVA that was mapped and is not any more: the module's
	 * check refuses it; without the check the SMMU faults it.  Either way
	 * the page once mapped there (C) is untouched.
	 */
	ret = do_map(fd, c, PAGE, IOVA_C, VADMA_MAP_WRITE);
	check(ret == 0, "MAP C at IOVA 0x%llx (%s)", IOVA_C, strerror(-ret));
	ret = do_unmap(fd, IOVA_C, PAGE);
	check(ret == 0, "UNMAP C (%s)", strerror(-ret));
	ret = do_dma(fd, IOVA_A, IOVA_C, PAGE, 0, &d);
	check(ret == 0 && d.status == VADMA_DMA_FAULT &&
		      d.fault_addr == IOVA_C &&
		      d.fault_flags ==
			      (VADMA_FAULT_F_CHECK | VADMA_FAULT_F_WRITE) &&
		      d.bytes == 0,
	      "DMA to the unmapped IOVA C: refused by the check (status %u, fault 0x%x at 0x%llx, %llu bytes)",
	      d.status, d.fault_flags, (unsigned long long)d.fault_addr,
	      (unsigned long long)d.bytes);
	check(all_bytes(c, PAGE, 0x33), "C is untouched");

	t = ms_now();
	ret = do_dma(fd, IOVA_A, IOVA_C, PAGE, VADMA_DMA_NOCHECK, &d);
	t = ms_now() - t;
	if (info->features & VADMA_FEAT_FAULTS)
		check(ret == 0 && d.status == VADMA_DMA_FAULT &&
			      d.fault_addr == IOVA_C &&
			      d.fault_flags == VADMA_FAULT_F_WRITE &&
			      d.bytes == 0,
		      "DMA to the unmapped IOVA C, unchecked: the SMMU's fault stops it (status %u, fault 0x%x at 0x%llx, %lld ms)",
		      d.status, d.fault_flags, (unsigned long long)d.fault_addr,
		      t);
	else
		check(ret == 0,
		      "DMA to the unmapped IOVA C, unchecked: ran (status %u: no fault report from this IOMMU)",
		      d.status);
	check(all_bytes(c, PAGE, 0x33), "C is still untouched");

	/* Reading an unmapped IOVA: stopped before B is written. */
	ret = do_dma(fd, IOVA_C, IOVA_B, FAULT_LEN, VADMA_DMA_NOCHECK, &d);
	if (info->features & VADMA_FEAT_FAULTS)
		check(ret == 0 && d.status == VADMA_DMA_FAULT &&
			      d.fault_addr == IOVA_C &&
			      d.fault_flags == VADMA_FAULT_F_READ,
		      "DMA from the unmapped IOVA C, unchecked: the SMMU's fault stops it (status %u, fault 0x%x at 0x%llx)",
		      d.status, d.fault_flags,
		      (unsigned long long)d.fault_addr);
	check(memcmp(a, b, COPY_LEN) == 0,
	      "B still holds A's bytes: nothing was written after the fault");

	n = take_faults(fd, recs, VADMA_FAULT_LOG);
	check(has_fault(recs, n, VADMA_FAULT_TRANSLATION,
			VADMA_FAULT_F_CHECK | VADMA_FAULT_F_WRITE, IOVA_C) &&
		      has_fault(recs, n, VADMA_FAULT_PERMISSION,
				VADMA_FAULT_F_CHECK | VADMA_FAULT_F_WRITE,
				IOVA_A),
	      "the fault log has the check's records (%d records)", n);
	if (info->features & VADMA_FEAT_FAULTS)
		check(has_fault(recs, n, VADMA_FAULT_TRANSLATION,
				VADMA_FAULT_F_WRITE, IOVA_C) &&
			      has_fault(recs, n, VADMA_FAULT_TRANSLATION,
					VADMA_FAULT_F_READ, IOVA_C) &&
			      has_fault(recs, n, VADMA_FAULT_PERMISSION,
					VADMA_FAULT_F_WRITE, IOVA_A),
		      "the fault log has the SMMU's: translation (write, read) at C, permission at A");
	check(n > 0 && recs[0].stream == recs[n - 1].stream,
	      "the records name the engine's stream 0x%x",
	      n > 0 ? recs[0].stream : 0);
	n = take_faults(fd, recs, VADMA_FAULT_LOG);
	check(n == 0, "FAULTS took the records out of the log");

	/* --- MAP: every argument checked. --- */
	map_fails(fd, a, 0, IOVA_D, VADMA_MAP_READ, EINVAL, "of length 0");
	map_fails(fd, a, 1ULL << 40, IOVA_D, VADMA_MAP_READ, EINVAL,
		  "of 1 TiB");
	map_fails(fd, a, VADMA_MAP_MAX + PAGE, IOVA_D, VADMA_MAP_READ, EINVAL,
		  "beyond VADMA_MAP_MAX");
	map_fails(fd, a, -PAGE, IOVA_D, VADMA_MAP_READ, EINVAL,
		  "of length 2^64 - 4096");
	map_fails(fd, a, 100, IOVA_D, VADMA_MAP_READ, EINVAL,
		  "of a length that is not a page multiple");
	map_fails(fd, a + 8, PAGE, IOVA_D, VADMA_MAP_READ, EINVAL,
		  "at an unaligned VA");
	map_fails(fd, a, PAGE, IOVA_D + 8, VADMA_MAP_READ, EINVAL,
		  "at an unaligned IOVA");
	map_fails(fd, a, 2 * PAGE, -PAGE, VADMA_MAP_READ, EINVAL,
		  "of an IOVA range that wraps");
	map_fails(fd, a, PAGE, info->iova_limit, VADMA_MAP_READ, ERANGE,
		  "at iova_limit");
	map_fails(fd, a, 2 * PAGE, info->iova_limit - PAGE, VADMA_MAP_READ,
		  ERANGE, "across iova_limit");
	map_fails(fd, a, PAGE, IOVA_D, 0, EINVAL, "without READ or WRITE");
	map_fails(fd, a, PAGE, IOVA_D, VADMA_MAP_READ | 4, EINVAL,
		  "with an unknown flag");
	{
		struct vadma_map m = { .va = (uintptr_t)a,
				       .length = PAGE,
				       .iova = IOVA_D,
				       .flags = VADMA_MAP_READ,
				       .reserved = 1 };

		check_errno(fd, VADMA_IOC_MAP, &m, EINVAL,
			    "MAP with reserved nonzero");
	}
	check_errno(fd, VADMA_IOC_MAP, NULL, EFAULT, "MAP with NULL");
	check_errno(fd, VADMA_IOC_MAP, (void *)(uintptr_t)0xdead0000, EFAULT,
		    "MAP with an unmapped pointer");
	map_fails(fd, (void *)(uintptr_t)0xffff800000000000ULL, PAGE, IOVA_D,
		  VADMA_MAP_READ, EFAULT, "of a kernel address");
	hole = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	if (hole) {
		hole[0] = 1;
		munmap(hole + PAGE, PAGE);
		map_fails(fd, hole + PAGE, PAGE, IOVA_D, VADMA_MAP_READ, EFAULT,
			  "of a VA range not mapped in the process");
		map_fails(fd, hole, 2 * PAGE, IOVA_D,
			  VADMA_MAP_READ | VADMA_MAP_WRITE, EFAULT,
			  "of a VA range whose second page is not mapped");
		munmap(hole, PAGE);
	}
	ro = map_anon(PAGE, PROT_READ);
	if (ro) {
		map_fails(fd, ro, PAGE, IOVA_D, VADMA_MAP_WRITE, EFAULT,
			  "writable, of a read-only page");
	}
	map_fails(fd, a, COPY_LEN, IOVA_A, VADMA_MAP_READ, EEXIST,
		  "at A's IOVA again");
	map_fails(fd, c, PAGE, IOVA_B + PAGE, VADMA_MAP_READ, EEXIST,
		  "inside B's IOVAs");
	map_fails(fd, a, COPY_LEN, IOVA_B - PAGE, VADMA_MAP_READ, EEXIST,
		  "across B's start");

	/* The per-file pin limit: 64 MiB, A and B counted. */
	big = mmap(NULL, big_len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (big != MAP_FAILED) {
		map_fails(fd, big, big_len, IOVA_BIG,
			  VADMA_MAP_READ | VADMA_MAP_WRITE, ENOSPC,
			  "of 64 MiB with 16 KiB mapped already");
		ret = do_map(fd, big, big_len - 2 * COPY_LEN, IOVA_BIG,
			     VADMA_MAP_READ | VADMA_MAP_WRITE);
		check(ret == 0, "MAP of the rest of the 64 MiB (%s)",
		      strerror(-ret));
		map_fails(fd, c, PAGE, IOVA_C, VADMA_MAP_WRITE, ENOSPC,
			  "of one page more");
		ret = do_unmap(fd, IOVA_BIG, big_len - 2 * COPY_LEN);
		check(ret == 0, "UNMAP the big one (%s)", strerror(-ret));
		munmap(big, big_len);
	} else {
		check(0, "mmap 64 MiB (%s)", strerror(errno));
	}

	/* --- UNMAP. --- */
	ret = do_unmap(fd, IOVA_D, PAGE);
	check(ret == -ENOENT, "UNMAP of an IOVA not mapped: ENOENT (got %s)",
	      strerror(-ret));
	ret = do_unmap(fd, IOVA_A + PAGE, PAGE);
	check(ret == -ENOENT,
	      "UNMAP inside a mapping, not at its start: ENOENT (got %s)",
	      strerror(-ret));
	ret = do_unmap(fd, IOVA_A, PAGE);
	check(ret == -EINVAL,
	      "UNMAP with another length than the mapping's: EINVAL (got %s)",
	      strerror(-ret));
	{
		struct vadma_unmap u = { .iova = IOVA_A,
					 .length = COPY_LEN,
					 .reserved = 1 };

		check_errno(fd, VADMA_IOC_UNMAP, &u, EINVAL,
			    "UNMAP with reserved nonzero");
	}
	check_errno(fd, VADMA_IOC_UNMAP, NULL, EFAULT, "UNMAP with NULL");

	/* --- DMA. --- */
	do_dma(fd, IOVA_A, IOVA_B, 0, 0, &d);
	d.len = 0;
	dma_fails(fd, &d, EINVAL, "DMA of length 0");
	d.len = info->dma_max + 1;
	dma_fails(fd, &d, EINVAL, "DMA longer than dma_max");
	d.len = PAGE;
	d.src = (uint64_t)0 - PAGE / 2;
	dma_fails(fd, &d, EINVAL, "DMA from a range that wraps");
	d.src = IOVA_A;
	d.flags = 2;
	dma_fails(fd, &d, EINVAL, "DMA with an unknown flag");
	d.flags = 0;
	d.engine = 7;
	dma_fails(fd, &d, EINVAL, "DMA on an unknown engine");
	d.engine = iommu_engine == VADMA_ENGINE_ZDMA ? VADMA_ENGINE_EDU
						     : VADMA_ENGINE_ZDMA;
	dma_fails(fd, &d, ENODEV,
		  iommu_engine == VADMA_ENGINE_ZDMA
			  ? "DMA on edu, which this backend lacks"
			  : "DMA on a ZDMA, which this backend lacks");
	d.engine = VADMA_ENGINE_CDMA;
	dma_fails(fd, &d, ENODEV, "DMA on a CDMA, which this backend lacks");
	d.engine = iommu_engine;
	d.reserved[1] = 1;
	dma_fails(fd, &d, EINVAL, "DMA with reserved nonzero");
	check_errno(fd, VADMA_IOC_DMA, NULL, EFAULT, "DMA with NULL");

	/* Another file's mapping is not this file's to use. */
	fd2 = open(VADMA_DEVICE, O_RDWR);
	ret = do_map(fd2, c, PAGE, IOVA_D, VADMA_MAP_READ | VADMA_MAP_WRITE);
	check(fd2 >= 0 && ret == 0, "a second file maps C at IOVA 0x%llx (%s)",
	      IOVA_D, strerror(-ret));
	ret = do_dma(fd, IOVA_A, IOVA_D, PAGE, 0, &d);
	check(ret == -EACCES,
	      "DMA into the other file's mapping: EACCES (got %s)",
	      strerror(-ret));
	ret = do_dma(fd, IOVA_D, IOVA_B, PAGE, VADMA_DMA_NOCHECK, &d);
	check(ret == -EACCES,
	      "DMA from it, unchecked: EACCES all the same (got %s)",
	      strerror(-ret));
	map_fails(fd, a, PAGE, IOVA_D, VADMA_MAP_READ, EEXIST,
		  "over the other file's mapping");
	close(fd2); /* its mapping goes with it */
	ret = do_map(fd, c, PAGE, IOVA_D, VADMA_MAP_READ);
	check(ret == 0, "its IOVA is free once it is closed (%s)",
	      strerror(-ret));

	/* --- BIND, FAULTS. --- */
	{
		struct vadma_bind bind = { 0 };
		struct vadma_faults fa = { 0 };

		check_errno(fd, VADMA_IOC_BIND, &bind, EOPNOTSUPP,
			    "BIND: not supported by this IOMMU");
		check_errno(fd, VADMA_IOC_BIND, &bind, EOPNOTSUPP,
			    "BIND again");
		check_errno(fd, VADMA_IOC_UNBIND, NULL, EOPNOTSUPP, "UNBIND");
		bind.flags = 1;
		check_errno(fd, VADMA_IOC_BIND, &bind, EINVAL,
			    "BIND with an unknown flag");
		check_errno(fd, VADMA_IOC_BIND, NULL, EFAULT, "BIND with NULL");
		check_errno(fd, VADMA_IOC_FAULTS, NULL, EFAULT,
			    "FAULTS with NULL");
		fa.flags = 1;
		check_errno(fd, VADMA_IOC_FAULTS, &fa, EINVAL,
			    "FAULTS with an unknown flag");
	}

	/* Closing releases every pin: A, B and the one at IOVA_D. */
	close(fd);
	read_pins(&p1);
	check(p1.acquired - p0.acquired > 0 &&
		      p1.acquired - p0.acquired == p1.released - p0.released,
	      "every pinned page released after close: %lld acquired, %lld released",
	      p1.acquired - p0.acquired, p1.released - p0.released);
}

/* --- The model backend: E3 --------------------------------------------- */

/*
 * A ZDMA channel drives 44-bit addresses, and this kernel's mmap() hands
 * out addresses near 2^48: the buffers a ZDMA copies live at fixed places
 * below 2^44 (as all of a 39-bit VA kernel's do, the ZynqMP default).
 */
#define LOW_VA	0x1000000000ULL /* 64 GiB */
#define BIG_LEN (4UL << 20)
#define MID_LEN (64UL << 10)

static uint64_t low_next = LOW_VA;

/* @len bytes at the next free place below 2^44, with @prot, untouched. */
static unsigned char *low_map(size_t len, int prot)
{
	void *p = mmap((void *)(uintptr_t)low_next, len, prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		       0);

	if (p == MAP_FAILED || (uint64_t)(uintptr_t)p != low_next)
		return NULL;
	low_next += len + 16 * PAGE; /* a hole after each */
	return p;
}

static int va_dma(int fd, unsigned int engine, const void *src, void *dst,
		  uint64_t len, struct vadma_dma *d)
{
	memset(d, 0, sizeof(*d));
	d->engine = engine;
	d->src = (uintptr_t)src;
	d->dst = (uintptr_t)dst;
	d->len = len;
	return ioctl(fd, VADMA_IOC_DMA, d) ? -errno : 0;
}

static void fill(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + seed + (i >> 12));
}

static const char *status_name(unsigned int s)
{
	switch (s) {
	case VADMA_DMA_DONE:
		return "done";
	case VADMA_DMA_FAULT:
		return "fault";
	case VADMA_DMA_TIMEOUT:
		return "timeout";
	case VADMA_DMA_ERROR:
		return "bus error";
	default:
		return "?";
	}
}

/* A DMA that must run and end with @status. */
static int dma_ends(int fd, unsigned int engine, const void *src, void *dst,
		    uint64_t len, unsigned int status, struct vadma_dma *d,
		    const char *what)
{
	int ret = va_dma(fd, engine, src, dst, len, d);

	check(ret == 0 && d->status == status,
	      "%s: ends %s (got %s, status %s, fault at 0x%llx)", what,
	      status_name(status), ret ? strerror(-ret) : "ran",
	      ret ? "-" : status_name(d->status),
	      (unsigned long long)d->fault_addr);
	return ret == 0 && d->status == status;
}

/* Count the log's records of @type with all of @flags. */
static int count_faults(const struct vadma_fault *recs, int n,
			unsigned int type, unsigned int flags)
{
	int i, c = 0;

	for (i = 0; i < n; i++)
		if (recs[i].type == type && (recs[i].flags & flags) == flags)
			c++;
	return c;
}

static int do_bind(int fd, struct vadma_bind *b)
{
	memset(b, 0, sizeof(*b));
	return ioctl(fd, VADMA_IOC_BIND, b) ? -errno : 0;
}

static void check_model_args(int fd)
{
	struct vadma_map map = { 0 };
	struct vadma_unmap unmap = { 0 };
	struct vadma_bind bind = { 0 };
	struct vadma_dma d;
	unsigned char *p = low_map(PAGE, PROT_READ | PROT_WRITE);

	/* Explicit mappings (kmod/iova.c): MAP's own checks. */
	check_errno(fd, VADMA_IOC_MAP, &map, EINVAL, "model: MAP of 0 bytes");
	check_errno(fd, VADMA_IOC_UNMAP, &unmap, ENOENT,
		    "model: UNMAP of nothing mapped");
	/* Not bound: the addresses are IOVAs, none mapped: the check. */
	check(va_dma(fd, 0, p, p, 16, &d) == 0 && d.status == VADMA_DMA_FAULT &&
		      (d.fault_flags & VADMA_FAULT_F_CHECK),
	      "model: DMA before BIND is on IOVAs: refused by the check (%s)",
	      status_name(d.status));
	check_errno(fd, VADMA_IOC_UNBIND, NULL, ENOENT,
		    "model: UNBIND before BIND");
	bind.flags = 1;
	check_errno(fd, VADMA_IOC_BIND, &bind, EINVAL, "BIND, unknown flag");
	bind.flags = 0;
	bind.pasid = 3;
	check_errno(fd, VADMA_IOC_BIND, &bind, EINVAL, "BIND, pasid not 0");
	bind.pasid = 0;
	bind.reserved[2] = 1;
	check_errno(fd, VADMA_IOC_BIND, &bind, EINVAL, "BIND, reserved set");
	check_errno(fd, VADMA_IOC_BIND, NULL, EFAULT, "BIND with NULL");
	check_errno(fd, VADMA_IOC_BIND, (void *)(uintptr_t)0xdead0000, EFAULT,
		    "BIND with an unmapped pointer");
	munmap(p, PAGE);
}

/* Bound: argument errors of DMA, and addresses nothing maps. */
static void check_model_robust(int fd)
{
	unsigned char *buf = low_map(4 * PAGE, PROT_READ | PROT_WRITE);
	unsigned char *ro = low_map(PAGE, PROT_READ);
	struct vadma_dma d;
	struct vadma_bind b;

	memset(buf, 0x11, 4 * PAGE);
	check(do_bind(fd, &b) == -EBUSY, "BIND twice on one file: EBUSY");

	check(va_dma(fd, 0, buf, buf + PAGE, 0, &d) == -EINVAL,
	      "DMA of 0 bytes: EINVAL");
	check(va_dma(fd, 0, buf, buf + PAGE, (4ULL << 20) + 1, &d) == -EINVAL,
	      "DMA above dma_max: EINVAL");
	check(va_dma(fd, 0, buf, (void *)(uintptr_t)~0ULL, 16, &d) == -EINVAL,
	      "DMA whose destination wraps: EINVAL");
	check(va_dma(fd, 9, buf, buf + PAGE, 16, &d) == -EINVAL,
	      "DMA on engine 9: EINVAL");
	check(va_dma(fd, VADMA_ENGINE_EDU, buf, buf + PAGE, 16, &d) == -ENODEV,
	      "DMA on the edu engine: ENODEV");
	memset(&d, 0, sizeof(d));
	d.src = (uintptr_t)buf;
	d.dst = (uintptr_t)buf + PAGE;
	d.len = 16;
	d.reserved[1] = 1;
	dma_fails(fd, &d, EINVAL, "DMA with reserved set");
	dma_fails(fd, NULL, EFAULT, "DMA with NULL");
	check(va_dma(fd, VADMA_ENGINE_ZDMA, buf, (void *)(1ULL << 44), 16,
		     &d) == -ERANGE,
	      "ZDMA to an address above 2^44: ERANGE");

	/* Addresses the process does not map: the SMMU faults, the kernel
	 * refuses, the DMA stops; nothing else is written. */
	dma_ends(fd, 0, (void *)(uintptr_t)0x1000, buf, 64, VADMA_DMA_FAULT, &d,
		 "ZDMA from the unmapped page 0x1000");
	check(d.fault_addr == 0x1000 && (d.fault_flags & VADMA_FAULT_F_READ) &&
		      all_bytes(buf, PAGE, 0x11),
	      "... the fault is the read at 0x1000 (0x%llx, flags %u), the destination untouched",
	      (unsigned long long)d.fault_addr, d.fault_flags);
	/* The HP port carries 48 bits: decoded nowhere, before the SMMU. */
	dma_ends(fd, VADMA_ENGINE_CDMA, buf,
		 (void *)(uintptr_t)0xffff800000000000ULL, 64, VADMA_DMA_ERROR,
		 &d, "CDMA to a kernel address");
	check(d.fault_addr == 0 && d.bytes == 0,
	      "... a decode error on the port, no translation, no fault");
	dma_ends(fd, VADMA_ENGINE_CDMA, buf,
		 (void *)(uintptr_t)0xfffff0000000ULL, 64, VADMA_DMA_FAULT, &d,
		 "CDMA to an address below 2^48 the process does not map");
	check(d.fault_addr == 0xfffff0000000ULL &&
		      (d.fault_flags & VADMA_FAULT_F_WRITE),
	      "... faults at it (0x%llx), a write",
	      (unsigned long long)d.fault_addr);
	dma_ends(fd, 0, buf, buf + 4 * PAGE, 64, VADMA_DMA_FAULT, &d,
		 "ZDMA into the hole after a mapping");
	check(d.fault_addr == (uintptr_t)(buf + 4 * PAGE),
	      "... faults at the hole's first byte");
	/* Across the end: the first page is copied, then the fault. */
	fill(buf, PAGE, 5);
	dma_ends(fd, 0, buf, buf + 3 * PAGE + 2048, 4096, VADMA_DMA_FAULT, &d,
		 "ZDMA running off the end of a mapping");
	check(memcmp(buf + 3 * PAGE + 2048, buf, 2048) == 0,
	      "... the bytes before the hole arrived");
	dma_ends(fd, 0, buf, ro, 64, VADMA_DMA_FAULT, &d,
		 "ZDMA into a PROT_READ mapping");
	check(d.fault_addr == (uintptr_t)ro &&
		      (d.fault_flags & VADMA_FAULT_F_WRITE) &&
		      all_bytes(ro, PAGE, 0),
	      "... a write fault at it, nothing written");
	/* Unaligned everything. */
	fill(buf, 2 * PAGE, 9);
	memset(buf + 2 * PAGE, 0, 2 * PAGE);
	dma_ends(fd, 0, buf + 1, buf + 2 * PAGE + 3, 4097, VADMA_DMA_DONE, &d,
		 "ZDMA of 4097 bytes from offset 1 to offset 3");
	check(memcmp(buf + 2 * PAGE + 3, buf + 1, 4097) == 0 &&
		      buf[2 * PAGE + 2] == 0 && buf[2 * PAGE + 3 + 4097] == 0,
	      "... byte exact, nothing around it");
	munmap(buf, 4 * PAGE);
	munmap(ro, PAGE);
}

/* E3 proper: copies on the process's own addresses, with faults served. */
static void check_model_e3(int fd, unsigned int engine, const char *name)
{
	struct vadma_fault recs[VADMA_FAULT_LOG];
	unsigned char *src, *dst;
	struct vadma_dma d;
	long long t0;
	int n;

	if (engine == VADMA_ENGINE_CDMA) {
		/* The CDMA drives 64-bit addresses: anywhere mmap() likes. */
		src = map_anon(MID_LEN, PROT_READ | PROT_WRITE);
		dst = map_anon(MID_LEN, PROT_READ | PROT_WRITE);
	} else {
		src = low_map(MID_LEN, PROT_READ | PROT_WRITE);
		dst = low_map(MID_LEN, PROT_READ | PROT_WRITE);
	}
	if (!src || !dst) {
		check(0, "%s: buffers mapped", name);
		return;
	}
	take_faults(fd, recs, VADMA_FAULT_LOG); /* start from an empty log */
	fill(src, MID_LEN, 1);
	memset(dst, 0, MID_LEN);
	dma_ends(fd, engine, src, dst, MID_LEN, VADMA_DMA_DONE, &d,
		 "E3: 64 KiB between two buffers the process wrote");
	check(memcmp(src, dst, MID_LEN) == 0 && d.bytes == MID_LEN,
	      "%s: ... every byte arrived, no mapping step", name);
	n = take_faults(fd, recs, VADMA_FAULT_LOG);
	check(n == 0, "%s: ... without a fault (%d)", name, n);

	/* The destination never touched: each page faults and is served. */
	munmap(dst, MID_LEN);
	dst = mmap(dst, MID_LEN, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	fill(src, MID_LEN, 2);
	dma_ends(fd, engine, src, dst, MID_LEN, VADMA_DMA_DONE, &d,
		 "E3: into pages never touched");
	check(memcmp(src, dst, MID_LEN) == 0, "%s: ... every byte arrived",
	      name);
	n = take_faults(fd, recs, VADMA_FAULT_LOG);
	check(count_faults(recs, n, VADMA_FAULT_TRANSLATION,
			   VADMA_FAULT_F_WRITE | VADMA_FAULT_F_SERVED) ==
		      (int)(MID_LEN / PAGE),
	      "%s: ... %d translation faults on write, all served (%d records)",
	      name, (int)(MID_LEN / PAGE), n);

	/* Read first (the shared zero page, read-only), then written. */
	munmap(dst, MID_LEN);
	dst = mmap(dst, MID_LEN, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(all_bytes(dst, MID_LEN, 0), "%s: read by the CPU: zeroes", name);
	dma_ends(fd, engine, src, dst, MID_LEN, VADMA_DMA_DONE, &d,
		 "E3: into the zero page (copy on write)");
	check(memcmp(src, dst, MID_LEN) == 0, "%s: ... every byte arrived",
	      name);
	n = take_faults(fd, recs, VADMA_FAULT_LOG);
	check(count_faults(recs, n, VADMA_FAULT_PERMISSION,
			   VADMA_FAULT_F_WRITE | VADMA_FAULT_F_SERVED) ==
		      (int)(MID_LEN / PAGE),
	      "%s: ... %d permission faults on write, all served", name,
	      (int)(MID_LEN / PAGE));

	/* Old pages: the access flag cleared by MADV_COLD. */
	fill(src, MID_LEN, 3);
	if (madvise(src, MID_LEN, MADV_COLD) == 0) {
		dma_ends(fd, engine, src, dst, MID_LEN, VADMA_DMA_DONE, &d,
			 "E3: from pages made old (MADV_COLD)");
		check(memcmp(src, dst, MID_LEN) == 0,
		      "%s: ... every byte arrived", name);
		n = take_faults(fd, recs, VADMA_FAULT_LOG);
		check(count_faults(recs, n, VADMA_FAULT_ACCESS,
				   VADMA_FAULT_F_READ | VADMA_FAULT_F_SERVED) >
			      0,
		      "%s: ... access-flag faults on read, served (%d of %d records)",
		      name,
		      count_faults(recs, n, VADMA_FAULT_ACCESS,
				   VADMA_FAULT_F_READ | VADMA_FAULT_F_SERVED),
		      n);
	} else {
		check(0, "madvise(MADV_COLD): %s", strerror(errno));
	}

	/* The largest DMA, into 1024 pages never touched. */
	if (engine == VADMA_ENGINE_ZDMA) {
		unsigned char *bsrc = low_map(BIG_LEN, PROT_READ | PROT_WRITE);
		unsigned char *bdst = low_map(BIG_LEN, PROT_READ | PROT_WRITE);

		fill(bsrc, BIG_LEN, 4);
		t0 = ms_now();
		dma_ends(fd, engine, bsrc, bdst, BIG_LEN, VADMA_DMA_DONE, &d,
			 "E3: 4 MiB into untouched pages");
		check(memcmp(bsrc, bdst, BIG_LEN) == 0,
		      "%s: ... every byte arrived (%lld ms with 1024 faults served)",
		      name, ms_now() - t0);
		take_faults(fd, recs, VADMA_FAULT_LOG);
		munmap(bsrc, BIG_LEN);
		munmap(bdst, BIG_LEN);
	}
	munmap(src, MID_LEN);
	munmap(dst, MID_LEN);
}

/*
 * The SMMU's TLB follows the kernel's changes: after munmap, mprotect and
 * fork, no DMA goes through a translation the process no longer has.
 */
static void check_model_coherence(int fd)
{
	unsigned char *a = low_map(4 * PAGE, PROT_READ | PROT_WRITE);
	unsigned char *dst = low_map(4 * PAGE, PROT_READ | PROT_WRITE);
	unsigned char *q;
	struct vadma_dma d;
	int pipefd[2];
	pid_t pid;
	int status;

	/* munmap: a DMA after it faults instead of reaching the old page. */
	fill(a, 4 * PAGE, 6);
	dma_ends(fd, 0, a, dst, 4 * PAGE, VADMA_DMA_DONE, &d,
		 "coherence: a DMA fills the TLB");
	check(munmap(a + PAGE, PAGE) == 0, "munmap one page of the source");
	dma_ends(fd, 0, a, dst, 4 * PAGE, VADMA_DMA_FAULT, &d,
		 "coherence: the same DMA after munmap");
	check(d.fault_addr == (uintptr_t)(a + PAGE),
	      "... faults at the page unmapped (0x%llx)",
	      (unsigned long long)d.fault_addr);
	/* A new page at the same address: its bytes, not the old page's. */
	q = mmap(a + PAGE, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(q == a + PAGE, "a new page mapped at the same address");
	memset(q, 0x77, PAGE);
	dma_ends(fd, 0, a, dst, 4 * PAGE, VADMA_DMA_DONE, &d,
		 "coherence: DMA from the new page");
	check(all_bytes(dst + PAGE, PAGE, 0x77),
	      "... reads the new page's bytes, not the old one's");

	/* mprotect: read-only now, so a DMA write faults. */
	dma_ends(fd, 0, a, dst, 4 * PAGE, VADMA_DMA_DONE, &d,
		 "coherence: DMA writes the destination (TLB: writable)");
	check(mprotect(dst, 4 * PAGE, PROT_READ) == 0,
	      "mprotect the destination PROT_READ");
	memset(a, 0x99, 4 * PAGE);
	dma_ends(fd, 0, a, dst, 4 * PAGE, VADMA_DMA_FAULT, &d,
		 "coherence: DMA into it after mprotect");
	check(d.fault_addr == (uintptr_t)dst &&
		      (d.fault_flags & VADMA_FAULT_F_WRITE) &&
		      !all_bytes(dst, PAGE, 0x99),
	      "... a write fault at its first byte, nothing written");
	check(mprotect(dst, 4 * PAGE, PROT_READ | PROT_WRITE) == 0,
	      "mprotect it back to read-write");
	dma_ends(fd, 0, a, dst, 4 * PAGE, VADMA_DMA_DONE, &d,
		 "coherence: DMA into it again");
	check(all_bytes(dst, 4 * PAGE, 0x99), "... every byte arrived");

	/* fork: the parent's pages become copy-on-write; the DMA breaks the
	 * sharing for the parent, the child keeps the old bytes. */
	if (pipe(pipefd)) {
		check(0, "pipe: %s", strerror(errno));
		return;
	}
	memset(dst, 0x42, 4 * PAGE);
	dma_ends(fd, 0, a, dst, PAGE, VADMA_DMA_DONE, &d,
		 "fork: DMA writes the destination before fork");
	memset(dst, 0x42, 4 * PAGE);
	pid = fork();
	if (pid == 0) {
		char c, ok;
		struct vadma_dma cd;

		close(pipefd[1]);
		/* The child holds the file, not the address space. */
		ok = va_dma(fd, 0, a, dst, PAGE, &cd) == -EPERM &&
		     ioctl(fd, VADMA_IOC_UNBIND) == -1 && errno == EPERM;
		if (read(pipefd[0], &c, 1) != 1)
			_exit(3);
		/* The parent's DMA is done: the child's page is unchanged. */
		_exit(!ok ? 2 : all_bytes(dst, 4 * PAGE, 0x42) ? 0 : 1);
	}
	close(pipefd[0]);
	memset(a, 0x24, 4 * PAGE);
	dma_ends(fd, 0, a, dst, 4 * PAGE, VADMA_DMA_DONE, &d,
		 "fork: the parent's DMA after fork");
	check(all_bytes(dst, 4 * PAGE, 0x24),
	      "fork: ... the parent sees the DMA's bytes");
	if (write(pipefd[1], "x", 1) != 1)
		check(0, "write to the child");
	close(pipefd[1]);
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "fork: the child still sees its own bytes, and may not DMA or unbind through the parent's bond (child status %d)",
	      WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	/*
	 * A page left copy-on-write by a child that has gone: the first
	 * write reuses it, and the kernel makes it writable without telling
	 * secondary MMUs (ptep_set_access_flags()).  The SMMU holds it
	 * read-only from a DMA read; only the fault handler's invalidation
	 * lets the retried write see it writable.
	 */
	memset(a, 0x31, PAGE);
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &status, 0);
	dma_ends(fd, 0, a, dst, PAGE, VADMA_DMA_DONE, &d,
		 "reuse: a DMA reads a page write-protected by fork");
	memset(dst, 0x13, PAGE);
	dma_ends(fd, 0, dst, a, PAGE, VADMA_DMA_DONE, &d,
		 "reuse: then writes it, the child gone");
	check(all_bytes(a, PAGE, 0x13), "reuse: ... every byte arrived");
	munmap(a, 4 * PAGE);
	munmap(dst, 4 * PAGE);
}

struct unmapper {
	void *va;
	size_t len;
	int ret;
};

static void *unmapper(void *arg)
{
	struct unmapper *u = arg;

	usleep(2000);
	u->ret = munmap(u->va, u->len);
	return NULL;
}

/*
 * munmap while the DMA runs: another thread takes the destination away
 * while the engine fills it (its untouched pages fault one by one, so
 * the DMA sleeps in the fault path and the thread gets its turn).  The
 * DMA ends DONE or FAULT inside the range and the kernel stays quiet (the
 * notifier makes the SMMU forget the pages before they are freed, so the
 * engine stops at the hole instead of going on through its TLB).
 */
static void check_model_unmap_race(int fd)
{
	unsigned char *src = low_map(BIG_LEN, PROT_READ | PROT_WRITE);
	unsigned char *dst = low_map(BIG_LEN, PROT_READ | PROT_WRITE);
	struct unmapper u = { .va = dst, .len = BIG_LEN };
	struct vadma_dma d;
	pthread_t t;
	int ret;

	fill(src, BIG_LEN, 12);
	if (pthread_create(&t, NULL, unmapper, &u)) {
		check(0, "pthread_create");
		return;
	}
	ret = va_dma(fd, 0, src, dst, BIG_LEN, &d);
	pthread_join(t, NULL);
	check(u.ret == 0, "munmap of the destination during a 4 MiB DMA");
	check(ret == 0 && (d.status == VADMA_DMA_DONE ||
			   (d.status == VADMA_DMA_FAULT &&
			    d.fault_addr >= (uintptr_t)dst &&
			    d.fault_addr < (uintptr_t)dst + BIG_LEN &&
			    (d.fault_flags & VADMA_FAULT_F_WRITE))),
	      "... the DMA ends %s (fault at +0x%llx), inside the range",
	      ret ? strerror(-ret) : status_name(d.status),
	      d.status == VADMA_DMA_FAULT
		      ? (unsigned long long)(d.fault_addr - (uintptr_t)dst)
		      : 0ULL);
	munmap(src, BIG_LEN);
}

#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447 /* arm64, asm-generic */
#endif

/* A memfd_secret(2) region of @len bytes at the next free place below 2^44. */
static unsigned char *low_map_secret(int sfd, size_t len)
{
	void *p = mmap((void *)(uintptr_t)low_next, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_FIXED_NOREPLACE, sfd, 0);

	if (p == MAP_FAILED || (uint64_t)(uintptr_t)p != low_next)
		return NULL;
	low_next += len + 16 * PAGE;
	return p;
}

/* The DMA is refused at @at before anything moves: a fault, logged. */
static void refused_at(int fd, struct vadma_dma *d, const void *at,
		       unsigned int rw, const char *what)
{
	struct vadma_fault recs[VADMA_FAULT_LOG];
	int n = take_faults(fd, recs, VADMA_FAULT_LOG);

	check(d->status == VADMA_DMA_FAULT && d->fault_addr == (uintptr_t)at &&
		      (d->fault_flags & rw) &&
		      has_fault(recs, n, VADMA_FAULT_PERMISSION,
				rw | VADMA_FAULT_F_CHECK, (uintptr_t)at),
	      "%s: refused, a fault at its first byte (%s at 0x%llx, flags %u), logged",
	      what, status_name(d->status), (unsigned long long)d->fault_addr,
	      d->fault_flags);
}

struct secret_mapper {
	int sfd;
	unsigned char *dst;  /* the DMA's destination: 16 chunks of 64 pages */
	unsigned int mapped; /* the chunks it mapped */
};

/*
 * Map the secret file over the destination while the DMA runs, from the
 * last chunk down (the DMA meets them later), touching each at once.
 */
static void *secret_mapper(void *arg)
{
	struct secret_mapper *m = arg;
	int k;

	for (k = 15; k >= 0; k--) {
		unsigned char *at = m->dst + (size_t)k * 64 * PAGE;

		usleep(1000);
		if (mmap(at, 64 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, m->sfd, 0) == at) {
			memset(at, 0x77, 64 * PAGE);
			m->mapped |= 1U << k;
		}
	}
	return NULL;
}

/*
 * memfd_secret(2) memory: out of the kernel's linear map, refused by GUP.
 * A DMA from or into it is refused with a fault at its first byte and
 * nothing written, on both engines, touched or not; mapped over a
 * destination while the DMA runs, it stays out of reach too (the model
 * finds the page out of the map: a bus error, or the fault path refuses
 * it) and the kernel stays well.  The old module oopsed in __memcpy.
 */
static void check_model_secret(int fd)
{
	unsigned char *buf = low_map(4 * PAGE, PROT_READ | PROT_WRITE);
	unsigned char *sec, *src, *dst;
	struct secret_mapper sm = { 0 };
	int outcome[5] = { 0 };
	struct vadma_dma d;
	unsigned int e;
	pthread_t t;
	int sfd, ret = 0, i, ok;

	sfd = (int)syscall(SYS_memfd_secret, 0);
	check(sfd >= 0, "memfd_secret(2) (%s)",
	      sfd < 0 ? strerror(errno) : "ok");
	if (sfd < 0 || !buf)
		return;
	if (ftruncate(sfd, 64 * PAGE) ||
	    !(sec = low_map_secret(sfd, 4 * PAGE))) {
		check(0, "a memfd_secret region mapped below 2^44");
		return;
	}
	/* Two pages present in the process (and out of the kernel's map). */
	memset(sec, 0x5e, 2 * PAGE);
	for (e = VADMA_ENGINE_ZDMA; e <= VADMA_ENGINE_CDMA; e++) {
		const char *name = e == VADMA_ENGINE_ZDMA ? "ZDMA" : "CDMA";
		char what[96];

		memset(buf, 0x11, 4 * PAGE);
		snprintf(what, sizeof(what), "%s from secret memory", name);
		if (va_dma(fd, e, sec, buf, 2 * PAGE, &d) == 0)
			refused_at(fd, &d, sec, VADMA_FAULT_F_READ, what);
		else
			check(0, "%s: the ioctl runs", what);
		check(all_bytes(buf, 4 * PAGE, 0x11),
		      "%s: ... the destination untouched", what);
		snprintf(what, sizeof(what), "%s into secret memory", name);
		if (va_dma(fd, e, buf, sec, 2 * PAGE, &d) == 0)
			refused_at(fd, &d, sec, VADMA_FAULT_F_WRITE, what);
		else
			check(0, "%s: the ioctl runs", what);
		check(all_bytes(sec, 2 * PAGE, 0x5e),
		      "%s: ... the secret bytes untouched", what);
		snprintf(what, sizeof(what),
			 "%s into secret memory never touched", name);
		if (va_dma(fd, e, buf, sec + 2 * PAGE, 2 * PAGE, &d) == 0)
			refused_at(fd, &d, sec + 2 * PAGE, VADMA_FAULT_F_WRITE,
				   what);
		else
			check(0, "%s: the ioctl runs", what);
		check(all_bytes(sec + 2 * PAGE, 2 * PAGE, 0),
		      "%s: ... nothing written", what);
	}

	/*
	 * Secret memory mapped over the destination while the DMA runs: the
	 * SMMU meets pages the check at the start did not see.
	 */
	src = low_map(BIG_LEN, PROT_READ | PROT_WRITE);
	dst = low_map(BIG_LEN, PROT_READ | PROT_WRITE);
	if (!src || !dst) {
		check(0, "buffers for the race mapped");
		return;
	}
	fill(src, BIG_LEN, 13);
	ok = 1;
	for (i = 0; i < 8; i++) {
		unsigned int k;

		/* A fresh anonymous destination each round. */
		if (mmap(dst, BIG_LEN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			 0) != dst) {
			ok = 0;
			break;
		}
		sm.sfd = sfd;
		sm.dst = dst;
		sm.mapped = 0;
		if (pthread_create(&t, NULL, secret_mapper, &sm)) {
			ok = 0;
			break;
		}
		ret = va_dma(fd, i & 1 ? VADMA_ENGINE_CDMA : VADMA_ENGINE_ZDMA,
			     src, dst, BIG_LEN, &d);
		pthread_join(t, NULL);
		if (ret || d.status < VADMA_DMA_DONE ||
		    d.status > VADMA_DMA_ERROR)
			ok = 0;
		else
			outcome[d.status]++;
		for (k = 0; k < 16; k++)
			if ((sm.mapped & (1U << k)) &&
			    !all_bytes(dst + (size_t)k * 64 * PAGE, 64 * PAGE,
				       0x77))
				ok = 0;
		if (!ok)
			break;
	}
	check(ok,
	      "8 DMAs of 4 MiB while a thread maps secret memory over the destination: each ends, no secret byte written (done %d, fault %d, timeout %d, bus error %d)",
	      outcome[VADMA_DMA_DONE], outcome[VADMA_DMA_FAULT],
	      outcome[VADMA_DMA_TIMEOUT], outcome[VADMA_DMA_ERROR]);
	{
		struct vadma_fault recs[VADMA_FAULT_LOG];

		take_faults(fd, recs, VADMA_FAULT_LOG);
	}
	dma_ends(fd, VADMA_ENGINE_ZDMA, src, buf, 4 * PAGE, VADMA_DMA_DONE, &d,
		 "a DMA between ordinary buffers afterwards");
	check(memcmp(src, buf, 4 * PAGE) == 0, "... every byte");
	munmap(src, BIG_LEN);
	munmap(dst, BIG_LEN);
	munmap(sec, 4 * PAGE);
	munmap(buf, 4 * PAGE);
	close(sfd);
}

/* The sysfs directory of QEMU's edu PCI device, or NULL. */
static const char *edu_sysfs(void)
{
	static char path[128];
	char want[] = "0x1234\n0x11e8\n", got[32];
	unsigned int slot;

	for (slot = 0; slot < 32; slot++) {
		FILE *v, *dv;
		size_t n = 0;

		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/0000:00:%02x.0/vendor", slot);
		v = fopen(path, "r");
		if (!v)
			continue;
		n = fread(got, 1, 7, v);
		fclose(v);
		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/0000:00:%02x.0/device", slot);
		dv = fopen(path, "r");
		if (!dv)
			continue;
		n += fread(got + n, 1, 7, dv);
		fclose(dv);
		if (n == 14 && memcmp(got, want, 14) == 0) {
			snprintf(path, sizeof(path),
				 "/sys/bus/pci/devices/0000:00:%02x.0", slot);
			return path;
		}
	}
	return NULL;
}

/*
 * Device memory mapped into the process (a PCI BAR through sysfs:
 * VM_IO | VM_PFNMAP): GUP refuses it, and so does DMA, before anything
 * moves.
 */
static void check_model_pfnmap(int fd)
{
	unsigned char *buf = low_map(PAGE, PROT_READ | PROT_WRITE);
	const char *dev = edu_sysfs();
	struct vadma_dma d;
	char path[160];
	void *io;
	int bfd;

	if (is_board && !dev) {
		printf("# the ZCU102 has no edu device: no PCI BAR to map\n");
		munmap(buf, PAGE);
		return;
	}
	check(dev && buf, "QEMU's edu device is in sysfs (%s)",
	      dev ? dev : "not found");
	if (!dev || !buf)
		return;
	snprintf(path, sizeof(path), "%s/resource0", dev);
	bfd = open(path, O_RDWR | O_SYNC);
	io = bfd < 0 ? MAP_FAILED
		     : mmap((void *)(uintptr_t)low_next, PAGE,
			    PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_FIXED_NOREPLACE, bfd, 0);
	check(io != MAP_FAILED, "its BAR 0 mapped through %s (%s)", path,
	      io == MAP_FAILED ? strerror(errno) : "ok");
	if (bfd >= 0)
		close(bfd);
	if (io == MAP_FAILED)
		return;
	low_next += 17 * PAGE;
	memset(buf, 0x22, PAGE);
	if (va_dma(fd, VADMA_ENGINE_ZDMA, io, buf, 64, &d) == 0)
		refused_at(fd, &d, io, VADMA_FAULT_F_READ,
			   "ZDMA from device memory (VM_PFNMAP)");
	else
		check(0, "ZDMA from device memory: the ioctl runs");
	check(all_bytes(buf, PAGE, 0x22), "... the destination untouched");
	if (va_dma(fd, VADMA_ENGINE_CDMA, buf, io, 64, &d) == 0)
		refused_at(fd, &d, io, VADMA_FAULT_F_WRITE,
			   "CDMA into device memory (VM_PFNMAP)");
	else
		check(0, "CDMA into device memory: the ioctl runs");
	munmap(io, PAGE);
	munmap(buf, PAGE);
}

#define TIMEOUT_PARAM "/sys/module/vadma/parameters/dma_timeout_ms"

static int set_timeout_ms(unsigned int ms)
{
	FILE *f = fopen(TIMEOUT_PARAM, "w");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%u\n", ms) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* In a child: a new file, bound, copies 1 MiB on each engine. */
static int other_process_copies(void)
{
	struct vadma_bind b;
	struct vadma_dma d;
	unsigned char *p, *q;
	unsigned int e;
	long long t0;
	int fd;

	fd = open(VADMA_DEVICE, O_RDWR);
	p = low_map(1 << 20, PROT_READ | PROT_WRITE);
	q = low_map(1 << 20, PROT_READ | PROT_WRITE);
	if (fd < 0 || !p || !q || do_bind(fd, &b))
		return 2;
	for (e = VADMA_ENGINE_ZDMA; e <= VADMA_ENGINE_CDMA; e++) {
		fill(p, 1 << 20, 20 + e);
		t0 = ms_now();
		if (va_dma(fd, e, p, q, 1 << 20, &d) ||
		    d.status != VADMA_DMA_DONE || memcmp(p, q, 1 << 20)) {
			printf("# another process, engine %u: %s, status %s\n",
			       e, strerror(errno), status_name(d.status));
			return 1;
		}
		if (ms_now() - t0 > 2000) {
			printf("# another process, engine %u: %lld ms\n", e,
			       ms_now() - t0);
			return 1;
		}
	}
	return 0;
}

/*
 * A DMA that runs out of time (dma_timeout_ms = 1) stops its engine: the
 * answer is a timeout with the bytes done, nothing is written after the
 * ioctl returns, and the next DMAs, from another process, on both
 * engines, work.  The old module left the ZDMA busy for good: EBUSY at
 * once, then timeouts on both engines until it was reloaded.
 */
static void check_model_timeout(int fd, unsigned int engine)
{
	const char *name = engine == VADMA_ENGINE_ZDMA ? "ZDMA" : "CDMA";
	unsigned char *src = low_map(BIG_LEN, PROT_READ | PROT_WRITE);
	unsigned char *dst = low_map(BIG_LEN, PROT_READ | PROT_WRITE);
	unsigned char *snap = malloc(BIG_LEN);
	struct vadma_fault recs[VADMA_FAULT_LOG];
	struct vadma_dma d;
	int ret, status;
	pid_t pid;

	if (!src || !dst || !snap) {
		check(0, "%s: buffers for the timeout", name);
		return;
	}
	/* 2048 faults to serve: old source pages, destination untouched. */
	fill(src, BIG_LEN, 30 + engine);
	madvise(src, BIG_LEN, MADV_COLD);
	if (set_timeout_ms(1)) {
		check(0, "%s: dma_timeout_ms=1 written (%s)", name,
		      strerror(errno));
		return;
	}
	ret = va_dma(fd, engine, src, dst, BIG_LEN, &d);
	memcpy(snap, dst, BIG_LEN); /* what the engine had written */
	set_timeout_ms(10000);
	check(ret == 0 && d.status == VADMA_DMA_TIMEOUT && d.bytes < BIG_LEN,
	      "%s: 4 MiB with dma_timeout_ms=1: a timeout (%s, %s), %llu bytes done",
	      name, ret ? strerror(-ret) : "ran", status_name(d.status),
	      (unsigned long long)d.bytes);
	check(memcmp(dst, src, d.bytes) == 0,
	      "%s: ... the bytes it says are done arrived", name);
	take_faults(fd, recs, VADMA_FAULT_LOG);

	pid = fork();
	if (pid == 0)
		_exit(other_process_copies());
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "%s: then another process copies 1 MiB on each engine, in time (status %d)",
	      name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	check(memcmp(dst, snap, BIG_LEN) == 0,
	      "%s: ... and nothing was written after the timed-out ioctl returned",
	      name);
	fill(src, 1 << 20, 40);
	dma_ends(fd, engine, src, dst, 1 << 20, VADMA_DMA_DONE, &d,
		 engine == VADMA_ENGINE_ZDMA
			 ? "ZDMA: the file that timed out copies again"
			 : "CDMA: the file that timed out copies again");
	check(memcmp(src, dst, 1 << 20) == 0, "%s: ... every byte", name);
	free(snap);
	munmap(src, BIG_LEN);
	munmap(dst, BIG_LEN);
}

/* Processes that exit while bound, and many bound at once. */
static void check_model_lifetime(void)
{
	int fds[20], i, nb = 0, status;
	struct vadma_bind b;
	struct vadma_dma d;
	pid_t pid;

	/* A child binds, copies and exits without unbinding or closing. */
	pid = fork();
	if (pid == 0) {
		int cfd = open(VADMA_DEVICE, O_RDWR);
		unsigned char *p = low_map(2 * PAGE, PROT_READ | PROT_WRITE);

		if (cfd < 0 || !p || do_bind(cfd, &b))
			_exit(2);
		fill(p, PAGE, 8);
		if (va_dma(cfd, 0, p, p + PAGE, PAGE, &d) ||
		    d.status != VADMA_DMA_DONE || memcmp(p, p + PAGE, PAGE))
			_exit(1);
		_exit(0); /* the mm goes first, then the file */
	}
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "a child binds, copies and exits while bound (status %d)",
	      WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	/* A child bound through a file it passes on, then exits: the bond
	 * outlives the address space; the file's holder sees ESRCH. */
	{
		int sfd = open(VADMA_DEVICE, O_RDWR);

		pid = fork();
		if (pid == 0)
			_exit(do_bind(sfd, &b) ? 1 : 0);
		waitpid(pid, &status, 0);
		check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "a child binds a file its parent holds, and exits");
		check(va_dma(sfd, 0, (void *)LOW_VA, (void *)LOW_VA, 16, &d) ==
			      -EPERM,
		      "... the parent may not DMA through it: EPERM");
		check(close(sfd) == 0, "... and closes it: the bond is freed");
	}

	/*
	 * One context bank each: the ZCU102's MMU-500 has 16, one of them
	 * for explicit mappings (kmod/iova.c).
	 */
	for (i = 0; i < 20; i++) {
		fds[i] = open(VADMA_DEVICE, O_RDWR);
		if (fds[i] >= 0 && do_bind(fds[i], &b) == 0)
			nb++;
	}
	check(nb == 15, "15 files bound at once, one context bank each (%d)",
	      nb);
	check(do_bind(fds[19], &b) == -ENOSPC,
	      "the 16th bind: ENOSPC (no context bank left)");
	for (i = 0; i < 20; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	fds[0] = open(VADMA_DEVICE, O_RDWR);
	check(fds[0] >= 0 && do_bind(fds[0], &b) == 0,
	      "after closing them, a bind works again");
	close(fds[0]);
}

/* Closes @fd. */
static void check_model(int fd)
{
	struct vadma_bind b;
	struct vadma_dma d;
	int fd2, ret;
	unsigned char *p;

	check_model_args(fd);
	ret = do_bind(fd, &b);
	check(ret == 0 && b.pasid != 0, "BIND: the process's ASID is %u (%s)",
	      b.pasid, ret ? strerror(-ret) : "ok");
	if (ret)
		return;
	check_model_robust(fd);
	check_model_e3(fd, VADMA_ENGINE_ZDMA, "ZDMA");
	check_model_e3(fd, VADMA_ENGINE_CDMA, "CDMA");
	check_model_coherence(fd);
	check_model_unmap_race(fd);
	check_model_secret(fd);
	check_model_pfnmap(fd);
	check_model_timeout(fd, VADMA_ENGINE_ZDMA);
	check_model_timeout(fd, VADMA_ENGINE_CDMA);

	/* A second file of the same process: a bank of its own, same ASID. */
	fd2 = open(VADMA_DEVICE, O_RDWR);
	p = low_map(2 * PAGE, PROT_READ | PROT_WRITE);
	fill(p, PAGE, 10);
	ret = do_bind(fd2, &b);
	check(ret == 0, "a second file of the process binds too");
	dma_ends(fd2, 0, p, p + PAGE, PAGE, VADMA_DMA_DONE, &d,
		 "... and copies");
	check(memcmp(p, p + PAGE, PAGE) == 0, "... every byte");
	/* Each file has its own fault log: one never reads another's. */
	{
		struct vadma_fault recs[VADMA_FAULT_LOG];
		int n;

		take_faults(fd, recs, VADMA_FAULT_LOG);
		dma_ends(fd2, 0, (void *)(uintptr_t)0x1000, p, 64,
			 VADMA_DMA_FAULT, &d,
			 "the second file's DMA from 0x1000");
		n = take_faults(fd, recs, VADMA_FAULT_LOG);
		check(n == 0, "... the first file's log does not show it (%d)",
		      n);
		n = take_faults(fd2, recs, VADMA_FAULT_LOG);
		check(has_fault(recs, n, VADMA_FAULT_TRANSLATION,
				VADMA_FAULT_F_READ, 0x1000),
		      "... the second file's does (%d records)", n);
	}
	close(fd2);

	check(ioctl(fd, VADMA_IOC_UNBIND) == 0, "UNBIND");
	check(va_dma(fd, 0, p, p + PAGE, 16, &d) == 0 &&
		      d.status == VADMA_DMA_FAULT &&
		      (d.fault_flags & VADMA_FAULT_F_CHECK),
	      "DMA after UNBIND is on IOVAs again: refused by the check");
	check_errno(fd, VADMA_IOC_UNBIND, NULL, ENOENT, "UNBIND again");
	check(do_bind(fd, &b) == 0, "BIND again");
	check(close(fd) == 0, "close while bound");
	check_model_lifetime();
}

/*
 * A caller waiting for another file's DMA can be killed, and so can the
 * DMA's own caller.  Here the engine never moves, so a DMA lasts until
 * dma_timeout_ms (5 s).  The old module held waiters in mutex_lock(), and
 * its DMA loop ignored signals: both died only when the DMA timed out.
 */
static void check_killable(void)
{
	struct stat st;
	long long t0, dt;
	pid_t a, b;
	int i, status;

	if (set_timeout_ms(5000)) {
		check(0, "dma_timeout_ms=5000 written (%s)", strerror(errno));
		return;
	}
	unlink("/tmp/dma-started");
	a = fork();
	if (a == 0) {
		struct vadma_bind bd;
		struct vadma_dma d;
		int fd = open(VADMA_DEVICE, O_RDWR);
		unsigned char *p = low_map(2 * PAGE, PROT_READ | PROT_WRITE);

		if (fd < 0 || !p || do_bind(fd, &bd))
			_exit(2);
		close(open("/tmp/dma-started", O_WRONLY | O_CREAT, 0600));
		va_dma(fd, VADMA_ENGINE_ZDMA, p, p + PAGE, PAGE, &d);
		_exit(0);
	}
	for (i = 0; i < 100 && stat("/tmp/dma-started", &st); i++)
		usleep(20000);
	usleep(200000); /* a's DMA is under way */
	b = fork();
	if (b == 0) {
		struct vadma_dma d;
		int fd = open(VADMA_DEVICE, O_RDWR);

		/* Waits for a's DMA to end, then ENOTCONN (not bound). */
		va_dma(fd, VADMA_ENGINE_ZDMA, (void *)LOW_VA, (void *)LOW_VA,
		       16, &d);
		_exit(0);
	}
	usleep(300000);
	t0 = ms_now();
	kill(b, SIGKILL);
	for (i = 0; i < 100 && waitpid(b, &status, WNOHANG) == 0; i++)
		usleep(10000);
	dt = ms_now() - t0;
	check(i < 100 && WIFSIGNALED(status) && waitpid(a, NULL, WNOHANG) == 0,
	      "a process waiting for another's DMA dies at once when killed (%lld ms; the DMA still runs)",
	      dt);
	t0 = ms_now();
	kill(a, SIGKILL);
	waitpid(a, &status, 0);
	dt = ms_now() - t0;
	check(WIFSIGNALED(status) && dt < 2500,
	      "the process whose DMA runs dies when killed, without waiting for the 5 s timeout (%lld ms)",
	      dt);
	if (i == 100)
		waitpid(b, &status, 0);
	set_timeout_ms(300);
}

/*
 * backend=mmu500 where the registers are RAM: what it can show without a
 * ZynqMP.  The engine never moves, so a DMA must end with a timeout (and
 * the ioctl must return) rather than hang or claim success.
 */
static int check_mmu500(void)
{
	struct vadma_info info;
	struct vadma_bind b;
	struct vadma_dma d;
	unsigned char *p;
	int fd = open(VADMA_DEVICE, O_RDWR), ret;
	long long t0;

	check(fd >= 0, "open %s", VADMA_DEVICE);
	if (fd < 0)
		return 1;
	memset(&info, 0, sizeof(info));
	check(ioctl(fd, VADMA_IOC_INFO, &info) == 0 &&
		      info.backend == VADMA_BACKEND_MMU500 &&
		      !strcmp(info.backend_name, "mmu500"),
	      "INFO: backend %u \"%s\"", info.backend, info.backend_name);
	check((info.features & VADMA_FEAT_SVA) &&
		      (info.features & VADMA_FEAT_ZDMA) &&
		      !(info.features & VADMA_FEAT_CDMA) &&
		      info.smmu_cbs == 16 && info.smmu_smrs == 48,
	      "INFO: SVA, a ZDMA, no CDMA; 16 banks, 48 SMRs (0x%llx, %u, %u)",
	      (unsigned long long)info.features, info.smmu_cbs, info.smmu_smrs);
	check_killable();
	ret = do_bind(fd, &b);
	check(ret == 0, "BIND programs a context bank (%s)",
	      ret ? strerror(-ret) : "ok");
	p = low_map(2 * PAGE, PROT_READ | PROT_WRITE);
	memset(p, 0x5c, 2 * PAGE);
	t0 = ms_now();
	ret = va_dma(fd, VADMA_ENGINE_ZDMA, p, p + PAGE, PAGE, &d);
	check(ret == 0 && d.status == VADMA_DMA_TIMEOUT,
	      "a DMA on an engine that never moves ends with a timeout (%s, %lld ms)",
	      ret ? strerror(-ret) : status_name(d.status), ms_now() - t0);
	check(va_dma(fd, VADMA_ENGINE_CDMA, p, p + PAGE, 16, &d) == -ENODEV,
	      "the CDMA the node does not name: ENODEV");
	check(ioctl(fd, VADMA_IOC_UNBIND) == 0, "UNBIND");
	check(close(fd) == 0, "close");
	printf("# vadma-test mmu500: %d checks, %d failed\n", n_checks,
	       n_failed);
	return n_failed ? 1 : 0;
}

/* Bind and hold it until /tmp/release exists (init.sh tries rmmod). */
static int hold(void)
{
	struct vadma_bind b;
	struct stat st;
	int fd = open(VADMA_DEVICE, O_RDWR), i;

	if (fd < 0 || do_bind(fd, &b))
		return 1;
	close(open("/tmp/bound", O_WRONLY | O_CREAT, 0600));
	for (i = 0; i < 600 && stat("/tmp/release", &st); i++)
		usleep(50000);
	return 0;
}

int main(int argc, char **argv)
{
	struct vadma_info info;
	int fd;

	if (argc != 2 ||
	    (strcmp(argv[1], "model") && strcmp(argv[1], "iommu") &&
	     strcmp(argv[1], "hold") && strcmp(argv[1], "mmu500") &&
	     strcmp(argv[1], "board"))) {
		fprintf(stderr,
			"usage: vadma-test model|iommu|mmu500|board|hold\n");
		return 2;
	}
	if (strcmp(argv[1], "hold") == 0)
		return hold();
	if (strcmp(argv[1], "mmu500") == 0)
		return check_mmu500();
	is_iommu = strcmp(argv[1], "iommu") == 0;
	is_board = strcmp(argv[1], "board") == 0;

	fd = open(VADMA_DEVICE, O_RDWR);
	check(fd >= 0, "open %s (%s)", VADMA_DEVICE,
	      fd < 0 ? strerror(errno) : "ok");
	if (fd < 0)
		goto out;

	check_info(fd);
	check_info_errors(fd);
	memset(&info, 0, sizeof(info));
	ioctl(fd, VADMA_IOC_INFO, &info);
	if (is_iommu) {
		check_iommu(fd, &info); /* closes fd */
	} else {
		check_model(fd); /* closes fd */
	}
out:
	printf("# vadma-test %s: %d checks, %d failed\n", argv[1], n_checks,
	       n_failed);
	return n_failed ? 1 : 0;
}
