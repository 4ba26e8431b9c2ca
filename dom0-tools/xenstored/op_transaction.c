/* SPDX-License-Identifier: MIT */
/* XS_TRANSACTION_START, XS_TRANSACTION_END. */
#include <stdio.h>
#include <string.h>

#include "request.h"
#include "transaction.h"

/* TRANSACTION_START "\0" with tx_id 0 -> "<id>\0". */
int op_transaction_start(struct xs_req *r)
{
    if (r->tx)
        return XEN_EBUSY; /* a transaction cannot start inside another */
    if (!xs_req_empty(r))
        return XEN_EINVAL;
    if (xs_req_limited(r) && r->conn->nr_txs >= r->core->quota.transactions)
        return XEN_ENOSPC;
    struct xs_tx *tx = xs_tx_begin(r->conn);
    char id[16];
    snprintf(id, sizeof(id), "%u", tx->id);
    xs_reply_str(r, id);
    return 0;
}

/* TRANSACTION_END "T\0" (commit) or "F\0" (abort) in tx_id -> OK or EAGAIN. */
int op_transaction_end(struct xs_req *r)
{
    const char *arg = xs_req_one(r);
    if (!r->tx)
        return XEN_ENOENT;
    if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
        return XEN_EINVAL;
    int err = xs_tx_end(r->conn, r->tx, arg[0] == 'T');
    r->tx = NULL;
    if (err)
        return err;
    xs_reply_ok(r);
    return 0;
}
