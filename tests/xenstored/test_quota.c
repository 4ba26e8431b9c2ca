/* Quotas of unprivileged domains: ENOSPC past each limit, nothing changed;
 * dom0 is not limited. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static const struct xs_quota small = {.nodes = 5,
                                      .watches = 2,
                                      .transactions = 2,
                                      .value_size = 8,
                                      .perms = 2,
                                      .outstanding = 3,
                                      .tx_nodes = 6,
                                      .events = 4};

/* A domain's home it may write to. */
static struct xs_conn *domain_with_home(struct xs_conn *d0, uint16_t domid)
{
    char home[32], perm[8];
    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    snprintf(perm, sizeof(perm), "n%u", domid);
    t_write(d0, 0, home, "");
    t_req(d0, XS_SET_PERMS, 0, home, perm, NULL);
    return t_client(domid);
}

/* Nodes: creating more than the domain may own fails as a whole (a write
 * that would create three when two are left creates none). */
TEST(xsd_quota_nodes)
{
    t_core(&small);
    struct xs_conn *d0 = t_client(0);
    struct xs_conn *d1 = domain_with_home(d0, 1); /* owns its home: 1 */
    CHECK(!strcmp(t_write(d1, 0, "a", ""), "OK"));
    CHECK(!strcmp(t_write(d1, 0, "b", ""), "OK"));
    CHECK(!strcmp(t_write(d1, 0, "c/d/e", ""), "ENOSPC"));
    CHECK(!strcmp(t_read(d1, 0, "c"), "ENOENT"));
    CHECK(!strcmp(t_write(d1, 0, "c/d", ""), "OK"));
    CHECK(!strcmp(t_write(d1, 0, "x", ""), "ENOSPC"));
    CHECK(!strcmp(t_write(d1, 0, "a", "rewrite"), "OK")); /* no new node */
    CHECK(!strcmp(t_req(d1, XS_RM, 0, "b", NULL), "OK"));
    CHECK(!strcmp(t_write(d1, 0, "x", ""), "OK"));
    /* dom0 creating nodes for it does not count against it. */
    CHECK(!strcmp(t_write(d0, 0, "/local/domain/1/many/more/nodes", ""), "OK"));
    CHECK(t_consistent());
}

/* Value size, permission entries, watches, transactions. */
TEST(xsd_quota_sizes_and_counts)
{
    t_core(&small);
    struct xs_conn *d0 = t_client(0);
    struct xs_conn *d1 = domain_with_home(d0, 1);
    CHECK(!strcmp(t_write(d1, 0, "v", "12345678"), "OK"));
    CHECK(!strcmp(t_write(d1, 0, "v", "123456789"), "ENOSPC"));
    CHECK(!strcmp(t_read(d1, 0, "v"), "12345678"));
    CHECK(!strcmp(t_write(d0, 0, "/local/domain/1/v", "a longer value is fine for dom0"), "OK"));
    CHECK(!strcmp(t_req(d1, XS_SET_PERMS, 0, "v", "n1", "r0", NULL), "OK"));
    CHECK(!strcmp(t_req(d1, XS_SET_PERMS, 0, "v", "n1", "r0", "r2", NULL), "ENOSPC"));
    CHECK(!strcmp(t_req(d1, XS_WATCH, 0, "v", "1", NULL), "OK"));
    CHECK(!strcmp(t_req(d1, XS_WATCH, 0, "v", "2", NULL), "OK"));
    CHECK(!strcmp(t_req(d1, XS_WATCH, 0, "v", "3", NULL), "ENOSPC"));
    CHECK(!strcmp(t_req(d1, XS_UNWATCH, 0, "v", "1", NULL), "OK"));
    CHECK(!strcmp(t_req(d1, XS_WATCH, 0, "v", "3", NULL), "OK"));
    uint32_t t1 = t_tx_start(d1), t2 = t_tx_start(d1), t3 = t_tx_start(d1);
    CHECK(t1 && t2 && !t3);
    CHECK(!strcmp(t_req(d1, XS_TRANSACTION_END, t1, "F", NULL), "OK"));
    CHECK(t_tx_start(d1) != 0);
    for (int i = 0; i < 20; i++) /* dom0: no limit */
        CHECK(t_tx_start(d0) != 0);
    CHECK(t_consistent());
}

/* A transaction may look at only so many nodes. */
TEST(xsd_quota_transaction_nodes)
{
    t_core(&small);
    struct xs_conn *d0 = t_client(0);
    struct xs_conn *d1 = domain_with_home(d0, 1);
    uint32_t tx = t_tx_start(d1);
    char path[16];
    int refused = 0;
    for (int i = 0; i < 10; i++) {
        snprintf(path, sizeof(path), "n%d", i);
        refused += !strcmp(t_read(d1, tx, path), "ENOSPC");
    }
    /* Each missing node notes itself and the home above it (once). */
    CHECK(refused == 5);
    CHECK(!strcmp(t_read(d1, tx, "n0"), "ENOENT")); /* already noted */
}

/* Outstanding: a domain that does not take its replies is not read any
 * further until it does; then it goes on where it stopped. */
TEST(xsd_quota_outstanding_replies)
{
    t_core(&small);
    struct xs_conn *d0 = t_client(0);
    struct xs_conn *d1 = domain_with_home(d0, 1);
    char stream[10 * 32];
    size_t len = 0;
    for (int i = 0; i < 10; i++) {
        struct xsd_sockmsg hdr = {.type = XS_GET_DOMAIN_PATH, .req_id = (uint32_t)i, .len = 2};
        memcpy(stream + len, &hdr, sizeof(hdr));
        memcpy(stream + len + sizeof(hdr), "1", 2);
        len += sizeof(hdr) + 2;
    }
    size_t fed = 0;
    while (fed < len && xs_conn_input_room(d1)) {
        size_t room = xs_conn_input_room(d1);
        size_t n = len - fed < room ? len - fed : room;
        xs_conn_input(d1, stream + fed, n);
        fed += n;
    }
    CHECK(d1->out_replies == small.outstanding && fed == 3 * (sizeof(struct xsd_sockmsg) + 2));
    struct t_msg m;
    unsigned int got = 0;
    while (got < 10) {
        while (t_reply(d1, &m))
            CHECK(m.hdr.req_id == got++);
        if (fed == len)
            break;
        size_t room = xs_conn_input_room(d1);
        size_t n = len - fed < room ? len - fed : room;
        xs_conn_input(d1, stream + fed, n);
        fed += n;
    }
    while (t_reply(d1, &m))
        CHECK(m.hdr.req_id == got++);
    CHECK(got == 10);
}

/* Watch events for a domain that does not read them are dropped past the
 * limit (the daemon must not hoard them); replies are never dropped. */
TEST(xsd_quota_events)
{
    t_core(&small);
    struct xs_conn *d0 = t_client(0);
    struct xs_conn *d1 = domain_with_home(d0, 1);
    t_req(d1, XS_WATCH, 0, "w", "t", NULL);
    CHECK(t_drain_events(d1) == 1);
    for (int i = 0; i < 10; i++)
        t_write(d0, 0, "/local/domain/1/w", "x");
    CHECK(d1->out_events == small.events && d1->events_dropped > 0);
    CHECK(t_drain_events(d1) == small.events);
    CHECK(t_consistent());
}
