/*
 * Domus's own management interface (xen/domus_sysctl.h), for the control
 * domain only: physical information, the hypervisor's log ring, the
 * per-domain hypercall counters and each domain's figures. The argument block is copied in whole,
 * checked, acted on, and copied back.
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/grant_table.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "common/percpu.h"
#include "common/timer.h"
#include "common/version.h"
#include "xen/domus_sysctl.h"
#include "xen/xen.h"

static void physinfo(struct domus_sysctl_physinfo *pi)
{
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    memset(pi, 0, sizeof(*pi));
    pi->nr_cpus = cpu_online_count;
    pi->xen_version = DOMUS_XEN_VERSION;
    pi->total_pages = st.total_pages;
    pi->free_pages = st.free_pages;
    pi->timer_hz = arch_counter_freq();
    pi->version_major = DOMUS_VERSION_MAJOR;
    pi->version_minor = DOMUS_VERSION_MINOR;
    strncpy(pi->version_string, "Domus " DOMUS_VERSION " " DOMUS_GIT,
            sizeof(pi->version_string) - 1);
}

static long readconsole(struct vcpu *v, struct domus_sysctl_readconsole *rc)
{
    char tmp[512];
    uint64_t pos = rc->offset, first = UINT64_MAX;
    uint32_t done = 0;
    while (done < rc->size) {
        uint64_t next;
        size_t n = log_ring_read(pos, tmp, MIN(sizeof(tmp), (size_t)(rc->size - done)), &next);
        if (first == UINT64_MAX)
            first = next - n;
        if (!n)
            break;
        if (copy_to_guest(v, rc->buffer.p + done, tmp, n))
            return -EFAULT;
        done += (uint32_t)n;
        pos = next;
    }
    rc->first_offset = first == UINT64_MAX ? pos : first;
    rc->copied = done;
    rc->next_offset = rc->first_offset + done;
    return 0;
}

static long hypercall_stats(struct vcpu *v, struct domus_sysctl_hypercall_stats *hs)
{
    domid_t id = hs->domid == DOMID_SELF ? v->dom->id : hs->domid;
    struct domain *d = domain_by_id(id);
    if (!d)
        return -ESRCH;
    uint32_t n = MIN(hs->nr_ops, (uint32_t)DOMUS_SYSCTL_HCSTATS_MAX);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t c = hypercall_count(d, i);
        if (copy_to_guest(v, hs->counts.p + i * sizeof(c), &c, sizeof(c)))
            return -EFAULT;
    }
    if (hs->flags & DOMUS_SYSCTL_HCSTATS_RESET)
        hypercall_reset_counts(d);
    hs->nr_ops = n;
    return 0;
}

static long getdomaininfo(struct vcpu *v, struct domus_sysctl_getdomaininfo *gi)
{
    domid_t id = gi->domid == DOMID_SELF ? v->dom->id : gi->domid;
    struct domain *d = domain_by_id(id);
    if (!d)
        return -ESRCH;
    memset(gi, 0, sizeof(*gi));
    gi->domid = id;
    bool shut = atomic_load(&d->is_shutdown);
    gi->flags = (d->is_privileged ? DOMUS_DOMINF_privileged : 0) |
                (d->direct_map ? DOMUS_DOMINF_direct_map : 0) |
                (atomic_load(&d->dying) ? DOMUS_DOMINF_dying : 0) |
                (domain_paused(d) ? DOMUS_DOMINF_paused : 0) | (shut ? DOMUS_DOMINF_shutdown : 0);
    gi->shutdown_reason = shut ? (uint16_t)d->shutdown_reason : 0;
    gi->nr_vcpus = d->nr_vcpus;
    uint64_t ticks = 0;
    unsigned int blocked = 0;
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        int st = atomic_load(&d->vcpus[i]->state);
        if (st != VCPU_OFFLINE)
            gi->vcpus_online++;
        if (st == VCPU_RUNNING)
            gi->flags |= DOMUS_DOMINF_running;
        blocked += st == VCPU_BLOCKED;
        ticks += d->vcpus[i]->runtime_ticks;
    }
    if (gi->vcpus_online && blocked == gi->vcpus_online)
        gi->flags |= DOMUS_DOMINF_blocked;
    gi->cpu_time_ns = timer_ticks_to_ns(ticks);
    gi->tot_pages = d->tot_pages;
    gi->max_pages = d->max_pages;
    gi->shared_pages = gnttab_nr_maps(d);
    return 0;
}

long do_sysctl(struct vcpu *v, uint64_t arg)
{
    struct domus_sysctl op;
    long rc;
    if (!v->dom->is_privileged)
        return -EPERM;
    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != DOMUS_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    switch (op.cmd) {
    case DOMUS_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        rc = 0;
        break;
    case DOMUS_SYSCTL_readconsole: rc = readconsole(v, &op.u.readconsole); break;
    case DOMUS_SYSCTL_hypercall_stats: rc = hypercall_stats(v, &op.u.hypercall_stats); break;
    case DOMUS_SYSCTL_getdomaininfo: rc = getdomaininfo(v, &op.u.getdomaininfo); break;
    default: return -ENOSYS;
    }
    if (rc == 0 && copy_to_guest(v, arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
