/* SPDX-License-Identifier: MIT */
/*
 * The daemon's poll loop: event channels (any event: serve every ring),
 * the socket and its clients, and a periodic check that the introduced
 * domains still exist.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "libdomus.h"
#include "log.h"
#include "ring_conn.h"
#include "serve.h"
#include "socket.h"
#include "util.h"

/* Serves every ring until none moves: one domain's request may have
 * queued watch events for the others. */
static void serve_rings(struct xs_daemon *d)
{
    bool moved = true;
    for (unsigned int round = 0; moved && round < 64; round++) {
        moved = false;
        for (struct xs_conn *c = d->core.conns; c; c = c->next) {
            if (c->tp == &xs_ring_transport)
                moved |= xs_ring_serve(c);
        }
    }
}

static void serve_sockets(struct xs_daemon *d, const struct pollfd *fds, nfds_t nfds)
{
    struct xs_conn *c = d->core.conns;
    while (c) {
        struct xs_conn *next = c->next;
        if (c->tp == &xs_socket_transport) {
            bool readable = false;
            for (nfds_t i = 0; i < nfds; i++) {
                if (fds[i].fd == xs_socket_fd(c))
                    readable = fds[i].revents & (POLLIN | POLLHUP | POLLERR);
            }
            if (!xs_socket_serve(c, readable))
                xs_conn_free(c);
        }
        c = next;
    }
}

/* Introduced domains that are gone are released (@releaseDomain fires).
 * Needs Domus's sysctl; under another hypervisor it finds nothing gone. */
static void check_domains(struct xs_daemon *d)
{
    clock_gettime(CLOCK_MONOTONIC, &d->last_check);
    struct xs_conn *c = d->core.conns;
    while (c) {
        struct xs_conn *next = c->next;
        if (c->introduced && c->domid != 0) {
            if (d->privcmd_fd < 0)
                d->privcmd_fd = domus_privcmd_open();
            struct domus_sysctl_getdomaininfo info;
            long rc = d->privcmd_fd < 0 ? 0 : domus_getdomaininfo(d->privcmd_fd, c->domid, &info);
            if (rc == -ESRCH || (rc == 0 && (info.flags & DOMUS_DOMINF_dying))) {
                xs_log("dom%u is gone", c->domid);
                xs_core_release_domain(&d->core, c);
            }
        }
        c = next;
    }
}

static long ms_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static void handle_events(struct xs_daemon *d)
{
    uint32_t ports[64];
    int n = domus_evtchn_pending(d->evtchn_fd, ports, ARRAY_SIZE(ports));
    if (n < 0) {
        xs_log("reading /dev/xen/evtchn: %s", strerror(-n));
        return;
    }
    for (int i = 0; i < n; i++) {
        if (d->dom_exc_port >= 0 && ports[i] == (uint32_t)d->dom_exc_port)
            check_domains(d);
    }
}

int xs_serve(struct xs_daemon *d, volatile sig_atomic_t *stopping)
{
    struct pollfd *fds = xs_calloc(XS_SOCKET_MAX_CLIENTS + 2, sizeof(*fds));
    int status = 0;
    while (!*stopping) {
        nfds_t n = 0;
        fds[n++] = (struct pollfd){.fd = d->evtchn_fd, .events = POLLIN};
        if (d->listen_fd >= 0)
            fds[n++] = (struct pollfd){.fd = d->listen_fd, .events = POLLIN};
        for (struct xs_conn *c = d->core.conns; c; c = c->next) {
            if (c->tp != &xs_socket_transport || n >= XS_SOCKET_MAX_CLIENTS + 2)
                continue;
            short ev = (short)(POLLIN | (xs_conn_has_output(c) ? POLLOUT : 0));
            fds[n++] = (struct pollfd){.fd = xs_socket_fd(c), .events = ev};
        }
        int rc = poll(fds, n, XS_DOMAIN_CHECK_MS);
        if (rc < 0 && errno != EINTR) {
            xs_log("poll: %s", strerror(errno));
            status = 1;
            break;
        }
        if (rc > 0 && (fds[0].revents & POLLIN))
            handle_events(d);
        if (rc > 0 && d->listen_fd >= 0 && (fds[1].revents & POLLIN))
            xs_socket_accept(&d->core, d->listen_fd);
        serve_sockets(d, fds, rc > 0 ? n : 0);
        serve_rings(d);
        serve_sockets(d, fds, 0); /* events the rings' requests queued for sockets */
        if (ms_since(&d->last_check) >= XS_DOMAIN_CHECK_MS)
            check_domains(d);
    }
    free(fds);
    if (*stopping)
        xs_log("stopping on signal %d", (int)*stopping);
    return status;
}
