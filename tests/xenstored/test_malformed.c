/* Malformed and nonsensical requests: each gets XS_ERROR with the right
 * name and changes nothing; only a payload over the protocol's limit
 * ends the connection, and the others go on. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Sends raw bytes as one message of type with the given payload. */
static const char *raw(struct xs_conn *c, uint32_t type, const char *payload, size_t len)
{
    static struct t_msg m;
    t_send(c, type, 0, payload, len);
    if (!t_reply(c, &m))
        return "(no reply)";
    if (m.hdr.type != XS_ERROR)
        return "(not an error)";
    return m.body;
}

/* Types nobody implements, and the daemon-only ones, are ENOSYS. */
TEST(xsd_bad_types)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    uint32_t types[] = {XS_WATCH_EVENT, XS_ERROR, XS_RESTRICT, XS_GET_FEATURE,
                        XS_SET_QUOTA,   27,       99,          XS_INVALID,
                        0xffffffffU};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        CHECK(!strcmp(raw(d0, types[i], "/x", 3), "ENOSYS"));
    CHECK(t_consistent());
}

/* Payloads that are not what the type wants: EINVAL. */
TEST(xsd_bad_payloads)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    t_write(d0, 0, "/ok", "kept");
    CHECK(!strcmp(raw(d0, XS_READ, "", 0), "EINVAL"));
    CHECK(!strcmp(raw(d0, XS_READ, "/ok", 3), "EINVAL"));       /* no NUL */
    CHECK(!strcmp(raw(d0, XS_READ, "/ok\0/ok", 8), "EINVAL"));  /* two strings */
    CHECK(!strcmp(raw(d0, XS_READ, "/ok\0junk", 8), "EINVAL")); /* bytes after */
    CHECK(!strcmp(raw(d0, XS_WRITE, "/ok", 3), "EINVAL"));      /* no NUL at all */
    CHECK(!strcmp(raw(d0, XS_MKDIR, "", 1), "EINVAL"));         /* empty path */
    CHECK(!strcmp(raw(d0, XS_RM, "\0\0", 2), "EINVAL"));
    CHECK(!strcmp(raw(d0, XS_WATCH, "/ok", 4), "EINVAL"));         /* no token */
    CHECK(!strcmp(raw(d0, XS_WATCH, "/ok\0t\0d\0", 8), "EINVAL")); /* no depth offered */
    CHECK(!strcmp(raw(d0, XS_UNWATCH, "/ok\0", 4), "EINVAL"));
    CHECK(!strcmp(raw(d0, XS_DIRECTORY, "/ok\0x", 6), "EINVAL"));
    CHECK(!strcmp(raw(d0, XS_GET_DOMAIN_PATH, "", 1), "EINVAL"));
    CHECK(!strcmp(raw(d0, XS_IS_DOMAIN_INTRODUCED, "-1", 3), "EINVAL"));
    CHECK(!strcmp(raw(d0, XS_RESET_WATCHES, "x", 2), "EINVAL"));
    CHECK(!strcmp(t_read(d0, 0, "/ok"), "kept"));
    CHECK(t_consistent());
}

/* Bad paths: characters, empty components, specials where they do not
 * belong, too long. */
TEST(xsd_bad_paths)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    const char *bad[] = {"/a//b", "/a/", "/a b", "/a\tb", "/a.b", "/a*", "@introduceDomain"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK(!strcmp(t_write(d0, 0, bad[i], "v"), "EINVAL"));
        CHECK(!strcmp(t_read(d0, 0, bad[i]), "EINVAL"));
    }
    char *longp = malloc(XENSTORE_ABS_PATH_MAX + 2);
    memset(longp, 'x', XENSTORE_ABS_PATH_MAX + 1);
    longp[0] = '/';
    longp[XENSTORE_ABS_PATH_MAX + 1] = '\0';
    CHECK(!strcmp(t_write(d0, 0, longp, "v"), "EINVAL"));
    longp[XENSTORE_ABS_PATH_MAX] = '\0';
    CHECK(!strcmp(t_write(d0, 0, longp, "v"), "OK"));
    free(longp);
    CHECK(t_consistent());
}

/* A payload over XENSTORE_PAYLOAD_MAX: E2BIG, then the connection takes
 * nothing more (the stream cannot be followed); other clients go on. A
 * reply that would be too long is E2BIG too, the connection kept. */
TEST(xsd_oversized)
{
    t_core(NULL);
    struct xs_conn *bad = t_client(0), *good = t_client(0);
    struct xsd_sockmsg hdr = {.type = XS_WRITE, .req_id = 77, .len = XENSTORE_PAYLOAD_MAX + 1};
    t_feed(bad, &hdr, sizeof(hdr), sizeof(hdr));
    struct t_msg m;
    REQUIRE(t_reply(bad, &m));
    CHECK(m.hdr.type == XS_ERROR && m.hdr.req_id == 77 && !strcmp(m.body, "E2BIG"));
    CHECK(bad->error == XENSTORE_ERROR_PROTO && xs_conn_input_room(bad) == 0);
    CHECK(!strcmp(t_write(good, 0, "/still", "fine"), "OK"));
    /* Exactly the limit is fine. */
    char *payload = malloc(XENSTORE_PAYLOAD_MAX);
    memcpy(payload, "/max", 5);
    memset(payload + 5, 'v', XENSTORE_PAYLOAD_MAX - 5);
    t_send(good, XS_WRITE, 0, payload, XENSTORE_PAYLOAD_MAX);
    REQUIRE(t_reply(good, &m));
    CHECK(m.hdr.type == XS_WRITE);
    free(payload);
    CHECK(t_consistent());
}

/* Requests split at every byte, and many in one read, work the same. */
TEST(xsd_stream_framing)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    char stream[256];
    size_t len = 0;
    const char *paths[] = {"/f/one", "/f/two", "/f/three"};
    for (int i = 0; i < 3; i++) {
        size_t pl = strlen(paths[i]) + 1;
        struct xsd_sockmsg hdr = {.type = XS_WRITE, .req_id = (uint32_t)i, .len = (uint32_t)pl + 1};
        memcpy(stream + len, &hdr, sizeof(hdr));
        memcpy(stream + len + sizeof(hdr), paths[i], pl);
        stream[len + sizeof(hdr) + pl] = (char)('a' + i);
        len += sizeof(hdr) + pl + 1;
    }
    t_feed(d0, stream, len, 1);
    struct t_msg m;
    for (uint32_t i = 0; i < 3; i++)
        CHECK(t_reply(d0, &m) && m.hdr.req_id == i && !strcmp(m.body, "OK"));
    t_feed(d0, stream, len, len);
    for (uint32_t i = 0; i < 3; i++)
        CHECK(t_reply(d0, &m) && m.hdr.req_id == i);
    CHECK(!strcmp(t_read(d0, 0, "/f/three"), "c"));
}
