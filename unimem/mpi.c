// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The Unimem transport over MPI (see mpi.h). */
#include <stdlib.h>
#include <string.h>

#include "mpi.h"

#define UNIMEM_MPI_TAG	    0x554d
#define UNIMEM_MPI_POLL_MAX 64
#define POOL_CLASSES	    24 /* buffers of 2^6 .. 2^29 bytes */
#define POOL_KEEP	    (64U << 20)
/* The longest packet Unimem sends (a BATCH's body is bounded the same). */
#define UNIMEM_MPI_PKT_MAX  ((size_t)UNIMEM_HDR_SIZE + UNIMEM_MAX_LEN)

struct unimem_mpi_send {
	MPI_Request req;
	void *buf;
};

/*
 * Packet buffers are kept for reuse, by power-of-two size, up to
 * POOL_KEEP bytes in all: a malloc() of a big buffer is an mmap() whose
 * pages fault in on first touch, for every packet.  A buffer starts with
 * its class, the packet follows.
 */
struct pool_buf {
	struct pool_buf *next;
	unsigned int cls;
	unsigned int pad[1];
};

static unsigned int pool_class(size_t len)
{
	unsigned int c = 0;

	while (c < POOL_CLASSES - 1 && ((size_t)64 << c) < len)
		c++;
	return c;
}

static void *pool_alloc(struct unimem_mpi *t, size_t len)
{
	unsigned int c = pool_class(len);
	struct pool_buf *b;

	if (((size_t)64 << c) < len)
		return NULL;
	b = t->pool[c];
	if (b) {
		t->pool[c] = b->next;
		t->pooled -= (size_t)64 << c;
	} else {
		b = malloc(sizeof(*b) + ((size_t)64 << c));
		if (!b)
			return NULL;
		b->cls = c;
	}
	b->next = NULL;
	return b + 1;
}

static void pool_free(struct unimem_mpi *t, void *pkt)
{
	struct pool_buf *b;
	size_t size;

	if (!pkt)
		return;
	b = (struct pool_buf *)pkt - 1;
	size = (size_t)64 << b->cls;
	if (t->pooled + size > POOL_KEEP) {
		free(b);
		return;
	}
	b->next = t->pool[b->cls];
	t->pool[b->cls] = b;
	t->pooled += size;
}

/* Free the buffers of sends MPI is done with. */
static void mpi_reap(struct unimem_mpi *t)
{
	unsigned int i = 0;

	while (i < t->nr_sends) {
		int done = 0;

		/* On an error the buffer stays: MPI may still read it. */
		if (MPI_Test(&t->sends[i].req, &done, MPI_STATUS_IGNORE) ==
			    MPI_SUCCESS &&
		    done) {
			pool_free(t, t->sends[i].buf);
			t->sends[i] = t->sends[--t->nr_sends];
		} else {
			i++;
		}
	}
}

static void *mpi_alloc(void *ctx, size_t len)
{
	return pool_alloc(ctx, len);
}

static void mpi_free(void *ctx, void *pkt)
{
	pool_free(ctx, pkt);
}

/* Takes @pkt over: MPI sends it from there, mpi_reap() frees it. */
static int mpi_send(void *ctx, unsigned int node, void *pkt, size_t len)
{
	struct unimem_mpi *t = ctx;
	struct unimem_mpi_send *s;
	void *buf = pkt;

	if (node >= (unsigned int)t->size || len > INT32_MAX) {
		pool_free(t, pkt);
		return -EINVAL;
	}
	mpi_reap(t);
	if (t->nr_sends == t->cap_sends) {
		unsigned int cap = t->cap_sends ? 2 * t->cap_sends : 64;

		s = realloc(t->sends, cap * sizeof(*s));
		if (!s) {
			pool_free(t, pkt);
			return -ENOMEM;
		}
		t->sends = s;
		t->cap_sends = cap;
	}
	s = &t->sends[t->nr_sends];
	if (MPI_Isend(buf, (int)len, MPI_BYTE, (int)node, UNIMEM_MPI_TAG,
		      t->comm, &s->req) != MPI_SUCCESS) {
		pool_free(t, buf);
		return -EIO;
	}
	s->buf = buf;
	t->nr_sends++;
	return 0;
}

/*
 * The message at the head of @src's queue, of @count bytes, is longer
 * than any packet: it is received into memory of its own (not a pool
 * buffer, which would keep its size), dropped, and counted by the
 * endpoint as a bad packet, so that it neither stays at the head of the
 * queue nor is kept.  (A receive shorter than the message is no way to
 * drop it: Open MPI writes past the end of a truncated receive.)
 */
static int mpi_discard(struct unimem_mpi *t, struct unimem_ep *ep, int src,
		       int count)
{
	void *junk = malloc((size_t)count);
	int err;

	if (!junk)
		return -ENOMEM;
	err = MPI_Recv(junk, count, MPI_BYTE, src, UNIMEM_MPI_TAG, t->comm,
		       MPI_STATUS_IGNORE);
	free(junk);
	if (err != MPI_SUCCESS)
		return -EIO;
	unimem_input(ep, (unsigned int)src, NULL, (size_t)count);
	return 0;
}

static int mpi_poll(void *ctx, struct unimem_ep *ep)
{
	struct unimem_mpi *t = ctx;
	int n, ret;

	mpi_reap(t);
	for (n = 0; n < UNIMEM_MPI_POLL_MAX; n++) {
		MPI_Status st;
		int flag = 0, count = 0;
		u8 *buf;

		if (MPI_Iprobe(MPI_ANY_SOURCE, UNIMEM_MPI_TAG, t->comm, &flag,
			       &st) != MPI_SUCCESS)
			return -EIO;
		if (!flag)
			break;
		/*
		 * Single-threaded: the first message from that source is the
		 * one probed, so the receives below get exactly it.
		 */
		if (MPI_Get_count(&st, MPI_BYTE, &count) != MPI_SUCCESS ||
		    count < 0)
			return -EIO; /* longer than an int counts */
		if ((size_t)count > UNIMEM_MPI_PKT_MAX) {
			ret = mpi_discard(t, ep, st.MPI_SOURCE, count);
			if (ret)
				return ret;
			continue;
		}
		/* Without a buffer it waits in MPI's queue for the next poll. */
		buf = pool_alloc(t, count ? (size_t)count : 1);
		if (!buf)
			return -ENOMEM;
		if (MPI_Recv(buf, count, MPI_BYTE, st.MPI_SOURCE,
			     UNIMEM_MPI_TAG, t->comm,
			     MPI_STATUS_IGNORE) != MPI_SUCCESS) {
			pool_free(t, buf);
			return -EIO;
		}
		if (!unimem_input(ep, (unsigned int)st.MPI_SOURCE, buf,
				  (size_t)count))
			pool_free(t, buf);
	}
	return n;
}

int unimem_mpi_init(struct unimem_mpi *t, MPI_Comm comm)
{
	memset(t, 0, sizeof(*t));
	if (MPI_Comm_dup(comm, &t->comm) != MPI_SUCCESS)
		return -EIO;
	/*
	 * Errors on the transport's own communicator come back as codes (and
	 * from there as -EIO to the endpoint) instead of ending the job.
	 */
	MPI_Comm_set_errhandler(t->comm, MPI_ERRORS_RETURN);
	MPI_Comm_rank(t->comm, &t->rank);
	MPI_Comm_size(t->comm, &t->size);
	t->tr.alloc = mpi_alloc;
	t->tr.free = mpi_free;
	t->tr.send = mpi_send;
	t->tr.poll = mpi_poll;
	t->tr.ctx = t;
	return 0;
}

static bool all_gone(const struct unimem_mpi *t, const struct unimem_ep *ep)
{
	int i;

	for (i = 0; i < t->size; i++)
		if (i != t->rank && !unimem_node_gone(ep, (unsigned int)i))
			return false;
	return true;
}

int unimem_mpi_leave(struct unimem_mpi *t, struct unimem_ep *ep, double seconds)
{
	double end = MPI_Wtime() + seconds;

	while (!all_gone(t, ep) && MPI_Wtime() < end)
		unimem_progress(ep);
	while (t->nr_sends && MPI_Wtime() < end)
		mpi_reap(t);
	return all_gone(t, ep) && !t->nr_sends ? 0 : -ETIMEDOUT;
}

void unimem_mpi_fini(struct unimem_mpi *t)
{
	unsigned int i;

	for (i = 0; i < t->nr_sends; i++) {
		MPI_Cancel(&t->sends[i].req);
		MPI_Request_free(&t->sends[i].req);
		pool_free(t, t->sends[i].buf);
	}
	free(t->sends);
	for (i = 0; i < POOL_CLASSES; i++)
		while (t->pool[i]) {
			struct pool_buf *b = t->pool[i];

			t->pool[i] = b->next;
			free(b);
		}
	if (t->comm != MPI_COMM_NULL)
		MPI_Comm_free(&t->comm);
	memset(t, 0, sizeof(*t));
}
