/* SPDX-License-Identifier: MIT */
/*
 * domus shutdown [-t SECS] ID|NAME: asks the domain to power off, the way
 * xl shutdown does: "poweroff" written to its xenstore control/shutdown,
 * which Linux's xenbus watches (it runs its poweroff and the kernel ends
 * with SCHEDOP_shutdown). We wait for the hypervisor to report the domain
 * shut down, then do what its configuration says for that reason
 * (on_poweroff, on_reboot, on_crash, recorded by domus create): destroy
 * it, or leave it (preserve; restart is not implemented yet and leaves it
 * too, saying so). xl leaves that last part to its per-domain monitor;
 * domus has none, so the command does it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "domain_arg.h"
#include "libdomus.h"
#include "registry.h"
#include "xen/sched.h"
#include "xsc.h"

#define DEFAULT_WAIT_S 60
#define POLL_MS        200

static const char *reason_name(uint32_t reason)
{
    static const char *const names[] = {"poweroff", "reboot", "suspend", "crash", "watchdog"};
    return reason < sizeof(names) / sizeof(names[0]) ? names[reason] : "unknown reason";
}

/* The configured action for the way the domain shut down. */
static void action_for(domid_t dom, uint32_t reason, char *out, size_t size)
{
    const char *key = reason == SHUTDOWN_reboot  ? "on_reboot"
                      : reason == SHUTDOWN_crash ? "on_crash"
                                                 : "on_poweroff";
    if (registry_value(dom, key, out, size) < 0)
        snprintf(out, size, "%s", reason == SHUTDOWN_reboot ? "restart" : "destroy");
}

static int request(domid_t dom)
{
    struct xsc xs;
    int rc = xsc_open(&xs, false, NULL);
    if (rc < 0)
        return cmd_error(1, "shutdown", "cannot reach xenstore (" XSC_DEVICE "): %s",
                         strerror(-rc));
    char path[64];
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", dom);
    rc = xsc_write(&xs, 0, path, "poweroff");
    xsc_close(&xs);
    if (rc < 0)
        return cmd_error(1, "shutdown", "xenstore write %s: %s", path, strerror(-rc));
    return 0;
}

/* Waits until dom is shut down: 0 with its figures in *gi, or the exit
 * status after saying why not. */
static int wait_down(int privcmd, domid_t dom, unsigned int secs,
                     struct domus_sysctl_getdomaininfo *gi)
{
    for (unsigned int waited = 0;; waited += POLL_MS) {
        long rc = domus_getdomaininfo(privcmd, dom, gi);
        if (rc == -ESRCH)
            return cmd_error(1, "shutdown", "domain %u is gone (destroyed meanwhile?)", dom);
        if (rc < 0)
            return cmd_error(1, "shutdown", "sysctl getdomaininfo(%u): %s", dom,
                             strerror((int)-rc));
        if (gi->flags & DOMUS_DOMINF_shutdown)
            return 0;
        if (waited >= secs * 1000U)
            return cmd_error(1, "shutdown",
                             "domain %u did not shut down within %u s (it was asked through "
                             "xenstore control/shutdown; domus destroy forces it)",
                             dom, secs);
        struct timespec t = {0, POLL_MS * 1000000L};
        nanosleep(&t, NULL);
    }
}

int cmd_shutdown(int argc, char **argv)
{
    unsigned int secs = DEFAULT_WAIT_S;
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt(argc, argv, "+t:")) != -1) {
        char *end;
        unsigned long v;
        switch (opt) {
        case 't':
            errno = 0;
            v = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-' || v == 0 || v > 3600)
                return cmd_error(2, "shutdown", "bad -t '%s' (seconds, 1 to 3600)", optarg);
            secs = (unsigned int)v;
            break;
        default:
            return cmd_error(2, "shutdown",
                             "unknown option '%s' (usage: domus shutdown [-t "
                             "SECS] ID|NAME)",
                             argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cmd_error(2, "shutdown", "which domain? (usage: domus shutdown [-t SECS] ID|NAME)");
    if (optind + 1 < argc)
        return cmd_error(2, "shutdown", "unexpected argument '%s'", argv[optind + 1]);
    int privcmd = cmd_privcmd("shutdown");
    if (privcmd < 0)
        return 1;
    domid_t dom;
    struct domus_sysctl_getdomaininfo gi;
    int status = domain_find(privcmd, "shutdown", argv[optind], &dom);
    if (!status && domus_getdomaininfo(privcmd, dom, &gi) == 0 &&
        !(gi.flags & DOMUS_DOMINF_shutdown))
        status = request(dom);
    if (!status)
        status = wait_down(privcmd, dom, secs, &gi);
    if (status) {
        close(privcmd);
        return status;
    }
    char name[128], action[16];
    if (registry_name(dom, name, sizeof(name)) < 0)
        snprintf(name, sizeof(name), "domain %u", dom);
    action_for(dom, gi.shutdown_reason, action, sizeof(action));
    if (!strcmp(action, "destroy")) {
        status = domain_destroy(privcmd, "shutdown", dom);
        if (!status)
            printf("%s (id %u) shut down (%s) and destroyed\n", name, dom,
                   reason_name(gi.shutdown_reason));
    } else {
        printf("%s (id %u) shut down (%s); %s: left as it is%s\n", name, dom,
               reason_name(gi.shutdown_reason), action,
               strcmp(action, "preserve") ? " (restarting is not implemented yet)" : "");
    }
    close(privcmd);
    return status;
}
