/* SPDX-License-Identifier: MIT */
/*
 * Building a domain, step by step, in the order xen/domus_domctl.h gives.
 * Everything the hypervisor is asked goes through the operation table, so
 * the same sequence runs for real, as a dry run and against the host
 * tests' fake. Once createdomain has succeeded, any failure destroys the
 * domain again: a build either gives a complete domain or nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "domus_build.h"
#include "xen/hvm.h"

#define ORDER_2M       9
#define PAGES_2M       (1UL << ORDER_2M)
#define BATCH          512UL /* extents per populate_physmap call */
#define MAP_CHUNK      512U  /* frames per foreign mapping (2 MiB) */
#define CONSOLE_REMOTE 0     /* the console daemon's domain: dom0 */
#define STORE_REMOTE   0     /* xenstored's domain: dom0 */

struct builder {
    const struct domus_build_ops *ops;
    void *ctx;
    const struct domus_build_input *in;
    const struct domus_layout *l;
    const struct domus_build_plan *plan;
    const struct domus_build_options *opt;
    struct domus_build_result *res;
    char *err;
    size_t errlen;
    domid_t dom;
    char dom_label[8]; /* "new" in a dry run, else the id */
    bool in_xenstore;  /* xenstore steps were tried: undo them */
};

static void say(struct builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct builder *b, const char *fmt, ...)
{
    if (!b->opt->log)
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    b->opt->log(b->opt->log_arg, line);
}

/* Records that step failed with rc (-errno); err gets "step (detail): why". */
static int fail(struct builder *b, const char *step, long rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct builder *b, const char *step, long rc, const char *fmt, ...)
{
    char detail[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    b->res->failed_step = step;
    snprintf(b->err, b->errlen, "%s (%s): %s", step, detail,
             rc < 0 ? strerror((int)-rc)
                    : "the hypervisor stopped short (out of memory, or over max_mem)");
    return -1;
}

static int create(struct builder *b)
{
    struct domus_domctl_createdomain args = {.max_vcpus = b->in->max_vcpus};
    say(b, "createdomain max_vcpus=%u flags=0 max_grant_frames=0 max_maptrack_frames=0",
        args.max_vcpus);
    domid_t dom = 0; /* the lowest free id */
    long rc = b->ops->createdomain(b->ctx, &args, &dom);
    if (rc < 0)
        return fail(b, "createdomain", rc, "max_vcpus %u", args.max_vcpus);
    b->dom = dom;
    b->res->domid = dom;
    b->res->exists = true;
    if (b->opt->dry_run)
        snprintf(b->dom_label, sizeof(b->dom_label), "new");
    else
        snprintf(b->dom_label, sizeof(b->dom_label), "%u", dom);
    return 0;
}

static int max_mem(struct builder *b)
{
    say(b, "max_mem dom=%s max_pages=%llu", b->dom_label, (unsigned long long)b->l->max_pages);
    long rc = b->ops->max_mem(b->ctx, b->dom, b->l->max_pages);
    if (rc < 0)
        return fail(b, "max_mem", rc, "%llu pages", (unsigned long long)b->l->max_pages);
    return 0;
}

/* One populate_physmap call: n extents of 2^order frames, the first at
 * gfns[0]. */
static int populate(struct builder *b, const char *what, const xen_pfn_t *gfns, unsigned long n,
                    unsigned int order)
{
    say(b, "populate_physmap dom=%s gfn=0x%llx extents=%lu order=%u (%s)", b->dom_label,
        (unsigned long long)gfns[0], n, order, what);
    long rc = b->ops->populate_physmap(b->ctx, b->dom, gfns, n, order);
    if (rc < 0 || (unsigned long)rc != n)
        return fail(b, "populate_physmap", rc, "%s at gfn 0x%llx: %ld of %lu extents of order %u",
                    what, (unsigned long long)gfns[0], rc < 0 ? 0L : rc, n, order);
    return 0;
}

/* RAM from gfn for pages frames: 2 MiB extents where aligned, 4 KiB
 * frames elsewhere, at most BATCH extents per call. */
static int populate_range(struct builder *b, xen_pfn_t gfn, uint64_t pages)
{
    static xen_pfn_t gfns[BATCH];
    while (pages) {
        unsigned int order = 0;
        unsigned long n = 0;
        if (gfn % PAGES_2M == 0 && pages >= PAGES_2M) {
            order = ORDER_2M;
            while (n < BATCH && pages >= PAGES_2M) {
                gfns[n++] = gfn;
                gfn += PAGES_2M;
                pages -= PAGES_2M;
            }
        } else {
            do {
                gfns[n++] = gfn++;
                pages--;
            } while (n < BATCH && pages && gfn % PAGES_2M);
        }
        if (populate(b, "RAM", gfns, n, order) < 0)
            return -1;
    }
    return 0;
}

static int populate_all(struct builder *b)
{
    for (unsigned int i = 0; i < b->l->nr_banks; i++) {
        const struct domus_mem_range *r = &b->l->bank[i];
        if (populate_range(b, r->base / XEN_PAGE_SIZE, r->size / XEN_PAGE_SIZE) < 0)
            return -1;
    }
    const xen_pfn_t magic[DOMUS_NR_MAGIC_PAGES] = {b->l->console_gfn, b->l->store_gfn};
    return populate(b, "console and xenstore rings", magic, DOMUS_NR_MAGIC_PAGES, 0);
}

/*
 * Writes len bytes of data (NULL: zeros) at guest-physical address gpa
 * through foreign mappings of at most MAP_CHUNK frames; the rest of each
 * page touched is zeroed.
 */
static int write_guest(struct builder *b, const char *what, uint64_t gpa, const void *data,
                       uint64_t len)
{
    xen_pfn_t first = gpa / XEN_PAGE_SIZE;
    uint64_t head = gpa % XEN_PAGE_SIZE;
    uint64_t pages = (head + len + XEN_PAGE_SIZE - 1) / XEN_PAGE_SIZE;
    say(b, "write %s: %llu bytes at 0x%llx (foreign mapped: gfn 0x%llx, %llu frame%s)", what,
        (unsigned long long)len, (unsigned long long)gpa, (unsigned long long)first,
        (unsigned long long)pages, pages == 1 ? "" : "s");
    for (uint64_t done = 0; done < pages;) {
        unsigned int n = pages - done < MAP_CHUNK ? (unsigned int)(pages - done) : MAP_CHUNK;
        long rc = 0;
        unsigned char *p = b->ops->map(b->ctx, b->dom, first + done, n, &rc);
        if (!p)
            return fail(b, "map", rc, "%s: %u frames at gfn 0x%llx", what, n,
                        (unsigned long long)(first + done));
        /* This chunk covers bytes [lo, hi) of the write, counted from
         * the first page's start. */
        uint64_t lo = done * XEN_PAGE_SIZE, hi = lo + (uint64_t)n * XEN_PAGE_SIZE;
        uint64_t from = head > lo ? head : lo, to = head + len < hi ? head + len : hi;
        memset(p, 0, (size_t)(hi - lo));
        if (data && to > from)
            memcpy(p + (from - lo), (const unsigned char *)data + (from - head),
                   (size_t)(to - from));
        rc = b->ops->unmap(b->ctx, p, n);
        if (rc < 0)
            return fail(b, "unmap", rc, "%s: %u frames at gfn 0x%llx", what, n,
                        (unsigned long long)(first + done));
        done += n;
    }
    return 0;
}

static int write_all(struct builder *b)
{
    const struct domus_layout *l = b->l;
    if (write_guest(b, "kernel", l->kernel_load, b->in->kernel, b->in->kernel_size) < 0 ||
        write_guest(b, "device tree", l->dtb_base, b->plan->dtb, b->plan->dtb_size) < 0)
        return -1;
    if (b->in->ramdisk &&
        write_guest(b, "initrd", l->initrd_start, b->in->ramdisk, b->in->ramdisk_size) < 0)
        return -1;
    if (write_guest(b, "console ring (zeroed)", l->console_gfn * XEN_PAGE_SIZE, NULL,
                    XEN_PAGE_SIZE) < 0 ||
        write_guest(b, "xenstore ring (zeroed)", l->store_gfn * XEN_PAGE_SIZE, NULL,
                    XEN_PAGE_SIZE) < 0)
        return -1;
    return 0;
}

static int alloc_port(struct builder *b, const char *what, domid_t remote, evtchn_port_t *port)
{
    say(b, "alloc_unbound dom=%s remote_dom=%u (%s)", b->dom_label, remote, what);
    long rc = b->ops->alloc_unbound(b->ctx, b->dom, remote, port);
    if (rc < 0)
        return fail(b, "alloc_unbound", rc, "%s port, remote domain %u", what, remote);
    return 0;
}

/* A port's number is only known once alloc_unbound has run. */
static int set_param(struct builder *b, const char *name, uint32_t index, uint64_t value,
                     bool is_port)
{
    if (is_port && b->opt->dry_run)
        say(b, "set_param dom=%s %s (%u) = the port alloc_unbound gives", b->dom_label, name,
            index);
    else
        say(b, "set_param dom=%s %s (%u) = 0x%llx", b->dom_label, name, index,
            (unsigned long long)value);
    long rc = b->ops->set_param(b->ctx, b->dom, index, value);
    if (rc < 0)
        return fail(b, "set_param", rc, "%s = 0x%llx", name, (unsigned long long)value);
    return 0;
}

/* The rings' event channels (remote end dom0, where xenstored and the
 * console daemon run) and the parameters the guest finds them by. */
static int rings(struct builder *b)
{
    struct domus_build_result *r = b->res;
    if (alloc_port(b, "xenstore", STORE_REMOTE, &r->store_port) < 0 ||
        alloc_port(b, "console", CONSOLE_REMOTE, &r->console_port) < 0)
        return -1;
    if (set_param(b, "HVM_PARAM_STORE_PFN", HVM_PARAM_STORE_PFN, r->store_gfn, false) < 0 ||
        set_param(b, "HVM_PARAM_STORE_EVTCHN", HVM_PARAM_STORE_EVTCHN, r->store_port, true) < 0 ||
        set_param(b, "HVM_PARAM_CONSOLE_PFN", HVM_PARAM_CONSOLE_PFN, r->console_gfn, false) < 0 ||
        set_param(b, "HVM_PARAM_CONSOLE_EVTCHN", HVM_PARAM_CONSOLE_EVTCHN, r->console_port, true) <
            0)
        return -1;
    return 0;
}

/* vCPU 0 enters the kernel with x0 = the device tree (booting.rst); the
 * others stay offline until the guest starts them with PSCI CPU_ON. */
static int start_vcpu0(struct builder *b)
{
    const uint64_t x[4] = {b->l->dtb_base, 0, 0, 0};
    say(b, "setvcpucontext dom=%s vcpu=0 pc=0x%llx x0=0x%llx x1=0 x2=0 x3=0", b->dom_label,
        (unsigned long long)b->l->kernel_load, (unsigned long long)x[0]);
    long rc = b->ops->setvcpucontext(b->ctx, b->dom, 0, b->l->kernel_load, x);
    if (rc < 0)
        return fail(b, "setvcpucontext", rc, "vcpu 0, pc 0x%llx",
                    (unsigned long long)b->l->kernel_load);
    return 0;
}

/* Its xenstore home, then XS_INTRODUCE: xenstored maps its ring and binds
 * its port, and the console daemon (watching @introduceDomain) takes its
 * console. Both before it runs, as libxl does. */
static int xenstore(struct builder *b)
{
    static struct domus_xs_node nodes[DOMUS_XS_MAX_NODES];
    int n = domus_xs_nodes(b->in, b->dom, b->res, nodes, DOMUS_XS_MAX_NODES);
    if (n < 0)
        return fail(b, "xenstore write", -E2BIG, "more than %d nodes", DOMUS_XS_MAX_NODES);
    say(b,
        "xenstore write dom=%s: %d nodes under /local/domain/%s (name, domid, memory, cpu, "
        "store, console, control, device; one transaction)",
        b->dom_label, n, b->dom_label);
    b->in_xenstore = true;
    long rc = b->ops->xs_write(b->ctx, b->dom, nodes, (unsigned int)n);
    if (rc < 0)
        return fail(b, "xenstore write", rc, "%d nodes under /local/domain/%u", n, b->dom);
    if (b->opt->dry_run)
        say(b, "xenstore introduce dom=%s gfn=0x%llx port=the xenstore port alloc_unbound gives",
            b->dom_label, (unsigned long long)b->res->store_gfn);
    else
        say(b, "xenstore introduce dom=%s gfn=0x%llx port=%u", b->dom_label,
            (unsigned long long)b->res->store_gfn, b->res->store_port);
    rc = b->ops->xs_introduce(b->ctx, b->dom, b->res->store_gfn, b->res->store_port);
    if (rc < 0)
        return fail(b, "xenstore introduce", rc, "domain %u, gfn 0x%llx, port %u", b->dom,
                    (unsigned long long)b->res->store_gfn, b->res->store_port);
    return 0;
}

static int unpause(struct builder *b)
{
    if (!b->opt->unpause)
        return 0;
    say(b, "unpausedomain dom=%s", b->dom_label);
    long rc = b->ops->unpause(b->ctx, b->dom);
    if (rc < 0)
        return fail(b, "unpausedomain", rc, "domain %u", b->dom);
    return 0;
}

/* After a failure: take the half-built domain away again. */
static void undo(struct builder *b)
{
    size_t used;
    if (b->in_xenstore) {
        say(b, "xenstore release dom=%s (undoing a failed build)", b->dom_label);
        long xrc = b->ops->xs_forget(b->ctx, b->dom);
        used = strlen(b->err);
        if (xrc < 0)
            snprintf(b->err + used, b->errlen - used,
                     "; removing its xenstore entries failed too (%s)", strerror((int)-xrc));
    }
    say(b, "destroydomain dom=%s (undoing a failed build)", b->dom_label);
    long rc = b->ops->destroy(b->ctx, b->dom);
    if (rc == 0) {
        b->res->exists = false;
        return;
    }
    used = strlen(b->err);
    snprintf(b->err + used, b->errlen - used,
             "; destroying the half-built domain %u failed too (%s): it is left behind", b->dom,
             strerror((int)-rc));
}

int domus_build_run(const struct domus_build_ops *ops, void *ctx,
                    const struct domus_build_input *in, const struct domus_build_plan *plan,
                    const struct domus_build_options *opt, struct domus_build_result *res,
                    char *err, size_t errlen)
{
    struct builder b = {
        .ops = ops,
        .ctx = ctx,
        .in = in,
        .l = &plan->layout,
        .plan = plan,
        .opt = opt,
        .res = res,
        .err = err,
        .errlen = errlen,
    };
    memset(res, 0, sizeof(*res));
    res->console_gfn = plan->layout.console_gfn;
    res->store_gfn = plan->layout.store_gfn;
    if (create(&b) < 0)
        return -1;
    if (max_mem(&b) < 0 || populate_all(&b) < 0 || write_all(&b) < 0 || rings(&b) < 0 ||
        start_vcpu0(&b) < 0 || xenstore(&b) < 0 || unpause(&b) < 0) {
        undo(&b);
        return -1;
    }
    return 0;
}
