// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The kernel module's ioctl argument checks (kmod/args.c) on random
 * commands, structs and module facts.
 *
 * Input:
 *   u8   how to pick the command: 0..6 one of /dev/vadma's seven, 7 a raw
 *        u32 from the input, else one made with _IOC() from random
 *        direction, type, number and size (near misses of the real ones)
 *   u8   page shift (mod 64), then iova_limit, dma_max (each a u8 saying
 *        "2^n", "2^n - 1" or "raw", then the value), engines (u8)
 *   the rest: the struct, zero-padded or cut to the command's size
 *
 * Invariants, each computed here from include/uapi/vadma.h's rules and not
 * from args.c's code: 128-bit sums for the ends of ranges, division for
 * alignment.
 *  - vadma_args_size() is _IOC_SIZE() of the seven commands and -ENOTTY
 *    for every other number; vadma_args_check() gives -ENOTTY for them too.
 *  - A struct is accepted if and only if it breaks none of the rules the
 *    handlers rely on (reserved words zero, known flags and engine, a length
 *    in bounds, page-aligned where required, no range past 2^64, a MAP
 *    below iova_limit); an accepted DMA has its outputs zero; an accepted
 *    FAULTS gives a count of at most the caller's room and the log's size,
 *    so count * sizeof(struct vadma_fault) fits the handler's buffer.
 *  - A rejected struct gets a negative errno from the set that its broken
 *    rules document (EINVAL, ERANGE, ENODEV), never another.
 *  - The checks do not write the struct, except the cleared DMA outputs.
 *  - No crash, leak or undefined behaviour (ASan, UBSan).
 */
#include "fuzz.h"
#include "vadma/bits.h"
#include "args.h"

union ioc_arg {
	struct vadma_info info;
	struct vadma_map map;
	struct vadma_unmap unmap;
	struct vadma_dma dma;
	struct vadma_bind bind;
	struct vadma_faults faults;
	u8 raw[128];
};

static const unsigned int cmds[] = {
	VADMA_IOC_INFO, VADMA_IOC_MAP,	  VADMA_IOC_UNMAP,  VADMA_IOC_DMA,
	VADMA_IOC_BIND, VADMA_IOC_UNBIND, VADMA_IOC_FAULTS,
};

/* The errnos a struct's broken rules allow, as bits. */
#define W_EINVAL (1U << 0)
#define W_ERANGE (1U << 1)
#define W_ENODEV (1U << 2)

typedef unsigned __int128 u128;

static u64 fz_limit(struct fz *f)
{
	u8 how = fz_u8(f);
	unsigned int n = how % 65;

	switch (how / 65) {
	case 0:
		return n == 64 ? 0 : 1ULL << n;
	case 1:
		return n == 64 ? ~0ULL : (1ULL << n) - 1;
	default:
		return fz_u64(f);
	}
}

/* An end past 2^64 - 1 cannot be expressed: such a range wraps. */
static bool past_end(u64 a, u64 len)
{
	return (u128)a + len > (u128)~0ULL;
}

static bool unaligned(u64 v, unsigned int shift)
{
	return v % ((u128)1 << shift) != 0;
}

static unsigned int want_map(const struct vadma_map *a,
			     const struct vadma_args_env *env)
{
	unsigned int w = 0;

	if (a->reserved || a->flags == 0 ||
	    (a->flags | VADMA_MAP_READ | VADMA_MAP_WRITE) !=
		    (VADMA_MAP_READ | VADMA_MAP_WRITE))
		w |= W_EINVAL;
	if (a->length == 0 || a->length > (64ULL << 20) ||
	    unaligned(a->length, env->page_shift) ||
	    unaligned(a->va, env->page_shift) ||
	    unaligned(a->iova, env->page_shift))
		w |= W_EINVAL;
	if (past_end(a->va, a->length) || past_end(a->iova, a->length))
		w |= W_EINVAL;
	if ((u128)a->iova + a->length > env->iova_limit)
		w |= W_ERANGE;
	return w;
}

static unsigned int want_dma(const struct vadma_dma *d,
			     const struct vadma_args_env *env)
{
	unsigned int w = 0;

	if (d->flags > VADMA_DMA_NOCHECK || d->reserved[0] || d->reserved[1])
		w |= W_EINVAL;
	switch (d->engine) {
	case VADMA_ENGINE_DEFAULT:
		break;
	case VADMA_ENGINE_EDU:
	case VADMA_ENGINE_ZDMA:
	case VADMA_ENGINE_CDMA:
		if (!((env->engines >> d->engine) & 1))
			w |= W_ENODEV;
		break;
	default:
		w |= W_EINVAL;
	}
	if (d->len == 0 || d->len > env->dma_max || past_end(d->src, d->len) ||
	    past_end(d->dst, d->len))
		w |= W_EINVAL;
	return w;
}

static unsigned int want_of(unsigned int cmd, const union ioc_arg *a,
			    const struct vadma_args_env *env)
{
	unsigned int i, w = 0;

	switch (cmd) {
	case VADMA_IOC_INFO:
		for (i = 0; i < 4; i++)
			if (a->info.reserved[i])
				w |= W_EINVAL;
		return w;
	case VADMA_IOC_MAP:
		return want_map(&a->map, env);
	case VADMA_IOC_UNMAP:
		return a->unmap.reserved ? W_EINVAL : 0;
	case VADMA_IOC_DMA:
		return want_dma(&a->dma, env);
	case VADMA_IOC_BIND:
		w = a->bind.flags || a->bind.pasid;
		for (i = 0; i < 3; i++)
			if (a->bind.reserved[i])
				w = W_EINVAL;
		return w ? W_EINVAL : 0;
	case VADMA_IOC_FAULTS:
		return a->faults.flags || a->faults.reserved[0] ||
				       a->faults.reserved[1]
			       ? W_EINVAL
			       : 0;
	default:
		return 0;
	}
}

static int known(unsigned int cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (cmds[i] == cmd)
			return (int)i;
	return -1;
}

static unsigned int pick_cmd(struct fz *f)
{
	u8 how = fz_u8(f);

	if (how < ARRAY_SIZE(cmds))
		return cmds[how];
	if (how == ARRAY_SIZE(cmds))
		return fz_u32(f);
	/* Near misses: right magic or not, any number, size and direction. */
	{
		unsigned int dir = fz_u8(f) & 3;
		unsigned int type = fz_u8(f) & 1 ? VADMA_IOC_MAGIC : fz_u8(f);
		unsigned int nr = fz_u8(f) & 7;
		unsigned int size = fz_u8(f) & 1 ? fz_u8(f) & 0x7f
						 : fz_u16(f) & 0x3fff;

		return _IOC(dir, type, nr, size);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	struct vadma_args_env env;
	union ioc_arg a, before;
	unsigned int cmd, want;
	int ret, sz, k;
	size_t n;

	cmd = pick_cmd(&f);
	env.page_shift = fz_u8(&f) % 64;
	env.iova_limit = fz_limit(&f);
	env.dma_max = fz_limit(&f);
	env.engines = fz_u8(&f);

	k = known(cmd);
	sz = vadma_args_size(cmd);
	if (k < 0) {
		if (sz != -ENOTTY)
			fz_fail("cmd 0x%x: size %d, not -ENOTTY", cmd, sz);
	} else if (sz != (int)_IOC_SIZE(cmd) || (size_t)sz > sizeof(a)) {
		fz_fail("cmd 0x%x: size %d, _IOC_SIZE %u", cmd, sz,
			(unsigned int)_IOC_SIZE(cmd));
	}

	/* The struct: what is left of the input, as copy_from_user() gives
	 * it (the rest of the union is poison the checks must not read). */
	memset(&a, 0xa5, sizeof(a));
	n = sz > 0 ? (size_t)sz : 0;
	memset(&a, 0, n);
	memcpy(&a, f.p, f.n < n ? f.n : n);
	before = a;

	ret = vadma_args_check(cmd, &a, &env);
	if (k < 0) {
		if (ret != -ENOTTY)
			fz_fail("cmd 0x%x: %d, not -ENOTTY", cmd, ret);
		return 0;
	}
	want = want_of(cmd, &before, &env);

	if (!want) {
		if (cmd == VADMA_IOC_FAULTS) {
			u32 room = before.faults.count;
			u32 cap = room < VADMA_FAULT_LOG ? room
							 : VADMA_FAULT_LOG;

			if (ret != (int)cap)
				fz_fail("FAULTS count %u: %d, not %u", room,
					ret, cap);
			if ((size_t)ret * sizeof(struct vadma_fault) >
			    VADMA_FAULT_LOG * sizeof(struct vadma_fault))
				fz_fail("FAULTS: %d records overflow", ret);
		} else if (ret != 0) {
			fz_fail("cmd 0x%x: a good struct refused: %d", cmd,
				ret);
		}
	} else {
		unsigned int got = ret == -EINVAL   ? W_EINVAL
				   : ret == -ERANGE ? W_ERANGE
				   : ret == -ENODEV ? W_ENODEV
						    : 0;

		if (ret >= 0)
			fz_fail("cmd 0x%x: accepted (%d), breaks rules 0x%x",
				cmd, ret, want);
		if (!(got & want))
			fz_fail("cmd 0x%x: errno %d, rules broken 0x%x", cmd,
				ret, want);
	}

	/* Only an accepted DMA is written: its outputs, to zero. */
	if (cmd == VADMA_IOC_DMA && ret == 0) {
		if (a.dma.status || a.dma.fault_flags || a.dma.fault_addr ||
		    a.dma.bytes)
			fz_fail("DMA outputs not cleared");
		before.dma.status = 0;
		before.dma.fault_flags = 0;
		before.dma.fault_addr = 0;
		before.dma.bytes = 0;
	}
	if (memcmp(&a, &before, sizeof(a)) != 0)
		fz_fail("cmd 0x%x: the checks wrote the struct", cmd);

	/* The handlers call the checks one by one: the same answers. */
	switch (cmd) {
	case VADMA_IOC_MAP:
		if (vadma_args_map(&before.map, &env) != ret)
			fz_fail("vadma_args_map() differs");
		break;
	case VADMA_IOC_DMA:
		if (vadma_args_dma(&before.dma, &env) != ret)
			fz_fail("vadma_args_dma() differs");
		break;
	case VADMA_IOC_FAULTS:
		if (vadma_args_faults(&before.faults) != ret)
			fz_fail("vadma_args_faults() differs");
		break;
	default:
		break;
	}
	return 0;
}
