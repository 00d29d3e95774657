// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Runs inside the guest (a static arm64 program in the initramfs): checks
 * /dev/vadma's ioctls against include/uapi/vadma.h, the good case and the
 * bad ones, and prints TAP ("ok N - ..." / "not ok N - ...").
 * Exit status: 0 when every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
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
	check(info.backend == VADMA_BACKEND_MODEL &&
		      strcmp(info.backend_name, "model") == 0,
	      "backend %u \"%.*s\" is the model", info.backend,
	      (int)sizeof(info.backend_name), info.backend_name);
	check(memchr(info.backend_name, 0, sizeof(info.backend_name)) != NULL,
	      "backend name is NUL-terminated");
	check((info.features & VADMA_FEAT_SMMUV2) &&
		      (info.features & VADMA_FEAT_ZDMA) &&
		      (info.features & VADMA_FEAT_CDMA) &&
		      (info.features & VADMA_FEAT_S1_4K),
	      "features 0x%llx: SMMUv2, ZDMA, CDMA, 4K granule",
	      (unsigned long long)info.features);
	/* The ZCU102's MMU-500: 16 context banks, 48 stream-match groups. */
	check(info.smmu_cbs == 16 && info.smmu_smrs == 48,
	      "SMMU of the ZCU102: %u context banks, %u SMRs", info.smmu_cbs,
	      info.smmu_smrs);
	for (i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++)
		zero &= info.reserved[i] == 0;
	check(zero, "reserved fields come back zero");
}

int main(void)
{
	struct vadma_info info;
	unsigned int i;
	void *ro;
	int fd;

	fd = open(VADMA_DEVICE, O_RDWR);
	check(fd >= 0, "open %s (%s)", VADMA_DEVICE,
	      fd < 0 ? strerror(errno) : "ok");
	if (fd < 0)
		goto out;

	check_info(fd);

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

	check(close(fd) == 0, "close");
out:
	printf("# vadma-test: %d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}
