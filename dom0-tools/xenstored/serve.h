/* SPDX-License-Identifier: MIT */
/* The daemon's state and its poll loop (serve.c); main.c sets it up. */
#ifndef XENSTORED_SERVE_H
#define XENSTORED_SERVE_H

#include <signal.h>
#include <time.h>

#include "core.h"
#include "domain_map.h"

/* Introduced domains are checked this often even without VIRQ_DOM_EXC. */
#define XS_DOMAIN_CHECK_MS 2000

struct xs_daemon {
    struct xs_core core;
    struct xs_domain_map map;
    int evtchn_fd, listen_fd, privcmd_fd;
    int dom_exc_port; /* VIRQ_DOM_EXC's port, -1 if it could not be bound */
    struct timespec last_check;
};

/* Serves until *stopping is set (a signal): 0, or 1 if polling failed. */
int xs_serve(struct xs_daemon *d, volatile sig_atomic_t *stopping);

#endif
