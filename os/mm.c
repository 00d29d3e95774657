// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Address spaces: mappings (VMAs), the software state of each page, the
 * descriptors that follow from it, and the fault path.
 *
 * One function decides what a page's descriptor must be (os_page_want())
 * and one makes the tables say so (os_page_apply()); every operation
 * changes the software state and then calls them.  A permission is only
 * ever added through the fault path, so operations that take rights away
 * (munmap, mprotect, age, writeback, swap) never need memory and cannot
 * fail half-way.
 */
#include "os-internal.h"

#define OS_VPN(va)	((va) >> OS_PAGE_SHIFT)
/* mmap() without a fixed address searches down from here. */
#define OS_MMAP_TOP_GAP (1ULL << 30)

static u64 os_user_end(const struct os_proc *p)
{
	return 1ULL << p->os->cfg.va_bits;
}

/* Pages */

static unsigned int os_hash(const struct os_proc *p, u64 vpn)
{
	return (unsigned int)((vpn * 0x9e3779b97f4a7c15ULL) >> 32) &
	       (p->nr_buckets - 1);
}

static struct os_page *os_page_find(const struct os_proc *p, u64 vpn)
{
	struct os_page *pg;

	for (pg = p->buckets[os_hash(p, vpn)]; pg; pg = pg->next)
		if (pg->vpn == vpn)
			return pg;
	return NULL;
}

/* Grow the table when it gets crowded; failing to grow is harmless. */
static void os_page_rehash(struct os_proc *p)
{
	unsigned int old = p->nr_buckets, i;
	struct os_page **ob = p->buckets, **nb;

	if (p->nr_pages < 2ULL * old || old >= (1U << 30))
		return;
	nb = vadma_zalloc(2 * (size_t)old * sizeof(*nb));
	if (!nb)
		return;
	p->buckets = nb;
	p->nr_buckets = 2 * old;
	for (i = 0; i < old; i++) {
		struct os_page *pg = ob[i], *next;

		for (; pg; pg = next) {
			unsigned int h = os_hash(p, pg->vpn);

			next = pg->next;
			pg->next = nb[h];
			nb[h] = pg;
		}
	}
	vadma_free(ob);
}

static struct os_page *os_page_add(struct os_proc *p, u64 vpn)
{
	struct os_page *pg = vadma_zalloc(sizeof(*pg));
	unsigned int h;

	if (!pg)
		return NULL;
	pg->vpn = vpn;
	h = os_hash(p, vpn);
	pg->next = p->buckets[h];
	p->buckets[h] = pg;
	p->nr_pages++;
	os_page_rehash(p);
	return pg;
}

static void os_page_del(struct os_proc *p, struct os_page *pg)
{
	struct os_page **pp;

	for (pp = &p->buckets[os_hash(p, pg->vpn)]; *pp; pp = &(*pp)->next) {
		if (*pp == pg) {
			*pp = pg->next;
			break;
		}
	}
	p->nr_pages--;
	if (pg->flags & PG_PRESENT)
		os_frame_free(p->os, pg->pa);
	vadma_free(pg->swap);
	vadma_free(pg);
}

/*
 * Visit the pages in [@start, @end): by address when the range is small
 * against the number of pages, else over the whole table.  @fn may delete
 * the page it is given.
 */
static void os_page_range(struct os_proc *p, u64 start, u64 end,
			  void (*fn)(struct os_proc *p, struct os_page *pg,
				     void *arg),
			  void *arg)
{
	u64 first = OS_VPN(start), last = OS_VPN(end), vpn;
	unsigned int i;

	if (last - first <= 4 * p->nr_pages + 64) {
		for (vpn = first; vpn < last; vpn++) {
			struct os_page *pg = os_page_find(p, vpn);

			if (pg)
				fn(p, pg, arg);
		}
		return;
	}
	for (i = 0; i < p->nr_buckets; i++) {
		struct os_page *pg = p->buckets[i], *next;

		for (; pg; pg = next) {
			next = pg->next;
			if (pg->vpn >= first && pg->vpn < last)
				fn(p, pg, arg);
		}
	}
}

/* VMAs: a sorted array of disjoint ranges */

static int os_vma_index(const struct os_proc *p, u64 va)
{
	unsigned int lo = 0, hi = p->nr_vmas;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (p->vmas[mid].end <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int)lo; /* the first VMA that ends above @va */
}

static struct os_vma *os_vma_find(const struct os_proc *p, u64 va)
{
	int i = os_vma_index(p, va);

	if ((unsigned int)i < p->nr_vmas && p->vmas[i].start <= va)
		return &p->vmas[i];
	return NULL;
}

static int os_vma_reserve(struct os_proc *p, unsigned int extra)
{
	unsigned int cap;
	struct os_vma *v;

	if (p->nr_vmas + extra > OS_MAX_VMAS)
		return -ENOMEM;
	if (p->nr_vmas + extra <= p->cap_vmas)
		return 0;
	cap = p->cap_vmas ? 2 * p->cap_vmas : 16;
	while (cap < p->nr_vmas + extra)
		cap *= 2;
	v = vadma_zalloc(cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (p->nr_vmas)
		memcpy(v, p->vmas, p->nr_vmas * sizeof(*v));
	vadma_free(p->vmas);
	p->vmas = v;
	p->cap_vmas = cap;
	return 0;
}

/* How many VMAs an edge at @at would split (0 or 1). */
static unsigned int os_vma_splits(const struct os_proc *p, u64 at)
{
	const struct os_vma *v = os_vma_find(p, at);

	return v && v->start < at;
}

/* Make @at an edge; room must have been reserved. */
static void os_vma_split(struct os_proc *p, u64 at)
{
	int i = os_vma_index(p, at);
	struct os_vma *v;

	if ((unsigned int)i >= p->nr_vmas || p->vmas[i].start >= at)
		return;
	v = &p->vmas[i];
	memmove(v + 1, v, (p->nr_vmas - (unsigned int)i) * sizeof(*v));
	p->nr_vmas++;
	v[0].end = at;
	v[1].start = at;
}

static void os_vma_merge(struct os_proc *p)
{
	unsigned int i, n = 0;

	for (i = 0; i < p->nr_vmas; i++) {
		if (n && p->vmas[n - 1].end == p->vmas[i].start &&
		    p->vmas[n - 1].prot == p->vmas[i].prot)
			p->vmas[n - 1].end = p->vmas[i].end;
		else
			p->vmas[n++] = p->vmas[i];
	}
	p->nr_vmas = n;
}

int os_vma_prot(const struct os_proc *p, u64 va)
{
	const struct os_vma *v = os_vma_find(p, va);

	return v ? (int)v->prot : -ENOENT;
}

int os_vma_walk(const struct os_proc *p,
		int (*fn)(void *arg, u64 start, u64 end, u32 prot), void *arg)
{
	unsigned int i;
	int ret;

	for (i = 0; i < p->nr_vmas; i++) {
		ret = fn(arg, p->vmas[i].start, p->vmas[i].end,
			 p->vmas[i].prot);
		if (ret)
			return ret;
	}
	return 0;
}

/* Descriptors */

static bool os_prot_readable(u32 prot)
{
	return prot & (OS_PROT_READ | OS_PROT_WRITE);
}

/*
 * What the descriptor of @pg must be under @vprot: 0 for none, else its
 * PT_PROT_* (user pages, not global, Normal write-back, inner shareable).
 */
static u32 os_page_want(const struct os_page *pg, u32 vprot)
{
	u32 prot = PT_PROT_READ | PT_PROT_USER | PT_PROT_NG |
		   FIELD_PREP(PT_PROT_ATTR, 0) |
		   FIELD_PREP(PT_PROT_SH, PT_SH_INNER);

	if (!(pg->flags & PG_PRESENT) || !os_prot_readable(vprot))
		return 0;
	if ((vprot & OS_PROT_WRITE) && (pg->flags & PG_DIRTY) &&
	    !(pg->flags & PG_ZERO))
		prot |= PT_PROT_WRITE;
	if (vprot & OS_PROT_EXEC)
		prot |= PT_PROT_EXEC;
	if (!(pg->flags & PG_YOUNG))
		prot |= PT_PROT_NO_AF;
	return prot;
}

/*
 * Make the tables say what os_page_want() says.  Replacing or removing a
 * valid descriptor goes through break-before-make, and the notifiers have
 * invalidated it when this returns.  Only a new descriptor can need memory.
 */
static int os_page_apply(struct os_proc *p, struct os_page *pg, u32 vprot)
{
	u32 want = os_page_want(pg, vprot);
	u64 va = pg->vpn << OS_PAGE_SHIFT;
	int ret = 0;

	if (!want) {
		if (pg->flags & PG_MAPPED) {
			s64 n = pt_unmap(&p->pt, va, OS_PAGE_SIZE);

			ret = n < 0 ? (int)n : 0;
		}
		if (!ret)
			pg->flags &= (u8)~PG_MAPPED;
		return ret;
	}
	if (pg->flags & PG_MAPPED) {
		if (pg->prot == want && pg->map_pa == pg->pa)
			return 0;
		ret = pt_remap(&p->pt, va, pg->pa, OS_PAGE_SIZE, want);
	} else {
		ret = pt_map(&p->pt, va, pg->pa, OS_PAGE_SIZE, want);
	}
	if (ret)
		return ret;
	pg->flags |= PG_MAPPED;
	pg->map_pa = pg->pa;
	pg->prot = want;
	return 0;
}

/* The fault path */

int os_fault(struct os_proc *p, u64 va, unsigned int access)
{
	bool write = access & OS_ACC_WRITE;
	struct os_stats *st = &p->os->st;
	struct os_page *pg, old;
	struct os_vma *v;
	u64 vpn, new_pa = 0;
	bool added = false;
	int ret;

	if (!p->alive)
		return -ESRCH;
	if (access & OS_ACC_DEVICE)
		st->dev_faults++;
	else
		st->cpu_faults++;
	v = va < os_user_end(p) ? os_vma_find(p, va) : NULL;
	if (!v || !os_prot_readable(v->prot) ||
	    (write && !(v->prot & OS_PROT_WRITE))) {
		st->bad_faults++;
		return -EFAULT;
	}
	vpn = OS_VPN(va);
	pg = os_page_find(p, vpn);
	if (!pg) {
		pg = os_page_add(p, vpn);
		if (!pg)
			return -ENOMEM;
		added = true;
	}
	old = *pg;

	if (!(pg->flags & PG_PRESENT) && (pg->flags & PG_SWAPPED)) {
		ret = os_frame_alloc(p->os, &new_pa);
		if (ret)
			goto fail;
		ret = model_cpu_write(p->os->cfg.m, new_pa, pg->swap,
				      OS_PAGE_SIZE);
		if (ret)
			goto fail;
		model_cpu_clean(p->os->cfg.m, new_pa, OS_PAGE_SIZE);
		pg->pa = new_pa;
		pg->flags = PG_PRESENT | PG_YOUNG | (write ? PG_DIRTY : 0);
		st->swap_ins++;
	} else if (!(pg->flags & PG_PRESENT) && write) {
		ret = os_frame_alloc(p->os, &new_pa);
		if (ret)
			goto fail;
		pg->pa = new_pa;
		pg->flags = PG_PRESENT | PG_DIRTY | PG_YOUNG;
		st->demand_zero++;
	} else if (!(pg->flags & PG_PRESENT)) {
		pg->pa = p->os->zero_pa;
		pg->flags = PG_PRESENT | PG_ZERO | PG_YOUNG;
		st->zero_maps++;
	} else if ((pg->flags & PG_ZERO) && write) {
		ret = os_frame_alloc(p->os, &new_pa);
		if (ret)
			goto fail;
		pg->pa = new_pa;
		pg->flags = (u8)((pg->flags & PG_MAPPED) | PG_PRESENT |
				 PG_DIRTY | PG_YOUNG);
		st->cow_zero++;
	} else {
		if (!(pg->flags & PG_YOUNG)) {
			pg->flags |= PG_YOUNG;
			st->young++;
		}
		if (write && !(pg->flags & PG_DIRTY)) {
			pg->flags |= PG_DIRTY;
			st->dirty++;
		}
	}
	ret = os_page_apply(p, pg, v->prot);
	if (ret)
		goto fail;
	if (old.flags & PG_SWAPPED) {
		vadma_free(old.swap);
		pg->swap = NULL;
	}
	return 0;

fail:
	/* As it was: the tables were not changed (apply is all or nothing). */
	if (new_pa)
		os_frame_free(p->os, new_pa);
	if (added) {
		pg->flags = 0;
		os_page_del(p, pg);
	} else {
		*pg = old;
	}
	return ret;
}

/* The CPU's accesses: walk, fault, retry */

static int os_cpu_access(struct os_proc *p, u64 va, bool write, u64 *pa)
{
	unsigned int acc = PT_ACC_USER | (write ? PT_ACC_WRITE : 0);
	struct pt_walk w;
	int tries, ret;

	/* At most: zero page, then its replacement, then AF: bounded. */
	for (tries = 0; tries < 4; tries++) {
		if (!pt_walk(&p->pt, va, acc, &w)) {
			*pa = w.pa;
			return 0;
		}
		ret = os_fault(p, va, write ? OS_ACC_WRITE : 0);
		if (ret)
			return ret;
	}
	return -EFAULT;
}

int os_read(struct os_proc *p, u64 va, void *buf, u64 len)
{
	u8 *out = buf;

	if (!p->alive)
		return -ESRCH;
	while (len) {
		u64 n = OS_PAGE_SIZE - (va & (OS_PAGE_SIZE - 1)), pa;
		int ret;

		if (n > len)
			n = len;
		ret = os_cpu_access(p, va, false, &pa);
		if (!ret)
			ret = model_cpu_read(p->os->cfg.m, pa, out, n);
		if (ret)
			return ret;
		out += n;
		va += n;
		len -= n;
	}
	return 0;
}

int os_write(struct os_proc *p, u64 va, const void *buf, u64 len)
{
	const u8 *in = buf;

	if (!p->alive)
		return -ESRCH;
	while (len) {
		u64 n = OS_PAGE_SIZE - (va & (OS_PAGE_SIZE - 1)), pa;
		int ret;

		if (n > len)
			n = len;
		ret = os_cpu_access(p, va, true, &pa);
		if (!ret)
			ret = model_cpu_write(p->os->cfg.m, pa, in, n);
		if (ret)
			return ret;
		/* Data is kept coherent with the engines (see os.h). */
		model_cpu_clean(p->os->cfg.m, pa, n);
		in += n;
		va += n;
		len -= n;
	}
	return 0;
}

/* Mappings */

static int os_range_ok(const struct os_proc *p, u64 addr, u64 len)
{
	if (addr % OS_PAGE_SIZE || !len || addr + len < addr ||
	    addr + len > os_user_end(p))
		return -EINVAL;
	return 0;
}

static u64 os_len_pages(u64 len)
{
	return (len + OS_PAGE_SIZE - 1) & ~(OS_PAGE_SIZE - 1);
}

static void os_page_drop(struct os_proc *p, struct os_page *pg, void *arg)
{
	(void)arg;
	os_page_del(p, pg);
}

int os_munmap(struct os_proc *p, u64 addr, u64 len)
{
	u64 end;
	s64 n;
	int i, j, ret;

	if (!p->alive)
		return -ESRCH;
	len = os_len_pages(len);
	ret = os_range_ok(p, addr, len);
	if (ret)
		return ret;
	end = addr + len;
	ret = os_vma_reserve(p, os_vma_splits(p, addr) + os_vma_splits(p, end));
	if (ret)
		return ret;
	/* Tables first (with invalidation), then the frames. */
	n = pt_unmap(&p->pt, addr, len);
	if (n < 0)
		return (int)n; /* only block splits allocate: none here */
	os_page_range(p, addr, end, os_page_drop, NULL);
	os_vma_split(p, addr);
	os_vma_split(p, end);
	i = os_vma_index(p, addr);
	for (j = i; (unsigned int)j < p->nr_vmas && p->vmas[j].end <= end; j++)
		;
	/* Nothing to remove: @vmas may still be NULL (memmove(NULL) is UB). */
	if (j == i)
		return 0;
	memmove(&p->vmas[i], &p->vmas[j],
		(p->nr_vmas - (unsigned int)j) * sizeof(*p->vmas));
	p->nr_vmas -= (unsigned int)(j - i);
	return 0;
}

/* The highest free gap of @len below the top, or 0. */
static u64 os_mmap_find(const struct os_proc *p, u64 len)
{
	u64 top = os_user_end(p) - OS_MMAP_TOP_GAP;
	int i;

	for (i = (int)p->nr_vmas - 1; i >= -1; i--) {
		u64 lo = i >= 0 ? p->vmas[i].end : OS_PAGE_SIZE * 16;

		if (lo >= top) {
			if (i >= 0 && p->vmas[i].start < top)
				top = p->vmas[i].start;
			continue;
		}
		if (top - lo >= len)
			return top - len;
		if (i >= 0)
			top = p->vmas[i].start;
	}
	return 0;
}

static bool os_range_free(const struct os_proc *p, u64 addr, u64 len)
{
	int i = os_vma_index(p, addr);

	return (unsigned int)i >= p->nr_vmas || p->vmas[i].start >= addr + len;
}

int os_mmap(struct os_proc *p, u64 addr, u64 len, u32 prot, u32 flags, u64 *out)
{
	struct os_vma v;
	int i, ret;

	if (!p->alive)
		return -ESRCH;
	if (prot & ~OS_PROT_ALL || flags & ~OS_MAP_FIXED || !len)
		return -EINVAL;
	len = os_len_pages(len);
	if (!len)
		return -EINVAL; /* rounded over the top */
	if (flags & OS_MAP_FIXED) {
		ret = os_range_ok(p, addr, len);
		if (ret)
			return ret;
		/* Room for the new one and for splitting what it replaces. */
		ret = os_vma_reserve(p, 3);
		if (ret)
			return ret;
		ret = os_munmap(p, addr, len);
		if (ret)
			return ret;
	} else {
		addr &= ~(OS_PAGE_SIZE - 1);
		if (!addr || os_range_ok(p, addr, len) ||
		    !os_range_free(p, addr, len))
			addr = os_mmap_find(p, len);
		if (!addr)
			return -ENOMEM;
		ret = os_vma_reserve(p, 1);
		if (ret)
			return ret;
	}
	v.start = addr;
	v.end = addr + len;
	v.prot = prot;
	i = os_vma_index(p, addr);
	memmove(&p->vmas[i + 1], &p->vmas[i],
		(p->nr_vmas - (unsigned int)i) * sizeof(v));
	p->vmas[i] = v;
	p->nr_vmas++;
	os_vma_merge(p);
	*out = addr;
	return 0;
}

/* Take rights away now; rights given are taken up by the fault path. */
static void os_page_reprotect(struct os_proc *p, struct os_page *pg, void *arg)
{
	u32 vprot = *(const u32 *)arg;
	u32 want = os_page_want(pg, vprot);

	if (!(pg->flags & PG_MAPPED))
		return;
	if (!want || (pg->prot & ~want & (PT_PROT_WRITE | PT_PROT_EXEC)))
		os_page_apply(p, pg, vprot);
}

int os_mprotect(struct os_proc *p, u64 addr, u64 len, u32 prot)
{
	u64 end, at;
	int i, ret;

	if (!p->alive)
		return -ESRCH;
	if (prot & ~OS_PROT_ALL)
		return -EINVAL;
	len = os_len_pages(len);
	ret = os_range_ok(p, addr, len);
	if (ret)
		return ret;
	end = addr + len;
	/* The whole range must be mapped (Linux: ENOMEM). */
	for (at = addr; at < end;) {
		struct os_vma *v = os_vma_find(p, at);

		if (!v)
			return -ENOMEM;
		at = v->end;
	}
	ret = os_vma_reserve(p, os_vma_splits(p, addr) + os_vma_splits(p, end));
	if (ret)
		return ret;
	os_vma_split(p, addr);
	os_vma_split(p, end);
	for (i = os_vma_index(p, addr);
	     (unsigned int)i < p->nr_vmas && p->vmas[i].start < end; i++)
		p->vmas[i].prot = prot;
	os_page_range(p, addr, end, os_page_reprotect, &prot);
	os_vma_merge(p);
	return 0;
}

/* Housekeeping */

struct os_hk {
	s64 changed;
};

static u32 os_page_vprot(const struct os_proc *p, const struct os_page *pg)
{
	const struct os_vma *v = os_vma_find(p, pg->vpn << OS_PAGE_SHIFT);

	return v ? v->prot : 0;
}

static void os_page_age(struct os_proc *p, struct os_page *pg, void *arg)
{
	struct os_hk *hk = arg;

	if (!(pg->flags & PG_PRESENT) || !(pg->flags & PG_YOUNG))
		return;
	pg->flags &= (u8)~PG_YOUNG;
	os_page_apply(p, pg, os_page_vprot(p, pg));
	hk->changed++;
}

static void os_page_writeback(struct os_proc *p, struct os_page *pg, void *arg)
{
	struct os_hk *hk = arg;

	if (!(pg->flags & PG_PRESENT) || !(pg->flags & PG_DIRTY))
		return;
	pg->flags &= (u8)~PG_DIRTY;
	os_page_apply(p, pg, os_page_vprot(p, pg));
	hk->changed++;
}

static void os_page_swap(struct os_proc *p, struct os_page *pg, void *arg)
{
	struct os_hk *hk = arg;
	u8 *copy;

	if (!(pg->flags & PG_PRESENT))
		return;
	if (pg->flags & PG_ZERO) {
		pg->flags &= (u8)~PG_YOUNG; /* drop it: it reads as zero */
		pg->flags &= (u8)~PG_PRESENT;
		os_page_apply(p, pg, 0);
		os_page_del(p, pg);
		hk->changed++;
		return;
	}
	copy = vadma_zalloc(OS_PAGE_SIZE);
	if (!copy)
		return; /* stays in memory */
	/* Unmap (and invalidate) first: then no device can change it. */
	pg->flags &= (u8)~PG_PRESENT;
	os_page_apply(p, pg, 0);
	if (model_cpu_read(p->os->cfg.m, pg->pa, copy, OS_PAGE_SIZE)) {
		/* Cannot happen for a frame of ours; keep it in memory. */
		pg->flags |= PG_PRESENT;
		vadma_free(copy);
		return;
	}
	os_frame_free(p->os, pg->pa);
	pg->pa = 0;
	pg->swap = copy;
	pg->flags = PG_SWAPPED;
	p->os->st.swap_outs++;
	hk->changed++;
}

static s64 os_housekeep(struct os_proc *p, u64 va, u64 len,
			void (*fn)(struct os_proc *, struct os_page *, void *))
{
	struct os_hk hk = { 0 };
	int ret;

	if (!p->alive)
		return -ESRCH;
	len = os_len_pages(len);
	ret = os_range_ok(p, va, len);
	if (ret)
		return ret;
	os_page_range(p, va, va + len, fn, &hk);
	return hk.changed;
}

s64 os_age(struct os_proc *p, u64 va, u64 len)
{
	return os_housekeep(p, va, len, os_page_age);
}

s64 os_writeback(struct os_proc *p, u64 va, u64 len)
{
	return os_housekeep(p, va, len, os_page_writeback);
}

s64 os_swap_out(struct os_proc *p, u64 va, u64 len)
{
	return os_housekeep(p, va, len, os_page_swap);
}

int os_page_query(const struct os_proc *p, u64 va, struct os_page_info *pi)
{
	const struct os_page *pg = os_page_find(p, OS_VPN(va));

	memset(pi, 0, sizeof(*pi));
	if (!pg)
		return -ENOENT;
	pi->present = pg->flags & PG_PRESENT;
	pi->mapped = pg->flags & PG_MAPPED;
	pi->zero = pg->flags & PG_ZERO;
	pi->dirty = pg->flags & PG_DIRTY;
	pi->young = pg->flags & PG_YOUNG;
	pi->swapped = pg->flags & PG_SWAPPED;
	pi->writable = (pg->flags & PG_MAPPED) && (pg->prot & PT_PROT_WRITE);
	pi->pa = pg->pa;
	return 0;
}

/* Exit: the notifiers have let go; free pages, then tables. */
void os_mm_teardown(struct os_proc *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_buckets; i++) {
		while (p->buckets[i]) {
			struct os_page *pg = p->buckets[i];

			os_page_del(p, pg);
		}
	}
	if (p->pt_live) {
		pt_destroy(&p->pt);
		p->pt_live = false;
	}
	p->nr_vmas = 0;
}
