// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of include/vadma/bits.h (BIT, GENMASK, FIELD_PREP/FIELD_GET,
 * ALIGN_DOWN, IS_ALIGNED) and of vadma_strerror().
 *
 * The field helpers are exercised at run time with values the compiler
 * cannot see (a fixed-seed xorshift generator read through a volatile), so
 * that the non-constant paths of the macros are the ones tested; every
 * result is compared with the same value computed by plain shifts.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vadma/bits.h"
#include "vadma/env.h"
#include "vadma/errno.h"

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

/* xorshift64, fixed seed: the same sequence on every run. */
static u64 rnd(void)
{
	u64 x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

/* A value the optimiser cannot fold. */
static u64 opaque(u64 v)
{
	volatile u64 x = v;

	return x;
}

/* The mask of bits h..l, computed one bit at a time. */
static u64 slow_mask(unsigned int h, unsigned int l)
{
	u64 m = 0;
	unsigned int i;

	for (i = l; i <= h; i++)
		m |= 1ULL << i;
	return m;
}

static void test_bit(void **state)
{
	unsigned int n;

	(void)state;
	assert_int_equal(BIT(0), 1);
	assert_int_equal(BIT(5), 32);
	assert_true(BIT_ULL(63) == 0x8000000000000000ULL);
	assert_int_equal(sizeof(BIT_ULL(0)), 8);
	for (n = 0; n < 64; n++) {
		unsigned int k = (unsigned int)opaque(n);
		u64 want = 1;
		unsigned int i;

		for (i = 0; i < n; i++)
			want *= 2;
		if (BIT_ULL(k) != want)
			fail_msg("BIT_ULL(%u) = 0x%llx, expected 0x%llx", n,
				 (unsigned long long)BIT_ULL(k),
				 (unsigned long long)want);
		if (n < 8 * sizeof(long) && (u64)BIT(k) != want)
			fail_msg("BIT(%u) = 0x%llx, expected 0x%llx", n,
				 (unsigned long long)BIT(k),
				 (unsigned long long)want);
	}
}

static void test_genmask(void **state)
{
	unsigned int h, l;

	(void)state;
	/* Constant arguments, checked against literal values. */
	assert_true(GENMASK_ULL(63, 0) == 0xffffffffffffffffULL);
	assert_true(GENMASK_ULL(63, 48) == 0xffff000000000000ULL);
	assert_true(GENMASK_ULL(47, 12) == 0x0000fffffffff000ULL);
	assert_true(GENMASK_ULL(0, 0) == 1);
	assert_true(GENMASK_ULL(63, 63) == 0x8000000000000000ULL);
	assert_true(GENMASK(10, 8) == 0x700);
	assert_true(GENMASK(5, 0) == 0x3f);
	assert_int_equal(sizeof(GENMASK_ULL(3, 0)), 8);
	assert_int_equal(sizeof(GENMASK(3, 0)), sizeof(long));

	/* Every h >= l, with arguments the compiler cannot see. */
	for (h = 0; h < 64; h++) {
		for (l = 0; l <= h; l++) {
			unsigned int hh = (unsigned int)opaque(h);
			unsigned int ll = (unsigned int)opaque(l);
			u64 want = slow_mask(h, l);

			if (GENMASK_ULL(hh, ll) != want)
				fail_msg(
					"GENMASK_ULL(%u, %u) = 0x%llx, expected 0x%llx",
					h, l,
					(unsigned long long)GENMASK_ULL(hh, ll),
					(unsigned long long)want);
			if (h < 8 * sizeof(long) &&
			    (u64)GENMASK(hh, ll) != want)
				fail_msg(
					"GENMASK(%u, %u) = 0x%llx, expected 0x%llx",
					h, l,
					(unsigned long long)GENMASK(hh, ll),
					(unsigned long long)want);
		}
	}
}

/*
 * FIELD_PREP/FIELD_GET for one constant mask, with @n random values:
 * compare with shifts, and round-trip.
 */
#define CHECK_FIELD(mask, h, l, n)                                                                   \
	do {                                                                                         \
		unsigned int _i;                                                                     \
                                                                                                     \
		assert_true((u64)(mask) == slow_mask(h, l));                                         \
		for (_i = 0; _i < (n); _i++) {                                                       \
			u64 _v = opaque(rnd());                                                      \
			u64 _reg = opaque(rnd());                                                    \
			u64 _fits = _v & (slow_mask(h, l) >> (l));                                   \
			u64 _prep = FIELD_PREP(mask, _v);                                            \
			u64 _get = FIELD_GET(mask, _reg);                                            \
                                                                                                     \
			if (_prep != (_fits << (l)))                                                 \
				fail_msg(                                                            \
					"FIELD_PREP(%s, 0x%llx) = 0x%llx, expected 0x%llx",          \
					#mask, (unsigned long long)_v,                               \
					(unsigned long long)_prep,                                   \
					(unsigned long long)(_fits << (l)));                         \
			if (FIELD_GET(mask, _prep) != _fits)                                         \
				fail_msg(                                                            \
					"FIELD_GET(%s, FIELD_PREP(%s, 0x%llx)) = 0x%llx",            \
					#mask, #mask, (unsigned long long)_v,                        \
					(unsigned long long)FIELD_GET(mask,                          \
								      _prep));                       \
			if (_get != ((_reg & slow_mask(h, l)) >> (l)))                               \
				fail_msg("FIELD_GET(%s, 0x%llx) = 0x%llx",                           \
					 #mask, (unsigned long long)_reg,                            \
					 (unsigned long long)_get);                                  \
			/* Putting the field back changes nothing else. */                           \
			if (((_reg & ~(u64)(mask)) |                                                 \
			     FIELD_PREP(mask, _get)) != _reg)                                        \
				fail_msg(                                                            \
					"FIELD_PREP(%s, FIELD_GET(%s, 0x%llx)) does not rebuild it", \
					#mask, #mask,                                                \
					(unsigned long long)_reg);                                   \
		}                                                                                    \
	} while (0)

static void test_field_roundtrip(void **state)
{
	(void)state;
	CHECK_FIELD(GENMASK_ULL(5, 0), 5, 0, 2000);
	CHECK_FIELD(GENMASK_ULL(15, 14), 15, 14, 2000);
	CHECK_FIELD(GENMASK_ULL(21, 16), 21, 16, 2000);
	CHECK_FIELD(GENMASK_ULL(34, 32), 34, 32, 2000);
	CHECK_FIELD(GENMASK_ULL(47, 12), 47, 12, 2000);
	CHECK_FIELD(GENMASK_ULL(63, 48), 63, 48, 2000);
	CHECK_FIELD(GENMASK_ULL(63, 0), 63, 0, 2000);
	CHECK_FIELD(GENMASK_ULL(0, 0), 0, 0, 2000);
	CHECK_FIELD(BIT_ULL(63), 63, 63, 2000);
	CHECK_FIELD(GENMASK(10, 8), 10, 8, 2000);
	CHECK_FIELD(GENMASK(13, 12), 13, 12, 2000);
	CHECK_FIELD(GENMASK(31, 1), 31, 1, 2000);
}

static void test_field_types(void **state)
{
	u64 v = opaque(0x1f);

	(void)state;
	/* The result has the type of the mask. */
	assert_int_equal(sizeof(FIELD_PREP(GENMASK_ULL(63, 48), v)), 8);
	assert_int_equal(sizeof(FIELD_GET(GENMASK_ULL(63, 48), v)), 8);
	assert_int_equal(sizeof(FIELD_PREP(GENMASK(3, 0), v)), sizeof(long));
	/* Bits of a run-time value that do not fit are dropped. */
	assert_true(FIELD_PREP(GENMASK(3, 0), v) == 0xf);
	assert_true(FIELD_PREP(GENMASK_ULL(63, 60), v) ==
		    0xf000000000000000ULL);
	/* A full 16-bit ASID lands in TTBR[63:48] and comes back. */
	v = opaque(0xbeef);
	assert_true(FIELD_PREP(GENMASK_ULL(63, 48), v) ==
		    0xbeef000000000000ULL);
	assert_true(FIELD_GET(GENMASK_ULL(63, 48),
			      opaque(0xbeef123456789abcULL)) == 0xbeef);
	/* Constant values are accepted too, and agree. */
	assert_true(FIELD_PREP(GENMASK_ULL(34, 32), 5) == 0x500000000ULL);
	assert_true(FIELD_GET(GENMASK_ULL(34, 32), 0x500000000ULL) == 5);
}

static void test_align(void **state)
{
	unsigned int i, s;

	(void)state;
	assert_true(ALIGN_DOWN(opaque(0x12345), 0x1000) == 0x12000);
	assert_true(ALIGN_DOWN(opaque(0xffffffffffffffffULL), 1ULL << 40) ==
		    0xffffff0000000000ULL);
	assert_true(ALIGN_DOWN(opaque(0x4000), 0x4000) == 0x4000);
	assert_true(ALIGN_DOWN(opaque(0x3fff), 0x4000) == 0);
	assert_true(IS_ALIGNED(opaque(0x10000), 0x10000));
	assert_false(IS_ALIGNED(opaque(0x18000), 0x10000));
	assert_true(IS_ALIGNED(opaque(0), 1ULL << 63));
	assert_true(IS_ALIGNED(opaque(0x8000000000000000ULL), 1ULL << 63));
	assert_false(IS_ALIGNED(opaque(0x4000000000000000ULL), 1ULL << 63));
	/* A 32-bit value keeps its type: no sign or width surprises. */
	{
		u32 x = (u32)opaque(0xfffff123);

		assert_true(ALIGN_DOWN(x, 0x1000) == 0xfffff000U);
		assert_int_equal(sizeof(ALIGN_DOWN(x, 0x1000)), 4);
		assert_true(IS_ALIGNED((u32)opaque(0x80000000U), 0x80000000U));
	}
	/* A 64-bit value with a 32-bit alignment keeps its high bits. */
	assert_true(ALIGN_DOWN(opaque(0xffff000012345678ULL), 4096) ==
		    0xffff000012345000ULL);
	{
		u32 a = (u32)opaque(0x1000);

		assert_true(ALIGN_DOWN(opaque(0xffff000012345678ULL), a) ==
			    0xffff000012345000ULL);
		assert_true(ALIGN_DOWN(opaque(0xffff000012345678ULL),
				       0x1000U) == 0xffff000012345000ULL);
		assert_true(IS_ALIGNED(opaque(0xffff000012345000ULL), a));
		assert_false(IS_ALIGNED(opaque(0x100000800ULL), a));
	}

	for (i = 0; i < 5000; i++) {
		u64 x = opaque(rnd());

		for (s = 0; s < 64; s++) {
			u64 a = 1ULL << s;
			u64 down = ALIGN_DOWN(x, a);

			if (down != (x >> s << s) || down > x || x - down >= a)
				fail_msg("ALIGN_DOWN(0x%llx, 2^%u) = 0x%llx",
					 (unsigned long long)x, s,
					 (unsigned long long)down);
			if (!IS_ALIGNED(down, a))
				fail_msg("IS_ALIGNED(0x%llx, 2^%u) is false",
					 (unsigned long long)down, s);
			if (IS_ALIGNED(x, a) != (x == down))
				fail_msg("IS_ALIGNED(0x%llx, 2^%u) is wrong",
					 (unsigned long long)x, s);
		}
	}
}

static void test_array_size(void **state)
{
	static const u8 a[7];
	static const u64 b[3][5];

	(void)state;
	(void)a;
	(void)b;
	assert_int_equal(ARRAY_SIZE(a), 7);
	assert_int_equal(ARRAY_SIZE(b), 3);
	assert_int_equal(ARRAY_SIZE(b[0]), 5);
}

static void test_strerror(void **state)
{
	static const struct {
		int code;
		const char *name;
	} codes[] = {
		{ -ENOENT, "ENOENT" },	     { -EIO, "EIO" },
		{ -ENOMEM, "ENOMEM" },	     { -EFAULT, "EFAULT" },
		{ -EBUSY, "EBUSY" },	     { -EEXIST, "EEXIST" },
		{ -EINVAL, "EINVAL" },	     { -ENOSPC, "ENOSPC" },
		{ -ERANGE, "ERANGE" },	     { -EOPNOTSUPP, "EOPNOTSUPP" },
		{ -ETIMEDOUT, "ETIMEDOUT" },
	};
	const char *unknown = vadma_strerror(-12345);
	const char *ok = vadma_strerror(0);
	unsigned int i, j;

	(void)state;
	/* The values errno.h promises (Linux's). */
	assert_int_equal(ENOENT, 2);
	assert_int_equal(EIO, 5);
	assert_int_equal(ENOMEM, 12);
	assert_int_equal(EFAULT, 14);
	assert_int_equal(EBUSY, 16);
	assert_int_equal(EEXIST, 17);
	assert_int_equal(EINVAL, 22);
	assert_int_equal(ENOSPC, 28);
	assert_int_equal(ERANGE, 34);
	assert_int_equal(EOPNOTSUPP, 95);
	assert_int_equal(ETIMEDOUT, 110);

	assert_non_null(unknown);
	assert_string_equal(unknown, "unknown error");
	assert_string_equal(vadma_strerror(INT_MIN), "unknown error");
	assert_string_equal(vadma_strerror(-1000), "unknown error");
	assert_non_null(ok);
	assert_string_not_equal(ok, "unknown error");

	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		const char *s = vadma_strerror(codes[i].code);

		if (!s)
			fail_msg("vadma_strerror(-%s) is NULL", codes[i].name);
		if (!strcmp(s, unknown) || !*s)
			fail_msg("vadma_strerror(-%s) = \"%s\"", codes[i].name,
				 s);
		if (!strcmp(s, ok))
			fail_msg("vadma_strerror(-%s) says success",
				 codes[i].name);
		for (j = 0; j < i; j++)
			if (!strcmp(s, vadma_strerror(codes[j].code)))
				fail_msg(
					"vadma_strerror(-%s) and (-%s) are both \"%s\"",
					codes[i].name, codes[j].name, s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit),
		cmocka_unit_test(test_genmask),
		cmocka_unit_test(test_field_roundtrip),
		cmocka_unit_test(test_field_types),
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_array_size),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("bits", tests, NULL, NULL);
}
