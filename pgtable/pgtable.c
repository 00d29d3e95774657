// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Building VMSAv8-64 stage-1 tables: map, remap, unmap.
 *
 * A change (struct pt_op) walks the tables its range touches, one table at
 * a time (pt_op_table()), and at each entry takes one of four steps:
 *
 *   install-leaf  the entry becomes a page or block (pt_step_leaf());
 *   clear         the entry is unmapped whole (pt_step_clear());
 *   descend       part of the entry changes, and a table is there: change
 *                 inside it, free it if that emptied it (pt_step_descend());
 *   new-table     part of the entry changes, and no table is there: make
 *                 one, empty or the split of a block (pt_step_new_table()).
 *
 * A change that stays in one existing table and cannot fail once started
 * (pt_op_fast(): whole invalid entries mapped, leaves unmapped from a table
 * that keeps others) is made in one pass.  Every other change runs twice
 * over those same steps: a dry run that reads the tables, checks for
 * overlaps and counts the tables the new-table step will need, then, once
 * those are all allocated into a pool, the real run.  A failure of either
 * kind (bad range, overlap, no memory) is thus found before the first
 * descriptor is written, and the tables are left exactly as they were.
 *
 * Write ordering for walkers that do not snoop the CPU caches: a new table
 * is filled and cleaned before the descriptor that points to it is written;
 * a descriptor is cleaned before the table it used to point to is freed.
 */
#include "pt-internal.h"

/* Preallocated tables, linked through their first words. */
struct pt_pool {
	void *head;
	u64 head_pa;
	unsigned long need; /* tables the dry run counted */
};

/* One table a change passes through. */
struct pt_tbl {
	u64 *desc; /* NULL: a table the dry run imagines (see vparent) */
	u64 pa;
	u64 base;    /* offset of the first byte its first entry maps */
	u64 vparent; /* no table: the leaf it splits, or 0 for an empty one */
	u64 n;	     /* entries */
	unsigned int shift; /* log2 of the bytes an entry maps */
	int level;
	/* entries written but not cleaned yet; leaves cleared, to invalidate */
	u64 dirty_lo, dirty_hi;
	u64 inv_lo, inv_hi;
	/* the entries the change went through (those between it covered whole) */
	u64 span_lo, span_hi;
};

struct pt_op {
	struct pt *pt;
	/* what: map (leaf attributes, may it replace) or unmap */
	bool map;
	bool replace;
	u64 leaf;
	/* where: cursor, range and output address, offsets in the tree */
	u64 off;
	u64 first;
	u64 last; /* inclusive */
	u64 pa;
	/* how far */
	bool apply;	       /* false: dry run, count tables into pool.need */
	unsigned int unlinked; /* depth inside tables not linked in yet */
	u64 done;	       /* bytes unmapped */
	struct pt_pool pool;
	/* dry run: the deepest existing table that holds the whole range */
	u64 *start;
	u64 start_pa;
	u64 start_base;
	int start_level;
};

static void *pt_alloc_table(struct pt *pt, u64 *pa)
{
	size_t size = 1UL << pt->cfg.granule;
	void *t = pt->ops->alloc(pt->ctx, size, pa);

	if (t)
		pt->nr_tables++;
	return t;
}

static void pt_free_table(struct pt *pt, void *t, u64 pa)
{
	/* By address: the hint must not outlive its table. */
	if (pt->hint && pa == pt->hint_pa)
		pt->hint = NULL;
	pt->ops->free(pt->ctx, t, pa, 1UL << pt->cfg.granule);
	pt->nr_tables--;
}

static void pt_clean(struct pt *pt, void *va, u64 pa, size_t size)
{
	pt->ops->clean(pt->ctx, va, pa, size);
}

static u64 *pt_table_ptr(struct pt *pt, u64 pa)
{
	return pt->ops->phys_to_virt(pt->ctx, pa, 1UL << pt->cfg.granule);
}

/* Link words kept at the start of a pooled table until it is used. */
struct pt_pool_link {
	void *next;
	u64 next_pa;
};

static int pt_pool_fill(struct pt *pt, struct pt_pool *p)
{
	unsigned long i;

	for (i = 0; i < p->need; i++) {
		struct pt_pool_link *l;
		u64 pa;

		l = pt_alloc_table(pt, &pa);
		if (!l)
			return -ENOMEM;
		l->next = p->head;
		l->next_pa = p->head_pa;
		p->head = l;
		p->head_pa = pa;
	}
	return 0;
}

static void pt_pool_drain(struct pt *pt, struct pt_pool *p)
{
	while (p->head) {
		struct pt_pool_link *l = p->head;
		void *next = l->next;
		u64 next_pa = l->next_pa;

		l->next = NULL;
		l->next_pa = 0;
		pt_free_table(pt, l, p->head_pa);
		p->head = next;
		p->head_pa = next_pa;
	}
}

static u64 *pt_pool_take(struct pt_pool *p, u64 *pa)
{
	struct pt_pool_link *l = p->head;

	/* The dry run counted every table the real run takes. */
	if (!l)
		return NULL;
	p->head = l->next;
	*pa = p->head_pa;
	p->head_pa = l->next_pa;
	l->next = NULL;
	l->next_pa = 0;
	return (u64 *)l;
}

/*
 * The descriptor entry @idx of the table at @level would hold if the leaf
 * @parent one level up were split: same attributes, a slice of its output.
 */
static u64 pt_split_child(const struct pt *pt, u64 parent, int level, u64 idx)
{
	unsigned int shift = pt_level_shift(pt->cfg.granule, level);
	u64 oa = pt_leaf_addr(parent, shift + pt->stride) + (idx << shift);
	u64 attrs = parent &
		    ~(GENMASK_ULL(47, 12) | PT_DESC_CONT | PT_DESC_TABLE);

	if (level == PT_MAX_LEVEL)
		attrs |= PT_DESC_TABLE;
	return attrs | oa;
}

struct pt_free {
	struct pt *pt;
	u64 bytes; /* what the leaves freed mapped */
};

static int pt_free_entry(struct pt_visitor *v, const struct pt_visit_entry *e)
{
	struct pt_free *f = v->arg;

	if (e->type == PT_DESC_IS_LEAF)
		f->bytes += 1ULL
			    << pt_level_shift(f->pt->cfg.granule, e->level);
	return 0;
}

/* After the tables below it: free the table. */
static int pt_free_end(struct pt_visitor *v, u64 *table, u64 pa, int level)
{
	struct pt_free *f = v->arg;

	(void)level;
	pt_free_table(f->pt, table, pa);
	return 0;
}

/* Free a table and everything below it; return the bytes it mapped. */
static u64 pt_free_tree(struct pt *pt, u64 *table, u64 pa, int level)
{
	struct pt_free f = { .pt = pt };
	struct pt_visitor v = { .entry = pt_free_entry,
				.table_end = pt_free_end,
				.flags = PT_VISIT_VALID,
				.arg = &f };

	pt_visit(pt, &v, table, pa, level, 0, 0);
	return f.bytes;
}

/* Free the tree the table descriptor @desc at @level points to, if any. */
static u64 pt_free_child(struct pt *pt, u64 desc, int level)
{
	u64 cpa = pt_table_addr(desc, pt->cfg.granule);
	u64 *child = pt_table_ptr(pt, cpa);

	return child ? pt_free_tree(pt, child, cpa, level + 1) : 0;
}

static int pt_found(struct pt_visitor *v, const struct pt_visit_entry *e)
{
	(void)v;
	(void)e;
	return 1;
}

/*
 * Whether the table @table at @level (not the root) holds no valid entry:
 * a visit of its valid entries that stops at the first.
 */
static inline bool pt_table_empty(const struct pt *pt, u64 *table, int level)
{
	struct pt_visitor v = {
		.entry = pt_found,
		.flags = PT_VISIT_VALID | PT_VISIT_FLAT | PT_VISIT_ENDS_IN,
	};

	return !pt_visit_table(pt, &v, table, level, 0, 0);
}

/*
 * Whether one of the @n entries of @desc outside @lo..@hi is valid,
 * looking nearest first.
 */
static bool pt_valid_outside(const u64 *desc, u64 n, u64 lo, u64 hi)
{
	u64 d;

	for (d = 1; d <= lo || hi + d < n; d++) {
		if (hi + d < n && (pt_read_desc(&desc[hi + d]) & PT_DESC_VALID))
			return true;
		if (d <= lo && (pt_read_desc(&desc[lo - d]) & PT_DESC_VALID))
			return true;
	}
	return false;
}

/*
 * Whether the table @t holds no valid entry, just after an unmap went
 * through its entries span_lo..span_hi.  Those strictly between were
 * covered whole, so they are invalid now: only the two ends and the
 * entries outside need a look, nearest first, as a range unmapped in
 * pieces (either way) has its survivor next door.  Scanning a half-full
 * table on each such unmap was most of the time of unmapping 2 MiB blocks
 * one by one (docs/perf.md).
 */
static bool pt_tbl_empty(const struct pt *pt, const struct pt_tbl *t)
{
	u64 lo = t->span_lo, hi = t->span_hi;

	if (lo > hi || hi >= t->n)
		return pt_table_empty(pt, t->desc, t->level);
	if ((pt_read_desc(&t->desc[lo]) | pt_read_desc(&t->desc[hi])) &
	    PT_DESC_VALID)
		return false;
	return !pt_valid_outside(t->desc, t->n, lo, hi);
}

static void pt_tbl_init(struct pt_tbl *t, const struct pt *pt, u64 *desc,
			u64 pa, u64 base, int level, u64 vparent)
{
	t->desc = desc;
	t->pa = pa;
	t->base = base;
	t->vparent = vparent;
	t->level = level;
	t->shift = pt_level_shift(pt->cfg.granule, level);
	t->n = pt_level_entries(pt->cfg.granule, pt->cfg.ias, pt->start_level,
				level);
	t->dirty_lo = t->n;
	t->dirty_hi = 0;
	t->inv_lo = t->n;
	t->inv_hi = 0;
	t->span_lo = t->n;
	t->span_hi = 0;
}

/* Entry @i as it is, or as the dry run imagines it. */
static u64 pt_tbl_read(const struct pt *pt, const struct pt_tbl *t, u64 i)
{
	if (t->desc)
		return pt_read_desc(&t->desc[i]);
	return t->vparent ? pt_split_child(pt, t->vparent, t->level, i) : 0;
}

/* Entry @i was written; clean it with the others when the table is done. */
static void pt_tbl_dirty(struct pt_tbl *t, u64 i)
{
	if (i < t->dirty_lo)
		t->dirty_lo = i;
	t->dirty_hi = i;
}

/*
 * Write entry @i and clean it at once: something depends on the order.
 */
static void pt_set_now(struct pt *pt, struct pt_tbl *t, u64 i, u64 desc)
{
	pt_write_desc(&t->desc[i], desc);
	pt_clean(pt, &t->desc[i], t->pa + i * 8, sizeof(u64));
}

/*
 * Tell the walker's TLBs that [off, off + size) changed, if they listen.
 * Not for changes inside a table that is not linked in yet: no walker can
 * have seen those, and the entry that links it is broken first.
 */
static void pt_tlb_inv(struct pt_op *op, u64 off, u64 size, bool leaf)
{
	struct pt *pt = op->pt;

	if (pt->ops->tlb_inv && !op->unlinked)
		pt->ops->tlb_inv(pt->ctx, pt->va_base + off, size, leaf);
}

/*
 * Clean what the table's entries gathered, and invalidate cleared leaves.
 * Not in a table that is not linked in yet: the new-table step cleans it
 * whole before it links it (and so every table below it).
 */
static void pt_tbl_flush(struct pt_op *op, struct pt_tbl *t)
{
	if (t->desc && !op->unlinked && t->dirty_lo <= t->dirty_hi)
		pt_clean(op->pt, &t->desc[t->dirty_lo], t->pa + t->dirty_lo * 8,
			 (t->dirty_hi - t->dirty_lo + 1) * 8);
	if (t->inv_lo <= t->inv_hi)
		pt_tlb_inv(op, t->base + (t->inv_lo << t->shift),
			   (t->inv_hi - t->inv_lo + 1) << t->shift, true);
}

/*
 * Break before make (DDI 0487 D8.16.1): before a valid entry is replaced
 * by another valid one, it is made invalid, cleaned and invalidated from
 * the TLBs, so that no walker ever holds both.  Without a tlb_inv callback
 * the caller has promised that nothing walks the tables meanwhile.
 */
static void pt_break(struct pt_op *op, struct pt_tbl *t, u64 i, bool leaf)
{
	if (!op->pt->ops->tlb_inv || op->unlinked)
		return;
	pt_set_now(op->pt, t, i, 0);
	pt_tlb_inv(op, t->base + (i << t->shift), 1ULL << t->shift, leaf);
}

static int pt_op_table(struct pt_op *op, struct pt_tbl *t);

/*
 * Install-leaf: entry @i (now @desc, of @type) becomes a page or block
 * mapping op->pa.  A table it replaces is unlinked, cleaned and invalidated
 * before it is freed; a different valid leaf is broken first.
 */
static int pt_step_leaf(struct pt_op *op, struct pt_tbl *t, u64 i, u64 desc,
			enum pt_desc_type type)
{
	struct pt *pt = op->pt;
	u64 esize = 1ULL << t->shift;
	u64 leaf = op->leaf | op->pa | PT_DESC_VALID;

	if (type != PT_DESC_INVALID && !op->replace)
		return -EEXIST;
	if (t->level == PT_MAX_LEVEL)
		leaf |= PT_DESC_TABLE;
	if (op->apply && type == PT_DESC_IS_TABLE) {
		pt_break(op, t, i, false);
		pt_set_now(pt, t, i, leaf);
		pt_free_child(pt, desc, t->level);
	} else if (op->apply) {
		if (type == PT_DESC_IS_LEAF && desc != leaf)
			pt_break(op, t, i, true);
		pt_write_desc(&t->desc[i], leaf);
		pt_tbl_dirty(t, i);
	}
	op->pa += esize;
	op->off += esize;
	return 0;
}

/*
 * Clear: the valid entry @i (now @desc, of @type) is unmapped whole.  A
 * table is unlinked, cleaned and invalidated before it is freed; leaves are
 * cleaned and invalidated together when the table is done.
 */
static void pt_step_clear(struct pt_op *op, struct pt_tbl *t, u64 i, u64 desc,
			  enum pt_desc_type type)
{
	u64 esize = 1ULL << t->shift;

	if (op->apply && type == PT_DESC_IS_TABLE) {
		pt_set_now(op->pt, t, i, 0);
		pt_tlb_inv(op, t->base + (i << t->shift), esize, false);
		op->done += pt_free_child(op->pt, desc, t->level);
	} else if (op->apply) {
		pt_write_desc(&t->desc[i], 0);
		pt_tbl_dirty(t, i);
		if (i < t->inv_lo)
			t->inv_lo = i;
		t->inv_hi = i;
		op->done += esize;
	}
	op->off += esize;
}

/*
 * Descend: part of entry @i changes and it points to the table @desc names.
 * Change inside that table; an unmap that empties it frees it, after the
 * entry is cleared, cleaned and invalidated.
 */
static int pt_step_descend(struct pt_op *op, struct pt_tbl *t, u64 i, u64 desc)
{
	struct pt *pt = op->pt;
	u64 estart = t->base + (i << t->shift);
	u64 cpa = pt_table_addr(desc, pt->cfg.granule);
	u64 *child = pt_table_ptr(pt, cpa);
	struct pt_tbl c;
	int ret;

	if (!child)
		return -EFAULT;
	pt_tbl_init(&c, pt, child, cpa, estart, t->level + 1, 0);
	if (!op->apply && op->off == op->first &&
	    op->last <= estart + (1ULL << t->shift) - 1) {
		op->start = child;
		op->start_pa = cpa;
		op->start_base = estart;
		op->start_level = t->level + 1;
	}
	ret = pt_op_table(op, &c);
	if (ret)
		return ret;
	if (op->apply && !op->map && pt_tbl_empty(pt, &c)) {
		pt_set_now(pt, t, i, 0);
		pt_tlb_inv(op, estart, 1ULL << t->shift, false);
		pt_free_table(pt, child, cpa);
	}
	return 0;
}

/*
 * New-table: part of entry @i changes and no table is there: make one,
 * empty or (for a leaf @desc) its split, change inside it while no walker
 * can see it, clean it whole, then link it in (breaking the leaf first).
 * An unmap that leaves it empty drops it.  The dry run only counts it and
 * goes on through the table it imagines.
 */
static int pt_step_new_table(struct pt_op *op, struct pt_tbl *t, u64 i,
			     u64 desc, enum pt_desc_type type)
{
	struct pt *pt = op->pt;
	u64 estart = t->base + (i << t->shift);
	u64 vparent = type == PT_DESC_IS_LEAF ? desc : 0;
	struct pt_tbl c;
	u64 *child;
	u64 cpa, j;
	int ret;

	if (!op->apply) {
		op->pool.need++;
		pt_tbl_init(&c, pt, NULL, 0, estart, t->level + 1, vparent);
		return pt_op_table(op, &c);
	}
	child = pt_pool_take(&op->pool, &cpa);
	if (!child)
		return -ENOMEM;
	if (vparent)
		for (j = 0; j < (1ULL << pt->stride); j++)
			pt_write_desc(&child[j],
				      pt_split_child(pt, vparent, t->level + 1,
						     j));
	pt_tbl_init(&c, pt, child, cpa, estart, t->level + 1, 0);
	op->unlinked++;
	ret = pt_op_table(op, &c);
	op->unlinked--;
	if (ret)
		return ret;
	pt_clean(pt, child, cpa, 1UL << pt->cfg.granule);
	if (!op->map && pt_tbl_empty(pt, &c)) {
		/* A hole that was never mapped, or fully unmapped. */
		pt_write_desc(&t->desc[i], 0);
		pt_free_table(pt, child, cpa);
	} else {
		if (vparent)
			pt_break(op, t, i, true);
		pt_write_desc(&t->desc[i], cpa | PT_DESC_TABLE | PT_DESC_VALID);
	}
	pt_tbl_dirty(t, i);
	return 0;
}

/*
 * A map's run of pages in the last-level table @t, from entry @i: every
 * entry is covered whole and aligned, so each is the install-leaf step;
 * an invalid one (the common case) is written in a tight loop, and the
 * run is cleaned once, when the table is done.
 */
static int pt_op_pages(struct pt_op *op, struct pt_tbl *t, u64 i)
{
	u64 esize = 1ULL << t->shift;
	u64 end = (op->last - t->base) >> t->shift;
	u64 leaf = op->leaf | PT_DESC_TABLE | PT_DESC_VALID;
	u64 first = i, pa = op->pa;
	int ret = 0;

	if (end >= t->n)
		end = t->n - 1;
	for (; i <= end; i++, pa += esize) {
		u64 desc = pt_read_desc(&t->desc[i]);

		if (!(desc & PT_DESC_VALID)) {
			if (op->apply)
				pt_write_desc(&t->desc[i], leaf | pa);
			continue;
		}
		op->pa = pa;
		op->off = t->base + (i << t->shift);
		ret = pt_step_leaf(op, t, i, desc,
				   pt_desc_type(desc, op->pt->cfg.granule,
						t->level));
		if (ret)
			break;
	}
	op->pa = pa;
	op->off = t->base + (i << t->shift);
	if (op->apply && i > first) {
		if (first < t->dirty_lo)
			t->dirty_lo = first;
		if (i - 1 > t->dirty_hi)
			t->dirty_hi = i - 1;
	}
	t->span_hi = i - 1;
	pt_tbl_flush(op, t);
	return ret;
}

/*
 * Apply @op to the part of its range that falls in the table @t: pick one
 * step per entry, then clean the entries written and invalidate the leaves
 * cleared.
 */
static int pt_op_table(struct pt_op *op, struct pt_tbl *t)
{
	unsigned int granule = op->pt->cfg.granule;
	u64 esize = 1ULL << t->shift;
	u64 i = (op->off - t->base) >> t->shift;
	int ret = 0;

	/* Mapping into a table that is yet to exist: nothing to check. */
	if (!t->desc && !t->vparent && t->level == PT_MAX_LEVEL) {
		u64 end = t->base + t->n * esize - 1;

		if (end > op->last)
			end = op->last;
		op->pa += end - op->off + 1;
		op->off = end + 1;
		return 0;
	}

	t->span_lo = i;
	if (op->map && t->desc && t->level == PT_MAX_LEVEL)
		return pt_op_pages(op, t, i);
	for (; i < t->n && op->off <= op->last && !ret; i++) {
		u64 estart = t->base + (i << t->shift);
		u64 eend = estart + esize - 1;
		bool whole = op->off == estart && eend <= op->last;
		u64 desc = pt_tbl_read(op->pt, t, i);
		enum pt_desc_type type = pt_desc_type(desc, granule, t->level);

		if (op->map && whole && IS_ALIGNED(op->pa, esize) &&
		    (t->level == PT_MAX_LEVEL ||
		     pt_block_ok(granule, t->level)))
			ret = pt_step_leaf(op, t, i, desc, type);
		else if (!op->map && type == PT_DESC_INVALID)
			op->off = eend < op->last ? eend + 1 : op->last + 1;
		else if (!op->map && whole)
			pt_step_clear(op, t, i, desc, type);
		else if (type == PT_DESC_IS_LEAF && op->map && !op->replace)
			ret = -EEXIST;
		else if (type == PT_DESC_IS_TABLE)
			ret = pt_step_descend(op, t, i, desc);
		else
			ret = pt_step_new_table(op, t, i, desc, type);
	}
	t->span_hi = i - 1;
	pt_tbl_flush(op, t);
	return ret;
}

/*
 * The one-pass path's map of whole entries i0..i1 of the next-to-last
 * level table @table, all invalid, whose output is not aligned to a
 * block: each becomes a new last-level table full of pages.  The tables
 * are allocated first, so that -ENOMEM leaves the tree as it was; each is
 * filled and cleaned whole before the entry that links it is written, as
 * the new-table step does.
 */
static int pt_fast_tables(struct pt *pt, u64 *table, u64 tpa, u64 i0, u64 i1,
			  u64 pa, u64 leaf)
{
	struct pt_pool pool = { .need = i1 - i0 + 1 };
	u64 gsz = 1ULL << pt->cfg.granule, per = 1ULL << pt->stride;
	u64 i, j;
	int ret;

	ret = pt_pool_fill(pt, &pool);
	if (ret) {
		pt_pool_drain(pt, &pool);
		return ret;
	}
	leaf |= pa | PT_DESC_TABLE | PT_DESC_VALID;
	for (i = i0; i <= i1; i++) {
		u64 cpa = 0, *child = pt_pool_take(&pool, &cpa);

		for (j = 0; j < per; j++, leaf += gsz)
			pt_write_desc(&child[j], leaf);
		pt_clean(pt, child, cpa, gsz);
		pt_write_desc(&table[i], cpa | PT_DESC_TABLE | PT_DESC_VALID);
	}
	pt_clean(pt, &table[i0], tpa + i0 * 8, (i1 - i0 + 1) * 8);
	return 0;
}

/*
 * The fast path: a change that one pass can make, because it cannot fail
 * once it has started (no -EEXIST, no block to split, no table to free).
 * Descend from the root while the whole range is inside one entry, but
 * not all of it, that points to a table; in the table reached, the range
 * must cover entries i0..i1 whole, and
 *   map:   each of them invalid, and a leaf may sit there with @pa
 *          aligned to it: each becomes a page or block (no -EEXIST, no
 *          table to make, nothing to break); or, in a next-to-last level
 *          table, each becomes a new table of pages (pt_fast_tables():
 *          only -ENOMEM, found before anything is written);
 *   unmap: each of them invalid or a leaf (no block to split, no table to
 *          free), and the table keeps a valid entry outside them, or is
 *          the root (no table becomes empty).
 * Anything else, including a table that cannot be reached, is left to the
 * dry run and the real run, which then change the tree exactly as before;
 * the fast path has changed nothing when it says so.  It starts at the
 * table it last changed (&struct pt's hint, which pt_free_table()
 * forgets) when that holds the range, as a run of single-page calls does.
 * The entries are written, cleaned and (cleared leaves) invalidated as the
 * real run's install-leaf and clear steps would.
 *
 * Return: 0 when done (*@done counts what an unmap took away); -EAGAIN:
 * not shown, nothing written.
 */
static int pt_op_fast(struct pt *pt, bool map, u64 first, u64 last, u64 pa,
		      u64 leaf, u64 *done)
{
	unsigned int granule = pt->cfg.granule;
	u64 *table = pt->root, tpa = pt->root_pa, base = 0;
	int level = pt->start_level;
	u64 i0, i1, i, n, lo, hi, esize, desc;
	unsigned int shift;

	/*
	 * The table the last one-pass change was in, if it holds the range
	 * (not all of its span): the descent from the root would pass
	 * through it.
	 */
	if (pt->hint && first >= pt->hint_base && last <= pt->hint_last &&
	    (first != pt->hint_base || last != pt->hint_last)) {
		table = pt->hint;
		tpa = pt->hint_pa;
		base = pt->hint_base;
		level = pt->hint_level;
	}
	shift = pt_level_shift(granule, level);
	for (;; level++, shift -= pt->stride) {
		i0 = (first - base) >> shift;
		/* Several entries, or one whole: change this table. */
		if (level == PT_MAX_LEVEL || i0 != (last - base) >> shift ||
		    last - first == (1ULL << shift) - 1)
			break;
		desc = pt_read_desc(&table[i0]);
		if (pt_desc_type(desc, granule, level) != PT_DESC_IS_TABLE)
			break;
		base += i0 << shift;
		tpa = pt_table_addr(desc, granule);
		table = pt_table_ptr(pt, tpa);
		if (!table)
			return -EAGAIN;
	}
	/* No struct pt_tbl here: in the kernel each one is zeroed first. */
	n = pt_level_entries(granule, pt->cfg.ias, pt->start_level, level);
	esize = 1ULL << shift;
	if (((first - base) | (last + 1 - base)) & (esize - 1))
		return -EAGAIN;
	i0 = (first - base) >> shift;
	i1 = (last - base) >> shift;
	lo = i0;
	hi = i1;

	if (map) {
		bool pages =
			(pa & (esize - 1)) ||
			(level != PT_MAX_LEVEL && !pt_block_ok(granule, level));

		if (pages && level != PT_MAX_LEVEL - 1)
			return -EAGAIN;
		for (i = i0; i <= i1; i++)
			if (pt_read_desc(&table[i]) & PT_DESC_VALID)
				return -EAGAIN;
		if (pages)
			return pt_fast_tables(pt, table, tpa, i0, i1, pa, leaf);
		leaf |= pa | PT_DESC_VALID;
		if (level == PT_MAX_LEVEL)
			leaf |= PT_DESC_TABLE;
		for (i = i0; i <= i1; i++, leaf += esize)
			pt_write_desc(&table[i], leaf);
	} else {
		for (i = i0; i <= i1; i++) {
			desc = pt_read_desc(&table[i]);
			if (pt_desc_type(desc, granule, level) ==
			    PT_DESC_IS_TABLE)
				return -EAGAIN;
		}
		if (table != pt->root && !pt_valid_outside(table, n, i0, i1))
			return -EAGAIN;
		lo = n;
		hi = 0;
		for (i = i0; i <= i1; i++) {
			desc = pt_read_desc(&table[i]);
			if (pt_desc_type(desc, granule, level) !=
			    PT_DESC_IS_LEAF)
				continue;
			pt_write_desc(&table[i], 0);
			if (i < lo)
				lo = i;
			hi = i;
			*done += esize;
		}
	}
	/* As pt_tbl_flush(): clean what changed, invalidate cleared leaves. */
	if (lo <= hi) {
		pt_clean(pt, &table[lo], tpa + lo * 8, (hi - lo + 1) * 8);
		if (!map && pt->ops->tlb_inv)
			pt->ops->tlb_inv(pt->ctx,
					 pt->va_base + base + (lo << shift),
					 (hi - lo + 1) << shift, true);
	}
	if (table != pt->root) {
		pt->hint = table;
		pt->hint_pa = tpa;
		pt->hint_base = base;
		pt->hint_last = base + (n << shift) - 1;
		pt->hint_level = (u8)level;
	}
	return 0;
}

/* Dry run, allocate, real run. */
static int pt_op_run(struct pt_op *op)
{
	struct pt *pt = op->pt;
	u64 off = op->off, pa = op->pa;
	struct pt_tbl root;
	int ret;

	pt_tbl_init(&root, pt, pt->root, pt->root_pa, 0, pt->start_level, 0);
	op->start = NULL;
	op->apply = false;
	ret = pt_op_table(op, &root);
	if (ret)
		return ret;
	ret = pt_pool_fill(pt, &op->pool);
	if (ret)
		goto out_drain;

	op->apply = true;
	op->off = off;
	op->pa = pa;
	/*
	 * A map that needs no new table changes nothing above the deepest
	 * table holding its whole range: start there.  (An unmap may empty
	 * that table, and then its parents must change.)
	 */
	if (op->map && !op->pool.need && op->start)
		pt_tbl_init(&root, pt, op->start, op->start_pa, op->start_base,
			    op->start_level, 0);
	else
		pt_tbl_init(&root, pt, pt->root, pt->root_pa, 0,
			    pt->start_level, 0);
	ret = pt_op_table(op, &root);
out_drain:
	pt_pool_drain(pt, &op->pool);
	return ret;
}
/* Check that [va, va + size) is inside the tree's range; give its offsets. */
static int pt_op_range(const struct pt *pt, u64 va, u64 size, u64 *first,
		       u64 *last)
{
	u64 gmask = (1ULL << pt->cfg.granule) - 1;
	u64 span = 1ULL << pt->cfg.ias;
	u64 off = va - pt->va_base;

	if (!size || (va & gmask) || (size & gmask))
		return -EINVAL;
	if (va < pt->va_base || off >= span || size > span - off)
		return -ERANGE;
	*first = off;
	*last = off + size - 1;
	return 0;
}

static int pt_prot_to_leaf(u32 prot, u64 *leaf)
{
	u64 d = 0;

	if ((prot & ~PT_PROT_ALL) || !(prot & PT_PROT_READ))
		return -EINVAL;
	if (FIELD_GET(PT_PROT_SH, prot) == 1)
		return -EINVAL;

	if (!(prot & PT_PROT_NO_AF))
		d |= PT_DESC_AF;
	if (prot & PT_PROT_NG)
		d |= PT_DESC_NG;
	if (prot & PT_PROT_USER)
		d |= PT_DESC_AP_EL0;
	if (!(prot & PT_PROT_WRITE))
		d |= PT_DESC_AP_RO;
	if (!(prot & PT_PROT_EXEC))
		d |= PT_DESC_UXN | PT_DESC_PXN;
	else if (prot & PT_PROT_USER)
		d |= PT_DESC_PXN;
	else
		d |= PT_DESC_UXN;
	d |= FIELD_PREP(PT_DESC_ATTRINDX, FIELD_GET(PT_PROT_ATTR, prot));
	d |= FIELD_PREP(PT_DESC_SH, FIELD_GET(PT_PROT_SH, prot));
	*leaf = d;
	return 0;
}

static int pt_map_common(struct pt *pt, u64 va, u64 pa, u64 size, u32 prot,
			 bool replace)
{
	u64 first, last, leaf;
	int ret;

	ret = pt_op_range(pt, va, size, &first, &last);
	if (ret)
		return ret;
	if (pa & ((1ULL << pt->cfg.granule) - 1))
		return -EINVAL;
	if ((pa >> pt->cfg.oas) || size > (1ULL << pt->cfg.oas) - pa)
		return -ERANGE;
	ret = pt_prot_to_leaf(prot, &leaf);
	if (ret)
		return ret;
	ret = pt_op_fast(pt, true, first, last, pa, leaf, NULL);
	if (ret == -EAGAIN) {
		/* Only here: a kernel that zeroes locals zeroes it too. */
		struct pt_op op = { .pt = pt,
				    .map = true,
				    .replace = replace,
				    .leaf = leaf,
				    .off = first,
				    .first = first,
				    .last = last,
				    .pa = pa };

		ret = pt_op_run(&op);
	}
	return ret;
}

int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u32 prot)
{
	return pt_map_common(pt, va, pa, size, prot, false);
}

int pt_remap(struct pt *pt, u64 va, u64 pa, u64 size, u32 prot)
{
	return pt_map_common(pt, va, pa, size, prot, true);
}

s64 pt_unmap(struct pt *pt, u64 va, u64 size)
{
	u64 first, last, done = 0;
	int ret;

	ret = pt_op_range(pt, va, size, &first, &last);
	if (ret)
		return ret;
	ret = pt_op_fast(pt, false, first, last, 0, 0, &done);
	if (ret == -EAGAIN) {
		struct pt_op op = {
			.pt = pt, .off = first, .first = first, .last = last
		};

		ret = pt_op_run(&op);
		done = op.done;
	}
	if (ret)
		return ret;
	return (s64)done;
}

int pt_init(struct pt *pt, const struct pt_cfg *cfg,
	    const struct pt_mem_ops *ops, void *ctx)
{
	memset(pt, 0, sizeof(*pt));
	if (cfg->granule != PT_GRANULE_4K && cfg->granule != PT_GRANULE_16K &&
	    cfg->granule != PT_GRANULE_64K)
		return -EINVAL;
	if (cfg->ias < PT_IAS_MIN || cfg->ias > PT_IAS_MAX)
		return -EINVAL;
	if (pt_oas_to_ips(cfg->oas) < 0)
		return -EINVAL;
	if (cfg->range != PT_TTBR0 && cfg->range != PT_TTBR1)
		return -EINVAL;
	if (!ops || !ops->alloc || !ops->free || !ops->phys_to_virt ||
	    !ops->clean)
		return -EINVAL;

	pt->cfg = *cfg;
	pt->ops = ops;
	pt->ctx = ctx;
	pt->stride = (u8)(cfg->granule - 3);
	pt->start_level = (u8)pt_start_level(cfg->granule, cfg->ias);
	pt->va_base = cfg->range == PT_TTBR1 ? ~0ULL << cfg->ias : 0;
	pt->root = pt_alloc_table(pt, &pt->root_pa);
	if (!pt->root)
		return -ENOMEM;
	pt_clean(pt, pt->root, pt->root_pa, 1UL << cfg->granule);
	return 0;
}

void pt_destroy(struct pt *pt)
{
	if (pt->root)
		pt_free_tree(pt, pt->root, pt->root_pa, pt->start_level);
	pt->root = NULL;
}

void pt_tcr(const struct pt *pt, struct pt_tcr *tcr)
{
	static const u8 tg0[] = { [PT_GRANULE_4K] = PT_TCR_TG0_4K,
				  [PT_GRANULE_16K] = PT_TCR_TG0_16K,
				  [PT_GRANULE_64K] = PT_TCR_TG0_64K };
	static const u8 tg1[] = { [PT_GRANULE_4K] = PT_TCR_TG1_4K,
				  [PT_GRANULE_16K] = PT_TCR_TG1_16K,
				  [PT_GRANULE_64K] = PT_TCR_TG1_64K };
	const struct pt_cfg *cfg = &pt->cfg;

	tcr->tsz = (u8)(64 - cfg->ias);
	tcr->tg = cfg->range == PT_TTBR0 ? tg0[cfg->granule]
					 : tg1[cfg->granule];
	/* Write-back walks for a snooping walker; otherwise straight to DRAM. */
	tcr->irgn = cfg->coherent_walk ? 1 : 0;
	tcr->orgn = cfg->coherent_walk ? 1 : 0;
	tcr->sh = cfg->coherent_walk ? PT_SH_INNER : PT_SH_OUTER;
	tcr->ips = (u8)pt_oas_to_ips(cfg->oas);
}

u64 pt_tcr_el1(const struct pt_tcr *t0, const struct pt_tcr *t1)
{
	u64 tcr = 0;

	if (t0)
		tcr |= FIELD_PREP(PT_TCR_T0SZ, t0->tsz) |
		       FIELD_PREP(PT_TCR_TG0, t0->tg) |
		       FIELD_PREP(PT_TCR_SH0, t0->sh) |
		       FIELD_PREP(PT_TCR_IRGN0, t0->irgn) |
		       FIELD_PREP(PT_TCR_ORGN0, t0->orgn) |
		       FIELD_PREP(PT_TCR_IPS, t0->ips);
	else
		tcr |= PT_TCR_EPD0;
	if (t1)
		tcr |= FIELD_PREP(PT_TCR_T1SZ, t1->tsz) |
		       FIELD_PREP(PT_TCR_TG1, t1->tg) |
		       FIELD_PREP(PT_TCR_SH1, t1->sh) |
		       FIELD_PREP(PT_TCR_IRGN1, t1->irgn) |
		       FIELD_PREP(PT_TCR_ORGN1, t1->orgn);
	else
		tcr |= PT_TCR_EPD1;
	if (!t0 && t1)
		tcr |= FIELD_PREP(PT_TCR_IPS, t1->ips);
	return tcr;
}

u64 pt_ttbr(const struct pt *pt, u16 asid)
{
	return pt->root_pa | FIELD_PREP(PT_TTBR_ASID, asid);
}
