/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <time.h>

#include "log.h"

static FILE *log_file;
static const char *log_path;
static size_t log_max, log_written;
static bool log_silent, log_trace;
static struct timespec log_start;

int xs_log_open(const char *path, size_t max_bytes)
{
    clock_gettime(CLOCK_MONOTONIC, &log_start);
    log_silent = false;
    log_path = path;
    log_max = max_bytes;
    log_written = 0;
    if (!path) {
        log_file = stderr;
        return 0;
    }
    FILE *f = fopen(path, "a");
    if (!f)
        return -errno;
    setvbuf(f, NULL, _IOLBF, 0);
    log_file = f;
    return 0;
}

void xs_log_silence(void)
{
    log_silent = true;
}

void xs_log_set_trace(bool on)
{
    log_trace = on;
}

bool xs_log_tracing(void)
{
    return log_trace && !log_silent;
}

/* Starts the file again once it is over its limit. */
static void log_rotate(void)
{
    if (!log_path || !log_max || log_written < log_max)
        return;
    FILE *f = freopen(log_path, "w", log_file);
    if (!f) {
        log_file = stderr;
        return;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    log_file = f;
    log_written = 0;
    fprintf(f, "(log restarted: it reached %zu bytes)\n", log_max);
}

void xs_log(const char *fmt, ...)
{
    if (log_silent)
        return;
    if (!log_file)
        log_file = stderr;
    log_rotate();
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double t =
        (double)(now.tv_sec - log_start.tv_sec) + (double)(now.tv_nsec - log_start.tv_nsec) / 1e9;
    int n = fprintf(log_file, "[%10.3f] ", t);
    va_list ap;
    va_start(ap, fmt);
    int m = vfprintf(log_file, fmt, ap);
    va_end(ap);
    fputc('\n', log_file);
    if (n > 0 && m > 0)
        log_written += (size_t)n + (size_t)m + 1;
}
