/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "core.h"
#include "log.h"
#include "transaction.h"
#include "watch.h"

void xs_core_init(struct xs_core *core, const struct xs_quota *quota)
{
    memset(core, 0, sizeof(*core));
    core->quota = *quota;
    core->store = store_new(&core->gen);
}

void xs_core_fini(struct xs_core *core)
{
    while (core->conns)
        xs_conn_free(core->conns);
    store_free(core->store);
    core->store = NULL;
}

void xs_core_set_domain_ops(struct xs_core *core, const struct xs_domain_ops *ops, void *ctx)
{
    core->dops = ops;
    core->dops_ctx = ctx;
}

struct xs_conn *xs_core_domain(struct xs_core *core, uint16_t domid)
{
    for (struct xs_conn *c = core->conns; c; c = c->next) {
        if (c->introduced && c->domid == domid)
            return c;
    }
    return NULL;
}

void xs_core_release_domain(struct xs_core *core, struct xs_conn *conn)
{
    uint16_t domid = conn->domid;
    /* Its own watches would only hear of its own nodes changing owner. */
    xs_conn_free(conn);
    for (struct xs_conn *c = core->conns; c; c = c->next) {
        if (c->target == domid)
            c->target = -1;
    }
    unsigned int changed = store_forget_domain(core->store, domid);
    xs_log("released dom%u (%u nodes passed to dom0 or lost its entries)", domid, changed);
    xs_watch_fire(core, XS_SPECIAL_RELEASE, core->store->release, NULL, 0, false);
}

int xs_core_check(const struct xs_core *core, char *why, size_t size)
{
    if (store_check(core->store, why, size))
        return -1;
    for (const struct xs_conn *c = core->conns; c; c = c->next) {
        unsigned int watches = 0, txs = 0, replies = 0, events = 0;
        for (const struct xs_watch *w = c->watches; w; w = w->next)
            watches++;
        for (const struct xs_tx *t = c->txs; t; t = t->next) {
            txs++;
            if (!t->id || store_check(t->view, why, size)) {
                snprintf(why + strlen(why), size - strlen(why), " (%s transaction %u)", c->name,
                         t->id);
                return -1;
            }
        }
        for (const struct xs_out *o = c->out_head; o; o = o->next)
            o->is_reply ? replies++ : events++;
        if (watches != c->nr_watches || txs != c->nr_txs || replies != c->out_replies ||
            events != c->out_events) {
            snprintf(why, size,
                     "%s: counts off (watches %u/%u, transactions %u/%u, "
                     "replies %u/%u, events %u/%u)",
                     c->name, watches, c->nr_watches, txs, c->nr_txs, replies, c->out_replies,
                     events, c->out_events);
            return -1;
        }
        if (!c->privileged && c->nr_watches > core->quota.watches) {
            snprintf(why, size, "%s: %u watches over the quota", c->name, c->nr_watches);
            return -1;
        }
    }
    return 0;
}
