/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: the PV console ring page, shared by a domain
 * (Linux's hvc_xen, its console 0 in a domU) and the console daemon in
 * dom0 (domus-consoled). The domain finds the page and its event channel
 * through HVM_PARAM_CONSOLE_PFN and HVM_PARAM_CONSOLE_EVTCHN (xen/hvm.h);
 * the domain builder puts the page at GUEST_MAGIC_BASE (xen/guest_layout.h)
 * and zeroes it.
 *
 * Facts checked against Xen (xen/include/public/io/console.h, 4.21's
 * connection byte included) and Linux 6.1 (include/xen/interface/io/
 * console.h and drivers/tty/hvc/hvc_xen.c, which knows the structure only
 * up to out_prod).
 */
#ifndef DOMUS_PUBLIC_IO_CONSOLE_H
#define DOMUS_PUBLIC_IO_CONSOLE_H

#include "xen/xen.h"

typedef uint32_t XENCONS_RING_IDX;

/* Bytes in each direction; both are powers of two. */
#define XENCONS_IN_SIZE  1024 /* daemon -> domain: what the user types */
#define XENCONS_OUT_SIZE 2048 /* domain -> daemon: what the domain prints */

/* Where in a ring (its array) the byte of a free-running index sits. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

/*
 * connection (newer Xen): written by the daemon. A builder may start it
 * at DISCONNECTED so a guest that reads it writes to the hypervisor's
 * console until a daemon serves the ring; zero, what a zeroed page holds,
 * means connected. Linux 6.1 does not read it.
 */
#define XENCONSOLE_CONNECTED    0
#define XENCONSOLE_DISCONNECTED 1

/*
 * The page starts with this structure. Each ring is a byte queue with
 * free-running 32-bit indexes: prod - cons bytes are waiting, never more
 * than the ring's size (a side that finds more has a broken peer; Linux
 * then gives up on the ring: "Illegal ring page indices").
 *   in:  the daemon writes bytes, then (after a write barrier) advances
 *        in_prod; the domain reads them and advances in_cons.
 *   out: the domain writes, advances out_prod; the daemon reads, advances
 *        out_cons.
 * Each side notifies the event channel after moving an index. A domain
 * whose out ring is full waits for room (Linux yields the vCPU and tries
 * again), so a console nobody drains stops the domain's printing.
 */
struct xencons_interface {
    char in[XENCONS_IN_SIZE];
    char out[XENCONS_OUT_SIZE];
    XENCONS_RING_IDX in_cons;
    XENCONS_RING_IDX in_prod;
    XENCONS_RING_IDX out_cons;
    XENCONS_RING_IDX out_prod;
    uint8_t connection;
};

#endif
