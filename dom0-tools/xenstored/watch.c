/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "path.h"
#include "util.h"
#include "watch.h"

int xs_watch_add(struct xs_conn *conn, const char *path, const char *token, bool relative,
                 const struct xs_watch **out)
{
    for (struct xs_watch *w = conn->watches; w; w = w->next) {
        if (!strcmp(w->path, path) && !strcmp(w->token, token))
            return XEN_EEXIST;
    }
    struct xs_watch *w = xs_calloc(1, sizeof(*w));
    w->path = xs_strdup(path);
    w->token = xs_strdup(token);
    w->relative = relative;
    /* At the end: events keep the order in which watches were set. */
    struct xs_watch **p = &conn->watches;
    while (*p)
        p = &(*p)->next;
    *p = w;
    conn->nr_watches++;
    *out = w;
    return 0;
}

static void watch_free(struct xs_watch *w)
{
    free(w->path);
    free(w->token);
    free(w);
}

int xs_watch_remove(struct xs_conn *conn, const char *path, const char *token)
{
    for (struct xs_watch **p = &conn->watches; *p; p = &(*p)->next) {
        struct xs_watch *w = *p;
        if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
            *p = w->next;
            watch_free(w);
            conn->nr_watches--;
            return 0;
        }
    }
    return XEN_ENOENT;
}

void xs_watch_free_all(struct xs_conn *conn)
{
    while (conn->watches) {
        struct xs_watch *w = conn->watches;
        conn->watches = w->next;
        watch_free(w);
    }
    conn->nr_watches = 0;
}

void xs_watch_send(struct xs_conn *conn, const struct xs_watch *w, const char *path)
{
    const char *shown = w->relative ? xs_path_relative_to_home(path, conn->domid) : path;
    size_t plen = strlen(shown) + 1, tlen = strlen(w->token) + 1;
    if (plen + tlen > XENSTORE_PAYLOAD_MAX) {
        xs_log("%s: watch event for %s too long to send", conn->name, shown);
        return;
    }
    char *payload = xs_malloc(plen + tlen);
    memcpy(payload, shown, plen);
    memcpy(payload + plen, w->token, tlen);
    xs_conn_queue(conn, XS_WATCH_EVENT, 0, 0, payload, plen + tlen, false);
    free(payload);
    conn->core->events++;
}

static bool may_see(const struct xs_conn *conn, const struct xs_node *node,
                    const struct xs_perm *old, unsigned int nr_old)
{
    if (conn->privileged)
        return true;
    if (old && xs_perms_access(old, nr_old, conn->domid, conn->target) & XS_ACCESS_READ)
        return true;
    if (!node)
        return false;
    if (xs_perms_access(node->perms, node->nr_perms, conn->domid, conn->target) & XS_ACCESS_READ)
        return true;
    const struct xs_node *parent = node->parent;
    return parent && xs_perms_access(parent->perms, parent->nr_perms, conn->domid, conn->target) &
                         XS_ACCESS_READ;
}

void xs_watch_fire(struct xs_core *core, const char *path, const struct xs_node *node,
                   const struct xs_perm *old, unsigned int nr_old, bool exact)
{
    for (struct xs_conn *conn = core->conns; conn; conn = conn->next) {
        if (conn->error || !conn->watches || !may_see(conn, node, old, nr_old))
            continue;
        for (const struct xs_watch *w = conn->watches; w; w = w->next) {
            if (exact ? !strcmp(path, w->path) : xs_path_is_under(path, w->path))
                xs_watch_send(conn, w, path);
        }
    }
}
