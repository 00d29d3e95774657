// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The visitor of pt-internal.h: the one recursion over a tree. */
#include "pt-internal.h"

/**
 * pt_visit() - visit the table @table at @level and what is below it
 * @pt:          the tree it belongs to (its shape and memory)
 * @v:           the visitor
 * @table:       the table, as the CPU sees it
 * @pa:          its physical address
 * @level:       its level
 * @off:         offset in the tree of the first byte its first entry maps
 * @table_attrs: pt_table_attrs() of the tables above it
 *
 * Return: 0, or the first non-zero value a callback returned.
 */
int pt_visit(const struct pt *pt, struct pt_visitor *v, u64 *table, u64 pa,
	     int level, u64 off, u64 table_attrs)
{
	int ret = pt_visit_table(pt, v, table, level, off, table_attrs);

	if (ret || !v->table_end)
		return ret;
	return v->table_end(v, table, pa, level);
}
