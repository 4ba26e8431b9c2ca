/*
 * hvm_op: the per-domain parameters a guest and its toolstack exchange
 * (how events are signalled, where the xenstore and console rings are).
 * A domain may read and write its own; the control domain any domain's.
 */
#include "common/errno.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "xen/hvm.h"
#include "xen/xen.h"

_Static_assert(HVM_NR_PARAMS <= ARRAY_SIZE(((struct domain *)0)->hvm_params),
               "room for every HVM parameter");

static long param(struct vcpu *v, uint64_t arg, bool set)
{
    struct xen_hvm_param p;
    if (copy_from_guest(v, &p, arg, sizeof(p)))
        return -EFAULT;
    domid_t id = p.domid == DOMID_SELF ? v->dom->id : p.domid;
    if (id != v->dom->id && !v->dom->is_privileged)
        return -EPERM;
    if (id >= MAX_DOMAINS || !domains[id])
        return -ESRCH;
    if (p.index >= HVM_NR_PARAMS)
        return -EINVAL;
    if (set) {
        domains[id]->hvm_params[p.index] = p.value;
        return 0;
    }
    p.value = domains[id]->hvm_params[p.index];
    return copy_to_guest(v, arg, &p, sizeof(p)) ? -EFAULT : 0;
}

long do_hvm_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case HVMOP_set_param: return param(v, arg, true);
    case HVMOP_get_param: return param(v, arg, false);
    default: return -ENOSYS;
    }
}
