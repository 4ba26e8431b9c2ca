/* SPDX-License-Identifier: MIT */
/*
 * A loopback pair of event channels in dom0 through /dev/xen/evtchn:
 * port p allocated unbound for domain 0, port q bound to it. Notifying q
 * raises p; the device reports p on read and masks it until p is
 * written back.
 */
#ifndef DOMUS_SELFTEST_EVTCHN_PAIR_H
#define DOMUS_SELFTEST_EVTCHN_PAIR_H

#include <stddef.h>

struct evtchn_pair {
    int fd;
    unsigned int p; /* the receiving end */
    unsigned int q; /* the end we notify */
};

/* Opens the device (loading xen-evtchn if needed) and binds both ports.
 * 0, or -errno with a reason in why. */
int evtchn_pair_open(struct evtchn_pair *ep, char *why, size_t whylen);

/* Waits up to timeout_ms for one event; 1 with its port, 0 on timeout,
 * or -errno. */
int evtchn_wait(int fd, int timeout_ms, unsigned int *port);

/* Writes port back to the device, unmasking it. 0 or -errno. */
int evtchn_unmask(int fd, unsigned int port);

/* Sends an event from local port port to its peer. 0 or -errno. */
int evtchn_notify(int fd, unsigned int port);

/* One round trip: notify q, wait for p, unmask p. 0, or -errno (-ETIMEDOUT
 * if nothing came, -EPROTO if another port fired). */
int evtchn_round_trip(const struct evtchn_pair *ep, int timeout_ms);

/* Unbinds one port from the device. 0 or -errno. */
int evtchn_unbind(int fd, unsigned int port);

#endif
