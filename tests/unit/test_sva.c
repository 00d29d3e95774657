// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Shared virtual addressing on the model (E3): binding a process to DMA
 * streams, the stall-fault service, and the cases where things happen at
 * once: several streams faulting, a fault arriving while another is being
 * served, an unmap while a DMA is stalled, a process exiting while bound.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vadma/hw/smmu.h"
#include "vadma/scenario.h"

#define PAGE OS_PAGE_SIZE
#define RW   (OS_PROT_READ | OS_PROT_WRITE)
#define LOW  0x00000a0000000000ULL /* below 2^44, for the ZDMA channels */

struct t {
	struct scn_node node;
	struct os_proc *p;
	struct os_proc *q;
	u64 base_used;
};

static u64 used(struct os *os)
{
	struct os_stats st;

	os_get_stats(os, &st);
	return st.pages_used;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	assert_int_equal(scn_node_open(&t->node, NULL), 0);
	t->base_used = used(t->node.os);
	assert_int_equal(os_proc_create(t->node.os, &t->p), 0);
	assert_int_equal(os_proc_create(t->node.os, &t->q), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	scn_node_close(&t->node);
	free(t);
	return 0;
}

static void fill(u8 *buf, u64 len, unsigned int seed)
{
	u64 i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(i * 31 + seed * 17 + (i >> 8));
}

/* A source the process wrote and an untouched destination, @len each. */
static void buffers(struct os_proc *p, u64 hint, u64 len, unsigned int seed,
		    u64 *src, u64 *dst)
{
	u8 *buf = malloc(len);

	assert_non_null(buf);
	fill(buf, len, seed);
	assert_int_equal(os_mmap(p, hint, len, RW, 0, src), 0);
	assert_int_equal(
		os_mmap(p, hint ? hint + (1ULL << 30) : 0, len, RW, 0, dst), 0);
	assert_int_equal(os_write(p, *src, buf, len), 0);
	free(buf);
}

static void check_copy(struct os_proc *p, u64 src, u64 dst, u64 len)
{
	u8 *a = malloc(len), *b = malloc(len);

	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(os_read(p, src, a, len), 0);
	assert_int_equal(os_read(p, dst, b, len), 0);
	assert_memory_equal(a, b, len);
	free(a);
	free(b);
}

static int bond_cb(const struct os_sva *sva, const struct os_proc *p)
{
	unsigned int i;

	for (i = 0; i < OS_SVA_MAX_BONDS; i++)
		if (sva->bonds[i].nr_sids && sva->bonds[i].proc == p &&
		    !sva->bonds[i].released)
			return (int)sva->bonds[i].cb;
	return -1;
}

static u64 cb_reg64(struct t *t, int cb, u32 off)
{
	const struct smmu *s = &t->node.smmu;

	return vadma_read64(
		&s->io,
		(((u64)s->feat.num_pages + (u64)cb) << s->feat.pgshift) + off);
}

static u32 cb_reg32(struct t *t, int cb, u32 off)
{
	const struct smmu *s = &t->node.smmu;

	return vadma_read32(
		&s->io,
		(((u64)s->feat.num_pages + (u64)cb) << s->feat.pgshift) + off);
}

/* The bank holds the process's root and ASID and the CPU's TCR/MAIR. */
static void test_bind_image(void **state)
{
	struct t *t = *state;
	struct scn_chan ch;
	u64 tcr = os_cpu_tcr(t->node.os);
	u32 cbtcr, sctlr;
	int cb;

	assert_int_equal(scn_chan_init(&ch, &t->node, SCN_ENGINE_CDMA, 0), 0);
	assert_int_equal(os_bind(&t->node.sva, t->p, ch.sid), 0);
	cb = bond_cb(&t->node.sva, t->p);
	assert_true(cb >= 0);
	assert_int_equal(cb_reg64(t, cb, SMMU_CB_TTBR0),
			 os_proc_ttbr0(t->p) | ((u64)os_proc_asid(t->p) << 48));
	cbtcr = cb_reg32(t, cb, SMMU_CB_TCR);
	assert_int_equal(cbtcr & 0xffff, tcr & 0xffff); /* T0SZ..TG0 */
	assert_true(cbtcr & BIT(23));			/* EPD1 */
	assert_int_equal(cb_reg32(t, cb, SMMU_CB_MAIR0),
			 (u32)os_cpu_mair(t->node.os));
	sctlr = cb_reg32(t, cb, SMMU_CB_SCTLR);
	assert_true(sctlr & SMMU_SCTLR_M);
	assert_true(sctlr & SMMU_SCTLR_CFCFG);
	/* The ZDMA channels of the same process share the bank. */
	assert_int_equal(os_bind(&t->node.sva, t->p, 0x14e8), 0);
	assert_int_equal(bond_cb(&t->node.sva, t->p), cb);
	/* Another process gets another bank. */
	assert_int_equal(os_bind(&t->node.sva, t->q, 0x14e9), 0);
	assert_int_not_equal(bond_cb(&t->node.sva, t->q), cb);
}

static void test_bind_errors(void **state)
{
	struct t *t = *state;
	struct os_proc *procs[OS_SVA_MAX_BONDS];
	unsigned int i;

	assert_int_equal(os_bind(&t->node.sva, t->p, 0xe80), 0);
	assert_int_equal(os_bind(&t->node.sva, t->p, 0xe80), -EEXIST);
	assert_int_equal(os_bind(&t->node.sva, t->q, 0xe80), -EEXIST);
	assert_int_equal(os_unbind(&t->node.sva, t->q, 0xe80), -ENOENT);
	assert_int_equal(os_unbind(&t->node.sva, t->p, 0x14e8), -ENOENT);
	/* The ZCU102's MMU-500 has 16 banks: the 17th process gets none. */
	procs[0] = t->q;
	for (i = 1; i < OS_SVA_MAX_BONDS - 1; i++)
		assert_int_equal(os_proc_create(t->node.os, &procs[i]), 0);
	for (i = 0; i < OS_SVA_MAX_BONDS - 1; i++)
		assert_int_equal(os_bind(&t->node.sva, procs[i], 0x100 + i), 0);
	assert_int_equal(os_proc_create(t->node.os, &procs[0]), 0);
	assert_int_equal(os_bind(&t->node.sva, procs[0], 0x200), -ENOSPC);
	os_proc_exit(procs[0]);
	assert_int_equal(os_bind(&t->node.sva, procs[0], 0x201), -ESRCH);
	/* Unbinding frees a bank for somebody else. */
	assert_int_equal(os_unbind(&t->node.sva, t->p, 0xe80), 0);
	assert_int_equal(os_proc_create(t->node.os, &procs[0]), 0);
	assert_int_equal(os_bind(&t->node.sva, procs[0], 0x200), 0);
}

/* Every state a page can be in, served for the device. */
static void test_e3_copy(void **state)
{
	struct scn_e3_result *r = calloc(1, sizeof(*r));
	struct scn_e3_opts o;
	unsigned int i, types[8] = { 0 };

	(void)state;
	assert_non_null(r);
	scn_e3_opts_default(&o);
	assert_int_equal(scn_e3(&o, r), 0);
	assert_true(r->verified);
	for (i = 0; i < r->nr_faults; i++) {
		assert_int_equal(r->faults[i].action, OS_IOPF_RETRY);
		assert_true(r->faults[i].fault.stalled);
		assert_int_equal(r->faults[i].fault.sid, 0xe80);
		types[r->faults[i].fault.type]++;
	}
	/* 16 pages each way, see scenario/e3.c. */
	assert_int_equal(types[SMMU_FAULT_TRANSLATION], 4 + 1);
	assert_int_equal(types[SMMU_FAULT_PERMISSION], 4 + 4);
	assert_int_equal(types[SMMU_FAULT_ACCESS], 4 + 7);
	assert_int_equal(r->os.demand_zero, 4);
	assert_int_equal(r->os.cow_zero, 4);
	assert_int_equal(r->os.swap_ins, 1);
	assert_int_equal(r->os.dirty, 4);
	assert_int_equal(r->os.bad_faults, 0);
	assert_int_equal(r->faults_refused, 0);

	/* The same through ZDMA, and an odd size. */
	o.engine = SCN_ENGINE_ZDMA;
	o.size = 3 * PAGE + 123;
	assert_int_equal(scn_e3(&o, r), 0);
	assert_true(r->verified);
	assert_true(r->src_va < (1ULL << 44));
	free(r);
}

static void test_e3_coherence(void **state)
{
	struct scn_e3_result *r = calloc(1, sizeof(*r));
	struct scn_e3_opts o;
	unsigned int i;

	(void)state;
	assert_non_null(r);
	scn_e3_opts_default(&o);
	o.mode = SCN_E3_COHERENCE;
	assert_int_equal(scn_e3(&o, r), 0);
	for (i = 0; i < SCN_E3_STEPS; i++)
		assert_true(r->steps[i].ok);
	assert_int_equal(r->steps[1].fault.fault.type, SMMU_FAULT_TRANSLATION);
	assert_int_equal(r->steps[3].fault.fault.type, SMMU_FAULT_PERMISSION);
	assert_true(r->tlbi_ranges + r->tlbi_asids >= 2);

	/* Without the notifier the SMMU uses what the process gave up. */
	o.no_invalidate = true;
	assert_int_equal(scn_e3(&o, r), -EIO);
	assert_true(r->steps[0].ok);
	assert_false(r->steps[1].ok);
	assert_true(r->steps[1].dma_ok);
	assert_false(r->steps[1].intact);
	free(r);
}

/* Two engines of one process, and one of another, all faulting. */
static void test_streams_at_once(void **state)
{
	struct t *t = *state;
	struct scn_chan z0, z1, c;
	struct scn_chan *all[3] = { &z0, &z1, &c };
	u64 s0, d0, s1, d1, s2, d2, len = 9 * PAGE + 7;
	unsigned int i, sids[3] = { 0 };
	int cbp, cbq;

	assert_int_equal(scn_chan_init(&z0, &t->node, SCN_ENGINE_ZDMA, 0), 0);
	assert_int_equal(scn_chan_init(&z1, &t->node, SCN_ENGINE_ZDMA, 1), 0);
	assert_int_equal(scn_chan_init(&c, &t->node, SCN_ENGINE_CDMA, 0), 0);
	buffers(t->p, LOW, len, 1, &s0, &d0);
	buffers(t->p, LOW + (4ULL << 30), len, 2, &s1, &d1);
	buffers(t->q, 0, len, 3, &s2, &d2);
	os_age(t->p, s0, len); /* access flag faults on the source too */
	assert_int_equal(os_bind(&t->node.sva, t->p, z0.sid), 0);
	assert_int_equal(os_bind(&t->node.sva, t->p, z1.sid), 0);
	assert_int_equal(os_bind(&t->node.sva, t->q, c.sid), 0);
	cbp = bond_cb(&t->node.sva, t->p);
	cbq = bond_cb(&t->node.sva, t->q);
	assert_int_not_equal(cbp, cbq);

	assert_int_equal(scn_chan_start(&z0, s0, d0, (u32)len), 0);
	assert_int_equal(scn_chan_start(&z1, s1, d1, (u32)len), 0);
	assert_int_equal(scn_chan_start(&c, s2, d2, (u32)len), 0);
	assert_int_equal(scn_node_wait(&t->node, all, 3), 0);
	for (i = 0; i < 3; i++) {
		assert_true(all[i]->st.done);
		assert_false(all[i]->st.error);
	}
	check_copy(t->p, s0, d0, len);
	check_copy(t->p, s1, d1, len);
	check_copy(t->q, s2, d2, len);
	/* Each stream's faults were taken on its process's bank. */
	for (i = 0; i < OS_SVA_LOG && i < t->node.sva.log_next; i++) {
		const struct os_iopf *f = &t->node.sva.log[i];

		assert_int_equal(f->action, OS_IOPF_RETRY);
		if (f->fault.sid == z0.sid)
			sids[0]++;
		else if (f->fault.sid == z1.sid)
			sids[1]++;
		else if (f->fault.sid == c.sid)
			sids[2]++;
		assert_int_equal((int)f->fault.cb,
				 f->fault.sid == c.sid ? cbq : cbp);
		assert_int_equal(f->pid,
				 os_proc_pid(f->fault.sid == c.sid ? t->q
								   : t->p));
	}
	assert_true(sids[0] >= 10 && sids[1] >= 10 && sids[2] >= 10);
}

/* Run the model until the SMMU's interrupt rises (bounded). */
static bool run_to_irq(struct t *t)
{
	unsigned int i;

	for (i = 0; i < 1000; i++) {
		model_run(t->node.m, 64);
		if (model_irq_pending(t->node.m, t->node.plat->smmu_irq))
			return true;
	}
	return false;
}

/*
 * A fault taken (FSR read and cleared) but not yet answered: meanwhile a
 * stream of another bank faults and is taken and served first; a stream of
 * the same bank waits behind the stalled one (HUPCF = 0) and faults only
 * once the first is resumed.
 */
static void test_fault_while_serving(void **state)
{
	struct t *t = *state;
	struct scn_chan z0, z1, c;
	struct scn_chan *all[3] = { &z0, &z1, &c };
	struct os_iopf a, b, x;
	u64 s0, d0, s1, d1, s2, d2, len = 2 * PAGE;
	unsigned int i;

	assert_int_equal(scn_chan_init(&z0, &t->node, SCN_ENGINE_ZDMA, 0), 0);
	assert_int_equal(scn_chan_init(&z1, &t->node, SCN_ENGINE_ZDMA, 1), 0);
	assert_int_equal(scn_chan_init(&c, &t->node, SCN_ENGINE_CDMA, 0), 0);
	buffers(t->p, LOW, len, 4, &s0, &d0);
	buffers(t->p, LOW + (4ULL << 30), len, 5, &s1, &d1);
	buffers(t->q, 0, len, 6, &s2, &d2);
	assert_int_equal(os_bind(&t->node.sva, t->p, z0.sid), 0);
	assert_int_equal(os_bind(&t->node.sva, t->p, z1.sid), 0);
	assert_int_equal(os_bind(&t->node.sva, t->q, c.sid), 0);

	/* The first: z0 on p's bank. */
	assert_int_equal(scn_chan_start(&z0, s0, d0, (u32)len), 0);
	assert_true(run_to_irq(t));
	assert_int_equal(os_sva_take(&t->node.sva, &a, 1), 1);
	assert_int_equal(a.fault.sid, z0.sid);
	assert_true(a.fault.stalled);
	assert_false(model_irq_pending(t->node.m, t->node.plat->smmu_irq));

	/* While it is served: z1 (same bank) waits, c (q's bank) faults. */
	assert_int_equal(scn_chan_start(&z1, s1, d1, (u32)len), 0);
	assert_int_equal(scn_chan_start(&c, s2, d2, (u32)len), 0);
	assert_true(run_to_irq(t));
	assert_int_equal(os_sva_take(&t->node.sva, &b, 1), 1);
	assert_int_equal(b.fault.sid, c.sid);
	model_run(t->node.m, 4096);
	assert_int_equal(os_sva_take(&t->node.sva, &x, 1), 0);
	/* Answered out of order. */
	os_sva_serve(&t->node.sva, &b);
	assert_int_equal(b.action, OS_IOPF_RETRY);
	os_sva_serve(&t->node.sva, &a);
	assert_int_equal(a.action, OS_IOPF_RETRY);
	/* Now z1 gets its turn, and everybody finishes. */
	assert_int_equal(scn_node_wait(&t->node, all, 3), 0);
	for (i = 0; i < 3; i++)
		assert_false(all[i]->st.error);
	check_copy(t->p, s0, d0, len);
	check_copy(t->p, s1, d1, len);
	check_copy(t->q, s2, d2, len);
	assert_int_equal(os_sva_last_fault(&t->node.sva, z1.sid, &x), 0);
	assert_int_equal(x.action, OS_IOPF_RETRY);
}

/* munmap while a DMA waits on a fault in that range: refused, no write. */
static void test_munmap_while_stalled(void **state)
{
	struct t *t = *state;
	struct scn_chan c;
	struct scn_chan *one[1] = { &c };
	struct os_iopf f, last;
	struct os_page_info pi;
	u64 s, d, len = 4 * PAGE;
	u8 buf[PAGE];

	assert_int_equal(scn_chan_init(&c, &t->node, SCN_ENGINE_CDMA, 0), 0);
	buffers(t->p, 0, len, 7, &s, &d);
	/* The first page of the destination is there; the rest is not. */
	memset(buf, 0x11, sizeof(buf));
	assert_int_equal(os_write(t->p, d, buf, PAGE), 0);
	assert_int_equal(os_bind(&t->node.sva, t->p, c.sid), 0);
	assert_int_equal(scn_chan_start(&c, s, d, (u32)len), 0);
	assert_true(run_to_irq(t));
	assert_int_equal(os_sva_take(&t->node.sva, &f, 1), 1);
	assert_int_equal(f.fault.far, d + PAGE);
	assert_true(f.fault.write);
	assert_int_equal(os_munmap(t->p, d, len), 0);
	os_sva_serve(&t->node.sva, &f);
	assert_int_equal(f.action, OS_IOPF_TERMINATE);
	assert_int_equal(f.err, -EFAULT);
	assert_int_equal(scn_node_wait(&t->node, one, 1), 0);
	assert_true(c.st.error);
	assert_int_equal(os_sva_last_fault(&t->node.sva, c.sid, &last), 0);
	assert_int_equal(last.fault.far, d + PAGE);
	assert_int_equal(last.action, OS_IOPF_TERMINATE);
	/* Nothing of it is left, and the next DMA works again. */
	assert_int_equal(os_page_query(t->p, d + PAGE, &pi), -ENOENT);
	assert_int_equal(os_mmap(t->p, 0, len, RW, 0, &d), 0);
	assert_int_equal(scn_chan_copy(&c, s, d, (u32)len), 0);
	assert_false(c.st.error);
	check_copy(t->p, s, d, len);
}

/* The process exits while bound, with a DMA stalled on it. */
static void test_exit_while_bound(void **state)
{
	struct t *t = *state;
	struct scn_chan c;
	struct scn_chan *one[1] = { &c };
	struct os_iopf f;
	u64 s, d, len = 3 * PAGE, gf;
	int cb;

	assert_int_equal(scn_chan_init(&c, &t->node, SCN_ENGINE_CDMA, 0), 0);
	buffers(t->p, 0, len, 8, &s, &d);
	assert_int_equal(os_bind(&t->node.sva, t->p, c.sid), 0);
	cb = bond_cb(&t->node.sva, t->p);
	assert_int_equal(scn_chan_start(&c, s, d, (u32)len), 0);
	assert_true(run_to_irq(t));
	assert_int_equal(os_sva_take(&t->node.sva, &f, 1), 1);

	os_proc_exit(t->p);
	/* The release terminated the stall and turned the bank off. */
	assert_int_equal(cb_reg32(t, cb, SMMU_CB_SCTLR) & SMMU_SCTLR_M, 0);
	os_sva_serve(&t->node.sva, &f);
	assert_int_equal(f.action, OS_IOPF_TERMINATE);
	assert_int_equal(f.err, -ESRCH);
	assert_int_equal(scn_node_wait(&t->node, one, 1), 0);
	assert_true(c.st.error);

	/* The stream is unmatched now: a DMA gets a global fault. */
	gf = t->node.sva.gfaults;
	assert_int_equal(scn_chan_copy(&c, s, d, (u32)len), 0);
	assert_true(c.st.error);
	assert_true(t->node.sva.gfaults > gf);
	assert_int_equal(t->node.sva.gfault.sid, c.sid);
	assert_int_equal(os_bind(&t->node.sva, t->p, 0x14e8), -ESRCH);
	/* The owner unbinds later; then the stream can serve another. */
	assert_int_equal(os_unbind(&t->node.sva, t->p, c.sid), 0);
	os_proc_reap(t->p);
	t->p = NULL;
	assert_int_equal(os_bind(&t->node.sva, t->q, c.sid), 0);
	buffers(t->q, 0, len, 9, &s, &d);
	assert_int_equal(scn_chan_copy(&c, s, d, (u32)len), 0);
	assert_false(c.st.error);
	check_copy(t->q, s, d, len);
	/* Everything of the exited process went back. */
	os_proc_exit(t->q);
	assert_int_equal(used(t->node.os), t->base_used);
}

/* After unbind the stream faults again; the process is untouched. */
static void test_unbind(void **state)
{
	struct t *t = *state;
	struct scn_chan c;
	u64 s, d, len = PAGE;
	int cb;

	assert_int_equal(scn_chan_init(&c, &t->node, SCN_ENGINE_CDMA, 0), 0);
	buffers(t->p, 0, len, 10, &s, &d);
	assert_int_equal(os_bind(&t->node.sva, t->p, c.sid), 0);
	cb = bond_cb(&t->node.sva, t->p);
	assert_int_equal(scn_chan_copy(&c, s, d, (u32)len), 0);
	assert_false(c.st.error);
	assert_int_equal(os_unbind(&t->node.sva, t->p, c.sid), 0);
	assert_int_equal(cb_reg32(t, cb, SMMU_CB_SCTLR) & SMMU_SCTLR_M, 0);
	assert_int_equal(scn_chan_copy(&c, d, s, (u32)len), 0);
	assert_true(c.st.error);
	check_copy(t->p, s, d, len); /* the source was not overwritten */
	/* Changes to the tables no longer reach the SMMU. */
	assert_int_equal(os_munmap(t->p, d, len), 0);
}

/*
 * An ASID used again by a new process must not see the old process's
 * translations: the same VA, other frames.
 */
static void test_asid_reuse(void **state)
{
	struct t *t = *state;
	struct scn_node_cfg cfg = { .asid_bits = 8 };
	struct scn_node n;
	struct os_proc *p, *q;
	struct scn_chan c;
	u64 s, d, s2, d2, len = 2 * PAGE;
	unsigned int i;
	u16 asid;

	(void)t;
	assert_int_equal(scn_node_open(&n, &cfg), 0);
	assert_int_equal(scn_chan_init(&c, &n, SCN_ENGINE_CDMA, 0), 0);
	assert_int_equal(os_proc_create(n.os, &p), 0);
	asid = os_proc_asid(p);
	buffers(p, 0, len, 11, &s, &d);
	assert_int_equal(os_bind(&n.sva, p, c.sid), 0);
	assert_int_equal(scn_chan_copy(&c, s, d, (u32)len), 0);
	assert_int_equal(os_unbind(&n.sva, p, c.sid), 0);
	os_proc_exit(p);
	os_proc_reap(p);
	/* Go round the ASIDs until this one comes back. */
	for (i = 0; i < 300; i++) {
		assert_int_equal(os_proc_create(n.os, &q), 0);
		if (os_proc_asid(q) == asid)
			break;
		os_proc_exit(q);
		os_proc_reap(q);
	}
	assert_int_equal(os_proc_asid(q), asid);
	buffers(q, 0, len, 12, &s2, &d2);
	assert_int_equal(s2, s);
	assert_int_equal(d2, d);
	assert_int_equal(os_bind(&n.sva, q, c.sid), 0);
	assert_int_equal(scn_chan_copy(&c, s2, d2, (u32)len), 0);
	assert_false(c.st.error);
	check_copy(q, s2, d2, len);
	scn_node_close(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bind_image, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bind_errors, setup,
						teardown),
		cmocka_unit_test(test_e3_copy),
		cmocka_unit_test(test_e3_coherence),
		cmocka_unit_test_setup_teardown(test_streams_at_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fault_while_serving, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_munmap_while_stalled,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_while_bound, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unbind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asid_reuse, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
