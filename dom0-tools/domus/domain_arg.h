/* SPDX-License-Identifier: MIT */
/* The domain a command's argument names: an id, or a name domus recorded. */
#ifndef DOMUS_DOMAIN_ARG_H
#define DOMUS_DOMAIN_ARG_H

#include "xen/xen.h"

/* A decimal domain id (0 .. DOMID_FIRST_RESERVED - 1); -1 if s is not one. */
long domain_parse_id(const char *s);

/*
 * The live domain arg names (domain 0, the control domain, is refused).
 * Returns 0 with its id in *out, or the exit status after saying why not
 * ("domus <cmd>: ...").
 */
int domain_find(int privcmd, const char *cmd, const char *arg, domid_t *out);

#endif
