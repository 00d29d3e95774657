// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma-node: one Unimem node per MPI rank (experiment E4).
 *
 *   mpirun -np 2 vadma-node e4 [--size BYTES] [--json]
 *   mpirun -np N vadma-node test [--rounds N] [--seed S]
 *   mpirun -np N vadma-node test-early-exit
 *   mpirun -np 2 vadma-node bench [--size BYTES] [--count N] [--rounds N]
 *                                 [--window N] [--json]
 *   mpirun -np N vadma-node a2a [--size BYTES] [--count N] [--rounds N]
 *                               [--window N] [--json]
 *
 * Every rank builds a node (model of a ZCU102, its SMMU, a kernel) and a
 * Unimem endpoint on it; rank 0 prints.  "vadma run e4" starts this under
 * mpirun.
 */
#include <getopt.h>
#include <mpi.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <unistd.h>

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
	bool oversubscribed; /* more ranks on this host than processors */
};

/* What each rank tells the others before the operations. */
struct nd_addr {
	u64 rw;	  /* read-write region, untouched */
	u64 ro;	  /* a read-only page */
	u64 size; /* of the rw region */
};

/*
 * More ranks on this host than it has processors (mpirun --oversubscribe).
 * Every rank polls; without yielding the processor after each round of
 * progress, the rank that holds a processor spins until its time slice
 * ends while the ranks it waits for cannot run, and all to all on 8 or 16
 * ranks on 2 processors took 10 to 1000 times what 2 ranks did per
 * operation.
 */
static bool nd_oversubscribed(void)
{
	MPI_Comm local;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = 1;

	if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0,
				MPI_INFO_NULL, &local) == MPI_SUCCESS) {
		MPI_Comm_size(local, &n);
		MPI_Comm_free(&local);
	}
	return cpus > 0 && n > cpus;
}

/* unimem_progress(), then the processor to another rank if they share. */
static int nd_progress(struct nd *c)
{
	int ret = unimem_progress(&c->ep);

	if (c->oversubscribed)
		sched_yield();
	return ret;
}

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
	c->oversubscribed = nd_oversubscribed();
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
		if (nd_progress(c))
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
		if (nd_progress(c))
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
			nd_progress(c);
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

/* Benchmarks */

struct bench_opts {
	u64 size;	     /* 0: 64 B, 4 KiB, 64 KiB and 1 MiB */
	unsigned int count;  /* operations per round; 0: by size */
	unsigned int rounds; /* the median of these is reported */
	unsigned int window; /* operations in flight; 0: 64 */
	bool json;
};

/* The window for @size: at most 32 MiB in flight. */
static unsigned int bench_window(const struct bench_opts *o, u64 size)
{
	unsigned int want = o->window ? o->window : 64;
	u64 w = (32ULL << 20) / size;

	if (w < 2)
		w = 2;
	return want < w ? want : (unsigned int)w;
}

static unsigned int bench_count(const struct bench_opts *o, u64 size)
{
	if (o->count)
		return o->count;
	if (size <= 64)
		return 40000;
	if (size <= 4096)
		return 10000;
	return size <= 65536 ? 2000 : 200;
}

/*
 * Raw MPI: rank 0 sends @count messages of @size bytes to rank 1, with
 * @window in flight (the same window as Unimem's).  Seconds, or -1.
 */
static double raw_mpi(struct nd *c, u64 size, unsigned int count,
		      unsigned int window)
{
	MPI_Request *req = calloc(window, sizeof(*req));
	u8 *buf = calloc(window, size);
	unsigned int i, k;
	double t0;
	int ack = 0;

	if (!buf || !req) {
		free(buf);
		free(req);
		return -1;
	}
	/*
	 * Touched before the clock starts, as the model's memory is: a fresh
	 * calloc() of 256 KiB or more is mapped on first touch, and paying
	 * for that inside the timed loop made the limit slower than MPI is.
	 */
	memset(buf, 0x5a, (size_t)window * size);
	MPI_Barrier(MPI_COMM_WORLD);
	t0 = MPI_Wtime();
	for (i = 0; c->rank < 2 && i < count; i += window) {
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
	else if (c->rank == 1)
		MPI_Send(&ack, 1, MPI_INT, 0, 8, MPI_COMM_WORLD);
	free(buf);
	free(req);
	return MPI_Wtime() - t0;
}

/*
 * @count operations of @size bytes from this rank to the nodes @dst
 * names in turn (@ndst of them), @window in flight: a new one starts as
 * soon as one ends.  Operation k uses slot k / @ndst % @slots: bytes
 * [slot * size, +size) of @src locally and of the slot at @at(node)
 * remotely.  Returns 0, or what went wrong.
 */
static int stream(struct nd *c, bool get, const int *dst, unsigned int ndst,
		  const u64 *at, u64 src, u64 size, unsigned int slots,
		  unsigned int count, unsigned int window)
{
	struct unimem_req *r = calloc(window, sizeof(*r));
	bool *busy = calloc(window, sizeof(*busy));
	unsigned int issued = 0, ended = 0, k;
	double end = MPI_Wtime() + TIMEOUT;
	int ret = 0;

	if (!r || !busy) {
		ret = -ENOMEM;
		goto out;
	}
	while (ended < count) {
		for (k = 0; k < window; k++) {
			unsigned int s = issued / ndst % slots;
			int d = dst[issued % ndst];
			struct unimem_gaddr ga = { (u16)d, PDID,
						   at[d] + (u64)s * size };

			if (busy[k]) {
				if (!r[k].done)
					continue;
				busy[k] = false;
				ended++;
				if (r[k].status || r[k].bytes != size) {
					ret = r[k].status ? r[k].status : -EIO;
					goto out;
				}
			}
			if (issued == count)
				continue;
			ret = get ? unimem_get(&c->ep, c->p, src + s * size, ga,
					       KEY(d), (u32)size, &r[k])
				  : unimem_put(&c->ep, c->p, src + s * size, ga,
					       KEY(d), (u32)size, &r[k]);
			if (ret == -EAGAIN)
				break;
			if (ret)
				goto out;
			busy[k] = true;
			issued++;
		}
		if (ended == count)
			break;
		ret = nd_progress(c);
		if (!ret && MPI_Wtime() > end)
			ret = -ETIMEDOUT;
		if (ret)
			goto out;
	}
out:
	/* Nothing may refer to @r once it goes. */
	for (k = 0; ret && r && busy && k < window; k++)
		if (busy[k] && !r[k].done &&
		    unimem_abandon(&c->ep, &r[k]) == -EBUSY)
			unimem_ep_leave(&c->ep);
	free(r);
	free(busy);
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts @v. */
static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Unimem put and get from rank 0 to rank 1, and raw MPI, round by round. */
static int bench_size(struct nd *c, const struct bench_opts *o,
		      const struct nd_addr *all, u64 src, u64 size)
{
	unsigned int count = bench_count(o, size), w = bench_window(o, size);
	unsigned int slots = (unsigned int)(all[1].size / size), i, k;
	double *v = calloc(6 * (size_t)o->rounds, sizeof(double));
	double med[6], lo[6], hi[6];
	const int one = 1;
	u64 at[2] = { all[0].rw, all[1].rw };
	static const char *const what[3] = { "raw MPI", "put", "get" };
	int ret = 0, bad = 0;

	if (!v)
		return -ENOMEM;
	if (slots > 256)
		slots = 256;
	for (i = 0; i < o->rounds && !ret; i++) {
		double t[3];

		t[0] = raw_mpi(c, size, count, w);
		for (k = 1; k < 3; k++) {
			MPI_Barrier(MPI_COMM_WORLD);
			t[k] = MPI_Wtime();
			if (!c->rank)
				ret = stream(c, k == 2, &one, 1, at, src, size,
					     slots, count, w);
			t[k] = MPI_Wtime() - t[k];
			if (nd_serve_until_all(c))
				ret = -ETIMEDOUT;
			MPI_Allreduce(&ret, &bad, 1, MPI_INT, MPI_MIN,
				      MPI_COMM_WORLD);
			if (bad) {
				/* Our own error, if we had one, says most. */
				ret = ret ? ret : bad;
				break;
			}
		}
		for (k = 0; k < 3 && !ret; k++) {
			/* GB/s, or for 64 B: million operations a second */
			v[k * o->rounds + i] =
				size <= 64 ? count / t[k] / 1e6
					   : (double)size * count / t[k] / 1e9;
			v[(3 + k) * o->rounds + i] = t[0] / t[k];
		}
	}
	if (ret || c->rank) {
		free(v);
		return ret;
	}
	for (k = 0; k < 6; k++) {
		med[k] = median(v + k * o->rounds, o->rounds);
		lo[k] = v[k * o->rounds];
		hi[k] = v[k * o->rounds + o->rounds - 1];
	}
	for (k = 0; k < 3; k++)
		say(c, "%-8llu %-7s %8.2f %s (%.2f-%.2f)%s\n",
		    (unsigned long long)size, what[k], med[k],
		    size <= 64 ? "M op/s" : "GB/s  ", lo[k], hi[k], "");
	say(c,
	    "%-8llu ratio   put %.2f (%.2f-%.2f), get %.2f (%.2f-%.2f) of raw MPI; %u rounds of %u, window %u\n",
	    (unsigned long long)size, med[4], lo[4], hi[4], med[5], lo[5],
	    hi[5], o->rounds, count, w);
	if (o->json)
		say(c,
		    "{\"bench\":\"unimem\",\"size\":%llu,\"unit\":\"%s\",\"rounds\":%u,\"count\":%u,\"window\":%u,"
		    "\"mpi\":%.3f,\"put\":%.3f,\"get\":%.3f,\"put_ratio\":%.3f,\"put_ratio_min\":%.3f,\"put_ratio_max\":%.3f,"
		    "\"get_ratio\":%.3f,\"get_ratio_min\":%.3f,\"get_ratio_max\":%.3f}\n",
		    (unsigned long long)size, size <= 64 ? "Mops" : "GBps",
		    o->rounds, count, w, med[0], med[1], med[2], med[4], lo[4],
		    hi[4], med[5], lo[5], hi[5]);
	free(v);
	return 0;
}

static int run_bench(struct nd *c, const struct bench_opts *o)
{
	static const u64 sizes[] = { 64, 4096, 65536, 1 << 20 };
	struct nd_addr *all = calloc((size_t)c->size, sizeof(*all));
	u64 region = 4ULL << 20, src = 0;
	const int one = 1;
	unsigned int i;
	u8 *pat = malloc(region);
	int ret;

	if (!all || !pat || c->size != 2) {
		ret = c->size != 2 ? -EINVAL : -ENOMEM;
		goto out;
	}
	ret = nd_regions(c, region, all);
	if (!ret)
		ret = os_mmap(c->p, 0, region, RW, 0, &src);
	if (!ret) {
		fill(pat, region, 1);
		ret = os_write(c->p, src, pat, region);
	}
	if (ret)
		goto out;
	/* Warm up: the destination's pages present, TLBs filled. */
	if (!c->rank) {
		u64 at[2] = { all[0].rw, all[1].rw };

		ret = stream(c, false, &one, 1, at, src, 1 << 20, 4, 4, 4);
	}
	if (nd_serve_until_all(c) || ret) {
		ret = ret ? ret : -ETIMEDOUT;
		goto out;
	}
	if (!c->rank)
		say(c,
		    "Unimem from node 0 to node 1 against raw MPI point to point, the median of %u rounds (min-max)\n",
		    o->rounds);
	for (i = 0; i < ARRAY_SIZE(sizes) && !ret; i++)
		if (!o->size || o->size == sizes[i])
			ret = bench_size(c, o, all, src, sizes[i]);
	if (!ret && o->size && o->size != 64 && o->size != 4096 &&
	    o->size != 65536 && o->size != 1 << 20)
		ret = bench_size(c, o, all, src, o->size);
out:
	if (ret)
		check(c, false, "bench: %s", vadma_strerror(ret));
	free(all);
	free(pat);
	return ret;
}

/* The pattern rank @from writes to every other rank in round @round. */
static void a2a_fill(u8 *buf, u64 len, int from, unsigned int round)
{
	fill(buf, len, (unsigned int)from * 7919 + round * 131 + 3);
}

/*
 * All to all: every rank puts @count operations of @size bytes to every
 * other rank, into a slot of its own there, with @window in flight over
 * all of them; then every rank checks every byte of every slot.
 */
static int run_a2a(struct nd *c, const struct bench_opts *o)
{
	u64 size = o->size ? o->size : 4096, slot, src = 0;
	unsigned int count = o->count ? o->count : 256, slots, round;
	/*
	 * A node serves the others' operations from the same UNIMEM_MAX_OPS
	 * slots as its own: with every node's window at most that over the
	 * number of nodes, no destination runs out (-EBUSY).
	 */
	unsigned int most = UNIMEM_MAX_OPS / (unsigned int)c->size;
	unsigned int window = o->window ? o->window : most < 64 ? most : 64;
	int n = c->size - 1, *dst = calloc((size_t)c->size, sizeof(int));
	struct nd_addr *all = calloc((size_t)c->size, sizeof(*all));
	u64 *at = calloc((size_t)c->size, sizeof(u64));
	double *t = calloc(o->rounds, sizeof(double));
	u8 *pat = NULL, *got = NULL;
	struct model_stats ms;
	struct rusage ru;
	int ret, d, bad = 0;

	if (window > most) {
		check(c, false,
		      "a2a: --window %u is more than %u on %d nodes (every node serves the others' operations from the same %u slots as its own)",
		      window, most, c->size, UNIMEM_MAX_OPS);
		ret = -EINVAL;
		goto out;
	}
	slots = count < 64 ? count : 64;
	slot = size * slots;
	pat = malloc(slot);
	got = malloc(slot);
	if (!dst || !all || !at || !t || !pat || !got) {
		ret = -ENOMEM;
		goto out;
	}
	ret = nd_regions(c, slot * (u64)c->size, all);
	if (!ret)
		ret = os_mmap(c->p, 0, slot, RW, 0, &src);
	if (ret)
		goto out;
	/* Destinations in turn, starting after this rank: no hot spot. */
	for (d = 0; d < n; d++)
		dst[d] = (c->rank + 1 + d) % c->size;
	for (d = 0; d < c->size; d++)
		at[d] = all[d].rw + (u64)c->rank * slot;
	for (round = 0; round < o->rounds; round++) {
		a2a_fill(pat, slot, c->rank, round);
		ret = os_write(c->p, src, pat, slot);
		if (ret)
			goto out;
		MPI_Barrier(MPI_COMM_WORLD);
		t[round] = MPI_Wtime();
		ret = stream(c, false, dst, (unsigned int)n, at, src, size,
			     slots, count * (unsigned int)n, window);
		if (nd_serve_until_all(c) && !ret)
			ret = -ETIMEDOUT;
		t[round] = MPI_Wtime() - t[round];
		MPI_Allreduce(&ret, &bad, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
		if (bad) {
			/* Our own error, if we had one, says most. */
			ret = ret ? ret : bad;
			goto out;
		}
		/* Every byte each other rank wrote here. */
		bad = 0;
		for (d = 0; d < c->size; d++) {
			u64 k;

			if (d == c->rank)
				continue;
			a2a_fill(pat, slot, d, round);
			ret = os_read(c->p, all[c->rank].rw + (u64)d * slot,
				      got, slot);
			if (ret)
				goto out;
			for (k = 0; k < slot; k++)
				bad += pat[k] != got[k];
		}
		check(c, !bad,
		      "a2a round %u: %u puts of %llu B to each of %d nodes, every byte here verified (%d wrong)",
		      round, count, (unsigned long long)size, n, bad);
		MPI_Barrier(MPI_COMM_WORLD);
	}
	{
		double tm = median(t, o->rounds), mb, ops;
		long rss, rss_max = 0;
		u64 pages, pages_max = 0;

		getrusage(RUSAGE_SELF, &ru);
		model_get_stats(c->node.m, &ms);
		rss = ru.ru_maxrss;
		pages = ms.pages;
		MPI_Reduce(&rss, &rss_max, 1, MPI_LONG, MPI_MAX, 0,
			   MPI_COMM_WORLD);
		MPI_Reduce(&pages, &pages_max, 1, MPI_UINT64_T, MPI_MAX, 0,
			   MPI_COMM_WORLD);
		ops = (double)count * n / tm;
		mb = ops * (double)size / 1e6;
		if (!c->rank) {
			say(c,
			    "a2a %d nodes, %llu B puts, %u to each other node a round: median round %.3f s (of %u); per node %.1f MB/s, %.0f k op/s; all nodes %.1f MB/s; peak RSS per node %.1f MiB, model RAM %.1f MiB\n",
			    c->size, (unsigned long long)size, count, tm,
			    o->rounds, mb, ops / 1e3, mb * c->size,
			    rss_max / 1024.0, pages_max * 4096.0 / (1 << 20));
			if (o->json)
				say(c,
				    "{\"bench\":\"a2a\",\"nodes\":%d,\"size\":%llu,\"count\":%u,\"rounds\":%u,\"round_s\":%.4f,"
				    "\"node_MBps\":%.2f,\"node_kops\":%.1f,\"total_MBps\":%.2f,\"rss_MiB\":%.1f,\"model_MiB\":%.1f}\n",
				    c->size, (unsigned long long)size, count,
				    o->rounds, tm, mb, ops / 1e3, mb * c->size,
				    rss_max / 1024.0,
				    pages_max * 4096.0 / (1 << 20));
		}
	}
out:
	if (ret && window <= most)
		check(c, false, "a2a: %s", vadma_strerror(ret));
	free(dst);
	free(all);
	free(at);
	free(t);
	free(pat);
	free(got);
	return ret;
}

static const char node_usage[] =
	"usage: mpirun -np N vadma-node e4|test|test-early-exit|bench|a2a [options]\n"
	"  e4 [--size BYTES]       node 0 puts to and gets from every other node's\n"
	"                          exported process; protection is checked\n"
	"  test [--rounds N] [--seed S]  all to all, every byte verified\n"
	"  test-early-exit         the last node leaves; the others must see an error\n"
	"  bench [--size BYTES] [--count N] [--rounds N] [--window N] [--json]\n"
	"                          put and get against raw MPI (2 ranks), medians\n"
	"  a2a [--size BYTES] [--count N] [--rounds N] [--window N] [--json]\n"
	"                          every node puts to every other, every byte verified\n";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 'S' },
		{ "count", required_argument, NULL, 'c' },
		{ "window", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_opts bo = { .window = 0 };
	u64 size = 0, rounds = 0, seed = 1, count = 0, v = 0;
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
		if (opt == 'j') {
			bo.json = true;
			continue;
		}
		if (opt == '?' || cli_parse_u64(optarg, &v) || !v ||
		    (opt == 's' && v > UNIMEM_MAX_LEN) ||
		    (opt == 'r' && v > 10000) || (opt == 'c' && v > 1000000) ||
		    (opt == 'w' && v > UNIMEM_MAX_OPS / 2)) {
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
		else if (opt == 'w')
			bo.window = (unsigned int)v;
		else
			count = v;
	}
	bo.size = size;
	bo.count = (unsigned int)count;
	if (strcmp(mode, "e4") && strcmp(mode, "test") &&
	    strcmp(mode, "test-early-exit") && strcmp(mode, "bench") &&
	    strcmp(mode, "a2a")) {
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
	if (!strcmp(mode, "e4")) {
		ret = run_e4(&c, size ? size : 64 << 10);
	} else if (!strcmp(mode, "test")) {
		ret = run_test(&c, rounds ? (unsigned int)rounds : 8, seed);
	} else if (!strcmp(mode, "test-early-exit")) {
		ret = run_early_exit(&c);
	} else {
		bo.rounds = rounds ? (unsigned int)rounds : 5;
		ret = strcmp(mode, "a2a") ? run_bench(&c, &bo)
					  : run_a2a(&c, &bo);
	}
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
