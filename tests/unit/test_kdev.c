// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of /dev/vadma's user-space library (kdev/kdev.c) that need no
 * module: opening what is not the device, and the names it prints.  The
 * ioctls themselves run in the kernel test under QEMU (tests/kernel/).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vadma/kdev.h"

static void test_open_missing(void **state)
{
	struct vadma_kdev k;

	(void)state;
	assert_int_equal(vadma_kdev_open(&k, "/nonexistent/vadma"), -ENOENT);
	assert_int_equal(k.fd, -1);
	vadma_kdev_close(&k); /* harmless on a device that did not open */
	assert_int_equal(k.fd, -1);
}

/* A file that opens but is no vadma device: the INFO ioctl fails. */
static void test_open_not_device(void **state)
{
	struct vadma_kdev k;
	int ret, fd, next;

	(void)state;
	/* The lowest free descriptor: what the library's open() will get. */
	next = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(next >= 0);
	close(next);
	ret = vadma_kdev_open(&k, "/dev/null");
	assert_true(ret < 0);
	assert_int_not_equal(ret, -ENOENT);
	assert_int_equal(k.fd, -1);
	/* It closed what it opened: the same number is free again. */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_int_equal(fd, next);
	close(fd);
	vadma_kdev_close(&k);
}

static void test_features(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(vadma_kdev_features(0, buf, sizeof(buf)), "");
	assert_string_equal(vadma_kdev_features(VADMA_FEAT_SMMUV2 |
							VADMA_FEAT_ZDMA |
							VADMA_FEAT_SVA,
						buf, sizeof(buf)),
			    "SMMUv2 ZDMA SVA");
	assert_string_equal(vadma_kdev_features(~0ULL, buf, sizeof(buf)),
			    "SMMUv2 ZDMA CDMA 4K 64K IOMMU edu faults SVA");
	assert_ptr_equal(vadma_kdev_features(VADMA_FEAT_CDMA, buf, sizeof(buf)),
			 buf);
}

/* A short buffer holds whole names only, and is always terminated. */
static void test_features_short(void **state)
{
	const uint64_t f = VADMA_FEAT_SMMUV2 | VADMA_FEAT_ZDMA;
	char buf[16];

	(void)state;
	/* "SMMUv2 ZDMA" is 11 bytes and its terminator. */
	assert_string_equal(vadma_kdev_features(f, buf, 12), "SMMUv2 ZDMA");
	assert_string_equal(vadma_kdev_features(f, buf, 11), "SMMUv2");
	assert_string_equal(vadma_kdev_features(f, buf, 7), "SMMUv2");
	assert_string_equal(vadma_kdev_features(f, buf, 6), "");
	assert_string_equal(vadma_kdev_features(f, buf, 1), "");
	/* Size 0: nothing is written, not even the terminator. */
	memset(buf, 'x', sizeof(buf));
	vadma_kdev_features(f, buf, 0);
	assert_int_equal(buf[0], 'x');
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vadma_kdev_status_name(VADMA_DMA_DONE), "done");
	assert_string_equal(vadma_kdev_status_name(VADMA_DMA_FAULT), "fault");
	assert_string_equal(vadma_kdev_status_name(VADMA_DMA_TIMEOUT),
			    "timeout");
	assert_string_equal(vadma_kdev_status_name(VADMA_DMA_ERROR),
			    "bus error");
	assert_string_equal(vadma_kdev_status_name(0), "unknown");
	assert_string_equal(vadma_kdev_status_name(0xffffffffU), "unknown");

	assert_string_equal(vadma_kdev_fault_name(VADMA_FAULT_TRANSLATION),
			    "translation");
	assert_string_equal(vadma_kdev_fault_name(VADMA_FAULT_PERMISSION),
			    "permission");
	assert_string_equal(vadma_kdev_fault_name(VADMA_FAULT_ACCESS),
			    "access flag");
	assert_string_equal(vadma_kdev_fault_name(VADMA_FAULT_ADDR_SIZE),
			    "address size");
	assert_string_equal(vadma_kdev_fault_name(VADMA_FAULT_WALK), "walk");
	assert_string_equal(vadma_kdev_fault_name(VADMA_FAULT_UNKNOWN),
			    "unknown");
	assert_string_equal(vadma_kdev_fault_name(6), "unknown");
	assert_string_equal(vadma_kdev_fault_name(0xffff), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing),
		cmocka_unit_test(test_open_not_device),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_features_short),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
