/*
 * console_io: the control domain's own console through the hypervisor.
 * CONSOLEIO_write prints the guest's bytes on the hypervisor console;
 * CONSOLEIO_read returns what was typed for it (queued by
 * console_io_input(), which raises VIRQ_CONSOLE). Other domains are
 * refused, as Xen does without its guest-debug option.
 */
#include "common/errno.h"
#include "common/event_channel.h"
#include "common/spinlock.h"
#include "xen/xen.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "xen/console.h"

#define CHUNK      256
#define INPUT_RING 1024 /* power of two */

static char input[INPUT_RING];
static unsigned int in_prod, in_cons;
static spinlock_t input_lock = SPINLOCK_INIT;

void console_io_input(struct domain *d, char c)
{
    unsigned long f = spin_lock_irqsave(&input_lock);
    if (in_prod - in_cons < INPUT_RING)
        input[in_prod++ % INPUT_RING] = c;
    spin_unlock_irqrestore(&input_lock, f);
    evtchn_send_virq(d, VIRQ_CONSOLE, 0);
}

static long console_read(struct vcpu *v, uint64_t count, uint64_t buf)
{
    char tmp[CHUNK];
    unsigned int n = 0;
    if (count > INT32_MAX)
        return -EINVAL;
    unsigned long f = spin_lock_irqsave(&input_lock);
    while (n < MIN(count, (uint64_t)CHUNK) && in_cons != in_prod)
        tmp[n++] = input[in_cons++ % INPUT_RING];
    spin_unlock_irqrestore(&input_lock, f);
    /* A bad buffer loses what was taken: the guest asked for it there. */
    if (n && copy_to_guest(v, buf, tmp, n))
        return -EFAULT;
    return n;
}

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
    case CONSOLEIO_read: return console_read(v, count, buf);
    default: return -ENOSYS;
    }
}
