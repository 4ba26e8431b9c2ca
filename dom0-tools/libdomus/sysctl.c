/* SPDX-License-Identifier: MIT */
/* Wrappers for Domus's sysctl (xen/domus_sysctl.h). */
#include <string.h>

#include "libdomus.h"

long domus_sysctl(int privcmd, struct domus_sysctl *op)
{
    op->interface_version = DOMUS_SYSCTL_INTERFACE_VERSION;
    return domus_hypercall(privcmd, DOMUS_HYPERCALL_sysctl, (uint64_t)(uintptr_t)op, 0, 0, 0, 0);
}

long domus_physinfo(int privcmd, struct domus_sysctl_physinfo *out)
{
    struct domus_sysctl op;
    memset(&op, 0, sizeof(op));
    op.cmd = DOMUS_SYSCTL_physinfo;
    long rc = domus_sysctl(privcmd, &op);
    if (rc == 0)
        *out = op.u.physinfo;
    return rc;
}

long domus_getdomaininfo(int privcmd, domid_t dom, struct domus_sysctl_getdomaininfo *out)
{
    struct domus_sysctl op;
    memset(&op, 0, sizeof(op));
    op.cmd = DOMUS_SYSCTL_getdomaininfo;
    op.u.getdomaininfo.domid = dom;
    long rc = domus_sysctl(privcmd, &op);
    if (rc == 0)
        *out = op.u.getdomaininfo;
    return rc;
}

long domus_hypercall_stats(int privcmd, domid_t dom, uint64_t *counts, uint32_t *nr, bool reset)
{
    struct domus_sysctl op;
    memset(&op, 0, sizeof(op));
    memset(counts, 0, *nr * sizeof(*counts)); /* mapped and writable now */
    op.cmd = DOMUS_SYSCTL_hypercall_stats;
    op.u.hypercall_stats.domid = dom;
    op.u.hypercall_stats.flags = reset ? DOMUS_SYSCTL_HCSTATS_RESET : 0;
    op.u.hypercall_stats.nr_ops = *nr;
    op.u.hypercall_stats.counts = XEN_GUEST_HANDLE_INIT(counts);
    long rc = domus_sysctl(privcmd, &op);
    if (rc == 0)
        *nr = op.u.hypercall_stats.nr_ops;
    return rc;
}

long domus_readconsole(int privcmd, uint64_t offset, char *buf, uint32_t size,
                       struct domus_sysctl_readconsole *out)
{
    struct domus_sysctl op;
    memset(&op, 0, sizeof(op));
    memset(buf, 0, size); /* mapped and writable now */
    op.cmd = DOMUS_SYSCTL_readconsole;
    op.u.readconsole.offset = offset;
    op.u.readconsole.buffer = XEN_GUEST_HANDLE_INIT(buf);
    op.u.readconsole.size = size;
    long rc = domus_sysctl(privcmd, &op);
    if (rc != 0)
        return rc;
    if (out)
        *out = op.u.readconsole;
    return op.u.readconsole.copied;
}
