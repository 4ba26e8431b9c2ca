/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "log.h"
#include "path.h"
#include "transaction.h"
#include "util.h"

struct xs_tx *xs_tx_find(const struct xs_conn *conn, uint32_t id)
{
    for (struct xs_tx *tx = conn->txs; tx; tx = tx->next) {
        if (tx->id == id)
            return tx;
    }
    return NULL;
}

/* A fresh non-zero id not used by conn. */
static uint32_t new_id(struct xs_conn *conn)
{
    struct xs_core *core = conn->core;
    do {
        core->last_tx_id++;
    } while (!core->last_tx_id || xs_tx_find(conn, core->last_tx_id));
    return core->last_tx_id;
}

struct xs_tx *xs_tx_begin(struct xs_conn *conn)
{
    struct xs_tx *tx = xs_calloc(1, sizeof(*tx));
    tx->id = new_id(conn);
    tx->view = store_clone(conn->core->store);
    tx->changes_tail = &tx->changes;
    tx->next = conn->txs;
    conn->txs = tx;
    conn->nr_txs++;
    return tx;
}

static void tx_free(struct xs_tx *tx)
{
    store_free(tx->view);
    for (unsigned int i = 0; i < tx->nr_seen; i++)
        free(tx->seen[i].path);
    free(tx->seen);
    while (tx->changes) {
        struct xs_tx_change *c = tx->changes;
        tx->changes = c->next;
        free(c->path);
        free(c->value);
        free(c->perms);
        free(c);
    }
    free(tx);
}

static void unlink_tx(struct xs_conn *conn, struct xs_tx *tx)
{
    for (struct xs_tx **p = &conn->txs; *p; p = &(*p)->next) {
        if (*p == tx) {
            *p = tx->next;
            conn->nr_txs--;
            return;
        }
    }
}

void xs_tx_free_all(struct xs_conn *conn)
{
    while (conn->txs) {
        struct xs_tx *tx = conn->txs;
        conn->txs = tx->next;
        tx_free(tx);
    }
    conn->nr_txs = 0;
}

/* Has anything the transaction looked at changed in the main store? */
static bool conflicts(const struct xs_store *main, const struct xs_tx *tx)
{
    for (unsigned int i = 0; i < tx->nr_seen; i++) {
        const struct xs_node *n = store_lookup(main, tx->seen[i].path);
        if ((n ? n->gen : 0) != tx->seen[i].gen)
            return true;
    }
    return false;
}

static void replay(struct xs_conn *conn, const struct xs_tx *tx)
{
    struct xs_core *core = conn->core;
    int owner = conn->privileged ? -1 : conn->domid;
    for (const struct xs_tx_change *c = tx->changes; c; c = c->next) {
        switch (c->type) {
        case XS_WRITE:
            xs_apply_write(core, core->store, c->path, c->value, c->value_len, owner, true);
            break;
        case XS_MKDIR: xs_apply_mkdir(core, core->store, c->path, owner, true); break;
        case XS_RM: xs_apply_rm(core, core->store, c->path, true); break;
        case XS_SET_PERMS:
            xs_apply_perms(core, core->store, c->path, c->perms, c->nr_perms, true);
            break;
        default: break;
        }
    }
}

int xs_tx_end(struct xs_conn *conn, struct xs_tx *tx, bool commit)
{
    int rc = 0;
    unlink_tx(conn, tx);
    if (commit) {
        if (conflicts(conn->core->store, tx))
            rc = XEN_EAGAIN;
        else
            replay(conn, tx);
    }
    tx_free(tx);
    return rc;
}

static int note(const struct xs_req *r, const char *path, const struct xs_node *n)
{
    struct xs_tx *tx = r->tx;
    for (unsigned int i = 0; i < tx->nr_seen; i++) {
        if (!strcmp(tx->seen[i].path, path))
            return 0;
    }
    if (xs_req_limited(r) && tx->nr_seen >= r->core->quota.tx_nodes)
        return XEN_ENOSPC;
    if (tx->nr_seen == tx->seen_room) {
        tx->seen_room = tx->seen_room ? tx->seen_room * 2 : 16;
        tx->seen = xs_realloc(tx->seen, tx->seen_room * sizeof(*tx->seen));
    }
    tx->seen[tx->nr_seen].path = xs_strdup(path);
    tx->seen[tx->nr_seen].gen = n ? n->gen : 0;
    tx->nr_seen++;
    return 0;
}

int xs_tx_saw(const struct xs_req *r, const char *path)
{
    if (!r->tx)
        return 0;
    const struct xs_node *n = store_lookup(r->tx->view, path);
    if (n || xs_path_is_special(path))
        return note(r, path, n);
    /* Missing: note path and each missing ancestor as missing, then the
     * nearest existing one (its children and permissions count). */
    char buf[XS_PATH_BUF];
    size_t len = strlen(path);
    memcpy(buf, path, len + 1);
    for (;;) {
        const struct xs_node *at = store_lookup(r->tx->view, buf);
        int rc = note(r, buf, at);
        if (rc || at)
            return rc;
        len = xs_path_parent_len(buf);
        buf[len] = '\0';
    }
}

struct subtree_note {
    const struct xs_req *r;
};

static int note_one(const struct xs_node *n, const char *path, void *arg)
{
    const struct subtree_note *s = arg;
    return note(s->r, path, n);
}

int xs_tx_saw_subtree(const struct xs_req *r, const struct xs_node *n)
{
    if (!r->tx)
        return 0;
    struct subtree_note s = {.r = r};
    return store_walk(n, note_one, &s);
}

void xs_tx_record(struct xs_tx *tx, uint32_t type, const char *path, const void *value,
                  uint32_t value_len, const struct xs_perm *perms, unsigned int nr_perms)
{
    struct xs_tx_change *c = xs_calloc(1, sizeof(*c));
    c->type = type;
    c->path = xs_strdup(path);
    if (value_len)
        c->value = xs_memdup(value, value_len);
    c->value_len = value_len;
    if (perms) {
        c->perms = xs_memdup(perms, nr_perms * sizeof(*perms));
        c->nr_perms = nr_perms;
    }
    *tx->changes_tail = c;
    tx->changes_tail = &c->next;
}

struct xs_node *xs_tx_node(const struct xs_req *r, const char *path, unsigned int want, int *err)
{
    if ((*err = xs_tx_saw(r, path)))
        return NULL;
    return xs_req_node(r, path, want, err);
}
