/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The os layer's private structures, shared by its files. */
#ifndef VADMA_OS_INTERNAL_H
#define VADMA_OS_INTERNAL_H

#include "vadma/os.h"

/* Software state of one page of a process (Linux keeps it in the PTE). */
#define PG_PRESENT BIT(0) /* a frame holds it */
#define PG_ZERO	   BIT(1) /* that frame is the shared zero page */
#define PG_DIRTY   BIT(2)
#define PG_YOUNG   BIT(3)
#define PG_SWAPPED BIT(4) /* contents in @swap, no frame */
#define PG_MAPPED  BIT(5) /* a valid descriptor maps it, with @prot */

struct os_page {
	u64 vpn;
	u64 pa;
	u8 *swap;
	u64 map_pa; /* the output address of the descriptor while PG_MAPPED */
	u32 prot;   /* and its PT_PROT_* */
	u8 flags;
	struct os_page *next;
};

struct os_vma {
	u64 start;
	u64 end;
	u32 prot;
};

struct os_proc {
	struct os *os;
	struct os_proc *next;
	int pid;
	u16 asid;
	bool alive;
	struct pt pt;
	bool pt_live;
	struct os_vma *vmas;
	unsigned int nr_vmas;
	unsigned int cap_vmas;
	struct os_page **buckets;
	unsigned int nr_buckets; /* a power of two */
	u64 nr_pages;
	struct os_notifier *notifiers;
};

struct os {
	struct os_cfg cfg;
	u32 *free_frames; /* a stack of frame numbers */
	u64 nr_free;
	u64 nr_frames;
	u64 zero_pa;
	u8 *asid_map;
	u32 asid_next;
	u32 nr_asids;
	int next_pid;
	struct os_proc *procs;
	struct os_stats st;
};

/* os.c */
int os_frame_alloc(struct os *os, u64 *pa);
void os_frame_free(struct os *os, u64 pa);
extern const struct pt_mem_ops os_pt_ops;

/* mm.c */
void os_mm_teardown(struct os_proc *p);

#endif /* VADMA_OS_INTERNAL_H */
