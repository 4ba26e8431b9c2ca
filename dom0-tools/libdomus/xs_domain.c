/* SPDX-License-Identifier: MIT */
/*
 * A domain's life in xenstore, for the toolstack: its nodes written in one
 * transaction, XS_INTRODUCE, and the reverse (XS_RELEASE, its home
 * removed). Declared in libdomus.h.
 */
#include <errno.h>
#include <stdio.h>

#include "domus_build.h"
#include "libdomus.h"
#include "xsc.h"

/* Conflicting transactions are tried again this many times. */
#define XS_TX_ATTEMPTS 5

static int write_all(struct xsc *xs, uint32_t tx, domid_t dom, const struct domus_xs_node *nodes,
                     unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        char perms[2][8];
        const char *list[2] = {perms[0], perms[1]};
        unsigned int nr = domus_xs_perms(&nodes[i], dom, perms);
        int rc = xsc_write(xs, tx, nodes[i].path, nodes[i].value);
        if (rc == 0)
            rc = xsc_set_perms(xs, tx, nodes[i].path, list, nr);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int domus_xs_write_nodes(struct xsc *xs, domid_t dom, const struct domus_xs_node *nodes,
                         unsigned int n)
{
    int rc = -EAGAIN;
    for (int attempt = 0; attempt < XS_TX_ATTEMPTS && rc == -EAGAIN; attempt++) {
        uint32_t tx;
        rc = xsc_tx_start(xs, &tx);
        if (rc < 0)
            return rc;
        rc = write_all(xs, tx, dom, nodes, n);
        int end = xsc_tx_end(xs, tx, rc == 0);
        if (rc == 0)
            rc = end;
    }
    return rc;
}

int domus_xs_introduce(struct xsc *xs, domid_t dom, xen_pfn_t gfn, evtchn_port_t port)
{
    return xsc_introduce(xs, dom, (unsigned long long)gfn, port);
}

int domus_xs_forget(struct xsc *xs, domid_t dom)
{
    char home[32];
    snprintf(home, sizeof(home), "/local/domain/%u", dom);
    /* Either may be gone already: xenstored releases a dead domain by
     * itself, and a half-built one may have no nodes yet. */
    int rc = xsc_release(xs, dom);
    int rm = xsc_rm(xs, 0, home);
    if (rc == -ENOENT)
        rc = 0;
    if (rm == -ENOENT)
        rm = 0;
    return rc < 0 ? rc : rm;
}
