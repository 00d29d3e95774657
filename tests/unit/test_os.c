// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The kernel of the model (os/): the page allocator, ASIDs, mappings, the
 * page states of demand paging and the descriptors that follow from them,
 * notifiers, and allocation failures.  No DMA here (test_sva.c has it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vadma/scenario.h"

#define PAGE OS_PAGE_SIZE

struct t {
	struct scn_node node;
	struct os *os;
	struct os_proc *p;
	u64 base_used; /* frames in use with the process and nothing mapped */
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
	t->os = t->node.os;
	assert_int_equal(os_proc_create(t->os, &t->p), 0);
	t->base_used = used(t->os);
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

static void test_cfg(void **state)
{
	struct t *t = *state;
	struct os_cfg cfg;
	struct os *os;

	os_cfg_default(&cfg, t->node.m);
	cfg.mem_base += 1;
	assert_int_equal(os_create(&cfg, &os), -EINVAL);
	os_cfg_default(&cfg, t->node.m);
	cfg.va_bits = 47;
	assert_int_equal(os_create(&cfg, &os), -EINVAL);
	os_cfg_default(&cfg, t->node.m);
	cfg.pa_bits = 33;
	assert_int_equal(os_create(&cfg, &os), -EINVAL);
	os_cfg_default(&cfg, t->node.m);
	cfg.asid_bits = 12;
	assert_int_equal(os_create(&cfg, &os), -EINVAL);
	os_cfg_default(&cfg, t->node.m);
	cfg.mem_base = 1ULL << 40; /* above the PA size */
	assert_int_equal(os_create(&cfg, &os), -EINVAL);
	os_cfg_default(&cfg, NULL);
	assert_int_equal(os_create(&cfg, &os), -EINVAL);
}

/* The CPU's registers, as a context bank will copy them. */
static void test_cpu_regs(void **state)
{
	struct t *t = *state;
	u64 tcr = os_cpu_tcr(t->os), mair = os_cpu_mair(t->os);

	assert_int_equal(FIELD_GET(PT_TCR_T0SZ, tcr), 16);
	assert_int_equal(FIELD_GET(PT_TCR_TG0, tcr), PT_TCR_TG0_4K);
	assert_int_equal(FIELD_GET(PT_TCR_SH0, tcr), PT_SH_INNER);
	assert_int_equal(FIELD_GET(PT_TCR_IRGN0, tcr), 1);
	assert_int_equal(FIELD_GET(PT_TCR_IPS, tcr), 2); /* 40 bits */
	assert_true(tcr & PT_TCR_AS);
	assert_true(tcr & PT_TCR_A1);
	assert_int_equal(mair & 0xff, 0xff);	     /* index 0: Normal WB */
	assert_int_equal((mair >> 24) & 0xff, 0x00); /* 3: Device-nGnRnE */
	assert_int_equal((os_proc_ttbr0(t->p) >> 48), 0); /* ASID in TTBR1 */
	assert_int_equal(os_proc_ttbr0(t->p), os_proc_pt(t->p)->root_pa);
}

struct vmas {
	u64 start[8];
	u64 end[8];
	u32 prot[8];
	unsigned int n;
};

static int vma_rec(void *arg, u64 start, u64 end, u32 prot)
{
	struct vmas *v = arg;

	if (v->n == 8)
		return -1;
	v->start[v->n] = start;
	v->end[v->n] = end;
	v->prot[v->n++] = prot;
	return 0;
}

static void vmas_get(struct os_proc *p, struct vmas *v)
{
	memset(v, 0, sizeof(*v));
	assert_int_equal(os_vma_walk(p, vma_rec, v), 0);
}

static void test_mmap(void **state)
{
	struct t *t = *state;
	u64 a, b, c;
	struct vmas v;

	assert_int_equal(os_mmap(t->p, 0, 1, OS_PROT_READ, 0, &a), 0);
	assert_int_equal(a % PAGE, 0);
	assert_true(a < (1ULL << 48));
	assert_int_equal(os_mmap(t->p, 0, 3 * PAGE, OS_PROT_READ, 0, &b), 0);
	assert_true(b + 3 * PAGE <= a || b >= a + PAGE);
	/* Adjacent with the same protection: one mapping. */
	assert_int_equal(b + 3 * PAGE, a);
	vmas_get(t->p, &v);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.start[0], b);
	assert_int_equal(v.end[0], a + PAGE);

	/* A hint that is free is taken. */
	assert_int_equal(os_mmap(t->p, 0x100000000ULL, PAGE,
				 OS_PROT_READ | OS_PROT_WRITE, 0, &c),
			 0);
	assert_int_equal(c, 0x100000000ULL);
	/* A hint that is taken is not. */
	assert_int_equal(
		os_mmap(t->p, 0x100000000ULL, PAGE, OS_PROT_READ, 0, &c), 0);
	assert_int_not_equal(c, 0x100000000ULL);

	/* FIXED in the middle of a mapping splits it in three. */
	assert_int_equal(os_mmap(t->p, b + PAGE, PAGE, OS_PROT_NONE,
				 OS_MAP_FIXED, &c),
			 0);
	assert_int_equal(c, b + PAGE);
	assert_int_equal(os_vma_prot(t->p, b), OS_PROT_READ);
	assert_int_equal(os_vma_prot(t->p, b + PAGE), OS_PROT_NONE);
	assert_int_equal(os_vma_prot(t->p, b + 2 * PAGE), OS_PROT_READ);
	assert_int_equal(os_vma_prot(t->p, a + PAGE), -ENOENT);

	/* Bad arguments. */
	assert_int_equal(os_mmap(t->p, 0, 0, OS_PROT_READ, 0, &c), -EINVAL);
	assert_int_equal(os_mmap(t->p, 0, PAGE, 8, 0, &c), -EINVAL);
	assert_int_equal(os_mmap(t->p, 0, PAGE, OS_PROT_READ, 2, &c), -EINVAL);
	assert_int_equal(os_mmap(t->p, 0x1001, PAGE, OS_PROT_READ, OS_MAP_FIXED,
				 &c),
			 -EINVAL);
	assert_int_equal(os_mmap(t->p, (1ULL << 48) - PAGE, 2 * PAGE,
				 OS_PROT_READ, OS_MAP_FIXED, &c),
			 -EINVAL);
	assert_int_equal(os_mmap(t->p, 0, ~0ULL, OS_PROT_READ, 0, &c), -EINVAL);
	/* No room. */
	assert_int_equal(os_mmap(t->p, 0, 1ULL << 47, OS_PROT_READ, 0, &a), 0);
	assert_int_equal(os_mmap(t->p, 0, 1ULL << 47, OS_PROT_READ, 0, &c),
			 -ENOMEM);
	/* Nothing was allocated for any of it. */
	assert_int_equal(used(t->os), t->base_used);
}

static void test_munmap_mprotect(void **state)
{
	struct t *t = *state;
	struct vmas v;
	u64 a;

	assert_int_equal(os_mmap(t->p, 0, 8 * PAGE, OS_PROT_READ, 0, &a), 0);
	assert_int_equal(os_munmap(t->p, a + 2 * PAGE, 2 * PAGE), 0);
	vmas_get(t->p, &v);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.end[0], a + 2 * PAGE);
	assert_int_equal(v.start[1], a + 4 * PAGE);
	/* Holes are fine for munmap, not for mprotect. */
	assert_int_equal(os_munmap(t->p, a, 3 * PAGE), 0);
	assert_int_equal(os_mprotect(t->p, a + 3 * PAGE, 2 * PAGE,
				     OS_PROT_READ),
			 -ENOMEM);
	assert_int_equal(os_mprotect(t->p, a + 5 * PAGE, PAGE,
				     OS_PROT_READ | OS_PROT_WRITE),
			 0);
	vmas_get(t->p, &v);
	assert_int_equal(v.n, 3);
	assert_int_equal(v.prot[1], OS_PROT_READ | OS_PROT_WRITE);
	/* Back as it was: merged again. */
	assert_int_equal(os_mprotect(t->p, a + 5 * PAGE, PAGE, OS_PROT_READ),
			 0);
	vmas_get(t->p, &v);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.start[0], a + 4 * PAGE);
	assert_int_equal(v.end[0], a + 8 * PAGE);
	/* Bad arguments. */
	assert_int_equal(os_munmap(t->p, a + 1, PAGE), -EINVAL);
	assert_int_equal(os_munmap(t->p, a, 0), -EINVAL);
	assert_int_equal(os_munmap(t->p, 1ULL << 48, PAGE), -EINVAL);
	assert_int_equal(os_mprotect(t->p, a + 4 * PAGE, PAGE, 0x10), -EINVAL);
}

static void page(struct os_proc *p, u64 va, struct os_page_info *pi)
{
	assert_int_equal(os_page_query(p, va, pi), 0);
}

/* The page states of arm64 Linux without hardware AF/dirty updates. */
static void test_demand_paging(void **state)
{
	struct t *t = *state;
	struct os_page_info pi;
	struct os_stats st;
	u8 buf[64], zero[64] = { 0 };
	u64 a, zero_pa;
	struct pt_walk w;

	assert_int_equal(os_mmap(t->p, 0, 4 * PAGE,
				 OS_PROT_READ | OS_PROT_WRITE, 0, &a),
			 0);
	assert_int_equal(os_page_query(t->p, a, &pi), -ENOENT);
	/* A read maps the zero page, read-only. */
	assert_int_equal(os_read(t->p, a + 100, buf, sizeof(buf)), 0);
	assert_memory_equal(buf, zero, sizeof(buf));
	page(t->p, a, &pi);
	assert_true(pi.present && pi.zero && pi.mapped && pi.young);
	assert_false(pi.writable || pi.dirty);
	zero_pa = pi.pa;
	assert_int_equal(pt_walk(os_proc_pt(t->p), a,
				 PT_ACC_USER | PT_ACC_WRITE, &w),
			 -EFAULT);
	assert_int_equal(w.fault, PT_FAULT_PERMISSION);
	assert_true(w.ng);
	/* Another page reads the same zero page. */
	assert_int_equal(os_read(t->p, a + PAGE, buf, 1), 0);
	page(t->p, a + PAGE, &pi);
	assert_int_equal(pi.pa, zero_pa);
	assert_int_equal(used(t->os), t->base_used + 3); /* L1..L3 tables */

	/* A write replaces it with a page of its own. */
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(os_write(t->p, a + 10, buf, 4), 0);
	page(t->p, a, &pi);
	assert_true(pi.present && pi.dirty && pi.writable && pi.young);
	assert_false(pi.zero);
	assert_int_not_equal(pi.pa, zero_pa);
	assert_int_equal(os_read(t->p, a, buf, 16), 0);
	assert_int_equal(buf[9], 0);
	assert_int_equal(buf[10], 0x5a);
	assert_int_equal(buf[13], 0x5a);
	assert_int_equal(buf[14], 0);
	os_get_stats(t->os, &st);
	assert_int_equal(st.cow_zero, 1);
	assert_int_equal(st.zero_maps, 2);

	/* Writeback: clean, read-only, bytes kept; a write dirties it. */
	assert_int_equal(os_writeback(t->p, a, 4 * PAGE), 1);
	page(t->p, a, &pi);
	assert_false(pi.dirty || pi.writable);
	assert_int_equal(pt_walk(os_proc_pt(t->p), a,
				 PT_ACC_USER | PT_ACC_WRITE, &w),
			 -EFAULT);
	assert_int_equal(w.fault, PT_FAULT_PERMISSION);
	assert_int_equal(os_write(t->p, a + 11, buf, 1), 0);
	page(t->p, a, &pi);
	assert_true(pi.dirty && pi.writable);
	os_get_stats(t->os, &st);
	assert_int_equal(st.dirty, 1);

	/* Aging: AF clear, an access makes it young. */
	assert_int_equal(os_age(t->p, a, 4 * PAGE), 2);
	page(t->p, a, &pi);
	assert_false(pi.young);
	assert_int_equal(pt_walk(os_proc_pt(t->p), a, PT_ACC_USER, &w),
			 -EFAULT);
	assert_int_equal(w.fault, PT_FAULT_ACCESS);
	assert_int_equal(os_read(t->p, a, buf, 1), 0);
	page(t->p, a, &pi);
	assert_true(pi.young && pi.dirty && pi.writable);
	os_get_stats(t->os, &st);
	assert_int_equal(st.young, 1);

	/* A fresh write to an untouched page: demand zero, dirty at once. */
	assert_int_equal(os_write(t->p, a + 3 * PAGE, buf, 1), 0);
	page(t->p, a + 3 * PAGE, &pi);
	assert_true(pi.dirty && pi.writable && !pi.zero);
	os_get_stats(t->os, &st);
	assert_int_equal(st.demand_zero, 1);

	/* A spurious fault (already allowed) is fine and changes nothing. */
	assert_int_equal(os_fault(t->p, a + 3 * PAGE, OS_ACC_WRITE), 0);
}

static void test_refused(void **state)
{
	struct t *t = *state;
	struct os_stats st;
	u64 ro, none;
	u8 b = 1;

	assert_int_equal(os_mmap(t->p, 0, PAGE, OS_PROT_READ, 0, &ro), 0);
	assert_int_equal(os_mmap(t->p, 0, PAGE, OS_PROT_NONE, 0, &none), 0);
	assert_int_equal(os_write(t->p, ro, &b, 1), -EFAULT);
	assert_int_equal(os_read(t->p, ro, &b, 1), 0);
	assert_int_equal(b, 0);
	b = 1;
	assert_int_equal(os_read(t->p, none, &b, 1), -EFAULT);
	assert_int_equal(os_read(t->p, 0x1000, &b, 1), -EFAULT);
	assert_int_equal(os_fault(t->p, 1ULL << 48, 0), -EFAULT);
	assert_int_equal(os_fault(t->p, ~0ULL, OS_ACC_DEVICE), -EFAULT);
	os_get_stats(t->os, &st);
	assert_int_equal(st.bad_faults, 5);
	/* A read-only page that was read, then made writable: upgraded
	 * by the fault path on the first write. */
	assert_int_equal(
		os_mprotect(t->p, ro, PAGE, OS_PROT_READ | OS_PROT_WRITE), 0);
	assert_int_equal(os_write(t->p, ro, &b, 1), 0);
	/* Taking write away maps it read-only at once. */
	assert_int_equal(os_mprotect(t->p, ro, PAGE, OS_PROT_READ), 0);
	assert_int_equal(os_write(t->p, ro, &b, 1), -EFAULT);
	assert_int_equal(os_read(t->p, ro, &b, 1), 0);
	assert_int_equal(b, 1);
	/* PROT_NONE unmaps it but keeps it. */
	assert_int_equal(os_mprotect(t->p, ro, PAGE, OS_PROT_NONE), 0);
	assert_int_equal(os_read(t->p, ro, &b, 1), -EFAULT);
	assert_int_equal(os_mprotect(t->p, ro, PAGE, OS_PROT_READ), 0);
	b = 0;
	assert_int_equal(os_read(t->p, ro, &b, 1), 0);
	assert_int_equal(b, 1);
}

static void test_swap(void **state)
{
	struct t *t = *state;
	struct os_page_info pi;
	u8 buf[PAGE], out[PAGE];
	struct os_stats st;
	u64 a, i;

	for (i = 0; i < PAGE; i++)
		buf[i] = (u8)(i * 7 + 1);
	assert_int_equal(os_mmap(t->p, 0, 3 * PAGE,
				 OS_PROT_READ | OS_PROT_WRITE, 0, &a),
			 0);
	assert_int_equal(os_write(t->p, a, buf, PAGE), 0);
	assert_int_equal(os_read(t->p, a + PAGE, out, 1), 0); /* zero page */
	/* The third page keeps the tables alive. */
	assert_int_equal(os_write(t->p, a + 2 * PAGE, buf, 1), 0);
	os_get_stats(t->os, &st);
	assert_int_equal(os_swap_out(t->p, a, 2 * PAGE), 2);
	page(t->p, a, &pi);
	assert_true(pi.swapped && !pi.present && !pi.mapped);
	assert_int_equal(os_page_query(t->p, a + PAGE, &pi), -ENOENT);
	/* The frame went back to the allocator. */
	assert_int_equal(used(t->os), st.pages_used - 1);
	assert_int_equal(os_read(t->p, a, out, PAGE), 0);
	assert_memory_equal(buf, out, PAGE);
	page(t->p, a, &pi);
	assert_true(pi.present && !pi.swapped && !pi.dirty && !pi.writable);
	os_get_stats(t->os, &st);
	assert_int_equal(st.swap_outs, 1);
	assert_int_equal(st.swap_ins, 1);
	/* Swapped again and then unmapped: nothing leaks. */
	assert_int_equal(os_swap_out(t->p, a, PAGE), 1);
	assert_int_equal(os_munmap(t->p, a, 3 * PAGE), 0);
}

struct rec {
	struct os_notifier n;
	unsigned int calls;
	u64 lo;
	u64 hi;
	unsigned int released;
};

static void rec_inv(struct os_notifier *n, u64 va, u64 size, bool leaf)
{
	struct rec *r = (struct rec *)n;

	(void)leaf;
	if (!r->calls++ || va < r->lo)
		r->lo = va;
	if (va + size > r->hi)
		r->hi = va + size;
}

static void rec_release(struct os_notifier *n)
{
	((struct rec *)n)->released++;
}

static const struct os_notifier_ops rec_ops = {
	.invalidate = rec_inv,
	.release = rec_release,
};

/* Every change of a valid descriptor is invalidated; new ones are not. */
static void test_notifier(void **state)
{
	struct t *t = *state;
	struct rec r = { .n = { .ops = &rec_ops } };
	u8 buf[4 * PAGE];
	u64 a;

	memset(buf, 3, sizeof(buf));
	assert_int_equal(os_notifier_register(t->p, &r.n), 0);
	assert_int_equal(os_mmap(t->p, 0, 4 * PAGE,
				 OS_PROT_READ | OS_PROT_WRITE, 0, &a),
			 0);
	assert_int_equal(os_write(t->p, a, buf, sizeof(buf)), 0);
	assert_int_equal(r.calls, 0);

	assert_int_equal(os_writeback(t->p, a + PAGE, PAGE), 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.lo, a + PAGE);
	assert_int_equal(r.hi, a + 2 * PAGE);

	r.calls = 0;
	assert_int_equal(os_mprotect(t->p, a, 4 * PAGE, OS_PROT_READ), 0);
	assert_true(r.calls >= 1);
	assert_true(r.lo <= a && r.hi >= a + 4 * PAGE - PAGE);

	r.calls = 0;
	assert_int_equal(os_munmap(t->p, a + 2 * PAGE, 2 * PAGE), 0);
	assert_true(r.calls >= 1);
	assert_true(r.lo <= a + 2 * PAGE && r.hi >= a + 4 * PAGE);

	/* Unregistered: not called any more. */
	os_notifier_unregister(&r.n);
	r.calls = 0;
	assert_int_equal(os_munmap(t->p, a, 2 * PAGE), 0);
	assert_int_equal(r.calls, 0);

	/* Released on exit, and only once. */
	assert_int_equal(os_notifier_register(t->p, &r.n), 0);
	os_proc_exit(t->p);
	os_proc_exit(t->p);
	assert_int_equal(r.released, 1);
	assert_int_equal(os_notifier_register(t->p, &r.n), -ESRCH);
	os_notifier_unregister(&r.n);
}

static void test_exit(void **state)
{
	struct t *t = *state;
	u64 before = used(t->os) - t->base_used, a;
	u8 buf[3 * PAGE] = { 1 };

	assert_int_equal(before, 0);
	assert_int_equal(os_mmap(t->p, 0, 3 * PAGE,
				 OS_PROT_READ | OS_PROT_WRITE, 0, &a),
			 0);
	assert_int_equal(os_write(t->p, a, buf, sizeof(buf)), 0);
	assert_int_equal(os_swap_out(t->p, a, PAGE), 1);
	assert_true(used(t->os) > t->base_used);
	os_proc_exit(t->p);
	assert_false(os_proc_alive(t->p));
	/* Everything back, the root table included. */
	assert_int_equal(used(t->os), t->base_used - 1);
	assert_int_equal(os_mmap(t->p, 0, PAGE, OS_PROT_READ, 0, &a), -ESRCH);
	assert_int_equal(os_munmap(t->p, a, PAGE), -ESRCH);
	assert_int_equal(os_mprotect(t->p, a, PAGE, 0), -ESRCH);
	assert_int_equal(os_read(t->p, a, buf, 1), -ESRCH);
	assert_int_equal(os_write(t->p, a, buf, 1), -ESRCH);
	assert_int_equal(os_fault(t->p, a, 0), -ESRCH);
	assert_int_equal(os_age(t->p, a, PAGE), -ESRCH);
	os_proc_reap(t->p);
	t->p = NULL;
}

static void test_asids(void **state)
{
	struct t *t = *state;
	struct os_proc *p[256], *q;
	struct os_cfg cfg;
	struct os *os;
	unsigned int i;
	u16 freed;

	os_cfg_default(&cfg, t->node.m);
	cfg.mem_base = 0x10000000;
	cfg.mem_size = 0x10000000;
	cfg.asid_bits = 8;
	assert_int_equal(os_create(&cfg, &os), 0);
	for (i = 0; i < 255; i++) {
		assert_int_equal(os_proc_create(os, &p[i]), 0);
		assert_int_equal(os_proc_asid(p[i]), i + 1); /* 0 is reserved */
	}
	assert_int_equal(os_proc_create(os, &q), -EAGAIN);
	freed = os_proc_asid(p[100]);
	os_proc_exit(p[100]);
	/* Exited but not reaped: the ASID is free already. */
	assert_int_equal(os_proc_create(os, &q), 0);
	assert_int_equal(os_proc_asid(q), freed);
	assert_int_not_equal(os_proc_pid(q), os_proc_pid(p[100]));
	os_proc_reap(p[100]);
	os_destroy(os); /* exits and reaps the rest */
}

/* Fail the n-th page allocation, for every n: all or nothing each time. */
static unsigned int fail_at, allocs;

static bool fail_nth(void *arg)
{
	(void)arg;
	return allocs++ == fail_at;
}

static void test_alloc_failure(void **state)
{
	struct t *t = *state;
	unsigned int n;

	for (n = 0; n < 12; n++) {
		struct os_page_info pi;
		struct os_cfg cfg;
		struct os_proc *p;
		u8 buf[PAGE], out[PAGE];
		struct os *os;
		u64 a, i, base, written = 8;
		int ret = 0;

		os_cfg_default(&cfg, t->node.m);
		cfg.mem_base = 0x10000000;
		cfg.mem_size = 0x1000000;
		cfg.fail_alloc = fail_nth;
		assert_int_equal(os_create(&cfg, &os), 0);
		fail_at = n;
		allocs = 0;
		ret = os_proc_create(os, &p);
		if (ret) {
			assert_int_equal(ret, -ENOMEM);
			os_destroy(os);
			continue;
		}
		base = used(os);
		assert_int_equal(os_mmap(p, 0x40000000, 8 * PAGE,
					 OS_PROT_READ | OS_PROT_WRITE, 0, &a),
				 0);
		for (i = 0; i < 8; i++) {
			memset(buf, (int)i + 1, sizeof(buf));
			ret = os_write(p, a + i * PAGE, buf, PAGE);
			if (ret) {
				assert_int_equal(ret, -ENOMEM);
				/* The failed page is as before. */
				assert_int_equal(os_page_query(p, a + i * PAGE,
							       &pi),
						 -ENOENT);
				written = i;
				break;
			}
		}
		/* What was written before the failure is still there. */
		fail_at = ~0U;
		for (i = 0; i < 8; i++) {
			memset(buf, i < written ? (int)i + 1 : 0, sizeof(buf));
			assert_int_equal(os_read(p, a + i * PAGE, out, PAGE),
					 0);
			assert_memory_equal(buf, out, PAGE);
		}
		assert_int_equal(os_munmap(p, a, 8 * PAGE), 0);
		/* Emptied tables are freed too. */
		assert_int_equal(used(os), base);
		os_proc_exit(p);
		assert_int_equal(used(os), base - 1);
		os_destroy(os);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cfg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_regs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_munmap_mprotect, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_demand_paging, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notifier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_failure, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
