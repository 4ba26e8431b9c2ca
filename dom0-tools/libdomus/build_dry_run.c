/* SPDX-License-Identifier: MIT */
/*
 * The builder's operations for a dry run: nothing reaches the hypervisor.
 * Every call succeeds; mappings are scratch memory, so the whole sequence
 * (including copying the images) runs and its log is the plan.
 */
#include <errno.h>
#include <stdlib.h>

#include "domus_build.h"

static long op_createdomain(void *ctx, const struct domus_domctl_createdomain *args, domid_t *dom)
{
    (void)ctx;
    (void)args;
    *dom = 0;
    return 0;
}

static long op_ok(void *ctx, domid_t dom)
{
    (void)ctx;
    (void)dom;
    return 0;
}

static long op_max_mem(void *ctx, domid_t dom, uint64_t max_pages)
{
    (void)max_pages;
    return op_ok(ctx, dom);
}

static long op_populate(void *ctx, domid_t dom, const xen_pfn_t *gfns, unsigned long n,
                        unsigned int order)
{
    (void)ctx;
    (void)dom;
    (void)gfns;
    (void)order;
    return (long)n;
}

static void *op_map(void *ctx, domid_t dom, xen_pfn_t gfn, unsigned int n, long *err)
{
    (void)ctx;
    (void)dom;
    (void)gfn;
    void *p = malloc((size_t)n * XEN_PAGE_SIZE);
    if (!p)
        *err = -ENOMEM;
    return p;
}

static long op_unmap(void *ctx, void *addr, unsigned int n)
{
    (void)ctx;
    (void)n;
    free(addr);
    return 0;
}

static long op_alloc_unbound(void *ctx, domid_t dom, domid_t remote, evtchn_port_t *port)
{
    (void)remote;
    *port = 0; /* unknown until it is done */
    return op_ok(ctx, dom);
}

static long op_set_param(void *ctx, domid_t dom, uint32_t index, uint64_t value)
{
    (void)index;
    (void)value;
    return op_ok(ctx, dom);
}

static long op_setvcpucontext(void *ctx, domid_t dom, uint32_t vcpu, uint64_t pc,
                              const uint64_t x[4])
{
    (void)vcpu;
    (void)pc;
    (void)x;
    return op_ok(ctx, dom);
}

static long op_xs_write(void *ctx, domid_t dom, const struct domus_xs_node *nodes, unsigned int n)
{
    (void)nodes;
    (void)n;
    return op_ok(ctx, dom);
}

static long op_xs_introduce(void *ctx, domid_t dom, xen_pfn_t gfn, evtchn_port_t port)
{
    (void)gfn;
    (void)port;
    return op_ok(ctx, dom);
}

const struct domus_build_ops domus_dry_run_build_ops = {
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
    .xs_forget = op_ok,
    .unpause = op_ok,
    .destroy = op_ok,
};
