/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A device's register file as data (model/regs.c): each register's offset,
 * where its value lives in the device, its reset value, the bits a write
 * sets, the bits a write of 1 clears, and whether reads clear it, a
 * function computes it, or a write has side effects.  One read and one
 * write apply the table; the device's hooks do the side effects only.
 */
#ifndef VADMA_MODEL_REGS_H
#define VADMA_MODEL_REGS_H

#include "model-internal.h"

/* struct model_reg.flags */
#define MODEL_REG_RC	BIT(0) /* a read returns the value and clears it */
#define MODEL_REG_READ	BIT(1) /* the value is the read hook's */
#define MODEL_REG_WRITE BIT(2) /* call the write hook after the store */

/* struct model_reg.field of a register with no storage: reads as zero
 * (write-only, or not modelled) unless MODEL_REG_READ */
#define MODEL_REG_NONE 0xffffU

/**
 * struct model_reg - one register
 * @off:   its byte offset in the block
 * @field: offsetof() the u32 of the device that holds it, or
 *         %MODEL_REG_NONE
 * @flags: MODEL_REG_*
 * @reset: its value out of reset
 * @rw:    the bits a write sets to what is written; the others keep their
 *         value (read-only, reserved)
 * @w1c:   the bits a write of 1 clears
 */
struct model_reg {
	u16 off;
	u16 field;
	u32 flags;
	u32 reset;
	u32 rw;
	u32 w1c;
};

/**
 * struct model_regfile - a device's registers
 * @regs:     the registers, by increasing @off
 * @n:        how many
 * @read:     the value of a %MODEL_REG_READ register
 * @write:    the side effects of a write to a %MODEL_REG_WRITE register,
 *            after its value is stored; @val as written
 * @unmapped: an access to an offset with no register, or NULL (RAZ/WI)
 */
struct model_regfile {
	const struct model_reg *regs;
	unsigned int n;
	u32 (*read)(void *dev, u64 off);
	void (*write)(void *dev, u64 off, u32 val);
	void (*unmapped)(void *dev, u64 off);
};

/** model_regs_read() - a read of the register at @off of @dev */
u32 model_regs_read(const struct model_regfile *rf, void *dev, u64 off);

/** model_regs_write() - a write of @val to the register at @off of @dev */
void model_regs_write(const struct model_regfile *rf, void *dev, u64 off,
		      u32 val);

/**
 * model_regs_reset() - every register with storage back to its reset value
 *
 * Return: 0; -EINVAL when @rf's registers are not in increasing offset
 * order (a table to fix).
 */
int model_regs_reset(const struct model_regfile *rf, void *dev);

#endif /* VADMA_MODEL_REGS_H */
