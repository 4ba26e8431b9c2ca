/* SPDX-License-Identifier: MIT */
/*
 * Dom0's own kernel as a client. At boot Linux (XS_LOCAL, the initial
 * domain) allocates a zeroed ring page and an unbound event channel
 * towards itself and waits; it starts its xenbus (probing backends and
 * frontends, setting its watches) on the first event from that channel.
 * We map the page through /dev/xen/xenbus_backend (IOCTL_XENBUS_BACKEND_EVTCHN
 * gives the port), or /proc/xen/xsd_kva and xsd_port with xenfs mounted,
 * bind the port from our side (an interdomain channel from dom0 to dom0)
 * and send that first event.
 */
#ifndef XENSTORED_DOM0_RING_H
#define XENSTORED_DOM0_RING_H

#include <stddef.h>

#include "core.h"

/* Serves dom0's ring: the new connection, or NULL with the reason in why. */
struct xs_conn *xs_dom0_ring_attach(struct xs_core *core, int evtchn_fd, char *why, size_t size);

#endif
