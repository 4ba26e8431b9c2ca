/* Unit tests for the stage-2 tables (common/p2m.c over the real arm64
 * descriptor format, arch/arm64/stage2.c, and the fake flush in fake_p2m.c). */
#include <string.h>

#include "arch/arm64/stage2.h"
#include "common/arch_p2m.h"
#include "common/errno.h"
#include "common/p2m.h"
#include "common/page_alloc.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "unit.h"

/* From tests/unit/fake_p2m.c. */
extern unsigned int fake_p2m_flushes;
extern uint64_t fake_p2m_last_gpa;
extern uint64_t fake_p2m_last_size;
extern unsigned int fake_p2m_bbm_failures;

#define RAM_BASE  0x40000000ULL
#define RAM_SIZE  MiB(64)
#define RAM_PAGES (RAM_SIZE >> PAGE_SHIFT)

/* Mapped output addresses are never touched, so they need not be fake RAM. */
#define PA_GIB GiB(8)

static paddr_t hoard[RAM_PAGES];
static size_t nhoard;

static uint64_t free_pages(void)
{
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    return st.free_pages;
}

/* Fresh fake RAM, allocator and geometry, then an empty p2m. */
static bool fresh(struct p2m *p, unsigned int ipa_bits)
{
    fake_ram_setup(RAM_BASE, RAM_SIZE);
    page_alloc_reset();
    xmalloc_reset();
    fake_p2m_flushes = 0;
    fake_p2m_bbm_failures = 0;
    nhoard = 0;
    return page_alloc_add_region(RAM_BASE, RAM_BASE + RAM_SIZE) == 0 &&
           arch_p2m_setup(ipa_bits) == 0 && p2m_init(p, 7) == 0;
}

/* Takes every free page, then gives back 'keep' of them. */
static void exhaust_allocator(size_t keep)
{
    paddr_t pa;
    while (nhoard < RAM_PAGES && (pa = page_alloc(0)) != PADDR_INVALID)
        hoard[nhoard++] = pa;
    while (keep-- && nhoard)
        (void)page_free(hoard[--nhoard], 0);
}

static void release_hoard(void)
{
    while (nhoard)
        (void)page_free(hoard[--nhoard], 0);
}

/* Translation of gpa as (pa, type, block size); pa is PADDR_INVALID when
 * unmapped. */
struct xlate {
    paddr_t pa;
    enum p2m_type t;
    uint64_t bs;
};

static struct xlate xl(struct p2m *p, uint64_t gpa)
{
    struct xlate x = {PADDR_INVALID, P2M_INVALID, 0};
    if (p2m_lookup(p, gpa, &x.pa, &x.t, &x.bs) != 0)
        x.pa = PADDR_INVALID;
    return x;
}

static bool maps(struct p2m *p, uint64_t gpa, paddr_t pa, enum p2m_type t, uint64_t bs)
{
    struct xlate x = xl(p, gpa);
    return x.pa == pa && x.t == t && x.bs == bs;
}

static bool counters(const struct p2m *p, uint64_t l1, uint64_t l2, uint64_t l3)
{
    return p->mapped[0] == 0 && p->mapped[1] == l1 && p->mapped[2] == l2 && p->mapped[3] == l3;
}

/* The root level and page count chosen for each IPA width, and VTCR_EL2. */
TEST(p2m_geometry)
{
    static const struct {
        unsigned int bits, level, pages;
    } g[] = {{48, 0, 1}, {44, 0, 1},  {43, 1, 16}, {40, 1, 2}, {39, 1, 1},
             {35, 1, 1}, {34, 2, 16}, {33, 2, 8},  {32, 2, 4}};
    for (size_t i = 0; i < ARRAY_SIZE(g); i++) {
        CHECK(arch_p2m_setup(g[i].bits) == 0);
        CHECK(arch_p2m_root_level() == g[i].level);
        CHECK(arch_p2m_root_pages() == g[i].pages);
        CHECK(arch_p2m_ipa_bits() == g[i].bits);
    }
    static const unsigned int bad[] = {0, 31, 49, 64};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        CHECK(arch_p2m_setup(bad[i]) == -EINVAL);
    CHECK(arch_p2m_ipa_bits() == 32); /* a rejected width changes nothing */

    /* T0SZ | SL0 | IRGN0/ORGN0 WBWA | SH0 inner | TG0 4K | PS | RES1 */
    CHECK(stage2_vtcr(0) == 0x80003520ULL);
    REQUIRE(arch_p2m_setup(40) == 0);
    CHECK(stage2_vtcr(2) == 0x80023558ULL);
    REQUIRE(arch_p2m_setup(48) == 0);
    CHECK(stage2_vtcr(5) == 0x80053590ULL);
    CHECK(stage2_vtcr(6) == 0x80053590ULL); /* 52-bit PARange clamps to 48 */
}

/* Leaf bits per type: S2AP, MemAttr, SH, AF, XN, software type, kind. */
TEST(p2m_descriptor_encoding)
{
    static const struct {
        enum p2m_type t;
        unsigned int memattr, s2ap, sh, xn;
    } d[] = {
        {P2M_RAM_RW, 0xf, 3, 3, 0},   {P2M_RAM_RO, 0xf, 1, 3, 0},   {P2M_MMIO, 0x1, 3, 0, 1},
        {P2M_GRANT_RW, 0xf, 3, 3, 1}, {P2M_GRANT_RO, 0xf, 1, 3, 1},
    };
    for (size_t i = 0; i < ARRAY_SIZE(d); i++) {
        for (unsigned int level = 1; level <= 3; level++) {
            paddr_t pa = GiB(3);
            uint64_t e = arch_p2m_make_leaf(pa, d[i].t, level);
            CHECK((e & 3) == (level == 3 ? 3U : 1U));
            CHECK(((e >> 2) & 0xf) == d[i].memattr);
            CHECK(((e >> 6) & 3) == d[i].s2ap);
            CHECK(((e >> 8) & 3) == d[i].sh);
            CHECK(((e >> 10) & 1) == 1);
            CHECK(((e >> 54) & 1) == d[i].xn);
            CHECK(((e >> 55) & 0xf) == (uint64_t)d[i].t);
            CHECK(arch_p2m_entry_type(e) == d[i].t);
            CHECK(arch_p2m_entry_addr(e, level) == pa);
            CHECK(arch_p2m_is_valid(e) && !arch_p2m_is_table(e, level));
        }
    }
    CHECK(arch_p2m_make_leaf(0x12345000ULL, P2M_RAM_RW, 3) == 0x00800000123457ffULL);
    CHECK(arch_p2m_make_leaf(MiB(4), P2M_INVALID, 2) == 0);
    CHECK(arch_p2m_make_leaf(MiB(4), P2M_NR_TYPES, 2) == 0);
    CHECK(arch_p2m_make_leaf(0, P2M_RAM_RW, 0) == 0); /* no level-0 blocks */
    CHECK(arch_p2m_make_table(0x45678000ULL) == 0x45678003ULL);
    CHECK(arch_p2m_is_table(0x45678003ULL, 2) && !arch_p2m_is_table(0x45678003ULL, 3));
    CHECK(!arch_p2m_block_allowed(0) && arch_p2m_block_allowed(1) && arch_p2m_block_allowed(2) &&
          !arch_p2m_block_allowed(3));
    CHECK(arch_p2m_level_shift(0) == 39 && arch_p2m_level_shift(3) == 12);
}

/* 4 KiB pages translate with their offset, type and a 4 KiB block size. */
TEST(p2m_map_pages_lookup)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    CHECK(p.table_pages == 2 && p.ipa_limit == GiB(1024));
    CHECK(p2m_map(&p, 0x8000, 0x5000, KiB(12), P2M_RAM_RW) == 0);
    CHECK(p2m_map(&p, GiB(600), 0x9000000000ULL, KiB(4), P2M_MMIO) == 0);
    paddr_t pa = 0;
    enum p2m_type t = P2M_INVALID;
    uint64_t bs = 0;
    CHECK(p2m_lookup(&p, 0x9abc, &pa, &t, &bs) == 0);
    CHECK(pa == 0x6abc && t == P2M_RAM_RW && bs == KiB(4));
    CHECK(maps(&p, 0x8000, 0x5000, P2M_RAM_RW, KiB(4)));
    CHECK(maps(&p, 0xa000, 0x7000, P2M_RAM_RW, KiB(4)));
    CHECK(maps(&p, GiB(600) + 0x10, 0x9000000010ULL, P2M_MMIO, KiB(4)));
    CHECK(p2m_lookup(&p, 0x7000, &pa, &t, &bs) == -ENOENT);
    CHECK(p2m_lookup(&p, 0xb000, NULL, NULL, NULL) == -ENOENT);
    CHECK(p2m_lookup(&p, GiB(1024), NULL, NULL, NULL) == -ENOENT);
    CHECK(counters(&p, 0, 0, 4));
    CHECK(p.table_pages == 2 + 4); /* two L2 + two L3 tables */
    CHECK(fake_p2m_flushes == 0);  /* nothing valid was replaced */
    p2m_destroy(&p);
}

/* The largest block both addresses and the size allow, else pages. */
TEST(p2m_block_selection)
{
    static const struct {
        uint64_t gpa, pa, size, probe_bs;
        uint64_t l1, l2, l3;
    } c[] = {
        {MiB(2), PA_GIB + MiB(4), MiB(2), MiB(2), 0, 1, 0},                   /* 2 MiB block */
        {GiB(1), PA_GIB, GiB(1), GiB(1), 1, 0, 0},                            /* 1 GiB block */
        {MiB(2), PA_GIB + KiB(4), MiB(2), KiB(4), 0, 0, 512},                 /* pa misaligned */
        {MiB(2) + KiB(4), PA_GIB + KiB(4), MiB(2), KiB(4), 0, 0, 512},        /* both misaligned */
        {MiB(2), PA_GIB, MiB(2) + KiB(8), MiB(2), 0, 1, 2},                   /* tail in pages */
        {MiB(2), PA_GIB, MiB(2) - KiB(4), KiB(4), 0, 0, 511},                 /* too short */
        {GiB(1), PA_GIB + MiB(2), GiB(1), MiB(2), 0, 512, 0},                 /* 2 MiB only */
        {GiB(1) - MiB(2), PA_GIB - MiB(2), GiB(1) + MiB(4), GiB(1), 1, 2, 0}, /* mixed */
    };
    for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
        struct p2m p;
        REQUIRE(fresh(&p, 40));
        CHECK(p2m_map(&p, c[i].gpa, c[i].pa, c[i].size, P2M_RAM_RW) == 0);
        CHECK(counters(&p, c[i].l1, c[i].l2, c[i].l3));
        uint64_t probe = c[i].gpa + c[i].size / 2;
        CHECK(maps(&p, probe, c[i].pa + c[i].size / 2, P2M_RAM_RW, c[i].probe_bs));
        CHECK(maps(&p, c[i].gpa + c[i].size - 1, c[i].pa + c[i].size - 1, P2M_RAM_RW,
                   xl(&p, c[i].gpa + c[i].size - 1).bs));
        CHECK(xl(&p, c[i].gpa + c[i].size).pa == PADDR_INVALID);
        CHECK(xl(&p, c[i].gpa - 1).pa == PADDR_INVALID);
        p2m_destroy(&p);
    }
}

/* Unmapping the middle 4 KiB of a 2 MiB block splits it around a hole. */
TEST(p2m_unmap_splits_block)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    uint64_t gpa = MiB(6), pa = PA_GIB + MiB(2);
    REQUIRE(p2m_map(&p, gpa, pa, MiB(2), P2M_RAM_RW) == 0);
    CHECK(maps(&p, gpa + MiB(1), pa + MiB(1), P2M_RAM_RW, MiB(2)));
    uint64_t before = p.table_pages;
    CHECK(p2m_unmap(&p, gpa + MiB(1), KiB(4)) == 0);
    CHECK(xl(&p, gpa + MiB(1)).pa == PADDR_INVALID);
    CHECK(xl(&p, gpa + MiB(1) + KiB(4) - 1).pa == PADDR_INVALID);
    CHECK(maps(&p, gpa, pa, P2M_RAM_RW, KiB(4)));
    CHECK(maps(&p, gpa + MiB(1) - 8, pa + MiB(1) - 8, P2M_RAM_RW, KiB(4)));
    CHECK(maps(&p, gpa + MiB(1) + KiB(4), pa + MiB(1) + KiB(4), P2M_RAM_RW, KiB(4)));
    CHECK(maps(&p, gpa + MiB(2) - 1, pa + MiB(2) - 1, P2M_RAM_RW, KiB(4)));
    CHECK(counters(&p, 0, 0, 511));
    CHECK(p.table_pages == before + 1);
    CHECK(fake_p2m_bbm_failures == 0);
    p2m_destroy(&p);
}

/* set_type on 4 KiB inside a 1 GiB block splits twice, retypes only it. */
TEST(p2m_set_type_splits_twice)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    uint64_t gpa = GiB(2), pa = PA_GIB, off = MiB(3) + KiB(8);
    REQUIRE(p2m_map(&p, gpa, pa, GiB(1), P2M_RAM_RW) == 0);
    uint64_t before = p.table_pages;
    CHECK(p2m_set_type(&p, gpa + off, KiB(4), P2M_RAM_RO) == 0);
    CHECK(maps(&p, gpa + off + 5, pa + off + 5, P2M_RAM_RO, KiB(4)));
    CHECK(maps(&p, gpa + off - KiB(4), pa + off - KiB(4), P2M_RAM_RW, KiB(4)));
    CHECK(maps(&p, gpa + off + KiB(4), pa + off + KiB(4), P2M_RAM_RW, KiB(4)));
    CHECK(maps(&p, gpa, pa, P2M_RAM_RW, MiB(2)));
    CHECK(maps(&p, gpa + GiB(1) - 1, pa + GiB(1) - 1, P2M_RAM_RW, MiB(2)));
    CHECK(counters(&p, 0, 511, 512));
    CHECK(p.table_pages == before + 2);
    /* Retyping to the type it has (a page, part of a block, a hole) changes
     * nothing: no flush, no split. */
    unsigned int flushes = fake_p2m_flushes;
    CHECK(p2m_set_type(&p, gpa + off, KiB(4), P2M_RAM_RO) == 0);
    CHECK(p2m_set_type(&p, gpa + MiB(9), KiB(12), P2M_RAM_RW) == 0);
    CHECK(p.table_pages == before + 2 && maps(&p, gpa + MiB(9), pa + MiB(9), P2M_RAM_RW, MiB(2)));
    CHECK(p2m_set_type(&p, GiB(5), MiB(4), P2M_MMIO) == 0);
    CHECK(fake_p2m_flushes == flushes && xl(&p, GiB(5)).pa == PADDR_INVALID);
    CHECK(fake_p2m_bbm_failures == 0);
    p2m_destroy(&p);
}

/* set_type over blocks, pages and holes: whole blocks keep their size. */
TEST(p2m_set_type_mixed_range)
{
    struct p2m p;
    REQUIRE(fresh(&p, 39));
    REQUIRE(p2m_map(&p, MiB(2), PA_GIB, MiB(4), P2M_RAM_RW) == 0);          /* 2 blocks */
    REQUIRE(p2m_map(&p, MiB(8), PA_GIB + KiB(4), KiB(8), P2M_RAM_RW) == 0); /* pages */
    CHECK(p2m_set_type(&p, 0, MiB(16), P2M_GRANT_RO) == 0);
    CHECK(maps(&p, MiB(2), PA_GIB, P2M_GRANT_RO, MiB(2)));
    CHECK(maps(&p, MiB(4), PA_GIB + MiB(2), P2M_GRANT_RO, MiB(2)));
    CHECK(maps(&p, MiB(8) + KiB(4), PA_GIB + KiB(8), P2M_GRANT_RO, KiB(4)));
    CHECK(xl(&p, MiB(6)).pa == PADDR_INVALID && xl(&p, 0).pa == PADDR_INVALID);
    CHECK(counters(&p, 0, 2, 2));
    CHECK(fake_p2m_bbm_failures == 0);
    p2m_destroy(&p);
}

/* Mapping over a mapping replaces it with a flush of the old entry. */
TEST(p2m_overmap_replaces_and_flushes)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    REQUIRE(p2m_map(&p, MiB(1), 0x100000, KiB(4), P2M_RAM_RW) == 0);
    unsigned int f0 = fake_p2m_flushes;
    CHECK(p2m_map(&p, MiB(1), 0x200000, KiB(4), P2M_MMIO) == 0);
    CHECK(maps(&p, MiB(1), 0x200000, P2M_MMIO, KiB(4)));
    CHECK(fake_p2m_flushes == f0 + 1);
    CHECK(fake_p2m_last_gpa == MiB(1) && fake_p2m_last_size == KiB(4));
    CHECK(counters(&p, 0, 0, 1));

    /* A 2 MiB block over pages: the page table goes (after its flush). */
    uint64_t tables = p.table_pages;
    CHECK(p2m_map(&p, 0, PA_GIB, MiB(2), P2M_RAM_RO) == 0);
    CHECK(maps(&p, MiB(1), PA_GIB + MiB(1), P2M_RAM_RO, MiB(2)));
    CHECK(counters(&p, 0, 1, 0));
    CHECK(p.table_pages == tables - 1);
    CHECK(fake_p2m_last_gpa == 0 && fake_p2m_last_size == MiB(2));

    /* Pages over a whole block (pa not 2 MiB aligned): the block gives way
     * to a fresh table in one break-before-make, not 512 of them. */
    unsigned int f2 = fake_p2m_flushes;
    CHECK(p2m_map(&p, 0, PA_GIB + KiB(4), MiB(2), P2M_RAM_RO) == 0);
    CHECK(fake_p2m_flushes == f2 + 1 && counters(&p, 0, 0, 512));
    CHECK(maps(&p, MiB(1), PA_GIB + KiB(4) + MiB(1), P2M_RAM_RO, KiB(4)));
    CHECK(p2m_map(&p, 0, PA_GIB, MiB(2), P2M_RAM_RO) == 0);

    /* Identical re-map: nothing to replace, no flush. */
    unsigned int f1 = fake_p2m_flushes;
    CHECK(p2m_map(&p, 0, PA_GIB, MiB(2), P2M_RAM_RO) == 0);
    CHECK(fake_p2m_flushes == f1);
    CHECK(fake_p2m_bbm_failures == 0);
    p2m_destroy(&p);
}

/* Unmapping everything frees every table but the root and all memory. */
TEST(p2m_unmap_all_frees_tables)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    uint64_t free0 = free_pages();
    REQUIRE(p2m_map(&p, 0, 0x80000000ULL, MiB(3) + KiB(12), P2M_RAM_RW) == 0);
    REQUIRE(p2m_map(&p, GiB(1), PA_GIB, GiB(1), P2M_RAM_RW) == 0);
    REQUIRE(p2m_map(&p, GiB(700) + KiB(4), 0x9000000000ULL, MiB(5), P2M_MMIO) == 0);
    REQUIRE(p2m_unmap(&p, GiB(1) + MiB(3), KiB(4)) == 0); /* split a 1 GiB block */
    CHECK(p.table_pages > 2);
    /* In pieces, in an order that empties tables from both sides. */
    CHECK(p2m_unmap(&p, MiB(2), MiB(2)) == 0);
    CHECK(p2m_unmap(&p, 0, MiB(1)) == 0);
    CHECK(p2m_unmap(&p, MiB(1), MiB(1)) == 0);
    CHECK(p2m_unmap(&p, GiB(600), GiB(200)) == 0);
    CHECK(p2m_unmap(&p, GiB(1) + MiB(4), GiB(1)) == 0);
    CHECK(p2m_unmap(&p, GiB(1), MiB(4)) == 0);
    CHECK(p.table_pages == 2);
    CHECK(counters(&p, 0, 0, 0));
    CHECK(free_pages() == free0);
    CHECK(xl(&p, GiB(1) + MiB(8)).pa == PADDR_INVALID);
    CHECK(fake_p2m_bbm_failures == 0);
    p2m_destroy(&p);
}

/* Bad alignment, ranges, wraps and types are refused and change nothing. */
TEST(p2m_invalid_arguments)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    REQUIRE(p2m_map(&p, MiB(2), PA_GIB, MiB(2), P2M_RAM_RW) == 0);
    uint64_t tables = p.table_pages, flushes = fake_p2m_flushes;
    const uint64_t lim = GiB(1024);
    static const struct {
        uint64_t gpa, size;
    } g[] = {
        {0x800, KiB(4)},        {0, 0x800},          {lim, KiB(4)},
        {lim - KiB(4), KiB(8)}, {~0xfffULL, KiB(8)}, /* wraps */
        {0, ~0xfffULL},
    };
    for (size_t i = 0; i < ARRAY_SIZE(g); i++) {
        CHECK(p2m_map(&p, g[i].gpa, 0, g[i].size, P2M_RAM_RW) == -EINVAL);
        CHECK(p2m_unmap(&p, g[i].gpa, g[i].size) == -EINVAL);
        CHECK(p2m_set_type(&p, g[i].gpa, g[i].size, P2M_RAM_RO) == -EINVAL);
    }
    static const paddr_t bad_pa[] = {0x800, ~0xfffULL /* wraps */, 1ULL << 48,
                                     (1ULL << 48) - KiB(4) /* crosses 2^48 */};
    for (size_t i = 0; i < ARRAY_SIZE(bad_pa); i++)
        CHECK(p2m_map(&p, 0, bad_pa[i], KiB(8), P2M_RAM_RW) == -EINVAL);
    static const enum p2m_type bad[] = {P2M_INVALID, P2M_NR_TYPES, (enum p2m_type)99};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        CHECK(p2m_map(&p, 0, 0, KiB(4), bad[i]) == -EINVAL);
        CHECK(p2m_set_type(&p, MiB(2), KiB(4), bad[i]) == -EINVAL);
    }
    CHECK(p2m_lookup(&p, lim, NULL, NULL, NULL) == -ENOENT);
    CHECK(p.table_pages == tables && fake_p2m_flushes == flushes);
    CHECK(maps(&p, MiB(2), PA_GIB, P2M_RAM_RW, MiB(2)) && counters(&p, 0, 1, 0));
    p2m_destroy(&p);
}

/* Out of table pages part-way: the map fails and leaves nothing mapped. */
TEST(p2m_enomem_undoes_map)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    /* 4 MiB of pages in an empty 1 GiB: one L2 and two L3 tables needed,
     * only two to be had, so the first 2 MiB get mapped, then undone. */
    exhaust_allocator(2);
    CHECK(p2m_map(&p, GiB(3), PA_GIB + KiB(4), MiB(4), P2M_RAM_RW) == -ENOMEM);
    for (uint64_t off = 0; off < MiB(4); off += KiB(64))
        CHECK(xl(&p, GiB(3) + off).pa == PADDR_INVALID);
    CHECK(counters(&p, 0, 0, 0) && p.table_pages == 2);
    CHECK(free_pages() == 2);
    CHECK(fake_p2m_bbm_failures == 0);

    /* With nothing at all to allocate, it fails at once. */
    exhaust_allocator(0);
    CHECK(p2m_map(&p, GiB(3), PA_GIB, KiB(4), P2M_RAM_RW) == -ENOMEM);
    CHECK(xl(&p, GiB(3)).pa == PADDR_INVALID && p.table_pages == 2);

    /* Memory back: the same map now works. */
    release_hoard();
    CHECK(p2m_map(&p, GiB(3), PA_GIB + KiB(4), MiB(4), P2M_RAM_RW) == 0);
    CHECK(maps(&p, GiB(3) + MiB(3), PA_GIB + KiB(4) + MiB(3), P2M_RAM_RW, KiB(4)));
    p2m_destroy(&p);
}

/* A split that cannot get a page fails before any translation changes
 * (unmap and set_type split both edges before touching the range). */
TEST(p2m_enomem_keeps_blocks)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    REQUIRE(p2m_map(&p, GiB(1), PA_GIB, GiB(1), P2M_RAM_RW) == 0);
    REQUIRE(p2m_map(&p, 0, PA_GIB, MiB(2), P2M_RAM_RW) == 0);
    /* One page: enough for the first split of the 1 GiB block, not the second. */
    exhaust_allocator(1);
    CHECK(p2m_unmap(&p, GiB(1), MiB(2) + KiB(4)) == -ENOMEM);
    CHECK(p2m_set_type(&p, GiB(1), MiB(2) + KiB(4), P2M_RAM_RO) == -ENOMEM);
    CHECK(maps(&p, GiB(1), PA_GIB, P2M_RAM_RW, MiB(2)));
    CHECK(maps(&p, GiB(1) + MiB(2), PA_GIB + MiB(2), P2M_RAM_RW, MiB(2)));
    CHECK(maps(&p, GiB(1) + MiB(5), PA_GIB + MiB(5), P2M_RAM_RW, MiB(2)));
    exhaust_allocator(0);
    CHECK(p2m_map(&p, KiB(4), 0x1000, KiB(4), P2M_MMIO) == -ENOMEM);
    CHECK(maps(&p, KiB(4), PA_GIB + KiB(4), P2M_RAM_RW, MiB(2)));
    CHECK(fake_p2m_bbm_failures == 0);
    release_hoard();
    p2m_destroy(&p);
}

/* Roots of concatenated pages and deep roots index correctly at the ends. */
TEST(p2m_root_geometries)
{
    static const struct {
        unsigned int bits;
        uint64_t gpa;
        uint64_t bs;
    } g[] = {
        {40, GiB(512) + MiB(2), MiB(2)},     /* second root page */
        {40, GiB(1023), GiB(1)},             /* last root entry */
        {32, GiB(3) + MiB(2), MiB(2)},       /* level-2 root, 4 pages */
        {48, (1ULL << 47) + GiB(1), GiB(1)}, /* level-0 root */
        {39, GiB(511) + MiB(2), MiB(2)},
        {43, (1ULL << 43) - GiB(1), GiB(1)}, /* 16 root pages */
    };
    for (size_t i = 0; i < ARRAY_SIZE(g); i++) {
        struct p2m p;
        REQUIRE(fresh(&p, g[i].bits));
        CHECK(p.ipa_limit == 1ULL << g[i].bits);
        CHECK(p.table_pages == arch_p2m_root_pages());
        uint64_t free0 = free_pages();
        CHECK(p2m_map(&p, g[i].gpa, PA_GIB, g[i].bs, P2M_RAM_RW) == 0);
        /* The walker indexes concatenated root pages as one table. */
        const uint64_t *root = arch_phys_to_virt(p.root);
        CHECK(arch_p2m_is_valid(root[g[i].gpa >> arch_p2m_level_shift(arch_p2m_root_level())]));
        CHECK(maps(&p, g[i].gpa + g[i].bs - 1, PA_GIB + g[i].bs - 1, P2M_RAM_RW, g[i].bs));
        CHECK(xl(&p, g[i].gpa - KiB(4)).pa == PADDR_INVALID);
        CHECK(p2m_map(&p, p.ipa_limit - KiB(4), 0x3000, KiB(4), P2M_RAM_RO) == 0);
        CHECK(maps(&p, p.ipa_limit - 1, 0x3fff, P2M_RAM_RO, KiB(4)));
        CHECK(p2m_unmap(&p, 0, p.ipa_limit) == 0);
        CHECK(p.table_pages == arch_p2m_root_pages() && free_pages() == free0);
        p2m_destroy(&p);
    }
}

/* Destroy returns every table page, root included, and flushes the VMID. */
TEST(p2m_destroy_returns_tables)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    p2m_destroy(&p); /* the empty p2m made by fresh() */
    uint64_t free0 = free_pages();
    REQUIRE(p2m_init(&p, 9) == 0);
    CHECK(free_pages() == free0 - 2);
    REQUIRE(p2m_map(&p, 0, 0x80000000ULL, MiB(7) + KiB(4), P2M_RAM_RW) == 0);
    REQUIRE(p2m_map(&p, GiB(5), PA_GIB, GiB(2), P2M_RAM_RW) == 0);
    REQUIRE(p2m_set_type(&p, GiB(6) + KiB(4), KiB(4), P2M_RAM_RO) == 0);
    REQUIRE(p2m_map(&p, GiB(900), 0x9000000000ULL, MiB(1), P2M_MMIO) == 0);
    CHECK(p.table_pages > 2);
    p2m_destroy(&p);
    CHECK(free_pages() == free0);
    CHECK(p.table_pages == 0 && counters(&p, 0, 0, 0));
    CHECK(fake_p2m_last_size == 0);
    CHECK(p2m_lookup(&p, 0, NULL, NULL, NULL) == -ENOENT);
    CHECK(p2m_map(&p, 0, 0, KiB(4), P2M_RAM_RW) == -EINVAL);
    p2m_destroy(&p); /* twice is harmless */
}

/* Reference model for the random test: one (pa, type) per page. */
#define MODEL_BASE  (GiB(1) - MiB(8))
#define MODEL_PAGES 4096 /* 16 MiB across a 1 GiB boundary */
static paddr_t model_pa[MODEL_PAGES];
static enum p2m_type model_t[MODEL_PAGES];

static uint64_t rng_state;

static uint64_t rng(uint64_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng_state >> 33) % n;
}

static void model_apply(int op, uint64_t first, uint64_t n, paddr_t pa, enum p2m_type t)
{
    for (uint64_t i = first; i < first + n; i++) {
        if (op == 0) {
            model_pa[i] = pa + ((i - first) << PAGE_SHIFT);
            model_t[i] = t;
        } else if (op == 1) {
            model_pa[i] = PADDR_INVALID;
        } else if (model_pa[i] != PADDR_INVALID) {
            model_t[i] = t;
        }
    }
}

static bool model_matches(struct p2m *p)
{
    uint64_t bytes = 0;
    for (uint64_t i = 0; i < MODEL_PAGES; i++) {
        struct xlate x = xl(p, MODEL_BASE + (i << PAGE_SHIFT) + 0x123);
        if (x.pa != (model_pa[i] == PADDR_INVALID ? PADDR_INVALID : model_pa[i] + 0x123))
            return false;
        if (x.pa != PADDR_INVALID && x.t != model_t[i])
            return false;
    }
    for (unsigned int l = 1; l <= 3; l++)
        bytes += p->mapped[l] << arch_p2m_level_shift(l);
    uint64_t expect = 0;
    for (uint64_t i = 0; i < MODEL_PAGES; i++)
        expect += model_pa[i] != PADDR_INVALID ? PAGE_SIZE : 0;
    return bytes == expect;
}

/* Random map/unmap/set_type against a per-page model, then all unmapped. */
TEST(p2m_random_against_model)
{
    struct p2m p;
    REQUIRE(fresh(&p, 40));
    uint64_t free0 = free_pages();
    rng_state = 20240601;
    for (uint64_t i = 0; i < MODEL_PAGES; i++)
        model_pa[i] = PADDR_INVALID;
    for (int step = 0; step < 300; step++) {
        int op = (int)rng(3);
        uint64_t first = rng(MODEL_PAGES), n = 1 + rng(MODEL_PAGES - first);
        if (rng(2))
            first &= ~511ULL; /* often 2 MiB aligned, so blocks appear */
        n = MIN(n, MODEL_PAGES - first);
        paddr_t pa = PA_GIB + (rng(2) ? MiB(2) * rng(64) : KiB(4) * rng(1 << 14));
        pa = pa - ((MODEL_BASE + (first << PAGE_SHIFT)) & (MiB(2) - 1)) + MiB(2);
        enum p2m_type t = (enum p2m_type)(1 + rng(P2M_NR_TYPES - 1));
        uint64_t gpa = MODEL_BASE + (first << PAGE_SHIFT), size = n << PAGE_SHIFT;
        int rc = op == 0   ? p2m_map(&p, gpa, pa, size, t)
                 : op == 1 ? p2m_unmap(&p, gpa, size)
                           : p2m_set_type(&p, gpa, size, t);
        REQUIRE(rc == 0);
        model_apply(op, first, n, pa, t);
        REQUIRE(model_matches(&p));
    }
    CHECK(p.mapped[2] > 0 || p.mapped[3] > 0);
    CHECK(fake_p2m_bbm_failures == 0);
    CHECK(p2m_unmap(&p, MODEL_BASE, (uint64_t)MODEL_PAGES << PAGE_SHIFT) == 0);
    CHECK(p.table_pages == 2 && counters(&p, 0, 0, 0) && free_pages() == free0);
    p2m_destroy(&p);
}
