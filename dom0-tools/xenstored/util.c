/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

static void *checked(void *p, size_t size)
{
    if (!p && size) {
        xs_log("out of memory (%zu bytes): stopping", size);
        abort();
    }
    return p;
}

void *xs_malloc(size_t size)
{
    return checked(malloc(size ? size : 1), size);
}

void *xs_calloc(size_t nmemb, size_t size)
{
    return checked(calloc(nmemb ? nmemb : 1, size ? size : 1), nmemb * size);
}

void *xs_realloc(void *ptr, size_t size)
{
    return checked(realloc(ptr, size ? size : 1), size);
}

char *xs_strdup(const char *s)
{
    return xs_memdup(s, strlen(s) + 1);
}

void *xs_memdup(const void *p, size_t size)
{
    void *copy = xs_malloc(size);
    if (size)
        memcpy(copy, p, size);
    return copy;
}

char *xs_sprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        xs_log("bad format '%s': stopping", fmt);
        abort();
    }
    char *s = xs_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

bool xs_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s || (s[0] == '0' && s[1]))
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned int digit = (unsigned int)(*s - '0');
        if (v > (max - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}

bool xs_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    uint64_t v;
    if (s[0] == '-') {
        if (!xs_parse_uint(s + 1, (uint64_t)INT64_MAX + 1, &v) || v == 0)
            return false;
        if (v - 1 > (uint64_t)(-(min + 1)))
            return false;
        *out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
        return true;
    }
    if (!xs_parse_uint(s, max < 0 ? 0 : (uint64_t)max, &v) || (int64_t)v < min)
        return false;
    *out = (int64_t)v;
    return true;
}
