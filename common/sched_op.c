/*
 * sched_op: yielding, blocking until an event, and shutting down. A
 * shutdown of the control domain acts on the machine (off, or a reset for
 * reboot, crash and watchdog, as Xen restarts the host when dom0 dies);
 * for any other domain it ends that domain only.
 */
#include "common/arch.h"
#include "common/errno.h"
#include "common/event_channel.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "common/sched.h"
#include "common/timer.h"
#include "xen/sched.h"

static const char *const reasons[] = {"poweroff", "reboot",   "suspend",
                                      "crash",    "watchdog", "soft_reset"};

/* Domain d stops for 'reason' (checked); the control domain takes the
 * machine with it. */
static long shutdown_domain(struct domain *d, uint32_t reason)
{
    if (!d->is_privileged) {
        if (!atomic_load(&d->is_shutdown))
            printk("domain: d%u shut down (%s)\n", d->id, reasons[reason]);
        domain_shutdown(d, reason);
        return 0;
    }
    printk("Domus: dom0 shut down (%s)\n", reasons[reason]);
    if (reason == SHUTDOWN_poweroff)
        arch_poweroff();
    if (reason == SHUTDOWN_suspend || reason == SHUTDOWN_soft_reset)
        return -EOPNOTSUPP; /* nothing to resume dom0 from */
    arch_reboot();
}

static long shutdown(struct vcpu *v, uint64_t arg)
{
    struct sched_shutdown s;
    if (copy_from_guest(v, &s, arg, sizeof(s)))
        return -EFAULT;
    return s.reason > SHUTDOWN_MAX ? -EINVAL : shutdown_domain(v->dom, s.reason);
}

/* The control domain stops another (or itself). DOMID_SELF is not a
 * domain here, as on Xen. */
static long remote_shutdown(struct vcpu *v, uint64_t arg)
{
    struct sched_remote_shutdown r;
    if (!v->dom->is_privileged)
        return -EPERM;
    if (copy_from_guest(v, &r, arg, sizeof(r)))
        return -EFAULT;
    struct domain *d = domain_by_id(r.domain_id);
    if (!d)
        return -ESRCH;
    return r.reason > SHUTDOWN_MAX ? -EINVAL : shutdown_domain(d, r.reason);
}

static long shutdown_code(struct vcpu *v, uint64_t arg)
{
    struct sched_shutdown s;
    if (copy_from_guest(v, &s, arg, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    v->dom->shutdown_code = (int)s.reason;
    return 0;
}

#define POLL_MAX_PORTS 128

static void poll_timeout(struct timer *t, void *data)
{
    (void)t;
    struct vcpu *v = data;
    if (atomic_exchange(&v->polling, false))
        vcpu_unblock(v);
}

/*
 * Sleeps until one of the ports is pending (masked or not), an event or
 * interrupt needs delivery, or the timeout (absolute system time in ns:
 * the generic counter in ns, as the guest reads it; 0 for none) passes.
 * Returns 0 in every case; the guest looks at its ports itself.
 */
static long poll(struct vcpu *v, uint64_t arg)
{
    struct sched_poll p;
    if (copy_from_guest(v, &p, arg, sizeof(p)))
        return -EFAULT;
    if (p.nr_ports > POLL_MAX_PORTS)
        return -EINVAL;
    evtchn_port_t ports[POLL_MAX_PORTS];
    if (copy_from_guest(v, ports, p.ports.p, p.nr_ports * sizeof(ports[0])))
        return -EFAULT;
    for (uint32_t i = 0; i < p.nr_ports; i++)
        if (ports[i] >= EVTCHN_2L_NR)
            return -EINVAL;
    struct domain *d = v->dom;
    atomic_store(&d->has_polled, true);
    /* Polling first, then the check: a port going pending in between
     * finds the flag and wakes us. */
    atomic_store(&v->polling, true);
    for (uint32_t i = 0; i < p.nr_ports; i++)
        if (evtchn_is_pending(d, ports[i]))
            goto done;
    if (p.timeout && timer_ticks_to_ns(arch_counter_read()) >= p.timeout)
        goto done;
    if (p.timeout) {
        if (!v->poll_timer.fn)
            timer_init(&v->poll_timer, poll_timeout, v);
        timer_set(&v->poll_timer, timer_ns_to_ticks(p.timeout));
    }
    if (sched_block(v))
        return 0; /* woken later, by an event, the timer or an interrupt */
done:
    atomic_store(&v->polling, false);
    return 0;
}

long do_sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case SCHEDOP_yield: sched_yield(v); return 0;
    case SCHEDOP_block: sched_block(v); return 0;
    case SCHEDOP_shutdown: return shutdown(v, arg);
    case SCHEDOP_poll: return poll(v, arg);
    case SCHEDOP_remote_shutdown: return remote_shutdown(v, arg);
    case SCHEDOP_shutdown_code: return shutdown_code(v, arg);
    default: return -ENOSYS;
    }
}
