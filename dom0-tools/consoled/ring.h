/* SPDX-License-Identifier: MIT */
/*
 * The daemon's end of one PV console ring page (xen/io_console.h). The
 * page is shared with the domain, which can write anything anywhere on it
 * at any time, so every index it owns is read once per operation and
 * checked before use, and the daemon keeps its own two indexes (out_cons,
 * in_prod) privately, writing them to the page but never reading them
 * back. A ring whose indexes make no sense is "bogus": the operation fails
 * and says why, and nothing outside the ring's arrays is touched.
 *
 * Plain memory code: it builds on the host for tests/toolstack.
 */
#ifndef CONSOLED_RING_H
#define CONSOLED_RING_H

#include <stdbool.h>
#include <stddef.h>

#include "xen/io_console.h"

struct cons_ring {
    struct xencons_interface *intf;
    XENCONS_RING_IDX out_cons; /* the next output byte we take */
    XENCONS_RING_IDX in_prod;  /* where our next input byte goes */
};

/*
 * Starts serving the ring at page: takes the daemon's indexes from it
 * (zero on a fresh page; a restarted daemon goes on where the last one
 * stopped) and marks the page connected. 0, or -1 with the reason in why
 * if the indexes are already bogus.
 */
int cons_ring_attach(struct cons_ring *r, void *page, char *why, size_t whylen);

/*
 * Takes up to max bytes of the domain's output into buf and frees their
 * room: the number taken (0: nothing waiting), or -1 with the reason in
 * why if the indexes are bogus.
 */
int cons_ring_read(struct cons_ring *r, char *buf, size_t max, char *why, size_t whylen);

/* Room for input, in bytes, or -1 with the reason in why. */
int cons_ring_space(struct cons_ring *r, char *why, size_t whylen);

/*
 * Puts up to len bytes of input into the ring (as many as there is room
 * for): the number put, or -1 with the reason in why.
 */
int cons_ring_write(struct cons_ring *r, const char *data, size_t len, char *why, size_t whylen);

#endif
