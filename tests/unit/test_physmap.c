/*
 * Unit tests for a domain's physmap changes: ballooning a direct-mapped
 * domain (common/physmap_reservation.c), foreign mappings and removal
 * (common/foreign_map.c), and their hypercall front end
 * (common/memory_op.c). Dom0 is direct-mapped with two RAM banks in fake
 * RAM and a hole between them; domU is an ordinary domain with a
 * read/write page, a read-only page and a device frame. Guest pointers
 * are host pointers (fake_guest_env.c).
 */
#include <string.h>

#include "common/arch_p2m.h"
#include "common/errno.h"
#include "common/grant_table.h"
#include "common/hypercall.h"
#include "common/mmio.h"
#include "common/p2m.h"
#include "common/page_alloc.h"
#include "common/physmap.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "fake_guest_env.h"
#include "unit.h"
#include "xen/memory.h"
#include "xen/xen.h"

/* Weak: another test file may define the table as well. */
__attribute__((weak)) struct domain *domains[MAX_DOMAINS];

#define RAM_BASE   0x40000000ULL
#define RAM_SIZE   MiB(32)
#define HEAP_END   (RAM_BASE + MiB(8)) /* the page allocator's part of fake RAM */
#define BANK0      (RAM_BASE + MiB(8)) /* dom0's banks: 4 MiB, a 2 MiB hole, 2 MiB */
#define BANK0_SIZE MiB(4)
#define HOLE       (BANK0 + BANK0_SIZE)
#define BANK1      (HOLE + MiB(2))
#define BANK1_SIZE MiB(2)
#define BANK_PAGES ((BANK0_SIZE + BANK1_SIZE) >> PAGE_SHIFT)
#define GPA_EMUL   0x08000000ULL /* dom0: an emulated device (MMIO handler) */
#define GPA_PASS   0x09000000ULL /* dom0: a passed-through device, 1:1 */
#define GPA_WIN    0x80000000ULL /* dom0: nothing there; foreign mappings go here */
#define GPA_U_RAM  0x10000000ULL /* domU: read/write RAM */
#define GPA_U_ROM  0x10001000ULL /* domU: read-only RAM */
#define GPA_U_DEV  0x10002000ULL /* domU: a device frame */
#define GPA_U_HOLE 0x10003000ULL /* domU: nothing */
#define ID_0       0
#define ID_U       1
#define ID_MISSING 5
#define GFN(gpa)   ((uint64_t)(gpa) >> PAGE_SHIFT)
#define PG(n)      ((uint64_t)(n)*PAGE_SIZE)

static struct domain d0, du;
static struct vcpu v0, vu;
static paddr_t ram_u, rom_u; /* host pages behind domU's RAM */

static bool no_handler(struct vcpu *v, struct mmio_access *a, void *priv)
{
    (void)v;
    (void)a;
    (void)priv;
    return false;
}

static bool new_domain(struct domain *d, struct vcpu *v, domid_t id, bool privileged)
{
    memset(d, 0, sizeof(*d));
    memset(v, 0, sizeof(*v));
    d->id = id;
    d->is_privileged = privileged;
    spin_lock_init(&d->lock);
    list_init(&d->foreign_maps);
    v->dom = d;
    domains[id] = d;
    return p2m_init(&d->p2m, (uint16_t)(id + 1)) == 0;
}

/* Fresh fake RAM and allocators, dom0 with its banks mapped 1:1 and full
 * (tot_pages == max_pages), and domU. */
static bool fresh(void)
{
    fake_ram_setup(RAM_BASE, RAM_SIZE);
    page_alloc_reset();
    xmalloc_reset();
    fake_guest_fault = false;
    memset(domains, 0, sizeof(domains));
    if (page_alloc_add_region(RAM_BASE, HEAP_END) || arch_p2m_setup(40) ||
        !new_domain(&d0, &v0, ID_0, true) || !new_domain(&du, &vu, ID_U, false))
        return false;
    d0.direct_map = true;
    d0.nr_ram_banks = 2;
    d0.ram_base[0] = BANK0;
    d0.ram_size[0] = BANK0_SIZE;
    d0.ram_base[1] = BANK1;
    d0.ram_size[1] = BANK1_SIZE;
    d0.tot_pages = d0.max_pages = BANK_PAGES;
    if (p2m_map(&d0.p2m, BANK0, BANK0, BANK0_SIZE, P2M_RAM_RW) ||
        p2m_map(&d0.p2m, BANK1, BANK1, BANK1_SIZE, P2M_RAM_RW) ||
        p2m_map(&d0.p2m, GPA_PASS, GPA_PASS, PAGE_SIZE, P2M_MMIO) ||
        mmio_register(&d0, GPA_EMUL, PG(4), no_handler, NULL))
        return false;
    ram_u = page_alloc_owned(0);
    rom_u = page_alloc_owned(0);
    if (ram_u == PADDR_INVALID || rom_u == PADDR_INVALID)
        return false;
    memset(arch_phys_to_virt(ram_u), 0x11, PAGE_SIZE);
    memset(arch_phys_to_virt(rom_u), 0x22, PAGE_SIZE);
    du.tot_pages = du.max_pages = 2;
    return p2m_map(&du.p2m, GPA_U_RAM, ram_u, PAGE_SIZE, P2M_RAM_RW) == 0 &&
           p2m_map(&du.p2m, GPA_U_ROM, rom_u, PAGE_SIZE, P2M_RAM_RO) == 0 &&
           p2m_map(&du.p2m, GPA_U_DEV, GPA_PASS, PAGE_SIZE, P2M_MMIO) == 0;
}

static uint64_t free_pages(void)
{
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    return st.free_pages;
}

/* Free pages plus the p2m table pages of both domains and the heap's
 * pages: changes only when RAM is handed out or given back, whatever
 * tables and bookkeeping that takes. */
static uint64_t avail(void)
{
    struct xmalloc_stats xs;
    xmalloc_get_stats(&xs);
    return free_pages() + d0.p2m.table_pages + du.p2m.table_pages + xs.slab_pages + xs.large_pages;
}

/* p2m type at gpa, P2M_INVALID when unmapped; *pa gets the address. */
static enum p2m_type xlate(struct domain *d, uint64_t gpa, paddr_t *pa)
{
    enum p2m_type t;
    paddr_t x;
    if (p2m_lookup(&d->p2m, gpa, &x, &t, NULL) != 0)
        return P2M_INVALID;
    if (pa)
        *pa = x;
    return t;
}

static bool identity(struct domain *d, uint64_t gpa)
{
    paddr_t pa = 0;
    return xlate(d, gpa, &pa) == P2M_RAM_RW && pa == gpa;
}

/* dom0's banks and hole, page by page, as one hash of (gpa, pa, type). */
static uint64_t fingerprint(void)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (uint64_t gpa = BANK0; gpa < BANK1 + BANK1_SIZE; gpa += PAGE_SIZE) {
        paddr_t pa = 0;
        enum p2m_type t = xlate(&d0, gpa, &pa);
        h = (h ^ gpa) * 0x100000001b3ULL;
        h = (h ^ pa ^ (uint64_t)t << 60) * 0x100000001b3ULL;
    }
    return h;
}

/* Pages of dom0's banks mapped to themselves as RAM. */
static uint64_t identity_pages(void)
{
    uint64_t n = 0;
    for (unsigned int b = 0; b < d0.nr_ram_banks; b++)
        for (uint64_t off = 0; off < d0.ram_size[b]; off += PAGE_SIZE)
            n += identity(&d0, d0.ram_base[b] + off);
    return n;
}

static bool all_bytes(paddr_t pa, uint64_t size, unsigned char val)
{
    const unsigned char *p = arch_phys_to_virt(pa);
    for (uint64_t i = 0; i < size; i++)
        if (p[i] != val)
            return false;
    return true;
}

static long memop(struct vcpu *v, uint64_t cmd, const void *arg)
{
    return do_memory_op(v, cmd, (uint64_t)(uintptr_t)arg);
}

/* decrease_reservation / populate_physmap of n extents from gfns[]. */
static long reserve(struct vcpu *v, unsigned int op, uint64_t start, domid_t dom,
                    unsigned int order, const xen_pfn_t *gfns, uint64_t n)
{
    struct xen_memory_reservation r = {XEN_GUEST_HANDLE_INIT(gfns), n, order, 0, dom};
    return memop(v, op | start << MEMOP_EXTENT_SHIFT, &r);
}

/* add_to_physmap_batch; errs[] is filled with 99 first. */
static long batch(struct vcpu *v, uint64_t start, domid_t dom, uint16_t space, domid_t foreign,
                  const xen_ulong_t *idxs, const xen_pfn_t *gpfns, int32_t *errs, uint16_t n)
{
    for (unsigned int i = 0; i < n; i++)
        errs[i] = 99;
    struct xen_add_to_physmap_batch b = {dom,
                                         space,
                                         n,
                                         foreign,
                                         XEN_GUEST_HANDLE_INIT(idxs),
                                         XEN_GUEST_HANDLE_INIT(gpfns),
                                         XEN_GUEST_HANDLE_INIT(errs)};
    return memop(v, XENMEM_add_to_physmap_batch | start << MEMOP_EXTENT_SHIFT, &b);
}

static long add_one(struct vcpu *v, domid_t dom, unsigned int space, uint64_t idx, uint64_t gpfn)
{
    struct xen_add_to_physmap x = {dom, 0, space, idx, gpfn};
    return memop(v, XENMEM_add_to_physmap, &x);
}

static long remove_one(struct vcpu *v, domid_t dom, uint64_t gpfn)
{
    struct xen_remove_from_physmap x = {dom, gpfn};
    return memop(v, XENMEM_remove_from_physmap, &x);
}

/* ------------------------------------------------------------------------
 * Ballooning: physmap_decrease / physmap_populate.
 */

/* A frame given back is unmapped and uncounted; populated again it is the
 * same host frame, zeroed. */
TEST(physmap_decrease_then_populate)
{
    REQUIRE(fresh());
    uint64_t p = BANK0 + PG(5);
    memset(arch_phys_to_virt(p), 0x5a, PAGE_SIZE);
    CHECK(physmap_decrease(&d0, GFN(p), 0) == 0);
    CHECK(xlate(&d0, p, NULL) == P2M_INVALID);
    CHECK(identity(&d0, p - PAGE_SIZE) && identity(&d0, p + PAGE_SIZE));
    CHECK(d0.tot_pages == BANK_PAGES - 1);
    CHECK(identity_pages() == BANK_PAGES - 1);
    CHECK(physmap_decrease(&d0, GFN(p), 0) == -EINVAL); /* already given back */
    CHECK(d0.tot_pages == BANK_PAGES - 1);

    CHECK(physmap_populate(&d0, GFN(p), 0) == 0);
    CHECK(identity(&d0, p));
    CHECK(all_bytes(p, PAGE_SIZE, 0));
    CHECK(d0.tot_pages == BANK_PAGES);
    CHECK(identity_pages() == BANK_PAGES);
}

/* populate never takes tot_pages beyond max_pages. */
TEST(physmap_populate_respects_max_pages)
{
    REQUIRE(fresh());
    uint64_t a = BANK1 + PG(1), b = BANK1 + PG(2);
    CHECK(physmap_decrease(&d0, GFN(a), 0) == 0);
    CHECK(physmap_decrease(&d0, GFN(b), 0) == 0);
    d0.max_pages = BANK_PAGES - 1;
    CHECK(physmap_populate(&d0, GFN(a), 0) == 0);
    CHECK(d0.tot_pages == BANK_PAGES - 1);
    CHECK(physmap_populate(&d0, GFN(b), 0) == -ENOMEM);
    CHECK(xlate(&d0, b, NULL) == P2M_INVALID);
    CHECK(d0.tot_pages == BANK_PAGES - 1);

    /* 512 frames free in the banks but room for 511 under max_pages */
    CHECK(physmap_decrease(&d0, GFN(BANK0), 9) == 0);
    d0.max_pages = d0.tot_pages + 511;
    CHECK(physmap_populate(&d0, GFN(BANK0), 9) == -ENOMEM);
    CHECK(xlate(&d0, BANK0, NULL) == P2M_INVALID);
    d0.max_pages++;
    CHECK(physmap_populate(&d0, GFN(BANK0), 9) == 0);
    CHECK(d0.tot_pages == d0.max_pages);
}

/* Only frames mapped 1:1 as RAM inside the banks can be given back; any
 * refusal leaves the physmap and the count as they were. */
TEST(physmap_decrease_refuses_what_is_not_own_ram)
{
    REQUIRE(fresh());
    REQUIRE(gnttab_domain_init(&d0) == 0);
    uint64_t si = BANK0 + PG(7), gt = BANK1 + PG(3), gone = BANK0 + PG(8);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, GFN(si)) == 0);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_grant_table, 0, GFN(gt)) == 0);
    CHECK(physmap_decrease(&d0, GFN(gone), 0) == 0);
    CHECK(foreign_map_add(&d0, GFN(gone) + 1, ID_U, GFN(GPA_U_RAM)) == 0);
    uint64_t fp = fingerprint(), tot = d0.tot_pages;

    CHECK(physmap_decrease(&d0, GFN(si), 0) == -EINVAL);                 /* shared_info over RAM */
    CHECK(physmap_decrease(&d0, GFN(gt), 0) == -EINVAL);                 /* grant frame over RAM */
    CHECK(physmap_decrease(&d0, GFN(gone) + 1, 0) == -EINVAL);           /* foreign page */
    CHECK(physmap_decrease(&d0, GFN(gone), 0) == -EINVAL);               /* unmapped */
    CHECK(physmap_decrease(&d0, GFN(HOLE), 0) == -EINVAL);               /* between the banks */
    CHECK(physmap_decrease(&d0, GFN(BANK0) - 1, 0) == -EINVAL);          /* just below */
    CHECK(physmap_decrease(&d0, GFN(BANK1 + BANK1_SIZE), 0) == -EINVAL); /* just above */
    CHECK(physmap_decrease(&d0, GFN(GPA_PASS), 0) == -EINVAL);           /* device, 1:1 */
    CHECK(physmap_decrease(&d0, 1ULL << 40, 0) == -EINVAL);              /* no such frame */
    CHECK(physmap_decrease(&d0, GFN(BANK0), 10) == -EINVAL);             /* order too large */
    CHECK(fingerprint() == fp);
    CHECK(d0.tot_pages == tot);
    CHECK(xlate(&d0, GPA_PASS, NULL) == P2M_MMIO);
}

/* populate only fills empty frames inside the banks. */
TEST(physmap_populate_refuses_mapped_or_outside)
{
    REQUIRE(fresh());
    uint64_t si = BANK0 + PG(2), gone = BANK0 + PG(9);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, GFN(si)) == 0);
    CHECK(physmap_decrease(&d0, GFN(gone), 0) == 0);
    CHECK(foreign_map_add(&d0, GFN(gone), ID_U, GFN(GPA_U_RAM)) == 0);
    CHECK(physmap_decrease(&d0, GFN(gone) + 1, 0) == 0); /* room under max_pages */
    uint64_t fp = fingerprint(), tot = d0.tot_pages;
    memset(arch_phys_to_virt(HOLE), 0x33, PAGE_SIZE);

    CHECK(physmap_populate(&d0, GFN(BANK0) + 3, 0) == -EINVAL); /* RAM already */
    CHECK(physmap_populate(&d0, GFN(si), 0) == -EINVAL);        /* shared_info */
    CHECK(physmap_populate(&d0, GFN(gone), 0) == -EINVAL);      /* foreign page */
    CHECK(physmap_populate(&d0, GFN(HOLE), 0) == -EINVAL);      /* not the domain's frame */
    CHECK(physmap_populate(&d0, GFN(BANK0) - 1, 0) == -EINVAL);
    CHECK(physmap_populate(&d0, GFN(BANK1 + BANK1_SIZE), 0) == -EINVAL);
    CHECK(physmap_populate(&d0, GFN(GPA_WIN), 0) == -EINVAL);
    CHECK(physmap_populate(&d0, 1ULL << 40, 0) == -EINVAL);
    CHECK(physmap_populate(&d0, GFN(gone) + 1, 10) == -EINVAL);
    CHECK(fingerprint() == fp);
    CHECK(d0.tot_pages == tot);
    CHECK(all_bytes(HOLE, PAGE_SIZE, 0x33)); /* not zeroed either */
    CHECK(xlate(&d0, GPA_WIN, NULL) == P2M_INVALID);
}

/* Order-9 extents: aligned ones go and come back as one 2 MiB block;
 * misaligned or partly unfit ones change nothing. */
TEST(physmap_order9_extents)
{
    REQUIRE(fresh());
    uint64_t blk = BANK0 + MiB(2);
    memset(arch_phys_to_virt(blk), 0x44, MiB(2));
    uint64_t fp = fingerprint();
    CHECK(physmap_decrease(&d0, GFN(blk) + 1, 9) == -EINVAL);
    CHECK(physmap_decrease(&d0, GFN(blk) + 256, 9) == -EINVAL);
    CHECK(physmap_decrease(&d0, GFN(HOLE), 9) == -EINVAL);
    CHECK(physmap_decrease(&d0, GFN(BANK0), 10) == -EINVAL);
    CHECK(fingerprint() == fp && d0.tot_pages == BANK_PAGES);

    CHECK(physmap_decrease(&d0, GFN(blk), 9) == 0);
    CHECK(d0.tot_pages == BANK_PAGES - 512);
    CHECK(xlate(&d0, blk, NULL) == P2M_INVALID);
    CHECK(xlate(&d0, blk + MiB(2) - PAGE_SIZE, NULL) == P2M_INVALID);
    CHECK(identity(&d0, blk - PAGE_SIZE));
    CHECK(identity_pages() == BANK_PAGES - 512);
    CHECK(physmap_populate(&d0, GFN(blk) + 1, 9) == -EINVAL);
    CHECK(physmap_populate(&d0, GFN(HOLE), 9) == -EINVAL);

    CHECK(physmap_populate(&d0, GFN(blk), 9) == 0);
    uint64_t bs = 0;
    paddr_t pa = 0;
    enum p2m_type t;
    CHECK(p2m_lookup(&d0.p2m, blk + PG(300), &pa, &t, &bs) == 0);
    CHECK(pa == blk + PG(300) && t == P2M_RAM_RW && bs == MiB(2));
    CHECK(all_bytes(blk, MiB(2), 0));
    CHECK(d0.tot_pages == BANK_PAGES);

    /* one frame of the extent not RAM / one frame mapped: the rest stays */
    CHECK(physmap_decrease(&d0, GFN(BANK1) + 17, 0) == 0);
    fp = fingerprint();
    CHECK(physmap_decrease(&d0, GFN(BANK1), 9) == -EINVAL);
    CHECK(fingerprint() == fp && d0.tot_pages == BANK_PAGES - 1);
    CHECK(physmap_decrease(&d0, GFN(BANK0), 9) == 0);
    CHECK(physmap_populate(&d0, GFN(BANK0) + 4, 0) == 0);
    fp = fingerprint();
    CHECK(physmap_populate(&d0, GFN(BANK0), 9) == -EINVAL);
    CHECK(fingerprint() == fp && d0.tot_pages == BANK_PAGES - 512);

    /* misaligned extents wholly inside a bank and fit otherwise */
    CHECK(physmap_decrease(&d0, GFN(BANK0) + 4, 0) == 0);
    CHECK(physmap_decrease(&d0, GFN(blk), 9) == 0);
    fp = fingerprint();
    CHECK(physmap_populate(&d0, GFN(BANK0) + 1, 9) == -EINVAL);
    CHECK(physmap_populate(&d0, GFN(BANK0) + 256, 9) == -EINVAL);
    CHECK(fingerprint() == fp);
    CHECK(physmap_populate(&d0, GFN(BANK0), 9) == 0);
    CHECK(physmap_populate(&d0, GFN(blk), 9) == 0);
    fp = fingerprint();
    CHECK(physmap_decrease(&d0, GFN(BANK0) + 1, 9) == -EINVAL);
    CHECK(physmap_decrease(&d0, GFN(BANK0) + 511, 9) == -EINVAL);
    CHECK(fingerprint() == fp && d0.tot_pages == BANK_PAGES - 1);
}

#define GPA_U_BIG 0x40000000ULL /* domU: where its builder puts a 2 MiB extent */

/* A domain that is not direct-mapped gets fresh, zeroed, owned pages from
 * the allocator (a 2 MiB extent as one block) and gives them back to it. */
TEST(physmap_domu_populate_and_decrease)
{
    REQUIRE(fresh());
    uint64_t free0 = avail();
    du.max_pages = 2 + 512 + 1;
    memset(arch_phys_to_virt(ram_u), 0x11, PAGE_SIZE);
    xen_pfn_t big = GFN(GPA_U_BIG);
    CHECK(reserve(&v0, XENMEM_populate_physmap, 0, ID_U, 9, &big, 1) == 1);
    CHECK(du.tot_pages == 514 && avail() == free0 - 512);
    paddr_t pa = 0;
    uint64_t bs = 0;
    CHECK(p2m_lookup(&du.p2m, GPA_U_BIG + PG(7), &pa, NULL, &bs) == 0 && bs == MiB(2));
    CHECK(page_refs(pa) == 1 && *(uint64_t *)arch_phys_to_virt(pa) == 0);
    /* max_pages: one more page fits, the next does not */
    xen_pfn_t two[2] = {GFN(GPA_U_HOLE), GFN(GPA_U_HOLE) + 1};
    CHECK(reserve(&v0, XENMEM_populate_physmap, 0, ID_U, 0, two, 2) == 1);
    CHECK(du.tot_pages == 515);
    /* not over what is mapped, a device, or beyond the guest's space */
    du.max_pages = 600;
    xen_pfn_t bad[3] = {GFN(GPA_U_RAM), GFN(GPA_U_DEV), PHYSMAP_GFN_LIMIT};
    for (unsigned int i = 0; i < 3; i++)
        CHECK(reserve(&v0, XENMEM_populate_physmap, 0, ID_U, 0, &bad[i], 1) == 0);
    CHECK(du.tot_pages == 515);
    /* the guest gives one page of the block back: the block splits */
    xen_pfn_t one = big + 7;
    CHECK(reserve(&vu, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, &one, 1) == 1);
    CHECK(xlate(&du, GPA_U_BIG + PG(7), NULL) == P2M_INVALID && du.tot_pages == 514);
    CHECK(avail() == free0 - 512);
    /* a whole extent with a hole in it is refused; the rest goes page by page */
    CHECK(reserve(&vu, XENMEM_decrease_reservation, 0, DOMID_SELF, 9, &big, 1) == 0);
    for (xen_pfn_t g = big; g < big + 512; g++)
        if (g != one)
            CHECK(reserve(&vu, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, &g, 1) == 1);
    CHECK(du.tot_pages == 3);
    /* its own read-only RAM too; never a device */
    xen_pfn_t rom = GFN(GPA_U_ROM), dev = GFN(GPA_U_DEV);
    CHECK(reserve(&vu, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, &rom, 1) == 1);
    CHECK(reserve(&vu, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, &dev, 1) == 0);
    CHECK(du.tot_pages == 2 && xlate(&du, GPA_U_DEV, NULL) == P2M_MMIO);
}

/* A page another domain maps lives on after its owner gives it back, and
 * goes with that mapping. */
TEST(physmap_foreign_map_keeps_page)
{
    REQUIRE(fresh());
    uint64_t free0 = avail();
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, GFN(GPA_U_RAM)) == 0);
    CHECK(page_refs(ram_u) == 2);
    xen_pfn_t g = GFN(GPA_U_RAM);
    CHECK(reserve(&vu, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, &g, 1) == 1);
    CHECK(page_refs(ram_u) == 1 && du.tot_pages == 1);
    paddr_t pa = 0;
    CHECK(xlate(&d0, GPA_WIN, &pa) == P2M_GRANT_RW && pa == ram_u);
    CHECK(*(uint8_t *)arch_phys_to_virt(ram_u) == 0x11); /* untouched */
    uint64_t free1 = avail();
    CHECK(remove_one(&v0, DOMID_SELF, GFN(GPA_WIN)) == 0);
    CHECK(avail() == free1 + 1 && page_refs(ram_u) == 0);
    (void)free0;
}

/* Teardown: the dying domain's RAM goes back but for the pages others
 * still map, which become orphans and go with their mappings. */
TEST(physmap_release_all_leaves_mapped_pages)
{
    REQUIRE(fresh());
    du.max_pages = 600;
    xen_pfn_t big = GFN(GPA_U_BIG);
    REQUIRE(reserve(&v0, XENMEM_populate_physmap, 0, ID_U, 9, &big, 1) == 1);
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, big + 3) == 0);
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN) + 1, ID_U, GFN(GPA_U_ROM)) == 0);
    CHECK(du.mapped_by_others == 2);
    uint64_t free0 = avail();
    foreign_map_orphan_all(&du);
    physmap_release_all(&du);
    CHECK(du.mapped_by_others == 0 && du.tot_pages == 0);
    CHECK(avail() == free0 + 512); /* all but the two still mapped */
    /* the orphans still read the pages; removing them frees them and
     * touches no domain's count (du's id could be reused by then) */
    du.mapped_by_others = 7;
    CHECK(xlate(&d0, GPA_WIN + PG(1), NULL) == P2M_GRANT_RO);
    CHECK(remove_one(&v0, DOMID_SELF, GFN(GPA_WIN)) == 0);
    CHECK(remove_one(&v0, DOMID_SELF, GFN(GPA_WIN) + 1) == 0);
    CHECK(avail() == free0 + 514 && du.mapped_by_others == 7);
}

/* shared_info mapped over a RAM page of a domain lets that page go. */
TEST(physmap_special_page_replaces_domu_ram)
{
    REQUIRE(fresh());
    uint64_t free0 = avail();
    struct xen_add_to_physmap x = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0, .gpfn = GFN(GPA_U_RAM)};
    CHECK(memop(&vu, XENMEM_add_to_physmap, &x) == 0);
    CHECK(du.tot_pages == 1 && page_refs(ram_u) == 0);
    CHECK(avail() == free0 + 1 - 1); /* the shared_info page itself */
    CHECK(xlate(&du, GPA_U_RAM, NULL) == P2M_RAM_RW);
    /* giving the shared_info frame back is not giving back RAM */
    xen_pfn_t g = GFN(GPA_U_RAM);
    CHECK(reserve(&vu, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, &g, 1) == 0);
    CHECK(du.tot_pages == 1);
}

/* Giving back one frame of a 2 MiB block needs a table page; without one
 * the call fails and nothing changes. A whole block needs none. */
TEST(physmap_decrease_without_table_memory)
{
    REQUIRE(fresh());
    uint64_t bs = 0;
    REQUIRE(p2m_lookup(&d0.p2m, BANK1, NULL, NULL, &bs) == 0 && bs == MiB(2));
    while (page_alloc(0) != PADDR_INVALID)
        ;
    uint64_t fp = fingerprint();
    CHECK(physmap_decrease(&d0, GFN(BANK1) + 5, 0) == -ENOMEM);
    CHECK(fingerprint() == fp);
    CHECK(d0.tot_pages == BANK_PAGES);
    CHECK(physmap_decrease(&d0, GFN(BANK1), 9) == 0);
    CHECK(d0.tot_pages == BANK_PAGES - 512);
}

/* ------------------------------------------------------------------------
 * Foreign mappings and removal.
 */

/* dom0 maps domU's pages: its p2m shows domU's host frames, never as RAM,
 * read-only where domU's page is; both sides count. */
TEST(foreign_map_rw_and_ro)
{
    REQUIRE(fresh());
    paddr_t pa = 0;
    CHECK(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, GFN(GPA_U_RAM)) == 0);
    CHECK(xlate(&d0, GPA_WIN, &pa) == P2M_GRANT_RW && pa == ram_u);
    CHECK(foreign_map_add(&d0, GFN(GPA_WIN) + 1, ID_U, GFN(GPA_U_ROM)) == 0);
    CHECK(xlate(&d0, GPA_WIN + PAGE_SIZE, &pa) == P2M_GRANT_RO && pa == rom_u);
    CHECK(d0.nr_foreign_maps == 2);
    CHECK(du.mapped_by_others == 2);

    /* over a frame dom0 gave back: allowed, and not RAM to the balloon */
    uint64_t gone = BANK1 + PG(40);
    CHECK(physmap_decrease(&d0, GFN(gone), 0) == 0);
    CHECK(foreign_map_add(&d0, GFN(gone), ID_U, GFN(GPA_U_RAM)) == 0);
    CHECK(xlate(&d0, gone, &pa) == P2M_GRANT_RW && pa == ram_u);
    CHECK(d0.nr_foreign_maps == 3 && du.mapped_by_others == 3);
    CHECK(d0.tot_pages == BANK_PAGES - 1);
    CHECK(physmap_populate(&d0, GFN(gone), 0) == -EINVAL);
    CHECK(physmap_decrease(&d0, GFN(gone), 0) == -EINVAL);
    CHECK(xlate(&d0, gone, &pa) == P2M_GRANT_RW && pa == ram_u);
    CHECK(du.nr_foreign_maps == 0 && d0.mapped_by_others == 0);
}

/* Each refusal maps nothing and counts nothing. */
TEST(foreign_map_refusals)
{
    REQUIRE(fresh());
    uint64_t win = GFN(GPA_WIN), ram = GFN(GPA_U_RAM);
    CHECK(foreign_map_add(&d0, win, ID_0, GFN(BANK0)) == -EINVAL); /* itself */
    CHECK(foreign_map_add(&d0, win, DOMID_SELF, GFN(BANK0)) == -EINVAL);
    CHECK(foreign_map_add(&d0, win, ID_MISSING, ram) == -ESRCH);
    CHECK(foreign_map_add(&d0, win, DOMID_INVALID, ram) == -ESRCH);
    du.dying = true;
    CHECK(foreign_map_add(&d0, win, ID_U, ram) == -ESRCH);
    du.dying = false;

    /* the owner's frame must be its RAM */
    REQUIRE(p2m_map(&du.p2m, GPA_U_HOLE + PAGE_SIZE, ram_u, PAGE_SIZE, P2M_GRANT_RW) == 0);
    CHECK(foreign_map_add(&d0, win, ID_U, GFN(GPA_U_HOLE)) == -EINVAL);
    CHECK(foreign_map_add(&d0, win, ID_U, GFN(GPA_U_DEV)) == -EINVAL);
    CHECK(foreign_map_add(&d0, win, ID_U, GFN(GPA_U_HOLE) + 1) == -EINVAL);
    CHECK(foreign_map_add(&d0, win, ID_U, 1ULL << 40) == -EINVAL);
    CHECK(xlate(&d0, GPA_WIN, NULL) == P2M_INVALID);

    /* the mapper's frame must be RAM or nothing */
    REQUIRE(foreign_map_add(&d0, win + 1, ID_U, ram) == 0);
    REQUIRE(p2m_map(&d0.p2m, GPA_WIN + PG(2), ram_u, PAGE_SIZE, P2M_GRANT_RW) == 0);
    paddr_t pa = 0;
    CHECK(foreign_map_add(&d0, GFN(GPA_EMUL), ID_U, ram) == -EINVAL);
    CHECK(foreign_map_add(&d0, GFN(GPA_PASS), ID_U, ram) == -EINVAL);
    CHECK(xlate(&d0, GPA_PASS, &pa) == P2M_MMIO && pa == GPA_PASS);
    CHECK(foreign_map_add(&d0, win + 1, ID_U, GFN(GPA_U_ROM)) == -EINVAL); /* foreign */
    CHECK(xlate(&d0, GPA_WIN + PAGE_SIZE, &pa) == P2M_GRANT_RW && pa == ram_u);
    CHECK(foreign_map_add(&d0, win + 2, ID_U, GFN(GPA_U_ROM)) == -EINVAL); /* grant */
    CHECK(foreign_map_add(&d0, 1ULL << 28, ID_U, ram) == -EINVAL);         /* beyond 40 bits */
    CHECK(foreign_map_add(&d0, 1ULL << 40, ID_U, ram) == -EINVAL);
    CHECK(foreign_map_add(&d0, UINT64_MAX, ID_U, ram) == -EINVAL);

    d0.nr_foreign_maps = FOREIGN_MAX_MAPS;
    CHECK(foreign_map_add(&d0, win, ID_U, ram) == -ENOSPC);
    d0.nr_foreign_maps = 1;
    CHECK(xlate(&d0, GPA_WIN, NULL) == P2M_INVALID);
    CHECK(du.mapped_by_others == 1);
    CHECK(d0.tot_pages == BANK_PAGES);
}

/* Removal takes down whatever a gfn holds, except devices and grants. */
TEST(physmap_remove_what_a_gfn_holds)
{
    REQUIRE(fresh());
    paddr_t pa = 0;
    /* a foreign page: unmapped, counts back */
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, GFN(GPA_U_RAM)) == 0);
    CHECK(physmap_remove(&d0, GFN(GPA_WIN)) == 0);
    CHECK(xlate(&d0, GPA_WIN, NULL) == P2M_INVALID);
    CHECK(d0.nr_foreign_maps == 0 && du.mapped_by_others == 0);
    CHECK(physmap_remove(&d0, GFN(GPA_WIN)) == -ENOENT);
    CHECK(xlate(&du, GPA_U_RAM, &pa) == P2M_RAM_RW && pa == ram_u); /* owner keeps it */

    /* own RAM: ballooned out, and can come back */
    uint64_t p = BANK0 + PG(9);
    CHECK(physmap_remove(&d0, GFN(p)) == 0);
    CHECK(xlate(&d0, p, NULL) == P2M_INVALID);
    CHECK(d0.tot_pages == BANK_PAGES - 1 && identity_pages() == BANK_PAGES - 1);
    CHECK(physmap_remove(&d0, GFN(p)) == -ENOENT);
    CHECK(d0.tot_pages == BANK_PAGES - 1);
    CHECK(physmap_populate(&d0, GFN(p), 0) == 0);

    /* nothing there */
    CHECK(physmap_remove(&d0, GFN(HOLE)) == -ENOENT);
    CHECK(physmap_remove(&d0, GFN(GPA_EMUL)) == -ENOENT);
    CHECK(physmap_remove(&d0, 1ULL << 40) == -EINVAL);
    CHECK(physmap_remove(&d0, UINT64_MAX) == -EINVAL);

    /* a device or a grant mapping stays */
    REQUIRE(p2m_map(&d0.p2m, GPA_WIN + PAGE_SIZE, ram_u, PAGE_SIZE, P2M_GRANT_RW) == 0);
    CHECK(physmap_remove(&d0, GFN(GPA_PASS)) == -EINVAL);
    CHECK(xlate(&d0, GPA_PASS, NULL) == P2M_MMIO);
    CHECK(physmap_remove(&d0, GFN(GPA_WIN) + 1) == -EINVAL);
    CHECK(xlate(&d0, GPA_WIN + PAGE_SIZE, NULL) == P2M_GRANT_RW);

    /* a special page: unmapped; it was never counted as ballooned RAM */
    uint64_t tot = d0.tot_pages;
    REQUIRE(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, GFN(GPA_WIN) + 2) == 0);
    CHECK(physmap_remove(&d0, GFN(GPA_WIN) + 2) == 0);
    CHECK(xlate(&d0, GPA_WIN + PG(2), NULL) == P2M_INVALID);
    CHECK(d0.tot_pages == tot);
}

/* A foreign record whose entry something else replaced: removal forgets
 * the record and leaves the newer entry alone. */
TEST(physmap_remove_foreign_entry_replaced)
{
    REQUIRE(fresh());
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, GFN(GPA_U_RAM)) == 0);
    REQUIRE(p2m_map(&d0.p2m, GPA_WIN, rom_u, PAGE_SIZE, P2M_GRANT_RO) == 0);
    CHECK(physmap_remove(&d0, GFN(GPA_WIN)) == 0);
    paddr_t pa = 0;
    CHECK(xlate(&d0, GPA_WIN, &pa) == P2M_GRANT_RO && pa == rom_u);
    CHECK(d0.nr_foreign_maps == 0 && du.mapped_by_others == 0);
    CHECK(physmap_remove(&d0, GFN(GPA_WIN)) == -EINVAL); /* now a grant mapping */
}

/* Teardown drops every foreign mapping, and copes with a gone owner. */
TEST(foreign_map_release_all)
{
    REQUIRE(fresh());
    uint64_t gone = BANK0 + PG(100);
    REQUIRE(physmap_decrease(&d0, GFN(gone), 0) == 0);
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, GFN(GPA_U_RAM)) == 0);
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN) + 1, ID_U, GFN(GPA_U_ROM)) == 0);
    REQUIRE(foreign_map_add(&d0, GFN(gone), ID_U, GFN(GPA_U_RAM)) == 0);
    REQUIRE(du.mapped_by_others == 3);
    foreign_map_release_all(&d0);
    CHECK(d0.nr_foreign_maps == 0 && du.mapped_by_others == 0);
    CHECK(list_empty(&d0.foreign_maps));
    CHECK(xlate(&d0, GPA_WIN, NULL) == P2M_INVALID);
    CHECK(xlate(&d0, GPA_WIN + PAGE_SIZE, NULL) == P2M_INVALID);
    CHECK(xlate(&d0, gone, NULL) == P2M_INVALID);
    CHECK(identity_pages() == BANK_PAGES - 1 && d0.tot_pages == BANK_PAGES - 1);
    CHECK(physmap_populate(&d0, GFN(gone), 0) == 0);

    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, GFN(GPA_U_RAM)) == 0);
    domains[ID_U] = NULL;
    foreign_map_release_all(&d0);
    CHECK(d0.nr_foreign_maps == 0 && xlate(&d0, GPA_WIN, NULL) == P2M_INVALID);
    foreign_map_release_all(&d0); /* nothing left: no-op */
    CHECK(d0.nr_foreign_maps == 0);
}

TEST(physmap_gfn_replaceable)
{
    REQUIRE(fresh());
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, GFN(GPA_U_RAM)) == 0);
    CHECK(physmap_gfn_replaceable(&d0, GFN(BANK0)));
    CHECK(physmap_gfn_replaceable(&d0, GFN(HOLE)));
    CHECK(physmap_gfn_replaceable(&du, GFN(GPA_U_ROM)));
    CHECK(!physmap_gfn_replaceable(&d0, GFN(GPA_WIN)));
    CHECK(!physmap_gfn_replaceable(&d0, GFN(GPA_PASS)));
    CHECK(!physmap_gfn_replaceable(&d0, GFN(GPA_EMUL) + 3));
    CHECK(physmap_gfn_replaceable(&d0, GFN(GPA_EMUL) + 4));
    CHECK(!physmap_gfn_replaceable(&du, GFN(GPA_U_DEV)));
    CHECK(!physmap_gfn_replaceable(&d0, 1ULL << 28));
    CHECK(!physmap_gfn_replaceable(&d0, UINT64_MAX));
}

/* ------------------------------------------------------------------------
 * The hypercall: do_memory_op.
 */

/* The result is the index of the first extent not done; the start index
 * in cmd is where the call begins. */
TEST(memory_op_reservation_progress)
{
    REQUIRE(fresh());
    xen_pfn_t g[5] = {GFN(BANK0), GFN(BANK0) + 1, GFN(HOLE), GFN(BANK0) + 3, GFN(BANK0) + 4};
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, g, 5) == 2);
    CHECK(xlate(&d0, BANK0, NULL) == P2M_INVALID);
    CHECK(xlate(&d0, BANK0 + PG(1), NULL) == P2M_INVALID);
    CHECK(identity(&d0, BANK0 + PG(3)));
    CHECK(d0.tot_pages == BANK_PAGES - 2);
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 3, ID_0, 0, g, 4) == 4);
    CHECK(xlate(&d0, BANK0 + PG(3), NULL) == P2M_INVALID && identity(&d0, BANK0 + PG(4)));
    CHECK(d0.tot_pages == BANK_PAGES - 3);
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 4, ID_0, 0, g, 4) == 4); /* none left */
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 9, ID_0, 0, g, 4) == 9);
    CHECK(d0.tot_pages == BANK_PAGES - 3);

    /* populate: fails at the frame still mapped */
    xen_pfn_t p[4] = {GFN(BANK0) + 3, GFN(BANK0), GFN(BANK0) + 4, GFN(BANK0) + 1};
    CHECK(reserve(&v0, XENMEM_populate_physmap, 0, DOMID_SELF, 0, p, 4) == 2);
    CHECK(reserve(&v0, XENMEM_populate_physmap, 3, DOMID_SELF, 0, p, 4) == 4);
    CHECK(d0.tot_pages == BANK_PAGES && identity_pages() == BANK_PAGES);

    /* a list the guest cannot read stops the call where it is */
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, NULL, 3) == 0);
    CHECK(d0.tot_pages == BANK_PAGES);

    /* order 9 */
    xen_pfn_t b[2] = {GFN(BANK1), GFN(BANK0) + 1};
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 0, DOMID_SELF, 9, b, 2) == 1);
    CHECK(d0.tot_pages == BANK_PAGES - 512);
    CHECK(reserve(&v0, XENMEM_populate_physmap, 0, DOMID_SELF, 9, b, 2) == 1);
    CHECK(d0.tot_pages == BANK_PAGES && identity_pages() == BANK_PAGES);
}

/* At most 1024 extents per call; the caller continues from the result. */
TEST(memory_op_reservation_per_call_bound)
{
    REQUIRE(fresh());
    static xen_pfn_t g[1100];
    for (unsigned int i = 0; i < 1100; i++) /* all of bank 0, then bank 1 */
        g[i] = i < 1024 ? GFN(BANK0) + i : GFN(BANK1) + i - 1024;
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 0, DOMID_SELF, 0, g, 1100) == 1024);
    CHECK(d0.tot_pages == BANK_PAGES - 1024);
    CHECK(identity(&d0, BANK1));
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 1024, DOMID_SELF, 0, g, 1100) == 1100);
    CHECK(d0.tot_pages == BANK_PAGES - 1100 && identity_pages() == BANK_PAGES - 1100);
}

/* Bad requests as a whole: negative results, nothing done. */
TEST(memory_op_reservation_errors)
{
    REQUIRE(fresh());
    xen_pfn_t g = GFN(BANK0);
    struct xen_memory_reservation r = {XEN_GUEST_HANDLE_INIT(&g), 1, 0, 0, DOMID_SELF};
    fake_guest_fault = true;
    CHECK(memop(&v0, XENMEM_decrease_reservation, &r) == -EFAULT);
    CHECK(memop(&v0, XENMEM_populate_physmap, &r) == -EFAULT);
    fake_guest_fault = false;
    CHECK(memop(&v0, XENMEM_decrease_reservation, NULL) == -EFAULT);
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 0, DOMID_SELF, 10, &g, 1) == -EINVAL);
    CHECK(reserve(&v0, XENMEM_populate_physmap, 0, DOMID_SELF, 64, &g, 1) == -EINVAL);
    r.mem_flags = XENMEMF_populate_on_demand;
    CHECK(memop(&v0, XENMEM_populate_physmap, &r) == -EINVAL);
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 0, ID_MISSING, 0, &g, 1) == -ESRCH);
    CHECK(reserve(&v0, XENMEM_decrease_reservation, 0, DOMID_INVALID, 0, &g, 1) == -ESRCH);
    CHECK(reserve(&vu, XENMEM_decrease_reservation, 0, ID_0, 0, &g, 1) == -ESRCH);
    CHECK(reserve(&v0, XENMEM_increase_reservation, 0, DOMID_SELF, 0, &g, 1) == -EOPNOTSUPP);
    CHECK(d0.tot_pages == BANK_PAGES && identity(&d0, BANK0));
    /* with mem_flags a direct-mapped domain meets anyway */
    r.mem_flags = XENMEMF_address_bits(32) | XENMEMF_node(0);
    CHECK(memop(&v0, XENMEM_decrease_reservation, &r) == 1);
    CHECK(d0.tot_pages == BANK_PAGES - 1);
}

TEST(memory_op_current_and_maximum_reservation)
{
    REQUIRE(fresh());
    domid_t self = DOMID_SELF, u = ID_U, zero = ID_0;
    d0.max_pages = BANK_PAGES + 7;
    CHECK(memop(&v0, XENMEM_current_reservation, &self) == (long)BANK_PAGES);
    CHECK(memop(&v0, XENMEM_maximum_reservation, &self) == (long)BANK_PAGES + 7);
    REQUIRE(physmap_decrease(&d0, GFN(BANK1), 9) == 0);
    CHECK(memop(&v0, XENMEM_current_reservation, &zero) == (long)BANK_PAGES - 512);
    CHECK(memop(&v0, XENMEM_current_reservation, &u) == 2);
    CHECK(memop(&vu, XENMEM_maximum_reservation, &self) == 2);
    CHECK(memop(&vu, XENMEM_current_reservation, &zero) == -ESRCH);
    CHECK(memop(&v0, XENMEM_current_reservation, NULL) == -EFAULT);
}

/* add_to_physmap_batch: one result per entry in errs; the call itself
 * succeeds. */
TEST(memory_op_batch_foreign)
{
    REQUIRE(fresh());
    uint64_t win = GFN(GPA_WIN);
    xen_ulong_t idx[5] = {GFN(GPA_U_RAM), GFN(GPA_U_ROM), GFN(GPA_U_HOLE), GFN(GPA_U_RAM),
                          GFN(GPA_U_DEV)};
    xen_pfn_t gpfn[5] = {win, win + 1, win + 2, GFN(GPA_PASS), win + 4};
    int32_t err[5];
    CHECK(batch(&v0, 0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, ID_U, idx, gpfn, err, 5) == 0);
    CHECK(err[0] == 0 && err[1] == 0 && err[2] == -EINVAL && err[3] == -EINVAL &&
          err[4] == -EINVAL);
    paddr_t pa = 0;
    CHECK(xlate(&d0, GPA_WIN, &pa) == P2M_GRANT_RW && pa == ram_u);
    CHECK(xlate(&d0, GPA_WIN + PAGE_SIZE, &pa) == P2M_GRANT_RO && pa == rom_u);
    CHECK(xlate(&d0, GPA_WIN + PG(2), NULL) == P2M_INVALID);
    CHECK(d0.nr_foreign_maps == 2 && du.mapped_by_others == 2);

    /* resumed at entry 3: entries before it are not looked at */
    gpfn[3] = win + 3;
    CHECK(batch(&v0, 3, ID_0, XENMAPSPACE_gmfn_foreign, ID_U, idx, gpfn, err, 5) == 0);
    CHECK(err[0] == 99 && err[1] == 99 && err[2] == 99 && err[3] == 0 && err[4] == -EINVAL);
    CHECK(d0.nr_foreign_maps == 3);
    CHECK(batch(&v0, 6, ID_0, XENMAPSPACE_gmfn_foreign, ID_U, idx, gpfn, err, 5) == 0);
    CHECK(err[0] == 99 && err[4] == 99);

    /* owner missing, or the caller itself */
    xen_pfn_t fresh_gpfn[2] = {win + 10, win + 11};
    CHECK(batch(&v0, 0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, ID_MISSING, idx, fresh_gpfn, err,
                2) == 0);
    CHECK(err[0] == -ESRCH && err[1] == -ESRCH);
    xen_ulong_t own[2] = {GFN(BANK0), GFN(BANK0) + 1};
    CHECK(batch(&v0, 0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, ID_0, own, fresh_gpfn, err, 2) == 0);
    CHECK(err[0] == -EINVAL && err[1] == -EINVAL);
    CHECK(xlate(&d0, GPA_WIN + PG(10), NULL) == P2M_INVALID);
    CHECK(d0.nr_foreign_maps == 3 && du.mapped_by_others == 3);
}

/* Only a privileged caller maps foreign pages; others get -EPERM per
 * entry and their physmap stays as it was. */
TEST(memory_op_batch_foreign_unprivileged)
{
    REQUIRE(fresh());
    xen_ulong_t idx[2] = {GFN(BANK0), GFN(BANK0) + 1};
    xen_pfn_t gpfn[2] = {GFN(GPA_U_HOLE), GFN(GPA_U_RAM)};
    int32_t err[2];
    CHECK(batch(&vu, 0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, ID_0, idx, gpfn, err, 2) == 0);
    CHECK(err[0] == -EPERM && err[1] == -EPERM);
    paddr_t pa = 0;
    CHECK(xlate(&du, GPA_U_HOLE, NULL) == P2M_INVALID);
    CHECK(xlate(&du, GPA_U_RAM, &pa) == P2M_RAM_RW && pa == ram_u);
    CHECK(du.nr_foreign_maps == 0 && d0.mapped_by_others == 0);
    /* nor does it reach into another domain */
    CHECK(batch(&vu, 0, ID_0, XENMAPSPACE_shared_info, 0, idx, gpfn, err, 1) == -ESRCH);
    CHECK(err[0] == 99);
}

/* The batch as a whole: unreadable lists, unwritable errs, spaces. */
TEST(memory_op_batch_errors)
{
    REQUIRE(fresh());
    xen_ulong_t idx[2] = {GFN(GPA_U_RAM), GFN(GPA_U_ROM)};
    xen_pfn_t gpfn[2] = {GFN(GPA_WIN), GFN(GPA_WIN) + 1};
    int32_t err[2];
    CHECK(batch(&v0, 0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, ID_U, idx, gpfn, NULL, 0) == 0);
    CHECK(batch(&v0, 0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, ID_U, NULL, gpfn, err, 2) == -EFAULT);
    CHECK(batch(&v0, 0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, ID_U, idx, NULL, err, 2) == -EFAULT);
    CHECK(d0.nr_foreign_maps == 0);
    struct xen_add_to_physmap_batch b = {DOMID_SELF,
                                         XENMAPSPACE_gmfn_foreign,
                                         2,
                                         ID_U,
                                         XEN_GUEST_HANDLE_INIT(idx),
                                         XEN_GUEST_HANDLE_INIT(gpfn),
                                         XEN_GUEST_HANDLE_INIT(NULL)};
    CHECK(memop(&v0, XENMEM_add_to_physmap_batch, &b) == -EFAULT); /* after the first */
    CHECK(d0.nr_foreign_maps == 1 && xlate(&d0, GPA_WIN, NULL) == P2M_GRANT_RW);
    fake_guest_fault = true;
    CHECK(memop(&v0, XENMEM_add_to_physmap_batch, &b) == -EFAULT);
    fake_guest_fault = false;
    CHECK(batch(&v0, 0, DOMID_SELF, XENMAPSPACE_gmfn_range, 0, idx, gpfn, err, 2) == -EOPNOTSUPP);
    CHECK(err[0] == 99);
    gpfn[0] = GFN(HOLE);
    CHECK(batch(&v0, 0, DOMID_SELF, 77, 0, idx, gpfn, err, 2) == 0);
    CHECK(err[0] == -ENOSYS && err[1] == -ENOSYS);
    CHECK(batch(&v0, 0, DOMID_SELF, XENMAPSPACE_gmfn, 0, idx, gpfn, err, 1) == 0);
    CHECK(err[0] == -EOPNOTSUPP);
    CHECK(xlate(&d0, HOLE, NULL) == P2M_INVALID);
}

/* add_to_physmap (single): special pages only; foreign needs the batch. */
TEST(memory_op_add_to_physmap)
{
    REQUIRE(fresh());
    REQUIRE(gnttab_domain_init(&d0) == 0);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, GFN(GPA_U_RAM), GFN(GPA_WIN)) ==
          -EINVAL);
    CHECK(xlate(&d0, GPA_WIN, NULL) == P2M_INVALID && d0.nr_foreign_maps == 0);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 1, GFN(GPA_WIN)) == -EINVAL);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, GFN(GPA_PASS)) == -EINVAL);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, GFN(GPA_EMUL)) == -EINVAL);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, GFN(GPA_WIN)) == 0);
    paddr_t pa = 0;
    CHECK(xlate(&d0, GPA_WIN, &pa) == P2M_RAM_RW && d0.shared_info &&
          pa == arch_virt_to_phys(d0.shared_info));
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_grant_table, 0, GFN(GPA_WIN) + 1) == 0);
    paddr_t frame = 1;
    CHECK(gnttab_frame_pa(&d0, 0, &frame) == 0);
    CHECK(xlate(&d0, GPA_WIN + PAGE_SIZE, &pa) == P2M_RAM_RW && pa == frame);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_grant_table, 1ULL << 32, GFN(GPA_WIN) + 2) ==
          -EINVAL);
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_dev_mmio, GFN(GPA_PASS), GFN(GPA_WIN) + 2) ==
          -EOPNOTSUPP);
    CHECK(add_one(&vu, ID_0, XENMAPSPACE_shared_info, 0, GFN(GPA_WIN) + 2) == -ESRCH);
    CHECK(xlate(&d0, GPA_WIN + PG(2), NULL) == P2M_INVALID);
    fake_guest_fault = true;
    CHECK(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, GFN(GPA_WIN) + 2) == -EFAULT);
}

TEST(memory_op_remove_from_physmap)
{
    REQUIRE(fresh());
    REQUIRE(foreign_map_add(&d0, GFN(GPA_WIN), ID_U, GFN(GPA_U_RAM)) == 0);
    CHECK(remove_one(&vu, ID_0, GFN(GPA_WIN)) == -ESRCH);
    CHECK(remove_one(&v0, ID_MISSING, GFN(GPA_WIN)) == -ESRCH);
    fake_guest_fault = true;
    CHECK(remove_one(&v0, DOMID_SELF, GFN(GPA_WIN)) == -EFAULT);
    fake_guest_fault = false;
    CHECK(d0.nr_foreign_maps == 1);
    CHECK(remove_one(&v0, DOMID_SELF, GFN(GPA_WIN)) == 0);
    CHECK(xlate(&d0, GPA_WIN, NULL) == P2M_INVALID && du.mapped_by_others == 0);
    CHECK(remove_one(&v0, ID_0, GFN(GPA_WIN)) == -ENOENT);
    CHECK(remove_one(&v0, ID_0, GFN(BANK1)) == 0);
    CHECK(d0.tot_pages == BANK_PAGES - 1);
    /* the control domain on another domain's RAM: given back, freed */
    uint64_t free0 = free_pages();
    CHECK(remove_one(&v0, ID_U, GFN(GPA_U_RAM)) == 0);
    CHECK(xlate(&du, GPA_U_RAM, NULL) == P2M_INVALID && du.tot_pages == 1);
    CHECK(free_pages() == free0 + 1);
}

/* Unknown sub-ops, and a start index on ops that have no progress word. */
TEST(memory_op_unknown_commands)
{
    REQUIRE(fresh());
    domid_t self = DOMID_SELF;
    CHECK(memop(&v0, 63, &self) == -ENOSYS);
    CHECK(memop(&v0, XENMEM_exchange, &self) == -ENOSYS);
    CHECK(memop(&v0, XENMEM_claim_pages, &self) == -ENOSYS);
    CHECK(memop(&v0, XENMEM_current_reservation | 1ULL << MEMOP_EXTENT_SHIFT, &self) == -ENOSYS);
    struct xen_remove_from_physmap x = {DOMID_SELF, GFN(BANK0)};
    CHECK(memop(&v0, XENMEM_remove_from_physmap | 1ULL << MEMOP_EXTENT_SHIFT, &x) == -ENOSYS);
    struct xen_add_to_physmap a = {DOMID_SELF, 0, XENMAPSPACE_shared_info, 0, GFN(GPA_WIN)};
    CHECK(memop(&v0, XENMEM_add_to_physmap | 1ULL << MEMOP_EXTENT_SHIFT, &a) == -ENOSYS);
    CHECK(identity(&d0, BANK0) && xlate(&d0, GPA_WIN, NULL) == P2M_INVALID);
}

/* Accounting corner cases (once bugs): a failed unmap is reported, a
 * special page at its own host address is not "RAM given back", and RAM
 * replaced by a special page stops counting. */

/* remove_page() must pass on p2m_unmap()'s -ENOMEM: the frame is still
 * mapped. */
TEST(physmap_remove_without_table_memory)
{
    REQUIRE(fresh());
    while (page_alloc(0) != PADDR_INVALID)
        ;
    CHECK(physmap_remove(&d0, GFN(BANK1) + 5) == -ENOMEM);
    CHECK(identity(&d0, BANK1 + PG(5)) && d0.tot_pages == BANK_PAGES);
}

/* remove_page() counts any page mapped at its own host address as
 * ballooned-out RAM, even outside the banks: here dom0's shared_info put
 * at the gfn equal to its host frame. */
TEST(physmap_remove_special_page_at_its_host_frame)
{
    REQUIRE(fresh());
    void *si = page_alloc_zeroed_va();
    REQUIRE(si);
    d0.shared_info = si; /* what map_shared_info would allocate */
    uint64_t gfn = GFN(arch_virt_to_phys(si));
    REQUIRE(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, gfn) == 0);
    CHECK(physmap_remove(&d0, gfn) == 0);
    CHECK(d0.tot_pages == BANK_PAGES);
}

/* A special page put over a RAM frame of the banks stops that frame
 * counting; once the page is removed the frame can be populated again. */
TEST(physmap_displaced_ram_still_counted)
{
    REQUIRE(fresh());
    uint64_t x = BANK0 + PG(6);
    REQUIRE(add_one(&v0, DOMID_SELF, XENMAPSPACE_shared_info, 0, GFN(x)) == 0);
    CHECK(d0.tot_pages == identity_pages());
    REQUIRE(physmap_remove(&d0, GFN(x)) == 0);
    CHECK(physmap_populate(&d0, GFN(x), 0) == 0);
    CHECK(d0.tot_pages == identity_pages());
}
