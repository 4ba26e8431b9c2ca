/* SPDX-License-Identifier: MIT */
/* One xenstore request each, on top of xsc_call (xsc.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsc.h"

/* A request whose only payload is the given strings; the reply is
 * dropped. 0 or -errno. */
static int simple(struct xsc *c, uint32_t type, uint32_t tx, const char *const *s, unsigned int n)
{
    struct xsc_msg m;
    int rc = xsc_call(c, type, tx, s, n, NULL, 0, &m);
    if (rc == 0)
        xsc_msg_free(&m);
    return rc;
}

int xsc_read(struct xsc *c, uint32_t tx, const char *path, char **value)
{
    struct xsc_msg m;
    const char *s[] = {path};
    int rc = xsc_call(c, XS_READ, tx, s, 1, NULL, 0, &m);
    if (rc < 0)
        return rc;
    *value = m.body; /* xsc keeps a NUL after the payload */
    return 0;
}

int xsc_write(struct xsc *c, uint32_t tx, const char *path, const char *value)
{
    struct xsc_msg m;
    const char *s[] = {path};
    int rc = xsc_call(c, XS_WRITE, tx, s, 1, value, strlen(value), &m);
    if (rc == 0)
        xsc_msg_free(&m);
    return rc;
}

int xsc_mkdir(struct xsc *c, uint32_t tx, const char *path)
{
    const char *s[] = {path};
    return simple(c, XS_MKDIR, tx, s, 1);
}

int xsc_rm(struct xsc *c, uint32_t tx, const char *path)
{
    const char *s[] = {path};
    return simple(c, XS_RM, tx, s, 1);
}

int xsc_set_perms(struct xsc *c, uint32_t tx, const char *path, const char *const *perms,
                  unsigned int nr)
{
    const char *s[8];
    if (nr + 1 > sizeof(s) / sizeof(s[0]))
        return -E2BIG;
    s[0] = path;
    memcpy(s + 1, perms, nr * sizeof(*perms));
    return simple(c, XS_SET_PERMS, tx, s, nr + 1);
}

int xsc_directory(struct xsc *c, uint32_t tx, const char *path, struct xsc_msg *out)
{
    const char *s[] = {path};
    return xsc_call(c, XS_DIRECTORY, tx, s, 1, NULL, 0, out);
}

int xsc_watch(struct xsc *c, const char *path, const char *token)
{
    const char *s[] = {path, token};
    return simple(c, XS_WATCH, 0, s, 2);
}

int xsc_tx_start(struct xsc *c, uint32_t *tx)
{
    struct xsc_msg m;
    const char *s[] = {""};
    int rc = xsc_call(c, XS_TRANSACTION_START, 0, s, 1, NULL, 0, &m);
    if (rc < 0)
        return rc;
    char *end;
    unsigned long id = strtoul(m.body, &end, 10);
    rc = end == m.body || *end || id == 0 || id > UINT32_MAX ? -EPROTO : 0;
    xsc_msg_free(&m);
    *tx = (uint32_t)id;
    return rc;
}

int xsc_tx_end(struct xsc *c, uint32_t tx, bool commit)
{
    const char *s[] = {commit ? "T" : "F"};
    return simple(c, XS_TRANSACTION_END, tx, s, 1);
}

int xsc_introduce(struct xsc *c, unsigned int domid, unsigned long long gfn, unsigned int port)
{
    char d[16], g[24], p[16];
    snprintf(d, sizeof(d), "%u", domid);
    snprintf(g, sizeof(g), "%llu", gfn);
    snprintf(p, sizeof(p), "%u", port);
    const char *s[] = {d, g, p};
    return simple(c, XS_INTRODUCE, 0, s, 3);
}

int xsc_release(struct xsc *c, unsigned int domid)
{
    char d[16];
    snprintf(d, sizeof(d), "%u", domid);
    const char *s[] = {d};
    return simple(c, XS_RELEASE, 0, s, 1);
}

int xsc_is_introduced(struct xsc *c, unsigned int domid)
{
    char d[16];
    snprintf(d, sizeof(d), "%u", domid);
    const char *s[] = {d};
    struct xsc_msg m;
    int rc = xsc_call(c, XS_IS_DOMAIN_INTRODUCED, 0, s, 1, NULL, 0, &m);
    if (rc < 0)
        return rc;
    rc = !strcmp(m.body, "T") ? 1 : !strcmp(m.body, "F") ? 0 : -EPROTO;
    xsc_msg_free(&m);
    return rc;
}
