/* SPDX-License-Identifier: MIT */
/*
 * Wrappers for Domus's domctl (xen/domus_domctl.h): the per-domain
 * management commands of the control domain. Each fills one 128-byte
 * struct domus_domctl on our stack (mapped and writable, as the hypervisor
 * writes the whole block back) and issues hypercall 36 through privcmd.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "libdomus.h"

long domus_domctl(int privcmd, struct domus_domctl *op)
{
    op->interface_version = DOMUS_DOMCTL_INTERFACE_VERSION;
    return domus_hypercall(privcmd, DOMUS_HYPERCALL_domctl, (uint64_t)(uintptr_t)op, 0, 0, 0, 0);
}

/* A zeroed block for cmd on domain dom. */
static void domctl_init(struct domus_domctl *op, uint32_t cmd, domid_t dom)
{
    memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->domid = dom;
}

long domus_createdomain(int privcmd, domid_t *dom, const struct domus_domctl_createdomain *args)
{
    struct domus_domctl op;
    domctl_init(&op, DOMUS_DOMCTL_createdomain, *dom);
    op.u.createdomain = *args;
    long rc = domus_domctl(privcmd, &op);
    if (rc == 0)
        *dom = op.domid;
    return rc;
}

long domus_destroydomain(int privcmd, domid_t dom)
{
    struct domus_domctl op;
    domctl_init(&op, DOMUS_DOMCTL_destroydomain, dom);
    return domus_domctl(privcmd, &op);
}

long domus_destroydomain_wait(int privcmd, domid_t dom, unsigned int timeout_ms)
{
    /* Sleep 1 ms, then twice as long each time up to 100 ms. */
    unsigned int waited = 0, step = 1;
    for (;;) {
        long rc = domus_destroydomain(privcmd, dom);
        if (rc != -EAGAIN || waited >= timeout_ms)
            return rc;
        struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)step * 1000000L};
        nanosleep(&ts, NULL);
        waited += step;
        step = step * 2 > 100 ? 100 : step * 2;
    }
}

long domus_pausedomain(int privcmd, domid_t dom)
{
    struct domus_domctl op;
    domctl_init(&op, DOMUS_DOMCTL_pausedomain, dom);
    return domus_domctl(privcmd, &op);
}

long domus_unpausedomain(int privcmd, domid_t dom)
{
    struct domus_domctl op;
    domctl_init(&op, DOMUS_DOMCTL_unpausedomain, dom);
    return domus_domctl(privcmd, &op);
}

long domus_max_mem(int privcmd, domid_t dom, uint64_t max_pages)
{
    struct domus_domctl op;
    domctl_init(&op, DOMUS_DOMCTL_max_mem, dom);
    op.u.max_mem.max_pages = max_pages;
    return domus_domctl(privcmd, &op);
}

long domus_setvcpucontext(int privcmd, domid_t dom, uint32_t vcpu, uint64_t pc, const uint64_t x[4])
{
    struct domus_domctl op;
    domctl_init(&op, DOMUS_DOMCTL_setvcpucontext, dom);
    op.u.setvcpucontext.vcpu = vcpu;
    op.u.setvcpucontext.pc = pc;
    memcpy(op.u.setvcpucontext.x, x, sizeof(op.u.setvcpucontext.x));
    return domus_domctl(privcmd, &op);
}
