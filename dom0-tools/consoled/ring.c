/* SPDX-License-Identifier: MIT */
/*
 * The console ring protocol from the daemon's side (ring.h). Ordering, as
 * in Linux's hvc_xen: a reader loads prod, then (acquire) the bytes, then
 * (release) stores its cons; a writer stores the bytes, then (release)
 * its prod. The domain is told by the caller (an event) afterwards.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "ring.h"

/* A guest-owned index, read exactly once. */
static XENCONS_RING_IDX load_once(const XENCONS_RING_IDX *p)
{
    return *(const volatile XENCONS_RING_IDX *)p;
}

static void store_once(XENCONS_RING_IDX *p, XENCONS_RING_IDX v)
{
    *(volatile XENCONS_RING_IDX *)p = v;
}

static int bogus(char *why, size_t whylen, const char *ring, XENCONS_RING_IDX cons,
                 XENCONS_RING_IDX prod, unsigned int size)
{
    snprintf(why, whylen,
             "%s ring indexes are bogus: cons 0x%x, prod 0x%x (%u bytes apart, at most %u)", ring,
             cons, prod, prod - cons, size);
    return -1;
}

int cons_ring_attach(struct cons_ring *r, void *page, char *why, size_t whylen)
{
    r->intf = page;
    r->out_cons = load_once(&r->intf->out_cons);
    r->in_prod = load_once(&r->intf->in_prod);
    XENCONS_RING_IDX out_prod = load_once(&r->intf->out_prod);
    XENCONS_RING_IDX in_cons = load_once(&r->intf->in_cons);
    if (out_prod - r->out_cons > XENCONS_OUT_SIZE)
        return bogus(why, whylen, "output", r->out_cons, out_prod, XENCONS_OUT_SIZE);
    if (r->in_prod - in_cons > XENCONS_IN_SIZE)
        return bogus(why, whylen, "input", in_cons, r->in_prod, XENCONS_IN_SIZE);
    *(volatile uint8_t *)&r->intf->connection = XENCONSOLE_CONNECTED;
    return 0;
}

int cons_ring_read(struct cons_ring *r, char *buf, size_t max, char *why, size_t whylen)
{
    XENCONS_RING_IDX prod = load_once(&r->intf->out_prod);
    atomic_thread_fence(memory_order_acquire);
    XENCONS_RING_IDX cons = r->out_cons;
    XENCONS_RING_IDX waiting = prod - cons;
    if (waiting > XENCONS_OUT_SIZE)
        return bogus(why, whylen, "output", cons, prod, XENCONS_OUT_SIZE);
    size_t n = waiting < max ? waiting : max;
    for (size_t i = 0; i < n; i++, cons++)
        buf[i] = ((volatile char *)r->intf->out)[MASK_XENCONS_IDX(cons, r->intf->out)];
    atomic_thread_fence(
        memory_order_seq_cst); /* the bytes are read before their room is given back */
    r->out_cons = cons;
    store_once(&r->intf->out_cons, cons);
    return (int)n;
}

int cons_ring_space(struct cons_ring *r, char *why, size_t whylen)
{
    XENCONS_RING_IDX cons = load_once(&r->intf->in_cons);
    atomic_thread_fence(memory_order_acquire);
    XENCONS_RING_IDX used = r->in_prod - cons;
    if (used > XENCONS_IN_SIZE)
        return bogus(why, whylen, "input", cons, r->in_prod, XENCONS_IN_SIZE);
    return (int)(XENCONS_IN_SIZE - used);
}

int cons_ring_write(struct cons_ring *r, const char *data, size_t len, char *why, size_t whylen)
{
    int space = cons_ring_space(r, why, whylen);
    if (space < 0)
        return -1;
    size_t n = len < (size_t)space ? len : (size_t)space;
    XENCONS_RING_IDX prod = r->in_prod;
    for (size_t i = 0; i < n; i++, prod++)
        ((volatile char *)r->intf->in)[MASK_XENCONS_IDX(prod, r->intf->in)] = data[i];
    atomic_thread_fence(memory_order_release); /* the bytes before the index that shows them */
    r->in_prod = prod;
    store_once(&r->intf->in_prod, prod);
    return (int)n;
}
