/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* What the scenarios share. */
#ifndef VADMA_SCN_INTERNAL_H
#define VADMA_SCN_INTERNAL_H

#include "vadma/scenario.h"

/*
 * Engine @engine number @index of @plat (its registers, stream, interrupt)
 * and, in *@ops, its driver; NULL for one the board lacks.  The only place
 * the scenarios tell the two kinds apart.
 */
const struct plat_dma *scn_engine_of(const struct plat_desc *plat,
				     enum scn_engine engine, unsigned int index,
				     const struct dmac_ops **ops);

#endif /* VADMA_SCN_INTERNAL_H */
