/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the fuzz targets share: reading an input as a stream of numbers
 * (an exhausted input reads as zeros, so every prefix of an input is an
 * input too), and reporting a broken invariant as a crash, which libFuzzer
 * keeps.
 */
#ifndef VADMA_TESTS_FUZZ_H
#define VADMA_TESTS_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vadma/env.h"

struct fz {
	const u8 *p;
	size_t n;
};

static inline u8 fz_u8(struct fz *f)
{
	u8 v = 0;

	if (f->n) {
		v = *f->p++;
		f->n--;
	}
	return v;
}

static inline u16 fz_u16(struct fz *f)
{
	u16 lo = fz_u8(f);

	return (u16)(lo | (u16)fz_u8(f) << 8);
}

static inline u32 fz_u32(struct fz *f)
{
	u32 lo = fz_u16(f);

	return lo | (u32)fz_u16(f) << 16;
}

static inline u64 fz_u64(struct fz *f)
{
	u64 lo = fz_u32(f);

	return lo | (u64)fz_u32(f) << 32;
}

/* An invariant does not hold: say which, and crash so the input is kept. */
#define fz_fail(...)                                             \
	do {                                                     \
		fprintf(stderr, "fuzz invariant: " __VA_ARGS__); \
		fputc('\n', stderr);                             \
		abort();                                         \
	} while (0)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#endif /* VADMA_TESTS_FUZZ_H */
