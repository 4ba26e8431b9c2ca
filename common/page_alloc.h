/*
 * The physical page allocator: a binary buddy allocator over every RAM
 * region handed to it. Blocks are naturally aligned in physical address
 * (a block of order k starts at a multiple of PAGE_SIZE << k), so 2 MiB and
 * 1 GiB blocks can later back stage-2 block mappings directly.
 */
#ifndef COMMON_PAGE_ALLOC_H
#define COMMON_PAGE_ALLOC_H

#include "common/types.h"

#define PAGE_MAX_ORDER   18 /* 1 GiB with 4 KiB pages */
#define PAGE_MAX_REGIONS 64

/* Hands [start, end) to the allocator. The region's page metadata is
 * carved from the region itself. Unaligned edges are trimmed.
 * Returns 0, -EINVAL (bad/overlapping range) or -ENOSPC (too many regions
 * or too small to hold its own metadata). */
int page_alloc_add_region(paddr_t start, paddr_t end);

/* Allocates 2^order contiguous pages; PADDR_INVALID when none. */
paddr_t page_alloc(unsigned int order);

/* Allocates 2^order pages wholly inside [lo, hi); PADDR_INVALID when none. */
paddr_t page_alloc_range(unsigned int order, paddr_t lo, paddr_t hi);

/* Frees a block. Returns 0, or -EINVAL for an address the allocator does
 * not own, a misaligned address, a wrong order, or a double free; in every
 * error case nothing changes. */
int page_free(paddr_t pa, unsigned int order);

/*
 * Domain RAM. page_alloc_owned() allocates 2^order contiguous, aligned
 * pages (so they can back a stage-2 block) that are then separate pages,
 * each with one reference, its owner's. page_ref_get() adds one (a foreign
 * or grant mapping, a grant pin); page_ref_put() drops one and frees the
 * page with its last. Pages that are not domain RAM of this kind (dom0's
 * direct-mapped banks, hypervisor pages, addresses outside the allocator)
 * are not counted: get succeeds and put does nothing. page_ref_get fails
 * with -EINVAL on a free page, -EOVERFLOW when the count is full.
 */
paddr_t page_alloc_owned(unsigned int order);
int page_ref_get(paddr_t pa);
void page_ref_put(paddr_t pa);
uint32_t page_refs(paddr_t pa); /* 0 for pages not counted (tests) */

struct page_alloc_stats {
    uint64_t total_pages; /* pages under management (metadata excluded) */
    uint64_t free_pages;
    uint64_t meta_pages; /* pages used by the allocator's own metadata */
    unsigned int regions;
    uint64_t free_blocks[PAGE_MAX_ORDER + 1];
};
void page_alloc_get_stats(struct page_alloc_stats *st);

/* Convenience: one zeroed page mapped in the hypervisor; NULL when none. */
void *page_alloc_zeroed_va(void);
void page_free_va(void *va);

/* Test hook: forget every region (host unit tests only). */
void page_alloc_reset(void);

#endif
