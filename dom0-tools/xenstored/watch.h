/* SPDX-License-Identifier: MIT */
/*
 * Watches. A client watches a path with a token of its choosing; a change
 * at that path or anywhere under it (a write, a new or removed node, new
 * permissions) sends it an XS_WATCH_EVENT "changed-path\0token\0". A watch
 * set with a relative path gets relative event paths. Removing a subtree
 * also tells the watches set on each removed node below its top. A watch
 * on "@introduceDomain" / "@releaseDomain" gets the daemon's own events.
 * Changes inside a transaction fire when it commits.
 */
#ifndef XENSTORED_WATCH_H
#define XENSTORED_WATCH_H

#include <stdbool.h>

#include "conn.h"
#include "store.h"

struct xs_watch {
    struct xs_watch *next;
    char *path;  /* canonical, or a special name */
    char *token; /* opaque to us */
    bool relative;
};

/* Adds a watch on canonical path (*out: the watch); EEXIST if conn has
 * the same one. */
int xs_watch_add(struct xs_conn *conn, const char *path, const char *token, bool relative,
                 const struct xs_watch **out);
/* Removes it; ENOENT if there is none. */
int xs_watch_remove(struct xs_conn *conn, const char *path, const char *token);
void xs_watch_free_all(struct xs_conn *conn);

/* Queues one event for w (the path made relative if w was set so). */
void xs_watch_send(struct xs_conn *conn, const struct xs_watch *w, const char *path);

/*
 * Something changed at path. Fires every watch on path or above it, or
 * with exact only those on path itself. An unprivileged watcher must be
 * able to read node (with its permissions now, or old ones if given) or
 * node's parent.
 */
void xs_watch_fire(struct xs_core *core, const char *path, const struct xs_node *node,
                   const struct xs_perm *old, unsigned int nr_old, bool exact);

#endif
