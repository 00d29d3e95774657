// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * E3: shared virtual addressing.  A DMA engine uses a process's virtual
 * addresses through the SMMU, which walks the process's own page tables;
 * nothing is pinned and nothing is mapped for the device.
 *
 * The copy run puts the buffers in every state a page of a Linux process
 * can be in when a device comes to it, so that each kind of fault shows:
 *   source: written by the process (present, dirty); its second half aged
 *           (old: access flag faults); its last page swapped out;
 *   destination, in quarters: never touched (translation faults, fresh
 *           zeroed pages); only read (the zero page, read-only: permission
 *           faults that give it a page of its own); written, then written
 *           back (clean, read-only: permission faults that make it dirty);
 *           written, then aged (access flag faults).
 *
 * The coherence run checks that the SMMU forgets what the process takes
 * away: a copy fills the TLB; then the destination is unmapped and a copy
 * to the old addresses must fault and be refused, leaving the freed frames
 * as they were; then a new destination is filled, made read-only, and a
 * copy to it must fault and be refused, leaving it as it was.
 */
#include "vadma/scenario.h"

#define E3_MAX_SIZE  ((1ULL << 23) - 1)	   /* the CDMA's 23-bit BTT */
#define E3_ZDMA_HINT 0x00000a0000000000ULL /* below 2^44, for ZDMA */

struct e3 {
	const struct scn_e3_opts *o;
	struct scn_e3_result *r;
	struct scn_node node;
	bool node_open;
	struct os_proc *p;
	struct scn_chan ch;
	u64 pages;
	u8 *buf; /* one buffer of @size for patterns and checks */
	u8 *buf2;
	u8 *page; /* one page, for reading frames */
};

void scn_e3_opts_default(struct scn_e3_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = SCN_E3_COPY;
	o->engine = SCN_ENGINE_CDMA;
	o->size = 64 << 10;
}

static void e3_pattern(u8 *buf, u64 len, unsigned int seed)
{
	u64 i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)((i * 13 + 7 * seed + 1) ^ (i >> 9) ^ (seed << 5));
}

static int e3_mmap(struct e3 *s, u64 hint, u64 *va)
{
	return os_mmap(s->p, hint, s->r->size, OS_PROT_READ | OS_PROT_WRITE, 0,
		       va);
}

static int e3_open(struct e3 *s)
{
	struct scn_node_cfg cfg = {
		.trace = s->o->trace,
		.trace_arg = s->o->trace_arg,
	};
	struct scn_e3_result *r = s->r;
	bool zdma = s->o->engine == SCN_ENGINE_ZDMA;
	int ret;

	ret = scn_node_open(&s->node, &cfg);
	if (ret)
		return ret;
	s->node_open = true;
	s->node.sva.skip_invalidate = s->o->no_invalidate;
	ret = os_proc_create(s->node.os, &s->p);
	if (ret)
		return ret;
	r->pid = os_proc_pid(s->p);
	r->asid = os_proc_asid(s->p);
	r->ttbr0 = os_proc_ttbr0(s->p);
	r->tcr = os_cpu_tcr(s->node.os);
	r->mair = os_cpu_mair(s->node.os);
	ret = e3_mmap(s, zdma ? E3_ZDMA_HINT : 0, &r->src_va);
	if (!ret)
		ret = e3_mmap(s, zdma ? E3_ZDMA_HINT + (1ULL << 30) : 0,
			      &r->dst_va);
	if (ret)
		return ret;
	return scn_chan_init(&s->ch, &s->node, s->o->engine, 0);
}

static int e3_bind(struct e3 *s)
{
	int ret = os_bind(&s->node.sva, s->p, s->ch.sid);
	unsigned int i;

	if (ret)
		return ret;
	s->r->sid = s->ch.sid;
	s->r->cb = -1;
	for (i = 0; i < OS_SVA_MAX_BONDS; i++)
		if (s->node.sva.bonds[i].nr_sids &&
		    s->node.sva.bonds[i].proc == s->p)
			s->r->cb = (int)s->node.sva.bonds[i].cb;
	return 0;
}

/* Copy @size bytes from @src to @dst in the process; @ok says how it ended. */
static int e3_dma(struct e3 *s, u64 src, u64 dst, bool *ok)
{
	int ret = scn_chan_copy(&s->ch, src, dst, (u32)s->r->size);

	if (ret)
		return ret;
	*ok = s->ch.st.done && !s->ch.st.error;
	return 0;
}

/* What the DMA made the kernel do: the counters since @before. */
static void e3_stats_delta(struct os_stats *st, const struct os_stats *before)
{
	st->cpu_faults -= before->cpu_faults;
	st->dev_faults -= before->dev_faults;
	st->bad_faults -= before->bad_faults;
	st->demand_zero -= before->demand_zero;
	st->zero_maps -= before->zero_maps;
	st->cow_zero -= before->cow_zero;
	st->dirty -= before->dirty;
	st->young -= before->young;
	st->swap_ins -= before->swap_ins;
	st->swap_outs -= before->swap_outs;
	st->invalidations -= before->invalidations;
}

static int e3_copy(struct e3 *s)
{
	struct scn_e3_result *r = s->r;
	struct os_stats before;
	u64 q = s->pages / 4, i;
	u8 byte;
	int ret;
	bool ok;

	/* The process writes its source: pages appear as it touches them. */
	e3_pattern(s->buf, r->size, 1);
	ret = os_write(s->p, r->src_va, s->buf, r->size);
	if (ret)
		return ret;
	if (s->pages >= 2) {
		ret = (int)os_age(s->p, r->src_va + s->pages / 2 * OS_PAGE_SIZE,
				  (s->pages - s->pages / 2) * OS_PAGE_SIZE);
		if (ret >= 0)
			ret = (int)os_swap_out(
				s->p, r->src_va + (s->pages - 1) * OS_PAGE_SIZE,
				OS_PAGE_SIZE);
		if (ret < 0)
			return ret;
	}
	/* The destination's quarters (see the top of the file). */
	for (i = q; i < 2 * q; i++) {
		ret = os_read(s->p, r->dst_va + i * OS_PAGE_SIZE, &byte, 1);
		if (ret)
			return ret;
	}
	byte = 0xee;
	for (i = 2 * q; q && i < s->pages; i++) {
		ret = os_write(s->p, r->dst_va + i * OS_PAGE_SIZE, &byte, 1);
		if (ret)
			return ret;
	}
	if (q) {
		ret = (int)os_writeback(s->p, r->dst_va + 2 * q * OS_PAGE_SIZE,
					q * OS_PAGE_SIZE);
		if (ret >= 0)
			ret = (int)os_age(s->p,
					  r->dst_va + 3 * q * OS_PAGE_SIZE,
					  (s->pages - 3 * q) * OS_PAGE_SIZE);
		if (ret < 0)
			return ret;
	}

	ret = e3_bind(s);
	if (ret)
		return ret;
	os_get_stats(s->node.os, &before);
	ret = e3_dma(s, r->src_va, r->dst_va, &ok);
	if (ret)
		return ret;
	r->dma = s->ch.st;
	os_get_stats(s->node.os, &r->os);
	e3_stats_delta(&r->os, &before);

	/* What the process reads now. */
	ret = os_read(s->p, r->dst_va, s->buf2, r->size);
	if (ret)
		return ret;
	r->verified = ok && !memcmp(s->buf, s->buf2, r->size);
	ret = os_read(s->p, r->src_va, s->buf2, r->size);
	if (ret)
		return ret;
	if (memcmp(s->buf, s->buf2, r->size))
		r->verified = false;
	return r->verified ? 0 : -EIO;
}

/* Did the frames @pa[] keep @want? */
static int e3_frames_hold(struct e3 *s, const u64 *pa, const u8 *want,
			  bool *same)
{
	u8 *page = s->page;
	u64 i;
	int ret;

	*same = true;
	for (i = 0; i < s->pages; i++) {
		u64 n = s->r->size - i * OS_PAGE_SIZE;

		if (n > OS_PAGE_SIZE)
			n = OS_PAGE_SIZE;
		ret = model_cpu_read(s->node.m, pa[i], page, n);
		if (ret)
			return ret;
		if (memcmp(page, want + i * OS_PAGE_SIZE, n))
			*same = false;
	}
	return 0;
}

static int e3_frames(struct e3 *s, u64 va, u64 *pa)
{
	struct os_page_info pi;
	u64 i;

	for (i = 0; i < s->pages; i++) {
		if (os_page_query(s->p, va + i * OS_PAGE_SIZE, &pi) ||
		    !pi.present || pi.zero)
			return -EIO;
		pa[i] = pi.pa;
	}
	return 0;
}

/* One DMA that must be refused: record it, check nothing moved. */
static int e3_refused(struct e3 *s, struct scn_e3_step *st, u64 dst,
		      const u64 *pa, const u8 *want)
{
	struct os_iopf f;
	int ret;

	ret = e3_dma(s, s->r->src_va, dst, &st->dma_ok);
	if (ret)
		return ret;
	if (!os_sva_last_fault(&s->node.sva, s->ch.sid, &f) &&
	    f.action == OS_IOPF_TERMINATE && f.fault.far >= dst &&
	    f.fault.far < dst + s->r->size) {
		st->refused = true;
		st->fault = f;
	}
	ret = e3_frames_hold(s, pa, want, &st->intact);
	if (ret)
		return ret;
	st->ok = !st->dma_ok && st->refused && st->intact;
	return 0;
}

static int e3_coherence(struct e3 *s)
{
	struct scn_e3_result *r = s->r;
	struct scn_e3_step *st = r->steps;
	u64 *pa, dst2;
	u8 *a;
	int ret;

	pa = vadma_zalloc(s->pages * sizeof(*pa));
	a = vadma_zalloc(r->size);
	if (!pa || !a) {
		ret = -ENOMEM;
		goto out;
	}
	ret = e3_bind(s);
	if (ret)
		goto out;

	/* 0: a copy; the TLB now holds the destination's translations. */
	st[0].what = "copy (fills the SMMU TLB)";
	e3_pattern(a, r->size, 1);
	ret = os_write(s->p, r->src_va, a, r->size);
	if (!ret)
		ret = e3_dma(s, r->src_va, r->dst_va, &st[0].dma_ok);
	if (!ret)
		ret = os_read(s->p, r->dst_va, s->buf2, r->size);
	if (!ret)
		ret = e3_frames(s, r->dst_va, pa);
	if (ret)
		goto out;
	st[0].verified = !memcmp(a, s->buf2, r->size);
	st[0].ok = st[0].dma_ok && st[0].verified;

	/* 1: munmap; a copy to the old addresses must not reach the frames. */
	st[1].what = "munmap(destination), then copy to it";
	st[1].expect_fault = true;
	e3_pattern(s->buf, r->size, 2);
	ret = os_write(s->p, r->src_va, s->buf, r->size);
	if (!ret)
		ret = os_munmap(s->p, r->dst_va, r->size);
	if (!ret)
		ret = e3_refused(s, &st[1], r->dst_va, pa, a);
	if (ret)
		goto out;

	/* 2: a fresh destination, filled by demand paging. */
	st[2].what = "mmap(new destination), copy to it";
	ret = e3_mmap(s, r->dst_va, &dst2);
	if (!ret)
		ret = e3_dma(s, r->src_va, dst2, &st[2].dma_ok);
	if (!ret)
		ret = os_read(s->p, dst2, s->buf2, r->size);
	if (!ret)
		ret = e3_frames(s, dst2, pa);
	if (ret)
		goto out;
	st[2].verified = !memcmp(s->buf, s->buf2, r->size);
	st[2].ok = st[2].dma_ok && st[2].verified;

	/* 3: mprotect(PROT_READ); a copy to it must not change it. */
	st[3].what = "mprotect(new destination, PROT_READ), copy to it";
	st[3].expect_fault = true;
	memcpy(a, s->buf, r->size); /* what it holds */
	e3_pattern(s->buf, r->size, 3);
	ret = os_write(s->p, r->src_va, s->buf, r->size);
	if (!ret)
		ret = os_mprotect(s->p, dst2, r->size, OS_PROT_READ);
	if (!ret)
		ret = e3_refused(s, &st[3], dst2, pa, a);
	if (ret)
		goto out;
	r->dma = s->ch.st;
	os_get_stats(s->node.os, &r->os);
	ret = st[0].ok && st[1].ok && st[2].ok && st[3].ok ? 0 : -EIO;
out:
	vadma_free(pa);
	vadma_free(a);
	return ret;
}

static void e3_collect(struct e3 *s)
{
	const struct os_sva *sva = &s->node.sva;
	struct scn_e3_result *r = s->r;
	unsigned int n = sva->log_next < OS_SVA_LOG ? sva->log_next
						    : OS_SVA_LOG,
		     i;

	/* The first faults if they fit, else the newest ones. */
	for (i = 0; i < n; i++)
		r->faults[i] = sva->log[(sva->log_next - n + i) % OS_SVA_LOG];
	r->nr_faults = n;
	r->faults_served = sva->retried;
	r->faults_refused = sva->terminated;
	r->tlbi_ranges = sva->tlbi_ranges;
	r->tlbi_asids = sva->tlbi_asids;
	model_get_stats(s->node.m, &r->stats);
	r->cycles = model_time(s->node.m);
}

int scn_e3(const struct scn_e3_opts *o, struct scn_e3_result *r)
{
	struct e3 *s;
	int ret;

	memset(r, 0, sizeof(*r));
	r->cb = -1;
	if (!o->size || o->size > E3_MAX_SIZE ||
	    (o->mode != SCN_E3_COPY && o->mode != SCN_E3_COHERENCE) ||
	    (o->engine != SCN_ENGINE_CDMA && o->engine != SCN_ENGINE_ZDMA))
		return -EINVAL;
	s = vadma_zalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->o = o;
	s->r = r;
	r->size = o->size;
	s->pages = (o->size + OS_PAGE_SIZE - 1) / OS_PAGE_SIZE;
	s->buf = vadma_zalloc(o->size);
	s->buf2 = vadma_zalloc(o->size);
	s->page = vadma_zalloc(OS_PAGE_SIZE);
	ret = s->buf && s->buf2 && s->page ? e3_open(s) : -ENOMEM;
	if (!ret)
		ret = o->mode == SCN_E3_COPY ? e3_copy(s) : e3_coherence(s);
	if (s->node_open) {
		e3_collect(s);
		if (o->dump)
			smmu_dump(&s->node.smmu, o->dump, o->dump_arg);
		scn_node_close(&s->node);
	}
	vadma_free(s->buf);
	vadma_free(s->buf2);
	vadma_free(s->page);
	vadma_free(s);
	return ret;
}
