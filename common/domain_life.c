/*
 * The life of an unprivileged domain: creation (paused, empty), pause and
 * unpause, shutdown, and teardown.
 *
 * Teardown order, and why:
 *  1. dying is set: no vCPU of it is queued or woken again, and lookups
 *     (event channels, grants, memory ops, foreign maps) refuse it; a
 *     quiescent point on every pCPU lets the calls that found it before
 *     finish;
 *  2. every vCPU is taken off its run queue, waiting for any that is
 *     running to leave its pCPU, then unloaded from every pCPU (the
 *     unload arms its wake timer, so timers are stopped after);
 *  3. its foreign maps of others go; others' foreign maps of its pages
 *     become orphans holding their pages; its RAM references are dropped
 *     (pages still mapped elsewhere live on);
 *  4. its event channels close (interdomain peers see them closed), its
 *     grant mappings of others are undone, others' mappings of its grants
 *     become orphans holding their pages;
 *  5. its tables and structures are freed once every pCPU has passed a
 *     quiescent point after it left domains[] (so no hypercall still
 *     running elsewhere holds a pointer to it).
 */
#include <string.h>

#include "common/domain.h"
#include "common/errno.h"
#include "common/event_channel.h"
#include "common/grant_table.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "common/percpu.h"
#include "common/physmap.h"
#include "common/sched.h"
#include "common/xmalloc.h"
#include "xen/xen.h"

static spinlock_t ids_lock = SPINLOCK_INIT; /* picking and releasing domain ids */
static unsigned int next_pcpu;              /* where the next domU vCPU goes */

static domid_t pick_id(domid_t want, int *err)
{
    if (want) {
        *err = want >= MAX_DOMAINS ? -EINVAL : domains[want] ? -EEXIST : 0;
        return want;
    }
    for (domid_t id = 1; id < MAX_DOMAINS; id++)
        if (!domains[id])
            return id;
    *err = -ENOSPC;
    return 0;
}

/* Frees what domain_create_domu or a teardown leaves: d is in no list,
 * table or run queue, and no pCPU can reach it. */
static void free_domain(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        xfree(d->vcpus ? d->vcpus[i] : NULL);
    xfree(d->vcpus);
    page_free_va(d->shared_info);
    xfree(d);
}

struct domain *domain_create_domu(domid_t want, unsigned int max_vcpus, int *err)
{
    *err = 0;
    if (max_vcpus == 0 || max_vcpus > MAX_VCPUS) {
        *err = -EINVAL;
        return NULL;
    }
    spin_lock(&ids_lock);
    domid_t id = pick_id(want, err);
    struct domain *d = NULL;
    if (!*err) {
        /* Keeps the id while it is built; it stays invisible until then. */
        domains[id] = d = domain_create(id, max_vcpus, false);
        if (!d)
            *err = -ENOMEM;
    }
    spin_unlock(&ids_lock);
    if (!d)
        return NULL;
    if (arch_domu_init(d) != 0) {
        (void)domain_destroy(d);
        *err = -ENOMEM;
        return NULL;
    }
    for (unsigned int i = 0; i < max_vcpus; i++)
        sched_place(d->vcpus[i], next_pcpu++ % cpu_online_count);
    printk("domain: d%u created (%u vCPU%s)\n", id, max_vcpus, max_vcpus == 1 ? "" : "s");
    return d;
}

void domain_pause(struct domain *d)
{
    atomic_fetch_add(&d->stop, 1);
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        sched_wait_not_running(d->vcpus[i]);
}

int domain_unpause(struct domain *d)
{
    uint32_t n = atomic_load(&d->stop);
    do {
        if (!(n & DOMAIN_STOP_PAUSES))
            return -EINVAL;
    } while (!atomic_compare_exchange_weak(&d->stop, &n, n - 1));
    if (n == 1) /* nothing else stops it: off they go */
        for (unsigned int i = 0; i < d->nr_vcpus; i++)
            sched_resume(d->vcpus[i]);
    return 0;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    if (atomic_exchange(&d->is_shutdown, true))
        return;
    d->shutdown_reason = reason;
    atomic_fetch_or(&d->stop, DOMAIN_STOP_SHUTDOWN);
    /* Its vCPUs leave their pCPUs at their next exit (the run loop and the
     * scheduler check); the toolstack learns of it and destroys it. */
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        vcpu_kick(d->vcpus[i]);
    struct domain *d0 = domain_by_id(DOM0_ID);
    if (d0 && d0 != d)
        (void)evtchn_send_virq(d0, VIRQ_DOM_EXC, 0);
}

int domain_destroy(struct domain *d)
{
    if (atomic_exchange(&d->dying, true))
        return -ESRCH; /* another call is destroying it */
    atomic_fetch_or(&d->stop, DOMAIN_STOP_DYING);
    /* Every call that looks domains up refuses a dying one (event
     * channels, grants, memory ops, foreign maps); once the calls that
     * found it before have finished, nothing else touches its tables. */
    sched_quiesce();
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus && d->vcpus[i])
            sched_remove(d->vcpus[i]);
    arch_domain_unload(d);
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        if (d->vcpus && d->vcpus[i]) {
            timer_stop(&d->vcpus[i]->wake_timer);
            timer_stop(&d->vcpus[i]->poll_timer);
        }
    }
    /* Its RAM first: the walk must meet its grant frames and shared_info
     * still allocated (they are not counted pages, so it leaves them). */
    foreign_map_release_all(d);
    foreign_map_orphan_all(d);
    physmap_release_all(d);
    if (d->evtchn)
        evtchn_domain_destroy(d);
    if (d->gnttab)
        gnttab_domain_destroy(d);

    spin_lock(&ids_lock);
    domains[d->id] = NULL;
    spin_unlock(&ids_lock);
    sched_quiesce();
    p2m_destroy(&d->p2m);
    arch_domain_destroy(d);
    hypercall_reset_counts(d);
    domid_t id = d->id;
    free_domain(d);
    printk("domain: d%u destroyed\n", id);
    struct domain *d0 = domain_by_id(DOM0_ID);
    if (d0)
        (void)evtchn_send_virq(d0, VIRQ_DOM_EXC, 0);
    return 0;
}
