/* SPDX-License-Identifier: MIT */
/* XS_READ, XS_WRITE, XS_MKDIR, XS_RM, XS_DIRECTORY, XS_DIRECTORY_PART. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "request.h"
#include "transaction.h"
#include "util.h"

/* Owner of the nodes this client creates (-1: inherit the parent's). */
static int creator(const struct xs_req *r)
{
    return r->conn->privileged ? -1 : r->conn->domid;
}

/* Node quota: may the client own `more` more nodes? */
static int room_for(const struct xs_req *r, unsigned int more)
{
    if (!xs_req_limited(r) || !more)
        return 0;
    uint32_t owned = store_owned(xs_req_store(r), r->conn->domid);
    return owned + more > r->core->quota.nodes ? XEN_ENOSPC : 0;
}

/* READ "path\0" -> the value. */
int op_read(struct xs_req *r)
{
    const char *arg = xs_req_one(r);
    char path[XS_PATH_BUF];
    int err;
    if (!arg || (err = xs_req_path(r, arg, false, path, NULL)))
        return XEN_EINVAL;
    const struct xs_node *n = xs_tx_node(r, path, XS_ACCESS_READ, &err);
    if (!n)
        return err;
    xs_reply(r, n->value, n->value_len);
    return 0;
}

/* Checks a WRITE or MKDIR of path: write access to the node or, if it is
 * missing, to the nearest node above; room for the new nodes. */
static int may_create_or_change(struct xs_req *r, const char *path, bool *exists)
{
    int err;
    struct xs_node *n = xs_tx_node(r, path, XS_ACCESS_WRITE, &err);
    *exists = n != NULL;
    if (n)
        return 0;
    if (err != XEN_ENOENT)
        return err;
    return room_for(r, store_missing(xs_req_store(r), path));
}

/* WRITE "path\0" value -> OK. */
int op_write(struct xs_req *r)
{
    size_t plen = strnlen(r->data, r->len);
    if (plen == r->len)
        return XEN_EINVAL; /* no NUL after the path */
    char path[XS_PATH_BUF];
    if (xs_req_path(r, r->data, false, path, NULL))
        return XEN_EINVAL;
    const char *value = r->data + plen + 1;
    uint32_t vlen = r->len - (uint32_t)plen - 1;
    if (xs_req_limited(r) && vlen > r->core->quota.value_size)
        return XEN_ENOSPC;
    bool exists;
    int err = may_create_or_change(r, path, &exists);
    if (err)
        return err;
    xs_apply_write(r->core, xs_req_store(r), path, value, vlen, creator(r), !r->tx);
    if (r->tx)
        xs_tx_record(r->tx, XS_WRITE, path, value, vlen, NULL, 0);
    xs_reply_ok(r);
    return 0;
}

/* MKDIR "path\0" -> OK; an existing node keeps its value. */
int op_mkdir(struct xs_req *r)
{
    const char *arg = xs_req_one(r);
    char path[XS_PATH_BUF];
    if (!arg || xs_req_path(r, arg, false, path, NULL))
        return XEN_EINVAL;
    bool exists;
    int err = may_create_or_change(r, path, &exists);
    if (err)
        return err;
    if (!exists) {
        xs_apply_mkdir(r->core, xs_req_store(r), path, creator(r), !r->tx);
        if (r->tx)
            xs_tx_record(r->tx, XS_MKDIR, path, NULL, 0, NULL, 0);
    }
    xs_reply_ok(r);
    return 0;
}

/* RM "path\0" -> OK; a missing node is fine if its parent exists. */
int op_rm(struct xs_req *r)
{
    const char *arg = xs_req_one(r);
    char path[XS_PATH_BUF];
    if (!arg || xs_req_path(r, arg, false, path, NULL) || !strcmp(path, "/"))
        return XEN_EINVAL;
    int err;
    struct xs_node *n = xs_tx_node(r, path, XS_ACCESS_WRITE, &err);
    if (!n) {
        if (err != XEN_ENOENT)
            return err;
        char parent[XS_PATH_BUF];
        size_t len = xs_path_parent_len(path);
        memcpy(parent, path, len);
        parent[len] = '\0';
        if (!store_lookup(xs_req_store(r), parent))
            return XEN_ENOENT;
        xs_reply_ok(r);
        return 0;
    }
    if ((err = xs_tx_saw_subtree(r, n)))
        return err;
    xs_apply_rm(r->core, xs_req_store(r), path, !r->tx);
    if (r->tx)
        xs_tx_record(r->tx, XS_RM, path, NULL, 0, NULL, 0);
    xs_reply_ok(r);
    return 0;
}

/* The children's names, each NUL-terminated, into a new buffer. */
static char *children_list(const struct xs_node *n, size_t *len)
{
    *len = store_children_bytes(n);
    char *buf = xs_malloc(*len + 1);
    size_t off = 0;
    for (unsigned int i = 0; i < n->nr_children; i++) {
        size_t l = strlen(n->children[i]->name) + 1;
        memcpy(buf + off, n->children[i]->name, l);
        off += l;
    }
    return buf;
}

/* DIRECTORY "path\0" -> names; E2BIG if they do not fit one reply. */
int op_directory(struct xs_req *r)
{
    const char *arg = xs_req_one(r);
    char path[XS_PATH_BUF];
    int err;
    if (!arg || xs_req_path(r, arg, false, path, NULL))
        return XEN_EINVAL;
    const struct xs_node *n = xs_tx_node(r, path, XS_ACCESS_READ, &err);
    if (!n)
        return err;
    size_t len;
    char *list = children_list(n, &len);
    xs_reply(r, list, len);
    free(list);
    return 0;
}

/*
 * DIRECTORY_PART "path\0offset\0" -> "gen\0" then the names from byte
 * offset of the full list, as many whole names as fit; when the list ends
 * in this reply an empty name follows. gen changes whenever the children
 * do, so a client reading in parts can tell it must start again. offset
 * must start a name (or be the list's end).
 */
int op_directory_part(struct xs_req *r)
{
    const char *v[2];
    char path[XS_PATH_BUF];
    uint64_t offset;
    int err;
    if (xs_req_strings(r, v, 2) != 2 || xs_req_path(r, v[0], false, path, NULL) ||
        !xs_parse_uint(v[1], UINT32_MAX, &offset))
        return XEN_EINVAL;
    const struct xs_node *n = xs_tx_node(r, path, XS_ACCESS_READ, &err);
    if (!n)
        return err;
    size_t total;
    char *list = children_list(n, &total);
    if (offset > total || (offset && offset < total && list[offset - 1] != '\0')) {
        free(list);
        return XEN_EINVAL;
    }
    char *reply = xs_malloc(XENSTORE_PAYLOAD_MAX);
    int genlen = snprintf(reply, XENSTORE_PAYLOAD_MAX, "%" PRIu64, n->gen) + 1;
    size_t used = (size_t)genlen, off = (size_t)offset;
    /* Whole names while they fit, keeping a byte for the end marker. */
    while (off < total) {
        size_t l = strlen(list + off) + 1;
        if (used + l + 1 > XENSTORE_PAYLOAD_MAX)
            break;
        memcpy(reply + used, list + off, l);
        used += l;
        off += l;
    }
    if (off == total)
        reply[used++] = '\0';
    xs_reply(r, reply, used);
    free(reply);
    free(list);
    return 0;
}
