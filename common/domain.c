/* Creating domains and their vCPUs; crashing a domain. */
#include <string.h>

#include "common/domain.h"
#include "common/errno.h"
#include "common/event_channel.h"
#include "common/grant_table.h"
#include "common/log.h"
#include "common/sched.h"
#include "common/xmalloc.h"

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
    spin_lock_init(&d->lock);
    list_init(&d->foreign_maps);
    d->shutdown_code = -1;
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
    /* Boot-time only so far: the caller gives up; nothing else to undo. */
    return NULL;
}

struct vcpu *domain_vcpu(struct domain *d, unsigned int id)
{
    return id < d->nr_vcpus ? d->vcpus[id] : NULL;
}

void domain_crash(struct domain *d, const char *why)
{
    if (atomic_exchange(&d->dying, true))
        return;
    pr_warn("domain: d%u crashed: %s\n", d->id, why);
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        atomic_store(&d->vcpus[i]->state, VCPU_OFFLINE);
}
