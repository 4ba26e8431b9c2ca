/* SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "log.h"
#include "ring.h"
#include "ring_conn.h"

static void ring_destroy(struct xs_conn *conn)
{
    struct xs_ring *ring = conn->tp_data;
    if (ring && ring->release)
        ring->release(ring);
}

const struct xs_transport xs_ring_transport = {.kind = "ring", .destroy = ring_destroy};

/* Stops serving: tells the domain why through the error field. */
static void stop(struct xs_conn *conn, struct xs_ring *ring, uint32_t error)
{
    xs_conn_break(conn, error);
    __atomic_store_n(&ring->intf->error, conn->error, __ATOMIC_RELAXED);
    ring->stopped = true;
}

static bool pull(struct xs_conn *conn, struct xs_ring *ring)
{
    char buf[XENSTORE_RING_SIZE];
    size_t room = xs_conn_input_room(conn);
    if (!room)
        return false;
    int n = xs_ring_read(ring->intf, buf, room < sizeof(buf) ? room : sizeof(buf));
    if (n < 0) {
        stop(conn, ring, XENSTORE_ERROR_RINGIDX);
        return false;
    }
    if (n)
        xs_conn_input(conn, buf, (size_t)n);
    return n > 0;
}

static bool push(struct xs_conn *conn, struct xs_ring *ring)
{
    bool moved = false;
    for (;;) {
        size_t len;
        const void *data = xs_conn_output(conn, &len);
        if (!data)
            return moved;
        int n = xs_ring_write(ring->intf, data, len);
        if (n < 0) {
            stop(conn, ring, XENSTORE_ERROR_RINGIDX);
            return moved;
        }
        if (!n)
            return moved;
        xs_conn_output_done(conn, (size_t)n);
        moved = true;
    }
}

bool xs_ring_serve(struct xs_conn *conn)
{
    struct xs_ring *ring = conn->tp_data;
    bool moved = false, again = true;
    if (ring->stopped)
        return false;
    while (again && !ring->stopped) {
        again = pull(conn, ring);
        again |= push(conn, ring);
        moved |= again;
        /* A request that broke the protocol was answered (E2BIG); once
         * that answer is out, or cannot go out, stop serving. */
        if (conn->error && !ring->stopped && (!xs_conn_has_output(conn) || !again))
            stop(conn, ring, conn->error);
    }
    if (moved && ring->notify)
        ring->notify(ring);
    return moved;
}
