/* SPDX-License-Identifier: MIT */
/*
 * A domain's console log file (/var/log/domus/console-<id>.log): every
 * byte the domain printed, as it printed it, and the daemon's notes about
 * that console on lines of their own ("[domus-consoled] ..."). The file is
 * started afresh when a console is attached, and again whenever it grows
 * past its limit (dom0's root is a RAM disk: a chatty domain must not fill
 * it), with a note saying so.
 */
#ifndef CONSOLED_CONLOG_H
#define CONSOLED_CONLOG_H

#include <stdbool.h>
#include <stddef.h>

struct conlog {
    int fd; /* -1: none */
    char path[256];
    size_t limit, written;
    bool line_start; /* the last byte written ended a line (or none was) */
};

/* Creates (truncates) the file. 0 or -errno. */
int conlog_open(struct conlog *l, const char *path, size_t limit);
void conlog_write(struct conlog *l, const char *data, size_t len);
/* A note line, "[domus-consoled] TEXT", after the domain's output so far. */
void conlog_note(struct conlog *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void conlog_close(struct conlog *l);

#endif
