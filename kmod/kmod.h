/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vadma.ko inside: the device, the open files (their mappings, bonds and
 * fault logs), and what a backend supplies.  vadma_main.c owns /dev/vadma,
 * checks every argument and keeps the mappings and the fault logs; a
 * backend (iommu.c; model.c and mmu500.c, which hand an SMMUv2 and its
 * engines to sva.c and iova.c) only maps, unmaps, binds and moves bytes.
 * mem.c reaches registers and RAM on a device's behalf.
 */
#ifndef VADMA_KMOD_KMOD_H
#define VADMA_KMOD_KMOD_H

#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "vadma/dmac.h"
#include "vadma/smmu.h"
#include "uapi/vadma.h"

struct model;
struct vadma_bond;
struct vadma_backend_type;
struct vadma_dev;
struct vadma_file;
struct vadma_iommu;
struct vadma_iova;
struct vadma_model;
struct vadma_mmu500;

/**
 * struct vadma_mapping - one VADMA_IOC_MAP: pinned pages at an IOVA
 * @dev_node:  in vadma_dev.mappings (all files: one IOVA space)
 * @file_node: in vadma_file.mappings (released on close)
 * @owner:     the file that made it
 * @iova:      first IOVA, page-aligned
 * @length:    bytes, a multiple of PAGE_SIZE
 * @va:        the caller's address (for the log only)
 * @flags:     VADMA_MAP_*
 * @npages:    @length / PAGE_SIZE
 * @pages:     the pinned pages, in IOVA order
 */
struct vadma_mapping {
	struct list_head dev_node;
	struct list_head file_node;
	struct vadma_file *owner;
	u64 iova;
	u64 length;
	u64 va;
	u32 flags;
	unsigned long npages;
	struct page **pages;
};

/**
 * struct vadma_backend_ops - what a backend does for the ioctls
 *
 * Called with vadma_dev.lock held.  A NULL member makes its ioctl fail with
 * EOPNOTSUPP.
 */
struct vadma_backend_ops {
	/**
	 * @map: make @m->pages reachable by the engine at @m->iova with the
	 * rights in @m->flags; on failure nothing stays mapped.
	 */
	int (*map)(struct vadma_dev *vd, struct vadma_mapping *m);
	/**
	 * @unmap: undo @map; on return the engine cannot reach the pages any
	 * more (TLBs invalidated), so they may be unpinned.
	 */
	void (*unmap)(struct vadma_dev *vd, struct vadma_mapping *m);
	/**
	 * @dma: run the checked request @d and fill its outputs (status,
	 * fault_*, bytes); a negative errno only when it could not be run.
	 */
	int (*dma)(struct vadma_dev *vd, struct vadma_dma *d);
	/**
	 * @bind: share the calling process's address space with the engines
	 * through @f (VADMA_IOC_BIND, checked); sets @f->bond.
	 */
	int (*bind)(struct vadma_file *f, struct vadma_bind *a);
	/**
	 * @unbind: undo @bind: for VADMA_IOC_UNBIND (-EPERM unless the caller
	 * is the bound process), or, with @closing, whoever asks.
	 */
	int (*unbind)(struct vadma_file *f, bool closing);
	/**
	 * @dma_va: @dma for a bound file: @d's addresses are the process's
	 * virtual addresses.
	 */
	int (*dma_va)(struct vadma_file *f, struct vadma_dma *d);
};

/* The longest VADMA_IOC_DMA on virtual addresses. */
#define VADMA_SVA_DMA_MAX (4ULL << 20)

/**
 * struct vadma_hw - an SMMUv2 and its DMA engines, as sva.c drives them
 * @lock:      every access to the hardware and to @smmu; taken by the
 *             mmu_notifier under the page-table lock, so never sleep
 *             while holding it
 * @smmu:      the driver core's state, probed and reset
 * @zdma:      a ZDMA (GDMA) channel, taken over and idle
 * @cdma:      the AXI CDMA, when @has_cdma
 * @has_cdma:  there is one
 * @zdma_sid:  the stream IDs of their transactions
 * @cdma_sid:
 * @cb_irq:    context banks raise their interrupt on a fault (the DMA
 *             loop polls CB_FSR either way)
 * @irqs:      the hardware's interrupts reach vadma_sva_irq() and
 *             vadma_sva_engine_irq(): the DMA loop sleeps between looks
 *             (real hardware), instead of letting the model work
 * @ram_end:   the end of the highest RAM the engines may reach
 * @advance:   let the hardware work a little (the model runs some steps;
 *             NULL for real hardware, which works on its own); under @lock
 * @iova:      the bank of explicit mappings (kmod/iova.c), or NULL
 * @live_sid:  the stream a DMA has routed to a context bank, while it runs
 *             (idle streams are routed to a fault); under @lock
 * @live_cb:   that bank, or -1 when no DMA runs
 * @wedged:    BIT(enum vadma_engine) of the engines that did not stop when
 *             told to: their streams stay routed to a fault; under @lock
 * @irq_wq:    the DMA loop waits here for an interrupt (@irqs)
 * @irq_events: interrupts taken (a context fault, an engine's); under @lock
 * @irq_fault: the live bank's fault, taken by the interrupt handler (its
 *             FSR cleared: the line drops), for the DMA loop; under @lock
 * @irq_fault_valid: @irq_fault holds one
 * @engines:   by enum vadma_engine, what the SVA loop drives: the engine
 *             behind its driver's ops (@zdma, @cdma; ops NULL: none) and
 *             its stream; set by vadma_sva_init()
 * @stats:     since the load, under @lock
 */
struct vadma_hw {
	spinlock_t lock;
	struct smmu smmu;
	struct dmac_zdma zdma;
	struct dmac_cdma cdma;
	bool has_cdma;
	u32 zdma_sid;
	u32 cdma_sid;
	bool cb_irq;
	bool irqs;
	u64 ram_end;
	void (*advance)(struct vadma_hw *hw);
	struct vadma_iova *iova;
	u32 live_sid;
	int live_cb;
	u32 wedged;
	wait_queue_head_t irq_wq;
	u64 irq_events;
	struct smmu_fault irq_fault;
	bool irq_fault_valid;
	struct {
		struct dmac_engine dma;
		u32 sid;
	} engines[VADMA_ENGINE_CDMA + 1];
	struct {
		u64 binds;
		u64 bonds;
		u64 dmas;
		u64 served;
		u64 terminated;
		u64 invalidations;
		u64 released;
		u64 halts;
		u64 lost_syncs;
		u64 irq_faults;
		u64 irq_engine;
	} stats;
};

/**
 * struct vadma_backend_type - one value of backend=
 * @name: as backend= names it
 * @init: take the hardware, fill the device's info and ops (and priv);
 *        0, or a negative errno, the reason logged
 * @exit: undo @init; no file is open
 */
struct vadma_backend_type {
	const char *name;
	int (*init)(struct vadma_dev *vd);
	void (*exit)(struct vadma_dev *vd);
};

/**
 * struct vadma_dev - the one instance of the module
 * @misc:        /dev/vadma
 * @info:        the answer to VADMA_IOC_INFO, fixed at load
 * @ops:         the backend's
 * @stream:      the engine's stream ID, for fault records
 * @engines:     BIT(enum vadma_engine) of the engines VADMA_IOC_DMA takes
 * @no_bind:     why VADMA_IOC_BIND fails, logged once
 * @bind_said:   @no_bind was logged
 * @lock:        serialises mappings and DMA (mutex: DMA sleeps)
 * @mappings:    every file's mappings
 * @release_wq:  releases of files that found @lock taken (vadma_release())
 * @fault_lock:  protects the fault logs (taken in the IOMMU's fault path)
 * @fault_wq:    woken when a fault is recorded
 * @fault_file:  the file whose DMA runs: its log takes the faults
 * @fault_seq:   records made since the load (the last one's seq)
 * @fault_orphans: faults while no DMA ran, in no file's log
 * @fault_armed: a DMA step waits for its first fault (vadma_fault_arm())
 * @fault_hit:   ... and here it is
 * @fault_first_rec: the first fault after vadma_fault_arm()
 * @backend:     the backend, chosen at load (backend=)
 * @priv:        its state (model.c, mmu500.c, iommu.c)
 * @hw:          the SMMU and engines that sva.c and iova.c drive (model,
 *               mmu500)
 */
struct vadma_dev {
	struct miscdevice misc;
	struct vadma_info info;
	const struct vadma_backend_ops *ops;
	u32 stream;
	u32 engines;
	const char *no_bind;
	bool bind_said;

	struct mutex lock;
	struct list_head mappings;
	struct workqueue_struct *release_wq;

	spinlock_t fault_lock;
	wait_queue_head_t fault_wq;
	struct vadma_file *fault_file;
	u64 fault_seq;
	u64 fault_orphans;
	bool fault_armed;
	bool fault_hit;
	struct vadma_fault fault_first_rec;

	const struct vadma_backend_type *backend;
	void *priv;
	struct vadma_hw *hw;
};

/**
 * struct vadma_fault_log - a file's fault log, a ring; under
 * vadma_dev.fault_lock
 * @recs:  the records
 * @first: index of the oldest
 * @count: records in the log
 * @lost:  records dropped since the last read
 * @merge: the next fault may be merged into the newest record
 */
struct vadma_fault_log {
	struct vadma_fault recs[VADMA_FAULT_LOG];
	unsigned int first;
	unsigned int count;
	u64 lost;
	bool merge;
};

/**
 * struct vadma_file - one open /dev/vadma
 * @vd:       the device
 * @mappings: this file's mappings
 * @pinned:   bytes of them, at most VADMA_MAP_MAX
 * @bond:     the address space this file is bound to (VADMA_IOC_BIND)
 * @release:  the release's work, when another file's DMA holds the lock
 * @faults:   the faults of this file's DMAs (VADMA_IOC_FAULTS)
 */
struct vadma_file {
	struct vadma_dev *vd;
	struct list_head mappings;
	u64 pinned;
	struct vadma_bond *bond;
	struct work_struct release;
	struct vadma_fault_log faults;
};

u64 vadma_fault_record(struct vadma_dev *vd, u64 iova, u32 stream, u16 type,
		       u16 flags);
void vadma_fault_arm(struct vadma_dev *vd);
bool vadma_fault_wait(struct vadma_dev *vd, unsigned int wait_ms,
		      struct vadma_fault *out);

int vadma_iommu_init(struct vadma_dev *vd);
void vadma_iommu_exit(struct vadma_dev *vd);

int vadma_model_init(struct vadma_dev *vd);
void vadma_model_exit(struct vadma_dev *vd);

int vadma_mmu500_init(struct vadma_dev *vd);
void vadma_mmu500_exit(struct vadma_dev *vd);

/**
 * struct vadma_mmio - a register block mapped with ioremap(), bounds-checked
 * @base: its mapping
 * @size: its length: an access beyond it is refused, never made
 * @name: for the log
 * @oob:  an access beyond it was refused (logged once)
 *
 * The driver core computes offsets from what it reads (ID registers); a
 * part that reads back nonsense must not make it touch what the device
 * tree did not give.  vadma_mmio_io() makes the core's register ops.
 */
struct vadma_mmio {
	void __iomem *base;
	u64 size;
	const char *name;
	bool oob;
};

struct vadma_io vadma_mmio_io(struct vadma_mmio *r);
u8 *vadma_linear_page(u64 pa);
int vadma_clean_poc(const void *p, size_t len, unsigned int line);
void *vadma_pt_alloc(void *ctx, size_t size, u64 *pa);
void vadma_pt_free(void *ctx, void *va, u64 pa, size_t size);
void *vadma_pt_phys_to_virt(void *ctx, u64 pa, size_t size);

int vadma_bench_run(const char *shape);

int vadma_iova_init(struct vadma_dev *vd, struct vadma_hw *hw,
		    struct vadma_backend_ops *ops);
void vadma_iova_exit(struct vadma_hw *hw);
int vadma_iova_dma(struct vadma_dev *vd, struct vadma_dma *d, unsigned int cb);

void vadma_hw_init(struct vadma_hw *hw);
int vadma_sva_init(struct vadma_dev *vd, struct vadma_hw *hw);
bool vadma_sva_irq(struct vadma_hw *hw);
void vadma_sva_engine_irq(struct vadma_hw *hw, enum vadma_engine engine);
void vadma_sva_report(struct vadma_hw *hw);

#endif /* VADMA_KMOD_KMOD_H */
