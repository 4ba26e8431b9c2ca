/*
 * probe: a bare-metal EL1 guest that pokes at addresses the hypervisor must
 * not map (or must emulate) and reports, one line each, whether the access
 * aborted. The MMU stays off, so every access is Device-nGnRnE: no unaligned
 * or SIMD accesses (-mstrict-align -mgeneral-regs-only), no libc.
 */
#include <stddef.h>
#include <stdint.h>

#include "../common/hypercall.h"
#include "../common/numfmt.h"
#include "../common/trap.h"

#define UART_BASE 0x09000000UL
#define UART_DR   0x00
#define UART_FR   0x18
#define UART_TXFF (1u << 5)

#define UNMAPPED   0x3000000000UL
#define SMMU_BASE  0x09050000UL
#define GITS_BASE  0x08080000UL
#define GICR_PAST  0x088A0000UL /* 64 redistributor frames in */
#define GICD_PIDR2 (0x08000000UL + 0xFFE8)

#define XEN_HVC_IMM    "0xea1"
#define XEN_UNKNOWN_NR 0x1234UL
#define PSCI_VERSION   0x84000000UL

volatile struct trap trap_state;

void guest_main(uint64_t dtb);

static void putc_uart(char c)
{
    volatile uint32_t *fr = (volatile uint32_t *)(UART_BASE + UART_FR);
    volatile uint32_t *dr = (volatile uint32_t *)(UART_BASE + UART_DR);
    while (*fr & UART_TXFF)
        ;
    *dr = (uint8_t)c;
}

static void puts_uart(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            putc_uart('\r');
        putc_uart(*s);
    }
}

static void put_hex(uint64_t v)
{
    char buf[NUMFMT_HEX_LEN];
    puts_uart(numfmt_hex(buf, v));
}

static void put_dec(int64_t v)
{
    char buf[NUMFMT_DEC_LEN];
    puts_uart(numfmt_dec(buf, v));
}

/*
 * Arm the trap before a single probing instruction and see afterwards
 * whether the vector skipped it. The barriers keep the compiler from moving
 * the access across the flag updates; the asm statements are volatile.
 */
static void trap_arm(void)
{
    trap_state.state = TRAP_ARMED;
    __asm__ volatile("" ::: "memory");
}

static int trap_disarm(void)
{
    __asm__ volatile("" ::: "memory");
    int taken = trap_state.state == TRAP_TAKEN;
    trap_state.state = TRAP_IDLE;
    return taken;
}

static void report_abort(void)
{
    puts_uart("abort ESR=");
    put_hex(trap_state.esr);
    puts_uart(" FAR=");
    put_hex(trap_state.far);
    puts_uart("\n");
}

static void probe_read(uint64_t addr)
{
    uint32_t v = 0;
    trap_arm();
    __asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(addr) : "memory");
    int aborted = trap_disarm();
    puts_uart("probe: read ");
    put_hex(addr);
    puts_uart(" -> ");
    if (aborted) {
        report_abort();
    } else {
        puts_uart("value ");
        put_hex(v);
        puts_uart(" (no abort)\n");
    }
}

static void probe_write(uint64_t addr)
{
    trap_arm();
    __asm__ volatile("str wzr, [%0]" : : "r"(addr) : "memory");
    int aborted = trap_disarm();
    puts_uart("probe: write ");
    put_hex(addr);
    puts_uart(" -> ");
    if (aborted)
        report_abort();
    else
        puts_uart("no abort\n");
}

/* Without EL2 (plain QEMU) an HVC may be UNDEFINED: the trap reports that. */
static void report_hvc(uint64_t nr, uint64_t ret, int trapped)
{
    puts_uart("probe: hvc ");
    put_hex(nr);
    puts_uart(" -> ");
    if (trapped) {
        puts_uart("exception ESR=");
        put_hex(trap_state.esr);
        puts_uart("\n");
    } else {
        put_dec((int64_t)ret);
        puts_uart("\n");
    }
}

/* Both conventions (Xen, SMCCC) may clobber x0-x17; x18 and up survive. */
#define HVC_CLOBBERS                                                                               \
    "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",       \
        "x15", "x17", "memory"

static void probe_xen_hvc(uint64_t nr)
{
    register uint64_t x0 __asm__("x0") = 0;
    register uint64_t x16 __asm__("x16") = nr;
    trap_arm();
    __asm__ volatile("hvc #" XEN_HVC_IMM : "+r"(x0), "+r"(x16) : : HVC_CLOBBERS);
    uint64_t ret = x0;
    report_hvc(nr, ret, trap_disarm());
}

static void probe_psci_hvc(uint64_t fn)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x16 __asm__("x16") = 0;
    trap_arm();
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x16) : : HVC_CLOBBERS);
    uint64_t ret = x0;
    report_hvc(fn, ret, trap_disarm());
}

/* A Xen hypercall with up to three arguments; returns x0. */
static int64_t xen_call(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
    return hypercall(nr, a0, a1, a2);
}

static void report(const char *what, int64_t v)
{
    puts_uart("probe: ");
    puts_uart(what);
    puts_uart(" -> ");
    put_dec(v);
    puts_uart("\n");
}

#define HC_XEN_VERSION 17
#define HC_CONSOLE_IO  18
#define HC_SYSCTL      35
#define SYSCTL_VERSION                                                                             \
    2 /* DOMUS_SYSCTL_INTERFACE_VERSION; numbers here are written out on purpose */
#define HC_GNTTAB  20
#define HC_EVTCHN  32
#define DOMID_SELF 0x7ff0u

/* Buffers the hypervisor reads and writes (8-byte aligned: MMU off). */
static uint64_t buf[160];
static const char hello[] = "probe: hello through console_io\n";

/* The Xen ABI calls that need no setup: xen_version, console_io and
 * Domus's sysctl, with good and bad arguments. */
#define HC_PHYSDEV 33

static void probe_hypercalls(void)
{
    int64_t v = xen_call(HC_XEN_VERSION, 0, 0, 0);
    puts_uart("probe: xen_version -> ");
    put_hex((uint64_t)v);
    puts_uart("\n");
    buf[0] = 0; /* XENVER_get_features, submap 0 */
    report("get_features rc", xen_call(HC_XEN_VERSION, 6, (uint64_t)buf, 0));
    puts_uart("probe: features ");
    put_hex(buf[0] >> 32);
    puts_uart("\n");
    report("xen_version bad pointer", xen_call(HC_XEN_VERSION, 6, UNMAPPED, 0));
    report("xen_version unknown cmd", xen_call(HC_XEN_VERSION, 99, 0, 0));
    report("console_io write", xen_call(HC_CONSOLE_IO, 0, sizeof(hello) - 1, (uint64_t)hello));
    report("console_io bad buffer", xen_call(HC_CONSOLE_IO, 0, 16, UNMAPPED));
    report("console_io device buffer", xen_call(HC_CONSOLE_IO, 0, 16, 0x08000000));
    report("console_io unknown cmd", xen_call(HC_CONSOLE_IO, 7, 0, 0));
    for (unsigned int i = 0; i < 16; i++)
        buf[i] = 0;
    buf[0] = 1 | ((uint64_t)SYSCTL_VERSION << 32); /* cmd physinfo */
    report("sysctl physinfo rc", xen_call(HC_SYSCTL, (uint64_t)buf, 0, 0));
    report("sysctl physinfo nr_cpus", (int64_t)(uint32_t)buf[1]);
    buf[0] = 1 | (99ULL << 32);
    report("sysctl bad version", xen_call(HC_SYSCTL, (uint64_t)buf, 0, 0));
    report("sysctl bad pointer", xen_call(HC_SYSCTL, UNMAPPED, 0, 0));
    buf[0] = 4 | ((uint64_t)SYSCTL_VERSION << 32); /* getdomaininfo */
    buf[1] = 33;                                   /* a domain that does not exist */
    report("sysctl getdomaininfo no such domain", xen_call(HC_SYSCTL, (uint64_t)buf, 0, 0));
    buf[0] = 0x80ULL << 32; /* seg 0, bus 0, devfn 0; flags: an unknown bit */
    report("physdev pci_device_add bad flags", xen_call(HC_PHYSDEV, 25, (uint64_t)buf, 0));
    report("physdev pci_device_add bad pointer", xen_call(HC_PHYSDEV, 25, UNMAPPED, 0));
    buf[0] = 7 << 16; /* bus 7: never reported */
    report("physdev pci_device_remove unknown", xen_call(HC_PHYSDEV, 26, (uint64_t)buf, 0));
    report("physdev unknown cmd", xen_call(HC_PHYSDEV, 99, (uint64_t)buf, 0));
}

/* Event channels to itself and the grant table's size, through the same
 * argument-copy path as every other hypercall. */
static void probe_evtchn_gnttab(void)
{
    for (unsigned int i = 0; i < 8; i++)
        buf[i] = 0;
    buf[0] = DOMID_SELF | ((uint64_t)DOMID_SELF << 16); /* alloc_unbound: dom, remote */
    report("evtchn alloc_unbound", xen_call(HC_EVTCHN, 6, (uint64_t)buf, 0));
    uint32_t port = (uint32_t)(buf[0] >> 32);
    report("evtchn unbound port", port);
    buf[0] = DOMID_SELF | ((uint64_t)port << 32); /* bind_interdomain */
    buf[1] = 0;
    report("evtchn bind_interdomain", xen_call(HC_EVTCHN, 0, (uint64_t)buf, 0));
    uint32_t local = (uint32_t)buf[1];
    buf[2] = local;
    report("evtchn send", xen_call(HC_EVTCHN, 4, (uint64_t)&buf[2], 0));
    buf[4] = DOMID_SELF | ((uint64_t)port << 32); /* status */
    buf[5] = buf[6] = 0;
    report("evtchn status", xen_call(HC_EVTCHN, 5, (uint64_t)&buf[4], 0));
    report("evtchn status state", (int64_t)(uint32_t)buf[5]);
    buf[2] = 4095;
    report("evtchn send bad port", xen_call(HC_EVTCHN, 4, (uint64_t)&buf[2], 0));
    report("evtchn init_control", xen_call(HC_EVTCHN, 11, (uint64_t)buf, 0));
    report("evtchn bad pointer", xen_call(HC_EVTCHN, 4, UNMAPPED, 0));
    buf[0] = DOMID_SELF; /* query_size */
    buf[1] = 0;
    report("gnttab query_size", xen_call(HC_GNTTAB, 6, (uint64_t)buf, 1));
    report("gnttab max_nr_frames", (int64_t)(uint32_t)buf[1]);
    buf[0] = 2; /* set_version: only v1 exists */
    report("gnttab set_version 2", xen_call(HC_GNTTAB, 8, (uint64_t)buf, 1));
}

#define HC_MEMORY_OP 12
#define HC_VCPU_OP   24

/* Two pages of the probe's own RAM: one becomes shared_info, the other
 * holds vcpu_info. */
static uint8_t si_page[4096] __attribute__((aligned(4096)));
static uint8_t vi_page[4096] __attribute__((aligned(4096)));

static int64_t add_to_physmap(uint64_t space, uint64_t idx, uint64_t gpfn)
{
    buf[0] = DOMID_SELF | (space << 32); /* domid, size 0, space */
    buf[1] = idx;
    buf[2] = gpfn;
    return xen_call(HC_MEMORY_OP, 7, (uint64_t)buf, 0);
}

#define HC_SCHED_OP 29

static uint64_t counter_ns(void)
{
    uint64_t cnt, frq;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
    return cnt / frq * 1000000000ULL + cnt % frq * 1000000000ULL / frq;
}

/* SCHEDOP_poll: a pending port returns at once; a quiet one sleeps until
 * the timeout (absolute, in counter ns); bad lists are refused. */
static void probe_poll(uint32_t pending_port, uint32_t quiet_port)
{
    static uint32_t ports[130];
    uint64_t *p = &buf[100];
    ports[0] = pending_port;
    p[0] = (uint64_t)ports; /* ports */
    p[1] = 1;               /* nr_ports */
    p[2] = 0;               /* timeout: none */
    report("poll pending port", xen_call(HC_SCHED_OP, 3, (uint64_t)p, 0));
    ports[0] = quiet_port;
    uint64_t t0 = counter_ns();
    p[2] = t0 + 20000000ULL; /* 20 ms */
    int64_t rc = xen_call(HC_SCHED_OP, 3, (uint64_t)p, 0);
    uint64_t waited = counter_ns() - t0;
    report("poll quiet port", rc);
    report("poll slept until the timeout", waited >= 20000000ULL);
    p[1] = 129;
    report("poll too many ports", xen_call(HC_SCHED_OP, 3, (uint64_t)p, 0));
    ports[0] = 5000;
    p[1] = 1;
    report("poll bad port", xen_call(HC_SCHED_OP, 3, (uint64_t)p, 0));
    p[0] = UNMAPPED;
    report("poll bad list", xen_call(HC_SCHED_OP, 3, (uint64_t)p, 0));
}

/* shared_info and vcpu_info placed in the probe's RAM, then an event sent
 * to itself shows up in both, as the 2-level ABI says. */
static void probe_shared_info(void)
{
    report("add_to_physmap shared_info", add_to_physmap(0, 0, (uint64_t)si_page >> 12));
    report("add_to_physmap bad idx", add_to_physmap(0, 1, (uint64_t)si_page >> 12));
    report("add_to_physmap device gpfn", add_to_physmap(0, 0, 0x08000000 >> 12));
    report("add_to_physmap unknown space", add_to_physmap(9, 0, (uint64_t)si_page >> 12));
    buf[0] = (uint64_t)vi_page >> 12; /* mfn */
    buf[1] = 64;                      /* offset, rsvd 0 */
    report("register_vcpu_info", xen_call(HC_VCPU_OP, 10, 0, (uint64_t)buf));
    buf[0] = (uint64_t)vi_page >> 12;
    buf[1] = 64;
    report("register_vcpu_info again", xen_call(HC_VCPU_OP, 10, 0, (uint64_t)buf));
    report("vcpu_op bad vcpu", xen_call(HC_VCPU_OP, 10, 7, (uint64_t)buf));
    vi_page[64] = 0; /* evtchn_upcall_pending */
    buf[0] = DOMID_SELF | ((uint64_t)DOMID_SELF << 16);
    xen_call(HC_EVTCHN, 6, (uint64_t)buf, 0);
    uint32_t port = (uint32_t)(buf[0] >> 32);
    buf[0] = DOMID_SELF | ((uint64_t)port << 32);
    buf[1] = 0;
    xen_call(HC_EVTCHN, 0, (uint64_t)buf, 0);
    uint32_t local = (uint32_t)buf[1];
    const volatile uint64_t *pending = (const volatile uint64_t *)(si_page + 48);
    report("shared_info pending bit", (int64_t)((pending[local / 64] >> (local % 64)) & 1));
    report("vcpu_info upcall pending", vi_page[64]);
    probe_poll(local, port);
}

#define HC_HVM_OP 34

/* sched_op and hvm_op with good and bad arguments. */
static void probe_sched_hvm(void)
{
    report("sched_op yield", xen_call(HC_SCHED_OP, 0, 0, 0));
    buf[0] = 99; /* shutdown reason out of range */
    report("sched_op bad shutdown reason", xen_call(HC_SCHED_OP, 2, (uint64_t)buf, 0));
    report("sched_op unknown cmd", xen_call(HC_SCHED_OP, 42, 0, 0));
    buf[0] = 33 | (0ULL << 32); /* remote_shutdown: domain 33, poweroff */
    report("sched_op remote_shutdown no such domain", xen_call(HC_SCHED_OP, 4, (uint64_t)buf, 0));
    buf[0] = 1; /* shutdown_code: reboot, recorded only */
    report("sched_op shutdown_code", xen_call(HC_SCHED_OP, 5, (uint64_t)buf, 0));
    buf[0] = DOMID_SELF | (2ULL << 32); /* HVM_PARAM index 2 */
    buf[1] = 0x1234abcd;
    report("hvm set_param", xen_call(HC_HVM_OP, 0, (uint64_t)buf, 0));
    buf[1] = 0;
    report("hvm get_param", xen_call(HC_HVM_OP, 1, (uint64_t)buf, 0));
    report("hvm param value", (int64_t)buf[1]);
    buf[0] = DOMID_SELF | (1000ULL << 32);
    report("hvm bad index", xen_call(HC_HVM_OP, 1, (uint64_t)buf, 0));
    buf[0] = 33 | (2ULL << 32); /* a domain that does not exist */
    report("hvm no such domain", xen_call(HC_HVM_OP, 1, (uint64_t)buf, 0));
}

void guest_main(uint64_t dtb)
{
    (void)dtb;
    uint64_t el;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
    puts_uart("probe: start\n");
    /* The vectors are in VBAR_EL1 only: at EL2 the first abort would spin. */
    if (((el >> 2) & 3) != 1) {
        puts_uart("probe: not at EL1, halting\n");
        return;
    }
    probe_read(UNMAPPED);
    probe_read(SMMU_BASE);
    probe_read(GITS_BASE);
    probe_read(GICR_PAST);
    probe_read(GICD_PIDR2);
    probe_xen_hvc(XEN_UNKNOWN_NR);
    probe_psci_hvc(PSCI_VERSION);
    probe_write(UNMAPPED);
    probe_hypercalls();
    probe_evtchn_gnttab();
    probe_shared_info();
    probe_sched_hvm();
    puts_uart("probe: done\n");
    /* No SYSTEM_OFF: the test wants the hypervisor alive behind us. */
}

void unexpected_exception(uint64_t vec, uint64_t esr, uint64_t elr, uint64_t far)
{
    puts_uart("probe: unexpected exception ESR=");
    put_hex(esr);
    puts_uart(" ELR=");
    put_hex(elr);
    puts_uart(" FAR=");
    put_hex(far);
    puts_uart(" vector=");
    put_hex(vec);
    puts_uart("\n");
}
