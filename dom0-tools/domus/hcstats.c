/* SPDX-License-Identifier: MIT */
/* domus hcstats [DOMID]: how often a domain made each hypercall. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "domain_arg.h"
#include "libdomus.h"

int cmd_hcstats(int argc, char **argv)
{
    if (argc > 2)
        return cmd_error(2, "hcstats", "unexpected argument '%s'", argv[2]);
    long dom = argc == 2 ? domain_parse_id(argv[1]) : 0;
    if (dom < 0)
        return cmd_error(2, "hcstats", "'%s' is not a domain id (0 to %u)", argv[1],
                         DOMID_FIRST_RESERVED - 1);
    int privcmd = cmd_privcmd("hcstats");
    if (privcmd < 0)
        return 1;
    static uint64_t counts[DOMUS_SYSCTL_HCSTATS_MAX];
    uint32_t nr = DOMUS_SYSCTL_HCSTATS_MAX;
    long rc = domus_hypercall_stats(privcmd, (domid_t)dom, counts, &nr, false);
    close(privcmd);
    if (rc == -ESRCH)
        return cmd_error(1, "hcstats", "no domain %ld", dom);
    if (rc < 0)
        return cmd_error(1, "hcstats", "sysctl hypercall_stats: %s", strerror((int)-rc));
    printf("%-4s %-24s %s\n", "nr", "hypercall", "calls");
    for (uint32_t i = 0; i < nr; i++) {
        if (counts[i] == 0)
            continue;
        const char *name = domus_hypercall_name(i);
        printf("%-4u %-24s %llu\n", i, name ? name : "-", (unsigned long long)counts[i]);
    }
    return 0;
}
