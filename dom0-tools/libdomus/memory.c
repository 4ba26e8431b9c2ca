/* SPDX-License-Identifier: MIT */
/*
 * XENMEM_populate_physmap and XENMEM_decrease_reservation on behalf of
 * another domain (memory_op with domid = that domain). The gfn list is
 * copied, a page's worth at a time, into a buffer of ours written just
 * before each call, so the hypervisor always finds it mapped and writable.
 */
#include <string.h>

#include "libdomus.h"
#include "xen/memory.h"

/* Extents per hypercall: one page of xen_pfn_t. */
#define BATCH (XEN_PAGE_SIZE / sizeof(xen_pfn_t))

/*
 * Runs cmd over n extents of 2^order frames starting at gfns[i]. Returns
 * the extents done (fewer than n if the hypervisor stopped early) or
 * -errno if the first batch failed outright.
 */
static long reservation_op(int privcmd, unsigned int cmd, domid_t dom, const xen_pfn_t *gfns,
                           unsigned long n, unsigned int order)
{
    static xen_pfn_t buf[BATCH];
    unsigned long done = 0;
    while (done < n) {
        unsigned long chunk = n - done < BATCH ? n - done : BATCH;
        memcpy(buf, gfns + done, chunk * sizeof(*buf));
        struct xen_memory_reservation r;
        memset(&r, 0, sizeof(r));
        r.extent_start = XEN_GUEST_HANDLE_INIT(buf);
        r.nr_extents = chunk;
        r.extent_order = order;
        r.domid = dom;
        long rc =
            domus_hypercall(privcmd, __HYPERVISOR_memory_op, cmd, (uint64_t)(uintptr_t)&r, 0, 0, 0);
        if (rc < 0)
            return done ? (long)done : rc;
        done += (unsigned long)rc;
        if ((unsigned long)rc < chunk)
            break;
    }
    return (long)done;
}

long domus_populate_physmap(int privcmd, domid_t dom, const xen_pfn_t *gfns, unsigned long n,
                            unsigned int order)
{
    return reservation_op(privcmd, XENMEM_populate_physmap, dom, gfns, n, order);
}

long domus_decrease_reservation(int privcmd, domid_t dom, const xen_pfn_t *gfns, unsigned long n,
                                unsigned int order)
{
    return reservation_op(privcmd, XENMEM_decrease_reservation, dom, gfns, n, order);
}
