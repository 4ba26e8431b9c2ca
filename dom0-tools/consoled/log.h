/* SPDX-License-Identifier: MIT */
/*
 * The daemon's own log (not the domains' consoles, see conlog.h): one
 * line per event, prefixed with the seconds since the daemon started; to
 * a file, or standard error.
 */
#ifndef CONSOLED_LOG_H
#define CONSOLED_LOG_H

/* Logs to path (appending), or to stderr when path is NULL. 0 or -errno. */
int cd_log_open(const char *path);
void cd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
