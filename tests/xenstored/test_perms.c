/* Permission checks: what an unprivileged domain may read, write, create,
 * remove and re-permission, and what it may learn about missing nodes. */
#include <string.h>

#include "harness.h"

/* Dom0's nodes are closed to others unless their permissions say so;
 * an entry gives one domain its access, entry 0 everybody else's. */
TEST(xsd_perm_read_write)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *d1 = t_client(1), *d2 = t_client(2);
    t_write(d0, 0, "/p/node", "secret");
    CHECK(!strcmp(t_read(d1, 0, "/p/node"), "EACCES"));
    CHECK(!strcmp(t_write(d1, 0, "/p/node", "x"), "EACCES"));
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/p/node", "n0", "r1", "b2", NULL), "OK"));
    CHECK(!strcmp(t_read(d1, 0, "/p/node"), "secret"));
    CHECK(!strcmp(t_write(d1, 0, "/p/node", "x"), "EACCES"));
    CHECK(!strcmp(t_write(d2, 0, "/p/node", "two"), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/p/node"), "two"));
    CHECK(!strcmp(t_req(d1, XS_RM, 0, "/p/node", NULL), "EACCES"));
    CHECK(!strcmp(t_req(d1, XS_GET_PERMS, 0, "/p/node", NULL), "n0"));
    /* Entry 0's access is everybody else's. */
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/p/node", "r0", NULL), "OK"));
    CHECK(!strcmp(t_read(d2, 0, "/p/node"), "two"));
    CHECK(!strcmp(t_write(d2, 0, "/p/node", "x"), "EACCES"));
}

/* A missing node: ENOENT only if the nearest existing node above is
 * accessible, else EACCES (its existence is not for the caller to know). */
TEST(xsd_perm_missing_nodes)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *d1 = t_client(1);
    t_write(d0, 0, "/open", "");
    t_req(d0, XS_SET_PERMS, 0, "/open", "n0", "b1", NULL);
    CHECK(!strcmp(t_read(d1, 0, "/open/missing"), "ENOENT"));
    CHECK(!strcmp(t_read(d1, 0, "/open/missing/deeper"), "ENOENT"));
    CHECK(!strcmp(t_read(d1, 0, "/closed/missing"), "EACCES"));
    CHECK(!strcmp(t_req(d1, XS_RM, 0, "/closed/x", NULL), "EACCES"));
    CHECK(!strcmp(t_req(d1, XS_RM, 0, "/open/x", NULL), "OK"));
}

/* Creating needs write access to the nearest existing node; what an
 * unprivileged domain creates is its own, with the rest inherited. */
TEST(xsd_perm_create_owns)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *d1 = t_client(1);
    t_write(d0, 0, "/w", "");
    CHECK(!strcmp(t_write(d1, 0, "/w/a/b", "v"), "EACCES"));
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/w", "n0", "w1", "r4", NULL), "OK"));
    CHECK(!strcmp(t_write(d1, 0, "/w/a/b", "v"), "OK"));
    CHECK(!strcmp(t_req(d0, XS_GET_PERMS, 0, "/w/a/b", NULL), "n1"));
    t_send(d0, XS_GET_PERMS, 0, "/w/a", 5);
    struct t_msg m;
    REQUIRE(t_reply(d0, &m));
    CHECK(m.hdr.len == 9 && !memcmp(m.body, "n1\0w1\0r4\0", 9));
    /* It owns them: it may read, remove and re-permission them. */
    CHECK(!strcmp(t_read(d1, 0, "/w/a/b"), "v"));
    CHECK(!strcmp(t_req(d1, XS_SET_PERMS, 0, "/w/a/b", "n1", "r0", NULL), "OK"));
    /* But not give them away. */
    CHECK(!strcmp(t_req(d1, XS_SET_PERMS, 0, "/w/a/b", "n2", NULL), "EACCES"));
    /* Without ownership, write access is not enough to re-permission. */
    CHECK(!strcmp(t_req(d1, XS_SET_PERMS, 0, "/w", "n0", "b1", NULL), "EACCES"));
    CHECK(!strcmp(t_req(d1, XS_RM, 0, "/w/a", NULL), "OK"));
    CHECK(t_consistent());
}

/* Bad permission lists are refused and change nothing. */
TEST(xsd_perm_bad_lists)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    t_write(d0, 0, "/q", "");
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/q", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/q", "x0", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/q", "r0", "r", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/q", "r99999", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/missing", "r0", NULL), "ENOENT"));
    CHECK(!strcmp(t_req(d0, XS_GET_PERMS, 0, "/q", NULL), "n0"));
    /* The special nodes carry permissions too. */
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "@releaseDomain", "n0", "r3", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_GET_PERMS, 0, "@releaseDomain", NULL), "n0"));
    CHECK(!strcmp(t_req(d0, XS_GET_PERMS, 0, "@other", NULL), "ENOENT"));
}

/* SET_TARGET: a domain acting for another gets its access. */
TEST(xsd_perm_set_target)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *d4 = t_client(4);
    t_client(5);
    t_write(d0, 0, "/t5", "five");
    t_req(d0, XS_SET_PERMS, 0, "/t5", "n5", NULL);
    CHECK(!strcmp(t_read(d4, 0, "/t5"), "EACCES"));
    CHECK(!strcmp(t_req(d4, XS_SET_TARGET, 0, "4", "5", NULL), "EACCES")); /* dom0 only */
    CHECK(!strcmp(t_req(d0, XS_SET_TARGET, 0, "4", "9", NULL), "ENOENT"));
    CHECK(!strcmp(t_req(d0, XS_SET_TARGET, 0, "4", "5", NULL), "OK"));
    CHECK(!strcmp(t_read(d4, 0, "/t5"), "five"));
}
