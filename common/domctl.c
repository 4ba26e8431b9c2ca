/*
 * Domus's own domctl (xen/domus_domctl.h): the control domain builds,
 * pauses and destroys other domains. The argument block is copied in
 * whole, checked, acted on, and copied back. The control domain itself is
 * never a target (it is not paused or destroyed this way).
 */
#include <string.h>

#include "common/domain.h"
#include "common/errno.h"
#include "common/grant_table.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "xen/domus_domctl.h"

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

static long createdomain(struct domus_domctl *op)
{
    struct domus_domctl_createdomain *c = &op->u.createdomain;
    if (c->flags || c->max_grant_frames > GNTTAB_MAX_FRAMES ||
        c->max_maptrack_frames > GNTTAB_MAX_MAPTRACK / GNTTAB_MAPTRACK_PER_FRAME ||
        !all_zero((const uint8_t *)c + sizeof(*c), sizeof(op->u) - sizeof(*c)))
        return -EINVAL;
    int err;
    struct domain *d = domain_create_domu(op->domid, c->max_vcpus, &err);
    if (!d)
        return err;
    unsigned int frames = c->max_grant_frames ? c->max_grant_frames : GNTTAB_MAX_FRAMES;
    unsigned int maps = c->max_maptrack_frames ? c->max_maptrack_frames * GNTTAB_MAPTRACK_PER_FRAME
                                               : GNTTAB_MAX_MAPTRACK;
    if (gnttab_set_limits(d, frames, maps) != 0) {
        (void)domain_destroy(d);
        return -EINVAL;
    }
    op->domid = d->id;
    return 0;
}

static long max_mem(struct domain *d, const struct domus_domctl_max_mem *m)
{
    spin_lock(&d->lock);
    long rc = m->max_pages < d->tot_pages ? -EINVAL : 0;
    if (rc == 0)
        d->max_pages = m->max_pages;
    spin_unlock(&d->lock);
    return rc;
}

static long setvcpucontext(struct domain *d, const struct domus_domctl_setvcpucontext *c)
{
    struct vcpu *v = domain_vcpu(d, c->vcpu);
    if (!v || c->flags)
        return -EINVAL;
    /* Only a vCPU that is off: never one the guest is running. Paused
     * domains only, so no PSCI CPU_ON from the guest races with this. */
    if (atomic_load(&v->state) != VCPU_OFFLINE)
        return -EBUSY;
    if (!domain_paused(d))
        return -EBUSY;
    arch_vcpu_set_entry(v, c->pc, c->x);
    vcpu_wake(v);
    return 0;
}

static long on_domain(struct domus_domctl *op)
{
    struct domain *d = domain_by_id(op->domid);
    if (!d || atomic_load(&d->dying))
        return -ESRCH;
    if (d->is_privileged)
        return -EPERM;
    switch (op->cmd) {
    case DOMUS_DOMCTL_destroydomain: return domain_destroy(d);
    case DOMUS_DOMCTL_pausedomain: domain_pause(d); return 0;
    case DOMUS_DOMCTL_unpausedomain: return domain_unpause(d);
    case DOMUS_DOMCTL_max_mem: return max_mem(d, &op->u.max_mem);
    case DOMUS_DOMCTL_setvcpucontext: return setvcpucontext(d, &op->u.setvcpucontext);
    default: return -ENOSYS;
    }
}

long do_domctl(struct vcpu *v, uint64_t arg)
{
    struct domus_domctl op;
    if (!v->dom->is_privileged)
        return -EPERM;
    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != DOMUS_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!all_zero(op.pad, sizeof(op.pad)))
        return -EINVAL;
    long rc;
    switch (op.cmd) {
    case DOMUS_DOMCTL_createdomain: rc = createdomain(&op); break;
    case DOMUS_DOMCTL_destroydomain:
    case DOMUS_DOMCTL_pausedomain:
    case DOMUS_DOMCTL_unpausedomain:
    case DOMUS_DOMCTL_max_mem:
    case DOMUS_DOMCTL_setvcpucontext: rc = on_domain(&op); break;
    default: return -ENOSYS;
    }
    if (rc == 0 && copy_to_guest(v, arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
