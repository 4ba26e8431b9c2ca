/*
 * sched_op: yielding, blocking until an event, and shutting down. A
 * shutdown of the control domain acts on the machine (off, or a reset for
 * reboot, crash and watchdog, as Xen restarts the host when dom0 dies);
 * for any other domain it ends that domain only.
 */
#include "common/arch.h"
#include "common/errno.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "common/sched.h"
#include "xen/sched.h"

static const char *const reasons[] = {"poweroff", "reboot",   "suspend",
                                      "crash",    "watchdog", "soft_reset"};

static long shutdown(struct vcpu *v, uint64_t arg)
{
    struct sched_shutdown s;
    if (copy_from_guest(v, &s, arg, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    if (!v->dom->is_privileged) {
        domain_crash(v->dom, reasons[s.reason]);
        return 0;
    }
    printk("Domus: dom0 shut down (%s)\n", reasons[s.reason]);
    if (s.reason == SHUTDOWN_poweroff)
        arch_poweroff();
    if (s.reason == SHUTDOWN_suspend || s.reason == SHUTDOWN_soft_reset)
        return -EOPNOTSUPP; /* nothing to resume dom0 from */
    arch_reboot();
}

long do_sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case SCHEDOP_yield: sched_yield(v); return 0;
    case SCHEDOP_block: sched_block(v); return 0;
    case SCHEDOP_shutdown: return shutdown(v, arg);
    default: return -ENOSYS;
    }
}
