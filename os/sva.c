// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Shared virtual addressing on an SMMUv2: a context bank walks a process's
 * own tables (experiment E3).
 *
 * SMMUv2 has no substreams (PASIDs), so each bound process takes a whole
 * context bank, tagged with the process's ASID.  The bank copies what the
 * CPU uses: TTBR0 = the root of the process's tables, TCR's T0SZ, TG0,
 * IRGN0, ORGN0, SH0 and IPS, the 16-bit ASID size, and MAIR.  TTBR1 walks
 * are off: kernel addresses are never the device's.  vadma does not rely
 * on the CPU's broadcast TLB maintenance (DVM) reaching the SMMU, which
 * depends on the SoC's wiring; sCR0.PTM makes the SMMU ignore it, and a
 * notifier turns every change of the process's tables into TLBIVA(L) by
 * ASID (TLBIASID past a threshold) and a sync, as seL4 does for its SMMUv2
 * support.
 *
 * Faults stall (CFCFG = 1).  The handler reads FSR, FAR, FSYNR0 and
 * CBFRSYNRA, clears FSR, runs the process's fault path as if the CPU had
 * faulted, and writes RESUME: retry when the access is now allowed,
 * terminate otherwise.  Until RESUME, other transactions of the bank wait
 * (HUPCF = 0), so one stalled page costs the whole bank.
 */
#include "os-internal.h"
#include "vadma/hw/smmu.h"

#define OS_SVA_IRQ_ROUNDS 64

static struct os_bond *os_bond_of(struct os_notifier *n)
{
	return (struct os_bond *)((char *)n - offsetof(struct os_bond, nb));
}

static bool os_bond_used(const struct os_bond *b)
{
	return b->nr_sids != 0;
}

static struct os_bond *os_bond_by_cb(struct os_sva *sva, unsigned int cb)
{
	unsigned int i;

	for (i = 0; i < OS_SVA_MAX_BONDS; i++) {
		struct os_bond *b = &sva->bonds[i];

		if (os_bond_used(b) && !b->released && b->cb == cb)
			return b;
	}
	return NULL;
}

static void os_sva_log(struct os_sva *sva, const struct os_iopf *f)
{
	sva->log[sva->log_next++ % OS_SVA_LOG] = *f;
	sva->faults++;
	if (f->action == OS_IOPF_RETRY)
		sva->retried++;
	else if (f->action == OS_IOPF_TERMINATE)
		sva->terminated++;
}

static void os_sva_invalidate(struct os_notifier *n, u64 va, u64 size,
			      bool leaf)
{
	struct os_bond *b = os_bond_of(n);
	struct os_sva *sva = b->sva;

	if (sva->skip_invalidate || b->released)
		return;
	if (size / OS_PAGE_SIZE > SMMU_TLBI_RANGE_MAX)
		sva->tlbi_asids++;
	else
		sva->tlbi_ranges++;
	/* TLBIVA(L) per page or TLBIASID, then TLBSYNC: complete on return. */
	smmu_tlb_inv_range(sva->smmu, b->cb, b->asid, va, size, OS_PAGE_SHIFT,
			   leaf);
}

/*
 * The bank stops translating for good: streams first (they fault as
 * unmatched from now on), then a stalled transaction is terminated, then
 * the bank is disabled and its ASID forgotten.
 */
static void os_bond_quiesce(struct os_bond *b)
{
	struct smmu *smmu = b->sva->smmu;
	struct smmu_fault f;

	if (b->nr_sids)
		smmu_detach_streams(smmu, b->sids, b->nr_sids);
	if (!smmu_cb_fault(smmu, b->cb, &f)) {
		smmu_cb_fault_clear(smmu, &f);
		if (f.stalled)
			smmu_cb_resume(smmu, b->cb, true);
	}
	smmu_cb_disable(smmu, b->cb);
	smmu_tlb_inv_asid(smmu, b->cb, b->asid);
	smmu_cb_free(smmu, b->cb);
}

static void os_sva_release(struct os_notifier *n)
{
	struct os_bond *b = os_bond_of(n);

	if (b->released)
		return;
	os_bond_quiesce(b);
	b->released = true;
}

static const struct os_notifier_ops os_sva_nb_ops = {
	.invalidate = os_sva_invalidate,
	.release = os_sva_release,
};

void os_sva_init(struct os_sva *sva, struct os *os, struct smmu *smmu)
{
	memset(sva, 0, sizeof(*sva));
	sva->os = os;
	sva->smmu = smmu;
}

/* The context bank that shares @p's tables with the CPU. */
static int os_bond_image(struct os_sva *sva, struct os_proc *p,
			 struct smmu_cb_image *img)
{
	u64 tcr = os_cpu_tcr(sva->os);
	struct pt_tcr t0;
	struct smmu_cb_cfg cfg = {
		.t0 = &t0,
		.ttbr0 = os_proc_ttbr0(p),
		.asid = p->asid,
		.mair = os_cpu_mair(sva->os),
		.stall = true,
		.fault_irq = true,
		.fault_abort = true,
	};
	int ret;

	/* The tables' addresses must be reachable: the SMMU's OAS. */
	if (sva->os->cfg.pa_bits > sva->smmu->feat.oas ||
	    (sva->os->cfg.asid_bits == 16 && !(tcr & PT_TCR_AS)))
		return -EOPNOTSUPP;
	ret = pt_tcr_decode(tcr, PT_TTBR0, &t0, NULL);
	if (ret)
		return ret;
	return smmu_cb_image_s1(&sva->smmu->feat, &cfg, img);
}

static bool os_sid_bound(const struct os_sva *sva, u32 sid)
{
	unsigned int i, k;

	for (i = 0; i < OS_SVA_MAX_BONDS; i++)
		for (k = 0; k < sva->bonds[i].nr_sids; k++)
			if (sva->bonds[i].sids[k] == sid)
				return true;
	return false;
}

int os_bind(struct os_sva *sva, struct os_proc *p, u32 sid)
{
	struct os_bond *b = NULL, *free_b = NULL;
	struct smmu_cb_image img;
	bool fresh = false;
	unsigned int i;
	int ret, cb;

	if (!p->alive)
		return -ESRCH;
	if (os_sid_bound(sva, sid))
		return -EEXIST;
	for (i = 0; i < OS_SVA_MAX_BONDS; i++) {
		struct os_bond *x = &sva->bonds[i];

		if (os_bond_used(x) && !x->released && x->proc == p)
			b = x;
		else if (!os_bond_used(x) && !free_b)
			free_b = x;
	}
	if (b && b->nr_sids == OS_SVA_MAX_SIDS)
		return -ENOSPC;
	if (!b) {
		if (!free_b)
			return -ENOSPC;
		b = free_b;
		ret = os_bond_image(sva, p, &img);
		if (ret)
			return ret;
		cb = smmu_cb_alloc(sva->smmu);
		if (cb < 0)
			return cb;
		memset(b, 0, sizeof(*b));
		b->sva = sva;
		b->proc = p;
		b->cb = (unsigned int)cb;
		b->asid = p->asid;
		b->nb.ops = &os_sva_nb_ops;
		/*
		 * The ASID may have tagged another process's tables: forget
		 * them before the bank walks these.
		 */
		ret = smmu_tlb_inv_asid(sva->smmu, b->cb, b->asid);
		if (!ret)
			ret = smmu_cb_write(sva->smmu, b->cb, &img);
		if (!ret)
			ret = os_notifier_register(p, &b->nb);
		if (ret) {
			smmu_cb_disable(sva->smmu, b->cb);
			smmu_cb_free(sva->smmu, b->cb);
			memset(b, 0, sizeof(*b));
			return ret;
		}
		fresh = true;
	}
	ret = smmu_attach_streams(sva->smmu, &sid, 1, SMMU_S2CR_TYPE_TRANS,
				  b->cb);
	if (ret < 0) {
		if (fresh) {
			os_notifier_unregister(&b->nb);
			smmu_cb_disable(sva->smmu, b->cb);
			smmu_cb_free(sva->smmu, b->cb);
			memset(b, 0, sizeof(*b));
		}
		return ret;
	}
	b->sids[b->nr_sids++] = sid;
	return 0;
}

int os_unbind(struct os_sva *sva, struct os_proc *p, u32 sid)
{
	unsigned int i, k;

	for (i = 0; i < OS_SVA_MAX_BONDS; i++) {
		struct os_bond *b = &sva->bonds[i];

		if (!os_bond_used(b) || b->proc != p)
			continue;
		for (k = 0; k < b->nr_sids; k++)
			if (b->sids[k] == sid)
				break;
		if (k == b->nr_sids)
			continue;
		/* Released by the exit: the streams already fault. */
		if (!b->released)
			smmu_detach_streams(sva->smmu, &sid, 1);
		b->sids[k] = b->sids[--b->nr_sids];
		if (b->nr_sids)
			return 0;
		if (!b->released)
			os_bond_quiesce(b);
		os_notifier_unregister(&b->nb);
		memset(b, 0, sizeof(*b));
		return 0;
	}
	return -ENOENT;
}

void os_sva_fini(struct os_sva *sva)
{
	unsigned int i;

	for (i = 0; i < OS_SVA_MAX_BONDS; i++) {
		struct os_bond *b = &sva->bonds[i];

		while (os_bond_used(b))
			os_unbind(sva, b->proc, b->sids[0]);
	}
}

unsigned int os_sva_take(struct os_sva *sva, struct os_iopf *out,
			 unsigned int max)
{
	unsigned int cb, n = 0;

	for (cb = 0; cb < sva->smmu->feat.num_cbs && n < max; cb++) {
		struct os_bond *b;
		struct os_iopf f;

		memset(&f, 0, sizeof(f));
		if (smmu_cb_fault(sva->smmu, cb, &f.fault))
			continue;
		/* Only SS: taken before, its answer is still to come. */
		if (!(f.fault.fsr & SMMU_FSR_FAULT & ~SMMU_FSR_SS))
			continue;
		smmu_cb_fault_clear(sva->smmu, &f.fault);
		b = os_bond_by_cb(sva, cb);
		f.pid = b ? b->proc->pid : 0;
		if (!f.fault.stalled) {
			f.action = OS_IOPF_REPORTED;
			os_sva_log(sva, &f);
			continue;
		}
		if (!b) {
			smmu_cb_resume(sva->smmu, cb, true);
			f.action = OS_IOPF_TERMINATE;
			f.err = -ESRCH;
			os_sva_log(sva, &f);
			continue;
		}
		out[n++] = f;
	}
	return n;
}

void os_sva_serve(struct os_sva *sva, struct os_iopf *f)
{
	struct os_bond *b = os_bond_by_cb(sva, f->fault.cb);
	unsigned int access = OS_ACC_DEVICE;

	if (!b || b->proc->pid != f->pid) {
		/* Unbound or exited meanwhile: the release terminated it. */
		f->action = OS_IOPF_TERMINATE;
		f->err = -ESRCH;
		os_sva_log(sva, f);
		return;
	}
	switch (f->fault.type) {
	case SMMU_FAULT_TRANSLATION:
	case SMMU_FAULT_ACCESS:
	case SMMU_FAULT_PERMISSION:
		if (f->fault.write)
			access |= OS_ACC_WRITE;
		f->err = os_fault(b->proc, f->fault.far, access);
		break;
	default:
		/* Not something paging can fix (address size, external...). */
		f->err = -EFAULT;
		break;
	}
	f->action = f->err ? OS_IOPF_TERMINATE : OS_IOPF_RETRY;
	smmu_cb_resume(sva->smmu, b->cb, f->err != 0);
	os_sva_log(sva, f);
}

unsigned int os_sva_irq(struct os_sva *sva)
{
	struct os_iopf batch[8];
	unsigned int round, total = 0;
	struct smmu_gfault g;

	if (!smmu_global_fault(sva->smmu, &g)) {
		sva->gfaults++;
		sva->gfault = g;
	}
	/* Bounded: serving never makes a new fault without the model running. */
	for (round = 0; round < OS_SVA_IRQ_ROUNDS; round++) {
		unsigned int n = os_sva_take(sva, batch, 8), i;

		for (i = 0; i < n; i++)
			os_sva_serve(sva, &batch[i]);
		total += n;
		if (n < 8)
			break;
	}
	return total;
}

int os_sva_last_fault(const struct os_sva *sva, u32 sid, struct os_iopf *f)
{
	unsigned int i,
		n = sva->log_next < OS_SVA_LOG ? sva->log_next : OS_SVA_LOG;

	for (i = 1; i <= n; i++) {
		const struct os_iopf *x =
			&sva->log[(sva->log_next - i) % OS_SVA_LOG];

		if (x->fault.sid == sid) {
			*f = *x;
			return 0;
		}
	}
	return -ENOENT;
}
