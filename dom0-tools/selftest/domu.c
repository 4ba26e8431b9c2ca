/* SPDX-License-Identifier: MIT */
/*
 * domus-selftest domu: builds the bare-metal test guest
 * (/usr/share/domus/domu.Image, tests/guests/domu) as an unprivileged
 * domain through Domus's domctl and the Xen memory interface, talks to it
 * over a grant and an event channel, and tears it down, once per way a
 * guest can end (poweroff, reboot, crash, destroyed while running). It
 * checks that every page comes back, that a grant dom0 still maps
 * outlives the domain, and that bad domctl calls fail and change nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xen/xen.h"
/* Linux's evtchn.h uses our domid_t. */
#include <xen/evtchn.h>

#include "check.h"
#include "evtchn_pair.h"
#include "grant_util.h"
#include "libdomus.h"
#include "selftest.h"
#include "tests/guests/domu/mailbox.h"
#include "xen/domus_domctl.h"
#include "xen/guest_layout.h"
#include "xen/memory.h"
#include "xen/sched.h"

#define IMAGE_PATH   "/usr/share/domus/domu.Image"
#define RAM_MIB      16
#define RAM_PAGES    (RAM_MIB * 256)
#define VCPUS        2
#define WAIT_MS      20000
#define EXTENT_2M    9
#define SLACK_PAGES  64 /* hypervisor heap pages a first domain may leave cached */
#define GROWTH_PAGES 2  /* and the hypervisor's own tables may take later on */

static int privcmd = -1;

static long domctl(uint32_t cmd, domid_t dom, struct domus_domctl *op)
{
    op->cmd = cmd;
    op->interface_version = DOMUS_DOMCTL_INTERFACE_VERSION;
    op->domid = dom;
    return domus_hypercall(privcmd, DOMUS_HYPERCALL_domctl, (uint64_t)(uintptr_t)op, 0, 0, 0, 0);
}

static long simple(uint32_t cmd, domid_t dom)
{
    struct domus_domctl op;
    memset(&op, 0, sizeof(op));
    return domctl(cmd, dom, &op);
}

static uint64_t free_pages(void)
{
    struct domus_sysctl_physinfo pi;
    return domus_physinfo(privcmd, &pi) == 0 ? pi.free_pages : 0;
}

static void sleep_ms(unsigned int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* populate_physmap of extents of 2^order pages at gfns; extents done. */
static long populate(domid_t dom, const xen_pfn_t *gfns, unsigned long n, unsigned int order)
{
    struct xen_memory_reservation r = {XEN_GUEST_HANDLE_INIT(gfns), n, order, 0, dom};
    return domus_hypercall(privcmd, __HYPERVISOR_memory_op, XENMEM_populate_physmap,
                           (uint64_t)(uintptr_t)&r, 0, 0, 0);
}

static void *read_image(size_t *size)
{
    FILE *f = fopen(IMAGE_PATH, "rb");
    if (!f)
        return NULL;
    static uint8_t buf[1 << 20];
    *size = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    return *size ? buf : NULL;
}

/* Copies the image to the start of the domain's RAM through a foreign
 * mapping. 0 or -errno. */
static int load(domid_t dom, const uint8_t *img, size_t size)
{
    unsigned int n = (unsigned int)((size + XEN_PAGE_SIZE - 1) / XEN_PAGE_SIZE);
    xen_pfn_t gfns[256] = {0};
    int errs[256] = {0};
    if (n == 0 || n > 256)
        return -EFBIG;
    for (unsigned int i = 0; i < n; i++)
        gfns[i] = GUEST_RAM0_BASE / XEN_PAGE_SIZE + i;
    uint8_t *p = domus_foreign_map(privcmd, dom, PROT_READ | PROT_WRITE, gfns, errs, n);
    if (!p)
        return -errno;
    for (unsigned int i = 0; i < n; i++)
        if (errs[i]) {
            domus_foreign_unmap(p, n);
            return errs[i];
        }
    memcpy(p, img, size);
    return domus_foreign_unmap(p, n);
}

/* A domain built, loaded and started in mode; 0 with *dom, or the failing
 * check already reported. */
static int build(unsigned int mode, const uint8_t *img, size_t size, domid_t *dom)
{
    struct domus_domctl op;
    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = VCPUS;
    long rc = domctl(DOMUS_DOMCTL_createdomain, 0, &op);
    if (!check(rc == 0 && op.domid > 0, "domu-create", "createdomain: %s, id %u", rc_str(rc),
               op.domid))
        return -1;
    *dom = op.domid;
    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_pages = RAM_PAGES;
    rc = domctl(DOMUS_DOMCTL_max_mem, *dom, &op);
    xen_pfn_t ext[RAM_MIB / 2];
    for (unsigned int i = 0; i < RAM_MIB / 2; i++)
        ext[i] = GUEST_RAM0_BASE / XEN_PAGE_SIZE + i * 512ULL;
    long done = rc == 0 ? populate(*dom, ext, RAM_MIB / 2, EXTENT_2M) : rc;
    struct domus_sysctl_getdomaininfo gi;
    long irc = domus_getdomaininfo(privcmd, *dom, &gi);
    if (!check(done == RAM_MIB / 2 && irc == 0 && gi.tot_pages == RAM_PAGES &&
                   (gi.flags & DOMUS_DOMINF_paused),
               "domu-populate", "max_mem %s, populate %ld of %d, tot_pages %llu", rc_str(rc), done,
               RAM_MIB / 2, (unsigned long long)gi.tot_pages))
        return -1;
    /* One page over max_pages is refused. */
    xen_pfn_t over = GUEST_RAM0_BASE / XEN_PAGE_SIZE + RAM_PAGES;
    check_rc("domu-populate-over-max", populate(*dom, &over, 1, 0), 0);

    rc = load(*dom, img, size);
    if (!check_rc("domu-load", rc, 0))
        return -1;
    memset(&op, 0, sizeof(op));
    op.u.setvcpucontext.vcpu = 0;
    op.u.setvcpucontext.pc = GUEST_RAM0_BASE;
    op.u.setvcpucontext.x[1] = GUEST_RAM0_BASE;
    op.u.setvcpucontext.x[2] = (uint64_t)RAM_PAGES * XEN_PAGE_SIZE;
    op.u.setvcpucontext.x[3] = mode;
    rc = domctl(DOMUS_DOMCTL_setvcpucontext, *dom, &op);
    long urc = rc == 0 ? simple(DOMUS_DOMCTL_unpausedomain, *dom) : rc;
    return check(rc == 0 && urc == 0, "domu-start", "setvcpucontext %s, unpause %s", rc_str(rc),
                 rc_str(urc))
               ? 0
               : -1;
}

static volatile struct domu_mailbox *map_mailbox(domid_t dom)
{
    xen_pfn_t gfn = GUEST_RAM0_BASE / XEN_PAGE_SIZE + RAM_PAGES - 1;
    int err = 0;
    void *p = domus_foreign_map(privcmd, dom, PROT_READ | PROT_WRITE, &gfn, &err, 1);
    if (p && err) {
        domus_foreign_unmap(p, 1);
        return NULL;
    }
    return p;
}

static bool wait_state(volatile struct domu_mailbox *mb, uint32_t state)
{
    for (unsigned int ms = 0; ms < WAIT_MS && mb->state < state; ms += 10)
        sleep_ms(10);
    return mb->state >= state;
}

static bool wait_shutdown(domid_t dom, struct domus_sysctl_getdomaininfo *gi)
{
    for (unsigned int ms = 0; ms < WAIT_MS; ms += 10) {
        if (domus_getdomaininfo(privcmd, dom, gi) == 0 && (gi->flags & DOMUS_DOMINF_shutdown))
            return true;
        sleep_ms(10);
    }
    return false;
}

/* The guest's grant and port: dom0 reads the page, replies, notifies.
 * Leaves the grant mapped in *m (the caller unmaps it after the destroy). */
static bool talk(domid_t dom, volatile struct domu_mailbox *mb, int gntdev, struct gref_mapping *m)
{
    if (!check(wait_state(mb, DOMU_READY) && mb->magic == DOMU_MAILBOX_MAGIC, "domu-booted",
               "state %u, magic %#llx, %u failures (%s)", mb->state, (unsigned long long)mb->magic,
               mb->failures, (const char *)mb->first_failure))
        return false;
    int rc = gref_map(gntdev, dom, mb->gref, m);
    if (!check_rc("domu-grant-map", rc, 0))
        return false;
    const volatile uint64_t *w = (const volatile uint64_t *)m->page;
    bool same = true;
    for (unsigned int i = 0; i < XEN_PAGE_SIZE / 8; i++)
        same &= w[i] == domu_pattern(i);
    check(same, "domu-grant-read", "the granted page does not hold the guest's pattern");
    *(volatile uint64_t *)m->page = DOMU_REPLY_MAGIC;

    int fd = domus_open_xen_dev("/dev/xen/evtchn", "xen-evtchn");
    struct ioctl_evtchn_bind_interdomain bind = {.remote_domain = dom, .remote_port = mb->port};
    int port = fd < 0 ? fd : ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
    int nrc = port > 0 ? evtchn_notify(fd, (unsigned int)port) : -1;
    check(port > 0 && nrc == 0, "domu-event-bind", "bind to d%u port %u: %d, notify %d", dom,
          mb->port, port, nrc);
    bool got = wait_state(mb, DOMU_GOT_EVENT);
    check(got, "domu-event", "the guest saw no event (state %u)", mb->state);
    if (fd >= 0)
        close(fd);
    return got;
}

/* One guest's life in mode; the checks are named after it. */
static void one_life(unsigned int mode, const char *name, const uint8_t *img, size_t size,
                     int gntdev)
{
    domid_t dom = 0;
    char what[64];
    if (build(mode, img, size, &dom) != 0) {
        if (dom)
            simple(DOMUS_DOMCTL_destroydomain, dom);
        return;
    }
    volatile struct domu_mailbox *mb = map_mailbox(dom);
    struct gref_mapping m = {0};
    if (check(mb != NULL, "domu-mailbox", "cannot map the mailbox page") &&
        talk(dom, mb, gntdev, &m)) {
        bool done = wait_state(mb, DOMU_DONE);
        snprintf(what, sizeof(what), "domu-%s-checks", name);
        check(done && mb->failures == 0, what, "state %u, %u failed, first: %s", mb->state,
              mb->failures, (const char *)mb->first_failure);
        check(mb->secondary_up, "domu-second-vcpu", "vCPU 1 did not come up");
    }
    struct domus_sysctl_getdomaininfo gi;
    snprintf(what, sizeof(what), "domu-%s", name);
    if (mode == DOMU_MODE_SPIN) {
        long rc = domus_getdomaininfo(privcmd, dom, &gi);
        check(rc == 0 && !(gi.flags & DOMUS_DOMINF_shutdown) && gi.vcpus_online == 2, what,
              "still running with both vCPUs: %s, flags %#x, %u online", rc_str(rc), gi.flags,
              gi.vcpus_online);
    } else {
        static const unsigned int reasons[] = {
            [DOMU_MODE_POWEROFF] = SHUTDOWN_poweroff,
            [DOMU_MODE_REBOOT] = SHUTDOWN_reboot,
            [DOMU_MODE_CRASH] = SHUTDOWN_crash,
        };
        bool shut = wait_shutdown(dom, &gi);
        check(shut && gi.shutdown_reason == reasons[mode], what,
              "shut down: %d, reason %u (want %u)", shut, gi.shutdown_reason, reasons[mode]);
    }
    if (mb)
        domus_foreign_unmap((void *)mb, 1);
    long rc = simple(DOMUS_DOMCTL_destroydomain, dom);
    long gone = domus_getdomaininfo(privcmd, dom, &gi);
    snprintf(what, sizeof(what), "domu-%s-destroy", name);
    check(rc == 0 && gone == -ESRCH, what, "destroy %s, then getdomaininfo %s", rc_str(rc),
          rc_str(gone));
    if (m.page) {
        /* Dom0 still maps the dead guest's page: it stays readable. */
        check(*(volatile uint64_t *)m.page == DOMU_REPLY_MAGIC &&
                  ((volatile uint64_t *)m.page)[1] == domu_pattern(1),
              "domu-grant-outlives", "the page changed under the mapping");
        check_rc("domu-grant-unmap", gref_unmap(gntdev, &m), 0);
    }
}

/* Bad domctl calls fail with their error and change nothing. */
static void bad_domctl(void)
{
    struct domus_domctl op;
    uint64_t before = free_pages();
    memset(&op, 0, sizeof(op));
    op.cmd = DOMUS_DOMCTL_createdomain;
    op.interface_version = DOMUS_DOMCTL_INTERFACE_VERSION + 1;
    op.u.createdomain.max_vcpus = 1;
    check_rc("domu-bad-version",
             domus_hypercall(privcmd, DOMUS_HYPERCALL_domctl, (uint64_t)(uintptr_t)&op, 0, 0, 0, 0),
             -EACCES);
    memset(&op, 0, sizeof(op));
    check_rc("domu-bad-vcpus-0", domctl(DOMUS_DOMCTL_createdomain, 0, &op), -EINVAL);
    op.u.createdomain.max_vcpus = GUEST_MAX_VCPUS + 1;
    check_rc("domu-bad-vcpus-max", domctl(DOMUS_DOMCTL_createdomain, 0, &op), -EINVAL);
    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = 1;
    op.u.createdomain.flags = 1;
    check_rc("domu-bad-flags", domctl(DOMUS_DOMCTL_createdomain, 0, &op), -EINVAL);
    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = 1;
    op.pad[1] = 1;
    check_rc("domu-bad-pad", domctl(DOMUS_DOMCTL_createdomain, 0, &op), -EINVAL);
    check_rc("domu-bad-cmd", simple(99, 1), -ENOSYS);
    check_rc("domu-bad-destroy-dom0", simple(DOMUS_DOMCTL_destroydomain, 0), -EPERM);
    check_rc("domu-bad-pause-dom0", simple(DOMUS_DOMCTL_pausedomain, 0), -EPERM);
    check_rc("domu-bad-destroy-missing", simple(DOMUS_DOMCTL_destroydomain, 60), -ESRCH);
    check_rc("domu-bad-id", simple(DOMUS_DOMCTL_unpausedomain, DOMID_SELF), -ESRCH);

    /* On a real (empty) domain: taken id, unpause twice, bad vCPU. */
    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = 1;
    long rc = domctl(DOMUS_DOMCTL_createdomain, 0, &op);
    if (!check_rc("domu-bad-setup", rc, 0))
        return;
    domid_t dom = op.domid;
    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = 1;
    check_rc("domu-bad-id-taken", domctl(DOMUS_DOMCTL_createdomain, dom, &op), -EEXIST);
    memset(&op, 0, sizeof(op));
    op.u.setvcpucontext.vcpu = 1;
    check_rc("domu-bad-vcpu", domctl(DOMUS_DOMCTL_setvcpucontext, dom, &op), -EINVAL);
    xen_pfn_t g = GUEST_RAM0_BASE / XEN_PAGE_SIZE;
    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_pages = 1;
    domctl(DOMUS_DOMCTL_max_mem, dom, &op);
    populate(dom, &g, 1, 0);
    op.u.max_mem.max_pages = 0;
    check_rc("domu-bad-max-mem", domctl(DOMUS_DOMCTL_max_mem, dom, &op), -EINVAL);
    check_rc("domu-unpause", simple(DOMUS_DOMCTL_unpausedomain, dom), 0);
    check_rc("domu-bad-unpause-twice", simple(DOMUS_DOMCTL_unpausedomain, dom), -EINVAL);
    check_rc("domu-pause", simple(DOMUS_DOMCTL_pausedomain, dom), 0);
    check_rc("domu-bad-destroy-empty", simple(DOMUS_DOMCTL_destroydomain, dom), 0);
    check(free_pages() + SLACK_PAGES >= before, "domu-bad-nothing-changed", "%llu pages fewer free",
          (unsigned long long)(before - free_pages()));
}

/* Two destroys at once (from two processes, so from both of dom0's
 * vCPUs when they run in parallel): of two domains, and twice of one. */
static void concurrent_destroys(void)
{
    domid_t ids[3] = {0};
    for (unsigned int i = 0; i < 3; i++) {
        struct domus_domctl op;
        memset(&op, 0, sizeof(op));
        op.u.createdomain.max_vcpus = 1;
        if (!check_rc("domu-concurrent-setup", domctl(DOMUS_DOMCTL_createdomain, 0, &op), 0))
            return;
        ids[i] = op.domid;
    }
    for (unsigned int round = 0; round < 2; round++) {
        domid_t mine = round == 0 ? ids[0] : ids[2], theirs = round == 0 ? ids[1] : ids[2];
        pid_t pid = fork();
        if (pid == 0)
            _exit(simple(DOMUS_DOMCTL_destroydomain, theirs) == 0 ? 0 : 1);
        long rc = simple(DOMUS_DOMCTL_destroydomain, mine);
        int status = 0;
        waitpid(pid, &status, 0);
        bool child_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (round == 0)
            check(rc == 0 && child_ok, "domu-concurrent-destroy", "ours %s, the other's %s",
                  rc_str(rc), child_ok ? "ok" : "failed");
        else /* the same domain: exactly one of the two destroys it */
            check((rc == 0) != child_ok && (rc == 0 || rc == -ESRCH), "domu-concurrent-same",
                  "ours %s, the other's %s", rc_str(rc), child_ok ? "ok" : "failed");
    }
    struct domus_sysctl_getdomaininfo gi;
    for (unsigned int i = 0; i < 3; i++)
        check_rc("domu-concurrent-gone", domus_getdomaininfo(privcmd, ids[i], &gi), -ESRCH);
}

void selftest_domu(void)
{
    privcmd = domus_privcmd_open();
    if (!check(privcmd >= 0, "domu-privcmd", "%s", rc_str(privcmd)))
        return;
    size_t size = 0;
    const uint8_t *img = read_image(&size);
    int gntdev = gntdev_open();
    if (!check(img != NULL && gntdev >= 0, "domu-setup", "image %s: %s, gntdev %s", IMAGE_PATH,
               img ? "ok" : strerror(errno), rc_str(gntdev)))
        return;
    static const struct {
        unsigned int mode;
        const char *name;
    } lives[] = {
        {DOMU_MODE_POWEROFF, "poweroff"},
        {DOMU_MODE_REBOOT, "reboot"},
        {DOMU_MODE_CRASH, "crash"},
        {DOMU_MODE_SPIN, "spin"},
    };
    uint64_t start = free_pages(), after_first = 0;
    for (size_t i = 0; i < sizeof(lives) / sizeof(lives[0]); i++) {
        one_life(lives[i].mode, lives[i].name, img, size, gntdev);
        uint64_t now = free_pages();
        if (i == 0) {
            after_first = now;
            check(now + SLACK_PAGES >= start && now <= start, "domu-memory-back",
                  "%lld pages fewer free after the first domain",
                  (long long)start - (long long)now);
        } else {
            char what[48];
            snprintf(what, sizeof(what), "domu-memory-back-%s", lives[i].name);
            /* Dom0's own tables may grow by a page meanwhile (a new event
             * channel bucket, a slab): a leak of a domain's RAM or tables
             * is thousands of pages, or a few every time. */
            check(now + GROWTH_PAGES >= after_first, what,
                  "%lld pages fewer free than after the first domain",
                  (long long)after_first - (long long)now);
        }
    }
    bad_domctl();
    concurrent_destroys();
    close(gntdev);
    close(privcmd);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void report(const char *name, unsigned long n, uint64_t ns)
{
    printf("bench %s %lu %llu %llu\n", name, n, (unsigned long long)ns,
           (unsigned long long)(ns / n));
}

/* decrease_reservation of n extents of 2^order pages at gfns. */
static long decrease(domid_t dom, const xen_pfn_t *gfns, unsigned long n, unsigned int order)
{
    struct xen_memory_reservation r = {XEN_GUEST_HANDLE_INIT(gfns), n, order, 0, dom};
    return domus_hypercall(privcmd, __HYPERVISOR_memory_op, XENMEM_decrease_reservation,
                           (uint64_t)(uintptr_t)&r, 0, 0, 0);
}

int selftest_domu_bench(unsigned long n)
{
    privcmd = domus_privcmd_open();
    if (privcmd < 0) {
        fprintf(stderr, "domus-selftest: cannot open privcmd: %s\n", strerror(-privcmd));
        return 1;
    }
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < n; i++)
        if (syscall(SYS_getpid) <= 0)
            return 1;
    report("getpid", n, now_ns() - t0);

    struct domus_domctl op;
    t0 = now_ns();
    for (unsigned long i = 0; i < n; i++) {
        memset(&op, 0, sizeof(op));
        op.u.createdomain.max_vcpus = 1;
        if (domctl(DOMUS_DOMCTL_createdomain, 0, &op) != 0 ||
            simple(DOMUS_DOMCTL_destroydomain, op.domid) != 0) {
            fprintf(stderr, "domus-selftest: create/destroy failed\n");
            return 1;
        }
    }
    report("domu_create_destroy", n, now_ns() - t0);

    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = 1;
    if (domctl(DOMUS_DOMCTL_createdomain, 0, &op) != 0)
        return 1;
    domid_t dom = op.domid;
    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_pages = RAM_PAGES;
    xen_pfn_t ext[RAM_MIB / 2];
    for (unsigned int i = 0; i < RAM_MIB / 2; i++)
        ext[i] = GUEST_RAM0_BASE / XEN_PAGE_SIZE + i * 512ULL;
    int rc = domctl(DOMUS_DOMCTL_max_mem, dom, &op) == 0 ? 0 : 1;
    t0 = now_ns();
    for (unsigned long i = 0; i < n && rc == 0; i++)
        if (populate(dom, ext, RAM_MIB / 2, EXTENT_2M) != RAM_MIB / 2 ||
            decrease(dom, ext, RAM_MIB / 2, EXTENT_2M) != RAM_MIB / 2)
            rc = 1;
    if (rc == 0)
        report("domu_populate_decrease_16m", n, now_ns() - t0);
    simple(DOMUS_DOMCTL_destroydomain, dom);
    close(privcmd);
    if (rc)
        fprintf(stderr, "domus-selftest: populate/decrease failed\n");
    return rc;
}
