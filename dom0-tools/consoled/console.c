/* SPDX-License-Identifier: MIT */
/*
 * One domain's console: its ring page (a privcmd foreign mapping of the
 * frame console/ring-ref names), its event channel (bound to the port
 * console/port names), its log file and its pseudo-terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consoled.h"
#include "libdomus.h"
#include "log.h"

static void unlink_console(struct consoled *d, struct console *c)
{
    for (struct console **p = &d->consoles; *p; p = &(*p)->next) {
        if (*p == c) {
            *p = c->next;
            return;
        }
    }
}

/* Lets go of the ring, the event channel and the terminal. */
static void release(struct consoled *d, struct console *c)
{
    if (c->local_port >= 0)
        domus_evtchn_unbind(d->evtchn_fd, (uint32_t)c->local_port);
    c->local_port = -1;
    if (c->page)
        domus_foreign_unmap(c->page, 1);
    c->page = NULL;
    cons_pty_close(&c->pty);
}

/* Stops serving a console that broke the protocol or could not be set up;
 * it stays listed (unserved) until its domain goes. */
static void give_up(struct consoled *d, struct console *c, const char *why)
{
    bool had_tty = c->pty.master >= 0;
    cd_log("dom%u: console dropped: %s", c->domid, why);
    conlog_note(&c->log, "console dropped: %s", why);
    conlog_close(&c->log);
    release(d, c);
    c->broken = true;
    if (had_tty)
        discover_set_tty(d, c->domid, "");
}

struct console *console_attach(struct consoled *d, domid_t domid, uint64_t gfn, uint32_t port,
                               const char *name)
{
    struct console *c = calloc(1, sizeof(*c));
    if (!c) {
        cd_log("dom%u: out of memory", domid);
        return NULL;
    }
    c->domid = domid;
    c->gfn = gfn;
    c->remote_port = port;
    c->local_port = -1;
    c->log.fd = c->pty.master = c->pty.slave = -1;
    c->next = d->consoles;
    d->consoles = c;

    char path[512], why[256];
    snprintf(path, sizeof(path), "%s/console-%u.log", d->log_dir, domid);
    int rc = conlog_open(&c->log, path, d->log_limit);
    if (rc < 0)
        cd_log("dom%u: cannot write %s: %s (its output goes to the terminal only)", domid, path,
               strerror(-rc));
    c->page = domus_foreign_map_range(d->privcmd_fd, domid, (xen_pfn_t)gfn, 1);
    if (!c->page) {
        snprintf(why, sizeof(why), "cannot map its ring page (gfn 0x%llx): %s",
                 (unsigned long long)gfn, strerror(errno));
        give_up(d, c, why);
        return c;
    }
    if (cons_ring_attach(&c->ring, c->page, why, sizeof(why)) < 0) {
        give_up(d, c, why);
        return c;
    }
    rc = domus_evtchn_bind(d->evtchn_fd, domid, port);
    if (rc < 0) {
        snprintf(why, sizeof(why), "cannot bind its event channel (port %u): %s", port,
                 strerror(-rc));
        give_up(d, c, why);
        return c;
    }
    c->local_port = rc;
    rc = cons_pty_open(&c->pty);
    if (rc < 0) {
        snprintf(why, sizeof(why), "cannot open a pseudo-terminal: %s", strerror(-rc));
        give_up(d, c, why);
        return c;
    }
    cd_log("dom%u (%s): console attached: ring gfn 0x%llx, port %u (ours %d), terminal %s, log %s",
           domid, name, (unsigned long long)gfn, port, c->local_port, c->pty.path, path);
    conlog_note(&c->log, "console of domain %u (%s) attached, terminal %s", domid, name,
                c->pty.path);
    discover_set_tty(d, domid, c->pty.path);
    console_serve(d, c);
    return c;
}

void console_detach(struct consoled *d, struct console *c, const char *why)
{
    if (!c->broken) {
        cd_log("dom%u: console detached: %s", c->domid, why);
        conlog_note(&c->log, "console detached: %s", why);
    }
    conlog_close(&c->log);
    release(d, c);
    unlink_console(d, c);
    free(c);
}

bool console_wants_input(struct console *c)
{
    char why[8];
    return !c->broken && c->pty.master >= 0 && cons_ring_space(&c->ring, why, sizeof(why)) > 0;
}

/* At most this many ring-fulls of output per call, so that one domain
 * printing without pause cannot hold up the others (the rest is taken on
 * the next round: its event is still pending). */
#define OUTPUT_ROUNDS 4

void console_serve(struct consoled *d, struct console *c)
{
    if (c->broken)
        return;
    char buf[XENCONS_OUT_SIZE], why[256];
    bool moved = false;
    for (int round = 0; round < OUTPUT_ROUNDS; round++) {
        int n = cons_ring_read(&c->ring, buf, sizeof(buf), why, sizeof(why));
        if (n < 0) {
            give_up(d, c, why);
            return;
        }
        if (n == 0)
            break;
        conlog_write(&c->log, buf, (size_t)n);
        cons_pty_write(&c->pty, buf, (size_t)n);
        moved = true;
    }
    int space = cons_ring_space(&c->ring, why, sizeof(why));
    if (space < 0) {
        give_up(d, c, why);
        return;
    }
    if (space > 0) {
        ssize_t n = cons_pty_read(&c->pty, buf, (size_t)space);
        if (n > 0) {
            if (cons_ring_write(&c->ring, buf, (size_t)n, why, sizeof(why)) < 0) {
                give_up(d, c, why);
                return;
            }
            moved = true;
        }
    }
    if (moved)
        domus_evtchn_notify(d->evtchn_fd, (uint32_t)c->local_port);
}
