/*
 * domu: a bare-metal test guest run as an unprivileged domain by
 * `domus-selftest domu` (its builder in dom0). With the MMU off it checks
 * what a domU gets and may do, and talks to dom0 through the mailbox page
 * (mailbox.h) and the Xen interfaces under test:
 *  - its RAM reads as zeroes and keeps what is written;
 *  - a second vCPU comes up through PSCI CPU_ON;
 *  - shared_info, a grant-table frame and an event channel to dom0 can be
 *    set up; a page granted to dom0 is read there, and dom0's reply and
 *    notification arrive;
 *  - ballooning: a page given back and taken again reads as zeroes;
 *  - what only the control domain may do is refused (domctl, sysctl,
 *    foreign maps, another domain's memory or ports, console input);
 * then it shuts down, crashes or spins as its builder asked. Failures are
 * counted in the mailbox (the first one named) and printed through
 * console_io, which the hypervisor prefixes with "(dN)".
 */
#include <stddef.h>
#include <stdint.h>

#include "tests/guests/common/hypercall.h"
#include "tests/guests/common/numfmt.h"
#include "tests/guests/common/trap.h"
#include "tests/guests/domu/mailbox.h"
#include "xen/console.h"
#include "xen/errno.h"
#include "xen/event_channel.h"
#include "xen/grant_table.h"
#include "xen/memory.h"
#include "xen/sched.h"
#include "xen/version.h"
#include "xen/xen.h"

#define PAGE            4096ULL
#define XEN_4_17        0x40011
#define PSCI_CPU_ON     0xc4000003ULL
#define PSCI_SUCCESS    0
#define GREF            GNTTAB_NR_RESERVED_ENTRIES /* the first a guest hands out */
#define SAMPLE_STRIDE   512                        /* bytes between words checked */
#define GUEST_GNTTAB_PA 0x38000000ULL

volatile struct trap trap_state;

void guest_main(uint64_t dtb, uint64_t ram_base, uint64_t ram_size, uint64_t mode);
void secondary_main(void);

extern char _start[], _end[];

static volatile struct domu_mailbox *mb;
static volatile uint64_t spin_mode;

/* ------------------------------------------------------------------ calls */

static int64_t psci(uint64_t fn, uint64_t a0, uint64_t a1, uint64_t a2)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a0;
    register uint64_t x2 __asm__("x2") = a1;
    register uint64_t x3 __asm__("x3") = a2;
    __asm__ volatile("hvc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     :
                     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
                       "x16", "x17", "memory");
    return (int64_t)x0;
}

static int64_t memop(unsigned int cmd, const void *arg)
{
    return hypercall(__HYPERVISOR_memory_op, cmd, (uint64_t)arg, 0);
}

/* ------------------------------------------------------------------ output */

static char line[160];
static size_t line_len;

static void out(const char *s)
{
    for (; *s && line_len < sizeof(line) - 1; s++)
        line[line_len++] = *s;
}

static void out_end(void)
{
    line[line_len++] = '\n';
    hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, line_len, (uint64_t)line);
    line_len = 0;
}

static void out_num(int64_t v)
{
    char buf[NUMFMT_DEC_LEN];
    out(numfmt_dec(buf, v));
}

/* Records a check: a failure is counted, printed and (the first) named. */
static void check(int ok, const char *what, int64_t got)
{
    if (ok)
        return;
    if (mb->failures++ == 0) {
        size_t i = 0;
        for (; what[i] && i < sizeof(mb->first_failure) - 1; i++)
            mb->first_failure[i] = what[i];
        mb->first_failure[i] = '\0';
    }
    out("domu: FAIL ");
    out(what);
    out(" (got ");
    out_num(got);
    out(")");
    out_end();
}

/* ------------------------------------------------------------------ checks */

/* Fresh RAM reads as zeroes and keeps what is written. Words are sampled:
 * every page, several offsets. */
static void check_ram(uint64_t from, uint64_t to)
{
    uint64_t pages = 0, bad_zero = 0, bad_keep = 0;
    for (uint64_t pa = from; pa < to; pa += PAGE, pages++) {
        for (uint64_t off = 0; off < PAGE; off += SAMPLE_STRIDE) {
            volatile uint64_t *w = (volatile uint64_t *)(pa + off);
            bad_zero += *w != 0;
            *w = pa ^ off ^ 0x5a5a5a5a5a5a5a5aULL;
        }
    }
    for (uint64_t pa = from; pa < to; pa += PAGE)
        for (uint64_t off = 0; off < PAGE; off += SAMPLE_STRIDE)
            bad_keep += *(volatile uint64_t *)(pa + off) != (pa ^ off ^ 0x5a5a5a5a5a5a5a5aULL);
    check(bad_zero == 0, "fresh RAM reads as zeroes", (int64_t)bad_zero);
    check(bad_keep == 0, "RAM keeps what is written", (int64_t)bad_keep);
    mb->pages_checked = pages;
}

/* vCPU 1 starts here (PSCI CPU_ON), on its own stack. */
__asm__(".text\n"
        ".globl secondary_entry\n"
        "secondary_entry:\n"
        "    msr daifset, #0xf\n"
        "    adrp x1, secondary_stack\n"
        "    add x1, x1, :lo12:secondary_stack\n"
        "    add x1, x1, #4096\n"
        "    mov sp, x1\n"
        "    b secondary_main\n");
extern char secondary_entry[];
__attribute__((aligned(16), used)) uint8_t secondary_stack[4096];

void secondary_main(void)
{
    mb->secondary_up = 1;
    for (volatile uint64_t n = 0;; n++) /* busy: a destroy must stop it */
        if (!spin_mode && mb->state >= DOMU_DONE)
            __asm__ volatile("wfi");
}

static void check_secondary(void)
{
    int64_t rc = psci(PSCI_CPU_ON, 1, (uint64_t)secondary_entry, 0);
    check(rc == PSCI_SUCCESS, "PSCI CPU_ON of vCPU 1", rc);
    for (uint64_t n = 0; n < 100000000 && !mb->secondary_up; n++)
        ;
    check(mb->secondary_up, "vCPU 1 came up", 0);
}

/* What only the control domain may do. */
static void check_refused(void)
{
    static uint8_t block[128];
    check(hypercall(__HYPERVISOR_domctl, (uint64_t)block, 0, 0) == -XEN_EPERM, "domctl refused", 0);
    check(hypercall(__HYPERVISOR_sysctl, (uint64_t)block, 0, 0) == -XEN_EPERM, "sysctl refused", 0);
    static char buf[8];
    int64_t rc = hypercall(__HYPERVISOR_console_io, CONSOLEIO_read, sizeof(buf), (uint64_t)buf);
    check(rc == -XEN_EPERM, "console input refused", rc);
    /* Garbage to console_io write: an unmapped buffer, an absurd length. */
    rc = hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, 16, 0x7f0000000000ULL);
    check(rc == -XEN_EFAULT, "console write from an unmapped buffer", rc);
    rc = hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, 1ULL << 40, (uint64_t)buf);
    check(rc == -XEN_EINVAL, "console write of an absurd length", rc);

    static xen_pfn_t g = 0x40000; /* some frame of dom0's */
    static struct xen_memory_reservation r;
    r = (struct xen_memory_reservation){XEN_GUEST_HANDLE_INIT(&g), 1, 0, 0, 0};
    rc = memop(XENMEM_decrease_reservation, &r);
    check(rc == -XEN_ESRCH, "dom0's memory out of reach", rc);

    static xen_ulong_t idx = 0x40000;
    static xen_pfn_t gpfn = 0x7f000;
    static int32_t err;
    static struct xen_add_to_physmap_batch b;
    b = (struct xen_add_to_physmap_batch){DOMID_SELF,
                                          XENMAPSPACE_gmfn_foreign,
                                          1,
                                          0,
                                          XEN_GUEST_HANDLE_INIT(&idx),
                                          XEN_GUEST_HANDLE_INIT(&gpfn),
                                          XEN_GUEST_HANDLE_INIT(&err)};
    rc = memop(XENMEM_add_to_physmap_batch, &b);
    check(rc == 0 && err == -XEN_EPERM, "foreign map refused", err);

    static struct evtchn_alloc_unbound au;
    au = (struct evtchn_alloc_unbound){0, DOMID_SELF, 0};
    rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, (uint64_t)&au, 0);
    check(rc == -XEN_EPERM, "dom0's ports out of reach", rc);
}

static int pending(volatile struct shared_info *si, unsigned int port)
{
    return (si->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

/* Publishes a grant and a port, then waits for dom0's reply and event. */
static void talk_to_dom0(uint64_t shared_gfn, uint64_t data_gfn)
{
    static struct xen_add_to_physmap x;
    x = (struct xen_add_to_physmap){DOMID_SELF, 0, XENMAPSPACE_shared_info, 0, shared_gfn};
    int64_t rc = memop(XENMEM_add_to_physmap, &x);
    check(rc == 0, "map shared_info", rc);
    x = (struct xen_add_to_physmap){DOMID_SELF, 0, XENMAPSPACE_grant_table, 0,
                                    GUEST_GNTTAB_PA / PAGE};
    rc = memop(XENMEM_add_to_physmap, &x);
    check(rc == 0, "map grant-table frame 0", rc);
    if (mb->failures)
        return;

    volatile uint64_t *data = (volatile uint64_t *)(data_gfn * PAGE);
    for (unsigned int i = 0; i < PAGE / 8; i++)
        data[i] = domu_pattern(i);
    volatile struct grant_entry_v1 *gt = (volatile struct grant_entry_v1 *)GUEST_GNTTAB_PA;
    gt[GREF].domid = 0;
    gt[GREF].frame = (uint32_t)data_gfn;
    __asm__ volatile("dsb sy" ::: "memory");
    gt[GREF].flags = GTF_permit_access;

    static struct evtchn_alloc_unbound au;
    au = (struct evtchn_alloc_unbound){DOMID_SELF, 0, 0};
    rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, (uint64_t)&au, 0);
    check(rc == 0 && au.port > 0, "event channel to dom0", rc);
    if (mb->failures)
        return;

    mb->port = au.port;
    mb->gref = GREF;
    mb->granted_gfn = data_gfn;
    __asm__ volatile("dsb sy" ::: "memory");
    mb->state = DOMU_READY;

    volatile struct shared_info *si = (volatile struct shared_info *)(shared_gfn * PAGE);
    static evtchn_port_t port;
    port = au.port;
    static struct sched_poll poll;
    poll = (struct sched_poll){XEN_GUEST_HANDLE_INIT(&port), 1, 0};
    while (!pending(si, au.port)) {
        rc = hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll, (uint64_t)&poll, 0);
        if (rc) {
            check(0, "SCHEDOP_poll", rc);
            return;
        }
    }
    check(data[0] == DOMU_REPLY_MAGIC, "dom0's reply in the granted page", (int64_t)data[0]);
    check(data[1] == domu_pattern(1), "the rest of the page untouched", 0);
    mb->state = DOMU_GOT_EVENT;
}

/* A page given back is gone; taken again, it reads as zeroes. */
static void check_balloon(uint64_t gfn)
{
    volatile uint64_t *w = (volatile uint64_t *)(gfn * PAGE);
    *w = 0x1234;
    static xen_pfn_t g;
    g = gfn;
    static struct xen_memory_reservation r;
    r = (struct xen_memory_reservation){XEN_GUEST_HANDLE_INIT(&g), 1, 0, 0, DOMID_SELF};
    int64_t rc = memop(XENMEM_decrease_reservation, &r);
    check(rc == 1, "decrease_reservation", rc);
    rc = memop(XENMEM_decrease_reservation, &r);
    check(rc == 0, "giving back a page twice", rc);
    rc = memop(XENMEM_populate_physmap, &r);
    check(rc == 1, "populate_physmap", rc);
    check(*w == 0, "a page taken again reads as zeroes", (int64_t)*w);
}

void guest_main(uint64_t dtb, uint64_t ram_base, uint64_t ram_size, uint64_t mode)
{
    (void)dtb;
    uint64_t ram_end = ram_base + ram_size;
    mb = (volatile struct domu_mailbox *)(ram_end - PAGE);
    spin_mode = mode == DOMU_MODE_SPIN;
    mb->magic = DOMU_MAILBOX_MAGIC;
    out("domu: up, mode ");
    out_num((int64_t)mode);
    out_end();

    /* Pages above the image and below the four at the top (mailbox,
     * shared_info, granted page, balloon page). */
    uint64_t image_end = ((uint64_t)_end + PAGE - 1) & ~(PAGE - 1);
    check_ram(image_end, ram_end - 4 * PAGE);
    mb->state = DOMU_BOOTED;

    int64_t v = hypercall(__HYPERVISOR_xen_version, XENVER_version, 0, 0);
    check(v == XEN_4_17, "xen_version", v);
    check_secondary();
    check_refused();
    talk_to_dom0(ram_end / PAGE - 2, ram_end / PAGE - 3);
    check_balloon(ram_end / PAGE - 4);

    out("domu: checks done, ");
    out_num(mb->failures);
    out(" failed");
    out_end();
    mb->state = DOMU_DONE;

    static struct sched_shutdown sd;
    switch (mode) {
    case DOMU_MODE_SPIN:
        for (volatile uint64_t n = 0;; n++)
            ;
    case DOMU_MODE_REBOOT: sd.reason = SHUTDOWN_reboot; break;
    case DOMU_MODE_CRASH: sd.reason = SHUTDOWN_crash; break;
    default: sd.reason = SHUTDOWN_poweroff; break;
    }
    hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (uint64_t)&sd, 0);
    out("domu: still running after shutdown");
    out_end();
}

void unexpected_exception(uint64_t vec, uint64_t esr, uint64_t elr, uint64_t far)
{
    (void)far;
    out("domu: unexpected exception at vector ");
    out_num((int64_t)vec);
    out(" esr ");
    out_num((int64_t)esr);
    out(" elr ");
    out_num((int64_t)elr);
    out_end();
    static struct sched_shutdown sd = {SHUTDOWN_crash};
    hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (uint64_t)&sd, 0);
}
