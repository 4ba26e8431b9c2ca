/* Unit tests for the small-object allocator (common/xmalloc.c). */
#include <stdint.h>
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/page_alloc.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "unit.h"

#define XM_BASE 0x40000000ULL
#define XM_SIZE MiB(32)

/* Fresh fake RAM, both allocators reset, and 'size' bytes of RAM managed. */
static void fresh_with(uint64_t size)
{
    fake_ram_setup(XM_BASE, XM_SIZE);
    page_alloc_reset();
    xmalloc_reset();
    CHECK(page_alloc_add_region(XM_BASE, XM_BASE + size) == 0);
}

static struct xmalloc_stats xstats(void)
{
    struct xmalloc_stats st;
    memset(&st, 0xee, sizeof(st));
    xmalloc_get_stats(&st);
    return st;
}

static bool xstats_zero(void)
{
    struct xmalloc_stats st = xstats();
    return st.bytes_in_use == 0 && st.slab_pages == 0 && st.large_pages == 0;
}

static bool xstats_equal(const struct xmalloc_stats *a, const struct xmalloc_stats *b)
{
    return a->bytes_in_use == b->bytes_in_use && a->slab_pages == b->slab_pages &&
           a->large_pages == b->large_pages;
}

static uint64_t free_pages(void)
{
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    return st.free_pages;
}

static uint32_t rng_next(uint32_t *s)
{
    *s = *s * 1664525U + 1013904223U;
    return *s >> 8;
}

static void fill(void *p, size_t n, unsigned char v)
{
    memset(p, v, n);
}

static bool holds(const void *p, size_t n, unsigned char v)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        if (c[i] != v)
            return false;
    }
    return true;
}

/* Each request size lands in the expected class, aligned to the class size. */
TEST(xm_size_classes)
{
    static const struct {
        size_t size, rounded;
    } cases[] = {
        {1, 16},    {15, 16},     {16, 16},     {17, 32},     {32, 32},     {33, 64},
        {64, 64},   {100, 128},   {128, 128},   {200, 256},   {256, 256},   {300, 512},
        {512, 512}, {1000, 1024}, {1024, 1024}, {1500, 2048}, {2048, 2048},
    };

    fresh_with(MiB(4));
    uint64_t pages0 = free_pages();
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        unsigned char *p = xmalloc(cases[i].size);
        REQUIRE(p);
        CHECK(IS_ALIGNED(arch_virt_to_phys(p), cases[i].rounded));
        CHECK(IS_ALIGNED((uintptr_t)p, 16));
        struct xmalloc_stats st = xstats();
        CHECK(st.bytes_in_use == cases[i].rounded);
        CHECK(st.slab_pages == 1 && st.large_pages == 0);
        fill(p, cases[i].rounded, 0x5a); /* the whole class size is usable */
        CHECK(xfree(p) == 0);
        CHECK(xstats_zero());
    }
    CHECK(free_pages() == pages0);
}

/* Sizes beyond 2 KiB take page blocks of the smallest fitting order. */
TEST(xm_large_sizes)
{
    static const struct {
        size_t size;
        unsigned int order;
    } cases[] = {
        {2049, 0}, {4080, 0}, {4081, 1}, {4096, 1}, {8176, 1}, {8177, 2}, {65536, 5}, {MiB(1), 9},
    };

    fresh_with(MiB(16));
    uint64_t pages0 = free_pages();
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        unsigned char *p = xmalloc(cases[i].size);
        REQUIRE(p);
        CHECK(IS_ALIGNED((uintptr_t)p, 16));
        struct xmalloc_stats st = xstats();
        CHECK(st.large_pages == 1ULL << cases[i].order && st.slab_pages == 0);
        CHECK(st.bytes_in_use == (uint64_t)PAGE_SIZE << cases[i].order);
        CHECK(free_pages() == pages0 - (1ULL << cases[i].order));
        fill(p, cases[i].size, 0xc3);
        CHECK(xfree(p) == 0);
        CHECK(xstats_zero());
        CHECK(free_pages() == pages0);
    }
}

/* Live objects never overlap: each keeps its own pattern through churn. */
TEST(xm_no_overlap_between_live_objects)
{
    static unsigned char *obj[1500];
    static size_t len[1500];
    static unsigned char pat[1500];
    uint32_t seed = 2024;

    fresh_with(MiB(32));
    memset(obj, 0, sizeof(obj));
    uint64_t pages0 = free_pages();
    for (unsigned int round = 0; round < 3; round++) {
        for (size_t i = 0; i < ARRAY_SIZE(obj); i++) {
            if (obj[i])
                continue;
            uint32_t r = rng_next(&seed);
            len[i] = r % 8 == 0 ? 2049 + r % 9000 : 1 + r % 2048;
            pat[i] = (unsigned char)(i * 7 + round * 13 + 1);
            obj[i] = xmalloc(len[i]);
            REQUIRE(obj[i]);
            CHECK(IS_ALIGNED((uintptr_t)obj[i], 16));
            fill(obj[i], len[i], pat[i]);
        }
        size_t bad = 0;
        for (size_t i = 0; i < ARRAY_SIZE(obj); i++)
            bad += !holds(obj[i], len[i], pat[i]);
        CHECK(bad == 0);
        /* Free a pseudo-random half so the next round refills the holes. */
        for (size_t i = 0; i < ARRAY_SIZE(obj); i++) {
            if (rng_next(&seed) % 2 == 0) {
                CHECK(xfree(obj[i]) == 0);
                obj[i] = NULL;
            }
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(obj); i++) {
        CHECK(xfree(obj[i]) == 0); /* NULL entries are a no-op */
        obj[i] = NULL;
    }
    CHECK(xstats_zero());
    CHECK(free_pages() == pages0);
}

/* A second free is rejected with nothing changed, for slabs and large blocks. */
TEST(xm_double_free_detected)
{
    static const size_t sizes[] = {16, 100, 2048, 3000, 100000};

    fresh_with(MiB(4));
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        /* With a sibling the slab stays alive (bitmap check); alone it is
         * released and its magic wiped. */
        for (int with_sibling = 0; with_sibling < 2; with_sibling++) {
            void *sib = with_sibling ? xmalloc(sizes[i]) : NULL;
            void *p = xmalloc(sizes[i]);
            REQUIRE(p);
            CHECK(xfree(p) == 0);
            struct xmalloc_stats st0 = xstats();
            uint64_t pages0 = free_pages();
            CHECK(xfree(p) == -EINVAL);
            struct xmalloc_stats st1 = xstats();
            CHECK(xstats_equal(&st0, &st1));
            CHECK(free_pages() == pages0);
            CHECK(xfree(sib) == 0);
        }
    }
    CHECK(xstats_zero());
}

/* Pointers xmalloc never returned are rejected with nothing changed. */
TEST(xm_bad_pointer_detected)
{
    fresh_with(MiB(4));
    unsigned char *s32 = xmalloc(32);
    unsigned char *s16 = xmalloc(16);
    unsigned char *big = xmalloc(3 * PAGE_SIZE);
    unsigned char *raw = arch_phys_to_virt(page_alloc(0)); /* garbage-filled */
    unsigned char *zero = page_alloc_zeroed_va();
    REQUIRE(s32 && s16 && big && raw && zero);
    unsigned char *s16_page = arch_phys_to_virt(arch_virt_to_phys(s16) & PAGE_MASK);
    const struct {
        const char *what;
        void *p;
    } bad[] = {
        {"one byte in", s32 + 1},
        {"eight bytes in", s32 + 8},
        {"half an object in", s32 + 16},
        {"free slot of a live slab", s32 + 32},
        {"slab header start", s16_page},
        {"inside the slab header", s16_page + 16},
        {"large plus one", big + 1},
        {"large header", big - 16},
        {"large, second page", big + PAGE_SIZE},
        {"large, second page start", big + PAGE_SIZE - 16},
        {"raw page", raw},
        {"raw page at payload offset", raw + 16},
        {"zeroed page", zero},
        {"zeroed page at slab offset", zero + 64},
    };

    struct xmalloc_stats st0 = xstats();
    uint64_t pages0 = free_pages();
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        int ret = xfree(bad[i].p);
        CHECK(ret == -EINVAL);
        if (ret != -EINVAL)
            printf("    (case: %s)\n", bad[i].what);
    }
    struct xmalloc_stats st1 = xstats();
    CHECK(xstats_equal(&st0, &st1));
    CHECK(free_pages() == pages0);
    CHECK(xfree(s32) == 0 && xfree(s16) == 0 && xfree(big) == 0);
    CHECK(xstats_zero());
}

/* NULL frees are no-ops; zero and impossible sizes fail cleanly. */
TEST(xm_null_zero_and_huge)
{
    fresh_with(MiB(4));
    uint64_t pages0 = free_pages();
    CHECK(xfree(NULL) == 0);
    CHECK(xmalloc(0) == NULL);
    CHECK(xzalloc(0) == NULL);
    CHECK(xmalloc(SIZE_MAX) == NULL);
    CHECK(xmalloc((size_t)PAGE_SIZE << PAGE_MAX_ORDER) == NULL);
    CHECK(xmalloc(MiB(8)) == NULL); /* valid size, but more than the RAM */
    CHECK(xstats_zero());
    CHECK(free_pages() == pages0);
}

/* xzalloc returns zeroed memory even where old data was left behind. */
TEST(xm_xzalloc_zeroes)
{
    static const size_t sizes[] = {24, 200, 2048, 5000, 70000};

    fresh_with(MiB(4));
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        unsigned char *p = xmalloc(sizes[i]);
        REQUIRE(p);
        fill(p, sizes[i], 0xff);
        CHECK(xfree(p) == 0);
        unsigned char *q = xzalloc(sizes[i]);
        REQUIRE(q);
        CHECK(holds(q, sizes[i], 0));
        CHECK(xfree(q) == 0);
    }
    CHECK(xstats_zero());
}

/* Slabs are created as needed and go back to the page allocator when empty. */
TEST(xm_slab_pages_returned)
{
    static void *obj[200];
    const size_t per_slab = (PAGE_SIZE - 64) / 64; /* 64-byte class */

    fresh_with(MiB(4));
    struct page_alloc_stats ps0;
    page_alloc_get_stats(&ps0);
    for (size_t i = 0; i < ARRAY_SIZE(obj); i++) {
        obj[i] = xmalloc(64);
        REQUIRE(obj[i]);
    }
    uint64_t slabs = (ARRAY_SIZE(obj) + per_slab - 1) / per_slab;
    CHECK(xstats().slab_pages == slabs);
    CHECK(xstats().bytes_in_use == ARRAY_SIZE(obj) * 64);
    CHECK(free_pages() == ps0.free_pages - slabs);

    /* Emptying the first slab returns exactly one page. */
    for (size_t i = 0; i < per_slab; i++)
        CHECK(xfree(obj[i]) == 0);
    CHECK(xstats().slab_pages == slabs - 1);
    CHECK(free_pages() == ps0.free_pages - (slabs - 1));

    for (size_t i = ARRAY_SIZE(obj); i-- > per_slab;)
        CHECK(xfree(obj[i]) == 0);
    CHECK(xstats_zero());
    struct page_alloc_stats ps1;
    page_alloc_get_stats(&ps1);
    CHECK(ps1.free_pages == ps0.free_pages);
    CHECK(memcmp(ps0.free_blocks, ps1.free_blocks, sizeof(ps0.free_blocks)) == 0);
}

/* When pages run out xmalloc returns NULL; frees make it work again. */
TEST(xm_exhaustion_and_recovery)
{
    void *obj[16];
    size_t n = 0;

    fresh_with(8 * PAGE_SIZE); /* one metadata page, seven usable */
    while (n < ARRAY_SIZE(obj) && (obj[n] = xmalloc(2048)) != NULL)
        n++;
    CHECK(n == 7); /* one 2 KiB object per slab page */
    CHECK(xstats().slab_pages == 7);
    struct xmalloc_stats st0 = xstats();
    CHECK(xmalloc(16) == NULL);
    CHECK(xmalloc(5000) == NULL);
    struct xmalloc_stats st1 = xstats();
    CHECK(xstats_equal(&st0, &st1));

    CHECK(xfree(obj[3]) == 0);
    obj[3] = xmalloc(3000); /* a large one-page block now fits */
    CHECK(obj[3] != NULL);
    for (size_t i = 0; i < n; i++)
        CHECK(xfree(obj[i]) == 0);
    CHECK(xstats_zero());
    CHECK(free_pages() == 7);
}

/* The lowest free slot of a slab is reused first after a free. */
TEST(xm_slot_reuse)
{
    fresh_with(MiB(1));
    void *a = xmalloc(100);
    void *b = xmalloc(100);
    REQUIRE(a && b && a != b);
    CHECK(xfree(a) == 0);
    void *c = xmalloc(120);
    CHECK(c == a);
    CHECK(xfree(b) == 0 && xfree(c) == 0);
    CHECK(xstats_zero());
}

/* xmalloc_reset forgets all counters and slabs. */
TEST(xm_reset_forgets_state)
{
    fresh_with(MiB(1));
    CHECK(xmalloc(40) != NULL);
    CHECK(xmalloc(9000) != NULL);
    CHECK(!xstats_zero());
    xmalloc_reset();
    CHECK(xstats_zero());
    page_alloc_reset();
    CHECK(page_alloc_add_region(XM_BASE, XM_BASE + MiB(1)) == 0);
    void *p = xmalloc(40);
    CHECK(p != NULL);
    CHECK(xfree(p) == 0);
    CHECK(xstats_zero());
}

/* A pointer into a slab page that was released and reused raw is rejected. */
TEST(xm_stale_pointer_after_slab_release)
{
    fresh_with(MiB(1));
    unsigned char *p = xmalloc(48);
    REQUIRE(p);
    paddr_t page = arch_virt_to_phys(p) & PAGE_MASK;
    CHECK(xfree(p) == 0);
    CHECK(xstats().slab_pages == 0);
    CHECK(page_alloc_range(0, page, page + PAGE_SIZE) == page); /* now a raw page */
    uint64_t pages0 = free_pages();
    CHECK(xfree(p) == -EINVAL);
    CHECK(free_pages() == pages0);
    CHECK(page_free(page, 0) == 0);
}
