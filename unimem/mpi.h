/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The Unimem transport over MPI: one rank per node, user space only.
 *
 * Packets are MPI messages of bytes with one tag on a private
 * communicator; MPI keeps the order between two ranks, as Unimem needs.
 * Sends are non-blocking from the packet's own buffer (kept for reuse
 * once sent).  MPI errors on that communicator come back as -EIO, not
 * as the end of the job; a message longer than any packet is received,
 * dropped and counted as a bad packet.  A node leaving says
 * BYE (unimem_ep_fini()) and then drains what is still addressed to it
 * until every other node has said BYE too, or a time limit passes.
 */
#ifndef VADMA_UNIMEM_MPI_H
#define VADMA_UNIMEM_MPI_H

#include <mpi.h>

#include "vadma/unimem.h"

struct unimem_mpi_send;
struct pool_buf;

struct unimem_mpi {
	MPI_Comm comm;
	int rank;
	int size;
	struct unimem_mpi_send *sends;
	unsigned int nr_sends;
	unsigned int cap_sends;
	struct pool_buf *pool[24]; /* packet buffers for reuse, by size */
	size_t pooled;
	struct unimem_transport tr;
};

/** unimem_mpi_init() - a transport on a duplicate of @comm */
int unimem_mpi_init(struct unimem_mpi *t, MPI_Comm comm);

/**
 * unimem_mpi_leave() - after unimem_ep_leave(): drain packets until every
 * other node said BYE (seen by @ep) or @seconds passed; finish the sends
 * Return: 0, or -ETIMEDOUT (some node never said BYE).
 */
int unimem_mpi_leave(struct unimem_mpi *t, struct unimem_ep *ep,
		     double seconds);

void unimem_mpi_fini(struct unimem_mpi *t);

#endif /* VADMA_UNIMEM_MPI_H */
