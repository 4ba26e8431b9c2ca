/*
 * hcbench: a hypercall microbenchmark guest, booted as dom0 (privileged
 * under both Domus and Xen) at EL1 with the MMU off. It times a null
 * hypercall, an event-channel send, a grant map+unmap and a 4 KiB grant
 * copy, and prints one line per operation through console_io (under Xen
 * dom0 has no UART):
 *
 *   hcbench: <op> n=<N> el2=<instructions/op or NA> total=<ns/op> el1=<...>
 *
 * el2 and el1 come from PMU event counters filtered by exception level;
 * total from the generic counter, in ns (under -icount shift=0 one ns is
 * one instruction). The loop's own cost, measured with no hypercall, is
 * subtracted from every figure. The MMU is off, so every access is Device
 * memory: no unaligned or SIMD accesses (-mstrict-align
 * -mgeneral-regs-only), no libc.
 */
#include <stddef.h>
#include <stdint.h>

#include "tests/guests/common/hypercall.h"
#include "tests/guests/common/numfmt.h"
#include "tests/guests/common/trap.h"
#include "xen/xen.h"
#include "xen/console.h"
#include "xen/event_channel.h"
#include "xen/grant_table.h"
#include "xen/memory.h"
#include "xen/sched.h"
#include "xen/vcpu.h"
#include "xen/version.h"

#ifndef HCBENCH_N
#define HCBENCH_N 10000 /* iterations of each timed loop */
#endif

#define WARMUP_N   100
#define ROUNDS     3       /* timed loops per operation; the fastest is reported */
#define XEN_4_17   0x40011 /* what XENVER_version must answer */
#define SELF       0       /* dom0's real domid, as Linux names itself in grants */
#define GREF       GNTTAB_NR_RESERVED_ENTRIES /* the one grant we use */
#define DATA_MAGIC 0x6863626e63680000ULL

volatile struct trap trap_state;

void guest_main(uint64_t dtb);

/* ------------------------------------------------------------------ hypercalls */

static uint64_t gfn(const void *p)
{
    return (uint64_t)p >> XEN_PAGE_SHIFT; /* MMU off: addresses are guest-physical */
}

/* ------------------------------------------------------------------ output */

static char line[160];
static size_t line_len;

static void out(const char *s)
{
    for (; *s && line_len < sizeof(line); s++)
        line[line_len++] = *s;
}

static void out_end(void)
{
    out("\n");
    hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, line_len, (uint64_t)line);
    line_len = 0;
}

static void out_dec(int64_t v)
{
    char buf[NUMFMT_DEC_LEN];
    out(numfmt_dec(buf, v));
}

static void out_hex(uint64_t v)
{
    char buf[NUMFMT_HEX_LEN];
    out(numfmt_hex(buf, v));
}

/* A per-operation figure in tenths, printed with one decimal. */
static void out_tenths(int64_t t)
{
    if (t < 0) {
        out("-");
        t = -t;
    }
    out_dec(t / 10);
    out(".");
    out_dec(t % 10);
}

static void fail(const char *what, int64_t rc, int64_t status)
{
    out("hcbench: error ");
    out(what);
    out(" rc=");
    out_dec(rc);
    out(" status=");
    out_dec(status);
    out_end();
}

/* ------------------------------------------------------------------ counters */

/* PMEVTYPER<n>_EL0: event INST_RETIRED; P excludes EL1, U EL0, NSH includes EL2. */
#define EV_INST_RETIRED 0x08UL
#define EVT_P           (1UL << 31)
#define EVT_U           (1UL << 30)
#define EVT_NSH         (1UL << 27)
#define PMCR_E          (1UL << 0)
#define PMCR_P          (1UL << 1) /* reset the event counters */

static int pmu_usable;

/* Counter 0 counts EL2 instructions, counter 1 EL1 ones. Xen traps the PMU
 * registers (reads as zero, or UNDEFINED: the vector then skips them). */
static void pmu_init(void)
{
    uint64_t pmcr = 0;
    trap_state.state = TRAP_ARMED;
    __asm__ volatile("" ::: "memory");
    __asm__ volatile("msr pmevtyper0_el0, %0" : : "r"(EV_INST_RETIRED | EVT_P | EVT_U | EVT_NSH));
    __asm__ volatile("msr pmevtyper1_el0, %0" : : "r"(EV_INST_RETIRED | EVT_U));
    __asm__ volatile("msr pmcntenset_el0, %0" : : "r"(3UL));
    __asm__ volatile("mrs %0, pmcr_el0" : "+r"(pmcr));
    __asm__ volatile("msr pmcr_el0, %0; isb" : : "r"(pmcr | PMCR_E | PMCR_P));
    __asm__ volatile("" ::: "memory");
    pmu_usable = trap_state.state != TRAP_TAKEN;
    trap_state.state = TRAP_IDLE;
}

struct sample {
    uint64_t cnt;      /* generic counter ticks */
    uint32_t el2, el1; /* PMU event counters (32-bit: deltas wrap correctly) */
};

__attribute__((always_inline)) static inline void take_sample(struct sample *s)
{
    uint64_t c0 = 0, c1 = 0;
    if (pmu_usable) {
        __asm__ volatile("isb; mrs %0, pmevcntr0_el0; mrs %1, pmevcntr1_el0" : "=r"(c0), "=r"(c1));
    }
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(s->cnt));
    s->el2 = (uint32_t)c0;
    s->el1 = (uint32_t)c1;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
    uint64_t frq;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
    return ticks / frq * 1000000000ULL + ticks % frq * 1000000000ULL / frq;
}

/* ------------------------------------------------------------------ setup */

/* Page-aligned bss pages of our own RAM, each with one job. */
#define PAGE __attribute__((aligned(XEN_PAGE_SIZE)))
static uint8_t si_page[XEN_PAGE_SIZE] PAGE;  /* becomes shared_info */
static uint8_t vi_page[XEN_PAGE_SIZE] PAGE;  /* holds vcpu_info */
static uint8_t gt_page[XEN_PAGE_SIZE] PAGE;  /* becomes grant-table frame 0 */
static uint64_t data_page[512] PAGE;         /* the granted page */
static uint8_t map_page[XEN_PAGE_SIZE] PAGE; /* host_addr of the grant maps */
static uint64_t copy_page[512] PAGE;         /* destination of the grant copy */

/* A macro, not a pointer variable: that would need a load-time relocation. */
#define SI ((volatile struct shared_info *)si_page)
static evtchn_port_t notified_port; /* the port a send makes pending */
static struct evtchn_send send_arg;
static struct gnttab_map_grant_ref map_arg;
static struct gnttab_unmap_grant_ref unmap_arg;
static struct gnttab_copy copy_arg;

static int64_t add_to_physmap(uint32_t space, uint64_t idx, const void *at)
{
    struct xen_add_to_physmap a = {
        .domid = DOMID_SELF, .size = 0, .space = space, .idx = idx, .gpfn = gfn(at)};
    return hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (uint64_t)&a, 0);
}

static int setup_shared_info(void)
{
    int64_t rc = add_to_physmap(XENMAPSPACE_shared_info, 0, si_page);
    if (rc) {
        fail("add_to_physmap shared_info", rc, 0);
        return -1;
    }
    struct vcpu_register_vcpu_info vi = {.mfn = gfn(vi_page), .offset = 0, .rsvd = 0};
    rc = hypercall(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, (uint64_t)&vi);
    if (rc) {
        fail("register_vcpu_info", rc, 0);
        return -1;
    }
    return 0;
}

/* A loopback channel: port a unbound for ourselves, then local port b bound
 * to it; sending on b makes a pending. a is masked: no upcall, ever. */
static int setup_evtchn(void)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF, .port = 0};
    int64_t rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, (uint64_t)&au, 0);
    if (rc) {
        fail("evtchn alloc_unbound", rc, 0);
        return -1;
    }
    struct evtchn_bind_interdomain bi = {
        .remote_dom = DOMID_SELF, .remote_port = au.port, .local_port = 0};
    rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain, (uint64_t)&bi, 0);
    if (rc) {
        fail("evtchn bind_interdomain", rc, 0);
        return -1;
    }
    notified_port = au.port;
    SI->evtchn_mask[au.port / 64] |= 1ULL << (au.port % 64);
    SI->evtchn_mask[bi.local_port / 64] |= 1ULL << (bi.local_port % 64);
    send_arg.port = bi.local_port;
    return 0;
}

/* Grant-table frame 0 over a page of our RAM, and one entry granting the
 * data page to ourselves; the map and copy arguments that use it. */
static int setup_grants(void)
{
    int64_t rc = add_to_physmap(XENMAPSPACE_grant_table, 0, gt_page);
    if (rc) {
        fail("add_to_physmap grant_table", rc, 0);
        return -1;
    }
    for (unsigned int i = 0; i < 512; i++)
        data_page[i] = DATA_MAGIC + i;
    volatile struct grant_entry_v1 *e = (volatile struct grant_entry_v1 *)gt_page + GREF;
    e->domid = SELF;
    e->frame = (uint32_t)gfn(data_page);
    __asm__ volatile("dmb ishst" ::: "memory"); /* flags last, as the ABI asks */
    e->flags = GTF_permit_access;

    map_arg.host_addr = (uint64_t)map_page;
    map_arg.flags = GNTMAP_host_map;
    map_arg.ref = GREF;
    map_arg.dom = SELF;
    unmap_arg.host_addr = (uint64_t)map_page;
    unmap_arg.dev_bus_addr = 0;

    copy_arg.source.u.ref = GREF;
    copy_arg.source.domid = SELF;
    copy_arg.dest.u.gmfn = gfn(copy_page);
    copy_arg.dest.domid = DOMID_SELF;
    copy_arg.len = XEN_PAGE_SIZE;
    copy_arg.flags = GNTCOPY_source_gref;
    return 0;
}

/* ------------------------------------------------------------------ operations */

/* Each returns non-zero on failure; noinline so every loop has the same
 * shape as the baseline's. */
typedef int64_t (*op_fn)(void);

__attribute__((noinline)) static int64_t op_baseline(void)
{
    __asm__ volatile("" ::: "memory");
    return 0;
}

__attribute__((noinline)) static int64_t op_null(void)
{
    return hypercall(__HYPERVISOR_xen_version, XENVER_version, 0, 0) != XEN_4_17;
}

__attribute__((noinline)) static int64_t op_evtchn_send(void)
{
    /* A plain store: each send then takes the full set-pending path. */
    SI->evtchn_pending[notified_port / 64] = 0;
    return hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, (uint64_t)&send_arg, 0);
}

__attribute__((noinline)) static int64_t op_grant_map_unmap(void)
{
    int64_t rc =
        hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, (uint64_t)&map_arg, 1);
    unmap_arg.handle = map_arg.handle;
    rc |= hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref, (uint64_t)&unmap_arg, 1);
    return rc | map_arg.status | unmap_arg.status;
}

__attribute__((noinline)) static int64_t op_grant_copy(void)
{
    int64_t rc = hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_copy, (uint64_t)&copy_arg, 1);
    return rc | copy_arg.status;
}

/* One call of each, with its effect checked, before anything is timed. */
static int check_null(void)
{
    int64_t v = hypercall(__HYPERVISOR_xen_version, XENVER_version, 0, 0);
    if (v != XEN_4_17) {
        fail("xen_version (want 0x40011)", v, 0);
        return -1;
    }
    return 0;
}

static int check_evtchn_send(void)
{
    int64_t rc = op_evtchn_send();
    uint64_t bit = SI->evtchn_pending[notified_port / 64] >> (notified_port % 64) & 1;
    if (rc || !bit) {
        fail("evtchn send (status = pending bit)", rc, (int64_t)bit);
        return -1;
    }
    return 0;
}

static int check_grant_map_unmap(void)
{
    int64_t rc =
        hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, (uint64_t)&map_arg, 1);
    if (rc || map_arg.status != GNTST_okay) {
        fail("grant map", rc, map_arg.status);
        return -1;
    }
    uint64_t seen = *(volatile uint64_t *)(map_page + 8);
    unmap_arg.handle = map_arg.handle;
    rc = hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref, (uint64_t)&unmap_arg, 1);
    if (rc || unmap_arg.status != GNTST_okay) {
        fail("grant unmap", rc, unmap_arg.status);
        return -1;
    }
    if (seen != DATA_MAGIC + 1) {
        out("hcbench: error grant map shows ");
        out_hex(seen);
        out(" at host_addr, not the granted page");
        out_end();
        return -1;
    }
    return 0;
}

static int check_grant_copy(void)
{
    copy_page[0] = copy_page[511] = 0;
    int64_t rc = op_grant_copy();
    if (rc || copy_page[0] != DATA_MAGIC || copy_page[511] != DATA_MAGIC + 511) {
        fail("grant copy (status = first word matches)", rc, copy_page[0] == DATA_MAGIC);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ timing */

struct result {
    uint64_t ns;       /* generic counter, converted */
    uint32_t el2, el1; /* PMU */
};

static int64_t timed_loop(op_fn fn, unsigned int n, struct result *r)
{
    struct sample a, b;
    int64_t bad = 0;
    take_sample(&a);
    for (unsigned int i = 0; i < n; i++)
        bad |= fn();
    take_sample(&b);
    r->ns = ticks_to_ns(b.cnt - a.cnt);
    r->el2 = b.el2 - a.el2;
    r->el1 = b.el1 - a.el1;
    return bad;
}

/* A short warm-up (wall-clock runs would time QEMU translating), then the
 * best of ROUNDS loops: wall-clock figures on a shared host are noisy, and
 * the fastest round is the least disturbed. Under -icount rounds repeat. */
static int64_t timed_best(op_fn fn, struct result *best)
{
    struct result r;
    int64_t bad = timed_loop(fn, WARMUP_N, best);
    best->ns = UINT64_MAX;
    for (unsigned int i = 0; i < ROUNDS; i++) {
        bad |= timed_loop(fn, HCBENCH_N, &r);
        if (r.ns < best->ns)
            *best = r;
    }
    return bad;
}

static struct result baseline;
static int el2_known; /* the PMU counts: set after the null loop */

static void report(const char *name, const struct result *r, const struct result *base)
{
    out("hcbench: ");
    out(name);
    out(" n=");
    out_dec(HCBENCH_N);
    out(" el2=");
    if (el2_known)
        out_tenths(((int64_t)r->el2 - base->el2) * 10 / HCBENCH_N);
    else
        out("NA");
    out(" total=");
    out_tenths(((int64_t)r->ns - (int64_t)base->ns) * 10 / HCBENCH_N);
    out(" el1=");
    if (el2_known)
        out_tenths(((int64_t)r->el1 - base->el1) * 10 / HCBENCH_N);
    else
        out("NA");
    out_end();
}

static void bench(const char *name, op_fn fn, int (*check)(void))
{
    if (check())
        return;
    struct result r;
    int64_t bad = timed_best(fn, &r);
    if (bad) {
        fail(name, bad, 0);
        return;
    }
    report(name, &r, &baseline);
}

/* The last line, then power off so that QEMU exits (dom0's shutdown takes
 * the machine down under both hypervisors). */
static void finish(void)
{
    out("hcbench: done");
    out_end();
    struct sched_shutdown s = {.reason = SHUTDOWN_poweroff};
    hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (uint64_t)&s, 0);
}

/* The loop alone first: it is subtracted from everything. The PMU counts
 * for us if it saw the null hypercalls' EL2 instructions. */
static void run_all(void)
{
    struct result r, zero = {0, 0, 0};
    timed_best(op_baseline, &baseline);
    if (check_null())
        return;
    if (timed_best(op_null, &r)) {
        fail("null", 1, 0);
        return;
    }
    el2_known = pmu_usable && r.el2 != baseline.el2;
    report("baseline", &baseline, &zero);
    report("null", &r, &baseline);
    bench("evtchn_send", op_evtchn_send, check_evtchn_send);
    bench("grant_map_unmap", op_grant_map_unmap, check_grant_map_unmap);
    bench("grant_copy_4k", op_grant_copy, check_grant_copy);
}

void guest_main(uint64_t dtb)
{
    (void)dtb;
    uint64_t frq;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
    pmu_init();
    out("hcbench: start cntfrq=");
    out_dec((int64_t)frq);
    out(" pmu=");
    out(pmu_usable ? "yes" : "trapped");
    out_end();
    if (!setup_shared_info() && !setup_evtchn() && !setup_grants())
        run_all();
    finish();
}

void unexpected_exception(uint64_t vec, uint64_t esr, uint64_t elr, uint64_t far)
{
    out("hcbench: unexpected exception ESR=");
    out_hex(esr);
    out(" ELR=");
    out_hex(elr);
    out(" FAR=");
    out_hex(far);
    out(" vector=");
    out_hex(vec);
    out_end();
}
