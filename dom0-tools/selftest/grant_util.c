/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xen/grant_table.h"
/* Linux's gntdev.h uses our grant_ref_t and domid_t. */
#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#include "grant_util.h"
#include "libdomus.h"

int gref_page_alloc(struct gref_page *g, domid_t to, char *why, size_t whylen)
{
    g->fd = domus_open_xen_dev("/dev/xen/gntalloc", "xen-gntalloc");
    if (g->fd < 0) {
        snprintf(why, whylen, "cannot open /dev/xen/gntalloc: %s", strerror(-g->fd));
        return g->fd;
    }
    struct ioctl_gntalloc_alloc_gref a = {.domid = to, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1};
    if (ioctl(g->fd, IOCTL_GNTALLOC_ALLOC_GREF, &a) < 0) {
        int err = -errno;
        snprintf(why, whylen, "IOCTL_GNTALLOC_ALLOC_GREF: %s", strerror(-err));
        close(g->fd);
        return err;
    }
    g->ref = a.gref_ids[0];
    g->index = a.index;
    void *p = mmap(NULL, XEN_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, g->fd, (off_t)a.index);
    if (p == MAP_FAILED) {
        int err = -errno;
        snprintf(why, whylen, "mmap of gntalloc page: %s", strerror(-err));
        close(g->fd); /* closing the device ungrants the page */
        return err;
    }
    g->page = p;
    return 0;
}

int gref_page_free(struct gref_page *g)
{
    int rc = munmap(g->page, XEN_PAGE_SIZE) == 0 ? 0 : -errno;
    struct ioctl_gntalloc_dealloc_gref d = {.index = g->index, .count = 1};
    if (ioctl(g->fd, IOCTL_GNTALLOC_DEALLOC_GREF, &d) < 0 && rc == 0)
        rc = -errno;
    close(g->fd);
    return rc;
}

int gntdev_open(void)
{
    return domus_open_xen_dev("/dev/xen/gntdev", "xen-gntdev");
}

int gref_map(int gntdev, domid_t dom, uint32_t ref, struct gref_mapping *m)
{
    struct ioctl_gntdev_map_grant_ref op = {.count = 1};
    op.refs[0].domid = dom;
    op.refs[0].ref = ref;
    if (ioctl(gntdev, IOCTL_GNTDEV_MAP_GRANT_REF, &op) < 0)
        return -errno;
    m->index = op.index;
    /* The grant is mapped (GNTTABOP_map_grant_ref) by this mmap. */
    void *p =
        mmap(NULL, XEN_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, gntdev, (off_t)op.index);
    if (p == MAP_FAILED) {
        int err = -errno;
        struct ioctl_gntdev_unmap_grant_ref un = {.index = op.index, .count = 1};
        ioctl(gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &un);
        return err;
    }
    m->page = p;
    return 0;
}

int gref_unmap(int gntdev, struct gref_mapping *m)
{
    int rc = munmap(m->page, XEN_PAGE_SIZE) == 0 ? 0 : -errno;
    struct ioctl_gntdev_unmap_grant_ref un = {.index = m->index, .count = 1};
    if (ioctl(gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &un) < 0 && rc == 0)
        rc = -errno;
    return rc;
}

int gref_copy_from(int gntdev, domid_t dom, uint32_t ref, void *dst, uint16_t len, int16_t *status)
{
    struct gntdev_grant_copy_segment seg;
    memset(&seg, 0, sizeof(seg));
    seg.source.foreign.ref = ref;
    seg.source.foreign.offset = 0;
    seg.source.foreign.domid = dom;
    seg.dest.virt = dst;
    seg.len = len;
    seg.flags = GNTCOPY_source_gref;
    seg.status = GNTST_general_error;
    struct ioctl_gntdev_grant_copy op = {.count = 1, .segments = &seg};
    if (ioctl(gntdev, IOCTL_GNTDEV_GRANT_COPY, &op) < 0)
        return -errno;
    *status = seg.status;
    return 0;
}

void pattern_fill(uint8_t *page, unsigned int seed)
{
    for (unsigned int i = 0; i < XEN_PAGE_SIZE; i++)
        page[i] = (uint8_t)((i * 31u + seed * 17u + (i >> 8)) & 0xffu);
}

long pattern_mismatch(const uint8_t *page, unsigned int seed)
{
    for (unsigned int i = 0; i < XEN_PAGE_SIZE; i++) {
        if (page[i] != (uint8_t)((i * 31u + seed * 17u + (i >> 8)) & 0xffu))
            return (long)i;
    }
    return -1;
}
