/* SPDX-License-Identifier: MIT */
/*
 * Reaching another domain's ring for XS_INTRODUCE, as Xen's xenstored
 * does: map the page the domain builder granted us (its grant
 * GNTTAB_RESERVED_XENSTORE) through gntdev, or failing that the domain's
 * frame gfn itself through privcmd; then bind the domain's unbound port.
 * Nothing here can be tried end to end until Domus creates domains.
 */
#ifndef XENSTORED_DOMAIN_MAP_H
#define XENSTORED_DOMAIN_MAP_H

#include "core.h"

struct xs_domain_map {
    int evtchn_fd;
    int gntdev_fd;  /* opened on first use; -1 until then */
    int privcmd_fd; /* likewise */
};

extern const struct xs_domain_ops xs_domain_map_ops;

/* The context for xs_domain_map_ops. */
void xs_domain_map_init(struct xs_domain_map *m, int evtchn_fd);

#endif
