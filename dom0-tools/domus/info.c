/* SPDX-License-Identifier: MIT */
/*
 * domus info: the hypervisor (what it tells guests and what it is), the
 * machine, and dom0's own figures.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "libdomus.h"
#include "xen/version.h"

#define MIB_PAGES (1024 * 1024 / XEN_PAGE_SIZE)

static void print_flags(uint32_t flags)
{
    printf("%-17s:", "dom0_flags");
    if (flags & DOMUS_DOMINF_privileged)
        printf(" privileged");
    if (flags & DOMUS_DOMINF_direct_map)
        printf(" direct_map");
    if (flags & DOMUS_DOMINF_dying)
        printf(" dying");
    printf("\n");
}

static int print_hypervisor(int privcmd)
{
    long ver = domus_xen_version(privcmd, XENVER_version, NULL);
    if (ver < 0)
        return cmd_error(1, "info", "xen_version: %s", strerror((int)-ver));
    xen_extraversion_t extra;
    memset(extra, 0, sizeof(extra));
    long rc = domus_xen_version(privcmd, XENVER_extraversion, extra);
    if (rc < 0)
        return cmd_error(1, "info", "xen_version(extraversion): %s", strerror((int)-rc));
    extra[sizeof(extra) - 1] = '\0';
    struct domus_sysctl_physinfo pi;
    rc = domus_physinfo(privcmd, &pi);
    if (rc < 0)
        return cmd_error(1, "info", "sysctl physinfo: %s", strerror((int)-rc));
    pi.version_string[sizeof(pi.version_string) - 1] = '\0';

    printf("%-17s: %ld.%ld%s\n", "xen_version", ver >> 16, ver & 0xffff, extra);
    printf("%-17s: %s\n", "hypervisor", pi.version_string);
    printf("%-17s: %u\n", "nr_cpus", pi.nr_cpus);
    printf("%-17s: %llu Hz\n", "timer_frequency", (unsigned long long)pi.timer_hz);
    printf("%-17s: %llu MiB\n", "total_memory", (unsigned long long)(pi.total_pages / MIB_PAGES));
    printf("%-17s: %llu MiB\n", "free_memory", (unsigned long long)(pi.free_pages / MIB_PAGES));
    return 0;
}

static int print_dom0(int privcmd)
{
    struct domus_sysctl_getdomaininfo gi;
    long rc = domus_getdomaininfo(privcmd, 0, &gi);
    if (rc < 0)
        return cmd_error(1, "info", "sysctl getdomaininfo(0): %s", strerror((int)-rc));
    printf("%-17s: %u online of %u\n", "dom0_vcpus", gi.vcpus_online, gi.nr_vcpus);
    /* KiB: RAM pages dom0 replaced by special pages (its shared_info) do
     * not count, so the figure is rarely a whole number of MiB. */
    printf("%-17s: %llu KiB (max %llu KiB)\n", "dom0_memory", (unsigned long long)gi.tot_pages * 4,
           (unsigned long long)gi.max_pages * 4);
    printf("%-17s: %llu.%03llu s\n", "dom0_cpu_time",
           (unsigned long long)(gi.cpu_time_ns / 1000000000u),
           (unsigned long long)(gi.cpu_time_ns / 1000000u % 1000u));
    printf("%-17s: %llu\n", "dom0_grant_maps", (unsigned long long)gi.shared_pages);
    print_flags(gi.flags);
    return 0;
}

int cmd_info(int argc, char **argv)
{
    if (argc > 1)
        return cmd_error(2, "info", "unexpected argument '%s'", argv[1]);
    int privcmd = cmd_privcmd("info");
    if (privcmd < 0)
        return 1;
    int rc = print_hypervisor(privcmd);
    if (rc == 0)
        rc = print_dom0(privcmd);
    close(privcmd);
    return rc;
}
