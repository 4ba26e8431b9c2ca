/* SPDX-License-Identifier: MIT */
/*
 * A page of our own whose guest frame number we know, for hypercalls that
 * name frames (grant copy to a gmfn, a map's host_addr). Dom0 is
 * auto-translated, so its "physical" frames are gfns; /proc/self/pagemap
 * gives them to root.
 */
#ifndef DOMUS_SELFTEST_OWN_PAGE_H
#define DOMUS_SELFTEST_OWN_PAGE_H

#include <stdint.h>

struct own_page {
    uint8_t *va;
    uint64_t gfn;
};

/* Maps a locked page filled with pattern seed; 0 or -errno. */
int own_page_get(struct own_page *p, unsigned int seed);
void own_page_put(struct own_page *p);

#endif
