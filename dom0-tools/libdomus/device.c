/* SPDX-License-Identifier: MIT */
/*
 * Opening Xen device nodes. The Xen drivers are modules in Debian's
 * kernel; a tool that finds its node missing loads the module itself, so
 * dom0's init need not know which tools need what.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libdomus.h"

/* Runs "modprobe module" quietly; true if it exited with status 0. */
static bool modprobe(const char *module)
{
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execlp("modprobe", "modprobe", module, (char *)NULL);
        execl("/sbin/modprobe", "modprobe", module, (char *)NULL); /* PATH without /sbin */
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return false;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int domus_open_xen_dev(const char *path, const char *module)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && module && modprobe(module))
        fd = open(path, O_RDWR | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int domus_privcmd_open(void)
{
    return domus_open_xen_dev("/dev/xen/privcmd", "xen-privcmd");
}
