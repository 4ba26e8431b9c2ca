/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "log.h"
#include "request.h"
#include "transaction.h"
#include "util.h"
#include "watch.h"

struct xs_conn *xs_conn_new(struct xs_core *core, uint16_t domid, bool privileged, const char *name,
                            const struct xs_transport *tp, void *tp_data)
{
    struct xs_conn *conn = xs_calloc(1, sizeof(*conn));
    conn->core = core;
    conn->domid = domid;
    conn->privileged = privileged;
    conn->target = -1;
    conn->tp = tp;
    conn->tp_data = tp_data;
    snprintf(conn->name, sizeof(conn->name), "%s", name);
    conn->next = core->conns;
    core->conns = conn;
    return conn;
}

static void drop_output(struct xs_conn *conn)
{
    while (conn->out_head) {
        struct xs_out *o = conn->out_head;
        conn->out_head = o->next;
        free(o);
    }
    conn->out_tail = NULL;
    conn->out_offset = 0;
    conn->out_replies = conn->out_events = 0;
}

static void drop_input(struct xs_conn *conn)
{
    free(conn->payload);
    conn->payload = NULL;
    conn->hdr_got = conn->payload_got = 0;
    conn->in_payload = false;
}

void xs_conn_reset(struct xs_conn *conn)
{
    xs_watch_free_all(conn);
    xs_tx_free_all(conn);
}

void xs_conn_break(struct xs_conn *conn, uint32_t error)
{
    if (conn->error)
        return;
    xs_log("%s: dropped: %s", conn->name,
           error == XENSTORE_ERROR_RINGIDX ? "bad ring indexes"
           : error == XENSTORE_ERROR_PROTO ? "protocol violation"
           : error == XENSTORE_ERROR_COMM  ? "event channel trouble"
                                           : "connection closed");
    conn->error = error;
    xs_conn_reset(conn);
    drop_input(conn);
}

void xs_conn_free(struct xs_conn *conn)
{
    struct xs_conn **p = &conn->core->conns;
    while (*p && *p != conn)
        p = &(*p)->next;
    if (*p)
        *p = conn->next;
    xs_conn_reset(conn);
    drop_input(conn);
    drop_output(conn);
    if (conn->tp && conn->tp->destroy)
        conn->tp->destroy(conn);
    free(conn);
}

size_t xs_conn_input_room(const struct xs_conn *conn)
{
    if (conn->error)
        return 0;
    if (!conn->privileged && conn->out_replies >= conn->core->quota.outstanding)
        return 0;
    if (!conn->in_payload)
        return sizeof(conn->hdr) - conn->hdr_got;
    return conn->hdr.len - conn->payload_got;
}

/* A whole header is in: check its length before taking the payload. */
static void header_done(struct xs_conn *conn)
{
    if (conn->hdr.len > XENSTORE_PAYLOAD_MAX) {
        /* The stream cannot be followed any more: say why, then stop. */
        xs_log("%s: %s payload of %u bytes is over the %u-byte limit", conn->name,
               xs_type_name(conn->hdr.type) ? xs_type_name(conn->hdr.type) : "unknown",
               conn->hdr.len, XENSTORE_PAYLOAD_MAX);
        static const char e2big[] = "E2BIG";
        xs_conn_queue(conn, XS_ERROR, conn->hdr.req_id, conn->hdr.tx_id, e2big, sizeof(e2big),
                      true);
        xs_conn_break(conn, XENSTORE_ERROR_PROTO);
        return;
    }
    conn->payload = xs_malloc(conn->hdr.len + 1);
    conn->payload_got = 0;
    conn->in_payload = true;
}

static void message_done(struct xs_conn *conn)
{
    struct xsd_sockmsg hdr = conn->hdr;
    char *payload = conn->payload;
    payload[hdr.len] = '\0';
    conn->payload = NULL;
    conn->in_payload = false;
    conn->hdr_got = 0;
    xs_request_run(conn, &hdr, payload);
    free(payload);
}

void xs_conn_input(struct xs_conn *conn, const void *data, size_t n)
{
    const uint8_t *p = data;
    while (n && !conn->error) {
        size_t room = xs_conn_input_room(conn);
        size_t take = n < room ? n : room;
        if (!take)
            break;
        if (!conn->in_payload) {
            memcpy((uint8_t *)&conn->hdr + conn->hdr_got, p, take);
            conn->hdr_got += (uint32_t)take;
        } else {
            memcpy(conn->payload + conn->payload_got, p, take);
            conn->payload_got += (uint32_t)take;
        }
        p += take;
        n -= take;
        if (!conn->in_payload && conn->hdr_got == sizeof(conn->hdr))
            header_done(conn);
        if (conn->in_payload && conn->payload_got == conn->hdr.len)
            message_done(conn);
    }
}

const void *xs_conn_output(const struct xs_conn *conn, size_t *len)
{
    if (!conn->out_head) {
        *len = 0;
        return NULL;
    }
    *len = conn->out_head->len - conn->out_offset;
    return conn->out_head->bytes + conn->out_offset;
}

bool xs_conn_has_output(const struct xs_conn *conn)
{
    return conn->out_head != NULL;
}

void xs_conn_output_done(struct xs_conn *conn, size_t n)
{
    while (n && conn->out_head) {
        struct xs_out *o = conn->out_head;
        size_t left = o->len - conn->out_offset;
        if (n < left) {
            conn->out_offset += n;
            return;
        }
        n -= left;
        conn->out_offset = 0;
        conn->out_head = o->next;
        if (!conn->out_head)
            conn->out_tail = NULL;
        if (o->is_reply)
            conn->out_replies--;
        else
            conn->out_events--;
        free(o);
    }
}

void xs_conn_queue(struct xs_conn *conn, uint32_t type, uint32_t req_id, uint32_t tx_id,
                   const void *payload, size_t len, bool is_reply)
{
    if (conn->error)
        return;
    if (!is_reply) {
        unsigned int limit = conn->privileged ? XS_PRIV_EVENTS_MAX : conn->core->quota.events;
        if (conn->out_events >= limit) {
            if (!conn->events_dropped++)
                xs_log("%s: not reading its watch events: dropping new ones", conn->name);
            return;
        }
    }
    struct xs_out *o = xs_malloc(sizeof(*o) + sizeof(struct xsd_sockmsg) + len);
    struct xsd_sockmsg hdr = {.type = type, .req_id = req_id, .tx_id = tx_id, .len = (uint32_t)len};
    memcpy(o->bytes, &hdr, sizeof(hdr));
    if (len)
        memcpy(o->bytes + sizeof(hdr), payload, len);
    o->len = sizeof(hdr) + len;
    o->is_reply = is_reply;
    o->next = NULL;
    if (conn->out_tail)
        conn->out_tail->next = o;
    else
        conn->out_head = o;
    conn->out_tail = o;
    if (is_reply)
        conn->out_replies++;
    else
        conn->out_events++;
}
