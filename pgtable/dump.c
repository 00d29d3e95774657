// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A readable listing of a tree.  Example (4K granule, 48-bit input):
 *
 *   tree ttbr0 granule=4K ias=48 oas=40 start=L0 root=0x80000000 tables=4
 *   L0[0] table 0x80001000
 *    L1[1] table 0x80002000
 *     L2 0x40000000-0x401fffff -> 0x90000000 1x2M p:rw- u:--- attr=3 sh=3 af ng
 *     L2[1] table 0x80003000
 *      L3 0x40200000-0x40204fff -> 0x90200000 5x4K p:r-- u:r-- attr=0 sh=0 af
 */
#include "pt-internal.h"

struct pt_dump {
	const struct pt *pt;
	int (*line)(void *arg, const char *text);
	void *arg;
	/* a run of leaves waiting to be printed */
	int run_level;
	u64 run_va;
	u64 run_pa;
	u64 run_count;
	u64 run_attrs;
	u64 run_table_attrs;
};

/* Leaf bits that must match for two leaves to print as one run. */
#define PT_DUMP_ATTRS                                                         \
	(PT_DESC_ATTRINDX | PT_DESC_NS | PT_DESC_AP | PT_DESC_SH |            \
	 PT_DESC_AF | PT_DESC_NG | PT_DESC_DBM | PT_DESC_CONT | PT_DESC_PXN | \
	 PT_DESC_UXN | GENMASK_ULL(58, 55))

static const char *pt_size_name(u64 size, char *buf, size_t len)
{
	if (size >= (1ULL << 30))
		snprintf(buf, len, "%lluG", (unsigned long long)(size >> 30));
	else if (size >= (1ULL << 20))
		snprintf(buf, len, "%lluM", (unsigned long long)(size >> 20));
	else
		snprintf(buf, len, "%lluK", (unsigned long long)(size >> 10));
	return buf;
}

static int pt_dump_flush(struct pt_dump *d)
{
	const struct pt *pt = d->pt;
	unsigned int shift;
	u64 size, last;
	u32 perm;
	char line[200], sz[16];

	if (!d->run_count)
		return 0;
	shift = pt_level_shift(pt->cfg.granule, d->run_level);
	size = 1ULL << shift;
	last = d->run_va + d->run_count * size - 1;
	perm = pt_leaf_perm(d->run_attrs, d->run_table_attrs);
	snprintf(
		line, sizeof(line),
		"%*sL%d 0x%llx-0x%llx -> 0x%llx %llux%s p:%c%c%c u:%c%c%c attr=%u sh=%u%s%s",
		d->run_level - pt->start_level, "", d->run_level,
		(unsigned long long)d->run_va, (unsigned long long)last,
		(unsigned long long)d->run_pa, (unsigned long long)d->run_count,
		pt_size_name(size, sz, sizeof(sz)),
		perm & PT_PERM_PR ? 'r' : '-', perm & PT_PERM_PW ? 'w' : '-',
		perm & PT_PERM_PX ? 'x' : '-', perm & PT_PERM_UR ? 'r' : '-',
		perm & PT_PERM_UW ? 'w' : '-', perm & PT_PERM_UX ? 'x' : '-',
		(unsigned int)FIELD_GET(PT_DESC_ATTRINDX, d->run_attrs),
		(unsigned int)FIELD_GET(PT_DESC_SH, d->run_attrs),
		d->run_attrs & PT_DESC_AF ? " af" : "",
		d->run_attrs & PT_DESC_NG ? " ng" : "");
	d->run_count = 0;
	return d->line(d->arg, line);
}

static int pt_dump_entry(struct pt_visitor *v, const struct pt_visit_entry *e)
{
	struct pt_dump *d = v->arg;
	const struct pt *pt = d->pt;
	unsigned int shift = pt_level_shift(pt->cfg.granule, e->level);
	u64 va = pt->va_base + e->off;
	u64 pa = pt_leaf_addr(e->desc, shift); /* of a leaf */
	char line[120];
	int ret;

	if (e->type == PT_DESC_IS_LEAF) {
		if (d->run_count && d->run_level == e->level &&
		    (e->desc & PT_DUMP_ATTRS) == d->run_attrs &&
		    e->table_attrs == d->run_table_attrs &&
		    pa == d->run_pa + (d->run_count << shift) &&
		    va == d->run_va + (d->run_count << shift)) {
			d->run_count++;
			return 0;
		}
	}
	ret = pt_dump_flush(d);
	if (ret || e->type == PT_DESC_INVALID)
		return ret;
	if (e->type == PT_DESC_IS_LEAF) {
		d->run_level = e->level;
		d->run_va = va;
		d->run_pa = pa;
		d->run_count = 1;
		d->run_attrs = e->desc & PT_DUMP_ATTRS;
		d->run_table_attrs = e->table_attrs;
		return 0;
	}
	snprintf(line, sizeof(line), "%*sL%d[%llu] table 0x%llx",
		 e->level - pt->start_level, "", e->level,
		 (unsigned long long)e->idx, (unsigned long long)e->child_pa);
	return d->line(d->arg, line);
}

/* The last run of a table ends with it. */
static int pt_dump_end(struct pt_visitor *v, u64 *table, u64 pa, int level)
{
	(void)table;
	(void)pa;
	(void)level;
	return pt_dump_flush(v->arg);
}

int pt_dump(const struct pt *pt, int (*line)(void *arg, const char *text),
	    void *arg)
{
	struct pt_dump d = { .pt = pt, .line = line, .arg = arg };
	struct pt_visitor v = { .entry = pt_dump_entry,
				.table_end = pt_dump_end,
				.arg = &d };
	char head[160], sz[16];
	int ret;

	snprintf(
		head, sizeof(head),
		"tree %s granule=%s ias=%u oas=%u start=L%u root=0x%llx tables=%lu",
		pt->cfg.range == PT_TTBR0 ? "ttbr0" : "ttbr1",
		pt_size_name(1ULL << pt->cfg.granule, sz, sizeof(sz)),
		pt->cfg.ias, pt->cfg.oas, pt->start_level,
		(unsigned long long)pt->root_pa, pt->nr_tables);
	ret = line(arg, head);
	if (ret)
		return ret;
	return pt_visit(pt, &v, pt->root, pt->root_pa, pt->start_level, 0, 0);
}
