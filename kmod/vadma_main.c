// SPDX-License-Identifier: GPL-2.0-only
/*
 * vadma.ko: /dev/vadma over one backend, chosen at load time with
 * backend=model|iommu|mmu500.
 *   model   the ZynqMP DMA path (MMU-500, ZDMA, AXI CDMA) modelled by the
 *           same core sources user space runs, on this machine's RAM
 *           (model.c); BIND shares the caller's address space (sva.c).
 *   iommu   the Linux IOMMU API with QEMU's edu PCI device (iommu.c).
 *   mmu500  a ZynqMP's own MMU-500 and DMA engines, from the device tree
 *           (mmu500.c), driven by sva.c as the model is.
 * The ioctls wait for each other killably: one file's long DMA never
 * holds another's caller beyond a kill.
 * This file owns the character device: it checks every argument (what a
 * struct says on its own in args.c, which user space's tests and fuzzer
 * build too; the rest against the state here), pins the callers' pages,
 * keeps each file's mappings (all released on close) and the fault log;
 * the backend maps, unmaps and moves bytes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "uapi/vadma.h"
#include "args.h"
#include "kmod.h"

static char *backend = "model";
module_param(backend, charp, 0444);
MODULE_PARM_DESC(backend,
		 "what /dev/vadma drives: model (default), iommu or mmu500");

static char *bench;
module_param(bench, charp, 0444);
MODULE_PARM_DESC(
	bench,
	"quick or full: at load, time vadma's pgtable against Linux's io-pgtable-arm (kernel log, JSON)");

static struct vadma_dev vadma_dev;

/* The layouts user space compiled against: no padding, same on 32-bit. */
static_assert(sizeof(struct vadma_info) == 96);
static_assert(sizeof(struct vadma_map) == 32);
static_assert(sizeof(struct vadma_unmap) == 24);
static_assert(sizeof(struct vadma_dma) == 72);
static_assert(sizeof(struct vadma_bind) == 32);
static_assert(sizeof(struct vadma_fault) == 32);
static_assert(sizeof(struct vadma_faults) == 40);

/* What args.c checks the ioctls' structs against: fixed at load. */
static void vadma_args_env(struct vadma_dev *vd, struct vadma_args_env *env)
{
	env->page_shift = PAGE_SHIFT;
	env->iova_limit = vd->info.iova_limit;
	env->dma_max = vd->info.dma_max;
	env->engines = vd->engines;
}

/* --- The fault log ----------------------------------------------------- */

/**
 * vadma_fault_record() - add a fault to the log of the file whose DMA runs
 * @vd:     the device
 * @iova:   the address that faulted
 * @stream: the engine's stream ID
 * @type:   enum vadma_fault_type
 * @flags:  VADMA_FAULT_F_*
 *
 * Callable from the IOMMU's fault path (any context but NMI).  The fault
 * goes to the log of the file whose DMA runs (vadma_fault_owner()): one
 * file never reads, nor takes, another's faults.  A fault while no DMA
 * runs (an IOMMU's report that came late, a global fault of another
 * master) is counted in @vd->fault_orphans and logged by its reporter.
 * A fault like the newest record (stream, type, flags, page), with no DMA
 * step started in between, is counted in that record: QEMU's SMMUv3
 * reports a faulting 4 KiB burst as 1024 faults of 4 bytes.  When the log
 * is full the oldest record is dropped and counted in its lost.
 * Return: the seq of the record that holds the fault, or 0 (no file).
 */
u64 vadma_fault_record(struct vadma_dev *vd, u64 iova, u32 stream, u16 type,
		       u16 flags)
{
	struct vadma_fault *r = NULL;
	struct vadma_fault_log *log;
	unsigned long irqflags;
	u64 seq;

	spin_lock_irqsave(&vd->fault_lock, irqflags);
	if (!vd->fault_file) {
		vd->fault_orphans++;
		spin_unlock_irqrestore(&vd->fault_lock, irqflags);
		return 0;
	}
	log = &vd->fault_file->faults;
	if (log->merge && log->count) {
		r = &log->recs[(log->first + log->count - 1) % VADMA_FAULT_LOG];
		if (r->stream != stream || r->type != type ||
		    r->flags != flags ||
		    (r->iova >> PAGE_SHIFT) != (iova >> PAGE_SHIFT) ||
		    r->count == U32_MAX)
			r = NULL;
	}
	if (r) {
		r->count++;
	} else {
		if (log->count == VADMA_FAULT_LOG) {
			log->first = (log->first + 1) % VADMA_FAULT_LOG;
			log->count--;
			log->lost++;
		}
		r = &log->recs[(log->first + log->count) % VADMA_FAULT_LOG];
		log->count++;
		memset(r, 0, sizeof(*r));
		r->seq = ++vd->fault_seq;
		r->iova = iova;
		r->stream = stream;
		r->type = type;
		r->flags = flags;
		r->count = 1;
		log->merge = true;
	}
	seq = r->seq;
	if (vd->fault_armed) {
		vd->fault_armed = false;
		vd->fault_hit = true;
		vd->fault_first_rec = *r;
	}
	spin_unlock_irqrestore(&vd->fault_lock, irqflags);
	wake_up_all(&vd->fault_wq);
	return seq;
}

/*
 * @f's DMA runs from now (its faults go to its log), or, with NULL, no
 * DMA runs.  Under vd->lock.
 */
static void vadma_fault_owner(struct vadma_dev *vd, struct vadma_file *f)
{
	unsigned long irqflags;

	spin_lock_irqsave(&vd->fault_lock, irqflags);
	vd->fault_file = f;
	if (f)
		f->faults.merge = false;
	spin_unlock_irqrestore(&vd->fault_lock, irqflags);
}

/**
 * vadma_fault_arm() - a DMA step starts: catch its first fault
 * @vd: the device
 *
 * Its faults start a new record, not merged with earlier ones.
 */
void vadma_fault_arm(struct vadma_dev *vd)
{
	unsigned long irqflags;

	spin_lock_irqsave(&vd->fault_lock, irqflags);
	vd->fault_armed = true;
	vd->fault_hit = false;
	if (vd->fault_file)
		vd->fault_file->faults.merge = false;
	spin_unlock_irqrestore(&vd->fault_lock, irqflags);
}

static bool vadma_fault_hit(struct vadma_dev *vd)
{
	unsigned long irqflags;
	bool hit;

	spin_lock_irqsave(&vd->fault_lock, irqflags);
	hit = vd->fault_hit;
	spin_unlock_irqrestore(&vd->fault_lock, irqflags);
	return hit;
}

/**
 * vadma_fault_wait() - did the step since vadma_fault_arm() fault?
 * @vd:      the device
 * @wait_ms: how long to wait for a fault: the IOMMU reports one from its
 *           own thread, after the access
 * @out:     the step's first fault
 *
 * Return: true when it faulted, and @out is filled.  Disarms.
 */
bool vadma_fault_wait(struct vadma_dev *vd, unsigned int wait_ms,
		      struct vadma_fault *out)
{
	unsigned long irqflags;
	bool hit;

	wait_event_timeout(vd->fault_wq, vadma_fault_hit(vd),
			   msecs_to_jiffies(wait_ms));
	spin_lock_irqsave(&vd->fault_lock, irqflags);
	hit = vd->fault_hit;
	if (hit)
		*out = vd->fault_first_rec;
	vd->fault_hit = false;
	vd->fault_armed = false;
	spin_unlock_irqrestore(&vd->fault_lock, irqflags);
	return hit;
}

static long vadma_ioc_faults(struct vadma_file *f, void __user *uarg)
{
	struct vadma_fault recs[VADMA_FAULT_LOG];
	struct vadma_fault_log *log = &f->faults;
	struct vadma_dev *vd = f->vd;
	struct vadma_faults a;
	unsigned long irqflags;
	unsigned int i, n;
	int ret;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	ret = vadma_args_faults(&a);
	if (ret < 0)
		return ret;

	spin_lock_irqsave(&vd->fault_lock, irqflags);
	n = min_t(u32, ret, log->count);
	for (i = 0; i < n; i++)
		recs[i] = log->recs[(log->first + i) % VADMA_FAULT_LOG];
	a.lost = log->lost;
	spin_unlock_irqrestore(&vd->fault_lock, irqflags);

	if (n &&
	    copy_to_user(u64_to_user_ptr(a.records), recs, n * sizeof(recs[0])))
		return -EFAULT;
	a.count = n;
	if (copy_to_user(uarg, &a, sizeof(a)))
		return -EFAULT;

	/*
	 * Only now take them out: a caller whose buffer faulted loses nothing.
	 * Records added meanwhile have a higher seq and stay.
	 */
	spin_lock_irqsave(&vd->fault_lock, irqflags);
	while (n && log->count &&
	       log->recs[log->first].seq <= recs[n - 1].seq) {
		log->first = (log->first + 1) % VADMA_FAULT_LOG;
		log->count--;
	}
	log->lost -= min(log->lost, a.lost);
	spin_unlock_irqrestore(&vd->fault_lock, irqflags);
	return 0;
}

/* --- Mappings ---------------------------------------------------------- */

/* The mapping (of any file) that holds @iova, or NULL.  Under vd->lock. */
static struct vadma_mapping *vadma_find(struct vadma_dev *vd, u64 iova)
{
	struct vadma_mapping *m;

	list_for_each_entry(m, &vd->mappings,
			    dev_node) if (iova >= m->iova &&
					  iova - m->iova < m->length) return m;
	return NULL;
}

/* The lowest IOVA above @iova where a mapping starts, or U64_MAX. */
static u64 vadma_next_start(struct vadma_dev *vd, u64 iova)
{
	struct vadma_mapping *m;
	u64 next = U64_MAX;

	list_for_each_entry(m, &vd->mappings,
			    dev_node) if (m->iova > iova && m->iova < next)
		next = m->iova;
	return next;
}

static bool vadma_overlaps(struct vadma_dev *vd, u64 iova, u64 length)
{
	struct vadma_mapping *m;

	/* Both ranges are checked not to wrap. */
	list_for_each_entry(m, &vd->mappings,
			    dev_node) if (iova < m->iova + m->length &&
					  m->iova < iova + length) return true;
	return false;
}

/* Unmap, unpin and free @m.  Under vd->lock. */
static void vadma_mapping_release(struct vadma_dev *vd, struct vadma_mapping *m)
{
	/* The engine must lose the pages before they go back to the process. */
	vd->ops->unmap(vd, m);
	unpin_user_pages_dirty_lock(m->pages, m->npages,
				    m->flags & VADMA_MAP_WRITE);
	list_del(&m->dev_node);
	list_del(&m->file_node);
	m->owner->pinned -= m->length;
	kvfree(m->pages);
	kfree(m);
}

static long vadma_ioc_map(struct vadma_file *f, void __user *uarg)
{
	struct vadma_dev *vd = f->vd;
	unsigned int gup = FOLL_LONGTERM;
	struct vadma_args_env env;
	struct vadma_mapping *m;
	struct vadma_map a;
	long pinned;
	int ret;

	if (!vd->ops->map)
		return -EOPNOTSUPP;
	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	vadma_args_env(vd, &env);
	ret = vadma_args_map(&a, &env);
	if (ret)
		return ret;
	if (!access_ok(u64_to_user_ptr(a.va), a.length))
		return -EFAULT;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->owner = f;
	m->iova = a.iova;
	m->length = a.length;
	m->va = a.va;
	m->flags = a.flags;
	m->npages = a.length >> PAGE_SHIFT;
	m->pages = kvmalloc_array(m->npages, sizeof(*m->pages),
				  GFP_KERNEL_ACCOUNT);
	if (!m->pages) {
		ret = -ENOMEM;
		goto out_free;
	}

	/* Killable: the holder may be a long DMA of another file. */
	if (mutex_lock_killable(&vd->lock)) {
		ret = -EINTR;
		goto out_pages;
	}
	if (f->pinned + a.length > VADMA_MAP_MAX) {
		ret = -ENOSPC;
		goto out_unlock;
	}
	if (vadma_overlaps(vd, a.iova, a.length)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	/* Write access breaks copy-on-write now, so the engine and the
	 * process see the same pages for as long as the pin lasts. */
	if (a.flags & VADMA_MAP_WRITE)
		gup |= FOLL_WRITE;
	pinned = pin_user_pages_fast(a.va, m->npages, gup, m->pages);
	if (pinned < 0) {
		ret = pinned;
		goto out_unlock;
	}
	if (pinned != m->npages) {
		/* A hole, or a page without the rights: no partial maps. */
		unpin_user_pages(m->pages, pinned);
		ret = -EFAULT;
		goto out_unlock;
	}
	ret = vd->ops->map(vd, m);
	if (ret) {
		unpin_user_pages(m->pages, pinned);
		goto out_unlock;
	}
	list_add_tail(&m->dev_node, &vd->mappings);
	list_add_tail(&m->file_node, &f->mappings);
	f->pinned += m->length;
	mutex_unlock(&vd->lock);
	return 0;

out_unlock:
	mutex_unlock(&vd->lock);
out_pages:
	kvfree(m->pages);
out_free:
	kfree(m);
	return ret;
}

static long vadma_ioc_unmap(struct vadma_file *f, void __user *uarg)
{
	struct vadma_dev *vd = f->vd;
	struct vadma_mapping *m;
	struct vadma_unmap a;
	int ret;

	if (!vd->ops->unmap)
		return -EOPNOTSUPP;
	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	ret = vadma_args_unmap(&a);
	if (ret)
		return ret;

	ret = -ENOENT;
	if (mutex_lock_killable(&vd->lock))
		return -EINTR;
	list_for_each_entry(m, &f->mappings, file_node)
	{
		if (m->iova != a.iova)
			continue;
		if (m->length != a.length) {
			ret = -EINVAL;
			break;
		}
		vadma_mapping_release(vd, m);
		ret = 0;
		break;
	}
	mutex_unlock(&vd->lock);
	return ret;
}

/* --- DMA --------------------------------------------------------------- */

/*
 * Check that [@start, @start + @len) lies in mappings of @f that allow
 * @need (VADMA_MAP_READ or _WRITE).  Return 0 when it does; 1 when not,
 * with @d filled as a fault and the fault logged; -EACCES when a part lies
 * in another file's mapping.  With @nocheck, gaps and rights are let
 * through (the IOMMU is to catch them), other files' mappings are not.
 * Under vd->lock.
 */
static int vadma_check_range(struct vadma_file *f, u64 start, u64 len, u32 need,
			     bool nocheck, struct vadma_dma *d)
{
	struct vadma_dev *vd = f->vd;
	u64 addr = start, end = start + len;
	struct vadma_mapping *m;
	u16 type;

	while (addr < end) {
		m = vadma_find(vd, addr);
		if (!m && nocheck) {
			addr = vadma_next_start(vd, addr);
			continue;
		}
		if (m && m->owner != f)
			return -EACCES;
		if (m && (nocheck || (m->flags & need))) {
			addr = m->iova + m->length;
			continue;
		}
		type = m ? VADMA_FAULT_PERMISSION : VADMA_FAULT_TRANSLATION;
		d->status = VADMA_DMA_FAULT;
		d->fault_addr = addr;
		d->fault_flags = VADMA_FAULT_F_CHECK |
				 (need == VADMA_MAP_READ ? VADMA_FAULT_F_READ
							 : VADMA_FAULT_F_WRITE);
		vadma_fault_record(vd, addr, vd->stream, type, d->fault_flags);
		return 1;
	}
	return 0;
}

static long vadma_ioc_dma(struct vadma_file *f, void __user *uarg)
{
	struct vadma_dev *vd = f->vd;
	struct vadma_args_env env;
	struct vadma_dma d;
	bool nocheck;
	int ret;

	if (!vd->ops->dma && !vd->ops->dma_va)
		return -EOPNOTSUPP;
	if (copy_from_user(&d, uarg, sizeof(d)))
		return -EFAULT;
	vadma_args_env(vd, &env);
	ret = vadma_args_dma(&d, &env);
	if (ret)
		return ret;
	nocheck = d.flags & VADMA_DMA_NOCHECK;

	if (mutex_lock_killable(&vd->lock))
		return -EINTR;
	vadma_fault_owner(vd, f);
	if (f->bond) {
		/* Virtual addresses: the SMMU checks them, page by page. */
		ret = vd->ops->dma_va(f, &d);
	} else if (!vd->ops->dma) {
		ret = -ENOTCONN; /* DMA on virtual addresses: bind first */
	} else {
		ret = vadma_check_range(f, d.src, d.len, VADMA_MAP_READ,
					nocheck, &d);
		if (!ret)
			ret = vadma_check_range(f, d.dst, d.len,
						VADMA_MAP_WRITE, nocheck, &d);
		if (!ret)
			ret = vd->ops->dma(vd, &d);
	}
	vadma_fault_owner(vd, NULL);
	mutex_unlock(&vd->lock);
	if (ret < 0)
		return ret;
	if (copy_to_user(uarg, &d, sizeof(d)))
		return -EFAULT;
	return 0;
}

/* --- Bind -------------------------------------------------------------- */

static long vadma_no_bind(struct vadma_dev *vd)
{
	if (mutex_lock_killable(&vd->lock))
		return -EINTR;
	if (!vd->bind_said)
		pr_info("%s\n", vd->no_bind);
	vd->bind_said = true;
	mutex_unlock(&vd->lock);
	return -EOPNOTSUPP;
}

static long vadma_ioc_bind(struct vadma_file *f, void __user *uarg)
{
	struct vadma_dev *vd = f->vd;
	struct vadma_bind a;
	int ret;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	ret = vadma_args_bind(&a);
	if (ret)
		return ret;
	if (!vd->ops->bind)
		return vadma_no_bind(vd);

	if (mutex_lock_killable(&vd->lock))
		return -EINTR;
	ret = vd->ops->bind(f, &a);
	mutex_unlock(&vd->lock);
	if (ret)
		return ret;
	if (copy_to_user(uarg, &a, sizeof(a))) {
		/* The caller cannot learn of it: as if it had not happened. */
		mutex_lock(&vd->lock);
		vd->ops->unbind(f, true);
		mutex_unlock(&vd->lock);
		return -EFAULT;
	}
	return 0;
}

static long vadma_ioc_unbind(struct vadma_file *f)
{
	struct vadma_dev *vd = f->vd;
	int ret = 0;

	if (!vd->ops->unbind)
		return vadma_no_bind(vd);
	if (mutex_lock_killable(&vd->lock))
		return -EINTR;
	ret = f->bond ? vd->ops->unbind(f, false) : -ENOENT;
	mutex_unlock(&vd->lock);
	return ret;
}

/* --- The character device ---------------------------------------------- */

static long vadma_ioc_info(struct vadma_dev *vd, void __user *uarg)
{
	struct vadma_info in;
	int ret;

	if (copy_from_user(&in, uarg, sizeof(in)))
		return -EFAULT;
	ret = vadma_args_info(&in);
	if (ret)
		return ret;
	if (copy_to_user(uarg, &vd->info, sizeof(vd->info)))
		return -EFAULT;
	return 0;
}

static int vadma_open(struct inode *inode, struct file *file)
{
	/* misc_open() left the miscdevice here. */
	struct vadma_dev *vd =
		container_of(file->private_data, struct vadma_dev, misc);
	struct vadma_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->vd = vd;
	INIT_LIST_HEAD(&f->mappings);
	file->private_data = f;
	return 0;
}

/* Everything the file mapped is unmapped and unpinned.  Under vd->lock. */
static void vadma_file_free(struct vadma_file *f)
{
	struct vadma_dev *vd = f->vd;
	struct vadma_mapping *m, *tmp;

	list_for_each_entry_safe(m, tmp, &f->mappings, file_node)
		vadma_mapping_release(vd, m);
	if (f->bond)
		vd->ops->unbind(f, true);
	WARN_ON(f->pinned);
}

static void vadma_release_work(struct work_struct *work)
{
	struct vadma_file *f = container_of(work, struct vadma_file, release);
	struct vadma_dev *vd = f->vd;

	mutex_lock(&vd->lock);
	vadma_file_free(f);
	mutex_unlock(&vd->lock);
	kfree(f);
}

/*
 * The last close, often a process's exit.  It must not wait for another
 * file's DMA (up to dma_timeout_ms, uninterruptibly: release cannot fail):
 * when the lock is taken, the work goes to vd->release_wq, and the exit
 * goes on.  Nothing else can use the file meanwhile; its pages stay
 * pinned until the work has run, and the module's unload waits for it.
 */
static int vadma_release(struct inode *inode, struct file *file)
{
	struct vadma_file *f = file->private_data;
	struct vadma_dev *vd = f->vd;

	if (!mutex_trylock(&vd->lock)) {
		INIT_WORK(&f->release, vadma_release_work);
		queue_work(vd->release_wq, &f->release);
		return 0;
	}
	vadma_file_free(f);
	mutex_unlock(&vd->lock);
	kfree(f);
	return 0;
}

static long vadma_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vadma_file *f = file->private_data;
	struct vadma_dev *vd = f->vd;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VADMA_IOC_INFO:
		return vadma_ioc_info(vd, uarg);
	case VADMA_IOC_MAP:
		return vadma_ioc_map(f, uarg);
	case VADMA_IOC_UNMAP:
		return vadma_ioc_unmap(f, uarg);
	case VADMA_IOC_DMA:
		return vadma_ioc_dma(f, uarg);
	case VADMA_IOC_BIND:
		return vadma_ioc_bind(f, uarg);
	case VADMA_IOC_UNBIND:
		return vadma_ioc_unbind(f);
	case VADMA_IOC_FAULTS:
		return vadma_ioc_faults(f, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations vadma_fops = {
	.owner = THIS_MODULE,
	.open = vadma_open,
	.release = vadma_release,
	.unlocked_ioctl = vadma_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static const struct vadma_backend_type vadma_backends[] = {
	{ "model", vadma_model_init, vadma_model_exit },
	{ "iommu", vadma_iommu_init, vadma_iommu_exit },
	{ "mmu500", vadma_mmu500_init, vadma_mmu500_exit },
};

static const struct vadma_backend_type *vadma_backend_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vadma_backends); i++)
		if (!strcmp(vadma_backends[i].name, name))
			return &vadma_backends[i];
	return NULL;
}

static int __init vadma_init(void)
{
	const struct vadma_backend_type *be = vadma_backend_find(backend);
	struct vadma_dev *vd = &vadma_dev;
	int ret;

	if (!be) {
		pr_err("unknown backend=%s: use model, iommu or mmu500\n",
		       backend);
		return -EINVAL;
	}

	/* Before the backend: the tables it builds are the only work. */
	if (bench && *bench) {
		ret = vadma_bench_run(bench);
		if (ret)
			return ret;
	}

	memset(vd, 0, sizeof(*vd));
	vd->backend = be;
	vd->release_wq = alloc_workqueue("vadma_release", 0, 0);
	if (!vd->release_wq)
		return -ENOMEM;
	mutex_init(&vd->lock);
	INIT_LIST_HEAD(&vd->mappings);
	spin_lock_init(&vd->fault_lock);
	init_waitqueue_head(&vd->fault_wq);
	vd->info.abi_version = VADMA_ABI_VERSION;
	vd->info.pin_max = VADMA_MAP_MAX;
	strscpy(vd->info.backend_name, backend, sizeof(vd->info.backend_name));
	ret = be->init(vd);
	if (ret)
		goto out_wq;

	vd->misc.minor = MISC_DYNAMIC_MINOR;
	vd->misc.name = "vadma";
	vd->misc.fops = &vadma_fops;
	vd->misc.mode = 0600;
	ret = misc_register(&vd->misc);
	if (ret) {
		pr_err("cannot register /dev/vadma: %d\n", ret);
		goto out_backend;
	}
	pr_info("/dev/vadma ready, backend=%s, ABI %u\n", backend,
		VADMA_ABI_VERSION);
	return 0;

out_backend:
	vd->backend->exit(vd);
out_wq:
	destroy_workqueue(vd->release_wq);
	return ret;
}

static void __exit vadma_exit(void)
{
	struct vadma_dev *vd = &vadma_dev;

	/* No file is open (each holds a reference on the module); a release
	 * that was deferred is finished here: then no mapping is left. */
	misc_deregister(&vd->misc);
	destroy_workqueue(vd->release_wq);
	WARN_ON(!list_empty(&vd->mappings));
	vd->backend->exit(vd);
	if (vd->fault_orphans)
		pr_info("%llu faults were reported while no DMA ran\n",
			vd->fault_orphans);
	pr_info("unloaded\n");
}

module_init(vadma_init);
module_exit(vadma_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vadma: virtual-address DMA through the ARM SMMU");
