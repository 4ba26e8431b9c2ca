/*
 * The Xen hypercall from a test guest: HVC #0xEA1 with the number in x16,
 * arguments in x0..x2, the result in x0. Both Domus and Xen may clobber
 * x0-x17 (Xen's debug builds poison them), so all are declared clobbered.
 */
#ifndef TESTS_GUESTS_HYPERCALL_H
#define TESTS_GUESTS_HYPERCALL_H

#include <stdint.h>

__attribute__((always_inline)) static inline int64_t hypercall(uint64_t nr, uint64_t a0,
                                                               uint64_t a1, uint64_t a2)
{
    register uint64_t x0 __asm__("x0") = a0;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x16 __asm__("x16") = nr;
    __asm__ volatile("hvc #0xea1"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x16)
                     :
                     : "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
                       "x15", "x17", "memory");
    return (int64_t)x0;
}

#endif
