// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of the kernel module's ioctl argument checks (kmod/args.c),
 * built here in user space: tables of structs with the errno the uapi
 * header documents for each, the edges included (length 0 and the
 * largest, a range ending at 2^64 - 1 and one ending at 2^64, the last
 * byte below iova_limit, every unaligned field, every unknown flag and
 * engine, every reserved word).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vadma/env.h"
#include "vadma/bits.h"
#include "args.h"

#define MiB (1ULL << 20)

/* A module with 4 KiB pages, a 48-bit IOVA space, 16 MiB DMAs, ZDMA+CDMA. */
static const struct vadma_args_env env4k = {
	.page_shift = 12,
	.iova_limit = 1ULL << 48,
	.dma_max = 16 * MiB,
	.engines = BIT(VADMA_ENGINE_ZDMA) | BIT(VADMA_ENGINE_CDMA),
};

/* The same with 64 KiB pages and the edu engine only (backend iommu). */
static const struct vadma_args_env env64k = {
	.page_shift = 16,
	.iova_limit = 1ULL << 32,
	.dma_max = 4096,
	.engines = BIT(VADMA_ENGINE_EDU),
};

static void test_size(void **state)
{
	(void)state;
	assert_int_equal(vadma_args_size(VADMA_IOC_INFO), 96);
	assert_int_equal(vadma_args_size(VADMA_IOC_MAP), 32);
	assert_int_equal(vadma_args_size(VADMA_IOC_UNMAP), 24);
	assert_int_equal(vadma_args_size(VADMA_IOC_DMA), 72);
	assert_int_equal(vadma_args_size(VADMA_IOC_BIND), 32);
	assert_int_equal(vadma_args_size(VADMA_IOC_UNBIND), 0);
	assert_int_equal(vadma_args_size(VADMA_IOC_FAULTS), 40);
	/* Each is _IOC_SIZE of its command. */
	assert_int_equal(vadma_args_size(VADMA_IOC_DMA),
			 _IOC_SIZE(VADMA_IOC_DMA));
	/* Near misses: another direction, size, number or type. */
	assert_int_equal(vadma_args_size(0), -ENOTTY);
	assert_int_equal(
		vadma_args_size(_IOR(VADMA_IOC_MAGIC, 0x01, struct vadma_map)),
		-ENOTTY);
	assert_int_equal(vadma_args_size(_IOW(VADMA_IOC_MAGIC, 0x01,
					      struct vadma_unmap)),
			 -ENOTTY);
	assert_int_equal(vadma_args_size(_IOWR(VADMA_IOC_MAGIC, 0x07,
					       struct vadma_faults)),
			 -ENOTTY);
	assert_int_equal(vadma_args_size(_IO(VADMA_IOC_MAGIC + 1, 0x05)),
			 -ENOTTY);
	assert_int_equal(vadma_args_check(0x5401, NULL, &env4k), -ENOTTY);
}

static void test_info(void **state)
{
	struct vadma_info in;
	unsigned int i;

	(void)state;
	/* The output fields are not looked at. */
	memset(&in, 0xff, sizeof(in));
	memset(in.reserved, 0, sizeof(in.reserved));
	assert_int_equal(vadma_args_info(&in), 0);
	for (i = 0; i < ARRAY_SIZE(in.reserved); i++) {
		in.reserved[i] = 1ULL << 63;
		assert_int_equal(vadma_args_info(&in), -EINVAL);
		assert_int_equal(vadma_args_check(VADMA_IOC_INFO, &in, &env4k),
				 -EINVAL);
		in.reserved[i] = 0;
	}
}

struct map_case {
	const char *what;
	u64 va, length, iova;
	u32 flags, reserved;
	int want;
};

static const struct map_case map_cases[] = {
	{ "read-write page", 0x7f0000000000, 4096, 0x100000, 3, 0, 0 },
	{ "read only", 0x1000, 4096, 0x1000, VADMA_MAP_READ, 0, 0 },
	{ "write only", 0x1000, 4096, 0x1000, VADMA_MAP_WRITE, 0, 0 },
	{ "the largest", 0x1000, VADMA_MAP_MAX, 0, 3, 0, 0 },
	{ "one page too long", 0x1000, VADMA_MAP_MAX + 4096, 0, 3, 0, -EINVAL },
	{ "length 0", 0x1000, 0, 0x1000, 3, 0, -EINVAL },
	{ "length 2^64 - 4096", 0, ~0ULL - 4095, 0, 3, 0, -EINVAL },
	{ "length not a page multiple", 0x1000, 4097, 0x1000, 3, 0, -EINVAL },
	{ "length of half a page", 0x1000, 2048, 0x1000, 3, 0, -EINVAL },
	{ "va unaligned", 0x1008, 4096, 0x1000, 3, 0, -EINVAL },
	{ "iova unaligned", 0x1000, 4096, 0x1800, 3, 0, -EINVAL },
	{ "no flag", 0x1000, 4096, 0x1000, 0, 0, -EINVAL },
	{ "unknown flag", 0x1000, 4096, 0x1000, 3 | BIT(2), 0, -EINVAL },
	{ "top flag", 0x1000, 4096, 0x1000, 1U << 31, 0, -EINVAL },
	{ "reserved", 0x1000, 4096, 0x1000, 3, 1, -EINVAL },
	{ "va ends at 2^64 - 4096", ~0ULL - 8191, 4096, 0x1000, 3, 0, 0 },
	/* The last page: va + length is 2^64, which wraps to 0. */
	{ "va ends at 2^64", ~0ULL - 4095, 4096, 0x1000, 3, 0, -EINVAL },
	{ "va wraps", ~0ULL - 4095, 8192, 0x1000, 3, 0, -EINVAL },
	{ "iova ends at 2^64", 0x1000, 4096, ~0ULL - 4095, 3, 0, -EINVAL },
	{ "iova ends at the limit", 0x1000, 4096, (1ULL << 48) - 4096, 3, 0,
	  0 },
	{ "iova one page past the limit", 0x1000, 4096, 1ULL << 48, 3, 0,
	  -ERANGE },
	{ "iova straddles the limit", 0x1000, 8192, (1ULL << 48) - 4096, 3, 0,
	  -ERANGE },
	{ "iova far beyond", 0x1000, 4096, 1ULL << 62, 3, 0, -ERANGE },
	/* Several faults: the malformed struct wins over the range. */
	{ "reserved and beyond", 0x1000, 4096, 1ULL << 62, 3, 1, -EINVAL },
};

static void test_map(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(map_cases); i++) {
		const struct map_case *c = &map_cases[i];
		struct vadma_map a = {
			.va = c->va,
			.length = c->length,
			.iova = c->iova,
			.flags = c->flags,
			.reserved = c->reserved,
		};
		struct vadma_map copy = a;
		int ret = vadma_args_map(&a, &env4k);

		if (ret != c->want)
			fail_msg("map %s: %d, expected %d", c->what, ret,
				 c->want);
		assert_memory_equal(&a, &copy, sizeof(a));
		assert_int_equal(vadma_args_check(VADMA_IOC_MAP, &a, &env4k),
				 c->want);
	}
}

static void test_map_64k(void **state)
{
	struct vadma_map a = {
		.va = 0x10000,
		.length = 0x10000,
		.iova = 0x20000,
		.flags = VADMA_MAP_READ,
	};

	(void)state;
	assert_int_equal(vadma_args_map(&a, &env64k), 0);
	/* 4 KiB aligned is not enough with 64 KiB pages. */
	a.length = 0x1000;
	assert_int_equal(vadma_args_map(&a, &env64k), -EINVAL);
	a.length = 0x10000;
	a.va = 0x11000;
	assert_int_equal(vadma_args_map(&a, &env64k), -EINVAL);
	a.va = 0x10000;
	a.iova = 0x21000;
	assert_int_equal(vadma_args_map(&a, &env64k), -EINVAL);
	/* The smaller IOVA space. */
	a.iova = (1ULL << 32) - 0x10000;
	assert_int_equal(vadma_args_map(&a, &env64k), 0);
	a.iova = 1ULL << 32;
	assert_int_equal(vadma_args_map(&a, &env64k), -ERANGE);
	/* A backend without MAP says iova_limit 0: nothing fits. */
	{
		struct vadma_args_env none = env4k;

		none.iova_limit = 0;
		a.iova = 0;
		assert_int_equal(vadma_args_map(&a, &none), -ERANGE);
	}
}

static void test_unmap(void **state)
{
	struct vadma_unmap a = { .iova = 0x1234, .length = 0 };

	(void)state;
	/* Any iova and length: they are compared with the mappings. */
	assert_int_equal(vadma_args_unmap(&a), 0);
	a.iova = ~0ULL;
	a.length = ~0ULL;
	assert_int_equal(vadma_args_unmap(&a), 0);
	a.reserved = 1;
	assert_int_equal(vadma_args_unmap(&a), -EINVAL);
	assert_int_equal(vadma_args_check(VADMA_IOC_UNMAP, &a, &env4k),
			 -EINVAL);
}

struct dma_case {
	const char *what;
	u32 engine, flags;
	u64 src, dst, len, reserved;
	int want;
};

static const struct dma_case dma_cases[] = {
	{ "default engine", 0, 0, 0x1000, 0x2000, 4096, 0, 0 },
	{ "ZDMA, nocheck", VADMA_ENGINE_ZDMA, VADMA_DMA_NOCHECK, 0x1000, 0x2000,
	  1, 0, 0 },
	{ "CDMA", VADMA_ENGINE_CDMA, 0, 0x1000, 0x2000, 1, 0, 0 },
	{ "edu, not here", VADMA_ENGINE_EDU, 0, 0x1000, 0x2000, 1, 0, -ENODEV },
	{ "engine 4", 4, 0, 0x1000, 0x2000, 1, 0, -EINVAL },
	{ "engine 2^31", 1U << 31, 0, 0x1000, 0x2000, 1, 0, -EINVAL },
	{ "engine 33", 33, 0, 0x1000, 0x2000, 1, 0, -EINVAL },
	{ "unknown flag", 0, BIT(1), 0x1000, 0x2000, 1, 0, -EINVAL },
	{ "top flag", 0, 1U << 31, 0x1000, 0x2000, 1, 0, -EINVAL },
	{ "reserved", 0, 0, 0x1000, 0x2000, 1, 1, -EINVAL },
	{ "length 0", 0, 0, 0x1000, 0x2000, 0, 0, -EINVAL },
	{ "length dma_max", 0, 0, 0x1000, 0x2000, 16 * MiB, 0, 0 },
	{ "length dma_max + 1", 0, 0, 0x1000, 0x2000, 16 * MiB + 1, 0,
	  -EINVAL },
	{ "length 2^64 - 1", 0, 0, 0, 0, ~0ULL, 0, -EINVAL },
	/* No alignment: the engines copy bytes. */
	{ "odd addresses", 0, 0, 0x1001, 0x2003, 5, 0, 0 },
	{ "src ends at 2^64 - 1", 0, 0, ~0ULL - 256, 0x2000, 256, 0, 0 },
	{ "src ends at 2^64", 0, 0, ~0ULL - 255, 0x2000, 256, 0, -EINVAL },
	{ "dst ends at 2^64", 0, 0, 0x1000, ~0ULL, 1, 0, -EINVAL },
	{ "dst wraps", 0, 0, 0x1000, ~0ULL - 15, 4096, 0, -EINVAL },
	/* Malformed beats missing: EINVAL before ENODEV. */
	{ "edu and a flag", VADMA_ENGINE_EDU, BIT(5), 0x1000, 0x2000, 1, 0,
	  -EINVAL },
};

static void test_dma(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(dma_cases); i++) {
		const struct dma_case *c = &dma_cases[i];
		struct vadma_dma d = {
			.engine = c->engine,
			.flags = c->flags,
			.src = c->src,
			.dst = c->dst,
			.len = c->len,
			.status = 7,
			.fault_flags = 7,
			.fault_addr = 7,
			.bytes = 7,
			.reserved = { 0, c->reserved },
		};
		struct vadma_dma copy = d;
		int ret = vadma_args_dma(&d, &env4k);

		if (ret != c->want)
			fail_msg("dma %s: %d, expected %d", c->what, ret,
				 c->want);
		if (ret == 0) {
			/* The outputs start cleared, the inputs stay. */
			assert_int_equal(d.status, 0);
			assert_int_equal(d.fault_flags, 0);
			assert_true(d.fault_addr == 0 && d.bytes == 0);
			copy.status = 0;
			copy.fault_flags = 0;
			copy.fault_addr = 0;
			copy.bytes = 0;
		}
		assert_memory_equal(&d, &copy, sizeof(d));
	}
}

static void test_dma_engines(void **state)
{
	struct vadma_dma d = { .src = 0x1000, .dst = 0x2000, .len = 64 };
	struct vadma_args_env e = env64k;

	(void)state;
	/* The iommu backend: the default engine and edu only. */
	d.engine = VADMA_ENGINE_DEFAULT;
	assert_int_equal(vadma_args_dma(&d, &e), 0);
	d.engine = VADMA_ENGINE_EDU;
	assert_int_equal(vadma_args_dma(&d, &e), 0);
	d.engine = VADMA_ENGINE_ZDMA;
	assert_int_equal(vadma_args_dma(&d, &e), -ENODEV);
	d.engine = VADMA_ENGINE_CDMA;
	assert_int_equal(vadma_args_dma(&d, &e), -ENODEV);
	/* Bits beyond the engines in the mask change nothing. */
	e.engines = ~0U;
	d.engine = 4;
	assert_int_equal(vadma_args_dma(&d, &e), -EINVAL);
	/* dma_max 0 (no DMA): every length is too long. */
	e.dma_max = 0;
	d.engine = 0;
	d.len = 1;
	assert_int_equal(vadma_args_dma(&d, &e), -EINVAL);
	/* dma_max 2^64 - 1: only the wrap limits the length. */
	e.dma_max = ~0ULL;
	d.src = 0;
	d.dst = 0;
	d.len = ~0ULL;
	assert_int_equal(vadma_args_dma(&d, &e), 0);
	d.src = 1;
	assert_int_equal(vadma_args_dma(&d, &e), -EINVAL);
}

static void test_bind(void **state)
{
	struct vadma_bind a = { 0 };
	unsigned int i;

	(void)state;
	assert_int_equal(vadma_args_bind(&a), 0);
	a.flags = 1;
	assert_int_equal(vadma_args_bind(&a), -EINVAL);
	a.flags = 0;
	a.pasid = 1;
	assert_int_equal(vadma_args_bind(&a), -EINVAL);
	a.pasid = 0;
	for (i = 0; i < ARRAY_SIZE(a.reserved); i++) {
		a.reserved[i] = 1;
		assert_int_equal(vadma_args_bind(&a), -EINVAL);
		assert_int_equal(vadma_args_check(VADMA_IOC_BIND, &a, &env4k),
				 -EINVAL);
		a.reserved[i] = 0;
	}
	assert_int_equal(vadma_args_check(VADMA_IOC_UNBIND, NULL, &env4k), 0);
}

static void test_faults(void **state)
{
	struct vadma_faults a = { .records = 0x7f0000001000 };

	(void)state;
	/* The count comes back bounded by the log. */
	a.count = 0;
	assert_int_equal(vadma_args_faults(&a), 0);
	a.count = 1;
	assert_int_equal(vadma_args_faults(&a), 1);
	a.count = VADMA_FAULT_LOG - 1;
	assert_int_equal(vadma_args_faults(&a), VADMA_FAULT_LOG - 1);
	a.count = VADMA_FAULT_LOG;
	assert_int_equal(vadma_args_faults(&a), VADMA_FAULT_LOG);
	a.count = VADMA_FAULT_LOG + 1;
	assert_int_equal(vadma_args_faults(&a), VADMA_FAULT_LOG);
	a.count = ~0U;
	assert_int_equal(vadma_args_faults(&a), VADMA_FAULT_LOG);
	assert_int_equal(vadma_args_check(VADMA_IOC_FAULTS, &a, &env4k),
			 VADMA_FAULT_LOG);
	/* lost is an output; the pointer is not judged here. */
	a.lost = ~0ULL;
	a.records = 0;
	assert_int_equal(vadma_args_faults(&a), VADMA_FAULT_LOG);
	a.flags = 1;
	assert_int_equal(vadma_args_faults(&a), -EINVAL);
	a.flags = 0;
	a.reserved[1] = 1;
	assert_int_equal(vadma_args_faults(&a), -EINVAL);
	a.reserved[1] = 0;
	a.reserved[0] = 1;
	assert_int_equal(vadma_args_faults(&a), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_map_64k),
		cmocka_unit_test(test_unmap),
		cmocka_unit_test(test_dma),
		cmocka_unit_test(test_dma_engines),
		cmocka_unit_test(test_bind),
		cmocka_unit_test(test_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
