// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * vadma run EXPERIMENT --backend kernel: the experiments through the
 * kernel module (/dev/vadma) instead of the model in this process.
 *   e1            a backend with MAP (iommu, model, mmu500): pin and map
 *                 two buffers at chosen IOVAs, the engine copies between
 *                 them, a DMA to an IOVA never mapped must fault (E1; with
 *                 backend=iommu through the Linux IOMMU API)
 *   e2            the same with the AXI CDMA in the PL (model, mmu500)
 *   e3            backend=model: bind this process's address space, copy
 *                 from a buffer the CPU wrote into one never touched, with
 *                 no mapping step; the SMMU walks this process's tables
 *                 and the kernel serves its faults
 *   e3-coherence  backend=model: after munmap and mprotect, a DMA faults
 *                 instead of going through a stale translation
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cli.h"
#include "vadma/kdev.h"

#define PAGE   4096ULL
/* ZDMA drives 44-bit addresses: its buffers live below 2^44. */
#define LOW_VA 0x1000000000ULL

static const char usage[] =
	"usage: vadma run e1|e2|e3|e3-coherence --backend kernel [options]\n"
	"\n"
	"Runs the experiment through /dev/vadma (the kernel module, vadma.ko)\n"
	"instead of the model inside this program.\n"
	"  e1            a backend with MAP (iommu, model, mmu500): map two\n"
	"                buffers, DMA between them, and a DMA to an IOVA never\n"
	"                mapped, which must fault\n"
	"  e2            the same with the AXI CDMA (model, mmu500)\n"
	"  e3            backend=model: DMA between this process's own virtual\n"
	"                addresses with no mapping step; faults are served by the\n"
	"                kernel as for the CPU\n"
	"  e3-coherence  backend=model: a DMA after munmap or mprotect faults\n"
	"\n"
	"options:\n"
	"  --engine zdma|cdma|edu  the DMA engine (default: the backend's)\n"
	"  --size N                bytes to copy (default 65536; e1: 4095)\n"
	"  --device PATH           the device (default /dev/vadma)\n"
	"  --help                  this text\n"
	"\n"
	"Exit status: 0 when the experiment showed what it must, 1 when not,\n"
	"2 for a bad argument or a module that cannot run it.\n";

enum {
	OPT_ENGINE = 1,
	OPT_SIZE,
	OPT_DEVICE,
	OPT_HELP
};

static const struct option kernel_opts[] = {
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct kargs {
	const char *exp;
	const char *device;
	unsigned int engine;
	u64 size;
};

static const char *engine_name(unsigned int engine)
{
	switch (engine) {
	case VADMA_ENGINE_EDU:
		return "edu";
	case VADMA_ENGINE_ZDMA:
		return "zdma";
	case VADMA_ENGINE_CDMA:
		return "cdma";
	default:
		return "default";
	}
}

/* Room for @len bytes: below 2^44 for the ZDMA, anywhere otherwise. */
static unsigned char *buffer(const struct kargs *a, u64 len, u64 *next)
{
	void *p;

	if (a->engine != VADMA_ENGINE_ZDMA)
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		p = mmap((void *)(uintptr_t)*next, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
			 0);
	if (p == MAP_FAILED)
		return NULL;
	/* A page left unmapped after each, so that they never merge. */
	*next = (u64)(uintptr_t)p + len + PAGE;
	return p;
}

static void fill(unsigned char *p, u64 len, unsigned int seed)
{
	u64 i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 13 + seed + (i >> 12));
}

/* Take the fault log, print a line per kind; return the records taken. */
static int print_faults(struct vadma_kdev *k, const char *indent)
{
	struct vadma_fault recs[VADMA_FAULT_LOG];
	unsigned int served[6] = { 0 }, refused[6] = { 0 }, t;
	int n, i, total = 0;
	u64 lost = 0, dropped;

	for (;;) {
		dropped = 0;
		n = vadma_kdev_faults(k, recs, VADMA_FAULT_LOG, &dropped);
		if (n < 0)
			break;
		lost += dropped;
		if (!n)
			break;
		for (i = 0; i < n; i++) {
			t = recs[i].type < 6 ? recs[i].type : 0;
			if (recs[i].flags & VADMA_FAULT_F_SERVED)
				served[t] += recs[i].count;
			else
				refused[t] += recs[i].count;
		}
		total += n;
	}
	for (t = 0; t < 6; t++) {
		if (served[t])
			printf("%s%u %s fault(s) served by the kernel, access retried\n",
			       indent, served[t], vadma_kdev_fault_name(t));
		if (refused[t])
			printf("%s%u %s fault(s) refused: the access terminated\n",
			       indent, refused[t], vadma_kdev_fault_name(t));
	}
	if (!total && !lost)
		printf("%sno fault\n", indent);
	if (lost)
		printf("%s(and %llu more records the log had no room for)\n",
		       indent, (unsigned long long)lost);
	return total;
}

/* Empty the fault log (what earlier users of the device left in it). */
static void drain_faults(struct vadma_kdev *k)
{
	struct vadma_fault recs[VADMA_FAULT_LOG];
	u64 dropped;

	while (vadma_kdev_faults(k, recs, VADMA_FAULT_LOG, &dropped) > 0)
		;
}

static int dma(struct vadma_kdev *k, const struct kargs *a, const void *src,
	       void *dst, u64 len, struct vadma_dma *d)
{
	int ret = vadma_kdev_dma(k, a->engine, (uintptr_t)src, (uintptr_t)dst,
				 len, 0, d);

	if (ret)
		fprintf(stderr, "vadma run %s: DMA: %s\n", a->exp,
			strerror(-ret));
	return ret;
}

static int kernel_e3(struct vadma_kdev *k, struct kargs *a)
{
	u64 next = LOW_VA, len = a->size;
	unsigned char *src, *dst;
	struct vadma_dma d;
	uint32_t asid;
	int ret, bad;

	ret = vadma_kdev_bind(k, &asid);
	if (ret) {
		fprintf(stderr, "vadma run e3: BIND: %s\n", strerror(-ret));
		return CLI_EXIT_USAGE;
	}
	printf("bind: this process's page tables, ASID %u\n", asid);
	src = buffer(a, len, &next);
	dst = buffer(a, len, &next);
	if (!src || !dst) {
		fprintf(stderr, "vadma run e3: mmap: %s\n", strerror(errno));
		return 1;
	}
	fill(src, len, 1);
	drain_faults(k); /* a log of this run only */
	printf("source:      %llu bytes the CPU wrote\n",
	       (unsigned long long)len);
	printf("destination: %llu bytes never touched (no page yet)\n",
	       (unsigned long long)len);
	if (dma(k, a, src, dst, len, &d))
		return 1;
	printf("%s: %s, %llu bytes, virtual to virtual, no mapping step\n",
	       engine_name(a->engine), vadma_kdev_status_name(d.status),
	       (unsigned long long)d.bytes);
	print_faults(k, "  ");
	bad = d.status != VADMA_DMA_DONE || memcmp(src, dst, len) != 0;
	printf("verify: %s\n", bad ? "MISMATCH" : "every byte arrived");
	munmap(src, len);
	munmap(dst, len);
	return bad;
}

static int kernel_e3_coherence(struct vadma_kdev *k, struct kargs *a)
{
	u64 next = LOW_VA, len = 4 * PAGE;
	unsigned char *src, *dst;
	struct vadma_dma d;
	int ret, bad = 0;

	ret = vadma_kdev_bind(k, NULL);
	if (ret) {
		fprintf(stderr, "vadma run e3-coherence: BIND: %s\n",
			strerror(-ret));
		return CLI_EXIT_USAGE;
	}
	src = buffer(a, len, &next);
	dst = buffer(a, len, &next);
	if (!src || !dst) {
		fprintf(stderr, "vadma run e3-coherence: mmap: %s\n",
			strerror(errno));
		return 1;
	}
	fill(src, len, 2);
	memset(dst, 0, len);
	if (dma(k, a, src, dst, len, &d))
		return 1;
	printf("1. DMA of 4 pages: %s (the SMMU's TLB holds them now)\n",
	       vadma_kdev_status_name(d.status));
	bad |= d.status != VADMA_DMA_DONE;

	munmap(dst + PAGE, PAGE);
	printf("2. munmap of the destination's second page\n");
	if (dma(k, a, src, dst, len, &d))
		return 1;
	printf("   the same DMA: %s at +0x%llx (%s)\n",
	       vadma_kdev_status_name(d.status),
	       (unsigned long long)(d.fault_addr - (uintptr_t)dst),
	       d.fault_flags & VADMA_FAULT_F_WRITE ? "write" : "read");
	bad |= d.status != VADMA_DMA_FAULT ||
	       d.fault_addr != (uintptr_t)(dst + PAGE);

	mprotect(dst, PAGE, PROT_READ);
	printf("3. mprotect of the first page read-only\n");
	if (dma(k, a, src, dst, PAGE, &d))
		return 1;
	printf("   a DMA into it: %s at +0x%llx (%s)\n",
	       vadma_kdev_status_name(d.status),
	       (unsigned long long)(d.fault_addr - (uintptr_t)dst),
	       d.fault_flags & VADMA_FAULT_F_WRITE ? "write" : "read");
	bad |= d.status != VADMA_DMA_FAULT || d.fault_addr != (uintptr_t)dst;
	print_faults(k, "   ");
	printf("coherence: %s\n",
	       bad ? "BROKEN" : "no DMA went through a stale translation");
	munmap(src, len);
	munmap(dst, len);
	return bad;
}

static int kernel_e1(struct vadma_kdev *k, struct kargs *a)
{
	const u64 iova_src = 0x100000, iova_dst = 0x200000,
		  iova_none = 0x300000;
	u64 len = a->size, mlen = (a->size + PAGE - 1) & ~(PAGE - 1);
	unsigned char *src, *dst;
	struct vadma_dma d;
	int ret, bad;

	src = mmap(NULL, mlen, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dst = mmap(NULL, mlen, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (src == MAP_FAILED || dst == MAP_FAILED) {
		fprintf(stderr, "vadma run %s: mmap: %s\n", a->exp,
			strerror(errno));
		return 1;
	}
	fill(src, mlen, 3);
	memset(dst, 0, mlen);
	ret = vadma_kdev_map(k, src, mlen, iova_src, VADMA_MAP_READ);
	if (!ret)
		ret = vadma_kdev_map(k, dst, mlen, iova_dst, VADMA_MAP_WRITE);
	if (ret) {
		fprintf(stderr, "vadma run %s: MAP: %s\n", a->exp,
			strerror(-ret));
		return 1;
	}
	printf("map: source at IOVA 0x%llx (read), destination at IOVA 0x%llx (write), %llu bytes each, pinned\n",
	       (unsigned long long)iova_src, (unsigned long long)iova_dst,
	       (unsigned long long)mlen);
	drain_faults(k); /* a log of this run only */
	ret = vadma_kdev_dma(k, a->engine, iova_src, iova_dst, len, 0, &d);
	if (ret) {
		fprintf(stderr, "vadma run %s: DMA: %s\n", a->exp,
			strerror(-ret));
		return 1;
	}
	printf("%s: %s, %llu bytes IOVA to IOVA\n", engine_name(a->engine),
	       vadma_kdev_status_name(d.status), (unsigned long long)d.bytes);
	bad = d.status != VADMA_DMA_DONE || memcmp(src, dst, len) != 0;
	printf("verify: %s\n", bad ? "MISMATCH" : "every byte arrived");

	/* Past the module's check, so that the IOMMU must catch it. */
	ret = vadma_kdev_dma(k, a->engine, iova_src, iova_none, 16,
			     VADMA_DMA_NOCHECK, &d);
	if (ret) {
		fprintf(stderr, "vadma run %s: DMA: %s\n", a->exp,
			strerror(-ret));
		return 1;
	}
	printf("a DMA to IOVA 0x%llx, never mapped: %s at 0x%llx\n",
	       (unsigned long long)iova_none, vadma_kdev_status_name(d.status),
	       (unsigned long long)d.fault_addr);
	bad |= d.status != VADMA_DMA_FAULT;
	print_faults(k, "  ");
	vadma_kdev_unmap(k, iova_src, mlen);
	vadma_kdev_unmap(k, iova_dst, mlen);
	munmap(src, mlen);
	munmap(dst, mlen);
	return bad;
}

int cli_run_kernel(int argc, char **argv)
{
	struct kargs a = { .exp = argv[1], .size = 0 };
	struct vadma_kdev k;
	char feat[128];
	bool mapped;
	int opt, ret;
	u64 v;

	optind = 2;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", kernel_opts, NULL)) != -1) {
		switch (opt) {
		case OPT_ENGINE:
			if (!strcmp(optarg, "zdma"))
				a.engine = VADMA_ENGINE_ZDMA;
			else if (!strcmp(optarg, "cdma"))
				a.engine = VADMA_ENGINE_CDMA;
			else if (!strcmp(optarg, "edu"))
				a.engine = VADMA_ENGINE_EDU;
			else
				return cli_usage_error(
					"run",
					"--engine: zdma, cdma or edu, not '%s'",
					optarg);
			break;
		case OPT_SIZE:
			if (cli_parse_u64(optarg, &v) || !v || v > (1ULL << 30))
				return cli_usage_error(
					"run",
					"--size: 1 to 2^30 bytes, not '%s'",
					optarg);
			a.size = v;
			break;
		case OPT_DEVICE:
			a.device = optarg;
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage_error(
				"run",
				"bad option '%s' (see --backend kernel --help)",
				argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("run", "unexpected argument '%s'",
				       argv[optind]);
	mapped = !strcmp(a.exp, "e1") || !strcmp(a.exp, "e2");
	if (!mapped && strcmp(a.exp, "e3") && strcmp(a.exp, "e3-coherence"))
		return cli_usage_error(
			"run",
			"--backend kernel runs e1, e2, e3 or e3-coherence, not '%s'",
			a.exp);

	ret = vadma_kdev_open(&k, a.device);
	if (ret) {
		fprintf(stderr, "vadma run %s: %s: %s%s\n", a.exp,
			a.device ? a.device : VADMA_DEVICE,
			ret == -EPROTO ? "another ABI version than this tool's"
				       : strerror(-ret),
			ret == -ENOENT ? " (is vadma.ko loaded?)" : "");
		return CLI_EXIT_USAGE;
	}
	printf("vadma run %s --backend kernel: %s, backend %s, ABI %u, features %s\n",
	       a.exp, a.device ? a.device : VADMA_DEVICE, k.info.backend_name,
	       k.info.abi_version,
	       vadma_kdev_features(k.info.features, feat, sizeof(feat)));
	if (mapped) {
		/* MAP: an IOVA space (iova_limit), whatever the backend. */
		if (!k.info.iova_limit) {
			fprintf(stderr,
				"vadma run %s: backend %s has no MAP: load vadma.ko with backend=iommu, model or mmu500\n",
				a.exp, k.info.backend_name);
			ret = CLI_EXIT_USAGE;
			goto out;
		}
		if (!strcmp(a.exp, "e2") &&
		    !(k.info.features & VADMA_FEAT_CDMA)) {
			fprintf(stderr,
				"vadma run e2: backend %s has no AXI CDMA\n",
				k.info.backend_name);
			ret = CLI_EXIT_USAGE;
			goto out;
		}
		/* E1: a ZDMA channel (or edu); E2: the CDMA in the PL. */
		if (!a.engine)
			a.engine = !strcmp(a.exp, "e2") ? VADMA_ENGINE_CDMA
				   : k.info.features & VADMA_FEAT_ZDMA
					   ? VADMA_ENGINE_ZDMA
					   : VADMA_ENGINE_EDU;
		if (!a.size)
			a.size = 4095; /* QEMU 7.2's edu takes at most 4095 */
	} else {
		if (!(k.info.features & VADMA_FEAT_SVA)) {
			fprintf(stderr,
				"vadma run %s: backend %s cannot share an address space: load vadma.ko with backend=model\n",
				a.exp, k.info.backend_name);
			ret = CLI_EXIT_USAGE;
			goto out;
		}
		if (!a.engine)
			a.engine = VADMA_ENGINE_ZDMA;
		if (!a.size)
			a.size = 65536;
	}
	if (a.size > k.info.dma_max) {
		ret = cli_usage_error("run",
				      "--size: at most %llu bytes (dma_max)",
				      (unsigned long long)k.info.dma_max);
		goto out;
	}
	if (mapped)
		ret = kernel_e1(&k, &a);
	else if (!strcmp(a.exp, "e3"))
		ret = kernel_e3(&k, &a);
	else
		ret = kernel_e3_coherence(&k, &a);
out:
	vadma_kdev_close(&k);
	return ret;
}
