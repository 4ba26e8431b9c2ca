/*
 * Number formatting for the test guests (no libc): each writes into a
 * caller's buffer and returns where the text starts in it. The guests
 * print the text their own way (UART, console_io).
 */
#ifndef TESTS_GUESTS_NUMFMT_H
#define TESTS_GUESTS_NUMFMT_H

#include <stdint.h>

#define NUMFMT_DEC_LEN 21 /* "-9223372036854775808" and its NUL */
#define NUMFMT_HEX_LEN 19 /* "0x" + 16 digits + NUL */

static inline const char *numfmt_dec(char buf[NUMFMT_DEC_LEN], int64_t v)
{
    unsigned int i = NUMFMT_DEC_LEN;
    /* Negate in unsigned arithmetic: INT64_MIN has no positive int64_t. */
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    buf[--i] = '\0';
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--i] = '-';
    return &buf[i];
}

static inline const char *numfmt_hex(char buf[NUMFMT_HEX_LEN], uint64_t v)
{
    unsigned int i = NUMFMT_HEX_LEN;
    buf[--i] = '\0';
    do {
        buf[--i] = "0123456789abcdef"[v & 0xf];
        v >>= 4;
    } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    return &buf[i];
}

#endif
