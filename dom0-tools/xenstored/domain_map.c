/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "xen/grant_table.h"
/* Linux's gntdev.h uses our grant_ref_t and domid_t. */
#include <xen/gntdev.h>

#include "domain_map.h"
#include "libdomus.h"
#include "log.h"
#include "ring_conn.h"
#include "util.h"

struct mapped_ring {
    struct xs_ring ring;
    struct xs_domain_map *map;
    uint16_t domid;
    bool granted;       /* through gntdev (else privcmd) */
    uint64_t gnt_index; /* gntdev's offset of the mapping */
};

void xs_domain_map_init(struct xs_domain_map *m, int evtchn_fd)
{
    m->evtchn_fd = evtchn_fd;
    m->gntdev_fd = -1;
    m->privcmd_fd = -1;
}

static void *map_grant(struct xs_domain_map *m, uint16_t domid, uint64_t *index)
{
    if (m->gntdev_fd < 0)
        m->gntdev_fd = domus_open_xen_dev("/dev/xen/gntdev", "xen-gntdev");
    if (m->gntdev_fd < 0)
        return NULL;
    struct ioctl_gntdev_map_grant_ref op = {.count = 1};
    op.refs[0].domid = domid;
    op.refs[0].ref = GNTTAB_RESERVED_XENSTORE;
    if (ioctl(m->gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op) < 0)
        return NULL;
    void *page = mmap(NULL, XEN_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, m->gntdev_fd,
                      (off_t)op.index);
    if (page == MAP_FAILED) {
        struct ioctl_gntdev_unmap_grant_ref un = {.index = op.index, .count = 1};
        ioctl(m->gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &un);
        return NULL;
    }
    *index = op.index;
    return page;
}

static void *map_frame(struct xs_domain_map *m, uint16_t domid, int64_t gfn)
{
    if (gfn <= 0)
        return NULL;
    if (m->privcmd_fd < 0)
        m->privcmd_fd = domus_privcmd_open();
    if (m->privcmd_fd < 0)
        return NULL;
    xen_pfn_t frame = (xen_pfn_t)gfn;
    int err = 0;
    void *page = domus_foreign_map(m->privcmd_fd, domid, PROT_READ | PROT_WRITE, &frame, &err, 1);
    if (page && err) {
        domus_foreign_unmap(page, 1);
        page = NULL;
    }
    return page;
}

static void ring_notify(struct xs_ring *ring)
{
    struct mapped_ring *mr = ring->priv;
    domus_evtchn_notify(mr->map->evtchn_fd, ring->port);
}

static void unmap(struct mapped_ring *mr)
{
    munmap(mr->ring.intf, XEN_PAGE_SIZE);
    if (mr->granted) {
        struct ioctl_gntdev_unmap_grant_ref un = {.index = mr->gnt_index, .count = 1};
        ioctl(mr->map->gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &un);
    }
}

static void ring_release(struct xs_ring *ring)
{
    struct mapped_ring *mr = ring->priv;
    domus_evtchn_unbind(mr->map->evtchn_fd, ring->port);
    unmap(mr);
    free(mr);
}

static int attach(void *ctx, uint16_t domid, int64_t gfn, uint32_t port,
                  const struct xs_transport **tp, void **tp_data)
{
    struct xs_domain_map *m = ctx;
    struct mapped_ring *mr = xs_calloc(1, sizeof(*mr));
    mr->map = m;
    mr->domid = domid;
    mr->ring.intf = map_grant(m, domid, &mr->gnt_index);
    mr->granted = mr->ring.intf != NULL;
    if (!mr->ring.intf)
        mr->ring.intf = map_frame(m, domid, gfn);
    if (!mr->ring.intf) {
        xs_log("dom%u: cannot map its ring (grant %u, gfn %lld)", domid, GNTTAB_RESERVED_XENSTORE,
               (long long)gfn);
        free(mr);
        return XEN_EINVAL;
    }
    int local = domus_evtchn_bind(m->evtchn_fd, domid, port);
    if (local < 0) {
        xs_log("dom%u: cannot bind its port %u: error %d", domid, port, -local);
        unmap(mr);
        free(mr);
        return XEN_EINVAL;
    }
    mr->ring.port = (uint32_t)local;
    mr->ring.notify = ring_notify;
    mr->ring.release = ring_release;
    mr->ring.priv = mr;
    mr->ring.intf->server_features |= XENSTORE_SERVER_FEATURE_ERROR;
    *tp = &xs_ring_transport;
    *tp_data = &mr->ring;
    return 0;
}

const struct xs_domain_ops xs_domain_map_ops = {.attach = attach};
