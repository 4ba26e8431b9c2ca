/*
 * Hypercall entry. The handlers of the Xen ABI arrive with the Xen-ABI
 * milestone; until then every number answers -ENOSYS, as Xen does for an
 * unknown hypercall, and the count of attempts is kept per domain.
 */
#include <stdatomic.h>

#include "common/errno.h"
#include "common/hypercall.h"

static _Atomic uint64_t counts[MAX_DOMAINS][NR_HYPERCALLS + 1];

void do_hypercall(struct vcpu *v)
{
    uint64_t nr = v->arch.regs.x[16];
    unsigned int slot = nr < NR_HYPERCALLS ? (unsigned int)nr : NR_HYPERCALLS;
    atomic_fetch_add_explicit(&counts[v->dom->id][slot], 1, memory_order_relaxed);
    v->arch.regs.x[0] = (uint64_t)-ENOSYS;
}

uint64_t hypercall_count(const struct domain *d, unsigned int op)
{
    return op <= NR_HYPERCALLS ? atomic_load(&counts[d->id][op]) : 0;
}
