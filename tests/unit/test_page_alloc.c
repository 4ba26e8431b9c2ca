/* Unit tests for the buddy page allocator (common/page_alloc.c). */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/page_alloc.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "unit.h"

#define RAM_BASE  0x40000000ULL
#define RAM_SIZE  MiB(64)
#define RAM_PAGES (RAM_SIZE >> PAGE_SHIFT)
#define B(off)    (RAM_BASE + (paddr_t)(off))

static paddr_t pages[RAM_PAGES];
static unsigned char page_used[RAM_PAGES];

/* Fresh fake RAM and forgotten allocator state. */
static void fresh(void)
{
    fake_ram_setup(RAM_BASE, RAM_SIZE);
    page_alloc_reset();
    xmalloc_reset();
}

/* Fresh state plus the whole fake RAM as one region. */
static void fresh_full(void)
{
    fresh();
    CHECK(page_alloc_add_region(B(0), B(RAM_SIZE)) == 0);
}

static struct page_alloc_stats stats(void)
{
    struct page_alloc_stats st;
    memset(&st, 0xee, sizeof(st));
    page_alloc_get_stats(&st);
    return st;
}

static bool stats_equal(const struct page_alloc_stats *a, const struct page_alloc_stats *b)
{
    if (a->total_pages != b->total_pages || a->free_pages != b->free_pages ||
        a->meta_pages != b->meta_pages || a->regions != b->regions)
        return false;
    for (unsigned int k = 0; k <= PAGE_MAX_ORDER; k++) {
        if (a->free_blocks[k] != b->free_blocks[k])
            return false;
    }
    return true;
}

static uint64_t free_from_blocks(const struct page_alloc_stats *st)
{
    uint64_t n = 0;
    for (unsigned int k = 0; k <= PAGE_MAX_ORDER; k++)
        n += st->free_blocks[k] << k;
    return n;
}

static uint32_t rng_next(uint32_t *s)
{
    *s = *s * 1664525U + 1013904223U;
    return *s >> 8;
}

static void shuffle(paddr_t *a, size_t n, uint32_t seed)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_next(&seed) % i;
        paddr_t t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

/* Allocates order-0 pages until none is left; returns how many. */
static size_t alloc_all_pages(void)
{
    size_t n = 0;
    paddr_t pa;
    while (n < RAM_PAGES && (pa = page_alloc(0)) != PADDR_INVALID)
        pages[n++] = pa;
    return n;
}

/* Marks the pages of a block as used; false if one was already (overlap). */
static bool mark_block(paddr_t pa, unsigned int order)
{
    bool ok = true;
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        uint64_t idx = ((pa - RAM_BASE) >> PAGE_SHIFT) + i;
        if (idx >= RAM_PAGES || page_used[idx])
            ok = false;
        else
            page_used[idx] = 1;
    }
    return ok;
}

static bool block_ok(paddr_t pa, unsigned int order, paddr_t lo, paddr_t hi)
{
    uint64_t size = (uint64_t)PAGE_SIZE << order;
    return pa != PADDR_INVALID && IS_ALIGNED(pa, size) && pa >= lo && pa + size <= hi;
}

/* Allocating every page splits everything; freeing them merges it all back. */
TEST(pa_split_merge_whole_region)
{
    fresh_full();
    struct page_alloc_stats st0 = stats();
    CHECK(st0.regions == 1);
    CHECK(st0.total_pages + st0.meta_pages == RAM_PAGES);
    CHECK(st0.free_pages == st0.total_pages);
    CHECK(st0.free_blocks[13] == 1); /* the upper 32 MiB as one block */
    CHECK(free_from_blocks(&st0) == st0.free_pages);

    size_t n = alloc_all_pages();
    REQUIRE(n == st0.total_pages);
    struct page_alloc_stats st1 = stats();
    CHECK(st1.free_pages == 0 && free_from_blocks(&st1) == 0);

    memset(page_used, 0, sizeof(page_used));
    for (size_t i = 0; i < n; i++)
        CHECK(block_ok(pages[i], 0, B(0), B(RAM_SIZE)) && mark_block(pages[i], 0));

    shuffle(pages, n, 12345);
    for (size_t i = 0; i < n; i++)
        CHECK(page_free(pages[i], 0) == 0);
    struct page_alloc_stats st2 = stats();
    CHECK(stats_equal(&st0, &st2));
}

/* Every block of every order is naturally aligned and blocks never overlap. */
TEST(pa_natural_alignment_mixed_orders)
{
    static const unsigned int orders[] = {0, 1, 2, 3, 5, 7, 9, 11, 12};
    struct {
        paddr_t pa;
        unsigned int order;
    } live[400];
    size_t n = 0;
    uint32_t seed = 99;

    fresh_full();
    struct page_alloc_stats st0 = stats();
    memset(page_used, 0, sizeof(page_used));
    while (n < ARRAY_SIZE(live)) {
        unsigned int order = orders[rng_next(&seed) % ARRAY_SIZE(orders)];
        paddr_t pa = page_alloc(order);
        if (pa == PADDR_INVALID)
            break;
        CHECK(block_ok(pa, order, B(0), B(RAM_SIZE)));
        CHECK(mark_block(pa, order));
        live[n].pa = pa;
        live[n++].order = order;
    }
    CHECK(n > 10);
    for (size_t i = 0; i < n; i++)
        CHECK(page_free(live[i].pa, live[i].order) == 0);
    struct page_alloc_stats st1 = stats();
    CHECK(stats_equal(&st0, &st1));
}

/* Running out yields PADDR_INVALID; a free makes allocation work again. */
TEST(pa_exhaustion_and_recovery)
{
    fresh_full();
    CHECK(page_alloc(PAGE_MAX_ORDER + 1) == PADDR_INVALID);
    CHECK(page_alloc(14) == PADDR_INVALID); /* no 64 MiB block: metadata sits in it */
    paddr_t big = page_alloc(13);
    CHECK(block_ok(big, 13, B(0), B(RAM_SIZE)));
    CHECK(page_alloc(13) == PADDR_INVALID);

    size_t n = alloc_all_pages();
    CHECK(n > 0);
    CHECK(page_alloc(0) == PADDR_INVALID);
    CHECK(stats().free_pages == 0);

    CHECK(page_free(pages[n / 2], 0) == 0);
    CHECK(page_alloc(1) == PADDR_INVALID);
    CHECK(page_alloc(0) == pages[n / 2]);
    CHECK(page_free(big, 13) == 0);
    CHECK(page_alloc(12) != PADDR_INVALID);
}

/* A second free of the same block is rejected and changes nothing. */
TEST(pa_double_free_detected)
{
    fresh_full();
    paddr_t a = page_alloc(0);
    paddr_t b = page_alloc(3);
    REQUIRE(a != PADDR_INVALID && b != PADDR_INVALID);
    CHECK(page_free(a, 0) == 0);
    CHECK(page_free(b, 3) == 0);

    struct page_alloc_stats st0 = stats();
    CHECK(page_free(a, 0) == -EINVAL);
    CHECK(page_free(b, 3) == -EINVAL);
    CHECK(page_free(b + PAGE_SIZE, 0) == -EINVAL); /* inside a merged free block */
    struct page_alloc_stats st1 = stats();
    CHECK(stats_equal(&st0, &st1));
}

/* Wrong-order and misaligned frees of a live block are rejected untouched. */
TEST(pa_wrong_order_and_misaligned_free)
{
    static const struct {
        uint64_t off;
        unsigned int order;
    } bad[] = {
        {0, 1},                  /* order too small */
        {0, 3},                  /* order too large */
        {0, PAGE_MAX_ORDER + 1}, /* beyond any order */
        {1, 2},                  /* not page aligned */
        {0x800, 2},              /* half a page in */
        {PAGE_SIZE, 0},          /* tail page */
        {PAGE_SIZE, 2},          /* tail page, misaligned for the order */
        {2 * PAGE_SIZE, 1},      /* aligned for its order but a tail */
        {4 * PAGE_SIZE, 2},      /* the next block, never allocated */
    };

    fresh_full();
    paddr_t blk = page_alloc(2);
    REQUIRE(blk != PADDR_INVALID);
    struct page_alloc_stats st0 = stats();
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        CHECK(page_free(blk + bad[i].off, bad[i].order) == -EINVAL);
        struct page_alloc_stats st = stats();
        CHECK(stats_equal(&st0, &st));
    }
    CHECK(page_free(blk, 2) == 0);
}

/* Addresses the allocator never handed out (or does not own) are rejected. */
TEST(pa_foreign_free_rejected)
{
    static const struct {
        paddr_t pa;
        unsigned int order;
    } bad[] = {
        {0, 0},
        {B(0) - PAGE_SIZE, 0},            /* just below the region */
        {B(0), 0},                        /* the metadata pages */
        {B(PAGE_SIZE), 0},                /* still metadata */
        {B(RAM_SIZE), 0},                 /* just past the end */
        {B(RAM_SIZE) - 2 * PAGE_SIZE, 2}, /* misaligned for its order */
        {B(RAM_SIZE) - PAGE_SIZE, 0},     /* free, never allocated */
        {PADDR_INVALID & PAGE_MASK, 0},
        {PADDR_INVALID, 0},
    };

    fresh_full();
    paddr_t live = page_alloc(0);
    REQUIRE(live != PADDR_INVALID);
    struct page_alloc_stats st0 = stats();
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        CHECK(page_free(bad[i].pa, bad[i].order) == -EINVAL);
    struct page_alloc_stats st1 = stats();
    CHECK(stats_equal(&st0, &st1));
    CHECK(page_free(live, 0) == 0);
}

/* Through random alloc/free, free_pages matches free_blocks and live pages. */
TEST(pa_stats_consistent)
{
    struct {
        paddr_t pa;
        unsigned int order;
    } live[256];
    size_t n = 0;
    uint64_t live_pages = 0;
    uint32_t seed = 7;

    fresh_full();
    struct page_alloc_stats st0 = stats();
    for (int step = 0; step < 3000; step++) {
        if (n < ARRAY_SIZE(live) && (n == 0 || rng_next(&seed) % 3 != 0)) {
            unsigned int order = rng_next(&seed) % 8;
            paddr_t pa = page_alloc(order);
            if (pa != PADDR_INVALID) {
                live[n].pa = pa;
                live[n++].order = order;
                live_pages += 1ULL << order;
            }
        } else {
            size_t i = rng_next(&seed) % n;
            CHECK(page_free(live[i].pa, live[i].order) == 0);
            live_pages -= 1ULL << live[i].order;
            live[i] = live[--n];
        }
        struct page_alloc_stats st = stats();
        CHECK(st.free_pages == free_from_blocks(&st));
        CHECK(st.free_pages + live_pages == st.total_pages);
    }
    while (n > 0) {
        n--;
        CHECK(page_free(live[n].pa, live[n].order) == 0);
    }
    struct page_alloc_stats st1 = stats();
    CHECK(stats_equal(&st0, &st1));
}

/* page_alloc_range returns a block wholly inside [lo, hi) or nothing. */
TEST(pa_range_bounds)
{
    static const struct {
        unsigned int order;
        paddr_t lo, hi;
        bool ok;
    } cases[] = {
        {0, B(0x100000), B(0x101000), true},           /* exactly one page */
        {9, B(0x200000), B(0x400000), true},           /* exactly 2 MiB */
        {9, B(0x200000), B(0x3ff000), false},          /* one page short */
        {9, B(0x201000), B(0x600000), true},           /* must skip to 0x400000 */
        {3, B(0x1230000), B(0x1238000), true},         /* splits a big block */
        {3, B(0x1231000), B(0x123f000), false},        /* no aligned 8 pages fit */
        {3, B(0x1231000), B(0x1240000), true},         /* fits at 0x1238000 */
        {0, B(0), B(0x1000), false},                   /* metadata only */
        {0, B(RAM_SIZE), B(RAM_SIZE + MiB(1)), false}, /* outside RAM */
        {0, B(0x300000), B(0x300000), false},          /* empty range */
        {0, B(0x300000), B(0x200000), false},          /* inverted range */
        {13, B(0), B(RAM_SIZE), true},                 /* the 32 MiB block */
        {14, B(0), B(RAM_SIZE), false},                /* bigger than any block */
        {PAGE_MAX_ORDER + 1, B(0), B(RAM_SIZE), false},
        {0, B(RAM_SIZE) - PAGE_SIZE, PADDR_INVALID, true}, /* open-ended top */
        {0, 0, PADDR_INVALID, true},                       /* anywhere */
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        fresh_full();
        struct page_alloc_stats st0 = stats();
        paddr_t pa = page_alloc_range(cases[i].order, cases[i].lo, cases[i].hi);
        if (!cases[i].ok) {
            CHECK(pa == PADDR_INVALID);
            continue;
        }
        CHECK(block_ok(pa, cases[i].order, cases[i].lo, cases[i].hi));
        CHECK(page_free(pa, cases[i].order) == 0);
        struct page_alloc_stats st1 = stats();
        CHECK(stats_equal(&st0, &st1));
    }
}

/* Draining a window with page_alloc_range leaves the rest of RAM alone. */
TEST(pa_range_drain_window)
{
    const paddr_t lo = B(MiB(1)), hi = B(MiB(2));
    size_t n = 0;
    paddr_t pa;

    fresh_full();
    struct page_alloc_stats st0 = stats();
    while ((pa = page_alloc_range(0, lo, hi)) != PADDR_INVALID) {
        CHECK(block_ok(pa, 0, lo, hi));
        pages[n++] = pa;
    }
    CHECK(n == MiB(1) / PAGE_SIZE);
    CHECK(stats().free_pages == st0.free_pages - n);
    CHECK(page_alloc(0) != PADDR_INVALID); /* the rest of RAM is still there */
    for (size_t i = 0; i < n; i++)
        CHECK(page_free(pages[i], 0) == 0);
}

/* Regions overlapping an existing one are rejected; adjacent ones are fine. */
TEST(pa_overlapping_region_rejected)
{
    static const struct {
        paddr_t start, end;
        int ret;
    } cases[] = {
        {B(0), B(MiB(32)), -EINVAL},          /* identical */
        {B(MiB(1)), B(MiB(2)), -EINVAL},      /* inside */
        {B(0) - MiB(1), B(MiB(1)), -EINVAL},  /* straddles the start */
        {B(MiB(31)), B(MiB(33)), -EINVAL},    /* straddles the end */
        {B(0) - MiB(1), B(MiB(40)), -EINVAL}, /* covers it */
        {B(MiB(32)), B(MiB(48)), 0},          /* adjacent above */
        {B(MiB(40)), B(MiB(64)), -EINVAL},    /* overlaps the new one */
        {B(MiB(48)), B(MiB(64)), 0},          /* adjacent again */
    };

    fresh();
    REQUIRE(page_alloc_add_region(B(0), B(MiB(32))) == 0);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct page_alloc_stats st0 = stats();
        int ret = page_alloc_add_region(cases[i].start, cases[i].end);
        CHECK(ret == cases[i].ret);
        struct page_alloc_stats st1 = stats();
        if (ret != 0)
            CHECK(stats_equal(&st0, &st1));
        else
            CHECK(st1.regions == st0.regions + 1);
    }
    CHECK(stats().regions == 3);
}

/* Empty, inverted and metadata-only regions are rejected. */
TEST(pa_bad_or_small_region_rejected)
{
    static const struct {
        paddr_t start, end;
        int ret;
    } cases[] = {
        {B(0), B(PAGE_SIZE), -ENOSPC},   /* only room for metadata */
        {B(0), B(0), -EINVAL},           /* empty */
        {B(0x2000), B(0x1000), -EINVAL}, /* inverted */
        {B(0x1001), B(0x1fff), -EINVAL}, /* trims to nothing */
        {B(0x1800), B(0x2800), -EINVAL}, /* trims to nothing */
        {PADDR_INVALID - 10, PADDR_INVALID, -EINVAL},
        {B(0), B(2 * PAGE_SIZE), 0},    /* smallest usable */
        {B(0x800), B(0x2800), -ENOSPC}, /* trims to one page */
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        fresh();
        CHECK(page_alloc_add_region(cases[i].start, cases[i].end) == cases[i].ret);
        struct page_alloc_stats st = stats();
        CHECK(st.regions == (cases[i].ret == 0 ? 1U : 0U));
        CHECK(st.total_pages == (cases[i].ret == 0 ? 1U : 0U));
    }
}

/* More than PAGE_MAX_REGIONS regions are refused with -ENOSPC. */
TEST(pa_too_many_regions)
{
    fresh();
    for (unsigned int i = 0; i < PAGE_MAX_REGIONS; i++)
        CHECK(page_alloc_add_region(B(i * 2 * PAGE_SIZE), B((i + 1) * 2 * PAGE_SIZE)) == 0);
    paddr_t next = B(PAGE_MAX_REGIONS * 2 * PAGE_SIZE);
    CHECK(page_alloc_add_region(next, next + 2 * PAGE_SIZE) == -ENOSPC);
    struct page_alloc_stats st = stats();
    CHECK(st.regions == PAGE_MAX_REGIONS);
    CHECK(st.total_pages == PAGE_MAX_REGIONS && st.meta_pages == PAGE_MAX_REGIONS);
    for (unsigned int i = 0; i < PAGE_MAX_REGIONS; i++)
        CHECK(page_alloc(0) != PADDR_INVALID);
    CHECK(page_alloc(0) == PADDR_INVALID);
}

/* An unaligned region is trimmed and still yields only aligned blocks. */
TEST(pa_unaligned_region)
{
    const paddr_t start = B(0x3123), end = B(0x1234567);
    const uint64_t n_pages =
        (ALIGN_DOWN(end, PAGE_SIZE) - ALIGN_UP(start, PAGE_SIZE)) >> PAGE_SHIFT;
    struct {
        paddr_t pa;
        unsigned int order;
    } got[256];
    size_t n = 0;

    fresh();
    REQUIRE(page_alloc_add_region(start, end) == 0);
    struct page_alloc_stats st0 = stats();
    CHECK(st0.total_pages + st0.meta_pages == n_pages);
    memset(page_used, 0, sizeof(page_used));
    /* Greedy from the top order down takes every free block as it is. */
    for (int k = PAGE_MAX_ORDER; k >= 0 && n < ARRAY_SIZE(got); k--) {
        paddr_t pa;
        while (n < ARRAY_SIZE(got) && (pa = page_alloc((unsigned int)k)) != PADDR_INVALID) {
            CHECK(block_ok(pa, (unsigned int)k, start, end) && mark_block(pa, (unsigned int)k));
            got[n].pa = pa;
            got[n++].order = (unsigned int)k;
        }
    }
    CHECK(stats().free_pages == 0);
    /* A block that would run past the trimmed end is not ours. */
    CHECK(page_free(ALIGN_DOWN(end, KiB(64)), 4) == -EINVAL);
    for (size_t i = 0; i < n; i++)
        CHECK(page_free(got[i].pa, got[i].order) == 0);
    struct page_alloc_stats st1 = stats();
    CHECK(stats_equal(&st0, &st1));
}

/* Two regions (apart and adjacent) are both used, never the gap between. */
TEST(pa_two_regions)
{
    static const struct {
        paddr_t a_start, a_end, b_start, b_end;
    } cases[] = {
        {B(0), B(MiB(8)), B(MiB(16)) + 0x5000, B(MiB(40))}, /* with a gap */
        {B(MiB(4)), B(MiB(8)), B(0), B(MiB(4))},            /* adjacent */
    };

    for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
        fresh();
        REQUIRE(page_alloc_add_region(cases[c].a_start, cases[c].a_end) == 0);
        REQUIRE(page_alloc_add_region(cases[c].b_start, cases[c].b_end) == 0);
        struct page_alloc_stats st0 = stats();
        CHECK(st0.regions == 2);
        CHECK(st0.total_pages + st0.meta_pages ==
              ((cases[c].a_end - cases[c].a_start) + (cases[c].b_end - cases[c].b_start)) /
                  PAGE_SIZE);
        size_t n = alloc_all_pages();
        CHECK(n == st0.total_pages);
        for (size_t i = 0; i < n; i++) {
            bool in_a = pages[i] >= cases[c].a_start && pages[i] < cases[c].a_end;
            bool in_b = pages[i] >= cases[c].b_start && pages[i] < cases[c].b_end;
            CHECK(in_a != in_b);
        }
        shuffle(pages, n, (uint32_t)c + 1);
        for (size_t i = 0; i < n; i++)
            CHECK(page_free(pages[i], 0) == 0);
        struct page_alloc_stats st1 = stats();
        CHECK(stats_equal(&st0, &st1));
    }
    /* The last case is still loaded: a 2 MiB block from region B only. */
    paddr_t pa = page_alloc_range(9, B(0), B(MiB(4)));
    CHECK(block_ok(pa, 9, B(0), B(MiB(4))));
    CHECK(page_alloc_range(0, B(MiB(8)), B(MiB(16))) == PADDR_INVALID);
}

/* page_alloc_zeroed_va hands out a zeroed direct-mapped page. */
TEST(pa_zeroed_va)
{
    fresh();
    REQUIRE(page_alloc_add_region(B(0), B(3 * PAGE_SIZE)) == 0); /* 2 usable pages */
    unsigned char *a = page_alloc_zeroed_va();
    unsigned char *b = page_alloc_zeroed_va();
    REQUIRE(a && b && a != b);
    CHECK(page_alloc_zeroed_va() == NULL);
    CHECK(IS_ALIGNED(arch_virt_to_phys(a), PAGE_SIZE));
    size_t nonzero = 0;
    for (size_t i = 0; i < PAGE_SIZE; i++)
        nonzero += (a[i] != 0) + (b[i] != 0);
    CHECK(nonzero == 0);
    CHECK(stats().free_pages == 0);
    page_free_va(a);
    page_free_va(NULL);
    CHECK(stats().free_pages == 1);
    page_free_va(b);
    CHECK(stats().free_pages == 2);
}

/* page_alloc_reset forgets regions, blocks and counters. */
TEST(pa_reset_forgets_everything)
{
    fresh_full();
    paddr_t pa = page_alloc(0);
    REQUIRE(pa != PADDR_INVALID);
    page_alloc_reset();
    struct page_alloc_stats st = stats();
    CHECK(st.regions == 0 && st.total_pages == 0 && st.free_pages == 0 && st.meta_pages == 0);
    CHECK(free_from_blocks(&st) == 0);
    CHECK(page_alloc(0) == PADDR_INVALID);
    CHECK(page_free(pa, 0) == -EINVAL);
    CHECK(page_alloc_add_region(B(0), B(RAM_SIZE)) == 0);
}

/* Owned pages: separate pages after allocation, freed with their last
 * reference, in any order; all memory comes back merged. */
TEST(pa_owned_refs)
{
    fresh_full();
    struct page_alloc_stats before = stats();
    paddr_t pa = page_alloc_owned(9);
    CHECK(pa != PADDR_INVALID && IS_ALIGNED(pa, MiB(2)));
    CHECK(stats().free_pages == before.free_pages - 512);
    for (unsigned int i = 0; i < 512; i++)
        CHECK(page_refs(pa + ((paddr_t)i << PAGE_SHIFT)) == 1);
    /* A block free of the whole is refused: the pages are separate now. */
    CHECK(page_free(pa, 9) == -EINVAL);

    /* Page 3 is mapped by someone else: its owner's put leaves it. */
    paddr_t p3 = pa + 3 * PAGE_SIZE;
    CHECK(page_ref_get(p3 + 0x123) == 0); /* any address inside the page */
    CHECK(page_refs(p3) == 2);
    for (unsigned int i = 0; i < 512; i++)
        page_ref_put(pa + ((paddr_t)i << PAGE_SHIFT));
    CHECK(page_refs(p3) == 1);
    CHECK(stats().free_pages == before.free_pages - 1);
    page_ref_put(p3);
    struct page_alloc_stats after = stats();
    CHECK(stats_equal(&before, &after)); /* merged back into the same blocks */

    /* A free page cannot be taken, and a put on it changes nothing. */
    CHECK(page_ref_get(p3) == -EINVAL);
    page_ref_put(p3);
    after = stats();
    CHECK(stats_equal(&before, &after));
}

/* Pages that are not owned (ordinary allocations, addresses outside the
 * allocator) are not counted: get succeeds, put is a no-op. */
TEST(pa_refs_ignore_other_pages)
{
    fresh_full();
    paddr_t pa = page_alloc(4);
    struct page_alloc_stats before = stats();
    CHECK(page_ref_get(pa) == 0 && page_ref_get(pa + PAGE_SIZE) == 0);
    page_ref_put(pa);
    page_ref_put(pa + PAGE_SIZE);
    CHECK(page_refs(pa) == 0);
    CHECK(page_ref_get(0x1000) == 0);
    page_ref_put(0x1000);
    struct page_alloc_stats after = stats();
    CHECK(stats_equal(&before, &after));
    CHECK(page_free(pa, 4) == 0);
    CHECK(page_alloc_owned(PAGE_MAX_ORDER + 1) == PADDR_INVALID);
}
