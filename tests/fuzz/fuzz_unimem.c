// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The Unimem packet decoder, alone and in an endpoint.  Two nodes in one
 * process joined by a loopback transport (as in tests/unit/test_unimem.c),
 * each with a process exported under PDID 1; the input is a program of
 * packets delivered to either node as if from any node (raw bytes, or a
 * header built from fields so that well-formed requests and answers are
 * reached), real puts and gets between the nodes, and progress.
 *
 * Invariants: no crash, hang, leak or undefined behaviour; a header
 * unimem_hdr_decode() accepts encodes back to the same bytes; every
 * packet buffer is given back; the nodes' own operations still end.  The
 * transport now and then refuses a packet (as MPI may, out of memory).
 */
#include "fuzz.h"
#include "vadma/scenario.h"
#include "vadma/unimem.h"

#define NODES	2
#define QMAX	64
#define KEY	0x5eedULL
#define RW	(OS_PROT_READ | OS_PROT_WRITE)
#define MAX_PKT (UNIMEM_HDR_SIZE + 8192)

struct pkt {
	unsigned int from, to;
	size_t len;
	u8 *data;
};

static struct pkt q[QMAX];
static unsigned int qhead, qtail, allocs;
static unsigned int send_fail; /* refuse this many sends (-ENOMEM) */

struct lnode {
	unsigned int id;
	struct unimem_transport tr;
	struct scn_node node;
	struct unimem_ep ep;
	struct os_proc *p;
	u64 rw, ro;
};

static struct lnode nodes[NODES];

static void *lb_alloc(void *ctx, size_t len)
{
	(void)ctx;
	allocs++;
	return malloc(len ? len : 1);
}

static void lb_free(void *ctx, void *pkt)
{
	(void)ctx;
	allocs--;
	free(pkt);
}

static int lb_send(void *ctx, unsigned int to, void *pkt, size_t len)
{
	struct lnode *n = ctx;

	if ((qtail + 1) % QMAX == qhead || to >= NODES) {
		lb_free(ctx, pkt);
		return -ENOSPC;
	}
	if (send_fail) {
		send_fail--;
		lb_free(ctx, pkt);
		return -ENOMEM;
	}
	q[qtail] = (struct pkt){ n->id, to, len, pkt };
	qtail = (qtail + 1) % QMAX;
	return 0;
}

static int lb_poll(void *ctx, struct unimem_ep *ep)
{
	struct lnode *n = ctx;
	struct pkt keep[QMAX];
	unsigned int kept = 0, got = 0, i;

	while (qhead != qtail) {
		struct pkt p = q[qhead];

		qhead = (qhead + 1) % QMAX;
		if (p.to != n->id) {
			keep[kept++] = p;
			continue;
		}
		got++;
		if (!unimem_input(ep, p.from, p.data, p.len))
			lb_free(ctx, p.data);
	}
	for (i = 0; i < kept; i++) {
		q[qtail] = keep[i];
		qtail = (qtail + 1) % QMAX;
	}
	return (int)got;
}

static void nodes_open(void)
{
	unsigned int i;

	qhead = qtail = send_fail = 0;
	for (i = 0; i < NODES; i++) {
		struct lnode *n = &nodes[i];

		memset(n, 0, sizeof(*n));
		n->id = i;
		n->tr = (struct unimem_transport){ lb_alloc, lb_send, lb_free,
						   lb_poll, n };
		if (scn_node_open(&n->node, NULL) ||
		    unimem_ep_init(&n->ep, n->node.m, &n->node.sva,
				   n->node.plat->smmu_irq, i, NODES, &n->tr) ||
		    os_proc_create(n->node.os, &n->p) ||
		    os_mmap(n->p, 0, 64 << 10, RW, 0, &n->rw) ||
		    os_mmap(n->p, 0, 4096, OS_PROT_READ, 0, &n->ro) ||
		    unimem_attach(&n->ep, n->p, 1, KEY + i, true))
			abort();
	}
}

static void progress(unsigned int rounds)
{
	unsigned int r, i;

	for (r = 0; r < rounds; r++)
		for (i = 0; i < NODES; i++)
			if (unimem_progress(&nodes[i].ep))
				fz_fail("unimem_progress failed");
}

static void nodes_close(void)
{
	unsigned int i;

	for (i = 0; i < NODES; i++)
		unimem_ep_leave(&nodes[i].ep);
	progress(4);
	for (i = 0; i < NODES; i++) {
		unimem_ep_fini(&nodes[i].ep);
		scn_node_close(&nodes[i].node);
	}
	while (qhead != qtail) {
		lb_free(NULL, q[qhead].data);
		qhead = (qhead + 1) % QMAX;
	}
	if (allocs)
		fz_fail("%u packet buffers never given back", allocs);
}

/* The decoder alone: what it accepts must encode to the same bytes. */
static void check_decode(const u8 *pkt, size_t len)
{
	struct unimem_hdr h;
	u8 again[UNIMEM_HDR_SIZE];

	if (unimem_hdr_decode(pkt, len, &h))
		return;
	if (unimem_hdr_encode(&h, again, sizeof(again)) != UNIMEM_HDR_SIZE ||
	    memcmp(again, pkt, UNIMEM_HDR_SIZE))
		fz_fail("a header decode accepted does not encode back");
	if (len != UNIMEM_HDR_SIZE + ((h.type == UNIMEM_PUT ||
				       h.type == UNIMEM_GET_DATA ||
				       h.type == UNIMEM_BATCH)
					      ? h.len
					      : 0))
		fz_fail("decode accepted %zu bytes for type %u length %u", len,
			h.type, h.len);
}

static void put_le(u8 *p, u64 v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		p[i] = (u8)(v >> (8 * i));
}

/*
 * A BATCH into @to from @from: records of every kind (void ones too),
 * padding, and sizes and counts that may lie.
 */
static void op_batch(struct fz *f, unsigned int to, unsigned int from)
{
	unsigned int n = fz_u8(f) % 5 + 1, i;
	u32 off = UNIMEM_HDR_SIZE;
	u8 *pkt = lb_alloc(NULL, MAX_PKT);

	memset(pkt, 0, MAX_PKT);
	for (i = 0; i < n; i++) {
		struct unimem_hdr h = {
			.type = (u8)(fz_u8(f) % 4 + 1),
			.src = (u16)(1 - to),
			.dst = (u16)to,
			.pdid = 1,
			.tag = fz_u8(f) % 8,
			.len = fz_u8(f) % 200 + 1,
			.va = nodes[to].rw + fz_u16(f) % 0x10000,
			.key = KEY + to,
		};
		u8 k = fz_u8(f);
		u32 pay = (h.type == UNIMEM_PUT || h.type == UNIMEM_GET_DATA)
				  ? h.len
				  : 0,
		    size = UNIMEM_REC_SIZE + UNIMEM_HDR_SIZE + pay + k % 16;

		if (h.type == UNIMEM_PUT_DONE || h.type == UNIMEM_GET_DATA) {
			h.key = 0;
			h.va = 0;
			h.bytes = h.type == UNIMEM_GET_DATA ? h.len : 0;
			if (h.type == UNIMEM_PUT_DONE)
				h.len = 0;
		}
		if (off + size + 8 > MAX_PKT)
			break;
		put_le(pkt + off + 4, k & 0x10 ? UNIMEM_REC_VOID : 0, 4);
		unimem_hdr_encode(&h, pkt + off + UNIMEM_REC_SIZE,
				  UNIMEM_HDR_SIZE);
		if (k & 0x20) /* a lie about the record's size */
			size = (size + fz_u8(f) % 16 - 8) & 0xffff;
		if (k & 0x40) /* a flipped byte in the record */
			pkt[off + fz_u8(f) % (UNIMEM_REC_SIZE +
					      UNIMEM_HDR_SIZE)] ^= fz_u8(f);
		put_le(pkt + off, size, 4);
		off += size > MAX_PKT ? 0 : size;
		if (off > MAX_PKT - 64)
			break;
	}
	put_le(pkt, UNIMEM_MAGIC, 4);
	pkt[4] = UNIMEM_VERSION;
	pkt[5] = UNIMEM_BATCH;
	put_le(pkt + 8, 1 - to, 2);
	put_le(pkt + 10, to, 2);
	put_le(pkt + 20, off - UNIMEM_HDR_SIZE, 4);
	put_le(pkt + 44, fz_u8(f) & 1 ? fz_u8(f) % 8 : i, 4);
	check_decode(pkt, off);
	if (!unimem_input(&nodes[to].ep, from, pkt, off))
		lb_free(NULL, pkt);
}

/* A packet into @to from @from: raw, or fields laid out as the format. */
static void op_packet(struct fz *f)
{
	u8 k = fz_u8(f);
	unsigned int to = k & 1, from = (k >> 1) & 3, i;
	size_t len;
	u8 *pkt;

	if (k & 8) {
		len = fz_u16(f) % MAX_PKT;
		pkt = lb_alloc(NULL, len);
		for (i = 0; i < len; i++)
			pkt[i] = fz_u8(f);
	} else {
		u8 type = fz_u8(f);
		u32 plen = fz_u16(f) % 8192;

		if (type % 8 == UNIMEM_BATCH && !(k & 0x80)) {
			op_batch(f, to, from);
			return;
		}
		u64 va = fz_u8(f) & 1 ? nodes[to].rw + fz_u16(f) % 0x10000
				      : fz_u64(f);

		len = UNIMEM_HDR_SIZE +
		      ((type % 8 == UNIMEM_PUT || type % 8 == UNIMEM_GET_DATA)
			       ? plen
			       : fz_u8(f) % 4);
		pkt = lb_alloc(NULL, len);
		memset(pkt, 0, len);
		put_le(pkt, UNIMEM_MAGIC, 4);
		pkt[4] = k & 0x80 ? fz_u8(f) : UNIMEM_VERSION;
		pkt[5] = type % 8;
		put_le(pkt + 8, k & 0x40 ? fz_u16(f) : 1 - to, 2);
		put_le(pkt + 10, k & 0x20 ? fz_u16(f) : to, 2);
		put_le(pkt + 12, fz_u8(f) % 3, 2); /* PDID */
		put_le(pkt + 16, fz_u8(f) % 8, 4); /* a tag in use, maybe */
		put_le(pkt + 20, plen, 4);
		put_le(pkt + 24, va, 8);
		put_le(pkt + 32, k & 0x10 ? fz_u64(f) : KEY + to, 8);
		put_le(pkt + 40, (u32) - (s32)(fz_u8(f) % 150), 4);
		put_le(pkt + 44, fz_u16(f), 4);
		for (i = UNIMEM_HDR_SIZE; i < len; i++)
			pkt[i] = (u8)i;
	}
	check_decode(pkt, len);
	if (!unimem_input(&nodes[to].ep, from, pkt, len))
		lb_free(NULL, pkt);
}

static struct unimem_req reqs[8];
static bool issued[8];

static void op_request(struct fz *f)
{
	u8 k = fz_u8(f);
	struct lnode *a = &nodes[k & 1], *b = &nodes[!(k & 1)];
	unsigned int slot = (k >> 1) % 8;
	struct unimem_req *r = &reqs[slot];
	struct unimem_gaddr ga = { (u16)b->id, 1, b->rw + fz_u16(f) % 0x8000 };
	u32 len = fz_u16(f) % 0x8000 + 1;
	u64 key = k & 0x10 ? KEY : KEY + b->id;

	if (issued[slot] && !r->done)
		return; /* still in flight */
	memset(r, 0, sizeof(*r));
	if (k & 0x20)
		ga.va = b->ro;
	if (k & 0x40)
		unimem_get(&a->ep, a->p, a->rw, ga, key, len, r);
	else
		unimem_put(&a->ep, a->p, a->rw, ga, key, len, r);
	issued[slot] = true;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	unsigned int ops = 0;

	if (size >= UNIMEM_HDR_SIZE)
		check_decode(data, size);
	nodes_open();
	memset(reqs, 0, sizeof(reqs));
	memset(issued, 0, sizeof(issued));
	while (f.n && ops++ < 64) {
		switch (fz_u8(&f) % 4) {
		case 0:
		case 1:
			op_packet(&f);
			break;
		case 2:
			op_request(&f);
			break;
		default:
			/* Now and then the transport refuses a packet. */
			if (!(fz_u8(&f) & 7))
				send_fail = 1;
			progress(fz_u8(&f) % 8 + 1);
			break;
		}
	}
	progress(64);
	nodes_close();
	return 0;
}
