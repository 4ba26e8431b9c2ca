/*
 * vcpu_op: VCPUOP_register_vcpu_info moves a vCPU's vcpu_info (event
 * selector, upcall flag, time) to a place in the guest's own RAM;
 * VCPUOP_is_up reports whether a vCPU runs. Others answer -ENOSYS for now.
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/timer.h"
#include "xen/vcpu.h"
#include "xen/xen.h"

static long register_vcpu_info(struct vcpu *v, struct vcpu *t, uint64_t arg)
{
    struct vcpu_register_vcpu_info r;
    paddr_t pa;
    enum p2m_type type;
    if (copy_from_guest(v, &r, arg, sizeof(r)))
        return -EFAULT;
    if (r.rsvd || r.offset > PAGE_SIZE - sizeof(struct vcpu_info))
        return -EINVAL;
    if (r.mfn >= (1ULL << (64 - PAGE_SHIFT)) ||
        p2m_lookup(&t->dom->p2m, r.mfn << PAGE_SHIFT, &pa, &type, NULL) != 0 || type != P2M_RAM_RW)
        return -EINVAL;
    if (t->vcpu_info)
        return -EINVAL; /* once only, as on Xen */
    struct vcpu_info *vi = arch_phys_to_virt(pa + r.offset);
    memset(vi, 0, sizeof(*vi));
    vi->evtchn_upcall_pending = 1; /* make the guest look at its selector once */
    vi->evtchn_pending_sel = ~0ULL;
    t->vcpu_info = vi;
    return 0;
}

/* The time accounting Linux reads for steal time: written at registration
 * and each time the vCPU is put on a pCPU (vcpu_runstate_publish). */
void vcpu_runstate_publish(struct vcpu *v)
{
    if (!v->runstate_gva)
        return;
    struct vcpu_runstate_info ri;
    memset(&ri, 0, sizeof(ri));
    ri.state = RUNSTATE_running;
    ri.state_entry_time = timer_ticks_to_ns(arch_counter_read());
    for (unsigned int i = 0; i < 4; i++)
        ri.time[i] = v->runstate_time[i];
    ri.time[RUNSTATE_running] = timer_ticks_to_ns(v->runtime_ticks);
    if (copy_to_guest(v, v->runstate_gva, &ri, sizeof(ri)))
        v->runstate_gva = 0; /* the guest unmapped it: stop writing */
}

static long register_runstate(struct vcpu *v, struct vcpu *t, uint64_t arg)
{
    struct vcpu_register_runstate_memory_area r;
    if (copy_from_guest(v, &r, arg, sizeof(r)))
        return -EFAULT;
    if (t != v)
        return -EINVAL; /* a VA only means something to the running vCPU */
    t->runstate_gva = r.addr.p;
    vcpu_runstate_publish(t);
    return 0;
}

long do_vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t vcpuid, uint64_t arg)
{
    struct vcpu *t = vcpuid < v->dom->nr_vcpus ? v->dom->vcpus[vcpuid] : NULL;
    if (!t)
        return -ENOENT;
    switch (cmd) {
    case VCPUOP_register_vcpu_info: return register_vcpu_info(v, t, arg);
    case VCPUOP_is_up: return atomic_load(&t->state) != VCPU_OFFLINE;
    case VCPUOP_register_runstate_memory_area: return register_runstate(v, t, arg);
    default: return -ENOSYS;
    }
}
