/* SPDX-License-Identifier: MIT */
/*
 * The daemon's side of a xenstore ring page (xen/io_xs_wire.h): it
 * consumes the request queue and produces the response queue. The other
 * side is a domain that may be buggy or hostile, so each index is read
 * once per step and checked before use.
 */
#ifndef XENSTORED_RING_H
#define XENSTORED_RING_H

#include <stddef.h>

#include "xen/io_xs_wire.h"

/* Copies up to len request bytes out: the count (0: none), or -1 if the
 * indexes are inconsistent. */
int xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t len);
/* Copies up to len bytes into the response queue: the count (0: full),
 * or -1 if the indexes are inconsistent. */
int xs_ring_write(struct xenstore_domain_interface *intf, const void *buf, size_t len);
/* Requests are waiting. */
int xs_ring_has_input(const struct xenstore_domain_interface *intf);

#endif
