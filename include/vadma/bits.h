/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Bit and field helpers, spelled as the Linux kernel spells them so that
 * register definitions read the same in both places.  In the kernel the
 * originals from <linux/bits.h> and <linux/bitfield.h> are used instead.
 *
 * FIELD_PREP() and FIELD_GET() take a constant mask; a mask that is not a
 * compile-time constant, is zero, or is not one contiguous run of bits is a
 * build error, as is a constant value that does not fit the field.
 */
#ifndef VADMA_BITS_H
#define VADMA_BITS_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/bitfield.h>
#else

/* clang-format off */
#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))

/* Bits h..l inclusive; h >= l is checked at compile time. */
#define GENMASK(h, l)							\
	(__vadma_genmask_check(h, l) +					\
	 ((~0UL << (l)) & (~0UL >> (8 * sizeof(long) - 1 - (h)))))
#define GENMASK_ULL(h, l)						\
	(__vadma_genmask_check(h, l) +					\
	 ((~0ULL << (l)) & (~0ULL >> (8 * sizeof(long long) - 1 - (h)))))

/* 0, or a build error when h < l for constant arguments. */
#define __vadma_genmask_check(h, l)					\
	((unsigned long)sizeof(struct {					\
		int _h_ge_l : __builtin_choose_expr(			\
			__builtin_constant_p((l) > (h)),		\
			(l) > (h), 0) ? -1 : 1;				\
	}) * 0)

#define __vadma_bf_shf(x)	__builtin_ctzll(x)

/* A build error unless @mask is a constant, non-zero, contiguous mask. */
#define __vadma_bf_check_mask(mask)					\
	(0 * sizeof(struct {						\
		int _const : __builtin_constant_p(mask) ? 1 : -1;	\
		int _nonzero : (mask) ? 1 : -1;				\
		int _contig : ((((mask) >> __vadma_bf_shf(mask)) + 1) &	\
			       ((mask) >> __vadma_bf_shf(mask))) ? -1 : 1; \
	}))

/* A build error when a constant @val does not fit in @mask. */
#define __vadma_bf_check_val(mask, val)					\
	(0 * sizeof(struct {						\
		int _fits : __builtin_choose_expr(			\
			__builtin_constant_p(val),			\
			((unsigned long long)(val) <<			\
			 __vadma_bf_shf(mask)) &			\
				~(unsigned long long)(mask), 0) ? -1 : 1; \
	}))

/**
 * FIELD_PREP() - place @val in the field described by @mask
 * @mask: constant, contiguous mask of the field
 * @val:  value of the field; bits that do not fit are dropped
 */
#define FIELD_PREP(mask, val)						\
	((__typeof__(mask))(__vadma_bf_check_mask(mask) +		\
			    __vadma_bf_check_val(mask, val) +		\
			    ((((__typeof__(mask))(val))			\
			      << __vadma_bf_shf(mask)) & (mask))))

/**
 * FIELD_GET() - extract the field described by @mask from @reg
 * @mask: constant, contiguous mask of the field
 * @reg:  register value
 */
#define FIELD_GET(mask, reg)						\
	((__typeof__(mask))(__vadma_bf_check_mask(mask) +		\
			    (((reg) & (mask)) >> __vadma_bf_shf(mask))))

/* clang-format on */
#endif /* __KERNEL__ */

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef IS_ALIGNED
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#endif
#ifndef ALIGN_DOWN
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#endif

#endif /* VADMA_BITS_H */
