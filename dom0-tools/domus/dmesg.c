/* SPDX-License-Identifier: MIT */
/*
 * domus dmesg: the hypervisor's log ring, oldest byte kept first. Positions
 * in the ring count bytes since boot; if the oldest ones were overwritten
 * we say how many are missing.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "libdomus.h"

#define CHUNK 4096

int cmd_dmesg(int argc, char **argv)
{
    if (argc > 1)
        return cmd_error(2, "dmesg", "unexpected argument '%s'", argv[1]);
    int privcmd = cmd_privcmd("dmesg");
    if (privcmd < 0)
        return 1;
    static char buf[CHUNK];
    uint64_t offset = 0;
    int status = 0;
    for (;;) {
        struct domus_sysctl_readconsole rc;
        long n = domus_readconsole(privcmd, offset, buf, sizeof(buf), &rc);
        if (n < 0) {
            status = cmd_error(1, "dmesg", "sysctl readconsole: %s", strerror((int)-n));
            break;
        }
        if (n == 0)
            break;
        if (rc.first_offset > offset) {
            fflush(stdout);
            fprintf(stderr,
                    "domus dmesg: %llu bytes of the log were overwritten before we read them\n",
                    (unsigned long long)(rc.first_offset - offset));
        }
        fwrite(buf, 1, (size_t)n, stdout);
        offset = rc.next_offset;
    }
    fflush(stdout);
    close(privcmd);
    return status;
}
