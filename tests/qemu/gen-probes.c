// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The host side of the conformance test against QEMU's ARMv8 CPU.
 *
 *   gen-probes gen IMAGE WALKCMDS [SEED]
 *	Builds the image of probe_image.h: configurations whose tables come
 *	from pgtable (random mappings, unmaps that split blocks) and from a
 *	random generator of raw descriptors (invalid, reserved encodings, AF
 *	clear, output and table addresses above the output size, APTable and
 *	XNTable bits, ignored bits set).  WALKCMDS gets one line of "vadma
 *	walk" arguments per configuration.
 *
 *   gen-probes check IMAGE SERIAL WALKOUT
 *	Compares, probe by probe, the PAR_EL1 the CPU gave (SERIAL, the
 *	guest's console), pgtable's walk of the same image, and the lines
 *	"vadma walk" printed (WALKOUT).  Prints a TAP line per check and
 *	fails on any disagreement, or when the probes do not cover every
 *	granule, several input sizes and every outcome class.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memimg.h"
#include "probe_image.h"

#define CONF_MAX   64
#define TABLES_OFF (1ULL << 20)
#define PROBES_OFF 0x1000ULL
#define MAIR_ALL   0xf44f0cbb000444ffULL /* every index a valid encoding */

static u64 rng_state;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static u64 rnd_below(u64 n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int percent)
{
	return rnd_below(100) < percent;
}

static unsigned int level_shift(unsigned int granule, unsigned int level)
{
	return granule + (3 - level) * (granule - 3);
}

static const unsigned int granules[] = { PT_GRANULE_4K, PT_GRANULE_16K,
					 PT_GRANULE_64K };
static const unsigned int oases[] = { 32, 36, 40, 42, 44, 48 };

struct gen {
	struct memimg mem;
	u8 *img;
	struct probe_conf conf[CONF_MAX];
	unsigned int nconf;
	u64 probe_off; /* next free probe slot */
	FILE *cmds;
};

static void add_probe(struct gen *g, struct probe_conf *c, u64 va)
{
	struct probe p = { .va = va, .at = (unsigned int)rnd_below(4) };

	if (g->probe_off + sizeof(p) > TABLES_OFF) {
		fprintf(stderr, "gen-probes: too many probes\n");
		exit(1);
	}
	memcpy(g->img + g->probe_off, &p, sizeof(p));
	g->probe_off += sizeof(p);
	c->nprobe++;
}

/* A mapping pgtable made, remembered to aim probes at it. */
struct region {
	u64 va;
	u64 size;
};

static const u32 prot_bits[] = { PT_PROT_WRITE, PT_PROT_EXEC, PT_PROT_USER,
				 PT_PROT_NG, PT_PROT_NO_AF };

static u32 random_prot(void)
{
	static const u8 sh[] = { PT_SH_NONE, PT_SH_OUTER, PT_SH_INNER };
	u32 prot = PT_PROT_READ;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(prot_bits); i++)
		if (chance(prot_bits[i] == PT_PROT_NO_AF ? 15 : 50))
			prot |= prot_bits[i];
	prot |= FIELD_PREP(PT_PROT_ATTR, rnd_below(8));
	prot |= FIELD_PREP(PT_PROT_SH, sh[rnd_below(3)]);
	return prot;
}

/* Fill one range with pgtable mappings; return its regions. */
static unsigned int build_tree(struct gen *g, struct pt *pt, struct region *reg,
			       unsigned int max)
{
	unsigned int granule = pt->cfg.granule, n = 0, tries;
	u64 span = 1ULL << pt->cfg.ias;
	u64 oas_top = 1ULL << pt->cfg.oas;
	/* Half the mappings share a window of eight last-level tables. */
	u64 window = 8ULL << (2 * granule - 3);
	u64 wbase;

	if (granule == PT_GRANULE_64K && max > 10)
		max = 10;
	else if (granule == PT_GRANULE_16K && max > 16)
		max = 16;
	if (window > span)
		window = span;
	wbase = ALIGN_DOWN(rnd_below(span - window + 1), 1ULL << granule);

	for (tries = 0; tries < 40 && n < max; tries++) {
		/* Sizes from one page to a couple of the biggest blocks. */
		unsigned int shift =
			granule +
			(unsigned int)rnd_below(
				(granule == PT_GRANULE_4K ? 31 : 30) - granule);
		u64 size = (1ULL << shift) * (1 + rnd_below(3));
		u64 align = 1ULL << (granule + rnd_below(shift - granule + 1));
		u64 va, pa;
		int ret;

		/* Page-aligned giants would take thousands of tables. */
		if (align < (1ULL << (2 * granule - 3)) && size > window)
			size = window;
		if (size >= span / 2)
			size = 1ULL << granule;
		if (chance(50) && size < window)
			va = ALIGN_DOWN(wbase + rnd_below(window - size),
					align);
		else
			va = ALIGN_DOWN(rnd_below(span - size), align);
		pa = ALIGN_DOWN(rnd_below(oas_top - size), align);
		if (chance(10))
			va = span - size; /* the top of the range */
		ret = pt_map(pt, pt->va_base + va, pa, size, random_prot());
		if (ret == -EEXIST)
			continue;
		if (ret) {
			fprintf(stderr, "gen-probes: pt_map: %s\n",
				vadma_strerror(ret));
			exit(1);
		}
		reg[n].va = pt->va_base + va;
		reg[n].size = size;
		n++;
	}
	/* Punch holes, splitting blocks. */
	for (tries = 0; tries < 4 && n; tries++) {
		struct region *r = &reg[rnd_below(n)];
		u64 off = ALIGN_DOWN(rnd_below(r->size), 1ULL << granule);

		if (pt_unmap(pt, r->va + off, 1ULL << granule) < 0) {
			fprintf(stderr, "gen-probes: pt_unmap failed\n");
			exit(1);
		}
	}
	(void)g;
	return n;
}

static void probe_regions(struct gen *g, struct probe_conf *c,
			  const struct region *reg, unsigned int n,
			  unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count && n; i++) {
		const struct region *r = &reg[rnd_below(n)];
		u64 off;

		switch (rnd_below(4)) {
		case 0:
			off = 0;
			break;
		case 1:
			off = r->size - 1 - rnd_below(64);
			break;
		default:
			off = rnd_below(r->size);
		}
		add_probe(g, c, r->va + off);
	}
}

static u64 random_va(unsigned int ias, bool upper)
{
	u64 va = rnd() & ((1ULL << ias) - 1);

	return upper ? va | (~0ULL << ias) : va;
}

/* Addresses nobody mapped, or outside both ranges. */
static void probe_wild(struct gen *g, struct probe_conf *c, unsigned int ias0,
		       unsigned int ias1, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		u64 va;

		switch (rnd_below(4)) {
		case 0:
			va = rnd(); /* mostly outside both ranges */
			break;
		case 1:
			va = random_va(ias0, false);
			break;
		case 2:
			va = random_va(ias1, true);
			break;
		default:
			/* just past the end of a range */
			va = chance(50)
				     ? (1ULL << ias0) + rnd_below(1 << 16)
				     : (~0ULL << ias1) - 1 - rnd_below(1 << 16);
		}
		add_probe(g, c, va);
	}
}

static u64 random_tcr_bits(void)
{
	/* Walk cacheability and shareability do not change translation. */
	return FIELD_PREP(PT_TCR_IRGN0, rnd_below(4)) |
	       FIELD_PREP(PT_TCR_ORGN0, rnd_below(4)) |
	       FIELD_PREP(PT_TCR_IRGN1, rnd_below(4)) |
	       FIELD_PREP(PT_TCR_ORGN1, rnd_below(4)) |
	       FIELD_PREP(PT_TCR_SH0, chance(50) ? 3 : 2) |
	       FIELD_PREP(PT_TCR_SH1, chance(50) ? 3 : 2);
}

static void gen_built(struct gen *g, unsigned int idx)
{
	struct probe_conf *c = &g->conf[g->nconf++];
	struct pt_cfg cfg[2];
	struct region reg[2][24];
	unsigned int nreg[2], i, oas = oases[rnd_below(ARRAY_SIZE(oases))];
	struct pt_tcr t[2];
	struct pt pt[2];

	for (i = 0; i < 2; i++) {
		cfg[i] = (struct pt_cfg){
			.granule = granules[(idx + i * (idx / 3)) % 3],
			.ias = PT_IAS_MIN + (unsigned int)rnd_below(24),
			.oas = oas,
			.range = (enum pt_range)i,
			.mair = MAIR_ALL,
		};
		if (pt_init(&pt[i], &cfg[i], &memimg_pt_ops, &g->mem)) {
			fprintf(stderr, "gen-probes: pt_init failed\n");
			exit(1);
		}
		nreg[i] = build_tree(g, &pt[i], reg[i], ARRAY_SIZE(reg[i]));
		pt_tcr(&pt[i], &t[i]);
	}
	c->tcr = pt_tcr_el1(&t[0], &t[1]) | random_tcr_bits();
	c->mair = MAIR_ALL;
	c->ttbr0 = pt_ttbr(&pt[0], (u16)rnd());
	c->ttbr1 = pt_ttbr(&pt[1], (u16)rnd());
	c->probe_off = g->probe_off;
	c->nprobe = 0;
	for (i = 0; i < 2; i++)
		probe_regions(g, c, reg[i], nreg[i], 80);
	probe_wild(g, c, cfg[0].ias, cfg[1].ias, 40);
}

/*
 * Raw tables: a random tree whose descriptors are whatever the generator
 * draws, within the rules that keep the CPU's answer architectural: table
 * addresses stay inside the image or go above the output size, no
 * reserved SH or contiguous hints.
 */
struct raw {
	struct gen *g;
	unsigned int granule;
	unsigned int ias;
	unsigned int oas;
	unsigned int start;
	unsigned int tables;
};

static u64 raw_table(struct raw *r, unsigned int level);

static u64 raw_desc(struct raw *r, unsigned int level)
{
	unsigned int shift = level_shift(r->granule, level);
	unsigned int kind = (unsigned int)rnd_below(10);
	u64 d, oa;

	if (kind < 2)
		/* invalid, with junk in the other bits */
		return rnd() & ~PT_DESC_VALID;
	if (kind < 6 && level < 3) {
		u64 t;

		if (r->oas < 48 && (r->tables >= 10 || chance(10))) {
			/*
			 * A table above the output size.  Anything else the
			 * walk reads must be in the image: QEMU takes an
			 * external abort on a walk outside RAM instead of
			 * reporting it in PAR_EL1.
			 */
			t = (1ULL << r->oas) * (1 + rnd_below(4));
		} else if (r->tables >= 10) {
			return rnd() & ~PT_DESC_VALID;
		} else {
			t = raw_table(r, level + 1);
		}
		return t | PT_DESC_VALID | PT_DESC_TABLE |
		       (rnd() &
			(PT_DESC_APTABLE | PT_DESC_UXNTABLE | PT_DESC_PXNTABLE |
			 GENMASK_ULL(11, 2) | GENMASK_ULL(58, 52)));
	}
	/*
	 * kind 2: bits 0b01, a block (reserved at level 3 and where the
	 * granule allows no block); otherwise a page at level 3 and a block
	 * above.
	 */
	d = PT_DESC_VALID;
	if (level == 3 && kind != 2)
		d |= PT_DESC_TABLE;
	oa = rnd() & GENMASK_ULL(47, shift);
	if (!chance(10))
		oa &= (1ULL << r->oas) - 1;
	d |= oa;
	d |= FIELD_PREP(PT_DESC_ATTRINDX, rnd_below(8));
	d |= FIELD_PREP(PT_DESC_AP, rnd_below(4));
	d |= FIELD_PREP(PT_DESC_SH, chance(50) ? 3 : rnd_below(2) * 2);
	if (!chance(15))
		d |= PT_DESC_AF;
	d |= rnd() &
	     (PT_DESC_NG | PT_DESC_PXN | PT_DESC_UXN | GENMASK_ULL(58, 55));
	return d;
}

static u64 raw_table(struct raw *r, unsigned int level)
{
	u64 n = 1ULL << (r->granule - 3), pa, i, filled;
	u64 *t;

	if (level == r->start)
		n = 1ULL << (r->ias - level_shift(r->granule, level));
	t = memimg_pt_ops.alloc(&r->g->mem, 1UL << r->granule, &pa);
	if (!t) {
		fprintf(stderr, "gen-probes: image full\n");
		exit(1);
	}
	r->tables++;
	/* A few populated entries; the rest stay zero (invalid). */
	filled = n < 8 ? n : 8;
	for (i = 0; i < filled; i++)
		t[rnd_below(n)] = cpu_to_le64(raw_desc(r, level));
	return pa;
}

/* Probe along the populated entries of a raw tree. */
static void probe_raw(struct gen *g, struct probe_conf *c, struct raw *r,
		      u64 root, bool upper, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		u64 table = root, va = 0;
		unsigned int level;

		for (level = r->start; level <= 3; level++) {
			unsigned int shift = level_shift(r->granule, level);
			u64 n = level == r->start ? 1ULL << (r->ias - shift)
						  : 1ULL << (r->granule - 3);
			u64 *t = memimg_ptr(&g->mem, table, n * 8);
			u64 idx = rnd_below(n), j, d;

			if (!t)
				break;
			/* Prefer a populated entry. */
			for (j = 0; j < n && chance(95); j++) {
				u64 k = (idx + j) % n;

				if (t[k]) {
					idx = k;
					break;
				}
			}
			va |= idx << shift;
			d = le64_to_cpu(t[idx]);
			if ((d & 3) != 3 || level == 3)
				break;
			table = d & GENMASK_ULL(47, 0) &
				~((1ULL << r->granule) - 1);
		}
		va |= rnd() & ((1ULL << r->granule) - 1);
		add_probe(g, c, upper ? va | (~0ULL << r->ias) : va);
	}
}

static void gen_raw(struct gen *g, unsigned int idx)
{
	static const u8 tg0[] = { [12] = 0, [14] = 2, [16] = 1 };
	static const u8 tg1[] = { [12] = 2, [14] = 1, [16] = 3 };
	struct probe_conf *c = &g->conf[g->nconf++];
	struct raw r[2];
	u64 root[2];
	unsigned int i, oas = oases[rnd_below(ARRAY_SIZE(oases))];

	for (i = 0; i < 2; i++) {
		r[i] = (struct raw){
			.g = g,
			.granule = granules[(idx + 2 * i) % 3],
			.ias = PT_IAS_MIN + (unsigned int)rnd_below(24),
			.oas = oas,
		};
		r[i].start = pt_start_level(r[i].granule, r[i].ias);
		root[i] = raw_table(&r[i], r[i].start);
	}
	c->tcr = FIELD_PREP(PT_TCR_T0SZ, 64 - r[0].ias) |
		 FIELD_PREP(PT_TCR_T1SZ, 64 - r[1].ias) |
		 FIELD_PREP(PT_TCR_TG0, tg0[r[0].granule]) |
		 FIELD_PREP(PT_TCR_TG1, tg1[r[1].granule]) |
		 FIELD_PREP(PT_TCR_IPS, pt_oas_to_ips(oas)) | random_tcr_bits();
	/* Now and then a disabled range, or a TTBR above the output size. */
	if (chance(10))
		c->tcr |= chance(50) ? PT_TCR_EPD0 : PT_TCR_EPD1;
	c->mair = MAIR_ALL;
	c->ttbr0 = root[0] | FIELD_PREP(PT_TTBR_ASID, rnd_below(65536));
	c->ttbr1 = root[1];
	if (oas < 48 && chance(10))
		c->ttbr1 |= 1ULL << (oas + rnd_below(48 - oas));
	c->probe_off = g->probe_off;
	c->nprobe = 0;
	for (i = 0; i < 2; i++)
		probe_raw(g, c, &r[i], root[i], i == 1, 100);
	probe_wild(g, c, r[0].ias, r[1].ias, 20);
}

static const char *const at_names[] = { "r", "w", "ur", "uw" };

static int cmd_gen(const char *image, const char *cmds, u64 seed)
{
	struct probe_image_hdr hdr = {
		.magic = PROBE_IMAGE_MAGIC,
		.version = PROBE_IMAGE_VERSION,
		.conf_off = 0x40,
	};
	struct gen g = { 0 };
	unsigned int i;
	u64 k;
	FILE *f;

	rng_state = seed ? seed : 1;
	memimg_init(&g.mem);
	if (memimg_add_zero(&g.mem, PROBE_IMAGE_BASE, PROBE_IMAGE_MAX))
		return 1;
	g.img = g.mem.region[0].host;
	g.mem.bump = TABLES_OFF;
	g.probe_off = PROBES_OFF;

	for (i = 0; i < 48; i++) {
		if (i % 2)
			gen_raw(&g, i / 2);
		else
			gen_built(&g, i / 2);
	}
	hdr.nconf = g.nconf;
	if (hdr.conf_off + g.nconf * sizeof(g.conf[0]) > PROBES_OFF)
		return 1;
	memcpy(g.img, &hdr, sizeof(hdr));
	memcpy(g.img + hdr.conf_off, g.conf, g.nconf * sizeof(g.conf[0]));

	f = fopen(image, "wb");
	if (!f || fwrite(g.img, 1, g.mem.bump, f) != g.mem.bump || fclose(f)) {
		fprintf(stderr, "gen-probes: cannot write %s\n", image);
		return 1;
	}
	f = fopen(cmds, "w");
	if (!f)
		return 1;
	for (i = 0; i < g.nconf; i++) {
		const struct probe_conf *c = &g.conf[i];

		fprintf(f,
			"--tcr 0x%llx --mair 0x%llx --ttbr0 0x%llx --ttbr1 0x%llx",
			c->tcr, c->mair, c->ttbr0, c->ttbr1);
		for (k = 0; k < c->nprobe; k++) {
			struct probe p;

			memcpy(&p, g.img + c->probe_off + k * sizeof(p),
			       sizeof(p));
			fprintf(f, " 0x%llx:%s", p.va, at_names[p.at]);
		}
		fputc('\n', f);
	}
	if (fclose(f))
		return 1;
	printf("gen-probes: %u configurations, %llu probes, image %llu KiB\n",
	       g.nconf,
	       (unsigned long long)((g.probe_off - PROBES_OFF) /
				    sizeof(struct probe)),
	       (unsigned long long)(g.mem.bump >> 10));
	memimg_release(&g.mem);
	return 0;
}

/* One answer, normalised: from PAR_EL1, from pgtable, or from vadma walk. */
struct answer {
	int fault; /* enum pt_fault, or -1 for one we do not know */
	int level; /* -1: not reported (PAR of a translation) */
	u64 pa;	   /* page address */
	unsigned int attr;
	unsigned int sh;
};

/* PAR_EL1 after AT (DDI 0487 D19.2, PAR_EL1; FST codes as in ESR DFSC). */
static struct answer from_par(u64 par)
{
	struct answer a = { .level = -1 };

	if (par & 1) {
		unsigned int fst = (par >> 1) & 0x3f;
		static const int types[16] = {
			[0] = PT_FAULT_ADDRESS_SIZE,
			[1] = PT_FAULT_TRANSLATION,
			[2] = PT_FAULT_ACCESS,
			[3] = PT_FAULT_PERMISSION,
			[4] = -1,
			[5] = PT_FAULT_EXTERNAL,
			[6] = -1,
			[7] = -1,
			[8] = -1,
			[9] = -1,
			[10] = -1,
			[11] = -1,
			[12] = -1,
			[13] = -1,
			[14] = -1,
			[15] = -1,
		};

		a.fault = types[fst >> 2];
		a.level = fst & 3;
		return a;
	}
	a.fault = PT_FAULT_NONE;
	a.pa = par & GENMASK_ULL(47, 12);
	a.attr = (unsigned int)(par >> 56);
	a.sh = (par >> 7) & 3;
	return a;
}

static struct answer from_walk(const struct pt_walk *w)
{
	struct answer a = { .fault = w->fault, .level = w->level };

	if (w->fault == PT_FAULT_NONE) {
		a.pa = w->pa & GENMASK_ULL(47, 12);
		a.attr = w->attr;
		a.sh = w->sh;
	}
	return a;
}

static int from_cli(const char *line, u64 va, struct answer *a)
{
	static const char *const names[] = {
		[PT_FAULT_TRANSLATION] = "translation",
		[PT_FAULT_ACCESS] = "access",
		[PT_FAULT_PERMISSION] = "permission",
		[PT_FAULT_ADDRESS_SIZE] = "address-size",
		[PT_FAULT_EXTERNAL] = "external",
	};
	unsigned long long lva, pa;
	char acc[8], fault[32];
	unsigned int attr, sh, i;
	int level;

	memset(a, 0, sizeof(*a));
	if (sscanf(line, "0x%llx %7s ok pa=0x%llx attr=0x%x sh=%u level=%d",
		   &lva, acc, &pa, &attr, &sh, &level) == 6) {
		a->fault = PT_FAULT_NONE;
		a->pa = pa & GENMASK_ULL(47, 12);
		a->attr = attr;
		a->sh = sh;
		a->level = level;
		return lva == va ? 0 : -1;
	}
	if (sscanf(line, "0x%llx %7s fault=%31s level=%d", &lva, acc, fault,
		   &level) != 4 ||
	    lva != va)
		return -1;
	a->level = level;
	a->fault = -1;
	for (i = 1; i < ARRAY_SIZE(names); i++)
		if (!strcmp(fault, names[i]))
			a->fault = (int)i;
	return 0;
}

static bool agree(const struct answer *cpu, const struct answer *x)
{
	if (cpu->fault != x->fault)
		return false;
	if (cpu->fault != PT_FAULT_NONE)
		return cpu->level == x->level;
	if (cpu->pa != x->pa || cpu->attr != x->attr)
		return false;
	/*
	 * PAR_EL1.SH reads 0b10 for Device and Normal non-cacheable memory
	 * (DDI 0487, PAR_EL1), whatever the descriptor says; QEMU 7.2 gives
	 * the descriptor's field, as pgtable and vadma walk do.
	 */
	return cpu->sh == x->sh ||
	       (cpu->sh == 2 && ((x->attr & 0xf0) == 0 || x->attr == 0x44));
}

static void describe(char *buf, size_t len, const struct answer *a)
{
	if (a->fault == PT_FAULT_NONE)
		snprintf(buf, len, "ok pa=0x%llx attr=0x%x sh=%u",
			 (unsigned long long)a->pa, a->attr, a->sh);
	else
		snprintf(buf, len, "fault=%s level=%d",
			 a->fault < 0 ? "other"
				      : pt_fault_name((enum pt_fault)a->fault),
			 a->level);
}

/*
 * QEMU before 8.1 takes a block descriptor at a level where the granule
 * allows none (4K level 0, 16K levels 0 and 1, 64K level 1) for a block; the
 * architecture (AArch64.BlockDescSupported) makes it a translation fault,
 * and so do pgtable and QEMU 8.1 on (its lpae_block_desc_valid()).
 */
static bool block_at_bad_level(const struct pt_walk *w, unsigned int granule)
{
	if (w->fault != PT_FAULT_TRANSLATION || w->level == 3 ||
	    (w->desc & 3) != 1)
		return false;
	return w->level == 0 || (w->level == 1 && granule != PT_GRANULE_4K);
}

static int tap_n;
static int tap_failed;

static void tap(bool ok, const char *what)
{
	printf("%sok %d - conformance: %s\n", ok ? "" : "not ", ++tap_n, what);
	if (!ok)
		tap_failed++;
}

static int cmd_check(const char *image, const char *serial, const char *walkout,
		     bool old_qemu)
{
	unsigned long erratum = 0;
	static const char *const at_name[] = { "S1E1R", "S1E1W", "S1E0R",
					       "S1E0W" };
	static const unsigned int at_acc[] = { 0, PT_ACC_WRITE, PT_ACC_USER,
					       PT_ACC_USER | PT_ACC_WRITE };
	unsigned long classes[PT_FAULT_EXTERNAL + 1] = { 0 };
	unsigned long bad_lib = 0, bad_cli = 0, total = 0, shown = 0;
	bool granule_seen[17] = { false }, ias_seen[49] = { false };
	const struct probe_image_hdr *hdr;
	char line[4096], what[160];
	struct memimg mem;
	FILE *fs, *fw;
	unsigned int ci, nias = 0;
	u64 k;

	memimg_init(&mem);
	if (memimg_add_file(&mem, image, PROBE_IMAGE_BASE)) {
		fprintf(stderr, "gen-probes: cannot read %s\n", image);
		return 1;
	}
	hdr = memimg_ptr(&mem, PROBE_IMAGE_BASE, sizeof(*hdr));
	fs = fopen(serial, "r");
	fw = fopen(walkout, "r");
	if (!hdr || hdr->magic != PROBE_IMAGE_MAGIC || !fs || !fw) {
		fprintf(stderr, "gen-probes: bad image, or missing %s / %s\n",
			serial, walkout);
		return 1;
	}
	/* Skip to the guest's first line. */
	while (fgets(line, sizeof(line), fs) &&
	       strncmp(line, "VADMA-GUEST BEGIN", 17))
		;

	for (ci = 0; ci < hdr->nconf; ci++) {
		const struct probe_conf *c = memimg_ptr(
			&mem,
			PROBE_IMAGE_BASE + hdr->conf_off + ci * sizeof(*c),
			sizeof(*c));
		struct pt_regime r;
		unsigned int h;

		if (!c || !fgets(line, sizeof(line), fs) ||
		    strtoul(line + 2, NULL, 10) != ci || line[0] != 'C') {
			fprintf(stderr,
				"gen-probes: serial output out of step at configuration %u\n",
				ci);
			return 1;
		}
		if (pt_regime_init(&r, c->tcr, c->mair, c->ttbr0, c->ttbr1,
				   &memimg_pt_ops, &mem)) {
			fprintf(stderr,
				"gen-probes: configuration %u: bad TCR\n", ci);
			return 1;
		}
		for (h = 0; h < 2; h++) {
			if (!r.half[h].enabled)
				continue;
			granule_seen[r.half[h].granule] = true;
			if (!ias_seen[r.half[h].ias])
				nias++;
			ias_seen[r.half[h].ias] = true;
		}
		for (k = 0; k < c->nprobe; k++) {
			const struct probe *p =
				memimg_ptr(&mem,
					   PROBE_IMAGE_BASE + c->probe_off +
						   k * sizeof(*p),
					   sizeof(*p));
			struct answer cpu, lib, cli;
			struct pt_walk w;
			char wl[256];
			unsigned long long par;

			if (!p || p->at > 3 || !fgets(line, sizeof(line), fs) ||
			    sscanf(line, "%llx", &par) != 1 ||
			    !fgets(wl, sizeof(wl), fw)) {
				fprintf(stderr,
					"gen-probes: output ends early (configuration %u, probe %llu)\n",
					ci, (unsigned long long)k);
				return 1;
			}
			cpu = from_par(par);
			pt_regime_walk(&r, p->va, at_acc[p->at], &w);
			lib = from_walk(&w);
			if (from_cli(wl, p->va, &cli))
				cli.fault = -2;
			if (old_qemu &&
			    block_at_bad_level(&w, r.half[w.range].granule) &&
			    !agree(&cpu, &lib)) {
				erratum++;
				continue;
			}
			total++;
			if (cpu.fault >= 0)
				classes[cpu.fault]++;
			if (!agree(&cpu, &lib))
				bad_lib++;
			if (!agree(&cpu, &cli))
				bad_cli++;
			if ((!agree(&cpu, &lib) || !agree(&cpu, &cli)) &&
			    shown++ < 25) {
				char a[80], b[80], d[80];

				describe(a, sizeof(a), &cpu);
				describe(b, sizeof(b), &lib);
				describe(d, sizeof(d), &cli);
				printf("# conf %u tcr=0x%llx ttbr0=0x%llx ttbr1=0x%llx va=0x%llx %s: cpu %s (par=0x%llx) | pgtable %s desc=0x%llx | walk %s",
				       ci, (unsigned long long)c->tcr,
				       (unsigned long long)c->ttbr0,
				       (unsigned long long)c->ttbr1,
				       (unsigned long long)p->va,
				       at_name[p->at], a,
				       (unsigned long long)par, b,
				       (unsigned long long)w.desc, d);
				printf("\n");
			}
		}
	}
	if (!fgets(line, sizeof(line), fs) ||
	    strncmp(line, "VADMA-GUEST END", 15)) {
		fprintf(stderr, "gen-probes: no END line from the guest\n");
		return 1;
	}

	snprintf(what, sizeof(what),
		 "CPU and pgtable agree on %lu of %lu probes", total - bad_lib,
		 total);
	tap(bad_lib == 0, what);
	snprintf(what, sizeof(what),
		 "CPU and vadma walk agree on %lu of %lu probes",
		 total - bad_cli, total);
	tap(bad_cli == 0, what);
	snprintf(what, sizeof(what), "%lu probes (at least 5000)", total);
	tap(total >= 5000, what);
	if (old_qemu)
		printf("# %lu probes met a block descriptor at a level that allows none:\n"
		       "# a translation fault in the architecture and in pgtable, a block in\n"
		       "# QEMU before 8.1; not compared (and not counted above)\n",
		       erratum);
	snprintf(
		what, sizeof(what),
		"outcomes ok=%lu translation=%lu access=%lu permission=%lu address-size=%lu",
		classes[PT_FAULT_NONE], classes[PT_FAULT_TRANSLATION],
		classes[PT_FAULT_ACCESS], classes[PT_FAULT_PERMISSION],
		classes[PT_FAULT_ADDRESS_SIZE]);
	tap(classes[PT_FAULT_NONE] && classes[PT_FAULT_TRANSLATION] &&
		    classes[PT_FAULT_ACCESS] && classes[PT_FAULT_PERMISSION] &&
		    classes[PT_FAULT_ADDRESS_SIZE],
	    what);
	snprintf(what, sizeof(what),
		 "granules 4K:%s 16K:%s 64K:%s, %u input sizes",
		 granule_seen[12] ? "yes" : "no",
		 granule_seen[14] ? "yes" : "no",
		 granule_seen[16] ? "yes" : "no", nias);
	tap(granule_seen[12] && granule_seen[14] && granule_seen[16] &&
		    nias >= 6,
	    what);
	fclose(fs);
	fclose(fw);
	memimg_release(&mem);
	return tap_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	u64 seed = 1;

	if (argc >= 4 && !strcmp(argv[1], "gen")) {
		if (argc > 4)
			seed = strtoull(argv[4], NULL, 0);
		return cmd_gen(argv[2], argv[3], seed);
	}
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "check"))
		return cmd_check(argv[2], argv[3], argv[4],
				 argc == 6 &&
					 !strcmp(argv[5], "--qemu-before-8.1"));
	fprintf(stderr,
		"usage: gen-probes gen IMAGE WALKCMDS [SEED]\n"
		"       gen-probes check IMAGE SERIAL WALKOUT [--qemu-before-8.1]\n");
	return 2;
}
