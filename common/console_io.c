/*
 * console_io: the control domain's own console through the hypervisor.
 * CONSOLEIO_write prints the guest's bytes on the hypervisor console;
 * CONSOLEIO_read returns typed input queued for the guest's Xen console
 * (none yet: input reaches dom0 through its emulated PL011 until the
 * console's event-channel interrupt exists). Other domains are refused, as
 * Xen does without its guest-debug option.
 */
#include "common/errno.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "xen/console.h"

#define CHUNK 256

static long console_write(struct vcpu *v, uint64_t count, uint64_t buf)
{
    char tmp[CHUNK];
    if (count > (1u << 20))
        return -EINVAL;
    while (count) {
        size_t n = count < CHUNK ? (size_t)count : CHUNK;
        if (copy_from_guest(v, tmp, buf, n))
            return -EFAULT;
        log_console_raw(tmp, n);
        buf += n;
        count -= n;
    }
    return 0;
}

long do_console_io(struct vcpu *v, uint64_t cmd, uint64_t count, uint64_t buf)
{
    if (!v->dom->is_privileged)
        return -EPERM;
    switch (cmd) {
    case CONSOLEIO_write: return console_write(v, count, buf);
    case CONSOLEIO_read: return 0; /* nothing queued for the Xen console */
    default: return -ENOSYS;
    }
}
