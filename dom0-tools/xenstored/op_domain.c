/* SPDX-License-Identifier: MIT */
/*
 * XS_INTRODUCE, XS_RELEASE, XS_IS_DOMAIN_INTRODUCED, XS_GET_DOMAIN_PATH,
 * XS_RESUME, XS_SET_TARGET: the toolstack tells the daemon which domains
 * to serve.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "log.h"
#include "request.h"
#include "util.h"
#include "watch.h"

/*
 * INTRODUCE "domid\0gfn\0port\0" -> OK: map the domain's ring (its grant
 * GNTTAB_RESERVED_XENSTORE, or gfn), bind port, serve it, and fire
 * @introduceDomain. Xen's toolstack may add a fourth string (ignored).
 */
int op_introduce(struct xs_req *r)
{
    const char *v[4];
    int count = xs_req_strings(r, v, 4);
    uint16_t domid;
    int64_t gfn;
    uint64_t port;
    if ((count != 3 && count != 4) || !xs_req_domid(v[0], &domid) || domid == 0 ||
        !xs_parse_int(v[1], INT64_MIN, INT64_MAX, &gfn) ||
        !xs_parse_uint(v[2], UINT32_MAX, &port) || port == 0)
        return XEN_EINVAL;
    if (xs_core_domain(r->core, domid))
        return XEN_EEXIST;
    if (!r->core->dops || !r->core->dops->attach)
        return XEN_ENOSYS;
    const struct xs_transport *tp;
    void *tp_data;
    int err = r->core->dops->attach(r->core->dops_ctx, domid, gfn, (uint32_t)port, &tp, &tp_data);
    if (err) {
        xs_log("introduce dom%u (gfn %" PRId64 ", port %" PRIu64 ") failed: %s", domid, gfn, port,
               xs_error_name(err));
        return err;
    }
    char name[16];
    snprintf(name, sizeof(name), "dom%u", domid);
    struct xs_conn *conn = xs_conn_new(r->core, domid, false, name, tp, tp_data);
    conn->introduced = true;
    xs_log("introduced dom%u (gfn %" PRId64 ", port %" PRIu64 ")", domid, gfn, port);
    xs_watch_fire(r->core, XS_SPECIAL_INTRODUCE, r->core->store->introduce, NULL, 0, false);
    xs_reply_ok(r);
    return 0;
}

/* The introduced domain a "domid\0" payload names (not dom0). */
static int named_domain(const struct xs_req *r, struct xs_conn **out)
{
    const char *arg = xs_req_one(r);
    uint16_t domid;
    if (!arg || !xs_req_domid(arg, &domid) || domid == 0)
        return XEN_EINVAL;
    *out = xs_core_domain(r->core, domid);
    return *out ? 0 : XEN_ENOENT;
}

/* RELEASE "domid\0" -> OK: stop serving it, fire @releaseDomain. */
int op_release(struct xs_req *r)
{
    struct xs_conn *conn;
    int err = named_domain(r, &conn);
    if (err)
        return err;
    xs_core_release_domain(r->core, conn);
    xs_reply_ok(r);
    return 0;
}

/* RESUME "domid\0" -> OK: @releaseDomain may fire again for its shutdown. */
int op_resume(struct xs_req *r)
{
    struct xs_conn *conn;
    int err = named_domain(r, &conn);
    if (err)
        return err;
    conn->shutdown_reported = false;
    xs_reply_ok(r);
    return 0;
}

/* IS_DOMAIN_INTRODUCED "domid\0" -> "T\0" or "F\0". */
int op_is_domain_introduced(struct xs_req *r)
{
    const char *arg = xs_req_one(r);
    uint16_t domid;
    if (!arg || !xs_req_domid(arg, &domid))
        return XEN_EINVAL;
    xs_reply_str(r, domid == 0 || xs_core_domain(r->core, domid) ? "T" : "F");
    return 0;
}

/* GET_DOMAIN_PATH "domid\0" -> "/local/domain/<domid>\0". */
int op_get_domain_path(struct xs_req *r)
{
    const char *arg = xs_req_one(r);
    uint16_t domid;
    if (!arg || !xs_req_domid(arg, &domid))
        return XEN_EINVAL;
    char home[24];
    xs_path_home(domid, home, sizeof(home));
    xs_reply_str(r, home);
    return 0;
}

/*
 * SET_TARGET "domid\0tdomid\0" -> OK: domid (a device model, say) gets
 * tdomid's access everywhere. Both must be introduced.
 */
int op_set_target(struct xs_req *r)
{
    const char *v[2];
    uint16_t domid, tdomid;
    if (xs_req_strings(r, v, 2) != 2 || !xs_req_domid(v[0], &domid) ||
        !xs_req_domid(v[1], &tdomid) || domid == 0)
        return XEN_EINVAL;
    struct xs_conn *conn = xs_core_domain(r->core, domid);
    if (!conn || !xs_core_domain(r->core, tdomid))
        return XEN_ENOENT;
    conn->target = tdomid;
    xs_reply_ok(r);
    return 0;
}
