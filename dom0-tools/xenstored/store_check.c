/* SPDX-License-Identifier: MIT */
/* The store's invariants, checked by tests, the fuzzer and CONTROL check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "util.h"

struct check_state {
    struct xs_owner_count *counts;
    unsigned int nr;
    char *why;
    size_t size;
};

static int check_node(const struct xs_node *n, const char *path, void *arg)
{
    struct check_state *c = arg;
    if (!n->nr_perms) {
        snprintf(c->why, c->size, "%s has no permissions", path);
        return -1;
    }
    for (unsigned int i = 0; i < n->nr_children; i++) {
        const struct xs_node *child = n->children[i];
        if (child->parent != n) {
            snprintf(c->why, c->size, "%s: child %s has the wrong parent", path, child->name);
            return -1;
        }
        if (!child->name[0] || strchr(child->name, '/')) {
            snprintf(c->why, c->size, "%s: child with a bad name '%s'", path, child->name);
            return -1;
        }
        for (unsigned int j = 0; j < i; j++) {
            if (!strcmp(n->children[j]->name, child->name)) {
                snprintf(c->why, c->size, "%s: two children called %s", path, child->name);
                return -1;
            }
        }
    }
    unsigned int k = 0;
    while (k < c->nr && c->counts[k].domid != n->perms[0].domid)
        k++;
    if (k == c->nr) {
        c->counts = xs_realloc(c->counts, (c->nr + 1) * sizeof(*c->counts));
        c->counts[c->nr++] = (struct xs_owner_count){.domid = n->perms[0].domid, .nodes = 0};
    }
    c->counts[k].nodes++;
    return 0;
}

int store_check(const struct xs_store *st, char *why, size_t size)
{
    struct check_state c = {.why = why, .size = size};
    int rc = store_walk(st->root, check_node, &c);
    if (!rc)
        rc = check_node(st->introduce, st->introduce->name, &c);
    if (!rc)
        rc = check_node(st->release, st->release->name, &c);
    if (!rc && (st->root->parent || st->introduce->parent || st->release->parent)) {
        snprintf(why, size, "a top node has a parent");
        rc = -1;
    }
    for (unsigned int i = 0; !rc && i < c.nr; i++) {
        if (store_owned(st, c.counts[i].domid) != c.counts[i].nodes) {
            snprintf(why, size, "dom%u owns %u nodes, counted %u", c.counts[i].domid,
                     c.counts[i].nodes, store_owned(st, c.counts[i].domid));
            rc = -1;
        }
    }
    for (unsigned int i = 0; !rc && i < st->nr_owners; i++) {
        unsigned int k = 0;
        while (k < c.nr && c.counts[k].domid != st->owners[i].domid)
            k++;
        if (k == c.nr && st->owners[i].nodes) {
            snprintf(why, size, "dom%u counted %u nodes but owns none", st->owners[i].domid,
                     st->owners[i].nodes);
            rc = -1;
        }
    }
    free(c.counts);
    return rc;
}
