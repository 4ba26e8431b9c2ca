/* SPDX-License-Identifier: MIT */
/*
 * Self-test "evtchn": 10,000 notifications through a loopback pair of
 * event channels, each received exactly once on the right port.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "evtchn_pair.h"
#include "selftest.h"

#define ROUNDS 10000
/* A lost event shows up as this timeout (a FAIL), not as a hang. */
#define LOST_AFTER_MS 5000
/* How long to look for events nobody sent, after the rounds. */
#define EXTRA_WAIT_MS 200

/* Like Xen, Domus marks the newly bound local port pending once. */
static void drain_bind_event(const struct evtchn_pair *ep)
{
    unsigned int port = 0;
    int rc = evtchn_wait(ep->fd, LOST_AFTER_MS, &port);
    if (rc == 1)
        evtchn_unmask(ep->fd, port);
    check(rc == 1 && port == ep->q, "evtchn-bind-pending", "%s",
          rc == 1   ? "event on the wrong port"
          : rc == 0 ? "no event"
                    : strerror(-rc));
}

static void notify_rounds(const struct evtchn_pair *ep)
{
    unsigned int received = 0, wrong = 0, lost = 0;
    int err = 0;
    for (unsigned int i = 0; i < ROUNDS; i++) {
        unsigned int port = 0;
        if ((err = evtchn_notify(ep->fd, ep->q)) != 0)
            break;
        int rc = evtchn_wait(ep->fd, LOST_AFTER_MS, &port);
        if (rc <= 0) {
            lost += rc == 0;
            err = rc;
            break;
        }
        if (port == ep->p)
            received++;
        else
            wrong++;
        if ((err = evtchn_unmask(ep->fd, port)) != 0)
            break;
    }
    check(received == ROUNDS && !wrong && !lost && !err, "evtchn-10000-notify",
          "%u of %d received, %u on a wrong port, %u lost, error %s", received, ROUNDS, wrong, lost,
          rc_str(err));

    unsigned int port = 0;
    int rc = evtchn_wait(ep->fd, EXTRA_WAIT_MS, &port);
    check(rc == 0, "evtchn-no-extra", "%s",
          rc == 1 ? "an event nobody sent arrived" : strerror(-rc));
    if (rc == 1)
        evtchn_unmask(ep->fd, port);
}

void selftest_evtchn(void)
{
    struct evtchn_pair ep;
    char why[160] = "";
    if (!check(evtchn_pair_open(&ep, why, sizeof(why)) == 0, "evtchn-bind", "%s", why))
        return;
    drain_bind_event(&ep);
    notify_rounds(&ep);
    int rq = evtchn_unbind(ep.fd, ep.q);
    int rp = evtchn_unbind(ep.fd, ep.p);
    check(rq == 0 && rp == 0, "evtchn-unbind", "port %u: %s, port %u: %s", ep.q, strerror(-rq),
          ep.p, strerror(-rp));
    /* The driver forgets the port: notifying it now is refused. */
    check_rc("evtchn-unbound-notify", evtchn_notify(ep.fd, ep.q), -ENOTCONN);
    close(ep.fd);
}
