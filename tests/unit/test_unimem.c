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
	(void)ctx;
	net.allocs++;
	return malloc(len ? len : 1);
}

static void lb_free(void *ctx, void *pkt)
{
	(void)ctx;
	net.allocs--;
	free(pkt);
}

static int lb_send(void *ctx, unsigned int to, void *pkt, size_t len)
{
	struct lnode *n = ctx;
	struct pkt *p;

	if ((net.tail + 1) % QMAX == net.head || to >= NODES) {
		lb_free(ctx, pkt);
		return -ENOSPC;
	}
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test_setup_teardown(test_put_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bye, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
