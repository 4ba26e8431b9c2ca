/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "xsc.h"

static void *must(void *p)
{
    if (!p) {
        fprintf(stderr, "xenstore client: out of memory\n");
        exit(1);
    }
    return p;
}

int xsc_open(struct xsc *c, bool socket_, const char *path)
{
    memset(c, 0, sizeof(*c));
    c->socket = socket_;
    if (!socket_) {
        c->fd = open(path ? path : XSC_DEVICE, O_RDWR | O_CLOEXEC);
        return c->fd < 0 ? -errno : 0;
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (!path)
        path = XSC_SOCKET;
    if (strlen(path) >= sizeof(addr.sun_path))
        return -ENAMETOOLONG;
    strcpy(addr.sun_path, path);
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return -errno;
    if (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        int err = -errno;
        close(c->fd);
        c->fd = -1;
        return err;
    }
    return 0;
}

void xsc_msg_free(struct xsc_msg *m)
{
    free(m->body);
    m->body = NULL;
}

void xsc_close(struct xsc *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c->in);
    for (size_t i = 0; i < c->nr_events; i++)
        xsc_msg_free(&c->events[i]);
    free(c->events);
    memset(c, 0, sizeof(*c));
    c->fd = -1;
}

static int write_all(struct xsc *c, const void *buf, size_t len)
{
    /* The device wants a whole message in one write; so does clarity. */
    const char *p = buf;
    while (len) {
        ssize_t n = c->socket ? send(c->fd, p, len, MSG_NOSIGNAL) : write(c->fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Reads more bytes, waiting until deadline (-1: forever). */
static int fill(struct xsc *c, long deadline)
{
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    long left = deadline < 0 ? -1 : deadline - now_ms();
    /* Past the deadline: one look without waiting (a timeout of 0 asks
     * for what is there already). */
    int rc = poll(&p, 1, left < 0 && deadline >= 0 ? 0 : (int)left);
    if (rc < 0)
        return errno == EINTR ? 0 : -errno;
    if (rc == 0)
        return -ETIMEDOUT;
    if (c->in_room - c->in_len < 8192) {
        c->in_room = c->in_room ? c->in_room * 2 : 16384;
        c->in = must(realloc(c->in, c->in_room));
    }
    ssize_t n = read(c->fd, c->in + c->in_len, c->in_room - c->in_len);
    if (n < 0)
        return errno == EINTR ? 0 : -errno;
    if (n == 0)
        return -ECONNRESET; /* xenstored closed the socket */
    c->in_len += (size_t)n;
    return 0;
}

/* Takes one whole message from what was read: 1, 0 if it is not all
 * there yet, -EPROTO if its length is impossible. */
static int take(struct xsc *c, struct xsc_msg *m)
{
    if (c->in_len < sizeof(m->hdr))
        return 0;
    memcpy(&m->hdr, c->in, sizeof(m->hdr));
    if (m->hdr.len > XENSTORE_PAYLOAD_MAX)
        return -EPROTO;
    size_t total = sizeof(m->hdr) + m->hdr.len;
    if (c->in_len < total)
        return 0;
    m->body = must(malloc(m->hdr.len + 1));
    memcpy(m->body, c->in + sizeof(m->hdr), m->hdr.len);
    m->body[m->hdr.len] = '\0';
    memmove(c->in, c->in + total, c->in_len - total);
    c->in_len -= total;
    return 1;
}

static int next_msg(struct xsc *c, struct xsc_msg *m, long deadline)
{
    int rc;
    while ((rc = take(c, m)) == 0) {
        rc = fill(c, deadline);
        if (rc < 0)
            return rc;
    }
    return rc < 0 ? rc : 0;
}

int xsc_send(struct xsc *c, uint32_t type, uint32_t tx, const void *payload, size_t len,
             const uint32_t *header_len, struct xsc_msg *out)
{
    struct xsd_sockmsg hdr = {.type = type,
                              .req_id = ++c->last_req,
                              .tx_id = tx,
                              .len = header_len ? *header_len : (uint32_t)len};
    char *msg = must(malloc(sizeof(hdr) + len));
    memcpy(msg, &hdr, sizeof(hdr));
    if (len)
        memcpy(msg + sizeof(hdr), payload, len);
    int rc = write_all(c, msg, sizeof(hdr) + len);
    free(msg);
    if (rc < 0)
        return rc;
    long deadline = now_ms() + XSC_REPLY_TIMEOUT_MS;
    for (;;) {
        rc = next_msg(c, out, deadline);
        if (rc < 0)
            return rc;
        if (out->hdr.type == XS_WATCH_EVENT) {
            c->events = must(realloc(c->events, (c->nr_events + 1) * sizeof(*c->events)));
            c->events[c->nr_events++] = *out;
            continue;
        }
        if (out->hdr.req_id == hdr.req_id)
            return 0;
        xsc_msg_free(out); /* a stray reply: not ours */
    }
}

int xsc_call(struct xsc *c, uint32_t type, uint32_t tx, const char *const *strings, unsigned int nr,
             const void *value, size_t len, struct xsc_msg *out)
{
    size_t total = len;
    for (unsigned int i = 0; i < nr; i++)
        total += strlen(strings[i]) + 1;
    /* Over the protocol's limit (through the device, the header counts
     * too): say so rather than send what the kernel or xenstored refuses. */
    if (total > XENSTORE_PAYLOAD_MAX - (c->socket ? 0 : sizeof(struct xsd_sockmsg)))
        return -E2BIG;
    char *payload = must(malloc(total ? total : 1));
    size_t off = 0;
    for (unsigned int i = 0; i < nr; i++) {
        size_t l = strlen(strings[i]) + 1;
        memcpy(payload + off, strings[i], l);
        off += l;
    }
    if (len)
        memcpy(payload + off, value, len);
    int rc = xsc_send(c, type, tx, payload, total, NULL, out);
    free(payload);
    if (rc < 0)
        return rc;
    if (out->hdr.type == XS_ERROR) {
        rc = -xsc_errno(out->body);
        xsc_msg_free(out);
        return rc;
    }
    return 0;
}

int xsc_event(struct xsc *c, struct xsc_msg *out, int timeout_ms)
{
    if (c->nr_events) {
        *out = c->events[0];
        memmove(c->events, c->events + 1, --c->nr_events * sizeof(*c->events));
        return 0;
    }
    long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        int rc = next_msg(c, out, deadline);
        if (rc < 0)
            return rc;
        if (out->hdr.type == XS_WATCH_EVENT)
            return 0;
        xsc_msg_free(out);
    }
}

static const struct {
    int err;
    const char *name;
} names[] = {
#define XSC_ERR(num, str) {num, str},
    XS_WIRE_ERRORS(XSC_ERR)
#undef XSC_ERR
};

int xsc_errno(const char *name)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!strcmp(names[i].name, name))
            return names[i].err;
    }
    return EINVAL;
}

const char *xsc_error_name(int err)
{
    static char other[24];
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].err == -err)
            return names[i].name;
    }
    snprintf(other, sizeof(other), "error %d", -err);
    return other;
}

const char *xsc_type_name(uint32_t type)
{
    static const char *const types[] = {
        "CONTROL",
        "DIRECTORY",
        "READ",
        "GET_PERMS",
        "WATCH",
        "UNWATCH",
        "TRANSACTION_START",
        "TRANSACTION_END",
        "INTRODUCE",
        "RELEASE",
        "GET_DOMAIN_PATH",
        "WRITE",
        "MKDIR",
        "RM",
        "SET_PERMS",
        "WATCH_EVENT",
        "ERROR",
        "IS_DOMAIN_INTRODUCED",
        "RESUME",
        "SET_TARGET",
        NULL,
        "RESET_WATCHES",
        "DIRECTORY_PART",
    };
    return type < sizeof(types) / sizeof(types[0]) ? types[type] : NULL;
}
