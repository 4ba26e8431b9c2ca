/* SPDX-License-Identifier: MIT */
/*
 * Cleaning the data cache to the point of coherency from user space. A
 * domain builder writes a guest's kernel through cacheable mappings, but
 * the guest starts with its MMU and caches off and reads memory directly:
 * whatever is still only in a cache must reach memory first. Linux lets
 * EL0 run DC CVAC and read CTR_EL0 (SCTLR_EL1.UCI and UCT); on CPUs with
 * errata it emulates them.
 */
#include "libdomus.h"

#if defined(__aarch64__)

void domus_dcache_clean(const void *addr, size_t len)
{
    uint64_t ctr;
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    /* CTR_EL0.DminLine (bits 19:16): log2 of the smallest line, in words. */
    uintptr_t line = (uintptr_t)4 << ((ctr >> 16) & 0xf);
    uintptr_t p = (uintptr_t)addr & ~(line - 1);
    uintptr_t end = (uintptr_t)addr + len;
    for (; p < end; p += line)
        __asm__ volatile("dc cvac, %0" : : "r"(p) : "memory");
    __asm__ volatile("dsb sy" : : : "memory");
}

#else

/* Host builds (tests): nothing to do, nothing boots from this memory. */
void domus_dcache_clean(const void *addr, size_t len)
{
    (void)addr;
    (void)len;
}

#endif
