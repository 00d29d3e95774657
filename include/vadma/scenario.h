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
 */
#ifndef VADMA_SCENARIO_H
#define VADMA_SCENARIO_H

#include "vadma/env.h"
#include "vadma/dmac.h"
#include "vadma/model.h"
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
 * @src_va, @dst_va, @src_pa, @dst_pa, @size: the buffers
 * @sid:        the engine's stream ID
 * @cb:         the context bank, or -1
 * @asid:       its ASID
 * @faults:     context faults taken (each handled)
 * @fault:      the first context fault, decoded
 * @gfaults:    global faults taken
 * @gfault:     the first global fault
 * @resumed_retry, @resumed_terminate: stalls resumed each way
 * @dma:        the engine's final status
 * @stats:      the model's counters
 * @cycles:     model time the run took
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
};

struct scn;

/** scn_opts_default() - E1, 64 KiB, 4 KiB pages, no fault */
void scn_opts_default(struct scn_opts *o);

/**
 * scn_copy() - run E1 or E2 on a fresh model of the ZCU102
 *
 * Return: 0 when the run went as the options say it should (a negative
 * run that faulted as intended included; @r says how); a negative code
 * when it could not be run (-EINVAL for bad options, -ENOMEM, -ETIMEDOUT
 * when the engine never finished, -EIO for an unexpected outcome).
 */
int scn_copy(const struct scn_opts *o, struct scn_result *r);

/*
 * scn_copy() in steps, for benchmarks: scn_open() builds the node, the
 * buffers, the tables and the SMMU set-up; scn_run() does the copy (again
 * each time it is called) and checks it; scn_close() tears it down, after
 * the dump if one was asked for.  @o and @r must outlive the handle.
 */
int scn_open(const struct scn_opts *o, struct scn_result *r, struct scn **out);
int scn_run(struct scn *s);
/* The copy alone: start the engine, serve it until it stops; no check. */
int scn_dma(struct scn *s);
struct model *scn_model(struct scn *s);
void scn_close(struct scn *s);

#endif /* VADMA_SCENARIO_H */
