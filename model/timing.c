// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The timing model: a cycle-approximate estimate of what the DMA traffic
 * the functional model carries would take on an MMU-500 (Arm DDI 0517),
 * with its structure:
 *
 * - a micro-TLB in each TBU (the TBU is StreamID[14:10] on ZynqMP,
 *   UG1085 table 16-3), a macro TLB and a walk cache in the TCU;
 * - at most @walks table walks in flight per TBU, and @outstanding reads
 *   and as many writes in flight per TBU;
 * - a TBU's read and write data channels move one beat a cycle each;
 *   memory answers a read (a descriptor, or data) @mem_cycles after it.
 *
 * It only watches: the functional model calls model_timing_txn() for each
 * transaction that completed, with how the SMMU translated it, and the
 * timing model keeps its own TLBs (sized and organised as configured,
 * which need not be the functional TLB's shape).  So the answers software
 * gets never depend on it.
 *
 * Time: each stream has a read and a write issue cursor; a transaction is
 * issued one cycle after the previous one of its kind, once an outstanding
 * slot is free (the one @outstanding transactions back has completed:
 * in-order retirement, a simplification), and a write not before the read
 * that fetched its data (the last read of the stream: a copying engine)
 * has completed.  Translation adds @utlb_cycles on a micro-TLB hit;
 * @utlb_cycles + @tcu_cycles on a macro TLB hit; on a miss, a walker
 * (the first of the TBU's @walks to be free) reads the descriptors the
 * walk cache does not hold, @mem_cycles each.  Entries are filled when the
 * walk is issued, with the time it completes: a later transaction to the
 * same page waits for that walk (miss merging) instead of walking again.
 * The data phase then takes the channel for its beats; a read completes
 * @mem_cycles + beats after its translation at the earliest, a write
 * @mem_cycles after its last beat (the write response).
 *
 * Simplifications (docs/perf.md): caches are set associative with LRU
 * (fully associative when ways is 0), tagged by context bank and ASID
 * (global entries are not shared between ASIDs); a bypass transaction
 * costs @utlb_cycles and looks nothing up; any invalidation but by VA
 * empties every TLB, one by VA removes the entries covering it, and both
 * empty the walk cache; DDR bandwidth, bank conflicts and QoS are not
 * modelled.
 */
#include "model-internal.h"

#define TIMING_TBUS    32 /* StreamID[14:10] */
#define TIMING_STREAMS 16

void model_timing_default(struct model_timing_cfg *c)
{
	/* A 533 MHz SMMU/DMA clock: an assumption (docs/perf.md). */
	if (!c->clock_mhz)
		c->clock_mhz = 533;
	if (!c->utlb_entries)
		c->utlb_entries = 32; /* Stratix 10 HPS, non-FPGA TBUs */
	if (!c->mtlb_entries)
		c->mtlb_entries = 512; /* Stratix 10 HPS TCU */
	if (!c->mtlb_ways && c->mtlb_entries >= 4)
		c->mtlb_ways = 4; /* an assumption */
	if (!c->wc_entries)
		c->wc_entries = 64; /* an assumption */
	if (!c->wc_ways && c->wc_entries >= 4)
		c->wc_ways = 4;
	if (!c->walks)
		c->walks = 8; /* DDI 0517 */
	if (!c->outstanding)
		c->outstanding = 128; /* DDI 0517 */
	if (!c->utlb_cycles)
		c->utlb_cycles = 2; /* DDI 0517: a hit, best case */
	if (!c->tcu_cycles)
		c->tcu_cycles = 8; /* an assumption */
	if (!c->mem_cycles)
		c->mem_cycles = 64; /* an assumption: about 120 ns */
	if (!c->beat_bytes)
		c->beat_bytes = 16; /* 128-bit AXI */
}

struct tc_ent {
	u64 tag;   /* the address >> @shift */
	u64 ready; /* when the walk that filled it completes */
	u64 used;  /* LRU stamp */
	u32 ctx;
	u8 shift;
	bool valid;
};

/* A set-associative cache of translations or of table descriptors. */
struct tcache {
	struct tc_ent *e;
	unsigned int sets;
	unsigned int ways;
	u64 shifts; /* the sizes it holds: bit n for 2^n */
	u64 clock;
};

static int tc_init(struct tcache *c, unsigned int entries, unsigned int ways)
{
	if (!ways || ways > entries)
		ways = entries;
	c->ways = ways;
	c->sets = entries / ways;
	c->e = vadma_zalloc(sizeof(*c->e) * c->sets * c->ways);
	return c->e ? 0 : -ENOMEM;
}

static struct tc_ent *tc_set(const struct tcache *c, u64 tag, u32 ctx)
{
	u64 h = (tag ^ ((u64)ctx << 40)) * 0x9e3779b97f4a7c15ULL;

	return &c->e[(h >> 32) % c->sets * c->ways];
}

/* The entry of @ctx holding @va at size 2^@shift, or NULL. */
static struct tc_ent *tc_find(struct tcache *c, u32 ctx, u64 va,
			      unsigned int shift)
{
	u64 tag = va >> shift;
	struct tc_ent *set = tc_set(c, tag, ctx);
	unsigned int w;

	for (w = 0; w < c->ways; w++) {
		struct tc_ent *e = &set[w];

		if (e->valid && e->tag == tag && e->shift == shift &&
		    e->ctx == ctx) {
			e->used = ++c->clock;
			return e;
		}
	}
	return NULL;
}

/* A translation of @va at any size the cache holds. */
static struct tc_ent *tc_lookup(struct tcache *c, u32 ctx, u64 va)
{
	u64 left;

	for (left = c->shifts; left; left &= left - 1) {
		struct tc_ent *e = tc_find(c, ctx, va,
					   (unsigned int)__builtin_ctzll(left));

		if (e)
			return e;
	}
	return NULL;
}

static void tc_insert(struct tcache *c, u32 ctx, u64 va, unsigned int shift,
		      u64 ready)
{
	u64 tag = va >> shift;
	struct tc_ent *set = tc_set(c, tag, ctx), *v = &set[0];
	unsigned int w;

	for (w = 0; w < c->ways; w++) {
		if (!set[w].valid) {
			v = &set[w];
			break;
		}
		if (set[w].used < v->used)
			v = &set[w];
	}
	v->tag = tag;
	v->ctx = ctx;
	v->shift = (u8)shift;
	v->ready = ready;
	v->used = ++c->clock;
	v->valid = true;
	c->shifts |= 1ULL << shift;
}

static void tc_inv(struct tcache *c, bool all, u64 va)
{
	unsigned int i;

	for (i = 0; i < c->sets * c->ways; i++) {
		struct tc_ent *e = &c->e[i];

		if (all || (va >> e->shift) == e->tag)
			e->valid = false;
	}
	if (all)
		c->shifts = 0;
}

struct tbu {
	struct tcache utlb;
	u64 *rd_done; /* completion times of the last @outstanding reads */
	u64 *wr_done; /* ... and writes */
	unsigned int rd_i, wr_i;
	u64 *walk_done; /* when each walker is free */
	u64 rd_bus;	/* when the read data channel is free */
	u64 wr_bus;
};

struct tstream {
	u32 sid;
	bool used;
	u64 rd_next; /* earliest issue of the next read */
	u64 wr_next;
	u64 rd_done; /* completion of its last read */
};

struct model_timing {
	struct model_timing_cfg cfg;
	struct tbu *tbu[TIMING_TBUS];
	struct tstream st[TIMING_STREAMS];
	struct tcache mtlb;
	struct tcache wc;
	u64 now;   /* the latest issue so far: a new stream starts here */
	u64 start; /* the window model_timing_stats() reports */
	u64 end;
	bool started;
	struct model_timing_stats s;
};

static void tbu_free(struct tbu *b)
{
	if (!b)
		return;
	vadma_free(b->utlb.e);
	vadma_free(b->rd_done);
	vadma_free(b->wr_done);
	vadma_free(b->walk_done);
	vadma_free(b);
}

static struct tbu *tbu_get(struct model_timing *t, u32 sid)
{
	unsigned int n = (sid >> 10) & (TIMING_TBUS - 1);
	struct tbu *b = t->tbu[n];

	if (b)
		return b;
	b = vadma_zalloc(sizeof(*b));
	if (!b)
		return NULL;
	b->rd_done = vadma_zalloc(sizeof(u64) * t->cfg.outstanding);
	b->wr_done = vadma_zalloc(sizeof(u64) * t->cfg.outstanding);
	b->walk_done = vadma_zalloc(sizeof(u64) * t->cfg.walks);
	if (!b->rd_done || !b->wr_done || !b->walk_done ||
	    tc_init(&b->utlb, t->cfg.utlb_entries, t->cfg.utlb_ways)) {
		tbu_free(b);
		return NULL;
	}
	t->tbu[n] = b;
	return b;
}

static struct tstream *stream_get(struct model_timing *t, u32 sid)
{
	unsigned int i, lru = 0;

	for (i = 0; i < TIMING_STREAMS; i++) {
		if (t->st[i].used && t->st[i].sid == sid)
			return &t->st[i];
		if (!t->st[i].used)
			lru = i;
	}
	/* A new stream (or one evicted) starts now. */
	t->st[lru] = (struct tstream){ .sid = sid,
				       .used = true,
				       .rd_next = t->now,
				       .wr_next = t->now,
				       .rd_done = 0 };
	return &t->st[lru];
}

struct model_timing *model_timing_create(const struct model_timing_cfg *cfg)
{
	struct model_timing *t = vadma_zalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->cfg = *cfg;
	model_timing_default(&t->cfg);
	if (tc_init(&t->mtlb, t->cfg.mtlb_entries, t->cfg.mtlb_ways) ||
	    tc_init(&t->wc, t->cfg.wc_entries, t->cfg.wc_ways)) {
		model_timing_destroy(t);
		return NULL;
	}
	return t;
}

void model_timing_destroy(struct model_timing *t)
{
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < TIMING_TBUS; i++)
		tbu_free(t->tbu[i]);
	vadma_free(t->mtlb.e);
	vadma_free(t->wc.e);
	vadma_free(t);
}

static inline u64 tmax(u64 a, u64 b)
{
	return a > b ? a : b;
}

/* The span of one entry of a level-@level table: 2^shift bytes. */
static unsigned int level_shift(unsigned int granule, unsigned int level)
{
	return granule + (3 - level) * (granule - 3);
}

/*
 * A walk for @va that may start at @at: the descriptors the walk cache
 * does not hold are read, one after the other.  Return when it ends.
 */
static u64 timing_walk(struct model_timing *t, struct tbu *b, u64 va, u64 at,
		       const struct model_xinfo *xi)
{
	unsigned int i, w = 0, level, from = xi->start, reads;
	u64 begin;

	for (i = 1; i < t->cfg.walks; i++)
		if (b->walk_done[i] < b->walk_done[w])
			w = i;
	begin = tmax(at, b->walk_done[w]);
	t->s.walk_waits += begin - at;
	t->s.walks++;
	/* The deepest table descriptor cached: start below it. */
	for (level = xi->leaf; level-- > xi->start;) {
		struct tc_ent *e = tc_find(&t->wc, xi->ctx, va,
					   level_shift(xi->granule, level));

		if (e) {
			from = level + 1;
			begin = tmax(begin, e->ready);
			t->s.wc_hits++;
			break;
		}
	}
	reads = xi->leaf - from + 1;
	t->s.desc_reads += reads;
	b->walk_done[w] = begin + (u64)reads * t->cfg.mem_cycles;
	for (level = xi->start; level < xi->leaf; level++) {
		unsigned int shift = level_shift(xi->granule, level);

		if (!tc_find(&t->wc, xi->ctx, va, shift))
			tc_insert(&t->wc, xi->ctx, va, shift, b->walk_done[w]);
	}
	return b->walk_done[w];
}

/* When the translation of a transaction issued at @at is known. */
static u64 timing_xlate(struct model_timing *t, struct tbu *b, u64 va, u64 at,
			const struct model_xinfo *xi)
{
	struct tc_ent *e;
	u64 q, done;

	if (!xi->translated)
		return at + t->cfg.utlb_cycles;
	t->s.utlb_lookups++;
	e = tc_lookup(&b->utlb, xi->ctx, va);
	if (e) {
		t->s.utlb_hits++;
		return tmax(at, e->ready) + t->cfg.utlb_cycles;
	}
	q = at + t->cfg.utlb_cycles + t->cfg.tcu_cycles;
	t->s.mtlb_lookups++;
	e = tc_lookup(&t->mtlb, xi->ctx, va);
	if (e) {
		t->s.mtlb_hits++;
		done = tmax(q, e->ready);
	} else {
		done = timing_walk(t, b, va, q, xi);
		tc_insert(&t->mtlb, xi->ctx, va, xi->shift, done);
	}
	tc_insert(&b->utlb, xi->ctx, va, xi->shift, done);
	return done;
}

void model_timing_txn(struct model_timing *t, u32 sid, u64 addr, u32 len,
		      bool write, const struct model_xinfo *xi)
{
	const struct model_timing_cfg *c = &t->cfg;
	struct tbu *b = tbu_get(t, sid);
	struct tstream *st = stream_get(t, sid);
	u64 beats, issue, x, start, done, *slot;

	if (!b)
		return; /* out of memory: not accounted */
	beats = ((addr % c->beat_bytes) + len + c->beat_bytes - 1) /
		c->beat_bytes;
	if (write) {
		issue = tmax(st->wr_next, st->rd_done);
		slot = &b->wr_done[b->wr_i];
	} else {
		issue = st->rd_next;
		slot = &b->rd_done[b->rd_i];
	}
	if (*slot > issue) {
		t->s.slot_waits += *slot - issue;
		issue = *slot;
	}
	if (!t->started) {
		t->started = true;
		t->start = issue;
		t->end = issue;
	}
	x = timing_xlate(t, b, addr, issue, xi);
	if (write) {
		start = tmax(x, b->wr_bus);
		b->wr_bus = start + beats;
		done = b->wr_bus + c->mem_cycles;
		st->wr_next = issue + 1;
		b->wr_i = (b->wr_i + 1) % c->outstanding;
		t->s.bytes_written += len;
	} else {
		start = tmax(x + c->mem_cycles, b->rd_bus);
		b->rd_bus = start + beats;
		done = b->rd_bus;
		st->rd_next = issue + 1;
		st->rd_done = done;
		b->rd_i = (b->rd_i + 1) % c->outstanding;
		t->s.bytes_read += len;
	}
	*slot = done;
	t->s.txns++;
	t->now = tmax(t->now, issue);
	t->end = tmax(t->end, done);
}

void model_timing_inv(struct model_timing *t, bool all, u64 va)
{
	unsigned int i;

	for (i = 0; i < TIMING_TBUS; i++)
		if (t->tbu[i])
			tc_inv(&t->tbu[i]->utlb, all, va);
	tc_inv(&t->mtlb, all, va);
	tc_inv(&t->wc, true, 0);
}

void model_timing_stats_of(const struct model_timing *t,
			   struct model_timing_stats *st)
{
	*st = t->s;
	st->cycles = t->end - t->start;
	st->clock_mhz = t->cfg.clock_mhz;
}

void model_timing_restart(struct model_timing *t)
{
	unsigned int i;

	memset(&t->s, 0, sizeof(t->s));
	t->started = false;
	/* What is in flight still ends when it ends: start after it. */
	t->now = tmax(t->now, t->end);
	for (i = 0; i < TIMING_STREAMS; i++) {
		t->st[i].rd_next = tmax(t->st[i].rd_next, t->now);
		t->st[i].wr_next = tmax(t->st[i].wr_next, t->now);
	}
}
