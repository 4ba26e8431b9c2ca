/*
 * memory_op: what backs a domain's guest frames.
 *  - add_to_physmap(_batch): the domain's shared_info page or grant-table
 *    frames at a guest frame of its choice (replacing the RAM there, as on
 *    Xen), and for the control domain other domains' frames (foreign
 *    mappings, common/foreign_map.c);
 *  - remove_from_physmap: unmaps what a guest frame holds;
 *  - decrease_reservation / populate_physmap: ballooning
 *    (common/physmap_reservation.c);
 *  - current/maximum_reservation: the domain's size and limit.
 * Reservation ops return how many extents were done, as Xen: a partial
 * count means the next extent failed (or the per-call bound was reached;
 * the caller goes on from there).
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/event_channel.h"
#include "common/grant_table.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/page_alloc.h"
#include "common/physmap.h"
#include "xen/memory.h"
#include "xen/xen.h"

/* Extents handled per reservation call, to bound time spent at EL2. */
#define EXTENTS_PER_CALL 1024

/* The domain a memory_op names: the caller's own, or for the control
 * domain any existing one. */
static struct domain *target_domain(struct vcpu *v, domid_t id)
{
    if (id == DOMID_SELF || id == v->dom->id)
        return v->dom;
    struct domain *d = v->dom->is_privileged ? domain_by_id(id) : NULL;
    return d && !atomic_load(&d->dying) ? d : NULL; /* a dying one's RAM is going */
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
    paddr_t old = physmap_replacing(d, gpfn);
    int rc = p2m_map(&d->p2m, gpfn << PAGE_SHIFT, pa, PAGE_SIZE, P2M_RAM_RW);
    physmap_replaced(d, gpfn, old);
    if (rc)
        return -ENOMEM;
    evtchn_shared_info_ready(d);
    return 0;
}

/* One page of 'space' at gpfn of d (the caller is v). */
static long add_one(struct vcpu *v, struct domain *d, unsigned int space, uint64_t idx,
                    uint64_t gpfn, domid_t foreign)
{
    if (space == XENMAPSPACE_gmfn_foreign) {
        if (!v->dom->is_privileged)
            return -EPERM;
        return foreign_map_add(d, gpfn, foreign, idx);
    }
    if (!physmap_gfn_replaceable(d, gpfn))
        return -EINVAL;
    switch (space) {
    case XENMAPSPACE_shared_info: return idx == 0 ? map_shared_info(d, gpfn) : -EINVAL;
    case XENMAPSPACE_grant_table: {
        paddr_t pa;
        if (idx > UINT32_MAX || gnttab_frame_pa(d, (unsigned int)idx, &pa) != 0)
            return -EINVAL;
        paddr_t old = physmap_replacing(d, gpfn);
        int rc = p2m_map(&d->p2m, gpfn << PAGE_SHIFT, pa, PAGE_SIZE, P2M_RAM_RW);
        physmap_replaced(d, gpfn, old);
        return rc ? -ENOMEM : 0;
    }
    case XENMAPSPACE_gmfn:
    case XENMAPSPACE_gmfn_range:
    case XENMAPSPACE_dev_mmio: return -EOPNOTSUPP; /* not needed by Linux on a DT dom0 */
    default: return -ENOSYS;
    }
}

static long add_to_physmap(struct vcpu *v, uint64_t arg)
{
    struct xen_add_to_physmap x;
    if (copy_from_guest(v, &x, arg, sizeof(x)))
        return -EFAULT;
    struct domain *d = target_domain(v, x.domid);
    if (!d)
        return -ESRCH;
    if (x.space == XENMAPSPACE_gmfn_foreign)
        return -EINVAL; /* needs the owner's id: batch only */
    return add_one(v, d, x.space, x.idx, x.gpfn, DOMID_INVALID);
}

/* Per-page results go to errs[]; the call fails only if the request
 * itself is bad or a list cannot be read or written. */
static long add_to_physmap_batch(struct vcpu *v, uint64_t start, uint64_t arg)
{
    struct xen_add_to_physmap_batch b;
    if (copy_from_guest(v, &b, arg, sizeof(b)))
        return -EFAULT;
    struct domain *d = target_domain(v, b.domid);
    if (!d)
        return -ESRCH;
    if (b.space == XENMAPSPACE_gmfn_range)
        return -EOPNOTSUPP;
    for (uint64_t i = start; i < b.size; i++) {
        uint64_t idx, gpfn;
        if (copy_from_guest(v, &idx, b.idxs.p + i * sizeof(idx), sizeof(idx)) ||
            copy_from_guest(v, &gpfn, b.gpfns.p + i * sizeof(gpfn), sizeof(gpfn)))
            return -EFAULT;
        int32_t err = (int32_t)add_one(v, d, b.space, idx, gpfn, b.foreign_domid);
        if (copy_to_guest(v, b.errs.p + i * sizeof(err), &err, sizeof(err)))
            return -EFAULT;
    }
    return 0;
}

static long remove_from_physmap(struct vcpu *v, uint64_t arg)
{
    struct xen_remove_from_physmap x;
    if (copy_from_guest(v, &x, arg, sizeof(x)))
        return -EFAULT;
    struct domain *d = target_domain(v, x.domid);
    return d ? physmap_remove(d, x.gpfn) : -ESRCH;
}

/* decrease_reservation / populate_physmap: returns the index of the first
 * extent not done (start + extents done now). mem_flags (address width,
 * NUMA node) are ignored: a 48-bit guest-physical space and one node. */
static long reservation_op(struct vcpu *v, unsigned int cmd, uint64_t start, uint64_t arg)
{
    struct xen_memory_reservation r;
    if (copy_from_guest(v, &r, arg, sizeof(r)))
        return -EFAULT;
    struct domain *d = target_domain(v, r.domid);
    if (!d)
        return -ESRCH;
    if (r.extent_order > PHYSMAP_MAX_ORDER || (r.mem_flags & XENMEMF_populate_on_demand))
        return -EINVAL;
    uint64_t i = start;
    for (; i < r.nr_extents && i - start < EXTENTS_PER_CALL; i++) {
        uint64_t gfn;
        if (copy_from_guest(v, &gfn, r.extent_start.p + i * sizeof(gfn), sizeof(gfn)))
            break;
        int rc = cmd == XENMEM_populate_physmap ? physmap_populate(d, gfn, r.extent_order)
                                                : physmap_decrease(d, gfn, r.extent_order);
        if (rc)
            break;
    }
    return (long)i;
}

static long reservation(struct vcpu *v, unsigned int cmd, uint64_t arg)
{
    domid_t id;
    if (copy_from_guest(v, &id, arg, sizeof(id)))
        return -EFAULT;
    struct domain *d = target_domain(v, id);
    if (!d)
        return -ESRCH;
    return (long)(cmd == XENMEM_current_reservation ? d->tot_pages : d->max_pages);
}

long do_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    unsigned int op = (unsigned int)(cmd & MEMOP_CMD_MASK);
    uint64_t start = cmd >> MEMOP_EXTENT_SHIFT;
    if (start && op != XENMEM_decrease_reservation && op != XENMEM_populate_physmap &&
        op != XENMEM_add_to_physmap_batch)
        return -ENOSYS; /* no progress word on other ops */
    switch (op) {
    case XENMEM_add_to_physmap: return add_to_physmap(v, arg);
    case XENMEM_add_to_physmap_batch: return add_to_physmap_batch(v, start, arg);
    case XENMEM_remove_from_physmap: return remove_from_physmap(v, arg);
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap: return reservation_op(v, op, start, arg);
    case XENMEM_increase_reservation: return -EOPNOTSUPP; /* frames unusable to arm guests */
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation: return reservation(v, op, arg);
    default: return -ENOSYS;
    }
}
