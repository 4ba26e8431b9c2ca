/* SPDX-License-Identifier: MIT */
/* XS_WATCH, XS_UNWATCH, XS_RESET_WATCHES. */
#include "request.h"
#include "watch.h"

/*
 * WATCH "path\0token\0" -> OK, then at once one event for path itself (a
 * client that has just set a watch reads the current state in its event
 * handler). Depth-limited watches (a third string) are not offered.
 */
int op_watch(struct xs_req *r)
{
    const char *v[2];
    char path[XS_PATH_BUF];
    bool relative;
    if (xs_req_strings(r, v, 2) != 2 || xs_req_path(r, v[0], true, path, &relative))
        return XEN_EINVAL;
    if (xs_req_limited(r) && r->conn->nr_watches >= r->core->quota.watches)
        return XEN_ENOSPC;
    const struct xs_watch *w;
    int err = xs_watch_add(r->conn, path, v[1], relative, &w);
    if (err)
        return err;
    xs_reply_ok(r);
    xs_watch_send(r->conn, w, path);
    return 0;
}

/* UNWATCH "path\0token\0" -> OK; ENOENT if no such watch. */
int op_unwatch(struct xs_req *r)
{
    const char *v[2];
    char path[XS_PATH_BUF];
    if (xs_req_strings(r, v, 2) != 2 || xs_req_path(r, v[0], true, path, NULL))
        return XEN_EINVAL;
    int err = xs_watch_remove(r->conn, path, v[1]);
    if (err)
        return err;
    xs_reply_ok(r);
    return 0;
}

/* RESET_WATCHES "\0" -> OK: the client's watches and transactions go. */
int op_reset_watches(struct xs_req *r)
{
    if (!xs_req_empty(r))
        return XEN_EINVAL;
    xs_conn_reset(r->conn);
    xs_reply_ok(r);
    return 0;
}
