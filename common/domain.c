/* Creating domains and their vCPUs; crashing a domain. */
#include <string.h>

#include "common/domain.h"
#include "common/errno.h"
#include "common/event_channel.h"
#include "common/grant_table.h"
#include "common/log.h"
#include "common/sched.h"
#include "common/xmalloc.h"
#include "xen/sched.h"

struct domain *domains[MAX_DOMAINS];

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v = xzalloc(sizeof(*v));
    if (!v)
        return NULL;
    v->id = id;
    v->dom = d;
    atomic_store(&v->state, VCPU_OFFLINE);
    list_init(&v->runq);
    return v;
}

/* Undoes a domain_create that failed half-way (nothing ran yet). */
static void undo_create(struct domain *d)
{
    if (d->gnttab)
        gnttab_domain_destroy(d);
    if (d->evtchn)
        evtchn_domain_destroy(d);
    arch_domain_destroy(d);
    p2m_destroy(&d->p2m);
    for (unsigned int i = 0; d->vcpus && i < d->nr_vcpus; i++)
        xfree(d->vcpus[i]);
    xfree(d->vcpus);
    xfree(d);
}

struct domain *domain_create(domid_t id, unsigned int nr_vcpus, bool privileged)
{
    if (id >= MAX_DOMAINS || domains[id] || nr_vcpus == 0 || nr_vcpus > MAX_VCPUS)
        return NULL;
    struct domain *d = xzalloc(sizeof(*d));
    if (!d)
        return NULL;
    d->id = id;
    d->is_privileged = privileged;
    d->nr_vcpus = nr_vcpus;
    /* Others start paused: their builder unpauses them when ready. */
    atomic_store(&d->stop, privileged ? 0 : 1);
    spin_lock_init(&d->lock);
    list_init(&d->foreign_maps);
    d->shutdown_code = -1;
    d->p2m.root = PADDR_INVALID;
    d->vcpus = xzalloc(nr_vcpus * sizeof(*d->vcpus));
    if (!d->vcpus || p2m_init(&d->p2m, (uint16_t)(id + 1)) != 0)
        goto fail;
    for (unsigned int i = 0; i < nr_vcpus; i++)
        if (!(d->vcpus[i] = vcpu_create(d, i)) || arch_vcpu_init(d->vcpus[i]) != 0)
            goto fail;
    if (arch_domain_init(d) != 0 || evtchn_domain_init(d) != 0 || gnttab_domain_init(d) != 0)
        goto fail;
    domains[id] = d;
    return d;
fail:
    pr_err("domain: cannot create d%u (out of memory)\n", id);
    undo_create(d);
    return NULL;
}

struct vcpu *domain_vcpu(struct domain *d, unsigned int id)
{
    return id < d->nr_vcpus ? d->vcpus[id] : NULL;
}

void domain_crash(struct domain *d, const char *why)
{
    if (!d->is_privileged) {
        /* As on Xen: a crashed domU is shut down (reason crash) and left
         * for its toolstack to see and destroy. */
        if (!atomic_load(&d->is_shutdown))
            pr_warn("domain: d%u crashed: %s\n", d->id, why);
        domain_shutdown(d, SHUTDOWN_crash);
        return;
    }
    if (atomic_exchange(&d->dying, true))
        return;
    atomic_fetch_or(&d->stop, DOMAIN_STOP_DYING);
    pr_warn("domain: d%u crashed: %s\n", d->id, why);
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        atomic_store(&d->vcpus[i]->state, VCPU_OFFLINE);
}
