/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The one header a host supplies to the core layers (common, pgtable, smmu,
 * dmac, model): integer types, memory allocation, string helpers, errno
 * codes and byte order.  Three hosts exist:
 *
 *   __KERNEL__          the Linux kernel (kmod/), everything from Linux;
 *   VADMA_FREESTANDING  no C library: the host links in the few functions
 *                       declared below (the freestanding check builds this);
 *   otherwise           user space with the C library.
 */
#ifndef VADMA_ENV_H
#define VADMA_ENV_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <asm/byteorder.h>

#include "vadma/errno.h"

/**
 * vadma_zalloc() - allocate zeroed memory for the core layers
 * @size: bytes wanted
 *
 * Every host supplies it: calloc() in user space, the host's own function
 * when freestanding, the test's failing allocator under VADMA_ALLOC_HOOK.
 * In the kernel the model allocates more than kmalloc() should be asked for
 * in one piece (its TLB, whole memory regions): kvzalloc() takes pages from
 * vmalloc when a contiguous block is not at hand.  May sleep there.
 *
 * Return: the zeroed block, or NULL when there is no memory.
 */
static inline void *vadma_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

/**
 * vadma_free() - free what vadma_zalloc() returned
 * @p: the block, or NULL (then nothing is done)
 */
static inline void vadma_free(void *p)
{
	kvfree(p);
}

#else /* !__KERNEL__ */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#include "vadma/errno.h"

#ifdef VADMA_FREESTANDING
/* Supplied by the host that links the core. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int strcmp(const char *a, const char *b);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void *vadma_zalloc(size_t size);
void vadma_free(void *p);
#else
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef VADMA_ALLOC_HOOK
/*
 * Test builds only (tests/unit/test_alloc_fail.c): the test supplies the
 * host allocator, to fail the n-th allocation and count what is not freed.
 */
void *vadma_zalloc(size_t size);
void vadma_free(void *p);
#else
static inline void *vadma_zalloc(size_t size)
{
	return calloc(1, size);
}

static inline void vadma_free(void *p)
{
	free(p);
}
#endif /* VADMA_ALLOC_HOOK */
#endif /* VADMA_FREESTANDING */

#ifndef likely
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define le64_to_cpu(x) ((u64)(x))
#define cpu_to_le64(x) ((u64)(x))
#define le32_to_cpu(x) ((u32)(x))
#define cpu_to_le32(x) ((u32)(x))
#else
#define le64_to_cpu(x) __builtin_bswap64(x)
#define cpu_to_le64(x) __builtin_bswap64(x)
#define le32_to_cpu(x) __builtin_bswap32(x)
#define cpu_to_le32(x) __builtin_bswap32(x)
#endif

#endif /* __KERNEL__ */

#endif /* VADMA_ENV_H */
