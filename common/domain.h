/*
 * Domains and virtual CPUs: the generic parts. Architecture state lives in
 * struct arch_domain / struct arch_vcpu (arch/<arch>/domain.h), embedded.
 */
#ifndef COMMON_DOMAIN_H
#define COMMON_DOMAIN_H

#include <stdatomic.h>

#include "asm/domain.h"
#include "common/list.h"
#include "common/p2m.h"
#include "common/spinlock.h"
#include "common/timer.h"
#include "common/types.h"

typedef uint16_t domid_t;

#define DOM0_ID       0
#define MAX_DOMAINS   64
#define MAX_VCPUS     128
#define MAX_RAM_BANKS 8

enum vcpu_state {
    VCPU_OFFLINE,  /* never started or turned off (PSCI CPU_OFF) */
    VCPU_RUNNABLE, /* wants a pCPU */
    VCPU_RUNNING,  /* on its pCPU now */
    VCPU_BLOCKED,  /* waiting for an interrupt (WFI) */
    VCPU_PAUSED,   /* would be runnable, but its domain is paused */
};

struct domain;
struct vcpu_info;
struct shared_info;
struct evtchn_domain;
struct gnttab_domain;

struct vcpu {
    unsigned int id; /* within its domain */
    struct domain *dom;
    _Atomic int state;     /* enum vcpu_state */
    unsigned int pcpu;     /* the pCPU whose run queue holds it */
    struct list_head runq; /* link in that run queue */
    uint64_t runtime_ticks;
    struct vcpu_info *vcpu_info; /* Xen ABI: where its event/time info lives (host VA) */
    uint64_t runstate_gva;       /* Xen ABI: guest VA of its vcpu_runstate_info, or 0 */
    uint64_t runstate_time[4];   /* ns spent running, runnable, blocked, offline */
    uint64_t runstate_entry;     /* counter value when it entered the current state */
    struct timer wake_timer;     /* wakes a blocked vCPU for its own timer */
    struct timer poll_timer;     /* SCHEDOP_poll's timeout */
    _Atomic bool polling;        /* in SCHEDOP_poll: any new pending event wakes it */
    struct arch_vcpu arch;
};

struct domain {
    domid_t id;
    bool is_privileged; /* dom0 */
    bool direct_map;    /* guest physical == host physical for RAM */
    _Atomic bool dying;
    /* Why its vCPUs may not run: pauses (they nest) in the low bits, and
     * DOMAIN_STOP_SHUTDOWN / _DYING; 0 = may run. One word, so the guest
     * entry path checks it with one load. */
    _Atomic uint32_t stop;
    _Atomic bool is_shutdown;     /* stopped by SCHEDOP_shutdown (or a crash) */
    unsigned int shutdown_reason; /* SHUTDOWN_*, valid once is_shutdown */
    /* console_io writes of a domU (common/console_io.c). */
    bool console_midline;
    uint64_t console_budget, console_stamp, console_dropped;
    int shutdown_code; /* SCHEDOP_shutdown_code's reason, -1 if none */
    struct p2m p2m;
    unsigned int nr_vcpus;
    struct vcpu **vcpus;
    uint64_t tot_pages; /* RAM pages the domain has now */
    uint64_t max_pages; /* the most it may have (populate_physmap's limit) */
    /* Direct-mapped domains: the host RAM set aside for the domain at
     * creation. A frame given back (decrease_reservation) stays reserved
     * and is the only one populate_physmap may put back at its gfn. */
    unsigned int nr_ram_banks;
    paddr_t ram_base[MAX_RAM_BANKS];
    uint64_t ram_size[MAX_RAM_BANKS];
    spinlock_t lock;                 /* its physmap: reservation and foreign-map changes */
    struct shared_info *shared_info; /* Xen ABI shared page (host VA), NULL until set up */
    struct evtchn_domain *evtchn;    /* event channels (common/event_channel.c) */
    struct gnttab_domain *gnttab;    /* grant table (common/grant_table.c) */
    uint64_t hvm_params[64];         /* Xen ABI HVM_PARAM_* values (common/hvm_op.c) */
    struct list_head foreign_maps;   /* other domains' pages it maps (common/foreign_map.c) */
    unsigned int nr_foreign_maps;
    _Atomic unsigned int mapped_by_others; /* its pages that other domains map foreign */
    _Atomic bool has_polled; /* a vCPU has used SCHEDOP_poll (events check for pollers) */
    struct arch_domain arch;
};

extern struct domain *domains[MAX_DOMAINS];

/* The domain with this id, or NULL (out of range or none). */
static inline struct domain *domain_by_id(domid_t id)
{
    return id < MAX_DOMAINS ? domains[id] : NULL;
}

struct domain *domain_create(domid_t id, unsigned int nr_vcpus, bool privileged);
struct vcpu *domain_vcpu(struct domain *d, unsigned int id); /* NULL if out of range */

/* Makes a vCPU runnable and gets its pCPU to look (IPI when remote). */
void vcpu_wake(struct vcpu *v);
/* Wakes a vCPU only if it is blocked (never one that is offline). */
void vcpu_unblock(struct vcpu *v);
/* Nudges a running or blocked vCPU: new virtual interrupt pending. */
void vcpu_kick(struct vcpu *v);
/* The vCPU running on this pCPU, or NULL in the hypervisor's idle loop. */
struct vcpu *current_vcpu(void);

/* Arch parts of creation (arch/<arch>/vcpu.c). */
int arch_domain_init(struct domain *d);
int arch_vcpu_init(struct vcpu *v);

/* Crashes a domain: its vCPUs stop for good; the hypervisor goes on. */
void domain_crash(struct domain *d, const char *why);

/* An unprivileged domain (common/domain_life.c): created paused, with
 * max_vcpus offline vCPUs, no RAM, and the arch's virtual machine
 * (arch_domu_init). id 0 picks the lowest free one. Returns the domain or
 * NULL with *err = -EEXIST, -ENOSPC, -EINVAL or -ENOMEM. */
struct domain *domain_create_domu(domid_t id, unsigned int max_vcpus, int *err);
#define DOMAIN_STOP_PAUSES   0xfffffu
#define DOMAIN_STOP_SHUTDOWN (1u << 20)
#define DOMAIN_STOP_DYING    (1u << 21)

/* Whether d's vCPUs may be scheduled. */
static inline bool domain_may_run(struct domain *d)
{
    return atomic_load_explicit(&d->stop, memory_order_acquire) == 0;
}

static inline bool domain_paused(struct domain *d)
{
    return (atomic_load(&d->stop) & DOMAIN_STOP_PAUSES) != 0;
}

/* Pauses (nesting) and waits until none of its vCPUs runs. The caller
 * must not be one of them. */
void domain_pause(struct domain *d);
/* Undoes one pause: -EINVAL if it was not paused. */
int domain_unpause(struct domain *d);
/* Stops d for good with a SHUTDOWN_* reason (its vCPUs leave their pCPUs
 * at their next exit) and tells dom0 (VIRQ_DOM_EXC). Once only. */
void domain_shutdown(struct domain *d, unsigned int reason);
/* Tears an unprivileged domain down and frees it (see domain_life.c):
 * 0, or -ESRCH if another call is at it already. The caller must not be
 * one of its vCPUs. */
int domain_destroy(struct domain *d);

/* Arch parts of a domU's life (arch/<arch>/domu.c). */
int arch_domu_init(struct domain *d);
void arch_domain_destroy(struct domain *d);
/* Waits until no pCPU holds one of d's vCPUs loaded (d is dying). */
void arch_domain_unload(struct domain *d);
/* vCPU v of a domU starts at pc with x0..x3 (its state reset). */
void arch_vcpu_set_entry(struct vcpu *v, uint64_t pc, const uint64_t x[4]);

#endif
