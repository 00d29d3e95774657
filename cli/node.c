// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma-node: one Unimem node per MPI rank (experiment E4).
 *
 *   mpirun -np 2 vadma-node e4 [--size BYTES] [--json]
 *   mpirun -np N vadma-node test [--rounds N] [--seed S]
 *   mpirun -np N vadma-node test-early-exit
 *   mpirun -np 2 vadma-node bench [--size BYTES] [--count N]
 *
 * Every rank builds a node (model of a ZCU102, its SMMU, a kernel) and a
 * Unimem endpoint on it; rank 0 prints.  "vadma run e4" starts this under
 * mpirun.
 */
#include <getopt.h>
#include <mpi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vadma/scenario.h"
#include "vadma/unimem.h"
#include "../unimem/mpi.h"

#define RW	   (OS_PROT_READ | OS_PROT_WRITE)
#define REPORT	   8192
#define TIMEOUT	   30.0
#define KEY(r)	   (0x5eed000000000000ULL | (u64)(r))
#define PDID	   1
#define WRONG_PDID 9

struct nd {
	int rank;
	int size;
	struct scn_node node;
	struct unimem_mpi t;
	struct unimem_ep ep;
	struct os_proc *p;
	char *report;
	size_t used;
	unsigned int passed;
	unsigned int failed;
};

/* What each rank tells the others before the operations. */
struct nd_addr {
	u64 rw;	  /* read-write region, untouched */
	u64 ro;	  /* a read-only page */
	u64 size; /* of the rw region */
};

static void say(struct nd *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct nd *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->used >= REPORT - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(c->report + c->used, REPORT - c->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->used += (size_t)n < REPORT - c->used ? (size_t)n
							: REPORT - 1 - c->used;
}

static void check(struct nd *c, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A TAP line in this rank's report. */
static void check(struct nd *c, bool ok, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	say(c, "%s - node %d: %s\n", ok ? "ok" : "not ok", c->rank, line);
	if (ok)
		c->passed++;
	else
		c->failed++;
}

/* Rank 0 prints every rank's report, in rank order. */
static void print_reports(struct nd *c)
{
	char *all = NULL;
	int i;

	if (!c->rank)
		all = malloc((size_t)c->size * REPORT);
	MPI_Gather(c->report, REPORT, MPI_CHAR, all, REPORT, MPI_CHAR, 0,
		   MPI_COMM_WORLD);
	if (c->rank)
		return;
	for (i = 0; all && i < c->size; i++)
		fputs(all + (size_t)i * REPORT, stdout);
	free(all);
	fflush(stdout);
}

static int nd_open(struct nd *c)
{
	int ret;

	memset(c, 0, sizeof(*c));
	MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
	MPI_Comm_size(MPI_COMM_WORLD, &c->size);
	c->report = calloc(1, REPORT);
	if (!c->report)
		return -ENOMEM;
	ret = scn_node_open(&c->node, NULL);
	if (ret)
		return ret;
	ret = unimem_mpi_init(&c->t, MPI_COMM_WORLD);
	if (!ret)
		ret = unimem_ep_init(&c->ep, c->node.m, &c->node.sva,
				     c->node.plat->smmu_irq,
				     (unsigned int)c->rank,
				     (unsigned int)c->size, &c->t.tr);
	if (!ret)
		ret = os_proc_create(c->node.os, &c->p);
	return ret;
}

static void nd_close(struct nd *c)
{
	unimem_ep_leave(&c->ep);
	if (unimem_mpi_leave(&c->t, &c->ep, TIMEOUT))
		fprintf(stderr, "vadma-node %d: not every node said goodbye\n",
			c->rank);
	unimem_ep_fini(&c->ep);
	unimem_mpi_fini(&c->t);
	scn_node_close(&c->node);
	free(c->report);
}

/* Serve the others until every rank got here. */
static int nd_serve_until_all(struct nd *c)
{
	double end = MPI_Wtime() + TIMEOUT;
	MPI_Request barrier;
	int done = 0;

	MPI_Ibarrier(MPI_COMM_WORLD, &barrier);
	while (!done) {
		if (unimem_progress(&c->ep))
			return -EIO;
		MPI_Test(&barrier, &done, MPI_STATUS_IGNORE);
		if (!done && MPI_Wtime() > end)
			return -ETIMEDOUT;
	}
	return 0;
}

/*
 * Wait for @n requests.  On a time limit they are abandoned, so that
 * nothing refers to them once the caller's memory goes; one whose data
 * is still moving ends only with the whole endpoint.
 */
static int nd_wait(struct nd *c, struct unimem_req *r, unsigned int n)
{
	double end = MPI_Wtime() + TIMEOUT;
	unsigned int i;
	int ret = 0;

	for (;;) {
		bool all = true;

		for (i = 0; i < n; i++)
			all &= r[i].done;
		if (all)
			return 0;
		if (unimem_progress(&c->ep))
			ret = -EIO;
		else if (MPI_Wtime() > end)
			ret = -ETIMEDOUT;
		if (ret)
			break;
	}
	for (i = 0; i < n; i++)
		if (!r[i].done && unimem_abandon(&c->ep, &r[i]) == -EBUSY)
			unimem_ep_leave(&c->ep);
	return ret;
}

static void fill(u8 *buf, u64 len, unsigned int seed)
{
	u64 i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)((i * 29 + seed * 101 + 7) ^ (i >> 10));
}

/* Each rank's regions: rw untouched, one read-only page. */
static int nd_regions(struct nd *c, u64 size, struct nd_addr *all)
{
	struct nd_addr me = { .size = size };
	int ret;

	ret = os_mmap(c->p, 0, size, RW, 0, &me.rw);
	if (!ret)
		ret = os_mmap(c->p, 0, OS_PAGE_SIZE, OS_PROT_READ, 0, &me.ro);
	if (!ret)
		ret = unimem_attach(&c->ep, c->p, PDID, KEY(c->rank), true);
	if (ret)
		return ret;
	MPI_Allgather(&me, sizeof(me), MPI_BYTE, all, sizeof(me), MPI_BYTE,
		      MPI_COMM_WORLD);
	return 0;
}

static const char *err(int e)
{
	if (e == -EFAULT)
		return "refused at a fault no mapping allows";
	return e ? vadma_strerror(e) : "ok";
}

/* E4 */

static void e4_faults(struct nd *c)
{
	const struct os_sva *sva = &c->node.sva;
	unsigned int n = sva->log_next < OS_SVA_LOG ? sva->log_next
						    : OS_SVA_LOG,
		     i;

	say(c,
	    "node %d: faults at this node's SMMU (%llu served, %llu refused)%s:\n",
	    c->rank, (unsigned long long)sva->retried,
	    (unsigned long long)sva->terminated,
	    sva->faults > n ? "; the last ones" : "");
	for (i = 0; i < n && i < 12; i++) {
		const struct os_iopf *f =
			&sva->log[(sva->log_next - n + i) % OS_SVA_LOG];

		say(c,
		    "  stream 0x%x CB%u %s VA 0x%llx: %s fault at level %u -> %s\n",
		    f->fault.sid, f->fault.cb,
		    f->fault.write ? "write" : "read ",
		    (unsigned long long)f->fault.far,
		    smmu_fault_name(f->fault.type), f->fault.level,
		    f->action == OS_IOPF_RETRY
			    ? "served by the fault path, retry"
			    : "refused, terminate");
	}
	if (n > 12)
		say(c, "  ...\n");
}

static int run_e4(struct nd *c, u64 size)
{
	struct nd_addr *all = calloc((size_t)c->size, sizeof(*all));
	u8 *pat = malloc(size), *back = malloc(size);
	struct os_page_info pi;
	u64 src = 0, dst_back = 0;
	int ret, d;

	if (!all || !pat || !back) {
		ret = -ENOMEM;
		goto out;
	}
	fill(pat, size, 4);
	ret = nd_regions(c, size, all);
	if (ret)
		goto out;
	if (!c->rank) {
		ret = os_mmap(c->p, 0, size, RW, 0, &src);
		if (!ret)
			ret = os_mmap(c->p, 0, size, RW, 0, &dst_back);
		if (!ret)
			ret = os_write(c->p, src, pat, size);
		if (ret)
			goto out;
		say(c,
		    "E4: node 0, process %d writes %llu bytes at VA 0x%llx; %d node(s) each export a process (PDID %d) whose region nobody mapped for DMA\n",
		    os_proc_pid(c->p), (unsigned long long)size,
		    (unsigned long long)src, c->size - 1, PDID);
		for (d = 1; d < c->size; d++) {
			struct unimem_gaddr ga = { (u16)d, PDID, all[d].rw };
			struct unimem_gaddr ro = { (u16)d, PDID, all[d].ro };
			struct unimem_gaddr bad = { (u16)d, WRONG_PDID,
						    all[d].rw };
			struct unimem_req r[4];

			ret = unimem_put(&c->ep, c->p, src, ga, KEY(d),
					 (u32)size, &r[0]);
			if (!ret)
				ret = nd_wait(c, r, 1);
			if (ret)
				goto out;
			check(c, !r[0].status && r[0].bytes == size,
			      "put %llu bytes to (node %d, PDID %d, VA 0x%llx): %s, %u bytes",
			      (unsigned long long)size, d, PDID,
			      (unsigned long long)ga.va, err(r[0].status),
			      r[0].bytes);
			ret = unimem_get(&c->ep, c->p, dst_back, ga, KEY(d),
					 (u32)size, &r[1]);
			if (!ret)
				ret = nd_wait(c, &r[1], 1);
			if (!ret)
				ret = os_read(c->p, dst_back, back, size);
			if (ret)
				goto out;
			check(c, !r[1].status && !memcmp(pat, back, size),
			      "get it back from node %d: %s, %s", d,
			      err(r[1].status),
			      memcmp(pat, back, size) ? "DIFFERENT"
						      : "verified");
			ret = unimem_put(&c->ep, c->p, src, ga, KEY(d) ^ 1,
					 (u32)size, &r[2]);
			if (!ret)
				ret = unimem_put(&c->ep, c->p, src, bad, KEY(d),
						 (u32)size, &r[3]);
			if (!ret)
				ret = nd_wait(c, &r[2], 2);
			if (ret)
				goto out;
			check(c, r[2].status == -EACCES && !r[2].bytes,
			      "put with a wrong key: %s", err(r[2].status));
			check(c, r[3].status == -EACCES && !r[3].bytes,
			      "put to PDID %d, not exported: %s", WRONG_PDID,
			      err(r[3].status));
			ret = unimem_put(&c->ep, c->p, src, ro, KEY(d), 64,
					 &r[0]);
			if (!ret)
				ret = nd_wait(c, r, 1);
			if (ret)
				goto out;
			check(c,
			      r[0].status == -EFAULT && r[0].remote &&
				      r[0].fault_va == ro.va,
			      "put to a read-only page at node %d: %s at VA 0x%llx (%s)",
			      d, err(r[0].status),
			      (unsigned long long)r[0].fault_va,
			      r[0].remote ? "at the destination" : "local");
		}
	}
	ret = nd_serve_until_all(c);
	if (ret)
		goto out;
	if (c->rank) {
		bool ro_clean;

		ret = os_read(c->p, all[c->rank].rw, back, size);
		if (ret)
			goto out;
		check(c, !memcmp(pat, back, size),
		      "process %d holds the %llu bytes at VA 0x%llx",
		      os_proc_pid(c->p), (unsigned long long)size,
		      (unsigned long long)all[c->rank].rw);
		ro_clean = os_page_query(c->p, all[c->rank].ro, &pi) ||
			   !pi.present || pi.zero;
		check(c, ro_clean,
		      "the read-only page and everything unauthorized: nothing written");
		e4_faults(c);
		say(c,
		    "node %d: %llu puts and %llu gets served, %llu refused, %llu ended at a fault\n",
		    c->rank, (unsigned long long)c->ep.st.served_puts,
		    (unsigned long long)c->ep.st.served_gets,
		    (unsigned long long)c->ep.st.refused,
		    (unsigned long long)c->ep.st.remote_faults);
	}
out:
	if (ret)
		check(c, false, "%s", vadma_strerror(ret));
	free(all);
	free(pat);
	free(back);
	return ret;
}

/* All to all */

static u64 rnd(u64 *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/*
 * Every rank puts into a slot of its own in every other rank's region, at
 * a random offset and length, all at once; gets each back; then every rank
 * checks its whole region against what the others must have written.
 */
static int run_test(struct nd *c, unsigned int rounds, u64 seed)
{
	const u64 slot = 64 << 10;
	u64 size = slot * (u64)c->size, src, back_va, s;
	struct nd_addr *all = calloc((size_t)c->size, sizeof(*all));
	struct unimem_req *r = calloc((size_t)c->size * 4, sizeof(*r));
	u64 *off = calloc((size_t)c->size, sizeof(u64));
	u32 *len = calloc((size_t)c->size, sizeof(u32));
	u8 *pat = malloc(slot), *want = malloc(size), *got = malloc(size);
	unsigned int round, bad_get, bad_mem, faults_seen = 0;
	int ret, d;

	if (!all || !r || !off || !len || !pat || !want || !got) {
		ret = -ENOMEM;
		goto out;
	}
	ret = nd_regions(c, size, all);
	if (!ret)
		ret = os_mmap(c->p, 0, slot, RW, 0, &src);
	if (!ret)
		ret = os_mmap(c->p, 0, slot, RW, 0, &back_va);
	if (ret)
		goto out;
	memset(want, 0, size);
	for (round = 0; round < rounds; round++) {
		/* Everybody draws everybody's choices: same seed. */
		s = seed * 0x9e3779b97f4a7c15ULL + round + 1;
		for (d = 0; d < c->size; d++) {
			len[d] = (u32)(rnd(&s) % slot) + 1;
			off[d] = rnd(&s) % (slot - len[d] + 1);
		}
		fill(pat, slot, (unsigned int)(round * 131 + (u64)c->rank));
		ret = os_write(c->p, src, pat, slot);
		if (ret)
			goto out;
		bad_get = 0;
		for (d = 0; d < c->size; d++) {
			struct unimem_gaddr ga = {
				(u16)d, PDID,
				all[d].rw + (u64)c->rank * slot + off[c->rank]
			};

			if (d == c->rank)
				continue;
			ret = unimem_put(&c->ep, c->p, src, ga, KEY(d),
					 len[c->rank], &r[4 * d]);
			if (ret)
				goto out;
		}
		for (d = 0; d < c->size; d++) {
			if (d == c->rank)
				continue;
			ret = nd_wait(c, &r[4 * d], 1);
			if (ret)
				goto out;
			if (r[4 * d].status || r[4 * d].bytes != len[c->rank])
				bad_get++;
		}
		/* Read each back (in turn: one local buffer). */
		for (d = 0; d < c->size; d++) {
			struct unimem_gaddr ga = {
				(u16)d, PDID,
				all[d].rw + (u64)c->rank * slot + off[c->rank]
			};

			if (d == c->rank)
				continue;
			ret = unimem_get(&c->ep, c->p, back_va, ga, KEY(d),
					 len[c->rank], &r[4 * d + 1]);
			if (!ret)
				ret = nd_wait(c, &r[4 * d + 1], 1);
			if (!ret)
				ret = os_read(c->p, back_va, got, len[c->rank]);
			if (ret)
				goto out;
			if (r[4 * d + 1].status ||
			    memcmp(got, pat, len[c->rank]))
				bad_get++;
		}
		check(c, !bad_get,
		      "round %u: puts of %u bytes to every node, read back: %u wrong",
		      round, len[c->rank], bad_get);
		ret = nd_serve_until_all(c);
		if (ret)
			goto out;
		/* What each other rank must have written here. */
		for (d = 0; d < c->size; d++) {
			if (d == c->rank)
				continue;
			fill(pat, slot, (unsigned int)(round * 131 + (u64)d));
			memcpy(want + (u64)d * slot + off[d], pat, len[d]);
		}
		ret = os_read(c->p, all[c->rank].rw, got, size);
		if (ret)
			goto out;
		bad_mem = 0;
		for (s = 0; s < size; s++)
			bad_mem += want[s] != got[s];
		check(c, !bad_mem,
		      "round %u: every byte of this node's region as the others wrote it (%u wrong)",
		      round, bad_mem);
		/* Nobody starts the next round before everybody checked. */
		ret = nd_serve_until_all(c);
		if (ret)
			goto out;
	}
	/* Protection: a wrong key, and a read-only page, at every node. */
	for (d = 0; d < c->size; d++) {
		struct unimem_gaddr ro = { (u16)d, PDID, all[d].ro };
		struct unimem_gaddr rw = { (u16)d, PDID, all[d].rw };

		if (d == c->rank)
			continue;
		ret = unimem_put(&c->ep, c->p, src, rw, KEY(d) + 1, 100,
				 &r[4 * d + 2]);
		if (!ret)
			ret = unimem_put(&c->ep, c->p, src, ro, KEY(d), 100,
					 &r[4 * d + 3]);
		if (!ret)
			ret = nd_wait(c, &r[4 * d + 2], 2);
		if (ret)
			goto out;
		check(c, r[4 * d + 2].status == -EACCES,
		      "a wrong key at node %d is refused: %s", d,
		      err(r[4 * d + 2].status));
		check(c,
		      r[4 * d + 3].status == -EFAULT && r[4 * d + 3].remote &&
			      r[4 * d + 3].fault_va == ro.va,
		      "a read-only page at node %d: %s at the destination", d,
		      err(r[4 * d + 3].status));
	}
	ret = nd_serve_until_all(c);
	if (ret)
		goto out;
	/* Nothing changed here by the refused ones. */
	ret = os_read(c->p, all[c->rank].rw, got, size);
	if (ret)
		goto out;
	check(c, !memcmp(want, got, size),
	      "refused operations wrote nothing here");
	faults_seen = (unsigned int)c->node.sva.retried;
	check(c, faults_seen > 0,
	      "faults at this node were served: %u (pages made present on first touch)",
	      faults_seen);
out:
	if (ret)
		check(c, false, "%s", vadma_strerror(ret));
	free(all);
	free(r);
	free(off);
	free(len);
	free(pat);
	free(want);
	free(got);
	return ret;
}

/* The last rank leaves at once; the others must see an error, not hang. */
static int run_early_exit(struct nd *c)
{
	struct nd_addr *all = calloc((size_t)c->size, sizeof(*all));
	int last = c->size - 1, ret;
	struct unimem_req r;
	u64 src = 0;

	if (!all)
		return -ENOMEM;
	ret = nd_regions(c, 64 << 10, all);
	if (!ret)
		ret = os_mmap(c->p, 0, 4096, RW, 0, &src);
	if (ret)
		goto out;
	if (c->rank == last) {
		unimem_ep_leave(&c->ep);
		check(c, true, "leaves early");
		goto out;
	} else {
		struct unimem_gaddr ga = { (u16)last, PDID, all[last].rw };
		double end = MPI_Wtime() + TIMEOUT;
		double t0 = MPI_Wtime();

		/* A put now: refused, or started and then ended by the BYE. */
		ret = unimem_put(&c->ep, c->p, src, ga, KEY(last), 4096, &r);
		if (!ret)
			ret = nd_wait(c, &r, 1);
		else
			r.status = ret;
		while (!unimem_node_gone(&c->ep, (unsigned int)last) &&
		       MPI_Wtime() < end)
			unimem_progress(&c->ep);
		check(c, unimem_node_gone(&c->ep, (unsigned int)last),
		      "learns that node %d left", last);
		ret = unimem_put(&c->ep, c->p, src, ga, KEY(last), 4096, &r);
		check(c, ret == -EHOSTDOWN,
		      "a put to node %d then fails at once: %s (after %.2f s)",
		      last, err(ret), MPI_Wtime() - t0);
		ret = 0;
		/* And the rest still work with each other. */
		if (c->size > 2) {
			int d = (c->rank + 1) % last;
			struct unimem_gaddr g2 = { (u16)d, PDID, all[d].rw };

			if (d != c->rank) {
				ret = unimem_put(&c->ep, c->p, src, g2, KEY(d),
						 4096, &r);
				if (!ret)
					ret = nd_wait(c, &r, 1);
				check(c, !ret && !r.status,
				      "a put to node %d still works: %s", d,
				      err(ret ? ret : r.status));
			}
		}
	}
out:
	free(all);
	return ret;
}

/* Bandwidth and message rate, against raw MPI, in the same run. */
static double raw_mpi(struct nd *c, u64 size, unsigned int count)
{
	unsigned int window = 16, i, k;
	MPI_Request req[16];
	u8 *buf = calloc(window, size);
	double t0;
	int ack = 0;

	if (!buf)
		return 0;
	MPI_Barrier(MPI_COMM_WORLD);
	t0 = MPI_Wtime();
	for (i = 0; i < count; i += window) {
		unsigned int n = count - i < window ? count - i : window;

		for (k = 0; k < n; k++) {
			if (!c->rank)
				MPI_Isend(buf + k * size, (int)size, MPI_BYTE,
					  1, 7, MPI_COMM_WORLD, &req[k]);
			else
				MPI_Irecv(buf + k * size, (int)size, MPI_BYTE,
					  0, 7, MPI_COMM_WORLD, &req[k]);
		}
		MPI_Waitall((int)n, req, MPI_STATUSES_IGNORE);
	}
	if (!c->rank)
		MPI_Recv(&ack, 1, MPI_INT, 1, 8, MPI_COMM_WORLD,
			 MPI_STATUS_IGNORE);
	else
		MPI_Send(&ack, 1, MPI_INT, 0, 8, MPI_COMM_WORLD);
	free(buf);
	return MPI_Wtime() - t0;
}

/*
 * Node 0 puts @count times @size bytes to node 1, keeping @window in
 * flight: a new one starts as soon as one ends.
 */
static double unimem_stream(struct nd *c, const struct nd_addr *all, u64 src,
			    u64 size, unsigned int count)
{
	enum {
		WINDOW = 16
	};
	struct unimem_req r[WINDOW];
	unsigned int issued = 0, ended = 0, k;
	double t0, t, end;

	memset(r, 0, sizeof(r));
	MPI_Barrier(MPI_COMM_WORLD);
	t0 = MPI_Wtime();
	end = t0 + TIMEOUT;
	if (!c->rank) {
		for (k = 0; k < WINDOW && issued < count; k++, issued++) {
			struct unimem_gaddr ga = { 1, PDID,
						   all[1].rw + (u64)k * size };

			if (unimem_put(&c->ep, c->p, src, ga, KEY(1), (u32)size,
				       &r[k]))
				return -1;
		}
		while (ended < count) {
			if (unimem_progress(&c->ep) || MPI_Wtime() > end)
				return -1;
			for (k = 0; k < WINDOW; k++) {
				struct unimem_gaddr ga = {
					1, PDID, all[1].rw + (u64)k * size
				};

				if (r[k].slot == -2 || !r[k].done)
					continue;
				if (r[k].status)
					return -1;
				ended++;
				if (issued == count) {
					r[k].slot = -2; /* idle */
					continue;
				}
				if (unimem_put(&c->ep, c->p, src, ga, KEY(1),
					       (u32)size, &r[k]))
					return -1;
				issued++;
			}
		}
	}
	t = MPI_Wtime() - t0;
	if (nd_serve_until_all(c))
		return -1;
	return t;
}

static int run_bench(struct nd *c, u64 size, unsigned int count)
{
	struct nd_addr *all = calloc((size_t)c->size, sizeof(*all));
	u64 src = 0, region = 16 * (size > 65536 ? size : 65536);
	double raw, um, raw64, um64;
	u8 *pat = malloc(size);
	int ret;

	if (!all || !pat || c->size != 2) {
		ret = c->size != 2 ? -EINVAL : -ENOMEM;
		goto out;
	}
	ret = nd_regions(c, region, all);
	if (!ret)
		ret = os_mmap(c->p, 0, size, RW, 0, &src);
	if (!ret) {
		fill(pat, size, 1);
		ret = os_write(c->p, src, pat, size);
	}
	if (ret)
		goto out;
	/* Warm up: the destination's pages present, TLBs filled. */
	if (unimem_stream(c, all, src, size, 32) < 0) {
		ret = -EIO;
		goto out;
	}
	raw = raw_mpi(c, size, count);
	um = unimem_stream(c, all, src, size, count);
	raw64 = raw_mpi(c, 64, count * 4);
	um64 = unimem_stream(c, all, src, 64, count * 4);
	if (um < 0 || um64 < 0) {
		ret = -EIO;
		goto out;
	}
	if (!c->rank) {
		double bw_raw = (double)size * count / raw / 1e9;
		double bw_um = (double)size * count / um / 1e9;

		say(c,
		    "remote put %llu B: %.2f GB/s; raw MPI point to point: %.2f GB/s; %.0f%% of raw\n",
		    (unsigned long long)size, bw_um, bw_raw,
		    100.0 * bw_um / bw_raw);
		say(c,
		    "remote put 64 B: %.0f k messages/s; raw MPI 64 B: %.0f k messages/s\n",
		    count * 4 / um64 / 1e3, count * 4 / raw64 / 1e3);
		say(c,
		    "{\"bench\":\"unimem\",\"size\":%llu,\"put_gbs\":%.3f,\"mpi_gbs\":%.3f,"
		    "\"ratio\":%.3f,\"put64_rate\":%.0f,\"mpi64_rate\":%.0f}\n",
		    (unsigned long long)size, bw_um, bw_raw, bw_um / bw_raw,
		    count * 4 / um64, count * 4 / raw64);
	}
out:
	if (ret)
		check(c, false, "bench: %s", vadma_strerror(ret));
	free(all);
	free(pat);
	return ret;
}

static const char node_usage[] =
	"usage: mpirun -np N vadma-node e4|test|test-early-exit|bench [options]\n"
	"  e4 [--size BYTES]       node 0 puts to and gets from every other node's\n"
	"                          exported process; protection is checked\n"
	"  test [--rounds N] [--seed S]  all to all, every byte verified\n"
	"  test-early-exit         the last node leaves; the others must see an error\n"
	"  bench [--size BYTES] [--count N]  remote put against raw MPI (2 ranks)\n";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 'S' },
		{ "count", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	u64 size = 64 << 10, rounds = 8, seed = 1, count = 2000, v;
	const char *mode;
	int opt, ret, failed = 0, total;
	struct nd c;

	MPI_Init(&argc, &argv);
	if (argc < 2) {
		fputs(node_usage, stderr);
		MPI_Finalize();
		return CLI_EXIT_USAGE;
	}
	mode = argv[1];
	optind = 2;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (opt == '?' || cli_parse_u64(optarg, &v) || !v ||
		    (opt == 's' && v > UNIMEM_MAX_LEN) ||
		    (opt == 'r' && v > 10000) || (opt == 'c' && v > 1000000)) {
			fprintf(stderr, "vadma-node: bad option '%s'\n%s",
				argv[optind - 1], node_usage);
			MPI_Finalize();
			return CLI_EXIT_USAGE;
		}
		if (opt == 's')
			size = v;
		else if (opt == 'r')
			rounds = v;
		else if (opt == 'S')
			seed = v;
		else
			count = v;
	}
	if (strcmp(mode, "e4") && strcmp(mode, "test") &&
	    strcmp(mode, "test-early-exit") && strcmp(mode, "bench")) {
		fprintf(stderr, "vadma-node: unknown mode '%s'\n%s", mode,
			node_usage);
		MPI_Finalize();
		return CLI_EXIT_USAGE;
	}
	ret = nd_open(&c);
	if (ret) {
		fprintf(stderr, "vadma-node %d: %s\n", c.rank,
			vadma_strerror(ret));
		MPI_Abort(MPI_COMM_WORLD, 1);
	}
	if (c.size < 2) {
		if (!c.rank)
			fprintf(stderr, "vadma-node: needs at least 2 ranks\n");
		nd_close(&c);
		MPI_Finalize();
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(mode, "e4"))
		ret = run_e4(&c, size);
	else if (!strcmp(mode, "test"))
		ret = run_test(&c, (unsigned int)rounds, seed);
	else if (!strcmp(mode, "test-early-exit"))
		ret = run_early_exit(&c);
	else
		ret = run_bench(&c, size, (unsigned int)count);
	(void)ret;
	/* Everybody serves the others until all are done. */
	if (nd_serve_until_all(&c))
		check(&c, false, "the others did not finish in time");
	print_reports(&c);
	MPI_Allreduce(&c.failed, &failed, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
	MPI_Allreduce(&c.passed, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
	if (!c.rank && strcmp(mode, "bench"))
		printf("%s: %d nodes, %d checks passed, %d failed\n",
		       failed ? "FAILED" : "ok", c.size, total, failed);
	nd_close(&c);
	MPI_Finalize();
	return failed ? 1 : 0;
}
