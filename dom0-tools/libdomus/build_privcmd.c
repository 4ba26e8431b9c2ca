/* SPDX-License-Identifier: MIT */
/* The builder's operations as real hypercalls through privcmd, and real
 * xenstore requests through the context's connection. */
#include <errno.h>

#include "domus_build.h"
#include "libdomus.h"

/* How long destroying a half-built domain may keep answering -EAGAIN. */
#define DESTROY_TIMEOUT_MS 10000

static int fd(void *ctx)
{
    return ((const struct domus_build_ctx *)ctx)->privcmd;
}

static struct xsc *xs(void *ctx)
{
    return ((const struct domus_build_ctx *)ctx)->xs;
}

static long op_createdomain(void *ctx, const struct domus_domctl_createdomain *args, domid_t *dom)
{
    return domus_createdomain(fd(ctx), dom, args);
}

static long op_max_mem(void *ctx, domid_t dom, uint64_t max_pages)
{
    return domus_max_mem(fd(ctx), dom, max_pages);
}

static long op_populate(void *ctx, domid_t dom, const xen_pfn_t *gfns, unsigned long n,
                        unsigned int order)
{
    return domus_populate_physmap(fd(ctx), dom, gfns, n, order);
}

static void *op_map(void *ctx, domid_t dom, xen_pfn_t gfn, unsigned int n, long *err)
{
    void *p = domus_foreign_map_range(fd(ctx), dom, gfn, n);
    if (!p)
        *err = -errno;
    return p;
}

static long op_unmap(void *ctx, void *addr, unsigned int n)
{
    (void)ctx;
    domus_dcache_clean(addr, (size_t)n * XEN_PAGE_SIZE);
    return domus_foreign_unmap(addr, n);
}

static long op_alloc_unbound(void *ctx, domid_t dom, domid_t remote, evtchn_port_t *port)
{
    return domus_evtchn_alloc_unbound(fd(ctx), dom, remote, port);
}

static long op_set_param(void *ctx, domid_t dom, uint32_t index, uint64_t value)
{
    return domus_hvm_set_param(fd(ctx), dom, index, value);
}

static long op_setvcpucontext(void *ctx, domid_t dom, uint32_t vcpu, uint64_t pc,
                              const uint64_t x[4])
{
    return domus_setvcpucontext(fd(ctx), dom, vcpu, pc, x);
}

static long op_xs_write(void *ctx, domid_t dom, const struct domus_xs_node *nodes, unsigned int n)
{
    return domus_xs_write_nodes(xs(ctx), dom, nodes, n);
}

static long op_xs_introduce(void *ctx, domid_t dom, xen_pfn_t gfn, evtchn_port_t port)
{
    return domus_xs_introduce(xs(ctx), dom, gfn, port);
}

static long op_xs_forget(void *ctx, domid_t dom)
{
    return domus_xs_forget(xs(ctx), dom);
}

static long op_unpause(void *ctx, domid_t dom)
{
    return domus_unpausedomain(fd(ctx), dom);
}

static long op_destroy(void *ctx, domid_t dom)
{
    return domus_destroydomain_wait(fd(ctx), dom, DESTROY_TIMEOUT_MS);
}

const struct domus_build_ops domus_privcmd_build_ops = {
    .createdomain = op_createdomain,
    .max_mem = op_max_mem,
    .populate_physmap = op_populate,
    .map = op_map,
    .unmap = op_unmap,
    .alloc_unbound = op_alloc_unbound,
    .set_param = op_set_param,
    .setvcpucontext = op_setvcpucontext,
    .xs_write = op_xs_write,
    .xs_introduce = op_xs_introduce,
    .xs_forget = op_xs_forget,
    .unpause = op_unpause,
    .destroy = op_destroy,
};
