/* SPDX-License-Identifier: MIT */
/*
 * The xenstore daemon's core: the store, the connections, the quotas and
 * the hooks to reach other domains. Everything here is plain memory and
 * runs on the build host too (tests/xenstored, tests/fuzz); the Linux
 * devices live in the transports (ring_conn.c, socket.c, domain_map.c).
 */
#ifndef XENSTORED_CORE_H
#define XENSTORED_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct xs_conn;
struct xs_transport;

/*
 * Limits for unprivileged domains (dom0 and the local socket have none but
 * the protocol's). What Xen's xenstored uses by default; a request over a
 * limit gets ENOSPC, except outstanding, which only stops the daemon from
 * reading the domain's next request until it has taken its replies.
 */
struct xs_quota {
    unsigned int nodes;        /* nodes a domain may own */
    unsigned int watches;      /* watches at once */
    unsigned int transactions; /* open transactions at once */
    unsigned int value_size;   /* bytes in one node's value */
    unsigned int perms;        /* entries in one node's permission list */
    unsigned int outstanding;  /* replies queued and not yet taken */
    unsigned int tx_nodes;     /* distinct nodes one transaction may look at */
    unsigned int events;       /* watch events queued for a domain not reading them */
};

#define XS_QUOTA_DEFAULT                                                                           \
    {                                                                                              \
        .nodes = 1000, .watches = 128, .transactions = 10, .value_size = 2048, .perms = 5,         \
        .outstanding = 20, .tx_nodes = 1024, .events = 256                                         \
    }

/* Events queued for a privileged connection before newer ones are dropped. */
#define XS_PRIV_EVENTS_MAX 65536

/*
 * How the core reaches other domains (XS_INTRODUCE). attach maps domid's
 * ring page and binds its event channel, and gives back the transport of
 * the new connection; 0 or a XEN_E* error. The daemon uses domain_map.c;
 * tests use a fake.
 */
struct xs_domain_ops {
    int (*attach)(void *ctx, uint16_t domid, int64_t gfn, uint32_t port,
                  const struct xs_transport **tp, void **tp_data);
};

struct xs_core {
    struct xs_store *store;
    uint64_t gen; /* generation counter shared by the store and its copies */
    struct xs_conn *conns;
    struct xs_quota quota;
    uint32_t last_tx_id;
    const struct xs_domain_ops *dops;
    void *dops_ctx;
    uint64_t requests, errors, events; /* statistics */
};

void xs_core_init(struct xs_core *core, const struct xs_quota *quota);
/* Frees every connection (their transports too) and the store. */
void xs_core_fini(struct xs_core *core);
void xs_core_set_domain_ops(struct xs_core *core, const struct xs_domain_ops *ops, void *ctx);

/* The connection of an introduced domain (dom0's own ring counts), or NULL. */
struct xs_conn *xs_core_domain(struct xs_core *core, uint16_t domid);

/*
 * Forgets an introduced domain: its connection goes (watches,
 * transactions, transport), its nodes pass to dom0, and @releaseDomain
 * fires. For XS_RELEASE and for a domain that died.
 */
void xs_core_release_domain(struct xs_core *core, struct xs_conn *conn);

/*
 * Checks every invariant the core keeps (the store's, per-connection
 * counts, transaction views). 0, or -1 with the reason in why.
 */
int xs_core_check(const struct xs_core *core, char *why, size_t size);

#endif
