/* SPDX-License-Identifier: MIT */
/*
 * Small helpers of the xenstore daemon: allocation that never returns NULL
 * and strict number parsing. Running out of memory ends the daemon with a
 * message: every request's memory is bounded by the quotas of unprivileged
 * domains, so only a dom0 gone wrong can get there, and a daemon that
 * carried on with half-applied changes would be worse.
 */
#ifndef XENSTORED_UTIL_H
#define XENSTORED_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xs_malloc(size_t size);
void *xs_calloc(size_t nmemb, size_t size);
void *xs_realloc(void *ptr, size_t size);
char *xs_strdup(const char *s);
void *xs_memdup(const void *p, size_t size);
/* A freshly allocated formatted string. */
char *xs_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parses s as a plain decimal number: digits only (no sign, no spaces, no
 * leading zero unless s is "0"), at most max. True on success.
 */
bool xs_parse_uint(const char *s, uint64_t max, uint64_t *out);

/* Like xs_parse_uint but allows a leading '-' (INTRODUCE's gfn is signed). */
bool xs_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

#endif
