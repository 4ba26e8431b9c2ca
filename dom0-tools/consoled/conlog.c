/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conlog.h"

int conlog_open(struct conlog *l, const char *path, size_t limit)
{
    l->fd = -1;
    if (strlen(path) >= sizeof(l->path))
        return -ENAMETOOLONG;
    snprintf(l->path, sizeof(l->path), "%s", path);
    l->limit = limit;
    l->written = 0;
    l->line_start = true;
    l->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    return l->fd < 0 ? -errno : 0;
}

static void put(struct conlog *l, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(l->fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* a full disk loses log text, nothing else */
        data += n;
        len -= (size_t)n;
        l->written += (size_t)n;
    }
}

/* Starts the file again once it has reached its limit. */
static void restart_if_full(struct conlog *l)
{
    if (!l->limit || l->written < l->limit)
        return;
    if (ftruncate(l->fd, 0) < 0)
        return;
    l->written = 0;
    char note[96];
    int n = snprintf(note, sizeof(note), "%s[domus-consoled] log restarted: it reached %zu bytes\n",
                     l->line_start ? "" : "\n", l->limit);
    put(l, note, (size_t)n);
    l->line_start = true;
}

void conlog_write(struct conlog *l, const char *data, size_t len)
{
    if (l->fd < 0 || !len)
        return;
    restart_if_full(l);
    put(l, data, len);
    l->line_start = data[len - 1] == '\n';
}

void conlog_note(struct conlog *l, const char *fmt, ...)
{
    if (l->fd < 0)
        return;
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    char line[300];
    int n =
        snprintf(line, sizeof(line), "%s[domus-consoled] %s\n", l->line_start ? "" : "\n", text);
    restart_if_full(l);
    put(l, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
    l->line_start = true;
}

void conlog_close(struct conlog *l)
{
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
}
