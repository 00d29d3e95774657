// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Sparse physical memory: RAM ranges from the board, 4 KiB pages allocated
 * on first touch under a three-level radix tree on PA[47:12], so a 48-bit
 * physical space costs what is touched.
 *
 * Host RAM (model_cfg.host_ram, inside a kernel): the model's memory is
 * the machine's own RAM.  Each page has its descriptor from the start, so a
 * lookup never allocates and may run where sleeping is not allowed; the
 * bytes are the host's, reached through its pointer for the page.
 *
 * The CPU cache: with it on, the CPU's view of a page is a copy that the
 * CPU reads and writes; memory (what devices and the SMMU's walker see) is
 * updated only when software cleans the lines.  The model never evicts on
 * its own, so a missing clean is always observable.  The lines a device
 * writes leave the cache, as a snoop would invalidate them.
 */
#include "model-internal.h"

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE  (1UL << MEM_PAGE_SHIFT)
#define MEM_LINE       MODEL_MEM_LINE
#define MEM_BITS       12 /* index bits per radix level */
#define MEM_FANOUT     (1UL << MEM_BITS)

/* A contiguous reservation (model_mem_reserve). */
struct mem_block {
	struct mem_block *next;
	u8 *data;
	u8 *cpu;
};

struct mem_node {
	void *slot[MEM_FANOUT];
};

/*
 * Page descriptors, allocated a batch at a time: the descriptors of pages
 * touched together sit together (one host cache line holds two), so a
 * walk through thousands of table pages, or a DMA through consecutive
 * pages, does not take a host cache miss on a separate heap block for
 * each page before reaching its bytes.  Freed with the memory.
 */
#define MEM_DESC_BATCH 127

struct mem_descs {
	struct mem_descs *next;
	unsigned int used;
	struct model_page page[MEM_DESC_BATCH];
};

/* Leaf nodes remembered in front of the radix tree. */
#define MEM_LEAF_CACHE 4

struct model_mem {
	struct plat_ram ram[PLAT_MAX_RAM];
	unsigned int nr_ram;
	bool cpu_cache;
	/* Host RAM: a descriptor per page of each of @ram (else NULL). */
	const struct model_host_ram *host;
	struct model_page *host_pages[PLAT_MAX_RAM];
	u64 pages;
	struct mem_block *blocks;
	struct mem_descs *descs; /* the batch being handed out first */
	/*
	 * The last leaf nodes found, by PA[47:24], replaced in turn: a DMA
	 * stream walks through consecutive pages, so its next page is one
	 * load away.  Nodes are freed only with the memory, so an entry
	 * never goes stale; ~0 marks an empty one (no PA[47:24] is that
	 * large).
	 */
	u64 leaf_key[MEM_LEAF_CACHE];
	struct mem_node *leaf[MEM_LEAF_CACHE];
	unsigned int leaf_next;
	struct mem_node root;
};

/*
 * Page memory starts on a cache line: a copy between two pages then moves
 * whole lines (4 KiB copies between pages that are not are a fifth slower
 * on the host).  The pointer to free is kept in the word before.
 */
static u8 *mem_alloc(u64 size)
{
	u8 *raw = vadma_zalloc(size + MEM_LINE), *p;

	if (!raw)
		return NULL;
	p = raw + MEM_LINE - ((uintptr_t)raw & (MEM_LINE - 1));
	((u8 **)p)[-1] = raw;
	return p;
}

static void mem_free(u8 *p)
{
	if (p)
		vadma_free(((u8 **)p)[-1]);
}

/* A zeroed page descriptor. */
static struct model_page *mem_desc_new(struct model_mem *mem)
{
	struct mem_descs *d = mem->descs;

	if (!d || d->used == MEM_DESC_BATCH) {
		d = vadma_zalloc(sizeof(*d));
		if (!d)
			return NULL;
		d->next = mem->descs;
		mem->descs = d;
	}
	return &d->page[d->used++];
}

/* Gives back @p, the descriptor mem_desc_new() handed out last. */
static void mem_desc_undo(struct model_mem *mem, struct model_page *p)
{
	struct mem_descs *d = mem->descs;

	memset(p, 0, sizeof(*p));
	if (--d->used)
		return;
	mem->descs = d->next;
	vadma_free(d);
}

/* The host's RAM, page by page: the descriptors, no bytes. */
static int mem_host_create(struct model_mem *mem,
			   const struct model_host_ram *host)
{
	unsigned int i;

	if (!host->page || !host->nr || host->nr > PLAT_MAX_RAM)
		return -EINVAL;
	for (i = 0; i < host->nr; i++) {
		const struct plat_ram *r = &host->ram[i];

		/* Below 2^48 like every PA; at most 256 GiB per range. */
		if (!r->size || (r->base | r->size) & (MEM_PAGE_SIZE - 1) ||
		    r->base >= (1ULL << 48) ||
		    r->size > (1ULL << 48) - r->base || r->size > (1ULL << 38))
			return -EINVAL;
		mem->host_pages[i] = vadma_zalloc(sizeof(struct model_page) *
						  (r->size >> MEM_PAGE_SHIFT));
		if (!mem->host_pages[i])
			return -ENOMEM;
		mem->ram[i] = *r;
	}
	mem->nr_ram = host->nr;
	mem->host = host;
	return 0;
}

int model_mem_create(const struct plat_desc *plat, bool cpu_cache,
		     const struct model_host_ram *host, struct model_mem **out)
{
	struct model_mem *mem;
	unsigned int i;
	int ret;

	*out = NULL;
	/* The host's RAM has no model of the CPU's cache in front of it. */
	if (host && cpu_cache)
		return -EINVAL;
	mem = vadma_zalloc(sizeof(*mem));
	if (!mem)
		return -ENOMEM;
	if (host) {
		ret = mem_host_create(mem, host);
		if (ret) {
			model_mem_destroy(mem);
			return ret;
		}
	} else {
		for (i = 0; i < plat->nr_ram && i < PLAT_MAX_RAM; i++)
			mem->ram[i] = plat->ram[i];
		mem->nr_ram = i;
	}
	mem->cpu_cache = cpu_cache;
	for (i = 0; i < MEM_LEAF_CACHE; i++)
		mem->leaf_key[i] = ~0ULL;
	*out = mem;
	return 0;
}

static void mem_free_node(struct mem_node *n, int depth)
{
	unsigned long i;

	for (i = 0; i < MEM_FANOUT; i++) {
		if (!n->slot[i])
			continue;
		if (depth < 2) {
			mem_free_node(n->slot[i], depth + 1);
			vadma_free(n->slot[i]);
		} else {
			struct model_page *p = n->slot[i];

			if (!p->shared) {
				mem_free(p->cpu);
				mem_free(p->data);
			}
		}
	}
}

void model_mem_destroy(struct model_mem *mem)
{
	unsigned int i;

	if (!mem)
		return;
	for (i = 0; i < PLAT_MAX_RAM; i++)
		vadma_free(mem->host_pages[i]);
	mem_free_node(&mem->root, 0);
	while (mem->blocks) {
		struct mem_block *b = mem->blocks;

		mem->blocks = b->next;
		mem_free(b->data);
		mem_free(b->cpu);
		vadma_free(b);
	}
	while (mem->descs) {
		struct mem_descs *d = mem->descs;

		mem->descs = d->next;
		vadma_free(d);
	}
	vadma_free(mem);
}

static bool mem_is_ram(const struct model_mem *mem, u64 pa)
{
	unsigned int i;

	for (i = 0; i < mem->nr_ram; i++)
		if (pa >= mem->ram[i].base &&
		    pa - mem->ram[i].base < mem->ram[i].size)
			return true;
	return false;
}

/* The slot for @pa's page in leaf @n. */
static struct model_page **mem_leaf_slot(struct mem_node *n, u64 pa)
{
	return (struct model_page **)&n
		->slot[(pa >> MEM_PAGE_SHIFT) & (MEM_FANOUT - 1)];
}

/* The slot for @pa's page, creating the radix nodes when @alloc. */
static struct model_page **mem_slot_walk(struct model_mem *mem, u64 pa,
					 bool alloc)
{
	u64 key = pa >> (MEM_PAGE_SHIFT + MEM_BITS);
	struct mem_node *n = &mem->root;
	int depth;

	for (depth = 0; depth < 2; depth++) {
		unsigned long idx = (pa >> (48 - MEM_BITS * (depth + 1))) &
				    (MEM_FANOUT - 1);

		if (!n->slot[idx]) {
			if (!alloc)
				return NULL;
			n->slot[idx] = vadma_zalloc(sizeof(struct mem_node));
			if (!n->slot[idx])
				return NULL;
		}
		n = n->slot[idx];
	}
	mem->leaf_key[mem->leaf_next] = key;
	mem->leaf[mem->leaf_next] = n;
	mem->leaf_next = (mem->leaf_next + 1) % MEM_LEAF_CACHE;
	return mem_leaf_slot(n, pa);
}

static inline struct model_page **mem_slot(struct model_mem *mem, u64 pa,
					   bool alloc)
{
	u64 key = pa >> (MEM_PAGE_SHIFT + MEM_BITS);
	unsigned int c;

	for (c = 0; c < MEM_LEAF_CACHE; c++)
		if (mem->leaf_key[c] == key)
			return mem_leaf_slot(mem->leaf[c], pa);
	return mem_slot_walk(mem, pa, alloc);
}

/* The page of RAM address @pa on first touch: zeroes. */
static struct model_page *mem_page_new(struct model_mem *mem, u64 pa)
{
	struct model_page **slot, *p;

	slot = mem_slot(mem, pa, true);
	if (!slot)
		return NULL;
	p = mem_desc_new(mem);
	if (!p)
		return NULL;
	p->data = mem_alloc(MEM_PAGE_SIZE);
	if (!p->data) {
		mem_desc_undo(mem, p);
		return NULL;
	}
	*slot = p;
	mem->pages++;
	return p;
}

/*
 * Host RAM: the page's descriptor, its pointer asked of the host on every
 * lookup, never kept: the host may take a page out of its reach at any
 * time (a kernel removes memfd_secret(2) pages from its linear map), and
 * a pointer kept from before would then fault in the host.
 */
static struct model_page *mem_host_lookup(struct model_mem *mem, u64 pa,
					  bool *ram)
{
	unsigned int i;

	for (i = 0; i < mem->nr_ram; i++) {
		const struct plat_ram *r = &mem->ram[i];
		struct model_page *p;

		if (pa < r->base || pa - r->base >= r->size)
			continue;
		p = &mem->host_pages[i][(pa - r->base) >> MEM_PAGE_SHIFT];
		p->data = mem->host->page(mem->host->arg,
					  pa & ~(u64)(MEM_PAGE_SIZE - 1));
		/* A page the host cannot reach is a hole in its RAM. */
		*ram = p->data != NULL;
		return p->data ? p : NULL;
	}
	*ram = false;
	return NULL;
}

struct model_page *model_mem_lookup(struct model_mem *mem, u64 pa, bool alloc,
				    bool *ram)
{
	struct model_page **slot;

	if (pa >= (1ULL << 48)) {
		*ram = false;
		return NULL;
	}
	if (mem->host)
		return mem_host_lookup(mem, pa, ram);
	/* Pages exist only in RAM: one that does needs no range check. */
	slot = mem_slot(mem, pa, false);
	if (likely(slot && *slot)) {
		*ram = true;
		return *slot;
	}
	*ram = mem_is_ram(mem, pa);
	if (!*ram || !alloc)
		return NULL;
	return mem_page_new(mem, pa);
}

int model_mem_reserve(struct model_mem *mem, u64 pa, u64 size)
{
	struct mem_block *b;
	u64 off;

	if (mem->host)
		return -EOPNOTSUPP; /* the host's RAM is what it is */
	if (!size || (pa | size) & (MEM_PAGE_SIZE - 1) || pa + size < pa ||
	    size > (1ULL << 30))
		return -EINVAL;
	for (off = 0; off < size; off += MEM_PAGE_SIZE) {
		struct model_page **slot = mem_slot(mem, pa + off, false);

		if (!mem_is_ram(mem, pa + off) || pa + off >= (1ULL << 48))
			return -EFAULT;
		if (slot && *slot)
			return -EBUSY; /* touched: not contiguous */
	}
	b = vadma_zalloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->data = mem_alloc(size);
	b->cpu = mem->cpu_cache ? mem_alloc(size) : NULL;
	if (!b->data || (mem->cpu_cache && !b->cpu))
		goto out_free;
	for (off = 0; off < size; off += MEM_PAGE_SIZE) {
		struct model_page **slot = mem_slot(mem, pa + off, true);
		struct model_page *p = slot ? mem_desc_new(mem) : NULL;

		if (!p) {
			/* Undo, last first: the pages placed go back to nothing. */
			while (off) {
				off -= MEM_PAGE_SIZE;
				slot = mem_slot(mem, pa + off, false);
				mem_desc_undo(mem, *slot);
				*slot = NULL;
				mem->pages--;
			}
			goto out_free;
		}
		p->data = b->data + off;
		p->cpu = b->cpu ? b->cpu + off : NULL;
		p->shared = true;
		*slot = p;
		mem->pages++;
	}
	b->next = mem->blocks;
	mem->blocks = b;
	return 0;

out_free:
	mem_free(b->data);
	mem_free(b->cpu);
	vadma_free(b);
	return -ENOMEM;
}

u8 *model_mem_page(struct model_mem *mem, u64 pa, bool alloc, bool *ram)
{
	struct model_page *p = model_mem_lookup(mem, pa, alloc, ram);

	return p ? p->data : NULL;
}

u8 *model_mem_cpu_page(struct model_mem *mem, u64 pa)
{
	bool ram;
	struct model_page *p = model_mem_lookup(mem, pa, true, &ram);

	if (!p)
		return NULL;
	if (!mem->cpu_cache)
		return p->data;
	if (!p->cpu) {
		p->cpu = mem_alloc(MEM_PAGE_SIZE);
		if (!p->cpu)
			return NULL;
		memcpy(p->cpu, p->data, MEM_PAGE_SIZE);
		p->stale = 0;
	}
	while (p->stale) {
		unsigned int line = (unsigned int)__builtin_ctzll(p->stale);

		memcpy(p->cpu + line * MEM_LINE, p->data + line * MEM_LINE,
		       MEM_LINE);
		p->stale &= p->stale - 1;
	}
	return p->cpu;
}

u8 *model_mem_dev_write(struct model_mem *mem, u64 pa, u64 len, bool *ram)
{
	struct model_page *p = model_mem_lookup(mem, pa, true, ram);

	if (!p)
		return NULL;
	/*
	 * The lines written leave the cache (a snoop invalidates them); the
	 * CPU's next look at the page fetches them again.
	 */
	model_page_dev_wrote(p, pa & (MEM_PAGE_SIZE - 1), len);
	return p->data;
}

void model_mem_clean(struct model_mem *mem, u64 pa, u64 len)
{
	u64 end, next;

	if (!mem->cpu_cache || !len)
		return;
	/* Whole lines, as DC CVAC works on lines. */
	end = pa + len;
	if (end < pa)
		end = ~0ULL;
	pa &= ~(u64)(MEM_LINE - 1);
	for (; pa < end; pa = next) {
		bool ram;
		struct model_page *p = model_mem_lookup(mem, pa, false, &ram);
		u64 off = pa & (MEM_PAGE_SIZE - 1);
		u64 n;

		next = (pa | (MEM_PAGE_SIZE - 1)) + 1;
		if (!next)
			next = ~0ULL;
		if (!p || !p->cpu)
			continue;
		n = (next < end ? next : end) - pa;
		n = (n + MEM_LINE - 1) & ~(u64)(MEM_LINE - 1);
		if (off + n > MEM_PAGE_SIZE)
			n = MEM_PAGE_SIZE - off;
		/* Lines a device wrote since are not in the cache: skip. */
		for (; n; off += MEM_LINE, n -= MEM_LINE)
			if (!(p->stale & (1ULL << (off / MEM_LINE))))
				memcpy(p->data + off, p->cpu + off, MEM_LINE);
	}
}

u64 model_mem_pages(const struct model_mem *mem)
{
	return mem->pages;
}

/* Whether a page's bytes are all zero (an untouched page reads so). */
static bool mem_page_zero(const u8 *p)
{
	static const u8 zero[MEM_PAGE_SIZE];

	return !memcmp(p, zero, MEM_PAGE_SIZE);
}

/*
 * The first page of @x's radix node @n (at @depth, covering PA from
 * @base) whose device view differs from @y's, a page @y never touched
 * reading as zeros; with @missing, only pages @y never touched.
 */
static bool mem_diff_node(const struct mem_node *n, int depth, u64 base,
			  struct model_mem *y, bool missing, u64 *pa)
{
	unsigned long i;

	for (i = 0; i < MEM_FANOUT; i++) {
		u64 at = base | (u64)i << (48 - MEM_BITS * (depth + 1));
		const struct model_page *p = n->slot[i];
		struct model_page **q;
		bool differs;

		if (!p)
			continue;
		if (depth < 2) {
			if (mem_diff_node(n->slot[i], depth + 1, at, y, missing,
					  pa))
				return true;
			continue;
		}
		q = mem_slot(y, at, false);
		if (q && *q)
			differs = !missing &&
				  memcmp(p->data, (*q)->data, MEM_PAGE_SIZE);
		else
			differs = !mem_page_zero(p->data);
		if (differs) {
			*pa = at;
			return true;
		}
	}
	return false;
}

/**
 * model_mem_compare() - whether two memories hold the same bytes
 * @a:  one memory
 * @b:  the other
 * @pa: the first page found to differ (when they do)
 *
 * Compares the device views (what DMA and the SMMU's walker see); a page
 * one side never touched equals a page of zeros on the other.
 *
 * Return: 0 when equal, 1 when not, -EINVAL for host RAM (the model
 * does not own those pages).
 */
int model_mem_compare(struct model_mem *a, struct model_mem *b, u64 *pa)
{
	if (a->host || b->host)
		return -EINVAL;
	if (mem_diff_node(&a->root, 0, 0, b, false, pa) ||
	    mem_diff_node(&b->root, 0, 0, a, true, pa))
		return 1;
	return 0;
}
