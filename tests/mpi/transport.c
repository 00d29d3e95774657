// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Unimem MPI transport (unimem/mpi.c) against messages no Unimem node
 * sends: run on 2 ranks.  Rank 1 sends, on the transport's communicator
 * and tag, an empty message, a short garbage one, and one longer than any
 * packet; rank 0's endpoint must count each as a bad packet and go on,
 * without keeping a buffer the size of the long one.  TAP lines, then
 * "ok: 2 nodes" as vadma-node prints, for tests/mpi/unimem.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vadma/scenario.h"
#include "../../unimem/mpi.h"

#define TAG 0x554d /* the transport's (unimem/mpi.c) */

static int failed;

static void check(bool ok, const char *what)
{
	printf("%sok - node 0: %s\n", ok ? "" : "not ", what);
	failed += !ok;
}

int main(int argc, char **argv)
{
	static const size_t lens[] = { 0, 100,
				       UNIMEM_HDR_SIZE + UNIMEM_MAX_LEN + 1 };
	struct scn_node node;
	struct unimem_mpi t;
	struct unimem_ep ep;
	int rank, size, ret, i, all = 0;
	double end;

	(void)argc;
	(void)argv;
	MPI_Init(&argc, &argv);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	if (size != 2) {
		if (!rank)
			fprintf(stderr, "transport: run on 2 ranks\n");
		MPI_Finalize();
		return 2;
	}
	if (scn_node_open(&node, NULL) || unimem_mpi_init(&t, MPI_COMM_WORLD) ||
	    unimem_ep_init(&ep, node.m, &node.sva, node.plat->smmu_irq,
			   (unsigned int)rank, 2, &t.tr)) {
		fprintf(stderr, "transport %d: no node\n", rank);
		MPI_Abort(MPI_COMM_WORLD, 1);
	}
	/* Giving back no buffer is harmless. */
	t.tr.free(t.tr.ctx, NULL);
	if (rank == 1) {
		u8 *junk = calloc(1, lens[2]);

		if (!junk)
			MPI_Abort(MPI_COMM_WORLD, 1);
		memset(junk, 0xa5, lens[2]);
		for (i = 0; i < 3; i++)
			MPI_Send(junk, (int)lens[i], MPI_BYTE, 0, TAG, t.comm);
		free(junk);
	} else {
		ret = 0;
		end = MPI_Wtime() + 30;
		while (ep.st.bad_packets < 3 && !ret && MPI_Wtime() < end)
			ret = unimem_progress(&ep);
		check(!ret,
		      "unimem_progress() goes on through foreign messages");
		check(ep.st.bad_packets == 3,
		      "an empty, a garbage and an over-long message: 3 bad packets");
		/* Nothing the size of the long one kept for reuse. */
		check(t.pooled < lens[2],
		      "no buffer kept for a message longer than any packet");
	}
	MPI_Barrier(MPI_COMM_WORLD);
	unimem_ep_leave(&ep);
	if (unimem_mpi_leave(&t, &ep, 30))
		failed++;
	unimem_ep_fini(&ep);
	unimem_mpi_fini(&t);
	scn_node_close(&node);
	MPI_Allreduce(&failed, &all, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
	if (!rank)
		printf("%s: 2 nodes\n", all ? "FAILED" : "ok");
	MPI_Finalize();
	return all ? 1 : 0;
}
