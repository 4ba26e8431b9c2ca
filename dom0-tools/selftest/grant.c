/* SPDX-License-Identifier: MIT */
/*
 * Self-test "grant": dom0 grants itself a page through gntalloc, copies it
 * with the hypervisor's grant copy, maps it through gntdev and checks that
 * both mappings show the same page, then tears it all down. The number of
 * grant mappings dom0 holds (sysctl getdomaininfo's shared_pages) goes up
 * by one while mapped and back after.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "grant_util.h"
#include "libdomus.h"
#include "selftest.h"
#include "xen/grant_table.h"

/* gntdev may unmap asynchronously (when the page is briefly busy), so the
 * count is read until it settles, within a bound. */
#define SETTLE_TRIES 100
#define SETTLE_US    10000

static long shared_pages(int privcmd)
{
    struct domus_sysctl_getdomaininfo gi;
    long rc = domus_getdomaininfo(privcmd, DOMID_SELF, &gi);
    return rc < 0 ? rc : (long)gi.shared_pages;
}

static long shared_pages_settled(int privcmd, long want)
{
    long n = shared_pages(privcmd);
    for (int i = 0; i < SETTLE_TRIES && n != want; i++) {
        usleep(SETTLE_US);
        n = shared_pages(privcmd);
    }
    return n;
}

static void copy_check(int gntdev, const struct gref_page *g)
{
    static uint8_t buf[XEN_PAGE_SIZE] __attribute__((aligned(XEN_PAGE_SIZE)));
    memset(buf, 0, sizeof(buf));
    pattern_fill(g->page, 1);
    int16_t st = GNTST_general_error;
    int rc = gref_copy_from(gntdev, 0, g->ref, buf, XEN_PAGE_SIZE, &st);
    long bad = pattern_mismatch(buf, 1);
    check(rc == 0 && st == GNTST_okay && bad < 0, "grant-copy",
          "ioctl %s, status %d, first wrong byte at %ld", rc_str(rc), st, bad);
}

static void map_check(int privcmd, int gntdev, const struct gref_page *g, long before)
{
    struct gref_mapping m;
    int rc = gref_map(gntdev, 0, g->ref, &m);
    if (!check(rc == 0, "grant-map", "%s", rc_str(rc)))
        return;
    long n = shared_pages(privcmd);
    check(n == before + 1, "grant-map-counted", "shared_pages %ld, expected %ld", n, before + 1);

    pattern_fill(g->page, 2);
    long bad = pattern_mismatch(m.page, 2);
    check(bad < 0, "grant-alloc-to-map", "byte %ld differs in the gntdev mapping", bad);
    pattern_fill(m.page, 3);
    bad = pattern_mismatch(g->page, 3);
    check(bad < 0, "grant-map-to-alloc", "byte %ld differs in the gntalloc mapping", bad);

    rc = gref_unmap(gntdev, &m);
    check(rc == 0, "grant-unmap", "%s", rc_str(rc));
    n = shared_pages_settled(privcmd, before);
    check(n == before, "grant-unmap-counted", "shared_pages %ld, expected %ld", n, before);
}

void selftest_grant(void)
{
    int privcmd = domus_privcmd_open();
    if (!check(privcmd >= 0, "grant-privcmd", "%s", rc_str(privcmd)))
        return;
    long before = shared_pages(privcmd);
    struct gref_page g;
    char why[160] = "";
    if (!check(gref_page_alloc(&g, 0, why, sizeof(why)) == 0, "grant-alloc", "%s", why)) {
        close(privcmd);
        return;
    }
    int gntdev = gntdev_open();
    if (check(gntdev >= 0, "grant-gntdev", "cannot open /dev/xen/gntdev: %s", rc_str(gntdev))) {
        copy_check(gntdev, &g);
        map_check(privcmd, gntdev, &g, before);
        close(gntdev);
    }
    int rc = gref_page_free(&g);
    check(rc == 0, "grant-free", "%s", rc_str(rc));
    close(privcmd);
}
