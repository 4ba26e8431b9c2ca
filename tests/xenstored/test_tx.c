/* Transactions: isolation, commit, abort, and EAGAIN on conflict. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

/* Changes in a transaction are seen only inside it until it commits;
 * then they are in the store, and watches fire only then. */
TEST(xsd_tx_isolation_and_commit)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *w = t_client(0);
    t_write(d0, 0, "/x", "old");
    t_req(w, XS_WATCH, 0, "/x", "t", NULL);
    t_drain_events(w);
    uint32_t tx = t_tx_start(d0);
    REQUIRE(tx != 0);
    CHECK(!strcmp(t_write(d0, tx, "/x", "new"), "OK"));
    CHECK(!strcmp(t_write(d0, tx, "/x/y/z", "deep"), "OK"));
    CHECK(!strcmp(t_read(d0, tx, "/x"), "new"));
    CHECK(!strcmp(t_read(d0, 0, "/x"), "old"));
    CHECK(!strcmp(t_read(w, 0, "/x/y/z"), "ENOENT"));
    CHECK(!strcmp(t_event(w), ""));
    CHECK(!strcmp(t_req(d0, XS_TRANSACTION_END, tx, "T", NULL), "OK"));
    CHECK(!strcmp(t_read(w, 0, "/x"), "new"));
    CHECK(!strcmp(t_read(w, 0, "/x/y/z"), "deep"));
    CHECK(t_drain_events(w) == 2);
    /* The id is gone. */
    CHECK(!strcmp(t_read(d0, tx, "/x"), "ENOENT"));
    CHECK(t_consistent());
}

/* Abort drops the changes; a removed subtree comes back untouched. */
TEST(xsd_tx_abort)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    t_write(d0, 0, "/keep/a", "1");
    uint32_t tx = t_tx_start(d0);
    CHECK(!strcmp(t_req(d0, XS_RM, tx, "/keep", NULL), "OK"));
    CHECK(!strcmp(t_read(d0, tx, "/keep/a"), "ENOENT"));
    CHECK(!strcmp(t_req(d0, XS_TRANSACTION_END, tx, "F", NULL), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/keep/a"), "1"));
}

/* A node the transaction read, changed meanwhile: EAGAIN, and nothing of
 * the transaction is applied. */
TEST(xsd_tx_conflict_on_read)
{
    t_core(NULL);
    struct xs_conn *a = t_client(0), *b = t_client(0);
    t_write(a, 0, "/c/v", "1");
    uint32_t tx = t_tx_start(a);
    CHECK(!strcmp(t_read(a, tx, "/c/v"), "1"));
    CHECK(!strcmp(t_write(a, tx, "/c/w", "from-tx"), "OK"));
    CHECK(!strcmp(t_write(b, 0, "/c/v", "2"), "OK"));
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, tx, "T", NULL), "EAGAIN"));
    CHECK(!strcmp(t_read(a, 0, "/c/w"), "ENOENT"));
    CHECK(!strcmp(t_read(a, 0, "/c/v"), "2"));
    /* The transaction is over after EAGAIN. */
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, tx, "T", NULL), "ENOENT"));
}

/* Conflicts: a node created where the transaction saw none, a child
 * added to a node it removed, a node it created made meanwhile. */
TEST(xsd_tx_conflict_kinds)
{
    t_core(NULL);
    struct xs_conn *a = t_client(0), *b = t_client(0);
    uint32_t tx = t_tx_start(a);
    CHECK(!strcmp(t_read(a, tx, "/n"), "ENOENT"));
    t_write(b, 0, "/n", "made");
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, tx, "T", NULL), "EAGAIN"));

    t_write(b, 0, "/r/a", "");
    tx = t_tx_start(a);
    CHECK(!strcmp(t_req(a, XS_RM, tx, "/r", NULL), "OK"));
    t_write(b, 0, "/r/b", "new child");
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, tx, "T", NULL), "EAGAIN"));
    CHECK(!strcmp(t_read(a, 0, "/r/b"), "new child"));

    tx = t_tx_start(a);
    CHECK(!strcmp(t_write(a, tx, "/fresh/x", "tx"), "OK"));
    t_write(b, 0, "/fresh", "");
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, tx, "T", NULL), "EAGAIN"));
    CHECK(t_consistent());
}

/* Changes elsewhere do not conflict: two transactions on different
 * subtrees both commit, in either order. */
TEST(xsd_tx_no_false_conflict)
{
    t_core(NULL);
    struct xs_conn *a = t_client(0), *b = t_client(0);
    t_write(a, 0, "/one/v", "");
    t_write(a, 0, "/two/v", "");
    uint32_t ta = t_tx_start(a), tb = t_tx_start(b);
    CHECK(ta && tb && ta != tb);
    CHECK(!strcmp(t_write(a, ta, "/one/v", "a"), "OK"));
    CHECK(!strcmp(t_write(b, tb, "/two/v", "b"), "OK"));
    t_write(a, 0, "/unrelated", "x");
    CHECK(!strcmp(t_req(b, XS_TRANSACTION_END, tb, "T", NULL), "OK"));
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, ta, "T", NULL), "OK"));
    CHECK(!strcmp(t_read(a, 0, "/one/v"), "a") && !strcmp(t_read(a, 0, "/two/v"), "b"));
}

/* Bad transaction use: unknown id ENOENT (even for another client's id),
 * a START inside a transaction EBUSY, END without T/F EINVAL (and the
 * transaction stays), END without a transaction ENOENT. */
TEST(xsd_tx_bad_use)
{
    t_core(NULL);
    struct xs_conn *a = t_client(0), *b = t_client(0);
    uint32_t tx = t_tx_start(a);
    CHECK(!strcmp(t_read(b, tx, "/"), "ENOENT"));
    CHECK(!strcmp(t_read(a, 12345, "/"), "ENOENT"));
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_START, tx, "", NULL), "EBUSY"));
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_START, 0, "junk", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, tx, "X", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, tx, "T", "F", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, 0, "T", NULL), "ENOENT"));
    CHECK(!strcmp(t_req(a, XS_TRANSACTION_END, tx, "F", NULL), "OK"));
    /* Watches ignore the transaction id, as in Xen. */
    CHECK(!strcmp(t_req(a, XS_WATCH, 999, "/w", "t", NULL), "OK"));
}

/* Permissions inside a transaction are those of its copy, and changes an
 * unprivileged domain commits are owned by it. */
TEST(xsd_tx_unprivileged)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *d6 = t_client(6);
    t_write(d0, 0, "/u", "");
    t_req(d0, XS_SET_PERMS, 0, "/u", "n0", "b6", NULL);
    uint32_t tx = t_tx_start(d6);
    CHECK(!strcmp(t_write(d6, tx, "/u/mine", "v"), "OK"));
    CHECK(!strcmp(t_write(d6, tx, "/elsewhere", "v"), "EACCES"));
    CHECK(!strcmp(t_req(d6, XS_TRANSACTION_END, tx, "T", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_GET_PERMS, 0, "/u/mine", NULL), "n6"));
    CHECK(t_consistent());
}
