/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The ioctl arguments of /dev/vadma, checked: what vadma_main.c asks of a
 * struct once it is copied in from user space, before it looks at any
 * state (mappings, binds, the fault log).  Pure functions of the struct and
 * of a few fixed facts about the module, so that the same file builds in
 * the kernel (vadma.ko) and in user space, where the unit tests and a
 * libFuzzer target (tests/fuzz/fuzz_ioctl.c) call it.
 *
 * Every function returns 0 (or a count) when the struct is well formed and
 * a negative errno when not, the one the ioctl returns (include/uapi/
 * vadma.h documents them):
 *   EINVAL  a nonzero reserved field, an unknown flag, command or engine
 *           number, a zero, too large or unaligned length, an unaligned
 *           address, a range that wraps past 2^64
 *   ERANGE  a MAP range beyond vadma_info.iova_limit
 *   ENODEV  a DMA on a known engine the backend does not have
 *   ENOTTY  not a command of /dev/vadma (vadma_args_size())
 */
#ifndef VADMA_KMOD_ARGS_H
#define VADMA_KMOD_ARGS_H

#include "vadma/env.h"
#include "uapi/vadma.h"

/* Every flag of vadma_map.flags and of vadma_dma.flags. */
#define VADMA_MAP_FLAGS (VADMA_MAP_READ | VADMA_MAP_WRITE)
#define VADMA_DMA_FLAGS VADMA_DMA_NOCHECK

/**
 * struct vadma_args_env - what the checks need to know of the module
 * @page_shift: log2 of the CPU's page size (PAGE_SHIFT), below 64: MAP's
 *              va, iova and length are multiples of that page
 * @iova_limit: vadma_info.iova_limit: MAP ranges end at or below it
 * @dma_max:    vadma_info.dma_max: the largest DMA length (0: none)
 * @engines:    BIT(enum vadma_engine) of the engines the backend has;
 *              VADMA_ENGINE_DEFAULT is always taken
 *
 * Fixed when the module is loaded.  Whether the caller can reach
 * vadma_map.va at all (access_ok()) is not in here: the kernel knows its
 * address-space limit and tagged addresses, and checks after these.
 */
struct vadma_args_env {
	unsigned int page_shift;
	u64 iova_limit;
	u64 dma_max;
	u32 engines;
};

int vadma_args_size(unsigned int cmd);
int vadma_args_info(const struct vadma_info *a);
int vadma_args_map(const struct vadma_map *a, const struct vadma_args_env *env);
int vadma_args_unmap(const struct vadma_unmap *a);
int vadma_args_dma(struct vadma_dma *d, const struct vadma_args_env *env);
int vadma_args_bind(const struct vadma_bind *a);
int vadma_args_faults(const struct vadma_faults *a);
int vadma_args_check(unsigned int cmd, void *arg,
		     const struct vadma_args_env *env);

#endif /* VADMA_KMOD_ARGS_H */
