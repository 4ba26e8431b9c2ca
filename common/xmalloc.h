/*
 * Small-object allocator on top of the page allocator: size classes from
 * 16 bytes to 2 KiB carved out of single pages (slabs); larger requests get
 * whole page blocks. All memory is reached through the direct map.
 */
#ifndef COMMON_XMALLOC_H
#define COMMON_XMALLOC_H

#include "common/types.h"

void *xmalloc(size_t size); /* NULL on failure or size 0 */
void *xzalloc(size_t size); /* zeroed */
/* Frees; a pointer xmalloc did not return, or a double free, is detected,
 * reported with -EINVAL and ignored. Returns 0 or -EINVAL. */
int xfree(void *p);

struct xmalloc_stats {
    uint64_t bytes_in_use; /* sum of rounded-up object sizes */
    uint64_t slab_pages;   /* pages held by slabs */
    uint64_t large_pages;  /* pages held by large allocations */
};
void xmalloc_get_stats(struct xmalloc_stats *st);

void xmalloc_reset(void); /* host unit tests only */

#endif
