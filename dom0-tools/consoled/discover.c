/* SPDX-License-Identifier: MIT */
/*
 * Which domains have a console to serve, learnt the way Xen's xenconsoled
 * learns it: watches on @introduceDomain and @releaseDomain (xenstored
 * fires them when the toolstack introduces or releases a domain and when
 * a domain dies), and on each event a scan of /local/domain. A domain is
 * served while all three hold: the hypervisor has it (not dying),
 * xenstored serves it (IS_DOMAIN_INTRODUCED), and its home has
 * console/ring-ref and console/port. A console already served whose
 * console/tty no longer names its terminal belongs to a domain that died
 * and whose id a new domain got meanwhile: it is replaced. Served domains
 * are also checked against the hypervisor every CONSOLED_CHECK_MS: the
 * console daemon cannot bind VIRQ_DOM_EXC, which xenstored holds (one
 * binding per VIRQ in a domain).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consoled.h"
#include "libdomus.h"
#include "log.h"

int discover_start(struct consoled *d)
{
    int rc = xsc_open(&d->xs, false, NULL);
    if (rc < 0)
        return rc;
    if ((rc = xsc_watch(&d->xs, XS_SPECIAL_INTRODUCE, CONSOLED_TOKEN_INTRO)) < 0 ||
        (rc = xsc_watch(&d->xs, XS_SPECIAL_RELEASE, CONSOLED_TOKEN_REL)) < 0)
        xsc_close(&d->xs);
    return rc;
}

/* False only if the hypervisor says the domain is gone or dying (under a
 * hypervisor without Domus's sysctl nothing is ever gone). */
static bool alive(struct consoled *d, domid_t domid)
{
    struct domus_sysctl_getdomaininfo gi;
    long rc = domus_getdomaininfo(d->privcmd_fd, domid, &gi);
    return rc != -ESRCH && !(rc == 0 && (gi.flags & DOMUS_DOMINF_dying));
}

static struct console *find(struct consoled *d, domid_t domid)
{
    for (struct console *c = d->consoles; c; c = c->next) {
        if (c->domid == domid)
            return c;
    }
    return NULL;
}

/* A plain decimal number of at most max; false if s is not one. */
static bool number(const char *s, uint64_t max, uint64_t *out)
{
    if (*s < '0' || *s > '9' || (s[0] == '0' && s[1]))
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (max - (uint64_t)(*s - '0')) / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return true;
}

/* console/<key> of domid as a number; false if missing or not one. */
static bool read_number(struct consoled *d, domid_t domid, const char *key, uint64_t max,
                        uint64_t *out)
{
    char path[64], *v;
    snprintf(path, sizeof(path), "/local/domain/%u/console/%s", domid, key);
    if (xsc_read(&d->xs, 0, path, &v) < 0)
        return false;
    bool ok = number(v, max, out);
    if (!ok)
        cd_log("dom%u: %s is not a number: '%.32s'", domid, path, v);
    free(v);
    return ok;
}

/* Whether console/tty still names c's terminal. */
static bool same_tty(struct consoled *d, const struct console *c)
{
    char path[64], *v;
    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", c->domid);
    if (xsc_read(&d->xs, 0, path, &v) < 0)
        return false;
    bool same = !strcmp(v, c->pty.path);
    free(v);
    return same;
}

/* Serves domid's console if it is to be served; marks it seen if so. */
static void consider(struct consoled *d, domid_t domid)
{
    if (!alive(d, domid) || xsc_is_introduced(&d->xs, domid) != 1)
        return;
    struct console *c = find(d, domid);
    if (c && !c->broken && !same_tty(d, c)) {
        /* The id was given to a new domain before we heard that the old
         * one died: its nodes are fresh (console/tty is not our terminal). */
        console_detach(d, c, "a new domain has its id");
        c = NULL;
    }
    if (c) {
        c->seen = true;
        return;
    }
    uint64_t gfn, port;
    if (!read_number(d, domid, "ring-ref", UINT64_MAX, &gfn) ||
        !read_number(d, domid, "port", UINT32_MAX, &port) || gfn == 0 || port == 0)
        return;
    char path[64], *name = NULL;
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    if (xsc_read(&d->xs, 0, path, &name) < 0)
        name = NULL;
    c = console_attach(d, domid, gfn, (uint32_t)port, name ? name : "unnamed");
    free(name);
    if (c)
        c->seen = true;
}

void discover_scan(struct consoled *d)
{
    for (struct console *c = d->consoles; c; c = c->next)
        c->seen = false;
    struct xsc_msg m;
    int rc = xsc_directory(&d->xs, 0, "/local/domain", &m);
    if (rc < 0 && rc != -ENOENT) {
        cd_log("cannot list /local/domain: %s; keeping the consoles as they are",
               xsc_error_name(rc));
        return;
    }
    for (size_t off = 0; rc == 0 && off < m.hdr.len; off += strlen(m.body + off) + 1) {
        uint64_t id;
        if (number(m.body + off, DOMID_FIRST_RESERVED - 1, &id) && id != 0)
            consider(d, (domid_t)id);
    }
    if (rc == 0)
        xsc_msg_free(&m);
    struct console *c = d->consoles;
    while (c) {
        struct console *next = c->next;
        if (!c->seen)
            console_detach(d, c, "the domain is gone, or no longer introduced to xenstore");
        c = next;
    }
}

void discover_events(struct consoled *d)
{
    bool any = false;
    struct xsc_msg m;
    int rc;
    while ((rc = xsc_event(&d->xs, &m, 0)) == 0) {
        any = true;
        xsc_msg_free(&m);
    }
    if (rc != -ETIMEDOUT && !d->xs_failed) {
        cd_log("reading xenstore watch events: %s; no new domains will be found",
               xsc_error_name(rc));
        d->xs_failed = true; /* and its descriptor is no longer polled */
    }
    if (any)
        discover_scan(d);
}

void discover_check_alive(struct consoled *d)
{
    struct console *c = d->consoles;
    while (c) {
        struct console *next = c->next;
        if (!alive(d, c->domid))
            console_detach(d, c, "the domain is gone");
        c = next;
    }
}

void discover_set_tty(struct consoled *d, domid_t domid, const char *tty)
{
    char ring[64], path[64];
    snprintf(ring, sizeof(ring), "/local/domain/%u/console/ring-ref", domid);
    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
    /* In a transaction that also reads ring-ref: if the toolstack removes
     * the domain's nodes meanwhile, the commit fails rather than create
     * console/tty again. */
    for (int attempt = 0; attempt < 5; attempt++) {
        uint32_t tx;
        if (xsc_tx_start(&d->xs, &tx) < 0)
            return;
        char *v;
        int rc = xsc_read(&d->xs, tx, ring, &v);
        if (rc == 0) {
            free(v);
            rc = xsc_write(&d->xs, tx, path, tty);
        }
        int end = xsc_tx_end(&d->xs, tx, rc == 0);
        if (rc < 0 || end != -EAGAIN)
            return;
    }
}
