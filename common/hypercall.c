/*
 * Hypercall entry (Xen ABI on arm64: number in x16, arguments in x0..x4,
 * result in x0). Numbers are counted per domain, then dispatched by direct
 * calls; each handler validates everything before acting. Numbers without
 * a handler answer -ENOSYS, as Xen does.
 */
#include <stdatomic.h>

#include "common/errno.h"
#include "common/event_channel.h"
#include "common/grant_table.h"
#include "common/hypercall.h"
#include "xen/xen.h"

static _Atomic uint64_t counts[MAX_DOMAINS][NR_HYPERCALLS + 1];

static long dispatch(struct vcpu *v, uint64_t nr, const uint64_t *a)
{
    switch (nr) {
    case __HYPERVISOR_xen_version: return do_xen_version(v, a[0], a[1]);
    case __HYPERVISOR_console_io: return do_console_io(v, a[0], a[1], a[2]);
    case __HYPERVISOR_sysctl: return do_sysctl(v, a[0]);
    case __HYPERVISOR_domctl: return do_domctl(v, a[0]);
    case __HYPERVISOR_memory_op: return do_memory_op(v, a[0], a[1]);
    case __HYPERVISOR_vcpu_op: return do_vcpu_op(v, a[0], a[1], a[2]);
    case __HYPERVISOR_sched_op: return do_sched_op(v, a[0], a[1]);
    case __HYPERVISOR_hvm_op: return do_hvm_op(v, a[0], a[1]);
    case __HYPERVISOR_physdev_op: return do_physdev_op(v, a[0], a[1]);
    case __HYPERVISOR_event_channel_op: return do_event_channel_op(v, a[0], a[1]);
    case __HYPERVISOR_grant_table_op: return do_grant_table_op(v, a[0], a[1], a[2]);
    default: return -ENOSYS;
    }
}

void do_hypercall(struct vcpu *v)
{
    uint64_t nr = v->arch.regs.x[16];
    unsigned int slot = nr < NR_HYPERCALLS ? (unsigned int)nr : NR_HYPERCALLS;
    atomic_fetch_add_explicit(&counts[v->dom->id][slot], 1, memory_order_relaxed);
    long rc = dispatch(v, nr, v->arch.regs.x);
    v->arch.regs.x[0] = (uint64_t)rc;
}

uint64_t hypercall_count(const struct domain *d, unsigned int op)
{
    return op <= NR_HYPERCALLS ? atomic_load(&counts[d->id][op]) : 0;
}

void hypercall_reset_counts(const struct domain *d)
{
    for (unsigned int i = 0; i <= NR_HYPERCALLS; i++)
        atomic_store(&counts[d->id][i], 0);
}
