/* SPDX-License-Identifier: MIT */
/*
 * One request being handled, and what its handlers share: reading the
 * payload, checking paths and permissions, replying. A handler checks
 * everything first and only then changes the store, so a refused request
 * changes nothing; it replies and returns 0, or returns a XEN_E* error for
 * the dispatcher to send as XS_ERROR.
 */
#ifndef XENSTORED_REQUEST_H
#define XENSTORED_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "core.h"
#include "path.h"
#include "store.h"

struct xs_tx;

struct xs_req {
    struct xs_core *core;
    struct xs_conn *conn;
    uint32_t type, req_id, tx_id;
    const char *data; /* the payload; data[len] is a NUL the client did not send */
    uint32_t len;
    struct xs_tx *tx; /* the transaction it runs in, or NULL */
};

/* Runs one complete message from conn (conn.c calls it). */
void xs_request_run(struct xs_conn *conn, const struct xsd_sockmsg *hdr, const char *payload);

/* The name of a message type for the log ("READ"), or NULL if unknown. */
const char *xs_type_name(uint32_t type);
/* The wire name of a XEN_E* error ("ENOENT"); "EINVAL" for any other. */
const char *xs_error_name(int err);

/* ---- payload */

/*
 * Splits a payload made only of NUL-terminated strings: fills up to max
 * pointers and returns how many strings there are, or -1 if the payload
 * does not end with a NUL (or is empty).
 */
int xs_req_strings(const struct xs_req *r, const char **v, unsigned int max);
/* The payload's single string, or NULL if it is not exactly one. */
const char *xs_req_one(const struct xs_req *r);
/* The payload is empty or one empty string (TRANSACTION_START, RESET_WATCHES). */
bool xs_req_empty(const struct xs_req *r);

/* ---- replies */

/* The reply payload; longer than XENSTORE_PAYLOAD_MAX gives E2BIG instead. */
void xs_reply(struct xs_req *r, const void *data, size_t len);
void xs_reply_str(struct xs_req *r, const char *s); /* with its NUL */
void xs_reply_ok(struct xs_req *r);
void xs_reply_error(struct xs_req *r, int err);

/* ---- the store as this request sees it */

/* The transaction's view, or the main store. */
struct xs_store *xs_req_store(const struct xs_req *r);
/* Checks and resolves a client path into out (XS_PATH_BUF); 0 or EINVAL. */
int xs_req_path(const struct xs_req *r, const char *in, bool special, char *out, bool *relative);
/* What the client may do with n (XS_ACCESS_*). */
unsigned int xs_req_access(const struct xs_req *r, const struct xs_node *n);
/*
 * The node at path if the client has access want to it. Otherwise NULL and
 * *err: EACCES if it exists without that access, or if it is missing and
 * the nearest existing node above it does not give that access either
 * (a client may not learn what it could not see); else ENOENT.
 */
struct xs_node *xs_req_node(const struct xs_req *r, const char *path, unsigned int want, int *err);
/* Quotas apply to this client. */
bool xs_req_limited(const struct xs_req *r);
/* A domain id argument: decimal, below DOMID_FIRST_RESERVED. */
bool xs_req_domid(const char *s, uint16_t *out);

/* ---- handlers, one per message type */

int op_read(struct xs_req *r);
int op_write(struct xs_req *r);
int op_mkdir(struct xs_req *r);
int op_rm(struct xs_req *r);
int op_directory(struct xs_req *r);
int op_directory_part(struct xs_req *r);
int op_get_perms(struct xs_req *r);
int op_set_perms(struct xs_req *r);
int op_watch(struct xs_req *r);
int op_unwatch(struct xs_req *r);
int op_reset_watches(struct xs_req *r);
int op_transaction_start(struct xs_req *r);
int op_transaction_end(struct xs_req *r);
int op_introduce(struct xs_req *r);
int op_release(struct xs_req *r);
int op_is_domain_introduced(struct xs_req *r);
int op_get_domain_path(struct xs_req *r);
int op_resume(struct xs_req *r);
int op_set_target(struct xs_req *r);
int op_control(struct xs_req *r);

#endif
