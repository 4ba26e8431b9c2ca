/* Watches: the first event, events for changes at or under the path,
 * removal of subtrees, relative paths, permissions, the special events. */
#include <string.h>

#include "harness.h"

/* A new watch fires once at once; then writes, creations below, removal
 * and permission changes fire it; unrelated paths do not. */
TEST(xsd_watch_fires)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    CHECK(!strcmp(t_req(d0, XS_WATCH, 0, "/w", "tok", NULL), "OK"));
    CHECK(!strcmp(t_event(d0), "/w tok"));
    CHECK(!strcmp(t_event(d0), ""));
    t_write(d0, 0, "/w/a/b", "1");
    CHECK(!strcmp(t_event(d0), "/w/a/b tok"));
    t_write(d0, 0, "/w", "2");
    CHECK(!strcmp(t_event(d0), "/w tok"));
    t_write(d0, 0, "/wx", "no");
    t_write(d0, 0, "/other", "no");
    CHECK(!strcmp(t_event(d0), ""));
    t_req(d0, XS_SET_PERMS, 0, "/w/a", "n0", "r1", NULL);
    CHECK(!strcmp(t_event(d0), "/w/a tok"));
    t_req(d0, XS_MKDIR, 0, "/w/a", NULL); /* exists: no change, no event */
    CHECK(!strcmp(t_event(d0), ""));
    t_req(d0, XS_RM, 0, "/w/a", NULL);
    CHECK(!strcmp(t_event(d0), "/w/a tok"));
    CHECK(!strcmp(t_event(d0), ""));
    CHECK(!strcmp(t_req(d0, XS_UNWATCH, 0, "/w", "tok", NULL), "OK"));
    t_write(d0, 0, "/w", "3");
    CHECK(!strcmp(t_event(d0), ""));
    CHECK(!strcmp(t_req(d0, XS_UNWATCH, 0, "/w", "tok", NULL), "ENOENT"));
}

/* Removing a subtree tells the watches above it and those set on the
 * removed nodes themselves, each with its own path. */
TEST(xsd_watch_rm_of_descendants)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *w = t_client(0);
    t_write(d0, 0, "/r/a/b/c", "");
    t_req(w, XS_WATCH, 0, "/r/a/b/c", "deep", NULL);
    t_req(w, XS_WATCH, 0, "/r/a/b/c/never", "absent", NULL);
    t_req(w, XS_WATCH, 0, "/", "root", NULL);
    t_drain_events(w);
    t_req(d0, XS_RM, 0, "/r/a", NULL);
    const char *e1 = t_event(w);
    CHECK(!strcmp(e1, "/r/a/b/c deep"));
    CHECK(!strcmp(t_event(w), "/r/a root"));
    CHECK(!strcmp(t_event(w), ""));
}

/* Two watches with different tokens both fire; the same one twice is
 * EEXIST; RESET_WATCHES drops them all. */
TEST(xsd_watch_tokens_and_reset)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    CHECK(!strcmp(t_req(d0, XS_WATCH, 0, "/t", "one", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_WATCH, 0, "/t", "two", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_WATCH, 0, "/t", "one", NULL), "EEXIST"));
    CHECK(t_drain_events(d0) == 2);
    t_write(d0, 0, "/t", "");
    CHECK(t_drain_events(d0) == 2);
    CHECK(!strcmp(t_req(d0, XS_RESET_WATCHES, 0, "", NULL), "OK"));
    t_write(d0, 0, "/t", "x");
    CHECK(t_drain_events(d0) == 0);
}

/* A watch set with a relative path hears relative paths. */
TEST(xsd_watch_relative)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *d2 = t_client(2);
    t_write(d0, 0, "/local/domain/2/device", "");
    t_req(d0, XS_SET_PERMS, 0, "/local/domain/2/device", "n0", "r2", NULL);
    CHECK(!strcmp(t_req(d2, XS_WATCH, 0, "device", "fe", NULL), "OK"));
    CHECK(!strcmp(t_event(d2), "device fe"));
    t_write(d0, 0, "/local/domain/2/device/vif/0/state", "1");
    CHECK(!strcmp(t_event(d2), "device/vif/0/state fe"));
    CHECK(!strcmp(t_req(d2, XS_WATCH, 0, "/local/domain/2/device", "abs", NULL), "OK"));
    t_drain_events(d2);
    t_write(d0, 0, "/local/domain/2/device/x", "");
    CHECK(!strcmp(t_event(d2), "device/x fe"));
    CHECK(!strcmp(t_event(d2), "/local/domain/2/device/x abs"));
}

/* An unprivileged watcher hears only of nodes it may read (or whose
 * parent it may read); losing access still tells it once. */
TEST(xsd_watch_permissions)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *d1 = t_client(1);
    t_write(d0, 0, "/s/hidden", "");
    t_write(d0, 0, "/s/seen", "");
    t_req(d0, XS_SET_PERMS, 0, "/s/seen", "n0", "r1", NULL);
    CHECK(!strcmp(t_req(d1, XS_WATCH, 0, "/s", "t", NULL), "OK"));
    t_drain_events(d1);
    t_write(d0, 0, "/s/hidden", "x");
    CHECK(!strcmp(t_event(d1), ""));
    t_write(d0, 0, "/s/seen", "x");
    CHECK(!strcmp(t_event(d1), "/s/seen t"));
    t_write(d0, 0, "/s/seen/child", "x"); /* parent readable */
    CHECK(!strcmp(t_event(d1), "/s/seen/child t"));
    t_req(d0, XS_SET_PERMS, 0, "/s/seen", "n0", NULL); /* old perms let it read */
    CHECK(!strcmp(t_event(d1), "/s/seen t"));
    t_write(d0, 0, "/s/seen", "y");
    CHECK(!strcmp(t_event(d1), ""));
}

/* Watches on @introduceDomain and @releaseDomain fire on INTRODUCE and
 * RELEASE and on nothing else; ordinary writes never match them. */
TEST(xsd_watch_special_events)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    CHECK(!strcmp(t_req(d0, XS_WATCH, 0, "@introduceDomain", "in", NULL), "OK"));
    CHECK(!strcmp(t_req(d0, XS_WATCH, 0, "@releaseDomain", "out", NULL), "OK"));
    CHECK(!strcmp(t_event(d0), "@introduceDomain in"));
    CHECK(!strcmp(t_event(d0), "@releaseDomain out"));
    t_write(d0, 0, "/local/domain/7/x", "");
    CHECK(!strcmp(t_event(d0), ""));
    /* The unit tests' INTRODUCE and RELEASE are in test_domain.c; here the
     * core's own release path fires @releaseDomain for a dead domain. */
    struct xs_conn *d7 = t_client(7);
    xs_core_release_domain(d0->core, d7);
    CHECK(!strcmp(t_event(d0), "@releaseDomain out"));
    CHECK(!strcmp(t_event(d0), ""));
}
