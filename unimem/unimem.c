// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unimem remote DMA: the packet format, exports, and the operations of a
 * node as initiator and as destination.  The transport is someone else's
 * (unimem/mpi.c); the data moves through the node's NI and SMMU.
 *
 * An operation is a slot in a fixed table (the window: UNIMEM_MAX_OPS in
 * flight per node, initiated and served together), in one of three
 * states: its NI job runs (the data moves between a packet and a
 * process's virtual memory), its record waits in the queue to its peer,
 * or it waits for the peer's answer.
 *
 *   initiator PUT:  NI reads the local buffer -> PUT queued -> wait PUT_DONE
 *   initiator GET:  GET queued -> wait GET_DATA -> NI writes the local buffer
 *   destination:    PUT -> NI writes -> PUT_DONE;  GET -> NI reads -> GET_DATA
 *
 * What goes to one node leaves in order, at the end of unimem_progress():
 * small operations and answers coalesced into BATCH packets, big ones in
 * packets of their own.
 */
#include "vadma/unimem.h"

/* Packets */

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static void put32(u8 *p, u32 v)
{
	put16(p, (u16)v);
	put16(p + 2, (u16)(v >> 16));
}

static void put64(u8 *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

static u16 get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get32(const u8 *p)
{
	return get16(p) | (u32)get16(p + 2) << 16;
}

static u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

static bool unimem_payload(u8 type)
{
	return type == UNIMEM_PUT || type == UNIMEM_GET_DATA ||
	       type == UNIMEM_BATCH;
}

static bool unimem_is_request(u8 type)
{
	return type == UNIMEM_PUT || type == UNIMEM_GET;
}

/* The rules decode enforces, for a header that is already in fields. */
static int unimem_hdr_check(const struct unimem_hdr *h, size_t size)
{
	if (h->type < UNIMEM_PUT || h->type > UNIMEM_BATCH)
		return -EINVAL;
	if (h->len > UNIMEM_MAX_LEN)
		return -EINVAL;
	if (size != UNIMEM_HDR_SIZE + (unimem_payload(h->type) ? h->len : 0))
		return -EINVAL;
	if (h->src >= UNIMEM_MAX_NODES || h->dst >= UNIMEM_MAX_NODES)
		return -EINVAL;
	if (h->type == UNIMEM_BATCH) {
		/* @bytes counts the records; each takes 8 bytes or more. */
		if (h->pdid || h->tag || h->va || h->key || h->status ||
		    !h->bytes || h->bytes > h->len / UNIMEM_REC_SIZE)
			return -EINVAL;
	} else if (unimem_is_request(h->type)) {
		if (!h->len || h->status || h->bytes ||
		    (h->va >> UNIMEM_VA_BITS) ||
		    ((h->va + h->len - 1) >> UNIMEM_VA_BITS))
			return -EINVAL;
	} else {
		if (h->key || h->status > 0 || h->status < -4095 ||
		    (h->va >> UNIMEM_VA_BITS))
			return -EINVAL;
		if (h->type == UNIMEM_BYE &&
		    (h->len || h->va || h->status || h->bytes || h->pdid))
			return -EINVAL;
		if (h->type == UNIMEM_PUT_DONE && h->len)
			return -EINVAL;
		if (h->bytes > UNIMEM_MAX_LEN)
			return -EINVAL;
		/* Data comes only with success, all of it. */
		if (h->type == UNIMEM_GET_DATA &&
		    (h->status ? h->len != 0 : h->len != h->bytes))
			return -EINVAL;
	}
	return 0;
}

int unimem_hdr_encode(const struct unimem_hdr *h, u8 *buf, size_t size)
{
	size_t want = UNIMEM_HDR_SIZE + (unimem_payload(h->type) ? h->len : 0);

	if (size < UNIMEM_HDR_SIZE || unimem_hdr_check(h, want))
		return -EINVAL;
	put32(buf, UNIMEM_MAGIC);
	buf[4] = UNIMEM_VERSION;
	buf[5] = h->type;
	put16(buf + 6, 0);
	put16(buf + 8, h->src);
	put16(buf + 10, h->dst);
	put16(buf + 12, h->pdid);
	put16(buf + 14, 0);
	put32(buf + 16, h->tag);
	put32(buf + 20, h->len);
	put64(buf + 24, h->va);
	put64(buf + 32, h->key);
	put32(buf + 40, (u32)h->status);
	put32(buf + 44, h->bytes);
	return UNIMEM_HDR_SIZE;
}

int unimem_hdr_decode(const u8 *buf, size_t size, struct unimem_hdr *h)
{
	if (!buf || size < UNIMEM_HDR_SIZE || get32(buf) != UNIMEM_MAGIC)
		return -EINVAL;
	if (buf[4] != UNIMEM_VERSION)
		return buf[4] > UNIMEM_VERSION ? -EPROTO : -EINVAL;
	if (get16(buf + 6) || get16(buf + 14))
		return -EINVAL;
	h->type = buf[5];
	h->src = get16(buf + 8);
	h->dst = get16(buf + 10);
	h->pdid = get16(buf + 12);
	h->tag = get32(buf + 16);
	h->len = get32(buf + 20);
	h->va = get64(buf + 24);
	h->key = get64(buf + 32);
	h->status = (s32)get32(buf + 40);
	h->bytes = get32(buf + 44);
	return unimem_hdr_check(h, size);
}

/*
 * Batches.  A BATCH packet's payload is a run of records, each
 *
 *   u32 size (of the record, this prefix included), u32 flags,
 *   then a packet of one operation (header and payload), then padding.
 *
 * A record flagged UNIMEM_REC_VOID carries nothing (its operation failed
 * before the packet left) and is skipped.  Padding is what a GET_DATA
 * answer reserved for data it could not read.  unimem_batch_check() walks
 * a batch before anything in it is served.
 */

/*
 * Decode the record at @r of @size bytes (its prefix checked): 0, with
 * @h->type 0 for a void record; -EINVAL when it is malformed or is not a
 * packet of one operation from @bh's source to its destination.
 */
static int rec_decode(const struct unimem_hdr *bh, const u8 *r, u32 size,
		      struct unimem_hdr *h)
{
	const u8 *p = r + UNIMEM_REC_SIZE;
	u32 room, want = UNIMEM_HDR_SIZE;

	if (get32(r + 4) & UNIMEM_REC_VOID) {
		h->type = 0;
		return 0;
	}
	if (size < UNIMEM_REC_SIZE + UNIMEM_HDR_SIZE)
		return -EINVAL;
	room = size - UNIMEM_REC_SIZE - UNIMEM_HDR_SIZE;
	if (p[5] == UNIMEM_PUT || p[5] == UNIMEM_GET_DATA) {
		if (get32(p + 20) > room)
			return -EINVAL;
		want += get32(p + 20);
	}
	if (unimem_hdr_decode(p, want, h) || h->type == UNIMEM_BATCH ||
	    h->type == UNIMEM_BYE || h->src != bh->src || h->dst != bh->dst)
		return -EINVAL;
	return 0;
}

/*
 * How many of a batch's first records (at most @max) are well formed;
 * the first one decoded into @first if asked.
 */
static unsigned int unimem_batch_check(const struct unimem_hdr *bh,
				       const u8 *body, u32 len, u32 count,
				       struct unimem_hdr *first,
				       unsigned int max)
{
	u32 off = 0, n = 0;

	while (off < len && n < count && n < max) {
		u32 left = len - off, size, flags;
		const u8 *r = body + off;
		struct unimem_hdr h;

		if (left < UNIMEM_REC_SIZE)
			break;
		size = get32(r);
		flags = get32(r + 4);
		if (size < UNIMEM_REC_SIZE || size > left ||
		    (flags & ~(u32)UNIMEM_REC_VOID) ||
		    rec_decode(bh, r, size, &h))
			break;
		if (first && !n)
			*first = h;
		off += size;
		n++;
	}
	return n;
}

/* Whether a batch is well formed: every record, and nothing after them. */
static bool unimem_batch_ok(const struct unimem_hdr *bh, const u8 *body)
{
	u32 off = 0, n;

	n = unimem_batch_check(bh, body, bh->len, bh->bytes, NULL, ~0U);
	if (n != bh->bytes)
		return false;
	/* The records must fill the body exactly. */
	for (n = 0; n < bh->bytes; n++)
		off += get32(body + off);
	return off == bh->len;
}

/* The endpoint */

/*
 * What leaves for one node, in order: a queue of units.  A unit is a
 * batch (records of several operations and answers) or a packet of one
 * operation; it goes when every record in it is final (@pending is 0):
 * a PUT's data read by the NI, an answer's status known.  So requests
 * leave in the order they were issued, answers in the order the requests
 * came, whatever order the NI or the SMMU finishes things in.  A single
 * unit without a buffer is an answer that found no memory: it waits in
 * its place until unimem_progress() finds a buffer for it.
 */
struct unimem_unit {
	struct unimem_unit *next;
	u8 *pkt;     /* a transport buffer, or NULL */
	u32 used;    /* batch: bytes used, its header included */
	u32 records; /* batch: records in it */
	u32 pending; /* records not final yet */
	u64 seq;     /* names it for the operations whose requests it carries */
	bool batch;
	bool dead;	       /* single: its operation failed before it left */
	struct unimem_hdr hdr; /* single: goes in front of the payload */
};

struct unimem_peer {
	struct unimem_unit *head;
	struct unimem_unit *tail;
	struct unimem_unit *open; /* the batch that takes records now */
	struct unimem_peer *next_dirty;
	bool dirty;
	bool gone;
};

/*
 * A packet that came in and that NI jobs still read (PUT data to write at
 * the destination, GET data to write at the initiator): freed when the
 * last of them ended.
 */
struct unimem_rx {
	u8 *pkt;
	unsigned int refs;
};

enum op_kind {
	OP_FREE,
	OP_PUT,	      /* ours: a put */
	OP_GET,	      /* ours: a get */
	OP_SERVE_PUT, /* another node's put, into one of our processes */
	OP_SERVE_GET, /* another node's get */
};

/*
 * An operation: its NI job runs (@ni), or it waits for an answer
 * (@waiting), or its record waits in a unit for the NI (served ones).
 * Its outgoing record is at @rec in @unit.  No data is copied on the way:
 * the NI reads a PUT's source into the record that will carry it, reads a
 * served GET's data into the record of the answer, and writes arriving
 * data from the packet it came in (@rx).
 */
struct unimem_op {
	enum op_kind kind;
	bool ni;
	bool waiting;
	u32 tag; /* ours: the tag we sent; served: the initiator's */
	unsigned int peer;
	struct unimem_req *req;
	struct unimem_hdr hdr; /* the request */
	struct unimem_unit *unit;
	u32 rec;
	u64 useq; /* ours: the unit that carries the request */
	struct unimem_rx *rx;
	struct unimem_op *next; /* the free list, or the NI's order */
	struct model_ni_job job;
};

#define UNIMEM_RUN_STEPS (1ULL << 16)
#define TAG_SLOT_BITS	 10 /* UNIMEM_MAX_OPS = 1024 */

int unimem_ep_init(struct unimem_ep *ep, struct model *m, struct os_sva *sva,
		   u32 smmu_irq, unsigned int node, unsigned int nodes,
		   const struct unimem_transport *tr)
{
	unsigned int i;

	memset(ep, 0, sizeof(*ep));
	if (!m || !sva || !tr || !tr->alloc || !tr->send || !tr->free ||
	    !tr->poll || !nodes || nodes > UNIMEM_MAX_NODES || node >= nodes)
		return -EINVAL;
	ep->m = m;
	ep->sva = sva;
	ep->smmu_irq = smmu_irq;
	ep->node = (u16)node;
	ep->nodes = nodes;
	ep->tr = tr;
	ep->ops = vadma_zalloc(UNIMEM_MAX_OPS * sizeof(*ep->ops));
	ep->peers = vadma_zalloc(nodes * sizeof(*ep->peers));
	if (!ep->ops || !ep->peers) {
		unimem_ep_fini(ep);
		return -ENOMEM;
	}
	for (i = UNIMEM_MAX_OPS; i--;) {
		ep->ops[i].next = ep->free_ops;
		ep->free_ops = &ep->ops[i];
	}
	if (model_ni_reset(m) == -ENODEV) {
		unimem_ep_fini(ep);
		return -ENODEV;
	}
	return 0;
}

static void rx_put(struct unimem_ep *ep, struct unimem_rx *rx)
{
	if (rx && !--rx->refs) {
		ep->tr->free(ep->tr->ctx, rx->pkt);
		vadma_free(rx);
	}
}

static void op_free(struct unimem_ep *ep, struct unimem_op *op)
{
	rx_put(ep, op->rx);
	memset(op, 0, sizeof(*op));
	op->next = ep->free_ops;
	ep->free_ops = op;
	ep->nr_busy--;
}

static struct unimem_op *op_alloc(struct unimem_ep *ep)
{
	struct unimem_op *op = ep->free_ops;

	if (!op)
		return NULL;
	ep->free_ops = op->next;
	op->next = NULL;
	ep->nr_busy++;
	return op;
}

static int op_slot(const struct unimem_ep *ep, const struct unimem_op *op)
{
	return (int)(op - ep->ops);
}

static void req_end(struct unimem_ep *ep, struct unimem_op *op, int status,
		    bool remote, u64 va, u32 bytes)
{
	struct unimem_req *r = op->req;

	r->status = status;
	r->remote = remote;
	r->fault_va = status == -EFAULT ? va : 0;
	r->bytes = bytes;
	r->done = true;
	op_free(ep, op);
}

/* Units */

static void peer_queue(struct unimem_ep *ep, unsigned int node,
		       struct unimem_unit *u)
{
	struct unimem_peer *p = &ep->peers[node];

	if (p->tail)
		p->tail->next = u;
	else
		p->head = u;
	p->tail = u;
	if (!p->dirty) {
		p->dirty = true;
		p->next_dirty = ep->dirty;
		ep->dirty = p;
	}
}

/* A unit of one packet: @pkt has room for the payload after the header. */
static struct unimem_unit *unit_single(struct unimem_ep *ep, unsigned int node,
				       u8 *pkt, const struct unimem_hdr *h)
{
	struct unimem_unit *u = vadma_zalloc(sizeof(*u));

	if (!u)
		return NULL;
	u->pkt = pkt;
	u->hdr = *h;
	u->seq = ep->next_unit++;
	/* What follows goes after it: the open batch is closed. */
	ep->peers[node].open = NULL;
	peer_queue(ep, node, u);
	return u;
}

/*
 * Room for a record of @payload bytes in the batch open for @node (a new
 * one if it is full): its offset in (*@u)->pkt.  -ENOMEM without memory.
 */
static int rec_reserve(struct unimem_ep *ep, unsigned int node, u32 payload,
		       struct unimem_unit **u, u32 *off)
{
	struct unimem_peer *p = &ep->peers[node];
	u32 need = UNIMEM_REC_SIZE + UNIMEM_HDR_SIZE + payload;
	struct unimem_unit *b = p->open;

	if (b && b->used + need > UNIMEM_BATCH_MAX)
		b = p->open = NULL;
	if (!b) {
		b = vadma_zalloc(sizeof(*b));
		if (!b)
			return -ENOMEM;
		b->pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_BATCH_MAX);
		if (!b->pkt) {
			vadma_free(b);
			return -ENOMEM;
		}
		b->batch = true;
		b->used = UNIMEM_HDR_SIZE;
		b->seq = ep->next_unit++;
		peer_queue(ep, node, b);
		p->open = b;
	}
	*u = b;
	*off = b->used;
	put32(b->pkt + b->used, need);
	put32(b->pkt + b->used + 4, 0);
	b->used += need;
	b->records++;
	return 0;
}

/*
 * The record at @off of @u is final: @h.  Buffers are reused, so what the
 * record does not fill (the padding of data that could not be read) is
 * cleared: nothing of an earlier packet leaves with it.
 */
static void rec_set(struct unimem_ep *ep, struct unimem_unit *u, u32 off,
		    const struct unimem_hdr *h)
{
	u32 used = UNIMEM_REC_SIZE + UNIMEM_HDR_SIZE;

	if (unimem_payload(h->type)) {
		ep->st.bytes_out += h->len;
		used += h->len;
	}
	if (!u->batch) {
		u->hdr = *h;
		return;
	}
	unimem_hdr_encode(h, u->pkt + off + UNIMEM_REC_SIZE, UNIMEM_HDR_SIZE);
	if (get32(u->pkt + off) > used)
		memset(u->pkt + off + used, 0, get32(u->pkt + off) - used);
}

/* The record at @off of @u carries nothing (and nothing old either). */
static void rec_void(struct unimem_unit *u, u32 off)
{
	if (!u->batch) {
		u->dead = true;
		return;
	}
	put32(u->pkt + off + 4, UNIMEM_REC_VOID);
	memset(u->pkt + off + UNIMEM_REC_SIZE, 0,
	       get32(u->pkt + off) - UNIMEM_REC_SIZE);
}

static void unit_free(struct unimem_ep *ep, struct unimem_unit *u)
{
	if (u->pkt)
		ep->tr->free(ep->tr->ctx, u->pkt);
	vadma_free(u);
}

#define UNIT_WAIT 1 /* no buffer for the packet yet: try again later */

/*
 * Send @u: 0; UNIT_WAIT when it must wait for a buffer (nothing handed
 * over); else the transport's error, and the buffer is gone with it.
 */
static int unit_send(struct unimem_ep *ep, unsigned int node,
		     struct unimem_unit *u)
{
	struct unimem_hdr bh = { .type = UNIMEM_BATCH };
	size_t len = UNIMEM_HDR_SIZE;
	u8 *pkt = u->pkt;

	if (u->dead || (u->batch && !u->records))
		return 0;
	if (u->batch) {
		bh.src = ep->node;
		bh.dst = (u16)node;
		bh.len = u->used - UNIMEM_HDR_SIZE;
		bh.bytes = u->records;
		unimem_hdr_encode(&bh, pkt, UNIMEM_HDR_SIZE);
		len = u->used;
		ep->st.batches_out++;
	} else {
		if (!pkt) {
			pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_HDR_SIZE);
			if (!pkt)
				return UNIT_WAIT;
		}
		if (unimem_hdr_encode(&u->hdr, pkt, UNIMEM_HDR_SIZE) < 0) {
			ep->tr->free(ep->tr->ctx, pkt);
			u->pkt = NULL;
			return -EINVAL;
		}
		if (unimem_payload(u->hdr.type))
			len += u->hdr.len;
	}
	u->pkt = NULL;
	return ep->tr->send(ep->tr->ctx, node, pkt, len);
}

/*
 * @u could not be sent (@err): our requests in it end with @err now.  The
 * answers in it are lost; their initiators' time limits end them.
 */
static void unit_lost(struct unimem_ep *ep, unsigned int node,
		      const struct unimem_unit *u, int err)
{
	unsigned int i;

	for (i = 0; i < UNIMEM_MAX_OPS; i++) {
		struct unimem_op *op = &ep->ops[i];

		if ((op->kind == OP_PUT || op->kind == OP_GET) && op->waiting &&
		    op->peer == node && op->useq == u->seq)
			req_end(ep, op, err, false, 0, 0);
	}
}

/* Send what is final, in order, to every node that has something. */
static void unimem_flush(struct unimem_ep *ep)
{
	struct unimem_peer **pp = &ep->dirty;

	while (*pp) {
		struct unimem_peer *p = *pp;
		unsigned int node = (unsigned int)(p - ep->peers);
		struct unimem_unit *u;

		while ((u = p->head) && !u->pending) {
			int ret = p->gone ? 0 : unit_send(ep, node, u);

			if (ret == UNIT_WAIT)
				break;
			if (ret)
				unit_lost(ep, node, u, ret);
			if (p->open == u)
				p->open = NULL;
			p->head = u->next;
			if (!p->head)
				p->tail = NULL;
			unit_free(ep, u);
		}
		if (p->head) {
			pp = &p->next_dirty;
		} else {
			p->dirty = false;
			*pp = p->next_dirty;
			p->next_dirty = NULL;
		}
	}
}

/* Everything still queued goes, unsent. */
static void unimem_drop_queues(struct unimem_ep *ep)
{
	while (ep->dirty) {
		struct unimem_peer *p = ep->dirty;

		while (p->head) {
			struct unimem_unit *u = p->head;

			p->head = u->next;
			unit_free(ep, u);
		}
		p->tail = NULL;
		p->open = NULL;
		p->dirty = false;
		ep->dirty = p->next_dirty;
		p->next_dirty = NULL;
	}
}

void unimem_ep_leave(struct unimem_ep *ep)
{
	struct unimem_hdr bye = { .type = UNIMEM_BYE, .src = ep->node };
	unsigned int i;

	if (!ep->ops || ep->leaving)
		return;
	ep->leaving = true;
	/* The NI lets go of every job before the buffers go. */
	model_ni_reset(ep->m);
	ep->ni_head = ep->ni_tail = NULL;
	unimem_drop_queues(ep);
	/* Even to nodes that left: they drain until everybody said BYE. */
	for (i = 0; i < ep->nodes; i++) {
		u8 *pkt;

		if (i == ep->node)
			continue;
		bye.dst = (u16)i;
		pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_HDR_SIZE);
		if (!pkt)
			continue;
		unimem_hdr_encode(&bye, pkt, UNIMEM_HDR_SIZE);
		ep->tr->send(ep->tr->ctx, i, pkt, UNIMEM_HDR_SIZE);
	}
	for (i = 0; i < UNIMEM_MAX_OPS; i++) {
		struct unimem_op *op = &ep->ops[i];

		if (op->kind == OP_PUT || op->kind == OP_GET)
			req_end(ep, op, -EHOSTDOWN, false, 0, 0);
		else if (op->kind != OP_FREE)
			op_free(ep, op);
	}
}

void unimem_ep_fini(struct unimem_ep *ep)
{
	unsigned int i;

	unimem_ep_leave(ep);
	for (i = 0; i < UNIMEM_MAX_EXPORTS; i++)
		if (ep->exports[i].used)
			unimem_detach(ep, ep->exports[i].pdid);
	if (ep->peers && ep->tr)
		unimem_drop_queues(ep);
	vadma_free(ep->ops);
	vadma_free(ep->peers);
	ep->ops = NULL;
	ep->peers = NULL;
	ep->free_ops = NULL;
}

int unimem_attach(struct unimem_ep *ep, struct os_proc *p, u16 pdid, u64 key,
		  bool remote)
{
	const struct plat_desc *plat = &plat_zcu102;
	struct unimem_export *free_x = NULL;
	unsigned int i, slot = 0;
	int ret;

	for (i = 0; i < UNIMEM_MAX_EXPORTS; i++) {
		struct unimem_export *x = &ep->exports[i];

		if (x->used && (x->pdid == pdid || x->proc == p))
			return -EEXIST;
		if (!x->used && !free_x) {
			free_x = x;
			slot = i;
		}
	}
	if (!free_x)
		return -ENOSPC;
	/* The NI drives AXI ID = slot: its own stream for this process. */
	free_x->sid = plat_zynqmp_pl_sid(plat->ni_port, slot);
	ret = os_bind(ep->sva, p, free_x->sid);
	if (ret)
		return ret;
	free_x->used = true;
	free_x->remote = remote;
	free_x->pdid = pdid;
	free_x->key = key;
	free_x->proc = p;
	return 0;
}

int unimem_detach(struct unimem_ep *ep, u16 pdid)
{
	unsigned int i;

	for (i = 0; i < UNIMEM_MAX_EXPORTS; i++) {
		struct unimem_export *x = &ep->exports[i];

		if (!x->used || x->pdid != pdid)
			continue;
		os_unbind(ep->sva, x->proc, x->sid);
		memset(x, 0, sizeof(*x));
		return 0;
	}
	return -ENOENT;
}

static struct unimem_export *unimem_export_of(struct unimem_ep *ep,
					      const struct os_proc *p)
{
	unsigned int i;

	for (i = 0; i < UNIMEM_MAX_EXPORTS; i++)
		if (ep->exports[i].used && ep->exports[i].proc == p)
			return &ep->exports[i];
	return NULL;
}

static struct unimem_export *unimem_export_pdid(struct unimem_ep *ep, u16 pdid)
{
	unsigned int i;

	for (i = 0; i < UNIMEM_MAX_EXPORTS; i++)
		if (ep->exports[i].used && ep->exports[i].pdid == pdid)
			return &ep->exports[i];
	return NULL;
}

bool unimem_node_gone(const struct unimem_ep *ep, unsigned int node)
{
	return node < ep->nodes && ep->peers && ep->peers[node].gone;
}

unsigned int unimem_busy(const struct unimem_ep *ep)
{
	return ep->nr_busy;
}

/* Start the NI on @len bytes at @buf; jobs end in the order they start. */
static int ni_start(struct unimem_ep *ep, struct unimem_op *op, u32 sid, u64 va,
		    u32 len, bool write, u8 *buf)
{
	int ret;

	op->job.sid = sid;
	op->job.addr = va;
	op->job.len = len;
	op->job.write = write;
	op->job.buf = buf;
	ret = model_ni_submit(ep->m, &op->job);
	if (ret)
		return ret;
	op->ni = true;
	op->next = NULL;
	if (ep->ni_tail)
		ep->ni_tail->next = op;
	else
		ep->ni_head = op;
	ep->ni_tail = op;
	return 0;
}

static int unimem_start(struct unimem_ep *ep, enum op_kind kind,
			struct os_proc *p, u64 local_va, struct unimem_gaddr ga,
			u64 key, u32 len, struct unimem_req *req)
{
	struct unimem_export *x = unimem_export_of(ep, p);
	struct unimem_op *op;
	u8 *pkt;
	int ret;

	memset(req, 0, sizeof(*req));
	req->slot = -1;
	if (!len || len > UNIMEM_MAX_LEN || ga.node >= ep->nodes ||
	    (local_va >> UNIMEM_VA_BITS) ||
	    ((local_va + len - 1) >> UNIMEM_VA_BITS) ||
	    (ga.va >> UNIMEM_VA_BITS) || ((ga.va + len - 1) >> UNIMEM_VA_BITS))
		return -EINVAL;
	if (!x)
		return -ENOENT;
	if (ep->peers[ga.node].gone || ep->leaving)
		return -EHOSTDOWN;
	op = op_alloc(ep);
	if (!op)
		return -EAGAIN;
	op->kind = kind;
	op->req = req;
	op->peer = ga.node;
	op->tag = (ep->next_tag++ << TAG_SLOT_BITS) | (u32)op_slot(ep, op);
	op->hdr.type = kind == OP_PUT ? UNIMEM_PUT : UNIMEM_GET;
	op->hdr.src = ep->node;
	op->hdr.dst = ga.node;
	op->hdr.pdid = ga.pdid;
	op->hdr.tag = op->tag;
	op->hdr.len = len;
	op->hdr.va = ga.va;
	op->hdr.key = key;
	/* The local side of the data, and its stream. */
	op->job.sid = x->sid;
	op->job.addr = local_va;
	req->slot = op_slot(ep, op);
	if (kind == OP_GET) {
		/* A request alone: a record in the batch, final now. */
		ep->st.gets++;
		ret = rec_reserve(ep, ga.node, 0, &op->unit, &op->rec);
		if (ret)
			goto fail;
		rec_set(ep, op->unit, op->rec, &op->hdr);
		op->useq = op->unit->seq;
		op->waiting = true;
		return 0;
	}
	ep->st.puts++;
	/* The NI reads the source into the record or packet that carries it. */
	if (len <= UNIMEM_COALESCE_MAX) {
		ret = rec_reserve(ep, ga.node, len, &op->unit, &op->rec);
		if (ret)
			goto fail;
		pkt = op->unit->pkt + op->rec + UNIMEM_REC_SIZE;
	} else {
		pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_HDR_SIZE + len);
		if (!pkt) {
			ret = -ENOMEM;
			goto fail;
		}
		op->unit = unit_single(ep, ga.node, pkt, &op->hdr);
		if (!op->unit) {
			ep->tr->free(ep->tr->ctx, pkt);
			ret = -ENOMEM;
			goto fail;
		}
		op->rec = 0;
	}
	op->useq = op->unit->seq;
	op->unit->pending++;
	ret = ni_start(ep, op, x->sid, local_va, len, false,
		       pkt + UNIMEM_HDR_SIZE);
	if (!ret)
		return 0;
	op->unit->pending--;
	rec_void(op->unit, op->rec);
fail:
	op_free(ep, op);
	req->slot = -1;
	return ret;
}

int unimem_abandon(struct unimem_ep *ep, struct unimem_req *req)
{
	struct unimem_op *op;

	if (req->done || req->slot < 0 || req->slot >= UNIMEM_MAX_OPS)
		return -ENOENT;
	op = &ep->ops[req->slot];
	if ((op->kind != OP_PUT && op->kind != OP_GET) || op->req != req)
		return -ENOENT;
	if (op->ni)
		return -EBUSY;
	/* A late answer finds no tag and is dropped. */
	req_end(ep, op, -ETIMEDOUT, true, 0, 0);
	return 0;
}

int unimem_put(struct unimem_ep *ep, struct os_proc *p, u64 local_va,
	       struct unimem_gaddr dst, u64 key, u32 len,
	       struct unimem_req *req)
{
	return unimem_start(ep, OP_PUT, p, local_va, dst, key, len, req);
}

int unimem_get(struct unimem_ep *ep, struct os_proc *p, u64 local_va,
	       struct unimem_gaddr src, u64 key, u32 len,
	       struct unimem_req *req)
{
	return unimem_start(ep, OP_GET, p, local_va, src, key, len, req);
}

/*
 * An answer to @node whose record is final now: in its place in the
 * queue; without memory for it, kept (in its place) until there is.
 */
static void unimem_reply(struct unimem_ep *ep, unsigned int node,
			 const struct unimem_hdr *h)
{
	struct unimem_unit *u;
	u32 off;

	if (!rec_reserve(ep, node, 0, &u, &off)) {
		rec_set(ep, u, off, h);
		return;
	}
	if (unit_single(ep, node, NULL, h))
		ep->st.answers_held++;
	else
		ep->st.answers_lost++;
}

static void answer_of(struct unimem_ep *ep, unsigned int from,
		      const struct unimem_hdr *req, struct unimem_hdr *a)
{
	memset(a, 0, sizeof(*a));
	a->type = req->type == UNIMEM_PUT ? UNIMEM_PUT_DONE : UNIMEM_GET_DATA;
	a->src = ep->node;
	a->dst = (u16)from;
	a->pdid = req->pdid;
	a->tag = req->tag;
}

/* Answer a request of @from that is refused or cannot be taken. */
static void unimem_refuse(struct unimem_ep *ep, unsigned int from,
			  const struct unimem_hdr *req, int status)
{
	struct unimem_hdr a;

	answer_of(ep, from, req, &a);
	a.status = status;
	ep->st.refused++;
	unimem_reply(ep, from, &a);
}

/*
 * A place for the answer to @op, reserved now so that answers keep the
 * order of the requests: with room for @payload bytes of data (GET) if it
 * can.  -ENOMEM when there is no room for the data.
 */
static int answer_reserve(struct unimem_ep *ep, struct unimem_op *op,
			  u32 payload, u8 **data)
{
	unsigned int node = op->peer;
	u8 *pkt;

	if (payload > UNIMEM_COALESCE_MAX) {
		pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_HDR_SIZE + payload);
		if (!pkt)
			return -ENOMEM;
		op->unit = unit_single(ep, node, pkt, &op->hdr);
		if (!op->unit) {
			ep->tr->free(ep->tr->ctx, pkt);
			return -ENOMEM;
		}
		op->rec = 0;
		*data = pkt + UNIMEM_HDR_SIZE;
	} else if (!rec_reserve(ep, node, payload, &op->unit, &op->rec)) {
		*data = op->unit->pkt + op->rec + UNIMEM_REC_SIZE +
			UNIMEM_HDR_SIZE;
	} else if (payload) {
		return -ENOMEM;
	} else {
		/* A PUT_DONE waits in its place for a buffer. */
		op->unit = unit_single(ep, node, NULL, &op->hdr);
		if (!op->unit)
			return -ENOMEM;
		op->rec = 0;
		*data = NULL;
		ep->st.answers_held++;
	}
	op->unit->pending++;
	return 0;
}

/*
 * A request from @from; @data is a PUT's payload, in the packet @rx holds.
 */
static void unimem_serve(struct unimem_ep *ep, unsigned int from,
			 const struct unimem_hdr *h, u8 *data,
			 struct unimem_rx *rx)
{
	struct unimem_export *x = unimem_export_pdid(ep, h->pdid);
	struct unimem_op *op;
	u8 *buf;

	/* Protection first: nothing moves for a wrong PDID or key. */
	if (!x || !x->remote || x->key != h->key) {
		unimem_refuse(ep, from, h, -EACCES);
		return;
	}
	op = op_alloc(ep);
	if (!op) {
		unimem_refuse(ep, from, h, -EBUSY);
		return;
	}
	op->kind = h->type == UNIMEM_PUT ? OP_SERVE_PUT : OP_SERVE_GET;
	op->peer = from;
	op->tag = h->tag;
	op->hdr = *h;
	if (answer_reserve(ep, op, h->type == UNIMEM_GET ? h->len : 0, &buf)) {
		op_free(ep, op);
		unimem_refuse(ep, from, h, -ENOMEM);
		return;
	}
	if (h->type == UNIMEM_GET) {
		/* The NI reads into the answer's record. */
		ep->st.served_gets++;
	} else {
		buf = data;
		op->rx = rx;
		rx->refs++;
		ep->st.bytes_in += h->len;
		ep->st.served_puts++;
	}
	if (ni_start(ep, op, x->sid, h->va, h->len, h->type == UNIMEM_PUT,
		     buf)) {
		struct unimem_hdr a;

		answer_of(ep, from, h, &a);
		a.status = -EIO;
		op->unit->pending--;
		rec_set(ep, op->unit, op->rec, &a);
		op_free(ep, op);
	}
}

static struct unimem_op *op_by_tag(struct unimem_ep *ep, unsigned int from,
				   u32 tag)
{
	struct unimem_op *op = &ep->ops[tag & (UNIMEM_MAX_OPS - 1)];

	if ((op->kind != OP_PUT && op->kind != OP_GET) || !op->waiting ||
	    op->tag != tag || op->peer != from)
		return NULL;
	return op;
}

/* An answer from @from; GET_DATA's @data is in the packet @rx holds. */
static void unimem_answer(struct unimem_ep *ep, unsigned int from,
			  const struct unimem_hdr *h, u8 *data,
			  struct unimem_rx *rx)
{
	struct unimem_op *op = op_by_tag(ep, from, h->tag);

	if (!op || (h->type == UNIMEM_PUT_DONE) != (op->kind == OP_PUT) ||
	    h->bytes > op->hdr.len) {
		ep->st.bad_packets++;
		return;
	}
	if (h->type == UNIMEM_PUT_DONE || h->status) {
		req_end(ep, op, h->status, true, h->va, h->bytes);
		return;
	}
	if (h->len != op->hdr.len) {
		req_end(ep, op, -EPROTO, true, 0, 0);
		return;
	}
	/* GET_DATA: into the local buffer, through the local SMMU. */
	ep->st.bytes_in += h->len;
	op->waiting = false;
	op->rx = rx;
	rx->refs++;
	if (ni_start(ep, op, op->job.sid, op->job.addr, h->len, true, data))
		req_end(ep, op, -EIO, false, 0, 0);
}

static void unimem_bye(struct unimem_ep *ep, unsigned int from)
{
	unsigned int i;

	ep->peers[from].gone = true;
	for (i = 0; i < UNIMEM_MAX_OPS; i++) {
		struct unimem_op *op = &ep->ops[i];

		if ((op->kind == OP_PUT || op->kind == OP_GET) && op->waiting &&
		    op->peer == from)
			req_end(ep, op, -EHOSTDOWN, true, 0, 0);
	}
}

/* One packet of one operation, alone or a record of a batch. */
static void unimem_one(struct unimem_ep *ep, unsigned int from,
		       const struct unimem_hdr *h, u8 *data,
		       struct unimem_rx *rx)
{
	if (ep->leaving) {
		/* Nothing is served any more; the others learn why. */
		if (unimem_is_request(h->type))
			unimem_refuse(ep, from, h, -EHOSTDOWN);
		return;
	}
	if (unimem_is_request(h->type))
		unimem_serve(ep, from, h, data, rx);
	else
		unimem_answer(ep, from, h, data, rx);
}

/*
 * A batch from @from: checked whole before anything in it is served.  A
 * malformed one is counted; the requests before the flaw are answered
 * with -EPROTO, and nothing in it is carried out.
 */
static void unimem_batch(struct unimem_ep *ep, unsigned int from,
			 const struct unimem_hdr *bh, u8 *pkt,
			 struct unimem_rx *rx)
{
	u8 *body = pkt + UNIMEM_HDR_SIZE;
	u32 off = 0, i;

	if (!unimem_batch_ok(bh, body)) {
		u32 len = bh->len, count = bh->bytes;
		struct unimem_hdr h;

		ep->st.bad_packets++;
		while (count &&
		       unimem_batch_check(bh, body, len, count, &h, 1) == 1) {
			if (unimem_is_request(h.type))
				unimem_refuse(ep, from, &h, -EPROTO);
			off = get32(body);
			body += off;
			len -= off;
			count--;
		}
		return;
	}
	ep->st.batches_in++;
	for (i = 0; i < bh->bytes; i++) {
		u8 *r = body + off;
		u32 size = get32(r);
		struct unimem_hdr h;

		off += size;
		/* Checked above: it decodes. */
		if (rec_decode(bh, r, size, &h) || !h.type)
			continue;
		unimem_one(ep, from, &h, r + UNIMEM_REC_SIZE + UNIMEM_HDR_SIZE,
			   rx);
	}
}

bool unimem_input(struct unimem_ep *ep, unsigned int from, u8 *pkt, size_t len)
{
	struct unimem_rx *rx;
	struct unimem_hdr h;
	bool kept;

	if (from >= ep->nodes || unimem_hdr_decode(pkt, len, &h) ||
	    h.dst != ep->node || h.src != from) {
		ep->st.bad_packets++;
		return false;
	}
	if (h.type == UNIMEM_BYE) {
		if (ep->leaving)
			ep->peers[from].gone = true;
		else
			unimem_bye(ep, from);
		return false;
	}
	/* The packet stays while NI jobs read from it. */
	rx = vadma_zalloc(sizeof(*rx));
	if (!rx) {
		ep->st.bad_packets++;
		return false;
	}
	rx->pkt = pkt;
	rx->refs = 1;
	if (h.type == UNIMEM_BATCH)
		unimem_batch(ep, from, &h, pkt, rx);
	else
		unimem_one(ep, from, &h, pkt + UNIMEM_HDR_SIZE, rx);
	kept = rx->refs > 1;
	if (kept)
		rx->refs--;
	else
		vadma_free(rx);
	return kept;
}

/* An NI job ended: the next step of its operation. */
static void unimem_ni_done(struct unimem_ep *ep, struct unimem_op *op)
{
	const struct model_ni_job *j = &op->job;
	struct unimem_hdr a;

	op->ni = false;
	switch (op->kind) {
	case OP_PUT:
		op->unit->pending--;
		if (j->error || ep->peers[op->peer].gone) {
			rec_void(op->unit, op->rec);
			if (j->error)
				req_end(ep, op, -EFAULT, false, j->fault_addr,
					0);
			else
				req_end(ep, op, -EHOSTDOWN, false, 0, 0);
			return;
		}
		rec_set(ep, op->unit, op->rec, &op->hdr);
		op->unit = NULL;
		op->waiting = true;
		return;
	case OP_GET:
		req_end(ep, op, j->error ? -EFAULT : 0, false, j->fault_addr,
			j->bytes);
		return;
	case OP_SERVE_PUT:
	case OP_SERVE_GET:
		answer_of(ep, op->peer, &op->hdr, &a);
		a.bytes = j->bytes;
		if (j->error) {
			a.status = -EFAULT;
			a.va = j->fault_addr;
			ep->st.remote_faults++;
		} else if (op->kind == OP_SERVE_GET) {
			/* The data is in place behind the header. */
			a.len = j->bytes;
		}
		if (a.type == UNIMEM_GET_DATA && a.status)
			a.bytes = 0; /* data only with success */
		op->unit->pending--;
		rec_set(ep, op->unit, op->rec, &a);
		op_free(ep, op);
		return;
	case OP_FREE:
		return;
	}
}

int unimem_progress(struct unimem_ep *ep)
{
	int ret;

	ret = ep->tr->poll(ep->tr->ctx, ep);
	if (ret < 0)
		return ret;
	if (!ep->leaving) {
		model_run(ep->m, UNIMEM_RUN_STEPS);
		if (model_irq_pending(ep->m, ep->smmu_irq))
			os_sva_irq(ep->sva);
		/* The NI ends its jobs in the order they were given. */
		while (ep->ni_head && ep->ni_head->job.done) {
			struct unimem_op *op = ep->ni_head;

			ep->ni_head = op->next;
			if (!ep->ni_head)
				ep->ni_tail = NULL;
			op->next = NULL;
			unimem_ni_done(ep, op);
		}
	}
	unimem_flush(ep);
	return 0;
}
