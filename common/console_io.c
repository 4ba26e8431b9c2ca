/*
 * console_io: the control domain's own console through the hypervisor.
 * CONSOLEIO_write prints the guest's bytes on the hypervisor console;
 * CONSOLEIO_read returns what was typed for it (queued by
 * console_io_input(), which raises VIRQ_CONSOLE).
 *
 * Other domains may write too, as on a Xen debug build (Linux's
 * earlycon=xenboot, bare test guests): each of their lines is prefixed
 * "(dN) ", and a budget per domain (a burst, then a steady rate) keeps a
 * chatty guest from flooding the console; what is over budget is dropped
 * and counted. Reading is the control domain's only.
 */
#include "common/arch.h"
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

/* A domain's write budget: a burst, refilled at a steady rate. */
#define DOMU_BURST_BYTES 131072
#define DOMU_BYTES_PER_S 32768

static bool domu_budget(struct domain *d, size_t n)
{
    uint64_t now = arch_counter_read(), hz = arch_counter_freq();
    uint64_t refill =
        d->console_stamp ? (now - d->console_stamp) * DOMU_BYTES_PER_S / hz : DOMU_BURST_BYTES;
    if (refill) {
        d->console_budget = MIN(d->console_budget + refill, (uint64_t)DOMU_BURST_BYTES);
        d->console_stamp = now;
    }
    if (d->console_budget < n) {
        d->console_dropped += n;
        return false;
    }
    d->console_budget -= n;
    return true;
}

/* Prints a domU's bytes, "(dN) " before each line. */
static void domu_print(struct domain *d, const char *p, size_t n)
{
    char prefix[16];
    size_t plen = (size_t)fmt_snprintf(prefix, sizeof(prefix), "(d%u) ", d->id);
    while (n) {
        if (!d->console_midline)
            log_guest_text(prefix, plen);
        size_t len = 0;
        while (len < n && p[len] != '\n')
            len++;
        bool eol = len < n;
        log_guest_text(p, len + eol);
        d->console_midline = !eol;
        p += len + eol;
        n -= len + eol;
    }
}

static long console_write(struct vcpu *v, uint64_t count, uint64_t buf)
{
    char tmp[CHUNK];
    struct domain *d = v->dom;
    if (count > (1u << 20))
        return -EINVAL;
    static spinlock_t domu_lock = SPINLOCK_INIT; /* one domU line at a time */
    while (count) {
        size_t n = count < CHUNK ? (size_t)count : CHUNK;
        if (copy_from_guest(v, tmp, buf, n))
            return -EFAULT;
        if (d->is_privileged) {
            log_console_raw(tmp, n);
        } else {
            unsigned long f = spin_lock_irqsave(&domu_lock);
            if (domu_budget(d, n))
                domu_print(d, tmp, n);
            spin_unlock_irqrestore(&domu_lock, f);
        }
        buf += n;
        count -= n;
    }
    return 0;
}

long do_console_io(struct vcpu *v, uint64_t cmd, uint64_t count, uint64_t buf)
{
    switch (cmd) {
    case CONSOLEIO_write: return console_write(v, count, buf);
    case CONSOLEIO_read: return v->dom->is_privileged ? console_read(v, count, buf) : -EPERM;
    default: return -ENOSYS;
    }
}
