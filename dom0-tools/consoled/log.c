/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

static FILE *log_file;
static struct timespec log_start;

int cd_log_open(const char *path)
{
    clock_gettime(CLOCK_MONOTONIC, &log_start);
    log_file = stderr;
    if (!path)
        return 0;
    FILE *f = fopen(path, "a");
    if (!f)
        return -errno;
    setvbuf(f, NULL, _IOLBF, 0);
    log_file = f;
    return 0;
}

void cd_log(const char *fmt, ...)
{
    FILE *f = log_file ? log_file : stderr;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double t =
        (double)(now.tv_sec - log_start.tv_sec) + (double)(now.tv_nsec - log_start.tv_nsec) / 1e9;
    fprintf(f, "[%10.3f] ", t);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
}
