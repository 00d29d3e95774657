// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vadma's register-level model of the ZynqMP DMA path (model/: the MMU-500,
 * the eight GDMA (ZDMA) channels of the FPD, an AXI CDMA in the PL) as a
 * device of QEMU's ZynqMP SoC.  The model is compiled in from vadma's own
 * sources; this file is only the glue:
 *
 *   - MMIO: one region per register block, at the block's physical address;
 *     32- and 64-bit accesses go to the model's MMIO ops at that address.
 *   - Interrupts: one output per model line, wired to the GIC SPI the
 *     board description gives (GIC interrupt ID - 32).
 *   - Memory: the model's memory IS guest RAM (struct model_host_ram): a
 *     page is the host pointer of the guest's RAM page at that address.
 *   - Time: the engines run a bounded number of steps after each register
 *     write, and then from a timer on the virtual clock while one is busy.
 *   - Optionally, an IOMMU memory region per GDMA stream, through which
 *     QEMU's own xlnx.zdma channels do their DMA, translated by the model's
 *     SMMU (model_xlate()).
 *
 * The engines' clock: VADMA_STEPS steps every VADMA_TICK_NS of virtual
 * time.  A step of a copying engine moves at most one 4 KiB page (a burst
 * of at most 256 bytes when the SMMU's answer changes inside the page), so
 * the engines together move at most 16 pages per 10 us, about 6.5 GB/s:
 * the order of the part's DDR bandwidth, and a bound on the host time one
 * tick takes (16 page copies) while the vCPU waits for the lock.  A stalled
 * transaction costs a cheap retry per step until software writes RESUME;
 * nothing ever loops until progress inside an access, so the vCPU that
 * must write RESUME always runs.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "exec/address-spaces.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "hw/misc/vadma-zynqmp.h"

/* vadma's bits.h defines BIT() and BIT_ULL() as QEMU's bitops.h does. */
#undef BIT
#undef BIT_ULL
#include "vadma/model.h"

#define VADMA_TICK_NS 10000 /* 10 us of virtual time */
#define VADMA_STEPS   16    /* engine steps per tick, and per write */

#define VADMA_PAGE         4096ULL
#define VADMA_LOW_RAM_MAX  0x80000000ULL  /* DDR low: 0 .. 2 GiB */
#define VADMA_HIGH_RAM     0x800000000ULL /* DDR high: from 32 GiB */
#define VADMA_HIGH_RAM_MAX 0x800000000ULL /* the SoC's limit is lower */

/* Register blocks: the SMMU, the GDMA channels, the CDMA. */
#define VADMA_NR_BLK (2 + PLAT_MAX_ZDMA)

OBJECT_DECLARE_SIMPLE_TYPE(VadmaZynqMPState, VADMA_ZYNQMP)

#define TYPE_VADMA_IOMMU_MR "vadma-zynqmp-iommu-memory-region"

/* One register block: where it is, and which model line is its interrupt. */
struct vadma_blk {
    VadmaZynqMPState *s;
    MemoryRegion mr;
    uint64_t base;
    uint64_t size;
    uint32_t irq;
    bool level;
};

/* The DMA view of QEMU's GDMA channel: one stream into the model's SMMU. */
struct vadma_stream {
    IOMMUMemoryRegion mr;
    VadmaZynqMPState *s;
    uint32_t sid;
};

struct VadmaZynqMPState {
    SysBusDevice parent_obj;

    struct model *model;
    struct model_host_ram host_ram; /* outlives the model */
    struct vadma_blk blk[VADMA_NR_BLK];
    qemu_irq irq[VADMA_NR_BLK];
    unsigned int nr_blk;
    struct vadma_stream stream[PLAT_MAX_ZDMA];
    QEMUTimer *timer;

    /* Properties */
    uint64_t ram_size;
    bool engines; /* map the model's GDMA channels (else QEMU's own) */
};

/*
 * The host pointer of the guest RAM page at @pa, or NULL when it is not
 * writable RAM.  The model asks on every access to a page's bytes, so the
 * answer follows the machine's memory map; the walker keeps the pointers of
 * table pages, which is safe since QEMU never moves a RAM block.
 */
static u8 *vadma_ram_page(void *arg, u64 pa)
{
    hwaddr xlat, len = VADMA_PAGE;
    MemoryRegion *mr;
    u8 *p = NULL;

    RCU_READ_LOCK_GUARD();
    mr = address_space_translate(&address_space_memory, pa, &xlat, &len,
                                 true, MEMTXATTRS_UNSPECIFIED);
    if (memory_region_is_ram(mr) && !memory_region_is_rom(mr) &&
        len >= VADMA_PAGE) {
        p = (u8 *)memory_region_get_ram_ptr(mr) + xlat;
    }
    return p;
}

/* Every output follows its model line; only changes reach the GIC. */
static void vadma_update_irqs(VadmaZynqMPState *s)
{
    unsigned int i;

    for (i = 0; i < s->nr_blk; i++) {
        struct vadma_blk *b = &s->blk[i];
        bool level = model_irq_pending(s->model, b->irq);

        if (level != b->level) {
            b->level = level;
            qemu_set_irq(s->irq[i], level);
        }
    }
}

/*
 * One tick of the engines' clock: a bounded run, then the timer again
 * while an engine has work (a transfer, or a transaction that waits for
 * RESUME).
 */
static void vadma_kick(VadmaZynqMPState *s)
{
    enum model_run_result r = model_run_async(s->model, VADMA_STEPS);

    vadma_update_irqs(s);
    if (r == MODEL_RUN_BUDGET) {
        if (!timer_pending(s->timer)) {
            timer_mod(s->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                    VADMA_TICK_NS);
        }
    } else {
        timer_del(s->timer);
    }
}

static void vadma_tick(void *opaque)
{
    vadma_kick(opaque);
}

static uint64_t vadma_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    struct vadma_blk *b = opaque;
    struct model *m = b->s->model;
    uint64_t v;

    if (size == 8) {
        v = model_mmio_ops.read64(m, b->base + addr);
    } else {
        v = model_mmio_ops.read32(m, b->base + addr);
    }
    /* A read may have side effects (a sync's status). */
    vadma_update_irqs(b->s);
    return v;
}

static void vadma_mmio_write(void *opaque, hwaddr addr, uint64_t v,
                             unsigned size)
{
    struct vadma_blk *b = opaque;
    struct model *m = b->s->model;

    if (size == 8) {
        model_mmio_ops.write64(m, b->base + addr, v);
    } else {
        model_mmio_ops.write32(m, b->base + addr, (u32)v);
    }
    /* Only software starts work: a write may have started an engine. */
    vadma_kick(b->s);
}

/*
 * 32- and 64-bit accesses, aligned (the model ignores others); narrower
 * ones are bus errors rather than read-modify-writes of registers that
 * clear on write.
 */
static const MemoryRegionOps vadma_mmio_ops = {
    .read = vadma_mmio_read,
    .write = vadma_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 8,
        .unaligned = false,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 8,
    },
};

/*
 * QEMU's GDMA channel's transaction, as the model's SMMU answers it for
 * the channel's stream.  A stalled transaction cannot wait here (QEMU's
 * channel copies inside the register write that starts it): it fails as
 * an aborted one does, and the stall stays recorded in the SMMU until
 * software resumes it.
 */
static IOMMUTLBEntry vadma_iommu_translate(IOMMUMemoryRegion *iommu,
                                           hwaddr addr, IOMMUAccessFlags flag,
                                           int iommu_idx)
{
    struct vadma_stream *st = container_of(iommu, struct vadma_stream, mr);
    IOMMUTLBEntry e = {
        .target_as = &address_space_memory,
        .iova = addr & ~(VADMA_PAGE - 1),
        .addr_mask = VADMA_PAGE - 1,
        .perm = IOMMU_NONE,
    };
    u64 pa = 0, pa_w = 0;
    int ret = 0;

    if (flag & IOMMU_WO) {
        ret = model_xlate(st->s->model, st->sid, addr, true, &pa_w);
        pa = pa_w;
    }
    if (!ret && ((flag & IOMMU_RO) || flag == IOMMU_NONE)) {
        ret = model_xlate(st->s->model, st->sid, addr, false, &pa);
        if (!ret && (flag & IOMMU_WO) && pa != pa_w) {
            ret = -EFAULT;
        }
    }
    if (!ret) {
        e.translated_addr = pa & ~(VADMA_PAGE - 1);
        e.perm = flag == IOMMU_NONE ? IOMMU_RO : flag;
    }
    /* A fault may have raised the SMMU's interrupt. */
    vadma_update_irqs(st->s);
    return e;
}

static void vadma_iommu_mr_class_init(ObjectClass *klass, void *data)
{
    IOMMUMemoryRegionClass *imrc = IOMMU_MEMORY_REGION_CLASS(klass);

    imrc->translate = vadma_iommu_translate;
}

static void vadma_destroy_model(VadmaZynqMPState *s)
{
    model_destroy(s->model);
    s->model = NULL;
}

static bool vadma_create_model(VadmaZynqMPState *s, Error **errp)
{
    struct model_cfg cfg;
    int ret;

    model_cfg_default(&cfg, &plat_zcu102);
    cfg.cpu_cache = false;
    cfg.host_ram = &s->host_ram;
    ret = model_create(&cfg, &s->model);
    if (ret) {
        error_setg(errp, "vadma: cannot build the model: %s",
                   vadma_strerror(ret));
        return false;
    }
    return true;
}

static void vadma_add_blk(VadmaZynqMPState *s, const char *name,
                          const struct plat_dma *d)
{
    struct vadma_blk *b = &s->blk[s->nr_blk];

    b->s = s;
    b->base = d->base;
    b->size = d->size;
    b->irq = d->irq;
    memory_region_init_io(&b->mr, OBJECT(s), &vadma_mmio_ops, b, name,
                          b->size);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &b->mr);
    sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq[s->nr_blk]);
    s->nr_blk++;
}

static void vadma_realize(DeviceState *dev, Error **errp)
{
    VadmaZynqMPState *s = VADMA_ZYNQMP(dev);
    const struct plat_desc *p = &plat_zcu102;
    struct plat_dma smmu = {
        .base = p->smmu_base, .size = p->smmu_size, .irq = p->smmu_irq,
    };
    uint64_t low, high;
    unsigned int i;

    if (!s->ram_size || s->ram_size % VADMA_PAGE ||
        s->ram_size > VADMA_LOW_RAM_MAX + VADMA_HIGH_RAM_MAX) {
        error_setg(errp, "vadma: ram-size 0x%" PRIx64 " is not supported",
                   s->ram_size);
        return;
    }
    /* The RAM the SoC maps: DDR low first, the rest as DDR high. */
    low = MIN(s->ram_size, VADMA_LOW_RAM_MAX);
    high = s->ram_size - low;
    s->host_ram.ram[0] = (struct plat_ram){ 0, low, "ddr-low" };
    s->host_ram.nr = 1;
    if (high) {
        s->host_ram.ram[1] =
            (struct plat_ram){ VADMA_HIGH_RAM, high, "ddr-high" };
        s->host_ram.nr = 2;
    }
    s->host_ram.page = vadma_ram_page;
    s->host_ram.arg = s;
    if (!vadma_create_model(s, errp)) {
        return;
    }

    vadma_add_blk(s, "vadma.smmu", &smmu);
    for (i = 0; i < p->nr_zdma && s->engines; i++) {
        g_autofree char *name = g_strdup_printf("vadma.gdma%u", i);

        vadma_add_blk(s, name, &p->zdma[i]);
    }
    vadma_add_blk(s, "vadma.cdma", &p->cdma);

    for (i = 0; i < p->nr_zdma; i++) {
        g_autofree char *name = g_strdup_printf("vadma.gdma%u-dma", i);

        s->stream[i].s = s;
        s->stream[i].sid = p->zdma[i].sid;
        memory_region_init_iommu(&s->stream[i].mr, sizeof(s->stream[i].mr),
                                 TYPE_VADMA_IOMMU_MR, OBJECT(s), name,
                                 UINT64_MAX);
    }
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, vadma_tick, s);
}

/* A system reset is a new model: every register at its reset value. */
static void vadma_reset(DeviceState *dev)
{
    VadmaZynqMPState *s = VADMA_ZYNQMP(dev);
    unsigned int i;

    timer_del(s->timer);
    vadma_destroy_model(s);
    if (!vadma_create_model(s, NULL)) {
        /* Out of host memory at reset: nothing sensible is left. */
        error_report("vadma: cannot rebuild the model at reset");
        exit(1);
    }
    for (i = 0; i < s->nr_blk; i++) {
        s->blk[i].level = false;
        qemu_irq_lower(s->irq[i]);
    }
}

static void vadma_unrealize(DeviceState *dev)
{
    VadmaZynqMPState *s = VADMA_ZYNQMP(dev);

    timer_free(s->timer);
    s->timer = NULL;
    vadma_destroy_model(s);
}

static Property vadma_props[] = {
    DEFINE_PROP_UINT64("ram-size", VadmaZynqMPState, ram_size, 0),
    DEFINE_PROP_BOOL("engines", VadmaZynqMPState, engines, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void vadma_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = vadma_realize;
    dc->unrealize = vadma_unrealize;
    dc->reset = vadma_reset;
    dc->desc = "vadma's model of the ZynqMP MMU-500, GDMA and AXI CDMA";
    /* Created and wired by the SoC only (-M xlnx-zcu102,vadma=on). */
    dc->user_creatable = false;
    device_class_set_props(dc, vadma_props);
}

int vadma_zynqmp_mode(const char *str, Error **errp)
{
    if (!str || !strcmp(str, "off")) {
        return VADMA_ZYNQMP_OFF;
    }
    if (!strcmp(str, "on")) {
        return VADMA_ZYNQMP_ON;
    }
    if (!strcmp(str, "iommu")) {
        return VADMA_ZYNQMP_IOMMU;
    }
    error_setg(errp, "vadma=%s: expected off, on or iommu", str);
    return -1;
}

DeviceState *vadma_zynqmp_create(Object *parent, int mode, uint64_t ram_size,
                                 qemu_irq *gic_spi, unsigned int nr_spi,
                                 Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_VADMA_ZYNQMP);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    VadmaZynqMPState *s = VADMA_ZYNQMP(dev);
    unsigned int i;

    object_property_add_child(parent, "vadma-dev", OBJECT(dev));
    qdev_prop_set_uint64(dev, "ram-size", ram_size);
    qdev_prop_set_bit(dev, "engines", mode == VADMA_ZYNQMP_ON);
    if (!sysbus_realize_and_unref(sbd, errp)) {
        return NULL;
    }
    for (i = 0; i < s->nr_blk; i++) {
        uint32_t spi = s->blk[i].irq - 32;

        /* Above every other device of the SoC's, like a real decoder. */
        sysbus_mmio_map_overlap(sbd, i, s->blk[i].base, 1);
        if (s->blk[i].irq < 32 || spi >= nr_spi) {
            error_setg(errp, "vadma: interrupt %u is not a GIC SPI",
                       s->blk[i].irq);
            return NULL;
        }
        sysbus_connect_irq(sbd, i, gic_spi[spi]);
    }
    return dev;
}

MemoryRegion *vadma_zynqmp_dma_mr(DeviceState *dev, unsigned int n)
{
    VadmaZynqMPState *s = VADMA_ZYNQMP(dev);

    assert(n < PLAT_MAX_ZDMA);
    return MEMORY_REGION(&s->stream[n].mr);
}

static const TypeInfo vadma_types[] = {
    {
        .name = TYPE_VADMA_ZYNQMP,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(VadmaZynqMPState),
        .class_init = vadma_class_init,
    },
    {
        .name = TYPE_VADMA_IOMMU_MR,
        .parent = TYPE_IOMMU_MEMORY_REGION,
        .class_init = vadma_iommu_mr_class_init,
    },
};

DEFINE_TYPES(vadma_types)
