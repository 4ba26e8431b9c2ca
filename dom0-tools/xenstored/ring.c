/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <string.h>

#include "ring.h"

/* The other side writes these at any time: read each exactly once. */
static XENSTORE_RING_IDX load(const XENSTORE_RING_IDX *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void store_idx(XENSTORE_RING_IDX *p, XENSTORE_RING_IDX v)
{
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

static int consistent(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
    return (XENSTORE_RING_IDX)(prod - cons) <= XENSTORE_RING_SIZE;
}

int xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t len)
{
    XENSTORE_RING_IDX cons = load(&intf->req_cons);
    XENSTORE_RING_IDX prod = load(&intf->req_prod);
    /* Read the data only after seeing the producer index. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (!consistent(cons, prod))
        return -1;
    size_t avail = prod - cons;
    size_t to_end = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
    if (avail > to_end)
        avail = to_end; /* the rest after the wrap comes next time round */
    if (avail > len)
        avail = len;
    memcpy(buf, intf->req + MASK_XENSTORE_IDX(cons), avail);
    /* The domain may reuse the space only once we have copied it out. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    store_idx(&intf->req_cons, cons + (XENSTORE_RING_IDX)avail);
    return (int)avail;
}

int xs_ring_write(struct xenstore_domain_interface *intf, const void *buf, size_t len)
{
    XENSTORE_RING_IDX cons = load(&intf->rsp_cons);
    XENSTORE_RING_IDX prod = load(&intf->rsp_prod);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!consistent(cons, prod))
        return -1;
    size_t space = XENSTORE_RING_SIZE - (prod - cons);
    size_t to_end = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
    if (space > to_end)
        space = to_end;
    if (space > len)
        space = len;
    memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), buf, space);
    /* The domain must see the data before the new producer index. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    store_idx(&intf->rsp_prod, prod + (XENSTORE_RING_IDX)space);
    return (int)space;
}

int xs_ring_has_input(const struct xenstore_domain_interface *intf)
{
    return load(&intf->req_cons) != load(&intf->req_prod);
}
