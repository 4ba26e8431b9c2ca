/*
 * Virtual GICv3: interrupt state, injection and the list registers. Pure C
 * (the ICH_* registers are reached through vgic_hw_*) so that host unit
 * tests run it. Register emulation is in vgic_mmio.c.
 *
 * List-register policy: a pending interrupt moves into a free LR at flush
 * (highest priority first, ties to the lowest INTID) and its software
 * pending bit is cleared; a new edge while it sits in an LR sets the bit
 * again and is merged at the next flush. At sync, LRs the guest emptied are
 * freed, LRs still merely pending are taken back (so that a higher-priority
 * arrival can take their place), and active ones stay where they are.
 */
#include "arch/arm64/vgic.h"
#include "common/domain.h"
#include "common/errno.h"
#include "common/log.h"
#include "common/xmalloc.h"
#include "drivers/gicv3.h"

#define SGI1R_TARGETS(r) ((uint32_t)(r)&0xffffu)
#define SGI1R_INTID(r)   ((uint32_t)((r) >> 24) & 0xfu)
#define SGI1R_IRM        (1ULL << 40)
#define SGI1R_RS(r)      ((unsigned int)((r) >> 44) & 0xfu)
#define MPIDR_AFF123     0xff00ffff00ULL /* Aff3, Aff2, Aff1 */
#define IROUTER_IRM      (1ULL << 31)
#define LR_FREE_NONE     VGIC_MAX_LRS

static unsigned int nr_lrs_cached, nr_aprs_cached;

static struct vgic_bank *spi_bank(struct vgic_dist *dist, uint32_t intid)
{
    if (intid < VGIC_NR_PRIVATE || intid >= dist->nr_irqs)
        return NULL;
    return &dist->spis[(intid - VGIC_NR_PRIVATE) / 32].b;
}

/* The bank holding intid as v sees it, or NULL when out of range. */
static struct vgic_bank *irq_bank(struct vcpu *v, uint32_t intid)
{
    if (intid < VGIC_NR_PRIVATE)
        return &v->arch.vgic.priv;
    return spi_bank(&v->dom->arch.vgic, intid);
}

static struct vgic_spi_bank *spi_of(struct vgic_dist *dist, uint32_t intid)
{
    return &dist->spis[(intid - VGIC_NR_PRIVATE) / 32];
}

uint32_t vgic_grp_ok(const struct vgic_dist *dist, const struct vgic_bank *b)
{
    uint32_t ok = 0;
    if (dist->ctlr & VGIC_CTLR_GRP1)
        ok |= b->group;
    if (dist->ctlr & VGIC_CTLR_GRP0)
        ok |= ~b->group;
    return ok;
}

/* The bits of SPI bank 'bank' that name existing INTIDs (below 1020). */
uint32_t vgic_spi_valid(const struct vgic_dist *dist, unsigned int bank)
{
    unsigned int first = VGIC_NR_PRIVATE + 32 * bank;
    if (first >= dist->nr_irqs)
        return 0;
    if (dist->nr_irqs - first >= 32)
        return ~0u;
    return (1u << (dist->nr_irqs - first)) - 1;
}

void vgic_kick_id(struct domain *d, unsigned int vcpu_id)
{
    struct vcpu *t = vcpu_id == VGIC_NO_TARGET ? NULL : domain_vcpu(d, vcpu_id);
    if (t)
        vcpu_kick(t);
}

/* Interrupt_Routing_Mode 1 (any PE) goes to vCPU 0; otherwise the vCPU
 * whose vMPIDR matches the affinity, or none (as a real GIC, it then stays
 * pending undelivered). */
unsigned int vgic_route(struct domain *d, uint64_t irouter)
{
    uint64_t aff = (irouter & 0xffffffULL) | ((irouter >> 32) & 0xff) << 32;
    if (irouter & IROUTER_IRM)
        return d->nr_vcpus ? 0 : VGIC_NO_TARGET;
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *t = domain_vcpu(d, i);
        if (t && (t->arch.vmpidr & (MPIDR_AFF123 | 0xff)) == aff)
            return i;
    }
    return VGIC_NO_TARGET;
}

/* Points a HW-backed SPI's physical twin at the pCPU of its target vCPU
 * while the guest has it enabled; disables it otherwise. Dist lock held. */
void vgic_hw_route(struct domain *d, struct vgic_spi_bank *sb, unsigned int bit)
{
    uint32_t intid = VGIC_NR_PRIVATE + (uint32_t)(sb - d->arch.vgic.spis) * 32 + bit;
    struct vcpu *t = sb->target[bit] == VGIC_NO_TARGET ? NULL : domain_vcpu(d, sb->target[bit]);

    if (!(sb->b.hw & (1u << bit)))
        return;
    if ((sb->b.enabled & (1u << bit)) && t)
        gicv3_enable_irq(intid, vgic_hw_pcpu_mpidr(t->pcpu));
    else
        gicv3_disable_irq(intid);
}

int vgic_domain_init(struct domain *d, uint64_t gicd_base, uint64_t gicr_base, unsigned int nr_spis)
{
    struct vgic_dist *dist = &d->arch.vgic;
    int rc;

    if (!d->nr_vcpus || !d->vcpus)
        return -EINVAL;
    nr_spis = MIN(nr_spis, (unsigned int)VGIC_MAX_SPIS);
    spin_lock_init(&dist->lock);
    dist->ctlr = 0;
    dist->nr_banks = (nr_spis + 31) / 32;
    dist->nr_irqs = MIN(VGIC_NR_PRIVATE + 32 * dist->nr_banks, (unsigned int)VGIC_MAX_INTID);
    dist->gicd_base = gicd_base;
    dist->gicr_base = gicr_base;
    dist->spis = NULL;
    if (dist->nr_banks) {
        dist->spis = xzalloc(dist->nr_banks * sizeof(*dist->spis));
        if (!dist->spis)
            return -ENOMEM;
    }
    unsigned int t0 = vgic_route(d, 0); /* where IROUTER's reset value points */
    for (unsigned int k = 0; k < dist->nr_banks; k++) {
        dist->spis[k].b.group = ~0u; /* Group 1, as Linux wants it anyway */
        for (unsigned int i = 0; i < 32; i++)
            dist->spis[k].target[i] = (uint16_t)t0;
    }
    rc = mmio_register(d, gicd_base, VGIC_GICD_SIZE, vgic_gicd_mmio, d);
    if (!rc)
        rc = mmio_register(d, gicr_base, d->nr_vcpus * VGIC_GICR_STRIDE, vgic_gicr_mmio, d);
    if (rc)
        vgic_domain_destroy(d);
    return rc;
}

void vgic_domain_destroy(struct domain *d)
{
    struct vgic_dist *dist = &d->arch.vgic;
    if (dist->spis)
        xfree(dist->spis);
    dist->spis = NULL;
    dist->nr_banks = 0;
    dist->nr_irqs = VGIC_NR_PRIVATE;
}

int vgic_vcpu_init(struct vcpu *v)
{
    struct vgic_cpu *c = &v->arch.vgic;

    *c = (struct vgic_cpu){0};
    spin_lock_init(&c->lock);
    c->priv.group = ~0u;
    c->priv.enabled = 0xffffu; /* SGIs enabled at reset, as KVM does */
    c->priv.edge = 0xffffu;    /* SGIs are edge-triggered, PPIs level */
    c->waker = 0x6;            /* ProcessorSleep and ChildrenAsleep */
    return 0;
}

void vgic_set_hw_spis(struct domain *d, const uint32_t *intids, unsigned int n)
{
    struct vgic_dist *dist = &d->arch.vgic;
    unsigned long fl = spin_lock_irqsave(&dist->lock);

    for (unsigned int i = 0; i < n; i++) {
        struct vgic_bank *b = spi_bank(dist, intids[i]);
        if (!b) {
            pr_warn("vgic: d%u: no vSPI %u to back by hardware\n", d->id, intids[i]);
            continue;
        }
        unsigned int bit = (intids[i] - VGIC_NR_PRIVATE) % 32;
        b->hw |= 1u << bit;
        vgic_hw_route(d, spi_of(dist, intids[i]), bit);
    }
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
}

void vgic_vcpu_migrated(struct vcpu *v)
{
    struct vgic_dist *dist = &v->dom->arch.vgic;
    unsigned long fl = spin_lock_irqsave(&dist->lock);

    for (unsigned int k = 0; k < dist->nr_banks; k++) {
        struct vgic_spi_bank *sb = &dist->spis[k];
        for (uint32_t bits = sb->b.hw & sb->b.enabled; bits; bits &= bits - 1) {
            unsigned int i = (unsigned int)__builtin_ctz(bits);
            if (sb->target[i] == v->id)
                vgic_hw_route(v->dom, sb, i);
        }
    }
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
}

static void inject_private(struct vcpu *t, uint32_t intid)
{
    struct vgic_cpu *c = &t->arch.vgic;
    unsigned long fl = spin_lock_irqsave(&c->lock);
    bool kick = c->priv.enabled & (1u << intid);

    c->priv.pending |= 1u << intid;
    vgic_changed(&t->dom->arch.vgic);
    spin_unlock_irqrestore(&c->lock, fl);
    if (kick)
        vcpu_kick(t);
}

/* Marks an SPI pending; returns the vCPU to kick or VGIC_NO_TARGET. */
static unsigned int spi_set_pending(struct vgic_dist *dist, uint32_t intid, bool hw)
{
    struct vgic_spi_bank *sb = spi_of(dist, intid);
    unsigned int bitno = (intid - VGIC_NR_PRIVATE) % 32;
    uint32_t bit = 1u << bitno;

    sb->b.pending |= bit;
    if (hw)
        sb->b.phys_act |= bit;
    if (!(sb->b.enabled & vgic_grp_ok(dist, &sb->b) & bit))
        return VGIC_NO_TARGET;
    return sb->target[bitno];
}

void vgic_inject(struct domain *d, struct vcpu *target, uint32_t intid)
{
    struct vgic_dist *dist = &d->arch.vgic;

    if (intid < VGIC_NR_PRIVATE) {
        if (!target || target->dom != d)
            pr_debug("vgic: d%u: private INTID %u without a target vCPU\n", d->id, intid);
        else
            inject_private(target, intid);
        return;
    }
    if (!spi_bank(dist, intid)) {
        pr_debug("vgic: d%u: INTID %u out of range; ignored\n", d->id, intid);
        return;
    }
    unsigned long fl = spin_lock_irqsave(&dist->lock);
    unsigned int kick = spi_set_pending(dist, intid, false);
    vgic_changed(dist);
    spin_unlock_irqrestore(&dist->lock, fl);
    vgic_kick_id(d, kick);
}

bool vgic_inject_hw_spi(struct domain *d, uint32_t intid)
{
    struct vgic_dist *dist = &d->arch.vgic;
    struct vgic_bank *b = spi_bank(dist, intid);
    unsigned int kick = VGIC_NO_TARGET;
    bool taken = false;

    if (b) {
        unsigned long fl = spin_lock_irqsave(&dist->lock);
        unsigned int bitno = (intid - VGIC_NR_PRIVATE) % 32;
        /* Only an enabled, routed, HW-backed vSPI can ever be deactivated
         * by the guest; anything else would leave the physical one active
         * (and so silenced) for good. */
        taken = (b->hw & b->enabled & (1u << bitno)) &&
                spi_of(dist, intid)->target[bitno] != VGIC_NO_TARGET;
        if (taken)
            kick = spi_set_pending(dist, intid, true);
        vgic_changed(dist);
        spin_unlock_irqrestore(&dist->lock, fl);
    }
    if (!taken) {
        pr_debug("vgic: d%u: physical SPI %u not deliverable; deactivated\n", d->id, intid);
        gicv3_deactivate(intid);
        return false;
    }
    vgic_kick_id(d, kick);
    return true;
}

/* Does t match the Aff3.Aff2.Aff1 + RS/TargetList of an ICC_SGI1R write? */
static bool sgi_targets(const struct vcpu *t, uint64_t sgi1r)
{
    uint64_t aff =
        ((sgi1r >> 16) & 0xff) << 8 | ((sgi1r >> 32) & 0xff) << 16 | ((sgi1r >> 48) & 0xff) << 32;
    unsigned int aff0 = (unsigned int)(t->arch.vmpidr & 0xff);

    if ((t->arch.vmpidr & MPIDR_AFF123) != aff || aff0 / 16 != SGI1R_RS(sgi1r))
        return false;
    return SGI1R_TARGETS(sgi1r) & (1u << (aff0 % 16));
}

void vgic_sgi_write(struct vcpu *v, uint64_t sgi1r)
{
    struct domain *d = v->dom;

    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *t = domain_vcpu(d, i);
        if (!t)
            continue;
        if ((sgi1r & SGI1R_IRM) ? t != v : sgi_targets(t, sgi1r))
            inject_private(t, SGI1R_INTID(sgi1r));
    }
}

static unsigned int vpmr(const struct vgic_cpu *c)
{
    return (unsigned int)(c->vmcr >> VGIC_VMCR_VPMR_SHIFT) & 0xff;
}

/* Any bit of 'bits' (of bank b) with priority above pmr, for vCPU id (SPI
 * banks) or any vCPU (tgt NULL)? */
static bool bits_above(const struct vgic_bank *b, uint32_t bits, const uint16_t *tgt,
                       unsigned int id, unsigned int pmr)
{
    for (; bits; bits &= bits - 1) {
        unsigned int i = (unsigned int)__builtin_ctz(bits);
        if (b->prio[i] < pmr && (!tgt || tgt[i] == id))
            return true;
    }
    return false;
}

static bool lrs_pending_above(const struct vgic_cpu *c, unsigned int pmr)
{
    for (unsigned int i = 0; i < VGIC_MAX_LRS; i++) {
        uint64_t lr = c->lr[i];
        if ((c->lr_used & (1u << i)) && (lr & VGIC_LR_PENDING) &&
            ((lr >> VGIC_LR_PRIO_SHIFT) & 0xff) < pmr)
            return true;
    }
    return false;
}

bool vgic_has_pending(struct vcpu *v)
{
    struct vgic_dist *dist = &v->dom->arch.vgic;
    struct vgic_cpu *c = &v->arch.vgic;
    unsigned int pmr = vpmr(c);
    unsigned long fl = spin_lock_irqsave(&dist->lock);
    bool r;

    spin_lock(&c->lock);
    r = bits_above(&c->priv, c->priv.pending & c->priv.enabled & ~c->priv.in_lr, NULL, 0, pmr) ||
        lrs_pending_above(c, pmr);
    for (unsigned int k = 0; !r && k < dist->nr_banks; k++) {
        const struct vgic_bank *b = &dist->spis[k].b;
        uint32_t bits = b->pending & b->enabled & vgic_grp_ok(dist, b) & ~b->in_lr;
        r = bits_above(b, bits, dist->spis[k].target, v->id, pmr);
    }
    spin_unlock(&c->lock);
    spin_unlock_irqrestore(&dist->lock, fl);
    return r;
}

unsigned int vgic_nr_lrs(void)
{
    if (!nr_lrs_cached)
        nr_lrs_cached = MIN((unsigned int)(vgic_hw_read_vtr() & 0x1f) + 1, VGIC_MAX_LRS);
    return nr_lrs_cached;
}

/* ICH_AP<g>R<n> registers implemented: one per 32 preemption levels. */
static unsigned int nr_aprs(void)
{
    if (!nr_aprs_cached) {
        unsigned int prebits = (unsigned int)((vgic_hw_read_vtr() >> 26) & 7) + 1;
        nr_aprs_cached = prebits >= 7 ? 4 : prebits == 6 ? 2 : 1;
    }
    return nr_aprs_cached;
}

/* Candidates for free LRs, kept sorted by key = priority << 16 | INTID so
 * that the lowest key (highest priority, then lowest INTID) comes first. */
struct picks {
    uint32_t key[VGIC_MAX_LRS];
    unsigned int k, n, total;
};

static void pick(struct picks *p, const struct vgic_bank *b, unsigned int bit, uint32_t intid)
{
    uint32_t key = (uint32_t)b->prio[bit] << 16 | intid;
    unsigned int i;

    p->total++;
    if (p->n == p->k && (!p->k || key >= p->key[p->k - 1]))
        return;
    i = p->n < p->k ? p->n++ : p->k - 1;
    for (; i > 0 && p->key[i - 1] > key; i--)
        p->key[i] = p->key[i - 1];
    p->key[i] = key;
}

/* Interrupts that want an LR and have none: pending (enabled, group on),
 * or active without an LR (so the guest's deactivation finds it). */
static uint32_t wants_lr(const struct vgic_bank *b, uint32_t grp_ok)
{
    return ((b->pending & b->enabled & grp_ok) | b->active) & ~b->in_lr;
}

static void pick_all(struct vcpu *v, struct picks *p)
{
    struct vgic_dist *dist = &v->dom->arch.vgic;

    for (uint32_t bits = wants_lr(&v->arch.vgic.priv, ~0u); bits; bits &= bits - 1) {
        unsigned int i = (unsigned int)__builtin_ctz(bits);
        pick(p, &v->arch.vgic.priv, i, i);
    }
    for (unsigned int k = 0; k < dist->nr_banks; k++) {
        struct vgic_spi_bank *sb = &dist->spis[k];
        uint32_t bits = wants_lr(&sb->b, vgic_grp_ok(dist, &sb->b));
        for (; bits; bits &= bits - 1) {
            unsigned int i = (unsigned int)__builtin_ctz(bits);
            if (sb->target[i] == v->id)
                pick(p, &sb->b, i, VGIC_NR_PRIVATE + 32 * k + i);
        }
    }
}

/* Builds the LR for intid and moves its state into it. A HW LR is never
 * pending+active (the physical side holds that pending state). */
static uint64_t make_lr(struct vgic_bank *b, unsigned int bit, uint32_t intid)
{
    uint32_t m = 1u << bit;
    bool act = b->active & m, pend = b->pending & m;
    uint64_t lr = intid | (uint64_t)b->prio[bit] << VGIC_LR_PRIO_SHIFT;

    if (b->group & m)
        lr |= VGIC_LR_GROUP1;
    if (b->phys_act & m) {
        lr |= VGIC_LR_HW | ((uint64_t)intid << VGIC_LR_PINTID_SHIFT & VGIC_LR_PINTID_MASK);
        pend = pend && !act;
    }
    if (pend) {
        lr |= VGIC_LR_PENDING;
        b->pending &= ~m;
        b->lr_pend |= m;
    }
    if (act)
        lr |= VGIC_LR_ACTIVE;
    b->in_lr |= m;
    return lr;
}

static unsigned int free_lrs(const struct vgic_cpu *c, unsigned int nr)
{
    unsigned int n = 0;
    for (unsigned int i = 0; i < nr; i++)
        n += !(c->lr_used & (1u << i));
    return n;
}

static void write_lr(struct vgic_cpu *c, unsigned int i, uint64_t lr)
{
    c->lr[i] = lr;
    c->lr_used |= (uint16_t)(1u << i);
    vgic_hw_write_lr(i, lr);
}

/* A new edge for an interrupt still active in an LR becomes pending+active
 * there. Returns how many could not be merged (HW ones: they wait). */
static unsigned int merge_into_lrs(struct vcpu *v, unsigned int nr)
{
    struct vgic_cpu *c = &v->arch.vgic;
    unsigned int waiting = 0;

    for (unsigned int i = 0; i < nr; i++) {
        uint32_t intid = (uint32_t)(c->lr[i] & VGIC_LR_VINTID_MASK);
        struct vgic_bank *b = irq_bank(v, intid);
        uint32_t m = 1u << (intid % 32);
        if (!(c->lr_used & (1u << i)) || !b || !(b->pending & m))
            continue;
        if (c->lr[i] & VGIC_LR_HW) {
            waiting++;
            continue;
        }
        b->pending &= ~m;
        b->lr_pend |= m;
        write_lr(c, i, c->lr[i] | VGIC_LR_PENDING);
    }
    return waiting;
}

void vgic_flush_lrs(struct vcpu *v)
{
    struct vgic_dist *dist = &v->dom->arch.vgic;
    struct vgic_cpu *c = &v->arch.vgic;
    unsigned int nr = vgic_nr_lrs(), lr = 0, waiting;
    /* Nothing changed since the last fill (which left no LR in use, or
     * the exit's sync would have counted a change): the LRs are right. */
    if (atomic_load(&dist->gen) == c->flushed_gen)
        return;
    struct picks p = {.k = free_lrs(c, nr)};
    unsigned long fl = spin_lock_irqsave(&dist->lock);

    spin_lock(&c->lock);
    c->flushed_gen = atomic_load(&dist->gen);
    waiting = merge_into_lrs(v, nr);
    pick_all(v, &p);
    for (unsigned int j = 0; j < p.n; j++, lr++) {
        uint32_t intid = p.key[j] & 0xffff;
        while (c->lr_used & (1u << lr))
            lr++;
        write_lr(c, lr, make_lr(irq_bank(v, intid), intid % 32, intid));
    }
    /* More than fits: ask for an exit when the LRs drain (underflow). */
    c->hcr = (p.total > p.n || waiting) ? VGIC_HCR_UIE : 0;
    spin_unlock(&c->lock);
    spin_unlock_irqrestore(&dist->lock, fl);
    vgic_hw_write_hcr(c->hcr | VGIC_HCR_EN);
}

/* Folds LR i back into the software state; frees it unless still active.
 * Returns a vCPU to kick (an SPI now routed elsewhere) or VGIC_NO_TARGET. */
static unsigned int fold_lr(struct vcpu *v, unsigned int i, uint64_t lr)
{
    struct vgic_cpu *c = &v->arch.vgic;
    uint32_t intid = (uint32_t)(lr & VGIC_LR_VINTID_MASK);
    struct vgic_bank *b = irq_bank(v, intid);
    uint32_t m = 1u << (intid % 32);

    c->lr[i] = lr;
    if (b && (lr & VGIC_LR_ACTIVE)) {
        b->active |= m;
        b->lr_pend = (lr & VGIC_LR_PENDING) ? b->lr_pend | m : b->lr_pend & ~m;
        return VGIC_NO_TARGET;
    }
    c->lr_used &= (uint16_t) ~(1u << i);
    c->lr[i] = 0;
    if (lr & VGIC_LR_PENDING)
        vgic_hw_write_lr(i, 0); /* still live in hardware: take it out */
    if (!b)
        return VGIC_NO_TARGET;
    b->active &= ~m;
    b->in_lr &= ~m;
    b->lr_pend &= ~m;
    if (lr & VGIC_LR_PENDING)
        b->pending |= m;
    else if (lr & VGIC_LR_HW) /* the guest's deactivation did the physical one */
        b->phys_act &= ~m;
    if (intid < VGIC_NR_PRIVATE || !(b->pending & m))
        return VGIC_NO_TARGET;
    /* A pending SPI leaving our LR may belong to another vCPU by now. */
    unsigned int t = spi_of(&v->dom->arch.vgic, intid)->target[intid % 32];
    return t == v->id ? VGIC_NO_TARGET : t;
}

void vgic_sync_lrs(struct vcpu *v)
{
    struct vgic_dist *dist = &v->dom->arch.vgic;
    struct vgic_cpu *c = &v->arch.vgic;
    uint16_t kick[VGIC_MAX_LRS];
    unsigned int nk = 0;

    c->vmcr = vgic_hw_read_vmcr(); /* the guest's PMR, for WFI wake-ups */
    if (c->lr_used) {
        /* Empty LRs need no read: their whole content is known. */
        uint64_t empty = vgic_hw_read_elrsr();
        unsigned long fl = spin_lock_irqsave(&dist->lock);
        spin_lock(&c->lock);
        for (unsigned int i = 0; i < VGIC_MAX_LRS; i++) {
            if (!(c->lr_used & (1u << i)))
                continue;
            uint64_t lr = (empty & (1u << i)) ? c->lr[i] & ~VGIC_LR_STATE : vgic_hw_read_lr(i);
            unsigned int t = fold_lr(v, i, lr);
            if (t != VGIC_NO_TARGET)
                kick[nk++] = (uint16_t)t;
        }
        spin_unlock(&c->lock);
        vgic_changed(dist);
        spin_unlock_irqrestore(&dist->lock, fl);
    }
    c->hcr &= ~VGIC_HCR_UIE;
    vgic_hw_write_hcr(c->hcr | VGIC_HCR_EN);
    for (unsigned int j = 0; j < nk; j++)
        vgic_kick_id(v->dom, kick[j]);
}

void vgic_vcpu_load(struct vcpu *v)
{
    struct vgic_cpu *c = &v->arch.vgic;
    unsigned int nr = vgic_nr_lrs(), na = nr_aprs();

    vgic_hw_write_vmcr(c->vmcr);
    for (unsigned int n = 0; n < na; n++) {
        vgic_hw_write_apr(0, n, c->ap0r[n]);
        vgic_hw_write_apr(1, n, c->ap1r[n]);
    }
    for (unsigned int i = 0; i < nr; i++)
        vgic_hw_write_lr(i, (c->lr_used & (1u << i)) ? c->lr[i] : 0);
    vgic_hw_write_hcr(c->hcr | VGIC_HCR_EN);
}

void vgic_vcpu_put(struct vcpu *v)
{
    struct vgic_cpu *c = &v->arch.vgic;
    unsigned int nr = vgic_nr_lrs(), na = nr_aprs();

    c->vmcr = vgic_hw_read_vmcr();
    for (unsigned int n = 0; n < na; n++) {
        c->ap0r[n] = vgic_hw_read_apr(0, n);
        c->ap1r[n] = vgic_hw_read_apr(1, n);
    }
    for (unsigned int i = 0; i < nr; i++) {
        if (c->lr_used & (1u << i))
            c->lr[i] = vgic_hw_read_lr(i);
    }
    /* No vCPU here now: nothing may be signalled, no maintenance either. */
    vgic_hw_write_hcr(0);
}

void vgic_maintenance(void)
{
    uint64_t hcr = vgic_hw_read_hcr();
    /* Underflow is level: clearing UIE quietens it; the run loop then
     * syncs and refills the LRs. */
    if (hcr & VGIC_HCR_UIE)
        vgic_hw_write_hcr(hcr & ~VGIC_HCR_UIE);
}
