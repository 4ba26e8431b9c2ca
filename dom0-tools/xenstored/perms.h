/* SPDX-License-Identifier: MIT */
/*
 * Node permissions, Xen's model: a list of (domid, access) entries, at
 * least one. Entry 0 names the owner, who has full access, and gives the
 * access of every domain that has no entry of its own; entries 1.. give
 * the listed domains theirs. Privileged connections (dom0, the local
 * socket) bypass all of it; that is decided by the caller.
 */
#ifndef XENSTORED_PERMS_H
#define XENSTORED_PERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XS_ACCESS_NONE  0U
#define XS_ACCESS_READ  1U
#define XS_ACCESS_WRITE 2U
#define XS_ACCESS_BOTH  (XS_ACCESS_READ | XS_ACCESS_WRITE)
#define XS_ACCESS_OWNER 4U /* may change the permissions */

/* Longest perm string: a letter, five digits, NUL. */
#define XS_PERM_STR_MAX 7

struct xs_perm {
    uint16_t domid;
    uint8_t access; /* XS_ACCESS_NONE, _READ, _WRITE or _BOTH */
};

/*
 * Parses one perm string ("r5", "b0", "n12", "w3"): a letter and a domid
 * below DOMID_FIRST_RESERVED. True on success.
 */
bool xs_perm_parse(const char *s, struct xs_perm *out);

/* Writes p as a string into buf (XS_PERM_STR_MAX bytes); returns its length. */
size_t xs_perm_format(const struct xs_perm *p, char *buf);

/*
 * What an unprivileged domain may do with a node of these permissions.
 * target: the domain it acts for (XS_SET_TARGET), or -1.
 */
unsigned int xs_perms_access(const struct xs_perm *perms, unsigned int n, uint16_t domid,
                             int target);

#endif
