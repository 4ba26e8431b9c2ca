/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "perms.h"
#include "util.h"
#include "xen/xen.h"

bool xs_perm_parse(const char *s, struct xs_perm *out)
{
    uint8_t access;
    switch (s[0]) {
    case 'n': access = XS_ACCESS_NONE; break;
    case 'r': access = XS_ACCESS_READ; break;
    case 'w': access = XS_ACCESS_WRITE; break;
    case 'b': access = XS_ACCESS_BOTH; break;
    default: return false;
    }
    uint64_t domid;
    if (!xs_parse_uint(s + 1, DOMID_FIRST_RESERVED - 1, &domid))
        return false;
    out->domid = (uint16_t)domid;
    out->access = access;
    return true;
}

size_t xs_perm_format(const struct xs_perm *p, char *buf)
{
    static const char letters[] = {'n', 'r', 'w', 'b'};
    int n = snprintf(buf, XS_PERM_STR_MAX, "%c%u", letters[p->access & XS_ACCESS_BOTH],
                     (unsigned int)p->domid);
    return n > 0 ? (size_t)n : 0;
}

static bool is(uint16_t entry, uint16_t domid, int target)
{
    return entry == domid || (target >= 0 && entry == (uint16_t)target);
}

unsigned int xs_perms_access(const struct xs_perm *perms, unsigned int n, uint16_t domid,
                             int target)
{
    if (is(perms[0].domid, domid, target))
        return XS_ACCESS_BOTH | XS_ACCESS_OWNER;
    for (unsigned int i = 1; i < n; i++) {
        if (is(perms[i].domid, domid, target))
            return perms[i].access;
    }
    return perms[0].access;
}
