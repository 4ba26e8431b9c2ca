/* SPDX-License-Identifier: MIT */
/*
 * domus destroy / pause / unpause ID|NAME: the domctls of the same names
 * on a domain domus created. Domain 0, the control domain we run in, is
 * refused: pausing it would stop this very shell, and it cannot be
 * destroyed. Destroy also takes the domain out of xenstore and forgets
 * its name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "domain_arg.h"
#include "libdomus.h"
#include "registry.h"
#include "xsc.h"

/* How long destroy keeps asking while the domain's pages are still in use
 * elsewhere (-EAGAIN). */
#define DESTROY_TIMEOUT_MS 10000

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
    int status = domain_find(*privcmd, cmd, argv[1], dom);
    if (status)
        close(*privcmd);
    return status;
}

/* After the domain is gone: XS_RELEASE (xenstored may have seen it die
 * already) and its xenstore home removed, which also tells the console
 * daemon (@releaseDomain). */
static int forget_xenstore(const char *cmd, domid_t dom)
{
    struct xsc xs;
    int rc = xsc_open(&xs, false, NULL);
    if (rc == 0) {
        rc = domus_xs_forget(&xs, dom);
        xsc_close(&xs);
    }
    if (rc < 0)
        return cmd_error(1, cmd,
                         "domain %u is destroyed, but its xenstore entries could not be removed: "
                         "%s",
                         dom, strerror(-rc));
    return 0;
}

int domain_destroy(int privcmd, const char *cmd, domid_t dom)
{
    long rc = domus_destroydomain_wait(privcmd, dom, DESTROY_TIMEOUT_MS);
    if (rc == -ESRCH)
        rc = 0; /* gone meanwhile: what was asked for */
    if (rc == -EAGAIN)
        return cmd_error(1, cmd,
                         "domain %u is still being torn down (other domains still map its "
                         "memory); run destroy again later",
                         dom);
    if (rc < 0)
        return cmd_error(1, cmd, "domctl destroydomain(%u): %s", dom, strerror((int)-rc));
    registry_forget(dom);
    return forget_xenstore(cmd, dom);
}

int cmd_destroy(int argc, char **argv)
{
    int privcmd = -1;
    domid_t dom;
    int status = start(argc, argv, &privcmd, &dom);
    if (status)
        return status;
    status = domain_destroy(privcmd, "destroy", dom);
    close(privcmd);
    return status;
}

int cmd_pause(int argc, char **argv)
{
    int privcmd = -1;
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
    int privcmd = -1;
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
