/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: the hypervisor console hypercall
 * (__HYPERVISOR_console_io, 18) and the PV console ring page shared between
 * a domU and the console daemon in dom0.
 */
#ifndef DOMUS_PUBLIC_CONSOLE_H
#define DOMUS_PUBLIC_CONSOLE_H

#include "xen/xen.h"

/*
 * console_io(cmd, count, buf): buf is a guest virtual address.
 * CONSOLEIO_write: print count bytes of buf; returns 0 on success.
 * CONSOLEIO_read: copy up to count bytes of pending console input into buf;
 * returns the number copied (0 if none). dom0 only.
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

typedef uint32_t XENCONS_RING_IDX;

#define XENCONS_IN_SIZE  1024
#define XENCONS_OUT_SIZE 2048

/* Position in a ring of an index: the ring sizes are powers of two. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

/* connection values. */
#define XENCONSOLE_CONNECTED    0
#define XENCONSOLE_DISCONNECTED 1

/*
 * The console ring page (this structure at offset 0). Two byte rings with
 * free-running indexes (prod - cons = bytes in the ring):
 * in: daemon -> guest (keyboard); the daemon advances in_prod, the guest
 * in_cons. out: guest -> daemon (output); the guest advances out_prod, the
 * daemon out_cons. Each side notifies the console event channel after
 * moving an index. connection: written by the daemon (newer Xen; Linux 6.1
 * does not read it; a zeroed page reads as connected).
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
