/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The experiments as library code: written once, printed by cli/.
 *
 * E1 and E2 (scn_copy()): explicit VA->PA mappings.  Buffers are placed at
 * physical addresses, mapped at chosen virtual addresses (VA != PA) in
 * stage-1 tables that the pgtable library builds in the node's memory; a
 * context bank points at the tables and the engine's stream is routed to
 * it; the engine copies from VA to VA; the destination is checked.  E1 uses
 * a PS DMA channel (ZDMA, stream 0x14e8), E2 an AXI CDMA in the PL behind
 * HP0 (stream 0xe80).  The negative runs make the copy fault on purpose.
 *
 * E3 (scn_e3()): shared virtual addressing.  A process of the node's
 * kernel (os/) writes data at virtual addresses it never pinned; its
 * address space is bound to the engine's stream; the engine copies from VA
 * to VA in that process; the SMMU walks the process's own tables, and the
 * faults it stalls on are served by the process's fault path.
 */
#ifndef VADMA_SCENARIO_H
#define VADMA_SCENARIO_H

#include "vadma/env.h"
#include "vadma/dmac.h"
#include "vadma/model.h"
#include "vadma/os.h"
#include "vadma/plat.h"
#include "vadma/smmu.h"

enum scn_engine {
	SCN_ENGINE_ZDMA, /* E1: PS DMA channel 0 */
	SCN_ENGINE_CDMA, /* E2: AXI CDMA in the PL */
};

/* What a negative run breaks. */
enum scn_fault {
	SCN_FAULT_NONE,
	SCN_FAULT_UNMAPPED, /* the destination's last page is not mapped */
	SCN_FAULT_READONLY, /* the destination is mapped read-only */
	SCN_FAULT_STREAM,   /* the engine's stream is not attached */
};

/* How the buffers are mapped. */
enum scn_leaf {
	SCN_LEAF_AUTO,	 /* the largest blocks alignment and size allow */
	SCN_LEAF_PAGES,	 /* pages only (the mapping made in 1 MiB pieces) */
	SCN_LEAF_BLOCKS, /* 2 MiB blocks (4 KiB granule): the mapping is
			  * rounded up to 2 MiB */
};

/* The most scn_opts.map_only maps: with 4 KiB pages, 64 MiB of tables. */
#define SCN_MAP_ONLY_MAX (32ULL << 30)

/**
 * struct scn_opts - one run of E1 or E2
 * @engine:  which DMA engine
 * @size:    bytes to copy (1 .. 16 MiB)
 * @granule: page size of the mappings (PT_GRANULE_4K or _64K)
 * @fault:   a fault to provoke
 * @stall:   the context bank stalls faulting transactions (else terminates)
 * @fix:     with @stall, the fault handler maps the missing page and
 *           retries instead of terminating
 * @bypass:  route the stream around the SMMU (S2CR bypass): the engine
 *           gets physical addresses; for comparison
 * @leaf:    SCN_LEAF_*: pages, blocks, or the largest that fit
 * @tlb_entries: the functional SMMU TLB's size (0: the model's default)
 * @map_only: for benchmarks of translation (model_xlate()): only map @size
 *           bytes (1 .. SCN_MAP_ONLY_MAX) of source and set up the SMMU,
 *           with no buffer allocated or written and no destination; the
 *           model has no CPU cache model (one host copy of each table);
 *           scn_run() and scn_dma() refuse (-EINVAL)
 * @timing:  the timing model (model_cfg.timing; off unless .enable)
 * @trace:   called with every hardware event, or NULL
 * @trace_arg: passed to @trace
 * @dump:    called after the run with each line of the decoded SMMU state,
 *           or NULL
 * @dump_arg: passed to @dump
 */
struct scn_opts {
	enum scn_engine engine;
	u64 size;
	unsigned int granule;
	enum scn_fault fault;
	bool stall;
	bool fix;
	bool bypass;
	enum scn_leaf leaf;
	unsigned int tlb_entries;
	bool map_only;
	struct model_timing_cfg timing;
	void (*trace)(void *arg, const struct model_event *ev);
	void *trace_arg;
	int (*dump)(void *arg, const char *line);
	void *dump_arg;
};

/**
 * struct scn_result - what happened
 * @copied:     the engine reported success
 * @verified:   the destination holds the source bytes
 * @untouched:  no destination byte (nor the guard page after it) changed;
 *              meaningful for runs that must not write
 * @src_va:     the source buffer's I/O virtual address
 * @dst_va:     the destination's
 * @src_pa:     the source buffer's physical address
 * @dst_pa:     the destination's
 * @size:       bytes copied (as asked)
 * @sid:        the engine's stream ID
 * @cb:         the context bank, or -1
 * @asid:       its ASID
 * @faults:     context faults taken (each handled)
 * @fault:      the first context fault, decoded
 * @gfaults:    global faults taken
 * @gfault:     the first global fault
 * @resumed_retry: stalled transactions resumed with a retry
 * @resumed_terminate: ... resumed with a terminate
 * @dma:        the engine's final status
 * @stats:      the model's counters
 * @cycles:     model time the run took
 * @timed:      @timing holds the timing model's figures (opts.timing.enable)
 * @timing:     what the timing model accounted for the run (the last
 *              scn_run(): model_timing_reset() before each)
 */
struct scn_result {
	bool copied;
	bool verified;
	bool untouched;
	u64 src_va;
	u64 dst_va;
	u64 src_pa;
	u64 dst_pa;
	u64 size;
	u32 sid;
	int cb;
	u16 asid;
	unsigned int faults;
	struct smmu_fault fault;
	unsigned int gfaults;
	struct smmu_gfault gfault;
	unsigned int resumed_retry;
	unsigned int resumed_terminate;
	struct dmac_status dma;
	struct model_stats stats;
	u64 cycles;
	bool timed;
	struct model_timing_stats timing;
};

struct scn;

/**
 * scn_opts_default() - E1, 64 KiB, 4 KiB pages, no fault
 * @o: filled
 */
void scn_opts_default(struct scn_opts *o);

/**
 * scn_copy() - run E1 or E2 on a fresh model of the ZCU102
 * @o: the options
 * @r: filled with what happened, whatever is returned
 *
 * Return: 0 when the run went as the options say it should (a negative
 * run that faulted as intended included; @r says how); a negative code
 * when it could not be run (-EINVAL for bad options, -ENOMEM, -ETIMEDOUT
 * when the engine never finished, -EIO for an unexpected outcome).
 */
int scn_copy(const struct scn_opts *o, struct scn_result *r);

/**
 * scn_open() - the first step of scn_copy(), for benchmarks
 * @o:   the options; must outlive the handle
 * @r:   cleared now, filled by scn_run(); must outlive the handle
 * @out: set to the handle, or NULL on failure
 *
 * Builds the node, the buffers, the tables and the SMMU set-up.
 * scn_run() then does the copy (again each time it is called) and checks
 * it; scn_close() tears it all down.
 *
 * Return: 0; -EINVAL for bad options; -ENOMEM; what the set-up said.
 */
int scn_open(const struct scn_opts *o, struct scn_result *r, struct scn **out);

/**
 * scn_run() - do the copy of scn_open()'s run and check it
 * @s: from scn_open()
 *
 * Return: as scn_copy().
 */
int scn_run(struct scn *s);

/**
 * scn_dma() - the copy alone: start the engine, serve it until it stops
 * @s: from scn_open()
 *
 * Nothing is checked and the result is not filled in.
 *
 * Return: 0 when the engine stopped; -ETIMEDOUT; what dmac/ said.
 */
int scn_dma(struct scn *s);

/**
 * scn_model() - the model scn_open() built
 * @s: from scn_open()
 */
struct model *scn_model(struct scn *s);

/**
 * scn_close() - tear down what scn_open() built
 * @s: from scn_open(), or NULL
 *
 * Calls the dump first, if the options asked for one.
 */
void scn_close(struct scn *s);

/*
 * A node: the model of a ZCU102, its SMMU probed and reset, a kernel on
 * its memory and the SVA binding service.  The pieces the experiments (and
 * tests) are built from.
 */

/**
 * struct scn_node_cfg - optional settings of a node (NULL: defaults)
 * @trace:       every hardware event, or NULL
 * @trace_arg:   passed to @trace
 * @tlb_entries: SMMU TLB size (0: the model's default)
 * @asid_bits:   the kernel's ASID size (0: 16)
 * @fail_alloc:  page allocation failure injection (os_cfg)
 * @fail_arg:    passed to @fail_alloc
 */
struct scn_node_cfg {
	void (*trace)(void *arg, const struct model_event *ev);
	void *trace_arg;
	unsigned int tlb_entries;
	unsigned int asid_bits;
	bool (*fail_alloc)(void *arg);
	void *fail_arg;
};

/**
 * struct scn_node - one node: its board, model, SMMU, kernel and SVA
 * @plat: the board (the ZCU102)
 * @m:    its model
 * @smmu: the SMMU driver's state, probed and reset
 * @os:   the kernel on the model's memory
 * @sva:  the SVA binding service of @os on @smmu
 */
struct scn_node {
	const struct plat_desc *plat;
	struct model *m;
	struct smmu smmu;
	struct os *os;
	struct os_sva sva;
};

/**
 * scn_node_open() - build a node
 * @n:   filled
 * @cfg: optional settings, or NULL for the defaults
 *
 * Return: 0, or what the model, the SMMU or the kernel said (nothing is
 * left allocated then).
 */
int scn_node_open(struct scn_node *n, const struct scn_node_cfg *cfg);

/**
 * scn_node_close() - free a node
 * @n: from scn_node_open(); closing a node that failed to open, or
 *     twice, is harmless
 */
void scn_node_close(struct scn_node *n);

/**
 * struct scn_chan - one DMA engine of a node, driven by dmac/
 * @node:   the node
 * @engine: which kind
 * @sid:    its stream ID
 * @irq:    its interrupt
 * @drv:    the driver's state: @drv.zdma for a ZDMA channel, @drv.cdma
 *          for the CDMA
 * @dma:    the engine, its driver chosen by @engine
 * @busy:   a copy was started and has not stopped
 * @st:     its status when it stopped
 */
struct scn_chan {
	struct scn_node *node;
	enum scn_engine engine;
	u32 sid;
	u32 irq;
	union {
		struct dmac_zdma zdma;
		struct dmac_cdma cdma;
	} drv;
	struct dmac_engine dma;
	bool busy;
	struct dmac_status st;
};

/**
 * scn_chan_init() - take a DMA engine of a node, its interrupts enabled
 * @ch:     filled
 * @n:      the node
 * @engine: SCN_ENGINE_ZDMA or SCN_ENGINE_CDMA
 * @index:  which one: ZDMA channel 0..7, CDMA 0
 *
 * Return: 0; -EINVAL for an engine the board lacks; what dmac/ says.
 */
int scn_chan_init(struct scn_chan *ch, struct scn_node *n,
		  enum scn_engine engine, unsigned int index);

/**
 * scn_chan_start() - start a copy
 * @ch:  the channel
 * @src: source address, as the engine drives it (through the SMMU)
 * @dst: destination address
 * @len: bytes
 *
 * A CDMA stopped by an error is reset first.
 *
 * Return: 0, or what dmac/ says (the channel is then not busy).
 */
int scn_chan_start(struct scn_chan *ch, u64 src, u64 dst, u32 len);

/**
 * scn_node_wait() - run the node until every channel in @chs stopped
 * @n:   the node
 * @chs: the channels
 * @nr:  how many
 *
 * Serves the SMMU's interrupt with os_sva_irq() in between.
 *
 * Return: 0 (each channel's @st says how it ended); -ETIMEDOUT (bounded).
 */
int scn_node_wait(struct scn_node *n, struct scn_chan *const *chs,
		  unsigned int nr);

/**
 * scn_chan_copy() - scn_chan_start(), then scn_node_wait() for it
 * @ch:  the channel
 * @src: source address
 * @dst: destination address
 * @len: bytes
 *
 * Return: as scn_chan_start() or scn_node_wait().
 */
int scn_chan_copy(struct scn_chan *ch, u64 src, u64 dst, u32 len);

/* E3 */

enum scn_e3_mode {
	SCN_E3_COPY,	  /* "vadma run e3" */
	SCN_E3_COHERENCE, /* "vadma run e3-coherence" */
};

/**
 * struct scn_e3_opts - one run of E3
 * @mode:    the copy, or the coherence run
 * @engine:  SCN_ENGINE_CDMA (default) or SCN_ENGINE_ZDMA (then the buffers
 *           are placed below 2^44, the channel's address limit)
 * @size:    bytes (1 .. 8 MiB - 1, the CDMA's 23-bit length)
 * @no_invalidate: the notifier does nothing (a demonstration of what the
 *           coherence run catches; the run then fails)
 * @trace:   called with every hardware event, or NULL
 * @trace_arg: passed to @trace
 * @dump:    called after the run with each line of the decoded SMMU state,
 *           or NULL
 * @dump_arg: passed to @dump
 */
struct scn_e3_opts {
	enum scn_e3_mode mode;
	enum scn_engine engine;
	u64 size;
	bool no_invalidate;
	void (*trace)(void *arg, const struct model_event *ev);
	void *trace_arg;
	int (*dump)(void *arg, const char *line);
	void *dump_arg;
};

/* The coherence run's steps. */
#define SCN_E3_STEPS 4

/**
 * struct scn_e3_step - one DMA of the coherence run
 * @what:         what was done before it
 * @expect_fault: the DMA must fault and be refused
 * @dma_ok:       the engine reported success
 * @refused:      a fault was refused (terminated), @fault says which
 * @fault:        the refused fault
 * @intact:       the frames of the unmapped or read-only destination kept
 *                their bytes (only meaningful for @expect_fault)
 * @verified:     the destination holds the source (for copies)
 * @ok:           it went as it must
 */
struct scn_e3_step {
	const char *what;
	bool expect_fault;
	bool dma_ok;
	bool refused;
	struct os_iopf fault;
	bool intact;
	bool verified;
	bool ok;
};

/**
 * struct scn_e3_result - what happened
 * @pid:        the process
 * @asid:       its ASID
 * @sid:        the engine's stream ID
 * @cb:         the context bank the stream was bound to
 * @ttbr0:      what the bank's TTBR0 was given (the process's)
 * @tcr:        what its TCR was given (the CPU's)
 * @mair:       what its MAIR was given (the CPU's)
 * @src_va:     the source buffer, in the process
 * @dst_va:     the destination buffer
 * @size:       bytes
 * @verified:   (copy) the destination holds the source
 * @dma:        (copy) the engine's status
 * @faults:     the fault records, oldest first (at most OS_SVA_LOG)
 * @nr_faults:  how many are in @faults
 * @steps:      (coherence) the four DMAs
 * @os:         the kernel's counters (for the copy: what the DMA caused)
 * @faults_served: the SVA service's counters: faults it served ...
 * @faults_refused: ... faults it refused (terminated)
 * @tlbi_ranges: ... ranges it invalidated in the SMMU TLB
 * @tlbi_asids: ... whole ASIDs it invalidated
 * @stats:      the model's counters
 * @cycles:     model time the run took
 */
struct scn_e3_result {
	int pid;
	u16 asid;
	u32 sid;
	int cb;
	u64 ttbr0;
	u64 tcr;
	u64 mair;
	u64 src_va;
	u64 dst_va;
	u64 size;
	bool verified;
	struct dmac_status dma;
	struct os_iopf faults[OS_SVA_LOG];
	unsigned int nr_faults;
	struct scn_e3_step steps[SCN_E3_STEPS];
	struct os_stats os;
	u64 faults_served;
	u64 faults_refused;
	u64 tlbi_ranges;
	u64 tlbi_asids;
	struct model_stats stats;
	u64 cycles;
};

/**
 * scn_e3_opts_default() - the copy, CDMA, 64 KiB
 * @o: filled
 */
void scn_e3_opts_default(struct scn_e3_opts *o);

/**
 * scn_e3() - run E3 on a fresh node
 * @o: the options
 * @r: filled with what happened
 *
 * Return: 0 when the run went as it must (the copy verified; in the
 * coherence run every DMA after munmap/mprotect refused, nothing written);
 * -EIO when it did not (@r says how); -EINVAL for bad options; -ENOMEM;
 * -ETIMEDOUT.
 */
int scn_e3(const struct scn_e3_opts *o, struct scn_e3_result *r);

#endif /* VADMA_SCENARIO_H */
