/* Unit tests for event channels (common/event_channel.c), 2-level ABI. */
#include <stdint.h>
#include <string.h>

#include "common/errno.h"
#include "common/event_channel.h"
#include "common/page_alloc.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "fake_guest_env.h"
#include "unit.h"

/* No domain.c on the host; weak so another test file may define it too. */
__attribute__((weak)) struct domain *domains[MAX_DOMAINS];

#define EV_BASE 0x40000000ULL
#define EV_SIZE MiB(8)
#define NDOM    3
#define NVCPU   2
#define MAXPORT EVTCHN_2L_NR

/* d0: privileged, 2 vCPUs; d1: 2 vCPUs; d2: 1 vCPU. vCPU 0 uses the
 * shared_info slot, vCPU 1 its own vcpu_info. */
static struct domain fx_dom[NDOM];
static struct vcpu fx_vcpu[NDOM][NVCPU];
static struct vcpu *fx_vcpus[NDOM][NVCPU];
static struct shared_info fx_si[NDOM];
static struct vcpu_info fx_vi[NDOM][NVCPU];
static unsigned int upcalls[NDOM][NVCPU];

/* Host fake of the architecture hook: counts upcalls per vCPU. */
void arch_evtchn_upcall(struct vcpu *v)
{
    if (v->dom->id < NDOM && v->id < NVCPU)
        upcalls[v->dom->id][v->id]++;
}

static struct vcpu *V(unsigned int d, unsigned int n)
{
    return &fx_vcpu[d][n];
}

static bool xstats_zero(void)
{
    struct xmalloc_stats st;
    xmalloc_get_stats(&st);
    return st.bytes_in_use == 0 && st.slab_pages == 0 && st.large_pages == 0;
}

static void setup(void)
{
    fake_ram_setup(EV_BASE, EV_SIZE);
    page_alloc_reset();
    xmalloc_reset();
    CHECK(page_alloc_add_region(EV_BASE, EV_BASE + EV_SIZE) == 0);
    memset(fx_dom, 0, sizeof(fx_dom));
    memset(fx_vcpu, 0, sizeof(fx_vcpu));
    memset(fx_si, 0, sizeof(fx_si));
    memset(fx_vi, 0, sizeof(fx_vi));
    memset(upcalls, 0, sizeof(upcalls));
    fake_guest_fault = false;
    for (unsigned int d = 0; d < NDOM; d++) {
        struct domain *dom = &fx_dom[d];
        dom->id = (domid_t)d;
        dom->is_privileged = d == 0;
        dom->nr_vcpus = d == 2 ? 1 : NVCPU;
        dom->vcpus = fx_vcpus[d];
        dom->shared_info = &fx_si[d];
        for (unsigned int n = 0; n < NVCPU; n++) {
            fx_vcpu[d][n].id = n;
            fx_vcpu[d][n].dom = dom;
            fx_vcpu[d][n].vcpu_info = n == 0 ? NULL : &fx_vi[d][n];
            fx_vcpus[d][n] = &fx_vcpu[d][n];
        }
        domains[d] = dom;
        CHECK(evtchn_domain_init(dom) == 0);
    }
}

static void teardown(void)
{
    for (unsigned int d = 0; d < NDOM; d++) {
        evtchn_domain_destroy(&fx_dom[d]);
        CHECK(fx_dom[d].evtchn == NULL);
        domains[d] = NULL;
    }
    CHECK(xstats_zero());
    fake_ram_teardown();
}

static struct vcpu_info *VI(unsigned int d, unsigned int n)
{
    return n == 0 ? &fx_si[d].vcpu_info[0] : &fx_vi[d][n];
}

static bool is_pending(unsigned int d, unsigned int p)
{
    return fx_si[d].evtchn_pending[p / 64] >> (p % 64) & 1;
}

static void set_mask(unsigned int d, unsigned int p, bool on)
{
    if (on)
        fx_si[d].evtchn_mask[p / 64] |= 1ULL << (p % 64);
    else
        fx_si[d].evtchn_mask[p / 64] &= ~(1ULL << (p % 64));
}

/* What a Linux guest does on an upcall: flag, selector, then the bits. */
static unsigned int guest_ack(unsigned int d, unsigned int n)
{
    struct vcpu_info *vi = VI(d, n);
    unsigned int seen = 0;
    vi->evtchn_upcall_pending = 0;
    uint64_t sel = vi->evtchn_pending_sel;
    vi->evtchn_pending_sel = 0;
    for (unsigned int w = 0; w < 64; w++) {
        if (!(sel >> w & 1))
            continue;
        uint64_t bits = fx_si[d].evtchn_pending[w] & ~fx_si[d].evtchn_mask[w];
        fx_si[d].evtchn_pending[w] &= ~bits;
        seen += (unsigned int)__builtin_popcountll(bits);
    }
    return seen;
}

static long op(struct vcpu *v, unsigned int cmd, void *a)
{
    return do_event_channel_op(v, cmd, (uint64_t)(uintptr_t)a);
}

static long alloc_unbound(struct vcpu *v, domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = {.dom = dom, .remote_dom = remote, .port = 0xdead};
    long rc = op(v, EVTCHNOP_alloc_unbound, &a);
    *port = a.port;
    return rc;
}

static long bind_inter(struct vcpu *v, domid_t rdom, evtchn_port_t rport, evtchn_port_t *lport)
{
    struct evtchn_bind_interdomain a = {.remote_dom = rdom, .remote_port = rport};
    long rc = op(v, EVTCHNOP_bind_interdomain, &a);
    *lport = a.local_port;
    return rc;
}

static long send(struct vcpu *v, evtchn_port_t p)
{
    struct evtchn_send a = {.port = p};
    return op(v, EVTCHNOP_send, &a);
}

static long close_p(struct vcpu *v, evtchn_port_t p)
{
    struct evtchn_close a = {.port = p};
    return op(v, EVTCHNOP_close, &a);
}

static long unmask(struct vcpu *v, evtchn_port_t p)
{
    struct evtchn_unmask a = {.port = p};
    return op(v, EVTCHNOP_unmask, &a);
}

static long status(struct vcpu *v, domid_t dom, evtchn_port_t p, struct evtchn_status *st)
{
    memset(st, 0, sizeof(*st));
    st->dom = dom;
    st->port = p;
    return op(v, EVTCHNOP_status, st);
}

static long bind_virq(struct vcpu *v, uint32_t virq, uint32_t vcpu, evtchn_port_t *p)
{
    struct evtchn_bind_virq a = {.virq = virq, .vcpu = vcpu};
    long rc = op(v, EVTCHNOP_bind_virq, &a);
    *p = a.port;
    return rc;
}

static long bind_ipi(struct vcpu *v, uint32_t vcpu, evtchn_port_t *p)
{
    struct evtchn_bind_ipi a = {.vcpu = vcpu};
    long rc = op(v, EVTCHNOP_bind_ipi, &a);
    *p = a.port;
    return rc;
}

static long bind_vcpu(struct vcpu *v, evtchn_port_t p, uint32_t vcpu)
{
    struct evtchn_bind_vcpu a = {.port = p, .vcpu = vcpu};
    return op(v, EVTCHNOP_bind_vcpu, &a);
}

/* d0 <-> d1 connected: *p0 in d0, *p1 in d1; pending state cleared. */
static void connect01(evtchn_port_t *p0, evtchn_port_t *p1)
{
    CHECK(alloc_unbound(V(1, 0), DOMID_SELF, 0, p1) == 0);
    CHECK(bind_inter(V(0, 0), 1, *p1, p0) == 0);
    memset(fx_si, 0, sizeof(fx_si));
    memset(fx_vi, 0, sizeof(fx_vi));
    memset(upcalls, 0, sizeof(upcalls));
}

/* ------------------------------------------------------------------------ */

/* alloc_unbound + bind_interdomain, then sends both ways reach the right vCPU. */
TEST(evtchn_interdomain_send_both_ways)
{
    setup();
    evtchn_port_t p0, p1;
    CHECK(alloc_unbound(V(1, 0), DOMID_SELF, 0, &p1) == 0);
    CHECK(p1 == 1);
    CHECK(bind_inter(V(0, 0), 1, p1, &p0) == 0);
    CHECK(p0 == 1);
    /* As Xen, the binding side's new port is conservatively pending. */
    CHECK(is_pending(0, p0) && upcalls[0][0] == 1);
    connect01(&p0, &p1); /* second pair: ports 2/2, state cleared */
    CHECK(p0 == 2 && p1 == 2);

    CHECK(send(V(0, 0), p0) == 0);
    CHECK(is_pending(1, p1));
    CHECK(VI(1, 0)->evtchn_pending_sel == 1);
    CHECK(VI(1, 0)->evtchn_upcall_pending == 1);
    CHECK(upcalls[1][0] == 1 && upcalls[0][0] == 0 && upcalls[1][1] == 0);
    CHECK(!is_pending(0, p0));

    CHECK(bind_vcpu(V(0, 0), p0, 1) == 0); /* d0 hears on vCPU 1 */
    CHECK(send(V(1, 0), p1) == 0);
    CHECK(is_pending(0, p0));
    CHECK(VI(0, 1)->evtchn_pending_sel == 1 && VI(0, 1)->evtchn_upcall_pending == 1);
    CHECK(upcalls[0][1] == 1 && upcalls[0][0] == 0);
    teardown();
}

/* A masked port goes pending without an upcall; unmask then upcalls once. */
TEST(evtchn_masked_until_unmask)
{
    setup();
    evtchn_port_t p0, p1;
    connect01(&p0, &p1);
    set_mask(1, p1, true);
    CHECK(send(V(0, 0), p0) == 0);
    CHECK(is_pending(1, p1));
    CHECK(VI(1, 0)->evtchn_pending_sel == 0 && VI(1, 0)->evtchn_upcall_pending == 0);
    CHECK(upcalls[1][0] == 0);
    CHECK(unmask(V(1, 0), p1) == 0);
    CHECK(!(fx_si[1].evtchn_mask[0] >> p1 & 1));
    CHECK(VI(1, 0)->evtchn_pending_sel == 1 && VI(1, 0)->evtchn_upcall_pending == 1);
    CHECK(upcalls[1][0] == 1);
    CHECK(unmask(V(1, 0), p1) == 0); /* not masked any more: nothing new */
    CHECK(upcalls[1][0] == 1);
    teardown();
}

/* Sending to a port that is already pending does not upcall again. */
TEST(evtchn_pending_no_reupcall)
{
    setup();
    evtchn_port_t p0, p1;
    connect01(&p0, &p1);
    CHECK(send(V(0, 0), p0) == 0);
    CHECK(send(V(0, 0), p0) == 0);
    CHECK(send(V(0, 0), p0) == 0);
    CHECK(upcalls[1][0] == 1);
    CHECK(guest_ack(1, 0) == 1);
    CHECK(send(V(0, 0), p0) == 0);
    CHECK(upcalls[1][0] == 2);
    teardown();
}

/* 10,000 sends with the receiver acknowledging in between: none lost. */
TEST(evtchn_many_sends_none_lost)
{
    setup();
    evtchn_port_t p0, p1;
    connect01(&p0, &p1);
    unsigned int seen = 0;
    for (unsigned int i = 0; i < 10000; i++) {
        CHECK(send(V(0, 0), p0) == 0);
        if (i % 3 != 2) /* sometimes two sends coalesce into one event */
            seen += guest_ack(1, 0);
    }
    seen += guest_ack(1, 0);
    /* Every third send hits a still-pending port: 10000 - 3333 events. */
    CHECK(seen == 6667);
    CHECK(upcalls[1][0] == 6667);
    teardown();
}

/* bind_virq: per-vCPU and global VIRQs, duplicates, bad numbers and vCPUs. */
TEST(evtchn_bind_virq_cases)
{
    setup();
    static const struct {
        uint32_t virq, vcpu;
        long rc;
    } cases[] = {
        {VIRQ_TIMER, 0, 0},       {VIRQ_TIMER, 1, 0},         {VIRQ_TIMER, 1, -EEXIST},
        {VIRQ_CONSOLE, 0, 0},     {VIRQ_CONSOLE, 0, -EEXIST}, {VIRQ_CONSOLE, 1, -EINVAL},
        {VIRQ_DEBUG, 2, -ENOENT}, {NR_VIRQS, 0, -EINVAL},     {0xffffffffU, 0, -EINVAL},
        {VIRQ_ARCH_7, 0, 0},      {VIRQ_XENPMU, 1, 0},        {VIRQ_XENPMU, 1, -EEXIST},
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        evtchn_port_t p = 0;
        long rc = bind_virq(V(0, 0), cases[i].virq, cases[i].vcpu, &p);
        CHECK(rc == cases[i].rc);
        if (rc == 0) {
            struct evtchn_status st;
            CHECK(status(V(0, 0), DOMID_SELF, p, &st) == 0);
            CHECK(st.status == EVTCHNSTAT_virq && st.u.virq == cases[i].virq);
            CHECK(st.vcpu == cases[i].vcpu);
        }
    }
    /* The hypervisor raises them; VIRQ sends from the guest are refused. */
    CHECK(evtchn_send_virq(&fx_dom[0], VIRQ_TIMER, 1) == 0);
    CHECK(upcalls[0][1] == 1);
    CHECK(evtchn_send_virq(&fx_dom[0], VIRQ_CONSOLE, 1) == 0); /* global: vCPU 0 */
    CHECK(upcalls[0][0] == 1);
    CHECK(evtchn_send_virq(&fx_dom[0], VIRQ_DOM_EXC, 0) == -ENOENT);
    CHECK(evtchn_send_virq(&fx_dom[0], NR_VIRQS, 0) == -ENOENT);
    CHECK(evtchn_send_virq(&fx_dom[0], VIRQ_TIMER, 7) == -ENOENT);
    CHECK(send(V(0, 0), 1) == -EINVAL);
    /* Closing a VIRQ port frees the binding for a new one. */
    CHECK(close_p(V(0, 0), 1) == 0);
    CHECK(evtchn_send_virq(&fx_dom[0], VIRQ_TIMER, 0) == -ENOENT);
    evtchn_port_t p;
    CHECK(bind_virq(V(0, 0), VIRQ_TIMER, 0, &p) == 0 && p == 1);
    teardown();
}

/* bind_ipi + send signals the domain's own chosen vCPU. */
TEST(evtchn_ipi_send)
{
    setup();
    evtchn_port_t p, bad;
    CHECK(bind_ipi(V(1, 0), 1, &p) == 0);
    CHECK(bind_ipi(V(1, 0), 2, &bad) == -ENOENT);
    CHECK(send(V(1, 0), p) == 0);
    CHECK(is_pending(1, p) && upcalls[1][1] == 1 && upcalls[1][0] == 0);
    CHECK(VI(1, 1)->evtchn_pending_sel == 1 && VI(1, 1)->evtchn_upcall_pending == 1);
    CHECK(bind_vcpu(V(1, 0), p, 0) == -EINVAL); /* IPIs stay on their vCPU */
    teardown();
}

/* Closing one end leaves the other unbound; sending on it is dropped (Xen: 0). */
TEST(evtchn_close_makes_peer_unbound)
{
    setup();
    evtchn_port_t p0, p1;
    connect01(&p0, &p1);
    CHECK(close_p(V(1, 0), p1) == 0);
    struct evtchn_status st;
    CHECK(status(V(0, 0), DOMID_SELF, p0, &st) == 0);
    CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 1);
    CHECK(status(V(1, 0), DOMID_SELF, p1, &st) == 0 && st.status == EVTCHNSTAT_closed);
    CHECK(send(V(0, 0), p0) == 0);       /* unbound: silently dropped, as Xen */
    CHECK(send(V(1, 0), p1) == -EINVAL); /* closed */
    CHECK(close_p(V(1, 0), p1) == -EINVAL);
    CHECK(upcalls[0][0] == 0 && upcalls[1][0] == 0 && !is_pending(1, p1));
    /* d1 may bind to the now-unbound d0 port again. */
    evtchn_port_t np;
    CHECK(bind_inter(V(1, 0), 0, p0, &np) == 0);
    CHECK(status(V(0, 0), DOMID_SELF, p0, &st) == 0);
    CHECK(st.status == EVTCHNSTAT_interdomain && st.u.interdomain.port == np);
    teardown();
}

/* status reports every state, with the remote end and the notified vCPU. */
TEST(evtchn_status_states)
{
    setup();
    evtchn_port_t pu, pi, pv, pipi, lb0, lb1;
    CHECK(alloc_unbound(V(0, 0), DOMID_SELF, 2, &pu) == 0);
    CHECK(alloc_unbound(V(1, 0), DOMID_SELF, 0, &pi) == 0);
    evtchn_port_t pi0;
    CHECK(bind_inter(V(0, 0), 1, pi, &pi0) == 0);
    CHECK(bind_virq(V(0, 0), VIRQ_DEBUG, 1, &pv) == 0);
    CHECK(bind_ipi(V(0, 0), 1, &pipi) == 0);
    CHECK(alloc_unbound(V(0, 0), DOMID_SELF, DOMID_SELF, &lb0) == 0); /* loopback */
    CHECK(bind_inter(V(0, 0), DOMID_SELF, lb0, &lb1) == 0);
    static const struct {
        unsigned int port_idx; /* into ports[] */
        uint32_t status, vcpu, u0;
    } cases[] = {
        {0, EVTCHNSTAT_unbound, 0, 2},       {1, EVTCHNSTAT_interdomain, 0, 1},
        {2, EVTCHNSTAT_virq, 1, VIRQ_DEBUG}, {3, EVTCHNSTAT_ipi, 1, 0},
        {4, EVTCHNSTAT_interdomain, 0, 0},   {5, EVTCHNSTAT_interdomain, 0, 0},
        {6, EVTCHNSTAT_closed, 0, 0},
    };
    evtchn_port_t ports[] = {pu, pi0, pv, pipi, lb0, lb1, 100};
    const evtchn_port_t peer[] = {0, pi, 0, 0, lb1, lb0, 0};
    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        struct evtchn_status st;
        CHECK(status(V(0, 0), DOMID_SELF, ports[cases[i].port_idx], &st) == 0);
        CHECK(st.status == cases[i].status && st.vcpu == cases[i].vcpu);
        if (st.status == EVTCHNSTAT_unbound)
            CHECK(st.u.unbound.dom == cases[i].u0);
        if (st.status == EVTCHNSTAT_virq)
            CHECK(st.u.virq == cases[i].u0);
        if (st.status == EVTCHNSTAT_interdomain)
            CHECK(st.u.interdomain.dom == cases[i].u0 &&
                  st.u.interdomain.port == peer[cases[i].port_idx]);
    }
    /* Privileged d0 may look at d1; d1 may not look at d0. */
    struct evtchn_status st;
    CHECK(status(V(0, 0), 1, pi, &st) == 0 && st.status == EVTCHNSTAT_interdomain);
    CHECK(status(V(1, 0), 0, pi0, &st) == -EPERM);
    CHECK(status(V(1, 0), 9, 1, &st) == -ESRCH);
    teardown();
}

/* bind_vcpu moves delivery of interdomain and global VIRQ ports. */
TEST(evtchn_bind_vcpu_moves)
{
    setup();
    evtchn_port_t p0, p1, pc;
    connect01(&p0, &p1);
    CHECK(bind_vcpu(V(1, 0), p1, 1) == 0);
    CHECK(send(V(0, 0), p0) == 0);
    CHECK(upcalls[1][1] == 1 && upcalls[1][0] == 0);
    CHECK(VI(1, 1)->evtchn_pending_sel == 1 && VI(1, 0)->evtchn_pending_sel == 0);
    CHECK(bind_vcpu(V(1, 0), p1, 2) == -ENOENT); /* as Xen: no such vCPU */
    CHECK(bind_vcpu(V(1, 0), p1, 0xffffffffU) == -ENOENT);
    CHECK(bind_virq(V(1, 0), VIRQ_CON_RING, 0, &pc) == 0);
    CHECK(bind_vcpu(V(1, 0), pc, 1) == 0);
    CHECK(evtchn_send_virq(&fx_dom[1], VIRQ_CON_RING, 0) == 0);
    CHECK(upcalls[1][1] == 2);
    evtchn_port_t pt;
    CHECK(bind_virq(V(1, 0), VIRQ_TIMER, 0, &pt) == 0);
    CHECK(bind_vcpu(V(1, 0), pt, 1) == -EINVAL); /* per-vCPU VIRQ */
    teardown();
}

/* reset closes every port (own or, for the privileged caller, another's). */
TEST(evtchn_reset_closes_all)
{
    setup();
    evtchn_port_t p0, p1, p;
    connect01(&p0, &p1);
    CHECK(bind_ipi(V(1, 0), 0, &p) == 0);
    CHECK(bind_virq(V(1, 0), VIRQ_TIMER, 1, &p) == 0);
    struct evtchn_reset r = {.dom = 0};
    CHECK(op(V(1, 0), EVTCHNOP_reset, &r) == -EPERM);
    r.dom = 7;
    CHECK(op(V(0, 0), EVTCHNOP_reset, &r) == -ESRCH);
    r.dom = DOMID_SELF;
    CHECK(op(V(1, 0), EVTCHNOP_reset, &r) == 0);
    CHECK(fx_dom[1].evtchn->nr_used == 0);
    struct evtchn_status st;
    CHECK(status(V(0, 0), DOMID_SELF, p0, &st) == 0 && st.status == EVTCHNSTAT_unbound);
    CHECK(bind_virq(V(1, 0), VIRQ_TIMER, 1, &p) == 0 && p == 1);
    r.dom = 1;
    CHECK(op(V(0, 0), EVTCHNOP_reset, &r) == 0);
    CHECK(fx_dom[1].evtchn->nr_used == 0);
    teardown();
}

/* ------------------------------------------------------------------------
 * Errors change nothing.
 */
static struct evtchn_domain snap_e[NDOM];
static evtchn_port_t snap_virq[NDOM][NVCPU * NR_VIRQS];
static struct shared_info snap_si[NDOM];
static struct vcpu_info snap_vi[NDOM][NVCPU];
static unsigned int snap_up[NDOM][NVCPU];

static void snapshot(void)
{
    for (unsigned int d = 0; d < NDOM; d++) {
        memcpy(&snap_e[d], fx_dom[d].evtchn, sizeof(snap_e[d]));
        memcpy(snap_virq[d], fx_dom[d].evtchn->virq_to_port,
               fx_dom[d].nr_vcpus * NR_VIRQS * sizeof(evtchn_port_t));
    }
    memcpy(snap_si, fx_si, sizeof(fx_si));
    memcpy(snap_vi, fx_vi, sizeof(fx_vi));
    memcpy(snap_up, upcalls, sizeof(upcalls));
}

static bool unchanged(void)
{
    for (unsigned int d = 0; d < NDOM; d++) {
        const struct evtchn_domain *e = fx_dom[d].evtchn;
        if (memcmp(snap_e[d].port, e->port, sizeof(e->port)) || snap_e[d].nr_used != e->nr_used ||
            memcmp(snap_e[d].deferred, e->deferred, sizeof(e->deferred)) ||
            memcmp(snap_virq[d], e->virq_to_port,
                   fx_dom[d].nr_vcpus * NR_VIRQS * sizeof(evtchn_port_t)))
            return false;
    }
    return !memcmp(snap_si, fx_si, sizeof(fx_si)) && !memcmp(snap_vi, fx_vi, sizeof(fx_vi)) &&
           !memcmp(snap_up, upcalls, sizeof(upcalls));
}

/* Every op with bad ports, closed ports, missing domains, wrong caller or a
 * copy fault returns the right error and changes no state at all. */
TEST(evtchn_errors_change_nothing)
{
    setup();
    evtchn_port_t p0, p1, pf, pb;
    connect01(&p0, &p1);
    CHECK(alloc_unbound(V(0, 0), DOMID_SELF, 1, &pb) == 0); /* bindable by d1 */
    CHECK(alloc_unbound(V(0, 0), DOMID_SELF, 1, &pf) == 0);
    CHECK(close_p(V(0, 0), pf) == 0); /* pf: closed */
    memset(fx_si, 0, sizeof(fx_si));

    const uint32_t bad_ports[] = {0, (uint32_t)-1, MAXPORT, MAXPORT + 1, pf};
    struct {
        uint32_t cmd;
        struct vcpu *v;
        union {
            struct evtchn_alloc_unbound au;
            struct evtchn_bind_interdomain bi;
            struct evtchn_bind_virq bv;
            struct evtchn_bind_ipi ip;
            struct evtchn_close cl;
            struct evtchn_send se;
            struct evtchn_status st;
            struct evtchn_bind_vcpu bc;
            struct evtchn_unmask um;
            struct evtchn_reset rs;
        } a;
        long rc;
    } cases[64];
    unsigned int n = 0;
#define ADD(c, vv, field, rcv, ...)                                                                \
    do {                                                                                           \
        memset(&cases[n], 0, sizeof(cases[n]));                                                    \
        cases[n].cmd = (c);                                                                        \
        cases[n].v = (vv);                                                                         \
        cases[n].a.field = (__typeof__(cases[n].a.field)){__VA_ARGS__};                            \
        cases[n].rc = (rcv);                                                                       \
        n++;                                                                                       \
    } while (0)
    for (unsigned int i = 0; i < ARRAY_SIZE(bad_ports); i++) {
        uint32_t bp = bad_ports[i];
        bool closed = bp == pf; /* a valid number: status and unmask succeed */
        ADD(EVTCHNOP_close, V(0, 0), cl, -EINVAL, .port = bp);
        ADD(EVTCHNOP_send, V(0, 0), se, -EINVAL, .port = bp);
        ADD(EVTCHNOP_bind_vcpu, V(0, 0), bc, -EINVAL, .port = bp, .vcpu = 1);
        ADD(EVTCHNOP_bind_interdomain, V(1, 0), bi, -EINVAL, .remote_dom = 0, .remote_port = bp);
        if (!closed) {
            ADD(EVTCHNOP_unmask, V(0, 0), um, -EINVAL, .port = bp);
            ADD(EVTCHNOP_status, V(0, 0), st, -EINVAL, .dom = DOMID_SELF, .port = bp);
        }
    }
    /* Missing domains, wrong callers, wrong states. */
    ADD(EVTCHNOP_alloc_unbound, V(0, 0), au, -ESRCH, .dom = 9, .remote_dom = 0);
    ADD(EVTCHNOP_alloc_unbound, V(0, 0), au, -ESRCH, .dom = DOMID_SELF, .remote_dom = 9);
    ADD(EVTCHNOP_alloc_unbound, V(0, 0), au, -ESRCH, .dom = DOMID_SELF, .remote_dom = DOMID_IO);
    ADD(EVTCHNOP_alloc_unbound, V(1, 0), au, -EPERM, .dom = 0, .remote_dom = 1);
    ADD(EVTCHNOP_bind_interdomain, V(1, 0), bi, -ESRCH, .remote_dom = 9, .remote_port = pb);
    ADD(EVTCHNOP_bind_interdomain, V(2, 0), bi, -EINVAL, .remote_dom = 0, .remote_port = pb);
    ADD(EVTCHNOP_bind_interdomain, V(1, 0), bi, -EINVAL, .remote_dom = 0, .remote_port = p0);
    ADD(EVTCHNOP_bind_ipi, V(2, 0), ip, -ENOENT, .vcpu = 1);
    ADD(EVTCHNOP_bind_virq, V(0, 0), bv, -EINVAL, .virq = NR_VIRQS, .vcpu = 0);
    ADD(EVTCHNOP_status, V(1, 0), st, -EPERM, .dom = 0, .port = p0);
    ADD(EVTCHNOP_status, V(0, 0), st, -ESRCH, .dom = 9, .port = 1);
    ADD(EVTCHNOP_reset, V(2, 0), rs, -EPERM, .dom = 1);
    ADD(EVTCHNOP_reset, V(0, 0), rs, -ESRCH, .dom = 40);
    ADD(EVTCHNOP_bind_vcpu, V(0, 0), bc, -ENOENT, .port = p0, .vcpu = 2);
    ADD(EVTCHNOP_bind_pirq, V(0, 0), bv, -EOPNOTSUPP, .virq = 1);
    ADD(99, V(0, 0), se, -ENOSYS, .port = p0);
#undef ADD
    CHECK(n <= ARRAY_SIZE(cases));

    for (unsigned int i = 0; i < n; i++) {
        snapshot();
        long rc = op(cases[i].v, cases[i].cmd, &cases[i].a);
        if (rc != cases[i].rc)
            printf("    case %u (cmd %u): rc %ld, want %ld\n", i, cases[i].cmd, rc, cases[i].rc);
        CHECK(rc == cases[i].rc);
        CHECK(unchanged());
    }

    /* A copy fault on every op: -EFAULT and nothing changes. */
    static const uint32_t all_ops[] = {
        EVTCHNOP_alloc_unbound, EVTCHNOP_bind_interdomain,
        EVTCHNOP_bind_virq,     EVTCHNOP_bind_pirq,
        EVTCHNOP_close,         EVTCHNOP_send,
        EVTCHNOP_status,        EVTCHNOP_bind_ipi,
        EVTCHNOP_bind_vcpu,     EVTCHNOP_unmask,
        EVTCHNOP_reset,
    };
    struct evtchn_status any = {.dom = DOMID_SELF, .port = p0};
    for (unsigned int i = 0; i < ARRAY_SIZE(all_ops); i++) {
        snapshot();
        fake_guest_fault = true;
        CHECK(op(V(0, 0), all_ops[i], &any) == -EFAULT);
        fake_guest_fault = false;
        CHECK(unchanged());
        CHECK(do_event_channel_op(V(0, 0), all_ops[i], 0) == -EFAULT); /* NULL address */
        CHECK(unchanged());
    }
    teardown();
}

/* The FIFO ABI's operations are not implemented: Linux falls back to 2-level. */
TEST(evtchn_fifo_enosys)
{
    setup();
    struct evtchn_init_control ic = {.control_gfn = 0x1234, .vcpu = 0};
    struct evtchn_expand_array ea = {.array_gfn = 0x1235};
    struct evtchn_set_priority sp = {.port = 1, .priority = 7};
    snapshot();
    CHECK(op(V(0, 0), EVTCHNOP_init_control, &ic) == -ENOSYS);
    CHECK(op(V(0, 0), EVTCHNOP_expand_array, &ea) == -ENOSYS);
    CHECK(op(V(0, 0), EVTCHNOP_set_priority, &sp) == -ENOSYS);
    CHECK(ic.link_bits == 0);
    CHECK(unchanged());
    teardown();
}

/* Ports run out with -ENOSPC (port 0 never handed out); closing frees one. */
TEST(evtchn_port_exhaustion)
{
    setup();
    evtchn_port_t p = 0;
    for (unsigned int i = 1; i < MAXPORT; i++) {
        CHECK(bind_ipi(V(2, 0), 0, &p) == 0);
        CHECK(p == i);
    }
    CHECK(bind_ipi(V(2, 0), 0, &p) == -ENOSPC);
    CHECK(alloc_unbound(V(2, 0), DOMID_SELF, 0, &p) == -ENOSPC);
    CHECK(close_p(V(2, 0), 77) == 0);
    CHECK(bind_ipi(V(2, 0), 0, &p) == 0 && p == 77);
    teardown();
}

/* Ports signalled before shared_info exists are kept and delivered later. */
TEST(evtchn_deferred_until_shared_info)
{
    setup();
    evtchn_port_t p0, p1;
    connect01(&p0, &p1);
    fx_dom[1].shared_info = NULL;
    CHECK(send(V(0, 0), p0) == 0);
    CHECK(upcalls[1][0] == 0 && !is_pending(1, p1));
    CHECK(fx_dom[1].evtchn->deferred[0] == 1ULL << p1);
    fx_dom[1].shared_info = &fx_si[1];
    evtchn_shared_info_ready(&fx_dom[1]);
    CHECK(is_pending(1, p1) && upcalls[1][0] == 1);
    CHECK(fx_dom[1].evtchn->deferred[0] == 0);
    teardown();
}

/* destroy closes every port, unbinds the peers and frees all memory. */
TEST(evtchn_destroy_frees)
{
    setup();
    evtchn_port_t p0, p1, p;
    connect01(&p0, &p1);
    CHECK(bind_virq(V(1, 0), VIRQ_TIMER, 1, &p) == 0);
    CHECK(bind_ipi(V(1, 0), 0, &p) == 0);
    CHECK(alloc_unbound(V(1, 0), DOMID_SELF, 2, &p) == 0);
    evtchn_domain_destroy(&fx_dom[1]);
    CHECK(fx_dom[1].evtchn == NULL);
    struct evtchn_status st;
    CHECK(status(V(0, 0), DOMID_SELF, p0, &st) == 0 && st.status == EVTCHNSTAT_unbound);
    CHECK(status(V(0, 0), 1, 1, &st) == -ESRCH);
    CHECK(do_event_channel_op(V(1, 0), EVTCHNOP_send, 0) == -ENOSYS);
    CHECK(evtchn_send_virq(&fx_dom[1], VIRQ_TIMER, 1) == -ENOENT);
    teardown(); /* checks xmalloc stats are back to zero */
}
