// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The checks vadma_main.c makes of an ioctl's struct as soon as it is
 * copied in (see args.h).  The order of the checks is the order of the
 * handlers before this file existed, so that a struct with several faults
 * gets the same errno as before.
 */
#include "args.h"
#include "vadma/bits.h"

/* True when @a + @len passes 2^64: [a, a + len) cannot be expressed. */
static bool vadma_args_wraps(u64 a, u64 len)
{
	return a + len < a;
}

/**
 * vadma_args_size() - the argument of an ioctl command
 * @cmd: the command, as vadma_ioctl() gets it
 *
 * Return: the size of the struct that @cmd copies in and out (0 for
 * VADMA_IOC_UNBIND, which takes none); -ENOTTY when @cmd is not one of
 * /dev/vadma's.
 */
int vadma_args_size(unsigned int cmd)
{
	switch (cmd) {
	case VADMA_IOC_INFO:
		return sizeof(struct vadma_info);
	case VADMA_IOC_MAP:
		return sizeof(struct vadma_map);
	case VADMA_IOC_UNMAP:
		return sizeof(struct vadma_unmap);
	case VADMA_IOC_DMA:
		return sizeof(struct vadma_dma);
	case VADMA_IOC_BIND:
		return sizeof(struct vadma_bind);
	case VADMA_IOC_UNBIND:
		return 0;
	case VADMA_IOC_FAULTS:
		return sizeof(struct vadma_faults);
	default:
		return -ENOTTY;
	}
}

/**
 * vadma_args_info() - check a struct vadma_info on its way in
 * @a: the caller's struct
 *
 * Only @a->reserved is an input; the rest is overwritten.
 * Return: 0, or -EINVAL for a nonzero reserved word.
 */
int vadma_args_info(const struct vadma_info *a)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(a->reserved); i++)
		if (a->reserved[i])
			return -EINVAL;
	return 0;
}

/**
 * vadma_args_map() - check a struct vadma_map
 * @a:   the caller's struct
 * @env: the module's page size and IOVA limit
 *
 * On success: @a->flags is READ and/or WRITE; @a->length is a nonzero
 * multiple of the page, at most VADMA_MAP_MAX; @a->va and @a->iova are
 * page-aligned; neither range wraps; @a->iova + @a->length is at most
 * @env->iova_limit.
 * Return: 0; -EINVAL (reserved, flags, length, alignment, wrap); -ERANGE
 * (beyond the IOVA limit).
 */
int vadma_args_map(const struct vadma_map *a, const struct vadma_args_env *env)
{
	u64 page_mask = (1ULL << env->page_shift) - 1;

	if (a->reserved || !a->flags || (a->flags & ~VADMA_MAP_FLAGS))
		return -EINVAL;
	if (!a->length || a->length > VADMA_MAP_MAX ||
	    (a->length & page_mask) || (a->va & page_mask) ||
	    (a->iova & page_mask))
		return -EINVAL;
	if (vadma_args_wraps(a->va, a->length) ||
	    vadma_args_wraps(a->iova, a->length))
		return -EINVAL;
	if (a->iova + a->length > env->iova_limit)
		return -ERANGE;
	return 0;
}

/**
 * vadma_args_unmap() - check a struct vadma_unmap
 * @a: the caller's struct
 *
 * @a->iova and @a->length are compared with the file's mappings, exactly:
 * no value of theirs is malformed on its own.
 * Return: 0, or -EINVAL for a nonzero reserved word.
 */
int vadma_args_unmap(const struct vadma_unmap *a)
{
	return a->reserved ? -EINVAL : 0;
}

/**
 * vadma_args_dma() - check a struct vadma_dma and clear its outputs
 * @d:   the caller's struct
 * @env: the module's engines and largest DMA
 *
 * On success: @d->flags has no bit but VADMA_DMA_NOCHECK; @d->engine is
 * VADMA_ENGINE_DEFAULT or one in @env->engines; @d->len is 1 to
 * @env->dma_max; neither [src, src + len) nor [dst, dst + len) wraps; and
 * the outputs (@d->status, fault_flags, fault_addr, bytes) are zero.
 * Return: 0; -EINVAL (flags, reserved, an unknown engine, length, wrap);
 * -ENODEV (a known engine the backend does not have).
 */
int vadma_args_dma(struct vadma_dma *d, const struct vadma_args_env *env)
{
	if ((d->flags & ~VADMA_DMA_FLAGS) || d->reserved[0] || d->reserved[1])
		return -EINVAL;
	if (d->engine > VADMA_ENGINE_CDMA)
		return -EINVAL;
	if (d->engine != VADMA_ENGINE_DEFAULT &&
	    !(env->engines & (1U << d->engine)))
		return -ENODEV;
	if (!d->len || d->len > env->dma_max)
		return -EINVAL;
	if (vadma_args_wraps(d->src, d->len) ||
	    vadma_args_wraps(d->dst, d->len))
		return -EINVAL;
	d->status = 0;
	d->fault_flags = 0;
	d->fault_addr = 0;
	d->bytes = 0;
	return 0;
}

/**
 * vadma_args_bind() - check a struct vadma_bind on its way in
 * @a: the caller's struct
 *
 * Return: 0, or -EINVAL when @a->flags, @a->pasid or a reserved word is
 * not zero.
 */
int vadma_args_bind(const struct vadma_bind *a)
{
	unsigned int i;

	if (a->flags || a->pasid)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(a->reserved); i++)
		if (a->reserved[i])
			return -EINVAL;
	return 0;
}

/**
 * vadma_args_faults() - check a struct vadma_faults
 * @a: the caller's struct
 *
 * @a->records is a user pointer: only copy_to_user() can tell whether it
 * is good.  @a->lost is an output.
 * Return: how many records the caller has room for, bounded by the log
 * (at most VADMA_FAULT_LOG, so that the bytes to copy out, that times
 * sizeof(struct vadma_fault), are small); -EINVAL when @a->flags or a
 * reserved word is not zero.
 */
int vadma_args_faults(const struct vadma_faults *a)
{
	if (a->flags || a->reserved[0] || a->reserved[1])
		return -EINVAL;
	return a->count < VADMA_FAULT_LOG ? (int)a->count : VADMA_FAULT_LOG;
}

/**
 * vadma_args_check() - check the argument of any command
 * @cmd: the ioctl command
 * @arg: its struct, vadma_args_size(@cmd) bytes (unused for UNBIND); a
 *       struct vadma_dma has its outputs cleared
 * @env: the module's fixed facts
 *
 * What the handler of @cmd calls, chosen by @cmd: for the fuzz target and
 * the tests, which see the decoding of every command through one door.
 * Return: what that check returns (0 for UNBIND); -ENOTTY for an unknown
 * @cmd.
 */
int vadma_args_check(unsigned int cmd, void *arg,
		     const struct vadma_args_env *env)
{
	switch (cmd) {
	case VADMA_IOC_INFO:
		return vadma_args_info(arg);
	case VADMA_IOC_MAP:
		return vadma_args_map(arg, env);
	case VADMA_IOC_UNMAP:
		return vadma_args_unmap(arg);
	case VADMA_IOC_DMA:
		return vadma_args_dma(arg, env);
	case VADMA_IOC_BIND:
		return vadma_args_bind(arg);
	case VADMA_IOC_UNBIND:
		return 0;
	case VADMA_IOC_FAULTS:
		return vadma_args_faults(arg);
	default:
		return -ENOTTY;
	}
}
