/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Register access.  The core reaches hardware only through these ops, so the
 * same driver code programs the software model, an ioremap()ed MMU-500 in
 * the kernel, or a recording stub in a unit test.
 */
#ifndef VADMA_IO_H
#define VADMA_IO_H

#include "vadma/env.h"

/**
 * struct vadma_io_ops - accessors for one register space
 * @read32:  read the 32-bit register at byte offset @off
 * @write32: write the 32-bit register at byte offset @off
 * @read64:  read the 64-bit register at byte offset @off
 * @write64: write the 64-bit register at byte offset @off
 *
 * Offsets are relative to the start of the space; @ctx is the pointer given
 * with the ops in &struct vadma_io.  Accessors neither fail nor sleep: a bus
 * error is the backend's to report, as on hardware.
 */
struct vadma_io_ops {
	u32 (*read32)(void *ctx, u64 off);
	void (*write32)(void *ctx, u64 off, u32 val);
	u64 (*read64)(void *ctx, u64 off);
	void (*write64)(void *ctx, u64 off, u64 val);
};

/**
 * struct vadma_io - a register space: its ops, their context, and a base
 * @ops:  the accessors
 * @ctx:  passed to every accessor
 * @base: added to every offset (a sub-block inside a larger space)
 */
struct vadma_io {
	const struct vadma_io_ops *ops;
	void *ctx;
	u64 base;
};

/**
 * vadma_read32() - read a 32-bit register
 * @io:  the register space
 * @off: byte offset of the register from @io->base
 *
 * Return: the register's value.
 */
static inline u32 vadma_read32(const struct vadma_io *io, u64 off)
{
	return io->ops->read32(io->ctx, io->base + off);
}

/**
 * vadma_write32() - write a 32-bit register
 * @io:  the register space
 * @off: byte offset of the register from @io->base
 * @val: the value
 */
static inline void vadma_write32(const struct vadma_io *io, u64 off, u32 val)
{
	io->ops->write32(io->ctx, io->base + off, val);
}

/**
 * vadma_read64() - read a 64-bit register
 * @io:  the register space
 * @off: byte offset of the register from @io->base
 *
 * Return: the register's value.
 */
static inline u64 vadma_read64(const struct vadma_io *io, u64 off)
{
	return io->ops->read64(io->ctx, io->base + off);
}

/**
 * vadma_write64() - write a 64-bit register
 * @io:  the register space
 * @off: byte offset of the register from @io->base
 * @val: the value
 */
static inline void vadma_write64(const struct vadma_io *io, u64 off, u64 val)
{
	io->ops->write64(io->ctx, io->base + off, val);
}

#endif /* VADMA_IO_H */
