/* SPDX-License-Identifier: MIT */
/*
 * domus destroy / pause / unpause ID|NAME: the domctls of the same names
 * on a domain domus created. Domain 0, the control domain we run in, is
 * refused: pausing it would stop this very shell, and it cannot be
 * destroyed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "libdomus.h"
#include "registry.h"

/* How long destroy keeps asking while the domain's pages are still in use
 * elsewhere (-EAGAIN). */
#define DESTROY_TIMEOUT_MS 10000
#define NAME_IDS           64

/* A decimal domain id; -1 if s is not one. */
static long parse_id(const char *s)
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

/* The live domain named by arg (an id, or a name domus recorded). Returns
 * 0, or the exit status after saying why not. */
static int find_domain(int privcmd, const char *cmd, const char *arg, domid_t *out)
{
    struct domus_sysctl_getdomaininfo gi;
    long id = parse_id(arg);
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

/* Opens privcmd and finds the one domain argv[1] names. */
static int start(int argc, char **argv, int *privcmd, domid_t *dom)
{
    const char *cmd = argv[0];
    if (argc < 2)
        return cmd_error(2, cmd, "which domain? (usage: domus %s ID|NAME)", cmd);
    if (argc > 2)
        return cmd_error(2, cmd, "unexpected argument '%s'", argv[2]);
    *privcmd = cmd_privcmd(cmd);
    if (*privcmd < 0)
        return 1;
    int status = find_domain(*privcmd, cmd, argv[1], dom);
    if (status)
        close(*privcmd);
    return status;
}

int cmd_destroy(int argc, char **argv)
{
    int privcmd;
    domid_t dom;
    int status = start(argc, argv, &privcmd, &dom);
    if (status)
        return status;
    long rc = domus_destroydomain_wait(privcmd, dom, DESTROY_TIMEOUT_MS);
    close(privcmd);
    if (rc == -ESRCH)
        rc = 0; /* gone meanwhile: what was asked for */
    if (rc == -EAGAIN)
        return cmd_error(1, "destroy",
                         "domain %u is still being torn down (other domains still map its "
                         "memory); run destroy again later",
                         dom);
    if (rc < 0)
        return cmd_error(1, "destroy", "domctl destroydomain(%u): %s", dom, strerror((int)-rc));
    registry_forget(dom);
    return 0;
}

int cmd_pause(int argc, char **argv)
{
    int privcmd;
    domid_t dom;
    int status = start(argc, argv, &privcmd, &dom);
    if (status)
        return status;
    long rc = domus_pausedomain(privcmd, dom);
    close(privcmd);
    if (rc < 0)
        return cmd_error(1, "pause", "domctl pausedomain(%u): %s", dom, strerror((int)-rc));
    return 0;
}

int cmd_unpause(int argc, char **argv)
{
    int privcmd;
    domid_t dom;
    int status = start(argc, argv, &privcmd, &dom);
    if (status)
        return status;
    long rc = domus_unpausedomain(privcmd, dom);
    close(privcmd);
    if (rc == -EINVAL)
        return cmd_error(1, "unpause", "domain %u is not paused", dom);
    if (rc < 0)
        return cmd_error(1, "unpause", "domctl unpausedomain(%u): %s", dom, strerror((int)-rc));
    return 0;
}
