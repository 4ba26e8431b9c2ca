/* Unit tests for grant tables (common/grant_table.c) between two fake
 * domains whose p2m live in fake RAM, with fake guest copies. */
#include <string.h>

#include "common/arch_p2m.h"
#include "common/errno.h"
#include "common/grant_table.h"
#include "common/p2m.h"
#include "common/page_alloc.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "fake_guest_env.h"
#include "unit.h"
#include "xen/grant_table.h"

/* Weak: another test file may define the table as well. */
__attribute__((weak)) struct domain *domains[MAX_DOMAINS];

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE MiB(32)
#define GPA_RAM  0x10000000ULL /* each domain's own RAM page (gfn GFN_RAM) */
#define GPA_ROM  0x10001000ULL /* a read-only RAM page of each domain */
#define GPA_MAP  0x20000000ULL /* where grants get mapped */
#define GFN_RAM  ((uint32_t)(GPA_RAM >> PAGE_SHIFT))
#define GFN_ROM  ((uint32_t)(GPA_ROM >> PAGE_SHIFT))
#define ID_A     1
#define ID_B     2
#define REF      8 /* first ref guests hand out */

static struct domain da, db;
static struct vcpu va, vb;
static paddr_t ram_a, ram_b;     /* host pages behind GPA_RAM */
static uint64_t free_before_gnt; /* free pages before the grant tables existed */

static uint64_t free_pages(void)
{
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    return st.free_pages;
}

static bool make_domain(struct domain *d, struct vcpu *v, domid_t id, paddr_t *ram)
{
    memset(d, 0, sizeof(*d));
    memset(v, 0, sizeof(*v));
    d->id = id;
    v->dom = d;
    paddr_t rom = page_alloc(0);
    *ram = page_alloc(0);
    if (p2m_init(&d->p2m, id) || *ram == PADDR_INVALID || rom == PADDR_INVALID)
        return false;
    memset(arch_phys_to_virt(*ram), 0, PAGE_SIZE);
    memset(arch_phys_to_virt(rom), 0x77, PAGE_SIZE);
    domains[id] = d;
    return p2m_map(&d->p2m, GPA_RAM, *ram, PAGE_SIZE, P2M_RAM_RW) == 0 &&
           p2m_map(&d->p2m, GPA_ROM, rom, PAGE_SIZE, P2M_RAM_RO) == 0;
}

/* Fresh RAM, allocators, and domains A and B with one frame of grants each. */
static bool fresh(void)
{
    paddr_t pa;
    fake_ram_setup(RAM_BASE, RAM_SIZE);
    page_alloc_reset();
    xmalloc_reset();
    fake_guest_fault = false;
    memset(domains, 0, sizeof(domains));
    if (page_alloc_add_region(RAM_BASE, RAM_BASE + RAM_SIZE) || arch_p2m_setup(40) ||
        !make_domain(&da, &va, ID_A, &ram_a) || !make_domain(&db, &vb, ID_B, &ram_b))
        return false;
    free_before_gnt = free_pages();
    return gnttab_domain_init(&da) == 0 && gnttab_domain_init(&db) == 0 &&
           gnttab_frame_pa(&da, 0, &pa) == 0 && gnttab_frame_pa(&db, 0, &pa) == 0;
}

static struct grant_entry_v1 *gent(struct domain *d, grant_ref_t ref)
{
    paddr_t pa = 0;
    if (gnttab_frame_pa(d, ref / GNTTAB_V1_ENTRIES_PER_FRAME, &pa) != 0)
        return NULL;
    return (struct grant_entry_v1 *)arch_phys_to_virt(pa) + ref % GNTTAB_V1_ENTRIES_PER_FRAME;
}

static void grant(struct domain *d, grant_ref_t ref, domid_t to, uint32_t gfn, uint16_t flags)
{
    struct grant_entry_v1 *e = gent(d, ref);
    e->domid = to;
    e->frame = gfn;
    e->flags = flags;
}

static uint16_t gflags(struct domain *d, grant_ref_t ref)
{
    return gent(d, ref)->flags;
}

static long op(struct vcpu *v, unsigned int cmd, void *arg, uint64_t count)
{
    return do_grant_table_op(v, cmd, (uint64_t)(uintptr_t)arg, count);
}

static int16_t map1(struct vcpu *v, domid_t dom, grant_ref_t ref, uint64_t gpa, uint32_t flags,
                    grant_handle_t *h)
{
    struct gnttab_map_grant_ref m = {gpa, flags, ref, dom, 99, 0, 0};
    if (op(v, GNTTABOP_map_grant_ref, &m, 1) != 0)
        return 99;
    if (h)
        *h = m.handle;
    return m.status;
}

static int16_t unmap1(struct vcpu *v, grant_handle_t h, uint64_t gpa)
{
    struct gnttab_unmap_grant_ref u = {gpa, 0, h, 99};
    if (op(v, GNTTABOP_unmap_grant_ref, &u, 1) != 0)
        return 99;
    return u.status;
}

/* p2m type at gpa, P2M_INVALID when unmapped; *pa gets the address. */
static enum p2m_type xlate(struct domain *d, uint64_t gpa, paddr_t *pa)
{
    enum p2m_type t;
    uint64_t bs;
    paddr_t x;
    if (p2m_lookup(&d->p2m, gpa, &x, &t, &bs) != 0)
        return P2M_INVALID;
    if (pa)
        *pa = x;
    return t;
}

/* Nothing mapped, nothing pinned, tables consistent. */
static bool idle(void)
{
    return gnttab_nr_maps(&da) == 0 && gnttab_nr_maps(&db) == 0 && gnttab_nr_pins(&da) == 0 &&
           gnttab_nr_pins(&db) == 0 && gnttab_audit(&da) == 0 && gnttab_audit(&db) == 0 &&
           xlate(&db, GPA_MAP, NULL) == P2M_INVALID;
}

static int16_t copy1(struct vcpu *v, struct gnttab_copy *c)
{
    c->status = 99;
    if (op(v, GNTTABOP_copy, c, 1) != 0)
        return 99;
    return c->status;
}

/* Frames are allocated lazily up to the limit; query_size reports them. */
TEST(gnttab_frames_and_query_size)
{
    REQUIRE(fresh());
    paddr_t pa0, pa3, pa;
    CHECK(gnttab_nr_frames(&da) == 1);
    CHECK(gnttab_frame_pa(&da, 0, &pa0) == 0 && IS_ALIGNED(pa0, PAGE_SIZE));
    CHECK(gnttab_frame_pa(&da, 3, &pa3) == 0 && pa3 != pa0);
    CHECK(gnttab_nr_frames(&da) == 4);
    CHECK(gnttab_frame_pa(&da, GNTTAB_MAX_FRAMES, &pa) == -EINVAL);
    CHECK(gnttab_nr_frames(&da) == 4);
    struct gnttab_query_size q = {DOMID_SELF, 0, 0, 99};
    CHECK(op(&va, GNTTABOP_query_size, &q, 1) == 0);
    CHECK(q.status == GNTST_okay && q.nr_frames == 4 && q.max_nr_frames == GNTTAB_MAX_FRAMES);
    q = (struct gnttab_query_size){ID_B, 0, 0, 99};
    CHECK(op(&va, GNTTABOP_query_size, &q, 1) == 0 && q.status == GNTST_permission_denied);
    q = (struct gnttab_query_size){9, 0, 0, 99};
    CHECK(op(&va, GNTTABOP_query_size, &q, 1) == 0 && q.status == GNTST_bad_domain);
    CHECK(op(&va, GNTTABOP_query_size, &q, 2) == -EINVAL);
}

/* setup_table grows the table and lists host frame numbers. */
TEST(gnttab_setup_table)
{
    REQUIRE(fresh());
    xen_pfn_t list[3] = {0, 0, 0};
    struct gnttab_setup_table s = {DOMID_SELF, 2, 99, XEN_GUEST_HANDLE_INIT(list)};
    CHECK(op(&vb, GNTTABOP_setup_table, &s, 1) == 0 && s.status == GNTST_okay);
    paddr_t pa0, pa1;
    REQUIRE(gnttab_frame_pa(&db, 0, &pa0) == 0 && gnttab_frame_pa(&db, 1, &pa1) == 0);
    CHECK(list[0] == pa0 >> PAGE_SHIFT && list[1] == pa1 >> PAGE_SHIFT && list[2] == 0);
    s = (struct gnttab_setup_table){DOMID_SELF, GNTTAB_MAX_FRAMES + 1, 99,
                                    XEN_GUEST_HANDLE_INIT(list)};
    CHECK(op(&vb, GNTTABOP_setup_table, &s, 1) == 0 && s.status == GNTST_general_error);
    s = (struct gnttab_setup_table){DOMID_SELF, 1, 99, XEN_GUEST_HANDLE_INIT(0)};
    CHECK(op(&vb, GNTTABOP_setup_table, &s, 1) == 0 && s.status == GNTST_bad_virt_addr);
    CHECK(gnttab_nr_frames(&db) == 2);
}

/* Version 1 only: set_version 2 is -ENOSYS, unsupported ops -ENOSYS. */
TEST(gnttab_versions_and_unsupported_ops)
{
    REQUIRE(fresh());
    struct gnttab_set_version sv = {1};
    CHECK(op(&va, GNTTABOP_set_version, &sv, 1) == 0 && sv.version == 1);
    sv.version = 2;
    CHECK(op(&va, GNTTABOP_set_version, &sv, 1) == -ENOSYS);
    sv.version = 3;
    CHECK(op(&va, GNTTABOP_set_version, &sv, 1) == -EINVAL);
    struct gnttab_get_version gv = {DOMID_SELF, 0, 0};
    CHECK(op(&va, GNTTABOP_get_version, &gv, 1) == 0 && gv.version == 1);
    static const unsigned int nosys[] = {GNTTABOP_dump_table,
                                         GNTTABOP_transfer,
                                         GNTTABOP_unmap_and_replace,
                                         GNTTABOP_get_status_frames,
                                         GNTTABOP_swap_grant_ref,
                                         GNTTABOP_cache_flush,
                                         99};
    char junk[64] = {0};
    for (size_t i = 0; i < ARRAY_SIZE(nosys); i++)
        CHECK(op(&va, nosys[i], junk, 1) == -ENOSYS);
}

/* B maps A's writable grant: p2m, data, flags, dev_bus_addr; unmap undoes. */
TEST(gnttab_map_rw_and_unmap)
{
    REQUIRE(fresh());
    grant(&da, REF, ID_B, GFN_RAM, GTF_permit_access);
    struct gnttab_map_grant_ref m = {GPA_MAP, GNTMAP_host_map, REF, ID_A, 99, 0, 0};
    REQUIRE(op(&vb, GNTTABOP_map_grant_ref, &m, 1) == 0);
    REQUIRE(m.status == GNTST_okay);
    CHECK(m.dev_bus_addr == ram_a);
    paddr_t pa = 0;
    CHECK(xlate(&db, GPA_MAP + 0x10, &pa) == P2M_GRANT_RW && pa == ram_a + 0x10);
    memcpy(arch_phys_to_virt(ram_a), "hello", 6);
    CHECK(memcmp(arch_phys_to_virt(pa - 0x10), "hello", 6) == 0);
    CHECK(gflags(&da, REF) == (GTF_permit_access | GTF_reading | GTF_writing));
    CHECK(gnttab_nr_maps(&db) == 1 && gnttab_nr_pins(&da) == 1);
    CHECK(gnttab_audit(&da) == 0 && gnttab_audit(&db) == 0);
    CHECK(unmap1(&vb, m.handle, GPA_MAP) == GNTST_okay);
    CHECK(gflags(&da, REF) == GTF_permit_access);
    CHECK(idle());
}

/* Read-only grants map RO and refuse writable maps. */
TEST(gnttab_map_readonly)
{
    REQUIRE(fresh());
    grant(&da, REF, ID_B, GFN_RAM, GTF_permit_access | GTF_readonly);
    grant_handle_t h;
    CHECK(map1(&vb, ID_A, REF, GPA_MAP, GNTMAP_host_map, &h) == GNTST_permission_denied);
    CHECK(gflags(&da, REF) == (GTF_permit_access | GTF_readonly));
    CHECK(idle());
    REQUIRE(map1(&vb, ID_A, REF, GPA_MAP, GNTMAP_host_map | GNTMAP_readonly, &h) == GNTST_okay);
    CHECK(xlate(&db, GPA_MAP, NULL) == P2M_GRANT_RO);
    CHECK(gflags(&da, REF) == (GTF_permit_access | GTF_readonly | GTF_reading));
    /* A writable grant of a read-only page maps only read-only too. */
    grant(&da, REF + 1, ID_B, GFN_ROM, GTF_permit_access);
    CHECK(map1(&vb, ID_A, REF + 1, GPA_MAP + PAGE_SIZE, GNTMAP_host_map, NULL) ==
          GNTST_permission_denied);
    CHECK(gflags(&da, REF + 1) == GTF_permit_access);
    CHECK(unmap1(&vb, h, GPA_MAP) == GNTST_okay);
    CHECK(gflags(&da, REF) == (GTF_permit_access | GTF_readonly));
    CHECK(idle());
}

/* Every bad map request gets its status and changes nothing. */
TEST(gnttab_map_errors_leave_state)
{
    REQUIRE(fresh());
    grant(&da, REF, ID_B, GFN_RAM, GTF_permit_access);
    grant(&da, REF + 1, 5, GFN_RAM, GTF_permit_access);      /* for domain 5 */
    grant(&da, REF + 2, ID_B, 0x12345, GTF_permit_access);   /* unbacked gfn */
    grant(&da, REF + 3, ID_B, GFN_RAM, GTF_accept_transfer); /* not an access grant */
    static const struct {
        domid_t dom;
        grant_ref_t ref;
        uint64_t gpa;
        uint32_t flags;
        int16_t st;
    } c[] = {
        {ID_A, GNTTAB_V1_ENTRIES_PER_FRAME, GPA_MAP, GNTMAP_host_map, GNTST_bad_gntref},
        {ID_A, 0xffffffffU, GPA_MAP, GNTMAP_host_map, GNTST_bad_gntref},
        {ID_A, REF + 3, GPA_MAP, GNTMAP_host_map, GNTST_bad_gntref},
        {ID_A, 100, GPA_MAP, GNTMAP_host_map, GNTST_bad_gntref}, /* never granted */
        {9, REF, GPA_MAP, GNTMAP_host_map, GNTST_bad_domain},
        {MAX_DOMAINS, REF, GPA_MAP, GNTMAP_host_map, GNTST_bad_domain},
        {DOMID_INVALID, REF, GPA_MAP, GNTMAP_host_map, GNTST_bad_domain},
        {ID_A, REF + 1, GPA_MAP, GNTMAP_host_map, GNTST_permission_denied},
        {ID_A, REF + 2, GPA_MAP, GNTMAP_host_map, GNTST_bad_page},
        {ID_A, REF, GPA_MAP, GNTMAP_device_map, GNTST_general_error},
        {ID_A, REF, GPA_MAP, 0, GNTST_general_error},
        {ID_A, REF, GPA_MAP, GNTMAP_host_map | GNTMAP_contains_pte, GNTST_general_error},
        {ID_A, REF, GPA_MAP + 1, GNTMAP_host_map, GNTST_bad_virt_addr},
        {ID_A, REF, GiB(1024), GNTMAP_host_map, GNTST_bad_virt_addr}, /* beyond 40 bits */
    };
    for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
        grant_handle_t h = 0;
        int16_t st = map1(&vb, c[i].dom, c[i].ref, c[i].gpa, c[i].flags, &h);
        if (st != c[i].st)
            printf("  case %zu: status %d\n", i, st);
        CHECK(st == c[i].st);
        CHECK(h == ~0U);
        CHECK(idle());
        CHECK(gflags(&da, REF) == GTF_permit_access);
        CHECK(gflags(&da, REF + 1) == GTF_permit_access);
        CHECK(gflags(&da, REF + 2) == GTF_permit_access);
    }
    /* A second grant mapping at the same address is refused. */
    grant_handle_t h;
    REQUIRE(map1(&vb, ID_A, REF, GPA_MAP, GNTMAP_host_map, &h) == GNTST_okay);
    CHECK(map1(&vb, ID_A, REF, GPA_MAP, GNTMAP_host_map, NULL) == GNTST_bad_virt_addr);
    CHECK(gnttab_nr_pins(&da) == 1 && gnttab_nr_maps(&db) == 1);
    CHECK(unmap1(&vb, h, 0) == GNTST_okay);
    CHECK(idle());
}

/* Bad handles, a foreign handle, a wrong address, double unmap. */
TEST(gnttab_unmap_errors)
{
    REQUIRE(fresh());
    grant(&da, REF, ID_B, GFN_RAM, GTF_permit_access);
    grant_handle_t h;
    REQUIRE(map1(&vb, ID_A, REF, GPA_MAP, GNTMAP_host_map, &h) == GNTST_okay);
    CHECK(unmap1(&vb, h + 1, GPA_MAP) == GNTST_bad_handle);
    CHECK(unmap1(&vb, GNTTAB_MAX_MAPTRACK, GPA_MAP) == GNTST_bad_handle);
    CHECK(unmap1(&vb, ~0U, GPA_MAP) == GNTST_bad_handle);
    CHECK(unmap1(&va, h, GPA_MAP) == GNTST_bad_handle); /* not A's handle */
    CHECK(unmap1(&vb, h, GPA_MAP + PAGE_SIZE) == GNTST_bad_virt_addr);
    struct gnttab_unmap_grant_ref u = {GPA_MAP, ram_b, h, 99};
    CHECK(op(&vb, GNTTABOP_unmap_grant_ref, &u, 1) == 0 && u.status == GNTST_bad_dev_addr);
    CHECK(xlate(&db, GPA_MAP, NULL) == P2M_GRANT_RW && gnttab_nr_pins(&da) == 1);
    CHECK(gflags(&da, REF) == (GTF_permit_access | GTF_reading | GTF_writing));
    u = (struct gnttab_unmap_grant_ref){GPA_MAP, ram_a, h, 99};
    CHECK(op(&vb, GNTTABOP_unmap_grant_ref, &u, 1) == 0 && u.status == GNTST_okay);
    CHECK(unmap1(&vb, h, GPA_MAP) == GNTST_bad_handle);
    CHECK(gflags(&da, REF) == GTF_permit_access);
    CHECK(idle());
}

/* 1024 mappings fill the maptrack; the next gets no_device_space. */
TEST(gnttab_maptrack_exhaustion)
{
    REQUIRE(fresh());
    grant(&da, REF, ID_B, GFN_RAM, GTF_permit_access);
    static struct gnttab_map_grant_ref m[GNTTAB_MAX_BATCH];
    static struct gnttab_unmap_grant_ref u[GNTTAB_MAX_BATCH];
    grant_handle_t hs[GNTTAB_MAX_MAPTRACK];
    for (unsigned int b = 0; b < 2; b++) {
        for (unsigned int i = 0; i < GNTTAB_MAX_BATCH; i++)
            m[i] = (struct gnttab_map_grant_ref){GPA_MAP + (uint64_t)(b * GNTTAB_MAX_BATCH + i) *
                                                               PAGE_SIZE,
                                                 GNTMAP_host_map | (i & 1 ? GNTMAP_readonly : 0U),
                                                 REF,
                                                 ID_A,
                                                 99,
                                                 0,
                                                 0};
        REQUIRE(op(&vb, GNTTABOP_map_grant_ref, m, GNTTAB_MAX_BATCH) == 0);
        for (unsigned int i = 0; i < GNTTAB_MAX_BATCH; i++) {
            CHECK(m[i].status == GNTST_okay);
            hs[b * GNTTAB_MAX_BATCH + i] = m[i].handle;
        }
    }
    CHECK(gnttab_nr_maps(&db) == GNTTAB_MAX_MAPTRACK && gnttab_nr_pins(&da) == 1024);
    CHECK(map1(&vb, ID_A, REF, GPA_MAP - PAGE_SIZE, GNTMAP_host_map, NULL) ==
          GNTST_no_device_space);
    CHECK(xlate(&db, GPA_MAP - PAGE_SIZE, NULL) == P2M_INVALID);
    CHECK(gnttab_nr_pins(&da) == 1024 && gnttab_audit(&da) == 0 && gnttab_audit(&db) == 0);
    CHECK(op(&vb, GNTTABOP_map_grant_ref, m, GNTTAB_MAX_BATCH + 1) == -EINVAL);
    CHECK(op(&vb, GNTTABOP_unmap_grant_ref, u, GNTTAB_MAX_BATCH + 1) == -EINVAL);
    CHECK(op(&vb, GNTTABOP_copy, u, GNTTAB_MAX_BATCH + 1) == -EINVAL);
    CHECK(op(&vb, GNTTABOP_map_grant_ref, m, 0) == 0);
    for (unsigned int b = 0; b < 2; b++) {
        for (unsigned int i = 0; i < GNTTAB_MAX_BATCH; i++)
            u[i] = (struct gnttab_unmap_grant_ref){0, 0, hs[b * GNTTAB_MAX_BATCH + i], 99};
        REQUIRE(op(&vb, GNTTABOP_unmap_grant_ref, u, GNTTAB_MAX_BATCH) == 0);
        for (unsigned int i = 0; i < GNTTAB_MAX_BATCH; i++)
            CHECK(u[i].status == GNTST_okay);
    }
    CHECK(gflags(&da, REF) == GTF_permit_access);
    CHECK(idle());
}

/* A 4 KiB grant copy works with the grant as source and as destination. */
TEST(gnttab_copy_full_page)
{
    REQUIRE(fresh());
    unsigned char *pa = arch_phys_to_virt(ram_a), *pb = arch_phys_to_virt(ram_b);
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        pa[i] = (unsigned char)(i * 7 + 1);
    grant(&da, REF, ID_B, GFN_RAM, GTF_permit_access | GTF_readonly);
    struct gnttab_copy c = {
        {{REF}, ID_A, 0}, {{GFN_RAM}, DOMID_SELF, 0}, PAGE_SIZE, GNTCOPY_source_gref, 0};
    CHECK(copy1(&vb, &c) == GNTST_okay);
    CHECK(memcmp(pa, pb, PAGE_SIZE) == 0);
    CHECK(gflags(&da, REF) == (GTF_permit_access | GTF_readonly));
    /* B writes into A's page through a writable grant. */
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        pb[i] = (unsigned char)(i * 3);
    grant(&da, REF + 1, ID_B, GFN_RAM, GTF_permit_access);
    c = (struct gnttab_copy){
        {{GFN_RAM}, DOMID_SELF, 0}, {{REF + 1}, ID_A, 0}, PAGE_SIZE, GNTCOPY_dest_gref, 0};
    CHECK(copy1(&vb, &c) == GNTST_okay);
    CHECK(memcmp(pa, pb, PAGE_SIZE) == 0);
    CHECK(gflags(&da, REF + 1) == GTF_permit_access);
    /* Grant to grant, with offsets. */
    grant(&db, REF, ID_A, GFN_RAM, GTF_permit_access);
    grant(&da, REF + 2, ID_A, GFN_RAM, GTF_permit_access);
    pa[100] = 0xee;
    c = (struct gnttab_copy){
        {{REF + 2}, ID_A, 100}, {{REF}, ID_B, 200}, 1, GNTCOPY_source_gref | GNTCOPY_dest_gref, 0};
    CHECK(copy1(&va, &c) == GNTST_okay && pb[200] == 0xee);
    CHECK(idle());
}

/* Bad offsets, lengths, permissions, domains, refs and frames. */
TEST(gnttab_copy_errors_leave_state)
{
    REQUIRE(fresh());
    unsigned char *pa = arch_phys_to_virt(ram_a), *pb = arch_phys_to_virt(ram_b);
    memset(pa, 0x11, PAGE_SIZE);
    memset(pb, 0x22, PAGE_SIZE);
    grant(&da, REF, ID_B, GFN_RAM, GTF_permit_access | GTF_readonly);
    grant(&da, REF + 1, ID_A, GFN_RAM, GTF_permit_access); /* for A itself */
    const uint16_t SG = GNTCOPY_source_gref, DG = GNTCOPY_dest_gref;
    static const struct {
        uint32_t sref;
        domid_t sdom;
        uint16_t soff;
        uint32_t dref;
        domid_t ddom;
        uint16_t doff;
        uint16_t len;
        uint16_t flags;
        int16_t st;
    } c[] = {
        {REF, ID_A, 1, GFN_RAM, DOMID_SELF, 0, PAGE_SIZE, 1, GNTST_bad_copy_arg},
        {REF, ID_A, 0, GFN_RAM, DOMID_SELF, 4095, 2, 1, GNTST_bad_copy_arg},
        {REF, ID_A, 0xffff, GFN_RAM, DOMID_SELF, 0, 0xffff, 1, GNTST_bad_copy_arg},
        {REF, ID_A, 0, REF, ID_A, 0, 16, 3, GNTST_permission_denied}, /* RO dest */
        {REF + 1, ID_A, 0, GFN_RAM, DOMID_SELF, 0, 16, 1, GNTST_permission_denied},
        {GFN_RAM, ID_A, 0, GFN_RAM, DOMID_SELF, 0, 16, 0, GNTST_permission_denied},
        {REF, ID_A, 0, GFN_RAM, ID_B, 0, 16, 1, GNTST_permission_denied},
        {REF, ID_A, 0, GFN_ROM, DOMID_SELF, 0, 16, 1, GNTST_permission_denied},
        {REF, 9, 0, GFN_RAM, DOMID_SELF, 0, 16, 1, GNTST_bad_domain},
        {REF, ID_A, 0, REF, 9, 0, 16, 3, GNTST_bad_domain},
        {600, ID_A, 0, GFN_RAM, DOMID_SELF, 0, 16, 1, GNTST_bad_gntref},
        {REF, ID_A, 0, 0x999, DOMID_SELF, 0, 16, 1, GNTST_bad_page},
        {0x999, DOMID_SELF, 0, GFN_RAM, DOMID_SELF, 0, 16, 0, GNTST_bad_page},
    };
    for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
        struct gnttab_copy g = {{{c[i].sref}, c[i].sdom, c[i].soff},
                                {{c[i].dref}, c[i].ddom, c[i].doff},
                                c[i].len,
                                c[i].flags,
                                0};
        if (!(c[i].flags & SG))
            g.source.u.gmfn = c[i].sref;
        if (!(c[i].flags & DG))
            g.dest.u.gmfn = c[i].dref;
        CHECK(copy1(&vb, &g) == c[i].st);
        CHECK(pa[0] == 0x11 && pa[PAGE_SIZE - 1] == 0x11 && pb[0] == 0x22 && pb[4095] == 0x22);
        CHECK(gflags(&da, REF) == (GTF_permit_access | GTF_readonly));
        CHECK(gflags(&da, REF + 1) == GTF_permit_access);
        CHECK(idle());
    }
}

/* A faulting argument copy returns -EFAULT and maps or copies nothing. */
TEST(gnttab_guest_fault)
{
    REQUIRE(fresh());
    unsigned char *pb = arch_phys_to_virt(ram_b);
    memset(arch_phys_to_virt(ram_a), 0x11, PAGE_SIZE);
    memset(pb, 0x22, PAGE_SIZE);
    grant(&da, REF, ID_B, GFN_RAM, GTF_permit_access);
    struct gnttab_map_grant_ref m = {GPA_MAP, GNTMAP_host_map, REF, ID_A, 99, 0, 0};
    struct gnttab_copy c = {
        {{REF}, ID_A, 0}, {{GFN_RAM}, DOMID_SELF, 0}, 64, GNTCOPY_source_gref, 99};
    struct gnttab_query_size q = {DOMID_SELF, 0, 0, 99};
    fake_guest_fault = true;
    CHECK(op(&vb, GNTTABOP_map_grant_ref, &m, 1) == -EFAULT);
    CHECK(op(&vb, GNTTABOP_copy, &c, 1) == -EFAULT);
    CHECK(op(&vb, GNTTABOP_query_size, &q, 1) == -EFAULT);
    fake_guest_fault = false;
    CHECK(m.status == 99 && c.status == 99 && q.status == 99);
    CHECK(pb[0] == 0x22);
    CHECK(op(&vb, GNTTABOP_map_grant_ref, NULL, 1) == -EFAULT);
    CHECK(gflags(&da, REF) == GTF_permit_access);
    CHECK(idle());
}

/* Destroy unmaps what a domain holds, leaves what others hold of it
 * mapped as orphans until they unmap, and gives back every page. */
TEST(gnttab_destroy_releases_everything)
{
    REQUIRE(fresh());
    paddr_t pa;
    REQUIRE(gnttab_frame_pa(&db, 2, &pa) == 0);
    for (unsigned int i = 0; i < 3; i++)
        grant(&da, REF + i, ID_B, GFN_RAM, GTF_permit_access);
    grant(&db, REF, ID_A, GFN_RAM, GTF_permit_access);
    grant_handle_t hb[3], ha;
    for (unsigned int i = 0; i < 3; i++)
        REQUIRE(map1(&vb, ID_A, REF + i, GPA_MAP + i * PAGE_SIZE, GNTMAP_host_map, &hb[i]) ==
                GNTST_okay);
    REQUIRE(map1(&va, ID_B, REF, GPA_MAP, GNTMAP_host_map | GNTMAP_readonly, &ha) == GNTST_okay);
    CHECK(gnttab_nr_pins(&da) == 3 && gnttab_nr_pins(&db) == 1);

    db.dying = true;
    gnttab_domain_destroy(&db);
    CHECK(db.gnttab == NULL);
    CHECK(gnttab_nr_pins(&da) == 0 && gnttab_audit(&da) == 0);
    for (unsigned int i = 0; i < 3; i++) {
        CHECK(gflags(&da, REF + i) == GTF_permit_access);
        CHECK(xlate(&db, GPA_MAP + i * PAGE_SIZE, NULL) == P2M_INVALID);
    }
    CHECK(xlate(&da, GPA_MAP, NULL) == P2M_GRANT_RO); /* an orphan, still mapped */
    CHECK(gnttab_nr_maps(&da) == 1);
    CHECK(map1(&va, ID_B, REF, GPA_MAP, GNTMAP_host_map, NULL) == GNTST_bad_domain);
    CHECK(unmap1(&va, ha, GPA_MAP) == GNTST_okay); /* the orphan handle */
    CHECK(xlate(&da, GPA_MAP, NULL) == P2M_INVALID);
    CHECK(gnttab_nr_maps(&da) == 0);
    gnttab_domain_destroy(&da);
    gnttab_domain_destroy(&da); /* twice is harmless */
    CHECK(free_pages() == free_before_gnt);
}
