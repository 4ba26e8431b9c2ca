/* SPDX-License-Identifier: MIT */
/*
 * domus list: the domains, in xl list's columns (Name, ID, Mem in MiB,
 * VCPUs online, State, Time(s) of CPU). Domains 0 .. LIST_MAX_ID - 1 are
 * asked for with sysctl getdomaininfo; names come from the run directory
 * (registry.h). State is xl's six letters: r running (a vCPU is on a pCPU
 * now), b blocked (all wait for an event), p paused, s shut down, then
 * why (r reboot, s suspend, c crash, w watchdog; '-' for poweroff), d
 * dying.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "libdomus.h"
#include "registry.h"
#include "xen/sched.h"

#define LIST_MAX_ID  64
#define KIB_PER_PAGE (XEN_PAGE_SIZE / 1024)

static void state(const struct domus_sysctl_getdomaininfo *gi, char out[7])
{
    /* The letter of each SHUTDOWN_* reason, as xl shows them. */
    static const char reasons[] = "-rscw";
    uint32_t f = gi->flags;
    out[0] = f & DOMUS_DOMINF_running ? 'r' : '-';
    out[1] = f & DOMUS_DOMINF_blocked ? 'b' : '-';
    out[2] = f & DOMUS_DOMINF_paused ? 'p' : '-';
    out[3] = f & DOMUS_DOMINF_shutdown ? 's' : '-';
    out[4] = !(f & DOMUS_DOMINF_shutdown)                ? '-'
             : gi->shutdown_reason < sizeof(reasons) - 1 ? reasons[gi->shutdown_reason]
                                                         : '?';
    out[5] = f & DOMUS_DOMINF_dying ? 'd' : '-';
    out[6] = '\0';
}

static void print_row(domid_t dom, const struct domus_sysctl_getdomaininfo *gi)
{
    char name[128];
    if (dom == 0)
        snprintf(name, sizeof(name), "Domain-0");
    else if (registry_name(dom, name, sizeof(name)) < 0)
        snprintf(name, sizeof(name), "(unnamed)");
    unsigned long long mib = gi->tot_pages * KIB_PER_PAGE / 1024;
    char st[7];
    state(gi, st);
    printf("%-40s %5u %5llu %5u     %s  %8.1f\n", name, dom, mib, gi->vcpus_online, st,
           (double)gi->cpu_time_ns / 1e9);
}

int cmd_list(int argc, char **argv)
{
    if (argc > 1)
        return cmd_error(2, "list", "unexpected argument '%s'", argv[1]);
    int privcmd = cmd_privcmd("list");
    if (privcmd < 0)
        return 1;
    printf("Name                                        ID   Mem VCPUs\tState\tTime(s)\n");
    int status = 0;
    for (unsigned int id = 0; id < LIST_MAX_ID; id++) {
        struct domus_sysctl_getdomaininfo gi;
        long rc = domus_getdomaininfo(privcmd, (domid_t)id, &gi);
        if (rc == -ESRCH)
            continue;
        if (rc < 0) {
            status = cmd_error(1, "list", "sysctl getdomaininfo(%u): %s", id, strerror((int)-rc));
            break;
        }
        print_row((domid_t)id, &gi);
    }
    close(privcmd);
    return status;
}
