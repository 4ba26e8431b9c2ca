/*
 * GICv3 driver for the hypervisor's own interrupts. The GIC is used in its
 * one-security-state view (as QEMU's virt board presents it): all
 * interrupts are Group 1, the hypervisor takes them at EL2, and software
 * generated interrupts (SGIs) carry IPIs. Each CPU finds its redistributor
 * by matching GICR_TYPER's affinity against its MPIDR.
 */
#include "drivers/gicv3.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/sysreg.h"
#include "common/arch.h"
#include "common/errno.h"
#include "common/log.h"

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ICPENDR    0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR      0x0c00
#define GICD_IROUTER    0x6000
#define CTLR_RWP        (1u << 31)
#define CTLR_ARE        (1u << 4)
#define CTLR_GRP1       (1u << 1)
#define CTLR_GRP0       (1u << 0)

#define GICR_FRAME    0x20000 /* RD_base + SGI_base, 64 KiB each */
#define GICR_CTLR     0x0000
#define GICR_TYPER    0x0008
#define GICR_WAKER    0x0014
#define GICR_SGI      0x10000
#define WAKER_PSLEEP  (1u << 1)
#define WAKER_CASLEEP (1u << 2)
#define TYPER_LAST    (1u << 4)

#define PRIO_DEFAULT 0xa0

static volatile uint8_t *gicd, *gicr_base;
static uint64_t gicr_size;
static uint32_t nr_irqs;
static volatile uint8_t *cpu_rdist[64];

static inline uint32_t rd32(volatile uint8_t *b, uint64_t off)
{
    return *(volatile uint32_t *)(b + off);
}

static inline void wr32(volatile uint8_t *b, uint64_t off, uint32_t v)
{
    *(volatile uint32_t *)(b + off) = v;
}

static inline uint64_t rd64(volatile uint8_t *b, uint64_t off)
{
    return *(volatile uint64_t *)(b + off);
}

static int wait_clear(volatile uint8_t *b, uint64_t off, uint32_t mask)
{
    for (unsigned int i = 0; i < 1000000; i++) {
        if (!(rd32(b, off) & mask))
            return 0;
        arch_cpu_relax();
    }
    return -EBUSY;
}

int gicv3_init(paddr_t d, uint64_t dsize, paddr_t r, uint64_t rsize)
{
    gicd = ioremap(d, dsize);
    gicr_base = ioremap(r, rsize);
    if (!gicd || !gicr_base)
        return -ENOMEM;
    gicr_size = rsize;
    nr_irqs = MIN(32 * ((rd32(gicd, GICD_TYPER) & 0x1f) + 1), 1020u);

    wr32(gicd, GICD_CTLR, 0);
    if (wait_clear(gicd, GICD_CTLR, CTLR_RWP))
        return -EBUSY;
    for (uint32_t i = 32; i < nr_irqs; i += 32) {
        wr32(gicd, GICD_ICENABLER + i / 8, ~0u);
        wr32(gicd, GICD_ICPENDR + i / 8, ~0u);
        wr32(gicd, GICD_IGROUPR + i / 8, ~0u);
    }
    for (uint32_t i = 32; i < nr_irqs; i += 4)
        wr32(gicd, GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101u);
    for (uint32_t i = 32; i < nr_irqs; i += 16)
        wr32(gicd, GICD_ICFGR + i / 4, 0); /* level-sensitive */
    wr32(gicd, GICD_CTLR, CTLR_ARE | CTLR_GRP1 | CTLR_GRP0);
    return wait_clear(gicd, GICD_CTLR, CTLR_RWP);
}

static volatile uint8_t *find_rdist(uint64_t mpidr)
{
    uint32_t aff = (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000));
    for (uint64_t off = 0; off + GICR_FRAME <= gicr_size; off += GICR_FRAME) {
        uint64_t typer = rd64(gicr_base, off + GICR_TYPER);
        if ((uint32_t)(typer >> 32) == aff)
            return gicr_base + off;
        if (typer & TYPER_LAST)
            break;
    }
    return NULL;
}

static void cpu_interface_init(void)
{
    write_sysreg(ICC_SRE_EL2, read_sysreg(ICC_SRE_EL2) | 0x9); /* SRE, Enable lower */
    isb();
    write_sysreg(ICC_PMR_EL1, 0xff);
    write_sysreg(ICC_BPR1_EL1, 0);
    /* EOImode 1: EOI only drops the priority; deactivation is separate so
     * that a guest can deactivate the interrupts passed through to it. */
    write_sysreg(ICC_CTLR_EL1, 2);
    write_sysreg(ICC_IGRPEN1_EL1, 1);
    isb();
}

int gicv3_cpu_init(uint64_t mpidr)
{
    volatile uint8_t *rd = find_rdist(mpidr);
    unsigned int cpu = arch_cpu_id();
    if (!rd || cpu >= ARRAY_SIZE(cpu_rdist))
        return -ENODEV;
    cpu_rdist[cpu] = rd;
    wr32(rd, GICR_WAKER, rd32(rd, GICR_WAKER) & ~WAKER_PSLEEP);
    if (wait_clear(rd, GICR_WAKER, WAKER_CASLEEP))
        return -EBUSY;
    volatile uint8_t *sgi = rd + GICR_SGI;
    wr32(sgi, GICD_ICENABLER, ~0u);
    wr32(sgi, GICD_ICPENDR, ~0u);
    wr32(sgi, GICD_IGROUPR, ~0u);
    for (uint32_t i = 0; i < 32; i += 4)
        wr32(sgi, GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101u);
    if (wait_clear(rd, GICR_CTLR, CTLR_RWP))
        return -EBUSY;
    cpu_interface_init();
    gicv3_enable_irq(GIC_SGI_IPI, mpidr);
    return 0;
}

uint32_t gicv3_ack(void)
{
    uint32_t id = (uint32_t)read_sysreg(ICC_IAR1_EL1) & 0xffffff;
    dsb(sy);
    return id;
}

void gicv3_eoi(uint32_t intid)
{
    write_sysreg(ICC_EOIR1_EL1, intid);
    write_sysreg(ICC_DIR_EL1, intid);
    isb();
}

void gicv3_priority_drop(uint32_t intid)
{
    write_sysreg(ICC_EOIR1_EL1, intid);
    isb();
}

void gicv3_deactivate(uint32_t intid)
{
    write_sysreg(ICC_DIR_EL1, intid);
    isb();
}

void gicv3_enable_irq(uint32_t intid, uint64_t target_mpidr)
{
    if (intid < 32) {
        volatile uint8_t *rd = cpu_rdist[arch_cpu_id()];
        if (rd)
            wr32(rd + GICR_SGI, GICD_ISENABLER, 1u << intid);
        return;
    }
    if (intid >= nr_irqs)
        return;
    uint64_t route = (target_mpidr & 0xffffff) | ((target_mpidr & 0xff00000000UL));
    *(volatile uint64_t *)(gicd + GICD_IROUTER + 8 * intid) = route;
    wr32(gicd, GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void gicv3_disable_irq(uint32_t intid)
{
    if (intid < 32) {
        volatile uint8_t *rd = cpu_rdist[arch_cpu_id()];
        if (rd)
            wr32(rd + GICR_SGI, GICD_ICENABLER, 1u << intid);
    } else if (intid < nr_irqs) {
        wr32(gicd, GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
    }
}

void gicv3_send_sgi(uint64_t mpidr, uint32_t sgi)
{
    uint64_t aff0 = mpidr & 0xf; /* the target list covers Aff0 values 0-15 */
    uint64_t v = ((mpidr & 0xff00) << 8) | ((mpidr & 0xff0000) << 16) |
                 ((mpidr & 0xff00000000UL) << 16) | ((uint64_t)sgi << 24) | (1UL << aff0) |
                 (((mpidr & 0xf0) >> 4) << 44); /* RS: Aff0 / 16 */
    dsb(ishst);
    write_sysreg(ICC_SGI1R_EL1, v);
    isb();
}

uint32_t gicv3_nr_irqs(void)
{
    return nr_irqs;
}
