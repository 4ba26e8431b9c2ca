/*
 * libFuzzer harness for common/event_channel.c. Two fake domains (d0
 * privileged, d1 not; two vCPUs each) are built once; every input starts
 * from fresh event-channel state and is read as a sequence of records:
 *   byte 0: bits 0-3 op (0-13 EVTCHNOP_*, 14 a hypervisor VIRQ, 15 the
 *           guest acknowledging/masking), bit 4 caller domain, bit 5 caller
 *           vCPU, bit 6 the argument copy faults, bit 7 toggles whether d1
 *           has a shared_info page;
 *   byte 1: bit 0 shrinks every 16-bit field of the argument to 0..7;
 *   bytes 2-25: the argument struct, read through the fake copy_from_guest.
 * After each record it checks the port tables' invariants.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "common/event_channel.h"
#include "common/page_alloc.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "fake_guest_env.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct domain *domains[MAX_DOMAINS];

#define NDOM    2
#define NVCPU   2
#define ARGSZ   24
#define RECSZ   (2 + ARGSZ)
#define FZ_BASE 0x40000000ULL
#define FZ_SIZE MiB(4)

static struct domain fz_dom[NDOM];
static struct vcpu fz_vcpu[NDOM][NVCPU];
static struct vcpu *fz_vcpus[NDOM][NVCPU];
static struct shared_info fz_si[NDOM];
static struct vcpu_info fz_vi[NVCPU];
static uint64_t fz_upcalls;

void arch_evtchn_upcall(struct vcpu *v)
{
    if (v->dom != &fz_dom[0] && v->dom != &fz_dom[1])
        abort();
    fz_upcalls++;
}

/* SCHEDOP_poll's wake-ups: nobody polls here. */
void vcpu_unblock(struct vcpu *v)
{
    (void)v;
}

static void fail(const char *what, unsigned int d, unsigned int p)
{
    fprintf(stderr, "fuzz_evtchn: invariant broken: %s (d%u port %u)\n", what, d, p);
    abort();
}

static void init_once(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    fake_ram_setup(FZ_BASE, FZ_SIZE);
    page_alloc_reset();
    xmalloc_reset();
    if (page_alloc_add_region(FZ_BASE, FZ_BASE + FZ_SIZE) != 0)
        abort();
    for (unsigned int d = 0; d < NDOM; d++) {
        fz_dom[d].id = (domid_t)d;
        fz_dom[d].is_privileged = d == 0;
        fz_dom[d].nr_vcpus = NVCPU;
        fz_dom[d].vcpus = fz_vcpus[d];
        for (unsigned int n = 0; n < NVCPU; n++) {
            fz_vcpu[d][n].id = n;
            fz_vcpu[d][n].dom = &fz_dom[d];
            fz_vcpus[d][n] = &fz_vcpu[d][n];
        }
        domains[d] = &fz_dom[d];
    }
    fz_vcpu[0][1].vcpu_info = &fz_vi[1]; /* d1's vCPU 1 has none: no delivery */
}

static bool is_set(const uint64_t *words, unsigned int p)
{
    return words[p / 64] >> (p % 64) & 1;
}

static void check_domain(unsigned int di)
{
    const struct domain *d = &fz_dom[di];
    const struct evtchn_domain *e = d->evtchn;
    unsigned int used = 0;

    if (e->port[0].state != ECS_RESERVED)
        fail("port 0 not reserved", di, 0);
    for (unsigned int p = 1; p < EVTCHN_2L_NR; p++) {
        const struct evtchn *c = &e->port[p];
        if (c->state != ECS_FREE)
            used++;
        if (c->notify_vcpu >= d->nr_vcpus)
            fail("notify vCPU out of range", di, p);
        switch (c->state) {
        case ECS_FREE:
            if (c->virq || c->remote_dom || c->remote_port || c->notify_vcpu)
                fail("free port not clean", di, p);
            if (is_set(e->deferred, p) ||
                (d->shared_info && is_set(d->shared_info->evtchn_pending, p)))
                fail("free port pending", di, p);
            break;
        case ECS_UNBOUND:
            if (c->remote_dom >= MAX_DOMAINS)
                fail("unbound to a bad domain", di, p);
            break;
        case ECS_INTERDOMAIN: {
            if (c->remote_dom >= NDOM || c->remote_port == 0 || c->remote_port >= EVTCHN_2L_NR)
                fail("interdomain peer out of range", di, p);
            const struct evtchn *r = &fz_dom[c->remote_dom].evtchn->port[c->remote_port];
            if (r->state != ECS_INTERDOMAIN || r->remote_dom != di || r->remote_port != p)
                fail("interdomain peer does not point back", di, p);
            break;
        }
        case ECS_VIRQ:
            if (c->virq >= NR_VIRQS)
                fail("bad virq", di, p);
            else {
                bool global = c->virq != VIRQ_TIMER && c->virq != VIRQ_DEBUG &&
                              c->virq != VIRQ_XENOPROF && c->virq != VIRQ_XENPMU;
                unsigned int slot = (global ? 0 : c->notify_vcpu) * NR_VIRQS + c->virq;
                if (e->virq_to_port[slot] != p)
                    fail("virq table does not point at port", di, p);
            }
            break;
        case ECS_IPI: break;
        default: fail("bad state", di, p);
        }
    }
    if (used != e->nr_used)
        fail("nr_used wrong", di, used);
    for (unsigned int s = 0; s < d->nr_vcpus * NR_VIRQS; s++) {
        evtchn_port_t p = e->virq_to_port[s];
        if (p &&
            (p >= EVTCHN_2L_NR || e->port[p].state != ECS_VIRQ || e->port[p].virq != s % NR_VIRQS))
            fail("virq table points at a wrong port", di, p);
    }
}

static bool rc_allowed(long rc)
{
    switch (rc) {
    case 0:
    case -EINVAL:
    case -ESRCH:
    case -EPERM:
    case -ENOSPC:
    case -EFAULT:
    case -ENOSYS:
    case -ENOENT:
    case -EEXIST:
    case -EOPNOTSUPP: return true;
    default: return false;
    }
}

/* The guest: acknowledges some pending words and rewrites a mask word. */
static void guest_writes(unsigned int di, const uint8_t *a)
{
    struct shared_info *s = fz_dom[di].shared_info;
    if (!s)
        return;
    unsigned int w = a[0] % XEN_EVTCHN_2L_WORDS;
    uint64_t v;
    memcpy(&v, a + 8, sizeof(v));
    s->evtchn_pending[w] &= ~v;
    memcpy(&v, a + 16, sizeof(v));
    s->evtchn_mask[a[1] % XEN_EVTCHN_2L_WORDS] = v;
    s->vcpu_info[0].evtchn_pending_sel = 0;
    s->vcpu_info[0].evtchn_upcall_pending = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init_once();
    memset(fz_si, 0, sizeof(fz_si));
    memset(fz_vi, 0, sizeof(fz_vi));
    for (unsigned int d = 0; d < NDOM; d++) {
        fz_dom[d].shared_info = &fz_si[d];
        if (evtchn_domain_init(&fz_dom[d]) != 0)
            abort();
    }

    for (size_t off = 0; off + RECSZ <= size; off += RECSZ) {
        const uint8_t *r = data + off;
        unsigned int opc = r[0] & 15, di = r[0] >> 4 & 1, vi = r[0] >> 5 & 1;
        struct vcpu *v = &fz_vcpu[di][vi];
        _Alignas(8) uint8_t arg[ARGSZ];

        memcpy(arg, r + 2, ARGSZ);
        if (r[1] & 1) {
            for (unsigned int i = 0; i < ARGSZ; i += 2) {
                arg[i] &= 7;
                arg[i + 1] = 0;
            }
        }
        if (r[0] & 0x80) {
            fz_dom[1].shared_info = fz_dom[1].shared_info ? NULL : &fz_si[1];
            if (fz_dom[1].shared_info) { /* a freshly mapped page */
                memset(&fz_si[1], 0, sizeof(fz_si[1]));
                evtchn_shared_info_ready(&fz_dom[1]);
            }
        }

        if (opc == 14) {
            int rc = evtchn_send_virq(&fz_dom[di], arg[0], arg[1]);
            if (rc != 0 && rc != -ENOENT)
                fail("send_virq result", di, (unsigned int)-rc);
        } else if (opc == 15) {
            guest_writes(di, arg);
        } else {
            fake_guest_fault = r[0] & 0x40;
            long rc = do_event_channel_op(v, opc, (uint64_t)(uintptr_t)arg);
            fake_guest_fault = false;
            if (!rc_allowed(rc))
                fail("unexpected result", di, (unsigned int)-rc);
        }
        check_domain(0);
        check_domain(1);
    }

    for (unsigned int d = 0; d < NDOM; d++)
        evtchn_domain_destroy(&fz_dom[d]);
    struct xmalloc_stats st;
    xmalloc_get_stats(&st);
    if (st.bytes_in_use != 0)
        fail("memory leaked", 0, 0);
    return 0;
}
