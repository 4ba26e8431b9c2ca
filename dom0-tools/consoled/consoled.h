/* SPDX-License-Identifier: MIT */
/*
 * domus-consoled: the console daemon of Domus's dom0. For every domU that
 * xenstored serves and whose xenstore home has console/ring-ref and
 * console/port (written by `domus create`), it maps the console ring page,
 * binds the console event channel, and copies the domain's output into a
 * log file and a pseudo-terminal, and what is typed on the terminal back
 * into the ring. docs/toolstack.md has the design.
 */
#ifndef CONSOLED_H
#define CONSOLED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "conlog.h"
#include "pty.h"
#include "ring.h"
#include "xen/xen.h"
#include "xsc.h"

#define CONSOLED_LOG_DIR     "/var/log/domus"
#define CONSOLED_LOG_LIMIT   (1U << 20) /* bytes per console log before it restarts */
#define CONSOLED_CHECK_MS    1000       /* served domains are checked this often */
#define CONSOLED_TOKEN_INTRO "introduce"
#define CONSOLED_TOKEN_REL   "release"

/* One domain's console. */
struct console {
    struct console *next;
    domid_t domid;
    uint64_t gfn;         /* console/ring-ref */
    uint32_t remote_port; /* console/port: the domain's end */
    int local_port;       /* ours, bound to it; -1 if not bound */
    void *page;           /* the ring page, foreign mapped; NULL if not */
    struct cons_ring ring;
    struct conlog log;
    struct cons_pty pty;
    /* Dropped after bad input: kept (unserved) so that it is not picked
     * up again while the same domain lives. */
    bool broken;
    bool seen; /* found by the current scan */
};

struct consoled {
    struct xsc xs;
    int evtchn_fd, privcmd_fd;
    const char *log_dir;
    size_t log_limit;
    struct console *consoles;
    struct timespec last_check;
    bool xs_failed; /* the xenstore connection broke: not polled any more */
};

/* ---- one console (console.c) */

/* Maps, binds and opens everything for domain domid's console. NULL (and
 * a log line) if it cannot be served. */
struct console *console_attach(struct consoled *d, domid_t domid, uint64_t gfn, uint32_t port,
                               const char *name);
/* Stops serving it and frees it (why: for the logs). */
void console_detach(struct consoled *d, struct console *c, const char *why);
/* Moves what is waiting both ways; the console may become broken. */
void console_serve(struct consoled *d, struct console *c);
/* Whether its terminal should be polled for input (the ring has room). */
bool console_wants_input(struct console *c);

/* ---- which domains to serve (discover.c) */

/* Connects to xenstore and sets the two watches. 0 or -errno. */
int discover_start(struct consoled *d);
/* Attaches the consoles of domains newly introduced, detaches those of
 * domains gone or released. */
void discover_scan(struct consoled *d);
/* Takes the watch events waiting; scans if there were any. */
void discover_events(struct consoled *d);
/* Detaches the consoles of domains the hypervisor no longer has. */
void discover_check_alive(struct consoled *d);
/* Writes console/tty (the terminal's path, "" for none) if the domain's
 * console nodes are still there (never creating them again). */
void discover_set_tty(struct consoled *d, domid_t domid, const char *tty);

/* ---- the poll loop (serve.c) */

int consoled_serve(struct consoled *d, volatile int *stopping);

#endif
