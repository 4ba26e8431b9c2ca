/* SPDX-License-Identifier: MIT */
/* Going into the background, for dom0's daemons (xenstored, domus-consoled). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libdomus.h"

int domus_write_pid(const char *path, pid_t pid)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -errno;
    fprintf(f, "%d\n", (int)pid);
    return fclose(f) ? -errno : 0;
}

int domus_daemonize(const char *prog, const char *pid_path)
{
    pid_t pid = fork();
    if (pid < 0)
        return -errno;
    if (pid > 0) {
        if (pid_path) {
            int rc = domus_write_pid(pid_path, pid);
            if (rc < 0)
                fprintf(stderr, "%s: %s: %s\n", prog, pid_path, strerror(-rc));
        }
        _exit(0);
    }
    setsid();
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO)
            close(null);
    }
    return 0;
}
