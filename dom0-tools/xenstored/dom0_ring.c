/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <linux/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dom0_ring.h"
#include "libdomus.h"
#include "log.h"
#include "ring_conn.h"
#include "util.h"

/* Linux's include/xen/xenbus_dev.h (not exported to user space): the
 * port of dom0's store ring; its page is the device's mmap offset 0. */
#define IOCTL_XENBUS_BACKEND_EVTCHN _IOC(_IOC_NONE, 'B', 0, 0)

struct dom0_ring {
    struct xs_ring ring;
    int evtchn_fd;
};

static void dom0_notify(struct xs_ring *ring)
{
    struct dom0_ring *d = ring->priv;
    domus_evtchn_notify(d->evtchn_fd, ring->port);
}

static void dom0_release(struct xs_ring *ring)
{
    struct dom0_ring *d = ring->priv;
    domus_evtchn_unbind(d->evtchn_fd, ring->port);
    munmap(ring->intf, XEN_PAGE_SIZE);
    free(d);
}

static void *map_page(int fd)
{
    void *p = mmap(NULL, XEN_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* /dev/xen/xenbus_backend: the page and the port. */
static void *via_backend_dev(long *port, char *why, size_t size)
{
    int fd = open("/dev/xen/xenbus_backend", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, size, "/dev/xen/xenbus_backend: %s", strerror(errno));
        return NULL;
    }
    void *page = NULL;
    *port = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN);
    if (*port <= 0)
        snprintf(why, size, "IOCTL_XENBUS_BACKEND_EVTCHN: %s", strerror(errno));
    else if (!(page = map_page(fd)))
        snprintf(why, size, "mmap of /dev/xen/xenbus_backend: %s", strerror(errno));
    close(fd);
    return page;
}

/* xenfs's /proc/xen/xsd_kva (the page) and xsd_port (the port, decimal). */
static void *via_xenfs(long *port, char *why, size_t size)
{
    FILE *f = fopen("/proc/xen/xsd_port", "r");
    if (!f || fscanf(f, "%ld", port) != 1 || *port <= 0) {
        snprintf(why, size, "/proc/xen/xsd_port: %s", f ? "unreadable" : strerror(errno));
        if (f)
            fclose(f);
        return NULL;
    }
    fclose(f);
    int fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, size, "/proc/xen/xsd_kva: %s", strerror(errno));
        return NULL;
    }
    void *page = map_page(fd);
    if (!page)
        snprintf(why, size, "mmap of /proc/xen/xsd_kva: %s", strerror(errno));
    close(fd);
    return page;
}

struct xs_conn *xs_dom0_ring_attach(struct xs_core *core, int evtchn_fd, char *why, size_t size)
{
    long port;
    char first[128];
    void *page = via_backend_dev(&port, first, sizeof(first));
    if (!page && !(page = via_xenfs(&port, why, size))) {
        size_t len = strlen(why);
        snprintf(why + len, size - len, "; %s", first);
        return NULL;
    }
    int local = domus_evtchn_bind(evtchn_fd, 0, (uint32_t)port);
    if (local < 0) {
        snprintf(why, size, "binding dom0's store port %ld: %s%s", port, strerror(-local),
                 local == -EINVAL ? " (bound already: is another xenstored running?)" : "");
        munmap(page, XEN_PAGE_SIZE);
        return NULL;
    }
    struct dom0_ring *d = xs_calloc(1, sizeof(*d));
    d->evtchn_fd = evtchn_fd;
    d->ring.intf = page;
    d->ring.port = (uint32_t)local;
    d->ring.notify = dom0_notify;
    d->ring.release = dom0_release;
    d->ring.priv = d;
    d->ring.intf->server_features |= XENSTORE_SERVER_FEATURE_ERROR;
    struct xs_conn *conn = xs_conn_new(core, 0, true, "dom0", &xs_ring_transport, &d->ring);
    conn->introduced = true;
    xs_log("dom0: store ring port %ld bound as local port %d", port, local);
    /* The first event wakes the kernel's xenbus: from then on it uses us. */
    xs_ring_serve(conn);
    dom0_notify(&d->ring);
    return conn;
}
