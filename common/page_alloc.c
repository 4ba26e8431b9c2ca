/*
 * Binary buddy allocator over physical RAM regions.
 *
 * Each region keeps an array of struct page_meta (one per page of the
 * region, metadata pages included) at its own start; the array is reached
 * through the direct map. Only the head page of a block carries a
 * FREE/ALLOC state and an order; every other page reads PG_TAIL, which is
 * what lets page_free() spot double frees and frees of interior pages.
 *
 * Domain RAM (page_alloc_owned) is handed out as independent pages in
 * state PG_OWNED, each with a reference count: one for the owner's
 * mapping, one per foreign or grant mapping and per grant pin. A page
 * goes back to the free lists with its last reference, whoever drops it,
 * so a domain can give a page back (or die) while another still maps it.
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/list.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "common/spinlock.h"

enum page_state {
    PG_TAIL = 0,     /* inside a block, or not a block head */
    PG_RESERVED = 1, /* holds the region's own metadata */
    PG_FREE = 2,     /* head of a free block */
    PG_ALLOC = 3,    /* head of an allocated block */
    PG_OWNED = 4,    /* a domain's page (order 0), counted in refs */
};

struct page_meta {
    struct list_head link; /* free-list links while PG_FREE */
    uint8_t state;
    uint8_t order;
    uint8_t region; /* index into regions[] */
    uint8_t pad;
    uint32_t refs; /* PG_OWNED: references held */
};

struct region {
    paddr_t start;          /* first page of the region (metadata lives here) */
    paddr_t first;          /* first page handed out (after the metadata) */
    paddr_t end;            /* exclusive */
    struct page_meta *meta; /* direct-map view of the metadata array */
};

_Static_assert(PAGE_MAX_REGIONS <= 256, "page_meta.region is 8 bits");
_Static_assert(PAGE_MAX_ORDER < 256, "page_meta.order is 8 bits");

static spinlock_t pa_lock = SPINLOCK_INIT;
static struct region regions[PAGE_MAX_REGIONS];
static unsigned int nr_regions;
static struct list_head free_lists[PAGE_MAX_ORDER + 1];
static uint64_t nr_free[PAGE_MAX_ORDER + 1];
static uint64_t total_pages;
static uint64_t meta_pages;
static bool lists_ready;

static uint64_t order_bytes(unsigned int order)
{
    return (uint64_t)PAGE_SIZE << order;
}

/* The free lists are set up lazily so that zero-initialised state is valid. */
static void lists_init_once(void)
{
    if (lists_ready)
        return;
    for (unsigned int k = 0; k <= PAGE_MAX_ORDER; k++)
        list_init(&free_lists[k]);
    lists_ready = true;
}

static struct page_meta *meta_of(const struct region *r, paddr_t pa)
{
    return &r->meta[(pa - r->start) >> PAGE_SHIFT];
}

static paddr_t pa_of(const struct page_meta *m)
{
    const struct region *r = &regions[m->region];
    return r->start + ((paddr_t)(m - r->meta) << PAGE_SHIFT);
}

/* The region whose allocatable part holds [pa, pa + len); NULL if none. */
static struct region *region_of(paddr_t pa, uint64_t len)
{
    for (unsigned int i = 0; i < nr_regions; i++) {
        struct region *r = &regions[i];
        if (pa >= r->first && pa < r->end && r->end - pa >= len)
            return r;
    }
    return NULL;
}

static void free_push(struct page_meta *m, unsigned int order)
{
    m->state = PG_FREE;
    m->order = (uint8_t)order;
    list_add(&m->link, &free_lists[order]);
    nr_free[order]++;
}

static void free_pop(struct page_meta *m)
{
    list_del(&m->link);
    nr_free[m->order]--;
    m->state = PG_TAIL;
}

/*
 * Splits the free block headed by m (already off its list) down to
 * 'order', keeping the piece that contains 'target' and returning the
 * other halves to the free lists. Returns the meta of the kept piece.
 */
static struct page_meta *split_to(const struct region *r, struct page_meta *m, unsigned int order,
                                  paddr_t target)
{
    paddr_t pa = pa_of(m);
    unsigned int k = m->order;

    while (k > order) {
        k--;
        paddr_t upper = pa + order_bytes(k);
        if (target >= upper) {
            free_push(meta_of(r, pa), k);
            pa = upper;
        } else {
            free_push(meta_of(r, upper), k);
        }
    }
    return meta_of(r, pa);
}

/* Takes the free block m, splits it around target and marks it allocated. */
static paddr_t take_block(struct page_meta *m, unsigned int order, paddr_t target)
{
    const struct region *r = &regions[m->region];

    free_pop(m); /* keeps m->order, which split_to() starts from */
    m = split_to(r, m, order, target);
    m->state = PG_ALLOC;
    m->order = (uint8_t)order;
    return pa_of(m);
}

paddr_t page_alloc(unsigned int order)
{
    paddr_t pa = PADDR_INVALID;

    if (order > PAGE_MAX_ORDER)
        return PADDR_INVALID;
    unsigned long flags = spin_lock_irqsave(&pa_lock);
    for (unsigned int k = order; k <= PAGE_MAX_ORDER; k++) {
        if (nr_free[k] == 0)
            continue;
        struct page_meta *m = list_entry(free_lists[k].next, struct page_meta, link);
        pa = take_block(m, order, pa_of(m));
        break;
    }
    spin_unlock_irqrestore(&pa_lock, flags);
    return pa;
}

/*
 * The lowest naturally aligned address inside the free block [b, b + bsize)
 * where 'size' bytes fit wholly inside [lo, hi); PADDR_INVALID if none.
 */
static paddr_t fit_in_block(paddr_t b, uint64_t bsize, uint64_t size, paddr_t lo, paddr_t hi)
{
    paddr_t from = MAX(b, lo);
    paddr_t to = MIN(b + bsize, hi);

    if (from >= to || from > PADDR_INVALID - (size - 1))
        return PADDR_INVALID;
    paddr_t pa = ALIGN_UP(from, size);
    if (pa < from || pa >= to || to - pa < size)
        return PADDR_INVALID;
    return pa;
}

/* Searches free blocks of order k for one that covers a fitting piece. */
static paddr_t range_scan_order(unsigned int k, unsigned int order, paddr_t lo, paddr_t hi)
{
    struct list_head *pos;

    if (nr_free[k] == 0)
        return PADDR_INVALID;
    list_for_each(pos, &free_lists[k])
    {
        struct page_meta *m = list_entry(pos, struct page_meta, link);
        paddr_t b = pa_of(m);
        paddr_t pa = fit_in_block(b, order_bytes(k), order_bytes(order), lo, hi);
        if (pa != PADDR_INVALID)
            return take_block(m, order, pa);
    }
    return PADDR_INVALID;
}

paddr_t page_alloc_range(unsigned int order, paddr_t lo, paddr_t hi)
{
    paddr_t pa = PADDR_INVALID;

    if (order > PAGE_MAX_ORDER || lo >= hi)
        return PADDR_INVALID;
    unsigned long flags = spin_lock_irqsave(&pa_lock);
    /* Smallest blocks first, so large blocks stay whole when possible. */
    for (unsigned int k = order; k <= PAGE_MAX_ORDER && pa == PADDR_INVALID; k++)
        pa = range_scan_order(k, order, lo, hi);
    spin_unlock_irqrestore(&pa_lock, flags);
    return pa;
}

/* Checks a free request without touching anything; the block's region or NULL. */
static struct region *free_check(paddr_t pa, unsigned int order)
{
    if (order > PAGE_MAX_ORDER || !IS_ALIGNED(pa, order_bytes(order)))
        return NULL;
    struct region *r = region_of(pa, order_bytes(order));
    if (!r)
        return NULL;
    const struct page_meta *m = meta_of(r, pa);
    if (m->state != PG_ALLOC || m->order != order)
        return NULL;
    return r;
}

/* Returns the allocated block at pa to the free lists, merging buddies. */
static void free_merge(const struct region *r, paddr_t pa, unsigned int order)
{
    unsigned int k = order;

    meta_of(r, pa)->state = PG_TAIL;
    while (k < PAGE_MAX_ORDER) {
        paddr_t buddy = pa ^ order_bytes(k);
        if (buddy < r->first || buddy >= r->end || r->end - buddy < order_bytes(k))
            break;
        struct page_meta *bm = meta_of(r, buddy);
        if (bm->state != PG_FREE || bm->order != k)
            break;
        free_pop(bm);
        pa = MIN(pa, buddy);
        k++;
    }
    free_push(meta_of(r, pa), k);
}

int page_free(paddr_t pa, unsigned int order)
{
    unsigned long flags = spin_lock_irqsave(&pa_lock);
    struct region *r = free_check(pa, order);
    if (r)
        free_merge(r, pa, order);
    spin_unlock_irqrestore(&pa_lock, flags);
    if (!r) {
        pr_warn("page_free: bad free %#llx order %u\n", (unsigned long long)pa, order);
        return -EINVAL;
    }
    return 0;
}

paddr_t page_alloc_owned(unsigned int order)
{
    if (order > PAGE_MAX_ORDER)
        return PADDR_INVALID;
    paddr_t pa = page_alloc(order);
    if (pa == PADDR_INVALID)
        return pa;
    unsigned long flags = spin_lock_irqsave(&pa_lock);
    const struct region *r = region_of(pa, order_bytes(order));
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        struct page_meta *m = meta_of(r, pa + (i << PAGE_SHIFT));
        m->state = PG_OWNED;
        m->order = 0;
        m->refs = 1;
    }
    spin_unlock_irqrestore(&pa_lock, flags);
    return pa;
}

/* Is the page at base (in r) inside a free block? Walks up the buddy
 * heads that could contain it. */
static bool in_free_block(const struct region *r, paddr_t base)
{
    for (unsigned int k = 0; k <= PAGE_MAX_ORDER; k++) {
        paddr_t head = ALIGN_DOWN(base, order_bytes(k));
        if (head < r->first)
            break;
        const struct page_meta *m = meta_of(r, head);
        if (m->state == PG_FREE && m->order >= k)
            return true;
    }
    return false;
}

int page_ref_get(paddr_t pa)
{
    int rc = 0;
    unsigned long flags = spin_lock_irqsave(&pa_lock);
    paddr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
    const struct region *r = region_of(base, PAGE_SIZE);
    struct page_meta *m = r ? meta_of(r, base) : NULL;
    if (m && m->state == PG_OWNED) {
        if (m->refs == UINT32_MAX)
            rc = -EOVERFLOW;
        else
            m->refs++;
    } else if (m && in_free_block(r, base)) {
        rc = -EINVAL;
    }
    spin_unlock_irqrestore(&pa_lock, flags);
    return rc;
}

void page_ref_put(paddr_t pa)
{
    bool bad = false;
    unsigned long flags = spin_lock_irqsave(&pa_lock);
    paddr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
    const struct region *r = region_of(base, PAGE_SIZE);
    struct page_meta *m = r ? meta_of(r, base) : NULL;
    if (m && m->state == PG_OWNED) {
        if (--m->refs == 0) {
            m->state = PG_ALLOC;
            free_merge(r, base, 0);
        }
    } else if (m && in_free_block(r, base)) {
        bad = true;
    }
    spin_unlock_irqrestore(&pa_lock, flags);
    if (bad)
        pr_warn("page_ref_put: %#llx is free\n", (unsigned long long)pa);
}

uint32_t page_refs(paddr_t pa)
{
    unsigned long flags = spin_lock_irqsave(&pa_lock);
    paddr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
    const struct region *r = region_of(base, PAGE_SIZE);
    const struct page_meta *m = r ? meta_of(r, base) : NULL;
    uint32_t n = m && m->state == PG_OWNED ? m->refs : 0;
    spin_unlock_irqrestore(&pa_lock, flags);
    return n;
}

static bool overlaps_existing(paddr_t start, paddr_t end)
{
    for (unsigned int i = 0; i < nr_regions; i++) {
        if (start < regions[i].end && regions[i].start < end)
            return true;
    }
    return false;
}

/* Cuts [r->first, r->end) into the largest naturally aligned free blocks. */
static void seed_free_blocks(const struct region *r)
{
    paddr_t pa = r->first;

    while (pa < r->end) {
        unsigned int k = 0;
        while (k < PAGE_MAX_ORDER && IS_ALIGNED(pa, order_bytes(k + 1)) &&
               r->end - pa >= order_bytes(k + 1))
            k++;
        free_push(meta_of(r, pa), k);
        pa += order_bytes(k);
    }
}

/* Builds region slot 'idx' over [start, end); meta_n pages hold the metadata. */
static void region_init(unsigned int idx, paddr_t start, paddr_t end, uint64_t meta_n)
{
    struct region *r = &regions[idx];
    uint64_t n = (end - start) >> PAGE_SHIFT;

    r->start = start;
    r->first = start + (meta_n << PAGE_SHIFT);
    r->end = end;
    r->meta = arch_phys_to_virt(start);
    for (uint64_t i = 0; i < n; i++) {
        struct page_meta *m = &r->meta[i];
        memset(m, 0, sizeof(*m));
        list_init(&m->link);
        m->state = i < meta_n ? PG_RESERVED : PG_TAIL;
        m->region = (uint8_t)idx;
    }
    seed_free_blocks(r);
    total_pages += n - meta_n;
    meta_pages += meta_n;
}

/* Validates under the lock and adds; returns 0 or a negative errno. */
static int add_region_locked(paddr_t start, paddr_t end)
{
    if (overlaps_existing(start, end))
        return -EINVAL;
    if (nr_regions >= PAGE_MAX_REGIONS)
        return -ENOSPC;
    uint64_t n = (end - start) >> PAGE_SHIFT;
    uint64_t meta_n = (n * sizeof(struct page_meta) + PAGE_SIZE - 1) >> PAGE_SHIFT;
    if (meta_n >= n)
        return -ENOSPC;
    lists_init_once();
    region_init(nr_regions, start, end, meta_n);
    nr_regions++;
    return 0;
}

int page_alloc_add_region(paddr_t start, paddr_t end)
{
    if (start >= end || start > PADDR_INVALID - (PAGE_SIZE - 1))
        return -EINVAL;
    paddr_t s = ALIGN_UP(start, PAGE_SIZE);
    paddr_t e = ALIGN_DOWN(end, PAGE_SIZE);
    if (s >= e)
        return -EINVAL;

    unsigned long flags = spin_lock_irqsave(&pa_lock);
    int ret = add_region_locked(s, e);
    spin_unlock_irqrestore(&pa_lock, flags);
    if (ret)
        pr_warn("page_alloc: region %#llx-%#llx rejected (%d)\n", (unsigned long long)start,
                (unsigned long long)end, ret);
    return ret;
}

void page_alloc_get_stats(struct page_alloc_stats *st)
{
    unsigned long flags = spin_lock_irqsave(&pa_lock);
    st->total_pages = total_pages;
    st->meta_pages = meta_pages;
    st->regions = nr_regions;
    st->free_pages = 0;
    for (unsigned int k = 0; k <= PAGE_MAX_ORDER; k++) {
        st->free_blocks[k] = nr_free[k];
        st->free_pages += nr_free[k] << k;
    }
    spin_unlock_irqrestore(&pa_lock, flags);
}

void *page_alloc_zeroed_va(void)
{
    paddr_t pa = page_alloc(0);

    if (pa == PADDR_INVALID)
        return NULL;
    void *va = arch_phys_to_virt(pa);
    memset(va, 0, PAGE_SIZE);
    return va;
}

void page_free_va(void *va)
{
    if (va)
        (void)page_free(arch_virt_to_phys(va), 0);
}

void page_alloc_reset(void)
{
    spin_lock_init(&pa_lock);
    memset(regions, 0, sizeof(regions));
    memset(nr_free, 0, sizeof(nr_free));
    nr_regions = 0;
    total_pages = 0;
    meta_pages = 0;
    lists_ready = false;
    lists_init_once();
}
