/* SPDX-License-Identifier: MIT */
/*
 * Self-test "badinput": hypercalls with bad arguments, issued from dom0's
 * user space, each answered with its error and with nothing changed. Only
 * ports, grant references and frames of our own are named, never ones the
 * kernel uses.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "grant_util.h"
#include "libdomus.h"
#include "own_page.h"
#include "selftest.h"
#include "xen/event_channel.h"
#include "xen/grant_table.h"
#include "xen/memory.h"
#include "xen/version.h"

#define BAD_REF        0xfffffU /* beyond any grant table (32 frames of 512) */
#define BAD_PORT       100000U  /* beyond the 4096 ports of the 2-level ABI */
#define NO_SUCH_DOMAIN 42

static uint64_t ptr(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static void bad_grant_ops(int privcmd)
{
    struct own_page pg;
    int rc = own_page_get(&pg, 5);
    if (!check(rc == 0, "bad-grant-setup", "no page with a known frame: %s", rc_str(rc)))
        return;

    /* The ref is checked before host_addr is touched: our page stays. */
    struct gnttab_map_grant_ref map;
    memset(&map, 0, sizeof(map));
    map.host_addr = pg.gfn << XEN_PAGE_SHIFT;
    map.flags = GNTMAP_host_map;
    map.ref = BAD_REF;
    map.dom = 0;
    long hc = domus_hypercall(privcmd, __HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
                              ptr(&map), 1, 0, 0);
    long bad = pattern_mismatch(pg.va, 5);
    check(hc == 0 && map.status == GNTST_bad_gntref && bad < 0, "bad-grant-map-ref",
          "hypercall %s, status %d (expected %d), page byte %ld changed", rc_str(hc), map.status,
          GNTST_bad_gntref, bad);

    struct gnttab_copy copy;
    memset(&copy, 0, sizeof(copy));
    copy.source.u.ref = BAD_REF;
    copy.source.domid = 0;
    copy.dest.u.gmfn = pg.gfn;
    copy.dest.domid = DOMID_SELF;
    copy.len = 64;
    copy.flags = GNTCOPY_source_gref;
    hc = domus_hypercall(privcmd, __HYPERVISOR_grant_table_op, GNTTABOP_copy, ptr(&copy), 1, 0, 0);
    bad = pattern_mismatch(pg.va, 5);
    check(hc == 0 && copy.status == GNTST_bad_gntref && bad < 0, "bad-grant-copy-ref",
          "hypercall %s, status %d (expected %d), page byte %ld changed", rc_str(hc), copy.status,
          GNTST_bad_gntref, bad);
    own_page_put(&pg);
}

static long evtchn_op(int privcmd, unsigned int cmd, void *arg)
{
    return domus_hypercall(privcmd, __HYPERVISOR_event_channel_op, cmd, ptr(arg), 0, 0, 0);
}

/* The highest port that is closed in dom0, or 0 if none is. */
static evtchn_port_t free_port(int privcmd)
{
    for (evtchn_port_t p = NR_EVENT_CHANNELS - 1; p > 0; p--) {
        struct evtchn_status st = {.dom = DOMID_SELF, .port = p};
        if (evtchn_op(privcmd, EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_closed)
            return p;
    }
    return 0;
}

static void bad_evtchn_ops(int privcmd)
{
    evtchn_port_t p = free_port(privcmd);
    if (check(p != 0, "bad-evtchn-setup", "no closed port found")) {
        struct evtchn_send send = {.port = p};
        long rc = evtchn_op(privcmd, EVTCHNOP_send, &send);
        struct evtchn_status st = {.dom = DOMID_SELF, .port = p};
        long rs = evtchn_op(privcmd, EVTCHNOP_status, &st);
        check(rc == -EINVAL && rs == 0 && st.status == EVTCHNSTAT_closed, "bad-evtchn-send-free",
              "send to port %u returned %s, status after: %ld/%u", p, rc_str(rc), rs, st.status);
    }
    struct evtchn_send send = {.port = BAD_PORT};
    check_rc("bad-evtchn-send-range", evtchn_op(privcmd, EVTCHNOP_send, &send), -EINVAL);
    struct evtchn_close cl = {.port = BAD_PORT};
    check_rc("bad-evtchn-close-range", evtchn_op(privcmd, EVTCHNOP_close, &cl), -EINVAL);
}

/* Maps one frame of dom; the frame's own result, or the call's -errno. */
static int map_one_foreign(int privcmd, domid_t dom, xen_pfn_t gfn)
{
    int err = 0;
    void *va = domus_foreign_map(privcmd, dom, PROT_READ, &gfn, &err, 1);
    if (!va)
        return -errno;
    domus_foreign_unmap(va, 1);
    return err;
}

static void bad_foreign_maps(int privcmd)
{
    check_rc("bad-foreign-nodomain", map_one_foreign(privcmd, NO_SUCH_DOMAIN, 0), -ESRCH);
    struct own_page pg;
    int rc = own_page_get(&pg, 6);
    if (!check(rc == 0, "bad-foreign-setup", "no page with a known frame: %s", rc_str(rc)))
        return;
    /* As Xen: a domain may not map its own frames as foreign ones. */
    check_rc("bad-foreign-self", map_one_foreign(privcmd, 0, pg.gfn), -EINVAL);
    own_page_put(&pg);
}

static void bad_pointers(int privcmd)
{
    uint8_t *pages =
        mmap(NULL, 2 * XEN_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!check(pages != MAP_FAILED, "bad-pointer-setup", "mmap: %s", strerror(errno)))
        return;
    uint8_t *gone = pages + XEN_PAGE_SIZE;
    munmap(gone, XEN_PAGE_SIZE);
    check_rc("bad-pointer-unmapped", domus_xen_version(privcmd, XENVER_extraversion, gone),
             -EFAULT);

    pattern_fill(pages, 7);
    mprotect(pages, XEN_PAGE_SIZE, PROT_READ);
    long rc = domus_xen_version(privcmd, XENVER_extraversion, pages);
    long bad = pattern_mismatch(pages, 7);
    check(rc == -EFAULT && bad < 0, "bad-pointer-readonly", "returned %s, byte %ld changed",
          rc_str(rc), bad);
    munmap(pages, XEN_PAGE_SIZE);
}

static void unknown_ops(int privcmd)
{
    uint8_t scratch[64] __attribute__((aligned(8)));
    memset(scratch, 0, sizeof(scratch));
    check_rc("bad-op-xen_version", domus_xen_version(privcmd, 99, scratch), -ENOSYS);
    check_rc("bad-op-memory_op",
             domus_hypercall(privcmd, __HYPERVISOR_memory_op, 63, ptr(scratch), 0, 0, 0), -ENOSYS);
    check_rc("bad-op-event_channel_op", evtchn_op(privcmd, 99, scratch), -ENOSYS);
    check_rc("bad-op-grant_table_op",
             domus_hypercall(privcmd, __HYPERVISOR_grant_table_op, 99, ptr(scratch), 1, 0, 0),
             -ENOSYS);
    check_rc("bad-hypercall-60", domus_hypercall(privcmd, 60, 0, 0, 0, 0, 0), -ENOSYS);
}

static void bad_sysctl(int privcmd)
{
    struct domus_sysctl op;
    memset(&op, 0, sizeof(op));
    op.cmd = DOMUS_SYSCTL_physinfo;
    op.interface_version = DOMUS_SYSCTL_INTERFACE_VERSION + 1;
    check_rc("bad-sysctl-version",
             domus_hypercall(privcmd, DOMUS_HYPERCALL_sysctl, ptr(&op), 0, 0, 0, 0), -EACCES);
    memset(&op, 0, sizeof(op));
    op.cmd = 99;
    check_rc("bad-sysctl-cmd", domus_sysctl(privcmd, &op), -ENOSYS);
    struct domus_sysctl_getdomaininfo gi;
    check_rc("bad-sysctl-nodomain", domus_getdomaininfo(privcmd, NO_SUCH_DOMAIN, &gi), -ESRCH);
}

void selftest_badinput(void)
{
    int privcmd = domus_privcmd_open();
    if (!check(privcmd >= 0, "bad-privcmd", "%s", rc_str(privcmd)))
        return;
    struct domus_sysctl_getdomaininfo before, after;
    long rb = domus_getdomaininfo(privcmd, DOMID_SELF, &before);

    bad_grant_ops(privcmd);
    bad_evtchn_ops(privcmd);
    bad_pointers(privcmd);
    unknown_ops(privcmd);
    bad_sysctl(privcmd);
    long ra = domus_getdomaininfo(privcmd, DOMID_SELF, &after);
    check(rb == 0 && ra == 0 && before.tot_pages == after.tot_pages &&
              before.max_pages == after.max_pages && before.shared_pages == after.shared_pages &&
              before.vcpus_online == after.vcpus_online,
          "bad-nothing-changed", "pages %llu/%llu -> %llu/%llu, grant maps %llu -> %llu",
          (unsigned long long)before.tot_pages, (unsigned long long)before.max_pages,
          (unsigned long long)after.tot_pages, (unsigned long long)after.max_pages,
          (unsigned long long)before.shared_pages, (unsigned long long)after.shared_pages);
    /* Last, and outside the comparison: foreign mapping makes the kernel
     * balloon out pages of ours, which changes dom0's page count. */
    bad_foreign_maps(privcmd);
    close(privcmd);
}
