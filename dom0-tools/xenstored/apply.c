/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "path.h"
#include "util.h"
#include "watch.h"

void xs_apply_write(struct xs_core *core, struct xs_store *st, const char *path, const void *value,
                    uint32_t len, int owner, bool fire)
{
    struct xs_node *n = store_lookup(st, path);
    if (!n)
        n = store_create(st, path, owner);
    store_set_value(st, n, value, len);
    if (fire)
        xs_watch_fire(core, path, n, NULL, 0, false);
}

void xs_apply_mkdir(struct xs_core *core, struct xs_store *st, const char *path, int owner,
                    bool fire)
{
    if (store_lookup(st, path))
        return;
    struct xs_node *n = store_create(st, path, owner);
    if (fire)
        xs_watch_fire(core, path, n, NULL, 0, false);
}

/* Watches set on a node below the removed top hear of it too. */
static int fire_removed(const struct xs_node *n, const char *path, void *arg)
{
    struct xs_core *core = arg;
    xs_watch_fire(core, path, n, NULL, 0, true);
    return 0;
}

void xs_apply_rm(struct xs_core *core, struct xs_store *st, const char *path, bool fire)
{
    struct xs_node *n = store_lookup(st, path);
    if (!n || !n->parent)
        return;
    if (fire) {
        for (unsigned int i = 0; i < n->nr_children; i++)
            store_walk(n->children[i], fire_removed, core);
        xs_watch_fire(core, path, n, NULL, 0, false);
    }
    store_remove(st, n);
}

void xs_apply_perms(struct xs_core *core, struct xs_store *st, const char *path,
                    const struct xs_perm *perms, unsigned int nr, bool fire)
{
    struct xs_node *n = store_lookup(st, path);
    if (!n)
        return;
    struct xs_perm *old = xs_memdup(n->perms, n->nr_perms * sizeof(*old));
    unsigned int nr_old = n->nr_perms;
    store_set_perms(st, n, perms, nr);
    if (fire)
        xs_watch_fire(core, path, n, old, nr_old, false);
    free(old);
}
