/* SPDX-License-Identifier: MIT */
/*
 * A connection: one client's byte stream to the daemon (a domain's ring,
 * or a socket). The transport hands the core the bytes it reads, at most
 * xs_conn_input_room() at a time, so that requests are taken one by one
 * and a domain that does not read its replies stops being read; it takes
 * the bytes to send from xs_conn_output(). The core assembles messages,
 * runs them and queues replies and watch events.
 */
#ifndef XENSTORED_CONN_H
#define XENSTORED_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "xen/io_xs_wire.h"

struct xs_watch;
struct xs_tx;

struct xs_transport {
    const char *kind; /* "ring", "socket", ... for the log */
    /* Frees the transport's own state (unmap, unbind, close); may be NULL. */
    void (*destroy)(struct xs_conn *conn);
};

/* One queued message: header and payload, sent from offset on. */
struct xs_out {
    struct xs_out *next;
    bool is_reply;
    size_t len;
    uint8_t bytes[];
};

struct xs_conn {
    struct xs_core *core;
    struct xs_conn *next;
    char name[32]; /* for the log: "dom0", "dom5", "socket3" */
    uint16_t domid;
    bool privileged; /* dom0 and the socket: no permission checks, no quotas */
    bool introduced; /* a domain's ring: dom0's own or by XS_INTRODUCE */
    bool shutdown_reported;
    int target; /* XS_SET_TARGET: the domain this one acts for, or -1 */
    const struct xs_transport *tp;
    void *tp_data;

    /* Input: the header, then the payload of the message being read. */
    struct xsd_sockmsg hdr;
    uint32_t hdr_got;
    char *payload; /* len + 1 bytes, NUL-terminated for safety */
    uint32_t payload_got;
    bool in_payload;

    /* Output. */
    struct xs_out *out_head, *out_tail;
    size_t out_offset;
    unsigned int out_replies, out_events, events_dropped;

    struct xs_watch *watches;
    unsigned int nr_watches;
    struct xs_tx *txs;
    unsigned int nr_txs;

    uint32_t error; /* XENSTORE_ERROR_*: set when the connection is broken */
};

/* A new connection, added to core's list. name is for the log. */
struct xs_conn *xs_conn_new(struct xs_core *core, uint16_t domid, bool privileged, const char *name,
                            const struct xs_transport *tp, void *tp_data);
/* Unlinks and frees conn: watches, transactions, queues, transport. */
void xs_conn_free(struct xs_conn *conn);

/*
 * Bytes the core wants next: the rest of the header or of the payload.
 * 0 when it takes nothing now (broken, or too many replies not yet taken).
 */
size_t xs_conn_input_room(const struct xs_conn *conn);
/* Takes n bytes (at most xs_conn_input_room()); runs a completed request. */
void xs_conn_input(struct xs_conn *conn, const void *data, size_t n);

/* The next bytes to send (NULL, *len 0 when nothing is queued). */
const void *xs_conn_output(const struct xs_conn *conn, size_t *len);
/* n of them were sent. */
void xs_conn_output_done(struct xs_conn *conn, size_t n);
bool xs_conn_has_output(const struct xs_conn *conn);

/*
 * Queues one message. Watch events beyond the connection's limit are
 * dropped (and counted): a client that does not read must not make the
 * daemon hoard memory.
 */
void xs_conn_queue(struct xs_conn *conn, uint32_t type, uint32_t req_id, uint32_t tx_id,
                   const void *payload, size_t len, bool is_reply);

/*
 * The client broke the protocol: forget its watches, transactions and
 * partial input, take no more input and queue nothing more. What is
 * already queued (the error reply saying why) may still be sent; then the
 * transport stops serving it. error: XENSTORE_ERROR_*.
 */
void xs_conn_break(struct xs_conn *conn, uint32_t error);

/* Drops the connection's watches and transactions (XS_RESET_WATCHES). */
void xs_conn_reset(struct xs_conn *conn);

#endif
