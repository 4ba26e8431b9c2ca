/*
 * libFuzzer harness for memory_op (common/memory_op.c) and the physmap code
 * behind it (common/physmap_reservation.c, common/foreign_map.c). Dom0 is
 * privileged and direct-mapped with two RAM banks (one not a multiple of
 * 2 MiB) in fake RAM, partly ballooned out at the start; domU is ordinary,
 * with a few RAM pages, a read-only page and a device frame. The input is
 * a sequence of calls, each by dom0 or domU: decrease_reservation /
 * populate_physmap, add_to_physmap(_batch) (foreign, shared_info,
 * grant-table frames, others), remove_from_physmap, current/maximum_
 * reservation, other sub-ops over raw bytes, a faulting argument copy; or
 * events around them: a guest write into its RAM, dropping all foreign
 * mappings, a new max_pages.
 * Guest frames come from small windows around the banks' edges, inside
 * the banks, and a few fixed places, so every page the calls can change
 * is in scan[] and checked after each call:
 *  - tot_pages <= max_pages; tot_pages equals dom0's 1:1 RAM pages in the
 *    banks (a frame replaced by a special or foreign page stops counting);
 *    no 1:1 RAM outside the banks;
 *  - each domain's foreign records == its list == its grant-typed pages,
 *    and each side's mapped_by_others == the other's records;
 *  - a reservation call's result r (start <= r <= nr) moves tot_pages by
 *    exactly (r - start) extents, populated frames read as zeroes;
 *  - batch: errs before the start index untouched, the others known
 *    errors, one foreign record per errs[i] == 0 (gmfn_foreign).
 * At the end everything is torn down and the page allocator must be back
 * where it started.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch_p2m.h"
#include "common/errno.h"
#include "common/event_channel.h"
#include "common/grant_table.h"
#include "common/hypercall.h"
#include "common/mmio.h"
#include "common/p2m.h"
#include "common/page_alloc.h"
#include "common/physmap.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "fake_guest_env.h"
#include "xen/memory.h"
#include "xen/xen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct domain *domains[MAX_DOMAINS];

/* Neither domain has event channels here (d->evtchn is NULL), where the
 * real function returns at once. */
void evtchn_shared_info_ready(struct domain *d)
{
    (void)d;
}

#define RAM_BASE   0x40000000ULL
#define RAM_SIZE   MiB(18)
#define HEAP_END   (RAM_BASE + MiB(6)) /* page allocator; below the windows */
#define BANK0      (RAM_BASE + MiB(8))
#define BANK0_SIZE (MiB(2) + KiB(64))
#define BANK1      (RAM_BASE + MiB(12))
#define BANK1_SIZE MiB(4)
#define BANK_PAGES ((BANK0_SIZE + BANK1_SIZE) >> PAGE_SHIFT)
#define EDGE       32                            /* pages each side of a bank edge */
#define GFN_WIN    (0x80000000ULL >> PAGE_SHIFT) /* 8 empty gfns */
#define GFN_EMUL   (0x08000000ULL >> PAGE_SHIFT) /* dom0: emulated device, 4 pages */
#define GFN_PASS   (0x09000000ULL >> PAGE_SHIFT) /* dom0: passed-through device */
#define GFN_TOP    ((1ULL << 28) - 1)            /* last gfn under a 40-bit IPA */
#define GFN_U      (0x10000000ULL >> PAGE_SHIFT) /* domU: 4 RAM, 1 RO, 1 device, 2 empty */
#define NU_RAM     4
#define MAX_LIST   16
#define MAX_STEPS  64
#define SCAN_MAX   2048
#define NRECENT    8

static struct domain d0, du;
static struct vcpu v0, vu;
static paddr_t u_pages[NU_RAM + 1];
static uint64_t scan[SCAN_MAX];
static unsigned int nr_scan;
static uint8_t bank_state[BANK_PAGES]; /* per bank page: last seen state */
static uint64_t displaced;             /* RAM pages replaced in place */
static uint64_t recent[NRECENT];       /* gfns lately emptied: populate's best picks */
static unsigned int recent_next;
static uint64_t stat_decreased, stat_populated, stat_foreign, stat_displaced; /* -DFUZZ_STATS */

enum page_state { PS_EMPTY, PS_RAM, PS_OTHER };

/* Input cursor: reads past the end give zeros. */
struct in {
    const uint8_t *p;
    size_t n;
};

static uint8_t u8(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint16_t u16(struct in *in)
{
    uint8_t lo = u8(in);
    return (uint16_t)(lo | u8(in) << 8);
}

static uint64_t free_pages(void)
{
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    return st.free_pages;
}

static void die(const char *why)
{
    fprintf(stderr, "invariant broken: %s\n", why);
    abort();
}

static bool no_handler(struct vcpu *v, struct mmio_access *a, void *priv)
{
    (void)v;
    (void)a;
    (void)priv;
    return false;
}

/* Page number page (mod the total) of dom0's banks, as a gfn. */
static uint64_t bank_gfn(unsigned int page)
{
    uint64_t n0 = BANK0_SIZE >> PAGE_SHIFT;
    page %= BANK_PAGES;
    return page < n0 ? (BANK0 >> PAGE_SHIFT) + page : (BANK1 >> PAGE_SHIFT) + page - n0;
}

static void add_scan_range(uint64_t first, uint64_t end)
{
    for (uint64_t g = first; g < end; g++) {
        if (nr_scan == SCAN_MAX)
            die("scan list too small");
        scan[nr_scan++] = g;
    }
}

/* Every gfn a call in this harness can map something at. */
static void build_scan(void)
{
    nr_scan = 0;
    add_scan_range((BANK0 >> PAGE_SHIFT) - EDGE, ((BANK0 + BANK0_SIZE) >> PAGE_SHIFT) + EDGE);
    add_scan_range((BANK1 >> PAGE_SHIFT) - EDGE, ((BANK1 + BANK1_SIZE) >> PAGE_SHIFT) + EDGE);
    add_scan_range(GFN_WIN, GFN_WIN + 8);
    add_scan_range(GFN_EMUL, GFN_EMUL + 5);
    add_scan_range(GFN_PASS, GFN_PASS + 1);
    add_scan_range(GFN_TOP, GFN_TOP + 1);
    add_scan_range(GFN_U, GFN_U + 8);
}

static void make_domain(struct domain *d, struct vcpu *v, domid_t id, bool privileged)
{
    memset(d, 0, sizeof(*d));
    memset(v, 0, sizeof(*v));
    d->id = id;
    d->is_privileged = privileged;
    spin_lock_init(&d->lock);
    list_init(&d->foreign_maps);
    v->dom = d;
    if (p2m_init(&d->p2m, (uint16_t)(id + 1)) || gnttab_domain_init(d))
        die("domain");
    domains[id] = d;
}

static void setup(void)
{
    memset(domains, 0, sizeof(domains));
    make_domain(&d0, &v0, 0, true);
    make_domain(&du, &vu, 1, false);
    d0.direct_map = true;
    d0.nr_ram_banks = 2;
    d0.ram_base[0] = BANK0;
    d0.ram_size[0] = BANK0_SIZE;
    d0.ram_base[1] = BANK1;
    d0.ram_size[1] = BANK1_SIZE;
    d0.tot_pages = d0.max_pages = BANK_PAGES;
    if (p2m_map(&d0.p2m, BANK0, BANK0, BANK0_SIZE, P2M_RAM_RW) ||
        p2m_map(&d0.p2m, BANK1, BANK1, BANK1_SIZE, P2M_RAM_RW) ||
        p2m_map(&d0.p2m, GFN_PASS << PAGE_SHIFT, GFN_PASS << PAGE_SHIFT, PAGE_SIZE, P2M_MMIO) ||
        mmio_register(&d0, GFN_EMUL << PAGE_SHIFT, 4 * PAGE_SIZE, no_handler, NULL))
        die("dom0");
    for (unsigned int k = 0; k <= NU_RAM; k++) {
        u_pages[k] = page_alloc(0);
        if (u_pages[k] == PADDR_INVALID ||
            p2m_map(&du.p2m, (GFN_U + k) << PAGE_SHIFT, u_pages[k], PAGE_SIZE,
                    k == NU_RAM ? P2M_RAM_RO : P2M_RAM_RW))
            die("domU RAM");
    }
    if (p2m_map(&du.p2m, (GFN_U + NU_RAM + 1) << PAGE_SHIFT, GFN_PASS << PAGE_SHIFT, PAGE_SIZE,
                P2M_MMIO))
        die("domU device");
    du.tot_pages = du.max_pages = NU_RAM + 1;
    memset(bank_state, PS_RAM, sizeof(bank_state));
    /* Start ballooned down a little, so that populate has work from the
     * first call: bank 1's second 2 MiB and a few pages of bank 0. */
    recent_next = 0;
    recent[0] = (BANK1 >> PAGE_SHIFT) + 512;
    if (physmap_decrease(&d0, recent[0], 9))
        die("initial balloon");
    for (unsigned int i = 1; i < NRECENT; i++) {
        recent[i] = (BANK0 >> PAGE_SHIFT) + i * 67;
        if (physmap_decrease(&d0, recent[i], 0))
            die("initial balloon");
    }
    displaced = 0;
}

static unsigned int grant_pages(struct domain *d);

static void teardown(void)
{
    foreign_map_release_all(&d0);
    foreign_map_release_all(&du);
    if (d0.nr_foreign_maps || du.nr_foreign_maps || d0.mapped_by_others || du.mapped_by_others ||
        grant_pages(&d0) || grant_pages(&du))
        die("foreign mappings left after release_all");
    struct domain *ds[2] = {&d0, &du};
    for (unsigned int i = 0; i < 2; i++) {
        struct domain *d = ds[i];
        d->dying = true;
        gnttab_domain_destroy(d);
        p2m_destroy(&d->p2m);
        if (d->shared_info)
            page_free_va(d->shared_info);
    }
    for (unsigned int k = 0; k <= NU_RAM; k++)
        if (page_free(u_pages[k], 0))
            die("page_free");
}

/* ------------------------------------------------------------------------
 * Picking values: mostly ones that can work, some that never can.
 */

static void remember(uint64_t gfn)
{
    recent[recent_next++ % NRECENT] = gfn;
}

static uint64_t pick_gfn(struct in *in)
{
    static const uint64_t edges[4] = {BANK0 >> PAGE_SHIFT, (BANK0 + BANK0_SIZE) >> PAGE_SHIFT,
                                      BANK1 >> PAGE_SHIFT, (BANK1 + BANK1_SIZE) >> PAGE_SHIFT};
    uint8_t b = u8(in);
    if (b < 96) /* within EDGE pages of an edge */
        return edges[b % 4] + (b / 4U + EDGE) % (2 * EDGE) - EDGE;
    if (b < 144)
        return bank_gfn(u16(in));
    if (b < 192)
        return recent[b % NRECENT];
    if (b < 208)
        return GFN_WIN + b % 8;
    if (b < 216)
        return GFN_U + b % 8;
    switch (b % 8) {
    case 0: return GFN_EMUL + b % 5;
    case 1: return GFN_PASS;
    case 2: return GFN_TOP;
    case 3: return GFN_TOP + 1; /* the IPA limit */
    case 4: return 1ULL << 40;
    case 5: return UINT64_MAX;
    default: return bank_gfn(u16(in)) & ~511ULL;
    }
}

/* For populate: often a frame emptied lately. */
static uint64_t pick_empty_gfn(struct in *in)
{
    uint8_t b = u8(in);
    return b < 128 ? recent[b % NRECENT] : pick_gfn(in);
}

/* An extent start for order 9: aligned ones in and around the banks. */
static uint64_t pick_gfn9(struct in *in)
{
    uint8_t b = u8(in);
    uint64_t b0 = BANK0 >> PAGE_SHIFT, b1 = BANK1 >> PAGE_SHIFT;
    switch (b % 8) {
    case 0:
    case 1: return b0;
    case 2: return b0 + 512; /* runs past the end of bank 0 */
    case 3: return b1;
    case 4: return b1 + 512;
    case 5: return b1 - 512; /* below bank 1 */
    case 6: return b0 - 512;
    default: return recent[b % NRECENT] & ~511ULL;
    }
}

/* A frame of domU's, or of dom0's for mappings into domU. */
static uint64_t pick_idx(struct in *in)
{
    uint8_t b = u8(in);
    if (b < 160)
        return GFN_U + b % 8;
    if (b < 240)
        return pick_gfn(in);
    return b == 255 ? UINT64_MAX : (uint64_t)b << 32;
}

static domid_t pick_dom(uint8_t b)
{
    switch (b % 8) {
    case 0:
    case 1:
    case 2: return DOMID_SELF;
    case 3: return 0;
    case 4: return 1;
    case 5: return 5;
    case 6: return DOMID_INVALID;
    default: return (domid_t)(b * 0x101);
    }
}

/* ------------------------------------------------------------------------
 * Invariants.
 */

static enum p2m_type xlate(struct domain *d, uint64_t gfn, paddr_t *pa)
{
    enum p2m_type t;
    paddr_t x;
    if (p2m_lookup(&d->p2m, gfn << PAGE_SHIFT, &x, &t, NULL) != 0)
        return P2M_INVALID;
    if (pa)
        *pa = x;
    return t;
}

static bool in_banks(uint64_t gfn)
{
    uint64_t gpa = gfn << PAGE_SHIFT;
    return (gpa >= BANK0 && gpa < BANK0 + BANK0_SIZE) || (gpa >= BANK1 && gpa < BANK1 + BANK1_SIZE);
}

static unsigned int list_length(struct domain *d)
{
    unsigned int n = 0;
    struct list_head *pos;
    list_for_each(pos, &d->foreign_maps)
    {
        n++;
    }
    return n;
}

static unsigned int grant_pages(struct domain *d)
{
    unsigned int n = 0;
    for (unsigned int i = 0; i < nr_scan; i++) {
        enum p2m_type t = xlate(d, scan[i], NULL);
        n += t == P2M_GRANT_RW || t == P2M_GRANT_RO;
    }
    return n;
}

/* dom0's 1:1 RAM pages in the banks; counts RAM replaced in place since
 * the last look. */
static uint64_t identity_pages(void)
{
    uint64_t n = 0;
    for (unsigned int i = 0; i < nr_scan; i++) {
        uint64_t g = scan[i];
        paddr_t pa = 0;
        enum p2m_type t = xlate(&d0, g, &pa);
        bool ram = t == P2M_RAM_RW && pa == g << PAGE_SHIFT;
        if (!in_banks(g)) {
            if (ram)
                die("1:1 RAM outside the banks");
            continue;
        }
        uint64_t n0 = BANK0_SIZE >> PAGE_SHIFT, gpa = g << PAGE_SHIFT;
        uint64_t k = gpa < BANK1 ? g - (BANK0 >> PAGE_SHIFT) : n0 + g - (BANK1 >> PAGE_SHIFT);
        uint8_t now = ram ? PS_RAM : t == P2M_INVALID ? PS_EMPTY : PS_OTHER;
        if (bank_state[k] == PS_RAM && now == PS_OTHER)
            displaced++;
        bank_state[k] = now;
        n += ram;
    }
    return n;
}

static void check(void)
{
    if (d0.tot_pages > d0.max_pages)
        die("tot_pages > max_pages");
    uint64_t ram = identity_pages();
    if (d0.tot_pages != ram)
        die("tot_pages disagrees with the 1:1 RAM pages");
    if (d0.nr_foreign_maps != list_length(&d0) || du.nr_foreign_maps != list_length(&du))
        die("nr_foreign_maps != list");
    if (grant_pages(&d0) != d0.nr_foreign_maps || grant_pages(&du) != du.nr_foreign_maps)
        die("grant-typed pages != foreign records");
    if (d0.mapped_by_others != du.nr_foreign_maps || du.mapped_by_others != d0.nr_foreign_maps)
        die("mapped_by_others != the other's records");
    if (du.tot_pages != NU_RAM + 1)
        die("domU's tot_pages changed");
}

static bool zeroed(uint64_t gfn, unsigned int order)
{
    const uint8_t *p = arch_phys_to_virt(gfn << PAGE_SHIFT);
    for (uint64_t i = 0; i < (PAGE_SIZE << order); i++)
        if (p[i])
            return false;
    return true;
}

/* ------------------------------------------------------------------------
 * Calls.
 */

static long memop(struct vcpu *v, uint64_t cmd, const void *arg)
{
    return do_memory_op(v, cmd, (uint64_t)(uintptr_t)arg);
}

static void do_reservation(struct vcpu *v, struct in *in)
{
    static xen_pfn_t list[MAX_LIST];
    uint8_t f = u8(in);
    unsigned int op = f & 1 ? XENMEM_populate_physmap : XENMEM_decrease_reservation;
    unsigned int order = (f >> 1) % 4 == 0 ? 9 : 0;
    if (f >= 0xf0)
        order = f & 0xf;
    unsigned int n = (u8(in) + 1U) % (MAX_LIST + 1); /* input's end: 1 */
    uint64_t start = u8(in) % 4 == 0 ? u8(in) % (n + 2) : 0;
    for (unsigned int i = 0; i < n; i++)
        list[i] = order == 9                      ? pick_gfn9(in)
                  : op == XENMEM_populate_physmap ? pick_empty_gfn(in)
                                                  : pick_gfn(in);
    uint8_t m = u8(in);
    struct xen_memory_reservation r = {XEN_GUEST_HANDLE_INIT(list), n, order,
                                       m >= 250 ? XENMEMF_populate_on_demand : m & 0x3f,
                                       pick_dom(u8(in))};
    struct domain *target = r.domid == DOMID_SELF ? v->dom : r.domid < 2 ? domains[r.domid] : NULL;
    uint64_t tot = target ? target->tot_pages : 0;
    long rc = memop(v, op | start << MEMOP_EXTENT_SHIFT, &r);
    if (rc < 0) {
        if (fake_guest_fault ? rc != -EFAULT : rc != -EINVAL && rc != -ESRCH && rc != -EOPNOTSUPP)
            die("reservation: unexpected error");
        if (target && target->tot_pages != tot)
            die("reservation failed but tot_pages moved");
        return;
    }
    uint64_t done = (uint64_t)rc;
    if (!target || (start <= n ? done < start || done > n : done != start))
        die("reservation: result out of range");
    uint64_t moved = (done - start) << (order > 9 ? 0 : order);
    if (target->tot_pages != (op == XENMEM_populate_physmap ? tot + moved : tot - moved))
        die("reservation: tot_pages moved by other than the extents done");
    for (uint64_t i = start; i < done; i++) {
        if (op == XENMEM_decrease_reservation)
            remember(list[i]);
        else if (!zeroed(list[i], order))
            die("populated frame not zeroed");
    }
    *(op == XENMEM_populate_physmap ? &stat_populated : &stat_decreased) += done - start;
}

static bool known_err(int32_t e)
{
    return e == 0 || e == -EINVAL || e == -ESRCH || e == -EPERM || e == -ENOSPC || e == -ENOMEM ||
           e == -EOPNOTSUPP || e == -ENOSYS;
}

static uint16_t pick_space(uint8_t b)
{
    if (b < 160)
        return XENMAPSPACE_gmfn_foreign;
    if (b < 200)
        return XENMAPSPACE_shared_info;
    if (b < 240)
        return XENMAPSPACE_grant_table;
    return b % 8;
}

static void do_batch(struct vcpu *v, struct in *in)
{
    static xen_ulong_t idxs[MAX_LIST];
    static xen_pfn_t gpfns[MAX_LIST];
    static int32_t errs[MAX_LIST];
    uint16_t space = pick_space(u8(in));
    uint16_t n = (uint16_t)((u8(in) + 1U) % (MAX_LIST + 1));
    uint64_t start = u8(in) % 4 == 0 ? u8(in) % (n + 2U) : 0;
    domid_t dom = pick_dom(u8(in)), foreign = pick_dom(u8(in));
    for (unsigned int i = 0; i < n; i++) {
        idxs[i] = space == XENMAPSPACE_gmfn_foreign ? pick_idx(in) : u8(in) % 6;
        gpfns[i] = pick_gfn(in);
        errs[i] = 99;
    }
    struct xen_add_to_physmap_batch b = {dom,
                                         space,
                                         n,
                                         foreign,
                                         XEN_GUEST_HANDLE_INIT(idxs),
                                         XEN_GUEST_HANDLE_INIT(gpfns),
                                         XEN_GUEST_HANDLE_INIT(errs)};
    unsigned int maps = d0.nr_foreign_maps + du.nr_foreign_maps;
    long rc = memop(v, XENMEM_add_to_physmap_batch | start << MEMOP_EXTENT_SHIFT, &b);
    if (rc != 0 && rc != -ESRCH && rc != -EOPNOTSUPP)
        die("batch: unexpected result");
    unsigned int ok = 0;
    for (unsigned int i = 0; i < n; i++) {
        if ((i < start || rc != 0) && errs[i] != 99)
            die("batch: errs written where it should not be");
        if (i >= start && rc == 0 && !known_err(errs[i]))
            die("batch: unknown per-entry error");
        ok += i >= start && rc == 0 && errs[i] == 0;
    }
    unsigned int now = d0.nr_foreign_maps + du.nr_foreign_maps;
    stat_foreign += ok;
    if (space == XENMAPSPACE_gmfn_foreign ? now != maps + ok : now != maps)
        die("batch: foreign records != successful entries");
}

static void do_single(struct vcpu *v, struct in *in)
{
    uint8_t k = u8(in);
    domid_t dom = pick_dom(u8(in));
    uint64_t gfn = pick_gfn(in);
    long rc;
    if (k & 1) {
        struct xen_remove_from_physmap x = {dom, gfn};
        rc = memop(v, XENMEM_remove_from_physmap, &x);
        if (rc == 0)
            remember(gfn);
        if (fake_guest_fault
                ? rc != -EFAULT
                : rc != 0 && rc != -ENOENT && rc != -EINVAL && rc != -ESRCH && rc != -EOPNOTSUPP)
            die("remove: unexpected result");
    } else {
        uint16_t space = pick_space(u8(in));
        struct xen_add_to_physmap x = {dom, 0, space, u8(in) % 6, gfn};
        rc = memop(v, XENMEM_add_to_physmap, &x);
        if (fake_guest_fault ? rc != -EFAULT : rc > 0 || !known_err((int32_t)rc))
            die("add_to_physmap: unexpected result");
        if (!fake_guest_fault && space == XENMAPSPACE_gmfn_foreign && rc != -EINVAL && rc != -ESRCH)
            die("add_to_physmap: foreign space accepted");
    }
}

static void do_query(struct vcpu *v, struct in *in)
{
    domid_t dom = pick_dom(u8(in));
    unsigned int op = u8(in) & 1 ? XENMEM_maximum_reservation : XENMEM_current_reservation;
    long rc = memop(v, op, &dom);
    struct domain *target = dom == DOMID_SELF ? v->dom : dom < 2 ? domains[dom] : NULL;
    if (target && (v->dom->is_privileged || target == v->dom)) {
        uint64_t want = op == XENMEM_current_reservation ? target->tot_pages : target->max_pages;
        if (rc != (long)want)
            die("reservation query: wrong value");
    } else if (rc != -ESRCH) {
        die("reservation query: should be -ESRCH");
    }
}

/* Any sub-op without guest handles inside its argument, over raw bytes. */
static void do_raw(struct vcpu *v, struct in *in)
{
    static _Alignas(8) uint8_t buf[64];
    unsigned int op = u8(in) % 64;
    if (op == XENMEM_decrease_reservation || op == XENMEM_populate_physmap ||
        op == XENMEM_add_to_physmap_batch)
        op = XENMEM_remove_from_physmap;
    uint64_t start = u8(in) < 32 ? u16(in) : 0;
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = u8(in);
    if (op == XENMEM_remove_from_physmap || op == XENMEM_add_to_physmap) {
        /* keep the frame where the checks look */
        struct in again = {buf, 8};
        uint64_t gpfn = pick_gfn(&again);
        memcpy(buf + (op == XENMEM_add_to_physmap ? offsetof(struct xen_add_to_physmap, gpfn)
                                                  : offsetof(struct xen_remove_from_physmap, gpfn)),
               &gpfn, sizeof(gpfn));
    }
    long rc = memop(v, op | start << MEMOP_EXTENT_SHIFT, buf);
    if (start && rc != -ENOSYS)
        die("start index on an op without one");
}

/* A guest scribbles over a page of its RAM (populate must zero it). */
static void guest_write(struct in *in)
{
    uint64_t g = bank_gfn(u16(in));
    uint8_t val = u8(in);
    if (xlate(&d0, g, NULL) == P2M_RAM_RW)
        memset(arch_phys_to_virt(g << PAGE_SHIFT), val | 1, PAGE_SIZE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool once;
    if (!once) {
        fake_ram_setup(RAM_BASE, RAM_SIZE);
        if (arch_p2m_setup(40))
            die("p2m setup");
        build_scan();
        once = true;
    }
    page_alloc_reset();
    xmalloc_reset();
    if (page_alloc_add_region(RAM_BASE, HEAP_END))
        die("region");
    fake_guest_fault = false;
    uint64_t start = free_pages();
    setup();
    check();

    struct in in = {data, size};
    for (unsigned int steps = 0; in.n && steps < MAX_STEPS; steps++) {
        uint8_t sel = u8(&in);
        struct vcpu *v = sel & 0x80 ? &vu : &v0;
        switch (sel % 13) {
        case 0:
        case 1:
        case 2: do_reservation(v, &in); break;
        case 3:
        case 4: do_batch(v, &in); break;
        case 5:
        case 6: do_single(v, &in); break;
        case 7: do_query(v, &in); break;
        case 8: do_raw(v, &in); break;
        case 9:
            fake_guest_fault = true;
            if (sel & 0x40)
                do_single(v, &in);
            else if (sel & 0x20)
                do_reservation(v, &in);
            else
                do_raw(v, &in);
            fake_guest_fault = false;
            break;
        case 10: guest_write(&in); break;
        case 11: foreign_map_release_all(sel & 0x40 ? &du : &d0); break;
        default: /* the toolstack moves the limit (never below what dom0 has) */
            d0.max_pages = d0.tot_pages + u8(&in) % 4;
            break;
        }
        check();
    }

    stat_displaced += displaced;
    teardown();
    if (free_pages() != start)
        die("pages leaked");
#ifdef FUZZ_STATS
    fprintf(stderr, "extents decreased %llu populated %llu, foreign maps %llu, displaced %llu\n",
            (unsigned long long)stat_decreased, (unsigned long long)stat_populated,
            (unsigned long long)stat_foreign, (unsigned long long)stat_displaced);
#endif
    return 0;
}
