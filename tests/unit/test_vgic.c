/* Unit tests for the virtual GICv3 (arch/arm64/vgic.c, vgic_mmio.c) on a
 * fake domain, fake MMIO table and fake ICH_* registers (fake_vgic_env.c). */
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/vgic.h"
#include "common/domain.h"
#include "common/page_alloc.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "unit.h"

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE MiB(4)
#define GICD     0x08000000ULL
#define GICR     0x080a0000ULL
#define SGI(n)   (GICR + (n)*VGIC_GICR_STRIDE + 0x10000) /* vCPU n's SGI_base */
#define RD(n)    (GICR + (n)*VGIC_GICR_STRIDE)           /* vCPU n's RD_base */
#define NR_SPIS  64
#define PMR(p)   ((uint64_t)(p) << VGIC_VMCR_VPMR_SHIFT)

/* From fake_vgic_env.c. */
void fake_vgic_reset(void);
extern uint64_t fake_lr[VGIC_MAX_LRS];
extern uint64_t fake_ich_hcr, fake_ich_vmcr;
extern uint64_t fake_ich_apr[2][4];
extern unsigned int fake_kicks[8];
extern unsigned int fake_enable_calls, fake_disable_calls, fake_deactivate_calls;
extern uint32_t fake_enable_intid, fake_disable_intid, fake_deactivate_intid;
extern uint64_t fake_enable_mpidr;

/* A domain of nr vCPUs (vMPIDR = id, vCPU i on pCPU i + 1) with a vGIC of
 * NR_SPIS SPIs, on fresh fake RAM for xmalloc. */
static struct domain *dom_new(unsigned int nr)
{
    struct domain *d = calloc(1, sizeof(*d));

    fake_ram_setup(RAM_BASE, RAM_SIZE);
    page_alloc_reset();
    xmalloc_reset();
    CHECK(page_alloc_add_region(RAM_BASE, RAM_BASE + RAM_SIZE) == 0);
    fake_vgic_reset();
    d->nr_vcpus = nr;
    d->vcpus = calloc(nr, sizeof(*d->vcpus));
    for (unsigned int i = 0; i < nr; i++) {
        struct vcpu *v = calloc(1, sizeof(*v));
        v->id = i;
        v->dom = d;
        v->pcpu = i + 1;
        v->arch.vmpidr = i;
        CHECK(vgic_vcpu_init(v) == 0);
        d->vcpus[i] = v;
    }
    if (vgic_domain_init(d, GICD, GICR, NR_SPIS) != 0) {
        CHECK(!"vgic_domain_init");
        return NULL;
    }
    return d;
}

static void dom_free(struct domain *d)
{
    vgic_domain_destroy(d);
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        free(d->vcpus[i]);
    free(d->vcpus);
    free(d);
    fake_ram_teardown();
}

/* One guest access through the domain's MMIO table, as vCPU 0. */
static bool mm(struct domain *d, uint64_t gpa, unsigned int size, bool write, uint64_t *val)
{
    const struct mmio_table *t = &d->arch.mmio;
    for (unsigned int i = 0; i < t->nr; i++) {
        const struct mmio_range *r = &t->r[i];
        if (gpa < r->base || gpa - r->base >= r->size)
            continue;
        struct mmio_access a = {gpa, size, write, write ? *val : 0x5a5a5a5a5a5a5a5aULL};
        bool ok = r->fn(d->vcpus[0], &a, r->priv);
        if (ok && !write)
            *val = a.val;
        return ok;
    }
    return false;
}

static uint64_t rd(struct domain *d, uint64_t gpa, unsigned int size)
{
    uint64_t v = 0xeeeeeeeeeeeeeeeeULL;
    CHECK(mm(d, gpa, size, false, &v));
    return v;
}

static uint32_t rd32(struct domain *d, uint64_t gpa)
{
    return (uint32_t)rd(d, gpa, 4);
}

static void wr(struct domain *d, uint64_t gpa, unsigned int size, uint64_t v)
{
    CHECK(mm(d, gpa, size, true, &v));
}

static void wr32(struct domain *d, uint64_t gpa, uint32_t v)
{
    wr(d, gpa, 4, v);
}

/* Enables SPI intid, sets its priority, turns Group 1 on in GICD_CTLR. */
static void spi_setup(struct domain *d, uint32_t intid, uint8_t prio)
{
    wr32(d, GICD + 0x100 + intid / 32 * 4, 1u << (intid % 32));
    wr(d, GICD + 0x400 + intid, 1, prio);
    wr32(d, GICD, VGIC_CTLR_GRP1);
}

static uint64_t lr_pending(uint32_t intid, uint8_t prio)
{
    return intid | (uint64_t)prio << VGIC_LR_PRIO_SHIFT | VGIC_LR_GROUP1 | VGIC_LR_PENDING;
}

/* GICD_TYPER, IIDR, PIDR2 and CTLR read as a GICv3 with ARE and DS. */
TEST(vgic_gicd_id_registers)
{
    struct domain *d = dom_new(2);
    REQUIRE(d);
    uint32_t typer = rd32(d, GICD + 0x4);
    CHECK((typer & 0x1f) == NR_SPIS / 32);   /* ITLinesNumber */
    CHECK(((typer >> 5) & 7) == 0);          /* CPUNumber: ARE */
    CHECK(((typer >> 19) & 0x1f) == 9);      /* IDbits: 10 bits */
    CHECK(!(typer & (1u << 17 | 1u << 16))); /* no LPIs, no MBIS */
    CHECK(!(typer & (1u << 10)));            /* SecurityExtn */
    CHECK(rd32(d, GICD + 0x8) != 0);
    CHECK(rd32(d, GICD + 0xffe8) == 0x30);
    CHECK(rd32(d, GICD + 0xffe0) == 0);
    CHECK(rd32(d, GICD) == (VGIC_CTLR_ARE | VGIC_CTLR_DS));
    wr32(d, GICD, 0xffffffffu); /* ARE/DS stay, RWP and the rest read 0 */
    CHECK(rd32(d, GICD) == (VGIC_CTLR_ARE | VGIC_CTLR_DS | VGIC_CTLR_GRP0 | VGIC_CTLR_GRP1));
    wr32(d, GICD, 0);
    CHECK(rd32(d, GICD) == (VGIC_CTLR_ARE | VGIC_CTLR_DS));
    CHECK(rd32(d, GICD + 0x10) == 0); /* STATUSR */
    dom_free(d);
}

/* GICR_TYPER: affinity, processor number, Last on the last frame only. */
TEST(vgic_gicr_typer_and_waker)
{
    struct domain *d = dom_new(3);
    REQUIRE(d);
    d->vcpus[2]->arch.vmpidr = 0x0100020302ULL; /* Aff3 1, Aff2 2, Aff1 3, Aff0 2 */
    for (unsigned int i = 0; i < 3; i++) {
        uint64_t t = rd(d, RD(i) + 0x8, 8);
        CHECK(((t >> 8) & 0xffff) == i);
        CHECK(!!(t & (1u << 4)) == (i == 2));
        CHECK(!(t & 1)); /* no PLPIS */
        if (i < 2)
            CHECK(t >> 32 == i);
    }
    uint64_t t2 = rd(d, RD(2) + 0x8, 8);
    CHECK(t2 >> 32 == 0x01020302u);
    CHECK(rd32(d, RD(2) + 0x8) == (uint32_t)t2);
    CHECK(rd32(d, RD(2) + 0xc) == 0x01020302u);
    CHECK(rd32(d, RD(1) + 0xffe8) == 0x30);
    CHECK(rd32(d, RD(1) + 0x0) == 0);
    CHECK(rd(d, RD(1) + 0x70, 8) == 0); /* PROPBASER */
    CHECK(rd32(d, RD(1) + 0x14) == 0x6);
    wr32(d, RD(1) + 0x14, 0);
    CHECK(rd32(d, RD(1) + 0x14) == 0);
    CHECK(rd32(d, RD(0) + 0x14) == 0x6); /* per vCPU */
    wr32(d, RD(1) + 0x14, 0x2);
    CHECK(rd32(d, RD(1) + 0x14) == 0x6);
    dom_free(d);
}

/* Set/clear register pairs in the GICD (SPIs) and the GICR (private). */
TEST(vgic_enable_pending_active_bits)
{
    struct domain *d = dom_new(2);
    REQUIRE(d);
    wr32(d, GICD + 0x104, 0x5);
    CHECK(rd32(d, GICD + 0x104) == 0x5 && rd32(d, GICD + 0x184) == 0x5);
    wr32(d, GICD + 0x184, 0x1);
    CHECK(rd32(d, GICD + 0x104) == 0x4);
    wr32(d, GICD + 0x208, 0x30);
    CHECK(rd32(d, GICD + 0x208) == 0x30 && rd32(d, GICD + 0x288) == 0x30);
    wr32(d, GICD + 0x288, 0x10);
    CHECK(rd32(d, GICD + 0x208) == 0x20);
    wr32(d, GICD + 0x304, 0x100);
    CHECK(rd32(d, GICD + 0x384) == 0x100);
    wr32(d, GICD + 0x384, 0x100);
    CHECK(rd32(d, GICD + 0x304) == 0);
    CHECK(rd32(d, GICD + 0x84) == 0xffffffffu); /* Group 1 at reset */
    /* Private words in the GICD and words beyond the SPIs: RAZ/WI. */
    wr32(d, GICD + 0x100, 0xffffffffu);
    CHECK(rd32(d, GICD + 0x100) == 0);
    wr32(d, GICD + 0x10c, 0xffffffffu);
    CHECK(rd32(d, GICD + 0x10c) == 0);
    /* GICR: SGIs enabled at reset; per-vCPU state. */
    CHECK(rd32(d, SGI(1) + 0x100) == 0xffff);
    wr32(d, SGI(1) + 0x180, 0xffffffffu);
    wr32(d, SGI(1) + 0x100, 0x08000002u);
    CHECK(rd32(d, SGI(1) + 0x100) == 0x08000002u);
    CHECK(rd32(d, SGI(0) + 0x100) == 0xffff);
    wr32(d, SGI(1) + 0x200, 0x2);
    CHECK(rd32(d, SGI(1) + 0x280) == 0x2);
    CHECK(fake_kicks[1] == 1); /* enabled and now pending */
    wr32(d, SGI(1) + 0x280, 0x2);
    CHECK(rd32(d, SGI(1) + 0x200) == 0);
    CHECK(rd32(d, SGI(1) + 0xc00) == 0xaaaaaaaau); /* SGIs: edge, fixed */
    wr32(d, SGI(1) + 0xc00, 0);
    CHECK(rd32(d, SGI(1) + 0xc00) == 0xaaaaaaaau);
    wr32(d, SGI(1) + 0xc04, 0x00000008u); /* PPI 17 edge */
    CHECK(rd32(d, SGI(1) + 0xc04) == 0x8);
    wr32(d, GICD + 0xc08, 0xaaaaaaaau); /* SPIs 32-47 edge */
    CHECK(rd32(d, GICD + 0xc08) == 0xaaaaaaaau && rd32(d, GICD + 0xc0c) == 0);
    dom_free(d);
}

/* IPRIORITYR by byte and by word keeps 5 bits, in the GICD and GICR. */
TEST(vgic_priority_bytes_and_words)
{
    struct domain *d = dom_new(2);
    REQUIRE(d);
    wr(d, GICD + 0x400 + 40, 1, 0xff);
    CHECK(rd(d, GICD + 0x400 + 40, 1) == 0xf8);
    wr32(d, GICD + 0x400 + 44, 0x12345678u);
    CHECK(rd32(d, GICD + 0x400 + 44) == (0x12345678u & 0xf8f8f8f8u));
    CHECK(rd(d, GICD + 0x400 + 45, 1) == (0x56 & 0xf8));
    wr32(d, GICD + 0x400 + 4, 0xffffffffu); /* private: RAZ/WI in the GICD */
    CHECK(rd32(d, GICD + 0x400 + 4) == 0);
    wr(d, SGI(1) + 0x400 + 2, 1, 0x47);
    CHECK(rd32(d, SGI(1) + 0x400) == 0x400000u);
    CHECK(rd32(d, SGI(0) + 0x400) == 0);
    dom_free(d);
}

/* Widths a register does not support and misaligned accesses abort and
 * change nothing; unknown offsets are RAZ/WI. */
TEST(vgic_bad_access_sizes_refused)
{
    struct domain *d = dom_new(2);
    REQUIRE(d);
    uint64_t v = 0xff;
    wr(d, GICD + 0x400 + 40, 1, 0x80);
    CHECK(!mm(d, GICD, 1, false, &v));
    CHECK(!mm(d, GICD, 8, true, &v));
    CHECK(rd32(d, GICD) == (VGIC_CTLR_ARE | VGIC_CTLR_DS));
    CHECK(!mm(d, GICD + 0x400 + 40, 2, true, &v));
    CHECK(!mm(d, GICD + 0x400 + 41, 4, true, &v));
    CHECK(rd(d, GICD + 0x400 + 40, 1) == 0x80);
    CHECK(!mm(d, GICD + 0x104, 8, true, &v));
    CHECK(!mm(d, GICD + 0x106, 2, true, &v));
    CHECK(!mm(d, GICD + 0x105, 1, true, &v));
    CHECK(rd32(d, GICD + 0x104) == 0);
    CHECK(!mm(d, GICD + 0x6000 + 8 * 40 + 2, 4, true, &v));
    CHECK(!mm(d, GICD + 0x6000 + 8 * 40, 1, true, &v));
    CHECK(rd(d, GICD + 0x6000 + 8 * 40, 8) == 0);
    CHECK(!mm(d, RD(0) + 0x8, 1, false, &v));
    CHECK(!mm(d, RD(0) + 0x14, 8, false, &v));
    CHECK(!mm(d, SGI(0) + 0x100, 2, true, &v));
    CHECK(!mm(d, SGI(0) + 0xc04, 8, true, &v));
    CHECK(!mm(d, GICD + 0xffe8, 1, false, &v));
    CHECK(rd32(d, GICD + 0x5000) == 0); /* unknown offsets */
    wr32(d, GICD + 0x5000, 1);
    CHECK(rd(d, SGI(1) + 0x800, 8) == 0);
    CHECK(rd32(d, GICD + 0xf10) == 0 && rd(d, GICD + 0xf11, 1) == 0);
    dom_free(d);
}

/* GICD_IROUTER picks the vCPU; injection kicks it; has_pending follows. */
TEST(vgic_irouter_routes_spi_to_vcpu1)
{
    struct domain *d = dom_new(2);
    REQUIRE(d);
    struct vcpu *v0 = d->vcpus[0], *v1 = d->vcpus[1];
    wr(d, GICD + 0x6000 + 8 * 40, 8, 1); /* Aff0 1: vCPU 1 */
    CHECK(rd(d, GICD + 0x6000 + 8 * 40, 8) == 1);
    spi_setup(d, 40, 0x20);
    v0->arch.vgic.vmcr = v1->arch.vgic.vmcr = PMR(0xf0);
    vgic_inject(d, NULL, 40);
    CHECK(fake_kicks[1] == 1 && fake_kicks[0] == 0);
    CHECK(vgic_has_pending(v1));
    CHECK(!vgic_has_pending(v0));
    v1->arch.vgic.vmcr = PMR(0x20); /* masked: not above the mask */
    CHECK(!vgic_has_pending(v1));
    /* 32-bit halves: IRM=1 goes to vCPU 0; Aff3 in the upper half. */
    wr32(d, GICD + 0x6000 + 8 * 40, 0x80000000u);
    CHECK(fake_kicks[0] == 1);
    CHECK(vgic_has_pending(v0));
    wr32(d, GICD + 0x6000 + 8 * 40 + 4, 0xffffffffu);
    CHECK(rd(d, GICD + 0x6000 + 8 * 40, 8) == 0xff80000000ULL);
    /* Routed to no existing vCPU: pending but undelivered. */
    unsigned int k0 = fake_kicks[0], k1 = fake_kicks[1];
    wr(d, GICD + 0x6000 + 8 * 41, 8, 7);
    spi_setup(d, 41, 0x20);
    vgic_inject(d, NULL, 41);
    CHECK(fake_kicks[0] == k0 && fake_kicks[1] == k1);
    CHECK(rd32(d, GICD + 0x204) == ((1u << 8) | (1u << 9)));
    dom_free(d);
}

/* ICC_SGI1R_EL1: a target list, and IRM=1 (all but self). */
TEST(vgic_sgi_target_list_and_broadcast)
{
    struct domain *d = dom_new(4);
    REQUIRE(d);
    vgic_sgi_write(d->vcpus[0], 3ULL << 24 | 0x6); /* vCPUs 1 and 2 */
    for (unsigned int i = 0; i < 4; i++)
        CHECK(rd32(d, SGI(i) + 0x200) == ((i == 1 || i == 2) ? 1u << 3 : 0));
    CHECK(fake_kicks[1] == 1 && fake_kicks[2] == 1 && fake_kicks[3] == 0);
    vgic_sgi_write(d->vcpus[2], 1ULL << 40 | 5ULL << 24);
    for (unsigned int i = 0; i < 4; i++)
        CHECK(!!(rd32(d, SGI(i) + 0x200) & (1u << 5)) == (i != 2));
    /* Aff1 or RS naming nobody: nothing happens. */
    vgic_sgi_write(d->vcpus[0], 1ULL << 16 | 7ULL << 24 | 0xffff);
    vgic_sgi_write(d->vcpus[0], 1ULL << 44 | 7ULL << 24 | 0xffff);
    for (unsigned int i = 0; i < 4; i++)
        CHECK(!(rd32(d, SGI(i) + 0x200) & (1u << 7)));
    dom_free(d);
}

/* Six pending SPIs, four LRs: the best four in order, UIE; after the
 * guest EOIs two, sync + flush bring in the rest. */
TEST(vgic_flush_overflow_and_refill)
{
    static const uint8_t prio[6] = {0x80, 0x40, 0x40, 0x10, 0xa0, 0x20}; /* SPIs 32-37 */
    struct domain *d = dom_new(2);
    REQUIRE(d);
    struct vcpu *v = d->vcpus[0];
    for (unsigned int i = 0; i < 6; i++) {
        spi_setup(d, 32 + i, prio[i]);
        vgic_inject(d, NULL, 32 + i);
    }
    CHECK(vgic_nr_lrs() == 4);
    vgic_vcpu_load(v);
    vgic_flush_lrs(v);
    CHECK(fake_lr[0] == lr_pending(35, 0x10));
    CHECK(fake_lr[1] == lr_pending(37, 0x20));
    CHECK(fake_lr[2] == lr_pending(33, 0x40)); /* tie: lower INTID first */
    CHECK(fake_lr[3] == lr_pending(34, 0x40));
    CHECK(fake_ich_hcr == (VGIC_HCR_EN | VGIC_HCR_UIE));
    CHECK(rd32(d, GICD + 0x204) == 0x3f); /* all still read as pending */
    /* The guest: EOIs LR0 and LR1, acknowledges LR2, leaves LR3 pending. */
    fake_lr[0] &= ~VGIC_LR_STATE;
    fake_lr[1] &= ~VGIC_LR_STATE;
    fake_lr[2] = (fake_lr[2] & ~VGIC_LR_STATE) | VGIC_LR_ACTIVE;
    vgic_maintenance();
    CHECK(fake_ich_hcr == VGIC_HCR_EN);
    vgic_sync_lrs(v);
    CHECK(!(fake_ich_hcr & VGIC_HCR_UIE));
    CHECK(rd32(d, GICD + 0x304) == 1u << 1); /* 33 active */
    vgic_flush_lrs(v);
    CHECK(fake_lr[0] == lr_pending(34, 0x40));
    CHECK(fake_lr[1] == lr_pending(32, 0x80));
    CHECK(fake_lr[2] == ((lr_pending(33, 0x40) & ~VGIC_LR_STATE) | VGIC_LR_ACTIVE));
    CHECK(fake_lr[3] == lr_pending(36, 0xa0));
    CHECK(fake_ich_hcr == VGIC_HCR_EN); /* everything fits */
    CHECK(rd32(d, GICD + 0x204) == ((1u << 0) | (1u << 2) | (1u << 4)));
    /* A new edge of the active one: pending+active in its LR. */
    vgic_inject(d, NULL, 33);
    vgic_sync_lrs(v);
    vgic_flush_lrs(v);
    CHECK(fake_lr[2] == (lr_pending(33, 0x40) | VGIC_LR_ACTIVE));
    dom_free(d);
}

/* Private interrupts compete with SPIs by priority; disabled ones and a
 * disabled group stay out of the LRs. */
TEST(vgic_flush_mixes_private_and_spi)
{
    struct domain *d = dom_new(2);
    REQUIRE(d);
    struct vcpu *v = d->vcpus[1];
    wr(d, SGI(1) + 0x400 + 27, 1, 0x08);
    wr32(d, SGI(1) + 0x100, 1u << 27);
    wr(d, GICD + 0x6000 + 8 * 50, 8, 1);
    wr(d, GICD + 0x400 + 50, 1, 0x00);
    wr32(d, GICD + 0x104, 1u << 18);
    vgic_inject(d, v, 27);
    vgic_inject(d, v, 20); /* PPI 20: disabled */
    vgic_inject(d, NULL, 50);
    vgic_flush_lrs(v);
    CHECK(fake_lr[0] == lr_pending(27, 0x08)); /* Group 1 is off in GICD_CTLR */
    CHECK(fake_lr[1] == 0);
    wr32(d, GICD, VGIC_CTLR_GRP1);
    vgic_sync_lrs(v);
    vgic_flush_lrs(v);
    CHECK(fake_lr[0] == lr_pending(50, 0x00));
    CHECK(fake_lr[1] == lr_pending(27, 0x08));
    CHECK(fake_lr[2] == 0 && fake_ich_hcr == VGIC_HCR_EN);
    dom_free(d);
}

/* HW SPI: enable routes the physical one to the target's pCPU, IROUTER
 * and migration re-route, ICENABLER disables. */
TEST(vgic_hw_spi_enable_and_route)
{
    static const uint32_t hw[] = {48, 2000, 5};
    struct domain *d = dom_new(2);
    REQUIRE(d);
    vgic_set_hw_spis(d, hw, 3);                               /* the bad ones are ignored */
    CHECK(fake_enable_calls == 0 && fake_disable_calls == 1); /* not enabled yet */
    wr(d, GICD + 0x6000 + 8 * 48, 8, 1);
    wr32(d, GICD + 0x104, 1u << 16);
    CHECK(fake_enable_calls == 1 && fake_enable_intid == 48);
    CHECK(fake_enable_mpidr == vgic_hw_pcpu_mpidr(d->vcpus[1]->pcpu));
    wr32(d, GICD + 0x6000 + 8 * 48, 0);
    CHECK(fake_enable_calls == 2 && fake_enable_mpidr == vgic_hw_pcpu_mpidr(d->vcpus[0]->pcpu));
    d->vcpus[0]->pcpu = 3; /* the scheduler moved vCPU 0 */
    vgic_vcpu_migrated(d->vcpus[1]);
    CHECK(fake_enable_calls == 2);
    vgic_vcpu_migrated(d->vcpus[0]);
    CHECK(fake_enable_calls == 3 && fake_enable_mpidr == vgic_hw_pcpu_mpidr(3));
    wr32(d, GICD + 0x184, 1u << 16);
    CHECK(fake_disable_calls == 2 && fake_disable_intid == 48);
    wr32(d, GICD + 0x104, 1u << 17); /* SPI 49: not HW backed */
    CHECK(fake_enable_calls == 3);
    dom_free(d);
}

/* inject_hw_spi puts LR.HW=1 with the pINTID; the guest's deactivation
 * ends it without a deactivation by the hypervisor. */
TEST(vgic_hw_spi_inject_sets_hw_bit)
{
    static const uint32_t hw[] = {48};
    struct domain *d = dom_new(2);
    REQUIRE(d);
    struct vcpu *v = d->vcpus[0];
    vgic_set_hw_spis(d, hw, 1);
    spi_setup(d, 48, 0x30);
    CHECK(vgic_inject_hw_spi(d, 48));
    CHECK(fake_kicks[0] == 1);
    vgic_flush_lrs(v);
    CHECK(fake_lr[0] == (lr_pending(48, 0x30) | VGIC_LR_HW | 48ULL << VGIC_LR_PINTID_SHIFT));
    fake_lr[0] = (fake_lr[0] & ~VGIC_LR_STATE) | VGIC_LR_ACTIVE; /* acked */
    vgic_sync_lrs(v);
    CHECK(fake_lr[0] & VGIC_LR_ACTIVE);
    fake_lr[0] &= ~VGIC_LR_STATE; /* deactivated: the hardware did the physical */
    vgic_sync_lrs(v);
    vgic_flush_lrs(v);
    CHECK(!(fake_lr[0] & VGIC_LR_STATE) && fake_deactivate_calls == 0);
    CHECK(rd32(d, GICD + 0x204) == 0 && rd32(d, GICD + 0x304) == 0);
    /* Pending but not taken yet, then ICPENDR: the physical one is let go. */
    CHECK(vgic_inject_hw_spi(d, 48));
    wr32(d, GICD + 0x284, 1u << 16);
    CHECK(fake_deactivate_calls == 1 && fake_deactivate_intid == 48);
    dom_free(d);
}

/* A HW SPI the guest disabled (or that is not HW backed) is deactivated. */
TEST(vgic_hw_spi_disabled_is_deactivated)
{
    static const uint32_t hw[] = {48};
    struct domain *d = dom_new(2);
    REQUIRE(d);
    vgic_set_hw_spis(d, hw, 1);
    wr32(d, GICD, VGIC_CTLR_GRP1);
    CHECK(!vgic_inject_hw_spi(d, 48));
    CHECK(fake_deactivate_calls == 1 && fake_deactivate_intid == 48);
    CHECK(rd32(d, GICD + 0x204) == 0 && fake_kicks[0] == 0);
    CHECK(!vgic_inject_hw_spi(d, 49)); /* not HW backed */
    CHECK(!vgic_inject_hw_spi(d, 4000));
    CHECK(fake_deactivate_calls == 3);
    dom_free(d);
}

/* Out-of-range INTIDs, missing targets and odd SGI values do no harm. */
TEST(vgic_bad_inputs_ignored)
{
    struct domain *d = dom_new(2);
    REQUIRE(d);
    struct domain *other = calloc(1, sizeof(*other));
    vgic_inject(d, NULL, 5);
    vgic_inject(d, d->vcpus[0], 32 + NR_SPIS);
    vgic_inject(d, d->vcpus[0], 1020);
    vgic_inject(d, d->vcpus[0], 0xffffffffu);
    struct vcpu stranger = {.id = 0, .dom = other};
    vgic_inject(d, &stranger, 3);
    CHECK(fake_kicks[0] == 0 && fake_kicks[1] == 0);
    CHECK(rd32(d, SGI(0) + 0x200) == 0 && rd32(d, SGI(1) + 0x200) == 0);
    vgic_sgi_write(d->vcpus[0], 0xffffffffffffffffULL & ~(1ULL << 40)); /* Aff all ones */
    CHECK(rd32(d, SGI(1) + 0x200) == 0);
    vgic_sgi_write(d->vcpus[0], 0xffffffffffffffffULL); /* IRM: SGI 15 to the others */
    CHECK(rd32(d, SGI(1) + 0x200) == 1u << 15 && rd32(d, SGI(0) + 0x200) == 0);
    free(other);
    dom_free(d);
}

/* load restores VMCR, APRs, LRs and sets En; put saves them, HCR = 0. */
TEST(vgic_load_put_and_maintenance)
{
    struct domain *d = dom_new(2);
    REQUIRE(d);
    struct vcpu *v = d->vcpus[0];
    spi_setup(d, 33, 0x40);
    vgic_inject(d, NULL, 33);
    v->arch.vgic.vmcr = PMR(0xf0) | 2;
    v->arch.vgic.ap1r[0] = 0x4;
    fake_lr[3] = 0x1234; /* another vCPU's leftovers */
    vgic_vcpu_load(v);
    CHECK(fake_ich_vmcr == (PMR(0xf0) | 2) && fake_ich_apr[1][0] == 0x4);
    CHECK(fake_lr[3] == 0 && fake_ich_hcr == VGIC_HCR_EN);
    vgic_flush_lrs(v);
    fake_lr[0] = (fake_lr[0] & ~VGIC_LR_STATE) | VGIC_LR_ACTIVE;
    fake_ich_vmcr = PMR(0x80);
    fake_ich_apr[1][0] = 0x8;
    vgic_vcpu_put(v);
    CHECK(fake_ich_hcr == 0);
    CHECK(v->arch.vgic.vmcr == PMR(0x80) && v->arch.vgic.ap1r[0] == 0x8);
    memset(fake_lr, 0, sizeof(fake_lr));
    vgic_vcpu_load(v);
    CHECK(fake_lr[0] == ((lr_pending(33, 0x40) & ~VGIC_LR_STATE) | VGIC_LR_ACTIVE));
    fake_ich_hcr = VGIC_HCR_EN | VGIC_HCR_UIE;
    vgic_maintenance();
    CHECK(fake_ich_hcr == VGIC_HCR_EN);
    dom_free(d);
}

/* A pending LR taken back at sync makes room for a higher priority. */
TEST(vgic_pending_lr_yields_to_higher_priority)
{
    struct domain *d = dom_new(1);
    REQUIRE(d);
    struct vcpu *v = d->vcpus[0];
    for (unsigned int i = 0; i < 4; i++) {
        spi_setup(d, 40 + i, 0x80);
        vgic_inject(d, NULL, 40 + i);
    }
    vgic_flush_lrs(v);
    CHECK(fake_ich_hcr == VGIC_HCR_EN);
    spi_setup(d, 60, 0x08);
    vgic_inject(d, NULL, 60);
    vgic_sync_lrs(v); /* the guest took none of them */
    vgic_flush_lrs(v);
    CHECK(fake_lr[0] == lr_pending(60, 0x08));
    CHECK(fake_lr[1] == lr_pending(40, 0x80) && fake_lr[3] == lr_pending(42, 0x80));
    CHECK(fake_ich_hcr == (VGIC_HCR_EN | VGIC_HCR_UIE));
    v->arch.vgic.vmcr = PMR(0x10);
    CHECK(vgic_has_pending(v)); /* 60 is in an LR, pending, above the mask */
    dom_free(d);
}
