/* SPDX-License-Identifier: MIT */
/*
 * Transactions. Starting one copies the whole store; the transaction's
 * requests read and change the copy only, and every node they look at
 * (read, list, write, create, remove, including the nearest existing node
 * above a missing one) is noted with the generation it had. Committing
 * checks that each noted node still has that generation in the main store
 * (or is still missing): if one changed, the commit fails with EAGAIN and
 * the client retries the whole transaction. Otherwise the recorded
 * changes are applied to the main store in order, with their watch
 * events, exactly as if they had been made then. Permissions and quotas
 * were checked against the copy, whose relevant part is unchanged.
 */
#ifndef XENSTORED_TRANSACTION_H
#define XENSTORED_TRANSACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "conn.h"
#include "request.h"
#include "store.h"

struct xs_tx_seen {
    char *path;
    uint64_t gen; /* 0: missing */
};

/* One change to replay at commit (XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS). */
struct xs_tx_change {
    struct xs_tx_change *next;
    uint32_t type;
    char *path;
    uint8_t *value;
    uint32_t value_len;
    struct xs_perm *perms;
    unsigned int nr_perms;
};

struct xs_tx {
    struct xs_tx *next;
    uint32_t id;
    struct xs_store *view;
    struct xs_tx_seen *seen;
    unsigned int nr_seen, seen_room;
    struct xs_tx_change *changes, **changes_tail;
};

/* conn's transaction id, or NULL. */
struct xs_tx *xs_tx_find(const struct xs_conn *conn, uint32_t id);
/* Starts one for conn (quota checked by the caller). */
struct xs_tx *xs_tx_begin(struct xs_conn *conn);
/* Ends tx: commit (0 or EAGAIN) or abort. tx is freed either way. */
int xs_tx_end(struct xs_conn *conn, struct xs_tx *tx, bool commit);
void xs_tx_free_all(struct xs_conn *conn);

/*
 * Notes that r's transaction (if any) looked at path: its node if it
 * exists, else the missing nodes down to path and the nearest existing
 * one above. ENOSPC past the quota of noted nodes; 0 otherwise.
 */
int xs_tx_saw(const struct xs_req *r, const char *path);
/* xs_tx_saw, then xs_req_node: the node at path with the access wanted,
 * or NULL with *err (the quota's, or the lookup's). */
struct xs_node *xs_tx_node(const struct xs_req *r, const char *path, unsigned int want, int *err);
/* Notes every node of the subtree at path (an XS_RM). */
int xs_tx_saw_subtree(const struct xs_req *r, const struct xs_node *n);

/* Records a change for commit. perms may be NULL. */
void xs_tx_record(struct xs_tx *tx, uint32_t type, const char *path, const void *value,
                  uint32_t value_len, const struct xs_perm *perms, unsigned int nr_perms);

#endif
