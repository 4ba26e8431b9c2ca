/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "request.h"
#include "transaction.h"
#include "util.h"

#define NOTX (1U << 0) /* the header's tx_id is ignored (Xen: XS_WATCH, XS_UNWATCH) */
#define PRIV (1U << 1) /* dom0 and the socket only */

static const struct {
    const char *name;
    int (*run)(struct xs_req *r);
    unsigned int flags;
} ops[] = {
    [XS_CONTROL] = {"CONTROL", op_control, PRIV},
    [XS_DIRECTORY] = {"DIRECTORY", op_directory, 0},
    [XS_READ] = {"READ", op_read, 0},
    [XS_GET_PERMS] = {"GET_PERMS", op_get_perms, 0},
    [XS_WATCH] = {"WATCH", op_watch, NOTX},
    [XS_UNWATCH] = {"UNWATCH", op_unwatch, NOTX},
    [XS_TRANSACTION_START] = {"TRANSACTION_START", op_transaction_start, 0},
    [XS_TRANSACTION_END] = {"TRANSACTION_END", op_transaction_end, 0},
    [XS_INTRODUCE] = {"INTRODUCE", op_introduce, PRIV},
    [XS_RELEASE] = {"RELEASE", op_release, PRIV},
    [XS_GET_DOMAIN_PATH] = {"GET_DOMAIN_PATH", op_get_domain_path, 0},
    [XS_WRITE] = {"WRITE", op_write, 0},
    [XS_MKDIR] = {"MKDIR", op_mkdir, 0},
    [XS_RM] = {"RM", op_rm, 0},
    [XS_SET_PERMS] = {"SET_PERMS", op_set_perms, 0},
    [XS_WATCH_EVENT] = {"WATCH_EVENT", NULL, 0},
    [XS_ERROR] = {"ERROR", NULL, 0},
    [XS_IS_DOMAIN_INTRODUCED] = {"IS_DOMAIN_INTRODUCED", op_is_domain_introduced, PRIV},
    [XS_RESUME] = {"RESUME", op_resume, PRIV},
    [XS_SET_TARGET] = {"SET_TARGET", op_set_target, PRIV},
    [XS_RESET_WATCHES] = {"RESET_WATCHES", op_reset_watches, 0},
    [XS_DIRECTORY_PART] = {"DIRECTORY_PART", op_directory_part, 0},
};

const char *xs_type_name(uint32_t type)
{
    return type < ARRAY_SIZE(ops) ? ops[type].name : NULL;
}

static const struct {
    int err;
    const char *name;
} wire_errors[] = {
#define XS_ERR_ENTRY(num, str) {num, str},
    XS_WIRE_ERRORS(XS_ERR_ENTRY)
#undef XS_ERR_ENTRY
};

const char *xs_error_name(int err)
{
    for (size_t i = 0; i < ARRAY_SIZE(wire_errors); i++) {
        if (wire_errors[i].err == err)
            return wire_errors[i].name;
    }
    return "EINVAL";
}

/* The payload's first string, printable, for the trace. */
static const char *first_arg(const struct xs_req *r)
{
    if (!r->len)
        return "";
    for (uint32_t i = 0; i < r->len && r->data[i]; i++) {
        if (r->data[i] < 0x20 || r->data[i] > 0x7e)
            return "(binary)";
    }
    return r->data;
}

static void trace_request(const struct xs_req *r)
{
    if (!xs_log_tracing())
        return;
    const char *name = xs_type_name(r->type);
    char num[16];
    if (!name) {
        snprintf(num, sizeof(num), "type %u", r->type);
        name = num;
    }
    if (r->tx_id)
        xs_log("%s > %s tx %u %.200s", r->conn->name, name, r->tx_id, first_arg(r));
    else
        xs_log("%s > %s %.200s", r->conn->name, name, first_arg(r));
}

/* Which transaction a request runs in: 0 if fine, else the error. */
static int find_tx(struct xs_req *r, unsigned int flags)
{
    if ((flags & NOTX) || !r->tx_id)
        return 0;
    r->tx = xs_tx_find(r->conn, r->tx_id);
    return r->tx ? 0 : XEN_ENOENT;
}

void xs_request_run(struct xs_conn *conn, const struct xsd_sockmsg *hdr, const char *payload)
{
    struct xs_req r = {
        .core = conn->core,
        .conn = conn,
        .type = hdr->type,
        .req_id = hdr->req_id,
        .tx_id = hdr->tx_id,
        .data = payload,
        .len = hdr->len,
    };
    conn->core->requests++;
    trace_request(&r);
    int err;
    if (hdr->type >= ARRAY_SIZE(ops) || !ops[hdr->type].run)
        err = XEN_ENOSYS;
    else if ((ops[hdr->type].flags & PRIV) && !conn->privileged)
        err = XEN_EACCES;
    else
        err = find_tx(&r, ops[hdr->type].flags);
    if (!err)
        err = ops[hdr->type].run(&r);
    if (err)
        xs_reply_error(&r, err);
}

/* ---- payload */

int xs_req_strings(const struct xs_req *r, const char **v, unsigned int max)
{
    if (!r->len || r->data[r->len - 1] != '\0')
        return -1;
    int count = 0;
    for (uint32_t off = 0; off < r->len; off += (uint32_t)strlen(r->data + off) + 1) {
        if ((unsigned int)count < max)
            v[count] = r->data + off;
        count++;
    }
    return count;
}

const char *xs_req_one(const struct xs_req *r)
{
    const char *v[1];
    return xs_req_strings(r, v, 1) == 1 ? v[0] : NULL;
}

bool xs_req_empty(const struct xs_req *r)
{
    return r->len == 0 || (r->len == 1 && r->data[0] == '\0');
}

bool xs_req_domid(const char *s, uint16_t *out)
{
    uint64_t v;
    if (!xs_parse_uint(s, DOMID_FIRST_RESERVED - 1, &v))
        return false;
    *out = (uint16_t)v;
    return true;
}

/* ---- replies */

void xs_reply(struct xs_req *r, const void *data, size_t len)
{
    if (len > XENSTORE_PAYLOAD_MAX) {
        xs_reply_error(r, XEN_E2BIG);
        return;
    }
    if (xs_log_tracing())
        xs_log("%s < %s (%zu bytes)", r->conn->name, xs_type_name(r->type), len);
    xs_conn_queue(r->conn, r->type, r->req_id, r->tx_id, data, len, true);
}

void xs_reply_str(struct xs_req *r, const char *s)
{
    xs_reply(r, s, strlen(s) + 1);
}

void xs_reply_ok(struct xs_req *r)
{
    xs_reply_str(r, "OK");
}

void xs_reply_error(struct xs_req *r, int err)
{
    const char *name = xs_error_name(err);
    r->core->errors++;
    if (xs_log_tracing())
        xs_log("%s < ERROR %s", r->conn->name, name);
    xs_conn_queue(r->conn, XS_ERROR, r->req_id, r->tx_id, name, strlen(name) + 1, true);
}

/* ---- the store as the request sees it */

struct xs_store *xs_req_store(const struct xs_req *r)
{
    return r->tx ? r->tx->view : r->core->store;
}

bool xs_req_limited(const struct xs_req *r)
{
    return !r->conn->privileged;
}

int xs_req_path(const struct xs_req *r, const char *in, bool special, char *out, bool *relative)
{
    return xs_path_resolve(in, r->conn->domid, special, xs_req_limited(r), out, relative);
}

unsigned int xs_req_access(const struct xs_req *r, const struct xs_node *n)
{
    if (r->conn->privileged)
        return XS_ACCESS_BOTH | XS_ACCESS_OWNER;
    return xs_perms_access(n->perms, n->nr_perms, r->conn->domid, r->conn->target);
}

struct xs_node *xs_req_node(const struct xs_req *r, const char *path, unsigned int want, int *err)
{
    struct xs_store *st = xs_req_store(r);
    struct xs_node *n = store_lookup(st, path);
    if (n) {
        if ((xs_req_access(r, n) & want) == want)
            return n;
        *err = XEN_EACCES;
        return NULL;
    }
    const struct xs_node *above = store_nearest(st, path);
    if (!above) /* a special name we do not have */
        *err = XEN_ENOENT;
    else
        *err = (xs_req_access(r, above) & want) == want ? XEN_ENOENT : XEN_EACCES;
    return NULL;
}
