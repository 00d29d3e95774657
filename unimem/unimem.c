// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unimem remote DMA: the packet format, exports, and the operations of a
 * node as initiator and as destination.  The transport is someone else's
 * (unimem/mpi.c); the data moves through the node's NI and SMMU.
 *
 * An operation is a slot in a fixed table, in one of two states: its NI
 * job is running (the data moves between a buffer and a process's virtual
 * memory), or it waits for the other node's answer.
 *
 *   initiator PUT:  NI reads the local buffer -> PUT sent -> wait PUT_DONE
 *   initiator GET:  GET sent -> wait GET_DATA -> NI writes the local buffer
 *   destination:    PUT -> NI writes -> PUT_DONE;  GET -> NI reads -> GET_DATA
 */
#include "vadma/unimem.h"

#define UNIMEM_RUN_STEPS (1ULL << 14)
#define TAG_SLOT_BITS	 7 /* UNIMEM_MAX_OPS = 128 */

enum op_kind {
	OP_FREE,
	OP_PUT,	      /* ours: a put */
	OP_GET,	      /* ours: a get */
	OP_SERVE_PUT, /* another node's put, into one of our processes */
	OP_SERVE_GET, /* another node's get */
};

/*
 * The data of an operation lives in a packet buffer of the transport, the
 * payload after the header: the NI reads a PUT's source straight into the
 * packet that will carry it, and writes a received PUT from the packet it
 * came in.  No other copy is made.
 */
struct unimem_op {
	enum op_kind kind;
	bool ni; /* the NI job runs; else waiting for an answer */
	u32 tag; /* ours: the tag we sent; served: the initiator's */
	unsigned int peer;
	struct unimem_req *req;
	struct unimem_hdr hdr; /* the request */
	u8 *pkt;	       /* a transport buffer, or NULL */
	struct model_ni_job job;
};

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
	return type == UNIMEM_PUT || type == UNIMEM_GET_DATA;
}

static bool unimem_is_request(u8 type)
{
	return type == UNIMEM_PUT || type == UNIMEM_GET;
}

/* The rules decode enforces, for a header that is already in fields. */
static int unimem_hdr_check(const struct unimem_hdr *h, size_t size)
{
	if (h->type < UNIMEM_PUT || h->type > UNIMEM_BYE)
		return -EINVAL;
	if (h->len > UNIMEM_MAX_LEN)
		return -EINVAL;
	if (size != UNIMEM_HDR_SIZE + (unimem_payload(h->type) ? h->len : 0))
		return -EINVAL;
	if (h->src >= UNIMEM_MAX_NODES || h->dst >= UNIMEM_MAX_NODES)
		return -EINVAL;
	if (unimem_is_request(h->type)) {
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

/* The endpoint */

/*
 * An answer that could not be sent for want of a packet buffer (or of
 * room in the transport): kept, in order, and sent again by
 * unimem_progress(), so that a moment without memory delays an answer
 * instead of losing it.  @pkt holds a GET's data, or is NULL.
 */
struct unimem_held {
	struct unimem_hdr h;
	unsigned int node;
	u8 *pkt;
};

int unimem_ep_init(struct unimem_ep *ep, struct model *m, struct os_sva *sva,
		   u32 smmu_irq, unsigned int node, unsigned int nodes,
		   const struct unimem_transport *tr)
{
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
	ep->gone = vadma_zalloc(nodes * sizeof(*ep->gone));
	ep->held = vadma_zalloc(UNIMEM_MAX_HELD * sizeof(*ep->held));
	if (!ep->ops || !ep->gone || !ep->held) {
		unimem_ep_fini(ep);
		return -ENOMEM;
	}
	if (model_ni_reset(m) == -ENODEV) {
		unimem_ep_fini(ep);
		return -ENODEV;
	}
	return 0;
}

static void op_free(struct unimem_ep *ep, struct unimem_op *op)
{
	if (op->pkt)
		ep->tr->free(ep->tr->ctx, op->pkt);
	memset(op, 0, sizeof(*op));
}

/*
 * Send header @h; with @pkt (a transport buffer holding the payload after
 * the header) the header goes in front of it and @pkt is handed over.
 */
static int unimem_send_pkt(struct unimem_ep *ep, unsigned int node,
			   const struct unimem_hdr *h, u8 *pkt)
{
	size_t len = UNIMEM_HDR_SIZE;

	if (!pkt) {
		pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_HDR_SIZE);
		if (!pkt)
			return -ENOMEM;
	}
	if (unimem_hdr_encode(h, pkt, UNIMEM_HDR_SIZE) < 0) {
		ep->tr->free(ep->tr->ctx, pkt);
		return -EINVAL;
	}
	if (unimem_payload(h->type)) {
		len += h->len;
		ep->st.bytes_out += h->len;
	}
	return ep->tr->send(ep->tr->ctx, node, pkt, len);
}

static int unimem_send(struct unimem_ep *ep, unsigned int node,
		       const struct unimem_hdr *h, u8 *pkt)
{
	if (ep->gone[node]) {
		if (pkt)
			ep->tr->free(ep->tr->ctx, pkt);
		return -EHOSTDOWN;
	}
	return unimem_send_pkt(ep, node, h, pkt);
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

static void held_drop(struct unimem_ep *ep)
{
	unsigned int i;

	for (i = 0; i < ep->nr_held; i++)
		if (ep->held[i].pkt)
			ep->tr->free(ep->tr->ctx, ep->held[i].pkt);
	ep->nr_held = 0;
}

/* Send the held answers, oldest first, until one cannot go. */
static void held_flush(struct unimem_ep *ep)
{
	unsigned int done = 0;

	while (done < ep->nr_held) {
		struct unimem_held *a = &ep->held[done];
		u8 *pkt = a->pkt;
		int ret;

		if (ep->gone[a->node]) {
			if (pkt)
				ep->tr->free(ep->tr->ctx, pkt);
			done++;
			continue;
		}
		if (!pkt) {
			pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_HDR_SIZE);
			if (!pkt)
				break;
		}
		a->pkt = NULL;
		ret = unimem_send_pkt(ep, a->node, &a->h, pkt);
		if (ret == -ENOMEM && a->h.len) {
			/* The transport took the data with it: say so. */
			a->h.len = 0;
			a->h.bytes = 0;
			a->h.status = -ENOMEM;
			break;
		}
		if (ret == -ENOMEM)
			break;
		done++;
	}
	memmove(ep->held, ep->held + done,
		(ep->nr_held - done) * sizeof(*ep->held));
	ep->nr_held -= done;
}

/*
 * Answer @node: at once if nothing is held (answers keep their order),
 * else, or when there is no buffer now, keep it for unimem_progress().
 */
static void unimem_reply(struct unimem_ep *ep, unsigned int node,
			 const struct unimem_hdr *h, u8 *pkt)
{
	struct unimem_held *a;
	int ret;

	if (!ep->nr_held && (!pkt || !h->len)) {
		ret = unimem_send(ep, node, h, pkt);
		if (ret != -ENOMEM)
			return;
		pkt = NULL; /* a header alone: the transport freed nothing */
	} else if (!ep->nr_held) {
		/* With data: hand it over only if the transport has room. */
		ret = unimem_send(ep, node, h, pkt);
		if (ret != -ENOMEM)
			return;
		pkt = NULL; /* taken and freed by the transport */
		if (ep->nr_held < UNIMEM_MAX_HELD) {
			a = &ep->held[ep->nr_held++];
			a->h = *h;
			a->h.len = 0;
			a->h.bytes = 0;
			a->h.status = -ENOMEM;
			a->node = node;
			a->pkt = NULL;
			ep->st.answers_held++;
		} else {
			ep->st.answers_lost++;
		}
		return;
	}
	if (ep->nr_held == UNIMEM_MAX_HELD) {
		if (pkt)
			ep->tr->free(ep->tr->ctx, pkt);
		ep->st.answers_lost++;
		return;
	}
	a = &ep->held[ep->nr_held++];
	a->h = *h;
	a->node = node;
	a->pkt = pkt;
	ep->st.answers_held++;
}

void unimem_ep_leave(struct unimem_ep *ep)
{
	struct unimem_hdr bye = { .type = UNIMEM_BYE, .src = ep->node };
	unsigned int i;

	if (!ep->ops || ep->leaving)
		return;
	ep->leaving = true;
	/* Even to nodes that left: they drain until everybody said BYE. */
	for (i = 0; i < ep->nodes; i++) {
		if (i == ep->node)
			continue;
		bye.dst = (u16)i;
		unimem_send_pkt(ep, i, &bye, NULL);
	}
	held_drop(ep);
	/* The NI lets go of every job before the buffers go. */
	model_ni_reset(ep->m);
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
	if (ep->held && ep->tr)
		held_drop(ep);
	vadma_free(ep->ops);
	vadma_free(ep->gone);
	vadma_free(ep->held);
	ep->ops = NULL;
	ep->gone = NULL;
	ep->held = NULL;
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
	return node < ep->nodes && ep->gone[node];
}

unsigned int unimem_busy(const struct unimem_ep *ep)
{
	unsigned int i, n = 0;

	for (i = 0; i < UNIMEM_MAX_OPS; i++)
		n += ep->ops[i].kind != OP_FREE;
	return n;
}

static struct unimem_op *op_alloc(struct unimem_ep *ep, int *slot)
{
	unsigned int i;

	for (i = 0; i < UNIMEM_MAX_OPS; i++) {
		if (ep->ops[i].kind == OP_FREE) {
			*slot = (int)i;
			return &ep->ops[i];
		}
	}
	return NULL;
}

/* Start the NI on the payload area of the operation's packet. */
static int ni_start(struct unimem_ep *ep, struct unimem_op *op, u32 sid, u64 va,
		    u32 len, bool write)
{
	op->job.sid = sid;
	op->job.addr = va;
	op->job.len = len;
	op->job.write = write;
	op->job.buf = op->pkt + UNIMEM_HDR_SIZE;
	op->ni = true;
	return model_ni_submit(ep->m, &op->job);
}

static int unimem_start(struct unimem_ep *ep, enum op_kind kind,
			struct os_proc *p, u64 local_va, struct unimem_gaddr ga,
			u64 key, u32 len, struct unimem_req *req)
{
	struct unimem_export *x = unimem_export_of(ep, p);
	struct unimem_op *op;
	int slot, ret;

	memset(req, 0, sizeof(*req));
	req->slot = -1;
	if (!len || len > UNIMEM_MAX_LEN || ga.node >= ep->nodes ||
	    (local_va >> UNIMEM_VA_BITS) ||
	    ((local_va + len - 1) >> UNIMEM_VA_BITS) ||
	    (ga.va >> UNIMEM_VA_BITS) || ((ga.va + len - 1) >> UNIMEM_VA_BITS))
		return -EINVAL;
	if (!x)
		return -ENOENT;
	if (ep->gone[ga.node] || ep->leaving)
		return -EHOSTDOWN;
	op = op_alloc(ep, &slot);
	if (!op)
		return -EAGAIN;
	op->kind = kind;
	op->req = req;
	op->peer = ga.node;
	op->tag = (ep->next_tag++ << TAG_SLOT_BITS) | (u32)slot;
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
	req->slot = slot;
	if (kind == OP_PUT) {
		ep->st.puts++;
		/* The NI reads the source into the packet that carries it. */
		op->pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_HDR_SIZE + len);
		ret = op->pkt ? ni_start(ep, op, x->sid, local_va, len, false)
			      : -ENOMEM;
	} else {
		ep->st.gets++;
		ret = unimem_send(ep, ga.node, &op->hdr, NULL);
	}
	if (ret) {
		op_free(ep, op);
		req->slot = -1;
	}
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

/* Answer a request of @from that is refused or cannot be taken. */
static void unimem_refuse(struct unimem_ep *ep, unsigned int from,
			  const struct unimem_hdr *req, int status)
{
	struct unimem_hdr a = {
		.type = req->type == UNIMEM_PUT ? UNIMEM_PUT_DONE
						: UNIMEM_GET_DATA,
		.src = ep->node,
		.dst = (u16)from,
		.pdid = req->pdid,
		.tag = req->tag,
		.status = status,
	};

	ep->st.refused++;
	unimem_reply(ep, from, &a, NULL);
}

/* A request from @from; returns true when it keeps @pkt. */
static bool unimem_serve(struct unimem_ep *ep, unsigned int from,
			 const struct unimem_hdr *h, u8 *pkt)
{
	struct unimem_export *x = unimem_export_pdid(ep, h->pdid);
	struct unimem_op *op;
	int slot;

	/* Protection first: nothing moves for a wrong PDID or key. */
	if (!x || !x->remote || x->key != h->key) {
		unimem_refuse(ep, from, h, -EACCES);
		return false;
	}
	op = op_alloc(ep, &slot);
	if (!op) {
		unimem_refuse(ep, from, h, -EBUSY);
		return false;
	}
	if (h->type == UNIMEM_GET) {
		/* The NI reads into the packet of the answer. */
		op->pkt = ep->tr->alloc(ep->tr->ctx, UNIMEM_HDR_SIZE + h->len);
		if (!op->pkt) {
			unimem_refuse(ep, from, h, -ENOMEM);
			return false;
		}
		ep->st.served_gets++;
	} else {
		op->pkt = pkt;
		ep->st.bytes_in += h->len;
		ep->st.served_puts++;
	}
	op->kind = h->type == UNIMEM_PUT ? OP_SERVE_PUT : OP_SERVE_GET;
	op->peer = from;
	op->tag = h->tag;
	op->hdr = *h;
	if (ni_start(ep, op, x->sid, h->va, h->len, h->type == UNIMEM_PUT)) {
		op_free(ep, op);
		unimem_refuse(ep, from, h, -EIO);
	}
	return h->type == UNIMEM_PUT;
}

static struct unimem_op *op_by_tag(struct unimem_ep *ep, unsigned int from,
				   u32 tag)
{
	struct unimem_op *op = &ep->ops[tag & (UNIMEM_MAX_OPS - 1)];

	if ((op->kind != OP_PUT && op->kind != OP_GET) || op->ni ||
	    op->tag != tag || op->peer != from)
		return NULL;
	return op;
}

/* An answer from @from; returns true when it keeps @pkt. */
static bool unimem_answer(struct unimem_ep *ep, unsigned int from,
			  const struct unimem_hdr *h, u8 *pkt)
{
	struct unimem_op *op = op_by_tag(ep, from, h->tag);

	if (!op || (h->type == UNIMEM_PUT_DONE) != (op->kind == OP_PUT) ||
	    h->bytes > op->hdr.len) {
		ep->st.bad_packets++;
		return false;
	}
	if (h->type == UNIMEM_PUT_DONE || h->status) {
		req_end(ep, op, h->status, true, h->va, h->bytes);
		return false;
	}
	if (h->len != op->hdr.len) {
		req_end(ep, op, -EPROTO, true, 0, 0);
		return false;
	}
	/* GET_DATA: into the local buffer, through the local SMMU. */
	ep->st.bytes_in += h->len;
	op->pkt = pkt;
	if (ni_start(ep, op, op->job.sid, op->job.addr, h->len, true))
		req_end(ep, op, -EIO, false, 0, 0);
	return true;
}

static void unimem_bye(struct unimem_ep *ep, unsigned int from)
{
	unsigned int i;

	ep->gone[from] = true;
	for (i = 0; i < UNIMEM_MAX_OPS; i++) {
		struct unimem_op *op = &ep->ops[i];

		if ((op->kind == OP_PUT || op->kind == OP_GET) && !op->ni &&
		    op->peer == from)
			req_end(ep, op, -EHOSTDOWN, true, 0, 0);
	}
}

bool unimem_input(struct unimem_ep *ep, unsigned int from, u8 *pkt, size_t len)
{
	struct unimem_hdr h;

	if (from >= ep->nodes || unimem_hdr_decode(pkt, len, &h) ||
	    h.dst != ep->node || h.src != from) {
		ep->st.bad_packets++;
		return false;
	}
	if (ep->leaving) {
		/* Nothing is served any more; the others learn why. */
		if (unimem_is_request(h.type))
			unimem_refuse(ep, from, &h, -EHOSTDOWN);
		else if (h.type == UNIMEM_BYE)
			ep->gone[from] = true;
		return false;
	}
	switch (h.type) {
	case UNIMEM_PUT:
	case UNIMEM_GET:
		return unimem_serve(ep, from, &h, pkt);
	case UNIMEM_PUT_DONE:
	case UNIMEM_GET_DATA:
		return unimem_answer(ep, from, &h, pkt);
	case UNIMEM_BYE:
		unimem_bye(ep, from);
		return false;
	}
	return false;
}

/* An NI job ended: the next step of its operation. */
static void unimem_ni_done(struct unimem_ep *ep, struct unimem_op *op)
{
	const struct model_ni_job *j = &op->job;
	struct unimem_hdr a;
	u8 *pkt;
	int ret;

	op->ni = false;
	switch (op->kind) {
	case OP_PUT:
		if (j->error) {
			req_end(ep, op, -EFAULT, false, j->fault_addr, 0);
			return;
		}
		pkt = op->pkt;
		op->pkt = NULL;
		ret = unimem_send(ep, op->peer, &op->hdr, pkt);
		if (ret)
			req_end(ep, op, ret, false, 0, 0);
		return;
	case OP_GET:
		req_end(ep, op, j->error ? -EFAULT : 0, false, j->fault_addr,
			j->bytes);
		return;
	case OP_SERVE_PUT:
	case OP_SERVE_GET:
		memset(&a, 0, sizeof(a));
		a.type = op->kind == OP_SERVE_PUT ? UNIMEM_PUT_DONE
						  : UNIMEM_GET_DATA;
		a.src = ep->node;
		a.dst = (u16)op->peer;
		a.pdid = op->hdr.pdid;
		a.tag = op->tag;
		a.bytes = j->bytes;
		pkt = NULL;
		if (j->error) {
			a.status = -EFAULT;
			a.va = j->fault_addr;
			ep->st.remote_faults++;
		} else if (op->kind == OP_SERVE_GET) {
			/* The data is in place behind the header. */
			a.len = j->bytes;
			pkt = op->pkt;
			op->pkt = NULL;
		}
		unimem_reply(ep, op->peer, &a, pkt);
		op_free(ep, op);
		return;
	case OP_FREE:
		return;
	}
}

int unimem_progress(struct unimem_ep *ep)
{
	unsigned int i;
	int ret;

	if (ep->nr_held && !ep->leaving)
		held_flush(ep);
	ret = ep->tr->poll(ep->tr->ctx, ep);
	if (ret < 0)
		return ret;
	if (ep->leaving)
		return 0;
	model_run(ep->m, UNIMEM_RUN_STEPS);
	if (model_irq_pending(ep->m, ep->smmu_irq))
		os_sva_irq(ep->sva);
	for (i = 0; i < UNIMEM_MAX_OPS; i++) {
		struct unimem_op *op = &ep->ops[i];

		if (op->kind != OP_FREE && op->ni && op->job.done)
			unimem_ni_done(ep, op);
	}
	return 0;
}
