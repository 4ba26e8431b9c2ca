/*
 * Event channels (Xen ABI, __HYPERVISOR_event_channel_op), 2-level only:
 * per-domain port tables, the EVTCHNOP_* operations, and delivery through
 * the shared_info pending/mask bitmaps and each vCPU's selector word.
 * The FIFO ABI is not implemented (its ops return -ENOSYS, and Linux then
 * stays on 2-level).
 */
#ifndef COMMON_EVENT_CHANNEL_H
#define COMMON_EVENT_CHANNEL_H

#include "common/domain.h"
#include "common/spinlock.h"
#include "xen/event_channel.h"
#include "xen/xen.h"

#define EVTCHN_2L_NR EVTCHN_2L_NR_CHANNELS /* 4096 ports on arm64 */

/* Internal port states (EVTCHNSTAT_* is what the guest sees). */
enum evtchn_state {
    ECS_FREE = 0,    /* not in use: EVTCHNSTAT_closed */
    ECS_RESERVED,    /* port 0 only: never allocatable */
    ECS_UNBOUND,     /* offered to remote_dom */
    ECS_INTERDOMAIN, /* connected to remote_dom:remote_port */
    ECS_VIRQ,        /* bound to virq */
    ECS_IPI,         /* bound to an IPI within the domain */
};

struct evtchn {
    uint8_t state;        /* enum evtchn_state */
    uint8_t virq;         /* ECS_VIRQ */
    uint16_t remote_dom;  /* ECS_UNBOUND: who may bind; ECS_INTERDOMAIN: peer */
    uint32_t remote_port; /* ECS_INTERDOMAIN: peer's port */
    uint32_t notify_vcpu; /* vCPU that gets the upcall */
};

/*
 * A domain's event-channel state (d->evtchn). Exposed so that host tests
 * and the fuzz harness can check invariants; hypervisor code outside
 * event_channel.c only uses the functions below.
 */
struct evtchn_domain {
    spinlock_t lock;       /* everything below except deferred */
    unsigned int nr_vcpus; /* copy of d->nr_vcpus at init */
    unsigned int nr_used;  /* ports not free (port 0 excluded) */
    /* Ports that went pending while d->shared_info was NULL (atomic). */
    uint64_t deferred[XEN_EVTCHN_2L_WORDS];
    /* virq_to_port[vcpu * NR_VIRQS + virq]; global VIRQs use vcpu 0. */
    evtchn_port_t *virq_to_port;
    struct evtchn port[EVTCHN_2L_NR];
};

int evtchn_domain_init(struct domain *d);     /* 0 or -ENOMEM/-EINVAL */
void evtchn_domain_destroy(struct domain *d); /* closes all, peers too; frees */

/* The event_channel_op hypercall: arg is the guest address of the op's struct. */
long do_event_channel_op(struct vcpu *v, uint64_t cmd, uint64_t arg);

/* Marks port pending for v's domain with 2-level semantics, upcalling v. */
void evtchn_set_pending(struct vcpu *v, unsigned int port);
/* Is the port's pending bit set in d's shared_info? */
bool evtchn_is_pending(struct domain *d, unsigned int port);

/* Raises VIRQ virq (global ones ignore vcpu_id). 0, or -ENOENT if not bound. */
int evtchn_send_virq(struct domain *d, unsigned int virq, unsigned int vcpu_id);

/* Call once d->shared_info is set: delivers what went pending before. */
void evtchn_shared_info_ready(struct domain *d);

/* Provided by the architecture: inject the event-channel upcall into v. */
void arch_evtchn_upcall(struct vcpu *v);

#endif
