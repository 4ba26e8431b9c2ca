/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "xen/xen.h"
/* Linux's evtchn.h uses our domid_t. */
#include <xen/evtchn.h>

#include "evtchn_pair.h"
#include "libdomus.h"

int evtchn_pair_open(struct evtchn_pair *ep, char *why, size_t whylen)
{
    ep->fd = domus_open_xen_dev("/dev/xen/evtchn", "xen-evtchn");
    if (ep->fd < 0) {
        snprintf(why, whylen, "cannot open /dev/xen/evtchn: %s", strerror(-ep->fd));
        return ep->fd;
    }
    struct ioctl_evtchn_bind_unbound_port unbound = {.remote_domain = 0};
    int p = ioctl(ep->fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
    if (p <= 0) {
        int err = p < 0 ? -errno : -EPROTO;
        snprintf(why, whylen, "IOCTL_EVTCHN_BIND_UNBOUND_PORT: %s", strerror(-err));
        close(ep->fd);
        return err;
    }
    struct ioctl_evtchn_bind_interdomain inter = {.remote_domain = 0, .remote_port = (unsigned)p};
    int q = ioctl(ep->fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &inter);
    if (q <= 0) {
        int err = q < 0 ? -errno : -EPROTO;
        snprintf(why, whylen, "IOCTL_EVTCHN_BIND_INTERDOMAIN to port %d: %s", p, strerror(-err));
        close(ep->fd);
        return err;
    }
    ep->p = (unsigned int)p;
    ep->q = (unsigned int)q;
    return 0;
}

int evtchn_wait(int fd, int timeout_ms, unsigned int *port)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    int n;
    do {
        n = poll(&pfd, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    if (n == 0)
        return 0;
    if (pfd.revents & POLLERR)
        return -EOVERFLOW; /* the driver's ring overflowed: events were lost */
    uint32_t got;
    ssize_t r = read(fd, &got, sizeof(got));
    if (r < 0)
        return -errno;
    if (r != sizeof(got))
        return -EIO;
    *port = got;
    return 1;
}

int evtchn_unmask(int fd, unsigned int port)
{
    uint32_t p = port;
    ssize_t r = write(fd, &p, sizeof(p));
    if (r < 0)
        return -errno;
    return r == sizeof(p) ? 0 : -EIO;
}

int evtchn_notify(int fd, unsigned int port)
{
    struct ioctl_evtchn_notify n = {.port = port};
    return ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n) < 0 ? -errno : 0;
}

int evtchn_round_trip(const struct evtchn_pair *ep, int timeout_ms)
{
    int rc = evtchn_notify(ep->fd, ep->q);
    if (rc)
        return rc;
    unsigned int port = 0;
    rc = evtchn_wait(ep->fd, timeout_ms, &port);
    if (rc <= 0)
        return rc == 0 ? -ETIMEDOUT : rc;
    if (port != ep->p)
        return -EPROTO;
    return evtchn_unmask(ep->fd, port);
}

int evtchn_unbind(int fd, unsigned int port)
{
    struct ioctl_evtchn_unbind u = {.port = port};
    return ioctl(fd, IOCTL_EVTCHN_UNBIND, &u) < 0 ? -errno : 0;
}
