/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What a kernel provides, for the model: a physical page allocator over the
 * node's memory, processes with address spaces whose page tables the SMMU
 * can walk, demand paging with arm64 Linux's rules, invalidation notifiers,
 * and the binding of a process to DMA streams (shared virtual addressing,
 * experiment E3) with the stall-fault service that goes with it.
 *
 * Rules it follows, as arm64 Linux does (without hardware AF/dirty
 * management, i.e. without FEAT_HAFDBS):
 *   - A page appears on first touch.  A read of an untouched anonymous page
 *     maps the shared zero page read-only; a write maps a fresh zeroed page
 *     writable and dirty; a write to the zero page replaces it.
 *   - A clean page of a writable mapping is mapped read-only; its first
 *     write takes a permission fault that marks it dirty and makes it
 *     writable.  os_writeback() makes dirty pages clean again.
 *   - os_age() makes pages old (AF = 0); the next access takes an access
 *     flag fault that makes the page young again.
 *   - os_swap_out() takes pages out of memory, keeping their contents; the
 *     next access brings them back into a new frame.
 *
 * The same fault path serves the CPU (os_read()/os_write()) and the SMMU
 * (os_sva_irq()).
 *
 * Coherence: every change to an existing valid descriptor of a process
 * (unmap, protection or attribute change, replacement) is made with
 * break-before-make, and the notifiers registered on the process
 * invalidate their TLBs for it before the change returns.  A descriptor
 * that goes from invalid to valid needs no invalidation: no TLB holds
 * invalid entries (DDI 0487 D8.16; IHI 0062 "TLB caching of faults").
 *
 * Data: the process's bytes are kept coherent with the DMA engines (as on
 * a coherent port; E3 needs it, since nobody could clean a process's whole
 * address space before each DMA).  Page tables are written through the
 * CPU's cache and cleaned: the MMU-500 on ZynqMP walks non-coherently.
 */
#ifndef VADMA_OS_H
#define VADMA_OS_H

#include "vadma/env.h"
#include "vadma/bits.h"
#include "vadma/model.h"
#include "vadma/pgtable.h"
#include "vadma/smmu.h"

struct os;
struct os_proc;

/* Protections of a mapping, as mmap(2)'s PROT_*. */
#define OS_PROT_NONE  0
#define OS_PROT_READ  BIT(0)
#define OS_PROT_WRITE BIT(1) /* implies read, as on arm64 */
#define OS_PROT_EXEC  BIT(2)
#define OS_PROT_ALL   (OS_PROT_READ | OS_PROT_WRITE | OS_PROT_EXEC)

/* os_mmap() flags. */
#define OS_MAP_FIXED BIT(0) /* exactly at @addr, replacing what is there */

/* What a fault was, for os_fault(). */
#define OS_ACC_WRITE  BIT(0)
#define OS_ACC_DEVICE BIT(1) /* raised by the SMMU for a DMA, else the CPU */

/* The most mappings a process may have (Linux's default max_map_count). */
#define OS_MAX_VMAS 65530

/**
 * struct os_cfg - one node's kernel
 * @m:         the node's memory (and its CPU cache)
 * @mem_base:  first byte of the RAM the page allocator owns
 * @mem_size:  its size; page tables and process pages both come from it
 * @va_bits:   user address size: 39 or 48 (CONFIG_ARM64_VA_BITS)
 * @pa_bits:   the CPU's physical address size (ID_AA64MMFR0_EL1.PARange):
 *             32, 36, 40, 42, 44 or 48; 40 for the ZynqMP's Cortex-A53
 * @asid_bits: 8 or 16
 * @fail_alloc: optional, for tests: return true to make the next page
 *             allocation fail
 * @fail_arg:  passed to @fail_alloc
 *
 * The page size is 4 KiB.
 */
struct os_cfg {
	struct model *m;
	u64 mem_base;
	u64 mem_size;
	unsigned int va_bits;
	unsigned int pa_bits;
	unsigned int asid_bits;
	bool (*fail_alloc)(void *arg);
	void *fail_arg;
};

/**
 * os_cfg_default() - the default kernel of a node
 * @cfg: filled: 1 GiB of DDR low from 1 GiB up, 48-bit VAs, a 40-bit
 *       PA (the Cortex-A53's), 16-bit ASIDs
 * @m:   the node
 */
void os_cfg_default(struct os_cfg *cfg, struct model *m);

/**
 * os_create() - boot a kernel on @cfg's memory
 * @cfg: the configuration; read only during the call
 * @out: set to the kernel
 *
 * Return: 0; -EINVAL for a bad @cfg; -ENOMEM.
 */
int os_create(const struct os_cfg *cfg, struct os **out);

/**
 * os_destroy() - every process exits and is reaped, then all is freed
 * @os: from os_create(), or NULL
 */
void os_destroy(struct os *os);

/* The page size (4096) and its log2. */
#define OS_PAGE_SHIFT 12
#define OS_PAGE_SIZE  (1ULL << OS_PAGE_SHIFT)

/**
 * os_cpu_tcr() - TCR_EL1, as the kernel programs it for user space
 * @os: the kernel
 *
 * T0SZ, TG0 4K, write-back cacheable inner-shareable walks, IPS, 16-bit
 * ASIDs, no TTBR1 walks for user addresses.  A context bank that shares a
 * process's tables copies it (os_bind()).
 */
u64 os_cpu_tcr(const struct os *os);

/**
 * os_cpu_mair() - MAIR_EL1, as the kernel programs it
 * @os: the kernel
 *
 * As Linux lays it out: 0 Normal WB, 1 Normal tagged, 2 Normal NC,
 * 3 Device-nGnRnE, 4 Device-nGnRE.  os_bind() copies it to the bank.
 */
u64 os_cpu_mair(const struct os *os);

/**
 * struct os_stats - what the kernel did
 * @pages_free:    frames the allocator still has
 * @pages_used:    frames in use (tables, process pages, the zero page)
 * @cpu_faults:    faults taken by CPU accesses
 * @dev_faults:    faults raised by the SMMU and served
 * @bad_faults:    faults refused (no mapping allows the access)
 * @demand_zero:   fresh zeroed pages made present
 * @zero_maps:     reads that mapped the zero page
 * @cow_zero:      writes that replaced the zero page
 * @dirty:         clean pages made dirty by their first write
 * @young:         old pages made young by an access
 * @swap_ins:      pages brought back from swap
 * @swap_outs:     pages sent to swap
 * @invalidations: ranges the notifiers were told to invalidate
 */
struct os_stats {
	u64 pages_free;
	u64 pages_used;
	u64 cpu_faults;
	u64 dev_faults;
	u64 bad_faults;
	u64 demand_zero;
	u64 zero_maps;
	u64 cow_zero;
	u64 dirty;
	u64 young;
	u64 swap_ins;
	u64 swap_outs;
	u64 invalidations;
};

/**
 * os_get_stats() - read the kernel's counters
 * @os: the kernel
 * @st: filled
 */
void os_get_stats(const struct os *os, struct os_stats *st);

/**
 * os_proc_create() - a new process with an empty address space
 * @os:  the kernel
 * @out: set to the process
 *
 * Return: 0; -EAGAIN when no ASID is free; -ENOMEM.
 */
int os_proc_create(struct os *os, struct os_proc **out);

/**
 * os_proc_exit() - the process exits
 * @p: the process; a process that has exited already is left alone
 *
 * The notifiers' release() runs first (a bound context bank stops using
 * the tables), then every page and table is freed and the ASID returns to
 * the pool.  The handle stays valid, as a zombie, until os_proc_reap().
 */
void os_proc_exit(struct os_proc *p);

/**
 * os_proc_reap() - free a process's handle
 * @p: the process; one still alive exits first
 *
 * Notifiers still registered on it lose their process.
 */
void os_proc_reap(struct os_proc *p);

/**
 * os_proc_pid() - the process's ID
 * @p: the process
 */
int os_proc_pid(const struct os_proc *p);

/**
 * os_proc_asid() - the process's ASID
 * @p: the process
 */
u16 os_proc_asid(const struct os_proc *p);

/**
 * os_proc_alive() - whether the process has not exited
 * @p: the process
 */
bool os_proc_alive(const struct os_proc *p);

/**
 * os_proc_ttbr0() - the root of the process's tables, as TTBR0_EL1 holds it
 * @p: the process
 *
 * The ASID is not in it: like Linux, the kernel keeps it in TTBR1_EL1
 * (TCR_EL1.A1 = 1).
 */
u64 os_proc_ttbr0(const struct os_proc *p);

/**
 * os_proc_pt() - the process's page-table tree, for dumping and walking
 * @p: the process
 */
const struct pt *os_proc_pt(const struct os_proc *p);

/**
 * os_mmap() - map anonymous memory
 * @p:     the process
 * @addr:  where (with OS_MAP_FIXED), or a hint, or 0
 * @len:   bytes, rounded up to pages
 * @prot:  OS_PROT_*
 * @flags: OS_MAP_*
 * @out:   the address chosen
 *
 * Nothing is allocated until touched.
 *
 * Return: 0; -EINVAL (len 0, an unaligned fixed address, bad @prot or
 * @flags); -ENOMEM (no room, or too many mappings); -ESRCH (exited).
 */
int os_mmap(struct os_proc *p, u64 addr, u64 len, u32 prot, u32 flags,
	    u64 *out);

/**
 * os_munmap() - unmap [@addr, @addr + @len); holes are fine
 * @p:    the process
 * @addr: the first byte, page-aligned
 * @len:  bytes, rounded up to pages
 *
 * The notifiers invalidate the range before it returns.
 *
 * Return: 0; -EINVAL (unaligned, or outside the user range); -ENOMEM
 * (a mapping would have to be split past OS_MAX_VMAS); -ESRCH.
 */
int os_munmap(struct os_proc *p, u64 addr, u64 len);

/**
 * os_mprotect() - change the protection of [@addr, @addr + @len)
 * @p:    the process
 * @addr: the first byte, page-aligned
 * @len:  bytes, rounded up to pages
 * @prot: OS_PROT_*
 *
 * Return: 0; -EINVAL; -ENOMEM (a hole in the range, or too many
 * mappings); -ESRCH.
 */
int os_mprotect(struct os_proc *p, u64 addr, u64 len, u32 prot);

/**
 * os_read() - the process's CPU loads
 * @p:   the process
 * @va:  the first byte
 * @buf: where the bytes go
 * @len: bytes
 *
 * Walks the process's tables as the CPU would, taking (and serving)
 * faults on the way.
 *
 * Return: 0; -EFAULT when an access is not allowed (SIGSEGV: bytes
 * before the bad page were read); -ENOMEM; -ESRCH.
 */
int os_read(struct os_proc *p, u64 va, void *buf, u64 len);

/**
 * os_write() - the process's CPU stores
 * @p:   the process
 * @va:  the first byte
 * @buf: the bytes
 * @len: bytes
 *
 * As os_read(); a store to a clean or zero page takes its fault first.
 *
 * Return: 0; -EFAULT when an access is not allowed (SIGSEGV: bytes
 * before the bad page were written); -ENOMEM; -ESRCH.
 */
int os_write(struct os_proc *p, u64 va, const void *buf, u64 len);

/**
 * os_fault() - the fault path: make @va accessible for @access
 * @p:      the process
 * @va:     the faulting address
 * @access: OS_ACC_*
 *
 * Return: 0 when the access may now be retried (the page is present,
 * young, and dirty for a write; also when it already was: a spurious
 * fault); -EFAULT when no mapping allows it; -ENOMEM; -ESRCH.
 */
int os_fault(struct os_proc *p, u64 va, unsigned int access);

/*
 * Housekeeping over [@va, @va + @len), as a kernel's reclaim does it.
 * Each changes a descriptor with break-before-make, the notifiers told.
 */

/**
 * os_age() - make the young pages of a range old (AF = 0)
 * @p:   the process
 * @va:  the first byte, page-aligned
 * @len: bytes, rounded up to pages
 *
 * Return: the pages changed; -EINVAL (unaligned, or outside the user
 * range); -ESRCH.
 */
s64 os_age(struct os_proc *p, u64 va, u64 len);

/**
 * os_writeback() - make the dirty pages of a range clean (read-only)
 * @p:   the process
 * @va:  the first byte, page-aligned
 * @len: bytes, rounded up to pages
 *
 * Return: as os_age().
 */
s64 os_writeback(struct os_proc *p, u64 va, u64 len);

/**
 * os_swap_out() - take the pages of a range out of memory
 * @p:   the process
 * @va:  the first byte, page-aligned
 * @len: bytes, rounded up to pages
 *
 * Their contents are kept; the next access brings each back into a new
 * frame.
 *
 * Return: as os_age().
 */
s64 os_swap_out(struct os_proc *p, u64 va, u64 len);

/**
 * struct os_page_info - the state of one page, for tests and the tool
 * @present: a frame holds it (the zero page included)
 * @mapped:  a valid descriptor maps it
 * @zero:    it is the shared zero page
 * @dirty:   written since it was last clean
 * @young:   AF is set
 * @swapped: its contents wait in swap
 * @writable: the descriptor allows writes now
 * @pa:      its frame
 */
struct os_page_info {
	bool present;
	bool mapped;
	bool zero;
	bool dirty;
	bool young;
	bool swapped;
	bool writable;
	u64 pa;
};

/**
 * os_page_query() - the state of the page at @va
 * @p:  the process
 * @va: an address in the page
 * @pi: filled (zeroed when nothing is known)
 *
 * Return: 0, or -ENOENT when nothing is known about @va (never touched).
 */
int os_page_query(const struct os_proc *p, u64 va, struct os_page_info *pi);

/**
 * os_vma_prot() - the protection of the mapping at @va
 * @p:  the process
 * @va: the address
 *
 * Return: OS_PROT_* (>= 0), or -ENOENT when no mapping covers it.
 */
int os_vma_prot(const struct os_proc *p, u64 va);

/**
 * os_vma_walk() - visit every mapping in address order
 * @p:   the process
 * @fn:  called with each mapping's [start, end) and OS_PROT_*; a nonzero
 *       return stops the walk
 * @arg: passed to @fn
 *
 * Return: 0, or what @fn returned.
 */
int os_vma_walk(const struct os_proc *p,
		int (*fn)(void *arg, u64 start, u64 end, u32 prot), void *arg);

/*
 * Invalidation notifiers: how a secondary TLB (the SMMU's) follows a
 * process's tables.
 */
struct os_notifier;

/**
 * struct os_notifier_ops - callbacks of a notifier
 * @invalidate: [@va, @va + @size) changed; forget every translation of it
 *              (@leaf: only last-level entries changed) and return once
 *              that is complete
 * @release:    the address space is going away: stop walking it now; the
 *              notifier stays registered until unregistered
 */
struct os_notifier_ops {
	void (*invalidate)(struct os_notifier *n, u64 va, u64 size, bool leaf);
	void (*release)(struct os_notifier *n);
};

/**
 * struct os_notifier - one secondary TLB following a process's tables
 * @ops:  its callbacks; set by the owner before os_notifier_register()
 * @proc: the process, set while registered (NULL once reaped)
 * @next: the process's next notifier (the kernel's list)
 *
 * Embed it in the owner's structure.
 */
struct os_notifier {
	const struct os_notifier_ops *ops;
	struct os_proc *proc;
	struct os_notifier *next;
};

/**
 * os_notifier_register() - have @n told of every change to @p's tables
 * @p: the process
 * @n: the notifier, its @ops set
 *
 * Return: 0, or -ESRCH when the process has exited.
 */
int os_notifier_register(struct os_proc *p, struct os_notifier *n);

/**
 * os_notifier_unregister() - stop telling @n
 * @n: a notifier, registered or not (then nothing is done)
 */
void os_notifier_unregister(struct os_notifier *n);

/*
 * Shared virtual addressing: a context bank walks a process's own tables.
 * On SMMUv2 there are no PASIDs: one context bank per bound process, with
 * the process's ASID.
 */
#define OS_SVA_MAX_BONDS 16 /* processes bound at once */
#define OS_SVA_MAX_SIDS	 8  /* streams per process */
#define OS_SVA_LOG	 64 /* fault records kept */

enum os_iopf_action {
	OS_IOPF_RETRY,	   /* served; the transaction was retried */
	OS_IOPF_TERMINATE, /* refused; the transaction got an abort */
	OS_IOPF_REPORTED,  /* the bank did not stall: recorded only */
};

/**
 * struct os_iopf - one fault raised by a bound context bank
 * @fault:  as the SMMU reported it
 * @pid:    the bound process, or 0 when none (exited or unbound)
 * @action: what the service did
 * @err:    the fault path's answer (0, -EFAULT, -ENOMEM, -ESRCH)
 */
struct os_iopf {
	struct smmu_fault fault;
	int pid;
	enum os_iopf_action action;
	int err;
};

/**
 * struct os_bond - one process bound to streams through a context bank
 * @sva:      the service it belongs to
 * @proc:     the process
 * @nb:       its notifier on @proc
 * @cb:       the context bank
 * @asid:     the process's ASID, in the bank
 * @sids:     the streams routed to the bank
 * @nr_sids:  how many; 0: the bond is free
 * @released: the process exited: the bank no longer translates
 */
struct os_bond {
	struct os_sva *sva;
	struct os_proc *proc;
	struct os_notifier nb;
	unsigned int cb;
	u16 asid;
	u32 sids[OS_SVA_MAX_SIDS];
	unsigned int nr_sids;
	bool released;
};

/**
 * struct os_sva - the SMMU side of one node
 * @os:              the kernel
 * @smmu:            the SMMU whose banks it serves
 * @skip_invalidate: for demonstrations only: the notifier does nothing,
 *                   so the SMMU keeps stale translations
 * @bonds:           the bound processes
 * @log:             the newest fault records, a ring
 * @log_next:        records ever logged; the next goes to @log_next
 *                   modulo OS_SVA_LOG
 * @faults:          context faults logged
 * @retried:         ... served: the transaction was retried
 * @terminated:      ... refused: the transaction got an abort
 * @tlbi_ranges:     invalidations made by address range
 * @tlbi_asids:      invalidations of a whole ASID (ranges too large)
 * @gfaults:         global faults read and cleared by os_sva_irq()
 * @gfault:          the last of them
 *
 * Only the service writes the fields; tests and reports read them.
 */
struct os_sva {
	struct os *os;
	struct smmu *smmu;
	bool skip_invalidate;
	struct os_bond bonds[OS_SVA_MAX_BONDS];
	struct os_iopf log[OS_SVA_LOG];
	unsigned int log_next;
	u64 faults;
	u64 retried;
	u64 terminated;
	u64 tlbi_ranges;
	u64 tlbi_asids;
	u64 gfaults;
	struct smmu_gfault gfault;
};

/**
 * os_sva_init() - serve @smmu's context banks for @os's processes
 * @sva:  filled
 * @os:   the kernel
 * @smmu: the SMMU, probed and reset
 */
void os_sva_init(struct os_sva *sva, struct os *os, struct smmu *smmu);

/**
 * os_sva_fini() - unbind every stream of every bound process
 * @sva: the service
 */
void os_sva_fini(struct os_sva *sva);

/**
 * os_bind() - let stream @sid use @p's virtual addresses
 * @sva: the service
 * @p:   the process
 * @sid: the stream ID
 *
 * The first stream of a process takes a context bank: TTBR0 = the
 * process's root and ASID, TCR and MAIR as the CPU's, stall on faults,
 * fault interrupt on, TTBR1 walks off.  Further streams share the bank.
 *
 * Return: 0; -EEXIST (@sid is already bound or matched); -ENOSPC (no
 * bank, stream-match entry or bond left); -ESRCH (exited); -EOPNOTSUPP
 * (the SMMU cannot take the CPU's format, e.g. 16-bit ASIDs); -EIO.
 */
int os_bind(struct os_sva *sva, struct os_proc *p, u32 sid);

/**
 * os_unbind() - stream @sid faults again
 * @sva: the service
 * @p:   the process it was bound to
 * @sid: the stream ID
 *
 * The last stream of a process releases its bank: a stalled transaction
 * is terminated, translation is disabled and the ASID invalidated.
 *
 * Return: 0; -ENOENT (@sid is not bound to @p).
 */
int os_unbind(struct os_sva *sva, struct os_proc *p, u32 sid);

/**
 * os_sva_take() - the interrupt's first half: collect pending faults
 * @sva: the service
 * @out: room for @max faults
 * @max: how many @out holds
 *
 * Reads and clears the fault record of every bank that has one.  A
 * stalled transaction keeps waiting until os_sva_serve() answers it; in
 * between the model may run, and more faults may arrive.  A fault of a
 * bank that is not bound is answered (terminated) at once.  A fault that
 * did not stall is logged as OS_IOPF_REPORTED and not stored in @out.
 *
 * Return: the number of faults stored in @out.
 */
unsigned int os_sva_take(struct os_sva *sva, struct os_iopf *out,
			 unsigned int max);

/**
 * os_sva_serve() - the second half: serve one fault from os_sva_take()
 * @sva: the service
 * @f:   the fault; its @action and @err are set, and it is logged
 *
 * Runs the fault path of the bound process; resumes with retry when it
 * succeeded, with terminate otherwise (the DMA then ends in error, and the
 * record, with the faulting address, is in the fault log).
 */
void os_sva_serve(struct os_sva *sva, struct os_iopf *f);

/**
 * os_sva_irq() - the SMMU's interrupt handler
 * @sva: the service
 *
 * Takes and serves every pending context fault, and reads and clears the
 * global fault (an unmatched stream, say: counted in @gfaults, the last one
 * kept in @gfault).
 *
 * Return: the number of context faults handled.
 */
unsigned int os_sva_irq(struct os_sva *sva);

/**
 * os_sva_last_fault() - the newest fault record for stream @sid
 * @sva: the service
 * @sid: the stream ID
 * @f:   filled when one is found
 *
 * Return: 0, or -ENOENT.
 */
int os_sva_last_fault(const struct os_sva *sva, u32 sid, struct os_iopf *f);

#endif /* VADMA_OS_H */
