// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Randomized test of the os layer and shared virtual addressing (E3).
 *
 * Processes of a node's kernel map, unmap, reprotect, write, read, age,
 * write back and swap out pages of a small window of their address space
 * (256 pages, so that operations collide often), while the CDMA and ZDMA
 * channels 0 and 1, bound to them with os_bind(), copy from one virtual
 * address to another in the same process.  Every result is checked against
 * a reference model of each address space: per page, mapped or not, the
 * protection of its mapping, and the bytes it must hold.
 *
 * A DMA whose every source page is readable and every destination page
 * writable must complete and copy, leaving its pages young (and the
 * destination dirty and writable); any other must end in error, after a
 * fault the service refused on a page the reference forbids, having
 * written only a prefix of the destination, and only in writable pages.
 * Some copies race with a change of the mappings (made while the copy is
 * stalled or under way); some processes exit in the middle of a copy, or
 * with a copy issued afterwards on their stream; with 8-bit ASIDs a new
 * process sometimes gets a just-freed ASID.  The SMMU's TLB size changes
 * from seed to seed.
 *
 * After each DMA every page of every window must hold what the reference
 * says, no frame may be in two pages, and the frames that processes gave
 * back (munmap, mmap over a mapping, swap-out, exit) must keep their bytes
 * until the allocator hands them out again (the allocation hook says
 * when): a DMA must never write memory a process no longer owns.  After
 * each seed, every process exits and every frame must be back, with no
 * fault left pending.
 *
 * Environment: VADMA_RANDOM_SEEDS (how many seeds, default 64),
 * VADMA_RANDOM_SEED (the first, default 1), VADMA_RANDOM_OPS (operations
 * per seed, default 2000).  A failure names its seed and operation, and
 * how to run it alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vadma/scenario.h"
/* The allocator's free stack: which frame the next allocation takes. */
#include "../../os/os-internal.h"

#define RND_BASE     0x00000a0000000000ULL /* below 2^44, for ZDMA */
#define RND_PAGES    256
#define RND_WIN	     (RND_PAGES * OS_PAGE_SIZE)
#define RND_MAX_LEN  (4 * OS_PAGE_SIZE + 640)
#define RND_WATCH    256
#define RND_GROUPS   8
#define RND_SEEDS    64
#define RND_OPS	     2000
#define RND_UNMAPPED (-1)
#define RND_NO_PAGE  (~0U)

struct rnd_proc {
	const char *name;
	struct os_proc *p;
	struct scn_chan *chs[2];
	unsigned int nr_chs;
	int prot[RND_PAGES]; /* OS_PROT_*, or RND_UNMAPPED */
	u8 *data;	     /* what each page holds */
};

/* A frame given back, and what it held then. */
struct rnd_watch {
	u64 pa;
	unsigned int pg; /* the page it held, while a candidate */
	u8 *bytes;
};

struct rnd_dma {
	struct rnd_proc *pr;
	struct scn_chan *ch;
	u64 src;
	u64 dst;
	u32 len;
	bool expect_ok;
	unsigned int log0;
	u8 old[RND_MAX_LEN];
	u8 want[RND_MAX_LEN];
	u8 now[RND_MAX_LEN];
};

struct rnd_counts {
	u64 ops;
	u64 dma_ok;
	u64 dma_refused;
	u64 dma_dead;
	u64 exits;
	u64 watched;
	u64 checks;
	u64 pages_checked;
	u64 races;
	u64 asid_reuses;
};

struct rnd {
	u64 seed;
	u64 x;
	unsigned int op;
	const char *what;
	unsigned int focus; /* rnd_pages() likes ranges around it */
	unsigned int asid_bits;
	char msg[1024];
	struct scn_node node;
	bool open;
	struct scn_chan cdma;
	struct scn_chan zdma0;
	struct scn_chan zdma1;
	struct rnd_proc a;
	struct rnd_proc b;
	u64 used0;
	struct rnd_watch watch[RND_WATCH];
	unsigned int nr_watch;
	struct rnd_watch cand[RND_PAGES];
	unsigned int nr_cand;
	struct rnd_dma dma[2];
	u8 buf[RND_MAX_LEN];
	u8 buf2[RND_MAX_LEN];
	u8 page[OS_PAGE_SIZE];
	u64 pas[2 * RND_PAGES];
	struct rnd_counts n;
};

struct rnd_group {
	u64 first;
	unsigned int nr_seeds;
	unsigned int ops;
	char name[64];
};

static struct rnd_group groups[RND_GROUPS];

/* xorshift64* */
static u64 rnd_next(struct rnd *r)
{
	r->x ^= r->x >> 12;
	r->x ^= r->x << 25;
	r->x ^= r->x >> 27;
	return r->x * 0x2545f4914f6cdd1dULL;
}

static u64 rnd_below(struct rnd *r, u64 n)
{
	return n ? rnd_next(r) % n : 0;
}

static bool rnd_one_in(struct rnd *r, u64 n)
{
	return !rnd_below(r, n);
}

static int rnd_fail(struct rnd *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int rnd_fail(struct rnd *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->msg[0])
		return -EIO;
	n = snprintf(r->msg, sizeof(r->msg),
		     "seed %llu op %u (%s): ", (unsigned long long)r->seed,
		     r->op, r->what ? r->what : "-");
	if (n < 0 || (size_t)n >= sizeof(r->msg))
		return -EIO;
	va_start(ap, fmt);
	vsnprintf(r->msg + n, sizeof(r->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -EIO;
}

#define RND_CHECK(r, cond, ...)                            \
	do {                                               \
		if (!(cond))                               \
			return rnd_fail((r), __VA_ARGS__); \
	} while (0)

#define RND_TRY(expr)                \
	do {                         \
		int ret_ = (expr);   \
		if (ret_)            \
			return ret_; \
	} while (0)

static u64 rnd_va(unsigned int page)
{
	return RND_BASE + (u64)page * OS_PAGE_SIZE;
}

static unsigned int rnd_page_of(u64 va)
{
	return (unsigned int)((va - RND_BASE) >> OS_PAGE_SHIFT);
}

static u8 *rnd_bytes(struct rnd_proc *pr, u64 va)
{
	return pr->data + (va - RND_BASE);
}

static bool rnd_readable(const struct rnd_proc *pr, unsigned int pg)
{
	return pr->prot[pg] != RND_UNMAPPED &&
	       (pr->prot[pg] & (OS_PROT_READ | OS_PROT_WRITE));
}

static bool rnd_writable(const struct rnd_proc *pr, unsigned int pg)
{
	return pr->prot[pg] != RND_UNMAPPED && (pr->prot[pg] & OS_PROT_WRITE);
}

/* The first page of [@va, @va + @len) without @write (or read) access. */
static unsigned int rnd_first_bad(const struct rnd_proc *pr, u64 va, u64 len,
				  bool write)
{
	unsigned int pg;

	for (pg = rnd_page_of(va); pg <= rnd_page_of(va + len - 1); pg++)
		if (write ? !rnd_writable(pr, pg) : !rnd_readable(pr, pg))
			return pg;
	return RND_NO_PAGE;
}

/* The freed-frame watch */

static void rnd_unwatch(struct rnd *r, u64 pa)
{
	unsigned int i;

	for (i = 0; i < r->nr_watch; i++) {
		if (r->watch[i].pa != pa)
			continue;
		vadma_free(r->watch[i].bytes);
		r->watch[i] = r->watch[--r->nr_watch];
		return;
	}
}

/*
 * Every page allocation comes here first: the frame on top of the free
 * stack is about to be handed out (and zeroed), so it leaves the watch.
 */
static bool rnd_alloc_hook(void *arg)
{
	struct rnd *r = arg;
	struct os *os = r->node.os;

	if (os && os->nr_free)
		rnd_unwatch(r, os->cfg.mem_base +
				       ((u64)os->free_frames[os->nr_free - 1]
					<< OS_PAGE_SHIFT));
	return false;
}

static void rnd_cand_clear(struct rnd *r)
{
	unsigned int i;

	for (i = 0; i < r->nr_cand; i++)
		vadma_free(r->cand[i].bytes);
	r->nr_cand = 0;
}

/* Before an operation that may free frames: what they hold now. */
static int rnd_cand_collect(struct rnd *r, struct rnd_proc *pr,
			    unsigned int first, unsigned int n)
{
	struct os_page_info pi;
	unsigned int pg;

	rnd_cand_clear(r);
	for (pg = first; pg < first + n; pg++) {
		struct rnd_watch *c = &r->cand[r->nr_cand];

		if (os_page_query(pr->p, rnd_va(pg), &pi) || !pi.present ||
		    pi.zero)
			continue;
		c->bytes = vadma_zalloc(OS_PAGE_SIZE);
		RND_CHECK(r, c->bytes, "out of memory");
		c->pa = pi.pa;
		c->pg = pg;
		RND_CHECK(r,
			  !model_cpu_read(r->node.m, pi.pa, c->bytes,
					  OS_PAGE_SIZE),
			  "frame %#llx of page %u unreadable",
			  (unsigned long long)pi.pa, pg);
		r->nr_cand++;
	}
	return 0;
}

/* After it: the frames that left their page are watched. */
static void rnd_cand_commit(struct rnd *r, struct rnd_proc *pr)
{
	struct os_page_info pi;
	unsigned int i;

	for (i = 0; i < r->nr_cand; i++) {
		struct rnd_watch *c = &r->cand[i];

		/* Still its page's (swap-out may keep a page)? */
		if (os_proc_alive(pr->p) &&
		    !os_page_query(pr->p, rnd_va(c->pg), &pi) && pi.present &&
		    pi.pa == c->pa) {
			vadma_free(c->bytes);
			continue;
		}
		if (r->nr_watch == RND_WATCH) {
			unsigned int v = (unsigned int)rnd_below(r, RND_WATCH);

			vadma_free(r->watch[v].bytes);
			r->watch[v] = r->watch[--r->nr_watch];
		}
		r->watch[r->nr_watch++] = *c;
		r->n.watched++;
	}
	r->nr_cand = 0;
}

static void rnd_watch_clear(struct rnd *r)
{
	while (r->nr_watch)
		rnd_unwatch(r, r->watch[r->nr_watch - 1].pa);
	rnd_cand_clear(r);
}

static int rnd_check_watch(struct rnd *r)
{
	unsigned int i, k;

	for (i = 0; i < r->nr_watch; i++) {
		struct rnd_watch *w = &r->watch[i];

		RND_CHECK(r,
			  !model_cpu_read(r->node.m, w->pa, r->page,
					  OS_PAGE_SIZE),
			  "freed frame %#llx unreadable",
			  (unsigned long long)w->pa);
		if (!memcmp(r->page, w->bytes, OS_PAGE_SIZE))
			continue;
		for (k = 0; r->page[k] == w->bytes[k]; k++)
			;
		return rnd_fail(r,
				"a DMA wrote memory the process no longer "
				"owns: freed frame %#llx byte %u is %#x, was "
				"%#x",
				(unsigned long long)w->pa, k, r->page[k],
				w->bytes[k]);
	}
	return 0;
}

/* The reference against the kernel */

struct rnd_vma_cmp {
	struct rnd *r;
	struct rnd_proc *pr;
	unsigned int at; /* next page of the window to match */
	int err;
};

/* The next run of pages with one protection, from @pg; its end. */
static unsigned int rnd_run_end(const struct rnd_proc *pr, unsigned int pg)
{
	unsigned int e = pg;

	while (e < RND_PAGES && pr->prot[e] == pr->prot[pg])
		e++;
	return e;
}

static unsigned int rnd_skip_holes(const struct rnd_proc *pr, unsigned int pg)
{
	while (pg < RND_PAGES && pr->prot[pg] == RND_UNMAPPED)
		pg++;
	return pg;
}

static int rnd_vma_fn(void *arg, u64 start, u64 end, u32 prot)
{
	struct rnd_vma_cmp *c = arg;
	unsigned int pg = rnd_skip_holes(c->pr, c->at), e;

	if (start < RND_BASE || end > RND_BASE + RND_WIN || pg == RND_PAGES) {
		c->err = rnd_fail(c->r,
				  "%s: mapping [%#llx, %#llx) prot %u is not "
				  "in the reference",
				  c->pr->name, (unsigned long long)start,
				  (unsigned long long)end, prot);
		return 1;
	}
	e = rnd_run_end(c->pr, pg);
	if (start != rnd_va(pg) || end != rnd_va(e) ||
	    prot != (u32)c->pr->prot[pg]) {
		c->err = rnd_fail(c->r,
				  "%s: mapping [%#llx, %#llx) prot %u, the "
				  "reference has pages [%u, %u) prot %d",
				  c->pr->name, (unsigned long long)start,
				  (unsigned long long)end, prot, pg, e,
				  c->pr->prot[pg]);
		return 1;
	}
	c->at = e;
	return 0;
}

static int rnd_check_vmas(struct rnd *r, struct rnd_proc *pr)
{
	struct rnd_vma_cmp c = { .r = r, .pr = pr };

	os_vma_walk(pr->p, rnd_vma_fn, &c);
	if (c.err)
		return c.err;
	RND_CHECK(r, rnd_skip_holes(pr, c.at) == RND_PAGES,
		  "%s: page %u is mapped in the reference only", pr->name,
		  rnd_skip_holes(pr, c.at));
	return 0;
}

static int rnd_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Every page of @pr that has a frame holds what the reference says. */
static int rnd_check_proc(struct rnd *r, struct rnd_proc *pr,
			  unsigned int *nr_pas)
{
	const struct os_cfg *cfg = &r->node.os->cfg;
	struct os_page_info pi;
	unsigned int pg, k;
	int ret;

	for (pg = 0; pg < RND_PAGES; pg++) {
		u8 *want = rnd_bytes(pr, rnd_va(pg));

		ret = os_page_query(pr->p, rnd_va(pg), &pi);
		if (pr->prot[pg] == RND_UNMAPPED) {
			RND_CHECK(r, ret == -ENOENT,
				  "%s: page %u is unmapped but known (%d)",
				  pr->name, pg, ret);
			continue;
		}
		if (ret || !pi.present)
			continue;
		RND_CHECK(r,
			  pi.pa >= cfg->mem_base &&
				  pi.pa < cfg->mem_base + cfg->mem_size &&
				  !(pi.pa % OS_PAGE_SIZE),
			  "%s: page %u in frame %#llx, not the allocator's",
			  pr->name, pg, (unsigned long long)pi.pa);
		RND_CHECK(r, !pi.writable || rnd_writable(pr, pg),
			  "%s: page %u is writable under prot %d", pr->name, pg,
			  pr->prot[pg]);
		RND_CHECK(r, !pi.mapped || rnd_readable(pr, pg),
			  "%s: page %u is mapped under prot %d", pr->name, pg,
			  pr->prot[pg]);
		RND_CHECK(r,
			  !model_cpu_read(r->node.m, pi.pa, r->page,
					  OS_PAGE_SIZE),
			  "%s: frame %#llx unreadable", pr->name,
			  (unsigned long long)pi.pa);
		if (memcmp(r->page, want, OS_PAGE_SIZE)) {
			for (k = 0; r->page[k] == want[k]; k++)
				;
			return rnd_fail(
				r,
				"%s: page %u (frame %#llx%s) byte %u is "
				"%#x, the reference says %#x",
				pr->name, pg, (unsigned long long)pi.pa,
				pi.zero ? ", the zero page" : "", k, r->page[k],
				want[k]);
		}
		if (!pi.zero)
			r->pas[(*nr_pas)++] = pi.pa;
		r->n.pages_checked++;
	}
	return 0;
}

static int rnd_check_all(struct rnd *r)
{
	struct rnd_proc *prs[2] = { &r->a, &r->b };
	unsigned int nr_pas = 0, i, k;

	r->n.checks++;
	for (i = 0; i < 2; i++)
		if (prs[i]->p)
			RND_TRY(rnd_check_proc(r, prs[i], &nr_pas));
	/* No frame is in two pages, nor in a page and the free stack. */
	qsort(r->pas, nr_pas, sizeof(*r->pas), rnd_cmp_u64);
	for (i = 1; i < nr_pas; i++)
		RND_CHECK(r, r->pas[i] != r->pas[i - 1],
			  "frame %#llx is in two pages",
			  (unsigned long long)r->pas[i]);
	for (k = 0; k < r->nr_watch; k++)
		RND_CHECK(r,
			  !bsearch(&r->watch[k].pa, r->pas, nr_pas,
				   sizeof(*r->pas), rnd_cmp_u64),
			  "frame %#llx is free and in a page",
			  (unsigned long long)r->watch[k].pa);
	return rnd_check_watch(r);
}

/*
 * After an access that went through: every page of [@va, @va + @len) is
 * mapped and young, and for a write dirty, writable and not the zero page.
 * A TLB entry kept past writeback or aging would let a DMA write a page
 * without this (and a real kernel would then lose the data).
 */
static int rnd_check_touched(struct rnd *r, struct rnd_proc *pr, u64 va,
			     u64 len, bool write)
{
	struct os_page_info pi;
	unsigned int pg;

	for (pg = rnd_page_of(va); pg <= rnd_page_of(va + len - 1); pg++) {
		bool ok = !os_page_query(pr->p, rnd_va(pg), &pi) &&
			  pi.present && pi.mapped && pi.young;

		if (write)
			ok = ok && pi.dirty && pi.writable && !pi.zero;
		RND_CHECK(r, ok,
			  "%s: page %u %s, but present %d mapped %d young %d "
			  "dirty %d writable %d zero %d",
			  pr->name, pg, write ? "written" : "read", pi.present,
			  pi.mapped, pi.young, pi.dirty, pi.writable, pi.zero);
	}
	return 0;
}

/* Choosing ranges */

/* Pages [*first, *first + *n): a whole mapping or hole, or any range. */
static void rnd_pages(struct rnd *r, const struct rnd_proc *pr,
		      unsigned int *first, unsigned int *n)
{
	unsigned int f = (unsigned int)rnd_below(r, RND_PAGES), s, e;

	if (r->focus != RND_NO_PAGE && !rnd_one_in(r, 4)) {
		f = r->focus + (unsigned int)rnd_below(r, 5);
		f = f < 2 ? 0 : f - 2;
		if (f >= RND_PAGES)
			f = RND_PAGES - 1;
	}
	switch (rnd_below(r, 5)) {
	case 0:
	case 1: /* a whole mapping (or hole) */
		for (s = f; s && pr->prot[s - 1] == pr->prot[f]; s--)
			;
		e = rnd_run_end(pr, f);
		*first = s;
		*n = e - s;
		return;
	case 2: /* a few pages */
		*n = 1 + (unsigned int)rnd_below(r, 4);
		break;
	case 3:
		*n = 1 + (unsigned int)rnd_below(r, 32);
		break;
	default:
		*n = 1 + (unsigned int)rnd_below(r, RND_PAGES);
		break;
	}
	if (f + *n > RND_PAGES)
		f = RND_PAGES - *n;
	*first = f;
}

/* A byte length: within a page, a few pages, page multiples. */
static u32 rnd_len(struct rnd *r)
{
	switch (rnd_below(r, 5)) {
	case 0:
		return 1 + (u32)rnd_below(r, 64);
	case 1:
		return 1 + (u32)rnd_below(r, OS_PAGE_SIZE);
	case 2:
		return (u32)(OS_PAGE_SIZE * (1 + rnd_below(r, 4)));
	default:
		return 1 + (u32)rnd_below(r, RND_MAX_LEN);
	}
}

/* A start for @len bytes, anywhere in the window. */
static u64 rnd_addr_any(struct rnd *r, u64 len)
{
	u64 va = rnd_va((unsigned int)rnd_below(r, RND_PAGES));

	switch (rnd_below(r, 4)) {
	case 0:
		break;
	case 1:
		va += rnd_below(r, OS_PAGE_SIZE / 64) * 64;
		break;
	default:
		va += rnd_below(r, OS_PAGE_SIZE);
		break;
	}
	if (va + len > RND_BASE + RND_WIN)
		va = RND_BASE + RND_WIN - len;
	return va;
}

/*
 * A start for @len bytes; mostly where every page allows @write (or read),
 * so that most copies can go through.
 */
static u64 rnd_addr(struct rnd *r, const struct rnd_proc *pr, u64 len,
		    bool write)
{
	u64 va = rnd_addr_any(r, len), off = va % OS_PAGE_SIZE;
	unsigned int span = (unsigned int)((off + len - 1) / OS_PAGE_SIZE) + 1;
	unsigned int ok[RND_PAGES], nr = 0, pg;

	if (rnd_one_in(r, 5))
		return va;
	for (pg = 0; pg + span <= RND_PAGES; pg++)
		if (rnd_first_bad(pr, rnd_va(pg) + off, len, write) ==
		    RND_NO_PAGE)
			ok[nr++] = pg;
	return nr ? rnd_va(ok[rnd_below(r, nr)]) + off : va;
}

/* Process operations */

static void rnd_ref_unmap(struct rnd_proc *pr, unsigned int first,
			  unsigned int n, int prot)
{
	unsigned int pg;

	for (pg = first; pg < first + n; pg++)
		pr->prot[pg] = prot;
	memset(rnd_bytes(pr, rnd_va(first)), 0, n * OS_PAGE_SIZE);
}

static u32 rnd_prot(struct rnd *r)
{
	static const u32 prots[] = { OS_PROT_NONE, OS_PROT_READ,
				     OS_PROT_READ | OS_PROT_WRITE,
				     OS_PROT_READ | OS_PROT_WRITE };

	return prots[rnd_below(r, 4)];
}

/* A mapping length of @n pages, sometimes not a multiple of the page. */
static u64 rnd_map_len(struct rnd *r, unsigned int n)
{
	u64 len = (u64)n * OS_PAGE_SIZE;

	if (rnd_one_in(r, 3))
		len -= rnd_below(r, OS_PAGE_SIZE);
	return len;
}

static int rnd_op_mmap(struct rnd *r, struct rnd_proc *pr)
{
	bool fixed = !rnd_one_in(r, 3), free = true;
	unsigned int first, n, pg;
	u32 prot = rnd_prot(r);
	u64 len, out = 0;
	int ret;

	rnd_pages(r, pr, &first, &n);
	len = rnd_map_len(r, n);
	for (pg = first; pg < first + n; pg++)
		if (pr->prot[pg] != RND_UNMAPPED)
			free = false;
	r->what = fixed ? "mmap fixed" : "mmap hint";
	if (fixed) {
		RND_TRY(rnd_cand_collect(r, pr, first, n));
		ret = os_mmap(pr->p, rnd_va(first), len, prot, OS_MAP_FIXED,
			      &out);
		RND_CHECK(r, !ret && out == rnd_va(first),
			  "%s: mmap(%#llx, %#llx, %u, FIXED) = %d at %#llx",
			  pr->name, (unsigned long long)rnd_va(first),
			  (unsigned long long)len, prot, ret,
			  (unsigned long long)out);
		rnd_cand_commit(r, pr);
		rnd_ref_unmap(pr, first, n, (int)prot);
		return rnd_check_vmas(r, pr);
	}
	ret = os_mmap(pr->p, rnd_va(first), len, prot, 0, &out);
	RND_CHECK(r, !ret, "%s: mmap(%#llx, %#llx, %u) = %d", pr->name,
		  (unsigned long long)rnd_va(first), (unsigned long long)len,
		  prot, ret);
	if (free) {
		RND_CHECK(r, out == rnd_va(first),
			  "%s: mmap hint %#llx free, got %#llx", pr->name,
			  (unsigned long long)rnd_va(first),
			  (unsigned long long)out);
		rnd_ref_unmap(pr, first, n, (int)prot);
	} else {
		/* Elsewhere: not over anything; out of the window, away. */
		RND_CHECK(r, out + len <= RND_BASE || out >= RND_BASE + RND_WIN,
			  "%s: mmap hint %#llx taken, got %#llx", pr->name,
			  (unsigned long long)rnd_va(first),
			  (unsigned long long)out);
		ret = os_munmap(pr->p, out, len);
		RND_CHECK(r, !ret, "%s: munmap(%#llx) = %d", pr->name,
			  (unsigned long long)out, ret);
	}
	return rnd_check_vmas(r, pr);
}

static int rnd_op_munmap(struct rnd *r, struct rnd_proc *pr)
{
	unsigned int first, n;
	int ret;

	r->what = "munmap";
	rnd_pages(r, pr, &first, &n);
	if (rnd_one_in(r, 16)) {
		ret = os_munmap(pr->p, rnd_va(first) + 1 + rnd_below(r, 4095),
				n * OS_PAGE_SIZE);
		RND_CHECK(r, ret == -EINVAL, "%s: unaligned munmap = %d",
			  pr->name, ret);
		return rnd_check_vmas(r, pr);
	}
	RND_TRY(rnd_cand_collect(r, pr, first, n));
	ret = os_munmap(pr->p, rnd_va(first), rnd_map_len(r, n));
	RND_CHECK(r, !ret, "%s: munmap(page %u, %u pages) = %d", pr->name,
		  first, n, ret);
	rnd_cand_commit(r, pr);
	rnd_ref_unmap(pr, first, n, RND_UNMAPPED);
	return rnd_check_vmas(r, pr);
}

static int rnd_op_mprotect(struct rnd *r, struct rnd_proc *pr)
{
	unsigned int first, n, pg;
	u32 prot = rnd_prot(r);
	bool hole = false;
	int ret;

	r->what = "mprotect";
	rnd_pages(r, pr, &first, &n);
	for (pg = first; pg < first + n; pg++)
		if (pr->prot[pg] == RND_UNMAPPED)
			hole = true;
	ret = os_mprotect(pr->p, rnd_va(first), rnd_map_len(r, n), prot);
	RND_CHECK(r, ret == (hole ? -ENOMEM : 0),
		  "%s: mprotect(page %u, %u pages, %u) = %d, hole %d", pr->name,
		  first, n, prot, ret, hole);
	if (!hole)
		for (pg = first; pg < first + n; pg++)
			pr->prot[pg] = (int)prot;
	return rnd_check_vmas(r, pr);
}

static int rnd_op_write(struct rnd *r, struct rnd_proc *pr)
{
	u32 len = rnd_len(r), i;
	u64 va = rnd_addr(r, pr, len, true), upto;
	unsigned int bad = rnd_first_bad(pr, va, len, true);
	int ret;

	r->what = "write";
	for (i = 0; i < len; i++)
		r->buf[i] = (u8)rnd_next(r);
	ret = os_write(pr->p, va, r->buf, len);
	RND_CHECK(r, ret == (bad == RND_NO_PAGE ? 0 : -EFAULT),
		  "%s: write(%#llx, %u) = %d, first bad page %d", pr->name,
		  (unsigned long long)va, len, ret, (int)bad);
	/* SIGSEGV: the pages before the bad one were written. */
	upto = bad == RND_NO_PAGE ? va + len : rnd_va(bad);
	if (upto > va)
		memcpy(rnd_bytes(pr, va), r->buf, upto - va);
	return upto > va ? rnd_check_touched(r, pr, va, upto - va, true) : 0;
}

static int rnd_op_read(struct rnd *r, struct rnd_proc *pr)
{
	u32 len = rnd_len(r);
	u64 va = rnd_addr(r, pr, len, false), upto, i;
	unsigned int bad = rnd_first_bad(pr, va, len, false);
	int ret;

	r->what = "read";
	ret = os_read(pr->p, va, r->buf, len);
	RND_CHECK(r, ret == (bad == RND_NO_PAGE ? 0 : -EFAULT),
		  "%s: read(%#llx, %u) = %d, first bad page %d", pr->name,
		  (unsigned long long)va, len, ret, (int)bad);
	upto = bad == RND_NO_PAGE ? va + len : rnd_va(bad);
	for (i = 0; va + i < upto; i++)
		RND_CHECK(r, r->buf[i] == rnd_bytes(pr, va)[i],
			  "%s: read %#llx: byte %#llx is %#x, the reference "
			  "says %#x",
			  pr->name, (unsigned long long)va,
			  (unsigned long long)i, r->buf[i],
			  rnd_bytes(pr, va)[i]);
	return upto > va ? rnd_check_touched(r, pr, va, upto - va, false) : 0;
}

static int rnd_op_housekeep(struct rnd *r, struct rnd_proc *pr)
{
	unsigned int first, n;
	u64 va, len;
	s64 ret;

	rnd_pages(r, pr, &first, &n);
	va = rnd_va(first);
	len = rnd_map_len(r, n);
	switch (rnd_below(r, 3)) {
	case 0:
		r->what = "age";
		ret = os_age(pr->p, va, len);
		break;
	case 1:
		r->what = "writeback";
		ret = os_writeback(pr->p, va, len);
		break;
	default:
		r->what = "swap out";
		RND_TRY(rnd_cand_collect(r, pr, first, n));
		ret = os_swap_out(pr->p, va, len);
		rnd_cand_commit(r, pr);
		break;
	}
	RND_CHECK(r, ret >= 0 && ret <= (s64)n, "%s: %lld for %u pages",
		  pr->name, (long long)ret, n);
	return 0;
}

/* DMAs */

/* Choose a copy in @pr for channel @ch; false when none was found. */
static bool rnd_dma_pick(struct rnd *r, struct rnd_dma *d, struct rnd_proc *pr,
			 struct scn_chan *ch)
{
	unsigned int tries;

	d->pr = pr;
	d->ch = ch;
	for (tries = 0; tries < 16; tries++) {
		d->len = rnd_len(r);
		d->src = rnd_addr(r, pr, d->len, false);
		d->dst = rnd_addr(r, pr, d->len, true);
		if (d->src + d->len <= d->dst || d->dst + d->len <= d->src)
			break;
	}
	if (tries == 16)
		return false;
	d->expect_ok = rnd_first_bad(pr, d->src, d->len, false) ==
			       RND_NO_PAGE &&
		       rnd_first_bad(pr, d->dst, d->len, true) == RND_NO_PAGE;
	memcpy(d->old, rnd_bytes(pr, d->dst), d->len);
	memcpy(d->want, rnd_bytes(pr, d->src), d->len);
	d->log0 = r->node.sva.log_next;
	return true;
}

static int rnd_dma_start(struct rnd *r, struct rnd_dma *d)
{
	int ret = scn_chan_start(d->ch, d->src, d->dst, d->len);

	RND_CHECK(r, !ret, "%s: start %#llx -> %#llx (%u) on %#x: %d",
		  d->pr->name, (unsigned long long)d->src,
		  (unsigned long long)d->dst, d->len, d->ch->sid, ret);
	return 0;
}

/* The newest fault record of @sid since @log0, if any. */
static const struct os_iopf *rnd_new_fault(struct rnd *r, u32 sid,
					   unsigned int log0)
{
	const struct os_sva *sva = &r->node.sva;
	unsigned int i;

	for (i = sva->log_next; i != log0 && sva->log_next - i < OS_SVA_LOG;
	     i--) {
		const struct os_iopf *f = &sva->log[(i - 1) % OS_SVA_LOG];

		if (f->fault.sid == sid)
			return f;
	}
	return NULL;
}

static int rnd_dma_refused(struct rnd *r, struct rnd_dma *d)
{
	struct rnd_proc *pr = d->pr;
	const struct os_iopf *nf = rnd_new_fault(r, d->ch->sid, d->log0);
	struct os_iopf f;
	u64 base, off, limit, i, j;
	unsigned int pg;
	bool w;

	RND_CHECK(r, !d->expect_ok,
		  "%s: copy %#llx -> %#llx (%u) on %#x failed (errors %#x), "
		  "every page allows it; last fault %s far %#llx err %d",
		  pr->name, (unsigned long long)d->src,
		  (unsigned long long)d->dst, d->len, d->ch->sid,
		  d->ch->st.errors, nf ? "new" : "none",
		  nf ? (unsigned long long)nf->fault.far : 0ULL,
		  nf ? nf->err : 0);
	RND_CHECK(r, !os_sva_last_fault(&r->node.sva, d->ch->sid, &f) && nf,
		  "%s: copy on %#x failed without a fault", pr->name,
		  d->ch->sid);
	RND_CHECK(r, f.action == OS_IOPF_TERMINATE && nf->action == f.action,
		  "%s: copy on %#x failed, its last fault was not refused "
		  "(action %d, far %#llx)",
		  pr->name, d->ch->sid, f.action,
		  (unsigned long long)f.fault.far);
	w = f.fault.write;
	base = w ? d->dst : d->src;
	RND_CHECK(r, f.fault.far >= base && f.fault.far < base + d->len,
		  "%s: refused %s fault at %#llx, outside [%#llx, +%u)",
		  pr->name, w ? "write" : "read",
		  (unsigned long long)f.fault.far, (unsigned long long)base,
		  d->len);
	pg = rnd_page_of(f.fault.far);
	RND_CHECK(r, w ? !rnd_writable(pr, pg) : !rnd_readable(pr, pg),
		  "%s: refused %s fault at %#llx, page %u has prot %d",
		  pr->name, w ? "write" : "read",
		  (unsigned long long)f.fault.far, pg, pr->prot[pg]);
	limit = f.fault.far - base;

	/* What the writable destination pages hold now. */
	memcpy(d->now, d->old, d->len);
	for (off = 0; off < d->len; off = j) {
		u64 va = d->dst + off;

		j = (va | (OS_PAGE_SIZE - 1)) + 1 - d->dst;
		if (j > d->len)
			j = d->len;
		if (!rnd_writable(pr, rnd_page_of(va)))
			continue;
		RND_CHECK(r, !os_read(pr->p, va, d->now + off, j - off),
			  "%s: read back %#llx failed", pr->name,
			  (unsigned long long)va);
	}
	/* In address order: a prefix changed, before the refused access. */
	for (j = d->len; j && d->now[j - 1] == d->old[j - 1]; j--)
		;
	RND_CHECK(r, j <= limit,
		  "%s: copy wrote destination byte %llu, past the refused "
		  "access at offset %llu",
		  pr->name, (unsigned long long)j - 1,
		  (unsigned long long)limit);
	for (i = 0; i < j; i++)
		RND_CHECK(r, d->now[i] == d->want[i],
			  "%s: failed copy left destination byte %llu %#x, "
			  "neither old %#x nor source %#x",
			  pr->name, (unsigned long long)i, d->now[i], d->old[i],
			  d->want[i]);
	memcpy(rnd_bytes(pr, d->dst), d->now, d->len);
	r->n.dma_refused++;
	return 0;
}

static int rnd_dma_check(struct rnd *r, struct rnd_dma *d)
{
	struct rnd_proc *pr = d->pr;
	const struct os_iopf *nf;

	RND_CHECK(r, !d->ch->busy, "%s: channel %#x still busy", pr->name,
		  d->ch->sid);
	if (d->ch->st.error || !d->ch->st.done)
		return rnd_dma_refused(r, d);
	RND_CHECK(r, d->expect_ok,
		  "%s: copy %#llx -> %#llx (%u) on %#x succeeded, but page "
		  "%d is not readable or %d not writable",
		  pr->name, (unsigned long long)d->src,
		  (unsigned long long)d->dst, d->len, d->ch->sid,
		  (int)rnd_first_bad(pr, d->src, d->len, false),
		  (int)rnd_first_bad(pr, d->dst, d->len, true));
	nf = rnd_new_fault(r, d->ch->sid, d->log0);
	RND_CHECK(r, !nf || nf->action == OS_IOPF_RETRY,
		  "%s: copy succeeded after a refused fault at %#llx", pr->name,
		  (unsigned long long)nf->fault.far);
	RND_TRY(rnd_check_touched(r, pr, d->src, d->len, false));
	RND_TRY(rnd_check_touched(r, pr, d->dst, d->len, true));
	memcpy(rnd_bytes(pr, d->dst), d->want, d->len);
	RND_CHECK(r, !os_read(pr->p, d->dst, r->buf, d->len),
		  "%s: read back %#llx failed", pr->name,
		  (unsigned long long)d->dst);
	RND_CHECK(r, !memcmp(r->buf, d->want, d->len),
		  "%s: copy %#llx -> %#llx (%u) on %#x: destination differs",
		  pr->name, (unsigned long long)d->src,
		  (unsigned long long)d->dst, d->len, d->ch->sid);
	r->n.dma_ok++;
	return 0;
}

static int rnd_wait(struct rnd *r, struct scn_chan **chs, unsigned int nr)
{
	int ret = scn_node_wait(&r->node, chs, nr);

	RND_CHECK(r, !ret, "wait: %d", ret);
	return 0;
}

static int rnd_op_dma(struct rnd *r, struct rnd_proc *pr)
{
	struct rnd_dma *d = &r->dma[0];
	struct scn_chan *ch = pr->chs[rnd_below(r, pr->nr_chs)];

	r->what = ch->engine == SCN_ENGINE_CDMA ? "dma cdma" : "dma zdma";
	if (!rnd_dma_pick(r, d, pr, ch))
		return 0;
	RND_TRY(rnd_dma_start(r, d));
	RND_TRY(rnd_wait(r, &ch, 1));
	RND_TRY(rnd_dma_check(r, d));
	return rnd_check_all(r);
}

/* One copy in each process at once: two context banks busy. */
static int rnd_op_dma2(struct rnd *r)
{
	struct scn_chan *chs[2];
	unsigned int nr = 0, i;

	r->what = "dma a+b";
	if (rnd_dma_pick(r, &r->dma[0], &r->a,
			 r->a.chs[rnd_below(r, r->a.nr_chs)]))
		chs[nr++] = r->dma[0].ch;
	if (rnd_dma_pick(r, &r->dma[nr], &r->b, r->b.chs[0])) {
		chs[nr] = r->dma[nr].ch;
		nr++;
	}
	/* Both records go from the same point of the log. */
	for (i = 0; i < nr; i++)
		RND_TRY(rnd_dma_start(r, &r->dma[i]));
	if (!nr)
		return 0;
	RND_TRY(rnd_wait(r, chs, nr));
	for (i = 0; i < nr; i++)
		RND_TRY(rnd_dma_check(r, &r->dma[i]));
	return rnd_check_all(r);
}

/*
 * The copy may have written the writable pages of its destination: take
 * what they hold into the reference.  Nothing else of those pages may
 * have changed; the other pages are for rnd_check_all().
 */
static int rnd_sync_dst(struct rnd *r, struct rnd_dma *d)
{
	struct rnd_proc *pr = d->pr;
	struct os_page_info pi;
	unsigned int pg, k;

	for (pg = rnd_page_of(d->dst); pg <= rnd_page_of(d->dst + d->len - 1);
	     pg++) {
		u64 va = rnd_va(pg);
		u8 *want = rnd_bytes(pr, va);

		if (!rnd_writable(pr, pg) || os_page_query(pr->p, va, &pi) ||
		    !pi.present)
			continue;
		RND_CHECK(r,
			  !model_cpu_read(r->node.m, pi.pa, r->page,
					  OS_PAGE_SIZE),
			  "%s: frame %#llx unreadable", pr->name,
			  (unsigned long long)pi.pa);
		for (k = 0; k < OS_PAGE_SIZE; k++)
			RND_CHECK(r,
				  r->page[k] == want[k] ||
					  (va + k >= d->dst &&
					   va + k < d->dst + d->len),
				  "%s: page %u byte %u changed to %#x, outside "
				  "the copy's destination",
				  pr->name, pg, k, r->page[k]);
		memcpy(want, r->page, OS_PAGE_SIZE);
	}
	return 0;
}

/*
 * The process changes its mappings while one of its copies is under way,
 * perhaps stalled on a fault: munmap, mprotect, mmap over, age, writeback
 * or swap-out, mostly around the copy.  The bytes moved are then not
 * exactly predictable; what is: nothing outside the destination changes,
 * the destination pages the copy may no longer write keep what they held
 * at the change, a refusal is for a page the change forbids, and the
 * frames given back keep their bytes.
 */
static int rnd_op_dma_race(struct rnd *r, struct rnd_proc *pr)
{
	struct rnd_dma *d = &r->dma[0];
	struct scn_chan *ch = pr->chs[rnd_below(r, pr->nr_chs)];
	const struct os_iopf *nf;
	unsigned int pg;
	int ret;

	r->what = "race: copy";
	if (!rnd_dma_pick(r, d, pr, ch))
		return 0;
	RND_TRY(rnd_dma_start(r, d));
	model_run(r->node.m, 1 + rnd_below(r, 256));
	RND_TRY(rnd_sync_dst(r, d));
	RND_TRY(rnd_check_all(r));

	r->focus = rnd_page_of(rnd_one_in(r, 2) ? d->src : d->dst) +
		   (unsigned int)rnd_below(r, d->len / OS_PAGE_SIZE + 1);
	switch (rnd_below(r, 4)) {
	case 0:
		ret = rnd_op_munmap(r, pr);
		break;
	case 1:
		ret = rnd_op_mprotect(r, pr);
		break;
	case 2:
		ret = rnd_op_mmap(r, pr);
		break;
	default:
		ret = rnd_op_housekeep(r, pr);
		break;
	}
	r->focus = RND_NO_PAGE;
	if (ret)
		return ret;
	r->what = "race: wait";
	RND_TRY(rnd_wait(r, &ch, 1));
	RND_TRY(rnd_sync_dst(r, d));
	nf = rnd_new_fault(r, ch->sid, d->log0);
	if (ch->st.error || !ch->st.done) {
		RND_CHECK(r, nf && nf->action == OS_IOPF_TERMINATE,
			  "%s: copy on %#x failed without a refused fault",
			  pr->name, ch->sid);
		pg = rnd_page_of(nf->fault.far);
		RND_CHECK(r,
			  nf->fault.far >= RND_BASE &&
				  nf->fault.far < RND_BASE + RND_WIN &&
				  (nf->fault.write ? !rnd_writable(pr, pg)
						   : !rnd_readable(pr, pg)),
			  "%s: refused %s fault at %#llx, page prot %d",
			  pr->name, nf->fault.write ? "write" : "read",
			  (unsigned long long)nf->fault.far,
			  nf->fault.far >= RND_BASE &&
					  nf->fault.far < RND_BASE + RND_WIN
				  ? pr->prot[pg]
				  : -2);
	} else {
		RND_CHECK(r, !nf || nf->action == OS_IOPF_RETRY,
			  "%s: copy succeeded after a refused fault", pr->name);
	}
	r->n.races++;
	return rnd_check_all(r);
}

/* Processes come and go */

static int rnd_proc_new(struct rnd *r, struct rnd_proc *pr)
{
	unsigned int i;
	int ret;

	if (r->asid_bits == 8 && rnd_one_in(r, 3)) {
		/* Go round the ASIDs: the next one is a recently freed one. */
		struct os_proc *x;

		for (i = 0; i < (1U << 8) - 3; i++) {
			ret = os_proc_create(r->node.os, &x);
			RND_CHECK(r, !ret, "create: %d", ret);
			os_proc_reap(x);
		}
		r->n.asid_reuses++;
	}
	ret = os_proc_create(r->node.os, &pr->p);
	RND_CHECK(r, !ret, "%s: create: %d", pr->name, ret);
	for (i = 0; i < RND_PAGES; i++)
		pr->prot[i] = RND_UNMAPPED;
	memset(pr->data, 0, RND_WIN);
	for (i = 0; i < pr->nr_chs; i++) {
		ret = os_bind(&r->node.sva, pr->p, pr->chs[i]->sid);
		RND_CHECK(r, !ret, "%s: bind %#x: %d", pr->name,
			  pr->chs[i]->sid, ret);
	}
	return 0;
}

/*
 * @pr exits while bound: its frames are freed, its streams fault.
 * Sometimes in the middle of one of its copies, with a fault pending.
 */
static int rnd_proc_gone(struct rnd *r, struct rnd_proc *pr, bool during)
{
	struct rnd_dma *d = &r->dma[0];
	struct scn_chan *ch = pr->chs[0];
	unsigned int i;
	int ret;

	r->n.exits++;
	if (during && rnd_dma_pick(r, d, pr, ch)) {
		RND_TRY(rnd_dma_start(r, d));
		/* Until the first interrupt: a stall, or the end. */
		model_run(r->node.m, 1ULL << 14);
	} else {
		during = false;
	}
	RND_TRY(rnd_cand_collect(r, pr, 0, RND_PAGES));
	os_proc_exit(pr->p);
	rnd_cand_commit(r, pr);
	if (during)
		RND_TRY(rnd_wait(r, &ch, 1));
	if (!during && rnd_one_in(r, 2)) {
		/* A copy on the stream of the dead process. */
		u64 src = RND_BASE + rnd_below(r, RND_WIN / 2);
		u64 dst = src + RND_WIN / 2;

		ret = scn_chan_copy(ch, src, dst, rnd_len(r));
		RND_CHECK(r, !ret, "%s: copy on a dead stream: %d", pr->name,
			  ret);
		RND_CHECK(r, ch->st.error,
			  "%s: copy on the stream of a dead process worked",
			  pr->name);
		r->n.dma_dead++;
	}
	for (i = 0; i < pr->nr_chs; i++) {
		ret = os_unbind(&r->node.sva, pr->p, pr->chs[i]->sid);
		RND_CHECK(r, !ret, "%s: unbind %#x: %d", pr->name,
			  pr->chs[i]->sid, ret);
	}
	os_proc_reap(pr->p);
	pr->p = NULL;
	return rnd_check_all(r);
}

static int rnd_op_exit(struct rnd *r, struct rnd_proc *pr, bool again)
{
	r->what = "exit";
	RND_TRY(rnd_proc_gone(r, pr, rnd_one_in(r, 2)));
	if (!again)
		return 0;
	r->what = "new process";
	return rnd_proc_new(r, pr);
}

/* One seed */

static int rnd_op(struct rnd *r)
{
	struct rnd_proc *pr = r->b.p && rnd_one_in(r, 3) ? &r->b : &r->a;
	unsigned int x = (unsigned int)rnd_below(r, 1000);

	if (x < 120)
		return rnd_op_mmap(r, pr);
	if (x < 170)
		return rnd_op_munmap(r, pr);
	if (x < 230)
		return rnd_op_mprotect(r, pr);
	if (x < 360)
		return rnd_op_write(r, pr);
	if (x < 430)
		return rnd_op_read(r, pr);
	if (x < 530)
		return rnd_op_housekeep(r, pr);
	if (x < 840)
		return rnd_op_dma(r, pr);
	if (x < 900)
		return rnd_op_dma_race(r, pr);
	if (x < 993)
		return r->b.p ? rnd_op_dma2(r) : rnd_op_dma(r, pr);
	if (x < 998) {
		/* B comes, or goes (and maybe comes back). */
		if (!r->b.p) {
			r->what = "new process";
			return rnd_proc_new(r, &r->b);
		}
		return rnd_op_exit(r, &r->b, rnd_one_in(r, 2));
	}
	return rnd_op_exit(r, &r->a, true);
}

/* Everything exits; nothing may be left behind. */
static int rnd_finish(struct rnd *r)
{
	struct smmu_fault f;
	struct os_stats st;
	struct os_iopf x;
	unsigned int cb, i;

	r->what = "final exit";
	if (r->b.p)
		RND_TRY(rnd_proc_gone(r, &r->b, false));
	if (r->a.p)
		RND_TRY(rnd_proc_gone(r, &r->a, false));
	os_get_stats(r->node.os, &st);
	RND_CHECK(r, st.pages_used == r->used0,
		  "%llu frames in use after every process exited, %llu at "
		  "boot",
		  (unsigned long long)st.pages_used,
		  (unsigned long long)r->used0);
	for (i = 0; i < OS_SVA_MAX_BONDS; i++)
		RND_CHECK(r, !r->node.sva.bonds[i].nr_sids,
			  "bond %u still has streams", i);
	for (cb = 0; cb < r->node.smmu.feat.num_cbs; cb++)
		RND_CHECK(r, smmu_cb_fault(&r->node.smmu, cb, &f) == -ENOENT,
			  "context bank %u left with a fault at %#llx%s", cb,
			  (unsigned long long)f.far,
			  f.stalled ? ", stalled" : "");
	RND_CHECK(r, !os_sva_take(&r->node.sva, &x, 1),
		  "a fault was left pending");
	RND_CHECK(r, !r->cdma.busy && !r->zdma0.busy && !r->zdma1.busy,
		  "a channel is still busy");
	return 0;
}

static int rnd_seed(struct rnd *r, u64 seed, unsigned int ops)
{
	static const unsigned int tlbs[] = { 0, 4, 32, 128 };
	struct scn_node_cfg cfg = {
		.fail_alloc = rnd_alloc_hook,
		.fail_arg = r,
	};
	struct os_stats st;
	int ret;

	r->seed = seed;
	r->x = (seed + 1) * 0x9e3779b97f4a7c15ULL;
	r->x ^= r->x >> 31;
	r->op = 0;
	r->focus = RND_NO_PAGE;
	/* Per seed: the SMMU's TLB size, and ASIDs of 16 or 8 bits. */
	cfg.tlb_entries = tlbs[rnd_below(r, 4)];
	r->asid_bits = rnd_one_in(r, 2) ? 8 : 16;
	cfg.asid_bits = r->asid_bits;
	r->what = "open";
	ret = scn_node_open(&r->node, &cfg);
	RND_CHECK(r, !ret, "node: %d", ret);
	r->open = true;
	os_get_stats(r->node.os, &st);
	r->used0 = st.pages_used;
	ret = scn_chan_init(&r->cdma, &r->node, SCN_ENGINE_CDMA, 0);
	if (!ret)
		ret = scn_chan_init(&r->zdma0, &r->node, SCN_ENGINE_ZDMA, 0);
	if (!ret)
		ret = scn_chan_init(&r->zdma1, &r->node, SCN_ENGINE_ZDMA, 1);
	RND_CHECK(r, !ret, "channels: %d", ret);
	r->a.chs[0] = &r->cdma;
	r->a.chs[1] = &r->zdma0;
	r->a.nr_chs = 2;
	r->b.chs[0] = &r->zdma1;
	r->b.nr_chs = 1;
	RND_TRY(rnd_proc_new(r, &r->a));
	if (rnd_one_in(r, 2))
		RND_TRY(rnd_proc_new(r, &r->b));
	for (r->op = 1; r->op <= ops; r->op++) {
		r->n.ops++;
		RND_TRY(rnd_op(r));
	}
	return rnd_finish(r);
}

static void rnd_close(struct rnd *r)
{
	if (r->open)
		scn_node_close(&r->node);
	r->open = false;
	r->a.p = NULL;
	r->b.p = NULL;
	rnd_watch_clear(r);
}

static unsigned long long rnd_env(const char *name, unsigned long long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long long v;

	if (!s || !*s)
		return def;
	v = strtoull(s, &end, 0);
	return *end ? def : v;
}

static void test_seeds(void **state)
{
	const struct rnd_group *g = *state;
	char failed[2048] = "";
	size_t at = 0;
	unsigned int i, nr_failed = 0;
	struct rnd *r;

	r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->a.name = "A";
	r->b.name = "B";
	r->a.data = calloc(1, RND_WIN);
	r->b.data = calloc(1, RND_WIN);
	assert_non_null(r->a.data);
	assert_non_null(r->b.data);
	for (i = 0; i < g->nr_seeds; i++) {
		u64 seed = g->first + i;

		r->msg[0] = 0;
		if (rnd_seed(r, seed, g->ops)) {
			print_error(
				"# %s\n# reproduce: VADMA_RANDOM_SEED=%llu "
				"VADMA_RANDOM_SEEDS=1 VADMA_RANDOM_OPS=%u\n",
				r->msg, (unsigned long long)seed, g->ops);
			nr_failed++;
			if (at < sizeof(failed) - 32)
				at += (size_t)snprintf(
					failed + at, sizeof(failed) - at,
					" %llu", (unsigned long long)seed);
		}
		rnd_close(r);
	}
	print_message("# %s: %llu ops, %llu copies, %llu refused, %llu on "
		      "dead streams, %llu exits, %llu frames watched, %llu "
		      "checks of %llu pages, %llu races, %llu ASID reuses\n",
		      g->name, (unsigned long long)r->n.ops,
		      (unsigned long long)r->n.dma_ok,
		      (unsigned long long)r->n.dma_refused,
		      (unsigned long long)r->n.dma_dead,
		      (unsigned long long)r->n.exits,
		      (unsigned long long)r->n.watched,
		      (unsigned long long)r->n.checks,
		      (unsigned long long)r->n.pages_checked,
		      (unsigned long long)r->n.races,
		      (unsigned long long)r->n.asid_reuses);
	free(r->a.data);
	free(r->b.data);
	free(r);
	if (nr_failed)
		fail_msg("%u seed(s) failed:%s", nr_failed, failed);
}

int main(void)
{
	u64 first = rnd_env("VADMA_RANDOM_SEED", 1);
	unsigned int seeds =
		(unsigned int)rnd_env("VADMA_RANDOM_SEEDS", RND_SEEDS);
	unsigned int ops = (unsigned int)rnd_env("VADMA_RANDOM_OPS", RND_OPS);
	struct CMUnitTest tests[RND_GROUPS];
	unsigned int i, at = 0;

	for (i = 0; i < RND_GROUPS; i++) {
		struct rnd_group *g = &groups[i];

		g->first = first + at;
		g->nr_seeds = seeds / RND_GROUPS + (i < seeds % RND_GROUPS);
		g->ops = ops;
		at += g->nr_seeds;
		if (g->nr_seeds)
			snprintf(g->name, sizeof(g->name),
				 "seeds %llu-%llu x %u ops",
				 (unsigned long long)g->first,
				 (unsigned long long)(g->first + g->nr_seeds -
						      1),
				 ops);
		else
			snprintf(g->name, sizeof(g->name), "no seeds");
		tests[i] = (struct CMUnitTest){
			.name = g->name,
			.test_func = test_seeds,
			.initial_state = g,
		};
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
