/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "conn.h"
#include "log.h"
#include "socket.h"

static void socket_destroy(struct xs_conn *conn)
{
    close(xs_socket_fd(conn));
}

const struct xs_transport xs_socket_transport = {.kind = "socket", .destroy = socket_destroy};

int xs_socket_fd(const struct xs_conn *conn)
{
    return (int)(intptr_t)conn->tp_data;
}

int xs_socket_listen(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(addr.sun_path))
        return -ENAMETOOLONG;
    strcpy(addr.sun_path, path);
    char dir[sizeof(addr.sun_path)];
    strcpy(dir, path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0755);
    }
    unlink(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -errno;
    /* Only root may connect: the socket's clients are privileged. */
    mode_t old = umask(0077);
    int rc = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
    umask(old);
    if (rc < 0 || listen(fd, 16) < 0) {
        rc = -errno;
        close(fd);
        return rc;
    }
    return fd;
}

struct xs_conn *xs_socket_accept(struct xs_core *core, int listen_fd)
{
    static unsigned int serial;
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
        if (errno != EAGAIN && errno != EINTR)
            xs_log("socket: accept: %s", strerror(errno));
        return NULL;
    }
    unsigned int clients = 0;
    for (const struct xs_conn *c = core->conns; c; c = c->next)
        clients += c->tp == &xs_socket_transport;
    if (clients >= XS_SOCKET_MAX_CLIENTS) {
        xs_log("socket: %u clients already: refusing another", clients);
        close(fd);
        return NULL;
    }
    char name[32];
    snprintf(name, sizeof(name), "socket%u", ++serial);
    return xs_conn_new(core, 0, true, name, &xs_socket_transport, (void *)(intptr_t)fd);
}

static bool take_input(struct xs_conn *conn, int fd)
{
    char buf[4096];
    for (;;) {
        size_t room = xs_conn_input_room(conn);
        if (!room)
            return true;
        ssize_t n = read(fd, buf, room < sizeof(buf) ? room : sizeof(buf));
        if (n == 0)
            return false; /* the client hung up */
        if (n < 0)
            return errno == EAGAIN || errno == EINTR;
        xs_conn_input(conn, buf, (size_t)n);
    }
}

static bool give_output(struct xs_conn *conn, int fd)
{
    for (;;) {
        size_t len;
        const void *data = xs_conn_output(conn, &len);
        if (!data)
            return true;
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR;
        xs_conn_output_done(conn, (size_t)n);
    }
}

bool xs_socket_serve(struct xs_conn *conn, bool readable)
{
    int fd = xs_socket_fd(conn);
    bool alive = !readable || take_input(conn, fd);
    alive = give_output(conn, fd) && alive;
    /* A client that broke the protocol goes once its error reply is out. */
    if (conn->error && !xs_conn_has_output(conn))
        return false;
    return alive;
}
