/*
 * printf-style formatting for the hypervisor through picolibc's
 * integer-only formatter (__i_vfprintf): the full formatter uses FP/SIMD
 * registers, which the hypervisor must never touch.
 */
#include <stdarg.h>
#include <stdio.h>

#include "common/log.h"

int __i_vfprintf(FILE *stream, const char *fmt, va_list ap);

struct buf_stream {
    FILE file; /* first: the put callback casts back to us */
    char *buf;
    size_t size, len;
};

static int buf_put(char c, FILE *f)
{
    struct buf_stream *s = (struct buf_stream *)(void *)f;
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
    return (unsigned char)c;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_stream s = {.buf = buf, .size = size, .len = 0};
    s.file.flags = __SWR;
    s.file.put = buf_put;
    __i_vfprintf(&s.file, fmt, ap);
    if (size)
        buf[s.len < size ? s.len : size - 1] = '\0';
    return (int)s.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
