/* SPDX-License-Identifier: MIT */
/*
 * domus list: the domains, in xl list's columns (Name, ID, Mem in MiB,
 * VCPUs online, State, Time(s) of CPU). Domains 0 .. LIST_MAX_ID - 1 are
 * asked for with sysctl getdomaininfo; names come from the run directory
 * (registry.h). The State column has the six letters of xl (running,
 * blocked, paused, shutdown, crashed, dying) but getdomaininfo only tells
 * "dying", so the others show as '-'.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "libdomus.h"
#include "registry.h"

#define LIST_MAX_ID  64
#define KIB_PER_PAGE (XEN_PAGE_SIZE / 1024)

static void print_row(domid_t dom, const struct domus_sysctl_getdomaininfo *gi)
{
    char name[128];
    if (dom == 0)
        snprintf(name, sizeof(name), "Domain-0");
    else if (registry_name(dom, name, sizeof(name)) < 0)
        snprintf(name, sizeof(name), "(unnamed)");
    unsigned long long mib = gi->tot_pages * KIB_PER_PAGE / 1024;
    bool dying = gi->flags & DOMUS_DOMINF_dying;
    printf("%-40s %5u %5llu %5u     -----%c  %8.1f\n", name, dom, mib, gi->vcpus_online,
           dying ? 'd' : '-', (double)gi->cpu_time_ns / 1e9);
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
