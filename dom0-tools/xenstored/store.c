/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "store.h"
#include "util.h"

static uint64_t next_gen(struct xs_store *st)
{
    return ++*st->gen;
}

static struct xs_owner_count *owner_slot(struct xs_store *st, uint16_t domid, bool add)
{
    for (unsigned int i = 0; i < st->nr_owners; i++) {
        if (st->owners[i].domid == domid)
            return &st->owners[i];
    }
    if (!add)
        return NULL;
    if (st->nr_owners == st->owners_room) {
        st->owners_room = st->owners_room ? st->owners_room * 2 : 8;
        st->owners = xs_realloc(st->owners, st->owners_room * sizeof(*st->owners));
    }
    struct xs_owner_count *o = &st->owners[st->nr_owners++];
    o->domid = domid;
    o->nodes = 0;
    return o;
}

static void owner_count(struct xs_store *st, uint16_t domid, int delta)
{
    struct xs_owner_count *o = owner_slot(st, domid, delta > 0);
    if (!o)
        return;
    o->nodes = (uint32_t)((int64_t)o->nodes + delta);
}

uint32_t store_owned(const struct xs_store *st, uint16_t domid)
{
    for (unsigned int i = 0; i < st->nr_owners; i++) {
        if (st->owners[i].domid == domid)
            return st->owners[i].nodes;
    }
    return 0;
}

static struct xs_node *node_new(struct xs_store *st, const char *name, size_t len,
                                const struct xs_perm *perms, unsigned int nr_perms)
{
    struct xs_node *n = xs_calloc(1, sizeof(*n));
    n->name = xs_malloc(len + 1);
    memcpy(n->name, name, len);
    n->name[len] = '\0';
    n->perms = xs_memdup(perms, nr_perms * sizeof(*perms));
    n->nr_perms = nr_perms;
    n->gen = next_gen(st);
    owner_count(st, perms[0].domid, 1);
    return n;
}

static void add_child(struct xs_node *parent, struct xs_node *child)
{
    if (parent->nr_children == parent->children_room) {
        parent->children_room = parent->children_room ? parent->children_room * 2 : 4;
        parent->children =
            xs_realloc(parent->children, parent->children_room * sizeof(*parent->children));
    }
    parent->children[parent->nr_children++] = child;
    child->parent = parent;
}

static void node_free(struct xs_node *n)
{
    for (unsigned int i = 0; i < n->nr_children; i++)
        node_free(n->children[i]);
    free(n->children);
    free(n->name);
    free(n->value);
    free(n->perms);
    free(n);
}

static const struct xs_perm dom0_only = {.domid = 0, .access = XS_ACCESS_NONE};

struct xs_store *store_new(uint64_t *gen_counter)
{
    struct xs_store *st = xs_calloc(1, sizeof(*st));
    st->gen = gen_counter;
    st->root = node_new(st, "", 0, &dom0_only, 1);
    st->introduce = node_new(st, XS_SPECIAL_INTRODUCE, strlen(XS_SPECIAL_INTRODUCE), &dom0_only, 1);
    st->release = node_new(st, XS_SPECIAL_RELEASE, strlen(XS_SPECIAL_RELEASE), &dom0_only, 1);
    store_create(st, "/tool/xenstored", -1);
    return st;
}

static struct xs_node *node_clone(const struct xs_node *n, struct xs_node *parent)
{
    struct xs_node *c = xs_calloc(1, sizeof(*c));
    c->name = xs_strdup(n->name);
    c->parent = parent;
    c->value = n->value_len ? xs_memdup(n->value, n->value_len) : NULL;
    c->value_len = n->value_len;
    c->perms = xs_memdup(n->perms, n->nr_perms * sizeof(*n->perms));
    c->nr_perms = n->nr_perms;
    c->gen = n->gen;
    c->nr_children = c->children_room = n->nr_children;
    if (n->nr_children) {
        c->children = xs_malloc(n->nr_children * sizeof(*c->children));
        for (unsigned int i = 0; i < n->nr_children; i++)
            c->children[i] = node_clone(n->children[i], c);
    }
    return c;
}

struct xs_store *store_clone(const struct xs_store *st)
{
    struct xs_store *c = xs_calloc(1, sizeof(*c));
    c->gen = st->gen;
    c->root = node_clone(st->root, NULL);
    c->introduce = node_clone(st->introduce, NULL);
    c->release = node_clone(st->release, NULL);
    c->nr_owners = c->owners_room = st->nr_owners;
    c->owners = st->nr_owners ? xs_memdup(st->owners, st->nr_owners * sizeof(*st->owners)) : NULL;
    return c;
}

void store_free(struct xs_store *st)
{
    if (!st)
        return;
    node_free(st->root);
    node_free(st->introduce);
    node_free(st->release);
    free(st->owners);
    free(st);
}

struct xs_node *store_child(const struct xs_node *n, const char *name, size_t len)
{
    for (unsigned int i = 0; i < n->nr_children; i++) {
        struct xs_node *c = n->children[i];
        if (strlen(c->name) == len && !memcmp(c->name, name, len))
            return c;
    }
    return NULL;
}

static struct xs_node *special(const struct xs_store *st, const char *path)
{
    if (!strcmp(path, XS_SPECIAL_INTRODUCE))
        return st->introduce;
    if (!strcmp(path, XS_SPECIAL_RELEASE))
        return st->release;
    return NULL;
}

/* Walks path from the root as far as nodes exist; *rest gets the part of
 * path not found ("" if all of it exists). */
static struct xs_node *walk(const struct xs_store *st, const char *path, const char **rest)
{
    struct xs_node *n = st->root;
    const char *p = path + 1;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        struct xs_node *c = store_child(n, p, len);
        if (!c)
            break;
        n = c;
        p = end ? end + 1 : p + len;
    }
    *rest = p;
    return n;
}

struct xs_node *store_lookup(const struct xs_store *st, const char *path)
{
    if (xs_path_is_special(path))
        return special(st, path);
    const char *rest;
    struct xs_node *n = walk(st, path, &rest);
    return *rest ? NULL : n;
}

struct xs_node *store_nearest(const struct xs_store *st, const char *path)
{
    if (xs_path_is_special(path))
        return special(st, path);
    const char *rest;
    return walk(st, path, &rest);
}

unsigned int store_missing(const struct xs_store *st, const char *path)
{
    if (xs_path_is_special(path))
        return 0;
    const char *rest;
    walk(st, path, &rest);
    if (!*rest)
        return 0;
    unsigned int count = 1;
    for (; *rest; rest++)
        count += *rest == '/';
    return count;
}

struct xs_node *store_create(struct xs_store *st, const char *path, int owner)
{
    const char *rest;
    struct xs_node *n = walk(st, path, &rest);
    while (*rest) {
        const char *end = strchr(rest, '/');
        size_t len = end ? (size_t)(end - rest) : strlen(rest);
        struct xs_node *c = node_new(st, rest, len, n->perms, n->nr_perms);
        if (owner >= 0 && c->perms[0].domid != owner) {
            owner_count(st, c->perms[0].domid, -1);
            c->perms[0].domid = (uint16_t)owner;
            owner_count(st, c->perms[0].domid, 1);
        }
        add_child(n, c);
        n->gen = next_gen(st);
        n = c;
        rest = end ? end + 1 : rest + len;
    }
    return n;
}

void store_set_value(struct xs_store *st, struct xs_node *n, const void *value, uint32_t len)
{
    free(n->value);
    n->value = len ? xs_memdup(value, len) : NULL;
    n->value_len = len;
    n->gen = next_gen(st);
}

void store_set_perms(struct xs_store *st, struct xs_node *n, const struct xs_perm *perms,
                     unsigned int nr)
{
    owner_count(st, n->perms[0].domid, -1);
    free(n->perms);
    n->perms = xs_memdup(perms, nr * sizeof(*perms));
    n->nr_perms = nr;
    owner_count(st, n->perms[0].domid, 1);
    n->gen = next_gen(st);
}

static void uncount(struct xs_store *st, const struct xs_node *n)
{
    owner_count(st, n->perms[0].domid, -1);
    for (unsigned int i = 0; i < n->nr_children; i++)
        uncount(st, n->children[i]);
}

void store_remove(struct xs_store *st, struct xs_node *n)
{
    struct xs_node *parent = n->parent;
    if (!parent)
        return;
    for (unsigned int i = 0; i < parent->nr_children; i++) {
        if (parent->children[i] != n)
            continue;
        memmove(&parent->children[i], &parent->children[i + 1],
                (parent->nr_children - i - 1) * sizeof(*parent->children));
        parent->nr_children--;
        break;
    }
    parent->gen = next_gen(st);
    uncount(st, n);
    node_free(n);
}

static unsigned int forget_in(struct xs_store *st, struct xs_node *n, uint16_t domid)
{
    unsigned int changed = 0;
    bool touched = false;
    if (n->perms[0].domid == domid) {
        owner_count(st, domid, -1);
        n->perms[0].domid = 0;
        owner_count(st, 0, 1);
        touched = true;
    }
    for (unsigned int i = 1; i < n->nr_perms;) {
        if (n->perms[i].domid == domid) {
            memmove(&n->perms[i], &n->perms[i + 1], (n->nr_perms - i - 1) * sizeof(*n->perms));
            n->nr_perms--;
            touched = true;
        } else {
            i++;
        }
    }
    if (touched) {
        n->gen = next_gen(st);
        changed++;
    }
    for (unsigned int i = 0; i < n->nr_children; i++)
        changed += forget_in(st, n->children[i], domid);
    return changed;
}

unsigned int store_forget_domain(struct xs_store *st, uint16_t domid)
{
    return forget_in(st, st->root, domid) + forget_in(st, st->introduce, domid) +
           forget_in(st, st->release, domid);
}

void store_path(const struct xs_node *n, char *buf)
{
    if (!n->parent) {
        snprintf(buf, XS_PATH_BUF, "%s", n->name[0] ? n->name : "/");
        return;
    }
    /* Fill from the end, then move to the front. */
    size_t pos = XS_PATH_BUF - 1;
    buf[pos] = '\0';
    for (const struct xs_node *p = n; p->parent; p = p->parent) {
        size_t len = strlen(p->name);
        if (len + 1 > pos)
            break; /* cannot happen: paths are checked on the way in */
        pos -= len;
        memcpy(buf + pos, p->name, len);
        buf[--pos] = '/';
    }
    memmove(buf, buf + pos, XS_PATH_BUF - pos);
}

size_t store_children_bytes(const struct xs_node *n)
{
    size_t bytes = 0;
    for (unsigned int i = 0; i < n->nr_children; i++)
        bytes += strlen(n->children[i]->name) + 1;
    return bytes;
}

unsigned int store_subtree_size(const struct xs_node *n)
{
    unsigned int count = 1;
    for (unsigned int i = 0; i < n->nr_children; i++)
        count += store_subtree_size(n->children[i]);
    return count;
}

struct walk_state {
    char path[XS_PATH_BUF];
    int (*fn)(const struct xs_node *, const char *, void *);
    void *arg;
};

static int walk_from(const struct xs_node *n, size_t len, struct walk_state *w)
{
    int rc = w->fn(n, w->path, w->arg);
    if (rc)
        return rc;
    for (unsigned int i = 0; i < n->nr_children; i++) {
        const char *name = n->children[i]->name;
        size_t nlen = strlen(name);
        size_t base = len == 1 ? 0 : len; /* the root's children: "/" + name */
        if (base + 1 + nlen >= sizeof(w->path))
            continue;
        w->path[base] = '/';
        memcpy(w->path + base + 1, name, nlen + 1);
        rc = walk_from(n->children[i], base + 1 + nlen, w);
        w->path[len] = '\0';
        if (rc)
            return rc;
    }
    return 0;
}

int store_walk(const struct xs_node *n, int (*fn)(const struct xs_node *, const char *, void *),
               void *arg)
{
    struct walk_state *w = xs_malloc(sizeof(*w));
    w->fn = fn;
    w->arg = arg;
    store_path(n, w->path);
    int rc = walk_from(n, strlen(w->path), w);
    free(w);
    return rc;
}
