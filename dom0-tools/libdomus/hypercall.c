/* SPDX-License-Identifier: MIT */
/* Hypercalls through IOCTL_PRIVCMD_HYPERCALL. */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <xen/privcmd.h>

#include "libdomus.h"
#include "xen/version.h"

long domus_hypercall(int privcmd, unsigned int op, uint64_t a0, uint64_t a1, uint64_t a2,
                     uint64_t a3, uint64_t a4)
{
    struct privcmd_hypercall h = {.op = op, .arg = {a0, a1, a2, a3, a4}};
    /* syscall() rather than ioctl(): the kernel returns the hypercall's
     * result as a long, and glibc's ioctl() would cut it to an int. Both
     * turn a negative result into -1 and errno. */
    long rc = syscall(SYS_ioctl, privcmd, IOCTL_PRIVCMD_HYPERCALL, &h);
    return rc == -1 ? -errno : rc;
}

long domus_xen_version(int privcmd, unsigned int cmd, void *buf)
{
    return domus_hypercall(privcmd, __HYPERVISOR_xen_version, cmd, (uint64_t)(uintptr_t)buf, 0, 0,
                           0);
}
