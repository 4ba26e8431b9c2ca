/*
 * The build sequence (dom0-tools/libdomus/build_run.c) against a fake
 * hypervisor that records every call and keeps the guest's memory: the
 * order of the steps and their arguments, what lands in guest memory, and
 * that a failure at any step leaves no domain behind.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domus_build.h"
#include "ts.h"
#include "unit.h"
#include "xen/guest_layout.h"
#include "xen/hvm.h"

#define MIB       (1024ULL * 1024ULL)
#define FAKE_DOM  7
#define MAX_CALLS 256
#define MAX_PAGES 2048
#define MAX_EXTS  1024
#define UNWRITTEN 0xaa /* what guest memory holds before the builder writes it */

struct call {
    const char *op;
    domid_t dom;
    uint64_t a, b, c;
};

struct fake {
    struct call calls[MAX_CALLS];
    int nr_calls;
    int fail_at; /* fail the fail_at-th call (1-based; 0: none) with fail_rc */
    long fail_rc;
    bool short_populate; /* populate_physmap does one extent fewer */
    long destroy_rc;
    struct {
        xen_pfn_t gfn;
        unsigned char *data;
    } pages[MAX_PAGES];
    int nr_pages;
    struct {
        xen_pfn_t gfn;
        unsigned int order;
    } exts[MAX_EXTS];
    int nr_exts;
    int maps_open;
    evtchn_port_t next_port;
    uint64_t params[HVM_NR_PARAMS];
    struct domus_xs_node nodes[DOMUS_XS_MAX_NODES]; /* the last xs_write's */
    unsigned int nr_nodes;
};

/* Records a call; true if it is the one to fail. */
static bool record(struct fake *f, const char *op, domid_t dom, uint64_t a, uint64_t b, uint64_t c)
{
    if (f->nr_calls < MAX_CALLS)
        f->calls[f->nr_calls] = (struct call){op, dom, a, b, c};
    return ++f->nr_calls == f->fail_at;
}

static bool populated(const struct fake *f, xen_pfn_t gfn)
{
    for (int i = 0; i < f->nr_exts; i++) {
        if (gfn >= f->exts[i].gfn && gfn < f->exts[i].gfn + (1UL << f->exts[i].order))
            return true;
    }
    return false;
}

static unsigned char *page(struct fake *f, xen_pfn_t gfn, bool create)
{
    for (int i = 0; i < f->nr_pages; i++) {
        if (f->pages[i].gfn == gfn)
            return f->pages[i].data;
    }
    if (!create || f->nr_pages == MAX_PAGES)
        return NULL;
    unsigned char *p = malloc(XEN_PAGE_SIZE);
    memset(p, UNWRITTEN, XEN_PAGE_SIZE);
    f->pages[f->nr_pages].gfn = gfn;
    f->pages[f->nr_pages++].data = p;
    return p;
}

/* Reads guest memory; frames never written read as UNWRITTEN. */
static void peek(struct fake *f, uint64_t gpa, void *buf, size_t len)
{
    unsigned char *out = buf;
    for (size_t i = 0; i < len; i++) {
        const unsigned char *p = page(f, (gpa + i) / XEN_PAGE_SIZE, false);
        out[i] = p ? p[(gpa + i) % XEN_PAGE_SIZE] : UNWRITTEN;
    }
}

static long f_createdomain(void *ctx, const struct domus_domctl_createdomain *args, domid_t *dom)
{
    struct fake *f = ctx;
    if (record(f, "createdomain", *dom, args->max_vcpus, args->flags, args->max_grant_frames))
        return f->fail_rc;
    *dom = FAKE_DOM;
    return 0;
}

static long f_max_mem(void *ctx, domid_t dom, uint64_t max_pages)
{
    return record(ctx, "max_mem", dom, max_pages, 0, 0) ? ((struct fake *)ctx)->fail_rc : 0;
}

static long f_populate(void *ctx, domid_t dom, const xen_pfn_t *gfns, unsigned long n,
                       unsigned int order)
{
    struct fake *f = ctx;
    if (record(f, "populate_physmap", dom, gfns[0], n, order))
        return f->fail_rc;
    if (f->short_populate)
        n--;
    for (unsigned long i = 0; i < n && f->nr_exts < MAX_EXTS; i++) {
        if (gfns[i] % (1UL << order) || populated(f, gfns[i]))
            return -EINVAL; /* misaligned, or populated twice */
        f->exts[f->nr_exts].gfn = gfns[i];
        f->exts[f->nr_exts++].order = order;
    }
    return (long)n;
}

/* A copy of the frames; written back to guest memory at unmap. */
struct mapping {
    xen_pfn_t gfn;
    unsigned int n;
};

static void *f_map(void *ctx, domid_t dom, xen_pfn_t gfn, unsigned int n, long *err)
{
    struct fake *f = ctx;
    if (record(f, "map", dom, gfn, n, 0)) {
        *err = f->fail_rc;
        return NULL;
    }
    for (unsigned int i = 0; i < n; i++) {
        if (!populated(f, gfn + i)) {
            *err = -EFAULT;
            return NULL;
        }
    }
    unsigned char *buf = malloc(sizeof(struct mapping) + (size_t)n * XEN_PAGE_SIZE);
    *(struct mapping *)buf = (struct mapping){gfn, n};
    buf += sizeof(struct mapping);
    peek(f, gfn * XEN_PAGE_SIZE, buf, (size_t)n * XEN_PAGE_SIZE);
    f->maps_open++;
    return buf;
}

static long f_unmap(void *ctx, void *addr, unsigned int n)
{
    struct fake *f = ctx;
    unsigned char *buf = addr;
    const struct mapping *m = (const struct mapping *)(buf - sizeof(struct mapping));
    bool fail = record(f, "unmap", FAKE_DOM, m->gfn, n, 0);
    for (unsigned int i = 0; i < m->n; i++)
        memcpy(page(f, m->gfn + i, true), buf + (size_t)i * XEN_PAGE_SIZE, XEN_PAGE_SIZE);
    free(buf - sizeof(struct mapping));
    f->maps_open--;
    return fail ? f->fail_rc : 0;
}

static long f_alloc_unbound(void *ctx, domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct fake *f = ctx;
    if (record(f, "alloc_unbound", dom, remote, 0, 0))
        return f->fail_rc;
    *port = f->next_port++;
    return 0;
}

static long f_set_param(void *ctx, domid_t dom, uint32_t index, uint64_t value)
{
    struct fake *f = ctx;
    if (record(f, "set_param", dom, index, value, 0))
        return f->fail_rc;
    if (index >= HVM_NR_PARAMS)
        return -EINVAL;
    f->params[index] = value;
    return 0;
}

static long f_setvcpucontext(void *ctx, domid_t dom, uint32_t vcpu, uint64_t pc,
                             const uint64_t x[4])
{
    struct fake *f = ctx;
    bool fail = record(f, "setvcpucontext", dom, vcpu, pc, x[0]);
    return fail ? f->fail_rc : (x[1] | x[2] | x[3]) ? -EINVAL : 0;
}

static long f_xs_write(void *ctx, domid_t dom, const struct domus_xs_node *nodes, unsigned int n)
{
    struct fake *f = ctx;
    if (record(f, "xenstore write", dom, n, 0, 0))
        return f->fail_rc;
    if (n > DOMUS_XS_MAX_NODES)
        return -E2BIG;
    memcpy(f->nodes, nodes, n * sizeof(*nodes));
    f->nr_nodes = n;
    return 0;
}

static long f_xs_introduce(void *ctx, domid_t dom, xen_pfn_t gfn, evtchn_port_t port)
{
    struct fake *f = ctx;
    return record(f, "xenstore introduce", dom, gfn, port, 0) ? f->fail_rc : 0;
}

static long f_xs_forget(void *ctx, domid_t dom)
{
    record(ctx, "xenstore forget", dom, 0, 0, 0);
    return 0;
}

static long f_unpause(void *ctx, domid_t dom)
{
    return record(ctx, "unpausedomain", dom, 0, 0, 0) ? ((struct fake *)ctx)->fail_rc : 0;
}

static long f_destroy(void *ctx, domid_t dom)
{
    struct fake *f = ctx;
    record(f, "destroydomain", dom, 0, 0, 0);
    return f->destroy_rc;
}

static const struct domus_build_ops fake_ops = {
    .createdomain = f_createdomain,
    .max_mem = f_max_mem,
    .populate_physmap = f_populate,
    .map = f_map,
    .unmap = f_unmap,
    .alloc_unbound = f_alloc_unbound,
    .set_param = f_set_param,
    .setvcpucontext = f_setvcpucontext,
    .xs_write = f_xs_write,
    .xs_introduce = f_xs_introduce,
    .xs_forget = f_xs_forget,
    .unpause = f_unpause,
    .destroy = f_destroy,
};

static struct fake *fake_new(void)
{
    struct fake *f = calloc(1, sizeof(*f));
    f->next_port = 5;
    f->fail_rc = -ENOMEM;
    return f;
}

static void fake_free(struct fake *f)
{
    for (int i = 0; i < f->nr_pages; i++)
        free(f->pages[i].data);
    free(f);
}

/* The guest every test builds: a 1.5 MiB kernel (image_size 3 MiB), a
 * 100 KiB initrd, 2 vCPUs, memory_mib MiB. */
struct guest {
    unsigned char *kernel, *initrd;
    size_t kernel_size, initrd_size;
    struct domus_build_input in;
    struct domus_build_plan plan;
};

static char err[1024];

static void guest_init(struct guest *g, uint64_t memory_mib)
{
    g->kernel_size = 3 * MIB / 2 + 123;
    g->kernel = ts_image(0, 3 * MIB, 0xa, g->kernel_size);
    g->initrd_size = 100 * 1024 + 7;
    g->initrd = malloc(g->initrd_size);
    for (size_t i = 0; i < g->initrd_size; i++)
        g->initrd[i] = (unsigned char)(i * 13 + 1);
    g->in = ts_input(g->kernel, g->kernel_size, g->initrd, g->initrd_size, memory_mib, 2);
    if (domus_build_prepare(&g->in, &g->plan, err, sizeof(err)) < 0)
        abort();
}

static void guest_free(struct guest *g)
{
    domus_build_plan_free(&g->plan);
    free(g->kernel);
    free(g->initrd);
}

static int run(struct fake *f, struct guest *g, bool unpause, struct domus_build_result *res)
{
    struct domus_build_options opt = {.unpause = unpause};
    err[0] = '\0';
    return domus_build_run(&fake_ops, f, &g->in, &g->plan, &opt, res, err, sizeof(err));
}

/* The calls, in order, with consecutive repeats of one op collapsed. */
static void op_sequence(const struct fake *f, char *out, size_t size)
{
    out[0] = '\0';
    const char *last = "";
    for (int i = 0; i < f->nr_calls; i++) {
        if (!strcmp(f->calls[i].op, last))
            continue;
        last = f->calls[i].op;
        strncat(out, last, size - strlen(out) - 2);
        strncat(out, " ", size - strlen(out) - 1);
    }
}

/* The steps come in xen/domus_domctl.h's order, each on the new domain. */
TEST(build_sequence)
{
    struct guest g;
    guest_init(&g, 16);
    struct fake *f = fake_new();
    struct domus_build_result res;
    REQUIRE(run(f, &g, true, &res) == 0);
    char seq[512];
    op_sequence(f, seq, sizeof(seq));
    CHECK(!strcmp(seq, "createdomain max_mem populate_physmap map unmap map unmap map unmap map "
                       "unmap map unmap alloc_unbound set_param setvcpucontext xenstore write "
                       "xenstore introduce unpausedomain "));
    CHECK(f->calls[0].a == 2 && f->calls[0].b == 0 && f->calls[0].c == 0); /* max_vcpus */
    CHECK(f->calls[0].dom == 0);                                           /* pick an id */
    for (int i = 1; i < f->nr_calls; i++)
        CHECK(f->calls[i].dom == FAKE_DOM);
    CHECK(f->calls[1].a == 16 * 256 + 2); /* max_pages */
    CHECK(res.domid == FAKE_DOM && res.exists && !res.failed_step);
    CHECK(f->maps_open == 0);
    fake_free(f);
    guest_free(&g);
}

/* RAM in 2 MiB extents where aligned and 4 KiB frames for the rest, the
 * two ring pages, nothing else. */
TEST(build_populates_ram_and_rings)
{
    struct guest g;
    guest_init(&g, 17);
    struct fake *f = fake_new();
    struct domus_build_result res;
    REQUIRE(run(f, &g, true, &res) == 0);
    uint64_t pages = 0;
    int order9 = 0, order0 = 0;
    for (int i = 0; i < f->nr_exts; i++) {
        pages += 1UL << f->exts[i].order;
        order9 += f->exts[i].order == 9;
        order0 += f->exts[i].order == 0;
    }
    CHECK(pages == 17 * 256 + 2);
    CHECK(order9 == 8 && order0 == 256 + 2);
    CHECK(populated(f, GUEST_RAM0_BASE / XEN_PAGE_SIZE));
    CHECK(populated(f, (GUEST_RAM0_BASE + 17 * MIB) / XEN_PAGE_SIZE - 1));
    CHECK(!populated(f, (GUEST_RAM0_BASE + 17 * MIB) / XEN_PAGE_SIZE));
    CHECK(populated(f, 0x39000) && populated(f, 0x39001) && !populated(f, 0x39002));
    fake_free(f);
    guest_free(&g);
}

/* Guest memory afterwards: the kernel at its load address, the device
 * tree at x0, the initrd where /chosen says, the rings zeroed; vCPU 0
 * starts at the kernel; the HVM parameters name the rings and ports. */
TEST(build_guest_memory_and_registers)
{
    struct guest g;
    guest_init(&g, 16);
    struct fake *f = fake_new();
    struct domus_build_result res;
    REQUIRE(run(f, &g, true, &res) == 0);
    const struct domus_layout *l = &g.plan.layout;

    unsigned char *buf = malloc(2 * MIB);
    peek(f, l->kernel_load, buf, g.kernel_size);
    CHECK(!memcmp(buf, g.kernel, g.kernel_size));
    peek(f, l->kernel_load + g.kernel_size, buf, 16);
    CHECK(buf[0] == 0 && buf[15] == 0); /* the rest of its last page is zeroed */

    const struct call *vc = NULL;
    for (int i = 0; i < f->nr_calls; i++)
        if (!strcmp(f->calls[i].op, "setvcpucontext"))
            vc = &f->calls[i];
    REQUIRE(vc);
    CHECK(vc->a == 0 && vc->b == l->kernel_load && vc->c == l->dtb_base);
    peek(f, vc->c, buf, g.plan.dtb_size);
    CHECK(fdt_check_header(buf) == 0 && !memcmp(buf, g.plan.dtb, g.plan.dtb_size));
    int chosen = fdt_path_offset(buf, "/chosen");
    const void *start = fdt_getprop(buf, chosen, "linux,initrd-start", NULL);
    REQUIRE(start);
    peek(f, fdt64_ld(start), buf, g.initrd_size);
    CHECK(!memcmp(buf, g.initrd, g.initrd_size));

    peek(f, 0x39000ULL * XEN_PAGE_SIZE, buf, 2 * XEN_PAGE_SIZE);
    bool zero = true;
    for (size_t i = 0; i < 2 * XEN_PAGE_SIZE; i++)
        zero = zero && buf[i] == 0;
    CHECK(zero);
    free(buf);

    /* Ports 5 (xenstore) and 6 (console), both with dom0 as remote. */
    CHECK(res.store_port == 5 && res.console_port == 6);
    CHECK(res.store_gfn == 0x39001 && res.console_gfn == 0x39000);
    CHECK(f->params[HVM_PARAM_STORE_PFN] == 0x39001);
    CHECK(f->params[HVM_PARAM_STORE_EVTCHN] == 5);
    CHECK(f->params[HVM_PARAM_CONSOLE_PFN] == 0x39000);
    CHECK(f->params[HVM_PARAM_CONSOLE_EVTCHN] == 6);
    for (int i = 0; i < f->nr_calls; i++)
        if (!strcmp(f->calls[i].op, "alloc_unbound"))
            CHECK(f->calls[i].a == 0);
    fake_free(f);
    guest_free(&g);
}

/* -p: everything but the unpause; the domain is in xenstore. */
TEST(build_paused)
{
    struct guest g;
    guest_init(&g, 16);
    struct fake *f = fake_new();
    struct domus_build_result res;
    REQUIRE(run(f, &g, false, &res) == 0);
    CHECK(!strcmp(f->calls[f->nr_calls - 1].op, "xenstore introduce"));
    fake_free(f);
    guest_free(&g);
}

/* A failure at any call: the build stops there, names the step, and
 * destroys the domain exactly once if it had been created. */
TEST(build_failure_at_every_step_leaves_nothing)
{
    struct guest g;
    guest_init(&g, 16);
    struct fake *f = fake_new();
    struct domus_build_result res;
    REQUIRE(run(f, &g, true, &res) == 0);
    int total = f->nr_calls;
    fake_free(f);
    for (int k = 1; k <= total; k++) {
        f = fake_new();
        f->fail_at = k;
        CHECK(run(f, &g, true, &res) < 0);
        const char *failed = f->calls[k - 1].op;
        CHECK(res.failed_step && !strcmp(res.failed_step, failed));
        CHECK(strstr(err, failed) == err && strstr(err, "Cannot allocate memory"));
        CHECK(!res.exists);
        CHECK(f->maps_open == 0);
        int destroys = 0;
        for (int i = 0; i < f->nr_calls; i++)
            destroys += !strcmp(f->calls[i].op, "destroydomain");
        /* Once the xenstore nodes were tried, they are undone first. */
        bool xs = !strncmp(failed, "xenstore", 8) || !strcmp(failed, "unpausedomain");
        if (k == 1) {
            CHECK(f->nr_calls == 1 && destroys == 0);
        } else if (xs) {
            REQUIRE(destroys == 1 && f->nr_calls == k + 2);
            CHECK(!strcmp(f->calls[k].op, "xenstore forget") && f->calls[k].dom == FAKE_DOM);
            CHECK(!strcmp(f->calls[k + 1].op, "destroydomain") && f->calls[k + 1].dom == FAKE_DOM);
        } else {
            REQUIRE(destroys == 1 && f->nr_calls == k + 1);
            CHECK(!strcmp(f->calls[k].op, "destroydomain") && f->calls[k].dom == FAKE_DOM);
        }
        fake_free(f);
    }
    guest_free(&g);
}

/* populate_physmap doing less than asked is a failure too; a destroy that
 * fails as well leaves the domain behind, and the message says so. */
TEST(build_short_populate_and_failed_destroy)
{
    struct guest g;
    guest_init(&g, 16);
    struct fake *f = fake_new();
    f->short_populate = true;
    f->destroy_rc = -EBUSY;
    struct domus_build_result res;
    CHECK(run(f, &g, true, &res) < 0);
    CHECK(!strcmp(res.failed_step, "populate_physmap"));
    CHECK(strstr(err, "populate_physmap (RAM at gfn 0x40000: 7 of 8 extents of order 9)") == err);
    CHECK(strstr(err, "destroying the half-built domain 7 failed too"));
    CHECK(strstr(err, "it is left behind"));
    CHECK(res.exists && res.domid == FAKE_DOM);
    fake_free(f);
    guest_free(&g);
}

static void collect(void *arg, const char *line)
{
    char *log = arg;
    strncat(log, line, 16384 - strlen(log) - 2);
    strcat(log, "\n");
}

/* The dry-run operations complete the whole sequence without a hypervisor
 * and the log says every step, with "new" for the unknown domain id. */
TEST(build_dry_run_log)
{
    struct guest g;
    guest_init(&g, 16);
    static char log[16384];
    log[0] = '\0';
    struct domus_build_options opt = {
        .unpause = true, .dry_run = true, .log = collect, .log_arg = log};
    struct domus_build_result res;
    REQUIRE(domus_build_run(&domus_dry_run_build_ops, NULL, &g.in, &g.plan, &opt, &res, err,
                            sizeof(err)) == 0);
    CHECK(strstr(log, "createdomain max_vcpus=2 flags=0") == log);
    CHECK(strstr(log, "max_mem dom=new max_pages=4098\n"));
    CHECK(strstr(log, "populate_physmap dom=new gfn=0x40000 extents=8 order=9 (RAM)\n"));
    CHECK(strstr(log, "populate_physmap dom=new gfn=0x39000 extents=2 order=0"));
    CHECK(strstr(log, "write kernel: 1572987 bytes at 0x40000000"));
    CHECK(strstr(log, "set_param dom=new HVM_PARAM_CONSOLE_PFN (17) = 0x39000\n"));
    CHECK(strstr(log, "setvcpucontext dom=new vcpu=0 pc=0x40000000 x0=0x40400000"));
    CHECK(strstr(log, "xenstore write dom=new: 31 nodes under /local/domain/new"));
    CHECK(strstr(log, "xenstore introduce dom=new gfn=0x39001 port=the xenstore port"));
    CHECK(strstr(log, "unpausedomain dom=new\n"));
    CHECK(strstr(log, "xenstore introduce") < strstr(log, "unpausedomain"));
    guest_free(&g);
}

/* The value of the node at /local/domain/7/<rel>, or NULL. */
static const struct domus_xs_node *node(const struct fake *f, const char *rel)
{
    char path[DOMUS_XS_PATH_MAX];
    snprintf(path, sizeof(path), "/local/domain/%u%s%s", FAKE_DOM, rel[0] ? "/" : "", rel);
    for (unsigned int i = 0; i < f->nr_nodes; i++)
        if (!strcmp(f->nodes[i].path, path))
            return &f->nodes[i];
    return NULL;
}

static bool node_is(const struct fake *f, const char *rel, const char *value, bool guest_owned)
{
    const struct domus_xs_node *n = node(f, rel);
    return n && !strcmp(n->value, value) && n->guest_owned == guest_owned;
}

/* The xenstore home libxl would make (what Linux and our daemons read),
 * with the rings and ports the build chose, introduced with the xenstore
 * ring's frame and port, all before the domain runs. */
TEST(build_xenstore_nodes_and_introduce)
{
    struct guest g;
    guest_init(&g, 16);
    g.in.name = "web-1";
    g.in.vcpus = 1; /* of 2 */
    struct fake *f = fake_new();
    struct domus_build_result res;
    REQUIRE(run(f, &g, true, &res) == 0);
    CHECK(f->nr_nodes == 31);
    CHECK(!strcmp(f->nodes[0].path, "/local/domain/7") && !f->nodes[0].guest_owned);
    CHECK(node_is(f, "name", "web-1", false));
    CHECK(node_is(f, "domid", "7", false));
    CHECK(node_is(f, "memory/static-max", "16384", false));
    CHECK(node_is(f, "memory/target", "16384", false));
    CHECK(node_is(f, "cpu/0/availability", "online", false));
    CHECK(node_is(f, "cpu/1/availability", "offline", false));
    CHECK(!node(f, "cpu/2/availability"));
    CHECK(node_is(f, "store/ring-ref", "233473", false)); /* 0x39001 */
    CHECK(node_is(f, "store/port", "5", false));
    CHECK(node_is(f, "console/ring-ref", "233472", false)); /* 0x39000 */
    CHECK(node_is(f, "console/port", "6", false));
    CHECK(node_is(f, "console/type", "xenconsoled", false));
    CHECK(node_is(f, "console/tty", "", false));
    CHECK(node_is(f, "control", "", false));
    CHECK(node_is(f, "control/shutdown", "", true));
    CHECK(node_is(f, "control/feature-poweroff", "", true));
    CHECK(node_is(f, "control/sysrq", "", true));
    CHECK(node_is(f, "control/platform-feature-xs_reset_watches", "1", false));
    CHECK(node_is(f, "device", "", false));
    CHECK(node_is(f, "data", "", true));
    /* Parents come before their children. */
    for (unsigned int i = 1; i < f->nr_nodes; i++) {
        char parent[DOMUS_XS_PATH_MAX];
        snprintf(parent, sizeof(parent), "%s", f->nodes[i].path);
        *strrchr(parent, '/') = '\0';
        bool listed = false, before = false;
        for (unsigned int j = 0; j < f->nr_nodes; j++) {
            if (!strcmp(f->nodes[j].path, parent)) {
                listed = true;
                before = j < i;
            }
        }
        CHECK(!listed || before);
    }
    const struct call *intro = NULL;
    for (int i = 0; i < f->nr_calls; i++)
        if (!strcmp(f->calls[i].op, "xenstore introduce"))
            intro = &f->calls[i];
    REQUIRE(intro);
    CHECK(intro->dom == FAKE_DOM && intro->a == 0x39001 && intro->b == 5);
    fake_free(f);
    guest_free(&g);
}

/* Permissions: dom0 owns what the tools trust, the domain may read it;
 * the domain owns the nodes it answers through. */
TEST(build_xenstore_perms)
{
    struct domus_xs_node ro = {.guest_owned = false}, rw = {.guest_owned = true};
    char perms[2][8];
    CHECK(domus_xs_perms(&ro, 12, perms) == 2);
    CHECK(!strcmp(perms[0], "n0") && !strcmp(perms[1], "r12"));
    CHECK(domus_xs_perms(&rw, 12, perms) == 1);
    CHECK(!strcmp(perms[0], "n12"));
}

/* A table too small for the nodes is refused, not overrun; 128 vCPUs
 * fit in DOMUS_XS_MAX_NODES. */
TEST(build_xenstore_node_limit)
{
    struct domus_build_input in = {.name = "x", .vcpus = 128, .max_vcpus = 128, .memory_mib = 64};
    struct domus_build_result res = {.console_gfn = 1, .store_gfn = 2};
    static struct domus_xs_node nodes[DOMUS_XS_MAX_NODES];
    int n = domus_xs_nodes(&in, 3, &res, nodes, DOMUS_XS_MAX_NODES);
    CHECK(n == 29 + 128);
    CHECK(domus_xs_nodes(&in, 3, &res, nodes, (size_t)n - 1) == -1);
    bool last_cpu = false;
    for (int i = 0; i < n; i++)
        last_cpu |= !strcmp(nodes[i].path, "/local/domain/3/cpu/127/availability");
    CHECK(last_cpu);
}
