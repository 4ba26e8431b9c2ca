/*
 * Virtual GICv3 register emulation: the distributor (GICD, 64 KiB) and one
 * redistributor per vCPU (GICR: RD_base frame + SGI_base frame). Affinity
 * routing is always on (ARE reads as 1) in the single-security-state view
 * (DS=1), so SGIs and PPIs live in the redistributors only and the GICD
 * copies of their registers are RAZ/WI. No LPIs, no ITS.
 *
 * Unknown offsets read as zero and ignore writes; an access of a width a
 * register does not support, or not naturally aligned, is refused (the
 * guest takes an abort) and changes nothing.
 */
#include "arch/arm64/vgic.h"
#include "common/domain.h"
#include "common/mmio.h"
#include "drivers/gicv3.h"

#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IIDR        0x0008
#define GICD_TYPER2      0x000c
#define GICD_STATUSR     0x0010
#define GICD_IGROUPR     0x0080 /* first of the seven bit registers */
#define GICD_IPRIORITYR  0x0400
#define GICD_ITARGETSR   0x0800
#define GICD_ICFGR       0x0c00
#define GICD_IGRPMODR    0x0d00
#define GICD_CPENDSGIR   0x0f10
#define GICD_SGI_END     0x0f30
#define GICD_IROUTER     0x6000
#define GICD_IROUTER_END 0x8000
#define GIC_IDREGS       0xffd0
#define GIC_PIDR2        0xffe8

#define GICR_CTLR      0x0000
#define GICR_IIDR      0x0004
#define GICR_TYPER     0x0008
#define GICR_STATUSR   0x0010
#define GICR_WAKER     0x0014
#define GICR_SGI_BASE  0x10000
#define GICR_IPRIO_END 0x0420
#define GICR_ICFGR0    0x0c00
#define GICR_ICFGR1    0x0c04
#define GICR_IGRPMODR0 0x0d00
#define GICR_NSACR     0x0e00

#define PIDR2_ARCH_GICV3 0x30
#define VGIC_IIDR        0x4400043bu /* ProductID 'D', implementer Arm (0x43b) */
#define TYPER_IDBITS_10  (9u << 19)  /* IDbits: 10 bits of INTID */
#define TYPER_A3V        (1u << 24)
#define RTYPER_LAST      (1u << 4)
#define WAKER_PSLEEP     (1u << 1)
#define WAKER_CASLEEP    (1u << 2)
#define IROUTER_MASK     0xff80ffffffULL /* Aff3, IRM, Aff2, Aff1, Aff0 */

#define SZ_B   1u
#define SZ_W   4u
#define SZ_D   8u
#define SZ_W_D (SZ_W | SZ_D)

/* The seven one-bit-per-interrupt registers, 0x80 bytes apart. */
enum bitreg { IGROUPR, ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER, ICACTIVER };

/* Reads as zero, ignores writes, for the widths in 'sizes'. */
static bool razwi(struct mmio_access *a, unsigned int sizes)
{
    if (!(a->size & sizes))
        return false;
    if (!a->write)
        a->val = 0;
    return true;
}

/* A read-only register (32-bit, or a 64-bit one also readable by halves at
 * byte offset 'half' 0 or 4). Writes are ignored. */
static bool ro(struct mmio_access *a, unsigned int sizes, uint64_t val, unsigned int half)
{
    if (!(a->size & sizes))
        return false;
    if (!a->write)
        a->val = a->size == 8 ? val : (uint32_t)(val >> (8 * half));
    return true;
}

/* Widths 1, 2, 4 or 8 at a naturally aligned offset only. */
static bool access_ok(const struct mmio_access *a, uint64_t off)
{
    if (a->size != 1 && a->size != 2 && a->size != 4 && a->size != 8)
        return false;
    return IS_ALIGNED(off, a->size);
}

static uint32_t bitreg_read(const struct vgic_bank *b, enum bitreg r)
{
    switch (r) {
    case IGROUPR: return b->group;
    case ISENABLER:
    case ICENABLER: return b->enabled;
    case ISPENDR:
    case ICPENDR: return b->pending | b->lr_pend;
    case ISACTIVER:
    case ICACTIVER: return b->active;
    default: return 0;
    }
}

/* Active state of an interrupt in a list register belongs to the LR (the
 * guest changes it there); only the others are changed here. */
static void bitreg_write(struct vgic_bank *b, enum bitreg r, uint32_t val)
{
    switch (r) {
    case IGROUPR: b->group = val; break;
    case ISENABLER: b->enabled |= val; break;
    case ICENABLER: b->enabled &= ~val; break;
    case ISPENDR: b->pending |= val; break;
    case ICPENDR: b->pending &= ~val; break;
    case ISACTIVER: b->active |= val & ~b->in_lr; break;
    case ICACTIVER: b->active &= ~(val & ~b->in_lr); break;
    default: break;
    }
}

/* IPRIORITYR bytes (one or four at a time); 5 bits kept, as real GICs. */
static void prio_access(uint8_t *prio, struct mmio_access *a)
{
    uint64_t v = 0;
    for (unsigned int i = 0; i < a->size; i++) {
        if (a->write)
            prio[i] = (uint8_t)(a->val >> (8 * i)) & VGIC_PRIO_MASK;
        else
            v |= (uint64_t)prio[i] << (8 * i);
    }
    if (!a->write)
        a->val = v;
}

/* ICFGR: 16 interrupts of a bank (half 0 or 1), Int_config[1] = edge. */
static void cfg_access(uint32_t *edge, unsigned int half, uint32_t writable, struct mmio_access *a)
{
    uint32_t r = 0;
    for (unsigned int i = 0; i < 16; i++) {
        uint32_t m = 1u << (16 * half + i);
        if (a->write && (writable & m))
            *edge = ((a->val >> (2 * i + 1)) & 1) ? *edge | m : *edge & ~m;
        if (*edge & m)
            r |= 2u << (2 * i);
    }
    if (!a->write)
        a->val = r;
}

static uint32_t spi_deliverable(const struct vgic_dist *dist, const struct vgic_bank *b)
{
    return b->pending & b->enabled & vgic_grp_ok(dist, b);
}

/* The guest clears the pending state or the enable of a HW-backed vSPI it
 * has not taken yet: give the physical interrupt back (deactivate it) so
 * that it can fire again; a level source still asserted will. */
static void spi_release_hw(struct vgic_bank *b, enum bitreg r, uint32_t val, uint32_t intid0)
{
    uint32_t rel = val & b->phys_act & b->pending & ~b->in_lr;

    if (r != ICPENDR && r != ICENABLER)
        return;
    if (r == ICENABLER)
        rel &= b->enabled;
    b->phys_act &= ~rel;
    b->pending &= ~rel;
    for (; rel; rel &= rel - 1)
        gicv3_deactivate(intid0 + (uint32_t)__builtin_ctz(rel));
}

/* Writes SPI bank sb's bit register; returns the vCPUs to kick in kick[]. */
static unsigned int spi_bitreg_write(struct domain *d, struct vgic_spi_bank *sb, enum bitreg r,
                                     uint32_t val, uint16_t *kick)
{
    struct vgic_dist *dist = &d->arch.vgic;
    uint32_t before = spi_deliverable(dist, &sb->b), old_en = sb->b.enabled;
    uint32_t intid0 = VGIC_NR_PRIVATE + 32 * (uint32_t)(sb - dist->spis);
    unsigned int nk = 0;

    spi_release_hw(&sb->b, r, val, intid0);
    bitreg_write(&sb->b, r, val);
    for (uint32_t hw = (old_en ^ sb->b.enabled) & sb->b.hw; hw; hw &= hw - 1)
        vgic_hw_route(d, sb, (unsigned int)__builtin_ctz(hw));
    for (uint32_t n = spi_deliverable(dist, &sb->b) & ~before; n; n &= n - 1)
        kick[nk++] = sb->target[__builtin_ctz(n)];
    return nk;
}

static bool gicd_bitreg(struct domain *d, uint64_t off, struct mmio_access *a)
{
    struct vgic_dist *dist = &d->arch.vgic;
    enum bitreg r = (enum bitreg)((off - GICD_IGROUPR) / 0x80);
    unsigned int word = (unsigned int)(off % 0x80) / 4, nk = 0;
    uint16_t kick[32];

    if (a->size != 4)
        return false;
    if (word == 0 || word > dist->nr_banks) /* word 0: private, in the GICR */
        return razwi(a, SZ_W);
    struct vgic_spi_bank *sb = &dist->spis[word - 1];
    uint32_t valid = vgic_spi_valid(dist, word - 1);
    unsigned long fl = spin_lock_irqsave(&dist->lock);
    if (a->write)
        nk = spi_bitreg_write(d, sb, r, (uint32_t)a->val & valid, kick);
    else
        a->val = bitreg_read(&sb->b, r) & valid;
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
    for (unsigned int i = 0; i < nk; i++)
        vgic_kick_id(d, kick[i]);
    return true;
}

static bool gicd_priority(struct domain *d, uint64_t off, struct mmio_access *a)
{
    struct vgic_dist *dist = &d->arch.vgic;
    unsigned int n = (unsigned int)(off - GICD_IPRIORITYR);

    if (a->size != 1 && a->size != 4)
        return false;
    if (n < VGIC_NR_PRIVATE || n >= dist->nr_irqs)
        return razwi(a, SZ_B | SZ_W);
    n -= VGIC_NR_PRIVATE;
    unsigned long fl = spin_lock_irqsave(&dist->lock);
    prio_access(&dist->spis[n / 32].b.prio[n % 32], a);
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
    return true;
}

static bool gicd_icfgr(struct domain *d, uint64_t off, struct mmio_access *a)
{
    struct vgic_dist *dist = &d->arch.vgic;
    unsigned int first = (unsigned int)(off - GICD_ICFGR) / 4 * 16;

    if (a->size != 4)
        return false;
    if (first < VGIC_NR_PRIVATE || first >= dist->nr_irqs)
        return razwi(a, SZ_W);
    unsigned int bank = (first - VGIC_NR_PRIVATE) / 32;
    unsigned long fl = spin_lock_irqsave(&dist->lock);
    cfg_access(&dist->spis[bank].b.edge, (first / 16) % 2, vgic_spi_valid(dist, bank), a);
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
    return true;
}

/* A new route moves the target (and a HW SPI's physical twin); an SPI
 * already in some vCPU's list register stays there until it leaves. */
static unsigned int irouter_write(struct domain *d, struct vgic_spi_bank *sb, unsigned int bit,
                                  uint64_t off, struct mmio_access *a)
{
    unsigned int shift = a->size == 8 ? 0 : 8 * (unsigned int)(off % 8);
    uint64_t keep = a->size == 8 ? 0 : ~(0xffffffffULL << shift);
    uint64_t val = (sb->irouter[bit] & keep) | ((a->val << shift) & ~keep);

    sb->irouter[bit] = val & IROUTER_MASK;
    sb->target[bit] = (uint16_t)vgic_route(d, sb->irouter[bit]);
    if (sb->b.enabled & (1u << bit))
        vgic_hw_route(d, sb, bit);
    if (spi_deliverable(&d->arch.vgic, &sb->b) & (1u << bit))
        return sb->target[bit];
    return VGIC_NO_TARGET;
}

static bool gicd_irouter(struct domain *d, uint64_t off, struct mmio_access *a)
{
    struct vgic_dist *dist = &d->arch.vgic;
    unsigned int n = (unsigned int)(off - GICD_IROUTER) / 8, kick = VGIC_NO_TARGET;

    if (a->size != 4 && a->size != 8)
        return false;
    if (n < VGIC_NR_PRIVATE || n >= dist->nr_irqs)
        return razwi(a, SZ_W_D);
    struct vgic_spi_bank *sb = &dist->spis[(n - VGIC_NR_PRIVATE) / 32];
    unsigned int bit = (n - VGIC_NR_PRIVATE) % 32;
    unsigned long fl = spin_lock_irqsave(&dist->lock);
    if (a->write)
        kick = irouter_write(d, sb, bit, off, a);
    else
        ro(a, SZ_W_D, sb->irouter[bit], (unsigned int)(off % 8));
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
    vgic_kick_id(d, kick);
    return true;
}

/* Enabling a group may make pending SPIs deliverable: kick their targets. */
static void kick_deliverable(struct domain *d)
{
    struct vgic_dist *dist = &d->arch.vgic;
    bool want[MAX_VCPUS] = {false};
    unsigned long fl = spin_lock_irqsave(&dist->lock);

    for (unsigned int k = 0; k < dist->nr_banks; k++) {
        const struct vgic_spi_bank *sb = &dist->spis[k];
        for (uint32_t n = spi_deliverable(dist, &sb->b); n; n &= n - 1) {
            unsigned int t = sb->target[__builtin_ctz(n)];
            if (t < MAX_VCPUS)
                want[t] = true;
        }
    }
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
    for (unsigned int i = 0; i < d->nr_vcpus && i < MAX_VCPUS; i++) {
        if (want[i])
            vgic_kick_id(d, i);
    }
}

static bool gicd_ctlr(struct domain *d, struct mmio_access *a)
{
    struct vgic_dist *dist = &d->arch.vgic;
    uint32_t grp = VGIC_CTLR_GRP0 | VGIC_CTLR_GRP1, newly = 0;

    if (a->size != 4)
        return false;
    unsigned long fl = spin_lock_irqsave(&dist->lock);
    if (a->write) {
        newly = (uint32_t)a->val & grp & ~dist->ctlr;
        dist->ctlr = (uint32_t)a->val & grp;
    } else {
        a->val = dist->ctlr | VGIC_CTLR_ARE | VGIC_CTLR_DS; /* RWP: always 0 */
    }
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
    if (newly)
        kick_deliverable(d);
    return true;
}

/* GICD_CTLR to GICD_STATUSR and the rest of the first 128 bytes. */
static bool gicd_control(struct domain *d, uint64_t off, struct mmio_access *a)
{
    uint32_t typer = (d->arch.vgic.nr_banks & 0x1f) | TYPER_IDBITS_10 | TYPER_A3V;

    switch (off) {
    case GICD_CTLR: return gicd_ctlr(d, a);
    case GICD_TYPER: return ro(a, SZ_W, typer, 0);
    case GICD_IIDR: return ro(a, SZ_W, VGIC_IIDR, 0);
    case GICD_TYPER2:
    case GICD_STATUSR: return razwi(a, SZ_W);
    default: return razwi(a, SZ_W_D);
    }
}

/* IGRPMODR, NSACR, SGIR: 32-bit; CPENDSGIR/SPENDSGIR also by byte (all
 * RAZ/WI: one security state, affinity routing); reserved space: 32/64. */
static unsigned int gicd_other_sizes(uint64_t off)
{
    if (off >= GICD_CPENDSGIR && off < GICD_SGI_END)
        return SZ_B | SZ_W;
    if (off >= GICD_IGRPMODR && off < GICD_CPENDSGIR)
        return SZ_W;
    return SZ_W_D;
}

bool vgic_gicd_mmio(struct vcpu *v, struct mmio_access *a, void *priv)
{
    struct domain *d = priv;
    uint64_t off = a->gpa - d->arch.vgic.gicd_base;

    (void)v;
    if (!access_ok(a, off) || off >= VGIC_GICD_SIZE)
        return false;
    if (off < GICD_IGROUPR)
        return gicd_control(d, off, a);
    if (off < GICD_IPRIORITYR)
        return gicd_bitreg(d, off, a);
    if (off < GICD_ITARGETSR)
        return gicd_priority(d, off, a);
    if (off < GICD_ICFGR) /* ITARGETSR: unused with affinity routing */
        return razwi(a, SZ_B | SZ_W);
    if (off < GICD_IGRPMODR)
        return gicd_icfgr(d, off, a);
    if (off >= GICD_IROUTER && off < GICD_IROUTER_END)
        return gicd_irouter(d, off, a);
    if (off >= GIC_IDREGS)
        return ro(a, SZ_W, off == GIC_PIDR2 ? PIDR2_ARCH_GICV3 : 0, 0);
    return razwi(a, gicd_other_sizes(off));
}

static uint64_t gicr_typer(struct domain *d, const struct vcpu *t)
{
    uint64_t mp = t->arch.vmpidr;
    uint64_t aff = (mp & 0xffffff) | ((mp >> 32) & 0xff) << 24;
    uint64_t typer = aff << 32 | (uint64_t)(t->id & 0xffff) << 8;

    if (t->id == d->nr_vcpus - 1)
        typer |= RTYPER_LAST;
    return typer;
}

/* ChildrenAsleep follows ProcessorSleep at once: nothing to quiesce. */
static bool gicr_waker(struct vcpu *t, struct mmio_access *a)
{
    struct vgic_cpu *c = &t->arch.vgic;

    if (a->size != 4)
        return false;
    unsigned long fl = spin_lock_irqsave(&c->lock);
    if (a->write)
        c->waker = (a->val & WAKER_PSLEEP) ? WAKER_PSLEEP | WAKER_CASLEEP : 0;
    else
        a->val = c->waker;
    spin_unlock_irqrestore(&c->lock, fl);
    return true;
}

static bool gicr_rd(struct domain *d, struct vcpu *t, uint64_t off, struct mmio_access *a)
{
    switch (off) {
    case GICR_CTLR:
    case GICR_STATUSR: return razwi(a, SZ_W);
    case GICR_IIDR: return ro(a, SZ_W, VGIC_IIDR, 0);
    case GICR_TYPER:
    case GICR_TYPER + 4: return ro(a, SZ_W_D, gicr_typer(d, t), (unsigned int)(off - GICR_TYPER));
    case GICR_WAKER: return gicr_waker(t, a);
    case GIC_PIDR2: return ro(a, SZ_W, PIDR2_ARCH_GICV3, 0);
    default: return razwi(a, off >= GIC_IDREGS ? SZ_W : SZ_W_D); /* PROPBASER, PENDBASER... */
    }
}

static bool gicr_bitreg(struct vcpu *t, uint64_t off, struct mmio_access *a)
{
    struct vgic_cpu *c = &t->arch.vgic;
    bool kick = false;

    if (a->size != 4)
        return false;
    if (off % 0x80) /* only register 0 of each kind: no extended PPIs */
        return razwi(a, SZ_W);
    enum bitreg r = (enum bitreg)((off - GICD_IGROUPR) / 0x80);
    unsigned long fl = spin_lock_irqsave(&c->lock);
    if (a->write) {
        uint32_t before = c->priv.pending & c->priv.enabled;
        bitreg_write(&c->priv, r, (uint32_t)a->val);
        kick = (c->priv.pending & c->priv.enabled) & ~before;
    } else {
        a->val = bitreg_read(&c->priv, r);
    }
    vgic_changed(&t->dom->arch.vgic);
    spin_unlock_irqrestore(&c->lock, fl);
    if (kick)
        vcpu_kick(t);
    return true;
}

/* The SGI_base frame: t's SGIs and PPIs. */
static bool gicr_sgi(struct vcpu *t, uint64_t off, struct mmio_access *a)
{
    struct vgic_cpu *c = &t->arch.vgic;
    unsigned long fl;

    if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR)
        return gicr_bitreg(t, off, a);
    if (off >= GICD_IPRIORITYR && off < GICR_IPRIO_END) {
        if (a->size != 1 && a->size != 4)
            return false;
        fl = spin_lock_irqsave(&c->lock);
        prio_access(&c->priv.prio[off - GICD_IPRIORITYR], a);
        vgic_changed(&t->dom->arch.vgic);
        spin_unlock_irqrestore(&c->lock, fl);
        return true;
    }
    if (off == GICR_ICFGR0 || off == GICR_ICFGR1) {
        if (a->size != 4)
            return false;
        fl = spin_lock_irqsave(&c->lock);
        /* SGIs are edge-triggered, fixed; PPIs configurable. */
        cfg_access(&c->priv.edge, off == GICR_ICFGR1, 0xffff0000u, a);
        vgic_changed(&t->dom->arch.vgic);
        spin_unlock_irqrestore(&c->lock, fl);
        return true;
    }
    if (off == GICR_IGRPMODR0 || off == GICR_NSACR) /* one security state */
        return razwi(a, SZ_W);
    return razwi(a, SZ_W_D);
}

bool vgic_gicr_mmio(struct vcpu *v, struct mmio_access *a, void *priv)
{
    struct domain *d = priv;
    uint64_t off = a->gpa - d->arch.vgic.gicr_base;
    uint64_t idx = off / VGIC_GICR_STRIDE;
    struct vcpu *t = idx < d->nr_vcpus ? domain_vcpu(d, (unsigned int)idx) : NULL;

    (void)v;
    if (!access_ok(a, off))
        return false;
    if (!t)
        return razwi(a, SZ_W_D);
    off %= VGIC_GICR_STRIDE;
    if (off < GICR_SGI_BASE)
        return gicr_rd(d, t, off, a);
    return gicr_sgi(t, off - GICR_SGI_BASE, a);
}
