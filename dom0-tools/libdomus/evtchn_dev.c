/* SPDX-License-Identifier: MIT */
/*
 * Event channels from dom0's user space: Linux's /dev/xen/evtchn. A port
 * bound through one open file fires by making that file readable; reading
 * gives the ports that fired, each masked until it is written back.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Linux's evtchn.h uses our domid_t. */
#include "xen/xen.h"
#include <xen/evtchn.h>

#include "libdomus.h"

int domus_evtchn_open(void)
{
    return domus_open_xen_dev("/dev/xen/evtchn", "xen-evtchn");
}

int domus_evtchn_bind(int fd, domid_t domid, uint32_t remote_port)
{
    struct ioctl_evtchn_bind_interdomain op = {.remote_domain = domid, .remote_port = remote_port};
    int rc = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &op);
    return rc < 0 ? -errno : rc;
}

int domus_evtchn_bind_virq(int fd, uint32_t virq)
{
    struct ioctl_evtchn_bind_virq op = {.virq = virq};
    int rc = ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &op);
    return rc < 0 ? -errno : rc;
}

void domus_evtchn_unbind(int fd, uint32_t port)
{
    struct ioctl_evtchn_unbind op = {.port = port};
    ioctl(fd, IOCTL_EVTCHN_UNBIND, &op);
}

void domus_evtchn_notify(int fd, uint32_t port)
{
    struct ioctl_evtchn_notify op = {.port = port};
    ioctl(fd, IOCTL_EVTCHN_NOTIFY, &op);
}

int domus_evtchn_pending(int fd, uint32_t *ports, unsigned int max)
{
    ssize_t n = read(fd, ports, max * sizeof(*ports));
    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -errno;
    unsigned int count = (unsigned int)((size_t)n / sizeof(*ports));
    if (count && write(fd, ports, count * sizeof(*ports)) < 0)
        return -errno;
    return (int)count;
}
