/* SPDX-License-Identifier: MIT */
/* HVMOP_set_param / HVMOP_get_param on another domain (xen/hvm.h). */
#include <string.h>

#include "libdomus.h"
#include "xen/hvm.h"

long domus_hvm_set_param(int privcmd, domid_t dom, uint32_t index, uint64_t value)
{
    struct xen_hvm_param p;
    memset(&p, 0, sizeof(p));
    p.domid = dom;
    p.index = index;
    p.value = value;
    return domus_hypercall(privcmd, __HYPERVISOR_hvm_op, HVMOP_set_param, (uint64_t)(uintptr_t)&p,
                           0, 0, 0);
}

long domus_hvm_get_param(int privcmd, domid_t dom, uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p;
    memset(&p, 0, sizeof(p));
    p.domid = dom;
    p.index = index;
    long rc = domus_hypercall(privcmd, __HYPERVISOR_hvm_op, HVMOP_get_param,
                              (uint64_t)(uintptr_t)&p, 0, 0, 0);
    if (rc == 0)
        *value = p.value;
    return rc;
}
