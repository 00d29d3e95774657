/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Drivers for the two DMA engines of the experiments: a ZynqMP DMA channel
 * (ZDMA, the PS "FPD DMA"/"GDMA"; include/vadma/hw/zdma.h) and an AXI CDMA
 * in the programmable logic (PG034; include/vadma/hw/axi_cdma.h).
 *
 * Both are driven the same way: init once, start a copy (simple mode, or a
 * caller-built descriptor list), then poll dmac_*_status()/dmac_*_wait() or
 * take the interrupt and call dmac_*_irq_ack().  The drivers reach the
 * hardware only through &struct vadma_io, so they program the software
 * model, the real registers from the kernel, or a unit test's fake alike.
 * Addresses are whatever the engine puts on its AXI master: physical
 * addresses, or I/O virtual addresses when the SMMU translates its stream.
 *
 * Nothing here sleeps or allocates; every poll is bounded.  The functions
 * of one engine are not reentrant: the caller serialises them (in the
 * kernel, under one lock per channel).
 */
#ifndef VADMA_DMAC_H
#define VADMA_DMAC_H

#include "vadma/env.h"
#include "vadma/bits.h"
#include "vadma/io.h"
#include "vadma/hw/zdma.h"
#include "vadma/hw/axi_cdma.h"

/* Register reads a reset or a disable may take before init gives up */
#define DMAC_RESET_POLLS 100000UL

/*
 * What went wrong, in &struct dmac_status.errors.  One vocabulary for both
 * engines; the comment says which hardware bit each comes from.
 */
#define DMAC_ERR_INTERNAL    BIT(0)  /* CDMA DMAIntErr (e.g. BTT = 0) */
#define DMAC_ERR_SLAVE	     BIT(1)  /* CDMA DMASlvErr: SLVERR on data */
#define DMAC_ERR_DECODE	     BIT(2)  /* CDMA DMADecErr: DECERR on data */
#define DMAC_ERR_SG_INTERNAL BIT(3)  /* CDMA SGIntErr: stale descriptor */
#define DMAC_ERR_SG_SLAVE    BIT(4)  /* CDMA SGSlvErr */
#define DMAC_ERR_SG_DECODE   BIT(5)  /* CDMA SGDecErr */
#define DMAC_ERR_RD_DATA     BIT(6)  /* ZDMA AXI_RD_DATA: error on a read */
#define DMAC_ERR_WR_DATA     BIT(7)  /* ZDMA AXI_WR_DATA: error on a write */
#define DMAC_ERR_RD_SRC_DSCR BIT(8)  /* ZDMA AXI_RD_SRC_DSCR */
#define DMAC_ERR_RD_DST_DSCR BIT(9)  /* ZDMA AXI_RD_DST_DSCR */
#define DMAC_ERR_INV_APB     BIT(10) /* ZDMA INV_APB: bad register access */
/* ZDMA STATE = done-with-error, but no error bit seen since the start */
#define DMAC_ERR_UNKNOWN     BIT(11)

/**
 * struct dmac_status - what a DMA engine is doing, decoded
 * @done:   the engine has stopped: the last transfer ended, well or not
 *          (also true after init, when no transfer was started)
 * @busy:   a transfer is in progress
 * @paused: ZDMA only: stopped at a SRC descriptor whose CMD was PAUSE
 * @error:  the transfer failed or is failing; @errors says how
 * @errors: DMAC_ERR_* bits
 * @state:  ZDMA: CH_STATUS.STATE (enum zdma_state); CDMA: 0
 * @isr:    ZDMA: the CH_ISR bits seen since the transfer started, including
 *          non-fatal ones (BYTE_CNT_OVRFL, IRQ_*_ACCT_ERR) and completions;
 *          CDMA: CDMASR as read, with the interrupt bits seen since the
 *          transfer started
 * @bytes:  ZDMA: CH_TOTAL_BYTE, the bytes written to the destination;
 *          CDMA: the length of a simple-mode copy that completed without
 *          error, else 0 (the CDMA counts nothing; for a descriptor list
 *          see dmac_cdma_desc_decode())
 *
 * "Done, ok" is @done && !@error; "still busy" is @busy (or @paused);
 * "failed" is @error, with @errors saying which way.
 */
struct dmac_status {
	bool done;
	bool busy;
	bool paused;
	bool error;
	u32 errors;
	u32 state;
	u32 isr;
	u64 bytes;
};

/**
 * struct dmac_sg_seg - one piece of a scatter-gather copy
 * @src: source address
 * @dst: destination address
 * @len: bytes
 */
struct dmac_sg_seg {
	u64 src;
	u64 dst;
	u32 len;
};

/* Flags for dmac_zdma_sg_format() */
#define DMAC_SG_INTR_LAST BIT(0) /* INTR on the last SRC and DST */
#define DMAC_SG_COHERENT  BIT(1) /* COHRNT (ADMA; FPD DMA ignores it) */

/* ---- ZynqMP DMA channel (ZDMA) ----------------------------------------- */

/**
 * struct dmac_zdma - one ZDMA channel
 * @io:      its register block (one channel, 0x10000 apart on ZynqMP)
 * @isr_acc: CH_ISR bits seen since the last start, for dmac_zdma_status()
 */
struct dmac_zdma {
	struct vadma_io io;
	u32 isr_acc;
};

/**
 * dmac_zdma_init() - take a channel over and leave it idle
 * @z:  the channel; filled in
 * @io: its register block
 *
 * Disables the channel and waits (bounded) until it is neither busy nor
 * paused, masks and clears every interrupt, puts CTRL0, CTRL1, DATA_ATTR
 * and DSCR_ATTR back to their reset values, and clears TOTAL_BYTE and the
 * interrupt accounting counters.
 *
 * Return: 0; -ETIMEDOUT if the channel did not stop within
 * %DMAC_RESET_POLLS reads of CH_STATUS; -EINVAL for a NULL argument.
 */
int dmac_zdma_init(struct dmac_zdma *z, const struct vadma_io *io);

/**
 * dmac_zdma_copy() - start a simple-mode memory-to-memory copy
 * @z:   the channel
 * @src: source address
 * @dst: destination address
 * @len: bytes, 1 to %ZDMA_DSCR_SIZE_MAX
 *
 * Programs the SRC and DST descriptor registers, then sets CTRL2.EN, which
 * starts the transfer; the channel clears EN itself when it is done.
 * Interrupt status left from an earlier transfer and TOTAL_BYTE are
 * cleared first.  Returns without waiting.
 *
 * Return: 0 once started; -EINVAL for a bad @len; -ERANGE if
 * [@src, @src + @len) or [@dst, @dst + @len) does not fit in
 * %ZDMA_ADDR_BITS bits; -EBUSY if the channel is busy or paused (nothing is
 * written then).
 */
int dmac_zdma_copy(struct dmac_zdma *z, u64 src, u64 dst, u32 len);

/**
 * dmac_zdma_sg_copy() - start a scatter-gather copy from descriptor lists
 * @z:        the channel
 * @src_list: address of the first SRC descriptor
 * @dst_list: address of the first DST descriptor
 *
 * The lists are built by the caller (dmac_zdma_sg_format() builds linear
 * ones) in memory the channel can read, and made visible to it (cache
 * clean) before the call.  The channel follows the SRC list until a
 * descriptor with CMD = STOP (or PAUSE).
 *
 * Return: 0 once started; -EINVAL if a list is not 16-byte aligned;
 * -ERANGE if an address is too wide; -EBUSY if the channel is busy.
 */
int dmac_zdma_sg_copy(struct dmac_zdma *z, u64 src_list, u64 dst_list);

/**
 * dmac_zdma_status() - decode the channel's state and interrupt status
 * @z:  the channel
 * @st: filled in
 *
 * Reads CH_STATUS, CH_ISR and CH_TOTAL_BYTE.  The CH_ISR bits it sees are
 * cleared in hardware (write 1 to clear) and kept in @z, so @st->isr and
 * @st->errors cover everything since the transfer started, however often
 * this is called.
 *
 * Return: 0; -EINVAL for a NULL argument.
 */
int dmac_zdma_status(struct dmac_zdma *z, struct dmac_status *st);

/**
 * dmac_zdma_done() - whether the channel has stopped
 * @z: the channel
 *
 * One read of CH_STATUS; clears nothing.
 *
 * Return: true if STATE is done or done-with-error.
 */
bool dmac_zdma_done(struct dmac_zdma *z);

/**
 * dmac_zdma_wait() - poll until the channel is no longer busy
 * @z:         the channel
 * @max_polls: at most this many dmac_zdma_status() calls
 * @st:        the last status; may be NULL
 *
 * A paused channel counts as stopped: @st->paused says so.
 *
 * Return: 0 if it stopped without error; -EIO if it reported an error
 * (@st->errors says which); -ETIMEDOUT if it was still busy after
 * @max_polls polls; -EINVAL if @max_polls is 0.
 */
int dmac_zdma_wait(struct dmac_zdma *z, unsigned long max_polls,
		   struct dmac_status *st);

/**
 * dmac_zdma_irq_enable() - unmask interrupts (write CH_IEN)
 * @z:    the channel
 * @mask: ZDMA_CH_IRQ_* bits
 *
 * Return: 0; -EINVAL if @mask has a bit outside %ZDMA_CH_IRQ_ALL.
 */
int dmac_zdma_irq_enable(struct dmac_zdma *z, u32 mask);

/**
 * dmac_zdma_irq_disable() - mask interrupts (write CH_IDS)
 * @z:    the channel
 * @mask: ZDMA_CH_IRQ_* bits
 *
 * Return: 0; -EINVAL if @mask has a bit outside %ZDMA_CH_IRQ_ALL.
 */
int dmac_zdma_irq_disable(struct dmac_zdma *z, u32 mask);

/**
 * dmac_zdma_irq_ack() - acknowledge the pending interrupts
 * @z:       the channel
 * @pending: the CH_ISR bits that were set (masked ones included); may be
 *           NULL
 *
 * Reads CH_ISR and writes the bits back to clear them.  They are kept for
 * dmac_zdma_status(), which reports them until the next start.
 *
 * Return: 0.
 */
int dmac_zdma_irq_ack(struct dmac_zdma *z, u32 *pending);

/**
 * dmac_zdma_irq_acct() - read (and so clear) the interrupt accounting
 * @z:   the channel
 * @src: SRC descriptors with INTR completed since the last read; may be NULL
 * @dst: DST descriptors with INTR completed since the last read; may be NULL
 *
 * Return: 0.
 */
int dmac_zdma_irq_acct(struct dmac_zdma *z, u32 *src, u32 *dst);

/**
 * dmac_zdma_desc_format() - write one linear descriptor (pure)
 * @buf:  16 bytes of descriptor memory (any alignment on the host side;
 *        the address the DMA sees must be 16-byte aligned)
 * @addr: buffer address
 * @size: bytes, 1 to %ZDMA_DSCR_SIZE_MAX
 * @cntl: WORD3: ZDMA_DSCR_WORD3_* fields (COHRNT, INTR, CMD); TYPE must be
 *        linear
 *
 * Writes the four little-endian words of UG1085 table 19-1.
 *
 * Return: 0; -EINVAL for a bad @size or @cntl; -ERANGE if @addr + @size
 * does not fit in %ZDMA_ADDR_BITS bits.  @buf is untouched on error.
 */
int dmac_zdma_desc_format(void *buf, u64 addr, u32 size, u32 cntl);

/**
 * dmac_zdma_sg_format() - build the SRC and DST lists of a copy (pure)
 * @src_list: @n * 16 bytes for the SRC descriptors
 * @dst_list: @n * 16 bytes for the DST descriptors
 * @segs:     the pieces to copy
 * @n:        how many, at least 1
 * @flags:    DMAC_SG_*
 *
 * Descriptor i of each list describes @segs[i]; the last SRC descriptor
 * says STOP.  Pass the lists' DMA addresses to dmac_zdma_sg_copy().  The
 * channel may read (never use) up to 16 bytes past the end of a list.
 *
 * Return: 0; -EINVAL or -ERANGE as dmac_zdma_desc_format() for any segment
 * (the lists are then partly written), -EINVAL for @n = 0 or bad @flags.
 */
int dmac_zdma_sg_format(void *src_list, void *dst_list,
			const struct dmac_sg_seg *segs, unsigned int n,
			u32 flags);

/* ---- AXI CDMA (PG034) ---------------------------------------------------- */

/**
 * struct dmac_cdma_config - how the AXI CDMA was built
 * @addr_bits: its address width, 32 to 64 ("Address Width"); above 32 the
 *             *_MSB registers exist and are written
 * @btt_bits:  width of the BTT field, 8 to 26 ("Width of Buffer Length
 *             Register")
 */
struct dmac_cdma_config {
	unsigned int addr_bits;
	unsigned int btt_bits;
};

/**
 * struct dmac_cdma - one AXI CDMA
 * @io:       its register space
 * @cfg:      how it was built
 * @has_sg:   CDMASR.SGIncld: built with scatter-gather
 * @sg:       the last transfer started was scatter-gather
 * @last_len: length of the last simple-mode copy started
 * @irq_acc:  CDMASR interrupt bits seen since the last start
 */
struct dmac_cdma {
	struct vadma_io io;
	struct dmac_cdma_config cfg;
	bool has_sg;
	bool sg;
	u32 last_len;
	u32 irq_acc;
};

/**
 * dmac_cdma_init() - reset the core and leave it idle
 * @c:   the CDMA; filled in
 * @io:  its register space
 * @cfg: how it was built; NULL means a 64-bit address space and a 23-bit
 *       BTT field (the IP's default width)
 *
 * Writes CDMACR.Reset and polls (bounded) until the bit reads 0 again.
 * The reset leaves every interrupt disabled and clears the status, latched
 * errors included.
 *
 * Return: 0; -ETIMEDOUT if the reset did not complete within
 * %DMAC_RESET_POLLS reads; -EINVAL for a bad @cfg or NULL argument.
 */
int dmac_cdma_init(struct dmac_cdma *c, const struct vadma_io *io,
		   const struct dmac_cdma_config *cfg);

/**
 * dmac_cdma_copy() - start a simple-mode copy
 * @c:   the CDMA
 * @src: source address
 * @dst: destination address
 * @len: bytes, 1 to 2^btt_bits - 1
 *
 * Requires CDMASR.Idle.  Leaves SG mode if it was on, clears interrupt
 * bits left from earlier transfers, writes SA, SA_MSB, DA, DA_MSB and
 * finally BTT, whose write starts the transfer.  Returns without waiting.
 *
 * Return: 0 once started; -EINVAL for a bad @len; -ERANGE if an address
 * range does not fit in the configured address width; -EBUSY if the core
 * is not idle; -EIO if it holds a latched error (re-init to clear it).
 */
int dmac_cdma_copy(struct dmac_cdma *c, u64 src, u64 dst, u32 len);

/**
 * dmac_cdma_sg_copy() - start the SG engine on a descriptor chain
 * @c:     the CDMA
 * @first: address of the first descriptor
 * @tail:  address of the last descriptor to execute
 *
 * The chain is built by the caller (dmac_cdma_sg_format()) in memory the
 * CDMA can read and write, cleaned from the CPU caches.  Sets SGMode, then
 * writes CURDESC_PNTR(_MSB) and TAILDESC_PNTR(_MSB); the last write starts
 * the engine.
 *
 * Return: 0 once started; -EOPNOTSUPP if the core has no SG engine;
 * -EINVAL if a pointer is not 64-byte aligned; -ERANGE if it is too wide;
 * -EBUSY if the core is not idle; -EIO on a latched error.
 */
int dmac_cdma_sg_copy(struct dmac_cdma *c, u64 first, u64 tail);

/**
 * dmac_cdma_status() - decode CDMASR
 * @c:  the CDMA
 * @st: filled in
 *
 * Reads CDMASR; the interrupt bits it sees are cleared (write 1 to clear)
 * and remembered until the next start.  Error bits cannot be cleared but
 * by a reset.
 *
 * Return: 0; -EINVAL for a NULL argument.
 */
int dmac_cdma_status(struct dmac_cdma *c, struct dmac_status *st);

/**
 * dmac_cdma_done() - whether the core is idle
 * @c: the CDMA
 *
 * Return: CDMASR.Idle (one read, nothing cleared).
 */
bool dmac_cdma_done(struct dmac_cdma *c);

/**
 * dmac_cdma_wait() - poll until the core is idle
 * @c:         the CDMA
 * @max_polls: at most this many dmac_cdma_status() calls
 * @st:        the last status; may be NULL
 *
 * Return: 0 if it became idle without error; -EIO on an error;
 * -ETIMEDOUT if still busy after @max_polls polls; -EINVAL if @max_polls
 * is 0.
 */
int dmac_cdma_wait(struct dmac_cdma *c, unsigned long max_polls,
		   struct dmac_status *st);

/**
 * dmac_cdma_irq_enable() - set interrupt enables in CDMACR
 * @c:    the CDMA
 * @mask: CDMA_IRQ_IOC, CDMA_IRQ_DLY, CDMA_IRQ_ERR
 *
 * Return: 0; -EINVAL for a bit outside %CDMA_IRQ_ALL.
 */
int dmac_cdma_irq_enable(struct dmac_cdma *c, u32 mask);

/**
 * dmac_cdma_irq_disable() - clear interrupt enables in CDMACR
 * @c:    the CDMA
 * @mask: CDMA_IRQ_IOC, CDMA_IRQ_DLY, CDMA_IRQ_ERR
 *
 * Return: 0; -EINVAL for a bit outside %CDMA_IRQ_ALL.
 */
int dmac_cdma_irq_disable(struct dmac_cdma *c, u32 mask);

/**
 * dmac_cdma_irq_ack() - acknowledge pending interrupts
 * @c:       the CDMA
 * @pending: the CDMA_IRQ_* bits that were set; may be NULL
 *
 * Reads CDMASR and writes its interrupt bits back (write 1 to clear).
 *
 * Return: 0.
 */
int dmac_cdma_irq_ack(struct dmac_cdma *c, u32 *pending);

/**
 * dmac_cdma_desc_format() - write one SG transfer descriptor (pure)
 * @c:    the CDMA (for its configuration only; no register is touched)
 * @buf:  %CDMA_DESC_SIZE bytes of descriptor memory; the address the CDMA
 *        sees must be 64-byte aligned
 * @next: address of the next descriptor (64-byte aligned)
 * @src:  source address
 * @dst:  destination address
 * @len:  bytes, 1 to 2^btt_bits - 1
 *
 * Writes the eight little-endian words of PG034 chapter 3 with STATUS 0.
 *
 * Return: 0; -EINVAL for a bad @len or unaligned @next; -ERANGE for an
 * address too wide.  @buf is untouched on error.
 */
int dmac_cdma_desc_format(const struct dmac_cdma *c, void *buf, u64 next,
			  u64 src, u64 dst, u32 len);

/**
 * dmac_cdma_sg_format() - build a descriptor chain (pure)
 * @c:         the CDMA (configuration only)
 * @ring:      @n * %CDMA_DESC_ALIGN bytes of descriptor memory
 * @ring_addr: the address the CDMA sees for @ring, 64-byte aligned
 * @segs:      the pieces to copy
 * @n:         how many, at least 1
 * @tail:      set to the address of the last descriptor; may be NULL
 *
 * Descriptor i sits at @ring + 64 * i and points to descriptor i + 1; the
 * last points back to the first (the engine stops at the tail pointer).
 * Start with dmac_cdma_sg_copy(@c, @ring_addr, *@tail).
 *
 * Return: 0; -EINVAL or -ERANGE as dmac_cdma_desc_format(), or -EINVAL for
 * @n = 0 or an unaligned @ring_addr.
 */
int dmac_cdma_sg_format(const struct dmac_cdma *c, void *ring, u64 ring_addr,
			const struct dmac_sg_seg *segs, unsigned int n,
			u64 *tail);

/**
 * dmac_cdma_desc_decode() - decode a descriptor's STATUS word (pure)
 * @buf: the descriptor, as the CDMA wrote it back
 * @st:  filled in: @done if Cmplt is set (@busy if not: not executed
 *       yet), @error and @errors from the DMAIntErr/DMASlvErr/DMADecErr
 *       bits, @isr the STATUS word, @bytes from CONTROL.BTT when done
 *       without error; all zero for a NULL @buf
 */
void dmac_cdma_desc_decode(const void *buf, struct dmac_status *st);

/* ---- Either engine, behind one table ------------------------------------ */

/**
 * struct dmac_ops - what code that drives either engine needs of its driver
 * @name:       the engine's short name, for messages ("ZDMA", "CDMA")
 * @irq_end:    the interrupts that mark the end of a transfer, well or not:
 *              done, and the errors that stop the engine
 * @init:       take the engine over: dmac_zdma_init(), dmac_cdma_init()
 *              with the default configuration
 * @reset:      @init again, on the registers and configuration @drv holds
 * @copy:       start a simple-mode copy: dmac_zdma_copy(), dmac_cdma_copy()
 * @status:     dmac_zdma_status(), dmac_cdma_status()
 * @irq_enable: dmac_zdma_irq_enable(), dmac_cdma_irq_enable()
 * @irq_ack:    dmac_zdma_irq_ack(), dmac_cdma_irq_ack()
 *
 * @drv is the driver's state: a &struct dmac_zdma for %dmac_zdma_ops, a
 * &struct dmac_cdma for %dmac_cdma_ops.  The engine-specific calls above
 * stay for what only one engine has (descriptor lists, PAUSE, the
 * accounting counters).
 */
struct dmac_ops {
	const char *name;
	u32 irq_end;
	int (*init)(void *drv, const struct vadma_io *io);
	int (*reset)(void *drv);
	int (*copy)(void *drv, u64 src, u64 dst, u32 len);
	int (*status)(void *drv, struct dmac_status *st);
	int (*irq_enable)(void *drv, u32 mask);
	int (*irq_ack)(void *drv, u32 *pending);
};

extern const struct dmac_ops dmac_zdma_ops;
extern const struct dmac_ops dmac_cdma_ops;

/**
 * struct dmac_engine - a DMA engine of either kind, its driver chosen once
 * @ops:  its driver (%dmac_zdma_ops or %dmac_cdma_ops)
 * @drv:  the driver's state, owned by the caller
 * @irqs: the interrupts every (re)initialisation leaves unmasked
 */
struct dmac_engine {
	const struct dmac_ops *ops;
	void *drv;
	u32 irqs;
};

/**
 * dmac_engine_init() - choose an engine's driver and take the engine over
 * @e:    filled in
 * @ops:  its driver
 * @drv:  the driver's state (&struct dmac_zdma or &struct dmac_cdma)
 * @io:   its registers
 * @irqs: unmask @ops->irq_end (else every interrupt stays masked)
 *
 * Return: 0, or what @ops->init or @ops->irq_enable returns; -EINVAL for
 * a NULL argument.
 */
int dmac_engine_init(struct dmac_engine *e, const struct dmac_ops *ops,
		     void *drv, const struct vadma_io *io, bool irqs);

/**
 * dmac_engine_reset() - take the engine over again, as dmac_engine_init()
 * left it
 * @e: the engine
 *
 * Return: 0, or what @e->ops->reset or @e->ops->irq_enable returns.
 */
int dmac_engine_reset(struct dmac_engine *e);

/**
 * dmac_engine_copy() - start a simple-mode copy
 * @e:   the engine
 * @src: source address
 * @dst: destination address
 * @len: bytes
 *
 * An engine that holds the error of an earlier transfer (the AXI CDMA
 * halts on one until it is reset: dmac_cdma_copy() says -EIO) is reset
 * with dmac_engine_reset() and the copy tried once more.
 *
 * Return: 0 once started, or what @e->ops->copy returns.
 */
int dmac_engine_copy(struct dmac_engine *e, u64 src, u64 dst, u32 len);

/**
 * dmac_engine_status() - @e->ops->status
 * @e:  the engine
 * @st: filled in
 *
 * Return: 0; -EINVAL for a NULL @st.
 */
int dmac_engine_status(struct dmac_engine *e, struct dmac_status *st);

/**
 * dmac_engine_irq_ack() - @e->ops->irq_ack
 * @e:       the engine
 * @pending: the interrupt bits that were set; may be NULL
 *
 * Return: 0.
 */
int dmac_engine_irq_ack(struct dmac_engine *e, u32 *pending);

#endif /* VADMA_DMAC_H */
