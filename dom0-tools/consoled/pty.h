/* SPDX-License-Identifier: MIT */
/*
 * A domain's console as a pseudo-terminal: the daemon holds the master
 * and one descriptor of the slave (so the master never sees a hang-up when
 * no client is attached); `domus console` opens the slave by its path
 * (xenstore's console/tty). The slave is raw: bytes pass unchanged both
 * ways, and the domain's own shell does the echoing.
 *
 * Output nobody reads piles up in the slave; beyond PTY_BACKLOG_MAX bytes
 * the oldest is dropped (the log file keeps everything), so a client that
 * attaches later sees the recent output, not the whole boot.
 */
#ifndef CONSOLED_PTY_H
#define CONSOLED_PTY_H

#include <stddef.h>
#include <sys/types.h>

#define PTY_BACKLOG_MAX  3072 /* unread bytes in the slave before trimming */
#define PTY_BACKLOG_KEEP 1024 /* what trimming leaves */

struct cons_pty {
    int master, slave; /* -1 when closed */
    char path[64];     /* the slave's, e.g. /dev/pts/3 */
};

/* Opens a raw, non-blocking pair. 0, or -errno. */
int cons_pty_open(struct cons_pty *p);

/* Writes the domain's output to the client side, trimming the backlog
 * first; what does not fit now is dropped. Bytes written. */
size_t cons_pty_write(struct cons_pty *p, const char *data, size_t len);

/* What a client typed, up to len bytes: count, 0 if none, -errno. */
ssize_t cons_pty_read(struct cons_pty *p, char *buf, size_t len);

void cons_pty_close(struct cons_pty *p);

#endif
