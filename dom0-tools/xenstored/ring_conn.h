/* SPDX-License-Identifier: MIT */
/*
 * A connection over a ring page: dom0's own kernel, or an introduced
 * domain. The owner of the ring (dom0_ring.c, domain_map.c, or a test)
 * supplies the page and how to notify and to let go of it.
 */
#ifndef XENSTORED_RING_CONN_H
#define XENSTORED_RING_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "conn.h"
#include "xen/io_xs_wire.h"

struct xs_ring {
    struct xenstore_domain_interface *intf;
    uint32_t port; /* our end of the event channel */
    void (*notify)(struct xs_ring *ring);
    void (*release)(struct xs_ring *ring); /* unmap, unbind, free; may be NULL */
    void *priv;
    bool stopped; /* broken: no longer served */
};

/* Its destroy calls the ring's release. tp_data is the struct xs_ring. */
extern const struct xs_transport xs_ring_transport;

/*
 * Moves requests in and replies out until neither can go further, and
 * notifies the domain if anything moved. A domain that leaves the indexes
 * inconsistent, or breaks the protocol, is no longer served: the ring's
 * error field says why. Returns true if anything moved.
 */
bool xs_ring_serve(struct xs_conn *conn);

#endif
