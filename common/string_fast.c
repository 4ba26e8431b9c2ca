/*
 * memcpy, memmove and memset for the hypervisor. picolibc's portable versions copy
 * a byte at a time (its assembly ones use SIMD registers, which the
 * hypervisor must not touch); dom0's kernel image alone is 32 MiB, so these
 * move 8 bytes per step once both pointers are aligned. Linked before
 * picolibc, they replace its versions; everything else stays picolibc's.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LIBC_EXPORT __attribute__((visibility("default")))

LIBC_EXPORT void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        while (n && ((uintptr_t)d & 7)) {
            *d++ = *s++;
            n--;
        }
        uint64_t *dw = (uint64_t *)(void *)d;
        const uint64_t *sw = (const uint64_t *)(const void *)s;
        for (; n >= 32; n -= 32, dw += 4, sw += 4) {
            uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
            dw[0] = a;
            dw[1] = b;
            dw[2] = c;
            dw[3] = e;
        }
        for (; n >= 8; n -= 8)
            *dw++ = *sw++;
        d = (unsigned char *)dw;
        s = (const unsigned char *)sw;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

LIBC_EXPORT void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    uint64_t pattern = 0x0101010101010101ULL * (unsigned char)c;
    while (n && ((uintptr_t)d & 7)) {
        *d++ = (unsigned char)c;
        n--;
    }
    uint64_t *dw = (uint64_t *)(void *)d;
    for (; n >= 32; n -= 32, dw += 4) {
        dw[0] = pattern;
        dw[1] = pattern;
        dw[2] = pattern;
        dw[3] = pattern;
    }
    for (; n >= 8; n -= 8)
        *dw++ = pattern;
    d = (unsigned char *)dw;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

/* Overlap allowed: forward when dst is below src, else from the end; 8
 * bytes per step when both pointers share their alignment. No restrict
 * here, so the compiler keeps every load before the stores after it. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        for (; n && ((uintptr_t)d & 7); n--)
            *d++ = *s++;
        /* Each block is loaded whole before it is stored: with dst below
         * src, the stores only reach bytes already read. */
        for (; n >= 32; n -= 32, d += 32, s += 32) {
            const uint64_t *sw = (const uint64_t *)(const void *)s;
            uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
            __asm__ volatile("" ::: "memory"); /* keep the loads first */
            uint64_t *dw = (uint64_t *)(void *)d;
            dw[0] = a;
            dw[1] = b;
            dw[2] = c;
            dw[3] = e;
        }
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
    }
    while (n--)
        *d++ = *s++;
}

static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
    d += n;
    s += n;
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        for (; n && ((uintptr_t)d & 7); n--)
            *--d = *--s;
        for (; n >= 8; n -= 8) {
            d -= 8;
            s -= 8;
            *(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
        }
    }
    while (n--)
        *--d = *--s;
}

LIBC_EXPORT void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d <= s)
        copy_forward(d, s, n);
    else
        copy_backward(d, s, n);
    return dst;
}
