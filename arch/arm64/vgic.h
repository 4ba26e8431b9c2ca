/*
 * The virtual GICv3 guests see: an emulated distributor (GICD) and one
 * emulated redistributor per vCPU (GICR), both trapped as MMIO, with
 * delivery through the GICv3 virtualisation list registers (ICH_LR<n>_EL2).
 *
 * Interrupt state is kept as 32-interrupt banks laid out like the GIC's own
 * one-bit-per-interrupt registers: one private bank (SGIs and PPIs) per
 * vCPU, and nr_spis / 32 shared banks per domain. vgic.c holds state,
 * injection and list-register handling; vgic_mmio.c the register
 * emulation; vgic_hw.c the ICH_* system registers (hypervisor build only).
 *
 * Locks: the per-domain dist lock guards SPI state and GICD_CTLR; the
 * per-vCPU lock guards that vCPU's private bank and list-register shadow.
 * Order: dist lock before a vCPU lock; never two vCPU locks at once.
 * vcpu_kick() is called with no vGIC lock held.
 */
#ifndef ARCH_ARM64_VGIC_H
#define ARCH_ARM64_VGIC_H

#include <stdatomic.h>

#include "common/spinlock.h"
#include "common/types.h"

struct vcpu;
struct domain;
struct mmio_access;

#define VGIC_NR_PRIVATE  32   /* SGIs 0-15 and PPIs 16-31 */
#define VGIC_MAX_SPIS    988  /* INTIDs 32..1019 */
#define VGIC_MAX_INTID   1020 /* first special INTID */
#define VGIC_MAX_LRS     16   /* architectural maximum of ICH_LR<n>_EL2 */
#define VGIC_MAINT_IRQ   25   /* the maintenance interrupt (a PPI) */
#define VGIC_GICD_SIZE   KiB(64)
#define VGIC_GICR_STRIDE KiB(128) /* RD_base frame + SGI_base frame */
#define VGIC_NO_TARGET   0xffffu  /* an SPI routed to no existing vCPU */
#define VGIC_PRIO_MASK   0xf8u    /* 5 priority bits, as ICH_VTR.PRIbits */

/* ICH_LR<n>_EL2 fields. */
#define VGIC_LR_VINTID_MASK  0xffffffffULL
#define VGIC_LR_PINTID_SHIFT 32
#define VGIC_LR_PINTID_MASK  (0x1fffULL << VGIC_LR_PINTID_SHIFT)
#define VGIC_LR_PRIO_SHIFT   48
#define VGIC_LR_GROUP1       (1ULL << 60)
#define VGIC_LR_HW           (1ULL << 61)
#define VGIC_LR_PENDING      (1ULL << 62)
#define VGIC_LR_ACTIVE       (1ULL << 63)
#define VGIC_LR_STATE        (VGIC_LR_PENDING | VGIC_LR_ACTIVE)

/* ICH_HCR_EL2 and ICH_VMCR_EL2 fields. */
#define VGIC_HCR_EN          (1ULL << 0)
#define VGIC_HCR_UIE         (1ULL << 1)
#define VGIC_VMCR_VPMR_SHIFT 24

/* GICD_CTLR bits in the single-security-state view (DS=1). */
#define VGIC_CTLR_GRP0 (1u << 0)
#define VGIC_CTLR_GRP1 (1u << 1)
#define VGIC_CTLR_ARE  (1u << 4)
#define VGIC_CTLR_DS   (1u << 6)

/* 32 interrupts' state, one bit each as in the GIC's own registers. */
struct vgic_bank {
    uint32_t group;    /* IGROUPR: 1 = Group 1 */
    uint32_t enabled;  /* ISENABLER */
    uint32_t pending;  /* pending and not yet conveyed to a list register */
    uint32_t active;   /* active, as last synced from the list registers */
    uint32_t in_lr;    /* held by some vCPU's list register */
    uint32_t lr_pend;  /* in a list register in pending state (last known) */
    uint32_t hw;       /* SPIs: backed 1:1 by the same physical SPI */
    uint32_t phys_act; /* SPIs: the physical one is active, awaiting the guest */
    uint32_t edge;     /* ICFGR Int_config[1]: 1 = edge-triggered */
    uint8_t prio[32];  /* IPRIORITYR, VGIC_PRIO_MASK applied */
};

struct vgic_spi_bank {
    struct vgic_bank b;
    uint64_t irouter[32]; /* GICD_IROUTER as written */
    uint16_t target[32];  /* vCPU id it routes to, or VGIC_NO_TARGET */
};

/* Per-vCPU state (embedded in struct arch_vcpu). */
struct vgic_cpu {
    spinlock_t lock;
    struct vgic_bank priv; /* SGIs and PPIs */
    uint32_t waker;        /* GICR_WAKER */
    uint16_t lr_used;      /* list registers this vCPU owns */
    uint64_t lr[VGIC_MAX_LRS];
    uint64_t hcr, vmcr; /* ICH_HCR_EL2 (our UIE), ICH_VMCR_EL2 (the guest's) */
    uint64_t ap0r[4], ap1r[4];
    uint64_t flushed_gen; /* vgic_dist.gen when its LRs were last filled */
};

/* Per-domain state (embedded in struct arch_domain). */
struct vgic_dist {
    spinlock_t lock;
    uint32_t ctlr;         /* EnableGrp0/EnableGrp1 as written */
    unsigned int nr_banks; /* SPI banks of 32 */
    unsigned int nr_irqs;  /* INTIDs below this exist (32 + SPIs) */
    struct vgic_spi_bank *spis;
    uint64_t gicd_base, gicr_base;
    /* Bumped by every change to interrupt state (distributor or any
     * vCPU's private bank); lets a guest entry skip refilling the LRs
     * when nothing changed since the last fill. */
    _Atomic uint64_t gen;
};

/* Call after changing interrupt state, before kicking anyone. */
static inline void vgic_changed(struct vgic_dist *dist)
{
    atomic_fetch_add(&dist->gen, 1);
}

/* Sets up SPI state and registers the GICD (64 KiB) and GICR (nr_vcpus *
 * 128 KiB) ranges. Call after d->vcpus exist with their vmpidr set (the
 * reset GICD_IROUTER value routes to the vCPU with affinity 0). 0, -EINVAL,
 * -ENOMEM, or mmio_register's error. */
int vgic_domain_init(struct domain *d, uint64_t gicd_base, uint64_t gicr_base,
                     unsigned int nr_spis);
void vgic_domain_destroy(struct domain *d); /* frees SPI state */
int vgic_vcpu_init(struct vcpu *v);

/* Marks vSPIs backed 1:1 by the same physical SPI (dom0 passthrough). */
void vgic_set_hw_spis(struct domain *d, const uint32_t *intids, unsigned int n);
/* v moved to another pCPU (v->pcpu updated): HW SPIs it is the target of
 * follow it, so that they are taken where v runs. */
void vgic_vcpu_migrated(struct vcpu *v);

/* Makes an interrupt pending (edge). target: required below 32, ignored
 * for SPIs (they follow GICD_IROUTER). Bad INTIDs are ignored. */
void vgic_inject(struct domain *d, struct vcpu *target, uint32_t intid);
/* A physical SPI acknowledged and priority-dropped but not deactivated.
 * true: the guest's deactivation will deactivate it (LR.HW); false: the
 * vSPI was not deliverable and the physical one was deactivated here
 * (gicv3_deactivate). */
bool vgic_inject_hw_spi(struct domain *d, uint32_t intid);
/* The guest wrote ICC_SGI1R_EL1 (trapped). */
void vgic_sgi_write(struct vcpu *v, uint64_t sgi1r);
/* An enabled, pending interrupt for v above its priority mask (WFI wake). */
bool vgic_has_pending(struct vcpu *v);

/* Run-loop hooks, on v's own pCPU: flush just before entry (interrupts
 * masked), sync right after every exit, load/put around running v. */
void vgic_flush_lrs(struct vcpu *v);
void vgic_sync_lrs(struct vcpu *v);
void vgic_vcpu_load(struct vcpu *v);
void vgic_vcpu_put(struct vcpu *v);
void vgic_maintenance(void); /* handler of VGIC_MAINT_IRQ */
unsigned int vgic_nr_lrs(void);

/* Internal: shared by vgic.c and vgic_mmio.c. */
bool vgic_gicd_mmio(struct vcpu *v, struct mmio_access *a, void *priv);
bool vgic_gicr_mmio(struct vcpu *v, struct mmio_access *a, void *priv);
unsigned int vgic_route(struct domain *d, uint64_t irouter); /* vCPU id */
void vgic_hw_route(struct domain *d, struct vgic_spi_bank *sb, unsigned int bit);
uint32_t vgic_grp_ok(const struct vgic_dist *dist, const struct vgic_bank *b);
uint32_t vgic_spi_valid(const struct vgic_dist *dist, unsigned int bank);
void vgic_kick_id(struct domain *d, unsigned int vcpu_id);

/* hardware access, arch/arm64/vgic_hw.c (tests/unit/fake_vgic_env.c on the
 * host): the ICH_* registers of the running pCPU. */
uint64_t vgic_hw_read_lr(unsigned int n);
void vgic_hw_write_lr(unsigned int n, uint64_t val);
uint64_t vgic_hw_read_elrsr(void);
uint64_t vgic_hw_read_hcr(void);
void vgic_hw_write_hcr(uint64_t val);
uint64_t vgic_hw_read_vmcr(void);
void vgic_hw_write_vmcr(uint64_t val);
uint64_t vgic_hw_read_vtr(void);
uint64_t vgic_hw_read_apr(unsigned int group, unsigned int n);
void vgic_hw_write_apr(unsigned int group, unsigned int n, uint64_t val);
uint64_t vgic_hw_pcpu_mpidr(unsigned int pcpu); /* a pCPU's MPIDR, for routing */

#endif
