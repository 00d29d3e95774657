// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Allocation-failure injection: a representative sequence of operations
 * of each layer is run again and again, the n-th allocation failing in
 * run n, until a run sees no failure.  Every operation must then return
 * 0 or -ENOMEM, leave the state as it was (tables walk as a reference
 * says, memory reads back what the successful writes wrote) and leak
 * nothing.
 *
 * Three kinds of allocation: table memory through pgtable's ops (the
 * memimg allocator's fail_after), page frames of the os layer
 * (os_cfg.fail_alloc), and host memory: this file supplies vadma_zalloc()
 * and vadma_free() to a build of the core with VADMA_ALLOC_HOOK (see
 * include/vadma/env.h), counting live blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "memimg.h"
#include "vadma/model.h"
#include "vadma/os.h"
#include "vadma/scenario.h"
#include "vadma/unimem.h"

/* ------------------------------------------------------------------ */
/* The host allocator                                                  */

static long host_calls, host_fail_at = -1, host_live;
static bool host_failed;

void *vadma_zalloc(size_t size)
{
	void *p;

	if (host_calls++ == host_fail_at) {
		host_failed = true;
		return NULL;
	}
	p = calloc(1, size ? size : 1);
	if (p)
		host_live++;
	return p;
}

void vadma_free(void *p)
{
	if (!p)
		return;
	host_live--;
	free(p);
}

/* Fail host allocation @n from now on (-1: never). */
static void host_fail(long n)
{
	host_calls = 0;
	host_fail_at = n;
	host_failed = false;
}

static void assert_enomem_or_ok(int ret)
{
	if (ret)
		assert_int_equal(ret, -ENOMEM);
}

/* ------------------------------------------------------------------ */
/* pgtable: tables stay as the reference says, none leaks              */

#define PT_WIN	 (8ULL << 20) /* the window the sequence works in */
#define PT_PAGES (PT_WIN >> 12)

struct pt_ref {
	u64 pa[PT_PAGES]; /* ~0: unmapped */
	bool w[PT_PAGES];
};

static void ref_set(struct pt_ref *r, u64 va, u64 pa, u64 size, bool w)
{
	u64 i;

	for (i = 0; i < size >> 12; i++) {
		r->pa[(va >> 12) + i] = pa == ~0ULL ? ~0ULL : pa + (i << 12);
		r->w[(va >> 12) + i] = w;
	}
}

static void pt_check(const struct pt *pt, const struct pt_ref *r)
{
	u64 i;

	for (i = 0; i < PT_PAGES; i++) {
		struct pt_walk w;
		int ret = pt_walk(pt, (i << 12) + 0x10, PT_ACC_WRITE, &w);

		if (r->pa[i] == ~0ULL) {
			assert_int_equal(ret, -EFAULT);
			assert_int_equal(w.fault, PT_FAULT_TRANSLATION);
			continue;
		}
		if (r->w[i]) {
			assert_int_equal(ret, 0);
			assert_int_equal(w.pa, r->pa[i] + 0x10);
		} else {
			assert_int_equal(w.fault, PT_FAULT_PERMISSION);
			assert_int_equal(pt_walk(pt, (i << 12) + 0x10, 0, &w),
					 0);
			assert_int_equal(w.pa, r->pa[i] + 0x10);
		}
	}
}

enum pt_opk {
	PT_OP_MAP,
	PT_OP_REMAP,
	PT_OP_UNMAP
};

static const struct {
	enum pt_opk op;
	u64 va, pa, size;
	bool w;
} pt_seq[] = {
	{ PT_OP_MAP, 0x000000, 0x40000000, 0x200000, true },  /* a block */
	{ PT_OP_MAP, 0x200000, 0x40400000, 0x5000, false },   /* pages */
	{ PT_OP_MAP, 0x400000, 0x40600000, 0x400000, true },  /* two blocks */
	{ PT_OP_UNMAP, 0x001000, 0, 0x2000, false },	      /* split */
	{ PT_OP_REMAP, 0x401000, 0x50000000, 0x1000, false }, /* split */
	{ PT_OP_REMAP, 0x1ff000, 0x51000000, 0x3000, true },  /* straddle */
	{ PT_OP_UNMAP, 0x000000, 0, 0x800000, false },	      /* all */
	{ PT_OP_MAP, 0x600000, 0x42000000, 0x1000, true },
};

static void test_pgtable(void **state)
{
	struct pt_cfg cfg = {
		.granule = PT_GRANULE_4K,
		.ias = 39,
		.oas = 40,
		.range = PT_TTBR0,
	};
	static struct pt_ref ref, before;
	long n;
	bool clean_run = false;

	(void)state;
	for (n = 0; !clean_run; n++) {
		struct memimg mem;
		struct pt pt;
		unsigned int i;
		int ret;

		memimg_init(&mem);
		assert_int_equal(memimg_add_zero(&mem, 0x80000000, 1 << 20), 0);
		mem.fail_after = n;
		ret = pt_init(&pt, &cfg, &memimg_pt_ops, &mem);
		if (ret) {
			assert_int_equal(ret, -ENOMEM);
			assert_int_equal(mem.live, 0);
			memimg_release(&mem);
			continue;
		}
		memset(ref.pa, 0xff, sizeof(ref.pa));
		clean_run = true;
		for (i = 0; i < ARRAY_SIZE(pt_seq); i++) {
			unsigned long live = mem.live;
			s64 r;

			before = ref;
			switch (pt_seq[i].op) {
			case PT_OP_MAP:
			case PT_OP_REMAP:
				r = (pt_seq[i].op == PT_OP_MAP ? pt_map
							       : pt_remap)(
					&pt, pt_seq[i].va, pt_seq[i].pa,
					pt_seq[i].size,
					PT_PROT_READ |
						(pt_seq[i].w ? PT_PROT_WRITE
							     : 0));
				if (!r)
					ref_set(&ref, pt_seq[i].va,
						pt_seq[i].pa, pt_seq[i].size,
						pt_seq[i].w);
				break;
			default:
				r = pt_unmap(&pt, pt_seq[i].va, pt_seq[i].size);
				if (r >= 0) {
					ref_set(&ref, pt_seq[i].va, ~0ULL,
						pt_seq[i].size, false);
					r = 0;
				}
				break;
			}
			if (r) {
				/* All or nothing, and nothing kept. */
				assert_int_equal(r, -ENOMEM);
				assert_int_equal(mem.live, live);
				assert_memory_equal(&ref, &before, sizeof(ref));
				clean_run = false;
			}
			pt_check(&pt, &ref);
		}
		pt_destroy(&pt);
		assert_int_equal(mem.live, 0);
		memimg_release(&mem);
	}
	assert_true(n > 5); /* the sequence did allocate */
}

/* ------------------------------------------------------------------ */
/* The model (its SMMU, engines and memory): host allocations          */

static void test_model(void **state)
{
	struct model_cfg cfg;
	long n;

	(void)state;
	model_cfg_default(&cfg, &plat_zcu102);
	for (n = 0;; n++) {
		static u8 buf[3 * 4096], back[3 * 4096];
		struct model *m;
		int ret, ret2;

		host_fail(n);
		ret = model_create(&cfg, &m);
		if (ret) {
			assert_int_equal(ret, -ENOMEM);
			assert_int_equal(host_live, 0);
			continue;
		}
		/* Pages on first touch: a write fails whole or not at all. */
		memset(buf, 0x5a, sizeof(buf));
		ret = model_cpu_write(m, 0x1000fff0, buf, sizeof(buf));
		assert_enomem_or_ok(ret);
		host_fail(-1);
		if (!ret) {
			assert_int_equal(model_cpu_read(m, 0x1000fff0, back,
							sizeof(back)),
					 0);
			assert_memory_equal(buf, back, sizeof(back));
		}
		assert_int_equal(
			model_cpu_write(m, 0x1000fff0, buf, sizeof(buf)), 0);
		/*
		 * A reservation of more pages than one batch of descriptors
		 * holds is whole or leaves the range untouched.
		 */
		host_fail(n);
		ret2 = model_cpu_reserve(m, 0x20000000, 300 * 4096);
		assert_enomem_or_ok(ret2);
		host_fail(-1);
		if (ret2)
			assert_int_equal(model_cpu_reserve(m, 0x20000000,
							   300 * 4096),
					 0);
		model_destroy(m);
		assert_int_equal(host_live, 0);
		if (!ret && !ret2 && !host_failed)
			break;
	}
	assert_true(n > 5);
}

/* ------------------------------------------------------------------ */
/* os: host allocations and page frames                                */

#define OS_VA_PAGES 16

static long frame_calls, frame_fail_at = -1;

static bool frame_fail(void *arg)
{
	(void)arg;
	return frame_calls++ == frame_fail_at;
}

/*
 * The sequence: a process, a mapping, writes that fault pages in, a
 * swap-out and a read that brings the page back, mprotect, a second
 * mapping, munmap; each step 0 or -ENOMEM.  Returns true when no
 * allocation failed.  @ref is what the process's pages must hold.
 */
static bool os_sequence(struct os *os, u8 *ref)
{
	u8 page[4096];
	struct os_proc *p;
	bool clean = true;
	u64 a, b, i;
	int ret;

	ret = os_proc_create(os, &p);
	if (ret) {
		assert_int_equal(ret, -ENOMEM);
		return false;
	}
	ret = os_mmap(p, 0x40000000, OS_VA_PAGES * 4096,
		      OS_PROT_READ | OS_PROT_WRITE, OS_MAP_FIXED, &a);
	if (ret) {
		assert_int_equal(ret, -ENOMEM);
		os_proc_exit(p);
		os_proc_reap(p);
		return false;
	}
	memset(ref, 0, OS_VA_PAGES * 4096);
	for (i = 0; i < OS_VA_PAGES; i += 3) {
		memset(page, (int)(i + 1), sizeof(page));
		ret = os_write(p, a + i * 4096 + 100, page, 200);
		assert_enomem_or_ok(ret);
		if (ret)
			clean = false;
		else
			memset(ref + i * 4096 + 100, (int)(i + 1), 200);
	}
	ret = (int)os_swap_out(p, a, 4 * 4096);
	if (ret < 0) {
		assert_int_equal(ret, -ENOMEM);
		clean = false;
	}
	ret = os_read(p, a + 100, page, 200);
	assert_enomem_or_ok(ret);
	if (ret)
		clean = false;
	else
		assert_memory_equal(page, ref + 100, 200);
	ret = os_mprotect(p, a + 4096, 2 * 4096, OS_PROT_READ);
	assert_enomem_or_ok(ret);
	if (ret)
		clean = false;
	ret = os_mmap(p, 0, 8 * 4096, OS_PROT_READ | OS_PROT_WRITE, 0, &b);
	assert_enomem_or_ok(ret);
	if (ret)
		clean = false;
	else if (os_write(p, b, page, 16))
		clean = false;
	assert_int_equal(os_munmap(p, a + 8 * 4096, 4 * 4096), 0);
	memset(ref + 8 * 4096, 0, 4 * 4096);

	/* With failures off, everything reads back as written. */
	host_fail(-1);
	frame_fail_at = -1;
	for (i = 0; i < OS_VA_PAGES; i++) {
		if (i >= 8 && i < 12)
			continue;
		assert_int_equal(os_read(p, a + i * 4096, page, 4096), 0);
		assert_memory_equal(page, ref + i * 4096, 4096);
	}
	os_proc_exit(p);
	os_proc_reap(p);
	return clean;
}

static void test_os(void **state)
{
	static u8 ref[OS_VA_PAGES * 4096];
	struct model_cfg mcfg;
	unsigned int kind;

	(void)state;
	model_cfg_default(&mcfg, &plat_zcu102);
	/*
	 * kind 0: host allocations fail (the kernel's and the model's pages
	 * it touches); kind 1: page frames.  A node per run, so that what
	 * the model allocated for its memory counts too.
	 */
	for (kind = 0; kind < 2; kind++) {
		long n;

		for (n = 0;; n++) {
			struct os_stats st;
			struct os_cfg cfg;
			struct model *m;
			struct os *os;
			bool clean;
			int ret;

			host_fail(-1);
			assert_int_equal(model_create(&mcfg, &m), 0);
			os_cfg_default(&cfg, m);
			cfg.mem_base = 0x10000000;
			cfg.mem_size = 0x1000000;
			cfg.fail_alloc = frame_fail;
			frame_calls = 0;
			frame_fail_at = kind ? n : -1;
			host_fail(kind ? -1 : n);
			ret = os_create(&cfg, &os);
			if (ret) {
				assert_int_equal(ret, -ENOMEM);
				host_fail(-1);
				model_destroy(m);
				assert_int_equal(host_live, 0);
				continue;
			}
			clean = os_sequence(os, ref);
			host_fail(-1);
			/* Every frame back but the zero page. */
			os_get_stats(os, &st);
			assert_true(st.pages_used <= 1);
			os_destroy(os);
			model_destroy(m);
			assert_int_equal(host_live, 0);
			if (clean && !host_failed &&
			    (!kind || frame_calls <= n))
				break;
		}
		assert_true(n > 5);
	}
}

/* ------------------------------------------------------------------ */
/* unimem: endpoints, and the transport's buffers                      */

static long pkt_calls, pkt_fail_at = -1, pkt_live;

static void *lb_alloc(void *ctx, size_t len)
{
	(void)ctx;
	if (pkt_calls++ == pkt_fail_at)
		return NULL;
	pkt_live++;
	return malloc(len ? len : 1);
}

static void lb_free(void *ctx, void *pkt)
{
	(void)ctx;
	pkt_live--;
	free(pkt);
}

#define LB_Q 64

static struct {
	unsigned int from, to;
	size_t len;
	void *pkt;
} lbq[LB_Q];
static unsigned int lb_n;

static int lb_send(void *ctx, unsigned int to, void *pkt, size_t len)
{
	unsigned int *id = ctx;

	if (lb_n == LB_Q) {
		lb_free(ctx, pkt);
		return -ENOSPC;
	}
	lbq[lb_n].from = *id;
	lbq[lb_n].to = to;
	lbq[lb_n].len = len;
	lbq[lb_n].pkt = pkt;
	lb_n++;
	return 0;
}

static int lb_poll(void *ctx, struct unimem_ep *ep)
{
	unsigned int *id = ctx, i, j = 0, got = 0;

	for (i = 0; i < lb_n; i++) {
		if (lbq[i].to != *id) {
			lbq[j++] = lbq[i];
			continue;
		}
		got++;
		if (!unimem_input(ep, lbq[i].from, lbq[i].pkt, lbq[i].len))
			lb_free(ctx, lbq[i].pkt);
	}
	lb_n = j;
	return (int)got;
}

/*
 * When a node cannot get a buffer for an answer, it keeps the answer and
 * sends it from unimem_progress() once it can: the operation must end,
 * with its data or with -ENOMEM, never hang.
 */
static void lost_answer(struct unimem_ep *ep, struct unimem_req *r)
{
	(void)ep;
	fail_msg("an operation never ended: its answer was lost (status %d)",
		 r->status);
}

static void test_unimem(void **state)
{
	static unsigned int ids[2] = { 0, 1 };
	static u8 data[3000], back[3000];
	unsigned int kind;
	u64 held = 0;
	long n;

	(void)state;
	/* kind 0: host allocations fail while the nodes are built; kind 1:
	 * the transport's packet buffers during a put and a get. */
	for (kind = 0; kind < 2; kind++)
		for (n = 0;; n++) {
			struct unimem_transport tr[2];
			struct scn_node node[2];
			struct unimem_ep ep[2];
			struct os_proc *p[2];
			struct unimem_req put, get;
			long live = host_live;
			bool clean = true;
			u64 buf[2];
			unsigned int i, k;
			int ret = 0;

			host_fail(kind ? -1 : n);
			for (i = 0; i < 2 && !ret; i++) {
				tr[i] = (struct unimem_transport){
					lb_alloc, lb_send, lb_free, lb_poll,
					&ids[i]
				};
				ret = scn_node_open(&node[i], NULL);
				if (ret)
					break;
				ret = unimem_ep_init(&ep[i], node[i].m,
						     &node[i].sva,
						     node[i].plat->smmu_irq, i,
						     2, &tr[i]);
				if (ret) {
					scn_node_close(&node[i]);
					break;
				}
			}
			host_fail(-1);
			if (ret) {
				assert_int_equal(ret, -ENOMEM);
				while (i--) {
					unimem_ep_fini(&ep[i]);
					scn_node_close(&node[i]);
				}
				while (lb_n) /* the BYE of a node that left */
					lb_free(NULL, lbq[--lb_n].pkt);
				assert_int_equal(pkt_live, 0);
				assert_int_equal(host_live, live);
				continue;
			}
			for (i = 0; i < 2; i++) {
				assert_int_equal(
					os_proc_create(node[i].os, &p[i]), 0);
				assert_int_equal(os_mmap(p[i], 0, 16 << 10,
							 OS_PROT_READ |
								 OS_PROT_WRITE,
							 0, &buf[i]),
						 0);
				assert_int_equal(unimem_attach(&ep[i], p[i], 1,
							       7, true),
						 0);
			}
			for (k = 0; k < sizeof(data); k++)
				data[k] = (u8)(k * 7 + n);
			assert_int_equal(
				os_write(p[0], buf[0], data, sizeof(data)), 0);

			pkt_calls = 0;
			pkt_fail_at = kind ? n : -1;
			memset(&put, 0, sizeof(put));
			memset(&get, 0, sizeof(get));
			ret = unimem_put(&ep[0], p[0], buf[0],
					 (struct unimem_gaddr){ 1, 1, buf[1] },
					 7, sizeof(data), &put);
			assert_enomem_or_ok(ret);
			for (k = 0; k < 2000 && !ret && !put.done; k++)
				for (i = 0; i < 2; i++)
					assert_int_equal(
						unimem_progress(&ep[i]), 0);
			if (!ret && !put.done)
				lost_answer(&ep[0], &put);
			if (ret || put.status)
				clean = false;
			if (!ret && !put.status) {
				ret = unimem_get(
					&ep[0], p[0], buf[0] + 8192,
					(struct unimem_gaddr){ 1, 1, buf[1] },
					7, sizeof(data), &get);
				assert_enomem_or_ok(ret);
				for (k = 0; k < 2000 && !ret && !get.done; k++)
					for (i = 0; i < 2; i++)
						assert_int_equal(
							unimem_progress(&ep[i]),
							0);
				if (!ret && !get.done)
					lost_answer(&ep[0], &get);
				if (ret || get.status) {
					clean = false;
				} else {
					assert_int_equal(
						os_read(p[0], buf[0] + 8192,
							back, sizeof(back)),
						0);
					assert_memory_equal(back, data,
							    sizeof(data));
				}
			}
			/* An operation that failed failed for lack of memory. */
			if (put.status && put.status != -ENOMEM &&
			    put.status != -ETIMEDOUT)
				fail_msg("n %ld: put ended with %d", n,
					 put.status);
			if (get.status && get.status != -ENOMEM &&
			    get.status != -ETIMEDOUT)
				fail_msg("n %ld: get ended with %d", n,
					 get.status);
			pkt_fail_at = -1;
			held += ep[0].st.answers_held + ep[1].st.answers_held;
			assert_int_equal(ep[0].st.answers_lost +
						 ep[1].st.answers_lost,
					 0);
			for (i = 0; i < 2; i++)
				unimem_ep_leave(&ep[i]);
			for (k = 0; k < 4; k++)
				for (i = 0; i < 2; i++)
					unimem_progress(&ep[i]);
			for (i = 0; i < 2; i++) {
				unimem_ep_fini(&ep[i]);
				scn_node_close(&node[i]);
			}
			while (lb_n)
				lb_free(NULL, lbq[--lb_n].pkt);
			assert_int_equal(pkt_live, 0);
			assert_int_equal(host_live, live);
			if (kind ? clean && pkt_calls <= n : !host_failed)
				break;
		}
	/* Some failure hit an answer, which was held and sent later. */
	assert_true(held > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pgtable),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_os),
		cmocka_unit_test(test_unimem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
