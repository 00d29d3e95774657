// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The kernel of a model node: the physical page allocator, ASIDs and
 * processes, the CPU's translation registers, and the notifier chain.
 */
#include "os-internal.h"

/* Linux's MAIR_EL1 layout (arch/arm64/include/asm/memory.h), without MTE. */
#define OS_MAIR_NORMAL	      0xffULL
#define OS_MAIR_NORMAL_TAGGED 0xffULL /* 0xf0 only with MTE */
#define OS_MAIR_NORMAL_NC     0x44ULL
#define OS_MAIR_DEVICE_nGnRnE 0x00ULL
#define OS_MAIR_DEVICE_nGnRE  0x04ULL

void os_cfg_default(struct os_cfg *cfg, struct model *m)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->m = m;
	cfg->mem_base = 0x40000000ULL;
	cfg->mem_size = 0x40000000ULL;
	cfg->va_bits = 48;
	cfg->pa_bits = 40;
	cfg->asid_bits = 16;
}

u64 os_cpu_tcr(const struct os *os)
{
	u64 tsz = 64 - os->cfg.va_bits;
	int ips = pt_oas_to_ips(os->cfg.pa_bits);

	return FIELD_PREP(PT_TCR_T0SZ, tsz) | FIELD_PREP(PT_TCR_IRGN0, 1) |
	       FIELD_PREP(PT_TCR_ORGN0, 1) |
	       FIELD_PREP(PT_TCR_SH0, PT_SH_INNER) |
	       FIELD_PREP(PT_TCR_TG0, PT_TCR_TG0_4K) |
	       FIELD_PREP(PT_TCR_T1SZ, tsz) | FIELD_PREP(PT_TCR_IRGN1, 1) |
	       FIELD_PREP(PT_TCR_ORGN1, 1) |
	       FIELD_PREP(PT_TCR_SH1, PT_SH_INNER) |
	       FIELD_PREP(PT_TCR_TG1, PT_TCR_TG1_4K) | PT_TCR_A1 |
	       FIELD_PREP(PT_TCR_IPS, (u64)(ips < 0 ? 0 : ips)) |
	       (os->cfg.asid_bits == 16 ? PT_TCR_AS : 0) | PT_TCR_TBI0;
}

u64 os_cpu_mair(const struct os *os)
{
	(void)os;
	return OS_MAIR_NORMAL | OS_MAIR_NORMAL_TAGGED << 8 |
	       OS_MAIR_NORMAL_NC << 16 | OS_MAIR_DEVICE_nGnRnE << 24 |
	       OS_MAIR_DEVICE_nGnRE << 32;
}

/*
 * Frames.  Every frame handed out is zeroed through the CPU's cache and
 * cleaned, so neither a table walk nor a device sees what it held before.
 */
int os_frame_alloc(struct os *os, u64 *pa)
{
	u8 *p;
	u64 at;

	if (!os->nr_free)
		return -ENOMEM;
	if (os->cfg.fail_alloc && os->cfg.fail_alloc(os->cfg.fail_arg))
		return -ENOMEM;
	at = os->cfg.mem_base +
	     ((u64)os->free_frames[os->nr_free - 1] << OS_PAGE_SHIFT);
	p = model_cpu_ptr(os->cfg.m, at, OS_PAGE_SIZE);
	if (!p)
		return -ENOMEM; /* no host memory behind it */
	os->nr_free--;
	memset(p, 0, OS_PAGE_SIZE);
	model_cpu_clean(os->cfg.m, at, OS_PAGE_SIZE);
	*pa = at;
	return 0;
}

void os_frame_free(struct os *os, u64 pa)
{
	if (pa == os->zero_pa)
		return; /* shared, never freed */
	os->free_frames[os->nr_free++] =
		(u32)((pa - os->cfg.mem_base) >> OS_PAGE_SHIFT);
}

static void *os_pt_alloc(void *ctx, size_t size, u64 *pa)
{
	struct os_proc *p = ctx;

	if (size != OS_PAGE_SIZE || os_frame_alloc(p->os, pa))
		return NULL;
	return model_cpu_ptr(p->os->cfg.m, *pa, size);
}

static void os_pt_free(void *ctx, void *va, u64 pa, size_t size)
{
	struct os_proc *p = ctx;

	(void)va;
	(void)size;
	os_frame_free(p->os, pa);
}

static void *os_pt_p2v(void *ctx, u64 pa, size_t size)
{
	struct os_proc *p = ctx;

	return model_cpu_ptr(p->os->cfg.m, pa, size);
}

static void os_pt_clean(void *ctx, void *va, u64 pa, size_t size)
{
	struct os_proc *p = ctx;

	(void)va;
	model_cpu_clean(p->os->cfg.m, pa, size);
}

/* A valid entry changed: every secondary TLB forgets it before we go on. */
static void os_pt_tlb_inv(void *ctx, u64 va, u64 size, bool leaf)
{
	struct os_proc *p = ctx;
	struct os_notifier *n;

	p->os->st.invalidations++;
	for (n = p->notifiers; n; n = n->next)
		if (n->ops->invalidate)
			n->ops->invalidate(n, va, size, leaf);
}

const struct pt_mem_ops os_pt_ops = {
	.alloc = os_pt_alloc,
	.free = os_pt_free,
	.phys_to_virt = os_pt_p2v,
	.clean = os_pt_clean,
	.tlb_inv = os_pt_tlb_inv,
};

int os_create(const struct os_cfg *cfg, struct os **out)
{
	u64 frames, i;
	struct os *os;
	int ret;

	*out = NULL;
	if (!cfg->m || cfg->mem_base % OS_PAGE_SIZE ||
	    cfg->mem_size % OS_PAGE_SIZE || cfg->mem_size < 16 * OS_PAGE_SIZE ||
	    cfg->mem_base + cfg->mem_size < cfg->mem_base ||
	    (cfg->va_bits != 39 && cfg->va_bits != 48) ||
	    pt_oas_to_ips(cfg->pa_bits) < 0 ||
	    (cfg->asid_bits != 8 && cfg->asid_bits != 16) ||
	    (cfg->mem_base + cfg->mem_size - 1) >> cfg->pa_bits)
		return -EINVAL;
	frames = cfg->mem_size >> OS_PAGE_SHIFT;
	if (frames > 0xffffffffULL)
		return -EINVAL;

	os = vadma_zalloc(sizeof(*os));
	if (!os)
		return -ENOMEM;
	os->cfg = *cfg;
	os->nr_frames = frames;
	os->nr_asids = 1U << cfg->asid_bits;
	os->free_frames = vadma_zalloc(frames * sizeof(u32));
	os->asid_map = vadma_zalloc(os->nr_asids / 8);
	if (!os->free_frames || !os->asid_map) {
		os_destroy(os);
		return -ENOMEM;
	}
	/* Lowest frames first. */
	for (i = 0; i < frames; i++)
		os->free_frames[i] = (u32)(frames - 1 - i);
	os->nr_free = frames;
	os->asid_map[0] = 1; /* ASID 0 is the kernel's (reserved_pg_dir) */
	os->asid_next = 1;
	os->next_pid = 1;
	/* The zero page: allocation failure injection does not apply yet. */
	os->cfg.fail_alloc = NULL;
	ret = os_frame_alloc(os, &os->zero_pa);
	os->cfg.fail_alloc = cfg->fail_alloc;
	if (ret) {
		os_destroy(os);
		return ret;
	}
	*out = os;
	return 0;
}

void os_destroy(struct os *os)
{
	if (!os)
		return;
	while (os->procs) {
		struct os_proc *p = os->procs;

		os_proc_exit(p);
		os_proc_reap(p);
	}
	vadma_free(os->free_frames);
	vadma_free(os->asid_map);
	vadma_free(os);
}

void os_get_stats(const struct os *os, struct os_stats *st)
{
	*st = os->st;
	st->pages_free = os->nr_free;
	st->pages_used = os->nr_frames - os->nr_free;
}

/* Next-fit, so that a freed ASID is reused only after the others. */
static int os_asid_alloc(struct os *os, u16 *asid)
{
	u32 i;

	for (i = 0; i < os->nr_asids; i++) {
		u32 a = (os->asid_next + i) % os->nr_asids;

		if (!(os->asid_map[a / 8] & (1U << (a % 8)))) {
			os->asid_map[a / 8] |= (u8)(1U << (a % 8));
			os->asid_next = (a + 1) % os->nr_asids;
			*asid = (u16)a;
			return 0;
		}
	}
	return -EAGAIN;
}

static void os_asid_free(struct os *os, u16 asid)
{
	os->asid_map[asid / 8] &= (u8) ~(1U << (asid % 8));
}

int os_proc_create(struct os *os, struct os_proc **out)
{
	struct pt_cfg cfg = {
		.granule = OS_PAGE_SHIFT,
		.ias = os->cfg.va_bits,
		.oas = os->cfg.pa_bits,
		.range = PT_TTBR0,
		.coherent_walk = true, /* as the CPU walks */
		.mair = os_cpu_mair(os),
	};
	struct os_proc *p;
	int ret;

	*out = NULL;
	p = vadma_zalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->os = os;
	p->nr_buckets = 64;
	p->buckets = vadma_zalloc(p->nr_buckets * sizeof(*p->buckets));
	if (!p->buckets) {
		vadma_free(p);
		return -ENOMEM;
	}
	ret = os_asid_alloc(os, &p->asid);
	if (ret) {
		vadma_free(p->buckets);
		vadma_free(p);
		return ret;
	}
	ret = pt_init(&p->pt, &cfg, &os_pt_ops, p);
	if (ret) {
		os_asid_free(os, p->asid);
		vadma_free(p->buckets);
		vadma_free(p);
		return ret;
	}
	p->pt_live = true;
	p->alive = true;
	p->pid = os->next_pid++;
	p->next = os->procs;
	os->procs = p;
	*out = p;
	return 0;
}

void os_proc_exit(struct os_proc *p)
{
	struct os_notifier *n;

	if (!p->alive)
		return;
	p->alive = false;
	/* Secondary walkers let go of the tables before they go. */
	for (n = p->notifiers; n; n = n->next)
		if (n->ops->release)
			n->ops->release(n);
	os_mm_teardown(p);
	os_asid_free(p->os, p->asid);
}

void os_proc_reap(struct os_proc *p)
{
	struct os_proc **pp;
	struct os_notifier *n;

	os_proc_exit(p);
	for (pp = &p->os->procs; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	/* Notifiers still registered lose their process. */
	for (n = p->notifiers; n; n = n->next)
		n->proc = NULL;
	vadma_free(p->buckets);
	vadma_free(p->vmas);
	vadma_free(p);
}

int os_proc_pid(const struct os_proc *p)
{
	return p->pid;
}

u16 os_proc_asid(const struct os_proc *p)
{
	return p->asid;
}

bool os_proc_alive(const struct os_proc *p)
{
	return p->alive;
}

u64 os_proc_ttbr0(const struct os_proc *p)
{
	return pt_ttbr(&p->pt, 0);
}

const struct pt *os_proc_pt(const struct os_proc *p)
{
	return &p->pt;
}

int os_notifier_register(struct os_proc *p, struct os_notifier *n)
{
	if (!p->alive)
		return -ESRCH;
	n->proc = p;
	n->next = p->notifiers;
	p->notifiers = n;
	return 0;
}

void os_notifier_unregister(struct os_notifier *n)
{
	struct os_notifier **pp;

	if (!n->proc)
		return;
	for (pp = &n->proc->notifiers; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	}
	n->proc = NULL;
	n->next = NULL;
}
