/* SPDX-License-Identifier: MIT */
/* XS_GET_PERMS, XS_SET_PERMS. */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "request.h"
#include "transaction.h"
#include "util.h"

/* GET_PERMS "path\0" -> "perm\0"... (special names allowed). */
int op_get_perms(struct xs_req *r)
{
    const char *arg = xs_req_one(r);
    char path[XS_PATH_BUF];
    int err;
    if (!arg || xs_req_path(r, arg, true, path, NULL))
        return XEN_EINVAL;
    const struct xs_node *n = xs_tx_node(r, path, XS_ACCESS_READ, &err);
    if (!n)
        return err;
    char *buf = xs_malloc((size_t)n->nr_perms * XS_PERM_STR_MAX);
    size_t len = 0;
    for (unsigned int i = 0; i < n->nr_perms; i++)
        len += xs_perm_format(&n->perms[i], buf + len) + 1;
    xs_reply(r, buf, len);
    free(buf);
    return 0;
}

/*
 * SET_PERMS "path\0perm\0perm\0..." -> OK. Needs write access and
 * ownership; only a privileged client may give the node a new owner.
 */
int op_set_perms(struct xs_req *r)
{
    int count = xs_req_strings(r, NULL, 0);
    if (count < 2)
        return XEN_EINVAL;
    unsigned int nr = (unsigned int)count - 1;
    if (xs_req_limited(r) && nr > r->core->quota.perms)
        return XEN_ENOSPC;
    char path[XS_PATH_BUF];
    if (xs_req_path(r, r->data, true, path, NULL))
        return XEN_EINVAL;
    struct xs_perm *perms = xs_malloc(nr * sizeof(*perms));
    const char *s = r->data + strlen(r->data) + 1;
    int err = 0;
    for (unsigned int i = 0; i < nr && !err; i++, s += strlen(s) + 1) {
        if (!xs_perm_parse(s, &perms[i]))
            err = XEN_EINVAL;
    }
    struct xs_node *n = err ? NULL : xs_tx_node(r, path, XS_ACCESS_WRITE | XS_ACCESS_OWNER, &err);
    if (n && !r->conn->privileged && perms[0].domid != n->perms[0].domid)
        err = XEN_EACCES;
    if (!err) {
        xs_apply_perms(r->core, xs_req_store(r), path, perms, nr, !r->tx);
        if (r->tx)
            xs_tx_record(r->tx, XS_SET_PERMS, path, NULL, 0, perms, nr);
        xs_reply_ok(r);
    }
    free(perms);
    return err;
}
