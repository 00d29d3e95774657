// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of the page-table library (include/vadma/pgtable.h).
 *
 * Expected values come from the architecture (Arm DDI 0487, VMSAv8-64
 * stage 1), computed here independently of the library: start levels, block
 * sizes, permission encodings, TCR/TTBR field positions.
 *
 * The sweep tests run every check for granule {4K,16K,64K} x ias {25..48}
 * x oas {32,36,40,42,44,48} x {TTBR0,TTBR1}; a failure names the
 * combination and the step.  Randomness comes from a fixed-seed xorshift,
 * so every run does the same thing.
 *
 * Tables live in a memimg arena at ARENA_PA.  test_random_noncoherent wraps
 * it in a "shadow" that models a walker which does not snoop the CPU caches:
 * it only sees what the library cleaned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vadma/pgtable.h"
#include "memimg.h"

#define ARENA_PA   0x80000000ULL
#define ARENA_SIZE (1ULL << 20)
#define TEST_MAIR \
	0x8877665544332211ULL /* attr byte of index i: 0x11 * (i + 1) */
#define MAX_PROBES 128

#define ULL(x) ((unsigned long long)(x))

/* ------------------------------------------------------------------ */
/* Reporting: which combination and which step a failure belongs to.  */

static char cur_name[96];
static char cur_step[256];

static void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void step(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cur_step, sizeof(cur_step), fmt, ap);
	va_end(ap);
}

#define EQ(a, b)                                                                       \
	do {                                                                           \
		unsigned long long _a = ULL(a), _b = ULL(b);                           \
                                                                                       \
		if (_a != _b)                                                          \
			fail_msg(                                                      \
				"[%s] %s: %s = 0x%llx (%lld), expected 0x%llx (%lld)", \
				cur_name, cur_step, #a, _a, (long long)_a, _b,         \
				(long long)_b);                                        \
	} while (0)

#define TRUE(c)                                                              \
	do {                                                                 \
		if (!(c))                                                    \
			fail_msg("[%s] %s: %s is false", cur_name, cur_step, \
				 #c);                                        \
	} while (0)

/* ------------------------------------------------------------------ */
/* Fixed-seed randomness.                                              */

static u64 rng_state = 0x2545f4914f6cdd1dULL;

static void rnd_seed(u64 seed)
{
	rng_state = seed ? seed : 0x2545f4914f6cdd1dULL;
}

static u64 rnd(void)
{
	u64 x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

/* A stateless hash, for values derived from a combination's index. */
static u64 mix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* ------------------------------------------------------------------ */
/* The architecture, computed without the library.                    */

/* Bytes one entry at @level maps, as log2. */
static unsigned int lvl_shift(unsigned int g, int level)
{
	return g + (unsigned int)(3 - level) * (g - 3);
}

/* The first level: the deepest one whose walk still covers @ias bits. */
static int arch_start_level(unsigned int g, unsigned int ias)
{
	int level = 3;

	while (g + (unsigned int)(4 - level) * (g - 3) < ias)
		level--;
	return level;
}

/* Levels that may hold a leaf (no FEAT_LPA/LPA2): D8.3.1. */
static bool arch_leaf_ok(unsigned int g, int level)
{
	if (level == 3 || level == 2)
		return true;
	return level == 1 && g == PT_GRANULE_4K;
}

/* Effective permissions of a leaf that pt_map() made from @prot. */
static u32 arch_perm(u32 prot)
{
	bool w = prot & PT_PROT_WRITE;
	bool x = prot & PT_PROT_EXEC;
	bool u = prot & PT_PROT_USER;
	u32 p = PT_PERM_PR;

	if (w)
		p |= PT_PERM_PW;
	if (u)
		p |= PT_PERM_UR;
	if (u && w)
		p |= PT_PERM_UW;
	if (x && u)
		p |= PT_PERM_UX;
	if (x && !u)
		p |= PT_PERM_PX;
	return p;
}

static bool arch_allows(u32 perm, unsigned int acc)
{
	bool u = acc & PT_ACC_USER;

	if (acc & PT_ACC_EXEC)
		return perm & (u ? PT_PERM_UX : PT_PERM_PX);
	if (acc & PT_ACC_WRITE)
		return perm & (u ? PT_PERM_UW : PT_PERM_PW);
	return perm & (u ? PT_PERM_UR : PT_PERM_PR);
}

static int arch_ips(unsigned int oas)
{
	switch (oas) {
	case 32:
		return 0;
	case 36:
		return 1;
	case 40:
		return 2;
	case 42:
		return 3;
	case 44:
		return 4;
	case 48:
		return 5;
	}
	return -1;
}

static unsigned int arch_tg(unsigned int g, enum pt_range range)
{
	/* TCR_EL1.TG0: 0 4K, 1 64K, 2 16K.  TG1: 1 16K, 2 4K, 3 64K. */
	if (range == PT_TTBR0)
		return g == 12 ? 0 : g == 16 ? 1 : 2;
	return g == 12 ? 2 : g == 14 ? 1 : 3;
}

static u32 mkprot(u32 flags, unsigned int attr, unsigned int sh)
{
	return flags | (u32)FIELD_PREP(PT_PROT_ATTR, attr) |
	       (u32)FIELD_PREP(PT_PROT_SH, sh);
}

static const unsigned int sh_values[] = { PT_SH_NONE, PT_SH_OUTER,
					  PT_SH_INNER };

static const unsigned int access_kinds[] = {
	0,
	PT_ACC_WRITE,
	PT_ACC_EXEC,
	PT_ACC_USER,
	PT_ACC_USER | PT_ACC_WRITE,
	PT_ACC_USER | PT_ACC_EXEC,
};

/* ------------------------------------------------------------------ */
/* Walk results.                                                       */

static bool walk_same(const struct pt_walk *a, const struct pt_walk *b)
{
	return a->fault == b->fault && a->level == b->level &&
	       a->range == b->range && a->pa == b->pa && a->size == b->size &&
	       a->desc == b->desc && a->attr_idx == b->attr_idx &&
	       a->attr == b->attr && a->sh == b->sh && a->ng == b->ng &&
	       a->perm == b->perm;
}

static void expect_walks_same(const char *what, u64 va, unsigned int acc,
			      int ra, const struct pt_walk *a, int rb,
			      const struct pt_walk *b)
{
	if (ra == rb && walk_same(a, b))
		return;
	fail_msg(
		"[%s] %s: %s differ at 0x%llx acc %u:\n"
		"  ret %d fault %s level %d range %d pa 0x%llx size 0x%llx desc 0x%llx idx %u attr 0x%x sh %u ng %d perm 0x%x\n"
		"  ret %d fault %s level %d range %d pa 0x%llx size 0x%llx desc 0x%llx idx %u attr 0x%x sh %u ng %d perm 0x%x",
		cur_name, cur_step, what, ULL(va), acc, ra,
		pt_fault_name(a->fault), a->level, a->range, ULL(a->pa),
		ULL(a->size), ULL(a->desc), a->attr_idx, a->attr, a->sh, a->ng,
		a->perm, rb, pt_fault_name(b->fault), b->level, b->range,
		ULL(b->pa), ULL(b->size), ULL(b->desc), b->attr_idx, b->attr,
		b->sh, b->ng, b->perm);
}

#define WEQ(field, want)                                                                 \
	do {                                                                             \
		unsigned long long _g = ULL(field), _w = ULL(want);                      \
                                                                                         \
		if (_g != _w)                                                            \
			fail_msg(                                                        \
				"[%s] %s: walk of 0x%llx: %s = 0x%llx, expected 0x%llx", \
				cur_name, cur_step, ULL(va), #field, _g, _w);            \
	} while (0)

/* Check a successful translation of @va by a leaf made from @prot. */
static void check_leaf(unsigned int g, enum pt_range range, u64 mair,
		       const struct pt_walk *w, int ret, u64 va, u64 pa,
		       int level, u32 prot)
{
	unsigned int shift = lvl_shift(g, level);
	unsigned int idx = (unsigned int)FIELD_GET(PT_PROT_ATTR, prot);

	WEQ(w->fault, PT_FAULT_NONE);
	WEQ(ret, 0);
	WEQ(w->level, level);
	WEQ(w->size, 1ULL << shift);
	WEQ(w->pa, pa);
	WEQ(w->range, range);
	WEQ(w->attr_idx, idx);
	WEQ(w->attr, (mair >> (8 * idx)) & 0xff);
	WEQ(w->sh, FIELD_GET(PT_PROT_SH, prot));
	WEQ(w->ng, !!(prot & PT_PROT_NG));
	WEQ(w->perm, arch_perm(prot));
	/* The descriptor: valid; page (0b11) at level 3, block (0b01) above. */
	WEQ(w->desc & 3, level == 3 ? 3 : 1);
	WEQ(w->desc & GENMASK_ULL(47, shift), pa & GENMASK_ULL(47, shift));
	if (shift > 12) /* OA bits below the block size are RES0 */
		WEQ(w->desc & GENMASK_ULL(shift - 1, 12), 0);
}

/* ------------------------------------------------------------------ */
/* One tree in a fresh arena: the state of a sweep step.               */

struct snap {
	char *dump;
	size_t len, cap;
	unsigned long live;
	int ret[MAX_PROBES];
	struct pt_walk w[MAX_PROBES];
};

struct env {
	struct memimg m;
	bool have_mem;
	struct pt pt;
	bool have_pt;
	struct pt_cfg cfg;
	unsigned int idx; /* the combination's number */
	unsigned int g;	  /* granule, log2 */
	u64 gsz;
	u64 base;  /* first input address */
	u64 span;  /* 2^ias */
	int start; /* start level, per the architecture */
	u64 pa0;   /* 2^oas - 2^31: an output address aligned to 1 GiB */
	unsigned int nprobe;
	u64 probe[MAX_PROBES];
	struct snap snap[2];
};

static int dump_append(void *arg, const char *text)
{
	struct snap *s = arg;
	size_t l = strlen(text);

	if (s->len + l + 2 > s->cap) {
		size_t cap = (s->len + l + 2) * 2;
		char *p = realloc(s->dump, cap);

		if (!p)
			return -ENOMEM;
		s->dump = p;
		s->cap = cap;
	}
	memcpy(s->dump + s->len, text, l);
	s->len += l;
	s->dump[s->len++] = '\n';
	s->dump[s->len] = '\0';
	return 0;
}

static void probe_reset(struct env *e)
{
	e->nprobe = 0;
}

static void probe_add(struct env *e, u64 va)
{
	if (e->nprobe == MAX_PROBES)
		fail_msg("[%s] too many probes", cur_name);
	e->probe[e->nprobe++] = va;
}

/* Probe the edges and the middle of [va, va + size), and just outside. */
static void probe_range(struct env *e, u64 va, u64 size)
{
	probe_add(e, va - 1);
	probe_add(e, va);
	probe_add(e, va + e->gsz);
	probe_add(e, va + size / 2 + 8);
	probe_add(e, va + size - e->gsz);
	probe_add(e, va + size - 1);
	probe_add(e, va + size);
}

/*
 * pt_iova_to_phys() at @va against pt_walk()'s result there (@wr, @w):
 * the same address wherever the walk gives one (a translation, or an
 * access-flag or permission fault), -ENOENT where it faults on
 * translation inside the input range, -ERANGE outside it.
 */
static void expect_iova_like_walk(const struct pt *pt, u64 va, int wr,
				  const struct pt_walk *w, const char *what)
{
	bool in = pt->cfg.range == PT_TTBR0 ? !(va >> pt->cfg.ias)
					    : !(~va >> pt->cfg.ias);
	u64 pa = 0xdeadULL;
	int ir = pt_iova_to_phys(pt, va, &pa);
	int want = 0;

	if (wr && w->fault != PT_FAULT_ACCESS &&
	    w->fault != PT_FAULT_PERMISSION) {
		if (w->fault != PT_FAULT_TRANSLATION)
			fail_msg("[%s] %s: 0x%llx: walk fault %s", cur_name,
				 what, ULL(va), pt_fault_name(w->fault));
		want = in ? -ENOENT : -ERANGE;
	}
	if (ir != want || (!want && pa != w->pa) || (want && pa != 0xdeadULL))
		fail_msg(
			"[%s] %s: pt_iova_to_phys(0x%llx) = %d pa 0x%llx; walk %d fault %s pa 0x%llx",
			cur_name, what, ULL(va), ir, ULL(pa), wr,
			pt_fault_name(w->fault), ULL(w->pa));
}

static void snap_take(struct env *e, struct snap *s)
{
	unsigned int i;

	s->len = 0;
	EQ(pt_dump(&e->pt, dump_append, s), 0);
	s->live = e->m.live;
	for (i = 0; i < e->nprobe; i++) {
		s->ret[i] = pt_walk(&e->pt, e->probe[i], 0, &s->w[i]);
		expect_iova_like_walk(&e->pt, e->probe[i], s->ret[i], &s->w[i],
				      cur_step);
	}
}

/* The tree is as snap[0] recorded it. */
static void snap_expect_same(struct env *e)
{
	struct snap *a = &e->snap[0], *b = &e->snap[1];
	unsigned int i;

	snap_take(e, b);
	EQ(b->live, a->live);
	if (strcmp(a->dump ? a->dump : "", b->dump ? b->dump : ""))
		fail_msg(
			"[%s] %s: the tables changed:\nbefore:\n%s\nafter:\n%s",
			cur_name, cur_step, a->dump, b->dump);
	for (i = 0; i < e->nprobe; i++)
		expect_walks_same("walks before and after", e->probe[i], 0,
				  a->ret[i], &a->w[i], b->ret[i], &b->w[i]);
}

static void env_close(struct env *e)
{
	if (e->have_pt)
		pt_destroy(&e->pt);
	e->have_pt = false;
	if (e->have_mem)
		memimg_release(&e->m);
	e->have_mem = false;
}

static void env_open(struct env *e, unsigned int g, unsigned int ias,
		     unsigned int oas, enum pt_range range, unsigned int idx)
{
	int ret;

	snprintf(cur_name, sizeof(cur_name), "granule=%uK ias=%u oas=%u %s",
		 1U << (g - 10), ias, oas,
		 range == PT_TTBR0 ? "ttbr0" : "ttbr1");
	step("setup");
	memimg_init(&e->m);
	e->have_mem = true;
	EQ(memimg_add_zero(&e->m, ARENA_PA, ARENA_SIZE), 0);

	memset(&e->cfg, 0, sizeof(e->cfg));
	e->cfg.granule = g;
	e->cfg.ias = ias;
	e->cfg.oas = oas;
	e->cfg.range = range;
	e->cfg.coherent_walk = idx & 1;
	e->cfg.mair = TEST_MAIR;
	e->idx = idx;
	e->g = g;
	e->gsz = 1ULL << g;
	e->span = 1ULL << ias;
	e->base = range == PT_TTBR1 ? 0 - e->span : 0;
	e->start = arch_start_level(g, ias);
	e->pa0 = (1ULL << oas) - (1ULL << 31);
	probe_reset(e);

	step("pt_init");
	ret = pt_init(&e->pt, &e->cfg, &memimg_pt_ops, &e->m);
	EQ(ret, 0);
	e->have_pt = true;
	EQ(e->m.live, 1);
	/* The zeroed root must reach a non-coherent walker too. */
	TRUE(e->m.cleans >= 1);
}

/* Close, checking that pt_destroy() freed every table. */
static void env_finish(struct env *e)
{
	step("pt_destroy");
	pt_destroy(&e->pt);
	e->have_pt = false;
	EQ(e->m.live, 0);
	env_close(e);
}

static int env_setup(void **state)
{
	*state = calloc(1, sizeof(struct env));
	return *state ? 0 : -1;
}

static int env_teardown(void **state)
{
	struct env *e = *state;

	env_close(e);
	free(e->snap[0].dump);
	free(e->snap[1].dump);
	free(e);
	return 0;
}

typedef void (*combo_fn)(struct env *e);

static const unsigned int granules[] = { PT_GRANULE_4K, PT_GRANULE_16K,
					 PT_GRANULE_64K };
static const unsigned int oases[] = { 32, 36, 40, 42, 44, 48 };

/* Run @fn for every granule x ias x oas x range. */
static void sweep(void **state, combo_fn fn)
{
	struct env *e = *state;
	unsigned int gi, ias, oi, r, idx = 0;

	for (gi = 0; gi < ARRAY_SIZE(granules); gi++)
		for (ias = PT_IAS_MIN; ias <= PT_IAS_MAX; ias++)
			for (oi = 0; oi < ARRAY_SIZE(oases); oi++)
				for (r = 0; r < 2; r++) {
					env_open(e, granules[gi], ias,
						 oases[oi], (enum pt_range)r,
						 idx++);
					fn(e);
					env_finish(e);
				}
	snprintf(cur_name, sizeof(cur_name), "sweep");
	step("number of combinations");
	EQ(idx, 3 * 24 * ARRAY_SIZE(oases) * 2);
}

/* A protection for this combination: always readable and accessed. */
static u32 combo_prot(const struct env *e, unsigned int salt)
{
	u64 r = mix(e->idx * 64ULL + salt);
	u32 f = PT_PROT_READ;

	if (r & 1)
		f |= PT_PROT_WRITE;
	if (r & 2)
		f |= PT_PROT_EXEC;
	if (r & 4)
		f |= PT_PROT_USER;
	if (r & 8)
		f |= PT_PROT_NG;
	return mkprot(f, (r >> 4) & 7, sh_values[(r >> 8) % 3]);
}

static void expect_leaf(struct env *e, u64 va, u64 pa, int level, u32 prot)
{
	struct pt_walk w;
	int ret;

	memset(&w, 0xa5, sizeof(w));
	ret = pt_walk(&e->pt, va, 0, &w);
	expect_iova_like_walk(&e->pt, va, ret, &w, cur_step);
	check_leaf(e->g, e->cfg.range, e->cfg.mair, &w, ret, va, pa, level,
		   prot);
}

/*
 * Like expect_leaf(), for a leaf at any level in [@lo, @hi]: the library
 * may or may not merge tables back into blocks when a hole is filled.
 */
static void expect_leaf_in(struct env *e, u64 va, u64 pa, int lo, int hi,
			   u32 prot)
{
	struct pt_walk w;
	int ret;

	memset(&w, 0xa5, sizeof(w));
	ret = pt_walk(&e->pt, va, 0, &w);
	if (ret == 0 && w.level >= lo && w.level <= hi)
		lo = w.level;
	check_leaf(e->g, e->cfg.range, e->cfg.mair, &w, ret, va, pa, lo, prot);
}

/* @va faults with @fault at @level (-1: any level). */
static void expect_fault(struct env *e, u64 va, unsigned int acc,
			 enum pt_fault fault, int level)
{
	struct pt_walk w;
	int ret;

	memset(&w, 0xa5, sizeof(w));
	ret = pt_walk(&e->pt, va, acc, &w);
	expect_iova_like_walk(&e->pt, va, ret, &w, cur_step);
	if (ret != -EFAULT || w.fault != fault ||
	    (level >= 0 && w.level != level) || w.range != e->cfg.range)
		fail_msg(
			"[%s] %s: walk of 0x%llx (acc %u): ret %d fault %s level %d range %d, expected -EFAULT %s at level %d range %d",
			cur_name, cur_step, ULL(va), acc, ret,
			pt_fault_name(w.fault), w.level, w.range,
			pt_fault_name(fault), level, e->cfg.range);
}

/* The leaves pt_map() should use for a block-aligned range: one of each size. */
struct pieces {
	unsigned int n;
	u64 size[4];
	int level[4];
	u64 total;
	u64 big;
};

static void get_pieces(const struct env *e, struct pieces *p)
{
	int l;

	memset(p, 0, sizeof(*p));
	for (l = e->start; l <= 3; l++) {
		if (!arch_leaf_ok(e->g, l))
			continue;
		p->size[p->n] = 1ULL << lvl_shift(e->g, l);
		p->level[p->n] = l;
		p->total += p->size[p->n];
		p->n++;
	}
	p->big = p->size[0];
}

static void map_ok(struct env *e, u64 va, u64 pa, u64 size, u32 prot)
{
	unsigned long cleans = e->m.cleans;

	step("pt_map(0x%llx, 0x%llx, 0x%llx, 0x%x)", ULL(va), ULL(pa),
	     ULL(size), prot);
	EQ(pt_map(&e->pt, va, pa, size, prot), 0);
	TRUE(e->m.cleans > cleans);
}

static void unmap_ok(struct env *e, u64 va, u64 size, u64 bytes)
{
	unsigned long cleans = e->m.cleans;

	step("pt_unmap(0x%llx, 0x%llx)", ULL(va), ULL(size));
	EQ(pt_unmap(&e->pt, va, size), bytes);
	if (bytes)
		TRUE(e->m.cleans > cleans);
}

static void expect_pieces(struct env *e, const struct pieces *p, u64 va, u64 pa,
			  u32 prot)
{
	u64 o = 0;
	unsigned int i;

	for (i = 0; i < p->n; i++) {
		step("walk piece %u (level %d) of 0x%llx -> 0x%llx", i,
		     p->level[i], ULL(va), ULL(pa));
		expect_leaf(e, va + o, pa + o, p->level[i], prot);
		expect_leaf(e, va + o + p->size[i] - 1, pa + o + p->size[i] - 1,
			    p->level[i], prot);
		expect_leaf(e, va + o + p->size[i] / 2 + 0x18,
			    pa + o + p->size[i] / 2 + 0x18, p->level[i], prot);
		o += p->size[i];
	}
}

/*
 * pt_regime_walk() on the same memory, with the tree in its half of a
 * regime built from pt_tcr(), pt_tcr_el1() and pt_ttbr(), agrees with
 * pt_walk() at every probe, for every kind of access.
 */
static void regime_matches(struct env *e)
{
	bool t0 = e->cfg.range == PT_TTBR0;
	u16 asid = (u16)mix(e->idx);
	u64 ttbr = pt_ttbr(&e->pt, asid);
	const struct pt_regime_half *h;
	struct pt_regime r;
	struct pt_walk a, b;
	struct pt_tcr t;
	unsigned int i, k;
	u64 tcr, other;
	int ra, rb;

	pt_tcr(&e->pt, &t);
	tcr = pt_tcr_el1(t0 ? &t : NULL, t0 ? NULL : &t);
	step("pt_regime_init(tcr 0x%llx, ttbr 0x%llx)", ULL(tcr), ULL(ttbr));
	EQ(pt_regime_init(&r, tcr, e->cfg.mair, t0 ? ttbr : 0, t0 ? 0 : ttbr,
			  &memimg_pt_ops, &e->m),
	   0);
	h = &r.half[e->cfg.range];
	EQ(h->enabled, 1);
	EQ(r.half[!e->cfg.range].enabled, 0);
	EQ(h->granule, e->g);
	EQ(h->ias, e->cfg.ias);
	EQ(h->start_level, e->start);
	EQ(h->base, ARENA_PA);
	EQ(r.oas, e->cfg.oas);
	EQ(r.base_bad[e->cfg.range], 0);

	for (i = 0; i < e->nprobe; i++) {
		for (k = 0; k < ARRAY_SIZE(access_kinds); k++) {
			if (e->probe[i] >> 63 != e->cfg.range) {
				/*
				 * The other half of the regime: disabled, so
				 * a level 0 translation fault, reported for
				 * that half (pt_walk() reports its own).
				 */
				step("regime walk of 0x%llx, other half",
				     ULL(e->probe[i]));
				memset(&b, 0xa5, sizeof(b));
				EQ(pt_regime_walk(&r, e->probe[i],
						  access_kinds[k], &b),
				   -EFAULT);
				EQ(b.fault, PT_FAULT_TRANSLATION);
				EQ(b.level, 0);
				EQ(b.range, e->probe[i] >> 63);
				continue;
			}
			memset(&a, 0x5a, sizeof(a));
			memset(&b, 0xa5, sizeof(b));
			ra = pt_walk(&e->pt, e->probe[i], access_kinds[k], &a);
			rb = pt_regime_walk(&r, e->probe[i], access_kinds[k],
					    &b);
			expect_walks_same("pt_walk and pt_regime_walk",
					  e->probe[i], access_kinds[k], ra, &a,
					  rb, &b);
		}
	}
	/* The disabled half translates nothing. */
	other = t0 ? ~0ULL - 0xfff : 0x1000;
	step("regime walk of 0x%llx in the disabled half", ULL(other));
	memset(&b, 0xa5, sizeof(b));
	EQ(pt_regime_walk(&r, other, 0, &b), -EFAULT);
	EQ(b.fault, PT_FAULT_TRANSLATION);
	EQ(b.level, 0);
}

/* 1. An empty tree translates nothing. */
static void combo_empty(struct env *e)
{
	u64 in[6], out[6];
	struct pt_walk w;
	unsigned int i, k;

	in[0] = e->base;
	in[1] = e->base + e->gsz;
	in[2] = e->base + e->span / 2;
	in[3] = e->base + e->span - e->gsz;
	in[4] = e->base + e->span - 1;
	in[5] = e->base + (mix(e->idx) & (e->span - 1));
	if (e->cfg.range == PT_TTBR0) {
		out[0] = e->span;
		out[1] = e->span + 3 * e->gsz;
		out[2] = 1ULL << 48;
		out[3] = 1ULL << 63;
		out[4] = 0xffff000000000000ULL;
		out[5] = ~0ULL;
	} else {
		out[0] = e->base - 1;
		out[1] = e->base - e->gsz;
		out[2] = 0;
		out[3] = e->span - 1;
		out[4] = (1ULL << 63) - 1;
		out[5] = 1ULL << 63;
	}
	for (k = 0; k < ARRAY_SIZE(access_kinds); k++) {
		for (i = 0; i < ARRAY_SIZE(in); i++) {
			step("empty tree, walk inside the range");
			expect_fault(e, in[i], access_kinds[k],
				     PT_FAULT_TRANSLATION, e->start);
		}
		for (i = 0; i < ARRAY_SIZE(out); i++) {
			step("empty tree, walk outside the range");
			expect_fault(e, out[i], access_kinds[k],
				     PT_FAULT_TRANSLATION, 0);
		}
	}
	/* The walk read the (zero) root entry; outside it read nothing. */
	step("empty tree, descriptor read");
	pt_walk(&e->pt, in[2], 0, &w);
	EQ(w.desc, 0);
	pt_walk(&e->pt, out[0], 0, &w);
	EQ(w.desc, 0);
	EQ(e->m.live, 1);

	probe_reset(e);
	for (i = 0; i < ARRAY_SIZE(in); i++)
		probe_add(e, in[i]);
	for (i = 0; i < ARRAY_SIZE(out); i++)
		probe_add(e, out[i]);
	regime_matches(e);
}

static void test_sweep_empty(void **state)
{
	sweep(state, combo_empty);
}

/* pt_tcr(), pt_ttbr(), pt_start_level(), the IPS helpers, the dump header. */
static void combo_regs(struct env *e)
{
	struct pt_tcr t;
	u16 asid = (u16)(0x1234 + e->idx);
	char head[160];
	u64 ttbr;

	step("pt_tcr");
	memset(&t, 0xa5, sizeof(t));
	pt_tcr(&e->pt, &t);
	EQ(t.tsz, 64 - e->cfg.ias);
	EQ(t.tg, arch_tg(e->g, e->cfg.range));
	EQ(t.ips, arch_ips(e->cfg.oas));
	if (e->cfg.coherent_walk) {
		EQ(t.irgn, 1);
		EQ(t.orgn, 1);
		EQ(t.sh, PT_SH_INNER);
	} else {
		EQ(t.irgn, 0);
		EQ(t.orgn, 0);
	}

	step("pt_ttbr(asid 0x%x)", asid);
	ttbr = pt_ttbr(&e->pt, asid);
	EQ(ttbr >> 48, asid);
	EQ(ttbr & GENMASK_ULL(47, 0), ARENA_PA); /* the root, CnP clear */
	EQ(pt_ttbr(&e->pt, 0), ARENA_PA);

	step("helpers");
	EQ(pt_start_level(e->g, e->cfg.ias), e->start);
	EQ(pt_oas_to_ips(e->cfg.oas), arch_ips(e->cfg.oas));
	EQ(pt_ips_to_oas((unsigned int)arch_ips(e->cfg.oas)), e->cfg.oas);

	step("dump of the empty tree");
	snprintf(
		head, sizeof(head),
		"tree %s granule=%uK ias=%u oas=%u start=L%d root=0x%llx tables=1\n",
		e->cfg.range == PT_TTBR0 ? "ttbr0" : "ttbr1", 1U << (e->g - 10),
		e->cfg.ias, e->cfg.oas, e->start, ULL(ARENA_PA));
	e->snap[0].len = 0;
	EQ(pt_dump(&e->pt, dump_append, &e->snap[0]), 0);
	if (strcmp(e->snap[0].dump, head))
		fail_msg("[%s] dump is \"%s\", expected \"%s\"", cur_name,
			 e->snap[0].dump, head);
}

static void test_sweep_regs(void **state)
{
	sweep(state, combo_regs);
}

/* 2. Every leaf size the granule allows maps and walks back. */
static void combo_map_walk(struct env *e)
{
	struct pieces p;
	unsigned int pos;
	u64 va, pa, off;
	u32 prot;

	get_pieces(e, &p);
	for (pos = 0; pos < 2; pos++) {
		/* At the bottom of the range, then at its top. */
		off = pos ? ALIGN_DOWN(e->span - p.total, p.big) : 0;
		va = e->base + off;
		pa = pos ? p.big : e->pa0;
		prot = combo_prot(e, pos);
		map_ok(e, va, pa, p.total, prot);
		EQ(e->m.live, 1 + (3 - e->start));
		expect_pieces(e, &p, va, pa, prot);
		if (off + p.total < e->span) {
			step("walk past the mapping");
			expect_fault(e, va + p.total, 0, PT_FAULT_TRANSLATION,
				     -1);
		}
		probe_reset(e);
		probe_range(e, va, p.total);
		probe_add(e, va + p.big);
		probe_add(e, va + p.big - 1);
		regime_matches(e);
		unmap_ok(e, va, p.total, p.total);
		EQ(e->m.live, 1);
	}

	/*
	 * Output misaligned with the input by one granule: only pages fit,
	 * even though the input and the size are block-aligned.
	 */
	if (e->start <= 2) {
		u64 b = 1ULL << lvl_shift(e->g, 2);

		va = e->base + (e->span >= 2 * b ? b : 0);
		pa = e->pa0 + e->gsz;
		prot = combo_prot(e, 2);
		map_ok(e, va, pa, b, prot);
		EQ(e->m.live, 1 + (3 - e->start));
		step("walk pages of a block-sized misaligned mapping");
		expect_leaf(e, va, pa, 3, prot);
		expect_leaf(e, va + b / 2 + 5, pa + b / 2 + 5, 3, prot);
		expect_leaf(e, va + b - 1, pa + b - 1, 3, prot);
		unmap_ok(e, va, b, b);
		EQ(e->m.live, 1);

		/* Input misaligned by one granule, output aligned. */
		va = e->base + e->gsz;
		pa = e->pa0;
		map_ok(e, va, pa, b, prot);
		step("walk pages of a misaligned-input mapping");
		expect_leaf(e, va, pa, 3, prot);
		expect_leaf(e, va + b - 1, pa + b - 1, 3, prot);
		unmap_ok(e, va, b, b);
		EQ(e->m.live, 1);
	}
}

static void test_sweep_map_walk(void **state)
{
	sweep(state, combo_map_walk);
}

/*
 * The level of the leaf that maps @va after [@vstart, @vstart + @size) was
 * mapped to @pa with the largest leaves the alignment allows.
 */
static int best_level(const struct env *e, u64 va, u64 vstart, u64 size, u64 pa)
{
	u64 o = va - e->base, os = vstart - e->base;
	int l;

	for (l = e->start; l < 3; l++) {
		u64 s = 1ULL << lvl_shift(e->g, l);
		u64 ent = o & ~(s - 1);

		if (arch_leaf_ok(e->g, l) && ent >= os &&
		    ent + s <= os + size && !((pa + (ent - os)) & (s - 1)))
			return l;
	}
	return 3;
}

/* 3. An overlapping map fails with -EEXIST and changes nothing. */
static void combo_overlap(struct env *e)
{
	struct pieces p;
	u64 va0 = e->base, q = e->base + e->span - e->gsz;
	u64 cap, rs, rstart, x, y;
	u32 prot = combo_prot(e, 3), prot2 = combo_prot(e, 4);
	unsigned int i;
	int ret;
	struct {
		u64 va, size;
	} tries[5];

	get_pieces(e, &p);
	map_ok(e, va0, e->pa0, p.total, prot);
	map_ok(e, q, 0, e->gsz, prot2);

	/* The rest of the range up to q, at most 2^36 (or oas - 1) bytes. */
	cap = 1ULL << ((e->cfg.oas < 37 ? e->cfg.oas : 37) - 1);
	rs = e->span - p.total;
	if (rs > cap)
		rs = ALIGN_DOWN(cap, p.big);
	rstart = q + e->gsz - rs;

	tries[0].va = va0; /* the same range */
	tries[0].size = p.total;
	tries[1].va = va0 + p.total - e->gsz; /* last page, and one more */
	tries[1].size = 2 * e->gsz;
	tries[2].va =
		va0 + ALIGN_DOWN(p.big / 2, e->gsz); /* inside the first leaf */
	tries[2].size = e->gsz;
	tries[3].va = rstart; /* lots of new tables, overlap at the end */
	tries[3].size = rs;
	tries[4].va = q; /* the single page */
	tries[4].size = e->gsz;

	probe_reset(e);
	probe_range(e, va0, p.total);
	probe_range(e, rstart, rs);
	probe_add(e, va0 + p.big);
	for (i = 0; i < 8; i++) {
		x = e->base + (mix(e->idx * 8 + i) & (e->span - 1));
		probe_add(e, x);
	}
	snap_take(e, &e->snap[0]);

	for (i = 0; i < ARRAY_SIZE(tries); i++) {
		step("overlapping pt_map(0x%llx, size 0x%llx)",
		     ULL(tries[i].va), ULL(tries[i].size));
		ret = pt_map(&e->pt, tries[i].va, 0, tries[i].size,
			     combo_prot(e, 5));
		EQ(ret, -EEXIST);
		snap_expect_same(e);
	}

	/* pt_remap() of the same ranges succeeds. */
	x = va0 + p.total - e->gsz;
	step("pt_remap over the end of the mapping");
	EQ(pt_remap(&e->pt, x, 0x40000, 2 * e->gsz, prot2), 0);
	expect_leaf(e, x, 0x40000, 3, prot2);
	expect_leaf(e, x + e->gsz + 7, 0x40000 + e->gsz + 7, 3, prot2);
	if (p.n > 1)
		expect_leaf(e, x - 1, e->pa0 + p.total - e->gsz - 1,
			    p.level[p.n - 2], prot);
	/* Output congruent with the input: the largest leaves fit. */
	y = (rstart - e->base) & (p.big - 1);
	step("pt_remap of a large range to 0x%llx", ULL(y));
	EQ(pt_remap(&e->pt, rstart, y, rs, prot2), 0);
	expect_leaf(e, q, y + rs - e->gsz, best_level(e, q, rstart, rs, y),
		    prot2);
	expect_leaf(e, rstart, y, best_level(e, rstart, rstart, rs, y), prot2);
	if (rstart > x) /* not replaced by the large remap */
		expect_leaf(e, x, 0x40000, 3, prot2);
}

static void test_sweep_overlap(void **state)
{
	sweep(state, combo_overlap);
}

/* 4. Unmap returns the bytes that were mapped and frees empty tables. */
static void combo_unmap(struct env *e)
{
	struct pieces p;
	u64 va0 = e->base, q = e->base + e->span - e->gsz;
	u32 prot = combo_prot(e, 6);
	unsigned int round;

	get_pieces(e, &p);
	for (round = 0; round < 2; round++) {
		/* Mapped again after the first round: the range is reusable. */
		map_ok(e, va0, e->pa0, p.total, prot);
		map_ok(e, q, 0, e->gsz, prot);
		expect_pieces(e, &p, va0, e->pa0, prot);
		expect_leaf(e, q, 0, 3, prot);

		/* Everything, with the hole between: the hole does not count. */
		unmap_ok(e, va0, e->span, p.total + e->gsz);
		EQ(e->m.live, 1);
		step("walks after unmapping everything");
		expect_fault(e, va0, 0, PT_FAULT_TRANSLATION, e->start);
		expect_fault(e, va0 + p.total - 1, 0, PT_FAULT_TRANSLATION,
			     e->start);
		expect_fault(e, q, 0, PT_FAULT_TRANSLATION, e->start);
		unmap_ok(e, va0, e->span, 0);
		EQ(e->m.live, 1);
	}

	/* Part of it: the first leaf stays, the tables below the rest go. */
	map_ok(e, va0, e->pa0, p.total, prot);
	if (p.n > 1) {
		unmap_ok(e, va0 + p.big, p.total - p.big, p.total - p.big);
		EQ(e->m.live, 1 + (p.level[0] - e->start));
		step("walks after a partial unmap");
		expect_leaf(e, va0 + p.big - 1, e->pa0 + p.big - 1, p.level[0],
			    prot);
		expect_fault(e, va0 + p.big, 0, PT_FAULT_TRANSLATION, -1);
	}
	/* A range with nothing in it. */
	unmap_ok(e, va0 + p.total, e->gsz, 0);
	/* An unmap that starts in a hole and ends inside a leaf. */
	map_ok(e, q, 0, e->gsz, prot);
	unmap_ok(e, q - 4 * e->gsz, 5 * e->gsz, e->gsz);
	unmap_ok(e, e->base, e->span, p.n > 1 ? p.big : p.total);
	EQ(e->m.live, 1);

	/* More than 4 GiB at once: the count must not be truncated. */
	if (e->span >= (8ULL << 30) && e->cfg.oas >= 36) {
		map_ok(e, e->base + (2ULL << 30), 0, 5ULL << 30, prot);
		unmap_ok(e, e->base, e->span, 5ULL << 30);
		EQ(e->m.live, 1);
	}
}

static void test_sweep_unmap(void **state)
{
	sweep(state, combo_unmap);
}

/* 5. The edges of the input and output ranges. */
static void combo_edges(struct env *e)
{
	u64 last = e->base + e->span - e->gsz;
	u64 top = 1ULL << e->cfg.oas;
	u64 pl = top - e->gsz;
	u64 outside;
	u32 prot = combo_prot(e, 7);

	if (e->cfg.range == PT_TTBR1)
		EQ(last, 0 - e->gsz); /* 0xffff...f000 for 4K */
	map_ok(e, last, pl, e->gsz, prot);
	step("walk of the last page");
	expect_leaf(e, last, pl, 3, prot);
	expect_leaf(e, last + e->gsz - 1, top - 1, 3, prot);
	map_ok(e, e->base, 0, e->gsz, prot);
	step("walk of the first page");
	expect_leaf(e, e->base, 0, 3, prot);

	probe_reset(e);
	probe_add(e, e->base);
	probe_add(e, last);
	probe_add(e, last + e->gsz - 1);
	probe_add(e, e->base + e->gsz);
	snap_take(e, &e->snap[0]);

	outside = e->cfg.range == PT_TTBR0 ? e->span : e->base - e->gsz;
	step("pt_map just outside the range (0x%llx)", ULL(outside));
	EQ(pt_map(&e->pt, outside, 0, e->gsz, prot), -ERANGE);
	EQ(pt_remap(&e->pt, outside, 0, e->gsz, prot), -ERANGE);
	EQ(pt_unmap(&e->pt, outside, e->gsz), -ERANGE);
	step("pt_map of the last page and one past it");
	EQ(pt_map(&e->pt, last - e->gsz, 0x10000, 2 * e->gsz, prot), -EEXIST);
	EQ(pt_map(&e->pt, last, 0x10000, 2 * e->gsz, prot), -ERANGE);
	EQ(pt_remap(&e->pt, last, 0x10000, 2 * e->gsz, prot), -ERANGE);
	EQ(pt_unmap(&e->pt, last, 2 * e->gsz), -ERANGE);
	step("pt_map of the whole range and one more page");
	EQ(pt_map(&e->pt, e->base, 0, e->span + e->gsz, prot), -ERANGE);
	EQ(pt_unmap(&e->pt, e->base, e->span + e->gsz), -ERANGE);
	if (e->cfg.range == PT_TTBR0) {
		step("pt_map at the top of the 64-bit space");
		EQ(pt_map(&e->pt, 0 - e->gsz, 0, e->gsz, prot), -ERANGE);
		EQ(pt_map(&e->pt, 1ULL << 63, 0, e->gsz, prot), -ERANGE);
	} else {
		step("pt_map at the bottom of the 64-bit space");
		EQ(pt_map(&e->pt, 0, 0, e->gsz, prot), -ERANGE);
		EQ(pt_map(&e->pt, (1ULL << 63) - e->gsz, 0, e->gsz, prot),
		   -ERANGE);
	}
	step("walk one byte past the range");
	expect_fault(e, e->cfg.range == PT_TTBR0 ? e->span : e->base - 1, 0,
		     PT_FAULT_TRANSLATION, 0);

	step("pt_map above the output size");
	EQ(pt_map(&e->pt, e->base + e->gsz, pl, 2 * e->gsz, prot), -ERANGE);
	EQ(pt_map(&e->pt, e->base + e->gsz, top, e->gsz, prot), -ERANGE);
	EQ(pt_remap(&e->pt, e->base + e->gsz, top, e->gsz, prot), -ERANGE);
	EQ(pt_map(&e->pt, e->base + e->gsz, 0 - e->gsz, e->gsz, prot), -ERANGE);
	EQ(pt_map(&e->pt, e->base + e->gsz, 0, top + e->gsz, prot), -ERANGE);
	snap_expect_same(e);

	/* The last page of the output range is fine anywhere. */
	map_ok(e, e->base + e->gsz, pl, e->gsz, prot);
	expect_leaf(e, e->base + e->gsz + 3, pl + 3, 3, prot);
	unmap_ok(e, e->base, e->span, 3 * e->gsz);
	EQ(e->m.live, 1);
}

/*
 * A range unmapped page by page, upwards, downwards and every other page
 * first: each table is freed once its last page goes, and not before (the
 * pages still mapped keep translating).  The range straddles two leaf
 * tables: half of one, all of the next.
 */
static void test_unmap_pieces(void **state)
{
	struct env *e = *state;
	unsigned int gi, order;

	for (gi = 0; gi < ARRAY_SIZE(granules); gi++) {
		unsigned int g = granules[gi];
		u64 per = 1ULL << (g - 3); /* entries of a table */
		u64 n = per + per / 2, gsz = 1ULL << g;
		u64 va0 = (gsz << (g - 3)) * 2 - (per / 2) * gsz;
		u32 prot = mkprot(PT_PROT_READ | PT_PROT_WRITE, 0, PT_SH_INNER);

		env_open(e, g, 48, 48, PT_TTBR0, 0);
		for (order = 0; order < 3; order++) {
			u64 k, i;

			map_ok(e, va0, e->pa0, n * gsz, prot);
			step("unmap page by page, order %u", order);
			for (k = 0; k < n; k++) {
				i = order == 0	 ? k
				    : order == 1 ? n - 1 - k
				    : k < n / 2	 ? 2 * k
						 : 2 * (k - n / 2) + 1;
				if (k == n / 2 || k == n - 1)
					expect_leaf(e, va0 + i * gsz + 8,
						    e->pa0 + i * gsz + 8, 3,
						    prot);
				EQ(pt_unmap(&e->pt, va0 + i * gsz, gsz), gsz);
			}
			EQ(e->m.live, 1);
			expect_fault(e, va0, 0, PT_FAULT_TRANSLATION, -1);
		}
		env_finish(e);
	}
}

/*
 * The edges of the one-pass path (changes inside one table that exists,
 * which can neither fail nor need a table) and of its fall-back to the
 * dry run: a map that starts in a table and crosses into a missing one,
 * -EEXIST in the middle of a range (the tree unchanged), blocks into an
 * existing table, unmaps with holes, unmaps that empty a table.
 */
static void test_fast_path(void **state)
{
	struct env *e = *state;
	unsigned int gi;

	for (gi = 0; gi < ARRAY_SIZE(granules); gi++) {
		unsigned int g = granules[gi];
		u64 gsz = 1ULL << g, per = 1ULL << (g - 3);
		u64 l = per * gsz; /* what a leaf table maps */
		u64 va0 = 2 * l, pa;
		u32 prot = mkprot(PT_PROT_READ | PT_PROT_WRITE, 1, PT_SH_INNER);
		u32 prot2 = mkprot(PT_PROT_READ, 2, PT_SH_OUTER);
		unsigned long live;
		u64 k;

		env_open(e, g, 48, 48, PT_TTBR0, 0);
		pa = e->pa0;
		map_ok(e, va0 + 4 * gsz, pa + 4 * gsz, gsz, prot);
		live = e->m.live;

		step("map from an existing leaf table into a missing one");
		map_ok(e, va0 + l - 2 * gsz, pa + 64 * gsz, 4 * gsz, prot2);
		EQ(e->m.live, live + 1);
		for (k = 0; k < 4; k++)
			expect_leaf(e, va0 + l - 2 * gsz + k * gsz + 8,
				    pa + (64 + k) * gsz + 8, 3, prot2);
		expect_fault(e, va0 + l + 2 * gsz, 0, PT_FAULT_TRANSLATION, 3);
		live = e->m.live;

		probe_reset(e);
		probe_range(e, va0, 16 * gsz);
		probe_range(e, va0 + l - 8 * gsz, 12 * gsz);
		snap_take(e, &e->snap[0]);
		step("-EEXIST in the middle of one table");
		EQ(pt_map(&e->pt, va0 + 2 * gsz, pa, 5 * gsz, prot), -EEXIST);
		snap_expect_same(e);
		step("-EEXIST at the start of one table");
		EQ(pt_map(&e->pt, va0 + 4 * gsz, pa, 3 * gsz, prot), -EEXIST);
		snap_expect_same(e);
		step("-EEXIST in the second of two tables");
		EQ(pt_map(&e->pt, va0 + l - 8 * gsz, pa, 10 * gsz, prot),
		   -EEXIST);
		snap_expect_same(e);
		step("-EEXIST, a block over a leaf table");
		EQ(pt_map(&e->pt, va0, pa, l, prot), -EEXIST);
		snap_expect_same(e);

		step("a run of pages into an existing table");
		map_ok(e, va0 + 8 * gsz, pa + 8 * gsz, 8 * gsz, prot);
		EQ(e->m.live, live);
		expect_leaf(e, va0 + 8 * gsz, pa + 8 * gsz, 3, prot);
		expect_leaf(e, va0 + 16 * gsz - 1, pa + 16 * gsz - 1, 3, prot);
		expect_fault(e, va0 + 16 * gsz, 0, PT_FAULT_TRANSLATION, 3);
		expect_leaf(e, va0 + 4 * gsz, pa + 4 * gsz, 3, prot);

		step("blocks into an existing table");
		map_ok(e, va0 + 4 * l, pa, 2 * l, prot2);
		EQ(e->m.live, live);
		expect_leaf(e, va0 + 4 * l + 8, pa + 8, 2, prot2);
		expect_leaf(e, va0 + 6 * l - 1, pa + 2 * l - 1, 2, prot2);
		step("blocks whose output is not aligned, out of memory");
		probe_reset(e);
		probe_range(e, va0 + 8 * l, 2 * l);
		snap_take(e, &e->snap[0]);
		e->m.fail_after = 1; /* the second table fails */
		EQ(pt_map(&e->pt, va0 + 8 * l, pa + gsz, 2 * l, prot2),
		   -ENOMEM);
		e->m.fail_after = -1;
		EQ(e->m.live, live);
		snap_expect_same(e);
		step("a block whose output is not aligned: a table");
		map_ok(e, va0 + 8 * l, pa + gsz, l, prot2);
		EQ(e->m.live, live + 1);
		expect_leaf(e, va0 + 8 * l, pa + gsz, 3, prot2);
		unmap_ok(e, va0 + 8 * l, l, l);
		EQ(e->m.live, live);

		step("remap of pages in an existing table");
		EQ(pt_remap(&e->pt, va0 + 8 * gsz, pa + 256 * gsz, 2 * gsz,
			    prot2),
		   0);
		expect_leaf(e, va0 + 9 * gsz, pa + 257 * gsz, 3, prot2);
		expect_leaf(e, va0 + 10 * gsz, pa + 10 * gsz, 3, prot);

		step("unmap one page of a table that keeps others");
		unmap_ok(e, va0 + 9 * gsz, gsz, gsz);
		EQ(e->m.live, live);
		expect_fault(e, va0 + 9 * gsz, 0, PT_FAULT_TRANSLATION, 3);
		expect_leaf(e, va0 + 8 * gsz, pa + 256 * gsz, 3, prot2);
		expect_leaf(e, va0 + 10 * gsz, pa + 10 * gsz, 3, prot);
		step("unmap a range with holes in one table");
		unmap_ok(e, va0, 16 * gsz, 8 * gsz);
		EQ(e->m.live, live);
		expect_leaf(e, va0 + l - gsz, pa + 65 * gsz, 3, prot2);
		step("unmap only holes");
		unmap_ok(e, va0, 16 * gsz, 0);
		EQ(e->m.live, live);
		step("unmap one block of two");
		unmap_ok(e, va0 + 4 * l, l, l);
		expect_leaf(e, va0 + 5 * l, pa + l, 2, prot2);
		step("unmap the last pages of a table: it goes");
		unmap_ok(e, va0 + l - 2 * gsz, 2 * gsz, 2 * gsz);
		EQ(e->m.live, live - 1);
		expect_leaf(e, va0 + l, pa + 66 * gsz, 3, prot2);
		step("map where the freed table was, then next to it");
		map_ok(e, va0 + 3 * gsz, pa + 3 * gsz, gsz, prot);
		EQ(e->m.live, live);
		map_ok(e, va0 + 5 * gsz, pa + 5 * gsz, gsz, prot);
		EQ(e->m.live, live);
		expect_leaf(e, va0 + 3 * gsz, pa + 3 * gsz, 3, prot);
		expect_leaf(e, va0 + 5 * gsz, pa + 5 * gsz, 3, prot);
		unmap_ok(e, va0, l, 2 * gsz);
		EQ(e->m.live, live - 1);
		step("unmap part of a block: split");
		unmap_ok(e, va0 + 5 * l + gsz, gsz, gsz);
		EQ(e->m.live, live);
		expect_leaf(e, va0 + 5 * l, pa + l, 3, prot2);
		expect_leaf(e, va0 + 5 * l + 2 * gsz, pa + l + 2 * gsz, 3,
			    prot2);
		step("unmap everything");
		unmap_ok(e, va0 + l, 5 * l, 2 * gsz + l - gsz);
		EQ(e->m.live, 1);
		env_finish(e);
	}
}

static void test_sweep_edges(void **state)
{
	sweep(state, combo_edges);
}

/*
 * The level of the leaf translating @x after the block at @level was split
 * around the pages @s[0..n): the first level whose entry holding @x holds
 * none of them.
 */
static int split_level(const struct env *e, int level, u64 x, const u64 *s,
		       unsigned int n)
{
	int l;
	unsigned int i;

	for (l = level + 1; l < 3; l++) {
		unsigned int sh = lvl_shift(e->g, l);
		bool clash = false;

		for (i = 0; i < n; i++)
			if ((x >> sh) == (s[i] >> sh))
				clash = true;
		if (!clash && arch_leaf_ok(e->g, l))
			return l;
	}
	return 3;
}

/* 6. Splitting blocks: unmap of a page inside, remap of a page inside. */
static void combo_split(struct env *e)
{
	int level;

	for (level = e->start; level < 3; level++) {
		u64 b = 1ULL << lvl_shift(e->g, level);
		u64 va = e->base + e->span - b, pa = e->pa0;
		u64 hole = va + b / 2 + e->gsz;
		u64 r = va + b / 4 + 3 * e->gsz;
		u64 newpa = 5 * e->gsz;
		u64 splits[2] = { hole, r };
		u32 prot = combo_prot(e, 10 + level);
		u32 prot2 = combo_prot(e, 20 + level);
		u64 xs[12];
		unsigned long live0, live1;
		unsigned int i;

		if (!arch_leaf_ok(e->g, level))
			continue;
		live0 = e->m.live;
		map_ok(e, va, pa, b, prot);
		expect_leaf(e, va, pa, level, prot);
		live1 = e->m.live;
		EQ(live1 - live0, level - e->start);

		/* Unmap one page in the middle. */
		unmap_ok(e, hole, e->gsz, e->gsz);
		EQ(e->m.live - live1, 3 - level);
		step("walk of the hole in a split level-%d block", level);
		expect_fault(e, hole, 0, PT_FAULT_TRANSLATION, 3);
		expect_fault(e, hole + e->gsz - 1, 0, PT_FAULT_TRANSLATION, 3);
		xs[0] = va;
		xs[1] = va + b - 1;
		xs[2] = hole - 1;
		xs[3] = hole - e->gsz;
		xs[4] = hole + e->gsz;
		xs[5] = va + b / 2;
		xs[6] = va + b / 2 - 1;
		xs[7] = va + b / 4;
		xs[8] = va + 3 * (b / 4) + 0x10;
		xs[9] = r;
		xs[10] = r - 8;
		xs[11] = r + e->gsz;
		for (i = 0; i < ARRAY_SIZE(xs); i++) {
			step("walk of 0x%llx in a level-%d block split at 0x%llx",
			     ULL(xs[i]), level, ULL(hole));
			expect_leaf(e, xs[i], pa + (xs[i] - va),
				    split_level(e, level, xs[i], splits, 1),
				    prot);
		}

		/* Fill the hole again. */
		map_ok(e, hole, pa + (hole - va), e->gsz, prot);
		expect_leaf_in(e, hole + 1, pa + (hole - va) + 1, level, 3,
			       prot);

		/* Remap another page to a different output address. */
		step("pt_remap(0x%llx) inside a split block", ULL(r));
		EQ(pt_remap(&e->pt, r, newpa, e->gsz, prot2), 0);
		expect_leaf(e, r, newpa, 3, prot2);
		expect_leaf(e, r + e->gsz - 1, newpa + e->gsz - 1, 3, prot2);
		for (i = 0; i < ARRAY_SIZE(xs); i++) {
			if (xs[i] >> e->g == r >> e->g)
				continue;
			step("walk of 0x%llx after remapping 0x%llx",
			     ULL(xs[i]), ULL(r));
			expect_leaf_in(e, xs[i], pa + (xs[i] - va), level,
				       split_level(e, level, xs[i], splits, 2),
				       prot);
		}

		/* Remap the whole block: one leaf again, the tables go. */
		step("pt_remap of the whole split block");
		EQ(pt_remap(&e->pt, va, pa, b, prot2), 0);
		EQ(e->m.live, live1);
		expect_leaf(e, hole, pa + (hole - va), level, prot2);
		expect_leaf(e, r, pa + (r - va), level, prot2);
		unmap_ok(e, va, b, b);
		EQ(e->m.live, live0);

		/* pt_remap() of one page inside an intact block splits it. */
		map_ok(e, va, pa, b, prot);
		step("pt_remap of the middle page of a level-%d block", level);
		EQ(pt_remap(&e->pt, va + b / 2, newpa, e->gsz, prot2), 0);
		EQ(e->m.live - live1, 3 - level);
		expect_leaf(e, va + b / 2 + 9, newpa + 9, 3, prot2);
		splits[0] = va + b / 2;
		for (i = 0; i < ARRAY_SIZE(xs); i++) {
			if (xs[i] >> e->g == splits[0] >> e->g)
				continue;
			step("walk of 0x%llx after remapping 0x%llx",
			     ULL(xs[i]), ULL(splits[0]));
			expect_leaf(e, xs[i], pa + (xs[i] - va),
				    split_level(e, level, xs[i], splits, 1),
				    prot);
		}
		unmap_ok(e, va, b, b);
		EQ(e->m.live, live0);
	}
}

static void test_sweep_split(void **state)
{
	sweep(state, combo_split);
}

/*
 * Run @op with fail_after = 0..k-1: each is -ENOMEM and changes nothing;
 * with fail_after = k it succeeds with @ok.
 */
enum fop {
	F_MAP,
	F_REMAP,
	F_UNMAP
};

static void fail_steps(struct env *e, enum fop op, u64 va, u64 pa, u64 size,
		       u32 prot, unsigned int k, s64 ok)
{
	static const char *const names[] = { "pt_map", "pt_remap", "pt_unmap" };
	unsigned int f;
	s64 ret;

	snap_take(e, &e->snap[0]);
	for (f = 0; f <= k; f++) {
		step("%s(0x%llx, 0x%llx, 0x%llx) needing %u tables, fail_after=%u",
		     names[op], ULL(va), ULL(pa), ULL(size), k, f);
		e->m.fail_after = f;
		if (op == F_MAP)
			ret = pt_map(&e->pt, va, pa, size, prot);
		else if (op == F_REMAP)
			ret = pt_remap(&e->pt, va, pa, size, prot);
		else
			ret = pt_unmap(&e->pt, va, size);
		e->m.fail_after = -1;
		if (f < k) {
			EQ(ret, -ENOMEM);
			snap_expect_same(e);
		} else {
			EQ(ret, ok);
			EQ(e->m.live, e->snap[0].live + k);
		}
	}
}

/* 7. Allocation failure at every step leaves everything as it was. */
static void combo_enomem(struct env *e)
{
	u32 prot = combo_prot(e, 30);
	u64 va, b;
	struct pt p2;
	int level;

	/* One page into the empty tree. */
	va = e->base + e->span / 2 + 3 * e->gsz;
	probe_reset(e);
	probe_range(e, va - e->gsz, 3 * e->gsz);
	fail_steps(e, F_MAP, va, e->pa0, e->gsz, prot, 3 - e->start, 0);
	expect_leaf(e, va, e->pa0, 3, prot);
	unmap_ok(e, va, e->gsz, e->gsz);
	EQ(e->m.live, 1);

	/* Two pages across the boundary of the first two root entries. */
	va = e->base + (1ULL << lvl_shift(e->g, e->start)) - e->gsz;
	probe_reset(e);
	probe_range(e, va - e->gsz, 4 * e->gsz);
	fail_steps(e, F_MAP, va, e->pa0, 2 * e->gsz, prot, 2 * (3 - e->start),
		   0);
	expect_leaf(e, va, e->pa0, 3, prot);
	expect_leaf(e, va + e->gsz, e->pa0 + e->gsz, 3, prot);
	unmap_ok(e, va, 2 * e->gsz, 2 * e->gsz);
	EQ(e->m.live, 1);

	/*
	 * A page in a new table, then a block: the dry run must follow the
	 * output address across the table it only imagines.
	 */
	for (level = e->start; level < 3; level++) {
		if (!arch_leaf_ok(e->g, level))
			continue;
		b = 1ULL << lvl_shift(e->g, level);
		va = e->base + b - e->gsz;
		probe_reset(e);
		probe_range(e, va - e->gsz, b + 2 * e->gsz);
		fail_steps(e, F_MAP, va, e->pa0 - e->gsz, b + e->gsz, prot,
			   3 - e->start, 0);
		expect_leaf(e, va, e->pa0 - e->gsz, 3, prot);
		expect_leaf(e, va + e->gsz, e->pa0, level, prot);
		expect_leaf(e, va + b + e->gsz - 1, e->pa0 + b - 1, level,
			    prot);
		unmap_ok(e, va, b + e->gsz, b + e->gsz);
		EQ(e->m.live, 1);
	}

	/* Splitting a block, by unmap and by remap. */
	for (level = e->start; level < 3; level++) {
		unsigned long live0;
		u64 hole;

		if (!arch_leaf_ok(e->g, level))
			continue;
		b = 1ULL << lvl_shift(e->g, level);
		va = e->base;
		hole = va + b / 2 + e->gsz;
		live0 = e->m.live;
		map_ok(e, va, e->pa0, b, prot);
		probe_reset(e);
		probe_range(e, va, b);
		probe_range(e, hole - e->gsz, 3 * e->gsz);
		fail_steps(e, F_UNMAP, hole, 0, e->gsz, 0, 3 - level,
			   (s64)e->gsz);
		expect_fault(e, hole, 0, PT_FAULT_TRANSLATION, 3);
		expect_leaf(e, hole + e->gsz, e->pa0 + (hole - va) + e->gsz, 3,
			    prot);
		unmap_ok(e, va, b, b - e->gsz);
		EQ(e->m.live, live0);

		map_ok(e, va, e->pa0, b, prot);
		fail_steps(e, F_REMAP, hole, 0x70000, e->gsz, prot, 3 - level,
			   0);
		expect_leaf(e, hole, 0x70000, 3, prot);
		unmap_ok(e, va, b, b);
		EQ(e->m.live, live0);
	}

	/* pt_init() itself. */
	step("pt_init with no memory");
	e->m.fail_after = 0;
	EQ(pt_init(&p2, &e->cfg, &memimg_pt_ops, &e->m), -ENOMEM);
	e->m.fail_after = -1;
	EQ(e->m.live, 1);
}

static void test_sweep_enomem(void **state)
{
	sweep(state, combo_enomem);
}

/* ------------------------------------------------------------------ */
/* Once, not per combination.                                          */

/* The architectural field positions the header spells. */
static void test_arch_constants(void **state)
{
	(void)state;
	snprintf(cur_name, sizeof(cur_name), "constants");
	step("descriptor fields");
	EQ(PT_DESC_VALID, 1ULL << 0);
	EQ(PT_DESC_TABLE, 1ULL << 1);
	EQ(PT_DESC_ATTRINDX, 7ULL << 2);
	EQ(PT_DESC_NS, 1ULL << 5);
	EQ(PT_DESC_AP, 3ULL << 6);
	EQ(PT_DESC_AP_EL0, 1ULL << 6);
	EQ(PT_DESC_AP_RO, 1ULL << 7);
	EQ(PT_DESC_SH, 3ULL << 8);
	EQ(PT_DESC_AF, 1ULL << 10);
	EQ(PT_DESC_NG, 1ULL << 11);
	EQ(PT_DESC_OA, 0x0000fffffffff000ULL);
	EQ(PT_DESC_DBM, 1ULL << 51);
	EQ(PT_DESC_CONT, 1ULL << 52);
	EQ(PT_DESC_PXN, 1ULL << 53);
	EQ(PT_DESC_UXN, 1ULL << 54);
	EQ(PT_DESC_PXNTABLE, 1ULL << 59);
	EQ(PT_DESC_UXNTABLE, 1ULL << 60);
	EQ(PT_DESC_APTABLE, 3ULL << 61);
	EQ(PT_DESC_APTABLE_NOEL0, 1ULL << 61);
	EQ(PT_DESC_APTABLE_RO, 1ULL << 62);
	EQ(PT_DESC_NSTABLE, 1ULL << 63);
	step("TCR_EL1 fields");
	EQ(PT_TCR_T0SZ, 0x3fULL);
	EQ(PT_TCR_EPD0, 1ULL << 7);
	EQ(PT_TCR_IRGN0, 3ULL << 8);
	EQ(PT_TCR_ORGN0, 3ULL << 10);
	EQ(PT_TCR_SH0, 3ULL << 12);
	EQ(PT_TCR_TG0, 3ULL << 14);
	EQ(PT_TCR_T1SZ, 0x3fULL << 16);
	EQ(PT_TCR_A1, 1ULL << 22);
	EQ(PT_TCR_EPD1, 1ULL << 23);
	EQ(PT_TCR_IRGN1, 3ULL << 24);
	EQ(PT_TCR_ORGN1, 3ULL << 26);
	EQ(PT_TCR_SH1, 3ULL << 28);
	EQ(PT_TCR_TG1, 3ULL << 30);
	EQ(PT_TCR_IPS, 7ULL << 32);
	EQ(PT_TCR_AS, 1ULL << 36);
	EQ(PT_TCR_TBI0, 1ULL << 37);
	EQ(PT_TCR_TBI1, 1ULL << 38);
	EQ(PT_TCR_HA, 1ULL << 39);
	EQ(PT_TCR_HD, 1ULL << 40);
	EQ(PT_TCR_TG0_4K, 0);
	EQ(PT_TCR_TG0_64K, 1);
	EQ(PT_TCR_TG0_16K, 2);
	EQ(PT_TCR_TG1_16K, 1);
	EQ(PT_TCR_TG1_4K, 2);
	EQ(PT_TCR_TG1_64K, 3);
	EQ(PT_TTBR_ASID, 0xffffULL << 48);
	EQ(PT_TTBR_BADDR, 0x0000fffffffffffeULL);
	step("start levels");
	EQ(arch_start_level(12, 25), 2);
	EQ(arch_start_level(12, 30), 2);
	EQ(arch_start_level(12, 31), 1);
	EQ(arch_start_level(12, 39), 1);
	EQ(arch_start_level(12, 40), 0);
	EQ(arch_start_level(14, 25), 3);
	EQ(arch_start_level(14, 26), 2);
	EQ(arch_start_level(14, 36), 2);
	EQ(arch_start_level(14, 37), 1);
	EQ(arch_start_level(14, 47), 1);
	EQ(arch_start_level(14, 48), 0);
	EQ(arch_start_level(16, 29), 3);
	EQ(arch_start_level(16, 30), 2);
	EQ(arch_start_level(16, 42), 2);
	EQ(arch_start_level(16, 43), 1);
	EQ(arch_start_level(16, 48), 1);
	step("IPS helpers");
	EQ(pt_oas_to_ips(35), -EINVAL);
	EQ(pt_oas_to_ips(52), -EINVAL);
	EQ(pt_oas_to_ips(0), -EINVAL);
	EQ(pt_ips_to_oas(6), -EINVAL);
	EQ(pt_ips_to_oas(7), -EINVAL);
	step("fault names");
	TRUE(strcmp(pt_fault_name(PT_FAULT_NONE),
		    pt_fault_name(PT_FAULT_TRANSLATION)));
	TRUE(strcmp(pt_fault_name(PT_FAULT_ACCESS),
		    pt_fault_name(PT_FAULT_PERMISSION)));
	TRUE(strcmp(pt_fault_name(PT_FAULT_ADDRESS_SIZE),
		    pt_fault_name(PT_FAULT_EXTERNAL)));
}

/* pt_init() refuses shapes the architecture cannot express. */
static void test_bad_cfg(void **state)
{
	static const struct {
		unsigned int granule, ias, oas, range;
	} bad[] = {
		{ 13, 48, 40, 0 }, { 0, 48, 40, 0 },  { 11, 48, 40, 0 },
		{ 15, 48, 40, 0 }, { 17, 48, 40, 0 }, { 12, 24, 40, 0 },
		{ 12, 49, 40, 0 }, { 12, 0, 40, 0 },  { 12, 64, 40, 0 },
		{ 16, 24, 40, 1 }, { 14, 49, 40, 1 }, { 12, 48, 35, 0 },
		{ 12, 48, 52, 0 }, { 12, 48, 0, 0 },  { 12, 48, 31, 0 },
		{ 12, 48, 33, 0 }, { 12, 48, 64, 0 }, { 12, 48, 40, 2 },
	};
	struct pt_mem_ops no_clean = memimg_pt_ops;
	struct env *e = *state;
	struct pt_cfg c;
	struct pt p;
	unsigned int i, ias, oi, gi;

	snprintf(cur_name, sizeof(cur_name), "bad cfg");
	memimg_init(&e->m);
	e->have_mem = true;
	step("arena");
	EQ(memimg_add_zero(&e->m, ARENA_PA, ARENA_SIZE), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&c, 0, sizeof(c));
		c.granule = bad[i].granule;
		c.ias = bad[i].ias;
		c.oas = bad[i].oas;
		c.range = (enum pt_range)bad[i].range;
		c.mair = TEST_MAIR;
		step("pt_init(granule %u, ias %u, oas %u, range %u)", c.granule,
		     c.ias, c.oas, bad[i].range);
		EQ(pt_init(&p, &c, &memimg_pt_ops, &e->m), -EINVAL);
		EQ(e->m.live, 0);
	}
	memset(&c, 0, sizeof(c));
	c.granule = 12;
	c.ias = 48;
	c.oas = 40;
	step("pt_init without a clean callback");
	no_clean.clean = NULL;
	EQ(pt_init(&p, &c, &no_clean, &e->m), -EINVAL);
	EQ(e->m.live, 0);

	/* Every legal shape is accepted. */
	for (gi = 0; gi < ARRAY_SIZE(granules); gi++)
		for (ias = PT_IAS_MIN; ias <= PT_IAS_MAX; ias++)
			for (oi = 0; oi < ARRAY_SIZE(oases); oi++) {
				c.granule = granules[gi];
				c.ias = ias;
				c.oas = oases[oi];
				c.range = (enum pt_range)((ias + oi) & 1);
				step("pt_init(granule %u, ias %u, oas %u)",
				     c.granule, c.ias, c.oas);
				EQ(pt_init(&p, &c, &memimg_pt_ops, &e->m), 0);
				EQ(e->m.live, 1);
				pt_destroy(&p);
				EQ(e->m.live, 0);
			}
	env_close(e);
}

/* Malformed arguments: -EINVAL or -ERANGE, and nothing changes. */
static void test_bad_args(void **state)
{
	static const u32 bad_prot[] = {
		0,
		PT_PROT_WRITE,
		PT_PROT_WRITE | PT_PROT_EXEC | PT_PROT_USER,
		PT_PROT_EXEC,
		PT_PROT_NG | PT_PROT_USER,
		PT_PROT_READ | (1U << 12), /* SH = 0b01, reserved */
		PT_PROT_READ | PT_PROT_WRITE | (1U << 12),
		PT_PROT_READ | (1U << 6),
		PT_PROT_READ | (1U << 7),
		PT_PROT_READ | (1U << 11),
		PT_PROT_READ | (1U << 14),
		PT_PROT_READ | (1U << 31),
	};
	struct env *e = *state;
	unsigned int gi, r, i, k;

	for (gi = 0; gi < ARRAY_SIZE(granules); gi++) {
		for (r = 0; r < 2; r++) {
			struct pieces p;
			u32 prot;
			u64 va, pa, g, top;

			env_open(e, granules[gi], 48, 40, (enum pt_range)r,
				 gi * 2 + r);
			g = e->gsz;
			top = 1ULL << e->cfg.oas;
			get_pieces(e, &p);
			prot = combo_prot(e, 40);
			map_ok(e, e->base, e->pa0, p.total, prot);
			va = e->base + e->span / 2; /* unmapped */
			pa = 0x40000000;
			probe_reset(e);
			probe_range(e, e->base, p.total);
			probe_range(e, va, 4 * g);
			snap_take(e, &e->snap[0]);

			for (k = 0; k < 2; k++) {
				int (*fn)(struct pt *, u64, u64, u64, u32) =
					k ? pt_remap : pt_map;
				const char *name = k ? "pt_remap" : "pt_map";

				step("%s unaligned", name);
				EQ(fn(&e->pt, va + 0x800, pa, g, prot),
				   -EINVAL);
				EQ(fn(&e->pt, va, pa + 0x800, g, prot),
				   -EINVAL);
				EQ(fn(&e->pt, va, pa, g + 0x800, prot),
				   -EINVAL);
				EQ(fn(&e->pt, va, pa, g - 8, prot), -EINVAL);
				if (g > 0x1000) {
					step("%s aligned to 4K only", name);
					EQ(fn(&e->pt, va + 0x1000, pa, g, prot),
					   -EINVAL);
					EQ(fn(&e->pt, va, pa + 0x1000, g, prot),
					   -EINVAL);
					EQ(fn(&e->pt, va, pa, g + 0x1000, prot),
					   -EINVAL);
				}
				step("%s size 0", name);
				EQ(fn(&e->pt, va, pa, 0, prot), -EINVAL);
				for (i = 0; i < ARRAY_SIZE(bad_prot); i++) {
					step("%s prot 0x%x", name, bad_prot[i]);
					EQ(fn(&e->pt, va, pa, g, bad_prot[i]),
					   -EINVAL);
				}
				step("%s above the output size", name);
				EQ(fn(&e->pt, va, top - g, 2 * g, prot),
				   -ERANGE);
				EQ(fn(&e->pt, va, top, g, prot), -ERANGE);
				EQ(fn(&e->pt, va, top * 2, g, prot), -ERANGE);
				EQ(fn(&e->pt, va, 0 - g, g, prot), -ERANGE);
				EQ(fn(&e->pt, va, 0, top + g, prot), -ERANGE);
				snap_expect_same(e);
			}
			step("pt_unmap unaligned");
			EQ(pt_unmap(&e->pt, e->base + 0x800, g), -EINVAL);
			EQ(pt_unmap(&e->pt, e->base, g + 0x800), -EINVAL);
			EQ(pt_unmap(&e->pt, e->base, 0), -EINVAL);
			if (g > 0x1000) {
				EQ(pt_unmap(&e->pt, e->base + 0x1000, g),
				   -EINVAL);
				EQ(pt_unmap(&e->pt, e->base, g + 0x1000),
				   -EINVAL);
			}
			snap_expect_same(e);
			env_finish(e);
		}
	}
}

/* Every combination of the protection flags, as a page and as a block. */
static void test_prot(void **state)
{
	static const struct {
		unsigned int g, ias;
		enum pt_range r;
	} cfgs[] = {
		{ 12, 39, PT_TTBR0 },
		{ 12, 48, PT_TTBR1 },
		{ 14, 36, PT_TTBR0 },
		{ 16, 42, PT_TTBR1 },
	};
	struct env *e = *state;
	unsigned int ci, flags, kind, k;

	for (ci = 0; ci < ARRAY_SIZE(cfgs); ci++) {
		u64 b;

		env_open(e, cfgs[ci].g, cfgs[ci].ias, 40, cfgs[ci].r, ci);
		b = 1ULL << lvl_shift(e->g, 2);
		for (flags = 0; flags < 64; flags++) {
			for (kind = 0; kind < 2; kind++) {
				u32 prot = mkprot(flags, flags & 7,
						  sh_values[flags % 3]);
				u32 perm = arch_perm(prot);
				bool x = flags & PT_PROT_EXEC;
				bool u = flags & PT_PROT_USER;
				bool w = flags & PT_PROT_WRITE;
				bool no_af = flags & PT_PROT_NO_AF;
				int level = kind ? 2 : 3;
				u64 size = kind ? b : e->gsz;
				u64 va = kind ? e->base + (1 + flags) * b
					      : e->base + flags * e->gsz;
				u64 pa = kind ? (u64)(1 + flags) * b
					      : 0x100000000ULL + flags * e->gsz;
				struct pt_walk wk;
				u64 d;
				int ret;

				step("pt_map prot 0x%x (flags 0x%x) as a level-%d leaf",
				     prot, flags, level);
				ret = pt_map(&e->pt, va, pa, size, prot);
				if (!(flags & PT_PROT_READ)) {
					EQ(ret, -EINVAL);
					continue;
				}
				EQ(ret, 0);

				/* The descriptor, bit by bit. */
				pt_walk(&e->pt, va, 0, &wk);
				d = wk.desc;
				step("descriptor 0x%llx for prot 0x%x level %d",
				     ULL(d), prot, level);
				EQ(d & 3, level == 3 ? 3 : 1);
				EQ((d >> 2) & 7, flags & 7);
				EQ((d >> 5) & 1, 0);  /* NS */
				EQ((d >> 6) & 1, u);  /* AP[1] */
				EQ((d >> 7) & 1, !w); /* AP[2] */
				EQ((d >> 8) & 3, sh_values[flags % 3]);
				EQ((d >> 10) & 1, !no_af); /* AF */
				EQ((d >> 11) & 1, !!(flags & PT_PROT_NG));
				EQ((d >> 51) & 3, 0); /* DBM, Contiguous */
				EQ((d >> 53) & 1, !(x && !u)); /* PXN */
				EQ((d >> 54) & 1, !(x && u));  /* UXN */
				EQ(d >> 55, 0);

				for (k = 0; k < ARRAY_SIZE(access_kinds); k++) {
					unsigned int acc = access_kinds[k];
					enum pt_fault want;

					want = no_af ? PT_FAULT_ACCESS
					       : arch_allows(perm, acc)
						       ? PT_FAULT_NONE
						       : PT_FAULT_PERMISSION;
					step("walk prot 0x%x level %d access %u",
					     prot, level, acc);
					memset(&wk, 0xa5, sizeof(wk));
					ret = pt_walk(&e->pt, va + 0x10, acc,
						      &wk);
					EQ(wk.fault, want);
					EQ(ret, want ? -EFAULT : 0);
					EQ(wk.level, level);
					EQ(wk.range, e->cfg.range);
					if (want != PT_FAULT_ACCESS) {
						EQ(wk.perm, perm);
						EQ(wk.ng,
						   !!(flags & PT_PROT_NG));
					}
					if (want == PT_FAULT_NONE) {
						EQ(wk.pa, pa + 0x10);
						EQ(wk.size, size);
						EQ(wk.attr,
						   (TEST_MAIR >>
						    (8 * (flags & 7))) &
							   0xff);
					}
					if (x && u && want != PT_FAULT_ACCESS) {
						TRUE(wk.perm & PT_PERM_UX);
						TRUE(!(wk.perm & PT_PERM_PX));
					}
					if (u && w)
						TRUE(!(wk.perm & PT_PERM_PX));
				}
			}
		}
		env_finish(e);
	}
}

static void check_tcr_half(u64 v, const struct pt_tcr *t, int half)
{
	if (!half) {
		EQ(FIELD_GET(PT_TCR_T0SZ, v), t->tsz);
		EQ(FIELD_GET(PT_TCR_TG0, v), t->tg);
		EQ(FIELD_GET(PT_TCR_SH0, v), t->sh);
		EQ(FIELD_GET(PT_TCR_IRGN0, v), t->irgn);
		EQ(FIELD_GET(PT_TCR_ORGN0, v), t->orgn);
		EQ(v & PT_TCR_EPD0, 0);
	} else {
		EQ(FIELD_GET(PT_TCR_T1SZ, v), t->tsz);
		EQ(FIELD_GET(PT_TCR_TG1, v), t->tg);
		EQ(FIELD_GET(PT_TCR_SH1, v), t->sh);
		EQ(FIELD_GET(PT_TCR_IRGN1, v), t->irgn);
		EQ(FIELD_GET(PT_TCR_ORGN1, v), t->orgn);
		EQ(v & PT_TCR_EPD1, 0);
	}
}

/* pt_tcr_el1() puts each field where TCR_EL1 has it. */
static void test_tcr_el1(void **state)
{
	const u64 f0 = PT_TCR_T0SZ | PT_TCR_TG0 | PT_TCR_SH0 | PT_TCR_IRGN0 |
		       PT_TCR_ORGN0;
	const u64 f1 = PT_TCR_T1SZ | PT_TCR_TG1 | PT_TCR_SH1 | PT_TCR_IRGN1 |
		       PT_TCR_ORGN1;
	struct env *e = *state;
	struct pt_tcr t0, t1;
	struct pt_regime r;
	struct pt p1;
	unsigned int i;
	u64 v;

	snprintf(cur_name, sizeof(cur_name), "pt_tcr_el1");
	rnd_seed(0x7c12);
	for (i = 0; i < 2000; i++) {
		u64 x = rnd();

		t0.tsz = x & 63;
		t0.tg = (x >> 6) & 3;
		t0.sh = (x >> 8) & 3;
		t0.irgn = (x >> 10) & 3;
		t0.orgn = (x >> 12) & 3;
		t0.ips = (x >> 14) % 6;
		t1.tsz = (x >> 20) & 63;
		t1.tg = (x >> 26) & 3;
		t1.sh = (x >> 28) & 3;
		t1.irgn = (x >> 30) & 3;
		t1.orgn = (x >> 32) & 3;
		t1.ips = (x >> 34) % 6;

		step("both halves, x = 0x%llx", ULL(x));
		v = pt_tcr_el1(&t0, &t1);
		check_tcr_half(v, &t0, 0);
		check_tcr_half(v, &t1, 1);
		EQ(FIELD_GET(PT_TCR_IPS, v), t0.ips);
		EQ(v & ~(f0 | f1 | PT_TCR_IPS), 0);

		step("TTBR0 only, x = 0x%llx", ULL(x));
		v = pt_tcr_el1(&t0, NULL);
		check_tcr_half(v, &t0, 0);
		TRUE(v & PT_TCR_EPD1);
		EQ(FIELD_GET(PT_TCR_IPS, v), t0.ips);
		EQ(v & ~(f0 | f1 | PT_TCR_IPS | PT_TCR_EPD1), 0);

		step("TTBR1 only, x = 0x%llx", ULL(x));
		v = pt_tcr_el1(NULL, &t1);
		check_tcr_half(v, &t1, 1);
		TRUE(v & PT_TCR_EPD0);
		EQ(FIELD_GET(PT_TCR_IPS, v), t1.ips);
		EQ(v & ~(f0 | f1 | PT_TCR_IPS | PT_TCR_EPD0), 0);
	}
	step("no half");
	v = pt_tcr_el1(NULL, NULL);
	EQ(v & (PT_TCR_EPD0 | PT_TCR_EPD1), PT_TCR_EPD0 | PT_TCR_EPD1);

	/* From real trees, decoded back by pt_regime_init(). */
	env_open(e, PT_GRANULE_4K, 39, 44, PT_TTBR0, 1);
	{
		struct pt_cfg c = e->cfg;

		c.granule = PT_GRANULE_64K;
		c.ias = 42;
		c.range = PT_TTBR1;
		c.coherent_walk = false;
		step("second tree");
		EQ(pt_init(&p1, &c, &memimg_pt_ops, &e->m), 0);
	}
	pt_tcr(&e->pt, &t0);
	pt_tcr(&p1, &t1);
	v = pt_tcr_el1(&t0, &t1);
	step("decode TCR 0x%llx", ULL(v));
	EQ(v, FIELD_PREP(PT_TCR_T0SZ, 25) | FIELD_PREP(PT_TCR_TG0, 0) |
		      FIELD_PREP(PT_TCR_SH0, 3) | FIELD_PREP(PT_TCR_IRGN0, 1) |
		      FIELD_PREP(PT_TCR_ORGN0, 1) |
		      FIELD_PREP(PT_TCR_T1SZ, 22) | FIELD_PREP(PT_TCR_TG1, 3) |
		      FIELD_PREP(PT_TCR_SH1, t1.sh) |
		      FIELD_PREP(PT_TCR_IPS, 4));
	EQ(pt_regime_init(&r, v, TEST_MAIR, pt_ttbr(&e->pt, 7), pt_ttbr(&p1, 9),
			  &memimg_pt_ops, &e->m),
	   0);
	EQ(r.half[0].enabled, 1);
	EQ(r.half[0].granule, PT_GRANULE_4K);
	EQ(r.half[0].ias, 39);
	EQ(r.half[0].start_level, 1);
	EQ(r.half[0].base, ARENA_PA);
	EQ(r.half[1].enabled, 1);
	EQ(r.half[1].granule, PT_GRANULE_64K);
	EQ(r.half[1].ias, 42);
	EQ(r.half[1].start_level, 2);
	EQ(r.half[1].base, pt_ttbr(&p1, 0));
	EQ(r.oas, 44);
	EQ(r.mair, TEST_MAIR);
	step("ttbr of the second tree");
	EQ(pt_ttbr(&p1, 0xffff) >> 48, 0xffff);
	EQ(pt_ttbr(&p1, 0xffff) & 0xffff, 0);
	pt_destroy(&p1);
	env_finish(e);
}

/*
 * pt_tcr_decode(): every field of each range in and out, the shape from
 * the architecture's encodings (DDI 0487 D19.2: TG0 0/1/2 = 4K/64K/16K,
 * TG1 1/2/3 = 16K/4K/64K, IPS 0..5 = 32/36/40/42/44/48 bits), and a clear
 * error for each field that cannot describe a tree.
 */
#define HALF(h, f0, f1, v) \
	((h) ? FIELD_GET(PT_TCR_##f1, v) : FIELD_GET(PT_TCR_##f0, v))

static void test_tcr_decode(void **state)
{
	static const int tg_granule[2][4] = {
		{ 12, 16, 14, -1 }, /* TG0 */
		{ -1, 14, 12, 16 }, /* TG1 */
	};
	static const int ips_bits[8] = { 32, 36, 40, 42, 44, 48, -1, -1 };
	static const u64 epd_f[2] = { PT_TCR_EPD0, PT_TCR_EPD1 };
	struct pt_tcr f;
	struct pt_cfg c;
	unsigned int i, h;

	(void)state;
	snprintf(cur_name, sizeof(cur_name), "pt_tcr_decode");
	rnd_seed(0x7cdec);
	for (i = 0; i < 4000; i++) {
		u64 tcr = rnd() & ~(PT_TCR_EPD0 | PT_TCR_EPD1);

		if (i % 8 == 0)
			tcr |= PT_TCR_EPD0;
		if (i % 8 == 1)
			tcr |= PT_TCR_EPD1;
		for (h = 0; h < 2; h++) {
			unsigned int tsz = HALF(h, T0SZ, T1SZ, tcr);
			int granule = tg_granule[h][HALF(h, TG0, TG1, tcr)];
			int oas = ips_bits[FIELD_GET(PT_TCR_IPS, tcr)];
			int want;

			if (tcr & epd_f[h])
				want = -ENOENT;
			else if (granule < 0 || tsz < 16 || tsz > 39 || oas < 0)
				want = -EINVAL;
			else
				want = 0;
			step("TCR 0x%llx, TTBR%u", ULL(tcr), h);
			memset(&c, 0xa5, sizeof(c));
			EQ(pt_tcr_decode(tcr, (enum pt_range)h, &f, &c), want);
			EQ(f.tsz, tsz);
			EQ(f.tg, HALF(h, TG0, TG1, tcr));
			EQ(f.sh, HALF(h, SH0, SH1, tcr));
			EQ(f.irgn, HALF(h, IRGN0, IRGN1, tcr));
			EQ(f.orgn, HALF(h, ORGN0, ORGN1, tcr));
			EQ(f.ips, FIELD_GET(PT_TCR_IPS, tcr));
			EQ(pt_tcr_decode(tcr, (enum pt_range)h, &f, NULL),
			   want);
			if (want)
				continue;
			EQ(c.granule, granule);
			EQ(c.ias, 64 - tsz);
			EQ(c.oas, oas);
			EQ(c.range, h);
			EQ(c.coherent_walk, 0);
			EQ(c.mair, 0);
		}
	}

	/* Named cases, each one field away from a good TTBR0 range. */
	{
		static const struct {
			const char *what;
			u64 tcr;
			int want;
		} cases[] = {
			{ "good: 4K, 48 bits in, 40 out",
			  FIELD_PREP(PT_TCR_T0SZ, 16) |
				  FIELD_PREP(PT_TCR_IPS, 2),
			  0 },
			{ "TG0 = 3, reserved",
			  FIELD_PREP(PT_TCR_T0SZ, 16) |
				  FIELD_PREP(PT_TCR_TG0, 3) |
				  FIELD_PREP(PT_TCR_IPS, 2),
			  -EINVAL },
			{ "T0SZ = 15: 49 bits in",
			  FIELD_PREP(PT_TCR_T0SZ, 15) |
				  FIELD_PREP(PT_TCR_IPS, 2),
			  -EINVAL },
			{ "T0SZ = 40: 24 bits in",
			  FIELD_PREP(PT_TCR_T0SZ, 40) |
				  FIELD_PREP(PT_TCR_IPS, 2),
			  -EINVAL },
			{ "IPS = 6: 52 bits out",
			  FIELD_PREP(PT_TCR_T0SZ, 16) |
				  FIELD_PREP(PT_TCR_IPS, 6),
			  -EINVAL },
			{ "IPS = 7, reserved",
			  FIELD_PREP(PT_TCR_T0SZ, 16) |
				  FIELD_PREP(PT_TCR_IPS, 7),
			  -EINVAL },
			{ "EPD0: no walks, whatever else",
			  PT_TCR_EPD0 | FIELD_PREP(PT_TCR_TG0, 3), -ENOENT },
			{ "TBI0, HA, HD and SH0 = 1 are not judged",
			  FIELD_PREP(PT_TCR_T0SZ, 16) |
				  FIELD_PREP(PT_TCR_IPS, 2) | PT_TCR_TBI0 |
				  PT_TCR_HA | PT_TCR_HD |
				  FIELD_PREP(PT_TCR_SH0, 1),
			  0 },
		};

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			step("%s", cases[i].what);
			EQ(pt_tcr_decode(cases[i].tcr, PT_TTBR0, &f, &c),
			   cases[i].want);
		}
	}
}

/* A regime with both halves in one memory agrees with pt_walk(). */
static void test_regime(void **state)
{
	static const unsigned int ias_pick[][2] = {
		{ 48, 48 }, { 25, 39 }, { 39, 25 }, { 36, 47 }, { 42, 30 },
		{ 30, 42 }, { 47, 36 }, { 40, 43 }, { 29, 26 },
	};
	static const unsigned int oas_pick[] = { 32, 40, 48 };
	struct env *e = *state;
	unsigned int g0, g1, oi, n = 0;

	rnd_seed(0x5eed);
	for (g0 = 0; g0 < 3; g0++)
		for (g1 = 0; g1 < 3; g1++)
			for (oi = 0; oi < ARRAY_SIZE(oas_pick); oi++, n++) {
				struct pt t[2];
				struct pt_cfg c[2];
				struct pt_tcr tc[2];
				struct pt_regime r;
				u64 rva[2][10], rsz[2][10], probes[400];
				unsigned int np = 0, i, h, k;
				u64 tcr, ttbr[2];

				snprintf(
					cur_name, sizeof(cur_name),
					"regime %uK/ias %u + %uK/ias %u oas %u",
					1U << (granules[g0] - 10),
					ias_pick[n % 9][0],
					1U << (granules[g1] - 10),
					ias_pick[n % 9][1], oas_pick[oi]);
				memimg_init(&e->m);
				e->have_mem = true;
				step("arena");
				EQ(memimg_add_zero(&e->m, ARENA_PA, 8ULL << 20),
				   0);
				for (h = 0; h < 2; h++) {
					memset(&c[h], 0, sizeof(c[h]));
					c[h].granule = granules[h ? g1 : g0];
					c[h].ias = ias_pick[n % 9][h];
					c[h].oas = oas_pick[oi];
					c[h].range = (enum pt_range)h;
					c[h].coherent_walk = (n + h) & 1;
					c[h].mair = TEST_MAIR;
					step("pt_init half %u", h);
					EQ(pt_init(&t[h], &c[h], &memimg_pt_ops,
						   &e->m),
					   0);
				}
				/* Random leaves of random sizes in both halves. */
				for (h = 0; h < 2; h++) {
					unsigned int g = c[h].granule;
					int start =
						arch_start_level(g, c[h].ias);
					u64 span = 1ULL << c[h].ias;
					u64 base = h ? 0 - span : 0;

					for (i = 0; i < 10; i++) {
						int level =
							start +
							(int)(rnd() %
							      (u64)(4 - start));
						u64 s, pa, va;
						u32 prot;
						int ret;

						if (!arch_leaf_ok(g, level))
							level = 3;
						s = 1ULL << lvl_shift(g, level);
						if (s >= (1ULL << c[h].oas) /
								    4 ||
						    s > span / 2)
							s = 1ULL << g;
						va = base +
						     (rnd() & (span - 1) &
						      ~(s - 1));
						pa = rnd() &
						     ((1ULL << c[h].oas) - 1) &
						     ~(s - 1);
						if (pa >
						    (1ULL << c[h].oas) - 2 * s)
							pa = 0;
						prot = mkprot(
							PT_PROT_READ |
								(rnd() & 0x3e),
							rnd() & 7,
							sh_values[rnd() % 3]);
						if (va - base + 2 * s > span)
							va -= s;
						step("pt_map half %u 0x%llx -> 0x%llx size 0x%llx",
						     h, ULL(va), ULL(pa),
						     ULL(2 * s));
						ret = pt_map(&t[h], va, pa,
							     2 * s, prot);
						if (ret == -EEXIST) {
							rva[h][i] = va;
							rsz[h][i] = 0;
							continue;
						}
						EQ(ret, 0);
						rva[h][i] = va;
						rsz[h][i] = 2 * s;
					}
				}
				pt_tcr(&t[0], &tc[0]);
				pt_tcr(&t[1], &tc[1]);
				tcr = pt_tcr_el1(&tc[0], &tc[1]);
				ttbr[0] = pt_ttbr(&t[0], (u16)(0x100 + n));
				ttbr[1] = pt_ttbr(&t[1], (u16)(0x200 + n));
				step("pt_regime_init(0x%llx)", ULL(tcr));
				EQ(pt_regime_init(&r, tcr, TEST_MAIR, ttbr[0],
						  ttbr[1], &memimg_pt_ops,
						  &e->m),
				   0);
				for (h = 0; h < 2; h++) {
					EQ(r.half[h].enabled, 1);
					EQ(r.half[h].granule, c[h].granule);
					EQ(r.half[h].ias, c[h].ias);
					EQ(r.half[h].start_level,
					   arch_start_level(c[h].granule,
							    c[h].ias));
					EQ(r.half[h].base,
					   ttbr[h] & GENMASK_ULL(47, 0));
				}
				EQ(r.oas, oas_pick[oi]);

				/* Probes: the leaves' edges, random addresses, the borders. */
				for (h = 0; h < 2; h++)
					for (i = 0; i < 10; i++) {
						u64 va = rva[h][i],
						    s = rsz[h][i];

						probes[np++] = va;
						probes[np++] = va - 1;
						if (!s)
							continue;
						probes[np++] =
							va + s / 2 + 0x28;
						probes[np++] = va + s - 1;
						probes[np++] = va + s;
					}
				probes[np++] = 0;
				probes[np++] = (1ULL << c[0].ias) - 1;
				probes[np++] = 1ULL << c[0].ias;
				probes[np++] = (0 - (1ULL << c[1].ias)) - 1;
				probes[np++] = 0 - (1ULL << c[1].ias);
				probes[np++] = ~0ULL;
				probes[np++] = 1ULL << 63;
				probes[np++] = (1ULL << 63) - 1;
				while (np < ARRAY_SIZE(probes)) {
					u64 x = rnd();

					switch (np % 3) {
					case 0:
						probes[np++] =
							x &
							((1ULL << c[0].ias) -
							 1);
						break;
					case 1:
						probes[np++] =
							x | (0 - (1ULL
								  << c[1].ias));
						break;
					default:
						probes[np++] = x;
						break;
					}
				}
				for (i = 0; i < np; i++) {
					for (k = 0;
					     k < ARRAY_SIZE(access_kinds);
					     k++) {
						struct pt_walk a, b;
						int ra, rb;

						memset(&a, 0x5a, sizeof(a));
						memset(&b, 0xa5, sizeof(b));
						ra = pt_walk(
							&t[probes[i] >> 63],
							probes[i],
							access_kinds[k], &a);
						rb = pt_regime_walk(
							&r, probes[i],
							access_kinds[k], &b);
						step("probe %u", i);
						expect_walks_same(
							"pt_walk and pt_regime_walk",
							probes[i],
							access_kinds[k], ra, &a,
							rb, &b);
					}
				}

				/* Only one half enabled: the other faults at level 0. */
				step("TTBR1 disabled");
				EQ(pt_regime_init(&r, pt_tcr_el1(&tc[0], NULL),
						  TEST_MAIR, ttbr[0], ttbr[1],
						  &memimg_pt_ops, &e->m),
				   0);
				for (i = 0; i < np; i++) {
					struct pt_walk a, b;
					int ra, rb;

					if (probes[i] >> 63) {
						rb = pt_regime_walk(
							&r, probes[i], 0, &b);
						EQ(rb, -EFAULT);
						EQ(b.fault,
						   PT_FAULT_TRANSLATION);
						EQ(b.level, 0);
						continue;
					}
					ra = pt_walk(&t[0], probes[i], 0, &a);
					rb = pt_regime_walk(&r, probes[i], 0,
							    &b);
					expect_walks_same(
						"pt_walk and pt_regime_walk (EPD1)",
						probes[i], 0, ra, &a, rb, &b);
				}
				pt_destroy(&t[0]);
				pt_destroy(&t[1]);
				step("both trees destroyed");
				EQ(e->m.live, 0);
				env_close(e);
			}
}

/* pt_regime_init() refuses what the walker cannot walk. */
static void test_regime_init_rejects(void **state)
{
	const u64 ok = FIELD_PREP(PT_TCR_T0SZ, 16) | FIELD_PREP(PT_TCR_TG0, 0) |
		       FIELD_PREP(PT_TCR_T1SZ, 16) | FIELD_PREP(PT_TCR_TG1, 2) |
		       FIELD_PREP(PT_TCR_IPS, 2);
	struct env *e = *state;
	struct pt_regime r;
	unsigned int tsz, ips;
	u64 tcr;

	snprintf(cur_name, sizeof(cur_name), "pt_regime_init");
	memimg_init(&e->m);
	e->have_mem = true;
	step("arena");
	EQ(memimg_add_zero(&e->m, ARENA_PA, ARENA_SIZE), 0);

	step("a valid TCR");
	EQ(pt_regime_init(&r, ok, 0, ARENA_PA, ARENA_PA, &memimg_pt_ops, &e->m),
	   0);
	for (tsz = 0; tsz < 64; tsz++) {
		int want = tsz >= 16 && tsz <= 39 ? 0 : -EINVAL;

		step("T0SZ = %u", tsz);
		tcr = (ok & ~PT_TCR_T0SZ) | FIELD_PREP(PT_TCR_T0SZ, tsz);
		EQ(pt_regime_init(&r, tcr, 0, 0, 0, &memimg_pt_ops, &e->m),
		   want);
		if (!want)
			EQ(r.half[0].ias, 64 - tsz);
		step("T1SZ = %u", tsz);
		tcr = (ok & ~PT_TCR_T1SZ) | FIELD_PREP(PT_TCR_T1SZ, tsz);
		EQ(pt_regime_init(&r, tcr, 0, 0, 0, &memimg_pt_ops, &e->m),
		   want);
		/* A disabled half's size does not matter. */
		step("T0SZ = %u with EPD0", tsz);
		tcr = (ok & ~PT_TCR_T0SZ) | FIELD_PREP(PT_TCR_T0SZ, tsz) |
		      PT_TCR_EPD0;
		EQ(pt_regime_init(&r, tcr, 0, 0, 0, &memimg_pt_ops, &e->m), 0);
		EQ(r.half[0].enabled, 0);
		EQ(r.half[1].enabled, 1);
	}
	step("TG1 = 0 (reserved)");
	tcr = ok & ~PT_TCR_TG1;
	EQ(pt_regime_init(&r, tcr, 0, 0, 0, &memimg_pt_ops, &e->m), -EINVAL);
	step("TG0 = 3 (reserved)");
	tcr = ok | PT_TCR_TG0;
	EQ(pt_regime_init(&r, tcr, 0, 0, 0, &memimg_pt_ops, &e->m), -EINVAL);
	for (ips = 0; ips < 8; ips++) {
		step("IPS = %u", ips);
		tcr = (ok & ~PT_TCR_IPS) | FIELD_PREP(PT_TCR_IPS, ips);
		EQ(pt_regime_init(&r, tcr, 0, 0, 0, &memimg_pt_ops, &e->m),
		   ips < 6 ? 0 : -EINVAL);
		if (ips < 6) {
			static const unsigned int bits[] = { 32, 36, 40,
							     42, 44, 48 };

			EQ(r.oas, bits[ips]);
		}
	}
	step("TBI0");
	EQ(pt_regime_init(&r, ok | PT_TCR_TBI0, 0, 0, 0, &memimg_pt_ops, &e->m),
	   -EINVAL);
	step("TBI1");
	EQ(pt_regime_init(&r, ok | PT_TCR_TBI1, 0, 0, 0, &memimg_pt_ops, &e->m),
	   -EINVAL);
	step("HA");
	EQ(pt_regime_init(&r, ok | PT_TCR_HA, 0, 0, 0, &memimg_pt_ops, &e->m),
	   -EINVAL);
	step("HD");
	EQ(pt_regime_init(&r, ok | PT_TCR_HD, 0, 0, 0, &memimg_pt_ops, &e->m),
	   -EINVAL);
	step("TTBR above the output size");
	EQ(pt_regime_init(&r, ok, 0, 1ULL << 40, ARENA_PA, &memimg_pt_ops,
			  &e->m),
	   0);
	EQ(r.base_bad[0], 1);
	EQ(r.base_bad[1], 0);
	env_close(e);
}

/* Write descriptor @idx of the table at @table in the arena. */
static void put_desc(struct memimg *m, u64 table, unsigned int idx, u64 desc)
{
	u64 *p = memimg_ptr(m, table + 8ULL * idx, 8);

	assert_non_null(p);
	*p = cpu_to_le64(desc);
}

struct hand_case {
	u64 va;
	unsigned int acc;
	enum pt_fault fault;
	int level;
	u64 pa;	  /* no fault only */
	u32 perm; /* no fault, or a permission fault */
};

/*
 * Tables written by hand, walked through pt_regime_walk(): hierarchical
 * permissions, the EL0-execute quirk, reserved encodings, address size and
 * external faults, fault priority.
 */
static void test_walk_hand_built(void **state)
{
	const u64 A = ARENA_PA;
	const u64 L1 = A, L2a = A + 0x1000, L3a = A + 0x2000;
	const u64 L2b = A + 0x3000, L2c = A + 0x4000, L3c = A + 0x5000;
	const u64 R1 = A + 0x6000, L1r = A + 0x7000;
	const u64 AF = PT_DESC_AF, TBL = 3, BLK = 1, PG = 3;
	const u64 tcr = FIELD_PREP(PT_TCR_T0SZ, 25) |
			FIELD_PREP(PT_TCR_TG0, PT_TCR_TG0_4K) |
			FIELD_PREP(PT_TCR_T1SZ, 16) |
			FIELD_PREP(PT_TCR_TG1, PT_TCR_TG1_4K) |
			FIELD_PREP(PT_TCR_IPS, 2); /* 40 bits */
	const struct hand_case cases[] = {
		/* APTable RO above, UXNTable above: EL0 RW page becomes RO, no UX. */
		{ 0x0000, 0, PT_FAULT_NONE, 3, 0x10000000,
		  PT_PERM_PR | PT_PERM_UR | PT_PERM_PX },
		{ 0x0010, PT_ACC_WRITE, PT_FAULT_PERMISSION, 3, 0,
		  PT_PERM_PR | PT_PERM_UR | PT_PERM_PX },
		{ 0x0010, PT_ACC_USER | PT_ACC_EXEC, PT_FAULT_PERMISSION, 3, 0,
		  PT_PERM_PR | PT_PERM_UR | PT_PERM_PX },
		{ 0x0010, PT_ACC_EXEC, PT_FAULT_NONE, 3, 0x10000010,
		  PT_PERM_PR | PT_PERM_UR | PT_PERM_PX },
		{ 0x1008, 0, PT_FAULT_NONE, 3, 0x10001008, PT_PERM_PR },
		/* APTable no-EL0 and PXNTable: EL0 loses access, EL1 exec. */
		{ 0x40000000, PT_ACC_WRITE, PT_FAULT_NONE, 2, 0x40000000,
		  PT_PERM_PR | PT_PERM_PW | PT_PERM_UX },
		{ 0x40000040, PT_ACC_USER, PT_FAULT_PERMISSION, 2, 0,
		  PT_PERM_PR | PT_PERM_PW | PT_PERM_UX },
		{ 0x40000040, PT_ACC_USER | PT_ACC_EXEC, PT_FAULT_NONE, 2,
		  0x40000040, PT_PERM_PR | PT_PERM_PW | PT_PERM_UX },
		{ 0x40000040, PT_ACC_EXEC, PT_FAULT_PERMISSION, 2, 0,
		  PT_PERM_PR | PT_PERM_PW | PT_PERM_UX },
		{ 0x40200000, 0, PT_FAULT_NONE, 2, 0x40200000, PT_PERM_PR },
		/* A 1G block, AP=00 UXN=0: EL0 may execute what it cannot read. */
		{ 0x80001234, 0, PT_FAULT_NONE, 1, 0x40001234,
		  PT_PERM_PR | PT_PERM_PW | PT_PERM_PX | PT_PERM_UX },
		{ 0x80001234, PT_ACC_USER | PT_ACC_EXEC, PT_FAULT_NONE, 1,
		  0x40001234,
		  PT_PERM_PR | PT_PERM_PW | PT_PERM_PX | PT_PERM_UX },
		{ 0x80001234, PT_ACC_USER, PT_FAULT_PERMISSION, 1, 0,
		  PT_PERM_PR | PT_PERM_PW | PT_PERM_PX | PT_PERM_UX },
		/* A block above the 40-bit output size. */
		{ 0xc0000000, 0, PT_FAULT_ADDRESS_SIZE, 1, 0, 0 },
		/* A table that is not in memory. */
		{ 0x100000000ULL, 0, PT_FAULT_EXTERNAL, 2, 0, 0 },
		/* Level 3 with bit 1 clear is reserved: translation fault. */
		{ 0x140000000ULL, 0, PT_FAULT_TRANSLATION, 3, 0, 0 },
		/* Access flag clear: access fault, before permission. */
		{ 0x140001000ULL, 0, PT_FAULT_ACCESS, 3, 0, 0 },
		{ 0x140200000ULL, PT_ACC_WRITE, PT_FAULT_ACCESS, 2, 0, 0 },
		{ 0x140400000ULL, PT_ACC_WRITE, PT_FAULT_PERMISSION, 2, 0,
		  PT_PERM_PR | PT_PERM_PX },
		{ 0x140400000ULL, 0, PT_FAULT_NONE, 2, 0x20400000,
		  PT_PERM_PR | PT_PERM_PX },
		/* AP=01, PXN=0: EL0 may write, so EL1 may not execute. */
		{ 0x140600000ULL, PT_ACC_EXEC, PT_FAULT_PERMISSION, 2, 0,
		  PT_PERM_PR | PT_PERM_PW | PT_PERM_UR | PT_PERM_UW |
			  PT_PERM_UX },
		{ 0x140600000ULL, PT_ACC_USER | PT_ACC_WRITE, PT_FAULT_NONE, 2,
		  0x20600000,
		  PT_PERM_PR | PT_PERM_PW | PT_PERM_UR | PT_PERM_UW |
			  PT_PERM_UX },
		/* A next-level table above the output size. */
		{ 0x1c0000000ULL, 0, PT_FAULT_ADDRESS_SIZE, 1, 0, 0 },
		/* Invalid at level 1. */
		{ 0x180000000ULL, 0, PT_FAULT_TRANSLATION, 1, 0, 0 },
		/* Outside both ranges. */
		{ 1ULL << 39, 0, PT_FAULT_TRANSLATION, 0, 0, 0 },
		{ 1ULL << 63, 0, PT_FAULT_TRANSLATION, 0, 0, 0 },
		/* TTBR1, 4K, 48 bits: a block at level 0 is not a block. */
		{ 0xffffff8000000000ULL, 0, PT_FAULT_TRANSLATION, 0, 0, 0 },
		{ 0xffffff0000000000ULL + 0x345, 0, PT_FAULT_NONE, 1,
		  0x00c0000345ULL, PT_PERM_PR | PT_PERM_PW },
	};
	struct env *e = *state;
	struct pt_regime r;
	struct pt_walk w;
	unsigned int i;
	int ret;

	snprintf(cur_name, sizeof(cur_name), "hand-built tables");
	memimg_init(&e->m);
	e->have_mem = true;
	step("arena");
	EQ(memimg_add_zero(&e->m, ARENA_PA, ARENA_SIZE), 0);

	put_desc(&e->m, L1, 0, L2a | TBL | PT_DESC_APTABLE_RO);
	put_desc(&e->m, L2a, 0, L3a | TBL | PT_DESC_UXNTABLE);
	put_desc(&e->m, L3a, 0, 0x10000000 | PG | AF | PT_DESC_AP_EL0);
	put_desc(&e->m, L3a, 1, 0x10001000 | PG | AF | PT_DESC_PXN);
	put_desc(&e->m, L1, 1,
		 L2b | TBL | PT_DESC_APTABLE_NOEL0 | PT_DESC_PXNTABLE);
	put_desc(&e->m, L2b, 0, 0x40000000 | BLK | AF | PT_DESC_AP_EL0);
	put_desc(&e->m, L2b, 1,
		 0x40200000 | BLK | AF | PT_DESC_AP_RO | PT_DESC_AP_EL0 |
			 PT_DESC_UXN);
	put_desc(&e->m, L1, 2,
		 0x40000000 | BLK | AF | FIELD_PREP(PT_DESC_ATTRINDX, 5) |
			 FIELD_PREP(PT_DESC_SH, 3) | PT_DESC_NG);
	put_desc(&e->m, L1, 3, (1ULL << 41) | BLK | AF);
	put_desc(&e->m, L1, 4, 0x1000000000ULL | TBL);
	put_desc(&e->m, L1, 5, L2c | TBL);
	put_desc(&e->m, L2c, 0, L3c | TBL);
	put_desc(&e->m, L3c, 0, 0x20000000 | BLK | AF);
	put_desc(&e->m, L3c, 1, 0x20001000 | PG);
	put_desc(&e->m, L2c, 1, 0x20200000 | BLK | PT_DESC_AP_RO);
	put_desc(&e->m, L2c, 2,
		 0x20400000 | BLK | AF | PT_DESC_AP_RO | PT_DESC_UXN);
	put_desc(&e->m, L2c, 3, 0x20600000 | BLK | AF | PT_DESC_AP_EL0);
	put_desc(&e->m, L1, 7, (1ULL << 41) | TBL);
	put_desc(&e->m, R1, 511, 0x0 | BLK | AF);
	put_desc(&e->m, R1, 510, L1r | TBL);
	put_desc(&e->m, L1r, 0,
		 0x00c0000000ULL | BLK | AF | PT_DESC_UXN | PT_DESC_PXN);

	step("pt_regime_init");
	EQ(pt_regime_init(&r, tcr, TEST_MAIR, L1 | (0x55ULL << 48), R1,
			  &memimg_pt_ops, &e->m),
	   0);
	EQ(r.half[0].start_level, 1);
	EQ(r.half[1].start_level, 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct hand_case *c = &cases[i];

		step("case %u: walk 0x%llx access %u", i, ULL(c->va), c->acc);
		memset(&w, 0xa5, sizeof(w));
		ret = pt_regime_walk(&r, c->va, c->acc, &w);
		EQ(w.fault, c->fault);
		EQ(ret, c->fault ? -EFAULT : 0);
		EQ(w.level, c->level);
		EQ(w.range, c->va >> 63);
		if (c->fault == PT_FAULT_NONE) {
			EQ(w.pa, c->pa);
			EQ(w.size, 1ULL << lvl_shift(12, c->level));
		}
		if (c->fault == PT_FAULT_NONE ||
		    c->fault == PT_FAULT_PERMISSION)
			EQ(w.perm, c->perm);
	}
	step("attributes of the 1G block");
	EQ(pt_regime_walk(&r, 0x80000000, 0, &w), 0);
	EQ(w.attr_idx, 5);
	EQ(w.attr, 0x66);
	EQ(w.sh, 3);
	EQ(w.ng, 1);
	EQ(w.desc & 3, 1);

	/* A TTBR0 above the output size faults every TTBR0 walk at level 0. */
	step("TTBR0 above the output size");
	EQ(pt_regime_init(&r, tcr, TEST_MAIR, 1ULL << 40, R1, &memimg_pt_ops,
			  &e->m),
	   0);
	memset(&w, 0xa5, sizeof(w));
	EQ(pt_regime_walk(&r, 0x80000000, 0, &w), -EFAULT);
	EQ(w.fault, PT_FAULT_ADDRESS_SIZE);
	EQ(w.level, 0);
	EQ(pt_regime_walk(&r, 0xffffff0000000000ULL, 0, &w), 0);
	EQ(w.pa, 0xc0000000ULL);
	env_close(e);
}

static int dump_stop_at(void *arg, const char *text)
{
	int *left = arg;

	(void)text;
	return --*left == 0 ? 7 : 0;
}

static void expect_dump(struct env *e, const char *want)
{
	e->snap[0].len = 0;
	step("pt_dump");
	EQ(pt_dump(&e->pt, dump_append, &e->snap[0]), 0);
	if (strcmp(e->snap[0].dump, want))
		fail_msg("[%s] pt_dump gave:\n%s\nexpected:\n%s", cur_name,
			 e->snap[0].dump, want);
}

/* pt_dump(), line by line, as pgtable/dump.c documents it. */
static void test_dump(void **state)
{
	struct env *e = *state;
	int left;

	env_open(e, PT_GRANULE_4K, 39, 40, PT_TTBR0, 0);
	map_ok(e, 0x40000000, 0x90000000, 0x200000,
	       mkprot(PT_PROT_READ | PT_PROT_WRITE | PT_PROT_NG, 3,
		      PT_SH_INNER));
	map_ok(e, 0x40200000, 0x90200000, 0x5000,
	       mkprot(PT_PROT_READ | PT_PROT_USER, 0, PT_SH_NONE));
	map_ok(e, 0x40205000, 0x90300000, 0x1000,
	       mkprot(PT_PROT_READ | PT_PROT_USER, 0, PT_SH_NONE));
	map_ok(e, 0x80000000, 0xc0000000, 0x80000000,
	       mkprot(PT_PROT_READ | PT_PROT_EXEC, 1, PT_SH_OUTER));
	expect_dump(
		e,
		"tree ttbr0 granule=4K ias=39 oas=40 start=L1 root=0x80000000 tables=3\n"
		"L1[1] table 0x80001000\n"
		" L2 0x40000000-0x401fffff -> 0x90000000 1x2M p:rw- u:--- attr=3 sh=3 af ng\n"
		" L2[1] table 0x80002000\n"
		"  L3 0x40200000-0x40204fff -> 0x90200000 5x4K p:r-- u:r-- attr=0 sh=0 af\n"
		"  L3 0x40205000-0x40205fff -> 0x90300000 1x4K p:r-- u:r-- attr=0 sh=0 af\n"
		"L1 0x80000000-0xffffffff -> 0xc0000000 2x1G p:r-x u:--- attr=1 sh=2 af\n");

	/* A callback that says stop stops the dump. */
	left = 2;
	step("pt_dump stopped at the second line");
	EQ(pt_dump(&e->pt, dump_stop_at, &left), 7);
	EQ(left, 0);
	env_finish(e);

	env_open(e, PT_GRANULE_64K, 42, 48, PT_TTBR1, 0);
	map_ok(e, 0xfffffc0020000000ULL, 0x800000000000ULL, 0x40000000,
	       mkprot(PT_PROT_READ | PT_PROT_WRITE, 1, PT_SH_OUTER));
	map_ok(e, 0xfffffffffffc0000ULL, 0x5550000, 0x10000,
	       mkprot(PT_PROT_READ | PT_PROT_WRITE | PT_PROT_NO_AF, 0,
		      PT_SH_NONE));
	map_ok(e, 0xfffffffffffd0000ULL, 0x1230000, 0x30000,
	       mkprot(PT_PROT_READ | PT_PROT_EXEC | PT_PROT_USER | PT_PROT_NG,
		      0, PT_SH_INNER));
	expect_dump(
		e,
		"tree ttbr1 granule=64K ias=42 oas=48 start=L2 root=0x80000000 tables=2\n"
		"L2 0xfffffc0020000000-0xfffffc005fffffff -> 0x800000000000 2x512M p:rw- u:--- attr=1 sh=2 af\n"
		"L2[8191] table 0x80010000\n"
		" L3 0xfffffffffffc0000-0xfffffffffffcffff -> 0x5550000 1x64K p:rw- u:--- attr=0 sh=0\n"
		" L3 0xfffffffffffd0000-0xffffffffffffffff -> 0x1230000 3x64K p:r-- u:r-x attr=0 sh=3 af ng\n");
	env_finish(e);

	env_open(e, PT_GRANULE_16K, 25, 32, PT_TTBR0, 0);
	map_ok(e, 0x1ffc000, 0xffffc000, 0x4000,
	       mkprot(PT_PROT_READ, 7, PT_SH_INNER));
	expect_dump(
		e,
		"tree ttbr0 granule=16K ias=25 oas=32 start=L3 root=0x80000000 tables=1\n"
		"L3 0x1ffc000-0x1ffffff -> 0xffffc000 1x16K p:r-- u:--- attr=7 sh=3 af\n");
	env_finish(e);
}

/* ------------------------------------------------------------------ */
/*
 * A walker that does not snoop the CPU caches.  The arena is the CPU's
 * view; "dram" is what such a walker reads, and only clean() copies one to
 * the other.  A newly allocated table holds stale bytes in dram.  The
 * shadow also checks the write ordering pgtable.c promises: a table is
 * cleaned before a descriptor pointing to it is, and a table is freed only
 * once no reachable descriptor (in either view) points to it.
 */
#define SH_ARENA      (8ULL << 20)
#define SH_MAX_TABLES 512
#define SH_POISON     0xa5

struct shadow {
	struct memimg m;
	u8 *dram;
	unsigned int g;
	unsigned int ias;
	int start;
	u64 root; /* 0 until pt_init() returned */
	unsigned int ntab;
	u64 tab[SH_MAX_TABLES];
	unsigned long nalloc; /* successful allocations, ever */
	unsigned long nerr;
	char err[512];
};

static void sh_error(struct shadow *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sh_error(struct shadow *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->nerr++) {
		va_start(ap, fmt);
		vsnprintf(s->err, sizeof(s->err), fmt, ap);
		va_end(ap);
	}
}

static int sh_find(const struct shadow *s, u64 pa)
{
	unsigned int i;

	for (i = 0; i < s->ntab; i++)
		if (s->tab[i] == pa)
			return (int)i;
	return -1;
}

static u64 sh_word(const struct shadow *s, bool dram, u64 pa)
{
	const u8 *p = dram ? s->dram + (pa - ARENA_PA)
			   : s->m.region[0].host + (pa - ARENA_PA);
	u64 v;

	memcpy(&v, p, 8);
	return le64_to_cpu(v);
}

static u64 sh_entries(const struct shadow *s, int level)
{
	if (level == s->start)
		return 1ULL << (s->ias - lvl_shift(s->g, level));
	return 1ULL << (s->g - 3);
}

/*
 * Count, in @hits, how often each live table is reachable from the table
 * at @pa (at @level) in one view; report pointers to anything else.
 */
static void sh_reach(struct shadow *s, bool dram, u64 pa, int level,
		     unsigned int *hits)
{
	u64 i, n = sh_entries(s, level);

	if (level == 3)
		return;
	for (i = 0; i < n; i++) {
		u64 d = sh_word(s, dram, pa + 8 * i);
		u64 t = d & GENMASK_ULL(47, s->g);
		int k;

		if ((d & 3) != 3)
			continue;
		k = sh_find(s, t);
		if (k < 0) {
			sh_error(
				s,
				"%s view: table 0x%llx[%llu] = 0x%llx points to no table",
				dram ? "walker" : "cpu", ULL(pa), ULL(i),
				ULL(d));
			continue;
		}
		if (hits[k]++)
			continue; /* reported by the caller */
		sh_reach(s, dram, t, level + 1, hits);
	}
}

static void *sh_alloc(void *ctx, size_t size, u64 *pa)
{
	struct shadow *s = ctx;
	void *p = memimg_pt_ops.alloc(&s->m, size, pa);

	if (!p)
		return NULL;
	if (size != 1UL << s->g)
		sh_error(s, "alloc of %zu bytes", size);
	if (s->ntab == SH_MAX_TABLES) {
		sh_error(s, "too many tables");
		return p;
	}
	s->tab[s->ntab++] = *pa;
	s->nalloc++;
	memset(s->dram + (*pa - ARENA_PA), SH_POISON, size);
	return p;
}

static void sh_free(void *ctx, void *va, u64 pa, size_t size)
{
	struct shadow *s = ctx;
	unsigned int hits[2][SH_MAX_TABLES];
	int k = sh_find(s, pa);
	unsigned int v;

	if (k < 0) {
		sh_error(s, "free of 0x%llx, which is not a live table",
			 ULL(pa));
	} else if (s->root) {
		for (v = 0; v < 2; v++) {
			memset(hits[v], 0, sizeof(hits[v]));
			sh_reach(s, v, s->root, s->start, hits[v]);
			if (hits[v][k])
				sh_error(
					s,
					"table 0x%llx freed while the %s view still reaches it",
					ULL(pa), v ? "walker" : "cpu");
		}
	}
	if (k >= 0)
		s->tab[k] = s->tab[--s->ntab];
	memimg_pt_ops.free(&s->m, va, pa, size);
}

static void *sh_p2v(void *ctx, u64 pa, size_t size)
{
	struct shadow *s = ctx;

	return memimg_ptr(&s->m, pa, size);
}

static void sh_clean(void *ctx, void *va, u64 cpa, size_t size)
{
	struct shadow *s = ctx;
	u8 *host = s->m.region[0].host;
	u64 off = (u64)((u8 *)va - host), pa = ARENA_PA + off, i;
	u64 tsize = 1ULL << s->g;
	int k;

	memimg_pt_ops.clean(&s->m, va, cpa, size);
	/* The physical address given must be the pointer's. */
	if (cpa != pa)
		sh_error(s, "clean of %p given as 0x%llx, is 0x%llx", va,
			 ULL(cpa), ULL(pa));
	if ((u8 *)va < host || off + size > SH_ARENA || !size) {
		sh_error(s, "clean of %p+%zu outside the arena", va, size);
		return;
	}
	k = sh_find(s, pa & ~(tsize - 1));
	if (k < 0 || (pa & (tsize - 1)) + size > tsize)
		sh_error(s, "clean of 0x%llx+%zu: not inside one live table",
			 ULL(pa), size);
	/* Descriptors being published must point to tables already clean. */
	for (i = 0; i + 8 <= size; i += 8) {
		u64 c = sh_word(s, false, pa + i), d = sh_word(s, true, pa + i);
		u64 t = c & GENMASK_ULL(47, s->g);

		if (c == d || (c & 3) != 3 || sh_find(s, t) < 0)
			continue;
		if (memcmp(s->dram + (t - ARENA_PA), host + (t - ARENA_PA),
			   tsize))
			sh_error(
				s,
				"descriptor 0x%llx at 0x%llx cleaned before its table 0x%llx",
				ULL(c), ULL(pa + i), ULL(t));
	}
	memcpy(s->dram + off, host + off, size);
}

static void *sh_dram_p2v(void *ctx, u64 pa, size_t size)
{
	struct shadow *s = ctx;

	if (pa < ARENA_PA || pa - ARENA_PA >= SH_ARENA ||
	    size > SH_ARENA - (pa - ARENA_PA))
		return NULL;
	return s->dram + (pa - ARENA_PA);
}

static const struct pt_mem_ops shadow_ops = {
	.alloc = sh_alloc,
	.free = sh_free,
	.phys_to_virt = sh_p2v,
	.clean = sh_clean,
};

static const struct pt_mem_ops dram_ops = {
	.phys_to_virt = sh_dram_p2v,
};

/*
 * After an operation: no error so far, the walker's view equals the CPU's
 * for every live table, every live table is reachable exactly once, and
 * no table but the root is empty.
 */
static void sh_verify(struct shadow *s, const char *what)
{
	unsigned int hits[SH_MAX_TABLES];
	u64 tsize = 1ULL << s->g;
	unsigned int i, j;

	if (s->nerr)
		fail_msg("[%s] %s: %s (%lu errors)", cur_name, what, s->err,
			 s->nerr);
	for (i = 0; i < s->ntab; i++) {
		u64 t = s->tab[i];
		bool any = false;

		for (j = 0; j < tsize; j += 8) {
			u64 c = sh_word(s, false, t + j);

			if (c != sh_word(s, true, t + j))
				fail_msg(
					"[%s] %s: table 0x%llx[%u] = 0x%llx was not cleaned (walker sees 0x%llx)",
					cur_name, what, ULL(t), j / 8, ULL(c),
					ULL(sh_word(s, true, t + j)));
			if (c & PT_DESC_VALID)
				any = true;
		}
		if (!any && t != s->root)
			fail_msg("[%s] %s: table 0x%llx is empty but not freed",
				 cur_name, what, ULL(t));
	}
	memset(hits, 0, sizeof(hits));
	sh_reach(s, false, s->root, s->start, hits);
	for (i = 0; i < s->ntab; i++)
		if (s->tab[i] != s->root && hits[i] != 1)
			fail_msg("[%s] %s: table 0x%llx is reachable %u times",
				 cur_name, what, ULL(s->tab[i]), hits[i]);
	if (s->nerr)
		fail_msg("[%s] %s: %s", cur_name, what, s->err);
	if (s->m.live != s->ntab)
		fail_msg("[%s] %s: live %lu, tracked %u", cur_name, what,
			 s->m.live, s->ntab);
}

struct rnd_state {
	struct shadow sh;
	bool have_mem;
	struct pt pt;
	bool have_pt;
	bool *valid;
	u64 *pa;
	u32 *prot;
	unsigned int nold;
	u64 old[SH_MAX_TABLES]; /* the live tables before an operation */
};

static int rnd_setup(void **state)
{
	struct rnd_state *st = calloc(1, sizeof(*st));

	if (!st)
		return -1;
	st->sh.dram = malloc(SH_ARENA);
	if (!st->sh.dram) {
		free(st);
		return -1;
	}
	*state = st;
	return 0;
}

static void rnd_close(struct rnd_state *st)
{
	if (st->have_pt)
		pt_destroy(&st->pt);
	st->have_pt = false;
	if (st->have_mem)
		memimg_release(&st->sh.m);
	st->have_mem = false;
	free(st->valid);
	free(st->pa);
	free(st->prot);
	st->valid = NULL;
	st->pa = NULL;
	st->prot = NULL;
}

static int rnd_teardown(void **state)
{
	struct rnd_state *st = *state;

	rnd_close(st);
	free(st->sh.dram);
	free(st);
	return 0;
}

/*
 * Random pt_map/pt_remap/pt_unmap on a window of pages, against a model
 * that knows the translation of every page, with random allocation
 * failures, through the non-coherent shadow.  After every operation all
 * pages of the window (and one either side) are walked and compared with
 * the model, the shadow is verified, and a sample of pages is walked by
 * pt_regime_walk() through the walker's view.
 */
static void test_random_noncoherent(void **state)
{
	static const struct {
		unsigned int g, ias;
		enum pt_range r;
		unsigned int steps;
	} cfgs[] = {
		{ 12, 39, PT_TTBR0, 400 }, { 12, 48, PT_TTBR1, 400 },
		{ 12, 30, PT_TTBR0, 300 }, { 14, 36, PT_TTBR1, 300 },
		{ 14, 48, PT_TTBR0, 300 }, { 16, 42, PT_TTBR0, 150 },
		{ 16, 48, PT_TTBR1, 150 }, { 16, 28, PT_TTBR0, 150 },
	};
	const u64 pa_base = 1ULL << 36;
	struct rnd_state *st = *state;
	struct shadow *s = &st->sh;
	unsigned int ci;

	for (ci = 0; ci < ARRAY_SIZE(cfgs); ci++) {
		unsigned int g = cfgs[ci].g;
		u64 gsz = 1ULL << g, span = 1ULL << cfgs[ci].ias;
		u64 base = cfgs[ci].r == PT_TTBR1 ? 0 - span : 0;
		int start = arch_start_level(g, cfgs[ci].ias);
		u64 b = start <= 2 ? 1ULL << lvl_shift(g, 2) : 8 * gsz;
		u64 win = g == 12 ? 4 * b : 2 * b;
		u64 wva, np, bp, i, stepno;
		struct pt_cfg c;
		struct pt_regime r;
		struct pt_tcr tc;
		u64 tcr, ttbr;

		if (win > span)
			win = span;
		wva = base + span / 2 - win / 2;
		np = win >> g;
		bp = b >> g;
		snprintf(cur_name, sizeof(cur_name),
			 "random granule=%uK ias=%u %s", 1U << (g - 10),
			 cfgs[ci].ias, cfgs[ci].r ? "ttbr1" : "ttbr0");
		rnd_seed(0x1234567 + ci);

		memimg_init(&s->m);
		st->have_mem = true;
		step("arena");
		EQ(memimg_add_zero(&s->m, ARENA_PA, SH_ARENA), 0);
		memset(s->dram, SH_POISON, SH_ARENA);
		s->g = g;
		s->ias = cfgs[ci].ias;
		s->start = start;
		s->root = 0;
		s->ntab = 0;
		s->nalloc = 0;
		s->nerr = 0;
		st->valid = calloc(np, sizeof(*st->valid));
		st->pa = calloc(np, sizeof(*st->pa));
		st->prot = calloc(np, sizeof(*st->prot));
		assert_non_null(st->valid);
		assert_non_null(st->pa);
		assert_non_null(st->prot);

		memset(&c, 0, sizeof(c));
		c.granule = g;
		c.ias = cfgs[ci].ias;
		c.oas = 40;
		c.range = cfgs[ci].r;
		c.mair = TEST_MAIR;
		step("pt_init");
		EQ(pt_init(&st->pt, &c, &shadow_ops, s), 0);
		st->have_pt = true;
		s->root = pt_ttbr(&st->pt, 0);
		sh_verify(s, "pt_init");

		pt_tcr(&st->pt, &tc);
		ttbr = pt_ttbr(&st->pt, 1);
		tcr = c.range == PT_TTBR0 ? pt_tcr_el1(&tc, NULL)
					  : pt_tcr_el1(NULL, &tc);
		EQ(pt_regime_init(&r, tcr, TEST_MAIR,
				  c.range == PT_TTBR0 ? ttbr : 0,
				  c.range == PT_TTBR1 ? ttbr : 0, &dram_ops, s),
		   0);

		for (stepno = 0; stepno < cfgs[ci].steps; stepno++) {
			u64 kind = rnd() % 16, mode = rnd() % 4;
			u64 p, n, pa, mapped = 0, k;
			unsigned long nalloc;
			long fail = -1;
			bool exist = false;
			u32 prot, flags;
			char what[160];
			s64 ret;

			switch (mode) {
			case 0:
				p = rnd() % np;
				n = 1 + rnd() % 8;
				break;
			case 1:
				p = rnd() % (np / bp) * bp;
				n = bp * (1 + rnd() % 2);
				break;
			case 2:
				p = rnd() % (np / bp) * bp + rnd() % 3;
				n = bp + rnd() % 3;
				p = p >= 1 ? p - 1 : p;
				break;
			default:
				p = rnd() % np;
				n = 1 + rnd() % (2 * bp);
				break;
			}
			if (kind == 15) { /* now and then, everything */
				p = 0;
				n = np;
			}
			if (p >= np)
				p = np - 1;
			if (p + n > np)
				n = np - p;
			pa = pa_base + (rnd() % (2 * np)) * gsz;
			if (rnd() & 1) /* congruent modulo the block size */
				pa = ALIGN_DOWN(pa, b) + (p % bp) * gsz;
			flags = PT_PROT_READ | (u32)(rnd() & 0x1e);
			if (rnd() % 8 == 0)
				flags |= PT_PROT_NO_AF;
			prot = mkprot(flags, rnd() & 7, sh_values[rnd() % 3]);
			if (rnd() % 5 == 0)
				fail = (long)(rnd() % 4);
			for (k = p; k < p + n; k++)
				if (st->valid[k]) {
					exist = true;
					mapped += gsz;
				}

			st->nold = s->ntab;
			memcpy(st->old, s->tab, sizeof(s->tab[0]) * s->ntab);
			nalloc = s->nalloc;
			s->m.fail_after = fail;
			if (kind < 7) {
				snprintf(
					what, sizeof(what),
					"step %llu: pt_map(0x%llx, 0x%llx, 0x%llx, 0x%x) fail_after %ld",
					ULL(stepno), ULL(wva + p * gsz),
					ULL(pa), ULL(n * gsz), prot, fail);
				ret = pt_map(&st->pt, wva + p * gsz, pa,
					     n * gsz, prot);
			} else if (kind < 10) {
				snprintf(
					what, sizeof(what),
					"step %llu: pt_remap(0x%llx, 0x%llx, 0x%llx, 0x%x) fail_after %ld",
					ULL(stepno), ULL(wva + p * gsz),
					ULL(pa), ULL(n * gsz), prot, fail);
				ret = pt_remap(&st->pt, wva + p * gsz, pa,
					       n * gsz, prot);
			} else {
				snprintf(
					what, sizeof(what),
					"step %llu: pt_unmap(0x%llx, 0x%llx) fail_after %ld",
					ULL(stepno), ULL(wva + p * gsz),
					ULL(n * gsz), fail);
				ret = pt_unmap(&st->pt, wva + p * gsz, n * gsz);
			}
			s->m.fail_after = -1;
			step("%s", what);

			if (ret == -ENOMEM && fail >= 0) {
				/* The model is unchanged; the walks will say. */
			} else if (kind < 7 && exist) {
				EQ(ret, -EEXIST);
			} else if (kind < 10) {
				EQ(ret, 0);
				for (k = p; k < p + n; k++) {
					st->valid[k] = true;
					st->pa[k] = pa + (k - p) * gsz;
					st->prot[k] = prot;
				}
			} else {
				EQ(ret, mapped);
				for (k = p; k < p + n; k++)
					st->valid[k] = false;
			}
			sh_verify(s, what);

			/*
			 * A success allocated exactly the tables it added:
			 * with fail_after = that number it would succeed.
			 */
			if (ret >= 0) {
				unsigned long added = 0;
				unsigned int a, o;

				for (a = 0; a < s->ntab; a++) {
					for (o = 0; o < st->nold; o++)
						if (st->old[o] == s->tab[a])
							break;
					added += o == st->nold;
				}
				EQ(s->nalloc - nalloc, added);
			}

			/* Every page of the window, and one either side. */
			for (i = 0; i <= np + 1; i++) {
				u64 pg = i - 1; /* wraps for i == 0 */
				u64 va = wva + pg * gsz +
					 ((i * 0x238) & (gsz - 1) & ~7ULL);
				struct pt_walk w;
				int wr;

				wr = pt_walk(&st->pt, va, 0, &w);
				expect_iova_like_walk(&st->pt, va, wr, &w,
						      what);
				if (i == 0 || i == np + 1 || !st->valid[pg]) {
					if (wr != -EFAULT ||
					    w.fault != PT_FAULT_TRANSLATION)
						fail_msg(
							"[%s] %s: page 0x%llx should be unmapped: ret %d fault %s pa 0x%llx",
							cur_name, what, ULL(va),
							wr,
							pt_fault_name(w.fault),
							ULL(w.pa));
					continue;
				}
				if (st->prot[pg] & PT_PROT_NO_AF) {
					if (wr != -EFAULT ||
					    w.fault != PT_FAULT_ACCESS)
						fail_msg(
							"[%s] %s: page 0x%llx should fault on AF: ret %d fault %s",
							cur_name, what, ULL(va),
							wr,
							pt_fault_name(w.fault));
					continue;
				}
				if (wr ||
				    w.pa != st->pa[pg] + (va & (gsz - 1)) ||
				    w.perm != arch_perm(st->prot[pg]) ||
				    w.attr_idx != FIELD_GET(PT_PROT_ATTR,
							    st->prot[pg]) ||
				    w.sh != FIELD_GET(PT_PROT_SH,
						      st->prot[pg]) ||
				    w.ng != !!(st->prot[pg] & PT_PROT_NG) ||
				    w.size != 1ULL << lvl_shift(g, w.level))
					fail_msg(
						"[%s] %s: page 0x%llx: ret %d pa 0x%llx perm 0x%x idx %u sh %u ng %d level %d size 0x%llx; expected pa 0x%llx prot 0x%x",
						cur_name, what, ULL(va), wr,
						ULL(w.pa), w.perm, w.attr_idx,
						w.sh, w.ng, w.level,
						ULL(w.size),
						ULL(st->pa[pg] +
						    (va & (gsz - 1))),
						st->prot[pg]);
			}

			/* The dump counts the tables there are. */
			if (stepno % 16 == 0) {
				char want[32], *t;
				struct snap sn = { 0 };

				EQ(pt_dump(&st->pt, dump_append, &sn), 0);
				snprintf(want, sizeof(want), " tables=%lu\n",
					 s->m.live);
				t = sn.dump ? strstr(sn.dump, " tables=")
					    : NULL;
				if (!t || strncmp(t, want, strlen(want)))
					fail_msg(
						"[%s] %s: dump header \"%.120s\", live %lu",
						cur_name, what,
						sn.dump ? sn.dump : "",
						s->m.live);
				free(sn.dump);
			}

			/* The walker's view translates like the CPU's. */
			for (i = 0; i < 32; i++) {
				u64 va = wva + (rnd() % np) * gsz +
					 (rnd() & (gsz - 1));
				struct pt_walk a, bw;
				int ra, rb;

				if (i == 0)
					va = wva - 1;
				ra = pt_walk(&st->pt, va, 0, &a);
				expect_iova_like_walk(&st->pt, va, ra, &a,
						      what);
				rb = pt_regime_walk(&r, va, 0, &bw);
				expect_walks_same("cpu and walker views", va, 0,
						  ra, &a, rb, &bw);
			}
		}

		step("unmap the whole window");
		{
			u64 mapped = 0;

			for (i = 0; i < np; i++)
				mapped += st->valid[i] ? gsz : 0;
			EQ(pt_unmap(&st->pt, wva, win), mapped);
		}
		sh_verify(s, "unmap everything");
		EQ(s->m.live, 1);
		step("pt_destroy");
		pt_destroy(&st->pt);
		st->have_pt = false;
		EQ(s->m.live, 0);
		rnd_close(st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arch_constants),
		cmocka_unit_test_setup_teardown(test_bad_cfg, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_bad_args, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_prot, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_tcr_el1, env_setup,
						env_teardown),
		cmocka_unit_test(test_tcr_decode),
		cmocka_unit_test_setup_teardown(test_regime, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_regime_init_rejects,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_walk_hand_built, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_dump, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_sweep_regs, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_sweep_empty, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_sweep_map_walk, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_sweep_overlap, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_sweep_unmap, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_fast_path, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_unmap_pieces, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_sweep_edges, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_sweep_split, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_sweep_enomem, env_setup,
						env_teardown),
		cmocka_unit_test_setup_teardown(test_random_noncoherent,
						rnd_setup, rnd_teardown),
	};

	return cmocka_run_group_tests_name("pgtable", tests, NULL, NULL);
}
