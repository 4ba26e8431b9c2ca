/* SPDX-License-Identifier: MIT */
/*
 * One-page grants from user space: /dev/xen/gntalloc shares a page of ours
 * with a domain (the kernel fills a grant entry), /dev/xen/gntdev maps or
 * copies a page that a domain granted us.
 */
#ifndef DOMUS_SELFTEST_GRANT_UTIL_H
#define DOMUS_SELFTEST_GRANT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "xen/xen.h"

/* A page of ours granted (writable) to another domain. */
struct gref_page {
    int fd;         /* /dev/xen/gntalloc */
    uint32_t ref;   /* the grant reference */
    uint64_t index; /* mmap offset of the page in fd */
    uint8_t *page;  /* our mapping of it */
};

/* Grants one fresh page to domain to. 0, or -errno with why filled in. */
int gref_page_alloc(struct gref_page *g, domid_t to, char *why, size_t whylen);

/* Unmaps and ungrants the page. 0 or -errno. */
int gref_page_free(struct gref_page *g);

/* A page another domain granted us, mapped through gntdev. */
struct gref_mapping {
    uint64_t index; /* mmap offset in the gntdev fd */
    uint8_t *page;
};

/* Opens /dev/xen/gntdev (loading xen-gntdev if needed): fd or -errno. */
int gntdev_open(void);

/* Maps grant ref of domain dom read-write. 0 or -errno. */
int gref_map(int gntdev, domid_t dom, uint32_t ref, struct gref_mapping *m);

/* Undoes gref_map. 0 or -errno. */
int gref_unmap(int gntdev, struct gref_mapping *m);

/*
 * Copies len bytes from the start of grant ref of domain dom into dst with
 * IOCTL_GNTDEV_GRANT_COPY. Returns the ioctl's 0 or -errno; *status gets
 * the copy's GNTST_* status.
 */
int gref_copy_from(int gntdev, domid_t dom, uint32_t ref, void *dst, uint16_t len, int16_t *status);

/* Fills a page with a pattern that depends on seed; checks one. */
void pattern_fill(uint8_t *page, unsigned int seed);
/* Index of the first byte that differs from the pattern, or -1. */
long pattern_mismatch(const uint8_t *page, unsigned int seed);

#endif
