/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "pty.h"

static int set_nonblock(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ? -errno : 0;
}

int cons_pty_open(struct cons_pty *p)
{
    p->master = p->slave = -1;
    p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (p->master < 0)
        return -errno;
    const char *name;
    struct termios t;
    int rc = 0;
    errno = 0;
    if (grantpt(p->master) < 0 || unlockpt(p->master) < 0 || !(name = ptsname(p->master)))
        rc = errno ? -errno : -EIO;
    else if (strlen(name) >= sizeof(p->path))
        rc = -ENAMETOOLONG;
    if (rc == 0) {
        snprintf(p->path, sizeof(p->path), "%s", name);
        p->slave = open(p->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (p->slave < 0)
            rc = -errno;
    }
    if (rc == 0 && tcgetattr(p->slave, &t) == 0) {
        cfmakeraw(&t);
        if (tcsetattr(p->slave, TCSANOW, &t) < 0)
            rc = -errno;
    }
    if (rc == 0)
        rc = set_nonblock(p->master);
    if (rc == 0)
        rc = set_nonblock(p->slave);
    if (rc < 0)
        cons_pty_close(p);
    return rc;
}

/* Drops the oldest unread output once more than PTY_BACKLOG_MAX bytes
 * wait in the slave. */
static void trim(struct cons_pty *p)
{
    int waiting = 0;
    if (ioctl(p->slave, FIONREAD, &waiting) < 0 || waiting <= PTY_BACKLOG_MAX)
        return;
    char junk[PTY_BACKLOG_MAX];
    size_t drop = (size_t)(waiting - PTY_BACKLOG_KEEP);
    while (drop) {
        ssize_t n = read(p->slave, junk, drop < sizeof(junk) ? drop : sizeof(junk));
        if (n <= 0)
            break;
        drop -= (size_t)n;
    }
}

size_t cons_pty_write(struct cons_pty *p, const char *data, size_t len)
{
    if (p->master < 0)
        return 0;
    trim(p);
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(p->master, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* full (EAGAIN): the rest is dropped */
        done += (size_t)n;
    }
    return done;
}

ssize_t cons_pty_read(struct cons_pty *p, char *buf, size_t len)
{
    if (p->master < 0)
        return 0;
    ssize_t n = read(p->master, buf, len);
    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -errno;
    return n;
}

void cons_pty_close(struct cons_pty *p)
{
    if (p->slave >= 0)
        close(p->slave);
    if (p->master >= 0)
        close(p->master);
    p->master = p->slave = -1;
    p->path[0] = '\0';
}
