/* The store, paths and permission strings on their own. */
#include <string.h>

#include "harness.h"
#include "path.h"
#include "perms.h"
#include "store.h"

/* Creating a path makes its missing parents with inherited permissions;
 * lookups, paths and owner counts follow; removal takes the subtree. */
TEST(xsd_store_create_lookup_remove)
{
    uint64_t gen = 0;
    struct xs_store *st = store_new(&gen);
    CHECK(store_lookup(st, "/tool/xenstored") != NULL);
    CHECK(store_missing(st, "/a/b/c") == 3);
    struct xs_node *c = store_create(st, "/a/b/c", -1);
    REQUIRE(c != NULL);
    char path[XS_PATH_BUF];
    store_path(c, path);
    CHECK(!strcmp(path, "/a/b/c"));
    CHECK(store_lookup(st, "/a/b") == c->parent);
    CHECK(store_nearest(st, "/a/b/x/y") == c->parent);
    CHECK(store_missing(st, "/a/b/c") == 0);
    CHECK(store_owned(st, 0) == 3 + 3 + 2); /* root, tool, xenstored, a, b, c, 2 specials */
    struct xs_node *d = store_create(st, "/a/d", 7);
    CHECK(d->perms[0].domid == 7 && store_owned(st, 7) == 1);
    uint64_t before = c->parent->parent->gen;
    store_remove(st, c->parent);
    CHECK(store_lookup(st, "/a/b") == NULL && store_lookup(st, "/a/b/c") == NULL);
    CHECK(store_lookup(st, "/a")->gen > before);
    char why[128];
    CHECK(store_check(st, why, sizeof(why)) == 0);
    store_free(st);
}

/* A clone is deep: changing it leaves the original alone; generations
 * come from the shared counter, so they never repeat. */
TEST(xsd_store_clone_is_independent)
{
    uint64_t gen = 0;
    struct xs_store *st = store_new(&gen);
    struct xs_node *n = store_create(st, "/x", -1);
    store_set_value(st, n, "one", 3);
    struct xs_store *copy = store_clone(st);
    struct xs_node *m = store_lookup(copy, "/x");
    REQUIRE(m != NULL && m != n && m->gen == n->gen);
    store_set_value(copy, m, "two", 3);
    CHECK(n->value_len == 3 && !memcmp(n->value, "one", 3));
    store_set_value(st, n, "three", 5);
    CHECK(m->gen != n->gen);
    store_remove(copy, m);
    CHECK(store_lookup(st, "/x") == n);
    char why[128];
    CHECK(store_check(copy, why, sizeof(why)) == 0 && store_check(st, why, sizeof(why)) == 0);
    store_free(copy);
    store_free(st);
}

/* A released domain's nodes pass to dom0 and its entries go. */
TEST(xsd_store_forget_domain)
{
    uint64_t gen = 0;
    struct xs_store *st = store_new(&gen);
    store_create(st, "/d5/own", 5);
    struct xs_node *shared = store_create(st, "/shared", -1);
    struct xs_perm p[] = {{0, XS_ACCESS_NONE}, {5, XS_ACCESS_READ}, {6, XS_ACCESS_BOTH}};
    store_set_perms(st, shared, p, 3);
    CHECK(store_owned(st, 5) == 2);
    CHECK(store_forget_domain(st, 5) == 3);
    CHECK(store_owned(st, 5) == 0);
    CHECK(shared->nr_perms == 2 && shared->perms[1].domid == 6);
    CHECK(store_lookup(st, "/d5/own")->perms[0].domid == 0);
    char why[128];
    CHECK(store_check(st, why, sizeof(why)) == 0);
    store_free(st);
}

/* Paths: the allowed characters, no empty component, relative paths
 * under the caller's home, the length limits. */
TEST(xsd_path_rules)
{
    char out[XS_PATH_BUF];
    bool rel;
    CHECK(xs_path_resolve("/a/b-c_d@e", 3, false, false, out, &rel) == 0 && !rel);
    CHECK(xs_path_resolve("device/vif", 3, false, false, out, &rel) == 0 && rel);
    CHECK(!strcmp(out, "/local/domain/3/device/vif"));
    CHECK(xs_path_resolve("/", 0, false, false, out, NULL) == 0);
    const char *bad[] = {"", "//", "/a//b", "/a/", "/a b", "/a\\x01", "/é", "a/"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(xs_path_resolve(bad[i], 0, true, false, out, NULL) == XEN_EINVAL);
    CHECK(xs_path_resolve("@releaseDomain", 0, false, false, out, NULL) == XEN_EINVAL);
    CHECK(xs_path_resolve("@releaseDomain", 0, true, false, out, NULL) == 0);
    char longp[XENSTORE_ABS_PATH_MAX + 2];
    memset(longp, 'a', sizeof(longp));
    longp[0] = '/';
    longp[XENSTORE_ABS_PATH_MAX] = '\0'; /* exactly the limit */
    CHECK(xs_path_resolve(longp, 0, false, false, out, NULL) == 0);
    longp[XENSTORE_ABS_PATH_MAX] = 'a';
    longp[XENSTORE_ABS_PATH_MAX + 1] = '\0';
    CHECK(xs_path_resolve(longp, 0, false, false, out, NULL) == XEN_EINVAL);
    /* A relative path that becomes too long once its home is added. */
    CHECK(xs_path_resolve(longp + 20, 12345, false, false, out, NULL) == XEN_EINVAL);
    /* Unprivileged: the part under a home is limited to 2048 bytes. */
    char under[XENSTORE_REL_PATH_MAX + 2];
    memset(under, 'b', sizeof(under));
    under[XENSTORE_REL_PATH_MAX + 1] = '\0';
    CHECK(xs_path_resolve(under, 1, false, true, out, NULL) == XEN_EINVAL);
    CHECK(xs_path_resolve(under, 1, false, false, out, NULL) == 0);
    CHECK(xs_path_is_under("/a/b", "/a") && xs_path_is_under("/a", "/a"));
    CHECK(!xs_path_is_under("/ab", "/a") && xs_path_is_under("/x", "/"));
    CHECK(!strcmp(xs_path_relative_to_home("/local/domain/3/x", 3), "x"));
    CHECK(!strcmp(xs_path_relative_to_home("/local/domain/33/x", 3), "/local/domain/33/x"));
}

/* Permission strings and what they give an unprivileged domain. */
TEST(xsd_perm_strings_and_access)
{
    struct xs_perm p[3];
    CHECK(xs_perm_parse("n0", &p[0]) && xs_perm_parse("r5", &p[1]) && xs_perm_parse("b7", &p[2]));
    const char *bad[] = {"", "x1", "r", "r-1", "r01", "r65535", "r32752", "rr1", "r1 "};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(!xs_perm_parse(bad[i], &p[0]));
    xs_perm_parse("n0", &p[0]);
    char buf[XS_PERM_STR_MAX];
    CHECK(xs_perm_format(&p[2], buf) == 2 && !strcmp(buf, "b7"));
    CHECK(xs_perms_access(p, 3, 5, -1) == XS_ACCESS_READ);
    CHECK(xs_perms_access(p, 3, 7, -1) == XS_ACCESS_BOTH);
    CHECK(xs_perms_access(p, 3, 9, -1) == XS_ACCESS_NONE);
    CHECK(xs_perms_access(p, 3, 0, -1) == (XS_ACCESS_BOTH | XS_ACCESS_OWNER));
    CHECK(xs_perms_access(p, 3, 9, 0) == (XS_ACCESS_BOTH | XS_ACCESS_OWNER)); /* target dom0 */
}
