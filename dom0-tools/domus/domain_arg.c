/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "domain_arg.h"
#include "libdomus.h"
#include "registry.h"

#define NAME_IDS 64

long domain_parse_id(const char *s)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v >= DOMID_FIRST_RESERVED)
        return -1;
    return (long)v;
}

int domain_find(int privcmd, const char *cmd, const char *arg, domid_t *out)
{
    struct domus_sysctl_getdomaininfo gi;
    long id = domain_parse_id(arg);
    if (id == 0 || !strcmp(arg, "Domain-0"))
        return cmd_error(1, cmd, "domain 0 is the control domain: refused");
    if (id > 0) {
        long rc = domus_getdomaininfo(privcmd, (domid_t)id, &gi);
        if (rc == -ESRCH)
            return cmd_error(1, cmd, "no domain %ld", id);
        if (rc < 0)
            return cmd_error(1, cmd, "sysctl getdomaininfo(%ld): %s", id, strerror((int)-rc));
        *out = (domid_t)id;
        return 0;
    }
    domid_t ids[NAME_IDS];
    int n = registry_lookup(arg, ids, NAME_IDS);
    for (int i = 0; i < n; i++) {
        if (domus_getdomaininfo(privcmd, ids[i], &gi) == 0) {
            *out = ids[i];
            return 0;
        }
    }
    return cmd_error(1, cmd, "no domain named '%s'", arg);
}
