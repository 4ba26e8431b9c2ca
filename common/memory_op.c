/*
 * memory_op, the parts an auto-translated guest needs first:
 * XENMEM_add_to_physmap places the domain's shared_info page or one of its
 * grant-table frames at a guest frame of its choice (replacing the RAM
 * there, as on Xen), and current/maximum_reservation report its size. The
 * other sub-ops (populate/decrease, batches of foreign frames, removal)
 * answer -ENOSYS until they are built.
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/event_channel.h"
#include "common/grant_table.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/mmio.h"
#include "common/page_alloc.h"
#include "xen/memory.h"
#include "xen/xen.h"

static struct domain *target_domain(struct vcpu *v, domid_t id)
{
    if (id == DOMID_SELF || id == v->dom->id)
        return v->dom;
    return NULL; /* other domains: through the toolstack's own calls later */
}

/* The guest frame must be RAM of the domain or nothing: never a device
 * (passed through or emulated) or another domain's grant. */
static bool gpfn_ok(struct domain *d, uint64_t gpfn)
{
    paddr_t pa;
    enum p2m_type t;
    uint64_t gpa = gpfn << PAGE_SHIFT;
    if (gpfn >= (1ULL << (64 - PAGE_SHIFT)) || gpa >= d->p2m.ipa_limit || mmio_covers(d, gpa))
        return false;
    if (p2m_lookup(&d->p2m, gpa, &pa, &t, NULL) != 0)
        return true;
    return t == P2M_RAM_RW || t == P2M_RAM_RO;
}

static long map_shared_info(struct domain *d, uint64_t gpfn)
{
    if (!d->shared_info) {
        void *page = page_alloc_zeroed_va();
        if (!page)
            return -ENOMEM;
        d->shared_info = page;
    }
    paddr_t pa = arch_virt_to_phys(d->shared_info);
    if (p2m_map(&d->p2m, gpfn << PAGE_SHIFT, pa, PAGE_SIZE, P2M_RAM_RW) != 0)
        return -ENOMEM;
    evtchn_shared_info_ready(d);
    return 0;
}

static long add_to_physmap(struct vcpu *v, uint64_t arg)
{
    struct xen_add_to_physmap x;
    if (copy_from_guest(v, &x, arg, sizeof(x)))
        return -EFAULT;
    struct domain *d = target_domain(v, x.domid);
    if (!d)
        return -ESRCH;
    if (!gpfn_ok(d, x.gpfn))
        return -EINVAL;
    switch (x.space) {
    case XENMAPSPACE_shared_info: return x.idx == 0 ? map_shared_info(d, x.gpfn) : -EINVAL;
    case XENMAPSPACE_grant_table: {
        paddr_t pa;
        if (x.idx > UINT32_MAX || gnttab_frame_pa(d, (unsigned int)x.idx, &pa) != 0)
            return -EINVAL;
        return p2m_map(&d->p2m, x.gpfn << PAGE_SHIFT, pa, PAGE_SIZE, P2M_RAM_RW) ? -ENOMEM : 0;
    }
    default: return -ENOSYS;
    }
}

static long reservation(struct vcpu *v, uint64_t arg)
{
    domid_t id;
    if (copy_from_guest(v, &id, arg, sizeof(id)))
        return -EFAULT;
    struct domain *d = target_domain(v, id);
    return d ? (long)d->tot_pages : -ESRCH;
}

long do_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case XENMEM_add_to_physmap: return add_to_physmap(v, arg);
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation: return reservation(v, arg);
    default: return -ENOSYS;
    }
}
