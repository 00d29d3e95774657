/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The hardware model of one node: sparse physical memory, a CPU cache in
 * front of it, a bus that routes the CPU's MMIO to device models and the
 * devices' DMA (after the SMMU) to memory, and the device models themselves
 * (MMU-500, ZDMA channels, AXI CDMA) at their ZynqMP addresses.
 *
 * The model is discrete, deterministic and single-threaded.  Software (the
 * drivers, the os layer) runs between calls of model_run(); an interrupt
 * makes model_run() return so that software can handle it, as a CPU would.
 * A stalled DMA transaction waits, inside the model, until software writes
 * the context bank's RESUME register.
 *
 * The model depends on common/ and the register definitions only, never on
 * smmu/ or pgtable/: the model and the drivers are two independent readings
 * of the specifications that check each other.
 */
#ifndef VADMA_MODEL_H
#define VADMA_MODEL_H

#include "vadma/env.h"
#include "vadma/bits.h"
#include "vadma/io.h"
#include "vadma/plat.h"

struct model;

/**
 * MODEL_EVENTS - what the hardware did: every event the model emits,
 * declared once
 * @X: applied to each event: its name (MODEL_EV_<name>), the name the
 *     trace gives it, and what its @arg holds (struct model_event), as
 *     the trace JSON names that field ("" when nothing)
 *
 * - XLATE:     a translation: @va -> @pa, hit or walk (MODEL_EVF_*)
 * - WALK:      one step of a table walk: @pa the table, @arg the
 *              descriptor read at @level
 * - FAULT:     a context fault (FSR/FAR/FSYNR0 set): @arg FSR, @kind the
 *              fault's type
 * - GFAULT:    a global fault: @arg sGFSR, @kind which
 * - STALL:     a transaction stalled: @arg FSR
 * - RESUME:    software resumed it: @arg FSR, @kind retry or terminate
 * - TLBI:      an invalidation: @kind the operation, @arg its ASID
 *              operand, @va its address operand, @len entries removed
 * - SYNC:      a TLB sync completed: @kind which
 * - DMA_START: an engine started a transfer (@va source, @pa destination)
 * - DMA_BEAT:  an engine moved one burst
 * - DMA_DONE:  an engine finished (ok, or MODEL_EVF_ERROR)
 * - IRQ:       an interrupt line rose (@va the GIC ID)
 *
 * The enum, the names (model_ev_name(), model_ev_arg_name()), the
 * printer and the trace exporter of vadma run all follow from this list.
 */
#define MODEL_EVENTS(X)                   \
	X(XLATE, "translate", "")         \
	X(WALK, "walk", "descriptor")     \
	X(FAULT, "fault", "fsr")          \
	X(GFAULT, "global fault", "gfsr") \
	X(STALL, "stall", "fsr")          \
	X(RESUME, "resume", "fsr")        \
	X(TLBI, "tlbi", "asid")           \
	X(SYNC, "sync", "")               \
	X(DMA_START, "dma", "")           \
	X(DMA_BEAT, "burst", "")          \
	X(DMA_DONE, "dma", "")            \
	X(IRQ, "irq", "")

/**
 * MODEL_EV_KINDS - what kind of fault, invalidation, ... an event was:
 * the vocabulary of struct model_event.kind, declared once
 * @X: applied to each kind: its name (MODEL_EVK_<name>) and the name the
 *     trace gives it (NULL for NONE)
 *
 * FAULT: the fault type (FSR bit); GFAULT: the sGFSR bit, and for an
 * invalid context fault the configuration the model does not translate;
 * RESUME: how; TLBI: the register written; SYNC: the bank's or the global
 * sync; DMA_*: what the engine was doing (its mode: copy, write-only,
 * read-only, scatter-gather; a descriptor fetch; disabled, reset).
 */
#define MODEL_EV_KINDS(X)                         \
	X(NONE, NULL)                             \
	X(TRANSLATION, "translation")             \
	X(ACCESS, "access")                       \
	X(PERMISSION, "permission")               \
	X(EXTERNAL, "external")                   \
	X(ADDRESS_SIZE, "address-size")           \
	X(FAULT_OTHER, "fault")                   \
	X(USF, "usf")                             \
	X(SMCF, "smcf")                           \
	X(ICF, "icf")                             \
	X(UCBF, "ucbf")                           \
	X(ICF_NESTED, "icf-nested-unsupported")   \
	X(ICF_STAGE2, "icf-stage2-unsupported")   \
	X(ICF_HYPC, "icf-hypc-unsupported")       \
	X(ICF_AARCH32, "icf-aarch32-unsupported") \
	X(RETRY, "retry")                         \
	X(TERMINATE, "terminate")                 \
	X(TLBIALL, "tlbiall")                     \
	X(TLBIASID, "tlbiasid")                   \
	X(TLBIVA, "tlbiva")                       \
	X(TLBIVAL, "tlbival")                     \
	X(TLBIVAA, "tlbivaa")                     \
	X(TLBIVAAL, "tlbivaal")                   \
	X(STLBIALL, "stlbiall")                   \
	X(TLBIALLNSNH, "tlbiallnsnh")             \
	X(TLBIVMID, "tlbivmid")                   \
	X(TLBIVMIDS1, "tlbivmids1")               \
	X(TLBIALLH, "tlbiallh")                   \
	X(TLBIVAH, "tlbivah")                     \
	X(TLBSYNC, "tlbsync")                     \
	X(TLBGSYNC, "tlbgsync")                   \
	X(COPY, "copy")                           \
	X(WRONLY, "wronly")                       \
	X(RDONLY, "rdonly")                       \
	X(SG, "sg")                               \
	X(DSCR, "dscr")                           \
	X(DISABLED, "disabled")                   \
	X(RESET, "reset")

#define MODEL_EV_ENUM(name, trace, arg) MODEL_EV_##name,
/* The events of MODEL_EVENTS(). */
enum model_ev {
	MODEL_EVENTS(MODEL_EV_ENUM) MODEL_EV_COUNT
};
#undef MODEL_EV_ENUM

#define MODEL_EVK_ENUM(name, trace) MODEL_EVK_##name,
/* The kinds of MODEL_EV_KINDS(). */
enum model_ev_kind {
	MODEL_EV_KINDS(MODEL_EVK_ENUM) MODEL_EVK_COUNT
};
#undef MODEL_EVK_ENUM

/* Flags of MODEL_EV_* records. */
#define MODEL_EVF_WRITE	    BIT(0) /* the access was a write */
#define MODEL_EVF_HIT	    BIT(1) /* XLATE: served by the TLB */
#define MODEL_EVF_BYPASS    BIT(2) /* XLATE: not translated */
#define MODEL_EVF_ERROR	    BIT(3) /* DMA_DONE/BEAT: failed */
#define MODEL_EVF_TERMINATE BIT(4) /* RESUME: terminate, else retry */

/**
 * struct model_event - one trace record
 * @ev:     what happened
 * @time:   model time, in cycles of the SMMU clock
 * @dev:    the device it happened in ("smmu", "zdma0", "cdma")
 * @sid:    stream ID, or ~0 when none
 * @cb:     context bank, or -1
 * @va:     input address (or the DMA address)
 * @pa:     output address
 * @level:  walk level, or the level of a fault
 * @arg:    the event's own value, by its name below (MODEL_EVENTS())
 * @descriptor: WALK: the descriptor read
 * @fsr:    FAULT, STALL, RESUME: the bank's FSR
 * @gfsr:   GFAULT: sGFSR
 * @asid:   TLBI: the ASID operand
 * @desc:   the old name of @arg, for one release (deprecated)
 * @len:    bytes (DMA), entries (TLBI)
 * @flags:  MODEL_EVF_*
 * @kind:   the kind of fault, invalidation, sync, resume (MODEL_EVK_*)
 * @what:   model_ev_kind_name() of @kind, for one release (deprecated:
 *          compare @kind)
 */
struct model_event {
	enum model_ev ev;
	u64 time;
	const char *dev;
	u32 sid;
	int cb;
	u64 va;
	u64 pa;
	int level;
	union {
		u64 arg;
		u64 descriptor;
		u64 fsr;
		u64 gfsr;
		u64 asid;
		u64 desc;
	};
	u64 len;
	u32 flags;
	enum model_ev_kind kind;
	const char *what;
};

/**
 * model_ev_name() - the trace's name of an event ("translate", "walk", ...)
 * @ev: the event
 *
 * Return: the name, or "?" for a value outside the list.
 */
const char *model_ev_name(enum model_ev ev);

/**
 * model_ev_arg_name() - what an event's @arg holds, as the trace names it
 * @ev: the event
 *
 * Return: "descriptor", "fsr", "gfsr", "asid", or "" when nothing.
 */
const char *model_ev_arg_name(enum model_ev ev);

/**
 * model_ev_kind_name() - the trace's name of a kind ("translation", ...)
 * @kind: the kind
 *
 * Return: the name, or NULL for MODEL_EVK_NONE and values outside the list.
 */
const char *model_ev_kind_name(enum model_ev_kind kind);

/**
 * struct model_timing_cfg - the cycle-approximate timing model (model/timing.c)
 * @enable:       account time and hit rates (default off).  Functional
 *                behaviour (bytes, faults, registers, model_time()) is
 *                the same either way; with it on the engines take their
 *                slow path (one burst a step, every transaction seen)
 * @clock_mhz:    the SMMU/DMA clock, for reports in GB/s only
 * @utlb_entries: micro-TLB entries in each TBU
 * @utlb_ways:    their associativity; 0: fully associative
 * @mtlb_entries: macro TLB entries in the TCU
 * @mtlb_ways:    its associativity; 0: fully associative
 * @wc_entries:   walk cache entries in the TCU (non-leaf descriptors)
 * @wc_ways:      its associativity; 0: fully associative
 * @walks:        table walks in parallel per TBU
 * @outstanding:  transactions in flight per TBU, each of reads and writes
 * @utlb_cycles:  a micro-TLB hit (and a bypass)
 * @tcu_cycles:   a micro-TLB miss: TBU to TCU and back, macro TLB lookup
 * @mem_cycles:   memory latency: each descriptor a walk reads, and the
 *                first beat of a read (a write's response)
 * @beat_bytes:   bytes per data beat on a TBU's read and write channels
 *
 * A field left 0 takes the default (model_timing_default()).
 */
struct model_timing_cfg {
	bool enable;
	unsigned int clock_mhz;
	unsigned int utlb_entries;
	unsigned int utlb_ways;
	unsigned int mtlb_entries;
	unsigned int mtlb_ways;
	unsigned int wc_entries;
	unsigned int wc_ways;
	unsigned int walks;
	unsigned int outstanding;
	unsigned int utlb_cycles;
	unsigned int tcu_cycles;
	unsigned int mem_cycles;
	unsigned int beat_bytes;
};

/**
 * model_timing_default() - fill the 0 fields of @c with the defaults
 * @c: the timing configuration; fields already set are kept
 *
 * The defaults are the MMU-500's (DDI 0517: a TLB hit in 2 cycles, 8 walks
 * and 128 reads and 128 writes outstanding per TBU), the TLB sizes of the
 * one published configuration (Stratix 10 HPS: 32-entry micro-TLBs,
 * 512-entry macro TLB), and assumptions stated in docs/perf.md for the
 * rest.
 */
void model_timing_default(struct model_timing_cfg *c);

/**
 * struct model_timing_stats - what the timing model accounted
 * @cycles:        simulated cycles from the first transaction's issue to
 *                 the last one's completion (since model_timing_reset())
 * @clock_mhz:     the clock they are counted in
 * @txns:          transactions (reads and writes that completed)
 * @bytes_read:    bytes they read
 * @bytes_written: bytes they wrote
 * @utlb_lookups:  translated transactions (bypass ones look nothing up)
 * @utlb_hits:     ... served by their TBU's micro-TLB
 * @mtlb_lookups:  micro-TLB misses, looked up in the macro TLB
 * @mtlb_hits:     ... served by it
 * @walks:         macro TLB misses: table walks
 * @wc_hits:       walks that started below the first level (walk cache)
 * @desc_reads:    descriptors the walks read from memory
 * @walk_waits:    cycles walks waited for a free walker
 * @slot_waits:    cycles transactions waited for an outstanding slot
 */
struct model_timing_stats {
	u64 cycles;
	unsigned int clock_mhz;
	u64 txns;
	u64 bytes_read;
	u64 bytes_written;
	u64 utlb_lookups;
	u64 utlb_hits;
	u64 mtlb_lookups;
	u64 mtlb_hits;
	u64 walks;
	u64 wc_hits;
	u64 desc_reads;
	u64 walk_waits;
	u64 slot_waits;
};

/**
 * model_timing_get() - the timing model's figures
 * @m:  the node
 * @st: filled
 *
 * Return: 0, or -ENODEV when the model was built without timing.
 */
int model_timing_get(const struct model *m, struct model_timing_stats *st);

/**
 * model_timing_reset() - start counting again (cycles and hit rates)
 * @m: the node
 *
 * The TLBs and the walk cache keep what they hold.
 */
void model_timing_reset(struct model *m);

/**
 * struct model_host_ram - the model works on the host's own RAM
 * @ram:  the host's RAM ranges by physical address, page-aligned
 * @nr:   how many of @ram
 * @page: the host's pointer to the 4 KiB page at physical address @pa
 *        (page-aligned, inside @ram), or NULL where the devices must not
 *        reach (a hole, memory the host has taken out of its map); asked
 *        on every access to the page's bytes, so the answer may change;
 *        must not sleep (asked while the model runs).  The walker keeps
 *        the pointers of the table pages it reads: a page that is a
 *        translation table is one the host's own MMU walks, so in reach
 * @arg:  passed to @page
 *
 * For a model inside a kernel (kmod/): the SMMU walks the real page tables
 * of real processes and the engines move real bytes.  The descriptors of
 * every page are allocated when the model is built (32 bytes a page:
 * 8 MiB a GiB), so nothing allocates while the model runs.  There is no
 * CPU cache model then (model_cfg.cpu_cache must be false), and
 * model_cpu_reserve() fails with -EOPNOTSUPP.
 */
struct model_host_ram {
	struct plat_ram ram[PLAT_MAX_RAM];
	unsigned int nr;
	u8 *(*page)(void *arg, u64 pa);
	void *arg;
};

/**
 * struct model_cfg - how to build a model
 * @plat:      the board: addresses, stream IDs, interrupts, ID registers
 * @smmu_idr:  SMMU IDR0..IDR7 the model reports (and implements): start
 *             from @plat's values and change them to sweep other shapes
 * @cpu_cache: a write-back CPU cache between software and memory: bytes
 *             the CPU wrote reach the devices only once cleaned (CTTW=0)
 * @tlb_entries: SMMU TLB capacity (0: the default; at most 1 << 20)
 * @host_ram:  NULL: @plat's RAM, on host pages allocated on first touch;
 *             else the host's own RAM (see struct model_host_ram), which
 *             must outlive the model
 * @timing:    the timing model (off unless @timing.enable)
 * @trace:     called with every event, or NULL
 * @trace_arg: passed to @trace
 */
struct model_cfg {
	const struct plat_desc *plat;
	u32 smmu_idr[8];
	bool cpu_cache;
	unsigned int tlb_entries;
	const struct model_host_ram *host_ram;
	struct model_timing_cfg timing;
	void (*trace)(void *arg, const struct model_event *ev);
	void *trace_arg;
};

/**
 * model_cfg_default() - a model of @plat as it is, cache on, no trace
 * @cfg:  filled
 * @plat: the board
 */
void model_cfg_default(struct model_cfg *cfg, const struct plat_desc *plat);

/**
 * model_create() - build a node
 * @cfg: how; read only during the call (but @cfg->host_ram must outlive
 *       the model)
 * @out: set to the node
 *
 * Return: 0 and *@out, or -EINVAL (bad configuration) or -ENOMEM.
 */
int model_create(const struct model_cfg *cfg, struct model **out);

/**
 * model_destroy() - free a node and all its memory
 * @m: from model_create(), or NULL
 */
void model_destroy(struct model *m);

/*
 * The CPU's MMIO: offsets are physical addresses, so a driver's
 * struct vadma_io for the SMMU is { &model_mmio_ops, m, 0xfd800000 }.
 * An address no device decodes reads as zero and ignores writes (a real
 * bus would raise SError; the model counts them in model_stats).
 */
extern const struct vadma_io_ops model_mmio_ops;

/**
 * model_io() - a struct vadma_io for the register block at @base
 * @m:    the node
 * @base: the block's physical address
 */
static inline struct vadma_io model_io(struct model *m, u64 base)
{
	struct vadma_io io = { &model_mmio_ops, m, base };

	return io;
}

/**
 * model_cpu_ptr() - the CPU's view of [@pa, @pa + @len)
 * @m:   the node
 * @pa:  physical address
 * @len: bytes
 *
 * With the CPU cache on, writes through this pointer stay in the cache
 * until model_cpu_clean(); lines a device writes leave the cache, so the
 * next model_cpu_ptr() of the page sees the device's bytes (a pointer
 * kept from before may still show the old ones).  The range must lie in
 * one 4 KiB page of RAM, or in one range given to model_cpu_reserve().
 *
 * Return: a host pointer, or NULL when the range is not RAM, crosses a
 * page, or memory for it cannot be allocated.
 */
void *model_cpu_ptr(struct model *m, u64 pa, size_t len);

/**
 * model_cpu_reserve() - back [@pa, @pa + @size) with contiguous host memory
 * @m:    the node
 * @pa:   physical address, page-aligned
 * @size: bytes, a multiple of 4 KiB
 *
 * So that model_cpu_ptr() can hand out one pointer for the whole range
 * (a 64 KiB translation table, say).  The range must be page-aligned RAM
 * that nothing has touched yet.
 *
 * Return: 0; -EINVAL; -EFAULT (not RAM); -EBUSY (already touched); -ENOMEM;
 * -EOPNOTSUPP (the model works on the host's RAM: model_cfg.host_ram).
 */
int model_cpu_reserve(struct model *m, u64 pa, u64 size);

/**
 * model_cpu_clean() - clean [@pa, @pa + @len) to the point of coherency
 * @m:   the node
 * @pa:  physical address
 * @len: bytes
 *
 * Without the CPU cache model this does nothing.
 */
void model_cpu_clean(struct model *m, u64 pa, u64 len);

/**
 * model_cpu_read() - copy from memory through the CPU's view
 * @m:   the node
 * @pa:  physical address of the first byte
 * @buf: where the bytes go
 * @len: bytes; the range may cross pages
 *
 * Return: 0, or -EFAULT when part of the range is not RAM, -ENOMEM.
 */
int model_cpu_read(struct model *m, u64 pa, void *buf, u64 len);

/**
 * model_cpu_write() - copy to memory through the CPU's view
 * @m:   the node
 * @pa:  physical address of the first byte
 * @buf: the bytes
 * @len: bytes; the range may cross pages
 *
 * With the CPU cache on, the bytes reach the devices once cleaned
 * (model_cpu_clean()).
 *
 * Return: 0, or -EFAULT when part of the range is not RAM, -ENOMEM.
 */
int model_cpu_write(struct model *m, u64 pa, const void *buf, u64 len);

/* Why model_run() returned. */
enum model_run_result {
	MODEL_RUN_IDLE,	  /* no engine has work left */
	MODEL_RUN_IRQ,	  /* an interrupt line is high */
	MODEL_RUN_BUDGET, /* @max_steps taken, engines still busy */
};

/**
 * model_run() - let the devices work
 * @m:         the node
 * @max_steps: bound on device steps (each moves at most one burst)
 *
 * Returns at once when an interrupt line is already high.
 */
enum model_run_result model_run(struct model *m, u64 max_steps);

/**
 * model_run_async() - let the devices work whatever the interrupt lines say
 * @m:         the node
 * @max_steps: bound on device steps (each moves at most one burst)
 *
 * For a host whose CPU runs beside the devices (the model inside QEMU):
 * a line left high by one device, or by a driver that never handles it,
 * does not hold the others up, as on hardware.  Read the lines with
 * model_irq_pending().
 *
 * Return: MODEL_RUN_IDLE when no engine has work left, else
 * MODEL_RUN_BUDGET (never MODEL_RUN_IRQ).
 */
enum model_run_result model_run_async(struct model *m, u64 max_steps);

/**
 * model_xlate() - the SMMU's answer to one transaction, moving no data
 * @m:     the node
 * @sid:   stream ID of the master
 * @addr:  the address it drives
 * @write: a write (else a read); unprivileged, data
 * @pa:    the output address when translated
 *
 * Exactly what a DMA transaction of that stream gets (TLB, walks, faults,
 * stalls recorded as for a real one), for benchmarks and fuzzers.
 * Return: 0; -EAGAIN when it stalled; -EFAULT when it was terminated.
 */
int model_xlate(struct model *m, u32 sid, u64 addr, bool write, u64 *pa);

/**
 * model_master_read() - one read transaction of a bus master (a traffic
 * generator in the PL, say) that has no registers in the model
 * @m:    the node
 * @sid:  its stream ID
 * @addr: the address it drives
 * @buf:  where the bytes go
 * @len:  1..4096 bytes, not across a 4 KiB boundary (AXI)
 *
 * What a DMA engine's read gets: the SMMU's answer with all its effects
 * (TLB, faults, stalls), the timing model's accounting, the bytes.
 * Return: 0; -EAGAIN (stalled: issue it again); -EFAULT (aborted or no
 * memory there); -EINVAL (bad @len).
 */
int model_master_read(struct model *m, u32 sid, u64 addr, void *buf, u32 len);

/**
 * model_irq_pending() - whether interrupt @irq is high
 * @m:   the node
 * @irq: a GIC interrupt ID, as in the board's description
 */
bool model_irq_pending(const struct model *m, u32 irq);

/**
 * model_time() - cycles elapsed
 * @m: the node
 */
u64 model_time(const struct model *m);

/**
 * struct model_stats - counters for tests and reports
 * @pages:        RAM pages allocated (touched)
 * @bad_mmio:     CPU accesses no device decoded
 * @dma_bytes:    bytes the engines moved
 * @tlb_hits:     SMMU translations served by its TLB
 * @tlb_misses:   ... not found there
 * @walks:        table walks the SMMU made
 */
struct model_stats {
	u64 pages;
	u64 bad_mmio;
	u64 dma_bytes;
	u64 tlb_hits;
	u64 tlb_misses;
	u64 walks;
};

/**
 * model_get_stats() - read the node's counters
 * @m:  the node
 * @st: filled
 */
void model_get_stats(const struct model *m, struct model_stats *st);

/*
 * The network interface (plat_desc.ni): a DMA master in the PL whose work
 * comes from the network, not from registers.  Software hands it jobs; it
 * moves one burst per step through the SMMU with the job's stream ID,
 * waits while a transaction is stalled, and ends a job at the first
 * aborted transaction.  Jobs run one at a time, in order.
 */

/**
 * struct model_ni_job - one read or write of a range by the NI
 * @sid:        the stream ID the NI drives for it (AXI ID per process)
 * @addr:       the first (virtual) address
 * @len:        bytes
 * @write:      write @buf to memory; else read memory into @buf
 * @buf:        @len bytes, valid until the job is done or cancelled
 * @done:       set by the NI when it ended
 * @error:      it ended at an aborted transaction ...
 * @fault_addr: ... at this address
 * @bytes:      bytes moved (those before @fault_addr)
 * @next:       private
 */
struct model_ni_job {
	u32 sid;
	u64 addr;
	u32 len;
	bool write;
	u8 *buf;
	bool done;
	bool error;
	u64 fault_addr;
	u32 bytes;
	struct model_ni_job *next;
};

/**
 * model_ni_submit() - queue a job for the network interface
 * @m:   the node
 * @job: the job; its result fields are cleared; it must stay valid until
 *       it is done or cancelled
 *
 * Return: 0; -ENODEV (the board has no NI); -EINVAL (no @job, no buffer,
 * or a range that wraps).
 */
int model_ni_submit(struct model *m, struct model_ni_job *job);

/**
 * model_ni_cancel() - take a job that has not started off the queue
 * @m:   the node
 * @job: a job given to model_ni_submit()
 *
 * Return: 0; -EBUSY (under way: wait for it); -ENOENT; -ENODEV.
 */
int model_ni_cancel(struct model *m, struct model_ni_job *job);

/**
 * model_ni_reset() - the NI abandons every job
 * @m: the node
 *
 * None is marked done; a transaction stalled in the SMMU stays there.
 *
 * Return: 0, or -ENODEV.
 */
int model_ni_reset(struct model *m);

#endif /* VADMA_MODEL_H */
