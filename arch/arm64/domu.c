/*
 * arm64 parts of an unprivileged domain (domU): the virtual machine of
 * xen/guest_layout.h. A GICv3 at the guest-layout addresses with a few
 * SPIs (no physical device is passed through yet), the virtual timer and
 * PSCI as every vCPU has them, and nothing else: its console and devices
 * are Xen PV ones, reached through event channels and grants.
 */
#include "arch/arm64/guest.h"
#include "arch/arm64/vgic.h"
#include "common/domain.h"
#include "common/errno.h"
#include "xen/guest_layout.h"

/* SPIs of a domU's vGIC: room for the PL011 one and a few more. */
#define DOMU_NR_SPIS 64

_Static_assert(VGIC_GICR_STRIDE == GUEST_GICV3_RDIST_STRIDE, "one redistributor per stride");
_Static_assert(GUEST_MAX_VCPUS *VGIC_GICR_STRIDE <= GUEST_GICV3_GICR0_SIZE,
               "the redistributor region holds every vCPU's");

int arch_domu_init(struct domain *d)
{
    if (d->nr_vcpus > GUEST_MAX_VCPUS)
        return -EINVAL;
    return vgic_domain_init(d, GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICR0_BASE, DOMU_NR_SPIS);
}

void arch_domain_destroy(struct domain *d)
{
    vgic_domain_destroy(d);
}
