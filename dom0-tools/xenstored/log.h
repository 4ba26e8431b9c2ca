/* SPDX-License-Identifier: MIT */
/*
 * The daemon's log: one line per event, prefixed with the seconds since
 * the daemon started. Requests and replies are logged only when tracing
 * is on. The file is started afresh when it outgrows its limit, so a
 * chatty domain cannot fill dom0's memory (its root is a RAM disk).
 */
#ifndef XENSTORED_LOG_H
#define XENSTORED_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Logs to path (appending), or to stderr when path is NULL. 0 or -errno. */
int xs_log_open(const char *path, size_t max_bytes);
/* No logging at all (the unit tests and the fuzzer). */
void xs_log_silence(void);
void xs_log_set_trace(bool on);
bool xs_log_tracing(void);

void xs_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
