/*
 * Event channels, 2-level ABI (Xen's event_channel.c + event_2l.c semantics).
 *
 * Each domain has a table of EVTCHN_2L_NR ports (d->evtchn); port 0 is
 * reserved. A port is free, unbound (offered to one remote domain),
 * interdomain (connected to a peer port, possibly in the same domain), bound
 * to a VIRQ, or bound to an IPI. Signalling a port sets its bit in the
 * receiving domain's shared_info->evtchn_pending and, unless the guest
 * masked it or it was already pending, sets the word's bit in the notified
 * vCPU's evtchn_pending_sel, sets evtchn_upcall_pending and asks the
 * architecture for an upcall (arch_evtchn_upcall: the event-channel PPI).
 * The bitmaps are shared with the guest, so they are only touched with
 * atomic read-modify-writes.
 *
 * Locking:
 *  - d->evtchn->lock protects d's port table and VIRQ table.
 *  - An operation that touches two domains (bind_interdomain, close and
 *    send of an interdomain port, destroy) holds both locks, taken in
 *    increasing domain-id order; when the peer is only known after reading
 *    the local port, the local lock is dropped, both are taken in order, and
 *    the port is checked again.
 *  - Interrupts are off while any of these locks is held, so
 *    evtchn_send_virq may be called from interrupt handlers.
 *  - arch_evtchn_upcall is called with these locks held, so the locks it
 *    takes (the vGIC's) come after them in the global order.
 *  - The shared_info words and the deferred[] words are not protected by
 *    the lock: they are atomics (the guest writes them concurrently).
 *
 * Lifetime: there is no domain reference counting yet. The caller of
 * evtchn_domain_destroy must make sure no hypercall of the domain is still
 * running; peers find the domain through domains[], which must still hold
 * it during the destroy (it unbinds their ports) and may drop it afterwards.
 */
#include <stdatomic.h>
#include <string.h>

#include "common/errno.h"
#include "common/event_channel.h"
#include "common/guest_access.h"
#include "common/xmalloc.h"

#define WORD_BITS XEN_EVTCHN_WORD_BITS

static bool port_ok(uint64_t port)
{
    return port != 0 && port < EVTCHN_2L_NR;
}

static bool virq_is_global(unsigned int virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU: return false;
    default: return true; /* includes VIRQ_ARCH_*: all global on arm */
    }
}

static unsigned int virq_slot(unsigned int virq, unsigned int vcpu)
{
    return (virq_is_global(virq) ? 0 : vcpu) * NR_VIRQS + virq;
}

/* A domain with event channels, by id; NULL if none. */
static struct domain *dom_by_id(uint32_t id)
{
    if (id >= MAX_DOMAINS)
        return NULL;
    struct domain *d = domains[id];
    /* A dying domain is out of reach: its teardown frees its table once
     * every call that could have looked it up before has finished. */
    return d && d->evtchn && !atomic_load(&d->dying) ? d : NULL;
}

static struct domain *resolve_dom(struct vcpu *v, domid_t id)
{
    return id == DOMID_SELF ? v->dom : dom_by_id(id);
}

static bool may_act_on(const struct vcpu *v, const struct domain *d)
{
    return d == v->dom || v->dom->is_privileged;
}

static struct vcpu *dom_vcpu(struct domain *d, uint64_t id)
{
    return d->vcpus && id < d->nr_vcpus ? d->vcpus[id] : NULL;
}

static _Atomic uint64_t *atomic_word(uint64_t *w)
{
    return (_Atomic uint64_t *)w;
}

/* ------------------------------------------------------------------------
 * Locks.
 */
static unsigned long lock_one(struct domain *d)
{
    unsigned long flags = arch_irq_save();
    spin_lock(&d->evtchn->lock);
    return flags;
}

static void unlock_one(struct domain *d, unsigned long flags)
{
    spin_unlock(&d->evtchn->lock);
    arch_irq_restore(flags);
}

static unsigned long lock_two(struct domain *a, struct domain *b)
{
    unsigned long flags = arch_irq_save();
    if (a == b) {
        spin_lock(&a->evtchn->lock);
        return flags;
    }
    if (a->id > b->id) {
        struct domain *t = a;
        a = b;
        b = t;
    }
    spin_lock(&a->evtchn->lock);
    spin_lock(&b->evtchn->lock);
    return flags;
}

static void unlock_two(struct domain *a, struct domain *b, unsigned long flags)
{
    if (b && b != a)
        spin_unlock(&b->evtchn->lock);
    spin_unlock(&a->evtchn->lock);
    arch_irq_restore(flags);
}

/*
 * Locks d and, if d's port p is interdomain, the peer's domain as well (in
 * domain-id order). Returns the peer domain (d itself for a loopback), or
 * NULL with only d locked when p is not interdomain.
 */
static struct domain *lock_port_and_peer(struct domain *d, evtchn_port_t p, unsigned long *flags)
{
    struct evtchn *c = &d->evtchn->port[p];

    *flags = arch_irq_save();
    for (;;) {
        spin_lock(&d->evtchn->lock);
        if (c->state != ECS_INTERDOMAIN)
            return NULL;
        uint16_t rid = c->remote_dom;
        struct domain *rd = dom_by_id(rid);
        if (!rd || rd == d)
            return rd;
        if (d->id < rd->id) {
            spin_lock(&rd->evtchn->lock);
            return rd;
        }
        spin_unlock(&d->evtchn->lock);
        spin_lock(&rd->evtchn->lock);
        spin_lock(&d->evtchn->lock);
        if (c->state == ECS_INTERDOMAIN && c->remote_dom == rid)
            return rd;
        spin_unlock(&d->evtchn->lock);
        spin_unlock(&rd->evtchn->lock);
    }
}

/* ------------------------------------------------------------------------
 * Delivery (2-level).
 */
static struct vcpu_info *vcpu_info_of(struct vcpu *v)
{
    if (v->vcpu_info)
        return v->vcpu_info;
    struct shared_info *s = v->dom->shared_info;
    if (s && v->id < XEN_LEGACY_MAX_VCPUS)
        return &s->vcpu_info[v->id];
    return NULL;
}

/* Word 'word' of evtchn_pending has work for v: selector, flag, upcall. */
static void mark_vcpu(struct vcpu *v, unsigned int word)
{
    struct vcpu_info *vi = vcpu_info_of(v);
    if (!vi)
        return; /* nowhere to tell it; the pending bit stays for a scan */
    atomic_fetch_or(atomic_word(&vi->evtchn_pending_sel), 1ULL << word);
    atomic_store((_Atomic uint8_t *)&vi->evtchn_upcall_pending, 1);
    arch_evtchn_upcall(v);
}

/* SCHEDOP_poll: a port going pending, masked or not, wakes the domain's
 * polling vCPUs; they return to the guest, which looks for itself. */
static void wake_pollers(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (atomic_exchange(&d->vcpus[i]->polling, false))
            vcpu_unblock(d->vcpus[i]);
}

bool evtchn_is_pending(struct domain *d, unsigned int port)
{
    struct shared_info *s = d->shared_info;
    if (port >= EVTCHN_2L_NR || !s)
        return false;
    return atomic_load(atomic_word(&s->evtchn_pending[port / WORD_BITS])) &
           (1ULL << (port % WORD_BITS));
}

void evtchn_set_pending(struct vcpu *v, unsigned int port)
{
    struct domain *d = v->dom;
    struct shared_info *s = d->shared_info;
    unsigned int word = port / WORD_BITS;
    uint64_t bit = 1ULL << (port % WORD_BITS);

    if (port >= EVTCHN_2L_NR)
        return;
    if (!s) {
        if (d->evtchn)
            atomic_fetch_or(atomic_word(&d->evtchn->deferred[word]), bit);
        return;
    }
    if (atomic_fetch_or(atomic_word(&s->evtchn_pending[word]), bit) & bit)
        return;
    if (atomic_load(&d->has_polled))
        wake_pollers(d);
    if (atomic_load(atomic_word(&s->evtchn_mask[word])) & bit)
        return;
    mark_vcpu(v, word);
}

/* Port p of d (lock held) goes pending on its notified vCPU. */
static void deliver(struct domain *d, evtchn_port_t p)
{
    struct vcpu *v = dom_vcpu(d, d->evtchn->port[p].notify_vcpu);
    if (v)
        evtchn_set_pending(v, p);
}

static void clear_pending(struct domain *d, evtchn_port_t p)
{
    unsigned int word = p / WORD_BITS;
    uint64_t bit = 1ULL << (p % WORD_BITS);
    struct shared_info *s = d->shared_info;

    if (s)
        atomic_fetch_and(atomic_word(&s->evtchn_pending[word]), ~bit);
    atomic_fetch_and(atomic_word(&d->evtchn->deferred[word]), ~bit);
}

void evtchn_shared_info_ready(struct domain *d)
{
    if (!d->evtchn || !d->shared_info)
        return;
    unsigned long flags = lock_one(d);
    for (unsigned int w = 0; w < XEN_EVTCHN_2L_WORDS; w++) {
        uint64_t bits = atomic_exchange(atomic_word(&d->evtchn->deferred[w]), 0);
        while (bits) {
            unsigned int b = (unsigned int)__builtin_ctzll(bits);
            bits &= bits - 1;
            evtchn_port_t p = w * WORD_BITS + b;
            if (d->evtchn->port[p].state > ECS_RESERVED)
                deliver(d, p);
        }
    }
    unlock_one(d, flags);
}

/* ------------------------------------------------------------------------
 * Port allocation (d's lock held).
 */
static int alloc_port(struct domain *d)
{
    struct evtchn_domain *e = d->evtchn;
    for (evtchn_port_t p = 1; p < EVTCHN_2L_NR; p++) {
        if (e->port[p].state == ECS_FREE) {
            e->nr_used++;
            return (int)p;
        }
    }
    return -ENOSPC;
}

static void free_port(struct domain *d, evtchn_port_t p)
{
    clear_pending(d, p);
    memset(&d->evtchn->port[p], 0, sizeof(d->evtchn->port[p])); /* ECS_FREE, vCPU 0 */
    d->evtchn->nr_used--;
}

/* Closes port p of d; an interdomain peer goes back to unbound for d. */
static int close_port(struct domain *d, evtchn_port_t p)
{
    unsigned long flags;
    struct domain *rd = lock_port_and_peer(d, p, &flags);
    struct evtchn_domain *e = d->evtchn;
    struct evtchn *c = &e->port[p];
    int rc = 0;

    switch (c->state) {
    case ECS_FREE:
    case ECS_RESERVED: rc = -EINVAL; break;
    case ECS_VIRQ: e->virq_to_port[virq_slot(c->virq, c->notify_vcpu)] = 0; break;
    case ECS_INTERDOMAIN:
        if (rd) {
            struct evtchn *r = &rd->evtchn->port[c->remote_port];
            if (r->state == ECS_INTERDOMAIN && r->remote_dom == d->id && r->remote_port == p) {
                r->state = ECS_UNBOUND;
                r->remote_port = 0;
            }
        }
        break;
    default: break;
    }
    if (rc == 0)
        free_port(d, p);
    unlock_two(d, rd, flags);
    return rc;
}

static void close_all(struct domain *d)
{
    for (evtchn_port_t p = 1; p < EVTCHN_2L_NR; p++)
        if (d->evtchn->port[p].state != ECS_FREE)
            (void)close_port(d, p);
}

/* ------------------------------------------------------------------------
 * Domain set-up and tear-down.
 */
int evtchn_domain_init(struct domain *d)
{
    if (d->evtchn || d->nr_vcpus == 0)
        return -EINVAL;
    struct evtchn_domain *e = xzalloc(sizeof(*e));
    if (!e)
        return -ENOMEM;
    e->virq_to_port = xzalloc((size_t)d->nr_vcpus * NR_VIRQS * sizeof(evtchn_port_t));
    if (!e->virq_to_port) {
        xfree(e);
        return -ENOMEM;
    }
    spin_lock_init(&e->lock);
    e->nr_vcpus = d->nr_vcpus;
    e->port[0].state = ECS_RESERVED;
    d->evtchn = e;
    return 0;
}

void evtchn_domain_destroy(struct domain *d)
{
    struct evtchn_domain *e = d->evtchn;
    if (!e)
        return;
    close_all(d);
    d->evtchn = NULL;
    xfree(e->virq_to_port);
    xfree(e);
}

int evtchn_send_virq(struct domain *d, unsigned int virq, unsigned int vcpu_id)
{
    if (!d->evtchn || virq >= NR_VIRQS || vcpu_id >= d->evtchn->nr_vcpus)
        return -ENOENT;
    unsigned long flags = lock_one(d);
    evtchn_port_t p = d->evtchn->virq_to_port[virq_slot(virq, vcpu_id)];
    if (p)
        deliver(d, p);
    unlock_one(d, flags);
    return p ? 0 : -ENOENT;
}

/* ------------------------------------------------------------------------
 * The operations. Arguments are already copied in; they validate, act, and
 * fill in the OUT fields.
 */
static long op_alloc_unbound(struct vcpu *v, struct evtchn_alloc_unbound *a)
{
    struct domain *d = resolve_dom(v, a->dom);
    if (!d)
        return -ESRCH;
    if (!may_act_on(v, d))
        return -EPERM;
    uint32_t rid = a->remote_dom == DOMID_SELF ? v->dom->id : a->remote_dom;
    if (!dom_by_id(rid))
        return -ESRCH;

    unsigned long flags = lock_one(d);
    int p = alloc_port(d);
    if (p > 0) {
        struct evtchn *c = &d->evtchn->port[p];
        c->state = ECS_UNBOUND;
        c->remote_dom = (uint16_t)rid;
        c->notify_vcpu = 0;
        a->port = (evtchn_port_t)p;
    }
    unlock_one(d, flags);
    return p < 0 ? p : 0;
}

static long op_bind_interdomain(struct vcpu *v, struct evtchn_bind_interdomain *b)
{
    struct domain *ld = v->dom;
    struct domain *rd = resolve_dom(v, b->remote_dom);
    if (!rd)
        return -ESRCH;
    if (!port_ok(b->remote_port))
        return -EINVAL;

    long rc = 0;
    unsigned long flags = lock_two(ld, rd);
    struct evtchn *r = &rd->evtchn->port[b->remote_port];
    if (r->state != ECS_UNBOUND || r->remote_dom != ld->id) {
        rc = -EINVAL;
    } else {
        int lp = alloc_port(ld);
        if (lp < 0) {
            rc = lp;
        } else {
            struct evtchn *l = &ld->evtchn->port[lp];
            l->state = ECS_INTERDOMAIN;
            l->remote_dom = rd->id;
            l->remote_port = b->remote_port;
            l->notify_vcpu = 0;
            r->state = ECS_INTERDOMAIN;
            r->remote_dom = ld->id;
            r->remote_port = (evtchn_port_t)lp;
            /* As Xen: notifications to the unbound port may have been
             * dropped, so the new local port conservatively goes pending. */
            deliver(ld, (evtchn_port_t)lp);
            b->local_port = (evtchn_port_t)lp;
        }
    }
    unlock_two(ld, rd, flags);
    return rc;
}

static long op_bind_virq(struct vcpu *v, struct evtchn_bind_virq *b)
{
    struct domain *d = v->dom;
    if (b->virq >= NR_VIRQS)
        return -EINVAL;
    if (virq_is_global(b->virq) && b->vcpu != 0)
        return -EINVAL;
    if (!dom_vcpu(d, b->vcpu))
        return -ENOENT;

    long rc = 0;
    unsigned long flags = lock_one(d);
    evtchn_port_t *slot = &d->evtchn->virq_to_port[virq_slot(b->virq, b->vcpu)];
    if (*slot) {
        rc = -EEXIST;
    } else {
        int p = alloc_port(d);
        if (p < 0) {
            rc = p;
        } else {
            struct evtchn *c = &d->evtchn->port[p];
            c->state = ECS_VIRQ;
            c->virq = (uint8_t)b->virq;
            c->notify_vcpu = b->vcpu;
            *slot = (evtchn_port_t)p;
            b->port = (evtchn_port_t)p;
        }
    }
    unlock_one(d, flags);
    return rc;
}

static long op_bind_ipi(struct vcpu *v, struct evtchn_bind_ipi *b)
{
    struct domain *d = v->dom;
    if (!dom_vcpu(d, b->vcpu))
        return -ENOENT;

    unsigned long flags = lock_one(d);
    int p = alloc_port(d);
    if (p > 0) {
        struct evtchn *c = &d->evtchn->port[p];
        c->state = ECS_IPI;
        c->notify_vcpu = b->vcpu;
        b->port = (evtchn_port_t)p;
    }
    unlock_one(d, flags);
    return p < 0 ? p : 0;
}

static long op_send(struct vcpu *v, evtchn_port_t p)
{
    struct domain *d = v->dom;
    if (!port_ok(p))
        return -EINVAL;

    long rc = 0;
    unsigned long flags;
    struct domain *rd = lock_port_and_peer(d, p, &flags);
    struct evtchn *c = &d->evtchn->port[p];
    switch (c->state) {
    case ECS_INTERDOMAIN:
        if (rd)
            deliver(rd, c->remote_port);
        break;
    case ECS_IPI: deliver(d, p); break;
    case ECS_UNBOUND: break; /* as Xen: silently dropped, success */
    default:
        rc = -EINVAL; /* free, or a VIRQ (only the hypervisor raises those) */
        break;
    }
    unlock_two(d, rd, flags);
    return rc;
}

static long op_status(struct vcpu *v, struct evtchn_status *st)
{
    struct domain *d = resolve_dom(v, st->dom);
    if (!d)
        return -ESRCH;
    if (!may_act_on(v, d))
        return -EPERM;
    if (!port_ok(st->port))
        return -EINVAL;

    unsigned long flags = lock_one(d);
    const struct evtchn *c = &d->evtchn->port[st->port];
    memset(&st->u, 0, sizeof(st->u));
    switch (c->state) {
    case ECS_UNBOUND:
        st->status = EVTCHNSTAT_unbound;
        st->u.unbound.dom = c->remote_dom;
        break;
    case ECS_INTERDOMAIN:
        st->status = EVTCHNSTAT_interdomain;
        st->u.interdomain.dom = c->remote_dom;
        st->u.interdomain.port = c->remote_port;
        break;
    case ECS_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = c->virq;
        break;
    case ECS_IPI: st->status = EVTCHNSTAT_ipi; break;
    default: st->status = EVTCHNSTAT_closed; break;
    }
    st->vcpu = c->notify_vcpu;
    unlock_one(d, flags);
    return 0;
}

static long op_bind_vcpu(struct vcpu *v, const struct evtchn_bind_vcpu *b)
{
    struct domain *d = v->dom;
    if (!dom_vcpu(d, b->vcpu))
        return -ENOENT; /* as Xen */
    if (!port_ok(b->port))
        return -EINVAL;

    long rc = 0;
    unsigned long flags = lock_one(d);
    struct evtchn *c = &d->evtchn->port[b->port];
    switch (c->state) {
    case ECS_VIRQ:
        if (virq_is_global(c->virq))
            c->notify_vcpu = b->vcpu;
        else
            rc = -EINVAL;
        break;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN: c->notify_vcpu = b->vcpu; break;
    default:
        rc = -EINVAL; /* free, or IPI (bound to its vCPU for good) */
        break;
    }
    unlock_one(d, flags);
    return rc;
}

static long op_unmask(struct vcpu *v, evtchn_port_t p)
{
    struct domain *d = v->dom;
    if (!port_ok(p))
        return -EINVAL;

    unsigned long flags = lock_one(d);
    struct shared_info *s = d->shared_info;
    struct vcpu *t = dom_vcpu(d, d->evtchn->port[p].notify_vcpu);
    if (s && t) {
        unsigned int word = p / WORD_BITS;
        uint64_t bit = 1ULL << (p % WORD_BITS);
        if ((atomic_fetch_and(atomic_word(&s->evtchn_mask[word]), ~bit) & bit) &&
            (atomic_load(atomic_word(&s->evtchn_pending[word])) & bit))
            mark_vcpu(t, word);
    }
    unlock_one(d, flags);
    return 0;
}

static long op_reset(struct vcpu *v, const struct evtchn_reset *r)
{
    struct domain *d = resolve_dom(v, r->dom);
    if (!d)
        return -ESRCH;
    if (!may_act_on(v, d))
        return -EPERM;
    close_all(d);
    return 0;
}

/* ------------------------------------------------------------------------
 * The hypercall.
 */
#define COPY_IN(x)                                                                                 \
    do {                                                                                           \
        if (copy_from_guest(v, &(x), arg, sizeof(x)))                                              \
            return -EFAULT;                                                                        \
    } while (0)

/* Copies back the OUT fields of x, from member 'first' to the end. */
#define COPY_OUT(x, first)                                                                         \
    (copy_to_guest(v, arg + offsetof(__typeof__(x), first),                                        \
                   (const char *)&(x) + offsetof(__typeof__(x), first),                            \
                   sizeof(x) - offsetof(__typeof__(x), first))                                     \
         ? -EFAULT                                                                                 \
         : 0)

long do_event_channel_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    long rc;

    if (!v->dom->evtchn)
        return -ENOSYS;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound: {
        struct evtchn_alloc_unbound a;
        COPY_IN(a);
        rc = op_alloc_unbound(v, &a);
        /* As Xen, a failed copy-out leaves the port allocated. */
        return rc ? rc : COPY_OUT(a, port);
    }
    case EVTCHNOP_bind_interdomain: {
        struct evtchn_bind_interdomain a;
        COPY_IN(a);
        rc = op_bind_interdomain(v, &a);
        return rc ? rc : COPY_OUT(a, local_port);
    }
    case EVTCHNOP_bind_virq: {
        struct evtchn_bind_virq a;
        COPY_IN(a);
        rc = op_bind_virq(v, &a);
        return rc ? rc : COPY_OUT(a, port);
    }
    case EVTCHNOP_bind_ipi: {
        struct evtchn_bind_ipi a;
        COPY_IN(a);
        rc = op_bind_ipi(v, &a);
        return rc ? rc : COPY_OUT(a, port);
    }
    case EVTCHNOP_close: {
        struct evtchn_close a;
        COPY_IN(a);
        return port_ok(a.port) ? close_port(v->dom, a.port) : -EINVAL;
    }
    case EVTCHNOP_send: {
        struct evtchn_send a;
        COPY_IN(a);
        return op_send(v, a.port);
    }
    case EVTCHNOP_status: {
        struct evtchn_status a;
        COPY_IN(a);
        rc = op_status(v, &a);
        return rc ? rc : COPY_OUT(a, status);
    }
    case EVTCHNOP_bind_vcpu: {
        struct evtchn_bind_vcpu a;
        COPY_IN(a);
        return op_bind_vcpu(v, &a);
    }
    case EVTCHNOP_unmask: {
        struct evtchn_unmask a;
        COPY_IN(a);
        return op_unmask(v, a.port);
    }
    case EVTCHNOP_reset: {
        struct evtchn_reset a;
        COPY_IN(a);
        return op_reset(v, &a);
    }
    case EVTCHNOP_bind_pirq: {
        struct evtchn_bind_pirq a;
        COPY_IN(a);
        return -EOPNOTSUPP; /* as Xen on arm: no physical IRQs */
    }
    case EVTCHNOP_init_control: /* FIFO ABI: not implemented, Linux falls */
    case EVTCHNOP_expand_array: /* back to 2-level */
    case EVTCHNOP_set_priority:
    default: return -ENOSYS;
    }
}
