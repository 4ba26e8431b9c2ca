/* READ, WRITE, MKDIR, RM, DIRECTORY and GET_DOMAIN_PATH as a client sees them. */
#include <string.h>

#include "harness.h"

/* Write creates parents with empty values; read gives the value back
 * byte for byte (NULs included); rewriting replaces it. */
TEST(xsd_write_read)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    CHECK(!strcmp(t_write(d0, 0, "/a/b/c", "hello"), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/a/b/c"), "hello"));
    CHECK(!strcmp(t_read(d0, 0, "/a/b"), ""));
    CHECK(!strcmp(t_read(d0, 0, "/a/x"), "ENOENT"));
    t_send(d0, XS_WRITE, 0, "/bin\0a\0b", 8);
    struct t_msg m;
    REQUIRE(t_reply(d0, &m) && !strcmp(m.body, "OK"));
    t_send(d0, XS_READ, 0, "/bin", 5);
    REQUIRE(t_reply(d0, &m));
    CHECK(m.hdr.type == XS_READ && m.hdr.len == 3 && !memcmp(m.body, "a\0b", 3));
    CHECK(!strcmp(t_write(d0, 0, "/a/b/c", ""), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/a/b/c"), ""));
    CHECK(t_consistent());
}

/* Replies carry the request's type, req_id and tx_id; errors too. */
TEST(xsd_reply_header_echoes_request)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    struct xsd_sockmsg hdr = {.type = XS_READ, .req_id = 0xabcd1234, .tx_id = 0, .len = 7};
    char msg[sizeof(hdr) + 7];
    memcpy(msg, &hdr, sizeof(hdr));
    memcpy(msg + sizeof(hdr), "/local", 7);
    t_feed(d0, msg, sizeof(msg), sizeof(msg));
    struct t_msg m;
    REQUIRE(t_reply(d0, &m));
    CHECK(m.hdr.type == XS_ERROR && m.hdr.req_id == 0xabcd1234 && !strcmp(m.body, "ENOENT"));
    t_write(d0, 0, "/local", "v");
    t_feed(d0, msg, sizeof(msg), 3); /* in pieces: the same */
    REQUIRE(t_reply(d0, &m));
    CHECK(m.hdr.type == XS_READ && m.hdr.req_id == 0xabcd1234 && !strcmp(m.body, "v"));
}

/* Mkdir keeps an existing value; rm removes subtrees, is fine for a
 * missing node whose parent exists, and refuses "/" and orphans. */
TEST(xsd_mkdir_rm)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    t_write(d0, 0, "/k", "keep");
    CHECK(!strcmp(t_req(d0, XS_MKDIR, 0, "/k", NULL), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/k"), "keep"));
    CHECK(!strcmp(t_req(d0, XS_MKDIR, 0, "/m/n", NULL), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/m/n"), ""));
    t_write(d0, 0, "/m/n/o/p", "deep");
    CHECK(!strcmp(t_req(d0, XS_RM, 0, "/m", NULL), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/m/n/o/p"), "ENOENT"));
    CHECK(!strcmp(t_read(d0, 0, "/m"), "ENOENT"));
    CHECK(!strcmp(t_req(d0, XS_RM, 0, "/k/none", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_RM, 0, "/none/none", NULL), "ENOENT"));
    CHECK(!strcmp(t_req(d0, XS_RM, 0, "/", NULL), "EINVAL"));
    CHECK(t_consistent());
}

/* Directory lists children, each NUL-terminated, in creation order. */
TEST(xsd_directory)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    t_write(d0, 0, "/d/zeta", "");
    t_write(d0, 0, "/d/alpha", "");
    t_write(d0, 0, "/d/mid/x", "");
    t_send(d0, XS_DIRECTORY, 0, "/d", 3);
    struct t_msg m;
    REQUIRE(t_reply(d0, &m));
    CHECK(m.hdr.type == XS_DIRECTORY && m.hdr.len == 15 &&
          !memcmp(m.body, "zeta\0alpha\0mid\0", 15));
    t_send(d0, XS_DIRECTORY, 0, "/d/zeta", 8);
    REQUIRE(t_reply(d0, &m));
    CHECK(m.hdr.type == XS_DIRECTORY && m.hdr.len == 0);
    CHECK(!strcmp(t_req(d0, XS_DIRECTORY, 0, "/nope", NULL), "ENOENT"));
}

/* Relative paths name the caller's home; GET_DOMAIN_PATH says where. */
TEST(xsd_relative_paths_and_domain_path)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    struct xs_conn *d3 = t_client(3);
    t_write(d0, 0, "/local/domain/3/x", "");
    const char *perm[] = {"/local/domain/3", "n3", NULL};
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, perm[0], perm[1], NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_SET_PERMS, 0, "/local/domain/3/x", "n3", NULL), "OK"));
    CHECK(!strcmp(t_write(d3, 0, "x", "mine"), "OK"));
    CHECK(!strcmp(t_read(d0, 0, "/local/domain/3/x"), "mine"));
    CHECK(!strcmp(t_read(d0, 0, "local/domain/3/x"), "ENOENT")); /* dom0's home */
    CHECK(!strcmp(t_req(d3, XS_GET_DOMAIN_PATH, 0, "3", NULL), "/local/domain/3"));
    CHECK(!strcmp(t_req(d3, XS_GET_DOMAIN_PATH, 0, "0", NULL), "/local/domain/0"));
    CHECK(!strcmp(t_req(d3, XS_GET_DOMAIN_PATH, 0, "x", NULL), "EINVAL"));
    CHECK(!strcmp(t_req(d3, XS_GET_DOMAIN_PATH, 0, "32752", NULL), "EINVAL"));
}
