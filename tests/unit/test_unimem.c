// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unimem without MPI: the packet format, and nodes in one process joined
 * by a loopback transport that can lose, corrupt and forge packets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vadma/scenario.h"
#include "vadma/unimem.h"

#define NODES 3
#define RW    (OS_PROT_READ | OS_PROT_WRITE)
#define KEY   0x1234abcdULL
#define QMAX  1024

struct pkt {
	unsigned int from;
	unsigned int to;
	size_t len;
	u8 *data;
};

/* One queue for all: packets go out in order, as MPI keeps them. */
struct net {
	struct pkt q[QMAX];
	unsigned int head;
	unsigned int tail;
	unsigned int allocs; /* buffers handed out and not given back */
	bool corrupt;	     /* flip a random byte of each packet */
	u64 rng;
	unsigned int fail; /* refuse this many sends ... */
	int fail_err;	   /* ... with this error */
	bool stale;	   /* new buffers hold old bytes (0xee) */
	bool check_stale;  /* no old byte may leave in a batch */
};

struct lnode {
	struct net *net;
	unsigned int id;
	struct unimem_transport tr;
	struct scn_node node;
	struct unimem_ep ep;
	struct os_proc *p;
	u64 rw;
	u64 ro;
};

static struct net net;
static struct lnode nodes[NODES];

static void *lb_alloc(void *ctx, size_t len)
{
	u8 *p;

	(void)ctx;
	net.allocs++;
	p = malloc(len ? len : 1);
	if (p && net.stale)
		memset(p, 0xee, len);
	return p;
}

static void lb_free(void *ctx, void *pkt)
{
	(void)ctx;
	net.allocs--;
	free(pkt);
}

/*
 * Nothing of an old buffer may leave in a batch: the padding after a
 * record's packet and a void record hold zeros, not what the buffer held.
 */
static void batch_clean(const u8 *pkt, size_t len)
{
	size_t off = UNIMEM_HDR_SIZE, i;

	if (len < UNIMEM_HDR_SIZE || pkt[5] != UNIMEM_BATCH)
		return;
	while (off + UNIMEM_REC_SIZE <= len) {
		u32 size = (u32)pkt[off] | (u32)pkt[off + 1] << 8 |
			   (u32)pkt[off + 2] << 16;
		const u8 *p = pkt + off + UNIMEM_REC_SIZE;
		size_t from = UNIMEM_REC_SIZE;

		assert_true(size >= UNIMEM_REC_SIZE && off + size <= len);
		if (!(pkt[off + 4] & UNIMEM_REC_VOID)) {
			from += UNIMEM_HDR_SIZE;
			if (p[5] == UNIMEM_PUT || p[5] == UNIMEM_GET_DATA)
				from += (u32)p[20] | (u32)p[21] << 8;
		}
		for (i = from; i < size; i++)
			assert_int_equal(pkt[off + i], 0);
		off += size;
	}
}

static int lb_send(void *ctx, unsigned int to, void *pkt, size_t len)
{
	struct lnode *n = ctx;
	struct pkt *p;

	if ((net.tail + 1) % QMAX == net.head || to >= NODES) {
		lb_free(ctx, pkt);
		return -ENOSPC;
	}
	if (net.fail) {
		net.fail--;
		lb_free(ctx, pkt);
		return net.fail_err;
	}
	if (net.check_stale)
		batch_clean(pkt, len);
	p = &net.q[net.tail];
	net.tail = (net.tail + 1) % QMAX;
	p->from = n->id;
	p->to = to;
	p->len = len;
	p->data = pkt;
	if (net.corrupt && len) {
		net.rng = net.rng * 6364136223846793005ULL + 1;
		p->data[(net.rng >> 33) % len] ^=
			(u8)(1 + (net.rng >> 20) % 255);
	}
	return 0;
}

/* Deliver what is queued for this node (others' packets stay queued). */
static int lb_poll(void *ctx, struct unimem_ep *ep)
{
	struct lnode *n = ctx;
	unsigned int i, kept = 0, delivered = 0;
	struct pkt keep[QMAX];

	while (net.head != net.tail) {
		struct pkt p = net.q[net.head];

		net.head = (net.head + 1) % QMAX;
		if (p.to != n->id) {
			keep[kept++] = p;
			continue;
		}
		delivered++;
		if (!unimem_input(ep, p.from, p.data, p.len))
			lb_free(ctx, p.data);
	}
	for (i = 0; i < kept; i++) {
		net.q[net.tail] = keep[i];
		net.tail = (net.tail + 1) % QMAX;
	}
	return (int)delivered;
}

static void progress_all(void)
{
	unsigned int i;

	for (i = 0; i < NODES; i++)
		if (nodes[i].ep.ops)
			assert_int_equal(unimem_progress(&nodes[i].ep), 0);
}

static void wait_req(struct unimem_req *r)
{
	unsigned int i;

	for (i = 0; i < 10000 && !r->done; i++)
		progress_all();
	assert_true(r->done);
}

static int setup(void **state)
{
	unsigned int i;

	(void)state;
	memset(&net, 0, sizeof(net));
	net.rng = 42;
	for (i = 0; i < NODES; i++) {
		struct lnode *n = &nodes[i];

		memset(n, 0, sizeof(*n));
		n->id = i;
		n->tr.alloc = lb_alloc;
		n->tr.free = lb_free;
		n->tr.send = lb_send;
		n->tr.poll = lb_poll;
		n->tr.ctx = n;
		assert_int_equal(scn_node_open(&n->node, NULL), 0);
		assert_int_equal(unimem_ep_init(&n->ep, n->node.m, &n->node.sva,
						n->node.plat->smmu_irq, i,
						NODES, &n->tr),
				 0);
		assert_int_equal(os_proc_create(n->node.os, &n->p), 0);
		assert_int_equal(os_mmap(n->p, 0, 64 << 10, RW, 0, &n->rw), 0);
		assert_int_equal(
			os_mmap(n->p, 0, 4096, OS_PROT_READ, 0, &n->ro), 0);
		assert_int_equal(unimem_attach(&n->ep, n->p, 1, KEY + i, true),
				 0);
	}
	return 0;
}

static int teardown(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < NODES; i++)
		if (nodes[i].ep.ops)
			unimem_ep_leave(&nodes[i].ep);
	for (i = 0; i < 4; i++)
		progress_all();
	for (i = 0; i < NODES; i++) {
		unimem_ep_fini(&nodes[i].ep);
		scn_node_close(&nodes[i].node);
	}
	/* Whatever is still queued goes. */
	while (net.head != net.tail) {
		lb_free(NULL, net.q[net.head].data);
		net.head = (net.head + 1) % QMAX;
	}
	assert_int_equal(net.allocs, 0);
	return 0;
}

static void test_header(void **state)
{
	struct unimem_hdr h = {
		.type = UNIMEM_PUT, .src = 1, .dst = 2, .pdid = 3,
		.tag = 0x11223344, .len = 10, .va = 0x123456789000ULL,
		.key = 0xfeedULL,
	}, d;
	u8 buf[UNIMEM_HDR_SIZE + 10];
	unsigned int i;

	(void)state;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(unimem_hdr_encode(&h, buf, sizeof(buf)),
			 UNIMEM_HDR_SIZE);
	assert_int_equal(buf[0], 0x55); /* "UNIM", little-endian */
	assert_int_equal(buf[3], 0x4d);
	assert_int_equal(buf[5], UNIMEM_PUT);
	assert_int_equal(unimem_hdr_decode(buf, sizeof(buf), &d), 0);
	assert_int_equal(d.tag, h.tag);
	assert_int_equal(d.va, h.va);
	assert_int_equal(d.key, h.key);
	assert_int_equal(d.len, 10);
	/* The size must be the header and the payload exactly. */
	assert_int_equal(unimem_hdr_decode(buf, sizeof(buf) - 1, &d), -EINVAL);
	assert_int_equal(unimem_hdr_decode(buf, 3, &d), -EINVAL);
	assert_int_equal(unimem_hdr_decode(NULL, 0, &d), -EINVAL);
	/* Every single flipped bit of the header is caught or harmless. */
	for (i = 0; i < UNIMEM_HDR_SIZE * 8; i++) {
		int ret;

		buf[i / 8] ^= (u8)(1U << (i % 8));
		ret = unimem_hdr_decode(buf, sizeof(buf), &d);
		if (!ret) /* still well formed: a field changed within range */
			assert_true(d.len == 10 && d.type == UNIMEM_PUT);
		buf[i / 8] ^= (u8)(1U << (i % 8));
	}
	buf[4] = 2;
	assert_int_equal(unimem_hdr_decode(buf, sizeof(buf), &d), -EPROTO);
	buf[4] = 1;
	/* What encode refuses. */
	h.va = 1ULL << 48;
	assert_int_equal(unimem_hdr_encode(&h, buf, sizeof(buf)), -EINVAL);
	h.va = (1ULL << 48) - 5; /* crosses the top */
	assert_int_equal(unimem_hdr_encode(&h, buf, sizeof(buf)), -EINVAL);
	h.va = 0;
	h.len = 0;
	assert_int_equal(unimem_hdr_encode(&h, buf, sizeof(buf)), -EINVAL);
	h.type = 9;
	h.len = 1;
	assert_int_equal(unimem_hdr_encode(&h, buf, sizeof(buf)), -EINVAL);
}

static void fill(u8 *b, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (u8)(i * 3 + seed);
}

static void test_put_get(void **state)
{
	struct lnode *a = &nodes[0], *b = &nodes[1];
	u8 data[10000], back[10000];
	struct unimem_gaddr ga = { 1, 1, 0 };
	struct unimem_req r;
	u64 src, dst;

	(void)state;
	ga.va = b->rw + 100;
	fill(data, sizeof(data), 1);
	assert_int_equal(os_mmap(a->p, 0, sizeof(data), RW, 0, &src), 0);
	assert_int_equal(os_mmap(a->p, 0, sizeof(data), RW, 0, &dst), 0);
	assert_int_equal(os_write(a->p, src, data, sizeof(data)), 0);
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY + 1,
				    sizeof(data), &r),
			 0);
	wait_req(&r);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.bytes, sizeof(data));
	assert_int_equal(os_read(b->p, ga.va, back, sizeof(back)), 0);
	assert_memory_equal(data, back, sizeof(data));
	/* The destination's faults were served (its pages were absent). */
	assert_true(b->node.sva.retried >= 3);

	assert_int_equal(unimem_get(&a->ep, a->p, dst, ga, KEY + 1,
				    sizeof(data), &r),
			 0);
	wait_req(&r);
	assert_int_equal(r.status, 0);
	memset(back, 0, sizeof(back));
	assert_int_equal(os_read(a->p, dst, back, sizeof(back)), 0);
	assert_memory_equal(data, back, sizeof(data));
	assert_int_equal(b->ep.st.served_puts, 1);
	assert_int_equal(b->ep.st.served_gets, 1);
}

static void test_refused(void **state)
{
	struct lnode *a = &nodes[0], *b = &nodes[1];
	struct unimem_gaddr ga = { 1, 1, 0 }, bad = { 1, 7, 0 };
	struct unimem_req r[4];
	u8 byte = 0x77, back[64];
	u64 src, i;

	(void)state;
	ga.va = b->rw;
	bad.va = b->rw;
	assert_int_equal(os_mmap(a->p, 0, 4096, RW, 0, &src), 0);
	assert_int_equal(os_write(a->p, src, &byte, 1), 0);
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY, 64, &r[0]), 0);
	assert_int_equal(unimem_put(&a->ep, a->p, src, bad, KEY + 1, 64, &r[1]),
			 0);
	ga.va = b->ro;
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY + 1, 64, &r[2]),
			 0);
	/* The source itself cannot be read: local fault, nothing sent. */
	ga.va = b->rw;
	assert_int_equal(
		unimem_put(&a->ep, a->p, 0x1000, ga, KEY + 1, 64, &r[3]), 0);
	for (i = 0; i < 4; i++)
		wait_req(&r[i]);
	assert_int_equal(r[0].status, -EACCES);
	assert_int_equal(r[1].status, -EACCES);
	assert_int_equal(r[2].status, -EFAULT);
	assert_true(r[2].remote);
	assert_int_equal(r[2].fault_va, b->ro);
	assert_int_equal(r[3].status, -EFAULT);
	assert_false(r[3].remote);
	assert_int_equal(r[3].fault_va, 0x1000);
	/* Nothing was written at b. */
	assert_int_equal(os_read(b->p, b->rw, back, sizeof(back)), 0);
	for (i = 0; i < sizeof(back); i++)
		assert_int_equal(back[i], 0);
	assert_int_equal(b->ep.st.refused, 2);
	assert_int_equal(b->ep.st.remote_faults, 1);

	/* Bad arguments. */
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY, 0, &r[0]),
			 -EINVAL);
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY,
				    UNIMEM_MAX_LEN + 1, &r[0]),
			 -EINVAL);
	ga.node = NODES;
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY, 1, &r[0]),
			 -EINVAL);
	ga.node = 1;
	ga.va = 1ULL << 48;
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY, 1, &r[0]),
			 -EINVAL);
	ga.va = b->rw;
	assert_int_equal(unimem_put(&a->ep, b->p, src, ga, KEY, 1, &r[0]),
			 -ENOENT);
	assert_int_equal(unimem_attach(&a->ep, a->p, 2, KEY, false), -EEXIST);
}

/* Forged and corrupted packets: dropped or refused, never a crash. */
static void test_hostile(void **state)
{
	struct lnode *a = &nodes[0], *b = &nodes[1];
	struct unimem_hdr h = {
		.type = UNIMEM_PUT_DONE, .src = 0, .dst = 1, .tag = 5
	};
	struct unimem_gaddr ga = { 1, 1, 0 };
	struct unimem_req r;
	u8 pkt[UNIMEM_HDR_SIZE + 64], back[64];
	u64 src, i;
	unsigned int done = 0, lost = 0, k;

	(void)state;
	/* An answer nobody asked for. */
	assert_int_equal(unimem_hdr_encode(&h, pkt, sizeof(pkt)),
			 UNIMEM_HDR_SIZE);
	assert_false(unimem_input(&b->ep, 0, pkt, UNIMEM_HDR_SIZE));
	/* A packet that lies about its source. */
	assert_false(unimem_input(&b->ep, 2, pkt, UNIMEM_HDR_SIZE));
	/* Garbage. */
	memset(pkt, 0xa5, sizeof(pkt));
	assert_false(unimem_input(&b->ep, 0, pkt, sizeof(pkt)));
	assert_false(unimem_input(&b->ep, 99, pkt, sizeof(pkt)));
	assert_int_equal(b->ep.st.bad_packets, 4);

	/*
	 * Every packet corrupted by a byte: each put ends somehow, or its
	 * packet is lost (then the initiator gives up on it).  There is no
	 * checksum (the link has one), so the exported region may get
	 * corrupted bytes; nothing else may change, and b keeps working.
	 */
	ga.va = b->rw;
	assert_int_equal(os_mmap(a->p, 0, 4096, RW, 0, &src), 0);
	net.corrupt = true;
	for (i = 0; i < 300; i++) {
		assert_int_equal(
			unimem_put(&a->ep, a->p, src, ga, KEY + 1, 64, &r), 0);
		for (k = 0; k < 20 && !r.done; k++)
			progress_all();
		if (r.done) {
			done++;
			continue;
		}
		/* Lost on the way: give up on it. */
		assert_int_equal(unimem_abandon(&a->ep, &r), 0);
		assert_true(r.done);
		assert_int_equal(r.status, -ETIMEDOUT);
		lost++;
	}
	net.corrupt = false;
	print_message("# 300 corrupted puts: %u ended, %u lost\n", done, lost);
	assert_true(done > 0);
	assert_true(b->ep.st.bad_packets > 4);
	assert_int_equal(os_read(b->p, b->ro, back, sizeof(back)), 0);
	for (i = 0; i < sizeof(back); i++)
		assert_int_equal(back[i], 0);
	memset(back, 0x3c, sizeof(back));
	assert_int_equal(os_write(a->p, src, back, sizeof(back)), 0);
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY + 1, 64, &r), 0);
	wait_req(&r);
	assert_int_equal(r.status, 0);
	memset(back, 0, sizeof(back));
	assert_int_equal(os_read(b->p, b->rw, back, sizeof(back)), 0);
	for (i = 0; i < sizeof(back); i++)
		assert_int_equal(back[i], 0x3c);
}

/* A node that leaves: its peers' operations end with -EHOSTDOWN. */
static void test_bye(void **state)
{
	struct lnode *a = &nodes[0], *c = &nodes[2];
	struct unimem_gaddr ga = { 2, 1, 0 };
	struct unimem_req r;
	u64 src;

	(void)state;
	ga.va = c->rw;
	assert_int_equal(os_mmap(a->p, 0, 4096, RW, 0, &src), 0);
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY + 2, 100, &r),
			 0);
	/* c leaves before the put arrives: it refuses it. */
	unimem_ep_leave(&c->ep);
	wait_req(&r);
	assert_int_equal(r.status, -EHOSTDOWN);
	assert_true(unimem_node_gone(&a->ep, 2));
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY + 2, 100, &r),
			 -EHOSTDOWN);
}

/*
 * The window: many operations in flight at once, of every size (coalesced
 * and not), all to the same bytes, a get among them, a fault at the
 * destination and one at the source in the middle.  Each ends with its
 * own status; they are carried out in the order issued (the last put over
 * a byte wins; the get sees exactly the puts before it); puts complete in
 * order.
 */
#define WIN 120

static void test_window(void **state)
{
	static const u32 lens[] = { 1, 64, 100, 4096, 8192, 8193, 12000, 777 };
	struct lnode *a = &nodes[0], *b = &nodes[1];
	static struct unimem_req r[WIN];
	static u8 blk[12000], back[12000], want[12000];
	const unsigned int getk = 70, remote_bad = 40, local_bad = 41;
	struct unimem_gaddr ga = { 1, 1, 0 };
	u64 src, dst;
	unsigned int k, i, x;
	u64 batches;

	(void)state;
	assert_int_equal(os_mmap(a->p, 0, (u64)WIN * 12288, RW, 0, &src), 0);
	assert_int_equal(os_mmap(a->p, 0, 12288, RW, 0, &dst), 0);
	memset(want, 0, sizeof(want));
	for (k = 0; k < WIN; k++) {
		u32 len = lens[k % ARRAY_SIZE(lens)];

		memset(blk, (int)(k + 1), sizeof(blk));
		assert_int_equal(os_write(a->p, src + (u64)k * 12288, blk, len),
				 0);
		ga.va = b->rw;
		if (k == getk) {
			assert_int_equal(unimem_get(&a->ep, a->p, dst, ga,
						    KEY + 1, sizeof(back),
						    &r[k]),
					 0);
			/* What the get must see: the puts before it. */
			memcpy(back, want, sizeof(back));
			continue;
		}
		if (k == remote_bad)
			ga.va = b->ro;
		assert_int_equal(unimem_put(&a->ep, a->p,
					    k == local_bad
						    ? 0x1000
						    : src + (u64)k * 12288,
					    ga, KEY + 1, len, &r[k]),
				 0);
		if (k != remote_bad && k != local_bad)
			memset(want, (int)(k + 1), len);
	}
	assert_int_equal(unimem_busy(&a->ep), WIN);
	batches = b->ep.st.batches_in;
	for (i = 0; i < 10000; i++) {
		bool all = true;

		progress_all();
		/* Puts complete in the order issued (but the local fault). */
		for (k = 0; k < WIN; k++)
			if (k != getk && k != local_bad && !r[k].done)
				break;
		all = k == WIN;
		for (x = k + 1; x < WIN; x++)
			if (x != getk && x != local_bad)
				assert_false(r[x].done);
		if (all && r[getk].done)
			break;
	}
	for (k = 0; k < WIN; k++) {
		assert_true(r[k].done);
		if (k == remote_bad) {
			assert_int_equal(r[k].status, -EFAULT);
			assert_true(r[k].remote);
			assert_int_equal(r[k].fault_va, b->ro);
		} else if (k == local_bad) {
			assert_int_equal(r[k].status, -EFAULT);
			assert_false(r[k].remote);
			assert_int_equal(r[k].fault_va, 0x1000);
		} else {
			assert_int_equal(r[k].status, 0);
			assert_int_equal(r[k].bytes,
					 k == getk
						 ? sizeof(back)
						 : lens[k % ARRAY_SIZE(lens)]);
		}
	}
	/* The last put over each byte wins. */
	assert_int_equal(os_read(b->p, b->rw, blk, sizeof(blk)), 0);
	assert_memory_equal(blk, want, sizeof(want));
	/* The get saw the puts issued before it, and none after. */
	assert_int_equal(os_read(a->p, dst, blk, sizeof(back)), 0);
	assert_memory_equal(blk, back, sizeof(back));
	/* Small ones travelled together: far fewer packets than puts. */
	assert_true(b->ep.st.batches_in > batches);
	assert_true(b->ep.st.batches_in - batches < WIN / 4);
	assert_int_equal(unimem_busy(&a->ep), 0);
	assert_int_equal(unimem_busy(&b->ep), 0);
}

static void rec_put(u8 *body, u32 *off, const struct unimem_hdr *h,
		    const void *data, u32 pad, u32 flags)
{
	u32 size =
		UNIMEM_REC_SIZE + UNIMEM_HDR_SIZE + (data ? h->len : 0) + pad;

	body[*off] = (u8)size;
	body[*off + 1] = (u8)(size >> 8);
	body[*off + 2] = 0;
	body[*off + 3] = 0;
	memset(body + *off + 4, 0, 4);
	body[*off + 4] = (u8)flags;
	assert_int_equal(unimem_hdr_encode(h, body + *off + UNIMEM_REC_SIZE,
					   UNIMEM_HDR_SIZE),
			 UNIMEM_HDR_SIZE);
	if (data)
		memcpy(body + *off + UNIMEM_REC_SIZE + UNIMEM_HDR_SIZE, data,
		       h->len);
	*off += size;
}

/* Take the packet node @to has queued for node 0 (there must be one). */
static u8 *take_for0(unsigned int from, size_t *len)
{
	unsigned int i;

	for (i = net.head; i != net.tail; i = (i + 1) % QMAX) {
		if (net.q[i].to == 0 && net.q[i].from == from && net.q[i].len) {
			u8 *p = net.q[i].data;

			*len = net.q[i].len;
			/* Keep the queue whole: leave a harmless copy. */
			net.q[i].data = lb_alloc(NULL, 1);
			net.q[i].len = 0;
			return p;
		}
	}
	fail_msg("no packet from %u for node 0", from);
	return NULL;
}

/* Walk the answers of a batch: status of each, by tag. */
static unsigned int answers(const u8 *pkt, size_t len, int *status, u32 *bytes,
			    unsigned int max)
{
	struct unimem_hdr bh, h;
	unsigned int n = 0;
	size_t off = UNIMEM_HDR_SIZE;

	assert_int_equal(unimem_hdr_decode(pkt, len, &bh), 0);
	assert_int_equal(bh.type, UNIMEM_BATCH);
	while (off < len) {
		u32 size = (u32)pkt[off] | (u32)pkt[off + 1] << 8 |
			   (u32)pkt[off + 2] << 16;
		const u8 *p = pkt + off + UNIMEM_REC_SIZE;
		u32 hl = p[5] == UNIMEM_GET_DATA ? (u32)p[20] | (u32)p[21] << 8
						 : 0;

		assert_int_equal(unimem_hdr_decode(p, UNIMEM_HDR_SIZE + hl, &h),
				 0);
		assert_true(h.tag < max);
		status[h.tag] = h.status;
		bytes[h.tag] = h.bytes;
		off += size;
		n++;
	}
	assert_int_equal(n, bh.bytes);
	return n;
}

/*
 * A batch built by hand: good records, a fault, a refusal and a void
 * record among them are split at the destination, each answered with its
 * own status, in one batch back.  Then malformed batches: refused whole,
 * nothing written, the requests before the flaw answered -EPROTO.
 */
static void test_batch(void **state)
{
	struct lnode *b = &nodes[1];
	static u8 pkt[4096], back[64];
	u8 data[40];
	struct unimem_hdr bh = { .type = UNIMEM_BATCH, .src = 0, .dst = 1 };
	struct unimem_hdr h = { .type = UNIMEM_PUT,
				.src = 0,
				.dst = 1,
				.pdid = 1,
				.key = KEY + 1 };
	int status[16];
	u32 bytes[16], off = 0;
	u8 *ans;
	size_t alen;
	u64 bad;
	unsigned int i;

	(void)state;
	memset(data, 0x5a, sizeof(data));
	for (i = 0; i < 16; i++)
		status[i] = 1;
	/* tag 1: a put; 2: to the read-only page; 3: wrong key; void; 4: a
	 * get of what 1 wrote; 5: a put with padding after it. */
	h.tag = 1, h.len = 40, h.va = b->rw;
	rec_put(pkt + UNIMEM_HDR_SIZE, &off, &h, data, 0, 0);
	h.tag = 2, h.va = b->ro;
	rec_put(pkt + UNIMEM_HDR_SIZE, &off, &h, data, 0, 0);
	h.tag = 3, h.va = b->rw + 100, h.key = KEY;
	rec_put(pkt + UNIMEM_HDR_SIZE, &off, &h, data, 0, 0);
	rec_put(pkt + UNIMEM_HDR_SIZE, &off, &h, data, 0, UNIMEM_REC_VOID);
	h.type = UNIMEM_GET, h.tag = 4, h.va = b->rw, h.key = KEY + 1;
	rec_put(pkt + UNIMEM_HDR_SIZE, &off, &h, NULL, 0, 0);
	h.type = UNIMEM_PUT, h.tag = 5, h.va = b->rw + 200, h.len = 8;
	rec_put(pkt + UNIMEM_HDR_SIZE, &off, &h, data, 16, 0);
	bh.len = off;
	bh.bytes = 6;
	assert_int_equal(unimem_hdr_encode(&bh, pkt, sizeof(pkt)),
			 UNIMEM_HDR_SIZE);
	{
		u8 *p = lb_alloc(NULL, UNIMEM_HDR_SIZE + off);

		memcpy(p, pkt, UNIMEM_HDR_SIZE + off);
		if (!unimem_input(&b->ep, 0, p, UNIMEM_HDR_SIZE + off))
			lb_free(NULL, p);
	}
	for (i = 0; i < 20; i++)
		assert_int_equal(unimem_progress(&b->ep), 0);
	ans = take_for0(1, &alen);
	assert_int_equal(answers(ans, alen, status, bytes, 16), 5);
	lb_free(NULL, ans);
	assert_int_equal(status[1], 0);
	assert_int_equal(bytes[1], 40);
	assert_int_equal(status[2], -EFAULT);
	assert_int_equal(status[3], -EACCES);
	assert_int_equal(status[4], 0);
	assert_int_equal(bytes[4], 40);
	assert_int_equal(status[5], 0);
	assert_int_equal(os_read(b->p, b->rw, back, 40), 0);
	assert_memory_equal(back, data, 40);
	assert_int_equal(os_read(b->p, b->rw + 100, back, 40), 0);
	for (i = 0; i < 40; i++)
		assert_int_equal(back[i], 0);

	/* Malformed: each refused whole, nothing written. */
	for (i = 0; i < 6; i++) {
		u8 *p;
		size_t len;
		int st[16];
		u32 by[16];

		off = 0;
		h.type = UNIMEM_PUT, h.tag = 7, h.len = 40, h.va = b->rw + 300;
		h.key = KEY + 1;
		rec_put(pkt + UNIMEM_HDR_SIZE, &off, &h, data, 0, 0);
		h.tag = 8;
		rec_put(pkt + UNIMEM_HDR_SIZE, &off, &h, data, 0, 0);
		bh.len = off;
		bh.bytes = 2;
		switch (i) {
		case 0: /* the second record's size runs past the end */
			pkt[UNIMEM_HDR_SIZE + 96] = 200;
			break;
		case 1: /* more records claimed than there are */
			bh.bytes = 3;
			break;
		case 2: /* bytes after the last record */
			bh.len += 8;
			memset(pkt + UNIMEM_HDR_SIZE + off, 0, 8);
			break;
		case 3: /* a record's payload longer than the record */
			pkt[UNIMEM_HDR_SIZE + 96 + UNIMEM_REC_SIZE + 20] = 80;
			break;
		case 4: /* a record from another node */
			pkt[UNIMEM_HDR_SIZE + 96 + UNIMEM_REC_SIZE + 8] = 2;
			break;
		case 5: /* unknown record flags */
			pkt[UNIMEM_HDR_SIZE + 96 + 5] = 1;
			break;
		}
		len = UNIMEM_HDR_SIZE + bh.len;
		assert_int_equal(unimem_hdr_encode(&bh, pkt, sizeof(pkt)),
				 UNIMEM_HDR_SIZE);
		bad = b->ep.st.bad_packets;
		p = lb_alloc(NULL, len);
		memcpy(p, pkt, len);
		if (!unimem_input(&b->ep, 0, p, len))
			lb_free(NULL, p);
		assert_int_equal(b->ep.st.bad_packets, bad + 1);
		assert_int_equal(unimem_progress(&b->ep), 0);
		/*
		 * The good records before the flaw are answered -EPROTO
		 * and not carried out (both, when the flaw is after them).
		 */
		st[7] = st[8] = 1;
		ans = take_for0(1, &alen);
		assert_int_equal(answers(ans, alen, st, by, 16),
				 i == 1 || i == 2 ? 2 : 1);
		lb_free(NULL, ans);
		assert_int_equal(st[7], -EPROTO);
		assert_int_equal(st[8], i == 1 || i == 2 ? -EPROTO : 1);
		assert_int_equal(os_read(b->p, b->rw + 300, back, 40), 0);
		assert_int_equal(back[0], 0);
		assert_int_equal(back[39], 0);
	}
	/* A batch with zero records, and one too short for its header. */
	bh.len = 8;
	bh.bytes = 0;
	assert_int_equal(unimem_hdr_encode(&bh, pkt, sizeof(pkt)), -EINVAL);
	assert_int_equal(unimem_hdr_decode(pkt, UNIMEM_HDR_SIZE - 1, &h),
			 -EINVAL);
}

/*
 * The transport refuses a packet (it takes the buffer all the same): the
 * operations it carried end with its error, at once; nothing is sent
 * again from a buffer that is gone, and the node goes on.
 */
static void test_send_fail(void **state)
{
	static const u32 lens[] = { 64, 12000 };
	static const int errs[] = { -ENOMEM, -ENOSPC };
	struct lnode *a = &nodes[0], *b = &nodes[1];
	struct unimem_gaddr ga = { 1, 1, 0 };
	struct unimem_req r, g;
	static u8 data[12000], back[12000];
	unsigned int i, e, k;
	u64 src;

	(void)state;
	ga.va = b->rw;
	assert_int_equal(os_mmap(a->p, 0, sizeof(data), RW, 0, &src), 0);
	for (e = 0; e < ARRAY_SIZE(errs); e++) {
		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			fill(data, sizeof(data), 10 * e + i);
			assert_int_equal(
				os_write(a->p, src, data, sizeof(data)), 0);
			assert_int_equal(unimem_put(&a->ep, a->p, src, ga,
						    KEY + 1, lens[i], &r),
					 0);
			net.fail = 1;
			net.fail_err = errs[e];
			for (k = 0; k < 20 && !r.done; k++)
				progress_all();
			assert_int_equal(net.fail, 0);
			assert_true(r.done);
			assert_int_equal(r.status, errs[e]);
			assert_false(r.remote);
			/* A get behind it, and the node goes on. */
			assert_int_equal(unimem_get(&a->ep, a->p, src, ga,
						    KEY + 1, 64, &g),
					 0);
			net.fail = 1;
			wait_req(&g);
			assert_int_equal(g.status, errs[e]);
			assert_int_equal(unimem_put(&a->ep, a->p, src, ga,
						    KEY + 1, lens[i], &r),
					 0);
			wait_req(&r);
			assert_int_equal(r.status, 0);
			assert_int_equal(os_read(b->p, b->rw, back, lens[i]),
					 0);
			assert_memory_equal(back, data, lens[i]);
		}
	}
	assert_int_equal(unimem_busy(&a->ep), 0);
	assert_int_equal(unimem_busy(&b->ep), 0);
}

/*
 * Buffers are reused: what a batch carries besides its packets (a void
 * record, the padding of a get that faulted) must not be what the buffer
 * held before.
 */
static void test_stale(void **state)
{
	struct lnode *a = &nodes[0], *b = &nodes[1];
	struct unimem_gaddr ga = { 1, 1, 0 };
	struct unimem_req r[4];
	u64 src;
	unsigned int i;

	(void)state;
	net.stale = true;
	net.check_stale = true;
	assert_int_equal(os_mmap(a->p, 0, 4096, RW, 0, &src), 0);
	ga.va = b->rw;
	/* A put whose source faults, beside a good one: a void record. */
	assert_int_equal(unimem_put(&a->ep, a->p, src, ga, KEY + 1, 64, &r[0]),
			 0);
	assert_int_equal(
		unimem_put(&a->ep, a->p, 0x1000, ga, KEY + 1, 100, &r[1]), 0);
	/* A get that faults at the destination: its answer is padded. */
	ga.va = 0x1000;
	assert_int_equal(unimem_get(&a->ep, a->p, src, ga, KEY + 1, 200, &r[2]),
			 0);
	ga.va = b->rw;
	assert_int_equal(unimem_get(&a->ep, a->p, src, ga, KEY + 1, 64, &r[3]),
			 0);
	for (i = 0; i < 4; i++)
		wait_req(&r[i]);
	assert_int_equal(r[0].status, 0);
	assert_int_equal(r[1].status, -EFAULT);
	assert_false(r[1].remote);
	assert_int_equal(r[2].status, -EFAULT);
	assert_true(r[2].remote);
	assert_int_equal(r[2].fault_va, 0x1000);
	assert_int_equal(r[3].status, 0);
	assert_true(a->ep.st.batches_out > 0);
	assert_true(b->ep.st.batches_out > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test_setup_teardown(test_put_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bye, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_fail, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
