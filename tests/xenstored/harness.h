/*
 * Helpers for the xenstored core's host tests: a core with the default
 * quotas, clients whose transport is a mailbox (the test feeds their input
 * and takes what the core queued for them from the mailbox), and short
 * ways to send a request and look at the answer.
 */
#ifndef TESTS_XENSTORED_HARNESS_H
#define TESTS_XENSTORED_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "core.h"
#include "unit.h"

/* A message taken from a client's output queue. */
struct t_msg {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1]; /* NUL-terminated copy */
};

/* A fresh core (the previous one is freed); quota as given or default. */
struct xs_core *t_core(const struct xs_quota *quota);
/* A client of domain domid: dom0 is privileged, others are not. Other
 * domains are marked introduced, like a ring after XS_INTRODUCE. */
struct xs_conn *t_client(uint16_t domid);

/* Feeds bytes as if read from the transport, in pieces of at most chunk. */
void t_feed(struct xs_conn *c, const void *data, size_t len, size_t chunk);
/* Sends one message (header + payload as given). */
void t_send(struct xs_conn *c, uint32_t type, uint32_t tx, const void *payload, size_t len);
/* Takes the next message the client received; false if there is none. */
bool t_next(struct xs_conn *c, struct t_msg *m);
/* Takes the next reply (watch events stay for t_event). */
bool t_reply(struct xs_conn *c, struct t_msg *m);
/* Counts the watch events received, dropping them. */
unsigned int t_drain_events(struct xs_conn *c);

/*
 * Sends a request made of NUL-terminated strings (a NULL-terminated list)
 * and returns its reply's first string: "OK", a value, or the error name
 * for an XS_ERROR reply (then *is_error, if given, is true). The text
 * lives until the next call. Watch events are left queued.
 */
const char *t_req(struct xs_conn *c, uint32_t type, uint32_t tx, ...);
/* Same, error flag returned. */
const char *t_req_err(struct xs_conn *c, bool *is_error, uint32_t type, uint32_t tx, ...);

/* Shorthands: WRITE path value (payload without a NUL after the value). */
const char *t_write(struct xs_conn *c, uint32_t tx, const char *path, const char *value);
/* READ, giving the value or the error name. */
const char *t_read(struct xs_conn *c, uint32_t tx, const char *path);
/* TRANSACTION_START: the id (0 if refused). */
uint32_t t_tx_start(struct xs_conn *c);
/* The next watch event's path and token ("path token"), or "" if none. */
const char *t_event(struct xs_conn *c);
/*
 * Installs fake domain ops for XS_INTRODUCE: attach succeeds (the new
 * connection gets a mailbox like t_client's) unless fail is a XEN_E*
 * error, which it then returns. The last call's arguments are kept.
 */
void t_fake_domains(int fail);
extern uint16_t t_attached_domid;
extern int64_t t_attached_gfn;
extern uint32_t t_attached_port;

/* Checks the core's invariants; the reason is printed if they fail. */
bool t_consistent(void);

#endif
